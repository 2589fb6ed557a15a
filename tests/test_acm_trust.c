/*
 * test_acm_trust.c - what a buggy driver writes must not widen anything past the caller's
 * buffers (issue 10, items 1-4). One driver (added with acmDriverAdd(ACM_DRIVERADDF_FUNCTION))
 * has a private format tag, a filter tag and a stream from its tag to PCM; per test it
 * answers with what a buggy driver might write:
 *  - cbwfx / cbwfltr of 0x10000 (and a format whose cbSize says 64 KB) for a 50-byte buffer,
 *    and a pwfx / pwfltr pointing at a structure of its own;
 *  - text fields filled to the last unit, with no terminator, ending in a lone high surrogate;
 *  - cStandardFormats / cStandardFilters of 0xFFFFFFFF;
 *  - with ACMDRIVERDETAILS_SUPPORTF_ASYNC, Used lengths past the buffers and scribbled buffer
 *    pointers in a header it completes and notifies itself, inside ACMDM_STREAM_CONVERT or
 *    later on a thread of its own.
 * Buffers handed to the ACM are exactly sized, so the ASan build sees any overrun.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "windows.h"
#include "mmsystem.h"
#include "mmddk.h"
#include "mmreg.h"
#include "msacm.h"
#include "msacmdrv.h"
#include "ts_driver.h"
#include "ts_formats.h"

#define TRUST_TAG 0x7F31        /* the driver's private format tag */
#define TRUST_FORMAT_SIZE 50    /* its formats: WAVEFORMATEX + 32 extra bytes */
#define TRUST_FILTER_TAG 0x7F32 /* its filter tag */
#define WIDE_SIZE 0x10000u      /* the size a widening driver claims */
#define ENUM_GIVE_UP 100000u    /* an enumeration callback stops here (the bug: 2^32) */

typedef struct trust_config {
    bool widen;           /* *_DETAILS: cbwfx / cbwfltr WIDE_SIZE, cbSize / cbStruct past it */
    bool move_buffer;     /* *_DETAILS: pwfx / pwfltr changed to the driver's own structure */
    bool unterminated;    /* every text field full, no terminator, last unit 0xD800 */
    bool huge_standard;   /* cStandardFormats / cStandardFilters 0xFFFFFFFF */
    bool async;           /* SUPPORTF_ASYNC: completes and notifies itself */
    bool async_thread;    /* ...on a thread of its own, after CONVERT returned */
    bool scribble;        /* CONVERT: Used past the buffers, pointers and lengths overwritten */
    bool refuse_convert;  /* CONVERT: scribbles, then fails */
    atomic_uint details_messages; /* ACMDM_FORMAT_DETAILS / ACMDM_FILTER_DETAILS received */
} trust_config;

static trust_config config;
static BYTE driver_own[WIDE_SIZE]; /* what a driver moving pwfx / pwfltr points at */

static int reset_config(void **state)
{
    (void)state;
    memset(&config, 0, sizeof config);
    return 0;
}

/* A mono 16-bit 8 kHz format of `tag` with `extra` bytes after WAVEFORMATEX (PCM: none). */
static void format_make(WAVEFORMATEX *out, WORD tag, WORD extra)
{
    ts_linear_format(out, tag, 1, 8000, 16);
    out->cbSize = extra;
}

/* Fills a text field as the test asks: a short name, or every unit with no terminator. */
static void text_fill(WCHAR *field, size_t units, char letter)
{
    if (!config.unterminated) {
        field[0] = (WCHAR)letter;
        field[1] = 0;
        return;
    }
    for (size_t i = 0; i + 1 < units; i++)
        field[i] = (WCHAR)letter;
    field[units - 1] = 0xD800; /* a lone high surrogate in the last unit */
}
#define TEXT_FILL(field, letter) text_fill(field, sizeof(field) / sizeof(field)[0], letter)

static LRESULT driver_details(ACMDRIVERDETAILSW *out)
{
    ACMDRIVERDETAILSW d;
    memset(&d, 0, sizeof d);
    d.cbStruct = out->cbStruct < sizeof d ? out->cbStruct : sizeof d;
    d.fccType = ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC;
    d.fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC | ACMDRIVERDETAILS_SUPPORTF_FILTER |
                   (config.async ? ACMDRIVERDETAILS_SUPPORTF_ASYNC : 0);
    d.cFormatTags = 2;
    d.cFilterTags = 1;
    TEXT_FILL(d.szShortName, 'S');
    TEXT_FILL(d.szLongName, 'L');
    TEXT_FILL(d.szCopyright, 'C');
    TEXT_FILL(d.szLicensing, 'G');
    TEXT_FILL(d.szFeatures, 'F');
    memcpy(out, &d, d.cbStruct);
    return MMSYSERR_NOERROR;
}

/* Format tag 0 is PCM, 1 the private tag; the single filter tag is TRUST_FILTER_TAG. The
 * neutral fields of both answers are the same, so one function fills either. */
