/*
 * test_fault_devices.c - allocation-failure injection over the device half (issue 12): for
 * every N, the Nth allocation of the library (and every later one) fails; the call must fail
 * cleanly (MMSYSERR_NOMEM or a documented error), release what it made (LeakSanitizer checks
 * that in the ASan build), and succeed again with the same results once memory is back.
 *
 * Paths, over the suite's real-time wave test driver (tests/devices/wave_test_driver.h):
 * waveOut on device 0 in PCM (open, prepare, write, WOM_DONE, unprepare, close; the driver
 * plays the same bytes) under each callback kind (fault_notify.h); the same through
 * WAVE_MAPPER in IMA ADPCM and in 8-bit PCM (the mapper's ACM stream; the driver plays what
 * the ACM converts); a stream of four headers with pause, position, volume, restart and reset
 * (device 0, and WAVE_MAPPER in 8-bit PCM); waveIn on device 0 in PCM and through WAVE_MAPPER
 * in mu-law (the driver's known signal, or the ACM's encoding of it); caps, device counts and
 * error texts; PlaySound of a memory image; the device manager's loading (after
 * pacm_dev_reset in this process, and the genuine first load of a fresh process per N, run
 * with --first-load as its own ctest entry). The mixer has its own program (test_fault_mixer.c).
 * Buffers hold a few milliseconds of audio: each playback costs real time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common_int.h"
#include "devices_int.h"
#include "winuser.h"
#include "fault_devices/fault_notify.h"
#include "ts_fault.h"
#include "wave/wave_test_util.h"

#define FRAMES 40       /* 5 ms at 8000 Hz */
#define WAIT_MS 3000    /* how long a buffer may take to come back */
#define LOAD_CHILD_BASE 100

extern char **environ;

static char *folder;
static int16_t pcm_signal[FRAMES];

/* ---- waveOut --------------------------------------------------------------------------------- */

typedef struct out_case {
    UINT device;
    const WAVEFORMATEX *format;
    const BYTE *data;
    DWORD length;
    const BYTE *expect; /* what the driver must have played */
    size_t expect_length;
    notify_kind kind;
} out_case;

/* The output device played exactly `expect`; MMSYSERR_ERROR (with a message) when not. */
static MMRESULT check_played(const BYTE *expect, size_t length, const char *what)
{
    BYTE got[4096];
    size_t played = wt_output(0, got, sizeof got);
    if (played != length || memcmp(got, expect, length) != 0) {
        print_error("%s: played %zu bytes, expected %zu (or different bytes)\n", what, played, length);
        return MMSYSERR_ERROR;
    }
    return MMSYSERR_NOERROR;
}

/* Write, wait for WOM_DONE: the part after a successful prepare. */
static MMRESULT write_and_wait(HWAVEOUT h, WAVEHDR *hdr, const notify *n)
{
    MMRESULT mr = waveOutWrite(h, hdr, sizeof *hdr);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    if (!fd_notify_wait(n, hdr, WAIT_MS)) {
        print_error("waveOut (%s): no WOM_DONE within %d ms (header flags %#x)\n", fd_notify_names[n->kind], WAIT_MS,
                    (unsigned)wt_flags(hdr));
        waveOutReset(h);
        return MMSYSERR_ERROR;
    }
    return wt_flags(hdr) & WHDR_DONE ? MMSYSERR_NOERROR : MMSYSERR_ERROR;
}

