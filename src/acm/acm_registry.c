/*
 * acm_registry.c - the list of installed ACM drivers: building it, its priority order (the
 * priority file itself is acm_priority.c's), snapshots for enumeration and searches, adding and
 * removing drivers (with the acmStreamOpen trials a removal waits for), and change
 * notifications. One driver ID and its instances are acm_driver_id.c's.
 *
 * Windows builds the list from the registry's Drivers32 msacm.* values, reorders it with
 * HKCU "Priority v4.00" and appends the PCM converter. We do the same from the built-in codec
 * list, the drivers file's [drivers32] msacm.* entries and a priority file in
 * $XDG_CONFIG_HOME/portacm/acm-priority.ini (docs/acm.md describes the format).
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "acm_int.h"
#include "codecs_int.h"
#include "driver_int.h"

/* The list is built by the first ACM call; if an allocation failed while it was built, the
 * next call builds what is missing (registry_built stays false until a build is complete). */
static pthread_mutex_t registry_build_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_bool registry_built;
static _Thread_local bool registry_initialising;
pthread_mutex_t pacm_acm_registry_lock = PTHREAD_MUTEX_INITIALIZER;

/* Installed drivers in priority order: local drivers (newest first), then global drivers,
 * the PCM converter last. Notify entries live in their own list. Neither list holds a
 * reference: an entry is unlinked before its handle is closed. */
static acm_driver_id **registry_drivers;
static size_t registry_count;
static size_t registry_capacity;
static acm_driver_id **registry_notifies;
static size_t registry_notify_count;
static size_t registry_notify_capacity;
static unsigned long registry_local_serial;
static unsigned registry_defer_depth;
static bool registry_broadcast_pending;
/* Signalled (with pacm_acm_registry_lock) when the last trial on an ID that a removal waits for ends. */
static pthread_cond_t registry_trials_done = PTHREAD_COND_INITIALIZER;
/* Trials the calling thread holds (a removal on such a thread never waits). */
static _Thread_local unsigned registry_trials_held;

/* ---- trials of acmStreamOpen(had = NULL) ------------------------------------------------- */

bool pacm_acm_driver_id_trial_begin(acm_driver_id *id)
{
    pthread_mutex_lock(&pacm_acm_registry_lock);
    bool begun = !id->removed && id->removers == 0;
    if (begun) {
        id->trials++;
        registry_trials_held++;
    }
    pthread_mutex_unlock(&pacm_acm_registry_lock);
    return begun;
}

void pacm_acm_driver_id_trial_end(acm_driver_id *id)
{
    pthread_mutex_lock(&pacm_acm_registry_lock);
    id->trials--;
    registry_trials_held--;
    if (id->trials == 0 && id->removers != 0)
        pthread_cond_broadcast(&registry_trials_done);
    pthread_mutex_unlock(&pacm_acm_registry_lock);
}

/* Grows a pointer array by one slot. Lock held. */
static bool list_reserve(acm_driver_id ***list, size_t count, size_t *capacity)
{
    if (count < *capacity)
        return true;
    size_t grown = *capacity ? *capacity * 2 : 16;
    size_t bytes;
    if (!pacm_size_mul(grown, sizeof **list, &bytes))
        return false;
    acm_driver_id **bigger = pacm_mem_realloc(*list, bytes);
    if (!bigger)
        return false;
    *list = bigger;
    *capacity = grown;
    return true;
}

/* Inserts at `position` (clamped). Lock held. */
static bool list_insert(size_t position, acm_driver_id *id)
{
    if (!list_reserve(&registry_drivers, registry_count, &registry_capacity))
        return false;
    if (position > registry_count)
        position = registry_count;
    memmove(&registry_drivers[position + 1], &registry_drivers[position],
            (registry_count - position) * sizeof *registry_drivers);
    registry_drivers[position] = id;
    registry_count++;
    return true;
}

/* Index in the driver list, or SIZE_MAX. Lock held. */
static size_t list_find(const acm_driver_id *id)
{
    for (size_t i = 0; i < registry_count; i++) {
        if (registry_drivers[i] == id)
            return i;
    }
    return SIZE_MAX;
}

static void list_remove_at(size_t position)
{
    memmove(&registry_drivers[position], &registry_drivers[position + 1],
            (registry_count - position - 1) * sizeof *registry_drivers);
    registry_count--;
}

