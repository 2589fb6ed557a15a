# ---- cli_devices: `portacm play`, `portacm record`, `portacm devices` (src/cli) ----
# cli_devices: through the wave test driver (tests/devices/wave_test_driver.h) named in a private
# drivers file: exact recorded samples, exit codes, errors, SIGINT/SIGTERM, JSON.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
add_test(NAME cli_devices
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/cli_devices/cli_devices_test.py driver
                 $<TARGET_FILE:portacm_cli> ${PORTACM_WAVE_TEST_DRIVER_DIR}/wave_test_driver.so
                 ${CMAKE_CURRENT_BINARY_DIR}/cli-devices-work)
set_tests_properties(cli_devices PROPERTIES TIMEOUT 300)
# cli_devices_pulse: the built-in PulseAudio driver on the private server: play to the null sink
# recorded from its monitor (parec), record from the sine source, devices --json, SIGINT.
# Skipped (77, with the reason) while the PulseAudio wave driver is not built in.
add_test(NAME cli_devices_pulse
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/cli_devices/cli_devices_test.py pulse
                 $<TARGET_FILE:portacm_cli> ${CMAKE_CURRENT_BINARY_DIR}/cli-devices-pulse-work)
set_tests_properties(cli_devices_pulse PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77)
portacm_uses_pulse(cli_devices_pulse)
