/*
 * msacm.h - the Audio Compression Manager: enumerating ACM drivers, their format tags, formats,
 * filter tags and filters, and converting audio through streams.
 *
 * Declared as on 64-bit Windows: the same names, the same values and the same byte-packed
 * structure layouts (tests/test_abi.c pins every size and offset), so Windows sources compile
 * unchanged and drivers built against msacmdrv.h see the structures they expect.
 *
 * Every function returns an MMRESULT (MMSYSERR_*, WAVERR_* or ACMERR_*) except acmGetVersion
 * and acmDriverMessage. Where several arguments are wrong at once, the error is the
 * one Windows returns.
 *
 * Deliberate differences from Microsoft's documentation:
 *  - acmFormatChoose and acmFilterChoose show no dialog: there is no window system. They are
 *    non-interactive (see their declarations for what they do instead).
 *  - ACMDM_DRIVER_ABOUT never shows a box; the query form (lParam1 == -1) is passed to the
 *    driver as on Windows.
 *  - CALLBACK_WINDOW notifications go to portacm's message-only windows (winuser.h).
 */
#ifndef PORTACM_MSACM_H
#define PORTACM_MSACM_H

#include "mmsystem.h"

PORTACM_EXTERN_C_BEGIN

#pragma pack(push, 1)

#ifndef ACMAPI
#define ACMAPI WINAPI
#endif

/* ======================================================================================== */
/* Wave mapper messages (defined by msacm.h on Windows)                                     */
/* ======================================================================================== */

#ifndef DRV_MAPPER_PREFERRED_INPUT_GET
#define DRV_MAPPER_PREFERRED_INPUT_GET (DRV_USER + 0)
#endif
#ifndef DRV_MAPPER_PREFERRED_OUTPUT_GET
#define DRV_MAPPER_PREFERRED_OUTPUT_GET (DRV_USER + 2)
#endif
/* Spelled exactly as in mmddk.h, so that including both is an identical redefinition. */
#ifndef DRVM_MAPPER
#define DRVM_MAPPER 0x2000
#endif
#ifndef DRVM_MAPPER_STATUS
#define DRVM_MAPPER_STATUS (DRVM_MAPPER + 0)
#endif
#ifndef WIDM_MAPPER_STATUS
#define WIDM_MAPPER_STATUS (DRVM_MAPPER_STATUS + 0)
#endif
#define WAVEIN_MAPPER_STATUS_DEVICE 0
#define WAVEIN_MAPPER_STATUS_MAPPED 1
#define WAVEIN_MAPPER_STATUS_FORMAT 2
#ifndef WODM_MAPPER_STATUS
#define WODM_MAPPER_STATUS (DRVM_MAPPER_STATUS + 0)
#endif
#define WAVEOUT_MAPPER_STATUS_DEVICE 0
#define WAVEOUT_MAPPER_STATUS_MAPPED 1
#define WAVEOUT_MAPPER_STATUS_FORMAT 2

/* ======================================================================================== */
/* Errors, notifications, handles                                                           */
/* ======================================================================================== */

#define ACMERR_BASE 512
#define ACMERR_NOTPOSSIBLE (ACMERR_BASE + 0) /* the conversion cannot be done */
#define ACMERR_BUSY (ACMERR_BASE + 1)        /* the stream or header is in use */
#define ACMERR_UNPREPARED (ACMERR_BASE + 2)  /* the header was not prepared */
#define ACMERR_CANCELED (ACMERR_BASE + 3)    /* a chooser was cancelled */

/* Stream notifications (CALLBACK_WINDOW / FUNCTION / EVENT in acmStreamOpen's fdwOpen).
 * MM_ACM_DONE carries the finished ACMSTREAMHEADER* in lParam / dwParam1. */
#define MM_ACM_OPEN MM_STREAM_OPEN
#define MM_ACM_CLOSE MM_STREAM_CLOSE
#define MM_ACM_DONE MM_STREAM_DONE

/* Handles: a registered driver (ID), an open driver instance, a conversion stream, and "any
 * of these" for functions that accept several kinds. */
DECLARE_HANDLE(HACMDRIVERID);
typedef HACMDRIVERID *PHACMDRIVERID, *LPHACMDRIVERID;
DECLARE_HANDLE(HACMDRIVER);
typedef HACMDRIVER *PHACMDRIVER, *LPHACMDRIVER;
DECLARE_HANDLE(HACMSTREAM);
typedef HACMSTREAM *PHACMSTREAM, *LPHACMSTREAM;
DECLARE_HANDLE(HACMOBJ);
typedef HACMOBJ *PHACMOBJ, *LPHACMOBJ;

/* ======================================================================================== */
/* Version and metrics                                                                      */
/* ======================================================================================== */

/* acmGetVersion - the version of the ACM.
 * Returns 0x04000000: 4.00, build 0 (0xMMmmBBBB; a build of 0 means a retail release). Never fails.
 * portacm differs from Windows: NT 4.0 reported 0x04000565 and Windows 9x 0x04030000; code that
 * only compares the major/minor bytes sees the same 4.00.
 */
PORTACM_API DWORD ACMAPI acmGetVersion(void);

/* acmMetrics - reads one metric of the ACM, a driver ID, a driver or a stream.
 *   hao      [in]  NULL for the COUNT_* metrics; NULL, an HACMDRIVERID or an HACMDRIVER for
 *                  MAX_SIZE_FORMAT/MAX_SIZE_FILTER; an HACMDRIVERID for DRIVER_SUPPORT,
 *                  DRIVER_PRIORITY and HARDWARE_WAVE_INPUT/OUTPUT.
 *   uMetric  [in]  ACM_METRIC_*.
 *   pMetric  [out] a DWORD for every metric; written only on success (4 bytes, never more).
 * Returns, the handle checked before the pointer (as native Windows):
 *   MMSYSERR_NOTSUPPORTED  unknown uMetric;
 *   MMSYSERR_INVALHANDLE   COUNT_* with hao not NULL; hao not a valid handle of a kind the metric
 *                          takes (even when pMetric is NULL too);
 *   ACMERR_NOTPOSSIBLE     MAX_SIZE_* asked of a stream handle (INVALPARAM if pMetric is NULL);
 *   MMSYSERR_INVALPARAM    pMetric NULL;
 *   MMSYSERR_NOTSUPPORTED  HARDWARE_WAVE_INPUT/OUTPUT: no waveform device belongs to any driver;
 *   MMSYSERR_NOERROR.
 * COUNT_* count enabled global drivers (COUNT_LOCAL_* drivers added with acmDriverAdd), only the
 * disabled ones for COUNT_DISABLED/COUNT_LOCAL_DISABLED. DRIVER_PRIORITY is the 1-based position
 * among drivers of the same kind. MAX_SIZE_FILTER is 0 when no driver has filters.
 * portacm differs from Windows: no waveform devices, so HARDWARE_WAVE_* are always NOTSUPPORTED and
 * COUNT_HARDWARE is 0 with the shipped drivers.
 */
PORTACM_API MMRESULT ACMAPI acmMetrics(HACMOBJ hao, UINT uMetric, LPVOID pMetric);

#define ACM_METRIC_COUNT_DRIVERS 1
#define ACM_METRIC_COUNT_CODECS 2
#define ACM_METRIC_COUNT_CONVERTERS 3
#define ACM_METRIC_COUNT_FILTERS 4
#define ACM_METRIC_COUNT_DISABLED 5
#define ACM_METRIC_COUNT_HARDWARE 6
#define ACM_METRIC_COUNT_LOCAL_DRIVERS 20
#define ACM_METRIC_COUNT_LOCAL_CODECS 21
#define ACM_METRIC_COUNT_LOCAL_CONVERTERS 22
#define ACM_METRIC_COUNT_LOCAL_FILTERS 23
#define ACM_METRIC_COUNT_LOCAL_DISABLED 24
#define ACM_METRIC_HARDWARE_WAVE_INPUT 30
#define ACM_METRIC_HARDWARE_WAVE_OUTPUT 31
#define ACM_METRIC_MAX_SIZE_FORMAT 50
#define ACM_METRIC_MAX_SIZE_FILTER 51
#define ACM_METRIC_DRIVER_SUPPORT 100
#define ACM_METRIC_DRIVER_PRIORITY 101

/* ======================================================================================== */
/* Drivers                                                                                  */
/* ======================================================================================== */

/* Called once per driver ID, in priority order; return FALSE to stop. fdwSupport holds the
 * driver's ACMDRIVERDETAILS_SUPPORTF_* bits. */
typedef BOOL(CALLBACK *ACMDRIVERENUMCB)(HACMDRIVERID hadid, DWORD_PTR dwInstance, DWORD fdwSupport);

/* acmDriverEnum - calls fnCallback once per driver ID, in search (priority) order.
 *   fnCallback  [in]  called with (hadid, dwInstance, fdwSupport); return FALSE to stop. fdwSupport
 *                     includes SUPPORTF_LOCAL / SUPPORTF_DISABLED. It may call other ACM functions.
 *   dwInstance  [in]  passed to fnCallback unchanged.
 *   fdwEnum     [in]  0, ACM_DRIVERENUMF_NOLOCAL (skip local drivers), ACM_DRIVERENUMF_DISABLED
 *                     (include disabled ones).
 * Returns, in check order:
 *   MMSYSERR_INVALPARAM  fnCallback NULL;
 *   MMSYSERR_INVALFLAG   bits other than NOLOCAL|DISABLED;
 *   MMSYSERR_NOMEM       the snapshot of the list could not be made;
 *   MMSYSERR_NOERROR     also when the callback stopped early or there was nothing to list.
 * The list is a snapshot: drivers added or removed by the callback do not change this walk. Local
 * drivers come first, newest first; the PCM converter is last. Notification IDs are never listed.
 * portacm differs from Wine (not Windows): NOLOCAL is honoured.
 */
PORTACM_API MMRESULT ACMAPI acmDriverEnum(ACMDRIVERENUMCB fnCallback, DWORD_PTR dwInstance, DWORD fdwEnum);

#define ACM_DRIVERENUMF_NOLOCAL 0x40000000L  /* leave out drivers added for this process */
#define ACM_DRIVERENUMF_DISABLED 0x80000000L /* include disabled drivers */

