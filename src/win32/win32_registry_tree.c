/*
 * win32_registry_tree.c - the in-memory tree of one hive: keys with subkeys in Windows'
 * enumeration order (sorted without case) and values in creation order, each found through a
 * hash of names, plus the checks of key paths and value names that the text file needs to
 * stay readable. The hash matters: a hive file is hostile, and a linear search per line made
 * a 1.7 MB file of 100,000 values take a minute to read.
 */
#include <stdlib.h>
#include <string.h>

#include "win32_registry_int.h"

static unsigned char fold(unsigned char c)
{
    /* Windows compares registry names in upper case: '_' sorts after 'Z', before 'a'. */
    return c >= 'a' && c <= 'z' ? (unsigned char)(c - 'a' + 'A') : c;
}

int pacm_reg_name_compare(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    for (;; x++, y++) {
        unsigned char cx = fold(*x), cy = fold(*y);
        if (cx != cy || cx == 0)
            return (int)cx - (int)cy;
    }
}

/* pacm_reg_name_compare of `name` against the first `length` bytes of `other`. */
static int compare_counted(const char *name, const char *other, size_t length)
{
    const unsigned char *x = (const unsigned char *)name, *y = (const unsigned char *)other;
    for (size_t i = 0; i < length; i++) {
        unsigned char cx = fold(x[i]), cy = fold(y[i]);
        if (cx != cy || cx == 0)
            return (int)cx - (int)cy;
    }
    return x[length] == 0 ? 0 : 1;
}

/* ---- name index ---- */

typedef const char *(*name_at_fn)(const pacm_reg_key *key, size_t position);

static const char *subkey_name_at(const pacm_reg_key *key, size_t position)
{
    return key->subkeys[position]->name;
}

static const char *value_name_at(const pacm_reg_key *key, size_t position)
{
    return key->values[position].name;
}

/* FNV-1a over the folded bytes, so names equal without case hash alike. */
static size_t name_hash(const char *name, size_t length)
{
    uint64_t hash = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < length && name[i]; i++)
        hash = (hash ^ fold((unsigned char)name[i])) * 0x100000001b3ull;
    /* FNV's low bits, which the mask keeps, hardly depend on the last bytes: mix the high
     * bits down (the finaliser of MurmurHash3) so names differing only at the end spread. */
    hash ^= hash >> 33;
    hash *= 0xff51afd7ed558ccdull;
    hash ^= hash >> 33;
    return (size_t)hash;
}

/* A slot: the name's hash in the high half (so most mismatches cost no string compare and no
 * cache miss), position + 1 in the low half; 0 is free. Positions stay below 2^32: a hive
 * file of at most 32 MiB holds far fewer names. */
static void slot_insert(uint64_t *slots, size_t capacity, size_t hash, size_t position)
{
    size_t at = hash & (capacity - 1);
    while (slots[at])
        at = (at + 1) & (capacity - 1);
    slots[at] = (uint64_t)(uint32_t)(hash >> 32) << 32 | (uint64_t)(position + 1);
}

/* Rebuilds the index of `count` names; false (index left invalid) when out of memory. */
static bool index_rebuild(pacm_reg_index *index, const pacm_reg_key *key, size_t count, name_at_fn name_at)
{
    size_t capacity = 16;
    while (capacity / 2 < count + 1)
        capacity *= 2;
    uint64_t *slots = pacm_mem_calloc(capacity, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < count; i++) {
        const char *name = name_at(key, i);
        slot_insert(slots, capacity, name_hash(name, strlen(name)), i);
    }
    pacm_mem_free(index->slots);
    *index = (pacm_reg_index){.slots = slots, .capacity = capacity, .valid = true};
    return true;
}

/* The position of the name (name, length) among `count`, or SIZE_MAX. Without memory for the
 * index it searches linearly: slower, never wrong. */
static size_t index_find(pacm_reg_index *index, const pacm_reg_key *key, size_t count, name_at_fn name_at,
                         const char *name, size_t length)
{
    if (!index->valid && !index_rebuild(index, key, count, name_at)) {
        for (size_t i = 0; i < count; i++)
            if (compare_counted(name_at(key, i), name, length) == 0)
                return i;
        return SIZE_MAX;
    }
    size_t hash = name_hash(name, length);
    uint32_t tag = (uint32_t)(hash >> 32);
    for (size_t at = hash & (index->capacity - 1); index->slots[at]; at = (at + 1) & (index->capacity - 1)) {
        size_t position = (size_t)(uint32_t)index->slots[at] - 1;
        if ((uint32_t)(index->slots[at] >> 32) == tag && compare_counted(name_at(key, position), name, length) == 0)
            return position;
    }
    return SIZE_MAX;
}

