/*
 * acm_filter.c - filter tags and filters: acmFilterTagDetails, acmFilterTagEnum,
 * acmFilterDetails and acmFilterEnum, A and W.
 *
 * The plumbing mirrors acm_format.c (same check order, same search of enabled drivers through
 * their persistent instances). portacm's built-in codecs have no filters; the test suite
 * exercises this file with a filter driver of its own (tests/acm_drivers/).
 */
#include <string.h>

#include "acm_int.h"

/* ---- acmFilterTagDetails ----------------------------------------------------------------- */

static MMRESULT filter_tag_details(HACMDRIVER had, ACMFILTERTAGDETAILSW *details, DWORD fdwDetails)
{
    if (fdwDetails & ~ACM_FILTERTAGDETAILSF_QUERYMASK)
        return MMSYSERR_INVALFLAG;
    DWORD query = fdwDetails;
    if (query != ACM_FILTERTAGDETAILSF_INDEX && query != ACM_FILTERTAGDETAILSF_FILTERTAG &&
        query != ACM_FILTERTAGDETAILSF_LARGESTSIZE)
        return MMSYSERR_INVALFLAG;
    MMRESULT result;
    if (had) {
        acm_target target;
        result = acm_target_acquire(had, &target);
        if (result != MMSYSERR_NOERROR)
            return result;
        if (query == ACM_FILTERTAGDETAILSF_INDEX && details->dwFilterTagIndex >= target.id->filter_tag_count)
            result = MMSYSERR_INVALPARAM;
        else
            result = (MMRESULT)acm_target_send(&target, ACMDM_FILTERTAG_DETAILS, (LPARAM)details, (LPARAM)query);
        acm_target_release(&target);
    } else if (query == ACM_FILTERTAGDETAILSF_INDEX) {
        return ACMERR_NOTPOSSIBLE;
    } else {
        acm_target_list targets;
        result = acm_targets_acquire(NULL, &targets);
        if (result != MMSYSERR_NOERROR)
            return result;
        result = ACMERR_NOTPOSSIBLE;
        ACMFILTERTAGDETAILSW best;
        DWORD wanted = details->dwFilterTag;
        for (size_t i = 0; i < targets.count; i++) {
            acm_driver_id *id = targets.items[i].id;
            if (id->filter_tag_count == 0)
                continue;
            if (wanted != WAVE_FILTER_UNKNOWN && !acm_driver_id_has_filter_tag(id, wanted))
                continue;
            ACMFILTERTAGDETAILSW candidate = *details;
            candidate.cbStruct = sizeof candidate;
            if (acm_target_send(&targets.items[i], ACMDM_FILTERTAG_DETAILS, (LPARAM)&candidate, (LPARAM)query) !=
                MMSYSERR_NOERROR)
                continue;
            if (query == ACM_FILTERTAGDETAILSF_FILTERTAG) {
                best = candidate;
                result = MMSYSERR_NOERROR;
                break;
            }
            if (result != MMSYSERR_NOERROR || candidate.cbFilterSize > best.cbFilterSize) {
                best = candidate;
                result = MMSYSERR_NOERROR;
            }
        }
        acm_targets_release(&targets);
        if (result == MMSYSERR_NOERROR)
            *details = best;
    }
    if (result == MMSYSERR_NOERROR)
        details->cbStruct = sizeof *details;
    return result;
}

MMRESULT ACMAPI acmFilterTagDetailsW(HACMDRIVER had, LPACMFILTERTAGDETAILSW paftd, DWORD fdwDetails)
{
    acm_init();
    if (!paftd || paftd->cbStruct < sizeof *paftd)
        return MMSYSERR_INVALPARAM;
    ACMFILTERTAGDETAILSW details = *paftd;
    details.cbStruct = sizeof details;
    MMRESULT result = filter_tag_details(had, &details, fdwDetails);
    if (result == MMSYSERR_NOERROR)
        *paftd = details;
    return result;
}

