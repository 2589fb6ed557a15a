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

/* OpenDriver - opens an instance of an installable driver.
 *   szDriverName   [in]  a driver file or an alias (UTF-16). With szSectionName NULL it is first
 *                        tried as a file (a name registered with portacm_driver_register, an
 *                        absolute path, or a name found in $PORTACM_DRIVER_PATH or the installed
 *                        drivers folder; never the current directory), then as an alias of the
 *                        [drivers32] section of the drivers file.
 *   szSectionName  [in]  NULL, or the drivers-file section the alias is looked up in. Section and
 *                        alias names ignore ASCII case.
 *   lParam2        [in]  passed as DRV_OPEN's lParam2.
 * Returns the driver handle (HDRVR), or NULL when: a name is NULL, empty or not convertible; no
 * file or alias matches; the drivers file is refused (group/world-writable or another owner);
 * dlopen or the DriverProc lookup fails; the module's first DRV_LOAD returns 0; DRV_OPEN returns 0;
 * memory runs out. PORTACM_DEBUG=1 prints which on stderr. No MMRESULT and no last error is set.
 * The first instance of a module gets DRV_LOAD then DRV_ENABLE (its result is ignored); every
 * instance exactly one DRV_OPEN with lParam1 = the text after the file name in the drivers-file
 * entry (LPCWSTR, NULL when none, valid during the call) and lParam2; DRV_OPEN's non-zero result
 * is the driver ID passed to every later message. Close the handle with CloseDriver.
 * Thread-safe; a module being loaded by another thread is waited for.
 * OpenDriverA is the same with UTF-8 strings; the driver still receives UTF-16 arguments.
 * portacm differs from Windows: drivers are ELF shared objects exporting DriverProc; a drivers
 * file replaces the registry and system.ini; DRV_LOAD's hdrvr is the instance being opened.
 */
PORTACM_API HDRVR WINAPI OpenDriver(LPCWSTR szDriverName, LPCWSTR szSectionName, LPARAM lParam2);
PORTACM_API HDRVR WINAPI OpenDriverA(LPCSTR szDriverName, LPCSTR szSectionName, LPARAM lParam2);
/* CloseDriver - closes a driver instance.
 *   hDriver  [in]  from OpenDriver; invalid after the call.
 *   lParam1  [in]  passed as DRV_CLOSE's lParam1;
 *   lParam2  [in]  and lParam2.
 * Returns TRUE once the instance is closed (whatever DRV_CLOSE answers, as on Windows); FALSE for a
 * NULL, forged, closed or already-closing handle, or one still inside its DRV_OPEN. After the
 * module's last instance, DRV_DISABLE and DRV_FREE are sent and the shared object is unloaded.
 * The handle stays valid for the driver during DRV_CLOSE, DRV_DISABLE and DRV_FREE.
 */
PORTACM_API LRESULT WINAPI CloseDriver(HDRVR hDriver, LPARAM lParam1, LPARAM lParam2);
/* SendDriverMessage - calls the driver's DriverProc(driver ID, hDriver, message, lParam1, lParam2).
 *   hDriver   [in]  an open driver handle.
 *   message   [in]  any message; lParam1/lParam2 are passed unchanged (the caller owns them).
 * Returns the DriverProc's answer, or 0 for an invalid handle. The instance stays alive during the
 * call even if another thread closes it.
 */
PORTACM_API LRESULT WINAPI SendDriverMessage(HDRVR hDriver, UINT message, LPARAM lParam1, LPARAM lParam2);
/* DefDriverProc - the default answers for messages a DriverProc does not handle.
 *   dwDriverIdentifier, hdrvr, lParam1, lParam2  [in]  not used.
 *   uMsg  [in]  the message.
 * Returns 1 for DRV_LOAD, DRV_FREE, DRV_ENABLE and DRV_DISABLE; DRVCNF_OK (1) for DRV_INSTALL and
 * DRV_REMOVE; 0 for everything else, DRV_OPEN, DRV_CLOSE, DRV_QUERYCONFIGURE (not configurable)
 * and DRV_CONFIGURE included. Never fails; thread-safe.
 * DrvDefDriverProc is the same with a 32-bit driver identifier.
 */
