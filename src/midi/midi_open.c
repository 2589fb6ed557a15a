/*
 * midi_open.c - midiOutOpen / midiInOpen / midiOutClose / midiInClose (spec winmm-devices §4.4,
 * §4.5, §5.4): argument checks in Windows' order, MIDIOPENDESC (cIds 1), *_OPEN to the driver,
 * which notifies MOM_OPEN / MIM_OPEN itself before it returns.
 *
 * Inputs and streams winmm plays are interposed: their driver notifies winmm, which passes the message on to
 * the client (an input: after feeding its thru outputs). Plain outputs and streams a driver plays
 * (MIDICAPS_STREAM) are notified by their driver directly.
 */
#include <string.h>

#include "midi_int.h"
#include "winuser.h"

DWORD pacm_midi_send(const pacm_midi *midi, UINT msg, DWORD_PTR p1, DWORD_PTR p2)
{
    return pacm_dev_message(midi->cls, midi->route, msg, midi->driver_user, p1, p2);
}

void pacm_midi_notify(const pacm_midi *midi, UINT msg, DWORD_PTR p1, DWORD_PTR p2)
{
    if (midi->dcb != DCB_NULL)
        DriverCallback(midi->callback, midi->dcb, (HDRVR)midi->handle, msg, midi->instance, p1, p2);
}

/* What an interposed driver calls (DCB_FUNCTION); `instance` is the pacm_midi, alive from
 * before *_OPEN until after *_CLOSE returns. */
static void CALLBACK interposed(HDRVR hdrvr, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)hdrvr;
    pacm_midi *midi = (pacm_midi *)instance;
    if (midi->player && (msg == MOM_OPEN || msg == MOM_CLOSE || msg == MOM_POSITIONCB ||
                         (msg == MOM_DONE && pacm_midi_player_header(midi, p1))))
        return; /* the stream notifies its client itself */
    if (msg == MIM_DATA || msg == MIM_LONGDATA)
        pacm_midi_thru_forward(midi, msg, p1);
    pacm_midi_notify(midi, msg, p1, p2);
}

/* W9 WINMM_CheckCallback: a window callback must name a live window (or be NULL). */
static MMRESULT check_callback(DWORD_PTR callback, DWORD flags)
{
    if ((flags & CALLBACK_TYPEMASK) == CALLBACK_WINDOW && callback && !IsWindow((HWND)callback))
        return MMSYSERR_INVALPARAM;
    return MMSYSERR_NOERROR;
}

static UINT open_message(pacm_dev_class cls)
{
    return cls == PACM_DEV_MIDIOUT ? MODM_OPEN : MIDM_OPEN;
}

