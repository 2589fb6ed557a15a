/*
 * test_alsa_driver.c - the built-in ALSA wave driver (alsa.drv) through its message functions,
 * without hardware: the test writes an ALSA configuration with a `file` PCM over `null` for
 * playback (what the driver plays lands in a file, compared byte for byte with what was sent)
 * and a `file` PCM reading a known raw file for capture, points ALSA_CONFIG_PATH and
 * PORTACM_ALSA_DEVICES at them, and talks to the driver as winmm does (WAVEOPENDESC,
 * CALLBACK_FUNCTION, headers marked prepared by the caller).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "audio_int.h"
#include "common_int.h"
#include "mmreg.h"
#include "support/ts_files.h"

#define RATE 48000
#define CHANNELS 2
#define FRAME 4
#define MS_BYTES(ms) ((size_t)(ms) * RATE / 1000 * FRAME)
#define LONG_NAME "portacm_a_pcm_whose_name_is_much_longer_than_thirty_one"

static char *folder, *out_path, *in_path;
static unsigned char *in_data;
static size_t in_size;

/* ---- the client: a CALLBACK_FUNCTION that records messages and refills from WOM_DONE ---- */

typedef struct client {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    UINT msgs[512];
    WAVEHDR *headers[512];
    size_t count;
    DWORD_PTR handle;
    bool input;
    /* refilling: the source and how far it was sent */
    const unsigned char *source;
    size_t source_size, sent;
    size_t chunk;
    unsigned done_count;
    UINT action_on_done;   /* a message to send from inside the first WOM_DONE (0: none) */
    DWORD action_result;
} client;

static client the_client;

static void send_next(client *c, WAVEHDR *header)
{
    size_t n = c->source_size - c->sent < c->chunk ? c->source_size - c->sent : c->chunk;
    memcpy(header->lpData, c->source + c->sent, n);
    header->dwBufferLength = (DWORD)n;
    c->sent += n;
    assert_int_equal(pacm_alsa_wod_message(0, WODM_WRITE, c->handle, (DWORD_PTR)header, sizeof(WAVEHDR)),
                     MMSYSERR_NOERROR);
}

static void CALLBACK client_callback(HDRVR h, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
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

static void client_reset(void)
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
static bool wait_done(unsigned count, int seconds)
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
static DWORD wait_action_result(void)
{
    client *c = &the_client;
    for (int i = 0; i < 500; i++) {
        pthread_mutex_lock(&c->lock);
        DWORD result = c->action_result;
        pthread_mutex_unlock(&c->lock);
        if (result != 0xDEAD)
            return result;
        struct timespec t = {0, 10000000L};
        nanosleep(&t, NULL);
    }
    return 0xDEAD;
}

static void set_action(UINT action)
{
    pthread_mutex_lock(&the_client.lock);
    the_client.action_on_done = action;
    the_client.action_result = 0xDEAD;
    pthread_mutex_unlock(&the_client.lock);
}

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void sleep_ms(unsigned ms)
{
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static WAVEFORMATEX pcm_format(unsigned bits, unsigned channels, unsigned rate)
{
    WAVEFORMATEX f = {.wFormatTag = WAVE_FORMAT_PCM, .nChannels = (WORD)channels, .nSamplesPerSec = rate,
                      .wBitsPerSample = (WORD)bits};
    f.nBlockAlign = (WORD)(channels * bits / 8);
    f.nAvgBytesPerSec = rate * f.nBlockAlign;
    return f;
}

/* Opens device `dev` with CALLBACK_FUNCTION; returns the instance value. */
static DWORD_PTR open_stream(bool input, UINT dev, WAVEFORMATEX *format, DWORD *result)
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
static DWORD_PTR open_ok(bool input, UINT dev)
{
    WAVEFORMATEX format = pcm_format(16, CHANNELS, RATE);
    DWORD result;
    DWORD_PTR user = open_stream(input, dev, &format, &result);
    assert_int_equal(result, MMSYSERR_NOERROR);
    assert_true(user != 0);
    return user;
}

static DWORD_PTR open_output(void)
{
    return open_ok(false, 0);
}

static void close_output(DWORD_PTR user)
{
    assert_int_equal(pacm_alsa_wod_message(0, WODM_CLOSE, user, 0, 0), MMSYSERR_NOERROR);
}

/* A recognisable 16-bit stereo signal: every frame differs from its neighbours. */
static unsigned char *make_signal(size_t bytes, unsigned seed)
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

static unsigned char *read_output(size_t *size)
{
    unsigned char *data = ts_read_file(out_path, size);
    assert_non_null(data);
    return data;
}

static DWORD position(DWORD_PTR user, UINT type, MMTIME *time)
{
    memset(time, 0, sizeof *time);
    time->wType = type;
    return pacm_alsa_wod_message(0, WODM_GETPOS, user, (DWORD_PTR)time, sizeof *time);
}

static DWORD position_samples(DWORD_PTR user)
{
    MMTIME time;
    assert_int_equal(position(user, TIME_SAMPLES, &time), MMSYSERR_NOERROR);
    assert_int_equal(time.wType, TIME_SAMPLES);
    return time.u.sample;
}

/* ---- setup ------------------------------------------------------------------------------- */

static int group_setup(void **state)
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
        setenv("PORTACM_ALSA_DEVICES", "portacm_out, portacm_in,portacm_not_defined," LONG_NAME ",portacm_full,portacm_args:CARD=1,DEV=2", 1);
    free(config_path);
    pthread_mutex_init(&the_client.lock, NULL);
    pthread_cond_init(&the_client.changed, NULL);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    ts_remove_tree(folder);
    free(folder);
    free(out_path);
    free(in_path);
    free(in_data);
    return 0;
}

static int test_setup(void **state)
{
    (void)state;
    client_reset();
    return 0;
}

/* ---- tests ------------------------------------------------------------------------------- */

static void driver_proc_answers(void **state)
{
    (void)state;
    assert_int_equal(pacm_alsa_driver_proc(0, NULL, DRV_LOAD, 0, 0), 1);
    assert_int_equal(pacm_alsa_driver_proc(0, NULL, DRV_ENABLE, 0, 0), 1);
    assert_int_equal(pacm_alsa_driver_proc(1, NULL, DRV_OPEN, 0, 0), 1);
    assert_int_equal(pacm_alsa_driver_proc(1, NULL, DRV_QUERYCONFIGURE, 0, 0), 0);
    assert_int_equal(pacm_alsa_driver_proc(1, NULL, DRV_CLOSE, 0, 0), 1);
    assert_int_equal(pacm_alsa_driver_proc(0, NULL, DRV_DISABLE, 0, 0), 1);
    assert_int_equal(pacm_alsa_driver_proc(0, NULL, DRV_FREE, 0, 0), 1);
    assert_int_equal(pacm_alsa_wod_message(0, DRVM_INIT, 0, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(pacm_alsa_wid_message(0, DRVM_INIT, 0, 0, 0), MMSYSERR_NOERROR);
}

static void devices_come_from_the_environment(void **state)
{
    (void)state;
    /* portacm_not_defined does not open, so it is left out; IDs keep the list's order. */
    assert_int_equal(pacm_alsa_wod_message(0, WODM_GETNUMDEVS, 0, 0, 0), 5);
    assert_int_equal(pacm_alsa_wid_message(0, WIDM_GETNUMDEVS, 0, 0, 0), 5);
    WAVEOUTCAPSW caps;
    memset(&caps, 0xAB, sizeof caps);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_GETDEVCAPS, 0, (DWORD_PTR)&caps, sizeof caps), MMSYSERR_NOERROR);
    char name[64];
    pacm_utf16_to_utf8_buffer(caps.szPname, name, sizeof name);
    assert_string_equal(name, "portacm_out");
    assert_true(caps.dwSupport & WAVECAPS_VOLUME);
    assert_true(caps.dwSupport & WAVECAPS_LRVOLUME);
    assert_true(caps.dwFormats & WAVE_FORMAT_4S16);
    assert_int_equal(caps.wChannels, 2);

    /* a long name: 31 units and the terminator */
    assert_int_equal(pacm_alsa_wod_message(2, WODM_GETDEVCAPS, 0, (DWORD_PTR)&caps, sizeof caps), MMSYSERR_NOERROR);
    assert_int_equal(caps.szPname[31], 0);
    pacm_utf16_to_utf8_buffer(caps.szPname, name, sizeof name);
    assert_int_equal(strlen(name), 31);
    assert_memory_equal(name, LONG_NAME, 31);

    /* a comma inside a PCM's arguments stays part of its name */
    assert_int_equal(pacm_alsa_wod_message(4, WODM_GETDEVCAPS, 0, (DWORD_PTR)&caps, sizeof caps), MMSYSERR_NOERROR);
    pacm_utf16_to_utf8_buffer(caps.szPname, name, sizeof name);
    assert_string_equal(name, "portacm_args:CARD=1,DEV=2");

    WAVEINCAPSW in_caps;
    assert_int_equal(pacm_alsa_wid_message(1, WIDM_GETDEVCAPS, 0, (DWORD_PTR)&in_caps, sizeof in_caps), MMSYSERR_NOERROR);
    pacm_utf16_to_utf8_buffer(in_caps.szPname, name, sizeof name);
    assert_string_equal(name, "portacm_in");

    /* a short size: only that many bytes are written */
    unsigned char small[8];
    memset(small, 0xCD, sizeof small);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_GETDEVCAPS, 0, (DWORD_PTR)small, 4), MMSYSERR_NOERROR);
    assert_int_equal(small[0], 0xFF);
    assert_int_equal(small[4], 0xCD);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_GETDEVCAPS, 0, 0, sizeof caps), MMSYSERR_INVALPARAM);
    assert_int_equal(pacm_alsa_wod_message(5, WODM_GETDEVCAPS, 0, (DWORD_PTR)&caps, sizeof caps), MMSYSERR_BADDEVICEID);
    assert_int_equal(pacm_alsa_wid_message(7, WIDM_GETDEVCAPS, 0, (DWORD_PTR)&in_caps, sizeof in_caps),
                     MMSYSERR_BADDEVICEID);
}

