/*
 * test_driver.c - the installable-driver runtime with in-process drivers (built-in registry and
 * pacm_drv_open_proc): the exact DRV_* sequence and arguments for one and several instances,
 * DRV_LOAD and DRV_OPEN failures, checked handles, DefDriverProc's answers, re-entrant drivers
 * and several threads opening and closing one module.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "common_int.h"
#include "driver_int.h"
#include "ts_driver.h"

/* ---- a recording driver ----------------------------------------------------------------- */

/* ts_driver records every message; this hook gives the test's own DRV_OPEN answer (when
 * open_result_override is set) and DRV_USER + 5's (lParam1 + lParam2 + the driver ID). */
static ts_driver rec = TS_DRIVER_INIT;
static DRIVERPROC recording_proc;
static LRESULT open_result_override = -1; /* -1: return a fresh ID */

/* Accepts DRV_OPEN (ts_driver's defaults; DRV_CLOSE answers 0 as DefDriverProc does). */
static ts_driver plain = TS_DRIVER_INIT;
static DRIVERPROC plain_proc;

static void reset_records(void)
{
    ts_driver_clear(&rec);
    rec.load_result = 1;
    open_result_override = -1;
}

static LRESULT recording_hook(ts_driver *driver, DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM lParam1, LPARAM lParam2)
{
    (void)driver;
    (void)hdrvr;
    if (msg == DRV_OPEN && open_result_override >= 0)
        return open_result_override;
    if (msg == DRV_USER + 5)
        return lParam1 + lParam2 + (LRESULT)id;
    return TS_DRIVER_STANDARD;
}

/* Asserts rec.records[index] is (msg, id, hdrvr, lParam1, lParam2). */
static void expect_record(int index, UINT msg, DWORD_PTR id, HDRVR hdrvr, LPARAM lParam1, LPARAM lParam2)
{
    assert_true(index < rec.count);
    assert_int_equal(rec.records[index].msg, msg);
    assert_int_equal(rec.records[index].id, id);
    assert_ptr_equal(rec.records[index].hdrvr, hdrvr);
    assert_int_equal(rec.records[index].lParam1, lParam1);
    assert_int_equal(rec.records[index].lParam2, lParam2);
}

static int setup_registry(void **state)
{
    (void)state;
    rec.next_id = 0x1000;
    rec.open_argument_text = true;
    rec.hook = recording_hook;
    recording_proc = ts_driver_proc(&rec);
    plain.open_result = 1;
    plain.close_result = 0; /* DefDriverProc's */
    plain_proc = ts_driver_proc(&plain);
    assert_int_equal(portacm_driver_register("rec.test", recording_proc), MMSYSERR_NOERROR);
    return 0;
}

static int teardown_registry(void **state)
{
    (void)state;
    portacm_driver_unregister("rec.test");
    return 0;
}

/* ---- sequences ---------------------------------------------------------------------------- */

static void one_instance_sequence(void **state)
{
    reset_records();
    HDRVR h = OpenDriverA("rec.test", NULL, 0x1234);
    assert_non_null(h);
    assert_int_equal(rec.count, 3);
    expect_record(0, DRV_LOAD, 0, h, 0, 0);
    expect_record(1, DRV_ENABLE, 0, h, 0, 0);
    /* No text follows a name opened directly: lParam1 is NULL. */
    expect_record(2, DRV_OPEN, 0, h, 0, 0x1234);
    DWORD_PTR id = rec.next_id - 1;

    /* Later calls carry DRV_OPEN's result as the driver ID. */
    assert_int_equal(SendDriverMessage(h, DRV_USER + 5, 7, 8), 15 + (LRESULT)id);
    expect_record(3, DRV_USER + 5, id, h, 7, 8);
    DWORD_PTR got_id = 0;
    assert_ptr_equal(pacm_drv_get_proc(h, &got_id), recording_proc);
    assert_int_equal(got_id, id);
    assert_non_null(GetDriverModuleHandle(h));
    assert_ptr_equal(DrvGetModuleHandle(h), GetDriverModuleHandle(h));

    assert_int_equal(CloseDriver(h, 11, 22), TRUE);
    assert_int_equal(rec.count, 7);
    expect_record(4, DRV_CLOSE, id, h, 11, 22);
    expect_record(5, DRV_DISABLE, 0, h, 0, 0);
    expect_record(6, DRV_FREE, 0, h, 0, 0);

    /* A closed handle is dead: nothing reaches the driver. */
    assert_int_equal(CloseDriver(h, 0, 0), FALSE);
    assert_int_equal(SendDriverMessage(h, DRV_USER + 5, 1, 1), 0);
    assert_null(GetDriverModuleHandle(h));
    assert_null(pacm_drv_get_proc(h, NULL));
    assert_int_equal(rec.count, 7);
}

