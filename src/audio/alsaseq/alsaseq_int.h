/*
 * alsaseq_int.h - the contract between the files of the built-in ALSA sequencer MIDI driver
 * (alsaseq.drv, docs/alsaseq.md). The driver is reached only through its DriverProc and its
 * modMessage / midMessage functions (audio_int.h); everything here is private to
 * src/audio/alsaseq, except that the byte-level functions (alsaseq_codec.c) are unit-tested.
 *
 *   alsaseq_codec.c    running status, short message bytes, SysEx framing, the input parser
 *                      and the SysEx buffer queue: pure functions, no sequencer needed
 *   alsaseq_devices.c  the sequencer handle, the port list (stable IDs), caps, DriverProc
 *   alsaseq_out.c      midiOut: one port per open, connected to the target; modMessage
 *   alsaseq_in.c       midiIn: one client per open, a reader thread; midMessage
 *
 * Every client notification is made with no lock held.
 */
#ifndef PORTACM_ALSASEQ_INT_H
#define PORTACM_ALSASEQ_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common_int.h"
#include "mmddk.h"

#define PACM_ALSASEQ_OUT_HANDLE_TYPE 0xA15E0001u
#define PACM_ALSASEQ_IN_HANDLE_TYPE 0xA15E0002u

/* ---- bytes (alsaseq_codec.c) ------------------------------------------------------------ */

/* midiOutShortMsg running status (spec §6.11): a status 0x80-0xEF becomes *running; 0xF0-0xF7
 * clears it; 0xF8-0xFF leaves it. A data byte in the low byte is re-packed with *running as
 * status (status | data1 << 8 | data2 << 16). Returns false when the message is to be dropped
 * (a data byte with no running status); *out receives the message with its status. */
bool pacm_alsaseq_running_status(BYTE *running, DWORD message, DWORD *out);
/* The number of bytes a message with this status byte has (1 to 3), 0 for a data byte, F0 and
 * F7 (SysEx is not a short message). */
unsigned pacm_alsaseq_message_length(BYTE status);
/* The bytes of a packed short message that has its status: returns their count (0: nothing
 * to send: no status, or F0/F7). */
unsigned pacm_alsaseq_short_bytes(DWORD message, BYTE out[3]);
/* Copies a SysEx block to `out` (room for length + 2 bytes), adding a leading F0 and a
 * trailing F7 where missing (as W9's ALSA driver). Returns the bytes written; 0 for an empty
 * block. */
size_t pacm_alsaseq_sysex_frame(const BYTE *data, size_t length, BYTE *out);

/* The input parser: raw MIDI bytes in, messages out, with running status expanded. */
typedef struct alsaseq_parser {
    BYTE running;  /* the channel status in effect, or 0 */
    BYTE bytes[3]; /* the message being gathered */
    unsigned have, need;
    bool in_sysex;
} alsaseq_parser;

typedef enum alsaseq_parsed {
    ALSASEQ_NOTHING,     /* the byte was taken (part of a message), nothing complete yet */
    ALSASEQ_SHORT,       /* *message is a complete short message with its status */
    ALSASEQ_SYSEX_BYTE,  /* the byte belongs to a SysEx message (F0 ... F7 included) */
    ALSASEQ_SYSEX_ABORT, /* a status byte ended an unfinished SysEx; call again with it */
    ALSASEQ_DROPPED,     /* active sensing, stray data or an undefined byte */
} alsaseq_parsed;

void pacm_alsaseq_parser_reset(alsaseq_parser *parser);
alsaseq_parsed pacm_alsaseq_parse(alsaseq_parser *parser, BYTE byte, DWORD *message);

/* The queue of midiIn buffers (linked through lpNext). Stores one SysEx byte in the first
 * buffer; when that buffer is full or the byte is F7, takes it off the queue (DONE set, INQUEUE
 * cleared) and returns it for MIM_LONGDATA. Returns NULL otherwise; *dropped is set when no
 * buffer was queued. */
MIDIHDR *pacm_alsaseq_sysex_store(MIDIHDR **queue, BYTE byte, bool *dropped);
/* Takes the first buffer off the queue as done (NULL when the queue is empty). */
MIDIHDR *pacm_alsaseq_queue_pop(MIDIHDR **queue);

/* ---- devices (alsaseq_devices.c) -------------------------------------------------------- */

typedef enum alsaseq_direction { ALSASEQ_OUTPUT, ALSASEQ_INPUT } alsaseq_direction;

/* The process's sequencer client (opened on first use), locked for the caller, or NULL (no
 * sequencer: the reason is logged once with PORTACM_DEBUG). pacm_alsaseq_unlock releases it. */
struct _snd_seq *pacm_alsaseq_lock(void); /* a snd_seq_t */
void pacm_alsaseq_unlock(void);
/* The number of devices of a direction (rescans: new ports get new IDs at the end; ports that
 * went away keep theirs). */
UINT pacm_alsaseq_device_count(alsaseq_direction direction);
/* The client:port address of device `index`; false when index is out of range. *present says
 * whether the port was there at the last scan. */
bool pacm_alsaseq_device_address(alsaseq_direction direction, UINT index, int *client, int *port,
                                 bool *present);
/* Fills MIDIOUTCAPSW / MIDIINCAPSW and copies at most `size` bytes. BADDEVICEID, INVALPARAM. */
DWORD pacm_alsaseq_device_caps(alsaseq_direction direction, UINT index, void *caps, DWORD_PTR size);
/* The messages midiOut and midiIn answer alike (DRVM_INIT/EXIT/ENABLE/DISABLE, GETNUMDEVS,
 * GETDEVCAPS, given as the direction's values): true with *result set when `msg` is one. */
bool pacm_alsaseq_device_message(alsaseq_direction direction, UINT dev, UINT msg, DWORD_PTR p1, DWORD_PTR p2,
                                 DWORD *result);
/* Milliseconds of CLOCK_MONOTONIC. */
uint64_t pacm_alsaseq_now_ms(void);

#endif /* PORTACM_ALSASEQ_INT_H */
