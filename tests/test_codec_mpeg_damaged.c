/*
 * test_codec_mpeg_damaged.c - damaged and odd MPEG Layer-3 streams through both decoders of the
 * MPEG Layer-3 driver: portacm's own (the default; PORTACM_MP3_DECODER=portacm) against
 * libmpg123 (PORTACM_MP3_DECODER=mpg123), each through the driver's stream, on what real files
 * carry and what goes wrong with them: ID3v2 tags (full of bytes that look like frame headers)
 * before the audio and between songs, ID3v1 and APEv2 tags after it, junk and runs of zeros
 * between frames, bytes cut out of the middle, a truncated end, bit errors in frames, two
 * streams of different bitrates joined, and frames at another sample rate spliced in.
 *
 * The streams are LAME's, made at run time from a signal of known level (peak about 11000).
 * For each damage and each decoder the test measures: the length; the peak; and, frame by
 * frame, how many output frames equal (within 1 LSB) a frame of the undamaged stream's decode.
 * The own decoder must
 *   - never put out more samples than the undamaged stream holds (junk is not taken for
 *     frames), nor lose more than a frame per damage site against libmpg123;
 *   - never exceed the louder of the clean peak and libmpg123's by 2 dB (no bursts of noise
 *     from junk taken for frames or from a bit reservoir filled with junk);
 *   - reproduce the clean decode on at least as many frames as libmpg123 does, less one per
 *     damage site, and on every frame where nothing was destroyed (tags, runs of zeros, the
 *     stream joined to itself).
 * Every stream is decoded whole and in 333-byte pieces, with the same output.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "codec_mpeg_streams.h"
#include "mpeg/mp3_int.h"

/* Offsets of the frames of a clean stream (up to `max`). */
static size_t frame_offsets(const bytes *mp3, size_t *offsets, size_t max)
{
    size_t n = 0, p = 0;
    mp3_header h;
    while (n < max && p + 4 <= mp3->length && pacm_mp3_parse_header(mp3->data + p, &h) && h.frame_bytes > 0) {
        offsets[n++] = p;
        p += (size_t)h.frame_bytes;
    }
    return n;
}

static void append(bytes *b, const uint8_t *data, size_t n)
{
    memcpy(bytes_room(b, n), data, n);
    b->length += n;
}

/* Junk of `n` bytes: random, with a copy of a real header of the stream every ~60 bytes (the
 * fake sync words a tag's picture or text holds), so a decoder that trusts one header is
 * misled. */
static void append_junk(bytes *b, size_t n, const uint8_t header[4], uint32_t *seed, bool zeros)
{
    uint8_t *p = bytes_room(b, n);
    for (size_t i = 0; i < n; i++)
        p[i] = zeros ? 0 : (uint8_t)ts_random(seed);
    for (size_t i = 7; !zeros && i + 4 <= n; i += 40 + ts_random(seed) % 40)
        memcpy(p + i, header, 4);
    b->length += n;
}

/* An ID3v2.3 tag of `payload` bytes (its size syncsafe) filled with junk. */
static void append_id3v2(bytes *b, size_t payload, const uint8_t header[4], uint32_t *seed)
{
    const uint8_t head[10] = {'I', 'D', '3', 3, 0, 0, (uint8_t)((payload >> 21) & 0x7F), (uint8_t)((payload >> 14) & 0x7F),
                              (uint8_t)((payload >> 7) & 0x7F), (uint8_t)(payload & 0x7F)};
    append(b, head, sizeof head);
    append_junk(b, payload, header, seed, false);
}

typedef enum {
    DAMAGE_NONE,
    DAMAGE_ID3V2_FRONT,
    DAMAGE_ID3V1_APE_END,
    DAMAGE_JUNK_BETWEEN,
    DAMAGE_ZEROS_BETWEEN,
    DAMAGE_CUT,
    DAMAGE_TRUNCATED,
    DAMAGE_BIT_ERRORS,
    DAMAGE_ID3V2_BETWEEN,
    DAMAGE_JOINED,
    DAMAGE_OTHER_RATE,
    DAMAGE_COUNT
} damage;

static const char *const damage_names[DAMAGE_COUNT] = {
    "clean", "ID3v2 before", "ID3v1 + APEv2 after", "junk between frames", "zeros between frames",
    "bytes cut out", "truncated end", "bit errors", "ID3v2 between frames", "joined to itself",
    "other rate spliced in",
};