static void several_instances_share_one_load(void **state)
{
    reset_records();
    HDRVR a = OpenDriverA("rec.test", NULL, 1);
    HDRVR b = OpenDriver(u"REC.TEST", NULL, 2); /* module names ignore case; W spelling */
    HDRVR c = OpenDriverA("Rec.Test", NULL, 3);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    assert_true(a != b && b != c && a != c);
    assert_int_equal(rec.count, 5);
    expect_record(0, DRV_LOAD, 0, a, 0, 0);
    expect_record(1, DRV_ENABLE, 0, a, 0, 0);
    expect_record(2, DRV_OPEN, 0, a, 0, 1);
    expect_record(3, DRV_OPEN, 0, b, 0, 2);
    expect_record(4, DRV_OPEN, 0, c, 0, 3);
    assert_ptr_equal(GetDriverModuleHandle(a), GetDriverModuleHandle(b));
    DWORD_PTR id_b = 0, id_c = 0;
    pacm_drv_get_proc(b, &id_b);
    pacm_drv_get_proc(c, &id_c);
    assert_true(id_b != id_c);

    assert_int_equal(CloseDriver(b, 5, 6), TRUE);
    assert_int_equal(rec.count, 6);
    expect_record(5, DRV_CLOSE, id_b, b, 5, 6);
    assert_int_equal(CloseDriver(a, 0, 0), TRUE);
    assert_int_equal(rec.count, 7);
    assert_int_equal(rec.records[6].msg, DRV_CLOSE);
    /* The last instance: DRV_CLOSE, then DRV_DISABLE and DRV_FREE once. */
    assert_int_equal(CloseDriver(c, 7, 8), TRUE);
    assert_int_equal(rec.count, 10);
    expect_record(7, DRV_CLOSE, id_c, c, 7, 8);
    expect_record(8, DRV_DISABLE, 0, c, 0, 0);
    expect_record(9, DRV_FREE, 0, c, 0, 0);

    /* A new open after the module went loads it again. */
    HDRVR d = OpenDriverA("rec.test", NULL, 0);
    assert_non_null(d);
    assert_int_equal(rec.records[10].msg, DRV_LOAD);
    assert_int_equal(rec.records[11].msg, DRV_ENABLE);
    assert_int_equal(rec.records[12].msg, DRV_OPEN);
    assert_int_equal(CloseDriver(d, 0, 0), TRUE);
}

static void load_failure_fails_the_open(void **state)
{
    reset_records();
    rec.load_result = 0;
    assert_null(OpenDriverA("rec.test", NULL, 0));
    /* Windows drops a driver that fails DRV_LOAD at once: no DRV_ENABLE, DRV_OPEN or DRV_FREE. */
    assert_int_equal(rec.count, 1);
    assert_int_equal(rec.records[0].msg, DRV_LOAD);

    /* The failed module is gone: the next open starts with DRV_LOAD again. */
    rec.load_result = 1;
    HDRVR h = OpenDriverA("rec.test", NULL, 0);
    assert_non_null(h);
    assert_int_equal(rec.count, 4);
    assert_int_equal(rec.records[1].msg, DRV_LOAD);
    assert_int_equal(rec.records[2].msg, DRV_ENABLE);
    assert_int_equal(rec.records[3].msg, DRV_OPEN);
    assert_int_equal(CloseDriver(h, 0, 0), TRUE);
}

