/*
 * driver_module.c - turns a driver file name into a DriverProc: the registry of built-in
 * modules (portacm's own codecs and in-process drivers registered by applications), and shared
 * objects loaded with dlopen from absolute paths or from the driver search path.
 *
 * Relative names are never resolved against the current directory: a drivers-file entry or an
 * OpenDriver call naming "x.acm" must not run code that happens to lie in whatever folder the
 * program was started from (the Windows DLL-planting problem).
 *
 * A shared object is loaded so that its own definitions win over same-named symbols elsewhere
 * in the process, as a DLL's do on Windows: glibc's RTLD_DEEPBIND (see pacm_drv_module_dlopen_flags
 * and docs/drivers.md, "How a driver's symbols bind").
 */
/* RTLD_DEEPBIND and RTLD_DEFAULT are GNU extensions of <dlfcn.h>. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "driver_int.h"

/* Sanitizer runtimes abort the process on a dlopen with RTLD_DEEPBIND (their interceptors
 * would be bypassed), so a build with one of them loads drivers without it. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define DRV_SANITIZER_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(hwaddress_sanitizer)
#define DRV_SANITIZER_BUILD 1
#endif
#endif
#ifndef DRV_SANITIZER_BUILD
#define DRV_SANITIZER_BUILD 0
#endif

#ifndef PORTACM_DRIVER_DIR
#define PORTACM_DRIVER_DIR "/usr/local/lib/portacm/drivers"
#endif

/* ---- built-in modules ----------------------------------------------------------------- */

typedef struct builtin_module {
    struct builtin_module *next;
    char *name;
    DRIVERPROC proc;
} builtin_module;

static pthread_mutex_t builtin_lock = PTHREAD_MUTEX_INITIALIZER;
static builtin_module *builtin_modules;

