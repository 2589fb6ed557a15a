/*
 * midi_player.c - winmm's own stream player (spec winmm-devices §5.5, §6.10), used for every
 * device (no portacm driver has MIDICAPS_STREAM): a thread per stream turns the queued buffers'
 * MIDIEVENTs into MODM_DATA / MODM_LONGDATA at their time.
 *
 * Time: the stream clock is the play time in µs (it stands still while paused). Each event's
 * time is the previous event's time plus its delta converted with the tempo in force (PPQN:
 * delta * tempo / division; SMPTE: delta * 1e6 / (fps * ticks per frame)), so rounding never
 * accumulates; the thread sleeps on absolute CLOCK_MONOTONIC deadlines (no drift). Any control
 * call (pause, stop, close, a tempo change) wakes it, so absurd deltas never hold anything up.
 */
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "midi_int.h"
#include "timer_int.h"

typedef enum { PAUSED, PLAYING, STOPPED } player_state;

typedef struct queued {
    LPMIDIHDR header;
    struct queued *next;
} queued;

struct pacm_midi_player {
    pthread_mutex_t lock;
    pthread_cond_t wake;    /* the player: something changed */
    pthread_cond_t settled; /* control calls: the player is not inside an event */
    pthread_t thread;
    bool started, quit, busy, detached;
    player_state state;
    queued *head, *tail;
    DWORD cursor;          /* byte offset of the next event in the head buffer */
    DWORD tempo, division; /* µs per quarter note; MIDIPROP_TIMEDIV */
    uint64_t played_us;    /* play time before the current run */
    uint64_t run_start_ns; /* monotonic time the current run began (when PLAYING/STOPPED) */
    uint64_t event_us;     /* play time of the last event played */
    uint64_t ticks;        /* ticks up to the last event played (or the last tempo change) */
    uint64_t offset_ticks; /* ticks of the next event's delta already counted (tempo changes) */
    MIDIHDR long_header;   /* the header of a MEVT_LONGMSG being sent */
};

pacm_midi_player *pacm_midi_player_create(void)
{
    pacm_midi_player *player = pacm_mem_calloc(1, sizeof *player);
    if (!player)
        return NULL;
    pthread_mutex_init(&player->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&player->wake, &attr);
    pthread_condattr_destroy(&attr);
    pthread_cond_init(&player->settled, NULL);
    player->state = PAUSED;
    player->tempo = 500000;
    player->division = 24;
    return player;
}

static void player_free(pacm_midi_player *player)
{
    for (queued *q = player->head, *next; q; q = next) {
        next = q->next;
        pacm_mem_free(q);
    }
    pthread_mutex_destroy(&player->lock);
    pthread_cond_destroy(&player->wake);
    pthread_cond_destroy(&player->settled);
    pacm_mem_free(player);
}

/* Play time now, in µs. Lock held. */
static uint64_t now_us(const pacm_midi_player *player)
{
    if (player->state != PLAYING)
        return player->played_us;
    return player->played_us + (pacm_timer_now_ns() - player->run_start_ns) / 1000u;
}

static bool smpte(DWORD division)
{
    return (division & 0x8000u) != 0;
}

/* µs of `ticks` at the current tempo and division. */
static uint64_t ticks_to_us(const pacm_midi_player *player, uint64_t ticks)
{
    DWORD division = player->division;
    if (smpte(division)) {
        uint64_t fps = 256u - ((division >> 8) & 0xFFu), tpf = division & 0xFFu;
        return fps && tpf ? ticks * 1000000u / (fps * tpf) : 0;
    }
    return division ? ticks * player->tempo / division : 0;
}

/* ---- one buffer ------------------------------------------------------------------------------ */

/* The event at `offset` of a buffer of `size` bytes: its total length, or 0 when it overruns. */
static DWORD event_length(const char *data, DWORD size, DWORD offset)
{
    if (offset > size || size - offset < 12)
        return 0;
    DWORD event;
    memcpy(&event, data + offset + 8, sizeof event);
    if (!(event & MEVT_F_LONG))
        return 12;
    uint64_t length = 12u + ((MEVT_EVENTPARM(event) + 3u) & ~3u);
    return length <= size - offset ? (DWORD)length : 0;
}

bool pacm_midi_stream_buffer_valid(const char *data, DWORD size)
{
    for (DWORD offset = 0; offset < size;) {
        DWORD length = event_length(data, size, offset);
        if (!length)
            return false;
        offset += length;
    }
    return true;
}

/* Gives a header back: DONE, then MOM_DONE (the header is not touched afterwards). */
static void give_back(pacm_midi *midi, LPMIDIHDR header)
{
    pacm_midi_flags_change(header, MHDR_DONE, MHDR_INQUEUE);
    pacm_midi_notify(midi, MOM_DONE, (DWORD_PTR)header, 0);
}

