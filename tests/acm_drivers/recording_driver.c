/*
 * recording_driver.c - the recording ACM test driver (see recording_driver.h). Written from
 * the ACM driver interface in msacmdrv.h; every answer is chosen by the test suite, so the
 * tests can predict each value the ACM reports.
 */
#include "recording_driver.h"

#include <string.h>

recording_log recording;

ts_driver recording_driver = TS_DRIVER_INIT;

void recording_reset(void)
{
    memset(&recording, 0, sizeof recording);
    ts_driver_clear(&recording_driver);
}

size_t recording_count(UINT message)
{
    return (size_t)ts_driver_count(&recording_driver, message);
}

/* ASCII-only narrowing, enough for the names the ACM passes. */
static void narrow(LPCWSTR text, char *out, size_t capacity)
{
    size_t i = 0;
    if (text) {
        for (; text[i] && i + 1 < capacity; i++)
            out[i] = text[i] < 128 ? (char)text[i] : '?';
    }
    out[i] = 0;
}

static void widen(const char *text, WCHAR *out, size_t capacity)
{
    size_t i = 0;
    for (; text[i] && i + 1 < capacity; i++)
        out[i] = (WCHAR)(unsigned char)text[i];
    out[i] = 0;
}

static LRESULT driver_details(ACMDRIVERDETAILSW *caller)
{
    ACMDRIVERDETAILSW details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.fccType = ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC;
    details.wMid = 0xFFFF;
    details.wPid = 0x0001;
    details.vdwACM = MAKE_ACM_VERSION(4, 0, 0);
    details.vdwDriver = MAKE_ACM_VERSION(1, 2, 3);
    details.fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC | ACMDRIVERDETAILS_SUPPORTF_FILTER;
    details.cFormatTags = 2;
    details.cFilterTags = 1;
    widen("Recording", details.szShortName, ACMDRIVERDETAILS_SHORTNAME_CHARS);
    widen("portacm recording test driver", details.szLongName, ACMDRIVERDETAILS_LONGNAME_CHARS);
    widen("none", details.szCopyright, ACMDRIVERDETAILS_COPYRIGHT_CHARS);
    DWORD size = caller->cbStruct < sizeof details ? caller->cbStruct : (DWORD)sizeof details;
    memcpy(caller, &details, size);
    caller->cbStruct = size;
    return MMSYSERR_NOERROR;
}

static void tag_fill(ACMFORMATTAGDETAILSW *tag, DWORD index)
{
    tag->dwFormatTagIndex = index;
    tag->fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC;
    tag->cStandardFormats = 2;
    if (index == 0) {
        tag->dwFormatTag = WAVE_FORMAT_PCM;
        tag->cbFormatSize = sizeof(PCMWAVEFORMAT);
        tag->szFormatTag[0] = 0; /* the ACM names it "PCM" */
    } else {
        tag->dwFormatTag = RECORDING_TAG;
        tag->cbFormatSize = RECORDING_FORMAT_SIZE;
        widen("Recording tag", tag->szFormatTag, ACMFORMATTAGDETAILS_FORMATTAG_CHARS);
    }
}

