/*
 * test_mixer_pulse.c - the PulseAudio mixer driver through the mixer API, on a private server
 * of its own (tests/pulse/pulse_server.sh in a folder of this test's: the shared fixture's
 * volumes and modules are left alone), with two more null sinks the test loads before the
 * first mixer call. What the mixer sets is read back with pactl, what pactl sets arrives as
 * MM_MIXM_CONTROL_CHANGE on a window within 2 s, a sink that goes away and comes back sends
 * MM_MIXM_LINE_CHANGE, and so does the server's end (after which nothing hangs).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "audio_int.h"
#include "devices_int.h"
#include "mixer_test_util.h"
#include "mmsystem.h"
#include "winuser.h"

#define SINK "portacm_mixer_test"
#define SINK_DESCRIPTION "PortacmMixerTest"
#define GONE "portacm_mixer_gone"
#define GONE_DESCRIPTION "PortacmMixerGone"
#define NOTIFY_LIMIT_MS 2000

static char sink_module[32], gone_module[32];
static char server_dir[512];
static bool server_running;
static UINT sink_mixer = (UINT)-1, gone_mixer = (UINT)-1;

/* Runs a shell command; its first output line goes to `out` (may be NULL). */
static int run(const char *command, char *out, size_t size)
{
    FILE *pipe = popen(command, "r");
    if (!pipe)
        return -1;
    char line[4096] = "";
    size_t used = 0;
    while (fgets(line + used, (int)(sizeof line - used), pipe) && (used = strlen(line)) < sizeof line - 1) {
    }
    int status = pclose(pipe);
    if (out) {
        snprintf(out, size, "%s", line);
        out[strcspn(out, "\n")] = 0;
    }
    return status;
}

static void load_sink(const char *name, const char *description, char *module, size_t size)
{
    char command[256];
    snprintf(command, sizeof command,
             "pactl load-module module-null-sink sink_name=%s channels=2 sink_properties=device.description=%s", name,
             description);
    assert_int_equal(run(command, module, size), 0);
}

static UINT find_mixer(const char *name)
{
    for (UINT i = 0; i < mixerGetNumDevs(); i++) {
        MIXERCAPSA caps;
        if (mixerGetDevCapsA(i, &caps, sizeof caps) == MMSYSERR_NOERROR && strcmp(caps.szPname, name) == 0)
            return i;
    }
    return (UINT)-1;
}

/* Starts this test's own server and points the process (and pactl) at it. */
static bool start_server(void)
{
    char command[1200], line[1024];
    snprintf(server_dir, sizeof server_dir, "%s/mixer-pulse", PORTACM_TEST_BINARY_DIR);
    snprintf(command, sizeof command, "sh '%s' start '%s' >/dev/null 2>&1", MIXER_PULSE_SCRIPT, server_dir);
    if (run(command, NULL, 0) != 0)
        return false;
    server_running = true;
    snprintf(command, sizeof command, "sh '%s' env '%s'", MIXER_PULSE_SCRIPT, server_dir);
    FILE *pipe = popen(command, "r");
    if (!pipe)
        return false;
    while (fgets(line, sizeof line, pipe)) {
        line[strcspn(line, "\n")] = 0;
        char *equals = strchr(line, '=');
        if (equals) {
            *equals = 0;
            setenv(line, equals + 1, 1);
        }
    }
    return pclose(pipe) == 0;
}

static void stop_server(void)
{
    char command[1200];
    if (!server_running)
        return;
    snprintf(command, sizeof command, "sh '%s' stop '%s' >/dev/null 2>&1", MIXER_PULSE_SCRIPT, server_dir);
    run(command, NULL, 0);
    server_running = false;
}

static int setup(void **state)
{
    (void)state;
    if (!start_server()) {
        fprintf(stderr, "test_mixer_pulse: the private server did not start (see %s/server.log)\n", server_dir);
        return -1;
    }
    /* The sinks exist before the first mixer call, which takes the device list. */
    load_sink(SINK, SINK_DESCRIPTION, sink_module, sizeof sink_module);
    load_sink(GONE, GONE_DESCRIPTION, gone_module, sizeof gone_module);
    sink_mixer = find_mixer(SINK_DESCRIPTION);
    if (sink_mixer == (UINT)-1) {
        /* The built-in driver table does not carry the PulseAudio mixers (yet): the same
         * message function, registered in-process, is what the built-in driver would run. */
        fprintf(stderr, "test_mixer_pulse: registering pacm_pulse_mxd_message in-process\n");
        PORTACM_DEVICE_PROCS procs = {.mxdMessage = pacm_pulse_mxd_message};
        if (portacm_device_driver_register("pulse_mixer_test.drv", mtu_driver_proc, &procs) != MMSYSERR_NOERROR)
            return -1;
        sink_mixer = find_mixer(SINK_DESCRIPTION);
    }
    gone_mixer = find_mixer(GONE_DESCRIPTION);
    return sink_mixer == (UINT)-1 || gone_mixer == (UINT)-1 ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    stop_server();
    return 0;
}

