/*
 * test_win32_wsprintf.c - wsprintfA/W and wvsprintfA/W (issue 13 item 5): every type and size
 * of Windows' format language, flags, width and precision, strings of both widths, NULL
 * strings, the 1024-character limit (never cutting a character), and what is not supported
 * (floating point) printing as Windows prints it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "windows.h"
#include "strings_test.h"

#define CHECK_A(expected, ...)                                       \
    do {                                                             \
        char out_[1100];                                             \
        int n_ = wsprintfA(out_, __VA_ARGS__);                       \
        assert_string_equal(out_, expected);                         \
        assert_int_equal(n_, (int)strlen(expected));                 \
    } while (0)

#define CHECK_W(expected, ...)                                       \
    do {                                                             \
        WCHAR out_[1100];                                            \
        int n_ = wsprintfW(out_, __VA_ARGS__);                       \
        assert_wide_equal(out_, expected);                           \
        assert_int_equal(n_, (int)wide_length(expected));            \
    } while (0)

static void test_integers(void **state)
{
    (void)state;
    CHECK_A("42 -42 4294967254", "%d %i %u", 42, -42, -42);
    CHECK_A("ff FF 0xff 0XFF", "%x %X %#x %#X", 255, 255, 255, 255);
    CHECK_A("-000000001", "%010ld", -1); /* Wine's test of Windows */
    CHECK_A("[   42][42   ][00042][  -0042]", "[%5d][%-5d][%05d][%7.4d]", 42, 42, 42, -42);
    CHECK_A("[42   ]", "[%-05d]", 42); /* '-' wins over '0' */
    CHECK_A("-2147483648 2147483647", "%ld %li", (LONG)INT32_MIN, (LONG)INT32_MAX);
    CHECK_A("4294967295 ffffffff", "%lu %lx", (DWORD)0xFFFFFFFF, (DWORD)0xFFFFFFFF);
    CHECK_A("-1 65535 ffff", "%hd %hu %hx", 0xFFFF, -1, -1); /* h: cut to 16 bits */
    /* Windows' 64-bit and pointer-sized forms (Wine's tests, run on Windows). */
    CHECK_A("123450067890A", "%I64X", ((ULONGLONG)0x12345 << 32) | 0x67890a);
    CHECK_A("67890A", "%I32X", 0x67890a);
    CHECK_A("543210000000", "%I64d", (LONGLONG)543210 * 1000000);
    CHECK_A("FFFFFFFFFFFEDCBB", "%I64X", (LONGLONG)-0x12345);
    CHECK_A("18446744073709551493", "%I64u", (LONGLONG)-123);
    CHECK_A("-12345", "%Id", (INT_PTR)-12345);
    CHECK_A("fffffffffffedcbb", "%Ix", (INT_PTR)-0x12345);
    CHECK_A("FFFFFFFFFFFEDCBB", "%p", (void *)(INT_PTR)-0x12345);
    CHECK_A("00000000000000FF", "%p", (void *)(UINT_PTR)255);
    CHECK_A("0", "%d", 0);
    CHECK_W(u"-000000001", u"%010ld", -1);
    CHECK_W(u"7 ab CD", u"%u %x %X", 7, 0xab, 0xcd);
}

