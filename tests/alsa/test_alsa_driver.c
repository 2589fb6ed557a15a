/*
 * test_alsa_driver.c - the built-in ALSA wave driver (alsa.drv) without hardware, part 1: the
 * DriverProc, the device list (PORTACM_ALSA_DEVICES, or alsa-lib's hints when ALSA_HINTS is
 * set: the alsa_driver_hints run), capabilities, formats, software volume, hostile input,
 * allocation failure, and recording from a file PCM compared byte for byte with its input.
 * The ALSA configuration and the client are in alsa_fixture.c.
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

#include <cmocka.h>

#include "alsa/alsa_fixture.h"

/* Every built-in audio driver (pulseaudio.drv, alsa.drv, alsaseq.drv) answers the driver
 * messages as a driver with no configuration dialog. */
static void driver_proc_answers(void **state)
{
    (void)state;
    size_t count = 0;
    const pacm_audio_builtin *builtins = pacm_audio_builtins(&count);
    assert_int_equal(count, 3);
    for (size_t i = 0; i < count; i++) {
        DRIVERPROC proc = builtins[i].proc;
        assert_int_equal(proc(0, NULL, DRV_LOAD, 0, 0), 1);
        assert_int_equal(proc(0, NULL, DRV_ENABLE, 0, 0), 1);
        assert_int_equal(proc(1, NULL, DRV_OPEN, 0, 0), 1);
        assert_int_equal(proc(1, NULL, DRV_QUERYCONFIGURE, 0, 0), 0);
        assert_int_equal(proc(1, NULL, DRV_CONFIGURE, 0, 0), DRVCNF_CANCEL);
        assert_int_equal(proc(0, NULL, DRV_INSTALL, 0, 0), DRVCNF_OK);
        assert_int_equal(proc(0, NULL, DRV_REMOVE, 0, 0), DRVCNF_OK);
        assert_int_equal(proc(1, NULL, DRV_CLOSE, 0, 0), 1);
        assert_int_equal(proc(0, NULL, DRV_DISABLE, 0, 0), 1);
        assert_int_equal(proc(0, NULL, DRV_FREE, 0, 0), 1);
        assert_int_equal(proc(0, NULL, DRV_USER + 1, 0, 0), 0);
    }
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
    assert_int_equal(pacm_alsa_wid_message(1, WIDM_GETDEVCAPS, 0, (DWORD_PTR)&in_caps, sizeof in_caps),
                     MMSYSERR_NOERROR);
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
        cmocka_unit_test_setup(volume_scales_samples, test_setup),
        cmocka_unit_test_setup(bad_input_is_refused, test_setup),
        cmocka_unit_test_setup(records_the_input, test_setup),
        cmocka_unit_test_setup(other_formats_play_exactly, test_setup),
        cmocka_unit_test_setup(open_survives_allocation_failure, test_setup),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
