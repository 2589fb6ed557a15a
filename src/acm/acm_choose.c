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
 */
#include <string.h>

#include "acm_int.h"

#ifndef WM_INITDIALOG
#define WM_INITDIALOG 0x0110
#endif

typedef UINT(CALLBACK *choose_hook)(HWND hwnd, UINT uMsg, WPARAM wParam, LPARAM lParam);

#define FORMATCHOOSE_STYLES                                                                                 \
    (ACMFORMATCHOOSE_STYLEF_SHOWHELP | ACMFORMATCHOOSE_STYLEF_ENABLEHOOK | ACMFORMATCHOOSE_STYLEF_ENABLETEMPLATE | \
     ACMFORMATCHOOSE_STYLEF_ENABLETEMPLATEHANDLE | ACMFORMATCHOOSE_STYLEF_INITTOWFXSTRUCT |                    \
     ACMFORMATCHOOSE_STYLEF_CONTEXTHELP)
#define FILTERCHOOSE_STYLES                                                                                 \
    (ACMFILTERCHOOSE_STYLEF_SHOWHELP | ACMFILTERCHOOSE_STYLEF_ENABLEHOOK | ACMFILTERCHOOSE_STYLEF_ENABLETEMPLATE | \
     ACMFILTERCHOOSE_STYLEF_ENABLETEMPLATEHANDLE | ACMFILTERCHOOSE_STYLEF_INITTOFILTERSTRUCT |                 \
     ACMFILTERCHOOSE_STYLEF_CONTEXTHELP)
/* fdwEnum flags that read pwfxEnum. */
#define FORMATCHOOSE_ENUM_NEEDS_FORMAT                                                                      \
    (ACM_FORMATENUMF_WFORMATTAG | ACM_FORMATENUMF_NCHANNELS | ACM_FORMATENUMF_NSAMPLESPERSEC |             \
     ACM_FORMATENUMF_WBITSPERSAMPLE | ACM_FORMATENUMF_CONVERT | ACM_FORMATENUMF_SUGGEST)

/* What the A and W spellings share. */
typedef struct format_choice {
    DWORD style;
    LPWAVEFORMATEX pwfx;
    DWORD cbwfx; /* in: the caller's size; out: the size needed on ACMERR_NOTPOSSIBLE */
    DWORD fdwEnum;
    LPWAVEFORMATEX pwfxEnum;
    LPARAM custom;
    choose_hook hook;
    WCHAR tag_name[ACMFORMATTAGDETAILS_FORMATTAG_CHARS];
    WCHAR format_name[ACMFORMATDETAILS_FORMAT_CHARS];
} format_choice;

