/*
 * pulse_format.c - client formats (WAVEFORMATEX, WAVEFORMATEXTENSIBLE) as PulseAudio sample
 * specs and channel maps, the caps format bits, and MMTIME from frame counts.
 */
#include <string.h>

#include "mmreg.h"
#include "portacm.h"
#include "pulse_int.h"

/* SPEAKER_* bit n (mmreg.h / ksmedia order) as a PulseAudio position. */
static const pa_channel_position_t speaker_pos[18] = {
    PA_CHANNEL_POSITION_FRONT_LEFT, PA_CHANNEL_POSITION_FRONT_RIGHT, PA_CHANNEL_POSITION_FRONT_CENTER,
    PA_CHANNEL_POSITION_LFE, PA_CHANNEL_POSITION_REAR_LEFT, PA_CHANNEL_POSITION_REAR_RIGHT,
    PA_CHANNEL_POSITION_FRONT_LEFT_OF_CENTER, PA_CHANNEL_POSITION_FRONT_RIGHT_OF_CENTER,
    PA_CHANNEL_POSITION_REAR_CENTER, PA_CHANNEL_POSITION_SIDE_LEFT, PA_CHANNEL_POSITION_SIDE_RIGHT,
    PA_CHANNEL_POSITION_TOP_CENTER, PA_CHANNEL_POSITION_TOP_FRONT_LEFT, PA_CHANNEL_POSITION_TOP_FRONT_CENTER,
    PA_CHANNEL_POSITION_TOP_FRONT_RIGHT, PA_CHANNEL_POSITION_TOP_REAR_LEFT, PA_CHANNEL_POSITION_TOP_REAR_CENTER,
    PA_CHANNEL_POSITION_TOP_REAR_RIGHT,
};

/* The map of `channels` channels from a SPEAKER_* mask: the mask's positions in bit order;
 * channels beyond the mask's bits are AUX0, AUX1...; a mono stream with no mask is MONO. */
static void channel_map_from_mask(pa_channel_map *map, unsigned channels, uint32_t mask)
{
    unsigned n = 0, aux = 0;
    pa_channel_map_init(map);
    map->channels = (uint8_t)channels;
    if (channels == 1 && (mask == 0 || mask == 0x4)) {
        map->map[0] = PA_CHANNEL_POSITION_MONO;
        return;
    }
    for (unsigned bit = 0; bit < 18 && n < channels; bit++)
        if (mask & (1u << bit))
            map->map[n++] = speaker_pos[bit];
    while (n < channels)
        map->map[n++] = (pa_channel_position_t)(PA_CHANNEL_POSITION_AUX0 + aux++);
}

