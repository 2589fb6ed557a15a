/*
 * alsa_output.c - the ALSA driver's playback half and its wodMessage.
 *
 * A header stays queued (INQUEUE) until its last frame has been played, not merely handed to
 * ALSA: the worker writes ahead from a cursor, records for each header the stream frame at
 * which it ends, and returns it once the played position passes that frame. Loops replay the
 * entries from the BEGINLOOP one; their headers are returned together when the loop ends.
 *
 * Played frames come from snd_pcm_delay. A PCM without a clock of its own (the null plugin,
 * the file plugin over it, which take any amount at once) is recognised after the first write
 * (the whole buffer is free again at once) and paced by the system clock instead, so that
 * playback still takes real time.
 */
#include <errno.h>
#include <string.h>

#include "alsa_int.h"
#include "audio_int.h"

/* Brings the PCM back from an xrun or suspend; false when it cannot be recovered. */
static bool recover(alsa_stream *stream, int error, bool count)
{
    if (count) {
        stream->xruns++;
        pacm_log_debug("alsa.drv: playback underrun (%s), recovered", snd_strerror(error));
    }
    int result = snd_pcm_recover(stream->pcm, error, 1);
    if (result < 0) {
        pacm_alsa_mark_dead(stream, result);
        return false;
    }
    stream->pcm_paused = false;
    return true;
}

/* Frames still in the device, checking its state on the way. */
static uint64_t clocked_delay(alsa_stream *stream)
{
    snd_pcm_state_t state = snd_pcm_state(stream->pcm);
    if (state == SND_PCM_STATE_DISCONNECTED) {
        pacm_alsa_mark_dead(stream, -ENODEV);
        return 0;
    }
    if (state == SND_PCM_STATE_XRUN || state == SND_PCM_STATE_SUSPENDED) {
        /* Running dry after the last queued frame, or while paused without pause support,
         * is not an underrun of the client's data. */
        bool starved = stream->cursor && !stream->paused;
        recover(stream, state == SND_PCM_STATE_XRUN ? -EPIPE : -ESTRPIPE, starved);
        return 0;
    }
    if (state != SND_PCM_STATE_RUNNING && state != SND_PCM_STATE_PAUSED && state != SND_PCM_STATE_DRAINING)
        return 0;
    snd_pcm_sframes_t delay = 0;
    int error = snd_pcm_delay(stream->pcm, &delay);
    if (error == -EPIPE || error == -ESTRPIPE) {
        recover(stream, error, stream->cursor && !stream->paused);
        return 0;
    }
    if (error < 0) {
        pacm_alsa_mark_dead(stream, error);
        return 0;
    }
    return delay < 0 ? 0 : (uint64_t)delay;
}

uint64_t pacm_alsa_output_played(alsa_stream *stream)
{
    if (stream->dead)
        return stream->transferred;
    if (!stream->clockless) {
        uint64_t delay = clocked_delay(stream);
        return delay > stream->transferred ? 0 : stream->transferred - delay;
    }
    uint64_t played = stream->clock_base + pacm_alsa_clock_frames(stream);
    if (played >= stream->transferred) {
        /* The virtual device ran dry: its clock stops until more is written. */
        played = stream->transferred;
        stream->clock_running = false;
        stream->clock_base = played;
    }
    return played;
}

static void start_clock(alsa_stream *stream, uint64_t base)
{
    stream->clock_base = base;
    clock_gettime(CLOCK_MONOTONIC, &stream->clock_start);
    stream->clock_running = true;
}

/* After a header's last byte was written: loop bookkeeping and its completion frame. */
static void advance_cursor(alsa_stream *stream)
{
    alsa_entry *entry = stream->cursor;
    DWORD flags = entry->header->dwFlags;
    if ((flags & WHDR_BEGINLOOP) && !stream->loop_start) {
        stream->loop_start = entry;
        stream->loop_left = entry->header->dwLoops ? entry->header->dwLoops : 1;
    }
    stream->cursor = entry->next;
    stream->cursor_offset = 0;
    if (!stream->loop_start) {
        entry->done_at = stream->transferred;
        return;
    }
    if (!(flags & WHDR_ENDLOOP))
        return;
    if (stream->loop_left > 1 && !stream->break_loop) {
        stream->loop_left--;
        stream->cursor = stream->loop_start;
        return;
    }
    for (alsa_entry *e = stream->loop_start; e != entry->next; e = e->next)
        e->done_at = stream->transferred;
    stream->loop_start = NULL;
    stream->loop_left = 0;
    stream->break_loop = false;
}

