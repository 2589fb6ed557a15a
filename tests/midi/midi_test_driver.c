/*
 * midi_test_driver.c - the test suite's third-party MIDI driver (see midi_test_driver.h).
 * Written as a driver author would: DriverProc, modMessage and midMessage, MIDIOPENDESC,
 * DriverCallback, its own lock; it calls winmm only through DriverCallback and DefDriverProc.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "midi_test_driver.h"

#define MTD_EXPORT __attribute__((visibility("default")))
#define MTD_MAX 4
#define MTD_EVENTS 8192
#define MTD_BUFFERS 64

MTD_EXPORT LRESULT CALLBACK DriverProc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM p1, LPARAM p2);
MTD_EXPORT DWORD CALLBACK modMessage(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
MTD_EXPORT DWORD CALLBACK midMessage(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
MTD_EXPORT size_t midi_test_driver_events(midi_test_event *events, size_t capacity);
MTD_EXPORT void midi_test_driver_clear(void);
MTD_EXPORT void midi_test_driver_inject(UINT device, const BYTE *bytes, size_t size);
MTD_EXPORT void midi_test_driver_fail(UINT msg, DWORD result);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t idle = PTHREAD_COND_INITIALIZER; /* an input's callbacks have returned */
static UINT out_count = 1, in_count = 1;
static char tag[16] = "test";
static int synth_device = -1;  /* knob synth=N: that output reports MOD_SWSYNTH */
static int stream_device = -1; /* knob stream=N: that output reports MIDICAPS_STREAM */
static UINT fail_msg;          /* midi_test_driver_fail: the next fail_msg answers fail_result */
static DWORD fail_result;
static midi_test_event *events;
static size_t event_count;
static DWORD volume[MTD_MAX];

typedef struct port {
    bool open;
    MIDIOPENDESC desc;
    DWORD dcb;
    /* input */
    bool started;
    uint64_t start_ns;
    LPMIDIHDR queue[MTD_BUFFERS];
    int queued;
    BYTE status;  /* running status of the parser */
    BYTE data[2]; /* data bytes collected */
    int have;
    bool sysex;
    bool closing;
    int busy; /* input callbacks running outside the lock */
    /* an output opened with MIDI_IO_COOKED: a stream (its buffers in queue / queued) */
    bool cooked, playing;
    DWORD tempo, division;
    uint64_t ticks;
} port;

static port outs[MTD_MAX], ins[MTD_MAX];

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* An event with `size` bytes of `data` (at most 64 kept) and `length`. */
static void record_bytes(UINT device, int kind, DWORD message, const BYTE *data, size_t size, DWORD length)
{
    pthread_mutex_lock(&lock);
    if (!events)
        events = calloc(MTD_EVENTS, sizeof *events);
    if (events && event_count < MTD_EVENTS) {
        midi_test_event *e = &events[event_count++];
        *e = (midi_test_event){.ns = now_ns(), .device = device, .kind = kind, .message = message, .length = length};
        if (data)
            memcpy(e->data, data, size < sizeof e->data ? size : sizeof e->data);
    }
    pthread_mutex_unlock(&lock);
}

static void record(UINT device, int kind, DWORD message, const BYTE *data, DWORD length)
{
    record_bytes(device, kind, message, data, length, length);
}

void midi_test_driver_fail(UINT msg, DWORD result)
{
    pthread_mutex_lock(&lock);
    fail_msg = msg;
    fail_result = result;
    pthread_mutex_unlock(&lock);
}

/* True (and `*result` set) when a failure was armed for `msg`; it is used up. */
static bool failing(UINT msg, DWORD *result)
{
    pthread_mutex_lock(&lock);
    bool armed = fail_result != 0 && fail_msg == msg;
    if (armed) {
        *result = fail_result;
        fail_msg = 0;
        fail_result = 0;
    }
    pthread_mutex_unlock(&lock);
    return armed;
}

size_t midi_test_driver_events(midi_test_event *out, size_t capacity)
{
    pthread_mutex_lock(&lock);
    size_t count = event_count;
    if (out && events)
        memcpy(out, events, (count < capacity ? count : capacity) * sizeof *out);
    pthread_mutex_unlock(&lock);
    return count;
}

void midi_test_driver_clear(void)
{
    pthread_mutex_lock(&lock);
    event_count = 0;
    pthread_mutex_unlock(&lock);
}

