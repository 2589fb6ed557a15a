/*
 * codec_driver.c - the shared DriverProc of portacm's built-in ACM drivers (see
 * codec_driver_int.h). It answers the installable-driver and ACMDM_* messages the same way for
 * every codec and asks the codec's descriptor only what is codec-specific, so that the ACM
 * core reaches a built-in codec exactly as it reaches a third-party driver.
 *
 * Every pointer and length the messages carry is checked before use: the ACM core validates
 * the public arguments, but a DriverProc can also be called directly (acmDriverMessage,
 * SendDriverMessage, tests), and format fields are hostile.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "codec_driver_int.h"
#include "codecs_int.h"
#include "common_int.h"

const DWORD pacm_codec_standard_rates[4] = {8000, 11025, 22050, 44100};

/* ---- small helpers ------------------------------------------------------------------------- */

DWORD pacm_codec_format_size(const WAVEFORMATEX *wfx)
{
    if (wfx->wFormatTag == WAVE_FORMAT_PCM)
        return 16;
    return 18u + wfx->cbSize;
}

void pacm_codec_set_pcm(WAVEFORMATEX *wfx, WORD channels, DWORD rate, WORD bits)
{
    wfx->wFormatTag = WAVE_FORMAT_PCM;
    wfx->nChannels = channels;
    wfx->nSamplesPerSec = rate;
    wfx->wBitsPerSample = bits;
    wfx->nBlockAlign = (WORD)(channels * (bits / 8u));
    wfx->nAvgBytesPerSec = (DWORD)(rate * (DWORD)wfx->nBlockAlign);
    wfx->cbSize = 0;
}

bool pacm_codec_pcm_valid(const WAVEFORMATEX *wfx, WORD bits, WORD max_channels)
{
    if (wfx->wFormatTag != WAVE_FORMAT_PCM || wfx->wBitsPerSample != bits)
        return false;
    if (wfx->nChannels == 0 || wfx->nChannels > max_channels || wfx->nSamplesPerSec == 0)
        return false;
    if (wfx->nBlockAlign != (DWORD)wfx->nChannels * (bits / 8u))
        return false;
    return wfx->nAvgBytesPerSec == (DWORD)(wfx->nSamplesPerSec * (DWORD)wfx->nBlockAlign);
}

bool pacm_codec_s16_in_place(const void *p)
{
    const uint16_t one = 1;
    BYTE first;
    memcpy(&first, &one, 1);
    return first == 1 && (uintptr_t)p % _Alignof(int16_t) == 0;
}

void pacm_codec_pcm_to_s16(const BYTE *src, WORD bits, int16_t *out, size_t n)
{
    if (bits == 8) {
        for (size_t i = 0; i < n; i++)
            out[i] = (int16_t)(((int)src[i] - 128) * 256);
    } else {
        for (size_t i = 0; i < n; i++)
            out[i] = codec_read_s16(src + 2 * i);
    }
}

void pacm_codec_s16_to_pcm(const int16_t *in, BYTE *dst, WORD bits, size_t n)
{
    if (bits == 8) {
        for (size_t i = 0; i < n; i++)
            dst[i] = (BYTE)((in[i] >> 8) + 128);
    } else {
        for (size_t i = 0; i < n; i++)
            codec_write_s16(dst + 2 * i, in[i]);
    }
}

static void copy_ascii(WCHAR *out, size_t capacity, const char *text)
{
    pacm_utf8_to_utf16_buffer(text ? text : "", out, capacity);
}

static const codec_tag *find_tag(const codec_descriptor *codec, DWORD tag, DWORD *index)
{
    for (DWORD i = 0; i < codec->tag_count; i++) {
        if (codec->tags[i].tag == tag) {
            if (index)
                *index = i;
            return &codec->tags[i];
        }
    }
    return NULL;
}

void pacm_codec_channels_text(WORD channels, char *text, size_t capacity)
{
    if (channels == 1)
        snprintf(text, capacity, "Mono");
    else if (channels == 2)
        snprintf(text, capacity, "Stereo");
    else
        snprintf(text, capacity, "%u Channels", (unsigned)channels);
}

