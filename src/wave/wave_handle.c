/*
 * wave_handle.c - HWAVEOUT / HWAVEIN values: a table of slots, each with a generation and a
 * count of the calls inside it, so that handles fit in 32 bits (clients such as NAudio and
 * mixerOpen truncate them) and a forged, stale or closed handle is refused, never dereferenced.
 *
 * Value: 0x40000000 | (generation & 0x3FFF) << 16 | slot, so it is never a device ID (< 0x10000),
 * 0xFFFF or 0xFFFFFFFF. Each thread remembers which handles it holds (a call nested inside a
 * callback on the same thread holds the handle twice), so waveOutClose called from inside its
 * own callback does not wait for itself.
 */
#include <pthread.h>
#include <stdint.h>

#include "wave_int.h"

#define WAVE_HANDLE_BASE 0x40000000u
#define WAVE_MAX_SLOTS 0x10000u
#define WAVE_HELD_MAX 32

typedef enum slot_state { SLOT_FREE, SLOT_OPEN, SLOT_CLOSING, SLOT_CLOSED } slot_state;

typedef struct wave_slot {
    pacm_wave *wave;
    slot_state state;
    uint32_t generation;
    uint32_t inflight; /* calls holding the handle */
} wave_slot;

static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slot_drained = PTHREAD_COND_INITIALIZER;
static wave_slot *slots;
static uint32_t slot_count;

/* The handles this thread holds (a stack; calls nest only through callbacks). */
static _Thread_local uintptr_t held[WAVE_HELD_MAX];
static _Thread_local int held_count;

static uintptr_t encode(uint32_t index, uint32_t generation)
{
    return WAVE_HANDLE_BASE | (generation & 0x3FFFu) << 16 | index;
}

/* The slot `handle` names if it is in use; the lock is held. */
static wave_slot *decode_locked(uintptr_t handle)
{
    if (handle > 0xFFFFFFFFu || (handle & 0xC0000000u) != WAVE_HANDLE_BASE)
        return NULL;
    uint32_t index = (uint32_t)(handle & 0xFFFFu);
    if (index >= slot_count)
        return NULL;
    wave_slot *slot = &slots[index];
    if (slot->state == SLOT_FREE || encode(index, slot->generation) != handle)
        return NULL;
    return slot;
}

static void free_wave(pacm_wave *wave)
{
    if (wave) {
        pacm_mem_free(wave->format);
        pacm_mem_free(wave);
    }
}

uintptr_t pacm_wave_handle_create(pacm_wave *wave)
{
    pthread_mutex_lock(&slot_lock);
    uint32_t index = 0;
    while (index < slot_count && slots[index].state != SLOT_FREE)
        index++;
    if (index == slot_count) {
        uint32_t grown = slot_count ? slot_count * 2 : 64;
        if (grown > WAVE_MAX_SLOTS)
            grown = WAVE_MAX_SLOTS;
        wave_slot *bigger = grown > slot_count ? pacm_mem_realloc(slots, grown * sizeof *bigger) : NULL;
        if (!bigger) {
            pthread_mutex_unlock(&slot_lock);
            return 0;
        }
        for (uint32_t i = slot_count; i < grown; i++)
            bigger[i] = (wave_slot){.state = SLOT_FREE, .generation = 1};
        slots = bigger;
        slot_count = grown;
    }
    wave_slot *slot = &slots[index];
    slot->wave = wave;
    slot->state = SLOT_OPEN;
    slot->inflight = 0;
    uintptr_t handle = encode(index, slot->generation);
    pthread_mutex_unlock(&slot_lock);
    return handle;
}

/* Frees a closed slot once no call holds it; the lock is held. Returns the object to free. */
static pacm_wave *retire_locked(wave_slot *slot)
{
    if (slot->state != SLOT_CLOSED || slot->inflight != 0)
        return NULL;
    pacm_wave *wave = slot->wave;
    slot->wave = NULL;
    slot->state = SLOT_FREE;
    slot->generation = (slot->generation + 1) & 0x3FFFu;
    if (slot->generation == 0)
        slot->generation = 1;
    return wave;
}

pacm_wave *pacm_wave_acquire(uintptr_t handle, pacm_dev_class cls)
{
    pthread_mutex_lock(&slot_lock);
    wave_slot *slot = decode_locked(handle);
    pacm_wave *wave = NULL;
    if (slot && slot->state == SLOT_OPEN && slot->wave->cls == cls && held_count < WAVE_HELD_MAX) {
        slot->inflight++;
        held[held_count++] = handle;
        wave = slot->wave;
    }
    pthread_mutex_unlock(&slot_lock);
    return wave;
}

/* Forgets one hold of `handle` by this thread. */
static void unhold(uintptr_t handle)
{
    for (int i = held_count; i-- > 0;) {
        if (held[i] == handle) {
            for (int j = i; j + 1 < held_count; j++)
                held[j] = held[j + 1];
            held_count--;
            return;
        }
    }
}

void pacm_wave_release(uintptr_t handle)
{
    pacm_wave *dead = NULL;
    pthread_mutex_lock(&slot_lock);
    wave_slot *slot = decode_locked(handle);
    if (slot && slot->inflight > 0) {
        slot->inflight--;
        unhold(handle);
        pthread_cond_broadcast(&slot_drained);
        dead = retire_locked(slot);
    }
    pthread_mutex_unlock(&slot_lock);
    free_wave(dead);
}

/* How many holds of `handle` this thread has. */
static uint32_t own_holds(uintptr_t handle)
{
    uint32_t count = 0;
    for (int i = 0; i < held_count; i++)
        count += held[i] == handle;
    return count;
}

MMRESULT pacm_wave_close(uintptr_t handle, pacm_wave *wave, UINT msg)
{
    pthread_mutex_lock(&slot_lock);
    wave_slot *slot = decode_locked(handle);
    if (!slot || slot->state != SLOT_OPEN) {
        pthread_mutex_unlock(&slot_lock);
        pacm_wave_release(handle);
        return MMSYSERR_INVALHANDLE;
    }
    slot->state = SLOT_CLOSING;
    uint32_t own = own_holds(handle);
    while (slot->inflight > own) {
        pthread_cond_wait(&slot_drained, &slot_lock);
        slot = decode_locked(handle);
    }
    pthread_mutex_unlock(&slot_lock);

    MMRESULT result = pacm_wave_send(wave, msg, 0, 0);

    pthread_mutex_lock(&slot_lock);
    slot = decode_locked(handle);
    slot->state = result == WAVERR_STILLPLAYING ? SLOT_OPEN : SLOT_CLOSED;
    pthread_mutex_unlock(&slot_lock);
    pacm_wave_release(handle);
    return result;
}

void pacm_wave_handle_discard(uintptr_t handle)
{
    pacm_wave *dead = NULL;
    pthread_mutex_lock(&slot_lock);
    wave_slot *slot = decode_locked(handle);
    if (slot) {
        slot->state = SLOT_CLOSED;
        dead = retire_locked(slot);
    }
    pthread_mutex_unlock(&slot_lock);
    free_wave(dead);
}

bool pacm_wave_is_handle(uintptr_t value, pacm_dev_class cls)
{
    pthread_mutex_lock(&slot_lock);
    wave_slot *slot = decode_locked(value);
    bool live = slot && slot->state == SLOT_OPEN && slot->wave->cls == cls;
    pthread_mutex_unlock(&slot_lock);
    return live;
}
