/*
 * test_driver_so.c - drivers as real shared objects (tests/drivers/test_driver_module.c, built
 * by the test suite) named in a drivers file that the test writes at run time: the message
 * sequence and arguments, real unloading (dlopen RTLD_NOLOAD fails, the module's static state
 * starts afresh), DRV_LOAD / DRV_OPEN failures, a module without DriverProc, missing and
 * unloadable files with their diagnostics, the current directory never searched, and threads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common_int.h"
#include "driver_int.h"
#include "ts_files.h"

#ifndef PORTACM_TEST_DRIVER_DIR
#error "PORTACM_TEST_DRIVER_DIR must name the folder of the test driver modules"
#endif

/* ---- what the driver modules report --------------------------------------------------- */

typedef struct record {
    char module[32];
    int generation;
    DWORD_PTR id;
    HDRVR hdrvr;
    UINT msg;
    LPARAM lParam1;
    LPARAM lParam2;
    char argument[128];
} record;

static pthread_mutex_t record_lock = PTHREAD_MUTEX_INITIALIZER;
static record records[128];
static int record_count;
static atomic_int counts[DRV_POWER + 1]; /* per message, for the threaded test */

/* Called by the driver modules (resolved from this executable, which exports its symbols). */
__attribute__((visibility("default"))) void test_driver_record(const char *module, int generation, DWORD_PTR id,
                                                               HDRVR hdrvr, UINT msg, LPARAM lParam1,
                                                               LPARAM lParam2);

void test_driver_record(const char *module, int generation, DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM lParam1,
                        LPARAM lParam2)
{
    if (msg <= DRV_POWER)
        atomic_fetch_add(&counts[msg], 1);
    pthread_mutex_lock(&record_lock);
    if (record_count < (int)(sizeof records / sizeof records[0])) {
        record *r = &records[record_count++];
        *r = (record){"", generation, id, hdrvr, msg, lParam1, lParam2, ""};
        snprintf(r->module, sizeof r->module, "%s", module);
        if (msg == DRV_OPEN && lParam1)
            pacm_utf16_to_utf8_buffer((LPCWSTR)lParam1, r->argument, sizeof r->argument);
    }
    pthread_mutex_unlock(&record_lock);
}

static void reset_records(void)
{
    pthread_mutex_lock(&record_lock);
    record_count = 0;
    memset(records, 0, sizeof records);
    pthread_mutex_unlock(&record_lock);
    for (int i = 0; i <= DRV_POWER; i++)
        atomic_store(&counts[i], 0);
}

static void expect_record(int index, const char *module, UINT msg, DWORD_PTR id, HDRVR hdrvr, LPARAM lParam1,
                          LPARAM lParam2)
{
    assert_true(index < record_count);
    assert_string_equal(records[index].module, module);
    assert_int_equal(records[index].msg, msg);
    assert_int_equal(records[index].id, id);
    assert_ptr_equal(records[index].hdrvr, hdrvr);
    assert_int_equal(records[index].lParam1, lParam1);
    assert_int_equal(records[index].lParam2, lParam2);
}

/* ---- fixtures ---------------------------------------------------------------------------- */

static char *folder; /* private folder: drivers files and copies of modules */
static char recording_path[PATH_MAX], failing_load_path[PATH_MAX], no_proc_path[PATH_MAX];

static int setup(void **state)
{
    folder = ts_temp_dir();
    *state = folder;
    snprintf(recording_path, sizeof recording_path, "%s/test_recording_driver.so", PORTACM_TEST_DRIVER_DIR);
    snprintf(failing_load_path, sizeof failing_load_path, "%s/test_failing_load_driver.so", PORTACM_TEST_DRIVER_DIR);
    snprintf(no_proc_path, sizeof no_proc_path, "%s/test_no_proc_driver.so", PORTACM_TEST_DRIVER_DIR);
    setenv("PORTACM_DRIVER_PATH", PORTACM_TEST_DRIVER_DIR, 1);
    unsetenv("PORTACM_DEBUG");
    return 0;
}


