# ---- midi: the midiOut / midiIn / midiStream API and the MIDI mapper (src/midi) ----
# The MIDI test driver (tests/midi/midi_test_driver.h), a shared object the tests name in their
# drivers files; NO_LINK: it finds DriverCallback and DefDriverProc in the test program.
portacm_add_driver(midi_test_driver midi/midi_test_driver.c NO_LINK VISIBILITY_HIDDEN
  EXPORTS DriverProc modMessage midMessage midi_test_driver_events midi_test_driver_clear midi_test_driver_inject
          midi_test_driver_fail)
set(PORTACM_MIDI_TEST_DRIVER_DIR ${CMAKE_CURRENT_BINARY_DIR}/midi-drivers)
set_target_properties(midi_test_driver PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${PORTACM_MIDI_TEST_DRIVER_DIR})

function(portacm_midi_test name)
  portacm_test(${name} ${ARGN})
  target_sources(test_${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/midi/midi_test_util.c)
  add_dependencies(test_${name} midi_test_driver)
  set_target_properties(test_${name} PROPERTIES ENABLE_EXPORTS ON)
  target_compile_definitions(test_${name} PRIVATE PORTACM_MIDI_TEST_DRIVER_DIR="${PORTACM_MIDI_TEST_DRIVER_DIR}")
endfunction()

# midiOut: caps, error texts, open/close and callbacks, running status, SysEx, headers, volume.
portacm_midi_test(midi_out SOURCES midi/test_midi_out.c)
# midiIn: data, SysEx buffers, timestamps, reset; midiConnect thru.
portacm_midi_test(midi_in SOURCES midi/test_midi_in.c)
# midiStream: timing, tempo, callbacks, pause/restart/stop, position, property, hostile buffers.
portacm_midi_test(midi_stream SOURCES midi/test_midi_stream.c)
# midiStream on a driver with MIDICAPS_STREAM: MODM_STRMDATA and the other stream messages.
portacm_midi_test(midi_driver_stream SOURCES midi/test_midi_driver_stream.c)
# The MIDI mapper: default device, the MIDIMap registry value, no device.
portacm_midi_test(midi_mapper SOURCES midi/test_midi_mapper.c)
# Threads sending, streaming and closing at once (run it under TSan too).
portacm_midi_test(stress_midi SOURCES midi/test_stress_midi.c)
