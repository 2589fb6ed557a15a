#!/bin/sh
# bench_codecs.sh - the comparative codec benchmark: portacm (in-process, through the public ACM
# API: bench_codecs) against ffmpeg, sox and libsndfile's sndfile-convert (whole process) on the
# same input, one table.
#
#   usage: bench/bench_codecs.sh [build-dir] [seconds]        (defaults: build, 600)
#   environment: REPEATS (default 3): best of N for every figure; KEEP=1 keeps the work dir.
#
# 1. sox makes the inputs: `seconds` of 44.1 kHz stereo and of 8 kHz mono, 16-bit, each the mix
#    of speech-like noise bursts (band-limited pink noise, syllable-rate tremolo), two tones and
#    white noise.
# 2. bench_codecs converts them through acmStreamConvert (64 KiB source buffers) and writes each
#    encoded stream as a WAV; it also reports the raw kernel speed on the same samples.
# 3. Each peer tool runs the same conversion as a whole process, output to a tmpfs file (encode
#    rows read the source WAV; decode rows read OUR encoded WAV, so they also show the peers
#    accept what we write). A tool's figure is best-of-N wall time minus its start-up cost,
#    measured as best-of-N of the same command on a 0.1 s input. MB/s are 10^6 bytes of 16-bit
#    PCM: the source for encoders and PCM conversions, the output for decoders.
# ratio = portacm / the fastest peer (>= 1.00: portacm at least as fast).
set -eu

BUILD=${1:-build}
SECONDS_OF_AUDIO=${2:-600}
REPEATS=${REPEATS:-3}
BENCH="$BUILD/bench/bench_codecs"
[ -x "$BENCH" ] || { echo "bench_codecs not built: $BENCH (cmake --build $BUILD)" >&2; exit 1; }
command -v sox >/dev/null 2>&1 || { echo "sox is needed to make the inputs" >&2; exit 1; }

if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    WORK=$(mktemp -d /dev/shm/portacm-bench.XXXXXX)
else
    WORK=$(mktemp -d)
fi
if [ "${KEEP:-0}" = 1 ]; then echo "work dir: $WORK" >&2; else trap 'rm -rf "$WORK"' EXIT; fi

# ---- inputs ----
make_input() { # name rate channels seconds
    s=$4
    sox -q -n -r "$2" -c 1 -b 16 "$WORK/sp.wav" synth "$s" pinknoise band -n 900 1200 tremolo 3.7 90 gain -4
    sox -q -n -r "$2" -c 1 -b 16 "$WORK/t1.wav" synth "$s" sine 440 sine 1250 remix 1,2 gain -12
    sox -q -n -r "$2" -c 1 -b 16 "$WORK/wn.wav" synth "$s" whitenoise gain -34
    sox -q -m -v 1 "$WORK/sp.wav" -v 1 "$WORK/t1.wav" -v 1 "$WORK/wn.wav" -b 16 "$WORK/mono.wav"
    if [ "$3" = 2 ]; then
        # The right channel: the same parts, the speech delayed 0.2 s, another tone.
        sox -q -n -r "$2" -c 1 -b 16 "$WORK/t2.wav" synth "$s" sine 550 sine 1870 remix 1,2 gain -12
        sox -q "$WORK/sp.wav" "$WORK/sp2.wav" delay 0.2 trim 0 "$s"
        sox -q -m -v 1 "$WORK/sp2.wav" -v 1 "$WORK/t2.wav" -v 1 "$WORK/wn.wav" -b 16 "$WORK/right.wav"
        sox -q -M "$WORK/mono.wav" "$WORK/right.wav" -b 16 "$WORK/$1.wav"
    else
        mv "$WORK/mono.wav" "$WORK/$1.wav"
    fi
    rm -f "$WORK"/sp.wav "$WORK"/sp2.wav "$WORK"/t1.wav "$WORK"/t2.wav "$WORK"/wn.wav "$WORK"/right.wav "$WORK"/mono.wav
}
echo "making inputs: $SECONDS_OF_AUDIO s of 44.1 kHz stereo and 8 kHz mono (sox) ..." >&2
make_input 44k1s 44100 2 "$SECONDS_OF_AUDIO"
make_input 8km 8000 1 "$SECONDS_OF_AUDIO"
mkdir -p "$WORK/tiny" "$WORK/full"
sox -q "$WORK/44k1s.wav" "$WORK/tiny/44k1s.wav" trim 0 0.1
sox -q "$WORK/8km.wav" "$WORK/tiny/8km.wav" trim 0 0.1

