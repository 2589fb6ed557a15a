/*
 * alsa_format.c - the ALSA driver's formats: which WAVEFORMATEX it takes, how a PCM is asked
 * about one (WAVE_FORMAT_QUERY) or set up for one, and the software volume applied to
 * playback samples.
 */
#include <errno.h>
#include <string.h>

#include "alsa_int.h"

/* The ALSA sample format of a container size; little-endian, as WAVE data is. */
static snd_pcm_format_t integer_format(unsigned bits)
{
    switch (bits) {
    case 8: return SND_PCM_FORMAT_U8;
    case 16: return SND_PCM_FORMAT_S16_LE;
    case 24: return SND_PCM_FORMAT_S24_3LE;
    case 32: return SND_PCM_FORMAT_S32_LE;
    default: return SND_PCM_FORMAT_UNKNOWN;
    }
}

static snd_pcm_format_t float_format(unsigned bits)
{
    return bits == 32 ? SND_PCM_FORMAT_FLOAT_LE : bits == 64 ? SND_PCM_FORMAT_FLOAT64_LE : SND_PCM_FORMAT_UNKNOWN;
}

bool pacm_alsa_format_parse(const WAVEFORMATEX *wfx, alsa_format *out)
{
    if (!wfx)
        return false;
    WORD tag = wfx->wFormatTag;
    unsigned bits = wfx->wBitsPerSample, channels = wfx->nChannels;
    bool is_float = false;
    if (tag == WAVE_FORMAT_EXTENSIBLE) {
        const WAVEFORMATEXTENSIBLE *ext = (const WAVEFORMATEXTENSIBLE *)wfx;
        if (wfx->cbSize < sizeof(WAVEFORMATEXTENSIBLE) - sizeof(WAVEFORMATEX))
            return false;
        GUID sub;
        memcpy(&sub, &ext->SubFormat, sizeof sub);
        if (memcmp(&sub, &KSDATAFORMAT_SUBTYPE_PCM, sizeof sub) == 0)
            is_float = false;
        else if (memcmp(&sub, &KSDATAFORMAT_SUBTYPE_IEEE_FLOAT, sizeof sub) == 0)
            is_float = true;
        else
            return false;
        if (ext->Samples.wValidBitsPerSample > bits)
            return false;
    } else if (tag == WAVE_FORMAT_IEEE_FLOAT) {
        is_float = true;
    } else if (tag != WAVE_FORMAT_PCM) {
        return false;
    }
    snd_pcm_format_t sample = is_float ? float_format(bits) : integer_format(bits);
    if (sample == SND_PCM_FORMAT_UNKNOWN || channels < 1 || channels > 8 || wfx->nSamplesPerSec == 0)
        return false;
    if (wfx->nBlockAlign != channels * (bits / 8))
        return false;
    out->sample = sample;
    out->channels = channels;
    out->rate = wfx->nSamplesPerSec;
    out->sample_bytes = bits / 8;
    out->frame_bytes = wfx->nBlockAlign;
    out->is_float = is_float;
    return true;
}

DWORD pacm_alsa_open_error(int error)
{
    if (error == -EBUSY || error == -EAGAIN)
        return MMSYSERR_ALLOCATED;
    if (error == -ENOENT || error == -ENODEV || error == -ENXIO)
        return MMSYSERR_NODRIVER;
    return MMSYSERR_ERROR;
}

/* Restricts `params` to the format, exactly; false when the PCM cannot take it. */
static bool restrict_format(snd_pcm_t *pcm, snd_pcm_hw_params_t *params, const alsa_format *format)
{
    return snd_pcm_hw_params_any(pcm, params) >= 0 &&
           snd_pcm_hw_params_set_access(pcm, params, SND_PCM_ACCESS_RW_INTERLEAVED) >= 0 &&
           snd_pcm_hw_params_set_format(pcm, params, format->sample) >= 0 &&
           snd_pcm_hw_params_set_channels(pcm, params, format->channels) >= 0 &&
           snd_pcm_hw_params_set_rate(pcm, params, format->rate, 0) >= 0;
}

bool pacm_alsa_format_accepted(snd_pcm_t *pcm, const alsa_format *format)
{
    snd_pcm_hw_params_t *params;
    snd_pcm_hw_params_alloca(&params);
    /* Each test alone first (they leave the space untouched), then all of them together. */
    return snd_pcm_hw_params_any(pcm, params) >= 0 &&
           snd_pcm_hw_params_test_access(pcm, params, SND_PCM_ACCESS_RW_INTERLEAVED) >= 0 &&
           snd_pcm_hw_params_test_format(pcm, params, format->sample) >= 0 &&
           snd_pcm_hw_params_test_channels(pcm, params, format->channels) >= 0 &&
           snd_pcm_hw_params_test_rate(pcm, params, format->rate, 0) >= 0 && restrict_format(pcm, params, format);
}

DWORD pacm_alsa_format_query(const char *name, snd_pcm_stream_t direction, const alsa_format *format)
{
    snd_pcm_t *pcm = NULL;
    int error = snd_pcm_open(&pcm, name, direction, SND_PCM_NONBLOCK);
    if (error < 0)
        return pacm_alsa_open_error(error);
    DWORD result = pacm_alsa_format_accepted(pcm, format) ? MMSYSERR_NOERROR : WAVERR_BADFORMAT;
    snd_pcm_close(pcm);
    return result;
}

