/*
 * acm_query_int.h - the one engine behind the format and the filter queries.
 *
 * acmFormatTagDetails/acmFilterTagDetails, acmFormatTagEnum/acmFilterTagEnum,
 * acmFormatDetails/acmFilterDetails and acmFormatEnum/acmFilterEnum are the same functions
 * twice over: Windows gave the format and the filter structures the same layout, only the
 * names of the fields differ (and every structure comes in an A and a W spelling). So the
 * logic lives once, in acm_query.c, working on a neutral view of the W structures; a small
 * descriptor (acm_query_kind) says what differs between formats and filters: the driver
 * messages, the capability cache, the minimum size of a WAVEFORMATEX/WAVEFILTER and the few
 * places where the ACM adds something of its own (PCM's name, the text of an empty szFormat).
 * acm_format.c and acm_filter.c hold the descriptors, the public entry points and what only
 * one of them has (the acmFormatEnum restrictions, CONVERT and SUGGEST; acmFormatSuggest).
 * acm_choose.c builds its choosers on the same descriptors.
 *
 * The neutral views are byte-for-byte the public structures; acm_query.c checks every member's
 * offset at compile time, so a driver given a neutral structure sees the public one.
 */
#ifndef PORTACM_ACM_QUERY_INT_H
#define PORTACM_ACM_QUERY_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "acm_int.h"

PORTACM_EXTERN_C_BEGIN

#pragma pack(push, 1) /* as msacm.h: the views must keep the public structures' offsets */

/* ACMFORMATTAGDETAILSW and ACMFILTERTAGDETAILSW, field by field. */
typedef struct acm_tag_fields {
    DWORD cbStruct;
    DWORD index;          /* dwFormatTagIndex / dwFilterTagIndex */
    DWORD tag;            /* dwFormatTag / dwFilterTag */
    DWORD largest_size;   /* cbFormatSize / cbFilterSize */
    DWORD fdwSupport;
    DWORD standard_count; /* cStandardFormats / cStandardFilters */
    WCHAR name[ACMFORMATTAGDETAILS_FORMATTAG_CHARS];
} acm_tag_fields;

/* The A spellings of the same (the name is narrow). */
typedef struct acm_tag_fields_a {
    DWORD cbStruct;
    DWORD index;
    DWORD tag;
    DWORD largest_size;
    DWORD fdwSupport;
    DWORD standard_count;
    char name[ACMFORMATTAGDETAILS_FORMATTAG_CHARS];
} acm_tag_fields_a;

/* ACMFORMATDETAILSW and ACMFILTERDETAILSW, field by field. */
typedef struct acm_details_fields {
    DWORD cbStruct;
    DWORD index; /* dwFormatIndex / dwFilterIndex */
    DWORD tag;   /* dwFormatTag / dwFilterTag */
    DWORD fdwSupport;
    void *object;      /* pwfx / pwfltr */
    DWORD object_size; /* cbwfx / cbwfltr */
    WCHAR name[ACMFORMATDETAILS_FORMAT_CHARS];
} acm_details_fields;

typedef struct acm_details_fields_a {
    DWORD cbStruct;
    DWORD index;
    DWORD tag;
    DWORD fdwSupport;
    void *object;
    DWORD object_size;
    char name[ACMFORMATDETAILS_FORMAT_CHARS];
} acm_details_fields_a;

#pragma pack(pop)

/* A tag description in the W spelling: the engine reads `any`, kind-specific code the named
 * member. A pointer to it is what the ACMDM_*TAG_DETAILS messages carry. */
typedef union acm_tag_details {
    acm_tag_fields any;
    ACMFORMATTAGDETAILSW format;
    ACMFILTERTAGDETAILSW filter;
} acm_tag_details;

/* A format or filter description in the W spelling (ACMDM_FORMAT_DETAILS/FILTER_DETAILS). */
typedef union acm_details {
    acm_details_fields any;
    ACMFORMATDETAILSW format;
    ACMFILTERDETAILSW filter;
} acm_details;

/* What differs between the format and the filter queries. */
typedef struct acm_query_kind {
    UINT tag_message;       /* ACMDM_FORMATTAG_DETAILS / ACMDM_FILTERTAG_DETAILS */
    UINT details_message;   /* ACMDM_FORMAT_DETAILS / ACMDM_FILTER_DETAILS */
    bool filters;           /* which capability cache of a driver ID: filter_tags or format_tags */
    DWORD min_object_size;  /* the smallest cbwfx/cbwfltr accepted: PCMWAVEFORMAT / WAVEFILTER */
    /* The tag every driver may list (PCM for formats): acm*TagEnum reports it once, and an empty
     * name of it becomes shared_tag_name. shared_tag_name NULL: there is no such tag. */
    DWORD shared_tag;
    const char *shared_tag_name;
    /* The tag stored in a WAVEFORMATEX / WAVEFILTER, and how many bytes the structure says it
     * occupies (pacm_acm_format_size / WAVEFILTER.cbStruct). */
    DWORD (*object_tag)(const void *object);
    DWORD (*object_size)(const void *object);
    /* Optional: what the ACM adds to a description a driver gave (an empty szFormat's text). */
    void (*finish_details)(acm_details *details);
} acm_query_kind;

