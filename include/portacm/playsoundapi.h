/*
 * playsoundapi.h - PlaySound and sndPlaySound: play a WAV file, a WAV image in memory, a
 * resource or a named system sound through the wave mapper. Included by mmsystem.h, as on
 * Windows; docs/playsound.md describes the sources, the aliases and their configuration.
 */
#ifndef PORTACM_PLAYSOUNDAPI_H
#define PORTACM_PLAYSOUNDAPI_H

#include "mmsystem.h"

PORTACM_EXTERN_C_BEGIN

#define SND_SYNC 0x0000
#define SND_ASYNC 0x0001
#define SND_NODEFAULT 0x0002
#define SND_MEMORY 0x0004
#define SND_LOOP 0x0008
#define SND_NOSTOP 0x0010
#define SND_PURGE 0x0040
#define SND_APPLICATION 0x0080
#define SND_NOWAIT 0x00002000L
#define SND_ALIAS 0x00010000L
#define SND_ALIAS_ID 0x00110000L
#define SND_FILENAME 0x00020000L
#define SND_RESOURCE 0x00040004L
#define SND_SENTRY 0x00080000L
#define SND_RING 0x00100000L
#define SND_SYSTEM 0x00200000L

#define SND_ALIAS_START 0
#define sndAlias(c0, c1) (SND_ALIAS_START + ((DWORD)(BYTE)(c0) | ((DWORD)(BYTE)(c1) << 8)))
#define SND_ALIAS_SYSTEMASTERISK sndAlias('S', '*')
#define SND_ALIAS_SYSTEMQUESTION sndAlias('S', '?')
#define SND_ALIAS_SYSTEMHAND sndAlias('S', 'H')
#define SND_ALIAS_SYSTEMEXIT sndAlias('S', 'E')
#define SND_ALIAS_SYSTEMSTART sndAlias('S', 'S')
#define SND_ALIAS_SYSTEMWELCOME sndAlias('S', 'W')
#define SND_ALIAS_SYSTEMEXCLAMATION sndAlias('S', '!')
#define SND_ALIAS_SYSTEMDEFAULT sndAlias('S', 'D')

/* PlaySound - plays pszSound: a file name (SND_FILENAME), a RIFF WAVE image in memory
 * (SND_MEMORY), a WAVE resource of hmod (SND_RESOURCE), an alias (SND_ALIAS, SND_ALIAS_ID), or
 * with no type flag an alias, then a file. One sound plays at a time: a new call stops the
 * current one unless SND_NOSTOP (then FALSE while one plays); SND_PURGE or a NULL pszSound
 * stops it. SND_SYNC returns after the end, SND_ASYNC at once, SND_LOOP (with SND_ASYNC)
 * repeats until stopped. The default sound plays when the sound is not found, unless
 * SND_NODEFAULT. Returns TRUE on success. */
PORTACM_API BOOL WINAPI PlaySoundA(LPCSTR pszSound, HMODULE hmod, DWORD fdwSound);
PORTACM_API BOOL WINAPI PlaySoundW(LPCWSTR pszSound, HMODULE hmod, DWORD fdwSound);
/* sndPlaySound - PlaySound(pszSound, NULL, fuSound) with fuSound masked to the flags
 * sndPlaySound knows (SYNC, ASYNC, NODEFAULT, MEMORY, LOOP, NOSTOP, ALIAS_ID, FILENAME,
 * RESOURCE). */
PORTACM_API BOOL WINAPI sndPlaySoundA(LPCSTR pszSound, UINT fuSound);
PORTACM_API BOOL WINAPI sndPlaySoundW(LPCWSTR pszSound, UINT fuSound);
/* mmsystemGetVersion - 0x030A, as Windows. */
PORTACM_API UINT WINAPI mmsystemGetVersion(void);

#ifdef UNICODE
#define PlaySound PlaySoundW
#define sndPlaySound sndPlaySoundW
#else
#define PlaySound PlaySoundA
#define sndPlaySound sndPlaySoundA
#endif

PORTACM_EXTERN_C_END

#endif /* PORTACM_PLAYSOUNDAPI_H */
