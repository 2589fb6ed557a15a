/*
 * win32_codepage.c - MultiByteToWideChar and WideCharToMultiByte for UTF-8 (which the ANSI and
 * OEM code pages are in portacm), GetACP and GetOEMCP, and the strict UTF-8/UTF-16 codecs the
 * other string functions share.
 */
#include <string.h>

#include "common_int.h"
#include "win32_string_int.h"
#include "winnls.h"

size_t pacm_utf8_decode(const unsigned char *text, size_t length, uint32_t *code_point, bool *valid)
{
    unsigned lead = text[0];
    *valid = false;
    *code_point = 0xFFFD;
    if (lead < 0x80) {
        *valid = true;
        *code_point = lead;
        return 1;
    }
    size_t extra;
    uint32_t value;
    /* The range the first continuation byte must fall in excludes overlong forms, surrogates
     * and values above U+10FFFF (Unicode's table of well-formed sequences). */
    unsigned low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        extra = 1, value = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        extra = 2, value = lead & 0x0F;
        if (lead == 0xE0)
            low = 0xA0;
        else if (lead == 0xED)
            high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        extra = 3, value = lead & 0x07;
        if (lead == 0xF0)
            low = 0x90;
        else if (lead == 0xF4)
            high = 0x8F;
    } else {
        return 1;
    }
    size_t used = 1;
    for (size_t i = 0; i < extra; i++, used++) {
        if (used >= length)
            return used;
        unsigned next = text[used];
        if (next < low || next > high)
            return used;
        low = 0x80, high = 0xBF;
        value = (value << 6) | (next & 0x3F);
    }
    *valid = true;
    *code_point = value;
    return used;
}

size_t pacm_utf16_decode(const WCHAR *text, size_t length, uint32_t *code_point, bool *valid)
{
    uint32_t unit = text[0];
    *valid = true;
    *code_point = unit;
    if (unit < 0xD800 || unit > 0xDFFF)
        return 1;
    if (unit <= 0xDBFF && length >= 2 && text[1] >= 0xDC00 && text[1] <= 0xDFFF) {
        *code_point = 0x10000 + ((unit - 0xD800) << 10) + ((uint32_t)text[1] - 0xDC00);
        return 2;
    }
    *valid = false;
    *code_point = 0xFFFD;
    return 1;
}

UINT WINAPI GetACP(void)
{
    return CP_UTF8;
}

UINT WINAPI GetOEMCP(void)
{
    return CP_UTF8;
}

/* CP_UTF8 itself (strict flags), or one of the ANSI names for it (-1: not a code page here). */
enum { CODEPAGE_NONE = -1, CODEPAGE_UTF8 = 0, CODEPAGE_ANSI = 1 };

static int codepage_kind(UINT code_page)
{
    switch (code_page) {
    case CP_UTF8:
        return CODEPAGE_UTF8;
    case CP_ACP:
    case CP_OEMCP:
    case CP_MACCP:
    case CP_THREAD_ACP:
        return CODEPAGE_ANSI;
    default:
        return CODEPAGE_NONE;
    }
}

static int fail(DWORD error)
{
    SetLastError(error);
    return 0;
}

