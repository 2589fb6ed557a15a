/*
 * alsa_devices.c - the ALSA driver's devices and its DriverProc.
 *
 * The device list is made once per process, the first time a message needs it, so local IDs
 * never move: either the PCM names of PORTACM_ALSA_DEVICES (comma-separated, in that order),
 * or "default" followed by the PCMs alsa-lib's name hints list for the direction (but not
 * null, pulse or jack: see skipped_hint). A name is a
 * device of a direction only if the PCM opens in that direction (or is busy), so plugin
 * definitions that need arguments and servers that are not running are left out.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "alsa_int.h"
#include "audio_int.h"

#define ALSA_MAX_DEVICES 64

typedef struct alsa_device {
    char *name;
    char *description; /* the hint's first description line, or the name */
    bool caps_known;
    DWORD formats;     /* WAVE_FORMAT_* bits */
    WORD channels;
} alsa_device;

typedef struct alsa_device_list {
    alsa_device devices[ALSA_MAX_DEVICES];
    UINT count;
} alsa_device_list;

static pthread_mutex_t devices_lock = PTHREAD_MUTEX_INITIALIZER;
static bool devices_made;
static alsa_device_list outputs, inputs;
static DWORD device_volumes[ALSA_MAX_DEVICES];

static alsa_device_list *list_of(snd_pcm_stream_t direction)
{
    return direction == SND_PCM_STREAM_PLAYBACK ? &outputs : &inputs;
}

/* Whether `name` opens in `direction` (a busy PCM counts: it exists). */
static bool pcm_opens(const char *name, snd_pcm_stream_t direction)
{
    snd_pcm_t *pcm = NULL;
    int error = snd_pcm_open(&pcm, name, direction, SND_PCM_NONBLOCK);
    if (error >= 0)
        snd_pcm_close(pcm);
    return error >= 0 || error == -EBUSY;
}

static void add_device(snd_pcm_stream_t direction, const char *name, const char *description)
{
    alsa_device_list *list = list_of(direction);
    if (list->count >= ALSA_MAX_DEVICES || !*name)
        return;
    for (UINT i = 0; i < list->count; i++)
        if (strcmp(list->devices[i].name, name) == 0)
            return;
    if (!pcm_opens(name, direction))
        return;
    char *copy = pacm_mem_strdup(name);
    char *text = pacm_mem_strdup(description && *description ? description : name);
    if (!copy || !text) {
        pacm_mem_free(copy);
        pacm_mem_free(text);
        return;
    }
    char *newline = strchr(text, '\n');
    if (newline)
        *newline = '\0';
    list->devices[list->count++] = (alsa_device){.name = copy, .description = text};
    pacm_log_debug("alsa.drv: %s device %u is \"%s\" (%s)", direction == SND_PCM_STREAM_PLAYBACK ? "output" : "input",
                   list->count - 1, copy, text);
}

/* The description alsa-lib's hints give `name`, newly allocated, or NULL. */
static char *hint_description(void **hints, const char *name)
{
    for (void **h = hints; h && *h; h++) {
        char *hint_name = snd_device_name_get_hint(*h, "NAME");
        bool same = hint_name && strcmp(hint_name, name) == 0;
        free(hint_name);
        if (same)
            return snd_device_name_get_hint(*h, "DESC");
    }
    return NULL;
}

static void add_named(void **hints, const char *name)
{
    char *description = hint_description(hints, name);
    add_device(SND_PCM_STREAM_PLAYBACK, name, description);
    add_device(SND_PCM_STREAM_CAPTURE, name, description);
    free(description);
}

/* Whether a comma-separated piece continues the previous PCM name's arguments rather than
 * starting a new name: "0" in "hw:0,0", "DEV=0" in "plughw:CARD=USB,DEV=0". */
static bool continues_arguments(const char *name, const char *piece)
{
    if (!strchr(name, ':') || !*piece)
        return false;
    if (strspn(piece, "0123456789") == strlen(piece))
        return true;
    const char *equals = strchr(piece, '='), *colon = strchr(piece, ':');
    return equals && (!colon || equals < colon);
}

static char *trim(char *text)
{
    while (*text == ' ' || *text == '\t')
        text++;
    size_t length = strlen(text);
    while (length && (text[length - 1] == ' ' || text[length - 1] == '\t'))
        text[--length] = '\0';
    return text;
}

/* PORTACM_ALSA_DEVICES: PCM names separated by commas; a comma inside a name's arguments
 * stays part of the name. */
static void add_from_environment(void **hints, const char *value)
{
    char *copy = pacm_mem_strdup(value), *name = pacm_mem_calloc(1, strlen(value) + 1);
    if (copy && name) {
        for (char *save = NULL, *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
            item = trim(item);
            if (*name && continues_arguments(name, item)) {
                strcat(name, ",");
                strcat(name, item);
                continue;
            }
            if (*name)
                add_named(hints, name);
            strcpy(name, item);
        }
        if (*name)
            add_named(hints, name);
    }
    pacm_mem_free(copy);
    pacm_mem_free(name);
}

/* Hints that are not devices of this driver: "null" (discards everything), and the bridges to
 * sound servers ("pulse", "jack"), which PulseAudio's own driver serves and whose opening could
 * start a server. PORTACM_ALSA_DEVICES may still name them. */
static bool skipped_hint(const char *name)
{
    return strcmp(name, "null") == 0 || strcmp(name, "pulse") == 0 || strcmp(name, "jack") == 0;
}

