# ---- playsound: PlaySound / sndPlaySound (src/wave/playsound*.c) ----
# Through the real wave API and the wave mapper onto the wave test driver
# (tests/devices/wave_test_driver.h), which plays in real time and keeps what it played.
portacm_wave_driver_test(playsound SOURCES playsound/test_playsound.c wave/wave_test_util.c)
