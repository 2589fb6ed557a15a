/*
 * bench_callback.c - how fast DriverCallback notifications travel.
 *
 *   1. DCB_FUNCTION calls per second (the synchronous path).
 *   2. DriverCallback(DCB_WINDOW) from 1 and 4 producer threads into one window whose owner
 *      runs GetMessage: messages per second through one queue. A producer that finds the
 *      queue full (10,000 messages) yields and retries, as a driver would drop or retry.
 *   3. Post-to-wake latency: the consumer is blocked in GetMessage (the producer pauses long
 *      enough for it to fall asleep); measured from just before DriverCallback to just after
 *      GetMessage returns, with CLOCK_MONOTONIC. Median and 99th percentile.
 *
 * Usage: bench_callback [scale]   (scale multiplies the message counts; default 1)
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "mmddk.h"
#include "windows.h"

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* ---- 1. DCB_FUNCTION ---------------------------------------------------------------------- */
static volatile DWORD_PTR sink;

static void CALLBACK count_callback(HDRVR hdrvr, UINT uMsg, DWORD_PTR dwUser, DWORD_PTR dw1, DWORD_PTR dw2)
{
    (void)hdrvr;
    (void)uMsg;
    (void)dw2;
    sink += dwUser + dw1;
}

static double bench_function(unsigned long count)
{
    double start = now_seconds();
    for (unsigned long i = 0; i < count; i++)
        DriverCallback((DWORD_PTR)count_callback, DCB_FUNCTION, NULL, 0x3BD, 1, i, 0);
    return (double)count / (now_seconds() - start);
}

/* ---- 2. throughput -------------------------------------------------------------------------- */
typedef struct producer {
    HWND hwnd;
    unsigned long count;
    atomic_int *go;
    unsigned long retries;
} producer;

static void *producer_main(void *arg)
{
    producer *p = arg;
    while (!atomic_load(p->go))
        sched_yield();
    for (unsigned long i = 0; i < p->count; i++) {
        while (!DriverCallback((DWORD_PTR)p->hwnd, DCB_WINDOW, NULL, WM_USER, 0, i, 0)) {
            p->retries++;
            sched_yield();
        }
    }
    return NULL;
}

static LRESULT CALLBACK bench_proc(HWND hwnd, UINT msg, WPARAM wParam, LPARAM lParam)
{
    return DefWindowProcA(hwnd, msg, wParam, lParam);
}

