/*
 * pulse_int.h - the PulseAudio wave driver's parts (src/audio/pulse/): the shared connection
 * and device list (pulse_context.c), format mapping (pulse_format.c), the per-open stream
 * worker and header nodes (pulse_worker.c), what every open shares (pulse_open.c), playback
 * (pulse_out.c, its loops and BreakLoop in pulse_out_loop.c), capture (pulse_in.c) and the
 * driver entry points (pulse_driver.c). docs/pulse.md describes the behaviour.
 */
#ifndef PORTACM_PULSE_INT_H
#define PORTACM_PULSE_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <pulse/pulseaudio.h>

#include "mmddk.h"

/* ---- the connection (one per process, shared by every open) ---- */

/* Connects if not connected (at most PACM_PULSE_CONNECT_MS); true when a live context exists.
 * Safe from any thread except the mainloop's. */
#define PACM_PULSE_CONNECT_MS 1500
bool pacm_pulse_connect(void);
/* The mainloop and context (valid only while pacm_pulse_connect() holds). */
pa_threaded_mainloop *pacm_pulse_mainloop(void);
pa_context *pacm_pulse_context(void);
/* True once the connection failed after having been up (server loss). */
bool pacm_pulse_lost(void);
/* Drops the connection if no stream uses it (DRV_FREE). */
void pacm_pulse_disconnect(void);
/* Waits (mainloop lock held) for `op` to finish or the context to fail; unrefs it. */
void pacm_pulse_wait_op(pa_operation *op);
/* The same with a deadline: true when the operation completed, false when it failed or
 * timed out (then it is cancelled). */
bool pacm_pulse_wait_op_timeout(pa_operation *op, unsigned ms);

/* An open stream registers itself to hear about server loss (called from the mainloop thread,
 * lock held). */
typedef struct pacm_pulse_listener {
    void (*lost)(struct pacm_pulse_listener *self);
    struct pacm_pulse_listener *next;
} pacm_pulse_listener;
void pacm_pulse_listen(pacm_pulse_listener *l);
void pacm_pulse_unlisten(pacm_pulse_listener *l);

/* ---- devices: stable IDs for the life of the process ---- */
typedef enum { PACM_PULSE_OUT = 0, PACM_PULSE_IN = 1 } pacm_pulse_dir;
typedef struct pacm_pulse_device {
    char name[128];        /* server name of the sink or source */
    char description[128]; /* UTF-8 */
    unsigned channels;
    bool present;          /* false once it disappeared (opens fail MMSYSERR_NODRIVER) */
} pacm_pulse_device;
/* Number of IDs of a direction (0 when no server). */
unsigned pacm_pulse_device_count(pacm_pulse_dir dir);
/* Copies device `id` (false when out of range). */
bool pacm_pulse_device_get(pacm_pulse_dir dir, unsigned id, pacm_pulse_device *out);

/* ---- formats ---- */
/* Maps a client format to a sample spec and channel map: MMSYSERR_NOERROR or
 * WAVERR_BADFORMAT (MMSYSERR_INVALPARAM for NULL). *frame_bytes gets nBlockAlign. */
DWORD pacm_pulse_format(const WAVEFORMATEX *wfx, pa_sample_spec *ss, pa_channel_map *map, unsigned *frame_bytes);
/* WAVE_FORMAT_1M08 .. WAVE_FORMAT_96S16 the driver plays or records. */
DWORD pacm_pulse_caps_formats(void);

/* ---- the per-open worker thread: moves data, delivers notifications with no lock held ---- */
typedef struct pacm_pulse_worker {
    pthread_t thread;
    pthread_mutex_t lock; /* guards wake/quit only */
    pthread_cond_t cond;
    bool wake, quit, started, detached;
    void (*run_once)(void *self, int *wait_ms); /* one pass; sets how long to sleep (-1: until woken) */
    void (*destroy)(void *self); /* frees the open when it was closed from its own worker thread */
    void *self;
} pacm_pulse_worker;
bool pacm_pulse_worker_start(pacm_pulse_worker *w, void (*run_once)(void *, int *), void *self);
void pacm_pulse_worker_wake(pacm_pulse_worker *w);
/* Stops the worker. From another thread: joins and returns false. From the worker's own
 * thread (a close inside a callback): returns true, and the worker calls destroy(self) once
 * the callback has returned - the caller must not free the open. */
