/*
 * test_codec_pcm.c - the internal PCM converter ("MS-PCM") driven through its DriverProc:
 * Windows' own output for 15 conversions byte for byte, output independent of how the input is
 * split into buffers, size predictions that bound the real output, strict format validation,
 * driver details, standard formats, suggestions, channel mixing, float, Windows' sample
 * accounting under NONREALTIME (NAudio's streams, through the ACM) and the libsoxr path that
 * portacm's ACM_STREAMOPENF_PORTACM_HIGHQUALITY selects.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "codec_driver_int.h"
#include "ts_codec.h"
#include "ts_formats.h"

/* Windows' converter output (recorded by Wine's conformance tests on Windows). */
static const ts_native_row native_rows[] = {
#include "vectors/pcm/pcm_converter_native.inc"
};

/* All 15 rows, each converted in one call with BLOCKALIGN, must equal Windows byte for byte. */
static void test_native_rows(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_pcm_driver_proc);
    BYTE input[64];
    for (int i = 0; i < 64; i++)
        input[i] = (BYTE)i;
    assert_int_equal(sizeof native_rows / sizeof native_rows[0], 15);
    /* NONREALTIME is only a hint on Windows: the converter's output is the same with it. */
    for (size_t k = 0; k < 2 * (sizeof native_rows / sizeof native_rows[0]); k++) {
        const size_t r = k % (sizeof native_rows / sizeof native_rows[0]);
        const DWORD fdw_open = k < sizeof native_rows / sizeof native_rows[0] ? 0 : ACM_STREAMOPENF_NONREALTIME;
        const ts_native_row *row = &native_rows[r];
        WAVEFORMATEX src, dst;
        ts_native_pcm(&src, &row->src);
        ts_native_pcm(&dst, &row->dst);
        ACMDRVSTREAMINSTANCE si;
        assert_int_equal(ts_stream_open(h, &si, &src, &dst, fdw_open), MMSYSERR_NOERROR);
        DWORD predicted = 0;
        assert_int_equal(ts_stream_size(h, &si, ACM_STREAMSIZEF_SOURCE, 64, &predicted), MMSYSERR_NOERROR);
        assert_true(predicted >= row->dst_used);
        BYTE out[512];
        memset(out, 0xCC, sizeof out);
        DWORD used = 0, produced = 0;
        assert_int_equal(ts_convert(h, &si, ACM_STREAMCONVERTF_BLOCKALIGN, input, 64, &used, out, sizeof out,
                                    &produced),
                         MMSYSERR_NOERROR);
        if (produced != row->dst_used || memcmp(out, row->out, row->dst_used) != 0)
            fail_msg("row %zu (%lu Hz %u ch %u bit -> %lu Hz %u ch %u bit, fdwOpen %#lx): got %lu bytes", r,
                     (unsigned long)row->src.rate, row->src.channels, row->src.bits, (unsigned long)row->dst.rate,
                     row->dst.channels, row->dst.bits, (unsigned long)fdw_open, (unsigned long)produced);
        assert_int_equal(used, 64);
        assert_int_equal(out[produced], 0xCC); /* nothing written past the output */
        assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    }
    ts_close(h);
}

/* Converts `src` with the given piece size and returns the output. */
static BYTE *convert_pieces(HDRVR h, const WAVEFORMATEX *src_format, const WAVEFORMATEX *dst_format, DWORD fdw_open,
                            const BYTE *src, DWORD length, DWORD piece, size_t *out_length)
{
    ACMDRVSTREAMINSTANCE si;
    assert_int_equal(ts_stream_open(h, &si, src_format, dst_format, fdw_open), MMSYSERR_NOERROR);
    BYTE *out = NULL;
    ts_convert_pieces(h, &si, src, length, piece, 0, &out, out_length);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    return out;
}

static BYTE *random_bytes(size_t n, uint32_t seed)
{
    BYTE *p = malloc(n);
    assert_non_null(p);
    for (size_t i = 0; i < n; i++)
        p[i] = (BYTE)(ts_random(&seed) >> 24);
    return p;
}

/* The output must not depend on how the input is split (Wine restarts its accumulator per
 * call and drifts); the single-call output must still equal the nearest-sample reference. */
static void check_split_invariance(DWORD src_rate, DWORD dst_rate, WORD channels, WORD bits, DWORD fdw_open)
{
    HDRVR h = ts_open(pacm_pcm_driver_proc);
    WAVEFORMATEX src, dst;
    ts_pcm_format(&src, channels, src_rate, bits);
    ts_pcm_format(&dst, channels, dst_rate, bits);
    const DWORD frames = 20011;
    const DWORD length = frames * src.nBlockAlign;
    BYTE *input = random_bytes(length, 0xC0DEC0DE ^ src_rate ^ dst_rate);
    size_t whole_length = 0;
    BYTE *whole = convert_pieces(h, &src, &dst, fdw_open, input, length, 0, &whole_length);
    /* Expected total: floor/round of frames * ratio, within one frame. */
    double expected = (double)frames * dst_rate / src_rate;
    double got = (double)whole_length / dst.nBlockAlign;
    assert_true(fabs(got - expected) <= 1.0 + (fdw_open ? 1.0 : 0.0));
    const DWORD pieces[] = {src.nBlockAlign, 7u * src.nBlockAlign, 1000u * src.nBlockAlign + 1, 65536, 4096 + 3};
    for (size_t p = 0; p < sizeof pieces / sizeof pieces[0]; p++) {
        size_t split_length = 0;
        BYTE *split = convert_pieces(h, &src, &dst, fdw_open, input, length, pieces[p], &split_length);
        if (split_length != whole_length || memcmp(split, whole, whole_length) != 0)
            fail_msg("%lu -> %lu Hz, pieces of %lu bytes: %zu bytes vs %zu in one call", (unsigned long)src_rate,
                     (unsigned long)dst_rate, (unsigned long)pieces[p], split_length, whole_length);
        free(split);
    }
    free(whole);
    free(input);
    ts_close(h);
}

