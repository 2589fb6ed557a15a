/*
 * pcm_resample.c - the PCM converter's sample rate. By default it is Windows' nearest-sample
 * conversion: an integer error accumulator decides how many times each input frame is output
 * (resample_count), carried from one acmStreamConvert call to the next so that the output does
 * not depend on how the input is split, and starting where Windows starts it so that its
 * recorded output matches byte for byte. With ACM_STREAMOPENF_PORTACM_HIGHQUALITY the rate
 * changes through libsoxr instead, whose filter state is also kept across calls and flushed by
 * ACM_STREAMCONVERTF_END. Both drive a chunk of input through decode and mix (pcm_mix.c) and
 * the encoder (pcm_formats.c); the size predictions live here too, since they are the same
 * accounting.
 */
#include <string.h>

#include "pcm_int.h"
#include "common_int.h"

bool pacm_pcm_resample_open(pcm_stream *s, DWORD fdw_open)
{
    if (!(fdw_open & ACM_STREAMOPENF_PORTACM_HIGHQUALITY) || s->in.rate == s->out.rate)
        return true;
    soxr_error_t error = NULL;
    soxr_io_spec_t io = soxr_io_spec(SOXR_INT32_I, SOXR_INT32_I);
    soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
    s->soxr = soxr_create((double)s->in.rate, (double)s->out.rate, s->out.channels, &error, &io, &quality, NULL);
    if (!s->soxr) {
        pacm_log_debug("pcm converter: soxr_create failed: %s", error ? error : "?");
        return false;
    }
    return true;
}

void pacm_pcm_resample_close(pcm_stream *s)
{
    if (s->soxr)
        soxr_delete(s->soxr);
}

void pacm_pcm_resample_reset(pcm_stream *s)
{
    /* Windows' start value: half the larger rate (srcRate/2 when downsampling, dstRate/2 when
     * upsampling); with it all of Windows' recorded rows match byte for byte. */
    s->error = s->out.rate > s->in.rate ? s->out.rate / 2 : s->in.rate / 2;
    if (s->soxr)
        soxr_clear(s->soxr);
    s->soxr_ended = false;
    s->soxr_in_total = s->soxr_out_total = 0;
}

/* How many times the next input frame is output, updating *error. Nearest-sample rate
 * conversion with an integer accumulator, as Windows does:
 *   downsampling: error += dst; while error > src: output the frame, error -= src;
 *   upsampling:   do { output the frame; error += src } while error <= dst; error -= dst. */
static inline unsigned resample_count(uint64_t *error, DWORD src_rate, DWORD dst_rate)
{
    unsigned count = 0;
    uint64_t e = *error;
    if (dst_rate == src_rate) {
        count = 1;
    } else if (dst_rate < src_rate) {
        e += dst_rate;
        while (e > src_rate) {
            count++;
            e -= src_rate;
        }
    } else {
        do {
            count++;
            e += src_rate;
        } while (e <= dst_rate);
        e -= dst_rate;
    }
    *error = e;
    return count;
}

/* ceil(a * b / c) and floor(a * b / c) for 32-bit operands without overflow. */
static uint64_t muldiv_ceil(uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t q = a / c, r = a % c;
    return q * b + (r * b + c - 1) / c;
}
static uint64_t muldiv_floor(uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t q = a / c, r = a % c;
    return q * b + r * b / c;
}

uint64_t pacm_pcm_resample_out_frames(const pcm_stream *s, uint64_t frames)
{
    uint64_t out_frames = muldiv_ceil(frames, s->out.rate, s->in.rate);
    if (s->soxr) {
        /* The filter releases delayed output later: the most it can owe after this
         * input is everything not yet output. */
        uint64_t owed = muldiv_ceil(s->soxr_in_total + frames, s->out.rate, s->in.rate);
        owed = owed > s->soxr_out_total ? owed - s->soxr_out_total + 1 : 1;
        if (owed > out_frames)
            out_frames = owed;
    }
    return out_frames;
}

uint64_t pacm_pcm_resample_in_frames(const pcm_stream *s, uint64_t frames)
{
    return muldiv_floor(frames, s->in.rate, s->out.rate);
}

/* Outputs each of the n encoded frames of `frames` as many times as resample_count() says,
 * while the output fits; returns the input frames consumed. `bytes` is the output frame size:
 * the callers pass constants for the usual sizes, so the copies compile to plain moves.
 *
 * Fast paths, exactly resample_count()'s arithmetic without its loops: between frames the
 * accumulator stays within 0..src_rate (it starts at half the larger rate, below src_rate in
 * both cases below, and each step keeps it there), so downsampling outputs each frame 0 or 1
 * times and upsampling by less than 2 outputs it 1 or 2 times. The optional copy goes either
 * to its place or to a scratch frame (a selected pointer, not a branch: the patterns are
 * irregular), so nothing is written past the output. The general loop
 * finishes whatever they leave (the last frames before the destination is full, other
 * ratios). */
