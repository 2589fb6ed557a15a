/*
 * pulse_driver.c - pulseaudio.drv's entry points: its DriverProc and the wodMessage /
 * widMessage functions (device count and caps here; per-open messages in pulse_out.c and
 * pulse_in.c).
 */
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

static DWORD out_caps(UINT dev, WAVEOUTCAPSW *caps, DWORD_PTR size)
{
    pacm_pulse_device d;
    WAVEOUTCAPSW c;
    if (!caps)
        return MMSYSERR_INVALPARAM;
    if (!pacm_pulse_device_get(PACM_PULSE_OUT, dev, &d))
        return MMSYSERR_BADDEVICEID;
    memset(&c, 0, sizeof c);
    c.wMid = PULSE_MID;
    c.wPid = PULSE_PID;
    c.vDriverVersion = PULSE_DRIVER_VERSION;
    caps_name(c.szPname, &d);
    c.dwFormats = pacm_pulse_caps_formats();
    c.wChannels = (WORD)(d.channels > 8 ? 8 : d.channels);
    c.dwSupport = WAVECAPS_VOLUME | WAVECAPS_LRVOLUME | WAVECAPS_SAMPLEACCURATE;
    memcpy(caps, &c, size < sizeof c ? size : sizeof c);
    return MMSYSERR_NOERROR;
}

static DWORD in_caps(UINT dev, WAVEINCAPSW *caps, DWORD_PTR size)
{
    pacm_pulse_device d;
    WAVEINCAPSW c;
    if (!caps)
        return MMSYSERR_INVALPARAM;
    if (!pacm_pulse_device_get(PACM_PULSE_IN, dev, &d))
        return MMSYSERR_BADDEVICEID;
    memset(&c, 0, sizeof c);
    c.wMid = PULSE_MID;
    c.wPid = PULSE_PID;
    c.vDriverVersion = PULSE_DRIVER_VERSION;
    caps_name(c.szPname, &d);
    c.dwFormats = pacm_pulse_caps_formats();
    c.wChannels = (WORD)(d.channels > 8 ? 8 : d.channels);
    memcpy(caps, &c, size < sizeof c ? size : sizeof c);
    return MMSYSERR_NOERROR;
}

DWORD CALLBACK pacm_pulse_wod_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    switch (msg) {
    case DRVM_INIT:
    case DRVM_EXIT:
    case DRVM_ENABLE:
    case DRVM_DISABLE:
        return MMSYSERR_NOERROR;
    case WODM_GETNUMDEVS:
        return pacm_pulse_device_count(PACM_PULSE_OUT);
    case WODM_GETDEVCAPS:
        return out_caps(dev, (WAVEOUTCAPSW *)p1, p2);
    case WODM_OPEN:
        return pacm_pulse_out_open(dev, (DWORD_PTR *)user, (const WAVEOPENDESC *)p1, (DWORD)p2);
    case WODM_PREPARE:
    case WODM_UNPREPARE:
        return MMSYSERR_NOTSUPPORTED; /* winmm's default does it */
    case WODM_GETVOLUME:
    case WODM_SETVOLUME:
        if (!user) /* by device ID */
            return pacm_pulse_device_volume(dev, msg, p1);
        return pacm_pulse_out_message(msg, user, p1, p2);
    default:
        if (msg >= WODM_CLOSE && msg <= WODM_BREAKLOOP)
            return pacm_pulse_out_message(msg, user, p1, p2);
        return MMSYSERR_NOTSUPPORTED;
    }
}

DWORD CALLBACK pacm_pulse_wid_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    switch (msg) {
    case DRVM_INIT:
    case DRVM_EXIT:
    case DRVM_ENABLE:
    case DRVM_DISABLE:
        return MMSYSERR_NOERROR;
    case WIDM_GETNUMDEVS:
        return pacm_pulse_device_count(PACM_PULSE_IN);
    case WIDM_GETDEVCAPS:
        return in_caps(dev, (WAVEINCAPSW *)p1, p2);
    case WIDM_OPEN:
        return pacm_pulse_in_open(dev, (DWORD_PTR *)user, (const WAVEOPENDESC *)p1, (DWORD)p2);
    case WIDM_PREPARE:
    case WIDM_UNPREPARE:
        return MMSYSERR_NOTSUPPORTED;
    default:
        if (msg >= WIDM_CLOSE && msg <= WIDM_GETPOS)
            return pacm_pulse_in_message(msg, user, p1, p2);
        return MMSYSERR_NOTSUPPORTED;
    }
}