/* The damaged copy of `mp3` (frames at `offsets`; `other` a stream at another rate) and the
 * number of damage sites. */
static bytes make_damaged(const bytes *mp3, const size_t *offsets, size_t frames, const bytes *other, damage kind,
                          uint32_t seed, int *sites)
{
    bytes out = {0};
    const uint8_t *header = mp3->data + offsets[frames / 2];
    const size_t a = offsets[frames / 4], b = offsets[frames / 2] + 37, c = offsets[3 * frames / 4];
    *sites = 1;
    switch (kind) {
    case DAMAGE_NONE:
        *sites = 0;
        append(&out, mp3->data, mp3->length);
        break;
    case DAMAGE_ID3V2_FRONT:
        append_id3v2(&out, 3000, header, &seed);
        append(&out, mp3->data, mp3->length);
        break;
    case DAMAGE_ID3V1_APE_END: {
        append(&out, mp3->data, mp3->length);
        static const char ape[] = "APETAGEX\xD0\x07\0\0";
        append(&out, (const uint8_t *)ape, 12);
        append_junk(&out, 200, header, &seed, false);
        append(&out, (const uint8_t *)"TAG", 3);
        append_junk(&out, 125, header, &seed, false);
        break;
    }
    case DAMAGE_JUNK_BETWEEN:
    case DAMAGE_ZEROS_BETWEEN:
    case DAMAGE_ID3V2_BETWEEN:
        *sites = 2;
        append(&out, mp3->data, a);
        if (kind == DAMAGE_ID3V2_BETWEEN)
            append_id3v2(&out, 2500, header, &seed);
        else
            append_junk(&out, 777, header, &seed, kind == DAMAGE_ZEROS_BETWEEN);
        append(&out, mp3->data + a, c - a);
        if (kind == DAMAGE_ID3V2_BETWEEN)
            append_id3v2(&out, 600, header, &seed);
        else
            append_junk(&out, 1500, header, &seed, kind == DAMAGE_ZEROS_BETWEEN);
        append(&out, mp3->data + c, mp3->length - c);
        break;
    case DAMAGE_CUT:
        *sites = 2;
        append(&out, mp3->data, a + 100);
        append(&out, mp3->data + b, c + 5 - b);
        append(&out, mp3->data + offsets[3 * frames / 4 + 2] + 200, mp3->length - offsets[3 * frames / 4 + 2] - 200);
        break;
    case DAMAGE_TRUNCATED:
        append(&out, mp3->data, offsets[frames - 1] + 150);
        break;
    case DAMAGE_BIT_ERRORS:
        append(&out, mp3->data, mp3->length);
        *sites = 12;
        for (int i = 0; i < *sites; i++) {
            size_t at = offsets[frames / 8 + ts_random(&seed) % (frames * 3 / 4)] + ts_random(&seed) % 300;
            out.data[at] ^= (uint8_t)(1u << (ts_random(&seed) % 8));
        }
        break;
    case DAMAGE_JOINED: /* two songs, or a stream sent twice: the second starts its own reservoir */
        append(&out, mp3->data, mp3->length);
        append(&out, mp3->data, mp3->length);
        break;
    case DAMAGE_OTHER_RATE: /* a few frames of a stream at another rate, which the ACM format cannot carry */
        *sites = 2;
        append(&out, mp3->data, c);
        append(&out, other->data + other->length / 2, other->length / 8);
        append(&out, mp3->data + c, mp3->length - c);
        break;
    default:
        fail();
    }
    return out;
}

typedef struct measure {
    size_t samples;     /* per channel */
    int peak;
    size_t frames_clean; /* output frames (1152 samples a channel) equal within 1 LSB to some clean frame */
} measure;

static int16_t sample(const bytes *b, size_t i)
{
    return (int16_t)(b->data[2 * i] | b->data[2 * i + 1] << 8);
}

/* How many frames of `out` are (within 1 LSB) a frame of the clean decode (any: damage shifts
 * what follows it). */
static measure measure_output(const bytes *out, const bytes *clean, unsigned channels, size_t frame_samples)
{
    measure m = {out->length / 2 / channels, 0, 0};
    const size_t n = out->length / 2, fs = frame_samples * channels, clean_frames = clean->length / 2 / fs;
    for (size_t i = 0; i < n; i++) {
        int v = abs(sample(out, i));
        m.peak = v > m.peak ? v : m.peak;
    }
    for (size_t f = 0; (f + 1) * fs <= n; f++) {
        for (size_t c = 0; c < clean_frames; c++) {
            bool same = true;
            for (size_t i = 0; i < fs && same; i++)
                same = abs(sample(out, f * fs + i) - sample(clean, c * fs + i)) <= 1;
            if (same) {
                m.frames_clean++;
                break;
            }
        }
    }
    return m;
}

