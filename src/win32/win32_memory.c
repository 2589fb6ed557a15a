/*
 * win32_memory.c - the kernel32 memory functions Windows drivers and clients allocate with:
 * LocalAlloc/GlobalAlloc and their companions (one implementation under two spellings, as on
 * Win32) and private heaps (HeapCreate, HeapAlloc, GetProcessHeap...).
 *
 * Windows validates what these functions are given by probing its heap; a Linux library
 * cannot probe, so every block is recorded: a table keyed by the block's address (fixed
 * blocks, heap blocks, and the data of moveable blocks, for GlobalHandle), plus a checked
 * handle (HANDLE_TYPE_MEMORY) for each moveable block and one (HANDLE_TYPE_HEAP) for each
 * heap. A forged, stale or interior pointer is then simply not found. One mutex guards all
 * of it: these are convenience allocators of old code, not a hot path. Every allocation goes
 * through pacm_mem_* so the fault-injection tests reach these paths too.
 *
 * MulDiv, kernel32's one arithmetic helper, sits at the end: too small for a file of its own.
 */
#include <stdint.h>
#include <string.h>

#include "win32_int.h"

typedef enum { BLOCK_FIXED = 1, BLOCK_MOVEABLE, BLOCK_HEAP } block_kind;

typedef struct memory_heap memory_heap;

typedef struct memory_block {
    unsigned char *data; /* NULL while a moveable block is discarded */
    size_t size;         /* as requested */
    size_t capacity;     /* bytes behind data: the largest size since it was last moved */
    uintptr_t handle;    /* BLOCK_MOVEABLE: its checked handle */
    memory_heap *heap;   /* BLOCK_HEAP: the heap it belongs to */
    struct memory_block *bucket_next;
    struct memory_block *heap_prev;
    struct memory_block *heap_next;
    block_kind kind;
    unsigned lock_count; /* BLOCK_MOVEABLE only; saturates at LMEM_LOCKCOUNT as on Windows */
    bool discardable;
    bool ddeshare; /* only reported back by GlobalFlags */
} memory_block;

struct memory_heap {
    uintptr_t handle; /* 0 for the process heap */
    memory_block *blocks;
    size_t maximum; /* 0: no limit */
    size_t used;    /* the capacities of its live blocks */
};

static pthread_mutex_t memory_lock = PTHREAD_MUTEX_INITIALIZER;
/* GetProcessHeap's heap is static, so that it can neither fail nor be destroyed; its handle is
 * its address, which the checked table never hands out (table handles are never aligned). */
static memory_heap process_heap;

/* ---- the address table: block data address -> block (a power-of-two chained hash) ---------- */
static memory_block **buckets;
static size_t bucket_count;
static size_t mapped_count;

static size_t bucket_of(uintptr_t address)
{
    uint64_t mixed = (uint64_t)address;
    mixed ^= mixed >> 33;
    mixed *= 0xff51afd7ed558ccdull;
    mixed ^= mixed >> 33;
    return (size_t)mixed & (bucket_count - 1);
}

/* Makes room for one more entry, so that the insert that follows cannot fail. */
static bool map_reserve(void)
{
    if (mapped_count < bucket_count)
        return true;
    size_t grown = bucket_count ? bucket_count * 2 : 64;
    memory_block **bigger = pacm_mem_calloc(grown, sizeof *bigger);
    if (!bigger)
        return false;
    memory_block **old = buckets;
    size_t old_count = bucket_count;
    buckets = bigger;
    bucket_count = grown;
    for (size_t i = 0; i < old_count; i++) {
        for (memory_block *block = old[i], *next; block; block = next) {
            next = block->bucket_next;
            size_t at = bucket_of((uintptr_t)block->data);
            block->bucket_next = buckets[at];
            buckets[at] = block;
        }
    }
    pacm_mem_free(old);
    return true;
}

static void map_insert(memory_block *block)
{
    size_t at = bucket_of((uintptr_t)block->data);
    block->bucket_next = buckets[at];
    buckets[at] = block;
    mapped_count++;
}

