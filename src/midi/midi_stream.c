/*
 * midi_stream.c - midiStreamOpen, Out, Pause, Restart, Stop, Close, Position and Property (spec
 * winmm-devices §4.6, §6.10). A stream is an HMIDIOUT whose instance has a player
 * (midi_player.c); its driver is opened interposed, and winmm sends the client MOM_OPEN,
 * MOM_DONE, MOM_POSITIONCB and MOM_CLOSE itself.
 */
#include <string.h>

#include "midi_int.h"

PORTACM_API MMRESULT WINAPI midiStreamOpen(LPHMIDISTRM phms, LPUINT puDeviceID, DWORD cMidi, DWORD_PTR dwCallback,
                                           DWORD_PTR dwInstance, DWORD fdwOpen)
{
    if (cMidi != 1 || !phms || !puDeviceID)
        return MMSYSERR_INVALPARAM;
    *phms = NULL;
    pacm_midi_player *player = pacm_midi_player_create();
    if (!player)
        return MMSYSERR_NOMEM;
    uintptr_t handle = 0;
    UINT id = *puDeviceID;
    MMRESULT result = pacm_midi_open(PACM_DEV_MIDIOUT, &handle, id, dwCallback, dwInstance,
                                     fdwOpen & CALLBACK_TYPEMASK, true, player);
    if (result != MMSYSERR_NOERROR) {
        pacm_mem_free(player);
        return result;
    }
    pacm_midi *midi = pacm_midi_acquire(handle, PACM_DEV_MIDIOUT);
    if (!pacm_midi_player_start(midi)) {
        pacm_midi_send(midi, MODM_CLOSE, 0, 0);
        midi->player = NULL;
        pacm_midi_release(handle);
        pacm_midi_handle_discard(handle);
        pacm_mem_free(player);
        return MMSYSERR_NOMEM;
    }
    *puDeviceID = midi->id;
    pacm_midi_notify(midi, MOM_OPEN, 0, 0);
    pacm_midi_release(handle);
    *phms = (HMIDISTRM)handle;
    return MMSYSERR_NOERROR;
}

/* The stream named by `hms`, held; NULL for anything else (a plain HMIDIOUT too). */
static pacm_midi *acquire_stream(HMIDISTRM hms)
{
    uintptr_t handle = (uintptr_t)hms;
    pacm_midi *midi = pacm_midi_acquire(handle, PACM_DEV_MIDIOUT);
    if (midi && !midi->player) {
        pacm_midi_release(handle);
        return NULL;
    }
    return midi;
}

static MMRESULT close_stream(pacm_midi *midi)
{
    pacm_midi_player_stop(midi);
    pacm_midi_player_destroy(midi);
    MMRESULT result = pacm_midi_send(midi, MODM_CLOSE, 0, 0);
    pacm_midi_notify(midi, MOM_CLOSE, 0, 0);
    return result == MIDIERR_STILLPLAYING ? MMSYSERR_NOERROR : result;
}

PORTACM_API MMRESULT WINAPI midiStreamClose(HMIDISTRM hms)
{
    pacm_midi *midi = acquire_stream(hms);
    if (!midi)
        return MMSYSERR_INVALHANDLE;
    return pacm_midi_close((uintptr_t)hms, midi, close_stream);
}

/* Windows' order: the header (size, NULL, data, lengths, events), not prepared, queued, then
 * the handle. */
PORTACM_API MMRESULT WINAPI midiStreamOut(HMIDISTRM hms, LPMIDIHDR pmh, UINT cbmh)
{
    if (cbmh < MIDI_HDR_MIN || !pmh || !pmh->lpData || pmh->dwBufferLength < pmh->dwBytesRecorded ||
        pmh->dwBytesRecorded % 4 != 0 || !pacm_midi_stream_buffer_valid(pmh->lpData, pmh->dwBytesRecorded))
        return MMSYSERR_INVALPARAM;
    if (!(pacm_midi_flags(pmh) & MHDR_PREPARED))
        return MIDIERR_UNPREPARED;
    if (pacm_midi_flags(pmh) & MHDR_INQUEUE)
        return MIDIERR_STILLPLAYING;
    pacm_midi *midi = acquire_stream(hms);
    if (!midi)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = pacm_midi_player_queue(midi, pmh);
    pacm_midi_release((uintptr_t)hms);
    return result;
}

static MMRESULT control(HMIDISTRM hms, void (*action)(pacm_midi *midi))
{
    pacm_midi *midi = acquire_stream(hms);
    if (!midi)
        return MMSYSERR_INVALHANDLE;
    action(midi);
    pacm_midi_release((uintptr_t)hms);
    return MMSYSERR_NOERROR;
}

PORTACM_API MMRESULT WINAPI midiStreamPause(HMIDISTRM hms)
{
    return control(hms, pacm_midi_player_pause);
}

PORTACM_API MMRESULT WINAPI midiStreamRestart(HMIDISTRM hms)
{
    return control(hms, pacm_midi_player_restart);
}

PORTACM_API MMRESULT WINAPI midiStreamStop(HMIDISTRM hms)
{
    return control(hms, pacm_midi_player_stop);
}

/* Order: handle, then the MMTIME (NULL or cbmmt != sizeof(MMTIME): INVALPARAM). */
PORTACM_API MMRESULT WINAPI midiStreamPosition(HMIDISTRM hms, LPMMTIME lpmmt, UINT cbmmt)
{
    pacm_midi *midi = acquire_stream(hms);
    if (!midi)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = !lpmmt || cbmmt != sizeof(MMTIME) ? MMSYSERR_INVALPARAM : pacm_midi_player_position(midi, lpmmt);
    pacm_midi_release((uintptr_t)hms);
    return result;
}

/* Order: handle, then exactly one of GET/SET, then one property with cbStruct 8. */
PORTACM_API MMRESULT WINAPI midiStreamProperty(HMIDISTRM hms, LPBYTE lppropdata, DWORD dwProperty)
{
    pacm_midi *midi = acquire_stream(hms);
    if (!midi)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = MMSYSERR_INVALPARAM;
    DWORD how = dwProperty & (MIDIPROP_GET | MIDIPROP_SET), what = dwProperty & ~(MIDIPROP_GET | MIDIPROP_SET);
    if (lppropdata && (how == MIDIPROP_GET || how == MIDIPROP_SET) &&
        (what == MIDIPROP_TEMPO || what == MIDIPROP_TIMEDIV)) {
        DWORD cb;
        memcpy(&cb, lppropdata, sizeof cb);
        if (cb == sizeof(MIDIPROPTEMPO))
            result = pacm_midi_player_property(midi, lppropdata, dwProperty);
    }
    pacm_midi_release((uintptr_t)hms);
    return result;
}
