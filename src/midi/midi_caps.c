/*
 * midi_caps.c - midiOutGetNumDevs / midiInGetNumDevs, the capabilities (A and W) and the error
 * texts (spec winmm-devices §4.4, §4.5). The driver fills a full W structure; winmm copies
 * min(cb, sizeof) bytes (a CAPS2 structure gets zeroed GUIDs); the A forms convert the name.
 */
#include <stddef.h>
#include <string.h>

#include "device_handle_int.h"
#include "midi_int.h"

PORTACM_API UINT WINAPI midiOutGetNumDevs(void)
{
    pacm_midi_init();
    return pacm_dev_count(PACM_DEV_MIDIOUT);
}

PORTACM_API UINT WINAPI midiInGetNumDevs(void)
{
    pacm_midi_init();
    return pacm_dev_count(PACM_DEV_MIDIIN);
}

static bool is_mapper_id(UINT_PTR id)
{
    return id == 0xFFFF || id == (UINT_PTR)-1 || id == (UINT_PTR)(UINT)-1;
}

MMRESULT pacm_midi_caps(pacm_dev_class cls, UINT_PTR id, void *caps, UINT size)
{
    UINT msg = cls == PACM_DEV_MIDIOUT ? MODM_GETDEVCAPS : MIDM_GETDEVCAPS;
    memset(caps, 0, size);
    if (is_mapper_id(id))
        return pacm_dev_message(cls, PACM_DEV_MAPPER, msg, 0, (DWORD_PTR)caps, size);
    if (id < pacm_dev_count(cls))
        return pacm_dev_message(cls, (UINT)id, msg, 0, (DWORD_PTR)caps, size);
    pacm_midi *midi = pacm_midi_acquire(id, cls);
    if (!midi)
        return MMSYSERR_BADDEVICEID;
    MMRESULT result = pacm_midi_send(midi, msg, (DWORD_PTR)caps, size);
    pacm_midi_release(id);
    return result;
}

/* The ID first (BADDEVICEID), then the buffer (INVALPARAM). */
static MMRESULT query(pacm_dev_class cls, UINT_PTR id, const void *client, void *caps, UINT size)
{
    pacm_midi_init();
    bool known = is_mapper_id(id) ? cls == PACM_DEV_MIDIOUT && pacm_dev_has_mapper(cls)
                                  : id < pacm_dev_count(cls) || pacm_midi_is_handle(id, cls);
    if (!known)
        return MMSYSERR_BADDEVICEID;
    if (!client)
        return MMSYSERR_INVALPARAM;
    return pacm_midi_caps(cls, id, caps, size);
}

static void copy_out(void *client, UINT cb, const void *caps, size_t base, size_t extended)
{
    memcpy(client, caps, cb < base ? cb : base);
    if (cb > base)
        memset((char *)client + base, 0, (cb < extended ? cb : extended) - base);
}

/* MIDIOUTCAPS and MIDIINCAPS: {wMid, wPid, vDriverVersion, szPname, `tail` bytes} (the name
 * ends at offsetof(MIDIINCAPSA, dwSupport) in both A structures). */
static void caps_to_a(const void *w, void *a, size_t tail)
{
    const size_t head = 8, name_w = MAXPNAMELEN * sizeof(WCHAR);
    WCHAR name[MAXPNAMELEN];
    memcpy(a, w, head);
    memcpy(name, (const char *)w + head, name_w);
    pacm_utf16_field_to_utf8(name, MAXPNAMELEN, (char *)a + head, MAXPNAMELEN);
    memcpy((char *)a + head + MAXPNAMELEN, (const char *)w + head + name_w, tail);
}

/* The caps of `cls` into the client's structure, W or (`ansi`) A. */
static MMRESULT get_caps(pacm_dev_class cls, UINT_PTR id, void *client, UINT cb, bool ansi)
{
    bool out = cls == PACM_DEV_MIDIOUT;
    union {
        MIDIOUTCAPSW out;
        MIDIINCAPSW in;
    } w;
    size_t w_size = out ? sizeof w.out : sizeof w.in;
    MMRESULT result = query(cls, id, client, &w, (UINT)w_size);
    if (result != MMSYSERR_NOERROR)
        return result;
    if (!ansi) {
        copy_out(client, cb, &w, w_size, out ? sizeof(MIDIOUTCAPS2W) : sizeof(MIDIINCAPS2W));
        return result;
    }
    union {
        MIDIOUTCAPSA out;
        MIDIINCAPSA in;
    } a;
    size_t a_size = out ? sizeof a.out : sizeof a.in;
    caps_to_a(&w, &a, a_size - offsetof(MIDIINCAPSA, dwSupport));
    copy_out(client, cb, &a, a_size, out ? sizeof(MIDIOUTCAPS2A) : sizeof(MIDIINCAPS2A));
    return result;
}

PORTACM_API MMRESULT WINAPI midiOutGetDevCapsW(UINT_PTR uDeviceID, LPMIDIOUTCAPSW pmoc, UINT cbmoc)
{
    return get_caps(PACM_DEV_MIDIOUT, uDeviceID, pmoc, cbmoc, false);
}

PORTACM_API MMRESULT WINAPI midiOutGetDevCapsA(UINT_PTR uDeviceID, LPMIDIOUTCAPSA pmoc, UINT cbmoc)
{
    return get_caps(PACM_DEV_MIDIOUT, uDeviceID, pmoc, cbmoc, true);
}

PORTACM_API MMRESULT WINAPI midiInGetDevCapsW(UINT_PTR uDeviceID, LPMIDIINCAPSW pmic, UINT cbmic)
{
    return get_caps(PACM_DEV_MIDIIN, uDeviceID, pmic, cbmic, false);
}

PORTACM_API MMRESULT WINAPI midiInGetDevCapsA(UINT_PTR uDeviceID, LPMIDIINCAPSA pmic, UINT cbmic)
{
    return get_caps(PACM_DEV_MIDIIN, uDeviceID, pmic, cbmic, true);
}

/* ---- error texts: MMSYSERR 0-21 and MIDIERR 64-71 (device_handle.c) -------------------- */

PORTACM_API MMRESULT WINAPI midiOutGetErrorTextA(MMRESULT mmrError, LPSTR pszText, UINT cchText)
{
    return pacm_dev_error_text(mmrError, MIDIERR_BASE, MIDIERR_LASTERROR, pszText, NULL, cchText);
}

PORTACM_API MMRESULT WINAPI midiOutGetErrorTextW(MMRESULT mmrError, LPWSTR pszText, UINT cchText)
{
    return pacm_dev_error_text(mmrError, MIDIERR_BASE, MIDIERR_LASTERROR, NULL, pszText, cchText);
}

PORTACM_API MMRESULT WINAPI midiInGetErrorTextA(MMRESULT mmrError, LPSTR pszText, UINT cchText)
{
    return midiOutGetErrorTextA(mmrError, pszText, cchText);
}

PORTACM_API MMRESULT WINAPI midiInGetErrorTextW(MMRESULT mmrError, LPWSTR pszText, UINT cchText)
{
    return midiOutGetErrorTextW(mmrError, pszText, cchText);
}