/* True when `format` passes the fdwEnum restrictions that compare fields of pwfxEnum. */
static bool format_choice_allowed(const format_choice *choice, const WAVEFORMATEX *format)
{
    const WAVEFORMATEX *restrict_to = choice->pwfxEnum;
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

typedef struct first_format {
    WAVEFORMATEX *format;
    DWORD size;
    WCHAR name[ACMFORMATDETAILS_FORMAT_CHARS];
    bool found;
} first_format;

static BOOL CALLBACK keep_first_format(HACMDRIVERID hadid, LPACMFORMATDETAILSW details, DWORD_PTR instance,
                                       DWORD support)
{
    first_format *first = (first_format *)instance;
    size_t size = acm_format_size(details->pwfx);
    if (size > details->cbwfx)
        size = details->cbwfx;
    first->format = mem_alloc(size < sizeof(WAVEFORMATEX) ? sizeof(WAVEFORMATEX) : size);
    if (!first->format)
        return FALSE;
    memset(first->format, 0, sizeof(WAVEFORMATEX));
    memcpy(first->format, details->pwfx, size);
    first->size = (DWORD)size;
    memcpy(first->name, details->szFormat, sizeof first->name);
    first->found = true;
    return FALSE;
}

/* The first format acmFormatEnum gives for the caller's restrictions. */
static MMRESULT format_choice_enumerate(const format_choice *choice, first_format *first)
{
    DWORD largest = acm_max_format_size(NULL);
    size_t enum_size = choice->pwfxEnum ? acm_format_size(choice->pwfxEnum) : 0;
    size_t buffer_size = largest > enum_size ? largest : enum_size;
    if (buffer_size < sizeof(WAVEFORMATEX))
        buffer_size = sizeof(WAVEFORMATEX);
    WAVEFORMATEX *buffer = mem_calloc(1, buffer_size);
    if (!buffer)
        return MMSYSERR_NOMEM;
    if (choice->pwfxEnum)
        memcpy(buffer, choice->pwfxEnum, enum_size);
    ACMFORMATDETAILSW details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.dwFormatTag = buffer->wFormatTag;
    details.pwfx = buffer;
    details.cbwfx = (DWORD)buffer_size;
    MMRESULT result = acmFormatEnumW(NULL, &details, keep_first_format, (DWORD_PTR)first, choice->fdwEnum);
    mem_free(buffer);
    return result;
}

/* Steps 2-5 of the file comment. */
static MMRESULT format_choose(format_choice *choice)
{
    if (choice->hook)
        choice->hook(NULL, WM_INITDIALOG, 0, choice->custom);

    first_format chosen;
    memset(&chosen, 0, sizeof chosen);
    if (choice->style & ACMFORMATCHOOSE_STYLEF_INITTOWFXSTRUCT) {
        size_t size = acm_format_size(choice->pwfx);
        ACMFORMATDETAILSW details;
        memset(&details, 0, sizeof details);
        details.cbStruct = sizeof details;
        details.dwFormatTag = choice->pwfx->wFormatTag;
        details.pwfx = choice->pwfx;
        details.cbwfx = choice->cbwfx;
        if (size <= choice->cbwfx && format_choice_allowed(choice, choice->pwfx) &&
            acmFormatDetailsW(NULL, &details, ACM_FORMATDETAILSF_FORMAT) == MMSYSERR_NOERROR) {
            chosen.found = true;
            chosen.size = (DWORD)size;
            memcpy(chosen.name, details.szFormat, sizeof chosen.name);
        }
    }
    if (!chosen.found) {
        MMRESULT result = format_choice_enumerate(choice, &chosen);
        if (result != MMSYSERR_NOERROR)
            return result;
        if (!chosen.found)
            return MMSYSERR_NODRIVER;
        if (chosen.size > choice->cbwfx) {
            choice->cbwfx = chosen.size;
            mem_free(chosen.format);
            return ACMERR_NOTPOSSIBLE;
        }
        memcpy(choice->pwfx, chosen.format, chosen.size);
        mem_free(chosen.format);
    }
    memcpy(choice->format_name, chosen.name, sizeof choice->format_name);
    ACMFORMATTAGDETAILSW tag;
    memset(&tag, 0, sizeof tag);
    tag.cbStruct = sizeof tag;
    tag.dwFormatTag = choice->pwfx->wFormatTag;
    if (acmFormatTagDetailsW(NULL, &tag, ACM_FORMATTAGDETAILSF_FORMATTAG) == MMSYSERR_NOERROR)
        memcpy(choice->tag_name, tag.szFormatTag, sizeof choice->tag_name);
    return MMSYSERR_NOERROR;
}

/* Step 1, shared: returns MMSYSERR_NOERROR when the fields are acceptable. */
static MMRESULT format_choice_check(const format_choice *choice)
{
    if (!choice->pwfx)
        return MMSYSERR_INVALPARAM;
    if (choice->style & ~FORMATCHOOSE_STYLES)
        return MMSYSERR_INVALFLAG;
    if ((choice->style & ACMFORMATCHOOSE_STYLEF_ENABLEHOOK) && !choice->hook)
        return MMSYSERR_INVALPARAM;
    if (choice->fdwEnum & ~(FORMATCHOOSE_ENUM_NEEDS_FORMAT | ACM_FORMATENUMF_HARDWARE | ACM_FORMATENUMF_INPUT |
                            ACM_FORMATENUMF_OUTPUT))
        return MMSYSERR_INVALFLAG;
    if ((choice->fdwEnum & FORMATCHOOSE_ENUM_NEEDS_FORMAT) && !choice->pwfxEnum)
        return MMSYSERR_INVALPARAM;
    return MMSYSERR_NOERROR;
}

/* The A and W structures name their shared fields alike; this copies them into `choice`. */
#define FORMAT_CHOICE_LOAD(choice, caller)                                                                   \
    do {                                                                                                 \
        memset((choice), 0, sizeof *(choice));                                                           \
        (choice)->style = (caller)->fdwStyle;                                                            \
        (choice)->pwfx = (caller)->pwfx;                                                                 \
        (choice)->cbwfx = (caller)->cbwfx;                                                               \
        (choice)->fdwEnum = (caller)->fdwEnum;                                                           \
        (choice)->pwfxEnum = (caller)->pwfxEnum;                                                         \
        (choice)->custom = (caller)->lCustData;                                                          \
        (choice)->hook = ((caller)->fdwStyle & ACMFORMATCHOOSE_STYLEF_ENABLEHOOK) ? (caller)->pfnHook : NULL; \
    } while (0)

/* Checks and chooses; on ACMERR_NOTPOSSIBLE stores the size needed in *cbwfx. */
static MMRESULT format_choice_run(format_choice *choice, DWORD *cbwfx)
{
    MMRESULT result = format_choice_check(choice);
    if (result != MMSYSERR_NOERROR)
        return result;
    result = format_choose(choice);
    if (result == ACMERR_NOTPOSSIBLE)
        *cbwfx = choice->cbwfx;
    return result;
}

MMRESULT ACMAPI acmFormatChooseW(LPACMFORMATCHOOSEW pafmtc)
{
    acm_init();
    if (!pafmtc || pafmtc->cbStruct < sizeof *pafmtc)
        return MMSYSERR_INVALPARAM;
    format_choice choice;
    FORMAT_CHOICE_LOAD(&choice, pafmtc);
    MMRESULT result = format_choice_run(&choice, &pafmtc->cbwfx);
    if (result != MMSYSERR_NOERROR)
        return result;
    memcpy(pafmtc->szFormatTag, choice.tag_name, sizeof pafmtc->szFormatTag);
    memcpy(pafmtc->szFormat, choice.format_name, sizeof pafmtc->szFormat);
    if (pafmtc->pszName && pafmtc->cchName)
        pafmtc->pszName[0] = 0;
    return MMSYSERR_NOERROR;
}

MMRESULT ACMAPI acmFormatChooseA(LPACMFORMATCHOOSEA pafmtc)
{
    acm_init();
    if (!pafmtc || pafmtc->cbStruct < sizeof *pafmtc)
        return MMSYSERR_INVALPARAM;
    format_choice choice;
    FORMAT_CHOICE_LOAD(&choice, pafmtc);
    MMRESULT result = format_choice_run(&choice, &pafmtc->cbwfx);
    if (result != MMSYSERR_NOERROR)
        return result;
    utf16_to_utf8_buffer(choice.tag_name, pafmtc->szFormatTag, sizeof pafmtc->szFormatTag);
    utf16_to_utf8_buffer(choice.format_name, pafmtc->szFormat, sizeof pafmtc->szFormat);
    if (pafmtc->pszName && pafmtc->cchName)
        pafmtc->pszName[0] = 0;
    return MMSYSERR_NOERROR;
}

/* ---- acmFilterChoose --------------------------------------------------------------------- */

typedef struct filter_choice {
    DWORD style;
    LPWAVEFILTER pwfltr;
    DWORD cbwfltr;
    DWORD fdwEnum;
    LPWAVEFILTER pwfltrEnum;
    LPARAM custom;
    choose_hook hook;
    WCHAR tag_name[ACMFILTERTAGDETAILS_FILTERTAG_CHARS];
    WCHAR filter_name[ACMFILTERDETAILS_FILTER_CHARS];
} filter_choice;

typedef struct first_filter {
    WAVEFILTER *filter;
    DWORD size;
    WCHAR name[ACMFILTERDETAILS_FILTER_CHARS];
    bool found;
} first_filter;

static BOOL CALLBACK keep_first_filter(HACMDRIVERID hadid, LPACMFILTERDETAILSW details, DWORD_PTR instance,
                                       DWORD support)
{
    first_filter *first = (first_filter *)instance;
    DWORD size = details->pwfltr->cbStruct;
    if (size < sizeof(WAVEFILTER) || size > details->cbwfltr)
        size = details->cbwfltr;
    first->filter = mem_alloc(size);
    if (!first->filter)
        return FALSE;
    memcpy(first->filter, details->pwfltr, size);
    first->size = size;
    memcpy(first->name, details->szFilter, sizeof first->name);
    first->found = true;
    return FALSE;
}

static MMRESULT filter_choose(filter_choice *choice)
{
    if (choice->hook)
        choice->hook(NULL, WM_INITDIALOG, 0, choice->custom);
    first_filter chosen;
    memset(&chosen, 0, sizeof chosen);
    if (choice->style & ACMFILTERCHOOSE_STYLEF_INITTOFILTERSTRUCT) {
        ACMFILTERDETAILSW details;
        memset(&details, 0, sizeof details);
        details.cbStruct = sizeof details;
        details.dwFilterTag = choice->pwfltr->dwFilterTag;
        details.pwfltr = choice->pwfltr;
        details.cbwfltr = choice->cbwfltr;
        bool allowed = !(choice->fdwEnum & ACM_FILTERENUMF_DWFILTERTAG) ||
                       choice->pwfltr->dwFilterTag == choice->pwfltrEnum->dwFilterTag;
        if (allowed && choice->pwfltr->cbStruct <= choice->cbwfltr &&
            acmFilterDetailsW(NULL, &details, ACM_FILTERDETAILSF_FILTER) == MMSYSERR_NOERROR) {
            chosen.found = true;
            memcpy(chosen.name, details.szFilter, sizeof chosen.name);
        }
    }
    if (!chosen.found) {
        DWORD largest = 0;
        MMRESULT result = acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FILTER, &largest);
        if (result != MMSYSERR_NOERROR)
            return result;
        if (largest < sizeof(WAVEFILTER))
            largest = sizeof(WAVEFILTER);
        WAVEFILTER *buffer = mem_calloc(1, largest);
        if (!buffer)
            return MMSYSERR_NOMEM;
        if (choice->pwfltrEnum)
            buffer->dwFilterTag = choice->pwfltrEnum->dwFilterTag;
        buffer->cbStruct = largest;
        ACMFILTERDETAILSW details;
        memset(&details, 0, sizeof details);
        details.cbStruct = sizeof details;
        details.dwFilterTag = buffer->dwFilterTag;
        details.pwfltr = buffer;
        details.cbwfltr = largest;
        result = acmFilterEnumW(NULL, &details, keep_first_filter, (DWORD_PTR)&chosen, choice->fdwEnum);
        mem_free(buffer);
        if (result != MMSYSERR_NOERROR)
            return result;
        if (!chosen.found)
            return MMSYSERR_NODRIVER;
        if (chosen.size > choice->cbwfltr) {
            choice->cbwfltr = chosen.size;
            mem_free(chosen.filter);
            return ACMERR_NOTPOSSIBLE;
        }
        memcpy(choice->pwfltr, chosen.filter, chosen.size);
        mem_free(chosen.filter);
    }
    memcpy(choice->filter_name, chosen.name, sizeof choice->filter_name);
    ACMFILTERTAGDETAILSW tag;
    memset(&tag, 0, sizeof tag);
    tag.cbStruct = sizeof tag;
    tag.dwFilterTag = choice->pwfltr->dwFilterTag;
    if (acmFilterTagDetailsW(NULL, &tag, ACM_FILTERTAGDETAILSF_FILTERTAG) == MMSYSERR_NOERROR)
        memcpy(choice->tag_name, tag.szFilterTag, sizeof choice->tag_name);
    return MMSYSERR_NOERROR;
}

