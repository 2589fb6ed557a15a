#!/bin/sh
# Runs a test program under valgrind memcheck (ctest: regress_prepare_probe_valgrind). Any
# memcheck error, including a definite or possible leak, fails the test. No suppression file is
# used: the library must be clean as it is. Exit 77 (ctest SKIP_RETURN_CODE) with the reason
# when valgrind is not installed.
if ! command -v valgrind >/dev/null 2>&1; then
  echo "SKIPPED: valgrind is not installed (scripts/install-deps.sh installs it)"
  exit 77
fi
exec valgrind -q --error-exitcode=1 --leak-check=full "$@"
