/*
 * bench_kernels.c - throughput of the codec kernels in MB/s of 16-bit PCM (input for
 * encoders, output for decoders), on 60 s of 44.1 kHz stereo generated in memory (tones with
 * vibrato, a decaying pluck train and noise), next to memcpy of the same PCM buffer.
 *   usage: bench_kernels [seconds-of-audio] [repeats]
 * Each figure is the best of `repeats` runs, single thread. The high-quality (NONREALTIME)
 * encoders run on the first 5 s only (they are meant for offline use).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "g711/g711_int.h"
#include "imaadpcm/imaadpcm_int.h"
#include "msadpcm/msadpcm_int.h"

#define RATE 44100
#define CHANNELS 2
#define ADPCM_ALIGN 2048 /* Windows' standard block for 44.1 kHz stereo */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* A deterministic music-like test signal. */
static void make_signal(int16_t *pcm, size_t frames)
{
    uint32_t seed = 1;
    for (size_t n = 0; n < frames; n++) {
        double t = (double)n / RATE;
        double pluck = fmod(t, 0.25);
        for (int c = 0; c < CHANNELS; c++) {
            seed = seed * 1664525u + 1013904223u;
            double noise = ((double)(seed >> 8) / (1 << 24) - 0.5) * 600;
            double v = 6000 * sin(2 * M_PI * (220 + 3 * sin(2 * M_PI * 5 * t)) * t + c) +
                       3000 * sin(2 * M_PI * 660 * t * (c ? 1.5 : 1)) +
                       9000 * exp(-pluck * 12) * sin(2 * M_PI * 440 * (1 + c * 0.25) * pluck) + noise;
            pcm[n * CHANNELS + c] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
        }
    }
}

static volatile uint8_t sink;

typedef void (*bench_fn)(void *context);

/* Best time of `repeats` runs of fn, as MB/s of `pcm_bytes`. */
static double measure(bench_fn fn, void *context, size_t pcm_bytes, int repeats)
{
    double best = 1e30;
    for (int r = 0; r < repeats; r++) {
        double start = now();
        fn(context);
        double elapsed = now() - start;
        if (elapsed < best)
            best = elapsed;
    }
    return (double)pcm_bytes / best / 1e6;
}

typedef struct bench {
    int16_t *pcm;
    int16_t *out;
    uint8_t *code;
    uint8_t *code2;
    size_t frames;
    size_t code_size;
    void *workspace;
} bench;

static void run_memcpy(void *p)
{
    bench *b = p;
    memcpy(b->out, b->pcm, b->frames * CHANNELS * sizeof *b->pcm);
    sink = (uint8_t)b->out[b->frames];
}
static void run_alaw_encode(void *p)
{
    bench *b = p;
    pacm_g711_alaw_encode(b->pcm, b->code, b->frames * CHANNELS);
}
static void run_ulaw_encode(void *p)
{
    bench *b = p;
    pacm_g711_ulaw_encode(b->pcm, b->code, b->frames * CHANNELS);
}
static void run_alaw_decode(void *p)
{
    bench *b = p;
    pacm_g711_alaw_decode(b->code, b->out, b->frames * CHANNELS);
}
static void run_ulaw_decode(void *p)
{
    bench *b = p;
    pacm_g711_ulaw_decode(b->code, b->out, b->frames * CHANNELS);
}
static void run_alaw_to_ulaw(void *p)
{
    bench *b = p;
    pacm_g711_alaw_to_ulaw(b->code, b->code2, b->frames * CHANNELS);
}

