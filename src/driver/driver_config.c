/*
 * driver_config.c - the drivers file, portacm's stand-in for the [drivers32] part of Windows'
 * registry and system.ini: an INI file of `[section]` headers and `alias=file [arguments]`
 * entries that OpenDriver and the ACM layer look aliases up in.
 *
 * The file is user-editable, so it is treated as hostile: its size is bounded, every line is
 * checked, and a bad line is skipped with a PORTACM_DEBUG diagnostic naming file and line
 * instead of failing the whole file. The files are parsed afresh on every lookup; they are small
 * and OpenDriver is not a hot path, so there is no cache that could go stale.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "driver_int.h"

/* The system-wide file, read after the user's own. */
#define DRV_CONFIG_SYSTEM_FILE "/etc/portacm/drivers.ini"

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

/* The drivers files in lookup order: $PORTACM_DRIVERS alone when it is set (and not empty);
 * otherwise the user's file ($XDG_CONFIG_HOME, default ~/.config) then the system file. Returns
 * how many of `paths` were filled (each allocated). */
static size_t config_paths(char *paths[2])
{
    size_t count = 0;
    const char *explicit_file = getenv("PORTACM_DRIVERS");
    if (explicit_file && *explicit_file) {
        if ((paths[0] = mem_strdup(explicit_file)) != NULL)
            count = 1;
        return count;
    }
    /* The XDG base-directory rules ignore a relative XDG_CONFIG_HOME. */
    const char *config_home = getenv("XDG_CONFIG_HOME");
    if (config_home && config_home[0] == '/') {
        paths[count] = drv_path_join(config_home, strlen(config_home), "portacm/drivers.ini");
    } else {
        const char *home = getenv("HOME");
        paths[count] = home && home[0] == '/' ? drv_path_join(home, strlen(home), ".config/portacm/drivers.ini") : NULL;
    }
    if (paths[count])
        count++;
    if ((paths[count] = mem_strdup(DRV_CONFIG_SYSTEM_FILE)) != NULL)
        count++;
    return count;
}

/* Reads a whole drivers file into a newly allocated, NUL-terminated buffer, refusing anything
 * that is not a regular file of at most DRV_CONFIG_MAX_FILE_SIZE bytes (a FIFO or /dev/zero
 * named by mistake must not hang or exhaust memory). Returns NULL when the file is unusable. */
static char *config_read(const char *path, size_t *length)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno != ENOENT)
            log_debug("drivers file %s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct stat info;
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        log_debug("drivers file %s: not a regular file; ignored", path);
        close(fd);
        return NULL;
    }
    /* The file names code to load: like ssh with authorized_keys, refuse one that someone
     * else could have written (group- or world-writable, or owned by another user). */
    if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0 || (info.st_uid != geteuid() && info.st_uid != 0)) {
        log_debug("drivers file %s: writable by group or others, or not owned by the user or root "
                  "(mode %03o, owner %lu); ignored",
                  path, (unsigned)(info.st_mode & 0777), (unsigned long)info.st_uid);
        close(fd);
        return NULL;
    }
    if (info.st_size < 0 || (unsigned long long)info.st_size > DRV_CONFIG_MAX_FILE_SIZE) {
        log_debug("drivers file %s: larger than %u bytes; ignored", path, DRV_CONFIG_MAX_FILE_SIZE);
        close(fd);
        return NULL;
    }
    /* One byte more than the limit, to notice a file that grew after fstat. */
    char *buffer = mem_alloc(DRV_CONFIG_MAX_FILE_SIZE + 2);
    size_t filled = 0;
    while (buffer && filled <= DRV_CONFIG_MAX_FILE_SIZE) {
        ssize_t got = read(fd, buffer + filled, DRV_CONFIG_MAX_FILE_SIZE + 1 - filled);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            log_debug("drivers file %s: read error: %s", path, strerror(errno));
            mem_free(buffer);
            buffer = NULL;
        }
        if (got <= 0)
            break;
        filled += (size_t)got;
    }
    close(fd);
    if (buffer && filled > DRV_CONFIG_MAX_FILE_SIZE) {
        log_debug("drivers file %s: larger than %u bytes; ignored", path, DRV_CONFIG_MAX_FILE_SIZE);
        mem_free(buffer);
        return NULL;
    }
    if (buffer) {
        buffer[filled] = 0;
        *length = filled;
    }
    return buffer;
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

/* The state of one enumeration over all the drivers files. */
typedef struct config_walk {
    const char *section;
    bool (*visit)(const char *alias, const char *value, void *context);
    void *context;
    char **seen; /* aliases already visited (first definition wins) */
    size_t seen_count, seen_capacity;
    bool stopped;
} config_walk;

/* True if `alias` was visited before; otherwise remembers it. Out of memory counts as seen so
 * that an entry is never visited twice. */
static bool config_seen(config_walk *walk, const char *alias)
{
    for (size_t i = 0; i < walk->seen_count; i++)
        if (drv_name_equal(walk->seen[i], alias))
            return true;
    if (walk->seen_count == walk->seen_capacity) {
        size_t capacity = walk->seen_capacity ? walk->seen_capacity * 2 : 16, bytes;
        char **bigger = size_mul(capacity, sizeof *bigger, &bytes) ? mem_realloc(walk->seen, bytes) : NULL;
        if (!bigger)
            return true;
        walk->seen = bigger;
        walk->seen_capacity = capacity;
    }
    char *copy = mem_strdup(alias);
    if (!copy)
        return true;
    walk->seen[walk->seen_count++] = copy;
    return false;
}

/* Where a file's parse is: whether any header was seen, and whether the last one matched. */
typedef struct config_position {
    bool any_header;
    bool in_section;
} config_position;