static MMRESULT filter_choice_check(const filter_choice *choice)
{
    if (!choice->pwfltr)
        return MMSYSERR_INVALPARAM;
    if (choice->style & ~FILTERCHOOSE_STYLES)
        return MMSYSERR_INVALFLAG;
    if ((choice->style & ACMFILTERCHOOSE_STYLEF_ENABLEHOOK) && !choice->hook)
        return MMSYSERR_INVALPARAM;
    if (choice->fdwEnum & ~ACM_FILTERENUMF_DWFILTERTAG)
        return MMSYSERR_INVALFLAG;
    if ((choice->fdwEnum & ACM_FILTERENUMF_DWFILTERTAG) && !choice->pwfltrEnum)
        return MMSYSERR_INVALPARAM;
    return MMSYSERR_NOERROR;
}

#define FILTER_CHOICE_LOAD(choice, caller)                                                                   \
    do {                                                                                                 \
        memset((choice), 0, sizeof *(choice));                                                           \
        (choice)->style = (caller)->fdwStyle;                                                            \
        (choice)->pwfltr = (caller)->pwfltr;                                                             \
        (choice)->cbwfltr = (caller)->cbwfltr;                                                           \
        (choice)->fdwEnum = (caller)->fdwEnum;                                                           \
        (choice)->pwfltrEnum = (caller)->pwfltrEnum;                                                     \
        (choice)->custom = (caller)->lCustData;                                                          \
        (choice)->hook = ((caller)->fdwStyle & ACMFILTERCHOOSE_STYLEF_ENABLEHOOK) ? (caller)->pfnHook : NULL; \
    } while (0)

