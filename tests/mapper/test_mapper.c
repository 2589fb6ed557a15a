/*
 * test_mapper.c - the wave mapper through the public API, against the in-memory devices of
 * mapper_td.h (named in a drivers file): every codec plays through WAVE_MAPPER and the device
 * receives exactly what acmStreamConvert gives for the same input; a rate/channel/bit change;
 * WAVE_FORMAT_QUERY, WAVE_FORMAT_DIRECT, WAVE_MAPPED and implicit mapping; positions in the
 * client's units; reset and close; recording into IMA ADPCM and mu-law.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "mapper_td.h"
#include "mapper_util.h"
#include "mmddk.h"
#include "mmreg.h"
#include "ts_files.h"
#include "ts_formats.h"

static int setup_drivers(void **state)
{
    static char text[1024];

    (void)state;
    snprintf(text, sizeof text, "[drivers32]\nwave=%s\n", MAPPER_DRIVER_PATH);
    ts_use_drivers_file(ts_scratch_dir(), text);
    return 0;
}

static int teardown_drivers(void **state)
{
    (void)state;
    mapper_td_clear();
    ts_scratch_cleanup();
    return 0;
}

static DWORD mapper_status(HWAVEOUT h, DWORD what)
{
    DWORD value = 0xDEAD;
    assert_int_equal(waveOutMessage(h, WODM_MAPPER_STATUS, what, (DWORD_PTR)&value), MMSYSERR_NOERROR);
    return value;
}

/* Plays `file` through `id` (flags), checks the device and its format, and that the device got
 * exactly the reference conversion; returns the played buffer's inner frame count. */
static void play_file_checked(const char *file, UINT id, DWORD flags, UINT want_dev, const WAVEFORMATEX *want)
{
    mapper_wav wav;
    mapper_play p;

    mapper_td_clear();
    mapper_wav_load(file, &wav);
    DWORD piece = wav.fmt->nBlockAlign * (wav.fmt->nBlockAlign >= 512 ? 1 : 512 / wav.fmt->nBlockAlign);
    mapper_play_init(&p, wav.data, wav.length, piece);
    assert_int_equal(mapper_play_open(&p, id, wav.fmt, flags), MMSYSERR_NOERROR);
    assert_int_equal(mapper_status(p.h, WAVEOUT_MAPPER_STATUS_DEVICE), want_dev);
    assert_int_equal(mapper_status(p.h, WAVEOUT_MAPPER_STATUS_MAPPED), 1);
    mapper_play_run(&p);

    const mapper_td_capture *cap = mapper_td_get(0, want_dev);
    assert_int_equal(cap->opens, 1);
    assert_int_equal(cap->format.nSamplesPerSec, want->nSamplesPerSec);
    assert_int_equal(cap->format.nChannels, want->nChannels);
    assert_int_equal(cap->format.wBitsPerSample, want->wBitsPerSample);
    WAVEFORMATEX inner = *want;
    mapper_buf ref = mapper_reference(wav.fmt, &inner, wav.data, wav.length, piece, 0);
    assert_true(ref.length > 0);
    assert_int_equal(cap->length, ref.length);
    assert_memory_equal(cap->data, ref.data, ref.length);

    /* Positions in the client's units: frames scaled by the rate ratio. */
    uint64_t inner_frames = cap->length / want->nBlockAlign;
    MMTIME t = {.wType = TIME_SAMPLES};
    assert_int_equal(waveOutGetPosition(p.h, &t, sizeof t), MMSYSERR_NOERROR);
    assert_int_equal(t.wType, TIME_SAMPLES);
    assert_int_equal(t.u.sample, inner_frames * wav.fmt->nSamplesPerSec / want->nSamplesPerSec);
    mapper_play_close(&p);
    free(ref.data);
    mapper_wav_free(&wav);
}

static void want_pcm(WAVEFORMATEX *f, DWORD rate, WORD ch, WORD bits)
{
    ts_pcm_format(f, ch, rate, bits);
}

/* Non-PCM: the same rate and channels at 16 bits; device 0 takes only 44.1/48 kHz stereo, so
 * the mapper lands on device 1. */
static void play_codec(const char *file, DWORD rate, WORD ch)
{
    WAVEFORMATEX want;
    want_pcm(&want, rate, ch, 16);
    play_file_checked(file, WAVE_MAPPER, 0, 1, &want);
}

static void test_play_ima(void **state)
{
    (void)state;
    play_codec("ima_mono_sndfile.wav", 8000, 1);
}

