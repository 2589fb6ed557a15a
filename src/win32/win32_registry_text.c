/*
 * win32_registry_text.c - a hive in regedit's export format, read and written.
 *
 * The format is what regedit writes and imports ("Windows Registry Editor Version 5.00",
 * older "REGEDIT4" accepted): "[HKEY_CURRENT_USER\Path]" key lines, then "name"=data value
 * lines, "@" naming the default value; data "string" (REG_SZ, with \\ and \" escaped),
 * dword:XXXXXXXX, hex:bytes (REG_BINARY) or hex(T):bytes for any other type T, strings in
 * those bytes as UTF-16LE; a hex list continues over lines ending in '\'. Files regedit wrote
 * on Windows (UTF-16LE with a byte-order mark, CRLF) are read too; portacm writes UTF-8 with LF.
 *
 * pacm_ini_parse does not fit here (a value name may hold '=' and ']', hex data continues over
 * lines), so the lines are split here; the file itself is read by pacm_config_file_read. The
 * text is hostile: every line that cannot be read is skipped with a PORTACM_DEBUG diagnostic
 * (file and line number), a logical line is bounded, and nothing is trusted to be terminated.
 */
#include <stdio.h>
#include <string.h>

#include "win32_registry_int.h"

/* The longest logical line read: a value of PORTACM_REG_MAX_VALUE_DATA bytes as regedit
 * wraps it (about 3.3 characters per byte) fits. */
#define MAX_LINE (4u * 1024u * 1024u)

const char *pacm_reg_hive_name(pacm_reg_hive hive)
{
    return hive == PACM_REG_HIVE_MACHINE ? "HKEY_LOCAL_MACHINE" : "HKEY_CURRENT_USER";
}

/* ---- reading ------------------------------------------------------------------------ */

typedef struct parse_state {
    pacm_reg_hive hive;
    const char *path;
    pacm_reg_key *root;
    pacm_reg_key *current; /* NULL before a key line and inside a skipped section */
    bool any_key_line, any_content, out_of_memory;
    unsigned line;
} parse_state;

static const char out_of_memory[] = "out of memory";

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads 1 to `most` hex digits at *p; false when there are none or more. */
static bool read_hex_number(const char **p, const char *end, unsigned most, DWORD *out)
{
    DWORD value = 0;
    unsigned digits = 0;
    while (*p < end && hex_digit(**p) >= 0) {
        if (++digits > most)
            return false;
        value = value << 4 | (DWORD)hex_digit(**p);
        (*p)++;
    }
    *out = value;
    return digits > 0;
}

/* Whether `name` (length bytes) is the hive's root name, alone or followed by '\'. */
static bool names_hive(const char *name, size_t length, pacm_reg_hive hive)
{
    const char *root = pacm_reg_hive_name(hive);
    size_t root_length = strlen(root);
    if (length < root_length || (length > root_length && name[root_length] != '\\'))
        return false;
    for (size_t i = 0; i < root_length; i++) {
        char c = name[i];
        if ((c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c) != root[i])
            return false;
    }
    return true;
}

/* A key line "[HIVE\path]": selects (making it) the key the following values go to. */
static void parse_key_line(parse_state *state, char *line, size_t length)
{
    state->current = NULL;
    state->any_key_line = true;
    const char *problem = NULL;
    if (length < 2 || line[length - 1] != ']')
        problem = "key line without ']'";
    else if (line[1] == '-')
        problem = "key deletion ([-...]) is not stored; section skipped";
    else if (!names_hive(line + 1, length - 2, state->hive))
        problem = "key of another hive; section skipped";
    if (problem) {
        pacm_log_debug("registry %s:%u: %s", state->path, state->line, problem);
        return;
    }
    line[length - 1] = 0;
    char *path = line + 1 + strlen(pacm_reg_hive_name(state->hive));
    if (*path == '\\')
        path++;
    if (pacm_reg_path_check(path) != ERROR_SUCCESS) {
        pacm_log_debug("registry %s:%u: malformed key path; section skipped", state->path, state->line);
        return;
    }
    bool created;
    pacm_reg_key *key = pacm_reg_path_make(state->root, path, &created);
    state->out_of_memory = key == NULL;
    state->current = key;
}

