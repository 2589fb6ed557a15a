/*
 * msacmdrv.h - what an ACM driver writer needs: the ACMDM_* messages the ACM sends to a
 * driver's DriverProc, and the structures those messages carry.
 *
 * A driver is an installable driver (mmiscapi.h) whose DriverProc also answers ACMDM_*
 * messages. portacm's built-in codecs are reached through exactly this interface, and a codec
 * written for Windows compiles against it unchanged. Every structure is byte-packed and laid
 * out as on 64-bit Windows; tests/test_abi.c pins the sizes and offsets.
 */
#ifndef PORTACM_MSACMDRV_H
#define PORTACM_MSACMDRV_H

#include "msacm.h"

PORTACM_EXTERN_C_BEGIN

#pragma pack(push, 1)

/* An ACM version number: 8-bit major, 8-bit minor, 16-bit build (0xMMmmBBBB), the format of
 * acmGetVersion() and ACMDRIVERDETAILS.vdwACM / vdwDriver. */
#define MAKE_ACM_VERSION(mjr, mnr, bld) \
    ((DWORD)(((DWORD)(BYTE)(mjr) << 24) | ((DWORD)(BYTE)(mnr) << 16) | (DWORD)(WORD)(bld)))

/* Defined (empty) as on Windows, where no value was ever given to it. */
#define ACMDRVOPENDESC_SECTIONNAME_CHARS

/* DRV_OPEN's lParam2 when the ACM opens a driver. A NULL lParam2 means the driver is being
 * opened for configuration, not by the ACM. The driver sets dwError when it refuses to
 * open. Sizes: A 44, W 44. */
typedef struct tACMDRVOPENDESCA {
    DWORD cbStruct; /* sizeof(ACMDRVOPENDESC) */
    FOURCC fccType; /* ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC ('audc') */
    FOURCC fccComp; /* 0 */
    DWORD dwVersion; /* acmGetVersion() of the ACM opening the driver */
    DWORD dwFlags;
    DWORD dwError;         /* MMRESULT the driver reports when DRV_OPEN fails */
    LPCSTR pszSectionName; /* as DRVCONFIGINFO.lpszDCISectionName */
    LPCSTR pszAliasName;   /* as DRVCONFIGINFO.lpszDCIAliasName */
    DWORD dnDevNode;       /* plug-and-play device node; 0 */
} ACMDRVOPENDESCA, *PACMDRVOPENDESCA, *LPACMDRVOPENDESCA;

typedef struct tACMDRVOPENDESCW {
    DWORD cbStruct;
    FOURCC fccType;
    FOURCC fccComp;
    DWORD dwVersion;
    DWORD dwFlags;
    DWORD dwError;
    LPCWSTR pszSectionName;
    LPCWSTR pszAliasName;
    DWORD dnDevNode;
} ACMDRVOPENDESCW, *PACMDRVOPENDESCW, *LPACMDRVOPENDESCW;

/* The stream a driver is asked to open (ACMDM_STREAM_OPEN) and then to work on. The driver
 * keeps its per-stream state in dwDriver; fdwDriver is also the driver's. Size 68. */
typedef struct tACMDRVSTREAMINSTANCE {
    DWORD cbStruct;
    LPWAVEFORMATEX pwfxSrc;
    LPWAVEFORMATEX pwfxDst;
    LPWAVEFILTER pwfltr; /* NULL unless the stream filters */
    DWORD_PTR dwCallback;
    DWORD_PTR dwInstance;
    DWORD fdwOpen; /* acmStreamOpen's fdwOpen (ACM_STREAMOPENF_*, CALLBACK_*) */
    DWORD fdwDriver;
    DWORD_PTR dwDriver;
    HACMSTREAM has;
} ACMDRVSTREAMINSTANCE, *PACMDRVSTREAMINSTANCE, *LPACMDRVSTREAMINSTANCE;

/* The driver's view of an ACMSTREAMHEADER: the same public fields, then the reserved area
 * (dwReservedDriver) used as below. It has exactly the size of ACMSTREAMHEADER (124 bytes on
 * 64-bit), which is why both are byte-packed. */
typedef struct tACMDRVSTREAMHEADER *LPACMDRVSTREAMHEADER;
typedef struct tACMDRVSTREAMHEADER {
    DWORD cbStruct;
    DWORD fdwStatus;
    DWORD_PTR dwUser;
    LPBYTE pbSrc;
    DWORD cbSrcLength;
    DWORD cbSrcLengthUsed;
    DWORD_PTR dwSrcUser;
    LPBYTE pbDst;
    DWORD cbDstLength;
    DWORD cbDstLengthUsed;
    DWORD_PTR dwDstUser;

    DWORD fdwConvert;                /* acmStreamConvert's fdwConvert */
    LPACMDRVSTREAMHEADER padshNext;  /* asynchronous queue link */
    DWORD fdwDriver;                 /* free for the driver */
    DWORD_PTR dwDriver;              /* free for the driver */

    /* Kept by the ACM: what the header was prepared with, so that unprepare can check it. */
    DWORD fdwPrepared;
    DWORD_PTR dwPrepared;
    LPBYTE pbPreparedSrc;
    DWORD cbPreparedSrcLength;
    LPBYTE pbPreparedDst;
    DWORD cbPreparedDstLength;
} ACMDRVSTREAMHEADER, *PACMDRVSTREAMHEADER;

