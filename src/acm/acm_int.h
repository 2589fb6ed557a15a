/*
 * acm_int.h - the internal interface of the Audio Compression Manager layer.
 *
 * The ACM is split in two halves that meet here:
 *   - the registry half (acm_registry.c, acm_driver_id.c, acm_priority.c, acm_driver.c,
 *     acm_format.c, acm_filter.c, acm_metrics.c, acm_choose.c): the list of driver IDs, their
 *     priorities and the priority file, the persistent
 *     driver instance and capability cache of each ID, and the acmDriver*, acmFormat*,
 *     acmFilter*, acmMetrics and chooser API;
 *   - the stream half (acm_stream*.c): acmStream* and asynchronous streams.
 * The stream half reaches drivers only through the functions below.
 *
 * Objects and lifetimes
 *   acm_driver_id  One per installed driver (an HACMDRIVERID, handle type
 *                  HANDLE_TYPE_ACM_DRIVERID). Like Windows it keeps ONE driver instance open
 *                  (one DRV_OPEN) for as long as the ID lives; DRIVER_DETAILS, FORMATTAG_DETAILS,
 *                  FORMAT_DETAILS, FORMAT_SUGGEST and the FILTER* queries that are made without
 *                  an HACMDRIVER go to that instance. The capability cache is filled when the ID
 *                  is created; a driver that fails DRV_OPEN or DRIVER_DETAILS is dropped.
 *   acm_driver     One per acmDriverOpen (an HACMDRIVER, HANDLE_TYPE_ACM_DRIVER). It holds a
 *                  reference on its ID and owns a driver instance of its own (a fresh DRV_OPEN),
 *                  unless it was created with ACM_OPEN_SHARE_PERSISTENT, in which case it talks to
 *                  the ID's persistent instance and closing it sends no DRV_CLOSE.
 * Both are reference counted through the common handle table: every pointer returned by an
 * *_acquire function must be given back to the matching *_release function. A removed ID
 * (acmDriverRemove) or closed driver stops being acquirable at once; its memory and driver
 * instance go away when the last reference is released.
 *
 * Locking
 *   One registry lock guards the driver list, the order and the enabled flags. It is never held
 *   while a driver procedure runs, so a driver may call back into the ACM (as Windows allows
 *   for queries; acmDriverAdd/Remove/Priority from inside a stream callback are not supported,
 *   as documented for Windows). Everything in acm_driver_id other than `enabled` and `priority`
 *   is immutable after creation and may be read without the lock by a reference holder.
 */
#ifndef PORTACM_ACM_INT_H
#define PORTACM_ACM_INT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <pthread.h>
#include <stddef.h>

#include "common_int.h"
#include "mmiscapi.h"
#include "mmreg.h"
#include "msacm.h"
#include "msacmdrv.h"

PORTACM_EXTERN_C_BEGIN

/* The version acmGetVersion reports and ACMDRVOPENDESCW.dwVersion carries: 4.00, build 0
 * (retail builds report build 0, per the acmGetVersion documentation; Windows NT 4 and every
 * later NT version report major 4, minor 0). See docs/acm.md. */
#define ACM_VERSION 0x04000000u

/* One entry of a capability cache: a format tag or filter tag and the largest structure size
 * the driver uses for it (ACMFORMATTAGDETAILS.cbFormatSize / ACMFILTERTAGDETAILS.cbFilterSize). */
typedef struct acm_tag_size {
    DWORD tag;
    DWORD size;
} acm_tag_size;

/* What kind of entry a driver ID is. */
typedef enum acm_driver_kind {
    ACM_DRIVER_KIND_GLOBAL = 0, /* a [drivers32] msacm.* entry or a built-in codec */
    ACM_DRIVER_KIND_LOCAL = 1,  /* acmDriverAdd(ACM_DRIVERADDF_FUNCTION) */
    ACM_DRIVER_KIND_NOTIFY = 2  /* acmDriverAdd(ACM_DRIVERADDF_NOTIFYHWND): not a driver; never
                                   enumerated, never sent messages */
} acm_driver_kind;

