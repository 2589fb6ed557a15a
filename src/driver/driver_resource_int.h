/*
 * driver_resource_int.h - a module's Win32 resources: the .res image a resource compiler made,
 * embedded in the module by portacm_add_resources (cmake/portacmResources.cmake) as the exported
 * object `portacm_resources`, and the bounds-checked reader of that image that FindResource,
 * LoadResource and LoadString (driver_resource.c, driver_resource_string.c) use.
 *
 * The .res image is the resource compiler's output as is: a sequence of entries, each
 *   DWORD DataSize; DWORD HeaderSize; TYPE; NAME; (pad to 4) DWORD DataVersion;
 *   WORD MemoryFlags; WORD LanguageId; DWORD Version; DWORD Characteristics;
 * then DataSize bytes of data at entry + HeaderSize, the next entry at the following 4-byte
 * boundary. TYPE and NAME are 0xFFFF followed by a WORD ID, or a NUL-terminated UTF-16 string.
 * All numbers are little-endian. Every read is checked against the image's size: a damaged or
 * hostile image gives "not found", never a read outside it.
 */
#ifndef PORTACM_DRIVER_RESOURCE_INT_H
#define PORTACM_DRIVER_RESOURCE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "windef.h"

/* The exported object a module's resources live in (see portacm_add_resources). */
#define PACM_RES_SYMBOL "portacm_resources"
/* Its first 16 bytes: the magic "PACMRES1", the image's size (DWORD, native order), a reserved
 * DWORD; the .res image follows. */
#define PACM_RES_MAGIC "PACMRES1"
#define PACM_RES_PREFIX 16u

/* A resource type or name to look for: an ID (name NULL) or a UTF-16 string of `length` units. */
typedef struct pacm_res_key {
    WORD id;
    const WCHAR *name;
    size_t length;
} pacm_res_key;

/* One entry of an image. `header` is its identity (the HRSRC handed out). */
typedef struct pacm_res_entry {
    const unsigned char *header;
    const unsigned char *data;
    DWORD size;
    WORD language;
} pacm_res_entry;

/* Language to look for: an exact LANGID, or this for Windows' default choice (neutral, then
 * US English, then any English, then the first in the image). */
#define PACM_RES_ANY_LANGUAGE (-1)

/* Finds type/name/language in the image [image, image + size). Returns ERROR_SUCCESS and fills
 * *entry, or ERROR_RESOURCE_TYPE_NOT_FOUND, ERROR_RESOURCE_NAME_NOT_FOUND or
 * ERROR_RESOURCE_LANG_NOT_FOUND. Names compare ignoring the case of ASCII letters. */
DWORD pacm_res_find(const unsigned char *image, size_t size, const pacm_res_key *type, const pacm_res_key *name,
                    int language, pacm_res_entry *entry);
/* True when `header` is the start of an entry of the image; fills *entry. */
bool pacm_res_entry_at(const unsigned char *image, size_t size, const void *header, pacm_res_entry *entry);

/* The resource image of a module (NULL = the program). Returns ERROR_SUCCESS with the image, or
 * ERROR_INVALID_HANDLE (not a loaded module) or ERROR_RESOURCE_DATA_NOT_FOUND (no resources). */
DWORD pacm_res_module_image(HMODULE module, const unsigned char **image, size_t *size);

#endif /* PORTACM_DRIVER_RESOURCE_INT_H */
