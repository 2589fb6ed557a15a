/*
 * convert_options.c - the command line of `portacm convert` and `portacm suggest` (they share
 * their options), and the --driver it names, opened once for every file.
 */
#include <stdlib.h>
#include <string.h>

#include "convert_int.h"

/* Takes the value of option `name` from "--name=value" or the next argument. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    const char *arg = argv[*i];
    const char *eq = strchr(arg, '=');
    if (eq && arg[1] == '-')
        return eq + 1;
    if (*i + 1 >= argc) {
        cli_error(NULL, "option %s needs a value", name);
        return NULL;
    }
    return argv[++*i];
}

static bool option_is(const char *arg, const char *long_name, const char *short_name)
{
    if (short_name && strcmp(arg, short_name) == 0)
        return true;
    size_t n = strlen(long_name);
    return strncmp(arg, long_name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

static bool number_option(const char *value, const char *name, uint64_t max, uint64_t *out)
{
    if (!value)
        return false;
    if (!cli_parse_uint(value, max, out) || *out == 0) {
        cli_error(NULL, "%s: '%s' is not a number between 1 and %llu", name, value, (unsigned long long)max);
        return false;
    }
    return true;
}

/* The options without a value. Returns false when `arg` is none of them. */
static bool parse_switch(const char *arg, convert_options *o)
{
    if (strcmp(arg, "-v") == 0 || strcmp(arg, "--verbose") == 0)
        cli_verbose++;
    else if (strcmp(arg, "-q") == 0 || strcmp(arg, "--quiet") == 0)
        cli_quiet = true;
    else if (strcmp(arg, "-y") == 0 || strcmp(arg, "--force") == 0)
        o->force = true;
    else if (strcmp(arg, "--json") == 0)
        o->json = true;
    else if (strcmp(arg, "--keep-chunks") == 0)
        o->keep_chunks = true;
    else if (strcmp(arg, "--no-gapless") == 0)
        o->no_gapless = true;
    else
        return false;
    return true;
}

/* The numeric options, each with its largest value (0 is refused for all of them). */
enum { NUMBER_RATE, NUMBER_CHANNELS, NUMBER_BITS, NUMBER_BLOCK_ALIGN, NUMBER_BITRATE, NUMBER_JOBS, NUMBER_COUNT };
static const struct number_spec {
    const char *long_name;
    const char *short_name;
    uint64_t max;
} number_specs[NUMBER_COUNT] = {
    [NUMBER_RATE] = {"--rate", "-r", 768000},
    [NUMBER_CHANNELS] = {"--channels", "-c", 64},
    [NUMBER_BITS] = {"--bits", "-b", 64},
    [NUMBER_BLOCK_ALIGN] = {"--block-align", NULL, 0xFFFF},
    [NUMBER_BITRATE] = {"--bitrate", NULL, 10000},
    [NUMBER_JOBS] = {"--jobs", "-j", CLI_MAX_JOBS},
};

/* A numeric option at argv[*i]: sets *matched and returns CLI_EXIT_OK or CLI_EXIT_USAGE. */
static int parse_number(int argc, char **argv, int *i, convert_options *o, bool *matched)
{
    *matched = false;
    for (int k = 0; k < NUMBER_COUNT; k++) {
        const struct number_spec *spec = &number_specs[k];
        if (!option_is(argv[*i], spec->long_name, spec->short_name))
            continue;
        *matched = true;
        uint64_t number;
        if (!number_option(option_value(argc, argv, i, spec->long_name), spec->long_name, spec->max, &number))
            return CLI_EXIT_USAGE;
        switch (k) {
        case NUMBER_RATE: o->rate = (DWORD)number; break;
        case NUMBER_CHANNELS: o->channels = (WORD)number; break;
        case NUMBER_BITS: o->bits = (WORD)number; break;
        case NUMBER_BLOCK_ALIGN: o->block_align = (WORD)number; break;
        case NUMBER_BITRATE: o->bitrate_kbps = (DWORD)number; break;
        default: o->jobs = (unsigned)number; break;
        }
        return CLI_EXIT_OK;
    }
    return CLI_EXIT_OK;
}

/* The value of a keyword option (`choices`, `count` of them, spelled out in `listed` for the
 * message): its index in *choice, or -1 after printing why. */
static int parse_choice(int argc, char **argv, int *i, const char *name, const char *const *choices, int count,
                        const char *listed)
{
    const char *value = option_value(argc, argv, i, name);
    if (!value)
        return -1;
    for (int k = 0; k < count; k++)
        if (strcmp(value, choices[k]) == 0)
            return k;
    cli_error(NULL, "%s is %s, not '%s'", name, listed, value);
    return -1;
}

