/*
 * wav_write.c - writing WAV and RF64 files through portacm's mmio.
 *
 * Output never replaces a file half-written: it goes to a temporary file in the target's
 * folder (so the final rename stays on one file system) and is renamed over the target only
 * once complete; an existing target is only replaced when the user asked for it (the link()
 * used otherwise fails atomically if the target appeared meanwhile). A signal removes the
 * temporary files. The header is written first with placeholder sizes and patched at the end;
 * when the output may pass 4 GiB a JUNK chunk reserves the room for a ds64 chunk so the file
 * can be turned into RF64 in place. Output to a pipe cannot be patched, so it carries the
 * streaming sizes 0xFFFFFFFF (and a fact count of 0, meaning unknown).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli_int.h"

#define WRITE_BUFFER_SIZE (256 * 1024)
#define DS64_BODY_SIZE 28
/* One temporary output per job at most (every job converts one file at a time), so the
 * registry holds as many as -j allows: a job never runs with a temporary the signal handler
 * does not know. */
#define MAX_TEMPORARIES CLI_MAX_JOBS

/* Temporary files to remove when a fatal signal arrives (docs/SECURITY.md). The handler
 * (wav_remove_temporaries) only uses lock-free atomics, unlink() and nanosleep(). A slot is
 * FREE, being FILLED by a registering thread, LIVE (path valid, file may exist) or CLAIMED by
 * the handler, which removes the file; a claimed slot is never freed or reused, so the handler
 * never reads a path that a thread frees or rewrites. */
enum { SLOT_FREE, SLOT_FILLING, SLOT_LIVE, SLOT_CLAIMED };
static char *temporary_paths[MAX_TEMPORARIES];
static atomic_int temporary_states[MAX_TEMPORARIES];
/* Set by the handler: no new temporary is created from then on. */
static atomic_bool dying;
/* Threads between "create the file" and "registered": the handler waits (a bounded time) for
 * them so that a file created just as the signal arrives is still removed. */
static atomic_int creating;

static int register_temporary(char *path)
{
    for (int i = 0; i < MAX_TEMPORARIES; i++) {
        int expected = SLOT_FREE;
        if (atomic_compare_exchange_strong(&temporary_states[i], &expected, SLOT_FILLING)) {
            temporary_paths[i] = path;
            atomic_store(&temporary_states[i], SLOT_LIVE);
            return i;
        }
    }
    return -1;
}

/* Forgets a slot. Returns false when the signal handler has claimed it: the path must then
 * stay allocated (the process is about to end). */
static bool unregister_temporary(int slot)
{
    if (slot < 0)
        return true;
    int expected = SLOT_LIVE;
    return atomic_compare_exchange_strong(&temporary_states[slot], &expected, SLOT_FREE);
}

static void remove_live_temporaries(void)
{
    for (int i = 0; i < MAX_TEMPORARIES; i++) {
        int expected = SLOT_LIVE;
        if (atomic_compare_exchange_strong(&temporary_states[i], &expected, SLOT_CLAIMED))
            unlink(temporary_paths[i]);
    }
}

void wav_remove_temporaries(void)
{
    atomic_store(&dying, true);
    remove_live_temporaries();
    /* A thread may be between creating its file and registering it (with the signals
     * blocked, so this handler runs on another thread): wait for it, at most 200 ms. */
    struct timespec pause = {0, 1000000};
    for (int i = 0; i < 200 && atomic_load(&creating) > 0; i++)
        nanosleep(&pause, NULL);
    remove_live_temporaries();
}

bool wav_output_exists(const char *path)
{
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0;
}

/* ---- the fmt chunk of the output ------------------------------------------------------- */

