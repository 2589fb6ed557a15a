/*
 * test_fault_alloc.c - allocation-failure injection over the main API paths: for every N,
 * the Nth allocation of the library (and every later one) fails, the call must fail cleanly
 * (MMSYSERR_NOMEM, or an error the path documents), release what it made (LeakSanitizer
 * checks that in the ASan build), and the same call must succeed once memory is back, with
 * the same results as before (same output bytes, same enumeration counts).
 *
 * Paths: OpenDriver on an installable driver; acmDriverOpen/Details/Close on every driver;
 * acmDriverAdd/Remove of a function driver; format tag and format enumeration; suggestions;
 * a whole conversion through acmStreamOpen/Prepare/Convert/Unprepare/Close on every codec in
 * both directions; an asynchronous stream with queued headers; and the CLI's library path
 * (read a WAV through mmio, decode through the ACM, write a WAV through mmio). A last test
 * fails allocations while the ACM builds its driver list, in a fresh child process each time,
 * because that happens once per process.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common_int.h"
#include "mmddk.h"
#include "msacmdrv.h"
#include "ts_driver.h"
#include "ts_fault.h"

#define MAX_PAIRS 24
static ts_pair pairs[MAX_PAIRS];
static size_t pair_count;

/* ---- installable driver ------------------------------------------------------------------ */

static MMRESULT path_open_driver(void *context)
{
    (void)context;
    HDRVR first = OpenDriverA("fault_plain.drv", NULL, 0);
    if (!first)
        return MMSYSERR_NOMEM; /* OpenDriver has no error code: NULL is its clean failure */
    HDRVR second = OpenDriverA("fault_plain.drv", NULL, 0);
    if (SendDriverMessage(first, DRV_QUERYCONFIGURE, 0, 0) != 0) {
        CloseDriver(first, 0, 0);
        if (second)
            CloseDriver(second, 0, 0);
        return MMSYSERR_ERROR;
    }
    CloseDriver(first, 0, 0);
    if (!second)
        return MMSYSERR_NOMEM;
    CloseDriver(second, 0, 0);
    return MMSYSERR_NOERROR;
}

/* Accepts the DRV_* life cycle. */
static ts_driver plain = TS_DRIVER_INIT;

static void open_driver(void **state)
{
    (void)state;
    assert_int_equal(portacm_driver_register("fault_plain.drv", ts_driver_proc(&plain)), MMSYSERR_NOERROR);
    long made = ts_sweep("OpenDriver", path_open_driver, NULL, NULL);
    print_message("OpenDriver x2 + CloseDriver x2: %ld allocations\n", made);
    portacm_driver_unregister("fault_plain.drv");
}

/* ---- ACM drivers ------------------------------------------------------------------------- */

typedef struct id_list {
    HACMDRIVERID ids[32];
    unsigned count;
} id_list;

static BOOL CALLBACK collect_id(HACMDRIVERID hadid, DWORD_PTR instance, DWORD support)
{
    (void)support;
    id_list *list = (id_list *)instance;
    if (list->count < 32)
        list->ids[list->count++] = hadid;
    return TRUE;
}

static MMRESULT path_driver_details(void *context)
{
    (void)context;
    id_list list = {{0}, 0};
    MMRESULT mr = acmDriverEnum(collect_id, (DWORD_PTR)&list, 0);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    if (list.count == 0)
        return MMSYSERR_ERROR;
    for (unsigned i = 0; i < list.count; i++) {
        ACMDRIVERDETAILSA details;
        memset(&details, 0, sizeof details);
        details.cbStruct = sizeof details;
        mr = acmDriverDetailsA(list.ids[i], &details, 0);
        if (mr != MMSYSERR_NOERROR)
            return mr;
        HACMDRIVER had = NULL;
        mr = acmDriverOpen(&had, list.ids[i], 0);
        if (mr != MMSYSERR_NOERROR)
            return mr;
        ACMFORMATTAGDETAILSA tag;
        memset(&tag, 0, sizeof tag);
        tag.cbStruct = sizeof tag;
        tag.dwFormatTagIndex = 0;
        mr = acmFormatTagDetailsA(had, &tag, ACM_FORMATTAGDETAILSF_INDEX);
        MMRESULT closed = acmDriverClose(had, 0);
        if (mr != MMSYSERR_NOERROR)
            return mr;
        if (closed != MMSYSERR_NOERROR)
            return closed;
    }
    return MMSYSERR_NOERROR;
}

