/*
 * test_kernel_g711.c - the G.711 kernels, exhaustively: every 16-bit sample through both
 * encoders, every code through both decoders and both transcoders, each compared with a
 * reference written here a different way (a search over the decision values of ITU-T G.711
 * Tables 1 and 2, and Tables 3 and 4 transcribed as the standard numbers them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "g711/g711_int.h"

/* ---- reference: A-law (G.711 Table 1a), on the 12-bit magnitude scale -------------------- */

/* Lower decision value and interval width of A-law magnitude code k = segment*16 + step. */
static int ref_alaw_lower(int k)
{
    int segment = k / 16, step = k % 16;
    return segment == 0 ? 2 * step : (16 << segment) + step * (1 << segment);
}
static int ref_alaw_width(int k)
{
    int segment = k / 16;
    return segment == 0 ? 2 : 1 << segment;
}

/* Encoder: the 16-bit sample is truncated to 13 bits toward minus infinity (the Sun/Windows
 * convention), giving a sign and a magnitude 0..4095; the code is the last interval whose
 * lower decision value does not exceed the magnitude. Even bits are inverted on the line. */
static uint8_t ref_alaw_encode(int x)
{
    int negative = x < 0;
    int magnitude = negative ? (-1 - x) / 8 : x / 8;
    int k = 0;
    for (int c = 0; c < 128; c++)
        if (ref_alaw_lower(c) <= magnitude)
            k = c;
    return (uint8_t)((negative ? 0x00 : 0x80) | (k ^ 0x55));
}

/* Decoder: the centre of the interval, scaled back to 16 bits. */
static int ref_alaw_decode(uint8_t code)
{
    int k = (code ^ 0x55) & 0x7F;
    int value = (2 * ref_alaw_lower(k) + ref_alaw_width(k)) * 4;
    return (code & 0x80) ? value : -value;
}

/* ---- reference: mu-law (G.711 Table 2), on the 13-bit magnitude scale -------------------- */

static int ref_ulaw_width(int k)
{
    return 2 << (k / 16);
}
/* The decision values ending each segment (Table 2, 13-bit magnitude scale); segment s starts
 * where segment s-1 ends, the first at 0 with a half-width interval. */
static const int ulaw_segment_end[8] = {31, 95, 223, 479, 991, 2015, 4063, 8159};
static int ref_ulaw_lower(int k)
{
    int segment = k / 16, step = k % 16;
    int lower = (segment == 0 ? -1 : ulaw_segment_end[segment - 1]) + step * ref_ulaw_width(k);
    return lower < 0 ? 0 : lower;
}

static uint8_t ref_ulaw_encode(int x)
{
    /* floor(x / 4), then sign and magnitude; magnitudes beyond the last decision value
     * (8159) take the top code. */
    int scaled = x >= 0 ? x / 4 : -((-x + 3) / 4);
    int negative = scaled < 0;
    int magnitude = negative ? -scaled : scaled;
    int k = 0;
    for (int c = 0; c < 128; c++)
        if (ref_ulaw_lower(c) <= magnitude)
            k = c;
    return (uint8_t)((negative ? 0x7F : 0xFF) ^ k);
}

static int ref_ulaw_decode(uint8_t code)
{
    int k = (code & 0x80) ? (0xFF ^ code) : (0x7F ^ code);
    /* Code 0 decodes to 0 exactly; other codes to the centre of their interval. */
    int value = k == 0 ? 0 : ref_ulaw_lower(k) + ref_ulaw_width(k) / 2;
    return (code & 0x80) ? 4 * value : -4 * value;
}

/* ---- G.711 Tables 3 and 4, as the standard numbers them --------------------------------- */
/* Table 3: mu-law decoder output value number 0..127 -> A-law value number 1..128.
 * Table 4: A-law value number 1..128 -> mu-law value number 0..127.
 * Transcribed from ITU-T G.711 (11/88) with the corrections published by B. Lindberg
 * (Aalborg University, 1994): Table 3 entry 80 -> 80 and Table 4 entry 80 -> 80. */
