/*
 * tchar_cases.h - one tchar.h test body, compiled in several modes: without UNICODE, with
 * UNICODE and _UNICODE, and with -fshort-wchar (tests/strings/tests.cmake). The includer
 * defines TCHAR_CASE_NAME and includes windows.h and tchar.h (in its own order) first.
 */
#include <stdlib.h>

static void TCHAR_CASE_NAME(void **state)
{
    (void)state;
    _TCHAR buffer[32];
    /* _TCHAR, _T and TCHAR, TEXT agree when UNICODE and _UNICODE agree, as Windows programs set them. */
    assert_int_equal(sizeof(_TCHAR), sizeof(TCHAR));
    assert_int_equal(sizeof(_T("ab")), 3 * sizeof(_TCHAR));
    assert_int_equal(sizeof(_TEXT("ab")), sizeof(TEXT("ab")));
    assert_int_equal(_tcslen(_T("hello")), 5);
    assert_int_equal(_tcsnlen(_T("hello"), 3), 3);
    assert_ptr_equal(_tcscpy(buffer, _T("abc")), buffer);
    assert_ptr_equal(_tcscat(buffer, _T("def")), buffer);
    assert_int_equal(_tcscmp(buffer, _T("abcdef")), 0);
    assert_true(_tcscmp(_T("abc"), _T("abd")) < 0);
    assert_true(_tcscmp(_T("abd"), _T("abc")) > 0);
    assert_int_equal(_tcsncmp(_T("abcX"), _T("abcY"), 3), 0);
    assert_int_equal(_tcsicmp(_T("HeLLo"), _T("hello")), 0);
    assert_true(_tcsicmp(_T("a"), _T("B")) < 0);
    assert_int_equal(_tcsnicmp(_T("ABCx"), _T("abcy"), 3), 0);
    assert_ptr_equal(_tcschr(buffer, 'c'), buffer + 2);
    assert_null(_tcschr(buffer, 'q'));
    const _TCHAR *path = _T("a/b/c");
    assert_ptr_equal(_tcsrchr(path, '/'), path + 3);
    assert_ptr_equal(_tcschr(path, '/'), path + 1);
    assert_ptr_equal(_tcsstr(buffer, _T("cd")), buffer + 2);
    assert_null(_tcsstr(buffer, _T("dc")));
    assert_int_equal(_tcsspn(buffer, _T("ba")), 2);
    assert_int_equal(_tcscspn(buffer, _T("ed")), 3);
    assert_ptr_equal(_tcspbrk(buffer, _T("fe")), buffer + 4);
    assert_ptr_equal(_tcsncpy(buffer, _T("xyz"), 2), buffer);
    assert_int_equal(_tcscmp(buffer, _T("xycdef")), 0);
    assert_ptr_equal(_tcsncat(buffer, _T("123"), 2), buffer);
    assert_int_equal(_tcscmp(buffer, _T("xycdef12")), 0);
    assert_int_equal(_tcscmp(_tcsupr(buffer), _T("XYCDEF12")), 0);
    assert_int_equal(_tcscmp(_tcslwr(buffer), _T("xycdef12")), 0);
    _TCHAR *copy = _tcsdup(buffer);
    assert_non_null(copy);
    assert_int_equal(_tcscmp(copy, buffer), 0);
    free(copy);

    /* The Windows functions follow TCHAR. */
    TCHAR text[64];
    int length = wsprintf(text, TEXT("%s-%d-%c"), TEXT("n\u00e9"), 5, 'z');
    assert_int_equal(lstrcmp(text, TEXT("n\u00e9-5-z")), 0);
    assert_int_equal(lstrlen(text), sizeof(TCHAR) == 1 ? 7 : 6); /* UTF-8 bytes or UTF-16 units */
    assert_int_equal(length, lstrlen(text));
    assert_int_equal(lstrcmpi(CharUpper(text), TEXT("N\u00c9-5-Z")), 0);
    assert_int_equal(lstrcmp(text, TEXT("N\u00c9-5-Z")), 0);
}
