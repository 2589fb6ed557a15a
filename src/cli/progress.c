/*
 * progress.c - the progress bar on stderr. It appears only when stderr is a terminal, -q was
 * not given and the work has already taken half a second (short jobs stay silent), and is
 * redrawn at most ten times a second. Parallel jobs add to one shared counter.
 */
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_int.h"

static pthread_mutex_t progress_lock = PTHREAD_MUTEX_INITIALIZER;
static bool progress_enabled;
static bool progress_shown;
static uint64_t progress_total;
static uint64_t progress_done;
static double progress_start;
static double progress_last;
static char progress_label[64];

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_begin(uint64_t total, const char *label)
{
    pthread_mutex_lock(&progress_lock);
    progress_enabled = !cli_quiet && isatty(STDERR_FILENO);
    progress_shown = false;
    progress_total = total;
    progress_done = 0;
    progress_start = progress_last = now_seconds();
    snprintf(progress_label, sizeof progress_label, "%s", label ? label : "");
    pthread_mutex_unlock(&progress_lock);
}

static void draw(double now)
{
    char line[160];
    double elapsed = now - progress_start;
    double rate = elapsed > 0 ? (double)progress_done / elapsed / 1e6 : 0;
    if (progress_total > 0) {
        double fraction = (double)progress_done / (double)progress_total;
        if (fraction > 1)
            fraction = 1;
        char bar[31];
        int filled = (int)(fraction * 30);
        for (int i = 0; i < 30; i++)
            bar[i] = i < filled ? '#' : '.';
        bar[30] = '\0';
        double eta = fraction > 0 ? elapsed / fraction - elapsed : 0;
        snprintf(line, sizeof line, "\r%-20.20s [%s] %3d%% %7.1f MB/s  ETA %4.0fs ", progress_label, bar,
                 (int)(fraction * 100), rate, eta);
    } else {
        snprintf(line, sizeof line, "\r%-20.20s %10.1f MB  %7.1f MB/s ", progress_label, (double)progress_done / 1e6,
                 rate);
    }
    fputs(line, stderr);
    fflush(stderr);
    progress_shown = true;
}

void progress_add(uint64_t done)
{
    if (!progress_enabled)
        return;
    pthread_mutex_lock(&progress_lock);
    progress_done += done;
    double now = now_seconds();
    if (now - progress_start >= 0.5 && now - progress_last >= 0.1) {
        progress_last = now;
        draw(now);
    }
    pthread_mutex_unlock(&progress_lock);
}

void progress_end(void)
{
    pthread_mutex_lock(&progress_lock);
    if (progress_enabled && progress_shown) {
        progress_done = progress_total ? progress_total : progress_done;
        draw(now_seconds());
        fputc('\n', stderr);
    }
    progress_enabled = false;
    pthread_mutex_unlock(&progress_lock);
}
