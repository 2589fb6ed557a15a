/*
 * codec_simd_int.h - what the codec kernels share (src/codecs/<codec>/<codec>_kernel.c and
 * their vector engines): the decoders' error codes, which x86 vector extensions the kernels
 * may use in this process, and the dispatch tables that choose an engine.
 *
 * The kernels are plain functions over caller buffers: no globals, no allocation, no I/O,
 * nothing but <stdint.h>/<stddef.h>, so they can be benchmarked and fuzzed alone. The ACM
 * drivers wrap them (format checks, byte order, 8-bit output, buffering of partial blocks).
 * One exception: codec_simd.c remembers which vector engine to use.
 *
 * Conventions for every kernel
 *   - PCM is int16_t in native byte order, channels interleaved (frame = one sample per
 *     channel). The ACM buffers are little-endian and may be unaligned: the driver copies or
 *     converts; on little-endian hosts with aligned buffers it can pass them straight through.
 *   - A "block" is one WAVE_FORMAT_IMA_ADPCM / WAVE_FORMAT_ADPCM block (nBlockAlign bytes);
 *     a "partial block" is a final block with fewer bytes (see the decoders).
 *   - Decoders never read past `block_size` bytes nor write more than `spb` frames; every
 *     value read from the block is range-checked where it is used. Hostile input gives an
 *     error code or well-defined samples, never undefined behaviour.
 *   - Decoders return the number of frames written (>= 0) or a negative KERNEL_ERR_* code.
 */
#ifndef PORTACM_CODEC_SIMD_INT_H
#define PORTACM_CODEC_SIMD_INT_H

#include <stddef.h>
#include <stdint.h>

/* Negative results of the decoders. */
enum {
    KERNEL_ERR_ARGUMENT = -1,       /* NULL pointer, zero channels or samples per block */
    KERNEL_ERR_SHORT_BLOCK = -2,    /* fewer bytes than the block header needs */
    KERNEL_ERR_BAD_PREDICTOR = -3   /* MS ADPCM predictor index >= wNumCoef */
};

/* codec_simd.c: the widest vector extension the kernels may use in this process, detected
 * once (CPUID and XGETBV); lowered by the environment variable PORTACM_SIMD (none, sse2, avx2,
 * avx512) or by pacm_codec_simd_cap(level) (tests and benchmarks; -1 removes the cap). Every
 * engine gives the same output, so this only changes speed. */
enum { CODEC_SIMD_NONE = 0, CODEC_SIMD_SSE2 = 1, CODEC_SIMD_AVX2 = 2, CODEC_SIMD_AVX512 = 3 };
int pacm_codec_simd_level(void);
void pacm_codec_simd_cap(int level);

/* Dispatch tables. Each vectorised kernel keeps one table of engine rows, a struct whose first
 * member is `int level` (a CODEC_SIMD_* value) followed by the row's functions: the widest
 * engine first, the plain C row last and always present (tests and benchmarks call it
 * directly). An engine's row exists only where its file is built for the target (SSE2 rows
 * where the compiler targets SSE2, i.e. every x86-64; AVX rows on x86). pacm_codec_simd_pick
 * returns the index of the first row whose level pacm_codec_simd_level() allows, so the cap and
 * PORTACM_SIMD=none reach every engine, SSE2 included. Kernels look their row up once per call
 * or per stream:
 *     const g711_engine *e = CODEC_SIMD_ROW(g711_engines);
 */
size_t pacm_codec_simd_pick(const int *first_level, size_t row_size, size_t rows);
#define CODEC_SIMD_ROW(table)                                                                    \
    (&(table)[pacm_codec_simd_pick(&(table)[0].level, sizeof(table)[0], sizeof(table) / sizeof(table)[0])])

#endif /* PORTACM_CODEC_SIMD_INT_H */