PORTACM_API LRESULT WINAPI DefDriverProc(DWORD_PTR dwDriverIdentifier, HDRVR hdrvr, UINT uMsg, LPARAM lParam1,
                                         LPARAM lParam2);
PORTACM_API LRESULT WINAPI DrvDefDriverProc(DWORD dwDriverIdentifier, HDRVR hdrvr, UINT uMsg, LPARAM lParam1,
                                            LPARAM lParam2);
/* GetDriverModuleHandle - the module that holds an open driver.
 *   hDriver  [in]  an open driver handle.
 * Returns the dlopen handle of a shared-object driver (usable with dlsym; owned by the driver
 * runtime: do not dlclose it), an opaque non-NULL value for a registered in-process module, or NULL
 * for an invalid handle. Valid while the instance is open.
 * DrvGetModuleHandle is the same.
 */
PORTACM_API HMODULE WINAPI GetDriverModuleHandle(HDRVR hDriver);
PORTACM_API HMODULE WINAPI DrvGetModuleHandle(HDRVR hDriver);

/* DriverCallback - notifies a driver's client as the DCB_* type in dwFlags says.
 *   dwCallback  [in]  the target: a DRVCALLBACK function, a window, a thread ID or an event handle.
 *   dwFlags     [in]  dwFlags & DCB_TYPEMASK is the type (DCB_FUNCTION, _WINDOW, _TASK, _EVENT);
 *                     DCB_NOSWITCH and the other bits are ignored.
 *   hDevice     [in]  the device handle the client sees (an HACMSTREAM for ACM streams).
 *   dwMsg       [in]  the message (MM_ACM_OPEN, ...).
 *   dwUser      [in]  the client's instance data (FUNCTION only).
 *   dwParam1, dwParam2  [in]  message parameters; WINDOW and TASK carry only dwParam1.
 * Returns:
 *   FALSE  dwCallback 0; DCB_NULL; the undefined types 4, 6 and 7;
 *   FUNCTION: TRUE after dwCallback(hDevice, dwMsg, dwUser, dwParam1, dwParam2) ran, synchronously
 *             on the calling thread;
 *   WINDOW:   PostMessage(window, dwMsg, hDevice, dwParam1)'s result (FALSE for a destroyed window
 *             or a full queue);
 *   TASK:     PostThreadMessage(thread, dwMsg, hDevice, dwParam1)'s result (FALSE when the thread
 *             has exited or has no queue);
 *   EVENT:    SetEvent's result.
 * Never blocks; callable from any thread (it does not create a queue for the caller).
 */
PORTACM_API BOOL WINAPI DriverCallback(DWORD_PTR dwCallback, DWORD dwFlags, HDRVR hDevice, DWORD dwMsg,
                                       DWORD_PTR dwUser, DWORD_PTR dwParam1, DWORD_PTR dwParam2);

/* portacm_driver_register - portacm extension (no Windows counterpart): registers an in-process
 * driver module under a name.
 *   szModuleName  [in]  the name (ASCII case ignored); copied.
 *   lpDriverProc  [in]  the module's DriverProc; must stay callable until unregistered and every
 *                       instance opened from it is closed.
 * Afterwards OpenDriver(name, ...) or a drivers-file entry whose file is that name opens it like a
 * driver loaded from a shared object; registered names win over files.
 * Returns, in check order:
 *   MMSYSERR_INVALPARAM  szModuleName NULL or empty, or lpDriverProc NULL;
 *   MMSYSERR_NOMEM;
 *   MMSYSERR_ALLOCATED   the name is registered already;
 *   MMSYSERR_NOERROR.
 * Thread-safe.
 */
PORTACM_API MMRESULT portacm_driver_register(LPCSTR szModuleName, DRIVERPROC lpDriverProc);
/* portacm_driver_unregister - portacm extension: removes a registration made with
 * portacm_driver_register. Instances already open keep working until closed.
 *   szModuleName  [in]  the registered name (ASCII case ignored).
 * Returns MMSYSERR_INVALPARAM for a NULL or empty name, MMSYSERR_NODRIVER if the name is not
 * registered, MMSYSERR_NOERROR. Thread-safe.
 */
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