/* Decides, after the first write, whether the PCM keeps time itself. */
static void learn_clock(alsa_stream *stream, snd_pcm_uframes_t written)
{
    snd_pcm_sframes_t avail = snd_pcm_avail_update(stream->pcm);
    if (avail < 0)
        return;
    stream->clock_known = true;
    stream->clockless = (snd_pcm_uframes_t)avail >= stream->buffer_frames;
    if (stream->clockless) {
        pacm_log_debug("alsa.drv: the PCM keeps no time; playback is paced by the system clock");
        start_clock(stream, stream->transferred - written);
    }
}

/* How many frames may be written now. */
static snd_pcm_uframes_t room(alsa_stream *stream, uint64_t played)
{
    if (stream->clockless) {
        uint64_t queued = stream->transferred - played;
        return queued >= stream->buffer_frames ? 0 : (snd_pcm_uframes_t)(stream->buffer_frames - queued);
    }
    snd_pcm_sframes_t avail = snd_pcm_avail_update(stream->pcm);
    if (avail == -EPIPE || avail == -ESTRPIPE) {
        if (!recover(stream, (int)avail, true))
            return 0;
        avail = snd_pcm_avail_update(stream->pcm);
    }
    if (avail < 0) {
        if (avail != -EAGAIN)
            pacm_alsa_mark_dead(stream, (int)avail);
        return 0;
    }
    return (snd_pcm_uframes_t)avail;
}

/* Writes from the cursor while the device has room; *device_full says it stopped for lack of
 * room rather than of data. */
static void write_ahead(alsa_stream *stream, uint64_t played, bool *device_full)
{
    snd_pcm_uframes_t space = room(stream, played);
    while (stream->cursor && !stream->dead) {
        WAVEHDR *header = stream->cursor->header;
        size_t length = header->dwBufferLength;
        size_t left = length > stream->cursor_offset ? length - stream->cursor_offset : 0;
        snd_pcm_uframes_t frames = left / stream->format.frame_bytes;
        if (frames == 0) {
            advance_cursor(stream);
            continue;
        }
        if (space == 0) {
            *device_full = true;
            return;
        }
        if (frames > space)
            frames = space;
        if (frames > stream->period_frames)
            frames = stream->period_frames;
        pacm_alsa_apply_volume(&stream->format, stream->volume, header->lpData + stream->cursor_offset,
                               stream->scratch, frames);
        snd_pcm_sframes_t written = snd_pcm_writei(stream->pcm, stream->scratch, frames);
        if (written == -EAGAIN) {
            *device_full = true;
            return;
        }
        if (written < 0) {
            if (written == -EPIPE || written == -ESTRPIPE)
                recover(stream, (int)written, true);
            else
                pacm_alsa_mark_dead(stream, (int)written);
            return;
        }
        stream->transferred += (uint64_t)written;
        stream->cursor_offset += (size_t)written * stream->format.frame_bytes;
        space -= (snd_pcm_uframes_t)written;
        if (!stream->clock_known)
            learn_clock(stream, (snd_pcm_uframes_t)written);
    }
}

static int frames_to_ms(const alsa_stream *stream, uint64_t frames)
{
    uint64_t ms = (frames * 1000 + stream->format.rate - 1) / stream->format.rate;
    return ms < 1 ? 1 : ms > 1000 ? 1000 : (int)ms;
}

