# ---- playsound: PlaySound / sndPlaySound (src/wave/playsound*.c) ----
# Through the real wave API and the wave mapper onto the wave test driver
# (tests/devices/wave_test_driver.h), which plays in real time and keeps what it played.
portacm_wave_driver_test(playsound SOURCES playsound/test_playsound.c wave/wave_test_util.c)
# SND_RESOURCE: the program's own "WAVE" resources (sounds.rc), embedded with
# portacm_add_resources (a resource compiler is needed: see tests/porting/tests.cmake).
if(PORTING_RC)
  portacm_wave_driver_test(playsound_resource SOURCES playsound/test_playsound_resource.c wave/wave_test_util.c)
  portacm_add_resources(test_playsound_resource playsound/sounds.rc
                        INCLUDE_DIRECTORIES ${CMAKE_CURRENT_SOURCE_DIR}/playsound
                        DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/playsound/chime.wav)
endif()
