/*
 * fuzz_util.h - what every harness shares: the libFuzzer entry point's prototype and a
 * cursor that hands out the fuzz input as small integers, so one input drives many choices
 * (formats, split sizes, flags). When the input runs out every read returns 0, which keeps
 * each harness deterministic for a given file (the replay test depends on that).
 */
#ifndef PORTACM_FUZZ_UTIL_H
#define PORTACM_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

typedef struct fuzz_cursor {
    const uint8_t *data;
    size_t size;
    size_t at;
} fuzz_cursor;

static inline fuzz_cursor fuzz_cursor_make(const uint8_t *data, size_t size)
{
    fuzz_cursor c = {data, size, 0};
    return c;
}

static inline size_t fuzz_left(const fuzz_cursor *c)
{
    return c->size - c->at;
}

static inline uint8_t fuzz_u8(fuzz_cursor *c)
{
    return c->at < c->size ? c->data[c->at++] : 0;
}

static inline uint16_t fuzz_u16(fuzz_cursor *c)
{
    uint16_t lo = fuzz_u8(c);
    return (uint16_t)(lo | (uint16_t)fuzz_u8(c) << 8);
}

static inline uint32_t fuzz_u32(fuzz_cursor *c)
{
    uint32_t lo = fuzz_u16(c);
    return lo | (uint32_t)fuzz_u16(c) << 16;
}

/* Copies up to `count` bytes (fewer at the end of the input); returns how many. */
static inline size_t fuzz_bytes(fuzz_cursor *c, void *out, size_t count)
{
    size_t n = fuzz_left(c) < count ? fuzz_left(c) : count;
    if (n)
        memcpy(out, c->data + c->at, n);
    c->at += n;
    return n;
}

#endif /* PORTACM_FUZZ_UTIL_H */
