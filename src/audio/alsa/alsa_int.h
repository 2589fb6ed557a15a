/*
 * alsa_int.h - the contract between the files of the built-in ALSA wave driver (alsa.drv,
 * docs/alsa.md). The driver is reached only through its DriverProc and its wodMessage /
 * widMessage functions (audio_int.h); everything here is private to src/audio/alsa.
 *
 *   alsa_devices.c  the device list (hints or PORTACM_ALSA_DEVICES), caps, the DriverProc
 *   alsa_format.c   WAVEFORMATEX to ALSA, hardware parameters, software volume
 *   alsa_stream.c   one open stream: handle, worker thread, clock, completion, close
 *   alsa_output.c   playback: the header queue, loops, pause, reset, positions, wodMessage
 *   alsa_input.c    capture: buffers, start/stop/reset, widMessage
 *
 * Threads: each open stream has one worker thread doing all I/O; the message functions take
 * the stream's lock for short, non-blocking ALSA calls (the PCM is opened non-blocking), and
 * every client notification is made with no lock held, so a client may call any message
 * function from inside its callback.
 */
#ifndef PORTACM_ALSA_INT_H
#define PORTACM_ALSA_INT_H

#include <alsa/asoundlib.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "common_int.h"
#include "mmddk.h"
#include "mmreg.h"

/* The handle-table type of an open ALSA stream (the instance value written through dwUser). */
#define PACM_ALSA_HANDLE_TYPE 0xA15A0001u

/* ---- devices (alsa_devices.c) ---------------------------------------------------------- */

/* The PCM name of local device `index` of a direction (SND_PCM_STREAM_PLAYBACK / _CAPTURE), or
 * NULL when index is out of range. The list is made once per process and never changes. */
const char *pacm_alsa_device_name(snd_pcm_stream_t direction, UINT index);
UINT pacm_alsa_device_count(snd_pcm_stream_t direction);
/* Fills a WAVEOUTCAPSW (playback) or WAVEINCAPSW (capture) for `index` and copies at most
 * `size` bytes of it to `caps`. MMSYSERR_BADDEVICEID, MMSYSERR_INVALPARAM (NULL caps). */
DWORD pacm_alsa_device_caps(snd_pcm_stream_t direction, UINT index, void *caps, DWORD_PTR size);
/* The device volume (what WODM_SETVOLUME without an instance set), applied to new streams. */
DWORD pacm_alsa_device_volume(UINT index);
void pacm_alsa_set_device_volume(UINT index, DWORD volume);

/* ---- formats (alsa_format.c) ----------------------------------------------------------- */

/* A client format, checked and reduced to what the I/O needs. */
typedef struct alsa_format {
    snd_pcm_format_t sample;  /* ALSA sample format */
    unsigned channels;        /* 1 .. 8 */
    unsigned rate;            /* frames per second */
    unsigned sample_bytes;    /* container bytes per sample */
    unsigned frame_bytes;     /* nBlockAlign */
    bool is_float;
} alsa_format;

/* Reads a WAVEFORMATEX (PCM 8/16/24/32, IEEE float 32/64, or WAVE_FORMAT_EXTENSIBLE with a
 * PCM or float subformat; 1-8 channels). Returns false for anything else. */
bool pacm_alsa_format_parse(const WAVEFORMATEX *wfx, alsa_format *out);
/* Whether an open PCM takes the format exactly (its settings are not changed). */
bool pacm_alsa_format_accepted(snd_pcm_t *pcm, const alsa_format *format);
/* Opens `name` non-blocking and checks that it accepts the format exactly (no setting is
 * changed). MMSYSERR_NOERROR, WAVERR_BADFORMAT, or the open error (pacm_alsa_open_error). */
DWORD pacm_alsa_format_query(const char *name, snd_pcm_stream_t direction, const alsa_format *format);
/* Sets hardware and software parameters on an open PCM: the format exactly, about 10 ms
 * periods and a buffer of about four periods. *buffer_frames and *period_frames receive what
 * the PCM chose. Returns MMSYSERR_NOERROR, WAVERR_BADFORMAT or MMSYSERR_ERROR. */
DWORD pacm_alsa_configure(snd_pcm_t *pcm, snd_pcm_stream_t direction, const alsa_format *format,
                          snd_pcm_uframes_t *buffer_frames, snd_pcm_uframes_t *period_frames);
/* The MMRESULT for a failed snd_pcm_open: ALLOCATED (busy), NODRIVER (missing), ERROR. */
DWORD pacm_alsa_open_error(int error);
/* Copies `frames` frames from src to dst, scaled by the volume (low word left, high word
 * right; 0xFFFF is unity). With unity on both sides the copy is exact. */
void pacm_alsa_apply_volume(const alsa_format *format, DWORD volume, const void *src, void *dst, size_t frames);

/* ---- one open stream (alsa_stream.c) --------------------------------------------------- */

/* One queued client buffer. */
typedef struct alsa_entry {
    WAVEHDR *header;
    struct alsa_entry *next;
    uint64_t done_at; /* playback: the stream frame at which it is played; UINT64_MAX: not yet */
} alsa_entry;