void *wav_file_format(const WAVEFORMATEX *wfx, DWORD channel_mask, size_t *size)
{
    WORD tag = cli_format_effective_tag(wfx, cli_format_size(wfx));
    bool pcm = tag == WAVE_FORMAT_PCM, is_float = tag == WAVE_FORMAT_IEEE_FLOAT;
    if ((pcm || is_float) && (wfx->nChannels > 2 || (pcm && wfx->wBitsPerSample > 16))) {
        WAVEFORMATEXTENSIBLE *ext = cli_alloc(sizeof *ext);
        ext->Format = *wfx;
        ext->Format.wFormatTag = WAVE_FORMAT_EXTENSIBLE;
        ext->Format.cbSize = 22;
        ext->Samples.wValidBitsPerSample = wfx->wBitsPerSample;
        ext->dwChannelMask = channel_mask ? channel_mask : portacm_default_channel_mask(wfx->nChannels);
        ext->SubFormat = pcm ? KSDATAFORMAT_SUBTYPE_PCM : KSDATAFORMAT_SUBTYPE_IEEE_FLOAT;
        *size = sizeof *ext;
        return ext;
    }
    if (pcm) {
        /* A 16-byte PCMWAVEFORMAT, the form every reader accepts. */
        WAVEFORMATEX *plain = cli_alloc(sizeof *plain);
        *plain = *wfx;
        plain->wFormatTag = WAVE_FORMAT_PCM;
        plain->cbSize = 0;
        *size = 16;
        return plain;
    }
    if (is_float) {
        WAVEFORMATEX *plain = cli_alloc(sizeof *plain);
        *plain = *wfx;
        plain->wFormatTag = WAVE_FORMAT_IEEE_FLOAT;
        plain->cbSize = 0;
        *size = sizeof *plain;
        return plain;
    }
    *size = cli_format_size(wfx);
    return cli_format_copy(wfx);
}

/* The largest size a RIFF header can state. PORTACM_CLI_RF64_LIMIT lowers it so that tests
 * can exercise the promotion to RF64 with small files. */
static uint64_t rf64_limit(void)
{
    uint64_t limit = 0xFFFFFFFFu, parsed;
    const char *override = getenv("PORTACM_CLI_RF64_LIMIT");
    if (override && cli_parse_uint(override, 0xFFFFFFFFu, &parsed))
        limit = parsed;
    return limit;
}

/* ---- low-level output ------------------------------------------------------------------ */

static bool put(wav_writer *writer, const void *data, size_t size)
{
    const char *bytes = data;
    while (size > 0) {
        LONG part = size > 0x40000000 ? 0x40000000 : (LONG)size;
        LONG written = mmioWrite(writer->mmio, bytes, part);
        if (written != part) {
            if (!writer->failed)
                cli_error(writer->name, "write error: %s", errno ? strerror(errno) : "disk full?");
            writer->failed = true;
            return false;
        }
        bytes += part;
        size -= (size_t)part;
    }
    return true;
}

static void set32(BYTE *p, uint64_t value)
{
    for (int i = 0; i < 4; i++)
        p[i] = (BYTE)(value >> (8 * i));
}

static void set64(BYTE *p, uint64_t value)
{
    for (int i = 0; i < 8; i++)
        p[i] = (BYTE)(value >> (8 * i));
}

static bool put_chunk_header(wav_writer *writer, const char *id, uint64_t size)
{
    BYTE header[8];
    memcpy(header, id, 4);
    set32(header + 4, size);
    return put(writer, header, 8);
}

static bool put_at(wav_writer *writer, uint64_t offset, const void *data, size_t size)
{
    if (portacm_mmio_seek64(writer->mmio, (int64_t)offset, SEEK_SET) != (int64_t)offset) {
        cli_error(writer->name, "cannot seek in the output");
        writer->failed = true;
        return false;
    }
    return put(writer, data, size);
}

