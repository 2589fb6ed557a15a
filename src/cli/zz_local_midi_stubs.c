/* LOCAL-ONLY (never committed): stands in for the midi API until the midicore branch lands. */
#include <windows.h>
#include <mmsystem.h>
UINT WINAPI midiOutGetNumDevs(void) { return 0; }
UINT WINAPI midiInGetNumDevs(void) { return 0; }
MMRESULT WINAPI midiOutGetErrorTextA(MMRESULT m, LPSTR t, UINT n) { (void)m; if (n) t[0] = 0; return 0; }
MMRESULT WINAPI midiOutGetDevCapsA(UINT_PTR i, LPMIDIOUTCAPSA c, UINT n) { (void)i; (void)c; (void)n; return MMSYSERR_BADDEVICEID; }
MMRESULT WINAPI midiInGetDevCapsA(UINT_PTR i, LPMIDIINCAPSA c, UINT n) { (void)i; (void)c; (void)n; return MMSYSERR_BADDEVICEID; }
MMRESULT WINAPI midiStreamOpen(LPHMIDISTRM a, LPUINT b, DWORD c, DWORD_PTR d, DWORD_PTR e, DWORD f) { (void)a; (void)b; (void)c; (void)d; (void)e; (void)f; return MMSYSERR_NODRIVER; }
MMRESULT WINAPI midiStreamPosition(HMIDISTRM a, LPMMTIME b, UINT c) { (void)a; (void)b; (void)c; return 1; }
MMRESULT WINAPI midiStreamOut(HMIDISTRM a, LPMIDIHDR b, UINT c) { (void)a; (void)b; (void)c; return 1; }
MMRESULT WINAPI midiStreamRestart(HMIDISTRM a) { (void)a; return 1; }
MMRESULT WINAPI midiStreamStop(HMIDISTRM a) { (void)a; return 1; }
MMRESULT WINAPI midiStreamClose(HMIDISTRM a) { (void)a; return 1; }
MMRESULT WINAPI midiStreamProperty(HMIDISTRM a, LPBYTE b, DWORD c) { (void)a; (void)b; (void)c; return 1; }
MMRESULT WINAPI midiOutPrepareHeader(HMIDIOUT a, LPMIDIHDR b, UINT c) { (void)a; (void)b; (void)c; return 1; }
MMRESULT WINAPI midiOutUnprepareHeader(HMIDIOUT a, LPMIDIHDR b, UINT c) { (void)a; (void)b; (void)c; return 1; }
