/*
 * codec_simd.c - which x86 vector extensions the kernels may use, decided once per process, and
 * the lookup that picks a kernel's engine row from its dispatch table (codec_simd_int.h).
 *
 * The kernels compiled with -mavx2 or -mavx512* (g711_avx2.c, msadpcm_avx2.c,
 * msadpcm_avx512.c) must run only where the CPU has the instructions and the operating system
 * saves the wider registers; the SSE2 engines (g711_sse2.c, msadpcm_sse2.c) need no flags on
 * x86-64, where SSE2 is the baseline, but are chosen the same way, at run time. The answer can be lowered, never raised, by the environment variable PORTACM_SIMD
 * (none, sse2, avx2, avx512; read once, at the first query) and by pacm_codec_simd_cap(), which the
 * tests and benchmarks use to run every engine on one machine: all engines give the same bytes,
 * so the choice only changes speed.
 */
#include "codec_simd_int.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

/* CPUID leaf 1 ECX has OSXSAVE and AVX, XGETBV(0) shows XMM and YMM state saved by the OS and
 * leaf 7 EBX has AVX2: AVX2. AVX-512 (F and BW, the subsets the kernels use) also needs the
 * opmask and both halves of the ZMM state in XCR0 (bits 5-7). */
static int detect_hardware(void)
{
    unsigned eax, ebx, ecx, edx, xcr0_lo, xcr0_hi;
#if defined(__SSE2__)
    int level = CODEC_SIMD_SSE2;
#else
    int level = CODEC_SIMD_NONE;
#endif
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_OSXSAVE) || !(ecx & bit_AVX))
        return level;
    /* xgetbv as an instruction: the _xgetbv intrinsic would need -mxsave for this file. */
    __asm__ __volatile__("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
    (void)xcr0_hi;
    if ((xcr0_lo & 6) != 6 || !__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) || !(ebx & bit_AVX2))
        return level;
    level = CODEC_SIMD_AVX2;
    if ((xcr0_lo & 0xE0) == 0xE0 && (ebx & bit_AVX512F) && (ebx & bit_AVX512BW))
        level = CODEC_SIMD_AVX512;
    return level;
}
#else
static int detect_hardware(void)
{
    return CODEC_SIMD_NONE;
}
#endif

static int simd_detected;
static atomic_int simd_cap = -1;
static pthread_once_t simd_once = PTHREAD_ONCE_INIT;

static void detect_once(void)
{
    int level = detect_hardware();
    const char *limit = getenv("PORTACM_SIMD");
    if (limit != NULL) {
        static const char *const names[] = {"none", "sse2", "avx2", "avx512"};
        for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
            if (strcmp(limit, names[i]) == 0 && i < level)
                level = i;
    }
    simd_detected = level;
}

int pacm_codec_simd_level(void)
{
    pthread_once(&simd_once, detect_once);
    int cap = atomic_load_explicit(&simd_cap, memory_order_relaxed);
    return cap >= 0 && cap < simd_detected ? cap : simd_detected;
}

void pacm_codec_simd_cap(int level)
{
    atomic_store_explicit(&simd_cap, level, memory_order_relaxed);
}

size_t pacm_codec_simd_pick(const int *first_level, size_t row_size, size_t rows)
{
    int level = pacm_codec_simd_level();
    const unsigned char *row = (const unsigned char *)first_level;
    for (size_t i = 0; i + 1 < rows; i++, row += row_size) {
        int row_level;
        memcpy(&row_level, row, sizeof row_level);
        if (row_level <= level)
            return i;
    }
    return rows - 1; /* the plain C row */
}
