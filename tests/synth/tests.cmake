# tests/synth: the built-in FluidSynth synthesizer (src/synth, docs/synth.md). Uses the small
# TimGM6mb SoundFont (Debian package timgm6mb-soundfont).
add_library(portacm_synth_test_util STATIC ${CMAKE_CURRENT_SOURCE_DIR}/synth/synth_test_util.c)
target_link_libraries(portacm_synth_test_util PUBLIC m)

# Offline rendering through the public portacm_synth_* functions: pitch, decay, timbre, drums,
# running status, SysEx, determinism, hostile input.
portacm_test(synth_render SOURCES synth/test_synth_render.c LIBS portacm_synth_test_util)

# fluidsynth.drv through modMessage into the private PulseAudio server: A4 at 440 Hz on the
# monitor and silence after note-off, L/R volume, SysEx, checks, hostile input, installation.
portacm_test(synth_driver SOURCES synth/test_synth_driver.c LIBS portacm_synth_test_util portacm_pulse_test_util)
portacm_uses_pulse(synth_driver)
set_property(TEST synth_driver APPEND PROPERTY ENVIRONMENT "PORTACM_SOUNDFONT=/usr/share/sounds/sf2/TimGM6mb.sf2")

# SoundFont lookup ($PORTACM_SOUNDFONT, synth.ini, standard paths) and the driver without one.
portacm_test(synth_soundfont SOURCES synth/test_synth_soundfont.c)
set_property(TEST synth_soundfont APPEND PROPERTY ENVIRONMENT "PORTACM_SOUNDFONT=/nonexistent/portacm-test.sf2")

