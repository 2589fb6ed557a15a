/*
 * test_driver_callback.c - DriverCallback with every notification type and flag, checked
 * against native Windows behaviour (Wine 9 agrees; ReactOS's "TRUE for everything" does not):
 * FALSE for dwCallback 0, DCB_NULL and the unknown types 4, 6, 7; DCB_NOSWITCH ignored;
 * functions get all five values synchronously; windows and threads get only (hDevice,
 * dwParam1), in order, across threads; a full queue (10,000 messages) or a dead target gives
 * FALSE.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <unistd.h>

#include "mmddk.h"
#include "windows.h"

#define DEVICE ((HDRVR)(uintptr_t)0xD0D0)

/* ---- DCB_FUNCTION ---------------------------------------------------------------------- */
typedef struct call_record {
    int calls;
    HDRVR hdrvr;
    UINT msg;
    DWORD_PTR user, p1, p2;
    DWORD thread;
} call_record;
static call_record record;

static void CALLBACK record_callback(HDRVR hdrvr, UINT uMsg, DWORD_PTR dwUser, DWORD_PTR dw1, DWORD_PTR dw2)
{
    record.calls++;
    record.hdrvr = hdrvr;
    record.msg = uMsg;
    record.user = dwUser;
    record.p1 = dw1;
    record.p2 = dw2;
    record.thread = GetCurrentThreadId();
}

static void function_gets_all_five_values_synchronously(void **state)
{
    (void)state;
    const DWORD flags[] = {DCB_FUNCTION, DCB_FUNCTION | DCB_NOSWITCH};
    for (size_t i = 0; i < 2; i++) {
        record = (call_record){0};
        DWORD_PTR big = (DWORD_PTR)0x1122334455667788ull; /* pointer-sized values pass whole */
        assert_true(DriverCallback((DWORD_PTR)record_callback, flags[i], DEVICE, 0x3C1, big, big + 1, big + 2));
        /* Synchronous: done before DriverCallback returned, on this thread. */
        assert_int_equal(record.calls, 1);
        assert_ptr_equal(record.hdrvr, DEVICE);
        assert_int_equal(record.msg, 0x3C1);
        assert_true(record.user == big);
        assert_true(record.p1 == big + 1);
        assert_true(record.p2 == big + 2);
        assert_int_equal(record.thread, GetCurrentThreadId());
    }
}

static void null_zero_and_unknown_types_give_false(void **state)
{
    (void)state;
    record = (call_record){0};
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);
    /* dwCallback == 0 is FALSE whatever the type. */
    for (DWORD type = 0; type < 16; type++)
        assert_false(DriverCallback(0, type, DEVICE, 1, 2, 3, 4));
    /* DCB_NULL is FALSE (native; ReactOS says TRUE), with or without NOSWITCH. */
    assert_false(DriverCallback((DWORD_PTR)record_callback, DCB_NULL, DEVICE, 1, 2, 3, 4));
    assert_false(DriverCallback((DWORD_PTR)record_callback, DCB_NULL | DCB_NOSWITCH, DEVICE, 1, 2, 3, 4));
    /* Types 4, 6 and 7 do nothing and give FALSE, even with a valid function or event. */
    const DWORD unknown[] = {4, 6, 7, 4 | DCB_NOSWITCH, 6 | DCB_NOSWITCH, 7 | DCB_NOSWITCH};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        assert_false(DriverCallback((DWORD_PTR)record_callback, unknown[i], DEVICE, 1, 2, 3, 4));
        assert_false(DriverCallback((DWORD_PTR)event, unknown[i], DEVICE, 1, 2, 3, 4));
    }
    assert_int_equal(record.calls, 0);
    assert_int_equal(WaitForSingleObject(event, 0), WAIT_TIMEOUT);
    /* Only the low three bits choose the type: bits above NOSWITCH are not a type. */
    assert_true(DriverCallback((DWORD_PTR)record_callback, DCB_FUNCTION | 0x10, DEVICE, 1, 2, 3, 4));
    assert_int_equal(record.calls, 1);
    CloseHandle(event);
}