/* A registry entry (see the top of this file). */
typedef struct acm_driver_id {
    HACMDRIVERID handle;      /* this object's checked handle */
    atomic_uint references;   /* private: the handle table holds one while the ID is installed */
    acm_driver_kind kind;
    bool pcm_converter;       /* the built-in PCM converter (always last in the list) */
    char *alias;              /* UTF-8: "msacm.imaadpcm"; the PCM converter is "msacm32.dll";
                                 local drivers get "local.<n>" (never persisted) */
    WCHAR *alias_w;           /* the same in UTF-16, passed in ACMDRVOPENDESCW.pszAliasName */
    HMODULE module;           /* local drivers: hinstModule given to acmDriverAdd */
    DRIVERPROC local_proc;    /* local drivers: the procedure given to acmDriverAdd */
    HWND notify_window;       /* notify entries: window and message to broadcast changes to */
    UINT notify_message;

    /* The persistent instance (opened at creation, closed by the last release). */
    HDRVR instance;
    /* Private: how further instances are opened (OpenDriver(open_name, open_section, ...) for
     * global drivers, pacm_drv_open_proc for local ones) and the descriptor of the persistent one. */
    WCHAR *open_name;
    LPCWSTR open_section;
    ACMDRVOPENDESCW open_desc;

    /* Capability cache (filled at creation from DRIVER_DETAILS and FORMATTAG_DETAILS /
     * FILTERTAG_DETAILS by index). details.fdwSupport is the driver's own answer (without the
     * ACM-owned LOCAL/DISABLED bits; use pacm_acm_driver_id_support for those). */
    ACMDRIVERDETAILSW details;
    DWORD format_tag_count;
    acm_tag_size *format_tags;
    DWORD filter_tag_count;
    acm_tag_size *filter_tags;

    /* Mutable, under the registry lock. */
    bool enabled;
    bool removed;       /* unlinked by acmDriverRemove: no new trial starts on it */
    unsigned trials;    /* acmStreamOpen trials in progress (pacm_acm_driver_id_trial_begin) */
    unsigned removers;  /* acmDriverRemove calls deciding: no new trial starts meanwhile */
} acm_driver_id;

/* An opened driver (an HACMDRIVER). */
typedef struct acm_driver {
    HACMDRIVER handle;
    atomic_uint references;   /* private */
    acm_driver_id *id;        /* holds one reference on the ID */
    HDRVR instance;           /* the instance this handle talks to */
    bool owns_instance;       /* false: shares id->instance (ACM_OPEN_SHARE_PERSISTENT) */
    bool stream_owned;        /* opened by acmStreamOpen(had = NULL) for its stream: the stream
                                 closes it, acmDriverRemove leaves it alone */
    atomic_uint stream_count; /* streams using this handle: the stream half increments it when a
                                 stream starts using the driver and decrements it when the
                                 stream is closed; while non-zero acmDriverClose and
                                 acmDriverRemove answer ACMERR_BUSY */
    ACMDRVOPENDESCW open_desc; /* private: DRV_OPEN's lParam2, kept alive with the instance */
} acm_driver;

/* ---- initialisation --------------------------------------------------------------------- */

/* Builds the driver list once per process (pthread_once): registers the built-in codecs with
 * the driver runtime, adds every built-in and every msacm.* entry of the drivers file's
 * [drivers32] section, applies the priority file and appends the PCM converter last. Every
 * public ACM entry point calls it first. */
void pacm_acm_init(void);

/* ---- driver IDs ------------------------------------------------------------------------- */

/* The ID behind a live HACMDRIVERID (one more reference), or NULL. Notify entries
 * (ACM_DRIVERADDF_NOTIFYHWND) are not drivers and give NULL. The reference keeps the object
 * (and its persistent instance) alive even after acmDriverRemove. */