static MMRESULT path_wave_out(void *context)
{
    const out_case *c = context;
    wt_clear_output();
    notify n;
    if (!fd_notify_begin(&n, c->kind)) {
        fd_notify_end(&n);
        return MMSYSERR_NOMEM; /* CreateEvent failed */
    }
    HWAVEOUT h = NULL;
    MMRESULT mr = waveOutOpen(&h, c->device, c->format, n.callback, 0, n.flags);
    if (mr != MMSYSERR_NOERROR) {
        fd_notify_end(&n);
        return mr;
    }
    BYTE *buffer = malloc(c->length);
    memcpy(buffer, c->data, c->length);
    WAVEHDR hdr = {.lpData = (LPSTR)buffer, .dwBufferLength = c->length};
    mr = waveOutPrepareHeader(h, &hdr, sizeof hdr);
    if (mr == MMSYSERR_NOERROR) {
        mr = write_and_wait(h, &hdr, &n);
        MMRESULT un = waveOutUnprepareHeader(h, &hdr, sizeof hdr);
        if (mr == MMSYSERR_NOERROR)
            mr = un;
    }
    MMRESULT closed = waveOutClose(h);
    free(buffer);
    fd_notify_end(&n);
    if (closed != MMSYSERR_NOERROR) {
        print_error("waveOutClose: %u (the handle stays open)\n", (unsigned)closed);
        return closed;
    }
    if (mr == MMSYSERR_NOERROR)
        mr = check_played(c->expect, c->expect_length, "waveOut");
    return mr;
}


static void wave_out_pcm(void **state)
{
    (void)state;
    WAVEFORMATEX pcm = wt_pcm(8000, 1, 16);
    for (notify_kind kind = NOTIFY_FUNCTION; kind <= NOTIFY_THREAD; kind++) {
        out_case c = {0, &pcm, (const BYTE *)pcm_signal, sizeof pcm_signal, (const BYTE *)pcm_signal,
                      sizeof pcm_signal, kind};
        long made = ts_sweep(fd_notify_names[kind], path_wave_out, &c, NULL);
        print_message("waveOut device 0 PCM open..close, %s: %ld allocations\n", fd_notify_names[kind], made);
    }
}

/* 8000 Hz mono 16-bit PCM -> the format acmFormatSuggest gives for `tag` (returned, in *pair). */
static WAVEFORMATEX *pcm_to(WORD tag, ts_pair *pair)
{
    memset(pair, 0, sizeof *pair);
    WAVEFORMATEX pcm = wt_pcm(8000, 1, 16);
    memcpy(pair->src, &pcm, sizeof pcm);
    WAVEFORMATEX *dst = (WAVEFORMATEX *)pair->dst;
    dst->wFormatTag = tag;
    assert_int_equal(acmFormatSuggest(NULL, &pcm, dst, TS_FORMAT_ROOM, ACM_FORMATSUGGESTF_WFORMATTAG),
                     MMSYSERR_NOERROR);
    return dst;
}

/* IMA ADPCM (8000 Hz mono, from acmFormatSuggest) through WAVE_MAPPER: one block. */
static void wave_out_mapper_ima(void **state)
{
    (void)state;
    ts_pair pair;
    WAVEFORMATEX *ima = pcm_to(WAVE_FORMAT_IMA_ADPCM, &pair);
    /* One block of speech-like PCM, encoded, then decoded again: what the driver must play. */
    size_t frames = (size_t)(ima->nBlockAlign - 4 * ima->nChannels) * 2 + 1;
    BYTE *source = malloc(frames * 2);
    ts_speech_signal(source, frames * 2, 7);
    BYTE *encoded = NULL, *decoded = NULL;
    size_t encoded_length = 0, decoded_length = 0;
    assert_int_equal(ts_acm_convert_all(&pair, source, frames * 2, 0, &encoded, &encoded_length),
                     MMSYSERR_NOERROR);
    assert_int_equal(encoded_length, ima->nBlockAlign);
    ts_pair back;
    memset(&back, 0, sizeof back);
    memcpy(back.src, pair.dst, sizeof back.src);
    memcpy(back.dst, pair.src, sizeof back.dst);
    assert_int_equal(ts_acm_convert_all(&back, encoded, encoded_length, 0, &decoded, &decoded_length),
                     MMSYSERR_NOERROR);
    assert_int_equal(decoded_length, frames * 2);
    out_case c = {WAVE_MAPPER, ima, encoded, (DWORD)encoded_length, decoded, decoded_length, NOTIFY_FUNCTION};
    long made = ts_sweep("waveOut WAVE_MAPPER IMA", path_wave_out, &c, NULL);
    print_message("waveOut WAVE_MAPPER IMA ADPCM open..close: %ld allocations\n", made);
    free(source);
    free(encoded);
    free(decoded);
}

