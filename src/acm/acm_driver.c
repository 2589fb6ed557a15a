/*
 * acm_driver.c - the acmDriver* API and acmGetVersion: adding, removing, enumerating,
 * describing, opening, closing, messaging and prioritising ACM drivers.
 *
 * Arguments are checked in the order Windows checks them (native results recorded by Wine's
 * conformance tests; docs/acm.md lists the order per function). The list itself
 * lives in acm_registry.c.
 */
#include <string.h>

#include "acm_int.h"

DWORD ACMAPI acmGetVersion(void)
{
    return ACM_VERSION;
}

/* ---- acmDriverAdd ------------------------------------------------------------------------ */

/* The common part of acmDriverAddA/W. `name` is the already converted UTF-8 name for
 * ACM_DRIVERADDF_NAME (NULL when lParam was NULL or for the other types). */
static MMRESULT driver_add(LPHACMDRIVERID phadid, HINSTANCE hinstModule, LPARAM lParam, DWORD dwPriority,
                           DWORD fdwAdd, const char *name)
{
    switch (fdwAdd & ACM_DRIVERADDF_TYPEMASK) {
    case ACM_DRIVERADDF_NAME:
        if (!name)
            return MMSYSERR_INVALPARAM;
        return pacm_acm_registry_add_name(name, phadid);
    case ACM_DRIVERADDF_FUNCTION:
        /* dwPriority and ACM_DRIVERADDF_GLOBAL mean nothing for a function: local drivers are
         * always searched first. */
        if (!lParam)
            return MMSYSERR_INVALPARAM;
        return pacm_acm_registry_add_local((HMODULE)hinstModule, (DRIVERPROC)lParam, phadid);
    case ACM_DRIVERADDF_NOTIFYHWND:
        if (!lParam || !IsWindow((HWND)lParam))
            return MMSYSERR_INVALPARAM;
        return pacm_acm_registry_add_notify((HWND)lParam, (UINT)dwPriority, phadid);
    default:
        return MMSYSERR_INVALFLAG;
    }
}

/* Flag checks shared by both spellings: unknown bits, or FUNCTION together with NOTIFYHWND. */
static MMRESULT driver_add_check(LPHACMDRIVERID phadid, DWORD fdwAdd)
{
    if (!phadid)
        return MMSYSERR_INVALPARAM;
    if (fdwAdd & ~(ACM_DRIVERADDF_TYPEMASK | ACM_DRIVERADDF_GLOBAL))
        return MMSYSERR_INVALFLAG;
    if ((fdwAdd & ACM_DRIVERADDF_FUNCTION) && (fdwAdd & ACM_DRIVERADDF_NOTIFYHWND))
        return MMSYSERR_INVALFLAG;
    return MMSYSERR_NOERROR;
}

MMRESULT ACMAPI acmDriverAddA(LPHACMDRIVERID phadid, HINSTANCE hinstModule, LPARAM lParam, DWORD dwPriority,
                              DWORD fdwAdd)
{
    pacm_acm_init();
    MMRESULT result = driver_add_check(phadid, fdwAdd);
    if (result != MMSYSERR_NOERROR)
        return result;
    const char *name = (fdwAdd & ACM_DRIVERADDF_TYPEMASK) == ACM_DRIVERADDF_NAME ? (const char *)lParam : NULL;
    return driver_add(phadid, hinstModule, lParam, dwPriority, fdwAdd, name);
}

MMRESULT ACMAPI acmDriverAddW(LPHACMDRIVERID phadid, HINSTANCE hinstModule, LPARAM lParam, DWORD dwPriority,
                              DWORD fdwAdd)
{
    pacm_acm_init();
    MMRESULT result = driver_add_check(phadid, fdwAdd);
    if (result != MMSYSERR_NOERROR)
        return result;
    char *name = NULL;
    if ((fdwAdd & ACM_DRIVERADDF_TYPEMASK) == ACM_DRIVERADDF_NAME && lParam) {
        name = pacm_utf16_to_utf8((LPCWSTR)lParam);
        if (!name)
            return MMSYSERR_NOMEM;
    }
    result = driver_add(phadid, hinstModule, lParam, dwPriority, fdwAdd, name);
    pacm_mem_free(name);
    return result;
}

/* ---- acmDriverRemove / acmDriverEnum / acmDriverID ---------------------------------------- */

MMRESULT ACMAPI acmDriverRemove(HACMDRIVERID hadid, DWORD fdwRemove)
{
    pacm_acm_init();
    acm_driver_id *id = pacm_acm_driver_id_acquire_any(hadid);
    if (!id)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = fdwRemove ? MMSYSERR_INVALFLAG : pacm_acm_registry_remove(id);
    pacm_acm_driver_id_release(id);
    return result;
}

