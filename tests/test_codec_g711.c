/*
 * test_codec_g711.c - the G.711 driver through its DriverProc: identity, standard formats,
 * every 16-bit sample encoded and every code decoded through the driver (little-endian glue)
 * agreeing with the kernel's per-sample functions and with G.711's fixed points, the A<->mu
 * tables, exact 2:1 / 1:1 sizes, any rate and channel count, hostile formats, suggestions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "codec_driver_int.h"
#include "g711/g711_int.h"
#include "ts_codec.h"
#include "ts_formats.h"

static void test_details_and_formats(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_g711_driver_proc);
    ACMDRIVERDETAILSW dd;
    ts_driver_details(h, &dd);
    static const char name[] = "Microsoft CCITT G.711";
    for (size_t i = 0; i < sizeof name; i++)
        assert_int_equal(dd.szShortName[i], (WCHAR)name[i]);
    assert_int_equal(dd.wMid, MM_MICROSOFT);
    assert_int_equal(dd.wPid, MM_MSFT_ACM_G711);
    assert_int_equal(dd.cFormatTags, 3);
    static const WORD tags[3] = {WAVE_FORMAT_PCM, WAVE_FORMAT_ALAW, WAVE_FORMAT_MULAW};
    for (int t = 0; t < 3; t++) {
        ACMFORMATTAGDETAILSW td;
        memset(&td, 0, sizeof td);
        td.cbStruct = sizeof td;
        td.dwFormatTagIndex = (DWORD)t;
        assert_int_equal(SendDriverMessage(h, ACMDM_FORMATTAG_DETAILS, (LPARAM)&td, ACM_FORMATTAGDETAILSF_INDEX),
                         MMSYSERR_NOERROR);
        assert_int_equal(td.dwFormatTag, tags[t]);
        assert_int_equal(td.cbFormatSize, t == 0 ? 16 : 18);
        assert_int_equal(td.cStandardFormats, 8);
        for (DWORD i = 0; i <= 8; i++) {
            WAVEFORMATEX wfx;
            ACMFORMATDETAILSW fd;
            memset(&fd, 0, sizeof fd);
            fd.cbStruct = sizeof fd;
            fd.dwFormatTag = tags[t];
            fd.dwFormatIndex = i;
            fd.pwfx = &wfx;
            fd.cbwfx = sizeof wfx;
            MMRESULT mr = (MMRESULT)SendDriverMessage(h, ACMDM_FORMAT_DETAILS, (LPARAM)&fd, ACM_FORMATDETAILSF_INDEX);
            if (i == 8) {
                assert_int_equal(mr, MMSYSERR_INVALPARAM);
                continue;
            }
            assert_int_equal(mr, MMSYSERR_NOERROR);
            assert_int_equal(wfx.wBitsPerSample, t == 0 ? 16 : 8); /* PCM is 16-bit only */
            /* Each standard format opens toward its partner. */
            WAVEFORMATEX other;
            if (t == 0)
                ts_linear_format(&other, WAVE_FORMAT_MULAW, wfx.nChannels, wfx.nSamplesPerSec, 8);
            else
                ts_pcm_format(&other, wfx.nChannels, wfx.nSamplesPerSec, 16);
            ACMDRVSTREAMINSTANCE si;
            assert_int_equal(ts_stream_open(h, &si, &wfx, &other, ACM_STREAMOPENF_QUERY), MMSYSERR_NOERROR);
            assert_int_equal(ts_stream_open(h, &si, &other, &wfx, ACM_STREAMOPENF_QUERY), MMSYSERR_NOERROR);
        }
    }
    ts_close(h);
}

static void convert_all_once(HDRVR h, const WAVEFORMATEX *src, const WAVEFORMATEX *dst, const BYTE *in, DWORD n,
                             BYTE *out, DWORD room, DWORD expect)
{
    ACMDRVSTREAMINSTANCE si;
    assert_int_equal(ts_stream_open(h, &si, src, dst, 0), MMSYSERR_NOERROR);
    DWORD size = 0;
    assert_int_equal(ts_stream_size(h, &si, ACM_STREAMSIZEF_SOURCE, n, &size), MMSYSERR_NOERROR);
    assert_int_equal(size, expect);
    DWORD used = 0, produced = 0;
    assert_int_equal(ts_convert(h, &si, 0, in, n, &used, out, room, &produced), MMSYSERR_NOERROR);
    assert_int_equal(used, n);
    assert_int_equal(produced, expect);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
}