/* Index where global drivers start (after the local ones) and where the PCM converter sits
 * (registry_count if absent). Lock held. */
static size_t list_first_global(void)
{
    size_t i = 0;
    while (i < registry_count && registry_drivers[i]->kind == ACM_DRIVER_KIND_LOCAL)
        i++;
    return i;
}

static size_t list_pcm_position(void)
{
    for (size_t i = 0; i < registry_count; i++) {
        if (registry_drivers[i]->pcm_converter)
            return i;
    }
    return registry_count;
}

/* Destroys an ID that never became visible (its handle is closed, dropping the last ref). */
static void driver_id_discard(acm_driver_id *id)
{
    pacm_handle_close((uintptr_t)id->handle, HANDLE_TYPE_ACM_DRIVERID);
}

/* Drivers32 names of ACM drivers start with "msacm." (any case) and name something. */
bool pacm_acm_alias_is_msacm(const char *alias)
{
    return alias && strlen(alias) > 6 && strncasecmp(alias, "msacm.", 6) == 0;
}

/* ---- the priority order ------------------------------------------------------------------ */

/* Reorders the global drivers: the listed ones first in file order, the others after them in
 * their default order, the PCM converter stays last; applies each listed enabled state. */
static void priority_apply(const acm_priority_entry *entries, size_t count)
{
    pthread_mutex_lock(&pacm_acm_registry_lock);
    size_t next = list_first_global();
    for (size_t e = 0; e < count; e++) {
        for (size_t i = list_first_global(); i < registry_count; i++) {
            acm_driver_id *id = registry_drivers[i];
            if (id->kind != ACM_DRIVER_KIND_GLOBAL || strcasecmp(id->alias, entries[e].alias) != 0)
                continue;
            id->enabled = entries[e].enabled;
            if (!id->pcm_converter && i >= next) {
                list_remove_at(i);
                list_insert(next, id); /* cannot fail: the capacity is already there */
                next++;
            }
            break;
        }
    }
    pthread_mutex_unlock(&pacm_acm_registry_lock);
}

/* pacm_acm_priority_write's snapshot: the global drivers in list order with their states. */
static size_t priority_snapshot(acm_priority_entry **out)
{
    size_t count = 0;
    pthread_mutex_lock(&pacm_acm_registry_lock);
    size_t first = list_first_global();
    acm_priority_entry *entries = registry_count > first ? pacm_mem_calloc(registry_count - first, sizeof *entries) : NULL;
    for (size_t i = first; entries && i < registry_count; i++) {
        acm_driver_id *id = registry_drivers[i];
        if (id->kind != ACM_DRIVER_KIND_GLOBAL || !(entries[count].alias = pacm_mem_strdup(id->alias)))
            continue;
        entries[count].enabled = id->enabled;
        entries[count].position = count + 1;
        count++;
    }
    pthread_mutex_unlock(&pacm_acm_registry_lock);
    *out = entries;
    return count;
}

/* ---- building the list ------------------------------------------------------------------- */

typedef struct alias_collection {
    char **aliases;
    size_t count;
} alias_collection;

static bool collect_msacm_alias(const char *alias, const char *value, void *context)
{
    alias_collection *collection = context;
    if (!pacm_acm_alias_is_msacm(alias))
        return true;
    char **bigger = pacm_mem_realloc(collection->aliases, (collection->count + 1) * sizeof *bigger);
    if (!bigger)
        return false;
    collection->aliases = bigger;
    collection->aliases[collection->count] = pacm_mem_strdup(alias);
    if (collection->aliases[collection->count])
        collection->count++;
    return true;
}

static bool collection_has(const alias_collection *collection, const char *alias)
{
    for (size_t i = 0; i < collection->count; i++) {
        if (strcasecmp(collection->aliases[i], alias) == 0)
            return true;
    }
    return false;
}

/* Appends a global driver (before the PCM converter once that is in). False if it failed. */
static bool registry_append_global(acm_driver_id *id)
{
    pthread_mutex_lock(&pacm_acm_registry_lock);
    bool ok = list_insert(list_pcm_position(), id);
    pthread_mutex_unlock(&pacm_acm_registry_lock);
    if (!ok)
        driver_id_discard(id);
    return ok;
}

