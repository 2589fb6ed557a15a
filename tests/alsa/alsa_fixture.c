/*
 * alsa_fixture.c - what the ALSA driver's tests share: the ALSA configuration they write (a
 * `file` PCM over `null` for playback, a `file` PCM reading a known input for capture, a PCM
 * with a long name, one writing to /dev/full, a hinted one, a `default`), the environment
 * (ALSA_CONFIG_PATH, PORTACM_ALSA_DEVICES), and a client that talks to the driver as winmm
 * does: WAVEOPENDESC, CALLBACK_FUNCTION, headers marked prepared by the caller.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "alsa/alsa_fixture.h"
#include "support/ts_files.h"

static char *folder;
char *out_path, *in_path;
unsigned char *in_data;
size_t in_size;

/* ---- the client: a CALLBACK_FUNCTION that records messages and refills from WOM_DONE ---- */

client the_client;

void send_next(client *c, WAVEHDR *header)
{
    size_t n = c->source_size - c->sent < c->chunk ? c->source_size - c->sent : c->chunk;
    memcpy(header->lpData, c->source + c->sent, n);
    header->dwBufferLength = (DWORD)n;
    c->sent += n;
    assert_int_equal(write_header(c->handle, header), MMSYSERR_NOERROR);
}

void CALLBACK client_callback(HDRVR h, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)h;
    (void)p2;
    client *c = (client *)instance;
    pthread_mutex_lock(&c->lock);
    if (c->count < 512) {
        c->msgs[c->count] = msg;
        c->headers[c->count] = (WAVEHDR *)p1;
        c->count++;
    }
    bool refill = msg == WOM_DONE && c->source && c->sent < c->source_size;
    if (msg == WOM_DONE || msg == WIM_DATA)
        c->done_count++;
    pthread_mutex_unlock(&c->lock);
    if (refill) /* the common pattern: write the next buffer from inside WOM_DONE */
        send_next(c, (WAVEHDR *)p1);
    pthread_mutex_lock(&c->lock);
    UINT action = msg == WOM_DONE ? c->action_on_done : 0;
    c->action_on_done = 0;
    pthread_mutex_unlock(&c->lock);
    if (action) {
        DWORD result = pacm_alsa_wod_message(0, action, c->handle, 0, 0);
        pthread_mutex_lock(&c->lock);
        c->action_result = result;
        pthread_mutex_unlock(&c->lock);
    }
    pthread_mutex_lock(&c->lock);
    pthread_cond_broadcast(&c->changed);
    pthread_mutex_unlock(&c->lock);
}

void client_reset(void)
{
    client *c = &the_client;
    pthread_mutex_lock(&c->lock);
    c->count = 0;
    c->source = NULL;
    c->source_size = c->sent = c->chunk = 0;
    c->done_count = 0;
    c->handle = 0;
    c->action_on_done = 0;
    c->action_result = 0xDEAD;
    pthread_mutex_unlock(&c->lock);
}

/* Waits until `count` buffers came back; false after `seconds`. */
bool wait_done(unsigned count, int seconds)
{
    client *c = &the_client;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += seconds;
    pthread_mutex_lock(&c->lock);
    while (c->done_count < count)
        if (pthread_cond_timedwait(&c->changed, &c->lock, &until) != 0)
            break;
    bool ok = c->done_count >= count;
    pthread_mutex_unlock(&c->lock);
    return ok;
}

/* The result of the message the callback sent (0xDEAD until it was sent). */
DWORD wait_action_result(void)
{
    client *c = &the_client;
    for (int i = 0; i < 500; i++) {
        pthread_mutex_lock(&c->lock);
        DWORD result = c->action_result;
        pthread_mutex_unlock(&c->lock);
        if (result != 0xDEAD)
            return result;
        sleep_ms(10);
    }
    return 0xDEAD;
}

void set_action(UINT action)
{
    pthread_mutex_lock(&the_client.lock);
    the_client.action_on_done = action;
    the_client.action_result = 0xDEAD;
    pthread_mutex_unlock(&the_client.lock);
}

double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

