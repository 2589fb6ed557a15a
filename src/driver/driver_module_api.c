/*
 * driver_module_api.c - kernel32's module functions (LoadLibrary[Ex], GetProcAddress,
 * FreeLibrary, GetModuleHandle, GetModuleFileName; A and W) over the driver runtime's loader,
 * and GetSystemDirectory, the system folder mapped to the drivers folder.
 *
 * Why the driver layer and not src/win32: an HMODULE must be the very handle a driver's
 * DriverProc is given for the same file, and a name must be found with the same search order
 * and path rules as the drivers file (pacm_drv_module_find_file, pacm_drv_module_dlopen_flags).
 * Those live in driver_module.c, and win32 sits below driver in the layer rule
 * (docs/architecture.md), so these functions sit beside the loader instead of reaching up.
 *
 * An HMODULE is the dlopen handle. dlopen counts references per file, so loading a file twice
 * gives the same handle and FreeLibrary is a dlclose; the table below only remembers which
 * handles LoadLibrary gave out (and how often), so a stale or made-up handle is refused with
 * ERROR_INVALID_HANDLE instead of reaching dlclose/dlsym. Name mapping: docs/porting.md, "Modules".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "driver_int.h"
#include "winbase.h"

typedef struct loaded_module {
    void *handle;
    char *path;
    unsigned long references;
    struct loaded_module *next;
} loaded_module;

static pthread_mutex_t module_lock = PTHREAD_MUTEX_INITIALIZER;
static loaded_module *loaded_modules;

/* Flags LoadLibraryEx accepts. DONT_RESOLVE_DLL_REFERENCES and LOAD_LIBRARY_AS_DATAFILE load
 * the file as flag 0 does (a shared object cannot be mapped without running its constructors);
 * LOAD_WITH_ALTERED_SEARCH_PATH changes nothing because the search order never holds the
 * current directory or the program's folder. */
#define MODULE_ACCEPTED_FLAGS                                                                                \
    (DONT_RESOLVE_DLL_REFERENCES | LOAD_LIBRARY_AS_DATAFILE | LOAD_WITH_ALTERED_SEARCH_PATH)

static loaded_module *module_find_locked(void *handle)
{
    for (loaded_module *module = loaded_modules; module; module = module->next)
        if (module->handle == handle)
            return module;
    return NULL;
}

/* The program's own handle (GetModuleHandle(NULL)): dlopen(NULL), which finds the program's and
 * its global libraries' symbols. Never closed. */
static void *program_self;
static pthread_once_t program_once = PTHREAD_ONCE_INIT;

static void program_open(void)
{
    program_self = dlopen(NULL, RTLD_LAZY);
}

static void *program_handle(void)
{
    pthread_once(&program_once, program_open);
    return program_self;
}

/* The candidate file names for a Windows module name, most specific first (at most 3):
 * the name itself ('\\' turned into '/', ".dll" appended when its last component has no
 * extension, a trailing '.' removed as Windows does), then for a ".dll" or ".acm" name the stem + ".so" and
 * "lib" + stem + ".so" in the same folder. Returns how many were made (0 on failure). */