void pacm_codecs_format_text(const WAVEFORMATEX *wfx, char *text, size_t capacity)
{
    char channels[24];
    char bits[24] = "";
    pacm_codec_channels_text(wfx->nChannels, channels, sizeof channels);
    if (wfx->wBitsPerSample)
        snprintf(bits, sizeof bits, ", %u Bit", (unsigned)wfx->wBitsPerSample);
    snprintf(text, capacity, "%lu.%03lu kHz%s, %s", (unsigned long)(wfx->nSamplesPerSec / 1000),
             (unsigned long)(wfx->nSamplesPerSec % 1000), bits, channels);
}

/* The szFormat of a format: the codec's own wording, or the common one. */
static void describe_format(const codec_descriptor *codec, const WAVEFORMATEX *wfx, WCHAR *out, size_t capacity)
{
    char text[ACMFORMATDETAILS_FORMAT_CHARS];
    if (codec->format_text)
        codec->format_text(wfx, text, sizeof text);
    else
        pacm_codecs_format_text(wfx, text, sizeof text);
    copy_ascii(out, capacity, text);
}

/* Whether `wfx` with `size` readable bytes is a format of this driver it accepts. */
static bool format_acceptable(const codec_descriptor *codec, const WAVEFORMATEX *wfx, DWORD size)
{
    if (size < 16)
        return false;
    if (wfx->wFormatTag != WAVE_FORMAT_PCM) {
        if (size < 18 || size < pacm_codec_format_size(wfx))
            return false;
    }
    if (!find_tag(codec, wfx->wFormatTag, NULL))
        return false;
    return codec->format_supported(wfx, size);
}

/* ---- DRV_OPEN -------------------------------------------------------------------------------- */

static atomic_uint next_instance_id = 1;

/* Accepts a NULL open description (configuration open) or one for 'audc'; returns a non-zero
 * instance ID. Instances carry no state: streams keep theirs in the stream instance. */
static LRESULT driver_open(ACMDRVOPENDESCW *desc)
{
    if (desc) {
        if (desc->cbStruct < offsetof(ACMDRVOPENDESCW, fccComp))
            return 0;
        if (desc->fccType != ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC) {
            if (desc->cbStruct >= offsetof(ACMDRVOPENDESCW, pszSectionName))
                desc->dwError = MMSYSERR_NOTSUPPORTED;
            return 0;
        }
        if (desc->cbStruct >= offsetof(ACMDRVOPENDESCW, pszSectionName))
            desc->dwError = MMSYSERR_NOERROR;
    }
    unsigned id = atomic_fetch_add(&next_instance_id, 1u);
    if (id == 0) /* wrapped around */
        id = atomic_fetch_add(&next_instance_id, 1u);
    return (LRESULT)id;
}

/* ---- ACMDM_DRIVER_DETAILS ------------------------------------------------------------------- */

static MMRESULT driver_details(const codec_descriptor *codec, ACMDRIVERDETAILSW *out)
{
    if (!out || out->cbStruct < 4)
        return MMSYSERR_INVALPARAM;
    ACMDRIVERDETAILSW details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.fccType = ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC;
    details.fccComp = ACMDRIVERDETAILS_FCCCOMP_UNDEFINED;
    details.wMid = codec->mid;
    details.wPid = codec->pid;
    details.vdwACM = codec->version_acm;
    details.vdwDriver = codec->version_driver;
    details.fdwSupport = codec->support;
    details.cFormatTags = codec->tag_count;
    details.cFilterTags = 0;
    details.hicon = NULL;
    copy_ascii(details.szShortName, ACMDRIVERDETAILS_SHORTNAME_CHARS, codec->short_name);
    copy_ascii(details.szLongName, ACMDRIVERDETAILS_LONGNAME_CHARS, codec->long_name);
    copy_ascii(details.szCopyright, ACMDRIVERDETAILS_COPYRIGHT_CHARS, codec->copyright);
    copy_ascii(details.szLicensing, ACMDRIVERDETAILS_LICENSING_CHARS, codec->licensing);
    copy_ascii(details.szFeatures, ACMDRIVERDETAILS_FEATURES_CHARS, codec->features);
    DWORD size = out->cbStruct < sizeof details ? out->cbStruct : (DWORD)sizeof details;
    details.cbStruct = size;
    memcpy(out, &details, size);
    return MMSYSERR_NOERROR;
}

