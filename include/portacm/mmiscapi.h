/*
 * mmiscapi.h - installable drivers and multimedia file I/O (mmio).
 *
 * Installable drivers: a driver is a DriverProc callback that answers DRV_* messages. It lives
 * in a shared object that exports `DriverProc` (named in a drivers file, see docs/drivers.md)
 * or is registered in-process. OpenDriver sends DRV_LOAD and DRV_ENABLE to the first instance
 * of a module, then one DRV_OPEN per instance; CloseDriver sends DRV_CLOSE, and for the last
 * instance of the module DRV_DISABLE and DRV_FREE before unloading it.
 *
 * Every structure here is byte-packed, as in Windows' mmsystem.h.
 */
#ifndef PORTACM_MMISCAPI_H
#define PORTACM_MMISCAPI_H

#include "mmsystem.h"

PORTACM_EXTERN_C_BEGIN

#pragma pack(push, 1)

/* ======================================================================================== */
/* Installable drivers                                                                       */
/* ======================================================================================== */

typedef LRESULT(CALLBACK *DRIVERPROC)(DWORD_PTR dwDriverId, HDRVR hdrvr, UINT uMsg, LPARAM lParam1, LPARAM lParam2);

#define DRV_LOAD 0x0001
#define DRV_ENABLE 0x0002
#define DRV_OPEN 0x0003
#define DRV_CLOSE 0x0004
#define DRV_DISABLE 0x0005
#define DRV_FREE 0x0006
#define DRV_CONFIGURE 0x0007
#define DRV_QUERYCONFIGURE 0x0008
#define DRV_INSTALL 0x0009
#define DRV_REMOVE 0x000A
#define DRV_EXITSESSION 0x000B
#define DRV_EXITAPPLICATION 0x000C
#define DRV_POWER 0x000F
#define DRV_RESERVED 0x0800
#define DRV_USER 0x4000

/* DRV_CONFIGURE / DRV_INSTALL / DRV_REMOVE results. */
#define DRVCNF_CANCEL 0x0000
#define DRVCNF_OK 0x0001
#define DRVCNF_RESTART 0x0002

/* DRV_EXITAPPLICATION lParam1. */
#define DRVEA_NORMALEXIT 0x0001
#define DRVEA_ABNORMALEXIT 0x0002

#define DRV_CANCEL DRVCNF_CANCEL
#define DRV_OK DRVCNF_OK
#define DRV_RESTART DRVCNF_RESTART
#define DRV_MCI_FIRST DRV_RESERVED
#define DRV_MCI_LAST (DRV_RESERVED + 0xFFF)

/* DRV_CONFIGURE / DRV_INSTALL lParam2. */
typedef struct tagDRVCONFIGINFO {
    DWORD dwDCISize;
    LPCWSTR lpszDCISectionName;
    LPCWSTR lpszDCIAliasName;
} DRVCONFIGINFO, *PDRVCONFIGINFO, *LPDRVCONFIGINFO;

typedef struct tagDRVCONFIGINFOEX {
    DWORD dwDCISize;
    LPCWSTR lpszDCISectionName;
    LPCWSTR lpszDCIAliasName;
    DWORD dnDevNode;
} DRVCONFIGINFOEX, *PDRVCONFIGINFOEX, *LPDRVCONFIGINFOEX;

/* Opens an instance of the driver named szDriverName. With szSectionName NULL the name is
 * first tried as a driver file (a registered built-in module name, an absolute path, or a name
 * found in $PORTACM_DRIVER_PATH or the installed drivers folder; never the current directory),
 * then looked up in the [drivers32] section of the drivers file; otherwise it is looked up in
 * [szSectionName]. Section and alias names ignore ASCII case. The first instance of a module
 * gets DRV_LOAD (0 fails the open) and DRV_ENABLE; every instance exactly one DRV_OPEN with
 * lParam1 = the text after the file name in the drivers-file entry (LPCWSTR, NULL when there is
 * none) and lParam2 = lParam2; its non-zero result is the driver ID of every later call, 0 fails
 * the open. Returns NULL on failure (PORTACM_DEBUG=1 prints why on stderr). OpenDriverA takes
 * UTF-8 strings; the driver still receives UTF-16 arguments. */
PORTACM_API HDRVR WINAPI OpenDriver(LPCWSTR szDriverName, LPCWSTR szSectionName, LPARAM lParam2);
PORTACM_API HDRVR WINAPI OpenDriverA(LPCSTR szDriverName, LPCSTR szSectionName, LPARAM lParam2);
/* Sends DRV_CLOSE(lParam1, lParam2); for the module's last instance also DRV_DISABLE and
 * DRV_FREE, then unloads it. Returns FALSE for an invalid or closed handle. */
