/*
 * test_compat_native.c - the native Windows results recorded in
 * ../shared/spec/reference-behaviour.md §5 that no other suite proves, run against the
 * built-in drivers exactly the way the conformance tests run them on Windows: the checks made
 * for every format tag of every driver, the suggestion checks made for every format a driver
 * enumerates, the remaining acmFormatSuggest cases, Windows' PCM converter table through the
 * public stream API, and the MS-ADPCM header run with the all-zero block Windows was given.
 *
 * docs/compatibility.md lists every §5/§8 fact with the test that proves it; rows that point
 * here were "not tested" before this file. Expected values are Windows' (the spec), never
 * what portacm happened to return.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "windows.h"
#include "mmsystem.h"
#include "mmreg.h"
#include "msacm.h"
#include "msacmdrv.h"
#include "ts_driver.h"
#include "ts_formats.h"

/* ---- failures are collected, so one run names every deviation ---------------------------- */

static int deviations;

static void deviation(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    char text[512];
    vsnprintf(text, sizeof text, format, args);
    va_end(args);
    print_message("native differs: %s\n", text);
    deviations++;
}

#define EXPECT(condition, ...)                                                                     \
    do {                                                                                           \
        if (!(condition))                                                                          \
            deviation(__VA_ARGS__);                                                                \
    } while (0)


/* ---- the driver list --------------------------------------------------------------------- */

typedef struct driver_list {
    HACMDRIVERID ids[32];
    DWORD support[32];
    size_t count;
} driver_list;

static BOOL CALLBACK collect_driver(HACMDRIVERID hadid, DWORD_PTR instance, DWORD support)
{
    driver_list *list = (driver_list *)instance;
    if (list->count < 32) {
        list->ids[list->count] = hadid;
        list->support[list->count] = support;
        list->count++;
    }
    return TRUE;
}

static driver_list all_drivers(void)
{
    driver_list list;
    memset(&list, 0, sizeof list);
    assert_int_equal(acmDriverEnum(collect_driver, (DWORD_PTR)&list, 0), MMSYSERR_NOERROR);
    /* Without a drivers file: IMA, MS-ADPCM, G.711, GSM, MPEG and the PCM converter. */
    assert_true(list.count >= 4);
    return list;
}

static const char *driver_name(HACMDRIVERID id)
{
    static ACMDRIVERDETAILSA details;
    details.cbStruct = sizeof details;
    if (acmDriverDetailsA(id, &details, 0) != MMSYSERR_NOERROR)
        return "?";
    return details.szShortName;
}

typedef struct tag_list {
    ACMFORMATTAGDETAILSA tags[16];
    size_t count;
} tag_list;

static BOOL CALLBACK collect_tag(HACMDRIVERID hadid, LPACMFORMATTAGDETAILSA details, DWORD_PTR instance,
                                 DWORD support)
{
    tag_list *list = (tag_list *)instance;
    if (list->count < 16)
        list->tags[list->count++] = *details;
    return TRUE;
}

/* ---- §5 "Per tag of every driver" -------------------------------------------------------- */

/* The conformance test's per-tag run: the format checks on {tag, all zero}, the acmFormatSuggest
 * size rules on that format, and FORMAT_DETAILS(INDEX) for every standard format, also with
 * cbwfx = 16. */
