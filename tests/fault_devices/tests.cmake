# ---- fault_devices: allocation-failure injection over the device half (issue 12) ----
# waveOut/waveIn (devices and WAVE_MAPPER with ACM formats), caps and texts, PlaySound and the
# device manager's loading, over the wave test driver (portacm_wave_driver_test comes from
# tests/devices/tests.cmake). Paths are relative to tests/.
portacm_wave_driver_test(fault_devices SOURCES fault_devices/test_fault_devices.c wave/wave_test_util.c)
# The mixer API over the mixer tests' in-process driver (tests/mixer/mixer_test_driver.c).
portacm_test(fault_mixer SOURCES fault_devices/test_fault_mixer.c mixer/mixer_test_driver.c
  mixer/mixer_test_util.c)
