/*
 * driver_resource_parse.c - the bounds-checked reader of a .res image (format in
 * driver_resource_int.h). Nothing here trusts a size or offset read from the image: each is
 * checked against what is left of it before use.
 */
#include <string.h>

#include "driver_resource_int.h"
#include "winbase.h"

/* A TYPE or NAME field as read: an ID, or a string of `length` units at `text` (2-aligned). */
typedef struct res_field {
    WORD id;
    const unsigned char *text;
    size_t length;
} res_field;

static DWORD read_dword(const unsigned char *p)
{
    return (DWORD)p[0] | (DWORD)p[1] << 8 | (DWORD)p[2] << 16 | (DWORD)p[3] << 24;
}

static WORD read_word(const unsigned char *p)
{
    return (WORD)(p[0] | p[1] << 8);
}

/* Reads a field at *at within [*at, end). Advances *at past it; false when it does not fit. */
static bool read_field(const unsigned char **at, const unsigned char *end, res_field *field)
{
    const unsigned char *p = *at;
    if (end - p < 2)
        return false;
    if (read_word(p) == 0xFFFF) {
        if (end - p < 4)
            return false;
        field->id = read_word(p + 2);
        field->text = NULL;
        field->length = 0;
        *at = p + 4;
        return true;
    }
    field->id = 0;
    field->text = p;
    for (size_t units = 0; end - p >= 2; units++, p += 2) {
        if (read_word(p) == 0) {
            field->length = units;
            *at = p + 2;
            return true;
        }
    }
    return false;
}

/* Reads the entry at offset `at`. Returns the offset of the next entry (size when this is the
 * last), or 0 when no valid entry starts at `at`. */
static size_t read_entry(const unsigned char *image, size_t size, size_t at, pacm_res_entry *entry, res_field *type,
                         res_field *name)
{
    if (at % 4 != 0 || size - at < 32)
        return 0;
    const unsigned char *p = image + at;
    DWORD data_size = read_dword(p), header_size = read_dword(p + 4);
    if (header_size < 32 || header_size % 4 != 0 || header_size > size - at || data_size > size - at - header_size)
        return 0;
    const unsigned char *end = p + header_size - 16, *cursor = p + 8;
    if (!read_field(&cursor, end, type) || !read_field(&cursor, end, name))
        return 0;
    size_t tail = ((size_t)(cursor - p) + 3) / 4 * 4; /* the fixed part follows the names, 4-aligned */
    if (tail > header_size - 16)
        return 0;
    entry->header = p;
    entry->data = p + header_size;
    entry->size = data_size;
    entry->language = read_word(p + tail + 6); /* after DataVersion and MemoryFlags */
    size_t next = at + header_size + data_size;
    size_t padded = (next + 3) / 4 * 4;
    return padded < size ? padded : size;
}

static WORD fold(WORD c)
{
    return c >= 'a' && c <= 'z' ? (WORD)(c - 'a' + 'A') : c;
}

static bool field_matches(const res_field *field, const pacm_res_key *key)
{
    if (!key->name)
        return !field->text && field->id == key->id;
    if (!field->text || field->length != key->length)
        return false;
    for (size_t i = 0; i < key->length; i++)
        if (fold(read_word(field->text + 2 * i)) != fold(key->name[i]))
            return false;
    return true;
}

/* The rank of a language in the default choice: lower is better. */
static int language_rank(WORD language)
{
    if (language == 0x0000)
        return 0; /* LANG_NEUTRAL, SUBLANG_NEUTRAL */
    if (language == 0x0400)
        return 1; /* LANG_NEUTRAL, SUBLANG_DEFAULT */
    if (language == 0x0409)
        return 2; /* en-US */
    if ((language & 0x3FF) == 0x09)
        return 3; /* another English */
    return 4;
}

DWORD pacm_res_find(const unsigned char *image, size_t size, const pacm_res_key *type, const pacm_res_key *name,
                    int language, pacm_res_entry *entry)
{
    bool type_seen = false, name_seen = false;
    int best_rank = 5;
    pacm_res_entry current;
    res_field entry_type, entry_name;
    for (size_t at = 0, next; at < size && (next = read_entry(image, size, at, &current, &entry_type, &entry_name));
         at = next) {
        if ((!entry_type.text && entry_type.id == 0) || !field_matches(&entry_type, type))
            continue; /* the leading empty entry has type 0 */
        type_seen = true;
        if (!field_matches(&entry_name, name))
            continue;
        name_seen = true;
        if (language != PACM_RES_ANY_LANGUAGE) {
            if (current.language == (WORD)language) {
                *entry = current;
                return ERROR_SUCCESS;
            }
            continue;
        }
        int rank = language_rank(current.language);
        if (rank < best_rank) {
            best_rank = rank;
            *entry = current;
        }
    }
    if (best_rank < 5)
        return ERROR_SUCCESS;
    return name_seen ? ERROR_RESOURCE_LANG_NOT_FOUND
                     : type_seen ? ERROR_RESOURCE_NAME_NOT_FOUND : ERROR_RESOURCE_TYPE_NOT_FOUND;
}

bool pacm_res_entry_at(const unsigned char *image, size_t size, const void *header, pacm_res_entry *entry)
{
    pacm_res_entry current;
    res_field type, name;
    for (size_t at = 0, next; at < size && (next = read_entry(image, size, at, &current, &type, &name)); at = next) {
        if ((const void *)current.header == header) {
            *entry = current;
            return true;
        }
    }
    return false;
}
