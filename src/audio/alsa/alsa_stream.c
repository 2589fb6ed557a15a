/*
 * alsa_stream.c - one open ALSA stream: its handle (the instance value the client's dwUser
 * carries), its worker thread, the header queue shared by both directions, the notifications,
 * the clock of PCMs that have none, and positions.
 *
 * The worker polls the PCM's descriptors and an eventfd that the message functions write to
 * when they change something; it holds the stream lock only while it moves data (the PCM is
 * non-blocking) and never while it notifies the client.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "alsa_int.h"

#define ALSA_MAX_POLL_FDS 16

alsa_stream *pacm_alsa_stream_acquire(DWORD_PTR user, snd_pcm_stream_t direction)
{
    alsa_stream *stream = pacm_handle_acquire(user, PACM_ALSA_HANDLE_TYPE);
    if (stream && stream->direction != direction) {
        pacm_handle_release(user);
        return NULL;
    }
    return stream;
}

void pacm_alsa_notify(alsa_stream *stream, UINT msg, DWORD_PTR param1)
{
    DriverCallback(stream->callback, stream->callback_flags, (HDRVR)stream->hwave, msg, stream->instance, param1, 0);
}

void pacm_alsa_wake(alsa_stream *stream)
{
    uint64_t one = 1;
    ssize_t written = write(stream->wake_fd, &one, sizeof one);
    (void)written; /* a full counter already wakes the worker */
}

DWORD pacm_alsa_check_header(const WAVEHDR *header, DWORD_PTR size)
{
    if (!header || size < sizeof(WAVEHDR))
        return MMSYSERR_INVALPARAM;
    if (!(header->dwFlags & WHDR_PREPARED) || !header->lpData)
        return WAVERR_UNPREPARED;
    return MMSYSERR_NOERROR;
}

DWORD pacm_alsa_enqueue(alsa_stream *stream, WAVEHDR *header)
{
    /* winmm sets INQUEUE itself before it sends the message, so the flag cannot tell a header
     * that is queued here already: the queue can. */
    for (alsa_entry *queued = stream->head; queued; queued = queued->next)
        if (queued->header == header)
            return WAVERR_STILLPLAYING;
    alsa_entry *entry = pacm_mem_calloc(1, sizeof *entry);
    if (!entry)
        return MMSYSERR_NOMEM;
    entry->header = header;
    entry->done_at = UINT64_MAX;
    if (stream->tail)
        stream->tail->next = entry;
    else
        stream->head = entry;
    stream->tail = entry;
    return MMSYSERR_NOERROR;
}

/* A header leaving the queue: INQUEUE cleared, then DONE set, in the caller's own WAVEHDR and
 * under the stream lock, so that when a reset or stop returns every header it gave back reads
 * DONE, even one whose notification the worker has still to make. */
static void mark_done(WAVEHDR *header)
{
    header->dwFlags &= ~(DWORD)WHDR_INQUEUE;
    header->dwFlags |= WHDR_DONE;
}

alsa_entry *pacm_alsa_pop_head(alsa_stream *stream)
{
    alsa_entry *entry = stream->head;
    stream->head = entry->next;
    if (!stream->head)
        stream->tail = NULL;
    entry->next = NULL;
    mark_done(entry->header);
    return entry;
}

alsa_entry *pacm_alsa_take_all(alsa_stream *stream)
{
    alsa_entry *list = stream->head;
    for (alsa_entry *entry = list; entry; entry = entry->next)
        mark_done(entry->header);
    stream->head = stream->tail = NULL;
    stream->cursor = NULL;
    stream->cursor_offset = 0;
    stream->loop_start = NULL;
    stream->loop_left = 0;
    stream->break_loop = false;
    return list;
}

void pacm_alsa_complete_list(alsa_stream *stream, alsa_entry *list)
{
    UINT msg = stream->direction == SND_PCM_STREAM_PLAYBACK ? WOM_DONE : WIM_DATA;
    while (list) {
        alsa_entry *next = list->next;
        WAVEHDR *header = list->header;
        pacm_mem_free(list);
        /* Once the client has closed the stream (from an earlier callback of this list), no
         * message may follow its WOM_CLOSE / WIM_CLOSE; the header already reads DONE. */
        pthread_mutex_lock(&stream->lock);
        bool closed = stream->quit;
        pthread_mutex_unlock(&stream->lock);
        if (!closed)
            pacm_alsa_notify(stream, msg, (DWORD_PTR)header);
        list = next;
    }
}

