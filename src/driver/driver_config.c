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
#include <stdlib.h>
#include <string.h>

#include "driver_int.h"

/* The system-wide file, read after the user's own. */
#define DRV_CONFIG_SYSTEM_FILE "/etc/portacm/drivers.ini"

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* The drivers files in lookup order: $PORTACM_DRIVERS alone when it is set (and not empty);
 * otherwise the user's file ($XDG_CONFIG_HOME, default ~/.config) then the system file. Returns
 * how many of `paths` were filled (each allocated). */
static size_t config_paths(char *paths[2])
{
    size_t count = 0;
    const char *explicit_file = getenv("PORTACM_DRIVERS");
    if (explicit_file && *explicit_file) {
        if ((paths[0] = pacm_mem_strdup(explicit_file)) != NULL)
            count = 1;
        return count;
    }
    paths[count] = pacm_config_user_path("portacm/drivers.ini");
    if (paths[count])
        count++;
    if ((paths[count] = pacm_mem_strdup(DRV_CONFIG_SYSTEM_FILE)) != NULL)
        count++;
    return count;
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
        if (pacm_drv_name_equal(walk->seen[i], alias))
            return true;
    if (walk->seen_count == walk->seen_capacity) {
        size_t capacity = walk->seen_capacity ? walk->seen_capacity * 2 : 16, bytes;
        char **bigger = pacm_size_mul(capacity, sizeof *bigger, &bytes) ? pacm_mem_realloc(walk->seen, bytes) : NULL;
        if (!bigger)
            return true;
        walk->seen = bigger;
        walk->seen_capacity = capacity;
    }
    char *copy = pacm_mem_strdup(alias);
    if (!copy)
        return true;
    walk->seen[walk->seen_count++] = copy;
    return false;
}

/* pacm_ini_parse's callback: visits the entries of the wanted section, each alias once. */
static bool config_entry(const char *section, const char *alias, const char *value, unsigned line, void *context)
{
    config_walk *walk = context;
    if (!section || !pacm_drv_name_equal(section, walk->section) || config_seen(walk, alias))
        return true;
    return walk->visit(alias, value, walk->context);
}

/* Walks one file's entries. */
static void config_walk_file(config_walk *walk, const char *path)
{
    size_t length = 0;
    char *text = pacm_config_file_read(path, "drivers file", DRV_CONFIG_MAX_FILE_SIZE, PACM_CONFIG_OWNED, &length);
    if (!text)
        return;
    pacm_ini_reader reader = {.path = path, .what = "drivers file", .name_word = "alias", .max_line = DRV_CONFIG_MAX_LINE,
                              .entry = config_entry, .context = walk};
    if (!pacm_ini_parse(&reader, text, length))
        walk->stopped = true;
    pacm_mem_free(text);
}

void pacm_drv_config_enumerate(const char *section, bool (*visit)(const char *alias, const char *value, void *context),
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
        pacm_mem_free(paths[i]);
    }
    for (size_t i = 0; i < walk.seen_count; i++)
        pacm_mem_free(walk.seen[i]);
    pacm_mem_free(walk.seen);
}

/* pacm_drv_config_lookup's visitor: copies the value of the wanted alias and stops. */
typedef struct config_lookup_state {
    const char *alias;
    char *value;
} config_lookup_state;

static bool config_lookup_visit(const char *alias, const char *value, void *context)
{
    config_lookup_state *state = context;
    if (!pacm_drv_name_equal(alias, state->alias))
        return true;
    state->value = pacm_mem_strdup(value);
    return false;
}

char *pacm_drv_config_lookup(const char *section, const char *alias)
{
    if (!alias || !*alias)
        return NULL;
    config_lookup_state state = {.alias = alias};
    pacm_drv_config_enumerate(section, config_lookup_visit, &state);
    return state.value;
}

/* Copies [start, end) into a newly allocated string. */
static char *copy_range(const char *start, const char *end)
{
    size_t length = (size_t)(end - start);
    char *copy = pacm_mem_alloc(length + 1);
    if (copy) {
        memcpy(copy, start, length);
        copy[length] = 0;
    }
    return copy;
}

bool pacm_drv_config_split_value(const char *value, char **file, char **arguments)
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
        pacm_mem_free(*file);
        *file = NULL;
        return false;
    }
    return true;
}
