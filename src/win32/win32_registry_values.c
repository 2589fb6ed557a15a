/*
 * win32_registry_values.c - registry values and enumeration: RegQueryValueEx, RegSetValueEx,
 * RegDeleteValue, RegEnumKeyEx, RegEnumValue and RegQueryInfoKey (A and W).
 *
 * Values are kept as Windows keeps them (strings in UTF-16LE), so the W functions move bytes
 * unchanged and only the A functions convert string data, to and from UTF-8; their sizes are
 * those of the converted data, so ERROR_MORE_DATA sizing holds for both.
 */
#include <string.h>

#include "win32_registry_int.h"

static bool is_string_type(DWORD type)
{
    return type == REG_SZ || type == REG_EXPAND_SZ || type == REG_MULTI_SZ;
}

/* UTF-16LE string data (terminators and all, an odd last byte dropped) as UTF-8, newly
 * allocated; the segments between NUL units are converted one by one. */
static BYTE *data_to_utf8(const BYTE *data, DWORD size, DWORD *out_size)
{
    size_t units = size / 2, capacity = units * 3 + 1, length = 0;
    const WCHAR *wide = (const WCHAR *)(const void *)data; /* little-endian hosts */
    char *out = pacm_mem_alloc(capacity);
    for (size_t i = 0; out && i < units;) {
        size_t segment = 0;
        while (i + segment < units && wide[i + segment])
            segment++;
        length += pacm_utf16_field_to_utf8(wide + i, segment, out + length, capacity - length);
        i += segment;
        if (i < units) {
            out[length++] = 0;
            i++;
        }
    }
    *out_size = (DWORD)length;
    return (BYTE *)out;
}

/* UTF-8 string data (NULs in it kept as NUL units) as UTF-16LE, newly allocated. */
static BYTE *data_from_utf8(const BYTE *data, DWORD size, DWORD *out_size)
{
    char *text = pacm_mem_alloc((size_t)size + 1);
    WCHAR *wide = text ? pacm_mem_alloc(((size_t)size + 1) * sizeof(WCHAR)) : NULL;
    size_t length = 0;
    if (wide) {
        memcpy(text, data, size);
        text[size] = 0;
        for (size_t i = 0; i < size;) {
            size_t segment = strlen(text + i);
            length += pacm_utf8_to_utf16_buffer(text + i, wide + length, (size_t)size + 1 - length);
            i += segment;
            if (i < size) {
                wide[length++] = 0;
                i++;
            }
        }
    }
    pacm_mem_free(text);
    *out_size = (DWORD)(length * sizeof(WCHAR));
    return (BYTE *)wide;
}

/* Copies a value's type and data out with Windows' sizing rules (see RegQueryValueExA). */
static LONG put_data(const pacm_reg_value *value, bool wide, LPDWORD type, LPBYTE data, LPDWORD size)
{
    const BYTE *bytes = value->data;
    DWORD length = value->size;
    BYTE *converted = NULL;
    if (!wide && is_string_type(value->type) && (data || size)) {
        converted = data_to_utf8(value->data, value->size, &length);
        if (!converted)
            return ERROR_OUTOFMEMORY;
        bytes = converted;
    }
    LONG status = ERROR_SUCCESS;
    if (type)
        *type = value->type;
    if (data && *size < length)
        status = ERROR_MORE_DATA;
    else if (data)
        memcpy(data, bytes, length);
    if (size)
        *size = length;
    pacm_mem_free(converted);
    return status;
}

/* Copies a name out: UTF-16 units (W) or UTF-8 bytes (A), *count in with the terminator's
 * room, out without it. */
static LONG put_name(const char *name, void *out, LPDWORD count, bool wide)
{
    size_t length = wide ? pacm_reg_utf16_units(name, strlen(name)) : strlen(name);
    if (length + 1 > *count)
        return ERROR_MORE_DATA;
    if (wide)
        pacm_utf8_to_utf16_buffer(name, out, length + 1);
    else
        memcpy(out, name, length + 1);
    *count = (DWORD)length;
    return ERROR_SUCCESS;
}

/* Loads the hive of `key` and finds its key; needs `right`. Free *root after use. */
static LONG load_key(HKEY key, REGSAM right, pacm_reg_key **root, pacm_reg_key **found, FILETIME *written)
{
    pacm_reg_ref ref;
    *root = NULL;
    LONG status = pacm_reg_resolve(key, &ref);
    if (status == ERROR_SUCCESS && !(ref.access & right))
        status = ERROR_ACCESS_DENIED;
    if (status == ERROR_SUCCESS)
        status = pacm_reg_load(ref.hive, root, written);
    if (status == ERROR_SUCCESS && !(*found = pacm_reg_path_find(*root, ref.path)))
        status = ERROR_KEY_DELETED;
    pacm_reg_ref_free(&ref);
    return status;
}

