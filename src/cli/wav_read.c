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

#include "cli_int.h"

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

static void warn(wav_reader *reader, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void warn(wav_reader *reader, const char *format, ...)
{
    char text[512];
    va_list args;
    va_start(args, format);
    vsnprintf(text, sizeof text, format, args);
    va_end(args);
    cli_strings_add(&reader->warnings, "%s", text);
}

static DWORD le32(const BYTE *p)
{
    return (DWORD)p[0] | ((DWORD)p[1] << 8) | ((DWORD)p[2] << 16) | ((DWORD)p[3] << 24);
}

static uint64_t le64(const BYTE *p)
{
    return (uint64_t)le32(p) | ((uint64_t)le32(p + 4) << 32);
}

static WORD le16(const BYTE *p)
{
    return (WORD)(p[0] | (p[1] << 8));
}

/* Reads exactly `size` bytes at the current position (fewer only at the end of the file). */
static long read_bytes(wav_reader *reader, void *buffer, size_t size)
{
    size_t done = 0;
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

/* ---- fmt validation -------------------------------------------------------------------- */

static const char *tag_label(WORD tag)
{
    switch (tag) {
    case WAVE_FORMAT_PCM: return "PCM";
    case WAVE_FORMAT_IEEE_FLOAT: return "IEEE float";
    case WAVE_FORMAT_IMA_ADPCM: return "IMA ADPCM";
    case WAVE_FORMAT_ADPCM: return "MS ADPCM";
    case WAVE_FORMAT_ALAW: return "A-law";
    case WAVE_FORMAT_MULAW: return "mu-law";
    case WAVE_FORMAT_GSM610: return "GSM 6.10";
    case WAVE_FORMAT_MPEGLAYER3: return "MP3";
    case WAVE_FORMAT_MPEG: return "MPEG";
    case WAVE_FORMAT_EXTENSIBLE: return "WAVE_FORMAT_EXTENSIBLE";
    default: return "format";
    }
}

static unsigned popcount32(DWORD value)
{
    unsigned count = 0;
    for (; value; value &= value - 1)
        count++;
    return count;
}

/* Builds reader->format from the raw fmt chunk body. Returns an exit code. */
static int parse_format(wav_reader *reader, const BYTE *raw, size_t size)
{
    const char *name = reader->name;
    if (size < 14) {
        cli_error(name, "fmt chunk is %zu bytes, too short for a wave format (at least 14)", size);
        return CLI_EXIT_BAD_INPUT;
    }
    WORD tag = le16(raw);
    WORD bits = size >= 16 ? le16(raw + 14) : 0;
    WORD cb_size = 0;
    if (size >= 18) {
        cb_size = le16(raw + 16);
        if ((size_t)cb_size > size - 18) {
            warn(reader, "cbSize %u is larger than the %zu bytes the fmt chunk holds after it; using %zu", cb_size,
                 size - 18, size - 18);
            cb_size = (WORD)(size - 18);
        }
    }
    if (tag == WAVE_FORMAT_PCM && cb_size) {
        cb_size = 0; /* PCM has no extra bytes; Windows ignores them */
    }
    WAVEFORMATEX *wfx = cli_alloc(sizeof(WAVEFORMATEX) + cb_size + 64);
    wfx->wFormatTag = tag;
    wfx->nChannels = le16(raw + 2);
    wfx->nSamplesPerSec = le32(raw + 4);
    wfx->nAvgBytesPerSec = le32(raw + 8);
    wfx->nBlockAlign = le16(raw + 12);
    wfx->wBitsPerSample = bits;
    wfx->cbSize = cb_size;
    if (cb_size)
        memcpy((BYTE *)wfx + 18, raw + 18, cb_size);
    reader->format = wfx;

    if (wfx->nChannels == 0) {
        cli_error(name, "%s channel count 0 is invalid", tag_label(tag));
        return CLI_EXIT_BAD_INPUT;
    }
    if (wfx->nSamplesPerSec == 0) {
        cli_error(name, "%s sample rate 0 is invalid", tag_label(tag));
        return CLI_EXIT_BAD_INPUT;
    }
    if (wfx->nBlockAlign == 0) {
        cli_error(name, "%s block align 0 is invalid", tag_label(tag));
        return CLI_EXIT_BAD_INPUT;
    }

    WORD effective = tag;
    if (tag == WAVE_FORMAT_EXTENSIBLE) {
        if (cb_size < 22) {
            cli_error(name, "WAVE_FORMAT_EXTENSIBLE needs cbSize 22, the file has %u", cb_size);
            return CLI_EXIT_BAD_INPUT;
        }
        effective = cli_format_effective_tag(wfx, cli_format_size(wfx));
        WORD valid = le16((BYTE *)wfx + 18);
        DWORD mask = le32((BYTE *)wfx + 20);
        if ((effective == WAVE_FORMAT_PCM || effective == WAVE_FORMAT_IEEE_FLOAT) && valid > bits) {
            warn(reader, "wValidBitsPerSample %u is larger than the %u-bit container; using %u", valid, bits, bits);
            ((BYTE *)wfx)[18] = (BYTE)bits;
            ((BYTE *)wfx)[19] = (BYTE)(bits >> 8);
        }
        if (mask != 0 && popcount32(mask) != wfx->nChannels)
            warn(reader, "channel mask 0x%lX names %u speakers for %u channels", (unsigned long)mask, popcount32(mask),
                 wfx->nChannels);
    }

    if (effective == WAVE_FORMAT_PCM || effective == WAVE_FORMAT_IEEE_FLOAT) {
        if (bits == 0 || bits > 64) {
            cli_error(name, "%s with %u bits per sample is invalid", tag_label(effective), bits);
            return CLI_EXIT_BAD_INPUT;
        }
        if (bits % 8) {
            /* 12-bit or 20-bit samples in a byte-aligned container: the container counts. */
            WORD container = (WORD)((bits + 7) / 8 * 8);
            warn(reader, "%u-bit samples are stored as %u-bit", bits, container);
            bits = container;
            wfx->wBitsPerSample = bits;
        }
        uint32_t expected_align = (uint32_t)wfx->nChannels * (bits / 8);
        if (expected_align > 0xFFFF) {
            cli_error(name, "%u channels of %u bits do not fit a wave format", wfx->nChannels, bits);
            return CLI_EXIT_BAD_INPUT;
        }
        if (wfx->nBlockAlign != expected_align) {
            warn(reader, "block align %u does not match %u channels x %u bits; using %lu", wfx->nBlockAlign,
                 wfx->nChannels, bits, (unsigned long)expected_align);
            wfx->nBlockAlign = (WORD)expected_align;
        }
        uint64_t expected_rate = (uint64_t)wfx->nSamplesPerSec * wfx->nBlockAlign;
        if (expected_rate > 0xFFFFFFFFu) {
            cli_error(name, "sample rate %lu is too high for this format", (unsigned long)wfx->nSamplesPerSec);
            return CLI_EXIT_BAD_INPUT;
        }
        if (wfx->nAvgBytesPerSec != expected_rate) {
            warn(reader, "nAvgBytesPerSec %lu should be %llu", (unsigned long)wfx->nAvgBytesPerSec,
                 (unsigned long long)expected_rate);
            wfx->nAvgBytesPerSec = (DWORD)expected_rate;
        }
    } else if (tag == WAVE_FORMAT_IMA_ADPCM) {
        DWORD header = 4u * wfx->nChannels;
        if (cb_size < 2 || wfx->nBlockAlign < header) {
            if (wfx->nBlockAlign <= header) {
                cli_error(name, "IMA ADPCM block align %u is too small for %u channels", wfx->nBlockAlign,
                          wfx->nChannels);
                return CLI_EXIT_BAD_INPUT;
            }
        }
        DWORD computed = (wfx->nBlockAlign - header) * 8 / (4u * wfx->nChannels) + 1;
        if (cb_size < 2) {
            warn(reader, "IMA ADPCM fmt chunk has no wSamplesPerBlock; using %lu from the block align",
                 (unsigned long)computed);
            WAVEFORMATEX *bigger = cli_realloc(wfx, sizeof(WAVEFORMATEX) + 2);
            reader->format = wfx = bigger;
            wfx->cbSize = 2;
            ((BYTE *)wfx)[18] = (BYTE)computed;
            ((BYTE *)wfx)[19] = (BYTE)(computed >> 8);
        } else if (le16((BYTE *)wfx + 18) != computed) {
            warn(reader, "IMA ADPCM wSamplesPerBlock %u does not match block align %u (expected %lu)",
                 le16((BYTE *)wfx + 18), wfx->nBlockAlign, (unsigned long)computed);
        }
        if (wfx->nBlockAlign % header)
            warn(reader, "IMA ADPCM block align %u is not a multiple of %lu", wfx->nBlockAlign,
                 (unsigned long)header);
    } else if (tag == WAVE_FORMAT_ADPCM) {
        DWORD header = 7u * wfx->nChannels;
        if (wfx->nBlockAlign < header) {
            cli_error(name, "MS ADPCM block align %u is too small for %u channels", wfx->nBlockAlign,
                      wfx->nChannels);
            return CLI_EXIT_BAD_INPUT;
        }
        if (cb_size < 4) {
            cli_error(name, "MS ADPCM format has cbSize %u; it needs at least 4 plus the coefficients", cb_size);
            return CLI_EXIT_BAD_INPUT;
        }
        WORD count = le16((BYTE *)wfx + 20);
        if (count == 0 || 4u + 4u * count > cb_size) {
            cli_error(name, "MS ADPCM wNumCoef %u does not fit cbSize %u", count, cb_size);
            return CLI_EXIT_BAD_INPUT;
        }
        DWORD computed = (wfx->nBlockAlign - header) * 2 / wfx->nChannels + 2;
        if (le16((BYTE *)wfx + 18) != computed)
            warn(reader, "MS ADPCM wSamplesPerBlock %u does not match block align %u (expected %lu)",
                 le16((BYTE *)wfx + 18), wfx->nBlockAlign, (unsigned long)computed);
    } else if (tag == WAVE_FORMAT_GSM610) {
        if (cb_size < 2) {
            warn(reader, "GSM 6.10 fmt chunk has no wSamplesPerBlock; using 320");
            WAVEFORMATEX *bigger = cli_realloc(wfx, sizeof(WAVEFORMATEX) + 2);
            reader->format = wfx = bigger;
            wfx->cbSize = 2;
            ((BYTE *)wfx)[18] = 320 & 0xFF;
            ((BYTE *)wfx)[19] = 320 >> 8;
        }
    }
    return CLI_EXIT_OK;
}

/* Sample frames held by `bytes` of data, and whether the count is exact. */
static uint64_t samples_in_data(const WAVEFORMATEX *wfx, uint64_t bytes, bool *exact)
{
    WORD tag = cli_format_effective_tag(wfx, cli_format_size(wfx));
    DWORD align = wfx->nBlockAlign;
    DWORD per_block = cli_format_samples_per_block(wfx);
    *exact = true;
    if (per_block == 1)
        return bytes / align;
    uint64_t blocks = bytes / align, rest = bytes % align;
    if (per_block == 0) {
        *exact = false;
        return wfx->nAvgBytesPerSec ? bytes * wfx->nSamplesPerSec / wfx->nAvgBytesPerSec : 0;
    }
    uint64_t samples = blocks * per_block;
    unsigned channels = wfx->nChannels;
    if (tag == WAVE_FORMAT_IMA_ADPCM && rest >= 4u * channels)
        samples += 1 + (rest - 4u * channels) / (4u * channels) * 8;
    else if (tag == WAVE_FORMAT_ADPCM && rest >= 7u * channels)
        samples += 2 + (rest - 7u * channels) * 2 / channels;
    else if (rest)
        *exact = false;
    return samples;
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
        warn(reader, "ds64 chunk is %llu bytes, too short (28)", (unsigned long long)size);
        return;
    }
    ds64->present = true;
    ds64->riff_size = le64(body);
    ds64->data_size = le64(body + 8);
    ds64->sample_count = le64(body + 16);
    DWORD entries = le32(body + 24);
    uint64_t room = (size - 28) / 12;
    if (entries > room) {
        warn(reader, "ds64 table claims %lu entries but holds %llu", (unsigned long)entries, (unsigned long long)room);
        entries = (DWORD)room;
    }
    for (DWORD i = 0; i < entries && ds64->table_count < 16; i++) {
        ds64->table[ds64->table_count].id = le32(body + 28 + 12 * i);
        ds64->table[ds64->table_count].size = le64(body + 32 + 12 * i);
        ds64->table_count++;
    }
}

int wav_open_read(wav_reader *reader, const char *path)
{
    memset(reader, 0, sizeof *reader);
    reader->name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    int status = open_mmio(reader, path);
    if (status != CLI_EXIT_OK)
        return status;
    const char *name = reader->name;

    BYTE header[12];
    long got = read_bytes(reader, header, sizeof header);
    if (got < 0) {
        cli_error(name, "read error");
        return CLI_EXIT_FAILURE;
    }
    if (got < 12 || memcmp(header + 8, "WAVE", 4) != 0 ||
        (memcmp(header, "RIFF", 4) != 0 && memcmp(header, "RF64", 4) != 0 && memcmp(header, "BW64", 4) != 0)) {
        cli_error(name, got < 12 ? "file too short to be a WAV file" : "not a WAV file (no RIFF/WAVE header)");
        return CLI_EXIT_BAD_INPUT;
    }
    reader->riff_id = le32(header);
    reader->rf64 = memcmp(header, "RIFF", 4) != 0;
    reader->riff_size = le32(header + 4);

    ds64_info ds64;
    memset(&ds64, 0, sizeof ds64);
    BYTE *fmt_raw = NULL;
    size_t fmt_size = 0;
    bool have_fact = false, have_data = false;
    DWORD fact32 = 0;
    uint64_t end = reader->seekable ? (uint64_t)reader->file_size : UINT64_MAX;

    while (reader->chunk_count < MAX_CHUNKS) {
        uint64_t position = reader->position;
        if (reader->seekable && position + 8 > end)
            break;
        BYTE chunk_header[8];
        got = read_bytes(reader, chunk_header, 8);
        if (got < 0) {
            cli_error(name, "read error");
            free(fmt_raw);
            return CLI_EXIT_FAILURE;
        }
        if (got < 8) {
            if (got > 0)
                warn(reader, "%ld stray bytes at the end of the file", got);
            break;
        }
        FOURCC id = le32(chunk_header);
        uint64_t size = le32(chunk_header + 4);
        if (reader->rf64 && size == 0xFFFFFFFFu) {
            if (id == FCC('d', 'a', 't', 'a') && ds64.present)
                size = ds64.data_size;
            for (size_t i = 0; i < ds64.table_count; i++)
                if (ds64.table[i].id == id)
                    size = ds64.table[i].size;
        }
        wav_chunk *chunk = add_chunk(reader, id, position, size);
        uint64_t body = position + 8;
        if (!printable_id(chunk_header))
            warn(reader, "chunk with an invalid id (%02x %02x %02x %02x) at offset %llu", chunk_header[0],
                 chunk_header[1], chunk_header[2], chunk_header[3], (unsigned long long)position);
        bool is_data = id == FCC('d', 'a', 't', 'a');
        if (reader->seekable && size > end - body) {
            chunk->available = end - body;
            if (!is_data) {
                warn(reader, "'%s' chunk at offset %llu claims %llu bytes but the file ends after %llu", chunk->id,
                     (unsigned long long)position, (unsigned long long)size, (unsigned long long)chunk->available);
            }
        }

        if (id == FCC('d', 's', '6', '4')) {
            if (!reader->rf64)
                warn(reader, "ds64 chunk in a RIFF (not RF64) file ignored");
            else if (reader->chunk_count != 1)
                warn(reader, "ds64 chunk is not the first chunk");
            if (size > 4096) {
                warn(reader, "ds64 chunk of %llu bytes ignored", (unsigned long long)size);
            } else {
                BYTE *buffer = cli_alloc((size_t)size);
                long n = read_bytes(reader, buffer, (size_t)size);
                if (n == (long)size && reader->rf64)
                    parse_ds64(reader, buffer, size, &ds64);
                free(buffer);
                if (ds64.present)
                    reader->riff_size = ds64.riff_size;
            }
        } else if (id == FCC('f', 'm', 't', ' ')) {
            if (fmt_raw) {
                warn(reader, "second fmt chunk at offset %llu ignored", (unsigned long long)position);
            } else if (size > MAX_FMT_SIZE) {
                cli_error(name, "fmt chunk of %llu bytes is too large", (unsigned long long)size);
                return CLI_EXIT_BAD_INPUT;
            } else {
                fmt_size = (size_t)(size < chunk->available ? size : chunk->available);
                fmt_raw = cli_alloc(fmt_size + 1);
                long n = read_bytes(reader, fmt_raw, fmt_size);
                if (n != (long)fmt_size) {
                    cli_error(name, "the file ends inside the fmt chunk");
                    free(fmt_raw);
                    return CLI_EXIT_BAD_INPUT;
                }
                reader->fmt_chunk_size = (DWORD)size;
            }
        } else if (id == FCC('f', 'a', 'c', 't')) {
            BYTE value[4];
            if (size >= 4 && read_bytes(reader, value, 4) == 4) {
                have_fact = true;
                fact32 = le32(value);
            } else {
                warn(reader, "fact chunk of %llu bytes is too short", (unsigned long long)size);
            }
        } else if (is_data) {
            if (have_data) {
                warn(reader, "second data chunk at offset %llu ignored", (unsigned long long)position);
            } else {
                have_data = true;
                reader->data_offset = body;
                reader->data_declared = size;
                bool streaming = !reader->rf64 && (size == 0 || size == 0xFFFFFFFFu);
                if (reader->rf64 && le32(chunk_header + 4) == 0xFFFFFFFFu && !ds64.present)
                    streaming = true;
                if (streaming) {
                    reader->data_size_unknown = true;
                    warn(reader, "data size %llu written by a streaming writer; reading to the end of the file",
                         (unsigned long long)size);
                }
                if (reader->seekable) {
                    uint64_t available = end - body;
                    if (streaming) {
                        reader->data_size = available;
                        chunk->size = available;
                        chunk->available = available;
                        reader->data_size_unknown = false;
                        break; /* nothing can follow a chunk that runs to the end */
                    }
                    if (size > available) {
                        reader->data_truncated = true;
                        warn(reader, "data chunk claims %llu bytes but the file holds %llu (truncated)",
                             (unsigned long long)size, (unsigned long long)available);
                        reader->data_size = available;
                        break;
                    }
                    reader->data_size = size;
                } else {
                    reader->data_size = streaming ? UINT64_MAX : size;
                    if (!fmt_raw) {
                        cli_error(name, "the data chunk comes before the fmt chunk; this layout cannot be read "
                                        "from a pipe (save it to a file first)");
                        return CLI_EXIT_BAD_INPUT;
                    }
                    break; /* a pipe cannot come back: stop at the data */
                }
            }
        }
        /* Next chunk: bodies are padded to an even size. A ds64 size can make the sum wrap
         * (also through the pad byte), which would send the walk back to the file's start. */
        uint64_t next = body + size;
        if (next < body || next == UINT64_MAX) /* overflow */
            break;
        if (size & 1) {
            next++;
            if (reader->seekable && next + 8 <= end) {
                /* Some writers forget the pad byte: accept the unpadded position when only it
                 * holds a plausible chunk id. */
                BYTE padded[4], unpadded[5];
                if (move_to(reader, next - 1) && read_bytes(reader, unpadded, 5) == 5) {
                    memcpy(padded, unpadded + 1, 4);
                    if (!printable_id(padded) && printable_id(unpadded)) {
                        warn(reader, "odd-sized '%s' chunk is not padded", chunk->id);
                        next--;
                    }
                }
            }
        }
        if (reader->seekable && next >= end)
            break;
        if (!move_to(reader, next))
            break;
    }
    bool too_many = reader->chunk_count >= MAX_CHUNKS;
    if (too_many)
        warn(reader, "more than %d chunks; the rest was not read", MAX_CHUNKS);

    /* A missing fmt or data chunk after MAX_CHUNKS chunks may be further on: say so. */
    if (!fmt_raw) {
        if (too_many)
            cli_error(name, "more than %d chunks before the fmt chunk; portacm reads at most %d", MAX_CHUNKS,
                      MAX_CHUNKS);
        else
            cli_error(name, "no fmt chunk");
        return CLI_EXIT_BAD_INPUT;
    }
    status = parse_format(reader, fmt_raw, fmt_size);
    free(fmt_raw);
    if (status != CLI_EXIT_OK)
        return status;
    if (!have_data) {
        if (too_many)
            cli_error(name, "more than %d chunks before the data chunk; portacm reads at most %d", MAX_CHUNKS,
                      MAX_CHUNKS);
        else
            cli_error(name, "no data chunk");
        return CLI_EXIT_BAD_INPUT;
    }
    if (reader->rf64 && !ds64.present)
        warn(reader, "RF64 file without a ds64 chunk");
    if (reader->seekable) {
        uint64_t riff_end = reader->riff_size + 8;
        if (reader->riff_size != 0 && reader->riff_size != 0xFFFFFFFFu && riff_end != (uint64_t)reader->file_size &&
            riff_end + 1 != (uint64_t)reader->file_size)
            warn(reader, "RIFF size %llu does not match the file size %lld", (unsigned long long)reader->riff_size,
                 (long long)reader->file_size);
    }

    /* fact and the sample count of the data */
    if (have_fact) {
        reader->has_fact = true;
        reader->fact_samples = fact32;
        if (reader->rf64 && fact32 == 0xFFFFFFFFu && ds64.present)
            reader->fact_samples = ds64.sample_count;
    }
    WAVEFORMATEX *wfx = reader->format;
    if (!reader->data_size_unknown) {
        reader->data_samples = samples_in_data(wfx, reader->data_size, &reader->data_samples_exact);
        bool pcm_like = cli_format_samples_per_block(wfx) == 1;
        if (pcm_like && reader->data_size % wfx->nBlockAlign)
            warn(reader, "data size %llu is not a multiple of the block align %u",
                 (unsigned long long)reader->data_size, wfx->nBlockAlign);
        if (reader->has_fact && reader->fact_samples != 0 && !reader->data_truncated) {
            DWORD per_block = cli_format_samples_per_block(wfx);
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
                warn(reader, "fact chunk says %llu samples but the data holds %s%llu",
                     (unsigned long long)reader->fact_samples, reader->data_samples_exact ? "" : "about ",
                     (unsigned long long)have);
            }
        }
    }
    if (!move_to(reader, reader->data_offset)) {
        cli_error(name, "cannot seek to the data chunk");
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
    cli_strings_free(&reader->warnings);
}
