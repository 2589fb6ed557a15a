# Regression cases of issue 10 (items 7-11 and 14), sourced by run_cli_tests.sh after its
# helpers (run, check, ok, fail, skip, no_temporaries, $BIN, $CHECK, $WORK). $DRIVER is the
# hostile test driver (hostile_driver.c), installed here through a drivers file of our own.
# Every case is bounded in time (timeouts) and disk (ulimit -f in the subshells that write).

regress_dir=$WORK/regress
mkdir -p "$regress_dir"
cd "$regress_dir" || return

# A WAV file of 16-bit PCM: make_wav NAME CHANNELS RATE FRAMES [JUNK_CHUNKS_BEFORE_DATA]
make_wav() {
  python3 - "$@" <<'EOF'
import math, struct, sys
name, channels, rate, frames = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
junk = int(sys.argv[5]) if len(sys.argv) > 5 else 0
samples = []
for i in range(frames):
    for c in range(channels):
        samples.append(int(9000 * math.sin(2 * math.pi * (220 + 110 * c) * i / rate)) + 5 * c)
data = struct.pack('<%dh' % len(samples), *samples)
fmt = struct.pack('<HHIIHH', 1, channels, rate, rate * channels * 2, channels * 2, 16)
body = b'WAVE' + b'fmt ' + struct.pack('<I', 16) + fmt + (b'JUNK\0\0\0\0' * junk)
body += b'data' + struct.pack('<I', len(data)) + data
open(name, 'wb').write(b'RIFF' + struct.pack('<I', len(body)) + body)
EOF
}

make_wav in8k.wav 1 8000 8192

# ---- item 10: more chunks before data than the reader reads -------------------------------
make_wav many_chunks.wav 1 8000 100 10001
run "regress_cli_too_many_chunks: exit 4" 4 "$BIN" info many_chunks.wav
check "regress_cli_too_many_chunks: the real reason is given" \
  bash -c "grep -q 'more than 10000 chunks' '$WORK/err.txt' && ! grep -q 'no data chunk\$' '$WORK/err.txt'"
run "regress_cli_too_many_chunks: convert exit 4" 4 "$BIN" convert many_chunks.wav many_out.wav
check "regress_cli_too_many_chunks: convert leaves nothing" bash -c "[ ! -e many_out.wav ] && ! ls -a | grep -q portacm-"

# ---- item 11: one channel-mask table for the writer and the PCM converter ------------------
for n in 5 7 8; do
  make_wav "ch$n.wav" "$n" 8000 800
  if ! "$BIN" convert -q "ch$n.wav" "ch${n}_24.wav" --to pcm24 2>"$WORK/err.txt"; then
    fail "regress_cli_channel_mask_$n: convert --to pcm24: $(cat "$WORK/err.txt")"
    continue
  fi
  written=$($CHECK mask "ch${n}_24.wav")
  "$BIN" suggest "ch$n.wav" --to 0xFFFE --json >"sug$n.json" 2>"$WORK/err.txt"
  suggested=$(printf '0x%x' "$($CHECK json "sug$n.json" suggested.dwChannelMask 2>/dev/null || echo 0)")
  check "regress_cli_channel_mask_$n: the file's mask ($written) is the converter's ($suggested)" \
    test "$written" = "$suggested"
  # The converter mixes the plain file exactly as it mixes the file written with the mask.
  "$BIN" convert -q "ch$n.wav" "ch${n}_plain_st.wav" --channels 2 &&
    "$BIN" convert -q "ch${n}_24.wav" "ch${n}_ext_st.wav" --channels 2 --to pcm16
  check "regress_cli_channel_mask_$n: same stereo downmix with and without the written mask" \
    cmp -s <(tail -c 3200 "ch${n}_plain_st.wav") <(tail -c 3200 "ch${n}_ext_st.wav")
done