static void test_split_invariance(void **state)
{
    (void)state;
    check_split_invariance(44100, 48000, 2, 16, 0);
    check_split_invariance(48000, 44100, 2, 16, 0);
    check_split_invariance(8000, 11025, 1, 8, 0);
    check_split_invariance(22050, 8000, 1, 8, 0);
    check_split_invariance(44100, 44100, 2, 24, 0);
    check_split_invariance(96000, 8000, 1, 16, 0);
}

/* Wine's drift: 10 minutes of 44.1 -> 48 kHz stereo in 64 KiB buffers comes out 119 frames
 * late there. With the accumulator carried, the total length is exact. */
static void test_no_drift(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_pcm_driver_proc);
    WAVEFORMATEX src, dst;
    ts_pcm_format(&src, 2, 44100, 16);
    ts_pcm_format(&dst, 2, 48000, 16);
    ACMDRVSTREAMINSTANCE si;
    assert_int_equal(ts_stream_open(h, &si, &src, &dst, 0), MMSYSERR_NOERROR);
    static BYTE in[65536], out[65536 * 2];
    memset(in, 0, sizeof in);
    uint64_t in_frames = 0, out_frames = 0;
    const uint64_t total = 600ull * 44100;
    while (in_frames < total) {
        DWORD n = sizeof in;
        if ((total - in_frames) * 4 < n)
            n = (DWORD)((total - in_frames) * 4);
        DWORD used = 0, produced = 0;
        assert_int_equal(ts_convert(h, &si, 0, in, n, &used, out, sizeof out, &produced), MMSYSERR_NOERROR);
        assert_int_equal(used, n);
        in_frames += used / 4;
        out_frames += produced / 4;
    }
    assert_int_equal(out_frames, 600ull * 48000);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    ts_close(h);
}

/* SIZE(SOURCE) bounds what converting that many bytes produces, in any stream state;
 * SIZE(DESTINATION)'s answer converts completely into that many bytes. 24-bit and 3-channel
 * frames (no power-of-two masks). */
static void test_sizes_bound_output(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_pcm_driver_proc);
    static const struct {
        WORD ch_in, bits_in, ch_out, bits_out;
        DWORD rate_in, rate_out;
    } cases[] = {
        {2, 16, 2, 16, 44100, 48000}, {1, 8, 1, 8, 8000, 22050}, {3, 24, 3, 24, 48000, 44100},
        {3, 24, 2, 16, 11025, 8000},  {1, 24, 3, 24, 8000, 8000}, {6, 16, 2, 16, 48000, 7999},
    };
    uint32_t seed = 99;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        WAVEFORMATEX src, dst;
        ts_pcm_format(&src, cases[c].ch_in, cases[c].rate_in, cases[c].bits_in);
        ts_pcm_format(&dst, cases[c].ch_out, cases[c].rate_out, cases[c].bits_out);
        ACMDRVSTREAMINSTANCE si;
        assert_int_equal(ts_stream_open(h, &si, &src, &dst, 0), MMSYSERR_NOERROR);
        DWORD out = 0;
        assert_int_equal(ts_stream_size(h, &si, ACM_STREAMSIZEF_SOURCE, src.nBlockAlign - 1, &out), ACMERR_NOTPOSSIBLE);
        if (cases[c].rate_in == cases[c].rate_out) {
            assert_int_equal(ts_stream_size(h, &si, ACM_STREAMSIZEF_SOURCE, 10u * src.nBlockAlign, &out),
                             MMSYSERR_NOERROR);
            assert_int_equal(out, 10u * dst.nBlockAlign);
        }
        static BYTE in[30000], buffer[200000];
        for (size_t i = 0; i < sizeof in; i++)
            in[i] = (BYTE)ts_random(&seed);
        for (int round = 0; round < 200; round++) {
            DWORD n = ts_random(&seed) % 20000 + 1;
            DWORD bound = 0;
            MMRESULT mr = ts_stream_size(h, &si, ACM_STREAMSIZEF_SOURCE, n, &bound);
            if (n < src.nBlockAlign) {
                assert_int_equal(mr, ACMERR_NOTPOSSIBLE);
                continue;
            }
            assert_int_equal(mr, MMSYSERR_NOERROR);
            assert_true(bound <= sizeof buffer);
            DWORD used = 0, produced = 0;
            assert_int_equal(ts_convert(h, &si, 0, in, n, &used, buffer, bound, &produced), MMSYSERR_NOERROR);
            assert_int_equal(used, n - n % src.nBlockAlign); /* the bound was enough for all */
            assert_true(produced <= bound);
            DWORD room = ts_random(&seed) % 20000 + 1, fits = 0;
            mr = ts_stream_size(h, &si, ACM_STREAMSIZEF_DESTINATION, room, &fits);
            if (mr == ACMERR_NOTPOSSIBLE)
                continue;
            assert_int_equal(mr, MMSYSERR_NOERROR);
            if (fits > sizeof in)
                continue; /* more than the test's input: nothing to check */
            assert_int_equal(ts_convert(h, &si, 0, in, fits, &used, buffer, room, &produced), MMSYSERR_NOERROR);
            assert_int_equal(used, fits);
            assert_true(produced <= room);
        }
        assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    }
    ts_close(h);
}

/* A destination too small takes what fits and leaves the rest of the source unconsumed. */
static void test_small_destination(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_pcm_driver_proc);
    WAVEFORMATEX src, dst;
    ts_pcm_format(&src, 1, 8000, 8);
    ts_pcm_format(&dst, 1, 22050, 16);
    ACMDRVSTREAMINSTANCE si;
    assert_int_equal(ts_stream_open(h, &si, &src, &dst, 0), MMSYSERR_NOERROR);
    BYTE in[64], out[41];
    memset(in, 0x80, sizeof in);
    memset(out, 0xAA, sizeof out);
    DWORD used = 0, produced = 0;
    assert_int_equal(ts_convert(h, &si, 0, in, sizeof in, &used, out, 40, &produced), MMSYSERR_NOERROR);
    assert_true(produced <= 40);
    assert_true(used < 64 && used > 0);
    assert_int_equal(out[40], 0xAA);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    ts_close(h);
}

