/*
 * mpeg_decode_own.c - the MPEG Layer-3 ACM stream over portacm's own Layer III decoder
 * (mp3_int.h) instead of libmpg123, for WAVE_FORMAT_MPEGLAYER3 sources when
 * PORTACM_MP3_DECODER=portacm (WAVE_FORMAT_MPEG, layers 1 and 2, stays on libmpg123,
 * mpeg_decode.c). Not the default: its output is within 1 LSB of libmpg123's, not bit for bit
 * equal (docs/codecs.md).
 *
 * The stream keeps up to one frame and the next header in `in`; a frame is decoded once it is
 * whole (and, for the first frame after a (re)synchronisation, once the header after it
 * confirms the sync, or at END). Frames are headers of Layer III with the locked version and
 * rate; anything else is skipped byte by byte. A stream whose first confirmed frame (a valid
 * header followed by one of the same layer, version and rate) is not Layer III, or is free
 * format (confirmed by the next free-format header), goes whole to libmpg123 (mpeg_decode.c)
 * from that frame on, as the shipped decoder decodes it. Output goes straight into the
 * destination when it takes a whole 16-bit frame at an aligned address, otherwise through the
 * one-frame spill, so it is identical whatever the split. Mono and stereo conversion, frames at
 * another rate dropped, START and END as mpeg_decode.c's header comment says.
 */
#include <string.h>

#include "common_int.h"
#include "mp3_int.h"
#include "mpeg_int.h"

#define OWN_IN_BYTES 4096
#define OWN_FRAME_SAMPLES 1152

typedef struct own_decoder {
    codec_stream base;
    WORD channels, bits;
    DWORD rate, average_bytes;
    bool locked;        /* a confirmed frame was seen: the next header may follow at once */
    bool decoded;       /* a Layer III frame was decoded: no fallback any more */
    codec_stream *fallback; /* libmpg123 for the rest of the stream, once chosen */
    WAVEFORMATEX src_format, dst_format;
    int lock_rate_index;
    size_t in_bytes;
    size_t spill_pos, spill_count;
    uint8_t in[OWN_IN_BYTES + 8];
    int16_t spill[OWN_FRAME_SAMPLES * 2];
    mp3_decoder mp3;
} own_decoder;

static DWORD own_output_frame(const own_decoder *d)
{
    return (DWORD)d->channels * (d->bits / 8u);
}

static MMRESULT own_size(codec_stream *base, DWORD flags, DWORD in, DWORD *out)
{
    const own_decoder *d = (const own_decoder *)base;
    return pacm_mpeg_decoded_size(d->average_bytes, d->rate, own_output_frame(d), flags, in, out);
}

static void own_restart(own_decoder *d)
{
    pacm_mp3_reset(&d->mp3);
    d->locked = false;
    d->in_bytes = 0;
    d->spill_pos = d->spill_count = 0;
}

static bool usable_header(const own_decoder *d, const uint8_t *p, mp3_header *h)
{
    if (!pacm_mp3_parse_header(p, h) || h->layer != 3 || h->frame_bytes == 0)
        return false;
    return !d->locked || h->rate_index == d->lock_rate_index;
}

static void drop_input(own_decoder *d, size_t n)
{
    memmove(d->in, d->in + n, d->in_bytes - n);
    d->in_bytes -= n;
}

typedef enum { NEXT_MORE, NEXT_FRAME, NEXT_FALLBACK } next_result;

/* Whether `in` at `pos` starts a frame of another layer (or free format) that the header after
 * it confirms
 * (before any Layer III frame was decoded): NEXT_FALLBACK, NEXT_MORE when the bytes to tell
 * are not there yet, NEXT_FRAME (meaning "no") otherwise. */
