/*
 * test_tchar.c - tchar.h (issue 13 item 5) with UNICODE/_UNICODE off (tchar_ansi.c) and on
 * (tchar_unicode.c): the same test body, tchar_cases.h, in both modes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

void run_tchar_ansi(void **state);
void run_tchar_unicode(void **state);

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(run_tchar_ansi),
        cmocka_unit_test(run_tchar_unicode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