void pacm_alsa_mark_dead(alsa_stream *stream, int error)
{
    if (stream->dead)
        return;
    pacm_log_debug("alsa.drv: the PCM failed for good (%s); pending buffers are returned", snd_strerror(error));
    stream->dead = true;
    snd_pcm_drop(stream->pcm);
}

uint64_t pacm_alsa_clock_frames(const alsa_stream *stream)
{
    if (!stream->clock_running)
        return 0;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    int64_t ns = (int64_t)(now.tv_sec - stream->clock_start.tv_sec) * 1000000000 +
                 (now.tv_nsec - stream->clock_start.tv_nsec);
    return ns <= 0 ? 0 : (uint64_t)((unsigned __int128)ns * stream->format.rate / 1000000000u);
}

void pacm_alsa_position(const alsa_format *format, uint64_t frames, MMTIME *time)
{
    uint64_t bytes = frames * format->frame_bytes;
    switch (time->wType) {
    case TIME_SAMPLES:
        time->u.sample = (DWORD)frames;
        break;
    case TIME_MS:
        time->u.ms = (DWORD)(frames * 1000 / format->rate);
        break;
    case TIME_SMPTE: {
        /* 30 frames per second; samples rounded up to whole SMPTE frames. */
        uint64_t smpte_frames = (frames * 30 + format->rate - 1) / format->rate;
        memset(&time->u.smpte, 0, sizeof time->u.smpte);
        time->u.smpte.fps = 30;
        time->u.smpte.frame = (BYTE)(smpte_frames % 30);
        uint64_t seconds = smpte_frames / 30;
        time->u.smpte.sec = (BYTE)(seconds % 60);
        time->u.smpte.min = (BYTE)(seconds / 60 % 60);
        time->u.smpte.hour = (BYTE)(seconds / 3600 % 24);
        break;
    }
    default:
        time->wType = TIME_BYTES;
        time->u.cb = (DWORD)bytes;
        break;
    }
}

DWORD pacm_alsa_get_position(const alsa_format *format, uint64_t frames, DWORD_PTR time, DWORD_PTR size)
{
    if (!time)
        return MMSYSERR_INVALPARAM;
    if (size < sizeof(MMTIME))
        return MMSYSERR_ERROR;
    MMTIME value;
    memcpy(&value, (void *)time, sizeof value);
    pacm_alsa_position(format, frames, &value);
    memcpy((void *)time, &value, sizeof value);
    return MMSYSERR_NOERROR;
}

/* Waits for the PCM or a wake, as long as the pass asked. `count` PCM descriptors follow the
 * eventfd in fds (taken under the lock). Every ALSA call is made under the stream lock: after
 * the wait, snd_pcm_poll_descriptors_revents lets plugins (ioplug ones such as pulse) clear
 * their descriptors. */
static void worker_wait(alsa_stream *stream, struct pollfd *fds, int count, int timeout_ms)
{
    fds[0] = (struct pollfd){.fd = stream->wake_fd, .events = POLLIN};
    if (poll(fds, (nfds_t)count + 1, timeout_ms) <= 0)
        return;
    if (fds[0].revents & POLLIN) {
        uint64_t value;
        ssize_t got = read(stream->wake_fd, &value, sizeof value);
        (void)got;
    }
    if (count > 0) {
        unsigned short revents = 0;
        pthread_mutex_lock(&stream->lock);
        if (!stream->quit && !stream->dead)
            snd_pcm_poll_descriptors_revents(stream->pcm, fds + 1, (unsigned)count, &revents);
        pthread_mutex_unlock(&stream->lock);
    }
}

/* One pass under the lock: data moved, the entries to notify, and what to wait for. */
static alsa_entry *worker_pass(alsa_stream *stream, struct pollfd *fds, int *count, int *timeout_ms)
{
    bool poll_pcm = false;
    alsa_entry *done = NULL;
    *count = 0;
    *timeout_ms = -1;
    if (!stream->dead)
        done = stream->direction == SND_PCM_STREAM_PLAYBACK ? pacm_alsa_output_pass(stream, timeout_ms, &poll_pcm)
                                                            : pacm_alsa_input_pass(stream, timeout_ms, &poll_pcm);
    if (stream->dead) {
        /* A failed PCM gives every pending buffer back at once. */
        alsa_entry **end = &done;
        while (*end)
            end = &(*end)->next;
        *end = pacm_alsa_take_all(stream);
        *timeout_ms = -1;
        return done;
    }
    if (poll_pcm) {
        *count = snd_pcm_poll_descriptors(stream->pcm, fds + 1, ALSA_MAX_POLL_FDS);
        if (*count < 0)
            *count = 0;
    }
    return done;
}

