/*
 * bench_midi_song.h - the music bench_midi plays: a generated multi-channel General MIDI song,
 * as a list of short messages with their times and as a Standard MIDI File.
 */
#ifndef BENCH_MIDI_SONG_H
#define BENCH_MIDI_SONG_H

#include <stddef.h>
#include <stdint.h>

typedef struct song_event {
    uint32_t ms;  /* from the start */
    uint32_t msg; /* short message */
} song_event;

extern song_event *song; /* song_n events, by time */
extern size_t song_n;

/* A deterministic pseudo-random number (24 bits). */
unsigned bench_midi_rand(void);
/* `seconds` of 120 bpm music on 8 channels: piano chords, bass, strings, trumpet, flute
 * melody, guitar arpeggios, a lead line and drums (channel 10), then all notes off. */
void song_make(unsigned seconds);
/* The song as a Standard MIDI File, format 0, 500 ticks per quarter at 500000 us: 1 tick = 1 ms. */
void song_write_smf(const char *path);

#endif /* BENCH_MIDI_SONG_H */
