/*
 * codec_mpeg_streams.c - the MPEG Layer-3 decoder tests' shared helpers (codec_mpeg_streams.h).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <mpg123.h>

#include "codec_mpeg_streams.h"
#include "mpeg/mpeg_int.h"

uint8_t *bytes_room(bytes *b, size_t n)
{
    if (b->length + n > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 65536;
        while (capacity < b->length + n)
            capacity *= 2;
        b->data = realloc(b->data, capacity);
        assert_non_null(b->data);
        b->capacity = capacity;
    }
    return b->data + b->length;
}

/* Test signals: tones with vibrato and noise ("music"), or a train of clicks and decaying
 * plucks whose attacks make LAME switch to short blocks ("transients"). */
int16_t *mp3_test_signal(bool transients, unsigned channels, unsigned rate, size_t frames, uint32_t seed)
{
    int16_t *pcm = malloc(frames * channels * sizeof *pcm);
    assert_non_null(pcm);
    for (size_t i = 0; i < frames; i++) {
        double t = (double)i / rate;
        for (unsigned c = 0; c < channels; c++) {
            double v;
            if (transients) {
                double phase = fmod(t + 0.05 * c, 0.25);
                v = (phase < 0.0005 ? 20000.0 : 0) + 12000 * exp(-phase * 30) * sin(2 * M_PI * (220 + 110 * c) * t);
            } else {
                v = 7000 * sin(2 * M_PI * (330 + 110 * c) * t + 3 * sin(2 * M_PI * 5 * t)) +
                    3000 * sin(2 * M_PI * 2500 * t + c);
            }
            v += (double)(ts_random(&seed) % 1601) - 800;
            pcm[i * channels + c] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
        }
    }
    return pcm;
}

const stream_case mp3_test_cases[MP3_TEST_CASES] = {
    {"44.1k joint 128", 44100, 2, JOINT_STEREO, 128, 0, false, false},
    {"44.1k stereo 192", 44100, 2, STEREO, 192, 0, false, false},
    {"48k mono 64", 48000, 1, MONO, 64, 0, false, false},
    {"32k joint 256", 32000, 2, JOINT_STEREO, 256, 0, false, false},
    {"22.05k joint 64", 22050, 2, JOINT_STEREO, 64, 0, false, false},
    {"24k mono 32", 24000, 1, MONO, 32, 0, false, false},
    {"16k stereo 48", 16000, 2, STEREO, 48, 0, false, false},
    {"11.025k mono 16", 11025, 1, MONO, 16, 0, false, false},
    {"12k joint 24", 12000, 2, JOINT_STEREO, 24, 0, false, false},
    {"8k mono 8", 8000, 1, MONO, 8, 0, false, false},
    {"44.1k joint VBR V2", 44100, 2, JOINT_STEREO, 0, 2, false, false},
    {"22.05k joint VBR V6", 22050, 2, JOINT_STEREO, 0, 6, false, false},
    {"44.1k joint 128 transients", 44100, 2, JOINT_STEREO, 128, 0, true, false},
    {"16k mono 32 transients", 16000, 1, MONO, 32, 0, true, false},
    {"8k joint 16 transients", 8000, 2, JOINT_STEREO, 16, 0, true, false},
    {"44.1k joint 128 CRC", 44100, 2, JOINT_STEREO, 128, 0, false, true},
    {"22.05k mono 40 CRC", 22050, 1, MONO, 40, 0, false, true},
};

bytes mp3_test_encode(const stream_case *sc, const int16_t *pcm, size_t frames)
{
    lame_global_flags *lame = lame_init();
    assert_non_null(lame);
    lame_set_in_samplerate(lame, (int)sc->rate);
    lame_set_out_samplerate(lame, (int)sc->rate);
    lame_set_num_channels(lame, (int)sc->channels);
    lame_set_mode(lame, sc->mode);
    lame_set_quality(lame, 5);
    lame_set_bWriteVbrTag(lame, 0);
    lame_set_error_protection(lame, sc->crc);
    if (sc->kbps) {
        lame_set_brate(lame, sc->kbps);
    } else {
        lame_set_VBR(lame, vbr_default);
        lame_set_VBR_quality(lame, (float)sc->vbr_q);
    }
    assert_true(lame_init_params(lame) >= 0);
    bytes out = {0};
    const size_t chunk = 1152;
    for (size_t i = 0; i < frames; i += chunk) {
        size_t n = frames - i < chunk ? frames - i : chunk;
        int cap = (int)(1.25 * n + 7200);
        int w;
        if (sc->channels == 2)
            w = lame_encode_buffer_interleaved(lame, (short *)(pcm + 2 * i), (int)n, bytes_room(&out, (size_t)cap), cap);
        else
            w = lame_encode_buffer(lame, pcm + i, pcm + i, (int)n, bytes_room(&out, (size_t)cap), cap);
        assert_true(w >= 0);
        out.length += (size_t)w;
    }
    int w = lame_encode_flush(lame, bytes_room(&out, 7200), 7200);
    assert_true(w >= 0);
    out.length += (size_t)w;
    lame_close(lame);
    if (sc->crc)
        assert_true(out.length > 2 && (out.data[1] & 1) == 0); /* protection_bit 0: a CRC follows */
    return out;
}

