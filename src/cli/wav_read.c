/*
 * wav_read.c - reading WAV and RF64 files through portacm's mmio.
 *
 * The RIFF navigation functions of mmio (mmioDescend/mmioAscend) keep 32-bit sizes and
 * offsets, which cannot describe RF64 files over 4 GiB, so the reader walks the chunks itself
 * with mmioRead and the 64-bit seek extension (portacm_mmio_seek64). Every value read from
 * the file is treated as hostile: sizes are checked against the file, the fmt chunk is
 * validated field by field before anything is derived from it, and problems that do not
 * prevent reading (wrong RIFF size, odd chunks without padding, a fact chunk that disagrees
 * with the data, a truncated data chunk) become warnings listed by `portacm info`.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "wav_read_int.h"

#define READ_BUFFER_SIZE (256 * 1024)
#define MAX_CHUNKS 10000
#define MAX_FMT_SIZE (18 + 0xFFFF)
#define FCC(a, b, c, d) mmioFOURCC(a, b, c, d)

static const char *mmio_error_text(UINT error)
{
    switch (error) {
    case MMIOERR_FILENOTFOUND: return "no such file";
    case MMIOERR_PATHNOTFOUND: return "no such directory";
    case MMIOERR_ACCESSDENIED: return "permission denied";
    case MMIOERR_OUTOFMEMORY: return "out of memory";
    case MMIOERR_SHARINGVIOLATION: return "the file is locked by another program";
    case MMIOERR_TOOMANYOPENFILES: return "too many open files";
    case MMIOERR_INVALIDFILE: return "not a valid file";
    default: return "cannot open";
    }
}

void wav_reader_warn(wav_reader *reader, const char *format, ...)
{
    char text[512];
    va_list args;
    va_start(args, format);
    vsnprintf(text, sizeof text, format, args);
    va_end(args);
    cli_strings_add(&reader->warnings, "%s", text);
}

/* Reads exactly `size` bytes at the current position (fewer only at the end of the file). */
static long read_bytes(wav_reader *reader, void *buffer, size_t size)
{
    size_t done = 0;
    if (reader->pending_pos < reader->pending_len) {
        /* Bytes a raw MPEG pipe's probe read ahead (mpeg_read.c) come first. */
        done = reader->pending_len - reader->pending_pos < size ? reader->pending_len - reader->pending_pos : size;
        memcpy(buffer, reader->pending + reader->pending_pos, done);
        reader->pending_pos += done;
    }
    while (done < size) {
        size_t part = size - done > 0x40000000 ? 0x40000000 : size - done;
        LONG got = mmioRead(reader->mmio, (HPSTR)buffer + done, (LONG)part);
        if (got < 0)
            return -1;
        if (got == 0)
            break;
        done += (size_t)got;
    }
    reader->position += done;
    return (long)done;
}

long wav_read_bytes(wav_reader *reader, void *buffer, size_t size)
{
    return read_bytes(reader, buffer, size);
}

/* Moves to `offset`: a seek for files, reading and discarding for pipes (forward only). */
static bool move_to(wav_reader *reader, uint64_t offset)
{
    if (offset == reader->position)
        return true;
    if (reader->seekable) {
        if (offset > INT64_MAX || portacm_mmio_seek64(reader->mmio, (int64_t)offset, SEEK_SET) != (int64_t)offset)
            return false;
        reader->position = offset;
        return true;
    }
    if (offset < reader->position)
        return false;
    char scratch[4096];
    while (reader->position < offset) {
        uint64_t left = offset - reader->position;
        long got = read_bytes(reader, scratch, left < sizeof scratch ? (size_t)left : sizeof scratch);
        if (got <= 0)
            return false;
    }
    return true;
}

bool wav_move_to(wav_reader *reader, uint64_t offset)
{
    return move_to(reader, offset);
}

static bool printable_id(const BYTE *id)
{
    for (int i = 0; i < 4; i++)
        if (id[i] < 0x20 || id[i] > 0x7E)
            return false;
    return true;
}

