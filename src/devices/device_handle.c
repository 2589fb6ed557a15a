/*
 * device_handle.c - the one table of open device handles (device_handle_int.h): slots with a
 * generation, a class, a state and a count of the calls inside; and the error texts the
 * *GetErrorText functions of every class share.
 */
#include <pthread.h>
#include <string.h>

#include "device_handle_int.h"

#define HANDLE_BASE 0x40000000u
#define HANDLE_TOP_MASK 0xC0000000u
#define GENERATION_MASK 0x3FFFu
#define SLOTS_MAX 0x10000u
#define HELD_MAX 32

typedef enum slot_state { SLOT_FREE, SLOT_CREATED, SLOT_OPEN, SLOT_CLOSING, SLOT_CLOSED } slot_state;

typedef struct handle_slot {
    void *object;
    void (*destroy)(void *object);
    pacm_dev_class cls;
    slot_state state;
    uint32_t generation;
    uint32_t inflight; /* calls holding the handle */
} handle_slot;

static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slot_drained = PTHREAD_COND_INITIALIZER;
static handle_slot *slots;
static uint32_t slot_count;

/* The handles this thread holds (a stack; calls nest only through callbacks). */
static _Thread_local uintptr_t held[HELD_MAX];
static _Thread_local int held_count;

static uintptr_t encode(uint32_t index, uint32_t generation)
{
    return HANDLE_BASE | (generation & GENERATION_MASK) << 16 | index;
}

/* The slot `handle` names if it is in use; the lock is held. */
static handle_slot *decode_locked(uintptr_t handle)
{
    if (handle > 0xFFFFFFFFu || (handle & HANDLE_TOP_MASK) != HANDLE_BASE)
        return NULL;
    uint32_t index = (uint32_t)(handle & 0xFFFFu);
    if (index >= slot_count)
        return NULL;
    handle_slot *slot = &slots[index];
    if (slot->state == SLOT_FREE || encode(index, slot->generation) != handle)
        return NULL;
    return slot;
}

static bool usable(const handle_slot *slot, unsigned kinds)
{
    return slot && slot->state == SLOT_OPEN && (kinds & PACM_DEV_HANDLE_KIND(slot->cls));
}

/* A free slot's index, growing the table; SLOTS_MAX when there is none. Lock held. */
static uint32_t free_slot_locked(void)
{
    uint32_t index = 0;
    while (index < slot_count && slots[index].state != SLOT_FREE)
        index++;
    if (index < slot_count)
        return index;
    uint32_t grown = slot_count ? slot_count * 2 : 64;
    if (grown > SLOTS_MAX)
        grown = SLOTS_MAX;
    handle_slot *bigger = grown > slot_count ? pacm_mem_realloc(slots, grown * sizeof *bigger) : NULL;
    if (!bigger)
        return SLOTS_MAX;
    for (uint32_t i = slot_count; i < grown; i++)
        bigger[i] = (handle_slot){.state = SLOT_FREE, .generation = 1};
    slots = bigger;
    slot_count = grown;
    return index;
}

uintptr_t pacm_dev_handle_create(void *object, pacm_dev_class cls, void (*destroy)(void *object), bool published)
{
    pthread_mutex_lock(&slot_lock);
    uint32_t index = free_slot_locked();
    uintptr_t handle = 0;
    if (index < SLOTS_MAX) {
        handle_slot *slot = &slots[index];
        *slot = (handle_slot){.object = object, .destroy = destroy, .cls = cls,
                              .state = published ? SLOT_OPEN : SLOT_CREATED, .generation = slot->generation};
        handle = encode(index, slot->generation);
    }
    pthread_mutex_unlock(&slot_lock);
    return handle;
}

void *pacm_dev_handle_unpublished(uintptr_t handle)
{
    pthread_mutex_lock(&slot_lock);
    handle_slot *slot = decode_locked(handle);
    void *object = slot && slot->state == SLOT_CREATED ? slot->object : NULL;
    pthread_mutex_unlock(&slot_lock);
    return object;
}

void pacm_dev_handle_publish(uintptr_t handle)
{
    pthread_mutex_lock(&slot_lock);
    handle_slot *slot = decode_locked(handle);
    if (slot && slot->state == SLOT_CREATED)
        slot->state = SLOT_OPEN;
    pthread_mutex_unlock(&slot_lock);
}

/* Frees a closed slot once no call holds it; the lock is held. The caller runs `*destroy` on
 * the returned object outside the lock. */
static void *retire_locked(handle_slot *slot, void (**destroy)(void *))
{
    if (slot->state != SLOT_CLOSED || slot->inflight != 0)
        return NULL;
    void *object = slot->object;
    *destroy = slot->destroy;
    slot->object = NULL;
    slot->state = SLOT_FREE;
    slot->generation = (slot->generation + 1) & GENERATION_MASK;
    if (slot->generation == 0)
        slot->generation = 1;
    return object;
}