/* acmDriverID - the driver ID behind an ACM handle.
 *   hao          [in]  an HACMDRIVERID (returned as is), an HACMDRIVER or an HACMSTREAM.
 *   phadid       [out] receives the ID; written only on success. The ID stays valid until the
 *                      driver is removed; it is not a new reference and needs no release.
 *   fdwDriverID  [in]  must be 0.
 * Returns, in check order (the handle first, as native Windows):
 *   MMSYSERR_INVALHANDLE  hao is not an ACM handle (even when phadid is NULL);
 *   MMSYSERR_INVALPARAM   phadid NULL;
 *   MMSYSERR_INVALFLAG    fdwDriverID not 0;
 *   MMSYSERR_NOERROR.
 */
PORTACM_API MMRESULT ACMAPI acmDriverID(HACMOBJ hao, LPHACMDRIVERID phadid, DWORD fdwDriverID);

/* The DriverProc of a driver added with ACM_DRIVERADDF_FUNCTION. */
typedef LRESULT(CALLBACK *ACMDRIVERPROC)(DWORD_PTR dwDriverId, HACMDRIVERID hadid, UINT uMsg, LPARAM lParam1,
                                         LPARAM lParam2);
typedef ACMDRIVERPROC *LPACMDRIVERPROC;

/* acmDriverAddA - adds a driver, or a window to notify of driver changes.
 *   phadid       [out] receives the new driver ID (or the existing one, for an installed NAME);
 *                      not written on failure. Remove it with acmDriverRemove.
 *   hinstModule  [in]  FUNCTION: the module that holds the procedure (recorded; may be NULL).
 *   lParam       [in]  FUNCTION: the ACMDRIVERPROC. NOTIFYHWND: the window (must pass IsWindow).
 *                      NAME: the name of a msacm.* entry of [drivers32] or of a built-in codec
 *                      (a char string, UTF-8; acmDriverAddW: a UTF-16 string).
 *   dwPriority   [in]  NOTIFYHWND: the message sent to the window. Ignored otherwise.
 *   fdwAdd       [in]  one ACM_DRIVERADDF_{NAME,FUNCTION,NOTIFYHWND}, optionally |GLOBAL (ignored:
 *                      a FUNCTION driver is local to the process and searched first).
 * Returns, in check order:
 *   MMSYSERR_INVALPARAM  phadid NULL;
 *   MMSYSERR_INVALFLAG   bits outside TYPEMASK|GLOBAL, FUNCTION together with NOTIFYHWND, or a
 *                        type other than NAME/FUNCTION/NOTIFYHWND;
 *   MMSYSERR_INVALPARAM  lParam NULL; NOTIFYHWND lParam not a window; NAME not msacm.* or not an
 *                        entry of [drivers32] nor a built-in;
 *   MMSYSERR_NOMEM       (acmDriverAddW: the name could not be converted; or the list could not grow);
 *   the driver's DRV_OPEN error (ACMDRVOPENDESC.dwError, else MMSYSERR_NODRIVER);
 *   MMSYSERR_NODRIVER    the driver failed a capability query (ACMDM_DRIVER_DETAILS, or
 *                        FORMATTAG/FILTERTAG_DETAILS for one of its tags): it is not added;
 *   MMSYSERR_NOERROR.
 * A FUNCTION driver gets DRV_LOAD, DRV_ENABLE, one DRV_OPEN and its capability queries here; that
 * instance stays open until acmDriverRemove. A NAME driver is added as the lowest global driver
 * (above the PCM converter) and broadcast to notification windows.
 * acmDriverAddW is the same with a UTF-16 NAME string.
 * portacm differs from Wine (not Windows): NAME works (Wine registers it, then says INVALPARAM).
 */
PORTACM_API MMRESULT ACMAPI acmDriverAddA(LPHACMDRIVERID phadid, HINSTANCE hinstModule, LPARAM lParam,
                                          DWORD dwPriority, DWORD fdwAdd);
PORTACM_API MMRESULT ACMAPI acmDriverAddW(LPHACMDRIVERID phadid, HINSTANCE hinstModule, LPARAM lParam,
                                          DWORD dwPriority, DWORD fdwAdd);

#define ACM_DRIVERADDF_NAME 0x00000001L
#define ACM_DRIVERADDF_FUNCTION 0x00000003L
#define ACM_DRIVERADDF_NOTIFYHWND 0x00000004L
#define ACM_DRIVERADDF_TYPEMASK 0x00000007L
#define ACM_DRIVERADDF_LOCAL 0x00000000L
#define ACM_DRIVERADDF_GLOBAL 0x00000008L

/* acmDriverRemove - removes a driver (or notification window) added with acmDriverAdd, or a
 * global driver named in the drivers file.
 *   hadid      [in]  the driver ID (a notification ID from acmDriverAdd(NOTIFYHWND) is accepted).
 *   fdwRemove  [in]  must be 0.
 * Returns, in check order:
 *   MMSYSERR_INVALHANDLE  hadid is not a driver or notification ID, or was removed already;
 *   MMSYSERR_INVALFLAG    fdwRemove not 0;
 *   ACMERR_BUSY           a stream is open on the driver;
 *   MMSYSERR_NOERROR      the ID is invalid from now on; HACMDRIVERs the application left open on it
 *                         are closed (DRV_CLOSE, DRV_DISABLE, DRV_FREE are sent).
 * Must not be called from a stream callback (Windows' rule).
 */
PORTACM_API MMRESULT ACMAPI acmDriverRemove(HACMDRIVERID hadid, DWORD fdwRemove);

/* acmDriverOpen - opens an instance of a driver (one more DRV_OPEN, with an ACMDRVOPENDESCW).
 *   phad     [out] receives the driver handle; on failure it is not written. Close it with
 *                  acmDriverClose.
 *   hadid    [in]  the driver ID.
 *   fdwOpen  [in]  must be 0.
 * Returns, in check order:
 *   MMSYSERR_INVALPARAM   phad NULL;
 *   MMSYSERR_INVALFLAG    fdwOpen not 0;
 *   MMSYSERR_INVALHANDLE  hadid is not a driver ID (a notification ID included);
 *   MMSYSERR_NOTENABLED   the driver is disabled (acmDriverPriority);
 *   MMSYSERR_NOMEM;
 *   the driver's DRV_OPEN refusal (ACMDRVOPENDESC.dwError, else MMSYSERR_NODRIVER);
 *   MMSYSERR_NOERROR.
 */
PORTACM_API MMRESULT ACMAPI acmDriverOpen(LPHACMDRIVER phad, HACMDRIVERID hadid, DWORD fdwOpen);

/* acmDriverClose - closes a driver instance opened with acmDriverOpen (sends DRV_CLOSE).
 *   had       [in]  the driver handle; invalid afterwards.
 *   fdwClose  [in]  must be 0.
 * Returns, in check order (the flags before the handle):
 *   MMSYSERR_INVALFLAG    fdwClose not 0;
 *   MMSYSERR_INVALHANDLE  had is not an open driver handle (a second close included);
 *   ACMERR_BUSY           a stream is open on it;
 *   MMSYSERR_NOERROR.
 */
PORTACM_API MMRESULT ACMAPI acmDriverClose(HACMDRIVER had, DWORD fdwClose);

/* acmDriverMessage - sends a message to an open driver and returns its answer unchanged.
 *   had      [in]  an HACMDRIVER (its own instance answers) or an HACMDRIVERID (the ID's
 *                  persistent instance answers), as Windows accepts.
 *   uMsg     [in]  ACMDM_USER .. ACMDM_RESERVED_LOW - 1, ACMDM_DRIVER_ABOUT, DRV_QUERYCONFIGURE or
 *                  DRV_CONFIGURE. Everything else would bypass the ACM's checks and is refused.
 *   lParam1  [in]  passed through (ACMDM_DRIVER_ABOUT: the owner window, or (LPARAM)-1 to ask).
 *   lParam2  [in]  passed through; DRV_CONFIGURE with lParam2 0 gets a DRVCONFIGINFOEX
 *                  (section "Drivers32", the driver's alias), valid for the call only.
 * Returns an LRESULT, in check order (the message before the handle):
 *   MMSYSERR_INVALPARAM   uMsg not allowed;
 *   MMSYSERR_INVALHANDLE  had is neither;
 *   otherwise whatever the driver's DriverProc returns.
 * portacm differs from Windows: ACMDM_DRIVER_ABOUT never shows a box; the driver decides.
 */
PORTACM_API LRESULT ACMAPI acmDriverMessage(HACMDRIVER had, UINT uMsg, LPARAM lParam1, LPARAM lParam2);

#define ACMDM_USER (DRV_USER + 0x0000)
#define ACMDM_RESERVED_LOW (DRV_USER + 0x2000)
#define ACMDM_RESERVED_HIGH (DRV_USER + 0x2FFF)
#define ACMDM_BASE ACMDM_RESERVED_LOW
/* lParam1: the owner window, or (LPARAM)-1 to ask whether the driver has an about box. */
#define ACMDM_DRIVER_ABOUT (ACMDM_BASE + 11)

/* acmDriverPriority - moves, enables or disables a driver, or defers the change notifications.
 *   hadid        [in]  the driver ID; NULL with BEGIN/END.
 *   dwPriority   [in]  0 keeps the position; 1 is the first global driver, N the Nth; a value
 *                      beyond the end or negative ((DWORD)-1) the last. Global drivers only.
 *   fdwPriority  [in]  ACM_DRIVERPRIORITYF_ENABLE or _DISABLE, or _BEGIN or _END alone.
 * Returns, in check order:
 *   MMSYSERR_INVALFLAG    unknown bits, ENABLE with DISABLE, BEGIN with END;
 *   MMSYSERR_INVALPARAM   BEGIN/END with a driver, a priority or another flag;
 *   MMSYSERR_INVALHANDLE  hadid is not a driver or notification ID;
 *   MMSYSERR_NOTSUPPORTED dwPriority not 0 for a local driver or notification ID;
 *   MMSYSERR_NOERROR      also when nothing changed. A change to a global driver is written to the
 *                         priority file and broadcast (ACMDM_DRIVER_NOTIFY, notify windows), at the
 *                         END of the outermost BEGIN when deferred.
 * portacm differs from Windows: the PCM converter always stays last (moving it succeeds and
 * nothing moves); MMSYSERR_ALLOCATED is never returned (one process is one task); the priority
 * file ~/.config/portacm/acm-priority.ini replaces the registry key.
 */