/* Removes `block`, filed under `address` (its data address, possibly already freed). */
static void map_remove(memory_block *block, uintptr_t address)
{
    for (memory_block **link = &buckets[bucket_of(address)]; *link; link = &(*link)->bucket_next) {
        if (*link == block) {
            *link = block->bucket_next;
            mapped_count--;
            return;
        }
    }
}

static memory_block *map_find(const void *address)
{
    if (!address || bucket_count == 0)
        return NULL;
    for (memory_block *block = buckets[bucket_of((uintptr_t)address)]; block; block = block->bucket_next) {
        if (block->data == address)
            return block;
    }
    return NULL;
}

/* ---- blocks (memory_lock held) -------------------------------------------------------------- */
/* Sizes above PTRDIFF_MAX fail here rather than in the allocator (which under ASan aborts). */
static bool size_possible(size_t size)
{
    return size <= (size_t)PTRDIFF_MAX;
}

static bool heap_has_room(const memory_heap *heap, size_t more)
{
    return !heap || heap->maximum == 0 || more <= heap->maximum - heap->used;
}

/* Gives a discarded (or new moveable) block `size` bytes of data. */
static bool block_give_data(memory_block *block, size_t size, bool zero)
{
    if (!size_possible(size) || !map_reserve())
        return false;
    unsigned char *data = zero ? pacm_mem_calloc(1, size) : pacm_mem_alloc(size);
    if (!data)
        return false;
    block->data = data;
    block->size = block->capacity = size;
    map_insert(block);
    return true;
}

static void block_discard(memory_block *block)
{
    if (!block->data)
        return;
    map_remove(block, (uintptr_t)block->data);
    pacm_mem_free(block->data);
    block->data = NULL;
    block->size = block->capacity = 0;
}

/* A new block; a moveable one of 0 bytes is born discarded, as on Windows. */
static memory_block *block_create(block_kind kind, size_t size, bool zero, memory_heap *heap)
{
    if (!heap_has_room(heap, size))
        return NULL;
    memory_block *block = pacm_mem_calloc(1, sizeof *block);
    if (!block)
        return NULL;
    block->kind = kind;
    block->heap = heap;
    if ((kind != BLOCK_MOVEABLE || size > 0) && !block_give_data(block, size, zero)) {
        pacm_mem_free(block);
        return NULL;
    }
    if (kind == BLOCK_MOVEABLE) {
        block->handle = pacm_handle_create(HANDLE_TYPE_MEMORY, block, NULL);
        if (!block->handle) {
            block_discard(block);
            pacm_mem_free(block);
            return NULL;
        }
    }
    if (heap) {
        heap->used += block->capacity;
        block->heap_next = heap->blocks;
        if (heap->blocks)
            heap->blocks->heap_prev = block;
        heap->blocks = block;
    }
    return block;
}

static void block_destroy(memory_block *block)
{
    if (block->kind == BLOCK_MOVEABLE)
        pacm_handle_close(block->handle, HANDLE_TYPE_MEMORY);
    memory_heap *heap = block->heap;
    if (heap) {
        heap->used -= block->capacity;
        if (block->heap_prev)
            block->heap_prev->heap_next = block->heap_next;
        else
            heap->blocks = block->heap_next;
        if (block->heap_next)
            block->heap_next->heap_prev = block->heap_prev;
    }
    block_discard(block);
    pacm_mem_free(block);
}

/* Resizes a block that has data. Within its capacity it stays in place (so "in place only"
 * can still shrink and grow back); beyond, it moves if allowed. */
static bool block_resize(memory_block *block, size_t size, bool may_move, bool zero)
{
    size_t old_size = block->size;
    if (size > block->capacity) {
        if (!may_move || !size_possible(size) || !heap_has_room(block->heap, size - block->capacity))
            return false;
        uintptr_t old_address = (uintptr_t)block->data;
        unsigned char *moved = pacm_mem_realloc(block->data, size);
        if (!moved)
            return false;
        map_remove(block, old_address);
        block->data = moved;
        map_insert(block);
        if (block->heap)
            block->heap->used += size - block->capacity;
        block->capacity = size;
    }
    if (zero && size > old_size)
        memset(block->data + old_size, 0, size - old_size);
    block->size = size;
    return true;
}

