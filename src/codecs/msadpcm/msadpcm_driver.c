/*
 * msadpcm_driver.c - the "MS-ADPCM" ACM driver (msadp32.acm): WAVE_FORMAT_ADPCM (2) to and from
 * PCM, both directions (Wine has no encoder). The decoder uses the coefficient pairs the
 * format carries (wNumCoef / aCoef, validated), as Microsoft's reference decoder does, and
 * writes 8- or 16-bit PCM; a block whose predictor index is out of range is a data error and
 * decodes as silence. The encoder uses the destination format's coefficient pairs (the 7
 * standard ones in every format this driver suggests); ACM_STREAMOPENF_NONREALTIME selects the
 * kernel's closed-loop search. Any rate; 1-2 channels (decoding up to MSADPCM_MAX_CHANNELS).
 */
#include <string.h>

#include "../codec_driver_int.h"
#include "msadpcm_int.h"
#include "common_int.h"

#define MSADPCM_MAX_CHANNELS 8
#define MSADPCM_MAX_ENCODE_CHANNELS 2
#define MSADPCM_MAX_COEFS 256 /* the predictor index is one byte */
#define MSADPCM_FORMAT_SIZE 50 /* 7 coefficient pairs: cbSize 32 */

static const codec_tag msadpcm_tags[] = {
    {WAVE_FORMAT_PCM, 16, 16, "PCM"},
    {WAVE_FORMAT_ADPCM, MSADPCM_FORMAT_SIZE, 8, "Microsoft ADPCM"},
};

/* The ADPCM format Windows uses for a rate and channel count: its block size, the 7 standard
 * coefficient pairs. */
static void msadpcm_make_format(WAVEFORMATEX *out, WORD channels, DWORD rate)
{
    ADPCMWAVEFORMAT *f = (ADPCMWAVEFORMAT *)out;
    WORD align = pacm_codec_adpcm_block_align(rate, channels);
    size_t spb = pacm_msadpcm_samples_per_block(align, channels);
    out->wFormatTag = WAVE_FORMAT_ADPCM;
    out->nChannels = channels;
    out->nSamplesPerSec = rate;
    out->nBlockAlign = align;
    out->wBitsPerSample = 4;
    out->cbSize = 4 + 4 * MSADPCM_STANDARD_COEF_COUNT;
    out->nAvgBytesPerSec = (DWORD)((uint64_t)rate * align / spb);
    f->wSamplesPerBlock = (WORD)spb;
    f->wNumCoef = MSADPCM_STANDARD_COEF_COUNT;
    for (unsigned i = 0; i < MSADPCM_STANDARD_COEF_COUNT; i++) {
        f->aCoef[i].iCoef1 = pacm_msadpcm_standard_coefs[i].coef1;
        f->aCoef[i].iCoef2 = pacm_msadpcm_standard_coefs[i].coef2;
    }
}

static void msadpcm_standard_format(DWORD tag_index, DWORD index, WAVEFORMATEX *out)
{
    if (msadpcm_tags[tag_index].tag == WAVE_FORMAT_PCM)
        pacm_codec_set_pcm(out, (WORD)(index % 2 + 1), pacm_codec_standard_rates[(index / 4) % 4], (index / 2) % 2 ? 16 : 8);
    else
        msadpcm_make_format(out, (WORD)(index % 2 + 1), pacm_codec_standard_rates[(index / 2) % 4]);
}

/* An ADPCM format: 4 bits, 1..8 channels, a rate, wSamplesPerBlock equal to what nBlockAlign
 * holds, 1..256 coefficient pairs that cbSize really covers. The fields past the
 * WAVEFORMATEX are read byte-wise (the format may be unaligned). */
static bool msadpcm_format_valid(const WAVEFORMATEX *wfx)
{
    if (wfx->wFormatTag != WAVE_FORMAT_ADPCM || wfx->wBitsPerSample != 4 || wfx->cbSize < 4)
        return false;
    if (wfx->nChannels == 0 || wfx->nChannels > MSADPCM_MAX_CHANNELS || wfx->nSamplesPerSec == 0)
        return false;
    const BYTE *extra = (const BYTE *)wfx + 18;
    size_t spb_field = (size_t)extra[0] | ((size_t)extra[1] << 8);
    size_t num_coef = (size_t)extra[2] | ((size_t)extra[3] << 8);
    size_t spb = pacm_msadpcm_samples_per_block(wfx->nBlockAlign, wfx->nChannels);
    if (spb < 2 || spb_field != spb)
        return false;
    if (num_coef == 0 || num_coef > MSADPCM_MAX_COEFS || wfx->cbSize < 4 + 4 * num_coef)
        return false;
    return true;
}