int WINAPI MultiByteToWideChar(UINT CodePage, DWORD dwFlags, LPCCH lpMultiByteStr, int cbMultiByte,
                               LPWSTR lpWideCharStr, int cchWideChar)
{
    if (!lpMultiByteStr || cbMultiByte == 0 || cbMultiByte < -1 || cchWideChar < 0 || (!lpWideCharStr && cchWideChar) ||
        (const void *)lpMultiByteStr == (const void *)lpWideCharStr)
        return fail(ERROR_INVALID_PARAMETER);
    int kind = codepage_kind(CodePage);
    if (kind == CODEPAGE_NONE)
        return fail(ERROR_INVALID_PARAMETER);
    DWORD allowed = MB_ERR_INVALID_CHARS;
    if (kind == CODEPAGE_ANSI)
        allowed |= MB_PRECOMPOSED | MB_COMPOSITE | MB_USEGLYPHCHARS;
    if ((dwFlags & ~allowed) || ((dwFlags & MB_PRECOMPOSED) && (dwFlags & MB_COMPOSITE)))
        return fail(ERROR_INVALID_FLAGS);

    const unsigned char *in = (const unsigned char *)lpMultiByteStr;
    size_t length = cbMultiByte == -1 ? strlen(lpMultiByteStr) + 1 : (size_t)cbMultiByte;
    /* First pass: validate and count, so that an invalid or oversized input writes nothing
     * that a failed call would leave half done beyond what fits. */
    size_t needed = 0;
    for (size_t pos = 0; pos < length;) {
        uint32_t cp;
        bool valid;
        pos += pacm_utf8_decode(in + pos, length - pos, &cp, &valid);
        if (!valid && (dwFlags & MB_ERR_INVALID_CHARS))
            return fail(ERROR_NO_UNICODE_TRANSLATION);
        needed += cp >= 0x10000 ? 2 : 1;
        if (needed > INT32_MAX)
            return fail(ERROR_INVALID_PARAMETER);
    }
    if (cchWideChar == 0)
        return (int)needed;

    size_t written = 0, capacity = (size_t)cchWideChar;
    for (size_t pos = 0; pos < length;) {
        uint32_t cp;
        bool valid;
        pos += pacm_utf8_decode(in + pos, length - pos, &cp, &valid);
        if (cp >= 0x10000) {
            if (written + 2 > capacity)
                return fail(ERROR_INSUFFICIENT_BUFFER);
            lpWideCharStr[written++] = (WCHAR)(0xD800 + ((cp - 0x10000) >> 10));
            lpWideCharStr[written++] = (WCHAR)(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            if (written + 1 > capacity)
                return fail(ERROR_INSUFFICIENT_BUFFER);
            lpWideCharStr[written++] = (WCHAR)cp;
        }
    }
    return (int)written;
}

/* The bytes an unpaired surrogate becomes: the caller's default character (ANSI code pages),
 * else U+FFFD. */
static size_t replacement(LPCCH default_char, char out[4])
{
    if (default_char && (unsigned char)default_char[0] < 0x80) {
        out[0] = default_char[0];
        return 1;
    }
    return pacm_utf8_encode(0xFFFD, out);
}

int WINAPI WideCharToMultiByte(UINT CodePage, DWORD dwFlags, LPCWCH lpWideCharStr, int cchWideChar,
                               LPSTR lpMultiByteStr, int cbMultiByte, LPCCH lpDefaultChar, LPBOOL lpUsedDefaultChar)
{
    if (!lpWideCharStr || cchWideChar == 0 || cchWideChar < -1 || cbMultiByte < 0 || (!lpMultiByteStr && cbMultiByte) ||
        (const void *)lpWideCharStr == (const void *)lpMultiByteStr)
        return fail(ERROR_INVALID_PARAMETER);
    int kind = codepage_kind(CodePage);
    if (kind == CODEPAGE_NONE)
        return fail(ERROR_INVALID_PARAMETER);
    DWORD allowed = WC_ERR_INVALID_CHARS;
    if (kind == CODEPAGE_UTF8 && (lpDefaultChar || lpUsedDefaultChar))
        return fail(ERROR_INVALID_PARAMETER);
    if (kind == CODEPAGE_ANSI)
        allowed |= WC_COMPOSITECHECK | WC_DISCARDNS | WC_SEPCHARS | WC_DEFAULTCHAR | WC_NO_BEST_FIT_CHARS;
    if (dwFlags & ~allowed)
        return fail(ERROR_INVALID_FLAGS);

    size_t length = cchWideChar == -1 ? pacm_utf16_length(lpWideCharStr) + 1 : (size_t)cchWideChar;
    size_t needed = 0;
    bool used_default = false;
    for (size_t pos = 0; pos < length;) {
        uint32_t cp;
        bool valid;
        char bytes[4];
        pos += pacm_utf16_decode(lpWideCharStr + pos, length - pos, &cp, &valid);
        if (!valid && (dwFlags & WC_ERR_INVALID_CHARS))
            return fail(ERROR_NO_UNICODE_TRANSLATION);
        used_default |= !valid;
        needed += valid ? pacm_utf8_encode(cp, bytes) : replacement(lpDefaultChar, bytes);
        if (needed > INT32_MAX)
            return fail(ERROR_INVALID_PARAMETER);
    }
    if (lpUsedDefaultChar)
        *lpUsedDefaultChar = used_default;
    if (cbMultiByte == 0)
        return (int)needed;

    size_t written = 0, capacity = (size_t)cbMultiByte;
    for (size_t pos = 0; pos < length;) {
        uint32_t cp;
        bool valid;
        char bytes[4];
        pos += pacm_utf16_decode(lpWideCharStr + pos, length - pos, &cp, &valid);
        size_t n = valid ? pacm_utf8_encode(cp, bytes) : replacement(lpDefaultChar, bytes);
        if (written + n > capacity)
            return fail(ERROR_INSUFFICIENT_BUFFER);
        memcpy(lpMultiByteStr + written, bytes, n);
        written += n;
    }
    return (int)written;
}