static void *worker_main(void *context)
{
    alsa_stream *stream = context;
    struct pollfd fds[ALSA_MAX_POLL_FDS + 1];
    for (;;) {
        pthread_mutex_lock(&stream->lock);
        if (stream->quit) {
            pthread_mutex_unlock(&stream->lock);
            break;
        }
        int count, timeout_ms;
        alsa_entry *done = worker_pass(stream, fds, &count, &timeout_ms);
        pthread_mutex_unlock(&stream->lock);
        if (done) {
            pacm_alsa_complete_list(stream, done);
            continue; /* the callbacks may have queued more: look again before sleeping */
        }
        worker_wait(stream, fds, count, timeout_ms);
    }
    pacm_handle_release(stream->handle);
    return NULL;
}

static void stream_destroy(void *object)
{
    alsa_stream *stream = object;
    if (stream->pcm)
        snd_pcm_close(stream->pcm);
    if (stream->wake_fd >= 0)
        close(stream->wake_fd);
    alsa_entry *list = stream->head;
    while (list) {
        alsa_entry *next = list->next;
        pacm_mem_free(list);
        list = next;
    }
    pacm_mem_free(stream->scratch);
    pthread_mutex_destroy(&stream->lock);
    pacm_mem_free(stream);
}

/* Opens and sets up the PCM of a new stream. */
static DWORD stream_setup(alsa_stream *stream, const char *name)
{
    int error = snd_pcm_open(&stream->pcm, name, stream->direction, SND_PCM_NONBLOCK);
    if (error < 0) {
        stream->pcm = NULL;
        return pacm_alsa_open_error(error);
    }
    DWORD result = pacm_alsa_configure(stream->pcm, stream->direction, &stream->format, &stream->buffer_frames,
                                       &stream->period_frames);
    if (result != MMSYSERR_NOERROR)
        return result;
    snd_pcm_hw_params_t *hw;
    snd_pcm_hw_params_alloca(&hw);
    stream->can_pause = snd_pcm_hw_params_current(stream->pcm, hw) >= 0 && snd_pcm_hw_params_can_pause(hw);
    size_t bytes;
    if (!pacm_size_mul(stream->period_frames, stream->format.frame_bytes, &bytes))
        return MMSYSERR_NOMEM;
    stream->scratch = pacm_mem_alloc(bytes);
    stream->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (!stream->scratch || stream->wake_fd < 0)
        return MMSYSERR_NOMEM;
    return MMSYSERR_NOERROR;
}

static alsa_stream *stream_new(snd_pcm_stream_t direction, UINT device, const alsa_format *format,
                               const WAVEOPENDESC *desc, DWORD flags)
{
    alsa_stream *stream = pacm_mem_calloc(1, sizeof *stream);
    if (!stream)
        return NULL;
    pthread_mutex_init(&stream->lock, NULL);
    stream->direction = direction;
    stream->device = device;
    stream->format = *format;
    stream->wake_fd = -1;
    stream->callback = desc->dwCallback;
    stream->instance = desc->dwInstance;
    stream->hwave = desc->hWave;
    stream->callback_flags = HIWORD(flags & CALLBACK_TYPEMASK);
    stream->volume = direction == SND_PCM_STREAM_PLAYBACK ? pacm_alsa_device_volume(device) : 0xFFFFFFFFu;
    return stream;
}