acm_driver_id *pacm_acm_driver_id_acquire(HACMDRIVERID hadid);
void pacm_acm_driver_id_release(acm_driver_id *id);
/* Adds a reference to an ID the caller already holds. */
void pacm_acm_driver_id_ref(acm_driver_id *id);

/* fdwSupport as acmDriverDetails/acmDriverEnum report it: the driver's flags plus
 * ACMDRIVERDETAILS_SUPPORTF_LOCAL for local drivers and ACMDRIVERDETAILS_SUPPORTF_DISABLED
 * when disabled. */
DWORD pacm_acm_driver_id_support(acm_driver_id *id);
bool pacm_acm_driver_id_is_enabled(acm_driver_id *id);
/* True if the capability cache lists the format tag (resp. filter tag). */
bool pacm_acm_driver_id_has_format_tag(const acm_driver_id *id, DWORD format_tag);
bool pacm_acm_driver_id_has_filter_tag(const acm_driver_id *id, DWORD filter_tag);
/* The largest cbFormatSize (cbFilterSize) in the cache, 0 if the driver has no tags. */
DWORD pacm_acm_driver_id_max_format_size(const acm_driver_id *id);
DWORD pacm_acm_driver_id_max_filter_size(const acm_driver_id *id);

/* A snapshot of the driver list in priority order (local drivers first, the PCM converter
 * last), each element acquired. `flags` takes ACM_DRIVERENUMF_DISABLED (include disabled
 * drivers) and ACM_DRIVERENUMF_NOLOCAL (leave out local drivers); notify entries are never
 * included. Returns MMSYSERR_NOERROR or MMSYSERR_NOMEM. Give it back with
 * pacm_acm_driver_list_release. Use it for acmStreamOpen(had = NULL) and acmFormatSuggest. */
typedef struct acm_driver_list {
    acm_driver_id **ids;
    size_t count;
} acm_driver_list;
MMRESULT pacm_acm_driver_list_snapshot(DWORD flags, acm_driver_list *list);
void pacm_acm_driver_list_release(acm_driver_list *list);

/* Trials: acmStreamOpen(had = NULL) brackets each driver it tries with these, from before its
 * ACMDM_STREAM_OPEN until the stream is counted in stream_count (or the attempt failed and
 * everything opened for it is closed again). acmDriverRemove waits for the trials in progress
 * on the driver and then decides: ACMERR_BUSY only if a stream uses it. While a removal is
 * deciding, or once the ID is removed, trial_begin answers false and the caller moves on to the
 * next driver (it never waits, so a trial never waits for a removal). A removal called on a
 * thread that holds a trial itself (a driver's ACMDM_STREAM_OPEN calling acmDriverRemove) does
 * not wait: it answers ACMERR_BUSY if the driver is being tried. */
bool pacm_acm_driver_id_trial_begin(acm_driver_id *id);
void pacm_acm_driver_id_trial_end(acm_driver_id *id);

/* ---- opened drivers --------------------------------------------------------------------- */

/* The driver behind a live HACMDRIVER (one more reference), or NULL. */
acm_driver *pacm_acm_driver_acquire(HACMDRIVER had);
void pacm_acm_driver_release(acm_driver *driver);

/* Flags for pacm_acm_driver_open_id. */
#define ACM_OPEN_SHARE_PERSISTENT 0x1u /* talk to id->instance; no DRV_OPEN/DRV_CLOSE */
#define ACM_OPEN_FOR_STREAM 0x2u       /* mark stream_owned (the stream closes it) */

/* Opens an HACMDRIVER on an ID the caller holds (acmDriverOpen's core; the caller's reference
 * is not consumed). Without ACM_OPEN_SHARE_PERSISTENT a new instance is opened (DRV_OPEN with
 * an ACMDRVOPENDESCW); on failure it returns the driver's dwError, or MMSYSERR_NODRIVER.
 * Returns MMSYSERR_NOERROR, MMSYSERR_NOMEM, or MMSYSERR_INVALHANDLE for a notify entry. It does
 * not check the enabled state (acmDriverOpen does). Close the handle with pacm_acm_driver_close. */