static void id_text(FOURCC fcc, char text[5])
{
    for (int i = 0; i < 4; i++) {
        BYTE c = (BYTE)(fcc >> (8 * i));
        text[i] = (c >= 0x20 && c <= 0x7E) ? (char)c : '?';
    }
    text[4] = '\0';
}

static wav_chunk *add_chunk(wav_reader *reader, FOURCC fcc, uint64_t offset, uint64_t size)
{
    reader->chunks = cli_realloc(reader->chunks, (reader->chunk_count + 1) * sizeof(wav_chunk));
    wav_chunk *chunk = &reader->chunks[reader->chunk_count++];
    memset(chunk, 0, sizeof *chunk);
    chunk->fourcc = fcc;
    id_text(fcc, chunk->id);
    chunk->offset = offset;
    chunk->size = size;
    chunk->available = size;
    return chunk;
}

/* ---- the chunk walk -------------------------------------------------------------------- */

typedef struct ds64_info {
    bool present;
    uint64_t riff_size, data_size, sample_count;
    struct {
        FOURCC id;
        uint64_t size;
    } table[16];
    size_t table_count;
} ds64_info;

static int open_mmio(wav_reader *reader, const char *path)
{
    MMIOINFO info;
    memset(&info, 0, sizeof info);
    info.cchBuffer = READ_BUFFER_SIZE;
    if (strcmp(path, "-") == 0) {
        reader->from_stdin = true;
        info.adwInfo[0] = 0; /* standard input's descriptor */
        reader->mmio = mmioOpenA(NULL, &info, MMIO_READ | MMIO_ALLOCBUF);
    } else {
        reader->mmio = mmioOpenA((LPSTR)path, &info, MMIO_READ | MMIO_ALLOCBUF);
    }
    if (!reader->mmio) {
        cli_error(reader->name, "%s", mmio_error_text(info.wErrorRet));
        return info.wErrorRet == MMIOERR_OUTOFMEMORY ? CLI_EXIT_FAILURE : CLI_EXIT_BAD_INPUT;
    }
    reader->file_size = -1;
    reader->seekable = false;
    if (!reader->from_stdin) {
        int64_t size = portacm_mmio_size64(reader->mmio);
        if (size >= 0 && portacm_mmio_seek64(reader->mmio, 0, SEEK_SET) == 0) {
            reader->file_size = size;
            reader->seekable = true;
        }
    }
    return CLI_EXIT_OK;
}

static void parse_ds64(wav_reader *reader, const BYTE *body, uint64_t size, ds64_info *ds64)
{
    if (size < 28) {
        wav_reader_warn(reader, "ds64 chunk is %llu bytes, too short (28)", (unsigned long long)size);
        return;
    }
    ds64->present = true;
    ds64->riff_size = wav_le64(body);
    ds64->data_size = wav_le64(body + 8);
    ds64->sample_count = wav_le64(body + 16);
    DWORD entries = wav_le32(body + 24);
    uint64_t room = (size - 28) / 12;
    if (entries > room) {
        wav_reader_warn(reader, "ds64 table claims %lu entries but holds %llu", (unsigned long)entries,
                        (unsigned long long)room);
        entries = (DWORD)room;
    }
    for (DWORD i = 0; i < entries && ds64->table_count < 16; i++) {
        ds64->table[ds64->table_count].id = wav_le32(body + 28 + 12 * i);
        ds64->table[ds64->table_count].size = wav_le64(body + 32 + 12 * i);
        ds64->table_count++;
    }
}

/* The walk's state: what the chunks read so far said, for the chunks after them and for the
 * checks at the end. */
typedef struct chunk_walk {
    ds64_info ds64;
    BYTE *fmt_raw; /* the fmt chunk's body, parsed once the walk is over */
    size_t fmt_size;
    bool have_fact;
    bool have_data;
    DWORD fact32;
    uint64_t end; /* of the file, UINT64_MAX for a pipe */
    bool stop;    /* nothing more is read: the data runs to the end, or a pipe reached it */
} chunk_walk;