static void parse_knobs(LPCWSTR args)
{
    /* defaults (the shared object may stay loaded between drivers files) */
    out_count = in_count = 1;
    synth_device = stream_device = -1;
    snprintf(tag, sizeof tag, "%s", "test");
    fail_msg = 0;
    fail_result = 0;
    char text[128] = "";
    for (size_t i = 0; args && args[i] && i + 1 < sizeof text; i++)
        text[i] = args[i] < 128 ? (char)args[i] : '?';
    char *save = NULL;
    for (char *word = strtok_r(text, " \t", &save); word; word = strtok_r(NULL, " \t", &save)) {
        int n = atoi(strchr(word, '=') ? strchr(word, '=') + 1 : "0");
        if (strncmp(word, "out=", 4) == 0 && n >= 0 && n <= MTD_MAX)
            out_count = (UINT)n;
        else if (strncmp(word, "in=", 3) == 0 && n >= 0 && n <= MTD_MAX)
            in_count = (UINT)n;
        else if (strncmp(word, "synth=", 6) == 0)
            synth_device = n;
        else if (strncmp(word, "stream=", 7) == 0)
            stream_device = n;
        else if (strncmp(word, "tag=", 4) == 0)
            snprintf(tag, sizeof tag, "%s", word + 4);
    }
}

LRESULT CALLBACK DriverProc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM p1, LPARAM p2)
{
    switch (msg) {
    case DRV_LOAD:
        for (int i = 0; i < MTD_MAX; i++)
            volume[i] = 0xFFFFFFFFu;
        return 1;
    case DRV_OPEN:
        parse_knobs((LPCWSTR)p1);
        return 1;
    case DRV_FREE:
        pthread_mutex_lock(&lock);
        free(events);
        events = NULL;
        event_count = 0;
        pthread_mutex_unlock(&lock);
        return 1;
    case DRV_ENABLE:
    case DRV_DISABLE:
    case DRV_CLOSE:
        return 1;
    default:
        return DefDriverProc(id, hdrvr, msg, p1, p2);
    }
}

static void notify(const port *p, UINT msg, DWORD_PTR p1, DWORD_PTR p2)
{
    DriverCallback(p->desc.dwCallback, p->dcb, (HDRVR)p->desc.hMidi, msg, p->desc.dwInstance, p1, p2);
}

static void put_name(WCHAR *field, const char *kind, UINT dev)
{
    char name[MAXPNAMELEN], full[128];
    /* the name is cut to MAXPNAMELEN - 1 characters, as a driver's caps name is */
    snprintf(full, sizeof full, "MIDI Test %s %u (%s)", kind, dev, tag);
    memcpy(name, full, sizeof name - 1);
    name[sizeof name - 1] = '\0';
    for (size_t i = 0; i < MAXPNAMELEN; i++)
        field[i] = (WCHAR)(unsigned char)name[i];
}

static DWORD open_port(port *p, DWORD_PTR user, const MIDIOPENDESC *desc, DWORD flags, UINT msg)
{
    if (!desc || !user)
        return MMSYSERR_INVALPARAM;
    pthread_mutex_lock(&lock);
    if (p->open) {
        pthread_mutex_unlock(&lock);
        return MMSYSERR_ALLOCATED;
    }
    memset(p, 0, sizeof *p);
    p->open = true;
    p->desc = *desc;
    p->dcb = HIWORD(flags & CALLBACK_TYPEMASK);
    p->cooked = msg == MOM_OPEN && (flags & MIDI_IO_COOKED);
    p->tempo = 500000;
    p->division = 24;
    *(DWORD_PTR *)user = (DWORD_PTR)p;
    pthread_mutex_unlock(&lock);
    notify(p, msg, 0, 0);
    return MMSYSERR_NOERROR;
}

static DWORD out_caps(UINT dev, MIDIOUTCAPSW *caps, DWORD_PTR size)
{
    MIDIOUTCAPSW c = {.wMid = 0xFF, .wPid = 0x42, .vDriverVersion = 0x0100, .wTechnology = MOD_MIDIPORT,
                      .wChannelMask = 0xFFFF, .dwSupport = MIDICAPS_VOLUME | MIDICAPS_LRVOLUME};
    put_name(c.szPname, "Out", dev);
    if ((int)dev == synth_device)
        c.wTechnology = MOD_SWSYNTH;
    if ((int)dev == stream_device)
        c.dwSupport |= MIDICAPS_STREAM;
    memcpy(caps, &c, size < sizeof c ? size : sizeof c);
    return MMSYSERR_NOERROR;
}