/* The block a Local/Global handle names: a moveable block's handle or a fixed block's
 * address; NULL for anything else (heap blocks and moveable data addresses included). */
static memory_block *local_block(const void *handle)
{
    memory_block *block = pacm_handle_acquire((uintptr_t)handle, HANDLE_TYPE_MEMORY);
    if (block) {
        /* memory_lock keeps the block alive; the table reference is not needed beyond this. */
        pacm_handle_release((uintptr_t)handle);
        return block;
    }
    block = map_find(handle);
    return block && block->kind == BLOCK_FIXED ? block : NULL;
}

static void *block_name(const memory_block *block)
{
    return block->kind == BLOCK_MOVEABLE ? (void *)block->handle : (void *)block->data;
}

/* ---- the Local/Global implementation (LMEM_* flags) ------------------------------------------ */
/* `bad_flags`: the bits of the caller's flags outside its family's valid set. */
static HLOCAL memory_alloc(UINT flags, UINT bad_flags, bool ddeshare, SIZE_T bytes)
{
    if (bad_flags) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    bool moveable = (flags & LMEM_MOVEABLE) != 0;
    HLOCAL result = NULL;
    pthread_mutex_lock(&memory_lock);
    memory_block *block =
        block_create(moveable ? BLOCK_MOVEABLE : BLOCK_FIXED, bytes, (flags & LMEM_ZEROINIT) != 0, NULL);
    if (block) {
        block->discardable = moveable && (flags & LMEM_DISCARDABLE) != 0;
        block->ddeshare = ddeshare;
        result = block_name(block);
    }
    pthread_mutex_unlock(&memory_lock);
    if (!result)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return result;
}

/* The ReAlloc rules of winbase.h, for a block that exists. Returns the error, or 0. */
static DWORD block_realloc(memory_block *block, SIZE_T bytes, UINT flags)
{
    bool zero = (flags & LMEM_ZEROINIT) != 0;
    if (flags & LMEM_MODIFY) {
        if (block->kind == BLOCK_MOVEABLE && (flags & LMEM_DISCARDABLE))
            block->discardable = true;
        return 0;
    }
    if (block->kind == BLOCK_MOVEABLE && bytes == 0 && (flags & LMEM_MOVEABLE)) {
        if (block->lock_count)
            return ERROR_INVALID_PARAMETER;
        block_discard(block);
        return 0;
    }
    if (!block->data) {
        if (bytes == 0)
            return 0;
        return block_give_data(block, bytes, zero) ? 0 : ERROR_NOT_ENOUGH_MEMORY;
    }
    bool may_move = (flags & LMEM_MOVEABLE) || (block->kind == BLOCK_MOVEABLE && block->lock_count == 0);
    return block_resize(block, bytes, may_move, zero) ? 0 : ERROR_NOT_ENOUGH_MEMORY;
}

static HLOCAL memory_realloc(HLOCAL handle, SIZE_T bytes, UINT flags, UINT bad_flags)
{
    if (bad_flags) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    HLOCAL result = NULL;
    pthread_mutex_lock(&memory_lock);
    memory_block *block = local_block(handle);
    DWORD error = block ? block_realloc(block, bytes, flags) : ERROR_INVALID_HANDLE;
    if (!error)
        result = block_name(block);
    pthread_mutex_unlock(&memory_lock);
    if (error)
        SetLastError(error);
    return result;
}

HLOCAL WINAPI LocalFree(HLOCAL hMem)
{
    if (!hMem)
        return NULL;
    pthread_mutex_lock(&memory_lock);
    memory_block *block = local_block(hMem);
    if (block)
        block_destroy(block);
    pthread_mutex_unlock(&memory_lock);
    if (!block) {
        SetLastError(ERROR_INVALID_HANDLE);
        return hMem;
    }
    return NULL;
}