static LRESULT tag_details(ACMFORMATTAGDETAILSW *tag, DWORD flags, bool filters)
{
    DWORD count = filters ? 1 : 2;
    DWORD index = tag->dwFormatTagIndex;
    if ((flags & ACM_FORMATTAGDETAILSF_QUERYMASK) != ACM_FORMATTAGDETAILSF_INDEX) {
        DWORD wanted = tag->dwFormatTag;
        index = filters ? (wanted == TRUST_FILTER_TAG ? 0 : count)
                        : (wanted == WAVE_FORMAT_PCM ? 0 : wanted == TRUST_TAG ? 1 : count);
    }
    if (index >= count)
        return ACMERR_NOTPOSSIBLE;
    bool private_tag = filters || index == 1;
    tag->dwFormatTagIndex = index;
    tag->dwFormatTag = filters ? TRUST_FILTER_TAG : private_tag ? TRUST_TAG : WAVE_FORMAT_PCM;
    tag->cbFormatSize = filters ? sizeof(WAVEFILTER) : private_tag ? TRUST_FORMAT_SIZE : sizeof(PCMWAVEFORMAT);
    tag->fdwSupport = filters ? ACMDRIVERDETAILS_SUPPORTF_FILTER : ACMDRIVERDETAILS_SUPPORTF_CODEC;
    tag->cStandardFormats = config.huge_standard && private_tag ? 0xFFFFFFFFu : 1;
    TEXT_FILL(tag->szFormatTag, 'T');
    return MMSYSERR_NOERROR;
}

static LRESULT format_details(ACMFORMATDETAILSW *details, DWORD flags)
{
    atomic_fetch_add(&config.details_messages, 1);
    bool pcm = details->dwFormatTag == WAVE_FORMAT_PCM;
    DWORD size = pcm ? sizeof(PCMWAVEFORMAT) : TRUST_FORMAT_SIZE;
    if (details->cbwfx < size)
        return MMSYSERR_INVALPARAM;
    if ((flags & ACM_FORMATDETAILSF_QUERYMASK) == ACM_FORMATDETAILSF_INDEX) {
        if (!config.huge_standard && details->dwFormatIndex != 0)
            return ACMERR_NOTPOSSIBLE;
        memset(details->pwfx, 0, size);
        format_make(details->pwfx, pcm ? WAVE_FORMAT_PCM : TRUST_TAG, 0);
        if (!pcm)
            details->pwfx->cbSize = (WORD)(size - sizeof(WAVEFORMATEX));
    }
    details->fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC;
    details->cbwfx = size;
    TEXT_FILL(details->szFormat, 'D');
    if (config.widen) {
        if (!pcm)
            details->pwfx->cbSize = 0xFFFF; /* "I wrote 18 + 65535 bytes" */
        details->cbwfx = WIDE_SIZE;
    }
    if (config.move_buffer)
        details->pwfx = (WAVEFORMATEX *)driver_own;
    return MMSYSERR_NOERROR;
}

static LRESULT filter_details(ACMFILTERDETAILSW *details, DWORD flags)
{
    atomic_fetch_add(&config.details_messages, 1);
    if (details->dwFilterTag != TRUST_FILTER_TAG || details->cbwfltr < sizeof(WAVEFILTER))
        return ACMERR_NOTPOSSIBLE;
    if ((flags & ACM_FILTERDETAILSF_QUERYMASK) == ACM_FILTERDETAILSF_INDEX) {
        if (!config.huge_standard && details->dwFilterIndex != 0)
            return ACMERR_NOTPOSSIBLE;
        memset(details->pwfltr, 0, sizeof(WAVEFILTER));
        details->pwfltr->cbStruct = sizeof(WAVEFILTER);
        details->pwfltr->dwFilterTag = TRUST_FILTER_TAG;
    }
    details->fdwSupport = ACMDRIVERDETAILS_SUPPORTF_FILTER;
    details->cbwfltr = sizeof(WAVEFILTER);
    TEXT_FILL(details->szFilter, 'E');
    if (config.widen) {
        details->pwfltr->cbStruct = 2 * WIDE_SIZE;
        details->cbwfltr = WIDE_SIZE;
    }
    if (config.move_buffer)
        details->pwfltr = (WAVEFILTER *)driver_own;
    return MMSYSERR_NOERROR;
}

/* ---- the stream: TRUST_TAG -> PCM, a byte copy ------------------------------------------ */

/* What a header a driver completes later needs: the header and the instance's callback. */
typedef struct completion {
    ACMDRVSTREAMHEADER *header;
    DWORD_PTR callback, instance;
    DWORD open_flags;
    HACMSTREAM has;
} completion;

static void header_scribble(ACMDRVSTREAMHEADER *header)
{
    header->cbSrcLengthUsed = 0xFFFFFFF0u;
    header->cbDstLengthUsed = header->cbDstLength + 4096;
    header->pbSrc = NULL;
    header->pbDst = (LPBYTE)driver_own;
    header->cbSrcLength = 0x7FFFFFFF;
    header->cbDstLength = WIDE_SIZE;
    header->pbPreparedDst = NULL;
}

