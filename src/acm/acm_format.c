/*
 * acm_format.c - format tags and formats: acmFormatTagDetails, acmFormatTagEnum,
 * acmFormatDetails, acmFormatEnum (every ACM_FORMATENUMF_* flag) and acmFormatSuggest.
 *
 * The tag and details queries and the walk over standard formats are the engine shared with
 * the filters (acm_query.c); this file gives it what formats add (pacm_acm_format_kind: PCM's
 * name, the text of an empty szFormat) and holds what only formats have: the acmFormatEnum
 * restrictions, CONVERT and SUGGEST, and acmFormatSuggest. Argument checks follow Windows'
 * order (reference-behaviour.md §2.4 and §5; docs/acm.md).
 */
#include <string.h>

#include "acm_query_int.h"
#include "codecs_int.h"

/* ---- shared helpers (also used by acm_choose.c through acm_int.h) ------------------------ */

size_t pacm_acm_wide_copy(WCHAR *out, size_t capacity, const char *text)
{
    return pacm_utf8_to_utf16_buffer(text, out, capacity);
}

void pacm_acm_format_describe(const WAVEFORMATEX *format, WCHAR *out, size_t capacity)
{
    char text[ACMFORMATDETAILS_FORMAT_CHARS];
    pacm_codecs_format_text(format, text, sizeof text); /* the built-in codecs' wording, one rule */
    pacm_acm_wide_copy(out, capacity, text);
}

/* ---- what formats add to the shared query engine (acm_query.c) --------------------------- */

/* The tag of a WAVEFORMATEX. */
static DWORD format_object_tag(const void *object)
{
    return ((const WAVEFORMATEX *)object)->wFormatTag;
}

/* The bytes a WAVEFORMATEX occupies (16 for PCM, else 18 + cbSize). */
static DWORD format_object_size(const void *object)
{
    return (DWORD)pacm_acm_format_size(object);
}

/* Fills an empty szFormat after a driver answered. */
static void format_name_fill(acm_details *details)
{
    ACMFORMATDETAILSW *format = &details->format;
    if (format->szFormat[0] == 0 && format->pwfx && format->cbwfx >= sizeof(PCMWAVEFORMAT))
        pacm_acm_format_describe(format->pwfx, format->szFormat, ACMFORMATDETAILS_FORMAT_CHARS);
}

const acm_query_kind pacm_acm_format_kind = {
    .tag_message = ACMDM_FORMATTAG_DETAILS,
    .details_message = ACMDM_FORMAT_DETAILS,
    .filters = false,
    .min_object_size = sizeof(PCMWAVEFORMAT),
    .shared_tag = WAVE_FORMAT_PCM,
    .shared_tag_name = "PCM",
    .object_tag = format_object_tag,
    .object_size = format_object_size,
    .finish_details = format_name_fill,
};

/* ---- acmFormatTagDetails, acmFormatTagEnum, acmFormatDetails ------------------------------ */

MMRESULT ACMAPI acmFormatTagDetailsW(HACMDRIVER had, LPACMFORMATTAGDETAILSW paftd, DWORD fdwDetails)
{
    return pacm_acm_tag_details_api(&pacm_acm_format_kind, had, paftd, false, fdwDetails);
}

MMRESULT ACMAPI acmFormatTagDetailsA(HACMDRIVER had, LPACMFORMATTAGDETAILSA paftd, DWORD fdwDetails)
{
    return pacm_acm_tag_details_api(&pacm_acm_format_kind, had, paftd, true, fdwDetails);
}

ACM_CALLBACK_CALL(call_format_tag_w, ACMFORMATTAGENUMCBW, ACMFORMATTAGDETAILSW)
ACM_CALLBACK_CALL(call_format_tag_a, ACMFORMATTAGENUMCBA, ACMFORMATTAGDETAILSA)
ACM_CALLBACK_CALL(call_format_w, ACMFORMATENUMCBW, ACMFORMATDETAILSW)
ACM_CALLBACK_CALL(call_format_a, ACMFORMATENUMCBA, ACMFORMATDETAILSA)