PORTACM_API LRESULT WINAPI CloseDriver(HDRVR hDriver, LPARAM lParam1, LPARAM lParam2);
/* Calls the driver's DriverProc with its driver ID. Returns 0 for an invalid handle. */
PORTACM_API LRESULT WINAPI SendDriverMessage(HDRVR hDriver, UINT message, LPARAM lParam1, LPARAM lParam2);
/* Default answers: DRV_LOAD, DRV_FREE, DRV_ENABLE, DRV_DISABLE give 1; DRV_INSTALL and
 * DRV_REMOVE give DRVCNF_OK (1); everything else 0, including DRV_OPEN, DRV_CLOSE,
 * DRV_QUERYCONFIGURE (not configurable) and DRV_CONFIGURE. DrvDefDriverProc is the same. */
PORTACM_API LRESULT WINAPI DefDriverProc(DWORD_PTR dwDriverIdentifier, HDRVR hdrvr, UINT uMsg, LPARAM lParam1,
                                         LPARAM lParam2);
PORTACM_API LRESULT WINAPI DrvDefDriverProc(DWORD dwDriverIdentifier, HDRVR hdrvr, UINT uMsg, LPARAM lParam1,
                                            LPARAM lParam2);
/* The module that holds the driver; NULL for an invalid handle. For a shared-object driver it is
 * the dlopen handle (usable with dlsym); for a built-in module an opaque non-NULL value. */
PORTACM_API HMODULE WINAPI GetDriverModuleHandle(HDRVR hDriver);
PORTACM_API HMODULE WINAPI DrvGetModuleHandle(HDRVR hDriver);

/* Notifies a client as the DCB_* type in dwFlags says (see mmddk.h). */
PORTACM_API BOOL WINAPI DriverCallback(DWORD_PTR dwCallback, DWORD dwFlags, HDRVR hDevice, DWORD dwMsg,
                                       DWORD_PTR dwUser, DWORD_PTR dwParam1, DWORD_PTR dwParam2);

/* portacm extension: registers an in-process driver module. Afterwards OpenDriver(u"name", ...)
 * with that module name (ASCII case ignored), or a drivers-file entry whose file is that name,
 * opens it like a driver loaded from a shared object; registered names win over files. Returns
 * MMSYSERR_NOERROR, MMSYSERR_INVALPARAM for a NULL/empty name or NULL proc, MMSYSERR_ALLOCATED
 * if the name is taken, MMSYSERR_NOMEM. */
PORTACM_API MMRESULT portacm_driver_register(LPCSTR szModuleName, DRIVERPROC lpDriverProc);
/* Removes a registration; instances already open keep working until closed. Returns
 * MMSYSERR_NOERROR, MMSYSERR_INVALPARAM for a NULL/empty name, MMSYSERR_NODRIVER if the name is
 * not registered. */
PORTACM_API MMRESULT portacm_driver_unregister(LPCSTR szModuleName);

/* ======================================================================================== */
/* Multimedia file I/O                                                                       */
/* ======================================================================================== */

typedef DWORD FOURCC;
DECLARE_HANDLE(HMMIO);

typedef LRESULT(CALLBACK MMIOPROC)(LPSTR lpmmioinfo, UINT uMsg, LPARAM lParam1, LPARAM lParam2);
typedef MMIOPROC *LPMMIOPROC;

typedef struct _MMIOINFO {
    DWORD dwFlags;
    FOURCC fccIOProc;
    LPMMIOPROC pIOProc;
    UINT wErrorRet;
    HTASK htask;
    LONG cchBuffer;
    HPSTR pchBuffer;
    HPSTR pchNext;
    HPSTR pchEndRead;
    HPSTR pchEndWrite;
    LONG lBufOffset;
    LONG lDiskOffset;
    DWORD adwInfo[3];
    DWORD dwReserved1;
    DWORD dwReserved2;
    HMMIO hmmio;
} MMIOINFO, *PMMIOINFO, *NPMMIOINFO, *LPMMIOINFO;
typedef const MMIOINFO *LPCMMIOINFO;

typedef struct _MMCKINFO {
    FOURCC ckid;
    DWORD cksize;
    FOURCC fccType;
    DWORD dwDataOffset;
    DWORD dwFlags;
} MMCKINFO, *PMMCKINFO, *NPMMCKINFO, *LPMMCKINFO;
typedef const MMCKINFO *LPCMMCKINFO;