MMRESULT ACMAPI acmDriverEnum(ACMDRIVERENUMCB fnCallback, DWORD_PTR dwInstance, DWORD fdwEnum)
{
    pacm_acm_init();
    if (!fnCallback)
        return MMSYSERR_INVALPARAM;
    if (fdwEnum & ~(ACM_DRIVERENUMF_NOLOCAL | ACM_DRIVERENUMF_DISABLED))
        return MMSYSERR_INVALFLAG;
    acm_driver_list list;
    MMRESULT result = pacm_acm_driver_list_snapshot(fdwEnum, &list);
    if (result != MMSYSERR_NOERROR)
        return result;
    for (size_t i = 0; i < list.count; i++) {
        if (!fnCallback(list.ids[i]->handle, dwInstance, pacm_acm_driver_id_support(list.ids[i])))
            break;
    }
    pacm_acm_driver_list_release(&list);
    return MMSYSERR_NOERROR;
}

MMRESULT ACMAPI acmDriverID(HACMOBJ hao, LPHACMDRIVERID phadid, DWORD fdwDriverID)
{
    pacm_acm_init();
    acm_driver_id *id = pacm_acm_object_driver_id(hao);
    if (!id)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = MMSYSERR_NOERROR;
    if (!phadid)
        result = MMSYSERR_INVALPARAM;
    else if (fdwDriverID)
        result = MMSYSERR_INVALFLAG;
    else
        *phadid = id->handle;
    pacm_acm_driver_id_release(id);
    return result;
}

/* ---- acmDriverDetails -------------------------------------------------------------------- */

/* Asks the driver (through the ID's persistent instance: no new DRV_OPEN) for its details in
 * a full-size structure, and adds the ACM's own support bits. */
static MMRESULT driver_details(HACMDRIVERID hadid, ACMDRIVERDETAILSW *details)
{
    acm_driver_id *id = pacm_acm_driver_id_acquire(hadid);
    if (!id)
        return MMSYSERR_INVALHANDLE;
    memset(details, 0, sizeof *details);
    details->cbStruct = sizeof *details;
    MMRESULT result = (MMRESULT)pacm_acm_driver_send(id, NULL, ACMDM_DRIVER_DETAILS, (LPARAM)details, 0);
    if (result == MMSYSERR_NODRIVER)
        result = MMSYSERR_NOTSUPPORTED;
    if (result == MMSYSERR_NOERROR) {
        details->cbStruct = sizeof *details;
        details->fdwSupport &= ~(ACMDRIVERDETAILS_SUPPORTF_LOCAL | ACMDRIVERDETAILS_SUPPORTF_DISABLED);
        details->fdwSupport |= pacm_acm_driver_id_support(id) &
                               (ACMDRIVERDETAILS_SUPPORTF_LOCAL | ACMDRIVERDETAILS_SUPPORTF_DISABLED);
    }
    pacm_acm_driver_id_release(id);
    return result;
}

MMRESULT ACMAPI acmDriverDetailsW(HACMDRIVERID hadid, LPACMDRIVERDETAILSW padd, DWORD fdwDetails)
{
    pacm_acm_init();
    if (!padd || padd->cbStruct < 4)
        return MMSYSERR_INVALPARAM;
    if (fdwDetails)
        return MMSYSERR_INVALFLAG;
    ACMDRIVERDETAILSW details;
    MMRESULT result = driver_details(hadid, &details);
    if (result != MMSYSERR_NOERROR)
        return result;
    DWORD size = padd->cbStruct < sizeof details ? padd->cbStruct : (DWORD)sizeof details;
    details.cbStruct = size;
    memcpy(padd, &details, size);
    return MMSYSERR_NOERROR;
}

MMRESULT ACMAPI acmDriverDetailsA(HACMDRIVERID hadid, LPACMDRIVERDETAILSA padd, DWORD fdwDetails)
{
    pacm_acm_init();
    if (!padd || padd->cbStruct < 4)
        return MMSYSERR_INVALPARAM;
    if (fdwDetails)
        return MMSYSERR_INVALFLAG;
    ACMDRIVERDETAILSW wide;
    MMRESULT result = driver_details(hadid, &wide);
    if (result != MMSYSERR_NOERROR)
        return result;
    ACMDRIVERDETAILSA narrow;
    memset(&narrow, 0, sizeof narrow);
    narrow.fccType = wide.fccType;
    narrow.fccComp = wide.fccComp;
    narrow.wMid = wide.wMid;
    narrow.wPid = wide.wPid;
    narrow.vdwACM = wide.vdwACM;
    narrow.vdwDriver = wide.vdwDriver;
    narrow.fdwSupport = wide.fdwSupport;
    narrow.cFormatTags = wide.cFormatTags;
    narrow.cFilterTags = wide.cFilterTags;
    narrow.hicon = wide.hicon;
    /* The driver's texts need not be terminated: each conversion stays inside its field. */
#define NARROW_FIELD(name)                                                                                  \
    pacm_utf16_field_to_utf8(wide.name, sizeof wide.name / sizeof wide.name[0], narrow.name, sizeof narrow.name)
    NARROW_FIELD(szShortName);
    NARROW_FIELD(szLongName);
    NARROW_FIELD(szCopyright);
    NARROW_FIELD(szLicensing);
    NARROW_FIELD(szFeatures);
#undef NARROW_FIELD
    DWORD size = padd->cbStruct < sizeof narrow ? padd->cbStruct : (DWORD)sizeof narrow;
    narrow.cbStruct = size;
    memcpy(padd, &narrow, size);
    return MMSYSERR_NOERROR;
}