MMRESULT ACMAPI acmFormatTagEnumW(HACMDRIVER had, LPACMFORMATTAGDETAILSW paftd, ACMFORMATTAGENUMCBW fnCallback,
                                  DWORD_PTR dwInstance, DWORD fdwEnum)
{
    acm_delivery delivery = {paftd, false, (acm_any_callback)fnCallback, call_format_tag_w, dwInstance};
    return pacm_acm_tag_enum(&pacm_acm_format_kind, had, &delivery, fdwEnum);
}

MMRESULT ACMAPI acmFormatTagEnumA(HACMDRIVER had, LPACMFORMATTAGDETAILSA paftd, ACMFORMATTAGENUMCBA fnCallback,
                                  DWORD_PTR dwInstance, DWORD fdwEnum)
{
    acm_delivery delivery = {paftd, true, (acm_any_callback)fnCallback, call_format_tag_a, dwInstance};
    return pacm_acm_tag_enum(&pacm_acm_format_kind, had, &delivery, fdwEnum);
}

MMRESULT ACMAPI acmFormatDetailsW(HACMDRIVER had, LPACMFORMATDETAILSW pafd, DWORD fdwDetails)
{
    return pacm_acm_details_api(&pacm_acm_format_kind, had, pafd, false, fdwDetails);
}

MMRESULT ACMAPI acmFormatDetailsA(HACMDRIVER had, LPACMFORMATDETAILSA pafd, DWORD fdwDetails)
{
    return pacm_acm_details_api(&pacm_acm_format_kind, had, pafd, true, fdwDetails);
}

/* ---- acmFormatEnum ----------------------------------------------------------------------- */

#define FORMAT_ENUM_FLAGS                                                                                   \
    (ACM_FORMATENUMF_WFORMATTAG | ACM_FORMATENUMF_NCHANNELS | ACM_FORMATENUMF_NSAMPLESPERSEC |             \
     ACM_FORMATENUMF_WBITSPERSAMPLE | ACM_FORMATENUMF_CONVERT | ACM_FORMATENUMF_SUGGEST |                  \
     ACM_FORMATENUMF_HARDWARE | ACM_FORMATENUMF_INPUT | ACM_FORMATENUMF_OUTPUT)

/* What acmFormatEnum adds to the shared walk: the restrictions and the CONVERT/SUGGEST source. */
typedef struct format_enum_state {
    acm_walk walk;
    DWORD flags;
    WAVEFORMATEX restrict_to; /* copy of the caller's *pwfx before anything overwrote it */
    WAVEFORMATEX *source;     /* CONVERT/SUGGEST: a full copy of the caller's source format */
} format_enum_state;

/* True when the format passes the WFORMATTAG/NCHANNELS/... restrictions. */
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
    return pacm_acm_target_send(target, ACMDM_STREAM_OPEN, (LPARAM)&instance, 0) == MMSYSERR_NOERROR;
}

/* The walk's entry filter: the restrictions, and with CONVERT the driver's consent. */
static bool format_entry_wanted(const acm_walk *walk, const acm_target *target)
{
    const format_enum_state *state = walk->context;
    WAVEFORMATEX *format = walk->buffer;
    if (!format_matches(state, format))
        return false;
    return !(state->flags & ACM_FORMATENUMF_CONVERT) || format_convertible(target, state, format);
}

