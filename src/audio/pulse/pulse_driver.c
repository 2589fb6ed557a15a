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
    /* The connection is made on first use (GETNUMDEVS or OPEN) and dropped when unloaded. */
    if (msg == DRV_FREE)
        pacm_pulse_disconnect();
    return pacm_audio_plain_driver_proc(id, hdrvr, msg, p1, p2);
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

/* One direction's messages. */
typedef struct pulse_messages {
    pacm_pulse_dir dir;
    UINT getnumdevs, getdevcaps, open, prepare, unprepare;
    UINT first, last; /* the per-open messages (CLOSE ...) */
    DWORD (*open_fn)(UINT dev, DWORD_PTR *user, const WAVEOPENDESC *desc, DWORD fdw);
    DWORD (*message_fn)(UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
} pulse_messages;

static const pulse_messages g_wod = {PACM_PULSE_OUT, WODM_GETNUMDEVS, WODM_GETDEVCAPS, WODM_OPEN, WODM_PREPARE,
                                     WODM_UNPREPARE, WODM_CLOSE, WODM_BREAKLOOP, pacm_pulse_out_open,
                                     pacm_pulse_out_message};
static const pulse_messages g_wid = {PACM_PULSE_IN, WIDM_GETNUMDEVS, WIDM_GETDEVCAPS, WIDM_OPEN, WIDM_PREPARE,
                                     WIDM_UNPREPARE, WIDM_CLOSE, WIDM_GETPOS, pacm_pulse_in_open,
                                     pacm_pulse_in_message};

static DWORD dispatch(const pulse_messages *m, UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    if (msg == DRVM_INIT || msg == DRVM_EXIT || msg == DRVM_ENABLE || msg == DRVM_DISABLE)
        return MMSYSERR_NOERROR;
    if (msg == m->getnumdevs)
        return pacm_pulse_device_count(m->dir);
    if (msg == m->getdevcaps)
        return caps(m->dir, dev, (void *)p1, p2);
    if (msg == m->open)
        return m->open_fn(dev, (DWORD_PTR *)user, (const WAVEOPENDESC *)p1, (DWORD)p2);
    if (msg == m->prepare || msg == m->unprepare)
        return MMSYSERR_NOTSUPPORTED; /* winmm's default does it */
    if (msg >= m->first && msg <= m->last)
        return m->message_fn(msg, user, p1, p2);
    return MMSYSERR_NOTSUPPORTED;
}

DWORD CALLBACK pacm_pulse_wod_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    if ((msg == WODM_GETVOLUME || msg == WODM_SETVOLUME) && !user) /* by device ID */
        return pacm_pulse_device_volume(dev, msg, p1);
    return dispatch(&g_wod, dev, msg, user, p1, p2);
}

DWORD CALLBACK pacm_pulse_wid_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    return dispatch(&g_wid, dev, msg, user, p1, p2);
}
