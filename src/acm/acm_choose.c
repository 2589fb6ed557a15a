/*
 * acm_choose.c - acmFormatChoose and acmFilterChoose without a dialog.
 *
 * Linux has no ACM dialog to show, so the choosers are non-interactive (docs/acm.md):
 *  1. the structure is checked as Windows checks it (size, pwfx/pwfltr, style flags, hook);
 *  2. with ACMFORMATCHOOSE_STYLEF_ENABLEHOOK the hook gets WM_INITDIALOG (hwnd NULL,
 *     lParam = lCustData), as a dialog's hook would first, so hooks that set up state run;
 *  3. the "user's choice" is the initial format when ACMFORMATCHOOSE_STYLEF_INITTOWFXSTRUCT is
 *     set and some driver knows it and it passes the fdwEnum restrictions; otherwise the first
 *     format acmFormatEnum gives for fdwEnum/pwfxEnum; MMSYSERR_NODRIVER when there is none
 *     ("a suitable driver is not available to provide valid format selections");
 *  4. a choice larger than cbwfx gives ACMERR_NOTPOSSIBLE with cbwfx set to the size needed;
 *  5. otherwise the format is copied and szFormatTag, szFormat (and pszName, emptied) filled.
 * Help and template styles are accepted and have no effect.
 *
 * The filter chooser is the same with filters: its structures have the format chooser's
 * layout, so one chooser serves both, told apart by a small descriptor (choose_kind) and
 * built on the shared query engine (acm_query_int.h).
 */
#include <string.h>

#include "acm_query_int.h"

#ifndef WM_INITDIALOG
#define WM_INITDIALOG 0x0110
#endif

typedef UINT(CALLBACK *choose_hook)(HWND hwnd, UINT uMsg, WPARAM wParam, LPARAM lParam);

#define CHOOSE_STYLES                                                                                       \
    (ACMFORMATCHOOSE_STYLEF_SHOWHELP | ACMFORMATCHOOSE_STYLEF_ENABLEHOOK | ACMFORMATCHOOSE_STYLEF_ENABLETEMPLATE | \
     ACMFORMATCHOOSE_STYLEF_ENABLETEMPLATEHANDLE | ACMFORMATCHOOSE_STYLEF_INITTOWFXSTRUCT |                    \
     ACMFORMATCHOOSE_STYLEF_CONTEXTHELP)
_Static_assert(ACMFILTERCHOOSE_STYLEF_SHOWHELP == ACMFORMATCHOOSE_STYLEF_SHOWHELP &&
                   ACMFILTERCHOOSE_STYLEF_ENABLEHOOK == ACMFORMATCHOOSE_STYLEF_ENABLEHOOK &&
                   ACMFILTERCHOOSE_STYLEF_ENABLETEMPLATE == ACMFORMATCHOOSE_STYLEF_ENABLETEMPLATE &&
                   ACMFILTERCHOOSE_STYLEF_ENABLETEMPLATEHANDLE == ACMFORMATCHOOSE_STYLEF_ENABLETEMPLATEHANDLE &&
                   ACMFILTERCHOOSE_STYLEF_INITTOFILTERSTRUCT == ACMFORMATCHOOSE_STYLEF_INITTOWFXSTRUCT &&
                   ACMFILTERCHOOSE_STYLEF_CONTEXTHELP == ACMFORMATCHOOSE_STYLEF_CONTEXTHELP,
               "the chooser styles of formats and filters differ");

/* fdwEnum flags of acmFormatChoose that read pwfxEnum. */
#define FORMATCHOOSE_ENUM_NEEDS_FORMAT                                                                      \
    (ACM_FORMATENUMF_WFORMATTAG | ACM_FORMATENUMF_NCHANNELS | ACM_FORMATENUMF_NSAMPLESPERSEC |             \
     ACM_FORMATENUMF_WBITSPERSAMPLE | ACM_FORMATENUMF_CONVERT | ACM_FORMATENUMF_SUGGEST)

/* ---- the chooser structures ---------------------------------------------------------------- */

