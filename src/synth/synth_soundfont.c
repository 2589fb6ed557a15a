/*
 * synth_soundfont.c - which SoundFont the synthesizer loads: $PORTACM_SOUNDFONT, else the
 * user's configuration file ($XDG_CONFIG_HOME/portacm/synth.ini, `[synth] soundfont = PATH`),
 * else the first readable file of the paths Debian's and other distributions' GM SoundFont
 * packages install to (docs/synth.md).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common_int.h"
#include "synth_int.h"

#define SYNTH_CONFIG_MAX (64u * 1024u)

static const char *const standard_paths[] = {
    "/usr/share/sounds/sf2/default-GM.sf2",
    "/usr/share/sounds/sf2/FluidR3_GM.sf2",
    "/usr/share/sounds/sf2/TimGM6mb.sf2",
    "/usr/share/soundfonts/default.sf2",
    "/usr/share/soundfonts/FluidR3_GM.sf2",
    "/usr/share/sounds/sf3/default-GM.sf3",
    "/usr/share/sounds/sf3/MuseScore_General.sf3",
    "/usr/share/soundfonts/FluidR3_GM.sf3",
};

static bool readable_file(const char *path)
{
    struct stat st;
    return path && path[0] && stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

typedef struct config_lookup {
    char *soundfont;
} config_lookup;

static bool config_entry(const char *section, const char *name, const char *value, unsigned line, void *context)
{
    config_lookup *lookup = context;
    (void)line;
    if (section && strcasecmp(section, "synth") == 0 && strcasecmp(name, "soundfont") == 0) {
        pacm_mem_free(lookup->soundfont);
        lookup->soundfont = pacm_mem_strdup(value); /* the last one wins */
    }
    return true;
}

/* `soundfont` from the configuration file, or NULL. */
static char *config_soundfont(void)
{
    config_lookup lookup = {NULL};
    size_t length = 0;
    char *path = pacm_config_user_path("portacm/synth.ini");
    char *text = path ? pacm_config_file_read(path, "synth configuration", SYNTH_CONFIG_MAX, 0, &length) : NULL;
    if (text) {
        pacm_ini_reader reader = {.path = path, .what = "synth configuration", .max_line = 4096,
                                  .entry = config_entry, .context = &lookup};
        pacm_ini_parse(&reader, text, length);
        pacm_mem_free(text);
    }
    pacm_mem_free(path);
    return lookup.soundfont;
}

char *pacm_synth_soundfont_find(void)
{
    const char *env = getenv("PORTACM_SOUNDFONT");
    char *configured;
    if (env && env[0]) {
        if (readable_file(env))
            return pacm_mem_strdup(env);
        pacm_log_debug("synth: PORTACM_SOUNDFONT=%s is not a readable file: no synthesizer", env);
        return NULL;
    }
    configured = config_soundfont();
    if (configured) {
        if (readable_file(configured))
            return configured;
        pacm_log_debug("synth: synth.ini soundfont=%s is not a readable file: no synthesizer", configured);
        pacm_mem_free(configured);
        return NULL;
    }
    for (size_t i = 0; i < sizeof standard_paths / sizeof standard_paths[0]; i++)
        if (readable_file(standard_paths[i]))
            return pacm_mem_strdup(standard_paths[i]);
    pacm_log_debug("synth: no SoundFont (set PORTACM_SOUNDFONT, or install fluid-soundfont-gm or "
                   "timgm6mb-soundfont): no synthesizer");
    return NULL;
}
