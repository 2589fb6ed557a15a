/*
 * acm_registry.c - the list of installed ACM drivers: creation of driver IDs (with their one
 * persistent instance and capability cache), the priority order and the priority file,
 * opened-driver objects, change notifications, and the helpers the stream half uses.
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

/* Sanity limits for what a driver reports (a hostile driver must not make us allocate GBs). */
#define ACM_MAX_TAGS 1024u
#define ACM_MAX_FORMAT_SIZE (sizeof(WAVEFORMATEX) + 0xFFFFu)

static const WCHAR section_drivers32[] = {'D', 'r', 'i', 'v', 'e', 'r', 's', '3', '2', 0};

/* The list is built by the first ACM call; if an allocation failed while it was built, the
 * next call builds what is missing (registry_built stays false until a build is complete). */
static pthread_mutex_t registry_build_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_bool registry_built;
static _Thread_local bool registry_initialising;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

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
/* Signalled (with registry_lock) when the last trial on an ID that a removal waits for ends. */
static pthread_cond_t registry_trials_done = PTHREAD_COND_INITIALIZER;
/* Trials the calling thread holds (a removal on such a thread never waits). */
static _Thread_local unsigned registry_trials_held;

/* ---- reference counting ------------------------------------------------------------------ */

static void driver_id_destroy(acm_driver_id *id)
{
    if (id->instance)
        CloseDriver(id->instance, 0, 0);
    mem_free(id->format_tags);
    mem_free(id->filter_tags);
    mem_free(id->alias);
    mem_free(id->alias_w);
    mem_free(id->open_name);
    mem_free(id);
}

void acm_driver_id_ref(acm_driver_id *id)
{
    atomic_fetch_add(&id->references, 1);
}

void acm_driver_id_release(acm_driver_id *id)
{
    if (id && atomic_fetch_sub(&id->references, 1) == 1)
        driver_id_destroy(id);
}

/* The handle table's destructor: drops the reference the table held. */
static void driver_id_handle_destructor(void *object)
{
    acm_driver_id_release(object);
}

acm_driver_id *acm_driver_id_acquire_any(HACMDRIVERID hadid)
{
    acm_driver_id *id = handle_acquire((uintptr_t)hadid, HANDLE_TYPE_ACM_DRIVERID);
    if (!id)
        return NULL;
    acm_driver_id_ref(id);
    handle_release((uintptr_t)hadid);
    return id;
}

acm_driver_id *acm_driver_id_acquire(HACMDRIVERID hadid)
{
    acm_driver_id *id = acm_driver_id_acquire_any(hadid);
    if (id && id->kind == ACM_DRIVER_KIND_NOTIFY) {
        acm_driver_id_release(id);
        return NULL;
    }
    return id;
}

static void driver_destroy(acm_driver *driver)
{
    if (driver->owns_instance && driver->instance)
        CloseDriver(driver->instance, 0, 0);
    acm_driver_id_release(driver->id);
    mem_free(driver);
}

void acm_driver_release(acm_driver *driver)
{
    if (driver && atomic_fetch_sub(&driver->references, 1) == 1)
        driver_destroy(driver);
}

static void driver_handle_destructor(void *object)
{
    acm_driver_release(object);
}

acm_driver *acm_driver_acquire(HACMDRIVER had)
{
    acm_driver *driver = handle_acquire((uintptr_t)had, HANDLE_TYPE_ACM_DRIVER);
    if (!driver)
        return NULL;
    atomic_fetch_add(&driver->references, 1);
    handle_release((uintptr_t)had);
    return driver;
}

/* ---- queries on an ID -------------------------------------------------------------------- */

bool acm_driver_id_is_enabled(acm_driver_id *id)
{
    pthread_mutex_lock(&registry_lock);
    bool enabled = id->enabled;
    pthread_mutex_unlock(&registry_lock);
    return enabled;
}

DWORD acm_driver_id_support(acm_driver_id *id)
{
    DWORD support = id->details.fdwSupport & ~(ACMDRIVERDETAILS_SUPPORTF_LOCAL | ACMDRIVERDETAILS_SUPPORTF_DISABLED);
    if (id->kind == ACM_DRIVER_KIND_LOCAL)
        support |= ACMDRIVERDETAILS_SUPPORTF_LOCAL;
    if (!acm_driver_id_is_enabled(id))
        support |= ACMDRIVERDETAILS_SUPPORTF_DISABLED;
    return support;
}

static bool tag_list_has(const acm_tag_size *tags, DWORD count, DWORD tag)
{
    for (DWORD i = 0; i < count; i++) {
        if (tags[i].tag == tag)
            return true;
    }
    return false;
}