/* The two kinds (acm_format.c, acm_filter.c). */
extern const acm_query_kind pacm_acm_format_kind;
extern const acm_query_kind pacm_acm_filter_kind;

/* True when `caller` is not NULL and its leading cbStruct is at least `size`. */
bool pacm_acm_caller_fits(const void *caller, size_t size);

/* ACM_METRIC_MAX_SIZE_FORMAT / _FILTER of one ID, or over every enabled driver (id NULL). */
DWORD pacm_acm_query_max_size(const acm_query_kind *kind, const acm_driver_id *id);

/* ---- the application's callback ---------------------------------------------------------- */

/* Enumeration callbacks differ only in the type of their structure pointer. The engine keeps
 * the application's callback as a generic function pointer and calls it through a `call`
 * function that restores its real type (ACM_CALLBACK_CALL makes one). */
typedef void (*acm_any_callback)(void);
typedef BOOL (*acm_callback_call)(acm_any_callback callback, HACMDRIVERID hadid, void *caller, DWORD_PTR instance,
                                  DWORD support);

#define ACM_CALLBACK_CALL(name, callback_type, structure_type)                                              \
    static BOOL name(acm_any_callback callback, HACMDRIVERID hadid, void *caller, DWORD_PTR instance,        \
                     DWORD support)                                                                          \
    {                                                                                                        \
        return ((callback_type)callback)(hadid, (structure_type *)caller, instance, support);                \
    }

/* Where enumerated descriptions go: the application's structure (A or W spelling), which is
 * overwritten with each description before its callback is called with it. */
typedef struct acm_delivery {
    void *caller;
    bool narrow; /* the A spelling */
    acm_any_callback callback;
    acm_callback_call call;
    DWORD_PTR instance;
} acm_delivery;

/* ---- the public functions' cores --------------------------------------------------------- */

/* acmFormatTagDetails{A,W} / acmFilterTagDetails{A,W}: `caller` is the application's
 * structure in the spelling `narrow` says. */
MMRESULT pacm_acm_tag_details_api(const acm_query_kind *kind, HACMDRIVER had, void *caller, bool narrow, DWORD fdwDetails);
/* The same after the structure was read: `details` is a full W structure. */
MMRESULT pacm_acm_tag_details_query(const acm_query_kind *kind, HACMDRIVER had, acm_tag_details *details,
                               DWORD fdwDetails);

/* acmFormatTagEnum{A,W} / acmFilterTagEnum{A,W}. */
MMRESULT pacm_acm_tag_enum(const acm_query_kind *kind, HACMDRIVER had, const acm_delivery *delivery, DWORD fdwEnum);

/* acmFormatDetails{A,W} / acmFilterDetails{A,W}. */
MMRESULT pacm_acm_details_api(const acm_query_kind *kind, HACMDRIVER had, void *caller, bool narrow, DWORD fdwDetails);
/* The same after the structure was read: the argument checks and the query. */
MMRESULT pacm_acm_details_get(const acm_query_kind *kind, HACMDRIVER had, acm_details *details, DWORD fdwDetails);

/* ---- enumerating formats and filters ----------------------------------------------------- */

/* The start of acmFormatEnum/acmFilterEnum: pacm_acm_init, the checks every spelling makes (NULL
 * structure or callback, short cbStruct, fdwSupport set, NULL pwfx/pwfltr: INVALPARAM) and
 * the caller's structure read into `request`. */
MMRESULT pacm_acm_enum_start(const acm_delivery *delivery, acm_details *request);

/* The driver(s) an enumeration asks (had, or every enabled driver) when `buffer_size` holds
 * the largest structure of all of them; MMSYSERR_INVALPARAM when it does not. */
MMRESULT pacm_acm_targets_acquire_fitting(const acm_query_kind *kind, HACMDRIVER had, DWORD buffer_size,
                                     acm_target_list *targets);

/* One enumeration in progress. */
typedef struct acm_walk {
    const acm_query_kind *kind;
    const acm_delivery *delivery;
    void *buffer; /* the caller's pwfx/pwfltr: every enumerated structure is written here */
    DWORD buffer_size;
    bool only_tag; /* only the tag `tag` (ACM_FORMATENUMF_WFORMATTAG, ACM_FILTERENUMF_DWFILTERTAG) */
    DWORD tag;
    /* Optional: false skips a standard entry the driver just wrote into `buffer`. */
    bool (*entry_wanted)(const struct acm_walk *walk, const acm_target *target);
    void *context; /* for entry_wanted */
    bool stop;     /* the callback returned FALSE */
} acm_walk;

/* A walk over the buffer of `request` that delivers to `delivery`. */
void pacm_acm_walk_init(acm_walk *walk, const acm_query_kind *kind, const acm_details *request,
                   const acm_delivery *delivery);
/* A description to be filled by the driver: tag, index and the walk's buffer. */
void pacm_acm_walk_details(const acm_walk *walk, acm_details *details, DWORD tag, DWORD index);
/* Every standard format (filter) of one driver, tag by tag, that the walk wants. */
void pacm_acm_walk_standard(acm_walk *walk, const acm_target *target);
/* Hands one description to the application; sets walk->stop when its callback says FALSE. */
void pacm_acm_walk_emit(acm_walk *walk, const acm_target *target, acm_details *details);

PORTACM_EXTERN_C_END

#endif /* PORTACM_ACM_QUERY_INT_H */
