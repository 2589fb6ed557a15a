/*
 * alsa_input.c - the ALSA driver's capture half and its widMessage.
 *
 * The PCM runs from WIDM_START to WIDM_STOP or WIDM_RESET. The worker reads what the device
 * has into the first queued buffer and returns it (WIM_DATA) once less than one frame of room
 * is left; with no buffer queued the frames are read and dropped so the device does not
 * overrun. A capture PCM without a clock of its own (null, file) is read at the rate of the
 * system clock.
 */
#include <errno.h>
#include <string.h>

#include "alsa_int.h"
#include "audio_int.h"

/* Brings the device back from an overrun or suspend and starts it again. */
static void input_recover(alsa_stream *stream, int error)
{
    stream->xruns++;
    pacm_log_debug("alsa.drv: capture overrun (%s), recovered", snd_strerror(error));
    int result = snd_pcm_recover(stream->pcm, error, 1);
    if (result >= 0)
        result = snd_pcm_start(stream->pcm);
    if (result < 0)
        pacm_alsa_mark_dead(stream, result);
}

/* Frames the device holds for us now; 0 after an error (handled). */
static snd_pcm_uframes_t input_available(alsa_stream *stream)
{
    snd_pcm_state_t state = snd_pcm_state(stream->pcm);
    if (state == SND_PCM_STATE_DISCONNECTED) {
        pacm_alsa_mark_dead(stream, -ENODEV);
        return 0;
    }
    if (state == SND_PCM_STATE_XRUN || state == SND_PCM_STATE_SUSPENDED) {
        input_recover(stream, state == SND_PCM_STATE_XRUN ? -EPIPE : -ESTRPIPE);
        return 0;
    }
    snd_pcm_sframes_t avail = snd_pcm_avail_update(stream->pcm);
    if (avail < 0) {
        if (avail == -EPIPE || avail == -ESTRPIPE)
            input_recover(stream, (int)avail);
        else if (avail != -EAGAIN)
            pacm_alsa_mark_dead(stream, (int)avail);
        return 0;
    }
    if (stream->clockless) {
        uint64_t due = stream->clock_base + pacm_alsa_clock_frames(stream);
        uint64_t allowed = due > stream->transferred ? due - stream->transferred : 0;
        if ((uint64_t)avail > allowed)
            avail = (snd_pcm_sframes_t)allowed;
    }
    return (snd_pcm_uframes_t)avail;
}

/* Moves the full first buffer to the done list. */
static void pop_head(alsa_stream *stream, alsa_entry ***end)
{
    **end = pacm_alsa_pop_head(stream);
    *end = &(**end)->next;
}

/* Reads what is available into the queued buffers (lock held). */
static alsa_entry *read_available(alsa_stream *stream)
{
    alsa_entry *done = NULL, **end = &done;
    snd_pcm_uframes_t avail = input_available(stream);
    while (avail > 0 && !stream->dead) {
        WAVEHDR *header = stream->head ? stream->head->header : NULL;
        unsigned char *target = stream->scratch;
        snd_pcm_uframes_t frames = stream->period_frames;
        if (header) {
            frames = (header->dwBufferLength - header->dwBytesRecorded) / stream->format.frame_bytes;
            if (frames == 0) {
                pop_head(stream, &end);
                continue;
            }
            target = (unsigned char *)header->lpData + header->dwBytesRecorded;
        }
        if (frames > avail)
            frames = avail;
        snd_pcm_sframes_t got = snd_pcm_readi(stream->pcm, target, frames);
        if (got == -EAGAIN || got == 0)
            break;
        if (got < 0) {
            if (got == -EPIPE || got == -ESTRPIPE)
                input_recover(stream, (int)got);
            else
                pacm_alsa_mark_dead(stream, (int)got);
            break;
        }
        stream->transferred += (uint64_t)got;
        avail -= (snd_pcm_uframes_t)got;
        if (header) {
            header->dwBytesRecorded += (DWORD)got * stream->format.frame_bytes;
            if (header->dwBufferLength - header->dwBytesRecorded < stream->format.frame_bytes)
                pop_head(stream, &end);
        }
    }
    return done;
}

alsa_entry *pacm_alsa_input_pass(alsa_stream *stream, int *timeout_ms, bool *poll_pcm)
{
    *timeout_ms = -1;
    *poll_pcm = false;
    if (!stream->started)
        return NULL;
    alsa_entry *done = read_available(stream);
    /* A period's worth arrives within a period; the PCM's descriptors may say so sooner. */
    unsigned ms = (unsigned)(stream->period_frames * 1000 / stream->format.rate);
    *timeout_ms = ms < 1 ? 1 : (int)ms;
    *poll_pcm = !stream->clockless;
    return done;
}

/* ---- messages --------------------------------------------------------------------------- */

