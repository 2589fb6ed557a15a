/*
 * alloc.c - the library's one allocator. Routing every allocation through here lets the
 * fault-injection tests fail the Nth allocation of any API path and check that the library
 * reports MMSYSERR_NOMEM, leaks nothing and keeps working.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "common_int.h"

static atomic_long allocations_left = -1; /* negative: injection off */
static atomic_long allocations_made = 0;
static atomic_long allocations_failed = 0; /* allocations that returned NULL, ever */

/* Decides whether this allocation may proceed. */
static bool allocation_allowed(void)
{
    atomic_fetch_add(&allocations_made, 1);
    long left = atomic_load(&allocations_left);
    while (left >= 0) {
        if (left == 0)
            return false;
        if (atomic_compare_exchange_weak(&allocations_left, &left, left - 1))
            return true;
    }
    return true;
}

long pacm_mem_fail_after(long count)
{
    atomic_store(&allocations_left, count < 0 ? -1 : count);
    return atomic_exchange(&allocations_made, 0);
}

/* Counts an allocation that returned NULL (injected or real). */
static void *noted(void *pointer)
{
    if (!pointer)
        atomic_fetch_add(&allocations_failed, 1);
    return pointer;
}

long pacm_mem_failure_count(void)
{
    return atomic_load(&allocations_failed);
}

void *pacm_mem_alloc(size_t size)
{
    if (!allocation_allowed())
        return noted(NULL);
    return noted(malloc(size ? size : 1));
}

void *pacm_mem_calloc(size_t count, size_t size)
{
    if (!allocation_allowed())
        return noted(NULL);
    if (count == 0 || size == 0)
        count = size = 1;
    return noted(calloc(count, size));
}

void *pacm_mem_realloc(void *ptr, size_t size)
{
    if (!allocation_allowed())
        return noted(NULL);
    return noted(realloc(ptr, size ? size : 1));
}

void pacm_mem_free(void *ptr)
{
    free(ptr);
}

char *pacm_mem_strdup(const char *text)
{
    if (!text)
        return NULL;
    size_t length = strlen(text) + 1;
    char *copy = pacm_mem_alloc(length);
    if (copy)
        memcpy(copy, text, length);
    return copy;
}

bool pacm_size_mul(size_t a, size_t b, size_t *out)
{
    if (b != 0 && a > SIZE_MAX / b)
        return false;
    *out = a * b;
    return true;
}

bool pacm_size_add(size_t a, size_t b, size_t *out)
{
    if (a > SIZE_MAX - b)
        return false;
    *out = a + b;
    return true;
}
