/*
 * bench_acm_stream.c - what a conversion stream costs.
 *
 *   1. acmStreamConvert per call on a 20 ms buffer through the built-in PCM converter
 *      (16-bit stereo 44.1 kHz -> 8-bit mono, and back), in ns per call;
 *   2. the ACM's own share of that: the same call on a driver that converts nothing (it only
 *      reports the buffer used), in ns per call;
 *   3. PCM converter throughput on 1 s buffers, in MB/s of source data;
 *   4. an asynchronous stream: convert + wait for the CALLBACK_EVENT, in microseconds.
 *
 * Run: build/bench/bench_acm_stream [iterations]. Numbers are medians of 5 runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "windows.h"
#include "mmsystem.h"
#include "msacm.h"
#include "msacmdrv.h"

#define NULL_TAG 0x7A12u

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void pcm_format(WAVEFORMATEX *format, WORD channels, DWORD rate, WORD bits)
{
    memset(format, 0, sizeof *format);
    format->wFormatTag = WAVE_FORMAT_PCM;
    format->nChannels = channels;
    format->nSamplesPerSec = rate;
    format->wBitsPerSample = bits;
    format->nBlockAlign = (WORD)(channels * bits / 8);
    format->nAvgBytesPerSec = rate * format->nBlockAlign;
}

/* A driver that does no work: the ACM's overhead is all that remains. It converts
 * NULL_TAG -> PCM by reporting every byte used. */
