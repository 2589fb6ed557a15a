# tests/synth: the built-in FluidSynth synthesizer (src/synth, docs/synth.md). Uses the small
# TimGM6mb SoundFont (Debian package timgm6mb-soundfont).
add_library(portacm_synth_test_util STATIC ${CMAKE_CURRENT_SOURCE_DIR}/synth/synth_test_util.c)
target_link_libraries(portacm_synth_test_util PUBLIC m)

# Offline rendering through the public portacm_synth_* functions: pitch, decay, timbre, drums,
# running status, SysEx, determinism, hostile input.
portacm_test(synth_render SOURCES synth/test_synth_render.c LIBS portacm_synth_test_util)
