/*
 * test_mapper_realtime.c - the wave mapper over the suite's real-time wave test driver
 * (tests/devices/wave_test_driver.h: 16-bit PCM only, plays at the format's byte rate, records
 * a known signal): IMA ADPCM played through WAVE_MAPPER arrives exactly as acmStreamConvert
 * decodes it, positions move in the client's units while it plays, reset from the opening
 * thread and from another thread while the callback keeps writing, and recording into mu-law
 * and IMA ADPCM equals acmStreamConvert of the driver's signal.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mapper_util.h"
#include "mmddk.h"
#include "mmreg.h"
#include "wave/wave_test_util.h"

static char *folder;

static int setup(void **state)
{
    (void)state;
    folder = wt_setup(NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    wt_teardown(folder);
    return 0;
}

static void test_realtime_ima(void **state)
{
    mapper_wav wav;
    mapper_play p;
    (void)state;
    wt_clear_output();
    mapper_wav_load("ima_mono_sndfile.wav", &wav);
    mapper_play_init(&p, wav.data, wav.length, 256);
    assert_int_equal(mapper_play_open(&p, WAVE_MAPPER, wav.fmt, 0), MMSYSERR_NOERROR);

    /* Write both, then watch the position climb in client bytes while it plays. */
    DWORD last = 0;
    int moves = 0;
    mapper_play_start(&p);
    for (int spin = 0; spin < 400; spin++) {
        pthread_mutex_lock(&p.lock);
        int left = p.outstanding;
        pthread_mutex_unlock(&p.lock);
        MMTIME t = {.wType = TIME_BYTES};
        assert_int_equal(waveOutGetPosition(p.h, &t, sizeof t), MMSYSERR_NOERROR);
        assert_int_equal(t.wType, TIME_BYTES);
        assert_true(t.u.cb >= last);
        assert_true(t.u.cb <= wav.length + wav.fmt->nBlockAlign);
        moves += t.u.cb > last;
        last = t.u.cb;
        if (left == 0)
            break;
        wt_sleep_ms(10);
    }
    mapper_play_wait(&p);
    assert_true(moves >= 3);

    size_t played = wt_output(0, NULL, 0);
    BYTE *out = malloc(played + 1);
    wt_output(0, out, played);
    WAVEFORMATEX pcm = wt_pcm(8000, 1, 16);
    mapper_buf ref = mapper_reference(wav.fmt, &pcm, wav.data, wav.length, 256, 0);
    assert_int_equal(played, ref.length);
    assert_memory_equal(out, ref.data, played);
    /* The end: every decoded frame, in client bytes and (unchanged) milliseconds. */
    MMTIME t = {.wType = TIME_SAMPLES};
    assert_int_equal(waveOutGetPosition(p.h, &t, sizeof t), MMSYSERR_NOERROR);
    assert_int_equal(t.u.sample, played / 2);
    t.wType = TIME_MS;
    assert_int_equal(waveOutGetPosition(p.h, &t, sizeof t), MMSYSERR_NOERROR);
    assert_int_equal(t.wType, TIME_MS);
    assert_true(t.u.ms + 2 >= played / 2 / 8 && t.u.ms <= played / 2 / 8 + 2);
    mapper_play_close(&p);
    free(out);
    free(ref.data);
    mapper_wav_free(&wav);
}

/* The client refills from WOM_DONE forever; another thread resets while it does. */
typedef struct reset_ctx {
    HWAVEOUT h;
    int done;
} reset_ctx;

static void *reset_thread(void *arg)
{
    reset_ctx *r = arg;
    __atomic_store_n(&r->done, waveOutReset(r->h) == MMSYSERR_NOERROR ? 1 : -1, __ATOMIC_RELEASE);
    return NULL;
}

/* Polls *value (acquire) every millisecond for up to `ms`; returns its last value. */
static int wait_nonzero(const int *value, unsigned ms)
{
    int v = 0;
    for (unsigned i = 0; i < ms && (v = __atomic_load_n(value, __ATOMIC_ACQUIRE)) == 0; i++)
        wt_sleep_ms(1);
    return v;
}

/* A header's flags as a polling client reads them. */
static DWORD flags_of(const WAVEHDR *h)
{
    return __atomic_load_n(&h->dwFlags, __ATOMIC_ACQUIRE);
}

