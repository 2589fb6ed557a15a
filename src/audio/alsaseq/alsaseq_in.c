/*
 * alsaseq_in.c - midiIn over the sequencer: each open makes a client of its own with one port
 * connected from the source port, and a reader thread that polls the client (and an eventfd
 * that stops it). Events become raw bytes (snd_midi_event_decode, no running status) and go
 * through the parser of alsaseq_codec.c: short messages are MIM_DATA (MIM_MOREDATA with
 * MIDI_IO_STATUS when more events wait), SysEx bytes fill the queued buffers. Timestamps are
 * milliseconds since MIDM_START, taken when the thread receives the event.
 */
#include <alsa/asoundlib.h>
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "alsaseq_int.h"
#include "audio_int.h"

#define MAX_FDS 8

typedef struct seq_in {
    pthread_mutex_t lock;
    uintptr_t handle;
    snd_seq_t *seq;
    snd_midi_event_t *decoder;
    pthread_t thread;
    int stop_fd;
    bool started;
    uint64_t start_ms;
    alsaseq_parser parser;
    MIDIHDR *queue;
    DWORD_PTR callback, instance;
    DWORD callback_flags, open_flags;
    HMIDI hmidi;
} seq_in;

static void notify(seq_in *in, UINT msg, DWORD_PTR p1, DWORD_PTR p2)
{
    DriverCallback(in->callback, in->callback_flags, (HDRVR)in->hmidi, msg, in->instance, p1, p2);
}

/* Feeds one received byte; notifies with the lock released. */
static void take_byte(seq_in *in, BYTE byte, DWORD stamp, bool more)
{
    for (;;) {
        pthread_mutex_lock(&in->lock);
        if (!in->started) { /* stopped or reset meanwhile */
            pthread_mutex_unlock(&in->lock);
            return;
        }
        DWORD message = 0;
        alsaseq_parsed parsed = pacm_alsaseq_parse(&in->parser, byte, &message);
        MIDIHDR *done = NULL;
        UINT msg = MIM_LONGDATA;
        bool dropped = false;
        if (parsed == ALSASEQ_SYSEX_BYTE)
            done = pacm_alsaseq_sysex_store(&in->queue, byte, &dropped);
        else if (parsed == ALSASEQ_SYSEX_ABORT && in->queue && in->queue->dwBytesRecorded) {
            done = pacm_alsaseq_queue_pop(&in->queue);
            msg = MIM_LONGERROR;
        }
        pthread_mutex_unlock(&in->lock);
        if (parsed == ALSASEQ_SHORT)
            notify(in, more && (in->open_flags & MIDI_IO_STATUS) ? MIM_MOREDATA : MIM_DATA, message, stamp);
        if (done)
            notify(in, msg, (DWORD_PTR)done, stamp);
        if (parsed != ALSASEQ_SYSEX_ABORT)
            return;
    }
}

static void take_event(seq_in *in, snd_seq_event_t *event, bool more)
{
    pthread_mutex_lock(&in->lock);
    bool started = in->started;
    DWORD stamp = (DWORD)(pacm_alsaseq_now_ms() - in->start_ms);
    pthread_mutex_unlock(&in->lock);
    if (!started)
        return;
    if (event->type == SND_SEQ_EVENT_SYSEX) {
        const BYTE *bytes = event->data.ext.ptr;
        for (unsigned i = 0; i < event->data.ext.len; i++)
            take_byte(in, bytes[i], stamp, more);
        return;
    }
    unsigned char bytes[16];
    long length = snd_midi_event_decode(in->decoder, bytes, sizeof bytes, event);
    for (long i = 0; i < length; i++)
        take_byte(in, bytes[i], stamp, more);
}

static void *reader(void *argument)
{
    seq_in *in = argument;
    struct pollfd fds[MAX_FDS + 1];
    int count = snd_seq_poll_descriptors(in->seq, fds, MAX_FDS, POLLIN);
    fds[count] = (struct pollfd){.fd = in->stop_fd, .events = POLLIN};
    for (;;) {
        if (poll(fds, (nfds_t)count + 1, -1) < 0 && errno != EINTR)
            break;
        if (fds[count].revents)
            break;
        snd_seq_event_t *event = NULL;
        while (snd_seq_event_input(in->seq, &event) >= 0 && event) {
            bool more = snd_seq_event_input_pending(in->seq, 0) > 0;
            take_event(in, event, more);
            event = NULL;
        }
    }
    return NULL;
}