static DWORD tag_list_max(const acm_tag_size *tags, DWORD count)
{
    DWORD largest = 0;
    for (DWORD i = 0; i < count; i++) {
        if (tags[i].size > largest)
            largest = tags[i].size;
    }
    return largest;
}

bool acm_driver_id_has_format_tag(const acm_driver_id *id, DWORD format_tag)
{
    return tag_list_has(id->format_tags, id->format_tag_count, format_tag);
}

bool acm_driver_id_has_filter_tag(const acm_driver_id *id, DWORD filter_tag)
{
    return tag_list_has(id->filter_tags, id->filter_tag_count, filter_tag);
}

DWORD acm_driver_id_max_format_size(const acm_driver_id *id)
{
    return tag_list_max(id->format_tags, id->format_tag_count);
}

DWORD acm_driver_id_max_filter_size(const acm_driver_id *id)
{
    return tag_list_max(id->filter_tags, id->filter_tag_count);
}

size_t acm_format_size(const WAVEFORMATEX *format)
{
    if (format->wFormatTag == WAVE_FORMAT_PCM)
        return sizeof(PCMWAVEFORMAT);
    return sizeof(WAVEFORMATEX) + format->cbSize;
}

/* The largest format (or filter) size of one ID, or over every enabled driver. */
static DWORD max_size(const acm_driver_id *id, bool filter)
{
    if (id)
        return filter ? acm_driver_id_max_filter_size(id) : acm_driver_id_max_format_size(id);
    acm_driver_list list;
    if (acm_driver_list_snapshot(0, &list) != MMSYSERR_NOERROR)
        return 0;
    DWORD largest = 0;
    for (size_t i = 0; i < list.count; i++) {
        DWORD size = max_size(list.ids[i], filter);
        if (size > largest)
            largest = size;
    }
    acm_driver_list_release(&list);
    return largest;
}

DWORD acm_max_format_size(const acm_driver_id *id)
{
    return max_size(id, false);
}

DWORD acm_max_filter_size(const acm_driver_id *id)
{
    return max_size(id, true);
}

/* ---- trials of acmStreamOpen(had = NULL) ------------------------------------------------- */

bool acm_driver_id_trial_begin(acm_driver_id *id)
{
    pthread_mutex_lock(&registry_lock);
    bool begun = !id->removed && id->removers == 0;
    if (begun) {
        id->trials++;
        registry_trials_held++;
    }
    pthread_mutex_unlock(&registry_lock);
    return begun;
}

void acm_driver_id_trial_end(acm_driver_id *id)
{
    pthread_mutex_lock(&registry_lock);
    id->trials--;
    registry_trials_held--;
    if (id->trials == 0 && id->removers != 0)
        pthread_cond_broadcast(&registry_trials_done);
    pthread_mutex_unlock(&registry_lock);
}

/* ---- messages ---------------------------------------------------------------------------- */

LRESULT acm_driver_send(acm_driver_id *id, acm_driver *driver, UINT message, LPARAM lParam1, LPARAM lParam2)
{
    HDRVR instance = driver ? driver->instance : id ? id->instance : NULL;
    if (!instance)
        return MMSYSERR_INVALHANDLE;
    return SendDriverMessage(instance, message, lParam1, lParam2);
}

/* ---- opening instances ------------------------------------------------------------------- */

/* Fills the DRV_OPEN descriptor for an instance of `id`. */
static void open_desc_init(const acm_driver_id *id, ACMDRVOPENDESCW *desc)
{
    memset(desc, 0, sizeof *desc);
    desc->cbStruct = sizeof *desc;
    desc->fccType = ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC;
    desc->fccComp = ACMDRIVERDETAILS_FCCCOMP_UNDEFINED;
    desc->dwVersion = ACM_VERSION;
    desc->dwFlags = 0;
    desc->dwError = MMSYSERR_NOERROR;
    desc->pszSectionName = section_drivers32;
    desc->pszAliasName = id->alias_w;
    desc->dnDevNode = 0;
}

/* Opens one more instance of `id` with `desc` as DRV_OPEN's lParam2. On failure *error gets
 * the driver's dwError or MMSYSERR_NODRIVER. */
static HDRVR instance_open(const acm_driver_id *id, ACMDRVOPENDESCW *desc, MMRESULT *error)
{
    HDRVR instance;
    if (id->kind == ACM_DRIVER_KIND_LOCAL)
        instance = drv_open_proc(id->module, id->local_proc, id->alias_w, (LPARAM)desc);
    else
        instance = OpenDriver(id->open_name, id->open_section, (LPARAM)desc);
    if (!instance) {
        *error = desc->dwError ? (MMRESULT)desc->dwError : MMSYSERR_NODRIVER;
        log_debug("acm: cannot open driver %s (error %u)", id->alias, (unsigned)*error);
    }
    return instance;
}

