/*
 * alsaseq_out.c - midiOut over the sequencer: each open makes a port of our client and
 * connects it to the target port; short messages are encoded with running status expanded,
 * SysEx is framed (F0 ... F7) and sent before MODM_LONGDATA returns (MOM_DONE included: the
 * header is not touched afterwards).
 */
#include <alsa/asoundlib.h>
#include <errno.h>
#include <poll.h>
#include <stddef.h>

#include "alsaseq_int.h"
#include "audio_int.h"

#define SYSEX_CHUNK 256 /* bytes per sequencer event */

typedef struct seq_out {
    pthread_mutex_t lock;
    uintptr_t handle;
    int port; /* our port */
    BYTE running;
    DWORD_PTR callback, instance;
    DWORD callback_flags;
    HMIDI hmidi;
} seq_out;

static void notify(seq_out *out, UINT msg, DWORD_PTR p1)
{
    DriverCallback(out->callback, out->callback_flags, (HDRVR)out->hmidi, msg, out->instance, p1, 0);
}

/* Sends one event from our port to its subscribers, waiting (at most about a second) while the
 * sequencer's output pool is full. */
static DWORD send_event(snd_seq_t *seq, int port, snd_seq_event_t *event)
{
    snd_seq_ev_set_source(event, port);
    snd_seq_ev_set_subs(event);
    snd_seq_ev_set_direct(event);
    for (int tries = 0; tries < 100; tries++) {
        int error = snd_seq_event_output_direct(seq, event);
        if (error >= 0)
            return MMSYSERR_NOERROR;
        if (error != -EAGAIN && error != -ENOMEM)
            return MMSYSERR_ERROR;
        struct pollfd fd;
        if (snd_seq_poll_descriptors(seq, &fd, 1, POLLOUT) == 1)
            poll(&fd, 1, 10);
    }
    return MIDIERR_NOTREADY;
}

static DWORD send_bytes(seq_out *out, const BYTE *bytes, size_t length)
{
    snd_seq_t *seq = pacm_alsaseq_lock();
    if (!seq)
        return MMSYSERR_NODRIVER;
    snd_midi_event_t *encoder = NULL;
    DWORD result = MMSYSERR_NOERROR;
    if (snd_midi_event_new(16, &encoder) < 0) {
        pacm_alsaseq_unlock();
        return MMSYSERR_NOMEM;
    }
    snd_seq_event_t event;
    snd_seq_ev_clear(&event);
    for (size_t i = 0; i < length && result == MMSYSERR_NOERROR; i++)
        if (snd_midi_event_encode_byte(encoder, bytes[i], &event) == 1) {
            result = send_event(seq, out->port, &event);
            snd_seq_ev_clear(&event);
        }
    snd_midi_event_free(encoder);
    pacm_alsaseq_unlock();
    return result;
}

static DWORD send_sysex(seq_out *out, const BYTE *bytes, size_t length)
{
    snd_seq_t *seq = pacm_alsaseq_lock();
    if (!seq)
        return MMSYSERR_NODRIVER;
    DWORD result = MMSYSERR_NOERROR;
    for (size_t done = 0; done < length && result == MMSYSERR_NOERROR; done += SYSEX_CHUNK) {
        snd_seq_event_t event;
        snd_seq_ev_clear(&event);
        size_t chunk = length - done < SYSEX_CHUNK ? length - done : SYSEX_CHUNK;
        snd_seq_ev_set_sysex(&event, (unsigned)chunk, (void *)(bytes + done));
        result = send_event(seq, out->port, &event);
    }
    pacm_alsaseq_unlock();
    return result;
}

static seq_out *acquire(DWORD_PTR user)
{
    return pacm_handle_acquire(user, PACM_ALSASEQ_OUT_HANDLE_TYPE);
}

static void out_destroy(void *object)
{
    seq_out *out = object;
    pthread_mutex_destroy(&out->lock);
    pacm_mem_free(out);
}

static DWORD out_open(UINT dev, DWORD_PTR *user, const MIDIOPENDESC *desc, DWORD flags)
{
    int client, port;
    bool present;
    if (!pacm_alsaseq_device_address(ALSASEQ_OUTPUT, dev, &client, &port, &present))
        return MMSYSERR_BADDEVICEID;
    if (!user || !desc)
        return MMSYSERR_INVALPARAM;
    if (!present)
        return MMSYSERR_NODRIVER;
    seq_out *out = pacm_mem_calloc(1, sizeof *out);
    if (!out)
        return MMSYSERR_NOMEM;
    pthread_mutex_init(&out->lock, NULL);
    out->callback = desc->dwCallback;
    out->instance = desc->dwInstance;
    out->callback_flags = HIWORD(flags & CALLBACK_TYPEMASK);
    out->hmidi = desc->hMidi;
    snd_seq_t *seq = pacm_alsaseq_lock();
    DWORD result = seq ? MMSYSERR_NOERROR : MMSYSERR_NODRIVER;
    if (seq) {
        unsigned caps = SND_SEQ_PORT_CAP_READ | SND_SEQ_PORT_CAP_SUBS_READ | SND_SEQ_PORT_CAP_NO_EXPORT;
        out->port = snd_seq_create_simple_port(seq, "midiOut", caps,
                                               SND_SEQ_PORT_TYPE_MIDI_GENERIC | SND_SEQ_PORT_TYPE_APPLICATION);
        if (out->port < 0)
            result = MMSYSERR_NOMEM;
        else if (snd_seq_connect_to(seq, out->port, client, port) < 0) {
            snd_seq_delete_simple_port(seq, out->port);
            result = MMSYSERR_NODRIVER;
        }
        pacm_alsaseq_unlock();
    }
    if (result == MMSYSERR_NOERROR) {
        out->handle = pacm_handle_create(PACM_ALSASEQ_OUT_HANDLE_TYPE, out, out_destroy);
        if (!out->handle)
            result = MMSYSERR_NOMEM;
    }
    if (result != MMSYSERR_NOERROR) {
        if (out->port >= 0 && result == MMSYSERR_NOMEM && (seq = pacm_alsaseq_lock())) {
            snd_seq_delete_simple_port(seq, out->port);
            pacm_alsaseq_unlock();
        }
        out_destroy(out);
        return result;
    }
    *user = out->handle;
    notify(out, MOM_OPEN, 0);
    return MMSYSERR_NOERROR;
}