static DWORD input_add_buffer(alsa_stream *stream, DWORD_PTR p1, DWORD_PTR p2)
{
    WAVEHDR *header = (WAVEHDR *)p1;
    DWORD checked = pacm_alsa_check_header(header, p2);
    if (checked != MMSYSERR_NOERROR)
        return checked;
    pthread_mutex_lock(&stream->lock);
    DWORD result = stream->dead ? MMSYSERR_NODRIVER : pacm_alsa_enqueue(stream, header);
    if (result == MMSYSERR_NOERROR) {
        header->dwBytesRecorded = 0;
        header->dwFlags = (header->dwFlags & ~(DWORD)WHDR_DONE) | WHDR_INQUEUE;
    }
    pthread_mutex_unlock(&stream->lock);
    pacm_alsa_wake(stream);
    return result;
}

static DWORD input_start(alsa_stream *stream)
{
    if (stream->started)
        return MMSYSERR_NOERROR;
    if (snd_pcm_state(stream->pcm) != SND_PCM_STATE_PREPARED)
        snd_pcm_prepare(stream->pcm);
    int error = snd_pcm_start(stream->pcm);
    if (error < 0) {
        pacm_alsa_mark_dead(stream, error);
        return MMSYSERR_NODRIVER;
    }
    if (!stream->clock_known) {
        /* A device with a clock has (next to) nothing to read right after it starts. */
        snd_pcm_sframes_t avail = snd_pcm_avail_update(stream->pcm);
        stream->clock_known = true;
        stream->clockless = avail >= (snd_pcm_sframes_t)stream->buffer_frames;
        if (stream->clockless)
            pacm_log_debug("alsa.drv: the capture PCM keeps no time; it is read at the system clock's rate");
    }
    if (stream->clockless) {
        stream->clock_base = stream->transferred;
        clock_gettime(CLOCK_MONOTONIC, &stream->clock_start);
        stream->clock_running = true;
    }
    stream->started = true;
    return MMSYSERR_NOERROR;
}

/* Stops the device; what it still held is read first. */
static alsa_entry *input_halt(alsa_stream *stream)
{
    alsa_entry *done = NULL;
    if (stream->started && !stream->dead) {
        done = read_available(stream);
        snd_pcm_drop(stream->pcm);
        snd_pcm_prepare(stream->pcm);
    }
    stream->started = false;
    stream->clock_running = false;
    return done;
}

static void append(alsa_entry **list, alsa_entry *more)
{
    while (*list)
        list = &(*list)->next;
    *list = more;
}

/* WIDM_STOP (reset false): the partly filled first buffer comes back if it holds data.
 * WIDM_RESET: every buffer comes back and the position returns to 0. */
static DWORD input_stop(alsa_stream *stream, bool reset)
{
    pthread_mutex_lock(&stream->lock);
    alsa_entry *done = input_halt(stream);
    if (reset) {
        append(&done, pacm_alsa_take_all(stream));
        stream->transferred = 0;
    } else if (stream->head && stream->head->header->dwBytesRecorded > 0) {
        append(&done, pacm_alsa_pop_head(stream));
    }
    DWORD result = stream->dead && !reset ? MMSYSERR_NODRIVER : MMSYSERR_NOERROR;
    pthread_mutex_unlock(&stream->lock);
    pacm_alsa_complete_list(stream, done);
    pacm_alsa_wake(stream);
    return result;
}

static DWORD input_instance_message(UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    alsa_stream *stream = pacm_alsa_stream_acquire(user, SND_PCM_STREAM_CAPTURE);
    if (!stream)
        return MMSYSERR_INVALHANDLE;
    DWORD result = MMSYSERR_NOERROR;
    switch (msg) {
    case WIDM_ADDBUFFER: result = input_add_buffer(stream, p1, p2); break;
    case WIDM_START:
        pthread_mutex_lock(&stream->lock);
        result = stream->dead ? MMSYSERR_NODRIVER : input_start(stream);
        pthread_mutex_unlock(&stream->lock);
        pacm_alsa_wake(stream);
        break;
    case WIDM_STOP: result = input_stop(stream, false); break;
    case WIDM_RESET: result = input_stop(stream, true); break;
    case WIDM_GETPOS:
        pthread_mutex_lock(&stream->lock);
        result = stream->dead ? MMSYSERR_NODRIVER
                              : pacm_alsa_get_position(&stream->format, stream->transferred, p1, p2);
        pthread_mutex_unlock(&stream->lock);
        break;
    }
    pacm_handle_release(user);
    return result;
}

DWORD CALLBACK pacm_alsa_wid_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    DWORD result;
    if (pacm_alsa_device_message(SND_PCM_STREAM_CAPTURE, dev, msg, user, p1, p2, &result))
        return result;
    switch (msg) {
    case WIDM_ADDBUFFER:
    case WIDM_START:
    case WIDM_STOP:
    case WIDM_RESET:
    case WIDM_GETPOS:
        return input_instance_message(msg, user, p1, p2);
    default: /* PREPARE/UNPREPARE (winmm does them), mapper messages */
        return MMSYSERR_NOTSUPPORTED;
    }
}
