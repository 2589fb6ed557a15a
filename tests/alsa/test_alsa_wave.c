/*
 * test_alsa_wave.c - the ALSA driver through the public wave API: winmm loads alsa.drv like any
 * device driver (as the built-in, or registered here with portacm_device_driver_register when
 * the built-in table does not list it), and a client plays and records with waveOutOpen /
 * waveInOpen, winmm's own PREPARE, a CALLBACK_FUNCTION that writes the next buffer from
 * inside WOM_DONE, and positions. The ALSA configuration is alsa_fixture.c's.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "alsa/alsa_fixture.h"
#include "mmsystem.h"

typedef struct player {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    HWAVEOUT hwo;
    HWAVEIN hwi;
    const unsigned char *source;
    size_t size, sent, chunk;
    unsigned done, opened, closed;
    bool refill;
} player;

static void CALLBACK player_callback(HWAVEOUT hwo, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)p2;
    player *p = (player *)instance;
    pthread_mutex_lock(&p->lock);
    WAVEHDR *header = (WAVEHDR *)p1;
    bool refill = msg == WOM_DONE && p->refill && p->sent < p->size;
    size_t n = 0;
    if (refill) {
        n = p->size - p->sent < p->chunk ? p->size - p->sent : p->chunk;
        memcpy(header->lpData, p->source + p->sent, n);
        header->dwBufferLength = (DWORD)n;
        p->sent += n;
    }
    p->opened += msg == WOM_OPEN || msg == WIM_OPEN;
    p->closed += msg == WOM_CLOSE || msg == WIM_CLOSE;
    p->done += msg == WOM_DONE || msg == WIM_DATA;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    if (refill) /* waveOutWrite from inside WOM_DONE: the common pattern */
        assert_int_equal(waveOutWrite(hwo, header, sizeof *header), MMSYSERR_NOERROR);
}

static bool wait_for(player *p, unsigned done, int seconds)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += seconds;
    pthread_mutex_lock(&p->lock);
    while (p->done < done && pthread_cond_timedwait(&p->changed, &p->lock, &until) == 0)
        ;
    bool ok = p->done >= done;
    pthread_mutex_unlock(&p->lock);
    return ok;
}

static int register_driver(void **state)
{
    (void)state;
    int result = group_setup(state);
    PORTACM_DEVICE_PROCS procs = {.wodMessage = pacm_alsa_wod_message, .widMessage = pacm_alsa_wid_message};
    MMRESULT registered = portacm_device_driver_register("alsa.drv", pacm_audio_plain_driver_proc, &procs);
    /* ALLOCATED: alsa.drv is already the built-in of that name */
    assert_true(registered == MMSYSERR_NOERROR || registered == MMSYSERR_ALLOCATED);
    return result;
}

static void devices_are_listed(void **state)
{
    (void)state;
    assert_int_equal(waveOutGetNumDevs(), 5);
    assert_int_equal(waveInGetNumDevs(), 5);
    WAVEOUTCAPSA caps;
    assert_int_equal(waveOutGetDevCapsA(0, &caps, sizeof caps), MMSYSERR_NOERROR);
    assert_string_equal(caps.szPname, "portacm_out");
    assert_true(caps.dwSupport & WAVECAPS_LRVOLUME);
    WAVEINCAPSA in_caps;
    assert_int_equal(waveInGetDevCapsA(1, &in_caps, sizeof in_caps), MMSYSERR_NOERROR);
    assert_string_equal(in_caps.szPname, "portacm_in");
    WAVEFORMATEX bad = pcm_format(16, 9, 44100); /* more channels than the driver takes */
    assert_int_equal(waveOutOpen(NULL, 0, &bad, 0, 0, WAVE_FORMAT_QUERY | WAVE_FORMAT_DIRECT), WAVERR_BADFORMAT);
    WAVEFORMATEX good = pcm_format(16, 2, 44100);
    assert_int_equal(waveOutOpen(NULL, 0, &good, 0, 0, WAVE_FORMAT_QUERY), MMSYSERR_NOERROR);
}