/* Records the name just appended at position count - 1 (rebuilt later when the table is
 * half full: doubling keeps the cost linear). */
static void index_added(pacm_reg_index *index, const char *name, size_t count)
{
    if (index->valid && count + 1 > index->capacity / 2)
        index->valid = false;
    if (index->valid)
        slot_insert(index->slots, index->capacity, name_hash(name, strlen(name)), count - 1);
}

/* ---- keys ---- */

pacm_reg_key *pacm_reg_key_new(const char *name)
{
    pacm_reg_key *key = pacm_mem_calloc(1, sizeof *key);
    if (key && !(key->name = pacm_mem_strdup(name))) {
        pacm_mem_free(key);
        key = NULL;
    }
    return key;
}

void pacm_reg_key_free(pacm_reg_key *key)
{
    if (!key)
        return;
    for (size_t i = 0; i < key->subkey_count; i++)
        pacm_reg_key_free(key->subkeys[i]);
    for (size_t i = 0; i < key->value_count; i++) {
        pacm_mem_free(key->values[i].name);
        pacm_mem_free(key->values[i].data);
    }
    pacm_mem_free(key->subkey_index.slots);
    pacm_mem_free(key->value_index.slots);
    pacm_mem_free(key->subkeys);
    pacm_mem_free(key->values);
    pacm_mem_free(key->name);
    pacm_mem_free(key);
}

pacm_reg_key *pacm_reg_subkey_find(pacm_reg_key *key, const char *name, size_t length)
{
    size_t at = index_find(&key->subkey_index, key, key->subkey_count, subkey_name_at, name, length);
    return at == SIZE_MAX ? NULL : key->subkeys[at];
}

static int compare_keys(const void *a, const void *b)
{
    return pacm_reg_name_compare((*(pacm_reg_key *const *)a)->name, (*(pacm_reg_key *const *)b)->name);
}

void pacm_reg_key_sort(pacm_reg_key *key)
{
    if (key->subkeys_unsorted) {
        qsort(key->subkeys, key->subkey_count, sizeof *key->subkeys, compare_keys);
        key->subkey_index.valid = false;
        key->subkeys_unsorted = false;
    }
    for (size_t i = 0; i < key->subkey_count; i++)
        pacm_reg_key_sort(key->subkeys[i]);
}

/* Makes room for one more element in an array of `capacity` elements of `size` bytes. */
static bool grow(void **array, size_t count, size_t *capacity, size_t size)
{
    if (count < *capacity)
        return true;
    size_t wanted = *capacity ? *capacity * 2 : 4, bytes;
    if (!pacm_size_mul(wanted, size, &bytes))
        return false;
    void *bigger = pacm_mem_realloc(*array, bytes);
    if (!bigger)
        return false;
    *array = bigger;
    *capacity = wanted;
    return true;
}

pacm_reg_key *pacm_reg_subkey_get(pacm_reg_key *key, const char *name, size_t length, bool *created)
{
    pacm_reg_key *child = pacm_reg_subkey_find(key, name, length);
    *created = false;
    if (child)
        return child;
    if (!grow((void **)&key->subkeys, key->subkey_count, &key->subkey_capacity, sizeof *key->subkeys))
        return NULL;
    char *copy = pacm_mem_alloc(length + 1);
    child = copy ? pacm_reg_key_new("") : NULL;
    if (!child) {
        pacm_mem_free(copy);
        return NULL;
    }
    memcpy(copy, name, length);
    copy[length] = 0;
    pacm_mem_free(child->name);
    child->name = copy;
    /* Appended; sorted once later (pacm_reg_key_sort), so a file of many keys in any order
     * parses in n log n. */
    if (key->subkey_count > 0 && pacm_reg_name_compare(key->subkeys[key->subkey_count - 1]->name, copy) > 0)
        key->subkeys_unsorted = true;
    key->subkeys[key->subkey_count++] = child;
    index_added(&key->subkey_index, copy, key->subkey_count);
    *created = true;
    return child;
}

