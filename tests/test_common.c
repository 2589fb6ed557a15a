/*
 * test_common.c - the common layer: checked handles, allocation-failure injection, UTF-16
 * conversion, overflow checks and result-code strings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "common_int.h"
#include "mmreg.h"
#include "mmsystem.h"

static int destroyed;
static void count_destroy(void *object)
{
    (void)object;
    destroyed++;
}

static void handles_are_checked(void **state)
{
    int object;
    destroyed = 0;
    uintptr_t h = pacm_handle_create(HANDLE_TYPE_EVENT, &object, count_destroy);
    assert_true(h != 0);
    assert_ptr_equal(pacm_handle_acquire(h, HANDLE_TYPE_EVENT), &object);
    pacm_handle_release(h);
    /* Wrong type, small integers and -1 are not handles. */
    assert_null(pacm_handle_acquire(h, HANDLE_TYPE_WINDOW));
    assert_null(pacm_handle_acquire(1, HANDLE_TYPE_EVENT));
    assert_null(pacm_handle_acquire((uintptr_t)-1, HANDLE_TYPE_EVENT));
    assert_null(pacm_handle_acquire(h + 16, HANDLE_TYPE_EVENT));
    assert_int_equal(pacm_handle_type(h), HANDLE_TYPE_EVENT);
    assert_true(pacm_handle_close(h, HANDLE_TYPE_EVENT));
    assert_int_equal(destroyed, 1);
    assert_false(pacm_handle_close(h, HANDLE_TYPE_EVENT));
    assert_null(pacm_handle_acquire(h, HANDLE_TYPE_EVENT));
    /* The slot is reused with a new generation: the stale handle stays dead. */
    uintptr_t h2 = pacm_handle_create(HANDLE_TYPE_EVENT, &object, count_destroy);
    assert_true(h2 != h);
    assert_null(pacm_handle_acquire(h, HANDLE_TYPE_EVENT));
    assert_true(pacm_handle_close(h2, HANDLE_TYPE_EVENT));
}

static void close_waits_for_last_reference(void **state)
{
    int object;
    destroyed = 0;
    uintptr_t h = pacm_handle_create(HANDLE_TYPE_MMIO, &object, count_destroy);
    assert_non_null(pacm_handle_acquire(h, HANDLE_TYPE_MMIO));
    assert_true(pacm_handle_close(h, HANDLE_TYPE_MMIO));
    assert_int_equal(destroyed, 0); /* still referenced */
    assert_null(pacm_handle_acquire(h, HANDLE_TYPE_MMIO));
    pacm_handle_release(h);
    assert_int_equal(destroyed, 1);
}

static void many_handles_grow_the_table(void **state)
{
    enum { N = 1000 };
    static uintptr_t hs[N];
    static int objects[N];
    for (int i = 0; i < N; i++) {
        hs[i] = pacm_handle_create(HANDLE_TYPE_WINDOW, &objects[i], NULL);
        assert_true(hs[i] != 0);
    }
    for (int i = 0; i < N; i++)
        assert_ptr_equal(pacm_handle_acquire(hs[i], HANDLE_TYPE_WINDOW), &objects[i]), pacm_handle_release(hs[i]);
    for (int i = 0; i < N; i++)
        assert_true(pacm_handle_close(hs[i], HANDLE_TYPE_WINDOW));
}

static void allocation_failures_are_injected(void **state)
{
    pacm_mem_fail_after(2);
    void *a = pacm_mem_alloc(8), *b = pacm_mem_alloc(8), *c = pacm_mem_alloc(8);
    assert_non_null(a);
    assert_non_null(b);
    assert_null(c);
    assert_int_equal(pacm_mem_fail_after(-1), 3);
    c = pacm_mem_alloc(8);
    assert_non_null(c);
    pacm_mem_free(a), pacm_mem_free(b), pacm_mem_free(c);
}