static void filter_tag_to_narrow(const ACMFILTERTAGDETAILSW *wide, ACMFILTERTAGDETAILSA *narrow)
{
    narrow->cbStruct = sizeof *narrow;
    narrow->dwFilterTagIndex = wide->dwFilterTagIndex;
    narrow->dwFilterTag = wide->dwFilterTag;
    narrow->cbFilterSize = wide->cbFilterSize;
    narrow->fdwSupport = wide->fdwSupport;
    narrow->cStandardFilters = wide->cStandardFilters;
    utf16_to_utf8_buffer(wide->szFilterTag, narrow->szFilterTag, sizeof narrow->szFilterTag);
}

MMRESULT ACMAPI acmFilterTagDetailsA(HACMDRIVER had, LPACMFILTERTAGDETAILSA paftd, DWORD fdwDetails)
{
    acm_init();
    if (!paftd || paftd->cbStruct < sizeof *paftd)
        return MMSYSERR_INVALPARAM;
    ACMFILTERTAGDETAILSW details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.dwFilterTagIndex = paftd->dwFilterTagIndex;
    details.dwFilterTag = paftd->dwFilterTag;
    MMRESULT result = filter_tag_details(had, &details, fdwDetails);
    if (result == MMSYSERR_NOERROR)
        filter_tag_to_narrow(&details, paftd);
    return result;
}

/* ---- acmFilterTagEnum -------------------------------------------------------------------- */

typedef BOOL (*filter_tag_visit)(HACMDRIVERID hadid, ACMFILTERTAGDETAILSW *details, DWORD support, void *context);

static MMRESULT filter_tag_enum(HACMDRIVER had, filter_tag_visit visit, void *context)
{
    acm_target_list targets;
    MMRESULT result = acm_targets_acquire(had, &targets);
    if (result != MMSYSERR_NOERROR)
        return result;
    bool more = true;
    for (size_t i = 0; i < targets.count && more; i++) {
        acm_target *target = &targets.items[i];
        DWORD support = acm_driver_id_support(target->id);
        for (DWORD index = 0; index < target->id->filter_tag_count && more; index++) {
            ACMFILTERTAGDETAILSW details;
            memset(&details, 0, sizeof details);
            details.cbStruct = sizeof details;
            details.dwFilterTagIndex = index;
            if (acm_target_send(target, ACMDM_FILTERTAG_DETAILS, (LPARAM)&details, ACM_FILTERTAGDETAILSF_INDEX) !=
                MMSYSERR_NOERROR)
                continue;
            details.cbStruct = sizeof details;
            more = visit(target->id->handle, &details, support, context);
        }
    }
    acm_targets_release(&targets);
    return MMSYSERR_NOERROR;
}

typedef struct filter_tag_enum_w {
    ACMFILTERTAGENUMCBW callback;
    ACMFILTERTAGDETAILSW *caller;
    DWORD_PTR instance;
} filter_tag_enum_w;

static BOOL filter_tag_visit_w(HACMDRIVERID hadid, ACMFILTERTAGDETAILSW *details, DWORD support, void *context)
{
    filter_tag_enum_w *state = context;
    *state->caller = *details;
    return state->callback(hadid, state->caller, state->instance, support);
}

MMRESULT ACMAPI acmFilterTagEnumW(HACMDRIVER had, LPACMFILTERTAGDETAILSW paftd, ACMFILTERTAGENUMCBW fnCallback,
                                  DWORD_PTR dwInstance, DWORD fdwEnum)
{
    acm_init();
    if (!paftd || paftd->cbStruct < sizeof *paftd || !fnCallback)
        return MMSYSERR_INVALPARAM;
    if (fdwEnum)
        return MMSYSERR_INVALFLAG;
    filter_tag_enum_w state = {fnCallback, paftd, dwInstance};
    return filter_tag_enum(had, filter_tag_visit_w, &state);
}