static void driver_open_details(void **state)
{
    (void)state;
    /* acmDriverOpen reports a driver that could not be opened (DRV_OPEN failed, for lack of
     * memory too) as MMSYSERR_NODRIVER. */
    static const MMRESULT allowed[] = {MMSYSERR_NODRIVER, 0};
    long made = ts_sweep("acmDriverOpen/Details/Close", path_driver_details, NULL, allowed);
    print_message("enumerate, detail, open and close every driver: %ld allocations\n", made);
}

/* A function driver with one private format tag. */
#define FAULT_TAG 0x7F01
static LRESULT function_driver_hook(ts_driver *driver, DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM lParam1,
                                    LPARAM lParam2)
{
    (void)driver;
    (void)id;
    (void)hdrvr;
    switch (msg) {
    case ACMDM_FORMATTAG_DETAILS: {
        ACMFORMATTAGDETAILSW *tag = (ACMFORMATTAGDETAILSW *)lParam1;
        if ((lParam2 & ACM_FORMATTAGDETAILSF_QUERYMASK) == ACM_FORMATTAGDETAILSF_INDEX && tag->dwFormatTagIndex != 0)
            return ACMERR_NOTPOSSIBLE;
        if ((lParam2 & ACM_FORMATTAGDETAILSF_QUERYMASK) == ACM_FORMATTAGDETAILSF_FORMATTAG &&
            tag->dwFormatTag != FAULT_TAG)
            return ACMERR_NOTPOSSIBLE;
        tag->dwFormatTagIndex = 0;
        tag->dwFormatTag = FAULT_TAG;
        tag->cbFormatSize = sizeof(WAVEFORMATEX);
        tag->fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC;
        tag->cStandardFormats = 0;
        tag->szFormatTag[0] = 0;
        return MMSYSERR_NOERROR;
    }
    default:
        return TS_DRIVER_STANDARD;
    }
}

static ts_driver function_driver = {.load_result = 1, .enable_result = 1, .open_result = 0x1234, .close_result = 1,
                                    .format_tags = 1, .acm = true, .hook = function_driver_hook};

static MMRESULT path_driver_add(void *context)
{
    (void)context;
    HACMDRIVERID hadid = NULL;
    MMRESULT mr = acmDriverAddA(&hadid, (HINSTANCE)(uintptr_t)0x4000, (LPARAM)ts_driver_proc(&function_driver), 0,
                                ACM_DRIVERADDF_FUNCTION | ACM_DRIVERADDF_LOCAL);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    HACMDRIVER had = NULL;
    mr = acmDriverOpen(&had, hadid, 0);
    if (mr == MMSYSERR_NOERROR) {
        ACMFORMATTAGDETAILSA tag;
        memset(&tag, 0, sizeof tag);
        tag.cbStruct = sizeof tag;
        tag.dwFormatTag = FAULT_TAG;
        mr = acmFormatTagDetailsA(had, &tag, ACM_FORMATTAGDETAILSF_FORMATTAG);
        if (mr == MMSYSERR_NOERROR && tag.dwFormatTag != FAULT_TAG)
            mr = MMSYSERR_ERROR;
        MMRESULT closed = acmDriverClose(had, 0);
        if (mr == MMSYSERR_NOERROR)
            mr = closed;
    }
    MMRESULT removed = acmDriverRemove(hadid, 0);
    assert_int_equal(removed, MMSYSERR_NOERROR); /* removal itself must never fail */
    return mr;
}

static void driver_add_remove(void **state)
{
    (void)state;
    static const MMRESULT allowed[] = {MMSYSERR_NODRIVER, 0};
    long made = ts_sweep("acmDriverAdd/Open/Remove", path_driver_add, NULL, allowed);
    print_message("acmDriverAdd (function) + open + close + remove: %ld allocations\n", made);
}

