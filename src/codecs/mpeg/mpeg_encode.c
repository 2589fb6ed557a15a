/*
 * mpeg_encode.c - 8/16-bit PCM to constant-bitrate MPEG layer 3 through LAME, for the MPEG
 * Layer-3 driver.
 *
 * LAME buffers input internally (its encoder delay and the frame being filled), so output
 * lags input and the last frames only come out when the stream is flushed. The ACM way to
 * say "that was the last buffer" is ACM_STREAMCONVERTF_END: the call that consumes the last
 * source with END also calls lame_encode_flush, so all audio comes out. A call with END and
 * no source flushes too (and drains what did not fit before).
 *
 * The stream keeps a small buffer of encoded bytes that did not fit the caller's destination
 * and hands them out first on the next call; it only encodes more source while the
 * destination still has room, so that buffer never exceeds one chunk's output.
 *
 * Settings: CBR at the format's bitrate (nAvgBytesPerSec * 8), the format's rate in and out
 * (LAME would otherwise resample low bitrates down), mono or joint stereo, no Xing/Info frame
 * (it can only be filled in by seeking back in a file) and no ID3 tag. LAME quality 5
 * (its fast mode) for ordinary streams, quality 2 (its "-h") with ACM_STREAMOPENF_NONREALTIME.
 * START restarts the encoder; so does new source after an END flush (a new stream).
 */
#include <lame.h>
#include <stdarg.h>
#include <string.h>

#include "common_int.h"
#include "mpeg_int.h"

#define MPEG_ENCODE_CHUNK 4608 /* input frames per LAME call */
/* LAME's documented worst case for one call: 1.25 * samples + 7200 bytes; a flush needs 7200. */
#define MPEG_ENCODE_BUFFER (MPEG_ENCODE_CHUNK * 5 / 4 + 7200)
/* Samples of input LAME may hold back from earlier calls (about 1900: the frame being filled
 * and its look-ahead) plus what END's flush adds (the 576-sample encoder delay and the
 * padding of the last frame), rounded up generously; SIZE adds them and one more frame. */
#define MPEG_SIZE_MARGIN_SAMPLES 4096

typedef struct mpeg_encoder {
    codec_stream base;
    lame_global_flags *lame;
    WORD channels;
    DWORD rate;
    WORD bits; /* of the PCM input: 8 or 16 */
    unsigned kbps;
    int quality;
    DWORD frame_samples; /* per layer-3 frame: 1152 or 576 */
    DWORD frame_max;     /* bytes of a padded frame */
    bool fed;            /* source went in since the encoder (re)started */
    bool flushed;        /* END has flushed the encoder */
    DWORD pending_start, pending_end; /* encoded bytes waiting in `pending` */
    BYTE pending[MPEG_ENCODE_BUFFER];
    int16_t samples[MPEG_ENCODE_CHUNK * 2];
} mpeg_encoder;

/* LAME prints to stderr unless told otherwise; a library must not. */
static void mpeg_lame_quiet(const char *format, va_list args)
{
    (void)format;
    (void)args;
}

static lame_global_flags *mpeg_new_lame(const mpeg_encoder *encoder)
{
    lame_global_flags *lame = lame_init();
    if (!lame)
        return NULL;
    lame_set_errorf(lame, mpeg_lame_quiet);
    lame_set_debugf(lame, mpeg_lame_quiet);
    lame_set_msgf(lame, mpeg_lame_quiet);
    lame_set_in_samplerate(lame, (int)encoder->rate);
    lame_set_out_samplerate(lame, (int)encoder->rate);
    lame_set_num_channels(lame, encoder->channels);
    lame_set_mode(lame, encoder->channels == 1 ? MONO : JOINT_STEREO);
    lame_set_VBR(lame, vbr_off);
    lame_set_brate(lame, (int)encoder->kbps);
    lame_set_quality(lame, encoder->quality);
    lame_set_bWriteVbrTag(lame, 0);
    lame_set_write_id3tag_automatic(lame, 0);
    if (lame_init_params(lame) < 0) {
        lame_close(lame);
        return NULL;
    }
    return lame;
}

/* A fresh encoder: START, or new source after an END flush. Pending output is dropped. */
static MMRESULT mpeg_encoder_restart(mpeg_encoder *encoder)
{
    lame_global_flags *fresh = mpeg_new_lame(encoder);
    if (!fresh)
        return MMSYSERR_NOMEM;
    lame_close(encoder->lame);
    encoder->lame = fresh;
    encoder->fed = false;
    encoder->flushed = false;
    encoder->pending_start = encoder->pending_end = 0;
    return MMSYSERR_NOERROR;
}

static DWORD mpeg_input_frame(const mpeg_encoder *encoder)
{
    return (DWORD)encoder->channels * (encoder->bits / 8u);
}

/* SOURCE: the frames the input and the margin fill, plus one, at the padded frame size, so
 * the destination SIZE names always takes a call's whole output (the flush included).
 * DESTINATION: the inverse (SOURCE of the answer never exceeds the destination). */
