# The mixer and aux API (issue 12 item 6): tests/mixer. Paths are relative to tests/.
portacm_test(mixer_api SOURCES mixer/test_mixer_api.c mixer/mixer_test_driver.c)
