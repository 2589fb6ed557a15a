/*
 * driver_int.h - the installable-driver runtime's internal interface: what the ACM layer and
 * the built-in codecs use beyond the public OpenDriver family (mmiscapi.h), plus the contract
 * between the three files of the runtime (driver.c: instances and modules; driver_config.c:
 * the drivers file; driver_module.c: finding a module by name, dlopen and built-ins).
 *
 * Locking contract: no function here calls a DriverProc while holding a lock, so a DriverProc
 * may call back into any function of this header or of mmiscapi.h.
 */
#ifndef PORTACM_DRIVER_INT_H
#define PORTACM_DRIVER_INT_H

#include <stdbool.h>

#include "common_int.h"
#include "mmiscapi.h"

/* ---- for the ACM layer ------------------------------------------------------------------ */

/* Opens an instance of a driver whose DriverProc is given directly (ACM local drivers added
 * with ACM_DRIVERADDF_FUNCTION). Modules are keyed by (hmodule, proc): the first instance gets
 * DRV_LOAD/DRV_ENABLE, the last close DRV_DISABLE/DRV_FREE, like a file module. DRV_OPEN gets
 * lParam1 = 0 and lParam2 = lParam2. alias may be NULL (it only names the driver in
 * diagnostics). Returns NULL on failure (NULL proc, DRV_LOAD or DRV_OPEN returned 0, out of
 * memory). The HDRVR works with SendDriverMessage, CloseDriver, GetDriverModuleHandle
 * (which returns hmodule, or an opaque non-NULL value when hmodule is NULL). */
HDRVR pacm_drv_open_proc(HMODULE hmodule, DRIVERPROC proc, LPCWSTR alias, LPARAM lParam2);

/* Calls `visit` for each entry of [section] (case-insensitive) of the effective drivers
 * file(s) in file order: alias (as written) and value (file + arguments, trimmed). Files are
 * read in lookup order (see docs/drivers.md); an alias already seen (case-insensitive) in an
 * earlier entry or file is skipped, so every alias is visited once with the value OpenDriver
 * would use. Stops when visit returns false. Strings are valid only during the call. */
void pacm_drv_config_enumerate(const char *section, bool (*visit)(const char *alias, const char *value, void *context),
                          void *context);

/* Registers a built-in module under `name` (e.g. "imaadp32.acm"); names compare
 * case-insensitively. Returns MMSYSERR_NOERROR, MMSYSERR_INVALPARAM (NULL/empty name or NULL
 * proc), MMSYSERR_ALLOCATED (name taken) or MMSYSERR_NOMEM. Same as portacm_driver_register. */
MMRESULT pacm_drv_builtin_register(const char *name, DRIVERPROC proc);

/* The DriverProc of the open driver handle (for direct calls) and, if driver_id is not NULL,
 * the instance's driver ID (DRV_OPEN's result). NULL (and *driver_id untouched) if the handle
 * is invalid or closed. */
DRIVERPROC pacm_drv_get_proc(HDRVR h, DWORD_PTR *driver_id);

/* DCB_EVENT for an event handle of the Mono runtime (a managed EventWaitHandle's handle): sets it
 * through the runtime's embedding API. False when the process has no Mono runtime, the value is
 * not readable memory, or the runtime refuses it (a closed event). driver_callback_mono.c. */
bool pacm_drv_mono_set_event(void *handle);

/* ---- between the runtime's files -------------------------------------------------------- */

/* Where a module's DriverProc comes from once a name is resolved. */
typedef struct drv_target {
    void *base;       /* module identity: dlopen handle, pacm_drv_open_proc's hmodule, NULL for built-ins */
    DRIVERPROC proc;  /* the DriverProc */
    void *library;    /* a dlopen reference owned by the caller (dlclose it), or NULL */
    char *name;       /* for diagnostics (allocated, the caller frees it) */
} drv_target;

/* Resolves a driver file name from the drivers file or from OpenDriver: a registered built-in
 * module name first, then an absolute path as is, then a relative name against each folder of
 * $PORTACM_DRIVER_PATH and the installed folder (never the current directory), then dlopen and
 * dlsym("DriverProc"). On failure returns false and logs why with PORTACM_DEBUG. */
bool pacm_drv_module_resolve(const char *file, drv_target *target);
/* The dlopen flags for a driver file: RTLD_NOW | RTLD_LOCAL, plus RTLD_DEEPBIND where the C
 * library has it, unless this is a sanitizer build, a sanitizer runtime is in the process, or
 * PORTACM_DRIVER_DEEPBIND=0. With RTLD_DEEPBIND a driver's references resolve in the driver and
 * its own dependencies before the program's global symbols, so its own definitions win. */
int pacm_drv_module_dlopen_flags(void);
/* The file pacm_drv_module_resolve would load for a (non-built-in) name: an absolute name as is,
 * a relative one in each absolute folder of $PORTACM_DRIVER_PATH, then the installed drivers
 * folder; never the current directory. Newly allocated path, or NULL (not a regular file). */
char *pacm_drv_module_find_file(const char *name);
/* dlopen(path) with pacm_drv_module_dlopen_flags; NULL on failure, logged with PORTACM_DEBUG
 * under `caller` (the public function's name). */
void *pacm_drv_module_open(const char *path, const char *caller);
/* Releases what pacm_drv_module_resolve gave (the dlopen reference and the name). */
void pacm_drv_target_release(drv_target *target);

/* The DriverProc registered under `name` (case-insensitive), or NULL. */
DRIVERPROC pacm_drv_builtin_find(const char *name);

/* The value of `alias` in [section] of the effective drivers file(s), newly allocated, or
 * NULL (not found or out of memory). */
char *pacm_drv_config_lookup(const char *section, const char *alias);

/* Splits an entry's value into the file name and the trimmed arguments after it (NULL when
 * there are none). A file name may be double-quoted to hold spaces. Both newly allocated.
 * Returns false for an empty value or out of memory. */
bool pacm_drv_config_split_value(const char *value, char **file, char **arguments);

/* ASCII case-insensitive equality (locale-independent), for module, section and alias names. */
bool pacm_drv_name_equal(const char *a, const char *b);
/* Joins folder [folder, folder + length) and `name` with a '/' into a newly allocated path. */
char *pacm_drv_path_join(const char *folder, size_t length, const char *name);

/* The drivers-file size limit: larger files are ignored (with a diagnostic). */
#define DRV_CONFIG_MAX_FILE_SIZE (1024u * 1024u)
/* The longest line of a drivers file; longer lines are skipped. */
#define DRV_CONFIG_MAX_LINE 4096u

#endif /* PORTACM_DRIVER_INT_H */