static void check_tag(HACMDRIVERID id, HACMDRIVER had, const ACMFORMATTAGDETAILSA *tag)
{
    const char *name = driver_name(id);
    DWORD tag_value = tag->dwFormatTag;
    size_t size = tag->cbFormatSize < sizeof(WAVEFORMATEX) ? sizeof(WAVEFORMATEX) : tag->cbFormatSize;
    WAVEFORMATEX *format = calloc(1, size + 64);
    BYTE *destination = calloc(1, 65536);
    assert_non_null(format);
    assert_non_null(destination);
    WAVEFORMATEX *dst = (WAVEFORMATEX *)destination;
    ACMFORMATDETAILSA details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.pwfx = NULL;
    details.cbwfx = tag->cbFormatSize;
    details.dwFormatTag = tag_value;
    MMRESULT result;

    /* FORMAT details: NULL pwfx, tag 0, fdwSupport, cbwfx < 16 → INVALPARAM; {tag, 0...} → NOTPOSSIBLE. */
    result = acmFormatDetailsA(had, &details, ACM_FORMATDETAILSF_FORMAT);
    EXPECT(result == MMSYSERR_INVALPARAM, "%s tag 0x%lx: FORMAT with NULL pwfx gave %u", name, tag_value, result);
    details.pwfx = format;
    format->wFormatTag = WAVE_FORMAT_UNKNOWN;
    result = acmFormatDetailsA(had, &details, ACM_FORMATDETAILSF_FORMAT);
    EXPECT(result == MMSYSERR_INVALPARAM,
           "%s tag 0x%lx: FORMAT with dwFormatTag != pwfx->wFormatTag (0) gave %u", name, tag_value, result);
    format->wFormatTag = (WORD)tag_value;
    details.fdwSupport = 0xDEADBEEF;
    result = acmFormatDetailsA(had, &details, ACM_FORMATDETAILSF_FORMAT);
    EXPECT(result == MMSYSERR_INVALPARAM, "%s tag 0x%lx: FORMAT with fdwSupport gave %u", name, tag_value, result);
    details.fdwSupport = 0;
    details.cbwfx = sizeof(PCMWAVEFORMAT) - 1;
    result = acmFormatDetailsA(had, &details, ACM_FORMATDETAILSF_FORMAT);
    EXPECT(result == MMSYSERR_INVALPARAM, "%s tag 0x%lx: FORMAT with cbwfx 15 gave %u", name, tag_value, result);
    details.cbwfx = tag->cbFormatSize;
    result = acmFormatDetailsA(had, &details, ACM_FORMATDETAILSF_FORMAT);
    EXPECT(result == ACMERR_NOTPOSSIBLE, "%s tag 0x%lx: FORMAT of an all-zero format gave %u", name, tag_value,
           result);

    /* acmFormatSuggest sizes with this driver. */
    DWORD driver_max = 0, global_max = 0;
    assert_int_equal(acmMetrics((HACMOBJ)had, ACM_METRIC_MAX_SIZE_FORMAT, &driver_max), MMSYSERR_NOERROR);
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FORMAT, &global_max), MMSYSERR_NOERROR);
    result = acmFormatSuggest(had, format, dst, driver_max - 1, 0);
    EXPECT(result == MMSYSERR_INVALPARAM, "%s tag 0x%lx: suggest into MAX_SIZE_FORMAT-1 gave %u", name, tag_value,
           result);
    result = acmFormatSuggest(had, format, dst, driver_max, 0);
    EXPECT(result == ACMERR_NOTPOSSIBLE, "%s tag 0x%lx: suggest from an all-zero format gave %u", name, tag_value,
           result);
    ACMFORMATTAGDETAILSA pcm_tag;
    memset(&pcm_tag, 0, sizeof pcm_tag);
    pcm_tag.cbStruct = sizeof pcm_tag;
    pcm_tag.dwFormatTag = WAVE_FORMAT_PCM;
    assert_int_equal(acmFormatTagDetailsA(had, &pcm_tag, ACM_FORMATTAGDETAILSF_LARGESTSIZE), MMSYSERR_NOERROR);
    dst->wFormatTag = WAVE_FORMAT_PCM;
    result = acmFormatSuggest(had, format, dst, pcm_tag.cbFormatSize - 1, ACM_FORMATSUGGESTF_WFORMATTAG);
    EXPECT(result == MMSYSERR_INVALPARAM, "%s tag 0x%lx: suggest PCM into LARGESTSIZE-1 gave %u", name, tag_value,
           result);
    dst->wFormatTag = WAVE_FORMAT_PCM;
    result = acmFormatSuggest(had, format, dst, pcm_tag.cbFormatSize, ACM_FORMATSUGGESTF_WFORMATTAG);
    EXPECT(result == ACMERR_NOTPOSSIBLE, "%s tag 0x%lx: suggest PCM from an all-zero format gave %u", name,
           tag_value, result);
    dst->wFormatTag = 0xBEEF;
    result = acmFormatSuggest(had, format, dst, 0, ACM_FORMATSUGGESTF_WFORMATTAG);
    EXPECT(result == ACMERR_NOTPOSSIBLE || result == MMSYSERR_INVALPARAM,
           "%s tag 0x%lx: suggest tag 0xBEEF into 0 bytes gave %u", name, tag_value, result);

    /* The same without a driver. */
    result = acmFormatSuggest(NULL, format, dst, global_max - 1, 0);
    EXPECT(result == MMSYSERR_INVALPARAM, "%s tag 0x%lx: NULL-driver suggest into max-1 gave %u", name, tag_value,
           result);
    if (tag_value != WAVE_FORMAT_PCM) {
        result = acmFormatSuggest(NULL, format, dst, global_max, 0);
        EXPECT(result == ACMERR_NOTPOSSIBLE, "%s tag 0x%lx: NULL-driver suggest from all-zero gave %u", name,
               tag_value, result);
    }
    dst->wFormatTag = WAVE_FORMAT_PCM;
    result = acmFormatSuggest(NULL, format, dst, pcm_tag.cbFormatSize - 1, ACM_FORMATSUGGESTF_WFORMATTAG);
    EXPECT(result == MMSYSERR_INVALPARAM, "%s tag 0x%lx: NULL-driver suggest PCM into 15 gave %u", name, tag_value,
           result);
    dst->wFormatTag = WAVE_FORMAT_PCM;
    result = acmFormatSuggest(NULL, format, dst, pcm_tag.cbFormatSize, ACM_FORMATSUGGESTF_WFORMATTAG);
    EXPECT(result == ACMERR_NOTPOSSIBLE, "%s tag 0x%lx: NULL-driver suggest PCM from all-zero gave %u", name,
           tag_value, result);
    dst->wFormatTag = (WORD)tag_value;
    result = acmFormatSuggest(NULL, format, dst, tag->cbFormatSize - 1, ACM_FORMATSUGGESTF_WFORMATTAG);
    EXPECT(result == MMSYSERR_INVALPARAM, "%s tag 0x%lx: NULL-driver suggest own tag into size-1 gave %u", name,
           tag_value, result);
    dst->wFormatTag = (WORD)tag_value;
    result = acmFormatSuggest(NULL, format, dst, tag->cbFormatSize, ACM_FORMATSUGGESTF_WFORMATTAG);
    EXPECT(result == ACMERR_NOTPOSSIBLE, "%s tag 0x%lx: NULL-driver suggest own tag from all-zero gave %u", name,
           tag_value, result);
    dst->wFormatTag = 0xBEEF;
    result = acmFormatSuggest(NULL, format, dst, 0, ACM_FORMATSUGGESTF_WFORMATTAG);
    EXPECT(result == ACMERR_NOTPOSSIBLE || result == MMSYSERR_INVALPARAM,
           "%s tag 0x%lx: NULL-driver suggest tag 0xBEEF into 0 bytes gave %u", name, tag_value, result);

    /* INDEX: every standard format, at full size and at cbwfx = 16 (cbSize still written). */
    for (DWORD i = 0; i < tag->cStandardFormats; i++) {
        details.dwFormatIndex = i;
        details.fdwSupport = 0;
        details.cbwfx = tag->cbFormatSize;
        format->cbSize = 0xBEEF;
        result = acmFormatDetailsA(had, &details, ACM_FORMATDETAILSF_INDEX);
        EXPECT(result == MMSYSERR_NOERROR, "%s tag 0x%lx: INDEX %lu gave %u", name, tag_value, (unsigned long)i,
               result);
        details.fdwSupport = 0;
        details.cbwfx = sizeof(PCMWAVEFORMAT);
        format->cbSize = 0xBEEF;
        result = acmFormatDetailsA(had, &details, ACM_FORMATDETAILSF_INDEX);
        EXPECT(result == MMSYSERR_NOERROR, "%s tag 0x%lx: INDEX %lu with cbwfx 16 gave %u", name, tag_value,
               (unsigned long)i, result);
        /* Windows' codecs go on to write cbSize (and the rest of the format) past the 16 bytes
         * the caller declared. Deliberate difference D2 (docs/compatibility.md): portacm never
         * writes past cbwfx, so cbSize keeps the caller's value. */
        if (result == MMSYSERR_NOERROR)
            EXPECT(format->cbSize == 0xBEEF, "%s tag 0x%lx: INDEX %lu with cbwfx 16 wrote past the 16 bytes", name,
                   tag_value, (unsigned long)i);
    }
    details.dwFormatIndex = tag->cStandardFormats;
    details.fdwSupport = 0;
    details.cbwfx = tag->cbFormatSize;
    result = acmFormatDetailsA(had, &details, ACM_FORMATDETAILSF_INDEX);
    EXPECT(result == MMSYSERR_INVALPARAM, "%s tag 0x%lx: INDEX cStandardFormats gave %u", name, tag_value, result);
    free(destination);
    free(format);
}

