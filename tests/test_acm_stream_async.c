/*
 * test_acm_stream_async.c - asynchronous streams (ACM_STREAMOPENF_ASYNC): MM_ACM_OPEN, DONE
 * and CLOSE through CALLBACK_FUNCTION, CALLBACK_WINDOW (a message-only window pumped with
 * GetMessage) and CALLBACK_EVENT; DONE in submission order; INQUEUE/DONE status; unprepare,
 * convert and close of queued headers refused with ACMERR_BUSY; acmStreamReset returning
 * pending headers; callbacks that re-enter the stream API (and close the stream); and a
 * driver that does its own asynchronous work (SUPPORTF_ASYNC).
 *
 * Every wait has a timeout, so a bug shows up as a failure, never as a hang.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "acm_drivers/stream_test_driver.h"
#include "ts_formats.h"
#include "common_int.h"

#define WAIT_MS 5000

static HACMDRIVERID driver_a;

/* ---- notification recorder --------------------------------------------------------------- */

typedef struct notification {
    UINT message;
    HACMSTREAM has;
    DWORD_PTR instance;
    DWORD_PTR param1;
    DWORD thread;
} notification;

static pthread_mutex_t recorder_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t recorder_changed = PTHREAD_COND_INITIALIZER;
static notification notifications[256];
static size_t notification_count;

static void record(UINT message, HACMSTREAM has, DWORD_PTR instance, DWORD_PTR param1)
{
    pthread_mutex_lock(&recorder_lock);
    if (notification_count < 256)
        notifications[notification_count++] =
            (notification){.message = message, .has = has, .instance = instance, .param1 = param1,
                           .thread = GetCurrentThreadId()};
    pthread_cond_broadcast(&recorder_changed);
    pthread_mutex_unlock(&recorder_lock);
}

/* Waits until `count` notifications arrived; false on timeout. */
static bool wait_notifications(size_t count)
{
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += WAIT_MS / 1000;
    pthread_mutex_lock(&recorder_lock);
    int status = 0;
    while (notification_count < count && status == 0)
        status = pthread_cond_timedwait(&recorder_changed, &recorder_lock, &deadline);
    bool arrived = notification_count >= count;
    pthread_mutex_unlock(&recorder_lock);
    return arrived;
}

static notification notification_get(size_t index)
{
    pthread_mutex_lock(&recorder_lock);
    notification copy = notifications[index];
    pthread_mutex_unlock(&recorder_lock);
    return copy;
}

static size_t notifications_so_far(void)
{
    pthread_mutex_lock(&recorder_lock);
    size_t count = notification_count;
    pthread_mutex_unlock(&recorder_lock);
    return count;
}

static void CALLBACK record_callback(HDRVR hdrvr, UINT message, DWORD_PTR instance, DWORD_PTR param1, DWORD_PTR param2)
{
    (void)param2;
    record(message, (HACMSTREAM)hdrvr, instance, param1);
}

static int setup_program(void **state)
{
    (void)state;
    stream_test_driver_reset();
    return stream_test_driver_add(STREAM_TEST_A, &driver_a) == MMSYSERR_NOERROR ? 0 : -1;
}

static int setup_test(void **state)
{
    (void)state;
    stream_test_driver_reset();
    pthread_mutex_lock(&recorder_lock);
    notification_count = 0;
    pthread_mutex_unlock(&recorder_lock);
    return 0;
}

/* Stream formats: PCM 16-bit stereo 8 kHz -> inverted PCM (driver A). */
static void formats(WAVEFORMATEX *source, WAVEFORMATEX *destination)
{
    ts_pcm_format(source, 2, 8000, 16);
    stream_test_private(destination, 2, 8000, 16);
}

