/*
 * driver.c - installable-driver instances and modules: OpenDriver, CloseDriver,
 * SendDriverMessage, DefDriverProc, GetDriverModuleHandle and the ACM layer's pacm_drv_open_proc.
 *
 * A module is one DriverProc in one place (a dlopen'ed shared object, a built-in, or an ACM
 * local driver's (hmodule, proc)). Its first instance gets DRV_LOAD and DRV_ENABLE, every
 * instance exactly one DRV_OPEN (native Windows, not Wine's extra "session instance"), every
 * close DRV_CLOSE, and the last close DRV_DISABLE and DRV_FREE before the shared object is
 * unloaded. Each instance holds its own dlopen reference, as each OpenDriver holds a
 * LoadLibrary reference on Windows, so the object is unmapped exactly when the last instance
 * goes.
 *
 * Threads: one lock guards the module list and the counts; it is never held while a DriverProc
 * runs, because drivers call back into the runtime. A module being loaded (DRV_LOAD/ENABLE) or
 * unloaded (DRV_DISABLE/FREE) is marked so that other threads opening it wait until it is
 * ready (or gone) instead of sending DRV_OPEN to a driver that has not finished DRV_LOAD.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

#include "driver_int.h"

typedef enum module_state {
    MODULE_LOADING,   /* DRV_LOAD / DRV_ENABLE under way on `owner` */
    MODULE_READY,     /* instances may be opened */
    MODULE_UNLOADING, /* DRV_DISABLE / DRV_FREE under way on `owner` */
} module_state;

typedef struct drv_module {
    struct drv_module *next;
    void *base;      /* identity with proc: dlopen handle, hmodule, or NULL for built-ins */
    DRIVERPROC proc;
    module_state state;
    pthread_t owner;
    unsigned users; /* instances open or being opened */
} drv_module;

typedef struct drv_instance {
    DRIVERPROC proc;      /* copied from the module so calls never touch the module record */
    HMODULE module_handle;
    DWORD_PTR driver_id;  /* DRV_OPEN's result; 0 while DRV_OPEN runs */
    WCHAR *arguments;     /* DRV_OPEN's lParam1, alive as long as the instance */
    void *library;        /* this instance's dlopen reference, or NULL */
    drv_module *module;   /* NULL until the open succeeded; guarded by driver_lock */
    bool closing;         /* guarded by driver_lock: CloseDriver has begun */
} drv_instance;

static pthread_mutex_t driver_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t module_changed = PTHREAD_COND_INITIALIZER;
static drv_module *modules;

/* The handle table's destructor: runs when the last reference to a closed handle goes. */
static void instance_destroy(void *object)
{
    drv_instance *instance = object;
    pacm_mem_free(instance->arguments);
    pacm_mem_free(instance);
}

static drv_module *module_find(void *base, DRIVERPROC proc)
{
    for (drv_module *module = modules; module; module = module->next)
        if (module->base == base && module->proc == proc)
            return module;
    return NULL;
}

static void module_unlink(drv_module *gone)
{
    for (drv_module **link = &modules; *link; link = &(*link)->next) {
        if (*link == gone) {
            *link = gone->next;
            return;
        }
    }
}

/* Joins the module (base, proc), loading it first if it has no instance: DRV_LOAD, which must
 * not return 0, then DRV_ENABLE. Waits while another thread loads or unloads it. Returns the
 * module with one more user, or NULL (DRV_LOAD failed, re-entrant load, out of memory). */