static void run_ima_encode(void *p)
{
    bench *b = p;
    size_t spb = pacm_imaadpcm_samples_per_block(ADPCM_ALIGN, CHANNELS), used = 0;
    uint8_t index[CHANNELS] = {0};
    for (size_t f = 0; f + spb <= b->frames; f += spb)
        used += pacm_imaadpcm_encode_block(b->pcm + f * CHANNELS, spb, CHANNELS, index, b->code + used, spb);
    b->code_size = used;
}
static void run_ima_encode_hq(void *p)
{
    bench *b = p;
    size_t spb = pacm_imaadpcm_samples_per_block(ADPCM_ALIGN, CHANNELS), used = 0;
    uint8_t index[CHANNELS] = {0};
    for (size_t f = 0; f + spb <= b->frames; f += spb)
        used += pacm_imaadpcm_encode_block_hq(b->pcm + f * CHANNELS, spb, CHANNELS, index, b->code + used, spb,
                                    b->workspace);
    b->code_size = used;
}
static void run_ima_decode(void *p)
{
    bench *b = p;
    size_t spb = pacm_imaadpcm_samples_per_block(ADPCM_ALIGN, CHANNELS), frames = 0;
    for (size_t pos = 0; pos + ADPCM_ALIGN <= b->code_size; pos += ADPCM_ALIGN)
        frames += (size_t)pacm_imaadpcm_decode_block(b->code + pos, ADPCM_ALIGN, CHANNELS, b->out + frames * CHANNELS, spb);
}
static void run_ms_encode(void *p)
{
    bench *b = p;
    size_t spb = pacm_msadpcm_samples_per_block(ADPCM_ALIGN, CHANNELS), used = 0;
    for (size_t f = 0; f + spb <= b->frames; f += spb)
        used += pacm_msadpcm_encode_block(b->pcm + f * CHANNELS, spb, CHANNELS, pacm_msadpcm_standard_coefs,
                                     MSADPCM_STANDARD_COEF_COUNT, b->code + used, spb);
    b->code_size = used;
}
static void run_ms_encode_hq(void *p)
{
    bench *b = p;
    size_t spb = pacm_msadpcm_samples_per_block(ADPCM_ALIGN, CHANNELS), used = 0;
    for (size_t f = 0; f + spb <= b->frames; f += spb)
        used += pacm_msadpcm_encode_block_hq(b->pcm + f * CHANNELS, spb, CHANNELS, pacm_msadpcm_standard_coefs,
                                        MSADPCM_STANDARD_COEF_COUNT, b->code + used, spb, b->workspace);
    b->code_size = used;
}
static void run_ms_decode(void *p)
{
    bench *b = p;
    size_t spb = pacm_msadpcm_samples_per_block(ADPCM_ALIGN, CHANNELS), frames = 0;
    for (size_t pos = 0; pos + ADPCM_ALIGN <= b->code_size; pos += ADPCM_ALIGN)
        frames += (size_t)pacm_msadpcm_decode_block(b->code + pos, ADPCM_ALIGN, CHANNELS, pacm_msadpcm_standard_coefs,
                                               MSADPCM_STANDARD_COEF_COUNT, b->out + frames * CHANNELS, spb);
}
/* The driver's path: runs of whole blocks in one call (four stereo blocks per vector on AVX2). */
static void run_ms_decode_blocks(void *p)
{
    bench *b = p;
    size_t spb = pacm_msadpcm_samples_per_block(ADPCM_ALIGN, CHANNELS);
    pacm_msadpcm_decode_blocks(b->code, b->code_size / ADPCM_ALIGN, ADPCM_ALIGN, CHANNELS, pacm_msadpcm_standard_coefs,
                               MSADPCM_STANDARD_COEF_COUNT, b->out, spb);
}

