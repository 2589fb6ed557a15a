/*
 * acm_format.c - format tags and formats: acmFormatTagDetails, acmFormatTagEnum,
 * acmFormatDetails, acmFormatEnum (every ACM_FORMATENUMF_* flag) and acmFormatSuggest.
 *
 * Queries made without a driver handle go to the persistent instance of each enabled driver,
 * in priority order, using the capability cache to skip drivers that lack the tag. Argument
 * checks follow Windows' order (reference-behaviour.md §2.4 and §5; docs/acm.md).
 */
#include <stdio.h>
#include <string.h>

#include "acm_int.h"

/* ---- shared helpers (also used by acm_filter.c and acm_choose.c through acm_int.h) ------- */

MMRESULT acm_target_acquire(HACMDRIVER had, acm_target *target)
{
    target->driver = NULL;
    target->id = NULL;
    acm_driver *driver = acm_driver_acquire(had);
    if (driver) {
        target->driver = driver;
        target->id = driver->id;
        acm_driver_id_ref(target->id);
        return MMSYSERR_NOERROR;
    }
    target->id = acm_driver_id_acquire((HACMDRIVERID)had);
    return target->id ? MMSYSERR_NOERROR : MMSYSERR_INVALHANDLE;
}

void acm_target_release(acm_target *target)
{
    if (target->driver)
        acm_driver_release(target->driver);
    acm_driver_id_release(target->id);
    target->driver = NULL;
    target->id = NULL;
}

LRESULT acm_target_send(const acm_target *target, UINT message, LPARAM lParam1, LPARAM lParam2)
{
    return acm_driver_send(target->id, target->driver, message, lParam1, lParam2);
}

MMRESULT acm_targets_acquire(HACMDRIVER had, acm_target_list *targets)
{
    targets->items = NULL;
    targets->count = 0;
    if (had) {
        targets->items = mem_calloc(1, sizeof *targets->items);
        if (!targets->items)
            return MMSYSERR_NOMEM;
        MMRESULT result = acm_target_acquire(had, &targets->items[0]);
        if (result != MMSYSERR_NOERROR) {
            mem_free(targets->items);
            targets->items = NULL;
            return result;
        }
        targets->count = 1;
        return MMSYSERR_NOERROR;
    }
    acm_driver_list list;
    MMRESULT result = acm_driver_list_snapshot(0, &list);
    if (result != MMSYSERR_NOERROR)
        return result;
    if (list.count) {
        targets->items = mem_calloc(list.count, sizeof *targets->items);
        if (!targets->items) {
            acm_driver_list_release(&list);
            return MMSYSERR_NOMEM;
        }
    }
    /* The references move from the snapshot to the targets. */
    for (size_t i = 0; i < list.count; i++) {
        targets->items[i].id = list.ids[i];
        targets->items[i].driver = NULL;
    }
    targets->count = list.count;
    mem_free(list.ids);
    return MMSYSERR_NOERROR;
}

void acm_targets_release(acm_target_list *targets)
{
    for (size_t i = 0; i < targets->count; i++)
        acm_target_release(&targets->items[i]);
    mem_free(targets->items);
    targets->items = NULL;
    targets->count = 0;
}

size_t acm_wide_copy(WCHAR *out, size_t capacity, const char *text)
{
    return utf8_to_utf16_buffer(text, out, capacity);
}

void acm_format_describe(const WAVEFORMATEX *format, WCHAR *out, size_t capacity)
{
    char text[ACMFORMATDETAILS_FORMAT_CHARS];
    unsigned rate = (unsigned)format->nSamplesPerSec;
    int length = snprintf(text, sizeof text, "%u.%03u kHz", rate / 1000u, rate % 1000u);
    if (format->wBitsPerSample && length > 0 && (size_t)length < sizeof text)
        length += snprintf(text + length, sizeof text - (size_t)length, ", %u Bit", (unsigned)format->wBitsPerSample);
    if (length > 0 && (size_t)length < sizeof text) {
        if (format->nChannels == 1)
            snprintf(text + length, sizeof text - (size_t)length, ", Mono");
        else if (format->nChannels == 2)
            snprintf(text + length, sizeof text - (size_t)length, ", Stereo");
        else
            snprintf(text + length, sizeof text - (size_t)length, ", %u Channels", (unsigned)format->nChannels);
    }
    acm_wide_copy(out, capacity, text);
}

/* ---- acmFormatTagDetails ----------------------------------------------------------------- */

/* Gives an empty PCM tag name the text "PCM", as Windows does. */
static void tag_name_fill(ACMFORMATTAGDETAILSW *details)
{
    if (details->dwFormatTag == WAVE_FORMAT_PCM && details->szFormatTag[0] == 0)
        acm_wide_copy(details->szFormatTag, ACMFORMATTAGDETAILS_FORMATTAG_CHARS, "PCM");
}