static inline size_t replicate_frames_of_size(pcm_stream *s, const BYTE *frames, size_t n, size_t bytes,
                                              BYTE *dst, DWORD out_capacity, DWORD *written)
{
    const uint64_t src_rate = s->in.rate, dst_rate = s->out.rate;
    uint64_t error = s->error;
    DWORD w = *written;
    size_t f = 0;
    BYTE *scratch = s->scratch_frame;
    if (error <= src_rate && dst_rate < src_rate) {
        for (; f < n && w < out_capacity; f++) {
            uint64_t e = error + dst_rate;
            unsigned count = e > src_rate;
            error = e - (count ? src_rate : 0);
            memcpy(count ? dst + (size_t)w * bytes : scratch, frames + f * bytes, bytes);
            w += count;
        }
    } else if (error <= src_rate && dst_rate > src_rate && dst_rate < 2 * src_rate) {
        for (; f < n && out_capacity - w >= 2; f++) {
            uint64_t e = error + src_rate;
            unsigned twice = e <= dst_rate;
            error = e + (twice ? src_rate : 0) - dst_rate;
            memcpy(dst + (size_t)w * bytes, frames + f * bytes, bytes);
            memcpy(twice ? dst + (size_t)(w + 1) * bytes : scratch, frames + f * bytes, bytes);
            w += 1 + twice;
        }
    }
    for (; f < n; f++) {
        uint64_t e = error;
        unsigned count = resample_count(&e, (DWORD)src_rate, (DWORD)dst_rate);
        if (count > out_capacity - w)
            break; /* this frame's output does not fit: leave it unconsumed */
        error = e;
        for (unsigned k = 0; k < count; k++)
            memcpy(dst + (size_t)(w + k) * bytes, frames + f * bytes, bytes);
        w += count;
    }
    s->error = error;
    *written = w;
    return f;
}

static size_t replicate_frames(pcm_stream *s, const BYTE *frames, size_t n, BYTE *dst, DWORD out_capacity,
                               DWORD *written)
{
    switch (s->out.frame_bytes) {
    case 1: return replicate_frames_of_size(s, frames, n, 1, dst, out_capacity, written);
    case 2: return replicate_frames_of_size(s, frames, n, 2, dst, out_capacity, written);
    case 4: return replicate_frames_of_size(s, frames, n, 4, dst, out_capacity, written);
    case 8: return replicate_frames_of_size(s, frames, n, 8, dst, out_capacity, written);
    default: return replicate_frames_of_size(s, frames, n, s->out.frame_bytes, dst, out_capacity, written);
    }
}

/* Nearest-sample conversion (also the same-rate path), a chunk of input frames at a time:
 * decode, mix, encode (each one tight loop), then at the same rate straight into dst, else
 * into s->encoded and replicated by the accumulator. */
void pacm_pcm_resample_nearest(pcm_stream *s, const BYTE *src, DWORD in_frames, DWORD *frames_used, BYTE *dst,
                               DWORD out_capacity, DWORD *frames_written)
{
    DWORD used = 0, written = 0;
    const unsigned in_bytes = s->in.frame_bytes, out_bytes = s->out.frame_bytes, out_channels = s->out.channels;
    const bool same_rate = s->in.rate == s->out.rate;
    while (used < in_frames) {
        size_t n = in_frames - used < PCM_CHUNK ? in_frames - used : PCM_CHUNK;
        if (same_rate && n > out_capacity - written)
            n = out_capacity - written; /* one output frame per input frame */
        if (n == 0)
            break;
        pacm_pcm_decode_and_mix(s, src + (size_t)used * in_bytes, n);
        if (same_rate) {
            s->encode(s->mixed, n * out_channels, dst + (size_t)written * out_bytes);
            used += (DWORD)n;
            written += (DWORD)n;
            continue;
        }
        s->encode(s->mixed, n * out_channels, s->encoded);
        size_t f = replicate_frames(s, s->encoded, n, dst, out_capacity, &written);
        used += (DWORD)f;
        if (f < n)
            break;
    }
    *frames_used = used;
    *frames_written = written;
}

/* Moves up to `capacity` frames of libsoxr output (with `in` frames of input) into dst. */
static size_t soxr_step(pcm_stream *s, const int32_t *in, size_t in_frames, size_t *in_done, BYTE *dst, size_t capacity)
{
    size_t odone = 0, idone = 0;
    size_t limit = capacity < PCM_OUT_CHUNK ? capacity : PCM_OUT_CHUNK;
    soxr_process(s->soxr, in, in_frames, &idone, s->resampled, limit, &odone);
    s->encode(s->resampled, odone * s->out.channels, dst);
    s->soxr_in_total += idone;
    s->soxr_out_total += odone;
    if (in_done)
        *in_done = idone;
    return odone;
}

/* High-quality conversion through libsoxr. Output the filter still holds comes out with later
 * calls; END flushes it (call again with END while output keeps coming if dst was full). */
void pacm_pcm_resample_soxr(pcm_stream *s, DWORD flags, const BYTE *src, DWORD in_frames, DWORD *frames_used,
                            BYTE *dst, DWORD out_capacity, DWORD *frames_written)
{
    DWORD used = 0, written = 0;
    const unsigned out_bytes = s->out.frame_bytes;
    if (s->soxr_ended && in_frames) {
        soxr_clear(s->soxr);
        s->soxr_ended = false;
    }
    while (used < in_frames && written < out_capacity) {
        size_t n = in_frames - used < PCM_CHUNK ? in_frames - used : PCM_CHUNK;
        pacm_pcm_decode_and_mix(s, src + (size_t)used * s->in.frame_bytes, n);
        size_t idone = 0;
        written += (DWORD)soxr_step(s, s->mixed, n, &idone, dst + (size_t)written * out_bytes, out_capacity - written);
        used += (DWORD)idone;
        if (idone == 0)
            break;
    }
    /* Pending output of earlier input. */
    while (!s->soxr_ended && written < out_capacity) {
        size_t got = soxr_step(s, s->mixed, 0, NULL, dst + (size_t)written * out_bytes, out_capacity - written);
        if (got == 0)
            break;
        written += (DWORD)got;
    }
    if ((flags & ACM_STREAMCONVERTF_END) && used == in_frames) {
        while (written < out_capacity) {
            size_t got = soxr_step(s, NULL, 0, NULL, dst + (size_t)written * out_bytes, out_capacity - written);
            s->soxr_ended = true;
            if (got == 0)
                break;
            written += (DWORD)got;
        }
    }
    *frames_used = used;
    *frames_written = written;
}
