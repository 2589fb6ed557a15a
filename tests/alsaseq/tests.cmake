# ---- alsaseq: the built-in ALSA sequencer MIDI driver (alsaseq.drv) ----
# The byte-level functions, no sequencer needed.
portacm_test(alsaseq_codec SOURCES alsaseq/test_alsaseq_codec.c)
# The driver through its messages. Where /dev/snd/seq exists the test owns a sequencer client
# with two ports and checks delivery both ways; where it is absent those cases print
# "SKIP: /dev/snd/seq is absent: ..." and the rest (no devices, hostile messages) still runs.
portacm_test(alsaseq_driver SOURCES alsaseq/test_alsaseq_driver.c)
