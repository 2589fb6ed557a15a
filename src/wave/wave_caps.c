/*
 * wave_caps.c - waveOutGetDevCaps / waveInGetDevCaps (A and W) and the error texts (spec
 * winmm-devices §4.2, §5.3). The driver always fills a full-size W structure; winmm copies
 * min(cb, sizeof) bytes to the caller (a CAPS2 structure gets zeroed GUIDs), and the A forms
 * convert the name to UTF-8 first.
 */
#include <stddef.h>
#include <string.h>

#include "device_handle_int.h"
#include "wave_int.h"

/* Resolves an ID-or-handle and asks the driver for the W caps into `caps` (`size` bytes). */
MMRESULT pacm_wave_caps(pacm_dev_class cls, UINT_PTR id, void *caps, UINT size)
{
    pacm_wave_init();
    UINT msg = cls == PACM_DEV_WAVEOUT ? WODM_GETDEVCAPS : WIDM_GETDEVCAPS;
    memset(caps, 0, size);
    if (id == WAVE_MAPPER || id == 0xFFFF || id == (UINT_PTR)-1) {
        if (!pacm_dev_has_mapper(cls))
            return MMSYSERR_BADDEVICEID;
        return pacm_dev_message(cls, PACM_DEV_MAPPER, msg, 0, (DWORD_PTR)caps, size);
    }
    if (id < pacm_dev_count(cls))
        return pacm_dev_message(cls, (UINT)id, msg, 0, (DWORD_PTR)caps, size);
    pacm_wave *wave = pacm_wave_acquire(id, cls);
    if (!wave)
        return MMSYSERR_BADDEVICEID;
    MMRESULT result = pacm_wave_send(wave, msg, (DWORD_PTR)caps, size);
    pacm_wave_release(id);
    return result;
}

/* Checks the ID first (BADDEVICEID), then the buffer (INVALPARAM); `caps` receives the W caps. */
static MMRESULT query(pacm_dev_class cls, UINT_PTR id, const void *client, void *caps, UINT size)
{
    pacm_wave_init();
    bool known = id == WAVE_MAPPER || id == 0xFFFF || id == (UINT_PTR)-1 ? pacm_dev_has_mapper(cls)
                                                                       : id < pacm_dev_count(cls) ||
                                                                             pacm_wave_is_handle(id, cls);
    if (!known)
        return MMSYSERR_BADDEVICEID;
    if (!client)
        return MMSYSERR_INVALPARAM;
    return pacm_wave_caps(cls, id, caps, size);
}

/* Copies min(cb, base) bytes, then zeroes the GUIDs of a CAPS2 structure as far as cb reaches. */
static void copy_out(void *client, UINT cb, const void *caps, size_t base, size_t extended)
{
    memcpy(client, caps, cb < base ? cb : base);
    if (cb > base)
        memset((char *)client + base, 0, (cb < extended ? cb : extended) - base);
}

PORTACM_API MMRESULT WINAPI waveOutGetDevCapsW(UINT_PTR uDeviceID, LPWAVEOUTCAPSW pwoc, UINT cbwoc)
{
    WAVEOUTCAPSW caps;
    MMRESULT result = query(PACM_DEV_WAVEOUT, uDeviceID, pwoc, &caps, sizeof caps);
    if (result == MMSYSERR_NOERROR)
        copy_out(pwoc, cbwoc, &caps, sizeof caps, sizeof(WAVEOUTCAPS2W));
    return result;
}

PORTACM_API MMRESULT WINAPI waveInGetDevCapsW(UINT_PTR uDeviceID, LPWAVEINCAPSW pwic, UINT cbwic)
{
    WAVEINCAPSW caps;
    MMRESULT result = query(PACM_DEV_WAVEIN, uDeviceID, pwic, &caps, sizeof caps);
    if (result == MMSYSERR_NOERROR)
        copy_out(pwic, cbwic, &caps, sizeof caps, sizeof(WAVEINCAPS2W));
    return result;
}

/* The A form of W caps: WAVEOUTCAPS and WAVEINCAPS are {wMid, wPid, vDriverVersion, szPname,
 * then `tail` bytes of numbers}, so only the name differs between A and W. */
static void caps_to_a(const void *w, void *a, size_t tail)
{
    const size_t head = 8; /* wMid, wPid, vDriverVersion */
    const size_t name_w = MAXPNAMELEN * sizeof(WCHAR), name_a = MAXPNAMELEN;
    WCHAR name[MAXPNAMELEN];
    memcpy(a, w, head);
    memcpy(name, (const char *)w + head, name_w);
    pacm_utf16_field_to_utf8(name, MAXPNAMELEN, (char *)a + head, name_a);
    memcpy((char *)a + head + name_a, (const char *)w + head + name_w, tail);
}

PORTACM_API MMRESULT WINAPI waveOutGetDevCapsA(UINT_PTR uDeviceID, LPWAVEOUTCAPSA pwoc, UINT cbwoc)
{
    WAVEOUTCAPSW caps;
    MMRESULT result = query(PACM_DEV_WAVEOUT, uDeviceID, pwoc, &caps, sizeof caps);
    if (result == MMSYSERR_NOERROR) {
        WAVEOUTCAPSA a;
        caps_to_a(&caps, &a, sizeof a - offsetof(WAVEOUTCAPSA, dwFormats));
        copy_out(pwoc, cbwoc, &a, sizeof a, sizeof(WAVEOUTCAPS2A));
    }
    return result;
}

PORTACM_API MMRESULT WINAPI waveInGetDevCapsA(UINT_PTR uDeviceID, LPWAVEINCAPSA pwic, UINT cbwic)
{
    WAVEINCAPSW caps;
    MMRESULT result = query(PACM_DEV_WAVEIN, uDeviceID, pwic, &caps, sizeof caps);
    if (result == MMSYSERR_NOERROR) {
        WAVEINCAPSA a;
        caps_to_a(&caps, &a, sizeof a - offsetof(WAVEINCAPSA, dwFormats));
        copy_out(pwic, cbwic, &a, sizeof a, sizeof(WAVEINCAPS2A));
    }
    return result;
}

/* ---- error texts: MMSYSERR 0-21 and WAVERR 32-35 (device_handle.c) -------------------- */

PORTACM_API MMRESULT WINAPI waveOutGetErrorTextA(MMRESULT mmrError, LPSTR pszText, UINT cchText)
{
    return pacm_dev_error_text(mmrError, WAVERR_BASE, WAVERR_LASTERROR, pszText, NULL, cchText);
}

PORTACM_API MMRESULT WINAPI waveOutGetErrorTextW(MMRESULT mmrError, LPWSTR pszText, UINT cchText)
{
    return pacm_dev_error_text(mmrError, WAVERR_BASE, WAVERR_LASTERROR, NULL, pszText, cchText);
}

PORTACM_API MMRESULT WINAPI waveInGetErrorTextA(MMRESULT mmrError, LPSTR pszText, UINT cchText)
{
    return waveOutGetErrorTextA(mmrError, pszText, cchText);
}

PORTACM_API MMRESULT WINAPI waveInGetErrorTextW(MMRESULT mmrError, LPWSTR pszText, UINT cchText)
{
    return waveOutGetErrorTextW(mmrError, pszText, cchText);
}
