/*
 * pulse_wave_util.c - see pulse_wave_util.h.
 */
#include "pulse_wave_util.h"

#include <string.h>
#include <time.h>

static void CALLBACK pw_callback(HDRVR h, UINT msg, DWORD_PTR inst, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)h, (void)p2;
    pw_events *ev = (pw_events *)inst;
    pthread_mutex_lock(&ev->lock);
    if (ev->count < PW_MAX_EVENTS) {
        ev->msg[ev->count] = msg;
        ev->p1[ev->count] = p1;
        ev->flags_at_callback[ev->count] = p1 && (msg == WOM_DONE || msg == WIM_DATA) ? ((WAVEHDR *)p1)->dwFlags : 0;
        ev->count++;
    }
    pthread_cond_broadcast(&ev->cond);
    pthread_mutex_unlock(&ev->lock);
    if (ev->on_done && (msg == WOM_DONE || msg == WIM_DATA))
        ev->on_done(ev, (WAVEHDR *)p1);
}

void pw_events_init(pw_events *ev)
{
    memset(ev, 0, sizeof *ev);
    pthread_mutex_init(&ev->lock, NULL);
    pthread_cond_init(&ev->cond, NULL);
}

unsigned pw_events_count(pw_events *ev, UINT msg)
{
    unsigned n = 0;
    pthread_mutex_lock(&ev->lock);
    for (unsigned i = 0; i < ev->count; i++)
        n += ev->msg[i] == msg;
    pthread_mutex_unlock(&ev->lock);
    return n;
}

unsigned pw_events_wait(pw_events *ev, UINT msg, unsigned n, unsigned timeout_ms)
{
    struct timespec end;
    clock_gettime(CLOCK_REALTIME, &end);
    end.tv_sec += timeout_ms / 1000;
    end.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (end.tv_nsec >= 1000000000L) {
        end.tv_sec++;
        end.tv_nsec -= 1000000000L;
    }
    for (;;) {
        unsigned c = pw_events_count(ev, msg);
        if (c >= n)
            return c;
        pthread_mutex_lock(&ev->lock);
        int rc = pthread_cond_timedwait(&ev->cond, &ev->lock, &end);
        pthread_mutex_unlock(&ev->lock);
        if (rc != 0)
            return pw_events_count(ev, msg);
    }
}

void pw_format(WAVEFORMATEX *wfx, WORD tag, unsigned channels, unsigned rate, unsigned bits)
{
    memset(wfx, 0, sizeof *wfx);
    wfx->wFormatTag = tag;
    wfx->nChannels = (WORD)channels;
    wfx->nSamplesPerSec = rate;
    wfx->wBitsPerSample = (WORD)bits;
    wfx->nBlockAlign = (WORD)(channels * bits / 8);
    wfx->nAvgBytesPerSec = rate * wfx->nBlockAlign;
}

static DWORD pw_open(PORTACM_DEVICE_MESSAGE fn, UINT open_msg, UINT dev, const WAVEFORMATEX *wfx, pw_events *ev,
                     DWORD flags)
{
    WAVEOPENDESC desc;
    memset(&desc, 0, sizeof desc);
    desc.hWave = (HWAVE)(uintptr_t)0x1234;
    desc.lpFormat = (LPWAVEFORMATEX)wfx;
    desc.dwCallback = (DWORD_PTR)pw_callback;
    desc.dwInstance = (DWORD_PTR)ev;
    desc.uMappedDeviceID = (UINT)-1;
    return fn(dev, open_msg, (DWORD_PTR)&ev->user, (DWORD_PTR)&desc, CALLBACK_FUNCTION | flags);
}

DWORD pw_open_out(UINT dev, const WAVEFORMATEX *wfx, pw_events *ev, DWORD flags)
{
    return pw_open(pacm_pulse_wod_message, WODM_OPEN, dev, wfx, ev, flags);
}

DWORD pw_open_in(UINT dev, const WAVEFORMATEX *wfx, pw_events *ev, DWORD flags)
{
    return pw_open(pacm_pulse_wid_message, WIDM_OPEN, dev, wfx, ev, flags);
}

DWORD pw_out(pw_events *ev, UINT msg, DWORD_PTR p1, DWORD_PTR p2)
{
    return pacm_pulse_wod_message(0, msg, ev->user, p1, p2);
}

DWORD pw_in(pw_events *ev, UINT msg, DWORD_PTR p1, DWORD_PTR p2)
{
    return pacm_pulse_wid_message(0, msg, ev->user, p1, p2);
}

void pw_header(WAVEHDR *h, void *data, DWORD bytes)
{
    memset(h, 0, sizeof *h);
    h->lpData = data;
    h->dwBufferLength = bytes;
    h->dwLoops = 1;
    h->dwFlags = WHDR_PREPARED;
}

DWORD pw_out_pos(pw_events *ev, UINT *type)
{
    MMTIME t;
    memset(&t, 0, sizeof t);
    t.wType = *type;
    if (pw_out(ev, WODM_GETPOS, (DWORD_PTR)&t, sizeof t) != MMSYSERR_NOERROR)
        return (DWORD)-1;
    *type = t.wType;
    return t.u.cb;
}

void pw_sleep_ms(unsigned ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}