/* ---- ACMDM_FORMATTAG_DETAILS ---------------------------------------------------------------- */

static MMRESULT format_tag_details(const codec_descriptor *codec, ACMFORMATTAGDETAILSW *out, DWORD flags)
{
    if (!out || out->cbStruct < offsetof(ACMFORMATTAGDETAILSW, cbFormatSize))
        return MMSYSERR_INVALPARAM;
    const codec_tag *tag = NULL;
    DWORD index = 0;
    switch (flags & ACM_FORMATTAGDETAILSF_QUERYMASK) {
    case ACM_FORMATTAGDETAILSF_INDEX:
        if (out->dwFormatTagIndex >= codec->tag_count)
            return ACMERR_NOTPOSSIBLE;
        index = out->dwFormatTagIndex;
        tag = &codec->tags[index];
        break;
    case ACM_FORMATTAGDETAILSF_FORMATTAG:
        tag = find_tag(codec, out->dwFormatTag, &index);
        break;
    case ACM_FORMATTAGDETAILSF_LARGESTSIZE:
        if (out->dwFormatTag == WAVE_FORMAT_UNKNOWN) {
            for (DWORD i = 0; i < codec->tag_count; i++) {
                if (!tag || codec->tags[i].format_size > tag->format_size) {
                    tag = &codec->tags[i];
                    index = i;
                }
            }
        } else {
            tag = find_tag(codec, out->dwFormatTag, &index);
        }
        break;
    default:
        return MMSYSERR_INVALFLAG;
    }
    if (flags & ~ACM_FORMATTAGDETAILSF_QUERYMASK)
        return MMSYSERR_INVALFLAG;
    if (!tag)
        return ACMERR_NOTPOSSIBLE;

    ACMFORMATTAGDETAILSW details;
    memset(&details, 0, sizeof details);
    details.cbStruct = out->cbStruct < sizeof details ? out->cbStruct : (DWORD)sizeof details;
    details.dwFormatTagIndex = index;
    details.dwFormatTag = tag->tag;
    details.cbFormatSize = tag->format_size;
    details.fdwSupport = codec->support;
    details.cStandardFormats = tag->standard_count;
    copy_ascii(details.szFormatTag, ACMFORMATTAGDETAILS_FORMATTAG_CHARS, tag->name);
    memcpy(out, &details, details.cbStruct);
    return MMSYSERR_NOERROR;
}

/* ---- ACMDM_FORMAT_DETAILS ------------------------------------------------------------------- */

/* Writes the fields after pwfx/cbwfx (szFormat) as far as cbStruct reaches. */
static void set_format_text(const codec_descriptor *codec, ACMFORMATDETAILSW *out, const WAVEFORMATEX *wfx)
{
    ACMFORMATDETAILSW details;
    memset(&details, 0, sizeof details);
    describe_format(codec, wfx, details.szFormat, ACMFORMATDETAILS_FORMAT_CHARS);
    size_t start = offsetof(ACMFORMATDETAILSW, szFormat);
    if (out->cbStruct > start) {
        size_t end = out->cbStruct < sizeof details ? out->cbStruct : sizeof details;
        memcpy((BYTE *)out + start, (const BYTE *)&details + start, end - start);
    }
}