typedef struct filter_tag_enum_a {
    ACMFILTERTAGENUMCBA callback;
    ACMFILTERTAGDETAILSA *caller;
    DWORD_PTR instance;
} filter_tag_enum_a;

static BOOL filter_tag_visit_a(HACMDRIVERID hadid, ACMFILTERTAGDETAILSW *details, DWORD support, void *context)
{
    filter_tag_enum_a *state = context;
    filter_tag_to_narrow(details, state->caller);
    return state->callback(hadid, state->caller, state->instance, support);
}

MMRESULT ACMAPI acmFilterTagEnumA(HACMDRIVER had, LPACMFILTERTAGDETAILSA paftd, ACMFILTERTAGENUMCBA fnCallback,
                                  DWORD_PTR dwInstance, DWORD fdwEnum)
{
    acm_init();
    if (!paftd || paftd->cbStruct < sizeof *paftd || !fnCallback)
        return MMSYSERR_INVALPARAM;
    if (fdwEnum)
        return MMSYSERR_INVALFLAG;
    filter_tag_enum_a state = {fnCallback, paftd, dwInstance};
    return filter_tag_enum(had, filter_tag_visit_a, &state);
}

/* ---- acmFilterDetails -------------------------------------------------------------------- */

static DWORD tag_standard_filters(const acm_target *target, DWORD tag)
{
    ACMFILTERTAGDETAILSW details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.dwFilterTag = tag;
    if (acm_target_send(target, ACMDM_FILTERTAG_DETAILS, (LPARAM)&details, ACM_FILTERTAGDETAILSF_FILTERTAG) !=
        MMSYSERR_NOERROR)
        return 0;
    return details.cStandardFilters;
}

static MMRESULT filter_details_check(LPWAVEFILTER pwfltr, DWORD cbwfltr, DWORD fdwSupport, DWORD tag)
{
    if (!pwfltr || cbwfltr < sizeof(WAVEFILTER) || fdwSupport || tag == WAVE_FILTER_UNKNOWN)
        return MMSYSERR_INVALPARAM;
    return MMSYSERR_NOERROR;
}

static MMRESULT filter_details(HACMDRIVER had, ACMFILTERDETAILSW *details, DWORD fdwDetails)
{
    MMRESULT result;
    switch (fdwDetails) {
    case ACM_FILTERDETAILSF_FILTER:
        if (details->dwFilterTag != details->pwfltr->dwFilterTag)
            return ACMERR_NOTPOSSIBLE;
        if (had) {
            acm_target target;
            result = acm_target_acquire(had, &target);
            if (result != MMSYSERR_NOERROR)
                return result;
            result = (MMRESULT)acm_target_send(&target, ACMDM_FILTER_DETAILS, (LPARAM)details, ACM_FILTERDETAILSF_FILTER);
            acm_target_release(&target);
        } else {
            acm_target_list targets;
            result = acm_targets_acquire(NULL, &targets);
            if (result != MMSYSERR_NOERROR)
                return result;
            result = ACMERR_NOTPOSSIBLE;
            for (size_t i = 0; i < targets.count; i++) {
                if (!acm_driver_id_has_filter_tag(targets.items[i].id, details->dwFilterTag))
                    continue;
                if (acm_target_send(&targets.items[i], ACMDM_FILTER_DETAILS, (LPARAM)details,
                                    ACM_FILTERDETAILSF_FILTER) == MMSYSERR_NOERROR) {
                    result = MMSYSERR_NOERROR;
                    break;
                }
            }
            acm_targets_release(&targets);
        }
        break;
    case ACM_FILTERDETAILSF_INDEX: {
        acm_target target;
        result = acm_target_acquire(had, &target);
        if (result != MMSYSERR_NOERROR)
            return result;
        if (details->dwFilterIndex >= tag_standard_filters(&target, details->dwFilterTag))
            result = MMSYSERR_INVALPARAM;
        else
            result = (MMRESULT)acm_target_send(&target, ACMDM_FILTER_DETAILS, (LPARAM)details, ACM_FILTERDETAILSF_INDEX);
        acm_target_release(&target);
        break;
    }
    default:
        return MMSYSERR_INVALFLAG;
    }
    if (result == MMSYSERR_NOERROR)
        details->cbStruct = sizeof *details;
    return result;
}

