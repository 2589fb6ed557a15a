/*
 * tchar.h - the generic-text names of Microsoft's C runtime: one source for narrow and wide
 * builds. _UNICODE (with the underscore, as in Microsoft's tchar.h) selects the wide forms:
 * _TCHAR is WCHAR (16-bit UTF-16 units, wchar_t itself under -fshort-wchar) and the _tcs*
 * names are the 16-bit functions of portacm_wchar.h; without it _TCHAR is char (UTF-8) and the
 * _tcs* names are the C library's (through the compiler's __builtin_ forms, so no C library
 * header is included). Windows programs define UNICODE and _UNICODE together: UNICODE selects
 * TCHAR, TEXT() and the W functions (windef.h), _UNICODE what is here.
 *
 * Provided: _TCHAR, _TSCHAR, _TUCHAR, _TXCHAR, _TINT, _T, _TEXT, __T, _tcslen, _tcsnlen,
 * _tcsclen, _tcscpy, _tcsncpy, _tcscat, _tcsncat, _tcscmp, _tcsncmp, _tcsicmp, _tcsnicmp,
 * _tcschr, _tcsrchr, _tcsstr, _tcsspn, _tcscspn, _tcspbrk, _tcsdup (free with free()),
 * _tcslwr, _tcsupr, _tmain, _tWinMain. Not provided: the formatted I/O names (_stprintf,
 * _tprintf ...) and the conversions (_tstoi ...): the C library has no 16-bit wide versions of
 * those; use wsprintf/wvsprintf (winuser.h), which follow TCHAR.
 */
#ifndef PORTACM_TCHAR_H
#define PORTACM_TCHAR_H

#include "windef.h"
#include "portacm_wchar.h"

PORTACM_EXTERN_C_BEGIN

/* The ANSI forms that have no compiler built-in: ASCII letters folded (the "C" locale). */
PACM_WCS_INLINE_ int pacm_strnicmp8(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        unsigned ca = (unsigned char)*a, cb = (unsigned char)*b;
        ca = ca >= 'A' && ca <= 'Z' ? ca + ('a' - 'A') : ca;
        cb = cb >= 'A' && cb <= 'Z' ? cb + ('a' - 'A') : cb;
        if (ca != cb)
            return ca < cb ? -1 : 1;
        if (!ca)
            break;
    }
    return 0;
}
PACM_WCS_INLINE_ int pacm_stricmp8(const char *a, const char *b)
{
    return pacm_strnicmp8(a, b, (size_t)-1);
}
PACM_WCS_INLINE_ size_t pacm_strnlen8(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}
PACM_WCS_INLINE_ char *pacm_strdup8(const char *s)
{
    size_t bytes = __builtin_strlen(s) + 1;
    char *copy = (char *)__builtin_malloc(bytes);
    if (copy)
        __builtin_memcpy(copy, s, bytes);
    return copy;
}
PACM_WCS_INLINE_ char *pacm_strlwr8(char *s)
{
    for (char *p = s; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p + ('a' - 'A'));
    return s;
}
PACM_WCS_INLINE_ char *pacm_strupr8(char *s)
{
    for (char *p = s; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - ('a' - 'A'));
    return s;
}

PORTACM_EXTERN_C_END

#undef _T
#undef _TEXT
#undef __T

#ifdef _UNICODE
typedef WCHAR _TCHAR;
typedef WCHAR _TSCHAR;
typedef WCHAR _TUCHAR;
typedef WCHAR _TXCHAR;
typedef int _TINT;
#ifdef PORTACM_SHORT_WCHAR
#define __T(x) L##x
#else
#define __T(x) u##x
#endif
#define _tcslen pacm_wcslen16
#define _tcsnlen pacm_wcsnlen16
#define _tcsclen pacm_wcslen16
#define _tcscpy pacm_wcscpy16
#define _tcsncpy pacm_wcsncpy16
#define _tcscat pacm_wcscat16
#define _tcsncat pacm_wcsncat16
#define _tcscmp pacm_wcscmp16
#define _tcsncmp pacm_wcsncmp16
#define _tcsicmp pacm_wcsicmp16
#define _tcsnicmp pacm_wcsnicmp16
#define _tcschr pacm_wcschr16
#define _tcsrchr pacm_wcsrchr16
#define _tcsstr pacm_wcsstr16
#define _tcsspn pacm_wcsspn16
#define _tcscspn pacm_wcscspn16
#define _tcspbrk pacm_wcspbrk16
#define _tcsdup pacm_wcsdup16
#define _tcslwr pacm_wcslwr16
#define _tcsupr pacm_wcsupr16
#define _tmain wmain
#define _tWinMain wWinMain
#else
typedef char _TCHAR;
typedef signed char _TSCHAR;
typedef unsigned char _TUCHAR;
typedef unsigned char _TXCHAR;
typedef int _TINT;
#define __T(x) x
#define _tcslen __builtin_strlen
#define _tcsnlen pacm_strnlen8
#define _tcsclen __builtin_strlen
#define _tcscpy __builtin_strcpy
#define _tcsncpy __builtin_strncpy
#define _tcscat __builtin_strcat
#define _tcsncat __builtin_strncat
#define _tcscmp __builtin_strcmp
#define _tcsncmp __builtin_strncmp
#define _tcsicmp pacm_stricmp8
#define _tcsnicmp pacm_strnicmp8
#define _tcschr __builtin_strchr
#define _tcsrchr __builtin_strrchr
#define _tcsstr __builtin_strstr
#define _tcsspn __builtin_strspn
#define _tcscspn __builtin_strcspn
#define _tcspbrk __builtin_strpbrk
#define _tcsdup pacm_strdup8
#define _tcslwr pacm_strlwr8
#define _tcsupr pacm_strupr8
#define _tmain main
#define _tWinMain WinMain
#endif
#define _T(x) __T(x)
#define _TEXT(x) __T(x)

#endif /* PORTACM_TCHAR_H */