/* Marks the header done and notifies, as a driver with SUPPORTF_ASYNC does. */
static void complete(const completion *c)
{
    if (config.scribble)
        header_scribble(c->header);
    c->header->fdwStatus = (c->header->fdwStatus & ~(DWORD)ACMSTREAMHEADER_STATUSF_INQUEUE) |
                           ACMSTREAMHEADER_STATUSF_DONE;
    DriverCallback(c->callback, HIWORD(c->open_flags & CALLBACK_TYPEMASK), (HDRVR)c->has, MM_ACM_DONE,
                   c->instance, (DWORD_PTR)c->header, 0);
}

static void *complete_later(void *argument)
{
    completion *c = argument;
    struct timespec pause = {0, 20 * 1000000L};
    nanosleep(&pause, NULL);
    complete(c);
    free(c);
    return NULL;
}

static LRESULT stream_convert(ACMDRVSTREAMINSTANCE *instance, ACMDRVSTREAMHEADER *header)
{
    DWORD n = header->cbSrcLength < header->cbDstLength ? header->cbSrcLength : header->cbDstLength;
    memcpy(header->pbDst, header->pbSrc, n);
    header->cbSrcLengthUsed = n;
    header->cbDstLengthUsed = n;
    if (config.refuse_convert) {
        header_scribble(header);
        return ACMERR_NOTPOSSIBLE;
    }
    if (!(instance->fdwOpen & ACM_STREAMOPENF_ASYNC)) {
        if (config.scribble)
            header_scribble(header);
        return MMSYSERR_NOERROR;
    }
    completion *c = malloc(sizeof *c);
    assert_non_null(c);
    *c = (completion){header, instance->dwCallback, instance->dwInstance, instance->fdwOpen, instance->has};
    header->fdwStatus |= ACMSTREAMHEADER_STATUSF_INQUEUE;
    if (!config.async_thread) {
        complete(c);
        free(c);
        return MMSYSERR_NOERROR;
    }
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, complete_later, c), 0);
    pthread_detach(thread);
    return MMSYSERR_NOERROR;
}

/* The standard DRV_* answers trust_proc leaves to ts_driver. */
static ts_driver life_cycle = TS_DRIVER_INIT;

static LRESULT CALLBACK trust_proc(DWORD_PTR id, HACMDRIVERID hadid, UINT msg, LPARAM lParam1, LPARAM lParam2)
{
    switch (msg) {
    case ACMDM_DRIVER_DETAILS:
        return driver_details((ACMDRIVERDETAILSW *)lParam1);
    case ACMDM_FORMATTAG_DETAILS:
        return tag_details((ACMFORMATTAGDETAILSW *)lParam1, (DWORD)lParam2, false);
    case ACMDM_FILTERTAG_DETAILS:
        return tag_details((ACMFORMATTAGDETAILSW *)lParam1, (DWORD)lParam2, true);
    case ACMDM_FORMAT_DETAILS:
        return format_details((ACMFORMATDETAILSW *)lParam1, (DWORD)lParam2);
    case ACMDM_FILTER_DETAILS:
        return filter_details((ACMFILTERDETAILSW *)lParam1, (DWORD)lParam2);
    case ACMDM_STREAM_OPEN: {
        const ACMDRVSTREAMINSTANCE *si = (const ACMDRVSTREAMINSTANCE *)lParam1;
        bool ok = si->pwfxSrc->wFormatTag == TRUST_TAG && si->pwfxDst->wFormatTag == WAVE_FORMAT_PCM && !si->pwfltr;
        return ok ? MMSYSERR_NOERROR : ACMERR_NOTPOSSIBLE;
    }
    case ACMDM_STREAM_CLOSE:
    case ACMDM_STREAM_RESET:
        return MMSYSERR_NOERROR;
    case ACMDM_STREAM_SIZE:
    case ACMDM_STREAM_PREPARE:
    case ACMDM_STREAM_UNPREPARE:
        return MMSYSERR_NOTSUPPORTED;
    case ACMDM_STREAM_CONVERT:
        return stream_convert((ACMDRVSTREAMINSTANCE *)lParam1, (ACMDRVSTREAMHEADER *)lParam2);
    default: /* the DRV_* life cycle */
        return ts_driver_answer(&life_cycle, id, (HDRVR)hadid, msg, lParam1, lParam2);
    }
}

static HACMDRIVERID trust_add(void)
{
    HACMDRIVERID hadid = NULL;
    assert_int_equal(acmDriverAddA(&hadid, (HINSTANCE)(uintptr_t)0x7357, (LPARAM)trust_proc, 0,
                                   ACM_DRIVERADDF_FUNCTION | ACM_DRIVERADDF_LOCAL),
                     MMSYSERR_NOERROR);
    return hadid;
}

/* ---- item 1: cbwfx / cbwfltr ------------------------------------------------------------- */

