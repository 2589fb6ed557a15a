/*
 * test_alsa_play.c - the built-in ALSA wave driver (alsa.drv) without hardware, part 2:
 * playback through a file PCM over null, whose file is compared byte for byte with what was
 * sent: real-time pacing, positions, pause, reset, loops, BreakLoop, messages from inside the
 * callback, a device that fails for good, and threads hammering one stream.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alsa/alsa_fixture.h"

/* 4 x 20 ms buffers refilled from WOM_DONE: the file gets exactly the samples sent, in about
 * real time, and the position advances to the end. */
static void plays_exactly_in_real_time(void **state)
{
    (void)state;
    size_t total = MS_BYTES(600);
    unsigned char *signal = make_signal(total, 1);
    DWORD_PTR user = open_output();
    assert_int_equal(the_client.count, 1);
    assert_int_equal(the_client.msgs[0], WOM_OPEN);
    assert_int_equal(position_samples(user), 0);

    WAVEHDR *headers[4];
    pthread_mutex_lock(&the_client.lock);
    the_client.source = signal;
    the_client.source_size = total;
    the_client.chunk = MS_BYTES(20);
    pthread_mutex_unlock(&the_client.lock);
    double start = now_seconds();
    for (int i = 0; i < 4; i++) {
        headers[i] = new_header(MS_BYTES(20), 0, 0);
        pthread_mutex_lock(&the_client.lock);
        send_next(&the_client, headers[i]);
        pthread_mutex_unlock(&the_client.lock);
        assert_true(headers[i]->dwFlags & WHDR_INQUEUE);
    }
    /* positions advance while it plays */
    DWORD last = 0;
    unsigned rises = 0;
    for (int i = 0; i < 8; i++) {
        sleep_ms(40);
        DWORD now = position_samples(user);
        assert_true(now >= last);
        rises += now > last;
        last = now;
    }
    assert_true(rises >= 4);
    assert_true(wait_done(30, 10));
    double elapsed = now_seconds() - start;
    assert_true(elapsed > 0.5);
    assert_true(elapsed < 3.0);
    for (int i = 0; i < 4; i++) {
        assert_true(headers[i]->dwFlags & WHDR_DONE);
        assert_false(headers[i]->dwFlags & WHDR_INQUEUE);
    }
    /* the end position in every format */
    MMTIME time;
    DWORD frames = (DWORD)(total / FRAME);
    assert_int_equal(position_samples(user), frames);
    assert_int_equal(position(user, TIME_BYTES, &time), MMSYSERR_NOERROR);
    assert_int_equal(time.wType, TIME_BYTES);
    assert_int_equal(time.u.cb, total);
    assert_int_equal(position(user, TIME_MS, &time), MMSYSERR_NOERROR);
    assert_int_equal(time.wType, TIME_MS);
    assert_int_equal(time.u.ms, 600);
    assert_int_equal(position(user, TIME_SMPTE, &time), MMSYSERR_NOERROR);
    assert_int_equal(time.wType, TIME_SMPTE);
    assert_int_equal(time.u.smpte.fps, 30);
    assert_int_equal(time.u.smpte.sec, 0);
    assert_int_equal(time.u.smpte.frame, 18);
    assert_int_equal(position(user, TIME_MIDI, &time), MMSYSERR_NOERROR);
    assert_int_equal(time.wType, TIME_BYTES);
    assert_int_equal(time.u.cb, total);
    assert_int_equal(position(user, TIME_TICKS, &time), MMSYSERR_NOERROR);
    assert_int_equal(time.wType, TIME_BYTES);

    close_output(user);
    assert_int_equal(the_client.msgs[the_client.count - 1], WOM_CLOSE);
    size_t size;
    unsigned char *written = read_output(&size);
    assert_int_equal(size, total);
    assert_memory_equal(written, signal, total);
    free(written);
    for (int i = 0; i < 4; i++)
        free_header(headers[i]);
    free(signal);
}

