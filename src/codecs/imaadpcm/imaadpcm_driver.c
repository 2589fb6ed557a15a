/*
 * imaadpcm_driver.c - the "Microsoft IMA ADPCM" ACM driver (imaadp32.acm): WAVE_FORMAT_IMA_ADPCM
 * (0x11) to and from PCM. Decoding gives 8- or 16-bit PCM for any channel count up to
 * IMAADPCM_MAX_CHANNELS (more than 2 is an extension) and any valid block size; encoding takes 8-
 * or 16-bit mono or stereo PCM (8-bit is an extension). Any sample rate. The real-time encoder
 * carries each channel's step index from block to block (START resets it to 0, as Windows);
 * ACM_STREAMOPENF_NONREALTIME selects the kernel's beam-search encoder. The kernels are in
 * ../kernels; this file is the driver glue.
 */
#include <string.h>

#include "../codec_driver_int.h"
#include "imaadpcm_int.h"
#include "common_int.h"

#define IMAADPCM_MAX_CHANNELS 8
#define IMAADPCM_MAX_ENCODE_CHANNELS 2

static const codec_tag imaadpcm_tags[] = {
    {WAVE_FORMAT_PCM, 16, 16, "PCM"},
    {WAVE_FORMAT_IMA_ADPCM, 20, 8, "IMA ADPCM"},
};

/* The IMA format Windows uses for a rate and channel count. */
static void imaadpcm_make_format(WAVEFORMATEX *out, WORD channels, DWORD rate)
{
    IMAADPCMWAVEFORMAT *ima = (IMAADPCMWAVEFORMAT *)out;
    WORD align = pacm_codec_adpcm_block_align(rate, channels);
    size_t spb = pacm_imaadpcm_samples_per_block(align, channels);
    out->wFormatTag = WAVE_FORMAT_IMA_ADPCM;
    out->nChannels = channels;
    out->nSamplesPerSec = rate;
    out->nBlockAlign = align;
    out->wBitsPerSample = 4;
    out->cbSize = 2;
    out->nAvgBytesPerSec = (DWORD)((uint64_t)rate * align / spb);
    ima->wSamplesPerBlock = (WORD)spb;
}

/* PCM: rates x 8/16 bits x mono/stereo; IMA: rates x mono/stereo. */
static void imaadpcm_standard_format(DWORD tag_index, DWORD index, WAVEFORMATEX *out)
{
    if (imaadpcm_tags[tag_index].tag == WAVE_FORMAT_PCM)
        pacm_codec_set_pcm(out, (WORD)(index % 2 + 1), pacm_codec_standard_rates[(index / 4) % 4], (index / 2) % 2 ? 16 : 8);
    else
        imaadpcm_make_format(out, (WORD)(index % 2 + 1), pacm_codec_standard_rates[(index / 2) % 4]);
}

/* An IMA format: 4 bits, 1..8 channels, a rate, cbSize >= 2, and wSamplesPerBlock equal to
 * what nBlockAlign holds (the block must be 4*channels-byte groups after the header).
 * nAvgBytesPerSec is informational (programs round it differently) and not checked. */
static bool imaadpcm_format_valid(const WAVEFORMATEX *wfx)
{
    if (wfx->wFormatTag != WAVE_FORMAT_IMA_ADPCM || wfx->wBitsPerSample != 4 || wfx->cbSize < 2)
        return false;
    if (wfx->nChannels == 0 || wfx->nChannels > IMAADPCM_MAX_CHANNELS || wfx->nSamplesPerSec == 0)
        return false;
    size_t spb = pacm_imaadpcm_samples_per_block(wfx->nBlockAlign, wfx->nChannels);
    return spb > 1 && ((const IMAADPCMWAVEFORMAT *)wfx)->wSamplesPerBlock == spb;
}

static bool imaadpcm_format_supported(const WAVEFORMATEX *wfx, DWORD size)
{
    (void)size;
    if (wfx->wFormatTag == WAVE_FORMAT_PCM)
        return pacm_codec_pcm_valid(wfx, 16, IMAADPCM_MAX_CHANNELS) || pacm_codec_pcm_valid(wfx, 8, IMAADPCM_MAX_CHANNELS);
    return imaadpcm_format_valid(wfx);
}

/* PCM -> IMA at Windows' block size for the rate; IMA -> 16-bit PCM (or 8-bit when asked).
 * Channels and rate are the source's: the codec does not resample or remix. */
static MMRESULT imaadpcm_suggest(const WAVEFORMATEX *src, const WAVEFORMATEX *request, DWORD flags, WAVEFORMATEX *out)
{
    return pacm_codec_block_suggest(src, request, flags, out, WAVE_FORMAT_IMA_ADPCM, 4, IMAADPCM_MAX_ENCODE_CHANNELS, imaadpcm_make_format);
}

/* ---- streams ------------------------------------------------------------------------------- */