/* The 12-byte RIFF/RF64/BW64 ... WAVE header. */
static int read_riff_header(wav_reader *reader)
{
    BYTE header[12];
    long got = read_bytes(reader, header, sizeof header);
    if (got < 0) {
        cli_error(reader->name, "read error");
        return CLI_EXIT_FAILURE;
    }
    if (got < 12 || memcmp(header + 8, "WAVE", 4) != 0 ||
        (memcmp(header, "RIFF", 4) != 0 && memcmp(header, "RF64", 4) != 0 && memcmp(header, "BW64", 4) != 0)) {
        if (got == 12 && memcmp(header, "RIFF", 4) != 0 && memcmp(header, "RF64", 4) != 0 &&
            memcmp(header, "BW64", 4) != 0)
            return mpeg_open_read(reader, header, (size_t)got); /* raw MPEG audio, or the error */
        cli_error(reader->name, got < 12 ? "file too short to be a WAV file" : "not a WAV file (no RIFF/WAVE header)");
        return CLI_EXIT_BAD_INPUT;
    }
    reader->riff_id = wav_le32(header);
    reader->rf64 = memcmp(header, "RIFF", 4) != 0;
    reader->riff_size = wav_le32(header + 4);
    return CLI_EXIT_OK;
}

/* Lists the chunk whose 8-byte header was read at `position`: its size (the ds64 value for
 * an RF64 size of 0xFFFFFFFF) and the part of it the file holds. */
static wav_chunk *list_chunk(wav_reader *reader, const chunk_walk *w, const BYTE chunk_header[8], uint64_t position)
{
    FOURCC id = wav_le32(chunk_header);
    uint64_t size = wav_le32(chunk_header + 4);
    if (reader->rf64 && size == 0xFFFFFFFFu) {
        if (id == FCC('d', 'a', 't', 'a') && w->ds64.present)
            size = w->ds64.data_size;
        for (size_t i = 0; i < w->ds64.table_count; i++)
            if (w->ds64.table[i].id == id)
                size = w->ds64.table[i].size;
    }
    wav_chunk *chunk = add_chunk(reader, id, position, size);
    uint64_t body = position + 8;
    if (!printable_id(chunk_header))
        wav_reader_warn(reader, "chunk with an invalid id (%02x %02x %02x %02x) at offset %llu", chunk_header[0],
                        chunk_header[1], chunk_header[2], chunk_header[3], (unsigned long long)position);
    if (reader->seekable && size > w->end - body) {
        chunk->available = w->end - body;
        if (id != FCC('d', 'a', 't', 'a')) {
            wav_reader_warn(reader, "'%s' chunk at offset %llu claims %llu bytes but the file ends after %llu",
                            chunk->id, (unsigned long long)position, (unsigned long long)size,
                            (unsigned long long)chunk->available);
        }
    }
    return chunk;
}

static void read_ds64(wav_reader *reader, chunk_walk *w, uint64_t size)
{
    if (!reader->rf64)
        wav_reader_warn(reader, "ds64 chunk in a RIFF (not RF64) file ignored");
    else if (reader->chunk_count != 1)
        wav_reader_warn(reader, "ds64 chunk is not the first chunk");
    if (size > 4096) {
        wav_reader_warn(reader, "ds64 chunk of %llu bytes ignored", (unsigned long long)size);
        return;
    }
    BYTE *buffer = cli_alloc((size_t)size);
    long n = read_bytes(reader, buffer, (size_t)size);
    if (n == (long)size && reader->rf64)
        parse_ds64(reader, buffer, size, &w->ds64);
    free(buffer);
    if (w->ds64.present)
        reader->riff_size = w->ds64.riff_size;
}

/* Keeps the first fmt chunk's body for wav_parse_format. */
static int read_fmt(wav_reader *reader, chunk_walk *w, const wav_chunk *chunk)
{
    uint64_t size = chunk->size;
    if (w->fmt_raw) {
        wav_reader_warn(reader, "second fmt chunk at offset %llu ignored", (unsigned long long)chunk->offset);
        return CLI_EXIT_OK;
    }
    if (size > MAX_FMT_SIZE) {
        cli_error(reader->name, "fmt chunk of %llu bytes is too large", (unsigned long long)size);
        return CLI_EXIT_BAD_INPUT;
    }
    w->fmt_size = (size_t)(size < chunk->available ? size : chunk->available);
    w->fmt_raw = cli_alloc(w->fmt_size + 1);
    long n = read_bytes(reader, w->fmt_raw, w->fmt_size);
    if (n != (long)w->fmt_size) {
        cli_error(reader->name, "the file ends inside the fmt chunk");
        return CLI_EXIT_BAD_INPUT;
    }
    reader->fmt_chunk_size = (DWORD)size;
    return CLI_EXIT_OK;
}

