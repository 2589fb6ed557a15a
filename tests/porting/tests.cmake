# Windows sources on Linux (issue 13): a DDK-style ACM codec (tests/porting/gainacm) built
# unchanged with -fshort-wchar into gainacm.acm, its .rc compiled by a real resource compiler
# (portacm_add_resources), and a client that finds *.acm in the system folder, loads them with
# LoadLibrary and adds them with acmDriverAdd. Included from tests/CMakeLists.txt.
find_program(PORTING_RC NAMES llvm-rc llvm-rc-19 llvm-rc-18 llvm-rc-17 llvm-rc-16 llvm-rc-15 llvm-rc-14
             x86_64-w64-mingw32-windres i686-w64-mingw32-windres windres)
if(NOT PORTING_RC AND NOT PORTACM_RC_COMPILER)
  # No resource compiler: the tests cannot be built, so a test says why and fails (not a skip).
  add_test(NAME porting COMMAND sh -c
           "echo 'tests/porting needs a resource compiler: install llvm (llvm-rc) or binutils-mingw-w64-x86-64 (windres)'; exit 1")
  return()
endif()
set(porting_driver_dir ${CMAKE_CURRENT_BINARY_DIR}/porting-drivers)
# NO_LINK: the test program carries portacm (statically) and exports it, so the driver uses
# the same runtime (handles, registry) as the program that loads it.
portacm_add_driver(porting_gainacm porting/gainacm/gainacm.c NO_LINK)
set_target_properties(porting_gainacm PROPERTIES OUTPUT_NAME gainacm SUFFIX .acm
                      LIBRARY_OUTPUT_DIRECTORY ${porting_driver_dir})
target_compile_options(porting_gainacm PRIVATE -fshort-wchar)
portacm_add_resources(porting_gainacm porting/gainacm/gainacm.rc DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/porting/gainacm/resource.h)
portacm_test(porting SOURCES porting/test_porting.c)
target_include_directories(test_porting PRIVATE ${PROJECT_SOURCE_DIR}/src/driver)
add_dependencies(test_porting porting_gainacm)
set_tests_properties(porting PROPERTIES ENVIRONMENT
  "PORTACM_DRIVERS=${CMAKE_CURRENT_BINARY_DIR}/none.ini;XDG_CONFIG_HOME=${CMAKE_CURRENT_BINARY_DIR}/xdg-porting;PORTACM_DRIVER_PATH=${porting_driver_dir}")
# The program exports portacm's functions for the driver; the ones only the driver calls are
# pulled out of the static library by name.
set_target_properties(test_porting PROPERTIES ENABLE_EXPORTS ON)
foreach(symbol RegOpenKeyExW RegQueryValueExW RegCloseKey DialogBoxParamW EndDialog LoadStringW LocalAlloc LocalFree
               GetDriverModuleHandle DefDriverProc)
  target_link_options(test_porting PRIVATE "LINKER:--undefined=${symbol}")
endforeach()
# A program's own resources: FindResource(NULL, ...) and LoadString(NULL, ...).
portacm_test(porting_program SOURCES porting/test_porting_program.c)
portacm_add_resources(test_porting_program porting/program.rc)
# The same program with windres (binutils-mingw-w64) where it is installed: both compilers.
find_program(PORTING_WINDRES NAMES x86_64-w64-mingw32-windres i686-w64-mingw32-windres windres)
if(PORTING_WINDRES)
  portacm_test(porting_program_windres SOURCES porting/test_porting_program.c)
  portacm_add_resources(test_porting_program_windres porting/program.rc COMPILER ${PORTING_WINDRES})
else()
  message(STATUS "tests/porting: windres not found (binutils-mingw-w64-x86-64): porting_program_windres not built")
endif()
