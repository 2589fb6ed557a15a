/*
 * mpeg_decode.c - MPEG audio (MPEG-1, 2 and 2.5, layers 1 to 3) to PCM through libmpg123's
 * feed interface, for the MPEG Layer-3 driver.
 *
 * An ACM stream hands the driver arbitrary slices of the bitstream, so frames routinely
 * straddle two acmStreamConvert calls. The feed interface suits that exactly: whatever source
 * a call brings is fed to libmpg123, which keeps the incomplete frame (and the layer-3 bit
 * reservoir) until the next call. Frames are decoded one by one (mpg123_decode_frame) straight
 * into the destination (mpg123_replace_buffer before each frame) while it has room for the
 * largest frame and takes 16-bit little-endian samples: no intermediate copy. Otherwise a frame
 * is decoded into the stream's one-frame spill buffer, whose samples the destination takes
 * whole sample frames at a time, the rest in the next call. The output is therefore identical
 * whatever the split of source and destination. A call with ACM_STREAMCONVERTF_END and no
 * source drains what is left.
 *
 * Choices, as Windows' decoders (and Wine's) make them:
 *   - The Xing/LAME "Info" frame is NOT interpreted (MPG123_IGNORE_INFOFRAME) and gapless
 *     trimming is off: the ACM sees a stream, not a file, so it decodes every frame as it
 *     comes (an Info frame decodes as one frame of silence) and never drops encoder delay or
 *     padding. A program that wants gapless playback trims with nCodecDelay itself.
 *   - The output is the stream's declared channel count in signed 16 bits: frames with the
 *     other channel count are converted by libmpg123 (mono duplicated, stereo mixed down);
 *     frames at a rate other than the declared one (a lying header, garbage that looks like
 *     a frame) are dropped rather than output at the wrong speed. 8-bit output is made from
 *     the 16-bit samples with Windows' mapping (high byte + 128).
 *   - START restarts the decoder with a fresh handle (nothing of the old stream survives).
 *   - Input is fed only while less than MPEG_FEED_LIMIT bytes wait inside libmpg123, so a
 *     caller that keeps offering source without taking output cannot grow memory without
 *     bound; the unfed rest is reported unconsumed.
 *   - A hard decoder error drops the bytes fed so far and restarts the decoder (the call still
 *     succeeds with what was produced): hostile input never stalls or crashes a stream.
 *
 * SIZE estimates from nAvgBytesPerSec, one frame (1152 samples) of margin included, so the
 * answer bounds the output of a call even when the previous call left a partial frame behind
 * (reference-behaviour.md: Windows assumes 1152 samples per frame at nAvgBytesPerSec, and
 * with nAvgBytesPerSec 0 answers ACMERR_NOTPOSSIBLE instead of dividing by zero).
 */
#include <mpg123.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "common_int.h"
#include "mpeg_int.h"

#define MPEG_FEED_LIMIT (1u << 20) /* bytes of undecoded input libmpg123 may hold */
#define MPEG_SIZE_FRAME 1152       /* samples per frame for SIZE (the largest frame) */
/* Bytes of the largest frame's output: 1152 samples, two channels, 16 bits. */
#define MPEG_SPILL_BYTES (MPEG_SIZE_FRAME * 2 * sizeof(int16_t))

typedef struct mpeg_decoder {
    codec_stream base;
    mpg123_handle *handle;
    WORD channels;
    DWORD rate;
    WORD bits;           /* of the PCM output: 8 or 16 */
    DWORD average_bytes; /* the source's nAvgBytesPerSec (0 = unknown) */
    bool wrong_rate;     /* the current frames' rate is not the stream's: drop them */
    bool direct;         /* 16 bits on a little-endian host: frames may decode into the destination */
    size_t spill_pos, spill_count; /* samples of spill[] delivered, decoded */
    int16_t spill[MPEG_SPILL_BYTES / sizeof(int16_t)]; /* a frame that did not fit the destination */
} mpeg_decoder;

static pthread_once_t mpeg_init_once = PTHREAD_ONCE_INIT;
static int mpeg_init_result = MPG123_ERR;

/* libmpg123 before 1.27 requires one mpg123_init per process before any handle. */
static void mpeg_library_init(void)
{
    mpeg_init_result = mpg123_init();
}

