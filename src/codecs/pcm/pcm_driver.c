/*
 * pcm_driver.c - the internal PCM converter ("MS-PCM", msacm32.dll's own driver, last in
 * the driver list). It converts between integer PCM (8-bit unsigned, 16/24/32-bit signed),
 * 32-bit IEEE float and WAVE_FORMAT_EXTENSIBLE carrying either, any sample rate, 1 to 8
 * channels.
 *
 * By default the output is byte-identical to Windows' converter (tests/vectors/pcm holds
 * Windows' own output): value mappings by truncation (8->16 (b-128)<<8, 16->8 high byte ^ 0x80,
 * 24->16 top 16 bits), mono->stereo duplicates, stereo->mono is the SATURATING SUM L+R, and
 * the rate changes by nearest sample with an integer error accumulator (resample_count() in
 * pcm_resample.c). Unlike Wine, the accumulator is carried from one acmStreamConvert call to
 * the next, so the output does not depend on how the input is split into buffers (Wine
 * restarts it per call and drifts). This holds whatever the open flags: ACM_STREAMOPENF_NONREALTIME (which NAudio
 * sets on every stream, never sending END) keeps Windows' sample accounting. Only portacm's
 * ACM_STREAMOPENF_PORTACM_HIGHQUALITY (portacm.h) changes the rate through libsoxr (high
 * quality), whose filter state is also kept across calls and flushed by
 * ACM_STREAMCONVERTF_END.
 *
 * Internally every sample goes through a 32-bit signed value ("s32": full scale = 2^31), so
 * all sizes share one mixing and resampling path; the mappings above are exact in it.
 *
 * This file is the driver: the formats it accepts, enumerates and suggests, and the stream's
 * ops, which choose the sample formats' loops (pcm_formats.c), the mixer (pcm_mix.c) and the
 * resampler (pcm_resample.c) once per stream; pcm_int.h shows the path of a buffer.
 */
#include <string.h>

#include "pcm_int.h"
#include "common_int.h"

static const DWORD pcm_rates[6] = {8000, 11025, 22050, 44100, 48000, 96000};

static const codec_tag pcm_tags[] = {
    {WAVE_FORMAT_PCM, 16, 36, "PCM"},
    {WAVE_FORMAT_IEEE_FLOAT, 18, 12, "IEEE Float"},
    {WAVE_FORMAT_EXTENSIBLE, 40, 0, "Extensible"},
};

/* The speaker layout for a channel count when the format names none: the project's one table
 * (portacm_default_channel_mask, also written by the portacm tool). */
static DWORD default_channel_mask(unsigned channels)
{
    return portacm_default_channel_mask((uint16_t)channels);
}

static unsigned bit_count(DWORD mask)
{
    unsigned n = 0;
    for (; mask; mask &= mask - 1)
        n++;
    return n;
}