static DWORD long_data(UINT dev, port *p, LPMIDIHDR header)
{
    if (!header || !header->lpData)
        return MMSYSERR_INVALPARAM;
    if (!(header->dwFlags & MHDR_PREPARED))
        return MIDIERR_UNPREPARED;
    record(dev, MTD_LONG, 0, (const BYTE *)header->lpData, header->dwBufferLength);
    header->dwFlags = (header->dwFlags & ~(DWORD)MHDR_INQUEUE) | MHDR_DONE;
    notify(p, MOM_DONE, (DWORD_PTR)header, 0);
    return MMSYSERR_NOERROR;
}

/* ---- streams (MIDICAPS_STREAM: MODM_STRMDATA and friends) ------------------------------------ */

/* Plays the events of a stream buffer at once: each recorded, MOM_POSITIONCB where asked. */
static void play_buffer(UINT dev, port *p, LPMIDIHDR header)
{
    for (DWORD offset = 0; offset + 12 <= header->dwBytesRecorded;) {
        DWORD delta, stream, event;
        memcpy(&delta, header->lpData + offset, sizeof delta);
        memcpy(&stream, header->lpData + offset + 4, sizeof stream);
        memcpy(&event, header->lpData + offset + 8, sizeof event);
        DWORD length = 12 + ((event & MEVT_F_LONG) ? ((MEVT_EVENTPARM(event) + 3u) & ~3u) : 0);
        if (stream != 0 && stream != 0xFFFFFFFFu) { /* another stream's event (rgIds[0] is 0) */
            offset += length;
            continue;
        }
        BYTE type = (BYTE)(MEVT_EVENTTYPE(event) & ~(BYTE)(MEVT_F_CALLBACK >> 24));
        pthread_mutex_lock(&lock);
        p->ticks += delta;
        if (type == MEVT_TEMPO)
            p->tempo = MEVT_EVENTPARM(event);
        pthread_mutex_unlock(&lock);
        if (type == MEVT_SHORTMSG)
            record(dev, MTD_SHORT, MEVT_EVENTPARM(event), NULL, 0);
        else if (type == MEVT_LONGMSG)
            record(dev, MTD_LONG, 0, (const BYTE *)header->lpData + offset + 12, MEVT_EVENTPARM(event));
        if (event & MEVT_F_CALLBACK) {
            header->dwOffset = offset;
            notify(p, MOM_POSITIONCB, (DWORD_PTR)header, 0);
        }
        offset += length;
    }
}

static void give_back(port *p, LPMIDIHDR header)
{
    header->dwFlags = (header->dwFlags & ~(DWORD)MHDR_INQUEUE) | MHDR_DONE;
    notify(p, MOM_DONE, (DWORD_PTR)header, 0);
}

/* Takes the head buffer (NULL: none, or `playing_only` and paused). */
static LPMIDIHDR take_head(port *p, bool playing_only)
{
    pthread_mutex_lock(&lock);
    LPMIDIHDR header = NULL;
    if (p->queued > 0 && (p->playing || !playing_only)) {
        header = p->queue[0];
        memmove(p->queue, p->queue + 1, (size_t)(--p->queued) * sizeof *p->queue);
    }
    pthread_mutex_unlock(&lock);
    return header;
}

/* While playing: every queued buffer, in order (callbacks on the calling thread). */
static void stream_play(UINT dev, port *p)
{
    for (LPMIDIHDR header; (header = take_head(p, true));) {
        play_buffer(dev, p, header);
        give_back(p, header);
    }
}

static void stream_stop(port *p)
{
    pthread_mutex_lock(&lock);
    p->playing = false;
    p->ticks = 0;
    pthread_mutex_unlock(&lock);
    for (LPMIDIHDR header; (header = take_head(p, false));)
        give_back(p, header);
}

