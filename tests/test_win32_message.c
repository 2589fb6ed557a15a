/*
 * test_win32_message.c - the user32 subset: window classes, message-only windows and their
 * lifecycle messages, GetWindowLongPtr, the queue rules (creation on first USER call, FIFO,
 * filters, PM_NOREMOVE, WM_QUIT), SendMessage across threads (blocking, mutual sends, a dying
 * receiver), MsgWaitForMultipleObjects and the portacm_thread_queue_fd descriptor.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <unistd.h>

#include "common_int.h" /* pacm_mem_fail_after */
#include "mmddk.h"
#include "windows.h"

/* ---- a window procedure that records what it gets ---------------------------------------- */
#define LOG_SIZE 64
typedef struct proc_log {
    UINT messages[LOG_SIZE];
    size_t count;
    BOOL alive_during[LOG_SIZE];
    CREATESTRUCTA create_a;
    CREATESTRUCTW create_w;
    bool wide;       /* the window's class is a W class */
    WCHAR name_w[8]; /* the W name, copied while it is valid */
    LRESULT nccreate_answer;
    LRESULT create_answer;
} proc_log;
static _Thread_local proc_log *current_log;

static LRESULT CALLBACK logging_proc(HWND hwnd, UINT msg, WPARAM wParam, LPARAM lParam)
{
    proc_log *log = current_log;
    if (log && log->count < LOG_SIZE) {
        log->alive_during[log->count] = IsWindow(hwnd);
        log->messages[log->count++] = msg;
    }
    if (msg == WM_NCCREATE && log) {
        log->create_a = *(CREATESTRUCTA *)lParam;
        log->create_w = *(CREATESTRUCTW *)lParam;
        for (size_t i = 0; log->wide && i < 7 && log->create_w.lpszName && log->create_w.lpszName[i]; i++)
            log->name_w[i] = log->create_w.lpszName[i];
        return log->nccreate_answer;
    }
    if (msg == WM_CREATE && log)
        return log->create_answer;
    if (msg == WM_USER + 100)
        return (LRESULT)(wParam * 2 + 1); /* an answer the caller can check */
    return DefWindowProcW(hwnd, msg, wParam, lParam);
}

static void register_them(void)
{
    WNDCLASSA a = {0};
    a.lpfnWndProc = logging_proc;
    a.lpszClassName = "portacm-ansi";
    a.cbWndExtra = 16;
    assert_true(RegisterClassA(&a) != 0);
    WNDCLASSEXW w = {0};
    w.cbSize = sizeof w;
    w.lpfnWndProc = logging_proc;
    w.lpszClassName = u"portacm-wide";
    assert_true(RegisterClassExW(&w) != 0);
}

static void ensure_classes(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, register_them);
}

static HWND make_window(void)
{
    ensure_classes();
    HWND hwnd = CreateWindowExA(0, "portacm-ansi", "w", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
    assert_non_null(hwnd);
    return hwnd;
}

static bool fd_readable(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

/* Drains the calling thread's queue. */
static void drain(void)
{
    MSG msg;
    while (PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE)) {
    }
}

/* ---- classes and windows -------------------------------------------------------------------- */
static LRESULT CALLBACK other_proc(HWND hwnd, UINT msg, WPARAM wParam, LPARAM lParam)
{
    if (msg == WM_USER + 100)
        return 777;
    return DefWindowProcA(hwnd, msg, wParam, lParam);
}

static void classes_register_once(void **state)
{
    (void)state;
    WNDCLASSA a = {0};
    a.lpfnWndProc = other_proc;
    a.lpszClassName = "Portacm-Class";
    ATOM atom = RegisterClassA(&a);
    assert_true(atom >= 0xC000);
    /* Same name in any case, through the W function: already exists. */
    WNDCLASSW w = {0};
    w.lpfnWndProc = other_proc;
    w.lpszClassName = u"PORTACM-CLASS";
    SetLastError(0);
    assert_int_equal(RegisterClassW(&w), 0);
    assert_int_equal(GetLastError(), ERROR_CLASS_ALREADY_EXISTS);
    /* WNDCLASSEX needs its size. */
    WNDCLASSEXA ex = {0};
    ex.lpszClassName = "portacm-ex";
    SetLastError(0);
    assert_int_equal(RegisterClassExA(&ex), 0);
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);

    /* A window by name or by atom; unregistering waits until the windows are gone. */
    HWND by_name = CreateWindowExW(0, u"portacm-class", NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL);
    HWND by_atom = CreateWindowExA(0, MAKEINTATOM(atom), NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL);
    assert_non_null(by_name);
    assert_non_null(by_atom);
    assert_int_equal(SendMessageA(by_atom, WM_USER + 100, 0, 0), 777);
    SetLastError(0);
    assert_false(UnregisterClassA("portacm-class", NULL));
    assert_int_equal(GetLastError(), ERROR_CLASS_HAS_WINDOWS);
    DestroyWindow(by_name);
    DestroyWindow(by_atom);
    assert_true(UnregisterClassW(u"PORTACM-class", NULL));
    SetLastError(0);
    assert_false(UnregisterClassA("portacm-class", NULL));
    assert_int_equal(GetLastError(), ERROR_CLASS_DOES_NOT_EXIST);
    SetLastError(0);
    assert_null(CreateWindowExA(0, "portacm-class", NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL));
    assert_int_equal(GetLastError(), ERROR_CANNOT_FIND_WND_CLASS);
    /* And the name is free again. */
    assert_true(RegisterClassW(&w) != 0);
    assert_true(UnregisterClassW(u"portacm-class", NULL));
}

