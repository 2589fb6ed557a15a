/*
 * config_file.c - the one reader of portacm's INI files (the drivers file, the ACM priority
 * file): where they live under the XDG base-directory rules, how a file is read without
 * trusting it, and how its lines are split into sections and entries.
 *
 * The files are user-editable, so they are hostile input: a file must be a regular file of
 * bounded size (a FIFO or /dev/zero named by mistake must not hang or exhaust memory), a line
 * longer than the caller's limit or holding control characters is skipped, and every skipped
 * line is reported through PORTACM_DEBUG with its file and line number, never fatal to the
 * rest of the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common_int.h"

char *pacm_config_user_path(const char *relative)
{
    /* The XDG rules ignore a relative XDG_CONFIG_HOME; then ~/.config is the default. */
    const char *base = getenv("XDG_CONFIG_HOME");
    const char *middle = "/";
    if (!base || base[0] != '/') {
        base = getenv("HOME");
        middle = "/.config/";
        if (!base || base[0] != '/')
            return NULL;
    }
    size_t base_length = strlen(base), middle_length = strlen(middle), relative_length = strlen(relative);
    while (base_length > 1 && base[base_length - 1] == '/')
        base_length--;
    size_t total;
    if (!pacm_size_add(base_length, middle_length, &total) || !pacm_size_add(total, relative_length, &total) ||
        !pacm_size_add(total, 1, &total))
        return NULL;
    char *path = pacm_mem_alloc(total);
    if (path) {
        memcpy(path, base, base_length);
        memcpy(path + base_length, middle, middle_length);
        memcpy(path + base_length + middle_length, relative, relative_length + 1);
    }
    return path;
}

/* Reads what is left of `fd` into a new buffer of at most max_size bytes (plus terminator);
 * NULL on a read error or a file that turns out larger than the limit. */
static char *read_bounded(int fd, const char *what, const char *path, size_t max_size, size_t *length)
{
    /* One byte more than the limit, to notice a file that grew after fstat. */
    char *buffer = pacm_mem_alloc(max_size + 2);
    size_t filled = 0;
    while (buffer && filled <= max_size) {
        ssize_t got = read(fd, buffer + filled, max_size + 1 - filled);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            pacm_log_debug("%s %s: read error: %s", what, path, strerror(errno));
            pacm_mem_free(buffer);
            return NULL;
        }
        if (got == 0)
            break;
        filled += (size_t)got;
    }
    if (buffer && filled > max_size) {
        pacm_log_debug("%s %s: larger than %zu bytes; ignored", what, path, max_size);
        pacm_mem_free(buffer);
        return NULL;
    }
    if (buffer) {
        buffer[filled] = 0;
        *length = filled;
    }
    return buffer;
}

char *pacm_config_file_read(const char *path, const char *what, size_t max_size, unsigned flags, size_t *length)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno != ENOENT)
            pacm_log_debug("%s %s: cannot open: %s", what, path, strerror(errno));
        return NULL;
    }
    struct stat info;
    char *text = NULL;
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        pacm_log_debug("%s %s: not a regular file; ignored", what, path);
    } else if ((flags & PACM_CONFIG_OWNED) &&
               ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0 || (info.st_uid != geteuid() && info.st_uid != 0))) {
        /* A file that names code to load: like ssh with authorized_keys, refuse one that
         * someone else could have written (group- or world-writable, or owned by another user). */
        pacm_log_debug("%s %s: writable by group or others, or not owned by the user or root "
                  "(mode %03o, owner %lu); ignored",
                  what, path, (unsigned)(info.st_mode & 0777), (unsigned long)info.st_uid);
    } else if (info.st_size < 0 || (unsigned long long)info.st_size > max_size) {
        pacm_log_debug("%s %s: larger than %zu bytes; ignored", what, path, max_size);
    } else {
        text = read_bounded(fd, what, path, max_size, length);
    }
    close(fd);
    return text;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Trims blanks from both ends of [*start, *end) by moving the bounds. */
