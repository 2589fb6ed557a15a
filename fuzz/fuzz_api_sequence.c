/*
 * fuzz_api_sequence.c - sequences of stream calls in the order, with the flags and sizes an
 * application (or a careless one) might use: open (sync or ASYNC with a function, event or
 * no callback; NONREALTIME; QUERY; stray flag bits), prepare, convert, size, message, reset,
 * unprepare and close, on up to 4 streams sharing 6 headers, over the built-in codecs.
 *
 * The harness keeps the rules an application must keep (it never frees a buffer the ACM may
 * still use, nor passes memory it does not own); everything else is fair. It checks that
 * Used values stay within the buffers, that queued work finishes (no hang: 5 s limit), and
 * that every stream can be reset and closed at the end.
 */
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fuzz_format_util.h"

#define SEQ_STREAMS 4
#define SEQ_HEADERS 6
#define SEQ_SRC 4096
#define SEQ_DST 8192
#define SEQ_MAX_PAIRS 16

typedef struct format_pair {
    BYTE src[256];
    BYTE dst[256];
} format_pair;

static format_pair pairs[SEQ_MAX_PAIRS];
static unsigned pair_count;
static atomic_long callback_count;

static void seq_require(int condition, const char *what)
{
    if (!condition) {
        fprintf(stderr, "fuzz_api_sequence: %s\n", what);
        abort();
    }
}

