/*
 * test_codec_gsm.c - the GSM 6.10 driver (msgsm32.acm) through its DriverProc and through the
 * ACM API: identity, the six standard formats of each tag, suggestions, strict validation of
 * hostile formats, decoding of sox's and ffmpeg's files bit for bit (tests/vectors/gsm, whose
 * manifest records the peers' decodes), encoding byte-identical to sox and ffmpeg (all three
 * use libgsm, so the bytes must agree, the zero-padded partial block included), the round-trip
 * SNR against ffmpeg's on the same speech, Windows' size and destination rules, START, and
 * identical output whatever the buffer split. The decoder's identity with libgsm is proven in
 * test_codec_gsm_decoder.c.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsm.h>

#include "codec_gsm_util.h"
#include "ts_signal.h"

static bool wide_equals(const WCHAR *wide, const char *text)
{
    size_t i = 0;
    for (; text[i]; i++) {
        if (wide[i] != (WCHAR)(unsigned char)text[i])
            return false;
    }
    return wide[i] == 0;
}

/* ---- the manifest (tests/vectors/gsm/manifest.txt) ------------------------------------------- */

typedef struct gsm_manifest {
    char text[4096];
} gsm_manifest;

static void manifest_load(gsm_manifest *m)
{
    size_t size;
    uint8_t *bytes = ts_read_vector("gsm/manifest.txt", &size);
    assert_true(size < sizeof m->text);
    memcpy(m->text, bytes, size);
    m->text[size] = '\0';
    free(bytes);
}

/* The round-trip SNR a peer achieved on `source` (fails when absent). */
static double manifest_snr(const gsm_manifest *m, const char *encoder)
{
    char key[64];
    snprintf(key, sizeof key, "snr %s ", encoder);
    const char *line = strstr(m->text, key);
    assert_non_null(line);
    double db = 0;
    char source[128];
    assert_int_equal(sscanf(line + strlen(key), "%127s %lf", source, &db), 2);
    return db;
}

/* ---- identity and formats ------------------------------------------------------------------ */

static void test_details(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_gsm_driver_proc);
    ACMDRIVERDETAILSW dd;
    ts_driver_details(h, &dd);
    assert_int_equal(dd.wMid, MM_MICROSOFT);
    assert_int_equal(dd.wPid, 0x24);
    assert_int_equal(dd.fdwSupport, ACMDRIVERDETAILS_SUPPORTF_CODEC);
    assert_int_equal(dd.cFormatTags, 2);
    assert_int_equal(dd.cFilterTags, 0);
    assert_true(wide_equals(dd.szShortName, "Microsoft GSM 6.10"));

    static const struct {
        DWORD tag, size;
    } tags[2] = {{WAVE_FORMAT_PCM, 16}, {WAVE_FORMAT_GSM610, 20}};
    for (DWORD i = 0; i < 3; i++) {
        ACMFORMATTAGDETAILSW td;
        memset(&td, 0, sizeof td);
        td.cbStruct = sizeof td;
        td.dwFormatTagIndex = i;
        MMRESULT mr = (MMRESULT)SendDriverMessage(h, ACMDM_FORMATTAG_DETAILS, (LPARAM)&td, ACM_FORMATTAGDETAILSF_INDEX);
        if (i == 2) {
            assert_int_equal(mr, ACMERR_NOTPOSSIBLE);
            break;
        }
        assert_int_equal(mr, MMSYSERR_NOERROR);
        assert_int_equal(td.dwFormatTag, tags[i].tag);
        assert_int_equal(td.cbFormatSize, tags[i].size);
        assert_int_equal(td.cStandardFormats, 6);
    }
    ACMFORMATTAGDETAILSW largest;
    memset(&largest, 0, sizeof largest);
    largest.cbStruct = sizeof largest;
    assert_int_equal(SendDriverMessage(h, ACMDM_FORMATTAG_DETAILS, (LPARAM)&largest, ACM_FORMATTAGDETAILSF_LARGESTSIZE),
                     MMSYSERR_NOERROR);
    assert_int_equal(largest.dwFormatTag, WAVE_FORMAT_GSM610);
    assert_int_equal(largest.cbFormatSize, 20);
    assert_true(wide_equals(largest.szFormatTag, "GSM 6.10"));
    ts_close(h);
}

/* The six standard formats of each tag (reference-behaviour.md section 4), each suggesting the
 * other tag's format at the same rate and back. */
