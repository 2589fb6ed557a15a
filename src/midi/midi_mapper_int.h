/*
 * midi_mapper_int.h - the MIDI mapper's halves: its configuration (midi_mapper_setup.c) and its
 * driver (midi_mapper.c).
 */
#ifndef PORTACM_MIDI_MAPPER_INT_H
#define PORTACM_MIDI_MAPPER_INT_H

#include "midi_int.h"

/* Where the mapper sends: `count` distinct devices; channel n goes to device[channel[n]]
 * (-1: dropped). */
typedef struct pacm_midi_mapper_setup {
    int count;
    UINT device[16];
    int channel[16];
} pacm_midi_mapper_setup;

/* Reads the configuration now; false when there is no output device. */
bool pacm_midi_mapper_load(pacm_midi_mapper_setup *setup);
/* MODM_GETDEVCAPS of output device `id` into a zeroed `caps`. */
MMRESULT pacm_midi_mapper_device_caps(UINT id, MIDIOUTCAPSW *caps);

#endif /* PORTACM_MIDI_MAPPER_INT_H */
