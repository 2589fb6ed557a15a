/*
 * gainacm.c - a small ACM codec written the way Windows' DDK sample codecs are: windows.h and
 * the multimedia headers only, a per-open instance from LocalAlloc, its names in the .rc
 * string table (LoadString through the module handle), a setting in its own registry key, a
 * configuration dialog, UNALIGNED sample pointers and L"" wide strings (built with
 * -fshort-wchar). It converts 16-bit mono PCM to 8-bit mono PCM, multiplying by a gain kept in
 * HKEY_CURRENT_USER\Software\portacm tests\gainacm, value "Gain" (REG_DWORD, default 1).
 * Built unchanged for Linux by tests/porting/tests.cmake; test_porting.c drives it.
 */
#include <windows.h>
#include <mmsystem.h>
#include <mmreg.h>
#include <msacm.h>
#include <msacmdrv.h>

#include "resource.h"

/* The DDK samples declare their internal functions so (codec.h). */
#ifndef FNLOCAL
#define FNLOCAL NEAR PASCAL
#endif

#define GAIN_REGKEY L"Software\\portacm tests\\gainacm"
#define GAIN_VALUE L"Gain"
#define IDD_GAIN_CONFIG 200

typedef struct tDRIVERINSTANCE {
    HDRVR hdrvr;
    HINSTANCE hinst;
    DWORD dwGain;
} DRIVERINSTANCE, FAR *PDRIVERINSTANCE;

LRESULT CALLBACK DriverProc(DWORD_PTR dwId, HDRVR hdrvr, UINT uMsg, LPARAM lParam1, LPARAM lParam2);

static DWORD FNLOCAL gainReadRegistry(void)
{
    HKEY hkey;
    DWORD dwGain = 1, dwType, cb = sizeof(DWORD), dwValue;
    if (RegOpenKeyExW(HKEY_CURRENT_USER, GAIN_REGKEY, 0, KEY_QUERY_VALUE, &hkey) != ERROR_SUCCESS)
        return dwGain;
    if (RegQueryValueExW(hkey, GAIN_VALUE, NULL, &dwType, (LPBYTE)&dwValue, &cb) == ERROR_SUCCESS &&
        dwType == REG_DWORD && dwValue >= 1 && dwValue <= 16)
        dwGain = dwValue;
    RegCloseKey(hkey);
    return dwGain;
}

static INT_PTR CALLBACK gainDlgProc(HWND hwnd, UINT uMsg, WPARAM wParam, LPARAM lParam)
{
    (void)lParam;
    if (uMsg == WM_COMMAND && (LOWORD(wParam) == IDOK || LOWORD(wParam) == IDCANCEL)) {
        EndDialog(hwnd, LOWORD(wParam));
        return TRUE;
    }
    return uMsg == WM_INITDIALOG;
}

static LRESULT FNLOCAL gainConfigure(PDRIVERINSTANCE pdi, HWND hwnd)
{
    INT_PTR n = DialogBoxParamW(pdi->hinst, MAKEINTRESOURCEW(IDD_GAIN_CONFIG), hwnd, gainDlgProc, (LPARAM)pdi);
    if (n == -1)
        return DRVCNF_CANCEL; /* no dialog template: as the DDK samples answer */
    return n == IDOK ? DRVCNF_OK : DRVCNF_CANCEL;
}

static BOOL FNLOCAL gainIsPcm(LPWAVEFORMATEX pwfx, WORD wBits)
{
    return pwfx->wFormatTag == WAVE_FORMAT_PCM && pwfx->nChannels == 1 && pwfx->wBitsPerSample == wBits &&
           pwfx->nBlockAlign == wBits / 8 && pwfx->nAvgBytesPerSec == pwfx->nSamplesPerSec * pwfx->nBlockAlign;
}

