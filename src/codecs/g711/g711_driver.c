/*
 * g711_driver.c - the "Microsoft CCITT G.711" ACM driver (msg711.acm): A-law (WAVE_FORMAT_ALAW)
 * and mu-law (WAVE_FORMAT_MULAW) to and from 16-bit PCM, and A-law <-> mu-law directly with
 * ITU-T G.711's transcoding tables. The sample work is done by the kernels (g711_int.h);
 * this file is the driver glue: identity, formats, suggestions and streams.
 *
 * Beyond Windows' msg711 (which accepts only its 8 table formats per tag) any rate and any
 * channel count up to G711_MAX_CHANNELS are accepted: G.711 is sample by sample, so nothing
 * depends on them. The size ratio is exact: 2:1 or 1:1, one frame per block.
 */
#include <string.h>

#include "../codec_driver_int.h"
#include "g711_int.h"
#include "common_int.h"

#define G711_MAX_CHANNELS 255

static const codec_tag g711_tags[] = {
    {WAVE_FORMAT_PCM, 16, 8, "PCM"},
    {WAVE_FORMAT_ALAW, 18, 8, "CCITT A-Law"},
    {WAVE_FORMAT_MULAW, 18, 8, "CCITT u-Law"},
};

/* Standard format i of every tag: rates 8000, 11025, 22050, 44100 x mono, stereo. PCM is
 * 16-bit only, as in Windows' msg711. */
static void g711_standard_format(DWORD tag_index, DWORD index, WAVEFORMATEX *out)
{
    WORD channels = (WORD)(index % 2 + 1);
    DWORD rate = pacm_codec_standard_rates[(index / 2) % 4];
    if (g711_tags[tag_index].tag == WAVE_FORMAT_PCM) {
        pacm_codec_set_pcm(out, channels, rate, 16);
        return;
    }
    out->wFormatTag = g711_tags[tag_index].tag;
    out->nChannels = channels;
    out->nSamplesPerSec = rate;
    out->nBlockAlign = channels;
    out->nAvgBytesPerSec = rate * channels;
    out->wBitsPerSample = 8;
    out->cbSize = 0;
}

static bool g711_law_valid(const WAVEFORMATEX *wfx)
{
    if (wfx->wFormatTag != WAVE_FORMAT_ALAW && wfx->wFormatTag != WAVE_FORMAT_MULAW)
        return false;
    if (wfx->nChannels == 0 || wfx->nChannels > G711_MAX_CHANNELS || wfx->nSamplesPerSec == 0)
        return false;
    if (wfx->wBitsPerSample != 8 || wfx->nBlockAlign != wfx->nChannels)
        return false;
    return wfx->nAvgBytesPerSec == (DWORD)(wfx->nSamplesPerSec * (DWORD)wfx->nChannels);
}

static bool g711_format_supported(const WAVEFORMATEX *wfx, DWORD size)
{
    (void)size;
    if (wfx->wFormatTag == WAVE_FORMAT_PCM)
        return pacm_codec_pcm_valid(wfx, 16, G711_MAX_CHANNELS);
    return g711_law_valid(wfx);
}

/* Suggestion: PCM -> A-law, a law -> 16-bit PCM (Windows' defaults); rate and channels copied
 * from the source, which is the only thing the driver can do. */
