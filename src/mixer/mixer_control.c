/*
 * mixer_control.c - mixerGetControlDetailsA/W and mixerSetControlDetails.
 *
 * The driver receives winmm's own copy of MIXERCONTROLDETAILS (cbStruct = sizeof), so what it
 * writes into the structure never reaches the caller's; values go straight to the caller's
 * paDetails, whose size the caller gave (cChannels x items x cbDetails). List text for the A
 * form is fetched as MIXERCONTROLDETAILS_LISTTEXTW into winmm's array and converted into the
 * caller's, element by element at the caller's cbDetails. Checks: the structure
 * (MMSYSERR_INVALPARAM), the flags (MMSYSERR_INVALFLAG), the object, then the driver.
 */
#include <string.h>

#include "mixer_int.h"

/* Elements of one list-text request at most (64 channels x 1024 items). */
#define ITEMS_LIMIT 65536u

static MMRESULT control_details(HMIXEROBJ object, const MIXERCONTROLDETAILS *details, DWORD fdw, UINT msg,
                                DWORD max_query)
{
    MMRESULT result = pacm_mixer_check_flags(fdw, MIXER_GETCONTROLDETAILSF_QUERYMASK, max_query);
    if (result != MMSYSERR_NOERROR)
        return result;
    pacm_mixer_target target;
    result = pacm_mixer_resolve(object, fdw, &target);
    if (result != MMSYSERR_NOERROR)
        return result;
    MIXERCONTROLDETAILS copy = *details;
    copy.cbStruct = sizeof copy;
    result = pacm_mixer_send(&target, msg, (DWORD_PTR)&copy, fdw & MIXER_GETCONTROLDETAILSF_QUERYMASK);
    pacm_mixer_target_release(&target);
    return result;
}

MMRESULT WINAPI mixerGetControlDetailsW(HMIXEROBJ hmxobj, LPMIXERCONTROLDETAILS pmxcd, DWORD fdwDetails)
{
    if (!pmxcd || pmxcd->cbStruct < sizeof *pmxcd || !pmxcd->paDetails)
        return MMSYSERR_INVALPARAM;
    return control_details(hmxobj, pmxcd, fdwDetails, MXDM_GETCONTROLDETAILS, MIXER_GETCONTROLDETAILSF_LISTTEXT);
}

MMRESULT WINAPI mixerSetControlDetails(HMIXEROBJ hmxobj, LPMIXERCONTROLDETAILS pmxcd, DWORD fdwDetails)
{
    if (!pmxcd || pmxcd->cbStruct < sizeof *pmxcd || !pmxcd->paDetails)
        return MMSYSERR_INVALPARAM;
    return control_details(hmxobj, pmxcd, fdwDetails, MXDM_SETCONTROLDETAILS, MIXER_SETCONTROLDETAILSF_CUSTOM);
}

/* The A form's list text: fetched in UTF-16, converted into the caller's elements. */
static MMRESULT list_text_a(HMIXEROBJ hmxobj, LPMIXERCONTROLDETAILS pmxcd, DWORD fdwDetails)
{
    if (pmxcd->cbDetails < sizeof(MIXERCONTROLDETAILS_LISTTEXTA))
        return MMSYSERR_INVALPARAM;
    size_t items;
    DWORD per_channel = pmxcd->cMultipleItems ? pmxcd->cMultipleItems : 1;
    if (!pacm_size_mul(pmxcd->cChannels, per_channel, &items) || items > ITEMS_LIMIT)
        return MMSYSERR_INVALPARAM;
    MIXERCONTROLDETAILS_LISTTEXTW *wide = pacm_mem_calloc(items ? items : 1, sizeof *wide);
    if (!wide)
        return MMSYSERR_NOMEM;
    MIXERCONTROLDETAILS request = *pmxcd;
    request.cbDetails = sizeof *wide;
    request.paDetails = wide;
    MMRESULT result =
        control_details(hmxobj, &request, fdwDetails, MXDM_GETCONTROLDETAILS, MIXER_GETCONTROLDETAILSF_LISTTEXT);
    if (result == MMSYSERR_NOERROR) {
        BYTE *out = pmxcd->paDetails;
        for (size_t i = 0; i < items; i++) {
            MIXERCONTROLDETAILS_LISTTEXTA narrow;
            memset(&narrow, 0, sizeof narrow);
            narrow.dwParam1 = wide[i].dwParam1;
            narrow.dwParam2 = wide[i].dwParam2;
            pacm_mixer_field_to_a(wide[i].szName, MIXER_LONG_NAME_CHARS, narrow.szName, MIXER_LONG_NAME_CHARS);
            memcpy(out + i * pmxcd->cbDetails, &narrow, sizeof narrow);
        }
    }
    pacm_mem_free(wide);
    return result;
}

MMRESULT WINAPI mixerGetControlDetailsA(HMIXEROBJ hmxobj, LPMIXERCONTROLDETAILS pmxcd, DWORD fdwDetails)
{
    if (!pmxcd || pmxcd->cbStruct != sizeof *pmxcd || !pmxcd->paDetails)
        return MMSYSERR_INVALPARAM;
    if ((fdwDetails & MIXER_GETCONTROLDETAILSF_QUERYMASK) == MIXER_GETCONTROLDETAILSF_LISTTEXT &&
        pacm_mixer_check_flags(fdwDetails, MIXER_GETCONTROLDETAILSF_QUERYMASK, MIXER_GETCONTROLDETAILSF_LISTTEXT) ==
            MMSYSERR_NOERROR)
        return list_text_a(hmxobj, pmxcd, fdwDetails);
    return control_details(hmxobj, pmxcd, fdwDetails, MXDM_GETCONTROLDETAILS, MIXER_GETCONTROLDETAILSF_LISTTEXT);
}