static LRESULT CALLBACK null_driver(DWORD_PTR id, HACMDRIVERID hadid, UINT msg, LPARAM lParam1, LPARAM lParam2)
{
    (void)id;
    (void)hadid;
    switch (msg) {
    case DRV_LOAD:
    case DRV_FREE:
    case DRV_ENABLE:
    case DRV_DISABLE:
    case DRV_OPEN:
    case DRV_CLOSE:
        return 1;
    case ACMDM_DRIVER_DETAILS: {
        ACMDRIVERDETAILSW *details = (ACMDRIVERDETAILSW *)lParam1;
        DWORD size = details->cbStruct < sizeof *details ? details->cbStruct : (DWORD)sizeof *details;
        ACMDRIVERDETAILSW full = {.cbStruct = size, .fccType = ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC,
                                  .fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC, .cFormatTags = 2};
        memcpy(details, &full, size);
        return MMSYSERR_NOERROR;
    }
    case ACMDM_FORMATTAG_DETAILS: {
        ACMFORMATTAGDETAILSW *tag = (ACMFORMATTAGDETAILSW *)lParam1;
        if (lParam2 != ACM_FORMATTAGDETAILSF_INDEX || tag->dwFormatTagIndex > 1)
            return ACMERR_NOTPOSSIBLE;
        tag->dwFormatTag = tag->dwFormatTagIndex ? NULL_TAG : WAVE_FORMAT_PCM;
        tag->cbFormatSize = tag->dwFormatTagIndex ? 18 : 16;
        tag->fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC;
        return MMSYSERR_NOERROR;
    }
    case ACMDM_STREAM_OPEN: {
        const ACMDRVSTREAMINSTANCE *instance = (const ACMDRVSTREAMINSTANCE *)lParam1;
        return instance->pwfxSrc->wFormatTag == NULL_TAG ? MMSYSERR_NOERROR : ACMERR_NOTPOSSIBLE;
    }
    case ACMDM_STREAM_CLOSE:
        return MMSYSERR_NOERROR;
    case ACMDM_STREAM_CONVERT: {
        ACMDRVSTREAMHEADER *header = (ACMDRVSTREAMHEADER *)lParam2;
        header->cbSrcLengthUsed = header->cbSrcLength;
        header->cbDstLengthUsed = header->cbSrcLength < header->cbDstLength ? header->cbSrcLength : header->cbDstLength;
        return MMSYSERR_NOERROR;
    }
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
}

/* Median ns per acmStreamConvert of `source_length` bytes over `iterations` calls. */
static double time_convert(HACMSTREAM has, BYTE *source, DWORD source_length, BYTE *destination,
                           DWORD destination_length, int iterations)
{
    ACMSTREAMHEADER header;
    memset(&header, 0, sizeof header);
    header.cbStruct = sizeof header;
    header.pbSrc = source;
    header.cbSrcLength = source_length;
    header.pbDst = destination;
    header.cbDstLength = destination_length;
    if (acmStreamPrepareHeader(has, &header, 0) != MMSYSERR_NOERROR)
        return -1;
    double runs[5];
    for (int run = 0; run < 5; run++) {
        double start = now_ns();
        for (int i = 0; i < iterations; i++) {
            if (acmStreamConvert(has, &header, ACM_STREAMCONVERTF_BLOCKALIGN) != MMSYSERR_NOERROR)
                return -1;
        }
        runs[run] = (now_ns() - start) / iterations;
    }
    acmStreamUnprepareHeader(has, &header, 0);
    qsort(runs, 5, sizeof runs[0], compare_doubles);
    return runs[2];
}

static double bench_pair(const WAVEFORMATEX *from, const WAVEFORMATEX *to, DWORD seconds_ms, int iterations)
{
    HACMSTREAM has;
    if (acmStreamOpen(&has, NULL, (WAVEFORMATEX *)from, (WAVEFORMATEX *)to, NULL, 0, 0, 0) != MMSYSERR_NOERROR)
        return -1;
    DWORD source_length = from->nAvgBytesPerSec / 1000 * seconds_ms;
    DWORD destination_length = 0;
    acmStreamSize(has, source_length, &destination_length, ACM_STREAMSIZEF_SOURCE);
    BYTE *source = malloc(source_length), *destination = malloc(destination_length + 16);
    for (DWORD i = 0; i < source_length; i++)
        source[i] = (BYTE)(i * 7 + (i >> 8));
    double ns = time_convert(has, source, source_length, destination, destination_length, iterations);
    free(source);
    free(destination);
    acmStreamClose(has, 0);
    return ns;
}

static double bench_async(int iterations)
{
    WAVEFORMATEX from, to;
    pcm_format(&from, 2, 44100, 16);
    pcm_format(&to, 1, 44100, 8);
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    HACMSTREAM has;
    if (acmStreamOpen(&has, NULL, &from, &to, NULL, (DWORD_PTR)event, 0, ACM_STREAMOPENF_ASYNC | CALLBACK_EVENT) !=
        MMSYSERR_NOERROR)
        return -1;
    WaitForSingleObject(event, 1000); /* MM_ACM_OPEN */
    static BYTE source[3528], destination[882];
    ACMSTREAMHEADER header;
    memset(&header, 0, sizeof header);
    header.cbStruct = sizeof header;
    header.pbSrc = source;
    header.cbSrcLength = sizeof source;
    header.pbDst = destination;
    header.cbDstLength = sizeof destination;
    acmStreamPrepareHeader(has, &header, 0);
    double start = now_ns();
    for (int i = 0; i < iterations; i++) {
        acmStreamConvert(has, &header, 0);
        if (WaitForSingleObject(event, 1000) != WAIT_OBJECT_0)
            return -1;
    }
    double us = (now_ns() - start) / iterations / 1000.0;
    acmStreamUnprepareHeader(has, &header, 0);
    acmStreamClose(has, 0);
    CloseHandle(event);
    return us;
}

int main(int argc, char **argv)
{
    int iterations = argc > 1 ? atoi(argv[1]) : 20000;
    if (iterations <= 0)
        iterations = 20000;
    WAVEFORMATEX stereo16, mono8;
    pcm_format(&stereo16, 2, 44100, 16);
    pcm_format(&mono8, 1, 44100, 8);

    double down = bench_pair(&stereo16, &mono8, 20, iterations);
    double up = bench_pair(&mono8, &stereo16, 20, iterations);
    if (down < 0 || up < 0) {
        printf("PCM converter unavailable (acmStreamOpen failed)\n");
        return 1;
    }
    printf("acmStreamConvert, 20 ms, PCM 16-bit stereo 44.1 kHz -> 8-bit mono: %.0f ns/call (3528 -> 882 bytes)\n",
           down);
    printf("acmStreamConvert, 20 ms, PCM 8-bit mono 44.1 kHz -> 16-bit stereo: %.0f ns/call (882 -> 3528 bytes)\n", up);

    static char module;
    HACMDRIVERID hadid;
    if (acmDriverAddW(&hadid, (HINSTANCE)(void *)&module, (LPARAM)null_driver, 0, ACM_DRIVERADDF_FUNCTION) ==
        MMSYSERR_NOERROR) {
        WAVEFORMATEX null_format = stereo16;
        null_format.wFormatTag = NULL_TAG;
        double overhead = bench_pair(&null_format, &stereo16, 20, iterations);
        printf("acmStreamConvert overhead (driver does no work), 20 ms buffer: %.0f ns/call\n", overhead);
        acmDriverRemove(hadid, 0);
    }

    double big_down = bench_pair(&stereo16, &mono8, 1000, iterations / 400 + 5);
    double big_up = bench_pair(&mono8, &stereo16, 1000, iterations / 400 + 5);
    printf("PCM converter throughput, 1 s buffers: 16-bit stereo -> 8-bit mono %.0f MB/s, 8-bit mono -> 16-bit "
           "stereo %.0f MB/s (source bytes)\n",
           stereo16.nAvgBytesPerSec / big_down * 1e3, mono8.nAvgBytesPerSec / big_up * 1e3);
    printf("asynchronous stream, convert + CALLBACK_EVENT wait, 20 ms buffer: %.1f us/buffer\n",
           bench_async(iterations / 10 + 10));
    return 0;
}
