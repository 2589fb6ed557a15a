/*
 * mixer_line.c - mixerGetLineInfo and mixerGetLineControls, A and W.
 *
 * Checks come in one order for every function: the structure (NULL, cbStruct, the array and
 * its element size: MMSYSERR_INVALPARAM), then the flags (MMSYSERR_INVALFLAG), then the
 * object (BADDEVICEID / INVALHANDLE / NODRIVER), then the driver's answer. The A forms demand
 * cbStruct (and cbmxctrl) equal to the A size, the W forms at least the W size, as Windows.
 *
 * The driver always works on winmm's own full-size W structures; only the fields a query
 * returns are copied to the caller, into the caller's sizes, so a driver that rewrites
 * cbStruct, cControls or cbmxctrl cannot make winmm write past the caller's memory. Text a
 * driver leaves unterminated is cut at the field's end.
 */
#include <string.h>

#include "mixer_int.h"

/* At most this many controls are asked for at once (a line has a handful). */
#define CONTROLS_LIMIT 4096u

static void terminate_line(MIXERLINEW *line)
{
    line->szShortName[MIXER_SHORT_NAME_CHARS - 1] = 0;
    line->szName[MIXER_LONG_NAME_CHARS - 1] = 0;
    line->Target.szPname[MAXPNAMELEN - 1] = 0;
}

/* Asks the driver for a line. `line` holds the query's fields on entry and the answer (a
 * full MIXERLINEW, cbStruct set to sizeof) on success. */
static MMRESULT line_info(HMIXEROBJ object, MIXERLINEW *line, DWORD fdwInfo)
{
    MMRESULT result = pacm_mixer_check_flags(fdwInfo, MIXER_GETLINEINFOF_QUERYMASK, MIXER_GETLINEINFOF_TARGETTYPE);
    if (result != MMSYSERR_NOERROR)
        return result;
    pacm_mixer_target target;
    result = pacm_mixer_resolve(object, fdwInfo, &target);
    if (result != MMSYSERR_NOERROR)
        return result;
    MIXERLINEW answer = *line;
    answer.cbStruct = sizeof answer;
    result = pacm_mixer_send(&target, MXDM_GETLINEINFO, (DWORD_PTR)&answer, fdwInfo & MIXER_GETLINEINFOF_QUERYMASK);
    pacm_mixer_target_release(&target);
    if (result == MMSYSERR_NOERROR) {
        terminate_line(&answer);
        answer.cbStruct = sizeof answer;
        *line = answer;
    }
    return result;
}

MMRESULT WINAPI mixerGetLineInfoW(HMIXEROBJ hmxobj, LPMIXERLINEW pmxl, DWORD fdwInfo)
{
    if (!pmxl || pmxl->cbStruct < sizeof *pmxl)
        return MMSYSERR_INVALPARAM;
    MIXERLINEW line;
    memcpy(&line, pmxl, sizeof line);
    DWORD caller_size = pmxl->cbStruct;
    MMRESULT result = line_info(hmxobj, &line, fdwInfo);
    if (result == MMSYSERR_NOERROR) {
        line.cbStruct = caller_size;
        memcpy(pmxl, &line, sizeof line);
    }
    return result;
}