bool pacm_pulse_worker_stop(pacm_pulse_worker *w);
/* Frees the worker's mutex and condition (after stop). */
void pacm_pulse_worker_destroy(pacm_pulse_worker *w);
bool pacm_pulse_worker_is_self(const pacm_pulse_worker *w);

/* The client notification of an open: DriverCallback with the open's flags. */
typedef struct pacm_pulse_notify {
    DWORD_PTR callback, instance;
    DWORD flags; /* DCB_* */
    HWAVE hwave;
} pacm_pulse_notify;
void pacm_pulse_notify_init(pacm_pulse_notify *n, const WAVEOPENDESC *desc, DWORD fdw_open);
void pacm_pulse_notify_send(const pacm_pulse_notify *n, UINT msg, DWORD_PTR p1);

/* A FIFO of queued headers (owned by one open; the open's lock guards it). */
typedef struct pacm_pulse_hnode {
    WAVEHDR *hdr;
    uint64_t end;   /* playback: stream byte offset where its data ends (valid once passed) */
    bool passed;    /* playback: all its data (all loop iterations) handed to the server */
    struct pacm_pulse_hnode *next;
} pacm_pulse_hnode;
/* Spare nodes of one open (guarded by the open's lock): a write or AddBuffer takes one, a
 * completed header gives its node back, so queueing allocates only beyond the most headers the
 * open ever had queued at once. */
typedef struct pacm_pulse_pool {
    pacm_pulse_hnode *spare;
} pacm_pulse_pool;
/* A cleared node for header h (lock held); NULL when out of memory. */
pacm_pulse_hnode *pacm_pulse_pool_get(pacm_pulse_pool *p, WAVEHDR *h);
/* Gives a node back (lock held). */
void pacm_pulse_pool_put(pacm_pulse_pool *p, pacm_pulse_hnode *n);
/* Frees the spare nodes (the open is going away). */
void pacm_pulse_pool_free(pacm_pulse_pool *p);
/* Whether header `h` is in the queue starting at `head` (a header written twice). winmm marks a
 * header WHDR_INQUEUE before it sends WODM_WRITE / WIDM_ADDBUFFER, so the flag tells nothing. */
bool pacm_pulse_hnode_contains(const pacm_pulse_hnode *head, const WAVEHDR *h);

/* MMTIME from a frame count (TIME_SAMPLES, TIME_BYTES, TIME_MS, TIME_SMPTE at 30 fps; any other
 * type becomes TIME_BYTES). */
DWORD pacm_pulse_mmtime(MMTIME *t, UINT cb, uint64_t frames, unsigned frame_bytes, unsigned rate);

/* ---- what every open (playback or capture) shares (pulse_open.c) ---- */
typedef struct pacm_pulse_open {
    pacm_pulse_listener listener; /* first: the listener is the open */
    pacm_pulse_worker worker;
    pacm_pulse_notify notify;
    pthread_mutex_t lock; /* guards the queue, failed and the rest of the open (after the mainloop lock) */
    pa_stream *stream;    /* mainloop lock */
    pa_sample_spec ss;
    pa_channel_map map;
    unsigned frame_bytes;
    char device[128];              /* the sink or source */
    pacm_pulse_hnode *head, *tail; /* queued, in order */
    pacm_pulse_pool pool;          /* spare nodes (no allocation per write) */
    unsigned undelivered;          /* popped, notification not yet sent */
    bool failed;
} pacm_pulse_open;

typedef struct pacm_pulse_open_params {
    pacm_pulse_device device;
    pa_sample_spec ss;
    pa_channel_map map;
    unsigned frame_bytes;
} pacm_pulse_open_params;
/* The checks of WODM_OPEN / WIDM_OPEN, in order: NULL arguments (MMSYSERR_INVALPARAM), the
 * device ID (BADDEVICEID), the format (WAVERR_BADFORMAT), then, unless WAVE_FORMAT_QUERY (then
 * *query is set and nothing else is done), the device's presence and the connection
 * (NODRIVER). MMSYSERR_NOERROR with *p filled. */
