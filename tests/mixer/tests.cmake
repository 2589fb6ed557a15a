# The mixer and aux API (issue 12 item 6): tests/mixer. Paths are relative to tests/.
portacm_test(mixer_api SOURCES mixer/test_mixer_api.c mixer/mixer_test_driver.c mixer/mixer_test_util.c)
# The PulseAudio mixer driver on a private server of its own, started with tests/pulse's
# script (the test changes volumes and modules, and ends its server).
if(DEFINED PORTACM_PULSE_SCRIPT)
  portacm_test(mixer_pulse SOURCES mixer/test_mixer_pulse.c mixer/mixer_test_util.c)
  target_compile_definitions(test_mixer_pulse PRIVATE MIXER_PULSE_SCRIPT="${PORTACM_PULSE_SCRIPT}")
endif()
# The PulseAudio mixer driver facing a server that never answers (no server needed).
portacm_test(mixer_pulse_silent SOURCES mixer/test_mixer_pulse_silent.c mixer/mixer_test_util.c)