/* ---- formats ----------------------------------------------------------------------------- */

typedef struct enum_counts {
    unsigned tags, formats;
} enum_counts;

static BOOL CALLBACK count_tag(HACMDRIVERID hadid, LPACMFORMATTAGDETAILSA details, DWORD_PTR instance, DWORD support)
{
    (void)hadid;
    (void)details;
    (void)support;
    ((enum_counts *)instance)->tags++;
    return TRUE;
}

static BOOL CALLBACK count_format(HACMDRIVERID hadid, LPACMFORMATDETAILSA details, DWORD_PTR instance, DWORD support)
{
    (void)hadid;
    (void)details;
    (void)support;
    ((enum_counts *)instance)->formats++;
    return TRUE;
}

static MMRESULT path_format_enum(void *context)
{
    enum_counts *expected = context;
    enum_counts counts = {0, 0};
    ACMFORMATTAGDETAILSA tag;
    memset(&tag, 0, sizeof tag);
    tag.cbStruct = sizeof tag;
    MMRESULT mr = acmFormatTagEnumA(NULL, &tag, count_tag, (DWORD_PTR)&counts, 0);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    DWORD room = 0;
    mr = acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FORMAT, &room);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    WAVEFORMATEX *format = calloc(1, room);
    assert_non_null(format);
    ACMFORMATDETAILSA details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.pwfx = format;
    details.cbwfx = room;
    details.dwFormatTag = WAVE_FORMAT_UNKNOWN;
    mr = acmFormatEnumA(NULL, &details, count_format, (DWORD_PTR)&counts, 0);
    free(format);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    if (expected->tags == 0) {
        *expected = counts;
    } else if (counts.tags != expected->tags || counts.formats != expected->formats) {
        print_error("enumeration counts changed: %u/%u tags, %u/%u formats\n", counts.tags, expected->tags,
                    counts.formats, expected->formats);
        return MMSYSERR_ERROR;
    }
    return MMSYSERR_NOERROR;
}

static void format_enumeration(void **state)
{
    (void)state;
    enum_counts expected = {0, 0};
    long made = ts_sweep("acmFormatTagEnum/acmFormatEnum", path_format_enum, &expected, NULL);
    print_message("format tags %u, formats %u: %ld allocations\n", expected.tags, expected.formats, made);
    assert_true(expected.tags >= 5);
}

static MMRESULT path_suggest(void *context)
{
    (void)context;
    for (size_t i = 0; i < pair_count; i++) {
        BYTE out[TS_FORMAT_ROOM];
        memset(out, 0, sizeof out);
        ((WAVEFORMATEX *)out)->wFormatTag = ((WAVEFORMATEX *)pairs[i].dst)->wFormatTag;
        MMRESULT mr = acmFormatSuggest(NULL, (WAVEFORMATEX *)pairs[i].src, (WAVEFORMATEX *)out, sizeof out,
                                       ACM_FORMATSUGGESTF_WFORMATTAG);
        if (mr != MMSYSERR_NOERROR)
            return mr;
    }
    return MMSYSERR_NOERROR;
}

static void format_suggest(void **state)
{
    (void)state;
    /* With had = NULL, every driver is asked; when all fail the answer is NOTPOSSIBLE. */
    static const MMRESULT allowed[] = {ACMERR_NOTPOSSIBLE, 0};
    long made = ts_sweep("acmFormatSuggest", path_suggest, NULL, allowed);
    print_message("acmFormatSuggest over %zu pairs: %ld allocations\n", pair_count, made);
}

/* ---- streams ----------------------------------------------------------------------------- */

typedef struct stream_case {
    const ts_pair *pair;
    BYTE *input;
    size_t input_length;
    BYTE *expected;
    size_t expected_length;
} stream_case;

