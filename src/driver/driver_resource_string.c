/*
 * driver_resource_string.c - LoadStringA/W: a string of a module's string table (RT_STRING).
 *
 * A STRINGTABLE is stored in blocks of 16 strings: string `id` is string id % 16 of the block
 * whose resource name is id / 16 + 1; a block is 16 counted strings (a WORD length, then that
 * many UTF-16 units, no terminator). An empty string and a missing one read the same (0).
 */
#include <stdint.h>
#include <string.h>

#include "common_int.h"
#include "driver_resource_int.h"
#include "winbase.h"
#include "winuser.h"

/* The counted string `id` of hInstance's string tables: its units and length, or false with the
 * last error set (the length of a string cut short by the end of its block is what is there). */
static bool string_find(HINSTANCE hInstance, UINT uID, const WCHAR **text, size_t *length)
{
    const unsigned char *image;
    size_t size;
    DWORD error = pacm_res_module_image((HMODULE)hInstance, &image, &size);
    pacm_res_entry entry;
    if (error == ERROR_SUCCESS) {
        pacm_res_key type = {6 /* RT_STRING */, NULL, 0}, name = {(WORD)((uID >> 4) + 1), NULL, 0};
        error = pacm_res_find(image, size, &type, &name, PACM_RES_ANY_LANGUAGE, &entry);
    }
    if (error != ERROR_SUCCESS) {
        SetLastError(error);
        return false;
    }
    const unsigned char *at = entry.data, *end = entry.data + entry.size;
    for (UINT index = 0;; index++) {
        if (end - at < 2) {
            SetLastError(ERROR_RESOURCE_NAME_NOT_FOUND);
            return false;
        }
        size_t units = (size_t)(at[0] | at[1] << 8);
        at += 2;
        if ((size_t)(end - at) / 2 < units)
            units = (size_t)(end - at) / 2; /* a damaged block: what is there */
        if (index == (uID & 15)) {
            *text = (const WCHAR *)(const void *)at; /* entries are 4-aligned, strings 2-aligned */
            *length = units;
            return true;
        }
        at += units * 2;
    }
}

int WINAPI LoadStringW(HINSTANCE hInstance, UINT uID, LPWSTR lpBuffer, int cchBufferMax)
{
    if (!lpBuffer || cchBufferMax < 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    const WCHAR *text = NULL;
    size_t length = 0;
    bool found = string_find(hInstance, uID, &text, &length);
    if (cchBufferMax == 0) {
        /* Windows: lpBuffer receives a read-only pointer to the string itself. */
        LPCWSTR pointer = found ? text : NULL;
        memcpy(lpBuffer, &pointer, sizeof pointer);
        return found ? (int)length : 0;
    }
    if (!found)
        length = 0;
    if (length > (size_t)cchBufferMax - 1)
        length = (size_t)cchBufferMax - 1;
    if (length)
        memcpy(lpBuffer, text, length * sizeof *text);
    lpBuffer[length] = 0;
    return (int)length;
}

int WINAPI LoadStringA(HINSTANCE hInstance, UINT uID, LPSTR lpBuffer, int cchBufferMax)
{
    if (!lpBuffer || cchBufferMax <= 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    const WCHAR *text = NULL;
    size_t length = 0;
    if (!string_find(hInstance, uID, &text, &length) || length == 0) {
        lpBuffer[0] = '\0';
        return 0;
    }
    /* UTF-8 (the A code page), cut on a character boundary to cchBufferMax - 1 bytes. */
    return (int)pacm_utf16_field_to_utf8(text, length, lpBuffer, (size_t)cchBufferMax);
}