/* The format one driver suggests for the source (ACM_FORMATENUMF_SUGGEST). */
static void format_enum_suggest(format_enum_state *state, const acm_target *target)
{
    if (!pacm_acm_driver_id_has_format_tag(target->id, state->source->wFormatTag))
        return;
    WAVEFORMATEX *buffer = state->walk.buffer;
    size_t source_size = pacm_acm_format_size(state->source);
    /* The restrictions the caller asked for come from its format (copied into the buffer). */
    memset(buffer, 0, state->walk.buffer_size);
    memcpy(buffer, &state->restrict_to, sizeof(PCMWAVEFORMAT));
    ACMDRVFORMATSUGGEST suggest;
    memset(&suggest, 0, sizeof suggest);
    suggest.cbStruct = sizeof suggest;
    suggest.fdwSuggest = state->flags & ACM_FORMATSUGGESTF_TYPEMASK;
    suggest.pwfxSrc = state->source;
    suggest.cbwfxSrc = (DWORD)source_size;
    suggest.pwfxDst = buffer;
    suggest.cbwfxDst = state->walk.buffer_size;
    if (pacm_acm_target_send(target, ACMDM_FORMAT_SUGGEST, (LPARAM)&suggest, 0) != MMSYSERR_NOERROR)
        return;
    if ((state->flags & ACM_FORMATENUMF_CONVERT) && !format_convertible(target, state, buffer))
        return;
    acm_details details;
    pacm_acm_walk_details(&state->walk, &details, buffer->wFormatTag, 0);
    /* The driver's own name for the suggestion, when it has one. */
    if (pacm_acm_target_send(target, ACMDM_FORMAT_DETAILS, (LPARAM)&details, ACM_FORMATDETAILSF_FORMAT) != MMSYSERR_NOERROR)
        details.format.szFormat[0] = 0;
    details.format.fdwSupport = 0;
    pacm_acm_walk_emit(&state->walk, target, &details);
}

/* acmFormatEnum{A,W}: the checks in Windows' order, then each driver's standard formats (or
 * its suggestion for SUGGEST) that pass the restrictions. */
static MMRESULT format_enum(HACMDRIVER had, const acm_delivery *delivery, DWORD fdwEnum)
{
    acm_details request;
    MMRESULT result = pacm_acm_enum_start(delivery, &request);
    if (result != MMSYSERR_NOERROR)
        return result;
    const WAVEFORMATEX *caller_format = request.format.pwfx;
    if ((fdwEnum & ACM_FORMATENUMF_HARDWARE) && !(fdwEnum & (ACM_FORMATENUMF_INPUT | ACM_FORMATENUMF_OUTPUT)))
        return MMSYSERR_INVALPARAM;
    if ((fdwEnum & ACM_FORMATENUMF_WFORMATTAG) && request.format.dwFormatTag != caller_format->wFormatTag)
        return MMSYSERR_INVALPARAM;
    if (fdwEnum & ~FORMAT_ENUM_FLAGS)
        return MMSYSERR_INVALFLAG;
    acm_target_list targets;
    result = pacm_acm_targets_acquire_fitting(&pacm_acm_format_kind, had, request.format.cbwfx, &targets);
    if (result != MMSYSERR_NOERROR)
        return result;
    format_enum_state state;
    memset(&state, 0, sizeof state);
    pacm_acm_walk_init(&state.walk, &pacm_acm_format_kind, &request, delivery);
    state.walk.only_tag = (fdwEnum & ACM_FORMATENUMF_WFORMATTAG) != 0;
    state.walk.tag = caller_format->wFormatTag;
    state.walk.entry_wanted = format_entry_wanted;
    state.walk.context = &state;
    state.flags = fdwEnum;
    memcpy(&state.restrict_to, caller_format, sizeof(PCMWAVEFORMAT));
    state.restrict_to.cbSize = 0;
    if (fdwEnum & (ACM_FORMATENUMF_CONVERT | ACM_FORMATENUMF_SUGGEST)) {
        size_t size = pacm_acm_format_size(caller_format);
        if (size > request.format.cbwfx) {
            pacm_acm_targets_release(&targets);
            return MMSYSERR_INVALPARAM;
        }
        state.source = pacm_mem_calloc(1, size < sizeof(WAVEFORMATEX) ? sizeof(WAVEFORMATEX) : size);
        if (!state.source) {
            pacm_acm_targets_release(&targets);
            return MMSYSERR_NOMEM;
        }
        memcpy(state.source, caller_format, size);
    }
    /* Formats supported by waveform-audio hardware (HARDWARE, INPUT, OUTPUT): portacm has no
     * waveform-audio devices, so no format qualifies and nothing is enumerated. */
    bool hardware = (fdwEnum & (ACM_FORMATENUMF_HARDWARE | ACM_FORMATENUMF_INPUT | ACM_FORMATENUMF_OUTPUT)) != 0;
    for (size_t i = 0; i < targets.count && !state.walk.stop && !hardware; i++) {
        if (fdwEnum & ACM_FORMATENUMF_SUGGEST)
            format_enum_suggest(&state, &targets.items[i]);
        else
            pacm_acm_walk_standard(&state.walk, &targets.items[i]);
    }
    pacm_mem_free(state.source);
    pacm_acm_targets_release(&targets);
    return MMSYSERR_NOERROR;
}