DWORD pacm_alsa_stream_open(snd_pcm_stream_t direction, UINT device, DWORD_PTR user, DWORD_PTR desc_arg,
                            DWORD_PTR flags)
{
    const char *name = pacm_alsa_device_name(direction, device);
    if (!name)
        return MMSYSERR_BADDEVICEID;
    if (!desc_arg)
        return MMSYSERR_INVALPARAM;
    WAVEOPENDESC desc;
    memcpy(&desc, (const void *)desc_arg, sizeof desc);
    if (!desc.lpFormat)
        return MMSYSERR_INVALPARAM;
    alsa_format format;
    if (!pacm_alsa_format_parse(desc.lpFormat, &format))
        return WAVERR_BADFORMAT;
    if (flags & WAVE_FORMAT_QUERY)
        return pacm_alsa_format_query(name, direction, &format);
    if (!user)
        return MMSYSERR_INVALPARAM;

    alsa_stream *stream = stream_new(direction, device, &format, &desc, (DWORD)flags);
    if (!stream)
        return MMSYSERR_NOMEM;
    DWORD result = stream_setup(stream, name);
    if (result == MMSYSERR_NOERROR) {
        stream->handle = pacm_handle_create(PACM_ALSA_HANDLE_TYPE, stream, stream_destroy);
        if (!stream->handle)
            result = MMSYSERR_NOMEM;
    }
    if (result != MMSYSERR_NOERROR) {
        stream_destroy(stream);
        return result;
    }
    /* The worker's own reference, dropped when it exits. */
    pacm_handle_acquire(stream->handle, PACM_ALSA_HANDLE_TYPE);
    if (pthread_create(&stream->worker, NULL, worker_main, stream) != 0) {
        pacm_handle_release(stream->handle);
        pacm_handle_close(stream->handle, PACM_ALSA_HANDLE_TYPE);
        return MMSYSERR_NOMEM;
    }
    DWORD_PTR value = stream->handle;
    memcpy((void *)user, &value, sizeof value);
    pacm_alsa_notify(stream, direction == SND_PCM_STREAM_PLAYBACK ? WOM_OPEN : WIM_OPEN, 0);
    return MMSYSERR_NOERROR;
}

DWORD pacm_alsa_stream_close(DWORD_PTR user, snd_pcm_stream_t direction)
{
    alsa_stream *stream = pacm_alsa_stream_acquire(user, direction);
    if (!stream)
        return MMSYSERR_INVALHANDLE;
    pthread_mutex_lock(&stream->lock);
    if (stream->head) {
        pthread_mutex_unlock(&stream->lock);
        pacm_handle_release(user);
        return WAVERR_STILLPLAYING;
    }
    bool closing = stream->quit;
    stream->quit = true;
    if (!closing)
        snd_pcm_drop(stream->pcm);
    pthread_mutex_unlock(&stream->lock);
    if (closing) { /* another thread is closing it */
        pacm_handle_release(user);
        return MMSYSERR_INVALHANDLE;
    }
    pacm_handle_close(user, PACM_ALSA_HANDLE_TYPE);
    pacm_alsa_wake(stream);
    /* From inside the stream's own callback the worker cannot be waited for: it exits (and
     * drops its reference) once the callback returns. */
    if (pthread_equal(pthread_self(), stream->worker))
        pthread_detach(stream->worker);
    else
        pthread_join(stream->worker, NULL);
    pacm_log_debug("alsa.drv: stream closed; %u xruns were recovered", stream->xruns);
    pacm_alsa_notify(stream, direction == SND_PCM_STREAM_PLAYBACK ? WOM_CLOSE : WIM_CLOSE, 0);
    pacm_handle_release(user);
    return MMSYSERR_NOERROR;
}

bool pacm_alsa_device_message(snd_pcm_stream_t direction, UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1,
                              DWORD_PTR p2, DWORD *result)
{
    /* WODM_GETNUMDEVS .. WODM_CLOSE are 3 .. 6, WIDM_GETNUMDEVS .. WIDM_CLOSE 50 .. 53. */
    UINT first = direction == SND_PCM_STREAM_PLAYBACK ? WODM_GETNUMDEVS : WIDM_GETNUMDEVS;
    if (msg == DRVM_INIT || msg == DRVM_EXIT || msg == DRVM_ENABLE || msg == DRVM_DISABLE)
        *result = MMSYSERR_NOERROR;
    else if (msg == first)
        *result = pacm_alsa_device_count(direction);
    else if (msg == first + 1)
        *result = pacm_alsa_device_caps(direction, dev, (void *)p1, p2);
    else if (msg == first + 2)
        *result = pacm_alsa_stream_open(direction, dev, user, p1, p2);
    else if (msg == first + 3)
        *result = pacm_alsa_stream_close(user, direction);
    else
        return false;
    return true;
}
