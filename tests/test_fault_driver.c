/*
 * test_fault_driver.c - hostile and broken ACM drivers (added with
 * acmDriverAdd(ACM_DRIVERADDF_FUNCTION)) must not make the ACM read or write out of bounds,
 * leak, or hang a caller that did not ask to wait. The driver converts a private tag to PCM
 * (byte copy) and, per test, answers with nonsense: Used lengths past the buffers and
 * scribbled headers, error codes outside every range, sizes larger than any buffer, absurd
 * tag counts and format sizes, formats whose cbSize claims 64 KB, a failing DRV_LOAD or
 * DRV_OPEN, a slow conversion. Buffers handed to the ACM are exactly sized (AddressSanitizer
 * sees a one-byte overrun in the ASan build) and guarded by canaries (seen in every build).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "windows.h"
#include "mmsystem.h"
#include "mmddk.h"
#include "mmreg.h"
#include "msacm.h"
#include "msacmdrv.h"
#include "ts_driver.h"
#include "ts_formats.h"

#define HOSTILE_TAG 0x7F02
#define BAD_RESULT ((LRESULT)0xDEADBEEF)

typedef struct hostile_config {
    bool load_fails, open_fails;
    bool scribble;          /* CONVERT: Used past the end, pointers/lengths/status overwritten */
    bool bad_results;       /* STREAM_* and FORMAT_* answer BAD_RESULT */
    bool huge_size;         /* STREAM_SIZE answers 0xFFFFFFF0 */
    bool huge_tag_count;    /* DRIVER_DETAILS: 0x7FFFFFFF format tags */
    bool huge_format_size;  /* FORMATTAG_DETAILS: cbFormatSize 0xFFFFFFF0 */
    bool lying_cbsize;      /* FORMAT_DETAILS / FORMAT_SUGGEST: cbSize 0xFFFF in the format */
    unsigned convert_delay_ms;
    atomic_uint converts_entered; /* CONVERT messages received (the slow-driver tests wait on it) */
} hostile_config;

static hostile_config config;