typedef struct imaadpcm_stream {
    codec_pcm_block_stream pcm;
    uint8_t step_index[IMAADPCM_MAX_CHANNELS];
    void *workspace; /* the high-quality encoder's, or NULL */
} imaadpcm_stream;

static ptrdiff_t imaadpcm_decode(codec_pcm_block_stream *base, const BYTE *block, size_t size, int16_t *out)
{
    return pacm_imaadpcm_decode_block(block, size, base->channels, out, base->spb);
}

static size_t imaadpcm_encode(codec_pcm_block_stream *base, const int16_t *in, size_t frames, BYTE *block)
{
    imaadpcm_stream *s = (imaadpcm_stream *)base;
    if (s->workspace)
        return pacm_imaadpcm_encode_block_hq(in, frames, base->channels, s->step_index, block, base->spb, s->workspace);
    return pacm_imaadpcm_encode_block(in, frames, base->channels, s->step_index, block, base->spb);
}

static void imaadpcm_reset(codec_pcm_block_stream *base)
{
    memset(((imaadpcm_stream *)base)->step_index, 0, sizeof((imaadpcm_stream *)base)->step_index);
}

static void imaadpcm_destroy(codec_pcm_block_stream *base)
{
    pacm_mem_free(((imaadpcm_stream *)base)->workspace);
}

static MMRESULT imaadpcm_stream_open(const WAVEFORMATEX *src, const WAVEFORMATEX *dst, DWORD fdw_open, codec_stream **out)
{
    if (src->nChannels != dst->nChannels || src->nSamplesPerSec != dst->nSamplesPerSec)
        return ACMERR_NOTPOSSIBLE;
    bool encode;
    const WAVEFORMATEX *ima, *pcm;
    if (src->wFormatTag == WAVE_FORMAT_IMA_ADPCM && dst->wFormatTag == WAVE_FORMAT_PCM) {
        encode = false;
        ima = src;
        pcm = dst;
    } else if (src->wFormatTag == WAVE_FORMAT_PCM && dst->wFormatTag == WAVE_FORMAT_IMA_ADPCM) {
        encode = true;
        ima = dst;
        pcm = src;
        if (src->nChannels > IMAADPCM_MAX_ENCODE_CHANNELS)
            return ACMERR_NOTPOSSIBLE;
    } else {
        return ACMERR_NOTPOSSIBLE; /* PCM -> PCM is the PCM converter's job */
    }
    if (!out)
        return MMSYSERR_NOERROR;
    const unsigned channels = ima->nChannels;
    const size_t spb = ((const IMAADPCMWAVEFORMAT *)ima)->wSamplesPerBlock;
    codec_pcm_block_stream *base = pacm_codec_pcm_block_stream_create(sizeof(imaadpcm_stream), encode, channels, spb,
                                                                 pcm->wBitsPerSample, ima->nBlockAlign, 4u * channels,
                                                                 4u * channels);
    if (!base)
        return MMSYSERR_NOMEM;
    imaadpcm_stream *s = (imaadpcm_stream *)base;
    base->codec_destroy = imaadpcm_destroy;
    if (encode) {
        base->encode = imaadpcm_encode;
        base->codec_reset = imaadpcm_reset;
    } else {
        base->decode = imaadpcm_decode;
    }
    MMRESULT mr = pacm_codec_pcm_block_stream_finish(base, out);
    if (mr == MMSYSERR_NOERROR && encode && (fdw_open & ACM_STREAMOPENF_NONREALTIME)) {
        s->workspace = pacm_mem_alloc(pacm_imaadpcm_encode_block_hq_workspace_size(spb));
        if (!s->workspace) {
            (*out)->ops->stream_destroy(*out);
            *out = NULL;
            return MMSYSERR_NOMEM;
        }
    }
    return mr;
}

const codec_descriptor pacm_imaadpcm_descriptor = {
    .short_name = "Microsoft IMA ADPCM",
    .long_name = "Microsoft IMA ADPCM CODEC",
    .copyright = "portacm built-in codec",
    .licensing = "",
    .features = "Compresses and decompresses 16-bit PCM to and from 4-bit IMA ADPCM.",
    .mid = MM_MICROSOFT,
    .pid = MM_MSFT_ACM_IMAADPCM,
    .version_acm = 0x03320000,
    .version_driver = 0x04000000,
    .support = ACMDRIVERDETAILS_SUPPORTF_CODEC,
    .tags = imaadpcm_tags,
    .tag_count = sizeof imaadpcm_tags / sizeof imaadpcm_tags[0],
    .standard_format = imaadpcm_standard_format,
    .format_supported = imaadpcm_format_supported,
    .suggest = imaadpcm_suggest,
    .stream_open = imaadpcm_stream_open,
};

LRESULT CALLBACK pacm_imaadpcm_driver_proc(DWORD_PTR driver_id, HDRVR hdrvr, UINT message, LPARAM lParam1, LPARAM lParam2)
{
    return pacm_codec_driver_proc(&pacm_imaadpcm_descriptor, driver_id, hdrvr, message, lParam1, lParam2);
}
