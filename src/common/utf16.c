/*
 * utf16.c - conversions between the UTF-16 strings of the W APIs (WCHAR) and UTF-8, which is
 * what the A APIs and the file system use on Linux.
 */
#include <stdint.h>
#include <string.h>

#include "common_int.h"

size_t pacm_utf16_length(LPCWSTR text)
{
    size_t length = 0;
    if (text)
        while (text[length])
            length++;
    return length;
}

/* Reads one code point from UTF-16 at *pos (< length), advancing it; unpaired surrogates give
 * U+FFFD. Nothing at or past `length` is read: a high surrogate in the last unit is unpaired. */
static uint32_t utf16_next(LPCWSTR text, size_t length, size_t *pos)
{
    uint32_t unit = text[(*pos)++];
    if (unit >= 0xD800 && unit <= 0xDBFF) {
        if (*pos >= length)
            return 0xFFFD;
        uint32_t low = text[*pos];
        if (low >= 0xDC00 && low <= 0xDFFF) {
            (*pos)++;
            return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        }
        return 0xFFFD;
    }
    if (unit >= 0xDC00 && unit <= 0xDFFF)
        return 0xFFFD;
    return unit;
}

/* Reads one code point from UTF-8 at *pos, advancing it; malformed input gives U+FFFD. */
static uint32_t utf8_next(const unsigned char *text, size_t *pos)
{
    uint32_t lead = text[(*pos)++];
    if (lead < 0x80)
        return lead;
    int extra;
    uint32_t cp, min;
    if ((lead & 0xE0) == 0xC0) {
        extra = 1, cp = lead & 0x1F, min = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        extra = 2, cp = lead & 0x0F, min = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        extra = 3, cp = lead & 0x07, min = 0x10000;
    } else {
        return 0xFFFD;
    }
    for (int i = 0; i < extra; i++) {
        uint32_t next = text[*pos];
        if ((next & 0xC0) != 0x80)
            return 0xFFFD;
        cp = (cp << 6) | (next & 0x3F);
        (*pos)++;
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0xFFFD;
    return cp;
}

size_t pacm_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t pacm_utf16_field_to_utf8(LPCWSTR field, size_t field_chars, char *buffer, size_t capacity)
{
    size_t written = 0;
    if (capacity == 0)
        return 0;
    for (size_t pos = 0; field && pos < field_chars && field[pos];) {
        char encoded[4];
        size_t n = pacm_utf8_encode(utf16_next(field, field_chars, &pos), encoded);
        if (written + n >= capacity)
            break;
        memcpy(buffer + written, encoded, n);
        written += n;
    }
    buffer[written] = 0;
    return written;
}

size_t pacm_utf16_to_utf8_buffer(LPCWSTR text, char *buffer, size_t capacity)
{
    return pacm_utf16_field_to_utf8(text, SIZE_MAX, buffer, capacity);
}

size_t pacm_utf8_to_utf16_buffer(const char *text, WCHAR *buffer, size_t capacity)
{
    size_t written = 0;
    if (capacity == 0)
        return 0;
    const unsigned char *bytes = (const unsigned char *)text;
    for (size_t pos = 0; bytes && bytes[pos];) {
        uint32_t cp = utf8_next(bytes, &pos);
        size_t n = cp >= 0x10000 ? 2 : 1;
        if (written + n >= capacity)
            break;
        if (n == 2) {
            buffer[written++] = (WCHAR)(0xD800 + ((cp - 0x10000) >> 10));
            buffer[written++] = (WCHAR)(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            buffer[written++] = (WCHAR)cp;
        }
    }
    buffer[written] = 0;
    return written;
}

char *pacm_utf16_to_utf8(LPCWSTR text)
{
    if (!text)
        return NULL;
    size_t capacity;
    /* Each UTF-16 unit becomes at most 3 UTF-8 bytes (a surrogate pair: 4 bytes for 2 units). */
    if (!pacm_size_mul(pacm_utf16_length(text), 3, &capacity) || !pacm_size_add(capacity, 1, &capacity))
        return NULL;
    char *out = pacm_mem_alloc(capacity);
    if (out)
        pacm_utf16_to_utf8_buffer(text, out, capacity);
    return out;
}

WCHAR *pacm_utf8_to_utf16(const char *text)
{
    if (!text)
        return NULL;
    size_t capacity, bytes;
    if (!pacm_size_add(strlen(text), 1, &capacity) || !pacm_size_mul(capacity, sizeof(WCHAR), &bytes))
        return NULL;
    WCHAR *out = pacm_mem_alloc(bytes);
    if (out)
        pacm_utf8_to_utf16_buffer(text, out, capacity);
    return out;
}

int pacm_utf16_compare_ignore_case(LPCWSTR a, LPCWSTR b)
{
    for (;; a++, b++) {
        WCHAR ca = *a, cb = *b;
        if (ca >= 'A' && ca <= 'Z')
            ca = (WCHAR)(ca - 'A' + 'a');
        if (cb >= 'A' && cb <= 'Z')
            cb = (WCHAR)(cb - 'A' + 'a');
        if (ca != cb || ca == 0)
            return (int)ca - (int)cb;
    }
}
