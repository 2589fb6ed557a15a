/*
 * driver_resource.c - kernel32's resource functions (FindResource[Ex]A/W, LoadResource,
 * LockResource, SizeofResource, FreeResource) over the resources a module carries.
 *
 * Where the resources are: portacm_add_resources (cmake/portacmResources.cmake) compiles the
 * module's .rc with a real resource compiler into a .res image and links it into the module as
 * the exported read-only object `portacm_resources` (magic, size, image). An HMODULE is the
 * module's dlopen handle (driver_module_api.c), so the image is dlsym(module,
 * "portacm_resources"), accepted only when dladdr1 says the object belongs to that very module
 * (dlsym also searches a module's dependencies) and its ELF symbol size holds the size the
 * header claims. Section lookups (dl_iterate_phdr) were not used: section headers are not mapped
 * at run time, while a dynamic symbol always is.
 *
 * Handles are checked before dlsym sees them: a handle is accepted only when it is one of the
 * process's loaded objects (its link map chain, walked under the loader's lock inside
 * dl_iterate_phdr; glibc's dlopen handles are link maps), so a
 * made-up or unloaded handle gives ERROR_INVALID_HANDLE instead of a crash. HRSRC is the
 * address of the entry's header in the image and HGLOBAL the address of its data; both live as
 * long as the module is loaded, as on Windows.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common_int.h"
#include "driver_resource_int.h"
#include "winbase.h"

static void *program_self;
static pthread_once_t program_once = PTHREAD_ONCE_INIT;

static void program_open(void)
{
    program_self = dlopen(NULL, RTLD_LAZY);
}

typedef struct handle_search {
    struct link_map *start;
    void *handle;
    bool found;
} handle_search;

/* dl_iterate_phdr's callback: walks the link map chain once, while the C library holds the lock
 * that dlopen and dlclose take to link and unlink objects, so the chain cannot change under it. */
static int handle_search_chain(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)info;
    (void)size;
    handle_search *search = data;
    struct link_map *map = search->start;
    while (map && map->l_prev)
        map = map->l_prev;
    for (; map && !search->found; map = map->l_next)
        search->found = (void *)map == search->handle;
    return 1; /* once is enough */
}

/* True when `handle` is a link map of the process (the program's chain). */
static bool handle_loaded(void *handle, void *program)
{
    handle_search search = {NULL, handle, false};
    if (!program || dlinfo(program, RTLD_DI_LINKMAP, &search.start) != 0)
        return false;
    dl_iterate_phdr(handle_search_chain, &search);
    return search.found;
}

DWORD pacm_res_module_image(HMODULE module, const unsigned char **image, size_t *size)
{
    pthread_once(&program_once, program_open);
    void *handle = module ? (void *)module : program_self;
    if (!handle || (handle != program_self && !handle_loaded(handle, program_self)))
        return ERROR_INVALID_HANDLE;
    struct link_map *own = NULL;
    if (dlinfo(handle, RTLD_DI_LINKMAP, &own) != 0)
        return ERROR_INVALID_HANDLE;
    dlerror();
    void *symbol = dlsym(handle, PACM_RES_SYMBOL);
    Dl_info info;
    struct link_map *owner = NULL;
    if (!symbol || !dladdr1(symbol, &info, (void **)&owner, RTLD_DL_LINKMAP) || owner != own)
        return ERROR_RESOURCE_DATA_NOT_FOUND;
    const ElfW(Sym) *entry = NULL;
    if (!dladdr1(symbol, &info, (void **)&entry, RTLD_DL_SYMENT) || !entry || entry->st_size < PACM_RES_PREFIX)
        return ERROR_RESOURCE_DATA_NOT_FOUND;
    const unsigned char *bytes = symbol;
    uint32_t claimed;
    memcpy(&claimed, bytes + 8, sizeof claimed);
    if (memcmp(bytes, PACM_RES_MAGIC, 8) != 0 || claimed > entry->st_size - PACM_RES_PREFIX)
        return ERROR_RESOURCE_DATA_NOT_FOUND;
    *image = bytes + PACM_RES_PREFIX;
    *size = claimed;
    return ERROR_SUCCESS;
}

/* A type or name argument as a key: an ID (MAKEINTRESOURCE or "#123") or a string. */
static void key_from_wide(LPCWSTR text, pacm_res_key *key)
{
    key->id = 0;
    key->name = NULL;
    key->length = 0;
    if (IS_INTRESOURCE(text)) {
        key->id = (WORD)(uintptr_t)text;
        return;
    }
    if (text[0] == '#') {
        unsigned long id = 0;
        size_t i = 1;
        for (; text[i] >= '0' && text[i] <= '9' && id <= 0xFFFF; i++)
            id = id * 10 + (unsigned long)(text[i] - '0');
        key->id = (WORD)id; /* the decimal digits, low word kept */
        return;
    }
    key->name = text;
    key->length = pacm_utf16_length(text);
}

