/*
 * playsound.c - PlaySound and sndPlaySound (A/W) and the player: one sound at a time, played
 * through waveOutOpen(WAVE_MAPPER, CALLBACK_FUNCTION) with two buffers of about 1/3 s, on the
 * caller's thread (SND_SYNC) or a thread of its own (SND_ASYNC). A new call stops the current
 * sound (its player resets the device and finishes) and waits for it, unless SND_NOSTOP.
 * Finding the sound is playsound_source.c; docs/playsound.md describes it for users.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common_int.h"
#include "playsound_int.h"

#define PLAYER_BUFFERS 2
#define MAX_BUFFER_BYTES (4u * 1024 * 1024)
/* How long a player waits for the device to hand back its buffers after waveOutReset. */
#define RESET_WAIT_MS 2000
/* How long process exit waits for an asynchronous sound to stop. */
#define EXIT_WAIT_MS 1000

typedef struct player {
    pacm_ps_source source;
    bool loop;
    bool stop;                  /* under ps_lock: a new call or SND_PURGE wants the device */
    int queued;                 /* under ps_lock: buffers written and not yet done */
    bool busy[PLAYER_BUFFERS];  /* under ps_lock */
    WAVEHDR headers[PLAYER_BUFFERS];
    LONG remaining;             /* data bytes left in this pass */
    bool played_any;            /* the last pass produced data (a loop of nothing ends) */
} player;

/* ps_lock guards ps_current and every player's stop/queued/busy; ps_changed is broadcast at
 * each change of them. */
static pthread_mutex_t ps_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ps_changed = PTHREAD_COND_INITIALIZER;
static player *ps_current;

static void CALLBACK player_callback(HWAVEOUT hwo, UINT message, DWORD_PTR instance, DWORD_PTR param1,
                                     DWORD_PTR param2)
{
    (void)hwo;
    (void)param2;
    if (message != WOM_DONE)
        return;
    player *p = (player *)instance;
    pthread_mutex_lock(&ps_lock);
    for (int i = 0; i < PLAYER_BUFFERS; i++) {
        if ((DWORD_PTR)&p->headers[i] == param1 && p->busy[i]) {
            p->busy[i] = false;
            p->queued--;
        }
    }
    pthread_cond_broadcast(&ps_changed);
    pthread_mutex_unlock(&ps_lock);
}

/* Reads the next whole blocks of data into header `i`; at the end of the data a looping
 * player starts the next pass. Returns the bytes read (0 at the end). */
static DWORD player_fill(player *p, int i)
{
    const WAVEFORMATEX *wfx = p->source.format;
    WAVEHDR *header = &p->headers[i];
    for (int pass = 0; pass < 2; pass++) {
        LONG want = (LONG)header->dwBufferLength;
        if (want > p->remaining)
            want = p->remaining;
        want -= want % wfx->nBlockAlign;
        LONG got = want > 0 ? mmioRead(p->source.mmio, header->lpData, want) : 0;
        if (got > 0) {
            got -= got % wfx->nBlockAlign;
            p->remaining -= got;
            p->played_any = true;
        }
        if (got > 0)
            return (DWORD)got;
        if (!p->loop || !p->played_any)
            return 0;
        /* Next pass of a loop. */
        if (mmioSeek(p->source.mmio, p->source.data_start, SEEK_SET) != p->source.data_start)
            return 0;
        p->remaining = p->source.data_size;
        p->played_any = false;
    }
    return 0;
}

static void wait_changed(int timeout_ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&ps_changed, &ps_lock, &until);
}

/* Keeps the buffers filled until the end of the data or a stop request. Returns true when it
 * was stopped. */
