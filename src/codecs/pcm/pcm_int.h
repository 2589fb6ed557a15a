/*
 * pcm_int.h - what the four files of the internal PCM converter ("MS-PCM") share: the stream
 * object and the calls between its levels. The converter is split by concern so that each
 * level reads on its own:
 *   pcm_driver.c    the codec descriptor: format validation, enumeration and suggestion, and
 *                   the stream's ops (open, size, convert, destroy);
 *   pcm_resample.c  the rate: Windows' nearest-sample accounting and the libsoxr path;
 *   pcm_mix.c       the channels: the downmix/upmix matrix and its mixers;
 *   pcm_formats.c   the sample formats: every one read into and written from s32.
 *
 * The path of a buffer through the converter, top down (continuing codec_driver_int.h's, each
 * level's functions with names of their own):
 *   codec_stream_ops.stream_convert = pcm_stream_convert (pcm_driver.c): identical formats are
 *      a byte copy; otherwise
 *   -> pacm_pcm_resample_nearest or pacm_pcm_resample_soxr (pcm_resample.c), a chunk of input
 *      frames at a time, each calling
 *   -> pacm_pcm_decode_and_mix (pcm_mix.c) -> pcm_stream.decode (pcm_formats.c: one
 *      pcm_decode_fn per sample format) and pcm_stream.mixer (pcm_mix.c: one pcm_mix_fn per
 *      channel case), then
 *   -> pcm_stream.encode (pcm_formats.c: one pcm_encode_fn per sample format), whose frames
 *      the nearest-sample path replicates (replicate_frames) and libsoxr resamples first.
 *
 * Behaviour (Windows' byte-identical output, the s32 internal sample) is described at the top
 * of pcm_driver.c.
 */
#ifndef PORTACM_PCM_INT_H
#define PORTACM_PCM_INT_H

#include <soxr.h>

#include "../codec_driver_int.h"

#define PCM_MAX_CHANNELS 8
#define PCM_CHUNK 256      /* input frames decoded at a time */
#define PCM_OUT_CHUNK 1024 /* output frames per libsoxr call */

/* Indexes pacm_pcm_decoders and pacm_pcm_encoders. */
typedef enum pcm_sample { SAMPLE_U8, SAMPLE_S16, SAMPLE_S24, SAMPLE_S32, SAMPLE_F32 } pcm_sample;

/* A format the converter understands, reduced to what the conversion needs. */
typedef struct pcm_layout {
    pcm_sample sample;
    unsigned channels;
    DWORD rate;
    unsigned frame_bytes; /* nBlockAlign */
    DWORD channel_mask;   /* SPEAKER_* bits, one per channel in order */
} pcm_layout;

/* One loop per sample format each way, chosen once per stream, so no loop switches per
 * sample. Decoders: n samples (frames * channels) of the format into s32; encoders: n s32
 * samples into the format. */
typedef void (*pcm_decode_fn)(const BYTE *src, size_t n, int32_t *out);
typedef void (*pcm_encode_fn)(const int32_t *in, size_t n, BYTE *dst);

typedef struct pcm_stream pcm_stream;
/* Mixes n frames of s->decoded into s->mixed (out.channels per frame). */
typedef void (*pcm_mix_fn)(pcm_stream *s, size_t n);

struct pcm_stream {
    codec_stream base;
    pcm_layout in, out;
    bool copy;  /* identical formats: a byte copy */
    bool mix;   /* a channel matrix applies */
    pcm_decode_fn decode;
    pcm_mix_fn mixer;
    pcm_encode_fn encode;
    int32_t matrix[PCM_MAX_CHANNELS][PCM_MAX_CHANNELS];
    /* nearest-sample resampler: the error accumulator (see resample_count in pcm_resample.c) */
    uint64_t error;
    /* the high-quality resampler (ACM_STREAMOPENF_PORTACM_HIGHQUALITY) */
    soxr_t soxr;
    bool soxr_ended;       /* END flushed it: clear before new input */
    uint64_t soxr_in_total; /* frames fed since the last START/clear */
    uint64_t soxr_out_total;
    int32_t decoded[PCM_CHUNK * PCM_MAX_CHANNELS];
    int32_t mixed[PCM_CHUNK * PCM_MAX_CHANNELS];
    int32_t resampled[PCM_OUT_CHUNK * PCM_MAX_CHANNELS];
    BYTE encoded[PCM_CHUNK * PCM_MAX_CHANNELS * 4]; /* a chunk of output frames to replicate */
    BYTE scratch_frame[PCM_MAX_CHANNELS * 4];         /* where replicate_frames drops unused copies */
};

/* The bits of an unsigned 32-bit value as a signed one, without implementation-defined
 * conversion (the formats' readers and the saturating stereo sum both need it). */
static inline int32_t pcm_u32_to_s32(uint32_t u)
{
    return u <= 0x7FFFFFFFu ? (int32_t)u : (int32_t)(u - 0x80000000u) - 0x7FFFFFFF - 1;
}

/* ---- pcm_formats.c -------------------------------------------------------------------------- */

/* Indexed by pcm_sample. */
extern const pcm_decode_fn pacm_pcm_decoders[5];
extern const pcm_encode_fn pacm_pcm_encoders[5];

/* ---- pcm_mix.c ------------------------------------------------------------------------------ */

/* Builds s->matrix from s->in to s->out, sets s->mix (false: same channel count, no mixing)
 * and chooses s->mixer. */
void pacm_pcm_mix_init(pcm_stream *s);
/* Decodes and mixes n input frames into s->mixed (out.channels per frame). */
void pacm_pcm_decode_and_mix(pcm_stream *s, const BYTE *src, size_t n);

/* ---- pcm_resample.c ------------------------------------------------------------------------- */

/* Creates the libsoxr resampler when the open flags ask for high quality and the rates
 * differ; false when libsoxr refuses (the stream is then not possible). */
bool pacm_pcm_resample_open(pcm_stream *s, DWORD fdw_open);
/* Frees what pacm_pcm_resample_open created. */
void pacm_pcm_resample_close(pcm_stream *s);
/* Restarts the rate accounting (open and ACM_STREAMCONVERTF_START). */
void pacm_pcm_resample_reset(pcm_stream *s);
/* The most output frames `frames` more input frames can produce, libsoxr's delayed output
 * included. */
uint64_t pacm_pcm_resample_out_frames(const pcm_stream *s, uint64_t frames);
/* The most input frames whose output fits in `frames` output frames. */
uint64_t pacm_pcm_resample_in_frames(const pcm_stream *s, uint64_t frames);
/* Convert in_frames frames of src into at most out_capacity frames of dst, reporting the
 * frames consumed and produced: by nearest sample (also the same-rate path), or through
 * libsoxr (`flags`: the header's ACM_STREAMCONVERTF_*, END flushes the filter). */
void pacm_pcm_resample_nearest(pcm_stream *s, const BYTE *src, DWORD in_frames, DWORD *frames_used, BYTE *dst,
                               DWORD out_capacity, DWORD *frames_written);
void pacm_pcm_resample_soxr(pcm_stream *s, DWORD flags, const BYTE *src, DWORD in_frames, DWORD *frames_used,
                            BYTE *dst, DWORD out_capacity, DWORD *frames_written);

#endif