static MMRESULT query_open(HDRVR h, const WAVEFORMATEX *src, const WAVEFORMATEX *dst)
{
    ACMDRVSTREAMINSTANCE si;
    MMRESULT mr = ts_stream_open(h, &si, src, dst, ACM_STREAMOPENF_QUERY);
    assert_int_equal(si.dwDriver, 0); /* nothing allocated under QUERY */
    return mr;
}

static MMRESULT format_details(HDRVR h, WAVEFORMATEX *wfx, DWORD cbwfx)
{
    ACMFORMATDETAILSW fd;
    memset(&fd, 0, sizeof fd);
    fd.cbStruct = sizeof fd;
    fd.dwFormatTag = wfx->wFormatTag;
    fd.pwfx = wfx;
    fd.cbwfx = cbwfx;
    return (MMRESULT)SendDriverMessage(h, ACMDM_FORMAT_DETAILS, (LPARAM)&fd, ACM_FORMATDETAILSF_FORMAT);
}

/* Every hostile field is refused with ACMERR_NOTPOSSIBLE by FORMAT_DETAILS and STREAM_OPEN. */
static void test_hostile_formats(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_pcm_driver_proc);
    WAVEFORMATEX good;
    ts_pcm_format(&good, 2, 44100, 16);
    assert_int_equal(query_open(h, &good, &good), MMSYSERR_NOERROR);
    assert_int_equal(format_details(h, &good, sizeof good), MMSYSERR_NOERROR);
    for (int k = 0; k < 12; k++) {
        union {
            WAVEFORMATEX wfx;
            WAVEFORMATEXTENSIBLE ext;
        } bad;
        memset(&bad, 0, sizeof bad);
        bad.wfx = good;
        DWORD size = sizeof bad.wfx;
        switch (k) {
        case 0: bad.wfx.nChannels = 0; break;
        case 1: bad.wfx.nBlockAlign = 0; break;
        case 2: bad.wfx.nSamplesPerSec = 0; bad.wfx.nAvgBytesPerSec = 0; break;
        case 3: bad.wfx.wBitsPerSample = 12; break;
        case 4: ts_pcm_format(&bad.wfx, 9, 8000, 16); break;
        case 5: bad.wfx.nAvgBytesPerSec++; break;
        case 6: bad.wfx.nBlockAlign = 8; bad.wfx.nAvgBytesPerSec = 44100 * 8; break;
        case 7: memset(&bad, 0, sizeof bad); break;
        case 8: /* extensible with cbSize too small */
            bad.wfx.wFormatTag = WAVE_FORMAT_EXTENSIBLE;
            bad.wfx.cbSize = 10;
            size = sizeof bad.ext;
            break;
        case 9: /* extensible, unknown sub-format */
            bad.wfx.wFormatTag = WAVE_FORMAT_EXTENSIBLE;
            bad.wfx.cbSize = 22;
            bad.ext.SubFormat = KSDATAFORMAT_SUBTYPE_ALAW;
            size = sizeof bad.ext;
            break;
        case 10: /* extensible, mask names 3 speakers for 2 channels */
            bad.wfx.wFormatTag = WAVE_FORMAT_EXTENSIBLE;
            bad.wfx.cbSize = 22;
            bad.ext.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
            bad.ext.dwChannelMask = KSAUDIO_SPEAKER_3POINT0;
            size = sizeof bad.ext;
            break;
        case 11: bad.wfx.wFormatTag = WAVE_FORMAT_IEEE_FLOAT; break; /* float with 16 bits */
        }
        if (format_details(h, &bad.wfx, size) != ACMERR_NOTPOSSIBLE)
            fail_msg("case %d accepted by FORMAT_DETAILS", k);
        if (query_open(h, &bad.wfx, &good) != ACMERR_NOTPOSSIBLE || query_open(h, &good, &bad.wfx) != ACMERR_NOTPOSSIBLE)
            fail_msg("case %d accepted by STREAM_OPEN", k);
    }
    /* A good extensible format is accepted. */
    WAVEFORMATEXTENSIBLE ext;
    memset(&ext, 0, sizeof ext);
    ext.Format = good;
    ext.Format.wFormatTag = WAVE_FORMAT_EXTENSIBLE;
    ext.Format.cbSize = 22;
    ext.Samples.wValidBitsPerSample = 16;
    ext.dwChannelMask = KSAUDIO_SPEAKER_STEREO;
    ext.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    assert_int_equal(format_details(h, &ext.Format, sizeof ext), MMSYSERR_NOERROR);
    assert_int_equal(query_open(h, &ext.Format, &good), MMSYSERR_NOERROR);
    /* Too short a buffer for it. */
    assert_int_equal(format_details(h, &ext.Format, 30), ACMERR_NOTPOSSIBLE);
    /* ASYNC is refused; a filter is refused. */
    ACMDRVSTREAMINSTANCE si;
    assert_int_equal(ts_stream_open(h, &si, &good, &good, ACM_STREAMOPENF_ASYNC), ACMERR_NOTPOSSIBLE);
    ts_close(h);
}

/* Driver details per Windows (§5): "MS-PCM", MM_MICROSOFT / MM_MSFT_ACM_PCM, a converter;
 * filled only up to cbStruct. */