/* ACMDM_STREAM_SIZE's lParam2: the driver reads one length and writes the other, according to
 * fdwSize (ACM_STREAMSIZEF_*). Size 16. */
typedef struct tACMDRVSTREAMSIZE {
    DWORD cbStruct;
    DWORD fdwSize;
    DWORD cbSrcLength;
    DWORD cbDstLength;
} ACMDRVSTREAMSIZE, *PACMDRVSTREAMSIZE, *LPACMDRVSTREAMSIZE;

/* ACMDM_FORMAT_SUGGEST's lParam1: fill pwfxDst (cbwfxDst bytes available) with a format the
 * driver can convert pwfxSrc to, keeping the fields fdwSuggest (ACM_FORMATSUGGESTF_*) fixes.
 * Size 32. */
typedef struct tACMDRVFORMATSUGGEST {
    DWORD cbStruct;
    DWORD fdwSuggest;
    LPWAVEFORMATEX pwfxSrc;
    DWORD cbwfxSrc;
    LPWAVEFORMATEX pwfxDst;
    DWORD cbwfxDst;
} ACMDRVFORMATSUGGEST, *PACMDRVFORMATSUGGEST, *LPACMDRVFORMATSUGGEST;

/* ---- messages the ACM sends to a driver (answers are MMRESULTs unless noted) ----
 * Unless a message says otherwise, dwDriverId is the instance ID the driver returned from
 * DRV_OPEN, and an unsupported message is answered with MMSYSERR_NOTSUPPORTED. */
#define ACMDM_DRIVER_NOTIFY (ACMDM_BASE + 1)              /* the driver list changed */
#define ACMDM_DRIVER_DETAILS (ACMDM_BASE + 10)            /* lParam1: ACMDRIVERDETAILSW* */
/* ACMDM_DRIVER_ABOUT (ACMDM_BASE + 11) comes from msacm.h: applications send it too. */
#define ACMDM_HARDWARE_WAVE_CAPS_INPUT (ACMDM_BASE + 20)
#define ACMDM_HARDWARE_WAVE_CAPS_OUTPUT (ACMDM_BASE + 21)
#define ACMDM_FORMATTAG_DETAILS (ACMDM_BASE + 25) /* ACMFORMATTAGDETAILSW*, fdwDetails */
#define ACMDM_FORMAT_DETAILS (ACMDM_BASE + 26)    /* ACMFORMATDETAILSW*, fdwDetails */
#define ACMDM_FORMAT_SUGGEST (ACMDM_BASE + 27)    /* ACMDRVFORMATSUGGEST* */
#define ACMDM_FILTERTAG_DETAILS (ACMDM_BASE + 50) /* ACMFILTERTAGDETAILSW*, fdwDetails */
#define ACMDM_FILTER_DETAILS (ACMDM_BASE + 51)    /* ACMFILTERDETAILSW*, fdwDetails */
#define ACMDM_STREAM_OPEN (ACMDM_BASE + 76)       /* ACMDRVSTREAMINSTANCE* */
#define ACMDM_STREAM_CLOSE (ACMDM_BASE + 77)      /* ACMDRVSTREAMINSTANCE*, fdwClose */
#define ACMDM_STREAM_SIZE (ACMDM_BASE + 78)       /* ACMDRVSTREAMINSTANCE*, ACMDRVSTREAMSIZE* */
#define ACMDM_STREAM_CONVERT (ACMDM_BASE + 79)    /* ACMDRVSTREAMINSTANCE*, ACMDRVSTREAMHEADER* */
#define ACMDM_STREAM_RESET (ACMDM_BASE + 80)      /* ACMDRVSTREAMINSTANCE*, fdwReset */
#define ACMDM_STREAM_PREPARE (ACMDM_BASE + 81)    /* ACMDRVSTREAMINSTANCE*, ACMDRVSTREAMHEADER* */
#define ACMDM_STREAM_UNPREPARE (ACMDM_BASE + 82)  /* ACMDRVSTREAMINSTANCE*, ACMDRVSTREAMHEADER* */
#define ACMDM_STREAM_UPDATE (ACMDM_BASE + 83)     /* ACMDRVSTREAMINSTANCE*, ACMDRVSTREAMHEADER* */

/* Generic names: the W version when UNICODE is defined, the A version otherwise. */
#ifdef UNICODE
#define ACMDRVOPENDESC ACMDRVOPENDESCW
#define PACMDRVOPENDESC PACMDRVOPENDESCW
#define LPACMDRVOPENDESC LPACMDRVOPENDESCW
#else
#define ACMDRVOPENDESC ACMDRVOPENDESCA
#define PACMDRVOPENDESC PACMDRVOPENDESCA
#define LPACMDRVOPENDESC LPACMDRVOPENDESCA
#endif

#pragma pack(pop)

PORTACM_EXTERN_C_END

#endif /* PORTACM_MSACMDRV_H */
