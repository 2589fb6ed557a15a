/*
 * fuzz_priority_file.c - the ACM priority-file parser ($XDG_CONFIG_HOME/portacm/
 * acm-priority.ini, read by src/acm/acm_priority.c and applied by src/acm/acm_registry.c) on
 * untrusted text.
 *
 * The library reads that file once per process, when the driver list is built, so a harness
 * that only calls the public API could test one input per process and libFuzzer would learn
 * nothing from the coverage. This harness therefore compiles acm_registry.c into itself (the
 * include below): its static priority_apply is then callable (after pacm_acm_priority_read), and
 * the linker takes every other registry symbol from this object instead of the library's
 * copy, so there is exactly one registry. The parser that runs is the library's own source.
 *
 * Per input: the file is replaced, read and applied to the real driver list (reordering and
 * enabling/disabling the built-in drivers), then the list is enumerated and a stream is
 * opened with had = NULL so the new order is used.
 */
#include "../src/acm/acm_registry.c"

#include "ts_files.h"
#include "fuzz_util.h"

static char priority_file[700];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dir = ts_scratch_dir();
    setenv("XDG_CONFIG_HOME", dir, 1);
    setenv("PORTACM_DRIVERS", "/nonexistent/portacm-fuzz/drivers.ini", 1);
    char folder[520];
    snprintf(folder, sizeof folder, "%s/portacm", dir);
    mkdir(folder, 0700);
    snprintf(priority_file, sizeof priority_file, "%s/acm-priority.ini", folder);
    return 0;
}

static BOOL CALLBACK visit_driver(HACMDRIVERID hadid, DWORD_PTR instance, DWORD support)
{
    (void)support;
    DWORD priority = 0;
    acmMetrics((HACMOBJ)hadid, ACM_METRIC_DRIVER_PRIORITY, &priority);
    (*(unsigned *)instance)++;
    return TRUE;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pacm_acm_init(); /* the first call builds the list (and reads the then-current file) */
    ts_replace_file(priority_file, data, size);
    acm_priority_entry *entries = NULL;
    size_t count = pacm_acm_priority_read(&entries);
    priority_apply(entries, count);
    pacm_acm_priority_entries_free(entries, count);

    unsigned drivers = 0;
    acmDriverEnum(visit_driver, (DWORD_PTR)&drivers, ACM_DRIVERENUMF_DISABLED);
    WAVEFORMATEX pcm = {WAVE_FORMAT_PCM, 1, 8000, 16000, 2, 16, 0};
    WAVEFORMATEX mulaw = {WAVE_FORMAT_MULAW, 1, 8000, 8000, 1, 8, 0};
    acmStreamOpen(NULL, NULL, &pcm, &mulaw, NULL, 0, 0, ACM_STREAMOPENF_QUERY);
    return 0;
}