/* mmioStringToFOURCCA - packs the first four characters of sz into a FOURCC.
 *   sz      [in]  a NUL-terminated string; only up to 4 characters are read. No '+' parsing.
 *   uFlags  [in]  MMIO_TOUPPER upper-cases ASCII letters; other bits are ignored.
 * Returns the code, padded with spaces when sz is shorter; 0 when sz is NULL.
 * mmioStringToFOURCCW is the same with a UTF-16 string.
 * portacm differs from Windows: the W version turns non-ASCII characters into '?' (Windows uses the
 * ANSI code page); MMIO_TOUPPER changes ASCII letters only.
 */
PORTACM_API FOURCC WINAPI mmioStringToFOURCCA(LPCSTR sz, UINT uFlags);
PORTACM_API FOURCC WINAPI mmioStringToFOURCCW(LPCWSTR sz, UINT uFlags);
/* mmioInstallIOProcA - installs, removes or finds the I/O procedure for a FOURCC.
 *   fccIOProc  [in]  the code ("DOS " and "MEM " are the built-ins).
 *   pIOProc    [in]  the procedure to install; for MMIO_REMOVEPROC, NULL or the one to remove.
 *   dwFlags    [in]  exactly one of MMIO_INSTALLPROC, MMIO_REMOVEPROC, MMIO_FINDPROC; with
 *                    MMIO_GLOBALPROC an installation is visible to every thread (otherwise to the
 *                    installing thread only); MMIO_UNICODEPROC: the procedure gets UTF-16 names.
 * Returns INSTALLPROC: pIOProc, or NULL for a NULL pIOProc, fcc 0 or no memory; REMOVEPROC: the
 * procedure removed (the newest visible one for the code), or NULL; FINDPROC: the procedure
 * mmioOpen would use (the calling thread's newest, then global ones, then the built-ins), or NULL;
 * NULL for any other flag combination. Built-ins can be overridden, not removed. An open HMMIO
 * keeps its procedure. Thread-safe.
 * mmioInstallIOProcW is the same, and its procedures get UTF-16 names in MMIOM_OPEN/MMIOM_RENAME.
 */
PORTACM_API LPMMIOPROC WINAPI mmioInstallIOProcA(FOURCC fccIOProc, LPMMIOPROC pIOProc, DWORD dwFlags);
PORTACM_API LPMMIOPROC WINAPI mmioInstallIOProcW(FOURCC fccIOProc, LPMMIOPROC pIOProc, DWORD dwFlags);
/* mmioOpenA - opens a file for buffered or unbuffered I/O, or performs one of the name requests.
 *   pszFileName  [in,out] a UTF-8 name; "file.ext+element" selects the I/O procedure installed for
 *                         "EXT " (the extension before the last '+'). NULL with fccIOProc
 *                         FOURCC_DOS: adwInfo[0] is an open file descriptor; with FOURCC_MEM: the
 *                         memory file is pchBuffer/cchBuffer. A plain name (no '/' or '\')
 *                         opened without MMIO_CREATE is looked for beside the running program
 *                         first, then in the current folder (Windows' OpenFile order).
 *                         Written, on success only, by MMIO_PARSE (the absolute path) and
 *                         MMIO_GETTEMP (the new file's name): the buffer must then hold 128
 *                         characters; a longer result gives MMIOERR_OUTOFMEMORY.
 *   pmmioinfo    [in,out] NULL, or: fccIOProc/pIOProc (the procedure), pchBuffer/cchBuffer (the
 *                         caller's buffer, or the size to allocate), adwInfo (procedure data; the
 *                         memory file's growth step). Zero the unused fields. wErrorRet receives
 *                         the error on failure (0 on success).
 *   fdwOpen      [in]  MMIO_READ / WRITE / READWRITE, MMIO_CREATE, one share mode, MMIO_ALLOCBUF,
 *                      or one of the requests that open nothing: MMIO_GETTEMP, MMIO_PARSE,
 *                      MMIO_DELETE, MMIO_EXIST (in that precedence).
 * Returns the handle, or NULL with the error in pmmioinfo->wErrorRet: MMIOERR_FILENOTFOUND (no file;
 * no procedure for the '+' extension), MMIOERR_PATHNOTFOUND, MMIOERR_ACCESSDENIED (permission,
 * read-only file system, a directory), MMIOERR_TOOMANYOPENFILES, MMIOERR_SHARINGVIOLATION,
 * MMIOERR_OUTOFMEMORY, MMIOERR_INVALIDFILE (access mode 3, any other failure), or a custom
 * procedure's MMIOM_OPEN answer. PARSE, DELETE and EXIST return (HMMIO)TRUE on success;
 * GETTEMP returns the error code cast to HMMIO: NULL (MMSYSERR_NOERROR) on success.
 * The handle is checked, has its own lock and may be shared between threads. Close it with
 * mmioClose.
 * mmioOpenW is the same with a UTF-16 name (PARSE and GETTEMP write UTF-16).
 * portacm differs from Windows: share modes are advisory flock() locks between mmio users; the
 * GETTEMP name is dir/PXXXXXX.tmp; a FOURCC_DOS descriptor is a POSIX fd, not an HFILE; the
 * open search skips the system folders and PATH, and MMIO_EXIST/MMIO_DELETE do not search; the
 * 128-character limit of PARSE/GETTEMP counts UTF-8 bytes, also for mmioOpenW.
 */