/* The W core: `details` is a full-size structure (cbStruct already checked). */
static MMRESULT format_tag_details(HACMDRIVER had, ACMFORMATTAGDETAILSW *details, DWORD fdwDetails)
{
    if (fdwDetails & ~ACM_FORMATTAGDETAILSF_QUERYMASK)
        return MMSYSERR_INVALFLAG;
    DWORD query = fdwDetails & ACM_FORMATTAGDETAILSF_QUERYMASK;
    if (query != ACM_FORMATTAGDETAILSF_INDEX && query != ACM_FORMATTAGDETAILSF_FORMATTAG &&
        query != ACM_FORMATTAGDETAILSF_LARGESTSIZE)
        return MMSYSERR_INVALFLAG;
    MMRESULT result;
    if (had) {
        acm_target target;
        result = acm_target_acquire(had, &target);
        if (result != MMSYSERR_NOERROR)
            return result;
        if (query == ACM_FORMATTAGDETAILSF_INDEX && details->dwFormatTagIndex >= target.id->format_tag_count)
            result = MMSYSERR_INVALPARAM;
        else
            result = (MMRESULT)acm_target_send(&target, ACMDM_FORMATTAG_DETAILS, (LPARAM)details, (LPARAM)query);
        acm_target_release(&target);
    } else if (query == ACM_FORMATTAGDETAILSF_INDEX) {
        /* An index means nothing without a driver. */
        return ACMERR_NOTPOSSIBLE;
    } else {
        acm_target_list targets;
        result = acm_targets_acquire(NULL, &targets);
        if (result != MMSYSERR_NOERROR)
            return result;
        result = ACMERR_NOTPOSSIBLE;
        ACMFORMATTAGDETAILSW best;
        DWORD wanted = details->dwFormatTag;
        for (size_t i = 0; i < targets.count; i++) {
            acm_driver_id *id = targets.items[i].id;
            if (wanted != WAVE_FORMAT_UNKNOWN && !acm_driver_id_has_format_tag(id, wanted))
                continue;
            ACMFORMATTAGDETAILSW candidate = *details;
            candidate.cbStruct = sizeof candidate;
            if (acm_target_send(&targets.items[i], ACMDM_FORMATTAG_DETAILS, (LPARAM)&candidate, (LPARAM)query) !=
                MMSYSERR_NOERROR)
                continue;
            if (query == ACM_FORMATTAGDETAILSF_FORMATTAG) {
                best = candidate;
                result = MMSYSERR_NOERROR;
                break;
            }
            if (result != MMSYSERR_NOERROR || candidate.cbFormatSize > best.cbFormatSize) {
                best = candidate;
                result = MMSYSERR_NOERROR;
            }
        }
        acm_targets_release(&targets);
        if (result == MMSYSERR_NOERROR)
            *details = best;
    }
    if (result == MMSYSERR_NOERROR) {
        details->cbStruct = sizeof *details;
        tag_name_fill(details);
    }
    return result;
}

MMRESULT ACMAPI acmFormatTagDetailsW(HACMDRIVER had, LPACMFORMATTAGDETAILSW paftd, DWORD fdwDetails)
{
    acm_init();
    if (!paftd || paftd->cbStruct < sizeof *paftd)
        return MMSYSERR_INVALPARAM;
    ACMFORMATTAGDETAILSW details = *paftd;
    details.cbStruct = sizeof details;
    MMRESULT result = format_tag_details(had, &details, fdwDetails);
    if (result == MMSYSERR_NOERROR)
        *paftd = details; /* cbStruct stays sizeof: the caller's extra bytes are left alone */
    return result;
}

/* W → A copy of a format tag description. */
static void format_tag_to_narrow(const ACMFORMATTAGDETAILSW *wide, ACMFORMATTAGDETAILSA *narrow)
{
    narrow->cbStruct = sizeof *narrow;
    narrow->dwFormatTagIndex = wide->dwFormatTagIndex;
    narrow->dwFormatTag = wide->dwFormatTag;
    narrow->cbFormatSize = wide->cbFormatSize;
    narrow->fdwSupport = wide->fdwSupport;
    narrow->cStandardFormats = wide->cStandardFormats;
    utf16_to_utf8_buffer(wide->szFormatTag, narrow->szFormatTag, sizeof narrow->szFormatTag);
}