static MMRESULT format_details(const codec_descriptor *codec, ACMFORMATDETAILSW *out, DWORD flags)
{
    if (!out || out->cbStruct < offsetof(ACMFORMATDETAILSW, szFormat))
        return MMSYSERR_INVALPARAM;
    if (flags & ~ACM_FORMATDETAILSF_QUERYMASK)
        return MMSYSERR_INVALFLAG;
    if (!out->pwfx || out->cbwfx < 16)
        return MMSYSERR_INVALPARAM;

    switch (flags & ACM_FORMATDETAILSF_QUERYMASK) {
    case ACM_FORMATDETAILSF_INDEX: {
        DWORD tag_index;
        const codec_tag *tag = find_tag(codec, out->dwFormatTag, &tag_index);
        if (!tag)
            return ACMERR_NOTPOSSIBLE;
        if (out->dwFormatIndex >= tag->standard_count)
            return MMSYSERR_INVALPARAM;
        codec_format_buffer buffer;
        memset(&buffer, 0, sizeof buffer);
        codec->standard_format(tag_index, out->dwFormatIndex, &buffer.wfx);
        /* A PCM format is written as a WAVEFORMATEX (cbSize 0) when the buffer has room. */
        DWORD size = buffer.wfx.wFormatTag == WAVE_FORMAT_PCM ? 18 : pacm_codec_format_size(&buffer.wfx);
        if (size > out->cbwfx)
            size = out->cbwfx;
        memcpy(out->pwfx, buffer.bytes, size);
        out->fdwSupport = codec->support;
        set_format_text(codec, out, &buffer.wfx);
        return MMSYSERR_NOERROR;
    }
    case ACM_FORMATDETAILSF_FORMAT:
        if (!format_acceptable(codec, out->pwfx, out->cbwfx))
            return ACMERR_NOTPOSSIBLE;
        out->fdwSupport = codec->support;
        set_format_text(codec, out, out->pwfx);
        return MMSYSERR_NOERROR;
    default:
        return MMSYSERR_INVALFLAG;
    }
}

/* ---- ACMDM_FORMAT_SUGGEST ------------------------------------------------------------------- */

static MMRESULT format_suggest(const codec_descriptor *codec, ACMDRVFORMATSUGGEST *fs)
{
    if (!fs || fs->cbStruct < sizeof *fs || !fs->pwfxSrc || !fs->pwfxDst)
        return MMSYSERR_INVALPARAM;
    if (fs->fdwSuggest & ~ACM_FORMATSUGGESTF_TYPEMASK)
        return MMSYSERR_INVALFLAG;
    if (fs->cbwfxSrc < 16 || fs->cbwfxDst < 16)
        return MMSYSERR_INVALPARAM;
    const DWORD flags = fs->fdwSuggest & (ACM_FORMATSUGGESTF_WFORMATTAG | ACM_FORMATSUGGESTF_NCHANNELS |
                                          ACM_FORMATSUGGESTF_NSAMPLESPERSEC | ACM_FORMATSUGGESTF_WBITSPERSAMPLE);
    const WAVEFORMATEX *src = fs->pwfxSrc;
    if (!format_acceptable(codec, src, fs->cbwfxSrc))
        return ACMERR_NOTPOSSIBLE;

    /* The binding fields of the request all lie in the first 16 bytes. */
    WAVEFORMATEX request;
    memset(&request, 0, sizeof request);
    memcpy(&request, fs->pwfxDst, 16);
    if ((flags & ACM_FORMATSUGGESTF_WFORMATTAG) && !find_tag(codec, request.wFormatTag, NULL))
        return ACMERR_NOTPOSSIBLE;

    codec_format_buffer buffer;
    memset(&buffer, 0, sizeof buffer);
    MMRESULT mr = codec->suggest(src, &request, flags, &buffer.wfx);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    const WAVEFORMATEX *result = &buffer.wfx;
    /* The skeleton enforces the contract: the binding fields are kept and the result is a
     * format this driver really converts the source to. */
    if (((flags & ACM_FORMATSUGGESTF_WFORMATTAG) && result->wFormatTag != request.wFormatTag) ||
        ((flags & ACM_FORMATSUGGESTF_NCHANNELS) && result->nChannels != request.nChannels) ||
        ((flags & ACM_FORMATSUGGESTF_NSAMPLESPERSEC) && result->nSamplesPerSec != request.nSamplesPerSec) ||
        ((flags & ACM_FORMATSUGGESTF_WBITSPERSAMPLE) && result->wBitsPerSample != request.wBitsPerSample))
        return ACMERR_NOTPOSSIBLE;
    DWORD size = pacm_codec_format_size(result);
    if (size > CODEC_MAX_FORMAT_SIZE || !format_acceptable(codec, result, size))
        return ACMERR_NOTPOSSIBLE;
    if (codec->stream_open(src, result, ACM_STREAMOPENF_QUERY, NULL) != MMSYSERR_NOERROR)
        return ACMERR_NOTPOSSIBLE;
    if (result->wFormatTag == WAVE_FORMAT_PCM && fs->cbwfxDst >= 18)
        size = 18; /* as a WAVEFORMATEX with cbSize 0 */
    if (size > fs->cbwfxDst)
        return ACMERR_NOTPOSSIBLE;
    memcpy(fs->pwfxDst, buffer.bytes, size);
    return MMSYSERR_NOERROR;
}