static const uint8_t table3_ulaw_to_alaw[128] = {
    1,   1,   2,   2,   3,   3,   4,   4,   5,   5,   6,   6,   7,   7,   8,   8,
    9,   10,  11,  12,  13,  14,  15,  16,  17,  18,  19,  20,  21,  22,  23,  24,
    25,  27,  29,  31,  33,  34,  35,  36,  37,  38,  39,  40,  41,  42,  43,  44,
    46,  48,  49,  50,  51,  52,  53,  54,  55,  56,  57,  58,  59,  60,  61,  62,
    64,  65,  66,  67,  68,  69,  70,  71,  72,  73,  74,  75,  76,  77,  78,  79,
    80,  82,  83,  84,  85,  86,  87,  88,  89,  90,  91,  92,  93,  94,  95,  96,
    97,  98,  99,  100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112,
    113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128,
};
static const uint8_t table4_alaw_to_ulaw[128] = {
    1,   3,   5,   7,   9,   11,  13,  15,  16,  17,  18,  19,  20,  21,  22,  23,
    24,  25,  26,  27,  28,  29,  30,  31,  32,  32,  33,  33,  34,  34,  35,  35,
    36,  37,  38,  39,  40,  41,  42,  43,  44,  45,  46,  47,  48,  48,  49,  49,
    50,  51,  52,  53,  54,  55,  56,  57,  58,  59,  60,  61,  62,  63,  64,  64,
    65,  66,  67,  68,  69,  70,  71,  72,  73,  74,  75,  76,  77,  78,  79,  80,
    80,  81,  82,  83,  84,  85,  86,  87,  88,  89,  90,  91,  92,  93,  94,  95,
    96,  97,  98,  99,  100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127,
};

/* ---- tests ------------------------------------------------------------------------------ */

/* Runs a buffer encoder over all 65,536 samples (-32768 first) and returns its codes. */
static uint8_t *encode_every_sample(void (*encode)(const int16_t *, uint8_t *, size_t))
{
    int16_t *in = malloc(65536 * sizeof *in);
    uint8_t *out = malloc(65536);
    assert_non_null(in);
    assert_non_null(out);
    for (int i = 0; i < 65536; i++)
        in[i] = (int16_t)(i - 32768);
    encode(in, out, 65536);
    free(in);
    return out;
}

static void alaw_encode_all_samples(void **state)
{
    (void)state;
    uint8_t *out = encode_every_sample(pacm_g711_alaw_encode);
    for (int i = 0; i < 65536; i++) {
        int x = i - 32768;
        if (out[i] != ref_alaw_encode(x))
            fail_msg("A-law encode of %d: got 0x%02X, want 0x%02X", x, out[i], ref_alaw_encode(x));
        assert_int_equal(g711_alaw_encode_sample((int16_t)x), out[i]);
        /* Round trip: within half an interval (truncation puts x anywhere in it). */
        int k = (out[i] ^ 0x55) & 0x7F;
        int err = x - g711_alaw_decode_sample(out[i]);
        int half = ref_alaw_width(k) * 4;
        if (err < -half || err >= half)
            fail_msg("A-law round trip of %d: error %d, segment %d allows +-%d", x, err, k / 16, half);
    }
    free(out);
}

static void ulaw_encode_all_samples(void **state)
{
    (void)state;
    uint8_t *out = encode_every_sample(pacm_g711_ulaw_encode);
    for (int i = 0; i < 65536; i++) {
        int x = i - 32768;
        if (out[i] != ref_ulaw_encode(x))
            fail_msg("mu-law encode of %d: got 0x%02X, want 0x%02X", x, out[i], ref_ulaw_encode(x));
        assert_int_equal(g711_ulaw_encode_sample((int16_t)x), out[i]);
        int decoded = g711_ulaw_decode_sample(out[i]);
        if (x > 32635 || x < -32636) {
            /* Beyond the last decision value G.711 clips to the top code. */
            assert_int_equal(decoded, x > 0 ? 32124 : -32124);
            continue;
        }
        int k = (out[i] & 0x80) ? (0xFF ^ out[i]) : (0x7F ^ out[i]);
        int half = ref_ulaw_width(k) * 2;
        int err = x - decoded;
        if (err < -half - 4 || err > half + 4)
            fail_msg("mu-law round trip of %d: error %d, segment %d allows +-%d", x, err, k / 16, half);
    }
    free(out);
}