static DWORD out_close(DWORD_PTR user)
{
    seq_out *out = acquire(user);
    if (!out)
        return MMSYSERR_INVALHANDLE;
    if (!pacm_handle_close(user, PACM_ALSASEQ_OUT_HANDLE_TYPE)) {
        pacm_handle_release(user);
        return MMSYSERR_INVALHANDLE;
    }
    snd_seq_t *seq = pacm_alsaseq_lock();
    if (seq) {
        snd_seq_delete_simple_port(seq, out->port);
        pacm_alsaseq_unlock();
    }
    notify(out, MOM_CLOSE, 0);
    pacm_handle_release(user);
    return MMSYSERR_NOERROR;
}

static DWORD out_data(seq_out *out, DWORD message)
{
    BYTE bytes[3];
    pthread_mutex_lock(&out->lock);
    bool send = pacm_alsaseq_running_status(&out->running, message, &message);
    pthread_mutex_unlock(&out->lock);
    unsigned length = send ? pacm_alsaseq_short_bytes(message, bytes) : 0;
    return length ? send_bytes(out, bytes, length) : MMSYSERR_NOERROR;
}

static DWORD out_longdata(seq_out *out, MIDIHDR *header, DWORD_PTR size)
{
    if (!header || size < offsetof(MIDIHDR, dwOffset) || (!header->lpData && header->dwBufferLength))
        return MMSYSERR_INVALPARAM;
    if (!(header->dwFlags & MHDR_PREPARED))
        return MIDIERR_UNPREPARED;
    if (header->dwFlags & MHDR_INQUEUE)
        return MIDIERR_STILLPLAYING;
    pthread_mutex_lock(&out->lock);
    out->running = 0;
    pthread_mutex_unlock(&out->lock);
    DWORD result = MMSYSERR_NOERROR;
    if (header->dwBufferLength) {
        BYTE *framed = pacm_mem_alloc((size_t)header->dwBufferLength + 2);
        if (!framed)
            return MMSYSERR_NOMEM;
        size_t length = pacm_alsaseq_sysex_frame((const BYTE *)header->lpData, header->dwBufferLength, framed);
        result = send_sysex(out, framed, length);
        pacm_mem_free(framed);
    }
    if (result != MMSYSERR_NOERROR)
        return result;
    header->dwFlags = (header->dwFlags & ~(DWORD)MHDR_INQUEUE) | MHDR_DONE;
    notify(out, MOM_DONE, (DWORD_PTR)header);
    return MMSYSERR_NOERROR;
}

/* All sound off (CC 120) and sustain off (CC 64 = 0) on the 16 channels. */
static DWORD out_reset(seq_out *out)
{
    pthread_mutex_lock(&out->lock);
    out->running = 0;
    pthread_mutex_unlock(&out->lock);
    BYTE bytes[16 * 6];
    for (unsigned channel = 0; channel < 16; channel++) {
        BYTE *b = bytes + channel * 6;
        b[0] = b[3] = (BYTE)(0xB0 | channel);
        b[1] = 120;
        b[2] = 0;
        b[4] = 64;
        b[5] = 0;
    }
    return send_bytes(out, bytes, sizeof bytes);
}

static DWORD out_instance_message(UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    seq_out *out = acquire(user);
    if (!out)
        return MMSYSERR_INVALHANDLE;
    DWORD result = MMSYSERR_NOTSUPPORTED;
    switch (msg) {
    case MODM_DATA:
        result = out_data(out, (DWORD)p1);
        break;
    case MODM_LONGDATA:
        result = out_longdata(out, (MIDIHDR *)p1, p2);
        break;
    case MODM_RESET:
        result = out_reset(out);
        break;
    }
    pacm_handle_release(user);
    return result;
}

DWORD CALLBACK pacm_alsaseq_mod_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    DWORD result;
    if (pacm_alsaseq_device_message(ALSASEQ_OUTPUT, dev, msg, p1, p2, &result))
        return result;
    switch (msg) {
    case MODM_OPEN:
        return out_open(dev, (DWORD_PTR *)user, (const MIDIOPENDESC *)p1, (DWORD)p2);
    case MODM_CLOSE:
        return out_close(user);
    case MODM_DATA:
    case MODM_LONGDATA:
    case MODM_RESET:
        return out_instance_message(msg, user, p1, p2);
    default: /* PREPARE/UNPREPARE (winmm does them), volume, patch caching, thru, streams */
        return MMSYSERR_NOTSUPPORTED;
    }
}