/* An ACMFORMATCHOOSE{A,W} choosing into `buffer` (an array) among formats of restrict_to's tag. */
#define FORMAT_CHOOSE_INIT(choose, buffer, restrict_to)                                                     \
    do {                                                                                                     \
        memset(&(choose), 0, sizeof(choose));                                                                \
        (choose).cbStruct = sizeof(choose);                                                                  \
        (choose).pwfx = (WAVEFORMATEX *)(buffer);                                                            \
        (choose).cbwfx = sizeof(buffer);                                                                     \
        (choose).fdwEnum = ACM_FORMATENUMF_WFORMATTAG;                                                       \
        (choose).pwfxEnum = (restrict_to);                                                                   \
    } while (0)

/* The chooser copied the first enumerated format with the size the driver claimed: 64 KiB
 * from the 50-byte enumeration buffer (ASan: heap-buffer-overflow in chosen_keep; elsewhere
 * ACMERR_NOTPOSSIBLE asking for a 64 KiB buffer). */
static void regress_chooser_cbwfx_widened(void **state)
{
    (void)state;
    config.widen = true;
    HACMDRIVERID hadid = trust_add();
    WAVEFORMATEX restrict_to;
    format_make(&restrict_to, TRUST_TAG, 0);
    BYTE chosen[64];
    memset(chosen, 0xEE, sizeof chosen);
    ACMFORMATCHOOSEW choose;
    FORMAT_CHOOSE_INIT(choose, chosen, &restrict_to);
    assert_int_equal(acmFormatChooseW(&choose), MMSYSERR_NOERROR);
    assert_int_equal(choose.cbwfx, sizeof chosen);
    assert_int_equal(((WAVEFORMATEX *)chosen)->wFormatTag, TRUST_TAG);
    /* What was copied is what the enumeration buffer held: no more than it had room for. */
    assert_int_equal(chosen[TRUST_FORMAT_SIZE], 0xEE);

    ACMFORMATCHOOSEA choose_a;
    FORMAT_CHOOSE_INIT(choose_a, chosen, &restrict_to);
    assert_int_equal(acmFormatChooseA(&choose_a), MMSYSERR_NOERROR);
    assert_int_equal(choose_a.cbwfx, sizeof chosen);
    assert_int_equal(acmDriverRemove(hadid, 0), MMSYSERR_NOERROR);
}

static void regress_chooser_cbwfltr_widened(void **state)
{
    (void)state;
    config.widen = true;
    HACMDRIVERID hadid = trust_add();
    BYTE chosen[sizeof(WAVEFILTER) + 16];
    memset(chosen, 0xEE, sizeof chosen);
    ACMFILTERCHOOSEW choose;
    memset(&choose, 0, sizeof choose);
    choose.cbStruct = sizeof choose;
    choose.pwfltr = (WAVEFILTER *)chosen;
    choose.cbwfltr = sizeof chosen;
    assert_int_equal(acmFilterChooseW(&choose), MMSYSERR_NOERROR);
    assert_int_equal(choose.cbwfltr, sizeof chosen);
    assert_int_equal(((WAVEFILTER *)chosen)->dwFilterTag, TRUST_FILTER_TAG);
    assert_int_equal(chosen[sizeof(WAVEFILTER)], 0xEE);
    assert_int_equal(acmDriverRemove(hadid, 0), MMSYSERR_NOERROR);
}

/* What an enumeration callback checks: the structure it is given still describes its buffer. */
typedef struct enum_check {
    void *buffer;
    DWORD size;
    unsigned calls;
} enum_check;

/* One delivered structure: `buffer` and `size` are its pwfx/cbwfx (pwfltr/cbwfltr), `name`
 * its narrow name (NULL for the W spelling). */
static BOOL enum_check_entry(DWORD_PTR instance, const void *buffer, DWORD size, const char *name, size_t name_size)
{
    enum_check *check = (enum_check *)instance;
    check->calls++;
    assert_ptr_equal(buffer, check->buffer);
    assert_true(size <= check->size);
    if (name)
        assert_true(strlen(name) < name_size);
    return check->calls < ENUM_GIVE_UP;
}

static BOOL CALLBACK check_format_w(HACMDRIVERID hadid, LPACMFORMATDETAILSW details, DWORD_PTR instance, DWORD support)
{
    return enum_check_entry(instance, details->pwfx, details->cbwfx, NULL, 0);
}

static BOOL CALLBACK check_format_a(HACMDRIVERID hadid, LPACMFORMATDETAILSA details, DWORD_PTR instance, DWORD support)
{
    return enum_check_entry(instance, details->pwfx, details->cbwfx, details->szFormat, sizeof details->szFormat);
}

static BOOL CALLBACK check_filter_w(HACMDRIVERID hadid, LPACMFILTERDETAILSW details, DWORD_PTR instance, DWORD support)
{
    return enum_check_entry(instance, details->pwfltr, details->cbwfltr, NULL, 0);
}

static BOOL CALLBACK check_filter_a(HACMDRIVERID hadid, LPACMFILTERDETAILSA details, DWORD_PTR instance, DWORD support)
{
    return enum_check_entry(instance, details->pwfltr, details->cbwfltr, details->szFilter, sizeof details->szFilter);
}

