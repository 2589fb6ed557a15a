/*
 * synth_int.h - the built-in software synthesizer (src/synth): a General MIDI synthesizer over
 * FluidSynth, a MIDI output device driver (DriverProc + modMessage) that plays through the wave
 * layer. The MIDI layer installs it once, at its first use, with
 * portacm_device_driver_register, so its device comes after the drivers of the drivers file
 * and the built-in ALSA sequencer ports.
 */
#ifndef PORTACM_SYNTH_INT_H
#define PORTACM_SYNTH_INT_H

#include "mmddk.h"

/* Registers the synthesizer as the in-process device driver "fluidsynth.drv" (once; later calls
 * do nothing). Does nothing when no SoundFont is found (the driver then has no device). */
void pacm_synth_install(void);

LRESULT CALLBACK pacm_synth_driver_proc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM p1, LPARAM p2);
DWORD CALLBACK pacm_synth_mod_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);

#endif /* PORTACM_SYNTH_INT_H */