static drv_module *module_attach(void *base, DRIVERPROC proc, HDRVR hdrvr, const char *name)
{
    pthread_mutex_lock(&driver_lock);
    for (;;) {
        drv_module *module = module_find(base, proc);
        if (!module)
            break;
        if (module->state == MODULE_READY) {
            module->users++;
            pthread_mutex_unlock(&driver_lock);
            return module;
        }
        if (pthread_equal(module->owner, pthread_self())) {
            /* A DriverProc opening itself from DRV_LOAD/ENABLE/DISABLE/FREE would wait forever. */
            pthread_mutex_unlock(&driver_lock);
            pacm_log_debug("OpenDriver: %s opened from its own DRV_LOAD/DRV_ENABLE/DRV_DISABLE/DRV_FREE; refused", name);
            return NULL;
        }
        pthread_cond_wait(&module_changed, &driver_lock);
    }
    drv_module *module = pacm_mem_calloc(1, sizeof *module);
    if (!module) {
        pthread_mutex_unlock(&driver_lock);
        return NULL;
    }
    module->base = base;
    module->proc = proc;
    module->state = MODULE_LOADING;
    module->owner = pthread_self();
    module->users = 1;
    module->next = modules;
    modules = module;
    pthread_mutex_unlock(&driver_lock);

    bool loaded = proc(0, hdrvr, DRV_LOAD, 0, 0) != 0;
    if (loaded)
        proc(0, hdrvr, DRV_ENABLE, 0, 0);

    pthread_mutex_lock(&driver_lock);
    if (loaded) {
        module->state = MODULE_READY;
    } else {
        module_unlink(module);
    }
    pthread_cond_broadcast(&module_changed);
    pthread_mutex_unlock(&driver_lock);
    if (!loaded) {
        /* Windows removes a driver that fails DRV_LOAD at once: no DRV_FREE follows. */
        pacm_log_debug("OpenDriver: %s returned 0 for DRV_LOAD; not loaded", name);
        pacm_mem_free(module);
        return NULL;
    }
    return module;
}

/* Drops one user; the last one sends DRV_DISABLE and DRV_FREE and removes the module. */
static void module_detach(drv_module *module, HDRVR hdrvr)
{
    pthread_mutex_lock(&driver_lock);
    if (--module->users > 0) {
        pthread_mutex_unlock(&driver_lock);
        return;
    }
    module->state = MODULE_UNLOADING;
    module->owner = pthread_self();
    pthread_mutex_unlock(&driver_lock);

    module->proc(0, hdrvr, DRV_DISABLE, 0, 0);
    module->proc(0, hdrvr, DRV_FREE, 0, 0);

    pthread_mutex_lock(&driver_lock);
    module_unlink(module);
    pthread_cond_broadcast(&module_changed);
    pthread_mutex_unlock(&driver_lock);
    pacm_mem_free(module);
}

/* A non-NULL value naming a module that has no base (built-ins, hmodule NULL): the bits of
 * its DriverProc, which are unique per module and stable for the process's life. */
static HMODULE module_handle_of(void *base, DRIVERPROC proc)
{
    if (base)
        return (HMODULE)base;
    uintptr_t bits = 0;
    memcpy(&bits, &proc, sizeof bits < sizeof proc ? sizeof bits : sizeof proc);
    return (HMODULE)bits;
}

/* Opens one instance of a resolved module. Takes ownership of target (its dlopen reference
 * moves to the instance) and of `arguments` (DRV_OPEN's lParam1). */
static HDRVR instance_open(drv_target *target, WCHAR *arguments, LPARAM lParam2)
{
    /* The instance is complete before its handle exists, so no thread sees it half-built. */
    drv_instance *instance = pacm_mem_calloc(1, sizeof *instance);
    if (instance) {
        instance->proc = target->proc;
        instance->module_handle = module_handle_of(target->base, target->proc);
        instance->arguments = arguments;
        instance->library = target->library;
    }
    uintptr_t handle = instance ? pacm_handle_create(HANDLE_TYPE_DRIVER, instance, instance_destroy) : 0;
    if (!handle) {
        pacm_log_debug("OpenDriver: out of memory opening %s", target->name ? target->name : "driver");
        pacm_mem_free(instance);
        pacm_mem_free(arguments);
        pacm_drv_target_release(target);
        return NULL;
    }
    HDRVR hdrvr = (HDRVR)handle;
    target->library = NULL; /* the instance owns the dlopen reference now */
    const char *name = target->name ? target->name : "driver";

    drv_module *module = module_attach(target->base, target->proc, hdrvr, name);
    DWORD_PTR driver_id = 0;
    if (module) {
        driver_id = (DWORD_PTR)target->proc(0, hdrvr, DRV_OPEN, (LPARAM)arguments, lParam2);
        if (driver_id == 0) {
            pacm_log_debug("OpenDriver: %s returned 0 for DRV_OPEN; not opened", name);
            module_detach(module, hdrvr);
        }
    }
    void *library = instance->library;
    if (driver_id == 0) {
        pacm_handle_close(handle, HANDLE_TYPE_DRIVER); /* frees the instance */
        if (library)
            dlclose(library);
        pacm_drv_target_release(target);
        return NULL;
    }
    pthread_mutex_lock(&driver_lock);
    instance->driver_id = driver_id;
    instance->module = module;
    pthread_mutex_unlock(&driver_lock);
    pacm_drv_target_release(target);
    return hdrvr;
}