/* Module names compare without regard to ASCII case, like Windows file names. */
bool pacm_drv_name_equal(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

/* The entry named `name`; the caller holds builtin_lock. */
static builtin_module **builtin_slot(const char *name)
{
    builtin_module **slot = &builtin_modules;
    while (*slot && !pacm_drv_name_equal((*slot)->name, name))
        slot = &(*slot)->next;
    return slot;
}

MMRESULT pacm_drv_builtin_register(const char *name, DRIVERPROC proc)
{
    if (!name || !*name || !proc)
        return MMSYSERR_INVALPARAM;
    builtin_module *entry = pacm_mem_calloc(1, sizeof *entry);
    if (!entry || !(entry->name = pacm_mem_strdup(name))) {
        pacm_mem_free(entry);
        return MMSYSERR_NOMEM;
    }
    entry->proc = proc;
    pthread_mutex_lock(&builtin_lock);
    builtin_module **slot = builtin_slot(name);
    bool taken = *slot != NULL;
    if (!taken)
        *slot = entry;
    pthread_mutex_unlock(&builtin_lock);
    if (taken) {
        pacm_mem_free(entry->name);
        pacm_mem_free(entry);
        return MMSYSERR_ALLOCATED;
    }
    return MMSYSERR_NOERROR;
}

PORTACM_API MMRESULT portacm_driver_register(LPCSTR szModuleName, DRIVERPROC lpDriverProc)
{
    return pacm_drv_builtin_register(szModuleName, lpDriverProc);
}

PORTACM_API MMRESULT portacm_driver_unregister(LPCSTR szModuleName)
{
    if (!szModuleName || !*szModuleName)
        return MMSYSERR_INVALPARAM;
    pthread_mutex_lock(&builtin_lock);
    builtin_module **slot = builtin_slot(szModuleName);
    builtin_module *entry = *slot;
    if (entry)
        *slot = entry->next;
    pthread_mutex_unlock(&builtin_lock);
    if (!entry)
        return MMSYSERR_NODRIVER;
    pacm_mem_free(entry->name);
    pacm_mem_free(entry);
    return MMSYSERR_NOERROR;
}

DRIVERPROC pacm_drv_builtin_find(const char *name)
{
    if (!name || !*name)
        return NULL;
    pthread_mutex_lock(&builtin_lock);
    builtin_module *entry = *builtin_slot(name);
    DRIVERPROC proc = entry ? entry->proc : NULL;
    pthread_mutex_unlock(&builtin_lock);
    return proc;
}

/* ---- driver files --------------------------------------------------------------------- */

static bool is_regular_file(const char *path)
{
    struct stat info;
    return stat(path, &info) == 0 && S_ISREG(info.st_mode);
}

/* Builds folder + '/' + name with overflow-checked sizes. */
char *pacm_drv_path_join(const char *folder, size_t length, const char *name)
{
    size_t name_length = strlen(name), size;
    if (!pacm_size_add(length, name_length, &size) || !pacm_size_add(size, 2, &size))
        return NULL;
    char *path = pacm_mem_alloc(size);
    if (path) {
        memcpy(path, folder, length);
        path[length] = '/';
        memcpy(path + length + 1, name, name_length + 1);
    }
    return path;
}

/* Finds a driver file: an absolute name as is; a relative one in each absolute folder of
 * $PORTACM_DRIVER_PATH, then in PORTACM_DRIVER_DIR. Returns a newly allocated path or NULL. */
char *pacm_drv_module_find_file(const char *name)
{
    if (name[0] == '/') {
        if (is_regular_file(name))
            return pacm_mem_strdup(name);
        pacm_log_debug("OpenDriver: driver file %s does not exist or is not a regular file", name);
        return NULL;
    }
    const char *search = getenv("PORTACM_DRIVER_PATH");
    for (const char *folder = search; folder && *folder;) {
        const char *colon = strchr(folder, ':');
        size_t length = colon ? (size_t)(colon - folder) : strlen(folder);
        /* Empty and relative entries would mean the current directory: never searched. */
        if (length > 0 && folder[0] != '/') {
            pacm_log_debug("OpenDriver: relative folder '%.*s' in PORTACM_DRIVER_PATH ignored", (int)length, folder);
        } else if (length > 0) {
            char *path = pacm_drv_path_join(folder, length, name);
            if (path && is_regular_file(path))
                return path;
            pacm_mem_free(path);
        }
        folder = colon ? colon + 1 : folder + length;
    }
    char *path = pacm_drv_path_join(PORTACM_DRIVER_DIR, strlen(PORTACM_DRIVER_DIR), name);
    if (path && is_regular_file(path))
        return path;
    pacm_mem_free(path);
    pacm_log_debug("OpenDriver: driver '%s' is not a built-in module and was not found in PORTACM_DRIVER_PATH (%s) "
              "or %s (the current directory is never searched)",
              name, search ? search : "unset", PORTACM_DRIVER_DIR);
    return NULL;
}

/* True if a sanitizer runtime is in the process although this library was built without one
 * (a sanitized program linking the plain shared library, or LD_PRELOAD=libasan.so). */
static bool sanitizer_runtime_present(void)
{
    static const char *const entry_points[] = {"__asan_init", "__tsan_init", "__msan_init", "__hwasan_init"};
    for (size_t i = 0; i < sizeof entry_points / sizeof entry_points[0]; i++)
        if (dlsym(RTLD_DEFAULT, entry_points[i]))
            return true;
    return false;
}

int pacm_drv_module_dlopen_flags(void)
{
    int flags = RTLD_NOW | RTLD_LOCAL;
#ifdef RTLD_DEEPBIND
    const char *setting = getenv("PORTACM_DRIVER_DEEPBIND");
    bool wanted = !(setting && strcmp(setting, "0") == 0);
    if (wanted && !DRV_SANITIZER_BUILD && !sanitizer_runtime_present())
        flags |= RTLD_DEEPBIND;
#endif
    return flags;
}

void *pacm_drv_module_open(const char *path, const char *caller)
{
    dlerror();
    void *library = dlopen(path, pacm_drv_module_dlopen_flags());
    if (!library) {
        const char *why = dlerror();
        pacm_log_debug("%s: cannot load %s: %s", caller, path, why ? why : "unknown dlopen error");
    }
    return library;
}

bool pacm_drv_module_resolve(const char *file, drv_target *target)
{
    memset(target, 0, sizeof *target);
    if (!file || !*file)
        return false;
    DRIVERPROC proc = pacm_drv_builtin_find(file);
    if (proc) {
        target->proc = proc;
        target->name = pacm_mem_strdup(file);
        return target->name != NULL;
    }
    char *path = pacm_drv_module_find_file(file);
    if (!path)
        return false;
    void *library = pacm_drv_module_open(path, "OpenDriver");
    if (!library) {
        pacm_mem_free(path);
        return false;
    }
    dlerror();
    void *symbol = dlsym(library, "DriverProc");
    if (!symbol) {
        const char *why = dlerror();
        pacm_log_debug("OpenDriver: %s exports no DriverProc: %s", path, why ? why : "symbol is NULL");
        dlclose(library);
        pacm_mem_free(path);
        return false;
    }
    /* POSIX guarantees that a data pointer from dlsym converts to a function pointer. */
    memcpy(&target->proc, &symbol, sizeof target->proc);
    target->base = library;
    target->library = library;
    target->name = path;
    return true;
}

void pacm_drv_target_release(drv_target *target)
{
    if (target->library)
        dlclose(target->library);
    pacm_mem_free(target->name);
    memset(target, 0, sizeof *target);
}