MMRESULT acm_driver_open_id(acm_driver_id *id, DWORD flags, HACMDRIVER *phad)
{
    if (id->kind == ACM_DRIVER_KIND_NOTIFY)
        return MMSYSERR_INVALHANDLE;
    acm_driver *driver = mem_calloc(1, sizeof *driver);
    if (!driver)
        return MMSYSERR_NOMEM;
    atomic_init(&driver->references, 1);
    atomic_init(&driver->stream_count, 0);
    driver->stream_owned = (flags & ACM_OPEN_FOR_STREAM) != 0;
    if (flags & ACM_OPEN_SHARE_PERSISTENT) {
        driver->instance = id->instance;
        driver->owns_instance = false;
    } else {
        MMRESULT error = MMSYSERR_NODRIVER;
        open_desc_init(id, &driver->open_desc);
        driver->instance = instance_open(id, &driver->open_desc, &error);
        if (!driver->instance) {
            mem_free(driver);
            return error;
        }
        driver->owns_instance = true;
    }
    acm_driver_id_ref(id);
    driver->id = id;
    uintptr_t handle = handle_create(HANDLE_TYPE_ACM_DRIVER, driver, driver_handle_destructor);
    if (!handle) {
        driver_destroy(driver);
        return MMSYSERR_NOMEM;
    }
    driver->handle = (HACMDRIVER)handle;
    *phad = driver->handle;
    return MMSYSERR_NOERROR;
}

MMRESULT acm_driver_close(HACMDRIVER had)
{
    return handle_close((uintptr_t)had, HANDLE_TYPE_ACM_DRIVER) ? MMSYSERR_NOERROR : MMSYSERR_INVALHANDLE;
}

/* ---- creating driver IDs ----------------------------------------------------------------- */

/* Asks the persistent instance for the driver details and every format and filter tag, so
 * that later searches need no driver call. False (with a diagnostic) if the driver fails. */
static bool cache_fill(acm_driver_id *id)
{
    id->details.cbStruct = sizeof id->details;
    LRESULT result = acm_driver_send(id, NULL, ACMDM_DRIVER_DETAILS, (LPARAM)&id->details, 0);
    if (result != MMSYSERR_NOERROR) {
        log_debug("acm: driver %s failed ACMDM_DRIVER_DETAILS (%ld); dropped", id->alias, (long)result);
        return false;
    }
    id->details.cbStruct = sizeof id->details;
    if (id->details.cFormatTags > ACM_MAX_TAGS || id->details.cFilterTags > ACM_MAX_TAGS) {
        log_debug("acm: driver %s reports %u format and %u filter tags; dropped", id->alias,
                  (unsigned)id->details.cFormatTags, (unsigned)id->details.cFilterTags);
        return false;
    }
    if (id->details.cFormatTags) {
        id->format_tags = mem_calloc(id->details.cFormatTags, sizeof *id->format_tags);
        if (!id->format_tags)
            return false;
    }
    for (DWORD i = 0; i < id->details.cFormatTags; i++) {
        ACMFORMATTAGDETAILSW tag;
        memset(&tag, 0, sizeof tag);
        tag.cbStruct = sizeof tag;
        tag.dwFormatTagIndex = i;
        result = acm_driver_send(id, NULL, ACMDM_FORMATTAG_DETAILS, (LPARAM)&tag, ACM_FORMATTAGDETAILSF_INDEX);
        if (result != MMSYSERR_NOERROR) {
            log_debug("acm: driver %s failed ACMDM_FORMATTAG_DETAILS index %u (%ld); dropped", id->alias,
                      (unsigned)i, (long)result);
            return false;
        }
        /* No format is larger than WAVEFORMATEX + a WORD of extra bytes; a bigger claim
         * would make every caller's buffer "too small" (ACM_METRIC_MAX_SIZE_FORMAT). */
        if (tag.cbFormatSize > ACM_MAX_FORMAT_SIZE) {
            log_debug("acm: driver %s claims a %u-byte format for tag %u; dropped", id->alias,
                      (unsigned)tag.cbFormatSize, (unsigned)tag.dwFormatTag);
            return false;
        }
        id->format_tags[id->format_tag_count].tag = tag.dwFormatTag;
        id->format_tags[id->format_tag_count].size = tag.cbFormatSize;
        id->format_tag_count++;
    }
    if (id->details.cFilterTags) {
        id->filter_tags = mem_calloc(id->details.cFilterTags, sizeof *id->filter_tags);
        if (!id->filter_tags)
            return false;
    }
    for (DWORD i = 0; i < id->details.cFilterTags; i++) {
        ACMFILTERTAGDETAILSW tag;
        memset(&tag, 0, sizeof tag);
        tag.cbStruct = sizeof tag;
        tag.dwFilterTagIndex = i;
        result = acm_driver_send(id, NULL, ACMDM_FILTERTAG_DETAILS, (LPARAM)&tag, ACM_FILTERTAGDETAILSF_INDEX);
        if (result != MMSYSERR_NOERROR) {
            log_debug("acm: driver %s failed ACMDM_FILTERTAG_DETAILS index %u (%ld); dropped", id->alias,
                      (unsigned)i, (long)result);
            return false;
        }
        id->filter_tags[id->filter_tag_count].tag = tag.dwFilterTag;
        id->filter_tags[id->filter_tag_count].size = tag.cbFilterSize;
        id->filter_tag_count++;
    }
    return true;
}

