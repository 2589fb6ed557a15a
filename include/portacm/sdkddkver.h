/*
 * sdkddkver.h - the Windows version a program is written for, as the current Windows SDK
 * defaults it: _WIN32_WINNT is the newest version (Windows 10, 0x0A00) unless the program
 * defines it, and WINVER follows _WIN32_WINNT unless the program defines it. Sources choose
 * code and constants with `#if (WINVER >= 0x0400)` and the like; without these defaults such a
 * test sees 0 and picks the Windows 3.x branch. windef.h includes this header.
 * Not provided: NTDDI_VERSION and _WIN32_IE.
 */
#ifndef PORTACM_SDKDDKVER_H
#define PORTACM_SDKDDKVER_H

/* ---- the version numbers, as _WIN32_WINNT and WINVER spell them ---- */
#define _WIN32_WINNT_NT4 0x0400
#define _WIN32_WINNT_WIN2K 0x0500
#define _WIN32_WINNT_WINXP 0x0501
#define _WIN32_WINNT_WS03 0x0502
#define _WIN32_WINNT_WIN6 0x0600
#define _WIN32_WINNT_VISTA 0x0600
#define _WIN32_WINNT_WS08 0x0600
#define _WIN32_WINNT_LONGHORN 0x0600
#define _WIN32_WINNT_WIN7 0x0601
#define _WIN32_WINNT_WIN8 0x0602
#define _WIN32_WINNT_WINBLUE 0x0603
#define _WIN32_WINNT_WINTHRESHOLD 0x0A00
#define _WIN32_WINNT_WIN10 0x0A00
#define _WIN32_WINNT_MAXVER 0x0A00
#define WINVER_MAXVER 0x0A00

/* ---- the defaults; a program overrides them by defining them first ---- */
#ifndef _WIN32_WINNT
#define _WIN32_WINNT _WIN32_WINNT_MAXVER
#endif
#ifndef WINVER
#define WINVER _WIN32_WINNT
#endif

#endif /* PORTACM_SDKDDKVER_H */
