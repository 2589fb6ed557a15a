# ---- alsa: the built-in ALSA wave driver (alsa.drv), without hardware ----
# The test writes its own ALSA configuration (a file PCM over null for playback, a file PCM
# reading a known input for capture) and sets ALSA_CONFIG_PATH and PORTACM_ALSA_DEVICES itself.
portacm_test(alsa_driver SOURCES alsa/test_alsa_driver.c)
