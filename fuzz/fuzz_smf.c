/*
 * fuzz_smf.c - the `portacm` tool's Standard MIDI File reader (src/cli/smf.c) and the
 * conversion of its events into midiStreamOut buffers (src/cli/midi_events.c) on untrusted
 * bytes. The whole input is the file. Small limits (events, SysEx bytes) are used so the
 * limit paths are reached; the conversion runs into buffers of a size picked from the input's
 * last byte. Compiled with src/cli/smf.c and src/cli/midi_events.c only (no library calls).
 *
 * Besides memory errors, leaks and hangs, the harness aborts when the reader contradicts
 * itself: events out of tick order (format 0/1), an event past the song's end, a SysEx outside
 * the pool, a limit exceeded, a refusal without a reason, or a conversion whose deltas do not
 * add up to the song's length or whose buffers are not whole MIDIEVENTs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "midi_events.h"
#include "smf.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static void check_song(const smf_song *song, const smf_limits *limits)
{
    if (song->count > limits->max_events || song->sysex_size > limits->max_sysex_bytes)
        abort();
    for (size_t i = 0; i < song->count; i++) {
        const smf_event *e = &song->events[i];
        if (e->tick > song->end_tick)
            abort();
        if (song->format != 2 && i > 0 && e->tick < song->events[i - 1].tick)
            abort();
        if (e->kind == SMF_SYSEX && (e->length == 0 || e->data > song->sysex_size ||
                                     e->length > song->sysex_size - e->data))
            abort();
        if (e->kind == SMF_SHORT && ((e->data & 0x80) == 0 || (e->data & 0x808000) != 0))
            abort();
    }
    (void)smf_seconds_at(song, song->end_tick);
}

/* Converts the whole song; the deltas must add up to end_tick. */
static void convert(const smf_song *song, size_t capacity)
{
    static uint8_t buffer[65536];
    midi_events_cursor cursor = {0};
    uint64_t ticks = 0;
    size_t used, written = 0;
    while ((used = midi_events_fill(song, &cursor, buffer, capacity)) > 0) {
        if (used > capacity || used % 4)
            abort();
        for (size_t at = 0; at < used;) {
            uint32_t delta, event;
            memcpy(&delta, buffer + at, 4);
            memcpy(&event, buffer + at + 8, 4);
            ticks += delta;
            written++;
            at += 12;
            if (event & 0x80000000u)
                at += ((event & 0xFFFFFF) + 3) / 4 * 4;
            if (at > used)
                abort();
        }
    }
    if (!midi_events_done(song, &cursor) || ticks != song->end_tick)
        abort();
    if (written + cursor.skipped < song->count + 1)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t capacities[4] = {12, 64, 4096, 65532};
    smf_limits limits = {1u << 20, 20000, 4096};
    smf_song song;
    char error[300];
    if (!smf_parse(data, size, &limits, &song, error, sizeof error)) {
        if (error[0] == '\0' || song.events || song.sysex || song.count)
            abort();
        return 0;
    }
    check_song(&song, &limits);
    convert(&song, capacities[size ? data[size - 1] & 3 : 0]);
    smf_free(&song);
    return 0;
}