static void destroy_object(void *object, void (*destroy)(void *))
{
    if (object && destroy)
        destroy(object);
}

void *pacm_dev_handle_acquire(uintptr_t handle, unsigned kinds)
{
    pthread_mutex_lock(&slot_lock);
    handle_slot *slot = decode_locked(handle);
    void *object = NULL;
    if (usable(slot, kinds) && held_count < HELD_MAX) {
        slot->inflight++;
        held[held_count++] = handle;
        object = slot->object;
    }
    pthread_mutex_unlock(&slot_lock);
    return object;
}

/* Forgets one hold of `handle` by this thread. */
static void unhold(uintptr_t handle)
{
    for (int i = held_count; i-- > 0;) {
        if (held[i] == handle) {
            memmove(&held[i], &held[i + 1], (size_t)(held_count - i - 1) * sizeof held[0]);
            held_count--;
            return;
        }
    }
}

void pacm_dev_handle_release(uintptr_t handle)
{
    void *dead = NULL;
    void (*destroy)(void *) = NULL;
    pthread_mutex_lock(&slot_lock);
    handle_slot *slot = decode_locked(handle);
    if (slot && slot->inflight > 0) {
        slot->inflight--;
        unhold(handle);
        pthread_cond_broadcast(&slot_drained);
        dead = retire_locked(slot, &destroy);
    }
    pthread_mutex_unlock(&slot_lock);
    destroy_object(dead, destroy);
}

/* How many holds of `handle` this thread has. */
static uint32_t own_holds(uintptr_t handle)
{
    uint32_t count = 0;
    for (int i = 0; i < held_count; i++)
        count += held[i] == handle;
    return count;
}

MMRESULT pacm_dev_handle_close(uintptr_t handle, MMRESULT (*close)(void *object, void *context), void *context,
                           MMRESULT keep_open)
{
    pthread_mutex_lock(&slot_lock);
    handle_slot *slot = decode_locked(handle);
    if (!slot || slot->state != SLOT_OPEN) {
        pthread_mutex_unlock(&slot_lock);
        pacm_dev_handle_release(handle);
        return MMSYSERR_INVALHANDLE;
    }
    slot->state = SLOT_CLOSING;
    uint32_t own = own_holds(handle);
    while (slot->inflight > own) {
        pthread_cond_wait(&slot_drained, &slot_lock);
        slot = decode_locked(handle); /* the table may have moved */
    }
    void *object = slot->object;
    pthread_mutex_unlock(&slot_lock);

    MMRESULT result = close(object, context);

    pthread_mutex_lock(&slot_lock);
    slot = decode_locked(handle);
    slot->state = result == keep_open ? SLOT_OPEN : SLOT_CLOSED;
    pthread_mutex_unlock(&slot_lock);
    pacm_dev_handle_release(handle);
    return result;
}

void pacm_dev_handle_discard(uintptr_t handle)
{
    void *dead = NULL;
    void (*destroy)(void *) = NULL;
    pthread_mutex_lock(&slot_lock);
    handle_slot *slot = decode_locked(handle);
    if (slot) {
        slot->state = SLOT_CLOSED;
        dead = retire_locked(slot, &destroy);
    }
    pthread_mutex_unlock(&slot_lock);
    destroy_object(dead, destroy);
}

bool pacm_dev_handle_is_live(uintptr_t value, unsigned kinds)
{
    pthread_mutex_lock(&slot_lock);
    bool live = usable(decode_locked(value), kinds);
    pthread_mutex_unlock(&slot_lock);
    return live;
}

/* ---- error texts ---------------------------------------------------------------------------- */

MMRESULT pacm_dev_error_text(MMRESULT code, MMRESULT class_first, MMRESULT class_last, LPSTR a, LPWSTR w, UINT cch)
{
    if (!a && !w)
        return MMSYSERR_INVALPARAM;
    if (cch == 0)
        return MMSYSERR_NOERROR;
    if (!(code <= MMSYSERR_LASTERROR || (code >= class_first && code <= class_last)))
        return MMSYSERR_BADERRNUM;
    /* portacm_mmresult_string gives "NAME: meaning"; the meaning is the text. */
    const char *text = portacm_mmresult_string(code);
    const char *colon = strstr(text, ": ");
    if (colon)
        text = colon + 2;
    if (w) {
        pacm_utf8_to_utf16_buffer(text, w, cch);
        return MMSYSERR_NOERROR;
    }
    size_t length = strlen(text);
    if (length >= cch)
        length = cch - 1;
    memcpy(a, text, length);
    a[length] = '\0';
    return MMSYSERR_NOERROR;
}