static int module_candidates(const char *name, char *candidates[3])
{
    size_t length = strlen(name);
    const char *base = name;
    for (const char *c = name; *c; c++)
        if (*c == '/' || *c == '\\')
            base = c + 1;
    int count = 0;
    char *first;
    if (length > 0 && name[length - 1] == '.') {
        first = pacm_mem_strdup(name);
        if (first)
            first[length - 1] = '\0';
    } else if (!strchr(base, '.')) {
        first = pacm_mem_alloc(length + 5);
        if (first) {
            memcpy(first, name, length);
            memcpy(first + length, ".dll", 5);
        }
    } else {
        first = pacm_mem_strdup(name);
    }
    if (!first)
        return 0;
    for (char *c = first; *c; c++)
        if (*c == '\\')
            *c = '/'; /* Windows sources build "folder\\name.acm" */
    candidates[count++] = first;
    base = strrchr(first, '/');
    base = base ? base + 1 : first;
    const char *dot = strrchr(base, '.');
    if (dot && (strcasecmp(dot, ".dll") == 0 || strcasecmp(dot, ".acm") == 0) && dot > base) {
        size_t folder = (size_t)(base - first), stem = (size_t)(dot - base);
        for (int lib = 0; lib < 2; lib++) {
            char *candidate = pacm_mem_alloc(folder + stem + 7);
            if (!candidate)
                break;
            size_t at = 0;
            memcpy(candidate, first, folder);
            at += folder;
            if (lib) {
                memcpy(candidate + at, "lib", 3);
                at += 3;
            }
            memcpy(candidate + at, base, stem);
            memcpy(candidate + at + stem, ".so", 4);
            candidates[count++] = candidate;
        }
    }
    return count;
}

/* The path of the first candidate that exists under the driver search rules, or NULL. */
static char *module_find_path(const char *name)
{
    char *candidates[3] = {NULL, NULL, NULL};
    int count = module_candidates(name, candidates);
    char *path = NULL;
    for (int i = 0; i < count; i++) {
        if (!path)
            path = pacm_drv_module_find_file(candidates[i]);
        pacm_mem_free(candidates[i]);
    }
    return path;
}

