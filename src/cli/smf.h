/*
 * smf.h - a Standard MIDI File reader for `portacm play`: formats 0, 1 and 2 (format 2 tracks
 * play one after the other), MThd/MTrk chunks (other chunks skipped), running status, tempo
 * metas, SysEx (F0) and escape (F7) events. The tracks are merged into one list ordered by
 * tick; events at the same tick keep the order of their tracks (track 0 first) and of the file.
 *
 * The input is hostile: every length is checked against the bytes present before anything is
 * read or allocated, the event count and the SysEx bytes are bounded (smf_limits), and every
 * failure is a message, never a crash. The reader depends on nothing but the C library (the
 * unit tests and the fuzz harness compile it alone).
 */
#ifndef PORTACM_CLI_SMF_H
#define PORTACM_CLI_SMF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Kinds of merged events. */
enum {
    SMF_SHORT = 0, /* data: status | data1 << 8 | data2 << 16 (the midiOutShortMsg packing) */
    SMF_TEMPO = 1, /* data: microseconds per quarter note (24 bits, may be 0: the player decides) */
    SMF_SYSEX = 2, /* data: offset in smf_song.sysex of the bytes; length: their count */
};

typedef struct smf_event {
    uint64_t tick; /* absolute, from the start of the song */
    uint32_t data;
    uint32_t length : 24; /* SysEx bytes (at most SMF_MAX_SYSEX_MESSAGE) */
    uint32_t kind : 8;
} smf_event;

/* One SysEx message is at most this long (the F0 included). */
#define SMF_MAX_SYSEX_MESSAGE 0xFFFFFFu

typedef struct smf_limits {
    size_t max_file;        /* bytes of the file smf_load reads */
    size_t max_events;      /* merged events kept */
    size_t max_sysex_bytes; /* total SysEx bytes kept */
} smf_limits;

/* 64 MB file, 2 million events (64 MB of events while merging), 16 MB of SysEx. */
#define SMF_DEFAULT_LIMITS {64u << 20, 2000000u, 16u << 20}

typedef struct smf_song {
    uint16_t format;   /* 0, 1 or 2 */
    uint16_t tracks;   /* MTrk chunks read */
    uint16_t division; /* as in the header: ticks per quarter note, or SMPTE (high bit set) */
    smf_event *events;
    size_t count;
    uint8_t *sysex; /* the SysEx (F0 included) and escape bytes of every SMF_SYSEX event */
    size_t sysex_size;
    uint64_t end_tick;   /* the latest end of track (the song's length in ticks) */
    size_t ignored_meta; /* meta events other than tempo and end of track */
} smf_song;

/* True when the bytes start like a Standard MIDI File ("MThd"). */
bool smf_looks_like(const uint8_t *head, size_t size);

/* Parses a whole file held in memory. Returns true and fills *song (free with smf_free), or
 * returns false with *song empty and the reason in `error`. `limits` NULL: the defaults. */
bool smf_parse(const uint8_t *data, size_t size, const smf_limits *limits, smf_song *song, char *error,
               size_t error_size);

/* Reads and parses a file ("-": standard input), at most limits->max_file bytes. Returns 0, or
 * 1 for an I/O error and 4 for an invalid file (the CLI's exit codes) with the reason in
 * `error`. */
int smf_load(const char *path, const smf_limits *limits, smf_song *song, char *error, size_t error_size);

void smf_free(smf_song *song);

/* Seconds from the start to `tick`, with the song's tempo changes (120 BPM until the first).
 * An SMPTE division ignores the tempo. A zero tempo counts as 1 microsecond per quarter. */
double smf_seconds_at(const smf_song *song, uint64_t tick);

#endif /* PORTACM_CLI_SMF_H */