static DWORD query(WAVEFORMATEX *format)
{
    WAVEOPENDESC desc = {.lpFormat = format, .dwCallback = (DWORD_PTR)client_callback,
                         .dwInstance = (DWORD_PTR)&the_client};
    return pacm_alsa_wod_message(0, WODM_OPEN, 0, (DWORD_PTR)&desc, CALLBACK_FUNCTION | WAVE_FORMAT_QUERY);
}

static void formats_are_checked(void **state)
{
    (void)state;
    unsigned bits[] = {8, 16, 24, 32};
    for (unsigned i = 0; i < 4; i++) {
        WAVEFORMATEX f = pcm_format(bits[i], 2, 44100);
        assert_int_equal(query(&f), MMSYSERR_NOERROR);
    }
    WAVEFORMATEX f = pcm_format(32, 8, 96000);
    f.wFormatTag = WAVE_FORMAT_IEEE_FLOAT;
    assert_int_equal(query(&f), MMSYSERR_NOERROR);
    WAVEFORMATEXTENSIBLE ext = {.Format = pcm_format(24, 6, 48000), .Samples.wValidBitsPerSample = 20,
                                .dwChannelMask = 0x3F, .SubFormat = KSDATAFORMAT_SUBTYPE_PCM};
    ext.Format.wFormatTag = WAVE_FORMAT_EXTENSIBLE;
    ext.Format.cbSize = 22;
    assert_int_equal(query(&ext.Format), MMSYSERR_NOERROR);
    ext.SubFormat = KSDATAFORMAT_SUBTYPE_IEEE_FLOAT;
    ext.Format = pcm_format(32, 2, 48000);
    ext.Format.wFormatTag = WAVE_FORMAT_EXTENSIBLE;
    ext.Format.cbSize = 22;
    ext.Samples.wValidBitsPerSample = 32;
    assert_int_equal(query(&ext.Format), MMSYSERR_NOERROR);
    /* a query neither notifies nor keeps an instance */
    assert_int_equal(the_client.count, 0);

    ext.SubFormat = KSDATAFORMAT_SUBTYPE_ALAW;
    assert_int_equal(query(&ext.Format), WAVERR_BADFORMAT);
    ext.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    ext.Format.cbSize = 10;
    assert_int_equal(query(&ext.Format), WAVERR_BADFORMAT);
    WAVEFORMATEX bad = pcm_format(12, 2, 44100);
    assert_int_equal(query(&bad), WAVERR_BADFORMAT);
    bad = pcm_format(16, 9, 44100);
    assert_int_equal(query(&bad), WAVERR_BADFORMAT);
    bad = pcm_format(16, 0, 44100);
    assert_int_equal(query(&bad), WAVERR_BADFORMAT);
    bad = pcm_format(16, 2, 0);
    assert_int_equal(query(&bad), WAVERR_BADFORMAT);
    bad = pcm_format(16, 2, 44100);
    bad.nBlockAlign = 3;
    assert_int_equal(query(&bad), WAVERR_BADFORMAT);
    bad = pcm_format(16, 2, 44100);
    bad.wFormatTag = WAVE_FORMAT_MPEGLAYER3;
    assert_int_equal(query(&bad), WAVERR_BADFORMAT);
    bad = pcm_format(16, 2, 44100);
    bad.wFormatTag = WAVE_FORMAT_IEEE_FLOAT;
    assert_int_equal(query(&bad), WAVERR_BADFORMAT);
    /* a real open of a bad format fails the same way and sends nothing */
    DWORD result;
    open_stream(false, 0, &bad, &result);
    assert_int_equal(result, WAVERR_BADFORMAT);
    assert_int_equal(the_client.count, 0);
}

