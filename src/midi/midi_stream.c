/*
 * midi_stream.c - midiStreamOpen, Out, Pause, Restart, Stop, Close, Position and Property (spec
 * winmm-devices §4.6, §5.5, §6.10). A stream is an HMIDIOUT whose instance is marked `stream`:
 *   - when the device's driver reports MIDICAPS_STREAM, the driver plays it: winmm opens it with
 *     MODM_OPEN and MIDI_IO_COOKED, passes the buffers with MODM_STRMDATA and the calls with
 *     MODM_PAUSE, MODM_RESTART, MODM_STOP, MODM_GETPOS and MODM_PROPERTIES; the driver notifies
 *     the client itself (MOM_OPEN, MOM_DONE, MOM_POSITIONCB, MOM_CLOSE);
 *   - otherwise winmm plays it (midi_player.c): its driver is opened interposed, and winmm sends
 *     the client MOM_OPEN, MOM_DONE, MOM_POSITIONCB and MOM_CLOSE itself.
 */
#include <string.h>

#include "midi_int.h"

bool pacm_midi_driver_streams(UINT id)
{
    if (id == MIDI_MAPPER || id == 0xFFFF || id >= pacm_dev_count(PACM_DEV_MIDIOUT))
        return false;
    MIDIOUTCAPSW caps;
    memset(&caps, 0, sizeof caps);
    return pacm_dev_message(PACM_DEV_MIDIOUT, id, MODM_GETDEVCAPS, 0, (DWORD_PTR)&caps, sizeof caps) ==
               MMSYSERR_NOERROR &&
           (caps.dwSupport & MIDICAPS_STREAM);
}

/* Opens a stream its driver plays: the driver notifies MOM_OPEN itself. */
static MMRESULT open_driver_stream(uintptr_t *handle, UINT id, DWORD_PTR callback, DWORD_PTR instance, DWORD flags)
{
    return pacm_midi_open(PACM_DEV_MIDIOUT, handle, id, callback, instance,
                          (flags & CALLBACK_TYPEMASK) | MIDI_IO_COOKED, false, true, NULL);
}

/* Opens a stream winmm plays: the player thread, then MOM_OPEN from winmm. */
static MMRESULT open_player_stream(uintptr_t *handle, UINT id, DWORD_PTR callback, DWORD_PTR instance, DWORD flags)
{
    pacm_midi_player *player = pacm_midi_player_create();
    if (!player)
        return MMSYSERR_NOMEM;
    MMRESULT result = pacm_midi_open(PACM_DEV_MIDIOUT, handle, id, callback, instance, flags & CALLBACK_TYPEMASK, true,
                                     true, player);
    if (result != MMSYSERR_NOERROR) {
        pacm_mem_free(player);
        return result;
    }
    pacm_midi *midi = pacm_midi_acquire(*handle, PACM_DEV_MIDIOUT);
    if (!pacm_midi_player_start(midi)) {
        pacm_midi_send(midi, MODM_CLOSE, 0, 0);
        midi->player = NULL;
        pacm_midi_release(*handle);
        pacm_midi_handle_discard(*handle);
        pacm_mem_free(player);
        return MMSYSERR_NOMEM;
    }
    pacm_midi_notify(midi, MOM_OPEN, 0, 0);
    pacm_midi_release(*handle);
    return MMSYSERR_NOERROR;
}

PORTACM_API MMRESULT WINAPI midiStreamOpen(LPHMIDISTRM phms, LPUINT puDeviceID, DWORD cMidi, DWORD_PTR dwCallback,
                                           DWORD_PTR dwInstance, DWORD fdwOpen)
{
    if (cMidi != 1 || !phms || !puDeviceID)
        return MMSYSERR_INVALPARAM;
    *phms = NULL;
    pacm_midi_init();
    uintptr_t handle = 0;
    UINT id = *puDeviceID;
    MMRESULT result = pacm_midi_driver_streams(id) ? open_driver_stream(&handle, id, dwCallback, dwInstance, fdwOpen)
                                                   : open_player_stream(&handle, id, dwCallback, dwInstance, fdwOpen);
    if (result != MMSYSERR_NOERROR)
        return result;
    pacm_midi *midi = pacm_midi_acquire(handle, PACM_DEV_MIDIOUT);
    if (midi) {
        *puDeviceID = midi->id;
        pacm_midi_release(handle);
    }
    *phms = (HMIDISTRM)handle;
    return MMSYSERR_NOERROR;
}