/* --quality, --fact and --rf64: sets *matched and returns CLI_EXIT_OK or CLI_EXIT_USAGE. */
static int parse_keyword(int argc, char **argv, int *i, convert_options *o, bool *matched)
{
    static const char *const quality[] = {"fast", "high"};
    static const char *const fact[] = {"all", "trim", "strict"};
    static const cli_fact_policy fact_policies[] = {CLI_FACT_ALL, CLI_FACT_TRIM, CLI_FACT_STRICT};
    static const char *const rf64[] = {"auto", "always", "never"};
    static const cli_rf64_mode rf64_modes[] = {CLI_RF64_AUTO, CLI_RF64_ALWAYS, CLI_RF64_NEVER};
    const char *arg = argv[*i];
    int choice;
    *matched = true;
    if (option_is(arg, "--quality", NULL)) {
        if ((choice = parse_choice(argc, argv, i, "--quality", quality, 2, "fast or high")) < 0)
            return CLI_EXIT_USAGE;
        if (choice == 1)
            o->high_quality = true;
    } else if (option_is(arg, "--fact", NULL)) {
        if ((choice = parse_choice(argc, argv, i, "--fact", fact, 3, "all, trim or strict")) < 0)
            return CLI_EXIT_USAGE;
        o->fact = fact_policies[choice];
    } else if (option_is(arg, "--rf64", NULL)) {
        if ((choice = parse_choice(argc, argv, i, "--rf64", rf64, 3, "auto, always or never")) < 0)
            return CLI_EXIT_USAGE;
        o->rf64 = rf64_modes[choice];
    } else {
        *matched = false;
    }
    return CLI_EXIT_OK;
}

/* The options that take a string (--to, --driver, --output-dir): sets *matched and returns
 * CLI_EXIT_OK or CLI_EXIT_USAGE. */
static int parse_text(int argc, char **argv, int *i, convert_options *o, bool *matched)
{
    const char *arg = argv[*i];
    *matched = true;
    if (option_is(arg, "--to", "-t")) {
        const char *value = option_value(argc, argv, i, "--to");
        if (!value)
            return CLI_EXIT_USAGE;
        if (!cli_format_parse(value, &o->tag, &o->implied_bits)) {
            cli_error(NULL, "unknown format '%s' (see 'portacm formats --help')", value);
            return CLI_EXIT_USAGE;
        }
        o->has_tag = true;
    } else if (option_is(arg, "--driver", NULL)) {
        o->driver_name = option_value(argc, argv, i, "--driver");
        if (!o->driver_name)
            return CLI_EXIT_USAGE;
    } else if (option_is(arg, "--output-dir", "-o")) {
        o->out_dir = option_value(argc, argv, i, "--output-dir");
        if (!o->out_dir)
            return CLI_EXIT_USAGE;
    } else {
        *matched = false;
    }
    return CLI_EXIT_OK;
}

/* One option at argv[*i] (advancing *i past a separate value). */
static int parse_option(int argc, char **argv, int *i, convert_options *o)
{
    if (parse_switch(argv[*i], o))
        return CLI_EXIT_OK;
    bool matched;
    int status = parse_text(argc, argv, i, o, &matched);
    if (!matched)
        status = parse_number(argc, argv, i, o, &matched);
    if (!matched)
        status = parse_keyword(argc, argv, i, o, &matched);
    if (!matched) {
        cli_error(NULL, "unknown option '%s' (try --help)", argv[*i]);
        return CLI_EXIT_USAGE;
    }
    return status;
}

static int open_named_driver(convert_options *o)
{
    o->driver_id = cli_find_driver(o->driver_name);
    if (!o->driver_id) {
        cli_error(NULL, "no ACM driver named '%s' (see 'portacm drivers')", o->driver_name);
        return CLI_EXIT_USAGE;
    }
    MMRESULT mr = acmDriverOpen(&o->driver, o->driver_id, 0);
    if (mr != MMSYSERR_NOERROR) {
        cli_error(NULL, "cannot open driver '%s': %s", o->driver_name, portacm_mmresult_string(mr));
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

int cli_convert_parse_options(int argc, char **argv, convert_options *o, char ***files, size_t *file_count,
                              const char *help)
{
    memset(o, 0, sizeof *o);
    o->fact = CLI_FACT_ALL;
    o->rf64 = CLI_RF64_AUTO;
    *files = cli_alloc((size_t)argc * sizeof(char *));
    *file_count = 0;
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            (*files)[(*file_count)++] = argv[i];
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(help, stdout);
            return -1;
        } else {
            int status = parse_option(argc, argv, &i, o);
            if (status != CLI_EXIT_OK)
                return status;
        }
    }
    return o->driver_name ? open_named_driver(o) : CLI_EXIT_OK;
}

int cli_convert_options_end(convert_options *o, char **files, int status)
{
    if (o->driver)
        acmDriverClose(o->driver, 0);
    free(files);
    return status < 0 ? CLI_EXIT_OK : status;
}