/* Every sample and every code, through the driver. */
static void test_exhaustive(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_g711_driver_proc);
    WAVEFORMATEX pcm, alaw, ulaw;
    ts_pcm_format(&pcm, 1, 8000, 16);
    ts_linear_format(&alaw, WAVE_FORMAT_ALAW, 1, 8000, 8);
    ts_linear_format(&ulaw, WAVE_FORMAT_MULAW, 1, 8000, 8);
    static BYTE samples[65536 * 2], codes[65536], back[65536 * 2];
    for (int i = 0; i < 65536; i++) {
        samples[2 * i] = (BYTE)i;
        samples[2 * i + 1] = (BYTE)(i >> 8);
    }
    convert_all_once(h, &pcm, &alaw, samples, sizeof samples, codes, sizeof codes, 65536);
    for (int i = 0; i < 65536; i++)
        assert_int_equal(codes[i], g711_alaw_encode_sample((int16_t)(uint16_t)i));
    assert_int_equal(codes[0], 0xD5); /* G.711: A-law of 0 is 0xD5 (0x80 with even bits inverted) */
    convert_all_once(h, &pcm, &ulaw, samples, sizeof samples, codes, sizeof codes, 65536);
    for (int i = 0; i < 65536; i++)
        assert_int_equal(codes[i], g711_ulaw_encode_sample((int16_t)(uint16_t)i));
    assert_int_equal(codes[0], 0xFF); /* mu-law of 0 */
    assert_int_equal(codes[0x7FFF], 0x80);

    BYTE all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (BYTE)i;
    convert_all_once(h, &alaw, &pcm, all, 256, back, sizeof back, 512);
    for (int i = 0; i < 256; i++)
        assert_int_equal((int16_t)(back[2 * i] | (back[2 * i + 1] << 8)), g711_alaw_decode_sample((BYTE)i));
    assert_int_equal((int16_t)(back[2 * 0xD5] | (back[2 * 0xD5 + 1] << 8)), 8);
    convert_all_once(h, &ulaw, &pcm, all, 256, back, sizeof back, 512);
    for (int i = 0; i < 256; i++)
        assert_int_equal((int16_t)(back[2 * i] | (back[2 * i + 1] << 8)), g711_ulaw_decode_sample((BYTE)i));
    assert_int_equal((int16_t)(back[2 * 0xFF] | (back[2 * 0xFF + 1] << 8)), 0);
    convert_all_once(h, &alaw, &ulaw, all, 256, codes, sizeof codes, 256);
    assert_memory_equal(codes, pacm_g711_alaw_to_ulaw_table, 256);
    convert_all_once(h, &ulaw, &alaw, all, 256, codes, sizeof codes, 256);
    assert_memory_equal(codes, pacm_g711_ulaw_to_alaw_table, 256);
    ts_close(h);
}

/* Sizes are exact (2:1, 1:2, 1:1), whole frames; any rate, 6 channels; a partial frame stays. */
static void test_sizes_and_layouts(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_g711_driver_proc);
    WAVEFORMATEX pcm, alaw;
    ts_pcm_format(&pcm, 6, 12345, 16);
    ts_linear_format(&alaw, WAVE_FORMAT_ALAW, 6, 12345, 8);
    ACMDRVSTREAMINSTANCE enc, dec;
    assert_int_equal(ts_stream_open(h, &enc, &pcm, &alaw, 0), MMSYSERR_NOERROR);
    assert_int_equal(ts_stream_open(h, &dec, &alaw, &pcm, 0), MMSYSERR_NOERROR);
    DWORD n = 0;
    assert_int_equal(ts_stream_size(h, &enc, ACM_STREAMSIZEF_SOURCE, 120, &n), MMSYSERR_NOERROR);
    assert_int_equal(n, 60);
    assert_int_equal(ts_stream_size(h, &enc, ACM_STREAMSIZEF_SOURCE, 125, &n), MMSYSERR_NOERROR);
    assert_int_equal(n, 60);
    assert_int_equal(ts_stream_size(h, &enc, ACM_STREAMSIZEF_SOURCE, 11, &n), ACMERR_NOTPOSSIBLE);
    assert_int_equal(ts_stream_size(h, &enc, ACM_STREAMSIZEF_DESTINATION, 60, &n), MMSYSERR_NOERROR);
    assert_int_equal(n, 120);
    assert_int_equal(ts_stream_size(h, &dec, ACM_STREAMSIZEF_SOURCE, 60, &n), MMSYSERR_NOERROR);
    assert_int_equal(n, 120);
    assert_int_equal(ts_stream_size(h, &dec, ACM_STREAMSIZEF_DESTINATION, 121, &n), MMSYSERR_NOERROR);
    assert_int_equal(n, 60);
    BYTE in[125], out[200];
    memset(in, 0, sizeof in);
    DWORD used = 0, produced = 0;
    assert_int_equal(ts_convert(h, &enc, 0, in, 125, &used, out, sizeof out, &produced), MMSYSERR_NOERROR);
    assert_int_equal(used, 120);
    assert_int_equal(produced, 60);
    assert_int_equal(ts_convert(h, &dec, 0, out, 60, &used, in, 119, &produced), MMSYSERR_NOERROR);
    assert_int_equal(used, 54); /* 9 whole frames fit in 119 bytes */
    assert_int_equal(produced, 108);
    assert_int_equal(ts_stream_close(h, &enc), MMSYSERR_NOERROR);
    assert_int_equal(ts_stream_close(h, &dec), MMSYSERR_NOERROR);
    ts_close(h);
}