/* Creates a driver ID, opens its persistent instance, fills its cache and gives it a handle.
 * Not linked into the list. For notify entries no driver is involved. */
static MMRESULT driver_id_create(acm_driver_kind kind, const char *alias, const char *open_name,
                                 LPCWSTR open_section, HMODULE module, DRIVERPROC proc, acm_driver_id **out)
{
    acm_driver_id *id = mem_calloc(1, sizeof *id);
    if (!id)
        return MMSYSERR_NOMEM;
    atomic_init(&id->references, 1);
    id->kind = kind;
    id->enabled = true;
    id->module = module;
    id->local_proc = proc;
    id->open_section = open_section;
    id->alias = mem_strdup(alias);
    id->alias_w = utf8_to_utf16(alias);
    if (open_name)
        id->open_name = utf8_to_utf16(open_name);
    if (!id->alias || !id->alias_w || (open_name && !id->open_name)) {
        driver_id_destroy(id);
        return MMSYSERR_NOMEM;
    }
    if (kind != ACM_DRIVER_KIND_NOTIFY) {
        MMRESULT error = MMSYSERR_NODRIVER;
        open_desc_init(id, &id->open_desc);
        id->instance = instance_open(id, &id->open_desc, &error);
        if (!id->instance) {
            driver_id_destroy(id);
            return error;
        }
        if (!cache_fill(id)) {
            driver_id_destroy(id);
            return MMSYSERR_NODRIVER;
        }
    }
    uintptr_t handle = handle_create(HANDLE_TYPE_ACM_DRIVERID, id, driver_id_handle_destructor);
    if (!handle) {
        driver_id_destroy(id);
        return MMSYSERR_NOMEM;
    }
    id->handle = (HACMDRIVERID)handle;
    *out = id;
    return MMSYSERR_NOERROR;
}

/* Grows a pointer array by one slot. Lock held. */
static bool list_reserve(acm_driver_id ***list, size_t count, size_t *capacity)
{
    if (count < *capacity)
        return true;
    size_t grown = *capacity ? *capacity * 2 : 16;
    size_t bytes;
    if (!size_mul(grown, sizeof **list, &bytes))
        return false;
    acm_driver_id **bigger = mem_realloc(*list, bytes);
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
    handle_close((uintptr_t)id->handle, HANDLE_TYPE_ACM_DRIVERID);
}

/* Drivers32 names of ACM drivers start with "msacm." (any case) and name something. */
bool acm_alias_is_msacm(const char *alias)
{
    return alias && strlen(alias) > 6 && strncasecmp(alias, "msacm.", 6) == 0;
}

/* ---- the priority file ------------------------------------------------------------------- */

/* One "PriorityN=E, alias" line. */
typedef struct priority_entry {
    unsigned long position;
    bool enabled;
    char *alias;
} priority_entry;

#define PRIORITY_MAX_ENTRIES 4096u
#define PRIORITY_MAX_LINE 1024u
#define PRIORITY_MAX_FILE_SIZE (1024u * 1024u)
static const char priority_section[] = "Priority v4.00";
static pthread_mutex_t priority_write_lock = PTHREAD_MUTEX_INITIALIZER;

/* $XDG_CONFIG_HOME/portacm/acm-priority.ini, or ~/.config/portacm/acm-priority.ini (newly
 * allocated; NULL when neither variable gives an absolute folder). */
static char *priority_path(void)
{
    return pacm_config_user_path("portacm/acm-priority.ini");
}