static LRESULT format_tag_details(ACMFORMATTAGDETAILSW *tag, DWORD query)
{
    switch (query) {
    case ACM_FORMATTAGDETAILSF_INDEX:
        if (tag->dwFormatTagIndex >= 2)
            return MMSYSERR_INVALPARAM;
        tag_fill(tag, tag->dwFormatTagIndex);
        return MMSYSERR_NOERROR;
    case ACM_FORMATTAGDETAILSF_FORMATTAG:
        if (tag->dwFormatTag == WAVE_FORMAT_PCM)
            tag_fill(tag, 0);
        else if (tag->dwFormatTag == RECORDING_TAG)
            tag_fill(tag, 1);
        else
            return ACMERR_NOTPOSSIBLE;
        return MMSYSERR_NOERROR;
    case ACM_FORMATTAGDETAILSF_LARGESTSIZE:
        if (tag->dwFormatTag == WAVE_FORMAT_PCM)
            tag_fill(tag, 0);
        else if (tag->dwFormatTag == RECORDING_TAG || tag->dwFormatTag == WAVE_FORMAT_UNKNOWN)
            tag_fill(tag, 1);
        else
            return ACMERR_NOTPOSSIBLE;
        return MMSYSERR_NOERROR;
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
}

/* Standard format `index` of `tag` into `format` (which has room for `size` bytes). */
static bool format_fill(DWORD tag, DWORD index, WAVEFORMATEX *format, DWORD size)
{
    WORD channels = (WORD)(index + 1);
    if (tag == WAVE_FORMAT_PCM) {
        if (size < sizeof(PCMWAVEFORMAT))
            return false;
        format->wFormatTag = WAVE_FORMAT_PCM;
        format->nChannels = channels;
        format->nSamplesPerSec = 8000;
        format->wBitsPerSample = 16;
        format->nBlockAlign = (WORD)(2 * channels);
        format->nAvgBytesPerSec = 8000u * format->nBlockAlign;
        if (size >= sizeof(WAVEFORMATEX))
            format->cbSize = 0;
        return true;
    }
    if (size < RECORDING_FORMAT_SIZE)
        return false;
    format->wFormatTag = RECORDING_TAG;
    format->nChannels = channels;
    format->nSamplesPerSec = 8000;
    format->wBitsPerSample = 8;
    format->nBlockAlign = channels;
    format->nAvgBytesPerSec = 8000u * channels;
    format->cbSize = 2;
    ((BYTE *)format)[18] = 0xCD;
    ((BYTE *)format)[19] = 0xAB;
    return true;
}

/* True when `format` is one of this driver's formats of `tag`. */
static bool format_known(const WAVEFORMATEX *format)
{
    if (format->wFormatTag != WAVE_FORMAT_PCM && format->wFormatTag != RECORDING_TAG)
        return false;
    if (format->nSamplesPerSec != 8000 || format->nChannels < 1 || format->nChannels > 2)
        return false;
    if (format->wFormatTag == WAVE_FORMAT_PCM)
        return format->wBitsPerSample == 16 && format->nBlockAlign == 2 * format->nChannels;
    return format->wBitsPerSample == 8 && format->nBlockAlign == format->nChannels && format->cbSize == 2;
}

static LRESULT format_details(ACMFORMATDETAILSW *details, DWORD query)
{
    if (query == ACM_FORMATDETAILSF_INDEX) {
        if (details->dwFormatTag != WAVE_FORMAT_PCM && details->dwFormatTag != RECORDING_TAG)
            return ACMERR_NOTPOSSIBLE;
        if (details->dwFormatIndex >= 2)
            return MMSYSERR_INVALPARAM;
        if (!format_fill(details->dwFormatTag, details->dwFormatIndex, details->pwfx, details->cbwfx))
            return MMSYSERR_INVALPARAM;
    } else if (query == ACM_FORMATDETAILSF_FORMAT) {
        if (!format_known(details->pwfx))
            return ACMERR_NOTPOSSIBLE;
    } else {
        return MMSYSERR_NOTSUPPORTED;
    }
    details->fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC;
    if (details->pwfx->wFormatTag == RECORDING_TAG)
        widen(details->pwfx->nChannels == 1 ? "Recording mono" : "Recording stereo", details->szFormat,
              ACMFORMATDETAILS_FORMAT_CHARS);
    else
        details->szFormat[0] = 0; /* the ACM describes PCM itself */
    return MMSYSERR_NOERROR;
}

static LRESULT format_suggest(ACMDRVFORMATSUGGEST *suggest)
{
    const WAVEFORMATEX *source = suggest->pwfxSrc;
    WAVEFORMATEX *destination = suggest->pwfxDst;
    if (!format_known(source))
        return ACMERR_NOTPOSSIBLE;
    DWORD target = source->wFormatTag == RECORDING_TAG ? WAVE_FORMAT_PCM : RECORDING_TAG;
    DWORD flags = suggest->fdwSuggest;
    if ((flags & ACM_FORMATSUGGESTF_WFORMATTAG) && destination->wFormatTag != target)
        return ACMERR_NOTPOSSIBLE;
    if ((flags & ACM_FORMATSUGGESTF_NCHANNELS) && destination->nChannels != source->nChannels)
        return ACMERR_NOTPOSSIBLE;
    if ((flags & ACM_FORMATSUGGESTF_NSAMPLESPERSEC) && destination->nSamplesPerSec != 8000)
        return ACMERR_NOTPOSSIBLE;
    if ((flags & ACM_FORMATSUGGESTF_WBITSPERSAMPLE) &&
        destination->wBitsPerSample != (target == WAVE_FORMAT_PCM ? 16 : 8))
        return ACMERR_NOTPOSSIBLE;
    if (!format_fill(target, (DWORD)source->nChannels - 1, destination, suggest->cbwfxDst))
        return MMSYSERR_INVALPARAM;
    return MMSYSERR_NOERROR;
}

static LRESULT stream_open(ACMDRVSTREAMINSTANCE *instance)
{
    const WAVEFORMATEX *source = instance->pwfxSrc;
    const WAVEFORMATEX *destination = instance->pwfxDst;
    if (!format_known(source) || !format_known(destination))
        return ACMERR_NOTPOSSIBLE;
    if (source->wFormatTag == destination->wFormatTag || source->nChannels != destination->nChannels)
        return ACMERR_NOTPOSSIBLE;
    return MMSYSERR_NOERROR;
}

static LRESULT filter_tag_details(ACMFILTERTAGDETAILSW *tag, DWORD query)
{
    if (query == ACM_FILTERTAGDETAILSF_INDEX && tag->dwFilterTagIndex != 0)
        return MMSYSERR_INVALPARAM;
    if (query == ACM_FILTERTAGDETAILSF_FILTERTAG && tag->dwFilterTag != RECORDING_FILTER_TAG)
        return ACMERR_NOTPOSSIBLE;
    if (query == ACM_FILTERTAGDETAILSF_LARGESTSIZE && tag->dwFilterTag != RECORDING_FILTER_TAG &&
        tag->dwFilterTag != WAVE_FILTER_UNKNOWN)
        return ACMERR_NOTPOSSIBLE;
    tag->dwFilterTagIndex = 0;
    tag->dwFilterTag = RECORDING_FILTER_TAG;
    tag->cbFilterSize = RECORDING_FILTER_SIZE;
    tag->fdwSupport = ACMDRIVERDETAILS_SUPPORTF_FILTER;
    tag->cStandardFilters = 2;
    widen("Recording filter", tag->szFilterTag, ACMFILTERTAGDETAILS_FILTERTAG_CHARS);
    return MMSYSERR_NOERROR;
}

static LRESULT filter_details(ACMFILTERDETAILSW *details, DWORD query)
{
    if (details->dwFilterTag != RECORDING_FILTER_TAG)
        return ACMERR_NOTPOSSIBLE;
    DWORD level;
    if (query == ACM_FILTERDETAILSF_INDEX) {
        if (details->dwFilterIndex >= 2 || details->cbwfltr < RECORDING_FILTER_SIZE)
            return MMSYSERR_INVALPARAM;
        level = details->dwFilterIndex + 1;
        memset(details->pwfltr, 0, RECORDING_FILTER_SIZE);
        details->pwfltr->cbStruct = RECORDING_FILTER_SIZE;
        details->pwfltr->dwFilterTag = RECORDING_FILTER_TAG;
        memcpy((BYTE *)details->pwfltr + sizeof(WAVEFILTER), &level, sizeof level);
    } else if (query == ACM_FILTERDETAILSF_FILTER) {
        if (details->pwfltr->cbStruct < RECORDING_FILTER_SIZE)
            return ACMERR_NOTPOSSIBLE;
        memcpy(&level, (BYTE *)details->pwfltr + sizeof(WAVEFILTER), sizeof level);
        if (level < 1 || level > 2)
            return ACMERR_NOTPOSSIBLE;
    } else {
        return MMSYSERR_NOTSUPPORTED;
    }
    details->fdwSupport = ACMDRIVERDETAILS_SUPPORTF_FILTER;
    widen(level == 1 ? "Level 1" : "Level 2", details->szFilter, ACMFILTERDETAILS_FILTER_CHARS);
    return MMSYSERR_NOERROR;
}

/* The driver's own answers (the life cycle is ts_driver's, which records every message). */
static LRESULT recording_hook(ts_driver *driver, DWORD_PTR dwDriverId, HDRVR hdrvr, UINT uMsg, LPARAM lParam1,
                              LPARAM lParam2)
{
    (void)driver;
    (void)hdrvr;
    if (uMsg >= ACMDM_USER)
        recording.last_driver_id = dwDriverId;
    switch (uMsg) {
    case DRV_LOAD:
    case DRV_FREE:
    case DRV_ENABLE:
    case DRV_DISABLE:
    case DRV_CLOSE:
        return TS_DRIVER_STANDARD;
    case DRV_OPEN: {
        const ACMDRVOPENDESCW *desc = (const ACMDRVOPENDESCW *)lParam2;
        if (!desc)
            return 1;
        recording.open_desc_seen = true;
        recording.open_desc = *desc;
        narrow(desc->pszSectionName, recording.open_section, sizeof recording.open_section);
        narrow(desc->pszAliasName, recording.open_alias, sizeof recording.open_alias);
        if (desc->fccType != ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC)
            return 0;
        return RECORDING_INSTANCE_ID;
    }
    case DRV_QUERYCONFIGURE:
        return 1;
    case DRV_CONFIGURE: {
        const DRVCONFIGINFOEX *info = (const DRVCONFIGINFOEX *)lParam2;
        recording.configure_seen = true;
        if (info) {
            recording.configure_size = info->dwDCISize;
            narrow(info->lpszDCISectionName, recording.configure_section, sizeof recording.configure_section);
            narrow(info->lpszDCIAliasName, recording.configure_alias, sizeof recording.configure_alias);
        }
        return DRVCNF_OK;
    }
    case ACMDM_DRIVER_ABOUT:
        return lParam1 == -1 ? MMSYSERR_NOERROR : MMSYSERR_NOTSUPPORTED;
    case ACMDM_USER + 1:
        return RECORDING_USER_ANSWER;
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
    case ACMDM_FILTERTAG_DETAILS:
        return filter_tag_details((ACMFILTERTAGDETAILSW *)lParam1, (DWORD)lParam2);
    case ACMDM_FILTER_DETAILS:
        return filter_details((ACMFILTERDETAILSW *)lParam1, (DWORD)lParam2);
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
}

LRESULT CALLBACK recording_driver_proc(DWORD_PTR dwDriverId, HDRVR hdrvr, UINT uMsg, LPARAM lParam1, LPARAM lParam2)
{
    recording_driver.hook = recording_hook;
    return ts_driver_answer(&recording_driver, dwDriverId, hdrvr, uMsg, lParam1, lParam2);
}