static DWORD stream_data(UINT dev, port *p, LPMIDIHDR header, DWORD_PTR size)
{
    if (!header || !header->lpData || size < offsetof(MIDIHDR, dwOffset))
        return MMSYSERR_INVALPARAM;
    if (!(header->dwFlags & MHDR_PREPARED))
        return MIDIERR_UNPREPARED;
    record_bytes(dev, MTD_STRMDATA, header->dwFlags, (const BYTE *)&header, sizeof header, header->dwBytesRecorded);
    pthread_mutex_lock(&lock);
    DWORD result = MMSYSERR_NOMEM;
    if (p->queued < MTD_BUFFERS) {
        p->queue[p->queued++] = header;
        result = MMSYSERR_NOERROR;
    }
    pthread_mutex_unlock(&lock);
    if (result == MMSYSERR_NOERROR)
        stream_play(dev, p);
    return result;
}

static DWORD stream_position(UINT dev, port *p, MMTIME *time, DWORD_PTR size)
{
    if (!time || size < sizeof *time)
        return MMSYSERR_INVALPARAM;
    record(dev, MTD_GETPOS, time->wType, NULL, 0);
    pthread_mutex_lock(&lock);
    if (time->wType == TIME_TICKS) {
        time->u.ticks = (DWORD)p->ticks;
    } else {
        time->wType = TIME_MS;
        time->u.ms = p->division ? (DWORD)(p->ticks * p->tempo / p->division / 1000u) : 0;
    }
    pthread_mutex_unlock(&lock);
    return MMSYSERR_NOERROR;
}

static DWORD stream_property(UINT dev, port *p, LPBYTE data, DWORD flags)
{
    if (!data)
        return MMSYSERR_INVALPARAM;
    DWORD value;
    memcpy(&value, data + 4, sizeof value);
    pthread_mutex_lock(&lock);
    DWORD *field = (flags & MIDIPROP_TEMPO) ? &p->tempo : &p->division;
    DWORD result = MMSYSERR_NOERROR;
    if (flags & MIDIPROP_GET)
        memcpy(data + 4, field, sizeof *field);
    else if ((flags & MIDIPROP_TIMEDIV) && p->playing)
        result = MMSYSERR_INVALPARAM;
    else
        *field = value;
    value = *field;
    pthread_mutex_unlock(&lock);
    record(dev, MTD_PROPERTY, flags, NULL, value);
    return result;
}

static DWORD stream_message(UINT dev, port *p, UINT msg, DWORD_PTR p1, DWORD_PTR p2)
{
    switch (msg) {
    case MODM_STRMDATA:
        return stream_data(dev, p, (LPMIDIHDR)p1, p2);
    case MODM_PAUSE:
        record(dev, MTD_PAUSE, 0, NULL, 0);
        pthread_mutex_lock(&lock);
        p->playing = false;
        pthread_mutex_unlock(&lock);
        return MMSYSERR_NOERROR;
    case MODM_RESTART:
        record(dev, MTD_RESTART, 0, NULL, 0);
        pthread_mutex_lock(&lock);
        p->playing = true;
        pthread_mutex_unlock(&lock);
        stream_play(dev, p);
        return MMSYSERR_NOERROR;
    case MODM_STOP:
        record(dev, MTD_STOP, 0, NULL, 0);
        stream_stop(p);
        return MMSYSERR_NOERROR;
    case MODM_GETPOS:
        return stream_position(dev, p, (MMTIME *)p1, p2);
    default: /* MODM_PROPERTIES */
        return stream_property(dev, p, (LPBYTE)p1, (DWORD)p2);
    }
}

static DWORD out_close(port *p)
{
    pthread_mutex_lock(&lock);
    int queued = p->queued;
    pthread_mutex_unlock(&lock);
    if (queued > 0)
        return MIDIERR_STILLPLAYING;
    notify(p, MOM_CLOSE, 0, 0);
    pthread_mutex_lock(&lock);
    p->open = false;
    pthread_mutex_unlock(&lock);
    return MMSYSERR_NOERROR;
}