static void every_tag_of_every_driver(void **state)
{
    (void)state;
    deviations = 0;
    driver_list drivers = all_drivers();
    size_t tags_checked = 0;
    for (size_t d = 0; d < drivers.count; d++) {
        HACMDRIVER had = NULL;
        assert_int_equal(acmDriverOpen(&had, drivers.ids[d], 0), MMSYSERR_NOERROR);
        tag_list tags;
        memset(&tags, 0, sizeof tags);
        ACMFORMATTAGDETAILSA query;
        memset(&query, 0, sizeof query);
        query.cbStruct = sizeof query;
        assert_int_equal(acmFormatTagEnumA(had, &query, collect_tag, (DWORD_PTR)&tags, 0), MMSYSERR_NOERROR);
        assert_true(tags.count >= 1);
        for (size_t t = 0; t < tags.count; t++)
            check_tag(drivers.ids[d], had, &tags.tags[t]);
        tags_checked += tags.count;
        assert_int_equal(acmDriverClose(had, 0), MMSYSERR_NOERROR);
    }
    print_message("%zu drivers, %zu format tags checked\n", drivers.count, tags_checked);
    assert_int_equal(deviations, 0);
}

/* ---- §5 "Per enumerated format" ---------------------------------------------------------- */

typedef struct enum_context {
    size_t formats;
} enum_context;