/* ---- DCB_EVENT ------------------------------------------------------------------------- */
static void event_is_set_and_closed_event_fails(void **state)
{
    (void)state;
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    assert_true(DriverCallback((DWORD_PTR)event, DCB_EVENT, DEVICE, 1, 2, 3, 4));
    assert_int_equal(WaitForSingleObject(event, 0), WAIT_OBJECT_0);
    assert_true(DriverCallback((DWORD_PTR)event, DCB_EVENT | DCB_NOSWITCH, DEVICE, 1, 2, 3, 4));
    assert_int_equal(WaitForSingleObject(event, 0), WAIT_OBJECT_0);
    CloseHandle(event);
    assert_false(DriverCallback((DWORD_PTR)event, DCB_EVENT, DEVICE, 1, 2, 3, 4));
    assert_false(DriverCallback((DWORD_PTR)0x1234, DCB_EVENT, DEVICE, 1, 2, 3, 4));
}

/* ---- DCB_WINDOW / DCB_TASK on one thread ----------------------------------------------- */
static LRESULT CALLBACK plain_proc(HWND hwnd, UINT msg, WPARAM wParam, LPARAM lParam)
{
    return DefWindowProcA(hwnd, msg, wParam, lParam);
}

static void register_test_class(void)
{
    static bool done;
    if (done)
        return;
    WNDCLASSA wc = {0};
    wc.lpfnWndProc = plain_proc;
    wc.lpszClassName = "portacm-dcb-test";
    assert_true(RegisterClassA(&wc) != 0);
    done = true;
}

static HWND make_window(void)
{
    register_test_class();
    HWND hwnd = CreateWindowExA(0, "portacm-dcb-test", NULL, 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
    assert_non_null(hwnd);
    return hwnd;
}

static void window_gets_device_and_param1_only(void **state)
{
    (void)state;
    HWND hwnd = make_window();
    assert_true(DriverCallback((DWORD_PTR)hwnd, DCB_WINDOW, DEVICE, 0x3BD, 0xAAAA, 0xBBBB, 0xCCCC));
    assert_true(DriverCallback((DWORD_PTR)hwnd, DCB_WINDOW | DCB_NOSWITCH, DEVICE, 0x3BE, 0xAAAA, 0xBBBC, 0xCCCC));
    MSG msg;
    assert_true(PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE));
    assert_ptr_equal(msg.hwnd, hwnd);
    assert_int_equal(msg.message, 0x3BD);
    assert_true(msg.wParam == (WPARAM)DEVICE);
    assert_true(msg.lParam == 0xBBBB);
    assert_true(PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE));
    assert_int_equal(msg.message, 0x3BE);
    assert_true(msg.lParam == 0xBBBC);
    assert_false(PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE));

    /* A destroyed window (and a forged one) gives FALSE, and nothing is queued. */
    assert_true(DestroyWindow(hwnd));
    SetLastError(0);
    assert_false(DriverCallback((DWORD_PTR)hwnd, DCB_WINDOW, DEVICE, 0x3BD, 0, 1, 2));
    assert_int_equal(GetLastError(), ERROR_INVALID_WINDOW_HANDLE);
    assert_false(DriverCallback((DWORD_PTR)0x4321, DCB_WINDOW, DEVICE, 0x3BD, 0, 1, 2));
    assert_false(PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE));
}

