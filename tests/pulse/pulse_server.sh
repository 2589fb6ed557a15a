#!/bin/sh
# pulse_server.sh start|stop|env DIR - a private PulseAudio server for portacm's tests.
#
# Everything lives in DIR (created if needed): the socket DIR/native, the runtime, state and
# home folders, the client configuration DIR/client.conf (autospawn = no), the log DIR/server.log
# and the pid file DIR/server.pid. The machine's and the user's servers are never touched:
# HOME, XDG_RUNTIME_DIR, PULSE_RUNTIME_PATH and PULSE_STATE_PATH all point into DIR.
#
# The server (started with -n: no default script) has exactly these modules:
#   module-native-protocol-unix  socket=DIR/native auth-anonymous=1
#   module-null-sink             portacm_sink_a (the default sink), 44100 Hz s16le stereo, norewinds=1
#   module-null-sink             portacm_sink_b, 48000 Hz s16le stereo, norewinds=1
#                                (norewinds: a monitor then records exactly what was played)
#   module-null-sink             portacm_sine_feed, 48000 Hz s16le mono, fed by
#   module-sine                  a 440 Hz sine at half full scale, and
#   module-remap-source          portacm_sine over portacm_sine_feed.monitor: a real (non-monitor)
#                                source delivering the sine in real time (the default source;
#                                module-sine-source delivers in 2 s bursts, unusable for timing)
# (and the monitors portacm_sink_a.monitor, portacm_sink_b.monitor, portacm_sine_feed.monitor).
#
#   start DIR  start the server, wait until `pactl info` answers (at most 15 s); exit 1 with
#              the server's log on failure. A server already running from DIR is stopped first.
#   stop DIR   stop the server whose pid is in DIR/server.pid (never by name), wait for it, and
#              remove its folders (socket, runtime, state, configuration, log) and DIR if empty.
#   env DIR    print the environment a client needs (sh syntax: eval "$(pulse_server.sh env DIR)").
set -u
cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop|env DIR" >&2
  exit 2
fi
case "$dir" in /*) ;; *) dir=$(pwd)/$dir ;; esac

print_env() {
  echo "PULSE_SERVER=unix:$dir/native"
  echo "PULSE_CLIENTCONFIG=$dir/client.conf"
  echo "PULSE_RUNTIME_PATH=$dir/runtime"
  echo "PULSE_STATE_PATH=$dir/state"
  echo "XDG_RUNTIME_DIR=$dir/xdg"
  echo "HOME=$dir/home"
}

client_env() {
  export PULSE_SERVER="unix:$dir/native" PULSE_CLIENTCONFIG="$dir/client.conf"
  export PULSE_RUNTIME_PATH="$dir/runtime" PULSE_STATE_PATH="$dir/state"
  export XDG_RUNTIME_DIR="$dir/xdg" HOME="$dir/home"
  unset PULSE_COOKIE 2>/dev/null || true
}

stop_server() {
  [ -f "$dir/server.pid" ] || return 0
  pid=$(cat "$dir/server.pid")
  rm -f "$dir/server.pid"
  case "$pid" in ''|*[!0-9]*) return 0 ;; esac
  kill -TERM "$pid" 2>/dev/null || return 0
  i=0
  while kill -0 "$pid" 2>/dev/null; do
    i=$((i + 1))
    if [ "$i" -ge 50 ]; then kill -KILL "$pid" 2>/dev/null; break; fi
    sleep 0.1
  done
  return 0
}

case "$cmd" in
env)
  print_env
  ;;
stop)
  stop_server
  # nothing of the server stays behind: its socket, runtime, state and configuration folders
  rm -rf "$dir/native" "$dir/runtime" "$dir/state" "$dir/xdg" "$dir/home" "$dir/client.conf" "$dir/server.log"
  rmdir "$dir" 2>/dev/null || true
  ;;
start)
  if [ ${#dir} -gt 90 ]; then
    echo "pulse_server.sh: $dir is too long for a unix socket path (108 bytes); use a shorter folder" >&2
    exit 1
  fi
  if ! command -v pulseaudio >/dev/null 2>&1; then
    echo "pulse_server.sh: pulseaudio is not installed (Debian: apt-get install pulseaudio pulseaudio-utils)" >&2
    exit 1
  fi
  stop_server
  mkdir -p "$dir/runtime" "$dir/state" "$dir/xdg" "$dir/home" || exit 1
  chmod 700 "$dir/runtime" "$dir/xdg" "$dir/home"
  rm -f "$dir/native" "$dir/server.log"
  printf 'autospawn = no\n' >"$dir/client.conf"
  client_env
  # --disallow-exit: nothing may stop it but us; --exit-idle-time=-1: never exits when idle.
  # -n: no default.pa; every module is given here.
  pulseaudio -n --daemonize=no --exit-idle-time=-1 --disallow-exit=yes --use-pid-file=no \
    --system=no --disable-shm=no --log-target=stderr --log-level=notice \
    -L "module-native-protocol-unix socket=$dir/native auth-anonymous=1" \
    -L "module-null-sink sink_name=portacm_sink_a rate=44100 format=s16le channels=2 norewinds=1 sink_properties=device.description=portacm_sink_a" \
    -L "module-null-sink sink_name=portacm_sink_b rate=48000 format=s16le channels=2 norewinds=1 sink_properties=device.description=portacm_sink_b" \
    -L "module-null-sink sink_name=portacm_sine_feed rate=48000 format=s16le channels=1 norewinds=1 sink_properties=device.description=portacm_sine_feed" \
    -L "module-sine sink=portacm_sine_feed frequency=440" \
    -L "module-remap-source source_name=portacm_sine master=portacm_sine_feed.monitor source_properties=device.description=portacm_sine" \
    >"$dir/server.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/server.pid"
  i=0
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "pulse_server.sh: pulseaudio exited during start-up; its log ($dir/server.log):" >&2
      cat "$dir/server.log" >&2
      rm -f "$dir/server.pid"
      exit 1
    fi
    if [ -S "$dir/native" ] && timeout 2 pactl info >/dev/null 2>&1; then
      break
    fi
    i=$((i + 1))
    if [ "$i" -ge 150 ]; then
      echo "pulse_server.sh: the server did not answer within 15 s; its log ($dir/server.log):" >&2
      cat "$dir/server.log" >&2
      stop_server
      exit 1
    fi
    sleep 0.1
  done
  timeout 5 pactl set-default-sink portacm_sink_a >/dev/null 2>&1
  timeout 5 pactl set-default-source portacm_sine >/dev/null 2>&1
  echo "pulse_server.sh: private PulseAudio server pid $pid at unix:$dir/native"
  ;;
*)
  echo "usage: $0 start|stop|env DIR" >&2
  exit 2
  ;;
esac