PORTACM_API MMRESULT ACMAPI acmDriverPriority(HACMDRIVERID hadid, DWORD dwPriority, DWORD fdwPriority);

#define ACM_DRIVERPRIORITYF_ENABLE 0x00000001L
#define ACM_DRIVERPRIORITYF_DISABLE 0x00000002L
#define ACM_DRIVERPRIORITYF_ABLEMASK 0x00000003L
#define ACM_DRIVERPRIORITYF_BEGIN 0x00010000L
#define ACM_DRIVERPRIORITYF_END 0x00020000L
#define ACM_DRIVERPRIORITYF_DEFERMASK 0x00030000L

/* ---- driver details ---- */

#define ACMDRIVERDETAILS_SHORTNAME_CHARS 32
#define ACMDRIVERDETAILS_LONGNAME_CHARS 128
#define ACMDRIVERDETAILS_COPYRIGHT_CHARS 80
#define ACMDRIVERDETAILS_LICENSING_CHARS 128
#define ACMDRIVERDETAILS_FEATURES_CHARS 512

/* What a driver says about itself. cbStruct is set by the caller; the ACM fills at most that
 * many bytes and writes back the number it filled. Sizes: A 924, W 1804. */
typedef struct tACMDRIVERDETAILSA {
    DWORD cbStruct;
    FOURCC fccType;   /* ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC */
    FOURCC fccComp;   /* ACMDRIVERDETAILS_FCCCOMP_UNDEFINED */
    WORD wMid;        /* manufacturer ID (mmreg.h MM_*) */
    WORD wPid;        /* product ID */
    DWORD vdwACM;     /* the ACM version the driver was written for */
    DWORD vdwDriver;  /* the driver's own version */
    DWORD fdwSupport; /* ACMDRIVERDETAILS_SUPPORTF_* */
    DWORD cFormatTags;
    DWORD cFilterTags;
    HICON hicon; /* always NULL in portacm */
    char szShortName[ACMDRIVERDETAILS_SHORTNAME_CHARS];
    char szLongName[ACMDRIVERDETAILS_LONGNAME_CHARS];
    char szCopyright[ACMDRIVERDETAILS_COPYRIGHT_CHARS];
    char szLicensing[ACMDRIVERDETAILS_LICENSING_CHARS];
    char szFeatures[ACMDRIVERDETAILS_FEATURES_CHARS];
} ACMDRIVERDETAILSA, *PACMDRIVERDETAILSA, *LPACMDRIVERDETAILSA;

typedef struct tACMDRIVERDETAILSW {
    DWORD cbStruct;
    FOURCC fccType;
    FOURCC fccComp;
    WORD wMid;
    WORD wPid;
    DWORD vdwACM;
    DWORD vdwDriver;
    DWORD fdwSupport;
    DWORD cFormatTags;
    DWORD cFilterTags;
    HICON hicon;
    WCHAR szShortName[ACMDRIVERDETAILS_SHORTNAME_CHARS];
    WCHAR szLongName[ACMDRIVERDETAILS_LONGNAME_CHARS];
    WCHAR szCopyright[ACMDRIVERDETAILS_COPYRIGHT_CHARS];
    WCHAR szLicensing[ACMDRIVERDETAILS_LICENSING_CHARS];
    WCHAR szFeatures[ACMDRIVERDETAILS_FEATURES_CHARS];
} ACMDRIVERDETAILSW, *PACMDRIVERDETAILSW, *LPACMDRIVERDETAILSW;

#define ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC mmioFOURCC('a', 'u', 'd', 'c')
#define ACMDRIVERDETAILS_FCCCOMP_UNDEFINED mmioFOURCC('\0', '\0', '\0', '\0')

#define ACMDRIVERDETAILS_SUPPORTF_CODEC 0x00000001L     /* converts between format tags */
#define ACMDRIVERDETAILS_SUPPORTF_CONVERTER 0x00000002L /* converts within one format tag */
#define ACMDRIVERDETAILS_SUPPORTF_FILTER 0x00000004L    /* filters without changing format */
#define ACMDRIVERDETAILS_SUPPORTF_HARDWARE 0x00000008L
#define ACMDRIVERDETAILS_SUPPORTF_ASYNC 0x00000010L
#define ACMDRIVERDETAILS_SUPPORTF_LOCAL 0x40000000L    /* added for this process only */
#define ACMDRIVERDETAILS_SUPPORTF_DISABLED 0x80000000L /* disabled with acmDriverPriority */

/* acmDriverDetailsA - what a driver says about itself (ACMDM_DRIVER_DETAILS to the ID's persistent
 * instance: no new DRV_OPEN).
 *   hadid       [in]  the driver ID.
 *   padd        [in,out] padd->cbStruct set by the caller, at least 4; at most
 *                       min(cbStruct, sizeof(ACMDRIVERDETAILSA)) bytes are written and cbStruct is
 *                       set to that number. Nothing is written on failure.
 *   fdwDetails  [in]  must be 0.
 * Returns, in check order (the pointer before the handle, as native Windows):
 *   MMSYSERR_INVALPARAM   padd NULL or cbStruct < 4;
 *   MMSYSERR_INVALFLAG    fdwDetails not 0;
 *   MMSYSERR_INVALHANDLE  hadid is not a driver ID (notification IDs included);
 *   MMSYSERR_NOTSUPPORTED the driver answers MMSYSERR_NODRIVER; other driver errors pass through;
 *   MMSYSERR_NOERROR.
 * fdwSupport's LOCAL and DISABLED bits are the ACM's, whatever the driver says; hicon is NULL.
 * acmDriverDetailsW is the same with UTF-16 strings; the A strings are UTF-8, cut to their fields.
 */
PORTACM_API MMRESULT ACMAPI acmDriverDetailsA(HACMDRIVERID hadid, LPACMDRIVERDETAILSA padd, DWORD fdwDetails);
PORTACM_API MMRESULT ACMAPI acmDriverDetailsW(HACMDRIVERID hadid, LPACMDRIVERDETAILSW padd, DWORD fdwDetails);

/* ======================================================================================== */
/* Format tags                                                                              */
/* ======================================================================================== */

#define ACMFORMATTAGDETAILS_FORMATTAG_CHARS 48

/* One format tag of a driver. Sizes: A 72, W 120. */
typedef struct tACMFORMATTAGDETAILSA {
    DWORD cbStruct;
    DWORD dwFormatTagIndex;
    DWORD dwFormatTag;      /* WAVE_FORMAT_* */
    DWORD cbFormatSize;     /* the largest format structure of this tag, in bytes */
    DWORD fdwSupport;       /* ACMDRIVERDETAILS_SUPPORTF_* */
    DWORD cStandardFormats; /* how many formats acmFormatEnum gives for this tag */
    char szFormatTag[ACMFORMATTAGDETAILS_FORMATTAG_CHARS];
} ACMFORMATTAGDETAILSA, *PACMFORMATTAGDETAILSA, *LPACMFORMATTAGDETAILSA;

typedef struct tACMFORMATTAGDETAILSW {
    DWORD cbStruct;
    DWORD dwFormatTagIndex;
    DWORD dwFormatTag;
    DWORD cbFormatSize;
    DWORD fdwSupport;
    DWORD cStandardFormats;
    WCHAR szFormatTag[ACMFORMATTAGDETAILS_FORMATTAG_CHARS];
} ACMFORMATTAGDETAILSW, *PACMFORMATTAGDETAILSW, *LPACMFORMATTAGDETAILSW;

/* acmFormatTagDetailsA - describes one format tag.
 *   had         [in]  an HACMDRIVER or HACMDRIVERID; NULL asks every enabled driver.
 *   paftd       [in,out] cbStruct >= sizeof(ACMFORMATTAGDETAILSA) (72); read: dwFormatTagIndex
 *                       (INDEX) or dwFormatTag (FORMATTAG; 0 = any tag for LARGESTSIZE). On success
 *                       the whole structure is written and cbStruct set to its size; on failure
 *                       nothing is written.
 *   fdwDetails  [in]  ACM_FORMATTAGDETAILSF_INDEX, _FORMATTAG or _LARGESTSIZE.
 * Returns, in check order:
 *   MMSYSERR_INVALPARAM   paftd NULL or cbStruct too small;
 *   MMSYSERR_INVALFLAG    any other fdwDetails;
 *   MMSYSERR_INVALHANDLE  had not NULL and not a driver or driver ID;
 *   ACMERR_NOTPOSSIBLE    INDEX without a driver; no driver has the tag (had NULL);
 *   MMSYSERR_INVALPARAM   INDEX at or past the driver's cFormatTags (the driver is not asked);
 *   the driver's error; MMSYSERR_NOERROR.
 * With had NULL, FORMATTAG takes the first driver in priority order that has the tag, LARGESTSIZE
 * the largest answer. An empty PCM name becomes "PCM".
 * acmFormatTagDetailsW is the same with UTF-16 strings (cbStruct >= 120).
 */
PORTACM_API MMRESULT ACMAPI acmFormatTagDetailsA(HACMDRIVER had, LPACMFORMATTAGDETAILSA paftd, DWORD fdwDetails);
PORTACM_API MMRESULT ACMAPI acmFormatTagDetailsW(HACMDRIVER had, LPACMFORMATTAGDETAILSW paftd, DWORD fdwDetails);

#define ACM_FORMATTAGDETAILSF_INDEX 0x00000000L       /* by dwFormatTagIndex */
#define ACM_FORMATTAGDETAILSF_FORMATTAG 0x00000001L   /* by dwFormatTag */
#define ACM_FORMATTAGDETAILSF_LARGESTSIZE 0x00000002L /* the tag with the largest cbFormatSize */
#define ACM_FORMATTAGDETAILSF_QUERYMASK 0x0000000FL

typedef BOOL(CALLBACK *ACMFORMATTAGENUMCBA)(HACMDRIVERID hadid, LPACMFORMATTAGDETAILSA paftd,
                                            DWORD_PTR dwInstance, DWORD fdwSupport);
typedef BOOL(CALLBACK *ACMFORMATTAGENUMCBW)(HACMDRIVERID hadid, LPACMFORMATTAGDETAILSW paftd,
                                            DWORD_PTR dwInstance, DWORD fdwSupport);