/* ---- acmDriverOpen / acmDriverClose ------------------------------------------------------ */

MMRESULT ACMAPI acmDriverOpen(LPHACMDRIVER phad, HACMDRIVERID hadid, DWORD fdwOpen)
{
    pacm_acm_init();
    if (!phad)
        return MMSYSERR_INVALPARAM;
    if (fdwOpen)
        return MMSYSERR_INVALFLAG;
    acm_driver_id *id = pacm_acm_driver_id_acquire(hadid);
    if (!id)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result;
    if (!pacm_acm_driver_id_is_enabled(id))
        result = MMSYSERR_NOTENABLED;
    else
        result = pacm_acm_driver_open_id(id, 0, phad);
    pacm_acm_driver_id_release(id);
    return result;
}

MMRESULT ACMAPI acmDriverClose(HACMDRIVER had, DWORD fdwClose)
{
    pacm_acm_init();
    if (fdwClose)
        return MMSYSERR_INVALFLAG;
    acm_driver *driver = pacm_acm_driver_acquire(had);
    if (!driver)
        return MMSYSERR_INVALHANDLE;
    bool busy = atomic_load(&driver->stream_count) > 0;
    pacm_acm_driver_release(driver);
    if (busy)
        return ACMERR_BUSY;
    return pacm_acm_driver_close(had);
}

/* ---- acmDriverMessage -------------------------------------------------------------------- */

LRESULT ACMAPI acmDriverMessage(HACMDRIVER had, UINT uMsg, LPARAM lParam1, LPARAM lParam2)
{
    pacm_acm_init();
    bool allowed = (uMsg >= ACMDM_USER && uMsg < ACMDM_RESERVED_LOW) || uMsg == ACMDM_DRIVER_ABOUT ||
                   uMsg == DRV_QUERYCONFIGURE || uMsg == DRV_CONFIGURE;
    if (!allowed)
        return MMSYSERR_INVALPARAM;
    /* An HACMDRIVER talks to its own instance; an HACMDRIVERID (accepted as Windows does) to
     * the ID's persistent instance. */
    acm_driver *driver = pacm_acm_driver_acquire(had);
    acm_driver_id *id = NULL;
    if (driver) {
        id = driver->id;
        pacm_acm_driver_id_ref(id);
    } else {
        id = pacm_acm_driver_id_acquire((HACMDRIVERID)had);
        if (!id)
            return MMSYSERR_INVALHANDLE;
    }
    DRVCONFIGINFOEX config;
    if (uMsg == DRV_CONFIGURE && lParam2 == 0) {
        static const WCHAR section[] = {'D', 'r', 'i', 'v', 'e', 'r', 's', '3', '2', 0};
        memset(&config, 0, sizeof config);
        config.dwDCISize = sizeof config;
        config.lpszDCISectionName = section;
        config.lpszDCIAliasName = id->alias_w;
        config.dnDevNode = 0;
        lParam2 = (LPARAM)&config;
    }
    LRESULT result = pacm_acm_driver_send(id, driver, uMsg, lParam1, lParam2);
    if (driver)
        pacm_acm_driver_release(driver);
    pacm_acm_driver_id_release(id);
    return result;
}

/* ---- acmDriverPriority ------------------------------------------------------------------- */

MMRESULT ACMAPI acmDriverPriority(HACMDRIVERID hadid, DWORD dwPriority, DWORD fdwPriority)
{
    pacm_acm_init();
    if (fdwPriority & ~(ACM_DRIVERPRIORITYF_ABLEMASK | ACM_DRIVERPRIORITYF_DEFERMASK))
        return MMSYSERR_INVALFLAG;
    if ((fdwPriority & ACM_DRIVERPRIORITYF_ABLEMASK) == ACM_DRIVERPRIORITYF_ABLEMASK)
        return MMSYSERR_INVALFLAG;
    if ((fdwPriority & ACM_DRIVERPRIORITYF_DEFERMASK) == ACM_DRIVERPRIORITYF_DEFERMASK)
        return MMSYSERR_INVALFLAG;
    if (fdwPriority & ACM_DRIVERPRIORITYF_DEFERMASK) {
        /* BEGIN and END stand alone: no driver, no priority, no other flag. One process is one
         * "task", so the deferral lock is never owned by another task (no MMSYSERR_ALLOCATED). */
        if (hadid || dwPriority || (fdwPriority & ~ACM_DRIVERPRIORITYF_DEFERMASK))
            return MMSYSERR_INVALPARAM;
        pacm_acm_registry_defer((fdwPriority & ACM_DRIVERPRIORITYF_BEGIN) != 0);
        return MMSYSERR_NOERROR;
    }
    acm_driver_id *id = pacm_acm_driver_id_acquire_any(hadid);
    if (!id)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = pacm_acm_registry_set_priority(id, dwPriority, fdwPriority);
    pacm_acm_driver_id_release(id);
    return result;
}
