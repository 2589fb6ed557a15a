/*
 * winbase.h - the kernel32 subset portacm provides: thread IDs, the last-error value, event
 * objects and waits (events are what DriverCallback(DCB_EVENT) sets), MulDiv, and the memory
 * functions drivers and clients written for Windows allocate with (Local*, Global*, Heap*).
 *
 * Linux extension: portacm_event_fd() gives a file descriptor that is readable while an event
 * is signalled, so a poll/epoll/GLib/libuv loop can wait for it without a blocking wait call.
 */
#ifndef PORTACM_WINBASE_H
#define PORTACM_WINBASE_H

#include "windef.h"

PORTACM_EXTERN_C_BEGIN

#define INFINITE 0xFFFFFFFFu
#define WAIT_OBJECT_0 0x00000000u
#define WAIT_ABANDONED 0x00000080u
#define WAIT_ABANDONED_0 0x00000080u
#define WAIT_IO_COMPLETION 0x000000C0u
#define WAIT_TIMEOUT 0x00000102u
#define WAIT_FAILED 0xFFFFFFFFu
#define MAXIMUM_WAIT_OBJECTS 64
#define INVALID_HANDLE_VALUE ((HANDLE)(LONG_PTR)-1)

/* Integer atoms and resource IDs passed where a string pointer is expected. */
#ifndef IS_INTRESOURCE
#define IS_INTRESOURCE(r) ((((ULONG_PTR)(r)) >> 16) == 0)
#endif
#define MAKEINTATOM(i) ((LPSTR)((ULONG_PTR)((WORD)(i))))
#ifndef MAKEINTRESOURCEA
#define MAKEINTRESOURCEA(i) ((LPSTR)((ULONG_PTR)((WORD)(i))))
#define MAKEINTRESOURCEW(i) ((LPWSTR)((ULONG_PTR)((WORD)(i))))
#ifdef UNICODE
#define MAKEINTRESOURCE MAKEINTRESOURCEW
#else
#define MAKEINTRESOURCE MAKEINTRESOURCEA
#endif
#endif

/* GetLastError codes that portacm sets. */
#define ERROR_SUCCESS 0L
#define NO_ERROR 0L
#define ERROR_INVALID_FUNCTION 1L
#define ERROR_FILE_NOT_FOUND 2L
#define ERROR_NO_MORE_FILES 18L
#define ERROR_ACCESS_DENIED 5L
#define ERROR_INVALID_HANDLE 6L
#define ERROR_NOT_ENOUGH_MEMORY 8L
#define ERROR_OUTOFMEMORY 14L
#define ERROR_NOT_SUPPORTED 50L
#define ERROR_NOT_LOCKED 158L
#define ERROR_DISCARDED 157L
#define ERROR_INVALID_PARAMETER 87L
#define ERROR_CALL_NOT_IMPLEMENTED 120L
#define ERROR_INSUFFICIENT_BUFFER 122L
#define ERROR_MOD_NOT_FOUND 126L
#define ERROR_PROC_NOT_FOUND 127L
#define ERROR_ALREADY_EXISTS 183L
#define ERROR_INVALID_FLAGS 1004L
#define ERROR_INVALID_WINDOW_HANDLE 1400L
#define ERROR_CANNOT_FIND_WND_CLASS 1407L
#define ERROR_CLASS_ALREADY_EXISTS 1410L
#define ERROR_CLASS_DOES_NOT_EXIST 1411L
#define ERROR_CLASS_HAS_WINDOWS 1412L
#define ERROR_INVALID_INDEX 1413L
#define ERROR_INVALID_THREAD_ID 1444L
#define ERROR_NOT_ENOUGH_QUOTA 1816L
#define ERROR_TIMEOUT 1460L

/* GetCurrentThreadId - the calling thread's ID: non-zero and unique among the process's live
 * threads; on Linux the kernel thread ID (what ps, top and gdb show). The value PostThreadMessage
 * and DriverCallback(DCB_TASK) take. Never fails; does not create a message queue.
 */
PORTACM_API DWORD WINAPI GetCurrentThreadId(void);
/* GetCurrentProcessId - the process ID (getpid()). Never fails.
 */
PORTACM_API DWORD WINAPI GetCurrentProcessId(void);
/* GetLastError - the calling thread's last-error value (ERROR_*), set by the kernel32/user32 subset
 * on failure (and by CreateEvent on success). Per thread; never fails. The ACM and mmio functions
 * report MMRESULTs instead and leave it alone.
 */
PORTACM_API DWORD WINAPI GetLastError(void);
/* SetLastError - sets the calling thread's last-error value. Per thread; never fails.
 */
PORTACM_API void WINAPI SetLastError(DWORD dwErrCode);

/* CreateEventA - creates an event object, or opens an existing one by name.
 *   lpEventAttributes  [in]  accepted and ignored (no security descriptors).
 *   bManualReset       [in]  TRUE: stays signalled until ResetEvent; FALSE: a successful wait
 *                            consumes the signal (auto-reset).
 *   bInitialState      [in]  TRUE: created signalled.
 *   lpName             [in]  NULL or "" for an unnamed event; a UTF-8 name, process-local. An
 *                            existing name returns a new handle to the same event (its reset type
 *                            and state unchanged) and sets ERROR_ALREADY_EXISTS.
 * Returns a handle to close with CloseHandle (an event lives until its last handle is closed), or
 * NULL with ERROR_NOT_ENOUGH_MEMORY. On success the last error is ERROR_SUCCESS or
 * ERROR_ALREADY_EXISTS, as on Windows. Thread-safe.
 * CreateEventW is the same with a UTF-16 name.
 * portacm differs from Windows: named events are not shared with other processes.
 */
PORTACM_API HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState,
                                       LPCSTR lpName);
PORTACM_API HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState,
                                       LPCWSTR lpName);
/* SetEvent - signals an event: wakes every waiter of a manual-reset event, or one wait of an
 * auto-reset event, and makes its portacm_event_fd readable.
 * Returns TRUE, or FALSE with ERROR_INVALID_HANDLE for anything but a live event handle.
 */