static void trim(char **start, char **end)
{
    while (*start < *end && is_blank(**start))
        (*start)++;
    while (*end > *start && is_blank((*end)[-1]))
        (*end)--;
}

/* A line may hold text and tabs only: control characters (NUL included) mean binary data. */
static bool line_is_text(const char *start, const char *end)
{
    for (const char *p = start; p < end; p++) {
        unsigned char c = (unsigned char)*p;
        if ((c < 0x20 && c != '\t' && c != '\r' && c != '\v' && c != '\f') || c == 0x7F)
            return false;
    }
    return true;
}

/* The state of one file's parse. */
typedef struct ini_parse {
    const pacm_ini_reader *reader;
    const char *section; /* NULL before the first header and after a malformed one */
    bool any_header;
    bool stopped;
} ini_parse;

/* A "[name]" line: the new section, or none when the header is malformed. */
static void ini_header(ini_parse *parse, unsigned number, char *start, char *end)
{
    const pacm_ini_reader *reader = parse->reader;
    parse->any_header = true;
    parse->section = NULL; /* until a valid header, entries belong to no section */
    char *close = memchr(start, ']', (size_t)(end - start));
    const char *problem = NULL;
    char *name = start + 1, *name_end = close;
    if (!close) {
        problem = "unterminated section header";
    } else {
        char *after = close + 1;
        trim(&after, &end);
        trim(&name, &name_end);
        if (after != end && *after != ';' && *after != '#')
            problem = "text after section header";
        else if (name == name_end)
            problem = "empty section name";
    }
    if (problem) {
        pacm_log_debug("%s %s:%u: %s; entries up to the next header ignored", reader->what, reader->path, number,
                  problem);
        return;
    }
    *name_end = 0;
    parse->section = name;
}

/* Parses one line (NUL-terminated in place, without its newline). */
static void ini_line(ini_parse *parse, unsigned number, char *start, char *end)
{
    const pacm_ini_reader *reader = parse->reader;
    if ((size_t)(end - start) > reader->max_line) {
        pacm_log_debug("%s %s:%u: line longer than %zu bytes; skipped", reader->what, reader->path, number,
                  reader->max_line);
        return;
    }
    if (!line_is_text(start, end)) {
        pacm_log_debug("%s %s:%u: control characters or binary data; line skipped", reader->what, reader->path, number);
        return;
    }
    trim(&start, &end);
    if (start == end || *start == ';' || *start == '#')
        return;
    if (*start == '[') {
        ini_header(parse, number, start, end);
        return;
    }
    char *equals = memchr(start, '=', (size_t)(end - start));
    if (!equals) {
        pacm_log_debug("%s %s:%u: line without '='; skipped", reader->what, reader->path, number);
        return;
    }
    char *key = start, *key_end = equals, *value = equals + 1, *value_end = end;
    trim(&key, &key_end);
    trim(&value, &value_end);
    if (key == key_end || value == value_end) {
        pacm_log_debug("%s %s:%u: empty %s; skipped", reader->what, reader->path, number,
                  key != key_end ? "value" : reader->name_word ? reader->name_word : "name");
        return;
    }
    *key_end = 0;
    *value_end = 0;
    if (!parse->any_header && !reader->entries_before_header) {
        pacm_log_debug("%s %s:%u: entry before any [section]; skipped", reader->what, reader->path, number);
        return;
    }
    if (parse->any_header && !parse->section)
        return;
    if (!reader->entry(parse->section, key, value, number, reader->context))
        parse->stopped = true;
}

bool pacm_ini_parse(const pacm_ini_reader *reader, char *text, size_t length)
{
    ini_parse parse = {.reader = reader};
    unsigned number = 0;
    for (char *line = text; !parse.stopped && line < text + length;) {
        char *newline = memchr(line, '\n', (size_t)(text + length - line));
        char *end = newline ? newline : text + length;
        number++;
        *end = 0;
        ini_line(&parse, number, line, end);
        line = end + 1;
    }
    return !parse.stopped;
}