/* acmFormatTagEnumA - calls fnCallback once per format tag of one driver or of every enabled one.
 *   had         [in]  an HACMDRIVER or HACMDRIVERID; NULL for all enabled drivers, in priority order.
 *   paftd       [in,out] cbStruct >= 72; filled with each tag before its callback (the callback
 *                       gets this pointer). Holds the last tag delivered afterwards.
 *   fnCallback  [in]  return FALSE to stop.
 *   dwInstance  [in]  passed to fnCallback.
 *   fdwEnum     [in]  must be 0.
 * Returns, in check order:
 *   MMSYSERR_INVALPARAM   paftd NULL, cbStruct too small, or fnCallback NULL;
 *   MMSYSERR_INVALFLAG    fdwEnum not 0;
 *   MMSYSERR_INVALHANDLE  had invalid;
 *   MMSYSERR_NOMEM;
 *   MMSYSERR_NOERROR      also when nothing was enumerated or the callback stopped.
 * WAVE_FORMAT_PCM is delivered once, by the first driver that lists it. A tag the driver fails to
 * describe is skipped.
 * acmFormatTagEnumW is the same with UTF-16 strings (cbStruct >= 120).
 */
PORTACM_API MMRESULT ACMAPI acmFormatTagEnumA(HACMDRIVER had, LPACMFORMATTAGDETAILSA paftd,
                                              ACMFORMATTAGENUMCBA fnCallback, DWORD_PTR dwInstance, DWORD fdwEnum);
PORTACM_API MMRESULT ACMAPI acmFormatTagEnumW(HACMDRIVER had, LPACMFORMATTAGDETAILSW paftd,
                                              ACMFORMATTAGENUMCBW fnCallback, DWORD_PTR dwInstance, DWORD fdwEnum);

/* ======================================================================================== */
/* Formats                                                                                  */
/* ======================================================================================== */

#define ACMFORMATDETAILS_FORMAT_CHARS 128

/* One format. pwfx/cbwfx is a caller buffer that receives (or, for FORMAT, holds) the
 * format. Sizes: A 156, W 284. */
typedef struct tACMFORMATDETAILSA {
    DWORD cbStruct;
    DWORD dwFormatIndex;
    DWORD dwFormatTag;
    DWORD fdwSupport;
    LPWAVEFORMATEX pwfx;
    DWORD cbwfx;
    char szFormat[ACMFORMATDETAILS_FORMAT_CHARS];
} ACMFORMATDETAILSA, *PACMFORMATDETAILSA, *LPACMFORMATDETAILSA;

typedef struct tACMFORMATDETAILSW {
    DWORD cbStruct;
    DWORD dwFormatIndex;
    DWORD dwFormatTag;
    DWORD fdwSupport;
    LPWAVEFORMATEX pwfx;
    DWORD cbwfx;
    WCHAR szFormat[ACMFORMATDETAILS_FORMAT_CHARS];
} ACMFORMATDETAILSW, *PACMFORMATDETAILSW, *LPACMFORMATDETAILSW;

/* acmFormatDetailsA - describes one format: a driver's standard format by index, or the caller's.
 *   had         [in]  an HACMDRIVER or HACMDRIVERID; required for INDEX; NULL allowed for FORMAT
 *                     (the first enabled driver that has the tag and answers).
 *   pafd        [in,out] cbStruct >= sizeof(ACMFORMATDETAILSA) (156); dwFormatTag non-zero;
 *                       fdwSupport 0; pwfx a buffer of cbwfx >= 16 bytes. INDEX reads
 *                       dwFormatIndex and writes the format into pwfx (never past cbwfx); FORMAT
 *                       reads *pwfx. On success fdwSupport and szFormat are written and cbStruct
 *                       set to the structure's size; on failure the structure is left alone
 *                       (a driver that failed may have written into *pwfx).
 *   fdwDetails  [in]  ACM_FORMATDETAILSF_INDEX or _FORMAT.
 * Returns, in check order:
 *   MMSYSERR_INVALPARAM   pafd NULL, cbStruct too small, pwfx NULL, cbwfx < 16, fdwSupport not 0,
 *                         dwFormatTag 0;
 *   MMSYSERR_INVALFLAG    another fdwDetails;
 *   FORMAT: MMSYSERR_INVALPARAM (dwFormatTag != pwfx->wFormatTag), MMSYSERR_INVALHANDLE (had
 *           invalid), ACMERR_NOTPOSSIBLE (had NULL and no driver describes it), the driver's error;
 *   INDEX:  MMSYSERR_INVALHANDLE (had NULL or invalid), MMSYSERR_INVALPARAM (index at or past the
 *           tag's cStandardFormats), the driver's error;
 *   MMSYSERR_NOERROR.
 * An empty szFormat is filled as "8.000 kHz, 16 Bit, Mono" (Windows' wording).
 * acmFormatDetailsW is the same with UTF-16 strings (cbStruct >= 284).
 * portacm differs from Windows: with cbwfx 16, Windows' codecs write cbSize and the extra bytes
 * past the declared size; portacm never writes past cbwfx (docs/compatibility.md D2).
 */
PORTACM_API MMRESULT ACMAPI acmFormatDetailsA(HACMDRIVER had, LPACMFORMATDETAILSA pafd, DWORD fdwDetails);
PORTACM_API MMRESULT ACMAPI acmFormatDetailsW(HACMDRIVER had, LPACMFORMATDETAILSW pafd, DWORD fdwDetails);

#define ACM_FORMATDETAILSF_INDEX 0x00000000L  /* by dwFormatTag and dwFormatIndex */
#define ACM_FORMATDETAILSF_FORMAT 0x00000001L /* describe the format in pwfx */
#define ACM_FORMATDETAILSF_QUERYMASK 0x0000000FL

typedef BOOL(CALLBACK *ACMFORMATENUMCBA)(HACMDRIVERID hadid, LPACMFORMATDETAILSA pafd, DWORD_PTR dwInstance,
                                         DWORD fdwSupport);
typedef BOOL(CALLBACK *ACMFORMATENUMCBW)(HACMDRIVERID hadid, LPACMFORMATDETAILSW pafd, DWORD_PTR dwInstance,
                                         DWORD fdwSupport);

/* acmFormatEnumA - calls fnCallback once per format that passes the fdwEnum restrictions.
 *   had         [in]  an HACMDRIVER or HACMDRIVERID; NULL for all enabled drivers, priority order.
 *   pafd        [in,out] cbStruct >= 156; fdwSupport 0; pwfx a buffer of cbwfx bytes, at least the
 *                       largest format size (ACM_METRIC_MAX_SIZE_FORMAT of had, or of all). *pwfx
 *                       gives the restriction values and, for CONVERT/SUGGEST, the source format;
 *                       it is read (copied) before the first callback, then overwritten with each
 *                       format delivered. dwFormatTag must equal pwfx->wFormatTag with WFORMATTAG.
 *   fnCallback  [in]  gets pafd filled for each format; return FALSE to stop.
 *   dwInstance  [in]  passed to fnCallback.
 *   fdwEnum     [in]  ACM_FORMATENUMF_* (WFORMATTAG, NCHANNELS, NSAMPLESPERSEC, WBITSPERSAMPLE,
 *                     CONVERT, SUGGEST, HARDWARE, INPUT, OUTPUT).
 * Returns, in check order:
 *   MMSYSERR_INVALPARAM   fnCallback NULL, pafd NULL or cbStruct too small, fdwSupport not 0,
 *                         pwfx NULL; HARDWARE without INPUT or OUTPUT; WFORMATTAG with dwFormatTag
 *                         != pwfx->wFormatTag;
 *   MMSYSERR_INVALFLAG    unknown bits;
 *   MMSYSERR_INVALHANDLE  had invalid;
 *   MMSYSERR_INVALPARAM   cbwfx smaller than a listed driver's largest format, or (CONVERT,
 *                         SUGGEST) than the source format;
 *   MMSYSERR_NOMEM;
 *   MMSYSERR_NOERROR      also when nothing matched or the callback stopped.
 * CONVERT lists the standard formats the source opens a QUERY stream to; SUGGEST each driver's
 * ACMDM_FORMAT_SUGGEST answer. PCM formats come once per driver that lists them.
 * acmFormatEnumW is the same with UTF-16 strings (cbStruct >= 284).
 * portacm differs from Windows: no waveform devices, so HARDWARE/INPUT/OUTPUT enumerate nothing
 * (NOERROR, no callback).
 */
PORTACM_API MMRESULT ACMAPI acmFormatEnumA(HACMDRIVER had, LPACMFORMATDETAILSA pafd, ACMFORMATENUMCBA fnCallback,
                                           DWORD_PTR dwInstance, DWORD fdwEnum);
PORTACM_API MMRESULT ACMAPI acmFormatEnumW(HACMDRIVER had, LPACMFORMATDETAILSW pafd, ACMFORMATENUMCBW fnCallback,
                                           DWORD_PTR dwInstance, DWORD fdwEnum);

#define ACM_FORMATENUMF_WFORMATTAG 0x00010000L
#define ACM_FORMATENUMF_NCHANNELS 0x00020000L
#define ACM_FORMATENUMF_NSAMPLESPERSEC 0x00040000L
#define ACM_FORMATENUMF_WBITSPERSAMPLE 0x00080000L
#define ACM_FORMATENUMF_CONVERT 0x00100000L
#define ACM_FORMATENUMF_SUGGEST 0x00200000L
#define ACM_FORMATENUMF_HARDWARE 0x00400000L
#define ACM_FORMATENUMF_INPUT 0x00800000L
#define ACM_FORMATENUMF_OUTPUT 0x01000000L