static void task_gets_a_thread_message(void **state)
{
    (void)state;
    MSG msg;
    PeekMessageA(&msg, NULL, 0, 0, PM_NOREMOVE); /* make sure this thread has a queue */
    DWORD self = GetCurrentThreadId();
    assert_true(DriverCallback(self, DCB_TASK, DEVICE, 0x3C0, 0xAAAA, 0x77, 0xCCCC));
    assert_true(DriverCallback(self, DCB_TASK | DCB_NOSWITCH, DEVICE, 0x3C0, 0xAAAA, 0x78, 0xCCCC));
    assert_true(PeekMessageA(&msg, (HWND)(LONG_PTR)-1, 0, 0, PM_REMOVE));
    assert_null(msg.hwnd);
    assert_int_equal(msg.message, 0x3C0);
    assert_true(msg.wParam == (WPARAM)DEVICE);
    assert_true(msg.lParam == 0x77);
    assert_true(PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE));
    assert_true(msg.lParam == 0x78);
    /* A thread ID nobody has. */
    SetLastError(0);
    assert_false(DriverCallback(0xFFFFFFF0u, DCB_TASK, DEVICE, 0x3C0, 0, 0, 0));
    assert_int_equal(GetLastError(), ERROR_INVALID_THREAD_ID);
}

/* The 10,000th post succeeds, the 10,001st fails; window and thread posts share the count. */
static void full_queue_gives_false(void **state)
{
    (void)state;
    HWND hwnd = make_window();
    DWORD self = GetCurrentThreadId();
    for (DWORD i = 0; i < 9999; i++)
        assert_true(DriverCallback((DWORD_PTR)hwnd, DCB_WINDOW, DEVICE, WM_USER, 0, i, 0));
    assert_true(DriverCallback(self, DCB_TASK, DEVICE, WM_USER, 0, 9999, 0)); /* the 10,000th */
    SetLastError(0);
    assert_false(DriverCallback((DWORD_PTR)hwnd, DCB_WINDOW, DEVICE, WM_USER, 0, 10000, 0));
    assert_int_equal(GetLastError(), ERROR_NOT_ENOUGH_QUOTA);
    assert_false(DriverCallback(self, DCB_TASK, DEVICE, WM_USER, 0, 10000, 0));
    assert_false(PostMessageA(hwnd, WM_USER, 0, 0));
    /* Reading one makes room for one. */
    MSG msg;
    assert_true(PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE));
    assert_true(msg.lParam == 0);
    assert_true(DriverCallback((DWORD_PTR)hwnd, DCB_WINDOW, DEVICE, WM_USER, 0, 10000, 0));
    assert_false(DriverCallback((DWORD_PTR)hwnd, DCB_WINDOW, DEVICE, WM_USER, 0, 10001, 0));
    /* Everything is there, in order. */
    for (DWORD_PTR i = 1; i <= 10000; i++) {
        assert_true(PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE));
        assert_true((DWORD_PTR)msg.lParam == i);
    }
    assert_false(PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE));
    DestroyWindow(hwnd);
}

/* ---- across threads -------------------------------------------------------------------- */
#define CROSS_COUNT 30000u

typedef struct consumer {
    HANDLE ready; /* set once `hwnd` and `thread_id` are valid */
    HWND hwnd;
    DWORD thread_id;
    bool use_window;
    unsigned received;
    bool in_order;
    bool fields_ok;
    int exit_code;
} consumer;

static void *consumer_main(void *arg)
{
    consumer *c = arg;
    MSG msg;
    PeekMessageA(&msg, NULL, 0, 0, PM_NOREMOVE);
    c->thread_id = GetCurrentThreadId();
    if (c->use_window)
        c->hwnd = make_window();
    c->in_order = true;
    c->fields_ok = true;
    SetEvent(c->ready);
    BOOL got;
    while ((got = GetMessageA(&msg, NULL, 0, 0)) > 0) {
        if ((DWORD_PTR)msg.lParam != c->received)
            c->in_order = false;
        if (msg.wParam != (WPARAM)DEVICE || msg.message != WM_USER + 7 || msg.hwnd != (c->use_window ? c->hwnd : NULL))
            c->fields_ok = false;
        c->received++;
        DispatchMessageA(&msg);
    }
    c->exit_code = got == 0 ? (int)msg.wParam : -1;
    if (c->hwnd)
        DestroyWindow(c->hwnd);
    return NULL;
}

