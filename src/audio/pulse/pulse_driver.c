/*
 * pulse_driver.c - pulseaudio.drv's entry points: its DriverProc and the wodMessage /
 * widMessage functions (device count and caps here; per-open messages in pulse_out.c and
 * pulse_in.c).
 */
#include <stddef.h>
#include <string.h>

#include "audio_int.h"
#include "common_int.h"
#include "pulse_int.h"

#define PULSE_MID 0xFF /* as Wine's devices: no registered manufacturer */
#define PULSE_PID 0xFF
#define PULSE_DRIVER_VERSION 0x00010001u

LRESULT CALLBACK pacm_pulse_driver_proc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM p1, LPARAM p2)
{
    switch (msg) {
    case DRV_LOAD: /* the connection is made on first use (GETNUMDEVS or OPEN) */
    case DRV_ENABLE:
    case DRV_DISABLE:
    case DRV_OPEN:
    case DRV_CLOSE:
        return 1;
    case DRV_FREE:
        pacm_pulse_disconnect();
        return 1;
    case DRV_QUERYCONFIGURE:
        return 0; /* no configuration dialog */
    case DRV_INSTALL:
    case DRV_REMOVE:
        return DRVCNF_OK;
    default:
        return DefDriverProc(id, hdrvr, msg, p1, p2);
    }
}

/* The caps name: the device description, truncated to 31 UTF-16 units and terminated. */
static void caps_name(WCHAR name[MAXPNAMELEN], const pacm_pulse_device *d)
{
    memset(name, 0, MAXPNAMELEN * sizeof(WCHAR));
    pacm_utf8_to_utf16_buffer(d->description, name, MAXPNAMELEN);
}

/* WODM_GETDEVCAPS / WIDM_GETDEVCAPS: WAVEINCAPSW is WAVEOUTCAPSW without dwSupport, so both are
 * filled as a WAVEOUTCAPSW and cut to the caller's size (at most the structure's own). */
_Static_assert(offsetof(WAVEINCAPSW, wReserved1) == offsetof(WAVEOUTCAPSW, wReserved1) &&
                   sizeof(WAVEINCAPSW) == offsetof(WAVEOUTCAPSW, dwSupport),
               "WAVEINCAPSW is the start of WAVEOUTCAPSW");

static DWORD caps(pacm_pulse_dir dir, UINT dev, void *out, DWORD_PTR size)
{
    pacm_pulse_device d;
    WAVEOUTCAPSW c;
    if (!out)
        return MMSYSERR_INVALPARAM;
    if (!pacm_pulse_device_get(dir, dev, &d))
        return MMSYSERR_BADDEVICEID;
    memset(&c, 0, sizeof c);
    c.wMid = PULSE_MID;
    c.wPid = PULSE_PID;
    c.vDriverVersion = PULSE_DRIVER_VERSION;
    caps_name(c.szPname, &d);
    c.dwFormats = pacm_pulse_caps_formats();
    c.wChannels = (WORD)(d.channels > 8 ? 8 : d.channels);
    size_t max = sizeof(WAVEINCAPSW);
    if (dir == PACM_PULSE_OUT) {
        c.dwSupport = WAVECAPS_VOLUME | WAVECAPS_LRVOLUME | WAVECAPS_SAMPLEACCURATE;
        max = sizeof c;
    }
    memcpy(out, &c, size < max ? size : max);
    return MMSYSERR_NOERROR;
}

/* The messages both directions answer alike; false when `msg` is not one of them. */
static bool common_message(pacm_pulse_dir dir, UINT dev, UINT msg, DWORD_PTR p1, DWORD_PTR p2, DWORD *rc)
{
    bool out = dir == PACM_PULSE_OUT;
    if (msg == DRVM_INIT || msg == DRVM_EXIT || msg == DRVM_ENABLE || msg == DRVM_DISABLE)
        *rc = MMSYSERR_NOERROR;
    else if (msg == (out ? WODM_GETNUMDEVS : WIDM_GETNUMDEVS))
        *rc = pacm_pulse_device_count(dir);
    else if (msg == (out ? WODM_GETDEVCAPS : WIDM_GETDEVCAPS))
        *rc = caps(dir, dev, (void *)p1, p2);
    else if (msg == (out ? WODM_PREPARE : WIDM_PREPARE) || msg == (out ? WODM_UNPREPARE : WIDM_UNPREPARE))
        *rc = MMSYSERR_NOTSUPPORTED; /* winmm's default does it */
    else
        return false;
    return true;
}

DWORD CALLBACK pacm_pulse_wod_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    DWORD rc;
    if (common_message(PACM_PULSE_OUT, dev, msg, p1, p2, &rc))
        return rc;
    if (msg == WODM_OPEN)
        return pacm_pulse_out_open(dev, (DWORD_PTR *)user, (const WAVEOPENDESC *)p1, (DWORD)p2);
    if ((msg == WODM_GETVOLUME || msg == WODM_SETVOLUME) && !user) /* by device ID */
        return pacm_pulse_device_volume(dev, msg, p1);
    if (msg >= WODM_CLOSE && msg <= WODM_BREAKLOOP)
        return pacm_pulse_out_message(msg, user, p1, p2);
    return MMSYSERR_NOTSUPPORTED;
}

DWORD CALLBACK pacm_pulse_wid_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    DWORD rc;
    if (common_message(PACM_PULSE_IN, dev, msg, p1, p2, &rc))
        return rc;
    if (msg == WIDM_OPEN)
        return pacm_pulse_in_open(dev, (DWORD_PTR *)user, (const WAVEOPENDESC *)p1, (DWORD)p2);
    if (msg >= WIDM_CLOSE && msg <= WIDM_GETPOS)
        return pacm_pulse_in_message(msg, user, p1, p2);
    return MMSYSERR_NOTSUPPORTED;
}
