/*
 * midi_synth_none.c - TEMPORARY: delete when synth lands (branch `synth` implements
 * pacm_synth_install in src/synth). Until then the MIDI layer installs no synthesizer.
 */
#include "synth_int.h"

void pacm_synth_install(void)
{
}
