/*
 * win32_wsprintf.c - user32's wsprintf and wvsprintf: Windows' own small format language (no
 * floating point), into at most 1024 characters. One engine serves A (UTF-8 bytes) and W
 * (UTF-16 units): the format is read and the output written through a unit width.
 */
#include <stdarg.h>
#include <string.h>

#include "common_int.h"
#include "win32_string_int.h"

#define WSPRINTF_LIMIT 1024 /* characters, the terminator included */

typedef struct out_buffer {
    void *data;
    bool wide;
    size_t used; /* units, at most WSPRINTF_LIMIT - 1 */
    bool full;
} out_buffer;

static void out_unit(out_buffer *out, uint32_t unit)
{
    if (out->used >= WSPRINTF_LIMIT - 1) {
        out->full = true;
        return;
    }
    if (out->wide)
        ((WCHAR *)out->data)[out->used++] = (WCHAR)unit;
    else
        ((char *)out->data)[out->used++] = (char)unit;
}

/* The units one code point takes in the output's encoding, written to units[]. */
static size_t encode_units(bool wide, uint32_t cp, uint32_t units[4])
{
    if (wide) {
        if (cp < 0x10000) {
            units[0] = cp;
            return 1;
        }
        units[0] = 0xD800 + ((cp - 0x10000) >> 10);
        units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
        return 2;
    }
    char bytes[4];
    size_t n = pacm_utf8_encode(cp, bytes);
    for (size_t i = 0; i < n; i++)
        units[i] = (unsigned char)bytes[i];
    return n;
}

/* A string argument, narrow (UTF-8) or wide (UTF-16), read one code point at a time. */
typedef struct arg_text {
    const void *text;
    bool wide;
    size_t pos;
} arg_text;

/* The next code point (invalid input as U+FFFD), 0 at the end; *consumed receives the units
 * it takes in the argument. */
static uint32_t arg_next(arg_text *arg, size_t *consumed)
{
    uint32_t cp;
    bool valid;
    if (arg->wide) {
        const WCHAR *at = (const WCHAR *)arg->text + arg->pos;
        if (!*at)
            return 0;
        *consumed = pacm_utf16_decode(at, at[1] ? 2 : 1, &cp, &valid);
    } else {
        const unsigned char *at = (const unsigned char *)arg->text + arg->pos;
        if (!*at)
            return 0;
        *consumed = pacm_utf8_decode(at, strnlen((const char *)at, 4), &cp, &valid);
    }
    return cp;
}

/* Measures (out NULL) or writes the first `limit` units' worth of whole characters of arg. */
static size_t emit_text(out_buffer *out, arg_text arg, size_t limit)
{
    size_t total = 0, consumed = 0;
    uint32_t cp, units[4];
    while ((cp = arg_next(&arg, &consumed)) != 0) {
        size_t n;
        if (arg.wide == out->wide) { /* same width: the units as they are */
            n = consumed;
            for (size_t i = 0; i < n; i++)
                units[i] = arg.wide ? ((const WCHAR *)arg.text)[arg.pos + i]
                                    : ((const unsigned char *)arg.text)[arg.pos + i];
        } else {
            n = encode_units(out->wide, cp, units);
        }
        if (total + n > limit)
            break;
        for (size_t i = 0; i < n && out->data; i++)
            out_unit(out, units[i]);
        total += n;
        arg.pos += consumed;
    }
    return total;
}

typedef struct spec {
    bool left, zero, prefix;
    size_t width;
    size_t precision;
    bool has_precision;
    char size; /* 0, 'h', 'l', '3' (I32), '6' (I64), 'I' (pointer-sized) */
    uint32_t type;
} spec;

static void pad(out_buffer *out, size_t count, uint32_t unit)
{
    while (count--)
        out_unit(out, unit);
}

static void format_text(out_buffer *out, const spec *s, arg_text arg)
{
    size_t limit = s->has_precision ? s->precision : (size_t)-1;
    out_buffer measure = {NULL, out->wide, 0, false};
    size_t length = emit_text(&measure, arg, limit);
    if (!s->left && s->width > length)
        pad(out, s->width - length, ' ');
    emit_text(out, arg, limit);
    if (s->left && s->width > length)
        pad(out, s->width - length, ' ');
}