MMRESULT pacm_midi_open(pacm_dev_class cls, uintptr_t *phandle, UINT id, DWORD_PTR callback, DWORD_PTR instance,
                        DWORD flags, bool interpose, bool stream, pacm_midi_player *player)
{
    MMRESULT result = check_callback(callback, flags);
    if (result != MMSYSERR_NOERROR)
        return result;
    if (cls == PACM_DEV_MIDIIN && (flags & ~(CALLBACK_TYPEMASK | MIDI_IO_STATUS)))
        return MMSYSERR_INVALFLAG;
    pacm_midi_init();
    if (id == 0xFFFF)
        id = MIDI_MAPPER;
    bool mapper = id == MIDI_MAPPER && cls == PACM_DEV_MIDIOUT;
    if (mapper ? !pacm_dev_has_mapper(cls) : id >= pacm_dev_count(cls))
        return MMSYSERR_BADDEVICEID;
    pacm_midi *midi = pacm_mem_calloc(1, sizeof *midi);
    if (!midi)
        return MMSYSERR_NOMEM;
    pthread_mutex_init(&midi->thru_lock, NULL);
    midi->cls = cls;
    midi->id = id;
    midi->route = mapper ? PACM_DEV_MAPPER : id;
    midi->callback = callback;
    midi->instance = instance;
    midi->dcb = HIWORD(flags & CALLBACK_TYPEMASK);
    midi->stream = stream;
    midi->player = player;
    uintptr_t handle = pacm_midi_handle_create(midi);
    if (!handle) {
        pthread_mutex_destroy(&midi->thru_lock);
        pacm_mem_free(midi);
        return MMSYSERR_NOMEM;
    }
    MIDIOPENDESC desc = {.hMidi = (HMIDI)handle, .dwCallback = callback, .dwInstance = instance, .cIds = 1};
    desc.rgIds[0].wDeviceID = (WORD)id;
    DWORD driver_flags = flags;
    if (interpose) {
        desc.dwCallback = (DWORD_PTR)interposed;
        desc.dwInstance = (DWORD_PTR)midi;
        driver_flags = (flags & ~CALLBACK_TYPEMASK) | CALLBACK_FUNCTION;
    }
    result = pacm_dev_message(cls, midi->route, open_message(cls), (DWORD_PTR)&midi->driver_user, (DWORD_PTR)&desc,
                              driver_flags);
    if (result != MMSYSERR_NOERROR) {
        pacm_midi_handle_discard(handle);
        return result;
    }
    *phandle = handle;
    return MMSYSERR_NOERROR;
}

PORTACM_API MMRESULT WINAPI midiOutOpen(LPHMIDIOUT phmo, UINT uDeviceID, DWORD_PTR dwCallback, DWORD_PTR dwInstance,
                                        DWORD fdwOpen)
{
    if (!phmo)
        return MMSYSERR_INVALPARAM;
    *phmo = NULL;
    uintptr_t handle = 0;
    MMRESULT result = pacm_midi_open(PACM_DEV_MIDIOUT, &handle, uDeviceID, dwCallback, dwInstance, fdwOpen, false, false, NULL);
    if (result == MMSYSERR_NOERROR)
        *phmo = (HMIDIOUT)handle;
    return result;
}

PORTACM_API MMRESULT WINAPI midiInOpen(LPHMIDIIN phmi, UINT uDeviceID, DWORD_PTR dwCallback, DWORD_PTR dwInstance,
                                       DWORD fdwOpen)
{
    if (!phmi)
        return MMSYSERR_INVALPARAM;
    *phmi = NULL;
    uintptr_t handle = 0;
    MMRESULT result = pacm_midi_open(PACM_DEV_MIDIIN, &handle, uDeviceID, dwCallback, dwInstance, fdwOpen, true, false, NULL);
    if (result == MMSYSERR_NOERROR)
        *phmi = (HMIDIIN)handle;
    return result;
}

static MMRESULT close_out(pacm_midi *midi)
{
    return pacm_midi_send(midi, MODM_CLOSE, 0, 0);
}

static MMRESULT close_in(pacm_midi *midi)
{
    return pacm_midi_send(midi, MIDM_CLOSE, 0, 0);
}

/* midiOutClose on a stream handle closes the stream (midiStreamClose). */
PORTACM_API MMRESULT WINAPI midiOutClose(HMIDIOUT hmo)
{
    uintptr_t handle = (uintptr_t)hmo;
    pacm_midi *midi = pacm_midi_acquire(handle, PACM_DEV_MIDIOUT);
    if (!midi)
        return MMSYSERR_INVALHANDLE;
    if (midi->stream) {
        pacm_midi_release(handle);
        return midiStreamClose((HMIDISTRM)hmo);
    }
    return pacm_midi_close(handle, midi, close_out);
}

PORTACM_API MMRESULT WINAPI midiInClose(HMIDIIN hmi)
{
    uintptr_t handle = (uintptr_t)hmi;
    pacm_midi *midi = pacm_midi_acquire(handle, PACM_DEV_MIDIIN);
    if (!midi)
        return MMSYSERR_INVALHANDLE;
    return pacm_midi_close(handle, midi, close_in);
}
