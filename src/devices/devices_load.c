/*
 * devices_load.c - finding, loading and initialising device drivers (spec winmm-devices §5.1,
 * §5.2), in-process registration (portacm_device_driver_register) and unloading at exit.
 *
 * A driver's message functions come from one of two places: the list of in-process modules
 * (the built-in audio drivers and portacm_device_driver_register's drivers, keyed by module
 * name), or dlsym on the shared object OpenDriver loaded (GetDriverModuleHandle is the dlopen
 * handle of a file module). A built-in module without message functions (an ACM codec named
 * as `wave=`) is refused.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audio_int.h"
#include "devices_load_int.h"

/* The MIDI driver messages the manager needs (the MIDI headers come with the MIDI layer). */
#define DEV_MODM_GETNUMDEVS 1
#define DEV_MIDM_GETNUMDEVS 53

/* Spec §5.2 order: aux, mixer, midiIn, midiOut, waveIn, waveOut. */
static const struct {
    pacm_dev_class cls;
    const char *symbol;
    UINT getnumdevs;
} init_order[PACM_DEV_CLASSES] = {
    {PACM_DEV_AUX, "auxMessage", AUXDM_GETNUMDEVS},   {PACM_DEV_MIXER, "mxdMessage", MXDM_GETNUMDEVS},
    {PACM_DEV_MIDIIN, "midMessage", DEV_MIDM_GETNUMDEVS}, {PACM_DEV_MIDIOUT, "modMessage", DEV_MODM_GETNUMDEVS},
    {PACM_DEV_WAVEIN, "widMessage", WIDM_GETNUMDEVS}, {PACM_DEV_WAVEOUT, "wodMessage", WODM_GETNUMDEVS},
};

/* ---- in-process modules: name -> message functions ---------------------------------------- */

typedef struct inproc_module {
    char *name;
    PORTACM_DEVICE_MESSAGE procs[PACM_DEV_CLASSES];
    struct inproc_module *next;
} inproc_module;

static pthread_mutex_t inproc_lock = PTHREAD_MUTEX_INITIALIZER;
static inproc_module *inproc_first;
static inproc_module **inproc_tail = &inproc_first;

static void procs_to_array(const PORTACM_DEVICE_PROCS *procs, PORTACM_DEVICE_MESSAGE out[PACM_DEV_CLASSES])
{
    out[PACM_DEV_WAVEOUT] = procs->wodMessage;
    out[PACM_DEV_WAVEIN] = procs->widMessage;
    out[PACM_DEV_MIDIOUT] = procs->modMessage;
    out[PACM_DEV_MIDIIN] = procs->midMessage;
    out[PACM_DEV_MIXER] = procs->mxdMessage;
    out[PACM_DEV_AUX] = procs->auxMessage;
}

/* Remembers the message functions of in-process module `name`: MMSYSERR_NOERROR,
 * MMSYSERR_ALLOCATED when the name is known already, or MMSYSERR_NOMEM. */
static MMRESULT inproc_add(const char *name, const PORTACM_DEVICE_PROCS *procs)
{
    inproc_module *module = pacm_mem_calloc(1, sizeof *module);
    char *copy = pacm_mem_strdup(name);
    if (!module || !copy) {
        pacm_mem_free(module);
        pacm_mem_free(copy);
        return MMSYSERR_NOMEM;
    }
    module->name = copy;
    procs_to_array(procs, module->procs);
    pthread_mutex_lock(&inproc_lock);
    for (inproc_module *m = inproc_first; m; m = m->next) {
        if (pacm_drv_name_equal(m->name, name)) {
            pthread_mutex_unlock(&inproc_lock);
            pacm_mem_free(copy);
            pacm_mem_free(module);
            return MMSYSERR_ALLOCATED;
        }
    }
    *inproc_tail = module;
    inproc_tail = &module->next;
    pthread_mutex_unlock(&inproc_lock);
    return MMSYSERR_NOERROR;
}

static bool inproc_find(const char *name, PORTACM_DEVICE_MESSAGE out[PACM_DEV_CLASSES])
{
    bool found = false;
    pthread_mutex_lock(&inproc_lock);
    for (inproc_module *m = inproc_first; m && !found; m = m->next) {
        if (pacm_drv_name_equal(m->name, name)) {
            memcpy(out, m->procs, sizeof m->procs);
            found = true;
        }
    }
    pthread_mutex_unlock(&inproc_lock);
    return found;
}

/* ---- loading one driver -------------------------------------------------------------------- */