DWORD CALLBACK modMessage(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    port *p = (port *)user;
    switch (msg) {
    case DRVM_INIT:
    case DRVM_EXIT:
        return MMSYSERR_NOERROR;
    case MODM_GETNUMDEVS:
        return out_count;
    default:
        break;
    }
    if (dev >= out_count)
        return MMSYSERR_BADDEVICEID;
    DWORD failure;
    if (failing(msg, &failure))
        return failure;
    switch (msg) {
    case MODM_GETDEVCAPS:
        return out_caps(dev, (MIDIOUTCAPSW *)p1, p2);
    case MODM_OPEN: {
        DWORD result = open_port(&outs[dev], user, (const MIDIOPENDESC *)p1, (DWORD)p2, MOM_OPEN);
        if (result == MMSYSERR_NOERROR && outs[dev].cooked)
            record(dev, MTD_OPEN, (DWORD)p2, NULL, 0);
        return result;
    }
    case MODM_STRMDATA:
    case MODM_PAUSE:
    case MODM_RESTART:
    case MODM_STOP:
    case MODM_GETPOS:
    case MODM_PROPERTIES:
        return p && p->cooked ? stream_message(dev, p, msg, p1, p2) : MMSYSERR_NOTSUPPORTED;
    case MODM_CLOSE:
        return out_close(p);
    case MODM_DATA:
        record(dev, MTD_SHORT, (DWORD)p1, NULL, 0);
        return MMSYSERR_NOERROR;
    case MODM_LONGDATA:
        return long_data(dev, p, (LPMIDIHDR)p1);
    case MODM_RESET:
        record(dev, MTD_RESET, 0, NULL, 0);
        if (p && p->cooked)
            stream_stop(p);
        return MMSYSERR_NOERROR;
    case MODM_GETVOLUME:
        if (!p1)
            return MMSYSERR_INVALPARAM;
        *(DWORD *)p1 = __atomic_load_n(&volume[dev], __ATOMIC_RELAXED);
        return MMSYSERR_NOERROR;
    case MODM_SETVOLUME:
        __atomic_store_n(&volume[dev], (DWORD)p1, __ATOMIC_RELAXED);
        return MMSYSERR_NOERROR;
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
}

/* ---- input ------------------------------------------------------------------------------------- */

/* Gives back the head buffer (lock held; released around the callback). */
static void return_head(port *p)
{
    LPMIDIHDR header = p->queue[0];
    memmove(p->queue, p->queue + 1, (size_t)(--p->queued) * sizeof *p->queue);
    header->dwFlags = (header->dwFlags & ~(DWORD)MHDR_INQUEUE) | MHDR_DONE;
    DWORD ms = (DWORD)((now_ns() - p->start_ns) / 1000000u);
    p->busy++;
    pthread_mutex_unlock(&lock);
    notify(p, MIM_LONGDATA, (DWORD_PTR)header, ms);
    pthread_mutex_lock(&lock);
    p->busy--;
    pthread_cond_broadcast(&idle);
}

static void sysex_byte(port *p, BYTE byte)
{
    if (p->queued == 0)
        return; /* no buffer: dropped */
    LPMIDIHDR header = p->queue[0];
    header->lpData[header->dwBytesRecorded++] = (char)byte;
    if (byte == 0xF7 || header->dwBytesRecorded >= header->dwBufferLength)
        return_head(p);
}

static int data_bytes(BYTE status)
{
    if (status >= 0xF0)
        return status == 0xF1 || status == 0xF3 ? 1 : status == 0xF2 ? 2 : 0;
    return (status & 0xF0) == 0xC0 || (status & 0xF0) == 0xD0 ? 1 : 2;
}

static void short_message(port *p, DWORD message)
{
    DWORD ms = (DWORD)((now_ns() - p->start_ns) / 1000000u);
    p->busy++;
    pthread_mutex_unlock(&lock);
    notify(p, MIM_DATA, message, ms);
    pthread_mutex_lock(&lock);
    p->busy--;
    pthread_cond_broadcast(&idle);
}

static void input_byte(port *p, BYTE byte)
{
    if (byte >= 0xF8) {
        if (byte != 0xFE)
            short_message(p, byte);
        return;
    }
    if (byte == 0xF0) {
        p->sysex = true;
        p->status = 0;
        sysex_byte(p, byte);
        return;
    }
    if (p->sysex) {
        if (byte < 0x80 || byte == 0xF7) {
            sysex_byte(p, byte);
            if (byte == 0xF7)
                p->sysex = false;
            return;
        }
        p->sysex = false; /* a status byte ends an unterminated SysEx */
    }
    if (byte >= 0x80) {
        p->status = byte;
        p->have = 0;
        if (data_bytes(byte) == 0)
            short_message(p, byte);
        if (byte >= 0xF0)
            p->status = byte >= 0xF1 && byte <= 0xF3 ? byte : 0;
        return;
    }
    if (!p->status)
        return;
    p->data[p->have++] = byte;
    if (p->have == data_bytes(p->status)) {
        DWORD message = p->status | (DWORD)p->data[0] << 8 | (p->have > 1 ? (DWORD)p->data[1] << 16 : 0);
        p->have = 0;
        if (p->status >= 0xF0)
            p->status = 0;
        short_message(p, message);
    }
}

void midi_test_driver_inject(UINT device, const BYTE *bytes, size_t size)
{
    if (device >= in_count)
        return;
    port *p = &ins[device];
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < size && p->open && !p->closing && p->started; i++)
        input_byte(p, bytes[i]);
    pthread_mutex_unlock(&lock);
}