static int forget_log(void **state)
{
    (void)state;
    current_log = NULL; /* a failed test must not leave a dangling log behind */
    return 0;
}

static void lifecycle_messages(void **state)
{
    (void)state;
    ensure_classes();
    proc_log log = {.nccreate_answer = TRUE, .create_answer = 0};
    current_log = &log;
    int param;
    HWND hwnd = CreateWindowExA(0, "portacm-ansi", "title", WS_POPUP, 1, 2, 3, 4, HWND_MESSAGE, (HMENU)(uintptr_t)9,
                                (HINSTANCE)(uintptr_t)0x400000, &param);
    assert_non_null(hwnd);
    assert_int_equal(log.count, 2);
    assert_int_equal(log.messages[0], WM_NCCREATE);
    assert_int_equal(log.messages[1], WM_CREATE);
    /* An ANSI class gets a CREATESTRUCTA. */
    assert_ptr_equal(log.create_a.lpCreateParams, &param);
    assert_string_equal(log.create_a.lpszName, "title");
    assert_string_equal(log.create_a.lpszClass, "portacm-ansi");
    assert_int_equal(log.create_a.x, 1);
    assert_int_equal(log.create_a.y, 2);
    assert_int_equal(log.create_a.cx, 3);
    assert_int_equal(log.create_a.cy, 4);
    assert_ptr_equal(log.create_a.hwndParent, HWND_MESSAGE);
    assert_int_equal(log.create_a.style, (LONG)WS_POPUP);

    assert_int_equal(GetWindowLongPtrA(hwnd, GWLP_ID), 9);
    assert_int_equal(GetWindowLongPtrA(hwnd, GWLP_HINSTANCE), 0x400000);
    assert_int_equal(GetWindowLongPtrA(hwnd, GWLP_WNDPROC), (LONG_PTR)logging_proc);
    DWORD pid = 0;
    assert_int_equal(GetWindowThreadProcessId(hwnd, &pid), GetCurrentThreadId());
    assert_int_equal(pid, GetCurrentProcessId());

    /* Posted messages still queued when the window dies are dropped. */
    assert_true(PostMessageA(hwnd, WM_USER, 1, 2));
    log.count = 0;
    assert_true(DestroyWindow(hwnd));
    assert_int_equal(log.count, 2);
    assert_int_equal(log.messages[0], WM_DESTROY);
    assert_int_equal(log.messages[1], WM_NCDESTROY);
    assert_true(log.alive_during[0] && log.alive_during[1]); /* valid while being destroyed */
    assert_false(IsWindow(hwnd));
    MSG msg;
    assert_false(PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE));
    SetLastError(0);
    assert_false(DestroyWindow(hwnd));
    assert_int_equal(GetLastError(), ERROR_INVALID_WINDOW_HANDLE);
    assert_int_equal(GetWindowThreadProcessId(hwnd, NULL), 0);

    /* A wide class gets a CREATESTRUCTW, whichever function created the window. */
    log = (proc_log){.nccreate_answer = TRUE, .wide = true};
    hwnd = CreateWindowExA(0, "portacm-wide", "name", 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL);
    assert_non_null(hwnd);
    assert_memory_equal(log.name_w, u"name", 5 * sizeof(WCHAR));
    DestroyWindow(hwnd);

    /* WM_NCCREATE answering FALSE or WM_CREATE answering -1 fails the creation. */
    log = (proc_log){.nccreate_answer = FALSE};
    assert_null(CreateWindowExW(0, u"portacm-wide", NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL));
    assert_int_equal(log.messages[0], WM_NCCREATE);
    assert_int_equal(log.messages[log.count - 1], WM_NCDESTROY);
    log = (proc_log){.nccreate_answer = TRUE, .create_answer = -1};
    assert_null(CreateWindowExW(0, u"portacm-wide", NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL));
    assert_int_equal(log.messages[1], WM_CREATE);
    assert_int_equal(log.messages[log.count - 1], WM_NCDESTROY);
    current_log = NULL;

    /* DefWindowProc: WM_CLOSE destroys the window. */
    hwnd = make_window();
    assert_int_equal(SendMessageA(hwnd, WM_CLOSE, 0, 0), 0);
    assert_false(IsWindow(hwnd));
    assert_int_equal(DefWindowProcA(NULL, WM_NCCREATE, 0, 0), TRUE);
    assert_int_equal(DefWindowProcW(NULL, WM_USER, 0, 0), 0);
    /* Message-only windows never get broadcasts; the post itself succeeds. */
    drain();
    assert_true(PostMessageA(HWND_BROADCAST, WM_USER, 0, 0));
    assert_false(PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE));
}

