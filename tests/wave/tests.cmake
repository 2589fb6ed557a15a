# ---- wave: the waveOut / waveIn API (src/wave) over the wave test driver ----
# (portacm_wave_driver_test and the driver come from tests/devices/tests.cmake.)
portacm_wave_driver_test(wave_play SOURCES wave/test_wave_play.c wave/wave_test_util.c)
