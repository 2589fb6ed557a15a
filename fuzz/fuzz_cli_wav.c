/*
 * fuzz_cli_wav.c - the `portacm` tool's own WAV/RF64 reader (src/cli/wav_read.c) on untrusted
 * bytes. The CLI walks the chunks itself (64-bit sizes, ds64 tables, odd chunks without pad
 * bytes, data before fmt, streaming sizes), so fuzz_wav's mmio coverage does not reach it.
 * The input after the first byte is written to a file and opened with wav_open_read, either
 * by name (seekable) or as standard input (the pipe path: forward only, stops at the data);
 * then the harness does what `portacm info` and `portacm convert` do with a reader: describe
 * the format, print its fields as text and JSON, load every chunk body (--keep-chunks) and
 * read the whole data in pieces. The first byte picks the path, the piece size and whether
 * chunk bodies are loaded. Compiled with src/cli/{wav_read,wav_read_fmt,cli_util,formats,json}.c.
 *
 * Besides memory errors, leaks and hangs, the harness aborts when the reader contradicts
 * itself: a seekable file that does not deliver the data size it announced, a chunk said to
 * hold more bytes than it declares, a chunk list that goes backwards (the walk only moves
 * forward), data said to start past the end of the file.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli_int.h"
#include "ts_files.h"
#include "fuzz_util.h"

static FILE *sink;          /* /dev/null: where the text and JSON descriptions go */
static char input_path[600]; /* the input written as a file */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sink = fopen("/dev/null", "w");
    if (!sink)
        abort();
    snprintf(input_path, sizeof input_path, "%s/input.wav", ts_scratch_dir());
    cli_quiet = true; /* the read-time warnings go to stderr otherwise */
    return 0;
}

/* What `portacm info` prints, to /dev/null: exercises every reader field with the format. */
static void describe(const wav_reader *reader, bool json_output)
{
    const WAVEFORMATEX *wfx = reader->format;
    char text[256];
    cli_format_describe(wfx, text, sizeof text);
    (void)cli_format_is_pcm(wfx, cli_format_size(wfx));
    (void)cli_format_samples_per_block(wfx);
    if (json_output) {
        json_writer json;
        json_init(&json, sink);
        json_object_begin(&json, NULL);
        cli_format_json_fields(&json, "format", wfx);
        json_array_begin(&json, "warnings");
        for (size_t i = 0; i < reader->warnings.count; i++)
            json_string(&json, NULL, reader->warnings.items[i]);
        json_array_end(&json);
        json_object_end(&json);
        json_finish(&json);
    } else {
        fprintf(sink, "%s\n", text);
        cli_format_print_fields(sink, wfx, "  ");
    }
    if (reader->data_size != UINT64_MAX)
        fprintf(sink, "%.3f\n", (double)reader->data_samples / wfx->nSamplesPerSec);
}

/* Loads the body of every chunk, as `convert --keep-chunks` does. */
static void load_chunks(wav_reader *reader)
{
    for (size_t i = 0; i < reader->chunk_count; i++) {
        const wav_chunk *chunk = &reader->chunks[i];
        if (chunk->available > chunk->size || (i && chunk->offset <= reader->chunks[i - 1].offset))
            abort(); /* the reader's own bookkeeping is wrong, or its walk went backwards */
        BYTE *body = wav_read_chunk(reader, chunk);
        if (body) {
            volatile BYTE first = chunk->size ? body[0] : 0, last = chunk->size ? body[chunk->size - 1] : 0;
            (void)first;
            (void)last;
            free(body);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t pieces[8] = {1, 3, 7, 64, 509, 4096, 65536, 1u << 20};
    if (size < 1)
        return 0;
    uint8_t mode = data[0];
    bool from_stdin = mode & 1;
    size_t piece = pieces[(mode >> 1) & 7];
    bool chunks_first = mode & 0x10, json_output = mode & 0x20;
    ts_replace_file(input_path, data + 1, size - 1);

    int saved_stdin = -1;
    if (from_stdin) {
        /* Standard input is the file, read as a pipe would be: the reader never seeks it. */
        int fd = open(input_path, O_RDONLY);
        saved_stdin = dup(0);
        if (fd < 0 || saved_stdin < 0 || dup2(fd, 0) < 0)
            abort();
        close(fd);
    }

    wav_reader reader;
    int status = wav_open_read(&reader, from_stdin ? "-" : input_path);
    if (status == CLI_EXIT_OK) {
        if (!reader.format || (reader.seekable && reader.data_offset > (uint64_t)reader.file_size))
            abort();
        describe(&reader, json_output);
        if (chunks_first)
            load_chunks(&reader);
        uint8_t *buffer = malloc(piece);
        if (!buffer)
            abort();
        uint64_t total = 0;
        long got;
        while ((got = wav_read_data(&reader, buffer, piece)) > 0) {
            total += (uint64_t)got;
            if ((size_t)got > piece)
                abort();
        }
        free(buffer);
        if (total != reader.data_read || (reader.seekable && total != reader.data_size))
            abort(); /* a seekable file must deliver the size the reader announced */
        if (!chunks_first)
            load_chunks(&reader);
    }
    wav_close_read(&reader);

    if (from_stdin) {
        if (dup2(saved_stdin, 0) < 0)
            abort();
        close(saved_stdin);
    }
    return 0;
}
