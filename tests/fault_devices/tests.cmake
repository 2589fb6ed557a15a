# ---- fault_devices: allocation-failure injection over the device half (issue 12) ----
# waveOut/waveIn (devices and WAVE_MAPPER with ACM formats), caps and texts, PlaySound and the
# device manager's loading, over the wave test driver (portacm_wave_driver_test comes from
# tests/devices/tests.cmake). Paths are relative to tests/.
portacm_wave_driver_test(fault_devices SOURCES fault_devices/test_fault_devices.c fault_devices/fault_notify.c
  wave/wave_test_util.c)
# The mixer API over the mixer tests' in-process driver (tests/mixer/mixer_test_driver.c).
portacm_test(fault_mixer SOURCES fault_devices/test_fault_mixer.c mixer/mixer_test_driver.c
  mixer/mixer_test_util.c)
# The device manager's genuine first load, a fresh process per failing allocation (its own
# entry, so that the other paths report on their own).
add_test(NAME fault_devices_first_load COMMAND test_fault_devices --first-load)
set_tests_properties(fault_devices_first_load PROPERTIES TIMEOUT 300
  ENVIRONMENT "PORTACM_DRIVERS=${CMAKE_CURRENT_BINARY_DIR}/none.ini;XDG_CONFIG_HOME=${CMAKE_CURRENT_BINARY_DIR}/xdg-fault_devices_first_load")
