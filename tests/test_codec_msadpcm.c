/*
 * test_codec_msadpcm.c - the MS ADPCM driver through its DriverProc: identity and standard
 * formats, decoding of independent encoders' files equal to sox/libsndfile (manifest.txt),
 * the format's own coefficient pairs being used, a bad predictor decoding as silence, strict
 * validation, 8-bit output, encoding in both modes (the encoder Wine lacks), sizes.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "codec_driver_int.h"
#include "msadpcm/msadpcm_int.h"
#include "ts_codec.h"
#include "ts_formats.h"
#include "ts_vectors.h"
#include "ts_signal.h"

typedef union adpcm_format {
    ADPCMWAVEFORMAT f;
    BYTE bytes[18 + 4 + 4 * 256];
} adpcm_format;

/* Windows' 22050 Hz mono format of Wine's test_prepareheader: align 512, spb 0x3F4. */
static void make_adpcm(adpcm_format *a, WORD channels, DWORD rate, WORD align)
{
    memset(a, 0, sizeof *a);
    a->f.wfx.wFormatTag = WAVE_FORMAT_ADPCM;
    a->f.wfx.nChannels = channels;
    a->f.wfx.nSamplesPerSec = rate;
    a->f.wfx.nBlockAlign = align;
    a->f.wfx.wBitsPerSample = 4;
    a->f.wfx.cbSize = 32;
    a->f.wSamplesPerBlock = (WORD)((align - 7 * channels) * 2 / channels + 2);
    a->f.wfx.nAvgBytesPerSec = rate * align / a->f.wSamplesPerBlock;
    a->f.wNumCoef = 7;
    static const short coefs[7][2] = {{256, 0}, {512, -256}, {0, 0}, {192, 64}, {240, 0}, {460, -208}, {392, -232}};
    for (int i = 0; i < 7; i++) {
        a->f.aCoef[i].iCoef1 = coefs[i][0];
        a->f.aCoef[i].iCoef2 = coefs[i][1];
    }
}

static void test_details_and_formats(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_msadpcm_driver_proc);
    ACMDRIVERDETAILSW dd;
    ts_driver_details(h, &dd);
    static const char name[] = "MS-ADPCM";
    for (size_t i = 0; i < sizeof name; i++)
        assert_int_equal(dd.szShortName[i], (WCHAR)name[i]);
    assert_int_equal(dd.wMid, MM_MICROSOFT);
    assert_int_equal(dd.wPid, MM_MSFT_ACM_MSADPCM);
    assert_int_equal(dd.fdwSupport, ACMDRIVERDETAILS_SUPPORTF_CODEC);
    ACMFORMATTAGDETAILSW td;
    memset(&td, 0, sizeof td);
    td.cbStruct = sizeof td;
    assert_int_equal(SendDriverMessage(h, ACMDM_FORMATTAG_DETAILS, (LPARAM)&td, ACM_FORMATTAGDETAILSF_LARGESTSIZE),
                     MMSYSERR_NOERROR);
    assert_int_equal(td.dwFormatTag, WAVE_FORMAT_ADPCM);
    assert_int_equal(td.cbFormatSize, 50);
    assert_int_equal(td.cStandardFormats, 8);
    static const WORD align_mono[4] = {256, 256, 512, 1024};
    for (DWORD i = 0; i <= 8; i++) {
        adpcm_format a;
        ACMFORMATDETAILSW fd;
        memset(&fd, 0, sizeof fd);
        fd.cbStruct = sizeof fd;
        fd.dwFormatTag = WAVE_FORMAT_ADPCM;
        fd.dwFormatIndex = i;
        fd.pwfx = &a.f.wfx;
        fd.cbwfx = 50;
        MMRESULT mr = (MMRESULT)SendDriverMessage(h, ACMDM_FORMAT_DETAILS, (LPARAM)&fd, ACM_FORMATDETAILSF_INDEX);
        if (i == 8) {
            assert_int_equal(mr, MMSYSERR_INVALPARAM);
            break;
        }
        assert_int_equal(mr, MMSYSERR_NOERROR);
        adpcm_format expect;
        make_adpcm(&expect, a.f.wfx.nChannels, a.f.wfx.nSamplesPerSec, (WORD)(align_mono[i / 2] * a.f.wfx.nChannels));
        assert_memory_equal(&a, &expect, 50); /* 500 spb at 256 mono, 1012 at 512 mono ... */
    }
    ts_close(h);
}