/* PCM -> tag and tag -> PCM pairs, with the codec's own suggested structures. */
static void add_pairs(WORD tag)
{
    WAVEFORMATEX pcm = {WAVE_FORMAT_PCM, 1, 8000, 16000, 2, 16, 0};
    BYTE coded[256];
    memset(coded, 0, sizeof coded);
    ((WAVEFORMATEX *)coded)->wFormatTag = tag;
    if (acmFormatSuggest(NULL, &pcm, (WAVEFORMATEX *)coded, sizeof coded, ACM_FORMATSUGGESTF_WFORMATTAG) !=
        MMSYSERR_NOERROR)
        return;
    if (pair_count + 2 > SEQ_MAX_PAIRS)
        return;
    memcpy(pairs[pair_count].src, &pcm, sizeof pcm);
    memcpy(pairs[pair_count].dst, coded, sizeof coded);
    pair_count++;
    BYTE back[256];
    memset(back, 0, sizeof back);
    ((WAVEFORMATEX *)back)->wFormatTag = WAVE_FORMAT_PCM;
    if (acmFormatSuggest(NULL, (WAVEFORMATEX *)coded, (WAVEFORMATEX *)back, sizeof back,
                         ACM_FORMATSUGGESTF_WFORMATTAG) == MMSYSERR_NOERROR) {
        memcpy(pairs[pair_count].src, coded, sizeof coded);
        memcpy(pairs[pair_count].dst, back, sizeof back);
        pair_count++;
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_isolate_environment();
    static const WORD tags[] = {WAVE_FORMAT_MULAW, WAVE_FORMAT_ALAW,   WAVE_FORMAT_IMA_ADPCM,
                                WAVE_FORMAT_ADPCM, WAVE_FORMAT_GSM610, WAVE_FORMAT_MPEGLAYER3};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        add_pairs(tags[i]);
    /* A PCM rate/layout change through the built-in converter. */
    WAVEFORMATEX a = {WAVE_FORMAT_PCM, 2, 44100, 176400, 4, 16, 0};
    WAVEFORMATEX b = {WAVE_FORMAT_PCM, 1, 8000, 8000, 1, 8, 0};
    memcpy(pairs[pair_count].src, &a, sizeof a);
    memcpy(pairs[pair_count].dst, &b, sizeof b);
    pair_count++;
    return 0;
}

/* The function callback: counts, and calls back into the ACM as Windows allows
 * (acmStreamSize on the notifying stream). */
static void CALLBACK seq_callback(HACMSTREAM has, UINT msg, DWORD_PTR instance, LPARAM lParam1, LPARAM lParam2)
{
    (void)instance;
    (void)lParam1;
    (void)lParam2;
    atomic_fetch_add_explicit(&callback_count, 1, memory_order_relaxed);
    if (msg == MM_ACM_DONE) {
        DWORD out = 0;
        acmStreamSize(has, 64, &out, ACM_STREAMSIZEF_SOURCE);
    }
}

typedef struct seq_state {
    HACMSTREAM streams[SEQ_STREAMS];
    HANDLE events[SEQ_STREAMS];
    ACMSTREAMHEADER headers[SEQ_HEADERS];
    BYTE *src[SEQ_HEADERS];
    BYTE *dst[SEQ_HEADERS];
} seq_state;

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Waits until no header is queued (the worker finished or reset returned them). */
static void wait_idle(seq_state *s)
{
    double start = now_seconds();
    for (int h = 0; h < SEQ_HEADERS; h++) {
        /* The worker clears INQUEUE after a release fence; poll with an acquire fence. */
        while (*(volatile DWORD *)&s->headers[h].fdwStatus & ACMSTREAMHEADER_STATUSF_INQUEUE) {
            seq_require(now_seconds() - start < 5.0, "queued header never completed");
            sched_yield();
        }
        atomic_thread_fence(memory_order_acquire);
    }
}

static void check_used(const ACMSTREAMHEADER *header)
{
    if (header->fdwStatus & ACMSTREAMHEADER_STATUSF_INQUEUE)
        return;
    seq_require(header->cbSrcLengthUsed <= header->cbSrcLength, "cbSrcLengthUsed past the source");
    seq_require(header->cbDstLengthUsed <= header->cbDstLength, "cbDstLengthUsed past the destination");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_cursor c = fuzz_cursor_make(data, size);
    seq_state s;
    memset(&s, 0, sizeof s);
    for (int h = 0; h < SEQ_HEADERS; h++) {
        s.src[h] = malloc(SEQ_SRC);
        s.dst[h] = malloc(SEQ_DST);
        if (s.src[h])
            for (int i = 0; i < SEQ_SRC; i++)
                s.src[h][i] = (BYTE)(i * 37 + h);
    }
    for (int i = 0; i < SEQ_STREAMS; i++)
        s.events[i] = CreateEventA(NULL, FALSE, FALSE, NULL);

    /* FUZZ_TRACE=1 prints every call (to debug a crash input with the replay program). */
    bool trace = getenv("FUZZ_TRACE") != NULL;
    for (int step = 0; step < 64 && fuzz_left(&c) > 0; step++) {
        uint8_t op = fuzz_u8(&c);
        uint8_t arg = fuzz_u8(&c);
        int si = arg % SEQ_STREAMS;
        int hi = (arg >> 2) % SEQ_HEADERS;
        if (trace)
            fprintf(stderr, "step %d: op %d stream %d header %d (status 0x%lx, src %lu/%lu dst %lu/%lu)\n", step,
                    op % 11, si, hi, (unsigned long)s.headers[hi].fdwStatus, (unsigned long)s.headers[hi].cbSrcLengthUsed,
                    (unsigned long)s.headers[hi].cbSrcLength, (unsigned long)s.headers[hi].cbDstLengthUsed,
                    (unsigned long)s.headers[hi].cbDstLength);
        HACMSTREAM has = s.streams[si];
        ACMSTREAMHEADER *header = &s.headers[hi];
        if (!s.src[hi] || !s.dst[hi])
            break;
        switch (op % 11) {
        case 0: { /* open */
            if (has || !pair_count)
                break;
            uint8_t how = fuzz_u8(&c);
            const format_pair *pair = &pairs[fuzz_u8(&c) % pair_count];
            DWORD flags = 0;
            DWORD_PTR callback = 0;
            switch (how & 3) {
            case 1:
                flags = ACM_STREAMOPENF_ASYNC | CALLBACK_FUNCTION;
                callback = (DWORD_PTR)seq_callback;
                break;
            case 2:
                flags = ACM_STREAMOPENF_ASYNC | CALLBACK_EVENT;
                callback = (DWORD_PTR)s.events[si];
                break;
            case 3:
                flags = ACM_STREAMOPENF_ASYNC;
                break;
            }
            if (how & 4)
                flags |= ACM_STREAMOPENF_NONREALTIME;
            if (how & 8)
                flags |= (DWORD)1 << ((how >> 4) % 32); /* a stray bit: INVALFLAG or harmless */
            HACMSTREAM opened = NULL;
            MMRESULT mr = acmStreamOpen(&opened, NULL, (WAVEFORMATEX *)pair->src, (WAVEFORMATEX *)pair->dst, NULL,
                                        callback, 0, flags);
            if (mr == MMSYSERR_NOERROR && !(flags & ACM_STREAMOPENF_QUERY))
                s.streams[si] = opened;
            break;
        }
        case 1: /* close */
            if (has && acmStreamClose(has, (arg & 0x80) ? 1 : 0) == MMSYSERR_NOERROR)
                s.streams[si] = NULL;
            break;
        case 2: { /* prepare */
            if (header->fdwStatus & ACMSTREAMHEADER_STATUSF_INQUEUE)
                break; /* the application must not touch a queued header */
            header->cbStruct = (arg & 0x80) ? (DWORD)(fuzz_u8(&c) % (sizeof *header + 1)) : sizeof *header;
            header->pbSrc = s.src[hi];
            header->cbSrcLength = fuzz_u16(&c) % (SEQ_SRC + 1);
            header->pbDst = s.dst[hi];
            header->cbDstLength = fuzz_u16(&c) % (SEQ_DST + 1);
            acmStreamPrepareHeader(has, header, (arg & 0x40) ? 1 : 0);
            break;
        }
        case 3: /* unprepare */
            if (!(header->fdwStatus & ACMSTREAMHEADER_STATUSF_INQUEUE))
                acmStreamUnprepareHeader(has, header, 0);
            break;
        case 4: { /* convert */
            if (header->fdwStatus & ACMSTREAMHEADER_STATUSF_INQUEUE)
                break;
            DWORD flags = fuzz_u8(&c) & 0x1F;
            MMRESULT mr = acmStreamConvert(has, header, flags);
            if (trace)
                fprintf(stderr, "  convert: %u\n", (unsigned)mr);
            /* Only a conversion that ran sets Used; a refused one (bad flags, not prepared)
             * leaves the previous values, which may exceed lengths the application changed. */
            if (mr == MMSYSERR_NOERROR)
                check_used(header);
            break;
        }
        case 5: /* reset */
            acmStreamReset(has, (arg & 0x80) ? 1 : 0);
            break;
        case 6: { /* size */
            DWORD out = 0;
            acmStreamSize(has, fuzz_u32(&c), &out, fuzz_u8(&c) & 0x1F);
            break;
        }
        case 7: /* a driver message */
            acmStreamMessage(has, ACMDM_USER + (fuzz_u8(&c) % 4), 0, 0);
            break;
        case 8: /* wait for the queue */
            wait_idle(&s);
            break;
        case 9: /* the application changes an idle header's lengths (convert must refuse growth) */
            if (!(header->fdwStatus & ACMSTREAMHEADER_STATUSF_INQUEUE)) {
                header->cbSrcLength = fuzz_u16(&c) % (SEQ_SRC + 1);
                header->cbDstLength = fuzz_u16(&c) % (SEQ_DST + 1);
            }
            break;
        default: /* a stale handle: close through a copy, then use the copy */
            if (has && acmStreamReset(has, 0) == MMSYSERR_NOERROR) {
                wait_idle(&s);
                if (acmStreamClose(has, 0) == MMSYSERR_NOERROR) {
                    s.streams[si] = NULL;
                    DWORD out = 0;
                    seq_require(acmStreamSize(has, 16, &out, 0) == MMSYSERR_INVALHANDLE, "stale handle accepted");
                }
            }
            break;
        }
    }

    /* Clean up as a correct application does: reset, wait, unprepare, close. */
    for (int i = 0; i < SEQ_STREAMS; i++)
        if (s.streams[i])
            seq_require(acmStreamReset(s.streams[i], 0) == MMSYSERR_NOERROR, "reset failed");
    wait_idle(&s);
    for (int i = 0; i < SEQ_STREAMS; i++) {
        if (!s.streams[i])
            continue;
        for (int h = 0; h < SEQ_HEADERS; h++)
            if (s.headers[h].fdwStatus & ACMSTREAMHEADER_STATUSF_PREPARED)
                acmStreamUnprepareHeader(s.streams[i], &s.headers[h], 0);
        seq_require(acmStreamClose(s.streams[i], 0) == MMSYSERR_NOERROR, "close after reset failed");
    }
    for (int h = 0; h < SEQ_HEADERS; h++) {
        free(s.src[h]);
        free(s.dst[h]);
    }
    for (int i = 0; i < SEQ_STREAMS; i++)
        if (s.events[i])
            CloseHandle(s.events[i]);
    return 0;
}