MMRESULT ACMAPI acmFormatTagDetailsA(HACMDRIVER had, LPACMFORMATTAGDETAILSA paftd, DWORD fdwDetails)
{
    acm_init();
    if (!paftd || paftd->cbStruct < sizeof *paftd)
        return MMSYSERR_INVALPARAM;
    ACMFORMATTAGDETAILSW details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.dwFormatTagIndex = paftd->dwFormatTagIndex;
    details.dwFormatTag = paftd->dwFormatTag;
    MMRESULT result = format_tag_details(had, &details, fdwDetails);
    if (result == MMSYSERR_NOERROR)
        format_tag_to_narrow(&details, paftd);
    return result;
}

/* ---- acmFormatTagEnum -------------------------------------------------------------------- */

/* Calls `visit` for each format tag of `had` (or of every enabled driver), PCM only once.
 * `visit` returns false to stop. */
typedef BOOL (*format_tag_visit)(HACMDRIVERID hadid, ACMFORMATTAGDETAILSW *details, DWORD support, void *context);

static MMRESULT format_tag_enum(HACMDRIVER had, format_tag_visit visit, void *context)
{
    acm_target_list targets;
    MMRESULT result = acm_targets_acquire(had, &targets);
    if (result != MMSYSERR_NOERROR)
        return result;
    bool pcm_seen = false;
    bool more = true;
    for (size_t i = 0; i < targets.count && more; i++) {
        acm_target *target = &targets.items[i];
        DWORD support = acm_driver_id_support(target->id);
        for (DWORD index = 0; index < target->id->format_tag_count && more; index++) {
            ACMFORMATTAGDETAILSW details;
            memset(&details, 0, sizeof details);
            details.cbStruct = sizeof details;
            details.dwFormatTagIndex = index;
            if (acm_target_send(target, ACMDM_FORMATTAG_DETAILS, (LPARAM)&details, ACM_FORMATTAGDETAILSF_INDEX) !=
                MMSYSERR_NOERROR)
                continue;
            if (details.dwFormatTag == WAVE_FORMAT_PCM) {
                if (pcm_seen)
                    continue;
                pcm_seen = true;
            }
            details.cbStruct = sizeof details;
            tag_name_fill(&details);
            more = visit(target->id->handle, &details, support, context);
        }
    }
    acm_targets_release(&targets);
    return MMSYSERR_NOERROR;
}

typedef struct tag_enum_w {
    ACMFORMATTAGENUMCBW callback;
    ACMFORMATTAGDETAILSW *caller;
    DWORD_PTR instance;
} tag_enum_w;

static BOOL tag_enum_visit_w(HACMDRIVERID hadid, ACMFORMATTAGDETAILSW *details, DWORD support, void *context)
{
    tag_enum_w *state = context;
    *state->caller = *details;
    return state->callback(hadid, state->caller, state->instance, support);
}

MMRESULT ACMAPI acmFormatTagEnumW(HACMDRIVER had, LPACMFORMATTAGDETAILSW paftd, ACMFORMATTAGENUMCBW fnCallback,
                                  DWORD_PTR dwInstance, DWORD fdwEnum)
{
    acm_init();
    if (!paftd || paftd->cbStruct < sizeof *paftd || !fnCallback)
        return MMSYSERR_INVALPARAM;
    if (fdwEnum)
        return MMSYSERR_INVALFLAG;
    tag_enum_w state = {fnCallback, paftd, dwInstance};
    return format_tag_enum(had, tag_enum_visit_w, &state);
}

typedef struct tag_enum_a {
    ACMFORMATTAGENUMCBA callback;
    ACMFORMATTAGDETAILSA *caller;
    DWORD_PTR instance;
} tag_enum_a;

static BOOL tag_enum_visit_a(HACMDRIVERID hadid, ACMFORMATTAGDETAILSW *details, DWORD support, void *context)
{
    tag_enum_a *state = context;
    format_tag_to_narrow(details, state->caller);
    return state->callback(hadid, state->caller, state->instance, support);
}

MMRESULT ACMAPI acmFormatTagEnumA(HACMDRIVER had, LPACMFORMATTAGDETAILSA paftd, ACMFORMATTAGENUMCBA fnCallback,
                                  DWORD_PTR dwInstance, DWORD fdwEnum)
{
    acm_init();
    if (!paftd || paftd->cbStruct < sizeof *paftd || !fnCallback)
        return MMSYSERR_INVALPARAM;
    if (fdwEnum)
        return MMSYSERR_INVALFLAG;
    tag_enum_a state = {fnCallback, paftd, dwInstance};
    return format_tag_enum(had, tag_enum_visit_a, &state);
}

/* ---- acmFormatDetails -------------------------------------------------------------------- */