static void test_hostile_formats(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_msadpcm_driver_proc);
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 1, 22050, 16);
    adpcm_format good;
    make_adpcm(&good, 1, 22050, 512);
    assert_int_equal(good.f.wSamplesPerBlock, 0x3F4);
    ACMDRVSTREAMINSTANCE si;
    assert_int_equal(ts_stream_open(h, &si, &good.f.wfx, &pcm, ACM_STREAMOPENF_QUERY), MMSYSERR_NOERROR);
    for (int k = 0; k < 9; k++) {
        adpcm_format bad = good;
        switch (k) {
        case 0: bad.f.wfx.nChannels = 0; break;
        case 1: bad.f.wfx.nBlockAlign = 0; break;
        case 2: bad.f.wSamplesPerBlock = 1000; break;
        case 3: bad.f.wNumCoef = 0; break;
        case 4: bad.f.wNumCoef = 8; break; /* cbSize 32 holds only 7 pairs */
        case 5: bad.f.wfx.cbSize = 2; break;
        case 6: bad.f.wfx.wBitsPerSample = 8; break;
        case 7: bad.f.wfx.nBlockAlign = 6; bad.f.wSamplesPerBlock = 0; break; /* smaller than the header */
        case 8: bad.f.wfx.nSamplesPerSec = 0; break;
        }
        if (ts_stream_open(h, &si, &bad.f.wfx, &pcm, ACM_STREAMOPENF_QUERY) != ACMERR_NOTPOSSIBLE)
            fail_msg("case %d accepted", k);
    }
    ts_close(h);
}


static void test_decode_vectors(void **state)
{
    (void)state;
    assert_true(ts_check_decode_vectors(pacm_msadpcm_driver_proc, "msadpcm/", 2) >= 4);
}

/* The decoder uses the coefficient pairs of the format, not a built-in table: the same block
 * decodes differently when pair 1 is changed, exactly as the kernel decodes it with those
 * pairs. A predictor index past wNumCoef gives silence for the block. */
static void test_coefficients_and_bad_predictor(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_msadpcm_driver_proc);
    adpcm_format a;
    make_adpcm(&a, 1, 8000, 256);
    a.f.aCoef[1].iCoef1 = 300;
    a.f.aCoef[1].iCoef2 = -100;
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 1, 8000, 16);
    BYTE block[256];
    uint32_t seed = 11;
    for (size_t i = 0; i < sizeof block; i++)
        block[i] = (BYTE)ts_random(&seed);
    block[0] = 1;    /* predictor 1 */
    block[1] = 40;   /* delta */
    block[2] = 0;
    static BYTE out[2048];
    ACMDRVSTREAMINSTANCE si;
    DWORD used = 0, produced = 0;
    assert_int_equal(ts_stream_open(h, &si, &a.f.wfx, &pcm, 0), MMSYSERR_NOERROR);
    assert_int_equal(ts_convert(h, &si, ACM_STREAMCONVERTF_BLOCKALIGN, block, 256, &used, out, sizeof out, &produced),
                     MMSYSERR_NOERROR);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    assert_int_equal(produced, 1000);
    msadpcm_coef custom[7], standard[7];
    for (int i = 0; i < 7; i++) {
        custom[i].coef1 = a.f.aCoef[i].iCoef1;
        custom[i].coef2 = a.f.aCoef[i].iCoef2;
        standard[i] = pacm_msadpcm_standard_coefs[i];
    }
    int16_t with_custom[500], with_standard[500];
    assert_int_equal(pacm_msadpcm_decode_block(block, 256, 1, custom, 7, with_custom, 500), 500);
    assert_int_equal(pacm_msadpcm_decode_block(block, 256, 1, standard, 7, with_standard, 500), 500);
    assert_memory_not_equal(with_custom, with_standard, sizeof with_custom);
    for (int i = 0; i < 500; i++)
        assert_int_equal((int16_t)(out[2 * i] | (out[2 * i + 1] << 8)), with_custom[i]);

    block[0] = 7; /* only 7 pairs: a data error */
    memset(out, 0x55, sizeof out);
    assert_int_equal(ts_stream_open(h, &si, &a.f.wfx, &pcm, 0), MMSYSERR_NOERROR);
    assert_int_equal(ts_convert(h, &si, 0, block, 256, &used, out, sizeof out, &produced), MMSYSERR_NOERROR);
    assert_int_equal(used, 256);
    assert_int_equal(produced, 1000);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(out[i], 0);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);

    /* 8-bit output: (s >> 8) + 128 of the 16-bit output (Microsoft's reference). */
    block[0] = 1;
    WAVEFORMATEX pcm8;
    ts_pcm_format(&pcm8, 1, 8000, 8);
    assert_int_equal(ts_stream_open(h, &si, &a.f.wfx, &pcm8, 0), MMSYSERR_NOERROR);
    assert_int_equal(ts_convert(h, &si, 0, block, 256, &used, out, sizeof out, &produced), MMSYSERR_NOERROR);
    assert_int_equal(produced, 500);
    for (int i = 0; i < 500; i++)
        assert_int_equal(out[i], (BYTE)((with_custom[i] >> 8) + 128));
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    ts_close(h);
}

