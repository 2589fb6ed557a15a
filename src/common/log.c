/*
 * log.c - PORTACM_DEBUG diagnostics. Failures that Windows reports only as NULL or FALSE (a
 * driver file that will not load, a malformed drivers file) explain themselves on stderr when
 * the user asks for it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common_int.h"

bool pacm_log_debug_enabled(void)
{
    const char *value = getenv("PORTACM_DEBUG");
    return value && *value && strcmp(value, "0") != 0;
}

void pacm_log_debug(const char *format, ...)
{
    if (!pacm_log_debug_enabled())
        return;
    char line[1024];
    va_list args;
    va_start(args, format);
    vsnprintf(line, sizeof line, format, args);
    va_end(args);
    fprintf(stderr, "portacm: %s\n", line);
}