/* Pause freezes the position; restart goes on; nothing is played twice. */
static void pause_freezes(void **state)
{
    (void)state;
    DWORD_PTR user = open_output();
    unsigned char *signal = make_signal(MS_BYTES(400), 2);
    WAVEHDR *headers[4];
    for (int i = 0; i < 4; i++) {
        headers[i] = new_header(MS_BYTES(100), 0, 0);
        memcpy(headers[i]->lpData, signal + i * MS_BYTES(100), MS_BYTES(100));
        assert_int_equal(write_header(user, headers[i]), MMSYSERR_NOERROR);
    }
    sleep_ms(120);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_PAUSE, user, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_PAUSE, user, 0, 0), MMSYSERR_NOERROR);
    DWORD paused_at = position_samples(user);
    assert_true(paused_at > 0);
    assert_true(paused_at < RATE * 4 / 10);
    /* a header played before the pause may still be on its way to the callback */
    sleep_ms(30);
    pthread_mutex_lock(&the_client.lock);
    unsigned done_before = the_client.done_count;
    pthread_mutex_unlock(&the_client.lock);
    assert_int_equal(position_samples(user), paused_at);
    sleep_ms(200);
    assert_int_equal(position_samples(user), paused_at);
    assert_int_equal(the_client.done_count, done_before);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_RESTART, user, 0, 0), MMSYSERR_NOERROR);
    assert_true(wait_done(4, 5));
    assert_int_equal(position_samples(user), RATE * 4 / 10);
    close_output(user);
    size_t size;
    unsigned char *written = read_output(&size);
    assert_int_equal(size, MS_BYTES(400));
    assert_memory_equal(written, signal, size);
    free(written);
    for (int i = 0; i < 4; i++)
        free_header(headers[i]);
    free(signal);
}

/* Reset returns every header, in queue order, before it returns; the position goes to 0;
 * close refuses while buffers are queued. */
static void reset_returns_headers_in_order(void **state)
{
    (void)state;
    DWORD_PTR user = open_output();
    WAVEHDR *headers[5];
    for (int i = 0; i < 5; i++) {
        headers[i] = new_header(MS_BYTES(200), 0, 0);
        assert_int_equal(write_header(user, headers[i]), MMSYSERR_NOERROR);
    }
    assert_int_equal(write_header(user, headers[2]), WAVERR_STILLPLAYING);
    sleep_ms(50);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_CLOSE, user, 0, 0), WAVERR_STILLPLAYING);
    assert_true(position_samples(user) > 0);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_RESET, user, 0, 0), MMSYSERR_NOERROR);
    /* synchronously: all five are back now */
    assert_int_equal(the_client.done_count, 5);
    size_t first = 1; /* msgs[0] is WOM_OPEN */
    for (int i = 0; i < 5; i++) {
        assert_int_equal(the_client.msgs[first + i], WOM_DONE);
        assert_ptr_equal(the_client.headers[first + i], headers[i]);
        assert_int_equal(headers[i]->dwFlags, WHDR_PREPARED | WHDR_DONE);
    }
    assert_int_equal(position_samples(user), 0);
    /* it plays again after a reset */
    assert_int_equal(write_header(user, headers[0]), MMSYSERR_NOERROR);
    assert_true(wait_done(6, 5));
    assert_int_equal(position_samples(user), RATE / 5);
    close_output(user);
    for (int i = 0; i < 5; i++)
        free_header(headers[i]);
}

/* BEGINLOOP/ENDLOOP: the loop's blocks play dwLoops times, then what follows. */
static void loops_repeat(void **state)
{
    (void)state;
    DWORD_PTR user = open_output();
    WAVEHDR *a = new_header(MS_BYTES(20), WHDR_BEGINLOOP, 3);
    WAVEHDR *b = new_header(MS_BYTES(10), WHDR_ENDLOOP, 0);
    WAVEHDR *c = new_header(MS_BYTES(10), 0, 0);
    WAVEHDR *d = new_header(MS_BYTES(10), WHDR_BEGINLOOP | WHDR_ENDLOOP, 2);
    memset(a->lpData, 0x11, a->dwBufferLength);
    memset(b->lpData, 0x22, b->dwBufferLength);
    memset(c->lpData, 0x33, c->dwBufferLength);
    memset(d->lpData, 0x44, d->dwBufferLength);
    WAVEHDR *all[] = {a, b, c, d};
    for (int i = 0; i < 4; i++)
        assert_int_equal(write_header(user, all[i]), MMSYSERR_NOERROR);
    assert_true(wait_done(4, 5));
    for (int i = 0; i < 4; i++)
        assert_ptr_equal(the_client.headers[1 + i], all[i]);
    close_output(user);
    size_t size;
    unsigned char *written = read_output(&size);
    size_t expect = 3 * MS_BYTES(30) + MS_BYTES(10) + 2 * MS_BYTES(10);
    assert_int_equal(size, expect);
    size_t at = 0;
    for (int pass = 0; pass < 3; pass++) {
        for (size_t i = 0; i < MS_BYTES(20); i++)
            assert_int_equal(written[at++], 0x11);
        for (size_t i = 0; i < MS_BYTES(10); i++)
            assert_int_equal(written[at++], 0x22);
    }
    for (size_t i = 0; i < MS_BYTES(10); i++)
        assert_int_equal(written[at++], 0x33);
    for (size_t i = 0; i < 2 * MS_BYTES(10); i++)
        assert_int_equal(written[at++], 0x44);
    free(written);
    for (int i = 0; i < 4; i++)
        free_header(all[i]);
}