MMRESULT WINAPI mixerGetLineInfoA(HMIXEROBJ hmxobj, LPMIXERLINEA pmxl, DWORD fdwInfo)
{
    if (!pmxl || pmxl->cbStruct != sizeof *pmxl)
        return MMSYSERR_INVALPARAM;
    MIXERLINEW line;
    memset(&line, 0, sizeof line);
    line.cbStruct = sizeof line;
    line.dwDestination = pmxl->dwDestination;
    line.dwSource = pmxl->dwSource;
    line.dwLineID = pmxl->dwLineID;
    line.dwComponentType = pmxl->dwComponentType;
    line.Target.dwType = pmxl->Target.dwType;
    line.Target.dwDeviceID = pmxl->Target.dwDeviceID;
    line.Target.wMid = pmxl->Target.wMid;
    line.Target.wPid = pmxl->Target.wPid;
    line.Target.vDriverVersion = pmxl->Target.vDriverVersion;
    pacm_mixer_field_to_w(pmxl->Target.szPname, MAXPNAMELEN, line.Target.szPname, MAXPNAMELEN);
    MMRESULT result = line_info(hmxobj, &line, fdwInfo);
    if (result != MMSYSERR_NOERROR)
        return result;
    pmxl->dwDestination = line.dwDestination;
    pmxl->dwSource = line.dwSource;
    pmxl->dwLineID = line.dwLineID;
    pmxl->fdwLine = line.fdwLine;
    pmxl->dwUser = line.dwUser;
    pmxl->dwComponentType = line.dwComponentType;
    pmxl->cChannels = line.cChannels;
    pmxl->cConnections = line.cConnections;
    pmxl->cControls = line.cControls;
    pacm_mixer_field_to_a(line.szShortName, MIXER_SHORT_NAME_CHARS, pmxl->szShortName, MIXER_SHORT_NAME_CHARS);
    pacm_mixer_field_to_a(line.szName, MIXER_LONG_NAME_CHARS, pmxl->szName, MIXER_LONG_NAME_CHARS);
    pmxl->Target.dwType = line.Target.dwType;
    pmxl->Target.dwDeviceID = line.Target.dwDeviceID;
    pmxl->Target.wMid = line.Target.wMid;
    pmxl->Target.wPid = line.Target.wPid;
    pmxl->Target.vDriverVersion = line.Target.vDriverVersion;
    pacm_mixer_field_to_a(line.Target.szPname, MAXPNAMELEN, pmxl->Target.szPname, MAXPNAMELEN);
    return MMSYSERR_NOERROR;
}

/* Asks the driver for `count` controls into `controls` (winmm's array of full MIXERCONTROLW).
 * `request` carries dwLineID and dwControlID/Type; its dwLineID receives the driver's. */
static MMRESULT line_controls(HMIXEROBJ object, MIXERLINECONTROLSW *request, DWORD count, MIXERCONTROLW *controls,
                              DWORD fdwControls)
{
    pacm_mixer_target target;
    MMRESULT result = pacm_mixer_resolve(object, fdwControls, &target);
    if (result != MMSYSERR_NOERROR)
        return result;
    MIXERLINECONTROLSW asked = *request;
    asked.cbStruct = sizeof asked;
    asked.cControls = count;
    asked.cbmxctrl = sizeof *controls;
    asked.pamxctrl = controls;
    result = pacm_mixer_send(&target, MXDM_GETLINECONTROLS, (DWORD_PTR)&asked,
                             fdwControls & MIXER_GETLINECONTROLSF_QUERYMASK);
    pacm_mixer_target_release(&target);
    if (result != MMSYSERR_NOERROR)
        return result;
    request->dwLineID = asked.dwLineID;
    for (DWORD i = 0; i < count; i++) {
        controls[i].cbStruct = sizeof controls[i];
        controls[i].szShortName[MIXER_SHORT_NAME_CHARS - 1] = 0;
        controls[i].szName[MIXER_LONG_NAME_CHARS - 1] = 0;
    }
    return MMSYSERR_NOERROR;
}

/* The checks both forms share after their size checks, and the array winmm gives the driver. */
static MMRESULT prepare_controls(DWORD fdwControls, DWORD requested, MIXERCONTROLW **controls, DWORD *count)
{
    MMRESULT result = pacm_mixer_check_flags(fdwControls, MIXER_GETLINECONTROLSF_QUERYMASK,
                                             MIXER_GETLINECONTROLSF_ONEBYTYPE);
    if (result != MMSYSERR_NOERROR)
        return result;
    *count = (fdwControls & MIXER_GETLINECONTROLSF_QUERYMASK) == MIXER_GETLINECONTROLSF_ALL ? requested : 1;
    if (*count > CONTROLS_LIMIT)
        return MMSYSERR_INVALPARAM;
    *controls = pacm_mem_calloc(*count, sizeof **controls);
    return *controls ? MMSYSERR_NOERROR : MMSYSERR_NOMEM;
}