/* The message functions of an opened driver instance; false when it has none. */
static bool find_procs(HDRVR hdrvr, const char *file, PORTACM_DEVICE_MESSAGE procs[PACM_DEV_CLASSES])
{
    memset(procs, 0, PACM_DEV_CLASSES * sizeof procs[0]);
    if (!inproc_find(file, procs) && !pacm_drv_builtin_find(file)) {
        void *library = (void *)GetDriverModuleHandle(hdrvr);
        for (int i = 0; library && i < PACM_DEV_CLASSES; i++) {
            void *symbol = dlsym(library, init_order[i].symbol);
            if (symbol)
                memcpy(&procs[init_order[i].cls], &symbol, sizeof symbol);
        }
    }
    for (int i = 0; i < PACM_DEV_CLASSES; i++)
        if (procs[i])
            return true;
    return false;
}

pacm_dev_driver *pacm_dev_driver_load(const char *name, const char *section, const char *file)
{
    HDRVR hdrvr = OpenDriverA(name, section, 0);
    if (!hdrvr) {
        pacm_log_debug("devices: %s: OpenDriver failed", file);
        return NULL;
    }
    pacm_dev_driver *driver = pacm_mem_calloc(1, sizeof *driver);
    if (!driver || !(driver->file = pacm_mem_strdup(file)) || !find_procs(hdrvr, file, driver->procs)) {
        if (driver && driver->file)
            pacm_log_debug("devices: %s has no device message function", file);
        CloseDriver(hdrvr, 0, 0);
        if (driver)
            pacm_mem_free(driver->file);
        pacm_mem_free(driver);
        return NULL;
    }
    driver->hdrvr = hdrvr;
    bool any = false;
    for (int i = 0; i < PACM_DEV_CLASSES; i++) {
        pacm_dev_class cls = init_order[i].cls;
        PORTACM_DEVICE_MESSAGE proc = driver->procs[cls];
        if (!proc)
            continue;
        proc(0, DRVM_INIT, 0, 0, 0); /* the result is ignored, as on Windows */
        DWORD count = proc(0, init_order[i].getnumdevs, 0, 0, 0);
        if ((count >> 16) != 0 || count == 0) {
            pacm_log_debug("devices: %s: %s reports %#x devices", file, init_order[i].symbol, (unsigned)count);
            driver->count[cls] = 0;
            continue;
        }
        driver->count[cls] = (UINT)count;
        any = true;
    }
    if (!any) {
        /* No device in any class: closed again without DRVM_EXIT (W9 MMDRV_Install). */
        CloseDriver(hdrvr, 0, 0);
        pacm_mem_free(driver->file);
        pacm_mem_free(driver);
        return NULL;
    }
    return driver;
}

void pacm_dev_driver_unload(pacm_dev_driver *driver)
{
    if (!driver)
        return;
    for (int i = PACM_DEV_CLASSES; i-- > 0;) {
        PORTACM_DEVICE_MESSAGE proc = driver->procs[init_order[i].cls];
        if (proc)
            proc(0, DRVM_EXIT, 0, 0, 0);
    }
    if (driver->hdrvr)
        CloseDriver(driver->hdrvr, 0, 0);
    pacm_mem_free(driver->file);
    pacm_mem_free(driver);
}

/* Loads one driver and appends it; false when it gave nothing (or was loaded already). */
static bool load_and_append(const char *name, const char *section, const char *file)
{
    pacm_dev_lock();
    bool loaded = pacm_dev_loaded_locked(file);
    pacm_dev_unlock();
    if (loaded)
        return false;
    pacm_dev_driver *driver = pacm_dev_driver_load(name, section, file);
    if (!driver)
        return false;
    pacm_dev_lock();
    bool added = !pacm_dev_loaded_locked(file) && pacm_dev_append_locked(driver);
    pacm_dev_unlock();
    if (!added)
        pacm_dev_driver_unload(driver);
    return added;
}

/* ---- the drivers file ------------------------------------------------------------------------ */

/* The rank of a device-driver alias (wave, wave1..wave9, midi.., mixer.., aux..), or -1. */
static int alias_rank(const char *alias)
{
    static const char *const kinds[] = {"wave", "midi", "mixer", "aux"};
    for (int k = 0; k < 4; k++) {
        size_t n = strlen(kinds[k]);
        if (strncasecmp(alias, kinds[k], n) != 0)
            continue;
        if (alias[n] == '\0')
            return k * 10;
        if (alias[n] >= '1' && alias[n] <= '9' && alias[n + 1] == '\0')
            return k * 10 + (alias[n] - '0');
    }
    return -1;
}

typedef struct config_entry {
    int rank;
    char *alias;
    char *file;
} config_entry;

typedef struct config_list {
    config_entry entries[40];
    int count;
} config_list;

static bool collect_entry(const char *alias, const char *value, void *context)
{
    config_list *list = context;
    int rank = alias_rank(alias);
    if (rank < 0 || list->count >= 40)
        return true;
    char *file = NULL, *arguments = NULL;
    if (!pacm_drv_config_split_value(value, &file, &arguments))
        return true;
    pacm_mem_free(arguments);
    char *copy = pacm_mem_strdup(alias);
    if (!copy) {
        pacm_mem_free(file);
        return true;
    }
    list->entries[list->count++] = (config_entry){rank, copy, file};
    return true;
}