#define MMIOERR_BASE 256
#define MMIOERR_FILENOTFOUND (MMIOERR_BASE + 1)
#define MMIOERR_OUTOFMEMORY (MMIOERR_BASE + 2)
#define MMIOERR_CANNOTOPEN (MMIOERR_BASE + 3)
#define MMIOERR_CANNOTCLOSE (MMIOERR_BASE + 4)
#define MMIOERR_CANNOTREAD (MMIOERR_BASE + 5)
#define MMIOERR_CANNOTWRITE (MMIOERR_BASE + 6)
#define MMIOERR_CANNOTSEEK (MMIOERR_BASE + 7)
#define MMIOERR_CANNOTEXPAND (MMIOERR_BASE + 8)
#define MMIOERR_CHUNKNOTFOUND (MMIOERR_BASE + 9)
#define MMIOERR_UNBUFFERED (MMIOERR_BASE + 10)
#define MMIOERR_PATHNOTFOUND (MMIOERR_BASE + 11)
#define MMIOERR_ACCESSDENIED (MMIOERR_BASE + 12)
#define MMIOERR_SHARINGVIOLATION (MMIOERR_BASE + 13)
#define MMIOERR_NETWORKERROR (MMIOERR_BASE + 14)
#define MMIOERR_TOOMANYOPENFILES (MMIOERR_BASE + 15)
#define MMIOERR_INVALIDFILE (MMIOERR_BASE + 16)

#define CFSEPCHAR '+'

#define MMIO_RWMODE 0x00000003
#define MMIO_SHAREMODE 0x00000070
#define MMIO_CREATE 0x00001000
#define MMIO_PARSE 0x00000100
#define MMIO_DELETE 0x00000200
#define MMIO_EXIST 0x00004000
#define MMIO_ALLOCBUF 0x00010000
#define MMIO_GETTEMP 0x00020000
#define MMIO_DIRTY 0x10000000
#define MMIO_READ 0x00000000
#define MMIO_WRITE 0x00000001
#define MMIO_READWRITE 0x00000002
#define MMIO_COMPAT 0x00000000
#define MMIO_EXCLUSIVE 0x00000010
#define MMIO_DENYWRITE 0x00000020
#define MMIO_DENYREAD 0x00000030
#define MMIO_DENYNONE 0x00000040

#define MMIO_FHOPEN 0x0010
#define MMIO_EMPTYBUF 0x0010
#define MMIO_TOUPPER 0x0010
#define MMIO_INSTALLPROC 0x00010000
#define MMIO_GLOBALPROC 0x10000000
#define MMIO_REMOVEPROC 0x00020000
#define MMIO_UNICODEPROC 0x01000000
#define MMIO_FINDPROC 0x00040000
#define MMIO_FINDCHUNK 0x0010
#define MMIO_FINDRIFF 0x0020
#define MMIO_FINDLIST 0x0040
#define MMIO_CREATERIFF 0x0020
#define MMIO_CREATELIST 0x0040

#define MMIOM_READ MMIO_READ
#define MMIOM_WRITE MMIO_WRITE
#define MMIOM_SEEK 2
#define MMIOM_OPEN 3
#define MMIOM_CLOSE 4
#define MMIOM_WRITEFLUSH 5
#define MMIOM_RENAME 6
#define MMIOM_USER 0x8000

#define mmioFOURCC(ch0, ch1, ch2, ch3) \
    ((DWORD)(BYTE)(ch0) | ((DWORD)(BYTE)(ch1) << 8) | ((DWORD)(BYTE)(ch2) << 16) | ((DWORD)(BYTE)(ch3) << 24))
#define FOURCC_RIFF mmioFOURCC('R', 'I', 'F', 'F')
#define FOURCC_LIST mmioFOURCC('L', 'I', 'S', 'T')
#define FOURCC_DOS mmioFOURCC('D', 'O', 'S', ' ')
#define FOURCC_MEM mmioFOURCC('M', 'E', 'M', ' ')

#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif

#define MMIO_DEFAULTBUFFER 8192

PORTACM_API FOURCC WINAPI mmioStringToFOURCCA(LPCSTR sz, UINT uFlags);
PORTACM_API FOURCC WINAPI mmioStringToFOURCCW(LPCWSTR sz, UINT uFlags);
PORTACM_API LPMMIOPROC WINAPI mmioInstallIOProcA(FOURCC fccIOProc, LPMMIOPROC pIOProc, DWORD dwFlags);
PORTACM_API LPMMIOPROC WINAPI mmioInstallIOProcW(FOURCC fccIOProc, LPMMIOPROC pIOProc, DWORD dwFlags);
PORTACM_API HMMIO WINAPI mmioOpenA(LPSTR pszFileName, LPMMIOINFO pmmioinfo, DWORD fdwOpen);
PORTACM_API HMMIO WINAPI mmioOpenW(LPWSTR pszFileName, LPMMIOINFO pmmioinfo, DWORD fdwOpen);
PORTACM_API MMRESULT WINAPI mmioRenameA(LPCSTR pszFileName, LPCSTR pszNewFileName, LPCMMIOINFO pmmioinfo,
                                        DWORD fdwRename);