void sleep_ms(unsigned ms)
{
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

WAVEFORMATEX pcm_format(unsigned bits, unsigned channels, unsigned rate)
{
    WAVEFORMATEX f = {.wFormatTag = WAVE_FORMAT_PCM, .nChannels = (WORD)channels, .nSamplesPerSec = rate,
                      .wBitsPerSample = (WORD)bits};
    f.nBlockAlign = (WORD)(channels * bits / 8);
    f.nAvgBytesPerSec = rate * f.nBlockAlign;
    return f;
}

/* Opens device `dev` with CALLBACK_FUNCTION; returns the instance value. */
DWORD_PTR open_stream(bool input, UINT dev, WAVEFORMATEX *format, DWORD *result)
{
    WAVEOPENDESC desc = {.hWave = (HWAVE)(uintptr_t)0x1234, .lpFormat = format,
                         .dwCallback = (DWORD_PTR)client_callback, .dwInstance = (DWORD_PTR)&the_client};
    DWORD_PTR user = 0;
    the_client.input = input;
    *result = input ? pacm_alsa_wid_message(dev, WIDM_OPEN, (DWORD_PTR)&user, (DWORD_PTR)&desc, CALLBACK_FUNCTION)
                    : pacm_alsa_wod_message(dev, WODM_OPEN, (DWORD_PTR)&user, (DWORD_PTR)&desc, CALLBACK_FUNCTION);
    the_client.handle = user;
    return user;
}

/* Opens a device in the test's format (16-bit stereo at RATE); it must succeed. */
DWORD_PTR open_ok(bool input, UINT dev)
{
    WAVEFORMATEX format = pcm_format(16, CHANNELS, RATE);
    DWORD result;
    DWORD_PTR user = open_stream(input, dev, &format, &result);
    assert_int_equal(result, MMSYSERR_NOERROR);
    assert_true(user != 0);
    return user;
}

DWORD_PTR open_output(void)
{
    return open_ok(false, 0);
}

void close_output(DWORD_PTR user)
{
    assert_int_equal(pacm_alsa_wod_message(0, WODM_CLOSE, user, 0, 0), MMSYSERR_NOERROR);
}

/* A recognisable 16-bit stereo signal: every frame differs from its neighbours. */
unsigned char *make_signal(size_t bytes, unsigned seed)
{
    unsigned char *data = malloc(bytes);
    assert_non_null(data);
    for (size_t i = 0; i < bytes / 2; i++) {
        int16_t v = (int16_t)((i * 7919u + seed * 104729u) % 60000u - 30000);
        data[2 * i] = (unsigned char)(v & 0xFF);
        data[2 * i + 1] = (unsigned char)((uint16_t)v >> 8);
    }
    return data;
}

unsigned char *read_output(size_t *size)
{
    unsigned char *data = ts_read_file(out_path, size);
    assert_non_null(data);
    return data;
}

DWORD position(DWORD_PTR user, UINT type, MMTIME *time)
{
    memset(time, 0, sizeof *time);
    time->wType = type;
    return pacm_alsa_wod_message(0, WODM_GETPOS, user, (DWORD_PTR)time, sizeof *time);
}

DWORD position_samples(DWORD_PTR user)
{
    MMTIME time;
    assert_int_equal(position(user, TIME_SAMPLES, &time), MMSYSERR_NOERROR);
    assert_int_equal(time.wType, TIME_SAMPLES);
    return time.u.sample;
}

/* ---- setup ------------------------------------------------------------------------------- */

int group_setup(void **state)
{
    (void)state;
    folder = ts_temp_dir();
    out_path = ts_path_join(folder, "out.raw");
    in_size = MS_BYTES(1000);
    in_data = make_signal(in_size, 99);
    in_path = ts_write_file(folder, "in.raw", in_data, in_size);
    char config[4096];
    snprintf(config, sizeof config,
             "</usr/share/alsa/alsa.conf>\n"
             "pcm.portacm_out { type file slave.pcm \"null\" file \"%s\" format \"raw\" }\n"
             "pcm.portacm_in { type file slave.pcm \"null\" file \"/dev/null\" infile \"%s\" format \"raw\" }\n"
             "pcm." LONG_NAME " { type null }\n"
             "pcm.portacm_full { type file slave.pcm \"null\" file \"/dev/full\" format \"raw\" }\n"
             "pcm.portacm_args { @args [ CARD DEV ] @args.CARD { type integer } @args.DEV { type integer }"
             " type null }\n"
             "pcm.portacm_hinted { type null hint { show on description \"portacm hinted PCM\" } }\n"
             "pcm.!default { type file slave.pcm \"null\" file \"%s\" format \"raw\" }\n",
             out_path, in_path, out_path);
    char *config_path = ts_write_text(folder, "asound.conf", config);
    setenv("ALSA_CONFIG_PATH", config_path, 1);
    /* ALSA_HINTS (a second run of this program) leaves the list to alsa-lib's hints */
    if (!getenv("ALSA_HINTS"))
        setenv("PORTACM_ALSA_DEVICES",
               "portacm_out, portacm_in,portacm_not_defined," LONG_NAME ",portacm_full,portacm_args:CARD=1,DEV=2", 1);
    free(config_path);
    pthread_mutex_init(&the_client.lock, NULL);
    pthread_cond_init(&the_client.changed, NULL);
    return 0;
}

int group_teardown(void **state)
{
    (void)state;
    ts_remove_tree(folder);
    free(folder);
    free(out_path);
    free(in_path);
    free(in_data);
    return 0;
}

int test_setup(void **state)
{
    (void)state;
    client_reset();
    return 0;
}

/* A header marked prepared, as winmm leaves it after its default WODM_PREPARE. */
WAVEHDR *new_header(size_t bytes, DWORD flags, DWORD loops)
{
    WAVEHDR *header = calloc(1, sizeof *header);
    assert_non_null(header);
    header->lpData = calloc(1, bytes ? bytes : 1);
    assert_non_null(header->lpData);
    header->dwBufferLength = (DWORD)bytes;
    header->dwFlags = WHDR_PREPARED | flags;
    header->dwLoops = loops;
    return header;
}

void free_header(WAVEHDR *header)
{
    free(header->lpData);
    free(header);
}

DWORD write_header(DWORD_PTR user, WAVEHDR *header)
{
    /* as winmm does: INQUEUE set and DONE cleared before the driver is asked, INQUEUE cleared
     * again if it refuses (a header queued already is left alone, for the driver to refuse) */
    bool queued = header->dwFlags & WHDR_INQUEUE;
    if (!queued)
        header->dwFlags = (header->dwFlags | WHDR_INQUEUE) & ~(DWORD)WHDR_DONE;
    DWORD result = pacm_alsa_wod_message(0, WODM_WRITE, user, (DWORD_PTR)header, sizeof *header);
    if (result != MMSYSERR_NOERROR && !queued)
        header->dwFlags &= ~(DWORD)WHDR_INQUEUE;
    return result;
}