static MMRESULT mpeg_encoder_size(codec_stream *base, DWORD flags, DWORD in, DWORD *out)
{
    const mpeg_encoder *encoder = (const mpeg_encoder *)base;
    const uint64_t spf = encoder->frame_samples;
    uint64_t result;
    if (flags == ACM_STREAMSIZEF_SOURCE) {
        uint64_t samples = in / mpeg_input_frame(encoder);
        if (samples == 0)
            return ACMERR_NOTPOSSIBLE;
        uint64_t frames = (samples + MPEG_SIZE_MARGIN_SAMPLES + spf - 1) / spf + 1;
        result = frames * encoder->frame_max;
    } else {
        uint64_t frames = in / encoder->frame_max;
        if (frames < 2 || (frames - 1) * spf <= MPEG_SIZE_MARGIN_SAMPLES)
            return ACMERR_NOTPOSSIBLE;
        result = ((frames - 1) * spf - MPEG_SIZE_MARGIN_SAMPLES) * mpeg_input_frame(encoder);
    }
    if (result > 0xFFFFFFFFu)
        return ACMERR_NOTPOSSIBLE;
    *out = (DWORD)result;
    return MMSYSERR_NOERROR;
}

/* Moves waiting encoded bytes into the destination. */
static void mpeg_encoder_drain(mpeg_encoder *encoder, BYTE *dst, DWORD dst_length, DWORD *written)
{
    DWORD n = encoder->pending_end - encoder->pending_start;
    if (n > dst_length - *written)
        n = dst_length - *written;
    memcpy(dst + *written, encoder->pending + encoder->pending_start, n);
    *written += n;
    encoder->pending_start += n;
    if (encoder->pending_start == encoder->pending_end)
        encoder->pending_start = encoder->pending_end = 0;
}

/* Encodes `frames` PCM frames (at most MPEG_ENCODE_CHUNK) into the empty pending buffer. */
static bool mpeg_encoder_encode(mpeg_encoder *encoder, const BYTE *src, DWORD frames)
{
    pacm_codec_pcm_to_s16(src, encoder->bits, encoder->samples, (size_t)frames * encoder->channels);
    int n;
    if (encoder->channels == 1)
        n = lame_encode_buffer(encoder->lame, encoder->samples, encoder->samples, (int)frames, encoder->pending,
                               (int)sizeof encoder->pending);
    else
        n = lame_encode_buffer_interleaved(encoder->lame, encoder->samples, (int)frames, encoder->pending,
                                           (int)sizeof encoder->pending);
    if (n < 0)
        return false;
    encoder->pending_end = (DWORD)n;
    encoder->fed = true;
    return true;
}

static MMRESULT mpeg_encoder_convert(codec_stream *base, DWORD flags, const BYTE *src, DWORD src_length,
                                     DWORD *src_used, BYTE *dst, DWORD dst_length, DWORD *dst_used)
{
    mpeg_encoder *encoder = (mpeg_encoder *)base;
    *src_used = 0;
    *dst_used = 0;
    if (flags & ACM_STREAMCONVERTF_START) {
        MMRESULT mr = mpeg_encoder_restart(encoder);
        if (mr != MMSYSERR_NOERROR)
            return mr;
    }
    const DWORD frame_bytes = mpeg_input_frame(encoder);
    DWORD used = 0, written = 0;
    for (;;) {
        mpeg_encoder_drain(encoder, dst, dst_length, &written);
        if (encoder->pending_end != 0)
            break; /* the destination is full */
        DWORD frames = (src_length - used) / frame_bytes;
        if (frames) {
            if (encoder->flushed) { /* new source after END: a new stream */
                MMRESULT mr = mpeg_encoder_restart(encoder);
                if (mr != MMSYSERR_NOERROR)
                    return mr;
            }
            if (written == dst_length)
                break;
            if (frames > MPEG_ENCODE_CHUNK)
                frames = MPEG_ENCODE_CHUNK;
            if (!mpeg_encoder_encode(encoder, src + used, frames))
                return MMSYSERR_ERROR;
            used += frames * frame_bytes;
            continue;
        }
        if ((flags & ACM_STREAMCONVERTF_END) && encoder->fed && !encoder->flushed) {
            int n = lame_encode_flush(encoder->lame, encoder->pending, (int)sizeof encoder->pending);
            if (n < 0)
                return MMSYSERR_ERROR;
            encoder->pending_end = (DWORD)n;
            encoder->flushed = true;
            continue;
        }
        break;
    }
    *src_used = used;
    *dst_used = written;
    return MMSYSERR_NOERROR;
}

static void mpeg_encoder_destroy(codec_stream *base)
{
    mpeg_encoder *encoder = (mpeg_encoder *)base;
    lame_close(encoder->lame);
    pacm_mem_free(encoder);
}

static const codec_stream_ops mpeg_encoder_ops = {mpeg_encoder_size, mpeg_encoder_convert, mpeg_encoder_destroy};

MMRESULT pacm_mpeg_encoder_open(const WAVEFORMATEX *src, const WAVEFORMATEX *dst, bool high_quality,
                           codec_stream **stream)
{
    mpeg_encoder *encoder = pacm_mem_calloc(1, sizeof *encoder);
    if (!encoder)
        return MMSYSERR_NOMEM;
    encoder->channels = src->nChannels;
    encoder->rate = src->nSamplesPerSec;
    encoder->bits = src->wBitsPerSample;
    encoder->kbps = dst->nAvgBytesPerSec * 8 / 1000;
    encoder->quality = high_quality ? 2 : 5;
    encoder->frame_samples = pacm_mpeg_layer3_frame_samples(encoder->rate);
    encoder->frame_max = pacm_mpeg_layer3_frame_bytes(encoder->rate, encoder->kbps) + 1;
    encoder->lame = mpeg_new_lame(encoder);
    if (!encoder->lame) {
        pacm_mem_free(encoder);
        return ACMERR_NOTPOSSIBLE; /* LAME refuses the combination (none of the legal ones) */
    }
    encoder->base.ops = &mpeg_encoder_ops;
    *stream = &encoder->base;
    return MMSYSERR_NOERROR;
}