/* acmFormatSuggest - asks for a destination format that pwfxSrc can be converted to.
 *   had         [in]  an HACMDRIVER or HACMDRIVERID; NULL asks the enabled drivers in priority order.
 *   pwfxSrc     [in]  the source format (PCM: 16 bytes read; others 18 + cbSize).
 *   pwfxDst     [in,out] a buffer of cbwfxDst bytes; the fields named by fdwSuggest are read from
 *                       it, the suggestion is written into it (never past cbwfxDst). Left alone
 *                       when an argument check fails; a failing driver may have written into it.
 *   cbwfxDst    [in]  at least the largest format of the requested tag (WFORMATTAG, when some
 *                     driver has it), else of any tag (ACM_METRIC_MAX_SIZE_FORMAT).
 *   fdwSuggest  [in]  ACM_FORMATSUGGESTF_{WFORMATTAG,NCHANNELS,NSAMPLESPERSEC,WBITSPERSAMPLE}.
 * Returns, in check order:
 *   MMSYSERR_INVALPARAM   pwfxSrc or pwfxDst NULL;
 *   MMSYSERR_INVALFLAG    other bits;
 *   MMSYSERR_NOERROR      PCM shortcut: had NULL, no WFORMATTAG, a plausible PCM source and
 *                         cbwfxDst >= 16: the source's 16 bytes are copied (cbSize 0 if it fits);
 *   MMSYSERR_INVALHANDLE  had invalid;
 *   MMSYSERR_NOMEM;
 *   MMSYSERR_INVALPARAM   cbwfxDst below the size above;
 *   with had: the driver's answer;
 *   without: MMSYSERR_NODRIVER (no driver has the source tag, and the requested tag),
 *            ACMERR_NOTPOSSIBLE (every such driver refused), MMSYSERR_NOERROR.
 */
PORTACM_API MMRESULT ACMAPI acmFormatSuggest(HACMDRIVER had, LPWAVEFORMATEX pwfxSrc, LPWAVEFORMATEX pwfxDst,
                                             DWORD cbwfxDst, DWORD fdwSuggest);

#define ACM_FORMATSUGGESTF_WFORMATTAG 0x00010000L
#define ACM_FORMATSUGGESTF_NCHANNELS 0x00020000L
#define ACM_FORMATSUGGESTF_NSAMPLESPERSEC 0x00040000L
#define ACM_FORMATSUGGESTF_WBITSPERSAMPLE 0x00080000L
#define ACM_FORMATSUGGESTF_TYPEMASK 0x00FF0000L

/* ======================================================================================== */
/* Format chooser                                                                           */
/* ======================================================================================== */

/* Registered-message names of the chooser's help hooks. */
#define ACMHELPMSGSTRINGA "acmchoose_help"
#define ACMHELPMSGSTRINGW u"acmchoose_help"
#define ACMHELPMSGCONTEXTMENUA "acmchoose_contextmenu"
#define ACMHELPMSGCONTEXTMENUW u"acmchoose_contextmenu"
#define ACMHELPMSGCONTEXTHELPA "acmchoose_contexthelp"
#define ACMHELPMSGCONTEXTHELPW u"acmchoose_contexthelp"

/* Message a chooser sends to its hook to let it veto a choice. */
#define MM_ACM_FORMATCHOOSE 0x8000
#define FORMATCHOOSE_MESSAGE 0
#define FORMATCHOOSE_FORMATTAG_VERIFY (FORMATCHOOSE_MESSAGE + 0)
#define FORMATCHOOSE_FORMAT_VERIFY (FORMATCHOOSE_MESSAGE + 1)
#define FORMATCHOOSE_CUSTOM_VERIFY (FORMATCHOOSE_MESSAGE + 2)

typedef UINT(CALLBACK *ACMFORMATCHOOSEHOOKPROCA)(HWND hwnd, UINT uMsg, WPARAM wParam, LPARAM lParam);
typedef UINT(CALLBACK *ACMFORMATCHOOSEHOOKPROCW)(HWND hwnd, UINT uMsg, WPARAM wParam, LPARAM lParam);

/* Sizes: A 268, W 444. */
typedef struct tACMFORMATCHOOSEA {
    DWORD cbStruct;
    DWORD fdwStyle; /* ACMFORMATCHOOSE_STYLEF_* */
    HWND hwndOwner;
    LPWAVEFORMATEX pwfx; /* receives the chosen format (and gives the initial one) */
    DWORD cbwfx;
    LPCSTR pszTitle;
    char szFormatTag[ACMFORMATTAGDETAILS_FORMATTAG_CHARS];
    char szFormat[ACMFORMATDETAILS_FORMAT_CHARS];
    LPSTR pszName;
    DWORD cchName;
    DWORD fdwEnum; /* ACM_FORMATENUMF_* restricting the choice */
    LPWAVEFORMATEX pwfxEnum;
    HINSTANCE hInstance;
    LPCSTR pszTemplateName;
    LPARAM lCustData;
    ACMFORMATCHOOSEHOOKPROCA pfnHook;
} ACMFORMATCHOOSEA, *PACMFORMATCHOOSEA, *LPACMFORMATCHOOSEA;

typedef struct tACMFORMATCHOOSEW {
    DWORD cbStruct;
    DWORD fdwStyle;
    HWND hwndOwner;
    LPWAVEFORMATEX pwfx;
    DWORD cbwfx;
    LPCWSTR pszTitle;
    WCHAR szFormatTag[ACMFORMATTAGDETAILS_FORMATTAG_CHARS];
    WCHAR szFormat[ACMFORMATDETAILS_FORMAT_CHARS];
    LPWSTR pszName;
    DWORD cchName;
    DWORD fdwEnum;
    LPWAVEFORMATEX pwfxEnum;
    HINSTANCE hInstance;
    LPCWSTR pszTemplateName;
    LPARAM lCustData;
    ACMFORMATCHOOSEHOOKPROCW pfnHook;
} ACMFORMATCHOOSEW, *PACMFORMATCHOOSEW, *LPACMFORMATCHOOSEW;

#define ACMFORMATCHOOSE_STYLEF_SHOWHELP 0x00000004L
#define ACMFORMATCHOOSE_STYLEF_ENABLEHOOK 0x00000008L
#define ACMFORMATCHOOSE_STYLEF_ENABLETEMPLATE 0x00000010L
#define ACMFORMATCHOOSE_STYLEF_ENABLETEMPLATEHANDLE 0x00000020L
#define ACMFORMATCHOOSE_STYLEF_INITTOWFXSTRUCT 0x00000040L
#define ACMFORMATCHOOSE_STYLEF_CONTEXTHELP 0x00000080L

/* acmFormatChooseA - the format chooser, without a dialog.
 *   pafmtc  [in,out] cbStruct >= sizeof(ACMFORMATCHOOSEA) (268). Reads fdwStyle, pwfx/cbwfx (the
 *                    initial format with INITTOWFXSTRUCT), fdwEnum/pwfxEnum, pfnHook, lCustData;
 *                    pszTitle, hwndOwner, hInstance and pszTemplateName are ignored. On success
 *                    writes *pwfx (at most cbwfx bytes), szFormatTag, szFormat and, when pszName
 *                    and cchName are set, pszName = "" (an untitled format). When the choice does
 *                    not fit, only cbwfx is written (the size needed).
 * Returns, in check order:
 *   MMSYSERR_INVALPARAM   pafmtc NULL or cbStruct too small; pwfx NULL;
 *   MMSYSERR_INVALFLAG    unknown fdwStyle bits;
 *   MMSYSERR_INVALPARAM   ENABLEHOOK with pfnHook NULL;
 *   MMSYSERR_INVALFLAG    unknown fdwEnum bits;
 *   MMSYSERR_INVALPARAM   fdwEnum bits that read pwfxEnum with pwfxEnum NULL;
 *   MMSYSERR_NODRIVER     nothing to choose from (no driver has a format passing fdwEnum);
 *   ACMERR_NOTPOSSIBLE    the choice is larger than cbwfx (cbwfx set to the size needed);
 *   MMSYSERR_NOMEM; MMSYSERR_NOERROR.
 * With ENABLEHOOK the hook gets one WM_INITDIALOG (hwnd NULL, wParam 0, lParam lCustData).
 * The choice is the initial *pwfx when INITTOWFXSTRUCT is set and it fits, is known to a driver
 * and passes fdwEnum; otherwise the first format acmFormatEnum(NULL, fdwEnum, pwfxEnum) gives.
 * acmFormatChooseW is the same with UTF-16 strings (cbStruct >= 444).
 * portacm differs from Windows: no dialog (there is no window system), so it acts like a user
 * accepting the initial selection; FORMATCHOOSE_*_VERIFY messages are never sent to the hook and
 * ACMERR_CANCELED is never returned.
 */
PORTACM_API MMRESULT ACMAPI acmFormatChooseA(LPACMFORMATCHOOSEA pafmtc);
PORTACM_API MMRESULT ACMAPI acmFormatChooseW(LPACMFORMATCHOOSEW pafmtc);

/* ======================================================================================== */
/* Filter tags and filters                                                                  */
/* ======================================================================================== */

#define ACMFILTERTAGDETAILS_FILTERTAG_CHARS 48

/* Sizes: A 72, W 120. */
typedef struct tACMFILTERTAGDETAILSA {
    DWORD cbStruct;
    DWORD dwFilterTagIndex;
    DWORD dwFilterTag; /* WAVE_FILTER_* */
    DWORD cbFilterSize;
    DWORD fdwSupport;
    DWORD cStandardFilters;
    char szFilterTag[ACMFILTERTAGDETAILS_FILTERTAG_CHARS];
} ACMFILTERTAGDETAILSA, *PACMFILTERTAGDETAILSA, *LPACMFILTERTAGDETAILSA;

typedef struct tACMFILTERTAGDETAILSW {
    DWORD cbStruct;
    DWORD dwFilterTagIndex;
    DWORD dwFilterTag;
    DWORD cbFilterSize;
    DWORD fdwSupport;
    DWORD cStandardFilters;
    WCHAR szFilterTag[ACMFILTERTAGDETAILS_FILTERTAG_CHARS];
} ACMFILTERTAGDETAILSW, *PACMFILTERTAGDETAILSW, *LPACMFILTERTAGDETAILSW;

/* acmFilterTagDetailsA - describes one filter tag; the filter twin of acmFormatTagDetailsA, with
 * the same parameters, check order and results (ACM_FILTERTAGDETAILSF_INDEX, _FILTERTAG,
 * _LARGESTSIZE; cbStruct >= 72, the W version 120; filter tags instead of format tags).
 * acmFilterTagDetailsW is the same with UTF-16 strings.
 */
PORTACM_API MMRESULT ACMAPI acmFilterTagDetailsA(HACMDRIVER had, LPACMFILTERTAGDETAILSA paftd, DWORD fdwDetails);
PORTACM_API MMRESULT ACMAPI acmFilterTagDetailsW(HACMDRIVER had, LPACMFILTERTAGDETAILSW paftd, DWORD fdwDetails);

