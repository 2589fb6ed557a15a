/*
 * windowsx.h - the macro helpers of Windows' windowsx.h that ACM drivers and clients use: the
 * Global*Ptr memory macros (a moveable global block used through its locked address), the
 * C runtime porting macros of 16-bit code (_fmemcpy and the other "far" names), and a few
 * window and message helpers. Everything here is a macro over functions of winbase.h and
 * winuser.h, exactly as in Windows' header; nothing is exported.
 *
 * The _f* names expand to the compiler's __builtin_ string functions, so that this header,
 * like windows.h, includes no C library header (a program's own global named `index` still
 * compiles). A program that wants the plain names (memcpy...) includes <string.h> itself.
 */
#ifndef PORTACM_WINDOWSX_H
#define PORTACM_WINDOWSX_H

#include "windows.h"

/* ---- KERNEL macro APIs: moveable global memory through its address ---- */
#define GetInstanceModule(hInstance) ((HMODULE)(hInstance))
/* The handle of the moveable global block whose locked address lp is. */
#define GlobalPtrHandle(lp) ((HGLOBAL)GlobalHandle(lp))
#define GlobalLockPtr(lp) ((BOOL)(ULONG_PTR)GlobalLock(GlobalPtrHandle(lp)))
#define GlobalUnlockPtr(lp) GlobalUnlock(GlobalPtrHandle(lp))
/* Allocates and locks: the address of a new block (GMEM_MOVEABLE in flags gives a moveable
 * block locked once), or NULL with GlobalAlloc's error. */
#define GlobalAllocPtr(flags, cb) (GlobalLock(GlobalAlloc((flags), (cb))))
/* Unlocks, reallocates and locks again; the block's new address, or NULL. */
#define GlobalReAllocPtr(lp, cbNew, flags) \
    (GlobalUnlockPtr(lp), GlobalLock(GlobalReAlloc(GlobalPtrHandle(lp), (cbNew), (flags))))
/* Unlocks and frees. As in Windows' header its value is FALSE on success (GlobalFree's NULL). */
#define GlobalFreePtr(lp) (GlobalUnlockPtr(lp), (BOOL)(ULONG_PTR)GlobalFree(GlobalPtrHandle(lp)))

/* ---- C runtime porting macros: 16-bit near/far names for the flat ones ---- */
#define _fmemchr __builtin_memchr
#define _fmemcmp __builtin_memcmp
#define _fmemcpy __builtin_memcpy
#define _fmemmove __builtin_memmove
#define _fmemset __builtin_memset
#define _fstrcat __builtin_strcat
#define _fstrchr __builtin_strchr
#define _fstrcmp __builtin_strcmp
#define _fstrcpy __builtin_strcpy
#define _fstrcspn __builtin_strcspn
#define _fstrlen __builtin_strlen
#define _fstrncat __builtin_strncat
#define _fstrncmp __builtin_strncmp
#define _fstrncpy __builtin_strncpy
#define _fstrpbrk __builtin_strpbrk
#define _fstrrchr __builtin_strrchr
#define _fstrspn __builtin_strspn
#define _fstrstr __builtin_strstr
#define hmemcpy MoveMemory

/* ---- USER macro APIs and message parameters ---- */
#define GetWindowInstance(hwnd) ((HMODULE)GetWindowLongPtr((hwnd), GWLP_HINSTANCE))
#define GetWindowStyle(hwnd) ((DWORD)GetWindowLongPtr((hwnd), GWL_STYLE))
#define GetWindowExStyle(hwnd) ((DWORD)GetWindowLongPtr((hwnd), GWL_EXSTYLE))
#define GetWindowOwner(hwnd) ((HWND)GetWindowLongPtr((hwnd), GWLP_HWNDPARENT))
#define GetWindowID(hwnd) ((int)GetWindowLongPtr((hwnd), GWLP_ID))
#define SubclassWindow(hwnd, lpfn) ((WNDPROC)SetWindowLongPtr((hwnd), GWLP_WNDPROC, (LONG_PTR)(WNDPROC)(lpfn)))
/* Signed coordinates packed in an LPARAM. */
#define GET_X_LPARAM(lp) ((int)(short)LOWORD(lp))
#define GET_Y_LPARAM(lp) ((int)(short)HIWORD(lp))
/* The parts of a WM_COMMAND message (the Win32 packing). */
#define GET_WM_COMMAND_ID(wp, lp) LOWORD(wp)
#define GET_WM_COMMAND_HWND(wp, lp) ((HWND)(lp))
#define GET_WM_COMMAND_CMD(wp, lp) HIWORD(wp)
#define GET_WM_COMMAND_MPS(id, hwnd, cmd) (WPARAM) MAKELONG(id, cmd), (LPARAM)(hwnd)

#endif /* PORTACM_WINDOWSX_H */