MMRESULT ACMAPI acmFormatEnumW(HACMDRIVER had, LPACMFORMATDETAILSW pafd, ACMFORMATENUMCBW fnCallback,
                               DWORD_PTR dwInstance, DWORD fdwEnum)
{
    acm_delivery delivery = {pafd, false, (acm_any_callback)fnCallback, call_format_w, dwInstance};
    return format_enum(had, &delivery, fdwEnum);
}

MMRESULT ACMAPI acmFormatEnumA(HACMDRIVER had, LPACMFORMATDETAILSA pafd, ACMFORMATENUMCBA fnCallback,
                               DWORD_PTR dwInstance, DWORD fdwEnum)
{
    acm_delivery delivery = {pafd, true, (acm_any_callback)fnCallback, call_format_a, dwInstance};
    return format_enum(had, &delivery, fdwEnum);
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
    pacm_acm_init();
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
    MMRESULT result = pacm_acm_targets_acquire(had, &targets);
    if (result != MMSYSERR_NOERROR)
        return result;
    /* The destination must hold the largest format of the requested tag (or of any tag when
     * no tag is requested or no driver knows the requested one). */
    DWORD tag_largest = 0, any_largest = 0;
    bool tag_known = false;
    /* The destination's tag is read only when the caller asked for it: otherwise the field may
     * be uninitialised memory. */
    bool tag_requested = (fdwSuggest & ACM_FORMATSUGGESTF_WFORMATTAG) != 0;
    WORD requested_tag = tag_requested ? pwfxDst->wFormatTag : 0;
    for (size_t i = 0; i < targets.count; i++) {
        acm_driver_id *id = targets.items[i].id;
        DWORD size = pacm_acm_driver_id_max_format_size(id);
        if (size > any_largest)
            any_largest = size;
        for (DWORD t = 0; tag_requested && t < id->format_tag_count; t++) {
            if (id->format_tags[t].tag == requested_tag) {
                tag_known = true;
                if (id->format_tags[t].size > tag_largest)
                    tag_largest = id->format_tags[t].size;
            }
        }
    }
    DWORD needed = tag_requested && tag_known ? tag_largest : any_largest;
    if (cbwfxDst < needed) {
        pacm_acm_targets_release(&targets);
        return MMSYSERR_INVALPARAM;
    }

    ACMDRVFORMATSUGGEST suggest;
    memset(&suggest, 0, sizeof suggest);
    suggest.cbStruct = sizeof suggest;
    suggest.fdwSuggest = fdwSuggest;
    suggest.pwfxSrc = pwfxSrc;
    suggest.cbwfxSrc = (DWORD)pacm_acm_format_size(pwfxSrc);
    suggest.pwfxDst = pwfxDst;
    suggest.cbwfxDst = cbwfxDst;
    if (had) {
        result = (MMRESULT)pacm_acm_target_send(&targets.items[0], ACMDM_FORMAT_SUGGEST, (LPARAM)&suggest, 0);
    } else {
        /* Only drivers that know the source tag (and the requested destination tag) are asked;
         * when there is none, native Windows answers MMSYSERR_NODRIVER. */
        result = MMSYSERR_NODRIVER;
        for (size_t i = 0; i < targets.count; i++) {
            acm_driver_id *id = targets.items[i].id;
            if (!pacm_acm_driver_id_has_format_tag(id, pwfxSrc->wFormatTag))
                continue;
            if ((fdwSuggest & ACM_FORMATSUGGESTF_WFORMATTAG) && !pacm_acm_driver_id_has_format_tag(id, pwfxDst->wFormatTag))
                continue;
            result = (MMRESULT)pacm_acm_target_send(&targets.items[i], ACMDM_FORMAT_SUGGEST, (LPARAM)&suggest, 0);
            if (result == MMSYSERR_NOERROR)
                break;
            result = ACMERR_NOTPOSSIBLE;
        }
    }
    pacm_acm_targets_release(&targets);
    return result;
}