LPVOID WINAPI LocalLock(HLOCAL hMem)
{
    if (!hMem)
        return NULL;
    void *address = NULL;
    DWORD error = 0;
    pthread_mutex_lock(&memory_lock);
    memory_block *block = local_block(hMem);
    if (!block) {
        error = ERROR_INVALID_HANDLE;
    } else if (!block->data) {
        error = ERROR_DISCARDED;
    } else {
        if (block->kind == BLOCK_MOVEABLE && block->lock_count < LMEM_LOCKCOUNT)
            block->lock_count++;
        address = block->data;
    }
    pthread_mutex_unlock(&memory_lock);
    if (error)
        SetLastError(error);
    return address;
}

BOOL WINAPI LocalUnlock(HLOCAL hMem)
{
    BOOL still_locked = FALSE;
    DWORD error;
    pthread_mutex_lock(&memory_lock);
    memory_block *block = local_block(hMem);
    if (!block) {
        error = ERROR_INVALID_HANDLE;
    } else if (block->kind != BLOCK_MOVEABLE || block->lock_count == 0) {
        error = ERROR_NOT_LOCKED;
    } else {
        still_locked = --block->lock_count != 0;
        error = NO_ERROR;
    }
    pthread_mutex_unlock(&memory_lock);
    if (!still_locked)
        SetLastError(error);
    return still_locked;
}

/* What Size and Flags report, read under the lock. */
typedef struct memory_state {
    bool valid;
    bool moveable;
    bool discarded;
    bool discardable;
    bool ddeshare;
    unsigned lock_count;
    size_t size;
} memory_state;

static memory_state memory_query(HLOCAL handle)
{
    memory_state state = {0};
    pthread_mutex_lock(&memory_lock);
    memory_block *block = local_block(handle);
    if (block) {
        state = (memory_state){.valid = true,
                               .moveable = block->kind == BLOCK_MOVEABLE,
                               .discarded = !block->data,
                               .discardable = block->discardable,
                               .ddeshare = block->ddeshare,
                               .lock_count = block->lock_count,
                               .size = block->data ? block->size : 0};
    }
    pthread_mutex_unlock(&memory_lock);
    if (!state.valid)
        SetLastError(ERROR_INVALID_HANDLE);
    return state;
}

HLOCAL WINAPI LocalHandle(LPCVOID pMem)
{
    HLOCAL result = NULL;
    pthread_mutex_lock(&memory_lock);
    if (pacm_handle_type((uintptr_t)pMem) == HANDLE_TYPE_MEMORY) {
        result = (HLOCAL)pMem;
    } else {
        memory_block *block = map_find(pMem);
        if (block && block->kind != BLOCK_HEAP)
            result = block_name(block);
    }
    pthread_mutex_unlock(&memory_lock);
    if (!result)
        SetLastError(ERROR_INVALID_HANDLE);
    return result;
}

HLOCAL WINAPI LocalAlloc(UINT uFlags, SIZE_T uBytes)
{
    return memory_alloc(uFlags, uFlags & ~LMEM_VALID_FLAGS, false, uBytes);
}

HLOCAL WINAPI LocalReAlloc(HLOCAL hMem, SIZE_T uBytes, UINT uFlags)
{
    return memory_realloc(hMem, uBytes, uFlags, uFlags & ~(LMEM_VALID_FLAGS | LMEM_MODIFY));
}

SIZE_T WINAPI LocalSize(HLOCAL hMem)
{
    return memory_query(hMem).size;
}

UINT WINAPI LocalFlags(HLOCAL hMem)
{
    memory_state state = memory_query(hMem);
    if (!state.valid)
        return LMEM_INVALID_HANDLE;
    if (!state.moveable)
        return 0;
    return state.lock_count | (state.discardable ? LMEM_DISCARDABLE : 0) | (state.discarded ? LMEM_DISCARDED : 0);
}

/* ---- Global: the same blocks, GMEM_* flags ---------------------------------------------------- */
static UINT local_flags_of(UINT global_flags)
{
    UINT flags = global_flags & (GMEM_MOVEABLE | GMEM_NOCOMPACT | GMEM_NODISCARD | GMEM_ZEROINIT | GMEM_MODIFY);
    if (global_flags & GMEM_DISCARDABLE)
        flags |= LMEM_DISCARDABLE;
    return flags;
}

