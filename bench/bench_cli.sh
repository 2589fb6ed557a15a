#!/usr/bin/env bash
# CLI throughput: a 10-minute file (made with sox) encoded to and decoded from every codec by
# portacm, ffmpeg and sndfile-convert in the same run, then the speed-up of `portacm convert
# -j 2` over -j 1 on many files. Not run by ctest. Usage: bench/bench_cli.sh [PATH/TO/portacm]
# Figures are wall-clock seconds (best of 2) and x real time (600 s of audio / seconds).
set -euo pipefail
BIN=${1:-build/src/cli/portacm}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
for tool in sox ffmpeg sndfile-convert; do
  command -v "$tool" >/dev/null || { echo "bench_cli: $tool is needed" >&2; exit 1; }
done
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -gt 1500000 ] && base=/dev/shm
WORK=$(mktemp -d "$base/portacm-bench-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

# 10 minutes: a sweep and pink noise, 44.1 kHz stereo 16-bit; and 8 kHz mono for GSM.
sox -n -r 44100 -c 2 -b 16 in.wav synth 600 sine 100-8000 pinknoise vol 0.4 2>/dev/null
sox in.wav -r 8000 -c 1 in8k.wav 2>/dev/null

best() { # prints the best wall time of 2 runs of "$@", or "-" when the command fails
  local best_time="" t
  for _ in 1 2; do
    local start end
    start=$(date +%s.%N)
    if ! "$@" </dev/null >/dev/null 2>&1; then echo "-"; return; fi
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc)
    if [ -z "$best_time" ] || [ "$(echo "$t < $best_time" | bc)" = 1 ]; then best_time=$t; fi
  done
  printf "%.2f" "$best_time"
}
speed() { [ "$1" = "-" ] && echo "-" || printf "%.0fx" "$(echo "600 / $1" | bc -l)"; }

printf "%-10s %-7s %16s %16s %16s\n" codec dir portacm ffmpeg sndfile-convert
row() { # codec dir portacm-time ffmpeg-time sndfile-time
  printf "%-10s %-7s %9s %6s %9s %6s %9s %6s\n" "$1" "$2" "$3" "$(speed "$3")" "$4" "$(speed "$4")" "$5" "$(speed "$5")"
}
# name | portacm target | input | ffmpeg codec | sndfile-convert option
while IFS='|' read -r name target input ffcodec sfopt; do
  p=$(best "$BIN" convert -q -y "$input" "p_$name.wav" --to "$target")
  f=$(best ffmpeg -v error -y -i "$input" -c:a "$ffcodec" "f_$name.wav")
  s="-"
  [ "$sfopt" != "-" ] && s=$(best sndfile-convert "$sfopt" "$input" "s_$name.wav")
  row "$name" encode "$p" "$f" "$s"
  # decoding: every tool decodes the file it made itself (portacm: its own output)
  p=$(best "$BIN" convert -q -y "p_$name.wav" "pd_$name.wav" --to pcm16)
  f=$(best ffmpeg -v error -y -i "f_$name.wav" -c:a pcm_s16le "fd_$name.wav")
  s="-"
  [ "$sfopt" != "-" ] && s=$(best sndfile-convert -pcm16 "s_$name.wav" "sd_$name.wav")
  row "$name" decode "$p" "$f" "$s"
done <<'ROWS'
ima-adpcm|ima-adpcm|in.wav|adpcm_ima_wav|-ima-adpcm
ms-adpcm|ms-adpcm|in.wav|adpcm_ms|-ms-adpcm
alaw|alaw|in.wav|pcm_alaw|-alaw
mulaw|mulaw|in.wav|pcm_mulaw|-ulaw
gsm610|gsm610|in8k.wav|libgsm_ms|-gsm610
mp3|mp3|in.wav|libmp3lame|-
float|float|in.wav|pcm_f32le|-float32
ROWS
p=$(best "$BIN" convert -q -y in.wav p_rate.wav --rate 48000)
f=$(best ffmpeg -v error -y -i in.wav -ar 48000 f_rate.wav)
s="-"
row "48k-rate" convert "$p" "$f" "$s"
p=$(best "$BIN" convert -q -y --quality high in.wav p_rateh.wav --rate 48000)
row "48k-high" convert "$p" "-" "-"

# Parallel: 16 files of 60 s each (16 minutes of audio) to IMA ADPCM with -j 1 and -j 2.
mkdir -p many out
sox in.wav many/f01.wav trim 0 60 2>/dev/null
for i in $(seq -w 2 16); do cp many/f01.wav "many/f$i.wav"; done
j1=$(best "$BIN" convert -q -y many/*.wav -o out -j 1 --to ima-adpcm)
j2=$(best "$BIN" convert -q -y many/*.wav -o out -j 2 --to ima-adpcm)
echo
echo "parallel, 16 x 60 s to IMA ADPCM: -j 1 ${j1} s, -j 2 ${j2} s, speed-up $(printf "%.2f" "$(echo "$j1 / $j2" | bc -l)")x ($(nproc) processors)"
