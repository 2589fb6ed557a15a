/*
 * thirdparty_driver.c - a third-party ACM driver built as a shared object
 * (test_acm_thirdparty_driver.so, exporting DriverProc), installed through a drivers-file
 * entry "msacm.thirdparty=test_acm_thirdparty_driver.so" the way a user installs one.
 *
 * It converts between PCM 8-bit (unsigned samples) and THIRDPARTY_TAG, a made-up "signed
 * 8-bit" format (each byte is the PCM byte XOR 0x80), at 8000, 11025 and 22050 Hz, mono or
 * stereo, in both directions. It links against nothing from portacm (it answers the DRV_*
 * defaults itself), as a driver written for Windows would only use msacmdrv.h.
 * Shared with the stream tests (acmStreamOpen(NULL, ...) with this driver).
 */
#include <stdbool.h>
#include <string.h>

#include "msacm.h"
#include "msacmdrv.h"

#define THIRDPARTY_TAG 0x7A01
#define THIRDPARTY_FORMATS 6 /* 3 rates x 2 channel counts */

static const DWORD rates[3] = {8000, 11025, 22050};

LRESULT CALLBACK DriverProc(DWORD_PTR dwDriverId, HDRVR hdrvr, UINT uMsg, LPARAM lParam1, LPARAM lParam2);

static void widen(const char *text, WCHAR *out, size_t capacity)
{
    size_t i = 0;
    for (; text[i] && i + 1 < capacity; i++)
        out[i] = (WCHAR)(unsigned char)text[i];
    out[i] = 0;
}

/* Standard format `index` of `tag`; needs 18 bytes (cbSize is written as 0). */
static void format_fill(DWORD tag, DWORD index, WAVEFORMATEX *format, DWORD size)
{
    format->wFormatTag = (WORD)tag;
    format->nChannels = (WORD)(index % 2 + 1);
    format->nSamplesPerSec = rates[index / 2];
    format->wBitsPerSample = 8;
    format->nBlockAlign = format->nChannels;
    format->nAvgBytesPerSec = format->nSamplesPerSec * format->nChannels;
    if (size >= sizeof(WAVEFORMATEX))
        format->cbSize = 0;
}

static bool format_valid(const WAVEFORMATEX *format)
{
    if (format->wFormatTag != WAVE_FORMAT_PCM && format->wFormatTag != THIRDPARTY_TAG)
        return false;
    if (format->wBitsPerSample != 8 || format->nChannels < 1 || format->nChannels > 2)
        return false;
    if (format->nBlockAlign != format->nChannels)
        return false;
    for (int i = 0; i < 3; i++) {
        if (format->nSamplesPerSec == rates[i])
            return format->nAvgBytesPerSec == format->nSamplesPerSec * format->nChannels;
    }
    return false;
}

static LRESULT driver_details(ACMDRIVERDETAILSW *caller)
{
    ACMDRIVERDETAILSW details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.fccType = ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC;
    details.wMid = 0xFFFF;
    details.wPid = 0x7A01;
    details.vdwACM = MAKE_ACM_VERSION(3, 50, 0);
    details.vdwDriver = MAKE_ACM_VERSION(1, 0, 0);
    details.fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC;
    details.cFormatTags = 2;
    widen("Third-party test", details.szShortName, ACMDRIVERDETAILS_SHORTNAME_CHARS);
    widen("portacm third-party test codec (signed 8-bit)", details.szLongName, ACMDRIVERDETAILS_LONGNAME_CHARS);
    DWORD size = caller->cbStruct < sizeof details ? caller->cbStruct : (DWORD)sizeof details;
    memcpy(caller, &details, size);
    caller->cbStruct = size;
    return MMSYSERR_NOERROR;
}

static LRESULT format_tag_details(ACMFORMATTAGDETAILSW *tag, DWORD query)
{
    DWORD index;
    if (query == ACM_FORMATTAGDETAILSF_INDEX)
        index = tag->dwFormatTagIndex;
    else if (query == ACM_FORMATTAGDETAILSF_FORMATTAG || query == ACM_FORMATTAGDETAILSF_LARGESTSIZE)
        index = tag->dwFormatTag == WAVE_FORMAT_PCM ? 0 : tag->dwFormatTag == THIRDPARTY_TAG ? 1
              : (query == ACM_FORMATTAGDETAILSF_LARGESTSIZE && tag->dwFormatTag == 0) ? 1 : 2;
    else
        return MMSYSERR_NOTSUPPORTED;
    if (index > 1)
        return query == ACM_FORMATTAGDETAILSF_INDEX ? MMSYSERR_INVALPARAM : ACMERR_NOTPOSSIBLE;
    tag->dwFormatTagIndex = index;
    tag->dwFormatTag = index == 0 ? WAVE_FORMAT_PCM : THIRDPARTY_TAG;
    tag->cbFormatSize = index == 0 ? sizeof(PCMWAVEFORMAT) : sizeof(WAVEFORMATEX);
    tag->fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC;
    tag->cStandardFormats = THIRDPARTY_FORMATS;
    widen(index == 0 ? "PCM" : "Signed 8-bit (test)", tag->szFormatTag, ACMFORMATTAGDETAILS_FORMATTAG_CHARS);
    return MMSYSERR_NOERROR;
}