/* A new feed-mode handle producing signed 16-bit samples at the stream's rate and channels. */
static mpg123_handle *mpeg_new_handle(const mpeg_decoder *decoder)
{
    pthread_once(&mpeg_init_once, mpeg_library_init);
    if (mpeg_init_result != MPG123_OK)
        return NULL;
    int error = MPG123_OK;
    mpg123_handle *handle = mpg123_new(NULL, &error);
    if (!handle)
        return NULL;
    int channel_mask = decoder->channels == 1 ? MPG123_MONO : MPG123_STEREO;
    bool ok = mpg123_param(handle, MPG123_FLAGS, MPG123_QUIET | MPG123_IGNORE_INFOFRAME, 0) == MPG123_OK &&
              mpg123_param(handle, MPG123_RESYNC_LIMIT, -1, 0) == MPG123_OK && mpg123_format_none(handle) == MPG123_OK;
    /* Every rate at the declared channel count: libmpg123 converts channels itself, and a
     * rate it cannot match is detected here (mpeg_decoder_convert drops such frames) rather
     * than failing inside libmpg123, which reports that on stderr whatever MPG123_QUIET says. */
    const long *rates = NULL;
    size_t rate_count = 0;
    mpg123_rates(&rates, &rate_count);
    for (size_t i = 0; ok && i < rate_count; i++)
        ok = mpg123_format(handle, rates[i], channel_mask, MPG123_ENC_SIGNED_16) == MPG123_OK;
    if (!ok || mpg123_open_feed(handle) != MPG123_OK) {
        mpg123_delete(handle);
        return NULL;
    }
    return handle;
}

/* Bytes of one PCM output frame (all channels). */
static DWORD mpeg_output_frame(const mpeg_decoder *decoder)
{
    return (DWORD)decoder->channels * (decoder->bits / 8u);
}

MMRESULT pacm_mpeg_decoded_size(DWORD average_bytes, DWORD rate, DWORD output_frame, DWORD flags, DWORD in,
                                DWORD *out)
{
    if (average_bytes == 0 || in == 0)
        return ACMERR_NOTPOSSIBLE; /* no bitrate to estimate with: never divide by zero */
    const uint64_t frame_output = (uint64_t)MPEG_SIZE_FRAME * output_frame;
    /* One frame carries MPEG_SIZE_FRAME * average / rate source bytes on average. */
    const uint64_t per_frame_numerator = (uint64_t)MPEG_SIZE_FRAME * average_bytes;
    uint64_t result;
    if (flags == ACM_STREAMSIZEF_SOURCE) {
        uint64_t frames = ((uint64_t)in * rate + per_frame_numerator - 1) / per_frame_numerator + 1;
        result = frames * frame_output;
    } else {
        uint64_t frames = in / frame_output;
        if (frames < 2)
            return ACMERR_NOTPOSSIBLE;
        result = (frames - 1) * per_frame_numerator / rate;
    }
    if (result == 0 || result > 0xFFFFFFFFu)
        return ACMERR_NOTPOSSIBLE;
    *out = (DWORD)result;
    return MMSYSERR_NOERROR;
}

static MMRESULT mpeg_decoder_size(codec_stream *base, DWORD flags, DWORD in, DWORD *out)
{
    const mpeg_decoder *decoder = (const mpeg_decoder *)base;
    return pacm_mpeg_decoded_size(decoder->average_bytes, decoder->rate, mpeg_output_frame(decoder), flags, in, out);
}

/* Replaces the handle by a fresh one (START, or recovery after a decoder error). */
static MMRESULT mpeg_decoder_restart(mpeg_decoder *decoder)
{
    mpg123_handle *fresh = mpeg_new_handle(decoder);
    if (!fresh)
        return MMSYSERR_NOMEM;
    mpg123_delete(decoder->handle);
    decoder->handle = fresh;
    decoder->wrong_rate = false;
    decoder->spill_pos = decoder->spill_count = 0;
    return MMSYSERR_NOERROR;
}

