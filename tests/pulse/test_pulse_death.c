/*
 * test_pulse_death.c - pulseaudio.drv when there is no server and when the server dies
 * mid-stream. This program starts its OWN private server (pulse_server.sh in a folder of its
 * own, never the shared fixture's) and kills it with SIGKILL by its pid.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pulse_test_util.h"
#include "pulse_wave_util.h"

static const char *g_dir = PULSE_DEATH_DIR;

static void server(const char *cmd)
{
    char line[1024];
    snprintf(line, sizeof line, "sh '%s' %s '%s' >/dev/null", PULSE_SERVER_SCRIPT, cmd, g_dir);
    assert_int_equal(system(line), 0);
}

static void stop_at_exit(void)
{
    char line[1024];
    snprintf(line, sizeof line, "sh '%s' stop '%s' >/dev/null 2>&1", PULSE_SERVER_SCRIPT, g_dir);
    if (system(line) != 0)
        fprintf(stderr, "could not stop the private server in %s\n", g_dir);
}

static void kill_server(void)
{
    char path[512];
    long pid = 0;
    snprintf(path, sizeof path, "%s/server.pid", g_dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    assert_int_equal(fscanf(f, "%ld", &pid), 1);
    fclose(f);
    assert_true(pid > 1);
    assert_int_equal(kill((pid_t)pid, SIGKILL), 0);
}

/* No server: GETNUMDEVS answers 0 at once; opens fail. Then a server appears. */
static void test_no_server_then_server(void **state)
{
    (void)state;
    double t0 = pt_now_ms();
    assert_int_equal(pacm_pulse_wod_message(0, WODM_GETNUMDEVS, 0, 0, 0), 0);
    assert_int_equal(pacm_pulse_wid_message(0, WIDM_GETNUMDEVS, 0, 0, 0), 0);
    assert_true(pt_now_ms() - t0 < 2000);
    WAVEFORMATEX wfx;
    pw_events ev;
    pw_events_init(&ev);
    pw_format(&wfx, WAVE_FORMAT_PCM, 2, 44100, 16);
    assert_int_equal(pw_open_out(0, &wfx, &ev, 0), MMSYSERR_BADDEVICEID);
    server("start");
    pw_sleep_ms(1100); /* the driver retries a missing server at most once a second */
    assert_int_equal(pacm_pulse_wod_message(0, WODM_GETNUMDEVS, 0, 0, 0), 3);
    assert_int_equal(pacm_pulse_wid_message(0, WIDM_GETNUMDEVS, 0, 0, 0), 4);
}

/* The server dies while playing and recording: every pending header comes back, later calls
 * fail with MMSYSERR_NODRIVER, close works, nothing hangs; device IDs stay. */