static void read_fact(wav_reader *reader, chunk_walk *w, uint64_t size)
{
    BYTE value[4];
    if (size >= 4 && read_bytes(reader, value, 4) == 4) {
        w->have_fact = true;
        w->fact32 = wav_le32(value);
    } else {
        wav_reader_warn(reader, "fact chunk of %llu bytes is too short", (unsigned long long)size);
    }
}

/* The first data chunk: where it starts and how much of it to read. A streaming writer's size
 * (0 or 0xFFFFFFFF, `size32` as written) means "to the end of the file". */
static int note_data(wav_reader *reader, chunk_walk *w, wav_chunk *chunk, DWORD size32)
{
    uint64_t position = chunk->offset, body = position + 8, size = chunk->size;
    if (w->have_data) {
        wav_reader_warn(reader, "second data chunk at offset %llu ignored", (unsigned long long)position);
        return CLI_EXIT_OK;
    }
    w->have_data = true;
    reader->data_offset = body;
    reader->data_declared = size;
    bool streaming = !reader->rf64 && (size == 0 || size == 0xFFFFFFFFu);
    if (reader->rf64 && size32 == 0xFFFFFFFFu && !w->ds64.present)
        streaming = true;
    if (streaming) {
        reader->data_size_unknown = true;
        wav_reader_warn(reader, "data size %llu written by a streaming writer; reading to the end of the file",
                        (unsigned long long)size);
    }
    if (!reader->seekable) {
        reader->data_size = streaming ? UINT64_MAX : size;
        w->stop = true; /* a pipe cannot come back: stop at the data */
        if (!w->fmt_raw) {
            cli_error(reader->name, "the data chunk comes before the fmt chunk; this layout cannot be read "
                                    "from a pipe (save it to a file first)");
            return CLI_EXIT_BAD_INPUT;
        }
        return CLI_EXIT_OK;
    }
    uint64_t available = w->end - body;
    if (streaming) {
        reader->data_size = available;
        chunk->size = available;
        chunk->available = available;
        reader->data_size_unknown = false;
        w->stop = true; /* nothing can follow a chunk that runs to the end */
    } else if (size > available) {
        reader->data_truncated = true;
        wav_reader_warn(reader, "data chunk claims %llu bytes but the file holds %llu (truncated)",
                        (unsigned long long)size, (unsigned long long)available);
        reader->data_size = available;
        w->stop = true;
    } else {
        reader->data_size = size;
    }
    return CLI_EXIT_OK;
}

/* Moves past the chunk whose body starts at `body` and declares `size` bytes. Returns false
 * when nothing can follow it. */
static bool move_past(wav_reader *reader, const chunk_walk *w, const wav_chunk *chunk, uint64_t body, uint64_t size)
{
    /* Bodies are padded to an even size. A ds64 size can make the sum wrap (also through the
     * pad byte), which would send the walk back to the file's start. */
    uint64_t next = body + size;
    if (next < body || next == UINT64_MAX) /* overflow */
        return false;
    if (size & 1) {
        next++;
        if (reader->seekable && next + 8 <= w->end) {
            /* Some writers forget the pad byte: accept the unpadded position when only it
             * holds a plausible chunk id. */
            BYTE padded[4], unpadded[5];
            if (move_to(reader, next - 1) && read_bytes(reader, unpadded, 5) == 5) {
                memcpy(padded, unpadded + 1, 4);
                if (!printable_id(padded) && printable_id(unpadded)) {
                    wav_reader_warn(reader, "odd-sized '%s' chunk is not padded", chunk->id);
                    next--;
                }
            }
        }
    }
    if (reader->seekable && next >= w->end)
        return false;
    return move_to(reader, next);
}

