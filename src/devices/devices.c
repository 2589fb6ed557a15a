/*
 * devices.c - winmm's device-driver manager (devices_int.h): the table of loaded device drivers,
 * global and local device IDs, the mappers, and message routing.
 *
 * The table only grows while the process runs (in-process registrations append), so an ID
 * never moves. One mutex guards it; it is never held while a driver's message function runs:
 * a caller copies the function and the local ID under the lock, then calls without it.
 * Loading (devices_load.c) runs on one thread; other threads wait on a condition variable,
 * while the loading thread itself (a driver calling back during DRVM_INIT) returns at once.
 */
#include <pthread.h>
#include <string.h>

#include "devices_load_int.h"

static pthread_mutex_t dev_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t dev_ready = PTHREAD_COND_INITIALIZER;
static enum { DEV_NONE, DEV_LOADING, DEV_READY } dev_state;
static pthread_t dev_loader;

static pacm_dev_driver **drivers;
static UINT driver_count;
static UINT driver_capacity;
static UINT class_total[PACM_DEV_CLASSES];
static PORTACM_DEVICE_MESSAGE mappers[PACM_DEV_CLASSES];

void pacm_dev_lock(void)
{
    pthread_mutex_lock(&dev_lock);
}

void pacm_dev_unlock(void)
{
    pthread_mutex_unlock(&dev_lock);
}

bool pacm_dev_append_locked(pacm_dev_driver *driver)
{
    if (driver_count == driver_capacity) {
        UINT grown = driver_capacity ? driver_capacity * 2 : 8;
        pacm_dev_driver **bigger = pacm_mem_realloc(drivers, grown * sizeof *bigger);
        if (!bigger)
            return false;
        drivers = bigger;
        driver_capacity = grown;
    }
    for (int cls = 0; cls < PACM_DEV_CLASSES; cls++) {
        driver->first[cls] = class_total[cls];
        class_total[cls] += driver->count[cls];
    }
    drivers[driver_count++] = driver;
    return true;
}

bool pacm_dev_loaded_locked(const char *file)
{
    for (UINT i = 0; i < driver_count; i++)
        if (pacm_drv_name_equal(drivers[i]->file, file))
            return true;
    return false;
}

/* Undoes an incomplete load: unloads the drivers it appended (from index `start` on), last
 * first. Runs in DEV_LOADING, so no other thread changes the table meanwhile. */
static void unload_from(UINT start)
{
    pthread_mutex_lock(&dev_lock);
    UINT end = driver_count;
    for (UINT i = start; i < end; i++)
        for (int cls = 0; cls < PACM_DEV_CLASSES; cls++)
            class_total[cls] -= drivers[i]->count[cls];
    driver_count = start;
    pthread_mutex_unlock(&dev_lock);
    for (UINT i = end; i-- > start;)
        pacm_dev_driver_unload(drivers[i]);
}

void pacm_dev_init(void)
{
    pthread_mutex_lock(&dev_lock);
    while (dev_state == DEV_LOADING && !pthread_equal(dev_loader, pthread_self()))
        pthread_cond_wait(&dev_ready, &dev_lock);
    if (dev_state != DEV_NONE) {
        pthread_mutex_unlock(&dev_lock);
        return;
    }
    dev_state = DEV_LOADING;
    dev_loader = pthread_self();
    UINT start = driver_count;
    pthread_mutex_unlock(&dev_lock);

    /* A load that saw an allocation failure is not kept: the next call loads again. */
    bool complete = pacm_dev_load_all();
    if (!complete) {
        pacm_log_debug("devices: out of memory while loading the device drivers; the next call loads again");
        unload_from(start);
    }

    pthread_mutex_lock(&dev_lock);
    dev_state = complete ? DEV_READY : DEV_NONE;
    pthread_cond_broadcast(&dev_ready);
    pthread_mutex_unlock(&dev_lock);
}

/* Takes the table away (under the lock) so that it can be unloaded without it. */
static pacm_dev_driver **take_table(UINT *count)
{
    pthread_mutex_lock(&dev_lock);
    while (dev_state == DEV_LOADING && !pthread_equal(dev_loader, pthread_self()))
        pthread_cond_wait(&dev_ready, &dev_lock);
    pacm_dev_driver **table = drivers;
    *count = driver_count;
    drivers = NULL;
    driver_count = driver_capacity = 0;
    memset(class_total, 0, sizeof class_total);
    dev_state = DEV_NONE;
    pthread_mutex_unlock(&dev_lock);
    return table;
}