PORTACM_API BOOL WINAPI SetEvent(HANDLE hEvent);
/* ResetEvent - makes an event non-signalled (its portacm_event_fd stops being readable).
 * Returns TRUE, or FALSE with ERROR_INVALID_HANDLE for anything but a live event handle.
 */
PORTACM_API BOOL WINAPI ResetEvent(HANDLE hEvent);
/* PulseEvent - signals an event and makes it non-signalled again: the threads waiting on it
 * at that moment are released (all of them for a manual-reset event, one for an auto-reset
 * event); a thread that waits later does not see the pulse. Windows documents this call as
 * unreliable and kept for compatibility; timeSetEvent's TIME_CALLBACK_EVENT_PULSE uses it.
 * A wait on several objects is released only if the pulse completes it at that moment (a
 * wait-all whose other objects are signalled, taking them as the wait does; a wait-any). With
 * nobody waiting the event is only reset; its portacm_event_fd is not readable afterwards.
 * Returns TRUE, or FALSE with ERROR_INVALID_HANDLE for anything but a live event handle.
 * portacm differs from Windows: an auto-reset pulse goes to the oldest wait it completes (Windows
 * does not promise an order); a MsgWaitForMultipleObjects wait-all (objects and input) is never
 * released by a pulse.
 */
PORTACM_API BOOL WINAPI PulseEvent(HANDLE hEvent);
/* CloseHandle - closes an event handle; the event is freed with its last handle.
 * Returns TRUE, or FALSE with ERROR_INVALID_HANDLE for anything but a live event handle (window
 * handles, closed and forged handles included). A thread already waiting on the handle keeps
 * waiting on the event.
 * portacm differs from Windows: events are the only closable kind; there is no DuplicateHandle.
 */
PORTACM_API BOOL WINAPI CloseHandle(HANDLE hObject);
/* WaitForSingleObject - waits until an event is signalled or the time runs out.
 *   hHandle         [in]  an event handle.
 *   dwMilliseconds  [in]  0 polls; INFINITE never times out.
 * Returns WAIT_OBJECT_0 (an auto-reset event's signal is consumed), WAIT_TIMEOUT, or WAIT_FAILED
 * with ERROR_INVALID_HANDLE for a handle that is not a live event (ERROR_NOT_ENOUGH_MEMORY if the
 * wait cannot be registered). Never WAIT_ABANDONED (no mutexes). Does not run sent messages and
 * does not create a message queue. Closing the handle from another thread does not end the wait.
 */
PORTACM_API DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds);
/* WaitForMultipleObjects - waits for any (bWaitAll FALSE) or all of nCount events.
 *   nCount          [in]  1 .. MAXIMUM_WAIT_OBJECTS (64).
 *   lpHandles       [in]  nCount event handles.
 *   bWaitAll        [in]  TRUE: every event at once, each auto-reset one consumed in one atomic
 *                         step; the same event twice is refused.
 *   dwMilliseconds  [in]  0 polls; INFINITE never times out.
 * Returns WAIT_OBJECT_0 + i for the lowest signalled index (wait-any) or WAIT_OBJECT_0 (wait-all);
 * WAIT_TIMEOUT; WAIT_FAILED with ERROR_INVALID_PARAMETER (nCount 0 or above 64, lpHandles NULL, an
 * event twice in a wait-all) or ERROR_INVALID_HANDLE (an entry that is not a live event).
 */
PORTACM_API DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll,
                                                DWORD dwMilliseconds);
/* Sleep - suspends the calling thread for dwMilliseconds (0 yields; INFINITE never returns).
 * Signals do not shorten it.
 */
PORTACM_API void WINAPI Sleep(DWORD dwMilliseconds);
/* GetTickCount - milliseconds of a monotonic clock (CLOCK_MONOTONIC), wrapping around every 49.7
 * days; only differences are meaningful. Never fails.
 */
PORTACM_API DWORD WINAPI GetTickCount(void);

/* OutputDebugStringA - sends a string to the debugger. portacm has none: the text goes to
 * stderr, unchanged (no newline added), when the environment variable PORTACM_DEBUG is set to
 * a non-empty value other than "0", and nowhere otherwise; or to the hook that
 * portacm_set_debug_output installed. Callable from any thread and from multimedia callbacks.
 *   lpOutputString  [in]  a NUL-terminated string; NULL sends nothing.
 * OutputDebugStringW converts its UTF-16 string to UTF-8 (unpaired surrogates become U+FFFD)
 * and sends it in pieces of at most 4095 bytes, each cut on a character boundary, as Windows
 * splits long debug strings; its stack use is bounded whatever the length.
 */
PORTACM_API void WINAPI OutputDebugStringA(LPCSTR lpOutputString);
PORTACM_API void WINAPI OutputDebugStringW(LPCWSTR lpOutputString);
#ifdef UNICODE
#define OutputDebugString OutputDebugStringW
#else
#define OutputDebugString OutputDebugStringA
#endif
/* portacm_set_debug_output - (portacm extension) routes every OutputDebugString to `hook`
 * instead of stderr, whatever PORTACM_DEBUG says; NULL restores the default. `context` is
 * passed back with each text (UTF-8, NUL-terminated, valid only during the call). The hook may
 * run on any thread, several at once, and may call portacm_set_debug_output itself.
 * Thread-safe; a call that is already running on another thread may still reach the previous
 * hook once.
 */
PORTACM_API void WINAPI portacm_set_debug_output(void(CALLBACK *hook)(LPCSTR text, void *context), void *context);

/* MulDiv - nNumber * nNumerator / nDenominator with a 64-bit intermediate product, rounded to
 * the nearest integer, halves away from zero (MulDiv(5, 1, 2) is 3, MulDiv(-5, 1, 2) is -3).
 * Returns -1 when nDenominator is 0 or the result does not fit in -2147483647 .. 2147483647,
 * as Windows does (so a true result of -1 cannot be told from an error). Never sets the last
 * error; thread-safe.
 */
PORTACM_API int WINAPI MulDiv(int nNumber, int nNumerator, int nDenominator);