static LRESULT CALLBACK replacement_proc(HWND hwnd, UINT msg, WPARAM wParam, LPARAM lParam)
{
    (void)hwnd;
    (void)wParam;
    (void)lParam;
    return msg == WM_USER + 100 ? 5150 : 0;
}

static void window_longs(void **state)
{
    (void)state;
    HWND hwnd = make_window();
    assert_int_equal(GetWindowLongPtrA(hwnd, GWLP_USERDATA), 0);
    assert_int_equal(SetWindowLongPtrA(hwnd, GWLP_USERDATA, 0x12345678), 0);
    assert_int_equal(SetWindowLongPtrW(hwnd, GWLP_USERDATA, 42), 0x12345678);
    assert_int_equal(GetWindowLongPtrW(hwnd, GWLP_USERDATA), 42);
    /* Replacing the procedure returns the old one; messages go to the new one. */
    assert_int_equal(SetWindowLongPtrA(hwnd, GWLP_WNDPROC, (LONG_PTR)replacement_proc), (LONG_PTR)logging_proc);
    assert_int_equal(SendMessageA(hwnd, WM_USER + 100, 0, 0), 5150);
    MSG msg = {.hwnd = hwnd, .message = WM_USER + 100};
    assert_int_equal(DispatchMessageA(&msg), 5150);
    SetWindowLongPtrA(hwnd, GWLP_WNDPROC, (LONG_PTR)logging_proc);
    assert_int_equal(SendMessageA(hwnd, WM_USER + 100, 3, 0), 7);
    /* The class's 16 extra bytes: indices 0 and 8 hold a LONG_PTR, 9 does not. */
    assert_int_equal(SetWindowLongPtrA(hwnd, 8, -5), 0);
    assert_int_equal(GetWindowLongPtrA(hwnd, 8), -5);
    SetLastError(0);
    assert_int_equal(GetWindowLongPtrA(hwnd, 9), 0);
    assert_int_equal(GetLastError(), ERROR_INVALID_INDEX);
    SetLastError(0);
    assert_int_equal(GetWindowLongPtrA(hwnd, -1000), 0);
    assert_int_equal(GetLastError(), ERROR_INVALID_INDEX);
    SetLastError(0);
    assert_int_equal(SetWindowLongPtrA(hwnd, -1000, 1), 0);
    assert_int_equal(GetLastError(), ERROR_INVALID_INDEX);
    DestroyWindow(hwnd);
    SetLastError(0);
    assert_int_equal(GetWindowLongPtrA(hwnd, GWLP_USERDATA), 0);
    assert_int_equal(GetLastError(), ERROR_INVALID_WINDOW_HANDLE);
    assert_int_equal(DispatchMessageA(&msg), 0);
    msg.hwnd = NULL;
    assert_int_equal(DispatchMessageA(&msg), 0);
    assert_false(TranslateMessage(&msg));
}

/* ---- queue rules ---------------------------------------------------------------------------- */
typedef struct gate {
    HANDLE go;   /* the helper waits for this */
    HANDLE done; /* the helper sets this */
    DWORD id;
    HWND hwnd;
} gate;

static void *queue_on_request(void *arg)
{
    gate *g = arg;
    g->id = GetCurrentThreadId(); /* not a USER call: no queue yet */
    SetEvent(g->done);
    WaitForSingleObject(g->go, 10000);
    MSG msg;
    PeekMessageA(&msg, NULL, 0, 0, PM_NOREMOVE); /* now there is one */
    SetEvent(g->done);
    WaitForSingleObject(g->go, 10000);
    return NULL;
}

