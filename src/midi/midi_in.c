/*
 * midi_in.c - midiInStart / midiInStop / midiInReset and MIDI thru (midiConnect,
 * midiDisconnect; spec winmm-devices §4.5, §6.12).
 *
 * Thru: midiConnect first asks the input's driver (DRVM_ADD_THRU, dwParam1 = the output handle).
 * A driver that answers MMSYSERR_NOTSUPPORTED gets winmm's thru: every MIM_DATA of the input is
 * sent to the output as a short message and every MIM_LONGDATA's bytes as a long message, before
 * the input's client is notified. An input has at most one thru output (a second connect is
 * MIDIERR_NOTREADY, as on Windows). An output handle as `hmi` (an output driver's own thru) is
 * passed to its driver; MIDIERR_NOTREADY when the driver cannot.
 */
#include <string.h>
#include <time.h>

#include "midi_int.h"

static MMRESULT in_simple(HMIDIIN hmi, UINT msg)
{
    uintptr_t handle = (uintptr_t)hmi;
    pacm_midi *midi = pacm_midi_acquire(handle, PACM_DEV_MIDIIN);
    if (!midi)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = pacm_midi_send(midi, msg, 0, 0);
    pacm_midi_release(handle);
    return result;
}

PORTACM_API MMRESULT WINAPI midiInStart(HMIDIIN hmi)
{
    return in_simple(hmi, MIDM_START);
}

PORTACM_API MMRESULT WINAPI midiInStop(HMIDIIN hmi)
{
    return in_simple(hmi, MIDM_STOP);
}

PORTACM_API MMRESULT WINAPI midiInReset(HMIDIIN hmi)
{
    return in_simple(hmi, MIDM_RESET);
}

/* Sends `bytes` to `out` as one long message and waits (up to a second) until the driver gives
 * the header back. */
static void forward_long(uintptr_t out, const char *bytes, DWORD size)
{
    char *copy = pacm_mem_alloc(size);
    if (!copy)
        return;
    memcpy(copy, bytes, size);
    MIDIHDR header = {.lpData = copy, .dwBufferLength = size, .dwBytesRecorded = size};
    if (midiOutPrepareHeader((HMIDIOUT)out, &header, sizeof header) == MMSYSERR_NOERROR) {
        if (midiOutLongMsg((HMIDIOUT)out, &header, sizeof header) == MMSYSERR_NOERROR) {
            for (int i = 0; i < 1000 && !(pacm_midi_flags(&header) & MHDR_DONE); i++)
                nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
        }
        if (midiOutUnprepareHeader((HMIDIOUT)out, &header, sizeof header) == MIDIERR_STILLPLAYING) {
            midiOutReset((HMIDIOUT)out);
            midiOutUnprepareHeader((HMIDIOUT)out, &header, sizeof header);
        }
    }
    pacm_mem_free(copy);
}

void pacm_midi_thru_forward(pacm_midi *in, UINT msg, DWORD_PTR p1)
{
    pthread_mutex_lock(&in->thru_lock);
    uintptr_t out = in->thru_winmm ? in->thru : 0;
    pthread_mutex_unlock(&in->thru_lock);
    if (!out)
        return;
    if (msg == MIM_DATA) {
        pacm_midi *target = pacm_midi_acquire(out, PACM_DEV_MIDIOUT);
        if (target) {
            pacm_midi_send(target, MODM_DATA, p1, 0);
            pacm_midi_release(out);
        }
    } else if (msg == MIM_LONGDATA && p1) {
        const MIDIHDR *header = (const MIDIHDR *)p1;
        if (header->dwBytesRecorded > 0 && header->dwBytesRecorded <= header->dwBufferLength)
            forward_long(out, header->lpData, header->dwBytesRecorded);
    }
}

/* `hmi` as an output: only its driver's own thru. */
static MMRESULT output_thru(uintptr_t hmi, uintptr_t hmo, UINT msg)
{
    pacm_midi *source = pacm_midi_acquire(hmi, PACM_DEV_MIDIOUT);
    if (!source)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = pacm_midi_send(source, msg, hmo, 0);
    pacm_midi_release(hmi);
    return result == MMSYSERR_NOTSUPPORTED ? MIDIERR_NOTREADY : result;
}

PORTACM_API MMRESULT WINAPI midiConnect(HMIDI hmi, HMIDIOUT hmo, LPVOID pReserved)
{
    (void)pReserved;
    uintptr_t in_handle = (uintptr_t)hmi, out_handle = (uintptr_t)hmo;
    if (!pacm_midi_is_handle(out_handle, PACM_DEV_MIDIOUT))
        return MMSYSERR_INVALHANDLE;
    pacm_midi *in = pacm_midi_acquire(in_handle, PACM_DEV_MIDIIN);
    if (!in)
        return output_thru(in_handle, out_handle, DRVM_ADD_THRU);
    MMRESULT result;
    pthread_mutex_lock(&in->thru_lock);
    bool busy = in->thru != 0;
    pthread_mutex_unlock(&in->thru_lock);
    if (busy) {
        result = MIDIERR_NOTREADY;
    } else {
        result = pacm_midi_send(in, DRVM_ADD_THRU, out_handle, 0);
        bool by_winmm = result == MMSYSERR_NOTSUPPORTED;
        if (by_winmm)
            result = MMSYSERR_NOERROR;
        if (result == MMSYSERR_NOERROR) {
            pthread_mutex_lock(&in->thru_lock);
            in->thru = out_handle;
            in->thru_winmm = by_winmm;
            pthread_mutex_unlock(&in->thru_lock);
        }
    }
    pacm_midi_release(in_handle);
    return result;
}

PORTACM_API MMRESULT WINAPI midiDisconnect(HMIDI hmi, HMIDIOUT hmo, LPVOID pReserved)
{
    (void)pReserved;
    uintptr_t in_handle = (uintptr_t)hmi, out_handle = (uintptr_t)hmo;
    pacm_midi *in = pacm_midi_acquire(in_handle, PACM_DEV_MIDIIN);
    if (!in) {
        if (!pacm_midi_is_handle(out_handle, PACM_DEV_MIDIOUT))
            return MMSYSERR_INVALHANDLE;
        return output_thru(in_handle, out_handle, DRVM_REMOVE_THRU);
    }
    MMRESULT result = MMSYSERR_NOERROR;
    pthread_mutex_lock(&in->thru_lock);
    bool connected = in->thru == out_handle && out_handle != 0, by_winmm = in->thru_winmm;
    if (connected) {
        in->thru = 0;
        in->thru_winmm = false;
    }
    pthread_mutex_unlock(&in->thru_lock);
    if (connected && !by_winmm)
        result = pacm_midi_send(in, DRVM_REMOVE_THRU, out_handle, 0);
    else if (!connected && !pacm_midi_is_handle(out_handle, PACM_DEV_MIDIOUT))
        result = MMSYSERR_INVALHANDLE;
    pacm_midi_release(in_handle);
    return result;
}