/* Reads the chunks after the RIFF header, up to MAX_CHUNKS of them. */
static int walk_chunks(wav_reader *reader, chunk_walk *w)
{
    while (reader->chunk_count < MAX_CHUNKS) {
        uint64_t position = reader->position;
        if (reader->seekable && position + 8 > w->end)
            break;
        BYTE chunk_header[8];
        long got = read_bytes(reader, chunk_header, 8);
        if (got < 0) {
            cli_error(reader->name, "read error");
            return CLI_EXIT_FAILURE;
        }
        if (got < 8) {
            if (got > 0)
                wav_reader_warn(reader, "%ld stray bytes at the end of the file", got);
            break;
        }
        wav_chunk *chunk = list_chunk(reader, w, chunk_header, position);
        FOURCC id = chunk->fourcc;
        uint64_t size = chunk->size;
        int status = CLI_EXIT_OK;
        if (id == FCC('d', 's', '6', '4'))
            read_ds64(reader, w, size);
        else if (id == FCC('f', 'm', 't', ' '))
            status = read_fmt(reader, w, chunk);
        else if (id == FCC('f', 'a', 'c', 't'))
            read_fact(reader, w, size);
        else if (id == FCC('d', 'a', 't', 'a'))
            status = note_data(reader, w, chunk, wav_le32(chunk_header + 4));
        if (status != CLI_EXIT_OK)
            return status;
        if (w->stop || !move_past(reader, w, chunk, position + 8, size))
            break;
    }
    return CLI_EXIT_OK;
}

/* After the walk: the fmt and data chunks must be there (a missing one after MAX_CHUNKS
 * chunks may be further on: say so), the format must be valid, and the RIFF size is checked. */
static int check_walk(wav_reader *reader, const chunk_walk *w)
{
    const char *name = reader->name;
    bool too_many = reader->chunk_count >= MAX_CHUNKS;
    if (too_many)
        wav_reader_warn(reader, "more than %d chunks; the rest was not read", MAX_CHUNKS);
    if (!w->fmt_raw) {
        if (too_many)
            cli_error(name, "more than %d chunks before the fmt chunk; portacm reads at most %d", MAX_CHUNKS,
                      MAX_CHUNKS);
        else
            cli_error(name, "no fmt chunk");
        return CLI_EXIT_BAD_INPUT;
    }
    int status = wav_parse_format(reader, w->fmt_raw, w->fmt_size);
    if (status != CLI_EXIT_OK)
        return status;
    if (!w->have_data) {
        if (too_many)
            cli_error(name, "more than %d chunks before the data chunk; portacm reads at most %d", MAX_CHUNKS,
                      MAX_CHUNKS);
        else
            cli_error(name, "no data chunk");
        return CLI_EXIT_BAD_INPUT;
    }
    if (reader->rf64 && !w->ds64.present)
        wav_reader_warn(reader, "RF64 file without a ds64 chunk");
    if (reader->seekable) {
        uint64_t riff_end = reader->riff_size + 8;
        if (reader->riff_size != 0 && reader->riff_size != 0xFFFFFFFFu && riff_end != (uint64_t)reader->file_size &&
            riff_end + 1 != (uint64_t)reader->file_size)
            wav_reader_warn(reader, "RIFF size %llu does not match the file size %lld",
                            (unsigned long long)reader->riff_size, (long long)reader->file_size);
    }
    return CLI_EXIT_OK;
}

