/*
 * win32_registry.c - registry keys: the checked HKEY handles, RegOpenKeyEx, RegCreateKeyEx,
 * RegDeleteKey and RegCloseKey (A and W). Values and enumeration are in
 * win32_registry_values.c.
 *
 * A handle holds only (hive, path, access): every call looks its key up in the file as it is
 * now, so a key another process deleted gives ERROR_KEY_DELETED rather than stale data. The
 * A and W entry points convert their names to UTF-8 and share one implementation.
 */
#include <string.h>

#include "win32_registry_int.h"

/* The object behind an opened HKEY. */
typedef struct reg_key_object {
    pacm_reg_hive hive;
    char *path;
    REGSAM access;
} reg_key_object;

static void reg_key_destroy(void *object)
{
    reg_key_object *key = object;
    pacm_mem_free(key->path);
    pacm_mem_free(key);
}

LONG pacm_reg_resolve(HKEY key, pacm_reg_ref *ref)
{
    *ref = (pacm_reg_ref){.access = KEY_ALL_ACCESS};
    const char *path = "";
    uintptr_t handle = (uintptr_t)key;
    reg_key_object *object = NULL;
    if (key == HKEY_CURRENT_USER) {
        ref->hive = PACM_REG_HIVE_USER;
    } else if (key == HKEY_LOCAL_MACHINE) {
        ref->hive = PACM_REG_HIVE_MACHINE;
    } else if ((object = pacm_handle_acquire(handle, HANDLE_TYPE_REGISTRY_KEY)) != NULL) {
        ref->hive = object->hive;
        ref->access = object->access;
        path = object->path;
    } else {
        return ERROR_INVALID_HANDLE;
    }
    ref->path = pacm_mem_strdup(path);
    if (object)
        pacm_handle_release(handle);
    return ref->path ? ERROR_SUCCESS : ERROR_OUTOFMEMORY;
}

void pacm_reg_ref_free(pacm_reg_ref *ref)
{
    pacm_mem_free(ref->path);
    ref->path = NULL;
}

LONG pacm_reg_name_from_wide(LPCWSTR name, char **out)
{
    *out = name ? pacm_utf16_to_utf8(name) : NULL;
    return name && !*out ? ERROR_OUTOFMEMORY : ERROR_SUCCESS;
}

/* GENERIC_* and MAXIMUM_ALLOWED in the KEY_* rights they stand for, as Windows maps them. */
static REGSAM key_rights(REGSAM wanted)
{
    REGSAM rights = wanted & 0x0000FFFFu;
    if (wanted & GENERIC_READ)
        rights |= KEY_READ;
    if (wanted & GENERIC_WRITE)
        rights |= KEY_WRITE;
    if (wanted & GENERIC_EXECUTE)
        rights |= KEY_EXECUTE;
    if (wanted & (GENERIC_ALL | MAXIMUM_ALLOWED))
        rights |= KEY_ALL_ACCESS;
    return rights;
}

/* `base` and `sub` joined with '\' (a trailing '\' of sub dropped), checked. */
static LONG join_path(const char *base, const char *sub, char **out)
{
    size_t base_length = strlen(base), sub_length = strlen(sub), total;
    if (sub_length > 0 && sub[sub_length - 1] == '\\' && (sub_length < 2 || sub[sub_length - 2] != '\\'))
        sub_length--;
    *out = NULL;
    if (!pacm_size_add(base_length, sub_length, &total) || !pacm_size_add(total, 2, &total))
        return ERROR_OUTOFMEMORY;
    char *path = pacm_mem_alloc(total);
    if (!path)
        return ERROR_OUTOFMEMORY;
    memcpy(path, base, base_length);
    size_t at = base_length;
    if (base_length > 0 && sub_length > 0)
        path[at++] = '\\';
    memcpy(path + at, sub, sub_length);
    path[at + sub_length] = 0;
    LONG result = sub[0] == '\\' ? ERROR_BAD_PATHNAME : pacm_reg_path_check(path);
    if (result != ERROR_SUCCESS)
        pacm_mem_free(path);
    else
        *out = path;
    return result;
}

/* The start of every key call: resolves `key` and joins `sub` (NULL: ERROR_INVALID_PARAMETER)
 * to its path. On failure there is nothing to free. */
static LONG resolve_path(HKEY key, const char *sub, pacm_reg_ref *ref, char **path)
{
    if (!sub)
        return ERROR_INVALID_PARAMETER;
    LONG status = pacm_reg_resolve(key, ref);
    if (status == ERROR_SUCCESS && (status = join_path(ref->path, sub, path)) != ERROR_SUCCESS)
        pacm_reg_ref_free(ref);
    return status;
}

