/*
 * devices_builtins_none.c - TEMPORARY: an empty built-in audio driver table, so that the
 * devices layer links before the PulseAudio/ALSA drivers (src/audio/audio_builtin.c) are
 * merged. The lead deletes this file when merging the audio branch.
 */
#include "audio_int.h"

const pacm_audio_builtin *pacm_audio_builtins(size_t *count)
{
    if (count)
        *count = 0;
    return NULL;
}
