# ---- wave: the waveOut / waveIn API (src/wave) over the wave test driver ----
# (portacm_wave_driver_test and the driver come from tests/devices/tests.cmake.)
portacm_wave_driver_test(wave_api SOURCES wave/test_wave_api.c wave/wave_test_util.c)
portacm_wave_driver_test(wave_play SOURCES wave/test_wave_play.c wave/wave_test_util.c)
portacm_wave_driver_test(wave_in SOURCES wave/test_wave_in.c wave/wave_test_util.c)
portacm_wave_driver_test(wave_callbacks SOURCES wave/test_wave_callbacks.c wave/wave_test_util.c)
# Threads opening, writing, resetting and closing at once (run it under TSan too).
portacm_wave_driver_test(stress_wave SOURCES wave/test_stress_wave.c wave/wave_test_util.c)
# Routing to the wave mapper (WAVE_MAPPER, WAVE_MAPPED, implicit mapping) with a stand-in mapper.
portacm_wave_driver_test(wave_routing SOURCES wave/test_wave_routing.c wave/wave_test_util.c)