static double round_trip(HDRVR h, DWORD fdw_open, const int16_t *signal, size_t frames, WORD channels, DWORD rate)
{
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, channels, rate, 16);
    adpcm_format a;
    ACMDRVFORMATSUGGEST fs;
    memset(&fs, 0, sizeof fs);
    fs.cbStruct = sizeof fs;
    fs.pwfxSrc = &pcm;
    fs.cbwfxSrc = 16;
    fs.pwfxDst = &a.f.wfx;
    fs.cbwfxDst = 50;
    assert_int_equal(SendDriverMessage(h, ACMDM_FORMAT_SUGGEST, (LPARAM)&fs, 0), MMSYSERR_NOERROR);
    assert_int_equal(a.f.wfx.wFormatTag, WAVE_FORMAT_ADPCM);
    BYTE *src = malloc(frames * channels * 2);
    for (size_t i = 0; i < frames * channels; i++) {
        src[2 * i] = (BYTE)((uint16_t)signal[i] & 0xFF);
        src[2 * i + 1] = (BYTE)((uint16_t)signal[i] >> 8);
    }
    ACMDRVSTREAMINSTANCE si;
    BYTE *enc = NULL, *dec = NULL;
    size_t enc_length = 0, dec_length = 0;
    assert_int_equal(ts_stream_open(h, &si, &pcm, &a.f.wfx, fdw_open), MMSYSERR_NOERROR);
    ts_convert_pieces(h, &si, src, (DWORD)(frames * channels * 2), 0, 0, &enc, &enc_length);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    /* Whole blocks only (as Windows' encoders): the SNR is over the frames of those blocks. */
    const size_t blocks = frames / a.f.wSamplesPerBlock;
    assert_int_equal(enc_length, blocks * a.f.wfx.nBlockAlign);
    frames = blocks * a.f.wSamplesPerBlock;
    assert_int_equal(ts_stream_open(h, &si, &a.f.wfx, &pcm, 0), MMSYSERR_NOERROR);
    ts_convert_pieces(h, &si, enc, (DWORD)enc_length, 0, 0, &dec, &dec_length);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    assert_true(dec_length >= frames * channels * 2);
    int16_t *back = malloc(frames * channels * 2);
    for (size_t i = 0; i < frames * channels; i++)
        back[i] = (int16_t)(uint16_t)(dec[2 * i] | (dec[2 * i + 1] << 8));
    double snr = ts_snr(signal, back, frames * channels);
    free(back);
    free(enc);
    free(dec);
    free(src);
    return snr;
}

static void test_encode(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_msadpcm_driver_proc);
    const size_t frames = 22050;
    int16_t *signal = malloc(frames * 2 * sizeof *signal);
    uint32_t seed = 1;
    for (size_t i = 0; i < frames; i++)
        for (int c = 0; c < 2; c++)
            signal[2 * i + c] = (int16_t)lrint(9000 * sin(2 * M_PI * (440.0 + 330 * c) * i / 44100.0) +
                                               3000 * sin(2 * M_PI * 2500.0 * i / 44100.0) +
                                               (double)(ts_random(&seed) % 401) - 200);
    double snr = round_trip(h, 0, signal, frames, 2, 44100);
    double snr_hq = round_trip(h, ACM_STREAMOPENF_NONREALTIME, signal, frames, 2, 44100);
    print_message("MS ADPCM 44.1 kHz stereo round trip: real-time %.2f dB, NONREALTIME %.2f dB\n", snr, snr_hq);
    assert_true(snr > 25.0);
    assert_true(snr_hq >= snr);
    free(signal);
    ts_close(h);
}

/* Encodes `src` (PCM as given by `pcm`) with the real-time encoder in pieces of `piece`
 * source bytes (0 = one call); returns the stream (malloc'd) and its length. */
static BYTE *encode_stream(HDRVR h, const WAVEFORMATEX *pcm, const adpcm_format *a, const BYTE *src, DWORD length,
                           DWORD piece, size_t *out_length)
{
    ACMDRVSTREAMINSTANCE si;
    BYTE *enc = NULL;
    assert_int_equal(ts_stream_open(h, &si, pcm, &a->f.wfx, 0), MMSYSERR_NOERROR);
    ts_convert_pieces(h, &si, src, length, piece, 0, &enc, out_length);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    return enc;
}

/* Every way PCM reaches the encoder gives the same bytes: runs of whole 16-bit blocks used in
 * place (the multi-block engines), the same bytes at an odd address and 8-bit PCM (converted
 * into the stage buffer several blocks at a time, then the same engines), and one block per
 * call (the single-block path). 8-bit input is compared with 16-bit input holding the same
 * values ((u8 - 128) << 8). 21 blocks and a partial one: several stage buffers and a tail,
 * which stays unconverted (whole blocks only, as Windows' encoders). */
