/*
 * win32_string_int.h - what the string functions of the win32 layer share: strict UTF-8
 * decoding and encoding (win32_codepage.c) and Unicode case mapping (win32_string.c).
 */
#ifndef PORTACM_WIN32_STRING_INT_H
#define PORTACM_WIN32_STRING_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "windows.h"

/* Decodes one character from the `length` bytes at `text` (length >= 1) into *code_point.
 * Returns the bytes consumed (1 to 4). An invalid sequence gives U+FFFD, *valid false, and
 * consumes its maximal invalid subpart (Unicode's "best practice", Windows' behaviour): a
 * byte that cannot start a sequence alone, or a valid start with the continuation bytes that
 * were still possible. */
size_t pacm_utf8_decode(const unsigned char *text, size_t length, uint32_t *code_point, bool *valid);
/* (pacm_utf8_encode, the other direction, is in common_int.h.) */
/* Decodes one character from `length` (>= 1) UTF-16 units; returns the units consumed (1 or
 * 2). An unpaired surrogate gives U+FFFD and *valid false. */
size_t pacm_utf16_decode(const WCHAR *text, size_t length, uint32_t *code_point, bool *valid);

/* Unicode simple case mapping, the same in every locale. */
uint32_t pacm_char_upper(uint32_t code_point);
uint32_t pacm_char_lower(uint32_t code_point);

#endif /* PORTACM_WIN32_STRING_INT_H */
