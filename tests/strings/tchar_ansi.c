/* tchar.h without UNICODE and _UNICODE: _TCHAR is char, _tcs* are the C library's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "windows.h"
#include "tchar.h"

/* The test copies with _tcsncpy (strncpy here) without a terminator on purpose. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#endif
#define TCHAR_CASE_NAME test_tchar_ansi
#include "tchar_cases.h"

void run_tchar_ansi(void **state);
void run_tchar_ansi(void **state)
{
    test_tchar_ansi(state);
}