/* True while the shared object at `path` is mapped in this process. */
static bool is_loaded(const char *path)
{
    void *handle = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
    if (handle)
        dlclose(handle);
    return handle != NULL;
}

/* ---- tests ------------------------------------------------------------------------------- */

static void shared_object_sequence_and_unload(void **state)
{
    ts_use_drivers_file(folder, "[drivers32]\n"
                     "msacm.rec = test_recording_driver.so  hello w\xc3\xb6rld \n");
    reset_records();
    assert_false(is_loaded(recording_path));
    HDRVR a = OpenDriverA("msacm.rec", NULL, 0x11);
    assert_non_null(a);
    assert_true(is_loaded(recording_path));
    HDRVR b = OpenDriver(u"MSACM.REC", u"Drivers32", 0x22);
    assert_non_null(b);
    assert_int_equal(record_count, 4);
    expect_record(0, "recording", DRV_LOAD, 0, a, 0, 0);
    assert_int_equal(records[0].generation, 1);
    expect_record(1, "recording", DRV_ENABLE, 0, a, 0, 0);
    assert_int_equal(records[2].msg, DRV_OPEN);
    assert_ptr_equal(records[2].hdrvr, a);
    assert_int_equal(records[2].lParam2, 0x11);
    assert_string_equal(records[2].argument, "hello w\xc3\xb6rld");
    assert_int_equal(records[3].msg, DRV_OPEN);
    assert_ptr_equal(records[3].hdrvr, b);
    assert_int_equal(records[3].lParam2, 0x22);
    assert_string_equal(records[3].argument, "hello w\xc3\xb6rld");

    /* The module handle is the dlopen handle of the object. */
    void *self = dlopen(recording_path, RTLD_NOW | RTLD_NOLOAD);
    assert_non_null(self);
    assert_ptr_equal(GetDriverModuleHandle(a), self);
    assert_ptr_equal(GetDriverModuleHandle(b), self);
    dlclose(self);

    DWORD_PTR id_a = 0, id_b = 0;
    assert_non_null(pacm_drv_get_proc(a, &id_a));
    assert_non_null(pacm_drv_get_proc(b, &id_b));
    assert_true(id_a != 0 && id_b != 0 && id_a != id_b);
    assert_int_equal(SendDriverMessage(b, DRV_USER, 0, 0), 1); /* the load generation */
    expect_record(4, "recording", DRV_USER, id_b, b, 0, 0);

    assert_int_equal(CloseDriver(a, 3, 4), TRUE);
    assert_true(is_loaded(recording_path));
    assert_int_equal(CloseDriver(b, 5, 6), TRUE);
    assert_int_equal(record_count, 9);
    expect_record(5, "recording", DRV_CLOSE, id_a, a, 3, 4);
    expect_record(6, "recording", DRV_CLOSE, id_b, b, 5, 6);
    expect_record(7, "recording", DRV_DISABLE, 0, b, 0, 0);
    expect_record(8, "recording", DRV_FREE, 0, b, 0, 0);
    assert_false(is_loaded(recording_path));

    /* Reloaded from scratch: the module's static state starts again. */
    HDRVR c = OpenDriverA("msacm.rec", NULL, 0);
    assert_non_null(c);
    assert_int_equal(records[9].msg, DRV_LOAD);
    assert_int_equal(records[9].generation, 1);
    assert_int_equal(CloseDriver(c, 0, 0), TRUE);
    assert_false(is_loaded(recording_path));
}

static void generation_counter_detects_a_kept_mapping(void **state)
{
    /* The control for the unload proof above: while someone else keeps the object mapped, the
     * second load cycle sees generation 2. */
    void *keep = dlopen(recording_path, RTLD_NOW | RTLD_LOCAL);
    assert_non_null(keep);
    reset_records();
    HDRVR h = OpenDriverA(recording_path, NULL, 0); /* an absolute path, opened directly */
    assert_non_null(h);
    assert_int_equal(records[2].msg, DRV_OPEN);
    assert_int_equal(records[2].lParam1, 0); /* no entry, no argument text */
    assert_int_equal(CloseDriver(h, 0, 0), TRUE);
    h = OpenDriverA(recording_path, NULL, 0);
    assert_non_null(h);
    assert_int_equal(CloseDriver(h, 0, 0), TRUE);
    assert_int_equal(records[0].generation, 1);
    assert_int_equal(records[6].msg, DRV_LOAD);
    assert_int_equal(records[6].generation, 2);
    dlclose(keep);
    assert_false(is_loaded(recording_path));
}

