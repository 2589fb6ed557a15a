/*
 * timer_clock.c - the multimedia clock: timeGetTime, timeGetSystemTime, timeGetDevCaps and the
 * resolution requests timeBeginPeriod/timeEndPeriod (which only validate: the timers always
 * run at their best resolution).
 */
#include <time.h>

#include "timer_int.h"

uint64_t pacm_timer_now_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

/* Milliseconds of CLOCK_MONOTONIC, truncated to 32 bits: wraps after 49.7 days like Windows'
 * counter, so callers that subtract two readings keep working across the wrap. */
DWORD WINAPI timeGetTime(void)
{
    return (DWORD)(pacm_timer_now_ns() / 1000000u);
}

/* Windows fills the MMTIME only when it is big enough and reports success either way. */
MMRESULT WINAPI timeGetSystemTime(LPMMTIME pmmt, UINT cbmmt)
{
    if (pmmt && cbmmt >= sizeof(MMTIME)) {
        pmmt->wType = TIME_MS;
        pmmt->u.ms = timeGetTime();
    }
    return TIMERR_NOERROR;
}

MMRESULT WINAPI timeGetDevCaps(LPTIMECAPS ptc, UINT cbtc)
{
    if (!ptc || cbtc < sizeof(TIMECAPS))
        return TIMERR_NOCANDO;
    ptc->wPeriodMin = TIMER_PERIOD_MIN;
    ptc->wPeriodMax = TIMER_PERIOD_MAX;
    return TIMERR_NOERROR;
}

static MMRESULT period_check(UINT uPeriod)
{
    return uPeriod >= TIMER_PERIOD_MIN && uPeriod <= TIMER_PERIOD_MAX ? TIMERR_NOERROR : TIMERR_NOCANDO;
}

MMRESULT WINAPI timeBeginPeriod(UINT uPeriod)
{
    return period_check(uPeriod);
}

MMRESULT WINAPI timeEndPeriod(UINT uPeriod)
{
    return period_check(uPeriod);
}