static void a_thread_gets_its_queue_on_first_user_call(void **state)
{
    (void)state;
    gate g = {CreateEventA(NULL, FALSE, FALSE, NULL), CreateEventA(NULL, FALSE, FALSE, NULL), 0, NULL};
    pthread_t thread;
    pthread_create(&thread, NULL, queue_on_request, &g);
    assert_int_equal(WaitForSingleObject(g.done, 10000), WAIT_OBJECT_0);
    SetLastError(0);
    assert_false(PostThreadMessageA(g.id, WM_USER, 0, 0));
    assert_int_equal(GetLastError(), ERROR_INVALID_THREAD_ID);
    SetLastError(0);
    assert_false(DriverCallback(g.id, DCB_TASK, NULL, WM_USER, 0, 0, 0));
    assert_int_equal(GetLastError(), ERROR_INVALID_THREAD_ID);
    SetEvent(g.go);
    assert_int_equal(WaitForSingleObject(g.done, 10000), WAIT_OBJECT_0);
    assert_true(PostThreadMessageA(g.id, WM_USER, 0, 0));
    SetEvent(g.go);
    pthread_join(thread, NULL);
    assert_false(PostThreadMessageW(g.id, WM_USER, 0, 0));
    CloseHandle(g.go);
    CloseHandle(g.done);
}

static void filters_and_fifo(void **state)
{
    (void)state;
    drain();
    HWND a = make_window();
    HWND b = make_window();
    assert_true(PostMessageA(a, WM_USER + 1, 1, 0));
    assert_true(PostMessageA(b, WM_USER + 2, 2, 0));
    assert_true(PostMessageA(NULL, WM_USER + 3, 3, 0)); /* NULL: a thread message */
    assert_true(PostThreadMessageA(GetCurrentThreadId(), WM_APP, 4, 0));
    assert_true(PostMessageA(a, WM_USER + 5, 5, 0));
    MSG msg;
    /* PM_NOREMOVE looks without taking. */
    assert_true(PeekMessageA(&msg, NULL, 0, 0, PM_NOREMOVE));
    assert_int_equal(msg.wParam, 1);
    assert_true(PeekMessageA(&msg, NULL, 0, 0, PM_NOREMOVE));
    assert_int_equal(msg.wParam, 1);
    /* Window filter: the first of that window's messages. */
    assert_true(PeekMessageA(&msg, b, 0, 0, PM_REMOVE));
    assert_int_equal(msg.wParam, 2);
    assert_ptr_equal(msg.hwnd, b);
    /* -1: thread messages only. */
    assert_true(PeekMessageA(&msg, (HWND)(LONG_PTR)-1, 0, 0, PM_REMOVE));
    assert_int_equal(msg.wParam, 3);
    assert_null(msg.hwnd);
    /* A range. */
    assert_true(PeekMessageA(&msg, NULL, WM_USER + 5, WM_USER + 5, PM_REMOVE));
    assert_int_equal(msg.wParam, 5);
    assert_false(PeekMessageA(&msg, NULL, WM_USER + 2, WM_USER + 3, PM_REMOVE));
    assert_false(PeekMessageA(&msg, b, 0, 0, PM_REMOVE));
    /* What remains, in order. */
    assert_int_equal(GetMessageA(&msg, NULL, 0, 0), TRUE);
    assert_int_equal(msg.wParam, 1);
    assert_int_equal(GetMessageW(&msg, NULL, 0, 0), TRUE);
    assert_int_equal(msg.wParam, 4);
    assert_int_equal(msg.message, WM_APP);
    assert_false(PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE));
    /* An invalid window filter. */
    DestroyWindow(b);
    SetLastError(0);
    assert_int_equal(GetMessageA(&msg, b, 0, 0), -1);
    assert_int_equal(GetLastError(), ERROR_INVALID_WINDOW_HANDLE);
    SetLastError(0);
    assert_false(PeekMessageA(&msg, b, 0, 0, PM_REMOVE));
    assert_int_equal(GetLastError(), ERROR_INVALID_WINDOW_HANDLE);
    DestroyWindow(a);
}

static void quit_comes_after_posted_messages(void **state)
{
    (void)state;
    drain();
    PostMessageA(NULL, WM_USER, 1, 0);
    PostQuitMessage(5);
    PostMessageA(NULL, WM_USER, 2, 0);
    MSG msg;
    /* WM_QUIT waits until no posted message is left, but ignores the filter. */
    assert_int_equal(GetMessageA(&msg, NULL, 0, 0), TRUE);
    assert_int_equal(msg.wParam, 1);
    assert_false(PeekMessageA(&msg, NULL, WM_APP, WM_APP, PM_REMOVE));
    assert_int_equal(GetMessageA(&msg, NULL, 0, 0), TRUE);
    assert_int_equal(msg.wParam, 2);
    assert_true(PeekMessageA(&msg, NULL, WM_APP, WM_APP, PM_NOREMOVE));
    assert_int_equal(msg.message, WM_QUIT);
    assert_int_equal(GetMessageA(&msg, (HWND)(LONG_PTR)-1, WM_APP, WM_APP), FALSE);
    assert_int_equal(msg.message, WM_QUIT);
    assert_int_equal(msg.wParam, 5);
    assert_false(PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE));
    /* A WM_QUIT posted like any message also ends GetMessage. */
    PostMessageA(NULL, WM_QUIT, 9, 0);
    assert_int_equal(GetMessageA(&msg, NULL, 0, 0), FALSE);
    assert_int_equal(msg.wParam, 9);
}

