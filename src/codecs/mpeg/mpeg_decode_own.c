/*
 * mpeg_decode_own.c - the MPEG Layer-3 ACM stream over portacm's own Layer III decoder
 * (mp3_int.h), for WAVE_FORMAT_MPEGLAYER3 sources unless PORTACM_MP3_DECODER=mpg123 asks for
 * libmpg123 (WAVE_FORMAT_MPEG, layers 1 and 2, stays on libmpg123, mpeg_decode.c). Its output
 * is within 1 LSB of libmpg123's (docs/codecs.md).
 *
 * Framing. The stream keeps up to three frames and a header in `in`. Tags are skipped whole
 * wherever they start (ID3v2 with its size, ID3v1, APEv2 from its header or footer). In sync,
 * a whole frame whose header carries the locked version, rate and mono-ness is decoded at once,
 * in the call that completes it (a program feeding one frame per call, as NAudio's
 * Mp3FileReader does, gets it back at once); a CRC-protected frame whose CRC-16 fails is lost
 * instead: silence of its length (the previous frame's tail decaying), its main data still
 * kept in the bit reservoir for the frames that reach back into it. A stream that starts with a Layer III frame (after tags) is in sync from it;
 * otherwise its first frame is taken when the header after it confirms it, and after a loss of
 * sync when the two headers after it do (a tag's picture or junk holds many bytes that look
 * like one header). Skipping any byte but a zero loses sync at once (runs of zeros are padding,
 * skipped in sync), and a loss of sync empties the reservoir, so the frames after it decode as
 * silence until their main data is their own, never over junk. Every decision depends on the
 * stream's bytes only, never on how the caller cut them (fuzz_mp3_split).
 *
 * A stream whose first confirmed frame (a valid header followed by one of the same layer,
 * version and rate) is not Layer III, or is free format (confirmed by the next free-format
 * header), goes whole to libmpg123 (mpeg_decode.c) from that frame on, as the shipped decoder
 * decodes it. Output goes straight into the destination when it takes a whole 16-bit frame at
 * an aligned address, otherwise through the one-frame spill, so it is identical whatever the
 * split. Mono and stereo conversion, frames at another rate dropped, START and END as
 * mpeg_decode.c's header comment says.
 */
#include <string.h>

#include "common_int.h"
#include "mp3_int.h"
#include "mpeg_int.h"

#define OWN_IN_BYTES 8192 /* three frames of the largest size and a header, with room */
#define OWN_FRAME_SAMPLES 1152

typedef struct own_decoder {
    codec_stream base;
    WORD channels, bits;
    DWORD rate, average_bytes;
    bool locked;        /* in sync: the next compatible header is taken at once */
    bool decoded;       /* a Layer III frame was decoded: no fallback any more */
    bool skipped;       /* bytes other than tags were skipped since the start */
    codec_stream *fallback; /* libmpg123 for the rest of the stream, once chosen */
    WAVEFORMATEX src_format, dst_format;
    int lock_rate_index, lock_channels; /* what the locked stream's headers carry */
    size_t skip_pending; /* bytes of a tag still to drop */
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
    d->skipped = false;
    d->skip_pending = 0;
    d->in_bytes = 0;
    d->spill_pos = d->spill_count = 0;
}

/* Whether header h can follow the stream's locked one: Layer III, not free format, the same
 * version and rate, mono or not alike. */
static bool compatible(const own_decoder *d, const mp3_header *h)
{
    return h->layer == 3 && h->frame_bytes > 0 && h->rate_index == d->lock_rate_index &&
           h->channels == d->lock_channels;
}

static bool usable_header(const own_decoder *d, const uint8_t *p, mp3_header *h)
{
    if (!pacm_mp3_parse_header(p, h) || h->layer != 3 || h->frame_bytes == 0)
        return false;
    return !d->locked || compatible(d, h);
}