/* Waits up to NOTIFY_LIMIT_MS for `message` with lParam `param` on `window`. */
static bool wait_message(HWND window, HMIXER mixer, UINT message, LPARAM param)
{
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        MSG msg;
        while (PeekMessageA(&msg, window, 0, 0, PM_REMOVE)) {
            if (msg.message == message && msg.lParam == param && msg.wParam == (WPARAM)mixer)
                return true;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        long elapsed = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        if (elapsed > NOTIFY_LIMIT_MS)
            return false;
        usleep(5000);
    }
}

static MMRESULT set_value(HMIXEROBJ object, DWORD fdw, DWORD control, DWORD channels, const DWORD *values)
{
    MIXERCONTROLDETAILS details = {sizeof details, control, channels, {0}, sizeof(DWORD), (void *)values};
    return mixerSetControlDetails(object, &details, fdw);
}

static MMRESULT get_value(HMIXEROBJ object, DWORD control, DWORD channels, DWORD *values)
{
    MIXERCONTROLDETAILS details = {sizeof details, control, channels, {0}, sizeof(DWORD), values};
    return mixerGetControlDetailsA(object, &details, MIXER_GETCONTROLDETAILSF_VALUE);
}

/* The server volume a mixer value maps to, and back (linear over PA_VOLUME_NORM = 65536). */
static long server_volume(DWORD value)
{
    return lround(value * 65536.0 / 65535.0);
}

