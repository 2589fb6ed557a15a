/*
 * midi_init.c - the MIDI layer's one-time initialisation: installs the built-in synthesizer
 * (an in-process device driver, so it comes after the drivers file's drivers) and the MIDI
 * mapper, then makes sure the device drivers are loaded.
 */
#include "midi_int.h"
#include "synth_int.h"

static void midi_init_once(void)
{
    pacm_synth_install();
    pacm_midi_mapper_install();
}

void pacm_midi_init(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, midi_init_once);
    pacm_dev_init();
}
