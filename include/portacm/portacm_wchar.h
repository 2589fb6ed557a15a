/*
 * portacm_wchar.h - the C library's wide-string functions for 16-bit strings (WCHAR, UTF-16
 * units), as Windows sources call them. Included by windef.h when the program is compiled with
 * -fshort-wchar, and by tchar.h; a program does not need to include it itself.
 *
 * The functions are static inline, named pacm_<name>16 (pacm_wcslen16 ...), so nothing is
 * exported and they work whatever wchar_t is. They count and compare 16-bit units: a surrogate
 * pair is two units, as in Microsoft's C runtime. _wcsicmp and _wcsnicmp ignore the case of the
 * ASCII letters only (the C runtime's "C" locale).
 *
 * With -fshort-wchar (__SIZEOF_WCHAR_T__ == 2), wchar_t is 16 bits and WCHAR is wchar_t, but
 * glibc's wcslen, wcscpy ... still walk 32-bit units and would read past 16-bit strings. This
 * header then first includes <wchar.h> (<cwchar> in C++), so that the C library's own
 * declarations are read under their own names, and then defines the Windows names as macros
 * for the 16-bit functions: wcslen, wcsnlen, wcscpy, wcsncpy, wcscat, wcsncat, wcscmp, wcsncmp,
 * wcschr, wcsrchr, wcsstr, wcsspn, wcscspn, wcspbrk, wmemcpy, wmemmove, wmemset, wmemcmp,
 * wmemchr, and the Microsoft names _wcsicmp, _wcsnicmp, _wcsdup, _wcslwr, _wcsupr (with their
 * old spellings wcsicmp, wcsnicmp, wcsdup). Including <wchar.h> before or after windows.h makes
 * no difference. In C++, std::wcslen ... name the same functions. Without -fshort-wchar none of
 * these names is defined: wchar_t strings stay the C library's business.
 */
#ifndef PORTACM_WCHAR_H
#define PORTACM_WCHAR_H

#include "windef.h"

#if defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2
#ifdef __cplusplus
#include <cwchar>
#else
#include <wchar.h>
#endif
#endif

#ifdef __cplusplus
#define PACM_WCS_INLINE_ inline
#else
#define PACM_WCS_INLINE_ static inline
#endif

PORTACM_EXTERN_C_BEGIN

/* The units before the first 0. */
PACM_WCS_INLINE_ size_t pacm_wcslen16(const WCHAR *s)
{
    const WCHAR *p = s;
    while (*p)
        p++;
    return (size_t)(p - s);
}
/* The units before the first 0, at most max. */
PACM_WCS_INLINE_ size_t pacm_wcsnlen16(const WCHAR *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}
PACM_WCS_INLINE_ WCHAR *pacm_wcscpy16(WCHAR *dst, const WCHAR *src)
{
    WCHAR *d = dst;
    while ((*d++ = *src++) != 0)
        ;
    return dst;
}
/* Copies at most n units; pads with 0 up to n when src is shorter; does not terminate a
 * truncated copy (as the C function). */