static MMRESULT path_stream(void *context)
{
    stream_case *c = context;
    BYTE *out = NULL;
    size_t length = 0;
    MMRESULT mr = ts_acm_convert_all(c->pair, c->input, c->input_length, 3000, &out, &length);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    if (!c->expected) {
        c->expected = out;
        c->expected_length = length;
        return MMSYSERR_NOERROR;
    }
    bool same = length == c->expected_length && memcmp(out, c->expected, length) == 0;
    free(out);
    if (!same)
        print_error("%s: output differs after a failed run (%zu vs %zu bytes)\n", c->pair->name, length,
                    c->expected_length);
    return same ? MMSYSERR_NOERROR : MMSYSERR_ERROR;
}

/* Input for a pair: PCM signal, or the signal encoded by the matching pcm->codec pair. */
static BYTE *input_for(const ts_pair *pair, size_t *length)
{
    const WAVEFORMATEX *src = (const WAVEFORMATEX *)pair->src;
    BYTE *pcm = malloc(8000);
    assert_non_null(pcm);
    ts_speech_signal(pcm, 8000, 1);
    if (src->wFormatTag == WAVE_FORMAT_PCM) {
        *length = 8000;
        return pcm;
    }
    ts_pair encode;
    memset(&encode, 0, sizeof encode);
    memcpy(encode.src, pair->dst, sizeof encode.src);
    memcpy(encode.dst, pair->src, sizeof encode.dst);
    BYTE *coded = NULL;
    assert_int_equal(ts_acm_convert_all(&encode, pcm, 8000, 0, &coded, length), MMSYSERR_NOERROR);
    free(pcm);
    return coded;
}

static void stream_conversions(void **state)
{
    (void)state;
    /* had = NULL: a driver whose STREAM_OPEN fails is skipped, and when none is left the ACM
     * answers ACMERR_NOTPOSSIBLE, as Windows does. */
    static const MMRESULT allowed[] = {ACMERR_NOTPOSSIBLE, 0};
    assert_true(pair_count >= 10);
    for (size_t i = 0; i < pair_count; i++) {
        stream_case c = {&pairs[i], NULL, 0, NULL, 0};
        c.input = input_for(&pairs[i], &c.input_length);
        long made = ts_sweep(pairs[i].name, path_stream, &c, allowed);
        print_message("stream %-28s %6zu -> %6zu bytes: %ld allocations\n", pairs[i].name, c.input_length,
                      c.expected_length, made);
        assert_true(c.expected_length > 0);
        free(c.input);
        free(c.expected);
    }
}

/* An asynchronous stream: 8 headers queued, reset, then all converted again and closed. */
static MMRESULT path_async(void *context)
{
    const ts_pair *pair = context;
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    if (!event)
        return MMSYSERR_NOMEM;
    HACMSTREAM has = NULL;
    MMRESULT mr = acmStreamOpen(&has, NULL, (WAVEFORMATEX *)pair->src, (WAVEFORMATEX *)pair->dst, NULL,
                                (DWORD_PTR)event, 0, ACM_STREAMOPENF_ASYNC | CALLBACK_EVENT);
    if (mr != MMSYSERR_NOERROR) {
        CloseHandle(event);
        return mr;
    }
    enum { HEADERS = 8, SRC = 800, DST = 4000 };
    static BYTE src[HEADERS][SRC], dst[HEADERS][DST];
    ACMSTREAMHEADER headers[HEADERS];
    memset(headers, 0, sizeof headers);
    for (int h = 0; h < HEADERS; h++) {
        ts_speech_signal(src[h], SRC, (unsigned)h);
        headers[h].cbStruct = sizeof headers[h];
        headers[h].pbSrc = src[h];
        headers[h].cbSrcLength = SRC;
        headers[h].pbDst = dst[h];
        headers[h].cbDstLength = DST;
        if (mr == MMSYSERR_NOERROR)
            mr = acmStreamPrepareHeader(has, &headers[h], 0);
    }
    for (int round = 0; round < 2 && mr == MMSYSERR_NOERROR; round++) {
        for (int h = 0; h < HEADERS && mr == MMSYSERR_NOERROR; h++)
            mr = acmStreamConvert(has, &headers[h], 0);
        if (round == 0)
            acmStreamReset(has, 0);
        else
            acmStreamReset(has, 0); /* waits for the running header, returns the rest */
    }
    for (int h = 0; h < HEADERS; h++) {
        /* Reset returned every queued header, so none is in the queue any more. */
        assert_false(headers[h].fdwStatus & ACMSTREAMHEADER_STATUSF_INQUEUE);
        if (headers[h].fdwStatus & ACMSTREAMHEADER_STATUSF_PREPARED)
            assert_int_equal(acmStreamUnprepareHeader(has, &headers[h], 0), MMSYSERR_NOERROR);
    }
    MMRESULT closed = acmStreamClose(has, 0);
    assert_int_equal(closed, MMSYSERR_NOERROR);
    CloseHandle(event);
    return mr;
}

