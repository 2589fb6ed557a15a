#!/usr/bin/env bash
# Every non-static symbol of the static library is either public API (exported by the shared
# library) or carries the project prefix pacm_, so linking libportacm.a into someone else's
# program never collides with their names (issue: "no generic global symbols").
# Usage: check_symbols.sh libportacm.a libportacm.so
set -euo pipefail
archive=$1 shared=$2
command -v nm >/dev/null || { echo "nm not found (binutils)"; exit 1; }
public=$(nm -D --defined-only "$shared" | awk 'NF == 3 { print $3 }' | sort -u)
[ -n "$public" ] || { echo "no exported symbols read from $shared"; exit 1; }
defined=$(nm -g --defined-only "$archive" | awk 'NF == 3 { print $3 }' | sort -u)
[ -n "$defined" ] || { echo "no symbols read from $archive"; exit 1; }
# Symbols the compiler makes for its own instrumentation (AddressSanitizer's one-definition-rule
# indicators, __odr_asan.<name>) are not ours to name.
bad=$(comm -23 <(echo "$defined") <(echo "$public") | grep -v -e '^pacm_' -e '^__odr_asan[._]' -e '^__asan_' -e '^__sancov_' || true)
if [ -n "$bad" ]; then
  echo "non-public symbols without the pacm_ prefix in $archive:"
  echo "$bad" | sed 's/^/  /'
  echo "$(echo "$bad" | wc -l) failed"
  exit 1
fi
echo "$(echo "$defined" | wc -l) symbols checked: $(echo "$public" | wc -l) public, the rest prefixed pacm_"