/* ---- SendMessage across threads --------------------------------------------------------- */
typedef struct pump {
    HANDLE ready;
    HANDLE start; /* the pump waits for this before pumping (or dying) */
    HWND hwnd;
    DWORD id;
    atomic_int handled;
    int mode; /* 0: pump until WM_QUIT; 1: exit without pumping; 2: destroy window, no pumping */
    int posted_seen;
    HWND peer; /* for mutual sends */
    LRESULT peer_result;
} pump;

static _Thread_local pump *my_pump;

static LRESULT CALLBACK pump_proc(HWND hwnd, UINT msg, WPARAM wParam, LPARAM lParam)
{
    if (msg == WM_USER + 100) {
        atomic_fetch_add(&my_pump->handled, 1);
        if (my_pump->peer && wParam == 1) /* send back to the sender while it waits */
            my_pump->peer_result = SendMessageA(my_pump->peer, WM_USER + 100, 0, 0);
        return (LRESULT)GetCurrentThreadId();
    }
    return DefWindowProcA(hwnd, msg, wParam, lParam);
}

static void ensure_pump_class(void)
{
    static bool done;
    if (done)
        return;
    WNDCLASSA wc = {0};
    wc.lpfnWndProc = pump_proc;
    wc.lpszClassName = "portacm-pump";
    RegisterClassA(&wc);
    done = true;
}