static void test_play_msadpcm(void **state)
{
    (void)state;
    play_codec("msadpcm_mono_ffmpeg.wav", 11025, 1);
}

static void test_play_mulaw(void **state)
{
    (void)state;
    play_codec("mulaw_stereo_ffmpeg.wav", 22050, 2);
}

static void test_play_alaw(void **state)
{
    (void)state;
    play_codec("alaw_mono_sox.wav", 8000, 1);
}

static void test_play_gsm(void **state)
{
    (void)state;
    play_codec("gsm_mono_sox.wav", 8000, 1);
}

static void test_play_mp3(void **state)
{
    (void)state;
    play_codec("mp3_stereo_ffmpeg.wav", 22050, 2);
}

/* 8 kHz mono 8-bit onto device 0 (16-bit stereo at 44.1/48 kHz only), named with WAVE_MAPPED:
 * Windows' order tries 96000 then 48000 Hz, mono before stereo, so 48000 Hz stereo 16-bit. */
static void test_play_pcm_rate_channels(void **state)
{
    WAVEFORMATEX want;
    mapper_wav wav;
    (void)state;
    want_pcm(&want, 48000, 2, 16);
    play_file_checked("pcm8_mono_sox.wav", 0, WAVE_MAPPED, 0, &want);

    /* Bytes: whole client frames; TIME_MS is answered in bytes as the device answers it. */
    mapper_wav_load("pcm8_mono_sox.wav", &wav);
    mapper_play p;
    mapper_play_init(&p, wav.data, wav.length, 512);
    mapper_td_clear();
    assert_int_equal(mapper_play_open(&p, 0, wav.fmt, WAVE_MAPPED), MMSYSERR_NOERROR);
    mapper_play_run(&p);
    const mapper_td_capture *cap = mapper_td_get(0, 0);
    uint64_t inner_frames = cap->length / 4;
    MMTIME t = {.wType = TIME_BYTES};
    assert_int_equal(waveOutGetPosition(p.h, &t, sizeof t), MMSYSERR_NOERROR);
    assert_int_equal(t.wType, TIME_BYTES);
    assert_int_equal(t.u.cb, (inner_frames * 8000 + 47999) / 48000);
    assert_true(t.u.cb + 8 >= wav.length && t.u.cb <= wav.length + 8);
    MMTIME ms = {.wType = TIME_MS};
    assert_int_equal(waveOutGetPosition(p.h, &ms, sizeof ms), MMSYSERR_NOERROR);
    assert_int_equal(ms.wType, TIME_BYTES);
    assert_int_equal(ms.u.cb, t.u.cb);
    mapper_play_close(&p);
    mapper_wav_free(&wav);
}

static void test_query(void **state)
{
    mapper_wav wav;
    (void)state;
    mapper_td_clear();
    mapper_wav_load("ima_mono_sndfile.wav", &wav);
    assert_int_equal(waveOutOpen(NULL, WAVE_MAPPER, wav.fmt, 0, 0, WAVE_FORMAT_QUERY), MMSYSERR_NOERROR);
    assert_int_equal(mapper_td_get(0, 1)->queries, 1);
    assert_int_equal(mapper_td_get(0, 0)->opens + mapper_td_get(0, 1)->opens, 0);
    /* Direct only: no device takes IMA ADPCM itself. */
    assert_int_equal(waveOutOpen(NULL, WAVE_MAPPER, wav.fmt, 0, 0, WAVE_FORMAT_QUERY | WAVE_FORMAT_DIRECT),
                     WAVERR_BADFORMAT);
    /* A tag no ACM driver knows. */
    WAVEFORMATEX odd = {.wFormatTag = 0x7777, .nChannels = 1, .nSamplesPerSec = 8000, .nAvgBytesPerSec = 8000,
                        .nBlockAlign = 1, .wBitsPerSample = 8};
    assert_int_equal(waveOutOpen(NULL, WAVE_MAPPER, &odd, 0, 0, WAVE_FORMAT_QUERY), WAVERR_BADFORMAT);
    assert_int_equal(mapper_td_get(0, 0)->opens + mapper_td_get(0, 1)->opens, 0);
    mapper_wav_free(&wav);
}