/* ---- strings: lstrlen, lstrcpy, lstrcpyn, lstrcat, lstrcmp, lstrcmpi ----------------------
 * A strings are UTF-8, W strings UTF-16 (WCHAR). Lengths count bytes (A) or 16-bit units (W).
 * Where Windows catches an access violation and fails, portacm checks for NULL instead (other
 * invalid pointers are the caller's fault, as with the C library). Thread-safe.
 */
/* lstrlenA - the length of a string in bytes, without the terminator; 0 for NULL (the last
 * error is left alone). lstrlenW counts 16-bit units.
 */
PORTACM_API int WINAPI lstrlenA(LPCSTR lpString);
PORTACM_API int WINAPI lstrlenW(LPCWSTR lpString);
/* lstrcpyA - copies lpString2 with its terminator to lpString1 (which must be large enough).
 * Returns lpString1, or NULL with ERROR_INVALID_PARAMETER when either is NULL (nothing copied).
 * lstrcpyW is the same for UTF-16.
 */
PORTACM_API LPSTR WINAPI lstrcpyA(LPSTR lpString1, LPCSTR lpString2);
PORTACM_API LPWSTR WINAPI lstrcpyW(LPWSTR lpString1, LPCWSTR lpString2);
/* lstrcpynA - copies at most iMaxLength - 1 bytes of lpString2 to lpString1 and always a
 * terminator (when iMaxLength is at least 1).
 *   iMaxLength [in] the size of lpString1 in bytes (W: units). 0 copies nothing and returns
 *                   lpString1; 1 writes only the terminator (lpString2 is not read); a negative
 *                   value is taken as a huge size, as Windows does.
 * Returns lpString1; NULL with ERROR_INVALID_PARAMETER when lpString1 is NULL (and iMaxLength is
 * not 0), or lpString2 is NULL (and iMaxLength is above 1). A multi-byte character (or a
 * surrogate pair) may be cut, as on Windows. lstrcpynW is the same for UTF-16.
 */
PORTACM_API LPSTR WINAPI lstrcpynA(LPSTR lpString1, LPCSTR lpString2, int iMaxLength);
PORTACM_API LPWSTR WINAPI lstrcpynW(LPWSTR lpString1, LPCWSTR lpString2, int iMaxLength);
/* lstrcatA - appends lpString2 to lpString1 (which must be large enough).
 * Returns lpString1, or NULL with ERROR_INVALID_PARAMETER when either is NULL.
 * lstrcatW is the same for UTF-16.
 */
PORTACM_API LPSTR WINAPI lstrcatA(LPSTR lpString1, LPCSTR lpString2);
PORTACM_API LPWSTR WINAPI lstrcatW(LPWSTR lpString1, LPCWSTR lpString2);
/* lstrcmpA - compares two strings for sorting, as Windows' "word sort" does in the order
 * docs/porting.md "Strings and wide characters" gives: letters compare alphabetically ignoring
 * case first ("apple" < "Banana"), then lower case before upper case ("a" < "A" < "b");
 * hyphens and apostrophes are ignored at first ("coop" < "co-op" < "cop"); symbols sort before
 * digits and digits before letters; other characters after the ASCII letters, by code point.
 * Returns -1, 0 (the strings are identical) or 1. NULL sorts before every string and equals
 * NULL. Never sets the last error. lstrcmpW is the same for UTF-16; A and W give the same order.
 * portacm differs from Windows: the order of non-ASCII characters is not the user locale's.
 */
PORTACM_API int WINAPI lstrcmpA(LPCSTR lpString1, LPCSTR lpString2);
PORTACM_API int WINAPI lstrcmpW(LPCWSTR lpString1, LPCWSTR lpString2);
/* lstrcmpiA - lstrcmpA ignoring case (simple Unicode case folding, ASCII included): 0 for strings
 * that differ only in case. lstrcmpiW is the same for UTF-16.
 */
PORTACM_API int WINAPI lstrcmpiA(LPCSTR lpString1, LPCSTR lpString2);
PORTACM_API int WINAPI lstrcmpiW(LPCWSTR lpString1, LPCWSTR lpString2);
#ifdef UNICODE
#define lstrlen lstrlenW
#define lstrcpy lstrcpyW
#define lstrcpyn lstrcpynW
#define lstrcat lstrcatW
#define lstrcmp lstrcmpW
#define lstrcmpi lstrcmpiW
#else
#define lstrlen lstrlenA
#define lstrcpy lstrcpyA
#define lstrcpyn lstrcpynA
#define lstrcat lstrcatA
#define lstrcmp lstrcmpA
#define lstrcmpi lstrcmpiA
#endif

/* ---- memory: the Local and Global functions ----------------------------------------------
 * On Win32 the two families are one allocator with two spellings, and so they are here: a
 * block from LocalAlloc may be given to the Global functions and the other way round.
 *
 * A FIXED block is named by its address. A MOVEABLE block is named by a handle (a checked
 * handle, not an address); LocalLock/GlobalLock turn it into the address and count the lock,
 * LocalUnlock/GlobalUnlock count it down. Memory never really moves while locked (nor while
 * unlocked, unless a ReAlloc says it may): "moveable" matters only for which calls may
 * relocate a block. Discarding happens only when asked for (LocalDiscard/GlobalDiscard or a
 * ReAlloc to 0 bytes); nothing is discarded behind the program's back.
 *
 * Every function checks what it is given: a forged, stale or freed handle or address, or a
 * pointer into the middle of a block, gives the documented failure with ERROR_INVALID_HANDLE,
 * never a crash. All functions are thread-safe.
 */
#define LMEM_FIXED 0x0000u
#define LMEM_MOVEABLE 0x0002u
#define LMEM_NOCOMPACT 0x0010u
#define LMEM_NODISCARD 0x0020u
#define LMEM_ZEROINIT 0x0040u
#define LMEM_MODIFY 0x0080u
#define LMEM_DISCARDABLE 0x0F00u
#define LMEM_VALID_FLAGS 0x0F72u
#define LMEM_INVALID_HANDLE 0x8000u
#define LHND (LMEM_MOVEABLE | LMEM_ZEROINIT)
#define LPTR (LMEM_FIXED | LMEM_ZEROINIT)
#define NONZEROLHND (LMEM_MOVEABLE)
#define NONZEROLPTR (LMEM_FIXED)
#define LMEM_DISCARDED 0x4000u /* LocalFlags */
#define LMEM_LOCKCOUNT 0x00FFu /* LocalFlags */
#define LocalDiscard(h) LocalReAlloc((h), 0, LMEM_MOVEABLE)

