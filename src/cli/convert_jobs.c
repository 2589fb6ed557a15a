/*
 * convert_jobs.c - `portacm convert IN... -o DIR -j N`: output names in DIR, and the worker
 * threads that convert the files in parallel (each with an alternate signal stack, so that a
 * driver's stack overflow still reaches the handler that removes the temporary outputs).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "convert_int.h"

typedef struct job_list {
    char **inputs;
    char **outputs;
    int *results;
    size_t count;
    atomic_size_t next;
    const convert_options *options;
} job_list;

static void *job_worker(void *argument)
{
    job_list *jobs = argument;
    bool own_stack = cli_signal_stack(true);
    for (;;) {
        size_t index = atomic_fetch_add(&jobs->next, 1);
        if (index >= jobs->count)
            break;
        jobs->results[index] = cli_convert_file(jobs->inputs[index], jobs->outputs[index], jobs->options, false);
        if (jobs->results[index] == CLI_EXIT_OK) {
            struct stat st;
            if (stat(jobs->inputs[index], &st) == 0)
                progress_add((uint64_t)st.st_size);
        }
    }
    if (own_stack)
        cli_signal_stack(false);
    return NULL;
}

static char *output_name(const char *dir, const char *input)
{
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;
    size_t length = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
        length = (size_t)(dot - base);
    size_t size = strlen(dir) + length + 8;
    char *path = cli_alloc(size);
    snprintf(path, size, "%s%s%.*s.wav", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", (int)length, base);
    return path;
}

/* Names every input's output in o->out_dir and adds up the input sizes into *total (for the
 * progress bar). Returns CLI_EXIT_USAGE (printed) for "-" or two inputs with one output name. */
static int name_outputs(job_list *jobs, const convert_options *o, uint64_t *total)
{
    struct stat st;
    char **inputs = jobs->inputs;
    for (size_t i = 0; i < jobs->count; i++) {
        if (strcmp(inputs[i], "-") == 0) {
            cli_error(NULL, "'-' cannot be used with -o");
            return CLI_EXIT_USAGE;
        }
        jobs->outputs[i] = output_name(o->out_dir, inputs[i]);
        for (size_t j = 0; j < i; j++) {
            if (strcmp(jobs->outputs[i], jobs->outputs[j]) == 0) {
                cli_error(inputs[i], "has the same output name as %s (%s)", inputs[j], jobs->outputs[i]);
                for (size_t k = 0; k <= i; k++)
                    free(jobs->outputs[k]);
                return CLI_EXIT_USAGE;
            }
        }
        if (stat(inputs[i], &st) == 0)
            *total += (uint64_t)st.st_size;
    }
    return CLI_EXIT_OK;
}

/* Runs the jobs on -j threads (default: the processors online; never more than the files),
 * this one included. Returns the thread count. */
static unsigned run_jobs(job_list *jobs, const convert_options *o, uint64_t total)
{
    unsigned threads = o->jobs;
    if (!threads) {
        long processors = sysconf(_SC_NPROCESSORS_ONLN);
        threads = processors > 0 ? (unsigned)processors : 1;
    }
    if (threads > jobs->count)
        threads = (unsigned)jobs->count;
    progress_begin(total, "converting");
    pthread_t *ids = cli_alloc(threads * sizeof(pthread_t));
    unsigned started = 0;
    for (unsigned t = 1; t < threads; t++) {
        if (pthread_create(&ids[t], NULL, job_worker, jobs) != 0)
            break;
        started = t;
    }
    job_worker(jobs);
    for (unsigned t = 1; t <= started; t++)
        pthread_join(ids[t], NULL);
    progress_end();
    free(ids);
    return threads;
}

int cli_convert_many(char **inputs, size_t count, const convert_options *o)
{
    struct stat st;
    if (stat(o->out_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        cli_error(o->out_dir, "not a directory");
        return CLI_EXIT_USAGE;
    }
    job_list jobs;
    memset(&jobs, 0, sizeof jobs);
    jobs.inputs = inputs;
    jobs.count = count;
    jobs.options = o;
    jobs.outputs = cli_alloc(count * sizeof(char *));
    jobs.results = cli_alloc(count * sizeof(int));
    atomic_init(&jobs.next, 0);
    uint64_t total = 0;
    if (name_outputs(&jobs, o, &total) != CLI_EXIT_OK) {
        free(jobs.outputs);
        free(jobs.results);
        return CLI_EXIT_USAGE;
    }
    unsigned threads = run_jobs(&jobs, o, total);
    int status = CLI_EXIT_OK;
    size_t failures = 0;
    for (size_t i = 0; i < count; i++) {
        if (jobs.results[i] != CLI_EXIT_OK) {
            failures++;
            if (status == CLI_EXIT_OK)
                status = jobs.results[i];
        }
        free(jobs.outputs[i]);
    }
    if (failures)
        cli_error(NULL, "%zu of %zu files failed", failures, count);
    else
        cli_info("converted %zu files with %u parallel jobs", count, threads);
    free(jobs.outputs);
    free(jobs.results);
    return status;
}