static void format_number(out_buffer *out, const spec *s, uint64_t magnitude, bool negative)
{
    char digits[24];
    size_t count = 0;
    unsigned base = (s->type == 'd' || s->type == 'i' || s->type == 'u') ? 10 : 16;
    const char *symbols = s->type == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";
    do {
        digits[count++] = symbols[magnitude % base];
        magnitude /= base;
    } while (magnitude);
    size_t precision = s->has_precision && s->precision > count ? s->precision : count;
    const char *prefix = negative ? "-" : (base == 16 && s->prefix) ? (s->type == 'x' ? "0x" : "0X") : "";
    size_t length = strlen(prefix) + precision;
    size_t fill = s->width > length ? s->width - length : 0;
    if (!s->left && !s->zero)
        pad(out, fill, ' ');
    for (const char *p = prefix; *p; p++)
        out_unit(out, (unsigned char)*p);
    if (!s->left && s->zero)
        pad(out, fill, '0');
    pad(out, precision - count, '0');
    while (count)
        out_unit(out, (unsigned char)digits[--count]);
    if (s->left)
        pad(out, fill, ' ');
}

/* Reads one number argument of the spec's size and type and formats it. */
static void format_integer(out_buffer *out, spec *s, va_list *args)
{
    bool is_signed = s->type == 'd' || s->type == 'i';
    uint64_t value;
    bool pointer_sized = s->size == 'I' || s->type == 'p';
    if (s->size == '6' || (pointer_sized && sizeof(void *) == 8))
        value = va_arg(*args, uint64_t);
    else
        value = va_arg(*args, unsigned int);
    if (s->size == 'h')
        value = is_signed ? (uint64_t)(int64_t)(int16_t)value : (uint16_t)value;
    else if (s->size != '6' && !pointer_sized)
        value = is_signed ? (uint64_t)(int64_t)(int32_t)value : (uint32_t)value;
    if (s->type == 'p') {
        s->type = 'X';
        s->has_precision = true;
        s->precision = 2 * sizeof(void *);
    }
    bool negative = is_signed && (int64_t)value < 0;
    format_number(out, s, negative ? 0 - value : value, negative);
}

static void format_char(out_buffer *out, const spec *s, bool wide_char, va_list *args)
{
    unsigned value = va_arg(*args, unsigned int);
    value &= wide_char ? 0xFFFF : 0xFF;
    if (!value)
        return; /* Windows prints nothing for a zero character */
    WCHAR wide_text[2] = {(WCHAR)value, 0};
    char narrow_text[2] = {(char)value, 0};
    arg_text arg = {wide_char ? (const void *)wide_text : (const void *)narrow_text, wide_char, 0};
    spec whole = *s;
    whole.has_precision = false;
    format_text(out, &whole, arg);
}

/* Parses the flags, width, precision and size of the spec at fmt[*pos] (just after '%'),
 * leaving *pos at the type character. */
static void parse_spec(const void *fmt, bool wide, size_t *pos, spec *s)
{
#define FMT_AT(i) (wide ? (uint32_t)((const WCHAR *)fmt)[i] : (uint32_t)((const unsigned char *)fmt)[i])
    memset(s, 0, sizeof(*s));
    for (;; (*pos)++) {
        uint32_t c = FMT_AT(*pos);
        if (c == '-')
            s->left = true;
        else if (c == '0')
            s->zero = true;
        else if (c == '#')
            s->prefix = true;
        else
            break;
    }
    for (; FMT_AT(*pos) >= '0' && FMT_AT(*pos) <= '9'; (*pos)++)
        if (s->width < 100000)
            s->width = s->width * 10 + (FMT_AT(*pos) - '0');
    if (FMT_AT(*pos) == '.') {
        s->has_precision = true;
        for ((*pos)++; FMT_AT(*pos) >= '0' && FMT_AT(*pos) <= '9'; (*pos)++)
            if (s->precision < 100000)
                s->precision = s->precision * 10 + (FMT_AT(*pos) - '0');
    }
    uint32_t c = FMT_AT(*pos);
    if (c == 'h' || c == 'l' || c == 'w') {
        s->size = c == 'w' ? 'l' : (char)c;
        (*pos)++;
    } else if (c == 'I') {
        if (FMT_AT(*pos + 1) == '6' && FMT_AT(*pos + 2) == '4') {
            s->size = '6';
            *pos += 3;
        } else if (FMT_AT(*pos + 1) == '3' && FMT_AT(*pos + 2) == '2') {
            s->size = '3';
            *pos += 3;
        } else {
            s->size = 'I';
            (*pos)++;
        }
    }
    s->type = FMT_AT(*pos);
#undef FMT_AT
}

