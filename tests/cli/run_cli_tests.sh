#!/usr/bin/env bash
# End-to-end tests of the portacm command-line tool on files made by independent tools
# (tests/vectors/cli, see make_vectors.sh there). Decodes are compared with what sox/ffmpeg
# decode the same files to (tests/vectors/cli/ref); our encodes are decoded by sox when it is
# installed. Usage: run_cli_tests.sh PATH/TO/portacm [PATH/TO/cli_hostile_driver.so]
# The regression cases of issue 10 are in regress_cli.sh (the hostile driver's cases need the
# second argument); PORTACM_CLI_TESTS=regress runs only those.
# Prints one line per check, "FAIL: ..." with the reason for failures, and ends with
# "N passed, M failed" (exit status 1 if anything failed).
set -u
BIN=${1:?usage: run_cli_tests.sh PATH/TO/portacm}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
DRIVER=${2:-}
[ -z "$DRIVER" ] || DRIVER=$(cd "$(dirname "$DRIVER")" && pwd)/$(basename "$DRIVER")
HERE=$(cd "$(dirname "$0")" && pwd)
VEC=$HERE/../vectors/cli
REF=$VEC/ref
CHECK="python3 $HERE/cli_check.py"
SAMPLE=$HERE/../../samples/sample.wav
WORK=$(mktemp -d "${TMPDIR:-/tmp}/portacm-cli-tests.XXXXXX")
cd "$WORK" || exit 1