static void add_from_hints(void **hints)
{
    add_named(hints, "default");
    for (void **h = hints; h && *h; h++) {
        char *name = snd_device_name_get_hint(*h, "NAME");
        char *ioid = snd_device_name_get_hint(*h, "IOID"); /* NULL: both directions */
        char *description = snd_device_name_get_hint(*h, "DESC");
        if (name && !skipped_hint(name)) {
            if (!ioid || strcmp(ioid, "Output") == 0)
                add_device(SND_PCM_STREAM_PLAYBACK, name, description);
            if (!ioid || strcmp(ioid, "Input") == 0)
                add_device(SND_PCM_STREAM_CAPTURE, name, description);
        }
        free(name);
        free(ioid);
        free(description);
    }
}

static void make_devices_locked(void)
{
    if (devices_made)
        return;
    devices_made = true;
    for (UINT i = 0; i < ALSA_MAX_DEVICES; i++)
        device_volumes[i] = 0xFFFFFFFFu;
    void **hints = NULL;
    if (snd_device_name_hint(-1, "pcm", &hints) < 0)
        hints = NULL;
    const char *explicit_list = getenv("PORTACM_ALSA_DEVICES");
    if (explicit_list && *explicit_list)
        add_from_environment(hints, explicit_list);
    else
        add_from_hints(hints);
    if (hints)
        snd_device_name_free_hint(hints);
}

static const alsa_device *device_at(snd_pcm_stream_t direction, UINT index)
{
    pthread_mutex_lock(&devices_lock);
    make_devices_locked();
    pthread_mutex_unlock(&devices_lock);
    const alsa_device_list *list = list_of(direction);
    return index < list->count ? &list->devices[index] : NULL;
}

const char *pacm_alsa_device_name(snd_pcm_stream_t direction, UINT index)
{
    const alsa_device *device = device_at(direction, index);
    return device ? device->name : NULL;
}

UINT pacm_alsa_device_count(snd_pcm_stream_t direction)
{
    device_at(direction, 0);
    return list_of(direction)->count;
}

/* The WAVE_FORMAT_* bits and channel count a PCM takes (probed once per device, with one open
 * of the PCM). */
static void probe_formats(alsa_device *device, snd_pcm_stream_t direction)
{
    static const unsigned rates[] = {11025, 22050, 44100, 48000, 96000};
    device->formats = 0;
    device->channels = 0;
    snd_pcm_t *pcm = NULL;
    if (snd_pcm_open(&pcm, device->name, direction, SND_PCM_NONBLOCK) >= 0) {
        for (unsigned r = 0; r < 5; r++)
            for (unsigned bit = 0; bit < 4; bit++) {
                unsigned channels = bit & 1 ? 2 : 1, bits = bit & 2 ? 16 : 8;
                alsa_format format = {.sample = bits == 8 ? SND_PCM_FORMAT_U8 : SND_PCM_FORMAT_S16_LE,
                                      .channels = channels,
                                      .rate = rates[r],
                                      .sample_bytes = bits / 8,
                                      .frame_bytes = channels * bits / 8};
                if (pacm_alsa_format_accepted(pcm, &format)) {
                    device->formats |= 1u << (r * 4 + bit);
                    if (device->channels < channels)
                        device->channels = (WORD)channels;
                }
            }
        snd_pcm_close(pcm);
        device->caps_known = true; /* a busy device is probed again next time */
    }
    if (device->channels == 0)
        device->channels = 2;
}

DWORD pacm_alsa_device_caps(snd_pcm_stream_t direction, UINT index, void *caps, DWORD_PTR size)
{
    alsa_device *device = (alsa_device *)device_at(direction, index);
    if (!device)
        return MMSYSERR_BADDEVICEID;
    if (!caps)
        return MMSYSERR_INVALPARAM;
    pthread_mutex_lock(&devices_lock);
    if (!device->caps_known)
        probe_formats(device, direction);
    WAVEOUTCAPSW full = {.wMid = 0xFF, .wPid = 0xFF, .vDriverVersion = 0x00010001,
                         .dwFormats = device->formats, .wChannels = device->channels,
                         .dwSupport = WAVECAPS_VOLUME | WAVECAPS_LRVOLUME | WAVECAPS_SAMPLEACCURATE};
    pacm_utf8_to_utf16_buffer(device->description, full.szPname, MAXPNAMELEN);
    pthread_mutex_unlock(&devices_lock);
    size_t whole = direction == SND_PCM_STREAM_PLAYBACK ? sizeof(WAVEOUTCAPSW) : sizeof(WAVEINCAPSW);
    /* WAVEINCAPSW is WAVEOUTCAPSW without dwSupport, so its prefix is the same bytes. */
    memcpy(caps, &full, size < whole ? (size_t)size : whole);
    return MMSYSERR_NOERROR;
}

DWORD pacm_alsa_device_volume(UINT index)
{
    pthread_mutex_lock(&devices_lock);
    DWORD volume = index < ALSA_MAX_DEVICES ? device_volumes[index] : 0xFFFFFFFFu;
    pthread_mutex_unlock(&devices_lock);
    return volume;
}

void pacm_alsa_set_device_volume(UINT index, DWORD volume)
{
    pthread_mutex_lock(&devices_lock);
    if (index < ALSA_MAX_DEVICES)
        device_volumes[index] = volume;
    pthread_mutex_unlock(&devices_lock);
}