static void test_devices_and_lines(void **state)
{
    (void)state;
    /* The driver's first mixer is the server's default sink. */
    char name[200], json[4096] = "", needle[300];
    assert_int_equal(run("pactl get-default-sink", name, sizeof name), 0);
    MIXERCAPSA caps;
    UINT driver, local;
    assert_true(pacm_dev_locate(PACM_DEV_MIXER, sink_mixer, &driver, &local));
    UINT first = pacm_dev_global_id(PACM_DEV_MIXER, driver, 0); /* the driver's mixer 0 */
    assert_int_equal(mixerGetDevCapsA(first, &caps, sizeof caps), MMSYSERR_NOERROR);
    FILE *pipe = popen("pactl -f json list sinks", "r");
    assert_non_null(pipe);
    size_t got = fread(json, 1, sizeof json - 1, pipe);
    json[got] = 0;
    pclose(pipe);
    snprintf(needle, sizeof needle, "\"name\":\"%s\",\"description\":\"%.31s", name, caps.szPname);
    assert_non_null(strstr(json, needle));
    assert_true(sink_mixer < gone_mixer); /* server index order after the default */

    MIXERLINEA line;
    memset(&line, 0, sizeof line);
    line.cbStruct = sizeof line;
    HMIXEROBJ object = (HMIXEROBJ)(UINT_PTR)sink_mixer;
    assert_int_equal(mixerGetLineInfoA(object, &line, MIXER_GETLINEINFOF_DESTINATION), MMSYSERR_NOERROR);
    assert_int_equal(line.dwLineID, 0xFFFF0000u);
    assert_int_equal(line.dwComponentType, MIXERLINE_COMPONENTTYPE_DST_SPEAKERS);
    assert_int_equal(line.cChannels, 2);
    assert_int_equal(line.cControls, 2);
    assert_int_equal(line.fdwLine, MIXERLINE_LINEF_ACTIVE);
    assert_string_equal(line.szName, SINK_DESCRIPTION);
    line.dwSource = 0;
    assert_int_equal(mixerGetLineInfoA(object, &line, MIXER_GETLINEINFOF_SOURCE), MMSYSERR_NOERROR);
    assert_int_equal(line.dwComponentType, MIXERLINE_COMPONENTTYPE_SRC_WAVEOUT);
    assert_int_equal(line.fdwLine, MIXERLINE_LINEF_ACTIVE | MIXERLINE_LINEF_SOURCE);
    line.dwSource = 1;
    assert_int_equal(mixerGetLineInfoA(object, &line, MIXER_GETLINEINFOF_SOURCE), MIXERR_INVALLINE);
    line.dwLineID = 7;
    assert_int_equal(mixerGetLineInfoA(object, &line, MIXER_GETLINEINFOF_LINEID), MIXERR_INVALLINE);

    /* The sink's monitor is a source: its mixer comes after every sink's, a recording line. */
    UINT monitor = find_mixer("Monitor of " SINK_DESCRIPTION);
    assert_int_not_equal(monitor, (UINT)-1);
    assert_true(monitor > gone_mixer);
    assert_int_equal(mixerGetLineInfoA((HMIXEROBJ)(UINT_PTR)monitor, &line, MIXER_GETLINEINFOF_DESTINATION),
                     MMSYSERR_NOERROR);
    assert_int_equal(line.dwComponentType, MIXERLINE_COMPONENTTYPE_DST_WAVEIN);
    assert_int_equal(line.Target.dwType, MIXERLINE_TARGETTYPE_WAVEIN);

    /* Sources: after the first (the default), real sources come before monitors. */
    bool monitor_seen = false;
    UINT sources = 0;
    for (UINT i = first; i < mixerGetNumDevs(); i++) {
        UINT owner, position;
        if (!pacm_dev_locate(PACM_DEV_MIXER, i, &owner, &position) || owner != driver)
            break;
        assert_int_equal(mixerGetLineInfoA((HMIXEROBJ)(UINT_PTR)i, &line, MIXER_GETLINEINFOF_DESTINATION),
                         MMSYSERR_NOERROR);
        if (line.dwComponentType != MIXERLINE_COMPONENTTYPE_DST_WAVEIN)
            continue;
        assert_int_equal(mixerGetDevCapsA(i, &caps, sizeof caps), MMSYSERR_NOERROR);
        bool is_monitor = strncmp(caps.szPname, "Monitor of ", 11) == 0;
        if (sources++ > 0) {
            assert_false(monitor_seen && !is_monitor);
            monitor_seen |= is_monitor;
        }
    }
    assert_true(sources > 0);

    /* Controls: volume (per channel on a stereo sink) and mute. */
    MIXERCONTROLA controls[2];
    MIXERLINECONTROLSA lc = {sizeof lc, 0xFFFF0000u, {0}, 2, sizeof controls[0], controls};
    assert_int_equal(mixerGetLineControlsA(object, &lc, MIXER_GETLINECONTROLSF_ALL), MMSYSERR_NOERROR);
    assert_int_equal(controls[0].dwControlType, MIXERCONTROL_CONTROLTYPE_VOLUME);
    assert_int_equal(controls[0].fdwControl, 0);
    assert_int_equal(controls[0].Bounds.dwMaximum, 0xFFFF);
    assert_int_equal(controls[1].dwControlType, MIXERCONTROL_CONTROLTYPE_MUTE);
    assert_int_equal(controls[1].fdwControl, MIXERCONTROL_CONTROLF_UNIFORM);
    lc.cControls = 1;
    assert_int_equal(mixerGetLineControlsA(object, &lc, MIXER_GETLINECONTROLSF_ALL), MMSYSERR_INVALPARAM);
    lc.dwControlID = 9;
    assert_int_equal(mixerGetLineControlsA(object, &lc, MIXER_GETLINECONTROLSF_ONEBYID), MIXERR_INVALCONTROL);
}

static void expect_sink_volume(long left, long right)
{
    char answer[512], expected[128];
    assert_int_equal(run("pactl get-sink-volume " SINK, answer, sizeof answer), 0);
    snprintf(expected, sizeof expected, "front-left: %ld /", left);
    assert_non_null(strstr(answer, expected));
    snprintf(expected, sizeof expected, "front-right: %ld /", right);
    assert_non_null(strstr(answer, expected));
}

