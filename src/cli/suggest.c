/*
 * suggest.c - `portacm suggest`: the format acmFormatSuggest proposes for a file and a target,
 * and the chain `portacm convert` would use, without converting anything.
 */
#include <stdlib.h>
#include <string.h>

#include "convert_int.h"

static const char suggest_help[] =
    "usage: portacm suggest FILE --to FORMAT [--rate HZ] [--channels N] [--bits N]\n"
    "                      [--block-align N] [--bitrate KBPS] [--driver NAME] [--json]\n"
    "\n"
    "Shows the format acmFormatSuggest proposes for converting FILE to FORMAT, every field of\n"
    "it, and the chain of conversions `portacm convert` would use.\n"
    "\n"
    "exit codes: 0 success, 2 usage error, 3 no driver can produce FORMAT, 4 invalid input file\n";

static void describe_step(const plan_step *step, char *from, char *to, size_t size)
{
    cli_format_describe(step->from, from, size);
    cli_format_describe(step->to, to, size);
}

static void print_json(const char *file, const WAVEFORMATEX *source, const WAVEFORMATEX *target, const plan *p)
{
    json_writer json;
    json_init(&json, stdout);
    json_object_begin(&json, NULL);
    json_string(&json, "file", file);
    cli_format_json_fields(&json, "source", source);
    cli_format_json_fields(&json, "suggested", target);
    json_array_begin(&json, "chain");
    for (size_t i = 0; i < p->count; i++) {
        json_object_begin(&json, NULL);
        char from[256], to[256];
        describe_step(&p->steps[i], from, to, sizeof from);
        json_string(&json, "from", from);
        json_string(&json, "to", to);
        json_object_end(&json);
    }
    json_array_end(&json);
    json_object_end(&json);
    json_finish(&json);
}

static void print_text(const char *file, const WAVEFORMATEX *source, const WAVEFORMATEX *target, const plan *p)
{
    char text[256];
    cli_format_describe(source, text, sizeof text);
    printf("%s: %s\n", file, text);
    cli_format_describe(target, text, sizeof text);
    printf("suggested: %s\n", text);
    cli_format_print_fields(stdout, target, "  ");
    printf("chain: %zu step%s\n", p->count, p->count == 1 ? "" : "s");
    for (size_t i = 0; i < p->count; i++) {
        char from[256], to[256];
        describe_step(&p->steps[i], from, to, sizeof from);
        printf("  %zu. %s -> %s\n", i + 1, from, to);
    }
}

/* Plans `file` to the --to target and prints the result. Returns an exit code (printed). */
static int suggest_file(const char *file, const convert_options *o)
{
    wav_reader reader;
    int status = wav_open_read(&reader, file);
    WAVEFORMATEX *pcm = NULL, *target = NULL;
    plan p;
    memset(&p, 0, sizeof p);
    if (status == CLI_EXIT_OK) {
        pcm = cli_decoded_pcm(reader.format, o->driver);
        if (!pcm) {
            char text[256];
            cli_format_describe(reader.format, text, sizeof text);
            cli_error(reader.name, "no installed driver decodes %s", text);
            status = CLI_EXIT_UNSUPPORTED;
        }
    }
    if (status == CLI_EXIT_OK) {
        target = cli_build_target(reader.name, pcm, o);
        if (!target)
            status = CLI_EXIT_UNSUPPORTED;
    }
    if (status == CLI_EXIT_OK)
        status = cli_plan_chain(reader.name, reader.format, target, o, false, &p);
    if (status == CLI_EXIT_OK) {
        if (o->json)
            print_json(file, reader.format, target, &p);
        else
            print_text(file, reader.format, target, &p);
    }
    cli_plan_free(&p);
    free(pcm);
    free(target);
    wav_close_read(&reader);
    return status;
}

int cmd_suggest(int argc, char **argv)
{
    convert_options o;
    char **files;
    size_t count;
    int status = cli_convert_parse_options(argc, argv, &o, &files, &count, suggest_help);
    if (status == CLI_EXIT_OK && (count != 1 || !o.has_tag)) {
        cli_error(NULL, "suggest: expected FILE --to FORMAT (try --help)");
        status = CLI_EXIT_USAGE;
    }
    if (status == CLI_EXIT_OK)
        status = suggest_file(files[0], &o);
    return cli_convert_options_end(&o, files, status);
}