# A watchdog: a portacm started here that runs over 120 s is hung (no command of this script
# takes more than a few seconds). It is reported with every thread's stack and killed, so a hang
# fails the named check with a diagnosis instead of timing out the whole test.
watchdog() {
  while sleep 5; do
    for pid in $(pgrep -f "^$BIN( |\$)" 2>/dev/null); do
      [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$WORK" ] || continue
      [ "$(ps -o etimes= -p "$pid" 2>/dev/null | tr -d ' ')" -gt 120 ] 2>/dev/null || continue
      echo "HANG: $(tr '\0' ' ' <"/proc/$pid/cmdline") (pid $pid) ran over 120 s; its threads:" >&2
      if have gdb; then
        gdb -p "$pid" -batch -ex "thread apply all bt" 2>&1 | grep -E '^(Thread|#)' | head -120 >&2
      fi
      kill -9 "$pid" 2>/dev/null
    done
  done
}
have() { command -v "$1" >/dev/null 2>&1; }
watchdog &
WATCHDOG=$!
trap 'kill "$WATCHDOG" 2>/dev/null; rm -rf "$WORK"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1"; }
skip() { echo "skip $1"; }
have() { command -v "$1" >/dev/null 2>&1; }

# run NAME EXPECTED_STATUS CMD...: runs CMD, stdout to $WORK/out.txt, stderr to $WORK/err.txt
run() {
  local name=$1 expected=$2
  shift 2
  "$@" >"$WORK/out.txt" 2>"$WORK/err.txt"
  local status=$?
  if [ "$status" -eq "$expected" ]; then
    ok "$name"
    return 0
  fi
  fail "$name: exit status $status, expected $expected; stderr: $(head -c 400 "$WORK/err.txt")"
  return 1
}

# check NAME CMD...: passes when CMD succeeds; its output is the failure reason.
check() {
  local name=$1
  shift
  local output
  if output=$("$@" 2>&1); then
    ok "$name${output:+ ($output)}"
  else
    fail "$name: $output"
  fi
}

no_temporaries() {
  if ls -a "$1" | grep -q 'portacm-'; then
    echo "temporary file left behind: $(ls -a "$1" | grep 'portacm-')"
    return 1
  fi
}

if [ "${PORTACM_CLI_TESTS:-}" = regress ]; then
  . "$HERE/regress_cli.sh"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
fi

# ---- basics ----------------------------------------------------------------------------------
run "--version" 0 "$BIN" --version
grep -q '^portacm [0-9]' out.txt || fail "--version prints 'portacm X.Y.Z'"
for cmd in convert info drivers formats suggest; do
  run "$cmd --help" 0 "$BIN" "$cmd" --help
  grep -q "usage: portacm $cmd" out.txt || fail "$cmd --help shows its usage"
done
run "no command: usage error" 2 "$BIN"
run "unknown command" 2 "$BIN" frobnicate
run "unknown option" 2 "$BIN" convert --frobnicate a b
run "convert needs IN OUT" 2 "$BIN" convert "$SAMPLE"
run "unknown format name" 2 "$BIN" convert "$SAMPLE" x.wav --to wma9
run "bad number" 2 "$BIN" convert "$SAMPLE" x.wav --rate 12abc
run "unsupported format tag" 3 "$BIN" convert "$SAMPLE" x.wav --to 0x1234
grep -q "sample.wav: " err.txt || fail "unsupported: the message names the file"
[ ! -e x.wav ] || fail "unsupported: no output left behind"

# ---- drivers / formats / suggest, text and JSON -----------------------------------------------
run "drivers" 0 "$BIN" drivers
for tag in 0x0011 0x0002 0x0006 0x0007 0x0031 0x0055; do
  grep -q "$tag" out.txt || fail "drivers lists format tag $tag"
done
run "drivers --json" 0 "$BIN" drivers --json
cp out.txt drivers.json
check "drivers --json is JSON with short names" $CHECK json drivers.json 0.shortName
run "formats ima-adpcm --json" 0 "$BIN" formats ima-adpcm --json
cp out.txt formats.json
check "formats lists IMA ADPCM formats" bash -c "[ \"\$($CHECK json formats.json 0.formatTag)\" = 17 ] && $CHECK json formats.json 0.formats.0.format.wSamplesPerBlock"
run "formats with an unknown tag name" 2 "$BIN" formats nosuch
run "suggest --json" 0 "$BIN" suggest "$SAMPLE" --to ms-adpcm --json
cp out.txt suggest.json
check "suggest proposes MS ADPCM for the sample" bash -c "[ \"\$($CHECK json suggest.json suggested.wFormatTag)\" = 2 ] && [ \"\$($CHECK json suggest.json suggested.nSamplesPerSec)\" = 22050 ]"

# ---- info on every vector: what portacm reads agrees with soxi/ffprobe (manifest.txt) --------
while IFS='|' read -r file probe samples; do
  file=$(echo "$file" | xargs); probe=$(echo "$probe" | xargs); samples=$(echo "$samples" | xargs)
  case "$file" in \#*|"") continue ;; esac
  [ "$probe" = "-" ] && continue
  case "$file" in stream_mono_ffmpeg.wav|data_size_zero.wav|truncated_*|fact_disagrees_*|zero_block_align_*) continue ;; esac
  rate=$(echo "$probe" | cut -d, -f2); channels=$(echo "$probe" | cut -d, -f3)
  if ! "$BIN" info --json "$VEC/$file" >info.json 2>err.txt; then
    fail "info $file: $(cat err.txt)"
    continue
  fi
  got="$($CHECK json info.json format.nSamplesPerSec),$($CHECK json info.json format.nChannels)"
  if [ "$got" != "$rate,$channels" ]; then
    fail "info $file: rate,channels $got, ffprobe says $rate,$channels"
    continue
  fi
  if [ "$samples" != "-" ] && [ "$(echo "$probe" | cut -d, -f1)" != mp3 ]; then
    got=$($CHECK json info.json samples)
    fact=$($CHECK json info.json fact.samples 2>/dev/null)
    # soxi counts whole blocks; a fact chunk that agrees with the data is the exact count.
    if [ "$got" != "$samples" ] && [ "$got" != "$fact" ]; then
      fail "info $file: $got samples, soxi says $samples"
      continue
    fi
  fi
  ok "info $file agrees with ffprobe/soxi ($rate Hz, $channels ch, $samples samples)"
done <"$VEC/manifest.txt"