static LRESULT FNLOCAL gainDriverDetails(PDRIVERINSTANCE pdi, LPACMDRIVERDETAILSW padd)
{
    ACMDRIVERDETAILSW add;
    DWORD cbStruct = min(padd->cbStruct, (DWORD)sizeof(ACMDRIVERDETAILSW));
    ZeroMemory(&add, sizeof(add));
    add.cbStruct = sizeof(add);
    add.fccType = ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC;
    add.fccComp = ACMDRIVERDETAILS_FCCCOMP_UNDEFINED;
    add.wMid = 0xFFFF;
    add.wPid = 0x0E01;
    add.vdwACM = 0x03320000L;
    add.vdwDriver = 0x01000000L;
    add.fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC;
    add.cFormatTags = 1;
    LoadStringW(pdi->hinst, IDS_GAIN_SHORTNAME, add.szShortName, ACMDRIVERDETAILS_SHORTNAME_CHARS);
    LoadStringW(pdi->hinst, IDS_GAIN_LONGNAME, add.szLongName, ACMDRIVERDETAILS_LONGNAME_CHARS);
    LoadStringW(pdi->hinst, IDS_GAIN_COPYRIGHT, add.szCopyright, ACMDRIVERDETAILS_COPYRIGHT_CHARS);
    LoadStringW(pdi->hinst, IDS_GAIN_LICENSING, add.szLicensing, ACMDRIVERDETAILS_LICENSING_CHARS);
    LoadStringW(pdi->hinst, IDS_GAIN_FEATURES, add.szFeatures, ACMDRIVERDETAILS_FEATURES_CHARS);
    CopyMemory(padd, &add, cbStruct);
    padd->cbStruct = cbStruct;
    return MMSYSERR_NOERROR;
}

