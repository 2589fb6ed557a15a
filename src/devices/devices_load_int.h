/*
 * devices_load_int.h - between the device manager's files: the table (devices.c) and loading,
 * unloading and registering drivers (devices_load.c).
 */
#ifndef PORTACM_DEVICES_LOAD_INT_H
#define PORTACM_DEVICES_LOAD_INT_H

#include "devices_int.h"
#include "driver_int.h"

/* One loaded device driver. Never freed while the process runs (pacm_dev_reset apart). */
typedef struct pacm_dev_driver {
    char *file;                                   /* module name as in the drivers file */
    HDRVR hdrvr;                                  /* its OpenDriver instance */
    PORTACM_DEVICE_MESSAGE procs[PACM_DEV_CLASSES]; /* NULL where the class contributes nothing */
    UINT count[PACM_DEV_CLASSES];
    UINT first[PACM_DEV_CLASSES];                 /* first global ID of each class */
    bool closed;
} pacm_dev_driver;

/* The table lock (devices.c). */
void pacm_dev_lock(void);
void pacm_dev_unlock(void);
/* Appends a loaded driver and assigns its global IDs; false when out of memory. Lock held. */
bool pacm_dev_append_locked(pacm_dev_driver *driver);
/* True when a driver of this module name is in the table. Lock held. */
bool pacm_dev_loaded_locked(const char *file);

/* Loads every device driver (the drivers file, else the built-ins), appending to the table; no
 * lock held. False when an allocation failed meanwhile (the built-ins' registration, reading
 * the drivers file, opening a driver): the load is incomplete and is to be undone and retried. */
bool pacm_dev_load_all(void);
/* Opens `name` (an alias of [drivers32] when `section` is not NULL, else a module name) and
 * initialises it (spec §5.2). NULL when it has no message function or no device (it is then
 * closed again). `file` is the module name kept for pacm_dev_driver_name. */
pacm_dev_driver *pacm_dev_driver_load(const char *name, const char *section, const char *file);
/* DRVM_EXIT to each part, CloseDriver, free. */
void pacm_dev_driver_unload(pacm_dev_driver *driver);

#endif /* PORTACM_DEVICES_LOAD_INT_H */
