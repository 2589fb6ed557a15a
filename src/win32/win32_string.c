/*
 * win32_string.c - kernel32's lstr* functions and user32's CharUpper/CharLower/CharNext/
 * CharPrev, with one sort order for lstrcmp and lstrcmpi (A and W alike) and Unicode simple
 * case mapping.
 */
#include <locale.h>
#include <pthread.h>
#include <string.h>
#include <wctype.h>

#include "common_int.h"
#include "win32_string_int.h"

/* ---- case mapping ------------------------------------------------------------------------ */
/* glibc's C.UTF-8 locale carries Unicode's simple case mapping whatever the process locale is;
 * where it is missing, ASCII and Latin-1 are mapped by hand. */
static locale_t case_locale = (locale_t)0;
static pthread_once_t case_once = PTHREAD_ONCE_INIT;

static void case_locale_open(void)
{
    case_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

static bool case_locale_ready(void)
{
    pthread_once(&case_once, case_locale_open);
    return case_locale != (locale_t)0;
}

uint32_t pacm_char_upper(uint32_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z' ? c - 32 : c;
    if (case_locale_ready())
        return (uint32_t)towupper_l((wint_t)c, case_locale);
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
        return c - 32;
    return c == 0xFF ? 0x178 : c;
}

uint32_t pacm_char_lower(uint32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    if (case_locale_ready())
        return (uint32_t)towlower_l((wint_t)c, case_locale);
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    return c == 0x178 ? 0xFF : c;
}

/* ---- lstrlen, lstrcpy, lstrcpyn, lstrcat ----------------------------------------------- */
int WINAPI lstrlenA(LPCSTR lpString)
{
    return lpString ? (int)strlen(lpString) : 0;
}

int WINAPI lstrlenW(LPCWSTR lpString)
{
    return (int)pacm_utf16_length(lpString);
}

static void *invalid_parameter(void)
{
    SetLastError(ERROR_INVALID_PARAMETER);
    return NULL;
}

LPSTR WINAPI lstrcpyA(LPSTR lpString1, LPCSTR lpString2)
{
    if (!lpString1 || !lpString2)
        return invalid_parameter();
    memmove(lpString1, lpString2, strlen(lpString2) + 1);
    return lpString1;
}

LPWSTR WINAPI lstrcpyW(LPWSTR lpString1, LPCWSTR lpString2)
{
    if (!lpString1 || !lpString2)
        return invalid_parameter();
    memmove(lpString1, lpString2, (pacm_utf16_length(lpString2) + 1) * sizeof(WCHAR));
    return lpString1;
}

LPSTR WINAPI lstrcpynA(LPSTR lpString1, LPCSTR lpString2, int iMaxLength)
{
    unsigned count = (unsigned)iMaxLength;
    if (count == 0)
        return lpString1;
    if (!lpString1 || (count > 1 && !lpString2))
        return invalid_parameter();
    LPSTR d = lpString1;
    while (count > 1 && *lpString2) {
        *d++ = *lpString2++;
        count--;
    }
    *d = 0;
    return lpString1;
}

LPWSTR WINAPI lstrcpynW(LPWSTR lpString1, LPCWSTR lpString2, int iMaxLength)
{
    unsigned count = (unsigned)iMaxLength;
    if (count == 0)
        return lpString1;
    if (!lpString1 || (count > 1 && !lpString2))
        return invalid_parameter();
    LPWSTR d = lpString1;
    while (count > 1 && *lpString2) {
        *d++ = *lpString2++;
        count--;
    }
    *d = 0;
    return lpString1;
}

LPSTR WINAPI lstrcatA(LPSTR lpString1, LPCSTR lpString2)
{
    if (!lpString1 || !lpString2)
        return invalid_parameter();
    lstrcpyA(lpString1 + strlen(lpString1), lpString2);
    return lpString1;
}

LPWSTR WINAPI lstrcatW(LPWSTR lpString1, LPCWSTR lpString2)
{
    if (!lpString1 || !lpString2)
        return invalid_parameter();
    lstrcpyW(lpString1 + pacm_utf16_length(lpString1), lpString2);
    return lpString1;
}

/* ---- lstrcmp, lstrcmpi ------------------------------------------------------------------
 * Four keys, each deciding only when the ones before tie: (1) the primary weights of the
 * characters, hyphens and apostrophes skipped; (2) case, lower before upper, at the first
 * difference (lstrcmp only); (3) fewer hyphens and apostrophes first; (4) the code points
 * themselves (case-folded for lstrcmpi), so lstrcmp gives 0 only for identical strings. */
typedef struct text_cursor {
    const char *narrow; /* UTF-8, or NULL */
    const WCHAR *wide;  /* UTF-16 when narrow is NULL */
    size_t pos;
} text_cursor;

/* The next code point, 0 at the end. An invalid UTF-8 byte reads as 0x110000 + its value, so
 * that different invalid bytes stay different. */
static uint32_t cursor_next(text_cursor *cursor)
{
    uint32_t cp;
    bool valid;
    if (cursor->narrow) {
        const unsigned char *at = (const unsigned char *)cursor->narrow + cursor->pos;
        if (!*at)
            return 0;
        size_t used = pacm_utf8_decode(at, strnlen((const char *)at, 4), &cp, &valid);
        if (!valid) {
            cursor->pos++;
            return 0x110000u + *at;
        }
        cursor->pos += used;
        return cp;
    }
    const WCHAR *at = cursor->wide + cursor->pos;
    if (!*at)
        return 0;
    cursor->pos += pacm_utf16_decode(at, at[1] ? 2 : 1, &cp, &valid);
    return valid ? cp : *at; /* an unpaired surrogate keeps its own value */
}

/* Symbols in their sort order (before the digits, which sort before the letters). */
static const char symbol_order[] = " !\"#$%&()*,./:;?@[\\]^_`{|}~+<=>";

static bool ignored_at_first(uint32_t c)
{
    return c == '-' || c == '\'';
}

static uint32_t primary_weight(uint32_t c)
{
    if (c >= '0' && c <= '9')
        return 0x200 + c;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return 0x300 + (c | 0x20);
    if (c < 0x80) {
        const char *found = c ? strchr(symbol_order, (int)c) : NULL;
        return found ? 0x100 + (uint32_t)(found - symbol_order) : c; /* controls first */
    }
    return 0x400 + pacm_char_lower(c); /* after every ASCII letter */
}

/* 0 for a character without case, 1 lower case, 2 upper case. */
static int case_class(uint32_t c)
{
    if (pacm_char_upper(c) != c)
        return 1;
    return pacm_char_lower(c) != c ? 2 : 0;
}

static int sign(int64_t difference)
{
    return difference < 0 ? -1 : difference > 0;
}

/* Compares key `level` (1, 2, 3 or 4 as above). */
static int compare_level(text_cursor a, text_cursor b, int level, bool ignore_case)
{
    int64_t ignored = 0;
    for (;;) {
        uint32_t ca = cursor_next(&a), cb = cursor_next(&b);
        if (level <= 2) {
            while (ca && ignored_at_first(ca))
                ca = cursor_next(&a);
            while (cb && ignored_at_first(cb))
                cb = cursor_next(&b);
        }
        if (!ca || !cb) {
            if (level == 3) {
                for (; ca; ca = cursor_next(&a))
                    ignored += ignored_at_first(ca);
                for (; cb; cb = cursor_next(&b))
                    ignored -= ignored_at_first(cb);
                return sign(ignored);
            }
            return sign((int64_t)(ca != 0) - (int64_t)(cb != 0));
        }
        int64_t difference = 0;
        if (level == 1)
            difference = (int64_t)primary_weight(ca) - primary_weight(cb);
        else if (level == 2)
            difference = ignore_case ? 0 : (int64_t)case_class(ca) - case_class(cb);
        else if (level == 3)
            ignored += ignored_at_first(ca) - ignored_at_first(cb);
        else
            difference = ignore_case ? (int64_t)pacm_char_lower(ca) - pacm_char_lower(cb) : (int64_t)ca - cb;
        if (difference)
            return sign(difference);
    }
}

static int compare_text(text_cursor a, text_cursor b, bool ignore_case)
{
    for (int level = 1; level <= 4; level++) {
        int result = compare_level(a, b, level, ignore_case);
        if (result)
            return result;
    }
    return 0;
}

static int compare_narrow(LPCSTR a, LPCSTR b, bool ignore_case)
{
    if (!a || !b)
        return a ? 1 : b ? -1 : 0;
    return compare_text((text_cursor){a, NULL, 0}, (text_cursor){b, NULL, 0}, ignore_case);
}

static int compare_wide(LPCWSTR a, LPCWSTR b, bool ignore_case)
{
    if (!a || !b)
        return a ? 1 : b ? -1 : 0;
    return compare_text((text_cursor){NULL, a, 0}, (text_cursor){NULL, b, 0}, ignore_case);
}

int WINAPI lstrcmpA(LPCSTR lpString1, LPCSTR lpString2)
{
    return compare_narrow(lpString1, lpString2, false);
}

int WINAPI lstrcmpW(LPCWSTR lpString1, LPCWSTR lpString2)
{
    return compare_wide(lpString1, lpString2, false);
}

int WINAPI lstrcmpiA(LPCSTR lpString1, LPCSTR lpString2)
{
    return compare_narrow(lpString1, lpString2, true);
}

int WINAPI lstrcmpiW(LPCWSTR lpString1, LPCWSTR lpString2)
{
    return compare_wide(lpString1, lpString2, true);
}

/* ---- CharUpper, CharLower ------------------------------------------------------------------ */
typedef uint32_t (*case_map)(uint32_t);

/* Maps `length` bytes of UTF-8 in place; a character whose mapping has another length stays. */
static void map_narrow(char *text, size_t length, case_map map)
{
    for (size_t pos = 0; pos < length;) {
        uint32_t cp;
        bool valid;
        size_t used = pacm_utf8_decode((const unsigned char *)text + pos, length - pos, &cp, &valid);
        char bytes[4];
        if (valid && pacm_utf8_encode(map(cp), bytes) == used)
            memcpy(text + pos, bytes, used);
        pos += used;
    }
}

/* Maps `length` UTF-16 units in place; a pair maps only to a pair, a unit to a unit. */
static void map_wide(WCHAR *text, size_t length, case_map map)
{
    for (size_t pos = 0; pos < length;) {
        uint32_t cp;
        bool valid;
        size_t used = pacm_utf16_decode(text + pos, length - pos, &cp, &valid);
        uint32_t mapped = map(cp); /* an unpaired surrogate (not valid) stays as it is */
        if (valid && used == 1 && mapped < 0x10000 && (mapped < 0xD800 || mapped > 0xDFFF)) {
            text[pos] = (WCHAR)mapped;
        } else if (valid && used == 2 && mapped >= 0x10000) {
            text[pos] = (WCHAR)(0xD800 + ((mapped - 0x10000) >> 10));
            text[pos + 1] = (WCHAR)(0xDC00 + ((mapped - 0x10000) & 0x3FF));
        }
        pos += used;
    }
}

static LPSTR char_case_narrow(LPSTR text, case_map map)
{
    if (IS_INTRESOURCE(text)) {
        uint32_t c = (uint32_t)((ULONG_PTR)text & 0xFF);
        return (LPSTR)(ULONG_PTR)(c < 0x80 ? map(c) : c);
    }
    map_narrow(text, strlen(text), map);
    return text;
}

static LPWSTR char_case_wide(LPWSTR text, case_map map)
{
    if (IS_INTRESOURCE(text)) {
        WCHAR c[2] = {(WCHAR)((ULONG_PTR)text & 0xFFFF), 0}; /* one unit, as a string */
        map_wide(c, 1, map);
        return (LPWSTR)(ULONG_PTR)c[0];
    }
    map_wide(text, pacm_utf16_length(text), map);
    return text;
}

LPSTR WINAPI CharUpperA(LPSTR lpsz)
{
    return char_case_narrow(lpsz, pacm_char_upper);
}

LPWSTR WINAPI CharUpperW(LPWSTR lpsz)
{
    return char_case_wide(lpsz, pacm_char_upper);
}

LPSTR WINAPI CharLowerA(LPSTR lpsz)
{
    return char_case_narrow(lpsz, pacm_char_lower);
}

LPWSTR WINAPI CharLowerW(LPWSTR lpsz)
{
    return char_case_wide(lpsz, pacm_char_lower);
}

DWORD WINAPI CharUpperBuffA(LPSTR lpsz, DWORD cchLength)
{
    if (!lpsz)
        return 0;
    map_narrow(lpsz, cchLength, pacm_char_upper);
    return cchLength;
}

DWORD WINAPI CharUpperBuffW(LPWSTR lpsz, DWORD cchLength)
{
    if (!lpsz)
        return 0;
    map_wide(lpsz, cchLength, pacm_char_upper);
    return cchLength;
}

DWORD WINAPI CharLowerBuffA(LPSTR lpsz, DWORD cchLength)
{
    if (!lpsz)
        return 0;
    map_narrow(lpsz, cchLength, pacm_char_lower);
    return cchLength;
}

DWORD WINAPI CharLowerBuffW(LPWSTR lpsz, DWORD cchLength)
{
    if (!lpsz)
        return 0;
    map_wide(lpsz, cchLength, pacm_char_lower);
    return cchLength;
}

/* ---- CharNext, CharPrev ---------------------------------------------------------------------- */
LPSTR WINAPI CharNextA(LPCSTR lpsz)
{
    if (!lpsz || !*lpsz)
        return (LPSTR)lpsz;
    uint32_t cp;
    bool valid;
    const unsigned char *at = (const unsigned char *)lpsz;
    return (LPSTR)lpsz + pacm_utf8_decode(at, strnlen(lpsz, 4), &cp, &valid);
}

LPWSTR WINAPI CharNextW(LPCWSTR lpsz)
{
    if (!lpsz || !*lpsz)
        return (LPWSTR)lpsz;
    uint32_t cp;
    bool valid;
    return (LPWSTR)lpsz + pacm_utf16_decode(lpsz, lpsz[1] ? 2 : 1, &cp, &valid);
}

LPSTR WINAPI CharPrevA(LPCSTR lpszStart, LPCSTR lpszCurrent)
{
    if (!lpszStart || !lpszCurrent)
        return NULL;
    if (lpszCurrent <= lpszStart)
        return (LPSTR)lpszStart;
    /* The character that starts last before lpszCurrent: step forward from a few bytes back
     * (a UTF-8 character is at most 4 bytes), from the last lead byte that is not a
     * continuation byte. */
    LPCSTR from = lpszCurrent - 1;
    while (from > lpszStart && lpszCurrent - from < 4 && ((unsigned char)*from & 0xC0) == 0x80)
        from--;
    LPCSTR prev = from;
    for (LPCSTR at = from; at < lpszCurrent;) {
        prev = at;
        at = CharNextA(at);
        if (at == prev)
            break;
    }
    return (LPSTR)prev;
}

LPWSTR WINAPI CharPrevW(LPCWSTR lpszStart, LPCWSTR lpszCurrent)
{
    if (!lpszStart || !lpszCurrent)
        return NULL;
    if (lpszCurrent <= lpszStart)
        return (LPWSTR)lpszStart;
    LPCWSTR prev = lpszCurrent - 1;
    if (prev > lpszStart && *prev >= 0xDC00 && *prev <= 0xDFFF && prev[-1] >= 0xD800 && prev[-1] <= 0xDBFF)
        prev--;
    return (LPWSTR)prev;
}
