/*
 * test_win32_memory.c - the kernel32 memory functions (issue 13 item 4) and the compiler
 * dialect of windows.h (item 3): LocalAlloc/GlobalAlloc fixed and moveable blocks, lock
 * counts, ReAlloc in place and moving, ZEROINIT, MODIFY, discarding, Flags and Handle; heaps;
 * the windowsx.h Global*Ptr and _fmem* macros; the Rtl*Memory macros; MulDiv's rounding and
 * overflow; forged, stale and interior handles; and allocation failure at every step (the
 * call fails with ERROR_NOT_ENOUGH_MEMORY, leaves the block as it was, leaks nothing); and
 * threads using blocks and a heap at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <string.h>

#include "common_int.h"
#include "windows.h"
#include "windowsx.h"

static bool all_bytes(const void *memory, size_t size, unsigned char value)
{
    const unsigned char *byte = memory;
    for (size_t i = 0; i < size; i++) {
        if (byte[i] != value)
            return false;
    }
    return true;
}

/* Handle-shaped and pointer-shaped values that no call may accept. */
static void *forged_values(size_t i)
{
    static unsigned char not_a_block[32];
    static void *const values[] = {(void *)(uintptr_t)1,          (void *)(uintptr_t)0x19,
                                   (void *)(uintptr_t)0xFFFFFFFF9, INVALID_HANDLE_VALUE,
                                   not_a_block,                     not_a_block + 8};
    return i < sizeof values / sizeof values[0] ? values[i] : NULL;
}

/* ---- fixed blocks ------------------------------------------------------------------------ */
static void fixed_blocks(void **state)
{
    (void)state;
    unsigned char *block = LocalAlloc(LPTR, 100);
    assert_non_null(block);
    assert_true(all_bytes(block, 100, 0));
    assert_int_equal(LocalSize(block), 100);
    assert_int_equal(LocalFlags(block), 0);
    /* Lock gives the address itself; a fixed block has no lock count to undo. */
    assert_ptr_equal(LocalLock(block), block);
    assert_int_equal(LocalFlags(block), 0);
    SetLastError(0);
    assert_false(LocalUnlock(block));
    assert_int_equal(GetLastError(), ERROR_NOT_LOCKED);
    assert_ptr_equal(LocalHandle(block), block);
    assert_ptr_equal(LocalHandle(block + 1), NULL);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);

    /* Without LMEM_MOVEABLE a fixed block only shrinks and grows back in place. */
    memset(block, 0xAB, 100);
    assert_ptr_equal(LocalReAlloc(block, 40, 0), block);
    assert_int_equal(LocalSize(block), 40);
    assert_ptr_equal(LocalReAlloc(block, 100, LMEM_ZEROINIT), block);
    assert_true(all_bytes(block, 40, 0xAB));
    assert_true(all_bytes(block + 40, 60, 0));
    SetLastError(0);
    assert_null(LocalReAlloc(block, 1000, 0));
    assert_int_equal(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
    assert_int_equal(LocalSize(block), 100); /* unchanged by the failure */

    /* With it, the block may move and keeps its contents; the grown part is zeroed on request. */
    unsigned char *moved = LocalReAlloc(block, 100000, LMEM_MOVEABLE | LMEM_ZEROINIT);
    assert_non_null(moved);
    assert_int_equal(LocalSize(moved), 100000);
    assert_true(all_bytes(moved, 40, 0xAB));
    assert_true(all_bytes(moved + 100, 100000 - 100, 0));
    assert_int_equal(LocalFlags(moved), 0); /* still fixed */
    /* LMEM_MODIFY leaves a fixed block fixed and where it is. */
    assert_ptr_equal(LocalReAlloc(moved, 5, LMEM_MODIFY | LMEM_MOVEABLE), moved);
    assert_int_equal(LocalSize(moved), 100000);
    assert_null(LocalFree(moved));
    /* Freed: every call now refuses it. */
    SetLastError(0);
    assert_int_equal(LocalSize(moved), 0);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);

    /* Zero bytes: still a block with an address of its own. */
    void *empty = LocalAlloc(LMEM_FIXED, 0);
    void *other = LocalAlloc(NONZEROLPTR, 0);
    assert_non_null(empty);
    assert_non_null(other);
    assert_ptr_not_equal(empty, other);
    assert_int_equal(LocalSize(empty), 0);
    assert_null(LocalFree(empty));
    assert_null(LocalFree(other));
    assert_null(LocalFree(NULL));
}

