/*
 * mixer_int.h - what the mixer layer's files share: the HMIXER table and the resolution of an
 * HMIXEROBJ (a mixer ID or handle, a wave ID or handle, ...) to the mixer device a driver
 * serves. Mixers come from the device drivers' mxdMessage (devices_int.h, PACM_DEV_MIXER);
 * the layer sits above the wave layer and reaches it only through the public wave API.
 */
#ifndef PORTACM_MIXER_INT_H
#define PORTACM_MIXER_INT_H

#include <stdbool.h>

#include "devices_int.h"
#include "mmddk.h"

/* The object-type bits of every fdw* argument (MIXER_OBJECTF_*). */
#define PACM_MIXER_OBJECT_MASK 0xF0000000u

/* A resolved HMIXEROBJ: the global mixer ID, and for an HMIXER the open instance (the driver's
 * dwUser from MXDM_OPEN) with a reference that pacm_mixer_target_release drops. */
typedef struct pacm_mixer_target {
    UINT device;
    DWORD_PTR driver_user; /* 0 when addressed by ID */
    UINT_PTR handle;       /* the held HMIXER; 0 when addressed by ID */
} pacm_mixer_target;

/* Checks fdw: the object type must be one of MIXER_OBJECTF_*, the bits between the object type
 * and `query_mask` must be clear, and (fdw & query_mask) must not exceed `max_query`.
 * MMSYSERR_INVALFLAG otherwise. */
MMRESULT pacm_mixer_check_flags(DWORD fdw, DWORD query_mask, DWORD max_query);

/* Resolves `object` as fdw's MIXER_OBJECTF_* type says. MMSYSERR_BADDEVICEID (no such ID),
 * MMSYSERR_INVALHANDLE (no such handle), MMSYSERR_NODRIVER (a device without a mixer),
 * MMSYSERR_INVALFLAG (an unknown object type). */
MMRESULT pacm_mixer_resolve(HMIXEROBJ object, DWORD fdw, pacm_mixer_target *target);
void pacm_mixer_target_release(pacm_mixer_target *target);

/* Sends a mixer driver message to the resolved target. */
DWORD pacm_mixer_send(const pacm_mixer_target *target, UINT msg, DWORD_PTR p1, DWORD_PTR p2);

/* Open mixers (mixer_handle.c, over the devices layer's table of handles): values fit in 32
 * bits, are never 0, never a small integer, never 0xFFFF or 0xFFFFFFFF, never another class's
 * handle. A new handle is unusable until published; NULL when out of memory or handles. */
HMIXER pacm_mixer_handle_create(UINT device);
/* Stores the driver's instance value once MXDM_OPEN succeeded and makes the handle usable. */
void pacm_mixer_handle_publish(HMIXER handle, DWORD_PTR driver_user);
/* Frees a handle whose open failed (never published). */
void pacm_mixer_handle_discard(HMIXER handle);
/* The device and instance of a live handle, held until pacm_mixer_target_release; false for
 * anything else. */
bool pacm_mixer_handle_acquire(UINT_PTR handle, pacm_mixer_target *target);
/* Closes a handle: later acquires fail; waits until no other call holds it, then sends
 * MXDM_CLOSE. MMSYSERR_INVALHANDLE for a bad handle. */
MMRESULT pacm_mixer_handle_close(UINT_PTR handle);

/* Text conversions for the A forms (ANSI is UTF-8): a W field to an A field of `chars` bytes,
 * always terminated, never reading past the W field; and back. */
void pacm_mixer_field_to_a(const WCHAR *wide, size_t wide_chars, CHAR *narrow, size_t chars);
void pacm_mixer_field_to_w(const CHAR *narrow, size_t narrow_chars, WCHAR *wide, size_t chars);

#endif /* PORTACM_MIXER_INT_H */
