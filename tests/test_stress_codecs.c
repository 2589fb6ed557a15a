/*
 * test_stress_codecs.c - many threads converting on every codec at once while another thread
 * adds, opens, disables, enables and removes a driver and another enumerates drivers, tags
 * and formats. Every conversion's output must equal the single-threaded output of the same
 * conversion (no lost or mixed-up data); the driver churn must give only clean results.
 * Runs about 3 seconds; built with -DPORTACM_TSAN=ON it is the ThreadSanitizer check of the
 * ACM, the driver runtime and the codecs (scripts/test.sh runs it that way).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "msacmdrv.h"
#include "mmddk.h"
#include "ts_driver.h"
#include "ts_fault.h"
#include "ts_formats.h"

#define MAX_PAIRS 24
#define WORKERS 6
#define RUN_SECONDS 3.0
#define INPUT_BYTES 6000
#define COPY_TAG 0x7F03

typedef struct expected_output {
    BYTE *input;
    size_t input_length;
    BYTE *output;
    size_t output_length;
} expected_output;

static ts_pair pairs[MAX_PAIRS];
static size_t pair_count;
static expected_output expected[MAX_PAIRS];
static atomic_bool stop;
static atomic_long conversions, mismatches, failures, churn_rounds, enum_rounds, copy_streams;
/* The copy worker's stream: set from before its acmStreamOpen until after its acmStreamClose;
 * the generation counts the opens. ACMERR_BUSY from acmDriverRemove is only right if such a
 * stream existed during the call (the other workers' opens only try the churned driver). */
static atomic_bool copy_active;
static atomic_long copy_generation, busy_answers;
/* Set while the churn thread retries a removal: the copy worker pauses between its streams,
 * as an application that stops using a driver does, so the removal can succeed. */
static atomic_bool removal_wanted;
#define REMOVE_DEADLINE_SECONDS 60.0

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- the churned driver: private tag <-> PCM as a byte copy ------------------------------ */

static LRESULT copy_driver_hook(ts_driver *driver, DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM lParam1, LPARAM lParam2)
{
    (void)driver;
    (void)id;
    (void)hdrvr;
    switch (msg) {
    case ACMDM_FORMATTAG_DETAILS: {
        ACMFORMATTAGDETAILSW *tag = (ACMFORMATTAGDETAILSW *)lParam1;
        DWORD index = tag->dwFormatTagIndex;
        if ((lParam2 & ACM_FORMATTAGDETAILSF_QUERYMASK) == ACM_FORMATTAGDETAILSF_FORMATTAG)
            index = tag->dwFormatTag == WAVE_FORMAT_PCM ? 0 : tag->dwFormatTag == COPY_TAG ? 1 : 9;
        else if ((lParam2 & ACM_FORMATTAGDETAILSF_QUERYMASK) != ACM_FORMATTAGDETAILSF_INDEX)
            index = 1;
        if (index > 1)
            return ACMERR_NOTPOSSIBLE;
        tag->dwFormatTagIndex = index;
        tag->dwFormatTag = index ? COPY_TAG : WAVE_FORMAT_PCM;
        tag->cbFormatSize = sizeof(WAVEFORMATEX);
        tag->fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC;
        tag->cStandardFormats = 0;
        tag->szFormatTag[0] = 0;
        return MMSYSERR_NOERROR;
    }
    case ACMDM_STREAM_OPEN: {
        ACMDRVSTREAMINSTANCE *si = (ACMDRVSTREAMINSTANCE *)lParam1;
        return si->pwfxSrc->wFormatTag == COPY_TAG && si->pwfxDst->wFormatTag == WAVE_FORMAT_PCM ? MMSYSERR_NOERROR
                                                                                                 : ACMERR_NOTPOSSIBLE;
    }
    case ACMDM_STREAM_CLOSE:
        return MMSYSERR_NOERROR;
    case ACMDM_STREAM_SIZE: {
        ACMDRVSTREAMSIZE *size = (ACMDRVSTREAMSIZE *)lParam2;
        if ((size->fdwSize & ACM_STREAMSIZEF_QUERYMASK) == ACM_STREAMSIZEF_SOURCE)
            size->cbDstLength = size->cbSrcLength;
        else
            size->cbSrcLength = size->cbDstLength;
        return MMSYSERR_NOERROR;
    }
    case ACMDM_STREAM_CONVERT: {
        ACMDRVSTREAMHEADER *h = (ACMDRVSTREAMHEADER *)lParam2;
        DWORD n = h->cbSrcLength < h->cbDstLength ? h->cbSrcLength : h->cbDstLength;
        memcpy(h->pbDst, h->pbSrc, n);
        h->cbSrcLengthUsed = n;
        h->cbDstLengthUsed = n;
        return MMSYSERR_NOERROR;
    }
    default:
        return TS_DRIVER_STANDARD;
    }
}

