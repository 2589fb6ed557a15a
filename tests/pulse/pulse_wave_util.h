/*
 * pulse_wave_util.h - driving pulseaudio.drv directly through its message functions, as
 * winmm does (a WAVEOPENDESC, CALLBACK_FUNCTION), for the driver-level tests.
 */
#ifndef PORTACM_PULSE_WAVE_UTIL_H
#define PORTACM_PULSE_WAVE_UTIL_H

#include <pthread.h>
#include <stdint.h>

#include "audio_int.h"
#include "mmreg.h"
#include "pulse/pulse_int.h"

#define PW_MAX_EVENTS 4096

/* What the callback saw. */
typedef struct pw_events {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    unsigned count;
    UINT msg[PW_MAX_EVENTS];
    DWORD_PTR p1[PW_MAX_EVENTS];
    DWORD flags_at_callback[PW_MAX_EVENTS]; /* the header's dwFlags when WOM_DONE/WIM_DATA came */
    /* optional refill: called (no lock held) on WOM_DONE / WIM_DATA */
    void (*on_done)(struct pw_events *ev, WAVEHDR *h);
    void *ctx;
    DWORD_PTR user; /* the open's driver instance */
} pw_events;

void pw_events_init(pw_events *ev);
/* Number of messages `msg` seen. */
unsigned pw_events_count(pw_events *ev, UINT msg);
/* Waits until `n` messages `msg` were seen or timeout_ms passed; returns the count. */
unsigned pw_events_wait(pw_events *ev, UINT msg, unsigned n, unsigned timeout_ms);

void pw_format(WAVEFORMATEX *wfx, WORD tag, unsigned channels, unsigned rate, unsigned bits);

/* WODM_OPEN / WIDM_OPEN with a CALLBACK_FUNCTION callback into ev. */
DWORD pw_open_out(UINT dev, const WAVEFORMATEX *wfx, pw_events *ev, DWORD flags);
DWORD pw_open_in(UINT dev, const WAVEFORMATEX *wfx, pw_events *ev, DWORD flags);
DWORD pw_out(pw_events *ev, UINT msg, DWORD_PTR p1, DWORD_PTR p2);
DWORD pw_in(pw_events *ev, UINT msg, DWORD_PTR p1, DWORD_PTR p2);
/* A prepared header over data (as winmm's default prepare leaves it). */
void pw_header(WAVEHDR *h, void *data, DWORD bytes);
/* Position in the given TIME_* type; returns the value (and the type in *type). */
DWORD pw_out_pos(pw_events *ev, UINT *type);
void pw_sleep_ms(unsigned ms);

#endif /* PORTACM_PULSE_WAVE_UTIL_H */