static next_result other_layer(const own_decoder *d, size_t pos, bool end)
{
    mp3_header other, next;
    if (d->decoded || !pacm_mp3_parse_header(d->in + pos, &other))
        return NEXT_FRAME;
    if (other.layer == 3 && other.kbps == 0) {
        /* Free format: confirmed by a header of the same version, layer, free bitrate and rate
         * further on (frames are under 2 KiB, so within the buffer). */
        const uint8_t *p = d->in + pos;
        for (size_t q = pos + 24; q + 4 <= d->in_bytes; q++) {
            const uint8_t *n = d->in + q;
            if (n[0] == 0xFF && n[1] == p[1] && (n[2] & 0xFC) == (p[2] & 0xFC) && (n[3] >> 6) == (p[3] >> 6))
                return NEXT_FALLBACK;
        }
        return end || d->in_bytes == OWN_IN_BYTES ? NEXT_FRAME : NEXT_MORE;
    }
    if (other.layer == 3 || other.frame_bytes == 0)
        return NEXT_FRAME;
    size_t after = pos + (size_t)other.frame_bytes;
    if (after + 4 > d->in_bytes)
        return end ? NEXT_FRAME : NEXT_MORE;
    if (pacm_mp3_parse_header(d->in + after, &next) && next.layer == other.layer &&
        next.rate_index == other.rate_index)
        return NEXT_FALLBACK;
    return NEXT_FRAME;
}

/* Finds the next whole frame at the start of `in` (dropping bytes before it): NEXT_FRAME with
 * its header, NEXT_MORE, or NEXT_FALLBACK (`in` then starts with a frame of layer 1 or 2, or a
 * free-format one). */
static next_result next_frame(own_decoder *d, bool end, mp3_header *h)
{
    for (;;) {
        size_t skip = 0;
        next_result other = NEXT_FRAME;
        for (; skip + 4 <= d->in_bytes; skip++) {
            if (usable_header(d, d->in + skip, h))
                break;
            other = other_layer(d, skip, end);
            if (other != NEXT_FRAME)
                break;
        }
        if (skip) {
            d->locked = false;
            drop_input(d, skip);
        }
        if (other != NEXT_FRAME)
            return other;
        if (d->in_bytes < 4 || d->in_bytes < (size_t)h->frame_bytes)
            return NEXT_MORE;
        if (d->locked)
            return NEXT_FRAME;
        /* Not locked: the next header must confirm (or the stream ends here). */
        mp3_header next;
        size_t after = (size_t)h->frame_bytes;
        if (after + 4 <= d->in_bytes) {
            if (pacm_mp3_parse_header(d->in + after, &next) && next.layer == 3 && next.rate_index == h->rate_index) {
                d->locked = true;
                d->lock_rate_index = h->rate_index;
                return NEXT_FRAME;
            }
            drop_input(d, 1);
            continue;
        }
        if (end) {
            d->lock_rate_index = h->rate_index;
            return NEXT_FRAME;
        }
        return NEXT_MORE;
    }
}

static DWORD own_drain_spill(own_decoder *d, BYTE *dst, DWORD room)
{
    return pacm_mpeg_drain_spill(d->spill, &d->spill_pos, d->spill_count, d->channels, d->bits, dst, room);
}

/* Hands the stream to libmpg123: what `in` holds (from the first frame of the other layer),
 * then the rest of this call's source; every later call goes straight to it. */
static MMRESULT own_fall_back(own_decoder *d, DWORD flags, const BYTE *rest, DWORD rest_length, DWORD *src_used,
                              DWORD used, BYTE *dst, DWORD dst_length, DWORD *dst_used, DWORD written)
{
    pacm_log_debug("mpeg: layer 1/2 frames in a layer-3 stream: decoding it with libmpg123");
    MMRESULT mr = pacm_mpeg_mpg123_decoder_open(&d->src_format, &d->dst_format, &d->fallback);
    if (mr != MMSYSERR_NOERROR) {
        d->fallback = NULL;
        return mr;
    }
    const DWORD end = flags & ACM_STREAMCONVERTF_END;
    DWORD fed = 0, out = 0;
    mr = d->fallback->ops->stream_convert(d->fallback, rest_length ? 0 : end, d->in, (DWORD)d->in_bytes, &fed,
                                          dst + written, dst_length - written, &out);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    written += out;
    drop_input(d, fed); /* libmpg123 takes up to 1 MiB: all of it */
    DWORD taken = 0;
    if (rest_length) {
        out = 0;
        mr = d->fallback->ops->stream_convert(d->fallback, end, rest, rest_length, &taken, dst + written,
                                              dst_length - written, &out);
        if (mr != MMSYSERR_NOERROR)
            return mr;
        written += out;
    }
    *src_used = used + taken;
    *dst_used = written;
    return MMSYSERR_NOERROR;
}