/* Unescapes a quoted string that starts after the opening quote at *p, in place, up to its
 * closing quote (\\ and \" are the escapes; any other backslash stands for itself). Returns
 * the start of the NUL-terminated result, *p then after the closing quote; NULL when the
 * quote is not closed. */
static char *unquote(char **p, char *end)
{
    char *out = *p, *start = *p;
    for (char *in = *p; in < end; in++) {
        if (*in == '\\' && in + 1 < end && (in[1] == '\\' || in[1] == '"')) {
            *out++ = *++in;
        } else if (*in == '"') {
            *out = 0;
            *p = in + 1;
            return start;
        } else {
            *out++ = *in;
        }
    }
    return NULL;
}

/* Parses "xx,xx,..." into `out` (room for (end - p) / 2 + 1 bytes); false when malformed. */
static bool parse_hex_bytes(const char *p, const char *end, BYTE *out, DWORD *size)
{
    DWORD count = 0;
    for (;;) {
        while (p < end && is_blank(*p))
            p++;
        if (p == end)
            break;
        DWORD byte;
        if (!read_hex_number(&p, end, 2, &byte))
            return false;
        out[count++] = (BYTE)byte;
        while (p < end && is_blank(*p))
            p++;
        if (p < end && *p++ != ',')
            return false;
    }
    *size = count;
    return true;
}

/* The data of a value line; sets *type, *data (new) and *size, or returns a problem. */
static const char *parse_data(char *p, char *end, DWORD *type, BYTE **data, DWORD *size)
{
    if (*p == '"') {
        p++;
        char *text = unquote(&p, end);
        while (text && p < end && is_blank(*p))
            p++;
        if (!text || p != end)
            return "malformed string";
        WCHAR *wide = pacm_utf8_to_utf16(text);
        if (!wide)
            return out_of_memory;
        *type = REG_SZ;
        *data = (BYTE *)wide;
        *size = (DWORD)((pacm_utf16_length(wide) + 1) * sizeof(WCHAR));
        return NULL;
    }
    if ((size_t)(end - p) >= 6 && strncmp(p, "dword:", 6) == 0) {
        const char *digits = p + 6;
        DWORD number;
        if (!read_hex_number(&digits, end, 8, &number) || digits != end)
            return "malformed dword";
        BYTE bytes[4] = {(BYTE)number, (BYTE)(number >> 8), (BYTE)(number >> 16), (BYTE)(number >> 24)};
        *type = REG_DWORD;
        *size = 4;
        *data = pacm_mem_alloc(4);
        if (!*data)
            return out_of_memory;
        memcpy(*data, bytes, 4);
        return NULL;
    }
    const char *q = p;
    *type = REG_BINARY;
    if ((size_t)(end - q) >= 4 && strncmp(q, "hex(", 4) == 0) {
        q += 4;
        if (!read_hex_number(&q, end, 8, type) || q >= end || *q++ != ')')
            return "malformed hex type";
    } else if ((size_t)(end - q) >= 3 && strncmp(q, "hex", 3) == 0) {
        q += 3;
    } else {
        return "unknown data (not \"string\", dword: or hex:)";
    }
    if (q >= end || *q++ != ':')
        return "malformed hex data";
    *data = pacm_mem_alloc((size_t)(end - q) / 2 + 1);
    if (!*data)
        return out_of_memory;
    if (!parse_hex_bytes(q, end, *data, size)) {
        pacm_mem_free(*data);
        *data = NULL;
        return "malformed hex data";
    }
    return NULL;
}