static LRESULT format_details(ACMFORMATDETAILSW *details, DWORD query)
{
    if (query == ACM_FORMATDETAILSF_INDEX) {
        if (details->dwFormatTag != WAVE_FORMAT_PCM && details->dwFormatTag != THIRDPARTY_TAG)
            return ACMERR_NOTPOSSIBLE;
        if (details->dwFormatIndex >= THIRDPARTY_FORMATS || details->cbwfx < sizeof(PCMWAVEFORMAT))
            return MMSYSERR_INVALPARAM;
        format_fill(details->dwFormatTag, details->dwFormatIndex, details->pwfx, details->cbwfx);
    } else if (query == ACM_FORMATDETAILSF_FORMAT) {
        if (!format_valid(details->pwfx))
            return ACMERR_NOTPOSSIBLE;
    } else {
        return MMSYSERR_NOTSUPPORTED;
    }
    details->fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC;
    details->szFormat[0] = 0; /* let the ACM describe it */
    return MMSYSERR_NOERROR;
}

static LRESULT format_suggest(ACMDRVFORMATSUGGEST *suggest)
{
    const WAVEFORMATEX *source = suggest->pwfxSrc;
    WAVEFORMATEX *destination = suggest->pwfxDst;
    if (!format_valid(source))
        return ACMERR_NOTPOSSIBLE;
    WORD target = source->wFormatTag == WAVE_FORMAT_PCM ? THIRDPARTY_TAG : WAVE_FORMAT_PCM;
    DWORD flags = suggest->fdwSuggest;
    if ((flags & ACM_FORMATSUGGESTF_WFORMATTAG) && destination->wFormatTag != target)
        return ACMERR_NOTPOSSIBLE;
    if ((flags & ACM_FORMATSUGGESTF_NCHANNELS) && destination->nChannels != source->nChannels)
        return ACMERR_NOTPOSSIBLE;
    if ((flags & ACM_FORMATSUGGESTF_NSAMPLESPERSEC) && destination->nSamplesPerSec != source->nSamplesPerSec)
        return ACMERR_NOTPOSSIBLE;
    if ((flags & ACM_FORMATSUGGESTF_WBITSPERSAMPLE) && destination->wBitsPerSample != 8)
        return ACMERR_NOTPOSSIBLE;
    DWORD needed = target == WAVE_FORMAT_PCM ? sizeof(PCMWAVEFORMAT) : sizeof(WAVEFORMATEX);
    if (suggest->cbwfxDst < needed)
        return MMSYSERR_INVALPARAM;
    memcpy(destination, source, sizeof(PCMWAVEFORMAT));
    destination->wFormatTag = target;
    if (suggest->cbwfxDst >= sizeof(WAVEFORMATEX))
        destination->cbSize = 0;
    return MMSYSERR_NOERROR;
}

static LRESULT stream_open(ACMDRVSTREAMINSTANCE *instance)
{
    const WAVEFORMATEX *source = instance->pwfxSrc, *destination = instance->pwfxDst;
    if (instance->pwfltr || !format_valid(source) || !format_valid(destination))
        return ACMERR_NOTPOSSIBLE;
    if (source->wFormatTag == destination->wFormatTag || source->nChannels != destination->nChannels ||
        source->nSamplesPerSec != destination->nSamplesPerSec)
        return ACMERR_NOTPOSSIBLE;
    if (instance->fdwOpen & ACM_STREAMOPENF_ASYNC)
        return ACMERR_NOTPOSSIBLE; /* not advertised */
    return MMSYSERR_NOERROR; /* nothing to allocate: the conversion is stateless */
}

static LRESULT stream_size(ACMDRVSTREAMSIZE *size)
{
    /* One byte in, one byte out. */
    if ((size->fdwSize & ACM_STREAMSIZEF_QUERYMASK) == ACM_STREAMSIZEF_SOURCE)
        size->cbDstLength = size->cbSrcLength;
    else
        size->cbSrcLength = size->cbDstLength;
    return MMSYSERR_NOERROR;
}

static LRESULT stream_convert(ACMDRVSTREAMHEADER *header)
{
    DWORD count = header->cbSrcLength < header->cbDstLength ? header->cbSrcLength : header->cbDstLength;
    for (DWORD i = 0; i < count; i++)
        header->pbDst[i] = (BYTE)(header->pbSrc[i] ^ 0x80);
    header->cbSrcLengthUsed = count;
    header->cbDstLengthUsed = count;
    return MMSYSERR_NOERROR;
}

LRESULT CALLBACK DriverProc(DWORD_PTR dwDriverId, HDRVR hdrvr, UINT uMsg, LPARAM lParam1, LPARAM lParam2)
{
    switch (uMsg) {
    case DRV_LOAD:
    case DRV_FREE:
    case DRV_ENABLE:
    case DRV_DISABLE:
    case DRV_CLOSE:
        return 1;
    case DRV_OPEN: {
        const ACMDRVOPENDESCW *desc = (const ACMDRVOPENDESCW *)lParam2;
        if (desc && desc->fccType != ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC)
            return 0;
        return 1;
    }
    case DRV_QUERYCONFIGURE:
        return 0;
    case ACMDM_DRIVER_DETAILS:
        return driver_details((ACMDRIVERDETAILSW *)lParam1);
    case ACMDM_FORMATTAG_DETAILS:
        return format_tag_details((ACMFORMATTAGDETAILSW *)lParam1, (DWORD)lParam2);
    case ACMDM_FORMAT_DETAILS:
        return format_details((ACMFORMATDETAILSW *)lParam1, (DWORD)lParam2);
    case ACMDM_FORMAT_SUGGEST:
        return format_suggest((ACMDRVFORMATSUGGEST *)lParam1);
    case ACMDM_STREAM_OPEN:
        return stream_open((ACMDRVSTREAMINSTANCE *)lParam1);
    case ACMDM_STREAM_CLOSE:
        return MMSYSERR_NOERROR;
    case ACMDM_STREAM_SIZE:
        return stream_size((ACMDRVSTREAMSIZE *)lParam2);
    case ACMDM_STREAM_CONVERT:
        return stream_convert((ACMDRVSTREAMHEADER *)lParam2);
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
}