/* BREAKLOOP ends a long loop after the current pass; without a loop it does nothing. */
static void breakloop_ends_the_loop(void **state)
{
    (void)state;
    DWORD_PTR user = open_output();
    assert_int_equal(pacm_alsa_wod_message(0, WODM_BREAKLOOP, user, 0, 0), MMSYSERR_NOERROR);
    WAVEHDR *a = new_header(MS_BYTES(20), WHDR_BEGINLOOP | WHDR_ENDLOOP, 1000);
    WAVEHDR *b = new_header(MS_BYTES(20), 0, 0);
    memset(a->lpData, 0x55, a->dwBufferLength);
    memset(b->lpData, 0x66, b->dwBufferLength);
    assert_int_equal(write_header(user, a), MMSYSERR_NOERROR);
    assert_int_equal(write_header(user, b), MMSYSERR_NOERROR);
    sleep_ms(150);
    assert_true(a->dwFlags & WHDR_INQUEUE);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_BREAKLOOP, user, 0, 0), MMSYSERR_NOERROR);
    assert_true(wait_done(2, 5));
    close_output(user);
    size_t size;
    unsigned char *written = read_output(&size);
    assert_int_equal(size % MS_BYTES(20), 0);
    size_t passes = size / MS_BYTES(20) - 1;
    assert_true(passes >= 5);
    assert_true(passes < 30);
    assert_int_equal(written[size - 1], 0x66);
    assert_int_equal(written[size - MS_BYTES(20) - 1], 0x55);
    free(written);
    free_header(a);
    free_header(b);
}

/* A PCM that fails for good (its file is /dev/full, so the file plugin's writes fail): the
 * pending headers come back, later calls fail with MMSYSERR_NODRIVER, close works. */
static void device_loss_returns_buffers(void **state)
{
    (void)state;
    DWORD_PTR user = open_ok(false, 3);
    WAVEHDR *headers[5];
    unsigned accepted = 0;
    for (int i = 0; i < 5; i++) {
        headers[i] = new_header(MS_BYTES(200), 0, 0);
        /* the failure may come while they are being written: then the rest are refused */
        DWORD result = pacm_alsa_wod_message(3, WODM_WRITE, user, (DWORD_PTR)headers[i], sizeof(WAVEHDR));
        assert_true(result == MMSYSERR_NOERROR || (result == MMSYSERR_NODRIVER && i > 0));
        accepted += result == MMSYSERR_NOERROR;
    }
    assert_true(wait_done(accepted, 5));
    for (unsigned i = 0; i < accepted; i++)
        assert_int_equal(headers[i]->dwFlags, WHDR_PREPARED | WHDR_DONE);
    MMTIME time = {.wType = TIME_BYTES};
    assert_int_equal(pacm_alsa_wod_message(3, WODM_WRITE, user, (DWORD_PTR)headers[0], sizeof(WAVEHDR)),
                     MMSYSERR_NODRIVER);
    assert_int_equal(pacm_alsa_wod_message(3, WODM_GETPOS, user, (DWORD_PTR)&time, sizeof time), MMSYSERR_NODRIVER);
    assert_int_equal(pacm_alsa_wod_message(3, WODM_PAUSE, user, 0, 0), MMSYSERR_NODRIVER);
    assert_int_equal(pacm_alsa_wod_message(3, WODM_CLOSE, user, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(the_client.msgs[the_client.count - 1], WOM_CLOSE);
    for (int i = 0; i < 5; i++)
        free_header(headers[i]);
}

/* A client may close or reset its stream from inside WOM_DONE. */
static void close_and_reset_from_the_callback(void **state)
{
    (void)state;
    DWORD_PTR user = open_output();
    WAVEHDR *a = new_header(MS_BYTES(20), 0, 0), *b = new_header(MS_BYTES(200), 0, 0);
    set_action(WODM_RESET);
    assert_int_equal(write_header(user, a), MMSYSERR_NOERROR);
    assert_int_equal(write_header(user, b), MMSYSERR_NOERROR);
    assert_true(wait_done(2, 5));
    assert_int_equal(wait_action_result(), MMSYSERR_NOERROR);
    assert_ptr_equal(the_client.headers[1], a);
    assert_ptr_equal(the_client.headers[2], b); /* returned by the reset, early */
    assert_true(position_samples(user) < RATE / 10);

    set_action(WODM_CLOSE);
    assert_int_equal(write_header(user, a), MMSYSERR_NOERROR);
    assert_true(wait_done(3, 5));
    assert_int_equal(wait_action_result(), MMSYSERR_NOERROR);
    assert_int_equal(the_client.msgs[the_client.count - 1], WOM_CLOSE);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_CLOSE, user, 0, 0), MMSYSERR_INVALHANDLE);
    sleep_ms(50); /* the detached worker exits */
    free_header(a);
    free_header(b);
}