static DWORD in_reset(port *p)
{
    pthread_mutex_lock(&lock);
    p->started = false;
    p->sysex = false;
    while (p->queued > 0)
        return_head(p);
    pthread_mutex_unlock(&lock);
    return MMSYSERR_NOERROR;
}

static DWORD in_add(port *p, LPMIDIHDR header)
{
    if (!header || !header->lpData || header->dwBufferLength == 0)
        return MMSYSERR_INVALPARAM;
    if (!(header->dwFlags & MHDR_PREPARED))
        return MIDIERR_UNPREPARED;
    pthread_mutex_lock(&lock);
    DWORD result = MMSYSERR_NOMEM;
    if (p->queued < MTD_BUFFERS) {
        header->dwBytesRecorded = 0;
        header->dwFlags = (header->dwFlags & ~(DWORD)MHDR_DONE) | MHDR_INQUEUE;
        p->queue[p->queued++] = header;
        result = MMSYSERR_NOERROR;
    }
    pthread_mutex_unlock(&lock);
    return result;
}

static DWORD in_close(port *p)
{
    pthread_mutex_lock(&lock);
    if (p->queued > 0) {
        pthread_mutex_unlock(&lock);
        return MIDIERR_STILLPLAYING;
    }
    /* No callback may run after close returns: wait for those of other threads. */
    p->closing = true;
    while (p->busy > 0)
        pthread_cond_wait(&idle, &lock);
    pthread_mutex_unlock(&lock);
    notify(p, MIM_CLOSE, 0, 0);
    pthread_mutex_lock(&lock);
    p->open = false;
    p->started = false;
    pthread_mutex_unlock(&lock);
    return MMSYSERR_NOERROR;
}

DWORD CALLBACK midMessage(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    port *p = (port *)user;
    switch (msg) {
    case DRVM_INIT:
    case DRVM_EXIT:
        return MMSYSERR_NOERROR;
    case MIDM_GETNUMDEVS:
        return in_count;
    default:
        break;
    }
    if (dev >= in_count)
        return MMSYSERR_BADDEVICEID;
    switch (msg) {
    case MIDM_GETDEVCAPS: {
        MIDIINCAPSW c = {.wMid = 0xFF, .wPid = 0x43, .vDriverVersion = 0x0100};
        put_name(c.szPname, "In", dev);
        memcpy((void *)p1, &c, p2 < sizeof c ? p2 : sizeof c);
        return MMSYSERR_NOERROR;
    }
    case MIDM_OPEN:
        return open_port(&ins[dev], user, (const MIDIOPENDESC *)p1, (DWORD)p2, MIM_OPEN);
    case MIDM_CLOSE:
        return in_close(p);
    case MIDM_ADDBUFFER:
        return in_add(p, (LPMIDIHDR)p1);
    case MIDM_START:
        pthread_mutex_lock(&lock);
        p->started = true;
        p->start_ns = now_ns();
        pthread_mutex_unlock(&lock);
        return MMSYSERR_NOERROR;
    case MIDM_STOP:
        pthread_mutex_lock(&lock);
        p->started = false;
        pthread_mutex_unlock(&lock);
        return MMSYSERR_NOERROR;
    case MIDM_RESET:
        return in_reset(p);
    default:
        return MMSYSERR_NOTSUPPORTED; /* PREPARE, UNPREPARE, DRVM_ADD_THRU, DRVM_REMOVE_THRU, ... */
    }
}