static void *pump_main(void *arg)
{
    pump *p = arg;
    my_pump = p;
    p->id = GetCurrentThreadId();
    p->hwnd = CreateWindowExA(0, "portacm-pump", NULL, 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
    SetEvent(p->ready);
    WaitForSingleObject(p->start, 10000);
    if (p->mode == 1)
        return NULL;
    if (p->mode == 2) {
        DestroyWindow(p->hwnd);
        return NULL;
    }
    MSG msg;
    while (GetMessageA(&msg, NULL, 0, 0) > 0) {
        p->posted_seen++;
        DispatchMessageA(&msg);
    }
    return NULL;
}

static void start_pump(pump *p, pthread_t *thread, int mode)
{
    ensure_pump_class();
    p->ready = CreateEventA(NULL, TRUE, FALSE, NULL);
    p->start = CreateEventA(NULL, TRUE, FALSE, NULL);
    p->mode = mode;
    atomic_init(&p->handled, 0);
    pthread_create(thread, NULL, pump_main, p);
    assert_int_equal(WaitForSingleObject(p->ready, 10000), WAIT_OBJECT_0);
}

static void *release_later(void *arg)
{
    Sleep(50);
    SetEvent(((pump *)arg)->start);
    return NULL;
}

static void send_blocks_until_processed(void **state)
{
    (void)state;
    pump p = {0};
    pthread_t thread, releaser;
    start_pump(&p, &thread, 0);
    /* The pump starts pumping 50 ms from now; the send waits for it. */
    pthread_create(&releaser, NULL, release_later, &p);
    LRESULT result = SendMessageA(p.hwnd, WM_USER + 100, 0, 0);
    assert_int_equal(result, p.id); /* it ran on the owner thread */
    assert_int_equal(atomic_load(&p.handled), 1);
    pthread_join(releaser, NULL);
    for (int i = 0; i < 100; i++)
        assert_int_equal(SendMessageW(p.hwnd, WM_USER + 100, 0, 0), p.id);
    assert_int_equal(atomic_load(&p.handled), 101);
    PostThreadMessageA(p.id, WM_QUIT, 0, 0);
    pthread_join(thread, NULL);
    assert_int_equal(p.posted_seen, 0); /* sent messages never come out of GetMessage */
    CloseHandle(p.ready);
    CloseHandle(p.start);
}

/* Two threads each send to the other's window at the same time, and one send triggers a send
 * back to a sender that is itself waiting: none of it deadlocks. */
typedef struct mutual {
    pump *self;
    HWND target;
    int rounds;
    LRESULT last;
    atomic_int stop;
} mutual;

static void *mutual_sender(void *arg)
{
    mutual *m = arg;
    my_pump = m->self;
    m->self->id = GetCurrentThreadId();
    m->self->hwnd = CreateWindowExA(0, "portacm-pump", NULL, 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
    SetEvent(m->self->ready);
    WaitForSingleObject(m->self->start, 10000);
    for (int i = 0; i < m->rounds; i++)
        m->last = SendMessageA(m->target, WM_USER + 100, 0, 0);
    /* Keep serving the other side until it is done too. */
    MSG msg;
    while (!atomic_load(&m->stop)) {
        MsgWaitForMultipleObjects(0, NULL, FALSE, 20, QS_SENDMESSAGE);
        PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE);
    }
    DestroyWindow(m->self->hwnd);
    return NULL;
}

static void mutual_sends_do_not_deadlock(void **state)
{
    (void)state;
    ensure_pump_class();
    pump main_side = {0};
    my_pump = &main_side;
    main_side.hwnd = CreateWindowExA(0, "portacm-pump", NULL, 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
    atomic_init(&main_side.handled, 0);
    pump other = {0};
    other.ready = CreateEventA(NULL, TRUE, FALSE, NULL);
    other.start = CreateEventA(NULL, TRUE, FALSE, NULL);
    atomic_init(&other.handled, 0);
    mutual m = {&other, main_side.hwnd, 2000, 0, 0};
    pthread_t thread;
    pthread_create(&thread, NULL, mutual_sender, &m);
    assert_int_equal(WaitForSingleObject(other.ready, 10000), WAIT_OBJECT_0);
    SetEvent(other.start);
    for (int i = 0; i < 2000; i++)
        assert_int_equal(SendMessageA(other.hwnd, WM_USER + 100, 0, 0), other.id);
    /* Nested: the other side's procedure sends back to us while we wait. */
    other.peer = main_side.hwnd;
    assert_int_equal(SendMessageA(other.hwnd, WM_USER + 100, 1, 0), other.id);
    assert_int_equal(other.peer_result, GetCurrentThreadId());
    /* Serve the other side until it has finished its sends. */
    while (atomic_load(&main_side.handled) < 2001) {
        MsgWaitForMultipleObjects(0, NULL, FALSE, 100, QS_SENDMESSAGE);
        MSG msg;
        PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE);
    }
    atomic_store(&m.stop, 1);
    pthread_join(thread, NULL);
    assert_int_equal(m.last, GetCurrentThreadId());
    assert_int_equal(atomic_load(&main_side.handled), 2001);
    assert_int_equal(atomic_load(&other.handled), 2001);
    DestroyWindow(main_side.hwnd);
    my_pump = NULL;
    CloseHandle(other.ready);
    CloseHandle(other.start);
}

static void send_returns_zero_when_the_receiver_dies(void **state)
{
    (void)state;
    for (int mode = 1; mode <= 2; mode++) {
        pump p = {0};
        pthread_t thread, releaser;
        start_pump(&p, &thread, mode);
        pthread_create(&releaser, NULL, release_later, &p);
        /* The receiver never pumps: it exits (mode 1) or destroys the window (mode 2). */
        assert_int_equal(SendMessageA(p.hwnd, WM_USER + 100, 0, 0), 0);
        assert_int_equal(atomic_load(&p.handled), 0);
        pthread_join(releaser, NULL);
        pthread_join(thread, NULL);
        assert_false(IsWindow(p.hwnd));
        SetLastError(0);
        assert_int_equal(SendMessageA(p.hwnd, WM_USER + 100, 0, 0), 0);
        assert_int_equal(GetLastError(), ERROR_INVALID_WINDOW_HANDLE);
        CloseHandle(p.ready);
        CloseHandle(p.start);
    }
}

static void destroy_from_another_thread_is_refused(void **state)
{
    (void)state;
    pump p = {0};
    pthread_t thread;
    start_pump(&p, &thread, 0);
    SetLastError(0);
    assert_false(DestroyWindow(p.hwnd));
    assert_int_equal(GetLastError(), ERROR_ACCESS_DENIED);
    assert_true(IsWindow(p.hwnd));
    assert_int_equal(GetWindowThreadProcessId(p.hwnd, NULL), p.id);
    /* WM_CLOSE through the owner destroys it. */
    SetEvent(p.start);
    assert_true(PostMessageA(p.hwnd, WM_CLOSE, 0, 0));
    PostThreadMessageA(p.id, WM_QUIT, 0, 0);
    pthread_join(thread, NULL);
    assert_false(IsWindow(p.hwnd));
    CloseHandle(p.ready);
    CloseHandle(p.start);
}

/* ---- MsgWaitForMultipleObjects and the queue descriptor ------------------------------------ */
static void *post_later(void *arg)
{
    Sleep(20);
    PostThreadMessageA(*(DWORD *)arg, WM_USER, 0, 0);
    return NULL;
}

static void msg_wait_sees_objects_and_new_input(void **state)
{
    (void)state;
    drain();
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    assert_int_equal(MsgWaitForMultipleObjects(1, &event, FALSE, 0, QS_ALLINPUT), WAIT_TIMEOUT);
    assert_int_equal(MsgWaitForMultipleObjects(1, &event, FALSE, 20, QS_ALLINPUT), WAIT_TIMEOUT);
    SetEvent(event);
    PostMessageA(NULL, WM_USER, 0, 0);
    /* Objects come first. */
    assert_int_equal(MsgWaitForMultipleObjects(1, &event, FALSE, 0, QS_ALLINPUT), WAIT_OBJECT_0);
    assert_int_equal(MsgWaitForMultipleObjects(1, &event, FALSE, 0, QS_ALLINPUT), WAIT_OBJECT_0 + 1);
    /* Input only of the kinds asked for. */
    assert_int_equal(MsgWaitForMultipleObjects(1, &event, FALSE, 0, QS_SENDMESSAGE), WAIT_TIMEOUT);
    /* Once a peek has seen the message it is no longer new. */
    MSG msg;
    assert_true(PeekMessageA(&msg, NULL, 0, 0, PM_NOREMOVE));
    assert_int_equal(MsgWaitForMultipleObjects(1, &event, FALSE, 0, QS_ALLINPUT), WAIT_TIMEOUT);
    drain();
    /* A post from another thread wakes a blocked wait. */
    DWORD self = GetCurrentThreadId();
    pthread_t thread;
    pthread_create(&thread, NULL, post_later, &self);
    assert_int_equal(MsgWaitForMultipleObjects(1, &event, FALSE, 5000, QS_POSTMESSAGE), WAIT_OBJECT_0 + 1);
    pthread_join(thread, NULL);
    drain();
    PostQuitMessage(0);
    assert_int_equal(MsgWaitForMultipleObjects(0, NULL, FALSE, 0, QS_POSTMESSAGE), WAIT_OBJECT_0);
    assert_int_equal(GetMessageA(&msg, NULL, 0, 0), FALSE);
    /* The queue takes one of the 64 slots. */
    HANDLE many[MAXIMUM_WAIT_OBJECTS];
    for (int i = 0; i < MAXIMUM_WAIT_OBJECTS; i++)
        many[i] = event;
    assert_int_equal(MsgWaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS - 1, many, FALSE, 0, QS_ALLINPUT), WAIT_TIMEOUT);
    SetLastError(0);
    assert_int_equal(MsgWaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, many, FALSE, 0, QS_ALLINPUT), WAIT_FAILED);
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    /* Wait-all: every event and new input together. */
    HANDLE pair[2] = {event, CreateEventA(NULL, TRUE, TRUE, NULL)};
    SetEvent(event);
    assert_int_equal(MsgWaitForMultipleObjects(2, pair, TRUE, 0, QS_ALLINPUT), WAIT_TIMEOUT);
    PostMessageA(NULL, WM_USER, 0, 0);
    assert_int_equal(MsgWaitForMultipleObjects(2, pair, TRUE, 0, QS_ALLINPUT), WAIT_OBJECT_0);
    assert_int_equal(WaitForSingleObject(event, 0), WAIT_TIMEOUT); /* the auto one was taken */
    drain();
    CloseHandle(pair[1]);
    CloseHandle(event);
}

