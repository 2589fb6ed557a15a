/*
 * pulse_test_util.c - a background recorder over pa_simple and the measures audio tests use
 * (pulse_test_util.h).
 */
#include "pulse_test_util.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pulse/error.h>
#include <pulse/simple.h>

struct pt_recorder {
    pa_simple *s;
    pthread_t thread;
    pthread_mutex_t lock;
    int stop;
    unsigned channels;
    int16_t *buf;
    size_t frames, cap;
};

double pt_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int pt_server_available(void)
{
    pa_sample_spec ss = {PA_SAMPLE_S16LE, 44100, 2};
    int err = 0;
    if (!getenv("PULSE_SERVER")) {
        fprintf(stderr, "pt_server_available: PULSE_SERVER is not set (use portacm_uses_pulse)\n");
        return 0;
    }
    pa_simple *s = pa_simple_new(NULL, "portacm-test", PA_STREAM_RECORD, NULL, "probe", &ss, NULL, NULL, &err);
    if (!s) {
        fprintf(stderr, "pt_server_available: %s: %s\n", getenv("PULSE_SERVER"), pa_strerror(err));
        return 0;
    }
    pa_simple_free(s);
    return 1;
}

static void *record_thread(void *arg)
{
    pt_recorder *r = arg;
    int16_t chunk[1024 * 8];
    size_t chunk_frames = 441; /* ~10 ms reads */
    for (;;) {
        int err = 0;
        pthread_mutex_lock(&r->lock);
        int stop = r->stop;
        pthread_mutex_unlock(&r->lock);
        if (stop)
            break;
        if (pa_simple_read(r->s, chunk, chunk_frames * r->channels * 2, &err) < 0) {
            fprintf(stderr, "pt_record: read: %s\n", pa_strerror(err));
            break;
        }
        pthread_mutex_lock(&r->lock);
        if (r->frames + chunk_frames > r->cap) {
            size_t cap = r->cap ? r->cap * 2 : 48000;
            while (cap < r->frames + chunk_frames)
                cap *= 2;
            int16_t *nb = realloc(r->buf, cap * r->channels * sizeof(int16_t));
            if (!nb) {
                pthread_mutex_unlock(&r->lock);
                break;
            }
            r->buf = nb;
            r->cap = cap;
        }
        memcpy(r->buf + r->frames * r->channels, chunk, chunk_frames * r->channels * 2);
        r->frames += chunk_frames;
        pthread_mutex_unlock(&r->lock);
    }
    return NULL;
}

pt_recorder *pt_record_start(const char *source, unsigned rate, unsigned channels)
{
    pa_sample_spec ss = {PA_SAMPLE_S16LE, rate, (uint8_t)channels};
    pa_buffer_attr attr = {(uint32_t)-1, (uint32_t)-1, (uint32_t)-1, (uint32_t)-1, (uint32_t)(rate / 100 * channels * 2)};
    int err = 0;
    if (channels == 0 || channels > 8)
        return NULL;
    pt_recorder *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->channels = channels;
    pthread_mutex_init(&r->lock, NULL);
    r->s = pa_simple_new(NULL, "portacm-test", PA_STREAM_RECORD, source, "monitor", &ss, NULL, &attr, &err);
    if (!r->s) {
        fprintf(stderr, "pt_record_start(%s): %s\n", source ? source : "default", pa_strerror(err));
        pthread_mutex_destroy(&r->lock);
        free(r);
        return NULL;
    }
    if (pthread_create(&r->thread, NULL, record_thread, r) != 0) {
        pa_simple_free(r->s);
        pthread_mutex_destroy(&r->lock);
        free(r);
        return NULL;
    }
    return r;
}

int16_t *pt_record_stop(pt_recorder *r, size_t *frames)
{
    int16_t *buf;
    if (!r) {
        *frames = 0;
        return NULL;
    }
    pthread_mutex_lock(&r->lock);
    r->stop = 1;
    pthread_mutex_unlock(&r->lock);
    pthread_join(r->thread, NULL);
    pa_simple_free(r->s);
    pthread_mutex_destroy(&r->lock);
    buf = r->buf;
    *frames = r->frames;
    free(r);
    return buf;
}

double pt_rms(const int16_t *s, size_t frames, unsigned channels, unsigned ch)
{
    double sum = 0;
    if (!frames)
        return 0;
    for (size_t i = 0; i < frames; i++) {
        double v = s[i * channels + ch] / 32768.0;
        sum += v * v;
    }
    return sqrt(sum / (double)frames);
}

int pt_peak(const int16_t *s, size_t frames, unsigned channels, unsigned ch)
{
    int peak = 0;
    for (size_t i = 0; i < frames; i++) {
        int v = abs(s[i * channels + ch]);
        if (v > peak)
            peak = v;
    }
    return peak;
}

double pt_frequency(const int16_t *s, size_t frames, unsigned channels, unsigned ch, unsigned rate)
{
    size_t first = (size_t)-1, last = 0, count = 0;
    for (size_t i = 1; i < frames; i++) {
        if (s[(i - 1) * channels + ch] < 0 && s[i * channels + ch] >= 0) {
            if (first == (size_t)-1)
                first = i;
            last = i;
            count++;
        }
    }
    if (count < 2)
        return 0;
    return (double)(count - 1) * rate / (double)(last - first);
}

size_t pt_first_above(const int16_t *s, size_t frames, unsigned channels, int threshold)
{
    for (size_t i = 0; i < frames; i++)
        if (abs(s[i * channels]) > threshold)
            return i;
    return (size_t)-1;
}

size_t pt_find_exact(const int16_t *s, size_t frames, const int16_t *ref, size_t ref_frames, unsigned channels,
                     size_t probe)
{
    if (probe > ref_frames)
        probe = ref_frames;
    if (!probe || frames < probe)
        return (size_t)-1;
    for (size_t off = 0; off + probe <= frames; off++) {
        if (memcmp(s + off * channels, ref, probe * channels * sizeof(int16_t)) == 0)
            return off;
    }
    return (size_t)-1;
}

size_t pt_count_equal(const int16_t *s, size_t frames, size_t offset, const int16_t *ref, size_t ref_frames,
                      unsigned channels)
{
    size_t n = 0;
    if (offset >= frames)
        return 0;
    for (size_t i = 0; i < ref_frames && offset + i < frames; i++) {
        if (memcmp(s + (offset + i) * channels, ref + i * channels, channels * sizeof(int16_t)) == 0)
            n++;
    }
    return n;
}

size_t pt_longest_silence(const int16_t *s, size_t from, size_t to, unsigned channels)
{
    size_t best = 0, run = 0;
    for (size_t i = from; i < to; i++) {
        int zero = 1;
        for (unsigned c = 0; c < channels; c++)
            if (s[i * channels + c] != 0)
                zero = 0;
        run = zero ? run + 1 : 0;
        if (run > best)
            best = run;
    }
    return best;
}