static ts_driver copy_driver = {.load_result = 1, .enable_result = 1, .open_result = 0x5151, .close_result = 1,
                                .format_tags = 2, .acm = true, .hook = copy_driver_hook};

/* ---- threads ----------------------------------------------------------------------------- */

static void *worker(void *arg)
{
    size_t index = (size_t)(uintptr_t)arg;
    size_t round = 0;
    while (!atomic_load(&stop)) {
        size_t p = (index + round++) % pair_count;
        BYTE *out = NULL;
        size_t length = 0;
        /* Different split sizes per thread: the output must not depend on them either... */
        MMRESULT mr = ts_acm_convert_all(&pairs[p], expected[p].input, expected[p].input_length, 2000, &out, &length);
        if (mr != MMSYSERR_NOERROR) {
            atomic_fetch_add(&failures, 1);
            fprintf(stderr, "worker %zu: %s failed: %u\n", index, pairs[p].name, (unsigned)mr);
        } else if (length != expected[p].output_length || memcmp(out, expected[p].output, length) != 0) {
            atomic_fetch_add(&mismatches, 1);
            fprintf(stderr, "worker %zu: %s output differs (%zu vs %zu bytes)\n", index, pairs[p].name, length,
                    expected[p].output_length);
        }
        free(out);
        atomic_fetch_add(&conversions, 1);
    }
    return NULL;
}

/* Converts through the churned driver whenever it is there; a copy must come back. */
static void *copy_worker(void *arg)
{
    (void)arg;
    WAVEFORMATEX src, dst;
    ts_pcm_format(&dst, 1, 8000, 16);
    ts_linear_format(&src, COPY_TAG, 1, 8000, 16);
    BYTE in[512], out[512];
    ts_speech_signal(in, sizeof in, 9);
    while (!atomic_load(&stop)) {
        if (atomic_load(&removal_wanted)) {
            struct timespec pause = {0, 200 * 1000L};
            nanosleep(&pause, NULL);
        }
        HACMSTREAM has = NULL;
        atomic_store(&copy_active, true);
        atomic_fetch_add(&copy_generation, 1);
        MMRESULT mr = acmStreamOpen(&has, NULL, &src, &dst, NULL, 0, 0, 0);
        if (mr != MMSYSERR_NOERROR) {
            atomic_store(&copy_active, false);
            if (mr != ACMERR_NOTPOSSIBLE) {
                atomic_fetch_add(&failures, 1);
                fprintf(stderr, "copy stream open: %u\n", (unsigned)mr);
            }
            continue;
        }
        ACMSTREAMHEADER h;
        memset(&h, 0, sizeof h);
        memset(out, 0, sizeof out);
        h.cbStruct = sizeof h;
        h.pbSrc = in;
        h.cbSrcLength = sizeof in;
        h.pbDst = out;
        h.cbDstLength = sizeof out;
        if (acmStreamPrepareHeader(has, &h, 0) != MMSYSERR_NOERROR || acmStreamConvert(has, &h, 0) != MMSYSERR_NOERROR ||
            h.cbDstLengthUsed != sizeof out || memcmp(in, out, sizeof out) != 0 ||
            acmStreamUnprepareHeader(has, &h, 0) != MMSYSERR_NOERROR) {
            atomic_fetch_add(&mismatches, 1);
            fprintf(stderr, "copy stream: wrong result\n");
        }
        if (acmStreamClose(has, 0) != MMSYSERR_NOERROR)
            atomic_fetch_add(&failures, 1);
        atomic_store(&copy_active, false);
        atomic_fetch_add(&copy_streams, 1);
    }
    return NULL;
}