static MMRESULT g711_suggest(const WAVEFORMATEX *src, const WAVEFORMATEX *request, DWORD flags, WAVEFORMATEX *out)
{
    WORD tag = src->wFormatTag == WAVE_FORMAT_PCM ? WAVE_FORMAT_ALAW : WAVE_FORMAT_PCM;
    if (flags & ACM_FORMATSUGGESTF_WFORMATTAG)
        tag = request->wFormatTag;
    if (tag == src->wFormatTag)
        return ACMERR_NOTPOSSIBLE; /* a codec, not a converter */
    WORD channels = (flags & ACM_FORMATSUGGESTF_NCHANNELS) ? request->nChannels : src->nChannels;
    DWORD rate = (flags & ACM_FORMATSUGGESTF_NSAMPLESPERSEC) ? request->nSamplesPerSec : src->nSamplesPerSec;
    WORD bits = tag == WAVE_FORMAT_PCM ? 16 : 8;
    if ((flags & ACM_FORMATSUGGESTF_WBITSPERSAMPLE) && request->wBitsPerSample != bits)
        return ACMERR_NOTPOSSIBLE;
    if (channels != src->nChannels || rate != src->nSamplesPerSec)
        return ACMERR_NOTPOSSIBLE;
    if (tag == WAVE_FORMAT_PCM) {
        pacm_codec_set_pcm(out, channels, rate, 16);
    } else {
        out->wFormatTag = tag;
        out->nChannels = channels;
        out->nSamplesPerSec = rate;
        out->nBlockAlign = channels;
        out->nAvgBytesPerSec = (DWORD)(rate * (DWORD)channels);
        out->wBitsPerSample = 8;
        out->cbSize = 0;
    }
    return MMSYSERR_NOERROR;
}

/* ---- streams ------------------------------------------------------------------------------- */

typedef enum g711_kind { ALAW_ENCODE, ULAW_ENCODE, ALAW_DECODE, ULAW_DECODE, ALAW_TO_ULAW, ULAW_TO_ALAW } g711_kind;

typedef struct g711_stream {
    codec_block_stream block;
    g711_kind kind;
} g711_stream;

#define G711_CHUNK 2048

/* Converts `length` bytes (whole frames). Aligned buffers on a little-endian host go straight
 * to the kernels; otherwise through a small native-int16 buffer, so unaligned little-endian
 * ACM buffers are handled on any host. */
static DWORD g711_convert(codec_block_stream *base, const BYTE *src, DWORD length, BYTE *dst)
{
    g711_stream *stream = (g711_stream *)base;
    int16_t pcm[G711_CHUNK];
    DWORD written = 0;
    switch (stream->kind) {
    case ALAW_ENCODE:
    case ULAW_ENCODE: {
        size_t samples = length / 2;
        if (pacm_codec_s16_in_place(src)) {
            if (stream->kind == ALAW_ENCODE)
                pacm_g711_alaw_encode((const int16_t *)(const void *)src, dst, samples);
            else
                pacm_g711_ulaw_encode((const int16_t *)(const void *)src, dst, samples);
            written = (DWORD)samples;
            break;
        }
        for (size_t done = 0; done < samples;) {
            size_t n = samples - done < G711_CHUNK ? samples - done : G711_CHUNK;
            pacm_codec_pcm_to_s16(src + 2 * done, 16, pcm, n);
            if (stream->kind == ALAW_ENCODE)
                pacm_g711_alaw_encode(pcm, dst + done, n);
            else
                pacm_g711_ulaw_encode(pcm, dst + done, n);
            done += n;
        }
        written = (DWORD)samples;
        break;
    }
    case ALAW_DECODE:
    case ULAW_DECODE:
        if (pacm_codec_s16_in_place(dst)) {
            if (stream->kind == ALAW_DECODE)
                pacm_g711_alaw_decode(src, (int16_t *)(void *)dst, length);
            else
                pacm_g711_ulaw_decode(src, (int16_t *)(void *)dst, length);
            written = length * 2;
            break;
        }
        for (size_t done = 0; done < length;) {
            size_t n = length - done < G711_CHUNK ? length - done : G711_CHUNK;
            if (stream->kind == ALAW_DECODE)
                pacm_g711_alaw_decode(src + done, pcm, n);
            else
                pacm_g711_ulaw_decode(src + done, pcm, n);
            pacm_codec_s16_to_pcm(pcm, dst + 2 * done, 16, n);
            done += n;
        }
        written = length * 2;
        break;
    case ALAW_TO_ULAW:
        pacm_g711_alaw_to_ulaw(src, dst, length);
        written = length;
        break;
    case ULAW_TO_ALAW:
        pacm_g711_ulaw_to_alaw(src, dst, length);
        written = length;
        break;
    }
    return written;
}

