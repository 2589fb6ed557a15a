/*
 * midi_out.c - midiOutShortMsg, midiOutLongMsg, midiOutReset, volume, patch caching, GetID and
 * Message (spec winmm-devices §4.4, §6.11).
 *
 * Running status is resolved here, for every driver: a driver always receives complete
 * messages (status byte in the low byte). A status 0x80-0xEF becomes the handle's running
 * status, 0xF0-0xF7 clears it, real time (0xF8-0xFF) leaves it; a data byte in the low byte is
 * re-packed behind the running status, or dropped (NOERROR) when there is none. Long messages and
 * midiOutReset clear it. On a stream handle a data byte is MIDIERR_BADOPENMODE.
 */
#include "midi_int.h"

MMRESULT pacm_midi_short(pacm_midi *midi, DWORD msg)
{
    BYTE status = (BYTE)(msg & 0xFF);
    if (status < 0x80) {
        BYTE running = __atomic_load_n(&midi->running, __ATOMIC_RELAXED);
        if (!running)
            return MMSYSERR_NOERROR;
        msg = running | (msg & 0xFFFFu) << 8;
    } else if (status < 0xF0) {
        __atomic_store_n(&midi->running, status, __ATOMIC_RELAXED);
    } else if (status < 0xF8) {
        __atomic_store_n(&midi->running, 0, __ATOMIC_RELAXED);
    }
    return pacm_midi_send(midi, MODM_DATA, msg, 0);
}

PORTACM_API MMRESULT WINAPI midiOutShortMsg(HMIDIOUT hmo, DWORD dwMsg)
{
    uintptr_t handle = (uintptr_t)hmo;
    pacm_midi *midi = pacm_midi_acquire(handle, PACM_DEV_MIDIOUT);
    if (!midi)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = (midi->stream && (dwMsg & 0xFF) < 0x80) ? MIDIERR_BADOPENMODE : pacm_midi_short(midi, dwMsg);
    pacm_midi_release(handle);
    return result;
}

/* Order: handle, header (NULL or short: INVALPARAM), not prepared, queued. After the driver
 * accepted the header winmm never touches it again (the driver may have completed it and the
 * client freed it). */
PORTACM_API MMRESULT WINAPI midiOutLongMsg(HMIDIOUT hmo, LPMIDIHDR pmh, UINT cbmh)
{
    uintptr_t handle = (uintptr_t)hmo;
    pacm_midi *midi = pacm_midi_acquire(handle, PACM_DEV_MIDIOUT);
    if (!midi)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result;
    if (!pmh || cbmh < MIDI_HDR_MIN || !pmh->lpData)
        result = MMSYSERR_INVALPARAM;
    else if (!(pacm_midi_flags(pmh) & MHDR_PREPARED))
        result = MIDIERR_UNPREPARED;
    else if (pacm_midi_flags(pmh) & MHDR_INQUEUE)
        result = MIDIERR_STILLPLAYING;
    else {
        __atomic_store_n(&midi->running, 0, __ATOMIC_RELAXED);
        pacm_midi_flags_change(pmh, MHDR_INQUEUE, MHDR_DONE);
        result = pacm_midi_send(midi, MODM_LONGDATA, (DWORD_PTR)pmh, cbmh);
        if (result != MMSYSERR_NOERROR)
            pacm_midi_flags_change(pmh, 0, MHDR_INQUEUE);
    }
    pacm_midi_release(handle);
    return result;
}

PORTACM_API MMRESULT WINAPI midiOutReset(HMIDIOUT hmo)
{
    uintptr_t handle = (uintptr_t)hmo;
    pacm_midi *midi = pacm_midi_acquire(handle, PACM_DEV_MIDIOUT);
    if (!midi)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result;
    if (midi->player) {
        pacm_midi_player_stop(midi);
        result = MMSYSERR_NOERROR;
    } else {
        result = pacm_midi_send(midi, MODM_RESET, 0, 0);
    }
    __atomic_store_n(&midi->running, 0, __ATOMIC_RELAXED);
    pacm_midi_release(handle);
    return result;
}

/* A message for an open handle or, in its place, a device ID (or MIDI_MAPPER). */
static MMRESULT id_or_handle(UINT_PTR value, UINT msg, DWORD_PTR p1, DWORD_PTR p2)
{
    pacm_midi_init();
    pacm_midi *midi = pacm_midi_acquire(value, PACM_DEV_MIDIOUT);
    if (midi) {
        MMRESULT result = pacm_midi_send(midi, msg, p1, p2);
        pacm_midi_release(value);
        return result;
    }
    if (value == MIDI_MAPPER || value == 0xFFFF || value == (UINT_PTR)(UINT)-1)
        return pacm_dev_has_mapper(PACM_DEV_MIDIOUT) ? pacm_dev_message(PACM_DEV_MIDIOUT, PACM_DEV_MAPPER, msg, 0, p1, p2)
                                                    : MMSYSERR_INVALHANDLE;
    if (value < pacm_dev_count(PACM_DEV_MIDIOUT))
        return pacm_dev_message(PACM_DEV_MIDIOUT, (UINT)value, msg, 0, p1, p2);
    return MMSYSERR_INVALHANDLE;
}

