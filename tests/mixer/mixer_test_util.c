/*
 * mixer_test_util.c - the mixer tests' shared helpers (mixer_test_util.h).
 */
#include "mixer_test_util.h"

#include <string.h>

LRESULT CALLBACK mtu_driver_proc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM p1, LPARAM p2)
{
    switch (msg) {
    case DRV_LOAD:
    case DRV_FREE:
    case DRV_OPEN:
    case DRV_CLOSE:
    case DRV_ENABLE:
    case DRV_DISABLE:
        return 1;
    default:
        return DefDriverProc(id, hdrvr, msg, p1, p2);
    }
}

HWND mtu_window(void)
{
    static ATOM atom;
    if (!atom) {
        WNDCLASSA wc;
        memset(&wc, 0, sizeof wc);
        wc.lpfnWndProc = DefWindowProcA;
        wc.lpszClassName = "portacm_mixer_test_window";
        atom = RegisterClassA(&wc);
        if (!atom)
            return NULL;
    }
    return CreateWindowExA(0, "portacm_mixer_test_window", "", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
}
