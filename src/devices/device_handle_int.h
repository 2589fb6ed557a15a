/*
 * device_handle_int.h - the handles of open devices (HWAVEOUT, HWAVEIN, HMIDIOUT, HMIDIIN,
 * HMIDISTRM, HMIXER): one table for every class, so a handle of one class given where another
 * is expected is refused (MMSYSERR_INVALHANDLE), as Windows refuses it.
 *
 * A handle is a 32-bit value, 0x40000000 | (generation & 0x3FFF) << 16 | slot: never 0, never a
 * device ID (< 0x10000), 0xFFFF or 0xFFFFFFFF, and it survives the truncation of clients that
 * keep handles in 32 bits (NAudio's IntPtr marshalling, mixerOpen's UINT uMxId). The generation
 * changes each time a slot is reused, so a stale handle is refused, never dereferenced.
 *
 * A call holds the handle between pacm_dev_handle_acquire and pacm_dev_handle_release; closing waits
 * until no other call holds it. Each thread remembers which handles it holds (a call nested in
 * a callback on the same thread holds a handle twice), so a close called from the handle's own
 * callback does not wait for itself. No lock is held while the `close` function runs.
 *
 * Why not the common table (common_int.h, pacm_handle_*): its values are 64-bit and its close
 * does not wait for the calls in progress; device handles need both.
 */
#ifndef PORTACM_DEVICE_HANDLE_INT_H
#define PORTACM_DEVICE_HANDLE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "devices_int.h"

/* The class bit of `cls` for the `kinds` masks below. */
#define PACM_DEV_HANDLE_KIND(cls) (1u << (cls))

/* A new handle of class `cls` owning `object`; `destroy(object)` runs when the handle is gone
 * and no call holds it. `published` false: the handle exists (its value may be given to a
 * driver) but acquire and is_live refuse it until pacm_dev_handle_publish. 0 when out of memory or
 * slots (65536 open handles). */
uintptr_t pacm_dev_handle_create(void *object, pacm_dev_class cls, void (*destroy)(void *object), bool published);
/* The object of an unpublished handle (for its creator to finish before publishing); NULL for
 * anything else. */
void *pacm_dev_handle_unpublished(uintptr_t handle);
/* Makes an unpublished handle usable. */
void pacm_dev_handle_publish(uintptr_t handle);
/* The object of a published, open handle whose class is in `kinds`, held until
 * pacm_dev_handle_release; NULL for a forged, stale, closing or closed handle or another class. */
void *pacm_dev_handle_acquire(uintptr_t handle, unsigned kinds);
void pacm_dev_handle_release(uintptr_t handle);
/* Closes a handle this thread holds: refuses new calls, waits until no other thread holds it,
 * runs `close(object, context)` and, unless it answers `keep_open`, invalidates the handle.
 * Releases the caller's hold. MMSYSERR_INVALHANDLE (and the hold released) when the handle is
 * already closing. */
MMRESULT pacm_dev_handle_close(uintptr_t handle, MMRESULT (*close)(void *object, void *context), void *context,
                           MMRESULT keep_open);
/* Invalidates a handle whose open failed (nobody else holds it). */
void pacm_dev_handle_discard(uintptr_t handle);
/* True when `value` is a published, open handle whose class is in `kinds`. */
bool pacm_dev_handle_is_live(uintptr_t value, unsigned kinds);

/* The texts of waveOutGetErrorText and friends: `code` must be an MMSYSERR code (0-21) or in
 * [class_first, class_last] (WAVERR_*, MIDIERR_*). Windows' checks: NULL text
 * MMSYSERR_INVALPARAM, cch 0 MMSYSERR_NOERROR with nothing written, another code
 * MMSYSERR_BADERRNUM; the text is truncated to cch - 1 characters and terminated. One of `a`
 * and `w` is the destination. */
MMRESULT pacm_dev_error_text(MMRESULT code, MMRESULT class_first, MMRESULT class_last, LPSTR a, LPWSTR w, UINT cch);

#endif