static void test_direct(void **state)
{
    mapper_wav wav;
    HWAVEOUT h = NULL;
    (void)state;
    mapper_wav_load("ima_mono_sndfile.wav", &wav);
    assert_int_equal(waveOutOpen(&h, WAVE_MAPPER, wav.fmt, 0, 0, CALLBACK_NULL | WAVE_FORMAT_DIRECT), WAVERR_BADFORMAT);
    /* A format device 0 takes: no conversion, device 0 first. */
    WAVEFORMATEX pcm;
    want_pcm(&pcm, 44100, 2, 16);
    assert_int_equal(waveOutOpen(&h, WAVE_MAPPER, &pcm, 0, 0, CALLBACK_NULL | WAVE_FORMAT_DIRECT), MMSYSERR_NOERROR);
    assert_int_equal(mapper_status(h, WAVEOUT_MAPPER_STATUS_DEVICE), 0);
    assert_int_equal(mapper_status(h, WAVEOUT_MAPPER_STATUS_MAPPED), 0);
    UINT id = 0;
    assert_int_equal(waveOutGetID(h, &id), MMSYSERR_NOERROR);
    assert_int_equal(id, WAVE_MAPPER);
    assert_int_equal(waveOutClose(h), MMSYSERR_NOERROR);
    mapper_wav_free(&wav);
}