/* A value line: "name"=data or @=data. */
static void parse_value_line(parse_state *state, char *line, size_t length)
{
    char *p = line, *end = line + length, *name = "";
    if (!state->current) {
        if (!state->any_key_line)
            pacm_log_debug("registry %s:%u: value before any key line; skipped", state->path, state->line);
        return;
    }
    if (*p == '@') {
        p++;
    } else {
        p++;
        name = unquote(&p, end);
    }
    while (name && p < end && is_blank(*p))
        p++;
    const char *problem = NULL;
    if (!name || p == end || *p++ != '=')
        problem = "malformed value name";
    else if (!pacm_reg_value_name_ok(name))
        problem = "value name too long or with control characters";
    while (p < end && is_blank(*p))
        p++;
    if (!problem && p + 1 == end && *p == '-')
        problem = "value deletion (=-) is not stored";
    DWORD type = 0, size = 0;
    BYTE *data = NULL;
    if (!problem)
        problem = parse_data(p, end, &type, &data, &size);
    if (!problem && size > PORTACM_REG_MAX_VALUE_DATA)
        problem = "value larger than 1 MiB";
    if (!problem && !pacm_reg_value_set(state->current, name, type, data, size))
        problem = out_of_memory;
    if (problem == out_of_memory)
        state->out_of_memory = true;
    else if (problem)
        pacm_log_debug("registry %s:%u: %s; skipped", state->path, state->line, problem);
    pacm_mem_free(data);
}

/* One logical line (continuations joined, without its line end). */
static void parse_line(parse_state *state, char *line, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)line[i];
        if ((c < 0x20 && c != '\t') || c == 0x7F) {
            pacm_log_debug("registry %s:%u: control characters or binary data; line skipped", state->path,
                           state->line);
            return;
        }
    }
    while (length > 0 && is_blank(*line))
        line++, length--;
    while (length > 0 && is_blank(line[length - 1]))
        length--;
    line[length] = 0;
    if (length == 0 || *line == ';')
        return;
    bool first = !state->any_content;
    state->any_content = true;
    if (strcmp(line, "Windows Registry Editor Version 5.00") == 0 || strcmp(line, "REGEDIT4") == 0) {
        if (!first)
            pacm_log_debug("registry %s:%u: second header line; ignored", state->path, state->line);
        return;
    }
    if (first)
        pacm_log_debug("registry %s:%u: no regedit header line; read anyway", state->path, state->line);
    if (*line == '[')
        parse_key_line(state, line, length);
    else if (*line == '"' || *line == '@')
        parse_value_line(state, line, length);
    else
        pacm_log_debug("registry %s:%u: neither a key nor a value line; skipped", state->path, state->line);
}

/* Cuts the next logical line out of [*p, end): continuation lines (the previous one ending
 * in '\', outside key lines) are joined in place with their leading blanks removed. Returns
 * the line's length, or SIZE_MAX for a line over MAX_LINE (consumed and to be skipped). */
static size_t next_logical_line(parse_state *state, char **p, char *end, char **line)
{
    size_t length = 0;
    bool too_long = false, more = true;
    *line = *p;
    while (more && *p < end) {
        char *newline = memchr(*p, '\n', (size_t)(end - *p));
        char *piece = *p, *piece_end = newline ? newline : end;
        *p = newline ? newline + 1 : end;
        state->line++;
        if (length > 0)
            while (piece < piece_end && is_blank(*piece))
                piece++;
        while (piece_end > piece && (piece_end[-1] == '\r' || is_blank(piece_end[-1])))
            piece_end--;
        more = piece_end > piece && piece_end[-1] == '\\' && **line != '[';
        if (more)
            piece_end--;
        size_t piece_length = (size_t)(piece_end - piece);
        if (too_long || piece_length > MAX_LINE - length) {
            too_long = true;
            continue;
        }
        memmove(*line + length, piece, piece_length);
        length += piece_length;
    }
    return too_long ? SIZE_MAX : length;
}