#pragma pack(push, 1) /* as msacm.h */

/* ACMFORMATCHOOSEW and ACMFILTERCHOOSEW, field by field (the A spellings below). */
typedef struct choose_fields {
    DWORD cbStruct;
    DWORD fdwStyle;
    HWND hwndOwner;
    void *object; /* pwfx / pwfltr */
    DWORD size;   /* cbwfx / cbwfltr */
    LPCWSTR pszTitle;
    WCHAR tag_name[ACMFORMATTAGDETAILS_FORMATTAG_CHARS];
    WCHAR name[ACMFORMATDETAILS_FORMAT_CHARS];
    LPWSTR pszName;
    DWORD cchName;
    DWORD fdwEnum;
    void *enum_object; /* pwfxEnum / pwfltrEnum */
    HINSTANCE hInstance;
    LPCWSTR pszTemplateName;
    LPARAM lCustData;
    choose_hook pfnHook;
} choose_fields;

typedef struct choose_fields_a {
    DWORD cbStruct;
    DWORD fdwStyle;
    HWND hwndOwner;
    void *object;
    DWORD size;
    LPCSTR pszTitle;
    char tag_name[ACMFORMATTAGDETAILS_FORMATTAG_CHARS];
    char name[ACMFORMATDETAILS_FORMAT_CHARS];
    LPSTR pszName;
    DWORD cchName;
    DWORD fdwEnum;
    void *enum_object;
    HINSTANCE hInstance;
    LPCSTR pszTemplateName;
    LPARAM lCustData;
    choose_hook pfnHook;
} choose_fields_a;

#pragma pack(pop)