# ---- decode every codec and layout; compare with the independent decoders ----------------
decode_check() { # FILE MODE... : convert to pcm16 and compare with ref/FILE.s16
  local file=$1 ref=$REF/${1%.wav}.s16
  shift
  if ! "$BIN" convert -q "$VEC/$file" "dec_$file" --to pcm16 2>err.txt; then
    fail "decode $file: $(cat err.txt)"
    return
  fi
  check "decode $file matches the reference" $CHECK compare "dec_$file" "$ref" "$@"
}
for f in pcm16_stereo_sox.wav pcm8_mono_sox.wav pcm24_stereo_sox.wav float_mono_sox.wav pcm16_6ch_ffmpeg.wav \
         ima_mono_sndfile.wav ima_stereo_ffmpeg.wav msadpcm_stereo_sox.wav msadpcm_mono_ffmpeg.wav \
         alaw_mono_sox.wav mulaw_stereo_ffmpeg.wav gsm_mono_sox.wav gsm_mono_ffmpeg.wav \
         rf64_mono_ffmpeg.wav stream_mono_ffmpeg.wav stream_mono_sox.wav; do
  decode_check "$f" --exact
done
decode_check float_stereo_sndfile_wavex.wav --snr 85
decode_check mp3_stereo_ffmpeg.wav --snr 60
check "6-channel output keeps WAVE_FORMAT_EXTENSIBLE" bash -c "$CHECK header dec_pcm16_6ch_ffmpeg.wav | grep -q ' 40\$'"

# ---- edge cases ----------------------------------------------------------------------------
edge_ok() { # FILE REFERENCE WARNING-REGEX : converts (exit 0), exact decode, warning shown
  local file=$1 ref=$2 warning=$3
  if ! "$BIN" convert "$VEC/$file" "edge_$file" --to pcm16 2>err.txt; then
    fail "edge $file: $(cat err.txt)"
    return
  fi
  if [ -n "$warning" ] && ! grep -Eq "$warning" err.txt; then
    fail "edge $file: no warning matching '$warning' (stderr: $(cat err.txt))"
    return
  fi
  check "edge $file decodes exactly${warning:+, warns}" $CHECK compare "edge_$file" "$REF/$ref" --exact
}
edge_ok list_before_fmt.wav pcm16_stereo_sox.s16 ""
edge_ok odd_unpadded.wav pcm16_stereo_sox.s16 "not padded"
edge_ok data_size_zero.wav pcm16_stereo_sox.s16 "streaming writer"
edge_ok garbage_chunk_id.wav pcm16_stereo_sox.s16 "invalid id"
edge_ok fmt18_pcm.wav pcm16_stereo_sox.s16 ""
edge_ok data_before_fmt.wav pcm16_stereo_sox.s16 ""
edge_ok riff_size_wrong.wav pcm16_stereo_sox.s16 "RIFF size"
edge_ok cbsize_too_big.wav ima_mono_sndfile.s16 "cbSize 100"

run "data before fmt from a pipe is refused" 4 bash -c "cat '$VEC/data_before_fmt.wav' | '$BIN' convert - pipe.wav"
grep -q "before the fmt chunk" err.txt || fail "data before fmt from a pipe: clear reason"

run "zero block align is refused" 4 "$BIN" convert "$VEC/zero_block_align_msadpcm.wav" zero.wav
grep -q "zero_block_align_msadpcm.wav: MS ADPCM block align 0 is invalid" err.txt ||
  fail "zero block align: one clear line naming the file (got: $(cat err.txt))"
[ "$(wc -l <err.txt)" -eq 1 ] || fail "zero block align: exactly one line on stderr"
[ ! -e zero.wav ] || fail "zero block align: no output left"
check "zero block align: no temporary file" no_temporaries .
run "fmt too short is refused" 4 "$BIN" info "$VEC/fmt_too_short.wav"
run "not a WAV file is refused" 4 "$BIN" convert "$VEC/not_a_wav.bin" nowav.wav
grep -q "not_a_wav.bin: not a WAV file" err.txt || fail "not a WAV: clear reason"
run "missing input" 4 "$BIN" convert nosuchfile.wav out.wav
grep -q "nosuchfile.wav: no such file" err.txt || fail "missing input: clear reason"