/* ---- ACMDM_STREAM_* ------------------------------------------------------------------------- */

static MMRESULT stream_open(const codec_descriptor *codec, ACMDRVSTREAMINSTANCE *si)
{
    if (!si || !si->pwfxSrc || !si->pwfxDst)
        return MMSYSERR_INVALPARAM;
    /* Built-ins do not advertise ACMDRIVERDETAILS_SUPPORTF_ASYNC: the ACM runs asynchronous
     * streams for them on its own worker and never asks a driver for ASYNC. */
    if (si->fdwOpen & ACM_STREAMOPENF_ASYNC)
        return ACMERR_NOTPOSSIBLE;
    if (si->pwfltr)
        return ACMERR_NOTPOSSIBLE;
    const WAVEFORMATEX *src = si->pwfxSrc, *dst = si->pwfxDst;
    if (!format_acceptable(codec, src, pacm_codec_format_size(src)) ||
        !format_acceptable(codec, dst, pacm_codec_format_size(dst)))
        return ACMERR_NOTPOSSIBLE;
    if (si->fdwOpen & ACM_STREAMOPENF_QUERY)
        return codec->stream_open(src, dst, si->fdwOpen, NULL);
    codec_stream *stream = NULL;
    MMRESULT mr = codec->stream_open(src, dst, si->fdwOpen, &stream);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    if (!stream)
        return MMSYSERR_ERROR;
    si->dwDriver = (DWORD_PTR)stream;
    return MMSYSERR_NOERROR;
}

static codec_stream *stream_of(const ACMDRVSTREAMINSTANCE *si)
{
    return si ? (codec_stream *)si->dwDriver : NULL;
}

static MMRESULT acmdm_stream_close(ACMDRVSTREAMINSTANCE *si)
{
    if (!si)
        return MMSYSERR_INVALPARAM;
    codec_stream *stream = stream_of(si);
    if (stream)
        stream->ops->stream_destroy(stream);
    si->dwDriver = 0;
    return MMSYSERR_NOERROR;
}

static MMRESULT acmdm_stream_size(ACMDRVSTREAMINSTANCE *si, ACMDRVSTREAMSIZE *ss)
{
    if (!si || !ss)
        return MMSYSERR_INVALPARAM;
    codec_stream *stream = stream_of(si);
    if (!stream)
        return MMSYSERR_INVALHANDLE;
    if (ss->fdwSize & ~ACM_STREAMSIZEF_QUERYMASK)
        return MMSYSERR_INVALFLAG;
    switch (ss->fdwSize & ACM_STREAMSIZEF_QUERYMASK) {
    case ACM_STREAMSIZEF_SOURCE:
        return stream->ops->stream_size(stream, ACM_STREAMSIZEF_SOURCE, ss->cbSrcLength, &ss->cbDstLength);
    case ACM_STREAMSIZEF_DESTINATION:
        return stream->ops->stream_size(stream, ACM_STREAMSIZEF_DESTINATION, ss->cbDstLength, &ss->cbSrcLength);
    default:
        return MMSYSERR_INVALFLAG;
    }
}