static void open_failure_fails_the_open(void **state)
{
    reset_records();
    open_result_override = 0;
    assert_null(OpenDriverA("rec.test", NULL, 9));
    /* The module's only instance failed: it is disabled and freed again. */
    assert_int_equal(rec.count, 5);
    assert_int_equal(rec.records[0].msg, DRV_LOAD);
    assert_int_equal(rec.records[1].msg, DRV_ENABLE);
    assert_int_equal(rec.records[2].msg, DRV_OPEN);
    assert_int_equal(rec.records[2].lParam2, 9);
    HDRVR failed = rec.records[2].hdrvr;
    expect_record(3, DRV_DISABLE, 0, failed, 0, 0);
    expect_record(4, DRV_FREE, 0, failed, 0, 0);
    assert_int_equal(SendDriverMessage(failed, DRV_USER + 5, 0, 0), 0);
    assert_int_equal(rec.count, 5);

    /* With another instance open, a failed DRV_OPEN sends nothing more. */
    open_result_override = -1;
    HDRVR h = OpenDriverA("rec.test", NULL, 0);
    assert_non_null(h);
    open_result_override = 0;
    int before = rec.count;
    assert_null(OpenDriverA("rec.test", NULL, 0));
    assert_int_equal(rec.count, before + 1);
    assert_int_equal(rec.records[before].msg, DRV_OPEN);
    open_result_override = -1;
    assert_int_equal(CloseDriver(h, 0, 0), TRUE);
    assert_int_equal(rec.records[rec.count - 1].msg, DRV_FREE);
}

static void bad_handles_are_refused(void **state)
{
    reset_records();
    int on_stack = 0;
    uintptr_t other_type = pacm_handle_create(HANDLE_TYPE_EVENT, &on_stack, NULL);
    assert_true(other_type != 0);
    HDRVR forged[] = {NULL, (HDRVR)1, (HDRVR)(intptr_t)-1, (HDRVR)&on_stack, (HDRVR)other_type,
                      (HDRVR)(other_type + 16)};
    for (size_t i = 0; i < sizeof forged / sizeof forged[0]; i++) {
        assert_int_equal(SendDriverMessage(forged[i], DRV_USER + 5, 1, 2), 0);
        assert_int_equal(CloseDriver(forged[i], 1, 2), FALSE);
        assert_null(GetDriverModuleHandle(forged[i]));
        assert_null(DrvGetModuleHandle(forged[i]));
        DWORD_PTR id = 77;
        assert_null(pacm_drv_get_proc(forged[i], &id));
        assert_int_equal(id, 77);
    }
    assert_int_equal(rec.count, 0);
    /* The event handle was not closed by CloseDriver. */
    assert_int_equal(pacm_handle_type(other_type), HANDLE_TYPE_EVENT);
    assert_true(pacm_handle_close(other_type, HANDLE_TYPE_EVENT));
}

static void default_driver_proc_answers(void **state)
{
    /* Sec. 3 of the reference: LOAD, FREE, ENABLE, DISABLE -> 1; INSTALL, REMOVE -> DRVCNF_OK;
     * everything else -> 0, OPEN, CLOSE, QUERYCONFIGURE and CONFIGURE included. */
    static const struct {
        UINT msg;
        LRESULT result;
    } table[] = {
        {DRV_LOAD, 1},     {DRV_ENABLE, 1},         {DRV_OPEN, 0},          {DRV_CLOSE, 0},
        {DRV_DISABLE, 1},  {DRV_FREE, 1},           {DRV_CONFIGURE, 0},     {DRV_QUERYCONFIGURE, 0},
        {DRV_INSTALL, 1},  {DRV_REMOVE, 1},         {DRV_EXITSESSION, 0},   {DRV_EXITAPPLICATION, 0},
        {DRV_POWER, 0},    {0, 0},                  {0x0D, 0},              {DRV_RESERVED, 0},
        {DRV_USER, 0},     {DRV_USER + 1, 0},       {0xFFFFFFFFu, 0},
    };
    assert_int_equal(DRVCNF_OK, 1);
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        assert_int_equal(DefDriverProc(0, NULL, table[i].msg, 0, 0), table[i].result);
        assert_int_equal(DefDriverProc(0x55, (HDRVR)1, table[i].msg, 3, 4), table[i].result);
        assert_int_equal(DrvDefDriverProc(0, NULL, table[i].msg, 0, 0), table[i].result);
    }
}