static void decode_all_codes(void **state)
{
    (void)state;
    uint8_t codes[256];
    int16_t alaw[256], ulaw[256];
    for (int c = 0; c < 256; c++)
        codes[c] = (uint8_t)c;
    pacm_g711_alaw_decode(codes, alaw, 256);
    pacm_g711_ulaw_decode(codes, ulaw, 256);
    for (int c = 0; c < 256; c++) {
        if (alaw[c] != ref_alaw_decode((uint8_t)c))
            fail_msg("A-law decode of 0x%02X: got %d, want %d", c, alaw[c], ref_alaw_decode((uint8_t)c));
        if (ulaw[c] != ref_ulaw_decode((uint8_t)c))
            fail_msg("mu-law decode of 0x%02X: got %d, want %d", c, ulaw[c], ref_ulaw_decode((uint8_t)c));
        /* Decoding then encoding returns the same code (except mu-law's negative zero). */
        assert_int_equal(g711_alaw_encode_sample(alaw[c]), c);
        if (c != 0x7F)
            assert_int_equal(g711_ulaw_encode_sample(ulaw[c]), c);
    }
    /* Known anchor values from G.711: A-law 0xD5 is the smallest positive level (+8 on the
     * 16-bit scale), 0xAA the largest (+32256); mu-law 0xFF is 0 and 0x80 is +32124. */
    assert_int_equal(alaw[0xD5], 8);
    assert_int_equal(alaw[0xAA], 32256);
    assert_int_equal(alaw[0x2A], -32256);
    assert_int_equal(ulaw[0xFF], 0);
    assert_int_equal(ulaw[0x80], 32124);
    assert_int_equal(ulaw[0x00], -32124);
}

/* Line code of an A-law value number (1..128) and a mu-law value number (0..127). */
static uint8_t alaw_line_code(int number, int positive)
{
    return (uint8_t)((positive ? 0x80 : 0x00) | ((number - 1) ^ 0x55));
}
static uint8_t ulaw_line_code(int number, int positive)
{
    return (uint8_t)((positive ? 0xFF : 0x7F) ^ number);
}

/* True when an A-law and a mu-law code decode within one interval (of the coarser code). */
static int levels_are_close(uint8_t a, uint8_t u)
{
    int ka = (a ^ 0x55) & 0x7F;
    int ku = (u & 0x80) ? (0xFF ^ u) : (0x7F ^ u);
    int wa = 8 * ref_alaw_width(ka), wu = 4 * ref_ulaw_width(ku);
    return abs(ref_alaw_decode(a) - ref_ulaw_decode(u)) <= (wa > wu ? wa : wu);
}

static void transcode_all_codes(void **state)
{
    (void)state;
    uint8_t codes[256], a2u[256], u2a[256], in_place[256];
    for (int c = 0; c < 256; c++)
        codes[c] = in_place[c] = (uint8_t)c;
    pacm_g711_alaw_to_ulaw(codes, a2u, 256);
    pacm_g711_ulaw_to_alaw(codes, u2a, 256);
    for (int positive = 0; positive <= 1; positive++) {
        for (int n = 0; n < 128; n++) {
            uint8_t u = ulaw_line_code(n, positive);
            uint8_t want_a = alaw_line_code(table3_ulaw_to_alaw[n], positive);
            if (u2a[u] != want_a)
                fail_msg("mu->A of 0x%02X: got 0x%02X, want 0x%02X", u, u2a[u], want_a);
            uint8_t a = alaw_line_code(n + 1, positive);
            uint8_t want_u = ulaw_line_code(table4_alaw_to_ulaw[n], positive);
            if (a2u[a] != want_u)
                fail_msg("A->mu of 0x%02X: got 0x%02X, want 0x%02X", a, a2u[a], want_u);
        }
    }
    /* The tables map each level to a close level of the other law: within one interval of
     * the coarser of the two codes (a check on the transcription, not just a re-reading). */
    for (int c = 0; c < 256; c++) {
        assert_true(levels_are_close((uint8_t)c, a2u[c]));
        assert_true(levels_are_close(u2a[c], (uint8_t)c));
    }
    /* In place gives the same result. */
    pacm_g711_alaw_to_ulaw(in_place, in_place, 256);
    assert_memory_equal(in_place, a2u, 256);
}

