/*
 * midi_test_driver.h - the test suite's third-party MIDI driver (midi_test_driver.c), built as
 * midi_test_driver.so and named in a drivers file as `midi=midi_test_driver.so [knobs]`.
 *
 * What it is:
 *   - Output devices ("MIDI Test Out N (tag)", MOD_MIDIPORT, MIDICAPS_VOLUME|LRVOLUME) record
 *     every short message (MODM_DATA), SysEx (MODM_LONGDATA, dwBufferLength bytes) and reset
 *     with the CLOCK_MONOTONIC time it arrived: read with midi_test_driver_events.
 *   - Long messages complete synchronously: DONE and MOM_DONE before MODM_LONGDATA returns.
 *   - No MIDICAPS_STREAM, no PREPARE/UNPREPARE (MMSYSERR_NOTSUPPORTED: winmm's default), no
 *     patch caching. One open per device (MMSYSERR_ALLOCATED).
 *   - Input devices ("MIDI Test In N (tag)") are fed by the test with midi_test_driver_inject:
 *     short messages (running status expanded) become MIM_DATA with ms since midiInStart,
 *     SysEx fills the queued buffers (MIM_LONGDATA at F7 or when full), only while started.
 *     MIDM_RESET returns every buffer (empty ones too). Close with buffers queued:
 *     MIDIERR_STILLPLAYING. DRVM_ADD_THRU / DRVM_REMOVE_THRU: MMSYSERR_NOTSUPPORTED.
 *   - Output N with the knob stream=N reports MIDICAPS_STREAM and plays streams itself: opened
 *     with MIDI_IO_COOKED (recorded as MTD_OPEN, `message` the open flags) it starts paused and
 *     queues MODM_STRMDATA buffers (MTD_STRMDATA: `message` the header flags it got, `length`
 *     dwBytesRecorded, `data` the header pointer). MODM_RESTART plays every queued buffer at once on the
 *     calling thread (each event recorded, MEVT_TEMPO kept, MOM_POSITIONCB for MEVT_F_CALLBACK with
 *     dwOffset set, then DONE and MOM_DONE). MODM_PAUSE, MODM_STOP (buffers back, position 0),
 *     MODM_GETPOS (TIME_TICKS, TIME_MS; others answered as TIME_MS) and MODM_PROPERTIES (tempo,
 *     time division) are recorded as MTD_PAUSE, MTD_RESTART, MTD_STOP, MTD_GETPOS (`message`
 *     wType) and MTD_PROPERTY (`message` the flags, `length` the value set or got). Close with
 *     buffers queued: MIDIERR_STILLPLAYING.
 *   - midi_test_driver_fail(msg, result): the next `msg` (to any output) answers `result`.
 * Knobs: out=N in=N (0..4, default 1 each), tag=X, synth=N (output N reports MOD_SWSYNTH),
 * stream=N (output N reports MIDICAPS_STREAM).
 */
#ifndef PORTACM_MIDI_TEST_DRIVER_H
#define PORTACM_MIDI_TEST_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "windows.h"
#include "mmsystem.h"
#include "mmddk.h"

enum { MTD_SHORT, MTD_LONG, MTD_RESET, MTD_OPEN, MTD_STRMDATA, MTD_PAUSE, MTD_RESTART, MTD_STOP, MTD_GETPOS, MTD_PROPERTY };

typedef struct midi_test_event {
    uint64_t ns;   /* CLOCK_MONOTONIC */
    UINT device;
    int kind;      /* MTD_* */
    DWORD message; /* MTD_SHORT: the packed message */
    DWORD length;  /* MTD_LONG: the SysEx length (data holds up to 64 bytes) */
    BYTE data[64]; /* MTD_STRMDATA: the MIDIHDR pointer (layout shared with tests/dotnet) */
} midi_test_event;

/* Copies up to `capacity` recorded events; returns how many were recorded in all. */
typedef size_t (*midi_test_driver_events_fn)(midi_test_event *events, size_t capacity);
typedef void (*midi_test_driver_clear_fn)(void);
/* Feeds `size` bytes to input device `device` (callbacks run on the caller's thread). */
typedef void (*midi_test_driver_inject_fn)(UINT device, const BYTE *bytes, size_t size);
/* The next `msg` sent to an output answers `result` (0: no failure armed). */
typedef void (*midi_test_driver_fail_fn)(UINT msg, DWORD result);

#endif
