/*
 * gsm_driver.c - the "Microsoft GSM 6.10" ACM driver (msgsm32.acm): 16-bit mono PCM to and
 * from WAVE_FORMAT_GSM610 at any sample rate: encoding through libgsm, decoding through portacm's own
 * GSM 06.10 decoder (gsm_decode.c), which gives libgsm's samples bit for bit at over twice its speed.
 *
 * Microsoft's GSM 6.10 in WAV ("WAV49") packs two 160-sample ETSI GSM 06.10 frames into one
 * 65-byte block (the first frame takes 32.5 bytes, the second starts with the remaining half
 * byte), so a block carries 320 samples. libgsm implements exactly that packing with
 * GSM_OPT_WAV49: each gsm_encode call flips the state's frame index and writes 32 then 33 bytes.
 * The index is set explicitly before every frame, so a block always starts with the first half
 * whatever happened before (a failed call, a START). The decoder reads whole blocks.
 *
 * Sizes and the conversion rules follow Windows' msgsm32 (reference-behaviour.md section 4):
 *   - SIZE: PCM -> GSM = ceil(src / 640) * 65; GSM -> PCM = floor(src / 65) * 640.
 *   - CONVERT refuses (ACMERR_NOTPOSSIBLE) a destination smaller than that whole need, even
 *     with BLOCKALIGN (native rounds the need up regardless).
 *   - Encoding without BLOCKALIGN zero-pads a trailing partial block and consumes it; with
 *     BLOCKALIGN only whole blocks are converted and the rest is left unconsumed.
 *   - START restarts the codec (a fresh libgsm state, or the decoder's home state).
 */
#include <gsm.h>
#include <string.h>

#include "gsm_int.h"
#include "gsm_decode_int.h"
#include "common_int.h"

#define GSM_PCM_BLOCK_BYTES (GSM_BLOCK_SAMPLES * 2)
#define GSM_FIRST_HALF_BYTES 32 /* bytes the first frame of a block writes when encoding */

/* The standard formats of both tags (Windows' msgsm32 enumerates these six rates, mono). */
static const DWORD gsm_rates[6] = {8000, 11025, 22050, 44100, 48000, 96000};

static const codec_tag gsm_tags[] = {
    {WAVE_FORMAT_PCM, 16, 6, "PCM"},
    {WAVE_FORMAT_GSM610, sizeof(GSM610WAVEFORMAT), 6, "GSM 6.10"},
};

/* nAvgBytesPerSec of a GSM format: 65 bytes per 320 samples, truncated (8000 Hz -> 1625). */
static DWORD gsm_average_bytes(DWORD rate)
{
    return (DWORD)((uint64_t)rate * GSM_BLOCK_BYTES / GSM_BLOCK_SAMPLES);
}

static void gsm_set_format(WAVEFORMATEX *out, DWORD rate)
{
    GSM610WAVEFORMAT *gsm = (GSM610WAVEFORMAT *)out;
    out->wFormatTag = WAVE_FORMAT_GSM610;
    out->nChannels = 1;
    out->nSamplesPerSec = rate;
    out->nAvgBytesPerSec = gsm_average_bytes(rate);
    out->nBlockAlign = GSM_BLOCK_BYTES;
    out->wBitsPerSample = 0;
    out->cbSize = sizeof(GSM610WAVEFORMAT) - sizeof(WAVEFORMATEX);
    gsm->wSamplesPerBlock = GSM_BLOCK_SAMPLES;
}

static void gsm_standard_format(DWORD tag_index, DWORD index, WAVEFORMATEX *out)
{
    DWORD rate = gsm_rates[index % 6];
    if (gsm_tags[tag_index].tag == WAVE_FORMAT_PCM)
        pacm_codec_set_pcm(out, 1, rate, 16);
    else
        gsm_set_format(out, rate);
}

/* A GSM610WAVEFORMAT as Windows accepts it: mono, any non-zero rate, no bits, cbSize >= 2
 * (the skeleton has checked that 18 + cbSize bytes are readable), 65-byte blocks of 320
 * samples and the matching average rate. */
static bool gsm_format_valid(const WAVEFORMATEX *wfx)
{
    if (wfx->wFormatTag != WAVE_FORMAT_GSM610 || wfx->nChannels != 1 || wfx->nSamplesPerSec == 0)
        return false;
    if (wfx->wBitsPerSample != 0 || wfx->cbSize < 2 || wfx->nBlockAlign != GSM_BLOCK_BYTES)
        return false;
    if (((const GSM610WAVEFORMAT *)wfx)->wSamplesPerBlock != GSM_BLOCK_SAMPLES)
        return false;
    return wfx->nAvgBytesPerSec == gsm_average_bytes(wfx->nSamplesPerSec);
}

static bool gsm_format_supported(const WAVEFORMATEX *wfx, DWORD size)
{
    (void)size;
    if (wfx->wFormatTag == WAVE_FORMAT_PCM)
        return pacm_codec_pcm_valid(wfx, 16, 1);
    return gsm_format_valid(wfx);
}