static MMRESULT acmdm_stream_convert(ACMDRVSTREAMINSTANCE *si, ACMDRVSTREAMHEADER *sh)
{
    if (!si || !sh)
        return MMSYSERR_INVALPARAM;
    codec_stream *stream = stream_of(si);
    if (!stream)
        return MMSYSERR_INVALHANDLE;
    if ((!sh->pbSrc && sh->cbSrcLength) || (!sh->pbDst && sh->cbDstLength))
        return MMSYSERR_INVALPARAM;
    DWORD src_used = 0, dst_used = 0;
    MMRESULT mr = stream->ops->stream_convert(stream, sh->fdwConvert, sh->pbSrc, sh->cbSrcLength, &src_used, sh->pbDst,
                                       sh->cbDstLength, &dst_used);
    sh->cbSrcLengthUsed = src_used;
    sh->cbDstLengthUsed = dst_used;
    return mr;
}

/* ---- the DriverProc ------------------------------------------------------------------------- */

LRESULT pacm_codec_driver_proc(const codec_descriptor *codec, DWORD_PTR driver_id, HDRVR hdrvr, UINT message,
                          LPARAM lParam1, LPARAM lParam2)
{
    switch (message) {
    case DRV_LOAD:
    case DRV_FREE:
    case DRV_ENABLE:
    case DRV_DISABLE:
        return 1;
    case DRV_OPEN:
        return driver_open((ACMDRVOPENDESCW *)lParam2);
    case DRV_CLOSE:
        return 1;
    case DRV_QUERYCONFIGURE:
        return 0; /* no configuration dialog */
    case DRV_CONFIGURE:
        return DRVCNF_CANCEL;
    case DRV_INSTALL:
    case DRV_REMOVE:
        return DRVCNF_RESTART; /* as Windows' codecs */

    case ACMDM_DRIVER_NOTIFY:
        return MMSYSERR_NOERROR;
    case ACMDM_DRIVER_ABOUT:
        return MMSYSERR_NOTSUPPORTED; /* no custom About box (lParam1 -1 asks exactly that) */
    case ACMDM_DRIVER_DETAILS:
        return driver_details(codec, (ACMDRIVERDETAILSW *)lParam1);
    case ACMDM_FORMATTAG_DETAILS:
        return format_tag_details(codec, (ACMFORMATTAGDETAILSW *)lParam1, (DWORD)lParam2);
    case ACMDM_FORMAT_DETAILS:
        return format_details(codec, (ACMFORMATDETAILSW *)lParam1, (DWORD)lParam2);
    case ACMDM_FORMAT_SUGGEST:
        return format_suggest(codec, (ACMDRVFORMATSUGGEST *)lParam1);

    case ACMDM_STREAM_OPEN:
        return stream_open(codec, (ACMDRVSTREAMINSTANCE *)lParam1);
    case ACMDM_STREAM_CLOSE:
        return acmdm_stream_close((ACMDRVSTREAMINSTANCE *)lParam1);
    case ACMDM_STREAM_SIZE:
        return acmdm_stream_size((ACMDRVSTREAMINSTANCE *)lParam1, (ACMDRVSTREAMSIZE *)lParam2);
    case ACMDM_STREAM_CONVERT:
        return acmdm_stream_convert((ACMDRVSTREAMINSTANCE *)lParam1, (ACMDRVSTREAMHEADER *)lParam2);
    case ACMDM_STREAM_RESET:
        return MMSYSERR_NOERROR; /* synchronous streams: nothing is ever pending */
    case ACMDM_STREAM_PREPARE:
    case ACMDM_STREAM_UNPREPARE:
    case ACMDM_STREAM_UPDATE:
    case ACMDM_HARDWARE_WAVE_CAPS_INPUT:
    case ACMDM_HARDWARE_WAVE_CAPS_OUTPUT:
    case ACMDM_FILTERTAG_DETAILS:
    case ACMDM_FILTER_DETAILS:
        return MMSYSERR_NOTSUPPORTED;
    default:
        if (message >= DRV_USER) /* ACMDM_USER.. and the rest of the ACMDM_* range */
            return MMSYSERR_NOTSUPPORTED;
        return DefDriverProc(driver_id, hdrvr, message, lParam1, lParam2);
    }
}

