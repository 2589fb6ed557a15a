#!/usr/bin/env bash
# Installs the build into a temporary prefix and proves the installed layout works the way
# tools outside the project use it: the expected files exist, pkg-config gives the flags, a
# Windows-style program compiles and runs with them, and find_package(portacm) works; a driver
# built with portacm_add_driver and one built with pkg-config's driver flags export DriverProc
# alone and load; and every library name .NET and Mono probe for msacm32.dll, winmm.dll and
# kernel32.dll (docs/dotnet.md) is a relative link that resolves to portacm.
# Usage: run_install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
source_dir=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
fail() { echo "install test: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=lib
[ -d "$prefix/lib" ] || fail "no $prefix/lib"
for f in include/portacm/windows.h include/portacm/mmsystem.h include/portacm/mmreg.h \
         include/portacm/msacm.h include/portacm/msacmdrv.h include/portacm/mmddk.h \
         "$libdir/libportacm.a" "$libdir/pkgconfig/portacm.pc" "$libdir/cmake/portacm/portacmConfig.cmake" \
         bin/portacm; do
  [ -e "$prefix/$f" ] || fail "missing $f"
done
ls "$prefix/$libdir"/libportacm.so.* >/dev/null 2>&1 || fail "missing versioned libportacm.so"
readelf -d "$prefix/$libdir/libportacm.so" | grep -q 'SONAME.*libportacm.so.0' || fail "wrong soname"

export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
cflags=$(pkg-config --cflags portacm)
libs=$(pkg-config --libs portacm)
[[ "$cflags" == *"-I$prefix/include/portacm"* ]] || fail "cflags '$cflags' lack -I$prefix/include/portacm"
[[ "$libs" == *"-lportacm"* ]] || fail "libs '$libs' lack -lportacm"

# Only public symbols are exported.
exported=$(nm -D --defined-only "$prefix/$libdir/libportacm.so" | awk '{print $3}')
internal=$(grep -E '^(pacm_|mem_|handle_|drv_|acm_[a-z]|codec|ima_|g711_|msadpcm_|log_|utf)' <<<"$exported" || true)
[ -z "$internal" ] || fail "internal symbols are exported: $internal"
grep -qx 'acmStreamOpen' <<<"$exported" || fail "acmStreamOpen not exported"
grep -qx 'OpenDriver' <<<"$exported" || fail "OpenDriver not exported"

work=$(mktemp -d)
trap 'rm -rf "$prefix" "$work"' EXIT
cc -std=c11 -Wall -Werror $cflags "$source_dir/tests/install/windows_app.c" -o "$work/app" $libs
LD_LIBRARY_PATH="$prefix/$libdir" "$work/app" > "$work/out.txt" || { cat "$work/out.txt"; fail "pkg-config app failed"; }
grep -q '^ok$' "$work/out.txt" || fail "pkg-config app did not finish"

cmake -S "$source_dir/tests/install/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/consumer" >/dev/null
LD_LIBRARY_PATH="$prefix/$libdir" "$work/consumer/windows_app" | grep -q '^ok$' || fail "find_package app failed"
"$prefix/bin/portacm" --version | grep -q portacm || fail "installed portacm --version failed"

# Drivers: the CMake function (built above by the consumer project) and the pkg-config flags.
driver_cflags=$(pkg-config --variable=driver_cflags portacm)
driver_ldflags=$(pkg-config --variable=driver_ldflags portacm)
[[ "$driver_ldflags" == *"-Bsymbolic"* && "$driver_ldflags" == *"--version-script=$prefix/share/portacm/driver.map"* ]] ||
  fail "driver_ldflags '$driver_ldflags' lack -Bsymbolic or the installed version script"
[ -f "$prefix/share/portacm/driver.map" ] || fail "missing share/portacm/driver.map"
cc -c $driver_cflags $cflags "$source_dir/tests/drivers/binding_driver.c" -o "$work/pc_driver.o"
cc "$work/pc_driver.o" $driver_ldflags -o "$work/pc_driver.so" $libs
for driver in "$work/consumer/cmake_driver.so" "$work/pc_driver.so"; do
  [ -f "$driver" ] || fail "missing $driver"
  exports=$(nm -D --defined-only "$driver" | awk '{print $3}')
  [ "$exports" = "DriverProc" ] || fail "$driver exports '$exports', not DriverProc alone"
  readelf -d "$driver" | grep -q SYMBOLIC || fail "$driver is not linked with -Bsymbolic"
done
cc -std=c11 -Wall -Werror $cflags "$source_dir/tests/install/driver_host.c" -o "$work/driver_host" $libs
LD_LIBRARY_PATH="$prefix/$libdir" "$work/driver_host" "$work/consumer/cmake_driver.so" "$work/pc_driver.so" |
  grep -q '^ok$' || fail "drivers built with portacm_add_driver / pkg-config flags did not work"

# .NET and Mono: every probed name is a relative link to the versioned library and resolves
# through the normal search.
real=$(basename "$(ls "$prefix/$libdir"/libportacm.so.*.*.*)")
names=()
for stem in msacm32 Msacm32 winmm Winmm kernel32 Kernel32; do
  for name in "lib$stem.dll.so" "$stem.dll.so" "lib$stem.so"; do
    [ -L "$prefix/$libdir/$name" ] || fail "missing link $libdir/$name"
    [ "$(readlink "$prefix/$libdir/$name")" = "$real" ] || fail "$libdir/$name does not point to $real"
    names+=("$name")
  done
done
cc -std=c11 -Wall -Werror "$source_dir/tests/install/dotnet_names.c" -o "$work/dotnet_names" -ldl
LD_LIBRARY_PATH="$prefix/$libdir" "$work/dotnet_names" "${names[@]}" > "$work/names.txt" ||
  { cat "$work/names.txt"; fail "a .NET / Mono library name does not resolve"; }
echo "install test: 1 passed, 0 failed"
