/*
 * devices_int.h - winmm's device-driver manager: which device drivers exist, how many devices
 * each class has, and how a message reaches the driver that owns a device. Used by the wave,
 * mixer (and later MIDI) layers; implemented in src/devices/.
 *
 * Drivers: the drivers file's [drivers32] entries whose name is `wave`, `wave1`..`wave9`,
 * `midi`..`midi9`, `mixer`..`mixer9`, `aux`..`aux9` (case-insensitive, in that order, each file
 * once), then the in-process drivers of portacm_device_driver_register in registration order.
 * When the drivers file names no device driver, the built-in audio drivers are used
 * (src/audio/audio_int.h: pulseaudio.drv, then alsa.drv, which is skipped when the PulseAudio
 * driver found devices, then alsaseq.drv, the ALSA sequencer's MIDI ports). Each driver is opened with OpenDriver, then for each message
 * function present, in the order aux, mixer, midiIn, midiOut, waveIn, waveOut: DRVM_INIT, then
 * *_GETNUMDEVS (a result with a non-zero high word: that class contributes nothing). A driver
 * with no device in any class is closed again. At process exit, DRVM_EXIT then CloseDriver, in
 * reverse order.
 *
 * Global device IDs of a class are the drivers' devices concatenated in load order; a driver
 * receives its local ID (global - first ID of the driver). (UINT)-1 and 0xFFFF address the
 * class's mapper, if one was installed with pacm_dev_set_mapper.
 *
 * Locking: no lock is held while a driver's message function runs, so a driver (and a client
 * callback the driver calls) may call back into any function here and any winmm API.
 */
#ifndef PORTACM_DEVICES_INT_H
#define PORTACM_DEVICES_INT_H

#include <stdbool.h>

#include "common_int.h"
#include "mmddk.h"

typedef enum pacm_dev_class {
    PACM_DEV_WAVEOUT,
    PACM_DEV_WAVEIN,
    PACM_DEV_MIDIOUT,
    PACM_DEV_MIDIIN,
    PACM_DEV_MIXER,
    PACM_DEV_AUX,
    PACM_DEV_CLASSES
} pacm_dev_class;

#define PACM_DEV_MAPPER ((UINT)-1)

/* Loads the device drivers the first time it is called (thread-safe; later calls return at
 * once). Every function below calls it. A load during which an allocation failed (registering
 * the built-ins, reading the drivers file, opening or initialising a driver) is not kept: the
 * drivers it opened are unloaded again (DRVM_EXIT, CloseDriver, last first) and the next call
 * loads afresh, so a process whose first device call ran out of memory finds its devices once
 * memory is back. A load that fails for another reason (a missing driver file) is final. */
void pacm_dev_init(void);

/* The number of devices of `cls` (the mapper not counted). */
UINT pacm_dev_count(pacm_dev_class cls);

/* Sends `msg` to the driver owning global device `id` of `cls` (its local ID as uDeviceID),
 * or to the mapper for PACM_DEV_MAPPER / 0xFFFF. Returns the driver's answer, or
 * MMSYSERR_BADDEVICEID when there is no such device (or no mapper), MMSYSERR_NODRIVER when
 * the driver has gone away. */
DWORD pacm_dev_message(pacm_dev_class cls, UINT id, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);

/* Installs the mapper of a class (the wave mapper, later the MIDI mapper): its message
 * function receives uDeviceID = (UINT)-1. Called once by the layer that implements it. */
void pacm_dev_set_mapper(pacm_dev_class cls, PORTACM_DEVICE_MESSAGE proc);

/* Which driver owns global device `id` of `cls`: its index in load order and the local ID.
 * False when there is no such device. */
bool pacm_dev_locate(pacm_dev_class cls, UINT id, UINT *driver_index, UINT *local_id);

/* The number of devices of `cls` that driver `driver_index` has (0 for no such driver). */
UINT pacm_dev_driver_count(pacm_dev_class cls, UINT driver_index);

/* The global ID of local device `local_id` of driver `driver_index` in `cls`, or (UINT)-1. */
UINT pacm_dev_global_id(pacm_dev_class cls, UINT driver_index, UINT local_id);

/* The module name of driver `driver_index` (as in the drivers file, or the built-in name), or
 * NULL. Valid for the life of the process. */
const char *pacm_dev_driver_name(UINT driver_index);

/* True when a mapper is installed for `cls`. */
bool pacm_dev_has_mapper(pacm_dev_class cls);

/* Unloads every driver (DRVM_EXIT to each part, then CloseDriver, in reverse load order) and
 * forgets the table and the mappers; the next call loads again. Run at process exit; tests use
 * it to load another drivers file. Not to be called while devices are open. */
void pacm_dev_reset(void);

#endif /* PORTACM_DEVICES_INT_H */