/* ---- the block helper ----------------------------------------------------------------------- */

static MMRESULT block_size(codec_stream *base, DWORD flags, DWORD in, DWORD *out)
{
    codec_block_stream *stream = (codec_block_stream *)base;
    uint64_t blocks;
    if (flags == ACM_STREAMSIZEF_SOURCE) {
        if (in < stream->src_block)
            return ACMERR_NOTPOSSIBLE;
        blocks = in / stream->src_block;
        if (stream->partial_min && in % stream->src_block)
            blocks++; /* a partial final block gives at most a whole block's output */
        uint64_t bytes = blocks * stream->dst_block;
        if (bytes > 0xFFFFFFFFu)
            return ACMERR_NOTPOSSIBLE;
        *out = (DWORD)bytes;
    } else {
        blocks = in / stream->dst_block;
        if (blocks == 0)
            return ACMERR_NOTPOSSIBLE;
        uint64_t limit = 0xFFFFFFFFu / stream->src_block;
        if (blocks > limit)
            blocks = limit;
        *out = (DWORD)(blocks * stream->src_block);
    }
    return MMSYSERR_NOERROR;
}

static MMRESULT block_convert(codec_stream *base, DWORD flags, const BYTE *src, DWORD src_length, DWORD *src_used,
                              BYTE *dst, DWORD dst_length, DWORD *dst_used)
{
    codec_block_stream *stream = (codec_block_stream *)base;
    if ((flags & ACM_STREAMCONVERTF_START) && stream->reset_blocks)
        stream->reset_blocks(stream);
    DWORD whole = src_length / stream->src_block;
    DWORD room = dst_length / stream->dst_block;
    DWORD blocks = whole < room ? whole : room;
    DWORD used = 0, written = 0;
    if (blocks) {
        used = blocks * stream->src_block;
        written = stream->convert_blocks(stream, src, used, dst);
    }
    if (blocks == whole && !(flags & ACM_STREAMCONVERTF_BLOCKALIGN) && stream->partial_min) {
        DWORD rest = src_length - used;
        rest -= rest % stream->src_unit;
        if (rest && rest >= stream->partial_min) {
            DWORD n = stream->convert_blocks(stream, src + used, rest, stream->scratch);
            if (n <= dst_length - written) {
                memcpy(dst + written, stream->scratch, n);
                written += n;
                used += rest;
            }
        }
    } else if (blocks == 0 && whole > 0 && dst_length > 0) {
        /* Not even one block fits: convert it and keep what fits (native behaviour). */
        DWORD n = stream->convert_blocks(stream, src, stream->src_block, stream->scratch);
        if (n > dst_length)
            n = dst_length;
        memcpy(dst, stream->scratch, n);
        written = n;
        used = stream->src_block;
    }
    *src_used = used;
    *dst_used = written;
    return MMSYSERR_NOERROR;
}

static void block_destroy(codec_stream *base)
{
    codec_block_stream *stream = (codec_block_stream *)base;
    pacm_mem_free(stream->scratch);
    stream->scratch = NULL;
    stream->destroy_blocks(stream);
}

static const codec_stream_ops block_ops = {block_size, block_convert, block_destroy};

MMRESULT pacm_codec_block_stream_init(codec_block_stream *stream)
{
    if (stream->src_block == 0 || stream->dst_block == 0 || stream->src_unit == 0)
        return ACMERR_NOTPOSSIBLE;
    stream->scratch = pacm_mem_alloc(stream->dst_block);
    if (!stream->scratch)
        return MMSYSERR_NOMEM;
    stream->base.ops = &block_ops;
    return MMSYSERR_NOERROR;
}
