/*
 * midi_header.c - the MIDIHDR state machine (spec winmm-devices §4.4, §4.5, §5.5):
 * midiOut/midiIn Prepare and Unprepare (the driver's, or winmm's own when it answers
 * MMSYSERR_NOTSUPPORTED) and midiInAddBuffer. Sizes from 44 bytes (the 32-bit layout up to
 * dwOffset) are accepted: NAudio passes its own 120-byte natural-layout MIDIHDR.
 */
#include "midi_int.h"

MMRESULT pacm_midi_prepare(pacm_dev_class cls, uintptr_t handle, LPMIDIHDR pmh, UINT cbmh)
{
    if (!pmh || cbmh < MIDI_HDR_MIN)
        return MMSYSERR_INVALPARAM;
    pacm_midi *midi = pacm_midi_acquire(handle, cls);
    if (!midi)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result;
    if (pacm_midi_flags(pmh) & MHDR_PREPARED) {
        result = MMSYSERR_NOERROR;
    } else {
        result = pacm_midi_send(midi, cls == PACM_DEV_MIDIOUT ? MODM_PREPARE : MIDM_PREPARE, (DWORD_PTR)pmh, cbmh);
        if (result == MMSYSERR_NOTSUPPORTED) {
            if (!pmh->lpData) {
                result = MMSYSERR_INVALPARAM;
            } else {
                pmh->lpNext = NULL;
                pacm_midi_flags_change(pmh, MHDR_PREPARED, MHDR_DONE | MHDR_INQUEUE);
                result = MMSYSERR_NOERROR;
            }
        }
    }
    pacm_midi_release(handle);
    return result;
}

static MMRESULT unprepare(pacm_dev_class cls, uintptr_t handle, LPMIDIHDR pmh, UINT cbmh)
{
    if (!pmh || cbmh < MIDI_HDR_MIN)
        return MMSYSERR_INVALPARAM;
    pacm_midi *midi = pacm_midi_acquire(handle, cls);
    if (!midi)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result;
    if (!(pacm_midi_flags(pmh) & MHDR_PREPARED)) {
        result = MMSYSERR_NOERROR;
    } else if (pacm_midi_flags(pmh) & MHDR_INQUEUE) {
        result = MIDIERR_STILLPLAYING;
    } else {
        result = pacm_midi_send(midi, cls == PACM_DEV_MIDIOUT ? MODM_UNPREPARE : MIDM_UNPREPARE, (DWORD_PTR)pmh, cbmh);
        if (result == MMSYSERR_NOTSUPPORTED) {
            pacm_midi_flags_change(pmh, MHDR_DONE, MHDR_PREPARED);
            result = MMSYSERR_NOERROR;
        }
    }
    pacm_midi_release(handle);
    return result;
}

PORTACM_API MMRESULT WINAPI midiOutPrepareHeader(HMIDIOUT hmo, LPMIDIHDR pmh, UINT cbmh)
{
    return pacm_midi_prepare(PACM_DEV_MIDIOUT, (uintptr_t)hmo, pmh, cbmh);
}

PORTACM_API MMRESULT WINAPI midiOutUnprepareHeader(HMIDIOUT hmo, LPMIDIHDR pmh, UINT cbmh)
{
    return unprepare(PACM_DEV_MIDIOUT, (uintptr_t)hmo, pmh, cbmh);
}

PORTACM_API MMRESULT WINAPI midiInPrepareHeader(HMIDIIN hmi, LPMIDIHDR pmh, UINT cbmh)
{
    return pacm_midi_prepare(PACM_DEV_MIDIIN, (uintptr_t)hmi, pmh, cbmh);
}

PORTACM_API MMRESULT WINAPI midiInUnprepareHeader(HMIDIIN hmi, LPMIDIHDR pmh, UINT cbmh)
{
    return unprepare(PACM_DEV_MIDIIN, (uintptr_t)hmi, pmh, cbmh);
}

/* Order: NULL or short header / empty buffer -> INVALPARAM, not prepared -> UNPREPARED, handle,
 * queued -> STILLPLAYING. DONE is cleared, INQUEUE set and dwBytesRecorded zeroed before the
 * driver sees the header. */
PORTACM_API MMRESULT WINAPI midiInAddBuffer(HMIDIIN hmi, LPMIDIHDR pmh, UINT cbmh)
{
    if (!pmh || cbmh < MIDI_HDR_MIN || !pmh->lpData || pmh->dwBufferLength == 0)
        return MMSYSERR_INVALPARAM;
    if (!(pacm_midi_flags(pmh) & MHDR_PREPARED))
        return MIDIERR_UNPREPARED;
    uintptr_t handle = (uintptr_t)hmi;
    pacm_midi *midi = pacm_midi_acquire(handle, PACM_DEV_MIDIIN);
    if (!midi)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = MIDIERR_STILLPLAYING;
    if (!(pacm_midi_flags(pmh) & MHDR_INQUEUE)) {
        pmh->dwBytesRecorded = 0;
        pmh->lpNext = NULL;
        pacm_midi_flags_change(pmh, MHDR_INQUEUE, MHDR_DONE);
        result = pacm_midi_send(midi, MIDM_ADDBUFFER, (DWORD_PTR)pmh, cbmh);
        if (result != MMSYSERR_NOERROR)
            pacm_midi_flags_change(pmh, 0, MHDR_INQUEUE);
    }
    pacm_midi_release(handle);
    return result;
}