/* ---- pacm_drv_open_proc ------------------------------------------------------------------------ */

static void open_proc_keys_modules_by_hmodule_and_proc(void **state)
{
    reset_records();
    HMODULE module_a = (HMODULE)(uintptr_t)0x10000, module_b = (HMODULE)(uintptr_t)0x20000;
    HDRVR a1 = pacm_drv_open_proc(module_a, recording_proc, u"alias-a", 0x42);
    assert_non_null(a1);
    assert_int_equal(rec.count, 3);
    expect_record(0, DRV_LOAD, 0, a1, 0, 0);
    expect_record(1, DRV_ENABLE, 0, a1, 0, 0);
    expect_record(2, DRV_OPEN, 0, a1, 0, 0x42);
    assert_ptr_equal(GetDriverModuleHandle(a1), module_a);

    /* Same (hmodule, proc): one module. */
    HDRVR a2 = pacm_drv_open_proc(module_a, recording_proc, NULL, 0);
    assert_non_null(a2);
    assert_int_equal(rec.count, 4);
    assert_int_equal(rec.records[3].msg, DRV_OPEN);

    /* Another hmodule with the same proc is another module: its own DRV_LOAD. */
    HDRVR b = pacm_drv_open_proc(module_b, recording_proc, NULL, 0);
    assert_non_null(b);
    assert_int_equal(rec.count, 7);
    assert_int_equal(rec.records[4].msg, DRV_LOAD);
    assert_ptr_equal(GetDriverModuleHandle(b), module_b);

    /* NULL hmodule still gives a non-NULL module handle. */
    HDRVR n = pacm_drv_open_proc(NULL, recording_proc, NULL, 0);
    assert_non_null(n);
    assert_non_null(GetDriverModuleHandle(n));
    DWORD_PTR id = 0;
    assert_ptr_equal(pacm_drv_get_proc(n, &id), recording_proc);
    assert_int_equal(id, rec.next_id - 1);

    rec.count = 0;
    assert_int_equal(CloseDriver(a1, 0, 0), TRUE);
    assert_int_equal(rec.count, 1);
    assert_int_equal(CloseDriver(b, 0, 0), TRUE);
    assert_int_equal(CloseDriver(a2, 0, 0), TRUE);
    assert_int_equal(CloseDriver(n, 0, 0), TRUE);
    /* a1: CLOSE; b: CLOSE DISABLE FREE; a2: CLOSE DISABLE FREE; n: CLOSE DISABLE FREE. */
    assert_int_equal(rec.count, 10);
    assert_null(pacm_drv_open_proc(module_a, NULL, NULL, 0));
}

/* ---- registry ------------------------------------------------------------------------------ */


static void registry_rules(void **state)
{
    assert_int_equal(portacm_driver_register(NULL, plain_proc), MMSYSERR_INVALPARAM);
    assert_int_equal(portacm_driver_register("", plain_proc), MMSYSERR_INVALPARAM);
    assert_int_equal(portacm_driver_register("plain.test", NULL), MMSYSERR_INVALPARAM);
    assert_int_equal(portacm_driver_register("plain.test", plain_proc), MMSYSERR_NOERROR);
    assert_int_equal(portacm_driver_register("PLAIN.TEST", recording_proc), MMSYSERR_ALLOCATED);
    assert_int_equal(pacm_drv_builtin_register("plain.TEST", plain_proc), MMSYSERR_ALLOCATED);
    assert_ptr_equal(pacm_drv_builtin_find("Plain.Test"), plain_proc);
    assert_int_equal(portacm_driver_unregister("nothing.test"), MMSYSERR_NODRIVER);
    assert_int_equal(portacm_driver_unregister(NULL), MMSYSERR_INVALPARAM);

    /* An open instance outlives the registration. */
    HDRVR h = OpenDriverA("plain.test", NULL, 0);
    assert_non_null(h);
    assert_int_equal(portacm_driver_unregister("Plain.Test"), MMSYSERR_NOERROR);
    assert_null(pacm_drv_builtin_find("plain.test"));
    assert_null(OpenDriverA("plain.test", NULL, 0));
    assert_int_equal(SendDriverMessage(h, DRV_LOAD, 0, 0), 1);
    assert_int_equal(CloseDriver(h, 0, 0), TRUE);

    assert_null(OpenDriverA(NULL, NULL, 0));
    assert_null(OpenDriverA("", NULL, 0));
    assert_null(OpenDriver(NULL, NULL, 0));
}