HGLOBAL WINAPI GlobalAlloc(UINT uFlags, SIZE_T dwBytes)
{
    return memory_alloc(local_flags_of(uFlags), uFlags & ~GMEM_VALID_FLAGS, (uFlags & GMEM_DDESHARE) != 0, dwBytes);
}

HGLOBAL WINAPI GlobalReAlloc(HGLOBAL hMem, SIZE_T dwBytes, UINT uFlags)
{
    return memory_realloc(hMem, dwBytes, local_flags_of(uFlags), uFlags & ~(GMEM_VALID_FLAGS | GMEM_MODIFY));
}

/* Free, Lock, Unlock, Size and Handle mean the same in both families. */
HGLOBAL WINAPI GlobalFree(HGLOBAL hMem)
{
    return LocalFree(hMem);
}

LPVOID WINAPI GlobalLock(HGLOBAL hMem)
{
    return LocalLock(hMem);
}

BOOL WINAPI GlobalUnlock(HGLOBAL hMem)
{
    return LocalUnlock(hMem);
}

SIZE_T WINAPI GlobalSize(HGLOBAL hMem)
{
    return LocalSize(hMem);
}

HGLOBAL WINAPI GlobalHandle(LPCVOID pMem)
{
    return LocalHandle(pMem);
}

UINT WINAPI GlobalFlags(HGLOBAL hMem)
{
    memory_state state = memory_query(hMem);
    if (!state.valid)
        return GMEM_INVALID_HANDLE;
    UINT flags = state.ddeshare ? GMEM_DDESHARE : 0;
    if (state.moveable) {
        flags |= state.lock_count | (state.discardable ? GMEM_DISCARDABLE : 0) |
                 (state.discarded ? GMEM_DISCARDED : 0);
    }
    return flags;
}

/* ---- heaps ----------------------------------------------------------------------------------- */
#define HEAP_CREATE_FLAGS (HEAP_NO_SERIALIZE | HEAP_GROWABLE | HEAP_GENERATE_EXCEPTIONS | HEAP_CREATE_ENABLE_EXECUTE)
#define HEAP_ALLOC_FLAGS (HEAP_NO_SERIALIZE | HEAP_GENERATE_EXCEPTIONS | HEAP_ZERO_MEMORY)

/* The heap a handle names (memory_lock held), or NULL. */
static memory_heap *heap_find(HANDLE handle)
{
    if (handle == (HANDLE)&process_heap)
        return &process_heap;
    memory_heap *heap = pacm_handle_acquire((uintptr_t)handle, HANDLE_TYPE_HEAP);
    if (heap)
        pacm_handle_release((uintptr_t)handle);
    return heap;
}

/* The live block of `heap` at `address`, or NULL. */
static memory_block *heap_block(const memory_heap *heap, const void *address)
{
    memory_block *block = map_find(address);
    return block && block->kind == BLOCK_HEAP && block->heap == heap ? block : NULL;
}

HANDLE WINAPI GetProcessHeap(void)
{
    return (HANDLE)&process_heap;
}

HANDLE WINAPI HeapCreate(DWORD flOptions, SIZE_T dwInitialSize, SIZE_T dwMaximumSize)
{
    (void)dwInitialSize;
    if (flOptions & ~HEAP_CREATE_FLAGS) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    memory_heap *heap = pacm_mem_calloc(1, sizeof *heap);
    if (heap) {
        heap->maximum = dwMaximumSize;
        heap->handle = pacm_handle_create(HANDLE_TYPE_HEAP, heap, NULL);
        if (!heap->handle) {
            pacm_mem_free(heap);
            heap = NULL;
        }
    }
    if (!heap) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    return (HANDLE)heap->handle;
}

BOOL WINAPI HeapDestroy(HANDLE hHeap)
{
    pthread_mutex_lock(&memory_lock);
    memory_heap *heap = heap_find(hHeap);
    if (heap == &process_heap)
        heap = NULL;
    if (heap) {
        while (heap->blocks)
            block_destroy(heap->blocks);
        pacm_handle_close(heap->handle, HANDLE_TYPE_HEAP);
        pacm_mem_free(heap);
    }
    pthread_mutex_unlock(&memory_lock);
    if (!heap) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return TRUE;
}

