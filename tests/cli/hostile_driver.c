/*
 * hostile_driver.c - an ACM driver (a shared object exporting DriverProc) that misbehaves on
 * purpose, for the CLI's regression tests (run_cli_tests.sh installs it through a drivers file
 * of its own). It converts 16-bit PCM, mono, 8000 Hz, to and from HOSTILE_TAG, a made-up format
 * with the same bytes; the environment variable PORTACM_TEST_HOSTILE chooses how it lies:
 *
 *   cbsize       every HOSTILE_TAG format it writes (details, enumeration, suggestion) claims
 *                cbSize 0xFFF0 although the driver wrote only the 18-byte header
 *   noconsume    acmStreamConvert never consumes input but fills the whole destination
 *   overproduce  consumes the input, but always fills the whole destination, also on END
 *   hang         acmStreamConvert sleeps (at most 60 s) before doing its work
 *   crash        acmStreamConvert writes through a NULL pointer (SIGSEGV inside the driver)
 *
 * Unset or anything else: a correct driver. It links against nothing from portacm.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msacm.h"
#include "msacmdrv.h"

#define HOSTILE_TAG 0x7A02
#define HOSTILE_RATE 8000
#define LYING_CB_SIZE 0xFFF0

LRESULT CALLBACK DriverProc(DWORD_PTR dwDriverId, HDRVR hdrvr, UINT uMsg, LPARAM lParam1, LPARAM lParam2);

static bool mode(const char *name)
{
    const char *value = getenv("PORTACM_TEST_HOSTILE");
    return value && strcmp(value, name) == 0;
}

static void to_wide(const char *text, WCHAR *out, size_t capacity)
{
    size_t i = 0;
    for (; text[i] && i + 1 < capacity; i++)
        out[i] = (WCHAR)(unsigned char)text[i];
    out[i] = 0;
}

/* The one format of `tag` (PCM or HOSTILE_TAG); `size` bytes may be written. */
static void fill_format(WORD tag, WAVEFORMATEX *wfx, DWORD size)
{
    wfx->wFormatTag = tag;
    wfx->nChannels = 1;
    wfx->nSamplesPerSec = HOSTILE_RATE;
    wfx->nAvgBytesPerSec = HOSTILE_RATE * 2;
    wfx->nBlockAlign = 2;
    wfx->wBitsPerSample = 16;
    if (size >= sizeof(WAVEFORMATEX))
        wfx->cbSize = (tag == HOSTILE_TAG && mode("cbsize")) ? LYING_CB_SIZE : 0;
}

static bool format_ok(const WAVEFORMATEX *wfx)
{
    return (wfx->wFormatTag == WAVE_FORMAT_PCM || wfx->wFormatTag == HOSTILE_TAG) && wfx->nChannels == 1 &&
           wfx->nSamplesPerSec == HOSTILE_RATE && wfx->wBitsPerSample == 16 && wfx->nBlockAlign == 2 &&
           wfx->nAvgBytesPerSec == HOSTILE_RATE * 2;
}

static LRESULT driver_details(LPARAM lParam1, LPARAM lParam2)
{
    (void)lParam2;
    ACMDRIVERDETAILSW *out = (ACMDRIVERDETAILSW *)lParam1;
    ACMDRIVERDETAILSW details = {
        .cbStruct = sizeof details, .fccType = ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC, .wMid = 0xFFFF,
        .wPid = HOSTILE_TAG, .vdwACM = MAKE_ACM_VERSION(3, 50, 0), .vdwDriver = MAKE_ACM_VERSION(1, 0, 0),
        .fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC, .cFormatTags = 2,
    };
    to_wide("Hostile test", details.szShortName, ACMDRIVERDETAILS_SHORTNAME_CHARS);
    to_wide("portacm CLI hostile test driver", details.szLongName, ACMDRIVERDETAILS_LONGNAME_CHARS);
    if (out->cbStruct < sizeof out->cbStruct)
        return MMSYSERR_INVALPARAM;
    if (out->cbStruct > sizeof details)
        out->cbStruct = sizeof details; /* the size written, as Windows reports it */
    memcpy(&out->fccType, &details.fccType, out->cbStruct - sizeof out->cbStruct);
    return MMSYSERR_NOERROR;
}

