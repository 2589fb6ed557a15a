/*
 * ts_signal.c - the codec kernel tests' signal helpers (see ts_signal.h). The WAV
 * reader walks the RIFF chunks itself so the kernel tests do not depend on the mmio layer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ts_signal.h"

static unsigned read16(const uint8_t *p)
{
    return (unsigned)p[0] | ((unsigned)p[1] << 8);
}
static uint32_t read32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

uint8_t *ts_read_vector(const char *path, size_t *size)
{
    char full[1024];
    if (path[0] == '/')
        snprintf(full, sizeof full, "%s", path);
    else
        snprintf(full, sizeof full, "%s/vectors/%s", PORTACM_TEST_DATA_DIR, path);
    FILE *f = fopen(full, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", full);
    fseek(f, 0, SEEK_END);
    long length = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *bytes = malloc(length > 0 ? (size_t)length : 1);
    assert_non_null(bytes);
    assert_int_equal(fread(bytes, 1, (size_t)length, f), (size_t)length);
    fclose(f);
    *size = (size_t)length;
    return bytes;
}

void ts_wav_load(const char *path, ts_wav *wav)
{
    size_t size;
    memset(wav, 0, sizeof *wav);
    wav->bytes = ts_read_vector(path, &size);
    const uint8_t *b = wav->bytes;
    if (size < 12 || memcmp(b, "RIFF", 4) != 0 || memcmp(b + 8, "WAVE", 4) != 0)
        fail_msg("%s: not RIFF/WAVE", path);
    int have_fmt = 0;
    for (size_t pos = 12; pos + 8 <= size;) {
        uint32_t chunk = read32(b + pos + 4);
        const uint8_t *body = b + pos + 8;
        size_t avail = size - pos - 8;
        size_t length = chunk < avail ? chunk : avail;
        if (memcmp(b + pos, "fmt ", 4) == 0 && length >= 16) {
            have_fmt = 1;
            wav->format_tag = read16(body);
            wav->channels = read16(body + 2);
            wav->sample_rate = read32(body + 4);
            wav->block_align = read16(body + 12);
            wav->bits = read16(body + 14);
            if (length >= 20) {
                size_t cb = read16(body + 16);
                wav->extra = body + 18;
                wav->extra_size = cb < length - 18 ? cb : length - 18;
                wav->samples_per_block = read16(body + 18);
            }
        } else if (memcmp(b + pos, "data", 4) == 0) {
            wav->data = body;
            wav->data_size = length;
        }
        pos += 8 + (size_t)chunk + (chunk & 1);
    }
    if (!have_fmt || wav->data == NULL)
        fail_msg("%s: no fmt or data chunk", path);
}

void ts_wav_free(ts_wav *wav)
{
    free(wav->bytes);
    memset(wav, 0, sizeof *wav);
}

int16_t *ts_wav_pcm(const ts_wav *wav, size_t *frames)
{
    assert_int_equal(wav->format_tag, 1);
    assert_int_equal(wav->bits, 16);
    size_t count = wav->data_size / 2;
    int16_t *samples = malloc((count ? count : 1) * sizeof *samples);
    assert_non_null(samples);
    for (size_t i = 0; i < count; i++)
        samples[i] = (int16_t)read16(wav->data + 2 * i);
    *frames = count / wav->channels;
    return samples;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

void ts_wav_write(const char *path, const uint8_t *fmt, size_t fmt_size, const uint8_t *data,
                    size_t data_size)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        fail_msg("cannot create %s", path);
    uint8_t head[12], chunk[8];
    memcpy(head, "RIFF", 4);
    put32(head + 4, (uint32_t)(4 + 8 + fmt_size + (fmt_size & 1) + 8 + data_size + (data_size & 1)));
    memcpy(head + 8, "WAVE", 4);
    fwrite(head, 1, 12, f);
    memcpy(chunk, "fmt ", 4);
    put32(chunk + 4, (uint32_t)fmt_size);
    fwrite(chunk, 1, 8, f);
    fwrite(fmt, 1, fmt_size, f);
    if (fmt_size & 1)
        fputc(0, f);
    memcpy(chunk, "data", 4);
    put32(chunk + 4, (uint32_t)data_size);
    fwrite(chunk, 1, 8, f);
    fwrite(data, 1, data_size, f);
    if (data_size & 1)
        fputc(0, f);
    assert_int_equal(fclose(f), 0);
}

uint64_t ts_hash_pcm(const int16_t *samples, size_t count)
{
    uint64_t h = 0xCBF29CE484222325ull;
    for (size_t i = 0; i < count; i++) {
        uint16_t v = (uint16_t)samples[i];
        h = (h ^ (v & 0xFF)) * 0x100000001B3ull;
        h = (h ^ (v >> 8)) * 0x100000001B3ull;
    }
    return h;
}

double ts_snr(const int16_t *ref, const int16_t *test, size_t count)
{
    double signal = 0, noise = 0;
    for (size_t i = 0; i < count; i++) {
        double d = (double)ref[i] - test[i];
        signal += (double)ref[i] * ref[i];
        noise += d * d;
    }
    return noise == 0 ? INFINITY : 10 * log10(signal / noise);
}

void ts_encoder_snr_floors(const char *codec, const double ffmpeg_db[3], double tolerance, double hq_margin,
                             ts_round_trip_fn round_trip)
{
    static const char *const files[3] = {"source/speech8m.wav", "source/speech22s.wav", "source/music44s.wav"};
    for (size_t c = 0; c < 3; c++) {
        ts_wav src;
        ts_wav_load(files[c], &src);
        size_t frames;
        int16_t *pcm = ts_wav_pcm(&src, &frames);
        double snr[2];
        for (int hq = 0; hq <= 1; hq++)
            snr[hq] = round_trip(pcm, frames, src.channels, hq);
        print_message("%s %s: real-time %.2f dB, high quality %.2f dB, ffmpeg %.2f dB\n", codec, files[c], snr[0],
                      snr[1], ffmpeg_db[c]);
        assert_true(snr[0] >= ffmpeg_db[c] - tolerance);
        assert_true(snr[1] >= snr[0] + hq_margin);
        free(pcm);
        ts_wav_free(&src);
    }
}

size_t ts_manifest_decodes(const char *prefix, ts_decode_ref *refs, size_t max)
{
    size_t size, count = 0;
    uint8_t *text = ts_read_vector("manifest.txt", &size);
    char *copy = malloc(size + 1);
    assert_non_null(copy);
    memcpy(copy, text, size);
    copy[size] = '\0';
    free(text);
    char *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        ts_decode_ref r;
        unsigned long long hash;
        if (sscanf(line, "decode %127s %15s %zu %llx", r.file, r.decoder, &r.frames, &hash) != 4)
            continue;
        if (strncmp(r.file, prefix, strlen(prefix)) != 0 || count == max)
            continue;
        r.hash = hash;
        refs[count++] = r;
    }
    free(copy);
    return count;
}

int ts_have_tool(const char *name)
{
    const char *path = getenv("PATH");
    if (path == NULL)
        return 0;
    char *dirs = strdup(path), *save = NULL;
    int found = 0;
    for (char *dir = strtok_r(dirs, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
        char full[1024];
        snprintf(full, sizeof full, "%s/%s", dir, name);
        found = access(full, X_OK) == 0;
    }
    free(dirs);
    return found;
}