PORTACM_API HMMIO WINAPI mmioOpenA(LPSTR pszFileName, LPMMIOINFO pmmioinfo, DWORD fdwOpen);
PORTACM_API HMMIO WINAPI mmioOpenW(LPWSTR pszFileName, LPMMIOINFO pmmioinfo, DWORD fdwOpen);
/* mmioRenameA - renames a file through the I/O procedure mmioOpen would choose for the name.
 *   pszFileName, pszNewFileName  [in]  UTF-8 names.
 *   pmmioinfo  [in]  NULL, or fccIOProc/pIOProc naming the procedure.
 *   fdwRename  [in]  passed to the procedure; unused by the DOS procedure.
 * Returns MMSYSERR_INVALPARAM for a NULL name; otherwise the procedure's MMIOM_RENAME answer; the
 * DOS procedure: MMIOERR_FILENOTFOUND (no source), MMIOERR_ACCESSDENIED (the target exists: it is
 * never replaced), MMSYSERR_NOERROR.
 * mmioRenameW is the same with UTF-16 names (MMSYSERR_NOMEM if they cannot be converted).
 */
PORTACM_API MMRESULT WINAPI mmioRenameA(LPCSTR pszFileName, LPCSTR pszNewFileName, LPCMMIOINFO pmmioinfo,
                                        DWORD fdwRename);
PORTACM_API MMRESULT WINAPI mmioRenameW(LPCWSTR pszFileName, LPCWSTR pszNewFileName, LPCMMIOINFO pmmioinfo,
                                        DWORD fdwRename);
/* mmioClose - writes a dirty buffer and closes the file.
 *   hmmio    [in]  the handle; invalid afterwards, even when an error is returned.
 *   fuClose  [in]  MMIO_FHOPEN leaves a FOURCC_DOS descriptor the caller passed open; passed to the
 *                  procedure as MMIOM_CLOSE's lParam1.
 * Returns MMSYSERR_INVALHANDLE for an invalid handle; the flush error (MMIOERR_CANNOTWRITE) if the
 * buffer could not be written (the file is closed anyway); otherwise MMIOM_CLOSE's answer
 * (MMSYSERR_NOERROR, or MMIOERR_CANNOTCLOSE).
 */