/* A header marked prepared, as winmm leaves it after its default WODM_PREPARE. */
static WAVEHDR *new_header(size_t bytes, DWORD flags, DWORD loops)
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

static void free_header(WAVEHDR *header)
{
    free(header->lpData);
    free(header);
}

static DWORD write_header(DWORD_PTR user, WAVEHDR *header)
{
    return pacm_alsa_wod_message(0, WODM_WRITE, user, (DWORD_PTR)header, sizeof *header);
}

/* 4 x 20 ms buffers refilled from WOM_DONE: the file gets exactly the samples sent, in about
 * real time, and the position advances to the end. */
static void plays_exactly_in_real_time(void **state)
{
    (void)state;
    size_t total = MS_BYTES(600);
    unsigned char *signal = make_signal(total, 1);
    DWORD_PTR user = open_output();
    assert_int_equal(the_client.count, 1);
    assert_int_equal(the_client.msgs[0], WOM_OPEN);
    assert_int_equal(position_samples(user), 0);

    WAVEHDR *headers[4];
    pthread_mutex_lock(&the_client.lock);
    the_client.source = signal;
    the_client.source_size = total;
    the_client.chunk = MS_BYTES(20);
    pthread_mutex_unlock(&the_client.lock);
    double start = now_seconds();
    for (int i = 0; i < 4; i++) {
        headers[i] = new_header(MS_BYTES(20), 0, 0);
        pthread_mutex_lock(&the_client.lock);
        send_next(&the_client, headers[i]);
        pthread_mutex_unlock(&the_client.lock);
        assert_true(headers[i]->dwFlags & WHDR_INQUEUE);
    }
    /* positions advance while it plays */
    DWORD last = 0;
    unsigned rises = 0;
    for (int i = 0; i < 8; i++) {
        sleep_ms(40);
        DWORD now = position_samples(user);
        assert_true(now >= last);
        rises += now > last;
        last = now;
    }
    assert_true(rises >= 4);
    assert_true(wait_done(30, 10));
    double elapsed = now_seconds() - start;
    assert_true(elapsed > 0.5);
    assert_true(elapsed < 3.0);
    for (int i = 0; i < 4; i++) {
        assert_true(headers[i]->dwFlags & WHDR_DONE);
        assert_false(headers[i]->dwFlags & WHDR_INQUEUE);
    }
    /* the end position in every format */
    MMTIME time;
    DWORD frames = (DWORD)(total / FRAME);
    assert_int_equal(position_samples(user), frames);
    assert_int_equal(position(user, TIME_BYTES, &time), MMSYSERR_NOERROR);
    assert_int_equal(time.wType, TIME_BYTES);
    assert_int_equal(time.u.cb, total);
    assert_int_equal(position(user, TIME_MS, &time), MMSYSERR_NOERROR);
    assert_int_equal(time.wType, TIME_MS);
    assert_int_equal(time.u.ms, 600);
    assert_int_equal(position(user, TIME_SMPTE, &time), MMSYSERR_NOERROR);
    assert_int_equal(time.wType, TIME_SMPTE);
    assert_int_equal(time.u.smpte.fps, 30);
    assert_int_equal(time.u.smpte.sec, 0);
    assert_int_equal(time.u.smpte.frame, 18);
    assert_int_equal(position(user, TIME_MIDI, &time), MMSYSERR_NOERROR);
    assert_int_equal(time.wType, TIME_BYTES);
    assert_int_equal(time.u.cb, total);
    assert_int_equal(position(user, TIME_TICKS, &time), MMSYSERR_NOERROR);
    assert_int_equal(time.wType, TIME_BYTES);

    close_output(user);
    assert_int_equal(the_client.msgs[the_client.count - 1], WOM_CLOSE);
    size_t size;
    unsigned char *written = read_output(&size);
    assert_int_equal(size, total);
    assert_memory_equal(written, signal, total);
    free(written);
    for (int i = 0; i < 4; i++)
        free_header(headers[i]);
    free(signal);
}

/* Pause freezes the position; restart goes on; nothing is played twice. */
static void pause_freezes(void **state)
{
    (void)state;
    DWORD_PTR user = open_output();
    unsigned char *signal = make_signal(MS_BYTES(400), 2);
    WAVEHDR *headers[4];
    for (int i = 0; i < 4; i++) {
        headers[i] = new_header(MS_BYTES(100), 0, 0);
        memcpy(headers[i]->lpData, signal + i * MS_BYTES(100), MS_BYTES(100));
        assert_int_equal(write_header(user, headers[i]), MMSYSERR_NOERROR);
    }
    sleep_ms(120);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_PAUSE, user, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_PAUSE, user, 0, 0), MMSYSERR_NOERROR);
    DWORD paused_at = position_samples(user);
    assert_true(paused_at > 0);
    assert_true(paused_at < RATE * 4 / 10);
    /* a header played before the pause may still be on its way to the callback */
    sleep_ms(30);
    pthread_mutex_lock(&the_client.lock);
    unsigned done_before = the_client.done_count;
    pthread_mutex_unlock(&the_client.lock);
    assert_int_equal(position_samples(user), paused_at);
    sleep_ms(200);
    assert_int_equal(position_samples(user), paused_at);
    assert_int_equal(the_client.done_count, done_before);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_RESTART, user, 0, 0), MMSYSERR_NOERROR);
    assert_true(wait_done(4, 5));
    assert_int_equal(position_samples(user), RATE * 4 / 10);
    close_output(user);
    size_t size;
    unsigned char *written = read_output(&size);
    assert_int_equal(size, MS_BYTES(400));
    assert_memory_equal(written, signal, size);
    free(written);
    for (int i = 0; i < 4; i++)
        free_header(headers[i]);
    free(signal);
}

