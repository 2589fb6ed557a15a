/*
 * mp3_synth.c - the polyphase synthesis filterbank of ISO/IEC 11172-3 2.4.3.2 for one granule
 * of one channel (18 time slots of 32 subband samples).
 *
 * The standard's matrixing V[i] = sum_k cos((16 + i)(2k + 1) pi / 64) S[k] is a 32-point DCT-II
 * X[m] = sum_k cos(m (2k + 1) pi / 64) S[k] read with symmetries: V[0..15] = X[16..31], V[16] = 0,
 * V[17..47] = -X[31..1], V[48..63] = -X[0..15]. X is computed by Lee's recursion (even outputs:
 * the half-size DCT of x[n] + x[N-1-n]; odd outputs: sums of neighbours of the half-size DCT of
 * (x[n] - x[N-1-n]) / (2 cos((2n + 1) pi / 2N))), on all 18 time slots at once (each step is an
 * 18-wide loop the compiler vectorises). The windowing then reads, for output j of slot t,
 * V(t - 2i)[j] and V(t - 2i - 1)[32 + j] (i = 0..7): with V expressed through X, each output
 * is a 16-tap filter along time over two rows of X, so the history kept is 15 past slots of
 * each X row, and the filters too run over the 18 slots at once.
 */
#include <string.h>

#include "mp3_int.h"
#include "../codec_simd_int.h"

#define SLOTS 18

/* Lee's DCT-II of n rows of SLOTS lanes, in place; `tmp` holds 2 * (n - 1) * SLOTS floats. */
static void dct_lee(float (*x)[SLOTS], int n, int level, float (*tmp)[SLOTS])
{
    if (n == 1)
        return;
    const int half = n / 2;
    float(*a)[SLOTS] = tmp, (*b)[SLOTS] = tmp + half;
    const float *scale = mp3_t.dct_scale[level];
    for (int i = 0; i < half; i++) {
        const float s = scale[i];
        for (int l = 0; l < SLOTS; l++) {
            float p = x[i][l], q = x[n - 1 - i][l];
            a[i][l] = p + q;
            b[i][l] = (p - q) * s;
        }
    }
    dct_lee(a, half, level + 1, tmp + n);
    dct_lee(b, half, level + 1, tmp + n);
    for (int k = 0; k < half; k++) {
        memcpy(x[2 * k], a[k], sizeof x[0]);
        if (k + 1 < half) {
            for (int l = 0; l < SLOTS; l++)
                x[2 * k + 1][l] = b[k][l] + b[k + 1][l];
        } else {
            memcpy(x[2 * k + 1], b[k], sizeof x[0]);
        }
    }
}

void mp3_synth_granule(float v[33][64], const float sb[32][18], float out[576])
{
    float x[32][SLOTS];
    float tmp[64][SLOTS];
    memcpy(x, sb, sizeof x);
    dct_lee(x, 32, 0, tmp);
    /* V of each new slot in window order: A[j] = X[ka(j)], B[j] = X[kb(j)] (signs are in the
     * window). */
    for (int t = 0; t < SLOTS; t++) {
        float *a = v[15 + t], *b = v[15 + t] + 32;
        for (int j = 0; j < 16; j++) {
            a[j] = x[16 + j][t];
            b[j] = x[16 - j][t];
        }
        a[16] = 0;
        for (int j = 17; j < 32; j++)
            a[j] = x[48 - j][t];
        for (int j = 16; j < 32; j++)
            b[j] = x[j - 16][t];
    }
    mp3_active->window((const float(*)[64])v, out);
    memmove(v[0], v[SLOTS], 15 * sizeof v[0]);
}

/* The window of the 18 slots of a granule: for output j of slot t, the 16 taps over the V of
 * slots t, t-1, ..., t-15 (A half for even taps, B half for odd). */
static void window_c(const float v[33][64], float out[576])
{
    for (int t = 0; t < SLOTS; t++) {
        float acc[32];
        for (int j = 0; j < 32; j++)
            acc[j] = 0;
        for (int i = 0; i < 8; i++) {
            const float *a = v[15 + t - 2 * i], *b = v[15 + t - 2 * i - 1] + 32;
            const float *wa = mp3_t.synth_window[2 * i], *wb = mp3_t.synth_window[2 * i + 1];
            for (int j = 0; j < 32; j++)
                acc[j] += wa[j] * a[j] + wb[j] * b[j];
        }
        memcpy(out + 32 * t, acc, sizeof acc);
    }
}

static inline int16_t round_s16(float v)
{
    v = v > 32767.0f ? 32767.0f : v < -32768.0f ? -32768.0f : v;
    float f = v + 12582912.0f; /* 1.5 * 2^23: the FPU rounds to nearest, ties to even */
    int32_t i;
    memcpy(&i, &f, sizeof i);
    return (int16_t)(i - 0x4B400000);
}

static void store_c(const float *left, const float *right, int16_t *pcm, int out_channels)
{
    if (out_channels == 1) {
        for (int i = 0; i < 576; i++)
            pcm[i] = round_s16(left[i]);
    } else {
        for (int i = 0; i < 576; i++) {
            pcm[2 * i] = round_s16(left[i]);
            pcm[2 * i + 1] = round_s16(right[i]);
        }
    }
}

static void imdct_products_c(const float in[18], float u[24])
{
    for (int j = 0; j < 24; j++)
        u[j] = 0;
    for (int k = 0; k < 18; k++) {
        const float v = in[k];
        const float *c = mp3_t.imdct_long[k];
        for (int j = 0; j < 24; j++)
            u[j] += v * c[j];
    }
}

/* The dispatch table: widest first, plain C last (codec_simd_int.h). */
static const mp3_engine engines[] = {
#if defined(__x86_64__) || defined(__i386__)
    {CODEC_SIMD_AVX2, mp3_window_avx2, mp3_store_avx2, mp3_imdct_products_avx2},
#endif
    {CODEC_SIMD_NONE, window_c, store_c, imdct_products_c},
};

const mp3_engine *mp3_active = &engines[sizeof engines / sizeof engines[0] - 1];

void mp3_pick_engine(void)
{
    mp3_active = CODEC_SIMD_ROW(engines);
}

void mp3_synth_store(const float *left, const float *right, int16_t *pcm, int out_channels)
{
    mp3_active->store(left, right, pcm, out_channels);
}