static void format_spec(out_buffer *out, spec *s, va_list *args)
{
    bool own_wide = out->wide;
    switch (s->type) {
    case 'c':
    case 'C': {
        bool wide_char = s->size == 'l' ? true : s->size == 'h' ? false : (s->type == 'c') == own_wide;
        format_char(out, s, wide_char, args);
        break;
    }
    case 's':
    case 'S': {
        bool wide_text = s->size == 'l' ? true : s->size == 'h' ? false : (s->type == 's') == own_wide;
        const void *text = va_arg(*args, const void *);
        static const WCHAR null_wide[] = {'(', 'n', 'u', 'l', 'l', ')', 0};
        if (!text)
            text = wide_text ? (const void *)null_wide : (const void *)"(null)";
        format_text(out, s, (arg_text){text, wide_text, 0});
        break;
    }
    case 'd':
    case 'i':
    case 'u':
    case 'x':
    case 'X':
    case 'p':
        format_integer(out, s, args);
        break;
    default:
        if (s->type)
            out_unit(out, s->type); /* "%%" and unknown types print the character */
        break;
    }
}

/* The length of the longest prefix of text[0, length) that does not end inside a UTF-8
 * sequence (the output was cut at the limit). */
static size_t utf8_whole_prefix(const char *text, size_t length)
{
    for (size_t back = 1; back <= 4 && back <= length; back++) {
        unsigned byte = (unsigned char)text[length - back];
        if ((byte & 0xC0) == 0x80)
            continue; /* a continuation byte: look further back */
        size_t need = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
        return need > back ? length - back : length;
    }
    return length;
}

static int format_all(void *output, bool wide, const void *fmt, va_list args)
{
    if (!output || !fmt) {
        if (output)
            wide ? (void)(*(WCHAR *)output = 0) : (void)(*(char *)output = 0);
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    out_buffer out = {output, wide, 0, false};
    va_list copy;
    va_copy(copy, args);
    for (size_t pos = 0; !out.full;) {
        uint32_t c = wide ? ((const WCHAR *)fmt)[pos] : ((const unsigned char *)fmt)[pos];
        if (!c)
            break;
        pos++;
        if (c != '%') {
            out_unit(&out, c);
            continue;
        }
        spec s;
        parse_spec(fmt, wide, &pos, &s);
        if (s.type)
            pos++;
        format_spec(&out, &s, &copy);
    }
    va_end(copy);
    if (out.full) /* never leave part of a character at the cut */
        out.used = wide ? out.used - (out.used && (((WCHAR *)output)[out.used - 1] & 0xFC00) == 0xD800)
                        : utf8_whole_prefix((const char *)output, out.used);
    if (wide)
        ((WCHAR *)output)[out.used] = 0;
    else
        ((char *)output)[out.used] = 0;
    return (int)out.used;
}

int WINAPI wvsprintfA(LPSTR lpOutput, LPCSTR lpFmt, va_list arglist)
{
    return format_all(lpOutput, false, lpFmt, arglist);
}

int WINAPI wvsprintfW(LPWSTR lpOutput, LPCWSTR lpFmt, va_list arglist)
{
    return format_all(lpOutput, true, lpFmt, arglist);
}

int WINAPIV wsprintfA(LPSTR lpOutput, LPCSTR lpFmt, ...)
{
    va_list args;
    va_start(args, lpFmt);
    int result = wvsprintfA(lpOutput, lpFmt, args);
    va_end(args);
    return result;
}

int WINAPIV wsprintfW(LPWSTR lpOutput, LPCWSTR lpFmt, ...)
{
    va_list args;
    va_start(args, lpFmt);
    int result = wvsprintfW(lpOutput, lpFmt, args);
    va_end(args);
    return result;
}
