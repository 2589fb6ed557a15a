/*
 * midi_events.c - Standard MIDI File events to MIDIEVENT stream buffers (midi_events.h).
 */
#include "midi_events.h"

#include <string.h>

#define EVENT_HEADER 12 /* dwDeltaTime, dwStreamID, dwEvent */
#define MAX_DELTA 0xFFFFFFFFu

static void put32(uint8_t *at, uint32_t value)
{
    memcpy(at, &value, 4); /* MIDIEVENT fields are native-endian DWORDs */
}

static size_t put_event(uint8_t *at, uint32_t delta, uint32_t event)
{
    put32(at, delta);
    put32(at + 4, 0);
    put32(at + 8, event);
    return EVENT_HEADER;
}

bool midi_events_done(const smf_song *song, const midi_events_cursor *cursor)
{
    return cursor->next >= song->count && cursor->end_written;
}

/* Size of the MIDIEVENT for an event (0: not sent). */
static size_t event_size(const smf_event *e)
{
    if (e->kind == SMF_SYSEX)
        return EVENT_HEADER + ((size_t)e->length + 3) / 4 * 4;
    return EVENT_HEADER;
}

/* Writes one event whose delta fits; returns its size. */
static size_t put_song_event(const smf_song *song, const smf_event *e, uint32_t delta, uint8_t *at)
{
    switch (e->kind) {
    case SMF_SHORT: return put_event(at, delta, MIDI_EVENTS_SHORT | (e->data & 0xFFFFFF));
    case SMF_TEMPO: return put_event(at, delta, MIDI_EVENTS_TEMPO | (e->data ? e->data & 0xFFFFFF : 1));
    default: break;
    }
    size_t size = event_size(e);
    put_event(at, delta, MIDI_EVENTS_LONG | e->length);
    memset(at + EVENT_HEADER, 0, size - EVENT_HEADER);
    memcpy(at + EVENT_HEADER, song->sysex + e->data, e->length);
    return size;
}

size_t midi_events_fill(const smf_song *song, midi_events_cursor *cursor, uint8_t *buffer, size_t capacity)
{
    size_t used = 0;
    capacity -= capacity % 4;
    while (capacity - used >= EVENT_HEADER && !midi_events_done(song, cursor)) {
        bool at_end = cursor->next >= song->count;
        uint64_t target = at_end ? song->end_tick : song->events[cursor->next].tick;
        if (target < cursor->tick)
            target = cursor->tick;
        uint64_t gap = target - cursor->tick;
        if (gap > MAX_DELTA) {
            /* a wait longer than a DWORD of ticks: a NOP at the farthest point */
            used += put_event(buffer + used, MAX_DELTA, MIDI_EVENTS_NOP);
            cursor->tick += MAX_DELTA;
            continue;
        }
        if (at_end) {
            used += put_event(buffer + used, (uint32_t)gap, MIDI_EVENTS_NOP);
            cursor->tick = target;
            cursor->end_written = true;
            break;
        }
        const smf_event *e = &song->events[cursor->next];
        size_t size = event_size(e);
        if (size > capacity) {
            cursor->skipped++; /* never fits: dropped (the time passes at the next event) */
            cursor->next++;
            continue;
        }
        if (size > capacity - used)
            break;
        used += put_song_event(song, e, (uint32_t)gap, buffer + used);
        cursor->tick = target;
        cursor->next++;
    }
    return used;
}