bool pacm_reg_subkey_remove(pacm_reg_key *key, const char *name)
{
    size_t at = index_find(&key->subkey_index, key, key->subkey_count, subkey_name_at, name, strlen(name));
    if (at == SIZE_MAX)
        return false;
    pacm_reg_key_free(key->subkeys[at]);
    memmove(&key->subkeys[at], &key->subkeys[at + 1], (key->subkey_count - at - 1) * sizeof *key->subkeys);
    key->subkey_count--;
    key->subkey_index.valid = false;
    return true;
}

pacm_reg_key *pacm_reg_path_find(pacm_reg_key *root, const char *path)
{
    pacm_reg_key *key = root;
    while (key && *path) {
        const char *separator = strchr(path, '\\');
        size_t length = separator ? (size_t)(separator - path) : strlen(path);
        key = pacm_reg_subkey_find(key, path, length);
        path += length;
        if (*path == '\\')
            path++;
    }
    return key;
}

pacm_reg_key *pacm_reg_path_make(pacm_reg_key *root, const char *path, bool *created)
{
    pacm_reg_key *key = root;
    *created = false;
    while (key && *path) {
        const char *separator = strchr(path, '\\');
        size_t length = separator ? (size_t)(separator - path) : strlen(path);
        bool made;
        key = pacm_reg_subkey_get(key, path, length, &made);
        *created = *created || made;
        path += length + (separator ? 1 : 0);
    }
    return key;
}

pacm_reg_value *pacm_reg_value_find(pacm_reg_key *key, const char *name)
{
    size_t at = index_find(&key->value_index, key, key->value_count, value_name_at, name, strlen(name));
    return at == SIZE_MAX ? NULL : &key->values[at];
}

bool pacm_reg_value_set(pacm_reg_key *key, const char *name, DWORD type, const BYTE *data, DWORD size)
{
    BYTE *copy = pacm_mem_alloc(size ? size : 1);
    if (!copy)
        return false;
    if (size)
        memcpy(copy, data, size);
    pacm_reg_value *value = pacm_reg_value_find(key, name);
    if (!value) {
        char *name_copy = pacm_mem_strdup(name);
        if (!name_copy ||
            !grow((void **)&key->values, key->value_count, &key->value_capacity, sizeof *key->values)) {
            pacm_mem_free(name_copy);
            pacm_mem_free(copy);
            return false;
        }
        value = &key->values[key->value_count++];
        *value = (pacm_reg_value){.name = name_copy};
        index_added(&key->value_index, name_copy, key->value_count);
    }
    pacm_mem_free(value->data);
    value->type = type;
    value->data = copy;
    value->size = size;
    return true;
}

bool pacm_reg_value_remove(pacm_reg_key *key, const char *name)
{
    pacm_reg_value *value = pacm_reg_value_find(key, name);
    if (!value)
        return false;
    size_t at = (size_t)(value - key->values);
    pacm_mem_free(value->name);
    pacm_mem_free(value->data);
    memmove(&key->values[at], &key->values[at + 1], (key->value_count - at - 1) * sizeof *key->values);
    key->value_count--;
    key->value_index.valid = false;
    return true;
}

size_t pacm_reg_utf16_units(const char *text, size_t length)
{
    /* Every byte that does not continue a sequence starts a character; 4-byte ones need a
     * surrogate pair. */
    size_t units = 0;
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        if ((c & 0xC0) != 0x80)
            units += c >= 0xF0 ? 2 : 1;
    }
    return units;
}

static bool has_control(const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++)
        if ((unsigned char)text[i] < 0x20 || text[i] == 0x7F)
            return true;
    return false;
}

LONG pacm_reg_path_check(const char *path)
{
    if (path[0] == '\\')
        return ERROR_BAD_PATHNAME;
    /* Windows' limit of 512 levels also keeps the recursive walks of the tree shallow. */
    for (unsigned depth = 0; *path; depth++) {
        if (depth >= PACM_REG_MAX_DEPTH)
            return ERROR_INVALID_PARAMETER;
        const char *separator = strchr(path, '\\');
        size_t length = separator ? (size_t)(separator - path) : strlen(path);
        if (length == 0)
            return ERROR_BAD_PATHNAME;
        if (pacm_reg_utf16_units(path, length) > PORTACM_REG_MAX_KEY_NAME || has_control(path, length))
            return ERROR_INVALID_PARAMETER;
        path += length;
        if (*path == '\\')
            path++;
    }
    return ERROR_SUCCESS;
}

bool pacm_reg_value_name_ok(const char *name)
{
    size_t length = strlen(name);
    return pacm_reg_utf16_units(name, length) <= PORTACM_REG_MAX_VALUE_NAME && !has_control(name, length);
}
