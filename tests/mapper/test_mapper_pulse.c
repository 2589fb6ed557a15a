/*
 * test_mapper_pulse.c - real sound through the wave mapper: one second of a 1 kHz sine, encoded
 * to IMA ADPCM with portacm's own ACM, played through WAVE_MAPPER onto the private PulseAudio
 * server's default null sink (tests/pulse) with the built-in PulseAudio wave driver, recorded
 * from the sink's monitor: the level and the frequency come back, and it lasts a second.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "mapper_util.h"
#include "mmddk.h"
#include "mmreg.h"
#include "pulse_test_util.h"
#include "ts_files.h"

enum { RATE = 22050, TONE = 1000, MON_RATE = 44100 };

static void sleep_ms(unsigned ms)
{
    struct timespec t = {0, (long)ms * 1000000L};
    nanosleep(&t, NULL);
}

/* One second of the tone at half scale, as IMA ADPCM (whole blocks). */
static mapper_buf make_ima(WAVEFORMATEX *ima, DWORD ima_size)
{
    WAVEFORMATEX pcm = {.wFormatTag = WAVE_FORMAT_PCM, .nChannels = 1, .nSamplesPerSec = RATE,
                        .nAvgBytesPerSec = RATE * 2, .nBlockAlign = 2, .wBitsPerSample = 16};
    int16_t *s = malloc(RATE * sizeof *s);
    for (int i = 0; i < RATE; i++)
        s[i] = (int16_t)lrint(16384.0 * sin(2.0 * M_PI * TONE * i / RATE));
    mapper_suggest(WAVE_FORMAT_IMA_ADPCM, RATE, ima, ima_size);
    mapper_buf out = mapper_reference(&pcm, ima, (BYTE *)s, RATE * 2, RATE * 2, 0);
    out.length -= out.length % ima->nBlockAlign;
    free(s);
    return out;
}

static void test_ima_onto_pulse(void **state)
{
    union {
        WAVEFORMATEX f;
        BYTE b[64];
    } ima;
    (void)state;
    ts_use_drivers_file(ts_scratch_dir(), "[drivers32]\n");
    if (!pt_server_available() || waveOutGetNumDevs() == 0) {
        print_message("skipped: no PulseAudio wave output device (server or built-in driver missing)\n");
        skip();
    }
    mapper_buf data = make_ima(&ima.f, sizeof ima);
    pt_recorder *rec = pt_record_start(PT_MONITOR_A, MON_RATE, 2);
    assert_non_null(rec);

    mapper_play p;
    mapper_play_init(&p, data.data, data.length, ima.f.nBlockAlign * 8);
    assert_int_equal(mapper_play_open(&p, WAVE_MAPPER, &ima.f, 0), MMSYSERR_NOERROR);
    DWORD value = 9;
    assert_int_equal(waveOutMessage(p.h, WODM_MAPPER_STATUS, WAVEOUT_MAPPER_STATUS_DEVICE, (DWORD_PTR)&value),
                     MMSYSERR_NOERROR);
    assert_int_equal(value, 0);
    assert_int_equal(waveOutMessage(p.h, WODM_MAPPER_STATUS, WAVEOUT_MAPPER_STATUS_MAPPED, (DWORD_PTR)&value),
                     MMSYSERR_NOERROR);
    assert_int_equal(value, 1);
    double t0 = pt_now_ms();
    mapper_play_run(&p);
    double took = pt_now_ms() - t0;
    while (pt_now_ms() - t0 < took + 1000) /* what the server still holds */
        sleep_ms(10);
    /* Everything played: the position is the whole second, in client frames. */
    MMTIME t = {.wType = TIME_SAMPLES};
    assert_int_equal(waveOutGetPosition(p.h, &t, sizeof t), MMSYSERR_NOERROR);
    print_message("position %u of %u frames\n", t.u.sample, (unsigned)RATE);
    mapper_play_close(&p);
    size_t frames = 0;
    int16_t *s = pt_record_stop(rec, &frames);

    /* Real time: the buffers came back while the second played (the driver keeps some of it
     * ahead in the server); the position counts client frames. */
    assert_true(took > 200 && took < 3000);
    WORD spb;
    memcpy(&spb, ima.b + sizeof(WAVEFORMATEX), sizeof spb); /* IMAADPCMWAVEFORMAT.wSamplesPerBlock */
    size_t decoded = data.length / ima.f.nBlockAlign * spb;
    assert_true(t.u.sample >= decoded * 9 / 10 && t.u.sample <= decoded);
    size_t on = pt_first_above(s, frames, 2, 3000);
    assert_true(on != (size_t)-1);
    assert_true(on + MON_RATE / 2 + MON_RATE / 10 < frames);
    const int16_t *mid = s + 2 * (on + MON_RATE / 10);
    double rms = pt_rms(mid, MON_RATE / 2, 2, 0);
    double hz = pt_frequency(mid, MON_RATE / 2, 2, 0, MON_RATE);
    print_message("rms %.3f, %.1f Hz, %.0f ms\n", rms, hz, took);
    assert_true(rms > 0.30 && rms < 0.40); /* half scale sine: 0.354 */
    assert_true(hz > TONE - 5 && hz < TONE + 5);
    assert_true(fabs(pt_rms(mid, MON_RATE / 2, 2, 1) - rms) < 0.02); /* mono on both channels */
    free(s);
    free(data.data);
    ts_scratch_cleanup();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ima_onto_pulse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
