/*
 * timeapi.h - the multimedia timers: the millisecond clock, timer capabilities, resolution
 * requests and timer events. Included by mmsystem.h, as on Windows; docs/timers.md explains
 * the timer thread, its limits and how lateness is measured.
 */
#ifndef PORTACM_TIMEAPI_H
#define PORTACM_TIMEAPI_H

#include "mmsystem.h"

PORTACM_EXTERN_C_BEGIN

#pragma pack(push, 1)

#define TIMERR_NOERROR 0
#define TIMERR_NOCANDO (TIMERR_BASE + 1)
#define TIMERR_STRUCT (TIMERR_BASE + 33)

/* timeSetEvent fuEvent: the kind of timer ... */
#define TIME_ONESHOT 0x0000
#define TIME_PERIODIC 0x0001
/* ... what happens when it fires (lpTimeProc is then an event handle for the EVENT kinds) ... */
#define TIME_CALLBACK_FUNCTION 0x0000
#define TIME_CALLBACK_EVENT_SET 0x0010
#define TIME_CALLBACK_EVENT_PULSE 0x0020
/* ... and whether timeKillEvent waits for a running callback. */
#define TIME_KILL_SYNCHRONOUS 0x0100

typedef struct timecaps_tag {
    UINT wPeriodMin; /* the smallest resolution and period, in milliseconds */
    UINT wPeriodMax; /* the largest */
} TIMECAPS, *PTIMECAPS, *NPTIMECAPS, *LPTIMECAPS;

/* The timer callback: uTimerID is timeSetEvent's result, uMsg and dw1/dw2 are 0. */
typedef void(CALLBACK TIMECALLBACK)(UINT uTimerID, UINT uMsg, DWORD_PTR dwUser, DWORD_PTR dw1, DWORD_PTR dw2);
typedef TIMECALLBACK *LPTIMECALLBACK;

/* timeGetTime - milliseconds since an arbitrary start (the monotonic clock), wrapping modulo
 * 2^32 as Windows' does after 49.7 days. Callable from any thread and from callbacks. */
PORTACM_API DWORD WINAPI timeGetTime(void);

/* timeGetSystemTime - the same clock as an MMTIME: wType = TIME_MS, u.ms = timeGetTime().
 *   pmmt [out] filled when cbmmt >= sizeof(MMTIME) (12); otherwise nothing is written.
 * Returns TIMERR_NOERROR, as Windows does whatever the arguments. */
PORTACM_API MMRESULT WINAPI timeGetSystemTime(LPMMTIME pmmt, UINT cbmmt);

/* timeGetDevCaps - the timer's range: wPeriodMin 1, wPeriodMax 65535 (milliseconds).
 * Returns TIMERR_NOERROR, or TIMERR_NOCANDO when ptc is NULL or cbtc < sizeof(TIMECAPS). */
PORTACM_API MMRESULT WINAPI timeGetDevCaps(LPTIMECAPS ptc, UINT cbtc);

/* timeBeginPeriod / timeEndPeriod - request (and release) a minimum timer resolution.
 * portacm's timers always run at their best resolution, so these only validate:
 * TIMERR_NOERROR for uPeriod in [1, 65535], TIMERR_NOCANDO otherwise. */
PORTACM_API MMRESULT WINAPI timeBeginPeriod(UINT uPeriod);
PORTACM_API MMRESULT WINAPI timeEndPeriod(UINT uPeriod);

/* timeSetEvent - starts a timer event that fires after uDelay ms (once, or every uDelay ms
 * with TIME_PERIODIC, on a schedule that does not drift: each deadline is the previous
 * deadline plus uDelay, and after a stall the missed periods fire back to back until the
 * schedule is met again, as on Windows). Callbacks run one at a time, earliest deadline first,
 * on the process's timer thread, at the highest priority the process may use (docs/timers.md),
 * with no portacm lock held; a callback may call timeSetEvent and timeKillEvent.
 *   uDelay       [in] 1..65535 ms.
 *   uResolution  [in] accepted and ignored (the timer always runs at its best resolution).
 *   lpTimeProc   [in] the callback, or an event handle with TIME_CALLBACK_EVENT_SET/PULSE
 *                     (SetEvent / PulseEvent on it each time; dwUser is then unused).
 *   dwUser       [in] passed to the callback.
 *   fuEvent      [in] TIME_ONESHOT or TIME_PERIODIC, a TIME_CALLBACK_* kind, TIME_KILL_SYNCHRONOUS.
 * Returns the timer ID (never 0; an ID is not reused for a long time, so a stale one is
 * rejected), or 0 (NULL) when fuEvent has a bit outside those flags (as Windows) or a callback
 * kind other than the three, uDelay is out of range, lpTimeProc is NULL, 16 timers already
 * exist (Windows' limit; a one-shot counts until its callback has returned), or the timer
 * thread cannot start. */
PORTACM_API MMRESULT WINAPI timeSetEvent(UINT uDelay, UINT uResolution, LPTIMECALLBACK lpTimeProc, DWORD_PTR dwUser,
                                         UINT fuEvent);

/* timeKillEvent - cancels a timer event. With TIME_KILL_SYNCHRONOUS, no callback of that timer
 * runs after this returns: a callback running on the timer thread is waited for, unless the
 * caller is that callback (a callback may kill its own timer, with or without the flag).
 * Without the flag it returns at once and a running callback may still be finishing.
 * A one-shot can be killed until its callback has returned.
 * Returns TIMERR_NOERROR, or MMSYSERR_INVALPARAM for an ID that is not a live timer, as
 * Microsoft documents (Wine returns TIMERR_NOCANDO; docs/timers.md). */
PORTACM_API MMRESULT WINAPI timeKillEvent(UINT uTimerID);

#pragma pack(pop)

PORTACM_EXTERN_C_END

#endif /* PORTACM_TIMEAPI_H */
