# ---- alsa: the built-in ALSA wave driver (alsa.drv), without hardware ----
# The test writes its own ALSA configuration (a file PCM over null for playback, a file PCM
# reading a known input for capture) and sets ALSA_CONFIG_PATH and PORTACM_ALSA_DEVICES itself.
portacm_test(alsa_driver SOURCES alsa/test_alsa_driver.c)
# The same program without PORTACM_ALSA_DEVICES: the list comes from alsa-lib's hints. The
# sound-server bridges must not start a server: PULSE_SERVER names no server, JACK is told
# not to start one.
add_test(NAME alsa_driver_hints COMMAND test_alsa_driver)
set_tests_properties(alsa_driver_hints PROPERTIES TIMEOUT 120
  ENVIRONMENT "ALSA_HINTS=1;PULSE_SERVER=unix:/nonexistent/portacm-no-server;JACK_NO_START_SERVER=1;PORTACM_DRIVERS=${CMAKE_CURRENT_BINARY_DIR}/none.ini")
