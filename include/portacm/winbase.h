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

/* The calling thread's ID: non-zero, unique among the process's live threads. On Linux it is
 * the kernel thread ID (what ps, top and gdb show). */
PORTACM_API DWORD WINAPI GetCurrentThreadId(void);
PORTACM_API DWORD WINAPI GetCurrentProcessId(void);
PORTACM_API DWORD WINAPI GetLastError(void);
PORTACM_API void WINAPI SetLastError(DWORD dwErrCode);

/* Events. lpEventAttributes is accepted and ignored; named events are process-local: a second
 * CreateEvent with the same name returns a new handle to the same event and sets
 * ERROR_ALREADY_EXISTS, as on Windows. */
PORTACM_API HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState,
                                       LPCSTR lpName);
PORTACM_API HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState,
                                       LPCWSTR lpName);
PORTACM_API BOOL WINAPI SetEvent(HANDLE hEvent);
PORTACM_API BOOL WINAPI ResetEvent(HANDLE hEvent);
PORTACM_API BOOL WINAPI CloseHandle(HANDLE hObject);
/* Waits work on event handles. WAIT_OBJECT_0 + i for the lowest signalled index (wait-any) or
 * WAIT_OBJECT_0 (wait-all, where every auto-reset event is consumed in one atomic step);
 * WAIT_TIMEOUT; WAIT_FAILED with ERROR_INVALID_HANDLE for a handle that is not a live event,
 * or ERROR_INVALID_PARAMETER for nCount 0 or above MAXIMUM_WAIT_OBJECTS, or the same event
 * twice in a wait-all. A timeout of 0 polls; INFINITE never times out. Closing a handle while
 * another thread waits on it does not end that wait. CloseHandle fails with
 * ERROR_INVALID_HANDLE for anything but a live event handle (window handles included). */
PORTACM_API DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds);
PORTACM_API DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll,
                                                DWORD dwMilliseconds);
PORTACM_API void WINAPI Sleep(DWORD dwMilliseconds);
PORTACM_API DWORD WINAPI GetTickCount(void);

/* Linux extension: a file descriptor that polls readable while hEvent is signalled (and, for an
 * auto-reset event, until a wait consumes the signal: after poll() says readable, call
 * WaitForSingleObject(hEvent, 0) to take it). Owned by the event: do not close, read or write
 * it; it lives as long as the event object. An eventfd on Linux, the read end of a pipe on other
 * POSIX systems. Returns -1 with ERROR_INVALID_HANDLE for a handle that is not an event. */
PORTACM_API int portacm_event_fd(HANDLE hEvent);

#ifdef UNICODE
#define CreateEvent CreateEventW
#else
#define CreateEvent CreateEventA
#endif

PORTACM_EXTERN_C_END

#endif /* PORTACM_WINBASE_H */