/* Appends to `in` what fits of src[*used .. src_length) and advances *used. */
static void take_source(own_decoder *d, const BYTE *src, DWORD src_length, DWORD *used)
{
    if (*used >= src_length || d->in_bytes >= OWN_IN_BYTES)
        return;
    size_t n = OWN_IN_BYTES - d->in_bytes;
    if (n > src_length - *used)
        n = src_length - *used;
    memcpy(d->in + d->in_bytes, src + *used, n);
    d->in_bytes += n;
    *used += (DWORD)n;
}

static MMRESULT own_convert(codec_stream *base, DWORD flags, const BYTE *src, DWORD src_length, DWORD *src_used,
                            BYTE *dst, DWORD dst_length, DWORD *dst_used)
{
    own_decoder *d = (own_decoder *)base;
    if (flags & ACM_STREAMCONVERTF_START)
        own_restart(d);
    if (d->fallback)
        return d->fallback->ops->stream_convert(d->fallback, flags & ~ACM_STREAMCONVERTF_START, src, src_length,
                                                src_used, dst, dst_length, dst_used);
    DWORD used = 0;
    const DWORD frame_bytes = own_output_frame(d);
    DWORD written = own_drain_spill(d, dst, dst_length);
    const bool end = (flags & ACM_STREAMCONVERTF_END) != 0;
    while (d->spill_pos == d->spill_count && dst_length - written >= frame_bytes) {
        take_source(d, src, src_length, &used);
        mp3_header h;
        next_result next = next_frame(d, end && used == src_length, &h);
        if (next == NEXT_FALLBACK)
            return own_fall_back(d, flags, src + used, src_length - used, src_used, used, dst, dst_length, dst_used,
                                 written);
        if (next == NEXT_MORE) {
            if (d->in_bytes == OWN_IN_BYTES)
                drop_input(d, 1); /* cannot happen (frames are under 2 KiB): progress anyway */
            if (used < src_length)
                continue;
            break;
        }
        d->decoded = true;
        const bool wrong_rate = (DWORD)h.rate != d->rate;
        const size_t out_bytes = (size_t)h.samples * d->channels * sizeof(int16_t);
        BYTE *out = dst + written;
        if (wrong_rate) {
            pacm_mp3_decode_frame(&d->mp3, &h, d->in, d->channels, d->spill); /* keeps the state going */
        } else if (d->bits == 16 && dst_length - written >= out_bytes && (uintptr_t)out % _Alignof(int16_t) == 0) {
            pacm_mp3_decode_frame(&d->mp3, &h, d->in, d->channels, (int16_t *)(void *)out);
            written += (DWORD)out_bytes;
        } else {
            int n = pacm_mp3_decode_frame(&d->mp3, &h, d->in, d->channels, d->spill);
            d->spill_pos = 0;
            d->spill_count = (size_t)n * d->channels;
            written += own_drain_spill(d, out, dst_length - written);
        }
        drop_input(d, (size_t)h.frame_bytes);
    }
    /* Take what source still fits, so a caller that only feeds makes progress. */
    take_source(d, src, src_length, &used);
    *src_used = used;
    *dst_used = written;
    return MMSYSERR_NOERROR;
}

static void own_destroy(codec_stream *base)
{
    own_decoder *d = (own_decoder *)base;
    if (d->fallback)
        d->fallback->ops->stream_destroy(d->fallback);
    pacm_mem_free(base);
}

static const codec_stream_ops own_ops = {own_size, own_convert, own_destroy};

MMRESULT pacm_mpeg_own_decoder_open(const WAVEFORMATEX *src, const WAVEFORMATEX *dst, codec_stream **stream)
{
    own_decoder *d = pacm_mem_calloc(1, sizeof *d);
    if (!d)
        return MMSYSERR_NOMEM;
    d->channels = dst->nChannels;
    d->rate = dst->nSamplesPerSec;
    d->bits = dst->wBitsPerSample;
    d->average_bytes = src->nAvgBytesPerSec;
    d->src_format = *src; /* the fixed part is all libmpg123's open reads */
    d->src_format.cbSize = 0;
    d->dst_format = *dst;
    own_restart(d);
    d->base.ops = &own_ops;
    *stream = &d->base;
    return MMSYSERR_NOERROR;
}
