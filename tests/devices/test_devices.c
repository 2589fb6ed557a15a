/*
 * test_devices.c - winmm's device-driver manager (src/devices, devices_int.h): drivers-file
 * entries in Windows' order, each file once, global and local device IDs across two drivers, a
 * driver with no device closed again, DRVM_INIT then *_GETNUMDEVS per class, DRVM_EXIT at
 * unload, and in-process drivers with portacm_device_driver_register.
 */
#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "devices_int.h"
#include "ts_files.h"
#include "wave_test_driver.h"

static char *folder;
static char path_a[1024], path_b[1024], path_c[1024];

static int setup(void **state)
{
    (void)state;
    folder = ts_temp_dir();
    char original[1024];
    snprintf(original, sizeof original, "%s/wave_test_driver.so", PORTACM_WAVE_TEST_DRIVER_DIR);
    /* Three copies are three modules, each with its own state. */
    char *a = ts_copy_file(original, folder, "wave_a.so");
    char *b = ts_copy_file(original, folder, "wave_b.so");
    char *c = ts_copy_file(original, folder, "wave_c.so");
    snprintf(path_a, sizeof path_a, "%s", a);
    snprintf(path_b, sizeof path_b, "%s", b);
    snprintf(path_c, sizeof path_c, "%s", c);
    free(a);
    free(b);
    free(c);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pacm_dev_reset();
    ts_remove_tree(folder);
    free(folder);
    return 0;
}

/* A header's flags, read atomically (the driver's thread writes them). */
static DWORD wt_flags(const WAVEHDR *h)
{
    return __atomic_load_n((const DWORD *)(const void *)((const char *)h + offsetof(WAVEHDR, dwFlags)),
                           __ATOMIC_ACQUIRE);
}

static bool is_loaded(const char *path)
{
    void *handle = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
    if (handle)
        dlclose(handle);
    return handle != NULL;
}

static void module_log(const char *path, char *buffer, size_t capacity)
{
    void *handle = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
    assert_non_null(handle);
    void *symbol = dlsym(handle, "wave_test_driver_log");
    assert_non_null(symbol);
    wave_test_driver_log_fn fn;
    memcpy(&fn, &symbol, sizeof fn);
    fn(buffer, capacity);
    dlclose(handle);
}

static void expect_out_name(UINT id, const char *name)
{
    WAVEOUTCAPSA caps;
    assert_int_equal(waveOutGetDevCapsA(id, &caps, sizeof caps), MMSYSERR_NOERROR);
    assert_string_equal(caps.szPname, name);
}

