/*
 * midi_handle.c - HMIDIOUT / HMIDIIN / HMIDISTRM values: the MIDI layer's view of the shared
 * table of device handles (src/devices/device_handle_int.h), which owns the pacm_midi of each
 * handle. A stream is a pacm_midi of class PACM_DEV_MIDIOUT, so midiOut* calls accept it.
 */
#include "device_handle_int.h"
#include "midi_int.h"

static void destroy(void *object)
{
    pacm_midi *midi = object;
    pthread_mutex_destroy(&midi->thru_lock);
    pacm_mem_free(midi);
}

uintptr_t pacm_midi_handle_create(pacm_midi *midi)
{
    uintptr_t handle = pacm_dev_handle_create(midi, midi->cls, destroy, true);
    midi->handle = handle;
    return handle;
}

pacm_midi *pacm_midi_acquire(uintptr_t handle, pacm_dev_class cls)
{
    return pacm_dev_handle_acquire(handle, PACM_DEV_HANDLE_KIND(cls));
}

void pacm_midi_release(uintptr_t handle)
{
    pacm_dev_handle_release(handle);
}

static MMRESULT run_close(void *object, void *context)
{
    MMRESULT (*const *close)(pacm_midi *) = context;
    return (*close)(object);
}

MMRESULT pacm_midi_close(uintptr_t handle, pacm_midi *midi, MMRESULT (*close)(pacm_midi *midi))
{
    (void)midi;
    return pacm_dev_handle_close(handle, run_close, &close, MIDIERR_STILLPLAYING);
}

void pacm_midi_handle_discard(uintptr_t handle)
{
    pacm_dev_handle_discard(handle);
}

bool pacm_midi_is_handle(uintptr_t value, pacm_dev_class cls)
{
    return pacm_dev_handle_is_live(value, PACM_DEV_HANDLE_KIND(cls));
}