static MMRESULT suggest(HDRVR h, const WAVEFORMATEX *src, DWORD flags, WAVEFORMATEX *dst)
{
    ACMDRVFORMATSUGGEST fs;
    memset(&fs, 0, sizeof fs);
    fs.cbStruct = sizeof fs;
    fs.fdwSuggest = flags;
    fs.pwfxSrc = (LPWAVEFORMATEX)src;
    fs.cbwfxSrc = 18;
    fs.pwfxDst = dst;
    fs.cbwfxDst = sizeof *dst;
    return (MMRESULT)SendDriverMessage(h, ACMDM_FORMAT_SUGGEST, (LPARAM)&fs, 0);
}

static void test_hostile_and_suggest(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_g711_driver_proc);
    WAVEFORMATEX pcm, law, dst;
    ts_pcm_format(&pcm, 2, 8000, 16);
    ts_linear_format(&law, WAVE_FORMAT_MULAW, 2, 8000, 8);
    ACMDRVSTREAMINSTANCE si;
    for (int k = 0; k < 7; k++) {
        WAVEFORMATEX bad = law;
        switch (k) {
        case 0: bad.nChannels = 0; break;
        case 1: bad.nBlockAlign = 0; break;
        case 2: bad.wBitsPerSample = 16; break;
        case 3: bad.nSamplesPerSec = 0; bad.nAvgBytesPerSec = 0; break;
        case 4: bad.nAvgBytesPerSec = 1; break;
        case 5: bad.wFormatTag = WAVE_FORMAT_ADPCM; break;
        case 6: memset(&bad, 0, sizeof bad); break;
        }
        if (ts_stream_open(h, &si, &bad, &pcm, ACM_STREAMOPENF_QUERY) != ACMERR_NOTPOSSIBLE)
            fail_msg("case %d accepted", k);
        assert_int_equal(suggest(h, &bad, 0, &dst), ACMERR_NOTPOSSIBLE);
    }
    WAVEFORMATEX pcm8;
    ts_pcm_format(&pcm8, 2, 8000, 8);
    assert_int_equal(ts_stream_open(h, &si, &pcm8, &law, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
    assert_int_equal(ts_stream_open(h, &si, &pcm, &pcm, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
    WAVEFORMATEX mono;
    ts_pcm_format(&mono, 1, 8000, 16);
    assert_int_equal(ts_stream_open(h, &si, &law, &mono, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);

    /* PCM -> A-law by default, a law -> 16-bit PCM; the other law on request. */
    memset(&dst, 0, sizeof dst);
    assert_int_equal(suggest(h, &pcm, 0, &dst), MMSYSERR_NOERROR);
    assert_int_equal(dst.wFormatTag, WAVE_FORMAT_ALAW);
    assert_int_equal(dst.nBlockAlign, 2);
    assert_int_equal(dst.nAvgBytesPerSec, 16000);
    assert_int_equal(suggest(h, &law, 0, &dst), MMSYSERR_NOERROR);
    assert_int_equal(dst.wFormatTag, WAVE_FORMAT_PCM);
    assert_int_equal(dst.wBitsPerSample, 16);
    assert_int_equal(dst.nBlockAlign, 4);
    dst.wFormatTag = WAVE_FORMAT_ALAW;
    assert_int_equal(suggest(h, &law, ACM_FORMATSUGGESTF_WFORMATTAG, &dst), MMSYSERR_NOERROR);
    assert_int_equal(dst.wFormatTag, WAVE_FORMAT_ALAW);
    dst.wFormatTag = WAVE_FORMAT_MULAW;
    assert_int_equal(suggest(h, &law, ACM_FORMATSUGGESTF_WFORMATTAG, &dst), ACMERR_NOTPOSSIBLE);
    dst.nSamplesPerSec = 11025;
    assert_int_equal(suggest(h, &pcm, ACM_FORMATSUGGESTF_NSAMPLESPERSEC, &dst), ACMERR_NOTPOSSIBLE);
    ts_close(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_details_and_formats),
        cmocka_unit_test(test_exhaustive),
        cmocka_unit_test(test_sizes_and_layouts),
        cmocka_unit_test(test_hostile_and_suggest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
