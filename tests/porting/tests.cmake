# Windows sources on Linux (issue 13): a DDK-style ACM codec (tests/porting/gainacm) built
# unchanged with -fshort-wchar into gainacm.acm, its .rc compiled by a real resource compiler
# (portacm_add_resources), and a client that finds *.acm in the system folder, loads them with
# LoadLibrary and adds them with acmDriverAdd. Included from tests/CMakeLists.txt.
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