static void test_characters_and_strings(void **state)
{
    (void)state;
    CHECK_A("a b", "%c %c", 'a', 'b');
    CHECK_A("ab", "a%cb", 0); /* a zero character prints nothing */
    CHECK_A("\xC3\xA9", "%C", 0xE9); /* a WCHAR into UTF-8 */
    CHECK_A("\xC3\xA9|x", "%lc|%hc", 0xE9, 'x');
    CHECK_A("hello h\xC3\xA9llo", "%s %S", "hello", u"h\u00e9llo");
    CHECK_A("wide narrow wide", "%ls %hs %ws", u"wide", "narrow", u"wide");
    CHECK_A("[  abc][abc  ][ab][\xE2\x82\xAC]", "[%5s][%-5s][%.2s][%.3S]", "abc", "abc", "abcdef", u"\u20ac\u20ac");
    CHECK_A("[]", "[%.2S]", u"\u20ac"); /* precision in output bytes, never cutting a character */
    CHECK_A("(null) (null)", "%s %S", (char *)NULL, (WCHAR *)NULL);
    CHECK_W(u"\u00e9 b \ufffd", u"%c %C %C", 0xE9, 'b', 0xE9); /* W: %c is a WCHAR, %C a char (UTF-8) */
    CHECK_W(u"wide h\u00e9llo", u"%s %S", u"wide", "h\xC3\xA9llo"); /* W: %s wide, %S UTF-8 */
    CHECK_W(u"n w", u"%hs %ls", "n", u"w");
    CHECK_W(u"[][\U0001F600][ \U0001F600]", u"[%.1s][%.2s][%3s]", u"\U0001F600", u"\U0001F600\U0001F600", u"\U0001F600");
    CHECK_W(u"(null)", u"%s", (WCHAR *)NULL);
    CHECK_W(u"\ufffd", u"%S", "\xFF"); /* invalid UTF-8 converts as U+FFFD */
}

static void test_unsupported_and_odd(void **state)
{
    (void)state;
    CHECK_A("100%", "100%%");
    CHECK_A("f 1", "%f %d", 1); /* no floating point: %f prints "f" and takes no argument */
    CHECK_A("k", "%k");
    CHECK_A("end", "end%");
    CHECK_W(u"50% f", u"50%% %f");
}

static int call_wvsprintfA(char *out, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    int n = wvsprintfA(out, format, args);
    va_end(args);
    return n;
}

static int call_wvsprintfW(WCHAR *out, const WCHAR *format, ...)
{
    va_list args;
    va_start(args, format);
    int n = wvsprintfW(out, format, args);
    va_end(args);
    return n;
}

static void test_wvsprintf_and_null(void **state)
{
    (void)state;
    char out[64];
    WCHAR wout[64];
    assert_int_equal(call_wvsprintfA(out, "%s=%d", "x", 5), 3);
    assert_string_equal(out, "x=5");
    assert_int_equal(call_wvsprintfW(wout, u"%s=%d", u"y", 6), 3);
    assert_wide_equal(wout, u"y=6");
    SetLastError(0);
    assert_int_equal(wsprintfA(NULL, "abc"), 0);
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    strcpy(out, "junk");
    assert_int_equal(wsprintfA(out, NULL), 0);
    assert_string_equal(out, "");
    assert_int_equal(wsprintfW(NULL, u"abc"), 0);
}

/* At most 1024 characters with the terminator: 1023 stored, returned, and never half a
 * character (a UTF-8 sequence or a surrogate pair) at the cut. */
static void test_limit(void **state)
{
    (void)state;
    char big[2000];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    char out[2048];
    memset(out, 'z', sizeof(out));
    assert_int_equal(wsprintfA(out, "%s", big), 1023);
    assert_int_equal(strlen(out), 1023);
    assert_int_equal(out[1024], 'z'); /* nothing written past the limit */
    assert_int_equal(wsprintfA(out, "%s%s", big + 977, "tail"), 1023); /* 1022 a + "tail" cut */
    assert_int_equal(wsprintfA(out, "%.1022s%s", big, "\xE2\x82\xAC"), 1022); /* € does not fit whole */
    assert_int_equal(strlen(out), 1022);
    assert_int_equal(wsprintfA(out, "%1500d", 7), 1023);

    WCHAR wout[2048];
    WCHAR wbig[1100];
    for (size_t i = 0; i < 1099; i++)
        wbig[i] = 'b';
    wbig[1099] = 0;
    assert_int_equal(wsprintfW(wout, u"%s", wbig), 1023);
    assert_int_equal(wide_length(wout), 1023);
    wbig[1022] = 0;
    assert_int_equal(wsprintfW(wout, u"%s%s", wbig, u"\U0001F600"), 1022); /* no half pair */
    assert_int_equal(wide_length(wout), 1022);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_characters_and_strings),
        cmocka_unit_test(test_unsupported_and_odd),
        cmocka_unit_test(test_wvsprintf_and_null),
        cmocka_unit_test(test_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
