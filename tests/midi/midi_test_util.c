/*
 * midi_test_util.c - see midi_test_util.h.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "devices_int.h"
#include "midi_test_util.h"
#include "ts_files.h"

static char driver_path[1024];
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;

/* The driver finds these in the test program (NO_LINK). */
void *mt_exported_for_driver[] = {(void *)DriverCallback, (void *)DefDriverProc};

char *mt_setup(const char *knobs)
{
    char *folder = ts_temp_dir();
    snprintf(driver_path, sizeof driver_path, "%s/midi_test_driver.so", PORTACM_MIDI_TEST_DRIVER_DIR);
    char text[4096];
    snprintf(text, sizeof text, "[drivers32]\nmidi=%s %s\n", driver_path, knobs ? knobs : "");
    ts_use_drivers_file(folder, text);
    pacm_dev_reset();
    midiOutGetNumDevs(); /* installs the mapper, loads the drivers */
    return folder;
}

void mt_teardown(char *folder)
{
    pacm_dev_reset();
    ts_remove_tree(folder);
    free(folder);
}

static void *driver_symbol(const char *name)
{
    void *handle = dlopen(driver_path, RTLD_NOW | RTLD_NOLOAD);
    assert_non_null(handle);
    void *symbol = dlsym(handle, name);
    dlclose(handle);
    assert_non_null(symbol);
    return symbol;
}

size_t mt_events(midi_test_event *events, size_t capacity)
{
    midi_test_driver_events_fn fn;
    void *symbol = driver_symbol("midi_test_driver_events");
    memcpy(&fn, &symbol, sizeof fn);
    return fn(events, capacity);
}

void mt_clear(void)
{
    midi_test_driver_clear_fn fn;
    void *symbol = driver_symbol("midi_test_driver_clear");
    memcpy(&fn, &symbol, sizeof fn);
    fn();
}

void mt_fail(UINT msg, DWORD result)
{
    midi_test_driver_fail_fn fn;
    void *symbol = driver_symbol("midi_test_driver_fail");
    memcpy(&fn, &symbol, sizeof fn);
    fn(msg, result);
}

void mt_inject(UINT device, const void *bytes, size_t size)
{
    midi_test_driver_inject_fn fn;
    void *symbol = driver_symbol("midi_test_driver_inject");
    memcpy(&fn, &symbol, sizeof fn);
    fn(device, bytes, size);
}

void mt_sleep_ms(unsigned ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

uint64_t mt_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void CALLBACK mt_record(HDRVR handle, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    mt_seen *seen = (mt_seen *)instance;
    if (!seen)
        return;
    pthread_mutex_lock(&seen_lock);
    if (seen->count < MT_SEEN_MAX) {
        int i = seen->count++;
        seen->msgs[i] = msg;
        seen->handles[i] = (DWORD_PTR)handle;
        seen->p1[i] = p1;
        seen->p2[i] = p2;
        seen->offsets[i] = msg == MOM_POSITIONCB && p1 ? ((MIDIHDR *)p1)->dwOffset : 0;
        seen->ns[i] = mt_now_ns();
    }
    pthread_mutex_unlock(&seen_lock);
}

int mt_count(mt_seen *seen, UINT msg)
{
    pthread_mutex_lock(&seen_lock);
    int n = 0;
    for (int i = 0; i < seen->count; i++)
        n += seen->msgs[i] == msg;
    pthread_mutex_unlock(&seen_lock);
    return n;
}

bool mt_wait(mt_seen *seen, UINT msg, int count, unsigned ms)
{
    for (unsigned i = 0; i < ms; i += 2) {
        if (mt_count(seen, msg) >= count)
            return true;
        mt_sleep_ms(2);
    }
    return mt_count(seen, msg) >= count;
}