/* A file regedit wrote on Windows is UTF-16LE with a byte-order mark: the same text in UTF-8,
 * newly allocated (a NUL unit ends it). */
static char *utf16_file_to_utf8(const char *text, size_t length, size_t *converted)
{
    size_t units = (length - 2) / 2, capacity;
    WCHAR *wide = NULL;
    char *out = NULL;
    if (pacm_size_mul(units, 3, &capacity) && pacm_size_add(capacity, 1, &capacity)) {
        wide = pacm_mem_alloc((units + 1) * sizeof(WCHAR));
        out = wide ? pacm_mem_alloc(capacity) : NULL;
    }
    if (out) {
        for (size_t i = 0; i < units; i++)
            wide[i] = (WCHAR)((unsigned char)text[2 + 2 * i] | (unsigned char)text[3 + 2 * i] << 8);
        wide[units] = 0;
        *converted = pacm_utf16_field_to_utf8(wide, units, out, capacity);
    }
    pacm_mem_free(wide);
    return out;
}

pacm_reg_key *pacm_reg_text_parse(pacm_reg_hive hive, const char *path, char *text, size_t length)
{
    parse_state state = {.hive = hive, .path = path, .root = pacm_reg_key_new("")};
    char *converted = NULL;
    if (length >= 2 && (unsigned char)text[0] == 0xFF && (unsigned char)text[1] == 0xFE) {
        converted = utf16_file_to_utf8(text, length, &length);
        if (!converted) {
            pacm_reg_key_free(state.root);
            return NULL;
        }
        text = converted;
    } else if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3, length -= 3;
    }
    char *p = text, *end = text + length;
    while (state.root && !state.out_of_memory && p < end) {
        char *line;
        unsigned first_line = state.line + 1;
        size_t line_length = next_logical_line(&state, &p, end, &line);
        if (line_length == SIZE_MAX) {
            pacm_log_debug("registry %s:%u: line longer than %u bytes; skipped", path, first_line, MAX_LINE);
            continue;
        }
        unsigned last_line = state.line;
        state.line = first_line;
        parse_line(&state, line, line_length);
        state.line = last_line;
    }
    pacm_mem_free(converted);
    if (state.out_of_memory) {
        pacm_reg_key_free(state.root);
        return NULL;
    }
    if (state.root)
        pacm_reg_key_sort(state.root);
    return state.root;
}

/* ---- writing ------------------------------------------------------------------------ */

typedef struct text_buffer {
    char *data;
    size_t length, capacity, column;
    bool failed;
} text_buffer;

static void append(text_buffer *buffer, const char *bytes, size_t count)
{
    if (buffer->failed)
        return;
    size_t needed;
    if (!pacm_size_add(buffer->length, count, &needed) || !pacm_size_add(needed, 1, &needed)) {
        buffer->failed = true;
        return;
    }
    if (needed > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 4096;
        while (capacity < needed)
            capacity *= 2;
        char *bigger = pacm_mem_realloc(buffer->data, capacity);
        if (!bigger) {
            buffer->failed = true;
            return;
        }
        buffer->data = bigger;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->length, bytes, count);
    buffer->length += count;
    buffer->data[buffer->length] = 0;
    const char *newline = memchr(bytes, '\n', count);
    buffer->column = newline ? count - (size_t)(newline - bytes) - 1 : buffer->column + count;
}

static void append_text(text_buffer *buffer, const char *text)
{
    append(buffer, text, strlen(text));
}

/* A name or string between quotes, with '\' and '"' escaped as regedit does. */
static void append_quoted(text_buffer *buffer, const char *text)
{
    append(buffer, "\"", 1);
    for (const char *run = text; *run;) {
        size_t plain = strcspn(run, "\\\"");
        append(buffer, run, plain);
        run += plain;
        if (*run) {
            char escaped[2] = {'\\', *run++};
            append(buffer, escaped, 2);
        }
    }
    append(buffer, "\"", 1);
}

