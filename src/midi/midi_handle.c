/*
 * midi_handle.c - HMIDIOUT / HMIDIIN / HMIDISTRM values: slots with a generation and a count of
 * the calls inside, so that handles fit in 32 bits (NAudio keeps them in an IntPtr it may
 * truncate) and a forged, stale or closed handle is refused, never dereferenced.
 *
 * Value: 0x20000000 | (generation & 0x1FFF) << 16 | slot. Each thread remembers the handles it
 * holds, so midiOutClose called from the handle's own callback does not wait for itself.
 */
#include <stdint.h>

#include "midi_int.h"

#define MIDI_BASE 0x20000000u
#define MIDI_MASK 0xE0000000u
#define MIDI_GEN_MASK 0x1FFFu
#define MIDI_SLOTS_MAX 0x10000u
#define MIDI_HELD_MAX 32

enum { FREE, OPEN, CLOSING, CLOSED };

typedef struct midi_slot {
    pacm_midi *midi;
    int state;
    uint32_t generation;
    uint32_t inflight;
} midi_slot;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t drained = PTHREAD_COND_INITIALIZER;
static midi_slot *table;
static uint32_t table_size;
static _Thread_local uintptr_t holds[MIDI_HELD_MAX];
static _Thread_local int hold_count;

static uintptr_t value_of(uint32_t index, uint32_t generation)
{
    return MIDI_BASE | (generation & MIDI_GEN_MASK) << 16 | index;
}

static midi_slot *slot_of(uintptr_t handle)
{
    if (handle > 0xFFFFFFFFu || (handle & MIDI_MASK) != MIDI_BASE)
        return NULL;
    uint32_t index = (uint32_t)(handle & 0xFFFFu);
    if (index >= table_size || table[index].state == FREE || value_of(index, table[index].generation) != handle)
        return NULL;
    return &table[index];
}

static void destroy(pacm_midi *midi)
{
    if (midi) {
        pthread_mutex_destroy(&midi->thru_lock);
        pacm_mem_free(midi);
    }
}

uintptr_t pacm_midi_handle_create(pacm_midi *midi)
{
    pthread_mutex_lock(&lock);
    uint32_t index = 0;
    while (index < table_size && table[index].state != FREE)
        index++;
    if (index == table_size) {
        uint32_t grown = table_size ? table_size * 2 : 32;
        if (grown > MIDI_SLOTS_MAX)
            grown = MIDI_SLOTS_MAX;
        midi_slot *bigger = grown > table_size ? pacm_mem_realloc(table, grown * sizeof *bigger) : NULL;
        if (!bigger) {
            pthread_mutex_unlock(&lock);
            return 0;
        }
        for (uint32_t i = table_size; i < grown; i++)
            bigger[i] = (midi_slot){.state = FREE, .generation = 1};
        table = bigger;
        table_size = grown;
    }
    table[index].midi = midi;
    table[index].state = OPEN;
    table[index].inflight = 0;
    uintptr_t handle = value_of(index, table[index].generation);
    midi->handle = handle;
    pthread_mutex_unlock(&lock);
    return handle;
}

/* Frees a closed slot nobody holds any more; returns the object to free. Lock held. */
static pacm_midi *retire(midi_slot *slot)
{
    if (slot->state != CLOSED || slot->inflight != 0)
        return NULL;
    pacm_midi *midi = slot->midi;
    slot->midi = NULL;
    slot->state = FREE;
    slot->generation = (slot->generation + 1) & MIDI_GEN_MASK;
    if (!slot->generation)
        slot->generation = 1;
    return midi;
}

static bool class_matches(const pacm_midi *midi, pacm_dev_class cls)
{
    return midi->cls == cls;
}

pacm_midi *pacm_midi_acquire(uintptr_t handle, pacm_dev_class cls)
{
    pacm_midi *midi = NULL;
    pthread_mutex_lock(&lock);
    midi_slot *slot = slot_of(handle);
    if (slot && slot->state == OPEN && class_matches(slot->midi, cls) && hold_count < MIDI_HELD_MAX) {
        slot->inflight++;
        holds[hold_count++] = handle;
        midi = slot->midi;
    }
    pthread_mutex_unlock(&lock);
    return midi;
}

void pacm_midi_release(uintptr_t handle)
{
    pacm_midi *dead = NULL;
    pthread_mutex_lock(&lock);
    midi_slot *slot = slot_of(handle);
    if (slot && slot->inflight > 0) {
        slot->inflight--;
        for (int i = hold_count; i-- > 0;) {
            if (holds[i] == handle) {
                holds[i] = holds[--hold_count];
                break;
            }
        }
        pthread_cond_broadcast(&drained);
        dead = retire(slot);
    }
    pthread_mutex_unlock(&lock);
    destroy(dead);
}

MMRESULT pacm_midi_close(uintptr_t handle, pacm_midi *midi, MMRESULT (*close)(pacm_midi *midi))
{
    pthread_mutex_lock(&lock);
    midi_slot *slot = slot_of(handle);
    if (!slot || slot->state != OPEN) {
        pthread_mutex_unlock(&lock);
        pacm_midi_release(handle);
        return MMSYSERR_INVALHANDLE;
    }
    slot->state = CLOSING;
    uint32_t own = 0;
    for (int i = 0; i < hold_count; i++)
        own += holds[i] == handle;
    while (slot->inflight > own) {
        pthread_cond_wait(&drained, &lock);
        slot = slot_of(handle);
    }
    pthread_mutex_unlock(&lock);

    MMRESULT result = close(midi);

    pthread_mutex_lock(&lock);
    slot = slot_of(handle);
    slot->state = result == MIDIERR_STILLPLAYING ? OPEN : CLOSED;
    pthread_mutex_unlock(&lock);
    pacm_midi_release(handle);
    return result;
}

void pacm_midi_handle_discard(uintptr_t handle)
{
    pacm_midi *dead = NULL;
    pthread_mutex_lock(&lock);
    midi_slot *slot = slot_of(handle);
    if (slot) {
        slot->state = CLOSED;
        dead = retire(slot);
    }
    pthread_mutex_unlock(&lock);
    destroy(dead);
}

bool pacm_midi_is_handle(uintptr_t value, pacm_dev_class cls)
{
    pthread_mutex_lock(&lock);
    midi_slot *slot = slot_of(value);
    bool live = slot && slot->state == OPEN && class_matches(slot->midi, cls);
    pthread_mutex_unlock(&lock);
    return live;
}