/* The stream named by `hms`, held; NULL for anything else (a plain HMIDIOUT too). */
static pacm_midi *acquire_stream(HMIDISTRM hms)
{
    uintptr_t handle = (uintptr_t)hms;
    pacm_midi *midi = pacm_midi_acquire(handle, PACM_DEV_MIDIOUT);
    if (midi && !midi->stream) {
        pacm_midi_release(handle);
        return NULL;
    }
    return midi;
}

/* A stream the driver plays: MODM_CLOSE as is (MIDIERR_STILLPLAYING while it holds buffers
 * keeps the stream open). One winmm plays: stopped (buffers back), then closed, MOM_CLOSE. */
static MMRESULT close_stream(pacm_midi *midi)
{
    if (!midi->player)
        return pacm_midi_send(midi, MODM_CLOSE, 0, 0);
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

/* MODM_STRMDATA: winmm queues the header (ISSTRM, INQUEUE, not DONE) before the driver sees it;
 * a driver's refusal leaves it as it was. */
static MMRESULT driver_queue(pacm_midi *midi, LPMIDIHDR pmh, UINT cbmh)
{
    DWORD before = pacm_midi_flags(pmh);
    pmh->lpNext = NULL;
    pacm_midi_flags_change(pmh, MHDR_ISSTRM | MHDR_INQUEUE, MHDR_DONE);
    MMRESULT result = pacm_midi_send(midi, MODM_STRMDATA, (DWORD_PTR)pmh, cbmh);
    if (result != MMSYSERR_NOERROR)
        pacm_midi_flags_change(pmh, before, MHDR_ISSTRM | MHDR_INQUEUE | MHDR_DONE);
    return result;
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
    MMRESULT result = midi->player ? pacm_midi_player_queue(midi, pmh) : driver_queue(midi, pmh, cbmh);
    pacm_midi_release((uintptr_t)hms);
    return result;
}

/* The player's `action`, or `message` to a driver that plays the stream (its answer returned). */
static MMRESULT control(HMIDISTRM hms, void (*action)(pacm_midi *midi), UINT message)
{
    pacm_midi *midi = acquire_stream(hms);
    if (!midi)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = MMSYSERR_NOERROR;
    if (midi->player)
        action(midi);
    else
        result = pacm_midi_send(midi, message, 0, 0);
    pacm_midi_release((uintptr_t)hms);
    return result;
}

PORTACM_API MMRESULT WINAPI midiStreamPause(HMIDISTRM hms)
{
    return control(hms, pacm_midi_player_pause, MODM_PAUSE);
}

PORTACM_API MMRESULT WINAPI midiStreamRestart(HMIDISTRM hms)
{
    return control(hms, pacm_midi_player_restart, MODM_RESTART);
}

PORTACM_API MMRESULT WINAPI midiStreamStop(HMIDISTRM hms)
{
    return control(hms, pacm_midi_player_stop, MODM_STOP);
}

/* Order: handle, then the MMTIME (NULL or cbmmt != sizeof(MMTIME): INVALPARAM). A driver that
 * plays the stream gets MODM_GETPOS (dwParam1 the MMTIME, dwParam2 its size). */
PORTACM_API MMRESULT WINAPI midiStreamPosition(HMIDISTRM hms, LPMMTIME lpmmt, UINT cbmmt)
{
    pacm_midi *midi = acquire_stream(hms);
    if (!midi)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = MMSYSERR_INVALPARAM;
    if (lpmmt && cbmmt == sizeof(MMTIME))
        result = midi->player ? pacm_midi_player_position(midi, lpmmt)
                              : pacm_midi_send(midi, MODM_GETPOS, (DWORD_PTR)lpmmt, cbmmt);
    pacm_midi_release((uintptr_t)hms);
    return result;
}

/* Order: handle, then exactly one of GET/SET, then one property with cbStruct 8. A driver that
 * plays the stream gets MODM_PROPERTIES (dwParam1 the data, dwParam2 the flags). */
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
            result = midi->player ? pacm_midi_player_property(midi, lppropdata, dwProperty)
                                  : pacm_midi_send(midi, MODM_PROPERTIES, (DWORD_PTR)lppropdata, dwProperty);
    }
    pacm_midi_release((uintptr_t)hms);
    return result;
}