static void test_server_dies_mid_stream(void **state)
{
    (void)state;
    enum { FR = 44100 / 5 };
    WAVEFORMATEX wfx;
    pw_events out, in;
    WAVEHDR oh[4], ih[4];
    static int16_t odata[FR * 2], idata[4][FR];
    pw_events_init(&out);
    pw_events_init(&in);
    for (size_t i = 0; i < FR * 2; i++)
        odata[i] = (int16_t)(i * 37);
    pw_format(&wfx, WAVE_FORMAT_PCM, 2, 44100, 16);
    assert_int_equal(pw_open_out(0, &wfx, &out, 0), MMSYSERR_NOERROR);
    pw_format(&wfx, WAVE_FORMAT_PCM, 1, 44100, 16);
    assert_int_equal(pw_open_in(0, &wfx, &in, 0), MMSYSERR_NOERROR);
    for (int i = 0; i < 4; i++) {
        pw_header(&oh[i], odata, sizeof odata);
        assert_int_equal(pw_out(&out, WODM_WRITE, (DWORD_PTR)&oh[i], sizeof oh[i]), MMSYSERR_NOERROR);
        pw_header(&ih[i], idata[i], sizeof idata[i]);
        assert_int_equal(pw_in(&in, WIDM_ADDBUFFER, (DWORD_PTR)&ih[i], sizeof ih[i]), MMSYSERR_NOERROR);
    }
    assert_int_equal(pw_in(&in, WIDM_START, 0, 0), MMSYSERR_NOERROR);
    pw_sleep_ms(250);
    assert_true(pw_events_count(&out, WOM_DONE) < 4);
    assert_true(pw_events_count(&in, WIM_DATA) < 4);
    double t0 = pt_now_ms();
    kill_server();
    assert_int_equal(pw_events_wait(&out, WOM_DONE, 4, 3000), 4);
    assert_int_equal(pw_events_wait(&in, WIM_DATA, 4, 3000), 4);
    print_message("headers back %.0f ms after the kill\n", pt_now_ms() - t0);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(oh[i].dwFlags & (WHDR_DONE | WHDR_INQUEUE), WHDR_DONE);
        assert_int_equal(ih[i].dwFlags & (WHDR_DONE | WHDR_INQUEUE), WHDR_DONE);
    }
    /* later calls fail cleanly */
    assert_int_equal(pw_out(&out, WODM_WRITE, (DWORD_PTR)&oh[0], sizeof oh[0]), MMSYSERR_NODRIVER);
    assert_false(oh[0].dwFlags & WHDR_INQUEUE);
    MMTIME t = {.wType = TIME_BYTES};
    assert_int_equal(pw_out(&out, WODM_GETPOS, (DWORD_PTR)&t, sizeof t), MMSYSERR_NODRIVER);
    assert_int_equal(pw_out(&out, WODM_PAUSE, 0, 0), MMSYSERR_NODRIVER);
    assert_int_equal(pw_out(&out, WODM_RESET, 0, 0), MMSYSERR_NODRIVER);
    assert_int_equal(pw_in(&in, WIDM_ADDBUFFER, (DWORD_PTR)&ih[0], sizeof ih[0]), MMSYSERR_NODRIVER);
    assert_int_equal(pw_in(&in, WIDM_START, 0, 0), MMSYSERR_NODRIVER);
    t0 = pt_now_ms();
    assert_int_equal(pw_out(&out, WODM_CLOSE, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(pw_in(&in, WIDM_CLOSE, 0, 0), MMSYSERR_NOERROR);
    assert_true(pt_now_ms() - t0 < 1000);
    assert_int_equal(pw_events_count(&out, WOM_CLOSE), 1);
    assert_int_equal(pw_events_count(&in, WIM_CLOSE), 1);
    /* the IDs stay; opens fail with MMSYSERR_NODRIVER while the server is away */
    pw_sleep_ms(1100);
    assert_int_equal(pacm_pulse_wod_message(0, WODM_GETNUMDEVS, 0, 0, 0), 3);
    WAVEOUTCAPSW caps;
    assert_int_equal(pacm_pulse_wod_message(1, WODM_GETDEVCAPS, 0, (DWORD_PTR)&caps, sizeof caps), MMSYSERR_NOERROR);
    pw_events ev;
    pw_events_init(&ev);
    pw_format(&wfx, WAVE_FORMAT_PCM, 2, 44100, 16);
    assert_int_equal(pw_open_out(0, &wfx, &ev, 0), MMSYSERR_NODRIVER);
    assert_int_equal(ev.count, 0);
    /* the server comes back: the driver reconnects, same IDs */
    server("start");
    pw_sleep_ms(1100);
    assert_int_equal(pacm_pulse_wod_message(0, WODM_GETNUMDEVS, 0, 0, 0), 3);
    assert_int_equal(pw_open_out(1, &wfx, &ev, 0), MMSYSERR_NOERROR);
    WAVEHDR h;
    pw_header(&h, odata, 4410 * 4);
    assert_int_equal(pw_out(&ev, WODM_WRITE, (DWORD_PTR)&h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(pw_events_wait(&ev, WOM_DONE, 1, 3000), 1);
    assert_int_equal(pw_out(&ev, WODM_CLOSE, 0, 0), MMSYSERR_NOERROR);
}

int main(void)
{
    alarm(120);
    atexit(stop_at_exit);
    stop_at_exit(); /* a server left by an earlier run */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_server_then_server),
        cmocka_unit_test(test_server_dies_mid_stream),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