static void utf16_round_trip(void **state)
{
    const char *text = "caf\xC3\xA9 \xF0\x9F\x8E\xB5 msacm.imaadpcm";
    WCHAR *wide = pacm_utf8_to_utf16(text);
    assert_non_null(wide);
    assert_int_equal(wide[3], 0xE9);
    assert_int_equal(wide[5], 0xD83C); /* surrogate pair for U+1F3B5 */
    assert_int_equal(wide[6], 0xDFB5);
    char *back = pacm_utf16_to_utf8(wide);
    assert_string_equal(back, text);
    pacm_mem_free(back);
    WCHAR small[4];
    assert_int_equal(pacm_utf8_to_utf16_buffer("abcdef", small, 4), 3);
    assert_int_equal(small[3], 0);
    assert_int_equal(pacm_utf16_compare_ignore_case(u"MSACM.X", u"msacm.x"), 0);
    assert_true(pacm_utf16_compare_ignore_case(u"a", u"b") < 0);
    /* An unpaired surrogate becomes U+FFFD (EF BF BD). */
    const WCHAR lone[] = {0xD800, 'x', 0};
    char out[16];
    pacm_utf16_to_utf8_buffer(lone, out, sizeof out);
    assert_string_equal(out, "\xEF\xBF\xBDx");
    pacm_mem_free(wide);
}

static void sizes_are_overflow_checked(void **state)
{
    size_t out = 7;
    assert_false(pacm_size_mul(SIZE_MAX / 2 + 1, 2, &out));
    assert_int_equal(out, 7);
    assert_true(pacm_size_mul(1000, 1000, &out));
    assert_int_equal(out, 1000000);
    assert_false(pacm_size_add(SIZE_MAX, 1, &out));
}

static void every_result_has_a_string(void **state)
{
    for (MMRESULT code = 0; code <= MMSYSERR_LASTERROR; code++)
        assert_string_not_equal(portacm_mmresult_string(code), "unknown MMRESULT");
    assert_string_equal(portacm_mmresult_string(9999), "unknown MMRESULT");
    assert_non_null(strstr(portacm_mmresult_string(MMSYSERR_INVALPARAM), "INVALPARAM"));
    assert_string_equal(portacm_version(), PORTACM_VERSION_STRING);
}

/* Issue 10 item 11: one default speaker table (the portacm tool writes it, the PCM converter
 * mixes with it; tests/cli/regress_cli.sh checks that the two agree end to end). */
static void regress_default_channel_mask_table(void **state)
{
    static const uint32_t expected[] = {0, KSAUDIO_SPEAKER_MONO, KSAUDIO_SPEAKER_STEREO, KSAUDIO_SPEAKER_3POINT0,
                                        KSAUDIO_SPEAKER_QUAD, KSAUDIO_SPEAKER_5POINT0, KSAUDIO_SPEAKER_5POINT1,
                                        KSAUDIO_SPEAKER_7POINT0, KSAUDIO_SPEAKER_7POINT1_SURROUND};
    for (uint16_t channels = 0; channels <= 8; channels++) {
        uint32_t mask = portacm_default_channel_mask(channels);
        assert_int_equal(mask, expected[channels]);
        unsigned bits = 0;
        for (uint32_t m = mask; m; m &= m - 1)
            bits++;
        assert_int_equal(bits, channels);
    }
    assert_int_equal(portacm_default_channel_mask(9), 0);
    assert_int_equal(portacm_default_channel_mask(0xFFFF), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(handles_are_checked),
        cmocka_unit_test(close_waits_for_last_reference),
        cmocka_unit_test(many_handles_grow_the_table),
        cmocka_unit_test(allocation_failures_are_injected),
        cmocka_unit_test(utf16_round_trip),
        cmocka_unit_test(sizes_are_overflow_checked),
        cmocka_unit_test(every_result_has_a_string),
        cmocka_unit_test(regress_default_channel_mask_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