void pacm_dev_reset(void)
{
    UINT count;
    pacm_dev_driver **table = take_table(&count);
    for (UINT i = count; i-- > 0;)
        pacm_dev_driver_unload(table[i]);
    pacm_mem_free(table);
}

UINT pacm_dev_count(pacm_dev_class cls)
{
    if ((unsigned)cls >= PACM_DEV_CLASSES)
        return 0;
    pacm_dev_init();
    pthread_mutex_lock(&dev_lock);
    UINT total = class_total[cls];
    pthread_mutex_unlock(&dev_lock);
    return total;
}

/* The driver owning global `id`; the caller holds the lock. */
static pacm_dev_driver *find_locked(pacm_dev_class cls, UINT id, UINT *driver_index, UINT *local_id)
{
    for (UINT i = 0; i < driver_count; i++) {
        pacm_dev_driver *driver = drivers[i];
        if (id >= driver->first[cls] && id - driver->first[cls] < driver->count[cls]) {
            if (driver_index)
                *driver_index = i;
            if (local_id)
                *local_id = id - driver->first[cls];
            return driver;
        }
    }
    return NULL;
}

DWORD pacm_dev_message(pacm_dev_class cls, UINT id, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    if ((unsigned)cls >= PACM_DEV_CLASSES)
        return MMSYSERR_BADDEVICEID;
    pacm_dev_init();
    PORTACM_DEVICE_MESSAGE proc = NULL;
    UINT local = (UINT)-1;
    bool gone = false;
    pthread_mutex_lock(&dev_lock);
    if (id == PACM_DEV_MAPPER || id == 0xFFFF) {
        proc = mappers[cls];
    } else {
        pacm_dev_driver *driver = find_locked(cls, id, NULL, &local);
        if (driver) {
            proc = driver->procs[cls];
            gone = driver->closed;
        }
    }
    pthread_mutex_unlock(&dev_lock);
    if (gone)
        return MMSYSERR_NODRIVER;
    if (!proc)
        return MMSYSERR_BADDEVICEID;
    return proc(local, msg, user, p1, p2);
}

void pacm_dev_set_mapper(pacm_dev_class cls, PORTACM_DEVICE_MESSAGE proc)
{
    if ((unsigned)cls >= PACM_DEV_CLASSES)
        return;
    pthread_mutex_lock(&dev_lock);
    mappers[cls] = proc;
    pthread_mutex_unlock(&dev_lock);
}

bool pacm_dev_has_mapper(pacm_dev_class cls)
{
    if ((unsigned)cls >= PACM_DEV_CLASSES)
        return false;
    pthread_mutex_lock(&dev_lock);
    bool present = mappers[cls] != NULL;
    pthread_mutex_unlock(&dev_lock);
    return present;
}

bool pacm_dev_locate(pacm_dev_class cls, UINT id, UINT *driver_index, UINT *local_id)
{
    if ((unsigned)cls >= PACM_DEV_CLASSES)
        return false;
    pacm_dev_init();
    pthread_mutex_lock(&dev_lock);
    bool found = find_locked(cls, id, driver_index, local_id) != NULL;
    pthread_mutex_unlock(&dev_lock);
    return found;
}

UINT pacm_dev_driver_count(pacm_dev_class cls, UINT driver_index)
{
    if ((unsigned)cls >= PACM_DEV_CLASSES)
        return 0;
    pacm_dev_init();
    pthread_mutex_lock(&dev_lock);
    UINT count = driver_index < driver_count ? drivers[driver_index]->count[cls] : 0;
    pthread_mutex_unlock(&dev_lock);
    return count;
}

UINT pacm_dev_global_id(pacm_dev_class cls, UINT driver_index, UINT local_id)
{
    if ((unsigned)cls >= PACM_DEV_CLASSES)
        return (UINT)-1;
    pacm_dev_init();
    UINT id = (UINT)-1;
    pthread_mutex_lock(&dev_lock);
    if (driver_index < driver_count && local_id < drivers[driver_index]->count[cls])
        id = drivers[driver_index]->first[cls] + local_id;
    pthread_mutex_unlock(&dev_lock);
    return id;
}

const char *pacm_dev_driver_name(UINT driver_index)
{
    pacm_dev_init();
    pthread_mutex_lock(&dev_lock);
    const char *name = driver_index < driver_count ? drivers[driver_index]->file : NULL;
    pthread_mutex_unlock(&dev_lock);
    return name;
}