static HMODULE module_load(const char *name, HANDLE file, DWORD flags)
{
    if (!name || !*name || file || (flags & ~(DWORD)MODULE_ACCEPTED_FLAGS)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    char *path = module_find_path(name);
    if (!path) {
        SetLastError(ERROR_MOD_NOT_FOUND);
        return NULL;
    }
    void *handle = pacm_drv_module_open(path, "LoadLibrary");
    if (!handle) {
        pacm_mem_free(path);
        SetLastError(ERROR_MOD_NOT_FOUND);
        return NULL;
    }
    pthread_mutex_lock(&module_lock);
    loaded_module *module = module_find_locked(handle);
    if (module) {
        module->references++;
    } else if ((module = pacm_mem_calloc(1, sizeof *module)) != NULL) {
        module->handle = handle;
        module->path = path;
        module->references = 1;
        module->next = loaded_modules;
        loaded_modules = module;
        path = NULL;
    }
    pthread_mutex_unlock(&module_lock);
    pacm_mem_free(path);
    if (!module) {
        dlclose(handle);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    return (HMODULE)handle;
}

static char *wide_name(LPCWSTR name)
{
    return name ? pacm_utf16_to_utf8(name) : NULL;
}

HMODULE WINAPI LoadLibraryExA(LPCSTR lpLibFileName, HANDLE hFile, DWORD dwFlags)
{
    return module_load(lpLibFileName, hFile, dwFlags);
}

HMODULE WINAPI LoadLibraryExW(LPCWSTR lpLibFileName, HANDLE hFile, DWORD dwFlags)
{
    char *name = wide_name(lpLibFileName);
    if (lpLibFileName && !name) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    HMODULE module = module_load(name, hFile, dwFlags);
    pacm_mem_free(name);
    return module;
}

HMODULE WINAPI LoadLibraryA(LPCSTR lpLibFileName)
{
    return LoadLibraryExA(lpLibFileName, NULL, 0);
}

HMODULE WINAPI LoadLibraryW(LPCWSTR lpLibFileName)
{
    return LoadLibraryExW(lpLibFileName, NULL, 0);
}

BOOL WINAPI FreeLibrary(HMODULE hLibModule)
{
    void *handle = (void *)hLibModule;
    pthread_mutex_lock(&module_lock);
    loaded_module *module = handle ? module_find_locked(handle) : NULL;
    if (module && --module->references == 0) {
        loaded_module **link = &loaded_modules;
        while (*link != module)
            link = &(*link)->next;
        *link = module->next;
        pacm_mem_free(module->path);
        pacm_mem_free(module);
    }
    pthread_mutex_unlock(&module_lock);
    if (!module) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    dlclose(handle);
    return TRUE;
}

/* True for the program handle or a handle LoadLibrary gave out and that is still loaded. */
static bool module_handle_valid(void *handle)
{
    if (!handle || handle == program_handle())
        return handle != NULL;
    pthread_mutex_lock(&module_lock);
    bool valid = module_find_locked(handle) != NULL;
    pthread_mutex_unlock(&module_lock);
    return valid;
}

FARPROC WINAPI GetProcAddress(HMODULE hModule, LPCSTR lpProcName)
{
    void *handle = hModule ? (void *)hModule : program_handle();
    if (!module_handle_valid(handle)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    if (!lpProcName) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    /* An ordinal (MAKEINTRESOURCE): shared objects export names only. */
    if ((uintptr_t)lpProcName <= 0xFFFF) {
        SetLastError(ERROR_PROC_NOT_FOUND);
        return NULL;
    }
    dlerror();
    void *symbol = dlsym(handle, lpProcName);
    if (!symbol) {
        SetLastError(ERROR_PROC_NOT_FOUND);
        return NULL;
    }
    FARPROC proc;
    /* POSIX guarantees that a data pointer from dlsym converts to a function pointer. */
    memcpy(&proc, &symbol, sizeof proc);
    return proc;
}

static HMODULE module_handle_by_name(const char *name)
{
    if (!name)
        return (HMODULE)program_handle();
    char *path = *name ? module_find_path(name) : NULL;
    void *handle = path ? dlopen(path, RTLD_LAZY | RTLD_NOLOAD) : NULL;
    pacm_mem_free(path);
    if (handle)
        dlclose(handle); /* RTLD_NOLOAD took a reference: give it back */
    if (!handle || !module_handle_valid(handle)) {
        SetLastError(ERROR_MOD_NOT_FOUND);
        return NULL;
    }
    return (HMODULE)handle;
}

HMODULE WINAPI GetModuleHandleA(LPCSTR lpModuleName)
{
    return module_handle_by_name(lpModuleName);
}

HMODULE WINAPI GetModuleHandleW(LPCWSTR lpModuleName)
{
    char *name = wide_name(lpModuleName);
    if (lpModuleName && !name) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    HMODULE module = module_handle_by_name(name);
    pacm_mem_free(name);
    return module;
}

/* The module's file path, newly allocated; NULL with the last error set. */
static char *module_path(HMODULE hModule)
{
    if (!hModule || (void *)hModule == program_handle()) {
        char buffer[4096];
        ssize_t length = readlink("/proc/self/exe", buffer, sizeof buffer - 1);
        if (length < 0) {
            SetLastError(ERROR_FILE_NOT_FOUND);
            return NULL;
        }
        buffer[length] = '\0';
        char *path = pacm_mem_strdup(buffer);
        if (!path)
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return path;
    }
    pthread_mutex_lock(&module_lock);
    loaded_module *module = module_find_locked((void *)hModule);
    char *path = module ? pacm_mem_strdup(module->path) : NULL;
    pthread_mutex_unlock(&module_lock);
    if (!path)
        SetLastError(module ? ERROR_NOT_ENOUGH_MEMORY : ERROR_INVALID_HANDLE);
    return path;
}

/* Copies `length` units of `text` (terminator not counted) to buffer with Windows' truncation:
 * when they do not fit, nSize - 1 units and a terminator, nSize returned and
 * ERROR_INSUFFICIENT_BUFFER set. `unit` is the size of one character (1 or sizeof(WCHAR)). */
static DWORD copy_truncated(const void *text, size_t length, size_t unit, void *buffer, DWORD nSize)
{
    if (length < nSize) {
        memcpy(buffer, text, (length + 1) * unit);
        return (DWORD)length;
    }
    if (nSize > 0) {
        memcpy(buffer, text, (nSize - 1) * unit);
        memset((char *)buffer + (nSize - 1) * unit, 0, unit);
    }
    SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return nSize;
}

/* An output buffer may be NULL only with size 0; ERROR_INVALID_PARAMETER otherwise. */
static bool buffer_valid(const void *buffer, DWORD size)
{
    if (!buffer && size > 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return false;
    }
    return true;
}

/* text (owned, may be NULL) as UTF-16, text freed; NULL with ERROR_NOT_ENOUGH_MEMORY. */
static WCHAR *widen_owned(char *text)
{
    WCHAR *wide = text ? pacm_utf8_to_utf16(text) : NULL;
    pacm_mem_free(text);
    if (!wide)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return wide;
}

/* GetModuleFileName's checks, then module_path. */
static char *module_path_for(HMODULE hModule, const void *buffer, DWORD nSize)
{
    return buffer_valid(buffer, nSize) ? module_path(hModule) : NULL;
}

DWORD WINAPI GetModuleFileNameA(HMODULE hModule, LPSTR lpFilename, DWORD nSize)
{
    char *path = module_path_for(hModule, lpFilename, nSize);
    if (!path)
        return 0;
    DWORD result = copy_truncated(path, strlen(path), 1, lpFilename, nSize);
    pacm_mem_free(path);
    return result;
}

DWORD WINAPI GetModuleFileNameW(HMODULE hModule, LPWSTR lpFilename, DWORD nSize)
{
    char *path = module_path_for(hModule, lpFilename, nSize);
    if (!path)
        return 0;
    WCHAR *wide = widen_owned(path);
    if (!wide)
        return 0;
    DWORD result = copy_truncated(wide, pacm_utf16_length(wide), sizeof *wide, lpFilename, nSize);
    pacm_mem_free(wide);
    return result;
}

/* The system folder: the first absolute entry of $PORTACM_DRIVER_PATH (relative entries are
 * never searched, so they are never the system folder either), else PORTACM_DRIVER_DIR.
 * Newly allocated, or NULL. */
static char *system_folder(void)
{
    const char *search = getenv("PORTACM_DRIVER_PATH");
    for (const char *folder = search; folder && *folder;) {
        const char *colon = strchr(folder, ':');
        size_t length = colon ? (size_t)(colon - folder) : strlen(folder);
        if (length > 0 && folder[0] == '/') {
            char *copy = pacm_mem_alloc(length + 1);
            if (copy) {
                memcpy(copy, folder, length);
                copy[length] = '\0';
            }
            return copy;
        }
        folder = colon ? colon + 1 : folder + length;
    }
    return pacm_mem_strdup(PORTACM_DRIVER_DIR);
}

/* GetSystemDirectory's answer for a text of `length` units: the length copied, or the size
 * needed with the terminator when it does not fit. */
static UINT copy_system_folder(const void *text, size_t length, size_t unit, void *buffer, UINT uSize)
{
    if (length >= uSize)
        return (UINT)(length + 1);
    memcpy(buffer, text, (length + 1) * unit);
    return (UINT)length;
}

UINT WINAPI GetSystemDirectoryA(LPSTR lpBuffer, UINT uSize)
{
    if (!buffer_valid(lpBuffer, uSize))
        return 0;
    char *folder = system_folder();
    if (!folder) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    UINT result = copy_system_folder(folder, strlen(folder), 1, lpBuffer, uSize);
    pacm_mem_free(folder);
    return result;
}

UINT WINAPI GetSystemDirectoryW(LPWSTR lpBuffer, UINT uSize)
{
    if (!buffer_valid(lpBuffer, uSize))
        return 0;
    WCHAR *wide = widen_owned(system_folder());
    if (!wide)
        return 0;
    UINT result = copy_system_folder(wide, pacm_utf16_length(wide), sizeof *wide, lpBuffer, uSize);
    pacm_mem_free(wide);
    return result;
}
