/*
 * mp3_synth_row.h - the polyphase synthesis filterbank of ISO/IEC 11172-3 2.4.3.2 for one granule
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
/* Included by mp3_layer3.c once per row of the dispatch table (plain C; AVX2 with MP3_AVX2,
 * where the window, the rounding and the IMDCT products are written with intrinsics that
 * compute exactly what the C loops compute, in the same order, without fused multiply-add). */
#define SLOTS 18

/* Lee's DCT-II of n rows of SLOTS lanes, in place; `tmp` holds 2 * (n - 1) * SLOTS floats. */
static void dct_lee(float (*x)[SLOTS], int n, int level, float (*tmp)[SLOTS])
{
    if (n == 1)
        return;
    const int half = n / 2;
    float(*a)[SLOTS] = tmp, (*b)[SLOTS] = tmp + half;
    const float *scale = pacm_mp3_t.dct_scale[level];
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

static void synth_window(const float v[33][64], float out[576]);
static void synth_fill_v(float v[33][64], const float x[32][SLOTS]);

/* The rows of X that V of a slot takes, in window order: A[j] = X[ka(j)] (j < 32; A[16] = 0),
 * B[j] = X[kb(j)] (entries 32..63); the signs are in the window. */
static inline const float *v_row(const float x[32][SLOTS], const float *zero, int e)
{
    if (e < 32)
        return e < 16 ? x[16 + e] : e == 16 ? zero : x[48 - e];
    e -= 32;
    return e < 16 ? x[16 - e] : x[e - 16];
}

/* `sb` is scratch: the DCT runs in place. */
static void synth_granule(float v[33][64], float sb[32][18], float out[576])
{
    float tmp[64][SLOTS];
    dct_lee(sb, 32, 0, tmp);
    synth_fill_v(v, (const float(*)[SLOTS])sb);
    synth_window((const float(*)[64])v, out);
    memmove(v[0], v[SLOTS], 15 * sizeof v[0]);
}

/* The window of the 18 slots of a granule: for output j of slot t, the 16 taps over the V of
 * slots t, t-1, ..., t-15 (A half for even taps, B half for odd). */
#ifndef MP3_AVX2
static void synth_fill_v(float v[33][64], const float x[32][SLOTS])
{
    static const float zero[SLOTS];
    for (int e = 0; e < 64; e++) {
        const float *row = v_row(x, zero, e);
        for (int t = 0; t < SLOTS; t++)
            v[15 + t][e] = row[t];
    }
}

static void synth_window(const float v[33][64], float out[576])
{
    for (int t = 0; t < SLOTS; t++) {
        float acc[32];
        for (int j = 0; j < 32; j++)
            acc[j] = 0;
        for (int i = 0; i < 8; i++) {
            const float *a = v[15 + t - 2 * i], *b = v[15 + t - 2 * i - 1] + 32;
            const float *wa = pacm_mp3_t.synth_window[2 * i], *wb = pacm_mp3_t.synth_window[2 * i + 1];
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

static void synth_store(const float *left, const float *right, int16_t *pcm, int out_channels)
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

static void imdct_products(const float in[18], float u[24])
{
    for (int j = 0; j < 24; j++)
        u[j] = 0;
    for (int k = 0; k < 18; k++) {
        const float v = in[k];
        const float *c = pacm_mp3_t.imdct_long[k];
        for (int j = 0; j < 24; j++)
            u[j] += v * c[j];
    }
}
#else /* MP3_AVX2 */

/* The V of the 18 new slots by 8 x 8 transposes of X's rows (slots 0-15), the last 2 slots
 * one by one. */
static void synth_fill_v(float v[33][64], const float x[32][SLOTS])
{
    static const float zero[SLOTS];
    for (int eb = 0; eb < 64; eb += 8) {
        const float *rows[8];
        for (int i = 0; i < 8; i++)
            rows[i] = v_row(x, zero, eb + i);
        for (int tb = 0; tb < 16; tb += 8) {
            __m256 r0 = _mm256_loadu_ps(rows[0] + tb), r1 = _mm256_loadu_ps(rows[1] + tb);
            __m256 r2 = _mm256_loadu_ps(rows[2] + tb), r3 = _mm256_loadu_ps(rows[3] + tb);
            __m256 r4 = _mm256_loadu_ps(rows[4] + tb), r5 = _mm256_loadu_ps(rows[5] + tb);
            __m256 r6 = _mm256_loadu_ps(rows[6] + tb), r7 = _mm256_loadu_ps(rows[7] + tb);
            __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
            __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
            __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
            __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
            __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE);
            __m256 s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xEE);
            __m256 s4 = _mm256_shuffle_ps(t4, t6, 0x44), s5 = _mm256_shuffle_ps(t4, t6, 0xEE);
            __m256 s6 = _mm256_shuffle_ps(t5, t7, 0x44), s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
            float *o = v[15 + tb] + eb;
            _mm256_storeu_ps(o + 0 * 64, _mm256_permute2f128_ps(s0, s4, 0x20));
            _mm256_storeu_ps(o + 1 * 64, _mm256_permute2f128_ps(s1, s5, 0x20));
            _mm256_storeu_ps(o + 2 * 64, _mm256_permute2f128_ps(s2, s6, 0x20));
            _mm256_storeu_ps(o + 3 * 64, _mm256_permute2f128_ps(s3, s7, 0x20));
            _mm256_storeu_ps(o + 4 * 64, _mm256_permute2f128_ps(s0, s4, 0x31));
            _mm256_storeu_ps(o + 5 * 64, _mm256_permute2f128_ps(s1, s5, 0x31));
            _mm256_storeu_ps(o + 6 * 64, _mm256_permute2f128_ps(s2, s6, 0x31));
            _mm256_storeu_ps(o + 7 * 64, _mm256_permute2f128_ps(s3, s7, 0x31));
        }
        for (int t = 16; t < SLOTS; t++)
            for (int i = 0; i < 8; i++)
                v[15 + t][eb + i] = rows[i][t];
    }
}

static void synth_window(const float v[33][64], float out[576])
{
    for (int t = 0; t < 18; t++) {
        __m256 acc0 = _mm256_setzero_ps(), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        for (int i = 0; i < 8; i++) {
            const float *a = v[15 + t - 2 * i], *b = v[15 + t - 2 * i - 1] + 32;
            const float *wa = pacm_mp3_t.synth_window[2 * i], *wb = pacm_mp3_t.synth_window[2 * i + 1];
#define TERM(acc, o)                                                                                   \
    acc = _mm256_add_ps(acc, _mm256_add_ps(_mm256_mul_ps(_mm256_loadu_ps(wa + o), _mm256_loadu_ps(a + o)), \
                                           _mm256_mul_ps(_mm256_loadu_ps(wb + o), _mm256_loadu_ps(b + o))))
            TERM(acc0, 0);
            TERM(acc1, 8);
            TERM(acc2, 16);
            TERM(acc3, 24);
#undef TERM
        }
        _mm256_storeu_ps(out + 32 * t, acc0);
        _mm256_storeu_ps(out + 32 * t + 8, acc1);
        _mm256_storeu_ps(out + 32 * t + 16, acc2);
        _mm256_storeu_ps(out + 32 * t + 24, acc3);
    }
}

static void synth_store(const float *left, const float *right, int16_t *pcm, int out_channels)
{
    if (out_channels == 1) {
        for (int i = 0; i < 576; i += 16) {
            __m256i a = _mm256_cvtps_epi32(_mm256_loadu_ps(left + i));
            __m256i b = _mm256_cvtps_epi32(_mm256_loadu_ps(left + i + 8));
            __m256i p = _mm256_permute4x64_epi64(_mm256_packs_epi32(a, b), 0xD8);
            _mm256_storeu_si256((__m256i *)(pcm + i), p);
        }
    } else {
        for (int i = 0; i < 576; i += 8) {
            __m256i l = _mm256_cvtps_epi32(_mm256_loadu_ps(left + i));
            __m256i r = _mm256_cvtps_epi32(_mm256_loadu_ps(right + i));
            __m256i p = _mm256_packs_epi32(_mm256_unpacklo_epi32(l, r), _mm256_unpackhi_epi32(l, r));
            _mm256_storeu_si256((__m256i *)(pcm + 2 * i), p);
        }
    }
}

static void imdct_products(const float in[18], float u[24])
{
    __m256 u0 = _mm256_setzero_ps(), u1 = u0, u2 = u0;
    for (int k = 0; k < 18; k++) {
        const __m256 v = _mm256_set1_ps(in[k]);
        const float *c = pacm_mp3_t.imdct_long[k];
        u0 = _mm256_add_ps(u0, _mm256_mul_ps(v, _mm256_loadu_ps(c)));
        u1 = _mm256_add_ps(u1, _mm256_mul_ps(v, _mm256_loadu_ps(c + 8)));
        u2 = _mm256_add_ps(u2, _mm256_mul_ps(v, _mm256_loadu_ps(c + 16)));
    }
    _mm256_storeu_ps(u, u0);
    _mm256_storeu_ps(u + 8, u1);
    _mm256_storeu_ps(u + 16, u2);
}
#endif /* MP3_AVX2 */
