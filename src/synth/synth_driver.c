/*
 * synth_driver.c - fluidsynth.drv's entry points: installation, its DriverProc, and modMessage
 * (device count, caps, volume by device ID here; the per-open messages in synth_out.c).
 */
#include <pthread.h>
#include <string.h>

#include "common_int.h"
#include "synth_int.h"
#include "synth_out_int.h"

#define SYNTH_DRIVER_NAME "fluidsynth.drv"
#define SYNTH_MID 0xFF /* no registered manufacturer */
#define SYNTH_PID 0xFF
#define SYNTH_DRIVER_VERSION 0x0100u
#define SYNTH_DEVICE_NAME "portacm GM Synth (FluidSynth)"

static pthread_once_t soundfont_once = PTHREAD_ONCE_INIT;
static char *soundfont_path; /* found once; NULL: no device */

static void soundfont_lookup(void)
{
    soundfont_path = pacm_synth_soundfont_find();
    if (soundfont_path)
        pacm_log_debug("synth: using the SoundFont %s", soundfont_path);
}

const char *pacm_synth_driver_soundfont(void)
{
    pthread_once(&soundfont_once, soundfont_lookup);
    return soundfont_path;
}

static pthread_once_t install_once = PTHREAD_ONCE_INIT;

static void install(void)
{
    PORTACM_DEVICE_PROCS procs;
    MMRESULT result;
    if (!pacm_synth_driver_soundfont())
        return; /* said why; no device */
    memset(&procs, 0, sizeof procs);
    procs.modMessage = pacm_synth_mod_message;
    result = portacm_device_driver_register(SYNTH_DRIVER_NAME, pacm_synth_driver_proc, &procs);
    if (result != MMSYSERR_NOERROR)
        pacm_log_debug("synth: registering %s failed (%u)", SYNTH_DRIVER_NAME, (unsigned)result);
}

void pacm_synth_install(void)
{
    pthread_once(&install_once, install);
}

LRESULT CALLBACK pacm_synth_driver_proc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM p1, LPARAM p2)
{
    switch (msg) {
    case DRV_LOAD:
    case DRV_FREE:
    case DRV_ENABLE:
    case DRV_DISABLE:
    case DRV_OPEN:
    case DRV_CLOSE:
        return 1;
    case DRV_QUERYCONFIGURE:
        return 0; /* no configuration dialog: synth.ini (docs/synth.md) */
    case DRV_INSTALL:
    case DRV_REMOVE:
        return DRVCNF_OK;
    default:
        return DefDriverProc(id, hdrvr, msg, p1, p2);
    }
}

static DWORD get_caps(UINT dev, MIDIOUTCAPSW *caps, DWORD_PTR size)
{
    MIDIOUTCAPSW c;
    if (!caps)
        return MMSYSERR_INVALPARAM;
    if (dev != 0 || !pacm_synth_driver_soundfont())
        return MMSYSERR_BADDEVICEID;
    memset(&c, 0, sizeof c);
    c.wMid = SYNTH_MID;
    c.wPid = SYNTH_PID;
    c.vDriverVersion = SYNTH_DRIVER_VERSION;
    pacm_utf8_to_utf16_buffer(SYNTH_DEVICE_NAME, c.szPname, MAXPNAMELEN);
    c.wTechnology = MOD_SWSYNTH;
    c.wVoices = PACM_SYNTH_POLYPHONY;
    c.wNotes = PACM_SYNTH_POLYPHONY;
    c.wChannelMask = 0xFFFF;
    c.dwSupport = MIDICAPS_VOLUME | MIDICAPS_LRVOLUME;
    memcpy(caps, &c, size < sizeof c ? size : sizeof c);
    return MMSYSERR_NOERROR;
}

DWORD CALLBACK pacm_synth_mod_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    switch (msg) {
    case DRVM_INIT:
    case DRVM_EXIT:
    case DRVM_ENABLE:
    case DRVM_DISABLE:
        return MMSYSERR_NOERROR;
    case MODM_GETNUMDEVS:
        return pacm_synth_driver_soundfont() ? 1 : 0;
    case MODM_GETDEVCAPS:
        return get_caps(dev, (MIDIOUTCAPSW *)p1, p2);
    case MODM_OPEN:
        if (dev != 0 || !pacm_synth_driver_soundfont())
            return MMSYSERR_BADDEVICEID;
        return pacm_synth_out_open((DWORD_PTR *)user, (const MIDIOPENDESC *)p1, (DWORD)p2);
    case MODM_PREPARE:
    case MODM_UNPREPARE:
    case MODM_CACHEPATCHES:
    case MODM_CACHEDRUMPATCHES:
        return MMSYSERR_NOTSUPPORTED; /* winmm prepares; every patch is always loaded */
    case MODM_GETVOLUME:
    case MODM_SETVOLUME:
        if (!user) { /* by device ID: every open */
            if (dev != 0 || !pacm_synth_driver_soundfont())
                return MMSYSERR_BADDEVICEID;
            return pacm_synth_out_device_volume(msg, p1);
        }
        return pacm_synth_out_message(msg, user, p1, p2);
    case MODM_CLOSE:
    case MODM_DATA:
    case MODM_LONGDATA:
    case MODM_RESET:
        return pacm_synth_out_message(msg, user, p1, p2);
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
}
