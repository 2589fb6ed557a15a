/*
 * midi_cli.h - what the MIDI parts of the `portacm` tool share: `portacm play FILE.mid`
 * (play_midi.c: through midiStreamOut, or rendered to a WAV file with --to through the
 * synthesizer, midi_render.c) and `portacm midi devices` (midi_devices.c).
 */
#ifndef PORTACM_CLI_MIDI_CLI_H
#define PORTACM_CLI_MIDI_CLI_H

#include "cli_int.h"
#include "smf.h"

/* True when the `play` command line names a Standard MIDI File (extension .mid, .midi, .smf,
 * .kar, or content starting with "MThd") or asks for --to: cmd_play hands it to
 * cmd_play_midi. */
bool cli_play_is_midi(int argc, char **argv);
/* `portacm play FILE.mid [--device ID] [--to OUT.wav [-y]] [--rate HZ] [--soundfont SF2]`. */
int cmd_play_midi(int argc, char **argv);
/* `portacm midi devices [--json]`. */
int cmd_midi(int argc, char **argv);

typedef struct midi_render_options {
    const char *output;    /* the WAV file */
    const char *soundfont; /* NULL: the synthesizer's default */
    uint32_t rate;         /* Hz */
    bool force;            /* replace an existing output */
} midi_render_options;

/* Renders `song` (read from `name`) to a 16-bit stereo WAV file through portacm_synth, written
 * under a temporary name and renamed when complete. Returns an exit code (error printed). */
int midi_render(const char *name, const smf_song *song, const midi_render_options *options);

/* "m:ss.s" */
void midi_format_time(double seconds, char *text, size_t size);

#endif /* PORTACM_CLI_MIDI_CLI_H */
