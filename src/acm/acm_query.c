/*
 * acm_query.c - the engine shared by the format and the filter queries (acm_query_int.h):
 * where a query goes (acm_target*), reading and writing the application's A/W structures,
 * tag details and enumeration, details, and the walk over a driver's standard formats or
 * filters. Argument checks follow Windows' order (docs/acm.md).
 *
 * Queries made without a driver handle go to the persistent instance of each enabled driver,
 * in priority order, using the capability cache to skip drivers that lack the tag.
 */
#include <string.h>

#include "acm_query_int.h"

/* The neutral views must be the public structures, offset for offset (see the header). */
#define ASSERT_TAG_LAYOUT(view, type, index_, tag_, size_, count_, name_)                                   \
    _Static_assert(sizeof(view) == sizeof(type) && offsetof(view, index) == offsetof(type, index_) &&        \
                       offsetof(view, tag) == offsetof(type, tag_) &&                                        \
                       offsetof(view, largest_size) == offsetof(type, size_) &&                              \
                       offsetof(view, fdwSupport) == offsetof(type, fdwSupport) &&                           \
                       offsetof(view, standard_count) == offsetof(type, count_) &&                           \
                       offsetof(view, name) == offsetof(type, name_),                                        \
                   #type " is not laid out as " #view)
#define ASSERT_DETAILS_LAYOUT(view, type, index_, tag_, object_, size_, name_)                              \
    _Static_assert(sizeof(view) == sizeof(type) && offsetof(view, index) == offsetof(type, index_) &&        \
                       offsetof(view, tag) == offsetof(type, tag_) &&                                        \
                       offsetof(view, fdwSupport) == offsetof(type, fdwSupport) &&                           \
                       offsetof(view, object) == offsetof(type, object_) &&                                  \
                       offsetof(view, object_size) == offsetof(type, size_) &&                               \
                       offsetof(view, name) == offsetof(type, name_),                                        \
                   #type " is not laid out as " #view)

ASSERT_TAG_LAYOUT(acm_tag_fields, ACMFORMATTAGDETAILSW, dwFormatTagIndex, dwFormatTag, cbFormatSize,
                  cStandardFormats, szFormatTag);
ASSERT_TAG_LAYOUT(acm_tag_fields, ACMFILTERTAGDETAILSW, dwFilterTagIndex, dwFilterTag, cbFilterSize,
                  cStandardFilters, szFilterTag);
ASSERT_TAG_LAYOUT(acm_tag_fields_a, ACMFORMATTAGDETAILSA, dwFormatTagIndex, dwFormatTag, cbFormatSize,
                  cStandardFormats, szFormatTag);
ASSERT_TAG_LAYOUT(acm_tag_fields_a, ACMFILTERTAGDETAILSA, dwFilterTagIndex, dwFilterTag, cbFilterSize,
                  cStandardFilters, szFilterTag);
ASSERT_DETAILS_LAYOUT(acm_details_fields, ACMFORMATDETAILSW, dwFormatIndex, dwFormatTag, pwfx, cbwfx, szFormat);
ASSERT_DETAILS_LAYOUT(acm_details_fields, ACMFILTERDETAILSW, dwFilterIndex, dwFilterTag, pwfltr, cbwfltr, szFilter);
ASSERT_DETAILS_LAYOUT(acm_details_fields_a, ACMFORMATDETAILSA, dwFormatIndex, dwFormatTag, pwfx, cbwfx, szFormat);
ASSERT_DETAILS_LAYOUT(acm_details_fields_a, ACMFILTERDETAILSA, dwFilterIndex, dwFilterTag, pwfltr, cbwfltr,
                      szFilter);

/* The engine names the query flags of formats; the filter flags have the same values. */
_Static_assert(ACM_FORMATTAGDETAILSF_INDEX == ACM_FILTERTAGDETAILSF_INDEX &&
                   ACM_FORMATTAGDETAILSF_FORMATTAG == ACM_FILTERTAGDETAILSF_FILTERTAG &&
                   ACM_FORMATTAGDETAILSF_LARGESTSIZE == ACM_FILTERTAGDETAILSF_LARGESTSIZE &&
                   ACM_FORMATDETAILSF_INDEX == ACM_FILTERDETAILSF_INDEX &&
                   ACM_FORMATDETAILSF_FORMAT == ACM_FILTERDETAILSF_FILTER,
               "format and filter query flags differ");

/* ---- where a query goes (declared in acm_int.h) ------------------------------------------ */

MMRESULT pacm_acm_target_acquire(HACMDRIVER had, acm_target *target)
{
    target->driver = NULL;
    target->id = NULL;
    acm_driver *driver = pacm_acm_driver_acquire(had);
    if (driver) {
        target->driver = driver;
        target->id = driver->id;
        pacm_acm_driver_id_ref(target->id);
        return MMSYSERR_NOERROR;
    }
    target->id = pacm_acm_driver_id_acquire((HACMDRIVERID)had);
    return target->id ? MMSYSERR_NOERROR : MMSYSERR_INVALHANDLE;
}

void pacm_acm_target_release(acm_target *target)
{
    if (target->driver)
        pacm_acm_driver_release(target->driver);
    pacm_acm_driver_id_release(target->id);
    target->driver = NULL;
    target->id = NULL;
}

LRESULT pacm_acm_target_send(const acm_target *target, UINT message, LPARAM lParam1, LPARAM lParam2)
{
    return pacm_acm_driver_send(target->id, target->driver, message, lParam1, lParam2);
}

MMRESULT pacm_acm_targets_acquire(HACMDRIVER had, acm_target_list *targets)
{
    targets->items = NULL;
    targets->count = 0;
    if (had) {
        targets->items = pacm_mem_calloc(1, sizeof *targets->items);
        if (!targets->items)
            return MMSYSERR_NOMEM;
        MMRESULT result = pacm_acm_target_acquire(had, &targets->items[0]);
        if (result != MMSYSERR_NOERROR) {
            pacm_mem_free(targets->items);
            targets->items = NULL;
            return result;
        }
        targets->count = 1;
        return MMSYSERR_NOERROR;
    }
    acm_driver_list list;
    MMRESULT result = pacm_acm_driver_list_snapshot(0, &list);
    if (result != MMSYSERR_NOERROR)
        return result;
    if (list.count) {
        targets->items = pacm_mem_calloc(list.count, sizeof *targets->items);
        if (!targets->items) {
            pacm_acm_driver_list_release(&list);
            return MMSYSERR_NOMEM;
        }
    }
    /* The references move from the snapshot to the targets. */
    for (size_t i = 0; i < list.count; i++) {
        targets->items[i].id = list.ids[i];
        targets->items[i].driver = NULL;
    }
    targets->count = list.count;
    pacm_mem_free(list.ids);
    return MMSYSERR_NOERROR;
}

void pacm_acm_targets_release(acm_target_list *targets)
{
    for (size_t i = 0; i < targets->count; i++)
        pacm_acm_target_release(&targets->items[i]);
    pacm_mem_free(targets->items);
    targets->items = NULL;
    targets->count = 0;
}

/* ---- the capability cache of one kind ---------------------------------------------------- */

static DWORD kind_tag_count(const acm_query_kind *kind, const acm_driver_id *id)
{
    return kind->filters ? id->filter_tag_count : id->format_tag_count;
}

static bool kind_has_tag(const acm_query_kind *kind, const acm_driver_id *id, DWORD tag)
{
    return kind->filters ? pacm_acm_driver_id_has_filter_tag(id, tag) : pacm_acm_driver_id_has_format_tag(id, tag);
}

DWORD pacm_acm_query_max_size(const acm_query_kind *kind, const acm_driver_id *id)
{
    return kind->filters ? pacm_acm_max_filter_size(id) : pacm_acm_max_format_size(id);
}

/* ---- the application's structures -------------------------------------------------------- */

bool pacm_acm_caller_fits(const void *caller, size_t size)
{
    if (!caller)
        return false;
    DWORD cbStruct;
    memcpy(&cbStruct, caller, sizeof cbStruct); /* every ACM structure starts with cbStruct */
    return cbStruct >= size;
}

/* How a structure's A spelling differs from its W spelling: only in its last member, a name
 * (narrow in A). Everything before the name has the same offsets in both. */
typedef struct acm_spelling {
    size_t wide_size;   /* sizeof the W structure */
    size_t narrow_size; /* sizeof the A structure */
    size_t name_offset; /* where the name starts, in both */
    size_t name_chars;
    size_t input_bytes; /* the leading bytes of an A structure a query reads (the rest are outputs) */
} acm_spelling;

static const acm_spelling tag_spelling = {
    sizeof(acm_tag_fields), sizeof(acm_tag_fields_a), offsetof(acm_tag_fields, name),
    ACMFORMATTAGDETAILS_FORMATTAG_CHARS, offsetof(acm_tag_fields, largest_size), /* cbStruct, index, tag */
};
static const acm_spelling details_spelling = {
    sizeof(acm_details_fields), sizeof(acm_details_fields_a), offsetof(acm_details_fields, name),
    ACMFORMATDETAILS_FORMAT_CHARS, offsetof(acm_details_fields, name), /* everything but the name */
};

/* The size of the application's structure in its spelling. */
static size_t spelling_size(const acm_spelling *spelling, bool narrow)
{
    return narrow ? spelling->narrow_size : spelling->wide_size;
}

/* Reads the application's structure into a full W one (`wide`): the W spelling whole, from the
 * A spelling its input fields and zero for the rest. cbStruct becomes the W size. */
static void spelling_load(const acm_spelling *spelling, void *wide, const void *caller, bool narrow)
{
    if (narrow) {
        memset(wide, 0, spelling->wide_size);
        memcpy(wide, caller, spelling->input_bytes);
    } else {
        memcpy(wide, caller, spelling->wide_size);
    }
    DWORD size = (DWORD)spelling->wide_size;
    memcpy(wide, &size, sizeof size);
}

/* Writes a W description into the application's structure in its spelling; cbStruct becomes
 * the size of that spelling (a larger caller's extra bytes are left alone, as on Windows). */
static void spelling_store(const acm_spelling *spelling, const void *wide, void *caller, bool narrow)
{
    if (!narrow) {
        memcpy(caller, wide, spelling->wide_size);
        return;
    }
    memcpy(caller, wide, spelling->name_offset);
    DWORD size = (DWORD)spelling->narrow_size;
    memcpy(caller, &size, sizeof size);
    LPCWSTR name = (LPCWSTR)((const char *)wide + spelling->name_offset);
    pacm_utf16_field_to_utf8(name, spelling->name_chars, (char *)caller + spelling->name_offset, spelling->name_chars);
}

/* ---- what a driver may not widen ---------------------------------------------------------- */

/* The most standard formats (filters) one tag may have. A driver that claims more (a hostile
 * one says 0xFFFFFFFF: 2^32 ACMDM_FORMAT_DETAILS messages per enumeration) is taken at this
 * word, as a driver claiming more than 1024 tags is refused when it is added (acm_driver_id.c):
 * every answer that passes through the ACM says at most this many, and no walk asks for more.
 * Real drivers list a few hundred at the most (the built-in MPEG Layer-3 codec: 216). */
#define ACM_MAX_STANDARD_COUNT 1024u

/* Caps a driver's tag answer (see ACM_MAX_STANDARD_COUNT). */
static void tag_answer_cap(acm_tag_details *details)
{
    if (details->any.standard_count > ACM_MAX_STANDARD_COUNT) {
        pacm_log_debug("acm: driver reports %u standard entries for tag %u; capped to %u",
                  (unsigned)details->any.standard_count, (unsigned)details->any.tag, ACM_MAX_STANDARD_COUNT);
        details->any.standard_count = ACM_MAX_STANDARD_COUNT;
    }
}

/* After a driver answered a details query: the buffer stays the caller's (a pointer the driver
 * changed is put back) and its size (cbwfx/cbwfltr, which the driver sets to the size of the
 * structure it wrote) is never more than the caller gave. Windows passes a larger value on;
 * an application or the chooser that copies that many bytes would read past its buffer. */
static void details_answer_clamp(acm_details *details, void *buffer, DWORD buffer_size)
{
    if (details->any.object != buffer || details->any.object_size > buffer_size)
        pacm_log_debug("acm: driver answered a %u-byte structure at %p for a %u-byte buffer at %p; clamped",
                  (unsigned)details->any.object_size, details->any.object, (unsigned)buffer_size, buffer);
    details->any.object = buffer;
    if (details->any.object_size > buffer_size)
        details->any.object_size = buffer_size;
}

/* ---- tag details -------------------------------------------------------------------------- */

/* Gives an empty name of the shared tag its text ("PCM"), as Windows does. */
static void tag_name_fill(const acm_query_kind *kind, acm_tag_details *details)
{
    if (kind->shared_tag_name && details->any.tag == kind->shared_tag && details->any.name[0] == 0)
        pacm_utf8_to_utf16_buffer(kind->shared_tag_name, details->any.name, ACMFORMATTAGDETAILS_FORMATTAG_CHARS);
}

/* How many tags (of the kind) a driver has: the limit of a tag index. */
static DWORD tag_count_limit(const acm_query_kind *kind, const acm_target *target, DWORD tag)
{
    return kind_tag_count(kind, target->id);
}

/* How many standard formats (filters) a driver has for `tag`, or 0: the limit of an index. */
static DWORD standard_count_limit(const acm_query_kind *kind, const acm_target *target, DWORD tag)
{
    acm_tag_details details;
    memset(&details, 0, sizeof details);
    details.any.cbStruct = sizeof details.any;
    details.any.tag = tag;
    if (pacm_acm_target_send(target, kind->tag_message, (LPARAM)&details, ACM_FORMATTAGDETAILSF_FORMATTAG) !=
        MMSYSERR_NOERROR)
        return 0;
    tag_answer_cap(&details);
    return details.any.standard_count;
}

typedef DWORD (*index_limit)(const acm_query_kind *kind, const acm_target *target, DWORD tag);

/* Sends a query to the one driver `had` names (an HACMDRIVER or an HACMDRIVERID). With a
 * `limit`, an index at or past what the driver has is MMSYSERR_INVALPARAM without asking it
 * (native). */
static MMRESULT ask_one(const acm_query_kind *kind, HACMDRIVER had, UINT message, void *structure, DWORD query,
                        index_limit limit, DWORD index, DWORD tag)
{
    acm_target target;
    MMRESULT result = pacm_acm_target_acquire(had, &target);
    if (result != MMSYSERR_NOERROR)
        return result;
    if (limit && index >= limit(kind, &target, tag))
        result = MMSYSERR_INVALPARAM;
    else
        result = (MMRESULT)pacm_acm_target_send(&target, message, (LPARAM)structure, (LPARAM)query);
    pacm_acm_target_release(&target);
    return result;
}

/* FORMATTAG/FILTERTAG or LARGESTSIZE without a driver: the first enabled driver that has the
 * tag answers the former; every driver with tags is asked for the latter and the largest
 * answer wins. Tag 0 (WAVE_FORMAT_UNKNOWN, WAVE_FILTER_UNKNOWN) means any tag. */
static MMRESULT tag_details_search(const acm_query_kind *kind, acm_tag_details *details, DWORD query)
{
    acm_target_list targets;
    MMRESULT result = pacm_acm_targets_acquire(NULL, &targets);
    if (result != MMSYSERR_NOERROR)
        return result;
    result = ACMERR_NOTPOSSIBLE;
    acm_tag_details best;
    DWORD wanted = details->any.tag;
    for (size_t i = 0; i < targets.count; i++) {
        acm_driver_id *id = targets.items[i].id;
        if (kind_tag_count(kind, id) == 0 || (wanted != 0 && !kind_has_tag(kind, id, wanted)))
            continue;
        acm_tag_details candidate = *details;
        candidate.any.cbStruct = sizeof candidate.any;
        if (pacm_acm_target_send(&targets.items[i], kind->tag_message, (LPARAM)&candidate, (LPARAM)query) !=
            MMSYSERR_NOERROR)
            continue;
        if (result != MMSYSERR_NOERROR || candidate.any.largest_size > best.any.largest_size) {
            best = candidate;
            result = MMSYSERR_NOERROR;
        }
        if (query == ACM_FORMATTAGDETAILSF_FORMATTAG)
            break;
    }
    pacm_acm_targets_release(&targets);
    if (result == MMSYSERR_NOERROR)
        *details = best;
    return result;
}

MMRESULT pacm_acm_tag_details_query(const acm_query_kind *kind, HACMDRIVER had, acm_tag_details *details,
                               DWORD fdwDetails)
{
    /* INDEX (0), FORMATTAG/FILTERTAG (1) and LARGESTSIZE (2) are the only queries: anything
     * else inside or outside the query mask is MMSYSERR_INVALFLAG. */
    if (fdwDetails > ACM_FORMATTAGDETAILSF_LARGESTSIZE)
        return MMSYSERR_INVALFLAG;
    DWORD query = fdwDetails;
    MMRESULT result;
    if (had)
        result = ask_one(kind, had, kind->tag_message, details, query,
                         query == ACM_FORMATTAGDETAILSF_INDEX ? tag_count_limit : NULL, details->any.index, 0);
    else if (query == ACM_FORMATTAGDETAILSF_INDEX)
        return ACMERR_NOTPOSSIBLE; /* an index means nothing without a driver */
    else
        result = tag_details_search(kind, details, query);
    if (result == MMSYSERR_NOERROR) {
        details->any.cbStruct = sizeof details->any;
        tag_answer_cap(details);
        tag_name_fill(kind, details);
    }
    return result;
}


/* ---- tag enumeration ---------------------------------------------------------------------- */

/* Calls the application's callback with its structure (already holding the description). */
static BOOL deliver(const acm_delivery *delivery, HACMDRIVERID hadid, DWORD support)
{
    return delivery->call(delivery->callback, hadid, delivery->caller, delivery->instance, support);
}

MMRESULT pacm_acm_tag_enum(const acm_query_kind *kind, HACMDRIVER had, const acm_delivery *delivery, DWORD fdwEnum)
{
    pacm_acm_init();
    if (!pacm_acm_caller_fits(delivery->caller, spelling_size(&tag_spelling, delivery->narrow)) || !delivery->callback)
        return MMSYSERR_INVALPARAM;
    if (fdwEnum)
        return MMSYSERR_INVALFLAG;
    acm_target_list targets;
    MMRESULT result = pacm_acm_targets_acquire(had, &targets);
    if (result != MMSYSERR_NOERROR)
        return result;
    bool shared_seen = false;
    bool more = true;
    for (size_t i = 0; i < targets.count && more; i++) {
        acm_target *target = &targets.items[i];
        DWORD support = pacm_acm_driver_id_support(target->id);
        for (DWORD index = 0; index < kind_tag_count(kind, target->id) && more; index++) {
            acm_tag_details details;
            memset(&details, 0, sizeof details);
            details.any.cbStruct = sizeof details.any;
            details.any.index = index;
            if (pacm_acm_target_send(target, kind->tag_message, (LPARAM)&details, ACM_FORMATTAGDETAILSF_INDEX) !=
                MMSYSERR_NOERROR)
                continue;
            if (kind->shared_tag_name && details.any.tag == kind->shared_tag) {
                if (shared_seen)
                    continue; /* PCM is reported once, by the first driver that lists it */
                shared_seen = true;
            }
            details.any.cbStruct = sizeof details.any;
            tag_answer_cap(&details);
            tag_name_fill(kind, &details);
            spelling_store(&tag_spelling, &details, delivery->caller, delivery->narrow);
            more = deliver(delivery, target->id->handle, support);
        }
    }
    pacm_acm_targets_release(&targets);
    return MMSYSERR_NOERROR;
}

/* ---- format and filter details ------------------------------------------------------------ */

/* FORMAT/FILTER without a driver: the first enabled driver that has the tag and answers. */
static MMRESULT details_search(const acm_query_kind *kind, acm_details *details)
{
    acm_target_list targets;
    MMRESULT result = pacm_acm_targets_acquire(NULL, &targets);
    if (result != MMSYSERR_NOERROR)
        return result;
    result = ACMERR_NOTPOSSIBLE;
    void *buffer = details->any.object;
    DWORD buffer_size = details->any.object_size;
    for (size_t i = 0; i < targets.count; i++) {
        if (!kind_has_tag(kind, targets.items[i].id, details->any.tag))
            continue;
        LRESULT answer =
            pacm_acm_target_send(&targets.items[i], kind->details_message, (LPARAM)details, ACM_FORMATDETAILSF_FORMAT);
        /* The next driver asked gets the caller's buffer, whatever this one wrote. */
        details_answer_clamp(details, buffer, buffer_size);
        if (answer == MMSYSERR_NOERROR) {
            result = MMSYSERR_NOERROR;
            break;
        }
    }
    pacm_acm_targets_release(&targets);
    return result;
}

MMRESULT pacm_acm_details_get(const acm_query_kind *kind, HACMDRIVER had, acm_details *details, DWORD fdwDetails)
{
    if (!details->any.object || details->any.object_size < kind->min_object_size || details->any.fdwSupport ||
        details->any.tag == 0)
        return MMSYSERR_INVALPARAM;
    void *buffer = details->any.object;
    DWORD buffer_size = details->any.object_size;
    MMRESULT result;
    switch (fdwDetails) {
    case ACM_FORMATDETAILSF_FORMAT:
        /* Describe the caller's structure: its tag must be the one asked about (native
         * Windows answers a mismatch with MMSYSERR_INVALPARAM, as its conformance tests show). */
        if (details->any.tag != kind->object_tag(details->any.object))
            return MMSYSERR_INVALPARAM;
        if (had)
            result = ask_one(kind, had, kind->details_message, details, ACM_FORMATDETAILSF_FORMAT, NULL, 0, 0);
        else
            result = details_search(kind, details);
        break;
    case ACM_FORMATDETAILSF_INDEX:
        /* A driver is required (INVALHANDLE without one), and the index is checked against its
         * standard count for the tag. */
        result = ask_one(kind, had, kind->details_message, details, ACM_FORMATDETAILSF_INDEX, standard_count_limit,
                         details->any.index, details->any.tag);
        break;
    default:
        return MMSYSERR_INVALFLAG;
    }
    details_answer_clamp(details, buffer, buffer_size);
    if (result == MMSYSERR_NOERROR) {
        details->any.cbStruct = sizeof details->any;
        if (kind->finish_details)
            kind->finish_details(details);
    }
    return result;
}

/* acm*TagDetails (tags true) and acm*Details: reads the application's structure (NULL or a
 * short cbStruct: MMSYSERR_INVALPARAM), asks, and on success writes the answer back. */
static MMRESULT details_call(const acm_query_kind *kind, HACMDRIVER had, void *caller, bool narrow, DWORD flags,
                             bool tags)
{
    pacm_acm_init();
    const acm_spelling *spelling = tags ? &tag_spelling : &details_spelling;
    if (!pacm_acm_caller_fits(caller, spelling_size(spelling, narrow)))
        return MMSYSERR_INVALPARAM;
    union {
        acm_tag_details tag;
        acm_details details;
    } wide;
    spelling_load(spelling, &wide, caller, narrow);
    MMRESULT result;
    if (tags) {
        result = pacm_acm_tag_details_query(kind, had, &wide.tag, flags);
    } else {
        wide.details.any.name[0] = 0; /* the driver's answer, or the ACM's text */
        result = pacm_acm_details_get(kind, had, &wide.details, flags);
    }
    if (result == MMSYSERR_NOERROR)
        spelling_store(spelling, &wide, caller, narrow);
    return result;
}

MMRESULT pacm_acm_tag_details_api(const acm_query_kind *kind, HACMDRIVER had, void *caller, bool narrow, DWORD fdwDetails)
{
    return details_call(kind, had, caller, narrow, fdwDetails, true);
}

MMRESULT pacm_acm_details_api(const acm_query_kind *kind, HACMDRIVER had, void *caller, bool narrow, DWORD fdwDetails)
{
    return details_call(kind, had, caller, narrow, fdwDetails, false);
}

/* ---- enumeration of formats and filters --------------------------------------------------- */

MMRESULT pacm_acm_enum_start(const acm_delivery *delivery, acm_details *request)
{
    pacm_acm_init();
    if (!delivery->callback || !pacm_acm_caller_fits(delivery->caller, spelling_size(&details_spelling, delivery->narrow)))
        return MMSYSERR_INVALPARAM;
    spelling_load(&details_spelling, request, delivery->caller, delivery->narrow);
    if (request->any.fdwSupport || !request->any.object)
        return MMSYSERR_INVALPARAM;
    return MMSYSERR_NOERROR;
}

MMRESULT pacm_acm_targets_acquire_fitting(const acm_query_kind *kind, HACMDRIVER had, DWORD buffer_size,
                                     acm_target_list *targets)
{
    MMRESULT result = pacm_acm_targets_acquire(had, targets);
    if (result != MMSYSERR_NOERROR)
        return result;
    for (size_t i = 0; i < targets->count; i++) {
        if (buffer_size < pacm_acm_query_max_size(kind, targets->items[i].id)) {
            pacm_acm_targets_release(targets);
            return MMSYSERR_INVALPARAM;
        }
    }
    return MMSYSERR_NOERROR;
}

void pacm_acm_walk_init(acm_walk *walk, const acm_query_kind *kind, const acm_details *request,
                   const acm_delivery *delivery)
{
    memset(walk, 0, sizeof *walk);
    walk->kind = kind;
    walk->delivery = delivery;
    walk->buffer = request->any.object;
    walk->buffer_size = request->any.object_size;
}

void pacm_acm_walk_details(const acm_walk *walk, acm_details *details, DWORD tag, DWORD index)
{
    memset(details, 0, sizeof *details);
    details->any.cbStruct = sizeof details->any;
    details->any.index = index;
    details->any.tag = tag;
    details->any.object = walk->buffer;
    details->any.object_size = walk->buffer_size;
}

void pacm_acm_walk_standard(acm_walk *walk, const acm_target *target)
{
    const acm_query_kind *kind = walk->kind;
    for (DWORD t = 0; t < kind_tag_count(kind, target->id) && !walk->stop; t++) {
        acm_tag_details tag;
        memset(&tag, 0, sizeof tag);
        tag.any.cbStruct = sizeof tag.any;
        tag.any.index = t;
        if (pacm_acm_target_send(target, kind->tag_message, (LPARAM)&tag, ACM_FORMATTAGDETAILSF_INDEX) != MMSYSERR_NOERROR)
            continue;
        tag_answer_cap(&tag);
        if (walk->only_tag && tag.any.tag != walk->tag)
            continue;
        for (DWORD f = 0; f < tag.any.standard_count && !walk->stop; f++) {
            acm_details details;
            pacm_acm_walk_details(walk, &details, tag.any.tag, f);
            if (pacm_acm_target_send(target, kind->details_message, (LPARAM)&details, ACM_FORMATDETAILSF_INDEX) !=
                MMSYSERR_NOERROR)
                continue;
            if (walk->entry_wanted && !walk->entry_wanted(walk, target))
                continue;
            pacm_acm_walk_emit(walk, target, &details);
        }
    }
}

void pacm_acm_walk_emit(acm_walk *walk, const acm_target *target, acm_details *details)
{
    details_answer_clamp(details, walk->buffer, walk->buffer_size);
    details->any.cbStruct = sizeof details->any;
    if (walk->kind->finish_details)
        walk->kind->finish_details(details);
    spelling_store(&details_spelling, details, walk->delivery->caller, walk->delivery->narrow);
    if (!deliver(walk->delivery, target->id->handle, pacm_acm_driver_id_support(target->id)))
        walk->stop = true;
}