/* ---- moveable blocks ------------------------------------------------------------------------ */
static void moveable_lock_counts(void **state)
{
    (void)state;
    HLOCAL handle = LocalAlloc(LHND, 64);
    assert_non_null(handle);
    assert_int_equal(LocalFlags(handle), 0);
    assert_int_equal(LocalSize(handle), 64);
    unsigned char *address = LocalLock(handle);
    assert_non_null(address);
    assert_ptr_not_equal(address, handle); /* a handle, not an address */
    assert_true(all_bytes(address, 64, 0));
    assert_int_equal(LocalFlags(handle) & LMEM_LOCKCOUNT, 1);
    assert_ptr_equal(LocalLock(handle), address);
    assert_int_equal(LocalFlags(handle) & LMEM_LOCKCOUNT, 2);
    assert_ptr_equal(LocalHandle(address), handle);
    assert_ptr_equal(LocalHandle(handle), handle);

    assert_true(LocalUnlock(handle)); /* still locked once */
    SetLastError(12345);
    assert_false(LocalUnlock(handle)); /* now unlocked: FALSE with NO_ERROR */
    assert_int_equal(GetLastError(), NO_ERROR);
    assert_false(LocalUnlock(handle));
    assert_int_equal(GetLastError(), ERROR_NOT_LOCKED);

    /* The count stops at 255 (LMEM_LOCKCOUNT), as on Windows. */
    for (int i = 0; i < 300; i++)
        assert_ptr_equal(LocalLock(handle), address);
    assert_int_equal(LocalFlags(handle), LMEM_LOCKCOUNT);
    for (int i = 0; i < 254; i++)
        assert_true(LocalUnlock(handle));
    assert_false(LocalUnlock(handle));
    assert_int_equal(LocalFlags(handle), 0);

    /* The data address is not the block's name: freeing it is refused. */
    SetLastError(0);
    assert_ptr_equal(LocalFree(address), address);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    /* A locked block may be freed; its handle is dead afterwards. */
    assert_non_null(LocalLock(handle));
    assert_null(LocalFree(handle));
    SetLastError(0);
    assert_null(LocalLock(handle));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_int_equal(LocalFlags(handle), LMEM_INVALID_HANDLE);
    assert_ptr_equal(LocalFree(handle), handle);
}