MMRESULT WINAPI mixerGetLineControlsW(HMIXEROBJ hmxobj, LPMIXERLINECONTROLSW pmxlc, DWORD fdwControls)
{
    if (!pmxlc || pmxlc->cbStruct < sizeof *pmxlc || !pmxlc->pamxctrl || pmxlc->cbmxctrl < sizeof(MIXERCONTROLW) ||
        pmxlc->cControls == 0)
        return MMSYSERR_INVALPARAM;
    /* A one-control query needs cControls == 1 (Windows' documentation; Wine's W form). */
    DWORD query = fdwControls & MIXER_GETLINECONTROLSF_QUERYMASK;
    if ((query == MIXER_GETLINECONTROLSF_ONEBYID || query == MIXER_GETLINECONTROLSF_ONEBYTYPE) &&
        pmxlc->cControls != 1)
        return MMSYSERR_INVALPARAM;
    MIXERCONTROLW *controls;
    DWORD count;
    MMRESULT result = prepare_controls(fdwControls, pmxlc->cControls, &controls, &count);
    if (result != MMSYSERR_NOERROR)
        return result;
    MIXERLINECONTROLSW request = *pmxlc;
    result = line_controls(hmxobj, &request, count, controls, fdwControls);
    if (result == MMSYSERR_NOERROR) {
        pmxlc->dwLineID = request.dwLineID;
        BYTE *out = (BYTE *)pmxlc->pamxctrl;
        for (DWORD i = 0; i < count; i++)
            memcpy(out + (size_t)i * pmxlc->cbmxctrl, &controls[i], sizeof controls[i]);
    }
    pacm_mem_free(controls);
    return result;
}

static void control_to_a(const MIXERCONTROLW *wide, MIXERCONTROLA *narrow)
{
    memset(narrow, 0, sizeof *narrow);
    narrow->cbStruct = sizeof *narrow;
    narrow->dwControlID = wide->dwControlID;
    narrow->dwControlType = wide->dwControlType;
    narrow->fdwControl = wide->fdwControl;
    narrow->cMultipleItems = wide->cMultipleItems;
    pacm_mixer_field_to_a(wide->szShortName, MIXER_SHORT_NAME_CHARS, narrow->szShortName, MIXER_SHORT_NAME_CHARS);
    pacm_mixer_field_to_a(wide->szName, MIXER_LONG_NAME_CHARS, narrow->szName, MIXER_LONG_NAME_CHARS);
    memcpy(&narrow->Bounds, &wide->Bounds, sizeof narrow->Bounds);
    memcpy(&narrow->Metrics, &wide->Metrics, sizeof narrow->Metrics);
}

MMRESULT WINAPI mixerGetLineControlsA(HMIXEROBJ hmxobj, LPMIXERLINECONTROLSA pmxlc, DWORD fdwControls)
{
    if (!pmxlc || pmxlc->cbStruct != sizeof *pmxlc || !pmxlc->pamxctrl ||
        pmxlc->cbmxctrl != sizeof(MIXERCONTROLA) || pmxlc->cControls == 0)
        return MMSYSERR_INVALPARAM;
    MIXERCONTROLW *controls;
    DWORD count;
    /* ONEBYID / ONEBYTYPE fetch one control whatever cControls says (Wine: "a game relies on it"). */
    MMRESULT result = prepare_controls(fdwControls, pmxlc->cControls, &controls, &count);
    if (result != MMSYSERR_NOERROR)
        return result;
    MIXERLINECONTROLSW request;
    memset(&request, 0, sizeof request);
    request.dwLineID = pmxlc->dwLineID;
    request.dwControlID = pmxlc->dwControlID;
    result = line_controls(hmxobj, &request, count, controls, fdwControls);
    if (result == MMSYSERR_NOERROR) {
        pmxlc->dwLineID = request.dwLineID;
        for (DWORD i = 0; i < count; i++)
            control_to_a(&controls[i], &pmxlc->pamxctrl[i]);
    }
    pacm_mem_free(controls);
    return result;
}
