/*
 * synth_render.c - the offline synthesizer of portacm.h (portacm_synth_*): the same FluidSynth
 * instance the midiOut device plays, without a wave device or a thread.
 */
#include "portacm.h"

#include "common_int.h"
#include "synth_int.h"
#include "synth_out_int.h"

#define RENDER_MAX_FRAMES ((size_t)1 << 28)

struct portacm_synth {
    pacm_synth_core *core;
};

PORTACM_API portacm_synth *portacm_synth_open(const char *soundfont, uint32_t sample_rate)
{
    portacm_synth *synth;
    if (sample_rate < 8000 || sample_rate > 192000)
        return NULL;
    if (!soundfont)
        soundfont = pacm_synth_driver_soundfont();
    if (!soundfont)
        return NULL;
    synth = pacm_mem_calloc(1, sizeof *synth);
    if (!synth)
        return NULL;
    synth->core = pacm_synth_core_create(soundfont, sample_rate);
    if (!synth->core) {
        pacm_mem_free(synth);
        return NULL;
    }
    return synth;
}

PORTACM_API int portacm_synth_short_message(portacm_synth *synth, uint32_t message)
{
    if (!synth)
        return -1;
    pacm_synth_core_short(synth->core, message);
    return 0;
}

PORTACM_API int portacm_synth_long_message(portacm_synth *synth, const void *data, size_t length)
{
    if (!synth || (!data && length > 0))
        return -1;
    pacm_synth_core_long(synth->core, data, length);
    return 0;
}

PORTACM_API int portacm_synth_reset(portacm_synth *synth)
{
    if (!synth)
        return -1;
    pacm_synth_core_reset(synth->core);
    return 0;
}

PORTACM_API int portacm_synth_render(portacm_synth *synth, int16_t *buffer, size_t frames)
{
    if (!synth || (!buffer && frames > 0) || frames > RENDER_MAX_FRAMES)
        return -1;
    pacm_synth_core_render(synth->core, buffer, frames, 1.0f, 1.0f);
    return 0;
}

PORTACM_API void portacm_synth_close(portacm_synth *synth)
{
    if (!synth)
        return;
    pacm_synth_core_destroy(synth->core);
    pacm_mem_free(synth);
}
