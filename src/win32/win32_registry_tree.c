/*
 * win32_registry_tree.c - the in-memory tree of one hive: keys with subkeys kept in Windows'
 * enumeration order (sorted without case) and values kept in creation order, plus the checks
 * of key paths and value names that the text file needs to stay readable.
 */
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
    pacm_mem_free(key->subkeys);
    pacm_mem_free(key->values);
    pacm_mem_free(key->name);
    pacm_mem_free(key);
}

/* Binary search: the index of the subkey named (name, length), or where it would go. */
static size_t subkey_position(const pacm_reg_key *key, const char *name, size_t length, bool *found)
{
    size_t low = 0, high = key->subkey_count;
    *found = false;
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        int order = compare_counted(key->subkeys[middle]->name, name, length);
        if (order == 0) {
            *found = true;
            return middle;
        }
        if (order < 0)
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

pacm_reg_key *pacm_reg_subkey_find(const pacm_reg_key *key, const char *name, size_t length)
{
    bool found;
    size_t at = subkey_position(key, name, length, &found);
    return found ? key->subkeys[at] : NULL;
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
    bool found;
    size_t at = subkey_position(key, name, length, &found);
    *created = false;
    if (found)
        return key->subkeys[at];
    if (!grow((void **)&key->subkeys, key->subkey_count, &key->subkey_capacity, sizeof *key->subkeys))
        return NULL;
    char *copy = pacm_mem_alloc(length + 1);
    pacm_reg_key *child = copy ? pacm_reg_key_new("") : NULL;
    if (!child) {
        pacm_mem_free(copy);
        return NULL;
    }
    memcpy(copy, name, length);
    copy[length] = 0;
    pacm_mem_free(child->name);
    child->name = copy;
    memmove(&key->subkeys[at + 1], &key->subkeys[at], (key->subkey_count - at) * sizeof *key->subkeys);
    key->subkeys[at] = child;
    key->subkey_count++;
    *created = true;
    return child;
}

bool pacm_reg_subkey_remove(pacm_reg_key *key, const char *name)
{
    bool found;
    size_t at = subkey_position(key, name, strlen(name), &found);
    if (!found)
        return false;
    pacm_reg_key_free(key->subkeys[at]);
    memmove(&key->subkeys[at], &key->subkeys[at + 1], (key->subkey_count - at - 1) * sizeof *key->subkeys);
    key->subkey_count--;
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

pacm_reg_value *pacm_reg_value_find(const pacm_reg_key *key, const char *name)
{
    for (size_t i = 0; i < key->value_count; i++)
        if (pacm_reg_name_compare(key->values[i].name, name) == 0)
            return &key->values[i];
    return NULL;
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
