#!/usr/bin/env bash
# Quick start: install what portacm needs, build it, and run the main job on the bundled
# sample: convert samples/sample.wav through the ACM to IMA ADPCM, back to PCM and to MP3,
# into out/ (gitignored), and show what was produced with `portacm info`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)"
portacm=build/src/cli/portacm
$portacm --version
mkdir -p out
echo "== samples/sample.wav -> out/sample-ima.wav (IMA ADPCM)"
$portacm convert -y -v samples/sample.wav out/sample-ima.wav --to ima-adpcm
echo "== out/sample-ima.wav -> out/sample-roundtrip.wav (16-bit PCM)"
$portacm convert -y -v out/sample-ima.wav out/sample-roundtrip.wav --to pcm16
echo "== samples/sample.wav -> out/sample-mp3.wav (MPEG Layer-3 in WAV, 64 kbit/s)"
$portacm convert -y -v samples/sample.wav out/sample-mp3.wav --to mp3 --bitrate 64
echo
$portacm info out/sample-ima.wav out/sample-roundtrip.wav out/sample-mp3.wav
