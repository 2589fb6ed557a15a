/*
 * bench_avcodec.c - portacm's codecs against libavcodec's, in one process, on the same input.
 *
 * portacm side: the PUBLIC ACM API, as a program uses it: acmStreamOpen, then per 64 KiB source
 * buffer (whole blocks) acmStreamPrepareHeader / acmStreamConvert / acmStreamUnprepareHeader
 * (START on the first, END on the last), acmStreamClose; interleaved 16-bit PCM in or out.
 * libavcodec side: avcodec_alloc_context3 / avcodec_open2, then send_packet / receive_frame
 * (decoders: the same 64 KiB buffers as packets, or the frames av_parser_parse2 finds in them
 * for MP3) or send_frame / receive_packet (encoders), then a drain and avcodec_free_context.
 * Fairness: both sides read the same in-memory input and write their output once into memory
 * the program reuses (portacm: one destination buffer for every acmStreamConvert; libavcodec:
 * its frames and packets). Packets and frames reference the input without copying (an
 * AVBufferRef around it). Where libavcodec's sample format is not interleaved 16-bit PCM, the
 * conversion a program needs to get there (planar -> interleaved for decoders, interleaved ->
 * planar for encoders, float -> int16 with rounding and clipping for mp3float) is timed on its
 * side, in plain loops the compiler vectorises. Every run includes opening and closing.
 *
 * Rows (every codec both ways): IMA ADPCM and MS ADPCM (44.1 kHz stereo, 2048-byte blocks:
 * adpcm_ima_wav, adpcm_ms), GSM 6.10 (8 kHz mono, Microsoft's 65-byte WAV49 blocks: gsm_ms
 * decoder, libgsm_ms encoder), G.711 A-law / mu-law (44.1 kHz stereo: pcm_alaw, pcm_mulaw),
 * MPEG Layer-3 128 kbit/s 44.1 kHz stereo (mp3float decoder; libmp3lame encoder at LAME quality
 * 5, portacm's real-time setting). The input is a deterministic music-like signal (tones with
 * vibrato, a decaying pluck train, noise) made in memory; the decode rows decode what portacm
 * encoded from it. Before timing, each row checks both sides once: decoders' outputs are
 * compared sample by sample ("identical" or the largest difference), encoders' bytes compared.
 *
 * Runs alternate portacm, libavcodec, portacm, ... (a run repeats the conversion on both sides
 * until the faster one takes 0.2 s: G.711 converts 60 s in milliseconds); each figure is the
 * median of N runs in MB/s (10^6 bytes) of 16-bit PCM: the input for encoders, the output for
 * decoders. ratio = portacm / libavcodec (above 1: portacm is faster).
 *
 *   usage: bench_avcodec [-r runs] [-s seconds] [-o codec[,codec...]] [-d encode|decode] [-t wall|cpu]
 *     codecs: ima msadpcm gsm alaw ulaw mp3 mp3lib (default: all; mp3 decodes with portacm's
 *     own Layer III decoder, the default; mp3lib decodes through libmpg123 instead,
 *     PORTACM_MP3_DECODER=mpg123); runs default 5; seconds 60;
 *     -t: wall-clock time (default) or the process's CPU time (steadier on a shared machine;
 *     libavcodec's audio codecs run in the calling thread, as portacm's do).
 * Built only where libavcodec's development files are found (apt-get install libavcodec-dev).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <libavcodec/avcodec.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>

#include "windows.h"
#include "mmsystem.h"
#include "mmreg.h"
#include "msacm.h"

#define CHUNK 65536u
#define FORMAT_BYTES 256u
#define MAX_RUNS 101

static clockid_t clock_used = CLOCK_MONOTONIC; /* -t cpu: CLOCK_PROCESS_CPUTIME_ID */

