# The mixer and aux API (issue 12 item 6): tests/mixer. Paths are relative to tests/.
portacm_test(mixer_api SOURCES mixer/test_mixer_api.c mixer/mixer_test_driver.c)
# The PulseAudio mixer driver on the private test server (tests/pulse's fixture; registered
# once that part defines portacm_uses_pulse).
if(COMMAND portacm_uses_pulse)
  portacm_test(mixer_pulse SOURCES mixer/test_mixer_pulse.c)
  portacm_uses_pulse(mixer_pulse)
endif()