static LONG query_value(HKEY key, const char *name, LPDWORD reserved, LPDWORD type, LPBYTE data, LPDWORD size,
                        bool wide)
{
    if (reserved || (data && !size))
        return ERROR_INVALID_PARAMETER;
    pacm_reg_key *root, *found;
    LONG status = load_key(key, KEY_QUERY_VALUE, &root, &found, NULL);
    if (status == ERROR_SUCCESS) {
        const pacm_reg_value *value = pacm_reg_value_find(found, name ? name : "");
        status = value ? put_data(value, wide, type, data, size) : ERROR_FILE_NOT_FOUND;
    }
    pacm_reg_key_free(root);
    return status;
}

/* A change to one value of the key at `path`: set when data is not NULL, else delete. */
typedef struct value_request {
    const char *path, *name;
    DWORD type, size;
    const BYTE *data;
} value_request;

static LONG value_change(pacm_reg_key *root, void *context, bool *changed)
{
    value_request *request = context;
    pacm_reg_key *key = pacm_reg_path_find(root, request->path);
    if (!key)
        return ERROR_KEY_DELETED;
    if (!request->data) {
        if (!pacm_reg_value_remove(key, request->name))
            return ERROR_FILE_NOT_FOUND;
    } else if (!pacm_reg_value_set(key, request->name, request->type, request->data, request->size)) {
        return ERROR_OUTOFMEMORY;
    }
    *changed = true;
    return ERROR_SUCCESS;
}

/* Sets (data not NULL) or deletes (data NULL) a value; the data is in its stored form. */
static LONG change_value(HKEY key, const char *name, DWORD type, const BYTE *data, DWORD size)
{
    pacm_reg_ref ref;
    LONG status = pacm_reg_resolve(key, &ref);
    if (status != ERROR_SUCCESS)
        return status;
    if (!(ref.access & KEY_SET_VALUE))
        status = ERROR_ACCESS_DENIED;
    else if (!pacm_reg_value_name_ok(name ? name : ""))
        status = ERROR_INVALID_PARAMETER;
    value_request request = {ref.path, name ? name : "", type, size, data};
    if (status == ERROR_SUCCESS)
        status = pacm_reg_modify(ref.hive, value_change, &request);
    pacm_reg_ref_free(&ref);
    return status;
}

static LONG set_value(HKEY key, const char *name, DWORD type, const BYTE *data, DWORD size, bool wide)
{
    if (!data && size)
        return ERROR_NOACCESS;
    if (size > PORTACM_REG_MAX_VALUE_DATA)
        return ERROR_INVALID_PARAMETER;
    static const BYTE nothing[1] = {0};
    BYTE *converted = NULL;
    if (!wide && is_string_type(type) && size) {
        converted = data_from_utf8(data, size, &size);
        if (!converted)
            return ERROR_OUTOFMEMORY;
    }
    LONG status = change_value(key, name, type, converted ? converted : data ? data : nothing, size);
    pacm_mem_free(converted);
    return status;
}

static LONG enum_key(HKEY key, DWORD index, void *name, LPDWORD count, LPDWORD reserved, void *class_name,
                     LPDWORD class_count, PFILETIME written, bool wide)
{
    if (!name || !count || reserved)
        return ERROR_INVALID_PARAMETER;
    pacm_reg_key *root, *found;
    FILETIME time;
    LONG status = load_key(key, KEY_ENUMERATE_SUB_KEYS, &root, &found, &time);
    if (status == ERROR_SUCCESS && index >= found->subkey_count)
        status = ERROR_NO_MORE_ITEMS;
    if (status == ERROR_SUCCESS)
        status = put_name(found->subkeys[index]->name, name, count, wide);
    if (status == ERROR_SUCCESS && class_name && class_count && *class_count > 0)
        memset(class_name, 0, wide ? sizeof(WCHAR) : 1);
    if (status == ERROR_SUCCESS && class_count)
        *class_count = 0;
    if (status == ERROR_SUCCESS && written)
        *written = time;
    pacm_reg_key_free(root);
    return status;
}

