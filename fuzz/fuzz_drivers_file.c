/*
 * fuzz_drivers_file.c - the drivers-file parser (src/driver/driver_config.c) on untrusted
 * text. The input's first line names what to look up ("alias" or "alias<TAB>section"); the
 * rest is written to a drivers file that PORTACM_DRIVERS points at. Then OpenDriverA looks
 * the alias up (with and without a section), a few fixed aliases are looked up, and
 * acmDriverAdd(ACM_DRIVERADDF_NAME) reads the [drivers32] entry the ACM way.
 *
 * Every '/' of the input becomes '_': the parser is what is fuzzed, and an absolute path in
 * a fuzz input would make the harness dlopen arbitrary system libraries. Relative file names
 * are searched only in an empty private folder (PORTACM_DRIVER_PATH), so nothing loads
 * except the built-in codecs, which the file may alias ("x = msadp32.acm").
 */
#include <stdio.h>
#include <stdlib.h>

#include "ts_files.h"
#include "fuzz_util.h"
#include "windows.h"
#include "mmsystem.h"
#include "mmddk.h"
#include "msacm.h"

static char drivers_path[600];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dir = ts_scratch_dir();
    snprintf(drivers_path, sizeof drivers_path, "%s/drivers.ini", dir);
    setenv("PORTACM_DRIVERS", drivers_path, 1);
    setenv("PORTACM_DRIVER_PATH", dir, 1);
    setenv("XDG_CONFIG_HOME", dir, 1);
    return 0;
}

static void try_open(const char *alias, const char *section)
{
    HDRVR h = OpenDriverA(alias, section, 0);
    if (h) {
        SendDriverMessage(h, DRV_QUERYCONFIGURE, 0, 0);
        CloseDriver(h, 0, 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    for (size_t i = 0; i < size; i++)
        text[i] = data[i] == '/' ? '_' : (char)data[i];
    text[size] = 0;

    /* The first line (up to 127 bytes): alias [TAB section]. */
    char query[128];
    size_t q = 0;
    while (q < size && q < sizeof query - 1 && text[q] != '\n')
        q++;
    memcpy(query, text, q);
    query[q] = 0;
    size_t body = q < size ? q + 1 : q;
    ts_replace_file(drivers_path, text + body, size - body);

    char *section = strchr(query, '\t');
    if (section)
        *section++ = 0;
    try_open(query, section);
    try_open(query, NULL);
    try_open(query, "drivers32");
    try_open("msacm.imaadpcm", "drivers32");
    try_open("msacm.fuzz", NULL);

    HACMDRIVERID hadid = NULL;
    if (acmDriverAddA(&hadid, NULL, (LPARAM)query, 0, ACM_DRIVERADDF_NAME) == MMSYSERR_NOERROR) {
        ACMDRIVERDETAILSA details;
        memset(&details, 0, sizeof details);
        details.cbStruct = sizeof details;
        acmDriverDetailsA(hadid, &details, 0);
        acmDriverRemove(hadid, 0);
    }
    free(text);
    return 0;
}
