/*
 * mixer_handle.c - HMIXER values: the mixer layer's view of the shared table of device handles
 * (src/devices/device_handle_int.h). mixerOpen's uMxId may carry an HMIXER in a UINT, and
 * Windows' documentation warns that a 64-bit handle is truncated there: the table's values fit
 * in 32 bits. A call addressing a mixer by handle holds it, so mixerClose on one thread while
 * another is inside mixerGetLineInfo with the same handle waits for that call, and the driver
 * never sees a message for an instance it has already closed.
 */
#include "device_handle_int.h"
#include "mixer_int.h"

typedef struct mixer_instance {
    UINT device;
    DWORD_PTR driver_user; /* the driver's dwUser from MXDM_OPEN */
} mixer_instance;

static void free_instance(void *object)
{
    pacm_mem_free(object);
}

HMIXER pacm_mixer_handle_create(UINT device)
{
    mixer_instance *instance = pacm_mem_calloc(1, sizeof *instance);
    if (!instance)
        return NULL;
    instance->device = device;
    uintptr_t handle = pacm_dev_handle_create(instance, PACM_DEV_MIXER, free_instance, false);
    if (!handle)
        pacm_mem_free(instance);
    return (HMIXER)handle;
}

void pacm_mixer_handle_publish(HMIXER handle, DWORD_PTR driver_user)
{
    mixer_instance *instance = pacm_dev_handle_unpublished((uintptr_t)handle);
    if (instance)
        instance->driver_user = driver_user; /* nobody else can reach it before it is published */
    pacm_dev_handle_publish((uintptr_t)handle);
}

void pacm_mixer_handle_discard(HMIXER handle)
{
    pacm_dev_handle_discard((uintptr_t)handle);
}

bool pacm_mixer_handle_acquire(UINT_PTR handle, pacm_mixer_target *target)
{
    const mixer_instance *instance = pacm_dev_handle_acquire(handle, PACM_DEV_HANDLE_KIND(PACM_DEV_MIXER));
    if (!instance)
        return false;
    target->device = instance->device;
    target->driver_user = instance->driver_user;
    target->handle = handle;
    return true;
}

void pacm_mixer_target_release(pacm_mixer_target *target)
{
    if (target->handle) {
        pacm_dev_handle_release(target->handle);
        target->handle = 0;
    }
}

static MMRESULT close_instance(void *object, void *context)
{
    (void)context;
    const mixer_instance *instance = object;
    (void)pacm_dev_message(PACM_DEV_MIXER, instance->device, MXDM_CLOSE, instance->driver_user, 0, 0);
    /* The handle is gone whatever the driver answers: a mixer has nothing left to play that
     * could keep it open (Wine: mixerClose always succeeds). */
    return MMSYSERR_NOERROR;
}

MMRESULT pacm_mixer_handle_close(UINT_PTR handle)
{
    if (!pacm_dev_handle_acquire(handle, PACM_DEV_HANDLE_KIND(PACM_DEV_MIXER)))
        return MMSYSERR_INVALHANDLE;
    /* MMSYSERR_INVALHANDLE is never an answer of close_instance: nothing keeps the handle open. */
    return pacm_dev_handle_close(handle, close_instance, NULL, MMSYSERR_INVALHANDLE);
}
