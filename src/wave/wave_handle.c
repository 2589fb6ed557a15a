/*
 * wave_handle.c - HWAVEOUT / HWAVEIN values: the wave layer's view of the shared table of
 * device handles (src/devices/device_handle_int.h), which owns the pacm_wave of each handle.
 */
#include "device_handle_int.h"
#include "wave_int.h"

static void free_wave(void *object)
{
    pacm_wave *wave = object;
    pacm_mem_free(wave->format);
    pacm_mem_free(wave);
}

uintptr_t pacm_wave_handle_create(pacm_wave *wave)
{
    return pacm_dev_handle_create(wave, wave->cls, free_wave, true);
}

pacm_wave *pacm_wave_acquire(uintptr_t handle, pacm_dev_class cls)
{
    return pacm_dev_handle_acquire(handle, PACM_DEV_HANDLE_KIND(cls));
}

void pacm_wave_release(uintptr_t handle)
{
    pacm_dev_handle_release(handle);
}

static MMRESULT send_close(void *object, void *context)
{
    return pacm_wave_send(object, *(const UINT *)context, 0, 0);
}

MMRESULT pacm_wave_close(uintptr_t handle, pacm_wave *wave, UINT msg)
{
    (void)wave;
    return pacm_dev_handle_close(handle, send_close, &msg, WAVERR_STILLPLAYING);
}

void pacm_wave_handle_discard(uintptr_t handle)
{
    pacm_dev_handle_discard(handle);
}

bool pacm_wave_is_handle(uintptr_t value, pacm_dev_class cls)
{
    return pacm_dev_handle_is_live(value, PACM_DEV_HANDLE_KIND(cls));
}