/* Bytes of undecoded input waiting inside libmpg123. */
static DWORD mpeg_buffered_input(mpg123_handle *handle)
{
    long fill = 0;
    double unused = 0;
    if (mpg123_getstate(handle, MPG123_BUFFERFILL, &fill, &unused) != MPG123_OK || fill < 0)
        return MPEG_FEED_LIMIT;
    return fill > (long)MPEG_FEED_LIMIT ? MPEG_FEED_LIMIT : (DWORD)fill;
}

/* Feeds what the limit allows of `src` (libmpg123 copies it); returns the bytes fed, or
 * (DWORD)-1 when libmpg123 could not take them. */
static DWORD mpeg_feed(mpeg_decoder *decoder, const BYTE *src, DWORD src_length)
{
    DWORD buffered = mpeg_buffered_input(decoder->handle);
    if (!src_length || buffered >= MPEG_FEED_LIMIT)
        return 0;
    DWORD n = MPEG_FEED_LIMIT - buffered;
    if (n > src_length)
        n = src_length;
    return mpg123_feed(decoder->handle, src, n) == MPG123_OK ? n : (DWORD)-1;
}

/* Moves whole PCM frames of the spilled samples to `dst` (converted to the output's bits and
 * byte order); returns the bytes written. */
DWORD pacm_mpeg_drain_spill(const int16_t *spill, size_t *pos, size_t count, WORD channels, WORD bits, BYTE *dst,
                            DWORD room)
{
    const DWORD frame_bytes = (DWORD)channels * (bits / 8u);
    size_t frames = (count - *pos) / channels;
    size_t room_frames = room / frame_bytes;
    if (frames > room_frames)
        frames = room_frames;
    size_t samples = frames * channels;
    pacm_codec_s16_to_pcm(spill + *pos, dst, bits, samples);
    *pos += samples;
    return (DWORD)frames * frame_bytes;
}

static DWORD mpeg_drain_spill(mpeg_decoder *decoder, BYTE *dst, DWORD room)
{
    return pacm_mpeg_drain_spill(decoder->spill, &decoder->spill_pos, decoder->spill_count, decoder->channels,
                                 decoder->bits, dst, room);
}

/* Decodes the next frame into `out` (room `size` bytes, at least MPEG_SPILL_BYTES); returns
 * libmpg123's answer and in *bytes the output to keep (0 for frames at the wrong rate). */
static int mpeg_decode_frame(mpeg_decoder *decoder, void *out, size_t size, size_t *bytes)
{
    unsigned char *audio = NULL;
    *bytes = 0;
    if (mpg123_replace_buffer(decoder->handle, out, size) != MPG123_OK)
        return MPG123_ERR;
    int result = mpg123_decode_frame(decoder->handle, NULL, &audio, bytes);
    /* libmpg123 never keeps a pointer into the caller's memory once the frame is decoded. */
    if (out != (void *)decoder->spill)
        mpg123_replace_buffer(decoder->handle, (void *)decoder->spill, MPEG_SPILL_BYTES);
    if (result == MPG123_NEW_FORMAT) {
        long rate = 0;
        int channels = 0, encoding = 0;
        mpg123_getformat(decoder->handle, &rate, &channels, &encoding);
        decoder->wrong_rate = rate != (long)decoder->rate;
        if (decoder->wrong_rate)
            pacm_log_debug("mpeg: frames at %ld Hz in a %lu Hz stream are dropped", rate, (unsigned long)decoder->rate);
    }
    size_t whole = sizeof(int16_t) * decoder->channels;
    *bytes = result != MPG123_OK || decoder->wrong_rate || audio != out ? 0 : *bytes - *bytes % whole;
    return result;
}