/* Reset returns every header, in queue order, before it returns; the position goes to 0;
 * close refuses while buffers are queued. */
static void reset_returns_headers_in_order(void **state)
{
    (void)state;
    DWORD_PTR user = open_output();
    WAVEHDR *headers[5];
    for (int i = 0; i < 5; i++) {
        headers[i] = new_header(MS_BYTES(200), 0, 0);
        assert_int_equal(write_header(user, headers[i]), MMSYSERR_NOERROR);
    }
    assert_int_equal(write_header(user, headers[2]), WAVERR_STILLPLAYING);
    sleep_ms(50);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_CLOSE, user, 0, 0), WAVERR_STILLPLAYING);
    assert_true(position_samples(user) > 0);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_RESET, user, 0, 0), MMSYSERR_NOERROR);
    /* synchronously: all five are back now */
    assert_int_equal(the_client.done_count, 5);
    size_t first = 1; /* msgs[0] is WOM_OPEN */
    for (int i = 0; i < 5; i++) {
        assert_int_equal(the_client.msgs[first + i], WOM_DONE);
        assert_ptr_equal(the_client.headers[first + i], headers[i]);
        assert_int_equal(headers[i]->dwFlags, WHDR_PREPARED | WHDR_DONE);
    }
    assert_int_equal(position_samples(user), 0);
    /* it plays again after a reset */
    assert_int_equal(write_header(user, headers[0]), MMSYSERR_NOERROR);
    assert_true(wait_done(6, 5));
    assert_int_equal(position_samples(user), RATE / 5);
    close_output(user);
    for (int i = 0; i < 5; i++)
        free_header(headers[i]);
}

/* BEGINLOOP/ENDLOOP: the loop's blocks play dwLoops times, then what follows. */
static void loops_repeat(void **state)
{
    (void)state;
    DWORD_PTR user = open_output();
    WAVEHDR *a = new_header(MS_BYTES(20), WHDR_BEGINLOOP, 3);
    WAVEHDR *b = new_header(MS_BYTES(10), WHDR_ENDLOOP, 0);
    WAVEHDR *c = new_header(MS_BYTES(10), 0, 0);
    WAVEHDR *d = new_header(MS_BYTES(10), WHDR_BEGINLOOP | WHDR_ENDLOOP, 2);
    memset(a->lpData, 0x11, a->dwBufferLength);
    memset(b->lpData, 0x22, b->dwBufferLength);
    memset(c->lpData, 0x33, c->dwBufferLength);
    memset(d->lpData, 0x44, d->dwBufferLength);
    WAVEHDR *all[] = {a, b, c, d};
    for (int i = 0; i < 4; i++)
        assert_int_equal(write_header(user, all[i]), MMSYSERR_NOERROR);
    assert_true(wait_done(4, 5));
    for (int i = 0; i < 4; i++)
        assert_ptr_equal(the_client.headers[1 + i], all[i]);
    close_output(user);
    size_t size;
    unsigned char *written = read_output(&size);
    size_t expect = 3 * MS_BYTES(30) + MS_BYTES(10) + 2 * MS_BYTES(10);
    assert_int_equal(size, expect);
    size_t at = 0;
    for (int pass = 0; pass < 3; pass++) {
        for (size_t i = 0; i < MS_BYTES(20); i++)
            assert_int_equal(written[at++], 0x11);
        for (size_t i = 0; i < MS_BYTES(10); i++)
            assert_int_equal(written[at++], 0x22);
    }
    for (size_t i = 0; i < MS_BYTES(10); i++)
        assert_int_equal(written[at++], 0x33);
    for (size_t i = 0; i < 2 * MS_BYTES(10); i++)
        assert_int_equal(written[at++], 0x44);
    free(written);
    for (int i = 0; i < 4; i++)
        free_header(all[i]);
}

/* BREAKLOOP ends a long loop after the current pass; without a loop it does nothing. */
static void breakloop_ends_the_loop(void **state)
{
    (void)state;
    DWORD_PTR user = open_output();
    assert_int_equal(pacm_alsa_wod_message(0, WODM_BREAKLOOP, user, 0, 0), MMSYSERR_NOERROR);
    WAVEHDR *a = new_header(MS_BYTES(20), WHDR_BEGINLOOP | WHDR_ENDLOOP, 1000);
    WAVEHDR *b = new_header(MS_BYTES(20), 0, 0);
    memset(a->lpData, 0x55, a->dwBufferLength);
    memset(b->lpData, 0x66, b->dwBufferLength);
    assert_int_equal(write_header(user, a), MMSYSERR_NOERROR);
    assert_int_equal(write_header(user, b), MMSYSERR_NOERROR);
    sleep_ms(150);
    assert_true(a->dwFlags & WHDR_INQUEUE);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_BREAKLOOP, user, 0, 0), MMSYSERR_NOERROR);
    assert_true(wait_done(2, 5));
    close_output(user);
    size_t size;
    unsigned char *written = read_output(&size);
    assert_int_equal(size % MS_BYTES(20), 0);
    size_t passes = size / MS_BYTES(20) - 1;
    assert_true(passes >= 5);
    assert_true(passes < 30);
    assert_int_equal(written[size - 1], 0x66);
    assert_int_equal(written[size - MS_BYTES(20) - 1], 0x55);
    free(written);
    free_header(a);
    free_header(b);
}

