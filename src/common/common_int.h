/*
 * common_int.h - services every layer uses: the one allocator (with allocation-failure
 * injection for tests), the PORTACM_DEBUG diagnostic log, UTF-16 string helpers, overflow-
 * checked size arithmetic and the checked handle table.
 */
#ifndef PORTACM_COMMON_INT_H
#define PORTACM_COMMON_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "windows.h"

/* ---- allocation ---------------------------------------------------------------------- */
/* Every allocation of the library goes through these, so that a test can fail the Nth one. */
void *pacm_mem_alloc(size_t size);
void *pacm_mem_calloc(size_t count, size_t size);
void *pacm_mem_realloc(void *ptr, size_t size);
void pacm_mem_free(void *ptr);
char *pacm_mem_strdup(const char *text);
/* Allocation-failure injection: after `count` more successful allocations every allocation
 * fails; a negative count turns injection off. Returns the number of allocations made since
 * the last call (so a test can learn how many a path needs). */
long pacm_mem_fail_after(long count);
/* How many allocations have returned NULL since the process started (injected or real); a
 * one-time initialisation compares it before and after to know whether to try again later. */
long pacm_mem_failure_count(void);

/* ---- checked arithmetic --------------------------------------------------------------- */
/* Each returns false (and leaves *out untouched) when the result would overflow. */
bool pacm_size_mul(size_t a, size_t b, size_t *out);
bool pacm_size_add(size_t a, size_t b, size_t *out);

/* ---- diagnostics ---------------------------------------------------------------------- */
/* Prints "portacm: <message>\n" on stderr when the environment has PORTACM_DEBUG set to a
 * non-empty value other than "0". */
void pacm_log_debug(const char *format, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
bool pacm_log_debug_enabled(void);

/* ---- UTF-16 strings ------------------------------------------------------------------- */
size_t pacm_utf16_length(LPCWSTR text);
/* Converts to a newly allocated string; NULL for NULL input or on allocation failure.
 * Invalid sequences become U+FFFD. */
char *pacm_utf16_to_utf8(LPCWSTR text);
WCHAR *pacm_utf8_to_utf16(const char *text);
/* Converts into a fixed buffer of `capacity` units (always terminated when capacity > 0,
 * truncated on a character boundary). Returns the units written, without the terminator. */
size_t pacm_utf8_to_utf16_buffer(const char *text, WCHAR *buffer, size_t capacity);
/* Encodes one code point (at most 0x10FFFF) as UTF-8 into `out`; returns the byte count, 1-4. */
size_t pacm_utf8_encode(uint32_t code_point, char out[4]);
size_t pacm_utf16_to_utf8_buffer(LPCWSTR text, char *buffer, size_t capacity);
/* The same for a fixed-size text field of `field_chars` units that another party filled (a
 * driver's szShortName, szFormat...): stops at a terminator or at the end of the field,
 * whichever comes first, and never reads past the field (an unterminated field ending in a
 * high surrogate converts that surrogate to U+FFFD). */
size_t pacm_utf16_field_to_utf8(LPCWSTR field, size_t field_chars, char *buffer, size_t capacity);
/* Case-insensitive comparison (ASCII letters only), like lstrcmpiW for ASCII text. */
int pacm_utf16_compare_ignore_case(LPCWSTR a, LPCWSTR b);

/* ---- configuration files (config_file.c) ---------------------------------------------- */
/* The user's file `relative` under $XDG_CONFIG_HOME (absolute values only) or else
 * $HOME/.config, newly allocated; NULL when neither gives an absolute folder or on failure. */
char *pacm_config_user_path(const char *relative);

/* pacm_config_file_read flags. */
enum {
    /* Refuse a file that someone else could have written: group- or world-writable, or owned by
     * neither the effective user nor root (for files that name code to load). */
    PACM_CONFIG_OWNED = 1u
};

/* Reads a whole configuration file into a new NUL-terminated buffer (*length receives its
 * size without the terminator). Refuses, with a PORTACM_DEBUG line that starts with `what` and
 * the path, anything that is not a regular file of at most max_size bytes, and with
 * PACM_CONFIG_OWNED a file others could have written. NULL when the file is missing or refused. */
char *pacm_config_file_read(const char *path, const char *what, size_t max_size, unsigned flags, size_t *length);

/* How pacm_ini_parse reports a file's entries. `entry` is called for each `name = value` line
 * (both trimmed, both non-empty) with its section name (trimmed, without brackets), NULL for
 * an entry before any header when entries_before_header allows those; it returns false to
 * stop. Lines over max_line bytes, lines with control characters, lines without '=', and the
 * entries under a malformed header are skipped with a diagnostic naming `what`, `path` and
 * the line number. ';' and '#' start comment lines. */
typedef struct pacm_ini_reader {
    const char *path, *what;
    const char *name_word; /* what the diagnostics call an entry's name ("alias"); NULL: "name" */
    size_t max_line;
    bool entries_before_header;
    bool (*entry)(const char *section, const char *name, const char *value, unsigned line, void *context);
    void *context;
} pacm_ini_reader;

/* Parses `text` (length bytes, modified in place). Returns false if `entry` stopped it. */
bool pacm_ini_parse(const pacm_ini_reader *reader, char *text, size_t length);

/* ---- checked handles ------------------------------------------------------------------ */
/* A handle names a slot of one process-wide table plus the slot's generation, so a closed,
 * stale or forged handle never reaches freed memory. Objects are reference counted: acquire
 * before use, release after; close makes later acquires fail and the destructor runs when the
 * last reference is released. Handle values are never 0 and never small integers. */
typedef void (*handle_destructor)(void *object);

/* Handle types (the magic numbers in the table). */
enum {
    HANDLE_TYPE_DRIVER = 0x900F1B01u,
    HANDLE_TYPE_EVENT = 0x5E0E0001u,
    HANDLE_TYPE_WINDOW = 0x5E0E0002u,
    HANDLE_TYPE_ACM_DRIVERID = 0x5EED0001u,
    HANDLE_TYPE_ACM_DRIVER = 0x5EED0002u,
    HANDLE_TYPE_ACM_STREAM = 0x5EED0003u,
    HANDLE_TYPE_MMIO = 0x3310F001u,
    HANDLE_TYPE_MEMORY = 0x3E3E0001u, /* a moveable Local/Global block (win32_memory.c) */
    HANDLE_TYPE_HEAP = 0x3E3E0002u, /* a HeapCreate heap */
    HANDLE_TYPE_REGISTRY_KEY = 0x4E6E0001u,
};

/* Creates a handle for `object`; 0 when out of memory. */
uintptr_t pacm_handle_create(uint32_t type, void *object, handle_destructor destroy);
/* The object, with one more reference, or NULL if `handle` is not a live handle of `type`. */
void *pacm_handle_acquire(uintptr_t handle, uint32_t type);
/* Drops a reference taken by pacm_handle_acquire. */
void pacm_handle_release(uintptr_t handle);
/* Makes the handle invalid for every later acquire and drops the table's own reference.
 * Returns false if it was not a live handle of `type`. */
bool pacm_handle_close(uintptr_t handle, uint32_t type);
/* The type of a live handle, or 0. */
uint32_t pacm_handle_type(uintptr_t handle);
/* Calls `visit` for every live handle of `type` (with a reference held during the call) until
 * it returns false. The table lock is not held during the calls. */
void pacm_handle_enumerate(uint32_t type, bool (*visit)(uintptr_t handle, void *object, void *context),
                      void *context);

#endif /* PORTACM_COMMON_INT_H */