alsa_entry *pacm_alsa_output_pass(alsa_stream *stream, int *timeout_ms, bool *poll_pcm)
{
    uint64_t played = pacm_alsa_output_played(stream);
    bool device_full = false;
    if (!stream->paused) {
        if (stream->clockless && !stream->clock_running && stream->transferred > played)
            start_clock(stream, played);
        write_ahead(stream, played, &device_full);
        if (stream->clockless && !stream->clock_running && stream->transferred > played)
            start_clock(stream, played);
    }
    /* Completed headers, in queue order. */
    alsa_entry *done = NULL, **end = &done;
    while (stream->head && stream->head->done_at <= played) {
        *end = pacm_alsa_pop_head(stream);
        end = &(*end)->next;
    }
    *timeout_ms = -1;
    *poll_pcm = false;
    if (stream->paused || stream->dead)
        return done;
    if (stream->head && stream->head->done_at != UINT64_MAX)
        *timeout_ms = frames_to_ms(stream, stream->head->done_at - played);
    else if (stream->head && stream->transferred > played)
        *timeout_ms = frames_to_ms(stream, stream->transferred - played);
    if (device_full) {
        /* Room comes back within a period; the PCM's descriptors may say so sooner. */
        int wait = frames_to_ms(stream, stream->period_frames);
        if (*timeout_ms < 0 || wait < *timeout_ms)
            *timeout_ms = wait;
        *poll_pcm = !stream->clockless;
    }
    return done;
}

/* ---- messages --------------------------------------------------------------------------- */

static DWORD output_write(alsa_stream *stream, DWORD_PTR p1, DWORD_PTR p2)
{
    WAVEHDR *header = (WAVEHDR *)p1;
    DWORD checked = pacm_alsa_check_header(header, p2);
    if (checked != MMSYSERR_NOERROR)
        return checked;
    pthread_mutex_lock(&stream->lock);
    if (!stream->cursor && !stream->dead)
        pacm_alsa_output_played(stream); /* a device that ran dry since is recovered, uncounted */
    DWORD result = stream->dead ? MMSYSERR_NODRIVER : pacm_alsa_enqueue(stream, header);
    if (result == MMSYSERR_NOERROR) {
        header->dwFlags = (header->dwFlags & ~(DWORD)WHDR_DONE) | WHDR_INQUEUE;
        if (!stream->cursor) {
            stream->cursor = stream->tail;
            stream->cursor_offset = 0;
        }
    }
    pthread_mutex_unlock(&stream->lock);
    pacm_alsa_wake(stream);
    return result;
}

static DWORD output_pause(alsa_stream *stream, bool pause)
{
    pthread_mutex_lock(&stream->lock);
    if (stream->dead) {
        pthread_mutex_unlock(&stream->lock);
        return MMSYSERR_NODRIVER;
    }
    if (pause && !stream->paused) {
        uint64_t played = pacm_alsa_output_played(stream);
        stream->paused = true;
        if (stream->clockless) {
            stream->clock_running = false;
            stream->clock_base = played;
        } else if (stream->can_pause && snd_pcm_state(stream->pcm) == SND_PCM_STATE_RUNNING &&
                   snd_pcm_pause(stream->pcm, 1) >= 0) {
            stream->pcm_paused = true;
        }
    } else if (!pause && stream->paused) {
        pacm_alsa_output_played(stream); /* a device that ran dry while paused is recovered, uncounted */
        stream->paused = false;
        if (stream->pcm_paused) {
            if (snd_pcm_pause(stream->pcm, 0) < 0)
                snd_pcm_prepare(stream->pcm); /* what was left in the device is lost */
            stream->pcm_paused = false;
        }
    }
    pthread_mutex_unlock(&stream->lock);
    pacm_alsa_wake(stream);
    return MMSYSERR_NOERROR;
}

static DWORD output_reset(alsa_stream *stream)
{
    pthread_mutex_lock(&stream->lock);
    if (!stream->dead) {
        snd_pcm_drop(stream->pcm);
        snd_pcm_prepare(stream->pcm);
    }
    alsa_entry *list = pacm_alsa_take_all(stream);
    stream->paused = stream->pcm_paused = false;
    stream->transferred = 0;
    stream->clock_running = false;
    stream->clock_base = 0;
    bool dead = stream->dead;
    pthread_mutex_unlock(&stream->lock);
    pacm_alsa_complete_list(stream, list);
    pacm_alsa_wake(stream);
    return dead ? MMSYSERR_NODRIVER : MMSYSERR_NOERROR;
}