static LRESULT tag_details(LPARAM lParam1, LPARAM lParam2)
{
    ACMFORMATTAGDETAILSW *tag = (ACMFORMATTAGDETAILSW *)lParam1;
    DWORD query = (DWORD)lParam2;
    DWORD index;
    if (query == ACM_FORMATTAGDETAILSF_INDEX)
        index = tag->dwFormatTagIndex;
    else if (query == ACM_FORMATTAGDETAILSF_FORMATTAG)
        index = tag->dwFormatTag == WAVE_FORMAT_PCM ? 0 : tag->dwFormatTag == HOSTILE_TAG ? 1 : 2;
    else if (query == ACM_FORMATTAGDETAILSF_LARGESTSIZE)
        index = tag->dwFormatTag == WAVE_FORMAT_PCM ? 0 : (tag->dwFormatTag == HOSTILE_TAG || !tag->dwFormatTag) ? 1 : 2;
    else
        return MMSYSERR_NOTSUPPORTED;
    if (index > 1)
        return query == ACM_FORMATTAGDETAILSF_INDEX ? MMSYSERR_INVALPARAM : ACMERR_NOTPOSSIBLE;
    tag->dwFormatTagIndex = index;
    tag->dwFormatTag = index ? HOSTILE_TAG : WAVE_FORMAT_PCM;
    tag->cbFormatSize = index ? sizeof(WAVEFORMATEX) : sizeof(PCMWAVEFORMAT);
    tag->fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC;
    tag->cStandardFormats = 1;
    to_wide(index ? "Hostile (test)" : "PCM", tag->szFormatTag, ACMFORMATTAGDETAILS_FORMATTAG_CHARS);
    return MMSYSERR_NOERROR;
}

static LRESULT format_details(LPARAM lParam1, LPARAM lParam2)
{
    ACMFORMATDETAILSW *details = (ACMFORMATDETAILSW *)lParam1;
    DWORD query = (DWORD)lParam2;
    bool known = details->dwFormatTag == WAVE_FORMAT_PCM || details->dwFormatTag == HOSTILE_TAG;
    switch (query) {
    case ACM_FORMATDETAILSF_FORMAT:
        known = format_ok(details->pwfx);
        break;
    case ACM_FORMATDETAILSF_INDEX:
        if (known && (details->dwFormatIndex != 0 || details->cbwfx < sizeof(WAVEFORMATEX)))
            return MMSYSERR_INVALPARAM;
        if (known)
            fill_format((WORD)details->dwFormatTag, details->pwfx, details->cbwfx);
        break;
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
    details->fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC;
    details->szFormat[0] = 0;
    return known ? MMSYSERR_NOERROR : ACMERR_NOTPOSSIBLE;
}

static LRESULT format_suggest(LPARAM lParam1, LPARAM lParam2)
{
    (void)lParam2;
    ACMDRVFORMATSUGGEST *suggest = (ACMDRVFORMATSUGGEST *)lParam1;
    if (!format_ok(suggest->pwfxSrc) || suggest->cbwfxDst < sizeof(WAVEFORMATEX))
        return ACMERR_NOTPOSSIBLE;
    WORD target = suggest->pwfxSrc->wFormatTag == WAVE_FORMAT_PCM ? HOSTILE_TAG : WAVE_FORMAT_PCM;
    if ((suggest->fdwSuggest & ACM_FORMATSUGGESTF_WFORMATTAG) && suggest->pwfxDst->wFormatTag != target)
        return ACMERR_NOTPOSSIBLE;
    if ((suggest->fdwSuggest & ACM_FORMATSUGGESTF_NCHANNELS) && suggest->pwfxDst->nChannels != 1)
        return ACMERR_NOTPOSSIBLE;
    if ((suggest->fdwSuggest & ACM_FORMATSUGGESTF_NSAMPLESPERSEC) && suggest->pwfxDst->nSamplesPerSec != HOSTILE_RATE)
        return ACMERR_NOTPOSSIBLE;
    fill_format(target, suggest->pwfxDst, suggest->cbwfxDst);
    return MMSYSERR_NOERROR;
}

static LRESULT stream_open(LPARAM lParam1, LPARAM lParam2)
{
    (void)lParam2;
    const ACMDRVSTREAMINSTANCE *instance = (const ACMDRVSTREAMINSTANCE *)lParam1;
    if (instance->pwfltr || !format_ok(instance->pwfxSrc) || !format_ok(instance->pwfxDst) ||
        instance->pwfxSrc->wFormatTag == instance->pwfxDst->wFormatTag || (instance->fdwOpen & ACM_STREAMOPENF_ASYNC))
        return ACMERR_NOTPOSSIBLE;
    return MMSYSERR_NOERROR;
}

static LRESULT stream_size(LPARAM lParam1, LPARAM lParam2)
{
    (void)lParam1;
    ACMDRVSTREAMSIZE *size = (ACMDRVSTREAMSIZE *)lParam2;
    /* One byte out for one byte in. */
    bool from_source = (size->fdwSize & ACM_STREAMSIZEF_QUERYMASK) == ACM_STREAMSIZEF_SOURCE;
    DWORD bytes = from_source ? size->cbSrcLength : size->cbDstLength;
    size->cbSrcLength = size->cbDstLength = bytes;
    return MMSYSERR_NOERROR;
}

/* A real fault, also in sanitizer builds (whose checks would otherwise stop first). */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline, no_sanitize_address, no_sanitize_undefined))
#endif
static void crash(void)
{
    volatile BYTE *volatile nowhere = NULL;
    *nowhere = 1;
}

