/*
 * synth_int.h - the built-in software synthesizer (src/synth): a General MIDI synthesizer over
 * FluidSynth, a MIDI output device driver (DriverProc + modMessage) that plays through the wave
 * layer. The MIDI layer installs it once, at its first use, with
 * portacm_device_driver_register, so its device comes after the drivers of the drivers file
 * and the built-in ALSA sequencer ports.
 *
 * Files: synth_soundfont.c (which SoundFont), synth_core.c (one FluidSynth instance: MIDI in,
 * samples out; shared by the driver and the offline renderer), synth_driver.c (install,
 * DriverProc, modMessage, caps), synth_out.c (one open: the wave device and its render thread),
 * synth_sched.c (arrival timestamps, the clock, events at their frames: synth_sched_int.h),
 * synth_render.c (the public offline renderer of portacm.h). docs/synth.md.
 */
#ifndef PORTACM_SYNTH_INT_H
#define PORTACM_SYNTH_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mmddk.h"

/* Registers the synthesizer as the in-process device driver "fluidsynth.drv" (once; later calls
 * do nothing). Does nothing when no SoundFont is found (the driver then has no device). */
void pacm_synth_install(void);

LRESULT CALLBACK pacm_synth_driver_proc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM p1, LPARAM p2);
DWORD CALLBACK pacm_synth_mod_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);

/* ---- the SoundFont (synth_soundfont.c) ---- */
/* The SoundFont to load, newly allocated: $PORTACM_SOUNDFONT when set and non-empty, else
 * `soundfont` of section [synth] of $XDG_CONFIG_HOME/portacm/synth.ini, else the first readable
 * file of the standard paths. NULL (with a PORTACM_DEBUG line saying why) when none is found. */
char *pacm_synth_soundfont_find(void);

/* ---- one synthesizer (synth_core.c) ---- */
#define PACM_SYNTH_RATE 44100u
#define PACM_SYNTH_POLYPHONY 256u

typedef struct pacm_synth_core pacm_synth_core;

/* A synthesizer at `rate` Hz (8000..192000) with `soundfont` loaded; NULL on failure (bad
 * rate, unreadable or invalid SoundFont, no memory). */
pacm_synth_core *pacm_synth_core_create(const char *soundfont, uint32_t rate);
void pacm_synth_core_destroy(pacm_synth_core *core);
/* A packed short message as midiOutShortMsg takes it, with running status (§6.11 of the
 * spec): status 0x80-0xEF sets it, 0xF0-0xF7 clears it, realtime 0xF8-0xFF is ignored, a data
 * byte first uses the running status or is dropped. Never fails. */
void pacm_synth_core_short(pacm_synth_core *core, uint32_t message);
/* A buffer of `length` bytes holding one or more SysEx messages (F0 ... F7; a missing leading
 * F0 or trailing F7 is supplied); other bytes are dropped. Clears the running status. */
void pacm_synth_core_long(pacm_synth_core *core, const uint8_t *data, size_t length);
/* All sound off, sustain off and controllers reset on the 16 channels; running status cleared. */
void pacm_synth_core_reset(pacm_synth_core *core);
/* Renders `frames` interleaved stereo frames with gains `left`, `right` (0..1) applied. */
void pacm_synth_core_render(pacm_synth_core *core, int16_t *out, size_t frames, float left, float right);

#endif /* PORTACM_SYNTH_INT_H */
