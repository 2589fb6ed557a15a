/*
 * wave_test_util.c - see wave_test_util.h.
 */
#include <dlfcn.h>
#include <stdarg.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "devices_int.h"
#include "ts_files.h"
#include "wave_test_util.h"
#include "../devices/wave_test_driver.h"

static char driver_path[1024];

/* The driver finds these in the test program (NO_LINK): make sure they are linked in. */
void *wt_exported_for_driver[] = {(void *)DriverCallback, (void *)DefDriverProc};

char *wt_setup(const char *knobs)
{
    char *folder = ts_temp_dir();
    snprintf(driver_path, sizeof driver_path, "%s/wave_test_driver.so", PORTACM_WAVE_TEST_DRIVER_DIR);
    char text[4096];
    snprintf(text, sizeof text, "[drivers32]\nwave=%s %s\n", driver_path, knobs ? knobs : "");
    ts_use_drivers_file(folder, text);
    pacm_dev_reset();
    pacm_dev_init();
    return folder;
}

void wt_teardown(char *folder)
{
    pacm_dev_reset();
    ts_remove_tree(folder);
    free(folder);
}

/* A function of the loaded driver object. */
static void *driver_symbol(const char *name)
{
    void *handle = dlopen(driver_path, RTLD_NOW | RTLD_NOLOAD);
    assert_non_null(handle);
    void *symbol = dlsym(handle, name);
    dlclose(handle);
    assert_non_null(symbol);
    return symbol;
}

size_t wt_output(UINT device, void *buffer, size_t capacity)
{
    wave_test_driver_output_fn fn;
    void *symbol = driver_symbol("wave_test_driver_output");
    memcpy(&fn, &symbol, sizeof fn);
    return fn(device, buffer, capacity);
}

void wt_clear_output(void)
{
    wave_test_driver_clear_fn fn;
    void *symbol = driver_symbol("wave_test_driver_clear");
    memcpy(&fn, &symbol, sizeof fn);
    fn();
}

void wt_driver_log(char *buffer, size_t capacity)
{
    wave_test_driver_log_fn fn;
    void *symbol = driver_symbol("wave_test_driver_log");
    memcpy(&fn, &symbol, sizeof fn);
    fn(buffer, capacity);
}

WAVEFORMATEX wt_pcm(DWORD rate, WORD channels, WORD bits)
{
    WAVEFORMATEX f;
    memset(&f, 0, sizeof f);
    f.wFormatTag = WAVE_FORMAT_PCM;
    f.nChannels = channels;
    f.nSamplesPerSec = rate;
    f.wBitsPerSample = bits;
    f.nBlockAlign = (WORD)(channels * bits / 8);
    f.nAvgBytesPerSec = rate * f.nBlockAlign;
    return f;
}

void wt_pattern(int16_t *samples, size_t count, uint32_t start)
{
    for (size_t i = 0; i < count; i++)
        samples[i] = (int16_t)(uint16_t)(start + i);
}

void wt_sleep_ms(unsigned ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

bool wt_wait_flag(volatile int *flag, unsigned ms)
{
    for (unsigned waited = 0; waited < ms && !__atomic_load_n(flag, __ATOMIC_ACQUIRE); waited += 2)
        wt_sleep_ms(2);
    return __atomic_load_n(flag, __ATOMIC_ACQUIRE) != 0;
}