#define GMEM_FIXED 0x0000u
#define GMEM_MOVEABLE 0x0002u
#define GMEM_NOCOMPACT 0x0010u
#define GMEM_NODISCARD 0x0020u
#define GMEM_ZEROINIT 0x0040u
#define GMEM_MODIFY 0x0080u
#define GMEM_DISCARDABLE 0x0100u
#define GMEM_NOT_BANKED 0x1000u
#define GMEM_SHARE 0x2000u
#define GMEM_DDESHARE 0x2000u
#define GMEM_NOTIFY 0x4000u
#define GMEM_LOWER GMEM_NOT_BANKED
#define GMEM_VALID_FLAGS 0x7F72u
#define GMEM_INVALID_HANDLE 0x8000u
#define GHND (GMEM_MOVEABLE | GMEM_ZEROINIT)
#define GPTR (GMEM_FIXED | GMEM_ZEROINIT)
#define GMEM_DISCARDED 0x4000u /* GlobalFlags */
#define GMEM_LOCKCOUNT 0x00FFu /* GlobalFlags */
#define GlobalDiscard(h) GlobalReAlloc((h), 0, GMEM_MOVEABLE)

/* LocalAlloc - allocates a block.
 *   uFlags  [in]  LMEM_FIXED (0) or LMEM_MOVEABLE, optionally with LMEM_ZEROINIT (the block is
 *                 zero-filled; otherwise its contents are undefined) and LMEM_DISCARDABLE (a
 *                 moveable block may then be discarded by LocalDiscard while unlocked).
 *                 LMEM_NOCOMPACT and LMEM_NODISCARD are accepted and change nothing. LPTR is
 *                 LMEM_FIXED | LMEM_ZEROINIT, LHND LMEM_MOVEABLE | LMEM_ZEROINIT.
 *   uBytes  [in]  the size; 0 is allowed (a fixed block of no bytes has a unique address; a
 *                 moveable one is born discarded: its handle is valid, LocalLock gives NULL).
 * Returns the block's address (fixed) or handle (moveable), to free with LocalFree; NULL with
 * ERROR_INVALID_PARAMETER for a flag outside LMEM_VALID_FLAGS, or ERROR_NOT_ENOUGH_MEMORY.
 */
PORTACM_API HLOCAL WINAPI LocalAlloc(UINT uFlags, SIZE_T uBytes);
/* LocalReAlloc - resizes a block, or with LMEM_MODIFY changes its attributes.
 *   hMem    [in]  a fixed block's address or a moveable block's handle.
 *   uBytes  [in]  the new size (ignored with LMEM_MODIFY). The contents up to the smaller size
 *                 are kept; with LMEM_ZEROINIT the bytes a block grows by are zero-filled.
 *   uFlags  [in]  without LMEM_MODIFY: LMEM_MOVEABLE allows the block to move. A fixed block, or
 *                 a locked moveable one, without LMEM_MOVEABLE is resized only in place: it may
 *                 shrink, and grow back to the largest size it has had, but a growth beyond that
 *                 fails with ERROR_NOT_ENOUGH_MEMORY. An unlocked moveable block may always move
 *                 (its handle stays the same). uBytes 0 with LMEM_MOVEABLE discards an unlocked
 *                 moveable block (ERROR_INVALID_PARAMETER if it is locked); a discarded block
 *                 given a size is allocated again (unlocked).
 *                 With LMEM_MODIFY: LMEM_DISCARDABLE makes a moveable block discardable; other
 *                 attributes stay (a fixed block stays fixed).
 * Returns the block's address (fixed, possibly new) or its unchanged handle (moveable); NULL
 * with ERROR_INVALID_HANDLE (hMem is not a live block), ERROR_INVALID_PARAMETER (bad flags) or
 * ERROR_NOT_ENOUGH_MEMORY. On failure the block is unchanged and still valid.
 */
PORTACM_API HLOCAL WINAPI LocalReAlloc(HLOCAL hMem, SIZE_T uBytes, UINT uFlags);
/* LocalFree - frees a block, locked or not (its handle and addresses become invalid).
 * Returns NULL on success (hMem NULL included, which does nothing), or hMem itself with
 * ERROR_INVALID_HANDLE when it is not a live block (a moveable block's locked address
 * included: free moveable blocks by handle).
 */
PORTACM_API HLOCAL WINAPI LocalFree(HLOCAL hMem);
/* LocalLock - the address of a block's first byte. For a moveable block it also increments
 * the lock count (which stops at LMEM_LOCKCOUNT, 255); a fixed block has no lock count.
 * Returns the address; NULL with ERROR_DISCARDED for a discarded block, ERROR_INVALID_HANDLE
 * for anything but a live block, and NULL leaving the last error alone for hMem NULL (so that
 * LocalLock(LocalAlloc(...)) keeps LocalAlloc's error).
 */
PORTACM_API LPVOID WINAPI LocalLock(HLOCAL hMem);
/* LocalUnlock - decrements a moveable block's lock count.
 * Returns TRUE while the block stays locked; FALSE with the last error NO_ERROR when the
 * count reaches 0; FALSE with ERROR_NOT_LOCKED when it was not locked (a fixed block always:
 * it cannot be locked), or with ERROR_INVALID_HANDLE for anything but a live block.
 */
PORTACM_API BOOL WINAPI LocalUnlock(HLOCAL hMem);
/* LocalSize - the block's size in bytes as last allocated or resized; 0 for a discarded
 * block (the last error is then left alone), or 0 with ERROR_INVALID_HANDLE for anything but
 * a live block.
 */