/* Parses one line (already NUL-terminated in place, without its newline) and visits it if it
 * is an entry of the wanted section. */
static void config_line(config_walk *walk, const char *path, unsigned number, char *start, char *end,
                        config_position *position)
{
    if ((size_t)(end - start) > DRV_CONFIG_MAX_LINE) {
        log_debug("drivers file %s:%u: line longer than %u bytes; skipped", path, number, DRV_CONFIG_MAX_LINE);
        return;
    }
    if (!line_is_text(start, end)) {
        log_debug("drivers file %s:%u: control characters or binary data; line skipped", path, number);
        return;
    }
    trim(&start, &end);
    if (start == end || *start == ';' || *start == '#')
        return;
    if (*start == '[') {
        /* Until a valid header, entries belong to no section. */
        position->any_header = true;
        position->in_section = false;
        char *close = memchr(start, ']', (size_t)(end - start));
        if (!close) {
            log_debug("drivers file %s:%u: unterminated section header; entries up to the next header ignored",
                      path, number);
            return;
        }
        char *after = close + 1;
        trim(&after, &end);
        if (after != end && *after != ';' && *after != '#') {
            log_debug("drivers file %s:%u: text after section header; entries up to the next header ignored",
                      path, number);
            return;
        }
        char *name = start + 1, *name_end = close;
        trim(&name, &name_end);
        if (name == name_end) {
            log_debug("drivers file %s:%u: empty section name; entries up to the next header ignored", path,
                      number);
            return;
        }
        *name_end = 0;
        position->in_section = drv_name_equal(name, walk->section);
        return;
    }
    char *equals = memchr(start, '=', (size_t)(end - start));
    if (!equals) {
        log_debug("drivers file %s:%u: line without '='; skipped", path, number);
        return;
    }
    char *alias = start, *alias_end = equals, *value = equals + 1, *value_end = end;
    trim(&alias, &alias_end);
    trim(&value, &value_end);
    if (alias == alias_end || value == value_end) {
        log_debug("drivers file %s:%u: empty %s; skipped", path, number, alias == alias_end ? "alias" : "value");
        return;
    }
    *alias_end = 0;
    *value_end = 0;
    if (!position->any_header)
        log_debug("drivers file %s:%u: entry before any [section]; skipped", path, number);
    if (!position->in_section || config_seen(walk, alias))
        return;
    if (!walk->visit(alias, value, walk->context))
        walk->stopped = true;
}

/* Walks one file's lines. */
static void config_walk_file(config_walk *walk, const char *path)
{
    size_t length = 0;
    char *text = config_read(path, &length);
    if (!text)
        return;
    config_position position = {false, false};
    unsigned number = 0;
    for (char *line = text; !walk->stopped && line < text + length;) {
        char *newline = memchr(line, '\n', (size_t)(text + length - line));
        char *end = newline ? newline : text + length;
        number++;
        *end = 0;
        config_line(walk, path, number, line, end, &position);
        line = end + 1;
    }
    mem_free(text);
}

void drv_config_enumerate(const char *section, bool (*visit)(const char *alias, const char *value, void *context),
                          void *context)
{
    if (!section || !*section || !visit)
        return;
    config_walk walk = {.section = section, .visit = visit, .context = context};
    char *paths[2] = {NULL, NULL};
    size_t count = config_paths(paths);
    for (size_t i = 0; i < count; i++) {
        if (!walk.stopped)
            config_walk_file(&walk, paths[i]);
        mem_free(paths[i]);
    }
    for (size_t i = 0; i < walk.seen_count; i++)
        mem_free(walk.seen[i]);
    mem_free(walk.seen);
}

/* drv_config_lookup's visitor: copies the value of the wanted alias and stops. */
typedef struct config_lookup_state {
    const char *alias;
    char *value;
} config_lookup_state;

static bool config_lookup_visit(const char *alias, const char *value, void *context)
{
    config_lookup_state *state = context;
    if (!drv_name_equal(alias, state->alias))
        return true;
    state->value = mem_strdup(value);
    return false;
}

char *drv_config_lookup(const char *section, const char *alias)
{
    if (!alias || !*alias)
        return NULL;
    config_lookup_state state = {.alias = alias};
    drv_config_enumerate(section, config_lookup_visit, &state);
    return state.value;
}

/* Copies [start, end) into a newly allocated string. */
static char *copy_range(const char *start, const char *end)
{
    size_t length = (size_t)(end - start);
    char *copy = mem_alloc(length + 1);
    if (copy) {
        memcpy(copy, start, length);
        copy[length] = 0;
    }
    return copy;
}

bool drv_config_split_value(const char *value, char **file, char **arguments)
{
    *file = NULL;
    *arguments = NULL;
    if (!value)
        return false;
    const char *start = value, *end = value + strlen(value);
    while (start < end && is_blank(*start))
        start++;
    while (end > start && is_blank(end[-1]))
        end--;
    const char *file_start = start, *file_end, *rest;
    if (*start == '"' && memchr(start + 1, '"', (size_t)(end - start - 1))) {
        /* A quoted file name may hold blanks; Windows' format has no quoting, this is ours. */
        file_start = start + 1;
        file_end = memchr(file_start, '"', (size_t)(end - file_start));
        rest = file_end + 1;
    } else {
        file_end = start;
        while (file_end < end && !is_blank(*file_end))
            file_end++;
        rest = file_end;
    }
    if (file_end == file_start)
        return false;
    while (rest < end && is_blank(*rest))
        rest++;
    *file = copy_range(file_start, file_end);
    if (!*file)
        return false;
    if (rest < end && !(*arguments = copy_range(rest, end))) {
        mem_free(*file);
        *file = NULL;
        return false;
    }
    return true;
}