/* hex:... or hex(T):..., wrapped as regedit wraps it (",\" and two blanks, lines of at most
 * 80 characters). */
static void append_hex(text_buffer *buffer, DWORD type, const BYTE *data, DWORD size)
{
    char prefix[24];
    if (type == REG_BINARY)
        snprintf(prefix, sizeof prefix, "hex:");
    else
        snprintf(prefix, sizeof prefix, "hex(%x):", (unsigned)type);
    append_text(buffer, prefix);
    static const char digits[] = "0123456789abcdef";
    for (DWORD i = 0; i < size; i++) {
        char byte[3] = {digits[data[i] >> 4], digits[data[i] & 15], ','};
        append(buffer, byte, i + 1 < size ? 3 : 2);
        if (i + 1 < size && buffer->column > 76)
            append_text(buffer, "\\\n  ");
    }
}

/* The UTF-8 form of a REG_SZ value that can be written as "string": whole UTF-16 units, one
 * terminator at the end and none before it, no control characters. NULL otherwise. */
static char *plain_string(const pacm_reg_value *value)
{
    if (value->size < 2 || value->size % 2 != 0)
        return NULL;
    size_t units = value->size / 2;
    const WCHAR *wide = (const WCHAR *)(const void *)value->data; /* little-endian hosts */
    if (wide[units - 1] != 0 || pacm_utf16_length(wide) != units - 1)
        return NULL;
    for (size_t i = 0; i + 1 < units; i++)
        if (wide[i] < 0x20 || wide[i] == 0x7F)
            return NULL;
    return pacm_utf16_to_utf8(wide);
}

static void append_value(text_buffer *buffer, const pacm_reg_value *value)
{
    if (value->name[0])
        append_quoted(buffer, value->name);
    else
        append_text(buffer, "@");
    append_text(buffer, "=");
    char *text = value->type == REG_SZ ? plain_string(value) : NULL;
    if (text) {
        append_quoted(buffer, text);
        pacm_mem_free(text);
    } else if (value->type == REG_DWORD && value->size == 4) {
        char dword[16];
        const BYTE *d = value->data;
        snprintf(dword, sizeof dword, "dword:%08lx",
                 (unsigned long)d[0] | (unsigned long)d[1] << 8 | (unsigned long)d[2] << 16 |
                     (unsigned long)d[3] << 24);
        append_text(buffer, dword);
    } else {
        append_hex(buffer, value->type, value->data, value->size);
    }
    append_text(buffer, "\n");
}

/* One key's section and then its subkeys'. `path` holds "[HIVE\...\name" (no ']'). */
static void append_key(text_buffer *buffer, text_buffer *path, const pacm_reg_key *key, bool is_root)
{
    if (!is_root || key->value_count > 0) {
        append(buffer, path->data, path->length);
        append_text(buffer, "]\n");
        for (size_t i = 0; i < key->value_count; i++)
            append_value(buffer, &key->values[i]);
        append_text(buffer, "\n");
    }
    for (size_t i = 0; i < key->subkey_count && !path->failed; i++) {
        size_t length = path->length;
        append_text(path, "\\");
        append_text(path, key->subkeys[i]->name);
        append_key(buffer, path, key->subkeys[i], false);
        path->length = length;
    }
}

char *pacm_reg_text_format(pacm_reg_hive hive, const pacm_reg_key *root, size_t *length)
{
    text_buffer buffer = {0}, path = {0};
    append_text(&buffer, "Windows Registry Editor Version 5.00\n\n");
    append_text(&path, "[");
    append_text(&path, pacm_reg_hive_name(hive));
    append_key(&buffer, &path, root, true);
    pacm_mem_free(path.data);
    if (buffer.failed || path.failed) {
        pacm_mem_free(buffer.data);
        return NULL;
    }
    *length = buffer.length;
    return buffer.data;
}
