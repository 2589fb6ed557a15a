# ---- devices: winmm's device-driver manager (src/devices) ----
# The test suite's third-party wave driver (tests/devices/wave_test_driver.h), built as a shared
# object that the tests name in their drivers files; NO_LINK: it finds DriverCallback and
# DefDriverProc in the test program, which links portacm statically and exports it. The wave,
# mapper and CLI tests use it too (PORTACM_WAVE_TEST_DRIVER_DIR).
portacm_add_driver(wave_test_driver devices/wave_test_driver.c NO_LINK VISIBILITY_HIDDEN
  EXPORTS DriverProc wodMessage widMessage wave_test_driver_output wave_test_driver_clear wave_test_driver_log)
set(PORTACM_WAVE_TEST_DRIVER_DIR ${CMAKE_CURRENT_BINARY_DIR}/wave-drivers)
set_target_properties(wave_test_driver PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${PORTACM_WAVE_TEST_DRIVER_DIR})

# A test program that loads the wave test driver: exports portacm to it and knows its folder.
function(portacm_wave_driver_test name)
  portacm_test(${name} ${ARGN})
  add_dependencies(test_${name} wave_test_driver)
  set_target_properties(test_${name} PROPERTIES ENABLE_EXPORTS ON)
  target_compile_definitions(test_${name} PRIVATE PORTACM_WAVE_TEST_DRIVER_DIR="${PORTACM_WAVE_TEST_DRIVER_DIR}")
endfunction()

# Load order, global/local IDs across drivers, DRVM_INIT/GETNUMDEVS order, drivers without
# devices, portacm_device_driver_register (with the same driver built in-process).
portacm_wave_driver_test(devices SOURCES devices/test_devices.c devices/wave_test_driver.c)
target_compile_definitions(test_devices PRIVATE WAVE_TEST_DRIVER_INPROC)
