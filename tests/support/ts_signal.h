/*
 * ts_signal.h - what the codec kernel tests share: a minimal RIFF/WAVE reader and
 * writer (independent of the mmio layer), the reference-vector manifest, the FNV-1a hash the
 * manifest records, and an SNR measure.
 */
#ifndef PORTACM_TS_SIGNAL_H
#define PORTACM_TS_SIGNAL_H

#include <stddef.h>
#include <stdint.h>

/* A WAV file read whole: the fmt fields the kernels need and the data chunk. */
typedef struct ts_wav {
    uint8_t *bytes;             /* the whole file (owner of `data` and `extra`) */
    unsigned format_tag;
    unsigned channels;
    unsigned sample_rate;
    unsigned block_align;
    unsigned bits;
    unsigned samples_per_block; /* from the fmt extension when present, else 0 */
    const uint8_t *extra;       /* fmt bytes after cbSize (MS ADPCM: spb, numCoef, coefs) */
    size_t extra_size;
    const uint8_t *data;
    size_t data_size;
} ts_wav;

/* Reads path (relative paths are taken from tests/vectors/); fails the test on error. */
void ts_wav_load(const char *path, ts_wav *wav);
void ts_wav_free(ts_wav *wav);
/* The data chunk of a 16-bit PCM WAV as samples (malloc'd); *frames gets the frame count. */
int16_t *ts_wav_pcm(const ts_wav *wav, size_t *frames);
/* Writes a WAV whose fmt chunk is `fmt` (fmt_size bytes) and whose data chunk is `data`. */
void ts_wav_write(const char *path, const uint8_t *fmt, size_t fmt_size, const uint8_t *data,
                    size_t data_size);

/* FNV-1a, 64-bit, over samples as little-endian int16. */
uint64_t ts_hash_pcm(const int16_t *samples, size_t count);

/* 10*log10(sum ref^2 / sum (ref - test)^2) over `count` samples. */
double ts_snr(const int16_t *ref, const int16_t *test, size_t count);

/* One encoder's round trip of a source vector in real-time (hq 0) or high-quality (hq 1)
 * mode: returns the SNR of the decoded samples against `pcm`. */
typedef double (*ts_round_trip_fn)(const int16_t *pcm, size_t frames, unsigned channels, int hq);

/* The encoder SNR floors on the three source vectors (speech8m, speech22s, music44s): for
 * each, both modes are measured and printed next to ffmpeg's figure (ffmpeg_db, same order);
 * real-time must reach ffmpeg_db - tolerance and high quality must beat real-time by
 * hq_margin dB. */
void ts_encoder_snr_floors(const char *codec, const double ffmpeg_db[3], double tolerance, double hq_margin,
                             ts_round_trip_fn round_trip);

/* One "decode" line of tests/vectors/manifest.txt. */
typedef struct ts_decode_ref {
    char file[128];
    char decoder[16];
    size_t frames;
    uint64_t hash;
} ts_decode_ref;

/* Reads the decode lines whose file starts with `prefix` (e.g. "ima/"); returns the count
 * (at most `max`). The predictor lines are returned through the callback-free helper below. */
size_t ts_manifest_decodes(const char *prefix, ts_decode_ref *refs, size_t max);

/* True when `path` names an executable found on PATH (for tests that run a peer tool). */
int ts_have_tool(const char *name);

/* Frees with free() what the helpers above malloc'd. */
uint8_t *ts_read_vector(const char *path, size_t *size);

#endif
