/*
 * audio_int.h - the built-in audio device drivers, as the device-driver manager sees them:
 * a name, a DriverProc and message functions, exactly like a driver file named in the drivers
 * file (mmddk.h). Nothing else of src/audio is reachable from above; everything goes through
 * driver messages.
 */
#ifndef PORTACM_AUDIO_INT_H
#define PORTACM_AUDIO_INT_H

#include <stddef.h>

#include "mmddk.h"

typedef struct pacm_audio_builtin {
    const char *name;           /* module name, e.g. "pulseaudio.drv" */
    DRIVERPROC proc;            /* its DriverProc */
    PORTACM_DEVICE_PROCS procs; /* its message functions */
} pacm_audio_builtin;

/* The built-in drivers in default order (src/audio/audio_builtin.c): pulseaudio.drv, then
 * alsa.drv. *count receives the number of entries. */
const pacm_audio_builtin *pacm_audio_builtins(size_t *count);

/* The DriverProc of a built-in device driver with no configuration dialog and nothing to do per
 * instance (alsa.drv, alsaseq.drv; pulseaudio.drv for all but DRV_FREE): DRV_OPEN and
 * DRV_CLOSE succeed, everything else is DefDriverProc's answer (DRV_QUERYCONFIGURE 0,
 * DRV_CONFIGURE DRVCNF_CANCEL). Devices are found on the first device message. */
LRESULT CALLBACK pacm_audio_plain_driver_proc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM p1, LPARAM p2);

/* ---- the PulseAudio driver (src/audio/pulse/) ---- */
LRESULT CALLBACK pacm_pulse_driver_proc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM p1, LPARAM p2);
DWORD CALLBACK pacm_pulse_wod_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
DWORD CALLBACK pacm_pulse_wid_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
DWORD CALLBACK pacm_pulse_mxd_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);

/* ---- the ALSA driver (src/audio/alsa/) ---- */
DWORD CALLBACK pacm_alsa_wod_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
DWORD CALLBACK pacm_alsa_wid_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);

/* ---- the ALSA sequencer MIDI driver (src/audio/alsaseq/) ---- */
DWORD CALLBACK pacm_alsaseq_mod_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
DWORD CALLBACK pacm_alsaseq_mid_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);

#endif /* PORTACM_AUDIO_INT_H */