static void drop_input(own_decoder *d, size_t n)
{
    memmove(d->in, d->in + n, d->in_bytes - n);
    d->in_bytes -= n;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

#define TAG_MORE ((size_t)-1)

/* The length of the tag that starts at `p` (n bytes there): an ID3v2 tag with its footer, an
 * ID3v1 tag, an APEv2 tag from its header (header, items and footer) or its footer alone; 0
 * when none starts there; TAG_MORE when the n bytes are too few to tell (and `end` is not
 * set). */
static size_t tag_length(const uint8_t *p, size_t n, bool end)
{
    if (p[0] == 'I' && n >= 3 && p[1] == 'D' && p[2] == '3') {
        if (n < 10)
            return end ? 0 : TAG_MORE;
        if (p[3] == 0xFF || p[4] == 0xFF || ((p[6] | p[7] | p[8] | p[9]) & 0x80))
            return 0;
        size_t size = (size_t)p[6] << 21 | (size_t)p[7] << 14 | (size_t)p[8] << 7 | p[9];
        return 10 + size + ((p[5] & 0x10) ? 10 : 0);
    }
    if (p[0] == 'T' && n >= 3 && p[1] == 'A' && p[2] == 'G')
        return 128;
    if (p[0] == 'A' && n >= 8 && memcmp(p, "APETAGEX", 8) == 0) {
        if (n < 32)
            return end ? 0 : TAG_MORE;
        const uint32_t size = le32(p + 12), flags = le32(p + 20);
        return (flags & (1u << 29)) ? 32 + (size_t)size : 32;
    }
    return 0;
}

/* The CRC-16 of a protected frame (ISO/IEC 11172-3 2.4.3.1: polynomial 0x8005, start 0xFFFF,
 * over the header's last two bytes and the side information) equals the one it carries. */
static bool crc_matches(const mp3_header *h, const uint8_t *p)
{
    const size_t side = h->lsf ? (h->channels == 1 ? 9 : 17) : (h->channels == 1 ? 17 : 32);
    unsigned crc = 0xFFFF;
    for (size_t i = 2; i < 6 + side; i++) {
        if (i == 4)
            i = 6; /* the CRC itself is not covered */
        for (int bit = 7; bit >= 0; bit--) {
            unsigned in = (p[i] >> bit) & 1u, top = (crc >> 15) & 1u;
            crc = (crc << 1) & 0xFFFF;
            if (in ^ top)
                crc ^= 0x8005;
        }
    }
    return crc == ((unsigned)p[4] << 8 | p[5]);
}

typedef enum { CONFIRM_NO, CONFIRM_YES, CONFIRM_MORE } confirm;

/* Whether the `depth` frames after the one of header h at `in` are there as the stream's
 * (compatible headers, or a tag): CONFIRM_MORE when the bytes to tell are not there yet. At
 * the end of the stream, what the bytes cannot tell is taken as confirmed. */
static confirm confirmed(const own_decoder *d, const mp3_header *h, int depth, bool end)
{
    size_t next = (size_t)h->frame_bytes;
    mp3_header n;
    for (; depth > 0; depth--) {
        /* Zeros between frames are padding (a rip's gaps, a muxer's alignment): the header
         * after them confirms. A run filling the buffer is taken for damage. */
        size_t zeros = 0;
        while (next + zeros < d->in_bytes && d->in[next + zeros] == 0)
            zeros++;
        if (zeros && next + zeros + 4 > d->in_bytes && !end)
            return d->in_bytes == OWN_IN_BYTES ? CONFIRM_NO : CONFIRM_MORE;
        next += zeros;
        if (next + 4 > d->in_bytes)
            return end ? CONFIRM_YES : CONFIRM_MORE;
        size_t tag = tag_length(d->in + next, d->in_bytes - next, end);
        if (tag == TAG_MORE)
            return CONFIRM_MORE;
        if (tag)
            return CONFIRM_YES;
        if (!pacm_mp3_parse_header(d->in + next, &n) || !compatible(d, &n))
            return CONFIRM_NO;
        next += (size_t)n.frame_bytes;
    }
    return CONFIRM_YES;
}

/* Sync is lost (bytes skipped, or a frame whose successor is not there): what the bit
 * reservoir holds no longer belongs to the frames that follow. */
static void lose_sync(own_decoder *d)
{
    d->locked = false;
    d->mp3.reservoir_bytes = 0;
}

typedef enum { NEXT_MORE, NEXT_FRAME, NEXT_LOST, NEXT_FALLBACK } next_result;

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

/* Drops the tag bytes still to skip; false when more are to come. */
static bool skip_tag(own_decoder *d)
{
    size_t n = d->skip_pending < d->in_bytes ? d->skip_pending : d->in_bytes;
    drop_input(d, n);
    d->skip_pending -= n;
    return d->skip_pending == 0;
}

/* Scans `in` for a tag, a usable Layer III header, or (before any frame) a frame of another
 * layer, dropping the bytes before it; a skip loses sync. Returns NEXT_FRAME (a header, in
 * *h, or a tag, `*tag` its length), NEXT_MORE or NEXT_FALLBACK. */
static next_result scan(own_decoder *d, bool end, mp3_header *h, size_t *tag)
{
    size_t skip = 0;
    next_result other = NEXT_FRAME;
    *tag = 0;
    for (; skip + 4 <= d->in_bytes; skip++) {
        *tag = tag_length(d->in + skip, d->in_bytes - skip, end);
        if (*tag || usable_header(d, d->in + skip, h))
            break;
        other = other_layer(d, skip, end);
        if (other != NEXT_FRAME)
            break;
        /* Skipping anything but zeros (padding) loses sync at once: what the later bytes are
         * taken for must not depend on how many of them the buffer holds yet. */
        if (d->in[skip] != 0 && d->locked)
            lose_sync(d);
    }
    if (skip) {
        d->skipped = true;
        drop_input(d, skip);
    }
    if (*tag == TAG_MORE || (other == NEXT_FRAME && !*tag && d->in_bytes < 4))
        return NEXT_MORE;
    return other;
}

/* Finds the next frame at the start of `in` (dropping junk and tags before it):
 *   NEXT_FRAME    a whole frame of header *h to decode;
 *   NEXT_LOST     a whole frame of header *h to replace with silence (its CRC fails; its
 *                 main data still goes to the reservoir);
 *   NEXT_MORE     more bytes are needed;
 *   NEXT_FALLBACK `in` starts with a frame of layer 1 or 2, or a free-format one.
 * In sync (or at the very start of the stream) a whole frame is taken at once; otherwise when
 * the header after it confirms it (the two after it, after a loss of sync). */
static next_result next_frame(own_decoder *d, bool end, mp3_header *h)
{
    for (;;) {
        if (d->skip_pending && !skip_tag(d))
            return NEXT_MORE;
        size_t tag;
        next_result found = scan(d, end, h, &tag);
        if (found != NEXT_FRAME)
            return found;
        if (tag) {
            d->skip_pending = tag;
            continue;
        }
        if (d->in_bytes < (size_t)h->frame_bytes)
            return NEXT_MORE;
        if (d->locked)
            return h->crc && !crc_matches(h, d->in) ? NEXT_LOST : NEXT_FRAME;
        d->lock_rate_index = h->rate_index;
        d->lock_channels = h->channels;
        /* A stream that starts with a Layer III frame (after tags) is in sync from it: a
         * program feeding one frame per call gets the first back in the first call. */
        const int depth = d->decoded ? 2 : d->skipped ? 1 : 0;
        confirm c = h->crc && !crc_matches(h, d->in) ? CONFIRM_NO : depth ? confirmed(d, h, depth, end) : CONFIRM_YES;
        if (c == CONFIRM_MORE)
            return NEXT_MORE;
        if (c == CONFIRM_YES) {
            d->locked = true;
            return NEXT_FRAME;
        }
        d->skipped = true;
        drop_input(d, 1); /* a false sync */
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
        const uint8_t *bytes = next == NEXT_LOST ? NULL : d->in; /* NULL: silence after the last tail */
        const bool wrong_rate = (DWORD)h.rate != d->rate;
        const size_t out_bytes = (size_t)h.samples * d->channels * sizeof(int16_t);
        BYTE *out = dst + written;
        if (wrong_rate) {
            pacm_mp3_decode_frame(&d->mp3, &h, bytes, d->channels, d->spill); /* keeps the state going */
        } else if (d->bits == 16 && dst_length - written >= out_bytes && (uintptr_t)out % _Alignof(int16_t) == 0) {
            pacm_mp3_decode_frame(&d->mp3, &h, bytes, d->channels, (int16_t *)(void *)out);
            written += (DWORD)out_bytes;
        } else {
            int n = pacm_mp3_decode_frame(&d->mp3, &h, bytes, d->channels, d->spill);
            d->spill_pos = 0;
            d->spill_count = (size_t)n * d->channels;
            written += own_drain_spill(d, out, dst_length - written);
        }
        if (next == NEXT_LOST)
            pacm_mp3_keep_main_data(&d->mp3, &h, d->in); /* the next frames may reach back into it */
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