static LRESULT FNLOCAL gainFormatTagDetails(PDRIVERINSTANCE pdi, LPACMFORMATTAGDETAILSW paftd, DWORD fdwDetails)
{
    switch (fdwDetails & ACM_FORMATTAGDETAILSF_QUERYMASK) {
    case ACM_FORMATTAGDETAILSF_INDEX:
        if (paftd->dwFormatTagIndex != 0)
            return ACMERR_NOTPOSSIBLE;
        break;
    case ACM_FORMATTAGDETAILSF_FORMATTAG:
    case ACM_FORMATTAGDETAILSF_LARGESTSIZE:
        if (paftd->dwFormatTag != WAVE_FORMAT_PCM && paftd->dwFormatTag != WAVE_FORMAT_UNKNOWN)
            return ACMERR_NOTPOSSIBLE;
        break;
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
    paftd->dwFormatTagIndex = 0;
    paftd->dwFormatTag = WAVE_FORMAT_PCM;
    paftd->cbFormatSize = sizeof(PCMWAVEFORMAT);
    paftd->fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC;
    paftd->cStandardFormats = 0;
    LoadStringW(pdi->hinst, IDS_GAIN_FORMATTAG_PCM, paftd->szFormatTag, ACMFORMATTAGDETAILS_FORMATTAG_CHARS);
    return MMSYSERR_NOERROR;
}

static LRESULT FNLOCAL gainStreamOpen(PDRIVERINSTANCE pdi, LPACMDRVSTREAMINSTANCE padsi)
{
    PDWORD pdwGain;
    if (padsi->pwfltr || !gainIsPcm(padsi->pwfxSrc, 16) || !gainIsPcm(padsi->pwfxDst, 8) ||
        padsi->pwfxSrc->nSamplesPerSec != padsi->pwfxDst->nSamplesPerSec)
        return ACMERR_NOTPOSSIBLE;
    if (padsi->fdwOpen & ACM_STREAMOPENF_QUERY)
        return MMSYSERR_NOERROR;
    pdwGain = (PDWORD)LocalAlloc(LPTR, sizeof(DWORD));
    if (pdwGain == NULL)
        return MMSYSERR_NOMEM;
    *pdwGain = pdi->dwGain;
    padsi->dwDriver = (DWORD_PTR)pdwGain;
    return MMSYSERR_NOERROR;
}

static LRESULT FNLOCAL gainStreamSize(LPACMDRVSTREAMSIZE padss)
{
    if ((padss->fdwSize & ACM_STREAMSIZEF_QUERYMASK) == ACM_STREAMSIZEF_SOURCE)
        padss->cbDstLength = padss->cbSrcLength / 2;
    else
        padss->cbSrcLength = padss->cbDstLength * 2;
    return MMSYSERR_NOERROR;
}

static LRESULT FNLOCAL gainStreamConvert(LPACMDRVSTREAMINSTANCE padsi, LPACMDRVSTREAMHEADER padsh)
{
    const short UNALIGNED *ps = (const short UNALIGNED *)padsh->pbSrc;
    BYTE UNALIGNED *pb = padsh->pbDst;
    DWORD dwGain = *(PDWORD)padsi->dwDriver;
    DWORD cSamples = min(padsh->cbSrcLength / 2, padsh->cbDstLength);
    DWORD i;
    for (i = 0; i < cSamples; i++) {
        LONG l = ((LONG)ps[i] * (LONG)dwGain) >> 8;
        l = max(-128L, min(127L, l));
        pb[i] = (BYTE)(l + 128);
    }
    padsh->cbSrcLengthUsed = cSamples * 2;
    padsh->cbDstLengthUsed = cSamples;
    return MMSYSERR_NOERROR;
}

LRESULT CALLBACK DriverProc(DWORD_PTR dwId, HDRVR hdrvr, UINT uMsg, LPARAM lParam1, LPARAM lParam2)
{
    PDRIVERINSTANCE pdi = (PDRIVERINSTANCE)dwId;
    switch (uMsg) {
    case DRV_LOAD:
    case DRV_FREE:
    case DRV_ENABLE:
    case DRV_DISABLE:
        return 1L;
    case DRV_OPEN: {
        LPACMDRVOPENDESCW paod = (LPACMDRVOPENDESCW)lParam2;
        if (paod != NULL && paod->fccType != ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC)
            return 0L;
        pdi = (PDRIVERINSTANCE)LocalAlloc(LPTR, sizeof(DRIVERINSTANCE));
        if (pdi == NULL) {
            if (paod != NULL)
                paod->dwError = MMSYSERR_NOMEM;
            return 0L;
        }
        pdi->hdrvr = hdrvr;
        pdi->hinst = GetDriverModuleHandle(hdrvr);
        pdi->dwGain = gainReadRegistry();
        if (paod != NULL)
            paod->dwError = MMSYSERR_NOERROR;
        return (LRESULT)pdi;
    }
    case DRV_CLOSE:
        if (pdi != NULL)
            LocalFree((HLOCAL)pdi);
        return 1L;
    case DRV_QUERYCONFIGURE:
        return 1L;
    case DRV_CONFIGURE:
        return gainConfigure(pdi, (HWND)lParam1);
    case ACMDM_DRIVER_DETAILS:
        return gainDriverDetails(pdi, (LPACMDRIVERDETAILSW)lParam1);
    case ACMDM_FORMATTAG_DETAILS:
        return gainFormatTagDetails(pdi, (LPACMFORMATTAGDETAILSW)lParam1, (DWORD)lParam2);
    case ACMDM_STREAM_OPEN:
        return gainStreamOpen(pdi, (LPACMDRVSTREAMINSTANCE)lParam1);
    case ACMDM_STREAM_CLOSE: {
        LPACMDRVSTREAMINSTANCE padsi = (LPACMDRVSTREAMINSTANCE)lParam1;
        if (padsi->dwDriver)
            LocalFree((HLOCAL)padsi->dwDriver);
        return MMSYSERR_NOERROR;
    }
    case ACMDM_STREAM_SIZE:
        return gainStreamSize((LPACMDRVSTREAMSIZE)lParam2);
    case ACMDM_STREAM_CONVERT:
        return gainStreamConvert((LPACMDRVSTREAMINSTANCE)lParam1, (LPACMDRVSTREAMHEADER)lParam2);
    }
    if (uMsg >= ACMDM_USER)
        return MMSYSERR_NOTSUPPORTED;
    return DefDriverProc(dwId, hdrvr, uMsg, lParam1, lParam2);
}
