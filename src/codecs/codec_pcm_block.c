/*
 * codec_pcm_block.c - the PCM <-> block codec helper of the driver skeleton (see
 * codec_driver_int.h): the conversion loop shared by every codec that turns blocks of frames
 * into 8/16-bit PCM and back, so each such driver supplies only its block function.
 */
#include <string.h>

#include "codec_driver_int.h"
#include "common_int.h"

WORD pacm_codec_adpcm_block_align(DWORD rate, WORD channels)
{
    WORD per_channel = rate <= 11025 ? 256 : rate <= 22050 ? 512 : 1024;
    return (WORD)(per_channel * channels);
}

MMRESULT pacm_codec_block_suggest(const WAVEFORMATEX *src, const WAVEFORMATEX *request, DWORD flags, WAVEFORMATEX *out,
                             WORD compressed_tag, WORD codec_bits, WORD max_encode_channels,
                             void (*make_format)(WAVEFORMATEX *out, WORD channels, DWORD rate))
{
    WORD tag = src->wFormatTag == WAVE_FORMAT_PCM ? compressed_tag : (WORD)WAVE_FORMAT_PCM;
    if ((flags & ACM_FORMATSUGGESTF_WFORMATTAG) && request->wFormatTag != tag)
        return ACMERR_NOTPOSSIBLE;
    if ((flags & ACM_FORMATSUGGESTF_NCHANNELS) && request->nChannels != src->nChannels)
        return ACMERR_NOTPOSSIBLE;
    if ((flags & ACM_FORMATSUGGESTF_NSAMPLESPERSEC) && request->nSamplesPerSec != src->nSamplesPerSec)
        return ACMERR_NOTPOSSIBLE;
    if (tag == compressed_tag) {
        if ((flags & ACM_FORMATSUGGESTF_WBITSPERSAMPLE) && request->wBitsPerSample != codec_bits)
            return ACMERR_NOTPOSSIBLE;
        if (src->nChannels > max_encode_channels)
            return ACMERR_NOTPOSSIBLE;
        make_format(out, src->nChannels, src->nSamplesPerSec);
    } else {
        WORD bits = (flags & ACM_FORMATSUGGESTF_WBITSPERSAMPLE) ? request->wBitsPerSample : 16;
        if (bits != 8 && bits != 16)
            return ACMERR_NOTPOSSIBLE;
        pacm_codec_set_pcm(out, src->nChannels, src->nSamplesPerSec, bits);
    }
    return MMSYSERR_NOERROR;
}

/* Decodes `length` bytes: whole blocks, or one partial block. */
static DWORD pcm_block_decode(codec_pcm_block_stream *s, const BYTE *src, DWORD length, BYTE *dst)
{
    const DWORD block = s->block.src_block;
    const size_t sample_bytes = s->pcm_bits / 8u;
    DWORD written = 0;
    for (DWORD offset = 0; offset < length; offset += block) {
        DWORD size = length - offset < block ? length - offset : block;
        /* 16-bit output in place when possible: dst has room for a whole block's frames. */
        bool direct = s->pcm_bits == 16 && pacm_codec_s16_in_place(dst + written);
        int16_t *out = direct ? (int16_t *)(void *)(dst + written) : s->samples;
        ptrdiff_t frames = s->decode(s, src + offset, size, out);
        if (frames < 0) {
            /* A damaged block: silence in its place, so the timing stays right. */
            size_t n = size == block ? s->spb * s->channels : 0;
            memset(out, 0, n * sizeof(int16_t));
            frames = (ptrdiff_t)s->spb;
            if (size != block)
                frames = 0;
        }
        size_t n = (size_t)frames * s->channels;
        if (!direct)
            pacm_codec_s16_to_pcm(s->samples, dst + written, s->pcm_bits, n);
        written += (DWORD)(n * sample_bytes);
    }
    return written;
}

/* Encodes `length` bytes of PCM, a whole number of blocks of spb frames: the encoders convert
 * whole blocks only (as Windows' IMA ADPCM encoder does; see pacm_codec_pcm_block_stream_create).
 * Runs of two or more blocks go to the codec's encode_blocks when it has one: native 16-bit
 * input in one call for the run, anything else converted stage_blocks blocks at a time. */