static bool guid_equal(const GUID *a, const GUID *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

/* The sample format of a PCM (is_float 0) or float container of `bits`. */
static pa_sample_format_t sample_format(bool is_float, unsigned bits)
{
    if (is_float)
        return bits == 32 ? PA_SAMPLE_FLOAT32LE : PA_SAMPLE_INVALID;
    switch (bits) {
    case 8: return PA_SAMPLE_U8;
    case 16: return PA_SAMPLE_S16LE;
    case 24: return PA_SAMPLE_S24LE;
    case 32: return PA_SAMPLE_S32LE; /* also 24 or 20 valid bits in a 32-bit container (MSB-aligned) */
    default: return PA_SAMPLE_INVALID;
    }
}

DWORD pacm_pulse_format(const WAVEFORMATEX *wfx, pa_sample_spec *ss, pa_channel_map *map, unsigned *frame_bytes)
{
    bool is_float;
    uint32_t mask;
    if (!wfx)
        return MMSYSERR_INVALPARAM;
    unsigned channels = wfx->nChannels, bits = wfx->wBitsPerSample;
    if (wfx->wFormatTag == WAVE_FORMAT_PCM || wfx->wFormatTag == WAVE_FORMAT_IEEE_FLOAT) {
        is_float = wfx->wFormatTag == WAVE_FORMAT_IEEE_FLOAT;
        mask = channels <= 8 ? portacm_default_channel_mask((uint16_t)channels) : 0;
    } else if (wfx->wFormatTag == WAVE_FORMAT_EXTENSIBLE) {
        const WAVEFORMATEXTENSIBLE *x = (const WAVEFORMATEXTENSIBLE *)wfx;
        if (wfx->cbSize < 22)
            return WAVERR_BADFORMAT;
        if (guid_equal(&x->SubFormat, &KSDATAFORMAT_SUBTYPE_PCM))
            is_float = false;
        else if (guid_equal(&x->SubFormat, &KSDATAFORMAT_SUBTYPE_IEEE_FLOAT))
            is_float = true;
        else
            return WAVERR_BADFORMAT;
        if (x->Samples.wValidBitsPerSample > bits || x->Samples.wValidBitsPerSample == 0)
            return WAVERR_BADFORMAT;
        mask = x->dwChannelMask ? x->dwChannelMask : portacm_default_channel_mask((uint16_t)channels);
    } else {
        return WAVERR_BADFORMAT;
    }
    if (channels < 1 || channels > 8 || bits % 8 != 0 || wfx->nBlockAlign != channels * bits / 8)
        return WAVERR_BADFORMAT;
    ss->format = sample_format(is_float, bits);
    ss->rate = wfx->nSamplesPerSec;
    ss->channels = (uint8_t)channels;
    if (ss->format == PA_SAMPLE_INVALID || !pa_sample_spec_valid(ss))
        return WAVERR_BADFORMAT;
    channel_map_from_mask(map, channels, mask);
    if (!pa_channel_map_valid(map))
        return WAVERR_BADFORMAT;
    *frame_bytes = wfx->nBlockAlign;
    return MMSYSERR_NOERROR;
}

DWORD pacm_pulse_caps_formats(void)
{
    /* every rate, channel and size combination of the caps bits: the server converts */
    return WAVE_FORMAT_1M08 | WAVE_FORMAT_1S08 | WAVE_FORMAT_1M16 | WAVE_FORMAT_1S16 | WAVE_FORMAT_2M08 |
           WAVE_FORMAT_2S08 | WAVE_FORMAT_2M16 | WAVE_FORMAT_2S16 | WAVE_FORMAT_4M08 | WAVE_FORMAT_4S08 |
           WAVE_FORMAT_4M16 | WAVE_FORMAT_4S16 | WAVE_FORMAT_48M08 | WAVE_FORMAT_48S08 | WAVE_FORMAT_48M16 |
           WAVE_FORMAT_48S16 | WAVE_FORMAT_96M08 | WAVE_FORMAT_96S08 | WAVE_FORMAT_96M16 | WAVE_FORMAT_96S16;
}

DWORD pacm_pulse_mmtime(MMTIME *t, UINT cb, uint64_t frames, unsigned frame_bytes, unsigned rate)
{
    if (!t || cb < sizeof(UINT) + sizeof(DWORD))
        return MMSYSERR_INVALPARAM;
    switch (t->wType) {
    case TIME_SAMPLES:
        t->u.sample = (DWORD)frames;
        break;
    case TIME_MS:
        t->u.ms = (DWORD)(frames * 1000 / rate);
        break;
    case TIME_SMPTE: {
        uint64_t vframes = (frames * 30 + rate - 1) / rate; /* whole video frames, rounded up */
        uint64_t secs = vframes / 30;
        t->u.smpte.fps = 30;
        t->u.smpte.frame = (BYTE)(vframes % 30);
        t->u.smpte.sec = (BYTE)(secs % 60);
        t->u.smpte.min = (BYTE)((secs / 60) % 60);
        t->u.smpte.hour = (BYTE)(secs / 3600);
        break;
    }
    default:
        t->wType = TIME_BYTES;
        t->u.cb = (DWORD)(frames * frame_bytes);
        break;
    }
    return MMSYSERR_NOERROR;
}