static MMRESULT filter_choice_run(filter_choice *choice, DWORD *cbwfltr)
{
    MMRESULT result = filter_choice_check(choice);
    if (result != MMSYSERR_NOERROR)
        return result;
    result = filter_choose(choice);
    if (result == ACMERR_NOTPOSSIBLE)
        *cbwfltr = choice->cbwfltr;
    return result;
}

MMRESULT ACMAPI acmFilterChooseW(LPACMFILTERCHOOSEW pafltrc)
{
    acm_init();
    if (!pafltrc || pafltrc->cbStruct < sizeof *pafltrc)
        return MMSYSERR_INVALPARAM;
    filter_choice choice;
    FILTER_CHOICE_LOAD(&choice, pafltrc);
    MMRESULT result = filter_choice_run(&choice, &pafltrc->cbwfltr);
    if (result != MMSYSERR_NOERROR)
        return result;
    memcpy(pafltrc->szFilterTag, choice.tag_name, sizeof pafltrc->szFilterTag);
    memcpy(pafltrc->szFilter, choice.filter_name, sizeof pafltrc->szFilter);
    if (pafltrc->pszName && pafltrc->cchName)
        pafltrc->pszName[0] = 0;
    return MMSYSERR_NOERROR;
}

MMRESULT ACMAPI acmFilterChooseA(LPACMFILTERCHOOSEA pafltrc)
{
    acm_init();
    if (!pafltrc || pafltrc->cbStruct < sizeof *pafltrc)
        return MMSYSERR_INVALPARAM;
    filter_choice choice;
    FILTER_CHOICE_LOAD(&choice, pafltrc);
    MMRESULT result = filter_choice_run(&choice, &pafltrc->cbwfltr);
    if (result != MMSYSERR_NOERROR)
        return result;
    utf16_to_utf8_buffer(choice.tag_name, pafltrc->szFilterTag, sizeof pafltrc->szFilterTag);
    utf16_to_utf8_buffer(choice.filter_name, pafltrc->szFilter, sizeof pafltrc->szFilter);
    if (pafltrc->pszName && pafltrc->cchName)
        pafltrc->pszName[0] = 0;
    return MMSYSERR_NOERROR;
}