static bool player_stream(player *p, HWAVEOUT hwo)
{
    bool end = false;
    pthread_mutex_lock(&ps_lock);
    while (!p->stop) {
        int free_buffer = -1;
        for (int i = 0; i < PLAYER_BUFFERS && !end && free_buffer < 0; i++)
            if (!p->busy[i])
                free_buffer = i;
        if (free_buffer >= 0) {
            pthread_mutex_unlock(&ps_lock);
            DWORD got = player_fill(p, free_buffer);
            pthread_mutex_lock(&ps_lock);
            if (got == 0) {
                end = true;
                continue;
            }
            p->headers[free_buffer].dwBufferLength = got;
            p->busy[free_buffer] = true;
            p->queued++;
            pthread_mutex_unlock(&ps_lock);
            MMRESULT mr = waveOutWrite(hwo, &p->headers[free_buffer], sizeof(WAVEHDR));
            pthread_mutex_lock(&ps_lock);
            if (mr != MMSYSERR_NOERROR) {
                pacm_log_debug("PlaySound: waveOutWrite failed (%u)", mr);
                p->busy[free_buffer] = false;
                p->queued--;
                end = true;
            }
            continue;
        }
        if (end && p->queued == 0)
            break;
        wait_changed(1000);
    }
    bool stopped = p->stop;
    pthread_mutex_unlock(&ps_lock);
    return stopped;
}

/* At exit: a sound still playing asynchronously is stopped before the device drivers are shut
 * down (registered after the device layer's own handler, so it runs before it). */
static void stop_at_exit(void)
{
    pthread_mutex_lock(&ps_lock);
    for (int waited = 0; ps_current && waited < EXIT_WAIT_MS; waited += 100) {
        ps_current->stop = true;
        pthread_cond_broadcast(&ps_changed);
        wait_changed(100);
    }
    pthread_mutex_unlock(&ps_lock);
}

static void register_stop_at_exit(void)
{
    waveOutGetNumDevs(); /* loads the device drivers: their exit handler is registered first */
    atexit(stop_at_exit);
}

/* Plays the opened source to the end (or until stopped). Returns false when the device could
 * not be opened for its format. */
static bool player_run(player *p)
{
    const WAVEFORMATEX *wfx = p->source.format;
    HWAVEOUT hwo = NULL;
    MMRESULT mr = waveOutOpen(&hwo, WAVE_MAPPER, wfx, (DWORD_PTR)player_callback, (DWORD_PTR)p, CALLBACK_FUNCTION);
    if (mr != MMSYSERR_NOERROR) {
        pacm_log_debug("PlaySound: waveOutOpen(WAVE_MAPPER) failed (%u)", mr);
        return false;
    }
    DWORD size = wfx->nAvgBytesPerSec / 3;
    if (size > MAX_BUFFER_BYTES)
        size = MAX_BUFFER_BYTES;
    size -= size % wfx->nBlockAlign;
    if (size == 0)
        size = wfx->nBlockAlign;
    bool ok = true;
    int prepared = 0;
    for (; prepared < PLAYER_BUFFERS; prepared++) {
        WAVEHDR *header = &p->headers[prepared];
        header->lpData = pacm_mem_alloc(size);
        header->dwBufferLength = size;
        if (!header->lpData || waveOutPrepareHeader(hwo, header, sizeof *header) != MMSYSERR_NOERROR) {
            pacm_mem_free(header->lpData);
            ok = false;
            break;
        }
    }
    p->remaining = p->source.data_size;
    if (ok && player_stream(p, hwo))
        waveOutReset(hwo);
    /* Every buffer back before it is unprepared (waveOutReset returns them at once). */
    pthread_mutex_lock(&ps_lock);
    for (int waited = 0; p->queued > 0 && waited < RESET_WAIT_MS; waited += 100)
        wait_changed(100);
    pthread_mutex_unlock(&ps_lock);
    for (int i = 0; i < prepared; i++) {
        p->headers[i].dwBufferLength = size;
        waveOutUnprepareHeader(hwo, &p->headers[i], sizeof(WAVEHDR));
        pacm_mem_free(p->headers[i].lpData);
    }
    waveOutClose(hwo);
    return ok;
}

/* Stops the current sound and waits for its player to end; with `nostop`, returns false instead
 * when one plays. On success the caller holds ps_lock and may install a new player. */
