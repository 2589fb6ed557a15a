/*
 * handle_table.c - the process-wide table behind every checked handle (drivers, events,
 * windows, ACM driver IDs, drivers and streams, mmio files).
 *
 * Windows validates handles by probing memory; a Linux library cannot, so a handle here is
 * (generation << 32 | slot + 1) shifted to stay clear of small integers. A slot's generation
 * changes each time it is freed, so a stale handle never matches a reused slot. Objects are
 * reference counted so that closing a handle on one thread while another thread is inside a
 * call on it never frees memory under that call.
 */
#include <pthread.h>

#include "common_int.h"

typedef struct handle_slot {
    void *object;
    handle_destructor destroy;
    uint32_t type; /* 0: free slot */
    uint32_t generation;
    uint32_t references; /* the table's own reference counts as one while open */
    bool closed;
    uint32_t next_free; /* index + 1 of the next free slot, 0 at the end */
} handle_slot;

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static handle_slot *slots;
static uint32_t slot_count;
static uint32_t first_free; /* index + 1, 0 when none */

/* The handle's low 4 bits are a fixed tag so that integers such as 1 or -1 never decode. */
#define HANDLE_TAG 0x9u

static uintptr_t encode(uint32_t index, uint32_t generation)
{
    uint64_t value = ((uint64_t)(generation & 0x0FFFFFFFu) << 32 | (uint64_t)(index + 1)) << 4 | HANDLE_TAG;
    return (uintptr_t)value;
}

/* Finds the slot a handle names, or NULL. The caller holds the lock. */
static handle_slot *decode(uintptr_t handle)
{
    uint64_t value = (uint64_t)handle;
    if ((value & 0xF) != HANDLE_TAG)
        return NULL;
    value >>= 4;
    uint32_t index = (uint32_t)(value & 0xFFFFFFFFu);
    uint32_t generation = (uint32_t)(value >> 32);
    if (index == 0 || index > slot_count)
        return NULL;
    handle_slot *slot = &slots[index - 1];
    if (slot->type == 0 || (slot->generation & 0x0FFFFFFFu) != generation)
        return NULL;
    return slot;
}

uintptr_t pacm_handle_create(uint32_t type, void *object, handle_destructor destroy)
{
    if (type == 0)
        return 0;
    pthread_mutex_lock(&table_lock);
    if (first_free == 0) {
        uint32_t grown = slot_count ? slot_count * 2 : 64;
        if (grown > 0x0FFFFFFFu) {
            pthread_mutex_unlock(&table_lock);
            return 0;
        }
        size_t bytes;
        handle_slot *bigger = NULL;
        if (pacm_size_mul(grown, sizeof *slots, &bytes))
            bigger = pacm_mem_realloc(slots, bytes);
        if (!bigger) {
            pthread_mutex_unlock(&table_lock);
            return 0;
        }
        for (uint32_t i = slot_count; i < grown; i++) {
            bigger[i] = (handle_slot){.generation = 1, .next_free = i + 2 <= grown ? i + 2 : 0};
        }
        slots = bigger;
        first_free = slot_count + 1;
        slot_count = grown;
    }
    uint32_t index = first_free - 1;
    handle_slot *slot = &slots[index];
    first_free = slot->next_free;
    slot->object = object;
    slot->destroy = destroy;
    slot->type = type;
    slot->references = 1;
    slot->closed = false;
    slot->next_free = 0;
    uintptr_t handle = encode(index, slot->generation);
    pthread_mutex_unlock(&table_lock);
    return handle;
}

void *pacm_handle_acquire(uintptr_t handle, uint32_t type)
{
    void *object = NULL;
    pthread_mutex_lock(&table_lock);
    handle_slot *slot = decode(handle);
    if (slot && slot->type == type && !slot->closed) {
        slot->references++;
        object = slot->object;
    }
    pthread_mutex_unlock(&table_lock);
    return object;
}

/* Drops one reference; frees the slot (and returns its destructor) at zero. Lock held. */
static handle_destructor drop_reference(handle_slot *slot, void **object)
{
    if (--slot->references != 0)
        return NULL;
    handle_destructor destroy = slot->destroy;
    *object = slot->object;
    uint32_t index = (uint32_t)(slot - slots);
    slot->object = NULL;
    slot->destroy = NULL;
    slot->type = 0;
    slot->generation = (slot->generation + 1) & 0x0FFFFFFFu;
    if (slot->generation == 0)
        slot->generation = 1;
    slot->next_free = first_free;
    first_free = index + 1;
    return destroy;
}

void pacm_handle_release(uintptr_t handle)
{
    void *object = NULL;
    handle_destructor destroy = NULL;
    pthread_mutex_lock(&table_lock);
    handle_slot *slot = decode(handle);
    if (slot && slot->references > 0)
        destroy = drop_reference(slot, &object);
    pthread_mutex_unlock(&table_lock);
    if (destroy)
        destroy(object);
}

bool pacm_handle_close(uintptr_t handle, uint32_t type)
{
    void *object = NULL;
    handle_destructor destroy = NULL;
    pthread_mutex_lock(&table_lock);
    handle_slot *slot = decode(handle);
    if (!slot || slot->type != type || slot->closed) {
        pthread_mutex_unlock(&table_lock);
        return false;
    }
    slot->closed = true;
    destroy = drop_reference(slot, &object);
    pthread_mutex_unlock(&table_lock);
    if (destroy)
        destroy(object);
    return true;
}

uint32_t pacm_handle_type(uintptr_t handle)
{
    pthread_mutex_lock(&table_lock);
    handle_slot *slot = decode(handle);
    uint32_t type = slot && !slot->closed ? slot->type : 0;
    pthread_mutex_unlock(&table_lock);
    return type;
}

void pacm_handle_enumerate(uint32_t type, bool (*visit)(uintptr_t handle, void *object, void *context), void *context)
{
    for (uint32_t index = 0;; index++) {
        uintptr_t handle = 0;
        void *object = NULL;
        pthread_mutex_lock(&table_lock);
        if (index >= slot_count) {
            pthread_mutex_unlock(&table_lock);
            return;
        }
        handle_slot *slot = &slots[index];
        if (slot->type == type && !slot->closed) {
            slot->references++;
            object = slot->object;
            handle = encode(index, slot->generation);
        }
        pthread_mutex_unlock(&table_lock);
        if (!object)
            continue;
        bool more = visit(handle, object, context);
        pacm_handle_release(handle);
        if (!more)
            return;
    }
}