/* The views must be the public structures, offset for offset. */
#define ASSERT_CHOOSE_LAYOUT(view, type, object_, size_, tag_name_, name_, enum_object_)                    \
    _Static_assert(sizeof(view) == sizeof(type) && offsetof(view, fdwStyle) == offsetof(type, fdwStyle) &&   \
                       offsetof(view, object) == offsetof(type, object_) &&                                  \
                       offsetof(view, size) == offsetof(type, size_) &&                                      \
                       offsetof(view, tag_name) == offsetof(type, tag_name_) &&                              \
                       offsetof(view, name) == offsetof(type, name_) &&                                      \
                       offsetof(view, pszName) == offsetof(type, pszName) &&                                 \
                       offsetof(view, cchName) == offsetof(type, cchName) &&                                 \
                       offsetof(view, fdwEnum) == offsetof(type, fdwEnum) &&                                 \
                       offsetof(view, enum_object) == offsetof(type, enum_object_) &&                        \
                       offsetof(view, lCustData) == offsetof(type, lCustData) &&                             \
                       offsetof(view, pfnHook) == offsetof(type, pfnHook),                                   \
                   #type " is not laid out as " #view)
ASSERT_CHOOSE_LAYOUT(choose_fields, ACMFORMATCHOOSEW, pwfx, cbwfx, szFormatTag, szFormat, pwfxEnum);
ASSERT_CHOOSE_LAYOUT(choose_fields, ACMFILTERCHOOSEW, pwfltr, cbwfltr, szFilterTag, szFilter, pwfltrEnum);
ASSERT_CHOOSE_LAYOUT(choose_fields_a, ACMFORMATCHOOSEA, pwfx, cbwfx, szFormatTag, szFormat, pwfxEnum);
ASSERT_CHOOSE_LAYOUT(choose_fields_a, ACMFILTERCHOOSEA, pwfltr, cbwfltr, szFilterTag, szFilter, pwfltrEnum);

/* ---- the chooser ---------------------------------------------------------------------------- */

struct choose_kind;

/* What the A and W spellings and both kinds share. */
typedef struct acm_choice {
    const struct choose_kind *kind;
    DWORD style;
    void *object; /* pwfx / pwfltr: the initial choice in, the choice out */
    DWORD size;   /* in: the caller's size; out: the size needed on ACMERR_NOTPOSSIBLE */
    DWORD fdwEnum;
    void *enum_object;
    LPARAM custom;
    choose_hook hook;
    WCHAR tag_name[ACMFORMATTAGDETAILS_FORMATTAG_CHARS];
    WCHAR name[ACMFORMATDETAILS_FORMAT_CHARS];
} acm_choice;

/* The first structure an enumeration gave (a copy), with its name. */
typedef struct acm_chosen {
    void *object;
    DWORD size;
    DWORD buffer_size; /* of the enumeration's buffer: nothing past it is copied */
    WCHAR name[ACMFORMATDETAILS_FORMAT_CHARS];
} acm_chosen;

/* What differs between choosing a format and a filter. */
typedef struct choose_kind {
    const acm_query_kind *query;
    DWORD enum_flags;        /* fdwEnum bits accepted */
    DWORD enum_reads_object; /* fdwEnum bits that read pwfxEnum / pwfltrEnum */
    /* True when the initial structure passes the fdwEnum restrictions. */
    bool (*allowed)(const acm_choice *choice);
    /* The size of the enumeration buffer, and the enumeration into it (acmFormatEnumW /
     * acmFilterEnumW) that keeps the first structure in `chosen`. */
    size_t (*buffer_size)(const acm_choice *choice);
    MMRESULT (*enumerate)(const acm_choice *choice, void *buffer, DWORD size, acm_chosen *chosen);
} choose_kind;

/* Keeps a copy of the first enumerated structure; returns FALSE to end the enumeration. The
 * size is what the structure says it occupies, or the buffer's size when that is implausible.
 * `buffer_size` is the cbwfx/cbwfltr the enumeration reported, which a driver wrote: it is
 * never taken past the buffer the chooser gave the enumeration. */
static BOOL chosen_keep(acm_chosen *chosen, const acm_query_kind *query, const void *object, DWORD buffer_size,
                        const WCHAR *name)
{
    if (buffer_size > chosen->buffer_size)
        buffer_size = chosen->buffer_size;
    size_t size = query->object_size(object);
    if (size < query->min_object_size || size > buffer_size)
        size = buffer_size;
    chosen->object = pacm_mem_calloc(1, size < sizeof(WAVEFORMATEX) ? sizeof(WAVEFORMATEX) : size);
    if (!chosen->object)
        return FALSE;
    memcpy(chosen->object, object, size);
    chosen->size = (DWORD)size;
    memcpy(chosen->name, name, sizeof chosen->name);
    return FALSE;
}

/* Step 3, first half: the caller's initial structure, when it fits, passes the restrictions
 * and some driver knows it (acm*Details with FORMAT/FILTER). Fills choice->name. */
static bool choice_initial(acm_choice *choice)
{
    const acm_query_kind *query = choice->kind->query;
    if (query->object_size(choice->object) > choice->size || !choice->kind->allowed(choice))
        return false;
    acm_details details;
    memset(&details, 0, sizeof details);
    details.any.cbStruct = sizeof details.any;
    details.any.tag = query->object_tag(choice->object);
    details.any.object = choice->object;
    details.any.object_size = choice->size;
    if (pacm_acm_details_get(query, NULL, &details, ACM_FORMATDETAILSF_FORMAT) != MMSYSERR_NOERROR)
        return false;
    memcpy(choice->name, details.any.name, sizeof choice->name);
    return true;
}

/* Step 3, second half, and step 4: the first enumerated structure, copied into the caller's
 * when it fits. */
static MMRESULT choice_enumerated(acm_choice *choice)
{
    size_t buffer_size = choice->kind->buffer_size(choice);
    void *buffer = pacm_mem_calloc(1, buffer_size);
    if (!buffer)
        return MMSYSERR_NOMEM;
    acm_chosen chosen;
    memset(&chosen, 0, sizeof chosen);
    chosen.buffer_size = (DWORD)buffer_size;
    MMRESULT result = choice->kind->enumerate(choice, buffer, (DWORD)buffer_size, &chosen);
    pacm_mem_free(buffer);
    if (result != MMSYSERR_NOERROR)
        return result;
    if (!chosen.object)
        return MMSYSERR_NODRIVER;
    if (chosen.size > choice->size) {
        choice->size = chosen.size;
        result = ACMERR_NOTPOSSIBLE;
    } else {
        memcpy(choice->object, chosen.object, chosen.size);
        memcpy(choice->name, chosen.name, sizeof choice->name);
    }
    pacm_mem_free(chosen.object);
    return result;
}

/* Step 1: returns MMSYSERR_NOERROR when the fields are acceptable. */
static MMRESULT choice_check(const acm_choice *choice)
{
    if (!choice->object)
        return MMSYSERR_INVALPARAM;
    if (choice->style & ~CHOOSE_STYLES)
        return MMSYSERR_INVALFLAG;
    if ((choice->style & ACMFORMATCHOOSE_STYLEF_ENABLEHOOK) && !choice->hook)
        return MMSYSERR_INVALPARAM;
    if (choice->fdwEnum & ~choice->kind->enum_flags)
        return MMSYSERR_INVALFLAG;
    if ((choice->fdwEnum & choice->kind->enum_reads_object) && !choice->enum_object)
        return MMSYSERR_INVALPARAM;
    return MMSYSERR_NOERROR;
}

/* Steps 1-5 of the file comment. */
static MMRESULT choice_make(acm_choice *choice)
{
    MMRESULT result = choice_check(choice);
    if (result != MMSYSERR_NOERROR)
        return result;
    if (choice->hook)
        choice->hook(NULL, WM_INITDIALOG, 0, choice->custom);
    if (!(choice->style & ACMFORMATCHOOSE_STYLEF_INITTOWFXSTRUCT) || !choice_initial(choice)) {
        result = choice_enumerated(choice);
        if (result != MMSYSERR_NOERROR)
            return result;
    }
    acm_tag_details tag;
    memset(&tag, 0, sizeof tag);
    tag.any.cbStruct = sizeof tag.any;
    tag.any.tag = choice->kind->query->object_tag(choice->object);
    if (pacm_acm_tag_details_query(choice->kind->query, NULL, &tag, ACM_FORMATTAGDETAILSF_FORMATTAG) == MMSYSERR_NOERROR)
        memcpy(choice->tag_name, tag.any.name, sizeof choice->tag_name);
    return MMSYSERR_NOERROR;
}

/* The A and W views name their shared fields alike; this copies them into `choice`. */
#define CHOICE_LOAD(choice, fields)                                                                          \
    do {                                                                                                     \
        (choice)->style = (fields).fdwStyle;                                                                 \
        (choice)->object = (fields).object;                                                                  \
        (choice)->size = (fields).size;                                                                      \
        (choice)->fdwEnum = (fields).fdwEnum;                                                                \
        (choice)->enum_object = (fields).enum_object;                                                        \
        (choice)->custom = (fields).lCustData;                                                               \
        (choice)->hook = ((fields).fdwStyle & ACMFORMATCHOOSE_STYLEF_ENABLEHOOK) ? (fields).pfnHook : NULL;  \
    } while (0)

/* And this writes the answer into a view: the size needed on ACMERR_NOTPOSSIBLE; on success the
 * names (put_text copies UTF-16 text in the view's spelling) and an emptied pszName. */
#define CHOICE_STORE(fields, choice, result, put_text)                                                       \
    do {                                                                                                     \
        if ((result) == ACMERR_NOTPOSSIBLE)                                                                  \
            (fields).size = (choice)->size;                                                                  \
        if ((result) == MMSYSERR_NOERROR) {                                                                  \
            put_text((fields).tag_name, sizeof(fields).tag_name, (choice)->tag_name);                        \
            put_text((fields).name, sizeof(fields).name, (choice)->name);                                    \
            if ((fields).pszName && (fields).cchName)                                                        \
                (fields).pszName[0] = 0;                                                                     \
        }                                                                                                    \
    } while (0)

static void put_wide(WCHAR *out, size_t bytes, const WCHAR *text)
{
    memcpy(out, text, bytes);
}

/* The narrow fields have as many chars as the wide ones have units; the wide text (a
 * driver's) need not be terminated. */
static void put_narrow(char *out, size_t bytes, const WCHAR *text)
{
    pacm_utf16_field_to_utf8(text, bytes, out, bytes);
}

/* acm{Format,Filter}Choose{A,W}: `caller` is the application's structure in the spelling
 * `narrow` says. Its fields are read before the hook runs; the answer is written back into
 * the structure as it is afterwards (the hook may have changed other fields). */
static MMRESULT choose(const choose_kind *kind, void *caller, bool narrow)
{
    pacm_acm_init();
    if (!pacm_acm_caller_fits(caller, narrow ? sizeof(choose_fields_a) : sizeof(choose_fields)))
        return MMSYSERR_INVALPARAM;
    acm_choice choice;
    memset(&choice, 0, sizeof choice);
    choice.kind = kind;
    choose_fields wide;
    choose_fields_a fields_a;
    if (narrow) {
        memcpy(&fields_a, caller, sizeof fields_a);
        CHOICE_LOAD(&choice, fields_a);
    } else {
        memcpy(&wide, caller, sizeof wide);
        CHOICE_LOAD(&choice, wide);
    }
    MMRESULT result = choice_make(&choice);
    if (result != MMSYSERR_NOERROR && result != ACMERR_NOTPOSSIBLE)
        return result;
    if (narrow) {
        memcpy(&fields_a, caller, sizeof fields_a);
        CHOICE_STORE(fields_a, &choice, result, put_narrow);
        memcpy(caller, &fields_a, sizeof fields_a);
    } else {
        memcpy(&wide, caller, sizeof wide);
        CHOICE_STORE(wide, &choice, result, put_wide);
        memcpy(caller, &wide, sizeof wide);
    }
    return result;
}

/* ---- formats ---------------------------------------------------------------------------------- */

/* True when the initial format passes the fdwEnum restrictions that compare fields of pwfxEnum. */
static bool format_allowed(const acm_choice *choice)
{
    const WAVEFORMATEX *format = choice->object;
    const WAVEFORMATEX *restrict_to = choice->enum_object;
    DWORD flags = choice->fdwEnum;
    if (flags & (ACM_FORMATENUMF_HARDWARE | ACM_FORMATENUMF_INPUT | ACM_FORMATENUMF_OUTPUT))
        return false; /* no waveform-audio devices (see acmFormatEnum) */
    if (flags & (ACM_FORMATENUMF_CONVERT | ACM_FORMATENUMF_SUGGEST))
        return false; /* only acmFormatEnum can answer these; it is asked instead */
    if ((flags & ACM_FORMATENUMF_WFORMATTAG) && format->wFormatTag != restrict_to->wFormatTag)
        return false;
    if ((flags & ACM_FORMATENUMF_NCHANNELS) && format->nChannels != restrict_to->nChannels)
        return false;
    if ((flags & ACM_FORMATENUMF_NSAMPLESPERSEC) && format->nSamplesPerSec != restrict_to->nSamplesPerSec)
        return false;
    if ((flags & ACM_FORMATENUMF_WBITSPERSAMPLE) && format->wBitsPerSample != restrict_to->wBitsPerSample)
        return false;
    return true;
}

/* Room for the largest format of any driver, and for pwfxEnum. */
static size_t format_buffer_size(const acm_choice *choice)
{
    size_t size = pacm_acm_max_format_size(NULL);
    if (choice->enum_object && pacm_acm_format_size(choice->enum_object) > size)
        size = pacm_acm_format_size(choice->enum_object);
    return size < sizeof(WAVEFORMATEX) ? sizeof(WAVEFORMATEX) : size;
}

static BOOL CALLBACK keep_first_format(HACMDRIVERID hadid, LPACMFORMATDETAILSW details, DWORD_PTR instance,
                                       DWORD support)
{
    return chosen_keep((acm_chosen *)instance, &pacm_acm_format_kind, details->pwfx, details->cbwfx, details->szFormat);
}

/* acmFormatEnum from a copy of pwfxEnum (the restrictions read it). */
static MMRESULT format_enumerate(const acm_choice *choice, void *buffer, DWORD size, acm_chosen *chosen)
{
    WAVEFORMATEX *format = buffer;
    if (choice->enum_object)
        memcpy(format, choice->enum_object, pacm_acm_format_size(choice->enum_object));
    ACMFORMATDETAILSW details = {.cbStruct = sizeof details, .dwFormatTag = format->wFormatTag, .pwfx = format,
                                 .cbwfx = size};
    return acmFormatEnumW(NULL, &details, keep_first_format, (DWORD_PTR)chosen, choice->fdwEnum);
}

static const choose_kind format_chooser = {
    .query = &pacm_acm_format_kind,
    .enum_flags = FORMATCHOOSE_ENUM_NEEDS_FORMAT | ACM_FORMATENUMF_HARDWARE | ACM_FORMATENUMF_INPUT |
                  ACM_FORMATENUMF_OUTPUT,
    .enum_reads_object = FORMATCHOOSE_ENUM_NEEDS_FORMAT,
    .allowed = format_allowed,
    .buffer_size = format_buffer_size,
    .enumerate = format_enumerate,
};

MMRESULT ACMAPI acmFormatChooseW(LPACMFORMATCHOOSEW pafmtc)
{
    return choose(&format_chooser, pafmtc, false);
}

MMRESULT ACMAPI acmFormatChooseA(LPACMFORMATCHOOSEA pafmtc)
{
    return choose(&format_chooser, pafmtc, true);
}

/* ---- filters ---------------------------------------------------------------------------------- */

/* ACM_FILTERENUMF_DWFILTERTAG is the one restriction. */
static bool filter_allowed(const acm_choice *choice)
{
    const WAVEFILTER *filter = choice->object;
    const WAVEFILTER *restrict_to = choice->enum_object;
    return !(choice->fdwEnum & ACM_FILTERENUMF_DWFILTERTAG) || filter->dwFilterTag == restrict_to->dwFilterTag;
}

/* Room for the largest filter of any driver. */
static size_t filter_buffer_size(const acm_choice *choice)
{
    size_t size = pacm_acm_max_filter_size(NULL);
    return size < sizeof(WAVEFILTER) ? sizeof(WAVEFILTER) : size;
}

static BOOL CALLBACK keep_first_filter(HACMDRIVERID hadid, LPACMFILTERDETAILSW details, DWORD_PTR instance,
                                       DWORD support)
{
    return chosen_keep((acm_chosen *)instance, &pacm_acm_filter_kind, details->pwfltr, details->cbwfltr, details->szFilter);
}

/* acmFilterEnum into an empty filter of the whole buffer's size, with pwfltrEnum's tag. */
static MMRESULT filter_enumerate(const acm_choice *choice, void *buffer, DWORD size, acm_chosen *chosen)
{
    WAVEFILTER *filter = buffer;
    if (choice->enum_object)
        filter->dwFilterTag = ((const WAVEFILTER *)choice->enum_object)->dwFilterTag;
    filter->cbStruct = size;
    ACMFILTERDETAILSW details = {.cbStruct = sizeof details, .dwFilterTag = filter->dwFilterTag, .pwfltr = filter,
                                 .cbwfltr = size};
    return acmFilterEnumW(NULL, &details, keep_first_filter, (DWORD_PTR)chosen, choice->fdwEnum);
}

static const choose_kind filter_chooser = {
    .query = &pacm_acm_filter_kind,
    .enum_flags = ACM_FILTERENUMF_DWFILTERTAG,
    .enum_reads_object = ACM_FILTERENUMF_DWFILTERTAG,
    .allowed = filter_allowed,
    .buffer_size = filter_buffer_size,
    .enumerate = filter_enumerate,
};

MMRESULT ACMAPI acmFilterChooseW(LPACMFILTERCHOOSEW pafltrc)
{
    return choose(&filter_chooser, pafltrc, false);
}

MMRESULT ACMAPI acmFilterChooseA(LPACMFILTERCHOOSEA pafltrc)
{
    return choose(&filter_chooser, pafltrc, true);
}