DWORD pacm_alsa_configure(snd_pcm_t *pcm, snd_pcm_stream_t direction, const alsa_format *format,
                          snd_pcm_uframes_t *buffer_frames, snd_pcm_uframes_t *period_frames)
{
    snd_pcm_hw_params_t *hw;
    snd_pcm_hw_params_alloca(&hw);
    if (!restrict_format(pcm, hw, format))
        return WAVERR_BADFORMAT;
    /* About 10 ms periods, so 3 x 10 ms client buffers keep the device fed, and room for about
     * 100 ms (what Windows' own wave layer buffers): a header comes back only once played, so
     * a larger device buffer adds no latency, only slack against a late worker. */
    unsigned period_us = 10000, buffer_us = 100000;
    int dir = 0;
    snd_pcm_hw_params_set_period_time_near(pcm, hw, &period_us, &dir);
    dir = 0;
    snd_pcm_hw_params_set_buffer_time_near(pcm, hw, &buffer_us, &dir);
    if (snd_pcm_hw_params(pcm, hw) < 0)
        return MMSYSERR_ERROR;
    snd_pcm_hw_params_get_buffer_size(hw, buffer_frames);
    dir = 0;
    snd_pcm_hw_params_get_period_size(hw, period_frames, &dir);
    if (*period_frames == 0 || *buffer_frames < *period_frames)
        return MMSYSERR_ERROR;

    snd_pcm_sw_params_t *sw;
    snd_pcm_sw_params_alloca(&sw);
    if (snd_pcm_sw_params_current(pcm, sw) < 0)
        return MMSYSERR_ERROR;
    snd_pcm_uframes_t boundary = 0;
    snd_pcm_sw_params_get_boundary(sw, &boundary);
    /* Playback starts with the first frame written; capture only on WIDM_START. */
    snd_pcm_sw_params_set_start_threshold(pcm, sw, direction == SND_PCM_STREAM_PLAYBACK ? 1 : boundary);
    snd_pcm_sw_params_set_avail_min(pcm, sw, *period_frames);
    if (snd_pcm_sw_params(pcm, sw) < 0)
        return MMSYSERR_ERROR;
    return MMSYSERR_NOERROR;
}

/* The gain of channel `channel` out of `channels`: the left word for the first, the right word
 * for the second, their mean for the others; mono uses the left word alone. */
static double channel_gain(DWORD volume, unsigned channel, unsigned channels)
{
    double left = (volume & 0xFFFFu) / 65535.0, right = (volume >> 16) / 65535.0;
    if (channels == 1 || channel == 0)
        return left;
    if (channel == 1)
        return right;
    return (left + right) / 2;
}

static int32_t read_int(const unsigned char *p, unsigned bytes)
{
    switch (bytes) {
    case 1: return (int32_t)p[0] - 128;
    case 2: return (int16_t)(uint16_t)(p[0] | p[1] << 8);
    case 3: return (int32_t)((uint32_t)p[0] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 24) >> 8;
    default: return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
    }
}

static void write_int(unsigned char *p, unsigned bytes, int32_t v)
{
    uint32_t u = (uint32_t)v;
    switch (bytes) {
    case 1: p[0] = (unsigned char)(v + 128); break;
    case 2: p[0] = (unsigned char)u; p[1] = (unsigned char)(u >> 8); break;
    case 3: p[0] = (unsigned char)u; p[1] = (unsigned char)(u >> 8); p[2] = (unsigned char)(u >> 16); break;
    default:
        p[0] = (unsigned char)u; p[1] = (unsigned char)(u >> 8); p[2] = (unsigned char)(u >> 16);
        p[3] = (unsigned char)(u >> 24);
        break;
    }
}

/* Scales one sample in place from src to dst; gains are in [0, 1], so integers cannot overflow. */
static void scale_sample(const alsa_format *format, const unsigned char *src, unsigned char *dst, double gain)
{
    if (format->sample == SND_PCM_FORMAT_FLOAT_LE) {
        float f;
        memcpy(&f, src, sizeof f);
        f = (float)(f * gain);
        memcpy(dst, &f, sizeof f);
    } else if (format->sample == SND_PCM_FORMAT_FLOAT64_LE) {
        double d;
        memcpy(&d, src, sizeof d);
        d *= gain;
        memcpy(dst, &d, sizeof d);
    } else {
        double v = read_int(src, format->sample_bytes) * gain;
        write_int(dst, format->sample_bytes, (int32_t)(v < 0 ? v - 0.5 : v + 0.5));
    }
}

void pacm_alsa_apply_volume(const alsa_format *format, DWORD volume, const void *src, void *dst, size_t frames)
{
    if (volume == 0xFFFFFFFFu || (format->channels == 1 && (volume & 0xFFFFu) == 0xFFFFu)) {
        memcpy(dst, src, frames * format->frame_bytes);
        return;
    }
    double gains[8];
    for (unsigned c = 0; c < format->channels; c++)
        gains[c] = channel_gain(volume, c, format->channels);
    const unsigned char *in = src;
    unsigned char *out = dst;
    for (size_t f = 0; f < frames; f++)
        for (unsigned c = 0; c < format->channels; c++) {
            scale_sample(format, in, out, gains[c]);
            in += format->sample_bytes;
            out += format->sample_bytes;
        }
}