static bool guid_equal(const GUID *a, const GUID *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

/* Parses and strictly validates a format: a known encoding, 1..8 channels, a non-zero rate,
 * nBlockAlign == channels * container bytes and nAvgBytesPerSec == rate * nBlockAlign
 * (32-bit arithmetic, as a Windows program computes it). `size` = readable bytes. */
static bool pcm_parse(const WAVEFORMATEX *wfx, DWORD size, pcm_layout *out)
{
    pcm_layout layout;
    memset(&layout, 0, sizeof layout);
    WORD bits = wfx->wBitsPerSample;
    bool is_float;
    switch (wfx->wFormatTag) {
    case WAVE_FORMAT_PCM:
        is_float = false;
        layout.channel_mask = default_channel_mask(wfx->nChannels);
        break;
    case WAVE_FORMAT_IEEE_FLOAT:
        if (size < 18)
            return false;
        is_float = true;
        layout.channel_mask = default_channel_mask(wfx->nChannels);
        break;
    case WAVE_FORMAT_EXTENSIBLE: {
        if (size < sizeof(WAVEFORMATEXTENSIBLE) || wfx->cbSize < 22)
            return false;
        const WAVEFORMATEXTENSIBLE *ext = (const WAVEFORMATEXTENSIBLE *)wfx;
        GUID sub;
        memcpy(&sub, &ext->SubFormat, sizeof sub);
        if (guid_equal(&sub, &KSDATAFORMAT_SUBTYPE_PCM))
            is_float = false;
        else if (guid_equal(&sub, &KSDATAFORMAT_SUBTYPE_IEEE_FLOAT))
            is_float = true;
        else
            return false;
        WORD valid = ext->Samples.wValidBitsPerSample;
        if (valid > bits)
            return false;
        DWORD mask = ext->dwChannelMask;
        if (mask == 0)
            mask = default_channel_mask(wfx->nChannels);
        else if ((mask & SPEAKER_ALL) || bit_count(mask) != wfx->nChannels)
            return false;
        layout.channel_mask = mask;
        break;
    }
    default:
        return false;
    }
    if (is_float) {
        if (bits != 32)
            return false;
        layout.sample = SAMPLE_F32;
    } else {
        switch (bits) {
        case 8: layout.sample = SAMPLE_U8; break;
        case 16: layout.sample = SAMPLE_S16; break;
        case 24: layout.sample = SAMPLE_S24; break;
        case 32: layout.sample = SAMPLE_S32; break;
        default: return false;
        }
    }
    if (wfx->nChannels == 0 || wfx->nChannels > PCM_MAX_CHANNELS || wfx->nSamplesPerSec == 0)
        return false;
    if (wfx->nBlockAlign != (DWORD)wfx->nChannels * (bits / 8u))
        return false;
    if (wfx->nAvgBytesPerSec != (DWORD)(wfx->nSamplesPerSec * (DWORD)wfx->nBlockAlign))
        return false;
    layout.channels = wfx->nChannels;
    layout.rate = wfx->nSamplesPerSec;
    layout.frame_bytes = wfx->nBlockAlign;
    if (out)
        *out = layout;
    return true;
}

/* ---- formats --------------------------------------------------------------------------------- */

/* PCM: rate-major, then 8/16/24 bits, then mono/stereo (Windows' 36). Float: rate, then
 * mono/stereo (12). */
static void pcm_standard_format(DWORD tag_index, DWORD index, WAVEFORMATEX *out)
{
    static const WORD pcm_bits[3] = {8, 16, 24};
    if (pcm_tags[tag_index].tag == WAVE_FORMAT_PCM) {
        pacm_codec_set_pcm(out, (WORD)(index % 2 + 1), pcm_rates[(index / 6) % 6], pcm_bits[(index / 2) % 3]);
    } else {
        pacm_codec_set_pcm(out, (WORD)(index % 2 + 1), pcm_rates[(index / 2) % 6], 32);
        out->wFormatTag = WAVE_FORMAT_IEEE_FLOAT;
    }
}

static bool pcm_format_supported(const WAVEFORMATEX *wfx, DWORD size)
{
    return pcm_parse(wfx, size, NULL);
}

/* Suggestion: the source's rate, channels and (for a PCM source) bits unless the caller fixes
 * them; a non-PCM source (float, extensible) gets 16-bit PCM by default, as every ACM driver
 * suggests for a non-PCM source. */
static MMRESULT pcm_suggest(const WAVEFORMATEX *src, const WAVEFORMATEX *request, DWORD flags, WAVEFORMATEX *out)
{
    WORD tag = (flags & ACM_FORMATSUGGESTF_WFORMATTAG) ? request->wFormatTag : (WORD)WAVE_FORMAT_PCM;
    WORD channels = (flags & ACM_FORMATSUGGESTF_NCHANNELS) ? request->nChannels : src->nChannels;
    DWORD rate = (flags & ACM_FORMATSUGGESTF_NSAMPLESPERSEC) ? request->nSamplesPerSec : src->nSamplesPerSec;
    WORD bits;
    if (flags & ACM_FORMATSUGGESTF_WBITSPERSAMPLE)
        bits = request->wBitsPerSample;
    else if (tag == WAVE_FORMAT_IEEE_FLOAT)
        bits = 32;
    else if (src->wFormatTag == WAVE_FORMAT_PCM && tag != WAVE_FORMAT_EXTENSIBLE)
        bits = src->wBitsPerSample;
    else if (tag == WAVE_FORMAT_EXTENSIBLE && src->wFormatTag != WAVE_FORMAT_IEEE_FLOAT)
        bits = src->wBitsPerSample;
    else
        bits = 16;
    if (channels == 0 || channels > PCM_MAX_CHANNELS || rate == 0 || (bits != 8 && bits != 16 && bits != 24 && bits != 32))
        return ACMERR_NOTPOSSIBLE;
    pacm_codec_set_pcm(out, channels, rate, bits);
    if (tag == WAVE_FORMAT_IEEE_FLOAT) {
        if (bits != 32)
            return ACMERR_NOTPOSSIBLE;
        out->wFormatTag = WAVE_FORMAT_IEEE_FLOAT;
    } else if (tag == WAVE_FORMAT_EXTENSIBLE) {
        WAVEFORMATEXTENSIBLE *ext = (WAVEFORMATEXTENSIBLE *)out;
        bool is_float = src->wFormatTag == WAVE_FORMAT_IEEE_FLOAT && bits == 32;
        if (src->wFormatTag == WAVE_FORMAT_EXTENSIBLE) {
            const WAVEFORMATEXTENSIBLE *src_ext = (const WAVEFORMATEXTENSIBLE *)src;
            is_float = bits == 32 && guid_equal(&src_ext->SubFormat, &KSDATAFORMAT_SUBTYPE_IEEE_FLOAT);
        }
        out->wFormatTag = WAVE_FORMAT_EXTENSIBLE;
        out->cbSize = 22;
        ext->Samples.wValidBitsPerSample = bits;
        ext->dwChannelMask = default_channel_mask(channels);
        ext->SubFormat = is_float ? KSDATAFORMAT_SUBTYPE_IEEE_FLOAT : KSDATAFORMAT_SUBTYPE_PCM;
    } else if (tag != WAVE_FORMAT_PCM) {
        return ACMERR_NOTPOSSIBLE;
    }
    return MMSYSERR_NOERROR;
}

/* ---- the stream ------------------------------------------------------------------------------- */

/* Frames, as the rate accounting (pcm_resample.c) counts them, times the frame sizes. */
static MMRESULT pcm_stream_size(codec_stream *base, DWORD flags, DWORD in, DWORD *out)
{
    pcm_stream *s = (pcm_stream *)base;
    if (flags == ACM_STREAMSIZEF_SOURCE) {
        uint64_t frames = in / s->in.frame_bytes;
        if (frames == 0)
            return ACMERR_NOTPOSSIBLE;
        uint64_t out_frames = pacm_pcm_resample_out_frames(s, frames);
        uint64_t bytes = out_frames * s->out.frame_bytes;
        if (out_frames > 0xFFFFFFFFu || bytes > 0xFFFFFFFFu)
            return ACMERR_NOTPOSSIBLE;
        *out = (DWORD)bytes;
    } else {
        uint64_t frames = in / s->out.frame_bytes;
        uint64_t in_frames = pacm_pcm_resample_in_frames(s, frames);
        if (in_frames == 0)
            return ACMERR_NOTPOSSIBLE;
        uint64_t limit = 0xFFFFFFFFu / s->in.frame_bytes;
        if (in_frames > limit)
            in_frames = limit;
        *out = (DWORD)(in_frames * s->in.frame_bytes);
    }
    return MMSYSERR_NOERROR;
}

/* Whole frames only: a trailing partial frame of the source stays unconsumed. */
static MMRESULT pcm_stream_convert(codec_stream *base, DWORD flags, const BYTE *src, DWORD src_length,
                                   DWORD *src_used, BYTE *dst, DWORD dst_length, DWORD *dst_used)
{
    pcm_stream *s = (pcm_stream *)base;
    if (flags & ACM_STREAMCONVERTF_START)
        pacm_pcm_resample_reset(s);
    DWORD in_frames = src_length / s->in.frame_bytes;
    DWORD out_capacity = dst_length / s->out.frame_bytes;
    DWORD used = 0, written = 0;
    if (s->copy) {
        used = written = in_frames < out_capacity ? in_frames : out_capacity;
        memcpy(dst, src, (size_t)used * s->in.frame_bytes);
    } else if (s->soxr) {
        pacm_pcm_resample_soxr(s, flags, src, in_frames, &used, dst, out_capacity, &written);
    } else {
        pacm_pcm_resample_nearest(s, src, in_frames, &used, dst, out_capacity, &written);
    }
    *src_used = used * s->in.frame_bytes;
    *dst_used = written * s->out.frame_bytes;
    return MMSYSERR_NOERROR;
}

static void pcm_stream_destroy(codec_stream *base)
{
    pcm_stream *s = (pcm_stream *)base;
    pacm_pcm_resample_close(s);
    pacm_mem_free(s);
}

static const codec_stream_ops pcm_stream_ops = {pcm_stream_size, pcm_stream_convert, pcm_stream_destroy};

/* Chooses each level's function once: the decoder, the mixer, the encoder and the resampler. */
static MMRESULT pcm_stream_open(const WAVEFORMATEX *src, const WAVEFORMATEX *dst, DWORD fdw_open, codec_stream **out)
{
    pcm_layout in, layout_out;
    if (!pcm_parse(src, pacm_codec_format_size(src), &in) || !pcm_parse(dst, pacm_codec_format_size(dst), &layout_out))
        return ACMERR_NOTPOSSIBLE;
    if (!out)
        return MMSYSERR_NOERROR;
    pcm_stream *s = pacm_mem_calloc(1, sizeof *s);
    if (!s)
        return MMSYSERR_NOMEM;
    s->base.ops = &pcm_stream_ops;
    s->in = in;
    s->out = layout_out;
    pacm_pcm_mix_init(s);
    s->decode = pacm_pcm_decoders[in.sample];
    s->encode = pacm_pcm_encoders[layout_out.sample];
    s->copy = !s->mix && in.sample == layout_out.sample && in.rate == layout_out.rate;
    if (!pacm_pcm_resample_open(s, fdw_open)) {
        pacm_mem_free(s);
        return ACMERR_NOTPOSSIBLE;
    }
    pacm_pcm_resample_reset(s);
    *out = &s->base;
    return MMSYSERR_NOERROR;
}


const codec_descriptor pacm_pcm_descriptor = {
    .short_name = "MS-PCM",
    .long_name = "Microsoft PCM Converter",
    .copyright = "portacm built-in converter",
    .licensing = "",
    .features = "Converts between 8/16/24/32-bit integer and 32-bit float PCM, 1 to 8 channels, any sample rate.",
    .mid = MM_MICROSOFT,
    .pid = MM_MSFT_ACM_PCM,
    .version_acm = 0x01000000,
    .version_driver = 0x01000000,
    .support = ACMDRIVERDETAILS_SUPPORTF_CONVERTER,
    .tags = pcm_tags,
    .tag_count = sizeof pcm_tags / sizeof pcm_tags[0],
    .standard_format = pcm_standard_format,
    .format_supported = pcm_format_supported,
    .suggest = pcm_suggest,
    .stream_open = pcm_stream_open,
};

LRESULT CALLBACK pacm_pcm_driver_proc(DWORD_PTR driver_id, HDRVR hdrvr, UINT message, LPARAM lParam1, LPARAM lParam2)
{
    return pacm_codec_driver_proc(&pacm_pcm_descriptor, driver_id, hdrvr, message, lParam1, lParam2);
}