static void load_failure_unloads_the_object(void **state)
{
    ts_use_drivers_file(folder, "[drivers32]\nfailing=test_failing_load_driver.so\n");
    reset_records();
    ts_capture_begin();
    HDRVR h = OpenDriverA("failing", NULL, 0);
    char *log = ts_capture_end();
    assert_null(h);
    /* DRV_LOAD only: no DRV_ENABLE, DRV_OPEN or DRV_FREE after a refused load. */
    assert_int_equal(record_count, 1);
    assert_int_equal(records[0].msg, DRV_LOAD);
    assert_false(is_loaded(failing_load_path));
    assert_non_null(strstr(log, "returned 0 for DRV_LOAD"));
    assert_non_null(strstr(log, failing_load_path));
    free(log);
}

static void open_failure_unloads_the_object(void **state)
{
    ts_use_drivers_file(folder, "[drivers32]\nrefuses=test_recording_driver.so fail-open\n");
    reset_records();
    assert_null(OpenDriverA("refuses", NULL, 0x5));
    assert_int_equal(record_count, 5);
    assert_int_equal(records[0].msg, DRV_LOAD);
    assert_int_equal(records[1].msg, DRV_ENABLE);
    assert_int_equal(records[2].msg, DRV_OPEN);
    assert_string_equal(records[2].argument, "fail-open");
    assert_int_equal(records[3].msg, DRV_DISABLE);
    assert_int_equal(records[4].msg, DRV_FREE);
    assert_false(is_loaded(recording_path));
}

static void objects_that_cannot_be_drivers(void **state)
{
    char *garbage = ts_write_text(folder, "garbage_driver.so", "this is not an ELF object\n");
    char search[2 * PATH_MAX + 2];
    snprintf(search, sizeof search, "%s:%s", PORTACM_TEST_DRIVER_DIR, folder);
    setenv("PORTACM_DRIVER_PATH", search, 1);
    ts_use_drivers_file(folder, "[drivers32]\n"
                     "noproc=test_no_proc_driver.so\n"
                     "missing=missing_driver.so\n"
                     "garbage=garbage_driver.so\n");
    reset_records();

    ts_capture_begin();
    assert_null(OpenDriverA("noproc", NULL, 0));
    char *log = ts_capture_end();
    assert_non_null(strstr(log, "exports no DriverProc"));
    assert_non_null(strstr(log, no_proc_path));
    assert_false(is_loaded(no_proc_path));

    free(log);
    ts_capture_begin();
    assert_null(OpenDriverA("missing", NULL, 0));
    log = ts_capture_end();
    assert_non_null(strstr(log, "'missing_driver.so' is not a built-in module and was not found"));

    free(log);
    ts_capture_begin();
    assert_null(OpenDriverA("garbage", NULL, 0));
    log = ts_capture_end();
    /* The diagnostic carries dlerror's text, which names the file. */
    assert_non_null(strstr(log, "cannot load"));
    assert_non_null(strstr(log, garbage));
    free(log);

    ts_capture_begin();
    assert_null(OpenDriverA("/nonexistent/driver.so", NULL, 0));
    log = ts_capture_end();
    assert_non_null(strstr(log, "/nonexistent/driver.so does not exist"));
    free(log);
    assert_int_equal(record_count, 0);

    setenv("PORTACM_DRIVER_PATH", PORTACM_TEST_DRIVER_DIR, 1);
    free(garbage);
}