static void g711_destroy(codec_block_stream *base)
{
    pacm_mem_free(base);
}

static MMRESULT g711_stream_open(const WAVEFORMATEX *src, const WAVEFORMATEX *dst, DWORD fdw_open,
                                 codec_stream **out)
{
    (void)fdw_open; /* G.711 has no quality choice: NONREALTIME changes nothing */
    if (src->nChannels != dst->nChannels || src->nSamplesPerSec != dst->nSamplesPerSec)
        return ACMERR_NOTPOSSIBLE;
    g711_kind kind;
    WORD s = src->wFormatTag, d = dst->wFormatTag;
    if (s == WAVE_FORMAT_PCM && d == WAVE_FORMAT_ALAW)
        kind = ALAW_ENCODE;
    else if (s == WAVE_FORMAT_PCM && d == WAVE_FORMAT_MULAW)
        kind = ULAW_ENCODE;
    else if (s == WAVE_FORMAT_ALAW && d == WAVE_FORMAT_PCM)
        kind = ALAW_DECODE;
    else if (s == WAVE_FORMAT_MULAW && d == WAVE_FORMAT_PCM)
        kind = ULAW_DECODE;
    else if (s == WAVE_FORMAT_ALAW && d == WAVE_FORMAT_MULAW)
        kind = ALAW_TO_ULAW;
    else if (s == WAVE_FORMAT_MULAW && d == WAVE_FORMAT_ALAW)
        kind = ULAW_TO_ALAW;
    else
        return ACMERR_NOTPOSSIBLE;
    if (!out)
        return MMSYSERR_NOERROR;
    g711_stream *stream = pacm_mem_calloc(1, sizeof *stream);
    if (!stream)
        return MMSYSERR_NOMEM;
    stream->kind = kind;
    stream->block.src_block = src->nBlockAlign;
    stream->block.dst_block = dst->nBlockAlign;
    stream->block.src_unit = src->nBlockAlign;
    stream->block.partial_min = 0;
    stream->block.convert_blocks = g711_convert;
    stream->block.destroy_blocks = g711_destroy;
    MMRESULT mr = pacm_codec_block_stream_init(&stream->block);
    if (mr != MMSYSERR_NOERROR) {
        pacm_mem_free(stream);
        return mr;
    }
    *out = &stream->block.base;
    return MMSYSERR_NOERROR;
}

const codec_descriptor pacm_g711_descriptor = {
    .short_name = "Microsoft CCITT G.711",
    .long_name = "Microsoft CCITT G.711 A-Law and u-Law CODEC",
    .copyright = "portacm built-in codec",
    .licensing = "",
    .features = "Converts 16-bit PCM to and from CCITT G.711 A-Law and u-Law, and A-Law to and from u-Law.",
    .mid = MM_MICROSOFT,
    .pid = MM_MSFT_ACM_G711,
    .version_acm = 0x03320000,
    .version_driver = 0x04000000,
    .support = ACMDRIVERDETAILS_SUPPORTF_CODEC,
    .tags = g711_tags,
    .tag_count = sizeof g711_tags / sizeof g711_tags[0],
    .standard_format = g711_standard_format,
    .format_supported = g711_format_supported,
    .suggest = g711_suggest,
    .stream_open = g711_stream_open,
};

LRESULT CALLBACK pacm_g711_driver_proc(DWORD_PTR driver_id, HDRVR hdrvr, UINT message, LPARAM lParam1, LPARAM lParam2)
{
    return pacm_codec_driver_proc(&pacm_g711_descriptor, driver_id, hdrvr, message, lParam1, lParam2);
}
