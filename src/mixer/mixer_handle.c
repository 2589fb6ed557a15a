/*
 * mixer_handle.c - the table of open mixers (HMIXER).
 *
 * mixerOpen's uMxId may carry an HMIXER in a UINT, and Windows' documentation warns that a
 * 64-bit handle is truncated there, so an HMIXER here is a 32-bit value:
 * 0x40000000 | generation << 16 | slot. It is never 0, never a device ID a machine can have,
 * never 0xFFFF or 0xFFFFFFFF, and the 14-bit generation changes each time a slot is reused,
 * so a stale handle is rejected. Each slot counts the calls using it: mixerClose on one thread
 * while another thread is inside mixerGetLineInfo with the same handle never lets the driver
 * see a message for an instance it has already closed.
 */
#include <pthread.h>

#include "mixer_int.h"

#define HANDLE_BASE 0x40000000u
#define SLOT_LIMIT 0x10000u
#define GENERATION_MASK 0x3FFFu

typedef struct mixer_slot {
    UINT device;
    DWORD_PTR driver_user;
    unsigned references; /* calls in progress */
    uint16_t generation;
    bool used;      /* allocated (open in progress or open) */
    bool published; /* MXDM_OPEN succeeded */
    bool closing;   /* mixerClose was called; MXDM_CLOSE is owed by the last reference */
} mixer_slot;

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static mixer_slot *slots;
static UINT slot_count;

static UINT_PTR encode(UINT slot, uint16_t generation)
{
    return HANDLE_BASE | (UINT_PTR)(generation & GENERATION_MASK) << 16 | slot;
}

/* The slot a handle names while it is published and not closing, or (UINT)-1. Lock held. */
static UINT decode_locked(UINT_PTR handle)
{
    if (handle > 0xFFFFFFFFu || (handle & 0xC0000000u) != HANDLE_BASE)
        return (UINT)-1;
    UINT slot = (UINT)(handle & 0xFFFFu);
    if (slot >= slot_count)
        return (UINT)-1;
    const mixer_slot *entry = &slots[slot];
    if (!entry->used || !entry->published || entry->closing ||
        (UINT)((handle >> 16) & GENERATION_MASK) != (entry->generation & GENERATION_MASK))
        return (UINT)-1;
    return slot;
}

HMIXER pacm_mixer_handle_create(UINT device, UINT *slot_out)
{
    pthread_mutex_lock(&table_lock);
    UINT slot = 0;
    while (slot < slot_count && slots[slot].used)
        slot++;
    if (slot == slot_count) {
        UINT grown = slot_count ? slot_count * 2 : 16;
        if (grown > SLOT_LIMIT)
            grown = SLOT_LIMIT;
        mixer_slot *bigger = grown > slot_count ? pacm_mem_realloc(slots, (size_t)grown * sizeof *slots) : NULL;
        if (!bigger) {
            pthread_mutex_unlock(&table_lock);
            return NULL;
        }
        for (UINT i = slot_count; i < grown; i++)
            bigger[i] = (mixer_slot){.generation = 1};
        slots = bigger;
        slot_count = grown;
    }
    mixer_slot *entry = &slots[slot];
    entry->used = true;
    entry->published = false;
    entry->closing = false;
    entry->references = 0;
    entry->device = device;
    entry->driver_user = 0;
    UINT_PTR handle = encode(slot, entry->generation);
    pthread_mutex_unlock(&table_lock);
    *slot_out = slot;
    return (HMIXER)handle;
}

void pacm_mixer_handle_publish(UINT slot, DWORD_PTR driver_user)
{
    pthread_mutex_lock(&table_lock);
    slots[slot].driver_user = driver_user;
    slots[slot].published = true;
    pthread_mutex_unlock(&table_lock);
}

/* Returns a slot to the free list with a new generation. Lock held. */
static void free_slot_locked(UINT slot)
{
    mixer_slot *entry = &slots[slot];
    entry->used = false;
    entry->published = false;
    entry->closing = false;
    entry->generation = (uint16_t)(((entry->generation + 1) & GENERATION_MASK) ? entry->generation + 1 : 1);
}

void pacm_mixer_handle_discard(UINT slot)
{
    pthread_mutex_lock(&table_lock);
    free_slot_locked(slot);
    pthread_mutex_unlock(&table_lock);
}

bool pacm_mixer_handle_acquire(UINT_PTR handle, pacm_mixer_target *target)
{
    pthread_mutex_lock(&table_lock);
    UINT slot = decode_locked(handle);
    if (slot != (UINT)-1) {
        slots[slot].references++;
        target->device = slots[slot].device;
        target->driver_user = slots[slot].driver_user;
        target->slot = slot;
    }
    pthread_mutex_unlock(&table_lock);
    return slot != (UINT)-1;
}

/* Sends MXDM_CLOSE for a slot nobody uses any more and frees it. */
static void close_instance(UINT slot, UINT device, DWORD_PTR driver_user)
{
    (void)pacm_dev_message(PACM_DEV_MIXER, device, MXDM_CLOSE, driver_user, 0, 0);
    pthread_mutex_lock(&table_lock);
    free_slot_locked(slot);
    pthread_mutex_unlock(&table_lock);
}

void pacm_mixer_target_release(pacm_mixer_target *target)
{
    if (target->slot == (UINT)-1)
        return;
    UINT slot = target->slot;
    target->slot = (UINT)-1;
    pthread_mutex_lock(&table_lock);
    mixer_slot *entry = &slots[slot];
    bool last = --entry->references == 0 && entry->closing;
    UINT device = entry->device;
    DWORD_PTR user = entry->driver_user;
    pthread_mutex_unlock(&table_lock);
    if (last)
        close_instance(slot, device, user);
}

MMRESULT pacm_mixer_handle_close(UINT_PTR handle)
{
    pthread_mutex_lock(&table_lock);
    UINT slot = decode_locked(handle);
    if (slot == (UINT)-1) {
        pthread_mutex_unlock(&table_lock);
        return MMSYSERR_INVALHANDLE;
    }
    mixer_slot *entry = &slots[slot];
    entry->closing = true;
    bool now = entry->references == 0;
    UINT device = entry->device;
    DWORD_PTR user = entry->driver_user;
    pthread_mutex_unlock(&table_lock);
    if (!now)
        return MMSYSERR_NOERROR;
    /* The handle is gone whatever the driver answers: a mixer has nothing left to play that
     * could keep it open (Wine: mixerClose always succeeds). */
    close_instance(slot, device, user);
    return MMSYSERR_NOERROR;
}