/* Opens a module file (or built-in) by name with DRV_OPEN arguments `arguments` (UTF-8 or
 * NULL). */
static HDRVR open_file(const char *file, const char *arguments, LPARAM lParam2)
{
    WCHAR *wide_arguments = NULL;
    if (arguments && !(wide_arguments = pacm_utf8_to_utf16(arguments)))
        return NULL;
    drv_target target;
    if (!pacm_drv_module_resolve(file, &target)) {
        pacm_mem_free(wide_arguments);
        return NULL;
    }
    return instance_open(&target, wide_arguments, lParam2);
}

/* OpenDriver's logic on UTF-8 strings (the W and A entry points convert to it). */
static HDRVR open_by_name(const char *name, const char *section, LPARAM lParam2)
{
    if (!name || !*name) {
        pacm_log_debug("OpenDriver: no driver name");
        return NULL;
    }
    if (!section) {
        /* Windows tries the name as a file first, then as an alias in [drivers32]. */
        HDRVR direct = open_file(name, NULL, lParam2);
        if (direct)
            return direct;
        section = "drivers32";
        pacm_log_debug("OpenDriver: '%s' did not open as a driver file; looking it up in [drivers32]", name);
    }
    long failures = pacm_mem_failure_count();
    char *value = pacm_drv_config_lookup(section, name);
    if (!value) {
        if (pacm_mem_failure_count() != failures)
            pacm_log_debug("OpenDriver: out of memory looking up '%s' in section [%s] of the drivers file", name,
                           section);
        else
            pacm_log_debug("OpenDriver: no entry '%s' in section [%s] of the drivers file", name, section);
        return NULL;
    }
    char *file = NULL, *arguments = NULL;
    HDRVR hdrvr = NULL;
    if (pacm_drv_config_split_value(value, &file, &arguments))
        hdrvr = open_file(file, arguments, lParam2);
    else
        pacm_log_debug("OpenDriver: entry '%s' in section [%s] names no file", name, section);
    pacm_mem_free(file);
    pacm_mem_free(arguments);
    pacm_mem_free(value);
    return hdrvr;
}

PORTACM_API HDRVR WINAPI OpenDriver(LPCWSTR szDriverName, LPCWSTR szSectionName, LPARAM lParam2)
{
    char *name = pacm_utf16_to_utf8(szDriverName);
    char *section = pacm_utf16_to_utf8(szSectionName);
    HDRVR hdrvr = NULL;
    if (name && (section || !szSectionName))
        hdrvr = open_by_name(name, section, lParam2);
    else if (!szDriverName)
        pacm_log_debug("OpenDriver: no driver name");
    pacm_mem_free(name);
    pacm_mem_free(section);
    return hdrvr;
}

PORTACM_API HDRVR WINAPI OpenDriverA(LPCSTR szDriverName, LPCSTR szSectionName, LPARAM lParam2)
{
    return open_by_name(szDriverName, szSectionName, lParam2);
}

HDRVR pacm_drv_open_proc(HMODULE hmodule, DRIVERPROC proc, LPCWSTR alias, LPARAM lParam2)
{
    if (!proc)
        return NULL;
    drv_target target = {.base = (void *)hmodule, .proc = proc, .library = NULL};
    target.name = alias ? pacm_utf16_to_utf8(alias) : pacm_mem_strdup("local driver");
    return instance_open(&target, NULL, lParam2);
}

