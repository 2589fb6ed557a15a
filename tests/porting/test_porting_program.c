/*
 * test_porting_program.c - a program's own resources (portacm_add_resources on an executable):
 * FindResource and LoadString with a NULL module and with GetModuleHandle(NULL).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <windows.h>

static void test_program_strings(void **state)
{
    (void)state;
    char text[32];
    assert_int_equal(LoadStringA(NULL, 1, text, sizeof text), 14);
    assert_string_equal(text, "program string");
    WCHAR wide[32];
    assert_int_equal(LoadStringW(GetModuleHandleW(NULL), 33, wide, 32), 11);
    assert_memory_equal(wide, u"block three", 12 * sizeof(WCHAR));
    SetLastError(0);
    assert_int_equal(LoadStringA(NULL, 2, text, sizeof text), 0);
    assert_string_equal(text, "");
}

static void test_program_data(void **state)
{
    (void)state;
    HRSRC found = FindResourceA(NULL, "ProgramData", (LPCSTR)RT_RCDATA);
    assert_non_null(found);
    assert_int_equal(SizeofResource(NULL, found), 5);
    assert_memory_equal(LockResource(LoadResource(NULL, found)), "raw\x0b\x0a", 5);
    assert_ptr_equal(FindResourceW(GetModuleHandleW(NULL), u"PROGRAMDATA", (LPCWSTR)RT_RCDATA), found);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_program_strings),
        cmocka_unit_test(test_program_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