typedef struct alsa_stream {
    pthread_mutex_t lock;
    snd_pcm_stream_t direction;
    snd_pcm_t *pcm;
    alsa_format format;
    snd_pcm_uframes_t buffer_frames, period_frames;
    uintptr_t handle;
    UINT device;
    /* the client's notification target (WAVEOPENDESC and the DCB_* type of fdwOpen) */
    DWORD_PTR callback, instance;
    DWORD callback_flags;
    HWAVE hwave;

    pthread_t worker;
    int wake_fd;        /* eventfd: wakes the worker */
    bool quit;          /* the worker must exit */
    bool dead;          /* the PCM failed for good: messages answer MMSYSERR_NODRIVER */
    unsigned xruns;     /* under- or overruns recovered */

    alsa_entry *head, *tail; /* the client's queue, in order */

    /* the clock: frames moved to (playback) or from (capture) the PCM since open or reset, and
     * for a PCM without a clock of its own (null, file) the system-clock pacing */
    uint64_t transferred;
    bool clockless, clock_known, clock_running;
    uint64_t clock_base;     /* frames at clock_start */
    struct timespec clock_start;

    /* playback */
    alsa_entry *cursor;      /* next entry to write; NULL: everything written */
    size_t cursor_offset;    /* bytes of cursor's buffer already written */
    alsa_entry *loop_start;  /* the BEGINLOOP entry of the loop being played, or NULL */
    DWORD loop_left;         /* plays of the loop still to start */
    bool break_loop;
    bool paused;
    bool pcm_paused;         /* snd_pcm_pause(1) is in effect */
    bool can_pause;
    DWORD volume;
    void *scratch;           /* one period of scaled samples */

    /* capture */
    bool started;
} alsa_stream;

/* Acquires the stream of instance value `user` (NULL: not an open ALSA stream of `direction`).
 * Release with pacm_handle_release(user). */
alsa_stream *pacm_alsa_stream_acquire(DWORD_PTR user, snd_pcm_stream_t direction);
/* WODM_OPEN / WIDM_OPEN: checks, opens the PCM, starts the worker, writes the handle through
 * dwUser and sends WOM_OPEN / WIM_OPEN before returning. */
DWORD pacm_alsa_stream_open(snd_pcm_stream_t direction, UINT device, DWORD_PTR user, DWORD_PTR desc_arg,
                            DWORD_PTR flags);
/* WODM_CLOSE / WIDM_CLOSE: WAVERR_STILLPLAYING while buffers are queued; else stops the
 * worker, closes the PCM and sends WOM_CLOSE / WIM_CLOSE. */
DWORD pacm_alsa_stream_close(DWORD_PTR user, snd_pcm_stream_t direction);
/* The messages both directions answer alike (DRVM_*, GETNUMDEVS, GETDEVCAPS, OPEN, CLOSE):
 * true with *result set when `msg` is one of them. */
bool pacm_alsa_device_message(snd_pcm_stream_t direction, UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1,
                              DWORD_PTR p2, DWORD *result);
/* Notifies the client (call with no lock held). */
void pacm_alsa_notify(alsa_stream *stream, UINT msg, DWORD_PTR param1);
/* Wakes the worker (call with or without the lock). */
void pacm_alsa_wake(alsa_stream *stream);
/* The checks of WODM_WRITE / WIDM_ADDBUFFER: MMSYSERR_INVALPARAM (NULL, size below WAVEHDR),
 * WAVERR_UNPREPARED (not PREPARED or no data). INQUEUE is not a refusal: winmm sets it before
 * it sends the message. */
DWORD pacm_alsa_check_header(const WAVEHDR *header, DWORD_PTR size);
/* Appends a header to the queue (lock held); WAVERR_STILLPLAYING when it is queued already,
 * MMSYSERR_NOMEM. */
DWORD pacm_alsa_enqueue(alsa_stream *stream, WAVEHDR *header);
/* Detaches the first queued entry (lock held; the queue must not be empty) and marks its
 * header done: INQUEUE cleared, then DONE set. */
alsa_entry *pacm_alsa_pop_head(alsa_stream *stream);
/* Detaches the whole queue (lock held), marks every header done, and returns it; the caller
 * notifies with pacm_alsa_complete_list with no lock held. */
alsa_entry *pacm_alsa_take_all(alsa_stream *stream);
/* For each entry in order: notifies WOM_DONE / WIM_DATA (unless the stream was closed
 * meanwhile) and frees it. No lock may be held. */
void pacm_alsa_complete_list(alsa_stream *stream, alsa_entry *list);
/* Marks the stream failed for good (lock held): the PCM is dropped, the worker stops doing I/O. */
void pacm_alsa_mark_dead(alsa_stream *stream, int error);
/* The system-clock frames elapsed since the clock started (clockless PCMs). */
uint64_t pacm_alsa_clock_frames(const alsa_stream *stream);
/* Writes a frame position as the MMTIME the client asked for (Windows' fallbacks). */
void pacm_alsa_position(const alsa_format *format, uint64_t frames, MMTIME *time);
/* GETPOS for either direction: MMSYSERR_INVALPARAM (NULL), MMSYSERR_ERROR (size < MMTIME). */
DWORD pacm_alsa_get_position(const alsa_format *format, uint64_t frames, DWORD_PTR time, DWORD_PTR size);

/* ---- the per-direction halves ---------------------------------------------------------- */

/* One pass of the worker (lock held): moves data, and returns the entries to complete (the
 * worker completes them after unlocking) and the poll timeout in ms (-1: wait for a wake);
 * *poll_pcm says whether the PCM's descriptors are worth polling. */
alsa_entry *pacm_alsa_output_pass(alsa_stream *stream, int *timeout_ms, bool *poll_pcm);
alsa_entry *pacm_alsa_input_pass(alsa_stream *stream, int *timeout_ms, bool *poll_pcm);
/* Played frames since open/reset (lock held). */
uint64_t pacm_alsa_output_played(alsa_stream *stream);

#endif /* PORTACM_ALSA_INT_H */