PORTACM_API SIZE_T WINAPI LocalSize(HLOCAL hMem);
/* LocalFlags - a moveable block's lock count (low byte, LMEM_LOCKCOUNT) plus LMEM_DISCARDABLE
 * and LMEM_DISCARDED; 0 for a fixed block; LMEM_INVALID_HANDLE with ERROR_INVALID_HANDLE for
 * anything but a live block.
 */
PORTACM_API UINT WINAPI LocalFlags(HLOCAL hMem);
/* LocalHandle - the block an address names: the handle of the moveable block whose (locked)
 * address pMem is, pMem itself for a fixed block's address or for a moveable block's handle;
 * NULL with ERROR_INVALID_HANDLE otherwise.
 */
PORTACM_API HLOCAL WINAPI LocalHandle(LPCVOID pMem);

/* GlobalAlloc, GlobalReAlloc, GlobalFree, GlobalLock, GlobalUnlock, GlobalSize, GlobalHandle -
 * LocalAlloc ... LocalHandle under their Global names, with the GMEM_* flags: GMEM_DISCARDABLE
 * is LMEM_DISCARDABLE; GMEM_SHARE/GMEM_DDESHARE is remembered and reported by GlobalFlags;
 * GMEM_NOT_BANKED, GMEM_NOTIFY, GMEM_NOCOMPACT and GMEM_NODISCARD are accepted and change
 * nothing. GPTR is GMEM_FIXED | GMEM_ZEROINIT, GHND GMEM_MOVEABLE | GMEM_ZEROINIT. Errors and
 * return values are those of the Local function of the same name, with GMEM_VALID_FLAGS and
 * GMEM_INVALID_HANDLE.
 * portacm differs from Windows: no memory is shared between processes (GMEM_DDESHARE included).
 */
PORTACM_API HGLOBAL WINAPI GlobalAlloc(UINT uFlags, SIZE_T dwBytes);
PORTACM_API HGLOBAL WINAPI GlobalReAlloc(HGLOBAL hMem, SIZE_T dwBytes, UINT uFlags);
PORTACM_API HGLOBAL WINAPI GlobalFree(HGLOBAL hMem);
PORTACM_API LPVOID WINAPI GlobalLock(HGLOBAL hMem);
PORTACM_API BOOL WINAPI GlobalUnlock(HGLOBAL hMem);
PORTACM_API SIZE_T WINAPI GlobalSize(HGLOBAL hMem);
PORTACM_API HGLOBAL WINAPI GlobalHandle(LPCVOID pMem);
/* GlobalFlags - a moveable block's lock count (low byte, GMEM_LOCKCOUNT) plus GMEM_DISCARDABLE,
 * GMEM_DISCARDED and GMEM_DDESHARE (when allocated with it); 0 for a fixed block (plus
 * GMEM_DDESHARE); GMEM_INVALID_HANDLE with ERROR_INVALID_HANDLE for anything but a live block.
 */
PORTACM_API UINT WINAPI GlobalFlags(HGLOBAL hMem);

/* ---- memory: heaps ------------------------------------------------------------------------ */
#define HEAP_NO_SERIALIZE 0x00000001u
#define HEAP_GROWABLE 0x00000002u
#define HEAP_GENERATE_EXCEPTIONS 0x00000004u
#define HEAP_ZERO_MEMORY 0x00000008u
#define HEAP_REALLOC_IN_PLACE_ONLY 0x00000010u
#define HEAP_CREATE_ENABLE_EXECUTE 0x00040000u

/* HeapCreate - creates a private heap.
 *   flOptions      [in]  0 or HEAP_NO_SERIALIZE, HEAP_GROWABLE, HEAP_GENERATE_EXCEPTIONS and
 *                        HEAP_CREATE_ENABLE_EXECUTE, each accepted and without effect (the heap
 *                        is always serialized, failures never raise an exception: they return
 *                        NULL, and the memory is not executable).
 *   dwInitialSize  [in]  ignored (memory is taken as blocks are allocated).
 *   dwMaximumSize  [in]  0: the heap grows as needed. Otherwise the most bytes its live blocks
 *                        may hold together; an allocation that would pass it fails.
 * Returns the heap's handle, to destroy with HeapDestroy; NULL with ERROR_INVALID_PARAMETER
 * (another flag) or ERROR_NOT_ENOUGH_MEMORY.
 */
PORTACM_API HANDLE WINAPI HeapCreate(DWORD flOptions, SIZE_T dwInitialSize, SIZE_T dwMaximumSize);
/* HeapDestroy - frees every block of a heap and the heap.
 * Returns TRUE; FALSE with ERROR_INVALID_HANDLE for anything but a live heap from HeapCreate
 * (the process heap included: it cannot be destroyed).
 */
PORTACM_API BOOL WINAPI HeapDestroy(HANDLE hHeap);
/* GetProcessHeap - the process heap: always there, never destroyed, never NULL.
 */
PORTACM_API HANDLE WINAPI GetProcessHeap(void);
/* HeapAlloc - allocates dwBytes (0 allowed: a unique address) from a heap.
 *   dwFlags  [in]  HEAP_ZERO_MEMORY zero-fills the block; HEAP_NO_SERIALIZE and
 *                  HEAP_GENERATE_EXCEPTIONS are accepted without effect.
 * Returns the block's address; NULL on failure (never an exception), with the last error
 * ERROR_INVALID_HANDLE (not a live heap), ERROR_INVALID_PARAMETER (another flag) or
 * ERROR_NOT_ENOUGH_MEMORY (out of memory, or the heap's maximum size reached).
 * portacm differs from Windows: Windows does not set the last error here.
 */
PORTACM_API LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes);
/* HeapReAlloc - resizes a block of the heap, keeping its contents up to the smaller size.
 *   dwFlags  [in]  HEAP_ZERO_MEMORY zero-fills the bytes the block grows by;
 *                  HEAP_REALLOC_IN_PLACE_ONLY keeps the address: the block may shrink, and
 *                  grow back to the largest size it has had, but no further (that fails).
 *   lpMem    [in]  an address HeapAlloc/HeapReAlloc returned for this heap.
 * Returns the block's (possibly new) address; NULL on failure with the errors of HeapAlloc
 * (ERROR_INVALID_PARAMETER also for lpMem not a live block of this heap); the block is then
 * unchanged.
 */