/* The built-in codec with this alias, or NULL. */
static const codec_builtin *builtin_by_alias(const char *alias)
{
    size_t count = 0;
    const codec_builtin *builtins = pacm_codecs_builtin_list(&count);
    for (size_t i = 0; i < count; i++) {
        if (builtins[i].alias && strcasecmp(builtins[i].alias, alias) == 0)
            return &builtins[i];
    }
    return NULL;
}

static bool builtin_is_pcm_converter(const codec_builtin *builtin)
{
    return builtin->module && strcasecmp(builtin->module, "msacm32.dll") == 0;
}

/* Creates the ID of a global driver: a built-in opened by its module name, or a drivers-file
 * entry opened by its alias in [drivers32]. */
static MMRESULT global_create(const char *alias, const codec_builtin *builtin, acm_driver_id **out)
{
    MMRESULT result;
    if (builtin)
        result = pacm_acm_driver_id_create(ACM_DRIVER_KIND_GLOBAL, alias, builtin->module, NULL, NULL, NULL, out);
    else
        result = pacm_acm_driver_id_create(ACM_DRIVER_KIND_GLOBAL, alias, alias, pacm_acm_drivers32_section, NULL, NULL, out);
    if (result == MMSYSERR_NOERROR && builtin)
        (*out)->pcm_converter = builtin_is_pcm_converter(builtin);
    return result;
}

/* True when a global driver with this alias is in the list (a rebuild skips it). */
static bool registry_has_global(const char *alias)
{
    bool found = false;
    pthread_mutex_lock(&pacm_acm_registry_lock);
    for (size_t i = 0; i < registry_count && !found; i++) {
        const acm_driver_id *id = registry_drivers[i];
        found = id->kind == ACM_DRIVER_KIND_GLOBAL && strcasecmp(id->alias, alias) == 0;
    }
    pthread_mutex_unlock(&pacm_acm_registry_lock);
    return found;
}

/* Builds the global part of the list (called with registry_build_lock held). Drivers already
 * in the list are skipped, so a build after an incomplete one only adds what is missing.
 * Returns false when an allocation failed on the way (the next pacm_acm_init tries again); a driver
 * that fails for any other reason (a missing shared object) is not retried. */
static bool registry_build(void)
{
    long failures = pacm_mem_failure_count();
    registry_initialising = true;
    pacm_codecs_register_builtins();

    alias_collection file_aliases = {NULL, 0};
    pacm_drv_config_enumerate("drivers32", collect_msacm_alias, &file_aliases);

    size_t builtin_count = 0;
    const codec_builtin *builtins = pacm_codecs_builtin_list(&builtin_count);
    acm_driver_id *pcm = NULL;
    for (size_t i = 0; i < builtin_count; i++) {
        const codec_builtin *builtin = &builtins[i];
        /* A drivers-file entry with the same alias replaces the built-in. */
        if (!builtin->alias || collection_has(&file_aliases, builtin->alias) || registry_has_global(builtin->alias))
            continue;
        acm_driver_id *id = NULL;
        if (global_create(builtin->alias, builtin, &id) != MMSYSERR_NOERROR)
            continue;
        if (id->pcm_converter && !pcm)
            pcm = id;
        else
            registry_append_global(id);
    }
    for (size_t i = 0; i < file_aliases.count; i++) {
        acm_driver_id *id = NULL;
        if (!registry_has_global(file_aliases.aliases[i]) &&
            global_create(file_aliases.aliases[i], NULL, &id) == MMSYSERR_NOERROR)
            registry_append_global(id);
        pacm_mem_free(file_aliases.aliases[i]);
    }
    pacm_mem_free(file_aliases.aliases);
    if (pcm) {
        pthread_mutex_lock(&pacm_acm_registry_lock);
        bool ok = list_insert(registry_count, pcm);
        pthread_mutex_unlock(&pacm_acm_registry_lock);
        if (!ok)
            driver_id_discard(pcm);
    }

    acm_priority_entry *entries = NULL;
    size_t count = pacm_acm_priority_read(&entries);
    priority_apply(entries, count);
    pacm_acm_priority_entries_free(entries, count);
    registry_initialising = false;
    return pacm_mem_failure_count() == failures;
}

void pacm_acm_init(void)
{
    /* A driver that calls the ACM while it is being loaded at start-up must not deadlock. */
    if (registry_initialising)
        return;
    if (atomic_load_explicit(&registry_built, memory_order_acquire))
        return;
    pthread_mutex_lock(&registry_build_lock);
    if (!atomic_load_explicit(&registry_built, memory_order_relaxed))
        atomic_store_explicit(&registry_built, registry_build(), memory_order_release);
    pthread_mutex_unlock(&registry_build_lock);
}