PORTACM_API LRESULT WINAPI CloseDriver(HDRVR hDriver, LPARAM lParam1, LPARAM lParam2)
{
    uintptr_t handle = (uintptr_t)hDriver;
    drv_instance *instance = pacm_handle_acquire(handle, HANDLE_TYPE_DRIVER);
    if (!instance)
        return FALSE;
    /* Only one CloseDriver wins; an instance still inside its DRV_OPEN cannot be closed. */
    pthread_mutex_lock(&driver_lock);
    drv_module *module = instance->module;
    bool refused = instance->closing || !module;
    instance->closing = true;
    pthread_mutex_unlock(&driver_lock);
    if (refused) {
        pacm_handle_release(handle);
        return FALSE;
    }
    /* Like Windows, the instance is closed whatever DRV_CLOSE answers. The handle stays valid
     * during DRV_CLOSE, DRV_DISABLE and DRV_FREE so the driver may still use it. */
    instance->proc(instance->driver_id, hDriver, DRV_CLOSE, lParam1, lParam2);
    module_detach(module, hDriver);
    void *library = instance->library;
    pacm_handle_close(handle, HANDLE_TYPE_DRIVER);
    pacm_handle_release(handle);
    if (library)
        dlclose(library);
    return TRUE;
}

PORTACM_API LRESULT WINAPI SendDriverMessage(HDRVR hDriver, UINT message, LPARAM lParam1, LPARAM lParam2)
{
    uintptr_t handle = (uintptr_t)hDriver;
    drv_instance *instance = pacm_handle_acquire(handle, HANDLE_TYPE_DRIVER);
    if (!instance)
        return 0;
    LRESULT result = instance->proc(instance->driver_id, hDriver, message, lParam1, lParam2);
    pacm_handle_release(handle);
    return result;
}

DRIVERPROC pacm_drv_get_proc(HDRVR h, DWORD_PTR *driver_id)
{
    uintptr_t handle = (uintptr_t)h;
    drv_instance *instance = pacm_handle_acquire(handle, HANDLE_TYPE_DRIVER);
    if (!instance)
        return NULL;
    DRIVERPROC proc = instance->proc;
    if (driver_id)
        *driver_id = instance->driver_id;
    pacm_handle_release(handle);
    return proc;
}

PORTACM_API LRESULT WINAPI DefDriverProc(DWORD_PTR dwDriverIdentifier, HDRVR hdrvr, UINT uMsg, LPARAM lParam1,
                                         LPARAM lParam2)
{
    switch (uMsg) {
    case DRV_LOAD:
    case DRV_FREE:
    case DRV_ENABLE:
    case DRV_DISABLE:
        return 1;
    case DRV_INSTALL:
    case DRV_REMOVE:
        return DRVCNF_OK;
    default:
        /* Including DRV_OPEN, DRV_CLOSE, DRV_QUERYCONFIGURE ("not configurable") and
         * DRV_CONFIGURE. */
        return 0;
    }
}

PORTACM_API LRESULT WINAPI DrvDefDriverProc(DWORD dwDriverIdentifier, HDRVR hdrvr, UINT uMsg, LPARAM lParam1,
                                            LPARAM lParam2)
{
    return DefDriverProc(dwDriverIdentifier, hdrvr, uMsg, lParam1, lParam2);
}

PORTACM_API HMODULE WINAPI GetDriverModuleHandle(HDRVR hDriver)
{
    uintptr_t handle = (uintptr_t)hDriver;
    drv_instance *instance = pacm_handle_acquire(handle, HANDLE_TYPE_DRIVER);
    if (!instance)
        return NULL;
    HMODULE module_handle = instance->module_handle;
    pacm_handle_release(handle);
    return module_handle;
}

PORTACM_API HMODULE WINAPI DrvGetModuleHandle(HDRVR hDriver)
{
    return GetDriverModuleHandle(hDriver);
}