/* The standard-format count of a tag in one driver, or 0. */
static DWORD tag_standard_formats(const acm_target *target, DWORD tag)
{
    ACMFORMATTAGDETAILSW details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.dwFormatTag = tag;
    if (acm_target_send(target, ACMDM_FORMATTAG_DETAILS, (LPARAM)&details, ACM_FORMATTAGDETAILSF_FORMATTAG) !=
        MMSYSERR_NOERROR)
        return 0;
    return details.cStandardFormats;
}

/* Fills an empty szFormat after a driver answered. */
static void format_name_fill(ACMFORMATDETAILSW *details)
{
    if (details->szFormat[0] == 0 && details->pwfx && details->cbwfx >= sizeof(PCMWAVEFORMAT))
        acm_format_describe(details->pwfx, details->szFormat, ACMFORMATDETAILS_FORMAT_CHARS);
}

/* Validation shared by both spellings, in Windows' order (struct size already checked). */
static MMRESULT format_details_check(LPWAVEFORMATEX pwfx, DWORD cbwfx, DWORD fdwSupport, DWORD tag)
{
    if (!pwfx || cbwfx < sizeof(PCMWAVEFORMAT) || fdwSupport || tag == WAVE_FORMAT_UNKNOWN)
        return MMSYSERR_INVALPARAM;
    return MMSYSERR_NOERROR;
}

/* The W core; `details` is full size and already checked. */
static MMRESULT format_details(HACMDRIVER had, ACMFORMATDETAILSW *details, DWORD fdwDetails)
{
    MMRESULT result;
    switch (fdwDetails) {
    case ACM_FORMATDETAILSF_FORMAT:
        if (details->dwFormatTag != details->pwfx->wFormatTag)
            return ACMERR_NOTPOSSIBLE;
        if (had) {
            acm_target target;
            result = acm_target_acquire(had, &target);
            if (result != MMSYSERR_NOERROR)
                return result;
            result = (MMRESULT)acm_target_send(&target, ACMDM_FORMAT_DETAILS, (LPARAM)details, ACM_FORMATDETAILSF_FORMAT);
            acm_target_release(&target);
        } else {
            acm_target_list targets;
            result = acm_targets_acquire(NULL, &targets);
            if (result != MMSYSERR_NOERROR)
                return result;
            result = ACMERR_NOTPOSSIBLE;
            for (size_t i = 0; i < targets.count; i++) {
                if (!acm_driver_id_has_format_tag(targets.items[i].id, details->dwFormatTag))
                    continue;
                if (acm_target_send(&targets.items[i], ACMDM_FORMAT_DETAILS, (LPARAM)details,
                                    ACM_FORMATDETAILSF_FORMAT) == MMSYSERR_NOERROR) {
                    result = MMSYSERR_NOERROR;
                    break;
                }
            }
            acm_targets_release(&targets);
        }
        break;
    case ACM_FORMATDETAILSF_INDEX: {
        acm_target target;
        result = acm_target_acquire(had, &target);
        if (result != MMSYSERR_NOERROR)
            return result;
        if (details->dwFormatIndex >= tag_standard_formats(&target, details->dwFormatTag))
            result = MMSYSERR_INVALPARAM;
        else
            result = (MMRESULT)acm_target_send(&target, ACMDM_FORMAT_DETAILS, (LPARAM)details, ACM_FORMATDETAILSF_INDEX);
        acm_target_release(&target);
        break;
    }
    default:
        return MMSYSERR_INVALFLAG;
    }
    if (result == MMSYSERR_NOERROR) {
        details->cbStruct = sizeof *details;
        format_name_fill(details);
    }
    return result;
}

MMRESULT ACMAPI acmFormatDetailsW(HACMDRIVER had, LPACMFORMATDETAILSW pafd, DWORD fdwDetails)
{
    acm_init();
    if (!pafd || pafd->cbStruct < sizeof *pafd)
        return MMSYSERR_INVALPARAM;
    MMRESULT result = format_details_check(pafd->pwfx, pafd->cbwfx, pafd->fdwSupport, pafd->dwFormatTag);
    if (result != MMSYSERR_NOERROR)
        return result;
    ACMFORMATDETAILSW details = *pafd;
    details.cbStruct = sizeof details;
    details.szFormat[0] = 0;
    result = format_details(had, &details, fdwDetails);
    if (result == MMSYSERR_NOERROR)
        *pafd = details;
    return result;
}