/* ---- re-entrancy -------------------------------------------------------------------------- */

static HDRVR reentrant_inner_open;
static LRESULT reentrant_send_result;
static HMODULE reentrant_module;
static HDRVR reentrant_self_open = (HDRVR)1;

/* A driver that calls back into the runtime from its messages, as real drivers do. */
static LRESULT CALLBACK reentrant_proc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM lParam1, LPARAM lParam2)
{
    switch (msg) {
    case DRV_LOAD:
        /* Opening itself while loading cannot work (it would wait for itself): refused. */
        reentrant_self_open = OpenDriverA("reentrant.test", NULL, 0);
        return 1;
    case DRV_OPEN:
        reentrant_module = GetDriverModuleHandle(hdrvr);
        reentrant_send_result = SendDriverMessage(hdrvr, DRV_USER, 0, 0);
        reentrant_inner_open = OpenDriverA("plain2.test", NULL, 0);
        return 0x77;
    case DRV_CLOSE:
        return CloseDriver((HDRVR)lParam1, 0, 0);
    case DRV_USER:
        return 0x99;
    default:
        return DefDriverProc(id, hdrvr, msg, lParam1, lParam2);
    }
}

static void drivers_may_call_back_into_the_runtime(void **state)
{
    assert_int_equal(portacm_driver_register("reentrant.test", reentrant_proc), MMSYSERR_NOERROR);
    assert_int_equal(portacm_driver_register("plain2.test", plain_proc), MMSYSERR_NOERROR);
    HDRVR h = OpenDriverA("reentrant.test", NULL, 0);
    assert_non_null(h);
    assert_null(reentrant_self_open);
    assert_non_null(reentrant_module);
    assert_ptr_equal(reentrant_module, GetDriverModuleHandle(h));
    assert_int_equal(reentrant_send_result, 0x99);
    assert_non_null(reentrant_inner_open);
    /* The instance cannot be closed from inside its own DRV_OPEN, but afterwards it can. */
    assert_int_equal(SendDriverMessage(h, DRV_USER, 0, 0), 0x99);
    /* DRV_CLOSE closes the inner driver from inside the outer CloseDriver. */
    assert_int_equal(CloseDriver(h, (LPARAM)reentrant_inner_open, 0), TRUE);
    assert_int_equal(CloseDriver(reentrant_inner_open, 0, 0), FALSE);
    portacm_driver_unregister("reentrant.test");
    portacm_driver_unregister("plain2.test");
}

/* ---- threads ------------------------------------------------------------------------------ */

static atomic_int conc_loaded, conc_loading, conc_instances, conc_violations;
static atomic_int conc_loads, conc_enables, conc_disables, conc_frees, conc_opens, conc_closes;

/* Checks the module life cycle as seen by the driver: no DRV_OPEN before DRV_LOAD and
 * DRV_ENABLE finished, no second DRV_LOAD while loaded, no DRV_FREE with instances open. */
