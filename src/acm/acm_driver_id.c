/*
 * acm_driver_id.c - one installed ACM driver (a driver ID) and the drivers opened on it: their
 * reference counts and handles, the persistent instance every ID keeps open, the capability
 * cache filled from it when the ID is created (details, format and filter tags, with the
 * sanity limits a hostile driver meets), the messages sent to it, and the lookup from any ACM
 * object to its ID. The list of IDs, their order and changes are acm_registry.c's.
 */
#include <stdatomic.h>
#include <string.h>

#include "acm_int.h"
#include "driver_int.h"

/* Sanity limits for what a driver reports (a hostile driver must not make us allocate GBs). */
#define ACM_MAX_TAGS 1024u
#define ACM_MAX_FORMAT_SIZE (sizeof(WAVEFORMATEX) + 0xFFFFu)

const WCHAR pacm_acm_drivers32_section[] = {'D', 'r', 'i', 'v', 'e', 'r', 's', '3', '2', 0};

/* ---- reference counting ------------------------------------------------------------------ */

static void driver_id_destroy(acm_driver_id *id)
{
    if (id->instance)
        CloseDriver(id->instance, 0, 0);
    pacm_mem_free(id->format_tags);
    pacm_mem_free(id->filter_tags);
    pacm_mem_free(id->alias);
    pacm_mem_free(id->alias_w);
    pacm_mem_free(id->open_name);
    pacm_mem_free(id);
}

void pacm_acm_driver_id_ref(acm_driver_id *id)
{
    atomic_fetch_add(&id->references, 1);
}

void pacm_acm_driver_id_release(acm_driver_id *id)
{
    if (id && atomic_fetch_sub(&id->references, 1) == 1)
        driver_id_destroy(id);
}

/* The handle table's destructor: drops the reference the table held. */
static void driver_id_handle_destructor(void *object)
{
    pacm_acm_driver_id_release(object);
}

acm_driver_id *pacm_acm_driver_id_acquire_any(HACMDRIVERID hadid)
{
    acm_driver_id *id = pacm_handle_acquire((uintptr_t)hadid, HANDLE_TYPE_ACM_DRIVERID);
    if (!id)
        return NULL;
    pacm_acm_driver_id_ref(id);
    pacm_handle_release((uintptr_t)hadid);
    return id;
}

acm_driver_id *pacm_acm_driver_id_acquire(HACMDRIVERID hadid)
{
    acm_driver_id *id = pacm_acm_driver_id_acquire_any(hadid);
    if (id && id->kind == ACM_DRIVER_KIND_NOTIFY) {
        pacm_acm_driver_id_release(id);
        return NULL;
    }
    return id;
}

static void driver_destroy(acm_driver *driver)
{
    if (driver->owns_instance && driver->instance)
        CloseDriver(driver->instance, 0, 0);
    pacm_acm_driver_id_release(driver->id);
    pacm_mem_free(driver);
}

void pacm_acm_driver_release(acm_driver *driver)
{
    if (driver && atomic_fetch_sub(&driver->references, 1) == 1)
        driver_destroy(driver);
}

static void driver_handle_destructor(void *object)
{
    pacm_acm_driver_release(object);
}

acm_driver *pacm_acm_driver_acquire(HACMDRIVER had)
{
    acm_driver *driver = pacm_handle_acquire((uintptr_t)had, HANDLE_TYPE_ACM_DRIVER);
    if (!driver)
        return NULL;
    atomic_fetch_add(&driver->references, 1);
    pacm_handle_release((uintptr_t)had);
    return driver;
}

/* ---- queries on an ID -------------------------------------------------------------------- */

bool pacm_acm_driver_id_is_enabled(acm_driver_id *id)
{
    pthread_mutex_lock(&pacm_acm_registry_lock);
    bool enabled = id->enabled;
    pthread_mutex_unlock(&pacm_acm_registry_lock);
    return enabled;
}