MMRESULT ACMAPI acmFilterDetailsW(HACMDRIVER had, LPACMFILTERDETAILSW pafd, DWORD fdwDetails)
{
    acm_init();
    if (!pafd || pafd->cbStruct < sizeof *pafd)
        return MMSYSERR_INVALPARAM;
    MMRESULT result = filter_details_check(pafd->pwfltr, pafd->cbwfltr, pafd->fdwSupport, pafd->dwFilterTag);
    if (result != MMSYSERR_NOERROR)
        return result;
    ACMFILTERDETAILSW details = *pafd;
    details.cbStruct = sizeof details;
    details.szFilter[0] = 0;
    result = filter_details(had, &details, fdwDetails);
    if (result == MMSYSERR_NOERROR)
        *pafd = details;
    return result;
}

static void filter_to_narrow(const ACMFILTERDETAILSW *wide, ACMFILTERDETAILSA *narrow)
{
    narrow->cbStruct = sizeof *narrow;
    narrow->dwFilterIndex = wide->dwFilterIndex;
    narrow->dwFilterTag = wide->dwFilterTag;
    narrow->fdwSupport = wide->fdwSupport;
    narrow->pwfltr = wide->pwfltr;
    narrow->cbwfltr = wide->cbwfltr;
    utf16_to_utf8_buffer(wide->szFilter, narrow->szFilter, sizeof narrow->szFilter);
}

MMRESULT ACMAPI acmFilterDetailsA(HACMDRIVER had, LPACMFILTERDETAILSA pafd, DWORD fdwDetails)
{
    acm_init();
    if (!pafd || pafd->cbStruct < sizeof *pafd)
        return MMSYSERR_INVALPARAM;
    MMRESULT result = filter_details_check(pafd->pwfltr, pafd->cbwfltr, pafd->fdwSupport, pafd->dwFilterTag);
    if (result != MMSYSERR_NOERROR)
        return result;
    ACMFILTERDETAILSW details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.dwFilterIndex = pafd->dwFilterIndex;
    details.dwFilterTag = pafd->dwFilterTag;
    details.pwfltr = pafd->pwfltr;
    details.cbwfltr = pafd->cbwfltr;
    result = filter_details(had, &details, fdwDetails);
    if (result == MMSYSERR_NOERROR)
        filter_to_narrow(&details, pafd);
    return result;
}

/* ---- acmFilterEnum ----------------------------------------------------------------------- */

typedef BOOL (*filter_visit)(HACMDRIVERID hadid, ACMFILTERDETAILSW *details, DWORD support, void *context);