static void *churn(void *arg)
{
    (void)arg;
    while (!atomic_load(&stop)) {
        HACMDRIVERID hadid = NULL;
        if (acmDriverAddA(&hadid, (HINSTANCE)(uintptr_t)0x5100, (LPARAM)ts_driver_proc(&copy_driver), 0,
                          ACM_DRIVERADDF_FUNCTION | ACM_DRIVERADDF_LOCAL) != MMSYSERR_NOERROR) {
            atomic_fetch_add(&failures, 1);
            continue;
        }
        HACMDRIVER had = NULL;
        if (acmDriverOpen(&had, hadid, 0) == MMSYSERR_NOERROR)
            acmDriverClose(had, 0);
        for (int i = 0; i < 3; i++) {
            acmDriverPriority(hadid, 0, ACM_DRIVERPRIORITYF_DISABLE);
            acmDriverPriority(hadid, 0, ACM_DRIVERPRIORITYF_ENABLE);
        }
        /* A stream on it may be open: removal is refused (BUSY) until it closes. The other
         * workers' acmStreamOpen calls try this driver too (it lists PCM); those trials must
         * never make it busy. */
        MMRESULT mr;
        double deadline = now_seconds() + REMOVE_DEADLINE_SECONDS;
        atomic_store(&removal_wanted, true);
        for (;;) {
            long generation = atomic_load(&copy_generation);
            bool active = atomic_load(&copy_active);
            mr = acmDriverRemove(hadid, 0);
            if (mr != ACMERR_BUSY)
                break;
            atomic_fetch_add(&busy_answers, 1);
            if (!active && !atomic_load(&copy_active) && atomic_load(&copy_generation) == generation) {
                atomic_fetch_add(&failures, 1);
                fprintf(stderr, "acmDriverRemove: ACMERR_BUSY while no stream used the driver\n");
            }
            if (now_seconds() > deadline)
                break;
            sched_yield();
        }
        atomic_store(&removal_wanted, false);
        if (mr != MMSYSERR_NOERROR) {
            atomic_fetch_add(&failures, 1);
            fprintf(stderr, "acmDriverRemove: %u\n", (unsigned)mr);
        }
        atomic_fetch_add(&churn_rounds, 1);
    }
    return NULL;
}

static BOOL CALLBACK enum_format(HACMDRIVERID hadid, LPACMFORMATDETAILSA d, DWORD_PTR instance, DWORD support)
{
    (void)hadid;
    (void)d;
    (void)support;
    (*(unsigned *)instance)++;
    return TRUE;
}

static BOOL CALLBACK enum_tag(HACMDRIVERID hadid, LPACMFORMATTAGDETAILSA d, DWORD_PTR instance, DWORD support)
{
    (void)hadid;
    (void)d;
    (void)support;
    (*(unsigned *)instance)++;
    return TRUE;
}

static BOOL CALLBACK enum_driver(HACMDRIVERID hadid, DWORD_PTR instance, DWORD support)
{
    (void)support;
    (*(unsigned *)instance)++;
    ACMDRIVERDETAILSA d;
    memset(&d, 0, sizeof d);
    d.cbStruct = sizeof d;
    /* The driver may be removed between the enumeration and this call. */
    MMRESULT mr = acmDriverDetailsA(hadid, &d, 0);
    if (mr != MMSYSERR_NOERROR && mr != MMSYSERR_INVALHANDLE) {
        atomic_fetch_add(&failures, 1);
        fprintf(stderr, "acmDriverDetails during enumeration: %u\n", (unsigned)mr);
    }
    return TRUE;
}