static HRSRC find_resource(HMODULE module, LPCWSTR type, LPCWSTR name, int language)
{
    if (!type || !name) {
        SetLastError(!type ? ERROR_RESOURCE_TYPE_NOT_FOUND : ERROR_RESOURCE_NAME_NOT_FOUND);
        return NULL;
    }
    const unsigned char *image;
    size_t size;
    DWORD error = pacm_res_module_image(module, &image, &size);
    pacm_res_key type_key, name_key;
    pacm_res_entry entry;
    if (error == ERROR_SUCCESS) {
        key_from_wide(type, &type_key);
        key_from_wide(name, &name_key);
        error = pacm_res_find(image, size, &type_key, &name_key, language, &entry);
    }
    if (error != ERROR_SUCCESS) {
        SetLastError(error);
        return NULL;
    }
    return (HRSRC)(uintptr_t)entry.header;
}

/* An A type or name as UTF-16 (IDs pass through); *owned is what to free. */
static LPCWSTR widen_key(LPCSTR text, WCHAR **owned)
{
    *owned = NULL;
    if (IS_INTRESOURCE(text))
        return (LPCWSTR)(uintptr_t)text;
    *owned = pacm_utf8_to_utf16(text);
    return *owned;
}

static HRSRC find_resource_a(HMODULE module, LPCSTR type, LPCSTR name, int language)
{
    WCHAR *type_owned, *name_owned;
    LPCWSTR wide_type = widen_key(type, &type_owned), wide_name = widen_key(name, &name_owned);
    HRSRC found;
    if ((type && !wide_type) || (name && !wide_name)) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        found = NULL;
    } else {
        found = find_resource(module, wide_type, wide_name, language);
    }
    pacm_mem_free(type_owned);
    pacm_mem_free(name_owned);
    return found;
}

HRSRC WINAPI FindResourceW(HMODULE hModule, LPCWSTR lpName, LPCWSTR lpType)
{
    return find_resource(hModule, lpType, lpName, PACM_RES_ANY_LANGUAGE);
}

HRSRC WINAPI FindResourceA(HMODULE hModule, LPCSTR lpName, LPCSTR lpType)
{
    return find_resource_a(hModule, lpType, lpName, PACM_RES_ANY_LANGUAGE);
}

/* LANG_NEUTRAL/SUBLANG_NEUTRAL asks for the default choice, as on Windows. */
static int language_wanted(WORD language)
{
    return language == 0 ? PACM_RES_ANY_LANGUAGE : (int)language;
}

HRSRC WINAPI FindResourceExW(HMODULE hModule, LPCWSTR lpType, LPCWSTR lpName, WORD wLanguage)
{
    return find_resource(hModule, lpType, lpName, language_wanted(wLanguage));
}

HRSRC WINAPI FindResourceExA(HMODULE hModule, LPCSTR lpType, LPCSTR lpName, WORD wLanguage)
{
    return find_resource_a(hModule, lpType, lpName, language_wanted(wLanguage));
}

/* The entry hResInfo names in hModule's image; false with the last error set. */
static bool resource_entry(HMODULE hModule, HRSRC hResInfo, pacm_res_entry *entry)
{
    const unsigned char *image;
    size_t size;
    DWORD error = hResInfo ? pacm_res_module_image(hModule, &image, &size) : ERROR_INVALID_HANDLE;
    if (error == ERROR_SUCCESS && !pacm_res_entry_at(image, size, (const void *)hResInfo, entry))
        error = ERROR_INVALID_HANDLE;
    if (error != ERROR_SUCCESS) {
        SetLastError(error);
        return false;
    }
    return true;
}

HGLOBAL WINAPI LoadResource(HMODULE hModule, HRSRC hResInfo)
{
    pacm_res_entry entry;
    if (!resource_entry(hModule, hResInfo, &entry))
        return NULL;
    return (HGLOBAL)(uintptr_t)entry.data;
}

LPVOID WINAPI LockResource(HGLOBAL hResData)
{
    return (LPVOID)hResData;
}

DWORD WINAPI SizeofResource(HMODULE hModule, HRSRC hResInfo)
{
    pacm_res_entry entry;
    if (!resource_entry(hModule, hResInfo, &entry))
        return 0;
    return entry.size;
}

BOOL WINAPI FreeResource(HGLOBAL hResData)
{
    (void)hResData; /* resources live as long as their module, as on Win32 */
    return FALSE;
}