/* The conformance test's FormatEnumProc: suggestions from each enumerated format. */
static BOOL CALLBACK check_enumerated_format(HACMDRIVERID hadid, LPACMFORMATDETAILSA details, DWORD_PTR instance,
                                             DWORD support)
{
    enum_context *context = (enum_context *)instance;
    context->formats++;
    const char *name = driver_name(hadid);
    DWORD driver_support = 0;
    assert_int_equal(acmMetrics((HACMOBJ)hadid, ACM_METRIC_DRIVER_SUPPORT, &driver_support), MMSYSERR_NOERROR);
    HACMDRIVER had = NULL;
    assert_int_equal(acmDriverOpen(&had, hadid, 0), MMSYSERR_NOERROR);
    DWORD size = details->cbwfx;
    WAVEFORMATEX *source = details->pwfx;
    WAVEFORMATEX *dst = calloc(1, size);
    assert_non_null(dst);
    MMRESULT result = acmFormatSuggest(had, source, dst, size, 0);
    if (details->dwFormatTag == WAVE_FORMAT_PCM) {
        EXPECT(result == MMSYSERR_NOERROR || result == ACMERR_NOTPOSSIBLE, "%s \"%s\": suggest from PCM gave %u", name,
               details->szFormat, result);
        if (result == MMSYSERR_NOERROR) {
            if (driver_support & ACMDRIVERDETAILS_SUPPORTF_CODEC)
                EXPECT(dst->wFormatTag != WAVE_FORMAT_PCM, "%s \"%s\": a codec suggested PCM from PCM", name,
                       details->szFormat);
            else
                EXPECT(dst->wFormatTag == WAVE_FORMAT_PCM, "%s \"%s\": a converter suggested tag 0x%x", name,
                       details->szFormat, dst->wFormatTag);
        }
    } else {
        EXPECT(result == MMSYSERR_NOERROR, "%s \"%s\": suggest gave %u", name, details->szFormat, result);
        if (result == MMSYSERR_NOERROR) {
            EXPECT(dst->wFormatTag == WAVE_FORMAT_PCM && dst->nChannels == source->nChannels &&
                       dst->nSamplesPerSec == source->nSamplesPerSec && dst->wBitsPerSample == 16 &&
                       dst->nBlockAlign == 2 * source->nChannels,
                   "%s \"%s\": suggested tag 0x%x %u ch %lu Hz %u bits align %u", name, details->szFormat,
                   dst->wFormatTag, dst->nChannels, (unsigned long)dst->nSamplesPerSec, dst->wBitsPerSample,
                   dst->nBlockAlign);
        }
        DWORD global_max = 0;
        assert_int_equal(acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FORMAT, &global_max), MMSYSERR_NOERROR);
        WAVEFORMATEX *any = calloc(1, global_max);
        assert_non_null(any);
        result = acmFormatSuggest(NULL, source, any, global_max, 0);
        EXPECT(result == MMSYSERR_NOERROR, "%s \"%s\": NULL-driver suggest gave %u", name, details->szFormat, result);
        free(any);
    }
    /* WFORMATTAG = the source's own tag: only a converter can. */
    memset(dst, 0, size);
    dst->wFormatTag = source->wFormatTag;
    result = acmFormatSuggest(had, source, dst, size, ACM_FORMATSUGGESTF_WFORMATTAG);
    if (driver_support & ACMDRIVERDETAILS_SUPPORTF_CONVERTER)
        EXPECT(result == MMSYSERR_NOERROR, "%s \"%s\": converter suggest to its own tag gave %u", name,
               details->szFormat, result);
    else
        EXPECT(result == ACMERR_NOTPOSSIBLE, "%s \"%s\": codec suggest to the source's own tag gave %u", name,
               details->szFormat, result);
    free(dst);
    assert_int_equal(acmDriverClose(had, 0), MMSYSERR_NOERROR);
    return TRUE;
}

static void every_enumerated_format(void **state)
{
    (void)state;
    deviations = 0;
    driver_list drivers = all_drivers();
    enum_context context = {0};
    for (size_t d = 0; d < drivers.count; d++) {
        HACMDRIVER had = NULL;
        assert_int_equal(acmDriverOpen(&had, drivers.ids[d], 0), MMSYSERR_NOERROR);
        DWORD size = 0;
        assert_int_equal(acmMetrics((HACMOBJ)had, ACM_METRIC_MAX_SIZE_FORMAT, &size), MMSYSERR_NOERROR);
        if (size < sizeof(WAVEFORMATEX))
            size = sizeof(WAVEFORMATEX);
        WAVEFORMATEX *buffer = calloc(1, size);
        assert_non_null(buffer);
        buffer->cbSize = (WORD)(size - sizeof(WAVEFORMATEX));
        ACMFORMATDETAILSA details;
        memset(&details, 0, sizeof details);
        details.cbStruct = sizeof details;
        details.pwfx = buffer;
        details.cbwfx = size;
        details.dwFormatTag = WAVE_FORMAT_UNKNOWN;
        assert_int_equal(acmFormatEnumA(had, &details, check_enumerated_format, (DWORD_PTR)&context, 0),
                         MMSYSERR_NOERROR);
        free(buffer);
        assert_int_equal(acmDriverClose(had, 0), MMSYSERR_NOERROR);
    }
    print_message("%zu enumerated formats checked\n", context.formats);
    assert_true(context.formats > 0);
    assert_int_equal(deviations, 0);
}