static LONG enum_value(HKEY key, DWORD index, void *name, LPDWORD count, LPDWORD reserved, LPDWORD type,
                       LPBYTE data, LPDWORD size, bool wide)
{
    if (!name || !count || reserved || (data && !size))
        return ERROR_INVALID_PARAMETER;
    pacm_reg_key *root, *found;
    LONG status = load_key(key, KEY_QUERY_VALUE, &root, &found, NULL);
    if (status == ERROR_SUCCESS && index >= found->value_count)
        status = ERROR_NO_MORE_ITEMS;
    if (status == ERROR_SUCCESS)
        status = put_name(found->values[index].name, name, count, wide);
    if (status == ERROR_SUCCESS)
        status = put_data(&found->values[index], wide, type, data, size);
    pacm_reg_key_free(root);
    return status;
}

/* The numbers RegQueryInfoKey reports. */
typedef struct key_info {
    DWORD subkeys, longest_subkey, values, longest_value_name, largest_data;
    FILETIME written;
} key_info;

static LONG measure_key(HKEY key, bool wide, key_info *info)
{
    pacm_reg_key *root, *found;
    LONG status = load_key(key, KEY_QUERY_VALUE, &root, &found, &info->written);
    for (size_t i = 0; status == ERROR_SUCCESS && i < found->subkey_count; i++) {
        const char *name = found->subkeys[i]->name;
        size_t length = wide ? pacm_reg_utf16_units(name, strlen(name)) : strlen(name);
        if (length > info->longest_subkey)
            info->longest_subkey = (DWORD)length;
    }
    for (size_t i = 0; status == ERROR_SUCCESS && i < found->value_count; i++) {
        const pacm_reg_value *value = &found->values[i];
        size_t length = wide ? pacm_reg_utf16_units(value->name, strlen(value->name)) : strlen(value->name);
        DWORD data_size = value->size;
        if (!wide && is_string_type(value->type)) {
            BYTE *converted = data_to_utf8(value->data, value->size, &data_size);
            status = converted ? ERROR_SUCCESS : ERROR_OUTOFMEMORY;
            pacm_mem_free(converted);
        }
        if (length > info->longest_value_name)
            info->longest_value_name = (DWORD)length;
        if (data_size > info->largest_data)
            info->largest_data = data_size;
    }
    if (status == ERROR_SUCCESS) {
        info->subkeys = (DWORD)found->subkey_count;
        info->values = (DWORD)found->value_count;
    }
    pacm_reg_key_free(root);
    return status;
}

static LONG query_info(HKEY key, void *class_name, LPDWORD class_count, LPDWORD reserved, LPDWORD subkeys,
                       LPDWORD longest_subkey, LPDWORD longest_class, LPDWORD values, LPDWORD longest_value_name,
                       LPDWORD largest_data, LPDWORD security, PFILETIME written, bool wide)
{
    if (reserved || (class_name && !class_count))
        return ERROR_INVALID_PARAMETER;
    key_info info = {0};
    LONG status = measure_key(key, wide, &info);
    if (status != ERROR_SUCCESS)
        return status;
    if (class_name && *class_count > 0)
        memset(class_name, 0, wide ? sizeof(WCHAR) : 1);
    DWORD *outs[] = {class_count, subkeys, longest_subkey, longest_class, values, longest_value_name,
                     largest_data, security};
    DWORD numbers[] = {0, info.subkeys, info.longest_subkey, 0, info.values, info.longest_value_name,
                       info.largest_data, 0};
    for (size_t i = 0; i < sizeof outs / sizeof outs[0]; i++)
        if (outs[i])
            *outs[i] = numbers[i];
    if (written)
        *written = info.written;
    return ERROR_SUCCESS;
}

LSTATUS WINAPI RegQueryValueExA(HKEY hKey, LPCSTR lpValueName, LPDWORD lpReserved, LPDWORD lpType, LPBYTE lpData,
                                LPDWORD lpcbData)
{
    return query_value(hKey, lpValueName, lpReserved, lpType, lpData, lpcbData, false);
}

LSTATUS WINAPI RegQueryValueExW(HKEY hKey, LPCWSTR lpValueName, LPDWORD lpReserved, LPDWORD lpType, LPBYTE lpData,
                                LPDWORD lpcbData)
{
    char *name;
    LONG status = pacm_reg_name_from_wide(lpValueName, &name);
    if (status == ERROR_SUCCESS)
        status = query_value(hKey, name, lpReserved, lpType, lpData, lpcbData, true);
    pacm_mem_free(name);
    return status;
}

LSTATUS WINAPI RegSetValueExA(HKEY hKey, LPCSTR lpValueName, DWORD Reserved, DWORD dwType, const BYTE *lpData,
                              DWORD cbData)
{
    (void)Reserved;
    return set_value(hKey, lpValueName, dwType, lpData, cbData, false);
}

