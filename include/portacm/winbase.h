/*
 * winbase.h - the kernel32 subset portacm provides: thread IDs, the last-error value, event
 * objects and waits. Events are what DriverCallback(DCB_EVENT) sets.
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

/* GetLastError codes that portacm sets. */
#define ERROR_SUCCESS 0L
#define NO_ERROR 0L
#define ERROR_INVALID_FUNCTION 1L
#define ERROR_FILE_NOT_FOUND 2L
#define ERROR_ACCESS_DENIED 5L
#define ERROR_INVALID_HANDLE 6L
#define ERROR_NOT_ENOUGH_MEMORY 8L
#define ERROR_OUTOFMEMORY 14L
#define ERROR_NOT_SUPPORTED 50L
#define ERROR_INVALID_PARAMETER 87L
#define ERROR_CALL_NOT_IMPLEMENTED 120L
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

#ifdef UNICODE
#define CreateEvent CreateEventW
#else
#define CreateEvent CreateEventA
#endif

PORTACM_EXTERN_C_END

#endif /* PORTACM_WINBASE_H */