/* SNR of the decoded buffer against the input over `frames` frames. */
static double snr(const bench *b, size_t frames)
{
    double signal = 0, noise = 0;
    for (size_t i = 0; i < frames * CHANNELS; i++) {
        double d = (double)b->pcm[i] - b->out[i];
        signal += (double)b->pcm[i] * b->pcm[i];
        noise += d * d;
    }
    return 10 * log10(signal / noise);
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 60;
    int repeats = argc > 2 ? atoi(argv[2]) : 5;
    bench b = {0};
    b.frames = (size_t)(seconds * RATE);
    size_t samples = b.frames * CHANNELS, pcm_bytes = samples * sizeof(int16_t);
    b.pcm = malloc(pcm_bytes);
    b.out = malloc(pcm_bytes + 64);
    b.code = malloc(samples + 4096);
    b.code2 = malloc(samples + 4096);
    size_t ws = pacm_imaadpcm_encode_block_hq_workspace_size(4096), ws2 = pacm_msadpcm_encode_block_hq_workspace_size(4096);
    b.workspace = malloc(ws > ws2 ? ws : ws2);
    if (!b.pcm || !b.out || !b.code || !b.code2 || !b.workspace)
        return 1;
    make_signal(b.pcm, b.frames);
    memset(b.out, 0, pcm_bytes + 64);
    memset(b.code, 0, samples + 4096);
    memset(b.code2, 0, samples + 4096);

    printf("%.0f s of 44.1 kHz stereo (%.1f MB of PCM), best of %d, MB/s of PCM\n", seconds, pcm_bytes / 1e6,
           repeats);
    double copy = measure(run_memcpy, &b, pcm_bytes, repeats);
    printf("  %-24s %9.0f\n", "memcpy", copy);
    double v;
    v = measure(run_alaw_encode, &b, pcm_bytes, repeats);
    printf("  %-24s %9.0f  (%.2fx memcpy time)\n", "A-law encode", v, copy / v);
    v = measure(run_alaw_decode, &b, pcm_bytes, repeats);
    printf("  %-24s %9.0f  (%.2fx memcpy time)\n", "A-law decode", v, copy / v);
    v = measure(run_ulaw_encode, &b, pcm_bytes, repeats);
    printf("  %-24s %9.0f  (%.2fx memcpy time)\n", "mu-law encode", v, copy / v);
    v = measure(run_ulaw_decode, &b, pcm_bytes, repeats);
    printf("  %-24s %9.0f  (%.2fx memcpy time)\n", "mu-law decode", v, copy / v);
    v = measure(run_alaw_to_ulaw, &b, samples, repeats);
    printf("  %-24s %9.0f  (MB/s of codes)\n", "A-law -> mu-law", v);

    v = measure(run_ima_encode, &b, pcm_bytes, repeats);
    printf("  %-24s %9.0f\n", "IMA ADPCM encode", v);
    v = measure(run_ima_decode, &b, pcm_bytes, repeats);
    printf("  %-24s %9.0f  (round trip %.2f dB)\n", "IMA ADPCM decode", v, snr(&b, b.frames / 2041 * 2041));
    v = measure(run_ms_encode, &b, pcm_bytes, repeats);
    printf("  %-24s %9.0f\n", "MS ADPCM encode", v);
    v = measure(run_ms_decode, &b, pcm_bytes, repeats);
    printf("  %-24s %9.0f  (round trip %.2f dB)\n", "MS ADPCM decode", v, snr(&b, b.frames / 2036 * 2036));
    v = measure(run_ms_decode_blocks, &b, pcm_bytes, repeats);
    printf("  %-24s %9.0f  (round trip %.2f dB)\n", "MS ADPCM decode, blocks", v, snr(&b, b.frames / 2036 * 2036));

    size_t full = b.frames;
    b.frames = full < 5 * RATE ? full : 5 * RATE;
    size_t hq_bytes = b.frames * CHANNELS * sizeof(int16_t);
    v = measure(run_ima_encode_hq, &b, hq_bytes, 1);
    run_ima_decode(&b);
    printf("  %-24s %9.1f  (round trip %.2f dB, first %.0f s)\n", "IMA ADPCM encode HQ", v,
           snr(&b, b.frames / 2041 * 2041), (double)b.frames / RATE);
    v = measure(run_ms_encode_hq, &b, hq_bytes, 1);
    run_ms_decode(&b);
    printf("  %-24s %9.1f  (round trip %.2f dB, first %.0f s)\n", "MS ADPCM encode HQ", v,
           snr(&b, b.frames / 2036 * 2036), (double)b.frames / RATE);
    free(b.pcm);
    free(b.out);
    free(b.code);
    free(b.code2);
    free(b.workspace);
    return 0;
}