PORTACM_API LPVOID WINAPI HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem, SIZE_T dwBytes);
/* HeapFree - frees a block of the heap (dwFlags is ignored). Returns TRUE (lpMem NULL included, which does
 * nothing); FALSE with ERROR_INVALID_HANDLE (hHeap not a live heap) or ERROR_INVALID_PARAMETER
 * (lpMem not a live block of this heap).
 */
PORTACM_API BOOL WINAPI HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem);
/* HeapSize - a block's size in bytes as requested (dwFlags is ignored); (SIZE_T)-1 when hHeap is not a live heap
 * or lpMem not a live block of it (with ERROR_INVALID_HANDLE or ERROR_INVALID_PARAMETER;
 * Windows sets no error here).
 */
PORTACM_API SIZE_T WINAPI HeapSize(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem);

/* The Rtl*Memory macros of winnt.h, written with the compiler's built-ins so that no C library
 * header is included (see windef.h). Each evaluates its arguments once. */
#define RtlEqualMemory(Destination, Source, Length) (!__builtin_memcmp((Destination), (Source), (Length)))
#define RtlMoveMemory(Destination, Source, Length) __builtin_memmove((Destination), (Source), (Length))
#define RtlCopyMemory(Destination, Source, Length) __builtin_memcpy((Destination), (Source), (Length))
#define RtlFillMemory(Destination, Length, Fill) __builtin_memset((Destination), (Fill), (Length))
#define RtlZeroMemory(Destination, Length) __builtin_memset((Destination), 0, (Length))
#define EqualMemory RtlEqualMemory
#define MoveMemory RtlMoveMemory
#define CopyMemory RtlCopyMemory
#define FillMemory RtlFillMemory
#define ZeroMemory RtlZeroMemory
#define SecureZeroMemory(Destination, Length) pacm_secure_zero_memory_((Destination), (Length))
/* SecureZeroMemory's body: volatile stores the optimizer may not remove. */
static inline void *pacm_secure_zero_memory_(void *destination, SIZE_T length)
{
    volatile unsigned char *byte = (volatile unsigned char *)destination;
    while (length--)
        *byte++ = 0;
    return destination;
}

/* portacm_event_fd - Linux extension (listed in portacm.h): a file descriptor that polls readable
 * while hEvent is signalled, so poll/epoll/GLib/libuv loops can wait for it without a blocking
 * wait call. For an auto-reset event it stays readable until a wait consumes the signal: after
 * poll() says readable, call WaitForSingleObject(hEvent, 0) to take it.
 *   hEvent  [in]  an event handle.
 * Returns the descriptor, owned by the event: do not close, read or write it; it lives as long as
 * the event object, and every call for the same event returns it. An eventfd on Linux, the read
 * end of a pipe on other POSIX systems. Returns -1 with ERROR_INVALID_HANDLE for a handle that is
 * not a live event, or ERROR_NOT_ENOUGH_MEMORY when no descriptor can be created.
 */
PORTACM_API int portacm_event_fd(HANDLE hEvent);

/* ---- modules (LoadLibrary, GetProcAddress, FreeLibrary, GetModuleHandle, GetModuleFileName) ----
 * An HMODULE is the shared object's dlopen handle: the same value a driver's DriverProc is given
 * (GetDriverModuleHandle) when the drivers file or OpenDriver loads that file. Windows names map
 * to files as docs/porting.md "Modules" says: a name without an extension gets ".dll"; a trailing
 * '.' means "no extension"; for "foo.dll" / "foo.acm" the files tried are "foo.dll" / "foo.acm",
 * then "foo.so", then "libfoo.so". Each is searched like a drivers-file entry: an absolute path
 * as is, a relative one in each absolute folder of $PORTACM_DRIVER_PATH, then the installed
 * drivers folder; never the current directory or the program's folder. '/' separates folders.
 */
#ifndef FARPROC_DEFINED_
#define FARPROC_DEFINED_
typedef INT_PTR(WINAPI *FARPROC)(void);
#endif

#define DONT_RESOLVE_DLL_REFERENCES 0x00000001
#define LOAD_LIBRARY_AS_DATAFILE 0x00000002
#define LOAD_WITH_ALTERED_SEARCH_PATH 0x00000008

/* LoadLibraryExA/W - loads a module (dlopen with the drivers' flags, RTLD_DEEPBIND rules of
 * docs/drivers.md) or takes one more reference to it: loading the same file again returns the
 * same HMODULE, and it is unloaded on the matching last FreeLibrary.
 *   lpLibFileName [in] a module name (see above).
 *   hFile         [in] reserved: must be NULL.
 *   dwFlags       [in] 0, DONT_RESOLVE_DLL_REFERENCES or LOAD_LIBRARY_AS_DATAFILE (both load
 *                      the file as 0 does: a shared object cannot be mapped without running its
 *                      initialisers, so its code is callable), LOAD_WITH_ALTERED_SEARCH_PATH
 *                      (no effect: the search never uses the program's folder).
 * Returns the handle, or NULL with ERROR_INVALID_PARAMETER (NULL or empty name, hFile not NULL,
 * another flag), ERROR_MOD_NOT_FOUND (no file found, or dlopen failed: PORTACM_DEBUG=1 logs
 * why) or ERROR_NOT_ENOUGH_MEMORY.
 */
PORTACM_API HMODULE WINAPI LoadLibraryExA(LPCSTR lpLibFileName, HANDLE hFile, DWORD dwFlags);
PORTACM_API HMODULE WINAPI LoadLibraryExW(LPCWSTR lpLibFileName, HANDLE hFile, DWORD dwFlags);
/* LoadLibraryA/W - LoadLibraryEx(lpLibFileName, NULL, 0). */
PORTACM_API HMODULE WINAPI LoadLibraryA(LPCSTR lpLibFileName);
PORTACM_API HMODULE WINAPI LoadLibraryW(LPCWSTR lpLibFileName);
/* FreeLibrary - gives back one LoadLibrary reference; the last one unloads the module.
 * Returns TRUE, or FALSE with ERROR_INVALID_HANDLE for a handle LoadLibrary did not give out or
 * whose references are all given back (GetModuleHandle(NULL) included).
 */