static void test_encode_paths_agree(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_msadpcm_driver_proc);
    adpcm_format a;
    make_adpcm(&a, 2, 44100, 2048);
    const size_t spb = a.f.wSamplesPerBlock, frames = 21 * spb + 300;
    BYTE *pcm16 = malloc(frames * 4 + 1), *pcm8 = malloc(frames * 2), *expanded = malloc(frames * 4);
    assert_non_null(pcm16);
    assert_non_null(pcm8);
    assert_non_null(expanded);
    uint32_t seed = 7;
    for (size_t i = 0; i < frames * 2; i++) {
        int v = (int)lrint(12000 * sin(2 * M_PI * (300.0 + 500 * (i & 1)) * (double)(i / 2) / 44100.0)) +
                (int)(ts_random(&seed) % 2001) - 1000;
        pcm16[1 + 2 * i] = (BYTE)((uint16_t)v & 0xFF);
        pcm16[2 + 2 * i] = (BYTE)((uint16_t)v >> 8);
        pcm8[i] = (BYTE)((v >> 8) + 128);
        expanded[2 * i] = 0;
        expanded[2 * i + 1] = (BYTE)((int8_t)(pcm8[i] - 128));
    }
    WAVEFORMATEX w16, w8;
    ts_pcm_format(&w16, 2, 44100, 16);
    ts_pcm_format(&w8, 2, 44100, 8);
    DWORD bytes16 = (DWORD)(frames * 4), block16 = (DWORD)(spb * 4);
    BYTE *aligned = malloc(bytes16);
    assert_non_null(aligned);
    memcpy(aligned, pcm16 + 1, bytes16);
    size_t n_whole, n_odd, n_single, n_8, n_expanded;
    BYTE *whole = encode_stream(h, &w16, &a, aligned, bytes16, 0, &n_whole);
    BYTE *odd = encode_stream(h, &w16, &a, pcm16 + 1, bytes16, 0, &n_odd);
    BYTE *single = encode_stream(h, &w16, &a, aligned, bytes16, block16, &n_single);
    BYTE *from8 = encode_stream(h, &w8, &a, pcm8, (DWORD)(frames * 2), 0, &n_8);
    BYTE *from_expanded = encode_stream(h, &w16, &a, expanded, bytes16, 0, &n_expanded);
    assert_int_equal(n_whole, 21 * 2048); /* 21 blocks; the 300 frames after them are left over */
    assert_int_equal(n_odd, n_whole);
    assert_memory_equal(odd, whole, n_whole);
    assert_int_equal(n_single, n_whole);
    assert_memory_equal(single, whole, n_whole);
    assert_int_equal(n_8, n_expanded);
    assert_memory_equal(from8, from_expanded, n_8);
    free(whole);
    free(odd);
    free(single);
    free(from8);
    free(from_expanded);
    free(aligned);
    free(pcm16);
    free(pcm8);
    free(expanded);
    ts_close(h);
}

/* Issue 10, item 14: the MS ADPCM encoder ends a stream as Windows' IMA ADPCM encoder does
 * (the spec records nothing different for msadp32): whole blocks only, with and without
 * BLOCKALIGN and END, nothing kept, no short final block (see ts_check_encoder_whole_blocks).
 * Mono 8 kHz goes one block at a time through the encode_blocks runs and the single-block
 * path; stereo 44.1 kHz and 8-bit input through the stage buffer; the high-quality
 * (NONREALTIME) encoder follows the same rule. Before the fix a short
 * final block was written and the frames reported used. */
static void regress_msadpcm_encoder_converts_whole_blocks_only(void **state)
{
    (void)state;
    static const struct {
        WORD channels;
        DWORD rate;
        WORD align, bits;
        DWORD fdw_open;
    } cases[] = {{1, 8000, 256, 16, 0},
                 {2, 44100, 2048, 16, 0},
                 {2, 44100, 2048, 8, 0},
                 {1, 8000, 256, 16, ACM_STREAMOPENF_NONREALTIME}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        adpcm_format a;
        make_adpcm(&a, cases[i].channels, cases[i].rate, cases[i].align);
        WAVEFORMATEX pcm;
        ts_pcm_format(&pcm, cases[i].channels, cases[i].rate, cases[i].bits);
        ts_check_encoder_whole_blocks(pacm_msadpcm_driver_proc, &pcm, &a.f.wfx, a.f.wSamplesPerBlock,
                                      cases[i].fdw_open);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_details_and_formats),
        cmocka_unit_test(test_hostile_formats),
        cmocka_unit_test(test_decode_vectors),
        cmocka_unit_test(test_coefficients_and_bad_predictor),
        cmocka_unit_test(test_encode),
        cmocka_unit_test(test_encode_paths_agree),
        cmocka_unit_test(regress_msadpcm_encoder_converts_whole_blocks_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