PORTACM_API MMRESULT WINAPI mmioClose(HMMIO hmmio, UINT fuClose);
/* mmioRead - reads up to cch bytes at the current position.
 *   hmmio  [in]  the handle.
 *   pch    [out] a buffer of at least cch bytes; never written past cch.
 *   cch    [in]  0 or more.
 * Returns the number of bytes read (0 at the end of the file), or -1 for an invalid handle, pch NULL
 * with cch > 0, a negative cch, or a read error. A truncated chunk (PORTACM_MMIO_DESCEND_TRUNCATED)
 * simply ends at the end of the file.
 */
PORTACM_API LONG WINAPI mmioRead(HMMIO hmmio, HPSTR pch, LONG cch);
/* mmioWrite - writes cch bytes at the current position.
 *   hmmio  [in]  the handle, opened for writing.
 *   pch    [in]  cch bytes.
 *   cch    [in]  0 or more.
 * Returns the number of bytes written, or -1 for an invalid handle, pch NULL with cch > 0, a
 * negative cch, or a write error. A memory file without a growth step takes what fits (-1 if
 * nothing does).
 */
PORTACM_API LONG WINAPI mmioWrite(HMMIO hmmio, const char *pch, LONG cch);
/* mmioSeek - moves the current position.
 *   hmmio    [in]  the handle.
 *   lOffset  [in]  SEEK_SET: from the start; SEEK_CUR: from the current position; SEEK_END: the new
 *                  position is the end MINUS lOffset (Windows' behaviour, observed; Microsoft's
 *                  example -10 lands 10 bytes past the end).
 *   iOrigin  [in]  SEEK_SET, SEEK_CUR or SEEK_END.
 * Returns the new position, or -1 (the position unchanged) for an invalid handle or origin, a
 * negative target or one above 0x7FFFFFFF (use portacm_mmio_seek64). Seeking past the end is
 * allowed (not for memory files beyond their block). A seek inside the buffered bytes moves
 * pchNext only; elsewhere a dirty buffer is written first.
 */
PORTACM_API LONG WINAPI mmioSeek(HMMIO hmmio, LONG lOffset, int iOrigin);
/* mmioGetInfo - copies the file's MMIOINFO, for direct buffer access.
 *   hmmio      [in]  the handle.
 *   pmmioinfo  [out] receives the whole structure (pchBuffer, pchNext, pchEndRead, pchEndWrite,
 *                    lBufOffset, lDiskOffset, dwFlags with MMIO_DIRTY when the buffer holds
 *                    unwritten data); not written on failure.
 *   fuInfo     [in]  ignored.
 * Returns MMSYSERR_INVALHANDLE, MMSYSERR_INVALPARAM (pmmioinfo NULL), or MMSYSERR_NOERROR.
 */
PORTACM_API MMRESULT WINAPI mmioGetInfo(HMMIO hmmio, LPMMIOINFO pmmioinfo, UINT fuInfo);
/* mmioSetInfo - ends direct buffer access: takes back pchNext and MMIO_DIRTY (only those) from a
 * structure filled by mmioGetInfo or mmioAdvance.
 *   hmmio      [in]  the handle.
 *   pmmioinfo  [in]  the caller's copy; pchNext must lie inside [pchBuffer, pchBuffer + cchBuffer].
 *   fuInfo     [in]  ignored.
 * Returns MMSYSERR_INVALHANDLE; MMSYSERR_INVALPARAM for a NULL pmmioinfo or a pchNext outside the
 * buffer (nothing is taken); MMSYSERR_NOERROR. Bytes written up to pchNext become valid data.
 */
PORTACM_API MMRESULT WINAPI mmioSetInfo(HMMIO hmmio, LPCMMIOINFO pmmioinfo, UINT fuInfo);
/* mmioSetBuffer - turns buffering on or off, or replaces the buffer.
 *   hmmio      [in]  the handle.
 *   pchBuffer  [in]  the caller's buffer of cchBuffer bytes (it must outlive its use by the HMMIO),
 *                    or NULL: mmio allocates (cchBuffer > 0) or unbuffers (cchBuffer 0).
 *   cchBuffer  [in]  the size, 0 or more.
 *   fuBuffer   [in]  ignored (as on Windows).
 * Returns, in check order: MMSYSERR_INVALHANDLE; MMSYSERR_INVALPARAM (cchBuffer negative);
 * MMIOERR_CANNOTWRITE (the old buffer could not be written; nothing changed); MMIOERR_OUTOFMEMORY
 * (the old buffer is kept); MMSYSERR_NOERROR: buffering resumes at the current position with an
 * empty buffer. On a memory file the new block replaces the content.
 */
