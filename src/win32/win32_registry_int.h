/*
 * win32_registry_int.h - the registry's internals: a hive is read from its text file into a
 * tree of keys (names in UTF-8, values with their type and raw Windows bytes), worked on, and
 * written back whole. Nothing is cached between calls, so another process's changes are seen
 * by the next call; the API layer (win32_registry.c, win32_registry_values.c) resolves a
 * handle to (hive, path) and runs one load or one locked change per call.
 *
 * Files: win32_registry_tree.c (the tree), win32_registry_text.c (regedit text in and out),
 * win32_registry_store.c (file locations, lock, atomic write).
 */
#ifndef PORTACM_WIN32_REGISTRY_INT_H
#define PORTACM_WIN32_REGISTRY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common_int.h"
#include "winreg.h"

/* The hives that exist. */
typedef enum pacm_reg_hive { PACM_REG_HIVE_USER, PACM_REG_HIVE_MACHINE } pacm_reg_hive;

/* Largest hive file read; a bigger one is ignored (hostile or not ours). */
#define PACM_REG_MAX_FILE (32u * 1024u * 1024u)
/* Deepest key path (Windows' limit of 512 levels). */
#define PACM_REG_MAX_DEPTH 512u

typedef struct pacm_reg_value {
    char *name; /* UTF-8; "" for the default value */
    DWORD type;
    BYTE *data; /* as Windows keeps it: strings in UTF-16LE */
    DWORD size;
} pacm_reg_value;

/* A hash of the names of an array (subkeys or values): slots hold the name's hash and
 * position + 1, 0 is free.
 * Rebuilt on demand after a removal or reordering, so lookups stay O(1) and a hostile file of
 * many names parses in linear time. */
typedef struct pacm_reg_index {
    uint64_t *slots;
    size_t capacity; /* a power of two, at least twice the names */
    bool valid;
} pacm_reg_index;

typedef struct pacm_reg_key {
    char *name; /* UTF-8, case as created; "" for the root */
    struct pacm_reg_key **subkeys; /* sorted by pacm_reg_name_compare unless subkeys_unsorted */
    size_t subkey_count, subkey_capacity;
    pacm_reg_value *values; /* in creation order */
    size_t value_count, value_capacity;
    pacm_reg_index subkey_index, value_index;
    bool subkeys_unsorted;
} pacm_reg_key;

/* ---- the tree (win32_registry_tree.c) ---- */
pacm_reg_key *pacm_reg_key_new(const char *name);
void pacm_reg_key_free(pacm_reg_key *key);
/* Windows' order and equality of names: ASCII letters compared as upper case, bytes otherwise. */
int pacm_reg_name_compare(const char *a, const char *b);
pacm_reg_key *pacm_reg_subkey_find(pacm_reg_key *key, const char *name, size_t length);
/* The subkey, made if missing (*created tells; a new one goes at the end until
 * pacm_reg_key_sort); NULL when out of memory. */
pacm_reg_key *pacm_reg_subkey_get(pacm_reg_key *key, const char *name, size_t length, bool *created);
/* Puts every key's subkeys of the tree back in Windows' order (after subkeys were made). */
void pacm_reg_key_sort(pacm_reg_key *key);
/* Removes and frees a subkey; false if there is none of that name. */
bool pacm_reg_subkey_remove(pacm_reg_key *key, const char *name);
/* The key at `path` ('\'-separated, "" for `root`), or NULL. */
pacm_reg_key *pacm_reg_path_find(pacm_reg_key *root, const char *path);
/* The key at `path`, made with every missing key on the way (*created tells whether any
 * was); NULL when out of memory. `path` must have passed pacm_reg_path_check. */
pacm_reg_key *pacm_reg_path_make(pacm_reg_key *root, const char *path, bool *created);
pacm_reg_value *pacm_reg_value_find(pacm_reg_key *key, const char *name);
/* Sets (replacing) a value; copies name and data. false when out of memory. */
bool pacm_reg_value_set(pacm_reg_key *key, const char *name, DWORD type, const BYTE *data, DWORD size);
bool pacm_reg_value_remove(pacm_reg_key *key, const char *name);

/* ---- path syntax (win32_registry_tree.c) ---- */
/* Checks a subkey path: ERROR_SUCCESS, ERROR_BAD_PATHNAME (leading '\' or an empty
 * component) or ERROR_INVALID_PARAMETER (a component over 255 UTF-16 units or with control
 * characters, more than PACM_REG_MAX_DEPTH components). A trailing '\' is allowed. */
LONG pacm_reg_path_check(const char *path);
/* Checks a value name (length and control characters). */
bool pacm_reg_value_name_ok(const char *name);
/* The number of UTF-16 units `text` (UTF-8, `length` bytes) converts to. */
size_t pacm_reg_utf16_units(const char *text, size_t length);

/* ---- text (win32_registry_text.c) ---- */
/* Parses a hive file's text (modified in place) into a new tree for `hive`; lines that
 * cannot be read are skipped with a diagnostic naming `path`. NULL only when out of memory. */
pacm_reg_key *pacm_reg_text_parse(pacm_reg_hive hive, const char *path, char *text, size_t length);
/* The file text for a tree, newly allocated (*length without terminator); NULL on no memory. */
char *pacm_reg_text_format(pacm_reg_hive hive, const pacm_reg_key *root, size_t *length);
/* The root key's name in the file ("HKEY_CURRENT_USER" ...). */
const char *pacm_reg_hive_name(pacm_reg_hive hive);

/* ---- store (win32_registry_store.c) ---- */
/* The hive as the file holds it now (an empty tree when there is no file); *written receives
 * the file's modification time (zero when none). ERROR_SUCCESS or ERROR_OUTOFMEMORY. */
LONG pacm_reg_load(pacm_reg_hive hive, pacm_reg_key **root, FILETIME *written);
/* A change made under the hive's lock: `change` works on the freshly read tree and sets
 * *changed when it modified it; the tree is then written atomically. Returns what `change`
 * returned, or ERROR_ACCESS_DENIED / ERROR_CANTWRITE / ERROR_OUTOFMEMORY from the store. */
typedef LONG (*pacm_reg_change)(pacm_reg_key *root, void *context, bool *changed);
LONG pacm_reg_modify(pacm_reg_hive hive, pacm_reg_change change, void *context);
/* Whether the hive's folder could be written (made if missing). */
bool pacm_reg_hive_writable(pacm_reg_hive hive);

/* ---- handles (win32_registry.c) ---- */
/* What a key handle names, copied out of the handle so no reference is held during a call. */
typedef struct pacm_reg_ref {
    pacm_reg_hive hive;
    char *path; /* '\'-separated below the hive's root; "" for the root */
    REGSAM access;
} pacm_reg_ref;
/* Resolves a predefined or opened key: ERROR_SUCCESS, ERROR_INVALID_HANDLE or
 * ERROR_OUTOFMEMORY. Free with pacm_reg_ref_free. */
LONG pacm_reg_resolve(HKEY key, pacm_reg_ref *ref);
void pacm_reg_ref_free(pacm_reg_ref *ref);
/* A W name in UTF-8: ERROR_SUCCESS (*out NULL for NULL) or ERROR_OUTOFMEMORY. */
LONG pacm_reg_name_from_wide(LPCWSTR name, char **out);

#endif /* PORTACM_WIN32_REGISTRY_INT_H */