static MMRESULT mpeg_decoder_convert(codec_stream *base, DWORD flags, const BYTE *src, DWORD src_length,
                                     DWORD *src_used, BYTE *dst, DWORD dst_length, DWORD *dst_used)
{
    mpeg_decoder *decoder = (mpeg_decoder *)base;
    *src_used = 0;
    *dst_used = 0;
    if (flags & ACM_STREAMCONVERTF_START) {
        MMRESULT mr = mpeg_decoder_restart(decoder);
        if (mr != MMSYSERR_NOERROR)
            return mr;
    }
    DWORD fed = mpeg_feed(decoder, src, src_length);
    if (fed == (DWORD)-1)
        return MMSYSERR_NOMEM;

    const DWORD frame_bytes = mpeg_output_frame(decoder);
    DWORD written = mpeg_drain_spill(decoder, dst, dst_length);
    int idle = 0;
    while (decoder->spill_pos == decoder->spill_count && dst_length - written >= frame_bytes) {
        /* Whole frames decode straight into the destination when it takes them as they come
         * (16 bits, little-endian host, room for the largest frame); the rest through the spill. */
        BYTE *out = dst + written;
        bool direct = decoder->direct && dst_length - written >= MPEG_SPILL_BYTES &&
                      (uintptr_t)out % _Alignof(int16_t) == 0;
        size_t bytes = 0;
        int result = direct ? mpeg_decode_frame(decoder, out, dst_length - written, &bytes)
                            : mpeg_decode_frame(decoder, decoder->spill, MPEG_SPILL_BYTES, &bytes);
        if (direct) {
            written += (DWORD)bytes;
        } else {
            decoder->spill_pos = 0;
            decoder->spill_count = bytes / sizeof(int16_t);
            written += mpeg_drain_spill(decoder, out, dst_length - written);
        }
        if (result == MPG123_OK || result == MPG123_NEW_FORMAT) {
            /* A handful of empty successes in a row means nothing more will come. */
            idle = bytes ? 0 : idle + 1;
            if (idle < 4)
                continue;
            break;
        }
        if (result == MPG123_NEED_MORE || result == MPG123_DONE)
            break;
        /* A hard error: forget the broken stream and start over with the next bytes. */
        pacm_log_debug("mpeg: decoder error %s, restarting", mpg123_strerror(decoder->handle));
        if (mpeg_decoder_restart(decoder) != MMSYSERR_NOERROR)
            return MMSYSERR_NOMEM;
        break;
    }
    *src_used = fed;
    *dst_used = written;
    return MMSYSERR_NOERROR;
}

static void mpeg_decoder_destroy(codec_stream *base)
{
    mpeg_decoder *decoder = (mpeg_decoder *)base;
    mpg123_delete(decoder->handle);
    pacm_mem_free(decoder);
}

static const codec_stream_ops mpeg_decoder_ops = {mpeg_decoder_size, mpeg_decoder_convert, mpeg_decoder_destroy};

MMRESULT pacm_mpeg_mpg123_decoder_open(const WAVEFORMATEX *src, const WAVEFORMATEX *dst, codec_stream **stream)
{
    mpeg_decoder *decoder = pacm_mem_calloc(1, sizeof *decoder);
    if (!decoder)
        return MMSYSERR_NOMEM;
    decoder->channels = dst->nChannels;
    decoder->rate = dst->nSamplesPerSec;
    decoder->bits = dst->wBitsPerSample;
    decoder->average_bytes = src->nAvgBytesPerSec;
    const uint16_t probe = 1;
    decoder->direct = decoder->bits == 16 && *(const BYTE *)&probe == 1;
    decoder->handle = mpeg_new_handle(decoder);
    if (!decoder->handle) {
        pacm_mem_free(decoder);
        return MMSYSERR_NOMEM;
    }
    decoder->base.ops = &mpeg_decoder_ops;
    *stream = &decoder->base;
    return MMSYSERR_NOERROR;
}

/* WAVE_FORMAT_MPEGLAYER3 sources go to portacm's own Layer III decoder (mpeg_decode_own.c)
 * unless PORTACM_MP3_DECODER=mpg123 asks for libmpg123 (docs/codecs.md). Read at every open,
 * so a program may change it between streams. */
static bool mpeg_own_decoder_chosen(void)
{
    const char *choice = getenv("PORTACM_MP3_DECODER");
    return !choice || strcmp(choice, "mpg123") != 0;
}

MMRESULT pacm_mpeg_decoder_open(const WAVEFORMATEX *src, const WAVEFORMATEX *dst, codec_stream **stream)
{
    if (src->wFormatTag == WAVE_FORMAT_MPEGLAYER3 && mpeg_own_decoder_chosen())
        return pacm_mpeg_own_decoder_open(src, dst, stream);
    return pacm_mpeg_mpg123_decoder_open(src, dst, stream);
}
