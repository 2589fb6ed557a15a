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

/* The ACM version as 0xMMmmBBBB: major in the top byte, minor in the next, build in the low
 * word. A build of 0 means a retail release. */
PORTACM_API DWORD ACMAPI acmGetVersion(void);

/* Reads one metric (ACM_METRIC_*) of the ACM as a whole (hao NULL) or of one driver ID,
 * driver, or stream. pMetric points at a DWORD for every metric. */
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

PORTACM_API MMRESULT ACMAPI acmDriverEnum(ACMDRIVERENUMCB fnCallback, DWORD_PTR dwInstance, DWORD fdwEnum);

#define ACM_DRIVERENUMF_NOLOCAL 0x40000000L  /* leave out drivers added for this process */
#define ACM_DRIVERENUMF_DISABLED 0x80000000L /* include disabled drivers */

/* The driver ID behind an open driver or stream (or hao itself if it is a driver ID).
 * fdwDriverID must be 0. */
PORTACM_API MMRESULT ACMAPI acmDriverID(HACMOBJ hao, LPHACMDRIVERID phadid, DWORD fdwDriverID);

/* The DriverProc of a driver added with ACM_DRIVERADDF_FUNCTION. */
typedef LRESULT(CALLBACK *ACMDRIVERPROC)(DWORD_PTR dwDriverId, HACMDRIVERID hadid, UINT uMsg, LPARAM lParam1,
                                         LPARAM lParam2);
typedef ACMDRIVERPROC *LPACMDRIVERPROC;

/* Adds a driver for this process. With ACM_DRIVERADDF_FUNCTION, hinstModule identifies the
 * module and lParam is the ACMDRIVERPROC; with ACM_DRIVERADDF_NOTIFYHWND, lParam is a window to
 * notify of driver changes and dwPriority the message to send; with ACM_DRIVERADDF_NAME,
 * lParam names a driver entry (the A version a char string, the W version UTF-16). */
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

/* Removes a driver added with acmDriverAdd. fdwRemove must be 0. */
PORTACM_API MMRESULT ACMAPI acmDriverRemove(HACMDRIVERID hadid, DWORD fdwRemove);

/* Opens an instance of a driver (sends DRV_OPEN with an ACMDRVOPENDESCW). fdwOpen must be 0. */
PORTACM_API MMRESULT ACMAPI acmDriverOpen(LPHACMDRIVER phad, HACMDRIVERID hadid, DWORD fdwOpen);

/* Closes a driver instance. fdwClose must be 0. ACMERR_BUSY while streams are open on it. */
PORTACM_API MMRESULT ACMAPI acmDriverClose(HACMDRIVER had, DWORD fdwClose);

/* Sends a user message (ACMDM_USER and above, or ACMDM_DRIVER_ABOUT, or DRV_CONFIGURE /
 * DRV_QUERYCONFIGURE) to an open driver and returns its answer. Other messages give
 * MMSYSERR_INVALPARAM. */
PORTACM_API LRESULT ACMAPI acmDriverMessage(HACMDRIVER had, UINT uMsg, LPARAM lParam1, LPARAM lParam2);

#define ACMDM_USER (DRV_USER + 0x0000)
#define ACMDM_RESERVED_LOW (DRV_USER + 0x2000)
#define ACMDM_RESERVED_HIGH (DRV_USER + 0x2FFF)
#define ACMDM_BASE ACMDM_RESERVED_LOW
/* lParam1: the owner window, or (LPARAM)-1 to ask whether the driver has an about box. */
#define ACMDM_DRIVER_ABOUT (ACMDM_BASE + 11)

/* Changes a driver's priority (dwPriority, 1 = first; 0 leaves it) and/or enables or disables
 * it. BEGIN/END defer the change notification across several calls. */
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

/* fdwDetails must be 0. */
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

/* Enumerates the format tags of one driver (had) or of all enabled drivers (had NULL).
 * fdwEnum must be 0. */
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

PORTACM_API MMRESULT ACMAPI acmFormatDetailsA(HACMDRIVER had, LPACMFORMATDETAILSA pafd, DWORD fdwDetails);
PORTACM_API MMRESULT ACMAPI acmFormatDetailsW(HACMDRIVER had, LPACMFORMATDETAILSW pafd, DWORD fdwDetails);

#define ACM_FORMATDETAILSF_INDEX 0x00000000L  /* by dwFormatTag and dwFormatIndex */
#define ACM_FORMATDETAILSF_FORMAT 0x00000001L /* describe the format in pwfx */
#define ACM_FORMATDETAILSF_QUERYMASK 0x0000000FL

typedef BOOL(CALLBACK *ACMFORMATENUMCBA)(HACMDRIVERID hadid, LPACMFORMATDETAILSA pafd, DWORD_PTR dwInstance,
                                         DWORD fdwSupport);