MMRESULT pacm_acm_driver_open_id(acm_driver_id *id, DWORD flags, HACMDRIVER *phad);
/* Invalidates the handle; the instance is closed (DRV_CLOSE) when the last reference goes.
 * Returns MMSYSERR_INVALHANDLE if it was not a live HACMDRIVER. No ACMERR_BUSY check: the
 * stream half calls it after decrementing stream_count. */
MMRESULT pacm_acm_driver_close(HACMDRIVER had);

/* ---- messages --------------------------------------------------------------------------- */

/* Sends an ACMDM_* (or any) message: to driver->instance when `driver` is not NULL, otherwise
 * to id->instance (the persistent instance). Exactly one of them may be NULL. Returns the
 * driver's answer (an MMRESULT for ACMDM_* messages), or MMSYSERR_INVALHANDLE if neither has
 * an instance. Never holds a lock during the call. */
LRESULT pacm_acm_driver_send(acm_driver_id *id, acm_driver *driver, UINT message, LPARAM lParam1, LPARAM lParam2);

/* ---- objects ---------------------------------------------------------------------------- */

/* The driver ID behind any HACMOBJ: an HACMDRIVERID, an HACMDRIVER or an HACMSTREAM (the
 * latter through pacm_acm_stream_driver). One more reference; NULL for an invalid handle. */
acm_driver_id *pacm_acm_object_driver_id(HACMOBJ hao);

/* The registry half's own variant that also returns notify entries (acmDriverRemove,
 * acmDriverPriority). */
acm_driver_id *pacm_acm_driver_id_acquire_any(HACMDRIVERID hadid);

/* Provided by the stream half (acm_stream.c): the HACMDRIVER a live stream uses (the caller's
 * or the one opened implicitly for had = NULL), or NULL if `has` is not a live stream. The
 * registry half calls it for acmDriverID and acmMetrics with a stream handle. */
HACMDRIVER pacm_acm_stream_driver(HACMSTREAM has);

/* ---- formats ---------------------------------------------------------------------------- */

/* Bytes a caller's WAVEFORMATEX occupies as the ACM reads it: 16 for WAVE_FORMAT_PCM (cbSize
 * is not read; a PCMWAVEFORMAT is accepted), otherwise 18 + cbSize. */
size_t pacm_acm_format_size(const WAVEFORMATEX *format);

/* ACM_METRIC_MAX_SIZE_FORMAT over every enabled driver (id == NULL) or one ID. */
DWORD pacm_acm_max_format_size(const acm_driver_id *id);
/* ACM_METRIC_MAX_SIZE_FILTER likewise. */
DWORD pacm_acm_max_filter_size(const acm_driver_id *id);

/* ---- notifications ---------------------------------------------------------------------- */

/* Broadcasts a change to every notify window (unless deferred by ACM_DRIVERPRIORITYF_BEGIN). */
void pacm_acm_registry_broadcast(void);

/* ---- shared by the registry and the driver IDs --------------------------------------------- */
/* Guards the driver list, every ID's enabled state and priority, and the trial counts. */
extern pthread_mutex_t pacm_acm_registry_lock;
/* L"Drivers32", the section global drivers are opened from. */
extern const WCHAR pacm_acm_drivers32_section[];
/* Creates a driver ID of `kind`, opens its persistent instance (OpenDriver of open_name in
 * open_section, or of the function `proc` in `module`), fills its capability cache and gives
 * it a handle; not linked into the list. Notify entries involve no driver. MMSYSERR_NOMEM,
 * MMSYSERR_NODRIVER (the driver failed to open or to answer the capability queries). */
MMRESULT pacm_acm_driver_id_create(acm_driver_kind kind, const char *alias, const char *open_name, LPCWSTR open_section,
                              HMODULE module, DRIVERPROC proc, acm_driver_id **out);