static void two_drivers_in_windows_order(void **state)
{
    (void)state;
    char text[8192];
    /* File order is not load order: wave, wave1..9, midi.., mixer.., aux..; `midi` names a file
     * already loaded (skipped); wave2 has no device (closed again); wavemapper and msacm.* are no
     * device drivers. */
    snprintf(text, sizeof text,
             "[drivers32]\n"
             "aux=%s out=1 in=0\n"
             "wave1=%s out=3 in=0 tag=b\n"
             "msacm.imaadpcm=imaadp32.acm\n"
             "wavemapper=msacm32.drv\n"
             "wave=%s out=2 in=1 tag=a\n"
             "midi=%s\n"
             "wave2=%s out=0 in=0\n",
             path_a, path_b, path_a, path_b, path_c);
    ts_use_drivers_file(folder, text);
    pacm_dev_reset();
    assert_int_equal(pacm_dev_count(PACM_DEV_WAVEOUT), 5);
    assert_int_equal(pacm_dev_count(PACM_DEV_WAVEIN), 1);
    assert_int_equal(waveOutGetNumDevs(), 5);
    assert_int_equal(waveInGetNumDevs(), 1);
    assert_int_equal(pacm_dev_count(PACM_DEV_MIXER), 0);
    assert_non_null(strstr(pacm_dev_driver_name(0), "wave_a.so"));
    assert_non_null(strstr(pacm_dev_driver_name(1), "wave_b.so"));
    assert_null(pacm_dev_driver_name(2));
    /* IDs: a's two devices, then b's three; each driver sees its local IDs. */
    expect_out_name(0, "Wave Test Out 0 (a)");
    expect_out_name(1, "Wave Test Out 1 (a)");
    expect_out_name(2, "Wave Test Out 0 (b)");
    expect_out_name(4, "Wave Test Out 2 (b)");
    UINT driver = 99, local = 99;
    assert_true(pacm_dev_locate(PACM_DEV_WAVEOUT, 3, &driver, &local));
    assert_int_equal(driver, 1);
    assert_int_equal(local, 1);
    assert_false(pacm_dev_locate(PACM_DEV_WAVEOUT, 5, &driver, &local));
    assert_int_equal(pacm_dev_global_id(PACM_DEV_WAVEOUT, 1, 2), 4);
    assert_int_equal(pacm_dev_global_id(PACM_DEV_WAVEOUT, 1, 3), (UINT)-1);
    assert_int_equal(pacm_dev_driver_count(PACM_DEV_WAVEOUT, 0), 2);
    assert_int_equal(pacm_dev_driver_count(PACM_DEV_WAVEIN, 1), 0);
    /* The driver without devices was closed (and unloaded). */
    assert_false(is_loaded(path_c));
    /* DRVM_INIT then GETNUMDEVS, class by class in Windows' order (waveIn before waveOut). */
    char log[1024];
    module_log(path_a, log, sizeof log);
    assert_string_equal(log, "wid:init wid:numdevs wod:init wod:numdevs ");
    module_log(path_b, log, sizeof log);
    assert_string_equal(log, "wid:init wid:numdevs wod:init wod:numdevs ");
    /* Messages reach the owner with its local ID. */
    assert_int_equal(pacm_dev_message(PACM_DEV_WAVEOUT, 5, WODM_GETNUMDEVS, 0, 0, 0), MMSYSERR_BADDEVICEID);
    assert_int_equal(pacm_dev_message(PACM_DEV_WAVEOUT, 3, WODM_GETNUMDEVS, 0, 0, 0), 3);
    WAVEOUTCAPSW caps;
    assert_int_equal(pacm_dev_message(PACM_DEV_WAVEOUT, 3, WODM_GETDEVCAPS, 0, (DWORD_PTR)&caps, sizeof caps),
                     MMSYSERR_NOERROR);
    assert_int_equal(caps.szPname[14], u'1'); /* "Wave Test Out 1 (b)": local ID 1 */
    /* Unloading closes them. */
    pacm_dev_reset();
    assert_false(is_loaded(path_a));
    assert_false(is_loaded(path_b));
}

static void no_device_driver_named(void **state)
{
    (void)state;
    ts_use_drivers_file(folder, "[drivers32]\nmsacm.imaadpcm=imaadp32.acm\n");
    pacm_dev_reset();
    /* No built-in audio driver found a device in this environment either (or none is built). */
    UINT count = waveOutGetNumDevs();
    HWAVEOUT hwo = NULL;
    WAVEFORMATEX f = {.wFormatTag = WAVE_FORMAT_PCM, .nChannels = 1, .nSamplesPerSec = 8000,
                      .nAvgBytesPerSec = 16000, .nBlockAlign = 2, .wBitsPerSample = 16};
    assert_int_equal(waveOutOpen(&hwo, count, &f, 0, 0, CALLBACK_NULL), MMSYSERR_BADDEVICEID);
}