static void async_stream(void **state)
{
    (void)state;
    static const MMRESULT allowed[] = {ACMERR_NOTPOSSIBLE, 0};
    for (size_t i = 0; i < pair_count; i++) {
        if (((WAVEFORMATEX *)pairs[i].src)->wFormatTag != WAVE_FORMAT_PCM)
            continue;
        long made = ts_sweep(pairs[i].name, path_async, &pairs[i], allowed);
        print_message("async %-28s: %ld allocations\n", pairs[i].name, made);
        break;
    }
}

/* ---- the CLI's library path: WAV in through mmio, ACM decode, WAV out through mmio ------- */

typedef struct wav_case {
    char out_path[256];
    long expected_size;
} wav_case;

static MMRESULT wav_fail(HMMIO in, HMMIO out, MMRESULT mr)
{
    if (in)
        mmioClose(in, 0);
    if (out)
        mmioClose(out, 0);
    return mr;
}

static MMRESULT path_wav_convert(void *context)
{
    wav_case *c = context;
    HMMIO in = mmioOpenA((LPSTR)PORTACM_TEST_DATA_DIR "/vectors/ima/speech8m.sox.wav", NULL, MMIO_READ | MMIO_ALLOCBUF);
    if (!in)
        return MMSYSERR_NOMEM;
    MMCKINFO riff = {0}, chunk = {0};
    riff.fccType = mmioFOURCC('W', 'A', 'V', 'E');
    if (mmioDescend(in, &riff, NULL, MMIO_FINDRIFF) != MMSYSERR_NOERROR)
        return wav_fail(in, NULL, MMSYSERR_ERROR);
    chunk.ckid = mmioFOURCC('f', 'm', 't', ' ');
    if (mmioDescend(in, &chunk, &riff, MMIO_FINDCHUNK) != MMSYSERR_NOERROR)
        return wav_fail(in, NULL, MMSYSERR_ERROR);
    BYTE format[64] = {0};
    if (chunk.cksize > sizeof format || mmioRead(in, (HPSTR)format, (LONG)chunk.cksize) != (LONG)chunk.cksize)
        return wav_fail(in, NULL, MMSYSERR_ERROR);
    mmioAscend(in, &chunk, 0);
    chunk.ckid = mmioFOURCC('d', 'a', 't', 'a');
    if (mmioDescend(in, &chunk, &riff, MMIO_FINDCHUNK) != MMSYSERR_NOERROR)
        return wav_fail(in, NULL, MMSYSERR_ERROR);
    BYTE *coded = malloc(chunk.cksize);
    assert_non_null(coded);
    if (mmioRead(in, (HPSTR)coded, (LONG)chunk.cksize) != (LONG)chunk.cksize) {
        free(coded);
        return wav_fail(in, NULL, MMSYSERR_ERROR);
    }
    mmioClose(in, 0);

    ts_pair pair;
    memset(&pair, 0, sizeof pair);
    memcpy(pair.src, format, sizeof format);
    WAVEFORMATEX *pcm = (WAVEFORMATEX *)pair.dst;
    pcm->wFormatTag = WAVE_FORMAT_PCM;
    MMRESULT mr = acmFormatSuggest(NULL, (WAVEFORMATEX *)pair.src, pcm, sizeof pair.dst, ACM_FORMATSUGGESTF_WFORMATTAG);
    BYTE *decoded = NULL;
    size_t decoded_length = 0;
    if (mr == MMSYSERR_NOERROR)
        mr = ts_acm_convert_all(&pair, coded, chunk.cksize, 4096, &decoded, &decoded_length);
    free(coded);
    if (mr != MMSYSERR_NOERROR)
        return mr;

    HMMIO out = mmioOpenA(c->out_path, NULL, MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF);
    if (!out) {
        free(decoded);
        return MMSYSERR_NOMEM;
    }
    MMCKINFO out_riff = {0}, out_chunk = {0};
    out_riff.fccType = mmioFOURCC('W', 'A', 'V', 'E');
    mr = mmioCreateChunk(out, &out_riff, MMIO_CREATERIFF);
    out_chunk.ckid = mmioFOURCC('f', 'm', 't', ' ');
    if (mr == MMSYSERR_NOERROR)
        mr = mmioCreateChunk(out, &out_chunk, 0);
    if (mr == MMSYSERR_NOERROR && mmioWrite(out, (const char *)pcm, 16) != 16)
        mr = MMSYSERR_ERROR;
    if (mr == MMSYSERR_NOERROR)
        mr = mmioAscend(out, &out_chunk, 0);
    out_chunk.ckid = mmioFOURCC('d', 'a', 't', 'a');
    if (mr == MMSYSERR_NOERROR)
        mr = mmioCreateChunk(out, &out_chunk, 0);
    if (mr == MMSYSERR_NOERROR && mmioWrite(out, (const char *)decoded, (LONG)decoded_length) != (LONG)decoded_length)
        mr = MMSYSERR_ERROR;
    if (mr == MMSYSERR_NOERROR)
        mr = mmioAscend(out, &out_chunk, 0);
    if (mr == MMSYSERR_NOERROR)
        mr = mmioAscend(out, &out_riff, 0);
    MMRESULT closed = mmioClose(out, 0);
    if (mr == MMSYSERR_NOERROR)
        mr = closed;
    free(decoded);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    long size = (long)(12 + 8 + 16 + 8 + decoded_length);
    if (c->expected_size && size != c->expected_size)
        return MMSYSERR_ERROR;
    c->expected_size = size;
    FILE *check = fopen(c->out_path, "rb");
    assert_non_null(check);
    fseek(check, 0, SEEK_END);
    long written = ftell(check);
    fclose(check);
    return written == size ? MMSYSERR_NOERROR : MMSYSERR_ERROR;
}