/* Parses one "PriorityN" = "E, alias" entry; false for anything that is not well formed. */
static bool priority_parse_entry(const char *name, const char *value, priority_entry *entry)
{
    if (strncasecmp(name, "Priority", 8) != 0)
        return false;
    const char *p = name + 8;
    if (!isdigit((unsigned char)*p))
        return false;
    unsigned long position = 0;
    while (isdigit((unsigned char)*p)) {
        position = position * 10 + (unsigned long)(*p - '0');
        if (position > 1000000ul)
            return false;
        p++;
    }
    if (*p != 0 || position == 0)
        return false;
    p = value;
    if (*p != '0' && *p != '1')
        return false;
    bool enabled = *p++ == '1';
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p++ != ',')
        return false;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == 0)
        return false;
    entry->position = position;
    entry->enabled = enabled;
    entry->alias = mem_strdup(p);
    return entry->alias != NULL;
}

/* The entries read so far, sorted by position (stable). */
typedef struct priority_list {
    priority_entry *entries;
    size_t count;
} priority_list;

/* pacm_ini_parse's callback: keeps the well-formed entries of [Priority v4.00] (and those
 * before any header); malformed ones are skipped one by one. */
static bool priority_entry_found(const char *section, const char *name, const char *value, unsigned line,
                                 void *context)
{
    priority_list *list = context;
    priority_entry entry;
    if ((section && strcasecmp(section, priority_section) != 0) || list->count >= PRIORITY_MAX_ENTRIES ||
        !priority_parse_entry(name, value, &entry))
        return true;
    priority_entry *bigger = mem_realloc(list->entries, (list->count + 1) * sizeof *list->entries);
    if (!bigger) {
        mem_free(entry.alias);
        return false;
    }
    list->entries = bigger;
    /* Insertion keeps the order stable for equal positions. */
    size_t at = list->count;
    while (at > 0 && bigger[at - 1].position > entry.position) {
        bigger[at] = bigger[at - 1];
        at--;
    }
    bigger[at] = entry;
    list->count++;
    return true;
}

/* Reads the priority file (missing or unreadable: no entries). Entries come back sorted by
 * position (stable). */
static size_t priority_read(priority_entry **out)
{
    *out = NULL;
    char *path = priority_path();
    size_t length = 0;
    char *text = path ? pacm_config_file_read(path, "priority file", PRIORITY_MAX_FILE_SIZE, 0, &length) : NULL;
    priority_list list = {NULL, 0};
    if (text) {
        pacm_ini_reader reader = {.path = path, .what = "priority file", .max_line = PRIORITY_MAX_LINE,
                                  .entries_before_header = true, .entry = priority_entry_found, .context = &list};
        pacm_ini_parse(&reader, text, length);
    }
    mem_free(text);
    mem_free(path);
    *out = list.entries;
    return list.count;
}

static void priority_entries_free(priority_entry *entries, size_t count)
{
    for (size_t i = 0; i < count; i++)
        mem_free(entries[i].alias);
    mem_free(entries);
}

/* Reorders the global drivers: the listed ones first in file order, the others after them in
 * their default order, the PCM converter stays last; applies each listed enabled state. */
static void priority_apply(const priority_entry *entries, size_t count)
{
    pthread_mutex_lock(&registry_lock);
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
    pthread_mutex_unlock(&registry_lock);
}

/* Creates the folders of `path` that are missing. */
static void make_parent_folders(const char *path)
{
    char *copy = mem_strdup(path);
    if (!copy)
        return;
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(copy, 0700) != 0 && errno != EEXIST)
            log_debug("acm: cannot create %s: %s", copy, strerror(errno));
        *p = '/';
    }
    mem_free(copy);
}

/* Writes the order and states of the global drivers, atomically (temporary file + rename),
 * like Windows rewrites its Priority v4.00 key on every change. Failures are only logged. */