PORTACM_API BOOL WINAPI FreeLibrary(HMODULE hLibModule);
/* GetProcAddress - the address of an exported function (dlsym).
 *   hModule    [in] a LoadLibrary handle, or GetModuleHandle(NULL) / NULL for the program
 *                   (its exported symbols and its global libraries').
 *   lpProcName [in] the function's name. Ordinals (MAKEINTRESOURCE values) are not supported:
 *                   shared objects export names only.
 * Returns the address, or NULL with ERROR_INVALID_HANDLE (not a live module handle),
 * ERROR_INVALID_PARAMETER (lpProcName NULL) or ERROR_PROC_NOT_FOUND (no such name, or an ordinal).
 */
PORTACM_API FARPROC WINAPI GetProcAddress(HMODULE hModule, LPCSTR lpProcName);
/* GetModuleHandleA/W - the handle of an already loaded module without taking a reference.
 *   lpModuleName [in] NULL for the program's own handle, or a module name found as LoadLibrary
 *                     finds it.
 * Returns the handle, or NULL with ERROR_MOD_NOT_FOUND when the name is not a module currently
 * loaded with LoadLibrary (files that only OpenDriver or the drivers file loaded are not seen).
 */
PORTACM_API HMODULE WINAPI GetModuleHandleA(LPCSTR lpModuleName);
PORTACM_API HMODULE WINAPI GetModuleHandleW(LPCWSTR lpModuleName);
/* GetModuleFileNameA/W - a module's file path: for NULL or GetModuleHandle(NULL) the program's
 * (/proc/self/exe), else the path LoadLibrary found.
 * Returns the characters copied without the terminator. When the path does not fit, copies
 * nSize - 1 characters and a terminator (nothing when nSize is 0), returns nSize and sets
 * ERROR_INSUFFICIENT_BUFFER, as Windows does. Returns 0 with ERROR_INVALID_HANDLE (not a live
 * module handle) or ERROR_INVALID_PARAMETER (lpFilename NULL with nSize above 0).
 */
PORTACM_API DWORD WINAPI GetModuleFileNameA(HMODULE hModule, LPSTR lpFilename, DWORD nSize);
PORTACM_API DWORD WINAPI GetModuleFileNameW(HMODULE hModule, LPWSTR lpFilename, DWORD nSize);

#ifdef UNICODE
#define LoadLibrary LoadLibraryW
#define LoadLibraryEx LoadLibraryExW
#define GetModuleHandle GetModuleHandleW
#define GetModuleFileName GetModuleFileNameW
#else
#define LoadLibrary LoadLibraryA
#define LoadLibraryEx LoadLibraryExA
#define GetModuleHandle GetModuleHandleA
#define GetModuleFileName GetModuleFileNameA
#endif

/* ---- the system folder and finding files (GetSystemDirectory, FindFirstFile) ----
 * The common pattern that enumerates "*.acm" in the system folder finds the drivers: the system
 * folder is the drivers folder (see GetSystemDirectoryA).
 */
/* FILETIME comes from windef.h (minwindef.h's place in Windows' SDK). */

#define FILE_ATTRIBUTE_READONLY 0x00000001
#define FILE_ATTRIBUTE_DIRECTORY 0x00000010
#define FILE_ATTRIBUTE_NORMAL 0x00000080

/* Windows' layout (320 bytes for A, 592 for W). cAlternateFileName is always empty. */
typedef struct _WIN32_FIND_DATAA {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime; /* the last status change (Linux keeps no creation time here) */
    FILETIME ftLastAccessTime;
    FILETIME ftLastWriteTime;
    DWORD nFileSizeHigh;
    DWORD nFileSizeLow;
    DWORD dwReserved0;
    DWORD dwReserved1;
    CHAR cFileName[MAX_PATH];
    CHAR cAlternateFileName[14];
} WIN32_FIND_DATAA, *PWIN32_FIND_DATAA, *LPWIN32_FIND_DATAA;
typedef struct _WIN32_FIND_DATAW {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime;
    FILETIME ftLastAccessTime;
    FILETIME ftLastWriteTime;
    DWORD nFileSizeHigh;
    DWORD nFileSizeLow;
    DWORD dwReserved0;
    DWORD dwReserved1;
    WCHAR cFileName[MAX_PATH];
    WCHAR cAlternateFileName[14];
} WIN32_FIND_DATAW, *PWIN32_FIND_DATAW, *LPWIN32_FIND_DATAW;

/* GetSystemDirectoryA/W - the "system folder", mapped to the drivers folder: the first absolute
 * entry of $PORTACM_DRIVER_PATH, else the installed drivers folder (PORTACM_DRIVER_DIR).
 * Returns the length copied without the terminator; when uSize is too small, the size needed
 * including the terminator (nothing copied). 0 with ERROR_INVALID_PARAMETER for lpBuffer NULL
 * with uSize above 0.
 */
PORTACM_API UINT WINAPI GetSystemDirectoryA(LPSTR lpBuffer, UINT uSize);
PORTACM_API UINT WINAPI GetSystemDirectoryW(LPWSTR lpBuffer, UINT uSize);
/* FindFirstFileA/W - starts listing the entries of a folder whose names match a pattern.
 *   lpFileName     [in]  "folder/pattern" ('/' separates folders; no folder = the current one);
 *                        '*' and '?' work in the last component only and match case-insensitively
 *                        as on Windows; "." and ".." are not listed.
 *   lpFindFileData [out] the first match (names of MAX_PATH bytes or more are skipped).
 * Returns a handle for FindNextFile/FindClose, or INVALID_HANDLE_VALUE with
 * ERROR_FILE_NOT_FOUND (no match, or no such folder), ERROR_INVALID_PARAMETER (NULL argument)
 * or ERROR_NOT_ENOUGH_MEMORY. Entries are listed in the folder's order (not sorted).
 */
