# ---- alsa: the built-in ALSA wave driver (alsa.drv), without hardware ----
# The tests write their own ALSA configuration (alsa/alsa_fixture.c: a file PCM over null for
# playback, a file PCM reading a known input for capture) and set ALSA_CONFIG_PATH and
# PORTACM_ALSA_DEVICES themselves.
portacm_test(alsa_driver SOURCES alsa/test_alsa_driver.c alsa/alsa_fixture.c)
portacm_test(alsa_play SOURCES alsa/test_alsa_play.c alsa/alsa_fixture.c)
# test_alsa_driver again without PORTACM_ALSA_DEVICES: the list comes from alsa-lib's hints.
# The sound-server bridges must not start a server: PULSE_SERVER names no server, JACK is
# told not to start one.
add_test(NAME alsa_driver_hints COMMAND test_alsa_driver)
set_tests_properties(alsa_driver_hints PROPERTIES TIMEOUT 120
  ENVIRONMENT "ALSA_HINTS=1;PULSE_SERVER=unix:/nonexistent/portacm-no-server;JACK_NO_START_SERVER=1;PORTACM_DRIVERS=${CMAKE_CURRENT_BINARY_DIR}/none.ini")
# Through the public wave API (waveOutOpen / waveInOpen over winmm's device-driver manager),
# once the wave layer is on this branch (src/wave/wave_open.c). PULSE_SERVER names no server,
# so the built-in PulseAudio driver, if listed first, finds nothing and never touches a
# user's server.
if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/../src/wave/wave_open.c)
  portacm_test(alsa_wave SOURCES alsa/test_alsa_wave.c alsa/alsa_fixture.c)
  set_tests_properties(alsa_wave PROPERTIES ENVIRONMENT
    "PULSE_SERVER=unix:/nonexistent/portacm-no-server;PORTACM_DRIVERS=${CMAKE_CURRENT_BINARY_DIR}/none.ini;XDG_CONFIG_HOME=${CMAKE_CURRENT_BINARY_DIR}/xdg-alsa_wave")
endif()
