/*
 * aux.c - auxiliary audio devices (aux*): the devices of the drivers' auxMessage, numbered
 * across drivers in load order. Neither built-in driver has any, so a normal machine answers
 * as today's Windows machines do: no device, MMSYSERR_BADDEVICEID for every ID.
 *
 * A bad ID gives MMSYSERR_BADDEVICEID, the code Microsoft documents for every aux function
 * (Wine answers MMSYSERR_INVALHANDLE from auxGetVolume, auxSetVolume and auxOutMessage).
 * AUX_MAPPER addresses no device: there is no aux mapper.
 */
#include <string.h>

#include "mixer_int.h"

/* Whether `id` is an aux device (a UINT_PTR wider than 32 bits never is). */
static bool aux_exists(UINT_PTR id)
{
    return id < pacm_dev_count(PACM_DEV_AUX);
}

static DWORD aux_send(UINT id, UINT msg, DWORD_PTR p1, DWORD_PTR p2)
{
    return pacm_dev_message(PACM_DEV_AUX, id, msg, 0, p1, p2);
}

UINT WINAPI auxGetNumDevs(void)
{
    return pacm_dev_count(PACM_DEV_AUX);
}

/* The driver's caps in a full AUXCAPSW of winmm's own (terminated name). */
static MMRESULT query_caps(UINT_PTR id, AUXCAPSW *caps)
{
    if (!aux_exists(id))
        return MMSYSERR_BADDEVICEID;
    memset(caps, 0, sizeof *caps);
    MMRESULT result = (MMRESULT)aux_send((UINT)id, AUXDM_GETDEVCAPS, (DWORD_PTR)caps, sizeof *caps);
    caps->szPname[MAXPNAMELEN - 1] = 0;
    return result;
}

MMRESULT WINAPI auxGetDevCapsW(UINT_PTR uDeviceID, LPAUXCAPSW pac, UINT cbac)
{
    if (!pac)
        return MMSYSERR_INVALPARAM;
    AUXCAPSW caps;
    MMRESULT result = query_caps(uDeviceID, &caps);
    if (result == MMSYSERR_NOERROR)
        memcpy(pac, &caps, cbac < sizeof caps ? cbac : sizeof caps);
    return result;
}

MMRESULT WINAPI auxGetDevCapsA(UINT_PTR uDeviceID, LPAUXCAPSA pac, UINT cbac)
{
    if (!pac)
        return MMSYSERR_INVALPARAM;
    AUXCAPSW wide;
    MMRESULT result = query_caps(uDeviceID, &wide);
    if (result != MMSYSERR_NOERROR)
        return result;
    AUXCAPSA narrow;
    memset(&narrow, 0, sizeof narrow);
    narrow.wMid = wide.wMid;
    narrow.wPid = wide.wPid;
    narrow.vDriverVersion = wide.vDriverVersion;
    pacm_mixer_field_to_a(wide.szPname, MAXPNAMELEN, narrow.szPname, MAXPNAMELEN);
    narrow.wTechnology = wide.wTechnology;
    narrow.wReserved1 = wide.wReserved1;
    narrow.dwSupport = wide.dwSupport;
    memcpy(pac, &narrow, cbac < sizeof narrow ? cbac : sizeof narrow);
    return MMSYSERR_NOERROR;
}

MMRESULT WINAPI auxGetVolume(UINT uDeviceID, LPDWORD pdwVolume)
{
    if (!aux_exists(uDeviceID))
        return MMSYSERR_BADDEVICEID;
    if (!pdwVolume)
        return MMSYSERR_INVALPARAM;
    return (MMRESULT)aux_send(uDeviceID, AUXDM_GETVOLUME, (DWORD_PTR)pdwVolume, 0);
}

MMRESULT WINAPI auxSetVolume(UINT uDeviceID, DWORD dwVolume)
{
    if (!aux_exists(uDeviceID))
        return MMSYSERR_BADDEVICEID;
    return (MMRESULT)aux_send(uDeviceID, AUXDM_SETVOLUME, dwVolume, 0);
}

MMRESULT WINAPI auxOutMessage(UINT uDeviceID, UINT uMsg, DWORD_PTR dw1, DWORD_PTR dw2)
{
    if (!aux_exists(uDeviceID))
        return MMSYSERR_BADDEVICEID;
    return (MMRESULT)aux_send(uDeviceID, uMsg, dw1, dw2);
}