static void moveable_realloc(void **state)
{
    (void)state;
    HLOCAL handle = LocalAlloc(LMEM_MOVEABLE, 16);
    assert_non_null(handle);
    unsigned char *address = LocalLock(handle);
    memset(address, 0x5A, 16);
    /* Locked, without LMEM_MOVEABLE: in place only. */
    SetLastError(0);
    assert_null(LocalReAlloc(handle, 1 << 20, 0));
    assert_int_equal(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
    assert_ptr_equal(LocalReAlloc(handle, 8, 0), handle);
    assert_ptr_equal(LocalLock(handle), address);
    assert_int_equal(LocalSize(handle), 8);
    assert_true(LocalUnlock(handle));
    assert_false(LocalUnlock(handle));
    /* Unlocked: the block may move and the handle stays. */
    assert_ptr_equal(LocalReAlloc(handle, 1 << 20, LMEM_ZEROINIT), handle);
    assert_int_equal(LocalSize(handle), 1 << 20);
    address = LocalLock(handle);
    assert_true(all_bytes(address, 8, 0x5A));
    assert_true(all_bytes(address + 8, (1 << 20) - 8, 0));
    assert_ptr_equal(LocalHandle(address), handle);
    /* A locked block cannot be discarded. */
    SetLastError(0);
    assert_null(LocalReAlloc(handle, 0, LMEM_MOVEABLE));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_false(LocalUnlock(handle));
    assert_null(LocalFree(handle));
}

static void discarding_and_modify(void **state)
{
    (void)state;
    /* A moveable block of 0 bytes is born discarded. */
    HLOCAL handle = LocalAlloc(LMEM_MOVEABLE, 0);
    assert_non_null(handle);
    assert_int_equal(LocalFlags(handle), LMEM_DISCARDED);
    SetLastError(0);
    assert_null(LocalLock(handle));
    assert_int_equal(GetLastError(), ERROR_DISCARDED);
    /* Given a size, it lives again. */
    assert_ptr_equal(LocalReAlloc(handle, 32, LMEM_MOVEABLE | LMEM_ZEROINIT), handle);
    assert_int_equal(LocalFlags(handle), 0);
    assert_true(all_bytes(LocalLock(handle), 32, 0));
    assert_false(LocalUnlock(handle));

    /* LMEM_MODIFY: the size is ignored, LMEM_DISCARDABLE is set. */
    assert_ptr_equal(LocalReAlloc(handle, 1, LMEM_MODIFY | LMEM_DISCARDABLE), handle);
    assert_int_equal(LocalSize(handle), 32);
    assert_int_equal(LocalFlags(handle), LMEM_DISCARDABLE);
    /* LocalDiscard empties it; the handle survives. */
    assert_ptr_equal(LocalDiscard(handle), handle);
    assert_int_equal(LocalFlags(handle), LMEM_DISCARDABLE | LMEM_DISCARDED);
    assert_int_equal(LocalSize(handle), 0);
    assert_null(LocalFree(handle));

    HLOCAL discardable = LocalAlloc(LMEM_MOVEABLE | LMEM_DISCARDABLE, 8);
    assert_int_equal(LocalFlags(discardable), LMEM_DISCARDABLE);
    assert_null(LocalFree(discardable));
}

static void bad_flags(void **state)
{
    (void)state;
    SetLastError(0);
    assert_null(LocalAlloc(LMEM_MODIFY, 8));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_null(LocalAlloc(0x10000, 8));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_null(GlobalAlloc(0x8000, 8));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    void *block = LocalAlloc(LPTR, 8);
    SetLastError(0);
    assert_null(LocalReAlloc(block, 8, 0x10000));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_null(GlobalReAlloc(block, 8, 0x8000));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    /* Accepted and meaningless here. */
    assert_ptr_equal(LocalReAlloc(block, 8, LMEM_NOCOMPACT | LMEM_NODISCARD), block);
    assert_null(LocalFree(block));
    /* Sizes no allocator can give fail cleanly. */
    SetLastError(0);
    assert_null(LocalAlloc(LMEM_FIXED, (SIZE_T)-1));
    assert_int_equal(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
    assert_null(GlobalAlloc(GMEM_MOVEABLE, (SIZE_T)-1 / 2 + 1));
    assert_int_equal(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
}

/* Every Local/Global call given something that is not a live block. */
static void forged_handles(void **state)
{
    (void)state;
    unsigned char *heap_block = HeapAlloc(GetProcessHeap(), 0, 16);
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE heap = HeapCreate(0, 0, 0);
    void *extra[] = {heap_block, heap_block + 1, event, heap};
    for (size_t i = 0; i < 6 + sizeof extra / sizeof extra[0]; i++) {
        void *value = i < 6 ? forged_values(i) : extra[i - 6];
        SetLastError(0);
        assert_null(LocalLock(value));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        assert_null(GlobalLock(value));
        assert_false(LocalUnlock(value));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        assert_false(GlobalUnlock(value));
        assert_int_equal(LocalSize(value), 0);
        assert_int_equal(GlobalSize(value), 0);
        assert_int_equal(LocalFlags(value), LMEM_INVALID_HANDLE);
        assert_int_equal(GlobalFlags(value), GMEM_INVALID_HANDLE);
        assert_null(LocalReAlloc(value, 8, LMEM_MOVEABLE));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        assert_null(GlobalReAlloc(value, 8, GMEM_MOVEABLE));
        assert_ptr_equal(LocalFree(value), value);
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        assert_ptr_equal(GlobalFree(value), value);
        SetLastError(0);
        assert_null(GlobalHandle(value));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    }
    /* NULL: Lock and Free are quiet about it; the rest call it invalid. */
    SetLastError(77);
    assert_null(LocalLock(NULL));
    assert_null(GlobalFree(NULL));
    assert_int_equal(GetLastError(), 77);
    assert_int_equal(GlobalFlags(NULL), GMEM_INVALID_HANDLE);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    /* A stale handle: freed, then its slot reused by a new block. */
    HGLOBAL stale = GlobalAlloc(GMEM_MOVEABLE, 8);
    assert_null(GlobalFree(stale));
    HGLOBAL fresh = GlobalAlloc(GMEM_MOVEABLE, 8);
    assert_ptr_not_equal(stale, fresh);
    assert_null(GlobalLock(stale));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_null(GlobalFree(fresh));
    assert_true(HeapFree(GetProcessHeap(), 0, heap_block));
    assert_true(CloseHandle(event));
    assert_true(HeapDestroy(heap));
}

/* ---- Global and windowsx.h ------------------------------------------------------------------- */
static void global_blocks(void **state)
{
    (void)state;
    char *fixed = GlobalAlloc(GPTR, 10);
    assert_true(all_bytes(fixed, 10, 0));
    assert_int_equal(GlobalFlags(fixed), 0);
    assert_int_equal(GlobalSize(fixed), 10);
    assert_ptr_equal(GlobalHandle(fixed), fixed);
    /* One allocator under two names: a Local function takes a Global block. */
    assert_int_equal(LocalSize(fixed), 10);
    assert_null(LocalFree(fixed));

    HGLOBAL handle = GlobalAlloc(GHND | GMEM_DDESHARE | GMEM_DISCARDABLE | GMEM_NOT_BANKED | GMEM_NOTIFY, 24);
    assert_non_null(handle);
    assert_int_equal(GlobalFlags(handle), GMEM_DDESHARE | GMEM_DISCARDABLE);
    assert_int_equal(LocalFlags(handle), LMEM_DISCARDABLE);
    void *address = GlobalLock(handle);
    assert_true(all_bytes(address, 24, 0));
    assert_int_equal(GlobalFlags(handle), GMEM_DDESHARE | GMEM_DISCARDABLE | 1);
    assert_ptr_equal(GlobalHandle(address), handle);
    assert_false(GlobalUnlock(handle));
    assert_ptr_equal(GlobalDiscard(handle), handle);
    assert_int_equal(GlobalFlags(handle), GMEM_DDESHARE | GMEM_DISCARDABLE | GMEM_DISCARDED);
    assert_ptr_equal(GlobalReAlloc(handle, 4, GMEM_MOVEABLE), handle);
    assert_int_equal(GlobalSize(handle), 4);
    assert_ptr_equal(GlobalReAlloc(handle, 0, GMEM_MODIFY | GMEM_DISCARDABLE), handle);
    assert_null(GlobalFree(handle));

    HGLOBAL plain = GlobalAlloc(GMEM_MOVEABLE, 4);
    assert_int_equal(GlobalFlags(plain), 0);
    assert_ptr_equal(GlobalReAlloc(plain, 0, GMEM_MODIFY | GMEM_DISCARDABLE), plain);
    assert_int_equal(GlobalFlags(plain), GMEM_DISCARDABLE);
    assert_null(GlobalFree(plain));
}

static void windowsx_macros(void **state)
{
    (void)state;
    char *text = GlobalAllocPtr(GMEM_MOVEABLE | GMEM_ZEROINIT, 16);
    assert_non_null(text);
    HGLOBAL handle = GlobalPtrHandle(text);
    assert_non_null(handle);
    assert_ptr_not_equal(handle, text);
    assert_int_equal(GlobalFlags(handle) & GMEM_LOCKCOUNT, 1);
    assert_true(GlobalLockPtr(text));
    assert_int_equal(GlobalFlags(handle) & GMEM_LOCKCOUNT, 2);
    assert_true(GlobalUnlockPtr(text));

    _fmemcpy(text, "portacm", 8);
    assert_int_equal(_fstrlen(text), 7);
    assert_int_equal(_fmemcmp(text, "port", 4), 0);
    _fmemmove(text + 1, text, 4);
    assert_int_equal(_fstrncmp(text, "pportcm", 7), 0);
    _fmemset(text, 'x', 2);
    assert_ptr_equal(_fstrchr(text, 'r'), text + 3);
    assert_ptr_equal(_fstrstr(text, "cm"), text + 5);
    hmemcpy(text, "ab", 3);
    assert_int_equal(_fstrcmp(text, "ab"), 0);

    char *bigger = GlobalReAllocPtr(text, 4096, GMEM_MOVEABLE | GMEM_ZEROINIT);
    assert_non_null(bigger);
    assert_int_equal(_fstrcmp(bigger, "ab"), 0);
    assert_true(all_bytes(bigger + 16, 4096 - 16, 0));
    assert_ptr_equal(GlobalPtrHandle(bigger), handle);
    assert_int_equal(GlobalFlags(handle) & GMEM_LOCKCOUNT, 1);
    assert_false(GlobalFreePtr(bigger)); /* FALSE (GlobalFree's NULL) is success */
    assert_int_equal(GlobalFlags(handle), GMEM_INVALID_HANDLE);

    /* A failed GlobalAllocPtr keeps GlobalAlloc's error. */
    SetLastError(0);
    assert_null(GlobalAllocPtr(GMEM_MOVEABLE, (SIZE_T)-1));
    assert_int_equal(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);

    assert_int_equal(GET_X_LPARAM(MAKELPARAM(-5, 7)), -5);
    assert_int_equal(GET_Y_LPARAM(MAKELPARAM(-5, -7)), -7);
    assert_int_equal(GET_WM_COMMAND_ID(MAKEWPARAM(101, 3), 0), 101);
    assert_int_equal(GET_WM_COMMAND_CMD(MAKEWPARAM(101, 3), 0), 3);
}

/* ---- heaps ---------------------------------------------------------------------------------- */
static void heaps(void **state)
{
    (void)state;
    HANDLE process = GetProcessHeap();
    assert_non_null(process);
    assert_ptr_equal(GetProcessHeap(), process);
    unsigned char *block = HeapAlloc(process, HEAP_ZERO_MEMORY, 50);
    assert_true(all_bytes(block, 50, 0));
    assert_int_equal(HeapSize(process, 0, block), 50);
    memset(block, 7, 50);
    /* In place only: shrink, grow back, but no further. */
    assert_ptr_equal(HeapReAlloc(process, HEAP_REALLOC_IN_PLACE_ONLY, block, 10), block);
    assert_ptr_equal(HeapReAlloc(process, HEAP_REALLOC_IN_PLACE_ONLY | HEAP_ZERO_MEMORY, block, 50), block);
    assert_true(all_bytes(block, 10, 7));
    assert_true(all_bytes(block + 10, 40, 0));
    SetLastError(0);
    assert_null(HeapReAlloc(process, HEAP_REALLOC_IN_PLACE_ONLY, block, 1 << 20));
    assert_int_equal(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
    unsigned char *moved = HeapReAlloc(process, HEAP_ZERO_MEMORY, block, 1 << 20);
    assert_non_null(moved);
    assert_true(all_bytes(moved, 10, 7));
    assert_true(all_bytes(moved + 50, (1 << 20) - 50, 0));
    assert_int_equal(HeapSize(process, 0, moved), 1 << 20);
    /* A heap block is not a Local block, and the process heap cannot be destroyed. */
    assert_int_equal(LocalFlags(moved), LMEM_INVALID_HANDLE);
    assert_false(HeapDestroy(process));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_true(HeapFree(process, 0, moved));
    assert_true(HeapFree(process, 0, NULL));
    SetLastError(0);
    assert_false(HeapFree(process, 0, moved));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);

    /* A private heap with a maximum: its blocks together may not pass it. */
    HANDLE heap = HeapCreate(HEAP_NO_SERIALIZE | HEAP_GENERATE_EXCEPTIONS, 4096, 1000);
    assert_non_null(heap);
    void *first = HeapAlloc(heap, HEAP_GENERATE_EXCEPTIONS, 600);
    assert_non_null(first);
    SetLastError(0);
    assert_null(HeapAlloc(heap, 0, 600)); /* no exception: NULL */
    assert_int_equal(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
    assert_null(HeapReAlloc(heap, 0, first, 1001));
    void *second = HeapAlloc(heap, 0, 400);
    assert_non_null(second);
    /* A block of one heap is refused by another. */
    assert_int_equal(HeapSize(process, 0, second), (SIZE_T)-1);
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_false(HeapFree(process, 0, second));
    assert_null(HeapReAlloc(process, 0, second, 8));
    assert_true(HeapFree(heap, 0, first));
    void *third = HeapAlloc(heap, 0, 0); /* zero bytes: an address of its own */
    assert_non_null(third);
    assert_ptr_not_equal(third, second);
    assert_int_equal(HeapSize(heap, 0, third), 0);
    /* Destroying the heap frees what is left in it (LeakSanitizer checks). */
    assert_true(HeapDestroy(heap));
    assert_null(HeapAlloc(heap, 0, 8));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_false(HeapDestroy(heap));
}

static void heap_bad_arguments(void **state)
{
    (void)state;
    SetLastError(0);
    assert_null(HeapCreate(HEAP_ZERO_MEMORY, 0, 0));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    HANDLE process = GetProcessHeap();
    assert_null(HeapAlloc(process, HEAP_REALLOC_IN_PLACE_ONLY, 8));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    void *block = HeapAlloc(process, 0, 8);
    assert_null(HeapReAlloc(process, 0x100, block, 16));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_null(HeapReAlloc(process, 0, NULL, 16));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_null(HeapAlloc(process, 0, (SIZE_T)-1));
    assert_int_equal(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
    HLOCAL local = LocalAlloc(LMEM_FIXED, 8);
    assert_int_equal(HeapSize(process, 0, local), (SIZE_T)-1); /* a Local block is not a heap block */
    assert_null(LocalFree(local));
    for (size_t i = 0; forged_values(i); i++) {
        SetLastError(0);
        assert_null(HeapAlloc(forged_values(i), 0, 8));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        assert_null(HeapReAlloc(forged_values(i), 0, block, 8));
        assert_false(HeapFree(forged_values(i), 0, block));
        assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
        assert_int_equal(HeapSize(forged_values(i), 0, block), (SIZE_T)-1);
        assert_false(HeapDestroy(forged_values(i)));
        assert_int_equal(HeapSize(process, 0, forged_values(i)), (SIZE_T)-1);
    }
    assert_true(HeapFree(process, 0, block));
}

/* ---- allocation failure --------------------------------------------------------------------- */
/* Runs `path` with the Nth allocation failing, for N = 0, 1, ... until it succeeds; each failure
 * must be ERROR_NOT_ENOUGH_MEMORY. */
static void every_failure(bool (*path)(void))
{
    for (long n = 0;; n++) {
        pacm_mem_fail_after(n);
        SetLastError(0);
        bool done = path();
        pacm_mem_fail_after(-1);
        if (done) {
            assert_true(n > 0); /* the path allocates, so the injection reached it */
            return;
        }
        assert_int_equal(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
        assert_true(n < 1000);
    }
}

static HLOCAL kept_fixed;
static HLOCAL kept_moveable;
static HANDLE kept_heap;

static bool alloc_many(void)
{
    HLOCAL blocks[100] = {0};
    bool done = true;
    for (size_t i = 0; i < 100 && done; i++) {
        blocks[i] = LocalAlloc(i % 2 ? LHND : LPTR, i);
        done = blocks[i] != NULL;
    }
    for (size_t i = 0; i < 100; i++) {
        if (blocks[i])
            assert_null(LocalFree(blocks[i]));
    }
    return done;
}

/* A failed ReAlloc leaves the block exactly as it was. */
static bool realloc_paths(void)
{
    HLOCAL fixed = LocalReAlloc(kept_fixed, 1 << 16, LMEM_MOVEABLE | LMEM_ZEROINIT);
    if (!fixed) {
        assert_int_equal(LocalSize(kept_fixed), 32);
        assert_true(all_bytes(kept_fixed, 32, 0xC3));
        return false;
    }
    kept_fixed = fixed;
    if (!LocalReAlloc(kept_moveable, 1 << 16, 0)) {
        DWORD error = GetLastError();
        assert_int_equal(LocalSize(kept_moveable), 32);
        assert_true(all_bytes(LocalLock(kept_moveable), 32, 0xC3));
        assert_false(LocalUnlock(kept_moveable)); /* sets NO_ERROR */
        SetLastError(error);
        return false;
    }
    return true;
}

static bool revive_discarded(void)
{
    if (!GlobalReAlloc(kept_moveable, 64, GMEM_MOVEABLE)) {
        assert_int_equal(GlobalFlags(kept_moveable), GMEM_DISCARDED);
        return false;
    }
    return true;
}

static bool heap_paths(void)
{
    HANDLE heap = HeapCreate(0, 0, 0);
    if (!heap)
        return false;
    void *block = HeapAlloc(heap, 0, 100);
    void *moved = block ? HeapReAlloc(heap, 0, block, 1 << 16) : NULL;
    if (block && !moved)
        assert_int_equal(HeapSize(heap, 0, block), 100);
    DWORD error = GetLastError();
    assert_true(HeapDestroy(heap));
    SetLastError(error);
    return moved != NULL;
}

static bool process_heap_paths(void)
{
    void *block = HeapAlloc(kept_heap, HEAP_ZERO_MEMORY, 10);
    if (!block)
        return false;
    assert_true(HeapFree(kept_heap, 0, block));
    return true;
}

static void allocation_failures(void **state)
{
    (void)state;
    every_failure(alloc_many);

    kept_fixed = LocalAlloc(LMEM_FIXED, 32);
    memset(kept_fixed, 0xC3, 32);
    kept_moveable = LocalAlloc(LMEM_MOVEABLE, 32);
    memset(LocalLock(kept_moveable), 0xC3, 32);
    assert_false(LocalUnlock(kept_moveable));
    every_failure(realloc_paths);
    assert_int_equal(LocalSize(kept_fixed), 1 << 16);
    assert_int_equal(LocalSize(kept_moveable), 1 << 16);
    assert_ptr_equal(LocalDiscard(kept_moveable), kept_moveable);
    every_failure(revive_discarded);
    assert_int_equal(GlobalSize(kept_moveable), 64);
    assert_null(LocalFree(kept_fixed));
    assert_null(LocalFree(kept_moveable));

    every_failure(heap_paths);
    kept_heap = GetProcessHeap();
    every_failure(process_heap_paths);
}

/* ---- the compiler dialect and the memory macros ------------------------------------------- */
typedef struct dialect_record {
    BYTE tag;
    DWORD UNALIGNED value;
    WORD words[3];
} dialect_record;

static int __stdcall stdcall_function(int a)
{
    return a + 1;
}
static int _stdcall stdcall_function2(int a)
{
    return a + 2;
}
static int __cdecl cdecl_function(int a)
{
    return a + 3;
}
static int _cdecl cdecl_function2(int a)
{
    return a + 4;
}
static int __fastcall fastcall_function(int a)
{
    return a + 5;
}

static void compiler_dialect(void **state)
{
    (void)state;
    int FAR *far_pointer = NULL;
    int NEAR *near_pointer = far_pointer;
    assert_null(near_pointer);
    assert_int_equal(stdcall_function(0) + stdcall_function2(0) + cdecl_function(0) + cdecl_function2(0) +
                         fastcall_function(0),
                     15);
    assert_int_equal(FIELD_OFFSET(dialect_record, value), offsetof(dialect_record, value));
    assert_int_equal(FIELD_OFFSET(dialect_record, words[2]), offsetof(dialect_record, words) + 4);
    assert_int_equal(sizeof FIELD_OFFSET(dialect_record, tag), sizeof(LONG));
    assert_int_equal(max(3, 9), 9);
    assert_int_equal(min(-3, 9), -3);
    assert_true(max(2.5, 1.0) == 2.5);
    /* Operands are cut to 32 bits first, then multiplied in 64. */
    assert_true(Int32x32To64(0x7FFFFFFF, 0x7FFFFFFF) == 0x3FFFFFFF00000001LL);
    assert_true(Int32x32To64(-2, 0x40000000) == -0x80000000LL);
    assert_true(Int32x32To64(0x100000002LL, 3) == 6);
    assert_true(UInt32x32To64(0xFFFFFFFFu, 0xFFFFFFFFu) == 0xFFFFFFFE00000001ULL);
    assert_true(UInt32x32To64(-1, 2) == 0x1FFFFFFFEULL);
    assert_int_equal(MAKELONG(0x1234, 0xABCD), (LONG)0xABCD1234);
    assert_int_equal(LOWORD(0xABCD1234), 0x1234);
    assert_int_equal(HIWORD(0xABCD1234), 0xABCD);
    assert_int_equal(MAKEWORD(0x12, 0x34), 0x3412);
    assert_int_equal(LOBYTE(0x3412), 0x12);
    assert_int_equal(HIBYTE(0x3412), 0x34);
    /* Resource IDs where names are expected. */
    assert_true(IS_INTRESOURCE(MAKEINTRESOURCEA(101)));
    assert_true(IS_INTRESOURCE(MAKEINTRESOURCEW(0xFFFF)));
    assert_int_equal((ULONG_PTR)MAKEINTRESOURCEA(0x10065), 0x65); /* a WORD */
    LPSTR name = MAKEINTRESOURCE(7); /* the ANSI form here: UNICODE is not defined */
    assert_int_equal((ULONG_PTR)name, 7);
    assert_false(IS_INTRESOURCE("a string"));
}

static void memory_macros(void **state)
{
    (void)state;
    unsigned char buffer[16];
    FillMemory(buffer, sizeof buffer, 0xEE);
    assert_true(all_bytes(buffer, 16, 0xEE));
    ZeroMemory(buffer, 8);
    assert_true(all_bytes(buffer, 8, 0));
    assert_true(all_bytes(buffer + 8, 8, 0xEE));
    CopyMemory(buffer, "abcdefgh", 8);
    MoveMemory(buffer + 2, buffer, 6); /* overlapping */
    assert_memory_equal(buffer, "ababcdef", 8);
    assert_true(EqualMemory(buffer, "abab", 4));
    assert_false(EqualMemory(buffer, "abac", 4));
    SecureZeroMemory(buffer, sizeof buffer);
    assert_true(all_bytes(buffer, 16, 0));
}

static void muldiv(void **state)
{
    (void)state;
    assert_int_equal(MulDiv(10, 20, 5), 40);
    /* Rounded to nearest, halves away from zero. */
    assert_int_equal(MulDiv(5, 1, 2), 3);
    assert_int_equal(MulDiv(-5, 1, 2), -3);
    assert_int_equal(MulDiv(5, -1, 2), -3);
    assert_int_equal(MulDiv(5, 1, -2), -3);
    assert_int_equal(MulDiv(-5, -1, -2), -3);
    assert_int_equal(MulDiv(-5, -1, 2), 3);
    assert_int_equal(MulDiv(1, 1, 3), 0);
    assert_int_equal(MulDiv(2, 1, 3), 1);
    assert_int_equal(MulDiv(-2, 1, 3), -1);
    assert_int_equal(MulDiv(7, 1, 4), 2); /* 1.75 */
    assert_int_equal(MulDiv(0, -5, 3), 0);
    /* The 64-bit intermediate product. */
    assert_int_equal(MulDiv(0x40000000, 0x40000000, 0x40000000), 0x40000000);
    assert_int_equal(MulDiv(44100, 1000000, 48000), 918750);
    assert_int_equal(MulDiv(INT32_MIN, INT32_MIN, INT32_MIN), -1); /* -2^31: out of range */
    assert_int_equal(MulDiv(INT32_MIN + 1, 1, 1), -2147483647);
    assert_int_equal(MulDiv(INT32_MAX, 1, 1), INT32_MAX);
    assert_int_equal(MulDiv(INT32_MAX, 2, 1), -1); /* overflow */
    assert_int_equal(MulDiv(INT32_MAX, INT32_MAX, INT32_MIN), -2147483646); /* -(2^31-1)^2/2^31, rounded */
    assert_int_equal(MulDiv(1, 2, 0), -1); /* division by zero */
    assert_int_equal(MulDiv(0, 0, 0), -1);
}

/* ---- threads ------------------------------------------------------------------------------ */
/* Threads allocating, locking, resizing and freeing at once, in Local blocks and one shared
 * heap: each checks its own bytes survive the others (the memory lock serialises the records). */
static HANDLE shared_heap;

static void *memory_worker(void *argument)
{
    unsigned char mark = (unsigned char)(uintptr_t)argument;
    for (int i = 0; i < 2000; i++) {
        HLOCAL handle = LocalAlloc(i % 2 ? LHND : LPTR, 16 + (size_t)i % 64);
        unsigned char *address = LocalLock(handle);
        memset(address, mark, 16);
        LocalUnlock(handle);
        HLOCAL resized = LocalReAlloc(handle, 256, LMEM_MOVEABLE);
        if (!resized || !all_bytes(LocalLock(resized), 16, mark))
            return (void *)1;
        LocalUnlock(resized);
        unsigned char *block = HeapAlloc(shared_heap, 0, 32);
        memset(block, mark, 32);
        block = HeapReAlloc(shared_heap, 0, block, 512);
        bool intact = block && all_bytes(block, 32, mark);
        if (!intact || !HeapFree(shared_heap, 0, block) || LocalFree(resized))
            return (void *)1;
    }
    return NULL;
}

static void concurrent_use(void **state)
{
    (void)state;
    shared_heap = HeapCreate(0, 0, 0);
    pthread_t threads[4];
    for (uintptr_t i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, memory_worker, (void *)(i + 1)), 0);
    for (int i = 0; i < 4; i++) {
        void *failed = (void *)1;
        pthread_join(threads[i], &failed);
        assert_null(failed);
    }
    assert_true(HeapDestroy(shared_heap));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixed_blocks),        cmocka_unit_test(moveable_lock_counts),
        cmocka_unit_test(moveable_realloc),    cmocka_unit_test(discarding_and_modify),
        cmocka_unit_test(bad_flags),           cmocka_unit_test(forged_handles),
        cmocka_unit_test(global_blocks),       cmocka_unit_test(windowsx_macros),
        cmocka_unit_test(heaps),               cmocka_unit_test(heap_bad_arguments),
        cmocka_unit_test(allocation_failures), cmocka_unit_test(compiler_dialect),
        cmocka_unit_test(memory_macros),       cmocka_unit_test(muldiv),
        cmocka_unit_test(concurrent_use),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