static void test_details(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_pcm_driver_proc);
    ACMDRIVERDETAILSW dd;
    ts_driver_details(h, &dd);
    assert_int_equal(dd.cbStruct, sizeof dd);
    assert_int_equal(dd.fccType, ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC);
    assert_int_equal(dd.wMid, MM_MICROSOFT);
    assert_int_equal(dd.wPid, MM_MSFT_ACM_PCM);
    assert_int_equal(dd.fdwSupport, ACMDRIVERDETAILS_SUPPORTF_CONVERTER);
    assert_int_equal(dd.cFilterTags, 0);
    assert_int_equal(dd.cFormatTags, 3);
    static const WCHAR name[] = {'M', 'S', '-', 'P', 'C', 'M', 0};
    assert_memory_equal(dd.szShortName, name, sizeof name);

    /* cbStruct 4: only cbStruct itself; the rest untouched. */
    memset(&dd, 0x5A, sizeof dd);
    dd.cbStruct = 4;
    assert_int_equal(SendDriverMessage(h, ACMDM_DRIVER_DETAILS, (LPARAM)&dd, 0), MMSYSERR_NOERROR);
    assert_int_equal(dd.cbStruct, 4);
    assert_int_equal(dd.fccType, 0x5A5A5A5A);
    /* cbStruct reaching into wPid */
    memset(&dd, 0x5A, sizeof dd);
    dd.cbStruct = offsetof(ACMDRIVERDETAILSW, vdwACM);
    assert_int_equal(SendDriverMessage(h, ACMDM_DRIVER_DETAILS, (LPARAM)&dd, 0), MMSYSERR_NOERROR);
    assert_int_equal(dd.wPid, MM_MSFT_ACM_PCM);
    assert_int_equal(dd.vdwACM, 0x5A5A5A5A);
    dd.cbStruct = 0;
    assert_int_equal(SendDriverMessage(h, ACMDM_DRIVER_DETAILS, (LPARAM)&dd, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(SendDriverMessage(h, ACMDM_DRIVER_DETAILS, 0, 0), MMSYSERR_INVALPARAM);

    /* Format tags: PCM 16 bytes and 36 standard formats, first. */
    ACMFORMATTAGDETAILSW td;
    memset(&td, 0, sizeof td);
    td.cbStruct = sizeof td;
    td.dwFormatTagIndex = 0;
    assert_int_equal(SendDriverMessage(h, ACMDM_FORMATTAG_DETAILS, (LPARAM)&td, ACM_FORMATTAGDETAILSF_INDEX),
                     MMSYSERR_NOERROR);
    assert_int_equal(td.dwFormatTag, WAVE_FORMAT_PCM);
    assert_int_equal(td.cbFormatSize, 16);
    assert_int_equal(td.cStandardFormats, 36);
    assert_int_equal(td.fdwSupport, ACMDRIVERDETAILS_SUPPORTF_CONVERTER);
    td.dwFormatTagIndex = 3;
    assert_int_equal(SendDriverMessage(h, ACMDM_FORMATTAG_DETAILS, (LPARAM)&td, ACM_FORMATTAGDETAILSF_INDEX),
                     ACMERR_NOTPOSSIBLE);
    td.dwFormatTag = WAVE_FORMAT_UNKNOWN;
    assert_int_equal(SendDriverMessage(h, ACMDM_FORMATTAG_DETAILS, (LPARAM)&td, ACM_FORMATTAGDETAILSF_LARGESTSIZE),
                     MMSYSERR_NOERROR);
    assert_int_equal(td.cbFormatSize, 40);
    td.dwFormatTag = WAVE_FORMAT_ALAW;
    assert_int_equal(SendDriverMessage(h, ACMDM_FORMATTAG_DETAILS, (LPARAM)&td, ACM_FORMATTAGDETAILSF_FORMATTAG),
                     ACMERR_NOTPOSSIBLE);
    assert_int_equal(SendDriverMessage(h, ACMDM_FORMATTAG_DETAILS, (LPARAM)&td, 7), MMSYSERR_INVALFLAG);

    /* Not configurable, no About box, no hardware, no filters, unknown user messages. */
    assert_int_equal(SendDriverMessage(h, DRV_QUERYCONFIGURE, 0, 0), 0);
    assert_int_equal(SendDriverMessage(h, ACMDM_DRIVER_ABOUT, -1, 0), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(SendDriverMessage(h, ACMDM_HARDWARE_WAVE_CAPS_INPUT, 0, 0), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(SendDriverMessage(h, ACMDM_FILTERTAG_DETAILS, 0, 0), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(SendDriverMessage(h, ACMDM_USER + 5, 0, 0), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(SendDriverMessage(h, ACMDM_STREAM_PREPARE, 0, 0), MMSYSERR_NOTSUPPORTED);
    ts_close(h);

    /* DRV_OPEN refuses a non-'audc' open and says why. */
    ACMDRVOPENDESCW desc;
    memset(&desc, 0, sizeof desc);
    desc.cbStruct = sizeof desc;
    desc.fccType = 0x12345678;
    assert_int_equal(pacm_pcm_driver_proc(0, NULL, DRV_OPEN, 0, (LPARAM)&desc), 0);
    assert_int_not_equal(desc.dwError, MMSYSERR_NOERROR);
    assert_int_not_equal(pacm_pcm_driver_proc(0, NULL, DRV_OPEN, 0, 0), 0);
}

/* INDEX 0..count-1 succeed, each standard format is accepted by FORMAT details and opens
 * (to itself); index == count -> INVALPARAM. */
static void test_standard_formats(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_pcm_driver_proc);
    static const struct {
        DWORD tag, count;
    } tags[] = {{WAVE_FORMAT_PCM, 36}, {WAVE_FORMAT_IEEE_FLOAT, 12}, {WAVE_FORMAT_EXTENSIBLE, 0}};
    int saw_24bit_96k = 0;
    for (size_t t = 0; t < 3; t++) {
        for (DWORD i = 0; i <= tags[t].count; i++) {
            union {
                WAVEFORMATEX wfx;
                BYTE bytes[64];
            } buffer;
            memset(&buffer, 0xEE, sizeof buffer);
            ACMFORMATDETAILSW fd;
            memset(&fd, 0, sizeof fd);
            fd.cbStruct = sizeof fd;
            fd.dwFormatTag = tags[t].tag;
            fd.dwFormatIndex = i;
            fd.pwfx = &buffer.wfx;
            fd.cbwfx = sizeof buffer;
            MMRESULT mr = (MMRESULT)SendDriverMessage(h, ACMDM_FORMAT_DETAILS, (LPARAM)&fd, ACM_FORMATDETAILSF_INDEX);
            if (i == tags[t].count) {
                assert_int_equal(mr, MMSYSERR_INVALPARAM);
                continue;
            }
            assert_int_equal(mr, MMSYSERR_NOERROR);
            assert_int_equal(buffer.wfx.wFormatTag, tags[t].tag);
            assert_int_equal(buffer.wfx.cbSize, 0);
            assert_int_not_equal(fd.szFormat[0], 0);
            if (buffer.wfx.nSamplesPerSec == 96000 && buffer.wfx.wBitsPerSample == 24)
                saw_24bit_96k++;
            assert_int_equal(format_details(h, &buffer.wfx, 18), MMSYSERR_NOERROR);
            assert_int_equal(query_open(h, &buffer.wfx, &buffer.wfx), MMSYSERR_NOERROR);
        }
    }
    assert_int_equal(saw_24bit_96k, 2);
    ts_close(h);
}

static MMRESULT suggest(HDRVR h, const WAVEFORMATEX *src, DWORD flags, WAVEFORMATEX *dst, DWORD cbwfx_dst)
{
    ACMDRVFORMATSUGGEST fs;
    memset(&fs, 0, sizeof fs);
    fs.cbStruct = sizeof fs;
    fs.fdwSuggest = flags;
    fs.pwfxSrc = (LPWAVEFORMATEX)src;
    fs.cbwfxSrc = src->wFormatTag == WAVE_FORMAT_PCM ? 16 : 18u + src->cbSize;
    fs.pwfxDst = dst;
    fs.cbwfxDst = cbwfx_dst;
    return (MMRESULT)SendDriverMessage(h, ACMDM_FORMAT_SUGGEST, (LPARAM)&fs, 0);
}

static void test_suggest(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_pcm_driver_proc);
    WAVEFORMATEX src, dst;
    /* PCM with no flags and a 16-byte buffer: an identical format (§5). */
    ts_pcm_format(&src, 1, 8000, 16);
    memset(&dst, 0xAB, sizeof dst);
    assert_int_equal(suggest(h, &src, 0, &dst, 16), MMSYSERR_NOERROR);
    assert_memory_equal(&dst, &src, 16);
    assert_int_equal(dst.cbSize, 0xABAB); /* 16 bytes only */
    /* All four flags with dst = src. */
    dst = src;
    assert_int_equal(suggest(h, &src, ACM_FORMATSUGGESTF_TYPEMASK & 0xF0000, &dst, sizeof dst), MMSYSERR_NOERROR);
    assert_memory_equal(&dst, &src, 16);
    /* Fixing rate and bits converts. */
    memset(&dst, 0, sizeof dst);
    dst.nSamplesPerSec = 22050;
    dst.wBitsPerSample = 8;
    assert_int_equal(suggest(h, &src, ACM_FORMATSUGGESTF_NSAMPLESPERSEC | ACM_FORMATSUGGESTF_WBITSPERSAMPLE, &dst, sizeof dst),
                     MMSYSERR_NOERROR);
    assert_int_equal(dst.wFormatTag, WAVE_FORMAT_PCM);
    assert_int_equal(dst.nChannels, 1);
    assert_int_equal(dst.nSamplesPerSec, 22050);
    assert_int_equal(dst.nBlockAlign, 1);
    assert_int_equal(dst.nAvgBytesPerSec, 22050);
    /* A non-PCM (float) source gives 16-bit PCM, same rate and channels. */
    ts_pcm_format(&src, 2, 48000, 32);
    src.wFormatTag = WAVE_FORMAT_IEEE_FLOAT;
    memset(&dst, 0, sizeof dst);
    assert_int_equal(suggest(h, &src, 0, &dst, sizeof dst), MMSYSERR_NOERROR);
    assert_int_equal(dst.wFormatTag, WAVE_FORMAT_PCM);
    assert_int_equal(dst.wBitsPerSample, 16);
    assert_int_equal(dst.nBlockAlign, 4);
    assert_int_equal(dst.nSamplesPerSec, 48000);
    /* WFORMATTAG = the source's own tag: a converter says yes. */
    dst.wFormatTag = WAVE_FORMAT_IEEE_FLOAT;
    assert_int_equal(suggest(h, &src, ACM_FORMATSUGGESTF_WFORMATTAG, &dst, sizeof dst), MMSYSERR_NOERROR);
    assert_int_equal(dst.wFormatTag, WAVE_FORMAT_IEEE_FLOAT);
    /* Unknown destination tag, all-zero source, impossible bits. */
    dst.wFormatTag = 0xBEEF;
    assert_int_equal(suggest(h, &src, ACM_FORMATSUGGESTF_WFORMATTAG, &dst, sizeof dst), ACMERR_NOTPOSSIBLE);
    memset(&src, 0, sizeof src);
    assert_int_equal(suggest(h, &src, 0, &dst, sizeof dst), ACMERR_NOTPOSSIBLE);
    ts_pcm_format(&src, 1, 8000, 16);
    dst.wBitsPerSample = 12;
    assert_int_equal(suggest(h, &src, ACM_FORMATSUGGESTF_WBITSPERSAMPLE, &dst, sizeof dst), ACMERR_NOTPOSSIBLE);
    /* A rate far from the table (Windows suggests it back: §5 0xDEADBEEF). */
    ts_pcm_format(&src, 1, 0xDEADBEEF, 16);
    memset(&dst, 0, sizeof dst);
    assert_int_equal(suggest(h, &src, 0, &dst, sizeof dst), MMSYSERR_NOERROR);
    assert_int_equal(dst.nSamplesPerSec, 0xDEADBEEF);
    ts_close(h);
}

static int16_t rd16(const BYTE *p)
{
    return (int16_t)(uint16_t)(p[0] | (p[1] << 8));
}

static void convert_once(HDRVR h, const WAVEFORMATEX *src, const WAVEFORMATEX *dst, const void *in, DWORD in_length,
                         void *out, DWORD out_length, DWORD *produced)
{
    ACMDRVSTREAMINSTANCE si;
    assert_int_equal(ts_stream_open(h, &si, src, dst, 0), MMSYSERR_NOERROR);
    DWORD used = 0;
    assert_int_equal(ts_convert(h, &si, 0, in, in_length, &used, out, out_length, produced), MMSYSERR_NOERROR);
    assert_int_equal(used, in_length);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
}

/* 5.1 -> stereo by ITU-R BS.775 (centre and surrounds at -3 dB, LFE dropped); stereo -> 5.1
 * fills the first two channels; mono -> 4 channels feeds the front pair; 6 -> mono is the
 * saturating sum of the stereo downmix. */
static void test_channel_mixing(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_pcm_driver_proc);
    WAVEFORMATEX six, two, one, four;
    ts_pcm_format(&six, 6, 48000, 16);
    ts_pcm_format(&two, 2, 48000, 16);
    ts_pcm_format(&one, 1, 48000, 16);
    ts_pcm_format(&four, 4, 48000, 16);
    /* FL FR FC LFE BL BR */
    BYTE in[12];
    const int16_t v[6] = {1000, -2000, 4000, 30000, 800, 1600};
    for (int c = 0; c < 6; c++) {
        in[2 * c] = (BYTE)(v[c] & 0xFF);
        in[2 * c + 1] = (BYTE)((uint16_t)v[c] >> 8);
    }
    BYTE out[64];
    DWORD produced = 0;
    convert_once(h, &six, &two, in, sizeof in, out, sizeof out, &produced);
    assert_int_equal(produced, 4);
    const double g = 23170.0 / 32768.0;
    assert_true(fabs(rd16(out) - (1000 + g * 4000 + g * 800)) <= 1.0);
    assert_true(fabs(rd16(out + 2) - (-2000 + g * 4000 + g * 1600)) <= 1.0);
    convert_once(h, &six, &one, in, sizeof in, out, sizeof out, &produced);
    assert_int_equal(produced, 2);
    assert_true(fabs(rd16(out) - (1000 - 2000 + 2 * g * 4000 + g * 800 + g * 1600)) <= 1.0);

    BYTE stereo[4] = {0x34, 0x12, 0xCC, 0xED};
    convert_once(h, &two, &six, stereo, 4, out, sizeof out, &produced);
    assert_int_equal(produced, 12);
    assert_memory_equal(out, stereo, 4);
    for (int i = 4; i < 12; i++)
        assert_int_equal(out[i], 0);

    BYTE mono[2] = {0x21, 0x43};
    convert_once(h, &one, &four, mono, 2, out, sizeof out, &produced);
    assert_int_equal(produced, 8);
    assert_int_equal(rd16(out), 0x4321);
    assert_int_equal(rd16(out + 2), 0x4321);
    assert_int_equal(rd16(out + 4), 0);
    assert_int_equal(rd16(out + 6), 0);

    /* Saturation of the stereo -> mono sum at both ends. */
    BYTE loud[8] = {0xFF, 0x7F, 0x00, 0x40, 0x00, 0x80, 0x00, 0xC0};
    convert_once(h, &two, &one, loud, 8, out, sizeof out, &produced);
    assert_int_equal(produced, 4);
    assert_int_equal(rd16(out), 32767);
    assert_int_equal(rd16(out + 2), -32768);
    ts_close(h);
}

/* 16 -> float -> 16 is exact; float values beyond full scale clip; 24 -> 16 keeps the top bits;
 * 8 -> 32 -> 8 is exact. */
static void test_sample_formats(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_pcm_driver_proc);
    WAVEFORMATEX s16, f32, s24, s32, u8;
    ts_pcm_format(&s16, 1, 44100, 16);
    ts_pcm_format(&f32, 1, 44100, 32);
    f32.wFormatTag = WAVE_FORMAT_IEEE_FLOAT;
    ts_pcm_format(&s24, 1, 44100, 24);
    ts_pcm_format(&s32, 1, 44100, 32);
    ts_pcm_format(&u8, 1, 44100, 8);
    static BYTE all16[65536 * 2], mid[65536 * 4], back[65536 * 2];
    for (int i = 0; i < 65536; i++) {
        all16[2 * i] = (BYTE)i;
        all16[2 * i + 1] = (BYTE)(i >> 8);
    }
    DWORD produced = 0;
    convert_once(h, &s16, &f32, all16, sizeof all16, mid, sizeof mid, &produced);
    assert_int_equal(produced, 65536 * 4);
    float f;
    memcpy(&f, mid + 4 * 0x8000, 4); /* sample 0x8000 = -32768 */
    assert_true(f == -1.0f);
    convert_once(h, &f32, &s16, mid, produced, back, sizeof back, &produced);
    assert_int_equal(produced, sizeof all16);
    assert_memory_equal(back, all16, sizeof all16);
    convert_once(h, &s16, &s32, all16, sizeof all16, mid, sizeof mid, &produced);
    convert_once(h, &s32, &s16, mid, produced, back, sizeof back, &produced);
    assert_memory_equal(back, all16, sizeof all16);

    float big[3] = {2.5f, -7.0f, 0.5f};
    BYTE out[16];
    convert_once(h, &f32, &s16, big, sizeof big, out, sizeof out, &produced);
    assert_int_equal(produced, 6);
    assert_int_equal(rd16(out), 32767);
    assert_int_equal(rd16(out + 2), -32768);
    assert_int_equal(rd16(out + 4), 16384);

    BYTE in24[6] = {0xFF, 0x34, 0x12, 0x01, 0xFF, 0xFF}; /* 0x1234FF, -255 */
    convert_once(h, &s24, &s16, in24, 6, out, sizeof out, &produced);
    assert_int_equal(produced, 4);
    assert_int_equal(rd16(out), 0x1234);
    assert_int_equal(rd16(out + 2), -1);

    BYTE bytes[256];
    for (int i = 0; i < 256; i++)
        bytes[i] = (BYTE)i;
    convert_once(h, &u8, &s24, bytes, 256, mid, sizeof mid, &produced);
    assert_int_equal(produced, 768);
    assert_int_equal(mid[0], 0);
    assert_int_equal(mid[1], 0);
    assert_int_equal(mid[2], 0x80);
    convert_once(h, &s24, &u8, mid, 768, back, sizeof back, &produced);
    assert_memory_equal(back, bytes, 256);
    ts_close(h);
}

/* ACM_STREAMOPENF_PORTACM_HIGHQUALITY: libsoxr. The output length is the exact ratio (within a
 * frame), the output does not depend on the split, and a 1 kHz tone comes out far cleaner than
 * nearest-sample. */
static double tone_snr(const BYTE *pcm, size_t frames, double rate, double freq, size_t skip)
{
    /* Fits amplitude/phase by least squares on sin/cos, then SNR of the residual. */
    double ss = 0, sc = 0, cc = 0, ys = 0, yc = 0;
    for (size_t i = skip; i < frames - skip; i++) {
        double s = sin(2 * M_PI * freq * i / rate), c = cos(2 * M_PI * freq * i / rate), y = rd16(pcm + 2 * i);
        ss += s * s;
        sc += s * c;
        cc += c * c;
        ys += y * s;
        yc += y * c;
    }
    double det = ss * cc - sc * sc;
    double a = (ys * cc - yc * sc) / det, b = (yc * ss - ys * sc) / det;
    double signal = 0, noise = 0;
    for (size_t i = skip; i < frames - skip; i++) {
        double fit = a * sin(2 * M_PI * freq * i / rate) + b * cos(2 * M_PI * freq * i / rate);
        double e = rd16(pcm + 2 * i) - fit;
        signal += fit * fit;
        noise += e * e;
    }
    return 10 * log10(signal / (noise + 1e-9));
}

static void test_highquality(void **state)
{
    (void)state;
    check_split_invariance(44100, 48000, 2, 16, ACM_STREAMOPENF_PORTACM_HIGHQUALITY);
    check_split_invariance(48000, 8000, 1, 16, ACM_STREAMOPENF_PORTACM_HIGHQUALITY);
    check_split_invariance(8000, 44100, 1, 8, ACM_STREAMOPENF_NONREALTIME | ACM_STREAMOPENF_PORTACM_HIGHQUALITY);

    HDRVR h = ts_open(pacm_pcm_driver_proc);
    WAVEFORMATEX src, dst;
    ts_pcm_format(&src, 1, 44100, 16);
    ts_pcm_format(&dst, 1, 48000, 16);
    const DWORD frames = 44100;
    BYTE *in = malloc(frames * 2);
    assert_non_null(in);
    for (DWORD i = 0; i < frames; i++) {
        int16_t v = (int16_t)lrint(16000 * sin(2 * M_PI * 1000.0 * i / 44100.0));
        in[2 * i] = (BYTE)(v & 0xFF);
        in[2 * i + 1] = (BYTE)((uint16_t)v >> 8);
    }
    size_t hq_length = 0, nearest_length = 0;
    BYTE *hq = convert_pieces(h, &src, &dst, ACM_STREAMOPENF_PORTACM_HIGHQUALITY, in, frames * 2, 4410, &hq_length);
    BYTE *nearest = convert_pieces(h, &src, &dst, 0, in, frames * 2, 4410, &nearest_length);
    assert_int_equal(hq_length, 96000);
    assert_int_equal(nearest_length, 96000);
    double snr_hq = tone_snr(hq, 48000, 48000, 1000, 200);
    double snr_nearest = tone_snr(nearest, 48000, 48000, 1000, 200);
    print_message("1 kHz tone 44.1 -> 48 kHz: nearest %.1f dB, libsoxr %.1f dB\n", snr_nearest, snr_hq);
    assert_true(snr_hq > 80.0);
    assert_true(snr_hq > snr_nearest + 30.0);
    free(hq);
    free(nearest);
    free(in);
    ts_close(h);
}

/* ---- issue 10, item 13: NAudio's streams (NONREALTIME, never END), through the ACM ---------- */

#define NAUDIO_SECONDS 5
#define NAUDIO_IN_RATE 44100
#define NAUDIO_OUT_RATE 8000

/* The frames Windows' converter gives for one call of `frames` input frames: its accumulator
 * starts at half the source rate on every call and each input frame adds the destination rate;
 * a frame is output each time it passes the source rate (reference-behaviour.md, 2.7). */
static DWORD windows_call_frames(DWORD frames, DWORD src_rate, DWORD dst_rate)
{
    uint64_t error = src_rate / 2, out = 0;
    for (DWORD i = 0; i < frames; i++) {
        error += dst_rate;
        while (error > src_rate) {
            out++;
            error -= src_rate;
        }
    }
    return (DWORD)out;
}

/* 1 s of 44.1 kHz stereo 16-bit noise per call. */
static BYTE *naudio_input(void)
{
    return random_bytes((size_t)NAUDIO_SECONDS * NAUDIO_IN_RATE * 4, 1234);
}

/* One acmStreamConvert through a header prepared for `prepared` source bytes (at least one
 * frame: an empty source cannot be prepared) and converting `src_length` <= `prepared` of
 * them; returns the Used fields. */
static void acm_convert(HACMSTREAM has, DWORD flags, const BYTE *src, DWORD prepared, DWORD src_length, BYTE *dst,
                        DWORD dst_length, DWORD *used, DWORD *produced)
{
    ACMSTREAMHEADER header = {
        .cbStruct = sizeof header, .pbSrc = (LPBYTE)src, .cbSrcLength = prepared, .pbDst = dst, .cbDstLength = dst_length};
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    header.cbSrcLength = src_length;
    assert_int_equal(acmStreamConvert(has, &header, flags), MMSYSERR_NOERROR);
    header.cbSrcLength = prepared;
    *used = header.cbSrcLengthUsed;
    *produced = header.cbDstLengthUsed;
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
}

/* Converts NAUDIO_SECONDS one-second calls (the first with START) of 44.1 kHz stereo to 8 kHz
 * mono 16-bit as NAudio's WaveFormatConversionStream does: acmStreamOpen(had NULL) with
 * fdw_open, a destination sized by acmStreamSize, every call's output kept, END sent only when
 * `end` (then repeated with no source while output comes). Returns the output (malloc'd). */
static BYTE *acm_convert_seconds(DWORD fdw_open, bool end, DWORD per_call[NAUDIO_SECONDS], size_t *out_length)
{
    WAVEFORMATEX src, dst;
    ts_pcm_format(&src, 2, NAUDIO_IN_RATE, 16);
    ts_pcm_format(&dst, 1, NAUDIO_OUT_RATE, 16);
    HACMSTREAM has = NULL;
    assert_int_equal(acmStreamOpen(&has, NULL, &src, &dst, NULL, 0, 0, fdw_open), MMSYSERR_NOERROR);
    const DWORD second = NAUDIO_IN_RATE * 4;
    DWORD room = 0;
    assert_int_equal(acmStreamSize(has, second, &room, ACM_STREAMSIZEF_SOURCE), MMSYSERR_NOERROR);
    BYTE *in = naudio_input();
    const size_t capacity = (size_t)(NAUDIO_SECONDS + 2) * room * 2;
    BYTE *out = malloc(capacity);
    assert_non_null(out);
    size_t length = 0;
    for (int i = 0; i < NAUDIO_SECONDS; i++) {
        DWORD flags = i == 0 ? ACM_STREAMCONVERTF_START : 0;
        if (end && i == NAUDIO_SECONDS - 1)
            flags |= ACM_STREAMCONVERTF_END;
        DWORD used = 0, produced = 0;
        /* Sized per call: libsoxr may also owe output of earlier calls. */
        assert_int_equal(acmStreamSize(has, second, &room, ACM_STREAMSIZEF_SOURCE), MMSYSERR_NOERROR);
        assert_true(length + room <= capacity);
        acm_convert(has, flags, in + (size_t)i * second, second, second, out + length, room, &used, &produced);
        assert_int_equal(used, second); /* the whole second is consumed */
        per_call[i] = produced / 2;
        length += produced;
    }
    for (int spins = 0; end; spins++) {
        assert_true(spins < 100);
        DWORD used = 0, produced = 0;
        BYTE frame[4] = {0};
        room = (DWORD)(capacity - length < 4096 ? capacity - length : 4096);
        acm_convert(has, ACM_STREAMCONVERTF_END, frame, sizeof frame, 0, out + length, room, &used, &produced);
        if (produced == 0)
            break;
        length += produced;
    }
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    free(in);
    *out_length = length;
    return out;
}

/* NAudio opens every stream with NONREALTIME and never sends END. Each 1 s call must give
 * exactly the frames Windows gives (8000), and the whole stream must be the real-time
 * stream byte for byte. Before the fix NONREALTIME selected libsoxr: 7414, 7946, 8001 ...
 * frames, and the last 27 ms stayed inside the filter. */
static void regress_nonrealtime_pcm_keeps_windows_sample_accounting(void **state)
{
    (void)state;
    DWORD nonrealtime[NAUDIO_SECONDS], realtime[NAUDIO_SECONDS];
    size_t nonrealtime_length = 0, realtime_length = 0;
    BYTE *a = acm_convert_seconds(ACM_STREAMOPENF_NONREALTIME, false, nonrealtime, &nonrealtime_length);
    BYTE *b = acm_convert_seconds(0, false, realtime, &realtime_length);
    const DWORD windows = windows_call_frames(NAUDIO_IN_RATE, NAUDIO_IN_RATE, NAUDIO_OUT_RATE);
    for (int i = 0; i < NAUDIO_SECONDS; i++) {
        if (nonrealtime[i] != windows)
            fail_msg("call %d: %lu frames, Windows gives %lu", i, (unsigned long)nonrealtime[i], (unsigned long)windows);
        assert_int_equal(realtime[i], windows);
    }
    assert_int_equal(nonrealtime_length, realtime_length);
    assert_memory_equal(a, b, realtime_length);
    free(a);
    free(b);
}

/* portacm's extension: ACM_STREAMOPENF_PORTACM_HIGHQUALITY is accepted by acmStreamOpen and
 * selects libsoxr; with END (and the END calls after it) the whole stream comes out: the
 * exact ratio within one frame. Its output is not the nearest-sample one. Before the fix
 * acmStreamOpen refused the flag (MMSYSERR_INVALFLAG). */
static void regress_highquality_flag_selects_libsoxr_through_acm(void **state)
{
    (void)state;
    DWORD hq[NAUDIO_SECONDS], nearest[NAUDIO_SECONDS];
    size_t hq_length = 0, nearest_length = 0;
    BYTE *a = acm_convert_seconds(ACM_STREAMOPENF_NONREALTIME | ACM_STREAMOPENF_PORTACM_HIGHQUALITY, true, hq,
                                  &hq_length);
    BYTE *b = acm_convert_seconds(0, true, nearest, &nearest_length);
    const double exact = (double)NAUDIO_SECONDS * NAUDIO_IN_RATE * NAUDIO_OUT_RATE / NAUDIO_IN_RATE;
    const double got = (double)(hq_length / 2);
    print_message("libsoxr: %.0f frames for %d s (exact %.0f); first calls %lu, %lu\n", got, NAUDIO_SECONDS, exact,
                  (unsigned long)hq[0], (unsigned long)hq[1]);
    assert_true(fabs(got - lround(exact)) <= 1.0);
    assert_true(hq_length != nearest_length || memcmp(a, b, hq_length) != 0);
    /* The flag alone does it too, and other drivers take it without complaint. */
    union {
        WAVEFORMATEX wfx;
        BYTE bytes[64];
    } to[2];
    WAVEFORMATEX from;
    ts_pcm_format(&from, 1, 44100, 16);
    memset(to, 0, sizeof to);
    ts_pcm_format(&to[0].wfx, 1, 22050, 16);
    to[1].wfx.wFormatTag = WAVE_FORMAT_IMA_ADPCM;
    assert_int_equal(acmFormatSuggest(NULL, &from, &to[1].wfx, sizeof to[1], ACM_FORMATSUGGESTF_WFORMATTAG),
                     MMSYSERR_NOERROR);
    for (int i = 0; i < 2; i++) {
        HACMSTREAM has = NULL;
        assert_int_equal(acmStreamOpen(&has, NULL, &from, &to[i].wfx, NULL, 0, 0, ACM_STREAMOPENF_PORTACM_HIGHQUALITY),
                         MMSYSERR_NOERROR);
        assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    }
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_native_rows),       cmocka_unit_test(test_split_invariance),
        cmocka_unit_test(test_no_drift),          cmocka_unit_test(test_sizes_bound_output),
        cmocka_unit_test(test_small_destination), cmocka_unit_test(test_hostile_formats),
        cmocka_unit_test(test_details),           cmocka_unit_test(test_standard_formats),
        cmocka_unit_test(test_suggest),           cmocka_unit_test(test_channel_mixing),
        cmocka_unit_test(test_sample_formats),    cmocka_unit_test(test_highquality),
        cmocka_unit_test(regress_nonrealtime_pcm_keeps_windows_sample_accounting),
        cmocka_unit_test(regress_highquality_flag_selects_libsoxr_through_acm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