static void queue_fd_follows_the_queue(void **state)
{
    (void)state;
    drain();
    int fd = portacm_thread_queue_fd();
    assert_true(fd >= 0);
    assert_int_equal(portacm_thread_queue_fd(), fd);
    assert_false(fd_readable(fd));
    PostMessageA(NULL, WM_USER, 1, 0);
    assert_true(fd_readable(fd));
    PostMessageA(NULL, WM_USER, 2, 0);
    MSG msg;
    assert_true(PeekMessageA(&msg, NULL, 0, 0, PM_NOREMOVE));
    assert_true(fd_readable(fd)); /* a look takes nothing */
    assert_true(PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE));
    assert_true(fd_readable(fd)); /* one left */
    assert_true(PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE));
    assert_false(fd_readable(fd));
    /* WM_QUIT makes it readable until it is retrieved. */
    PostQuitMessage(0);
    assert_true(fd_readable(fd));
    assert_int_equal(GetMessageA(&msg, NULL, 0, 0), FALSE);
    assert_false(fd_readable(fd));
    /* A post from another thread wakes poll(). */
    DWORD self = GetCurrentThreadId();
    pthread_t thread;
    pthread_create(&thread, NULL, post_later, &self);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    assert_int_equal(poll(&p, 1, 5000), 1);
    pthread_join(thread, NULL);
    assert_int_equal(GetMessageA(&msg, NULL, 0, 0), TRUE);
    assert_false(fd_readable(fd));
    /* Messages of a destroyed window leave with it. */
    HWND hwnd = make_window();
    PostMessageA(hwnd, WM_USER, 0, 0);
    assert_true(fd_readable(fd));
    DestroyWindow(hwnd);
    assert_false(fd_readable(fd));
}

