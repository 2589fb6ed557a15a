/*
 * test_kernel_cpu.c - the kernels' choice of vector engine (src/codecs/codec_simd.c):
 * pacm_codec_simd_cap lowers it and -1 restores it, the environment variable PORTACM_SIMD lowers it
 * at the first query (ctest runs this file a second time with PORTACM_SIMD set and the level
 * it must give in PORTACM_SIMD_EXPECT; an unknown value must be ignored), and every engine the
 * machine can run gives the same G.711 bytes for all 65,536 samples and all 256 codes. The
 * dispatch tables follow the level: with the cap (or PORTACM_SIMD) at none every kernel's
 * selected row is its plain C row, SSE2 included (a third run sets PORTACM_SIMD=none).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "g711/g711_int.h"
#include "msadpcm/msadpcm_int.h"

static int level_named(const char *name)
{
    static const char *const names[] = {"none", "sse2", "avx2", "avx512"};
    for (int i = 0; i < 4; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

static void test_cap(void **state)
{
    (void)state;
    int top = pacm_codec_simd_level();
    assert_in_range(top, CODEC_SIMD_NONE, CODEC_SIMD_AVX512);
#if defined(__x86_64__)
    if (getenv("PORTACM_SIMD") == NULL)
        assert_true(top >= CODEC_SIMD_SSE2); /* every x86-64 has SSE2 */
#endif
    for (int level = top; level >= CODEC_SIMD_NONE; level--) {
        pacm_codec_simd_cap(level);
        assert_int_equal(pacm_codec_simd_level(), level);
    }
    pacm_codec_simd_cap(CODEC_SIMD_AVX512 + 1); /* a cap above the hardware changes nothing */
    assert_int_equal(pacm_codec_simd_level(), top);
    pacm_codec_simd_cap(-1);
    assert_int_equal(pacm_codec_simd_level(), top);
}

/* The selected rows of the G.711 and both MS ADPCM tables are the plain C rows. */
static void assert_plain_c_rows(void)
{
    const g711_engine *g711 = pacm_g711_engine_row();
    assert_int_equal(g711->level, CODEC_SIMD_NONE);
    assert_true(g711->alaw_encode == pacm_g711_alaw_encode_c);
    assert_true(g711->ulaw_encode == pacm_g711_ulaw_encode_c);
    assert_true(g711->alaw_decode == pacm_g711_alaw_decode_c);
    assert_true(g711->ulaw_decode == pacm_g711_ulaw_decode_c);
    assert_int_equal(pacm_msadpcm_job_engine_row()->level, CODEC_SIMD_NONE);
    assert_true(pacm_msadpcm_job_engine_row()->trials == pacm_msadpcm_trials_c);
    assert_int_equal(pacm_msadpcm_lane_engine_row()->level, CODEC_SIMD_NONE);
    assert_true(pacm_msadpcm_lane_engine_row()->trial_lanes == pacm_msadpcm_trial_lanes_c);
}

/* Each table's row follows the cap: the widest row at or below the level, the plain C row at
 * CODEC_SIMD_NONE (also on x86-64, where SSE2 is always there). */
static void test_cap_selects_rows(void **state)
{
    (void)state;
    int top = pacm_codec_simd_level();
    for (int level = top; level >= CODEC_SIMD_NONE; level--) {
        pacm_codec_simd_cap(level);
        assert_true(pacm_g711_engine_row()->level <= level);
        assert_true(pacm_msadpcm_job_engine_row()->level <= level);
        assert_true(pacm_msadpcm_lane_engine_row()->level <= level);
#if defined(__x86_64__)
        /* Every engine exists here: the row is exactly the level's (G.711 has no AVX-512 row). */
        assert_int_equal(pacm_msadpcm_job_engine_row()->level, level);
        assert_int_equal(pacm_g711_engine_row()->level, level > CODEC_SIMD_AVX2 ? CODEC_SIMD_AVX2 : level);
#endif
    }
    pacm_codec_simd_cap(CODEC_SIMD_NONE);
    assert_plain_c_rows();
    pacm_codec_simd_cap(-1);
}

/* Run with PORTACM_SIMD=<name> and PORTACM_SIMD_EXPECT=<name>: the level is the expected one
 * or lower (the hardware may not reach it), and exactly it on x86-64 up to SSE2. An unknown
 * PORTACM_SIMD is run with PORTACM_SIMD_EXPECT=hardware: nothing is lowered. */
static void test_environment(void **state)
{
    (void)state;
    const char *expect = getenv("PORTACM_SIMD_EXPECT");
    if (expect == NULL) {
        print_message("PORTACM_SIMD_EXPECT not set: this run checks the cap only\n");
        skip();
    }
    int level = pacm_codec_simd_level();
    if (strcmp(expect, "hardware") == 0) {
        pacm_codec_simd_cap(CODEC_SIMD_AVX512); /* no-op: the detected level stays */
        assert_int_equal(pacm_codec_simd_level(), level);
        pacm_codec_simd_cap(-1);
#if defined(__x86_64__)
        assert_true(level >= CODEC_SIMD_SSE2);
#endif
        return;
    }
    int wanted = level_named(expect);
    assert_true(wanted >= 0);
    assert_true(level <= wanted);
#if defined(__x86_64__)
    if (wanted <= CODEC_SIMD_SSE2)
        assert_int_equal(level, wanted);
#endif
    if (wanted == CODEC_SIMD_NONE)
        assert_plain_c_rows();
}

/* Every engine converts the same way: all 16-bit samples and all codes, each direction. */
static void test_g711_engines_agree(void **state)
{
    (void)state;
    int top = pacm_codec_simd_level();
    int16_t *pcm = malloc(65536 * sizeof *pcm), *back = malloc(256 * sizeof *back);
    uint8_t *law = malloc(65536), codes[256], ref_law[2][65536];
    int16_t ref_back[2][256];
    assert_non_null(pcm);
    assert_non_null(back);
    assert_non_null(law);
    for (int i = 0; i < 65536; i++)
        pcm[i] = (int16_t)(i - 32768);
    for (int i = 0; i < 256; i++)
        codes[i] = (uint8_t)i;
    for (int level = top; level >= CODEC_SIMD_NONE; level--) {
        pacm_codec_simd_cap(level);
        for (int mu = 0; mu < 2; mu++) {
            (mu ? pacm_g711_ulaw_encode : pacm_g711_alaw_encode)(pcm, law, 65536);
            (mu ? pacm_g711_ulaw_decode : pacm_g711_alaw_decode)(codes, back, 256);
            if (level == top) {
                memcpy(ref_law[mu], law, 65536);
                memcpy(ref_back[mu], back, sizeof ref_back[mu]);
            } else {
                assert_memory_equal(law, ref_law[mu], 65536);
                assert_memory_equal(back, ref_back[mu], sizeof ref_back[mu]);
            }
        }
    }
    pacm_codec_simd_cap(-1);
    /* Spot values independent of any engine: 0 encodes to 0xD5 (A-law) and 0xFF (mu-law). */
    assert_int_equal(ref_law[0][32768], 0xD5);
    assert_int_equal(ref_law[1][32768], 0xFF);
    free(pcm);
    free(back);
    free(law);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cap),
        cmocka_unit_test(test_cap_selects_rows),
        cmocka_unit_test(test_environment),
        cmocka_unit_test(test_g711_engines_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