PORTACM_API MMRESULT WINAPI mmioRenameW(LPCWSTR pszFileName, LPCWSTR pszNewFileName, LPCMMIOINFO pmmioinfo,
                                        DWORD fdwRename);
PORTACM_API MMRESULT WINAPI mmioClose(HMMIO hmmio, UINT fuClose);
PORTACM_API LONG WINAPI mmioRead(HMMIO hmmio, HPSTR pch, LONG cch);
PORTACM_API LONG WINAPI mmioWrite(HMMIO hmmio, const char *pch, LONG cch);
PORTACM_API LONG WINAPI mmioSeek(HMMIO hmmio, LONG lOffset, int iOrigin);
PORTACM_API MMRESULT WINAPI mmioGetInfo(HMMIO hmmio, LPMMIOINFO pmmioinfo, UINT fuInfo);
PORTACM_API MMRESULT WINAPI mmioSetInfo(HMMIO hmmio, LPCMMIOINFO pmmioinfo, UINT fuInfo);
PORTACM_API MMRESULT WINAPI mmioSetBuffer(HMMIO hmmio, LPSTR pchBuffer, LONG cchBuffer, UINT fuBuffer);
PORTACM_API MMRESULT WINAPI mmioFlush(HMMIO hmmio, UINT fuFlush);
PORTACM_API MMRESULT WINAPI mmioAdvance(HMMIO hmmio, LPMMIOINFO pmmioinfo, UINT fuAdvance);
PORTACM_API LRESULT WINAPI mmioSendMessage(HMMIO hmmio, UINT uMsg, LPARAM lParam1, LPARAM lParam2);
PORTACM_API MMRESULT WINAPI mmioDescend(HMMIO hmmio, LPMMCKINFO pmmcki, const MMCKINFO *pmmckiParent, UINT fuDescend);
PORTACM_API MMRESULT WINAPI mmioAscend(HMMIO hmmio, LPMMCKINFO pmmcki, UINT fuAscend);
PORTACM_API MMRESULT WINAPI mmioCreateChunk(HMMIO hmmio, LPMMCKINFO pmmcki, UINT fuCreate);

/* ---- portacm extension: 64-bit positions and truncated chunks (not in Windows) ----------
 * The LONG offsets of the Windows API cannot address more than 2 GiB. These work on any
 * HMMIO (all I/O procedures; the built-in DOS procedure handles 64-bit offsets) and keep the
 * buffer state exactly as mmioSeek does; see docs/mmio.md.
 *
 * portacm_mmio_seek64: like mmioSeek (SEEK_SET, SEEK_CUR, or SEEK_END, where, as in mmioSeek
 * on Windows, the new position is the end MINUS `offset`), but 64-bit. Returns the new
 * position, or -1 for a bad handle, origin or resulting position (the position is then
 * unchanged). mmioSeek itself returns -1 and does not move when the target exceeds 0x7FFFFFFF.
 * portacm_mmio_size64: the size of the file in bytes (a dirty buffer's unwritten data counts),
 * or -1 for a bad handle or when the I/O procedure cannot tell. */
PORTACM_API int64_t portacm_mmio_seek64(HMMIO hmmio, int64_t offset, int origin);
PORTACM_API int64_t portacm_mmio_size64(HMMIO hmmio);
/* mmioDescend flag: accept a chunk whose declared size runs past the end of the file (a
 * recording that was cut short); without it such a chunk gives MMIOERR_CHUNKNOTFOUND. A chunk
 * running past its parent is refused either way. */
#define PORTACM_MMIO_DESCEND_TRUNCATED 0x00010000

#ifdef UNICODE
#define mmioStringToFOURCC mmioStringToFOURCCW
#define mmioInstallIOProc mmioInstallIOProcW
#define mmioOpen mmioOpenW
#define mmioRename mmioRenameW
#else
#define mmioStringToFOURCC mmioStringToFOURCCA
#define mmioInstallIOProc mmioInstallIOProcA
#define mmioOpen mmioOpenA
#define mmioRename mmioRenameA
#endif

#pragma pack(pop)

PORTACM_EXTERN_C_END

#endif /* PORTACM_MMISCAPI_H */
