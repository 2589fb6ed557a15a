/*
 * record.c - `portacm record FILE --to FORMAT`: captures 16-bit PCM through waveInOpen (the
 * wave mapper or a device) with four buffers of about 100 ms (CALLBACK_EVENT), encodes it with
 * the ACM into FORMAT (the names of `portacm convert --to`) and writes it with the WAV writer
 * to a temporary file renamed when complete. --seconds ends it; Ctrl-C ends it too and keeps
 * what was recorded.
 */
#include <stdlib.h>
#include <string.h>

#include "convert_int.h"

static const char record_help[] =
    "usage: portacm record FILE --to FORMAT [--seconds N] [--device ID] [--rate R]\n"
    "                      [--channels C] [-y] [-q] [-v]\n"
    "\n"
    "Records 16-bit PCM from the wave mapper (or the input device ID of 'portacm devices' with\n"
    "--device) at R Hz (default 44100) with C channels (default 2), encodes it with the ACM into\n"
    "FORMAT (any name 'portacm convert --to' takes: pcm16, ima-adpcm, ms-adpcm, alaw, mulaw,\n"
    "gsm610, mp3 ...; a codec that needs another rate or channel count records at that one) and\n"
    "writes FILE. The file is written under a temporary name and renamed when complete. Without\n"
    "--seconds, recording goes on until Ctrl-C; Ctrl-C (SIGINT) or SIGTERM stops it and keeps\n"
    "what was recorded. -y replaces an existing FILE.\n"
    "\n"
    "exit codes: 0 success (also after Ctrl-C), 1 no device or an I/O or device error,\n"
    "            2 usage error, 3 no driver encodes FORMAT, 5 FILE exists\n";

#define RECORD_BUFFERS 4
#define RECORD_BUFFER_MS 100
#define WAIT_MS 50

typedef struct recorder {
    const char *path;
    WAVEFORMATEX *pcm;    /* what is captured */
    WAVEFORMATEX *target; /* what is written */
    HWAVEIN hwi;
    HANDLE event;
    WAVEHDR headers[RECORD_BUFFERS];
    bool queued[RECORD_BUFFERS];
    int next; /* the buffer that comes back next */
    uint64_t frames_wanted; /* UINT64_MAX: until interrupted */
    uint64_t frames;        /* PCM frames taken */
    /* The encoder (none when target == pcm). */
    HACMSTREAM stream;
    ACMSTREAMHEADER header;
    DWORD source_block; /* PCM bytes per encoded block */
    DWORD source_used;  /* PCM bytes waiting in header.pbSrc */
    wav_writer writer;
    bool writing;
} recorder;

/* ---- encoding --------------------------------------------------------------------------- */

