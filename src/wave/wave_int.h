/*
 * wave_int.h - the wave layer's internals (src/wave): one open wave device (an HWAVEOUT or
 * HWAVEIN) and its checked 32-bit handle, the helpers the waveOut and waveIn functions share.
 */
#ifndef PORTACM_WAVE_INT_H
#define PORTACM_WAVE_INT_H

#include <stddef.h>

#include "devices_int.h"
#include "mmddk.h"
#include "mmsystem.h"

/* One open device. `route` is where its messages go: a global device ID, or PACM_DEV_MAPPER
 * when the wave mapper serves it (WAVE_MAPPER, WAVE_MAPPED, or an implicit mapping). */
typedef struct pacm_wave {
    pacm_dev_class cls;    /* PACM_DEV_WAVEOUT or PACM_DEV_WAVEIN */
    UINT route;
    UINT id;               /* what waveOutGetID reports */
    DWORD_PTR driver_user; /* the driver's instance value (written by it during *_OPEN) */
    WAVEFORMATEX *format;  /* winmm's copy of the client's format */
} pacm_wave;

/* The wave layer's one-time initialisation (wave_init.c), then the device drivers. Every
 * waveOut/waveIn function calls it first. */
void pacm_wave_init(void);

/* ---- handles (wave_handle.c) ------------------------------------------------------------- */
/* A handle is a 32-bit value >= 0x40000000 (never a device ID, 0xFFFF or 0xFFFFFFFF): a slot
 * index and the slot's generation. A call holds the handle between acquire and release;
 * closing waits until no other thread holds it, so a driver never gets a message for an
 * instance it has closed. */

/* A new handle owning `wave` (freed with it); 0 when out of memory or slots. */
uintptr_t pacm_wave_handle_create(pacm_wave *wave);
/* The open device of class `cls` named by `handle`, held until pacm_wave_release; NULL for a
 * forged, stale, closed or closing handle, or one of the other class. */
pacm_wave *pacm_wave_acquire(uintptr_t handle, pacm_dev_class cls);
void pacm_wave_release(uintptr_t handle);
/* Closes `handle` (from pacm_wave_acquire, still held): blocks new calls, waits until no other
 * thread is inside a call on it, sends `msg` (WODM_CLOSE / WIDM_CLOSE) and, unless the driver
 * answers WAVERR_STILLPLAYING, invalidates the handle. Releases the caller's hold. */
MMRESULT pacm_wave_close(uintptr_t handle, pacm_wave *wave, UINT msg);
/* Discards a handle whose open failed (nobody else knows it). */
void pacm_wave_handle_discard(uintptr_t handle);
/* True when `value` is a live wave handle of `cls` (for ID-or-handle parameters). */
bool pacm_wave_is_handle(uintptr_t value, pacm_dev_class cls);

/* ---- header flags ---------------------------------------------------------------------------- */
/* A WAVEHDR's dwFlags, read and written atomically: the driver's thread changes them while the
 * client polls them (NAudio does), and winmm writes them on whichever thread calls. */
static inline DWORD *pacm_wave_flags_of(LPWAVEHDR pwh)
{
    return (DWORD *)(void *)((char *)pwh + offsetof(WAVEHDR, dwFlags));
}

static inline DWORD pacm_wave_flags(LPWAVEHDR pwh)
{
    return __atomic_load_n(pacm_wave_flags_of(pwh), __ATOMIC_ACQUIRE);
}

/* Sets the bits of `set` and clears those of `clear`. */
static inline void pacm_wave_flags_change(LPWAVEHDR pwh, DWORD set, DWORD clear)
{
    DWORD *flags = pacm_wave_flags_of(pwh);
    __atomic_store_n(flags, (__atomic_load_n(flags, __ATOMIC_RELAXED) & ~clear) | set, __ATOMIC_RELEASE);
}

/* ---- shared by waveOut and waveIn ---------------------------------------------------------- */
/* Sends `msg` to the driver serving `wave` with its instance value. */
DWORD pacm_wave_send(const pacm_wave *wave, UINT msg, DWORD_PTR p1, DWORD_PTR p2);
/* waveOutOpen / waveInOpen. */
MMRESULT pacm_wave_open(pacm_dev_class cls, uintptr_t *phandle, UINT id, LPCWAVEFORMATEX pwfx, DWORD_PTR callback,
                        DWORD_PTR instance, DWORD flags);
/* Acquire, send one message without parameters, release (Pause, Restart, Reset, ...). */
MMRESULT pacm_wave_simple(pacm_dev_class cls, uintptr_t handle, UINT msg);
/* The W capabilities of a device ID, WAVE_MAPPER or open handle, into `caps` (sizeof
 * WAVEOUTCAPSW or WAVEINCAPSW bytes, `size`). */
MMRESULT pacm_wave_caps(pacm_dev_class cls, UINT_PTR id, void *caps, UINT size);

#endif /* PORTACM_WAVE_INT_H */
