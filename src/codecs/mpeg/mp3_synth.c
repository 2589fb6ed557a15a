/*
 * mp3_synth.c - the dispatch table of the Layer III decoder (codec_simd_int.h): the AVX2 row
 * (mp3_layer3_avx2.c) where the CPU allows it, else the plain C row (mp3_layer3.c). Both rows
 * give the same output bit for bit.
 */
#include "mp3_int.h"
#include "../codec_simd_int.h"

typedef struct mp3_row {
    int level;
    int (*decode_frame)(mp3_decoder *d, const mp3_header *h, const uint8_t *bytes, int out_channels, int16_t *pcm);
} mp3_row;

static const mp3_row rows[] = {
#if defined(__x86_64__) || defined(__i386__)
    {CODEC_SIMD_AVX2, pacm_mp3_decode_frame_avx2},
#endif
    {CODEC_SIMD_NONE, pacm_mp3_decode_frame_c},
};

int pacm_mp3_decode_frame(mp3_decoder *d, const mp3_header *h, const uint8_t *bytes, int out_channels, int16_t *pcm)
{
    return CODEC_SIMD_ROW(rows)->decode_frame(d, h, bytes, out_channels, pcm);
}