/* Creates the temporary file beside `path`. */
static int create_temporary(wav_writer *writer, const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dir_length = slash ? (size_t)(slash - path + 1) : 0;
    const char *base = slash ? slash + 1 : path;
    size_t size = dir_length + strlen(base) + 32;
    writer->temp_path = cli_alloc(size);
    snprintf(writer->temp_path, size, "%.*s.%s.portacm-XXXXXX", (int)dir_length, path, base);
    /* Creation and registration happen with the signals blocked in this thread and counted in
     * `creating`, so a signal handled on any thread removes the file (see
     * wav_remove_temporaries). */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    atomic_fetch_add(&creating, 1);
    int fd = -1, error = ECANCELED;
    if (!atomic_load(&dying)) {
        fd = mkstemp(writer->temp_path);
        error = errno;
    }
    if (fd >= 0) {
        writer->temp_slot = register_temporary(writer->temp_path);
        if (writer->temp_slot < 0) {
            unlink(writer->temp_path);
            close(fd);
            fd = -1;
            error = EMFILE;
        }
    }
    atomic_fetch_sub(&creating, 1);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        cli_error(path, "cannot create a temporary file in the output folder: %s", strerror(error));
        free(writer->temp_path);
        writer->temp_path = NULL;
        return CLI_EXIT_FAILURE;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    writer->fd = fd;
    return CLI_EXIT_OK;
}

/* The destination: standard output, or a temporary file beside `path` (refused when `path`
 * exists without `force`), and the mmio handle that writes it. Returns an exit code (printed). */