/* libmpg123's decode at `channels` (feed mode, as mpeg_decode.c sets it up). */
bytes mp3_test_decode_mpg123(const bytes *mp3, unsigned channels)
{
    return mp3_test_decode_mpg123_with(mp3, channels, NULL);
}

bytes mp3_test_decode_mpg123_with(const bytes *mp3, unsigned channels, const char *decoder)
{
    assert_int_equal(mpg123_init(), MPG123_OK);
    int err = 0;
    mpg123_handle *h = mpg123_new(decoder, &err);
    assert_non_null(h);
    assert_int_equal(mpg123_param(h, MPG123_FLAGS, MPG123_QUIET | MPG123_IGNORE_INFOFRAME, 0), MPG123_OK);
    assert_int_equal(mpg123_format_none(h), MPG123_OK);
    const long *rates;
    size_t count;
    mpg123_rates(&rates, &count);
    for (size_t i = 0; i < count; i++)
        mpg123_format(h, rates[i], channels == 1 ? MPG123_MONO : MPG123_STEREO, MPG123_ENC_SIGNED_16);
    assert_int_equal(mpg123_open_feed(h), MPG123_OK);
    assert_int_equal(mpg123_feed(h, mp3->data, mp3->length), MPG123_OK);
    bytes out = {0};
    for (;;) {
        size_t done = 0;
        int r = mpg123_read(h, bytes_room(&out, 65536), 65536, &done);
        out.length += done;
        if (r == MPG123_NEW_FORMAT || (r == MPG123_OK && done))
            continue;
        break;
    }
    mpg123_delete(h);
    return out;
}

void mp3_test_format(MPEGLAYER3WAVEFORMAT *f, unsigned channels, unsigned rate, unsigned kbps)
{
    memset(f, 0, sizeof *f);
    f->wfx.wFormatTag = WAVE_FORMAT_MPEGLAYER3;
    f->wfx.nChannels = (WORD)channels;
    f->wfx.nSamplesPerSec = rate;
    f->wfx.nAvgBytesPerSec = (kbps ? kbps : 128) * 125;
    f->wfx.nBlockAlign = 1;
    f->wfx.cbSize = MPEGLAYER3_WFX_EXTRA_BYTES;
    f->wID = MPEGLAYER3_ID_MPEG;
    f->fdwFlags = MPEGLAYER3_FLAG_PADDING_ISO;
    f->nBlockSize = (WORD)((rate >= 32000 ? 144u : 72u) * (kbps ? kbps : 128) * 1000 / rate);
    f->nFramesPerBlock = 1;
}

/* Our decode through the driver: source in pieces (0 = whole; -1 = random 1..3000 bytes),
 * destinations of `dst_room` bytes (0 = 64 KiB; -1 = random). */
HDRVR mp3_test_open_driver(ACMDRVSTREAMINSTANCE *si, unsigned channels, unsigned rate, unsigned kbps)
{
    HDRVR h = ts_open(pacm_mpeg_driver_proc);
    MPEGLAYER3WAVEFORMAT f;
    mp3_test_format(&f, channels, rate, kbps);
    WAVEFORMATEX pcm = {WAVE_FORMAT_PCM, (WORD)channels, rate, rate * 2 * channels, (WORD)(2 * channels), 16, 0};
    assert_int_equal(ts_stream_open(h, si, &f.wfx, &pcm, 0), MMSYSERR_NOERROR);
    return h;
}

void mp3_test_assert_same(const bytes *got, const bytes *want)
{
    assert_int_equal(got->length, want->length);
    assert_memory_equal(got->data, want->data, want->length);
}

bytes mp3_test_decode_driver(const bytes *mp3, unsigned channels, unsigned rate, int piece, int dst_room, uint32_t seed)
{
    ACMDRVSTREAMINSTANCE si;
    HDRVR h = mp3_test_open_driver(&si, channels, rate, 0);
    bytes out = {0};
    size_t offset = 0;
    bool first = true;
    for (long calls = 0; calls < 100000000L; calls++) {
        DWORD n = (DWORD)(mp3->length - offset);
        if (piece > 0 && n > (DWORD)piece)
            n = (DWORD)piece;
        else if (piece < 0 && n > 0) {
            DWORD r = 1 + ts_random(&seed) % 3000;
            n = n < r ? n : r;
        }
        DWORD give = dst_room > 0 ? (DWORD)dst_room : dst_room < 0 ? 1 + ts_random(&seed) % 20000 : 65536;
        give -= give % (2 * channels);
        if (give == 0)
            give = 2 * channels;
        DWORD flags = (first ? ACM_STREAMCONVERTF_START : 0) | (offset + n == mp3->length ? ACM_STREAMCONVERTF_END : 0);
        DWORD used = 0, written = 0;
        assert_int_equal(ts_convert(h, &si, flags, n ? mp3->data + offset : NULL, n, &used, bytes_room(&out, give), give,
                                    &written),
                         MMSYSERR_NOERROR);
        out.length += written;
        offset += used;
        first = false;
        if (offset == mp3->length && n == 0 && written == 0)
            break;
    }
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    ts_close(h);
    return out;
}