/* Every details and enumeration path, A and W, on `had`: the caller's buffer and size come
 * back as given (or smaller). Returns how many structures the enumerations delivered. */
static unsigned details_paths_check(HACMDRIVER had)
{
    BYTE *format = malloc(TRUST_FORMAT_SIZE); /* exactly the largest format: ASan sees overruns */
    WAVEFILTER *filter = malloc(sizeof *filter);
    assert_non_null(format);
    assert_non_null(filter);
    enum_check formats = {format, TRUST_FORMAT_SIZE, 0}, filters = {filter, sizeof *filter, 0};

    ACMFORMATDETAILSW fw = {.cbStruct = sizeof fw, .dwFormatTag = TRUST_TAG, .pwfx = (WAVEFORMATEX *)format,
                            .cbwfx = TRUST_FORMAT_SIZE};
    assert_int_equal(acmFormatDetailsW(had, &fw, ACM_FORMATDETAILSF_INDEX), MMSYSERR_NOERROR);
    assert_ptr_equal(fw.pwfx, format);
    assert_true(fw.cbwfx <= TRUST_FORMAT_SIZE);
    /* FORMAT without a driver: the search over every driver. */
    format_make((WAVEFORMATEX *)format, TRUST_TAG, TRUST_FORMAT_SIZE - sizeof(WAVEFORMATEX));
    fw.fdwSupport = 0; /* the driver set it */
    fw.cbwfx = TRUST_FORMAT_SIZE;
    fw.pwfx = (WAVEFORMATEX *)format;
    assert_int_equal(acmFormatDetailsW(NULL, &fw, ACM_FORMATDETAILSF_FORMAT), MMSYSERR_NOERROR);
    assert_ptr_equal(fw.pwfx, format);
    assert_true(fw.cbwfx <= TRUST_FORMAT_SIZE);
    ACMFORMATDETAILSA fa = {.cbStruct = sizeof fa, .dwFormatTag = TRUST_TAG, .pwfx = (WAVEFORMATEX *)format,
                            .cbwfx = TRUST_FORMAT_SIZE};
    assert_int_equal(acmFormatDetailsA(had, &fa, ACM_FORMATDETAILSF_INDEX), MMSYSERR_NOERROR);
    assert_ptr_equal(fa.pwfx, format);
    assert_true(fa.cbwfx <= TRUST_FORMAT_SIZE);
    assert_true(strlen(fa.szFormat) < sizeof fa.szFormat);

    fw.fdwSupport = 0; /* the driver set it */
    fw.cbwfx = TRUST_FORMAT_SIZE;
    fw.pwfx = (WAVEFORMATEX *)format;
    assert_int_equal(acmFormatEnumW(had, &fw, check_format_w, (DWORD_PTR)&formats, 0), MMSYSERR_NOERROR);
    fa.fdwSupport = 0; /* the driver set it */
    fa.cbwfx = TRUST_FORMAT_SIZE;
    fa.pwfx = (WAVEFORMATEX *)format;
    assert_int_equal(acmFormatEnumA(had, &fa, check_format_a, (DWORD_PTR)&formats, 0), MMSYSERR_NOERROR);

    ACMFILTERDETAILSW lw = {.cbStruct = sizeof lw, .dwFilterTag = TRUST_FILTER_TAG, .pwfltr = filter,
                            .cbwfltr = sizeof *filter};
    assert_int_equal(acmFilterDetailsW(had, &lw, ACM_FILTERDETAILSF_INDEX), MMSYSERR_NOERROR);
    assert_ptr_equal(lw.pwfltr, filter);
    assert_true(lw.cbwfltr <= sizeof *filter);
    ACMFILTERDETAILSA la = {.cbStruct = sizeof la, .dwFilterTag = TRUST_FILTER_TAG, .pwfltr = filter,
                            .cbwfltr = sizeof *filter};
    assert_int_equal(acmFilterDetailsA(had, &la, ACM_FILTERDETAILSF_INDEX), MMSYSERR_NOERROR);
    assert_ptr_equal(la.pwfltr, filter);
    assert_true(la.cbwfltr <= sizeof *filter);
    assert_true(strlen(la.szFilter) < sizeof la.szFilter);
    lw.fdwSupport = 0;
    lw.cbwfltr = sizeof *filter;
    lw.pwfltr = filter;
    assert_int_equal(acmFilterEnumW(had, &lw, check_filter_w, (DWORD_PTR)&filters, 0), MMSYSERR_NOERROR);
    la.fdwSupport = 0;
    la.cbwfltr = sizeof *filter;
    la.pwfltr = filter;
    assert_int_equal(acmFilterEnumA(had, &la, check_filter_a, (DWORD_PTR)&filters, 0), MMSYSERR_NOERROR);

    free(format);
    free(filter);
    return formats.calls + filters.calls;
}