static void priority_write(void)
{
    pthread_mutex_lock(&priority_write_lock);
    char *path = priority_path();
    char *temporary = NULL;
    FILE *file = NULL;
    if (!path)
        goto done;
    size_t length = strlen(path) + 8;
    temporary = mem_alloc(length);
    if (!temporary)
        goto done;
    snprintf(temporary, length, "%s.XXXXXX", path);
    make_parent_folders(path);
    int fd = mkstemp(temporary);
    if (fd < 0) {
        log_debug("acm: cannot write the priority file %s: %s", path, strerror(errno));
        goto done;
    }
    file = fdopen(fd, "w");
    if (!file) {
        close(fd);
        unlink(temporary);
        goto done;
    }
    fprintf(file, "; portacm ACM driver priorities (the equivalent of Windows' HKCU\\Software\\Microsoft\\"
                  "Multimedia\\Audio Compression Manager\\Priority v4.00).\n"
                  "; PriorityN=1, alias (enabled) or PriorityN=0, alias (disabled); N = 1 is searched first.\n"
                  "[%s]\n",
            priority_section);
    pthread_mutex_lock(&registry_lock);
    unsigned long position = 1;
    for (size_t i = list_first_global(); i < registry_count; i++) {
        acm_driver_id *id = registry_drivers[i];
        if (id->kind == ACM_DRIVER_KIND_GLOBAL)
            fprintf(file, "Priority%lu=%d, %s\n", position++, id->enabled ? 1 : 0, id->alias);
    }
    pthread_mutex_unlock(&registry_lock);
    bool ok = fflush(file) == 0 && fsync(fileno(file)) == 0;
    ok = fclose(file) == 0 && ok;
    if (!ok || rename(temporary, path) != 0) {
        log_debug("acm: cannot write the priority file %s: %s", path, strerror(errno));
        unlink(temporary);
    }
done:
    mem_free(temporary);
    mem_free(path);
    pthread_mutex_unlock(&priority_write_lock);
}

/* ---- building the list ------------------------------------------------------------------- */

typedef struct alias_collection {
    char **aliases;
    size_t count;
} alias_collection;

static bool collect_msacm_alias(const char *alias, const char *value, void *context)
{
    alias_collection *collection = context;
    if (!acm_alias_is_msacm(alias))
        return true;
    char **bigger = mem_realloc(collection->aliases, (collection->count + 1) * sizeof *bigger);
    if (!bigger)
        return false;
    collection->aliases = bigger;
    collection->aliases[collection->count] = mem_strdup(alias);
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
    pthread_mutex_lock(&registry_lock);
    bool ok = list_insert(list_pcm_position(), id);
    pthread_mutex_unlock(&registry_lock);
    if (!ok)
        driver_id_discard(id);
    return ok;
}

/* The built-in codec with this alias, or NULL. */
static const codec_builtin *builtin_by_alias(const char *alias)
{
    size_t count = 0;
    const codec_builtin *builtins = codecs_builtin_list(&count);
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
        result = driver_id_create(ACM_DRIVER_KIND_GLOBAL, alias, builtin->module, NULL, NULL, NULL, out);
    else
        result = driver_id_create(ACM_DRIVER_KIND_GLOBAL, alias, alias, section_drivers32, NULL, NULL, out);
    if (result == MMSYSERR_NOERROR && builtin)
        (*out)->pcm_converter = builtin_is_pcm_converter(builtin);
    return result;
}

/* True when a global driver with this alias is in the list (a rebuild skips it). */
static bool registry_has_global(const char *alias)
{
    bool found = false;
    pthread_mutex_lock(&registry_lock);
    for (size_t i = 0; i < registry_count && !found; i++) {
        const acm_driver_id *id = registry_drivers[i];
        found = id->kind == ACM_DRIVER_KIND_GLOBAL && strcasecmp(id->alias, alias) == 0;
    }
    pthread_mutex_unlock(&registry_lock);
    return found;
}

/* Builds the global part of the list (called with registry_build_lock held). Drivers already
 * in the list are skipped, so a build after an incomplete one only adds what is missing.
 * Returns false when an allocation failed on the way (the next acm_init tries again); a driver
 * that fails for any other reason (a missing shared object) is not retried. */
static bool registry_build(void)
{
    long failures = mem_failure_count();
    registry_initialising = true;
    codecs_register_builtins();

    alias_collection file_aliases = {NULL, 0};
    drv_config_enumerate("drivers32", collect_msacm_alias, &file_aliases);

    size_t builtin_count = 0;
    const codec_builtin *builtins = codecs_builtin_list(&builtin_count);
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
        mem_free(file_aliases.aliases[i]);
    }
    mem_free(file_aliases.aliases);
    if (pcm) {
        pthread_mutex_lock(&registry_lock);
        bool ok = list_insert(registry_count, pcm);
        pthread_mutex_unlock(&registry_lock);
        if (!ok)
            driver_id_discard(pcm);
    }

    priority_entry *entries = NULL;
    size_t count = priority_read(&entries);
    priority_apply(entries, count);
    priority_entries_free(entries, count);
    registry_initialising = false;
    return mem_failure_count() == failures;
}

void acm_init(void)
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

