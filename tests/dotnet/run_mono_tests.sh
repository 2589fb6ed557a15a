#!/usr/bin/env bash
# Builds C# programs of tests/dotnet with Mono's compiler (each with the shared declarations of
# tests/dotnet/interop/) and runs them on Mono against the library in the build tree, found only
# through its .NET/Mono names (winmm.dll -> libwinmm.dll.so and friends) on LD_LIBRARY_PATH: no
# dllmap, no configuration (a program's own <Name>.exe.config next to its source is copied, as
# a program would ship one).
#   run_mono_tests.sh <libportacm.so> <work folder> [options] Program...
# Options:
#   --wave-driver SO   a drivers file ([drivers32] wave=SO, through PORTACM_DRIVERS) makes the
#                      wave test driver the only device driver; SO is linked into the library
#                      folder as libwavetestdriver.so (the programs read back what it played).
#   --midi-driver SO KNOBS
#                      the drivers file also names the MIDI test driver (midi=SO KNOBS, KNOBS
#                      one argument, e.g. "out=2 in=2 tag=dotnet"); SO is linked into the
#                      library folder as libmiditestdriver.so (the programs read back what it
#                      received and feed its input devices).
#   --acm-driver SO    SO is linked as <work>/lib/libthirdpartyacm.so; PORTACM_TEST_ACM_DRIVER
#                      gives the programs that path.
#   --record SOURCE    parec records SOURCE (s16le 44100 Hz stereo) of the private PulseAudio
#                      server while each program runs; check_sine.py then checks the recording
#                      for the program's 1 kHz sine.
#   --record-check "SCRIPT ARGS"
#                      check the recording with tests/dotnet/SCRIPT RECORDING ARGS instead
#                      (e.g. "check_tone.py 440 1.0").
#   --own-pulse DIR    start a private PulseAudio server of the test's own in DIR
#                      (tests/pulse/pulse_server.sh) for programs that change volumes; stopped
#                      by its pid at the end.
# Each program prints one line per check (ok / FAIL); the script fails if any program does.
set -euo pipefail
library=$1
work=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
wave_driver= midi_driver= midi_knobs= acm_driver= record= own_pulse=
record_check="check_sine.py 1000"
while [ $# -gt 0 ]; do
  case "$1" in
    --wave-driver) wave_driver=$2; shift 2 ;;
    --midi-driver) midi_driver=$2; midi_knobs=$3; shift 3 ;;
    --acm-driver) acm_driver=$2; shift 2 ;;
    --record) record=$2; shift 2 ;;
    --record-check) record_check=$2; shift 2 ;;
    --own-pulse) own_pulse=$2; shift 2 ;;
    *) break ;;
  esac
done
if [ $# -eq 0 ]; then
  echo "usage: $0 <libportacm.so> <work folder> [options] Program..." >&2
  exit 2
fi
if ! command -v mcs >/dev/null || ! command -v mono >/dev/null; then
  echo "mono-devel is not installed (scripts/install-deps.sh installs it): cannot run the .NET tests" >&2
  exit 1
fi
rm -rf "$work" && mkdir -p "$work/lib"
for stem in winmm Winmm msacm32 Msacm32 kernel32 Kernel32; do
  for name in "lib$stem.dll.so" "$stem.dll.so" "lib$stem.so"; do
    ln -s "$library" "$work/lib/$name"
  done
done
if [ -n "$wave_driver" ] || [ -n "$midi_driver" ]; then
  printf '[drivers32]\n' >"$work/drivers.ini"
  if [ -n "$wave_driver" ]; then
    ln -s "$wave_driver" "$work/lib/libwavetestdriver.so"
    printf 'wave=%s\n' "$work/lib/libwavetestdriver.so" >>"$work/drivers.ini"
  fi
  if [ -n "$midi_driver" ]; then
    ln -s "$midi_driver" "$work/lib/libmiditestdriver.so"
    printf 'midi=%s %s\n' "$work/lib/libmiditestdriver.so" "$midi_knobs" >>"$work/drivers.ini"
  fi
  export PORTACM_DRIVERS="$work/drivers.ini"
fi
if [ -n "$acm_driver" ]; then
  ln -s "$acm_driver" "$work/lib/libthirdpartyacm.so"
  export PORTACM_TEST_ACM_DRIVER="$work/lib/libthirdpartyacm.so"
fi
if [ -n "$own_pulse" ]; then
  sh "$here/../pulse/pulse_server.sh" start "$own_pulse"
  trap 'sh "$here/../pulse/pulse_server.sh" stop "$own_pulse"' EXIT
  eval "$(sh "$here/../pulse/pulse_server.sh" env "$own_pulse")"
  export PULSE_SERVER PULSE_CLIENTCONFIG PULSE_RUNTIME_PATH PULSE_STATE_PATH XDG_RUNTIME_DIR HOME
fi

status=0
for name in "$@"; do
  mcs -nologo -warnaserror -out:"$work/$name.exe" "$here/$name.cs" "$here"/interop/*.cs
  if [ -f "$here/$name.exe.config" ]; then
    cp "$here/$name.exe.config" "$work/$name.exe.config"
  fi
  echo "== $name"
  recorder=
  if [ -n "$record" ]; then
    parec -d "$record" --format=s16le --rate=44100 --channels=2 --raw "$work/$name.rec" &
    recorder=$!
    sleep 0.3
  fi
  rc=0
  LD_LIBRARY_PATH="$work/lib" MONO_ENV_OPTIONS= timeout 60 mono "$work/$name.exe" || rc=$?
  if [ "$rc" -gt 128 ] && [ "$rc" -ne 137 ]; then
    # a signal; after "all passed" it came at process exit (the runtime's and portacm's teardown)
    echo "FAIL $name was killed by signal $((rc - 128))" >&2
  fi
  if [ "$rc" -ne 0 ]; then
    echo "FAILED: $name (exit status $rc)" >&2
    status=1
  fi
  if [ -n "$recorder" ]; then
    sleep 0.3
    kill "$recorder" && wait "$recorder" || true
    read -r -a check <<<"$record_check"
    if ! python3 "$here/${check[0]}" "$work/$name.rec" "${check[@]:1}"; then
      echo "FAILED: $name (recording)" >&2
      status=1
    fi
  fi
done
exit $status