# ---- portacm ----
echo "portacm (bench_codecs, best of $REPEATS) ..." >&2
"$BENCH" -r "$REPEATS" -w "$WORK/full" "$WORK/44k1s.wav" "$WORK/8km.wav" >"$WORK/portacm.txt" 2>"$WORK/rows.txt"
"$BENCH" -r 1 -w "$WORK/tiny" "$WORK/tiny/44k1s.wav" "$WORK/tiny/8km.wav" >/dev/null 2>&1

# ---- peers ----
now_ns() { date +%s%N; }

# best wall time of "$@" in ns over REPEATS runs, or nothing when the command fails.
best_ns() {
    best=
    i=0
    while [ "$i" -lt "$REPEATS" ]; do
        start=$(now_ns)
        "$@" >/dev/null 2>&1 || return 0
        end=$(now_ns)
        t=$((end - start))
        if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
        i=$((i + 1))
    done
    echo "$best"
}

# The command line of a tool for a row ("" when the tool cannot do it). $1 tool, $2 codec,
# $3 direction, $4 input file, $5 output file.
peer_cmd() {
    tool=$1 codec=$2 dir=$3 in=$4 out=$5
    case "$tool" in
    ffmpeg)
        command -v ffmpeg >/dev/null 2>&1 || return 0
        ff="ffmpeg -nostdin -v error -y -i $in"
        case "$codec/$dir" in
        pcm16to8/convert) echo "$ff -c:a pcm_u8 $out" ;;
        stereo2mono/convert) echo "$ff -ac 1 $out" ;;
        44k1to48k*/convert) echo "$ff -ar 48000 $out" ;;
        ima/encode) echo "$ff -c:a adpcm_ima_wav $out" ;;
        msadpcm/encode) echo "$ff -c:a adpcm_ms $out" ;;
        alaw/encode) echo "$ff -c:a pcm_alaw $out" ;;
        ulaw/encode) echo "$ff -c:a pcm_mulaw $out" ;;
        gsm/encode) echo "$ff -c:a libgsm_ms $out" ;;
        mp3/encode) echo "$ff -c:a libmp3lame -b:a 128k ${out%.wav}.mp3" ;;
        */decode) echo "$ff -c:a pcm_s16le $out" ;;
        esac ;;
    sox)
        command -v sox >/dev/null 2>&1 || return 0
        sx="sox -q -D $in"
        case "$codec/$dir" in
        pcm16to8/convert) echo "$sx -b 8 -e unsigned-integer $out" ;;
        stereo2mono/convert) echo "$sx -c 1 $out" ;;
        44k1to48k*/convert) echo "$sx -r 48000 $out" ;;
        ima/encode) echo "$sx -e ima-adpcm $out" ;;
        msadpcm/encode) echo "$sx -e ms-adpcm $out" ;;
        alaw/encode) echo "$sx -e a-law $out" ;;
        ulaw/encode) echo "$sx -e u-law $out" ;;
        gsm/encode) echo "$sx -e gsm-full-rate $out" ;;
        mp3/*) ;; # sox does not read or write MPEG in a WAV container
        */decode) echo "$sx -e signed-integer -b 16 $out" ;;
        esac ;;
    sndfile)
        command -v sndfile-convert >/dev/null 2>&1 || return 0
        case "$codec/$dir" in
        pcm16to8/convert) echo "sndfile-convert -pcmu8 $in $out" ;;
        ima/encode) echo "sndfile-convert -ima-adpcm $in $out" ;;
        msadpcm/encode) echo "sndfile-convert -ms-adpcm $in $out" ;;
        alaw/encode) echo "sndfile-convert -alaw $in $out" ;;
        ulaw/encode) echo "sndfile-convert -ulaw $in $out" ;;
        gsm/encode) echo "sndfile-convert -gsm610 $in $out" ;;
        mp3/*) ;;
        */decode) echo "sndfile-convert -pcm16 $in $out" ;;
        esac ;; # no channel mixing or resampling in sndfile-convert
    esac
}

