/*
 * test_codec_gsm_decoder.c - portacm's own GSM 06.10 decoder (src/codecs/gsm/gsm_decode.c)
 * against libgsm, its reference, linked here: every synthesis engine (the C one and, where the
 * CPU has it, AVX2) must give libgsm's samples bit for bit over 100,000 random blocks (every
 * field value, saturation everywhere), blocks built from extreme field values, and long
 * encoded speech, tones, noise and clipping, with the state carried from block to block; and
 * so must the driver whatever the buffer split and destination address.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsm.h>

#include "codec_gsm_util.h"
#include "gsm/gsm_decode_int.h"
#include "ts_signal.h"

/* ---- our decoder against libgsm ------------------------------------------------------------ */

/* libgsm's decode of one WAV49 block: the first frame reads 33 bytes, the second the last 32
 * (with the half byte libgsm kept), the frame index set before each. */
static void libgsm_decode_block(gsm g, const uint8_t *block, int16_t *samples)
{
    gsm_byte copy[GSM_BLOCK];
    memcpy(copy, block, sizeof copy);
    int index = 0;
    gsm_option(g, GSM_OPT_FRAME_INDEX, &index);
    gsm_decode(g, copy, samples);
    index = 1;
    gsm_option(g, GSM_OPT_FRAME_INDEX, &index);
    gsm_decode(g, copy + 33, samples + 160);
}

static gsm libgsm_decoder(void)
{
    gsm g = gsm_create();
    assert_non_null(g);
    int one = 1;
    gsm_option(g, GSM_OPT_WAV49, &one);
    return g;
}

/* The synthesis engines to prove: the plain C one, and the row this machine's level picks
 * when that is another (AVX2). */
static size_t decoder_engines(gsm_synthesis_fn engines[2], const char *names[2])
{
    engines[0] = pacm_gsm_synthesis_c;
    names[0] = "C";
    const gsm_synthesis_engine *row = pacm_gsm_synthesis_engine_row();
    if (row->synthesis == pacm_gsm_synthesis_c) {
        printf("only the C synthesis engine runs here (no AVX2)\n");
        return 1;
    }
    engines[1] = row->synthesis;
    names[1] = "AVX2";
    return 2;
}

/* Decodes `blocks` blocks as one stream with libgsm and with our decoder on `engine`, and
 * fails at the first sample that differs. */
static void compare_with_libgsm(const uint8_t *coded, size_t blocks, gsm_synthesis_fn engine, const char *what)
{
    gsm g = libgsm_decoder();
    pacm_gsm_decoder ours;
    pacm_gsm_decoder_reset(&ours);
    ours.synthesis = engine;
    for (size_t b = 0; b < blocks; b++) {
        int16_t expected[320], got[320];
        libgsm_decode_block(g, coded + b * GSM_BLOCK, expected);
        pacm_gsm_decode_block(&ours, coded + b * GSM_BLOCK, got);
        for (int k = 0; k < 320; k++) {
            if (expected[k] != got[k])
                fail_msg("%s: block %zu, frame %d, sample %d: libgsm %d, ours %d", what, b, k / 160, k % 160,
                         expected[k], got[k]);
        }
    }
    gsm_destroy(g);
}

static void compare_every_engine(const uint8_t *coded, size_t blocks, const char *what)
{
    gsm_synthesis_fn engines[2];
    const char *names[2];
    size_t count = decoder_engines(engines, names);
    for (size_t e = 0; e < count; e++) {
        char label[160];
        snprintf(label, sizeof label, "%s, %s engine", what, names[e]);
        compare_with_libgsm(coded, blocks, engines[e], label);
    }
}

/* 100,000 blocks of random bytes: every bit pattern is a frame, so this reaches every code of
 * every field, both halves of the block, out-of-range lags, and saturation in every adder. */
static void test_decoder_random_blocks(void **state)
{
    (void)state;
    enum { BLOCKS = 100000 };
    uint32_t seed = 0x6d5a1u, rng = seed;
    uint8_t *coded = malloc((size_t)BLOCKS * GSM_BLOCK);
    assert_non_null(coded);
    for (size_t i = 0; i < (size_t)BLOCKS * GSM_BLOCK; i++)
        coded[i] = (uint8_t)(ts_random(&rng) >> 7);
    char what[64];
    snprintf(what, sizeof what, "random blocks (seed %#x)", (unsigned)seed);
    compare_every_engine(coded, BLOCKS, what);
    free(coded);
}