MMRESULT acm_driver_list_snapshot(DWORD flags, acm_driver_list *list)
{
    list->ids = NULL;
    list->count = 0;
    pthread_mutex_lock(&registry_lock);
    if (registry_count) {
        list->ids = mem_calloc(registry_count, sizeof *list->ids);
        if (!list->ids) {
            pthread_mutex_unlock(&registry_lock);
            return MMSYSERR_NOMEM;
        }
    }
    for (size_t i = 0; i < registry_count; i++) {
        acm_driver_id *id = registry_drivers[i];
        if (!id->enabled && !(flags & ACM_DRIVERENUMF_DISABLED))
            continue;
        if (id->kind == ACM_DRIVER_KIND_LOCAL && (flags & ACM_DRIVERENUMF_NOLOCAL))
            continue;
        acm_driver_id_ref(id);
        list->ids[list->count++] = id;
    }
    pthread_mutex_unlock(&registry_lock);
    return MMSYSERR_NOERROR;
}

void acm_driver_list_release(acm_driver_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        acm_driver_id_release(list->ids[i]);
    mem_free(list->ids);
    list->ids = NULL;
    list->count = 0;
}

/* ---- notifications ----------------------------------------------------------------------- */

void acm_registry_broadcast(void)
{
    pthread_mutex_lock(&registry_lock);
    if (registry_defer_depth) {
        registry_broadcast_pending = true;
        pthread_mutex_unlock(&registry_lock);
        return;
    }
    size_t total = registry_count + registry_notify_count;
    acm_driver_id **targets = total ? mem_calloc(total, sizeof *targets) : NULL;
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
            acm_driver_id_ref(targets[i]);
    }
    pthread_mutex_unlock(&registry_lock);
    for (size_t i = 0; i < count; i++) {
        acm_driver_id *id = targets[i];
        if (id->kind == ACM_DRIVER_KIND_NOTIFY)
            SendMessageW(id->notify_window, id->notify_message, 0, 0);
        else
            acm_driver_send(id, NULL, ACMDM_DRIVER_NOTIFY, 0, 0);
        acm_driver_id_release(id);
    }
    mem_free(targets);
}

void acm_registry_defer(bool begin)
{
    bool fire = false;
    pthread_mutex_lock(&registry_lock);
    if (begin) {
        registry_defer_depth++;
    } else if (registry_defer_depth > 0) {
        registry_defer_depth--;
        fire = registry_defer_depth == 0 && registry_broadcast_pending;
        if (fire)
            registry_broadcast_pending = false;
    }
    pthread_mutex_unlock(&registry_lock);
    if (fire)
        acm_registry_broadcast();
}

/* ---- changes ----------------------------------------------------------------------------- */

MMRESULT acm_registry_add_local(HMODULE module, DRIVERPROC proc, HACMDRIVERID *phadid)
{
    pthread_mutex_lock(&registry_lock);
    unsigned long serial = ++registry_local_serial;
    pthread_mutex_unlock(&registry_lock);
    char alias[32];
    snprintf(alias, sizeof alias, "local.%lu", serial);
    acm_driver_id *id = NULL;
    MMRESULT result = driver_id_create(ACM_DRIVER_KIND_LOCAL, alias, NULL, NULL, module, proc, &id);
    if (result != MMSYSERR_NOERROR)
        return result;
    pthread_mutex_lock(&registry_lock);
    bool ok = list_insert(0, id);
    pthread_mutex_unlock(&registry_lock);
    if (!ok) {
        driver_id_discard(id);
        return MMSYSERR_NOMEM;
    }
    *phadid = id->handle;
    return MMSYSERR_NOERROR;
}

MMRESULT acm_registry_add_name(const char *alias, HACMDRIVERID *phadid)
{
    if (!acm_alias_is_msacm(alias))
        return MMSYSERR_INVALPARAM;
    /* Already installed: the same ID. */
    pthread_mutex_lock(&registry_lock);
    for (size_t i = list_first_global(); i < registry_count; i++) {
        if (strcasecmp(registry_drivers[i]->alias, alias) == 0) {
            *phadid = registry_drivers[i]->handle;
            pthread_mutex_unlock(&registry_lock);
            return MMSYSERR_NOERROR;
        }
    }
    pthread_mutex_unlock(&registry_lock);
    char *value = drv_config_lookup("drivers32", alias);
    const codec_builtin *builtin = value ? NULL : builtin_by_alias(alias);
    mem_free(value);
    if (!value && !builtin)
        return MMSYSERR_INVALPARAM;
    acm_driver_id *id = NULL;
    MMRESULT result = global_create(alias, builtin, &id);
    if (result != MMSYSERR_NOERROR)
        return result;
    pthread_mutex_lock(&registry_lock);
    bool ok = list_insert(id->pcm_converter ? registry_count : list_pcm_position(), id);
    pthread_mutex_unlock(&registry_lock);
    if (!ok) {
        driver_id_discard(id);
        return MMSYSERR_NOMEM;
    }
    *phadid = id->handle;
    acm_registry_broadcast();
    return MMSYSERR_NOERROR;
}

