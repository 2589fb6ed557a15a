/*
 * acm_metrics.c - acmMetrics: counts of installed drivers, largest format and filter sizes,
 * and per-driver support flags and priority.
 *
 * Check order (native, reference-behaviour.md §5): the handle is checked before the output
 * pointer, so a bad handle gives MMSYSERR_INVALHANDLE even when pMetric is NULL too.
 */
#include "acm_int.h"

/* Counts the drivers of one kind (local or global) with `support` set among their flags;
 * support == 0 counts every driver. Disabled drivers are counted only when `disabled` asks
 * for them, and then only they are. */
static DWORD count_drivers(bool local, DWORD support, bool disabled)
{
    acm_driver_list list;
    if (pacm_acm_driver_list_snapshot(ACM_DRIVERENUMF_DISABLED, &list) != MMSYSERR_NOERROR)
        return 0;
    DWORD count = 0;
    for (size_t i = 0; i < list.count; i++) {
        acm_driver_id *id = list.ids[i];
        if ((id->kind == ACM_DRIVER_KIND_LOCAL) != local)
            continue;
        if (pacm_acm_driver_id_is_enabled(id) == disabled)
            continue;
        if (support && !(id->details.fdwSupport & support))
            continue;
        count++;
    }
    pacm_acm_driver_list_release(&list);
    return count;
}

/* COUNT metrics: hao must be NULL (otherwise INVALHANDLE), then pMetric must be set. */
static MMRESULT metric_count(HACMOBJ hao, DWORD *out, bool local, DWORD support, bool disabled)
{
    if (hao)
        return MMSYSERR_INVALHANDLE;
    if (!out)
        return MMSYSERR_INVALPARAM;
    *out = count_drivers(local, support, disabled);
    return MMSYSERR_NOERROR;
}

/* MAX_SIZE_FORMAT / MAX_SIZE_FILTER: hao is NULL (every enabled driver), an HACMDRIVERID or an
 * HACMDRIVER; a stream handle is valid but not allowed (ACMERR_NOTPOSSIBLE). */
static MMRESULT metric_max_size(HACMOBJ hao, DWORD *out, bool filter)
{
    acm_driver_id *id = NULL;
    if (hao) {
        uint32_t type = pacm_handle_type((uintptr_t)hao);
        if (type == HANDLE_TYPE_ACM_STREAM)
            return out ? ACMERR_NOTPOSSIBLE : MMSYSERR_INVALPARAM;
        if (type != HANDLE_TYPE_ACM_DRIVERID && type != HANDLE_TYPE_ACM_DRIVER)
            return MMSYSERR_INVALHANDLE;
        id = pacm_acm_object_driver_id(hao);
        if (!id)
            return MMSYSERR_INVALHANDLE;
    }
    MMRESULT result = MMSYSERR_NOERROR;
    if (!out)
        result = MMSYSERR_INVALPARAM;
    else
        *out = filter ? pacm_acm_max_filter_size(id) : pacm_acm_max_format_size(id);
    pacm_acm_driver_id_release(id);
    return result;
}

/* DRIVER_SUPPORT / DRIVER_PRIORITY / HARDWARE_WAVE_*: hao must be a driver ID. */
static MMRESULT metric_driver(HACMOBJ hao, UINT uMetric, DWORD *out)
{
    acm_driver_id *id = pacm_acm_driver_id_acquire((HACMDRIVERID)hao);
    if (!id)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = MMSYSERR_NOERROR;
    if (!out)
        result = MMSYSERR_INVALPARAM;
    else if (uMetric == ACM_METRIC_DRIVER_SUPPORT)
        *out = pacm_acm_driver_id_support(id);
    else if (uMetric == ACM_METRIC_DRIVER_PRIORITY)
        *out = pacm_acm_registry_priority_of(id);
    else
        result = MMSYSERR_NOTSUPPORTED; /* no waveform-audio device is tied to any driver */
    pacm_acm_driver_id_release(id);
    return result;
}

MMRESULT ACMAPI acmMetrics(HACMOBJ hao, UINT uMetric, LPVOID pMetric)
{
    pacm_acm_init();
    DWORD *out = pMetric;
    switch (uMetric) {
    case ACM_METRIC_COUNT_DRIVERS:
        return metric_count(hao, out, false, 0, false);
    case ACM_METRIC_COUNT_CODECS:
        return metric_count(hao, out, false, ACMDRIVERDETAILS_SUPPORTF_CODEC, false);
    case ACM_METRIC_COUNT_CONVERTERS:
        return metric_count(hao, out, false, ACMDRIVERDETAILS_SUPPORTF_CONVERTER, false);
    case ACM_METRIC_COUNT_FILTERS:
        return metric_count(hao, out, false, ACMDRIVERDETAILS_SUPPORTF_FILTER, false);
    case ACM_METRIC_COUNT_DISABLED:
        return metric_count(hao, out, false, 0, true);
    case ACM_METRIC_COUNT_HARDWARE:
        return metric_count(hao, out, false, ACMDRIVERDETAILS_SUPPORTF_HARDWARE, false);
    case ACM_METRIC_COUNT_LOCAL_DRIVERS:
        return metric_count(hao, out, true, 0, false);
    case ACM_METRIC_COUNT_LOCAL_CODECS:
        return metric_count(hao, out, true, ACMDRIVERDETAILS_SUPPORTF_CODEC, false);
    case ACM_METRIC_COUNT_LOCAL_CONVERTERS:
        return metric_count(hao, out, true, ACMDRIVERDETAILS_SUPPORTF_CONVERTER, false);
    case ACM_METRIC_COUNT_LOCAL_FILTERS:
        return metric_count(hao, out, true, ACMDRIVERDETAILS_SUPPORTF_FILTER, false);
    case ACM_METRIC_COUNT_LOCAL_DISABLED:
        return metric_count(hao, out, true, 0, true);
    case ACM_METRIC_MAX_SIZE_FORMAT:
        return metric_max_size(hao, out, false);
    case ACM_METRIC_MAX_SIZE_FILTER:
        return metric_max_size(hao, out, true);
    case ACM_METRIC_DRIVER_SUPPORT:
    case ACM_METRIC_DRIVER_PRIORITY:
    case ACM_METRIC_HARDWARE_WAVE_INPUT:
    case ACM_METRIC_HARDWARE_WAVE_OUTPUT:
        return metric_driver(hao, uMetric, out);
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
}
