/*
 * ts_driver.c - the recording in-process driver (see ts_driver.h). A DriverProc gets no
 * context pointer, so each bound driver gets one of a few fixed trampolines; the records are
 * kept under one lock because the stress tests send messages from many threads.
 */
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "common_int.h"
#include "ts_driver.h"

#define SLOTS 8

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static ts_driver *slots[SLOTS];

void ts_driver_clear(ts_driver *driver)
{
    pthread_mutex_lock(&lock);
    memset(driver->records, 0, sizeof driver->records);
    driver->count = 0;
    pthread_mutex_unlock(&lock);
}

void ts_driver_reset(ts_driver *driver)
{
    ts_driver_clear(driver);
    pthread_mutex_lock(&lock);
    ts_driver defaults = TS_DRIVER_INIT;
    memcpy(driver, &defaults, offsetof(ts_driver, records));
    pthread_mutex_unlock(&lock);
}

LRESULT ts_answer_driver_details(ACMDRIVERDETAILSW *out, DWORD format_tags)
{
    ACMDRIVERDETAILSW d;
    memset(&d, 0, sizeof d);
    d.cbStruct = out->cbStruct < sizeof d ? out->cbStruct : sizeof d;
    d.fccType = ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC;
    d.fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC;
    d.cFormatTags = format_tags;
    memcpy(out, &d, d.cbStruct);
    return MMSYSERR_NOERROR;
}

/* Appends one message to the driver's records while there is room. */
static void record(ts_driver *driver, DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM lParam1, LPARAM lParam2)
{
    pthread_mutex_lock(&lock);
    if (driver->count < TS_DRIVER_RECORDS) {
        ts_driver_record *r = &driver->records[driver->count++];
        *r = (ts_driver_record){id, hdrvr, msg, lParam1, lParam2, ""};
        if (msg == DRV_OPEN && lParam1 && driver->open_argument_text)
            pacm_utf16_to_utf8_buffer((LPCWSTR)lParam1, r->argument, sizeof r->argument);
    }
    pthread_mutex_unlock(&lock);
}

LRESULT ts_driver_answer(ts_driver *driver, DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM lParam1, LPARAM lParam2)
{
    record(driver, id, hdrvr, msg, lParam1, lParam2);
    if (driver->hook) {
        LRESULT result = driver->hook(driver, id, hdrvr, msg, lParam1, lParam2);
        if (result != TS_DRIVER_STANDARD)
            return result;
    }
    switch (msg) {
    case DRV_LOAD:
        return driver->load_result;
    case DRV_ENABLE:
        return driver->enable_result;
    case DRV_FREE:
    case DRV_DISABLE:
        return 1;
    case DRV_OPEN:
        if (driver->next_id) {
            pthread_mutex_lock(&lock);
            LRESULT fresh = (LRESULT)driver->next_id++;
            pthread_mutex_unlock(&lock);
            return fresh;
        }
        return driver->open_result;
    case DRV_CLOSE:
        return driver->close_result;
    case ACMDM_DRIVER_DETAILS:
        if (driver->format_tags)
            return ts_answer_driver_details((ACMDRIVERDETAILSW *)lParam1, driver->format_tags);
        break;
    default:
        break;
    }
    if (driver->acm && id != 0)
        return MMSYSERR_NOTSUPPORTED;
    return DefDriverProc(id, hdrvr, msg, lParam1, lParam2);
}

/* The DriverProc of slot n: answers as the driver bound there. */
#define TRAMPOLINE(n)                                                                                  \
    static LRESULT CALLBACK slot##n(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM lParam1, LPARAM lParam2) \
    {                                                                                                  \
        return ts_driver_answer(slots[n], id, hdrvr, msg, lParam1, lParam2);                           \
    }
TRAMPOLINE(0)
TRAMPOLINE(1)
TRAMPOLINE(2)
TRAMPOLINE(3)
TRAMPOLINE(4)
TRAMPOLINE(5)
TRAMPOLINE(6)
TRAMPOLINE(7)

static const DRIVERPROC trampolines[SLOTS] = {slot0, slot1, slot2, slot3, slot4, slot5, slot6, slot7};

DRIVERPROC ts_driver_proc(ts_driver *driver)
{
    pthread_mutex_lock(&lock);
    int free_slot = -1;
    for (int i = 0; i < SLOTS; i++) {
        if (slots[i] == driver) {
            pthread_mutex_unlock(&lock);
            return trampolines[i];
        }
        if (!slots[i] && free_slot < 0)
            free_slot = i;
    }
    if (free_slot >= 0)
        slots[free_slot] = driver;
    pthread_mutex_unlock(&lock);
    return free_slot >= 0 ? trampolines[free_slot] : NULL;
}

void ts_driver_release(ts_driver *driver)
{
    pthread_mutex_lock(&lock);
    for (int i = 0; i < SLOTS; i++)
        if (slots[i] == driver)
            slots[i] = NULL;
    pthread_mutex_unlock(&lock);
}

int ts_driver_count(ts_driver *driver, UINT msg)
{
    pthread_mutex_lock(&lock);
    int n = 0;
    for (int i = 0; i < driver->count; i++)
        n += driver->records[i].msg == msg;
    pthread_mutex_unlock(&lock);
    return n;
}

const ts_driver_record *ts_driver_last(ts_driver *driver, UINT msg)
{
    pthread_mutex_lock(&lock);
    const ts_driver_record *last = NULL;
    for (int i = 0; i < driver->count; i++)
        if (driver->records[i].msg == msg)
            last = &driver->records[i];
    pthread_mutex_unlock(&lock);
    return last;
}