/* W → A copy of a format description (pwfx is shared). */
static void format_to_narrow(const ACMFORMATDETAILSW *wide, ACMFORMATDETAILSA *narrow)
{
    narrow->cbStruct = sizeof *narrow;
    narrow->dwFormatIndex = wide->dwFormatIndex;
    narrow->dwFormatTag = wide->dwFormatTag;
    narrow->fdwSupport = wide->fdwSupport;
    narrow->pwfx = wide->pwfx;
    narrow->cbwfx = wide->cbwfx;
    utf16_to_utf8_buffer(wide->szFormat, narrow->szFormat, sizeof narrow->szFormat);
}

MMRESULT ACMAPI acmFormatDetailsA(HACMDRIVER had, LPACMFORMATDETAILSA pafd, DWORD fdwDetails)
{
    acm_init();
    if (!pafd || pafd->cbStruct < sizeof *pafd)
        return MMSYSERR_INVALPARAM;
    MMRESULT result = format_details_check(pafd->pwfx, pafd->cbwfx, pafd->fdwSupport, pafd->dwFormatTag);
    if (result != MMSYSERR_NOERROR)
        return result;
    ACMFORMATDETAILSW details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.dwFormatIndex = pafd->dwFormatIndex;
    details.dwFormatTag = pafd->dwFormatTag;
    details.pwfx = pafd->pwfx;
    details.cbwfx = pafd->cbwfx;
    result = format_details(had, &details, fdwDetails);
    if (result == MMSYSERR_NOERROR)
        format_to_narrow(&details, pafd);
    return result;
}

/* ---- acmFormatEnum ----------------------------------------------------------------------- */

#define FORMAT_ENUM_FLAGS                                                                                   \
    (ACM_FORMATENUMF_WFORMATTAG | ACM_FORMATENUMF_NCHANNELS | ACM_FORMATENUMF_NSAMPLESPERSEC |             \
     ACM_FORMATENUMF_WBITSPERSAMPLE | ACM_FORMATENUMF_CONVERT | ACM_FORMATENUMF_SUGGEST |                  \
     ACM_FORMATENUMF_HARDWARE | ACM_FORMATENUMF_INPUT | ACM_FORMATENUMF_OUTPUT)

/* One enumerated format goes to the caller through this (the A or W adapter). */
typedef BOOL (*format_visit)(HACMDRIVERID hadid, ACMFORMATDETAILSW *details, DWORD support, void *context);

typedef struct format_enum_state {
    DWORD flags;
    WAVEFORMATEX restrict_to;  /* copy of the caller's *pwfx before anything overwrote it */
    WAVEFORMATEX *source;      /* CONVERT/SUGGEST: a full copy of the caller's source format */
    LPWAVEFORMATEX buffer;     /* the caller's pwfx, where each format is written */
    DWORD buffer_size;
    format_visit visit;
    void *context;
    bool stop;
} format_enum_state;

/* True when the format in details->pwfx passes the WFORMATTAG/NCHANNELS/... restrictions. */
static bool format_matches(const format_enum_state *state, const WAVEFORMATEX *format)
{
    if ((state->flags & ACM_FORMATENUMF_WFORMATTAG) && format->wFormatTag != state->restrict_to.wFormatTag)
        return false;
    if ((state->flags & ACM_FORMATENUMF_NCHANNELS) && format->nChannels != state->restrict_to.nChannels)
        return false;
    if ((state->flags & ACM_FORMATENUMF_NSAMPLESPERSEC) && format->nSamplesPerSec != state->restrict_to.nSamplesPerSec)
        return false;
    if ((state->flags & ACM_FORMATENUMF_WBITSPERSAMPLE) && format->wBitsPerSample != state->restrict_to.wBitsPerSample)
        return false;
    return true;
}

/* Asks the driver whether it can open a stream from state->source to `destination`
 * (ACMDM_STREAM_OPEN with ACM_STREAMOPENF_QUERY: the driver allocates nothing). */
static bool format_convertible(const acm_target *target, const format_enum_state *state, WAVEFORMATEX *destination)
{
    ACMDRVSTREAMINSTANCE instance;
    memset(&instance, 0, sizeof instance);
    instance.cbStruct = sizeof instance;
    instance.pwfxSrc = state->source;
    instance.pwfxDst = destination;
    instance.fdwOpen = ACM_STREAMOPENF_QUERY;
    return acm_target_send(target, ACMDM_STREAM_OPEN, (LPARAM)&instance, 0) == MMSYSERR_NOERROR;
}

/* Hands one format to the caller; sets state->stop when the callback returns FALSE. */
static void format_emit(format_enum_state *state, const acm_target *target, ACMFORMATDETAILSW *details)
{
    details->cbStruct = sizeof *details;
    format_name_fill(details);
    if (!state->visit(target->id->handle, details, acm_driver_id_support(target->id), state->context))
        state->stop = true;
}

