/*
 * test_short_wchar.c - a Windows source compiled with -fshort-wchar (issue 13 items 5 and 9):
 * WCHAR is wchar_t, L"" literals go to the W functions and into WCHAR arrays, and wcslen,
 * wcscpy, _wcsicmp ... reached through windows.h walk 16-bit units. windows.h comes first
 * here and <wchar.h> after it; short_wchar_wchar_first.c has the other order (and tchar.h
 * with UNICODE); both are compiled with -fshort-wchar.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "windows.h"
#include <wchar.h>
#include <stdlib.h>

_Static_assert(sizeof(wchar_t) == 2, "compiled with -fshort-wchar");
_Static_assert(__builtin_types_compatible_p(WCHAR, wchar_t), "WCHAR is wchar_t under -fshort-wchar");
_Static_assert(__builtin_types_compatible_p(LPCWSTR, const wchar_t *), "LPCWSTR is const wchar_t *");

void run_short_wchar_wchar_first(void **state);
void run_short_wchar_tchar_unicode(void **state);

static void test_literals_with_w_functions(void **state)
{
    (void)state;
    WCHAR buffer[64];
    wchar_t *same = buffer; /* one type: no cast */
    assert_ptr_equal(lstrcpyW(same, L"h\u00e9llo"), buffer);
    assert_int_equal(lstrlenW(buffer), 5);
    assert_int_equal(lstrcmpW(buffer, L"h\u00e9llo"), 0);
    assert_int_equal(lstrcmpiW(buffer, L"H\u00c9LLO"), 0);
    assert_int_equal(wsprintfW(buffer, L"%s=%d %S", L"x", 3, "\xC3\xA9"), 5);
    assert_int_equal(lstrcmpW(buffer, L"x=3 \u00e9"), 0);
    assert_int_equal(MultiByteToWideChar(CP_UTF8, 0, "\xF0\x9F\x98\x80", -1, buffer, 64), 3);
    assert_int_equal(wmemcmp(buffer, L"\U0001F600", 3), 0); /* L"" is UTF-16: a surrogate pair */
    char narrow[16];
    assert_int_equal(WideCharToMultiByte(CP_UTF8, 0, L"\u20ac", -1, narrow, 16, NULL, NULL), 4);
    assert_string_equal(narrow, "\xE2\x82\xAC");
    static const WCHAR table[][8] = {L"one", L"two"}; /* WCHAR arrays from L"" initialisers */
    assert_int_equal(lstrlenW(table[1]), 3);
}

static void test_wide_c_functions(void **state)
{
    (void)state;
    wchar_t buffer[32];
    assert_int_equal(wcslen(L"hello"), 5);
    assert_int_equal(wcslen(L"\U0001F600"), 2);
    assert_int_equal(wcsnlen(L"hello", 2), 2);
    assert_ptr_equal(wcscpy(buffer, L"abc"), buffer);
    assert_ptr_equal(wcscat(buffer, L"DEF"), buffer);
    assert_int_equal(wcscmp(buffer, L"abcDEF"), 0);
    assert_true(wcscmp(buffer, L"abd") < 0);
    assert_true(wcscmp(L"\uffff", L"a") > 0); /* units compare unsigned */
    assert_int_equal(wcsncmp(buffer, L"abcX", 3), 0);
    assert_int_equal(_wcsicmp(buffer, L"ABCdef"), 0);
    assert_true(_wcsicmp(L"a", L"B") < 0);
    assert_int_equal(_wcsnicmp(buffer, L"ABCx", 3), 0);
    assert_int_equal(wcsicmp(buffer, L"abcdef"), 0);
    assert_ptr_equal(wcschr(buffer, L'D'), buffer + 3);
    assert_ptr_equal(wcschr(buffer, 0), buffer + 6);
    assert_null(wcschr(buffer, L'z'));
    const wchar_t *dots = L"a.b.c";
    assert_ptr_equal(wcsrchr(dots, L'.'), dots + 3);
    assert_ptr_equal(wcsstr(buffer, L"cD"), buffer + 2);
    assert_null(wcsstr(buffer, L"Dc"));
    assert_int_equal(wcsspn(buffer, L"ba"), 2);
    assert_int_equal(wcscspn(buffer, L"FE"), 4);
    assert_ptr_equal(wcspbrk(buffer, L"FE"), buffer + 4);
    wcsncpy(buffer, L"xy", 4);
    assert_int_equal(wmemcmp(buffer, L"xy\0\0EF", 6), 0); /* padded with zeros up to n */
    wcscpy(buffer, L"ab");
    assert_int_equal(wcscmp(wcsncat(buffer, L"cdef", 2), L"abcd"), 0);
    wchar_t *copy = _wcsdup(buffer);
    assert_int_equal(wcscmp(copy, L"abcd"), 0);
    free(copy);
    assert_int_equal(wcscmp(_wcsupr(buffer), L"ABCD"), 0);
    assert_int_equal(wcscmp(_wcslwr(buffer), L"abcd"), 0);
    wmemset(buffer, L'q', 3);
    assert_ptr_equal(wmemchr(buffer, L'd', 4), buffer + 3);
    wmemcpy(buffer + 4, buffer, 2);
    wmemmove(buffer + 1, buffer, 3);
    assert_int_equal(wmemcmp(buffer, L"qqqqqq", 6), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literals_with_w_functions),
        cmocka_unit_test(test_wide_c_functions),
        cmocka_unit_test(run_short_wchar_wchar_first),
        cmocka_unit_test(run_short_wchar_tchar_unicode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