/* 8-bit stereo PCM through WAVE_MAPPER (the driver takes 16-bit only: the mapper converts with
 * the ACM's PCM converter), heard through CALLBACK_THREAD. */
static void wave_out_mapper_pcm8(void **state)
{
    (void)state;
    WAVEFORMATEX client = wt_pcm(11025, 2, 8);
    HWAVEOUT h = NULL;
    assert_int_equal(waveOutOpen(&h, WAVE_MAPPER, &client, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    WAVEFORMATEX inner;
    memset(&inner, 0, sizeof inner);
    assert_int_equal(waveOutMessage(h, WODM_MAPPER_STATUS, WAVEOUT_MAPPER_STATUS_FORMAT, (DWORD_PTR)&inner),
                     MMSYSERR_NOERROR);
    assert_int_equal(waveOutClose(h), MMSYSERR_NOERROR);
    assert_int_equal(inner.wFormatTag, WAVE_FORMAT_PCM);
    assert_int_equal(inner.wBitsPerSample, 16);
    assert_int_equal(inner.nSamplesPerSec, 11025);
    BYTE data[2 * FRAMES];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (BYTE)(i * 37 + 5);
    ts_pair pair;
    memset(&pair, 0, sizeof pair);
    memcpy(pair.src, &client, sizeof client);
    memcpy(pair.dst, &inner, sizeof inner);
    BYTE *expect = NULL;
    size_t expect_length = 0;
    assert_int_equal(ts_acm_convert_all(&pair, data, sizeof data, 0, &expect, &expect_length), MMSYSERR_NOERROR);
    out_case c = {WAVE_MAPPER, &client, data, sizeof data, expect, expect_length, NOTIFY_THREAD};
    long made = ts_sweep("waveOut WAVE_MAPPER PCM 8-bit", path_wave_out, &c, NULL);
    print_message("waveOut WAVE_MAPPER 8-bit stereo PCM open..close, CALLBACK_THREAD: %ld allocations\n", made);
    free(expect);
}

/* Streaming: four headers written while paused, position, volume, restart, every WOM_DONE,
 * the position at the end, a reset of the idle device. */
#define STREAM_HEADERS 4

static MMRESULT stream_body(HWAVEOUT h, WAVEHDR *hdr, DWORD total)
{
    MMRESULT mr = waveOutPause(h);
    for (int i = 0; i < STREAM_HEADERS && mr == MMSYSERR_NOERROR; i++)
        mr = waveOutWrite(h, &hdr[i], sizeof hdr[i]);
    MMTIME t = {.wType = TIME_BYTES};
    DWORD volume = 0;
    if (mr == MMSYSERR_NOERROR)
        mr = waveOutGetPosition(h, &t, sizeof t);
    if (mr == MMSYSERR_NOERROR)
        mr = waveOutSetVolume(h, 0x80008000u);
    if (mr == MMSYSERR_NOERROR)
        mr = waveOutGetVolume(h, &volume);
    if (mr == MMSYSERR_NOERROR)
        mr = waveOutRestart(h);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    for (double start = fd_now_ms(); fd_now_ms() - start < WAIT_MS;) {
        if (__atomic_load_n(&fd_done_count, __ATOMIC_ACQUIRE) == STREAM_HEADERS)
            break;
        wt_sleep_ms(2);
    }
    if (__atomic_load_n(&fd_done_count, __ATOMIC_ACQUIRE) != STREAM_HEADERS) {
        print_error("stream: %d of %d WOM_DONE within %d ms\n", fd_done_count, STREAM_HEADERS, WAIT_MS);
        return MMSYSERR_ERROR;
    }
    mr = waveOutGetPosition(h, &t, sizeof t);
    if (mr == MMSYSERR_NOERROR && t.u.cb != total) {
        print_error("stream: position %u at the end, %u written\n", (unsigned)t.u.cb, (unsigned)total);
        mr = MMSYSERR_ERROR;
    }
    return mr == MMSYSERR_NOERROR ? waveOutReset(h) : mr;
}

static MMRESULT path_stream(void *context)
{
    const out_case *c = context;
    wt_clear_output();
    __atomic_store_n(&fd_done_count, 0, __ATOMIC_RELEASE);
    HWAVEOUT h = NULL;
    MMRESULT mr = waveOutOpen(&h, c->device, c->format, (DWORD_PTR)fd_on_wave, 0, CALLBACK_FUNCTION);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    WAVEHDR hdr[STREAM_HEADERS];
    memset(hdr, 0, sizeof hdr);
    DWORD piece = c->length / STREAM_HEADERS;
    int prepared = 0;
    for (; prepared < STREAM_HEADERS && mr == MMSYSERR_NOERROR; prepared++) {
        hdr[prepared].lpData = (LPSTR)(c->data + (size_t)prepared * piece);
        hdr[prepared].dwBufferLength = piece;
        mr = waveOutPrepareHeader(h, &hdr[prepared], sizeof hdr[prepared]);
    }
    if (mr == MMSYSERR_NOERROR)
        mr = stream_body(h, hdr, piece * STREAM_HEADERS);
    else
        prepared--; /* the last one failed */
    if (mr != MMSYSERR_NOERROR)
        waveOutReset(h);
    for (int i = 0; i < prepared; i++) {
        MMRESULT un = waveOutUnprepareHeader(h, &hdr[i], sizeof hdr[i]);
        if (mr == MMSYSERR_NOERROR)
            mr = un;
    }
    MMRESULT closed = waveOutClose(h);
    if (closed != MMSYSERR_NOERROR) {
        print_error("waveOutClose: %u (the handle stays open)\n", (unsigned)closed);
        return closed;
    }
    if (mr == MMSYSERR_NOERROR)
        mr = check_played(c->expect, c->expect_length, "stream");
    return mr;
}

static void wave_out_stream(void **state)
{
    (void)state;
    WAVEFORMATEX pcm = wt_pcm(8000, 1, 16);
    out_case c = {0, &pcm, (const BYTE *)pcm_signal, sizeof pcm_signal, (const BYTE *)pcm_signal,
                  sizeof pcm_signal, NOTIFY_FUNCTION};
    long made = ts_sweep("waveOut stream", path_stream, &c, NULL);
    print_message("waveOut device 0 stream (4 headers, pause, position, volume, restart, reset): %ld allocations\n",
                  made);
    /* The same through WAVE_MAPPER in 8-bit PCM (four conversions). */
    WAVEFORMATEX pcm8 = wt_pcm(8000, 1, 8);
    BYTE data[FRAMES];
    BYTE expect[2 * FRAMES];
    for (size_t i = 0; i < FRAMES; i++) {
        data[i] = (BYTE)(i * 7 + 3);
        int16_t sample = (int16_t)((data[i] - 128) * 256);
        memcpy(expect + 2 * i, &sample, 2);
    }
    out_case mapped = {WAVE_MAPPER, &pcm8, data, sizeof data, expect, sizeof expect, NOTIFY_FUNCTION};
    made = ts_sweep("waveOut WAVE_MAPPER stream", path_stream, &mapped, NULL);
    print_message("waveOut WAVE_MAPPER 8-bit stream: %ld allocations\n", made);
}

/* ---- waveIn ---------------------------------------------------------------------------------- */

typedef struct in_case {
    UINT device;
    const WAVEFORMATEX *format;
    const BYTE *expect; /* the buffer's expected contents */
    DWORD length;
} in_case;

static MMRESULT record_and_wait(HWAVEIN h, WAVEHDR *hdr)
{
    MMRESULT mr = waveInAddBuffer(h, hdr, sizeof *hdr);
    if (mr == MMSYSERR_NOERROR)
        mr = waveInStart(h);
    if (mr == MMSYSERR_NOERROR && !wt_wait_flag(&fd_done_count, WAIT_MS)) {
        print_error("waveIn: no WIM_DATA within %d ms (allocation failures during recording?)\n", WAIT_MS);
        mr = MMSYSERR_ERROR;
    }
    MMRESULT stopped = waveInStop(h);
    MMRESULT reset = waveInReset(h);
    if (mr == MMSYSERR_NOERROR)
        mr = stopped != MMSYSERR_NOERROR ? stopped : reset;
    return mr;
}

static MMRESULT path_wave_in(void *context)
{
    const in_case *c = context;
    __atomic_store_n(&fd_done_count, 0, __ATOMIC_RELEASE);
    HWAVEIN h = NULL;
    MMRESULT mr = waveInOpen(&h, c->device, c->format, (DWORD_PTR)fd_on_wave, 0, CALLBACK_FUNCTION);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    BYTE *buffer = calloc(1, c->length);
    WAVEHDR hdr = {.lpData = (LPSTR)buffer, .dwBufferLength = c->length};
    mr = waveInPrepareHeader(h, &hdr, sizeof hdr);
    if (mr == MMSYSERR_NOERROR) {
        mr = record_and_wait(h, &hdr);
        MMRESULT un = waveInUnprepareHeader(h, &hdr, sizeof hdr);
        if (mr == MMSYSERR_NOERROR)
            mr = un;
    }
    MMRESULT closed = waveInClose(h);
    if (closed != MMSYSERR_NOERROR) {
        print_error("waveInClose: %u (the handle stays open)\n", (unsigned)closed);
        mr = closed;
    }
    if (mr == MMSYSERR_NOERROR &&
        (hdr.dwBytesRecorded != c->length || memcmp(buffer, c->expect, c->length) != 0)) {
        print_error("waveIn: recorded %u bytes of %u, or different bytes\n", (unsigned)hdr.dwBytesRecorded,
                    (unsigned)c->length);
        mr = MMSYSERR_ERROR;
    }
    free(buffer);
    return mr;
}

/* The driver's signal: frame n of a mono recording is (int16_t)(n * 3). */
static void driver_signal(int16_t *out, size_t frames)
{
    for (size_t n = 0; n < frames; n++)
        out[n] = (int16_t)(n * 3);
}

static void wave_in_pcm(void **state)
{
    (void)state;
    WAVEFORMATEX pcm = wt_pcm(8000, 1, 16);
    int16_t expect[FRAMES];
    driver_signal(expect, FRAMES);
    in_case c = {0, &pcm, (const BYTE *)expect, sizeof expect};
    long made = ts_sweep("waveIn PCM", path_wave_in, &c, NULL);
    print_message("waveIn device 0 PCM open..close: %ld allocations\n", made);
}

static void wave_in_mapper_mulaw(void **state)
{
    (void)state;
    ts_pair pair;
    WAVEFORMATEX *mulaw = pcm_to(WAVE_FORMAT_MULAW, &pair);
    int16_t signal[FRAMES];
    driver_signal(signal, FRAMES);
    BYTE *expect = NULL;
    size_t expect_length = 0;
    assert_int_equal(ts_acm_convert_all(&pair, (const BYTE *)signal, sizeof signal, 0, &expect, &expect_length),
                     MMSYSERR_NOERROR);
    assert_int_equal(expect_length, FRAMES);
    in_case c = {WAVE_MAPPER, mulaw, expect, (DWORD)expect_length};
    long made = ts_sweep("waveIn WAVE_MAPPER mu-law", path_wave_in, &c, NULL);
    print_message("waveIn WAVE_MAPPER mu-law open..close: %ld allocations\n", made);
    free(expect);
}

/* ---- caps, counts, error texts ---------------------------------------------------------------- */

static MMRESULT path_caps(void *context)
{
    (void)context;
    if (waveOutGetNumDevs() != 1 || waveInGetNumDevs() != 1)
        return MMSYSERR_ERROR;
    WAVEOUTCAPSA a;
    WAVEOUTCAPSW w;
    MMRESULT mr = waveOutGetDevCapsA(0, &a, sizeof a);
    if (mr == MMSYSERR_NOERROR)
        mr = waveOutGetDevCapsW(0, &w, sizeof w);
    if (mr == MMSYSERR_NOERROR)
        mr = waveOutGetDevCapsA(WAVE_MAPPER, &a, sizeof a);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    if (a.wChannels == 0 || w.szPname[0] == 0)
        return MMSYSERR_ERROR;
    char text[MAXERRORLENGTH];
    WCHAR wide[MAXERRORLENGTH];
    mr = waveOutGetErrorTextA(WAVERR_BADFORMAT, text, sizeof text);
    if (mr == MMSYSERR_NOERROR)
        mr = waveOutGetErrorTextW(MMSYSERR_NOMEM, wide, MAXERRORLENGTH);
    if (mr == MMSYSERR_NOERROR && (text[0] == 0 || wide[0] == 0))
        mr = MMSYSERR_ERROR;
    return mr;
}

static void caps_and_texts(void **state)
{
    (void)state;
    long made = ts_sweep("caps/counts/texts", path_caps, NULL, NULL);
    print_message("waveOutGetNumDevs, GetDevCapsA/W, GetErrorTextA/W: %ld allocations\n", made);
}

/* ---- PlaySound -------------------------------------------------------------------------------- */

static BYTE sound_image[44 + sizeof pcm_signal];

static void make_sound_image(void)
{
    BYTE *p = sound_image;
    WAVEFORMATEX pcm = wt_pcm(8000, 1, 16);
    memcpy(p, "RIFF", 4);
    uint32_t riff = (uint32_t)(sizeof sound_image - 8), fmt_size = 16, data_size = sizeof pcm_signal;
    memcpy(p + 4, &riff, 4);
    memcpy(p + 8, "WAVEfmt ", 8);
    memcpy(p + 16, &fmt_size, 4);
    memcpy(p + 20, &pcm, 16);
    memcpy(p + 36, "data", 4);
    memcpy(p + 40, &data_size, 4);
    memcpy(p + 44, pcm_signal, sizeof pcm_signal);
}

static MMRESULT path_playsound(void *context)
{
    (void)context;
    wt_clear_output();
    if (!PlaySoundA((LPCSTR)sound_image, NULL, SND_MEMORY | SND_SYNC | SND_NODEFAULT))
        return MMSYSERR_NOMEM; /* PlaySound's only failure report is FALSE */
    return check_played((const BYTE *)pcm_signal, sizeof pcm_signal, "PlaySound");
}

static void playsound_memory(void **state)
{
    (void)state;
    long made = ts_sweep("PlaySound", path_playsound, NULL, NULL);
    print_message("PlaySound(SND_MEMORY | SND_SYNC): %ld allocations\n", made);
}

/* ---- the device manager's loading -------------------------------------------------------------- */

/* Unload, then load again under injection: the drivers file, OpenDriver, DRVM_INIT. A load
 * that lost the driver is the clean failure (the device is missing, nothing leaks). */
static MMRESULT path_reload(void *context)
{
    (void)context;
    pacm_dev_reset();
    UINT out = waveOutGetNumDevs(), in = waveInGetNumDevs();
    if (out == 1 && in == 1)
        return MMSYSERR_NOERROR;
    return out == 0 && in == 0 ? MMSYSERR_NOMEM : MMSYSERR_ERROR;
}

static void manager_reload(void **state)
{
    (void)state;
    long made = ts_sweep("device manager reload", path_reload, NULL, NULL);
    print_message("device manager reload (pacm_dev_reset, then load): %ld allocations\n", made);
}

/* The child's side: fail allocation n and later ones during the first device call of a fresh
 * process, then count the devices with memory back. Exit code: LOAD_CHILD_BASE + 10 * waveOut
 * devices + waveIn devices, or 250 when the first call did not reach allocation n. */
static int load_child(long n)
{
    if (n >= 0)
        pacm_mem_fail_after(n);
    UINT first = waveOutGetNumDevs();
    long made = pacm_mem_fail_after(-1);
    (void)first;
    UINT out = waveOutGetNumDevs(), in = waveInGetNumDevs();
    if (n >= 0 && made <= n)
        return 250;
    return LOAD_CHILD_BASE + (int)(out > 9 ? 9 : out) * 10 + (int)(in > 9 ? 9 : in);
}

/* This program's path, from argv[0]. */
static const char *program_path;

/* Runs load_child(n) in a new process (this program, started again: the device manager loads
 * once per process, and a forked child would inherit the parent's table). */
static int run_load_child(long n)
{
    char number[32];
    snprintf(number, sizeof number, "%ld", n);
    char *child_argv[] = {(char *)program_path, (char *)"--load-child", number, NULL};
    pid_t pid = 0;
    assert_int_equal(posix_spawn(&pid, program_path, NULL, NULL, child_argv, environ), 0);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    print_error("first load, allocation %ld failing: the child died (signal %d)\n", n, WTERMSIG(status));
    return -1;
}

static void manager_first_load(void **state)
{
    (void)state;
    int full = run_load_child(-1);
    assert_int_equal(full, LOAD_CHILD_BASE + 11);
    int degraded = 0;
    long n;
    for (n = 0; n < 2000; n++) {
        int result = run_load_child(n);
        if (result == 250)
            break; /* the first load needs fewer than n allocations */
        if (result != full && degraded++ < 5)
            print_error("first load, allocation %ld failing: exit %d (devices %d out, %d in; %d expected), "
                        "for the rest of the process\n",
                        n, result, (result - LOAD_CHILD_BASE) / 10, (result - LOAD_CHILD_BASE) % 10, full);
    }
    print_message("device manager first load: %ld allocations, %d of them leave devices missing\n", n, degraded);
    /* Like the ACM's driver list (test_fault_alloc: regress_registry_build_under_failure): an
     * allocation failing during the one-time load must not lose devices for the whole process. */
    assert_int_equal(degraded, 0);
}

static int setup(void **state)
{
    (void)state;
    folder = wt_setup(NULL);
    WNDCLASSA wc;
    memset(&wc, 0, sizeof wc);
    wc.lpfnWndProc = DefWindowProcA;
    wc.lpszClassName = "fault_devices_window";
    if (!RegisterClassA(&wc))
        return -1;
    fd_window = CreateWindowExA(0, "fault_devices_window", "", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
    MSG m;
    PeekMessageA(&m, NULL, 0, 0, PM_NOREMOVE); /* gives this thread its queue (CALLBACK_THREAD) */
    wt_pattern(pcm_signal, FRAMES, 1000);
    make_sound_image();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    DestroyWindow(fd_window);
    wt_teardown(folder);
    return 0;
}

int main(int argc, char **argv)
{
    program_path = argv[0];
    if (argc == 3 && strcmp(argv[1], "--load-child") == 0)
        return load_child(strtol(argv[2], NULL, 10));
    /* The first load runs on its own (ctest: fault_devices_first_load), the rest without it. */
    if (argc == 2 && strcmp(argv[1], "--first-load") == 0)
        cmocka_set_test_filter("manager_first_load");
    else
        cmocka_set_skip_filter("manager_first_load");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(caps_and_texts),     cmocka_unit_test(wave_out_pcm),
        cmocka_unit_test(wave_out_mapper_ima), cmocka_unit_test(wave_out_mapper_pcm8),
        cmocka_unit_test(wave_out_stream),
        cmocka_unit_test(wave_in_pcm),
        cmocka_unit_test(wave_in_mapper_mulaw), cmocka_unit_test(playsound_memory),
        cmocka_unit_test(manager_reload),     cmocka_unit_test(manager_first_load),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