/* Software volume: each side scaled by its word; the value read back is the value set. */
static void volume_scales_samples(void **state)
{
    (void)state;
    DWORD volume = 0;
    assert_int_equal(pacm_alsa_wod_message(0, WODM_GETVOLUME, 0, (DWORD_PTR)&volume, 0), MMSYSERR_NOERROR);
    assert_int_equal(volume, 0xFFFFFFFFu);
    DWORD_PTR user = open_output();
    assert_int_equal(pacm_alsa_wod_message(0, WODM_SETVOLUME, user, 0x80004000u, 0), MMSYSERR_NOERROR);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_GETVOLUME, user, (DWORD_PTR)&volume, 0), MMSYSERR_NOERROR);
    assert_int_equal(volume, 0x80004000u);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_GETVOLUME, user, 0, 0), MMSYSERR_INVALPARAM);
    WAVEHDR *h = new_header(MS_BYTES(20), 0, 0);
    int16_t *samples = (int16_t *)h->lpData;
    for (size_t i = 0; i < MS_BYTES(20) / 2; i += 2) {
        samples[i] = 20000;
        samples[i + 1] = -30000;
    }
    assert_int_equal(write_header(user, h), MMSYSERR_NOERROR);
    assert_true(wait_done(1, 5));
    close_output(user);
    size_t size;
    unsigned char *written = read_output(&size);
    assert_int_equal(size, MS_BYTES(20));
    const int16_t *out = (const int16_t *)written;
    int left = (int)(20000.0 * 0x4000 / 65535.0 + 0.5), right = -(int)(30000.0 * 0x8000 / 65535.0 + 0.5);
    for (size_t i = 0; i < size / 2; i += 2) {
        assert_int_equal(out[i], left);
        assert_int_equal(out[i + 1], right);
    }
    /* the device volume (no instance) is what new streams start with */
    assert_int_equal(pacm_alsa_wod_message(0, WODM_SETVOLUME, 0, 0x12345678u, 0), MMSYSERR_NOERROR);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_GETVOLUME, 0, (DWORD_PTR)&volume, 0), MMSYSERR_NOERROR);
    assert_int_equal(volume, 0x12345678u);
    assert_int_equal(pacm_alsa_wod_message(9, WODM_SETVOLUME, 0, 0, 0), MMSYSERR_BADDEVICEID);
    user = open_output();
    assert_int_equal(pacm_alsa_wod_message(0, WODM_GETVOLUME, user, (DWORD_PTR)&volume, 0), MMSYSERR_NOERROR);
    assert_int_equal(volume, 0x12345678u);
    close_output(user);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_SETVOLUME, 0, 0xFFFFFFFFu, 0), MMSYSERR_NOERROR);
    free(written);
    free_header(h);
}

/* Hostile input: clean results, no crash. */
static void bad_input_is_refused(void **state)
{
    (void)state;
    DWORD_PTR forged[] = {0, 1, 12345, (DWORD_PTR)&the_client, ~(DWORD_PTR)0};
    WAVEHDR *h = new_header(64, 0, 0);
    MMTIME time = {.wType = TIME_BYTES};
    for (size_t i = 0; i < sizeof forged / sizeof forged[0]; i++) {
        assert_int_equal(write_header(forged[i], h), MMSYSERR_INVALHANDLE);
        assert_int_equal(pacm_alsa_wod_message(0, WODM_PAUSE, forged[i], 0, 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(pacm_alsa_wod_message(0, WODM_RESET, forged[i], 0, 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(pacm_alsa_wod_message(0, WODM_GETPOS, forged[i], (DWORD_PTR)&time, sizeof time),
                         MMSYSERR_INVALHANDLE);
        assert_int_equal(pacm_alsa_wod_message(0, WODM_CLOSE, forged[i], 0, 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(pacm_alsa_wid_message(0, WIDM_START, forged[i], 0, 0), MMSYSERR_INVALHANDLE);
    }
    WAVEOPENDESC desc = {0};
    DWORD_PTR user = 0;
    assert_int_equal(pacm_alsa_wod_message(0, WODM_OPEN, (DWORD_PTR)&user, 0, CALLBACK_FUNCTION), MMSYSERR_INVALPARAM);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_OPEN, (DWORD_PTR)&user, (DWORD_PTR)&desc, CALLBACK_FUNCTION),
                     MMSYSERR_INVALPARAM);
    assert_int_equal(pacm_alsa_wod_message(5, WODM_OPEN, (DWORD_PTR)&user, (DWORD_PTR)&desc, 0), MMSYSERR_BADDEVICEID);
    WAVEFORMATEX format = pcm_format(16, 2, RATE);
    desc.lpFormat = &format;
    assert_int_equal(pacm_alsa_wod_message(0, WODM_OPEN, 0, (DWORD_PTR)&desc, 0), MMSYSERR_INVALPARAM);

    user = open_output();
    /* an output instance is no input instance */
    assert_int_equal(pacm_alsa_wid_message(0, WIDM_START, user, 0, 0), MMSYSERR_INVALHANDLE);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_WRITE, user, 0, sizeof(WAVEHDR)), MMSYSERR_INVALPARAM);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_WRITE, user, (DWORD_PTR)h, sizeof(WAVEHDR) - 1),
                     MMSYSERR_INVALPARAM);
    h->dwFlags = 0;
    assert_int_equal(write_header(user, h), WAVERR_UNPREPARED);
    h->dwFlags = WHDR_PREPARED;
    assert_int_equal(pacm_alsa_wod_message(0, WODM_PREPARE, user, (DWORD_PTR)h, sizeof *h), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_UNPREPARE, user, (DWORD_PTR)h, sizeof *h), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_SETPITCH, user, 0, 0), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(pacm_alsa_wod_message(0, 0x7777, user, 0, 0), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_GETPOS, user, 0, sizeof time), MMSYSERR_INVALPARAM);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_GETPOS, user, (DWORD_PTR)&time, 4), MMSYSERR_ERROR);
    /* an odd-sized buffer: the partial frame is not played */
    h->dwBufferLength = 7;
    assert_int_equal(write_header(user, h), MMSYSERR_NOERROR);
    assert_true(wait_done(1, 5));
    assert_int_equal(position_samples(user), 1);
    close_output(user);
    /* the closed instance is gone */
    assert_int_equal(pacm_alsa_wod_message(0, WODM_CLOSE, user, 0, 0), MMSYSERR_INVALHANDLE);
    assert_int_equal(write_header(user, h), MMSYSERR_INVALHANDLE);
    free_header(h);
}

/* Recording: the file PCM's input comes back byte for byte, at about real time; Stop returns
 * the partly filled buffer, Reset the rest. */
