#!/usr/bin/env bash
# Installs what portacm needs to build and test on Debian 12 (run as root or with sudo).
# The codec libraries are the ones portacm links; ffmpeg, sox, sndfile-programs and lame are
# the independent peers that some tests and the benchmarks compare against.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
packages=(build-essential cmake pkg-config libcmocka-dev procps gdb
          libpulse-dev libasound2-dev pulseaudio pulseaudio-utils alsa-utils mono-devel
          llvm binutils-mingw-w64-x86-64 libfluidsynth-dev timgm6mb-soundfont
          libgsm1-dev libmpg123-dev libmp3lame-dev libsoxr-dev
          ffmpeg sox libsndfile1-dev sndfile-programs lame mpg123 clang python3 valgrind)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