#define ACM_FILTERTAGDETAILSF_INDEX 0x00000000L
#define ACM_FILTERTAGDETAILSF_FILTERTAG 0x00000001L
#define ACM_FILTERTAGDETAILSF_LARGESTSIZE 0x00000002L
#define ACM_FILTERTAGDETAILSF_QUERYMASK 0x0000000FL

typedef BOOL(CALLBACK *ACMFILTERTAGENUMCBA)(HACMDRIVERID hadid, LPACMFILTERTAGDETAILSA paftd,
                                            DWORD_PTR dwInstance, DWORD fdwSupport);
typedef BOOL(CALLBACK *ACMFILTERTAGENUMCBW)(HACMDRIVERID hadid, LPACMFILTERTAGDETAILSW paftd,
                                            DWORD_PTR dwInstance, DWORD fdwSupport);

/* acmFilterTagEnumA - calls fnCallback once per filter tag; the filter twin of acmFormatTagEnumA,
 * with the same parameters, check order and results (cbStruct >= 72, the W version 120).
 * acmFilterTagEnumW is the same with UTF-16 strings.
 */
PORTACM_API MMRESULT ACMAPI acmFilterTagEnumA(HACMDRIVER had, LPACMFILTERTAGDETAILSA paftd,
                                              ACMFILTERTAGENUMCBA fnCallback, DWORD_PTR dwInstance, DWORD fdwEnum);
PORTACM_API MMRESULT ACMAPI acmFilterTagEnumW(HACMDRIVER had, LPACMFILTERTAGDETAILSW paftd,
                                              ACMFILTERTAGENUMCBW fnCallback, DWORD_PTR dwInstance, DWORD fdwEnum);

#define ACMFILTERDETAILS_FILTER_CHARS 128

/* Sizes: A 156, W 284. */
typedef struct tACMFILTERDETAILSA {
    DWORD cbStruct;
    DWORD dwFilterIndex;
    DWORD dwFilterTag;
    DWORD fdwSupport;
    LPWAVEFILTER pwfltr;
    DWORD cbwfltr;
    char szFilter[ACMFILTERDETAILS_FILTER_CHARS];
} ACMFILTERDETAILSA, *PACMFILTERDETAILSA, *LPACMFILTERDETAILSA;

typedef struct tACMFILTERDETAILSW {
    DWORD cbStruct;
    DWORD dwFilterIndex;
    DWORD dwFilterTag;
    DWORD fdwSupport;
    LPWAVEFILTER pwfltr;
    DWORD cbwfltr;
    WCHAR szFilter[ACMFILTERDETAILS_FILTER_CHARS];
} ACMFILTERDETAILSW, *PACMFILTERDETAILSW, *LPACMFILTERDETAILSW;

/* acmFilterDetailsA - describes one filter; the filter twin of acmFormatDetailsA, with the same
 * check order and results. pafd->pwfltr is a WAVEFILTER buffer of cbwfltr >= 32 bytes (never
 * written past), dwFilterTag must be non-zero and, for ACM_FILTERDETAILSF_FILTER, equal to
 * pwfltr->dwFilterTag; INDEX needs a driver. cbStruct >= 156 (the W version 284).
 * acmFilterDetailsW is the same with UTF-16 strings.
 */
PORTACM_API MMRESULT ACMAPI acmFilterDetailsA(HACMDRIVER had, LPACMFILTERDETAILSA pafd, DWORD fdwDetails);
PORTACM_API MMRESULT ACMAPI acmFilterDetailsW(HACMDRIVER had, LPACMFILTERDETAILSW pafd, DWORD fdwDetails);

#define ACM_FILTERDETAILSF_INDEX 0x00000000L
#define ACM_FILTERDETAILSF_FILTER 0x00000001L
#define ACM_FILTERDETAILSF_QUERYMASK 0x0000000FL

typedef BOOL(CALLBACK *ACMFILTERENUMCBA)(HACMDRIVERID hadid, LPACMFILTERDETAILSA pafd, DWORD_PTR dwInstance,
                                         DWORD fdwSupport);
typedef BOOL(CALLBACK *ACMFILTERENUMCBW)(HACMDRIVERID hadid, LPACMFILTERDETAILSW pafd, DWORD_PTR dwInstance,
                                         DWORD fdwSupport);

/* acmFilterEnumA - calls fnCallback once per standard filter of one driver or of every enabled one.
 *   had         [in]  an HACMDRIVER or HACMDRIVERID; NULL for all enabled drivers.
 *   pafd        [in,out] cbStruct >= 156; fdwSupport 0; pwfltr a buffer of cbwfltr bytes, at least
 *                       the largest filter size (ACM_METRIC_MAX_SIZE_FILTER); overwritten with each
 *                       filter delivered.
 *   fnCallback  [in]  return FALSE to stop.  dwInstance [in] passed to it.
 *   fdwEnum     [in]  0 or ACM_FILTERENUMF_DWFILTERTAG (only pwfltr->dwFilterTag's filters).
 * Returns, in check order:
 *   MMSYSERR_INVALPARAM   fnCallback NULL, pafd NULL or cbStruct too small, fdwSupport not 0,
 *                         pwfltr NULL;
 *   MMSYSERR_INVALFLAG    other bits;
 *   MMSYSERR_INVALHANDLE  had invalid;
 *   MMSYSERR_INVALPARAM   cbwfltr smaller than a listed driver's largest filter;
 *   MMSYSERR_NOMEM; MMSYSERR_NOERROR (also when nothing matched or the callback stopped).
 * acmFilterEnumW is the same with UTF-16 strings (cbStruct >= 284).
 */
PORTACM_API MMRESULT ACMAPI acmFilterEnumA(HACMDRIVER had, LPACMFILTERDETAILSA pafd, ACMFILTERENUMCBA fnCallback,
                                           DWORD_PTR dwInstance, DWORD fdwEnum);
PORTACM_API MMRESULT ACMAPI acmFilterEnumW(HACMDRIVER had, LPACMFILTERDETAILSW pafd, ACMFILTERENUMCBW fnCallback,
                                           DWORD_PTR dwInstance, DWORD fdwEnum);

#define ACM_FILTERENUMF_DWFILTERTAG 0x00010000L

/* ---- filter chooser ---- */

#define MM_ACM_FILTERCHOOSE 0x8000
#define FILTERCHOOSE_MESSAGE 0
#define FILTERCHOOSE_FILTERTAG_VERIFY (FILTERCHOOSE_MESSAGE + 0)
#define FILTERCHOOSE_FILTER_VERIFY (FILTERCHOOSE_MESSAGE + 1)
#define FILTERCHOOSE_CUSTOM_VERIFY (FILTERCHOOSE_MESSAGE + 2)

typedef UINT(CALLBACK *ACMFILTERCHOOSEHOOKPROCA)(HWND hwnd, UINT uMsg, WPARAM wParam, LPARAM lParam);
typedef UINT(CALLBACK *ACMFILTERCHOOSEHOOKPROCW)(HWND hwnd, UINT uMsg, WPARAM wParam, LPARAM lParam);

/* Sizes: A 268, W 444. */
typedef struct tACMFILTERCHOOSEA {
    DWORD cbStruct;
    DWORD fdwStyle; /* ACMFILTERCHOOSE_STYLEF_* */
    HWND hwndOwner;
    LPWAVEFILTER pwfltr;
    DWORD cbwfltr;
    LPCSTR pszTitle;
    char szFilterTag[ACMFILTERTAGDETAILS_FILTERTAG_CHARS];
    char szFilter[ACMFILTERDETAILS_FILTER_CHARS];
    LPSTR pszName;
    DWORD cchName;
    DWORD fdwEnum;
    LPWAVEFILTER pwfltrEnum;
    HINSTANCE hInstance;
    LPCSTR pszTemplateName;
    LPARAM lCustData;
    ACMFILTERCHOOSEHOOKPROCA pfnHook;
} ACMFILTERCHOOSEA, *PACMFILTERCHOOSEA, *LPACMFILTERCHOOSEA;

typedef struct tACMFILTERCHOOSEW {
    DWORD cbStruct;
    DWORD fdwStyle;
    HWND hwndOwner;
    LPWAVEFILTER pwfltr;
    DWORD cbwfltr;
    LPCWSTR pszTitle;
    WCHAR szFilterTag[ACMFILTERTAGDETAILS_FILTERTAG_CHARS];
    WCHAR szFilter[ACMFILTERDETAILS_FILTER_CHARS];
    LPWSTR pszName;
    DWORD cchName;
    DWORD fdwEnum;
    LPWAVEFILTER pwfltrEnum;
    HINSTANCE hInstance;
    LPCWSTR pszTemplateName;
    LPARAM lCustData;
    ACMFILTERCHOOSEHOOKPROCW pfnHook;
} ACMFILTERCHOOSEW, *PACMFILTERCHOOSEW, *LPACMFILTERCHOOSEW;

#define ACMFILTERCHOOSE_STYLEF_SHOWHELP 0x00000004L
#define ACMFILTERCHOOSE_STYLEF_ENABLEHOOK 0x00000008L
#define ACMFILTERCHOOSE_STYLEF_ENABLETEMPLATE 0x00000010L
#define ACMFILTERCHOOSE_STYLEF_ENABLETEMPLATEHANDLE 0x00000020L
#define ACMFILTERCHOOSE_STYLEF_INITTOFILTERSTRUCT 0x00000040L
#define ACMFILTERCHOOSE_STYLEF_CONTEXTHELP 0x00000080L

/* acmFilterChooseA - the filter chooser, without a dialog; the filter twin of acmFormatChooseA,
 * with the same check order, results and differences from Windows (pwfltr/cbwfltr,
 * INITTOFILTERSTRUCT, fdwEnum ACM_FILTERENUMF_DWFILTERTAG read from pwfltrEnum; cbStruct >= 268,
 * the W version 444). The choice is the initial filter or the first acmFilterEnum gives.
 * acmFilterChooseW is the same with UTF-16 strings.
 */
PORTACM_API MMRESULT ACMAPI acmFilterChooseA(LPACMFILTERCHOOSEA pafltrc);
PORTACM_API MMRESULT ACMAPI acmFilterChooseW(LPACMFILTERCHOOSEW pafltrc);

/* ======================================================================================== */
/* Streams                                                                                  */
/* ======================================================================================== */