static double now(void)
{
    struct timespec ts;
    clock_gettime(clock_used, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- input -------------------------------------------------------------------------------- */

typedef struct pcm_input {
    WAVEFORMATEX format;
    int16_t *pcm;
    size_t bytes;
    AVBufferRef *ref; /* the same bytes for libavcodec's frames (not owned by it) */
} pcm_input;

static void no_free(void *opaque, uint8_t *data)
{
    (void)opaque;
    (void)data;
}

/* Tones with vibrato, a pluck every 0.25 s, noise: deterministic, music-like; the same signal
 * as bench_kernels.c's, so its kernel figures are the ceiling of these rows. */
static void make_input(pcm_input *in, WORD channels, DWORD rate, double seconds)
{
    in->format = (WAVEFORMATEX){.wFormatTag = WAVE_FORMAT_PCM, .nChannels = channels, .nSamplesPerSec = rate,
                                .nAvgBytesPerSec = rate * 2 * channels, .nBlockAlign = (WORD)(2 * channels),
                                .wBitsPerSample = 16};
    size_t frames = (size_t)(seconds * rate);
    in->bytes = frames * channels * 2;
    in->pcm = av_malloc(in->bytes + AV_INPUT_BUFFER_PADDING_SIZE);
    if (!in->pcm)
        exit(1);
    uint32_t seed = 1;
    for (size_t n = 0; n < frames; n++) {
        double t = (double)n / rate, pluck = fmod(t, 0.25);
        for (WORD c = 0; c < channels; c++) {
            seed = seed * 1664525u + 1013904223u;
            double noise = ((double)(seed >> 8) / (1 << 24) - 0.5) * 600;
            double v = 6000 * sin(2 * M_PI * (220 + 3 * sin(2 * M_PI * 5 * t)) * t + c) +
                       3000 * sin(2 * M_PI * 660 * t * (c ? 1.5 : 1)) +
                       9000 * exp(-pluck * 12) * sin(2 * M_PI * 440 * (1 + c * 0.25) * pluck) + noise;
            in->pcm[n * channels + c] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
        }
    }
    in->ref = av_buffer_create((uint8_t *)in->pcm, (int)in->bytes, no_free, NULL, AV_BUFFER_FLAG_READONLY);
    if (!in->ref)
        exit(1);
}

/* ---- the rows ------------------------------------------------------------------------------ */

typedef struct codec_row {
    const char *name;    /* -o label */
    WORD tag;
    int stereo44;        /* 1: 44.1 kHz stereo input, 0: 8 kHz mono */
    const char *decoder; /* libavcodec names */
    const char *encoder;
    enum AVSampleFormat enc_fmt;
    const char *mp3_decoder; /* decode only, with PORTACM_MP3_DECODER set to this for portacm's side */
} codec_row;

static const codec_row rows[] = {
    {"ima", WAVE_FORMAT_IMA_ADPCM, 1, "adpcm_ima_wav", "adpcm_ima_wav", AV_SAMPLE_FMT_S16P, NULL},
    {"msadpcm", WAVE_FORMAT_ADPCM, 1, "adpcm_ms", "adpcm_ms", AV_SAMPLE_FMT_S16, NULL},
    {"gsm", WAVE_FORMAT_GSM610, 0, "gsm_ms", "libgsm_ms", AV_SAMPLE_FMT_S16, NULL},
    {"alaw", WAVE_FORMAT_ALAW, 1, "pcm_alaw", "pcm_alaw", AV_SAMPLE_FMT_S16, NULL},
    {"ulaw", WAVE_FORMAT_MULAW, 1, "pcm_mulaw", "pcm_mulaw", AV_SAMPLE_FMT_S16, NULL},
    {"mp3", WAVE_FORMAT_MPEGLAYER3, 1, "mp3float", "libmp3lame", AV_SAMPLE_FMT_S16P, NULL},
    /* the same stream through the driver's libmpg123 decoder (docs/codecs.md) */
    {"mp3lib", WAVE_FORMAT_MPEGLAYER3, 1, "mp3float", "libmp3lame", AV_SAMPLE_FMT_S16P, "mpg123"},
};

/* One conversion job: from `src` (length bytes) in format `from` to format `to`. */
typedef struct job {
    const WAVEFORMATEX *from, *to;
    const BYTE *src;
    size_t length;
    AVBufferRef *src_ref; /* src for libavcodec, zero-copy */
    BYTE *out;            /* NULL: output to the reused scratch buffer (timed runs) */
    size_t out_cap;
    BYTE *scratch;        /* the reused destination */
    size_t scratch_cap;
} job;

/* ---- portacm: the public ACM API ------------------------------------------------------------ */

/* Converts job->src whole in CHUNK-byte source buffers (whole source blocks), the last with
 * END, then END with an empty source while output keeps coming. Returns the bytes produced,
 * or (size_t)-1. Output goes to job->out (appended) or, without it, to the scratch buffer. */
static size_t portacm_run(const job *j)
{
    HACMSTREAM has;
    if (acmStreamOpen(&has, NULL, (WAVEFORMATEX *)j->from, (WAVEFORMATEX *)j->to, NULL, 0, 0, 0) != MMSYSERR_NOERROR)
        return (size_t)-1;
    DWORD align = j->from->nBlockAlign ? j->from->nBlockAlign : 1;
    DWORD chunk = CHUNK - CHUNK % align;
    size_t pos = 0, written = 0;
    DWORD flags = ACM_STREAMCONVERTF_START;
    int flushing = 0;
    for (;;) {
        DWORD n = flushing ? 0 : j->length - pos < chunk ? (DWORD)(j->length - pos) : chunk;
        int last = flushing || pos + n >= j->length;
        BYTE *dst = j->out ? j->out + written : j->scratch;
        DWORD room = (DWORD)(j->out ? j->out_cap - written : j->scratch_cap), need = 0;
        if (!j->out && !flushing && acmStreamSize(has, n, &need, ACM_STREAMSIZEF_SOURCE) == MMSYSERR_NOERROR &&
            need && need < room)
            room = need; /* as a program sizes its buffer */
        ACMSTREAMHEADER h;
        memset(&h, 0, sizeof h);
        h.cbStruct = sizeof h;
        h.pbSrc = (BYTE *)j->src + (flushing ? 0 : pos);
        h.cbSrcLength = flushing ? 1 : n;
        h.pbDst = dst;
        h.cbDstLength = room;
        if (acmStreamPrepareHeader(has, &h, 0) != MMSYSERR_NOERROR)
            break;
        h.cbSrcLength = n;
        MMRESULT mr = acmStreamConvert(has, &h, flags | (last ? ACM_STREAMCONVERTF_END : ACM_STREAMCONVERTF_BLOCKALIGN));
        h.cbSrcLength = flushing ? 1 : n;
        acmStreamUnprepareHeader(has, &h, 0);
        if (mr != MMSYSERR_NOERROR)
            break;
        flags = 0;
        written += h.cbDstLengthUsed;
        if (flushing) {
            if (h.cbDstLengthUsed == 0)
                break;
            continue;
        }
        pos += h.cbSrcLengthUsed;
        if (pos >= j->length || h.cbSrcLengthUsed == 0)
            flushing = 1; /* the tail; a trailing part no codec converts stays unused */
    }
    acmStreamClose(has, 0);
    return written;
}

/* ---- libavcodec ----------------------------------------------------------------------------- */

static AVCodecContext *av_open(const AVCodec *codec, const WAVEFORMATEX *coded, enum AVSampleFormat enc_fmt)
{
    AVCodecContext *ctx = avcodec_alloc_context3(codec);
    if (!ctx)
        return NULL;
    ctx->sample_rate = (int)coded->nSamplesPerSec;
    av_channel_layout_default(&ctx->ch_layout, coded->nChannels);
    ctx->block_align = coded->nBlockAlign;
    ctx->bits_per_coded_sample = coded->wBitsPerSample;
    if (av_codec_is_encoder(codec)) {
        ctx->sample_fmt = enc_fmt;
        if (coded->wFormatTag == WAVE_FORMAT_MPEGLAYER3) {
            ctx->bit_rate = (int64_t)coded->nAvgBytesPerSec * 8;
            ctx->compression_level = 5; /* LAME quality 5, as portacm's real-time encoder */
        } else if (coded->wFormatTag == WAVE_FORMAT_IMA_ADPCM || coded->wFormatTag == WAVE_FORMAT_ADPCM) {
            av_opt_set_int(ctx->priv_data, "block_size", coded->nBlockAlign, 0);
        }
    }
    if (avcodec_open2(ctx, codec, NULL) < 0)
        avcodec_free_context(&ctx);
    return ctx;
}

/* Planar float stereo to interleaved int16 as swresample does it: scaled by 32768, clipped,
 * rounded to nearest even (cvtps2dq; lrintf in the scalar tail), 4 frames per SSE2 step. */
static void float_to_s16_stereo(const float *l, const float *r, int16_t *dst, size_t n)
{
    size_t i = 0;
#if defined(__SSE2__)
    const __m128 scale = _mm_set1_ps(32768.0f), top = _mm_set1_ps(32767.0f), bottom = _mm_set1_ps(-32768.0f);
    for (; i + 4 <= n; i += 4) {
        __m128i a = _mm_cvtps_epi32(_mm_max_ps(_mm_min_ps(_mm_mul_ps(_mm_loadu_ps(l + i), scale), top), bottom));
        __m128i b = _mm_cvtps_epi32(_mm_max_ps(_mm_min_ps(_mm_mul_ps(_mm_loadu_ps(r + i), scale), top), bottom));
        _mm_storeu_si128((__m128i *)(dst + 2 * i),
                         _mm_packs_epi32(_mm_unpacklo_epi32(a, b), _mm_unpackhi_epi32(a, b)));
    }
#endif
    for (; i < n; i++) {
        float a = l[i] * 32768.0f, b = r[i] * 32768.0f;
        dst[2 * i] = (int16_t)lrintf(a > 32767.0f ? 32767.0f : a < -32768.0f ? -32768.0f : a);
        dst[2 * i + 1] = (int16_t)lrintf(b > 32767.0f ? 32767.0f : b < -32768.0f ? -32768.0f : b);
    }
}

/* Puts a decoded frame where a program wants it: interleaved int16 at dst (NULL: nothing to
 * do for interleaved int16, the frame is the output). Returns the bytes of PCM. */
static size_t av_deliver(const AVFrame *f, int channels, int16_t *dst)
{
    size_t n = (size_t)f->nb_samples, ch = (size_t)channels;
    switch (f->format) {
    case AV_SAMPLE_FMT_S16:
        if (dst)
            memcpy(dst, f->data[0], n * ch * 2);
        break;
    case AV_SAMPLE_FMT_S16P:
        if (ch == 2) {
            const int16_t *l = (const int16_t *)f->extended_data[0], *r = (const int16_t *)f->extended_data[1];
            for (size_t i = 0; i < n; i++) {
                dst[2 * i] = l[i];
                dst[2 * i + 1] = r[i];
            }
        } else {
            for (size_t c = 0; c < ch; c++)
                for (size_t i = 0; i < n; i++)
                    dst[i * ch + c] = ((const int16_t *)f->extended_data[c])[i];
        }
        break;
    case AV_SAMPLE_FMT_FLTP:
        if (ch == 2) {
            float_to_s16_stereo((const float *)f->extended_data[0], (const float *)f->extended_data[1], dst, n);
            break;
        }
        for (size_t c = 0; c < ch; c++) {
            const float *s = (const float *)f->extended_data[c];
            for (size_t i = 0; i < n; i++) {
                float v = s[i] * 32768.0f;
                v = v > 32767.0f ? 32767.0f : v < -32768.0f ? -32768.0f : v;
                dst[i * ch + c] = (int16_t)lrintf(v);
            }
        }
        break;
    default:
        return 0;
    }
    return n * ch * 2;
}

static int send_and_drain(AVCodecContext *ctx, const AVPacket *pkt, AVFrame *frame, const job *j, size_t *written)
{
    int ret = avcodec_send_packet(ctx, pkt);
    if (ret < 0 && ret != AVERROR_EOF)
        return ret;
    while ((ret = avcodec_receive_frame(ctx, frame)) == 0) {
        int16_t *dst = j->out ? (int16_t *)(void *)(j->out + *written) : (int16_t *)(void *)j->scratch;
        size_t need = (size_t)frame->nb_samples * (size_t)ctx->ch_layout.nb_channels * 2;
        if (j->out ? need > j->out_cap - *written : need > j->scratch_cap)
            return AVERROR(ENOSPC);
        if (!j->out && frame->format == AV_SAMPLE_FMT_S16)
            dst = NULL;
        *written += av_deliver(frame, ctx->ch_layout.nb_channels, dst);
        av_frame_unref(frame);
    }
    return ret == AVERROR(EAGAIN) || ret == AVERROR_EOF ? 0 : ret;
}

/* Decodes job->src: CHUNK-byte packets of whole blocks, or the MP3 frames the parser finds. */
static size_t av_decode_run(const AVCodec *codec, const job *j)
{
    AVCodecContext *ctx = av_open(codec, j->from, AV_SAMPLE_FMT_NONE);
    AVCodecParserContext *parser = NULL;
    AVPacket *pkt = av_packet_alloc();
    AVFrame *frame = av_frame_alloc();
    size_t written = 0, pos = 0;
    int ok = ctx && pkt && frame;
    if (ok && j->from->wFormatTag == WAVE_FORMAT_MPEGLAYER3)
        ok = (parser = av_parser_init(codec->id)) != NULL;
    DWORD align = j->from->nBlockAlign ? j->from->nBlockAlign : 1;
    DWORD chunk = CHUNK - CHUNK % align;
    while (ok && pos < j->length) {
        size_t n = j->length - pos < chunk ? j->length - pos : chunk;
        const uint8_t *p = j->src + pos;
        if (!parser) {
            pkt->buf = av_buffer_ref(j->src_ref);
            pkt->data = (uint8_t *)p;
            pkt->size = (int)n;
            ok = pkt->buf && send_and_drain(ctx, pkt, frame, j, &written) == 0;
            av_packet_unref(pkt);
            pos += n;
            continue;
        }
        while (ok && n > 0) {
            uint8_t *data;
            int size, used = av_parser_parse2(parser, ctx, &data, &size, p, (int)n, AV_NOPTS_VALUE, AV_NOPTS_VALUE, 0);
            p += used;
            n -= (size_t)used;
            if (size > 0) {
                /* A frame inside our buffer is referenced; one the parser had to join is copied. */
                int inside = data >= j->src && data + size <= j->src + j->length;
                pkt->buf = inside ? av_buffer_ref(j->src_ref) : NULL;
                pkt->data = data;
                pkt->size = size;
                ok = send_and_drain(ctx, pkt, frame, j, &written) == 0;
                av_packet_unref(pkt);
            }
        }
        pos += chunk < j->length - pos ? chunk : j->length - pos;
    }
    if (ok && parser) { /* the parser's last frame */
        uint8_t *data;
        int size;
        av_parser_parse2(parser, ctx, &data, &size, NULL, 0, AV_NOPTS_VALUE, AV_NOPTS_VALUE, 0);
        if (size > 0) {
            pkt->data = data;
            pkt->size = size;
            ok = send_and_drain(ctx, pkt, frame, j, &written) == 0;
            av_packet_unref(pkt);
        }
    }
    if (ok)
        ok = send_and_drain(ctx, NULL, frame, j, &written) == 0;
    av_parser_close(parser);
    av_frame_free(&frame);
    av_packet_free(&pkt);
    avcodec_free_context(&ctx);
    return ok ? written : (size_t)-1;
}

static int receive_packets(AVCodecContext *ctx, AVPacket *pkt, const job *j, size_t *written)
{
    int ret;
    while ((ret = avcodec_receive_packet(ctx, pkt)) == 0) {
        if (j->out) {
            if ((size_t)pkt->size > j->out_cap - *written)
                return AVERROR(ENOSPC);
            memcpy(j->out + *written, pkt->data, (size_t)pkt->size);
        }
        *written += (size_t)pkt->size;
        av_packet_unref(pkt);
    }
    return ret == AVERROR(EAGAIN) || ret == AVERROR_EOF ? 0 : ret;
}

/* A fresh planar buffer when the encoder still holds the last one (no copy of old samples). */
static int new_planar_buffer(AVFrame *frame, AVCodecContext *ctx, int count)
{
    av_frame_unref(frame);
    frame->nb_samples = count;
    frame->format = ctx->sample_fmt;
    if (av_channel_layout_copy(&frame->ch_layout, &ctx->ch_layout) < 0)
        return -1;
    return av_frame_get_buffer(frame, 0);
}

/* Fills `frame` with `count` frames of interleaved input at `src`: a reference for
 * interleaved int16, a deinterleaved copy for planar int16. */
static int av_fill_frame(AVFrame *frame, AVCodecContext *ctx, const job *j, const int16_t *src, int count)
{
    size_t ch = (size_t)ctx->ch_layout.nb_channels;
    if (ctx->sample_fmt == AV_SAMPLE_FMT_S16) {
        av_frame_unref(frame);
        frame->buf[0] = av_buffer_ref(j->src_ref);
        frame->data[0] = (uint8_t *)src;
        frame->extended_data = frame->data;
        frame->linesize[0] = (int)(count * ch * 2);
    } else if (!av_frame_is_writable(frame) && new_planar_buffer(frame, ctx, count) < 0) {
        return -1;
    } else if (ch == 2) {
        int16_t *l = (int16_t *)frame->data[0], *r = (int16_t *)frame->data[1];
        for (int i = 0; i < count; i++) {
            l[i] = src[2 * i];
            r[i] = src[2 * i + 1];
        }
    } else {
        for (size_t c = 0; c < ch; c++)
            for (int i = 0; i < count; i++)
                ((int16_t *)frame->extended_data[c])[i] = src[(size_t)i * ch + c];
    }
    frame->nb_samples = count;
    frame->format = ctx->sample_fmt;
    frame->sample_rate = ctx->sample_rate;
    return av_channel_layout_copy(&frame->ch_layout, &ctx->ch_layout) < 0 || (ctx->sample_fmt == AV_SAMPLE_FMT_S16 && !frame->buf[0]) ? -1 : 0;
}

/* Encodes job->src: whole frames of the encoder's frame_size (CHUNK bytes where any size goes),
 * then a flush. As portacm's block encoders, a trailing partial frame is left out. */
static size_t av_encode_run(const AVCodec *codec, enum AVSampleFormat fmt, const job *j)
{
    AVCodecContext *ctx = av_open(codec, j->to, fmt);
    AVPacket *pkt = av_packet_alloc();
    AVFrame *frame = av_frame_alloc();
    size_t written = 0;
    int ok = ctx && pkt && frame;
    size_t ch = j->from->nChannels, total = j->length / (2 * ch);
    int per = ok && ctx->frame_size > 0 ? ctx->frame_size : (int)(CHUNK / (2 * ch));
    if (ok && fmt != AV_SAMPLE_FMT_S16) {
        frame->nb_samples = per;
        frame->format = fmt;
        ok = av_channel_layout_copy(&frame->ch_layout, &ctx->ch_layout) == 0 && av_frame_get_buffer(frame, 0) == 0;
    }
    for (size_t f = 0; ok && f + (size_t)per <= total; f += (size_t)per) {
        ok = av_fill_frame(frame, ctx, j, (const int16_t *)(const void *)j->src + f * ch, per) == 0 &&
             avcodec_send_frame(ctx, frame) == 0 && receive_packets(ctx, pkt, j, &written) == 0;
    }
    size_t rest = total % (size_t)per;
    if (ok && rest && (codec->capabilities & AV_CODEC_CAP_VARIABLE_FRAME_SIZE)) /* G.711: all of it, as portacm */
        ok = av_fill_frame(frame, ctx, j, (const int16_t *)(const void *)j->src + (total - rest) * ch, (int)rest) == 0 &&
             avcodec_send_frame(ctx, frame) == 0 && receive_packets(ctx, pkt, j, &written) == 0;
    if (ok)
        ok = avcodec_send_frame(ctx, NULL) == 0 && receive_packets(ctx, pkt, j, &written) == 0;
    av_frame_free(&frame);
    av_packet_free(&pkt);
    avcodec_free_context(&ctx);
    return ok ? written : (size_t)-1;
}

/* ---- timing and checks ---------------------------------------------------------------------- */

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, compare_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* "identical", or how far the two outputs are apart. */
static void describe_pcm(char *text, size_t cap, const BYTE *a, size_t a_len, const BYTE *b, size_t b_len)
{
    size_t n = (a_len < b_len ? a_len : b_len) / 2, differ = 0, first = 0;
    int worst = 0;
    for (size_t i = 0; i < n; i++) {
        int x = ((const int16_t *)(const void *)a)[i], y = ((const int16_t *)(const void *)b)[i];
        int d = x > y ? x - y : y - x;
        if (d && !differ)
            first = i;
        differ += d != 0;
        worst = d > worst ? d : worst;
    }
    if (!differ && a_len == b_len)
        snprintf(text, cap, "identical");
    else if (!differ)
        snprintf(text, cap, "identical, portacm %+zd bytes", (ptrdiff_t)a_len - (ptrdiff_t)b_len);
    else
        snprintf(text, cap, "%.1f %% of samples differ (max %d, first at %zu)", 100.0 * differ / n, worst, first);
}

typedef struct bench_config {
    int runs;
    const char *only;      /* comma-separated codec names, or NULL */
    const char *direction; /* "encode", "decode" or NULL */
} bench_config;

static int wanted(const bench_config *cfg, const char *name, const char *direction)
{
    if (cfg->direction && strcmp(cfg->direction, direction) != 0)
        return 0;
    if (!cfg->only)
        return 1;
    size_t len = strlen(name);
    for (const char *p = cfg->only; *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && !strncmp(p, name, n))
            return 1;
        p += n + (end != NULL);
    }
    return 0;
}

/* One side's conversion `repeat` times; returns the seconds taken, with the bytes of the
 * last pass in *bytes ((size_t)-1 on failure). */
static double timed_passes(const job *j, const codec_row *row, const AVCodec *codec, int decode, int repeat,
                           size_t *bytes)
{
    double start = now();
    for (int i = 0; i < repeat && *bytes != (size_t)-1; i++) {
        if (!codec)
            *bytes = portacm_run(j);
        else
            *bytes = decode ? av_decode_run(codec, j) : av_encode_run(codec, row->enc_fmt, j);
    }
    return now() - start;
}

/* Times one row: runs alternated (portacm, libavcodec, portacm, ...), medians; prints the row.
 * A run is `repeat` whole conversions, enough for the faster side to take MIN_RUN_SECONDS (the
 * same count on both sides), so the fast codecs are not timed over a few milliseconds.
 * `pcm_bytes_fixed` is the PCM input for encoders (0 for decoders: each side's own output). */
#define MIN_RUN_SECONDS 0.2
static void time_row(const bench_config *cfg, const codec_row *row, const char *direction, const AVCodec *codec,
                     job *j, size_t pcm_bytes_fixed, const char *check)
{
    double mine[MAX_RUNS], theirs[MAX_RUNS];
    size_t my_bytes = 0, their_bytes = 0;
    int decode = pcm_bytes_fixed == 0;
    double once = timed_passes(j, row, NULL, decode, 1, &my_bytes), other = timed_passes(j, row, codec, decode, 1, &their_bytes);
    double fastest = once < other ? once : other;
    int repeat = fastest > 0 && fastest < MIN_RUN_SECONDS ? (int)(MIN_RUN_SECONDS / fastest) + 1 : 1;
    for (int r = 0; r < cfg->runs; r++) {
        double t_mine = timed_passes(j, row, NULL, decode, repeat, &my_bytes);
        double t_theirs = timed_passes(j, row, codec, decode, repeat, &their_bytes);
        if (my_bytes == (size_t)-1 || their_bytes == (size_t)-1) {
            printf("  %-8s %-7s failed during timing\n", row->name, direction);
            return;
        }
        mine[r] = (double)repeat * (decode ? my_bytes : pcm_bytes_fixed) / t_mine / 1e6;
        theirs[r] = (double)repeat * (decode ? their_bytes : pcm_bytes_fixed) / t_theirs / 1e6;
    }
    double a = median(mine, cfg->runs), b = median(theirs, cfg->runs);
    printf("  %-8s %-7s %10.1f %10.1f %7.2f  %s (%s)\n", row->name, direction, a, b, a / b, check,
           decode ? row->decoder : row->encoder);
    fflush(stdout);
}

static void bench_row(const bench_config *cfg, const codec_row *row, const pcm_input *in)
{
    union {
        WAVEFORMATEX wfx;
        BYTE bytes[FORMAT_BYTES];
    } coded_format;
    memset(&coded_format, 0, sizeof coded_format);
    coded_format.wfx.wFormatTag = row->tag;
    if (acmFormatSuggest(NULL, (WAVEFORMATEX *)&in->format, &coded_format.wfx, FORMAT_BYTES,
                         ACM_FORMATSUGGESTF_WFORMATTAG) != MMSYSERR_NOERROR) {
        printf("  %-8s skipped: no portacm driver encodes this input\n", row->name);
        return;
    }
    const WAVEFORMATEX *cf = &coded_format.wfx;
    size_t coded_cap = in->bytes + (1u << 20), pcm_cap = in->bytes + (4u << 20), scratch_cap = 4u << 20;
    BYTE *coded = av_malloc(coded_cap + AV_INPUT_BUFFER_PADDING_SIZE), *coded_av = malloc(coded_cap);
    BYTE *pcm_mine = malloc(pcm_cap), *pcm_theirs = malloc(pcm_cap), *scratch = malloc(scratch_cap);
    if (!coded || !coded_av || !pcm_mine || !pcm_theirs || !scratch)
        exit(1);
    memset(scratch, 0, scratch_cap);
    /* portacm encodes once: the decode rows' input, and the encode check. */
    job enc = {&in->format, cf, (const BYTE *)in->pcm, in->bytes, in->ref, coded, coded_cap, scratch, scratch_cap};
    size_t coded_len = portacm_run(&enc);
    const AVCodec *encoder = avcodec_find_encoder_by_name(row->encoder);
    const AVCodec *decoder = avcodec_find_decoder_by_name(row->decoder);
    if (coded_len == (size_t)-1 || coded_len == 0) {
        printf("  %-8s skipped: portacm's encoder failed\n", row->name);
        goto done;
    }
    if (!row->mp3_decoder && wanted(cfg, row->name, "encode")) {
        char check[96];
        size_t theirs = encoder ? av_encode_run(encoder, row->enc_fmt, &(job){&in->format, cf, (const BYTE *)in->pcm,
                                                in->bytes, in->ref, coded_av, coded_cap, scratch, scratch_cap})
                                : (size_t)-1;
        if (theirs == (size_t)-1) {
            printf("  %-8s encode  skipped: libavcodec has no working %s encoder\n", row->name, row->encoder);
        } else {
            size_t common = coded_len < theirs ? coded_len : theirs, same = 0;
            while (same < common && coded[same] == coded_av[same])
                same++;
            if (same == common && coded_len == theirs)
                snprintf(check, sizeof check, "same bytes");
            else
                snprintf(check, sizeof check, "bytes differ from byte %zu (sizes %zu, %zu)", same, coded_len, theirs);
            enc.out = NULL;
            time_row(cfg, row, "encode", encoder, &enc, in->bytes, check);
        }
    }
    if (wanted(cfg, row->name, "decode")) {
        const char *chosen = getenv("PORTACM_MP3_DECODER");
        char *saved = chosen ? strdup(chosen) : NULL;
        if (row->mp3_decoder)
            setenv("PORTACM_MP3_DECODER", row->mp3_decoder, 1); /* read at every acmStreamOpen */
        AVBufferRef *ref = av_buffer_create(coded, (int)coded_len, no_free, NULL, AV_BUFFER_FLAG_READONLY);
        WAVEFORMATEX pcm = in->format;
        job dec = {cf, &pcm, coded, coded_len, ref, pcm_mine, pcm_cap, scratch, scratch_cap};
        size_t mine = portacm_run(&dec);
        dec.out = pcm_theirs;
        size_t theirs = decoder && ref ? av_decode_run(decoder, &dec) : (size_t)-1;
        if (mine == (size_t)-1 || theirs == (size_t)-1) {
            printf("  %-8s decode  skipped: a decoder failed (portacm %zd, %s %zd)\n", row->name, (ptrdiff_t)mine,
                   row->decoder, (ptrdiff_t)theirs);
        } else {
            char check[128];
            describe_pcm(check, sizeof check, pcm_mine, mine, pcm_theirs, theirs);
            dec.out = NULL;
            time_row(cfg, row, "decode", decoder, &dec, 0, check);
        }
        av_buffer_unref(&ref);
        if (row->mp3_decoder) {
            if (saved)
                setenv("PORTACM_MP3_DECODER", saved, 1);
            else
                unsetenv("PORTACM_MP3_DECODER");
        }
        free(saved);
    }
done:
    av_free(coded);
    free(coded_av);
    free(pcm_mine);
    free(pcm_theirs);
    free(scratch);
}

int main(int argc, char **argv)
{
    bench_config cfg = {5, NULL, NULL};
    double seconds = 60;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-r") && i + 1 < argc)
            cfg.runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-s") && i + 1 < argc)
            seconds = atof(argv[++i]);
        else if (!strcmp(argv[i], "-o") && i + 1 < argc)
            cfg.only = argv[++i];
        else if (!strcmp(argv[i], "-d") && i + 1 < argc)
            cfg.direction = argv[++i];
        else if (!strcmp(argv[i], "-t") && i + 1 < argc && !strcmp(argv[i + 1], "cpu") && ++i)
            clock_used = CLOCK_PROCESS_CPUTIME_ID;
        else if (!strcmp(argv[i], "-t") && i + 1 < argc && !strcmp(argv[i + 1], "wall") && ++i)
            clock_used = CLOCK_MONOTONIC;
        else {
            fprintf(stderr, "usage: %s [-r runs] [-s seconds] [-o codec[,codec...]] [-d encode|decode] [-t wall|cpu]\n"
                            "  codecs: ima msadpcm gsm alaw ulaw mp3 mp3lib\n", argv[0]);
            return 2;
        }
    }
    cfg.runs = cfg.runs < 1 ? 1 : cfg.runs > MAX_RUNS ? MAX_RUNS : cfg.runs;
    seconds = seconds < 1 ? 1 : seconds > 3600 ? 3600 : seconds; /* AVBufferRef sizes are int */
    av_log_set_level(AV_LOG_ERROR);
    pcm_input stereo, mono;
    make_input(&stereo, 2, 44100, seconds);
    make_input(&mono, 1, 8000, seconds);
    printf("portacm (acmStreamConvert, %u-byte source buffers) against libavcodec %s, %.0f s inputs,\n"
           "median of %d alternated runs, %s time, MB/s of 16-bit PCM; ratio = portacm / libavcodec\n",
           CHUNK, av_version_info(), seconds, cfg.runs, clock_used == CLOCK_MONOTONIC ? "wall-clock" : "CPU");
    printf("  %-8s %-7s %10s %10s %7s  %s\n", "codec", "dir", "portacm", "avcodec", "ratio", "check (avcodec codec)");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (wanted(&cfg, rows[i].name, "encode") || wanted(&cfg, rows[i].name, "decode"))
            bench_row(&cfg, &rows[i], rows[i].stereo44 ? &stereo : &mono);
    av_buffer_unref(&stereo.ref);
    av_buffer_unref(&mono.ref);
    av_free(stereo.pcm);
    av_free(mono.pcm);
    return 0;
}