static int compare_entries(const void *a, const void *b)
{
    return ((const config_entry *)a)->rank - ((const config_entry *)b)->rank;
}

typedef enum config_result { CONFIG_UNREAD, CONFIG_NONE, CONFIG_NAMED } config_result;

/* Loads the drivers the drivers file names. CONFIG_UNREAD (nothing loaded) when an allocation
 * failed while reading it: the entries seen may be incomplete, so neither they nor the
 * built-ins are loaded; CONFIG_NONE when it names no device driver. */
static config_result load_from_config(void)
{
    long failures = pacm_mem_failure_count();
    config_list list = {.count = 0};
    pacm_drv_config_enumerate("drivers32", collect_entry, &list);
    bool unread = pacm_mem_failure_count() != failures;
    qsort(list.entries, (size_t)list.count, sizeof list.entries[0], compare_entries);
    for (int i = 0; i < list.count; i++) {
        if (!unread)
            load_and_append(list.entries[i].alias, "drivers32", list.entries[i].file);
        pacm_mem_free(list.entries[i].alias);
        pacm_mem_free(list.entries[i].file);
    }
    if (unread) {
        pacm_log_debug("devices: out of memory reading the drivers file");
        return CONFIG_UNREAD;
    }
    return list.count > 0 ? CONFIG_NAMED : CONFIG_NONE;
}

/* ---- the built-ins, start-up and exit ------------------------------------------------------- */

static void unload_at_exit(void)
{
    pacm_dev_reset();
}

static bool registered_ok(MMRESULT result)
{
    return result == MMSYSERR_NOERROR || result == MMSYSERR_ALLOCATED; /* ALLOCATED: known already */
}

/* Registers the built-in audio drivers under their names (and the unloading at exit). Until
 * that succeeds it is tried again on each call; false while it has not. */
static bool register_builtins(void)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static bool registered, exit_hooked;
    pthread_mutex_lock(&lock);
    if (!exit_hooked)
        exit_hooked = atexit(unload_at_exit) == 0;
    if (!registered) {
        size_t count = 0;
        const pacm_audio_builtin *builtins = pacm_audio_builtins(&count);
        bool done = true;
        for (size_t i = 0; builtins && i < count; i++) {
            done = registered_ok(pacm_drv_builtin_register(builtins[i].name, builtins[i].proc)) && done;
            done = registered_ok(inproc_add(builtins[i].name, &builtins[i].procs)) && done;
        }
        registered = done;
    }
    bool done = registered;
    pthread_mutex_unlock(&lock);
    return done;
}

bool pacm_dev_load_all(void)
{
    long failures = pacm_mem_failure_count();
    if (!register_builtins())
        return false;
    config_result config = load_from_config();
    if (config == CONFIG_UNREAD)
        return false;
    if (config == CONFIG_NONE) {
        size_t count = 0;
        const pacm_audio_builtin *builtins = pacm_audio_builtins(&count);
        bool pulse_found = false;
        for (size_t i = 0; builtins && i < count; i++) {
            /* alsa.drv (wave over ALSA) only when pulseaudio.drv found no device; the others
             * (the ALSA sequencer) always. */
            if (pulse_found && strcmp(builtins[i].name, "alsa.drv") == 0)
                continue;
            bool found = load_and_append(builtins[i].name, NULL, builtins[i].name);
            if (strcmp(builtins[i].name, "pulseaudio.drv") == 0)
                pulse_found = found;
        }
    }
    return pacm_mem_failure_count() == failures;
}

/* ---- portacm_device_driver_register ------------------------------------------------------- */

PORTACM_API MMRESULT WINAPI portacm_device_driver_register(LPCSTR name, DRIVERPROC proc,
                                                           const PORTACM_DEVICE_PROCS *procs)
{
    if (!name || !*name || !proc || !procs)
        return MMSYSERR_INVALPARAM;
    PORTACM_DEVICE_MESSAGE array[PACM_DEV_CLASSES];
    procs_to_array(procs, array);
    bool any = false;
    for (int i = 0; i < PACM_DEV_CLASSES; i++)
        any = any || array[i];
    if (!any)
        return MMSYSERR_INVALPARAM;
    pacm_dev_init();
    MMRESULT result = pacm_drv_builtin_register(name, proc);
    if (result != MMSYSERR_NOERROR)
        return result;
    if (inproc_add(name, procs) != MMSYSERR_NOERROR)
        return MMSYSERR_NOMEM;
    return load_and_append(name, NULL, name) ? MMSYSERR_NOERROR : MMSYSERR_NODRIVER;
}