static bool msadpcm_format_supported(const WAVEFORMATEX *wfx, DWORD size)
{
    (void)size;
    if (wfx->wFormatTag == WAVE_FORMAT_PCM)
        return pacm_codec_pcm_valid(wfx, 16, MSADPCM_MAX_CHANNELS) || pacm_codec_pcm_valid(wfx, 8, MSADPCM_MAX_CHANNELS);
    return msadpcm_format_valid(wfx);
}

static MMRESULT msadpcm_suggest(const WAVEFORMATEX *src, const WAVEFORMATEX *request, DWORD flags, WAVEFORMATEX *out)
{
    return pacm_codec_block_suggest(src, request, flags, out, WAVE_FORMAT_ADPCM, 4, MSADPCM_MAX_ENCODE_CHANNELS, msadpcm_make_format);
}

/* ---- streams ------------------------------------------------------------------------------- */

typedef struct msadpcm_stream {
    codec_pcm_block_stream pcm;
    unsigned num_coefs;
    msadpcm_coef coefs[MSADPCM_MAX_COEFS];
    void *workspace; /* the high-quality encoder's, or NULL */
    void *blocks_workspace; /* the real-time multi-block encoder's, or NULL */
    /* The PCM block helper's conversion, which msadpcm_decode_run hands what it leaves. */
    DWORD (*helper_convert)(codec_block_stream *stream, const BYTE *src, DWORD length, BYTE *dst);
} msadpcm_stream;

static ptrdiff_t msadpcm_decode(codec_pcm_block_stream *base, const BYTE *block, size_t size, int16_t *out)
{
    msadpcm_stream *s = (msadpcm_stream *)base;
    return pacm_msadpcm_decode_block(block, size, base->channels, s->coefs, s->num_coefs, out, base->spb);
}

static size_t msadpcm_encode(codec_pcm_block_stream *base, const int16_t *in, size_t frames, BYTE *block)
{
    msadpcm_stream *s = (msadpcm_stream *)base;
    if (s->workspace)
        return pacm_msadpcm_encode_block_hq(in, frames, base->channels, s->coefs, s->num_coefs, block, base->spb,
                                       s->workspace);
    return pacm_msadpcm_encode_block(in, frames, base->channels, s->coefs, s->num_coefs, block, base->spb);
}

/* Decoding (the stream's convert_blocks): whole blocks into 16-bit PCM at an address fit for
 * int16 go to the multi-block decoder, which interleaves several blocks; what it leaves (8-bit
 * output, a partial block, a damaged block and the blocks after it) goes through the helper,
 * with the same result as if the helper had done all of it. */
static DWORD msadpcm_decode_run(codec_block_stream *block, const BYTE *src, DWORD length, BYTE *dst)
{
    msadpcm_stream *s = (msadpcm_stream *)block;
    codec_pcm_block_stream *base = &s->pcm;
    DWORD done = 0, written = 0;
    if (base->pcm_bits == 16 && length >= 2 * block->src_block && pacm_codec_s16_in_place(dst)) {
        size_t blocks = pacm_msadpcm_decode_blocks(src, length / block->src_block, block->src_block, base->channels,
                                                   s->coefs, s->num_coefs, (int16_t *)(void *)dst, base->spb);
        done = (DWORD)blocks * block->src_block;
        written = (DWORD)blocks * block->dst_block;
    }
    if (done < length)
        written += s->helper_convert(block, src + done, length - done, dst + written);
    return written;
}

/* Runs of whole blocks (real-time encoder only): the kernel interleaves them. */
static size_t msadpcm_encode_run(codec_pcm_block_stream *base, const int16_t *in, size_t blocks, BYTE *dst)
{
    msadpcm_stream *s = (msadpcm_stream *)base;
    return pacm_msadpcm_encode_blocks(in, blocks, base->channels, s->coefs, s->num_coefs, dst, base->spb,
                                 s->blocks_workspace);
}

static void msadpcm_destroy(codec_pcm_block_stream *base)
{
    pacm_mem_free(((msadpcm_stream *)base)->workspace);
    pacm_mem_free(((msadpcm_stream *)base)->blocks_workspace);
}