# truncated: decodes what is there (two whole blocks and the partial third), with a warning
run "truncated MS ADPCM converts" 0 "$BIN" convert "$VEC/truncated_msadpcm.wav" trunc.wav
grep -q "truncated" err.txt || fail "truncated: warns"
check "truncated decode is an exact prefix of the full decode" $CHECK compare trunc.wav "$REF/msadpcm_stereo_sox.s16" --exact --length prefix
run "info on a truncated file" 0 "$BIN" info --json "$VEC/truncated_msadpcm.wav"
cp out.txt trunc.json
check "info marks the data truncated" bash -c "[ \"\$($CHECK json trunc.json data.truncated)\" = True ]"

# fact disagreement: reported; default decodes everything (Windows); trim; strict
run "info reports the fact disagreement" 0 "$BIN" info --json "$VEC/fact_disagrees_ima.wav"
cp out.txt fact.json
check "fact.disagrees is true" bash -c "[ \"\$($CHECK json fact.json fact.disagrees)\" = True ]"
run "fact: default decodes all the data" 0 "$BIN" convert "$VEC/fact_disagrees_ima.wav" fact_all.wav
grep -q "fact chunk says" err.txt || fail "fact: the disagreement is reported on stderr"
check "fact all: the full decode" $CHECK compare fact_all.wav "$REF/ima_mono_sndfile.s16" --exact
half=$(( $(stat -c %s "$REF/ima_mono_sndfile.s16") / 2 / 2 ))
run "fact trim" 0 "$BIN" convert --fact trim "$VEC/fact_disagrees_ima.wav" fact_trim.wav
check "fact trim: stops at the fact count ($half)" $CHECK compare fact_trim.wav "$REF/ima_mono_sndfile.s16" --exact --length "$half"
run "fact strict refuses" 4 "$BIN" convert --fact strict "$VEC/fact_disagrees_ima.wav" fact_strict.wav
[ ! -e fact_strict.wav ] || fail "fact strict: no output"

# unknown chunks: skipped by default, kept with --keep-chunks
run "keep chunks" 0 "$BIN" convert --keep-chunks "$VEC/list_before_fmt.wav" kept.wav --to ima-adpcm
"$BIN" info kept.wav >kept.txt 2>&1
check "--keep-chunks copies LIST and the unknown chunk" bash -c "grep -q 'LIST' kept.txt && grep -q 'abcd' kept.txt"
check "default skips unknown chunks" bash -c "! '$BIN' info edge_list_before_fmt.wav | grep -q LIST"

# ---- encoding: every target, checked by an independent decoder ----------------------------
for target in pcm8 pcm16 pcm24 pcm32 float ima-adpcm ms-adpcm alaw mulaw gsm610 mp3; do
  if ! "$BIN" convert -q "$SAMPLE" "enc_$target.wav" --to "$target" 2>err.txt; then
    fail "encode $target: $(cat err.txt)"
    continue
  fi
  "$BIN" info --json "enc_$target.wav" >enc.json 2>err.txt || { fail "encode $target: info fails: $(cat err.txt)"; continue; }
  case $target in
    pcm*) ;;
    *) [ "$($CHECK json enc.json fact.samples 2>/dev/null)" != "" ] || { fail "encode $target: no fact chunk"; continue; } ;;
  esac
  if have sox; then
    sox -D "enc_$target.wav" -t raw -e signed-integer -b 16 -L "enc_$target.s16" 2>/dev/null
    if have ffmpeg && [ "$target" = mp3 ]; then
      ffmpeg -v error -y -i "enc_$target.wav" -f s16le -c:a pcm_s16le "enc_$target.s16"
    fi
    "$BIN" convert -q "$SAMPLE" orig.wav --to pcm16 -y
    case $target in
      pcm16|pcm24|pcm32|float) floor=90 ;;
      pcm8|alaw|mulaw) floor=20 ;;
      ima-adpcm|ms-adpcm) floor=18 ;;
      gsm610) floor=8 ;;
      mp3) floor=15 ;;
    esac
    shift_frames=0
    [ "$target" = mp3 ] && shift_frames=2400 # the encoder delay
    # GSM 6.10 output is mono (the codec is mono only): compare with the mono mix.
    if [ "$target" = gsm610 ]; then
      "$BIN" convert -q "$SAMPLE" orig.wav --to pcm16 --channels 1 -y
      sox -D "enc_$target.wav" -t raw -e signed-integer -b 16 -L "enc_$target.s16" 2>/dev/null
    fi
    check "encode $target: sox decodes it (SNR >= $floor dB)" $CHECK compare orig.wav "enc_$target.s16" --snr $floor --length prefix --shift $shift_frames
  else
    skip "encode $target: sox not installed, no independent decode"
  fi