static bool take_device(bool nostop)
{
    pthread_mutex_lock(&ps_lock);
    while (ps_current) {
        if (nostop) {
            pthread_mutex_unlock(&ps_lock);
            return false;
        }
        ps_current->stop = true;
        pthread_cond_broadcast(&ps_changed);
        pthread_cond_wait(&ps_changed, &ps_lock);
    }
    return true;
}

static void player_finish(player *p)
{
    pthread_mutex_lock(&ps_lock);
    if (ps_current == p)
        ps_current = NULL;
    pthread_cond_broadcast(&ps_changed);
    pthread_mutex_unlock(&ps_lock);
    pacm_playsound_close(&p->source);
    pacm_mem_free(p);
}

static void *player_thread(void *argument)
{
    player *p = argument;
    player_run(p);
    player_finish(p);
    return NULL;
}

static BOOL play_sound(LPCWSTR name, HMODULE hmod, DWORD flags)
{
    static pthread_once_t exit_once = PTHREAD_ONCE_INIT;
    pthread_once(&exit_once, register_stop_at_exit);
    if (!name || (flags & SND_PURGE)) {
        take_device(false);
        pthread_mutex_unlock(&ps_lock);
        return TRUE;
    }
    player *p = pacm_mem_calloc(1, sizeof *p);
    if (!p)
        return FALSE;
    if (!pacm_playsound_open(name, hmod, flags, &p->source)) {
        pacm_mem_free(p);
        return FALSE;
    }
    /* SND_LOOP needs SND_ASYNC (a synchronous loop could never be stopped by its caller). */
    p->loop = (flags & SND_LOOP) && (flags & SND_ASYNC);
    if (!take_device(flags & SND_NOSTOP)) {
        player_finish(p);
        return FALSE;
    }
    ps_current = p;
    pthread_mutex_unlock(&ps_lock);
    if (!(flags & SND_ASYNC)) {
        bool ok = player_run(p);
        player_finish(p);
        return ok ? TRUE : FALSE;
    }
    pthread_t thread;
    pthread_attr_t attributes;
    bool started = pthread_attr_init(&attributes) == 0;
    if (started) {
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        started = pthread_create(&thread, &attributes, player_thread, p) == 0;
        pthread_attr_destroy(&attributes);
    }
    if (!started) {
        player_finish(p);
        return FALSE;
    }
    return TRUE;
}

/* The A form: a name that is a string is converted to UTF-16 (not a memory image, an alias ID
 * or an integer resource ID). */
PORTACM_API BOOL WINAPI PlaySoundA(LPCSTR pszSound, HMODULE hmod, DWORD fdwSound)
{
    bool is_text = pszSound && !(fdwSound & SND_MEMORY) && (fdwSound & SND_ALIAS_ID) != SND_ALIAS_ID &&
                   !IS_INTRESOURCE(pszSound);
    if (!is_text)
        return play_sound((LPCWSTR)pszSound, hmod, fdwSound);
    WCHAR *wide = pacm_utf8_to_utf16(pszSound);
    if (!wide)
        return FALSE;
    BOOL result = play_sound(wide, hmod, fdwSound);
    pacm_mem_free(wide);
    return result;
}

PORTACM_API BOOL WINAPI PlaySoundW(LPCWSTR pszSound, HMODULE hmod, DWORD fdwSound)
{
    return play_sound(pszSound, hmod, fdwSound);
}

#define SND_PLAY_SOUND_FLAGS                                                                                    \
    (SND_RESOURCE | SND_ALIAS_ID | SND_FILENAME | SND_ASYNC | SND_LOOP | SND_MEMORY | SND_NODEFAULT | SND_NOSTOP | \
     SND_SYNC)

PORTACM_API BOOL WINAPI sndPlaySoundA(LPCSTR pszSound, UINT fuSound)
{
    return PlaySoundA(pszSound, NULL, fuSound & SND_PLAY_SOUND_FLAGS);
}

PORTACM_API BOOL WINAPI sndPlaySoundW(LPCWSTR pszSound, UINT fuSound)
{
    return PlaySoundW(pszSound, NULL, fuSound & SND_PLAY_SOUND_FLAGS);
}

PORTACM_API UINT WINAPI mmsystemGetVersion(void)
{
    return 0x030A;
}
