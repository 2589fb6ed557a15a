/*
 * test_win32_string.c - strings and wide characters (issue 13 item 5) through the public API:
 * lstr* (NULL handling, truncation, the sort order), CharUpper/CharLower (strings and single
 * characters), CharNext/CharPrev, MultiByteToWideChar/WideCharToMultiByte (size queries,
 * invalid UTF-8 and UTF-16, buffers too small, argument and flag checks in Windows' order).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "windows.h"
#include "strings_test.h"

/* ---- lstr* ---- */
static void test_lstrlen(void **state)
{
    (void)state;
    SetLastError(1234);
    assert_int_equal(lstrlenA(NULL), 0);
    assert_int_equal(lstrlenW(NULL), 0);
    assert_int_equal(GetLastError(), 1234);
    assert_int_equal(lstrlenA(""), 0);
    assert_int_equal(lstrlenA("h\xC3\xA9llo"), 6); /* bytes */
    assert_int_equal(lstrlenW(u"h\u00e9llo"), 5);
    assert_int_equal(lstrlenW(u"\U0001F600"), 2); /* units */
}

static void test_lstrcpy_lstrcat(void **state)
{
    (void)state;
    char buffer[16] = "xxxxxxxxxxxxxxx";
    assert_ptr_equal(lstrcpyA(buffer, "abc"), buffer);
    assert_string_equal(buffer, "abc");
    assert_ptr_equal(lstrcatA(buffer, "def"), buffer);
    assert_string_equal(buffer, "abcdef");
    SetLastError(0);
    assert_null(lstrcpyA(NULL, "abc"));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    assert_null(lstrcpyA(buffer, NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_string_equal(buffer, "abcdef");
    assert_null(lstrcatA(NULL, "x"));
    assert_null(lstrcatA(buffer, NULL));
    assert_string_equal(buffer, "abcdef");

    WCHAR wide[16];
    assert_ptr_equal(lstrcpyW(wide, u"ab"), wide);
    assert_ptr_equal(lstrcatW(wide, u"\u00e9\U0001F600"), wide);
    assert_wide_equal(wide, u"ab\u00e9\U0001F600");
    SetLastError(0);
    assert_null(lstrcpyW(wide, NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_null(lstrcatW(NULL, u"x"));
}

static void test_lstrcpyn(void **state)
{
    (void)state;
    char buffer[8];
    memset(buffer, 'x', sizeof(buffer));
    assert_ptr_equal(lstrcpynA(buffer, "abcdef", 4), buffer);
    assert_string_equal(buffer, "abc"); /* n - 1 characters and a terminator */
    assert_ptr_equal(lstrcpynA(buffer, "ab", 8), buffer);
    assert_string_equal(buffer, "ab");
    assert_int_equal(buffer[3], 0); /* nothing written past the terminator... */
    memset(buffer, 'x', sizeof(buffer));
    assert_ptr_equal(lstrcpynA(buffer, "abc", 0), buffer);
    assert_int_equal(buffer[0], 'x'); /* 0: nothing written */
    assert_ptr_equal(lstrcpynA(buffer, NULL, 1), buffer);
    assert_int_equal(buffer[0], 0); /* 1: only the terminator, the source not read */
    assert_ptr_equal(lstrcpynA(NULL, "abc", 0), NULL);
    SetLastError(0);
    assert_null(lstrcpynA(NULL, "abc", 4));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    assert_null(lstrcpynA(buffer, NULL, 4));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_ptr_equal(lstrcpynA(buffer, "abcdef", -1), buffer); /* negative: a huge size */
    assert_string_equal(buffer, "abcdef");

    WCHAR wide[8];
    assert_ptr_equal(lstrcpynW(wide, u"abcdef", 3), wide);
    assert_wide_equal(wide, u"ab");
    assert_ptr_equal(lstrcpynW(wide, u"a", 8), wide);
    assert_wide_equal(wide, u"a");
    assert_null(lstrcpynW(wide, NULL, 2));
}

static void test_lstrcmp_order(void **state)
{
    (void)state;
    /* Each string sorts strictly before the next, in A and in W, and lstrcmp is antisymmetric. */
    static const char *const order[] = {
        "",     " ",     "!",     "#",  "&",   "_",     "~",       "+",        "=",        "0",     "01",   "1",
        "9",    "a",     "A",     "ab", "aB",  "Ab",    "AB",      "apple",    "Banana",   "cherry", "coop", "co-op",
        "cop",  "Zebra", "\xC3\xA9", /* é, after every ASCII letter */
    };
    size_t count = sizeof(order) / sizeof(order[0]);
    for (size_t i = 0; i < count; i++) {
        WCHAR wi[16];
        assert_true(MultiByteToWideChar(CP_UTF8, 0, order[i], -1, wi, 16) > 0);
        assert_int_equal(lstrcmpA(order[i], order[i]), 0);
        assert_int_equal(lstrcmpW(wi, wi), 0);
        for (size_t j = i + 1; j < count; j++) {
            WCHAR wj[16];
            assert_true(MultiByteToWideChar(CP_UTF8, 0, order[j], -1, wj, 16) > 0);
            if (lstrcmpA(order[i], order[j]) != -1)
                fail_msg("lstrcmpA(\"%s\", \"%s\") is not -1", order[i], order[j]);
            assert_int_equal(lstrcmpA(order[j], order[i]), 1);
            assert_int_equal(lstrcmpW(wi, wj), -1);
            assert_int_equal(lstrcmpW(wj, wi), 1);
        }
    }
    assert_int_equal(lstrcmpA(NULL, NULL), 0);
    assert_int_equal(lstrcmpA(NULL, ""), -1);
    assert_int_equal(lstrcmpA("", NULL), 1);
    assert_int_equal(lstrcmpW(NULL, u""), -1);
    assert_int_equal(lstrcmpW(u"a", NULL), 1);
}

static void test_lstrcmpi(void **state)
{
    (void)state;
    assert_int_equal(lstrcmpiA("Hello", "hELLO"), 0);
    assert_int_equal(lstrcmpiW(u"Hello", u"hELLO"), 0);
    assert_int_equal(lstrcmpiA("\xC3\x89t\xC3\xA9", "\xC3\xA9T\xC3\x89"), 0); /* Été / éTÉ */
    assert_int_equal(lstrcmpiW(u"\u00c9t\u00e9", u"\u00e9T\u00c9"), 0);
    assert_int_equal(lstrcmpiW(u"\u0394", u"\u03b4"), 0); /* Greek delta */
    assert_int_equal(lstrcmpiA("apple", "BANANA"), -1);
    assert_int_equal(lstrcmpiA("b", "A"), 1);
    assert_int_equal(lstrcmpiA("coop", "CO-OP"), -1);
    assert_int_equal(lstrcmpiA("_", "0"), -1); /* symbols before digits */
    assert_int_equal(lstrcmpiA("9", "a"), -1); /* digits before letters */
    assert_int_equal(lstrcmpiA(NULL, NULL), 0);
    assert_int_equal(lstrcmpiA(NULL, "a"), -1);
    assert_int_equal(lstrcmpiW(u"a", NULL), 1);
}

/* ---- CharUpper, CharLower, CharNext, CharPrev ---- */
static void test_char_case(void **state)
{
    (void)state;
    char text[] = "abc \xC3\xA9\xC3\xBF xyz \xC4\xB1"; /* é ÿ ı: ı upper is I, another length: kept */
    assert_ptr_equal(CharUpperA(text), text);
    assert_string_equal(text, "ABC \xC3\x89\xC5\xB8 XYZ \xC4\xB1");
    assert_ptr_equal(CharLowerA(text), text);
    assert_string_equal(text, "abc \xC3\xA9\xC3\xBF xyz \xC4\xB1");

    WCHAR wide[] = u"abc \u00e9\u00ff \u0131 \u03b1\u0436 \U00010428";
    assert_ptr_equal(CharUpperW(wide), wide);
    assert_wide_equal(wide, u"ABC \u00c9\u0178 I \u0391\u0416 \U00010400");
    assert_ptr_equal(CharLowerW(wide), wide);
    assert_wide_equal(wide, u"abc \u00e9\u00ff i \u03b1\u0436 \U00010428");

    /* A single character in the low word (MAKEINTRESOURCE style), the result likewise. */
    assert_int_equal((ULONG_PTR)CharUpperA((LPSTR)(ULONG_PTR)'q'), 'Q');
    assert_int_equal((ULONG_PTR)CharLowerA((LPSTR)(ULONG_PTR)'Q'), 'q');
    assert_int_equal((ULONG_PTR)CharUpperA((LPSTR)(ULONG_PTR)'1'), '1');
    assert_int_equal((ULONG_PTR)CharUpperA((LPSTR)(ULONG_PTR)0xE9), 0xE9); /* a lone byte: not a character */
    assert_int_equal((ULONG_PTR)CharUpperW((LPWSTR)(ULONG_PTR)0xE9), 0xC9);
    assert_int_equal((ULONG_PTR)CharLowerW((LPWSTR)(ULONG_PTR)0x0416), 0x0436);
    for (ULONG_PTR c = 0; c < 256; c++) { /* results stay in the low word */
        assert_int_equal((ULONG_PTR)CharUpperA((LPSTR)c) >> 16, 0);
        assert_int_equal((ULONG_PTR)CharLowerA((LPSTR)c) >> 16, 0);
    }
    static const WCHAR lone_expected[] = {'A', 0xD800, 'B', 0xDC00, 0};
    WCHAR lone[] = {'a', 0xD800, 'b', 0xDC00, 0}; /* unpaired surrogates stay */
    assert_ptr_equal(CharUpperW(lone), lone);
    assert_memory_equal(lone, lone_expected, sizeof(lone));
    assert_int_equal((ULONG_PTR)CharUpperW((LPWSTR)(ULONG_PTR)0xD800), 0xD800);
    assert_null(CharUpperA(NULL));
    assert_null(CharLowerW(NULL));

    char buffer[] = "abcdef";
    assert_int_equal(CharUpperBuffA(buffer, 3), 3);
    assert_string_equal(buffer, "ABCdef");
    WCHAR wbuffer[] = u"ABCDEF";
    assert_int_equal(CharLowerBuffW(wbuffer, 2), 2);
    assert_wide_equal(wbuffer, u"abCDEF");
    assert_int_equal(CharUpperBuffA(NULL, 3), 0);
}

static void test_char_next_prev(void **state)
{
    (void)state;
    const char *text = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\x80z"; /* a é € 😀, a stray byte, z */
    const char *p = text;
    const size_t steps[] = {1, 2, 3, 4, 1, 1};
    for (size_t i = 0; i < 6; i++) {
        const char *next = CharNextA(p);
        assert_int_equal(next - p, steps[i]);
        assert_ptr_equal(CharPrevA(text, next), p);
        p = next;
    }
    assert_ptr_equal(CharNextA(p), p); /* at the terminator */
    assert_ptr_equal(CharPrevA(text, text), text);
    assert_null(CharNextA(NULL));
    assert_null(CharPrevA(NULL, text));

    const WCHAR *w = u"a\U0001F600b";
    assert_ptr_equal(CharNextW(w), w + 1);
    assert_ptr_equal(CharNextW(w + 1), w + 3);
    assert_ptr_equal(CharPrevW(w, w + 3), w + 1);
    assert_ptr_equal(CharPrevW(w, w + 1), w);
    assert_ptr_equal(CharNextW(w + 4), w + 4);
    assert_ptr_equal(CharPrevW(w, w), w);
}

/* ---- MultiByteToWideChar ---- */
static void expect_mb_failure(UINT cp, DWORD flags, LPCCH in, int cb, LPWSTR out, int cch, DWORD error)
{
    SetLastError(0);
    assert_int_equal(MultiByteToWideChar(cp, flags, in, cb, out, cch), 0);
    assert_int_equal(GetLastError(), error);
}

static void test_multibyte_to_wide(void **state)
{
    (void)state;
    WCHAR out[32];
    assert_int_equal(GetACP(), CP_UTF8);
    assert_int_equal(GetOEMCP(), CP_UTF8);
    const char *text = "h\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"; /* h é € 😀 */
    assert_int_equal(MultiByteToWideChar(CP_UTF8, 0, text, -1, NULL, 0), 6); /* pair + terminator */
    assert_int_equal(MultiByteToWideChar(CP_UTF8, 0, text, -1, out, 32), 6);
    assert_memory_equal(out, u"h\u00e9\u20ac\U0001F600", 6 * sizeof(WCHAR));
    for (UINT cp = CP_ACP; cp <= CP_THREAD_ACP; cp++) /* the ANSI code pages are UTF-8 */
        assert_int_equal(MultiByteToWideChar(cp, MB_PRECOMPOSED, text, -1, out, 32), 6);
    /* An explicit size converts exactly that, terminator or not. */
    assert_int_equal(MultiByteToWideChar(CP_UTF8, 0, "ab\0c", 4, out, 32), 4);
    assert_memory_equal(out, u"ab\0c", 4 * sizeof(WCHAR));

    /* Invalid UTF-8: one U+FFFD per maximal invalid subpart. */
    static const struct {
        const char *in;
        const WCHAR *expected;
    } invalid[] = {
        {"\xC0\x80", u"\ufffd\ufffd"},                 /* overlong NUL */
        {"a\x80z", u"a\ufffdz"},                       /* stray continuation */
        {"\xE2\x82z", u"\ufffdz"},                     /* cut short: one */
        {"\xED\xA0\x80", u"\ufffd\ufffd\ufffd"},       /* an encoded surrogate */
        {"\xF4\x90\x80\x80", u"\ufffd\ufffd\ufffd\ufffd"}, /* above U+10FFFF */
        {"\xF0\x9F\x98", u"\ufffd"},                   /* cut short at the end */
        {"\xFF\xFE", u"\ufffd\ufffd"},
    };
    for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
        int n = MultiByteToWideChar(CP_UTF8, 0, invalid[i].in, -1, out, 32);
        assert_int_equal(n, (int)wide_length(invalid[i].expected) + 1);
        assert_wide_equal(out, invalid[i].expected);
        expect_mb_failure(CP_UTF8, MB_ERR_INVALID_CHARS, invalid[i].in, -1, out, 32, ERROR_NO_UNICODE_TRANSLATION);
        expect_mb_failure(CP_UTF8, MB_ERR_INVALID_CHARS, invalid[i].in, -1, NULL, 0, ERROR_NO_UNICODE_TRANSLATION);
    }

    /* Too small: the units that fit are written, then ERROR_INSUFFICIENT_BUFFER. */
    memset(out, 0, sizeof(out));
    expect_mb_failure(CP_UTF8, 0, "abcdef", -1, out, 3, ERROR_INSUFFICIENT_BUFFER);
    assert_memory_equal(out, u"abc", 3 * sizeof(WCHAR));
    expect_mb_failure(CP_UTF8, 0, "a\xF0\x9F\x98\x80", -1, out, 2, ERROR_INSUFFICIENT_BUFFER); /* no half pair */

    /* Argument checks, in Windows' order. */
    expect_mb_failure(CP_UTF8, 0, NULL, -1, out, 32, ERROR_INVALID_PARAMETER);
    expect_mb_failure(CP_UTF8, 0, "a", 0, out, 32, ERROR_INVALID_PARAMETER);
    expect_mb_failure(CP_UTF8, 0, "a", -2, out, 32, ERROR_INVALID_PARAMETER);
    expect_mb_failure(CP_UTF8, 0, "a", -1, out, -1, ERROR_INVALID_PARAMETER);
    expect_mb_failure(CP_UTF8, 0, "a", -1, NULL, 4, ERROR_INVALID_PARAMETER);
    expect_mb_failure(CP_UTF8, 0, (LPCCH)out, 2, out, 4, ERROR_INVALID_PARAMETER);
    expect_mb_failure(1252, 0, "a", -1, out, 32, ERROR_INVALID_PARAMETER);
    expect_mb_failure(12345, 0xFFFF, "a", -1, out, 32, ERROR_INVALID_PARAMETER); /* code page before flags */
    expect_mb_failure(CP_UTF8, MB_PRECOMPOSED, "a", -1, out, 32, ERROR_INVALID_FLAGS);
    expect_mb_failure(CP_ACP, MB_PRECOMPOSED | MB_COMPOSITE, "a", -1, out, 32, ERROR_INVALID_FLAGS);
    expect_mb_failure(CP_ACP, 0x100, "a", -1, out, 32, ERROR_INVALID_FLAGS);
    expect_mb_failure(CP_UTF8, 0x100, NULL, -1, out, 32, ERROR_INVALID_PARAMETER); /* parameters first */
}

/* ---- WideCharToMultiByte ---- */
static void expect_wc_failure(UINT cp, DWORD flags, LPCWCH in, int cch, LPSTR out, int cb, LPCCH def, LPBOOL used,
                              DWORD error)
{
    SetLastError(0);
    assert_int_equal(WideCharToMultiByte(cp, flags, in, cch, out, cb, def, used), 0);
    assert_int_equal(GetLastError(), error);
}

static void test_wide_to_multibyte(void **state)
{
    (void)state;
    char out[32];
    const WCHAR *text = u"h\u00e9\u20ac\U0001F600";
    assert_int_equal(WideCharToMultiByte(CP_UTF8, 0, text, -1, NULL, 0, NULL, NULL), 11);
    assert_int_equal(WideCharToMultiByte(CP_UTF8, 0, text, -1, out, 32, NULL, NULL), 11);
    assert_string_equal(out, "h\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
    assert_int_equal(WideCharToMultiByte(CP_UTF8, 0, text, 2, out, 32, NULL, NULL), 3); /* no terminator */

    /* Unpaired surrogates: U+FFFD, or failure with WC_ERR_INVALID_CHARS. */
    static const WCHAR lone[] = {'a', 0xD800, 'b', 0xDC00, 0};
    assert_int_equal(WideCharToMultiByte(CP_UTF8, 0, lone, -1, out, 32, NULL, NULL), 9);
    assert_string_equal(out, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    expect_wc_failure(CP_UTF8, WC_ERR_INVALID_CHARS, lone, -1, out, 32, NULL, NULL, ERROR_NO_UNICODE_TRANSLATION);
    static const WCHAR high_at_end[] = {'a', 0xD83D};
    assert_int_equal(WideCharToMultiByte(CP_UTF8, 0, high_at_end, 2, out, 32, NULL, NULL), 4);

    /* CP_ACP takes the default-character arguments as Windows' ANSI code pages do. */
    BOOL used = 7;
    assert_int_equal(WideCharToMultiByte(CP_ACP, WC_NO_BEST_FIT_CHARS, text, -1, out, 32, NULL, &used), 11);
    assert_int_equal(used, FALSE);
    assert_int_equal(WideCharToMultiByte(CP_ACP, 0, lone, -1, out, 32, "?", &used), 5);
    assert_int_equal(used, TRUE);
    assert_string_equal(out, "a?b?");
    assert_int_equal(WideCharToMultiByte(CP_ACP, 0, lone, -1, NULL, 0, NULL, &used), 9);
    assert_int_equal(used, TRUE);

    /* Too small: whole characters that fit, then ERROR_INSUFFICIENT_BUFFER. */
    memset(out, 'x', sizeof(out));
    expect_wc_failure(CP_UTF8, 0, u"a\u00e9", -1, out, 2, NULL, NULL, ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(out[0], 'a');
    assert_int_equal(out[1], 'x'); /* é (2 bytes) was not cut */

    expect_wc_failure(CP_UTF8, 0, NULL, -1, out, 32, NULL, NULL, ERROR_INVALID_PARAMETER);
    expect_wc_failure(CP_UTF8, 0, u"a", 0, out, 32, NULL, NULL, ERROR_INVALID_PARAMETER);
    expect_wc_failure(CP_UTF8, 0, u"a", -2, out, 32, NULL, NULL, ERROR_INVALID_PARAMETER);
    expect_wc_failure(CP_UTF8, 0, u"a", -1, out, -1, NULL, NULL, ERROR_INVALID_PARAMETER);
    expect_wc_failure(CP_UTF8, 0, u"a", -1, NULL, 3, NULL, NULL, ERROR_INVALID_PARAMETER);
    expect_wc_failure(CP_UTF8, 0, (LPCWCH)out, 1, out, 3, NULL, NULL, ERROR_INVALID_PARAMETER);
    expect_wc_failure(1252, 0, u"a", -1, out, 32, NULL, NULL, ERROR_INVALID_PARAMETER);
    expect_wc_failure(CP_UTF8, 0, u"a", -1, out, 32, "?", NULL, ERROR_INVALID_PARAMETER);
    expect_wc_failure(CP_UTF8, 0, u"a", -1, out, 32, NULL, &used, ERROR_INVALID_PARAMETER);
    expect_wc_failure(CP_UTF8, WC_NO_BEST_FIT_CHARS, u"a", -1, out, 32, "?", NULL, ERROR_INVALID_PARAMETER);
    expect_wc_failure(CP_UTF8, WC_NO_BEST_FIT_CHARS, u"a", -1, out, 32, NULL, NULL, ERROR_INVALID_FLAGS);
    expect_wc_failure(CP_ACP, 0x1, u"a", -1, out, 32, NULL, NULL, ERROR_INVALID_FLAGS);
}

/* Every code point survives UTF-16 -> UTF-8 -> UTF-16 and is encoded as UTF-8 says. */
static void test_round_trip_all_code_points(void **state)
{
    (void)state;
    for (uint32_t cp = 1; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        WCHAR wide[3] = {0};
        int units = 1;
        if (cp >= 0x10000) {
            wide[0] = (WCHAR)(0xD800 + ((cp - 0x10000) >> 10));
            wide[1] = (WCHAR)(0xDC00 + ((cp - 0x10000) & 0x3FF));
            units = 2;
        } else {
            wide[0] = (WCHAR)cp;
        }
        char bytes[8];
        int n = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, wide, units, bytes, 8, NULL, NULL);
        int expected = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (n != expected)
            fail_msg("U+%04X: %d bytes", (unsigned)cp, n);
        WCHAR back[3] = {0};
        if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, bytes, n, back, 3) != units ||
            memcmp(back, wide, sizeof(back)) != 0)
            fail_msg("U+%04X does not come back", (unsigned)cp);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lstrlen),
        cmocka_unit_test(test_lstrcpy_lstrcat),
        cmocka_unit_test(test_lstrcpyn),
        cmocka_unit_test(test_lstrcmp_order),
        cmocka_unit_test(test_lstrcmpi),
        cmocka_unit_test(test_char_case),
        cmocka_unit_test(test_char_next_prev),
        cmocka_unit_test(test_multibyte_to_wide),
        cmocka_unit_test(test_wide_to_multibyte),
        cmocka_unit_test(test_round_trip_all_code_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
