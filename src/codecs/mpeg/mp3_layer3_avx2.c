/*
 * mp3_layer3_avx2.c - the AVX2 row of the Layer III decoder's dispatch table (mp3_synth.c):
 * mp3_layer3.c compiled once more with -mavx2 (src/CMakeLists.txt; the compiler vectorises
 * the 18- and 32-wide loops 8 lanes at a time), plus the intrinsics of mp3_synth_row.h under
 * MP3_AVX2. No fused multiply-add and no reassociation: each lane computes what the plain C row
 * computes, in the same order, so both rows give the same samples bit for bit. Reached only
 * where pacm_codec_simd_level() allows AVX2.
 */
#if defined(__x86_64__) || defined(__i386__)

#include <immintrin.h>

#define MP3_ROW(name) name##_avx2
#define MP3_AVX2 1
#include "mp3_layer3.c"

#endif
