/*
 * pulse_out_int.h - the playback open of pulseaudio.drv, shared by pulse_out.c (stream, feeding,
 * messages) and pulse_out_loop.c (WHDR_BEGINLOOP / ENDLOOP loops and WODM_BREAKLOOP).
 */
#ifndef PORTACM_PULSE_OUT_INT_H
#define PORTACM_PULSE_OUT_INT_H

#include "pulse_int.h"

#define KEEP_MIN_MS 100   /* Wine's winmm keeps a 100 ms device buffer */
#define TLENGTH_MS 500    /* the server-side buffer the stream may fill */
#define MINREQ_MS 50 /* the server asks for more at most every 50 ms: we rarely need its requests */

typedef struct pulse_out {
    pacm_pulse_open b; /* first: the shared part (stream, queue, worker, lock); b.lock guards all */
    pacm_pulse_hnode *cur;         /* the header whose data goes next */
    pacm_pulse_hnode *ready;       /* popped by write_cb, for the worker to return (in order) */
    DWORD cur_off;
    /* the loop being handed to the server */
    pacm_pulse_hnode *loop_start;
    DWORD loop_count;
    bool in_loop;
    /* The last loop, from the end of its first iteration (loop_known) until a header after it
     * comes back: iteration k (1, 2 ...) ends at stream byte loop_base + k * loop_len, the
     * last one at loop_final once loop_complete. loop_first / loop_end are its first and last
     * headers while they are queued (NULL once they came back). BreakLoop cuts there. */
    pacm_pulse_hnode *loop_first, *loop_end;
    uint64_t loop_base, loop_len, loop_final;
    bool loop_known, loop_complete;
    unsigned char loop_last_frame[64]; /* the iteration's last frame (written again at a cut) */
    uint64_t written, queued, keep; /* bytes */
    uint64_t minreq;                /* bytes: the server's request size (its wake-up period) */
    bool paused;
    DWORD volume;
    unsigned long underruns;
    UINT dev;                    /* its device ID */
    struct pulse_out *next_open; /* the list of opens (g_opens, g_dev_volume_lock) */
} pulse_out;

/* The bytes of a header that are played: whole frames. */
static inline DWORD pacm_pulse_out_usable(const pulse_out *o, const WAVEHDR *h)
{
    return h->dwBufferLength - h->dwBufferLength % o->b.frame_bytes;
}

/* Mainloop lock and o->b.lock held: o->cur has been handed over entirely; moves to the next
 * header, or back to the loop's first one. */
void pacm_pulse_out_advance(pulse_out *o);
/* o->b.lock held: node n leaves the queue (forgets the loop it ends or starts). */
void pacm_pulse_out_loop_forget(pulse_out *o, const pacm_pulse_hnode *n);
/* WODM_BREAKLOOP (no lock held). */
DWORD pacm_pulse_out_breakloop(pulse_out *o);

#endif /* PORTACM_PULSE_OUT_INT_H */