/* details_paths_check on a driver added and opened for it. */
static void details_paths_on_driver(void)
{
    HACMDRIVERID hadid = trust_add();
    HACMDRIVER had = NULL;
    assert_int_equal(acmDriverOpen(&had, hadid, 0), MMSYSERR_NOERROR);
    assert_true(details_paths_check(had) > 0);
    assert_int_equal(acmDriverClose(had, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverRemove(hadid, 0), MMSYSERR_NOERROR);
}

static void regress_details_cbwfx_widened(void **state)
{
    (void)state;
    config.widen = true;
    details_paths_on_driver();
}

/* A driver that points pwfx / pwfltr at a structure of its own does not redirect the
 * application (nor the next driver the search asks). */
static void regress_details_buffer_moved(void **state)
{
    (void)state;
    config.move_buffer = true;
    details_paths_on_driver();
}

/* ---- item 2: unterminated text ending in a lone high surrogate -------------------------- */

static BOOL CALLBACK check_format_tag_a(HACMDRIVERID hadid, LPACMFORMATTAGDETAILSA details, DWORD_PTR instance,
                                        DWORD support)
{
    assert_true(strlen(details->szFormatTag) < sizeof details->szFormatTag);
    ++*(unsigned *)instance;
    return TRUE;
}

static BOOL CALLBACK check_filter_tag_a(HACMDRIVERID hadid, LPACMFILTERTAGDETAILSA details, DWORD_PTR instance,
                                        DWORD support)
{
    assert_true(strlen(details->szFilterTag) < sizeof details->szFilterTag);
    ++*(unsigned *)instance;
    return TRUE;
}

/* The UTF-16 -> ANSI conversion looked one unit past a field whose last unit is a high
 * surrogate, for its low half: ASan stack-buffer-overflow in acmDriverDetailsA (szFeatures),
 * acmFormatTagEnumA, acmFormatDetailsA, acmFormatEnumA, acmFilter*A and the choosers. */
static void regress_unterminated_driver_text(void **state)
{
    (void)state;
    config.unterminated = true;
    HACMDRIVERID hadid = trust_add();
    ACMDRIVERDETAILSA dd;
    memset(&dd, 0, sizeof dd);
    dd.cbStruct = sizeof dd;
    assert_int_equal(acmDriverDetailsA(hadid, &dd, 0), MMSYSERR_NOERROR);
    /* Every unit but the surrogate (which does not fit a UTF-8 field of as many bytes). */
    assert_int_equal(strlen(dd.szShortName), sizeof dd.szShortName - 1);
    assert_int_equal(strlen(dd.szFeatures), sizeof dd.szFeatures - 1);
    assert_int_equal(dd.szFeatures[0], 'F');

    HACMDRIVER had = NULL;
    assert_int_equal(acmDriverOpen(&had, hadid, 0), MMSYSERR_NOERROR);
    ACMFORMATTAGDETAILSA ta;
    memset(&ta, 0, sizeof ta);
    ta.cbStruct = sizeof ta;
    ta.dwFormatTag = TRUST_TAG;
    assert_int_equal(acmFormatTagDetailsA(had, &ta, ACM_FORMATTAGDETAILSF_FORMATTAG), MMSYSERR_NOERROR);
    assert_int_equal(strlen(ta.szFormatTag), sizeof ta.szFormatTag - 1);
    unsigned tags = 0;
    ta.cbStruct = sizeof ta;
    assert_int_equal(acmFormatTagEnumA(had, &ta, check_format_tag_a, (DWORD_PTR)&tags, 0), MMSYSERR_NOERROR);
    ACMFILTERTAGDETAILSA la;
    memset(&la, 0, sizeof la);
    la.cbStruct = sizeof la;
    la.dwFilterTag = TRUST_FILTER_TAG;
    assert_int_equal(acmFilterTagDetailsA(had, &la, ACM_FILTERTAGDETAILSF_FILTERTAG), MMSYSERR_NOERROR);
    assert_int_equal(strlen(la.szFilterTag), sizeof la.szFilterTag - 1);
    assert_int_equal(acmFilterTagEnumA(had, &la, check_filter_tag_a, (DWORD_PTR)&tags, 0), MMSYSERR_NOERROR);
    assert_int_equal(tags, 3);
    assert_true(details_paths_check(had) > 0);
    assert_int_equal(acmDriverClose(had, 0), MMSYSERR_NOERROR);

    /* The choosers convert the driver's names too. */
    WAVEFORMATEX restrict_to;
    format_make(&restrict_to, TRUST_TAG, 0);
    BYTE chosen[64];
    ACMFORMATCHOOSEA fc;
    FORMAT_CHOOSE_INIT(fc, chosen, &restrict_to);
    assert_int_equal(acmFormatChooseA(&fc), MMSYSERR_NOERROR);
    assert_int_equal(strlen(fc.szFormat), sizeof fc.szFormat - 1);
    assert_int_equal(strlen(fc.szFormatTag), sizeof fc.szFormatTag - 1);
    ACMFILTERCHOOSEA lc;
    memset(&lc, 0, sizeof lc);
    lc.cbStruct = sizeof lc;
    lc.pwfltr = (WAVEFILTER *)chosen;
    lc.cbwfltr = sizeof chosen;
    assert_int_equal(acmFilterChooseA(&lc), MMSYSERR_NOERROR);
    assert_int_equal(strlen(lc.szFilter), sizeof lc.szFilter - 1);
    assert_int_equal(acmDriverRemove(hadid, 0), MMSYSERR_NOERROR);
}

/* ---- item 3: cStandardFormats = 0xFFFFFFFF ----------------------------------------------- */

/* acmFormatEnum sent one ACMDM_FORMAT_DETAILS per claimed standard format: 2^32 messages
 * (`portacm formats` never returned). Now the count the ACM reports is the count it walks,
 * and it is small; an index past it is refused without asking the driver. */
static void regress_huge_standard_count(void **state)
{
    (void)state;
    config.huge_standard = true;
    HACMDRIVERID hadid = trust_add();
    HACMDRIVER had = NULL;
    assert_int_equal(acmDriverOpen(&had, hadid, 0), MMSYSERR_NOERROR);

    ACMFORMATTAGDETAILSW tag = {.cbStruct = sizeof tag, .dwFormatTag = TRUST_TAG};
    assert_int_equal(acmFormatTagDetailsW(had, &tag, ACM_FORMATTAGDETAILSF_FORMATTAG), MMSYSERR_NOERROR);
    assert_true(tag.cStandardFormats < ENUM_GIVE_UP);
    BYTE *format = malloc(TRUST_FORMAT_SIZE);
    assert_non_null(format);
    format_make((WAVEFORMATEX *)format, TRUST_TAG, 0);
    enum_check formats = {format, TRUST_FORMAT_SIZE, 0};
    ACMFORMATDETAILSW fw = {.cbStruct = sizeof fw, .dwFormatTag = TRUST_TAG, .pwfx = (WAVEFORMATEX *)format,
                            .cbwfx = TRUST_FORMAT_SIZE};
    atomic_store(&config.details_messages, 0);
    assert_int_equal(acmFormatEnumW(had, &fw, check_format_w, (DWORD_PTR)&formats, ACM_FORMATENUMF_WFORMATTAG),
                     MMSYSERR_NOERROR);
    assert_true(formats.calls < ENUM_GIVE_UP);
    assert_int_equal(formats.calls, tag.cStandardFormats);
    assert_int_equal(atomic_load(&config.details_messages), tag.cStandardFormats);
    fw.pwfx = (WAVEFORMATEX *)format;
    fw.fdwSupport = 0; /* the driver set it */
    fw.cbwfx = TRUST_FORMAT_SIZE;
    fw.dwFormatIndex = tag.cStandardFormats;
    assert_int_equal(acmFormatDetailsW(had, &fw, ACM_FORMATDETAILSF_INDEX), MMSYSERR_INVALPARAM);
    fw.dwFormatIndex = tag.cStandardFormats - 1;
    assert_int_equal(acmFormatDetailsW(had, &fw, ACM_FORMATDETAILSF_INDEX), MMSYSERR_NOERROR);

    /* The same for filters. */
    ACMFILTERTAGDETAILSW ftag = {.cbStruct = sizeof ftag, .dwFilterTag = TRUST_FILTER_TAG};
    assert_int_equal(acmFilterTagDetailsW(had, &ftag, ACM_FILTERTAGDETAILSF_FILTERTAG), MMSYSERR_NOERROR);
    assert_true(ftag.cStandardFilters < ENUM_GIVE_UP);
    WAVEFILTER filter;
    enum_check filters = {&filter, sizeof filter, 0};
    ACMFILTERDETAILSW lw = {.cbStruct = sizeof lw, .dwFilterTag = TRUST_FILTER_TAG, .pwfltr = &filter,
                            .cbwfltr = sizeof filter};
    assert_int_equal(acmFilterEnumW(had, &lw, check_filter_w, (DWORD_PTR)&filters, 0), MMSYSERR_NOERROR);
    assert_int_equal(filters.calls, ftag.cStandardFilters);
    free(format);
    assert_int_equal(acmDriverClose(had, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverRemove(hadid, 0), MMSYSERR_NOERROR);
}

/* ---- item 4: a driver with SUPPORTF_ASYNC ------------------------------------------------ */

/* The header as the application's callback saw it at MM_ACM_DONE. */
typedef struct seen_header {
    atomic_bool done;
    DWORD_PTR instance;
    LPBYTE source, destination;
    DWORD source_length, destination_length, source_used, destination_used, status;
} seen_header;

static seen_header seen;

static void CALLBACK on_done(HDRVR hdrvr, UINT message, DWORD_PTR instance, DWORD_PTR param1, DWORD_PTR param2)
{
    if (message != MM_ACM_DONE)
        return;
    /* No cmocka assertion here: this may run on the driver's thread. */
    const ACMSTREAMHEADER *header = (const ACMSTREAMHEADER *)param1;
    seen.instance = instance;
    seen.source = header->pbSrc;
    seen.destination = header->pbDst;
    seen.source_length = header->cbSrcLength;
    seen.destination_length = header->cbDstLength;
    seen.source_used = header->cbSrcLengthUsed;
    seen.destination_used = header->cbDstLengthUsed;
    seen.status = header->fdwStatus;
    atomic_store(&seen.done, true);
}

/* One asynchronous conversion of 1000 bytes into 600 on the driver; returns acmStreamConvert's
 * result and checks what the application saw. */
static MMRESULT async_convert_check(bool expect_done)
{
    memset(&seen, 0, sizeof seen);
    HACMDRIVERID hadid = trust_add();
    WAVEFORMATEX src, dst;
    format_make(&src, TRUST_TAG, 0);
    format_make(&dst, WAVE_FORMAT_PCM, 0);
    HACMSTREAM has = NULL;
    assert_int_equal(acmStreamOpen(&has, NULL, &src, &dst, NULL, (DWORD_PTR)on_done, 0x1234,
                                   ACM_STREAMOPENF_ASYNC | CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    BYTE *in = malloc(1000), *out = malloc(600);
    assert_non_null(in);
    assert_non_null(out);
    memset(in, 0x11, 1000);
    ACMSTREAMHEADER header;
    memset(&header, 0, sizeof header);
    header.cbStruct = sizeof header;
    header.pbSrc = in;
    header.cbSrcLength = 1000;
    header.pbDst = out;
    header.cbDstLength = 600;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    MMRESULT result = acmStreamConvert(has, &header, 0);
    if (expect_done) {
        for (int i = 0; i < 5000 && !atomic_load(&seen.done); i++) {
            struct timespec pause = {0, 1000000L};
            nanosleep(&pause, NULL);
        }
        assert_true(atomic_load(&seen.done));
        assert_int_equal(seen.instance, 0x1234);
        /* What the callback was given, and what the application sees after it. */
        assert_ptr_equal(seen.source, in);
        assert_ptr_equal(seen.destination, out);
        assert_int_equal(seen.source_length, 1000);
        assert_int_equal(seen.destination_length, 600);
        assert_true(seen.source_used <= 1000);
        assert_true(seen.destination_used <= 600);
        assert_int_equal(seen.status, ACMSTREAMHEADER_STATUSF_PREPARED | ACMSTREAMHEADER_STATUSF_DONE);
    }
    assert_ptr_equal(header.pbSrc, in);
    assert_ptr_equal(header.pbDst, out);
    assert_int_equal(header.cbSrcLength, 1000);
    assert_int_equal(header.cbDstLength, 600);
    ACMDRVSTREAMHEADER driver_view; /* the prepared fields live in the reserved words */
    _Static_assert(sizeof driver_view == sizeof header, "the two header views differ in size");
    memcpy(&driver_view, &header, sizeof driver_view);
    assert_ptr_equal(driver_view.pbPreparedDst, out);
    assert_true(header.cbSrcLengthUsed <= 1000);
    assert_true(header.cbDstLengthUsed <= 600);
    for (size_t i = 0; i < header.cbDstLengthUsed; i++)
        assert_int_equal(out[i], 0x11);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    free(in);
    free(out);
    assert_int_equal(acmDriverRemove(hadid, 0), MMSYSERR_NOERROR);
    return result;
}

/* The driver completes inside ACMDM_STREAM_CONVERT and notifies at once. */
static void regress_async_driver_used_clamped(void **state)
{
    (void)state;
    config.async = true;
    config.scribble = true;
    assert_int_equal(async_convert_check(true), MMSYSERR_NOERROR);
}

/* The driver completes on a thread of its own after ACMDM_STREAM_CONVERT returned. */
static void regress_async_driver_used_clamped_later(void **state)
{
    (void)state;
    config.async = true;
    config.async_thread = true;
    config.scribble = true;
    assert_int_equal(async_convert_check(true), MMSYSERR_NOERROR);
}

/* The driver scribbles over the header and then refuses it. */
static void regress_async_driver_refused_header_restored(void **state)
{
    (void)state;
    config.async = true;
    config.refuse_convert = true;
    assert_int_equal(async_convert_check(false), ACMERR_NOTPOSSIBLE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(regress_chooser_cbwfx_widened, reset_config),
        cmocka_unit_test_setup(regress_chooser_cbwfltr_widened, reset_config),
        cmocka_unit_test_setup(regress_details_cbwfx_widened, reset_config),
        cmocka_unit_test_setup(regress_details_buffer_moved, reset_config),
        cmocka_unit_test_setup(regress_unterminated_driver_text, reset_config),
        cmocka_unit_test_setup(regress_huge_standard_count, reset_config),
        cmocka_unit_test_setup(regress_async_driver_used_clamped, reset_config),
        cmocka_unit_test_setup(regress_async_driver_used_clamped_later, reset_config),
        cmocka_unit_test_setup(regress_async_driver_refused_header_restored, reset_config),
    };
    /* ACM_TRUST_TEST=name runs one test (an ASan report ends the whole run). */
    const char *only = getenv("ACM_TRUST_TEST");
    if (only)
        cmocka_set_test_filter(only);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