static int failures;

/* Reports a failed check and counts it (the test fails at the end, after the whole table). */
static void failed(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    printf("FAILED: ");
    vprintf(format, args);
    printf("\n");
    va_end(args);
    failures++;
}

static bytes decode_with(const char *decoder, const bytes *mp3, unsigned channels, unsigned rate, int piece)
{
    setenv("PORTACM_MP3_DECODER", decoder, 1);
    return mp3_test_decode_driver(mp3, channels, rate, piece, 0, 0);
}

static void check_damage(const stream_case *sc, const bytes *mp3, const size_t *offsets, size_t frames,
                         const bytes *other, damage kind, const bytes *clean_lib, int clean_peak)
{
    const size_t clean_samples = clean_lib->length / 2 / sc->channels * (kind == DAMAGE_JOINED ? 2 : 1);
    int sites;
    bytes bad = make_damaged(mp3, offsets, frames, other, kind, 1234u + (uint32_t)kind, &sites);
    const size_t frame_samples = sc->rate >= 32000 ? 1152 : 576;
    bytes lib = decode_with("mpg123", &bad, sc->channels, sc->rate, 0);
    bytes own = decode_with("portacm", &bad, sc->channels, sc->rate, 0);
    bytes own_split = decode_with("portacm", &bad, sc->channels, sc->rate, 333);
    measure ml = measure_output(&lib, clean_lib, sc->channels, frame_samples);
    measure mo = measure_output(&own, clean_lib, sc->channels, frame_samples);
    printf("%-22s %-22s libmpg123 %6zu samples, peak %5d, %4zu clean frames | own %6zu, peak %5d, %4zu clean\n",
           sc->name, damage_names[kind], ml.samples, ml.peak, ml.frames_clean, mo.samples, mo.peak, mo.frames_clean);
    /* The split does not matter. */
    mp3_test_assert_same(&own_split, &own);
    /* No frame is made up (none of the damages adds audio), ... */
    if (mo.samples > clean_samples)
        failed("%s, %s: %zu samples from a stream of %zu", sc->name, damage_names[kind], mo.samples, clean_samples);
    /* ... none lost that libmpg123 keeps (a frame per damage site aside), ... */
    if (mo.samples + frame_samples * (size_t)sites < ml.samples)
        failed("%s, %s: %zu samples, libmpg123 %zu", sc->name, damage_names[kind], mo.samples, ml.samples);
    if (mo.frames_clean + (size_t)sites < ml.frames_clean)
        failed("%s, %s: %zu frames as decoded clean, libmpg123 %zu", sc->name, damage_names[kind], mo.frames_clean,
                 ml.frames_clean);
    /* Tags and runs of zeros destroy nothing: there every frame must come out as undamaged
     * (joined, the second copy's first two granules carry the first copy's filter tails: the
     * IMDCT overlap, and the 512-sample synthesis window reaching back across a granule). */
    const bool lossless = kind == DAMAGE_NONE || kind == DAMAGE_ID3V2_FRONT || kind == DAMAGE_ID3V1_APE_END ||
                          kind == DAMAGE_ZEROS_BETWEEN || kind == DAMAGE_ID3V2_BETWEEN || kind == DAMAGE_JOINED;
    const size_t joins = kind == DAMAGE_JOINED ? 2 : 0;
    if (lossless && (mo.samples != clean_samples || mo.frames_clean + joins < mo.samples / frame_samples))
        failed("%s, %s: %zu samples (%zu frames as decoded clean) from a stream of %zu", sc->name,
               damage_names[kind], mo.samples, mo.frames_clean, clean_samples);
    /* ... and no burst: nothing 2 dB louder than the signal or than libmpg123's output (junk
     * decoded as a frame, or a frame over a reservoir of junk, comes out near full scale). */
    int allowed_peak = (int)((ml.peak > clean_peak ? ml.peak : clean_peak) * 1.25);
    if (mo.peak > allowed_peak)
        failed("%s, %s: peak %d, libmpg123 %d, clean %d", sc->name, damage_names[kind], mo.peak, ml.peak, clean_peak);
    free(bad.data);
    free(lib.data);
    free(own.data);
    free(own_split.data);
}