DWORD pacm_acm_driver_id_support(acm_driver_id *id)
{
    DWORD support = id->details.fdwSupport & ~(ACMDRIVERDETAILS_SUPPORTF_LOCAL | ACMDRIVERDETAILS_SUPPORTF_DISABLED);
    if (id->kind == ACM_DRIVER_KIND_LOCAL)
        support |= ACMDRIVERDETAILS_SUPPORTF_LOCAL;
    if (!pacm_acm_driver_id_is_enabled(id))
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

bool pacm_acm_driver_id_has_format_tag(const acm_driver_id *id, DWORD format_tag)
{
    return tag_list_has(id->format_tags, id->format_tag_count, format_tag);
}

bool pacm_acm_driver_id_has_filter_tag(const acm_driver_id *id, DWORD filter_tag)
{
    return tag_list_has(id->filter_tags, id->filter_tag_count, filter_tag);
}

DWORD pacm_acm_driver_id_max_format_size(const acm_driver_id *id)
{
    return tag_list_max(id->format_tags, id->format_tag_count);
}

DWORD pacm_acm_driver_id_max_filter_size(const acm_driver_id *id)
{
    return tag_list_max(id->filter_tags, id->filter_tag_count);
}

size_t pacm_acm_format_size(const WAVEFORMATEX *format)
{
    if (format->wFormatTag == WAVE_FORMAT_PCM)
        return sizeof(PCMWAVEFORMAT);
    return sizeof(WAVEFORMATEX) + format->cbSize;
}

/* The largest format (or filter) size of one ID, or over every enabled driver. */
static DWORD max_size(const acm_driver_id *id, bool filter)
{
    if (id)
        return filter ? pacm_acm_driver_id_max_filter_size(id) : pacm_acm_driver_id_max_format_size(id);
    acm_driver_list list;
    if (pacm_acm_driver_list_snapshot(0, &list) != MMSYSERR_NOERROR)
        return 0;
    DWORD largest = 0;
    for (size_t i = 0; i < list.count; i++) {
        DWORD size = max_size(list.ids[i], filter);
        if (size > largest)
            largest = size;
    }
    pacm_acm_driver_list_release(&list);
    return largest;
}

DWORD pacm_acm_max_format_size(const acm_driver_id *id)
{
    return max_size(id, false);
}

DWORD pacm_acm_max_filter_size(const acm_driver_id *id)
{
    return max_size(id, true);
}

/* ---- messages ---------------------------------------------------------------------------- */

LRESULT pacm_acm_driver_send(acm_driver_id *id, acm_driver *driver, UINT message, LPARAM lParam1, LPARAM lParam2)
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
    desc->pszSectionName = pacm_acm_drivers32_section;
    desc->pszAliasName = id->alias_w;
    desc->dnDevNode = 0;
}

/* Opens one more instance of `id` with `desc` as DRV_OPEN's lParam2. On failure *error gets
 * the driver's dwError or MMSYSERR_NODRIVER. */
static HDRVR instance_open(const acm_driver_id *id, ACMDRVOPENDESCW *desc, MMRESULT *error)
{
    HDRVR instance;
    if (id->kind == ACM_DRIVER_KIND_LOCAL)
        instance = pacm_drv_open_proc(id->module, id->local_proc, id->alias_w, (LPARAM)desc);
    else
        instance = OpenDriver(id->open_name, id->open_section, (LPARAM)desc);
    if (!instance) {
        *error = desc->dwError ? (MMRESULT)desc->dwError : MMSYSERR_NODRIVER;
        pacm_log_debug("acm: cannot open driver %s (error %u)", id->alias, (unsigned)*error);
    }
    return instance;
}

MMRESULT pacm_acm_driver_open_id(acm_driver_id *id, DWORD flags, HACMDRIVER *phad)
{
    if (id->kind == ACM_DRIVER_KIND_NOTIFY)
        return MMSYSERR_INVALHANDLE;
    acm_driver *driver = pacm_mem_calloc(1, sizeof *driver);
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
            pacm_mem_free(driver);
            return error;
        }
        driver->owns_instance = true;
    }
    pacm_acm_driver_id_ref(id);
    driver->id = id;
    uintptr_t handle = pacm_handle_create(HANDLE_TYPE_ACM_DRIVER, driver, driver_handle_destructor);
    if (!handle) {
        driver_destroy(driver);
        return MMSYSERR_NOMEM;
    }
    driver->handle = (HACMDRIVER)handle;
    *phad = driver->handle;
    return MMSYSERR_NOERROR;
}

MMRESULT pacm_acm_driver_close(HACMDRIVER had)
{
    return pacm_handle_close((uintptr_t)had, HANDLE_TYPE_ACM_DRIVER) ? MMSYSERR_NOERROR : MMSYSERR_INVALHANDLE;
}

/* ---- creating driver IDs ----------------------------------------------------------------- */

/* Asks the persistent instance for the driver details and every format and filter tag, so
 * that later searches need no driver call. False (with a diagnostic) if the driver fails. */
