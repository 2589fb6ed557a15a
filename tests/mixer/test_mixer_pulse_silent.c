/*
 * test_mixer_pulse_silent.c - the PulseAudio mixer driver when the server does not answer: a
 * socket that accepts connections and never speaks stands in for a hung server. Loading the
 * driver must give no mixer within the driver's wait limit (2 s per step) and hang nothing.
 * Needs no server; PULSE_SERVER is set by the test itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "audio_int.h"
#include "mixer_test_util.h"
#include "mmsystem.h"

static void test_silent_server_gives_no_mixer(void **state)
{
    (void)state;
    char folder[] = "/tmp/portacm-mixer-silent-XXXXXX";
    assert_non_null(mkdtemp(folder));
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    snprintf(address.sun_path, sizeof address.sun_path, "%s/native", folder);
    int listener = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(listener >= 0);
    assert_int_equal(bind(listener, (struct sockaddr *)&address, sizeof address), 0);
    assert_int_equal(listen(listener, 4), 0);
    char server[160];
    snprintf(server, sizeof server, "unix:%s", address.sun_path);
    setenv("PULSE_SERVER", server, 1);

    UINT before = mixerGetNumDevs();
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    PORTACM_DEVICE_PROCS procs = {.mxdMessage = pacm_pulse_mxd_message};
    MMRESULT result = portacm_device_driver_register("pulse_mixer_silent.drv", mtu_driver_proc, &procs);
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    /* A driver with no device is not loaded (devices_int.h); either way no mixer appears. */
    assert_true(result == MMSYSERR_NODRIVER || result == MMSYSERR_NOERROR);
    assert_int_equal(mixerGetNumDevs(), before);
    assert_true(seconds < 6.0);
    close(listener);
    unlink(address.sun_path);
    rmdir(folder);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_silent_server_gives_no_mixer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