static void test_standard_formats(void **state)
{
    (void)state;
    static const DWORD rates[6] = {8000, 11025, 22050, 44100, 48000, 96000};
    static const DWORD average[6] = {1625, 2239, 4478, 8957, 9750, 19500}; /* rate * 65 / 320 */
    HDRVR h = ts_open(pacm_gsm_driver_proc);
    for (DWORD i = 0; i <= 6; i++) {
        union {
            GSM610WAVEFORMAT gsm;
            BYTE bytes[64];
        } f, pcm, back;
        ACMFORMATDETAILSW fd;
        memset(&fd, 0, sizeof fd);
        fd.cbStruct = sizeof fd;
        fd.dwFormatTag = WAVE_FORMAT_GSM610;
        fd.dwFormatIndex = i;
        fd.pwfx = &f.gsm.wfx;
        fd.cbwfx = sizeof f;
        MMRESULT mr = (MMRESULT)SendDriverMessage(h, ACMDM_FORMAT_DETAILS, (LPARAM)&fd, ACM_FORMATDETAILSF_INDEX);
        if (i == 6) {
            assert_int_equal(mr, MMSYSERR_INVALPARAM);
            break;
        }
        assert_int_equal(mr, MMSYSERR_NOERROR);
        GSM610WAVEFORMAT expected;
        make_gsm(&expected, rates[i]);
        assert_int_equal(expected.wfx.nAvgBytesPerSec, average[i]);
        assert_memory_equal(&f.gsm, &expected, sizeof expected);

        fd.dwFormatTag = WAVE_FORMAT_PCM;
        fd.pwfx = &pcm.gsm.wfx;
        assert_int_equal(SendDriverMessage(h, ACMDM_FORMAT_DETAILS, (LPARAM)&fd, ACM_FORMATDETAILSF_INDEX),
                         MMSYSERR_NOERROR);
        assert_int_equal(pcm.gsm.wfx.wFormatTag, WAVE_FORMAT_PCM);
        assert_int_equal(pcm.gsm.wfx.nChannels, 1);
        assert_int_equal(pcm.gsm.wfx.wBitsPerSample, 16);
        assert_int_equal(pcm.gsm.wfx.nSamplesPerSec, rates[i]);
        assert_int_equal(pcm.gsm.wfx.nAvgBytesPerSec, rates[i] * 2);

        /* GSM -> PCM suggestion, and PCM -> GSM gives the standard GSM format back. */
        WAVEFORMATEX suggested;
        ACMDRVFORMATSUGGEST fs;
        memset(&fs, 0, sizeof fs);
        fs.cbStruct = sizeof fs;
        fs.pwfxSrc = &f.gsm.wfx;
        fs.cbwfxSrc = 20;
        fs.pwfxDst = &suggested;
        fs.cbwfxDst = sizeof suggested;
        assert_int_equal(SendDriverMessage(h, ACMDM_FORMAT_SUGGEST, (LPARAM)&fs, 0), MMSYSERR_NOERROR);
        assert_memory_equal(&suggested, &pcm.gsm.wfx, 16);
        fs.pwfxSrc = &pcm.gsm.wfx;
        fs.cbwfxSrc = 16;
        fs.pwfxDst = &back.gsm.wfx;
        fs.cbwfxDst = sizeof back;
        assert_int_equal(SendDriverMessage(h, ACMDM_FORMAT_SUGGEST, (LPARAM)&fs, 0), MMSYSERR_NOERROR);
        assert_memory_equal(&back.gsm, &expected, sizeof expected);
        /* Binding requests the driver cannot meet. */
        back.gsm.wfx.nChannels = 2;
        fs.fdwSuggest = ACM_FORMATSUGGESTF_NCHANNELS;
        assert_int_equal(SendDriverMessage(h, ACMDM_FORMAT_SUGGEST, (LPARAM)&fs, 0), ACMERR_NOTPOSSIBLE);
        back.gsm.wfx.wFormatTag = WAVE_FORMAT_PCM;
        fs.fdwSuggest = ACM_FORMATSUGGESTF_WFORMATTAG;
        assert_int_equal(SendDriverMessage(h, ACMDM_FORMAT_SUGGEST, (LPARAM)&fs, 0), ACMERR_NOTPOSSIBLE);
        back.gsm.wfx.nSamplesPerSec = rates[i] + 1;
        fs.fdwSuggest = ACM_FORMATSUGGESTF_NSAMPLESPERSEC;
        assert_int_equal(SendDriverMessage(h, ACMDM_FORMAT_SUGGEST, (LPARAM)&fs, 0), ACMERR_NOTPOSSIBLE);

        /* Both directions open at this rate. */
        ACMDRVSTREAMINSTANCE si;
        assert_int_equal(ts_stream_open(h, &si, &pcm.gsm.wfx, &f.gsm.wfx, ACM_STREAMOPENF_QUERY), MMSYSERR_NOERROR);
        assert_int_equal(ts_stream_open(h, &si, &f.gsm.wfx, &pcm.gsm.wfx, ACM_STREAMOPENF_QUERY), MMSYSERR_NOERROR);
    }
    ts_close(h);
}