/* ---- the priority file (acm_priority.c) ---------------------------------------------------- */
/* One "PriorityN=E, alias" entry. */
typedef struct acm_priority_entry {
    unsigned long position;
    bool enabled;
    char *alias;
} acm_priority_entry;
/* The file's entries sorted by position (stable); 0 entries when it is missing or unreadable. */
size_t pacm_acm_priority_read(acm_priority_entry **out);
void pacm_acm_priority_entries_free(acm_priority_entry *entries, size_t count);
/* Rewrites the file with the entries `snapshot` returns (allocated; freed here). */
void pacm_acm_priority_write(size_t (*snapshot)(acm_priority_entry **entries));

/* ---- registry half only (used by acm_driver.c, acm_metrics.c; not for the stream half) -- */

/* "msacm." prefix (any case) followed by at least one character. */
bool pacm_acm_alias_is_msacm(const char *alias);
/* acmDriverAdd cores: a local driver (FUNCTION), a Drivers32 name (NAME) and a notify window
 * (NOTIFYHWND). Each returns the MMRESULT acmDriverAdd reports. */
MMRESULT pacm_acm_registry_add_local(HMODULE module, DRIVERPROC proc, HACMDRIVERID *phadid);
MMRESULT pacm_acm_registry_add_name(const char *alias, HACMDRIVERID *phadid);
MMRESULT pacm_acm_registry_add_notify(HWND window, UINT message, HACMDRIVERID *phadid);
/* acmDriverRemove's core: waits for the acmStreamOpen trials in progress on the driver (see
 * pacm_acm_driver_id_trial_begin), then ACMERR_BUSY if a stream uses it; otherwise closes the
 * application's open instances, unlinks the ID and invalidates its handle. */
MMRESULT pacm_acm_registry_remove(acm_driver_id *id);
/* acmDriverPriority's core (flags already validated): enable/disable and move; persists and
 * broadcasts changes of global drivers. */
MMRESULT pacm_acm_registry_set_priority(acm_driver_id *id, DWORD priority, DWORD flags);
/* ACM_DRIVERPRIORITYF_BEGIN (true) / _END (false). */
void pacm_acm_registry_defer(bool begin);
/* The 1-based position of the ID among the drivers of its kind (0 if not installed). */
DWORD pacm_acm_registry_priority_of(acm_driver_id *id);

/* Where a format/filter query goes: an opened driver's own instance, or (driver == NULL) the
 * persistent instance of an ID. pacm_acm_target_acquire accepts an HACMDRIVER or an HACMDRIVERID
 * (MMSYSERR_INVALHANDLE otherwise). pacm_acm_targets_acquire gives that one target for a non-NULL
 * had, or every enabled driver in priority order for had == NULL. */
typedef struct acm_target {
    acm_driver_id *id;
    acm_driver *driver;
} acm_target;
typedef struct acm_target_list {
    acm_target *items;
    size_t count;
} acm_target_list;
MMRESULT pacm_acm_target_acquire(HACMDRIVER had, acm_target *target);
void pacm_acm_target_release(acm_target *target);
LRESULT pacm_acm_target_send(const acm_target *target, UINT message, LPARAM lParam1, LPARAM lParam2);
MMRESULT pacm_acm_targets_acquire(HACMDRIVER had, acm_target_list *targets);
void pacm_acm_targets_release(acm_target_list *targets);
/* UTF-8 text into a fixed UTF-16 buffer (terminated, truncated on a character boundary). */
size_t pacm_acm_wide_copy(WCHAR *out, size_t capacity, const char *text);
/* The text portacm puts in an empty szFormat: "8.000 kHz, 16 Bit, Mono" (see docs/acm.md). */
void pacm_acm_format_describe(const WAVEFORMATEX *format, WCHAR *out, size_t capacity);

PORTACM_EXTERN_C_END

#endif /* PORTACM_ACM_INT_H */