/* The fact count, the sample count of the data, and whether they disagree. */
static void count_samples(wav_reader *reader, const chunk_walk *w)
{
    if (w->have_fact) {
        reader->has_fact = true;
        reader->fact_samples = w->fact32;
        if (reader->rf64 && w->fact32 == 0xFFFFFFFFu && w->ds64.present)
            reader->fact_samples = w->ds64.sample_count;
    }
    WAVEFORMATEX *wfx = reader->format;
    if (reader->data_size_unknown)
        return;
    reader->data_samples = wav_samples_in_data(wfx, reader->data_size, &reader->data_samples_exact);
    DWORD per_block = cli_format_samples_per_block(wfx);
    if (per_block == 1 && reader->data_size % wfx->nBlockAlign)
        wav_reader_warn(reader, "data size %llu is not a multiple of the block align %u",
                        (unsigned long long)reader->data_size, wfx->nBlockAlign);
    if (!reader->has_fact || reader->fact_samples == 0 || reader->data_truncated)
        return;
    uint64_t have = reader->data_samples;
    bool disagrees;
    if (per_block == 0)
        disagrees = false; /* MP3 and friends: the data cannot be counted without decoding */
    else if (per_block == 1)
        disagrees = reader->fact_samples != have;
    else
        disagrees = reader->fact_samples > have || reader->fact_samples + per_block <= have;
    if (disagrees) {
        reader->fact_disagrees = true;
        wav_reader_warn(reader, "fact chunk says %llu samples but the data holds %s%llu",
                        (unsigned long long)reader->fact_samples, reader->data_samples_exact ? "" : "about ",
                        (unsigned long long)have);
    }
}

int wav_open_read(wav_reader *reader, const char *path)
{
    memset(reader, 0, sizeof *reader);
    reader->name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    int status = open_mmio(reader, path);
    if (status == CLI_EXIT_OK)
        status = read_riff_header(reader);
    if (status != CLI_EXIT_OK || reader->mpeg)
        return status;
    chunk_walk w;
    memset(&w, 0, sizeof w);
    w.end = reader->seekable ? (uint64_t)reader->file_size : UINT64_MAX;
    status = walk_chunks(reader, &w);
    if (status == CLI_EXIT_OK)
        status = check_walk(reader, &w);
    free(w.fmt_raw);
    if (status != CLI_EXIT_OK)
        return status;
    count_samples(reader, &w);
    if (!move_to(reader, reader->data_offset)) {
        cli_error(reader->name, "cannot seek to the data chunk");
        return CLI_EXIT_FAILURE;
    }
    reader->data_remaining = reader->data_size;
    return CLI_EXIT_OK;
}

long wav_read_data(wav_reader *reader, void *buffer, size_t size)
{
    if (reader->data_remaining < size)
        size = (size_t)reader->data_remaining;
    if (size == 0)
        return 0;
    if (size > 0x40000000)
        size = 0x40000000;
    long got = read_bytes(reader, buffer, size);
    if (got < 0) {
        cli_error(reader->name, "read error: %s", strerror(errno));
        return -1;
    }
    reader->data_read += (uint64_t)got;
    reader->data_remaining -= (uint64_t)got;
    if ((size_t)got < size) {
        if (reader->data_size != UINT64_MAX && !reader->data_truncated) {
            reader->data_truncated = true;
            cli_warn(reader->name, "the file ends after %llu of %llu data bytes (truncated)",
                     (unsigned long long)reader->data_read, (unsigned long long)reader->data_size);
        }
        reader->data_remaining = 0;
    }
    return got;
}

void *wav_read_chunk(wav_reader *reader, const wav_chunk *chunk)
{
    if (!reader->seekable || chunk->size > 16 * 1024 * 1024 || chunk->available < chunk->size)
        return NULL;
    uint64_t saved = reader->position;
    void *body = cli_alloc((size_t)chunk->size + 1);
    bool ok = move_to(reader, chunk->offset + 8) && read_bytes(reader, body, (size_t)chunk->size) == (long)chunk->size;
    if (!move_to(reader, saved))
        ok = false;
    if (!ok) {
        free(body);
        return NULL;
    }
    return body;
}

void wav_close_read(wav_reader *reader)
{
    if (reader->mmio)
        mmioClose(reader->mmio, reader->from_stdin ? MMIO_FHOPEN : 0);
    reader->mmio = NULL;
    free(reader->format);
    reader->format = NULL;
    free(reader->chunks);
    reader->chunks = NULL;
    free(reader->pending);
    reader->pending = NULL;
    reader->pending_pos = reader->pending_len = 0;
    cli_strings_free(&reader->warnings);
}