PORTACM_API MMRESULT WINAPI mmioSetBuffer(HMMIO hmmio, LPSTR pchBuffer, LONG cchBuffer, UINT fuBuffer);
/* mmioFlush - writes a dirty buffer to the file (MMIOM_WRITEFLUSH).
 *   hmmio    [in]  the handle.
 *   fuFlush  [in]  0, or MMIO_EMPTYBUF: also empty the buffer (the position is kept).
 * Returns MMSYSERR_INVALHANDLE, MMIOERR_CANNOTWRITE, or MMSYSERR_NOERROR (also when unbuffered).
 */
PORTACM_API MMRESULT WINAPI mmioFlush(HMMIO hmmio, UINT fuFlush);
/* mmioAdvance - moves the buffer on during direct access: writes it if dirty, then refills it from
 * the current position (MMIO_READ) or empties it for writing (MMIO_WRITE).
 *   hmmio      [in]  the handle.
 *   pmmioinfo  [in,out] NULL, or the structure from mmioGetInfo: pchNext and MMIO_DIRTY are taken
 *                       from it first; on success its buffer fields, offsets and dwFlags are
 *                       updated.
 *   fuAdvance  [in]  MMIO_READ or MMIO_WRITE.
 * Returns, in check order: MMSYSERR_INVALHANDLE; MMIOERR_UNBUFFERED; MMSYSERR_INVALPARAM (another
 * fuAdvance, or pchNext outside the buffer); MMIOERR_CANNOTEXPAND / MMIOERR_OUTOFMEMORY (a full
 * memory file that cannot grow); MMIOERR_CANNOTWRITE; MMIOERR_CANNOTREAD; MMSYSERR_NOERROR (at
 * the end of the file with pchNext == pchEndRead).
 */
PORTACM_API MMRESULT WINAPI mmioAdvance(HMMIO hmmio, LPMMIOINFO pmmioinfo, UINT fuAdvance);
/* mmioSendMessage - sends a message to the file's I/O procedure.
 *   hmmio  [in]  the handle.
 *   uMsg   [in]  the message (Microsoft says MMIOM_USER and above; standard messages pass too).
 *   lParam1, lParam2  [in]  passed unchanged.
 * Returns the procedure's answer, or MMSYSERR_INVALHANDLE for an invalid handle.
 * portacm differs from Windows: where Windows' handling of standard messages is unknown, they are
 * passed on; sending MMIOM_READ/WRITE/SEEK bypasses the buffer.
 */
PORTACM_API LRESULT WINAPI mmioSendMessage(HMMIO hmmio, UINT uMsg, LPARAM lParam1, LPARAM lParam2);
/* mmioDescend - finds a RIFF chunk from the current position and enters it.
 *   hmmio         [in]  the handle.
 *   pmmcki        [in,out] reads ckid (MMIO_FINDCHUNK) or fccType (MMIO_FINDRIFF / MMIO_FINDLIST;
 *                          0 matches any); on success receives ckid, cksize, fccType (RIFF/LIST),
 *                          dwDataOffset and dwFlags 0. After a failed search it holds the last
 *                          header read (as on Windows).
 *   pmmckiParent  [in]  NULL, or the enclosing chunk: the search stays inside it.
 *   fuDescend     [in]  0 (the chunk at the current position), MMIO_FINDCHUNK, MMIO_FINDRIFF or
 *                       MMIO_FINDLIST; | PORTACM_MMIO_DESCEND_TRUNCATED (portacm.h).
 * Returns MMSYSERR_INVALHANDLE; MMSYSERR_INVALPARAM (pmmcki NULL); MMIOERR_CHUNKNOTFOUND (no
 * match before the end of the parent or the file; the position is restored); MMSYSERR_NOERROR with
 * the position at the chunk's data (after the form type of RIFF/LIST).
 * A matching chunk whose size runs past its parent, a RIFF/LIST chunk smaller than its form type,
 * or a data offset beyond 4 GiB is refused (CHUNKNOTFOUND); one running past the end of the file
 * too, unless PORTACM_MMIO_DESCEND_TRUNCATED is given. Sizes are computed in 64 bits.
 */