static int encoder_open(recorder *r, DWORD chunk)
{
    if (cli_same_format(r->pcm, r->target))
        return CLI_EXIT_OK;
    MMRESULT mr = acmStreamOpen(&r->stream, NULL, r->pcm, r->target, NULL, 0, 0, 0);
    if (mr != MMSYSERR_NOERROR) {
        r->stream = NULL;
        cli_error(r->path, "no driver encodes the recording: acmStreamOpen failed: %s", portacm_mmresult_string(mr));
        return CLI_EXIT_UNSUPPORTED;
    }
    if (acmStreamSize(r->stream, r->target->nBlockAlign, &r->source_block, ACM_STREAMSIZEF_DESTINATION) !=
            MMSYSERR_NOERROR ||
        r->source_block == 0)
        r->source_block = r->pcm->nBlockAlign;
    DWORD capacity = chunk + r->source_block;
    DWORD out = 0;
    mr = acmStreamSize(r->stream, capacity, &out, ACM_STREAMSIZEF_SOURCE);
    if (mr != MMSYSERR_NOERROR) {
        cli_error(r->path, "acmStreamSize failed: %s", portacm_mmresult_string(mr));
        return CLI_EXIT_FAILURE;
    }
    r->header.cbStruct = sizeof r->header;
    r->header.pbSrc = cli_alloc(capacity);
    r->header.cbSrcLength = capacity;
    r->header.pbDst = cli_alloc(out + r->target->nBlockAlign);
    r->header.cbDstLength = out + r->target->nBlockAlign;
    mr = acmStreamPrepareHeader(r->stream, &r->header, 0);
    if (mr != MMSYSERR_NOERROR) {
        cli_error(r->path, "acmStreamPrepareHeader failed: %s", portacm_mmresult_string(mr));
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

/* Encodes what waits in the source buffer (all of it with `final`, whole blocks otherwise). */
static int encode(recorder *r, bool final)
{
    DWORD length = r->source_used;
    if (final && length % r->source_block) {
        /* The last block is padded with silence (the fact chunk gives the real length). */
        DWORD padded = length + (r->source_block - length % r->source_block);
        if (padded <= r->header.cbSrcLength) {
            memset(r->header.pbSrc + length, r->pcm->wBitsPerSample == 8 ? 0x80 : 0, padded - length);
            length = padded;
        }
    }
    DWORD flags = ACM_STREAMCONVERTF_BLOCKALIGN | (final ? ACM_STREAMCONVERTF_END : 0);
    DWORD capacity = r->header.cbSrcLength;
    r->header.cbSrcLength = length;
    MMRESULT mr = acmStreamConvert(r->stream, &r->header, flags);
    r->header.cbSrcLength = capacity;
    if (mr != MMSYSERR_NOERROR) {
        cli_error(r->path, "acmStreamConvert failed: %s", portacm_mmresult_string(mr));
        return CLI_EXIT_FAILURE;
    }
    if (r->header.cbDstLengthUsed && !wav_write_data(&r->writer, r->header.pbDst, r->header.cbDstLengthUsed))
        return CLI_EXIT_FAILURE;
    DWORD used = r->header.cbSrcLengthUsed > length ? length : r->header.cbSrcLengthUsed;
    if (used >= r->source_used) {
        r->source_used = 0;
    } else {
        memmove(r->header.pbSrc, r->header.pbSrc + used, r->source_used - used);
        r->source_used -= used;
    }
    return CLI_EXIT_OK;
}

/* Takes `size` captured bytes: written as they are, or encoded. */
static int take(recorder *r, const BYTE *data, DWORD size)
{
    uint64_t frames = size / r->pcm->nBlockAlign;
    if (r->frames_wanted != UINT64_MAX && frames > r->frames_wanted - r->frames)
        frames = r->frames_wanted - r->frames;
    size = (DWORD)(frames * r->pcm->nBlockAlign);
    r->frames += frames;
    if (!r->stream)
        return wav_write_data(&r->writer, data, size) ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
    while (size > 0) {
        DWORD room = r->header.cbSrcLength - r->source_used;
        DWORD part = size < room ? size : room;
        if (part == 0) {
            cli_error(r->path, "the encoder takes no more input");
            return CLI_EXIT_FAILURE;
        }
        memcpy(r->header.pbSrc + r->source_used, data, part);
        r->source_used += part;
        data += part;
        size -= part;
        int status = encode(r, false);
        if (status != CLI_EXIT_OK)
            return status;
    }
    return CLI_EXIT_OK;
}

/* ---- capture ---------------------------------------------------------------------------- */

static int open_device(recorder *r, UINT device)
{
    MMRESULT mr = waveInOpen(&r->hwi, device, r->pcm, (DWORD_PTR)r->event, 0, CALLBACK_EVENT);
    if (mr != MMSYSERR_NOERROR) {
        r->hwi = NULL;
        char description[160];
        cli_format_describe(r->pcm, description, sizeof description);
        cli_error(r->path, "cannot record %s: waveInOpen failed: %s", description, portacm_mmresult_string(mr));
        return mr == WAVERR_BADFORMAT ? CLI_EXIT_UNSUPPORTED : CLI_EXIT_FAILURE;
    }
    DWORD size = (DWORD)((uint64_t)r->pcm->nAvgBytesPerSec * RECORD_BUFFER_MS / 1000);
    size -= size % r->pcm->nBlockAlign;
    for (int i = 0; i < RECORD_BUFFERS; i++) {
        WAVEHDR *header = &r->headers[i];
        header->lpData = cli_alloc(size);
        header->dwBufferLength = size;
        mr = waveInPrepareHeader(r->hwi, header, sizeof *header);
        if (mr == MMSYSERR_NOERROR)
            mr = waveInAddBuffer(r->hwi, header, sizeof *header);
        if (mr != MMSYSERR_NOERROR) {
            cli_device_error(r->path, "waveInAddBuffer", mr);
            return CLI_EXIT_FAILURE;
        }
        r->queued[i] = true;
    }
    return CLI_EXIT_OK;
}

/* Takes the buffers that came back, in queue order, and gives them back to the device while
 * `requeue`. */
static int collect(recorder *r, bool requeue)
{
    int status = CLI_EXIT_OK;
    for (int n = 0; n < RECORD_BUFFERS && status == CLI_EXIT_OK; n++) {
        WAVEHDR *header = &r->headers[r->next];
        if (!r->queued[r->next] || !(header->dwFlags & WHDR_DONE))
            break;
        r->queued[r->next] = false;
        DWORD recorded = header->dwBytesRecorded > header->dwBufferLength ? header->dwBufferLength
                                                                          : header->dwBytesRecorded;
        status = take(r, (const BYTE *)header->lpData, recorded);
        if (status == CLI_EXIT_OK && requeue && r->frames < r->frames_wanted) {
            MMRESULT mr = waveInAddBuffer(r->hwi, header, sizeof *header);
            if (mr != MMSYSERR_NOERROR) {
                cli_device_error(r->path, "waveInAddBuffer", mr);
                status = CLI_EXIT_FAILURE;
            }
            r->queued[r->next] = mr == MMSYSERR_NOERROR;
        }
        r->next = (r->next + 1) % RECORD_BUFFERS;
    }
    return status;
}

static int capture(recorder *r)
{
    MMRESULT mr = waveInStart(r->hwi);
    if (mr != MMSYSERR_NOERROR) {
        cli_device_error(r->path, "waveInStart", mr);
        return CLI_EXIT_FAILURE;
    }
    int status = CLI_EXIT_OK;
    while (status == CLI_EXIT_OK && !cli_interrupted() && r->frames < r->frames_wanted) {
        WaitForSingleObject(r->event, WAIT_MS);
        status = collect(r, true);
    }
    /* Stop: a partly filled buffer comes back with what it holds; Reset returns the rest. */
    waveInStop(r->hwi);
    waveInReset(r->hwi);
    if (status == CLI_EXIT_OK)
        status = collect(r, false);
    if (status == CLI_EXIT_OK && r->stream)
        status = encode(r, true);
    if (cli_interrupted())
        cli_info("%s: stopped by signal %d", r->path, cli_interrupted());
    return status;
}

static void recorder_close(recorder *r)
{
    if (r->hwi) {
        waveInReset(r->hwi);
        for (int i = 0; i < RECORD_BUFFERS && r->headers[i].lpData; i++) {
            waveInUnprepareHeader(r->hwi, &r->headers[i], sizeof r->headers[i]);
            free(r->headers[i].lpData);
        }
        waveInClose(r->hwi);
    }
    if (r->stream) {
        if (r->header.fdwStatus & ACMSTREAMHEADER_STATUSF_PREPARED)
            acmStreamUnprepareHeader(r->stream, &r->header, 0);
        acmStreamClose(r->stream, 0);
    }
    free(r->header.pbSrc);
    free(r->header.pbDst);
    if (r->event)
        CloseHandle(r->event);
    free(r->pcm);
    free(r->target);
}

/* ---- the command ------------------------------------------------------------------------ */

typedef struct record_options {
    convert_options convert; /* --to, --rate, --channels, -y */
    const char *path;
    UINT device;
    uint64_t seconds; /* 0: until interrupted */
} record_options;

static int parse_options(int argc, char **argv, record_options *o)
{
    /* --seconds and --device are record's own; the rest is convert's parser. */
    char **rest = cli_alloc(((size_t)argc + 1) * sizeof *rest);
    int count = 0;
    int status = CLI_EXIT_OK;
    o->device = WAVE_MAPPER;
    rest[count++] = argv[0];
    for (int i = 1; i < argc && status == CLI_EXIT_OK; i++) {
        const char *arg = argv[i], *value = NULL;
        bool seconds = strncmp(arg, "--seconds", 9) == 0 && (arg[9] == '\0' || arg[9] == '=');
        bool device = strncmp(arg, "--device", 8) == 0 && (arg[8] == '\0' || arg[8] == '=');
        if (!seconds && !device) {
            rest[count++] = argv[i];
            continue;
        }
        value = strchr(arg, '=') ? strchr(arg, '=') + 1 : (i + 1 < argc ? argv[++i] : NULL);
        if (seconds && (!cli_parse_uint(value, 86400, &o->seconds) || o->seconds == 0)) {
            cli_error(NULL, "--seconds is a number of seconds between 1 and 86400, not '%s'", value ? value : "");
            status = CLI_EXIT_USAGE;
        } else if (device && !cli_parse_device(value, &o->device)) {
            status = CLI_EXIT_USAGE;
        }
    }
    char **files = NULL;
    size_t file_count = 0;
    if (status == CLI_EXIT_OK)
        status = cli_convert_parse_options(count, rest, &o->convert, &files, &file_count, record_help);
    free(rest);
    if (status == CLI_EXIT_OK && (file_count != 1 || !o->convert.has_tag || o->convert.out_dir || o->convert.jobs)) {
        cli_error(NULL, "record: give one FILE and --to FORMAT (try --help)");
        status = CLI_EXIT_USAGE;
    }
    if (status == CLI_EXIT_OK)
        o->path = files[0];
    free(files); /* the names point into argv */
    return status;
}

/* The captured PCM and the written format: a codec that wants another rate or channel count
 * than asked for is recorded at that one. */
static int choose_formats(recorder *r, const record_options *o)
{
    DWORD rate = o->convert.rate ? o->convert.rate : 44100;
    WORD channels = o->convert.channels ? o->convert.channels : 2;
    WAVEFORMATEX *asked = cli_make_pcm(WAVE_FORMAT_PCM, channels, rate, 16);
    r->target = cli_build_target(r->path, asked, &o->convert);
    free(asked);
    if (!r->target)
        return CLI_EXIT_UNSUPPORTED;
    r->pcm = cli_make_pcm(WAVE_FORMAT_PCM, r->target->nChannels, r->target->nSamplesPerSec, 16);
    return CLI_EXIT_OK;
}

static int open_output(recorder *r, const record_options *o)
{
    size_t fmt_size;
    void *fmt = wav_file_format(r->target, 0, &fmt_size);
    WORD tag = cli_format_effective_tag(r->target, cli_format_size(r->target));
    bool fact = tag != WAVE_FORMAT_PCM || ((WAVEFORMATEX *)fmt)->wFormatTag == WAVE_FORMAT_EXTENSIBLE;
    uint64_t expected = o->seconds * r->target->nAvgBytesPerSec;
    int status = wav_open_write(&r->writer, r->path, fmt, fmt_size, fact, NULL, 0, expected, o->convert.rf64,
                                o->convert.force);
    free(fmt);
    r->writing = status == CLI_EXIT_OK;
    return status;
}

int cmd_record(int argc, char **argv)
{
    record_options o;
    memset(&o, 0, sizeof o);
    int status = parse_options(argc, argv, &o);
    if (status != CLI_EXIT_OK)
        return cli_convert_options_end(&o.convert, NULL, status);
    recorder r;
    memset(&r, 0, sizeof r);
    r.path = o.path;
    cli_catch_interrupts();
    status = choose_formats(&r, &o);
    r.frames_wanted = o.seconds ? o.seconds * r.pcm->nSamplesPerSec : UINT64_MAX;
    if (status == CLI_EXIT_OK && wav_output_exists(r.path) && !o.convert.force) {
        cli_error(r.path, "the output exists (use -y to replace it)");
        status = CLI_EXIT_EXISTS;
    }
    if (status == CLI_EXIT_OK && !(r.event = CreateEventA(NULL, FALSE, FALSE, NULL)))
        status = CLI_EXIT_FAILURE;
    if (status == CLI_EXIT_OK)
        status = encoder_open(&r, (DWORD)((uint64_t)r.pcm->nAvgBytesPerSec * RECORD_BUFFER_MS / 1000));
    if (status == CLI_EXIT_OK)
        status = open_output(&r, &o);
    if (status == CLI_EXIT_OK)
        status = open_device(&r, o.device);
    if (status == CLI_EXIT_OK)
        status = capture(&r);
    if (r.writing) {
        if (status == CLI_EXIT_OK)
            status = wav_commit(&r.writer, r.frames);
        else
            wav_abort(&r.writer);
    }
    if (status == CLI_EXIT_OK)
        cli_info("%s: recorded %llu frames", r.path, (unsigned long long)r.frames);
    recorder_close(&r);
    return cli_convert_options_end(&o.convert, NULL, status);
}