/* Sends a long event's bytes and waits (at most a second, less when stopping) for the driver. */
static void send_long(pacm_midi *midi, pacm_midi_player *player, char *bytes, DWORD size)
{
    LPMIDIHDR header = &player->long_header;
    *header = (MIDIHDR){.lpData = bytes, .dwBufferLength = size, .dwBytesRecorded = size};
    UINT cb = sizeof *header;
    MMRESULT prepared = pacm_midi_send(midi, MODM_PREPARE, (DWORD_PTR)header, cb);
    if (prepared == MMSYSERR_NOTSUPPORTED)
        pacm_midi_flags_change(header, MHDR_PREPARED, MHDR_DONE);
    else if (prepared != MMSYSERR_NOERROR)
        return;
    pacm_midi_flags_change(header, MHDR_INQUEUE, 0);
    __atomic_store_n(&midi->running, 0, __ATOMIC_RELAXED);
    if (pacm_midi_send(midi, MODM_LONGDATA, (DWORD_PTR)header, cb) == MMSYSERR_NOERROR) {
        for (int i = 0; i < 1000 && !(pacm_midi_flags(header) & MHDR_DONE); i++) {
            if (__atomic_load_n(&player->quit, __ATOMIC_RELAXED) || player->state != PLAYING)
                pacm_midi_send(midi, MODM_RESET, 0, 0);
            nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
        }
    }
    if (prepared == MMSYSERR_NOERROR)
        pacm_midi_send(midi, MODM_UNPREPARE, (DWORD_PTR)header, cb);
}

/* Plays the event at the cursor of the head buffer; the lock is held on entry and on return
 * but released around the driver and the client. */
static void play_event(pacm_midi *midi, pacm_midi_player *player, LPMIDIHDR header, DWORD offset, DWORD length)
{
    DWORD event;
    memcpy(&event, header->lpData + offset + 8, sizeof event);
    BYTE type = (BYTE)(MEVT_EVENTTYPE(event) & ~(BYTE)(MEVT_F_CALLBACK >> 24));
    if (type == MEVT_TEMPO && !smpte(player->division))
        player->tempo = MEVT_EVENTPARM(event);
    player->busy = true;
    pthread_mutex_unlock(&player->lock);
    if (type == MEVT_SHORTMSG)
        pacm_midi_short(midi, MEVT_EVENTPARM(event));
    else if (type == MEVT_LONGMSG && length > 12 && MEVT_EVENTPARM(event) > 0)
        send_long(midi, player, header->lpData + offset + 12, MEVT_EVENTPARM(event));
    if (event & MEVT_F_CALLBACK) {
        header->dwOffset = offset;
        pacm_midi_notify(midi, MOM_POSITIONCB, (DWORD_PTR)header, 0);
    }
    pthread_mutex_lock(&player->lock);
    player->busy = false;
    pthread_cond_broadcast(&player->settled);
}

/* Pops the head buffer. Lock held. */
static LPMIDIHDR pop(pacm_midi_player *player)
{
    queued *q = player->head;
    LPMIDIHDR header = q->header;
    player->head = q->next;
    if (!player->head)
        player->tail = NULL;
    player->cursor = 0;
    pacm_mem_free(q);
    return header;
}

/* Gives back the head buffer (finished or refused). Lock held, released around the callback. */
static void finish_head(pacm_midi *midi, pacm_midi_player *player)
{
    LPMIDIHDR header = pop(player);
    player->busy = true;
    pthread_mutex_unlock(&player->lock);
    give_back(midi, header);
    pthread_mutex_lock(&player->lock);
    player->busy = false;
    pthread_cond_broadcast(&player->settled);
}

/* Waits until `due_us` of play time or a change. Lock held. */
static void wait_until(pacm_midi_player *player, uint64_t due_us)
{
    uint64_t now = now_us(player);
    uint64_t wait_ns = (due_us - now) * 1000u;
    if (due_us - now > 1000000u)
        wait_ns = 1000000000u; /* re-check at least every second */
    uint64_t deadline = pacm_timer_now_ns() + wait_ns;
    struct timespec ts = {.tv_sec = (time_t)(deadline / 1000000000u), .tv_nsec = (long)(deadline % 1000000000u)};
    pthread_cond_timedwait(&player->wake, &player->lock, &ts);
}