DWORD pacm_pulse_open_check(pacm_pulse_dir dir, UINT dev, const DWORD_PTR *user, const WAVEOPENDESC *desc, DWORD fdw,
                            pacm_pulse_open_params *p, bool *query);
/* Fills the shared part of a new open (the first member of a zeroed one) and its lock. */
void pacm_pulse_open_init(pacm_pulse_open *b, const pacm_pulse_open_params *p, const WAVEOPENDESC *desc, DWORD fdw);
typedef struct pacm_pulse_open_ops {
    bool (*create)(void *self); /* mainloop lock held: a new stream, connected (then see wait_ready) */
    void (*run_once)(void *self, int *wait_ms);
} pacm_pulse_open_ops;
/* Makes the stream, listens for server loss and starts the worker (whose `self` is the open,
 * whose first member is b): MMSYSERR_NOERROR, or NODRIVER (no stream) / NOMEM (no thread) with
 * all that undone; then the caller frees the open with pacm_pulse_open_free. */
DWORD pacm_pulse_open_start(pacm_pulse_open *b, const pacm_pulse_open_ops *ops);
/* Mainloop lock held, the stream connected: waits until it is ready (true) or failed. */
bool pacm_pulse_open_wait_ready(pacm_pulse_open *b);
/* Mainloop lock held: the stream state callback of every open (userdata: the open). */
void pacm_pulse_open_state_cb(pa_stream *s, void *ud);
/* Mainloop lock held: disconnects and forgets the stream (its callbacks first). */
void pacm_pulse_open_drop(pacm_pulse_open *b);
/* The stream or the server failed: later calls answer MMSYSERR_NODRIVER, the worker returns
 * the headers. */
void pacm_pulse_open_fail(pacm_pulse_open *b);
/* WODM_WRITE / WIDM_ADDBUFFER: the checks (INVALPARAM, UNPREPARED, NODRIVER, STILLPLAYING,
 * NOMEM), then the header is marked queued (DONE cleared, INQUEUE set) and appended. On
 * MMSYSERR_NOERROR it returns with b->lock held and *node the header's node. */
DWORD pacm_pulse_open_enqueue(pacm_pulse_open *b, WAVEHDR *h, pacm_pulse_hnode **node);
/* Headers queued, or notifications not yet sent (a close is WAVERR_STILLPLAYING). */
bool pacm_pulse_open_busy(pacm_pulse_open *b);
/* The end of a close with nothing queued: stops listening, drops the stream, stops the worker,
 * frees the open (at once, or once its callback returned when closed from inside it) and sends
 * `msg` (WOM_CLOSE / WIM_CLOSE). */
void pacm_pulse_open_finish(pacm_pulse_open *b, UINT msg);
/* Marks each header done (INQUEUE cleared, then DONE set), gives its node back to b's pool,
 * decrements b->undelivered, and notifies `msg`, in list order. Call with no lock held. */
void pacm_pulse_complete_list(pacm_pulse_hnode *list, pacm_pulse_open *b, UINT msg);
/* Frees what every open holds (worker, lock, spare nodes) and the open itself (b is its first
 * member). */
void pacm_pulse_open_free(pacm_pulse_open *b);

/* ---- playback and capture message handlers ---- */
DWORD pacm_pulse_out_open(UINT dev, DWORD_PTR *user, const WAVEOPENDESC *desc, DWORD fdw);
DWORD pacm_pulse_out_message(UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
DWORD pacm_pulse_in_open(UINT dev, DWORD_PTR *user, const WAVEOPENDESC *desc, DWORD fdw);
DWORD pacm_pulse_in_message(UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);

/* WODM_GET/SETVOLUME addressed by device ID (dwUser 0): the device's value, which every later
 * open of it starts with. */
DWORD pacm_pulse_device_volume(UINT dev, UINT msg, DWORD_PTR p1);

/* ---- for tests ---- */
/* Underruns the server reported on portacm's playback streams since the process started. */
unsigned long pacm_pulse_underruns(void);
/* Number of opens (playback + capture) currently alive. */
unsigned pacm_pulse_open_count(void);
void pacm_pulse_open_count_add(int delta);

#endif /* PORTACM_PULSE_INT_H */