/* The driver's private area at the end of ACMSTREAMHEADER: 15 DWORDs on 64-bit Windows (10 on
 * 32-bit), which msacmdrv.h's ACMDRVSTREAMHEADER overlays with pointer-sized fields. */
#define PORTACM_ACMSTREAMHEADER_RESERVED_DWORDS 15

/* One buffer pair to convert. The caller sets cbStruct, pbSrc/cbSrcLength and
 * pbDst/cbDstLength, prepares the header once, then converts (possibly many times, changing
 * cbSrcLength between conversions, never above the prepared length). The ACM reports
 * cbSrcLengthUsed/cbDstLengthUsed. Size 124 (64 + 15 * 4). */
typedef struct tACMSTREAMHEADER {
    DWORD cbStruct;
    DWORD fdwStatus; /* ACMSTREAMHEADER_STATUSF_* */
    DWORD_PTR dwUser;
    LPBYTE pbSrc;
    DWORD cbSrcLength;
    DWORD cbSrcLengthUsed;
    DWORD_PTR dwSrcUser;
    LPBYTE pbDst;
    DWORD cbDstLength;
    DWORD cbDstLengthUsed;
    DWORD_PTR dwDstUser;
    DWORD dwReservedDriver[PORTACM_ACMSTREAMHEADER_RESERVED_DWORDS];
} ACMSTREAMHEADER, *PACMSTREAMHEADER, *LPACMSTREAMHEADER;

#define ACMSTREAMHEADER_STATUSF_DONE 0x00010000L
#define ACMSTREAMHEADER_STATUSF_PREPARED 0x00020000L
#define ACMSTREAMHEADER_STATUSF_INQUEUE 0x00100000L

/* acmStreamOpen - opens a conversion stream from pwfxSrc to pwfxDst, or asks whether one can be.
 *   phas        [out] receives the stream; set to NULL first (after the phas check), the handle on
 *                     success. Ignored and never written with ACM_STREAMOPENF_QUERY (may be NULL).
 *   had         [in]  the driver to use (an HACMDRIVER), or NULL: every enabled driver whose tags
 *                     cover both formats (and the filter), in priority order, until one accepts.
 *   pwfxSrc     [in]  source format: PCM read as 16 bytes, others as 18 + cbSize. Copied: the
 *   pwfxDst     [in]  caller may free or reuse both (and pwfltr) when the call returns.
 *   pwfltr      [in]  NULL, or a filter: cbStruct 32..4096, both formats of the same tag.
 *   dwCallback  [in]  window, function or event for an ACM_STREAMOPENF_ASYNC stream (CALLBACK_*).
 *   dwInstance  [in]  passed to a CALLBACK_FUNCTION.
 *   fdwOpen     [in]  ACM_STREAMOPENF_{QUERY,ASYNC,NONREALTIME} | CALLBACK_{NULL,WINDOW,FUNCTION,EVENT}.
 * Returns, in check order:
 *   MMSYSERR_INVALPARAM   phas NULL without QUERY; pwfxSrc or pwfxDst NULL;
 *   MMSYSERR_INVALFLAG    unknown bits; CALLBACK_TASK or an undefined callback type;
 *   MMSYSERR_INVALPARAM   pwfltr with different source and destination tags, or its cbStruct
 *                         below 32 or above 4096;
 *   MMSYSERR_NOMEM;
 *   MMSYSERR_INVALPARAM   had not NULL and not an open driver (Wine's answer);
 *   with had: the driver's ACMDM_STREAM_OPEN answer (ACMERR_NOTPOSSIBLE when it cannot convert);
 *   without had: ACMERR_NOTPOSSIBLE when no driver accepts;
 *   MMSYSERR_NOERROR.
 * An ASYNC stream notifies MM_ACM_OPEN before returning (with *phas set), MM_ACM_DONE per header
 * and MM_ACM_CLOSE at close; a synchronous stream never calls back. The driver's stream count
 * keeps acmDriverClose/acmDriverRemove at ACMERR_BUSY until acmStreamClose.
 * portacm differs from Windows: CALLBACK_TASK is refused (the documentation lists only EVENT,
 * FUNCTION and WINDOW); ASYNC works with every driver (the ACM queues for drivers without
 * SUPPORTF_ASYNC); a QUERY open is closed again at once; ACMDRVSTREAMINSTANCE.has is already set
 * during ACMDM_STREAM_OPEN.
 */
PORTACM_API MMRESULT ACMAPI acmStreamOpen(LPHACMSTREAM phas, HACMDRIVER had, LPWAVEFORMATEX pwfxSrc,
                                          LPWAVEFORMATEX pwfxDst, LPWAVEFILTER pwfltr, DWORD_PTR dwCallback,
                                          DWORD_PTR dwInstance, DWORD fdwOpen);

#define ACM_STREAMOPENF_QUERY 0x00000001
#define ACM_STREAMOPENF_ASYNC 0x00000002
#define ACM_STREAMOPENF_NONREALTIME 0x00000004

/* acmStreamClose - closes a stream (ACMDM_STREAM_CLOSE).
 *   has       [in]  the stream; invalid after success.
 *   fdwClose  [in]  must be 0.
 * Returns, in check order:
 *   MMSYSERR_INVALHANDLE  has is not an open stream (or another thread is closing it);
 *   MMSYSERR_INVALFLAG    fdwClose not 0;
 *   ACMERR_BUSY           an asynchronous stream still has headers queued or converting;
 *   the driver's refusal: the stream then stays open and usable;
 *   MMSYSERR_NOERROR      ASYNC streams get MM_ACM_CLOSE after the last MM_ACM_DONE.
 * Thread-safe against calls on the same stream from other threads: they finish first or get
 * MMSYSERR_INVALHANDLE. May be called from the stream's own callback.
 */
PORTACM_API MMRESULT ACMAPI acmStreamClose(HACMSTREAM has, DWORD fdwClose);

/* acmStreamSize - how many destination bytes cbInput source bytes need (ACM_STREAMSIZEF_SOURCE), or
 * how many source bytes fill cbInput destination bytes (ACM_STREAMSIZEF_DESTINATION).
 *   has             [in]  the stream.
 *   cbInput         [in]  a byte count; must be non-zero.
 *   pdwOutputBytes  [out] set to 0 once the flags and pointer are valid, to the answer on success.
 *   fdwSize         [in]  ACM_STREAMSIZEF_SOURCE or _DESTINATION.
 * Returns, in check order:
 *   MMSYSERR_INVALHANDLE  has invalid;
 *   MMSYSERR_INVALFLAG    other bits, or a query other than SOURCE/DESTINATION;
 *   MMSYSERR_INVALPARAM   pdwOutputBytes NULL; cbInput 0;
 *   the driver's error; ACMERR_NOTPOSSIBLE when the driver answers 0 bytes;
 *   MMSYSERR_NOERROR.
 * portacm differs from Windows: cbInput 0 gives MMSYSERR_INVALPARAM without asking the driver (the
 * documentation says it must be non-zero; Wine passes it on).
 */
PORTACM_API MMRESULT ACMAPI acmStreamSize(HACMSTREAM has, DWORD cbInput, LPDWORD pdwOutputBytes, DWORD fdwSize);

#define ACM_STREAMSIZEF_SOURCE 0x00000000L
#define ACM_STREAMSIZEF_DESTINATION 0x00000001L
#define ACM_STREAMSIZEF_QUERYMASK 0x0000000FL

/* acmStreamReset - stops an asynchronous stream's pending conversions.
 *   has       [in]  the stream.
 *   fdwReset  [in]  must be 0.
 * Returns, in check order (the flags before the handle, as native Windows):
 *   MMSYSERR_INVALFLAG    fdwReset not 0;
 *   MMSYSERR_INVALHANDLE  has invalid;
 *   MMSYSERR_NOERROR      a synchronous stream has nothing pending (the driver is not called). An
 *                         ASYNC stream: waits for the header being converted (not from inside its
 *                         callback), then returns every queued header with DONE set, INQUEUE
 *                         cleared and nothing used, one MM_ACM_DONE each, in order. A driver with
 *                         SUPPORTF_ASYNC gets ACMDM_STREAM_RESET and its answer is returned.
 */
PORTACM_API MMRESULT ACMAPI acmStreamReset(HACMSTREAM has, DWORD fdwReset);

/* acmStreamMessage - sends a driver-defined message to the stream's driver instance.
 *   has      [in]  the stream.
 *   uMsg     [in]  ACMDM_USER or above, outside ACMDM_RESERVED_LOW..ACMDM_RESERVED_HIGH.
 *   lParam1  [in]  passed to the driver unchanged (not the stream instance);
 *   lParam2  [in]  likewise.
 * Returns, in check order:
 *   MMSYSERR_INVALHANDLE  has invalid, or the stream was closed meanwhile;
 *   MMSYSERR_INVALPARAM   uMsg in the DRV_* or ACMDM_* ranges;
 *   the driver's answer.
 * portacm differs from Wine (which stubs it with MMSYSERR_ERROR): implemented.
 */
PORTACM_API MMRESULT ACMAPI acmStreamMessage(HACMSTREAM has, UINT uMsg, LPARAM lParam1, LPARAM lParam2);

/* acmStreamConvert - converts the source buffer of a prepared header into its destination buffer.
 *   has         [in]  the stream the header was prepared on.
 *   pash        [in,out] cbStruct >= sizeof(ACMSTREAMHEADER) (124). Reads pbSrc/cbSrcLength and
 *                       pbDst/cbDstLength: the same buffers as prepared, lengths at most the
 *                       prepared ones. Writes cbSrcLengthUsed and cbDstLengthUsed (0 first, once
 *                       the header is known prepared and not queued; never above the lengths) and
 *                       sets STATUSF_DONE when a synchronous conversion succeeds. The destination is
 *                       never written past cbDstLength.
 *   fdwConvert  [in]  0 or ACM_STREAMCONVERTF_{BLOCKALIGN,START,END}: only whole source blocks;
 *                     the first buffer (the driver resets its state); the last (it flushes).
 * Returns, in check order:
 *   MMSYSERR_INVALHANDLE  has invalid;
 *   MMSYSERR_INVALPARAM   pash NULL or cbStruct too small;
 *   MMSYSERR_INVALFLAG    other bits;
 *   ACMERR_UNPREPARED     not prepared (the Used fields are left untouched);
 *   ACMERR_BUSY           still queued on an ASYNC stream;
 *   MMSYSERR_INVALPARAM   buffers other than the prepared ones, or longer;
 *   the driver's error; MMSYSERR_NOERROR.
 * On an ASYNC stream the header is queued (INQUEUE set, DONE cleared) and NOERROR returned at once;
 * MM_ACM_DONE follows, and a failed conversion still comes back DONE with cbDstLengthUsed 0.
 * portacm differs from Windows: the Used values a driver reports are clamped to the buffer lengths,
 * and header fields a driver overwrites (buffers, lengths, prepared values, status) are put back.
 */