/* ---- §5 test_acmFormatSuggest, with only the built-in drivers ---------------------------- */

/* A fresh ACMSTREAMHEADER for the given buffers. */
static void header_init(ACMSTREAMHEADER *header, void *source, DWORD source_length, void *destination,
                        DWORD destination_length)
{
    memset(header, 0, sizeof *header);
    header->cbStruct = sizeof *header;
    header->pbSrc = source;
    header->cbSrcLength = source_length;
    header->pbDst = destination;
    header->cbDstLength = destination_length;
}

static void suggest_native_cases(void **state)
{
    (void)state;
    DWORD largest = 0;
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FORMAT, &largest), MMSYSERR_NOERROR);
    BYTE *buffer = calloc(1, largest + 64);
    assert_non_null(buffer);
    WAVEFORMATEX *dst = (WAVEFORMATEX *)buffer;
    WAVEFORMATEX src;
    ts_pcm_format(&src, 1, 8000, 16);

    /* All four SUGGESTF flags with the destination already equal to the source: unchanged. */
    const DWORD all = ACM_FORMATSUGGESTF_NCHANNELS | ACM_FORMATSUGGESTF_NSAMPLESPERSEC |
                      ACM_FORMATSUGGESTF_WBITSPERSAMPLE | ACM_FORMATSUGGESTF_WFORMATTAG;
    memcpy(dst, &src, sizeof src);
    assert_int_equal(acmFormatSuggest(NULL, &src, dst, sizeof(PCMWAVEFORMAT), all), MMSYSERR_NOERROR);
    assert_memory_equal(dst, &src, sizeof(PCMWAVEFORMAT));

    /* An unknown source tag: max-1 → INVALPARAM, max → MMSYSERR_NODRIVER. */
    src.wFormatTag = 0xBEEF;
    assert_int_equal(acmFormatSuggest(NULL, &src, dst, largest - 1, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmFormatSuggest(NULL, &src, dst, largest, 0), MMSYSERR_NODRIVER);

    /* A-law → IMA ADPCM (no driver converts between them): 19 bytes → INVALPARAM, 20 → NODRIVER. */
    ts_linear_format(&src, WAVE_FORMAT_ALAW, 1, 8000, 8);
    dst->wFormatTag = WAVE_FORMAT_IMA_ADPCM;
    assert_int_equal(acmFormatSuggest(NULL, &src, dst, sizeof(IMAADPCMWAVEFORMAT) - 1, ACM_FORMATSUGGESTF_WFORMATTAG),
                     MMSYSERR_INVALPARAM);
    dst->wFormatTag = WAVE_FORMAT_IMA_ADPCM;
    assert_int_equal(acmFormatSuggest(NULL, &src, dst, sizeof(IMAADPCMWAVEFORMAT), ACM_FORMATSUGGESTF_WFORMATTAG),
                     MMSYSERR_NODRIVER);
    free(buffer);
}

/* ---- §5 test_convert, through acmStreamOpen(NULL) -------------------------------------- */

/* Windows' converter output (recorded by Wine's conformance tests on Windows). */
static const ts_native_row native_rows[] = {
#include "vectors/pcm/pcm_converter_native.inc"
};

/* The conformance test opens each conversion with had = NULL, converts bytes 0..63 in one
 * BLOCKALIGN call and compares every output byte and cbDstLengthUsed. */