/* ---- snapshots --------------------------------------------------------------------------- */

MMRESULT pacm_acm_driver_list_snapshot(DWORD flags, acm_driver_list *list)
{
    list->ids = NULL;
    list->count = 0;
    pthread_mutex_lock(&pacm_acm_registry_lock);
    if (registry_count) {
        list->ids = pacm_mem_calloc(registry_count, sizeof *list->ids);
        if (!list->ids) {
            pthread_mutex_unlock(&pacm_acm_registry_lock);
            return MMSYSERR_NOMEM;
        }
    }
    for (size_t i = 0; i < registry_count; i++) {
        acm_driver_id *id = registry_drivers[i];
        if (!id->enabled && !(flags & ACM_DRIVERENUMF_DISABLED))
            continue;
        if (id->kind == ACM_DRIVER_KIND_LOCAL && (flags & ACM_DRIVERENUMF_NOLOCAL))
            continue;
        pacm_acm_driver_id_ref(id);
        list->ids[list->count++] = id;
    }
    pthread_mutex_unlock(&pacm_acm_registry_lock);
    return MMSYSERR_NOERROR;
}

void pacm_acm_driver_list_release(acm_driver_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        pacm_acm_driver_id_release(list->ids[i]);
    pacm_mem_free(list->ids);
    list->ids = NULL;
    list->count = 0;
}

/* ---- notifications ----------------------------------------------------------------------- */

void pacm_acm_registry_broadcast(void)
{
    pthread_mutex_lock(&pacm_acm_registry_lock);
    if (registry_defer_depth) {
        registry_broadcast_pending = true;
        pthread_mutex_unlock(&pacm_acm_registry_lock);
        return;
    }
    size_t total = registry_count + registry_notify_count;
    acm_driver_id **targets = total ? pacm_mem_calloc(total, sizeof *targets) : NULL;
    size_t count = 0;
    if (targets) {
        for (size_t i = 0; i < registry_count; i++) {
            if (registry_drivers[i]->enabled)
                targets[count++] = registry_drivers[i];
        }
        for (size_t i = 0; i < registry_notify_count; i++) {
            if (registry_notifies[i]->enabled)
                targets[count++] = registry_notifies[i];
        }
        for (size_t i = 0; i < count; i++)
            pacm_acm_driver_id_ref(targets[i]);
    }
    pthread_mutex_unlock(&pacm_acm_registry_lock);
    for (size_t i = 0; i < count; i++) {
        acm_driver_id *id = targets[i];
        if (id->kind == ACM_DRIVER_KIND_NOTIFY)
            SendMessageW(id->notify_window, id->notify_message, 0, 0);
        else
            pacm_acm_driver_send(id, NULL, ACMDM_DRIVER_NOTIFY, 0, 0);
        pacm_acm_driver_id_release(id);
    }
    pacm_mem_free(targets);
}

void pacm_acm_registry_defer(bool begin)
{
    bool fire = false;
    pthread_mutex_lock(&pacm_acm_registry_lock);
    if (begin) {
        registry_defer_depth++;
    } else if (registry_defer_depth > 0) {
        registry_defer_depth--;
        fire = registry_defer_depth == 0 && registry_broadcast_pending;
        if (fire)
            registry_broadcast_pending = false;
    }
    pthread_mutex_unlock(&pacm_acm_registry_lock);
    if (fire)
        pacm_acm_registry_broadcast();
}

/* ---- changes ----------------------------------------------------------------------------- */

MMRESULT pacm_acm_registry_add_local(HMODULE module, DRIVERPROC proc, HACMDRIVERID *phadid)
{
    pthread_mutex_lock(&pacm_acm_registry_lock);
    unsigned long serial = ++registry_local_serial;
    pthread_mutex_unlock(&pacm_acm_registry_lock);
    char alias[32];
    snprintf(alias, sizeof alias, "local.%lu", serial);
    acm_driver_id *id = NULL;
    MMRESULT result = pacm_acm_driver_id_create(ACM_DRIVER_KIND_LOCAL, alias, NULL, NULL, module, proc, &id);
    if (result != MMSYSERR_NOERROR)
        return result;
    pthread_mutex_lock(&pacm_acm_registry_lock);
    bool ok = list_insert(0, id);
    pthread_mutex_unlock(&pacm_acm_registry_lock);
    if (!ok) {
        driver_id_discard(id);
        return MMSYSERR_NOMEM;
    }
    *phadid = id->handle;
    return MMSYSERR_NOERROR;
}