/* The buffer functions handle every length, including 0 and odd tails, without touching
 * bytes past the end. */
static void buffer_lengths(void **state)
{
    (void)state;
    int16_t pcm[67];
    uint8_t code[68];
    int16_t back[68];
    for (int i = 0; i < 67; i++)
        pcm[i] = (int16_t)(i * 977 - 30000);
    for (size_t n = 0; n <= 67; n++) {
        memset(code, 0xEE, sizeof code);
        back[n] = 0x1234;
        pacm_g711_ulaw_encode(pcm, code, n);
        assert_int_equal(code[n], 0xEE);
        pacm_g711_ulaw_decode(code, back, n);
        assert_int_equal(back[n], 0x1234);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(code[i], ref_ulaw_encode(pcm[i]));
    }
}

/* Every length 0..100 at offsets 0..3 (samples for PCM buffers, bytes for code buffers, so
 * the 16- and 32-sample vector loops meet pointers off their vector alignment, and every tail
 * length after them): each buffer function matches the per-sample functions and writes
 * nothing past n. The inputs are pseudo-random 16-bit samples and 8-bit codes. */
static void unaligned_lengths(void **state)
{
    (void)state;
    enum { MAX_N = 100, PAD = 8 };
    int16_t pcm[MAX_N + PAD], pcm_out[MAX_N + PAD];
    uint8_t codes[MAX_N + PAD], codes_out[MAX_N + PAD];
    unsigned seed = 1;
    for (int law = 0; law < 2; law++) {
        void (*encode)(const int16_t *, uint8_t *, size_t) = law ? pacm_g711_ulaw_encode : pacm_g711_alaw_encode;
        void (*decode)(const uint8_t *, int16_t *, size_t) = law ? pacm_g711_ulaw_decode : pacm_g711_alaw_decode;
        uint8_t (*encode1)(int16_t) = law ? g711_ulaw_encode_sample : g711_alaw_encode_sample;
        int16_t (*decode1)(uint8_t) = law ? g711_ulaw_decode_sample : g711_alaw_decode_sample;
        for (size_t off = 0; off < 4; off++) {
            for (size_t n = 0; n <= MAX_N; n++) {
                for (size_t i = 0; i < MAX_N + PAD; i++) {
                    seed = seed * 1103515245u + 12345u;
                    pcm[i] = (int16_t)(seed >> 16);
                    codes[i] = (uint8_t)(seed >> 8);
                }
                memset(codes_out, 0xEE, sizeof codes_out);
                for (size_t i = 0; i < MAX_N + PAD; i++)
                    pcm_out[i] = 0x1234;
                encode(pcm + off, codes_out + off, n);
                decode(codes + off, pcm_out + off, n);
                for (size_t i = 0; i < n; i++) {
                    if (codes_out[off + i] != encode1(pcm[off + i]))
                        fail_msg("law %d n %zu offset %zu: code %zu is 0x%02X, want 0x%02X", law, n,
                                 off, i, codes_out[off + i], encode1(pcm[off + i]));
                    if (pcm_out[off + i] != decode1(codes[off + i]))
                        fail_msg("law %d n %zu offset %zu: sample %zu is %d, want %d", law, n, off,
                                 i, pcm_out[off + i], decode1(codes[off + i]));
                }
                for (size_t i = 0; i < MAX_N + PAD; i++) {
                    if (i >= off && i < off + n)
                        continue;
                    assert_int_equal(codes_out[i], 0xEE);
                    assert_int_equal(pcm_out[i], 0x1234);
                }
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(alaw_encode_all_samples),
        cmocka_unit_test(ulaw_encode_all_samples),
        cmocka_unit_test(decode_all_codes),
        cmocka_unit_test(transcode_all_codes),
        cmocka_unit_test(buffer_lengths),
        cmocka_unit_test(unaligned_lengths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
