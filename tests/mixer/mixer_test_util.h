/*
 * mixer_test_util.h - what the mixer tests share: a DriverProc for in-process device drivers
 * that only load and open, and message-only windows that receive mixer notifications.
 */
#ifndef MIXER_TEST_UTIL_H
#define MIXER_TEST_UTIL_H

#include "mmsystem.h"
#include "winuser.h"

/* Answers 1 to DRV_LOAD/FREE/OPEN/CLOSE/ENABLE/DISABLE, DefDriverProc to the rest. */
LRESULT CALLBACK mtu_driver_proc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM p1, LPARAM p2);
/* A new message-only window of the calling thread (NULL on failure). */
HWND mtu_window(void);

#endif