/* A sent message makes the receiver's descriptor readable. */
static void *send_to(void *arg)
{
    SendMessageA(*(HWND *)arg, WM_USER + 100, 0, 0);
    return NULL;
}

static void queue_fd_sees_sent_messages(void **state)
{
    (void)state;
    drain();
    HWND hwnd = make_window();
    int fd = portacm_thread_queue_fd();
    pthread_t thread;
    pthread_create(&thread, NULL, send_to, &hwnd);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    assert_int_equal(poll(&p, 1, 5000), 1);
    assert_int_equal(MsgWaitForMultipleObjects(0, NULL, FALSE, 0, QS_SENDMESSAGE), WAIT_OBJECT_0);
    MSG msg;
    assert_false(PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE)); /* runs the sent message */
    pthread_join(thread, NULL);
    assert_false(fd_readable(fd));
    DestroyWindow(hwnd);
}

/* Fails the Nth allocation of a path that creates an event, a window, a ring growth and a
 * fresh thread's state, for every N until the path succeeds: each failure is a clean error
 * and everything keeps working afterwards (ASan checks for leaks). */
static void *oom_thread(void *arg)
{
    BOOL *ok = arg;
    MSG msg;
    /* An empty queue, or no queue for want of memory: FALSE either way, never a crash. */
    BOOL got = PeekMessageA(&msg, NULL, 0, 0, PM_NOREMOVE);
    ok[0] = !got && (GetLastError() == ERROR_SUCCESS || GetLastError() == ERROR_NOT_ENOUGH_MEMORY);
    ok[1] = GetCurrentThreadId() != 0;
    return NULL;
}

static void allocation_failures_are_clean(void **state)
{
    (void)state;
    drain();
    ensure_classes();
    bool complete = false;
    for (long n = 0; n < 200 && !complete; n++) {
        pacm_mem_fail_after(n);
        HANDLE event = CreateEventA(NULL, FALSE, FALSE, "portacm-oom");
        DWORD event_error = GetLastError();
        HWND hwnd = CreateWindowExA(0, "portacm-ansi", "x", 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL);
        DWORD window_error = GetLastError();
        int posted = 0;
        for (int i = 0; hwnd && i < 200; i++) /* grows the ring past its first size */
            posted += PostMessageA(hwnd, WM_USER, 0, 0) ? 1 : 0;
        BOOL thread_ok[2] = {FALSE, FALSE};
        pthread_t thread;
        pthread_create(&thread, NULL, oom_thread, thread_ok);
        pthread_join(thread, NULL);
        pacm_mem_fail_after(-1);
        if (!event)
            assert_int_equal(event_error, ERROR_NOT_ENOUGH_MEMORY);
        if (!hwnd)
            assert_true(window_error == ERROR_NOT_ENOUGH_MEMORY || !event);
        assert_true(thread_ok[0] && thread_ok[1]);
        complete = event && hwnd && posted == 200;
        if (event) {
            assert_true(SetEvent(event));
            assert_int_equal(WaitForSingleObject(event, 0), WAIT_OBJECT_0);
            assert_true(CloseHandle(event));
        }
        if (hwnd) {
            assert_true(IsWindow(hwnd));
            assert_true(DestroyWindow(hwnd));
        }
        drain();
    }
    assert_true(complete);
}

int main(void)
{
    alarm(60);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(classes_register_once),
        cmocka_unit_test_teardown(lifecycle_messages, forget_log),
        cmocka_unit_test(window_longs),
        cmocka_unit_test(a_thread_gets_its_queue_on_first_user_call),
        cmocka_unit_test(filters_and_fifo),
        cmocka_unit_test(quit_comes_after_posted_messages),
        cmocka_unit_test(send_blocks_until_processed),
        cmocka_unit_test(mutual_sends_do_not_deadlock),
        cmocka_unit_test(send_returns_zero_when_the_receiver_dies),
        cmocka_unit_test(destroy_from_another_thread_is_refused),
        cmocka_unit_test(msg_wait_sees_objects_and_new_input),
        cmocka_unit_test(queue_fd_follows_the_queue),
        cmocka_unit_test(queue_fd_sees_sent_messages),
        cmocka_unit_test(allocation_failures_are_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