PORTACM_API MMRESULT WINAPI mmioDescend(HMMIO hmmio, LPMMCKINFO pmmcki, const MMCKINFO *pmmckiParent, UINT fuDescend);
/* mmioAscend - leaves a chunk entered with mmioDescend or made with mmioCreateChunk.
 *   hmmio     [in]  the handle.
 *   pmmcki    [in,out] the chunk. With MMIO_DIRTY (from mmioCreateChunk) the current position is the
 *                      end of its data: the size is fixed up in the file and in cksize, an odd
 *                      size gets a zero pad byte, and MMIO_DIRTY is cleared.
 *   fuAscend  [in]  ignored.
 * Returns MMSYSERR_INVALHANDLE; MMSYSERR_INVALPARAM (pmmcki NULL); MMIOERR_CANNOTWRITE;
 * MMIOERR_CANNOTSEEK (e.g. past the end of a memory file); MMSYSERR_NOERROR with the position after
 * the chunk and its pad byte.
 */
PORTACM_API MMRESULT WINAPI mmioAscend(HMMIO hmmio, LPMMCKINFO pmmcki, UINT fuAscend);
/* mmioCreateChunk - writes a chunk header at the current position and enters the chunk.
 *   hmmio     [in]  the handle, open for writing.
 *   pmmcki    [in,out] ckid, cksize (may be 0: mmioAscend fixes it) and fccType for RIFF/LIST; on
 *                      success dwDataOffset is set and dwFlags = MMIO_DIRTY.
 *   fuCreate  [in]  0, MMIO_CREATERIFF or MMIO_CREATELIST (sets ckid).
 * Returns MMSYSERR_INVALHANDLE; MMSYSERR_INVALPARAM (pmmcki NULL); MMIOERR_CANNOTSEEK;
 * MMIOERR_CANNOTWRITE; MMSYSERR_NOERROR. Headers are little-endian on every host.
 */
PORTACM_API MMRESULT WINAPI mmioCreateChunk(HMMIO hmmio, LPMMCKINFO pmmcki, UINT fuCreate);

/* ---- portacm extensions (listed in portacm.h; declared here because they take an HMMIO) ---- */

/* portacm_mmio_seek64 - portacm extension (no Windows counterpart): mmioSeek with 64-bit offsets, for
 * files beyond 2 GiB. Works on any HMMIO and every I/O procedure (MMIOM_SEEK's lParam1 is 64 bits;
 * the DOS procedure uses it fully) and keeps the buffer exactly as mmioSeek does.
 *   hmmio   [in]  the handle.
 *   offset  [in]  as mmioSeek's lOffset: SEEK_END gives the end MINUS offset.
 *   origin  [in]  SEEK_SET, SEEK_CUR or SEEK_END.
 * Returns the new position, or -1 (position unchanged) for an invalid handle or origin or a
 * negative target. Thread-safe like every mmio call.
 */
PORTACM_API int64_t portacm_mmio_seek64(HMMIO hmmio, int64_t offset, int origin);
/* portacm_mmio_size64 - portacm extension: the size of the file in bytes, counting a dirty
 * buffer's unwritten data; the position is not moved.
 *   hmmio  [in]  the handle.
 * Returns the size, or -1 for an invalid handle or when the I/O procedure cannot tell (a pipe, a
 * procedure without SEEK_END).
 */
PORTACM_API int64_t portacm_mmio_size64(HMMIO hmmio);
/* PORTACM_MMIO_DESCEND_TRUNCATED, this extension's mmioDescend flag, is defined in portacm.h. */

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
