/*
 * synth_core.c - one FluidSynth instance behind a MIDI byte interface: short messages with
 * running status, SysEx buffers, reset, and rendering to 16-bit stereo with a gain per side.
 * Each operation holds the instance's lock. The live driver calls it from its render thread
 * only, applying each event between two pieces of a block at the event's frame
 * (synth_sched.c); FluidSynth then starts voices at its next 64-frame processing block.
 */
#include <fluidsynth.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "common_int.h"
#include "synth_int.h"

#define RENDER_CHUNK 256u /* frames rendered to float at a time */

struct pacm_synth_core {
    pthread_mutex_t lock;
    fluid_settings_t *settings;
    fluid_synth_t *synth;
    uint8_t running_status; /* 0: none */
    float master; /* GM Master Volume (FluidSynth ignores that SysEx), 0..1 */
};

static void log_to_debug(int level, const char *message, void *data)
{
    (void)data;
    pacm_log_debug("synth: FluidSynth %s: %s", level <= FLUID_ERR ? "error" : "warning", message);
}

static void log_quiet(int level, const char *message, void *data)
{
    (void)level, (void)message, (void)data;
}

/* FluidSynth prints to stderr by default; its messages go to PORTACM_DEBUG instead. */
static void route_logging(void)
{
    fluid_set_log_function(FLUID_PANIC, log_to_debug, NULL);
    fluid_set_log_function(FLUID_ERR, log_to_debug, NULL);
    fluid_set_log_function(FLUID_WARN, log_to_debug, NULL);
    fluid_set_log_function(FLUID_INFO, log_quiet, NULL);
    fluid_set_log_function(FLUID_DBG, log_quiet, NULL);
}

static pthread_once_t logging_once = PTHREAD_ONCE_INIT;

/* A SoundFont 2 file (.sf2, or .sf3 with compressed samples) starts RIFF <size> sfbk. Checked
 * before FluidSynth sees the file, so other files are refused quietly. */
static bool is_soundfont(const char *path)
{
    unsigned char head[12];
    FILE *f = fopen(path, "rb");
    bool ok = f && fread(head, 1, sizeof head, f) == sizeof head && memcmp(head, "RIFF", 4) == 0 &&
              memcmp(head + 8, "sfbk", 4) == 0;
    if (f)
        fclose(f);
    return ok;
}

pacm_synth_core *pacm_synth_core_create(const char *soundfont, uint32_t rate)
{
    pacm_synth_core *core;
    if (!soundfont || rate < 8000 || rate > 192000)
        return NULL;
    if (!is_soundfont(soundfont)) {
        pacm_log_debug("synth: %s is not a SoundFont 2 file", soundfont);
        return NULL;
    }
    pthread_once(&logging_once, route_logging);
    core = pacm_mem_calloc(1, sizeof *core);
    if (!core)
        return NULL;
    if (pthread_mutex_init(&core->lock, NULL) != 0) {
        pacm_mem_free(core);
        return NULL;
    }
    core->master = 1.0f;
    core->settings = new_fluid_settings();
    if (core->settings) {
        fluid_settings_setnum(core->settings, "synth.sample-rate", (double)rate);
        fluid_settings_setint(core->settings, "synth.polyphony", (int)PACM_SYNTH_POLYPHONY);
        fluid_settings_setint(core->settings, "synth.cpu-cores", 1);
        fluid_settings_setnum(core->settings, "synth.gain", 0.5);
        core->synth = new_fluid_synth(core->settings);
    }
    if (!core->synth || fluid_synth_sfload(core->synth, soundfont, 1) == FLUID_FAILED) {
        pacm_log_debug("synth: cannot load the SoundFont %s", soundfont);
        pacm_synth_core_destroy(core);
        return NULL;
    }
    return core;
}

void pacm_synth_core_destroy(pacm_synth_core *core)
{
    if (!core)
        return;
    if (core->synth)
        delete_fluid_synth(core->synth);
    if (core->settings)
        delete_fluid_settings(core->settings);
    pthread_mutex_destroy(&core->lock);
    pacm_mem_free(core);
}