/* The standard formats of one driver (optionally only those it can convert the source to). */
static void format_enum_standard(format_enum_state *state, const acm_target *target)
{
    for (DWORD t = 0; t < target->id->format_tag_count && !state->stop; t++) {
        ACMFORMATTAGDETAILSW tag;
        memset(&tag, 0, sizeof tag);
        tag.cbStruct = sizeof tag;
        tag.dwFormatTagIndex = t;
        if (acm_target_send(target, ACMDM_FORMATTAG_DETAILS, (LPARAM)&tag, ACM_FORMATTAGDETAILSF_INDEX) !=
            MMSYSERR_NOERROR)
            continue;
        if ((state->flags & ACM_FORMATENUMF_WFORMATTAG) && tag.dwFormatTag != state->restrict_to.wFormatTag)
            continue;
        for (DWORD f = 0; f < tag.cStandardFormats && !state->stop; f++) {
            ACMFORMATDETAILSW details;
            memset(&details, 0, sizeof details);
            details.cbStruct = sizeof details;
            details.dwFormatIndex = f;
            details.dwFormatTag = tag.dwFormatTag;
            details.pwfx = state->buffer;
            details.cbwfx = state->buffer_size;
            if (acm_target_send(target, ACMDM_FORMAT_DETAILS, (LPARAM)&details, ACM_FORMATDETAILSF_INDEX) !=
                MMSYSERR_NOERROR)
                continue;
            if (!format_matches(state, state->buffer))
                continue;
            if ((state->flags & ACM_FORMATENUMF_CONVERT) && !format_convertible(target, state, state->buffer))
                continue;
            format_emit(state, target, &details);
        }
    }
}

/* The format one driver suggests for the source (ACM_FORMATENUMF_SUGGEST). */
static void format_enum_suggest(format_enum_state *state, const acm_target *target)
{
    if (!acm_driver_id_has_format_tag(target->id, state->source->wFormatTag))
        return;
    size_t source_size = acm_format_size(state->source);
    /* The restrictions the caller asked for come from its format (copied into the buffer). */
    memset(state->buffer, 0, state->buffer_size);
    memcpy(state->buffer, &state->restrict_to, sizeof(PCMWAVEFORMAT));
    ACMDRVFORMATSUGGEST suggest;
    memset(&suggest, 0, sizeof suggest);
    suggest.cbStruct = sizeof suggest;
    suggest.fdwSuggest = state->flags & ACM_FORMATSUGGESTF_TYPEMASK;
    suggest.pwfxSrc = state->source;
    suggest.cbwfxSrc = (DWORD)source_size;
    suggest.pwfxDst = state->buffer;
    suggest.cbwfxDst = state->buffer_size;
    if (acm_target_send(target, ACMDM_FORMAT_SUGGEST, (LPARAM)&suggest, 0) != MMSYSERR_NOERROR)
        return;
    if ((state->flags & ACM_FORMATENUMF_CONVERT) && !format_convertible(target, state, state->buffer))
        return;
    ACMFORMATDETAILSW details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.dwFormatTag = state->buffer->wFormatTag;
    details.pwfx = state->buffer;
    details.cbwfx = state->buffer_size;
    /* The driver's own name for the suggestion, when it has one. */
    if (acm_target_send(target, ACMDM_FORMAT_DETAILS, (LPARAM)&details, ACM_FORMATDETAILSF_FORMAT) != MMSYSERR_NOERROR)
        details.szFormat[0] = 0;
    details.fdwSupport = 0;
    format_emit(state, target, &details);
}