static void convert_table_through_acm(void **state)
{
    (void)state;
    BYTE input[64];
    for (int i = 0; i < 64; i++)
        input[i] = (BYTE)i;
    for (size_t r = 0; r < sizeof native_rows / sizeof native_rows[0]; r++) {
        const ts_native_row *row = &native_rows[r];
        WAVEFORMATEX src, dst;
        ts_native_pcm(&src, &row->src);
        ts_native_pcm(&dst, &row->dst);
        HACMSTREAM has = NULL;
        assert_int_equal(acmStreamOpen(&has, NULL, &src, &dst, NULL, 0, 0, 0), MMSYSERR_NOERROR);
        BYTE output[256 + 16];
        memset(output, 0xCC, sizeof output);
        ACMSTREAMHEADER header;
        header_init(&header, input, sizeof input, output, 256);
        assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
        assert_int_equal(acmStreamConvert(has, &header, ACM_STREAMCONVERTF_BLOCKALIGN), MMSYSERR_NOERROR);
        if (header.cbSrcLengthUsed != sizeof input || header.cbDstLengthUsed != row->dst_used ||
            memcmp(output, row->out, row->dst_used) != 0)
            fail_msg("row %zu (%lu Hz %u ch %u bit -> %lu Hz %u ch %u bit): used %lu/%lu", r,
                     (unsigned long)row->src.rate, row->src.channels, row->src.bits, (unsigned long)row->dst.rate,
                     row->dst.channels, row->dst.bits, (unsigned long)header.cbSrcLengthUsed,
                     (unsigned long)header.cbDstLengthUsed);
        assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
        assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    }
}

/* ---- §5 test_mp3, with the conformance test's own format --------------------------------- */