static void in_destroy(void *object)
{
    seq_in *in = object;
    if (in->decoder)
        snd_midi_event_free(in->decoder);
    if (in->seq)
        snd_seq_close(in->seq);
    if (in->stop_fd >= 0)
        close(in->stop_fd);
    pthread_mutex_destroy(&in->lock);
    pacm_mem_free(in);
}

/* The client, its port connected from the source, the decoder, the stop eventfd. */
static DWORD in_connect(seq_in *in, int client, int port)
{
    if (snd_seq_open(&in->seq, "default", SND_SEQ_OPEN_INPUT, SND_SEQ_NONBLOCK) < 0) {
        in->seq = NULL;
        return MMSYSERR_NODRIVER;
    }
    snd_seq_set_client_name(in->seq, "portacm midiIn");
    unsigned caps = SND_SEQ_PORT_CAP_WRITE | SND_SEQ_PORT_CAP_SUBS_WRITE | SND_SEQ_PORT_CAP_NO_EXPORT;
    int own = snd_seq_create_simple_port(in->seq, "midiIn", caps,
                                         SND_SEQ_PORT_TYPE_MIDI_GENERIC | SND_SEQ_PORT_TYPE_APPLICATION);
    if (own < 0 || snd_midi_event_new(16, &in->decoder) < 0)
        return MMSYSERR_NOMEM;
    snd_midi_event_no_status(in->decoder, 1);
    if (snd_seq_connect_from(in->seq, own, client, port) < 0)
        return MMSYSERR_NODRIVER;
    in->stop_fd = eventfd(0, EFD_CLOEXEC);
    if (in->stop_fd < 0)
        return MMSYSERR_NOMEM;
    return MMSYSERR_NOERROR;
}

static DWORD in_open(UINT dev, DWORD_PTR *user, const MIDIOPENDESC *desc, DWORD flags)
{
    int client, port;
    bool present;
    if (!pacm_alsaseq_device_address(ALSASEQ_INPUT, dev, &client, &port, &present))
        return MMSYSERR_BADDEVICEID;
    if (!user || !desc)
        return MMSYSERR_INVALPARAM;
    if (flags & ~(DWORD)(CALLBACK_TYPEMASK | MIDI_IO_STATUS))
        return MMSYSERR_INVALFLAG;
    if (!present)
        return MMSYSERR_NODRIVER;
    seq_in *in = pacm_mem_calloc(1, sizeof *in);
    if (!in)
        return MMSYSERR_NOMEM;
    pthread_mutex_init(&in->lock, NULL);
    in->stop_fd = -1;
    in->callback = desc->dwCallback;
    in->instance = desc->dwInstance;
    in->callback_flags = HIWORD(flags & CALLBACK_TYPEMASK);
    in->open_flags = flags;
    in->hmidi = desc->hMidi;
    DWORD result = in_connect(in, client, port);
    if (result == MMSYSERR_NOERROR && pthread_create(&in->thread, NULL, reader, in) != 0)
        result = MMSYSERR_NOMEM;
    if (result != MMSYSERR_NOERROR) {
        in_destroy(in);
        return result;
    }
    in->handle = pacm_handle_create(PACM_ALSASEQ_IN_HANDLE_TYPE, in, in_destroy);
    if (!in->handle) {
        eventfd_write(in->stop_fd, 1);
        pthread_join(in->thread, NULL);
        in_destroy(in);
        return MMSYSERR_NOMEM;
    }
    *user = in->handle;
    notify(in, MIM_OPEN, 0, 0);
    return MMSYSERR_NOERROR;
}

static DWORD in_close(DWORD_PTR user)
{
    seq_in *in = pacm_handle_acquire(user, PACM_ALSASEQ_IN_HANDLE_TYPE);
    if (!in)
        return MMSYSERR_INVALHANDLE;
    pthread_mutex_lock(&in->lock);
    bool queued = in->queue != NULL;
    pthread_mutex_unlock(&in->lock);
    if (queued || !pacm_handle_close(user, PACM_ALSASEQ_IN_HANDLE_TYPE)) {
        pacm_handle_release(user);
        return queued ? MIDIERR_STILLPLAYING : MMSYSERR_INVALHANDLE;
    }
    eventfd_write(in->stop_fd, 1);
    if (!pthread_equal(pthread_self(), in->thread))
        pthread_join(in->thread, NULL);
    else
        pthread_detach(in->thread);
    notify(in, MIM_CLOSE, 0, 0);
    pacm_handle_release(user);
    return MMSYSERR_NOERROR;
}