static void *enumerator(void *arg)
{
    (void)arg;
    BYTE buffer[1024];
    while (!atomic_load(&stop)) {
        unsigned drivers = 0, tags = 0, formats = 0;
        if (acmDriverEnum(enum_driver, (DWORD_PTR)&drivers, ACM_DRIVERENUMF_DISABLED) != MMSYSERR_NOERROR)
            atomic_fetch_add(&failures, 1);
        ACMFORMATTAGDETAILSA tag;
        memset(&tag, 0, sizeof tag);
        tag.cbStruct = sizeof tag;
        acmFormatTagEnumA(NULL, &tag, enum_tag, (DWORD_PTR)&tags, 0);
        DWORD room = 0;
        if (acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FORMAT, &room) == MMSYSERR_NOERROR && room <= sizeof buffer) {
            ACMFORMATDETAILSA fd;
            memset(&fd, 0, sizeof fd);
            memset(buffer, 0, sizeof buffer);
            fd.cbStruct = sizeof fd;
            fd.pwfx = (WAVEFORMATEX *)buffer;
            fd.cbwfx = sizeof buffer;
            fd.dwFormatTag = WAVE_FORMAT_UNKNOWN;
            acmFormatEnumA(NULL, &fd, enum_format, (DWORD_PTR)&formats, 0);
        }
        if (drivers < 5 || tags < 5 || formats < 50) {
            atomic_fetch_add(&failures, 1);
            fprintf(stderr, "enumeration too short: %u drivers, %u tags, %u formats\n", drivers, tags, formats);
        }
        atomic_fetch_add(&enum_rounds, 1);
    }
    return NULL;
}

static void every_codec_under_driver_churn(void **state)
{
    (void)state;
    pair_count = ts_codec_pairs(pairs, MAX_PAIRS);
    assert_true(pair_count >= 10);
    /* The single-threaded reference of every conversion. */
    for (size_t i = 0; i < pair_count; i++) {
        const WAVEFORMATEX *src = (const WAVEFORMATEX *)pairs[i].src;
        BYTE *pcm = malloc(INPUT_BYTES);
        assert_non_null(pcm);
        ts_speech_signal(pcm, INPUT_BYTES, (unsigned)i);
        if (src->wFormatTag == WAVE_FORMAT_PCM) {
            expected[i].input = pcm;
            expected[i].input_length = INPUT_BYTES;
        } else {
            ts_pair encode;
            memset(&encode, 0, sizeof encode);
            memcpy(encode.src, pairs[i].dst, sizeof encode.src);
            memcpy(encode.dst, pairs[i].src, sizeof encode.dst);
            assert_int_equal(ts_acm_convert_all(&encode, pcm, INPUT_BYTES, 0, &expected[i].input,
                                                &expected[i].input_length),
                             MMSYSERR_NOERROR);
            free(pcm);
        }
        assert_int_equal(ts_acm_convert_all(&pairs[i], expected[i].input, expected[i].input_length, 2000,
                                        &expected[i].output, &expected[i].output_length),
                         MMSYSERR_NOERROR);
        assert_true(expected[i].output_length > 0);
    }

    pthread_t threads[WORKERS + 3];
    for (size_t i = 0; i < WORKERS; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, worker, (void *)(uintptr_t)i), 0);
    assert_int_equal(pthread_create(&threads[WORKERS], NULL, churn, NULL), 0);
    assert_int_equal(pthread_create(&threads[WORKERS + 1], NULL, enumerator, NULL), 0);
    assert_int_equal(pthread_create(&threads[WORKERS + 2], NULL, copy_worker, NULL), 0);
    double start = now_seconds();
    while (now_seconds() - start < RUN_SECONDS) {
        struct timespec t = {0, 50 * 1000000L};
        nanosleep(&t, NULL);
    }
    atomic_store(&stop, true);
    for (size_t i = 0; i < WORKERS + 3; i++)
        assert_int_equal(pthread_join(threads[i], NULL), 0);

    print_message("%ld conversions on %zu codec pairs, %ld copy-driver streams, %ld add/remove rounds, "
                  "%ld enumeration rounds, %ld busy removals; %ld mismatches, %ld failures\n",
                  atomic_load(&conversions), pair_count, atomic_load(&copy_streams), atomic_load(&churn_rounds),
                  atomic_load(&enum_rounds), atomic_load(&busy_answers), atomic_load(&mismatches),
                  atomic_load(&failures));
    assert_int_equal(atomic_load(&mismatches), 0);
    assert_int_equal(atomic_load(&failures), 0);
    assert_true(atomic_load(&conversions) >= (long)pair_count);
    assert_true(atomic_load(&churn_rounds) > 0);
    assert_true(atomic_load(&enum_rounds) > 0);
    for (size_t i = 0; i < pair_count; i++) {
        free(expected[i].input);
        free(expected[i].output);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_codec_under_driver_churn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