static void test_volume_to_server(void **state)
{
    (void)state;
    HMIXEROBJ object = (HMIXEROBJ)(UINT_PTR)sink_mixer;
    DWORD uniform = 0x8000;
    assert_int_equal(set_value(object, 0, 0, 1, &uniform), MMSYSERR_NOERROR);
    expect_sink_volume(server_volume(0x8000), server_volume(0x8000));
    DWORD pair[2] = {0x4000, 0xC000}, read[2] = {0, 0};
    assert_int_equal(set_value(object, 0, 0, 2, pair), MMSYSERR_NOERROR);
    expect_sink_volume(server_volume(0x4000), server_volume(0xC000));
    assert_int_equal(get_value(object, 0, 2, read), MMSYSERR_NOERROR);
    assert_int_equal(read[0], 0x4000);
    assert_int_equal(read[1], 0xC000);
    assert_int_equal(get_value(object, 0, 1, read), MMSYSERR_NOERROR); /* uniform read: the loudest */
    assert_int_equal(read[0], 0xC000);
    DWORD too_big = 0x10000;
    assert_int_equal(set_value(object, 0, 0, 1, &too_big), MMSYSERR_INVALPARAM);
    assert_int_equal(set_value(object, 0, 0, 3, pair), MMSYSERR_INVALPARAM); /* not the line's channels */
    assert_int_equal(set_value(object, 0, 9, 1, &uniform), MIXERR_INVALCONTROL);
}

static void test_server_change_notifies(void **state)
{
    (void)state;
    HWND window = mtu_window();
    assert_non_null(window);
    HMIXER mixer;
    assert_int_equal(mixerOpen(&mixer, sink_mixer, (DWORD_PTR)window, 0, CALLBACK_WINDOW), MMSYSERR_NOERROR);
    assert_int_equal(run("pactl set-sink-volume " SINK " 30000", NULL, 0), 0);
    assert_true(wait_message(window, mixer, MM_MIXM_CONTROL_CHANGE, 0));
    DWORD value[2];
    assert_int_equal(get_value((HMIXEROBJ)mixer, 0, 2, value), MMSYSERR_NOERROR);
    DWORD expected = (DWORD)lround(30000 * 65535.0 / 65536.0);
    assert_int_equal(value[0], expected);
    assert_int_equal(value[1], expected);

    /* Mute from the server, then from the mixer. */
    assert_int_equal(run("pactl set-sink-mute " SINK " 1", NULL, 0), 0);
    assert_true(wait_message(window, mixer, MM_MIXM_CONTROL_CHANGE, 1));
    assert_int_equal(get_value((HMIXEROBJ)mixer, 1, 1, value), MMSYSERR_NOERROR);
    assert_int_equal(value[0], 1);
    DWORD off = 0;
    assert_int_equal(set_value((HMIXEROBJ)mixer, MIXER_OBJECTF_HMIXER, 1, 1, &off), MMSYSERR_NOERROR);
    char answer[128];
    assert_int_equal(run("pactl get-sink-mute " SINK, answer, sizeof answer), 0);
    assert_string_equal(answer, "Mute: no");
    assert_true(wait_message(window, mixer, MM_MIXM_CONTROL_CHANGE, 1)); /* our own change too */

    /* A volume set through the mixer reaches every open mixer of the device. */
    DWORD half = 0x8000;
    assert_int_equal(set_value((HMIXEROBJ)(UINT_PTR)sink_mixer, 0, 0, 1, &half), MMSYSERR_NOERROR);
    assert_true(wait_message(window, mixer, MM_MIXM_CONTROL_CHANGE, 0));
    assert_int_equal(mixerClose(mixer), MMSYSERR_NOERROR);
    DestroyWindow(window);
}

static void test_sink_goes_and_comes_back(void **state)
{
    (void)state;
    HWND window = mtu_window();
    assert_non_null(window);
    HMIXER mixer;
    assert_int_equal(mixerOpen(&mixer, gone_mixer, (DWORD_PTR)window, 0, CALLBACK_WINDOW), MMSYSERR_NOERROR);
    char command[128];
    snprintf(command, sizeof command, "pactl unload-module %s", gone_module);
    assert_int_equal(run(command, NULL, 0), 0);
    assert_true(wait_message(window, mixer, MM_MIXM_LINE_CHANGE, (LPARAM)0xFFFF0000u));
    MIXERLINEA line;
    memset(&line, 0, sizeof line);
    line.cbStruct = sizeof line;
    assert_int_equal(mixerGetLineInfoA((HMIXEROBJ)mixer, &line, MIXER_OBJECTF_HMIXER), MMSYSERR_NOERROR);
    assert_int_equal(line.fdwLine, MIXERLINE_LINEF_DISCONNECTED);
    DWORD value = 0;
    assert_int_equal(get_value((HMIXEROBJ)mixer, 0, 1, &value), MMSYSERR_NODRIVER);

    load_sink(GONE, GONE_DESCRIPTION, gone_module, sizeof gone_module);
    assert_true(wait_message(window, mixer, MM_MIXM_LINE_CHANGE, (LPARAM)0xFFFF0000u));
    assert_int_equal(mixerGetLineInfoA((HMIXEROBJ)mixer, &line, MIXER_OBJECTF_HMIXER), MMSYSERR_NOERROR);
    assert_int_equal(line.fdwLine, MIXERLINE_LINEF_ACTIVE);
    assert_int_equal(get_value((HMIXEROBJ)mixer, 0, 1, &value), MMSYSERR_NOERROR);
    assert_int_equal(value, 0xFFFF);
    assert_int_equal(mixerClose(mixer), MMSYSERR_NOERROR);
    DestroyWindow(window);
}