static MMRESULT msadpcm_stream_open(const WAVEFORMATEX *src, const WAVEFORMATEX *dst, DWORD fdw_open,
                                    codec_stream **out)
{
    if (src->nChannels != dst->nChannels || src->nSamplesPerSec != dst->nSamplesPerSec)
        return ACMERR_NOTPOSSIBLE;
    bool encode;
    const WAVEFORMATEX *adpcm, *pcm;
    if (src->wFormatTag == WAVE_FORMAT_ADPCM && dst->wFormatTag == WAVE_FORMAT_PCM) {
        encode = false;
        adpcm = src;
        pcm = dst;
    } else if (src->wFormatTag == WAVE_FORMAT_PCM && dst->wFormatTag == WAVE_FORMAT_ADPCM) {
        encode = true;
        adpcm = dst;
        pcm = src;
        if (src->nChannels > MSADPCM_MAX_ENCODE_CHANNELS)
            return ACMERR_NOTPOSSIBLE;
    } else {
        return ACMERR_NOTPOSSIBLE;
    }
    if (!out)
        return MMSYSERR_NOERROR;
    const unsigned channels = adpcm->nChannels;
    const BYTE *extra = (const BYTE *)adpcm + 18;
    const size_t spb = (size_t)extra[0] | ((size_t)extra[1] << 8);
    const unsigned num_coefs = (unsigned)extra[2] | ((unsigned)extra[3] << 8);
    /* A partial final block: the 7*channels-byte header, then whole bytes (ch <= 2) or whole
     * pairs of frames (ch > 2, whose frames are not byte-aligned when ch is odd). */
    codec_pcm_block_stream *base =
        pacm_codec_pcm_block_stream_create(sizeof(msadpcm_stream), encode, channels, spb, pcm->wBitsPerSample,
                                      adpcm->nBlockAlign, channels > 2 ? channels : 1, 7u * channels);
    if (!base)
        return MMSYSERR_NOMEM;
    msadpcm_stream *s = (msadpcm_stream *)base;
    s->num_coefs = num_coefs;
    for (unsigned i = 0; i < num_coefs; i++) {
        const BYTE *p = extra + 4 + 4 * i;
        s->coefs[i].coef1 = codec_read_s16(p);
        s->coefs[i].coef2 = codec_read_s16(p + 2);
    }
    base->codec_destroy = msadpcm_destroy;
    if (encode) {
        base->encode = msadpcm_encode;
        if (!(fdw_open & ACM_STREAMOPENF_NONREALTIME))
            base->encode_blocks = msadpcm_encode_run;
    }
    else {
        base->decode = msadpcm_decode;
        s->helper_convert = base->block.convert_blocks;
        base->block.convert_blocks = msadpcm_decode_run;
    }
    MMRESULT mr = pacm_codec_pcm_block_stream_finish(base, out);
    if (mr == MMSYSERR_NOERROR && encode) {
        void **workspace = (fdw_open & ACM_STREAMOPENF_NONREALTIME) ? &s->workspace : &s->blocks_workspace;
        *workspace = pacm_mem_alloc((fdw_open & ACM_STREAMOPENF_NONREALTIME) ? pacm_msadpcm_encode_block_hq_workspace_size(spb)
                                                                      : pacm_msadpcm_encode_blocks_workspace_size(spb));
        if (!*workspace) {
            (*out)->ops->stream_destroy(*out);
            *out = NULL;
            return MMSYSERR_NOMEM;
        }
    }
    return mr;
}

const codec_descriptor pacm_msadpcm_descriptor = {
    .short_name = "MS-ADPCM",
    .long_name = "Microsoft ADPCM CODEC",
    .copyright = "portacm built-in codec",
    .licensing = "",
    .features = "Compresses and decompresses 16-bit PCM to and from 4-bit Microsoft ADPCM.",
    .mid = MM_MICROSOFT,
    .pid = MM_MSFT_ACM_MSADPCM,
    .version_acm = 0x03320000,
    .version_driver = 0x04000000,
    .support = ACMDRIVERDETAILS_SUPPORTF_CODEC,
    .tags = msadpcm_tags,
    .tag_count = sizeof msadpcm_tags / sizeof msadpcm_tags[0],
    .standard_format = msadpcm_standard_format,
    .format_supported = msadpcm_format_supported,
    .suggest = msadpcm_suggest,
    .stream_open = msadpcm_stream_open,
};

LRESULT CALLBACK pacm_msadpcm_driver_proc(DWORD_PTR driver_id, HDRVR hdrvr, UINT message, LPARAM lParam1, LPARAM lParam2)
{
    return pacm_codec_driver_proc(&pacm_msadpcm_descriptor, driver_id, hdrvr, message, lParam1, lParam2);
}