/* Every malformed GSM or PCM format is refused by FORMAT_DETAILS and by STREAM_OPEN, and so
 * are conversions the driver does not make. Any rate is fine (msgsm32 takes any). */
static void test_hostile_formats(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_gsm_driver_proc);
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 1, 8000, 16);
    GSM610WAVEFORMAT good;
    make_gsm(&good, 8000);
    ACMDRVSTREAMINSTANCE si;
    for (int k = 0; k < 11; k++) {
        union {
            GSM610WAVEFORMAT gsm;
            BYTE bytes[64];
        } bad;
        memset(&bad, 0, sizeof bad);
        bad.gsm = good;
        switch (k) {
        case 0: bad.gsm.wfx.nChannels = 2; bad.gsm.wfx.nAvgBytesPerSec *= 2; break;
        case 1: bad.gsm.wfx.nChannels = 0; break;
        case 2: bad.gsm.wfx.nBlockAlign = 64; break;
        case 3: bad.gsm.wfx.nBlockAlign = 0; break;
        case 4: bad.gsm.wSamplesPerBlock = 160; break;
        case 5: bad.gsm.wSamplesPerBlock = 0; break;
        case 6: bad.gsm.wfx.cbSize = 0; break;
        case 7: bad.gsm.wfx.wBitsPerSample = 16; break;
        case 8: bad.gsm.wfx.nAvgBytesPerSec++; break;
        case 9: bad.gsm.wfx.nAvgBytesPerSec = 0; break;
        case 10: bad.gsm.wfx.nSamplesPerSec = 0; bad.gsm.wfx.nAvgBytesPerSec = 0; break;
        }
        if (ts_stream_open(h, &si, &bad.gsm.wfx, &pcm, ACM_STREAMOPENF_QUERY) != ACMERR_NOTPOSSIBLE)
            fail_msg("case %d accepted for decoding", k);
        if (ts_stream_open(h, &si, &pcm, &bad.gsm.wfx, 0) != ACMERR_NOTPOSSIBLE)
            fail_msg("case %d accepted for encoding", k);
        ACMFORMATDETAILSW fd;
        memset(&fd, 0, sizeof fd);
        fd.cbStruct = sizeof fd;
        fd.dwFormatTag = WAVE_FORMAT_GSM610;
        fd.pwfx = &bad.gsm.wfx;
        fd.cbwfx = sizeof bad;
        if (SendDriverMessage(h, ACMDM_FORMAT_DETAILS, (LPARAM)&fd, ACM_FORMATDETAILSF_FORMAT) != ACMERR_NOTPOSSIBLE)
            fail_msg("case %d accepted by FORMAT_DETAILS", k);
    }
    /* PCM that is not 16-bit mono, rate changes, PCM -> PCM, GSM -> GSM. */
    WAVEFORMATEX other;
    static const WORD channels[3] = {2, 1, 1};
    static const WORD bits[3] = {16, 8, 24};
    for (int k = 0; k < 3; k++) {
        ts_pcm_format(&other, channels[k], 8000, bits[k]);
        assert_int_equal(ts_stream_open(h, &si, &good.wfx, &other, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
        assert_int_equal(ts_stream_open(h, &si, &other, &good.wfx, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
    }
    ts_pcm_format(&other, 1, 11025, 16);
    assert_int_equal(ts_stream_open(h, &si, &good.wfx, &other, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
    assert_int_equal(ts_stream_open(h, &si, &pcm, &pcm, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
    assert_int_equal(ts_stream_open(h, &si, &good.wfx, &good.wfx, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
    /* Odd but legal rates work, including the largest (the average is computed in 64 bits). */
    static const DWORD odd_rates[3] = {1, 12345, 0xFFFFFFFFu};
    for (int k = 0; k < 3; k++) {
        GSM610WAVEFORMAT g;
        make_gsm(&g, odd_rates[k]);
        ts_pcm_format(&other, 1, odd_rates[k], 16);
        assert_int_equal(ts_stream_open(h, &si, &g.wfx, &other, 0), MMSYSERR_NOERROR);
        BYTE block[GSM_BLOCK] = {0};
        BYTE out[PCM_BLOCK];
        DWORD used = 0, written = 0;
        assert_int_equal(ts_convert(h, &si, 0, block, sizeof block, &used, out, sizeof out, &written),
                         MMSYSERR_NOERROR);
        assert_int_equal(used, GSM_BLOCK);
        assert_int_equal(written, PCM_BLOCK);
        assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    }
    ts_close(h);
}

/* ---- reference vectors --------------------------------------------------------------------- */

static void gsm_format_of(const ts_wav *wav, GSM610WAVEFORMAT *f)
{
    make_gsm(f, wav->sample_rate);
    assert_int_equal(wav->format_tag, WAVE_FORMAT_GSM610);
    assert_int_equal(wav->block_align, 65);
    assert_int_equal(wav->samples_per_block, 320);
}

/* Decodes every vector whole and in awkward pieces (not multiples of a block) and compares
 * with every peer decode in the manifest (sox, ffmpeg's own decoder, ffmpeg with libgsm). */
static void test_decode_vectors(void **state)
{
    (void)state;
    gsm_manifest m;
    manifest_load(&m);
    HDRVR h = ts_open(pacm_gsm_driver_proc);
    int checked = 0;
    char *save = NULL;
    char text[sizeof m.text];
    memcpy(text, m.text, sizeof text);
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char file[128], decoder[32], path[160];
        size_t frames;
        unsigned long long hash;
        if (sscanf(line, "decode %127s %31s %zu %llx", file, decoder, &frames, &hash) != 4)
            continue;
        snprintf(path, sizeof path, "gsm/%s", file);
        ts_wav wav;
        ts_wav_load(path, &wav);
        GSM610WAVEFORMAT f;
        gsm_format_of(&wav, &f);
        WAVEFORMATEX pcm;
        ts_pcm_format(&pcm, 1, wav.sample_rate, 16);
        static const DWORD pieces[4] = {0, 100, 6 * GSM_BLOCK + 1, 4096};
        for (int p = 0; p < 4; p++) {
            ACMDRVSTREAMINSTANCE si;
            assert_int_equal(ts_stream_open(h, &si, &f.wfx, &pcm, 0), MMSYSERR_NOERROR);
            size_t length;
            BYTE *out = convert_pieces(h, &si, wav.data, (DWORD)wav.data_size, pieces[p], 0, ACM_STREAMCONVERTF_END,
                                       &length);
            assert_int_equal(length, frames * 2);
            int16_t *samples = malloc(length + 2);
            assert_non_null(samples);
            for (size_t i = 0; i < frames; i++)
                samples[i] = (int16_t)(out[2 * i] | (out[2 * i + 1] << 8));
            if (ts_hash_pcm(samples, frames) != hash)
                fail_msg("%s: decode (pieces of %u) differs from %s's", file, (unsigned)pieces[p], decoder);
            free(samples);
            free(out);
            assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
        }
        ts_wav_free(&wav);
        checked++;
    }
    assert_int_equal(checked, 9);
    ts_close(h);
}

/* Encodes a PCM WAV through the driver (one call, END, no BLOCKALIGN). */
static BYTE *encode_file(HDRVR h, const ts_wav *pcm_wav, DWORD piece, size_t *length)
{
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 1, pcm_wav->sample_rate, 16);
    GSM610WAVEFORMAT f;
    make_gsm(&f, pcm_wav->sample_rate);
    ACMDRVSTREAMINSTANCE si;
    assert_int_equal(ts_stream_open(h, &si, &pcm, &f.wfx, 0), MMSYSERR_NOERROR);
    BYTE *out = convert_pieces(h, &si, pcm_wav->data, (DWORD)pcm_wav->data_size, piece, ACM_STREAMCONVERTF_BLOCKALIGN,
                               ACM_STREAMCONVERTF_END, length);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    return out;
}

/* sox and ffmpeg (both libgsm) write the same bytes (the manifest records it for the 8 kHz
 * file); ours must be those bytes too, including sox's zero-padded final partial block, and
 * whatever the split (block-aligned calls, the last one without BLOCKALIGN). */
static void test_encode_matches_peers(void **state)
{
    (void)state;
    gsm_manifest m;
    manifest_load(&m);
    assert_non_null(strstr(m.text, "same-bytes speech8m.sox.wav speech8m.ffmpeg.wav"));
    HDRVR h = ts_open(pacm_gsm_driver_proc);
    static const char *const pairs[3][2] = {
        {"source/speech8m.wav", "gsm/speech8m.sox.wav"},
        {"source/speech8m.wav", "gsm/speech8m.ffmpeg.wav"},
        {"gsm/speech11m.wav", "gsm/speech11m.sox.wav"},
    };
    for (int i = 0; i < 3; i++) {
        ts_wav source, encoded;
        ts_wav_load(pairs[i][0], &source);
        ts_wav_load(pairs[i][1], &encoded);
        assert_int_equal(source.sample_rate, encoded.sample_rate);
        static const DWORD pieces[3] = {0, 1000, 7 * PCM_BLOCK};
        for (int p = 0; p < 3; p++) {
            size_t length;
            BYTE *out = encode_file(h, &source, pieces[p], &length);
            assert_int_equal(length, (source.data_size + PCM_BLOCK - 1) / PCM_BLOCK * GSM_BLOCK);
            assert_int_equal(length, encoded.data_size);
            if (memcmp(out, encoded.data, length) != 0)
                fail_msg("encoding %s (pieces of %u) differs from %s", pairs[i][0], (unsigned)pieces[p], pairs[i][1]);
            free(out);
        }
        ts_wav_free(&source);
        ts_wav_free(&encoded);
    }
    ts_close(h);
}

/* Round trip through the driver on speech: at least ffmpeg's SNR on the same input (measured
 * by make_vectors.sh: 11.10 dB; codec-facts.md's 600 s input gives 8.79 dB for every libgsm
 * encoder), and never below 8.5 dB. */
static void test_round_trip_snr(void **state)
{
    (void)state;
    gsm_manifest m;
    manifest_load(&m);
    double ffmpeg_db = manifest_snr(&m, "ffmpeg");
    WAVEFORMATEX pcm;
    GSM610WAVEFORMAT f;
    HDRVR h = open_8k(&pcm, &f);
    ts_wav source;
    ts_wav_load("source/speech8m.wav", &source);
    size_t encoded_length;
    BYTE *encoded = encode_file(h, &source, 0, &encoded_length);
    ACMDRVSTREAMINSTANCE si;
    assert_int_equal(ts_stream_open(h, &si, &f.wfx, &pcm, 0), MMSYSERR_NOERROR);
    size_t decoded_length;
    BYTE *decoded = convert_pieces(h, &si, encoded, (DWORD)encoded_length, 0, 0, 0, &decoded_length);
    assert_true(decoded_length >= source.data_size);
    size_t frames;
    int16_t *ref = ts_wav_pcm(&source, &frames);
    int16_t *test = malloc(frames * 2);
    assert_non_null(test);
    for (size_t i = 0; i < frames; i++)
        test[i] = (int16_t)(decoded[2 * i] | (decoded[2 * i + 1] << 8));
    double db = ts_snr(ref, test, frames);
    printf("GSM 6.10 round trip on speech8m: %.2f dB (ffmpeg %.2f dB)\n", db, ffmpeg_db);
    assert_true(db >= 8.5);
    assert_true(db >= ffmpeg_db - 0.01);
    free(ref);
    free(test);
    free(decoded);
    free(encoded);
    ts_wav_free(&source);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    ts_close(h);
}

/* ---- sizes and conversion rules ---------------------------------------------------------- */

static void test_sizes(void **state)
{
    (void)state;
    WAVEFORMATEX pcm;
    GSM610WAVEFORMAT f;
    HDRVR h = open_8k(&pcm, &f);
    ACMDRVSTREAMINSTANCE enc, dec;
    assert_int_equal(ts_stream_open(h, &enc, &pcm, &f.wfx, 0), MMSYSERR_NOERROR);
    assert_int_equal(ts_stream_open(h, &dec, &f.wfx, &pcm, 0), MMSYSERR_NOERROR);
    static const struct {
        DWORD in, enc_source, dec_source, enc_destination, dec_destination;
    } rows[] = {
        /* in   ceil(in/640)*65  floor(in/65)*640  floor(in/65)*640  floor(in/640)*65 */
        {1, 65, 0, 0, 0},
        {64, 65, 0, 0, 0},
        {65, 65, 640, 640, 0},
        {639, 65, 5760, 5760, 0},
        {640, 65, 5760, 5760, 65},
        {641, 130, 5760, 5760, 65},
        {4000, 455, 39040, 39040, 390},
        {0xFFFFFFFFu, 436207655u, 0, 0, 436207590u}, /* decode SOURCE would overflow 32 bits */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        DWORD out = 0;
        struct {
            ACMDRVSTREAMINSTANCE *si;
            DWORD flags, expected;
        } cases[4] = {{&enc, ACM_STREAMSIZEF_SOURCE, rows[i].enc_source},
                      {&dec, ACM_STREAMSIZEF_SOURCE, rows[i].dec_source},
                      {&enc, ACM_STREAMSIZEF_DESTINATION, rows[i].enc_destination},
                      {&dec, ACM_STREAMSIZEF_DESTINATION, rows[i].dec_destination}};
        for (int c = 0; c < 4; c++) {
            MMRESULT mr = ts_stream_size(h, cases[c].si, cases[c].flags, rows[i].in, &out);
            if (cases[c].expected == 0) {
                if (mr != ACMERR_NOTPOSSIBLE)
                    fail_msg("size %u case %d: %u, expected NOTPOSSIBLE", (unsigned)rows[i].in, c, (unsigned)mr);
            } else if (mr != MMSYSERR_NOERROR || out != cases[c].expected) {
                fail_msg("size %u case %d: %u/%u, expected %u", (unsigned)rows[i].in, c, (unsigned)mr, (unsigned)out,
                         (unsigned)cases[c].expected);
            }
        }
    }
    assert_int_equal(ts_stream_close(h, &enc), MMSYSERR_NOERROR);
    assert_int_equal(ts_stream_close(h, &dec), MMSYSERR_NOERROR);
    ts_close(h);
}

/* A deterministic speech-like test signal (a few partials and noise). */
static void fill_signal(BYTE *pcm, size_t samples, uint32_t seed)
{
    for (size_t i = 0; i < samples; i++) {
        int v = (int)((i * 37) % 4000) - 2000 + (int)(ts_random(&seed) % 2001) - 1000;
        v += (int)(((i / 80) % 2) ? 6000 : -6000);
        codec_write_s16(pcm + 2 * i, (int16_t)v);
    }
}

/* Windows' rules: the whole rounded-up need must fit or nothing is converted (even with
 * BLOCKALIGN); without BLOCKALIGN a trailing partial block is zero-padded and consumed; with
 * it, only whole blocks; an odd trailing byte is never consumed; less than a GSM block of
 * input decodes nothing. */
static void test_convert_rules(void **state)
{
    (void)state;
    WAVEFORMATEX pcm;
    GSM610WAVEFORMAT f;
    HDRVR h = open_8k(&pcm, &f);
    BYTE src[2 * PCM_BLOCK + 1];
    fill_signal(src, PCM_BLOCK, 7);
    BYTE dst[4 * GSM_BLOCK];
    ACMDRVSTREAMINSTANCE si;
    DWORD used, written;

    assert_int_equal(ts_stream_open(h, &si, &pcm, &f.wfx, 0), MMSYSERR_NOERROR);
    /* 1000 bytes need 130 destination bytes, with or without BLOCKALIGN. */
    used = written = 99;
    assert_int_equal(ts_convert(h, &si, 0, src, 1000, &used, dst, 129, &written), ACMERR_NOTPOSSIBLE);
    assert_int_equal(ts_convert(h, &si, ACM_STREAMCONVERTF_BLOCKALIGN, src, 1000, &used, dst, 129, &written),
                     ACMERR_NOTPOSSIBLE);
    assert_int_equal(ts_convert(h, &si, ACM_STREAMCONVERTF_START | ACM_STREAMCONVERTF_BLOCKALIGN, src, 1000, &used,
                                dst, 130, &written),
                     MMSYSERR_NOERROR);
    assert_int_equal(used, 640);
    assert_int_equal(written, 65);
    /* Without BLOCKALIGN the 360 remaining bytes become a zero-padded block; 1001 bytes: the
     * odd byte stays. */
    BYTE padded_out[2 * GSM_BLOCK];
    assert_int_equal(ts_convert(h, &si, ACM_STREAMCONVERTF_START, src, 1001, &used, padded_out, sizeof padded_out,
                                &written),
                     MMSYSERR_NOERROR);
    assert_int_equal(used, 1000);
    assert_int_equal(written, 130);
    /* The padded block equals encoding the input followed by zeros. */
    BYTE zero_padded[2 * PCM_BLOCK];
    memset(zero_padded, 0, sizeof zero_padded);
    memcpy(zero_padded, src, 1000);
    BYTE reference[2 * GSM_BLOCK];
    assert_int_equal(ts_convert(h, &si, ACM_STREAMCONVERTF_START | ACM_STREAMCONVERTF_BLOCKALIGN, zero_padded,
                                sizeof zero_padded, &used, reference, sizeof reference, &written),
                     MMSYSERR_NOERROR);
    assert_int_equal(written, 130);
    assert_memory_equal(padded_out, reference, sizeof reference);
    /* Less than one block with BLOCKALIGN: nothing; without: one padded block. */
    assert_int_equal(ts_convert(h, &si, ACM_STREAMCONVERTF_BLOCKALIGN, src, 2, &used, dst, 65, &written),
                     MMSYSERR_NOERROR);
    assert_int_equal(used, 0);
    assert_int_equal(written, 0);
    assert_int_equal(ts_convert(h, &si, 0, src, 2, &used, dst, 65, &written), MMSYSERR_NOERROR);
    assert_int_equal(used, 2);
    assert_int_equal(written, 65);
    assert_int_equal(ts_convert(h, &si, 0, src, 1, &used, dst, 65, &written), MMSYSERR_NOERROR);
    assert_int_equal(used, 0);
    assert_int_equal(written, 0);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);

    /* Decoding: 100 bytes -> one block (the rest stays); 64 -> nothing; a short destination
     * -> NOTPOSSIBLE. */
    assert_int_equal(ts_stream_open(h, &si, &f.wfx, &pcm, 0), MMSYSERR_NOERROR);
    BYTE pcm_out[2 * PCM_BLOCK];
    assert_int_equal(ts_convert(h, &si, 0, reference, 100, &used, pcm_out, sizeof pcm_out, &written),
                     MMSYSERR_NOERROR);
    assert_int_equal(used, 65);
    assert_int_equal(written, 640);
    assert_int_equal(ts_convert(h, &si, 0, reference, 64, &used, pcm_out, sizeof pcm_out, &written), MMSYSERR_NOERROR);
    assert_int_equal(used, 0);
    assert_int_equal(written, 0);
    assert_int_equal(ts_convert(h, &si, 0, reference, 130, &used, pcm_out, 1279, &written), ACMERR_NOTPOSSIBLE);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    ts_close(h);
}

/* START gives a fresh codec: the same input converted again with START gives the same bytes,
 * while without START the carried state makes them differ. */
static void test_start_resets(void **state)
{
    (void)state;
    WAVEFORMATEX pcm;
    GSM610WAVEFORMAT f;
    HDRVR h = open_8k(&pcm, &f);
    enum { BLOCKS = 8 };
    BYTE *src = malloc(BLOCKS * PCM_BLOCK);
    assert_non_null(src);
    fill_signal(src, BLOCKS * PCM_BLOCK / 2, 99);
    BYTE first[BLOCKS * GSM_BLOCK], again[BLOCKS * GSM_BLOCK], restarted[BLOCKS * GSM_BLOCK];
    ACMDRVSTREAMINSTANCE si;
    DWORD used, written;
    assert_int_equal(ts_stream_open(h, &si, &pcm, &f.wfx, 0), MMSYSERR_NOERROR);
    assert_int_equal(ts_convert(h, &si, ACM_STREAMCONVERTF_START, src, BLOCKS * PCM_BLOCK, &used, first, sizeof first,
                                &written),
                     MMSYSERR_NOERROR);
    assert_int_equal(written, sizeof first);
    assert_int_equal(ts_convert(h, &si, 0, src, BLOCKS * PCM_BLOCK, &used, again, sizeof again, &written),
                     MMSYSERR_NOERROR);
    assert_memory_not_equal(first, again, sizeof first);
    assert_int_equal(ts_convert(h, &si, ACM_STREAMCONVERTF_START, src, BLOCKS * PCM_BLOCK, &used, restarted,
                                sizeof restarted, &written),
                     MMSYSERR_NOERROR);
    assert_memory_equal(first, restarted, sizeof first);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);

    /* Decoding likewise. */
    BYTE out1[BLOCKS * PCM_BLOCK], out2[BLOCKS * PCM_BLOCK], out3[BLOCKS * PCM_BLOCK];
    assert_int_equal(ts_stream_open(h, &si, &f.wfx, &pcm, 0), MMSYSERR_NOERROR);
    assert_int_equal(ts_convert(h, &si, 0, first, sizeof first, &used, out1, sizeof out1, &written), MMSYSERR_NOERROR);
    assert_int_equal(ts_convert(h, &si, 0, first, sizeof first, &used, out2, sizeof out2, &written), MMSYSERR_NOERROR);
    assert_memory_not_equal(out1, out2, sizeof out1);
    assert_int_equal(ts_convert(h, &si, ACM_STREAMCONVERTF_START, first, sizeof first, &used, out3, sizeof out3,
                                &written),
                     MMSYSERR_NOERROR);
    assert_memory_equal(out1, out3, sizeof out1);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    free(src);
    ts_close(h);
}

/* ---- through the ACM API ------------------------------------------------------------------ */

/* The driver is in the ACM's list under its Windows name and converts through acmStreamOpen
 * with had = NULL (the ACM picks it), giving the same bytes as the DriverProc path. */
static void test_through_acm(void **state)
{
    (void)state;
    ts_wav source, encoded;
    ts_wav_load("source/speech8m.wav", &source);
    ts_wav_load("gsm/speech8m.sox.wav", &encoded);
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 1, 8000, 16);
    GSM610WAVEFORMAT f;
    make_gsm(&f, 8000);

    HACMSTREAM has = NULL;
    MMRESULT mr = acmStreamOpen(&has, NULL, &pcm, &f.wfx, NULL, 0, 0, 0);
    assert_int_equal(mr, MMSYSERR_NOERROR);
    /* The stream runs on this driver, which the ACM knows by its Windows identity. */
    ACMDRIVERDETAILSW dd = {.cbStruct = sizeof dd};
    HACMDRIVERID hadid = NULL;
    assert_int_equal(acmDriverID((HACMOBJ)has, &hadid, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverDetailsW(hadid, &dd, 0), MMSYSERR_NOERROR);
    assert_true(wide_equals(dd.szShortName, "Microsoft GSM 6.10"));
    assert_true(dd.wMid == MM_MICROSOFT && dd.wPid == MM_MSFT_ACM_GSM610);
    DWORD need = 0;
    assert_int_equal(acmStreamSize(has, (DWORD)source.data_size, &need, ACM_STREAMSIZEF_SOURCE), MMSYSERR_NOERROR);
    assert_int_equal(need, encoded.data_size);
    BYTE *out = malloc(need);
    assert_non_null(out);
    ACMSTREAMHEADER hdr;
    memset(&hdr, 0, sizeof hdr);
    hdr.cbStruct = sizeof hdr;
    hdr.pbSrc = (LPBYTE)source.data;
    hdr.cbSrcLength = (DWORD)source.data_size;
    hdr.pbDst = out;
    hdr.cbDstLength = need;
    assert_int_equal(acmStreamPrepareHeader(has, &hdr, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamConvert(has, &hdr, ACM_STREAMCONVERTF_START | ACM_STREAMCONVERTF_END), MMSYSERR_NOERROR);
    assert_int_equal(hdr.cbSrcLengthUsed, source.data_size);
    assert_int_equal(hdr.cbDstLengthUsed, encoded.data_size);
    assert_memory_equal(out, encoded.data, encoded.data_size);
    assert_int_equal(acmStreamUnprepareHeader(has, &hdr, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);

    /* acmFormatTagDetails finds the GSM tag in this driver: cbFormatSize 20. */
    ACMFORMATTAGDETAILSW td;
    memset(&td, 0, sizeof td);
    td.cbStruct = sizeof td;
    td.dwFormatTag = WAVE_FORMAT_GSM610;
    assert_int_equal(acmFormatTagDetailsW(NULL, &td, ACM_FORMATTAGDETAILSF_FORMATTAG), MMSYSERR_NOERROR);
    assert_int_equal(td.cbFormatSize, 20);
    assert_true(wide_equals(td.szFormatTag, "GSM 6.10"));

    /* A hostile GSM format: no driver takes it. */
    f.wSamplesPerBlock = 321;
    assert_int_equal(acmStreamOpen(&has, NULL, &f.wfx, &pcm, NULL, 0, 0, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
    free(out);
    ts_wav_free(&source);
    ts_wav_free(&encoded);
}

/* szFormat as Windows' msgsm32 words it: a GSM format has no sample size, so no "Bit" part
 * ("8.000 kHz, Mono"), while the driver's PCM formats keep it; the same text through the ACM. */
static void test_format_texts(void **state)
{
    (void)state;
    static const char *const gsm_texts[6] = {"8.000 kHz, Mono",  "11.025 kHz, Mono", "22.050 kHz, Mono",
                                             "44.100 kHz, Mono", "48.000 kHz, Mono", "96.000 kHz, Mono"};
    static const char *const pcm_texts[6] = {"8.000 kHz, 16 Bit, Mono",  "11.025 kHz, 16 Bit, Mono",
                                             "22.050 kHz, 16 Bit, Mono", "44.100 kHz, 16 Bit, Mono",
                                             "48.000 kHz, 16 Bit, Mono", "96.000 kHz, 16 Bit, Mono"};
    HDRVR h = ts_open(pacm_gsm_driver_proc);
    union {
        GSM610WAVEFORMAT gsm;
        BYTE bytes[64];
    } f;
    ACMFORMATDETAILSW fd;
    for (DWORD i = 0; i < 6; i++) {
        assert_int_equal(ts_format_details(h, &fd, WAVE_FORMAT_GSM610, i, &f, sizeof f, ACM_FORMATDETAILSF_INDEX),
                         MMSYSERR_NOERROR);
        assert_true(wide_equals(fd.szFormat, gsm_texts[i]));
        assert_int_equal(ts_format_details(h, &fd, WAVE_FORMAT_PCM, i, &f, sizeof f, ACM_FORMATDETAILSF_INDEX),
                         MMSYSERR_NOERROR);
        assert_true(wide_equals(fd.szFormat, pcm_texts[i]));
    }
    /* FORMAT names a caller's format the same way. */
    make_gsm(&f.gsm, 8000);
    assert_int_equal(ts_format_details(h, &fd, WAVE_FORMAT_GSM610, 0, &f, sizeof f.gsm, ACM_FORMATDETAILSF_FORMAT),
                     MMSYSERR_NOERROR);
    assert_true(wide_equals(fd.szFormat, "8.000 kHz, Mono"));
    ts_close(h);

    ACMFORMATDETAILSA narrow = {.cbStruct = sizeof narrow, .dwFormatTag = WAVE_FORMAT_GSM610, .pwfx = &f.gsm.wfx,
                                .cbwfx = sizeof f.gsm};
    assert_int_equal(acmFormatDetailsA(NULL, &narrow, ACM_FORMATDETAILSF_FORMAT), MMSYSERR_NOERROR);
    assert_string_equal(narrow.szFormat, "8.000 kHz, Mono");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_details),
        cmocka_unit_test(test_standard_formats),
        cmocka_unit_test(test_hostile_formats),
        cmocka_unit_test(test_decode_vectors),
        cmocka_unit_test(test_encode_matches_peers),
        cmocka_unit_test(test_round_trip_snr),
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_convert_rules),
        cmocka_unit_test(test_start_resets),
        cmocka_unit_test(test_through_acm),
        cmocka_unit_test(test_format_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
