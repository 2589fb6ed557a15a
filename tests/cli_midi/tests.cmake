# ---- cli_midi: `portacm play song.mid`, `portacm midi devices` (src/cli) ----
# cli_midi_smf: the Standard MIDI File reader (src/cli/smf.c) and its conversion to midiStreamOut
# buffers (src/cli/midi_events.c), compiled in: formats 0/1/2, running status, tempo, SysEx,
# hostile files refused without reading or allocating what they declare.
portacm_test(cli_midi_smf SOURCES cli_midi/test_smf.c ${PROJECT_SOURCE_DIR}/src/cli/smf.c
             ${PROJECT_SOURCE_DIR}/src/cli/midi_events.c)
target_include_directories(test_cli_midi_smf PRIVATE ${PROJECT_SOURCE_DIR}/src/cli)
# cli_midi_render: `portacm play FILE.mid --to OUT.wav` through the synthesizer (portacm_synth):
# a 440 Hz note at the right pitch and exact length, a tempo change, -y, invalid files (exit 4),
# routing by content. Skipped (77, with the reason) when no SoundFont is installed.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
add_test(NAME cli_midi_render
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/cli_midi/cli_midi_test.py render
                 $<TARGET_FILE:portacm_cli> ${CMAKE_CURRENT_BINARY_DIR}/cli-midi-render-work)
set_tests_properties(cli_midi_render PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77
  ENVIRONMENT "PORTACM_DRIVERS=${CMAKE_CURRENT_BINARY_DIR}/none.ini;XDG_CONFIG_HOME=${CMAKE_CURRENT_BINARY_DIR}/xdg-cli_midi")
# cli_midi_devices: `portacm midi devices [--json]` (the JSON parses, the mapper first, decoded caps).
add_test(NAME cli_midi_devices
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/cli_midi/cli_midi_test.py devices
                 $<TARGET_FILE:portacm_cli> ${CMAKE_CURRENT_BINARY_DIR}/cli-midi-devices-work)
set_tests_properties(cli_midi_devices PROPERTIES TIMEOUT 120
  ENVIRONMENT "PORTACM_DRIVERS=${CMAKE_CURRENT_BINARY_DIR}/none.ini;XDG_CONFIG_HOME=${CMAKE_CURRENT_BINARY_DIR}/xdg-cli_midi")
# cli_midi_stream: `portacm play FILE.mid --device 0` through the recording driver
# (cli_midi/cli_midi_driver.c, named in a private drivers file): every note in order at its
# time (20 ms), the tempo change, the SysEx, SIGINT -> notes off and exit 130 within 1 s.
# Skipped (77, with the reason) while the MIDI API does not list the driver.
portacm_add_driver(cli_midi_driver cli_midi/cli_midi_driver.c NO_LINK VISIBILITY_HIDDEN EXPORTS DriverProc modMessage)
set_target_properties(cli_midi_driver PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/cli_midi)
add_test(NAME cli_midi_stream
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/cli_midi/cli_midi_test.py stream
                 $<TARGET_FILE:portacm_cli> ${CMAKE_CURRENT_BINARY_DIR}/cli-midi-stream-work
                 $<TARGET_FILE:cli_midi_driver>)
set_tests_properties(cli_midi_stream PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77
  ENVIRONMENT "XDG_CONFIG_HOME=${CMAKE_CURRENT_BINARY_DIR}/xdg-cli_midi")