/* The W core of acmFormatEnum, after the structure checks. */
static MMRESULT format_enum(HACMDRIVER had, ACMFORMATDETAILSW *pafd, DWORD fdwEnum, format_visit visit, void *context)
{
    if ((fdwEnum & ACM_FORMATENUMF_HARDWARE) && !(fdwEnum & (ACM_FORMATENUMF_INPUT | ACM_FORMATENUMF_OUTPUT)))
        return MMSYSERR_INVALPARAM;
    if ((fdwEnum & ACM_FORMATENUMF_WFORMATTAG) && pafd->dwFormatTag != pafd->pwfx->wFormatTag)
        return MMSYSERR_INVALPARAM;
    if (fdwEnum & ~FORMAT_ENUM_FLAGS)
        return MMSYSERR_INVALFLAG;
    acm_target_list targets;
    MMRESULT result = acm_targets_acquire(had, &targets);
    if (result != MMSYSERR_NOERROR)
        return result;
    DWORD largest = 0;
    for (size_t i = 0; i < targets.count; i++) {
        DWORD size = acm_driver_id_max_format_size(targets.items[i].id);
        if (size > largest)
            largest = size;
    }
    if (pafd->cbwfx < largest) {
        acm_targets_release(&targets);
        return MMSYSERR_INVALPARAM;
    }
    format_enum_state state;
    memset(&state, 0, sizeof state);
    state.flags = fdwEnum;
    memcpy(&state.restrict_to, pafd->pwfx, sizeof(PCMWAVEFORMAT));
    state.restrict_to.cbSize = 0;
    state.buffer = pafd->pwfx;
    state.buffer_size = pafd->cbwfx;
    state.visit = visit;
    state.context = context;
    if (fdwEnum & (ACM_FORMATENUMF_CONVERT | ACM_FORMATENUMF_SUGGEST)) {
        size_t size = acm_format_size(pafd->pwfx);
        if (size > pafd->cbwfx) {
            acm_targets_release(&targets);
            return MMSYSERR_INVALPARAM;
        }
        state.source = mem_calloc(1, size < sizeof(WAVEFORMATEX) ? sizeof(WAVEFORMATEX) : size);
        if (!state.source) {
            acm_targets_release(&targets);
            return MMSYSERR_NOMEM;
        }
        memcpy(state.source, pafd->pwfx, size);
    }
    /* Formats supported by waveform-audio hardware (HARDWARE, INPUT, OUTPUT): portacm has no
     * waveform-audio devices, so no format qualifies and nothing is enumerated. */
    bool hardware = (fdwEnum & (ACM_FORMATENUMF_HARDWARE | ACM_FORMATENUMF_INPUT | ACM_FORMATENUMF_OUTPUT)) != 0;
    for (size_t i = 0; i < targets.count && !state.stop && !hardware; i++) {
        if (fdwEnum & ACM_FORMATENUMF_SUGGEST)
            format_enum_suggest(&state, &targets.items[i]);
        else
            format_enum_standard(&state, &targets.items[i]);
    }
    mem_free(state.source);
    acm_targets_release(&targets);
    return MMSYSERR_NOERROR;
}

typedef struct format_enum_w {
    ACMFORMATENUMCBW callback;
    ACMFORMATDETAILSW *caller;
    DWORD_PTR instance;
} format_enum_w;

static BOOL format_enum_visit_w(HACMDRIVERID hadid, ACMFORMATDETAILSW *details, DWORD support, void *context)
{
    format_enum_w *state = context;
    *state->caller = *details;
    return state->callback(hadid, state->caller, state->instance, support);
}

MMRESULT ACMAPI acmFormatEnumW(HACMDRIVER had, LPACMFORMATDETAILSW pafd, ACMFORMATENUMCBW fnCallback,
                               DWORD_PTR dwInstance, DWORD fdwEnum)
{
    acm_init();
    if (!pafd || !fnCallback || pafd->cbStruct < sizeof *pafd || pafd->fdwSupport || !pafd->pwfx)
        return MMSYSERR_INVALPARAM;
    format_enum_w state = {fnCallback, pafd, dwInstance};
    ACMFORMATDETAILSW request = *pafd;
    return format_enum(had, &request, fdwEnum, format_enum_visit_w, &state);
}

typedef struct format_enum_a {
    ACMFORMATENUMCBA callback;
    ACMFORMATDETAILSA *caller;
    DWORD_PTR instance;
} format_enum_a;

static BOOL format_enum_visit_a(HACMDRIVERID hadid, ACMFORMATDETAILSW *details, DWORD support, void *context)
{
    format_enum_a *state = context;
    format_to_narrow(details, state->caller);
    return state->callback(hadid, state->caller, state->instance, support);
}

MMRESULT ACMAPI acmFormatEnumA(HACMDRIVER had, LPACMFORMATDETAILSA pafd, ACMFORMATENUMCBA fnCallback,
                               DWORD_PTR dwInstance, DWORD fdwEnum)
{
    acm_init();
    if (!pafd || !fnCallback || pafd->cbStruct < sizeof *pafd || pafd->fdwSupport || !pafd->pwfx)
        return MMSYSERR_INVALPARAM;
    format_enum_a state = {fnCallback, pafd, dwInstance};
    ACMFORMATDETAILSW request;
    memset(&request, 0, sizeof request);
    request.cbStruct = sizeof request;
    request.dwFormatTag = pafd->dwFormatTag;
    request.pwfx = pafd->pwfx;
    request.cbwfx = pafd->cbwfx;
    return format_enum(had, &request, fdwEnum, format_enum_visit_a, &state);
}

/* ---- acmFormatSuggest -------------------------------------------------------------------- */