PORTACM_API HANDLE WINAPI FindFirstFileA(LPCSTR lpFileName, LPWIN32_FIND_DATAA lpFindFileData);
PORTACM_API HANDLE WINAPI FindFirstFileW(LPCWSTR lpFileName, LPWIN32_FIND_DATAW lpFindFileData);
/* FindNextFileA/W - the next match. Returns TRUE, or FALSE with ERROR_NO_MORE_FILES after the
 * last, ERROR_INVALID_HANDLE for anything but a live find handle of the same character width.
 */
PORTACM_API BOOL WINAPI FindNextFileA(HANDLE hFindFile, LPWIN32_FIND_DATAA lpFindFileData);
PORTACM_API BOOL WINAPI FindNextFileW(HANDLE hFindFile, LPWIN32_FIND_DATAW lpFindFileData);
/* FindClose - ends a listing. TRUE, or FALSE with ERROR_INVALID_HANDLE. */
PORTACM_API BOOL WINAPI FindClose(HANDLE hFindFile);

#ifdef UNICODE
typedef WIN32_FIND_DATAW WIN32_FIND_DATA, *PWIN32_FIND_DATA, *LPWIN32_FIND_DATA;
#define GetSystemDirectory GetSystemDirectoryW
#define FindFirstFile FindFirstFileW
#define FindNextFile FindNextFileW
#else
typedef WIN32_FIND_DATAA WIN32_FIND_DATA, *PWIN32_FIND_DATA, *LPWIN32_FIND_DATA;
#define GetSystemDirectory GetSystemDirectoryA
#define FindFirstFile FindFirstFileA
#define FindNextFile FindNextFileA
#endif

/* ---- resources (FindResource, LoadResource; LoadString is in winuser.h) ----
 * A module's resources are its .rc file compiled by a real resource compiler (llvm-rc or windres)
 * and linked into the shared object or program by portacm_add_resources (CMake) or portacm-rc
 * (docs/porting.md, "Resources"). hModule is a LoadLibrary handle, the HMODULE a DriverProc is
 * given (GetDriverModuleHandle), or NULL / GetModuleHandle(NULL) for the program.
 */
DECLARE_HANDLE(HRSRC);

#ifndef ERROR_RESOURCE_DATA_NOT_FOUND
#define ERROR_RESOURCE_DATA_NOT_FOUND 1812L
#endif
#ifndef ERROR_RESOURCE_TYPE_NOT_FOUND
#define ERROR_RESOURCE_TYPE_NOT_FOUND 1813L
#endif
#ifndef ERROR_RESOURCE_NAME_NOT_FOUND
#define ERROR_RESOURCE_NAME_NOT_FOUND 1814L
#endif
#ifndef ERROR_RESOURCE_LANG_NOT_FOUND
#define ERROR_RESOURCE_LANG_NOT_FOUND 1815L
#endif

/* FindResourceA/W - finds a resource by name and type.
 *   hModule [in] the module (see above).
 *   lpName  [in] the name: MAKEINTRESOURCE(id), "#id", or a string (ASCII letters match in any
 *                case, as Windows, whose resource compilers store names upper-cased).
 *   lpType  [in] the type: RT_STRING, RT_RCDATA, RT_VERSION ... (winuser.h), a user type's ID
 *                or string, as lpName.
 * When the resource exists in several languages: LANG_NEUTRAL, then en-US, then any English,
 * then the first one compiled (Windows would prefer the user's UI language).
 * Returns the resource's handle, or NULL with ERROR_INVALID_HANDLE (hModule not a loaded module),
 * ERROR_RESOURCE_DATA_NOT_FOUND (the module has no resources), ERROR_RESOURCE_TYPE_NOT_FOUND,
 * ERROR_RESOURCE_NAME_NOT_FOUND (no such type, or no such name of that type).
 */
PORTACM_API HRSRC WINAPI FindResourceA(HMODULE hModule, LPCSTR lpName, LPCSTR lpType);
PORTACM_API HRSRC WINAPI FindResourceW(HMODULE hModule, LPCWSTR lpName, LPCWSTR lpType);
/* FindResourceExA/W - FindResource for one language (note the order: type before name).
 * wLanguage 0 (MAKELANGID(LANG_NEUTRAL, SUBLANG_NEUTRAL)) chooses as FindResource does; any
 * other value must match exactly, else NULL with ERROR_RESOURCE_LANG_NOT_FOUND.
 */
PORTACM_API HRSRC WINAPI FindResourceExA(HMODULE hModule, LPCSTR lpType, LPCSTR lpName, WORD wLanguage);
PORTACM_API HRSRC WINAPI FindResourceExW(HMODULE hModule, LPCWSTR lpType, LPCWSTR lpName, WORD wLanguage);
/* LoadResource - the resource's data, read-only, valid while the module is loaded. Returns NULL
 * with ERROR_INVALID_HANDLE when hResInfo is not a resource of hModule (or hModule is not a
 * loaded module), ERROR_RESOURCE_DATA_NOT_FOUND when the module has no resources. */
PORTACM_API HGLOBAL WINAPI LoadResource(HMODULE hModule, HRSRC hResInfo);
/* LockResource - the address of LoadResource's data (the handle itself, as on Win32). */
PORTACM_API LPVOID WINAPI LockResource(HGLOBAL hResData);
/* SizeofResource - the size of the data in bytes; 0 with LoadResource's errors. */
PORTACM_API DWORD WINAPI SizeofResource(HMODULE hModule, HRSRC hResInfo);
/* FreeResource - nothing to free (resources live with their module); returns FALSE, as Win32. */
PORTACM_API BOOL WINAPI FreeResource(HGLOBAL hResData);

#ifdef UNICODE
#define FindResource FindResourceW
#define FindResourceEx FindResourceExW
#else
#define FindResource FindResourceA
#define FindResourceEx FindResourceExA
#endif

#ifdef UNICODE
#define CreateEvent CreateEventW
#else
#define CreateEvent CreateEventA
#endif

PORTACM_EXTERN_C_END

#endif /* PORTACM_WINBASE_H */
