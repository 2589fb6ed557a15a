/*
 * win32_pulse_event.c - PulseEvent, for timeSetEvent's TIME_CALLBACK_EVENT_PULSE.
 *
 * A faithful pulse releases the threads waiting at that moment and leaves the event
 * non-signalled; that needs the event object to count pulses so that a woken waiter, which
 * re-checks the state after waking, still sees the pulse it was woken for. The event object is
 * private to win32_event.c, so until that layer tracks pulses this signals the event as
 * SetEvent does: a thread waiting on an auto-reset event (the common use) is released exactly
 * as by a pulse, but with nobody waiting the signal stays until a wait consumes it
 * (winbase.h records the difference).
 */
#include "win32_int.h"

BOOL WINAPI PulseEvent(HANDLE hEvent)
{
    return SetEvent(hEvent);
}