static void plays_through_wave_out(void **state)
{
    (void)state;
    player p = {.chunk = MS_BYTES(20), .refill = true};
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.changed, NULL);
    p.size = MS_BYTES(400);
    unsigned char *signal = make_signal(p.size, 5);
    p.source = signal;
    WAVEFORMATEX format = pcm_format(16, CHANNELS, RATE);
    assert_int_equal(waveOutOpen(&p.hwo, 0, &format, (DWORD_PTR)player_callback, (DWORD_PTR)&p, CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    assert_int_equal(p.opened, 1); /* before waveOutOpen returned */
    WAVEHDR headers[4];
    memset(headers, 0, sizeof headers);
    for (int i = 0; i < 4; i++) {
        headers[i].lpData = malloc(p.chunk);
        headers[i].dwBufferLength = (DWORD)p.chunk;
        assert_int_equal(waveOutPrepareHeader(p.hwo, &headers[i], sizeof headers[i]), MMSYSERR_NOERROR);
        pthread_mutex_lock(&p.lock);
        memcpy(headers[i].lpData, signal + p.sent, p.chunk);
        p.sent += p.chunk;
        pthread_mutex_unlock(&p.lock);
        assert_int_equal(waveOutWrite(p.hwo, &headers[i], sizeof headers[i]), MMSYSERR_NOERROR);
    }
    assert_true(wait_for(&p, 20, 10));
    MMTIME time = {.wType = TIME_BYTES};
    assert_int_equal(waveOutGetPosition(p.hwo, &time, sizeof time), MMSYSERR_NOERROR);
    assert_int_equal(time.wType, TIME_BYTES);
    assert_int_equal(time.u.cb, p.size);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(waveOutUnprepareHeader(p.hwo, &headers[i], sizeof headers[i]), MMSYSERR_NOERROR);
        free(headers[i].lpData);
    }
    assert_int_equal(waveOutClose(p.hwo), MMSYSERR_NOERROR);
    assert_int_equal(p.closed, 1);
    size_t size;
    unsigned char *written = read_output(&size);
    assert_int_equal(size, p.size);
    assert_memory_equal(written, signal, size);
    free(written);
    free(signal);
}

static void records_through_wave_in(void **state)
{
    (void)state;
    player p = {0};
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.changed, NULL);
    WAVEFORMATEX format = pcm_format(16, CHANNELS, RATE);
    assert_int_equal(waveInOpen(&p.hwi, 1, &format, (DWORD_PTR)player_callback, (DWORD_PTR)&p, CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    WAVEHDR headers[4];
    memset(headers, 0, sizeof headers);
    for (int i = 0; i < 4; i++) {
        headers[i].lpData = malloc(MS_BYTES(20));
        headers[i].dwBufferLength = (DWORD)MS_BYTES(20);
        assert_int_equal(waveInPrepareHeader(p.hwi, &headers[i], sizeof headers[i]), MMSYSERR_NOERROR);
        assert_int_equal(waveInAddBuffer(p.hwi, &headers[i], sizeof headers[i]), MMSYSERR_NOERROR);
    }
    assert_int_equal(waveInStart(p.hwi), MMSYSERR_NOERROR);
    assert_true(wait_for(&p, 4, 5));
    for (int i = 0; i < 4; i++) {
        assert_int_equal(headers[i].dwBytesRecorded, MS_BYTES(20));
        assert_memory_equal(headers[i].lpData, in_data + i * MS_BYTES(20), MS_BYTES(20));
    }
    assert_int_equal(waveInReset(p.hwi), MMSYSERR_NOERROR);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(waveInUnprepareHeader(p.hwi, &headers[i], sizeof headers[i]), MMSYSERR_NOERROR);
        free(headers[i].lpData);
    }
    assert_int_equal(waveInClose(p.hwi), MMSYSERR_NOERROR);
    assert_int_equal(p.closed, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(devices_are_listed),
        cmocka_unit_test(plays_through_wave_out),
        cmocka_unit_test(records_through_wave_in),
    };
    return cmocka_run_group_tests(tests, register_driver, group_teardown);
}