done

# ---- chains, options, quality, driver ------------------------------------------------------
run "chain: IMA ADPCM to MS ADPCM mono 8 kHz" 0 "$BIN" convert -v "$VEC/ima_stereo_ffmpeg.wav" chain.wav --to ms-adpcm --rate 8000 --channels 1
check "chain: -v names every step and driver" bash -c "grep -c 'step [0-9]/' err.txt | grep -q '^[3-9]' && grep -q 'driver' err.txt"
check "chain: output format" bash -c "$CHECK header chain.wav | grep -q '^RIFF 2 1 8000 '"
run "--quality high" 0 "$BIN" convert --quality high "$SAMPLE" hq.wav --rate 44100
check "--quality high: 44.1 kHz, twice the frames" bash -c "[ \"\$($CHECK header hq.wav | cut -d' ' -f8)\" = 1058400 ]"
run "--block-align for IMA ADPCM" 0 "$BIN" convert "$SAMPLE" ba.wav --to ima-adpcm --block-align 512
check "--block-align 512 written" bash -c "$CHECK header ba.wav | grep -q '^RIFF 17 2 22050 4 512 '"
run "--bitrate for MP3" 0 "$BIN" convert "$SAMPLE" br.wav --to mp3 --bitrate 32
check "--bitrate 32 gives 4000 bytes/s" bash -c "'$BIN' info --json br.wav > br.json && [ \"\$($CHECK json br.json format.nAvgBytesPerSec)\" = 4000 ]"
run "--driver by name" 0 "$BIN" convert -v --driver MS-ADPCM "$SAMPLE" drv.wav --to ms-adpcm
grep -q "MS-ADPCM" err.txt || fail "--driver: -v shows the driver"
run "--driver unknown" 2 "$BIN" convert --driver nosuchdriver "$SAMPLE" drv2.wav

# ---- files: existing outputs, input untouched, stdin/stdout, parallel -----------------------
cp "$SAMPLE" input.wav
sum_before=$(md5sum input.wav | cut -d' ' -f1)
echo "keep me" >exists.wav
run "existing output is not replaced" 5 "$BIN" convert input.wav exists.wav --to alaw
check "existing output unchanged" grep -q "keep me" exists.wav
run "-y replaces" 0 "$BIN" convert -y input.wav exists.wav --to alaw
check "replaced output is a WAV" bash -c "$CHECK header exists.wav | grep -q '^RIFF 6 '"
run "output = input is refused" 2 "$BIN" convert -y input.wav input.wav
check "input never modified" bash -c "[ \"\$(md5sum input.wav | cut -d' ' -f1)\" = $sum_before ]"
check "no temporary files" no_temporaries .

