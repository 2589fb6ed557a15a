/*
 * driver_callback.c - DriverCallback: how a driver tells its client that something happened
 * (a buffer is done, a stream opened or closed).
 *
 * Native Windows behaviour, which Wine 9 matches and ReactOS does not (ReactOS answers TRUE for
 * everything): the type is dwFlags & DCB_TYPEMASK and DCB_NOSWITCH is ignored; a zero
 * dwCallback and DCB_NULL give FALSE; a window or thread receives only (hDevice, dwParam1) as
 * (wParam, lParam), and the result is that of the post, so a full queue or a dead window,
 * thread or event gives FALSE; a function gets all five values synchronously and the result
 * is TRUE; types 4, 6 and 7 give FALSE.
 */
#include "driver_int.h"
#include "mmddk.h"
#include "win32_int.h"

BOOL WINAPI DriverCallback(DWORD_PTR dwCallback, DWORD dwFlags, HDRVR hDevice, DWORD dwMsg, DWORD_PTR dwUser,
                           DWORD_PTR dwParam1, DWORD_PTR dwParam2)
{
    if (dwCallback == 0)
        return FALSE;
    switch (dwFlags & DCB_TYPEMASK) {
    case DCB_FUNCTION:
        ((LPDRVCALLBACK)dwCallback)(hDevice, dwMsg, dwUser, dwParam1, dwParam2);
        return TRUE;
    case DCB_WINDOW:
        return PostMessageA((HWND)dwCallback, dwMsg, (WPARAM)hDevice, (LPARAM)dwParam1);
    case DCB_TASK:
        return PostThreadMessageA((DWORD)dwCallback, dwMsg, (WPARAM)hDevice, (LPARAM)dwParam1);
    case DCB_EVENT:
        /* not one of ours: perhaps a managed event of the Mono runtime (driver_callback_mono.c) */
        if (SetEvent((HANDLE)dwCallback))
            return TRUE;
        return pacm_drv_mono_set_event((void *)dwCallback) ? TRUE : FALSE;
    case DCB_NULL:
    default:
        pacm_log_debug("DriverCallback: notification type %u gives FALSE", (unsigned)(dwFlags & DCB_TYPEMASK));
        return FALSE;
    }
}
