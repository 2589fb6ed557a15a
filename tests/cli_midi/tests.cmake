# ---- cli_midi: `portacm play song.mid`, `portacm midi devices` (src/cli) ----
# cli_midi_smf: the Standard MIDI File reader (src/cli/smf.c) and its conversion to midiStreamOut
# buffers (src/cli/midi_events.c), compiled in: formats 0/1/2, running status, tempo, SysEx,
# hostile files refused without reading or allocating what they declare.
portacm_test(cli_midi_smf SOURCES cli_midi/test_smf.c ${PROJECT_SOURCE_DIR}/src/cli/smf.c
             ${PROJECT_SOURCE_DIR}/src/cli/midi_events.c)
target_include_directories(test_cli_midi_smf PRIVATE ${PROJECT_SOURCE_DIR}/src/cli)