/* A new handle for (hive, path, access); takes `path` (NULL: out of memory). */
static LONG new_handle(pacm_reg_hive hive, char *path, REGSAM access, PHKEY result)
{
    reg_key_object *object = path ? pacm_mem_alloc(sizeof *object) : NULL;
    uintptr_t handle = 0;
    if (object) {
        *object = (reg_key_object){.hive = hive, .path = path, .access = access};
        handle = pacm_handle_create(HANDLE_TYPE_REGISTRY_KEY, object, reg_key_destroy);
    }
    if (!handle) {
        pacm_mem_free(object);
        pacm_mem_free(path);
        return ERROR_OUTOFMEMORY;
    }
    *result = (HKEY)handle;
    return ERROR_SUCCESS;
}

/* Reads the hive once: ERROR_KEY_DELETED when the handle's own key (`base`) is gone, and
 * *exists tells whether the key at `path` is there. */
static LONG look_up(pacm_reg_hive hive, const char *base, const char *path, bool *exists)
{
    pacm_reg_key *root;
    LONG result = pacm_reg_load(hive, &root, NULL);
    if (result != ERROR_SUCCESS)
        return result;
    if (!pacm_reg_path_find(root, base))
        result = ERROR_KEY_DELETED;
    *exists = pacm_reg_path_find(root, path) != NULL;
    pacm_reg_key_free(root);
    return result;
}

static LONG open_key(HKEY key, const char *sub, REGSAM wanted, PHKEY result)
{
    if (!result)
        return ERROR_INVALID_PARAMETER;
    *result = NULL;
    if (!sub)
        sub = ""; /* RegOpenKeyEx takes NULL for the key itself */
    pacm_reg_ref ref;
    char *path;
    LONG status = resolve_path(key, sub, &ref, &path);
    if (status != ERROR_SUCCESS)
        return status;
    REGSAM access = key_rights(wanted);
    bool exists = false;
    status = look_up(ref.hive, ref.path, path, &exists);
    if (status == ERROR_SUCCESS && !exists)
        status = ERROR_FILE_NOT_FOUND;
    if (status == ERROR_SUCCESS && ref.hive == PACM_REG_HIVE_MACHINE &&
        (access & (KEY_SET_VALUE | KEY_CREATE_SUB_KEY)) && !pacm_reg_hive_writable(ref.hive))
        status = ERROR_ACCESS_DENIED;
    if (status == ERROR_SUCCESS && (key == HKEY_CURRENT_USER || key == HKEY_LOCAL_MACHINE) && !sub[0])
        *result = key; /* Windows returns a predefined key as itself */
    else if (status == ERROR_SUCCESS)
        status = new_handle(ref.hive, pacm_mem_strdup(path), access, result);
    pacm_mem_free(path);
    pacm_reg_ref_free(&ref);
    return status;
}

/* What a locked change of a key needs and tells: the handle's key (which must still exist)
 * and the key made or deleted. */
typedef struct key_request {
    const char *base, *path;
    REGSAM parent_access;
    DWORD disposition;
} key_request;

static LONG create_change(pacm_reg_key *root, void *context, bool *changed)
{
    key_request *request = context;
    if (!pacm_reg_path_find(root, request->base))
        return ERROR_KEY_DELETED;
    request->disposition = REG_OPENED_EXISTING_KEY;
    if (pacm_reg_path_find(root, request->path))
        return ERROR_SUCCESS;
    if (!(request->parent_access & KEY_CREATE_SUB_KEY))
        return ERROR_ACCESS_DENIED;
    bool created;
    pacm_reg_key *key = pacm_reg_path_make(root, request->path, &created);
    if (!key)
        return ERROR_OUTOFMEMORY;
    *changed = true;
    request->disposition = REG_CREATED_NEW_KEY;
    return ERROR_SUCCESS;
}

static LONG create_key(HKEY key, const char *sub, REGSAM wanted, PHKEY result, LPDWORD disposition)
{
    if (!result)
        return ERROR_INVALID_PARAMETER;
    *result = NULL;
    pacm_reg_ref ref;
    char *path;
    LONG status = resolve_path(key, sub, &ref, &path);
    if (status != ERROR_SUCCESS)
        return status;
    key_request request = {.base = ref.path, .path = path, .parent_access = ref.access};
    bool exists = false;
    /* An existing key is opened without taking the lock (a read-only machine hive too). */
    status = look_up(ref.hive, ref.path, path, &exists);
    if (status == ERROR_SUCCESS && exists)
        request.disposition = REG_OPENED_EXISTING_KEY;
    else if (status == ERROR_SUCCESS)
        status = pacm_reg_modify(ref.hive, create_change, &request);
    if (status == ERROR_SUCCESS)
        status = new_handle(ref.hive, pacm_mem_strdup(path), key_rights(wanted), result);
    if (status == ERROR_SUCCESS && disposition)
        *disposition = request.disposition;
    pacm_mem_free(path);
    pacm_reg_ref_free(&ref);
    return status;
}

