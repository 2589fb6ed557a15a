/*
 * info.c - `portacm info FILE...`: the container, every field of the format structure, the
 * sample count and duration, the list of chunks and every inconsistency found in the header
 * (the reader's warnings), as text or JSON.
 */
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"

static const char info_help[] =
    "usage: portacm info [--json] [-v] FILE...\n"
    "\n"
    "Shows the container (RIFF or RF64), every field of the format structure, the data size,\n"
    "the fact chunk, the sample count and duration, the chunk list and warnings about\n"
    "inconsistent headers. FILE may be - for standard input. With --json one file gives an\n"
    "object, several files an array of objects.\n"
    "\n"
    "exit codes: 0 success, 1 I/O failure, 2 usage error, 4 a file is not a readable WAV file\n";

/* The best sample count: the data's own for PCM-like formats, else the fact chunk. */
static uint64_t best_samples(const wav_reader *reader, bool *exact)
{
    *exact = reader->data_samples_exact;
    if (cli_format_samples_per_block(reader->format) == 1)
        return reader->data_samples;
    if (reader->has_fact && reader->fact_samples && !reader->fact_disagrees) {
        *exact = true;
        return reader->fact_samples;
    }
    return reader->data_samples;
}

static const char *container_name(const wav_reader *reader)
{
    return reader->mpeg ? "MPEG audio" : reader->rf64 ? "RF64" : "RIFF";
}

static void print_text(const wav_reader *reader)
{
    char text[256];
    printf("%s\n", reader->name);
    printf("  container: %s", container_name(reader));
    if (reader->file_size >= 0)
        printf(", %lld bytes", (long long)reader->file_size);
    printf("\n");
    cli_format_describe(reader->format, text, sizeof text);
    printf("  format:    %s\n", text);
    if (reader->mpeg)
        printf("  frames:    from offset %llu%s%s\n", (unsigned long long)reader->data_offset,
               reader->id3v2_bytes ? " (after an ID3v2 tag)" : "", reader->vbr_header ? " (after a Xing/Info/VBRI frame)" : "");
    else
        printf("  fmt chunk: %lu bytes\n", (unsigned long)reader->fmt_chunk_size);
    if (reader->gapless)
        printf("  gapless:   encoder delay %lu, padding %lu (LAME's tag): %llu samples\n",
               (unsigned long)reader->gapless_delay, (unsigned long)reader->gapless_padding,
               (unsigned long long)reader->gapless_samples);
    cli_format_print_fields(stdout, reader->format, "    ");
    if (reader->data_size == UINT64_MAX)
        printf("  data:      unknown size (stream) at offset %llu\n", (unsigned long long)reader->data_offset);
    else
        printf("  data:      %llu bytes at offset %llu%s\n", (unsigned long long)reader->data_size,
               (unsigned long long)reader->data_offset, reader->data_truncated ? " (truncated)" : "");
    if (reader->has_fact)
        printf("  fact:      %llu samples%s\n", (unsigned long long)reader->fact_samples,
               reader->fact_disagrees ? " (disagrees with the data)" : "");
    bool exact;
    uint64_t samples = best_samples(reader, &exact);
    if (reader->data_size != UINT64_MAX) {
        printf("  samples:   %s%llu\n", exact ? "" : "about ", (unsigned long long)samples);
        printf("  duration:  %.3f s\n", (double)samples / reader->format->nSamplesPerSec);
    }
    if (!reader->mpeg)
        printf("  chunks:\n");
    for (size_t i = 0; i < reader->chunk_count; i++) {
        const wav_chunk *c = &reader->chunks[i];
        printf("    %-4s  offset %-12llu size %llu%s\n", c->id, (unsigned long long)c->offset,
               (unsigned long long)c->size, c->available < c->size ? " (truncated)" : "");
    }
    if (reader->warnings.count) {
        printf("  warnings:\n");
        for (size_t i = 0; i < reader->warnings.count; i++)
            printf("    - %s\n", reader->warnings.items[i]);
    }
}

