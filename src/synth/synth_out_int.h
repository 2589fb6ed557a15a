/*
 * synth_out_int.h - between the driver entry points (synth_driver.c) and one open of the
 * synthesizer (synth_out.c).
 */
#ifndef PORTACM_SYNTH_OUT_INT_H
#define PORTACM_SYNTH_OUT_INT_H

#include "synth_int.h"

/* The SoundFont the driver loads (looked up once per process), or NULL: no device. */
const char *pacm_synth_driver_soundfont(void);

/* MODM_OPEN of device 0: a synthesizer playing through the wave mapper, its render thread
 * running; MOM_OPEN delivered before it returns. */
DWORD pacm_synth_out_open(DWORD_PTR *user, const MIDIOPENDESC *desc, DWORD flags);
/* MODM_CLOSE, DATA, LONGDATA, RESET, GET/SETVOLUME for the open `user`. */
DWORD pacm_synth_out_message(UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
/* MODM_GET/SETVOLUME by device ID: the device volume new opens start with; setting it sets
 * every open's too. */
DWORD pacm_synth_out_device_volume(UINT msg, DWORD_PTR p1);

#endif /* PORTACM_SYNTH_OUT_INT_H */