/* One step of the player: returns false when it must end. Lock held. */
static bool step(pacm_midi *midi, pacm_midi_player *player)
{
    if (player->quit)
        return false;
    if (player->state != PLAYING || !player->head) {
        pthread_cond_wait(&player->wake, &player->lock);
        return true;
    }
    LPMIDIHDR header = player->head->header;
    DWORD size = header->dwBytesRecorded, offset = player->cursor;
    DWORD length = offset < size ? event_length(header->lpData, size, offset) : 0;
    if (!length) {
        finish_head(midi, player);
        return true;
    }
    DWORD delta, stream;
    memcpy(&delta, header->lpData + offset, sizeof delta);
    memcpy(&stream, header->lpData + offset + 4, sizeof stream);
    if (offset == 0 && stream != 0 && stream != 0xFFFFFFFFu) {
        finish_head(midi, player); /* not this stream's buffer */
        return true;
    }
    uint64_t remaining = delta > player->offset_ticks ? delta - player->offset_ticks : 0;
    uint64_t due = player->event_us + ticks_to_us(player, remaining);
    if (now_us(player) < due) {
        wait_until(player, due);
        return true;
    }
    player->event_us = due;
    player->ticks += remaining;
    player->offset_ticks = 0;
    player->cursor = offset + length;
    play_event(midi, player, header, offset, length);
    return true;
}

/* Best effort: real-time scheduling for punctual events (refused without the rights: then the
 * player runs at normal priority). */
static void raise_priority(void)
{
    int low = sched_get_priority_min(SCHED_FIFO), high = sched_get_priority_max(SCHED_FIFO);
    if (low < 0 || high < low)
        return;
    struct sched_param param = {.sched_priority = low + (high - low) / 2};
    (void)pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);
}

static void *player_main(void *arg)
{
    raise_priority();
    pacm_midi *midi = arg;
    pacm_midi_player *player = midi->player;
    pthread_mutex_lock(&player->lock);
    while (step(midi, player)) {
    }
    bool detached = player->detached;
    pthread_mutex_unlock(&player->lock);
    if (detached)
        player_free(player);
    return NULL;
}

bool pacm_midi_player_start(pacm_midi *midi)
{
    pacm_midi_player *player = midi->player;
    if (pthread_create(&player->thread, NULL, player_main, midi) != 0)
        return false;
    player->started = true;
    return true;
}

static bool on_player_thread(const pacm_midi_player *player)
{
    return player->started && pthread_equal(pthread_self(), player->thread);
}

/* Waits until the player is outside any event (not when called from its own callback). */
static void settle(pacm_midi_player *player)
{
    if (on_player_thread(player))
        return;
    while (player->busy)
        pthread_cond_wait(&player->settled, &player->lock);
}

void pacm_midi_player_destroy(pacm_midi *midi)
{
    pacm_midi_player *player = midi->player;
    if (!player)
        return;
    if (!player->started) {
        player_free(player);
        return;
    }
    pthread_mutex_lock(&player->lock);
    player->quit = true;
    pthread_cond_broadcast(&player->wake);
    bool self = on_player_thread(player);
    player->detached = self;
    pthread_mutex_unlock(&player->lock);
    if (self) {
        pthread_detach(player->thread); /* closed from its own callback: it frees itself */
        return;
    }
    pthread_join(player->thread, NULL);
    player_free(player);
}

MMRESULT pacm_midi_player_queue(pacm_midi *midi, LPMIDIHDR header)
{
    pacm_midi_player *player = midi->player;
    queued *q = pacm_mem_alloc(sizeof *q);
    if (!q)
        return MMSYSERR_NOMEM;
    q->header = header;
    q->next = NULL;
    header->lpNext = NULL;
    pacm_midi_flags_change(header, MHDR_ISSTRM | MHDR_INQUEUE, MHDR_DONE);
    pthread_mutex_lock(&player->lock);
    if (player->state == STOPPED) {
        player->run_start_ns = pacm_timer_now_ns(); /* a stopped stream plays a new buffer at once */
        player->state = PLAYING;
    }
    if (player->tail)
        player->tail->next = q;
    else
        player->head = q;
    player->tail = q;
    pthread_cond_broadcast(&player->wake);
    pthread_mutex_unlock(&player->lock);
    return MMSYSERR_NOERROR;
}

void pacm_midi_player_pause(pacm_midi *midi)
{
    pacm_midi_player *player = midi->player;
    pthread_mutex_lock(&player->lock);
    if (player->state != PAUSED) {
        player->played_us = now_us(player);
        player->state = PAUSED;
        pthread_cond_broadcast(&player->wake);
    }
    settle(player);
    pthread_mutex_unlock(&player->lock);
}

void pacm_midi_player_restart(pacm_midi *midi)
{
    pacm_midi_player *player = midi->player;
    pthread_mutex_lock(&player->lock);
    if (player->state != PLAYING) {
        player->run_start_ns = pacm_timer_now_ns();
        player->state = PLAYING;
        pthread_cond_broadcast(&player->wake);
    }
    pthread_mutex_unlock(&player->lock);
}

