/*
 * test_codec_ima.c - the IMA ADPCM driver through its DriverProc: identity, standard formats,
 * strict validation of hostile formats, decoding of independent encoders' files equal to
 * sox/libsndfile (tests/vectors/manifest.txt) including partial final blocks, sizes, the
 * destination-too-small rule, encoding quality in both modes, 8-bit and multichannel decode.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "codec_driver_int.h"
#include "imaadpcm/imaadpcm_int.h"
#include "ts_codec.h"
#include "ts_formats.h"
#include "ts_vectors.h"
#include "ts_signal.h"

static void make_ima(IMAADPCMWAVEFORMAT *f, WORD channels, DWORD rate, WORD align)
{
    memset(f, 0, sizeof *f);
    f->wfx.wFormatTag = WAVE_FORMAT_IMA_ADPCM;
    f->wfx.nChannels = channels;
    f->wfx.nSamplesPerSec = rate;
    f->wfx.nBlockAlign = align;
    f->wfx.wBitsPerSample = 4;
    f->wfx.cbSize = 2;
    f->wSamplesPerBlock = (WORD)((align - 4 * channels) * 2 / channels + 1);
    f->wfx.nAvgBytesPerSec = rate * align / f->wSamplesPerBlock;
}

static void test_details_and_formats(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_imaadpcm_driver_proc);
    ACMDRIVERDETAILSW dd;
    ts_driver_details(h, &dd);
    assert_int_equal(dd.wMid, MM_MICROSOFT);
    assert_int_equal(dd.wPid, MM_MSFT_ACM_IMAADPCM);
    assert_int_equal(dd.fdwSupport, ACMDRIVERDETAILS_SUPPORTF_CODEC);
    assert_int_equal(dd.cFormatTags, 2);
    static const char name[] = "Microsoft IMA ADPCM";
    for (size_t i = 0; i < sizeof name; i++)
        assert_int_equal(dd.szShortName[i], (WCHAR)name[i]);

    ACMFORMATTAGDETAILSW td;
    memset(&td, 0, sizeof td);
    td.cbStruct = sizeof td;
    td.dwFormatTag = WAVE_FORMAT_IMA_ADPCM;
    assert_int_equal(SendDriverMessage(h, ACMDM_FORMATTAG_DETAILS, (LPARAM)&td, ACM_FORMATTAGDETAILSF_FORMATTAG),
                     MMSYSERR_NOERROR);
    assert_int_equal(td.cbFormatSize, 20);
    assert_int_equal(td.cStandardFormats, 8);
    assert_int_equal(td.dwFormatTagIndex, 1);

    /* Standard IMA formats: Windows' block sizes (256/256/512/1024 per channel) and spb. */
    static const WORD align_mono[4] = {256, 256, 512, 1024};
    for (DWORD i = 0; i <= 8; i++) {
        union {
            IMAADPCMWAVEFORMAT ima;
            BYTE bytes[64];
        } f;
        ACMFORMATDETAILSW fd;
        memset(&fd, 0, sizeof fd);
        fd.cbStruct = sizeof fd;
        fd.dwFormatTag = WAVE_FORMAT_IMA_ADPCM;
        fd.dwFormatIndex = i;
        fd.pwfx = &f.ima.wfx;
        fd.cbwfx = sizeof f;
        MMRESULT mr = (MMRESULT)SendDriverMessage(h, ACMDM_FORMAT_DETAILS, (LPARAM)&fd, ACM_FORMATDETAILSF_INDEX);
        if (i == 8) {
            assert_int_equal(mr, MMSYSERR_INVALPARAM);
            break;
        }
        assert_int_equal(mr, MMSYSERR_NOERROR);
        WORD ch = f.ima.wfx.nChannels;
        assert_int_equal(f.ima.wfx.nBlockAlign, align_mono[i / 2] * ch);
        assert_int_equal(f.ima.wSamplesPerBlock, (align_mono[i / 2] * ch - 4 * ch) * 2 / ch + 1);
        assert_int_equal(f.ima.wfx.cbSize, 2);
        /* It decodes to the 16-bit PCM the suggestion names. */
        WAVEFORMATEX pcm;
        ACMDRVFORMATSUGGEST fs;
        memset(&fs, 0, sizeof fs);
        fs.cbStruct = sizeof fs;
        fs.pwfxSrc = &f.ima.wfx;
        fs.cbwfxSrc = 20;
        fs.pwfxDst = &pcm;
        fs.cbwfxDst = sizeof pcm;
        assert_int_equal(SendDriverMessage(h, ACMDM_FORMAT_SUGGEST, (LPARAM)&fs, 0), MMSYSERR_NOERROR);
        assert_int_equal(pcm.wFormatTag, WAVE_FORMAT_PCM);
        assert_int_equal(pcm.wBitsPerSample, 16);
        assert_int_equal(pcm.nChannels, ch);
        assert_int_equal(pcm.nBlockAlign, 2 * ch);
        assert_int_equal(pcm.nSamplesPerSec, f.ima.wfx.nSamplesPerSec);
        /* and the PCM suggests this very IMA format back */
        union {
            IMAADPCMWAVEFORMAT ima;
            BYTE bytes[64];
        } back;
        fs.pwfxSrc = &pcm;
        fs.cbwfxSrc = 16;
        fs.pwfxDst = &back.ima.wfx;
        fs.cbwfxDst = sizeof back;
        assert_int_equal(SendDriverMessage(h, ACMDM_FORMAT_SUGGEST, (LPARAM)&fs, 0), MMSYSERR_NOERROR);
        assert_memory_equal(&back.ima, &f.ima, sizeof f.ima);
        /* WFORMATTAG = the source's own tag: a codec says no. */
        back.ima.wfx.wFormatTag = WAVE_FORMAT_PCM;
        fs.fdwSuggest = ACM_FORMATSUGGESTF_WFORMATTAG;
        assert_int_equal(SendDriverMessage(h, ACMDM_FORMAT_SUGGEST, (LPARAM)&fs, 0), ACMERR_NOTPOSSIBLE);
    }
    /* PCM -> PCM is not this driver's. */
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 1, 8000, 16);
    ACMDRVSTREAMINSTANCE si;
    assert_int_equal(ts_stream_open(h, &si, &pcm, &pcm, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
    ts_close(h);
}

static void test_hostile_formats(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_imaadpcm_driver_proc);
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 2, 22050, 16);
    IMAADPCMWAVEFORMAT good;
    make_ima(&good, 2, 22050, 1024);
    ACMDRVSTREAMINSTANCE si;
    assert_int_equal(ts_stream_open(h, &si, &good.wfx, &pcm, ACM_STREAMOPENF_QUERY), MMSYSERR_NOERROR);
    assert_int_equal(ts_stream_open(h, &si, &pcm, &good.wfx, ACM_STREAMOPENF_QUERY), MMSYSERR_NOERROR);
    for (int k = 0; k < 10; k++) {
        IMAADPCMWAVEFORMAT bad = good;
        switch (k) {
        case 0: bad.wfx.nChannels = 0; break;
        case 1: bad.wfx.nBlockAlign = 0; break;
        case 2: bad.wSamplesPerBlock++; break;
        case 3: bad.wSamplesPerBlock = 0; break;
        case 4: bad.wfx.cbSize = 0; break;
        case 5: bad.wfx.wBitsPerSample = 3; break;
        case 6: bad.wfx.nSamplesPerSec = 0; break;
        case 7: bad.wfx.nBlockAlign = 1022; break; /* not whole 8-byte groups */
        case 8: bad.wfx.nChannels = 9; break;
        case 9: bad.wfx.nBlockAlign = 4; bad.wSamplesPerBlock = 1; break; /* header only */
        }
        if (ts_stream_open(h, &si, &bad.wfx, &pcm, ACM_STREAMOPENF_QUERY) != ACMERR_NOTPOSSIBLE)
            fail_msg("case %d accepted for decoding", k);
        ACMFORMATDETAILSW fd;
        memset(&fd, 0, sizeof fd);
        fd.cbStruct = sizeof fd;
        fd.dwFormatTag = WAVE_FORMAT_IMA_ADPCM;
        fd.pwfx = &bad.wfx;
        fd.cbwfx = sizeof bad;
        if (SendDriverMessage(h, ACMDM_FORMAT_DETAILS, (LPARAM)&fd, ACM_FORMATDETAILSF_FORMAT) != ACMERR_NOTPOSSIBLE)
            fail_msg("case %d accepted by FORMAT_DETAILS", k);
    }
    /* Rate or channel changes, 24-bit PCM, 4-channel encoding. */
    WAVEFORMATEX other;
    ts_pcm_format(&other, 2, 44100, 16);
    assert_int_equal(ts_stream_open(h, &si, &good.wfx, &other, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
    ts_pcm_format(&other, 2, 22050, 24);
    assert_int_equal(ts_stream_open(h, &si, &good.wfx, &other, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
    IMAADPCMWAVEFORMAT quad;
    make_ima(&quad, 4, 22050, 2048);
    ts_pcm_format(&other, 4, 22050, 16);
    assert_int_equal(ts_stream_open(h, &si, &quad.wfx, &other, ACM_STREAMOPENF_QUERY), MMSYSERR_NOERROR);
    assert_int_equal(ts_stream_open(h, &si, &other, &quad.wfx, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
    ts_close(h);
}


/* Decodes every IMA vector (made by libsndfile, sox, ffmpeg) through the driver in
 * block-aligned pieces and compares frames and hash with sox's decode. */
static void test_decode_vectors(void **state)
{
    (void)state;
    assert_true(ts_check_decode_vectors(pacm_imaadpcm_driver_proc, "ima/", 3) >= 6);
}

/* Sizes: less than one block -> NOTPOSSIBLE, partial blocks round up; BLOCKALIGN converts whole
 * blocks only; without it a trailing partial block (header + whole groups) is decoded; a
 * destination smaller than one block's output gets what fits and the block is consumed. */
static void test_sizes_and_partial_blocks(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_imaadpcm_driver_proc);
    IMAADPCMWAVEFORMAT ima;
    make_ima(&ima, 1, 8000, 256);
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 1, 8000, 16);
    ACMDRVSTREAMINSTANCE dec, enc;
    assert_int_equal(ts_stream_open(h, &dec, &ima.wfx, &pcm, 0), MMSYSERR_NOERROR);
    assert_int_equal(ts_stream_open(h, &enc, &pcm, &ima.wfx, 0), MMSYSERR_NOERROR);
    DWORD n = 0;
    assert_int_equal(ts_stream_size(h, &dec, ACM_STREAMSIZEF_SOURCE, 255, &n), ACMERR_NOTPOSSIBLE);
    assert_int_equal(ts_stream_size(h, &dec, ACM_STREAMSIZEF_SOURCE, 256, &n), MMSYSERR_NOERROR);
    assert_int_equal(n, 505 * 2);
    assert_int_equal(ts_stream_size(h, &dec, ACM_STREAMSIZEF_SOURCE, 300, &n), MMSYSERR_NOERROR);
    assert_int_equal(n, 2 * 505 * 2);
    assert_int_equal(ts_stream_size(h, &dec, ACM_STREAMSIZEF_DESTINATION, 2 * 1010 + 5, &n), MMSYSERR_NOERROR);
    assert_int_equal(n, 512);
    assert_int_equal(ts_stream_size(h, &enc, ACM_STREAMSIZEF_SOURCE, 1009, &n), ACMERR_NOTPOSSIBLE);
    assert_int_equal(ts_stream_size(h, &enc, ACM_STREAMSIZEF_SOURCE, 1010 * 3, &n), MMSYSERR_NOERROR);
    assert_int_equal(n, 768);
    assert_int_equal(ts_stream_size(h, &enc, ACM_STREAMSIZEF_DESTINATION, 600, &n), MMSYSERR_NOERROR);
    assert_int_equal(n, 2 * 1010);
    assert_int_equal(ts_stream_size(h, &enc, ACM_STREAMSIZEF_DESTINATION, 255, &n), ACMERR_NOTPOSSIBLE);

    BYTE src[256 + 4 + 12 + 3];
    uint32_t seed = 5;
    for (size_t i = 0; i < sizeof src; i++)
        src[i] = (BYTE)ts_random(&seed);
    src[2] = 10;       /* step index of block 1 */
    src[256 + 2] = 20; /* and of the partial block */
    static BYTE out[4096];
    DWORD used = 0, produced = 0;
    assert_int_equal(ts_convert(h, &dec, ACM_STREAMCONVERTF_BLOCKALIGN, src, sizeof src, &used, out, sizeof out,
                                &produced),
                     MMSYSERR_NOERROR);
    assert_int_equal(used, 256);
    assert_int_equal(produced, 1010);
    assert_int_equal(ts_convert(h, &dec, 0, src, sizeof src, &used, out, sizeof out, &produced), MMSYSERR_NOERROR);
    /* the partial block: header + 3 groups of 4 bytes (8 samples each); 3 stray bytes left */
    assert_int_equal(used, 256 + 16);
    assert_int_equal(produced, (505 + 1 + 24) * 2);
    /* The partial block decodes like the kernel decodes it. */
    int16_t ref[64];
    assert_int_equal(pacm_imaadpcm_decode_block(src + 256, 16, 1, ref, 505), 25);
    for (int i = 0; i < 25; i++)
        assert_int_equal((int16_t)(out[1010 + 2 * i] | (out[1011 + 2 * i] << 8)), ref[i]);
    /* Destination of 32 bytes: native ACM codecs fill it and consume the block. */
    memset(out, 0x77, 64);
    assert_int_equal(ts_convert(h, &dec, 0, src, 256, &used, out, 32, &produced), MMSYSERR_NOERROR);
    assert_int_equal(used, 256);
    assert_int_equal(produced, 32);
    assert_int_equal(out[32], 0x77);
    assert_int_equal(ts_stream_close(h, &dec), MMSYSERR_NOERROR);
    assert_int_equal(ts_stream_close(h, &enc), MMSYSERR_NOERROR);
    ts_close(h);
}

static int16_t *test_signal(size_t frames, unsigned channels, double rate)
{
    int16_t *s = malloc(frames * channels * sizeof *s);
    assert_non_null(s);
    uint32_t seed = 77;
    for (size_t i = 0; i < frames; i++)
        for (unsigned c = 0; c < channels; c++) {
            double t = i / rate;
            double v = 9000 * sin(2 * M_PI * (440 + 220 * c) * t) + 4000 * sin(2 * M_PI * 3000 * t) +
                       300.0 * ((double)(ts_random(&seed) % 2001) / 1000.0 - 1.0);
            s[i * channels + c] = (int16_t)lrint(v);
        }
    return s;
}

/* Encodes with the driver, decodes with the driver: SNR floor, HQ at least as good, BLOCKALIGN
 * pieces give the same bytes as one call, and the encoder matches the kernel called directly
 * with Windows' stream state (step index carried, START resets). The encoder converts whole
 * blocks only (as Windows'), so the SNR is measured over the frames of those blocks. */
static double round_trip(HDRVR h, WORD channels, DWORD rate, DWORD fdw_open, DWORD piece_blocks, const int16_t *signal,
                         size_t frames, BYTE **encoded, size_t *encoded_length)
{
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, channels, rate, 16);
    union {
        IMAADPCMWAVEFORMAT ima;
        BYTE bytes[64];
    } f;
    ACMDRVFORMATSUGGEST fs;
    memset(&fs, 0, sizeof fs);
    fs.cbStruct = sizeof fs;
    fs.pwfxSrc = &pcm;
    fs.cbwfxSrc = 16;
    fs.pwfxDst = &f.ima.wfx;
    fs.cbwfxDst = sizeof f;
    assert_int_equal(SendDriverMessage(h, ACMDM_FORMAT_SUGGEST, (LPARAM)&fs, 0), MMSYSERR_NOERROR);
    BYTE *src = malloc(frames * channels * 2);
    for (size_t i = 0; i < frames * channels; i++) {
        src[2 * i] = (BYTE)((uint16_t)signal[i] & 0xFF);
        src[2 * i + 1] = (BYTE)((uint16_t)signal[i] >> 8);
    }
    ACMDRVSTREAMINSTANCE si;
    assert_int_equal(ts_stream_open(h, &si, &pcm, &f.ima.wfx, fdw_open), MMSYSERR_NOERROR);
    DWORD piece = piece_blocks * f.ima.wSamplesPerBlock * channels * 2;
    ts_convert_pieces(h, &si, src, (DWORD)(frames * channels * 2), piece, 0, encoded, encoded_length);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    const size_t blocks = frames / f.ima.wSamplesPerBlock;
    assert_int_equal(*encoded_length, blocks * f.ima.wfx.nBlockAlign);
    frames = blocks * f.ima.wSamplesPerBlock;
    assert_int_equal(ts_stream_open(h, &si, &f.ima.wfx, &pcm, 0), MMSYSERR_NOERROR);
    BYTE *decoded = NULL;
    size_t decoded_length = 0;
    ts_convert_pieces(h, &si, *encoded, (DWORD)*encoded_length, 0, 0, &decoded, &decoded_length);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    assert_true(decoded_length >= frames * channels * 2);
    int16_t *back = malloc(frames * channels * sizeof *back);
    for (size_t i = 0; i < frames * channels; i++)
        back[i] = (int16_t)(uint16_t)(decoded[2 * i] | (decoded[2 * i + 1] << 8));
    double snr = ts_snr(signal, back, frames * channels);
    free(back);
    free(decoded);
    free(src);
    return snr;
}

static void test_encode(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_imaadpcm_driver_proc);
    const size_t frames = 44100;
    int16_t *signal = test_signal(frames, 2, 44100);
    BYTE *one = NULL, *pieces = NULL, *hq = NULL;
    size_t one_length = 0, pieces_length = 0, hq_length = 0;
    double snr = round_trip(h, 2, 44100, 0, 0, signal, frames, &one, &one_length);
    double snr_pieces = round_trip(h, 2, 44100, 0, 3, signal, frames, &pieces, &pieces_length);
    double snr_hq = round_trip(h, 2, 44100, ACM_STREAMOPENF_NONREALTIME, 0, signal, frames, &hq, &hq_length);
    print_message("IMA 44.1 kHz stereo round trip: real-time %.2f dB, NONREALTIME %.2f dB\n", snr, snr_hq);
    assert_true(snr > 25.0);
    assert_true(snr_hq >= snr);
    assert_true(snr_pieces == snr);
    assert_int_equal(one_length, pieces_length);
    assert_memory_equal(one, pieces, one_length);
    /* The same as the kernel, block by block, step index carried from a zero start; the
     * frames after the last whole block are not encoded. */
    const size_t spb = 2041;
    uint8_t steps[2] = {0, 0};
    BYTE block[2048];
    size_t offset = 0;
    for (size_t f0 = 0; f0 + spb <= frames; f0 += spb) {
        size_t bytes = pacm_imaadpcm_encode_block(signal + f0 * 2, spb, 2, steps, block, spb);
        assert_memory_equal(one + offset, block, bytes);
        offset += bytes;
    }
    assert_int_equal(offset, one_length);
    free(one);
    free(pieces);
    free(hq);
    /* Mono at an odd rate. */
    int16_t *mono = test_signal(30000, 1, 12345);
    BYTE *enc = NULL;
    size_t enc_length = 0;
    double snr_mono = round_trip(h, 1, 12345, 0, 0, mono, 30000, &enc, &enc_length);
    print_message("IMA 12345 Hz mono round trip: %.2f dB\n", snr_mono);
    assert_true(snr_mono > 20.0);
    free(enc);
    free(mono);
    free(signal);
    ts_close(h);
}

/* Issue 10, item 14: like Windows' IMA ADPCM encoder, ours converts whole blocks only, with
 * and without BLOCKALIGN and END: cbSrcLengthUsed leaves the remaining frames out, no short
 * final block is written, and nothing is kept for later (see ts_check_encoder_whole_blocks).
 * Before the fix a short final block was written and the frames reported used. */
static void regress_ima_encoder_converts_whole_blocks_only(void **state)
{
    (void)state;
    for (WORD channels = 1; channels <= 2; channels++) {
        for (WORD bits = 8; bits <= 16; bits += 8) {
            IMAADPCMWAVEFORMAT ima;
            make_ima(&ima, channels, 8000, (WORD)(256 * channels));
            WAVEFORMATEX pcm;
            ts_pcm_format(&pcm, channels, 8000, bits);
            ts_check_encoder_whole_blocks(pacm_imaadpcm_driver_proc, &pcm, &ima.wfx, ima.wSamplesPerBlock, 0);
            ts_check_encoder_whole_blocks(pacm_imaadpcm_driver_proc, &pcm, &ima.wfx, ima.wSamplesPerBlock,
                                          ACM_STREAMOPENF_NONREALTIME);
        }
    }
}

/* 8-bit output is the 16-bit output mapped by (s >> 8) + 128; 4-channel decode works. */
static void test_pcm8_and_multichannel(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_imaadpcm_driver_proc);
    IMAADPCMWAVEFORMAT ima;
    make_ima(&ima, 4, 11025, 1024);
    BYTE block[1024];
    uint32_t seed = 3;
    for (size_t i = 0; i < sizeof block; i++)
        block[i] = (BYTE)ts_random(&seed);
    for (int c = 0; c < 4; c++)
        block[4 * c + 2] = (BYTE)(c * 20);
    WAVEFORMATEX pcm16, pcm8;
    ts_pcm_format(&pcm16, 4, 11025, 16);
    ts_pcm_format(&pcm8, 4, 11025, 8);
    static BYTE out16[4 * 2 * 2048], out8[4 * 2048];
    ACMDRVSTREAMINSTANCE si;
    DWORD used = 0, n16 = 0, n8 = 0;
    assert_int_equal(ts_stream_open(h, &si, &ima.wfx, &pcm16, 0), MMSYSERR_NOERROR);
    assert_int_equal(ts_convert(h, &si, 0, block, 1024, &used, out16, sizeof out16, &n16), MMSYSERR_NOERROR);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    assert_int_equal(ts_stream_open(h, &si, &ima.wfx, &pcm8, 0), MMSYSERR_NOERROR);
    assert_int_equal(ts_convert(h, &si, 0, block, 1024, &used, out8, sizeof out8, &n8), MMSYSERR_NOERROR);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    assert_int_equal(n16, ima.wSamplesPerBlock * 4u * 2);
    assert_int_equal(n8, ima.wSamplesPerBlock * 4u);
    int16_t ref[4 * 2048];
    assert_int_equal(pacm_imaadpcm_decode_block(block, 1024, 4, ref, ima.wSamplesPerBlock), ima.wSamplesPerBlock);
    for (DWORD i = 0; i < n8; i++) {
        int16_t s = (int16_t)(uint16_t)(out16[2 * i] | (out16[2 * i + 1] << 8));
        assert_int_equal(s, ref[i]);
        assert_int_equal(out8[i], (BYTE)((s >> 8) + 128));
    }
    ts_close(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_details_and_formats), cmocka_unit_test(test_hostile_formats),
        cmocka_unit_test(test_decode_vectors),      cmocka_unit_test(test_sizes_and_partial_blocks),
        cmocka_unit_test(test_encode),              cmocka_unit_test(test_pcm8_and_multichannel),
        cmocka_unit_test(regress_ima_encoder_converts_whole_blocks_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