static void print_json(json_writer *json, const wav_reader *reader)
{
    json_object_begin(json, NULL);
    json_string(json, "file", reader->name);
    json_string(json, "container", container_name(reader));
    if (reader->file_size >= 0)
        json_uint(json, "fileSize", (uint64_t)reader->file_size);
    else
        json_null(json, "fileSize");
    if (reader->mpeg) {
        json_null(json, "fmtChunkSize");
        json_uint(json, "id3v2Bytes", reader->id3v2_bytes);
        json_bool(json, "vbrHeaderFrame", reader->vbr_header);
        if (reader->gapless) {
            json_object_begin(json, "gapless");
            json_uint(json, "encoderDelay", reader->gapless_delay);
            json_uint(json, "padding", reader->gapless_padding);
            json_uint(json, "samples", reader->gapless_samples);
            json_object_end(json);
        } else {
            json_null(json, "gapless");
        }
    } else {
        json_uint(json, "fmtChunkSize", reader->fmt_chunk_size);
    }
    cli_format_json_fields(json, "format", reader->format);
    json_object_begin(json, "data");
    json_uint(json, "offset", reader->data_offset);
    if (reader->data_size == UINT64_MAX)
        json_null(json, "size");
    else
        json_uint(json, "size", reader->data_size);
    json_uint(json, "declaredSize", reader->data_declared);
    json_bool(json, "truncated", reader->data_truncated);
    json_object_end(json);
    if (reader->has_fact) {
        json_object_begin(json, "fact");
        json_uint(json, "samples", reader->fact_samples);
        json_bool(json, "disagrees", reader->fact_disagrees);
        json_object_end(json);
    } else {
        json_null(json, "fact");
    }
    bool exact;
    uint64_t samples = best_samples(reader, &exact);
    if (reader->data_size != UINT64_MAX) {
        json_uint(json, "samples", samples);
        json_bool(json, "samplesExact", exact);
        json_double(json, "duration", (double)samples / reader->format->nSamplesPerSec);
    } else {
        json_null(json, "samples");
        json_null(json, "duration");
    }
    json_array_begin(json, "chunks");
    for (size_t i = 0; i < reader->chunk_count; i++) {
        const wav_chunk *c = &reader->chunks[i];
        json_object_begin(json, NULL);
        json_string(json, "id", c->id);
        json_uint(json, "offset", c->offset);
        json_uint(json, "size", c->size);
        json_bool(json, "truncated", c->available < c->size);
        json_object_end(json);
    }
    json_array_end(json);
    json_array_begin(json, "warnings");
    for (size_t i = 0; i < reader->warnings.count; i++)
        json_string(json, NULL, reader->warnings.items[i]);
    json_array_end(json);
    json_object_end(json);
}

int cmd_info(int argc, char **argv)
{
    bool json_output = false, options_done = false;
    const char **files = cli_alloc((size_t)argc * sizeof(char *));
    size_t count = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0)
            files[count++] = arg;
        else if (strcmp(arg, "--") == 0)
            options_done = true;
        else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(info_help, stdout);
            free(files);
            return CLI_EXIT_OK;
        } else if (!cli_common_option(arg, &json_output)) {
            cli_error(NULL, "info: unknown option '%s' (try --help)", arg);
            free(files);
            return CLI_EXIT_USAGE;
        }
    }
    if (count == 0) {
        cli_error(NULL, "info: no file given (try --help)");
        free(files);
        return CLI_EXIT_USAGE;
    }
    json_writer json;
    json_init(&json, stdout);
    if (json_output && count > 1)
        json_array_begin(&json, NULL);
    int status = CLI_EXIT_OK;
    for (size_t i = 0; i < count; i++) {
        wav_reader reader;
        int result = wav_open_read(&reader, files[i]);
        if (result != CLI_EXIT_OK) {
            if (status == CLI_EXIT_OK)
                status = result;
        } else if (json_output) {
            print_json(&json, &reader);
        } else {
            if (i)
                printf("\n");
            print_text(&reader);
        }
        wav_close_read(&reader);
    }
    if (json_output) {
        if (count > 1)
            json_array_end(&json);
        json_finish(&json);
    }
    free(files);
    return status;
}
