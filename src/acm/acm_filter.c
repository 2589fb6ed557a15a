/*
 * acm_filter.c - filter tags and filters: acmFilterTagDetails, acmFilterTagEnum,
 * acmFilterDetails and acmFilterEnum, A and W.
 *
 * Windows gave the filter structures the layout of the format structures, and the ACM treats
 * both alike (same check order, same search of enabled drivers through their persistent
 * instances), so everything but the filter descriptor and acmFilterEnum's one restriction is
 * the engine in acm_query.c. portacm's built-in codecs have no filters; the test suite
 * exercises this file with a filter driver of its own (tests/acm_drivers/).
 */
#include "acm_query_int.h"

/* The tag of a WAVEFILTER. */
static DWORD filter_object_tag(const void *object)
{
    return ((const WAVEFILTER *)object)->dwFilterTag;
}

/* The bytes a WAVEFILTER says it occupies. */
static DWORD filter_object_size(const void *object)
{
    return ((const WAVEFILTER *)object)->cbStruct;
}

const acm_query_kind pacm_acm_filter_kind = {
    .tag_message = ACMDM_FILTERTAG_DETAILS,
    .details_message = ACMDM_FILTER_DETAILS,
    .filters = true,
    .min_object_size = sizeof(WAVEFILTER),
    .shared_tag_name = NULL, /* no filter tag is common to drivers */
    .object_tag = filter_object_tag,
    .object_size = filter_object_size,
    .finish_details = NULL,
};

MMRESULT ACMAPI acmFilterTagDetailsW(HACMDRIVER had, LPACMFILTERTAGDETAILSW paftd, DWORD fdwDetails)
{
    return pacm_acm_tag_details_api(&pacm_acm_filter_kind, had, paftd, false, fdwDetails);
}

MMRESULT ACMAPI acmFilterTagDetailsA(HACMDRIVER had, LPACMFILTERTAGDETAILSA paftd, DWORD fdwDetails)
{
    return pacm_acm_tag_details_api(&pacm_acm_filter_kind, had, paftd, true, fdwDetails);
}

ACM_CALLBACK_CALL(call_filter_tag_w, ACMFILTERTAGENUMCBW, ACMFILTERTAGDETAILSW)
ACM_CALLBACK_CALL(call_filter_tag_a, ACMFILTERTAGENUMCBA, ACMFILTERTAGDETAILSA)
ACM_CALLBACK_CALL(call_filter_w, ACMFILTERENUMCBW, ACMFILTERDETAILSW)
ACM_CALLBACK_CALL(call_filter_a, ACMFILTERENUMCBA, ACMFILTERDETAILSA)

MMRESULT ACMAPI acmFilterTagEnumW(HACMDRIVER had, LPACMFILTERTAGDETAILSW paftd, ACMFILTERTAGENUMCBW fnCallback,
                                  DWORD_PTR dwInstance, DWORD fdwEnum)
{
    acm_delivery delivery = {paftd, false, (acm_any_callback)fnCallback, call_filter_tag_w, dwInstance};
    return pacm_acm_tag_enum(&pacm_acm_filter_kind, had, &delivery, fdwEnum);
}

MMRESULT ACMAPI acmFilterTagEnumA(HACMDRIVER had, LPACMFILTERTAGDETAILSA paftd, ACMFILTERTAGENUMCBA fnCallback,
                                  DWORD_PTR dwInstance, DWORD fdwEnum)
{
    acm_delivery delivery = {paftd, true, (acm_any_callback)fnCallback, call_filter_tag_a, dwInstance};
    return pacm_acm_tag_enum(&pacm_acm_filter_kind, had, &delivery, fdwEnum);
}

MMRESULT ACMAPI acmFilterDetailsW(HACMDRIVER had, LPACMFILTERDETAILSW pafd, DWORD fdwDetails)
{
    return pacm_acm_details_api(&pacm_acm_filter_kind, had, pafd, false, fdwDetails);
}

MMRESULT ACMAPI acmFilterDetailsA(HACMDRIVER had, LPACMFILTERDETAILSA pafd, DWORD fdwDetails)
{
    return pacm_acm_details_api(&pacm_acm_filter_kind, had, pafd, true, fdwDetails);
}

/* acmFilterEnum{A,W}: every standard filter of `had` (or of every enabled driver), only those
 * of pwfltr->dwFilterTag with ACM_FILTERENUMF_DWFILTERTAG. */
static MMRESULT filter_enum(HACMDRIVER had, const acm_delivery *delivery, DWORD fdwEnum)
{
    acm_details request;
    MMRESULT result = pacm_acm_enum_start(delivery, &request);
    if (result != MMSYSERR_NOERROR)
        return result;
    if (fdwEnum & ~ACM_FILTERENUMF_DWFILTERTAG)
        return MMSYSERR_INVALFLAG;
    acm_target_list targets;
    result = pacm_acm_targets_acquire_fitting(&pacm_acm_filter_kind, had, request.filter.cbwfltr, &targets);
    if (result != MMSYSERR_NOERROR)
        return result;
    acm_walk walk;
    pacm_acm_walk_init(&walk, &pacm_acm_filter_kind, &request, delivery);
    walk.only_tag = (fdwEnum & ACM_FILTERENUMF_DWFILTERTAG) != 0;
    walk.tag = request.filter.pwfltr->dwFilterTag;
    for (size_t i = 0; i < targets.count && !walk.stop; i++)
        pacm_acm_walk_standard(&walk, &targets.items[i]);
    pacm_acm_targets_release(&targets);
    return MMSYSERR_NOERROR;
}

MMRESULT ACMAPI acmFilterEnumW(HACMDRIVER had, LPACMFILTERDETAILSW pafd, ACMFILTERENUMCBW fnCallback,
                               DWORD_PTR dwInstance, DWORD fdwEnum)
{
    acm_delivery delivery = {pafd, false, (acm_any_callback)fnCallback, call_filter_w, dwInstance};
    return filter_enum(had, &delivery, fdwEnum);
}

MMRESULT ACMAPI acmFilterEnumA(HACMDRIVER had, LPACMFILTERDETAILSA pafd, ACMFILTERENUMCBA fnCallback,
                               DWORD_PTR dwInstance, DWORD fdwEnum)
{
    acm_delivery delivery = {pafd, true, (acm_any_callback)fnCallback, call_filter_a, dwInstance};
    return filter_enum(had, &delivery, fdwEnum);
}