static void current_directory_is_never_searched(void **state)
{
    char *copy = ts_copy_file(recording_path, folder, "cwd_driver.so");
    char saved_cwd[PATH_MAX];
    assert_non_null(getcwd(saved_cwd, sizeof saved_cwd));
    assert_int_equal(chdir(folder), 0);
    ts_use_drivers_file(folder, "[drivers32]\ncwd=cwd_driver.so\ndotted=./cwd_driver.so\n");
    reset_records();

    static const char *const searches[] = {PORTACM_TEST_DRIVER_DIR, "", ".", ":", "::.:"};
    for (size_t i = 0; i < sizeof searches / sizeof searches[0]; i++) {
        setenv("PORTACM_DRIVER_PATH", searches[i], 1);
        assert_null(OpenDriverA("cwd", NULL, 0));
        assert_null(OpenDriverA("dotted", NULL, 0));
        assert_null(OpenDriverA("cwd_driver.so", NULL, 0));
        assert_null(OpenDriverA("./cwd_driver.so", NULL, 0));
    }
    unsetenv("PORTACM_DRIVER_PATH");
    assert_null(OpenDriverA("cwd", NULL, 0));
    assert_int_equal(record_count, 0);
    assert_false(is_loaded(copy));

    /* The control: the same copy loads once its folder is named by absolute path. */
    setenv("PORTACM_DRIVER_PATH", folder, 1);
    HDRVR h = OpenDriverA("cwd", NULL, 0);
    assert_non_null(h);
    assert_int_equal(CloseDriver(h, 0, 0), TRUE);
    assert_int_equal(records[0].msg, DRV_LOAD);

    assert_int_equal(chdir(saved_cwd), 0);
    setenv("PORTACM_DRIVER_PATH", PORTACM_TEST_DRIVER_DIR, 1);
    free(copy);
}

#define SO_THREADS 6
#define SO_ROUNDS 300

static atomic_int so_failures;

static void *so_worker(void *arg)
{
    (void)arg;
    for (int round = 0; round < SO_ROUNDS; round++) {
        HDRVR h = OpenDriverA("threads", NULL, round);
        if (!h) {
            atomic_fetch_add(&so_failures, 1);
            continue;
        }
        if (SendDriverMessage(h, DRV_USER, 0, 0) < 1)
            atomic_fetch_add(&so_failures, 1);
        if (CloseDriver(h, 0, 0) != TRUE)
            atomic_fetch_add(&so_failures, 1);
    }
    return NULL;
}

static void threads_share_one_object(void **state)
{
    ts_use_drivers_file(folder, "[drivers32]\nthreads=test_recording_driver.so\n");
    reset_records();
    pthread_t threads[SO_THREADS];
    for (int i = 0; i < SO_THREADS; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, so_worker, NULL), 0);
    for (int i = 0; i < SO_THREADS; i++)
        pthread_join(threads[i], NULL);
    print_message("shared object threads: %d load cycles for %d opens\n", atomic_load(&counts[DRV_LOAD]),
                  atomic_load(&counts[DRV_OPEN]));
    assert_int_equal(atomic_load(&so_failures), 0);
    assert_int_equal(atomic_load(&counts[DRV_OPEN]), SO_THREADS * SO_ROUNDS);
    assert_int_equal(atomic_load(&counts[DRV_CLOSE]), SO_THREADS * SO_ROUNDS);
    assert_true(atomic_load(&counts[DRV_LOAD]) >= 1);
    assert_int_equal(atomic_load(&counts[DRV_LOAD]), atomic_load(&counts[DRV_ENABLE]));
    assert_int_equal(atomic_load(&counts[DRV_LOAD]), atomic_load(&counts[DRV_DISABLE]));
    assert_int_equal(atomic_load(&counts[DRV_LOAD]), atomic_load(&counts[DRV_FREE]));
    assert_false(is_loaded(recording_path));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shared_object_sequence_and_unload),
        cmocka_unit_test(generation_counter_detects_a_kept_mapping),
        cmocka_unit_test(load_failure_unloads_the_object),
        cmocka_unit_test(open_failure_unloads_the_object),
        cmocka_unit_test(objects_that_cannot_be_drivers),
        cmocka_unit_test(current_directory_is_never_searched),
        cmocka_unit_test(threads_share_one_object),
    };
    return cmocka_run_group_tests(tests, setup, ts_folder_teardown);
}