static int open_destination(wav_writer *writer, const char *path, bool force)
{
    MMIOINFO info;
    memset(&info, 0, sizeof info);
    info.cchBuffer = WRITE_BUFFER_SIZE;
    if (strcmp(path, "-") == 0) {
        writer->to_stdout = true;
        writer->fd = STDOUT_FILENO;
        struct stat st;
        writer->seekable = fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
                           lseek(STDOUT_FILENO, 0, SEEK_CUR) == 0 && !(fcntl(STDOUT_FILENO, F_GETFL) & O_APPEND);
    } else {
        if (!force && wav_output_exists(path)) {
            cli_error(path, "the output exists (use -y or --force to replace it)");
            return CLI_EXIT_EXISTS;
        }
        int status = create_temporary(writer, path);
        if (status != CLI_EXIT_OK)
            return status;
        writer->seekable = true;
    }
    info.adwInfo[0] = (DWORD)writer->fd;
    writer->mmio = mmioOpenA(NULL, &info, MMIO_WRITE | MMIO_ALLOCBUF);
    if (!writer->mmio) {
        cli_error(writer->name, "cannot open the output through mmio (error %u)", info.wErrorRet);
        wav_abort(writer);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

/* Everything before the data: RIFF or RF64 header, ds64 or the JUNK that reserves its room,
 * fmt, fact, the kept chunks and the data chunk's header, with the offsets wav_commit patches.
 * Returns false on a write error. */
static bool write_header(wav_writer *writer, const void *fmt, size_t fmt_size, const wav_extra_chunk *extra,
                         size_t extra_count, uint64_t expected_bytes)
{
    /* Room for a ds64 chunk: always for RF64, and when the output may pass 4 GiB (with a
     * margin for the estimate) or its size cannot be guessed. */
    writer->rf64 = writer->rf64_mode == CLI_RF64_ALWAYS;
    writer->junk = !writer->rf64 && writer->rf64_mode == CLI_RF64_AUTO && writer->seekable &&
                   (expected_bytes == 0 || expected_bytes > rf64_limit() / 4 * 3);
    BYTE header[12];
    memcpy(header, writer->rf64 ? "RF64" : "RIFF", 4);
    set32(header + 4, 0xFFFFFFFFu);
    memcpy(header + 8, "WAVE", 4);
    bool ok = put(writer, header, sizeof header);
    writer->riff_size_at = 4;
    if (ok && (writer->rf64 || writer->junk)) {
        BYTE body[DS64_BODY_SIZE];
        memset(body, 0, sizeof body);
        ok = put_chunk_header(writer, writer->rf64 ? "ds64" : "JUNK", DS64_BODY_SIZE) && put(writer, body, sizeof body);
    }
    if (ok)
        ok = put_chunk_header(writer, "fmt ", fmt_size) && put(writer, fmt, fmt_size) &&
             (!(fmt_size & 1) || put(writer, "", 1));
    if (ok && writer->fact) {
        writer->fact_at = 12 + ((writer->rf64 || writer->junk) ? 8 + DS64_BODY_SIZE : 0) + 8 + fmt_size +
                          (fmt_size & 1) + 8;
        BYTE zero[4] = {0, 0, 0, 0};
        ok = put_chunk_header(writer, "fact", 4) && put(writer, zero, 4);
    }
    for (size_t i = 0; ok && i < extra_count; i++) {
        char id[4];
        for (int b = 0; b < 4; b++)
            id[b] = (char)(extra[i].fourcc >> (8 * b));
        ok = put_chunk_header(writer, id, extra[i].size) && put(writer, extra[i].body, extra[i].size) &&
             (!(extra[i].size & 1) || put(writer, "", 1));
    }
    if (ok) {
        int64_t position = portacm_mmio_seek64(writer->mmio, 0, SEEK_CUR);
        writer->data_size_at = (uint64_t)(position >= 0 ? position : 0) + 4;
        if (!writer->seekable) {
            /* Position tracking without seeking: the header is everything written so far. */
            writer->data_size_at = 0;
        }
        ok = put_chunk_header(writer, "data", 0xFFFFFFFFu);
        writer->data_start = writer->data_size_at + 4;
    }
    return ok;
}

int wav_open_write(wav_writer *writer, const char *path, const void *fmt, size_t fmt_size, bool fact,
                   const wav_extra_chunk *extra, size_t extra_count, uint64_t expected_bytes, cli_rf64_mode rf64,
                   bool force)
{
    memset(writer, 0, sizeof *writer);
    writer->name = strcmp(path, "-") == 0 ? "<stdout>" : path;
    writer->temp_slot = -1;
    writer->force = force;
    writer->fact = fact;
    writer->rf64_mode = rf64;
    writer->fd = -1;
    int status = open_destination(writer, path, force);
    if (status != CLI_EXIT_OK)
        return status;
    if (!write_header(writer, fmt, fmt_size, extra, extra_count, expected_bytes)) {
        wav_abort(writer);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

int wav_open_write_raw(wav_writer *writer, const char *path, bool force, const WAVEFORMATEX *target)
{
    memset(writer, 0, sizeof *writer);
    writer->name = strcmp(path, "-") == 0 ? "<stdout>" : path;
    writer->temp_slot = -1;
    writer->force = force;
    writer->fd = -1;
    writer->raw = true;
    int status = open_destination(writer, path, force);
    if (status != CLI_EXIT_OK || !writer->seekable || !mpeg_tag_init(&writer->tag, target))
        return status;
    BYTE frame[2048];
    mpeg_tag_placeholder(&writer->tag, frame);
    if (!put(writer, frame, writer->tag.frame_bytes)) {
        wav_abort(writer);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

bool wav_write_data(wav_writer *writer, const void *data, size_t size)
{
    if (writer->failed)
        return false;
    if (!put(writer, data, size))
        return false;
    if (writer->raw)
        mpeg_tag_observe(&writer->tag, data, size);
    writer->data_bytes += size;
    return true;
}

/* Writes the final sizes into the header (seekable outputs). */
static bool patch_header(wav_writer *writer)
{
    uint64_t data = writer->data_bytes;
    uint64_t total = writer->data_start + data + (data & 1);
    uint64_t riff = total - 8;
    uint64_t limit = rf64_limit();
    bool need_rf64 = writer->rf64 || riff > limit || data > limit || writer->samples > limit;
    if (need_rf64 && !writer->rf64 && !writer->junk) {
        cli_error(writer->name, "the output passes 4 GiB and has no room for an RF64 header "
                                "(convert again with --rf64 always)");
        writer->failed = true;
        return false;
    }
    BYTE word[4];
    if (need_rf64) {
        BYTE header[12 + 8 + DS64_BODY_SIZE];
        memcpy(header, "RF64", 4);
        set32(header + 4, 0xFFFFFFFFu);
        memcpy(header + 8, "WAVE", 4);
        memcpy(header + 12, "ds64", 4);
        set32(header + 16, DS64_BODY_SIZE);
        /* the ds64 body starts at offset 20 */
        set64(header + 20, riff);
        set64(header + 28, data);
        set64(header + 36, writer->samples);
        set32(header + 44, 0);
        if (!put_at(writer, 0, header, 8) || !put_at(writer, 12, header + 12, 8 + DS64_BODY_SIZE))
            return false;
        set32(word, 0xFFFFFFFFu);
        if (!put_at(writer, writer->data_size_at, word, 4))
            return false;
        if (writer->fact) {
            set32(word, writer->samples > 0xFFFFFFFFu ? 0xFFFFFFFFu : writer->samples);
            if (!put_at(writer, writer->fact_at, word, 4))
                return false;
        }
        return true;
    }
    set32(word, riff);
    if (!put_at(writer, writer->riff_size_at, word, 4))
        return false;
    set32(word, data);
    if (!put_at(writer, writer->data_size_at, word, 4))
        return false;
    if (writer->fact) {
        set32(word, writer->samples);
        if (!put_at(writer, writer->fact_at, word, 4))
            return false;
    }
    return true;
}

int wav_commit(wav_writer *writer, uint64_t samples)
{
    writer->samples = samples;
    bool ok = !writer->failed;
    if (ok && (writer->data_bytes & 1) && !writer->raw)
        ok = put(writer, "", 1);
    if (ok && writer->seekable && !writer->raw)
        ok = patch_header(writer);
    BYTE frame[2048];
    if (ok && writer->raw && writer->tag.active && mpeg_tag_frame(&writer->tag, samples, frame))
        ok = put_at(writer, 0, frame, writer->tag.frame_bytes);
    if (writer->mmio) {
        MMRESULT mr = mmioClose(writer->mmio, writer->to_stdout ? MMIO_FHOPEN : 0);
        writer->mmio = NULL;
        writer->fd = -1;
        if (mr != MMSYSERR_NOERROR && ok) {
            cli_error(writer->name, "write error while closing the output: %s", strerror(errno));
            ok = false;
        }
    }
    if (!ok) {
        wav_abort(writer);
        return CLI_EXIT_FAILURE;
    }
    if (writer->to_stdout)
        return CLI_EXIT_OK;
    const char *path = writer->name;
    int status = CLI_EXIT_OK;
    if (writer->force) {
        if (rename(writer->temp_path, path) != 0) {
            cli_error(path, "cannot rename the finished output into place: %s", strerror(errno));
            status = CLI_EXIT_FAILURE;
        }
    } else if (link(writer->temp_path, path) == 0) {
        unlink(writer->temp_path);
    } else if (errno == EEXIST) {
        cli_error(path, "the output appeared while converting (use -y or --force to replace it)");
        status = CLI_EXIT_EXISTS;
    } else if (!wav_output_exists(path) && rename(writer->temp_path, path) == 0) {
        /* file systems without hard links */
    } else {
        cli_error(path, "cannot move the finished output into place: %s", strerror(errno));
        status = CLI_EXIT_FAILURE;
    }
    if (status != CLI_EXIT_OK) {
        wav_abort(writer);
        return status;
    }
    if (unregister_temporary(writer->temp_slot))
        free(writer->temp_path);
    writer->temp_slot = -1;
    writer->temp_path = NULL;
    return CLI_EXIT_OK;
}

void wav_abort(wav_writer *writer)
{
    if (writer->mmio) {
        mmioClose(writer->mmio, writer->to_stdout ? MMIO_FHOPEN : 0);
        writer->mmio = NULL;
    } else if (writer->fd >= 0 && !writer->to_stdout) {
        close(writer->fd);
    }
    writer->fd = -1;
    if (writer->temp_path) {
        unlink(writer->temp_path);
        if (unregister_temporary(writer->temp_slot))
            free(writer->temp_path);
        writer->temp_slot = -1;
        writer->temp_path = NULL;
    }
}