/* Opens an asynchronous stream that reports to record_callback. */
static HACMSTREAM open_async_function(DWORD_PTR instance)
{
    WAVEFORMATEX source, destination;
    formats(&source, &destination);
    HACMSTREAM has = NULL;
    assert_int_equal(acmStreamOpen(&has, NULL, &source, &destination, NULL, (DWORD_PTR)record_callback, instance,
                                   ACM_STREAMOPENF_ASYNC | CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    return has;
}

enum { HEADERS = 5, BYTES = 64 };
static BYTE inputs[HEADERS][BYTES], outputs[HEADERS][BYTES];
static ACMSTREAMHEADER headers[HEADERS];

static void prepare_all(HACMSTREAM has, int count)
{
    for (int i = 0; i < count; i++) {
        for (int j = 0; j < BYTES; j++)
            inputs[i][j] = (BYTE)(i * 16 + j);
        memset(outputs[i], 0, BYTES);
        memset(&headers[i], 0, sizeof headers[i]);
        headers[i].cbStruct = sizeof headers[i];
        headers[i].pbSrc = inputs[i];
        headers[i].cbSrcLength = BYTES;
        headers[i].pbDst = outputs[i];
        headers[i].cbDstLength = BYTES;
        assert_int_equal(acmStreamPrepareHeader(has, &headers[i], 0), MMSYSERR_NOERROR);
    }
}

static void unprepare_all(HACMSTREAM has, int count)
{
    for (int i = 0; i < count; i++)
        assert_int_equal(acmStreamUnprepareHeader(has, &headers[i], 0), MMSYSERR_NOERROR);
}

static void check_converted(int index)
{
    assert_int_equal(headers[index].cbSrcLengthUsed, BYTES);
    assert_int_equal(headers[index].cbDstLengthUsed, BYTES);
    for (int j = 0; j < BYTES; j++)
        assert_int_equal(outputs[index][j], (BYTE)((index * 16 + j) ^ 0xFF));
}

/* CALLBACK_FUNCTION: OPEN on the caller's thread, DONE in order from the worker, CLOSE last. */
static void function_callback(void **state)
{
    (void)state;
    stream_test_driver_config(STREAM_TEST_A)->convert_delay_ms = 20;
    WAVEFORMATEX source, destination;
    formats(&source, &destination);
    HACMSTREAM has = NULL;
    assert_int_equal(acmStreamOpen(&has, NULL, &source, &destination, NULL, (DWORD_PTR)record_callback, 0xC0FFEE,
                                   ACM_STREAMOPENF_ASYNC | CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    /* MM_ACM_OPEN arrived before acmStreamOpen returned, on this thread. */
    assert_int_equal(notifications_so_far(), 1);
    notification open = notification_get(0);
    assert_int_equal(open.message, MM_ACM_OPEN);
    assert_ptr_equal(open.has, has);
    assert_int_equal(open.instance, 0xC0FFEE);
    assert_int_equal(open.thread, GetCurrentThreadId());
    /* The driver (no SUPPORTF_ASYNC) saw a plain synchronous open. */
    stream_test_record opened = stream_test_log_get(0);
    assert_int_equal(opened.instance.fdwOpen, 0);
    assert_int_equal(opened.instance.dwCallback, 0);
    assert_int_equal(opened.instance.dwInstance, 0);

    prepare_all(has, 4);
    for (int i = 0; i < 4; i++)
        assert_int_equal(acmStreamConvert(has, &headers[i], 0), MMSYSERR_NOERROR);
    /* Queued (80 ms of work): the last one is INQUEUE, not DONE, and busy for everything. */
    assert_int_equal(headers[3].fdwStatus & (ACMSTREAMHEADER_STATUSF_INQUEUE | ACMSTREAMHEADER_STATUSF_DONE),
                     ACMSTREAMHEADER_STATUSF_INQUEUE);
    assert_int_equal(acmStreamUnprepareHeader(has, &headers[3], 0), ACMERR_BUSY);
    assert_int_equal(acmStreamConvert(has, &headers[3], 0), ACMERR_BUSY);
    assert_int_equal(acmStreamClose(has, 0), ACMERR_BUSY);
    /* Preparing a queued header again has no effect (it stays queued). */
    assert_int_equal(acmStreamPrepareHeader(has, &headers[3], 0), MMSYSERR_NOERROR);
    assert_true(headers[3].fdwStatus & ACMSTREAMHEADER_STATUSF_INQUEUE);

    assert_true(wait_notifications(5));
    for (int i = 0; i < 4; i++) {
        notification done = notification_get(1 + (size_t)i);
        assert_int_equal(done.message, MM_ACM_DONE);
        assert_int_equal(done.param1, (DWORD_PTR)&headers[i]);
        assert_ptr_equal(done.has, has);
        assert_int_equal(done.instance, 0xC0FFEE);
        assert_int_not_equal(done.thread, GetCurrentThreadId());
        assert_int_equal(headers[i].fdwStatus, ACMSTREAMHEADER_STATUSF_PREPARED | ACMSTREAMHEADER_STATUSF_DONE);
        check_converted(i);
    }
    unprepare_all(has, 4);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    assert_int_equal(notifications_so_far(), 6);
    notification close = notification_get(5);
    assert_int_equal(close.message, MM_ACM_CLOSE);
    assert_ptr_equal(close.has, has);
    assert_int_equal(stream_test_live_streams(), 0);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_INVALHANDLE);
}

/* CALLBACK_WINDOW: a message-only window on this thread, messages pumped with GetMessage. */
static LRESULT CALLBACK window_procedure(HWND hwnd, UINT message, WPARAM wParam, LPARAM lParam)
{
    if (message == MM_ACM_OPEN || message == MM_ACM_DONE || message == MM_ACM_CLOSE) {
        record(message, (HACMSTREAM)wParam, 0, (DWORD_PTR)lParam);
        return 0;
    }
    return DefWindowProcA(hwnd, message, wParam, lParam);
}

/* Pumps this thread's queue until `count` notifications arrived or the timeout passes. */
static bool pump_until(size_t count)
{
    DWORD start = GetTickCount();
    while (notifications_so_far() < count) {
        DWORD elapsed = GetTickCount() - start;
        if (elapsed >= WAIT_MS)
            return false;
        /* As on Windows, MsgWaitForMultipleObjects wakes for messages that arrived since the
         * queue was last read, so everything already queued is drained before waiting. */
        MSG message;
        while (PeekMessageA(&message, NULL, 0, 0, PM_NOREMOVE)) {
            if (GetMessageA(&message, NULL, 0, 0) <= 0)
                return false;
            TranslateMessage(&message);
            DispatchMessageA(&message);
        }
        if (notifications_so_far() >= count)
            break;
        MsgWaitForMultipleObjects(0, NULL, FALSE, WAIT_MS - elapsed, QS_ALLINPUT);
    }
    return true;
}

static void window_callback(void **state)
{
    (void)state;
    WNDCLASSA window_class;
    memset(&window_class, 0, sizeof window_class);
    window_class.lpfnWndProc = window_procedure;
    window_class.lpszClassName = "portacm stream test";
    assert_true(RegisterClassA(&window_class) != 0);
    HWND window = CreateWindowExA(0, "portacm stream test", "", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
    assert_non_null(window);

    WAVEFORMATEX source, destination;
    formats(&source, &destination);
    HACMSTREAM has = NULL;
    assert_int_equal(acmStreamOpen(&has, NULL, &source, &destination, NULL, (DWORD_PTR)window, 0x99,
                                   ACM_STREAMOPENF_ASYNC | CALLBACK_WINDOW),
                     MMSYSERR_NOERROR);
    prepare_all(has, 3);
    for (int i = 0; i < 3; i++)
        assert_int_equal(acmStreamConvert(has, &headers[i], 0), MMSYSERR_NOERROR);
    assert_true(pump_until(4));
    for (int i = 0; i < 3; i++)
        assert_true(headers[i].fdwStatus & ACMSTREAMHEADER_STATUSF_DONE);
    unprepare_all(has, 3);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    assert_true(pump_until(5));

    const UINT expected[] = {MM_ACM_OPEN, MM_ACM_DONE, MM_ACM_DONE, MM_ACM_DONE, MM_ACM_CLOSE};
    for (size_t i = 0; i < 5; i++) {
        notification seen = notification_get(i);
        assert_int_equal(seen.message, expected[i]);
        assert_ptr_equal(seen.has, has); /* wParam is the stream */
        if (seen.message == MM_ACM_DONE)
            assert_int_equal(seen.param1, (DWORD_PTR)&headers[i - 1]); /* lParam the header */
        else
            assert_int_equal(seen.param1, 0);
        assert_int_equal(seen.thread, GetCurrentThreadId());
        check_converted(seen.message == MM_ACM_DONE ? (int)i - 1 : 0);
    }
    assert_true(DestroyWindow(window));
    assert_true(UnregisterClassA("portacm stream test", NULL));
}

/* CALLBACK_EVENT: signalled at open, for each buffer and at close. */
static void event_callback(void **state)
{
    (void)state;
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    assert_non_null(event);
    WAVEFORMATEX source, destination;
    formats(&source, &destination);
    HACMSTREAM has = NULL;
    assert_int_equal(acmStreamOpen(&has, NULL, &source, &destination, NULL, (DWORD_PTR)event, 0,
                                   ACM_STREAMOPENF_ASYNC | CALLBACK_EVENT),
                     MMSYSERR_NOERROR);
    assert_int_equal(WaitForSingleObject(event, 0), WAIT_OBJECT_0);
    prepare_all(has, 2);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(WaitForSingleObject(event, 0), WAIT_TIMEOUT);
        assert_int_equal(acmStreamConvert(has, &headers[i], 0), MMSYSERR_NOERROR);
        assert_int_equal(WaitForSingleObject(event, WAIT_MS), WAIT_OBJECT_0);
        assert_true(headers[i].fdwStatus & ACMSTREAMHEADER_STATUSF_DONE);
        assert_false(headers[i].fdwStatus & ACMSTREAMHEADER_STATUSF_INQUEUE);
        check_converted(i);
    }
    unprepare_all(has, 2);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    assert_int_equal(WaitForSingleObject(event, 0), WAIT_OBJECT_0);
    assert_true(CloseHandle(event));
}

/* ASYNC without a callback: the caller polls DONE. A QUERY never notifies. */
static void polling_and_query(void **state)
{
    (void)state;
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);
    WAVEFORMATEX source, destination;
    formats(&source, &destination);
    assert_int_equal(acmStreamOpen(NULL, NULL, &source, &destination, NULL, (DWORD_PTR)event, 0,
                                   ACM_STREAMOPENF_QUERY | ACM_STREAMOPENF_ASYNC | CALLBACK_EVENT),
                     MMSYSERR_NOERROR);
    assert_int_equal(WaitForSingleObject(event, 0), WAIT_TIMEOUT);
    CloseHandle(event);

    HACMSTREAM has = NULL;
    assert_int_equal(acmStreamOpen(&has, NULL, &source, &destination, NULL, 0, 0, ACM_STREAMOPENF_ASYNC),
                     MMSYSERR_NOERROR);
    prepare_all(has, 1);
    assert_int_equal(acmStreamConvert(has, &headers[0], 0), MMSYSERR_NOERROR);
    /* Polling is how Windows documents it: the worker writes the Used values, then DONE after
     * a release fence; the reader's acquire fence pairs with it. (ThreadSanitizer still calls
     * the plain read of fdwStatus a race: that is the protocol, not a bug.) */
    DWORD start = GetTickCount();
    while (!(*(volatile DWORD *)&headers[0].fdwStatus & ACMSTREAMHEADER_STATUSF_DONE) &&
           GetTickCount() - start < WAIT_MS)
        Sleep(1);
    atomic_thread_fence(memory_order_acquire);
    assert_true(headers[0].fdwStatus & ACMSTREAMHEADER_STATUSF_DONE);
    check_converted(0);
    unprepare_all(has, 1);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
}

/* acmStreamReset: the header being converted finishes, every queued one comes back DONE with
 * nothing used, all MM_ACM_DONE in submission order, and the driver converts only the first. */
typedef struct reset_call {
    HACMSTREAM has;
    MMRESULT result;
    atomic_bool returned;
} reset_call;

static void *reset_thread(void *argument)
{
    reset_call *call = argument;
    call->result = acmStreamReset(call->has, 0);
    atomic_store(&call->returned, true);
    return NULL;
}

static void reset_returns_pending(void **state)
{
    (void)state;
    HANDLE gate = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE entered = CreateEventA(NULL, FALSE, FALSE, NULL);
    stream_test_driver_config(STREAM_TEST_A)->convert_gate = gate;
    stream_test_driver_config(STREAM_TEST_A)->convert_entered = entered;
    HACMSTREAM has = open_async_function(7);
    prepare_all(has, HEADERS);
    for (int i = 0; i < HEADERS; i++) {
        headers[i].cbSrcLengthUsed = 777;
        assert_int_equal(acmStreamConvert(has, &headers[i], 0), MMSYSERR_NOERROR);
        assert_int_equal(headers[i].cbSrcLengthUsed, 0); /* zeroed at submission */
    }
    assert_int_equal(WaitForSingleObject(entered, WAIT_MS), WAIT_OBJECT_0); /* header 0 is in the driver */

    reset_call call = {.has = has, .result = MMSYSERR_ERROR};
    atomic_init(&call.returned, false);
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, reset_thread, &call), 0);
    Sleep(50);
    assert_false(atomic_load(&call.returned)); /* waits for header 0 */
    assert_int_equal(notifications_so_far(), 1);                    /* only MM_ACM_OPEN so far */
    SetEvent(gate);
    pthread_join(thread, NULL);
    assert_int_equal(call.result, MMSYSERR_NOERROR);

    assert_int_equal(notifications_so_far(), 1 + HEADERS);
    for (int i = 0; i < HEADERS; i++) {
        notification done = notification_get(1 + (size_t)i);
        assert_int_equal(done.message, MM_ACM_DONE);
        assert_int_equal(done.param1, (DWORD_PTR)&headers[i]);
        assert_int_equal(headers[i].fdwStatus, ACMSTREAMHEADER_STATUSF_PREPARED | ACMSTREAMHEADER_STATUSF_DONE);
        if (i == 0) {
            check_converted(0);
        } else {
            assert_int_equal(headers[i].cbSrcLengthUsed, 0);
            assert_int_equal(headers[i].cbDstLengthUsed, 0);
        }
    }
    assert_int_equal(stream_test_log_count_message(STREAM_TEST_A, ACMDM_STREAM_CONVERT), 1);
    assert_int_equal(stream_test_log_count_message(STREAM_TEST_A, ACMDM_STREAM_RESET), 0);
    /* A reset with nothing pending is fine; then the stream converts again. */
    assert_int_equal(acmStreamReset(has, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamConvert(has, &headers[2], 0), MMSYSERR_NOERROR);
    assert_true(wait_notifications(2 + HEADERS));
    check_converted(2);
    unprepare_all(has, HEADERS);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    CloseHandle(gate);
    CloseHandle(entered);
}

/* Close with headers pending is ACMERR_BUSY and changes nothing; after they are done it
 * closes, with MM_ACM_CLOSE after the last MM_ACM_DONE. */
static void close_with_pending(void **state)
{
    (void)state;
    HANDLE gate = CreateEventA(NULL, TRUE, FALSE, NULL);
    stream_test_driver_config(STREAM_TEST_A)->convert_gate = gate;
    HACMSTREAM has = open_async_function(0);
    prepare_all(has, 2);
    assert_int_equal(acmStreamConvert(has, &headers[0], 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamConvert(has, &headers[1], 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), ACMERR_BUSY);
    assert_int_equal(stream_test_log_count_message(STREAM_TEST_A, ACMDM_STREAM_CLOSE), 0);
    DWORD size;
    assert_int_equal(acmStreamSize(has, 64, &size, 0), MMSYSERR_NOERROR); /* still open */
    SetEvent(gate);
    assert_true(wait_notifications(3));
    unprepare_all(has, 2);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    assert_int_equal(notification_get(3).message, MM_ACM_CLOSE);
    CloseHandle(gate);
}

/* A callback may prepare, unprepare, convert and finally close its stream from inside
 * MM_ACM_DONE (Windows allows it); nothing deadlocks. */
#define CHAIN_FINISHED (WM_USER + 1)
static HACMSTREAM chained_stream;
static int chained_done;
static MMRESULT chained_errors;

/* Calls one stream function from the callback; a failure is printed and remembered. */
#define CHAIN(call)                                                                              \
    do {                                                                                         \
        MMRESULT chain_result = (call);                                                          \
        if (chain_result != MMSYSERR_NOERROR)                                                    \
            fprintf(stderr, "callback %d: %s -> %u\n", chained_done, #call, (unsigned)chain_result); \
        chained_errors |= chain_result;                                                          \
    } while (0)

static void CALLBACK chaining_callback(HDRVR hdrvr, UINT message, DWORD_PTR instance, DWORD_PTR param1,
                                       DWORD_PTR param2)
{
    record_callback(hdrvr, message, instance, param1, param2);
    if (message != MM_ACM_DONE)
        return;
    ACMSTREAMHEADER *header = (ACMSTREAMHEADER *)param1;
    HACMSTREAM has = (HACMSTREAM)hdrvr;
    CHAIN(acmStreamUnprepareHeader(has, header, 0));
    CHAIN(acmStreamPrepareHeader(has, header, 0));
    if (++chained_done < 20) {
        CHAIN(acmStreamConvert(has, header, 0));
        DWORD size;
        CHAIN(acmStreamSize(has, 64, &size, 0));
    } else {
        CHAIN(acmStreamUnprepareHeader(has, header, 0));
        CHAIN(acmStreamReset(has, 0));
        CHAIN(acmStreamClose(has, 0));
        /* Last: tells the test every call above has returned (after MM_ACM_CLOSE). */
        record(CHAIN_FINISHED, NULL, 0, 0);
    }
}

static void callback_reenters_stream(void **state)
{
    (void)state;
    chained_done = 0;
    chained_errors = 0;
    WAVEFORMATEX source, destination;
    formats(&source, &destination);
    assert_int_equal(acmStreamOpen(&chained_stream, NULL, &source, &destination, NULL, (DWORD_PTR)chaining_callback,
                                   0, ACM_STREAMOPENF_ASYNC | CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    prepare_all(chained_stream, 1);
    assert_int_equal(acmStreamConvert(chained_stream, &headers[0], 0), MMSYSERR_NOERROR);
    /* OPEN + 20 DONE + CLOSE + the callback's end marker. */
    assert_true(wait_notifications(23));
    assert_int_equal(notification_get(22).message, CHAIN_FINISHED);
    assert_int_equal(chained_errors, MMSYSERR_NOERROR);
    assert_int_equal(notification_get(21).message, MM_ACM_CLOSE);
    assert_int_equal(headers[0].fdwStatus, ACMSTREAMHEADER_STATUSF_DONE);
    check_converted(0);
    /* The worker lets go of the stream once the callback returns. */
    DWORD start = GetTickCount();
    while (stream_test_live_streams() != 0 && GetTickCount() - start < WAIT_MS)
        Sleep(1);
    assert_int_equal(stream_test_live_streams(), 0);
    assert_int_equal(acmStreamClose(chained_stream, 0), MMSYSERR_INVALHANDLE);
    assert_int_equal(stream_test_log_count_message(STREAM_TEST_A, ACMDM_STREAM_CONVERT), 20);
}

/* A failing asynchronous conversion still returns the header: DONE, nothing written. */
static void failed_conversion_is_returned(void **state)
{
    (void)state;
    stream_test_driver_config(STREAM_TEST_A)->convert_result = ACMERR_NOTPOSSIBLE;
    HACMSTREAM has = open_async_function(0);
    prepare_all(has, 1);
    assert_int_equal(acmStreamConvert(has, &headers[0], 0), MMSYSERR_NOERROR);
    assert_true(wait_notifications(2));
    assert_int_equal(headers[0].fdwStatus, ACMSTREAMHEADER_STATUSF_PREPARED | ACMSTREAMHEADER_STATUSF_DONE);
    assert_int_equal(headers[0].cbDstLengthUsed, 0);
    unprepare_all(has, 1);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
}

/* A driver with SUPPORTF_ASYNC gets the caller's flags and notifies itself (through the ACM,
 * which passes the notification on to the caller's callback); the ACM queues nothing and
 * forwards acmStreamReset. Runs last: driver B, added here, would come
 * first for had = NULL. */
static void driver_with_own_async(void **state)
{
    (void)state;
    stream_test_driver_config(STREAM_TEST_B)->support = ACMDRIVERDETAILS_SUPPORTF_CODEC | ACMDRIVERDETAILS_SUPPORTF_ASYNC;
    HACMDRIVERID driver_b;
    assert_int_equal(stream_test_driver_add(STREAM_TEST_B, &driver_b), MMSYSERR_NOERROR);
    HACMDRIVER had;
    assert_int_equal(acmDriverOpen(&had, driver_b, 0), MMSYSERR_NOERROR);
    WAVEFORMATEX source, destination;
    formats(&source, &destination);
    HACMSTREAM has = NULL;
    DWORD flags = ACM_STREAMOPENF_ASYNC | CALLBACK_FUNCTION;
    assert_int_equal(acmStreamOpen(&has, had, &source, &destination, NULL, (DWORD_PTR)record_callback, 0x42, flags),
                     MMSYSERR_NOERROR);
    stream_test_record opened = stream_test_log_get(0);
    assert_int_equal(opened.driver, STREAM_TEST_B);
    /* It gets the caller's flags, with a function of the ACM's to notify: the ACM checks each
     * header the driver reports done before passing the notification on (docs/SECURITY.md). */
    assert_int_equal(opened.instance.fdwOpen, flags);
    assert_int_not_equal(opened.instance.dwCallback, 0);
    assert_int_not_equal(opened.instance.dwCallback, (DWORD_PTR)record_callback);
    assert_ptr_equal(opened.instance.has, has);
    assert_int_equal(notifications_so_far(), 0); /* the driver's job, not the ACM's */

    prepare_all(has, 1);
    assert_int_equal(acmStreamConvert(has, &headers[0], 0), MMSYSERR_NOERROR);
    /* This driver completes inside STREAM_CONVERT, on this thread. */
    assert_int_equal(notifications_so_far(), 1);
    notification done = notification_get(0);
    assert_int_equal(done.message, MM_ACM_DONE);
    assert_int_equal(done.param1, (DWORD_PTR)&headers[0]);
    assert_int_equal(done.instance, 0x42);
    assert_int_equal(done.thread, GetCurrentThreadId());
    check_converted(0);
    assert_int_equal(acmStreamReset(has, 0), MMSYSERR_NOERROR);
    assert_int_equal(stream_test_log_count_message(STREAM_TEST_B, ACMDM_STREAM_RESET), 1);
    unprepare_all(has, 1);
    assert_int_equal(acmDriverClose(had, 0), ACMERR_BUSY); /* a stream is open on it */
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverClose(had, 0), MMSYSERR_NOERROR);
    assert_int_equal(stream_test_live_streams(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(function_callback, setup_test),
        cmocka_unit_test_setup(window_callback, setup_test),
        cmocka_unit_test_setup(event_callback, setup_test),
        cmocka_unit_test_setup(polling_and_query, setup_test),
        cmocka_unit_test_setup(reset_returns_pending, setup_test),
        cmocka_unit_test_setup(close_with_pending, setup_test),
        cmocka_unit_test_setup(callback_reenters_stream, setup_test),
        cmocka_unit_test_setup(failed_conversion_is_returned, setup_test),
        cmocka_unit_test_setup(driver_with_own_async, setup_test),
    };
    return cmocka_run_group_tests(tests, setup_program, NULL);
}