MMRESULT pacm_acm_registry_add_name(const char *alias, HACMDRIVERID *phadid)
{
    if (!pacm_acm_alias_is_msacm(alias))
        return MMSYSERR_INVALPARAM;
    /* Already installed: the same ID. */
    pthread_mutex_lock(&pacm_acm_registry_lock);
    for (size_t i = list_first_global(); i < registry_count; i++) {
        if (strcasecmp(registry_drivers[i]->alias, alias) == 0) {
            *phadid = registry_drivers[i]->handle;
            pthread_mutex_unlock(&pacm_acm_registry_lock);
            return MMSYSERR_NOERROR;
        }
    }
    pthread_mutex_unlock(&pacm_acm_registry_lock);
    char *value = pacm_drv_config_lookup("drivers32", alias);
    const codec_builtin *builtin = value ? NULL : builtin_by_alias(alias);
    pacm_mem_free(value);
    if (!value && !builtin)
        return MMSYSERR_INVALPARAM;
    acm_driver_id *id = NULL;
    MMRESULT result = global_create(alias, builtin, &id);
    if (result != MMSYSERR_NOERROR)
        return result;
    pthread_mutex_lock(&pacm_acm_registry_lock);
    bool ok = list_insert(id->pcm_converter ? registry_count : list_pcm_position(), id);
    pthread_mutex_unlock(&pacm_acm_registry_lock);
    if (!ok) {
        driver_id_discard(id);
        return MMSYSERR_NOMEM;
    }
    *phadid = id->handle;
    pacm_acm_registry_broadcast();
    return MMSYSERR_NOERROR;
}

MMRESULT pacm_acm_registry_add_notify(HWND window, UINT message, HACMDRIVERID *phadid)
{
    acm_driver_id *id = NULL;
    MMRESULT result = pacm_acm_driver_id_create(ACM_DRIVER_KIND_NOTIFY, "notify", NULL, NULL, NULL, NULL, &id);
    if (result != MMSYSERR_NOERROR)
        return result;
    id->notify_window = window;
    id->notify_message = message;
    pthread_mutex_lock(&pacm_acm_registry_lock);
    bool ok = list_reserve(&registry_notifies, registry_notify_count, &registry_notify_capacity);
    if (ok)
        registry_notifies[registry_notify_count++] = id;
    pthread_mutex_unlock(&pacm_acm_registry_lock);
    if (!ok) {
        driver_id_discard(id);
        return MMSYSERR_NOMEM;
    }
    *phadid = id->handle;
    return MMSYSERR_NOERROR;
}

typedef struct open_scan {
    acm_driver_id *id;
    bool busy;
    HACMDRIVER *handles;
    size_t count;
    size_t capacity;
} open_scan;

/* Collects the HACMDRIVERs of one ID the application opened and notes whether a stream uses
 * any of them. A handle acmStreamOpen opened for its own stream is the stream's to close. */
static bool scan_open_driver(uintptr_t handle, void *object, void *context)
{
    open_scan *scan = context;
    acm_driver *driver = object;
    if (driver->id != scan->id)
        return true;
    if (atomic_load(&driver->stream_count) > 0)
        scan->busy = true;
    if (driver->stream_owned)
        return true;
    if (scan->count == scan->capacity) {
        size_t grown = scan->capacity ? scan->capacity * 2 : 8;
        HACMDRIVER *bigger = pacm_mem_realloc(scan->handles, grown * sizeof *bigger);
        if (!bigger)
            return true;
        scan->handles = bigger;
        scan->capacity = grown;
    }
    scan->handles[scan->count++] = (HACMDRIVER)handle;
    return true;
}

/* The first half of a removal: no new trial starts on the ID from here on, and the trials in
 * progress end (each either made a stream, which is counted by then, or closed what it
 * opened). Lock held. False if this thread holds a trial itself and the ID is being tried:
 * waiting could then wait for this very thread. */