static MMRESULT filter_enum(HACMDRIVER had, ACMFILTERDETAILSW *pafd, DWORD fdwEnum, filter_visit visit, void *context)
{
    if (fdwEnum & ~ACM_FILTERENUMF_DWFILTERTAG)
        return MMSYSERR_INVALFLAG;
    acm_target_list targets;
    MMRESULT result = acm_targets_acquire(had, &targets);
    if (result != MMSYSERR_NOERROR)
        return result;
    DWORD largest = 0;
    for (size_t i = 0; i < targets.count; i++) {
        DWORD size = acm_driver_id_max_filter_size(targets.items[i].id);
        if (size > largest)
            largest = size;
    }
    if (pafd->cbwfltr < largest) {
        acm_targets_release(&targets);
        return MMSYSERR_INVALPARAM;
    }
    DWORD wanted_tag = pafd->pwfltr->dwFilterTag;
    bool stop = false;
    for (size_t i = 0; i < targets.count && !stop; i++) {
        acm_target *target = &targets.items[i];
        DWORD support = acm_driver_id_support(target->id);
        for (DWORD t = 0; t < target->id->filter_tag_count && !stop; t++) {
            ACMFILTERTAGDETAILSW tag;
            memset(&tag, 0, sizeof tag);
            tag.cbStruct = sizeof tag;
            tag.dwFilterTagIndex = t;
            if (acm_target_send(target, ACMDM_FILTERTAG_DETAILS, (LPARAM)&tag, ACM_FILTERTAGDETAILSF_INDEX) !=
                MMSYSERR_NOERROR)
                continue;
            if ((fdwEnum & ACM_FILTERENUMF_DWFILTERTAG) && tag.dwFilterTag != wanted_tag)
                continue;
            for (DWORD f = 0; f < tag.cStandardFilters && !stop; f++) {
                ACMFILTERDETAILSW details;
                memset(&details, 0, sizeof details);
                details.cbStruct = sizeof details;
                details.dwFilterIndex = f;
                details.dwFilterTag = tag.dwFilterTag;
                details.pwfltr = pafd->pwfltr;
                details.cbwfltr = pafd->cbwfltr;
                if (acm_target_send(target, ACMDM_FILTER_DETAILS, (LPARAM)&details, ACM_FILTERDETAILSF_INDEX) !=
                    MMSYSERR_NOERROR)
                    continue;
                details.cbStruct = sizeof details;
                if (!visit(target->id->handle, &details, support, context))
                    stop = true;
            }
        }
    }
    acm_targets_release(&targets);
    return MMSYSERR_NOERROR;
}

typedef struct filter_enum_w {
    ACMFILTERENUMCBW callback;
    ACMFILTERDETAILSW *caller;
    DWORD_PTR instance;
} filter_enum_w;

static BOOL filter_visit_w(HACMDRIVERID hadid, ACMFILTERDETAILSW *details, DWORD support, void *context)
{
    filter_enum_w *state = context;
    *state->caller = *details;
    return state->callback(hadid, state->caller, state->instance, support);
}

MMRESULT ACMAPI acmFilterEnumW(HACMDRIVER had, LPACMFILTERDETAILSW pafd, ACMFILTERENUMCBW fnCallback,
                               DWORD_PTR dwInstance, DWORD fdwEnum)
{
    acm_init();
    if (!pafd || !fnCallback || pafd->cbStruct < sizeof *pafd || pafd->fdwSupport || !pafd->pwfltr)
        return MMSYSERR_INVALPARAM;
    filter_enum_w state = {fnCallback, pafd, dwInstance};
    ACMFILTERDETAILSW request = *pafd;
    return filter_enum(had, &request, fdwEnum, filter_visit_w, &state);
}

typedef struct filter_enum_a {
    ACMFILTERENUMCBA callback;
    ACMFILTERDETAILSA *caller;
    DWORD_PTR instance;
} filter_enum_a;

static BOOL filter_visit_a(HACMDRIVERID hadid, ACMFILTERDETAILSW *details, DWORD support, void *context)
{
    filter_enum_a *state = context;
    filter_to_narrow(details, state->caller);
    return state->callback(hadid, state->caller, state->instance, support);
}

MMRESULT ACMAPI acmFilterEnumA(HACMDRIVER had, LPACMFILTERDETAILSA pafd, ACMFILTERENUMCBA fnCallback,
                               DWORD_PTR dwInstance, DWORD fdwEnum)
{
    acm_init();
    if (!pafd || !fnCallback || pafd->cbStruct < sizeof *pafd || pafd->fdwSupport || !pafd->pwfltr)
        return MMSYSERR_INVALPARAM;
    filter_enum_a state = {fnCallback, pafd, dwInstance};
    ACMFILTERDETAILSW request;
    memset(&request, 0, sizeof request);
    request.cbStruct = sizeof request;
    request.dwFilterTag = pafd->dwFilterTag;
    request.pwfltr = pafd->pwfltr;
    request.cbwfltr = pafd->cbwfltr;
    return filter_enum(had, &request, fdwEnum, filter_visit_a, &state);
}
