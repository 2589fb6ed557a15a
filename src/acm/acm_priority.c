/*
 * acm_priority.c - the ACM priority file, portacm's HKCU "Priority v4.00" key: where it lives
 * ($XDG_CONFIG_HOME/portacm/acm-priority.ini, docs/acm.md describes the format), how it is read
 * (the shared hardened INI reader; malformed entries are skipped one by one) and how it is
 * rewritten after every change. Which drivers the entries reorder is acm_registry.c's.
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "acm_int.h"
#define PRIORITY_MAX_ENTRIES 4096u
#define PRIORITY_MAX_LINE 1024u
#define PRIORITY_MAX_FILE_SIZE (1024u * 1024u)
static const char priority_section[] = "Priority v4.00";
static pthread_mutex_t priority_write_lock = PTHREAD_MUTEX_INITIALIZER;

/* $XDG_CONFIG_HOME/portacm/acm-priority.ini, or ~/.config/portacm/acm-priority.ini (newly
 * allocated; NULL when neither variable gives an absolute folder). */
static char *priority_path(void)
{
    return pacm_config_user_path("portacm/acm-priority.ini");
}

/* Parses one "PriorityN" = "E, alias" entry; false for anything that is not well formed. */
static bool priority_parse_entry(const char *name, const char *value, acm_priority_entry *entry)
{
    if (strncasecmp(name, "Priority", 8) != 0)
        return false;
    const char *p = name + 8;
    if (!isdigit((unsigned char)*p))
        return false;
    unsigned long position = 0;
    while (isdigit((unsigned char)*p)) {
        position = position * 10 + (unsigned long)(*p - '0');
        if (position > 1000000ul)
            return false;
        p++;
    }
    if (*p != 0 || position == 0)
        return false;
    p = value;
    if (*p != '0' && *p != '1')
        return false;
    bool enabled = *p++ == '1';
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p++ != ',')
        return false;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == 0)
        return false;
    entry->position = position;
    entry->enabled = enabled;
    entry->alias = pacm_mem_strdup(p);
    return entry->alias != NULL;
}

/* The entries read so far, sorted by position (stable). */
typedef struct priority_list {
    acm_priority_entry *entries;
    size_t count;
} priority_list;

/* pacm_ini_parse's callback: keeps the well-formed entries of [Priority v4.00] (and those
 * before any header); malformed ones are skipped one by one. */
static bool priority_entry_found(const char *section, const char *name, const char *value, unsigned line,
                                 void *context)
{
    priority_list *list = context;
    acm_priority_entry entry;
    if ((section && strcasecmp(section, priority_section) != 0) || list->count >= PRIORITY_MAX_ENTRIES ||
        !priority_parse_entry(name, value, &entry))
        return true;
    acm_priority_entry *bigger = pacm_mem_realloc(list->entries, (list->count + 1) * sizeof *list->entries);
    if (!bigger) {
        pacm_mem_free(entry.alias);
        return false;
    }
    list->entries = bigger;
    /* Insertion keeps the order stable for equal positions. */
    size_t at = list->count;
    while (at > 0 && bigger[at - 1].position > entry.position) {
        bigger[at] = bigger[at - 1];
        at--;
    }
    bigger[at] = entry;
    list->count++;
    return true;
}

/* Reads the priority file (missing or unreadable: no entries). Entries come back sorted by
 * position (stable). */
size_t pacm_acm_priority_read(acm_priority_entry **out)
{
    *out = NULL;
    char *path = priority_path();
    size_t length = 0;
    char *text = path ? pacm_config_file_read(path, "priority file", PRIORITY_MAX_FILE_SIZE, 0, &length) : NULL;
    priority_list list = {NULL, 0};
    if (text) {
        pacm_ini_reader reader = {.path = path, .what = "priority file", .max_line = PRIORITY_MAX_LINE,
                                  .entries_before_header = true, .entry = priority_entry_found, .context = &list};
        pacm_ini_parse(&reader, text, length);
    }
    pacm_mem_free(text);
    pacm_mem_free(path);
    *out = list.entries;
    return list.count;
}

void pacm_acm_priority_entries_free(acm_priority_entry *entries, size_t count)
{
    for (size_t i = 0; i < count; i++)
        pacm_mem_free(entries[i].alias);
    pacm_mem_free(entries);
}

/* Creates the folders of `path` that are missing. */
static void make_parent_folders(const char *path)
{
    char *copy = pacm_mem_strdup(path);
    if (!copy)
        return;
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(copy, 0700) != 0 && errno != EEXIST)
            pacm_log_debug("acm: cannot create %s: %s", copy, strerror(errno));
        *p = '/';
    }
    pacm_mem_free(copy);
}

/* Writes the entries `snapshot` gives, atomically (temporary file + rename), as Windows
 * rewrites its Priority v4.00 key on every change; the snapshot is taken under the write lock,
 * so the last change is the one the file keeps. Failures are only logged. */
void pacm_acm_priority_write(size_t (*snapshot)(acm_priority_entry **entries))
{
    pthread_mutex_lock(&priority_write_lock);
    char *path = priority_path();
    char *temporary = NULL;
    FILE *file = NULL;
    if (!path)
        goto done;
    size_t length = strlen(path) + 8;
    temporary = pacm_mem_alloc(length);
    if (!temporary)
        goto done;
    snprintf(temporary, length, "%s.XXXXXX", path);
    make_parent_folders(path);
    int fd = mkstemp(temporary);
    if (fd < 0) {
        pacm_log_debug("acm: cannot write the priority file %s: %s", path, strerror(errno));
        goto done;
    }
    file = fdopen(fd, "w");
    if (!file) {
        close(fd);
        unlink(temporary);
        goto done;
    }
    fprintf(file, "; portacm ACM driver priorities (the equivalent of Windows' HKCU\\Software\\Microsoft\\"
                  "Multimedia\\Audio Compression Manager\\Priority v4.00).\n"
                  "; PriorityN=1, alias (enabled) or PriorityN=0, alias (disabled); N = 1 is searched first.\n"
                  "[%s]\n",
            priority_section);
    acm_priority_entry *entries = NULL;
    size_t count = snapshot(&entries);
    for (size_t i = 0; i < count; i++)
        fprintf(file, "Priority%lu=%d, %s\n", entries[i].position, entries[i].enabled ? 1 : 0, entries[i].alias);
    pacm_acm_priority_entries_free(entries, count);
    bool ok = fflush(file) == 0 && fsync(fileno(file)) == 0;
    ok = fclose(file) == 0 && ok;
    if (!ok || rename(temporary, path) != 0) {
        pacm_log_debug("acm: cannot write the priority file %s: %s", path, strerror(errno));
        unlink(temporary);
    }
done:
    pacm_mem_free(temporary);
    pacm_mem_free(path);
    pthread_mutex_unlock(&priority_write_lock);
}