static LRESULT stream_convert(LPARAM lParam1, LPARAM lParam2)
{
    (void)lParam1;
    ACMDRVSTREAMHEADER *header = (ACMDRVSTREAMHEADER *)lParam2;
    if (mode("hang")) {
        for (int i = 0; i < 600; i++)
            usleep(100000);
    }
    if (mode("crash"))
        crash();
    if (mode("noconsume")) {
        memset(header->pbDst, 0, header->cbDstLength);
        header->cbSrcLengthUsed = 0;
        header->cbDstLengthUsed = header->cbDstLength;
        return MMSYSERR_NOERROR;
    }
    DWORD count = header->cbSrcLength < header->cbDstLength ? header->cbSrcLength : header->cbDstLength;
    memcpy(header->pbDst, header->pbSrc, count);
    header->cbSrcLengthUsed = count;
    header->cbDstLengthUsed = count;
    if (mode("overproduce")) {
        memset(header->pbDst + count, 0, header->cbDstLength - count);
        header->cbDstLengthUsed = header->cbDstLength;
    }
    return MMSYSERR_NOERROR;
}

static LRESULT nothing(LPARAM lParam1, LPARAM lParam2)
{
    (void)lParam1;
    (void)lParam2;
    return MMSYSERR_NOERROR;
}

static const struct {
    UINT message;
    LRESULT (*handle)(LPARAM lParam1, LPARAM lParam2);
} handlers[] = {
    {ACMDM_DRIVER_DETAILS, driver_details}, {ACMDM_FORMATTAG_DETAILS, tag_details},
    {ACMDM_FORMAT_DETAILS, format_details},  {ACMDM_FORMAT_SUGGEST, format_suggest},
    {ACMDM_STREAM_OPEN, stream_open},        {ACMDM_STREAM_CLOSE, nothing},
    {ACMDM_STREAM_SIZE, stream_size},        {ACMDM_STREAM_CONVERT, stream_convert},
};

LRESULT CALLBACK DriverProc(DWORD_PTR dwDriverId, HDRVR hdrvr, UINT uMsg, LPARAM lParam1, LPARAM lParam2)
{
    (void)dwDriverId;
    (void)hdrvr;
    if (uMsg == DRV_OPEN) {
        const ACMDRVOPENDESCW *desc = (const ACMDRVOPENDESCW *)lParam2;
        return !desc || desc->fccType == ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC;
    }
    if (uMsg == DRV_LOAD || uMsg == DRV_FREE || uMsg == DRV_ENABLE || uMsg == DRV_DISABLE || uMsg == DRV_CLOSE)
        return 1;
    for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++) {
        if (handlers[i].message == uMsg)
            return handlers[i].handle(lParam1, lParam2);
    }
    return uMsg == DRV_QUERYCONFIGURE ? 0 : MMSYSERR_NOTSUPPORTED;
}