static HWND bench_window(void)
{
    static bool registered;
    if (!registered) {
        WNDCLASSA wc = {0};
        wc.lpfnWndProc = bench_proc;
        wc.lpszClassName = "portacm-bench";
        RegisterClassA(&wc);
        registered = true;
    }
    return CreateWindowExA(0, "portacm-bench", NULL, 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
}

static double bench_throughput(int producers, unsigned long total, unsigned long *retries)
{
    HWND hwnd = bench_window();
    atomic_int go = 0;
    producer args[8];
    pthread_t threads[8];
    for (int i = 0; i < producers; i++) {
        args[i] = (producer){hwnd, total / (unsigned long)producers, &go, 0};
        pthread_create(&threads[i], NULL, producer_main, &args[i]);
    }
    unsigned long expected = (total / (unsigned long)producers) * (unsigned long)producers;
    MSG msg;
    double start = now_seconds();
    atomic_store(&go, 1);
    for (unsigned long received = 0; received < expected; received++)
        GetMessageA(&msg, NULL, 0, 0);
    double elapsed = now_seconds() - start;
    *retries = 0;
    for (int i = 0; i < producers; i++) {
        pthread_join(threads[i], NULL);
        *retries += args[i].retries;
    }
    DestroyWindow(hwnd);
    return (double)expected / elapsed;
}

/* Both halves on one thread, in batches: the cost of a post and of a GetMessage without any
 * cross-core traffic or scheduling, a ceiling for the cross-thread figures. */
static double bench_single_thread(unsigned long total)
{
    HWND hwnd = bench_window();
    MSG msg;
    double start = now_seconds();
    for (unsigned long done = 0; done < total; done += 5000) {
        for (unsigned long i = 0; i < 5000; i++)
            DriverCallback((DWORD_PTR)hwnd, DCB_WINDOW, NULL, WM_USER, 0, i, 0);
        for (unsigned long i = 0; i < 5000; i++)
            GetMessageA(&msg, NULL, 0, 0);
    }
    double elapsed = now_seconds() - start;
    DestroyWindow(hwnd);
    return (double)total / elapsed;
}

/* ---- 3. latency ----------------------------------------------------------------------------- */
typedef struct latency_run {
    HWND hwnd;
    unsigned count;
    uint64_t *sent_at;
    DWORD pause_us;
} latency_run;

static void *latency_producer(void *arg)
{
    latency_run *run = arg;
    for (unsigned i = 0; i < run->count; i++) {
        /* Long enough for the consumer to give up spinning and sleep in the kernel. */
        struct timespec pause = {0, (long)run->pause_us * 1000L};
        nanosleep(&pause, NULL);
        run->sent_at[i] = now_ns();
        DriverCallback((DWORD_PTR)run->hwnd, DCB_WINDOW, NULL, WM_USER, 0, i, 0);
    }
    return NULL;
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void bench_latency(unsigned count, DWORD pause_us, double *median_us, double *p99_us)
{
    latency_run run = {bench_window(), count, calloc(count, sizeof(uint64_t)), pause_us};
    uint64_t *latency = calloc(count, sizeof(uint64_t));
    pthread_t thread;
    pthread_create(&thread, NULL, latency_producer, &run);
    MSG msg;
    for (unsigned i = 0; i < count; i++) {
        GetMessageA(&msg, NULL, 0, 0);
        uint64_t arrived = now_ns();
        latency[(size_t)msg.lParam] = arrived - run.sent_at[(size_t)msg.lParam];
    }
    pthread_join(thread, NULL);
    qsort(latency, count, sizeof *latency, compare_u64);
    *median_us = (double)latency[count / 2] / 1000.0;
    *p99_us = (double)latency[(size_t)count * 99 / 100] / 1000.0;
    DestroyWindow(run.hwnd);
    free(run.sent_at);
    free(latency);
}

int main(int argc, char **argv)
{
    unsigned long scale = argc > 1 ? strtoul(argv[1], NULL, 10) : 1;
    if (scale == 0)
        scale = 1;
    MSG msg;
    PeekMessageA(&msg, NULL, 0, 0, PM_NOREMOVE);

    printf("portacm DriverCallback benchmark (%ld CPUs online)\n\n", sysconf(_SC_NPROCESSORS_ONLN));
    printf("%-58s %16s\n", "measurement", "result");
    printf("%-58s %16s\n", "----------------------------------------------------------", "----------------");
    double calls = bench_function(50000000ul * scale);
    printf("%-58s %12.1f M/s\n", "DCB_FUNCTION calls", calls / 1e6);
    double single = bench_single_thread(10000000ul * scale);
    printf("%-58s %12.2f M/s\n", "DCB_WINDOW + GetMessage on one thread (batches of 5,000)", single / 1e6);
    for (int producers = 1; producers <= 4; producers *= 4) {
        unsigned long retries;
        double rate = bench_throughput(producers, 10000000ul * scale, &retries);
        char label[96];
        snprintf(label, sizeof label, "DCB_WINDOW -> GetMessage, %d producer%s (full-queue retries %lu)", producers,
                 producers > 1 ? "s" : "", retries);
        printf("%-58s %12.2f M/s\n", label, rate / 1e6);
    }
    double median, p99;
    bench_latency(2000u * (unsigned)scale, 300, &median, &p99);
    printf("%-58s %13.1f us\n", "post-to-wake latency, consumer asleep: median", median);
    printf("%-58s %13.1f us\n", "post-to-wake latency, consumer asleep: p99", p99);
    return 0;
}