MMRESULT acm_registry_add_notify(HWND window, UINT message, HACMDRIVERID *phadid)
{
    acm_driver_id *id = NULL;
    MMRESULT result = driver_id_create(ACM_DRIVER_KIND_NOTIFY, "notify", NULL, NULL, NULL, NULL, &id);
    if (result != MMSYSERR_NOERROR)
        return result;
    id->notify_window = window;
    id->notify_message = message;
    pthread_mutex_lock(&registry_lock);
    bool ok = list_reserve(&registry_notifies, registry_notify_count, &registry_notify_capacity);
    if (ok)
        registry_notifies[registry_notify_count++] = id;
    pthread_mutex_unlock(&registry_lock);
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
        HACMDRIVER *bigger = mem_realloc(scan->handles, grown * sizeof *bigger);
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
        pthread_cond_wait(&registry_trials_done, &registry_lock);
    return true;
}

MMRESULT acm_registry_remove(acm_driver_id *id)
{
    open_scan scan = {id, false, NULL, 0, 0};
    if (id->kind != ACM_DRIVER_KIND_NOTIFY) {
        pthread_mutex_lock(&registry_lock);
        bool settled = remove_wait_for_trials(id);
        pthread_mutex_unlock(&registry_lock);
        if (settled)
            handle_enumerate(HANDLE_TYPE_ACM_DRIVER, scan_open_driver, &scan);
        if (!settled || scan.busy) {
            pthread_mutex_lock(&registry_lock);
            id->removers--;
            pthread_mutex_unlock(&registry_lock);
            mem_free(scan.handles);
            return ACMERR_BUSY;
        }
    }
    bool found = false;
    pthread_mutex_lock(&registry_lock);
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
    pthread_mutex_unlock(&registry_lock);
    if (!found) {
        mem_free(scan.handles);
        return MMSYSERR_INVALHANDLE;
    }
    /* Instances the application still has open are closed with the driver (as Wine does). */
    for (size_t i = 0; i < scan.count; i++)
        acm_driver_close(scan.handles[i]);
    mem_free(scan.handles);
    handle_close((uintptr_t)id->handle, HANDLE_TYPE_ACM_DRIVERID);
    if (id->kind == ACM_DRIVER_KIND_GLOBAL)
        acm_registry_broadcast();
    return MMSYSERR_NOERROR;
}

MMRESULT acm_registry_set_priority(acm_driver_id *id, DWORD priority, DWORD flags)
{
    if (priority != 0 && id->kind != ACM_DRIVER_KIND_GLOBAL)
        return MMSYSERR_NOTSUPPORTED;
    bool changed = false;
    pthread_mutex_lock(&registry_lock);
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
    pthread_mutex_unlock(&registry_lock);
    if (changed && id->kind == ACM_DRIVER_KIND_GLOBAL) {
        priority_write();
        acm_registry_broadcast();
    }
    return MMSYSERR_NOERROR;
}

DWORD acm_registry_priority_of(acm_driver_id *id)
{
    DWORD priority = 0;
    pthread_mutex_lock(&registry_lock);
    size_t position = list_find(id);
    if (position != SIZE_MAX) {
        size_t first = id->kind == ACM_DRIVER_KIND_LOCAL ? 0 : list_first_global();
        priority = (DWORD)(position - first + 1);
    }
    pthread_mutex_unlock(&registry_lock);
    return priority;
}

/* ---- objects ----------------------------------------------------------------------------- */

/* The ID of an HACMDRIVER (one more reference), or NULL. */
static acm_driver_id *driver_handle_id(HACMDRIVER had)
{
    acm_driver *driver = acm_driver_acquire(had);
    if (!driver)
        return NULL;
    acm_driver_id *id = driver->id;
    acm_driver_id_ref(id);
    acm_driver_release(driver);
    return id;
}

acm_driver_id *acm_object_driver_id(HACMOBJ hao)
{
    switch (handle_type((uintptr_t)hao)) {
    case HANDLE_TYPE_ACM_DRIVERID:
        return acm_driver_id_acquire((HACMDRIVERID)hao);
    case HANDLE_TYPE_ACM_DRIVER:
        return driver_handle_id((HACMDRIVER)hao);
    case HANDLE_TYPE_ACM_STREAM: {
        HACMDRIVER had = acm_stream_driver((HACMSTREAM)hao);
        return had ? driver_handle_id(had) : NULL;
    }
    default:
        return NULL;
    }
}