PACM_WCS_INLINE_ WCHAR *pacm_wcsncpy16(WCHAR *dst, const WCHAR *src, size_t n)
{
    size_t i = 0;
    for (; i < n && src[i]; i++)
        dst[i] = src[i];
    for (; i < n; i++)
        dst[i] = 0;
    return dst;
}
PACM_WCS_INLINE_ WCHAR *pacm_wcscat16(WCHAR *dst, const WCHAR *src)
{
    pacm_wcscpy16(dst + pacm_wcslen16(dst), src);
    return dst;
}
/* Appends at most n units of src and always a terminator. */
PACM_WCS_INLINE_ WCHAR *pacm_wcsncat16(WCHAR *dst, const WCHAR *src, size_t n)
{
    WCHAR *d = dst + pacm_wcslen16(dst);
    while (n-- && *src)
        *d++ = *src++;
    *d = 0;
    return dst;
}
/* Compares unit values (unsigned): <0, 0 or >0. */
PACM_WCS_INLINE_ int pacm_wcsncmp16(const WCHAR *a, const WCHAR *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (unsigned)*a < (unsigned)*b ? -1 : 1;
        if (!*a)
            break;
    }
    return 0;
}
PACM_WCS_INLINE_ int pacm_wcscmp16(const WCHAR *a, const WCHAR *b)
{
    return pacm_wcsncmp16(a, b, (size_t)-1);
}
PACM_WCS_INLINE_ unsigned pacm_wcsfold16_(unsigned c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}
/* As wcsncmp with the ASCII letters folded to lower case (other units compare as they are). */
PACM_WCS_INLINE_ int pacm_wcsnicmp16(const WCHAR *a, const WCHAR *b, size_t n)
{
    for (; n; n--, a++, b++) {
        unsigned ca = pacm_wcsfold16_(*a), cb = pacm_wcsfold16_(*b);
        if (ca != cb)
            return ca < cb ? -1 : 1;
        if (!ca)
            break;
    }
    return 0;
}
PACM_WCS_INLINE_ int pacm_wcsicmp16(const WCHAR *a, const WCHAR *b)
{
    return pacm_wcsnicmp16(a, b, (size_t)-1);
}
/* The first unit equal to c (c 0 finds the terminator), or NULL. */
PACM_WCS_INLINE_ WCHAR *pacm_wcschr16(const WCHAR *s, WCHAR c)
{
    for (;; s++) {
        if (*s == c)
            return (WCHAR *)s;
        if (!*s)
            return NULL;
    }
}
PACM_WCS_INLINE_ WCHAR *pacm_wcsrchr16(const WCHAR *s, WCHAR c)
{
    const WCHAR *found = NULL;
    for (;; s++) {
        if (*s == c)
            found = s;
        if (!*s)
            return (WCHAR *)found;
    }
}
PACM_WCS_INLINE_ WCHAR *pacm_wcsstr16(const WCHAR *s, const WCHAR *find)
{
    size_t n = pacm_wcslen16(find);
    for (; *s; s++)
        if (pacm_wcsncmp16(s, find, n) == 0)
            return (WCHAR *)s;
    return n ? NULL : (WCHAR *)s;
}
/* The length of the leading run of units found (accept true) or not found in set. */
PACM_WCS_INLINE_ size_t pacm_wcsspan16_(const WCHAR *s, const WCHAR *set, int accept)
{
    size_t n = 0;
    while (s[n] && (pacm_wcschr16(set, s[n]) != NULL) == (accept != 0))
        n++;
    return n;
}
PACM_WCS_INLINE_ size_t pacm_wcsspn16(const WCHAR *s, const WCHAR *set)
{
    return pacm_wcsspan16_(s, set, 1);
}
PACM_WCS_INLINE_ size_t pacm_wcscspn16(const WCHAR *s, const WCHAR *set)
{
    return pacm_wcsspan16_(s, set, 0);
}
PACM_WCS_INLINE_ WCHAR *pacm_wcspbrk16(const WCHAR *s, const WCHAR *set)
{
    s += pacm_wcscspn16(s, set);
    return *s ? (WCHAR *)s : NULL;
}
/* A copy in memory from malloc (free it with free), or NULL. */
PACM_WCS_INLINE_ WCHAR *pacm_wcsdup16(const WCHAR *s)
{
    size_t bytes = (pacm_wcslen16(s) + 1) * sizeof(WCHAR);
    WCHAR *copy = (WCHAR *)__builtin_malloc(bytes);
    if (copy)
        __builtin_memcpy(copy, s, bytes);
    return copy;
}
/* In place, ASCII letters only; returns s. */
PACM_WCS_INLINE_ WCHAR *pacm_wcslwr16(WCHAR *s)
{
    for (WCHAR *p = s; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (WCHAR)(*p + ('a' - 'A'));
    return s;
}
PACM_WCS_INLINE_ WCHAR *pacm_wcsupr16(WCHAR *s)
{
    for (WCHAR *p = s; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (WCHAR)(*p - ('a' - 'A'));
    return s;
}
PACM_WCS_INLINE_ WCHAR *pacm_wmemcpy16(WCHAR *dst, const WCHAR *src, size_t n)
{
    return (WCHAR *)__builtin_memcpy(dst, src, n * sizeof(WCHAR));
}
PACM_WCS_INLINE_ WCHAR *pacm_wmemmove16(WCHAR *dst, const WCHAR *src, size_t n)
{
    return (WCHAR *)__builtin_memmove(dst, src, n * sizeof(WCHAR));
}
PACM_WCS_INLINE_ WCHAR *pacm_wmemset16(WCHAR *dst, WCHAR c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = c;
    return dst;
}
PACM_WCS_INLINE_ int pacm_wmemcmp16(const WCHAR *a, const WCHAR *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return (unsigned)a[i] < (unsigned)b[i] ? -1 : 1;
    return 0;
}
PACM_WCS_INLINE_ WCHAR *pacm_wmemchr16(const WCHAR *s, WCHAR c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == c)
            return (WCHAR *)(s + i);
    return NULL;
}

PORTACM_EXTERN_C_END

#if defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2
#undef wcslen
#undef wcsnlen
#undef wcscpy
#undef wcsncpy
#undef wcscat
#undef wcsncat
#undef wcscmp
#undef wcsncmp
#undef wcschr
#undef wcsrchr
#undef wcsstr
#undef wcsspn
#undef wcscspn
#undef wcspbrk
#undef wmemcpy
#undef wmemmove
#undef wmemset
#undef wmemcmp
#undef wmemchr
#define wcslen pacm_wcslen16
#define wcsnlen pacm_wcsnlen16
#define wcscpy pacm_wcscpy16
#define wcsncpy pacm_wcsncpy16
#define wcscat pacm_wcscat16
#define wcsncat pacm_wcsncat16
#define wcscmp pacm_wcscmp16
#define wcsncmp pacm_wcsncmp16
#define wcschr pacm_wcschr16
#define wcsrchr pacm_wcsrchr16
#define wcsstr pacm_wcsstr16
#define wcsspn pacm_wcsspn16
#define wcscspn pacm_wcscspn16
#define wcspbrk pacm_wcspbrk16
#define wmemcpy pacm_wmemcpy16
#define wmemmove pacm_wmemmove16
#define wmemset pacm_wmemset16
#define wmemcmp pacm_wmemcmp16
#define wmemchr pacm_wmemchr16
#define _wcsicmp pacm_wcsicmp16
#define _wcsnicmp pacm_wcsnicmp16
#define _wcsdup pacm_wcsdup16
#define _wcslwr pacm_wcslwr16
#define _wcsupr pacm_wcsupr16
#define wcsicmp pacm_wcsicmp16
#define wcsnicmp pacm_wcsnicmp16
#define wcsdup pacm_wcsdup16
#ifdef __cplusplus
/* std::wcslen ... (the macros make them std::pacm_wcslen16 ...). */
namespace std {
using ::pacm_wcscat16;
using ::pacm_wcschr16;
using ::pacm_wcscmp16;
using ::pacm_wcscpy16;
using ::pacm_wcscspn16;
using ::pacm_wcslen16;
using ::pacm_wcsncat16;
using ::pacm_wcsncmp16;
using ::pacm_wcsncpy16;
using ::pacm_wcspbrk16;
using ::pacm_wcsrchr16;
using ::pacm_wcsspn16;
using ::pacm_wcsstr16;
using ::pacm_wmemchr16;
using ::pacm_wmemcmp16;
using ::pacm_wmemcpy16;
using ::pacm_wmemmove16;
using ::pacm_wmemset16;
} // namespace std
#endif
#endif

#endif /* PORTACM_WCHAR_H */