/* The GSM format for a suggestion (GSM is mono, so `channels` is 1 here). */
static void gsm_make_format(WAVEFORMATEX *out, WORD channels, DWORD rate)
{
    (void)channels;
    gsm_set_format(out, rate);
}

/* PCM -> GSM 6.10 and GSM 6.10 -> 16-bit PCM, mono, at the source's rate: the skeleton's
 * common suggestion (an 8-bit PCM request is then refused by format validation). */
static MMRESULT gsm_suggest(const WAVEFORMATEX *src, const WAVEFORMATEX *request, DWORD flags, WAVEFORMATEX *out)
{
    return pacm_codec_block_suggest(src, request, flags, out, WAVE_FORMAT_GSM610, 0, 1, gsm_make_format);
}

/* ---- streams ------------------------------------------------------------------------------- */

typedef struct gsm_stream {
    codec_stream base;
    gsm state; /* encoding: libgsm's */
    pacm_gsm_decoder decoder; /* decoding: ours */
    bool encode;
} gsm_stream;

/* A fresh libgsm state in WAV49 mode. */
static gsm gsm_new_state(void)
{
    gsm state = gsm_create();
    if (!state)
        return NULL;
    int one = 1;
    gsm_option(state, GSM_OPT_WAV49, &one);
    return state;
}

/* Makes the next frame the first (half = 0) or second (half = 1) of its block. libgsm flips
 * the index before each frame and packs the first half when the flipped value is 1, so the
 * value to set before a frame is the half's own number. */
static void gsm_select_half(gsm state, int half)
{
    int index = half;
    gsm_option(state, GSM_OPT_FRAME_INDEX, &index);
}

/* Encodes one block of 320 native samples into 65 bytes. */
static void gsm_encode_block(gsm state, int16_t *samples, BYTE *block)
{
    gsm_select_half(state, 0);
    gsm_encode(state, samples, block);
    gsm_select_half(state, 1);
    gsm_encode(state, samples + GSM_FRAME_SAMPLES, block + GSM_FIRST_HALF_BYTES);
}

static MMRESULT gsm_stream_size(codec_stream *base, DWORD flags, DWORD in, DWORD *out)
{
    const gsm_stream *stream = (const gsm_stream *)base;
    uint64_t bytes;
    if (flags == ACM_STREAMSIZEF_SOURCE) {
        if (stream->encode) /* a partial PCM block is padded to a whole one */
            bytes = ((uint64_t)in + GSM_PCM_BLOCK_BYTES - 1) / GSM_PCM_BLOCK_BYTES * GSM_BLOCK_BYTES;
        else
            bytes = (uint64_t)(in / GSM_BLOCK_BYTES) * GSM_PCM_BLOCK_BYTES;
    } else {
        /* The most source whose output surely fits: whole blocks of output. */
        if (stream->encode)
            bytes = (uint64_t)(in / GSM_BLOCK_BYTES) * GSM_PCM_BLOCK_BYTES;
        else
            bytes = (uint64_t)(in / GSM_PCM_BLOCK_BYTES) * GSM_BLOCK_BYTES;
    }
    if (bytes == 0 || bytes > 0xFFFFFFFFu)
        return ACMERR_NOTPOSSIBLE;
    *out = (DWORD)bytes;
    return MMSYSERR_NOERROR;
}

/* Restarts the codec for ACM_STREAMCONVERTF_START. The old encoder state is kept if no new one
 * can be made, and the caller learns it from MMSYSERR_NOMEM. */
static MMRESULT gsm_stream_reset(gsm_stream *stream)
{
    if (!stream->encode) {
        pacm_gsm_decoder_reset(&stream->decoder);
        return MMSYSERR_NOERROR;
    }
    gsm fresh = gsm_new_state();
    if (!fresh)
        return MMSYSERR_NOMEM;
    gsm_destroy(stream->state);
    stream->state = fresh;
    return MMSYSERR_NOERROR;
}

/* Whether decoded samples may be written straight to `dst`: the PCM buffer is little-endian
 * 16-bit, so on a little-endian host a 2-byte-aligned buffer already has the samples' layout. */
static bool gsm_native_destination(const BYTE *dst)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return ((uintptr_t)dst & 1) == 0;
#else
    (void)dst;
    return false;
#endif
}