/* The common start of HeapAlloc/ReAlloc/Free/Size: checks the flags against `allowed`, takes
 * memory_lock, finds the heap and, when `block` is not NULL, the heap's block at `address`.
 * Returns 0 with the lock held, or the error with the lock released. */
static DWORD heap_enter(HANDLE handle, DWORD flags, DWORD allowed, const void *address, memory_heap **heap,
                        memory_block **block)
{
    if (flags & ~allowed)
        return ERROR_INVALID_PARAMETER;
    pthread_mutex_lock(&memory_lock);
    *heap = heap_find(handle);
    DWORD error = *heap ? 0 : ERROR_INVALID_HANDLE;
    if (!error && block) {
        *block = heap_block(*heap, address);
        error = *block ? 0 : ERROR_INVALID_PARAMETER;
    }
    if (error)
        pthread_mutex_unlock(&memory_lock);
    return error;
}

LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes)
{
    memory_heap *heap;
    void *address = NULL;
    DWORD error = heap_enter(hHeap, dwFlags, HEAP_ALLOC_FLAGS, NULL, &heap, NULL);
    if (!error) {
        memory_block *block = block_create(BLOCK_HEAP, dwBytes, (dwFlags & HEAP_ZERO_MEMORY) != 0, heap);
        address = block ? block->data : NULL;
        pthread_mutex_unlock(&memory_lock);
        error = ERROR_NOT_ENOUGH_MEMORY;
    }
    if (!address)
        SetLastError(error);
    return address;
}

LPVOID WINAPI HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem, SIZE_T dwBytes)
{
    memory_heap *heap;
    memory_block *block;
    void *address = NULL;
    DWORD error = heap_enter(hHeap, dwFlags, HEAP_ALLOC_FLAGS | HEAP_REALLOC_IN_PLACE_ONLY, lpMem, &heap, &block);
    if (!error) {
        bool may_move = !(dwFlags & HEAP_REALLOC_IN_PLACE_ONLY);
        if (block_resize(block, dwBytes, may_move, (dwFlags & HEAP_ZERO_MEMORY) != 0))
            address = block->data;
        pthread_mutex_unlock(&memory_lock);
        error = ERROR_NOT_ENOUGH_MEMORY;
    }
    if (!address)
        SetLastError(error);
    return address;
}

/* HeapFree and HeapSize take no flag that changes anything; any is accepted. */
BOOL WINAPI HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem)
{
    memory_heap *heap;
    memory_block *block = NULL;
    DWORD error = heap_enter(hHeap, dwFlags, ~0u, lpMem, &heap, lpMem ? &block : NULL);
    if (error) {
        SetLastError(error);
        return FALSE;
    }
    if (block)
        block_destroy(block);
    pthread_mutex_unlock(&memory_lock);
    return TRUE;
}

SIZE_T WINAPI HeapSize(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem)
{
    memory_heap *heap;
    memory_block *block;
    DWORD error = heap_enter(hHeap, dwFlags, ~0u, lpMem, &heap, &block);
    if (error) {
        SetLastError(error);
        return (SIZE_T)-1;
    }
    SIZE_T size = block->size;
    pthread_mutex_unlock(&memory_lock);
    return size;
}

/* ---- MulDiv ---------------------------------------------------------------------------------- */
int WINAPI MulDiv(int nNumber, int nNumerator, int nDenominator)
{
    if (nDenominator == 0)
        return -1;
    /* |product| <= 2^62 and |denominator| <= 2^31: nothing below can overflow 64 bits. */
    int64_t product = (int64_t)nNumber * nNumerator;
    int64_t denominator = nDenominator;
    if (denominator < 0) {
        product = -product;
        denominator = -denominator;
    }
    int64_t half = denominator / 2;
    int64_t quotient = product >= 0 ? (product + half) / denominator : (product - half) / denominator;
    if (quotient > INT32_MAX || quotient < -INT32_MAX)
        return -1;
    return (int)quotient;
}
