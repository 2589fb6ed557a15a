/*
 * codecs_int.h - the built-in ACM drivers as the rest of the library sees them.
 *
 * Every built-in codec is an ordinary installable driver (a DriverProc). The ACM core never
 * calls a codec directly: it registers the modules listed here with the driver runtime and
 * then talks to them through OpenDriver / SendDriverMessage, exactly as it talks to a
 * third-party driver loaded from a shared object.
 */
#ifndef PORTACM_CODECS_INT_H
#define PORTACM_CODECS_INT_H

#include <stddef.h>

#include "mmsystem.h"
#include "mmreg.h"

/* One built-in ACM driver. */
typedef struct codec_builtin {
    const char *alias;  /* the Drivers32 alias, e.g. "msacm.imaadpcm" */
    const char *module; /* the module (file) name, e.g. "imaadp32.acm" */
    DRIVERPROC proc;    /* its DriverProc */
} codec_builtin;

/* Every built-in ACM driver in default priority order. The internal PCM converter is LAST,
 * with alias "msacm32.dll" and module "msacm32.dll" (as Windows appends it after the
 * registered codecs). *count receives the number of entries (count may be NULL). The array
 * is static and never changes while the process runs. */
const codec_builtin *pacm_codecs_builtin_list(size_t *count);

/* Registers each module of pacm_codecs_builtin_list() with the driver runtime
 * (pacm_drv_builtin_register), so OpenDriver("imaadp32.acm") or the alias reaches the built-in
 * DriverProc. Idempotent and thread-safe. */
void pacm_codecs_register_builtins(void);

/* The text Windows' codecs give a format in ACMFORMATDETAILS.szFormat:
 * "<kHz with three decimals> kHz, <bits> Bit, Mono|Stereo|<n> Channels", e.g.
 * "44.100 kHz, 16 Bit, Stereo". ", <bits> Bit" is left out when wBitsPerSample is 0, the mark of
 * a format without a meaningful sample size (GSM 6.10: "8.000 kHz, Mono"). The built-in
 * drivers use it unless their descriptor has a text of its own (MPEG Layer-3); the ACM uses it
 * for an empty szFormat a driver leaves. `text` is always terminated (capacity >= 1). */
void pacm_codecs_format_text(const WAVEFORMATEX *wfx, char *text, size_t capacity);

#endif /* PORTACM_CODECS_INT_H */