/* Writes `value` as `width` bits at bit `*at` of a block, least significant bit first. */
static void put_bits(uint8_t *block, unsigned *at, unsigned value, unsigned width)
{
    for (unsigned i = 0; i < width; i++, (*at)++) {
        if (value >> i & 1)
            block[*at / 8] |= (uint8_t)(1u << (*at % 8));
    }
}

/* A field value drawn from {0, the largest, random}: extreme values drive the long-term gain,
 * the pulses and the reflection coefficients to their limits. */
static unsigned extreme_field(uint32_t *rng, unsigned width)
{
    unsigned max = (1u << width) - 1, pick = ts_random(rng) % 4;
    return pick == 0 ? 0 : pick == 1 ? max : ts_random(rng) & max;
}

/* Blocks built field by field (LARc 6,6,5,5,4,4,3,3; per sub-frame Nc 7, bc 2, Mc 2, xmaxc 6,
 * 13 x xMc 3) from extreme values, plus constant blocks: 0x00, 0xFF, 0x55, 0xAA. */
static void test_decoder_extreme_blocks(void **state)
{
    (void)state;
    enum { BLOCKS = 20000 };
    static const unsigned lar_widths[8] = {6, 6, 5, 5, 4, 4, 3, 3};
    uint32_t seed = 0xe7e3u, rng = seed;
    uint8_t *coded = calloc(BLOCKS, GSM_BLOCK);
    assert_non_null(coded);
    for (size_t b = 0; b < BLOCKS; b++) {
        uint8_t *block = coded + b * GSM_BLOCK;
        if (b % 1000 < 4) { /* runs of constant blocks */
            static const uint8_t fill[4] = {0x00, 0xFF, 0x55, 0xAA};
            memset(block, fill[b % 1000], GSM_BLOCK);
            continue;
        }
        unsigned at = 0;
        for (int frame = 0; frame < 2; frame++) {
            for (int i = 0; i < 8; i++)
                put_bits(block, &at, extreme_field(&rng, lar_widths[i]), lar_widths[i]);
            for (int j = 0; j < 4; j++) {
                put_bits(block, &at, 40 + ts_random(&rng) % 81, 7); /* a valid lag, mostly */
                put_bits(block, &at, extreme_field(&rng, 2), 2);
                put_bits(block, &at, ts_random(&rng) & 3, 2);
                put_bits(block, &at, extreme_field(&rng, 6), 6);
                for (int i = 0; i < 13; i++)
                    put_bits(block, &at, extreme_field(&rng, 3), 3);
            }
        }
        assert_int_equal(at, 520);
    }
    char what[64];
    snprintf(what, sizeof what, "extreme fields (seed %#x)", (unsigned)seed);
    compare_every_engine(coded, BLOCKS, what);
    free(coded);
}

/* 60 s of 8 kHz signal in 4-second scenes: speech-like noise bursts, tones, full-scale
 * clipped square waves, white noise, silence (seeded). */
static int16_t *real_like_signal(size_t samples, uint32_t seed)
{
    int16_t *pcm = malloc(samples * sizeof *pcm);
    assert_non_null(pcm);
    double lowpass = 0, phase = 0;
    for (size_t n = 0; n < samples; n++) {
        double t = (double)n / 8000, noise = (double)(ts_random(&seed) % 65536) / 32768 - 1, v;
        lowpass = 0.9 * lowpass + 0.1 * noise;
        phase += 2 * 3.14159265358979 * (200 + 150 * ((n / 32000) % 7)) / 8000;
        switch (n / 32000 % 5) {
        case 0: /* voiced speech: a buzz through a formant-ish low pass, syllable envelope */
            v = 60000 * lowpass * (0.5 + 0.5 * sin(2 * 3.14159265358979 * 3.1 * t)) + 6000 * sin(phase);
            break;
        case 1: /* two tones */
            v = 12000 * sin(phase) + 9000 * sin(2 * 3.14159265358979 * 1250 * t);
            break;
        case 2: /* a square wave beyond full scale, clipped */
            v = sin(phase) > 0 ? 40000 : -40000;
            break;
        case 3: /* white noise at full scale */
            v = 32767 * noise;
            break;
        default: /* near silence */
            v = 8 * noise;
            break;
        }
        pcm[n] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
    }
    return pcm;
}

