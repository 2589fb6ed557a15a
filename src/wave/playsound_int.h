/*
 * playsound_int.h - what the files of PlaySound share: finding and opening a sound
 * (playsound_source.c), the aliases (playsound_alias.c) and the player (playsound.c).
 * docs/playsound.md describes the behaviour for users.
 */
#ifndef PORTACM_PLAYSOUND_INT_H
#define PORTACM_PLAYSOUND_INT_H

#include <stdbool.h>

#include "windows.h"
#include "mmsystem.h"

/* An opened sound: a RIFF WAVE file positioned at the start of its data. */
typedef struct pacm_ps_source {
    HMMIO mmio;
    WAVEFORMATEX *format; /* pacm_mem; cbSize consistent with its allocation */
    LONG data_start;      /* offset of the data body */
    LONG data_size;       /* bytes of the data body */
} pacm_ps_source;

/* Finds and opens the sound `name` names under PlaySound's `flags` (SND_MEMORY: `name` is the
 * image; SND_ALIAS_ID: an ID; otherwise a UTF-16 string), applying the lookup order of
 * docs/playsound.md including the default sound unless SND_NODEFAULT. Returns false when
 * nothing playable was found. */
bool pacm_playsound_open(LPCWSTR name, HMODULE hmod, DWORD flags, pacm_ps_source *source);
void pacm_playsound_close(pacm_ps_source *source);

/* The file an alias names (the [Sounds] section of the user's sounds.ini, then for the eight
 * system aliases a .wav of the freedesktop sound theme), newly allocated (pacm_mem), or NULL. */
char *pacm_playsound_alias_file(const char *alias);
/* The name of a system alias ID (SND_ALIAS_SYSTEMASTERISK ... ), or NULL for any other ID. */
const char *pacm_playsound_alias_id_name(DWORD id);

#endif /* PORTACM_PLAYSOUND_INT_H */