static bool set_stream_volume(uintptr_t handle, void *object, void *context)
{
    (void)handle;
    alsa_stream *stream = object;
    const DWORD *args = context; /* device, volume */
    if (stream->direction == SND_PCM_STREAM_PLAYBACK && stream->device == args[0]) {
        pthread_mutex_lock(&stream->lock);
        stream->volume = args[1];
        pthread_mutex_unlock(&stream->lock);
    }
    return true;
}

/* GET/SETVOLUME: with an instance, that stream; without (a device ID), the device and every
 * stream open on it. The value read back is exactly the value set. */
static DWORD output_volume(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1)
{
    if (!user) {
        if (dev >= pacm_alsa_device_count(SND_PCM_STREAM_PLAYBACK))
            return MMSYSERR_BADDEVICEID;
        if (msg == WODM_SETVOLUME) {
            DWORD args[2] = {dev, (DWORD)p1};
            pacm_alsa_set_device_volume(dev, (DWORD)p1);
            pacm_handle_enumerate(PACM_ALSA_HANDLE_TYPE, set_stream_volume, args);
            return MMSYSERR_NOERROR;
        }
        if (!p1)
            return MMSYSERR_INVALPARAM;
        DWORD volume = pacm_alsa_device_volume(dev);
        memcpy((void *)p1, &volume, sizeof volume);
        return MMSYSERR_NOERROR;
    }
    alsa_stream *stream = pacm_alsa_stream_acquire(user, SND_PCM_STREAM_PLAYBACK);
    if (!stream)
        return MMSYSERR_INVALHANDLE;
    DWORD result = MMSYSERR_NOERROR;
    pthread_mutex_lock(&stream->lock);
    if (msg == WODM_SETVOLUME)
        stream->volume = (DWORD)p1;
    else if (!p1)
        result = MMSYSERR_INVALPARAM;
    else
        memcpy((void *)p1, &stream->volume, sizeof stream->volume);
    pthread_mutex_unlock(&stream->lock);
    pacm_handle_release(user);
    return result;
}

/* The messages addressed to an open stream. */
static DWORD output_instance_message(UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    alsa_stream *stream = pacm_alsa_stream_acquire(user, SND_PCM_STREAM_PLAYBACK);
    if (!stream)
        return MMSYSERR_INVALHANDLE;
    DWORD result = MMSYSERR_NOERROR;
    switch (msg) {
    case WODM_WRITE: result = output_write(stream, p1, p2); break;
    case WODM_PAUSE: result = output_pause(stream, true); break;
    case WODM_RESTART: result = output_pause(stream, false); break;
    case WODM_RESET: result = output_reset(stream); break;
    case WODM_BREAKLOOP:
        pthread_mutex_lock(&stream->lock);
        if (stream->loop_start)
            stream->break_loop = true;
        result = stream->dead ? MMSYSERR_NODRIVER : MMSYSERR_NOERROR;
        pthread_mutex_unlock(&stream->lock);
        break;
    case WODM_GETPOS:
        pthread_mutex_lock(&stream->lock);
        result = stream->dead ? MMSYSERR_NODRIVER
                              : pacm_alsa_get_position(&stream->format, pacm_alsa_output_played(stream), p1, p2);
        pthread_mutex_unlock(&stream->lock);
        break;
    }
    pacm_handle_release(user);
    return result;
}

DWORD CALLBACK pacm_alsa_wod_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    DWORD result;
    if (pacm_alsa_device_message(SND_PCM_STREAM_PLAYBACK, dev, msg, user, p1, p2, &result))
        return result;
    switch (msg) {
    case WODM_GETVOLUME:
    case WODM_SETVOLUME:
        return output_volume(dev, msg, user, p1);
    case WODM_WRITE:
    case WODM_PAUSE:
    case WODM_RESTART:
    case WODM_RESET:
    case WODM_BREAKLOOP:
    case WODM_GETPOS:
        return output_instance_message(msg, user, p1, p2);
    default: /* PREPARE/UNPREPARE (winmm does them), pitch, playback rate, mapper messages */
        return MMSYSERR_NOTSUPPORTED;
    }
}
