/*
 * midi_events.h - turns the merged events of a Standard MIDI File (smf.h) into midiStreamOut
 * buffers: MIDIEVENTs of 12 bytes (delta, stream ID 0, dwEvent) for short messages
 * (MEVT_SHORTMSG) and tempo changes (MEVT_TEMPO), 12 bytes plus the bytes padded to 4 for SysEx
 * (MEVT_LONGMSG), MEVT_NOP for a gap longer than a DWORD of ticks and for the end of the song
 * (so a stream lasts until the last end of track). Depends only on smf.h and the C library.
 */
#ifndef PORTACM_CLI_MIDI_EVENTS_H
#define PORTACM_CLI_MIDI_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smf.h"

/* Where the conversion is: the next event and the tick of the last one written. */
typedef struct midi_events_cursor {
    size_t next;
    uint64_t tick;
    bool end_written; /* the final MEVT_NOP */
    size_t skipped;   /* SysEx messages too long for one buffer (not sent) */
} midi_events_cursor;

/* Byte values of MIDIEVENT.dwEvent (mmeapi.h's MEVT_*), repeated here so that the unit tests
 * compile this file without the library's headers. */
#define MIDI_EVENTS_SHORT 0x00000000u
#define MIDI_EVENTS_TEMPO 0x01000000u
#define MIDI_EVENTS_NOP 0x02000000u
#define MIDI_EVENTS_LONG 0x80000000u /* MEVT_F_LONG | MEVT_LONGMSG << 24 */

/* Writes as many events as fit into `buffer` (`capacity` bytes, a multiple of 4) and advances
 * the cursor. Returns the bytes written (a multiple of 4): 0 once the whole song, the final
 * MEVT_NOP included, has been written. A zero tempo is written as 1 microsecond. */
size_t midi_events_fill(const smf_song *song, midi_events_cursor *cursor, uint8_t *buffer, size_t capacity);

/* True when the cursor has written everything. */
bool midi_events_done(const smf_song *song, const midi_events_cursor *cursor);

#endif /* PORTACM_CLI_MIDI_EVENTS_H */