#define SUGGEST_FLAGS                                                                                       \
    (ACM_FORMATSUGGESTF_WFORMATTAG | ACM_FORMATSUGGESTF_NCHANNELS | ACM_FORMATSUGGESTF_NSAMPLESPERSEC |     \
     ACM_FORMATSUGGESTF_WBITSPERSAMPLE)

/* A PCM format Windows' shortcut copies as is: sane channel count, sample size and alignment
 * (any non-zero rate; native returns a rate of 0xDEADBEEF unchanged). */
static bool pcm_is_plausible(const WAVEFORMATEX *format)
{
    if (format->wFormatTag != WAVE_FORMAT_PCM || format->nChannels == 0 || format->nSamplesPerSec == 0)
        return false;
    WORD bits = format->wBitsPerSample;
    if (bits != 8 && bits != 16 && bits != 24 && bits != 32)
        return false;
    return format->nBlockAlign == format->nChannels * (bits / 8);
}

MMRESULT ACMAPI acmFormatSuggest(HACMDRIVER had, LPWAVEFORMATEX pwfxSrc, LPWAVEFORMATEX pwfxDst, DWORD cbwfxDst,
                                 DWORD fdwSuggest)
{
    acm_init();
    if (!pwfxSrc || !pwfxDst)
        return MMSYSERR_INVALPARAM;
    if (fdwSuggest & ~SUGGEST_FLAGS)
        return MMSYSERR_INVALFLAG;

    /* PCM to PCM without a driver or a requested tag: the source itself is the suggestion. */
    if (!had && !(fdwSuggest & ACM_FORMATSUGGESTF_WFORMATTAG) && cbwfxDst >= sizeof(PCMWAVEFORMAT) &&
        pcm_is_plausible(pwfxSrc)) {
        memmove(pwfxDst, pwfxSrc, sizeof(PCMWAVEFORMAT));
        if (cbwfxDst >= sizeof(WAVEFORMATEX))
            pwfxDst->cbSize = 0;
        return MMSYSERR_NOERROR;
    }

    acm_target_list targets;
    MMRESULT result = acm_targets_acquire(had, &targets);
    if (result != MMSYSERR_NOERROR)
        return result;
    /* The destination must hold the largest format of the requested tag (or of any tag when
     * no tag is requested or no driver knows the requested one). */
    DWORD tag_largest = 0, any_largest = 0;
    bool tag_known = false;
    for (size_t i = 0; i < targets.count; i++) {
        acm_driver_id *id = targets.items[i].id;
        DWORD size = acm_driver_id_max_format_size(id);
        if (size > any_largest)
            any_largest = size;
        for (DWORD t = 0; t < id->format_tag_count; t++) {
            if (id->format_tags[t].tag == pwfxDst->wFormatTag) {
                tag_known = true;
                if (id->format_tags[t].size > tag_largest)
                    tag_largest = id->format_tags[t].size;
            }
        }
    }
    DWORD needed = (fdwSuggest & ACM_FORMATSUGGESTF_WFORMATTAG) && tag_known ? tag_largest : any_largest;
    if (cbwfxDst < needed) {
        acm_targets_release(&targets);
        return MMSYSERR_INVALPARAM;
    }

    ACMDRVFORMATSUGGEST suggest;
    memset(&suggest, 0, sizeof suggest);
    suggest.cbStruct = sizeof suggest;
    suggest.fdwSuggest = fdwSuggest;
    suggest.pwfxSrc = pwfxSrc;
    suggest.cbwfxSrc = (DWORD)acm_format_size(pwfxSrc);
    suggest.pwfxDst = pwfxDst;
    suggest.cbwfxDst = cbwfxDst;
    if (had) {
        result = (MMRESULT)acm_target_send(&targets.items[0], ACMDM_FORMAT_SUGGEST, (LPARAM)&suggest, 0);
    } else {
        /* Only drivers that know the source tag (and the requested destination tag) are asked;
         * when there is none, native Windows answers MMSYSERR_NODRIVER. */
        result = MMSYSERR_NODRIVER;
        for (size_t i = 0; i < targets.count; i++) {
            acm_driver_id *id = targets.items[i].id;
            if (!acm_driver_id_has_format_tag(id, pwfxSrc->wFormatTag))
                continue;
            if ((fdwSuggest & ACM_FORMATSUGGESTF_WFORMATTAG) && !acm_driver_id_has_format_tag(id, pwfxDst->wFormatTag))
                continue;
            result = (MMRESULT)acm_target_send(&targets.items[i], ACMDM_FORMAT_SUGGEST, (LPARAM)&suggest, 0);
            if (result == MMSYSERR_NOERROR)
                break;
            result = ACMERR_NOTPOSSIBLE;
        }
    }
    acm_targets_release(&targets);
    return result;
}
