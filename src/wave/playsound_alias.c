/*
 * playsound_alias.c - PlaySound's aliases: the [Sounds] section of the user's
 * $XDG_CONFIG_HOME/portacm/sounds.ini ("Name = file[,description]", as win.ini's [Sounds]),
 * then, for the eight system aliases, the matching .wav of the freedesktop sound theme in the
 * XDG data folders. The theme's usual .oga files (Ogg Vorbis) cannot be decoded by any ACM
 * driver and are treated as missing. docs/playsound.md is the user's description.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "common_int.h"
#include "playsound_int.h"

#define SOUNDS_FILE "portacm/sounds.ini"
#define SOUNDS_MAX_SIZE (256 * 1024)
#define SOUNDS_MAX_LINE 4096

/* The system aliases: their IDs, names and the freedesktop theme names tried in order. */
static const struct system_alias {
    DWORD id;
    const char *name;
    const char *theme[3];
} system_aliases[] = {
    {SND_ALIAS_SYSTEMASTERISK, "SystemAsterisk", {"dialog-information", NULL, NULL}},
    {SND_ALIAS_SYSTEMDEFAULT, "SystemDefault", {"bell", NULL, NULL}},
    {SND_ALIAS_SYSTEMEXCLAMATION, "SystemExclamation", {"dialog-warning", NULL, NULL}},
    {SND_ALIAS_SYSTEMEXIT, "SystemExit", {"service-logout", "desktop-logout", NULL}},
    {SND_ALIAS_SYSTEMHAND, "SystemHand", {"dialog-error", "suspend-error", NULL}},
    {SND_ALIAS_SYSTEMQUESTION, "SystemQuestion", {"dialog-question", "window-question", NULL}},
    {SND_ALIAS_SYSTEMSTART, "SystemStart", {"service-login", "desktop-login", NULL}},
    {SND_ALIAS_SYSTEMWELCOME, "SystemWelcome", {"desktop-login", "service-login", NULL}},
};
#define SYSTEM_ALIAS_COUNT (sizeof system_aliases / sizeof system_aliases[0])

const char *pacm_playsound_alias_id_name(DWORD id)
{
    for (size_t i = 0; i < SYSTEM_ALIAS_COUNT; i++)
        if (system_aliases[i].id == id)
            return system_aliases[i].name;
    return NULL;
}

/* "a" + "b" + "c", newly allocated (pacm_mem), or NULL. */
static char *join3(const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c), total;
    if (!pacm_size_add(la, lb, &total) || !pacm_size_add(total, lc, &total) || !pacm_size_add(total, 1, &total))
        return NULL;
    char *text = pacm_mem_alloc(total);
    if (text) {
        memcpy(text, a, la);
        memcpy(text + la, b, lb);
        memcpy(text + la + lb, c, lc + 1);
    }
    return text;
}

typedef struct alias_search {
    const char *alias;
    char *value; /* the file part of the first matching entry */
} alias_search;

static bool alias_entry(const char *section, const char *name, const char *value, unsigned line, void *context)
{
    (void)line;
    alias_search *search = context;
    if (!section || strcasecmp(section, "Sounds") != 0 || strcasecmp(name, search->alias) != 0)
        return true;
    /* As win.ini: the text up to the first comma is the file, the rest a description. */
    size_t length = strcspn(value, ",");
    while (length > 0 && (value[length - 1] == ' ' || value[length - 1] == '\t'))
        length--;
    if (length == 0)
        return false; /* an alias set to nothing: silenced */
    search->value = pacm_mem_alloc(length + 1);
    if (search->value) {
        memcpy(search->value, value, length);
        search->value[length] = '\0';
    }
    return false;
}

/* The alias from sounds.ini; a relative file is taken from the folder of sounds.ini. */
static char *config_alias(const char *alias)
{
    char *path = pacm_config_user_path(SOUNDS_FILE);
    if (!path)
        return NULL;
    size_t length;
    char *text = pacm_config_file_read(path, "sounds file", SOUNDS_MAX_SIZE, 0, &length);
    char *result = NULL;
    if (text) {
        alias_search search = {alias, NULL};
        pacm_ini_reader reader = {.path = path,
                                  .what = "sounds file",
                                  .name_word = "alias",
                                  .max_line = SOUNDS_MAX_LINE,
                                  .entries_before_header = false,
                                  .entry = alias_entry,
                                  .context = &search};
        pacm_ini_parse(&reader, text, length);
        pacm_mem_free(text);
        if (search.value && search.value[0] != '/') {
            char *slash = strrchr(path, '/');
            slash[1] = '\0';
            result = join3(path, "", search.value);
            pacm_mem_free(search.value);
        } else {
            result = search.value;
        }
    }
    pacm_mem_free(path);
    return result;
}

/* <folder>/sounds/freedesktop/stereo/<name>.wav when it exists. */
static char *theme_file(const char *folder, size_t folder_length, const char *name)
{
    char *base = pacm_mem_alloc(folder_length + 1);
    if (!base)
        return NULL;
    memcpy(base, folder, folder_length);
    base[folder_length] = '\0';
    char *stem = join3(base, "/sounds/freedesktop/stereo/", name);
    pacm_mem_free(base);
    if (!stem)
        return NULL;
    char *wav = join3(stem, ".wav", "");
    if (wav && access(wav, R_OK) == 0) {
        pacm_mem_free(stem);
        return wav;
    }
    pacm_mem_free(wav);
    char *oga = join3(stem, ".oga", "");
    if (oga && access(oga, R_OK) == 0)
        pacm_log_debug("PlaySound: %s is Ogg Vorbis, which no ACM driver decodes: not used", oga);
    pacm_mem_free(oga);
    pacm_mem_free(stem);
    return NULL;
}

/* The theme file in $XDG_DATA_HOME (default ~/.local/share), then $XDG_DATA_DIRS (default
 * /usr/local/share:/usr/share). */
static char *theme_lookup(const char *name)
{
    const char *home_data = getenv("XDG_DATA_HOME");
    char *found = NULL;
    if (home_data && home_data[0] == '/') {
        found = theme_file(home_data, strlen(home_data), name);
    } else if (getenv("HOME") && getenv("HOME")[0] == '/') {
        char *local = join3(getenv("HOME"), "/.local/share", "");
        if (local)
            found = theme_file(local, strlen(local), name);
        pacm_mem_free(local);
    }
    const char *dirs = getenv("XDG_DATA_DIRS");
    if (!dirs || !dirs[0])
        dirs = "/usr/local/share:/usr/share";
    while (!found && *dirs) {
        size_t length = strcspn(dirs, ":");
        if (length > 0 && dirs[0] == '/')
            found = theme_file(dirs, length, name);
        dirs += length;
        if (*dirs == ':')
            dirs++;
    }
    return found;
}

char *pacm_playsound_alias_file(const char *alias)
{
    if (!alias || !alias[0])
        return NULL;
    char *file = config_alias(alias);
    if (file)
        return file;
    for (size_t i = 0; i < SYSTEM_ALIAS_COUNT; i++) {
        if (strcasecmp(alias, system_aliases[i].name) != 0)
            continue;
        for (size_t k = 0; k < 3 && system_aliases[i].theme[k] && !file; k++)
            file = theme_lookup(system_aliases[i].theme[k]);
        break;
    }
    return file;
}