static void test_damaged_streams(void **state)
{
    (void)state;
    static const size_t picks[] = {0, 2, 4, 7, 11, 13, 15};
    for (size_t k = 0; k < sizeof picks / sizeof picks[0]; k++) {
        const stream_case *sc = &mp3_test_cases[picks[k]];
        size_t length = sc->rate * 6;
        int16_t *pcm = mp3_test_signal(sc->transients, sc->channels, sc->rate, length, 4000u + (uint32_t)k);
        bytes mp3 = mp3_test_encode(sc, pcm, length);
        size_t offsets[2000];
        size_t frames = frame_offsets(&mp3, offsets, 2000);
        assert_true(frames > 40);
        /* The stream spliced in: of the next case with another rate. */
        const stream_case *oc = &mp3_test_cases[(picks[k] + 1) % MP3_TEST_CASES];
        for (size_t o = 2; oc->rate == sc->rate; o++)
            oc = &mp3_test_cases[(picks[k] + o) % MP3_TEST_CASES];
        int16_t *other_pcm = mp3_test_signal(false, oc->channels, oc->rate, oc->rate * 2, 5u);
        bytes other = mp3_test_encode(oc, other_pcm, oc->rate * 2);
        bytes clean = decode_with("mpg123", &mp3, sc->channels, sc->rate, 0);
        measure mc = measure_output(&clean, &clean, sc->channels, sc->rate >= 32000 ? 1152 : 576);
        for (int kind = 0; kind < DAMAGE_COUNT; kind++)
            check_damage(sc, &mp3, offsets, frames, &other, (damage)kind, &clean, mc.peak);
        free(other.data);
        free(other_pcm);
        free(clean.data);
        free(mp3.data);
        free(pcm);
    }
    assert_int_equal(failures, 0);
}

static double rms_of(const bytes *b, size_t from, size_t count)
{
    double sum = 0;
    for (size_t i = from; i < from + count; i++)
        sum += (double)sample(b, i) * sample(b, i);
    return sqrt(sum / (double)count);
}

/* A CRC-protected frame whose side information was hit by a bit error is lost: silence of its
 * length, the frames around it as decoded clean, the length kept. Its output still carries the
 * previous frame's tail (the IMDCT overlap into its first granule, and the 512-sample synthesis
 * window reaching into its second), so only its last 64 samples must be exactly zero. */
static void test_crc_failure_is_silent(void **state)
{
    (void)state;
    const stream_case *sc = &mp3_test_cases[15]; /* 44.1k joint 128 CRC */
    assert_true(sc->crc);
    size_t length = sc->rate * 2;
    int16_t *pcm = mp3_test_signal(false, sc->channels, sc->rate, length, 77u);
    bytes mp3 = mp3_test_encode(sc, pcm, length);
    size_t offsets[200];
    size_t frames = frame_offsets(&mp3, offsets, 200), k = frames / 2;
    bytes clean = decode_with("portacm", &mp3, sc->channels, sc->rate, 0);
    mp3.data[offsets[k] + 4 + 2 + 3] ^= 0x10; /* inside part2_3_length of granule 0 */
    bytes hit = decode_with("portacm", &mp3, sc->channels, sc->rate, 0);
    assert_int_equal(hit.length, clean.length);
    const size_t fs = 1152 * sc->channels, last = 64 * sc->channels;
    double before = rms_of(&clean, (k + 1) * fs - last, last), after = rms_of(&hit, (k + 1) * fs - last, last);
    printf("frame %zu of %zu: RMS of its last 64 samples %.0f clean, %.0f with its CRC failing\n", k, frames, before,
           after);
    assert_true(before > 1000);
    assert_true(after == 0.0);
    /* The frames before it are untouched, and so are the frames after the next one (whose first
     * granule takes the lost frame's silent overlap): the lost frame's main data stayed in the
     * reservoir for the frames that reach back into it. */
    assert_memory_equal(hit.data, clean.data, k * fs * 2);
    assert_memory_equal(hit.data + (k + 2) * fs * 2, clean.data + (k + 2) * fs * 2, clean.length - (k + 2) * fs * 2);
    free(hit.data);
    free(clean.data);
    free(mp3.data);
    free(pcm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_damaged_streams),
        cmocka_unit_test(test_crc_failure_is_silent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