# MB/s of a tool for a row: (full - tiny) wall time; "-" when the tool cannot do it.
peer_mbps() { # tool codec dir input-name pcm-bytes
    tool=$1 codec=$2 dir=$3 name=$4 bytes=$5
    if [ "$dir" = decode ]; then
        full_in="$WORK/full/${name}_$codec.wav" tiny_in="$WORK/tiny/${name}_$codec.wav"
    else
        full_in="$WORK/$name.wav" tiny_in="$WORK/tiny/$name.wav"
    fi
    [ -f "$full_in" ] && [ -f "$tiny_in" ] || { echo -; return; }
    cmd=$(peer_cmd "$tool" "$codec" "$dir" "$full_in" "$WORK/out.wav")
    [ -n "$cmd" ] || { echo -; return; }
    tiny_cmd=$(peer_cmd "$tool" "$codec" "$dir" "$tiny_in" "$WORK/out.wav")
    # shellcheck disable=SC2086
    full=$(best_ns $cmd)
    # shellcheck disable=SC2086
    tiny=$(best_ns $tiny_cmd)
    rm -f "$WORK/out.wav" "$WORK/out.mp3"
    if [ -z "$full" ] || [ -z "$tiny" ]; then echo fail; return; fi
    echo "$tool $tiny" >>"$WORK/startup.txt"
    # Less than 5 % of the wall time left after start-up: too close to call ("~").
    awk -v b="$bytes" -v f="$full" -v t="$tiny" 'BEGIN { d = f - t; if (d < 0.05 * f) print "~"; else printf "%.0f", b / (d / 1e9) / 1e6 }'
}

echo "peers (whole process, best of $REPEATS, minus start-up on a 0.1 s input) ..." >&2
: >"$WORK/startup.txt"
: >"$WORK/table.txt"
grep '^ROW' "$WORK/rows.txt" | while read -r _ name codec dir mbps kernel bytes file; do
    if [ "$codec" = memcpy ]; then
        printf '%s %s %s %s - - - - -\n' "$name" "$codec" "$dir" "$mbps" >>"$WORK/table.txt"
        continue
    fi
    ff=$(peer_mbps ffmpeg "$codec" "$dir" "$name" "$bytes")
    sx=$(peer_mbps sox "$codec" "$dir" "$name" "$bytes")
    sf=$(peer_mbps sndfile "$codec" "$dir" "$name" "$bytes")
    printf '%s %s %s %s %s %s %s %s\n' "$name" "$codec" "$dir" "$mbps" "$kernel" "$ff" "$sx" "$sf" >>"$WORK/table.txt"
done

# ---- the table ----
echo
echo "portacm vs peers, $SECONDS_OF_AUDIO s of audio, MB/s of 16-bit PCM (best of $REPEATS)"
awk '
function num(x) { return x ~ /^[0-9.]+$/ ? x + 0 : -1 }
BEGIN { printf "| input | codec | direction | portacm | kernel | ffmpeg | sox | libsndfile | ratio vs fastest peer |\n|---|---|---|---:|---:|---:|---:|---:|---:|\n" }
{
    best = -1; who = "";
    if (num($6) > best) { best = num($6); who = "ffmpeg" }
    if (num($7) > best) { best = num($7); who = "sox" }
    if (num($8) > best) { best = num($8); who = "libsndfile" }
    ratio = best > 0 ? sprintf("%.2f (%s)", $4 / best, who) : "-";
    if ($2 == "memcpy") ratio = "-";
    printf "| %s | %s | %s | %.0f | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, ratio
}' "$WORK/table.txt"
grep '^SKIP' "$WORK/rows.txt" | sed 's/^SKIP /skipped: /' || true
echo
echo "start-up cost (best wall time on the 0.1 s input, ms):"
awk '{ if (!($1 in lo) || $2 < lo[$1]) lo[$1] = $2; if ($2 > hi[$1]) hi[$1] = $2 } END { for (t in lo) printf "  %s %.1f to %.1f\n", t, lo[t] / 1e6, hi[t] / 1e6 }' "$WORK/startup.txt"
echo
echo "in-process detail (bench_codecs):"
cat "$WORK/portacm.txt"
