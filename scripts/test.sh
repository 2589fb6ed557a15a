#!/usr/bin/env bash
# Runs the whole test suite: a Release build with warnings as errors, then the same suite
# under AddressSanitizer + UndefinedBehaviorSanitizer, then the concurrency tests under
# ThreadSanitizer. Build folders: build/, build-asan/ and build-tsan/.
set -euo pipefail
cd "$(dirname "$0")/.."
# The tests write drivers files; a group-writable one is refused by design (docs/SECURITY.md).
umask 022
jobs=$(nproc 2>/dev/null || echo 2)

echo "== Release build (warnings are errors)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DPORTACM_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== ASan + UBSan build"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPORTACM_SANITIZE=ON -DPORTACM_WERROR=ON \
      -DPORTACM_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

echo "== ThreadSanitizer: the concurrency tests only"
tsan_tests="test_stress_codecs test_stress_async test_acm_stream_async test_win32_event test_win32_message test_driver_callback test_win32_memory test_timer test_timer_debug_output test_stress_wave test_wave_play test_wave_callbacks test_stress_midi test_midi_stream"
# No -Werror here: gcc warns (-Wtsan) that ThreadSanitizer does not model atomic_thread_fence,
# which the asynchronous streams use; the Release build above already checks the warnings.
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPORTACM_TSAN=ON -DPORTACM_WERROR=OFF \
      -DPORTACM_BUILD_BENCH=OFF >/dev/null
# shellcheck disable=SC2086
cmake --build build-tsan -j"$jobs" --target $tsan_tests
TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/scripts/tsan-suppressions.txt" \
  ctest --test-dir build-tsan --output-on-failure -j"$jobs" \
        -R '^(stress_codecs|stress_async|acm_stream_async|win32_event|win32_message|driver_callback|win32_memory|timer|timer_debug_output|stress_wave|wave_play|wave_callbacks|stress_midi|midi_stream)$'
