#!/usr/bin/env bash
# Builds the C# programs of tests/dotnet with Mono's compiler and runs them on Mono against the
# library in the build tree, found only through its .NET/Mono names (winmm.dll → libwinmm.dll.so
# and friends) on LD_LIBRARY_PATH: no dllmap, no configuration.
#   run_mono_tests.sh <libportacm.so> <work folder>
set -euo pipefail
library=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
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
status=0
for source in "$here"/*.cs; do
  name=$(basename "$source" .cs)
  mcs -nologo -warnaserror -out:"$work/$name.exe" "$source"
  echo "== $name"
  if ! LD_LIBRARY_PATH="$work/lib" MONO_ENV_OPTIONS= timeout 60 mono "$work/$name.exe"; then
    echo "FAILED: $name" >&2
    status=1
  fi
done
exit $status