static void mp3_native_format(void **state)
{
    (void)state;
    MPEGLAYER3WAVEFORMAT src;
    memset(&src, 0, sizeof src);
    src.wfx.wFormatTag = WAVE_FORMAT_MPEGLAYER3;
    src.wfx.nSamplesPerSec = 11025;
    src.wfx.nChannels = 1;
    src.wfx.nBlockAlign = 576;
    src.wfx.nAvgBytesPerSec = 2000;
    src.wID = MPEGLAYER3_ID_MPEG;
    src.nBlockSize = 576;
    src.nFramesPerBlock = 1;
    WAVEFORMATEX dst;
    ts_pcm_format(&dst, 1, 11025, 16);
    HACMSTREAM has = NULL;
    src.wfx.cbSize = 0;
    assert_int_equal(acmStreamOpen(&has, NULL, &src.wfx, &dst, NULL, 0, 0, 0), ACMERR_NOTPOSSIBLE);
    src.wfx.cbSize = MPEGLAYER3_WFX_EXTRA_BYTES;
    src.wID = 0;
    assert_int_equal(acmStreamOpen(&has, NULL, &src.wfx, &dst, NULL, 0, 0, 0), ACMERR_NOTPOSSIBLE);
    src.wID = MPEGLAYER3_ID_MPEG;
    src.nBlockSize = 0;
    assert_int_equal(acmStreamOpen(&has, NULL, &src.wfx, &dst, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    src.nBlockSize = 576;
    src.wfx.nAvgBytesPerSec = 0;
    assert_int_equal(acmStreamOpen(&has, NULL, &src.wfx, &dst, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    DWORD output = 0;
    /* XP/Vista divide by zero here; later Windows answer NOTPOSSIBLE. */
    assert_int_equal(acmStreamSize(has, 4000, &output, ACM_STREAMSIZEF_SOURCE), ACMERR_NOTPOSSIBLE);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    src.wfx.nAvgBytesPerSec = 2000;
    assert_int_equal(acmStreamOpen(&has, NULL, &src.wfx, &dst, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamSize(has, 4000, &output, ACM_STREAMSIZEF_SOURCE), MMSYSERR_NOERROR);
    assert_true(output > 0);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
}

/* ---- §5 stream header rules: the conformance test's all-zero MS-ADPCM block -------------- */

static void open_native_msadpcm(HACMSTREAM *has)
{
    static const short coefficients[7][2] = {{256, 0}, {512, -256}, {0, 0}, {192, 64}, {240, 0}, {460, -208},
                                             {392, -232}};
    BYTE format_bytes[sizeof(WAVEFORMATEX) + 32];
    memset(format_bytes, 0, sizeof format_bytes);
    ADPCMWAVEFORMAT *adpcm = (ADPCMWAVEFORMAT *)format_bytes;
    adpcm->wfx.wFormatTag = WAVE_FORMAT_ADPCM;
    adpcm->wfx.nChannels = 1;
    adpcm->wfx.nSamplesPerSec = 22050;
    adpcm->wfx.nBlockAlign = 512;
    adpcm->wfx.nAvgBytesPerSec = 11025; /* as the conformance test has it (not 22050 * 512 / 1012) */
    adpcm->wfx.wBitsPerSample = 4;
    adpcm->wfx.cbSize = 32;
    adpcm->wSamplesPerBlock = 0x3F4;
    adpcm->wNumCoef = 7;
    memcpy(format_bytes + 22, coefficients, sizeof coefficients);
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 1, 22050, 8);
    assert_int_equal(acmStreamOpen(has, NULL, &adpcm->wfx, &pcm, NULL, 0, 0, 0), MMSYSERR_NOERROR);
}

static void msadpcm_all_zero_block(void **state)
{
    (void)state;
    HACMSTREAM has = NULL;
    open_native_msadpcm(&has);
    static BYTE input[512], pcm[2048];
    memset(input, 0, sizeof input);
    ACMSTREAMHEADER header;
    header_init(&header, input, sizeof input, pcm, sizeof pcm);
    header.fdwStatus = ACMSTREAMHEADER_STATUSF_DONE;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(header.fdwStatus, ACMSTREAMHEADER_STATUSF_PREPARED | ACMSTREAMHEADER_STATUSF_DONE);
    header.cbSrcLengthUsed = header.cbDstLengthUsed = 12345;
    header.fdwStatus &= ~ACMSTREAMHEADER_STATUSF_DONE;
    assert_int_equal(acmStreamConvert(has, &header, ACM_STREAMCONVERTF_BLOCKALIGN), MMSYSERR_NOERROR);
    assert_true(header.fdwStatus & ACMSTREAMHEADER_STATUSF_DONE);
    assert_int_equal(header.cbSrcLengthUsed, header.cbSrcLength);
    /* Windows reports 1010 here; portacm (like ffmpeg and sox) decodes the block's
     * wSamplesPerBlock = 1012 samples, one byte each. Difference D3 in docs/compatibility.md. */
    assert_int_equal(header.cbDstLengthUsed, 0x3F4);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(header.fdwStatus, ACMSTREAMHEADER_STATUSF_DONE);

    /* Less room than one block decodes to. */
    header_init(&header, input, sizeof input, pcm, 32);
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    header.cbSrcLengthUsed = header.cbDstLengthUsed = 12345;
    assert_int_equal(acmStreamConvert(has, &header, ACM_STREAMCONVERTF_BLOCKALIGN), MMSYSERR_NOERROR);
    assert_true(header.fdwStatus & ACMSTREAMHEADER_STATUSF_DONE);
    /* Native: the whole block is consumed and the destination filled. */
    assert_int_equal(header.cbSrcLengthUsed, 512);
    assert_int_equal(header.cbDstLengthUsed, 32);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
}

/* ---- §2.6: callbacks only for ASYNC streams --------------------------------------------- */

static int stray_callbacks;

static void CALLBACK count_callback(HACMSTREAM has, UINT message, DWORD_PTR instance, LPARAM param1, LPARAM param2)
{
    (void)has;
    (void)message;
    (void)instance;
    (void)param1;
    (void)param2;
    stray_callbacks++;
}

/* "A callback function will be called only if the conversion stream is opened with the
 * ACM_STREAMOPENF_ASYNC flag" (acmStreamOpen documentation). */
static void sync_stream_never_calls_back(void **state)
{
    (void)state;
    WAVEFORMATEX src, dst;
    ts_pcm_format(&src, 2, 22050, 16);
    ts_pcm_format(&dst, 1, 22050, 8);
    HACMSTREAM has = NULL;
    stray_callbacks = 0;
    assert_int_equal(acmStreamOpen(&has, NULL, &src, &dst, NULL, (DWORD_PTR)count_callback, 7, CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    static BYTE input[4096], output[1024];
    ACMSTREAMHEADER header;
    header_init(&header, input, sizeof input, output, sizeof output);
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamConvert(has, &header, 0), MMSYSERR_NOERROR);
    /* Synchronous: done when the call returns. */
    assert_true(header.fdwStatus & ACMSTREAMHEADER_STATUSF_DONE);
    assert_int_equal(header.cbDstLengthUsed, sizeof output);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    assert_int_equal(stray_callbacks, 0);
}

/* ---- §2.4: ACM_FORMATENUMF_CONVERT on the built-in drivers -------------------------------- */

typedef struct convert_record {
    const WAVEFORMATEX *source;
    size_t count, pcm16;
} convert_record;

static BOOL CALLBACK check_convertible(HACMDRIVERID hadid, LPACMFORMATDETAILSA details, DWORD_PTR instance,
                                       DWORD support)
{
    convert_record *record = (convert_record *)instance;
    record->count++;
    /* Every listed destination is one a stream can be opened to from the source. */
    MMRESULT result = acmStreamOpen(NULL, NULL, (WAVEFORMATEX *)record->source, details->pwfx, NULL, 0, 0,
                                    ACM_STREAMOPENF_QUERY);
    if (result != MMSYSERR_NOERROR)
        fail_msg("CONVERT listed \"%s\" (tag 0x%x) from %s, but the stream query gives %u", details->szFormat,
                 details->pwfx->wFormatTag, driver_name(hadid), result);
    record->pcm16 += details->pwfx->wFormatTag == WAVE_FORMAT_PCM && details->pwfx->wBitsPerSample == 16 &&
                     details->pwfx->nSamplesPerSec == record->source->nSamplesPerSec &&
                     details->pwfx->nChannels == record->source->nChannels;
    return TRUE;
}

/* "CONVERT lists the destination formats the source can be converted to" (§2.4, the Windows
 * semantics Wine lacks): IMA ADPCM 8 kHz mono decodes to PCM 16-bit 8 kHz mono. */
static void enum_convert_lists_openable_destinations(void **state)
{
    (void)state;
    IMAADPCMWAVEFORMAT ima;
    memset(&ima, 0, sizeof ima);
    ima.wfx.wFormatTag = WAVE_FORMAT_IMA_ADPCM;
    ima.wfx.nChannels = 1;
    ima.wfx.nSamplesPerSec = 8000;
    ima.wfx.nBlockAlign = 256;
    ima.wfx.wBitsPerSample = 4;
    ima.wfx.cbSize = 2;
    ima.wSamplesPerBlock = 505;
    ima.wfx.nAvgBytesPerSec = 8000 * 256 / 505;
    DWORD largest = 0;
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FORMAT, &largest), MMSYSERR_NOERROR);
    BYTE *buffer = calloc(1, largest);
    assert_non_null(buffer);
    memcpy(buffer, &ima, sizeof ima);
    ACMFORMATDETAILSA details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.pwfx = (WAVEFORMATEX *)buffer;
    details.cbwfx = largest;
    convert_record record = {&ima.wfx, 0, 0};
    assert_int_equal(acmFormatEnumA(NULL, &details, check_convertible, (DWORD_PTR)&record, ACM_FORMATENUMF_CONVERT),
                     MMSYSERR_NOERROR);
    assert_true(record.count >= 1);
    assert_true(record.pcm16 >= 1);
    free(buffer);
}

/* ---- §3: the DRV_ENABLE result is ignored ---------------------------------------------- */

/* Driver details with a manufacturer; ACM messages it does not know are not supported. */
static LRESULT enable_refuser_hook(ts_driver *driver, DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM l1, LPARAM l2)
{
    (void)driver;
    (void)id;
    (void)hdrvr;
    (void)l2;
    if (msg == ACMDM_DRIVER_DETAILS) {
        ACMDRIVERDETAILSW *details = (ACMDRIVERDETAILSW *)l1;
        DWORD size = details->cbStruct;
        memset(details, 0, size);
        details->cbStruct = size;
        details->fccType = ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC;
        details->wMid = MM_UNMAPPED;
        details->wPid = 1;
        details->fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC;
        return MMSYSERR_NOERROR;
    }
    return msg >= ACMDM_RESERVED_LOW ? MMSYSERR_NOTSUPPORTED : TS_DRIVER_STANDARD;
}

/* A driver that answers DRV_ENABLE with 0 (and is otherwise well behaved). */
static ts_driver enable_refuser = {.load_result = 1, .enable_result = 0, .open_result = 0x51, .close_result = 1,
                                   .hook = enable_refuser_hook};

/* winmm sends DRV_LOAD (which must return 1), then DRV_ENABLE, whose result it ignores, then
 * DRV_OPEN; msacm32 follows the same rules for a driver added with ACM_DRIVERADDF_FUNCTION. */
static void enable_result_is_ignored(void **state)
{
    (void)state;
    assert_int_equal(portacm_driver_register("compat.enable", ts_driver_proc(&enable_refuser)), MMSYSERR_NOERROR);
    ts_driver_clear(&enable_refuser);
    HDRVR h = OpenDriverA("compat.enable", NULL, 0);
    assert_non_null(h);
    assert_int_equal(enable_refuser.count, 3);
    assert_int_equal(enable_refuser.records[0].msg, DRV_LOAD);
    assert_int_equal(enable_refuser.records[1].msg, DRV_ENABLE);
    assert_int_equal(enable_refuser.records[2].msg, DRV_OPEN);
    assert_true(CloseDriver(h, 0, 0));

    ts_driver_clear(&enable_refuser);
    HACMDRIVERID id = NULL;
    assert_int_equal(acmDriverAddA(&id, NULL, (LPARAM)ts_driver_proc(&enable_refuser), 0, ACM_DRIVERADDF_FUNCTION),
                     MMSYSERR_NOERROR);
    assert_true(enable_refuser.count >= 4);
    assert_int_equal(enable_refuser.records[1].msg, DRV_ENABLE);
    assert_int_equal(enable_refuser.records[2].msg, DRV_OPEN);
    assert_int_equal(acmDriverRemove(id, 0), MMSYSERR_NOERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_tag_of_every_driver),
        cmocka_unit_test(every_enumerated_format),
        cmocka_unit_test(suggest_native_cases),
        cmocka_unit_test(convert_table_through_acm),
        cmocka_unit_test(mp3_native_format),
        cmocka_unit_test(msadpcm_all_zero_block),
        cmocka_unit_test(sync_stream_never_calls_back),
        cmocka_unit_test(enum_convert_lists_openable_destinations),
        cmocka_unit_test(enable_result_is_ignored),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