static bool cache_fill(acm_driver_id *id)
{
    id->details.cbStruct = sizeof id->details;
    LRESULT result = pacm_acm_driver_send(id, NULL, ACMDM_DRIVER_DETAILS, (LPARAM)&id->details, 0);
    if (result != MMSYSERR_NOERROR) {
        pacm_log_debug("acm: driver %s failed ACMDM_DRIVER_DETAILS (%ld); dropped", id->alias, (long)result);
        return false;
    }
    id->details.cbStruct = sizeof id->details;
    if (id->details.cFormatTags > ACM_MAX_TAGS || id->details.cFilterTags > ACM_MAX_TAGS) {
        pacm_log_debug("acm: driver %s reports %u format and %u filter tags; dropped", id->alias,
                  (unsigned)id->details.cFormatTags, (unsigned)id->details.cFilterTags);
        return false;
    }
    if (id->details.cFormatTags) {
        id->format_tags = pacm_mem_calloc(id->details.cFormatTags, sizeof *id->format_tags);
        if (!id->format_tags)
            return false;
    }
    for (DWORD i = 0; i < id->details.cFormatTags; i++) {
        ACMFORMATTAGDETAILSW tag;
        memset(&tag, 0, sizeof tag);
        tag.cbStruct = sizeof tag;
        tag.dwFormatTagIndex = i;
        result = pacm_acm_driver_send(id, NULL, ACMDM_FORMATTAG_DETAILS, (LPARAM)&tag, ACM_FORMATTAGDETAILSF_INDEX);
        if (result != MMSYSERR_NOERROR) {
            pacm_log_debug("acm: driver %s failed ACMDM_FORMATTAG_DETAILS index %u (%ld); dropped", id->alias,
                      (unsigned)i, (long)result);
            return false;
        }
        /* No format is larger than WAVEFORMATEX + a WORD of extra bytes; a bigger claim
         * would make every caller's buffer "too small" (ACM_METRIC_MAX_SIZE_FORMAT). */
        if (tag.cbFormatSize > ACM_MAX_FORMAT_SIZE) {
            pacm_log_debug("acm: driver %s claims a %u-byte format for tag %u; dropped", id->alias,
                      (unsigned)tag.cbFormatSize, (unsigned)tag.dwFormatTag);
            return false;
        }
        id->format_tags[id->format_tag_count].tag = tag.dwFormatTag;
        id->format_tags[id->format_tag_count].size = tag.cbFormatSize;
        id->format_tag_count++;
    }
    if (id->details.cFilterTags) {
        id->filter_tags = pacm_mem_calloc(id->details.cFilterTags, sizeof *id->filter_tags);
        if (!id->filter_tags)
            return false;
    }
    for (DWORD i = 0; i < id->details.cFilterTags; i++) {
        ACMFILTERTAGDETAILSW tag;
        memset(&tag, 0, sizeof tag);
        tag.cbStruct = sizeof tag;
        tag.dwFilterTagIndex = i;
        result = pacm_acm_driver_send(id, NULL, ACMDM_FILTERTAG_DETAILS, (LPARAM)&tag, ACM_FILTERTAGDETAILSF_INDEX);
        if (result != MMSYSERR_NOERROR) {
            pacm_log_debug("acm: driver %s failed ACMDM_FILTERTAG_DETAILS index %u (%ld); dropped", id->alias,
                      (unsigned)i, (long)result);
            return false;
        }
        id->filter_tags[id->filter_tag_count].tag = tag.dwFilterTag;
        id->filter_tags[id->filter_tag_count].size = tag.cbFilterSize;
        id->filter_tag_count++;
    }
    return true;
}

MMRESULT pacm_acm_driver_id_create(acm_driver_kind kind, const char *alias, const char *open_name,
                              LPCWSTR open_section, HMODULE module, DRIVERPROC proc, acm_driver_id **out)
{
    acm_driver_id *id = pacm_mem_calloc(1, sizeof *id);
    if (!id)
        return MMSYSERR_NOMEM;
    atomic_init(&id->references, 1);
    id->kind = kind;
    id->enabled = true;
    id->module = module;
    id->local_proc = proc;
    id->open_section = open_section;
    id->alias = pacm_mem_strdup(alias);
    id->alias_w = pacm_utf8_to_utf16(alias);
    if (open_name)
        id->open_name = pacm_utf8_to_utf16(open_name);
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
    uintptr_t handle = pacm_handle_create(HANDLE_TYPE_ACM_DRIVERID, id, driver_id_handle_destructor);
    if (!handle) {
        driver_id_destroy(id);
        return MMSYSERR_NOMEM;
    }
    id->handle = (HACMDRIVERID)handle;
    *out = id;
    return MMSYSERR_NOERROR;
}

/* ---- objects ----------------------------------------------------------------------------- */

/* The ID of an HACMDRIVER (one more reference), or NULL. */
static acm_driver_id *driver_handle_id(HACMDRIVER had)
{
    acm_driver *driver = pacm_acm_driver_acquire(had);
    if (!driver)
        return NULL;
    acm_driver_id *id = driver->id;
    pacm_acm_driver_id_ref(id);
    pacm_acm_driver_release(driver);
    return id;
}

acm_driver_id *pacm_acm_object_driver_id(HACMOBJ hao)
{
    switch (pacm_handle_type((uintptr_t)hao)) {
    case HANDLE_TYPE_ACM_DRIVERID:
        return pacm_acm_driver_id_acquire((HACMDRIVERID)hao);
    case HANDLE_TYPE_ACM_DRIVER:
        return driver_handle_id((HACMDRIVER)hao);
    case HANDLE_TYPE_ACM_STREAM: {
        HACMDRIVER had = pacm_acm_stream_driver((HACMSTREAM)hao);
        return had ? driver_handle_id(had) : NULL;
    }
    default:
        return NULL;
    }
}
