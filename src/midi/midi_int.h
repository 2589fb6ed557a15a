/*
 * midi_int.h - the MIDI layer's internals (src/midi): one open MIDI device (HMIDIOUT, HMIDIIN or
 * HMIDISTRM) and its checked 32-bit handle, the helpers midiOut, midiIn and midiStream share,
 * the stream player and the MIDI mapper.
 */
#ifndef PORTACM_MIDI_INT_H
#define PORTACM_MIDI_INT_H

#include <pthread.h>
#include <stddef.h>

#include "devices_int.h"
#include "mmddk.h"
#include "mmsystem.h"

typedef struct pacm_midi_player pacm_midi_player;

/* One open device. `route` is a global device ID or PACM_DEV_MAPPER. */
typedef struct pacm_midi {
    pacm_dev_class cls;    /* PACM_DEV_MIDIOUT or PACM_DEV_MIDIIN */
    UINT route;
    UINT id;               /* what midiOutGetID / midiInGetID report */
    DWORD_PTR driver_user; /* the driver's instance value (written by it during *_OPEN) */
    uintptr_t handle;
    /* the client's callback (winmm notifies it itself for inputs and streams) */
    DWORD_PTR callback;
    DWORD_PTR instance;
    DWORD dcb; /* DCB_* type */
    BYTE running; /* winmm's running status of midiOutShortMsg (atomic) */
    bool stream;              /* a midiStream handle */
    pacm_midi_player *player; /* a stream winmm plays (NULL: the driver plays it, MIDICAPS_STREAM) */
    /* inputs: the output connected by midiConnect (0: none); `thru_winmm` when winmm forwards
     * (the driver answered DRVM_ADD_THRU with MMSYSERR_NOTSUPPORTED) */
    pthread_mutex_t thru_lock;
    uintptr_t thru;
    bool thru_winmm;
} pacm_midi;

/* The layer's one-time initialisation (midi_init.c), then the device drivers. */
void pacm_midi_init(void);

/* ---- handles (midi_handle.c) --------------------------------------------------------------- */
/* A handle lives in the devices layer's one table of handles (device_handle_int.h): a 32-bit
 * value that is never a device ID or a handle of another class; a call holds it between acquire
 * and release; closing waits until no other thread is inside a call on it. */
uintptr_t pacm_midi_handle_create(pacm_midi *midi);
/* `cls` PACM_DEV_MIDIOUT also accepts a stream handle. */
pacm_midi *pacm_midi_acquire(uintptr_t handle, pacm_dev_class cls);
void pacm_midi_release(uintptr_t handle);
/* Closes a held handle: waits for other calls, runs `close(midi)` and, unless it answers
 * MIDIERR_STILLPLAYING, invalidates the handle. Releases the caller's hold. */
MMRESULT pacm_midi_close(uintptr_t handle, pacm_midi *midi, MMRESULT (*close)(pacm_midi *midi));
void pacm_midi_handle_discard(uintptr_t handle);
bool pacm_midi_is_handle(uintptr_t value, pacm_dev_class cls);

/* ---- header flags (atomic: drivers change them on their threads while clients poll) -------- */
static inline DWORD *pacm_midi_flags_of(LPMIDIHDR pmh)
{
    return (DWORD *)(void *)((char *)pmh + offsetof(MIDIHDR, dwFlags));
}

static inline DWORD pacm_midi_flags(LPMIDIHDR pmh)
{
    return __atomic_load_n(pacm_midi_flags_of(pmh), __ATOMIC_ACQUIRE);
}

static inline void pacm_midi_flags_change(LPMIDIHDR pmh, DWORD set, DWORD clear)
{
    DWORD *flags = pacm_midi_flags_of(pmh);
    __atomic_store_n(flags, (__atomic_load_n(flags, __ATOMIC_RELAXED) & ~clear) | set, __ATOMIC_RELEASE);
}

/* The smallest header size accepted: up to dwOffset's start in the 32-bit layout. */
#define MIDI_HDR_MIN 44u

/* ---- shared helpers ------------------------------------------------------------------------ */
/* Sends `msg` to the driver serving `midi` with its instance value. */
DWORD pacm_midi_send(const pacm_midi *midi, UINT msg, DWORD_PTR p1, DWORD_PTR p2);
/* Notifies the client's callback of `midi` (inputs, streams). */
void pacm_midi_notify(const pacm_midi *midi, UINT msg, DWORD_PTR p1, DWORD_PTR p2);
/* Checks the arguments and the device, opens `cls`'s device `id` (MIDI_MAPPER too). With
 * `interpose`, the driver notifies winmm (which notifies the client). `stream`: the instance is
 * a stream, played by `player` (MIDI_IO_COOKED not passed: the player talks to the driver) or,
 * with a NULL `player`, by the driver itself (the caller passes MIDI_IO_COOKED in `flags`). */
MMRESULT pacm_midi_open(pacm_dev_class cls, uintptr_t *phandle, UINT id, DWORD_PTR callback, DWORD_PTR instance,
                        DWORD flags, bool interpose, bool stream, pacm_midi_player *player);
/* True when device `id` (a device ID, not the mapper) plays streams itself (MIDICAPS_STREAM). */
bool pacm_midi_driver_streams(UINT id);
/* Sends a packed short message (already resolved from running status) to the driver. */
MMRESULT pacm_midi_short(pacm_midi *midi, DWORD msg);
/* W caps of an ID, MIDI_MAPPER or handle into `caps` (`size` bytes). */
MMRESULT pacm_midi_caps(pacm_dev_class cls, UINT_PTR id, void *caps, UINT size);
/* midiOutPrepareHeader's work (driver, else winmm's default). */
MMRESULT pacm_midi_prepare(pacm_dev_class cls, uintptr_t handle, LPMIDIHDR pmh, UINT cbmh);
/* Input thru: forwards what an input received to its thru outputs. */
void pacm_midi_thru_forward(pacm_midi *in, UINT msg, DWORD_PTR p1);

/* ---- streams (midi_stream.c, midi_player.c) ------------------------------------------------ */
pacm_midi_player *pacm_midi_player_create(void);
/* Starts the player thread for the opened stream `midi` (false: out of resources). */
bool pacm_midi_player_start(pacm_midi *midi);
/* Stops and frees the player (the stream has been stopped). */
void pacm_midi_player_destroy(pacm_midi *midi);
MMRESULT pacm_midi_player_queue(pacm_midi *midi, LPMIDIHDR pmh);
void pacm_midi_player_pause(pacm_midi *midi);
void pacm_midi_player_restart(pacm_midi *midi);
void pacm_midi_player_stop(pacm_midi *midi);
MMRESULT pacm_midi_player_position(pacm_midi *midi, LPMMTIME pmmt);
MMRESULT pacm_midi_player_property(pacm_midi *midi, LPBYTE data, DWORD property);
/* True when `data` (`size` bytes) is a whole number of well-formed MIDIEVENTs. */
bool pacm_midi_stream_buffer_valid(const char *data, DWORD size);
/* True when `header` is the player's own (a MEVT_LONGMSG being sent). */
bool pacm_midi_player_header(const pacm_midi *midi, DWORD_PTR header);

/* ---- the mapper (midi_mapper.c) ---------------------------------------------------------- */
void pacm_midi_mapper_install(void);

#endif /* PORTACM_MIDI_INT_H */
