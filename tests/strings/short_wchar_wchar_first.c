/*
 * short_wchar_wchar_first.c - -fshort-wchar with <wchar.h> (and <string.h>) included before
 * windows.h, as many sources do: the Windows names still reach the 16-bit functions. And
 * tchar.h with UNICODE/_UNICODE under -fshort-wchar: _T("") and TEXT("") are L"" literals.
 */
#include <wchar.h>
#include <string.h>
#include <stdlib.h>

#define UNICODE 1
#define _UNICODE 1
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "windows.h"
#include "tchar.h"

_Static_assert(__builtin_types_compatible_p(TCHAR, wchar_t), "TCHAR is wchar_t");
_Static_assert(__builtin_types_compatible_p(__typeof__(TEXT("x")[0]), wchar_t), "TEXT() is L\"\"");

#define TCHAR_CASE_NAME test_tchar_short_wchar
#include "tchar_cases.h"

void run_short_wchar_wchar_first(void **state);
void run_short_wchar_wchar_first(void **state)
{
    (void)state;
    wchar_t buffer[16];
    const wchar_t *text = L"H\u00e9llo";
    assert_int_equal(wcslen(text), 5);
    assert_int_equal(lstrlenW(text), 5);
    wcscpy(buffer, text);
    assert_int_equal(_wcsicmp(buffer, L"h\u00e9LLO"), 0);
    assert_int_equal(lstrcmpW(buffer, text), 0);
    assert_int_equal(strlen("abc"), 3); /* the C library's narrow functions are untouched */
}

void run_short_wchar_tchar_unicode(void **state);
void run_short_wchar_tchar_unicode(void **state)
{
    test_tchar_short_wchar(state);
}