static void cli_wav_convert_path(void **state)
{
    (void)state;
    wav_case c;
    memset(&c, 0, sizeof c);
    snprintf(c.out_path, sizeof c.out_path, "%s/fault-alloc-%ld.wav", PORTACM_TEST_BINARY_DIR, (long)getpid());
    /* mmio's own error codes are clean failures too: MMIOERR_OUTOFMEMORY, cannot write... */
    static const MMRESULT allowed[] = {ACMERR_NOTPOSSIBLE, MMIOERR_OUTOFMEMORY, MMIOERR_CANNOTWRITE,
                                       MMIOERR_CANNOTSEEK, MMIOERR_CANNOTEXPAND, 0};
    long made = ts_sweep("WAV read + decode + WAV write", path_wav_convert, &c, allowed);
    print_message("WAV (IMA) -> ACM -> WAV (PCM), %ld bytes: %ld allocations\n", c.expected_size, made);
    unlink(c.out_path);
}

/* ---- mmio name parsing (getcwd for relative names) ----------------------------------------- */

static MMRESULT path_mmio_parse(void *context)
{
    char *expected = context;
    MMIOINFO info;
    memset(&info, 0, sizeof info);
    char name[MAX_PATH + 1] = "sub/../relative.wav";
    /* MMIO_PARSE answers TRUE/FALSE with the reason in wErrorRet. */
    if (!mmioOpenA(name, &info, MMIO_PARSE))
        return info.wErrorRet ? info.wErrorRet : MMSYSERR_ERROR;
    if (expected[0] == 0)
        strcpy(expected, name);
    return strcmp(expected, name) == 0 ? MMSYSERR_NOERROR : MMSYSERR_ERROR;
}