/* Write while paused queues without starting; restart plays it. */
static void write_while_paused_waits(void **state)
{
    (void)state;
    DWORD_PTR user = open_output();
    assert_int_equal(pacm_alsa_wod_message(0, WODM_RESTART, user, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_PAUSE, user, 0, 0), MMSYSERR_NOERROR);
    WAVEHDR *h = new_header(MS_BYTES(40), 0, 0);
    assert_int_equal(write_header(user, h), MMSYSERR_NOERROR);
    sleep_ms(120);
    assert_int_equal(position_samples(user), 0);
    assert_true(h->dwFlags & WHDR_INQUEUE);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_RESTART, user, 0, 0), MMSYSERR_NOERROR);
    assert_true(wait_done(1, 5));
    assert_int_equal(position_samples(user), RATE / 25);
    close_output(user);
    free_header(h);
}

/* Threads hammering one stream (writes from the callback, pause, restart, reset, positions,
 * volume, breakloop) end with every header back and a clean close. */
typedef struct hammer_args {
    DWORD_PTR user;
    int seed;
    atomic_bool stop;
} hammer_args;

static void *hammer(void *context)
{
    hammer_args *args = context;
    unsigned r = (unsigned)args->seed;
    UINT messages[] = {WODM_PAUSE, WODM_RESTART, WODM_RESET, WODM_GETPOS, WODM_SETVOLUME, WODM_BREAKLOOP};
    while (!atomic_load(&args->stop)) {
        r = r * 1103515245u + 12345u;
        UINT msg = messages[(r >> 16) % 6];
        MMTIME time = {.wType = TIME_BYTES};
        DWORD result = pacm_alsa_wod_message(0, msg, args->user, msg == WODM_GETPOS ? (DWORD_PTR)&time : 0xFFFFFFFFu,
                                             sizeof time);
        assert_int_equal(result, MMSYSERR_NOERROR);
        sleep_ms((r >> 8) % 5);
    }
    return NULL;
}

static void stream_survives_hammering(void **state)
{
    (void)state;
    DWORD_PTR user = open_output();
    size_t total = MS_BYTES(100000); /* never runs out during the test */
    pthread_mutex_lock(&the_client.lock);
    the_client.source = calloc(1, total);
    the_client.source_size = total;
    the_client.chunk = MS_BYTES(10);
    pthread_mutex_unlock(&the_client.lock);
    WAVEHDR *headers[4];
    for (int i = 0; i < 4; i++) {
        headers[i] = new_header(MS_BYTES(10), 0, 0);
        pthread_mutex_lock(&the_client.lock);
        send_next(&the_client, headers[i]);
        pthread_mutex_unlock(&the_client.lock);
    }
    hammer_args args[3];
    pthread_t threads[3];
    for (int i = 0; i < 3; i++) {
        args[i].user = user;
        args[i].seed = i + 1;
        atomic_init(&args[i].stop, false);
        pthread_create(&threads[i], NULL, hammer, &args[i]);
    }
    sleep_ms(1500);
    for (int i = 0; i < 3; i++)
        atomic_store(&args[i].stop, true);
    for (int i = 0; i < 3; i++)
        pthread_join(threads[i], NULL);
    /* stop refilling, give everything back, close */
    pthread_mutex_lock(&the_client.lock);
    the_client.sent = the_client.source_size;
    pthread_mutex_unlock(&the_client.lock);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_RESET, user, 0, 0), MMSYSERR_NOERROR);
    sleep_ms(50); /* a refill the worker was making when the reset came */
    assert_int_equal(pacm_alsa_wod_message(0, WODM_RESET, user, 0, 0), MMSYSERR_NOERROR);
    for (int i = 0; i < 4; i++)
        assert_false(headers[i]->dwFlags & WHDR_INQUEUE);
    close_output(user);
    for (int i = 0; i < 4; i++)
        free_header(headers[i]);
    free((void *)the_client.source);
    the_client.source = NULL;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(plays_exactly_in_real_time, test_setup),
        cmocka_unit_test_setup(pause_freezes, test_setup),
        cmocka_unit_test_setup(reset_returns_headers_in_order, test_setup),
        cmocka_unit_test_setup(loops_repeat, test_setup),
        cmocka_unit_test_setup(breakloop_ends_the_loop, test_setup),
        cmocka_unit_test_setup(device_loss_returns_buffers, test_setup),
        cmocka_unit_test_setup(close_and_reset_from_the_callback, test_setup),
        cmocka_unit_test_setup(write_while_paused_waits, test_setup),
        cmocka_unit_test_setup(stream_survives_hammering, test_setup),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