static bool remove_wait_for_trials(acm_driver_id *id)
{
    id->removers++;
    if (registry_trials_held != 0)
        return id->trials == 0;
    while (id->trials != 0)
        pthread_cond_wait(&registry_trials_done, &pacm_acm_registry_lock);
    return true;
}

MMRESULT pacm_acm_registry_remove(acm_driver_id *id)
{
    open_scan scan = {id, false, NULL, 0, 0};
    if (id->kind != ACM_DRIVER_KIND_NOTIFY) {
        pthread_mutex_lock(&pacm_acm_registry_lock);
        bool settled = remove_wait_for_trials(id);
        pthread_mutex_unlock(&pacm_acm_registry_lock);
        if (settled)
            pacm_handle_enumerate(HANDLE_TYPE_ACM_DRIVER, scan_open_driver, &scan);
        if (!settled || scan.busy) {
            pthread_mutex_lock(&pacm_acm_registry_lock);
            id->removers--;
            pthread_mutex_unlock(&pacm_acm_registry_lock);
            pacm_mem_free(scan.handles);
            return ACMERR_BUSY;
        }
    }
    bool found = false;
    pthread_mutex_lock(&pacm_acm_registry_lock);
    if (id->kind != ACM_DRIVER_KIND_NOTIFY) {
        id->removers--;
        id->removed = true; /* a snapshot taken before still holds it: trials skip it */
    }
    if (id->kind == ACM_DRIVER_KIND_NOTIFY) {
        for (size_t i = 0; i < registry_notify_count; i++) {
            if (registry_notifies[i] == id) {
                registry_notifies[i] = registry_notifies[--registry_notify_count];
                found = true;
                break;
            }
        }
    } else {
        size_t position = list_find(id);
        if (position != SIZE_MAX) {
            list_remove_at(position);
            found = true;
        }
    }
    pthread_mutex_unlock(&pacm_acm_registry_lock);
    if (!found) {
        pacm_mem_free(scan.handles);
        return MMSYSERR_INVALHANDLE;
    }
    /* Instances the application still has open are closed with the driver (as Wine does). */
    for (size_t i = 0; i < scan.count; i++)
        pacm_acm_driver_close(scan.handles[i]);
    pacm_mem_free(scan.handles);
    pacm_handle_close((uintptr_t)id->handle, HANDLE_TYPE_ACM_DRIVERID);
    if (id->kind == ACM_DRIVER_KIND_GLOBAL)
        pacm_acm_registry_broadcast();
    return MMSYSERR_NOERROR;
}

MMRESULT pacm_acm_registry_set_priority(acm_driver_id *id, DWORD priority, DWORD flags)
{
    if (priority != 0 && id->kind != ACM_DRIVER_KIND_GLOBAL)
        return MMSYSERR_NOTSUPPORTED;
    bool changed = false;
    pthread_mutex_lock(&pacm_acm_registry_lock);
    if ((flags & ACM_DRIVERPRIORITYF_ENABLE) && !id->enabled) {
        id->enabled = true;
        changed = true;
    }
    if ((flags & ACM_DRIVERPRIORITYF_DISABLE) && id->enabled) {
        id->enabled = false;
        changed = true;
    }
    size_t position = list_find(id);
    if (priority != 0 && !id->pcm_converter && position != SIZE_MAX) {
        list_remove_at(position);
        size_t first = list_first_global();
        size_t last = list_pcm_position(); /* insert before the PCM converter at most */
        size_t target;
        if ((LONG)priority < 0 || priority - 1 > last - first)
            target = last;
        else
            target = first + (priority - 1);
        list_insert(target, id); /* the slot just freed guarantees capacity */
        changed = changed || target != position;
    }
    pthread_mutex_unlock(&pacm_acm_registry_lock);
    if (changed && id->kind == ACM_DRIVER_KIND_GLOBAL) {
        pacm_acm_priority_write(priority_snapshot);
        pacm_acm_registry_broadcast();
    }
    return MMSYSERR_NOERROR;
}

DWORD pacm_acm_registry_priority_of(acm_driver_id *id)
{
    DWORD priority = 0;
    pthread_mutex_lock(&pacm_acm_registry_lock);
    size_t position = list_find(id);
    if (position != SIZE_MAX) {
        size_t first = id->kind == ACM_DRIVER_KIND_LOCAL ? 0 : list_first_global();
        priority = (DWORD)(position - first + 1);
    }
    pthread_mutex_unlock(&pacm_acm_registry_lock);
    return priority;
}