static void records_the_input(void **state)
{
    (void)state;
    DWORD_PTR user = open_ok(true, 1);
    assert_int_equal(the_client.msgs[0], WIM_OPEN);
    enum { COUNT = 15 };
    WAVEHDR *headers[COUNT];
    for (int i = 0; i < COUNT; i++) {
        headers[i] = new_header(MS_BYTES(20), 0, 0);
        assert_int_equal(pacm_alsa_wid_message(1, WIDM_ADDBUFFER, user, (DWORD_PTR)headers[i], sizeof(WAVEHDR)),
                         MMSYSERR_NOERROR);
        assert_int_equal(headers[i]->dwFlags, WHDR_PREPARED | WHDR_INQUEUE);
    }
    sleep_ms(50);
    assert_int_equal(the_client.done_count, 0); /* nothing before Start */
    double start = now_seconds();
    assert_int_equal(pacm_alsa_wid_message(1, WIDM_START, user, 0, 0), MMSYSERR_NOERROR);
    assert_true(wait_done(COUNT, 5));
    double elapsed = now_seconds() - start;
    assert_true(elapsed > 0.2);
    assert_true(elapsed < 2.0);
    for (int i = 0; i < COUNT; i++) {
        assert_ptr_equal(the_client.headers[1 + i], headers[i]);
        assert_int_equal(headers[i]->dwBytesRecorded, MS_BYTES(20));
        assert_int_equal(headers[i]->dwFlags, WHDR_PREPARED | WHDR_DONE);
        assert_memory_equal(headers[i]->lpData, in_data + i * MS_BYTES(20), MS_BYTES(20));
    }
    MMTIME time = {.wType = TIME_SAMPLES};
    assert_int_equal(pacm_alsa_wid_message(1, WIDM_GETPOS, user, (DWORD_PTR)&time, sizeof time), MMSYSERR_NOERROR);
    assert_true(time.u.sample >= COUNT * RATE / 50);

    /* Stop returns the partial buffer; an empty one stays queued until Reset. */
    WAVEHDR *big = new_header(MS_BYTES(2000), 0, 0), *empty = new_header(MS_BYTES(20), 0, 0);
    assert_int_equal(pacm_alsa_wid_message(1, WIDM_ADDBUFFER, user, (DWORD_PTR)big, sizeof(WAVEHDR)), MMSYSERR_NOERROR);
    assert_int_equal(pacm_alsa_wid_message(1, WIDM_ADDBUFFER, user, (DWORD_PTR)empty, sizeof(WAVEHDR)),
                     MMSYSERR_NOERROR);
    sleep_ms(100);
    assert_int_equal(pacm_alsa_wid_message(1, WIDM_STOP, user, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(the_client.done_count, COUNT + 1);
    assert_true(big->dwFlags & WHDR_DONE);
    assert_true(big->dwBytesRecorded > 0);
    assert_true(big->dwBytesRecorded < MS_BYTES(2000));
    assert_true(empty->dwFlags & WHDR_INQUEUE);
    assert_int_equal(pacm_alsa_wid_message(1, WIDM_CLOSE, user, 0, 0), WAVERR_STILLPLAYING);
    assert_int_equal(pacm_alsa_wid_message(1, WIDM_RESET, user, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(the_client.done_count, COUNT + 2);
    assert_int_equal(empty->dwFlags, WHDR_PREPARED | WHDR_DONE);
    assert_int_equal(empty->dwBytesRecorded, 0);
    assert_int_equal(pacm_alsa_wid_message(1, WIDM_GETPOS, user, (DWORD_PTR)&time, sizeof time), MMSYSERR_NOERROR);
    assert_int_equal(time.u.sample, 0);
    assert_int_equal(pacm_alsa_wid_message(1, WIDM_CLOSE, user, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(the_client.msgs[the_client.count - 1], WIM_CLOSE);
    for (int i = 0; i < COUNT; i++)
        free_header(headers[i]);
    free_header(big);
    free_header(empty);
}

/* A PCM that fails for good (its file is /dev/full, so the file plugin's writes fail): the
 * pending headers come back, later calls fail with MMSYSERR_NODRIVER, close works. */
static void device_loss_returns_buffers(void **state)
{
    (void)state;
    DWORD_PTR user = open_ok(false, 3);
    WAVEHDR *headers[5];
    unsigned accepted = 0;
    for (int i = 0; i < 5; i++) {
        headers[i] = new_header(MS_BYTES(200), 0, 0);
        /* the failure may come while they are being written: then the rest are refused */
        DWORD result = pacm_alsa_wod_message(3, WODM_WRITE, user, (DWORD_PTR)headers[i], sizeof(WAVEHDR));
        assert_true(result == MMSYSERR_NOERROR || (result == MMSYSERR_NODRIVER && i > 0));
        accepted += result == MMSYSERR_NOERROR;
    }
    assert_true(wait_done(accepted, 5));
    for (unsigned i = 0; i < accepted; i++)
        assert_int_equal(headers[i]->dwFlags, WHDR_PREPARED | WHDR_DONE);
    MMTIME time = {.wType = TIME_BYTES};
    assert_int_equal(pacm_alsa_wod_message(3, WODM_WRITE, user, (DWORD_PTR)headers[0], sizeof(WAVEHDR)),
                     MMSYSERR_NODRIVER);
    assert_int_equal(pacm_alsa_wod_message(3, WODM_GETPOS, user, (DWORD_PTR)&time, sizeof time), MMSYSERR_NODRIVER);
    assert_int_equal(pacm_alsa_wod_message(3, WODM_PAUSE, user, 0, 0), MMSYSERR_NODRIVER);
    assert_int_equal(pacm_alsa_wod_message(3, WODM_CLOSE, user, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(the_client.msgs[the_client.count - 1], WOM_CLOSE);
    for (int i = 0; i < 5; i++)
        free_header(headers[i]);
}

/* A client may close or reset its stream from inside WOM_DONE. */
static void close_and_reset_from_the_callback(void **state)
{
    (void)state;
    DWORD_PTR user = open_output();
    WAVEHDR *a = new_header(MS_BYTES(20), 0, 0), *b = new_header(MS_BYTES(200), 0, 0);
    set_action(WODM_RESET);
    assert_int_equal(write_header(user, a), MMSYSERR_NOERROR);
    assert_int_equal(write_header(user, b), MMSYSERR_NOERROR);
    assert_true(wait_done(2, 5));
    assert_int_equal(wait_action_result(), MMSYSERR_NOERROR);
    assert_ptr_equal(the_client.headers[1], a);
    assert_ptr_equal(the_client.headers[2], b); /* returned by the reset, early */
    assert_true(position_samples(user) < RATE / 10);

    set_action(WODM_CLOSE);
    assert_int_equal(write_header(user, a), MMSYSERR_NOERROR);
    assert_true(wait_done(3, 5));
    assert_int_equal(wait_action_result(), MMSYSERR_NOERROR);
    assert_int_equal(the_client.msgs[the_client.count - 1], WOM_CLOSE);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_CLOSE, user, 0, 0), MMSYSERR_INVALHANDLE);
    sleep_ms(50); /* the detached worker exits */
    free_header(a);
    free_header(b);
}

/* Write while paused queues without starting; restart plays it. */
static void write_while_paused_waits(void **state)
{
    (void)state;
    DWORD_PTR user = open_output();
    assert_int_equal(pacm_alsa_wod_message(0, WODM_RESTART, user, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_PAUSE, user, 0, 0), MMSYSERR_NOERROR);
    WAVEHDR *h = new_header(MS_BYTES(40), 0, 0);
    assert_int_equal(write_header(user, h), MMSYSERR_NOERROR);
    sleep_ms(120);
    assert_int_equal(position_samples(user), 0);
    assert_true(h->dwFlags & WHDR_INQUEUE);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_RESTART, user, 0, 0), MMSYSERR_NOERROR);
    assert_true(wait_done(1, 5));
    assert_int_equal(position_samples(user), RATE / 25);
    close_output(user);
    free_header(h);
}

/* Plays one buffer in `format` with `volume` and returns what the file PCM received. */
static unsigned char *play_one(WAVEFORMATEX *format, DWORD volume, const void *data, size_t bytes, size_t *size)
{
    DWORD result;
    DWORD_PTR user = open_stream(false, 0, format, &result);
    assert_int_equal(result, MMSYSERR_NOERROR);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_SETVOLUME, user, volume, 0), MMSYSERR_NOERROR);
    WAVEHDR *h = new_header(bytes, 0, 0);
    memcpy(h->lpData, data, bytes);
    unsigned before = the_client.done_count;
    assert_int_equal(write_header(user, h), MMSYSERR_NOERROR);
    assert_true(wait_done(before + 1, 5));
    close_output(user);
    free_header(h);
    return read_output(size);
}

/* Other sample formats reach the device unchanged at unity gain and scaled exactly at half. */
static void other_formats_play_exactly(void **state)
{
    (void)state;
    /* 24-bit, 6 channels, WAVE_FORMAT_EXTENSIBLE */
    WAVEFORMATEXTENSIBLE ext = {.Format = pcm_format(24, 6, 48000), .Samples.wValidBitsPerSample = 24,
                                .dwChannelMask = 0x3F, .SubFormat = KSDATAFORMAT_SUBTYPE_PCM};
    ext.Format.wFormatTag = WAVE_FORMAT_EXTENSIBLE;
    ext.Format.cbSize = 22;
    size_t bytes = 480 * 18;
    unsigned char *data = make_signal(bytes, 3);
    size_t size;
    unsigned char *out = play_one(&ext.Format, 0xFFFFFFFFu, data, bytes, &size);
    assert_int_equal(size, bytes);
    assert_memory_equal(out, data, bytes);
    free(out);
    /* the same at half volume: every 24-bit sample halved, rounded to nearest */
    out = play_one(&ext.Format, 0x80008000u, data, bytes, &size);
    assert_int_equal(size, bytes);
    double gain = 0x8000 / 65535.0;
    for (size_t i = 0; i < bytes; i += 3) {
        int32_t in = (int32_t)((uint32_t)data[i] << 8 | (uint32_t)data[i + 1] << 16 | (uint32_t)data[i + 2] << 24) >> 8;
        int32_t got = (int32_t)((uint32_t)out[i] << 8 | (uint32_t)out[i + 1] << 16 | (uint32_t)out[i + 2] << 24) >> 8;
        double want = in * gain;
        assert_int_equal(got, (int32_t)(want < 0 ? want - 0.5 : want + 0.5));
    }
    free(out);
    free(data);

    /* 32-bit float stereo, left silent */
    WAVEFORMATEX f = pcm_format(32, 2, 44100);
    f.wFormatTag = WAVE_FORMAT_IEEE_FLOAT;
    float samples[2 * 441];
    for (size_t i = 0; i < 2 * 441; i++)
        samples[i] = (float)(i % 100) / 50.0f - 1.0f;
    out = play_one(&f, 0xFFFF0000u, samples, sizeof samples, &size);
    assert_int_equal(size, sizeof samples);
    for (size_t i = 0; i < 2 * 441; i++) {
        float got;
        memcpy(&got, out + i * 4, 4);
        assert_true(got == (i % 2 ? samples[i] : 0.0f));
    }
    free(out);

    /* 8-bit mono: unsigned samples, silence is 128 */
    WAVEFORMATEX m = pcm_format(8, 1, 11025);
    unsigned char bytes8[110];
    for (size_t i = 0; i < sizeof bytes8; i++)
        bytes8[i] = (unsigned char)(i * 37);
    out = play_one(&m, 0xFFFFFFFFu, bytes8, sizeof bytes8, &size);
    assert_int_equal(size, sizeof bytes8);
    assert_memory_equal(out, bytes8, sizeof bytes8);
    free(out);
    out = play_one(&m, 0x12340000u, bytes8, sizeof bytes8, &size); /* mono uses the low word: 0 */
    for (size_t i = 0; i < size; i++)
        assert_int_equal(out[i], 128);
    free(out);
}

/* Out of memory at every allocation of an open: a clean MMSYSERR_NOMEM (or success), never a
 * crash, and the device still opens afterwards. */
static void open_survives_allocation_failure(void **state)
{
    (void)state;
    WAVEFORMATEX format = pcm_format(16, CHANNELS, RATE);
    bool opened = false;
    for (long n = 0; n < 20 && !opened; n++) {
        client_reset();
        pacm_mem_fail_after(n);
        DWORD result;
        DWORD_PTR user = open_stream(false, 0, &format, &result);
        pacm_mem_fail_after(-1);
        if (result == MMSYSERR_NOERROR) {
            opened = true;
            close_output(user);
        } else {
            assert_int_equal(result, MMSYSERR_NOMEM);
            assert_int_equal(the_client.count, 0);
        }
    }
    assert_true(opened);
    close_output(open_output());
}

/* Threads hammering one stream (writes from the callback, pause, restart, reset, positions,
 * volume, breakloop) end with every header back and a clean close. */
typedef struct hammer_args {
    DWORD_PTR user;
    int seed;
    atomic_bool stop;
} hammer_args;

static void *hammer(void *context)
{
    hammer_args *args = context;
    unsigned r = (unsigned)args->seed;
    UINT messages[] = {WODM_PAUSE, WODM_RESTART, WODM_RESET, WODM_GETPOS, WODM_SETVOLUME, WODM_BREAKLOOP};
    while (!atomic_load(&args->stop)) {
        r = r * 1103515245u + 12345u;
        UINT msg = messages[(r >> 16) % 6];
        MMTIME time = {.wType = TIME_BYTES};
        DWORD result = pacm_alsa_wod_message(0, msg, args->user, msg == WODM_GETPOS ? (DWORD_PTR)&time : 0xFFFFFFFFu,
                                             sizeof time);
        assert_int_equal(result, MMSYSERR_NOERROR);
        sleep_ms((r >> 8) % 5);
    }
    return NULL;
}

static void stream_survives_hammering(void **state)
{
    (void)state;
    DWORD_PTR user = open_output();
    size_t total = MS_BYTES(100000); /* never runs out during the test */
    pthread_mutex_lock(&the_client.lock);
    the_client.source = calloc(1, total);
    the_client.source_size = total;
    the_client.chunk = MS_BYTES(10);
    pthread_mutex_unlock(&the_client.lock);
    WAVEHDR *headers[4];
    for (int i = 0; i < 4; i++) {
        headers[i] = new_header(MS_BYTES(10), 0, 0);
        pthread_mutex_lock(&the_client.lock);
        send_next(&the_client, headers[i]);
        pthread_mutex_unlock(&the_client.lock);
    }
    hammer_args args[3];
    pthread_t threads[3];
    for (int i = 0; i < 3; i++) {
        args[i].user = user;
        args[i].seed = i + 1;
        atomic_init(&args[i].stop, false);
        pthread_create(&threads[i], NULL, hammer, &args[i]);
    }
    sleep_ms(1500);
    for (int i = 0; i < 3; i++)
        atomic_store(&args[i].stop, true);
    for (int i = 0; i < 3; i++)
        pthread_join(threads[i], NULL);
    /* stop refilling, give everything back, close */
    pthread_mutex_lock(&the_client.lock);
    the_client.sent = the_client.source_size;
    pthread_mutex_unlock(&the_client.lock);
    assert_int_equal(pacm_alsa_wod_message(0, WODM_RESET, user, 0, 0), MMSYSERR_NOERROR);
    sleep_ms(50); /* a refill the worker was making when the reset came */
    assert_int_equal(pacm_alsa_wod_message(0, WODM_RESET, user, 0, 0), MMSYSERR_NOERROR);
    for (int i = 0; i < 4; i++)
        assert_false(headers[i]->dwFlags & WHDR_INQUEUE);
    close_output(user);
    for (int i = 0; i < 4; i++)
        free_header(headers[i]);
    free((void *)the_client.source);
    the_client.source = NULL;
}

/* Without PORTACM_ALSA_DEVICES: "default" first, then the hinted PCMs that open, with the
 * hint's description as the name. */
static void hints_list_default_first(void **state)
{
    (void)state;
    UINT count = pacm_alsa_wod_message(0, WODM_GETNUMDEVS, 0, 0, 0);
    assert_true(count >= 2);
    WAVEOUTCAPSW caps;
    char name[64];
    assert_int_equal(pacm_alsa_wod_message(0, WODM_GETDEVCAPS, 0, (DWORD_PTR)&caps, sizeof caps), MMSYSERR_NOERROR);
    pacm_utf16_to_utf8_buffer(caps.szPname, name, sizeof name);
    assert_true(strlen(name) > 0);
    bool hinted = false;
    for (UINT i = 1; i < count; i++) {
        assert_int_equal(pacm_alsa_wod_message(i, WODM_GETDEVCAPS, 0, (DWORD_PTR)&caps, sizeof caps),
                         MMSYSERR_NOERROR);
        pacm_utf16_to_utf8_buffer(caps.szPname, name, sizeof name);
        hinted |= strcmp(name, "portacm hinted PCM") == 0;
    }
    assert_true(hinted);
    assert_true(pacm_alsa_wid_message(0, WIDM_GETNUMDEVS, 0, 0, 0) >= 1);
    /* device 0 is "default", which this configuration sends to the output file */
    DWORD_PTR user = open_output();
    WAVEHDR *h = new_header(MS_BYTES(20), 0, 0);
    memset(h->lpData, 0x5A, MS_BYTES(20));
    assert_int_equal(write_header(user, h), MMSYSERR_NOERROR);
    assert_true(wait_done(1, 5));
    close_output(user);
    size_t size;
    unsigned char *written = read_output(&size);
    assert_int_equal(size, MS_BYTES(20));
    assert_memory_equal(written, h->lpData, size);
    free(written);
    free_header(h);
}

int main(void)
{
    if (getenv("ALSA_HINTS")) {
        const struct CMUnitTest hint_tests[] = {
            cmocka_unit_test_setup(hints_list_default_first, test_setup),
        };
        return cmocka_run_group_tests(hint_tests, group_setup, group_teardown);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(driver_proc_answers, test_setup),
        cmocka_unit_test_setup(devices_come_from_the_environment, test_setup),
        cmocka_unit_test_setup(formats_are_checked, test_setup),
        cmocka_unit_test_setup(plays_exactly_in_real_time, test_setup),
        cmocka_unit_test_setup(pause_freezes, test_setup),
        cmocka_unit_test_setup(reset_returns_headers_in_order, test_setup),
        cmocka_unit_test_setup(loops_repeat, test_setup),
        cmocka_unit_test_setup(breakloop_ends_the_loop, test_setup),
        cmocka_unit_test_setup(volume_scales_samples, test_setup),
        cmocka_unit_test_setup(bad_input_is_refused, test_setup),
        cmocka_unit_test_setup(records_the_input, test_setup),
        cmocka_unit_test_setup(device_loss_returns_buffers, test_setup),
        cmocka_unit_test_setup(close_and_reset_from_the_callback, test_setup),
        cmocka_unit_test_setup(write_while_paused_waits, test_setup),
        cmocka_unit_test_setup(other_formats_play_exactly, test_setup),
        cmocka_unit_test_setup(open_survives_allocation_failure, test_setup),
        cmocka_unit_test_setup(stream_survives_hammering, test_setup),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