static DWORD pcm_block_encode(codec_pcm_block_stream *s, const BYTE *src, DWORD length, BYTE *dst)
{
    const DWORD block = s->block.src_block;
    DWORD written = 0;
    for (DWORD offset = 0; length - offset >= block; offset += block) {
        DWORD whole = (length - offset) / block;
        if (s->encode_blocks && whole >= 2 && s->pcm_bits == 16 && pacm_codec_s16_in_place(src + offset)) {
            written += (DWORD)s->encode_blocks(s, (const int16_t *)(const void *)(src + offset), whole,
                                               dst + written);
            offset += (whole - 1) * block; /* the loop adds the last one */
            continue;
        }
        if (s->encode_blocks && whole >= 2 && s->stage_blocks >= 2) {
            size_t run = whole < s->stage_blocks ? whole : s->stage_blocks;
            pacm_codec_pcm_to_s16(src + offset, s->pcm_bits, s->samples, run * s->spb * s->channels);
            written += (DWORD)s->encode_blocks(s, s->samples, run, dst + written);
            offset += (DWORD)(run - 1) * block;
            continue;
        }
        const int16_t *in = s->samples;
        if (s->pcm_bits == 16 && pacm_codec_s16_in_place(src + offset))
            in = (const int16_t *)(const void *)(src + offset); /* no copy */
        else
            pacm_codec_pcm_to_s16(src + offset, s->pcm_bits, s->samples, s->spb * s->channels);
        written += (DWORD)s->encode(s, in, s->spb, dst + written);
    }
    return written;
}

static DWORD pcm_block_convert(codec_block_stream *base, const BYTE *src, DWORD length, BYTE *dst)
{
    codec_pcm_block_stream *s = (codec_pcm_block_stream *)base;
    return s->decode ? pcm_block_decode(s, src, length, dst) : pcm_block_encode(s, src, length, dst);
}

static void pcm_block_reset(codec_block_stream *base)
{
    codec_pcm_block_stream *s = (codec_pcm_block_stream *)base;
    if (s->codec_reset)
        s->codec_reset(s);
}

static void pcm_block_destroy(codec_block_stream *base)
{
    codec_pcm_block_stream *s = (codec_pcm_block_stream *)base;
    if (s->codec_destroy)
        s->codec_destroy(s);
    pacm_mem_free(s->samples);
    pacm_mem_free(s);
}

codec_pcm_block_stream *pacm_codec_pcm_block_stream_create(size_t object_size, bool encode, unsigned channels, size_t spb,
                                                      WORD pcm_bits, DWORD block_align, DWORD partial_unit,
                                                      DWORD partial_min)
{
    if (object_size < sizeof(codec_pcm_block_stream) || channels == 0 || spb == 0 || block_align == 0 ||
        (pcm_bits != 8 && pcm_bits != 16))
        return NULL;
    size_t pcm_block;
    if (!pacm_size_mul(spb, (size_t)channels * (pcm_bits / 8u), &pcm_block) || pcm_block > 0xFFFFFFFFu)
        return NULL;
    codec_pcm_block_stream *s = pacm_mem_calloc(1, object_size);
    if (!s)
        return NULL;
    s->samples = pacm_mem_calloc(spb * channels, sizeof(int16_t));
    if (!s->samples) {
        pacm_mem_free(s);
        return NULL;
    }
    s->stage_blocks = 1;
    s->channels = channels;
    s->spb = spb;
    s->pcm_bits = pcm_bits;
    DWORD frame_bytes = channels * (pcm_bits / 8u);
    if (encode) {
        s->block.src_block = (DWORD)pcm_block;
        s->block.dst_block = block_align;
        s->block.src_unit = frame_bytes;
        /* Whole blocks only, with or without BLOCKALIGN and END, as Windows' IMA ADPCM encoder:
         * the frames after the last whole block stay unconsumed (cbSrcLengthUsed leaves them
         * out, nothing is kept here) for the application to resubmit with more input or pad
         * to a whole block itself. No short final block is ever written, and SIZE(SOURCE)
         * counts whole blocks only, as CONVERT does. */
        s->block.partial_min = 0;
    } else {
        s->block.src_block = block_align;
        s->block.dst_block = (DWORD)pcm_block;
        s->block.src_unit = partial_unit ? partial_unit : 1;
        s->block.partial_min = partial_min;
    }
    s->block.convert_blocks = pcm_block_convert;
    s->block.reset_blocks = pcm_block_reset;
    s->block.destroy_blocks = pcm_block_destroy;
    return s;
}

MMRESULT pacm_codec_pcm_block_stream_finish(codec_pcm_block_stream *s, codec_stream **out)
{
    if (s->encode_blocks) {
        size_t count;
        int16_t *stage = pacm_size_mul(s->spb * s->channels, CODEC_PCM_STAGE_BLOCKS, &count)
                             ? pacm_mem_calloc(count, sizeof(int16_t)) : NULL;
        if (stage) { /* otherwise one block at a time, as without encode_blocks */
            pacm_mem_free(s->samples);
            s->samples = stage;
            s->stage_blocks = CODEC_PCM_STAGE_BLOCKS;
        }
    }
    MMRESULT mr = pacm_codec_block_stream_init(&s->block);
    if (mr != MMSYSERR_NOERROR) {
        pcm_block_destroy(&s->block);
        return mr;
    }
    *out = &s->block.base;
    return MMSYSERR_NOERROR;
}