run "stdin to stdout (pipe)" 0 bash -c "cat input.wav | '$BIN' convert - - --to ima-adpcm | cat > piped.wav"
check "pipe output has streaming sizes" bash -c "od -A n -t x4 -j 4 -N 4 piped.wav | grep -q ffffffff"
run "info reads a streamed file" 0 "$BIN" info piped.wav
check "a streamed file decodes like the file output" bash -c "'$BIN' convert -q piped.wav p1.wav && '$BIN' convert -q enc_ima-adpcm.wav p2.wav && cmp -s p1.wav p2.wav"
run "stdout redirected to a file is patched" 0 bash -c "'$BIN' convert input.wav - --to mulaw > redirected.wav"
check "redirected output has real sizes" bash -c "$CHECK header redirected.wav | grep -q '^RIFF 7 2 22050 8 2 132300 264600'"
run "stdin from a pipe to a file" 0 bash -c "cat input.wav | '$BIN' convert - fromstdin.wav --to pcm16"
check "stdin conversion equals the input" bash -c "cmp -s fromstdin.wav input.wav"

mkdir -p many outdir
for i in 1 2 3 4 5 6; do cp "$VEC/ima_stereo_ffmpeg.wav" "many/f$i.wav"; done
cp "$VEC/zero_block_align_msadpcm.wav" many/bad.wav
run "parallel: one bad file fails the batch" 4 "$BIN" convert many/*.wav -o outdir -j 2 --to pcm16
check "parallel: the good files are converted" bash -c "[ \$(ls outdir | wc -l) -eq 6 ]"
check "parallel: outputs are exact" $CHECK compare outdir/f4.wav "$REF/ima_stereo_ffmpeg.s16" --exact
check "parallel: no temporary files" no_temporaries outdir
rm many/bad.wav
run "parallel: -y over existing outputs" 0 "$BIN" convert many/*.wav -o outdir -j 3 --to pcm16 -y

# ---- RF64 ---------------------------------------------------------------------------------
run "--rf64 always" 0 "$BIN" convert --rf64 always "$SAMPLE" rf.wav --to ima-adpcm
check "--rf64 always writes RF64 with ds64" bash -c "$CHECK header rf.wav | grep -q '^RF64 17 '"
if have ffprobe; then
  check "ffprobe reads our RF64" bash -c "ffprobe -v error -show_entries stream=codec_name -of csv=p=0 rf.wav | grep -q adpcm_ima_wav"
fi
run "promotion to RF64 when the size limit is passed" 0 env PORTACM_CLI_RF64_LIMIT=100000 "$BIN" convert "$SAMPLE" promoted.wav
check "promoted file is RF64 and decodes exactly" bash -c "$CHECK header promoted.wav | grep -q '^RF64 1 2 22050 16 4 - 529200' && cmp -s <(tail -c 529200 promoted.wav) <(tail -c 529200 input.wav)"

# A >4 GiB RF64 input, sparse: ds64 says 5 GiB of data; info, then a bounded prefix streamed.
python3 - <<'EOF'
import struct
size = 5 * 1024 ** 3
fmt = struct.pack('<HHIIHH', 1, 2, 44100, 176400, 4, 16)
header = b'RF64' + struct.pack('<I', 0xFFFFFFFF) + b'WAVE'
header += b'ds64' + struct.pack('<IQQQI', 28, 4 + 36 + 24 + 8 + size, size, size // 4, 0)
header += b'fmt ' + struct.pack('<I', 16) + fmt + b'data' + struct.pack('<I', 0xFFFFFFFF)
f = open('huge.wav', 'wb')
f.write(header)
f.write(b'\x01\x00\x02\x00' * 4096)
f.truncate(len(header) + size)
f.close()
EOF
blocks=$(stat -c %b huge.wav 2>/dev/null || echo 0)
if [ "$blocks" -gt 100000 ]; then
  skip "sparse RF64 > 4 GiB: this file system does not support sparse files"
  rm -f huge.wav
else
  run "info on a 5 GiB RF64 file" 0 "$BIN" info --json huge.wav
  cp out.txt huge.json
  check "RF64 data size from ds64 (5 GiB)" bash -c "[ \"\$($CHECK json huge.json data.size)\" = 5368709120 ] && [ \"\$($CHECK json huge.json container)\" = RF64 ]"
  check "RF64 duration 30434.9 s" bash -c "$CHECK json huge.json duration | grep -q '^30434\\.8'"
  run "bounded prefix of a 5 GiB RF64 through a pipe" 0 bash -c "head -c 1048680 huge.wav | '$BIN' convert - prefix.wav --to ima-adpcm"
  grep -q "truncated" err.txt || fail "RF64 prefix: truncation reported"
  check "RF64 prefix: 262150 frames encoded (1048600 bytes after the 80-byte header)" bash -c "'$BIN' info --json prefix.wav > prefix.json && [ \"\$($CHECK json prefix.json fact.samples)\" = 262150 ]"
  rm -f huge.wav
fi

# ---- raw MPEG audio input (.mp3/.mp2 without a RIFF header) --------------------------------
MP3=$HERE/../vectors/mp3
run "info on a raw .mp3" 0 "$BIN" info --json "$MP3/music44s.lame128.mp3"
cp out.txt mp3info.json
check "raw .mp3: container MPEG audio, Layer-3 44.1 kHz stereo 128 kbit/s" bash -c "[ \"\$($CHECK json mp3info.json container)\" = 'MPEG audio' ] && [ \"\$($CHECK json mp3info.json format.wFormatTag)\" = 85 ] && [ \"\$($CHECK json mp3info.json format.nChannels)\" = 2 ] && [ \"\$($CHECK json mp3info.json format.nAvgBytesPerSec)\" = 16000 ]"
run "convert a raw .mp3" 0 "$BIN" convert -q "$MP3/music44s.lame128.mp3" rawmp3.wav
check "raw .mp3 decodes within 1 LSB of ffmpeg" $CHECK compare rawmp3.wav "$MP3/music44s.lame128.mp3.ffmpeg.wav" --within 1
run "convert a raw .mp2 (Layer II)" 0 "$BIN" convert -q "$MP3/speech22m.mp2" rawmp2.wav
check "raw .mp2 decodes within 1 LSB of ffmpeg" $CHECK compare rawmp2.wav "$MP3/speech22m.mp2.ffmpeg.wav" --within 1
# LAME's Info frame is left out (it would decode as a frame of silence): the same samples as
# the stream without it, read from a pipe.
run "convert a .mp3 with an Info frame from a pipe" 0 bash -c "cat '$MP3/music44s.lametag.mp3' | '$BIN' convert -q --no-gapless - lametag.wav"
check "the Info frame is left out" bash -c "cmp -s <(tail -c 41472 lametag.wav) <(tail -c 41472 rawmp3.wav) && [ \"\$($CHECK header lametag.wav | cut -d' ' -f8)\" = 41472 ]"
# Gapless by default: LAME's tag says 576 samples of encoder delay and 972 of padding in front
# of and after the 0.2 s (8820 samples) it was given; with the decoder's 529, the output is
# the --no-gapless one from sample 1105 on, 8820 samples long.
run "convert a .mp3 with LAME's tag (gapless)" 0 "$BIN" convert -q "$MP3/music44s.lametag.mp3" gapless.wav
check "gapless: 8820 samples, the untrimmed decode from sample 1105" bash -c "[ \"\$($CHECK header gapless.wav | cut -d' ' -f8)\" = 35280 ] && cmp -s <(tail -c 35280 gapless.wav) <(tail -c 41472 lametag.wav | head -c \$((1105 * 4 + 35280)) | tail -c 35280)"
run "info shows the gapless figures" 0 "$BIN" info --json "$MP3/music44s.lametag.mp3"
cp out.txt gapinfo.json
check "info: delay 576, padding 972, 8820 samples" bash -c "[ \"\$($CHECK json gapinfo.json gapless.encoderDelay)\" = 576 ] && [ \"\$($CHECK json gapinfo.json gapless.padding)\" = 972 ] && [ \"\$($CHECK json gapinfo.json samples)\" = 8820 ]"
# ID3v2 in front (its text full of copies of a frame header), ID3v1 behind: the same samples,
# from a file and from a pipe.
python3 -c "
import sys
mp3 = open(sys.argv[1], 'rb').read()
body = (mp3[:4] + b'tag text ') * 60
tag = b'ID3\x03\x00\x00' + bytes([0, 0, len(body) >> 7, len(body) & 0x7F]) + body
open('tagged.mp3', 'wb').write(tag + mp3 + b'TAG' + bytes(125))
" "$MP3/music44s.lame128.mp3"
run "convert a .mp3 with ID3v2 and ID3v1 tags" 0 "$BIN" convert -q tagged.mp3 tagged.wav
check "tags change nothing" bash -c "cmp -s <(tail -c 41472 tagged.wav) <(tail -c 41472 rawmp3.wav) && [ \"\$($CHECK header tagged.wav | cut -d' ' -f8)\" = 41472 ]"
run "tagged .mp3 from a pipe" 0 bash -c "cat tagged.mp3 | '$BIN' convert -q - tagged_pipe.wav"
check "tagged .mp3 from a pipe: the same samples" bash -c "cmp -s <(tail -c 41472 tagged_pipe.wav) <(tail -c 41472 rawmp3.wav)"
# A .mp3 output name: MPEG Layer-3 without --to, written raw (no RIFF header): an Info frame
# with LAME's delay and padding, then exactly the frames the same encode puts in a WAV file.
# Read back, it is gapless: the input's samples exactly (and so for mpg123 when installed).
run "convert to a .mp3 name" 0 "$BIN" convert -q "$SAMPLE" out.mp3
check "the .mp3 is raw frames (no RIFF header)" bash -c "[ \"\$(head -c 2 out.mp3 | od -A n -t x1 | tr -d ' ')\" = fff3 ]"
run "the same encode into a WAV file" 0 "$BIN" convert -q "$SAMPLE" out_mp3.wav --to mp3
run "info on the written .mp3" 0 "$BIN" info --json out.mp3
cp out.txt outmp3.json
check "it starts with an Info frame: delay 576, the input's 132300 samples" bash -c "[ \"\$($CHECK json outmp3.json vbrHeaderFrame)\" = True ] && [ \"\$($CHECK json outmp3.json gapless.encoderDelay)\" = 576 ] && [ \"\$($CHECK json outmp3.json gapless.samples)\" = 132300 ]"
check "after it, exactly the WAV file's data" bash -c "cmp -s <(tail -c +\$((\$($CHECK json outmp3.json data.offset) + 1)) out.mp3) <($CHECK data out_mp3.wav)"
run "the .mp3 read back" 0 "$BIN" convert -q out.mp3 back.wav
check "read back gapless: 132300 samples, as the input" bash -c "[ \"\$($CHECK header back.wav | cut -d' ' -f8)\" = \$((132300 * 4)) ]"
if have mpg123; then
  check "mpg123 reads it gapless too (132300 samples)" bash -c "mpg123 -q -w mpg123back.wav out.mp3 && [ \"\$($CHECK header mpg123back.wav | cut -d' ' -f8)\" = \$((132300 * 4)) ]"
else
  skip "mpg123 reading the written .mp3: the mpg123 tool is not installed"
fi
run "a .mp3 name with --to ima-adpcm" 0 "$BIN" convert "$SAMPLE" ima.mp3 --to ima-adpcm
check "is written as a WAV file, with a warning" bash -c "[ \"\$(head -c 4 ima.mp3)\" = RIFF ] && grep -q 'written as a WAV file' err.txt"
check "no temporary files after the .mp3 outputs" no_temporaries .
head -c 8000 /dev/urandom > noise.bin
run "neither WAV nor MPEG audio is refused" 4 "$BIN" convert noise.bin noise.wav
check "the message says so" grep -q "nor MPEG audio" err.txt

# ---- issue 10 regressions -------------------------------------------------------------------
. "$HERE/regress_cli.sh"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
