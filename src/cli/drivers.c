/*
 * drivers.c - `portacm drivers`: every ACM driver (acmDriverEnum, enabled and disabled), what
 * it says about itself (acmDriverDetails) and the format tags it handles (acmFormatTagEnum on
 * an open instance), as text or JSON.
 */
#include <string.h>

#include "cli_int.h"

static const char drivers_help[] =
    "usage: portacm drivers [--json] [-v]\n"
    "\n"
    "Lists the ACM drivers in priority order with their names, support flags and format tags.\n"
    "-v adds copyright, licensing and feature text. A driver can be named in\n"
    "'portacm convert --driver NAME' by its short name, long name or number in this list.\n"
    "\n"
    "exit codes: 0 success, 1 the ACM reported an error, 2 usage error\n";

typedef struct drivers_state {
    json_writer *json;
    unsigned index;
} drivers_state;

static void support_text(DWORD support, char *text, size_t size)
{
    static const struct {
        DWORD bit;
        const char *name;
    } names[] = {
        {ACMDRIVERDETAILS_SUPPORTF_CODEC, "codec"},     {ACMDRIVERDETAILS_SUPPORTF_CONVERTER, "converter"},
        {ACMDRIVERDETAILS_SUPPORTF_FILTER, "filter"},   {ACMDRIVERDETAILS_SUPPORTF_HARDWARE, "hardware"},
        {ACMDRIVERDETAILS_SUPPORTF_ASYNC, "async"},     {ACMDRIVERDETAILS_SUPPORTF_LOCAL, "local"},
        {ACMDRIVERDETAILS_SUPPORTF_DISABLED, "disabled"},
    };
    size_t used = 0;
    text[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (support & names[i].bit) {
            int n = snprintf(text + used, size - used, "%s%s", used ? "," : "", names[i].name);
            if (n < 0 || (size_t)n >= size - used)
                return;
            used += (size_t)n;
        }
    }
}

static BOOL CALLBACK tag_callback(HACMDRIVERID hadid, LPACMFORMATTAGDETAILSA details, DWORD_PTR instance,
                                  DWORD support)
{
    drivers_state *state = (drivers_state *)instance;
    const char *short_name = cli_format_short_name((WORD)details->dwFormatTag);
    if (state->json) {
        json_object_begin(state->json, NULL);
        json_uint(state->json, "formatTag", details->dwFormatTag);
        json_string(state->json, "name", details->szFormatTag);
        json_string(state->json, "shortName", short_name);
        json_uint(state->json, "formatSize", details->cbFormatSize);
        json_uint(state->json, "standardFormats", details->cStandardFormats);
        json_object_end(state->json);
    } else {
        printf("      0x%04lX %-24s %s%-10s%s %lu standard formats, up to %lu bytes\n",
               (unsigned long)details->dwFormatTag, details->szFormatTag, short_name ? "(" : " ",
               short_name ? short_name : "", short_name ? ")" : " ", (unsigned long)details->cStandardFormats,
               (unsigned long)details->cbFormatSize);
    }
    return TRUE;
}

static BOOL CALLBACK driver_callback(HACMDRIVERID hadid, DWORD_PTR instance, DWORD support)
{
    drivers_state *state = (drivers_state *)instance;
    state->index++;
    ACMDRIVERDETAILSA details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    MMRESULT mr = acmDriverDetailsA(hadid, &details, 0);
    if (mr != MMSYSERR_NOERROR) {
        cli_warn(NULL, "driver %u: acmDriverDetails failed: %s", state->index, portacm_mmresult_string(mr));
        return TRUE;
    }
    char flags[128];
    support_text(details.fdwSupport, flags, sizeof flags);
    DWORD priority = 0;
    acmMetrics((HACMOBJ)hadid, ACM_METRIC_DRIVER_PRIORITY, &priority);
    if (state->json) {
        json_object_begin(state->json, NULL);
        json_uint(state->json, "index", state->index);
        json_string(state->json, "shortName", details.szShortName);
        json_string(state->json, "longName", details.szLongName);
        json_string(state->json, "copyright", details.szCopyright);
        json_string(state->json, "licensing", details.szLicensing);
        json_string(state->json, "features", details.szFeatures);
        json_uint(state->json, "manufacturerId", details.wMid);
        json_uint(state->json, "productId", details.wPid);
        char version[32];
        snprintf(version, sizeof version, "%lu.%02lu.%lu", (unsigned long)(details.vdwDriver >> 24),
                 (unsigned long)((details.vdwDriver >> 16) & 0xFF), (unsigned long)(details.vdwDriver & 0xFFFF));
        json_string(state->json, "driverVersion", version);
        json_uint(state->json, "support", details.fdwSupport);
        json_string(state->json, "supportNames", flags);
        json_uint(state->json, "priority", priority);
        json_uint(state->json, "formatTagCount", details.cFormatTags);
        json_uint(state->json, "filterTagCount", details.cFilterTags);
        json_array_begin(state->json, "formatTags");
    } else {
        printf("%2u. %-20s %s\n", state->index, details.szShortName, details.szLongName);
        printf("      support: %s; priority %lu; version %lu.%02lu.%lu; %lu format tag(s), %lu filter tag(s)\n", flags,
               (unsigned long)priority, (unsigned long)(details.vdwDriver >> 24),
               (unsigned long)((details.vdwDriver >> 16) & 0xFF), (unsigned long)(details.vdwDriver & 0xFFFF),
               (unsigned long)details.cFormatTags, (unsigned long)details.cFilterTags);
        if (cli_verbose) {
            if (details.szCopyright[0])
                printf("      copyright: %s\n", details.szCopyright);
            if (details.szLicensing[0])
                printf("      licensing: %s\n", details.szLicensing);
            if (details.szFeatures[0])
                printf("      features:  %s\n", details.szFeatures);
        }
    }
    if (!(details.fdwSupport & ACMDRIVERDETAILS_SUPPORTF_DISABLED)) {
        HACMDRIVER had = NULL;
        mr = acmDriverOpen(&had, hadid, 0);
        if (mr == MMSYSERR_NOERROR) {
            ACMFORMATTAGDETAILSA tag;
            memset(&tag, 0, sizeof tag);
            tag.cbStruct = sizeof tag;
            acmFormatTagEnumA(had, &tag, tag_callback, instance, 0);
            acmDriverClose(had, 0);
        } else {
            cli_warn(details.szShortName, "cannot open the driver: %s", portacm_mmresult_string(mr));
        }
    }
    if (state->json) {
        json_array_end(state->json);
        json_object_end(state->json);
    }
    return TRUE;
}

int cmd_drivers(int argc, char **argv)
{
    bool json_output = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(drivers_help, stdout);
            return CLI_EXIT_OK;
        } else if (!cli_common_option(argv[i], &json_output)) {
            cli_error(NULL, "drivers: unexpected argument '%s' (try --help)", argv[i]);
            return CLI_EXIT_USAGE;
        }
    }
    json_writer json;
    json_init(&json, stdout);
    drivers_state state = {json_output ? &json : NULL, 0};
    if (json_output)
        json_array_begin(&json, NULL);
    MMRESULT mr = acmDriverEnum(driver_callback, (DWORD_PTR)&state, ACM_DRIVERENUMF_DISABLED);
    if (json_output) {
        json_array_end(&json);
        json_finish(&json);
    }
    if (mr != MMSYSERR_NOERROR) {
        cli_error(NULL, "acmDriverEnum failed: %s", portacm_mmresult_string(mr));
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}
