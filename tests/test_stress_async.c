/*
 * test_stress_async.c - asynchronous streams under load: thousands of headers in flight on
 * several streams at once (every codec, through the ACM's emulated ASYNC), resets and closes
 * while work is pending, and callbacks that call back into the ACM in the ways Windows allows
 * (resubmitting the header, asking sizes, unpreparing a finished header, closing the stream
 * from its own last MM_ACM_DONE). Checks: every header comes back exactly once per
 * submission, converted output equals the synchronous conversion of the same bytes, nothing
 * stays queued, and close is refused (ACMERR_BUSY) while work is pending.
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

#include "ts_fault.h"

/* cmocka's assertions only work on the test's own thread; the stream threads check with
 * these, which print the failed condition and abort (the test then fails). */
#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            abort();                                                                               \
        }                                                                                          \
    } while (0)
#define CHECK_EQ(a, b)                                                                             \
    do {                                                                                           \
        long long check_a = (long long)(a), check_b = (long long)(b);                              \
        if (check_a != check_b) {                                                                  \
            fprintf(stderr, "%s:%d: check failed: %s == %s (%lld != %lld)\n", __FILE__, __LINE__, #a, \
                    #b, check_a, check_b);                                                         \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

#define MAX_PAIRS 24
static ts_pair pairs[MAX_PAIRS];
static size_t pair_count;

/* One header's bookkeeping; dwUser of the header points here. */
typedef struct slot {
    ACMSTREAMHEADER header;
    BYTE *src;
    BYTE *dst;
    DWORD src_length, dst_length;
    atomic_int done_count;   /* MM_ACM_DONE callbacks seen */
    int resubmit_left;       /* the callback resubmits while > 0 */
} slot;

typedef struct stream_run {
    HACMSTREAM has;
    slot *slots;
    size_t count;
    atomic_long callbacks;
    atomic_long callback_errors;
    atomic_bool opened, closed;
    bool close_from_callback;
    atomic_long outstanding; /* submissions not returned yet */
} stream_run;

static void wait_until_zero(atomic_long *value, double seconds)
{
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    while (atomic_load(value) > 0) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        double elapsed = (double)(now.tv_sec - start.tv_sec) + (double)(now.tv_nsec - start.tv_nsec) / 1e9;
        CHECK(elapsed < seconds);
        sched_yield();
    }
}

/* The function callback. MM_ACM_DONE: count, maybe resubmit (allowed from the callback), ask
 * a size; the last DONE of a close_from_callback run closes the stream from here. */
static void CALLBACK run_callback(HACMSTREAM has, UINT msg, DWORD_PTR instance, LPARAM lParam1, LPARAM lParam2)
{
    (void)lParam2;
    stream_run *run = (stream_run *)instance;
    if (msg == MM_ACM_OPEN) {
        atomic_store(&run->opened, true);
        return;
    }
    if (msg == MM_ACM_CLOSE) {
        atomic_store(&run->closed, true);
        return;
    }
    if (msg != MM_ACM_DONE)
        return;
    atomic_fetch_add(&run->callbacks, 1);
    ACMSTREAMHEADER *header = (ACMSTREAMHEADER *)lParam1;
    slot *s = (slot *)header->dwUser;
    atomic_fetch_add(&s->done_count, 1);
    if ((header->fdwStatus & ACMSTREAMHEADER_STATUSF_INQUEUE) || !(header->fdwStatus & ACMSTREAMHEADER_STATUSF_DONE)) {
        fprintf(stderr, "MM_ACM_DONE with status 0x%lx\n", (unsigned long)header->fdwStatus);
        atomic_fetch_add(&run->callback_errors, 1);
    }
    /* A size query from the callback (the size of one destination block: valid for every
     * codec, encoders included). */
    DWORD size = 0;
    MMRESULT mr = acmStreamSize(has, header->cbDstLength, &size, ACM_STREAMSIZEF_DESTINATION);
    if (mr != MMSYSERR_NOERROR) {
        fprintf(stderr, "acmStreamSize from MM_ACM_DONE: %u\n", (unsigned)mr);
        atomic_fetch_add(&run->callback_errors, 1);
    }
    if (s->resubmit_left > 0) {
        s->resubmit_left--;
        mr = acmStreamConvert(has, header, 0);
        if (mr != MMSYSERR_NOERROR) {
            fprintf(stderr, "acmStreamConvert from MM_ACM_DONE: %u\n", (unsigned)mr);
            atomic_fetch_add(&run->callback_errors, 1);
        }
        return; /* still outstanding */
    }
    long left = atomic_fetch_sub(&run->outstanding, 1) - 1;
    if (run->close_from_callback && left == 0) {
        /* The last header is back: unprepare everything and close, from the worker. */
        for (size_t i = 0; i < run->count; i++)
            if (acmStreamUnprepareHeader(has, &run->slots[i].header, 0) != MMSYSERR_NOERROR)
                atomic_fetch_add(&run->callback_errors, 1);
        if (acmStreamClose(has, 0) != MMSYSERR_NOERROR)
            atomic_fetch_add(&run->callback_errors, 1);
    }
}

/* A source length of whole blocks on both sides (4 destination blocks for an encoder, 4
 * source blocks for a decoder), so that every header converts completely on its own. */
static DWORD piece_for(HACMSTREAM has, const ts_pair *pair)
{
    const WAVEFORMATEX *src = (const WAVEFORMATEX *)pair->src, *dst = (const WAVEFORMATEX *)pair->dst;
    DWORD piece = 0;
    if (src->wFormatTag == WAVE_FORMAT_PCM && dst->wFormatTag != WAVE_FORMAT_PCM && dst->nBlockAlign > 1)
        CHECK_EQ(acmStreamSize(has, dst->nBlockAlign * 4u, &piece, ACM_STREAMSIZEF_DESTINATION), MMSYSERR_NOERROR);
    else if (src->nBlockAlign > 2)
        piece = src->nBlockAlign * 4u;
    else
        piece = 2048;
    return piece;
}

static void slots_make(stream_run *run, const ts_pair *pair, size_t count, DWORD src_length)
{
    if (src_length == 0)
        src_length = piece_for(run->has, pair);
    run->slots = calloc(count, sizeof *run->slots);
    CHECK(run->slots != NULL);
    run->count = count;
    DWORD dst_length = 0;
    CHECK_EQ(acmStreamSize(run->has, src_length, &dst_length, ACM_STREAMSIZEF_SOURCE), MMSYSERR_NOERROR);
    const WAVEFORMATEX *src = (const WAVEFORMATEX *)pair->src;
    for (size_t i = 0; i < count; i++) {
        slot *s = &run->slots[i];
        s->src_length = src_length;
        s->dst_length = dst_length;
        s->src = malloc(src_length);
        s->dst = calloc(1, dst_length);
        CHECK(s->src != NULL);
        CHECK(s->dst != NULL);
        if (src->wFormatTag == WAVE_FORMAT_PCM)
            ts_speech_signal(s->src, src_length, (unsigned)i);
        else
            for (DWORD b = 0; b < src_length; b++)
                s->src[b] = (BYTE)(b * 31 + i);
        s->header.cbStruct = sizeof s->header;
        s->header.pbSrc = s->src;
        s->header.cbSrcLength = src_length;
        s->header.pbDst = s->dst;
        s->header.cbDstLength = dst_length;
        s->header.dwUser = (DWORD_PTR)s;
        CHECK_EQ(acmStreamPrepareHeader(run->has, &s->header, 0), MMSYSERR_NOERROR);
    }
}

static void slots_free(stream_run *run)
{
    for (size_t i = 0; i < run->count; i++) {
        free(run->slots[i].src);
        free(run->slots[i].dst);
    }
    free(run->slots);
}

/* The same headers converted in the same order by a synchronous stream must give the same
 * bytes (codecs carry state from header to header, so order matters, not timing). */
static void check_against_sync(const ts_pair *pair, const stream_run *run)
{
    HACMSTREAM has = NULL;
    CHECK_EQ(acmStreamOpen(&has, NULL, (WAVEFORMATEX *)pair->src, (WAVEFORMATEX *)pair->dst, NULL, 0, 0, 0),
             MMSYSERR_NOERROR);
    for (size_t i = 0; i < run->count; i++) {
        const slot *s = &run->slots[i];
        BYTE *dst = calloc(1, s->dst_length);
        CHECK(dst != NULL);
        ACMSTREAMHEADER h;
        memset(&h, 0, sizeof h);
        h.cbStruct = sizeof h;
        h.pbSrc = s->src;
        h.cbSrcLength = s->src_length;
        h.pbDst = dst;
        h.cbDstLength = s->dst_length;
        CHECK_EQ(acmStreamPrepareHeader(has, &h, 0), MMSYSERR_NOERROR);
        CHECK_EQ(acmStreamConvert(has, &h, 0), MMSYSERR_NOERROR);
        if (s->header.cbDstLengthUsed != h.cbDstLengthUsed || memcmp(s->dst, dst, h.cbDstLengthUsed) != 0) {
            fprintf(stderr, "%s: header %zu: async output differs from sync (%lu vs %lu bytes)\n", pair->name, i,
                    (unsigned long)s->header.cbDstLengthUsed, (unsigned long)h.cbDstLengthUsed);
            abort();
        }
        CHECK_EQ(acmStreamUnprepareHeader(has, &h, 0), MMSYSERR_NOERROR);
        free(dst);
    }
    CHECK_EQ(acmStreamClose(has, 0), MMSYSERR_NOERROR);
}

/* ---- thousands of headers in flight on every codec at once ------------------------------- */

typedef struct thread_job {
    const ts_pair *pair;
    size_t headers;
    int resubmits;
    bool reset_midway;
    long returned;
} thread_job;

static void *run_stream(void *arg)
{
    thread_job *job = arg;
    stream_run *run = calloc(1, sizeof *run);
    CHECK(run != NULL);
    MMRESULT mr = acmStreamOpen(&run->has, NULL, (WAVEFORMATEX *)job->pair->src, (WAVEFORMATEX *)job->pair->dst, NULL,
                                (DWORD_PTR)run_callback, (DWORD_PTR)run, ACM_STREAMOPENF_ASYNC | CALLBACK_FUNCTION);
    CHECK_EQ(mr, MMSYSERR_NOERROR);
    CHECK(atomic_load(&run->opened));
    slots_make(run, job->pair, job->headers, 0);
    atomic_store(&run->outstanding, (long)job->headers);
    for (size_t i = 0; i < job->headers; i++) {
        run->slots[i].resubmit_left = job->resubmits;
        CHECK_EQ(acmStreamConvert(run->has, &run->slots[i].header, 0), MMSYSERR_NOERROR);
        if (i == job->headers / 2 && job->reset_midway)
            CHECK_EQ(acmStreamReset(run->has, 0), MMSYSERR_NOERROR);
    }
    /* Work is pending (or just finished): close is refused while anything is queued. */
    mr = acmStreamClose(run->has, 0);
    CHECK(mr == ACMERR_BUSY || (mr == MMSYSERR_NOERROR && atomic_load(&run->outstanding) == 0));
    if (mr == MMSYSERR_NOERROR) {
        /* Nothing was pending: the stream is closed; the headers were unprepared by close. */
        job->returned = atomic_load(&run->callbacks);
        slots_free(run);
        free(run);
        return NULL;
    }
    wait_until_zero(&run->outstanding, 60.0);
    job->returned = atomic_load(&run->callbacks);
    CHECK_EQ(atomic_load(&run->callback_errors), 0);
    for (size_t i = 0; i < job->headers; i++) {
        slot *s = &run->slots[i];
        CHECK_EQ(atomic_load(&s->done_count), 1 + job->resubmits);
        CHECK(!(s->header.fdwStatus & ACMSTREAMHEADER_STATUSF_INQUEUE));
        CHECK(s->header.fdwStatus & ACMSTREAMHEADER_STATUSF_DONE);
        CHECK_EQ(acmStreamUnprepareHeader(run->has, &s->header, 0), MMSYSERR_NOERROR);
    }
    if (job->resubmits == 0 && !job->reset_midway)
        check_against_sync(job->pair, run);
    CHECK_EQ(acmStreamClose(run->has, 0), MMSYSERR_NOERROR);
    CHECK(atomic_load(&run->closed));
    slots_free(run);
    free(run);
    return NULL;
}

static void thousands_in_flight_on_every_codec(void **state)
{
    (void)state;
    pthread_t threads[MAX_PAIRS];
    thread_job jobs[MAX_PAIRS];
    size_t n = 0;
    for (size_t i = 0; i < pair_count; i++) {
        if (pairs[i].open_flags & ACM_STREAMOPENF_NONREALTIME)
            continue;
        jobs[n].pair = &pairs[i];
        jobs[n].headers = 400;
        jobs[n].resubmits = (int)(i % 3);
        jobs[n].reset_midway = (i % 4) == 3;
        jobs[n].returned = 0;
        assert_int_equal(pthread_create(&threads[n], NULL, run_stream, &jobs[n]), 0);
        n++;
    }
    long total = 0;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        total += jobs[i].returned;
    }
    print_message("%zu async streams at once, %ld headers returned in total\n", n, total);
    assert_true(total >= 1000);
}

/* ---- closing from the callback; reset and close with pending work ------------------------ */

static void close_from_last_callback(void **state)
{
    (void)state;
    const ts_pair *pair = &pairs[0];
    for (int round = 0; round < 20; round++) {
        stream_run *run = calloc(1, sizeof *run);
        assert_non_null(run);
        run->close_from_callback = true;
        assert_int_equal(acmStreamOpen(&run->has, NULL, (WAVEFORMATEX *)pair->src, (WAVEFORMATEX *)pair->dst, NULL,
                                       (DWORD_PTR)run_callback, (DWORD_PTR)run, ACM_STREAMOPENF_ASYNC | CALLBACK_FUNCTION),
                         MMSYSERR_NOERROR);
        slots_make(run, pair, 50, 0);
        atomic_store(&run->outstanding, 50);
        for (size_t i = 0; i < 50; i++)
            assert_int_equal(acmStreamConvert(run->has, &run->slots[i].header, 0), MMSYSERR_NOERROR);
        wait_until_zero(&run->outstanding, 30.0);
        /* The callback closed the stream; wait for MM_ACM_CLOSE before freeing. */
        struct timespec t = {0, 1000000L};
        for (int i = 0; i < 5000 && !atomic_load(&run->closed); i++)
            nanosleep(&t, NULL);
        assert_true(atomic_load(&run->closed));
        assert_int_equal(atomic_load(&run->callback_errors), 0);
        DWORD size = 0;
        assert_int_equal(acmStreamSize(run->has, 16, &size, ACM_STREAMSIZEF_SOURCE), MMSYSERR_INVALHANDLE);
        slots_free(run);
        free(run);
    }
}

static HACMSTREAM open_event_stream(const ts_pair *pair, HANDLE event)
{
    HACMSTREAM has = NULL;
    assert_int_equal(acmStreamOpen(&has, NULL, (WAVEFORMATEX *)pair->src, (WAVEFORMATEX *)pair->dst, NULL,
                                   (DWORD_PTR)event, 0, ACM_STREAMOPENF_ASYNC | CALLBACK_EVENT),
                     MMSYSERR_NOERROR);
    return has;
}

static void reset_and_close_with_pending_work(void **state)
{
    (void)state;
    int busy = 0, finished_first = 0;
    for (size_t p = 0; p < pair_count; p++) {
        if (pairs[p].open_flags & ACM_STREAMOPENF_NONREALTIME)
            continue;
        HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
        assert_non_null(event);
        stream_run run;
        memset(&run, 0, sizeof run);
        run.has = open_event_stream(&pairs[p], event);
        slots_make(&run, &pairs[p], 200, 0);
        for (int cycle = 0; cycle < 5; cycle++) {
            for (size_t i = 0; i < run.count; i++)
                assert_int_equal(acmStreamConvert(run.has, &run.slots[i].header, 0), MMSYSERR_NOERROR);
            MMRESULT mr = acmStreamClose(run.has, 0);
            if (mr == MMSYSERR_NOERROR) {
                /* The worker was faster than the submissions: nothing was queued any more, so
                 * the close was right to succeed. Open again and prepare the headers on it. */
                finished_first++;
                for (size_t i = 0; i < run.count; i++) {
                    assert_false(run.slots[i].header.fdwStatus & ACMSTREAMHEADER_STATUSF_INQUEUE);
                    assert_true(run.slots[i].header.fdwStatus & ACMSTREAMHEADER_STATUSF_DONE);
                }
                run.has = open_event_stream(&pairs[p], event);
                for (size_t i = 0; i < run.count; i++)
                    assert_int_equal(acmStreamPrepareHeader(run.has, &run.slots[i].header, 0), MMSYSERR_NOERROR);
                continue;
            }
            assert_int_equal(mr, ACMERR_BUSY);
            busy++;
            assert_int_equal(acmStreamReset(run.has, 0), MMSYSERR_NOERROR);
            /* After reset returns, no header is queued any more. */
            for (size_t i = 0; i < run.count; i++) {
                assert_false(run.slots[i].header.fdwStatus & ACMSTREAMHEADER_STATUSF_INQUEUE);
                assert_true(run.slots[i].header.fdwStatus & ACMSTREAMHEADER_STATUSF_DONE);
            }
        }
        for (size_t i = 0; i < run.count; i++)
            assert_int_equal(acmStreamUnprepareHeader(run.has, &run.slots[i].header, 0), MMSYSERR_NOERROR);
        assert_int_equal(acmStreamClose(run.has, 0), MMSYSERR_NOERROR);
        CloseHandle(event);
        slots_free(&run);
    }
    print_message("close with 200 headers just submitted: ACMERR_BUSY %d times, already finished %d times\n", busy,
                  finished_first);
    /* Most rounds find work pending; the test is meaningless if none did. */
    assert_true(busy > 0);
}

static int setup(void **state)
{
    (void)state;
    pair_count = ts_codec_pairs(pairs, MAX_PAIRS);
    return pair_count >= 10 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(thousands_in_flight_on_every_codec),
        cmocka_unit_test(close_from_last_callback),
        cmocka_unit_test(reset_and_close_with_pending_work),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