PORTACM_API MMRESULT WINAPI midiOutGetVolume(HMIDIOUT hmo, LPDWORD pdwVolume)
{
    if (!pdwVolume)
        return MMSYSERR_INVALPARAM;
    return id_or_handle((UINT_PTR)hmo, MODM_GETVOLUME, (DWORD_PTR)pdwVolume, 0);
}

PORTACM_API MMRESULT WINAPI midiOutSetVolume(HMIDIOUT hmo, DWORD dwVolume)
{
    return id_or_handle((UINT_PTR)hmo, MODM_SETVOLUME, dwVolume, 0);
}

/* The driver answers (MMSYSERR_NOTSUPPORTED without MIDICAPS_CACHE). p1 = the array, p2 =
 * MAKELONG(fuCache, bank or drum patch). */
static MMRESULT cache(HMIDIOUT hmo, UINT msg, UINT which, LPWORD array, UINT fuCache)
{
    uintptr_t handle = (uintptr_t)hmo;
    pacm_midi *midi = pacm_midi_acquire(handle, PACM_DEV_MIDIOUT);
    if (!midi)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result;
    if (!array || fuCache < MIDI_CACHE_ALL || fuCache > MIDI_UNCACHE)
        result = MMSYSERR_INVALPARAM;
    else
        result = pacm_midi_send(midi, msg, (DWORD_PTR)array, MAKELONG(fuCache, which));
    pacm_midi_release(handle);
    return result;
}

PORTACM_API MMRESULT WINAPI midiOutCachePatches(HMIDIOUT hmo, UINT uBank, LPWORD pwpa, UINT fuCache)
{
    return cache(hmo, MODM_CACHEPATCHES, uBank, pwpa, fuCache);
}

PORTACM_API MMRESULT WINAPI midiOutCacheDrumPatches(HMIDIOUT hmo, UINT uPatch, LPWORD pwkya, UINT fuCache)
{
    return cache(hmo, MODM_CACHEDRUMPATCHES, uPatch, pwkya, fuCache);
}

static MMRESULT get_id(pacm_dev_class cls, uintptr_t handle, LPUINT puDeviceID)
{
    if (!puDeviceID)
        return MMSYSERR_INVALPARAM;
    pacm_midi *midi = pacm_midi_acquire(handle, cls);
    if (!midi)
        return MMSYSERR_INVALHANDLE;
    *puDeviceID = midi->id;
    pacm_midi_release(handle);
    return MMSYSERR_NOERROR;
}

PORTACM_API MMRESULT WINAPI midiOutGetID(HMIDIOUT hmo, LPUINT puDeviceID)
{
    return get_id(PACM_DEV_MIDIOUT, (uintptr_t)hmo, puDeviceID);
}

PORTACM_API MMRESULT WINAPI midiInGetID(HMIDIIN hmi, LPUINT puDeviceID)
{
    return get_id(PACM_DEV_MIDIIN, (uintptr_t)hmi, puDeviceID);
}

/* A handle: the message goes to its driver (open and close refused). A device ID: only the
 * DRV_QUERY* messages. */
static MMRESULT message(pacm_dev_class cls, uintptr_t value, UINT msg, DWORD_PTR p1, DWORD_PTR p2)
{
    pacm_midi_init();
    UINT open = cls == PACM_DEV_MIDIOUT ? MODM_OPEN : MIDM_OPEN, close = cls == PACM_DEV_MIDIOUT ? MODM_CLOSE : MIDM_CLOSE;
    pacm_midi *midi = pacm_midi_acquire(value, cls);
    if (midi) {
        MMRESULT result = msg == open || msg == close ? MMSYSERR_NOTSUPPORTED : pacm_midi_send(midi, msg, p1, p2);
        pacm_midi_release(value);
        return result;
    }
    if (value < pacm_dev_count(cls) && msg >= DRV_RESERVED && msg < DRV_USER)
        return pacm_dev_message(cls, (UINT)value, msg, 0, p1, p2);
    return MMSYSERR_INVALHANDLE;
}

PORTACM_API MMRESULT WINAPI midiOutMessage(HMIDIOUT hmo, UINT uMsg, DWORD_PTR dw1, DWORD_PTR dw2)
{
    return message(PACM_DEV_MIDIOUT, (uintptr_t)hmo, uMsg, dw1, dw2);
}

PORTACM_API MMRESULT WINAPI midiInMessage(HMIDIIN hmi, UINT uMsg, DWORD_PTR dw1, DWORD_PTR dw2)
{
    return message(PACM_DEV_MIDIIN, (uintptr_t)hmi, uMsg, dw1, dw2);
}