/* Regression: the current folder was fetched with getcwd(NULL, 0), an allocation that the
 * failure injection (and the one-allocator rule) did not cover; and when mmioOpen's copy of
 * the name could not be allocated, MMIO_PARSE failed with wErrorRet left at 0. */
static void regress_mmio_parse_getcwd(void **state)
{
    (void)state;
    char expected[MAX_PATH + 1] = "";
    long made = ts_sweep("mmioOpen MMIO_PARSE", path_mmio_parse, expected, (const MMRESULT[]){MMIOERR_OUTOFMEMORY, 0});
    print_message("MMIO_PARSE of a relative name -> %s: %ld allocations\n", expected, made);
    assert_true(expected[0] == '/');
    assert_non_null(strstr(expected, "/relative.wav"));
    /* The current folder is now read through mem_*: one allocation at least. */
    assert_true(made >= 2);
}

/* ---- the driver list, built once per process --------------------------------------------- */

static unsigned count_drivers(void)
{
    DWORD count = 0;
    if (acmMetrics(NULL, ACM_METRIC_COUNT_DRIVERS, &count) != MMSYSERR_NOERROR)
        return 0;
    return (unsigned)count;
}

/* The child's side: fail allocation n and later ones during the first ACM call of a fresh
 * process, then count the drivers with memory back. Exit code: the count (0..120), or 250
 * when the first call did not reach allocation n. */
static int registry_child(long n)
{
    if (n >= 0)
        pacm_mem_fail_after(n);
    DWORD ignored = 0;
    acmMetrics(NULL, ACM_METRIC_COUNT_DRIVERS, &ignored);
    long made = pacm_mem_fail_after(-1);
    unsigned count = count_drivers();
    return n >= 0 && made <= n ? 250 : (int)(count > 120 ? 120 : count);
}

/* This program's path, from argv[0] (not /proc/self/exe, which names the tool under valgrind). */
static const char *program_path;

/* Runs registry_child(n) in a new process (this program, exec'd again: the driver list is
 * built by the first call of a process, and a forked child would inherit the parent's). */
static int child_count_after_failure(long n)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char number[32];
        snprintf(number, sizeof number, "%ld", n);
        execl(program_path, program_path, "--registry-child", number, (char *)NULL);
        _exit(255);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static void regress_registry_build_under_failure(void **state)
{
    (void)state;
    int full = child_count_after_failure(-1);
    assert_true(full >= 5 && full < 120);
    int degraded = 0;
    long n;
    for (n = 0; n < 5000; n++) {
        int count = child_count_after_failure(n);
        if (count == 250)
            break; /* the first call needs fewer than n allocations */
        if (count != full) {
            if (degraded++ < 5)
                print_message("allocation %ld failed while the driver list was built: %d of %d drivers "
                              "for the rest of the process\n",
                              n, count, full);
        }
    }
    print_message("driver list build: %ld allocations, %d of them leave a shorter list\n", n, degraded);
    /* Regression: a failed allocation while the list was built used to lose drivers for the
     * rest of the process (the list and the built-in registration were built once, with
     * pthread_once); the next call now builds what is missing. */
    assert_int_equal(degraded, 0);
}

static int setup(void **state)
{
    (void)state;
    pair_count = ts_codec_pairs(pairs, MAX_PAIRS);
    return 0;
}

int main(int argc, char **argv)
{
    program_path = argv[0];
    if (argc == 3 && strcmp(argv[1], "--registry-child") == 0)
        return registry_child(atol(argv[2]));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(open_driver),
        cmocka_unit_test(driver_open_details),
        cmocka_unit_test(driver_add_remove),
        cmocka_unit_test(format_enumeration),
        cmocka_unit_test(format_suggest),
        cmocka_unit_test(stream_conversions),
        cmocka_unit_test(async_stream),
        cmocka_unit_test(cli_wav_convert_path),
        cmocka_unit_test(regress_mmio_parse_getcwd),
        cmocka_unit_test(regress_registry_build_under_failure),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