/* One complete channel message (status 0x80-0xEF) to FluidSynth. */
static void channel_message(fluid_synth_t *synth, uint8_t status, uint8_t d1, uint8_t d2)
{
    int ch = status & 0x0F;
    d1 &= 0x7F, d2 &= 0x7F;
    switch (status & 0xF0) {
    case 0x80:
        fluid_synth_noteoff(synth, ch, d1);
        break;
    case 0x90:
        if (d2 == 0)
            fluid_synth_noteoff(synth, ch, d1);
        else
            fluid_synth_noteon(synth, ch, d1, d2);
        break;
    case 0xA0:
        fluid_synth_key_pressure(synth, ch, d1, d2);
        break;
    case 0xB0:
        fluid_synth_cc(synth, ch, d1, d2);
        break;
    case 0xC0:
        fluid_synth_program_change(synth, ch, d1);
        break;
    case 0xD0:
        fluid_synth_channel_pressure(synth, ch, d1);
        break;
    default: /* 0xE0 */
        fluid_synth_pitch_bend(synth, ch, d1 | (d2 << 7));
        break;
    }
}

void pacm_synth_core_short(pacm_synth_core *core, uint32_t message)
{
    uint8_t status = (uint8_t)(message & 0xFF);
    uint8_t d1 = (uint8_t)((message >> 8) & 0xFF), d2 = (uint8_t)((message >> 16) & 0xFF);
    pthread_mutex_lock(&core->lock);
    if (status < 0x80) { /* running status: the data bytes moved down one byte */
        if (core->running_status) {
            d2 = d1;
            d1 = status;
            status = core->running_status;
            channel_message(core->synth, status, d1, d2);
        }
    } else if (status < 0xF0) {
        core->running_status = status;
        channel_message(core->synth, status, d1, d2);
    } else if (status < 0xF8) {
        core->running_status = 0; /* system common: nothing for a synthesizer to do */
    } /* 0xF8-0xFF realtime: ignored, running status kept */
    pthread_mutex_unlock(&core->lock);
}

/* Sends the SysEx body data[0..length) (without F0 and F7) to FluidSynth; GM Master Volume
 * (7F dev 04 01 lsb msb) is applied here, GM System On (7E dev 09 01) also restores it. */
static void sysex_body(pacm_synth_core *core, const uint8_t *data, size_t length)
{
    int handled = 0;
    if (length == 6 && data[0] == 0x7F && data[2] == 0x04 && data[3] == 0x01) {
        core->master = (float)(data[4] | data[5] << 7) / 16383.0f;
        return;
    }
    if (length == 4 && data[0] == 0x7E && data[2] == 0x09 && data[3] == 0x01)
        core->master = 1.0f;
    if (length == 0 || length > 65536)
        return;
    fluid_synth_sysex(core->synth, (const char *)data, (int)length, NULL, NULL, &handled, 0);
}

void pacm_synth_core_long(pacm_synth_core *core, const uint8_t *data, size_t length)
{
    size_t i = 0;
    pthread_mutex_lock(&core->lock);
    core->running_status = 0;
    while (data && i < length) {
        size_t start, end;
        if (data[i] == 0xF0)
            i++;
        else if (data[i] > 0x7F) { /* a stray status byte: not SysEx, dropped */
            i++;
            continue;
        } /* else: a missing leading F0, supplied */
        start = i;
        while (i < length && data[i] < 0x80)
            i++;
        end = i;
        if (i < length && data[i] == 0xF7)
            i++; /* any other status byte ends the message too (a missing F7, supplied) */
        sysex_body(core, data + start, end - start);
    }
    pthread_mutex_unlock(&core->lock);
}

void pacm_synth_core_reset(pacm_synth_core *core)
{
    pthread_mutex_lock(&core->lock);
    for (int ch = 0; ch < 16; ch++) {
        fluid_synth_cc(core->synth, ch, 64, 0);  /* sustain off */
        fluid_synth_cc(core->synth, ch, 120, 0); /* all sound off */
        fluid_synth_cc(core->synth, ch, 121, 0); /* reset all controllers */
    }
    core->running_status = 0;
    pthread_mutex_unlock(&core->lock);
}

static int16_t to_s16(float v)
{
    float s = v * 32767.0f;
    if (s >= 32767.0f)
        return 32767;
    if (s <= -32768.0f)
        return -32768;
    return (int16_t)lrintf(s);
}

void pacm_synth_core_render(pacm_synth_core *core, int16_t *out, size_t frames, float left, float right)
{
    float l[RENDER_CHUNK], r[RENDER_CHUNK];
    pthread_mutex_lock(&core->lock);
    left *= core->master;
    right *= core->master;
    while (frames > 0) {
        size_t n = frames < RENDER_CHUNK ? frames : RENDER_CHUNK;
        fluid_synth_write_float(core->synth, (int)n, l, 0, 1, r, 0, 1);
        for (size_t i = 0; i < n; i++) {
            out[2 * i] = to_s16(l[i] * left);
            out[2 * i + 1] = to_s16(r[i] * right);
        }
        out += 2 * n;
        frames -= n;
    }
    pthread_mutex_unlock(&core->lock);
}