static void cross_thread(bool use_window)
{
    consumer c = {.ready = CreateEventA(NULL, TRUE, FALSE, NULL), .use_window = use_window};
    pthread_t thread;
    pthread_create(&thread, NULL, consumer_main, &c);
    assert_int_equal(WaitForSingleObject(c.ready, 10000), WAIT_OBJECT_0);
    DWORD_PTR target = use_window ? (DWORD_PTR)c.hwnd : c.thread_id;
    DWORD flags = use_window ? DCB_WINDOW : DCB_TASK;
    unsigned full = 0;
    for (DWORD_PTR i = 0; i < CROSS_COUNT; i++) {
        /* A full queue is FALSE; the producer waits for the consumer to catch up. */
        while (!DriverCallback(target, flags, DEVICE, WM_USER + 7, 0xAAAA, i, 0xCCCC)) {
            assert_int_equal(GetLastError(), ERROR_NOT_ENOUGH_QUOTA);
            full++;
            Sleep(1);
        }
    }
    while (!PostThreadMessageA(c.thread_id, WM_QUIT, 42, 0)) { /* the queue may still be full */
        assert_int_equal(GetLastError(), ERROR_NOT_ENOUGH_QUOTA);
        Sleep(1);
    }
    pthread_join(thread, NULL);
    assert_int_equal(c.received, CROSS_COUNT);
    assert_true(c.in_order);
    assert_true(c.fields_ok);
    assert_int_equal(c.exit_code, 42);
    /* The thread is gone: its ID and its window are dead. */
    SetLastError(0);
    assert_false(DriverCallback(c.thread_id, DCB_TASK, DEVICE, WM_USER, 0, 0, 0));
    assert_int_equal(GetLastError(), ERROR_INVALID_THREAD_ID);
    if (use_window) {
        assert_false(IsWindow(c.hwnd));
        assert_false(DriverCallback((DWORD_PTR)c.hwnd, DCB_WINDOW, DEVICE, WM_USER, 0, 0, 0));
    }
    CloseHandle(c.ready);
}

static void window_across_threads_in_order(void **state)
{
    (void)state;
    cross_thread(true);
}

static void task_across_threads_in_order(void **state)
{
    (void)state;
    cross_thread(false);
}

/* A thread that exits with its window still alive: the window dies with it. */
static void *make_window_and_exit(void *arg)
{
    HWND *out = arg;
    out[0] = make_window();
    out[1] = (HWND)(uintptr_t)GetCurrentThreadId();
    PostMessageA(out[0], WM_USER, 0, 0); /* left in the queue */
    return NULL;
}

static void exited_thread_targets_fail(void **state)
{
    (void)state;
    HWND out[2];
    pthread_t thread;
    pthread_create(&thread, NULL, make_window_and_exit, out);
    pthread_join(thread, NULL);
    assert_false(IsWindow(out[0]));
    assert_false(DriverCallback((DWORD_PTR)out[0], DCB_WINDOW, DEVICE, WM_USER, 0, 0, 0));
    assert_false(DriverCallback((DWORD)(uintptr_t)out[1], DCB_TASK, DEVICE, WM_USER, 0, 0, 0));
}

int main(void)
{
    alarm(60);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(function_gets_all_five_values_synchronously),
        cmocka_unit_test(null_zero_and_unknown_types_give_false),
        cmocka_unit_test(event_is_set_and_closed_event_fails),
        cmocka_unit_test(window_gets_device_and_param1_only),
        cmocka_unit_test(task_gets_a_thread_message),
        cmocka_unit_test(full_queue_gives_false),
        cmocka_unit_test(window_across_threads_in_order),
        cmocka_unit_test(task_across_threads_in_order),
        cmocka_unit_test(exited_thread_targets_fail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