static void inproc_registration(void **state)
{
    (void)state;
    char text[4096];
    snprintf(text, sizeof text, "[drivers32]\nwave=%s out=2 in=0\n", path_a);
    ts_use_drivers_file(folder, text);
    pacm_dev_reset();
    assert_int_equal(waveOutGetNumDevs(), 2);
    PORTACM_DEVICE_PROCS none = {0};
    PORTACM_DEVICE_PROCS procs = {.wodMessage = wave_test_inproc_wod, .widMessage = wave_test_inproc_wid};
    assert_int_equal(portacm_device_driver_register(NULL, wave_test_inproc_proc, &procs), MMSYSERR_INVALPARAM);
    assert_int_equal(portacm_device_driver_register("", wave_test_inproc_proc, &procs), MMSYSERR_INVALPARAM);
    assert_int_equal(portacm_device_driver_register("x.drv", NULL, &procs), MMSYSERR_INVALPARAM);
    assert_int_equal(portacm_device_driver_register("x.drv", wave_test_inproc_proc, NULL), MMSYSERR_INVALPARAM);
    assert_int_equal(portacm_device_driver_register("x.drv", wave_test_inproc_proc, &none), MMSYSERR_INVALPARAM);
    assert_int_equal(portacm_device_driver_register("inproc.drv", wave_test_inproc_proc, &procs), MMSYSERR_NOERROR);
    assert_int_equal(portacm_device_driver_register("INPROC.DRV", wave_test_inproc_proc, &procs),
                     MMSYSERR_ALLOCATED);
    /* Appended: the file driver's IDs do not move. */
    assert_int_equal(waveOutGetNumDevs(), 3);
    assert_int_equal(waveInGetNumDevs(), 1);
    expect_out_name(0, "Wave Test Out 0 (test)");
    expect_out_name(2, "Wave Test Out 0 (inproc)");
    assert_string_equal(pacm_dev_driver_name(1), "inproc.drv");
    char log[1024];
    wave_test_inproc_log(log, sizeof log);
    assert_string_equal(log, "wid:init wid:numdevs wod:init wod:numdevs ");
    /* Play through it. */
    WAVEFORMATEX f = {.wFormatTag = WAVE_FORMAT_PCM, .nChannels = 1, .nSamplesPerSec = 8000,
                      .nAvgBytesPerSec = 16000, .nBlockAlign = 2, .wBitsPerSample = 16};
    HWAVEOUT hwo = NULL;
    assert_int_equal(waveOutOpen(&hwo, 2, &f, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    int16_t samples[400];
    for (int i = 0; i < 400; i++)
        samples[i] = (int16_t)(i * 5);
    WAVEHDR h = {.lpData = (LPSTR)samples, .dwBufferLength = sizeof samples};
    assert_int_equal(waveOutPrepareHeader(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(waveOutWrite(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    for (int i = 0; i < 500 && !(wt_flags(&h) & WHDR_DONE); i++) {
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
    }
    assert_true(wt_flags(&h) & WHDR_DONE);
    int16_t out[400];
    assert_int_equal(wave_test_inproc_output(0, out, sizeof out), sizeof samples);
    assert_memory_equal(out, samples, sizeof samples);
    assert_int_equal(waveOutUnprepareHeader(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
    /* DRVM_EXIT at unload, waveOut first (reverse order). */
    pacm_dev_reset();
    wave_test_inproc_log(log, sizeof log);
    assert_string_equal(log, "wid:init wid:numdevs wod:init wod:numdevs wod:exit wid:exit ");
}

/* In the child of exit_with_devices_open: after the atexit handlers (which unload the drivers),
 * wait a little, so that a driver thread left running in unloaded code would crash the child. */
static int in_exiting_child;

__attribute__((destructor)) static void linger_after_exit_handlers(void)
{
    if (in_exiting_child) {
        struct timespec ts = {0, 60000000};
        nanosleep(&ts, NULL);
    }
}

/* A program that exits with devices open and playing: at exit the drivers get DRVM_EXIT and
 * are closed and unloaded, and the process still exits cleanly. */
static void exit_with_devices_open(void **state)
{
    (void)state;
    char text[4096];
    snprintf(text, sizeof text, "[drivers32]\nwave=%s out=1 in=1\n", path_a);
    ts_use_drivers_file(folder, text);
    pacm_dev_reset();
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        in_exiting_child = 1;
        WAVEFORMATEX f = {.wFormatTag = WAVE_FORMAT_PCM, .nChannels = 1, .nSamplesPerSec = 8000,
                          .nAvgBytesPerSec = 16000, .nBlockAlign = 2, .wBitsPerSample = 16};
        static int16_t samples[8000];
        static WAVEHDR out = {.lpData = (LPSTR)samples, .dwBufferLength = sizeof samples};
        static int16_t captured[8000];
        static WAVEHDR in = {.lpData = (LPSTR)captured, .dwBufferLength = sizeof captured};
        HWAVEOUT hwo;
        HWAVEIN hwi;
        if (waveOutOpen(&hwo, 0, &f, 0, 0, CALLBACK_NULL) || waveOutPrepareHeader(hwo, &out, sizeof out) ||
            waveOutWrite(hwo, &out, sizeof out) || waveInOpen(&hwi, 0, &f, 0, 0, CALLBACK_NULL) ||
            waveInPrepareHeader(hwi, &in, sizeof in) || waveInAddBuffer(hwi, &in, sizeof in) || waveInStart(hwi))
            _exit(3);
        struct timespec ts = {0, 20000000};
        nanosleep(&ts, NULL);
        exit(0); /* atexit: DRVM_EXIT, CloseDriver */
    }
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_drivers_in_windows_order),
        cmocka_unit_test(no_device_driver_named),
        cmocka_unit_test(inproc_registration),
        cmocka_unit_test(exit_with_devices_open),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