PORTACM_API MMRESULT ACMAPI acmStreamConvert(HACMSTREAM has, LPACMSTREAMHEADER pash, DWORD fdwConvert);

#define ACM_STREAMCONVERTF_BLOCKALIGN 0x00000004
#define ACM_STREAMCONVERTF_START 0x00000010
#define ACM_STREAMCONVERTF_END 0x00000020

/* acmStreamPrepareHeader - prepares a header for acmStreamConvert on this stream.
 *   has         [in]  the stream.
 *   pash        [in,out] cbStruct >= 124; pbSrc/cbSrcLength and pbDst/cbDstLength set. On success
 *                       fdwStatus gets PREPARED (DONE kept, INQUEUE cleared) and the reserved area
 *                       records the stream and buffers; the buffers stay the caller's.
 *   fdwPrepare  [in]  must be 0.
 * Returns, in check order:
 *   MMSYSERR_INVALHANDLE  has invalid;
 *   MMSYSERR_INVALPARAM   pash NULL or cbStruct too small;
 *   MMSYSERR_INVALFLAG    fdwPrepare not 0;
 *   (PCM or MS ADPCM source with cbSrcLength < nBlockAlign) MMSYSERR_INVALPARAM if it is 0,
 *                         ACMERR_NOTPOSSIBLE otherwise;
 *   MMSYSERR_INVALPARAM   a buffer NULL with a non-zero length, wrapping around the address space,
 *                         or not mapped (so cbDstLength (DWORD)-4 fails, as on 64-bit Windows);
 *   MMSYSERR_NOERROR      with no effect when already prepared on this stream with these buffers,
 *                         or queued;
 *   the driver's ACMDM_STREAM_PREPARE error (MMSYSERR_NOTSUPPORTED counts as success);
 *   MMSYSERR_NOERROR.
 * A header prepared with other buffers or on another stream is prepared afresh.
 */
PORTACM_API MMRESULT ACMAPI acmStreamPrepareHeader(HACMSTREAM has, LPACMSTREAMHEADER pash, DWORD fdwPrepare);
/* acmStreamUnprepareHeader - undoes acmStreamPrepareHeader; call it before freeing the buffers.
 *   has           [in]  the stream.
 *   pash          [in,out] the prepared header with the buffers and lengths it was prepared with
 *                         (reset cbSrcLength if a conversion changed it). On success PREPARED and
 *                         INQUEUE are cleared (DONE kept).
 *   fdwUnprepare  [in]  must be 0.
 * Returns, in check order:
 *   MMSYSERR_INVALHANDLE  has invalid;
 *   MMSYSERR_INVALPARAM   pash NULL or cbStruct too small;
 *   MMSYSERR_INVALFLAG    fdwUnprepare not 0;
 *   ACMERR_UNPREPARED     not prepared;
 *   ACMERR_BUSY           queued on an ASYNC stream;
 *   MMSYSERR_INVALPARAM   buffers or lengths differ from the prepared ones;
 *   the driver's ACMDM_STREAM_UNPREPARE error (MMSYSERR_NOTSUPPORTED counts as success);
 *   MMSYSERR_NOERROR.
 */
PORTACM_API MMRESULT ACMAPI acmStreamUnprepareHeader(HACMSTREAM has, LPACMSTREAMHEADER pash, DWORD fdwUnprepare);

/* ======================================================================================== */
/* Generic names: the W versions when UNICODE is defined, the A versions otherwise           */
/* ======================================================================================== */

#ifdef UNICODE
#define acmDriverAdd acmDriverAddW
#define ACMDRIVERDETAILS ACMDRIVERDETAILSW
#define PACMDRIVERDETAILS PACMDRIVERDETAILSW
#define LPACMDRIVERDETAILS LPACMDRIVERDETAILSW
#define acmDriverDetails acmDriverDetailsW
#define ACMFORMATTAGDETAILS ACMFORMATTAGDETAILSW
#define PACMFORMATTAGDETAILS PACMFORMATTAGDETAILSW
#define LPACMFORMATTAGDETAILS LPACMFORMATTAGDETAILSW
#define acmFormatTagDetails acmFormatTagDetailsW
#define ACMFORMATTAGENUMCB ACMFORMATTAGENUMCBW
#define acmFormatTagEnum acmFormatTagEnumW
#define ACMFORMATDETAILS ACMFORMATDETAILSW
#define PACMFORMATDETAILS PACMFORMATDETAILSW
#define LPACMFORMATDETAILS LPACMFORMATDETAILSW
#define acmFormatDetails acmFormatDetailsW
#define ACMFORMATENUMCB ACMFORMATENUMCBW
#define acmFormatEnum acmFormatEnumW
#define ACMHELPMSGSTRING ACMHELPMSGSTRINGW
#define ACMHELPMSGCONTEXTMENU ACMHELPMSGCONTEXTMENUW
#define ACMHELPMSGCONTEXTHELP ACMHELPMSGCONTEXTHELPW
#define ACMFORMATCHOOSEHOOKPROC ACMFORMATCHOOSEHOOKPROCW
#define ACMFORMATCHOOSE ACMFORMATCHOOSEW
#define PACMFORMATCHOOSE PACMFORMATCHOOSEW
#define LPACMFORMATCHOOSE LPACMFORMATCHOOSEW
#define acmFormatChoose acmFormatChooseW
#define ACMFILTERTAGDETAILS ACMFILTERTAGDETAILSW
#define PACMFILTERTAGDETAILS PACMFILTERTAGDETAILSW
#define LPACMFILTERTAGDETAILS LPACMFILTERTAGDETAILSW
#define acmFilterTagDetails acmFilterTagDetailsW
#define ACMFILTERTAGENUMCB ACMFILTERTAGENUMCBW
#define acmFilterTagEnum acmFilterTagEnumW
#define ACMFILTERDETAILS ACMFILTERDETAILSW
#define PACMFILTERDETAILS PACMFILTERDETAILSW
#define LPACMFILTERDETAILS LPACMFILTERDETAILSW
#define acmFilterDetails acmFilterDetailsW
#define ACMFILTERENUMCB ACMFILTERENUMCBW
#define acmFilterEnum acmFilterEnumW
#define ACMFILTERCHOOSEHOOKPROC ACMFILTERCHOOSEHOOKPROCW
#define ACMFILTERCHOOSE ACMFILTERCHOOSEW
#define PACMFILTERCHOOSE PACMFILTERCHOOSEW
#define LPACMFILTERCHOOSE LPACMFILTERCHOOSEW
#define acmFilterChoose acmFilterChooseW
#else
#define acmDriverAdd acmDriverAddA
#define ACMDRIVERDETAILS ACMDRIVERDETAILSA
#define PACMDRIVERDETAILS PACMDRIVERDETAILSA
#define LPACMDRIVERDETAILS LPACMDRIVERDETAILSA
#define acmDriverDetails acmDriverDetailsA
#define ACMFORMATTAGDETAILS ACMFORMATTAGDETAILSA
#define PACMFORMATTAGDETAILS PACMFORMATTAGDETAILSA
#define LPACMFORMATTAGDETAILS LPACMFORMATTAGDETAILSA
#define acmFormatTagDetails acmFormatTagDetailsA
#define ACMFORMATTAGENUMCB ACMFORMATTAGENUMCBA
#define acmFormatTagEnum acmFormatTagEnumA
#define ACMFORMATDETAILS ACMFORMATDETAILSA
#define PACMFORMATDETAILS PACMFORMATDETAILSA
#define LPACMFORMATDETAILS LPACMFORMATDETAILSA
#define acmFormatDetails acmFormatDetailsA
#define ACMFORMATENUMCB ACMFORMATENUMCBA
#define acmFormatEnum acmFormatEnumA
#define ACMHELPMSGSTRING ACMHELPMSGSTRINGA
#define ACMHELPMSGCONTEXTMENU ACMHELPMSGCONTEXTMENUA
#define ACMHELPMSGCONTEXTHELP ACMHELPMSGCONTEXTHELPA
#define ACMFORMATCHOOSEHOOKPROC ACMFORMATCHOOSEHOOKPROCA
#define ACMFORMATCHOOSE ACMFORMATCHOOSEA
#define PACMFORMATCHOOSE PACMFORMATCHOOSEA
#define LPACMFORMATCHOOSE LPACMFORMATCHOOSEA
#define acmFormatChoose acmFormatChooseA
#define ACMFILTERTAGDETAILS ACMFILTERTAGDETAILSA
#define PACMFILTERTAGDETAILS PACMFILTERTAGDETAILSA
#define LPACMFILTERTAGDETAILS LPACMFILTERTAGDETAILSA
#define acmFilterTagDetails acmFilterTagDetailsA
#define ACMFILTERTAGENUMCB ACMFILTERTAGENUMCBA
#define acmFilterTagEnum acmFilterTagEnumA
#define ACMFILTERDETAILS ACMFILTERDETAILSA
#define PACMFILTERDETAILS PACMFILTERDETAILSA
#define LPACMFILTERDETAILS LPACMFILTERDETAILSA
#define acmFilterDetails acmFilterDetailsA
#define ACMFILTERENUMCB ACMFILTERENUMCBA
#define acmFilterEnum acmFilterEnumA
#define ACMFILTERCHOOSEHOOKPROC ACMFILTERCHOOSEHOOKPROCA
#define ACMFILTERCHOOSE ACMFILTERCHOOSEA
#define PACMFILTERCHOOSE PACMFILTERCHOOSEA
#define LPACMFILTERCHOOSE LPACMFILTERCHOOSEA
#define acmFilterChoose acmFilterChooseA
#endif

#pragma pack(pop)

PORTACM_EXTERN_C_END

#endif /* PORTACM_MSACM_H */