static void sleep_ms(unsigned ms)
{
    struct timespec t = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

static LRESULT format_tag(ACMFORMATTAGDETAILSW *tag, DWORD flags)
{
    DWORD index;
    switch (flags & ACM_FORMATTAGDETAILSF_QUERYMASK) {
    case ACM_FORMATTAGDETAILSF_INDEX:
        index = tag->dwFormatTagIndex;
        break;
    case ACM_FORMATTAGDETAILSF_FORMATTAG:
        index = tag->dwFormatTag == WAVE_FORMAT_PCM ? 0 : tag->dwFormatTag == HOSTILE_TAG ? 1 : 99;
        break;
    default:
        index = 1;
        break;
    }
    if (index > 1 && !config.huge_tag_count)
        return ACMERR_NOTPOSSIBLE;
    tag->dwFormatTagIndex = index;
    tag->dwFormatTag = index == 0 ? WAVE_FORMAT_PCM : HOSTILE_TAG;
    tag->cbFormatSize = config.huge_format_size ? 0xFFFFFFF0u : sizeof(WAVEFORMATEX);
    tag->fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC;
    tag->cStandardFormats = 1;
    tag->szFormatTag[0] = 0;
    return MMSYSERR_NOERROR;
}

static LRESULT format_details(ACMFORMATDETAILSW *details, DWORD flags)
{
    if (config.bad_results)
        return BAD_RESULT;
    if (details->cbwfx < sizeof(WAVEFORMATEX))
        return MMSYSERR_INVALPARAM;
    if ((flags & ACM_FORMATDETAILSF_QUERYMASK) == ACM_FORMATDETAILSF_INDEX) {
        if (details->dwFormatIndex != 0)
            return ACMERR_NOTPOSSIBLE;
        if (details->dwFormatTag == HOSTILE_TAG)
            ts_linear_format(details->pwfx, HOSTILE_TAG, 1, 8000, 16);
        else
            ts_pcm_format(details->pwfx, 1, 8000, 16);
    }
    if (config.lying_cbsize)
        details->pwfx->cbSize = 0xFFFF; /* claims 64 KB after the 18 bytes it was given room for */
    details->fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC;
    details->szFormat[0] = 0;
    return MMSYSERR_NOERROR;
}

static LRESULT format_suggest(ACMDRVFORMATSUGGEST *suggest)
{
    if (config.bad_results)
        return BAD_RESULT;
    if (suggest->pwfxSrc->wFormatTag != HOSTILE_TAG || suggest->cbwfxDst < sizeof(WAVEFORMATEX))
        return ACMERR_NOTPOSSIBLE;
    ts_pcm_format(suggest->pwfxDst, 1, 8000, 16);
    if (config.lying_cbsize)
        suggest->pwfxDst->cbSize = 0xFFFF;
    return MMSYSERR_NOERROR;
}

static LRESULT stream_open(ACMDRVSTREAMINSTANCE *si)
{
    if (config.bad_results)
        return BAD_RESULT;
    bool ok = (si->pwfxSrc->wFormatTag == HOSTILE_TAG && si->pwfxDst->wFormatTag == WAVE_FORMAT_PCM) ||
              (si->pwfxSrc->wFormatTag == WAVE_FORMAT_PCM && si->pwfxDst->wFormatTag == HOSTILE_TAG);
    return ok ? MMSYSERR_NOERROR : ACMERR_NOTPOSSIBLE;
}

static LRESULT stream_convert(ACMDRVSTREAMHEADER *header)
{
    atomic_fetch_add(&config.converts_entered, 1);
    if (config.convert_delay_ms)
        sleep_ms(config.convert_delay_ms);
    if (config.bad_results) {
        header->cbSrcLengthUsed = 0xFFFFFFFFu;
        header->cbDstLengthUsed = 0xFFFFFFFFu;
        return BAD_RESULT;
    }
    DWORD n = header->cbSrcLength < header->cbDstLength ? header->cbSrcLength : header->cbDstLength;
    memcpy(header->pbDst, header->pbSrc, n);
    header->cbSrcLengthUsed = n;
    header->cbDstLengthUsed = n;
    if (config.scribble) {
        header->cbSrcLengthUsed = 0xFFFFFFF0u;
        header->cbDstLengthUsed = header->cbDstLength + 4096;
        header->pbSrc = NULL;
        header->pbDst = (LPBYTE)(uintptr_t)0x10;
        header->cbSrcLength = 0x7FFFFFFF;
        header->cbDstLength = 0x7FFFFFFF;
        header->fdwStatus = 0xFFFFFFFFu;
        header->dwSrcUser = 0x5C5C;
    }
    return MMSYSERR_NOERROR;
}

static LRESULT CALLBACK hostile_proc(DWORD_PTR id, HACMDRIVERID hadid, UINT msg, LPARAM lParam1, LPARAM lParam2)
{
    (void)hadid;
    switch (msg) {
    case DRV_LOAD:
        return config.load_fails ? 0 : 1;
    case DRV_FREE:
    case DRV_ENABLE:
    case DRV_DISABLE:
    case DRV_CLOSE:
        return 1;
    case DRV_OPEN:
        return config.open_fails ? 0 : 0x4242;
    case ACMDM_DRIVER_DETAILS:
        return ts_answer_driver_details((ACMDRIVERDETAILSW *)lParam1, config.huge_tag_count ? 0x7FFFFFFF : 2);
    case ACMDM_FORMATTAG_DETAILS:
        return format_tag((ACMFORMATTAGDETAILSW *)lParam1, (DWORD)lParam2);
    case ACMDM_FORMAT_DETAILS:
        return format_details((ACMFORMATDETAILSW *)lParam1, (DWORD)lParam2);
    case ACMDM_FORMAT_SUGGEST:
        return format_suggest((ACMDRVFORMATSUGGEST *)lParam1);
    case ACMDM_STREAM_OPEN:
        return stream_open((ACMDRVSTREAMINSTANCE *)lParam1);
    case ACMDM_STREAM_CLOSE:
        return MMSYSERR_NOERROR;
    case ACMDM_STREAM_SIZE: {
        if (config.bad_results)
            return BAD_RESULT;
        ACMDRVSTREAMSIZE *size = (ACMDRVSTREAMSIZE *)lParam2;
        if (config.huge_size) {
            size->cbDstLength = 0xFFFFFFF0u;
            size->cbSrcLength = 0xFFFFFFF0u;
        } else if ((size->fdwSize & ACM_STREAMSIZEF_QUERYMASK) == ACM_STREAMSIZEF_SOURCE) {
            size->cbDstLength = size->cbSrcLength;
        } else {
            size->cbSrcLength = size->cbDstLength;
        }
        return MMSYSERR_NOERROR;
    }
    case ACMDM_STREAM_PREPARE:
    case ACMDM_STREAM_UNPREPARE:
        return config.bad_results ? BAD_RESULT : MMSYSERR_NOTSUPPORTED;
    case ACMDM_STREAM_CONVERT:
        return stream_convert((ACMDRVSTREAMHEADER *)lParam2);
    default:
        return id == 0 ? 0 : MMSYSERR_NOTSUPPORTED;
    }
}

static HACMDRIVERID hostile_add(void)
{
    HACMDRIVERID hadid = NULL;
    MMRESULT mr = acmDriverAddA(&hadid, (HINSTANCE)(uintptr_t)0x7700, (LPARAM)hostile_proc, 0,
                                ACM_DRIVERADDF_FUNCTION | ACM_DRIVERADDF_LOCAL);
    assert_int_equal(mr, MMSYSERR_NOERROR);
    return hadid;
}

static int reset_config(void **state)
{
    (void)state;
    memset(&config, 0, sizeof config);
    return 0;
}

/* A buffer of exactly `length` bytes inside canaries. */
typedef struct guarded {
    BYTE *block;
    BYTE *data;
    size_t length;
} guarded;

#define CANARY 64
static guarded guarded_make(size_t length, BYTE fill)
{
    guarded g;
    g.length = length;
    g.block = malloc(length + 2 * CANARY);
    assert_non_null(g.block);
    memset(g.block, 0xA5, CANARY);
    memset(g.block + CANARY + length, 0xA5, CANARY);
    g.data = g.block + CANARY;
    memset(g.data, fill, length);
    return g;
}

static void guarded_check_free(guarded *g)
{
    for (size_t i = 0; i < CANARY; i++) {
        assert_int_equal(g->block[i], 0xA5);
        assert_int_equal(g->block[CANARY + g->length + i], 0xA5);
    }
    free(g->block);
}

/* ---- tests ------------------------------------------------------------------------------ */

static void used_lengths_clamped_and_header_restored(void **state)
{
    (void)state;
    config.scribble = true;
    HACMDRIVERID hadid = hostile_add();
    WAVEFORMATEX src, dst;
    ts_linear_format(&src, HOSTILE_TAG, 1, 8000, 16);
    ts_pcm_format(&dst, 1, 8000, 16);
    HACMSTREAM has = NULL;
    assert_int_equal(acmStreamOpen(&has, NULL, &src, &dst, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    guarded in = guarded_make(1000, 0x11), out = guarded_make(600, 0);
    ACMSTREAMHEADER header;
    memset(&header, 0, sizeof header);
    header.cbStruct = sizeof header;
    header.pbSrc = in.data;
    header.cbSrcLength = 1000;
    header.pbDst = out.data;
    header.cbDstLength = 600;
    header.dwSrcUser = 7;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamConvert(has, &header, 0), MMSYSERR_NOERROR);
    /* The caller's view: its own buffers and lengths, Used within them, sane status. */
    assert_ptr_equal(header.pbSrc, in.data);
    assert_ptr_equal(header.pbDst, out.data);
    assert_int_equal(header.cbSrcLength, 1000);
    assert_int_equal(header.cbDstLength, 600);
    assert_true(header.cbSrcLengthUsed <= 1000);
    assert_true(header.cbDstLengthUsed <= 600);
    assert_int_equal(header.fdwStatus, ACMSTREAMHEADER_STATUSF_PREPARED | ACMSTREAMHEADER_STATUSF_DONE);
    /* The bytes it did convert are right. */
    for (size_t i = 0; i < 600; i++)
        assert_int_equal(out.data[i], 0x11);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    guarded_check_free(&in);
    guarded_check_free(&out);
    assert_int_equal(acmDriverRemove(hadid, 0), MMSYSERR_NOERROR);
}

static void out_of_range_results(void **state)
{
    (void)state;
    HACMDRIVERID hadid = hostile_add();
    HACMDRIVER had = NULL;
    assert_int_equal(acmDriverOpen(&had, hadid, 0), MMSYSERR_NOERROR);
    WAVEFORMATEX src, dst;
    ts_linear_format(&src, HOSTILE_TAG, 1, 8000, 16);
    ts_pcm_format(&dst, 1, 8000, 16);
    /* A stream opened while the driver behaves, used while it does not. */
    HACMSTREAM has = NULL;
    assert_int_equal(acmStreamOpen(&has, had, &src, &dst, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    config.bad_results = true;

    HACMSTREAM other = (HACMSTREAM)(uintptr_t)0x1234;
    MMRESULT mr = acmStreamOpen(&other, had, &src, &dst, NULL, 0, 0, 0);
    assert_int_not_equal(mr, MMSYSERR_NOERROR);
    assert_null(other);
    mr = acmStreamOpen(&other, NULL, &src, &dst, NULL, 0, 0, 0);
    assert_int_not_equal(mr, MMSYSERR_NOERROR);
    assert_null(other);

    DWORD out_size = 0x77;
    assert_int_not_equal(acmStreamSize(has, 100, &out_size, ACM_STREAMSIZEF_SOURCE), MMSYSERR_NOERROR);

    guarded in = guarded_make(100, 1), out = guarded_make(100, 0);
    ACMSTREAMHEADER header;
    memset(&header, 0, sizeof header);
    header.cbStruct = sizeof header;
    header.pbSrc = in.data;
    header.cbSrcLength = 100;
    header.pbDst = out.data;
    header.cbDstLength = 100;
    mr = acmStreamPrepareHeader(has, &header, 0);
    if (mr == MMSYSERR_NOERROR) {
        mr = acmStreamConvert(has, &header, 0);
        assert_int_not_equal(mr, MMSYSERR_NOERROR);
        assert_true(header.cbSrcLengthUsed <= 100);
        assert_true(header.cbDstLengthUsed <= 100);
        acmStreamUnprepareHeader(has, &header, 0);
    }
    /* Suggest and details pass the failure on (any non-zero result is fine). */
    BYTE suggestion[sizeof(WAVEFORMATEX)];
    /* (acmFormatSuggest reads the destination's wFormatTag even without
     * ACM_FORMATSUGGESTF_WFORMATTAG; harmless, but valgrind reports it for an unset buffer.) */
    memset(suggestion, 0, sizeof suggestion);
    assert_int_not_equal(acmFormatSuggest(had, &src, (WAVEFORMATEX *)suggestion, sizeof suggestion, 0),
                         MMSYSERR_NOERROR);
    ACMFORMATDETAILSA fd;
    memset(&fd, 0, sizeof fd);
    fd.cbStruct = sizeof fd;
    fd.dwFormatTag = HOSTILE_TAG;
    fd.pwfx = (WAVEFORMATEX *)suggestion;
    fd.cbwfx = sizeof suggestion;
    memcpy(suggestion, &src, sizeof src);
    assert_int_not_equal(acmFormatDetailsA(had, &fd, ACM_FORMATDETAILSF_FORMAT), MMSYSERR_NOERROR);

    config.bad_results = false;
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverClose(had, 0), MMSYSERR_NOERROR);
    guarded_check_free(&in);
    guarded_check_free(&out);
    assert_int_equal(acmDriverRemove(hadid, 0), MMSYSERR_NOERROR);
}

static void huge_stream_size_is_only_reported(void **state)
{
    (void)state;
    config.huge_size = true;
    HACMDRIVERID hadid = hostile_add();
    WAVEFORMATEX src, dst;
    ts_linear_format(&src, HOSTILE_TAG, 1, 8000, 16);
    ts_pcm_format(&dst, 1, 8000, 16);
    HACMSTREAM has = NULL;
    assert_int_equal(acmStreamOpen(&has, NULL, &src, &dst, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    DWORD size = 0;
    MMRESULT mr = acmStreamSize(has, 100, &size, ACM_STREAMSIZEF_SOURCE);
    /* The ACM passes the driver's answer on (an application allocates it, or fails to); it
     * never uses it itself. */
    assert_true(mr == MMSYSERR_NOERROR || mr == ACMERR_NOTPOSSIBLE);
    /* A conversion into a normal buffer still stays inside it. */
    guarded in = guarded_make(64, 3), out = guarded_make(32, 0);
    ACMSTREAMHEADER header;
    memset(&header, 0, sizeof header);
    header.cbStruct = sizeof header;
    header.pbSrc = in.data;
    header.cbSrcLength = 64;
    header.pbDst = out.data;
    header.cbDstLength = 32;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamConvert(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(header.cbDstLengthUsed, 32);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    guarded_check_free(&in);
    guarded_check_free(&out);
    assert_int_equal(acmDriverRemove(hadid, 0), MMSYSERR_NOERROR);
}

static BOOL CALLBACK count_driver(HACMDRIVERID hadid, DWORD_PTR instance, DWORD support)
{
    (void)hadid;
    (void)support;
    (*(unsigned *)instance)++;
    return TRUE;
}

static void absurd_tag_count_is_refused(void **state)
{
    (void)state;
    unsigned before = 0, after = 0;
    acmDriverEnum(count_driver, (DWORD_PTR)&before, ACM_DRIVERENUMF_DISABLED);
    config.huge_tag_count = true;
    HACMDRIVERID hadid = NULL;
    double start = now_ms();
    MMRESULT mr = acmDriverAddA(&hadid, (HINSTANCE)(uintptr_t)0x7700, (LPARAM)hostile_proc, 0,
                                ACM_DRIVERADDF_FUNCTION | ACM_DRIVERADDF_LOCAL);
    /* 2 billion tags are neither allocated nor asked for one by one. */
    assert_true(now_ms() - start < 2000.0);
    acmDriverEnum(count_driver, (DWORD_PTR)&after, ACM_DRIVERENUMF_DISABLED);
    if (mr == MMSYSERR_NOERROR) {
        ACMDRIVERDETAILSA d;
        memset(&d, 0, sizeof d);
        d.cbStruct = sizeof d;
        acmDriverDetailsA(hadid, &d, 0);
        assert_int_equal(acmDriverRemove(hadid, 0), MMSYSERR_NOERROR);
    } else {
        assert_null(hadid);
        assert_int_equal(after, before);
    }
}

/* Regression: the format-size claims of a driver decide how large every caller's buffers
 * must be (ACM_METRIC_MAX_SIZE_FORMAT, acmFormatSuggest/acmFormatEnum with had = NULL). A
 * driver claiming 0xFFFFFFF0 bytes made the metric 4294967280 and every such call fail with
 * INVALPARAM for all applications. No format exceeds 18 + 65535 bytes (cbSize is a WORD);
 * a driver that claims more is now refused like one reporting absurd tag counts. */
static void regress_huge_format_size_claim(void **state)
{
    (void)state;
    DWORD before = 0;
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FORMAT, &before), MMSYSERR_NOERROR);
    config.huge_format_size = true;
    HACMDRIVERID hadid = NULL;
    MMRESULT added = acmDriverAddA(&hadid, (HINSTANCE)(uintptr_t)0x7700, (LPARAM)hostile_proc, 0,
                                   ACM_DRIVERADDF_FUNCTION | ACM_DRIVERADDF_LOCAL);
    DWORD largest = 0;
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FORMAT, &largest), MMSYSERR_NOERROR);
    print_message("acmDriverAdd: %u; ACM_METRIC_MAX_SIZE_FORMAT %lu (before: %lu)\n", (unsigned)added,
                  (unsigned long)largest, (unsigned long)before);
    assert_int_equal(largest, before);
    /* Suggestions without a tag and enumerations with a normal buffer keep working. */
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 1, 8000, 16);
    BYTE any[256];
    memset(any, 0, sizeof any);
    assert_int_equal(acmFormatSuggest(NULL, &pcm, (WAVEFORMATEX *)any, before, 0), MMSYSERR_NOERROR);
    if (added == MMSYSERR_NOERROR)
        assert_int_equal(acmDriverRemove(hadid, 0), MMSYSERR_NOERROR);
    else
        assert_null(hadid);
}

typedef struct seen {
    unsigned formats;
} seen;

static BOOL CALLBACK visit_format(HACMDRIVERID hadid, LPACMFORMATDETAILSA d, DWORD_PTR instance, DWORD support)
{
    (void)hadid;
    (void)support;
    (void)d;
    ((seen *)instance)->formats++;
    return TRUE;
}

static void lying_cbsize_is_not_followed(void **state)
{
    (void)state;
    config.lying_cbsize = true;
    HACMDRIVERID hadid = hostile_add();
    HACMDRIVER had = NULL;
    assert_int_equal(acmDriverOpen(&had, hadid, 0), MMSYSERR_NOERROR);
    /* Enumeration with every flag that makes the ACM look at the formats it got back. */
    static const DWORD flag_sets[] = {0, ACM_FORMATENUMF_WFORMATTAG, ACM_FORMATENUMF_CONVERT, ACM_FORMATENUMF_SUGGEST,
                                      ACM_FORMATENUMF_NCHANNELS | ACM_FORMATENUMF_NSAMPLESPERSEC};
    for (size_t i = 0; i < sizeof flag_sets / sizeof flag_sets[0]; i++) {
        /* Exactly as large as the driver's largest format (18 bytes) asks for. */
        WAVEFORMATEX *buffer = malloc(sizeof(WAVEFORMATEX));
        assert_non_null(buffer);
        ts_linear_format(buffer, HOSTILE_TAG, 1, 8000, 16);
        ACMFORMATDETAILSA fd;
        memset(&fd, 0, sizeof fd);
        fd.cbStruct = sizeof fd;
        fd.dwFormatTag = HOSTILE_TAG;
        fd.pwfx = buffer;
        fd.cbwfx = sizeof(WAVEFORMATEX);
        seen s = {0};
        MMRESULT mr = acmFormatEnumA(had, &fd, visit_format, (DWORD_PTR)&s, flag_sets[i]);
        print_message("enum flags 0x%lx: %u, %u formats\n", (unsigned long)flag_sets[i], (unsigned)mr, s.formats);
        free(buffer);
    }
    /* Suggest: the driver writes cbSize 0xFFFF into an 18-byte destination. */
    WAVEFORMATEX src;
    ts_linear_format(&src, HOSTILE_TAG, 1, 8000, 16);
    WAVEFORMATEX *dst = malloc(sizeof(WAVEFORMATEX));
    assert_non_null(dst);
    memset(dst, 0, sizeof *dst);
    acmFormatSuggest(had, &src, dst, sizeof *dst, 0);
    /* ... and the application opens a stream with it, as many do: the ACM then reads what the
     * format claims (18 + 65535 bytes), which is the application's promise to keep. Here the
     * application trims cbSize, as it must for a PCM format. */
    dst->cbSize = 0;
    HACMSTREAM has = NULL;
    assert_int_equal(acmStreamOpen(&has, had, &src, dst, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    free(dst);
    assert_int_equal(acmDriverClose(had, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverRemove(hadid, 0), MMSYSERR_NOERROR);
}

static void failing_load_and_open(void **state)
{
    (void)state;
    unsigned before = 0, after = 0;
    acmDriverEnum(count_driver, (DWORD_PTR)&before, ACM_DRIVERENUMF_DISABLED);
    config.load_fails = true;
    HACMDRIVERID hadid = NULL;
    MMRESULT mr = acmDriverAddA(&hadid, (HINSTANCE)(uintptr_t)0x7700, (LPARAM)hostile_proc, 0,
                                ACM_DRIVERADDF_FUNCTION | ACM_DRIVERADDF_LOCAL);
    if (mr == MMSYSERR_NOERROR) {
        HACMDRIVER had = NULL;
        assert_int_not_equal(acmDriverOpen(&had, hadid, 0), MMSYSERR_NOERROR);
        assert_int_equal(acmDriverRemove(hadid, 0), MMSYSERR_NOERROR);
    } else {
        assert_null(hadid);
    }
    config.load_fails = false;
    config.open_fails = true;
    hadid = NULL;
    mr = acmDriverAddA(&hadid, (HINSTANCE)(uintptr_t)0x7700, (LPARAM)hostile_proc, 0,
                       ACM_DRIVERADDF_FUNCTION | ACM_DRIVERADDF_LOCAL);
    if (mr == MMSYSERR_NOERROR) {
        HACMDRIVER had = NULL;
        assert_int_not_equal(acmDriverOpen(&had, hadid, 0), MMSYSERR_NOERROR);
        assert_null(had);
        assert_int_equal(acmDriverRemove(hadid, 0), MMSYSERR_NOERROR);
    }
    acmDriverEnum(count_driver, (DWORD_PTR)&after, ACM_DRIVERENUMF_DISABLED);
    assert_int_equal(after, before);
    /* The ACM still works for the other drivers. */
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 1, 8000, 16);
    BYTE mulaw[64] = {0};
    ((WAVEFORMATEX *)mulaw)->wFormatTag = WAVE_FORMAT_MULAW;
    assert_int_equal(acmFormatSuggest(NULL, &pcm, (WAVEFORMATEX *)mulaw, sizeof mulaw, ACM_FORMATSUGGESTF_WFORMATTAG),
                     MMSYSERR_NOERROR);
}

/* ---- a slow driver ----------------------------------------------------------------------- */

typedef struct slow_convert {
    HACMSTREAM has;
    ACMSTREAMHEADER *header;
    MMRESULT result;
} slow_convert;

static void *convert_thread(void *arg)
{
    slow_convert *s = arg;
    s->result = acmStreamConvert(s->has, s->header, 0);
    return NULL;
}

static void slow_driver_blocks_only_its_caller(void **state)
{
    (void)state;
    config.convert_delay_ms = 1500;
    HACMDRIVERID hadid = hostile_add();
    WAVEFORMATEX src, dst;
    ts_linear_format(&src, HOSTILE_TAG, 1, 8000, 16);
    ts_pcm_format(&dst, 1, 8000, 16);
    HACMSTREAM has = NULL;
    assert_int_equal(acmStreamOpen(&has, NULL, &src, &dst, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    static BYTE in[256], out[256];
    ACMSTREAMHEADER header;
    memset(&header, 0, sizeof header);
    header.cbStruct = sizeof header;
    header.pbSrc = in;
    header.cbSrcLength = sizeof in;
    header.pbDst = out;
    header.cbDstLength = sizeof out;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    slow_convert job = {has, &header, MMSYSERR_ERROR};
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, convert_thread, &job), 0);
    /* Wait until the conversion is inside the driver (a bounded wait, not a guess: on a
     * loaded machine the thread may take long to start). */
    for (int i = 0; i < 10000 && atomic_load(&config.converts_entered) == 0; i++)
        sleep_ms(1);
    assert_int_equal(atomic_load(&config.converts_entered), 1);

    /* Nothing else waits for it: the driver list, the driver's details and tags, another
     * stream on the same driver, other codecs. */
    double start = now_ms();
    unsigned count = 0;
    assert_int_equal(acmDriverEnum(count_driver, (DWORD_PTR)&count, 0), MMSYSERR_NOERROR);
    ACMDRIVERDETAILSA d;
    memset(&d, 0, sizeof d);
    d.cbStruct = sizeof d;
    assert_int_equal(acmDriverDetailsA(hadid, &d, 0), MMSYSERR_NOERROR);
    HACMSTREAM second = NULL;
    assert_int_equal(acmStreamOpen(&second, NULL, &src, &dst, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(second, 0), MMSYSERR_NOERROR);
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 1, 8000, 16);
    BYTE mulaw[64] = {0};
    ((WAVEFORMATEX *)mulaw)->wFormatTag = WAVE_FORMAT_MULAW;
    assert_int_equal(acmFormatSuggest(NULL, &pcm, (WAVEFORMATEX *)mulaw, sizeof mulaw, ACM_FORMATSUGGESTF_WFORMATTAG),
                     MMSYSERR_NOERROR);
    double elapsed = now_ms() - start;
    print_message("other calls during a 1.5 s conversion took %.1f ms\n", elapsed);
    assert_true(elapsed < 1000.0);
    /* Calls on the busy stream itself wait: a driver without SUPPORTF_ASYNC gets one message
     * at a time per stream (docs/acm_streams.md), so acmStreamSize queues behind the convert. */

    assert_int_equal(pthread_join(thread, NULL), 0);
    assert_int_equal(job.result, MMSYSERR_NOERROR);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverRemove(hadid, 0), MMSYSERR_NOERROR);
}

static void slow_driver_async_never_blocks_submit(void **state)
{
    (void)state;
    config.convert_delay_ms = 1500;
    HACMDRIVERID hadid = hostile_add();
    WAVEFORMATEX src, dst;
    ts_linear_format(&src, HOSTILE_TAG, 1, 8000, 16);
    ts_pcm_format(&dst, 1, 8000, 16);
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    assert_non_null(event);
    HACMSTREAM has = NULL;
    assert_int_equal(acmStreamOpen(&has, NULL, &src, &dst, NULL, (DWORD_PTR)event, 0,
                                   ACM_STREAMOPENF_ASYNC | CALLBACK_EVENT),
                     MMSYSERR_NOERROR);
    enum { N = 4 };
    static BYTE in[N][128], out[N][128];
    ACMSTREAMHEADER headers[N];
    memset(headers, 0, sizeof headers);
    for (int i = 0; i < N; i++) {
        headers[i].cbStruct = sizeof headers[i];
        headers[i].pbSrc = in[i];
        headers[i].cbSrcLength = 128;
        headers[i].pbDst = out[i];
        headers[i].cbDstLength = 128;
        assert_int_equal(acmStreamPrepareHeader(has, &headers[i], 0), MMSYSERR_NOERROR);
    }
    double start = now_ms();
    for (int i = 0; i < N; i++)
        assert_int_equal(acmStreamConvert(has, &headers[i], 0), MMSYSERR_NOERROR);
    /* Closing with work queued is refused at once, not after the work. */
    assert_int_equal(acmStreamClose(has, 0), ACMERR_BUSY);
    assert_int_equal(acmStreamUnprepareHeader(has, &headers[N - 1], 0), ACMERR_BUSY);
    double elapsed = now_ms() - start;
    print_message("4 submissions + refused close + refused unprepare with a 1.5 s driver: %.1f ms\n", elapsed);
    /* Waiting for even one conversion would take 1.5 s; the margin is for loaded machines. */
    assert_true(elapsed < 1000.0);
    /* Reset is a request to wait for the running header; it returns the others at once. */
    assert_int_equal(acmStreamReset(has, 0), MMSYSERR_NOERROR);
    for (int i = 0; i < N; i++) {
        assert_false(headers[i].fdwStatus & ACMSTREAMHEADER_STATUSF_INQUEUE);
        assert_int_equal(acmStreamUnprepareHeader(has, &headers[i], 0), MMSYSERR_NOERROR);
    }
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    CloseHandle(event);
    assert_int_equal(acmDriverRemove(hadid, 0), MMSYSERR_NOERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(used_lengths_clamped_and_header_restored, reset_config),
        cmocka_unit_test_setup(out_of_range_results, reset_config),
        cmocka_unit_test_setup(huge_stream_size_is_only_reported, reset_config),
        cmocka_unit_test_setup(absurd_tag_count_is_refused, reset_config),
        cmocka_unit_test_setup(regress_huge_format_size_claim, reset_config),
        cmocka_unit_test_setup(lying_cbsize_is_not_followed, reset_config),
        cmocka_unit_test_setup(failing_load_and_open, reset_config),
        cmocka_unit_test_setup(slow_driver_blocks_only_its_caller, reset_config),
        cmocka_unit_test_setup(slow_driver_async_never_blocks_submit, reset_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