/* A specific device that cannot take the format is served by the mapper for that device. */
static void test_implicit_mapping(void **state)
{
    mapper_wav wav;
    HWAVEOUT h = NULL;
    UINT id = 99;
    (void)state;
    mapper_wav_load("ima_mono_sndfile.wav", &wav);
    assert_int_equal(waveOutOpen(&h, 1, wav.fmt, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    assert_int_equal(waveOutGetID(h, &id), MMSYSERR_NOERROR);
    assert_int_equal(id, 1);
    assert_int_equal(mapper_status(h, WAVEOUT_MAPPER_STATUS_DEVICE), 1);
    WAVEFORMATEX inner;
    assert_int_equal(waveOutMessage(h, WODM_MAPPER_STATUS, WAVEOUT_MAPPER_STATUS_FORMAT, (DWORD_PTR)&inner),
                     MMSYSERR_NOERROR);
    assert_int_equal(inner.wFormatTag, WAVE_FORMAT_PCM);
    assert_int_equal(inner.nSamplesPerSec, 8000);
    assert_int_equal(inner.wBitsPerSample, 16);
    assert_int_equal(waveOutClose(h), MMSYSERR_NOERROR);
    /* Device 0 takes no 8 kHz format and the mapper may not resample a non-PCM source. */
    assert_int_equal(waveOutOpen(&h, 0, wav.fmt, 0, 0, CALLBACK_NULL), WAVERR_BADFORMAT);
    /* WAVE_MAPPED with WAVE_MAPPER is refused; so is a device that does not exist. */
    assert_int_equal(waveOutOpen(&h, WAVE_MAPPER, wav.fmt, 0, 0, WAVE_MAPPED), MMSYSERR_INVALPARAM);
    mapper_wav_free(&wav);
}

static void test_caps(void **state)
{
    WAVEOUTCAPSA caps;
    WAVEINCAPSA icaps;
    mapper_wav wav;
    HWAVEOUT h = NULL;
    (void)state;
    assert_int_equal(waveOutGetDevCapsA(WAVE_MAPPER, &caps, sizeof caps), MMSYSERR_NOERROR);
    assert_int_equal(caps.wMid, MM_MICROSOFT);
    assert_int_equal(caps.wPid, MM_WAVE_MAPPER);
    assert_string_equal(caps.szPname, "Microsoft Sound Mapper");
    assert_int_equal(caps.wChannels, 2);
    assert_true(caps.dwSupport & WAVECAPS_VOLUME);
    assert_int_equal(waveInGetDevCapsA(WAVE_MAPPER, &icaps, sizeof icaps), MMSYSERR_NOERROR);
    assert_string_equal(icaps.szPname, "Microsoft Sound Mapper");
    /* An open mapped handle: the real device's caps. */
    mapper_wav_load("ima_mono_sndfile.wav", &wav);
    assert_int_equal(waveOutOpen(&h, WAVE_MAPPER, wav.fmt, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    assert_int_equal(waveOutGetDevCapsA((UINT_PTR)h, &caps, sizeof caps), MMSYSERR_NOERROR);
    assert_string_equal(caps.szPname, "maptest out 1");
    assert_int_equal(waveOutClose(h), MMSYSERR_NOERROR);
    DWORD preferred = 7, pflags = 7;
    assert_int_equal(waveOutMessage((HWAVEOUT)(UINT_PTR)WAVE_MAPPER, DRVM_MAPPER_PREFERRED_GET, (DWORD_PTR)&preferred,
                                    (DWORD_PTR)&pflags),
                     MMSYSERR_NOERROR);
    assert_int_equal(preferred, 0);
    assert_int_equal(pflags, 0);
    mapper_wav_free(&wav);
}

/* Reset returns every queued header (DONE, WOM_DONE, position 0); close refuses while queued. */
static void test_reset_close(void **state)
{
    mapper_wav wav;
    mapper_play p;
    (void)state;
    mapper_td_clear();
    mapper_wav_load("ima_mono_sndfile.wav", &wav);
    mapper_play_init(&p, wav.data, wav.length, 256);
    p.stop = true; /* no refill from WOM_DONE */
    assert_int_equal(mapper_play_open(&p, WAVE_MAPPER, wav.fmt, 0), MMSYSERR_NOERROR);
    assert_int_equal(waveOutPause(p.h), MMSYSERR_NOERROR);
    for (int i = 0; i < 2; i++) {
        memcpy(p.hdr[i].lpData, wav.data + 256 * i, 256);
        p.hdr[i].dwBufferLength = 256;
        assert_int_equal(waveOutWrite(p.h, &p.hdr[i], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
        assert_true(p.hdr[i].dwFlags & WHDR_INQUEUE);
    }
    assert_int_equal(waveOutWrite(p.h, &p.hdr[0], sizeof(WAVEHDR)), WAVERR_STILLPLAYING);
    assert_int_equal(waveOutUnprepareHeader(p.h, &p.hdr[0], sizeof(WAVEHDR)), WAVERR_STILLPLAYING);
    assert_int_equal(waveOutClose(p.h), WAVERR_STILLPLAYING);
    assert_int_equal(p.closes, 0);
    assert_int_equal(waveOutReset(p.h), MMSYSERR_NOERROR);
    assert_int_equal(p.dones, 2);
    assert_int_equal(p.bad_done, 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(p.hdr[i].dwFlags & (WHDR_DONE | WHDR_INQUEUE | WHDR_PREPARED), WHDR_DONE | WHDR_PREPARED);
    MMTIME t = {.wType = TIME_BYTES};
    assert_int_equal(waveOutGetPosition(p.h, &t, sizeof t), MMSYSERR_NOERROR);
    assert_int_equal(t.u.cb, 0);
    /* Restart after the reset (the device is unpaused by the reset already). */
    assert_int_equal(waveOutRestart(p.h), MMSYSERR_NOERROR);
    mapper_play_close(&p);
    mapper_wav_free(&wav);
}

/* Records `buffers` client buffers of `client_len` bytes through WAVE_MAPPER into `fmt`, each
 * added again from inside WIM_DATA; compares with acmStreamConvert of what the device made. */
typedef struct rec_ctx {
    WAVEHDR hdr[3];
    mapper_buf out;
    int datas, added, target, bad;
    HWAVEIN h;
    pthread_mutex_t lock;
} rec_ctx;

static void CALLBACK rec_callback(HWAVEIN h, UINT msg, DWORD_PTR inst, DWORD_PTR p1, DWORD_PTR p2)
{
    rec_ctx *r = (rec_ctx *)inst;
    WAVEHDR *hdr = (WAVEHDR *)p1;
    (void)p2;
    if (msg != WIM_DATA || hdr->dwBytesRecorded == 0) /* the empty ones a reset returns */
        return;
    pthread_mutex_lock(&r->lock);
    if (!(hdr->dwFlags & WHDR_DONE) || (hdr->dwFlags & WHDR_INQUEUE))
        r->bad++;
    r->out.data = realloc(r->out.data, r->out.length + hdr->dwBytesRecorded + 1);
    memcpy(r->out.data + r->out.length, hdr->lpData, hdr->dwBytesRecorded);
    r->out.length += hdr->dwBytesRecorded;
    r->datas++;
    if (r->added < r->target) {
        r->added++;
        if (waveInAddBuffer(h, hdr, sizeof *hdr) != MMSYSERR_NOERROR)
            r->bad++;
    }
    pthread_mutex_unlock(&r->lock);
}

static void record_checked(WAVEFORMATEX *fmt, DWORD client_len, WORD want_rate)
{
    rec_ctx r;
    memset(&r, 0, sizeof r);
    pthread_mutex_init(&r.lock, NULL);
    r.target = 8;
    mapper_td_clear();
    assert_int_equal(waveInOpen(&r.h, WAVE_MAPPER, fmt, (DWORD_PTR)rec_callback, (DWORD_PTR)&r, CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    DWORD dev = 9;
    assert_int_equal(waveInMessage(r.h, WIDM_MAPPER_STATUS, WAVEIN_MAPPER_STATUS_DEVICE, (DWORD_PTR)&dev),
                     MMSYSERR_NOERROR);
    assert_int_equal(dev, 0);
    const mapper_td_capture *cap = mapper_td_get(1, 0);
    assert_int_equal(cap->format.nSamplesPerSec, want_rate);
    assert_int_equal(cap->format.wBitsPerSample, 16);
    for (int i = 0; i < 3; i++) {
        r.hdr[i].lpData = malloc(client_len);
        r.hdr[i].dwBufferLength = client_len;
        assert_int_equal(waveInPrepareHeader(r.h, &r.hdr[i], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
        r.added++;
        assert_int_equal(waveInAddBuffer(r.h, &r.hdr[i], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
    }
    assert_int_equal(waveInStart(r.h), MMSYSERR_NOERROR);
    for (int spin = 0; spin < 2000; spin++) {
        pthread_mutex_lock(&r.lock);
        int done = r.datas;
        pthread_mutex_unlock(&r.lock);
        if (done >= r.target)
            break;
        struct timespec ms = {0, 5000000};
        nanosleep(&ms, NULL);
    }
    assert_int_equal(waveInReset(r.h), MMSYSERR_NOERROR);
    assert_int_equal(r.datas, r.target);
    assert_int_equal(r.bad, 0);

    /* What the device made, converted in the device's buffer size (the mapper's). */
    HACMSTREAM has;
    WAVEFORMATEX inner = cap->format;
    DWORD inner_len = 0;
    assert_int_equal(acmStreamOpen(&has, NULL, &inner, fmt, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamSize(has, client_len, &inner_len, ACM_STREAMSIZEF_DESTINATION), MMSYSERR_NOERROR);
    acmStreamClose(has, 0);
    assert_int_equal(cap->length, (size_t)inner_len * r.target);
    mapper_buf ref = mapper_reference(&inner, fmt, cap->data, cap->length, inner_len, client_len);
    assert_true(ref.length > 0);
    assert_int_equal(r.out.length, ref.length);
    assert_memory_equal(r.out.data, ref.data, ref.length);

    for (int i = 0; i < 3; i++) {
        assert_int_equal(waveInUnprepareHeader(r.h, &r.hdr[i], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
        free(r.hdr[i].lpData);
    }
    assert_int_equal(waveInClose(r.h), MMSYSERR_NOERROR);
    free(ref.data);
    free(r.out.data);
}

static void test_record_ima(void **state)
{
    union {
        WAVEFORMATEX f;
        BYTE b[64];
    } ima;
    (void)state;
    mapper_suggest(WAVE_FORMAT_IMA_ADPCM, 22050, &ima.f, sizeof ima);
    record_checked(&ima.f, ima.f.nBlockAlign * 2, 22050);
}

static void test_record_mulaw(void **state)
{
    union {
        WAVEFORMATEX f;
        BYTE b[64];
    } mu;
    (void)state;
    mapper_suggest(WAVE_FORMAT_MULAW, 8000, &mu.f, sizeof mu);
    record_checked(&mu.f, 800, 8000);
}

/* Odd formats and calls in the wrong state: clean results, no crash. */
static void test_hostile(void **state)
{
    static const WAVEFORMATEX odd[] = {
        {.wFormatTag = WAVE_FORMAT_PCM, .nChannels = 0, .nSamplesPerSec = 8000, .wBitsPerSample = 16},
        {.wFormatTag = WAVE_FORMAT_PCM, .nChannels = 3, .nSamplesPerSec = 8000, .nAvgBytesPerSec = 72000,
         .nBlockAlign = 9, .wBitsPerSample = 24},
        {.wFormatTag = WAVE_FORMAT_IMA_ADPCM, .nChannels = 1, .nSamplesPerSec = 8000, .wBitsPerSample = 4},
        {.wFormatTag = WAVE_FORMAT_MULAW, .nChannels = 1, .nSamplesPerSec = 0, .nBlockAlign = 1, .wBitsPerSample = 8},
        {.wFormatTag = 0xFFFE, .nChannels = 2, .nSamplesPerSec = 44100, .nBlockAlign = 4, .wBitsPerSample = 16},
    };
    (void)state;
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        WAVEFORMATEX f = odd[i];
        HWAVEOUT h = NULL;
        HWAVEIN hi = NULL;
        MMRESULT r = waveOutOpen(&h, WAVE_MAPPER, &f, 0, 0, CALLBACK_NULL);
        assert_true(r == WAVERR_BADFORMAT || r == MMSYSERR_INVALPARAM || r == MMSYSERR_NOERROR);
        if (r == MMSYSERR_NOERROR) {
            MMTIME t = {.wType = TIME_BYTES};
            assert_int_equal(waveOutGetPosition(h, &t, sizeof t), MMSYSERR_NOERROR);
            assert_int_equal(waveOutClose(h), MMSYSERR_NOERROR);
        }
        r = waveInOpen(&hi, WAVE_MAPPER, &f, 0, 0, CALLBACK_NULL);
        assert_true(r == WAVERR_BADFORMAT || r == MMSYSERR_INVALPARAM || r == MMSYSERR_NOERROR);
        if (r == MMSYSERR_NOERROR)
            assert_int_equal(waveInClose(hi), MMSYSERR_NOERROR);
    }
    mapper_wav wav;
    HWAVEOUT h = NULL;
    mapper_wav_load("ima_mono_sndfile.wav", &wav);
    assert_int_equal(waveOutOpen(&h, WAVE_MAPPER, wav.fmt, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    assert_int_equal(waveOutMessage(h, WODM_MAPPER_STATUS, WAVEOUT_MAPPER_STATUS_DEVICE, 0), MMSYSERR_INVALPARAM);
    DWORD v;
    assert_int_equal(waveOutMessage(h, WODM_MAPPER_STATUS, 77, (DWORD_PTR)&v), MMSYSERR_INVALPARAM);
    WAVEHDR hdr = {.lpData = (LPSTR)wav.data, .dwBufferLength = 256};
    assert_int_equal(waveOutWrite(h, &hdr, sizeof hdr), WAVERR_UNPREPARED);
    assert_int_equal(waveOutUnprepareHeader(h, &hdr, sizeof hdr), MMSYSERR_NOERROR);
    assert_int_equal(waveOutPrepareHeader(h, &hdr, sizeof hdr), MMSYSERR_NOERROR);
    assert_int_equal(waveOutPrepareHeader(h, &hdr, sizeof hdr), MMSYSERR_NOERROR);
    /* Less than a block header converts to nothing: refused as on Windows, not queued. */
    hdr.dwBufferLength = 2;
    assert_int_equal(waveOutWrite(h, &hdr, sizeof hdr), MMSYSERR_ERROR);
    assert_false(hdr.dwFlags & WHDR_INQUEUE);
    /* More than was prepared. */
    hdr.dwBufferLength = 512;
    assert_int_not_equal(waveOutWrite(h, &hdr, sizeof hdr), MMSYSERR_NOERROR);
    assert_false(hdr.dwFlags & WHDR_INQUEUE);
    hdr.dwBufferLength = 256;
    assert_int_equal(waveOutUnprepareHeader(h, &hdr, sizeof hdr), MMSYSERR_NOERROR);
    assert_int_equal(waveOutUnprepareHeader(h, &hdr, sizeof hdr), MMSYSERR_NOERROR);
    /* A header left prepared at close is freed with the instance. */
    assert_int_equal(waveOutPrepareHeader(h, &hdr, sizeof hdr), MMSYSERR_NOERROR);
    assert_int_equal(waveOutClose(h), MMSYSERR_NOERROR);
    mapper_wav_free(&wav);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_play_ima),
        cmocka_unit_test(test_play_msadpcm),
        cmocka_unit_test(test_play_mulaw),
        cmocka_unit_test(test_play_alaw),
        cmocka_unit_test(test_play_gsm),
        cmocka_unit_test(test_play_mp3),
        cmocka_unit_test(test_play_pcm_rate_channels),
        cmocka_unit_test(test_query),
        cmocka_unit_test(test_direct),
        cmocka_unit_test(test_implicit_mapping),
        cmocka_unit_test(test_caps),
        cmocka_unit_test(test_reset_close),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_record_ima),
        cmocka_unit_test(test_record_mulaw),
    };
    return cmocka_run_group_tests(tests, setup_drivers, teardown_drivers);
}