static LRESULT CALLBACK concurrent_proc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM lParam1, LPARAM lParam2)
{
    switch (msg) {
    case DRV_LOAD: {
        if (atomic_fetch_add(&conc_loading, 1) != 0 || atomic_load(&conc_loaded))
            atomic_fetch_add(&conc_violations, 1);
        int n = atomic_fetch_add(&conc_loads, 1);
        if (n % 4 == 0) {
            struct timespec pause = {0, 200000};
            nanosleep(&pause, NULL); /* widen the window for a premature DRV_OPEN */
        }
        atomic_fetch_sub(&conc_loading, 1);
        return 1;
    }
    case DRV_ENABLE:
        atomic_fetch_add(&conc_enables, 1);
        atomic_store(&conc_loaded, 1);
        return 1;
    case DRV_OPEN:
        if (!atomic_load(&conc_loaded))
            atomic_fetch_add(&conc_violations, 1);
        atomic_fetch_add(&conc_opens, 1);
        atomic_fetch_add(&conc_instances, 1);
        return 1;
    case DRV_CLOSE:
        atomic_fetch_add(&conc_closes, 1);
        atomic_fetch_sub(&conc_instances, 1);
        return 1;
    case DRV_DISABLE:
        if (atomic_load(&conc_instances) != 0)
            atomic_fetch_add(&conc_violations, 1);
        atomic_fetch_add(&conc_disables, 1);
        atomic_store(&conc_loaded, 0);
        return 1;
    case DRV_FREE:
        atomic_fetch_add(&conc_frees, 1);
        return 1;
    default:
        return DefDriverProc(id, hdrvr, msg, lParam1, lParam2);
    }
}

#define CONC_THREADS 8
#define CONC_ROUNDS 2000

static void *concurrent_worker(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;
    HDRVR held[3] = {NULL, NULL, NULL};
    for (int round = 0; round < CONC_ROUNDS; round++) {
        seed = seed * 1103515245u + 12345u;
        int slot = (int)((seed >> 16) % 3);
        if (held[slot]) {
            if (CloseDriver(held[slot], 0, 0) != TRUE)
                atomic_fetch_add(&conc_violations, 1);
            held[slot] = NULL;
        } else {
            held[slot] = OpenDriverA("concurrent.test", NULL, 0);
            if (!held[slot])
                atomic_fetch_add(&conc_violations, 1);
        }
    }
    for (int slot = 0; slot < 3; slot++)
        if (held[slot] && CloseDriver(held[slot], 0, 0) != TRUE)
            atomic_fetch_add(&conc_violations, 1);
    return NULL;
}

static void threads_open_and_close_one_module(void **state)
{
    assert_int_equal(portacm_driver_register("concurrent.test", concurrent_proc), MMSYSERR_NOERROR);
    pthread_t threads[CONC_THREADS];
    for (int i = 0; i < CONC_THREADS; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, concurrent_worker, (void *)(uintptr_t)(i * 7919 + 1)),
                         0);
    for (int i = 0; i < CONC_THREADS; i++)
        pthread_join(threads[i], NULL);
    print_message("concurrency: %d load cycles, %d opens\n", atomic_load(&conc_loads), atomic_load(&conc_opens));
    assert_int_equal(atomic_load(&conc_violations), 0);
    assert_true(atomic_load(&conc_loads) >= 1);
    assert_int_equal(atomic_load(&conc_loads), atomic_load(&conc_enables));
    assert_int_equal(atomic_load(&conc_loads), atomic_load(&conc_disables));
    assert_int_equal(atomic_load(&conc_loads), atomic_load(&conc_frees));
    assert_int_equal(atomic_load(&conc_opens), atomic_load(&conc_closes));
    assert_int_equal(atomic_load(&conc_instances), 0);
    assert_int_equal(atomic_load(&conc_loaded), 0);
    portacm_driver_unregister("concurrent.test");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_instance_sequence),
        cmocka_unit_test(several_instances_share_one_load),
        cmocka_unit_test(load_failure_fails_the_open),
        cmocka_unit_test(open_failure_fails_the_open),
        cmocka_unit_test(bad_handles_are_refused),
        cmocka_unit_test(default_driver_proc_answers),
        cmocka_unit_test(open_proc_keys_modules_by_hmodule_and_proc),
        cmocka_unit_test(registry_rules),
        cmocka_unit_test(drivers_may_call_back_into_the_runtime),
        cmocka_unit_test(threads_open_and_close_one_module),
    };
    return cmocka_run_group_tests(tests, setup_registry, teardown_registry);
}