static DWORD in_add_buffer(seq_in *in, MIDIHDR *header, DWORD_PTR size)
{
    if (!header || size < offsetof(MIDIHDR, dwOffset) || !header->lpData || header->dwBufferLength == 0)
        return MMSYSERR_INVALPARAM;
    if (header->dwFlags & MHDR_INQUEUE)
        return MIDIERR_STILLPLAYING;
    if (!(header->dwFlags & MHDR_PREPARED))
        return MIDIERR_UNPREPARED;
    header->dwFlags = (header->dwFlags & ~(DWORD)MHDR_DONE) | MHDR_INQUEUE;
    header->dwBytesRecorded = 0;
    header->lpNext = NULL;
    pthread_mutex_lock(&in->lock);
    MIDIHDR **tail = &in->queue;
    while (*tail)
        tail = &(*tail)->lpNext;
    *tail = header;
    pthread_mutex_unlock(&in->lock);
    return MMSYSERR_NOERROR;
}

/* Stops input; a buffer partly filled with SysEx is returned (MIM_LONGDATA), empty ones stay
 * queued. Nothing happens when input was not started. */
static void in_stop(seq_in *in)
{
    pthread_mutex_lock(&in->lock);
    MIDIHDR *partial = NULL;
    if (in->started && in->queue && in->queue->dwBytesRecorded)
        partial = pacm_alsaseq_queue_pop(&in->queue);
    in->started = false;
    in->parser.in_sysex = false;
    pthread_mutex_unlock(&in->lock);
    if (partial)
        notify(in, MIM_LONGDATA, (DWORD_PTR)partial, (DWORD)(pacm_alsaseq_now_ms() - in->start_ms));
}

/* Stops input and returns every queued buffer (empty ones too) as MIM_LONGDATA. */
static DWORD in_reset(seq_in *in)
{
    pthread_mutex_lock(&in->lock);
    in->started = false;
    in->parser.in_sysex = false;
    MIDIHDR *all = in->queue;
    in->queue = NULL;
    pthread_mutex_unlock(&in->lock);
    while (all) {
        MIDIHDR *header = pacm_alsaseq_queue_pop(&all);
        notify(in, MIM_LONGDATA, (DWORD_PTR)header, (DWORD)(pacm_alsaseq_now_ms() - in->start_ms));
    }
    return MMSYSERR_NOERROR;
}

static DWORD in_instance_message(UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    seq_in *in = pacm_handle_acquire(user, PACM_ALSASEQ_IN_HANDLE_TYPE);
    if (!in)
        return MMSYSERR_INVALHANDLE;
    DWORD result = MMSYSERR_NOERROR;
    switch (msg) {
    case MIDM_ADDBUFFER:
        result = in_add_buffer(in, (MIDIHDR *)p1, p2);
        break;
    case MIDM_START:
        pthread_mutex_lock(&in->lock);
        if (!in->started) {
            in->started = true;
            in->start_ms = pacm_alsaseq_now_ms();
        }
        pthread_mutex_unlock(&in->lock);
        break;
    case MIDM_STOP:
        in_stop(in);
        break;
    case MIDM_RESET:
        result = in_reset(in);
        break;
    }
    pacm_handle_release(user);
    return result;
}

DWORD CALLBACK pacm_alsaseq_mid_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    DWORD result;
    if (pacm_alsaseq_device_message(ALSASEQ_INPUT, dev, msg, p1, p2, &result))
        return result;
    switch (msg) {
    case MIDM_OPEN:
        return in_open(dev, (DWORD_PTR *)user, (const MIDIOPENDESC *)p1, (DWORD)p2);
    case MIDM_CLOSE:
        return in_close(user);
    case MIDM_ADDBUFFER:
    case MIDM_START:
    case MIDM_STOP:
    case MIDM_RESET:
        return in_instance_message(msg, user, p1, p2);
    default: /* PREPARE/UNPREPARE (winmm does them), thru (winmm does it) */
        return MMSYSERR_NOTSUPPORTED;
    }
}