/* mixerGetID of a PulseAudio waveOut device is that sink's mixer (waveOut 0 -> mixer 0 when
 * the PulseAudio driver is the first driver, as by default). */
static void test_wave_device_mixer(void **state)
{
    (void)state;
    UINT driver, local;
    assert_true(pacm_dev_locate(PACM_DEV_MIXER, sink_mixer, &driver, &local));
    if (pacm_dev_driver_count(PACM_DEV_WAVEOUT, driver) == 0) {
        fprintf(stderr, "test_wave_device_mixer: skipped, the PulseAudio wave driver is not built in yet\n");
        skip();
    }
    UINT first_out = pacm_dev_global_id(PACM_DEV_WAVEOUT, driver, 0);
    UINT id = 0xDEAD;
    assert_int_equal(mixerGetID((HMIXEROBJ)(UINT_PTR)first_out, &id, MIXER_OBJECTF_WAVEOUT), MMSYSERR_NOERROR);
    assert_int_equal(id, pacm_dev_global_id(PACM_DEV_MIXER, driver, 0));
    if (first_out == 0)
        assert_int_equal(id, 0);
    /* The sink of our mixer is the waveOut device of the same position, and its name matches. */
    UINT out = pacm_dev_global_id(PACM_DEV_WAVEOUT, driver, local);
    WAVEOUTCAPSA caps;
    assert_int_equal(waveOutGetDevCapsA(out, &caps, sizeof caps), MMSYSERR_NOERROR);
    assert_string_equal(caps.szPname, SINK_DESCRIPTION);
    assert_int_equal(mixerGetID((HMIXEROBJ)(UINT_PTR)out, &id, MIXER_OBJECTF_WAVEOUT), MMSYSERR_NOERROR);
    assert_int_equal(id, sink_mixer);
}

/* The server ends: every open mixer hears MM_MIXM_LINE_CHANGE, its lines read disconnected,
 * values give MMSYSERR_NODRIVER, and no call waits for the dead server. */
static void test_server_loss(void **state)
{
    (void)state;
    HWND window = mtu_window();
    assert_non_null(window);
    HMIXER mixer;
    assert_int_equal(mixerOpen(&mixer, sink_mixer, (DWORD_PTR)window, 0, CALLBACK_WINDOW), MMSYSERR_NOERROR);
    stop_server();
    assert_true(wait_message(window, mixer, MM_MIXM_LINE_CHANGE, (LPARAM)0xFFFF0000u));
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    MIXERLINEA line;
    memset(&line, 0, sizeof line);
    line.cbStruct = sizeof line;
    assert_int_equal(mixerGetLineInfoA((HMIXEROBJ)mixer, &line, MIXER_OBJECTF_HMIXER), MMSYSERR_NOERROR);
    assert_int_equal(line.fdwLine, MIXERLINE_LINEF_DISCONNECTED);
    DWORD value = 0x1000;
    assert_int_equal(get_value((HMIXEROBJ)mixer, 0, 1, &value), MMSYSERR_NODRIVER);
    assert_int_equal(set_value((HMIXEROBJ)mixer, MIXER_OBJECTF_HMIXER, 0, 1, &value), MMSYSERR_NODRIVER);
    clock_gettime(CLOCK_MONOTONIC, &end);
    assert_true(end.tv_sec - start.tv_sec < 2);
    assert_int_equal(mixerClose(mixer), MMSYSERR_NOERROR);
    DestroyWindow(window);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_devices_and_lines),
        cmocka_unit_test(test_volume_to_server),
        cmocka_unit_test(test_server_change_notifies),
        cmocka_unit_test(test_sink_goes_and_comes_back),
        cmocka_unit_test(test_wave_device_mixer),
        cmocka_unit_test(test_server_loss),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
