#!/usr/bin/env bash
# Regenerates the CLI test vectors: small WAV files written by independent tools (sox,
# ffmpeg, libsndfile's sndfile-convert), the PCM those tools decode them to (ref/*.s16,
# 16-bit little-endian, the reference our decodes are compared with), and edge cases derived
# from those files by edge_cases.py (header surgery no tool does on purpose). Writes
# manifest.txt (what each file is, what independent tools say about it) and versions.txt.
# Usage: tests/vectors/cli/make_vectors.sh   (needs sox, ffmpeg, sndfile-convert, python3)
set -euo pipefail
cd "$(dirname "$0")"
rm -rf tmp ref && mkdir -p tmp ref
rm -f ./*.wav ./*.bin

# Sources: 0.3 s sweeps and tones, loud enough to exercise every codec step.
sox -n -r 8000 -c 1 -b 16 tmp/mono8k.wav synth 0.3 sine 200-3000 vol 0.7
sox -n -r 22050 -c 2 -b 16 tmp/stereo22k.wav synth 0.15 sine 440 sine 660-2000 vol 0.6
sox -n -r 11025 -c 1 -b 16 tmp/mono11k.wav synth 0.3 sine 300-4000 vol 0.6

# --- PCM and float, plain and extensible ---------------------------------------------------
sox tmp/stereo22k.wav pcm16_stereo_sox.wav
sox tmp/mono8k.wav -b 8 -e unsigned-integer pcm8_mono_sox.wav
sox tmp/stereo22k.wav -b 24 pcm24_stereo_sox.wav
sox tmp/mono8k.wav -b 32 -e floating-point float_mono_sox.wav
ffmpeg -v error -f lavfi -i "sine=frequency=500:sample_rate=16000:duration=0.2" \
       -filter_complex "[0]asplit=6[a][b][c][d][e][f];[a][b][c][d][e][f]amerge=inputs=6" \
       -c:a pcm_s16le pcm16_6ch_ffmpeg.wav
sndfile-convert -float32 tmp/stereo22k.wav tmp/float_stereo.wavex
mv tmp/float_stereo.wavex float_stereo_sndfile_wavex.wav

# --- codecs -----------------------------------------------------------------------------
sndfile-convert -ima-adpcm tmp/mono8k.wav ima_mono_sndfile.wav
ffmpeg -v error -i tmp/stereo22k.wav -c:a adpcm_ima_wav ima_stereo_ffmpeg.wav
sox tmp/stereo22k.wav -e ms-adpcm msadpcm_stereo_sox.wav
ffmpeg -v error -i tmp/mono11k.wav -c:a adpcm_ms msadpcm_mono_ffmpeg.wav
sox tmp/mono8k.wav -e a-law alaw_mono_sox.wav
ffmpeg -v error -i tmp/stereo22k.wav -c:a pcm_mulaw mulaw_stereo_ffmpeg.wav
sox tmp/mono8k.wav -e gsm-full-rate gsm_mono_sox.wav
ffmpeg -v error -i tmp/mono8k.wav -c:a libgsm_ms gsm_mono_ffmpeg.wav
ffmpeg -v error -i tmp/stereo22k.wav -c:a libmp3lame -b:a 64k mp3_stereo_ffmpeg.wav

# --- containers ---------------------------------------------------------------------------
ffmpeg -v error -i tmp/mono8k.wav -c:a pcm_s16le -rf64 always rf64_mono_ffmpeg.wav
ffmpeg -v error -i tmp/mono8k.wav -c:a pcm_s16le -f wav - > stream_mono_ffmpeg.wav
sox tmp/mono8k.wav -t wav - > stream_mono_sox.wav

# --- references: what the independent decoders make of each file (sox; ffmpeg for MP3 and
# the 6-channel file). ffmpeg's IMA decoder is not used: it does not follow Windows' arithmetic.
for f in *.wav; do
  case "$f" in
    mp3_*|pcm16_6ch_*) ffmpeg -v error -i "$f" -f s16le -c:a pcm_s16le "ref/${f%.wav}.s16" ;;
    *) sox -D "$f" -t raw -e signed-integer -b 16 -L "ref/${f%.wav}.s16" ;;
  esac
done

# --- edge cases (documented in edge_cases.py) ----------------------------------------------
python3 edge_cases.py

# --- manifest: what independent tools report --------------------------------------------------
{
  echo "# file | ffprobe codec,channels,rate | soxi samples (per channel)"
  for f in *.wav *.bin; do
    probe=$(ffprobe -v error -show_entries stream=codec_name,channels,sample_rate -of csv=p=0 "$f" 2>/dev/null | head -1 || true)
    samples=$(soxi -s "$f" 2>/dev/null || echo "-")
    echo "$f | ${probe:--} | ${samples}"
  done
} > manifest.txt
{
  echo "sox: $(sox --version | head -1)"
  echo "ffmpeg: $(ffmpeg -version | head -1)"
  echo "libsndfile: $(dpkg-query -W -f='${Version}' libsndfile1 2>/dev/null || echo unknown)"
  echo "python3: $(python3 --version)"
} > versions.txt
rm -rf tmp
echo "vectors written: $(ls *.wav *.bin | wc -l) files, $(du -sh . | cut -f1)"