static void test_reset_while_writing(void **state)
{
    mapper_wav wav;
    (void)state;
    mapper_wav_load("ima_mono_sndfile.wav", &wav);
    size_t big = wav.length * 40;
    BYTE *data = malloc(big);
    for (size_t i = 0; i < 40; i++)
        memcpy(data + i * wav.length, wav.data, wav.length);
    for (int round = 0; round < 4; round++) {
        mapper_play p;
        mapper_play_init(&p, data, big, 256);
        assert_int_equal(mapper_play_open(&p, WAVE_MAPPER, wav.fmt, 0), MMSYSERR_NOERROR);
        mapper_play_start(&p);
        wt_sleep_ms(20 + 15 * round);
        /* Reset from another thread, the callback still writing. */
        reset_ctx r = {.h = p.h};
        pthread_t thread;
        pthread_create(&thread, NULL, reset_thread, &r);
        assert_int_equal(wait_nonzero(&r.done, 5000), 1);
        pthread_join(thread, NULL);
        /* Then as NAudio stops: no more refills, reset, close. */
        pthread_mutex_lock(&p.lock);
        p.stop = true;
        pthread_mutex_unlock(&p.lock);
        assert_int_equal(waveOutReset(p.h), MMSYSERR_NOERROR);
        for (int i = 0; i < 2; i++)
            assert_int_equal(p.hdr[i].dwFlags & WHDR_INQUEUE, 0);
        MMTIME t = {.wType = TIME_BYTES};
        assert_int_equal(waveOutGetPosition(p.h, &t, sizeof t), MMSYSERR_NOERROR);
        assert_int_equal(t.u.cb, 0);
        assert_int_equal(p.bad_done, 0);
        assert_int_equal(p.write_error, MMSYSERR_NOERROR);
        mapper_play_close(&p);
    }
    free(data);
    mapper_wav_free(&wav);
}

/* Records `count` buffers of `client_len` bytes (all queued before start, so no frame is lost)
 * into `fmt` and compares with acmStreamConvert of the driver's signal (sample n = n * 3). */
static void record_realtime(WAVEFORMATEX *fmt, DWORD client_len)
{
    enum { COUNT = 5 };
    HWAVEIN h = NULL;
    WAVEHDR hdr[COUNT];
    assert_int_equal(waveInOpen(&h, WAVE_MAPPER, fmt, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    WAVEFORMATEX inner;
    assert_int_equal(waveInMessage(h, WIDM_MAPPER_STATUS, WAVEIN_MAPPER_STATUS_FORMAT, (DWORD_PTR)&inner),
                     MMSYSERR_NOERROR);
    assert_int_equal(inner.nSamplesPerSec, fmt->nSamplesPerSec);
    assert_int_equal(inner.nChannels, 1);
    assert_int_equal(inner.wBitsPerSample, 16);
    memset(hdr, 0, sizeof hdr);
    for (int i = 0; i < COUNT; i++) {
        hdr[i].lpData = malloc(client_len);
        hdr[i].dwBufferLength = client_len;
        assert_int_equal(waveInPrepareHeader(h, &hdr[i], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
        assert_int_equal(waveInAddBuffer(h, &hdr[i], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
    }
    assert_int_equal(waveInStart(h), MMSYSERR_NOERROR);
    for (int spin = 0; spin < 500 && !(flags_of(&hdr[COUNT - 1]) & WHDR_DONE); spin++)
        wt_sleep_ms(10);
    assert_true(flags_of(&hdr[COUNT - 1]) & WHDR_DONE);
    MMTIME t = {.wType = TIME_SAMPLES};
    assert_int_equal(waveInGetPosition(h, &t, sizeof t), MMSYSERR_NOERROR);
    assert_int_equal(waveInReset(h), MMSYSERR_NOERROR);

    HACMSTREAM has;
    DWORD inner_len = 0;
    assert_int_equal(acmStreamOpen(&has, NULL, &inner, fmt, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamSize(has, client_len, &inner_len, ACM_STREAMSIZEF_DESTINATION), MMSYSERR_NOERROR);
    acmStreamClose(has, 0);
    size_t frames = (size_t)inner_len / 2 * COUNT;
    assert_true(t.u.sample >= frames * fmt->nSamplesPerSec / inner.nSamplesPerSec);
    int16_t *signal = malloc(frames * 2);
    for (size_t n = 0; n < frames; n++)
        signal[n] = (int16_t)(n * 3);
    mapper_buf ref = mapper_reference(&inner, fmt, (BYTE *)signal, frames * 2, inner_len, client_len);
    size_t at = 0;
    for (int i = 0; i < COUNT; i++) {
        assert_true(at + hdr[i].dwBytesRecorded <= ref.length);
        assert_memory_equal(hdr[i].lpData, ref.data + at, hdr[i].dwBytesRecorded);
        at += hdr[i].dwBytesRecorded;
    }
    assert_int_equal(at, ref.length);
    for (int i = 0; i < COUNT; i++) {
        assert_int_equal(waveInUnprepareHeader(h, &hdr[i], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
        free(hdr[i].lpData);
    }
    assert_int_equal(waveInClose(h), MMSYSERR_NOERROR);
    free(signal);
    free(ref.data);
}

static void test_record_mulaw_realtime(void **state)
{
    union {
        WAVEFORMATEX f;
        BYTE b[64];
    } fmt;
    (void)state;
    mapper_suggest(WAVE_FORMAT_MULAW, 8000, &fmt.f, sizeof fmt);
    record_realtime(&fmt.f, 800);
}

static void test_record_ima_realtime(void **state)
{
    union {
        WAVEFORMATEX f;
        BYTE b[64];
    } fmt;
    (void)state;
    mapper_suggest(WAVE_FORMAT_IMA_ADPCM, 11025, &fmt.f, sizeof fmt);
    record_realtime(&fmt.f, fmt.f.nBlockAlign * 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_realtime_ima),
        cmocka_unit_test(test_reset_while_writing),
        cmocka_unit_test(test_record_mulaw_realtime),
        cmocka_unit_test(test_record_ima_realtime),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
