/*
 * cli_util.c - the helpers every part of the portacm tool shares: diagnostics, allocation
 * that exits on failure, string lists, number parsing, common options and driver lookup.
 * Kept apart from main.c so other programs (the fuzz harness fuzz/fuzz_cli_wav.c) can link
 * the tool's parts without its entry point.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_int.h"

int cli_verbose = 0;
bool cli_quiet = false;

static void vprint_line(const char *prefix, const char *subject, const char *format, va_list args)
{
    char line[2048];
    int used = snprintf(line, sizeof line, "portacm: %s", prefix);
    if (subject && used >= 0 && (size_t)used < sizeof line)
        used += snprintf(line + used, sizeof line - (size_t)used, "%s: ", subject);
    if (used >= 0 && (size_t)used < sizeof line)
        used += vsnprintf(line + used, sizeof line - (size_t)used, format, args);
    if (used < 0)
        return;
    size_t length = strnlen(line, sizeof line - 2);
    line[length] = '\n';
    line[length + 1] = '\0';
    fputs(line, stderr);
}

void cli_error(const char *subject, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vprint_line("", subject, format, args);
    va_end(args);
}

void cli_warn(const char *subject, const char *format, ...)
{
    if (cli_quiet)
        return;
    va_list args;
    va_start(args, format);
    vprint_line("warning: ", subject, format, args);
    va_end(args);
}

void cli_info(const char *format, ...)
{
    if (cli_verbose <= 0 || cli_quiet)
        return;
    va_list args;
    va_start(args, format);
    vprint_line("", NULL, format, args);
    va_end(args);
}

void *cli_alloc(size_t size)
{
    void *block = calloc(1, size ? size : 1);
    if (!block) {
        cli_error(NULL, "out of memory");
        exit(CLI_EXIT_FAILURE);
    }
    return block;
}

void *cli_realloc(void *block, size_t size)
{
    void *result = realloc(block, size ? size : 1);
    if (!result) {
        cli_error(NULL, "out of memory");
        exit(CLI_EXIT_FAILURE);
    }
    return result;
}

char *cli_strdup(const char *text)
{
    size_t length = strlen(text) + 1;
    char *copy = cli_alloc(length);
    memcpy(copy, text, length);
    return copy;
}

void cli_strings_add(cli_strings *list, const char *format, ...)
{
    char text[1024];
    va_list args;
    va_start(args, format);
    vsnprintf(text, sizeof text, format, args);
    va_end(args);
    list->items = cli_realloc(list->items, (list->count + 1) * sizeof(char *));
    list->items[list->count++] = cli_strdup(text);
}

void cli_strings_free(cli_strings *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i]);
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

/* Parses a decimal (or 0x hexadecimal) number up to `max`; rejects signs, junk and overflow. */
bool cli_parse_uint(const char *text, uint64_t max, uint64_t *value)
{
    if (!text || !*text || *text == '-' || *text == '+')
        return false;
    errno = 0;
    char *end = NULL;
    unsigned long long parsed = strtoull(text, &end, 0);
    if (errno != 0 || end == text || *end != '\0' || parsed > max)
        return false;
    *value = parsed;
    return true;
}

bool cli_common_option(const char *arg, bool *json)
{
    if (strcmp(arg, "-v") == 0 || strcmp(arg, "--verbose") == 0)
        cli_verbose++;
    else if (strcmp(arg, "-q") == 0 || strcmp(arg, "--quiet") == 0)
        cli_quiet = true;
    else if (strcmp(arg, "--json") == 0)
        *json = true;
    else
        return false;
    return true;
}

/* ---- drivers by name ------------------------------------------------------------------- */

typedef struct find_driver_state {
    const char *name;
    unsigned long number;
    unsigned long index;
    HACMDRIVERID found;
} find_driver_state;

static BOOL CALLBACK find_driver_callback(HACMDRIVERID hadid, DWORD_PTR instance, DWORD support)
{
    find_driver_state *state = (find_driver_state *)instance;
    state->index++;
    ACMDRIVERDETAILSA details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    if (acmDriverDetailsA(hadid, &details, 0) != MMSYSERR_NOERROR)
        return TRUE;
    if ((state->number && state->index == state->number) || strcasecmp(details.szShortName, state->name) == 0 ||
        strcasecmp(details.szLongName, state->name) == 0) {
        state->found = hadid;
        return FALSE;
    }
    return TRUE;
}

HACMDRIVERID cli_find_driver(const char *name)
{
    find_driver_state state = {name, 0, 0, NULL};
    uint64_t number;
    if (cli_parse_uint(name, 1000, &number))
        state.number = (unsigned long)number;
    acmDriverEnum(find_driver_callback, (DWORD_PTR)&state, 0);
    return state.found;
}

void cli_driver_name(HACMOBJ object, char *text, size_t size)
{
    HACMDRIVERID hadid = NULL;
    snprintf(text, size, "?");
    if (acmDriverID(object, &hadid, 0) != MMSYSERR_NOERROR)
        return;
    ACMDRIVERDETAILSA details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    if (acmDriverDetailsA(hadid, &details, 0) == MMSYSERR_NOERROR)
        snprintf(text, size, "%s", details.szShortName);
}