/* libgsm's WAV49 encoding of whole blocks. */
static uint8_t *libgsm_encode(const int16_t *pcm, size_t blocks)
{
    uint8_t *coded = malloc(blocks * GSM_BLOCK);
    assert_non_null(coded);
    gsm g = libgsm_decoder();
    int16_t frame[320];
    for (size_t b = 0; b < blocks; b++) {
        memcpy(frame, pcm + b * 320, sizeof frame);
        int index = 0;
        gsm_option(g, GSM_OPT_FRAME_INDEX, &index);
        gsm_encode(g, frame, coded + b * GSM_BLOCK);
        index = 1;
        gsm_option(g, GSM_OPT_FRAME_INDEX, &index);
        gsm_encode(g, frame + 160, coded + b * GSM_BLOCK + 32);
    }
    gsm_destroy(g);
    return coded;
}

/* Long encoded signals: the speech vector and 60 s of scenes, each engine against libgsm; and
 * the driver (our decoder behind the DriverProc) in awkward pieces, and into a buffer at an
 * odd address, gives libgsm's samples. */
static void test_decoder_encoded_signals(void **state)
{
    (void)state;
    enum { SCENE_BLOCKS = 60 * 8000 / 320 };
    int16_t *scenes = real_like_signal((size_t)SCENE_BLOCKS * 320, 0x5ce7e5u);
    uint8_t *coded = libgsm_encode(scenes, SCENE_BLOCKS);
    compare_every_engine(coded, SCENE_BLOCKS, "60 s of scenes");

    ts_wav speech;
    ts_wav_load("gsm/speech8m.sox.wav", &speech);
    compare_every_engine(speech.data, speech.data_size / GSM_BLOCK, "speech8m.sox.wav");
    ts_wav_free(&speech);

    int16_t *expected = malloc((size_t)SCENE_BLOCKS * 640);
    assert_non_null(expected);
    gsm g = libgsm_decoder();
    for (size_t b = 0; b < SCENE_BLOCKS; b++)
        libgsm_decode_block(g, coded + b * GSM_BLOCK, expected + b * 320);
    gsm_destroy(g);
    WAVEFORMATEX pcm;
    GSM610WAVEFORMAT f;
    HDRVR h = open_8k(&pcm, &f);
    static const DWORD pieces[3] = {0, 1000, 65 * 7 + 3};
    for (int p = 0; p < 3; p++) {
        ACMDRVSTREAMINSTANCE si;
        assert_int_equal(ts_stream_open(h, &si, &f.wfx, &pcm, 0), MMSYSERR_NOERROR);
        size_t length;
        BYTE *out = convert_pieces(h, &si, coded, SCENE_BLOCKS * GSM_BLOCK, pieces[p], 0, ACM_STREAMCONVERTF_END,
                                   &length);
        assert_int_equal(length, (size_t)SCENE_BLOCKS * 640);
        for (size_t i = 0; i < (size_t)SCENE_BLOCKS * 320; i++) {
            int16_t got = (int16_t)(out[2 * i] | (out[2 * i + 1] << 8));
            if (got != expected[i])
                fail_msg("driver, pieces of %u: sample %zu: libgsm %d, ours %d", (unsigned)pieces[p], i,
                         expected[i], got);
        }
        free(out);
        assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    }
    /* An odd destination address (the driver decodes straight into 2-byte-aligned buffers
     * only): the same samples. */
    enum { ODD_BLOCKS = 50 };
    BYTE *odd = malloc(ODD_BLOCKS * 640 + 1);
    assert_non_null(odd);
    ACMDRVSTREAMINSTANCE si;
    DWORD used, written;
    assert_int_equal(ts_stream_open(h, &si, &f.wfx, &pcm, 0), MMSYSERR_NOERROR);
    assert_int_equal(ts_convert(h, &si, 0, coded, ODD_BLOCKS * GSM_BLOCK, &used, odd + 1, ODD_BLOCKS * 640, &written),
                     MMSYSERR_NOERROR);
    assert_int_equal(written, ODD_BLOCKS * 640);
    for (size_t i = 0; i < ODD_BLOCKS * 320; i++)
        assert_int_equal((int16_t)(odd[1 + 2 * i] | (odd[2 + 2 * i] << 8)), expected[i]);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    free(odd);
    ts_close(h);
    free(expected);
    free(coded);
    free(scenes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decoder_random_blocks),
        cmocka_unit_test(test_decoder_extreme_blocks),
        cmocka_unit_test(test_decoder_encoded_signals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