typedef BOOL(CALLBACK *ACMFORMATENUMCBW)(HACMDRIVERID hadid, LPACMFORMATDETAILSW pafd, DWORD_PTR dwInstance,
                                         DWORD fdwSupport);

/* Enumerates formats; pwfxEnum-restricting flags (ACM_FORMATENUMF_*) take their values from
 * pafd->pwfx. */
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

/* Suggests a destination format for pwfxSrc; the ACM_FORMATSUGGESTF_* bits say which fields of
 * pwfxDst are fixed by the caller. */
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

/* Non-interactive on portacm: there is no dialog to show. The structure is checked as Windows
 * checks it, and the call then completes without user interaction. */
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

PORTACM_API MMRESULT ACMAPI acmFilterDetailsA(HACMDRIVER had, LPACMFILTERDETAILSA pafd, DWORD fdwDetails);
PORTACM_API MMRESULT ACMAPI acmFilterDetailsW(HACMDRIVER had, LPACMFILTERDETAILSW pafd, DWORD fdwDetails);

#define ACM_FILTERDETAILSF_INDEX 0x00000000L
#define ACM_FILTERDETAILSF_FILTER 0x00000001L
#define ACM_FILTERDETAILSF_QUERYMASK 0x0000000FL

typedef BOOL(CALLBACK *ACMFILTERENUMCBA)(HACMDRIVERID hadid, LPACMFILTERDETAILSA pafd, DWORD_PTR dwInstance,
                                         DWORD fdwSupport);
typedef BOOL(CALLBACK *ACMFILTERENUMCBW)(HACMDRIVERID hadid, LPACMFILTERDETAILSW pafd, DWORD_PTR dwInstance,
                                         DWORD fdwSupport);

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

/* Non-interactive on portacm, like acmFormatChoose. */
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

/* Opens a conversion stream from pwfxSrc to pwfxDst (optionally through pwfltr) on driver had,
 * or on the first driver that can do it (had NULL). dwCallback/dwInstance and the CALLBACK_*
 * bits of fdwOpen select the notification for ACM_STREAMOPENF_ASYNC streams. With
 * ACM_STREAMOPENF_QUERY phas may be NULL and no stream is opened. */
PORTACM_API MMRESULT ACMAPI acmStreamOpen(LPHACMSTREAM phas, HACMDRIVER had, LPWAVEFORMATEX pwfxSrc,
                                          LPWAVEFORMATEX pwfxDst, LPWAVEFILTER pwfltr, DWORD_PTR dwCallback,
                                          DWORD_PTR dwInstance, DWORD fdwOpen);

#define ACM_STREAMOPENF_QUERY 0x00000001
#define ACM_STREAMOPENF_ASYNC 0x00000002
#define ACM_STREAMOPENF_NONREALTIME 0x00000004

/* fdwClose must be 0. */
PORTACM_API MMRESULT ACMAPI acmStreamClose(HACMSTREAM has, DWORD fdwClose);

/* How many destination bytes cbInput source bytes need (ACM_STREAMSIZEF_SOURCE), or how many
 * source bytes fill cbInput destination bytes (ACM_STREAMSIZEF_DESTINATION). */
PORTACM_API MMRESULT ACMAPI acmStreamSize(HACMSTREAM has, DWORD cbInput, LPDWORD pdwOutputBytes, DWORD fdwSize);

#define ACM_STREAMSIZEF_SOURCE 0x00000000L
#define ACM_STREAMSIZEF_DESTINATION 0x00000001L
#define ACM_STREAMSIZEF_QUERYMASK 0x0000000FL

/* Stops pending asynchronous conversions and marks their headers done. fdwReset must be 0. */
PORTACM_API MMRESULT ACMAPI acmStreamReset(HACMSTREAM has, DWORD fdwReset);

/* Sends a driver-specific message (ACMDM_USER and above) to the stream's driver. */
PORTACM_API MMRESULT ACMAPI acmStreamMessage(HACMSTREAM has, UINT uMsg, LPARAM lParam1, LPARAM lParam2);

/* Converts one prepared header. BLOCKALIGN converts only whole source blocks; START and END
 * mark the first and last buffer of a conversion (drivers reset and flush their state). */
PORTACM_API MMRESULT ACMAPI acmStreamConvert(HACMSTREAM has, LPACMSTREAMHEADER pash, DWORD fdwConvert);

#define ACM_STREAMCONVERTF_BLOCKALIGN 0x00000004
#define ACM_STREAMCONVERTF_START 0x00000010
#define ACM_STREAMCONVERTF_END 0x00000020

/* fdwPrepare / fdwUnprepare must be 0. Unpreparing needs the same buffers and lengths the
 * header was prepared with. */
PORTACM_API MMRESULT ACMAPI acmStreamPrepareHeader(HACMSTREAM has, LPACMSTREAMHEADER pash, DWORD fdwPrepare);
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
