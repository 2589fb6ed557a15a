/* tchar.h with UNICODE and _UNICODE, tchar.h first: _TCHAR is WCHAR (16 bits) and _tcs* the
 * 16-bit functions of portacm_wchar.h. */
#define UNICODE 1
#define _UNICODE 1
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tchar.h"
#include "windows.h"

#define TCHAR_CASE_NAME test_tchar_unicode
#include "tchar_cases.h"

void run_tchar_unicode(void **state);
void run_tchar_unicode(void **state)
{
    assert_int_equal(sizeof(_TCHAR), 2);
    test_tchar_unicode(state);
}