# ---- item 14: the last partial ADPCM block is padded with silence; fact is the true count --
# (IMA ADPCM at 8 kHz mono: 505 frames per 256-byte block; MS ADPCM: 500 per 256 bytes.)
for case in ima-adpcm:1000 ms-adpcm:1234; do
  target=${case%:*} count=${case#*:}
  name=regress_cli_adpcm_pads_last_block_$target
  make_wav "in$count.wav" 1 8000 "$count"
  "$BIN" convert -q "in$count.wav" "ref$count.wav" --to pcm16
  if ! "$BIN" convert -q "in$count.wav" "pad_$target.wav" --to "$target" 2>"$WORK/err.txt"; then
    fail "$name: $(cat "$WORK/err.txt")"
    continue
  fi
  "$BIN" info --json "pad_$target.wav" >pad.json
  block=$($CHECK json pad.json format.nBlockAlign)
  per_block=$($CHECK json pad.json format.wSamplesPerBlock)
  blocks=$(( (count + per_block - 1) / per_block ))
  check "$name: $blocks whole blocks of $block bytes, fact $count" \
    bash -c "[ \"\$($CHECK json pad.json data.size)\" = $((blocks * block)) ] && [ \"\$($CHECK json pad.json fact.samples)\" = $count ]"
  "$BIN" convert -q "pad_$target.wav" "pad_${target}_dec.wav" --to pcm16
  frames=$(( $($CHECK header "pad_${target}_dec.wav" | cut -d' ' -f8) / 2 ))
  check "$name: decodes to $frames >= $count frames" test "$frames" -ge "$count"
  # The first $count frames are the round trip of the input: the same as a decode of the
  # encoder's output for the input followed by silence up to whole blocks (encoded here).
  make_wav silence_tail.wav 1 8000 $((blocks * per_block))
  python3 - "in$count.wav" silence_tail.wav <<'EOF2'
import sys
src = open(sys.argv[1], 'rb').read()
out = bytearray(open(sys.argv[2], 'rb').read())
body = src[src.index(b'data') + 8:]
at = out.index(b'data') + 8
out[at:] = body + bytes(len(out) - at - len(body))
open(sys.argv[2], 'wb').write(out)
EOF2
  "$BIN" convert -q silence_tail.wav "tail_$target.wav" --to "$target" &&
    "$BIN" convert -q "tail_$target.wav" "tail_${target}_dec.wav" --to pcm16
  check "$name: the first $count frames match the round trip" \
    cmp -s <(tail -c "$((frames * 2))" "pad_${target}_dec.wav" | head -c "$((count * 2))") \
           <(tail -c "$((blocks * per_block * 2))" "tail_${target}_dec.wav" | head -c "$((count * 2))")
  check "$name: the round trip is close to the input" \
    $CHECK compare "pad_${target}_dec.wav" <(tail -c "$((count * 2))" "ref$count.wav") --snr 15 --length prefix
done

if [ -z "$DRIVER" ]; then
  skip "regress_cli hostile-driver cases: no driver given"
  cd "$WORK" || exit 1
  return
fi
printf '[drivers32]\nmsacm.hostile = %s\n' "$DRIVER" >"$regress_dir/drivers.ini"
chmod 644 "$regress_dir/drivers.ini"
export PORTACM_DRIVERS=$regress_dir/drivers.ini

# ---- item 7: a driver's cbSize never widens a copy or a print past the CLI's buffer --------
export PORTACM_TEST_HOSTILE=cbsize
bounded_cbsize() { # JSON PATH: the cbSize there is below the lie (0xFFF0)
  local value
  value=$($CHECK json "$1" "$2") || return 1
  [ "$value" -lt 65520 ] || { echo "cbSize $value taken from the driver"; return 1; }
}
run "regress_cli_cbsize_suggest" 0 "$BIN" suggest in8k.wav --to 0x7A02 --json
cp "$WORK/out.txt" cbsize_suggest.json
check "regress_cli_cbsize_suggest: cbSize bounded by the buffer" bounded_cbsize cbsize_suggest.json suggested.cbSize
run "regress_cli_cbsize_formats_json" 0 "$BIN" formats 0x7A02 --json
cp "$WORK/out.txt" cbsize_formats.json
check "regress_cli_cbsize_formats_json: cbSize bounded by the buffer" \
  bounded_cbsize cbsize_formats.json 0.formats.0.format.cbSize
run "regress_cli_cbsize_formats_verbose" 0 "$BIN" formats 0x7A02 -v
check "regress_cli_cbsize_formats_verbose: cbSize bounded by the buffer" \
  bash -c "! grep -q 'cbSize *65520' '$WORK/out.txt'"
run "regress_cli_cbsize_convert" 0 "$BIN" convert in8k.wav cbsize.wav --to 0x7A02
check "regress_cli_cbsize_convert: the fmt chunk is bounded by the buffer" \
  bash -c "[ \$($CHECK header cbsize.wav | cut -d' ' -f9) -lt 65538 ]"
check "regress_cli_cbsize_convert: the data is the input's" \
  cmp -s <(tail -c 16384 cbsize.wav) <(tail -c 16384 in8k.wav)

# ---- item 8: a conversion that makes no progress or writes without end is stopped ----------
for behaviour in noconsume overproduce; do
  name=regress_cli_runaway_$behaviour
  export PORTACM_TEST_HOSTILE=$behaviour
  mkdir -p "$behaviour"
  # At most 64 MiB may be written and 30 s spent: the unfixed tool is stopped by SIGXFSZ.
  run "$name: exit 1" 1 timeout 30 bash -c "ulimit -f 65536; exec '$BIN' convert in8k.wav '$behaviour/out.wav' --to 0x7A02"
  check "$name: a clear message" grep -Eq 'no progress|more output than' "$WORK/err.txt"
  check "$name: no output and no temporary left" bash -c "[ -z \"\$(ls -A '$behaviour')\" ]"
done

# ---- item 9: no temporary output survives a signal or a driver crash -----------------------
export PORTACM_TEST_HOSTILE=hang
for sig in SIGINT SIGTERM SIGHUP SIGQUIT SIGTRAP SIGUSR1 SIGUSR2 SIGALRM SIGVTALRM SIGPROF SIGXCPU SIGXFSZ \
           SIGSYS SIGIO SIGPWR SIGRTMIN; do
  mkdir -p "sig_$sig"
  result=$($CHECK signal "$sig" "sig_$sig" 1 "$BIN" convert in8k.wav "sig_$sig/out.wav" --to 0x7A02)
  check "regress_cli_signal_$sig: killed by $sig, nothing left ($result)" \
    bash -c "[ '$result' = 'signal $sig seen 1 left 0' ]"
done
export PORTACM_TEST_HOSTILE=crash
mkdir -p crash
result=$($CHECK signal SIGCONT crash 1 "$BIN" convert in8k.wav crash/out.wav --to 0x7A02)
check "regress_cli_driver_crash: a SIGSEGV inside the driver leaves nothing ($result)" \
  bash -c "echo '$result' | grep -Eq '^signal SIG(SEGV|ABRT) seen [01] left 0\$'"
export PORTACM_TEST_HOSTILE=hang
mkdir -p jobs_in jobs_out
for i in $(seq 1 300); do ln -s ../in8k.wav "jobs_in/f$i.wav"; done
result=$($CHECK signal SIGINT jobs_out 300 "$BIN" convert jobs_in/*.wav -o jobs_out -j 300 --to 0x7A02)
check "regress_cli_jobs_300_sigint: 300 temporaries, none left after SIGINT ($result)" \
  bash -c "[ '$result' = 'signal SIGINT seen 300 left 0' ]"
run "cli_jobs_cap: -j above the temporary-file registry is refused" 2 "$BIN" convert in8k.wav -o jobs_out -j 1025
unset PORTACM_TEST_HOSTILE PORTACM_DRIVERS
cd "$WORK" || exit 1