static LONG delete_change(pacm_reg_key *root, void *context, bool *changed)
{
    key_request *request = context;
    if (!pacm_reg_path_find(root, request->base))
        return ERROR_KEY_DELETED;
    if (!request->path[0])
        return ERROR_ACCESS_DENIED; /* a hive's root */
    pacm_reg_key *key = pacm_reg_path_find(root, request->path);
    if (!key)
        return ERROR_FILE_NOT_FOUND;
    if (key->subkey_count > 0)
        return ERROR_ACCESS_DENIED; /* as Windows: RegDeleteKey removes leaves only */
    const char *last = strrchr(request->path, '\\');
    pacm_reg_key *parent = root;
    if (last) {
        char *parent_path = pacm_mem_alloc((size_t)(last - request->path) + 1);
        if (!parent_path)
            return ERROR_OUTOFMEMORY;
        memcpy(parent_path, request->path, (size_t)(last - request->path));
        parent_path[last - request->path] = 0;
        parent = pacm_reg_path_find(root, parent_path);
        pacm_mem_free(parent_path);
    }
    if (!parent || !pacm_reg_subkey_remove(parent, key->name))
        return ERROR_FILE_NOT_FOUND;
    *changed = true;
    return ERROR_SUCCESS;
}

static LONG delete_key(HKEY key, const char *sub)
{
    pacm_reg_ref ref;
    char *path;
    LONG status = resolve_path(key, sub, &ref, &path);
    if (status != ERROR_SUCCESS)
        return status;
    key_request request = {.base = ref.path, .path = path};
    status = pacm_reg_modify(ref.hive, delete_change, &request);
    pacm_mem_free(path);
    pacm_reg_ref_free(&ref);
    return status;
}

LSTATUS WINAPI RegCloseKey(HKEY hKey)
{
    if (hKey == HKEY_CURRENT_USER || hKey == HKEY_LOCAL_MACHINE)
        return ERROR_SUCCESS;
    return pacm_handle_close((uintptr_t)hKey, HANDLE_TYPE_REGISTRY_KEY) ? ERROR_SUCCESS : ERROR_INVALID_HANDLE;
}

LSTATUS WINAPI RegOpenKeyExA(HKEY hKey, LPCSTR lpSubKey, DWORD ulOptions, REGSAM samDesired, PHKEY phkResult)
{
    (void)ulOptions;
    return open_key(hKey, lpSubKey, samDesired, phkResult);
}

LSTATUS WINAPI RegOpenKeyExW(HKEY hKey, LPCWSTR lpSubKey, DWORD ulOptions, REGSAM samDesired, PHKEY phkResult)
{
    (void)ulOptions;
    char *sub;
    LONG status = pacm_reg_name_from_wide(lpSubKey, &sub);
    if (status == ERROR_SUCCESS)
        status = open_key(hKey, sub, samDesired, phkResult);
    else if (phkResult)
        *phkResult = NULL;
    pacm_mem_free(sub);
    return status;
}

LSTATUS WINAPI RegCreateKeyExA(HKEY hKey, LPCSTR lpSubKey, DWORD Reserved, LPSTR lpClass, DWORD dwOptions,
                               REGSAM samDesired, const LPSECURITY_ATTRIBUTES lpSecurityAttributes, PHKEY phkResult,
                               LPDWORD lpdwDisposition)
{
    (void)Reserved, (void)lpClass, (void)dwOptions, (void)lpSecurityAttributes;
    return create_key(hKey, lpSubKey, samDesired, phkResult, lpdwDisposition);
}

LSTATUS WINAPI RegCreateKeyExW(HKEY hKey, LPCWSTR lpSubKey, DWORD Reserved, LPWSTR lpClass, DWORD dwOptions,
                               REGSAM samDesired, const LPSECURITY_ATTRIBUTES lpSecurityAttributes, PHKEY phkResult,
                               LPDWORD lpdwDisposition)
{
    (void)Reserved, (void)lpClass, (void)dwOptions, (void)lpSecurityAttributes;
    char *sub;
    LONG status = pacm_reg_name_from_wide(lpSubKey, &sub);
    if (status == ERROR_SUCCESS)
        status = create_key(hKey, sub, samDesired, phkResult, lpdwDisposition);
    else if (phkResult)
        *phkResult = NULL;
    pacm_mem_free(sub);
    return status;
}

LSTATUS WINAPI RegDeleteKeyA(HKEY hKey, LPCSTR lpSubKey)
{
    return delete_key(hKey, lpSubKey);
}

LSTATUS WINAPI RegDeleteKeyW(HKEY hKey, LPCWSTR lpSubKey)
{
    char *sub;
    LONG status = pacm_reg_name_from_wide(lpSubKey, &sub);
    if (status == ERROR_SUCCESS)
        status = delete_key(hKey, sub);
    pacm_mem_free(sub);
    return status;
}