static MMRESULT gsm_stream_convert(codec_stream *base, DWORD flags, const BYTE *src, DWORD src_length,
                                   DWORD *src_used, BYTE *dst, DWORD dst_length, DWORD *dst_used)
{
    gsm_stream *stream = (gsm_stream *)base;
    int16_t samples[GSM_BLOCK_SAMPLES];
    DWORD used = 0, written = 0;
    *src_used = 0;
    *dst_used = 0;
    if (flags & ACM_STREAMCONVERTF_START) {
        MMRESULT mr = gsm_stream_reset(stream);
        if (mr != MMSYSERR_NOERROR)
            return mr;
    }
    if (stream->encode) {
        uint64_t need = ((uint64_t)src_length + GSM_PCM_BLOCK_BYTES - 1) / GSM_PCM_BLOCK_BYTES * GSM_BLOCK_BYTES;
        if (need > dst_length)
            return ACMERR_NOTPOSSIBLE;
        for (; src_length - used >= GSM_PCM_BLOCK_BYTES; used += GSM_PCM_BLOCK_BYTES, written += GSM_BLOCK_BYTES) {
            pacm_codec_pcm_to_s16(src + used, 16, samples, GSM_BLOCK_SAMPLES);
            gsm_encode_block(stream->state, samples, dst + written);
        }
        DWORD rest = (src_length - used) / 2; /* whole samples of a trailing partial block */
        if (rest && !(flags & ACM_STREAMCONVERTF_BLOCKALIGN)) {
            memset(samples, 0, sizeof samples);
            pacm_codec_pcm_to_s16(src + used, 16, samples, rest);
            gsm_encode_block(stream->state, samples, dst + written);
            used += rest * 2;
            written += GSM_BLOCK_BYTES;
        }
    } else {
        uint64_t need = (uint64_t)(src_length / GSM_BLOCK_BYTES) * GSM_PCM_BLOCK_BYTES;
        if (need > dst_length)
            return ACMERR_NOTPOSSIBLE;
        for (; src_length - used >= GSM_BLOCK_BYTES; used += GSM_BLOCK_BYTES, written += GSM_PCM_BLOCK_BYTES) {
            if (gsm_native_destination(dst + written)) { /* straight into the caller's buffer */
                pacm_gsm_decode_block(&stream->decoder, src + used, (int16_t *)(void *)(dst + written));
                continue;
            }
            pacm_gsm_decode_block(&stream->decoder, src + used, samples);
            pacm_codec_s16_to_pcm(samples, dst + written, 16, GSM_BLOCK_SAMPLES);
        }
    }
    *src_used = used;
    *dst_used = written;
    return MMSYSERR_NOERROR;
}

static void gsm_stream_destroy(codec_stream *base)
{
    gsm_stream *stream = (gsm_stream *)base;
    if (stream->state)
        gsm_destroy(stream->state);
    pacm_mem_free(stream);
}

static const codec_stream_ops gsm_stream_ops = {gsm_stream_size, gsm_stream_convert, gsm_stream_destroy};

static MMRESULT gsm_stream_open(const WAVEFORMATEX *src, const WAVEFORMATEX *dst, DWORD fdw_open,
                                codec_stream **out)
{
    (void)fdw_open; /* libgsm has one quality: NONREALTIME changes nothing */
    bool encode;
    if (src->wFormatTag == WAVE_FORMAT_PCM && dst->wFormatTag == WAVE_FORMAT_GSM610)
        encode = true;
    else if (src->wFormatTag == WAVE_FORMAT_GSM610 && dst->wFormatTag == WAVE_FORMAT_PCM)
        encode = false;
    else
        return ACMERR_NOTPOSSIBLE;
    if (src->nSamplesPerSec != dst->nSamplesPerSec)
        return ACMERR_NOTPOSSIBLE; /* no resampling; both are mono (format_supported) */
    if (!out)
        return MMSYSERR_NOERROR;
    gsm_stream *stream = pacm_mem_calloc(1, sizeof *stream);
    if (!stream)
        return MMSYSERR_NOMEM;
    if (encode) {
        stream->state = gsm_new_state();
        if (!stream->state) {
            pacm_mem_free(stream);
            return MMSYSERR_NOMEM;
        }
    }
    pacm_gsm_decoder_reset(&stream->decoder);
    stream->encode = encode;
    stream->base.ops = &gsm_stream_ops;
    *out = &stream->base;
    return MMSYSERR_NOERROR;
}

const codec_descriptor pacm_gsm_descriptor = {
    .short_name = "Microsoft GSM 6.10",
    .long_name = "Microsoft GSM 6.10 Audio CODEC",
    .copyright = "portacm built-in codec",
    .licensing = "",
    .features = "Converts 16-bit mono PCM to and from ETSI GSM 06.10 full-rate speech (WAV49 packing, 65-byte "
                "blocks of 320 samples) at any sample rate.",
    .mid = MM_MICROSOFT,
    .pid = MM_MSFT_ACM_GSM610,
    .version_acm = 0x03320000,
    .version_driver = 0x04000000,
    .support = ACMDRIVERDETAILS_SUPPORTF_CODEC,
    .tags = gsm_tags,
    .tag_count = sizeof gsm_tags / sizeof gsm_tags[0],
    .standard_format = gsm_standard_format,
    .format_supported = gsm_format_supported,
    .suggest = gsm_suggest,
    .stream_open = gsm_stream_open,
};

LRESULT CALLBACK pacm_gsm_driver_proc(DWORD_PTR driver_id, HDRVR hdrvr, UINT message, LPARAM lParam1, LPARAM lParam2)
{
    return pacm_codec_driver_proc(&pacm_gsm_descriptor, driver_id, hdrvr, message, lParam1, lParam2);
}
