/*
 * winver_source.h - the lines a Windows ACM driver source uses to pick its version from WINVER
 * (the style of Microsoft's sample ACM drivers), and a function that reports what this
 * translation unit saw. test_winver.c includes it with no defines; winver_override_*.c with
 * WINVER or _WIN32_WINNT set on the command line, as a program overrides the SDK's defaults.
 */
#include <windows.h>
#include <mmsystem.h>
#include <msacm.h>
#include <msacmdrv.h>

#if (WINVER >= 0x0400)
#define VERSION_ACM_DRIVER MAKE_ACM_VERSION(4, 0, 0)
#else
#define VERSION_ACM_DRIVER MAKE_ACM_VERSION(3, 51, 0)
#endif

typedef struct winver_seen {
    unsigned winver, win32_winnt;
    DWORD driver_version;
} winver_seen;

/* 0 for a name the headers leave undefined, as the #if above takes it. */
#ifdef WINVER
#define SEEN_WINVER WINVER
#else
#define SEEN_WINVER 0
#endif
#ifdef _WIN32_WINNT
#define SEEN_WIN32_WINNT _WIN32_WINNT
#else
#define SEEN_WIN32_WINNT 0
#endif
#define WINVER_SEEN_INITIALIZER {SEEN_WINVER, SEEN_WIN32_WINNT, VERSION_ACM_DRIVER}

winver_seen winver_seen_default(void);
winver_seen winver_seen_winnt_0601(void);
winver_seen winver_seen_winver_0351(void);
