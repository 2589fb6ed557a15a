/*
 * mixer.c - mixerGetNumDevs, mixerGetDevCaps, mixerOpen, mixerClose, mixerMessage.
 *
 * Mixers are the devices of the drivers' mxdMessage, numbered across drivers in load order
 * (devices_int.h). GETDEVCAPS goes to the driver with a full-size MIXERCAPSW of winmm's own,
 * and only min(cbmxcaps, sizeof) bytes reach the caller, so a driver can never write past the
 * caller's structure; the A form converts the name to UTF-8 (portacm's ANSI).
 */
#include <string.h>

#include "mixer_int.h"
#include "winuser.h"

UINT WINAPI mixerGetNumDevs(void)
{
    return pacm_dev_count(PACM_DEV_MIXER);
}

/* A caps ID: a mixer ID, or an HMIXER in its place (as Windows accepts). */
static MMRESULT resolve_caps_id(UINT_PTR id, pacm_mixer_target *target)
{
    target->driver_user = 0;
    target->handle = 0;
    if (id < pacm_dev_count(PACM_DEV_MIXER)) {
        target->device = (UINT)id;
        return MMSYSERR_NOERROR;
    }
    return pacm_mixer_handle_acquire(id, target) ? MMSYSERR_NOERROR : MMSYSERR_BADDEVICEID;
}

/* Asks the driver for its caps in a full MIXERCAPSW (terminated name). */
static MMRESULT query_caps(UINT_PTR id, MIXERCAPSW *caps)
{
    pacm_mixer_target target;
    MMRESULT result = resolve_caps_id(id, &target);
    if (result != MMSYSERR_NOERROR)
        return result;
    memset(caps, 0, sizeof *caps);
    result = pacm_mixer_send(&target, MXDM_GETDEVCAPS, (DWORD_PTR)caps, sizeof *caps);
    pacm_mixer_target_release(&target);
    caps->szPname[MAXPNAMELEN - 1] = 0;
    return result;
}

MMRESULT WINAPI mixerGetDevCapsW(UINT_PTR uMxId, LPMIXERCAPSW pmxcaps, UINT cbmxcaps)
{
    if (!pmxcaps)
        return MMSYSERR_INVALPARAM;
    if (cbmxcaps == 0)
        return MMSYSERR_NOERROR;
    MIXERCAPSW caps;
    MMRESULT result = query_caps(uMxId, &caps);
    if (result == MMSYSERR_NOERROR)
        memcpy(pmxcaps, &caps, cbmxcaps < sizeof caps ? cbmxcaps : sizeof caps);
    return result;
}

MMRESULT WINAPI mixerGetDevCapsA(UINT_PTR uMxId, LPMIXERCAPSA pmxcaps, UINT cbmxcaps)
{
    if (!pmxcaps)
        return MMSYSERR_INVALPARAM;
    if (cbmxcaps == 0)
        return MMSYSERR_NOERROR;
    MIXERCAPSW wide;
    MMRESULT result = query_caps(uMxId, &wide);
    if (result != MMSYSERR_NOERROR)
        return result;
    MIXERCAPSA narrow;
    memset(&narrow, 0, sizeof narrow);
    narrow.wMid = wide.wMid;
    narrow.wPid = wide.wPid;
    narrow.vDriverVersion = wide.vDriverVersion;
    pacm_mixer_field_to_a(wide.szPname, MAXPNAMELEN, narrow.szPname, MAXPNAMELEN);
    narrow.fdwSupport = wide.fdwSupport;
    narrow.cDestinations = wide.cDestinations;
    memcpy(pmxcaps, &narrow, cbmxcaps < sizeof narrow ? cbmxcaps : sizeof narrow);
    return MMSYSERR_NOERROR;
}

/* fdwOpen's callback type: window, thread and event notifications are delivered; a function
 * is refused with MMSYSERR_INVALFLAG as on Windows 2000 and later (Wine's notes): the mixer
 * notifies only through windows (or, since Windows 2000, threads and events). */
static MMRESULT check_open_callback(DWORD_PTR callback, DWORD fdwOpen)
{
    if (fdwOpen & ~(PACM_MIXER_OBJECT_MASK | CALLBACK_TYPEMASK))
        return MMSYSERR_INVALFLAG;
    switch (fdwOpen & CALLBACK_TYPEMASK) {
    case CALLBACK_NULL:
    case CALLBACK_THREAD:
    case CALLBACK_EVENT:
        return MMSYSERR_NOERROR;
    case CALLBACK_WINDOW:
        return callback && !IsWindow((HWND)callback) ? MMSYSERR_INVALPARAM : MMSYSERR_NOERROR;
    default:
        return MMSYSERR_INVALFLAG;
    }
}

MMRESULT WINAPI mixerOpen(LPHMIXER phmx, UINT uMxId, DWORD_PTR dwCallback, DWORD_PTR dwInstance, DWORD fdwOpen)
{
    MMRESULT result = pacm_mixer_check_flags(fdwOpen & ~(DWORD)CALLBACK_TYPEMASK, 0, 0);
    if (result == MMSYSERR_NOERROR)
        result = check_open_callback(dwCallback, fdwOpen);
    if (result != MMSYSERR_NOERROR)
        return result;
    if (!phmx)
        return MMSYSERR_INVALPARAM;
    pacm_mixer_target target;
    result = pacm_mixer_resolve((HMIXEROBJ)(UINT_PTR)uMxId, fdwOpen, &target);
    if (result != MMSYSERR_NOERROR)
        return result;
    UINT device = target.device;
    pacm_mixer_target_release(&target);

    HMIXER handle = pacm_mixer_handle_create(device);
    if (!handle)
        return MMSYSERR_NOMEM;
    MIXEROPENDESC desc = {.hmx = handle, .dwCallback = dwCallback, .dwInstance = dwInstance};
    DWORD_PTR driver_user = 0;
    result = (MMRESULT)pacm_dev_message(PACM_DEV_MIXER, device, MXDM_OPEN, (DWORD_PTR)&driver_user,
                                        (DWORD_PTR)&desc, fdwOpen & CALLBACK_TYPEMASK);
    if (result != MMSYSERR_NOERROR) {
        pacm_mixer_handle_discard(handle);
        return result;
    }
    pacm_mixer_handle_publish(handle, driver_user);
    *phmx = handle;
    return MMSYSERR_NOERROR;
}

MMRESULT WINAPI mixerClose(HMIXER hmx)
{
    return pacm_mixer_handle_close((UINT_PTR)hmx);
}

DWORD WINAPI mixerMessage(HMIXER hmx, UINT uMsg, DWORD_PTR dwParam1, DWORD_PTR dwParam2)
{
    pacm_mixer_target target;
    MMRESULT result = resolve_caps_id((UINT_PTR)hmx, &target);
    if (result != MMSYSERR_NOERROR)
        return MMSYSERR_INVALHANDLE;
    DWORD answer;
    /* The standard messages go through their functions only (as waveOutMessage refuses them). */
    if (uMsg < DRVM_IOCTL || (uMsg >= DRVM_IOCTL_LAST && uMsg < DRVM_MAPPER))
        answer = MMSYSERR_INVALPARAM;
    else
        answer = pacm_mixer_send(&target, uMsg, dwParam1, dwParam2);
    pacm_mixer_target_release(&target);
    return answer;
}