/* Position 0, notes off, every buffer given back (in order). A stream that was playing is then
 * "stopped", not paused: its clock stands at 0 until a new buffer comes, which plays at once,
 * without midiStreamRestart (as Wine's winmm does). */
void pacm_midi_player_stop(pacm_midi *midi)
{
    pacm_midi_player *player = midi->player;
    pthread_mutex_lock(&player->lock);
    settle(player);
    queued *list = player->head;
    player->head = player->tail = NULL;
    player->cursor = 0;
    player->played_us = player->event_us = player->ticks = player->offset_ticks = 0;
    player->run_start_ns = pacm_timer_now_ns();
    if (player->state == PLAYING)
        player->state = STOPPED;
    pthread_cond_broadcast(&player->wake);
    pthread_mutex_unlock(&player->lock);
    pacm_midi_send(midi, MODM_RESET, 0, 0);
    __atomic_store_n(&midi->running, 0, __ATOMIC_RELAXED);
    while (list) {
        queued *next = list->next;
        LPMIDIHDR header = list->header;
        pacm_mem_free(list);
        give_back(midi, header);
        list = next;
    }
}

bool pacm_midi_player_busy(pacm_midi *midi)
{
    pacm_midi_player *player = midi->player;
    pthread_mutex_lock(&player->lock);
    bool busy = player->head != NULL;
    pthread_mutex_unlock(&player->lock);
    return busy;
}

bool pacm_midi_player_header(const pacm_midi *midi, DWORD_PTR header)
{
    return midi->player && header == (DWORD_PTR)&midi->player->long_header;
}

/* Ticks played now, interpolated from the play time since the last event. Lock held. */
static uint64_t ticks_now(const pacm_midi_player *player)
{
    uint64_t now = now_us(player), ticks = player->ticks;
    if (now > player->event_us && !smpte(player->division) && player->tempo)
        ticks += (now - player->event_us) * player->division / player->tempo;
    else if (now > player->event_us && smpte(player->division)) {
        uint64_t fps = 256u - ((player->division >> 8) & 0xFFu), tpf = player->division & 0xFFu;
        ticks += (now - player->event_us) * fps * tpf / 1000000u;
    }
    return ticks;
}

MMRESULT pacm_midi_player_position(pacm_midi *midi, LPMMTIME pmmt)
{
    pacm_midi_player *player = midi->player;
    pthread_mutex_lock(&player->lock);
    switch (pmmt->wType) {
    case TIME_TICKS:
        pmmt->u.ticks = (DWORD)ticks_now(player);
        break;
    case TIME_MIDI:
        if (!smpte(player->division)) {
            uint64_t ticks = ticks_now(player), division = player->division < 24 ? 24 : player->division;
            uint64_t spp = (ticks + division / 8) / (division / 4);
            pmmt->u.midi.songptrpos = (DWORD)(spp == 0 && ticks > 0 ? 1 : spp);
            break;
        }
        /* fall through */
    default:
        pmmt->wType = TIME_MS;
        pmmt->u.ms = (DWORD)(now_us(player) / 1000u);
        break;
    }
    pthread_mutex_unlock(&player->lock);
    return MMSYSERR_NOERROR;
}

/* Checked by midiStreamProperty: one of GET/SET, one property, cbStruct 8, data not NULL. */
MMRESULT pacm_midi_player_property(pacm_midi *midi, LPBYTE data, DWORD property)
{
    pacm_midi_player *player = midi->player;
    DWORD value;
    memcpy(&value, data + 4, sizeof value);
    MMRESULT result = MMSYSERR_NOERROR;
    pthread_mutex_lock(&player->lock);
    if (property & MIDIPROP_TEMPO) {
        if (property & MIDIPROP_GET) {
            memcpy(data + 4, &player->tempo, sizeof player->tempo);
        } else {
            /* Takes effect now: the time already elapsed since the last event is kept. */
            uint64_t ticks = ticks_now(player), now = now_us(player);
            player->offset_ticks += ticks - player->ticks;
            player->ticks = ticks;
            player->event_us = now;
            player->tempo = value & 0xFFFFFFu;
            pthread_cond_broadcast(&player->wake);
        }
    } else if (property & MIDIPROP_GET) {
        memcpy(data + 4, &player->division, sizeof player->division);
    } else if (player->state == PLAYING || value == 0 || (smpte(value) && (value & 0xFF) == 0)) {
        result = MMSYSERR_INVALPARAM;
    } else {
        player->division = value;
        pthread_cond_broadcast(&player->wake);
    }
    pthread_mutex_unlock(&player->lock);
    return result;
}