LSTATUS WINAPI RegSetValueExW(HKEY hKey, LPCWSTR lpValueName, DWORD Reserved, DWORD dwType, const BYTE *lpData,
                              DWORD cbData)
{
    (void)Reserved;
    char *name;
    LONG status = pacm_reg_name_from_wide(lpValueName, &name);
    if (status == ERROR_SUCCESS)
        status = set_value(hKey, name, dwType, lpData, cbData, true);
    pacm_mem_free(name);
    return status;
}

LSTATUS WINAPI RegDeleteValueA(HKEY hKey, LPCSTR lpValueName)
{
    return change_value(hKey, lpValueName, 0, NULL, 0);
}

LSTATUS WINAPI RegDeleteValueW(HKEY hKey, LPCWSTR lpValueName)
{
    char *name;
    LONG status = pacm_reg_name_from_wide(lpValueName, &name);
    if (status == ERROR_SUCCESS)
        status = change_value(hKey, name, 0, NULL, 0);
    pacm_mem_free(name);
    return status;
}

LSTATUS WINAPI RegEnumKeyExA(HKEY hKey, DWORD dwIndex, LPSTR lpName, LPDWORD lpcchName, LPDWORD lpReserved,
                             LPSTR lpClass, LPDWORD lpcchClass, PFILETIME lpftLastWriteTime)
{
    return enum_key(hKey, dwIndex, lpName, lpcchName, lpReserved, lpClass, lpcchClass, lpftLastWriteTime, false);
}

LSTATUS WINAPI RegEnumKeyExW(HKEY hKey, DWORD dwIndex, LPWSTR lpName, LPDWORD lpcchName, LPDWORD lpReserved,
                             LPWSTR lpClass, LPDWORD lpcchClass, PFILETIME lpftLastWriteTime)
{
    return enum_key(hKey, dwIndex, lpName, lpcchName, lpReserved, lpClass, lpcchClass, lpftLastWriteTime, true);
}

LSTATUS WINAPI RegEnumValueA(HKEY hKey, DWORD dwIndex, LPSTR lpValueName, LPDWORD lpcchValueName, LPDWORD lpReserved,
                             LPDWORD lpType, LPBYTE lpData, LPDWORD lpcbData)
{
    return enum_value(hKey, dwIndex, lpValueName, lpcchValueName, lpReserved, lpType, lpData, lpcbData, false);
}

LSTATUS WINAPI RegEnumValueW(HKEY hKey, DWORD dwIndex, LPWSTR lpValueName, LPDWORD lpcchValueName,
                             LPDWORD lpReserved, LPDWORD lpType, LPBYTE lpData, LPDWORD lpcbData)
{
    return enum_value(hKey, dwIndex, lpValueName, lpcchValueName, lpReserved, lpType, lpData, lpcbData, true);
}

LSTATUS WINAPI RegQueryInfoKeyA(HKEY hKey, LPSTR lpClass, LPDWORD lpcchClass, LPDWORD lpReserved, LPDWORD lpcSubKeys,
                                LPDWORD lpcbMaxSubKeyLen, LPDWORD lpcbMaxClassLen, LPDWORD lpcValues,
                                LPDWORD lpcbMaxValueNameLen, LPDWORD lpcbMaxValueLen, LPDWORD lpcbSecurityDescriptor,
                                PFILETIME lpftLastWriteTime)
{
    return query_info(hKey, lpClass, lpcchClass, lpReserved, lpcSubKeys, lpcbMaxSubKeyLen, lpcbMaxClassLen, lpcValues,
                      lpcbMaxValueNameLen, lpcbMaxValueLen, lpcbSecurityDescriptor, lpftLastWriteTime, false);
}

LSTATUS WINAPI RegQueryInfoKeyW(HKEY hKey, LPWSTR lpClass, LPDWORD lpcchClass, LPDWORD lpReserved,
                                LPDWORD lpcSubKeys, LPDWORD lpcbMaxSubKeyLen, LPDWORD lpcbMaxClassLen,
                                LPDWORD lpcValues, LPDWORD lpcbMaxValueNameLen, LPDWORD lpcbMaxValueLen,
                                LPDWORD lpcbSecurityDescriptor, PFILETIME lpftLastWriteTime)
{
    return query_info(hKey, lpClass, lpcchClass, lpReserved, lpcSubKeys, lpcbMaxSubKeyLen, lpcbMaxClassLen, lpcValues,
                      lpcbMaxValueNameLen, lpcbMaxValueLen, lpcbSecurityDescriptor, lpftLastWriteTime, true);
}
