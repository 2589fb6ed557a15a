/*
 * test_debug_output.c - OutputDebugStringA/W: to stderr only when PORTACM_DEBUG asks (stderr is
 * captured through a pipe), to the portacm_set_debug_output hook when one is set (with its
 * context, from the timer thread too), UTF-16 converted with invalid units replaced and long
 * strings delivered in pieces of at most 4095 bytes, and NULL restoring the default.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "windows.h"
#include "mmsystem.h"

/* ---- the hook's record ---------------------------------------------------------------------- */
typedef struct captured {
    pthread_mutex_t lock;
    char text[65536];
    size_t length;
    int calls;
    size_t longest_piece;
    void *context_seen;
} captured;

static captured capture = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void CALLBACK capture_hook(LPCSTR text, void *context)
{
    pthread_mutex_lock(&capture.lock);
    size_t n = strlen(text);
    if (capture.length + n < sizeof capture.text) {
        memcpy(capture.text + capture.length, text, n + 1);
        capture.length += n;
    }
    if (n > capture.longest_piece)
        capture.longest_piece = n;
    capture.calls++;
    capture.context_seen = context;
    pthread_mutex_unlock(&capture.lock);
}

static void capture_reset(void)
{
    pthread_mutex_lock(&capture.lock);
    capture.text[0] = 0;
    capture.length = 0;
    capture.calls = 0;
    capture.longest_piece = 0;
    capture.context_seen = NULL;
    pthread_mutex_unlock(&capture.lock);
}

static int hook_setup(void **state)
{
    (void)state;
    capture_reset();
    portacm_set_debug_output(capture_hook, &capture);
    return 0;
}

static int hook_teardown(void **state)
{
    (void)state;
    portacm_set_debug_output(NULL, NULL);
    return 0;
}

/* ---- stderr capture ------------------------------------------------------------------------- */
/* Runs `send(text)` with stderr redirected into a pipe and returns what was written (static). */
static const char *stderr_of(void (*send)(const void *), const void *text)
{
    static char out[4096];
    int pipe_fds[2];
    assert_int_equal(pipe(pipe_fds), 0);
    fflush(stderr);
    int saved = dup(2);
    assert_true(saved >= 0);
    assert_true(dup2(pipe_fds[1], 2) >= 0);
    send(text);
    fflush(stderr);
    assert_true(dup2(saved, 2) >= 0);
    close(saved);
    close(pipe_fds[1]);
    size_t length = 0;
    ssize_t got;
    while ((got = read(pipe_fds[0], out + length, sizeof out - 1 - length)) > 0)
        length += (size_t)got;
    close(pipe_fds[0]);
    out[length] = 0;
    return out;
}

static void send_a(const void *text)
{
    OutputDebugStringA(text);
}

static void send_w(const void *text)
{
    OutputDebugStringW(text);
}

static void stderr_only_with_portacm_debug(void **state)
{
    (void)state;
    static const WCHAR wide[] = {'w', 'i', 'd', 'e', 0xE9, '\n', 0};
    assert_int_equal(unsetenv("PORTACM_DEBUG"), 0);
    assert_string_equal(stderr_of(send_a, "quiet\n"), "");
    assert_int_equal(setenv("PORTACM_DEBUG", "0", 1), 0);
    assert_string_equal(stderr_of(send_a, "quiet\n"), "");
    assert_int_equal(setenv("PORTACM_DEBUG", "", 1), 0);
    assert_string_equal(stderr_of(send_w, wide), "");
    assert_int_equal(setenv("PORTACM_DEBUG", "1", 1), 0);
    assert_string_equal(stderr_of(send_a, "loud\n"), "loud\n");
    assert_string_equal(stderr_of(send_a, "no newline added"), "no newline added");
    assert_string_equal(stderr_of(send_w, wide), "wide\xC3\xA9\n");
    assert_string_equal(stderr_of(send_a, NULL), "");
    /* A hook takes everything, even with PORTACM_DEBUG set; NULL gives stderr back. */
    capture_reset();
    portacm_set_debug_output(capture_hook, NULL);
    assert_string_equal(stderr_of(send_a, "hooked\n"), "");
    assert_string_equal(capture.text, "hooked\n");
    portacm_set_debug_output(NULL, NULL);
    assert_string_equal(stderr_of(send_a, "back\n"), "back\n");
    assert_int_equal(unsetenv("PORTACM_DEBUG"), 0);
}

/* ---- the hook ------------------------------------------------------------------------------- */
static void hook_gets_text_and_context(void **state)
{
    (void)state;
    OutputDebugStringA("first ");
    OutputDebugStringA("second\n");
    OutputDebugStringA(NULL);
    OutputDebugStringA("");
    assert_string_equal(capture.text, "first second\n");
    assert_ptr_equal(capture.context_seen, &capture);
    OutputDebugStringW(NULL);
    assert_string_equal(capture.text, "first second\n");
}

static void wide_text_is_converted_and_invalid_units_replaced(void **state)
{
    (void)state;
    /* é, a pair (U+1F600), a lone high surrogate, a lone low surrogate. */
    static const WCHAR text[] = {'a', 0xE9, 0xD83D, 0xDE00, 0xD800, 'b', 0xDC00, 0};
    OutputDebugStringW(text);
    assert_string_equal(capture.text, "a\xC3\xA9\xF0\x9F\x98\x80\xEF\xBF\xBD"
                                      "b\xEF\xBF\xBD");
}

static void long_wide_text_comes_in_bounded_pieces(void **state)
{
    (void)state;
    enum { UNITS = 10001 };
    WCHAR *text = malloc((UNITS + 1) * sizeof *text);
    char *expected = malloc(UNITS * 4 + 1);
    assert_non_null(text);
    assert_non_null(expected);
    size_t at = 0;
    /* Mixed widths, with pairs placed across every possible piece boundary. */
    for (size_t i = 0; i < UNITS;) {
        if (i % 7 == 3 && i + 1 < UNITS) {
            text[i++] = 0xD83D;
            text[i++] = 0xDE00;
            memcpy(expected + at, "\xF0\x9F\x98\x80", 4);
            at += 4;
        } else if (i % 5 == 0) {
            text[i++] = 0x20AC; /* € */
            memcpy(expected + at, "\xE2\x82\xAC", 3);
            at += 3;
        } else {
            text[i++] = 'x';
            expected[at++] = 'x';
        }
    }
    text[UNITS] = 0;
    expected[at] = 0;
    OutputDebugStringW(text);
    assert_string_equal(capture.text, expected);
    assert_true(capture.calls > 1);
    assert_true(capture.longest_piece <= 4095);
    free(text);
    free(expected);
}

/* From the timer thread, as a callback may. */
static atomic_int timer_said;
static void CALLBACK debug_from_timer(UINT id, UINT msg, DWORD_PTR user, DWORD_PTR dw1, DWORD_PTR dw2)
{
    (void)id, (void)msg, (void)user, (void)dw1, (void)dw2;
    OutputDebugStringA("from the timer\n");
    atomic_store(&timer_said, 1);
}

static void hook_runs_from_a_timer_callback(void **state)
{
    (void)state;
    MMRESULT id = timeSetEvent(5, 0, debug_from_timer, 0, TIME_ONESHOT);
    assert_int_not_equal(id, 0);
    for (int i = 0; i < 3000 && !atomic_load(&timer_said); i++)
        Sleep(1);
    assert_int_equal(atomic_load(&timer_said), 1);
    pthread_mutex_lock(&capture.lock);
    assert_string_equal(capture.text, "from the timer\n");
    pthread_mutex_unlock(&capture.lock);
}

/* A hook may replace itself (no lock is held while it runs). */
static void CALLBACK replacing_hook(LPCSTR text, void *context)
{
    (void)context;
    capture_hook(text, NULL);
    portacm_set_debug_output(capture_hook, &capture);
}

static void hook_may_replace_itself(void **state)
{
    (void)state;
    portacm_set_debug_output(replacing_hook, NULL);
    OutputDebugStringA("one");
    assert_null(capture.context_seen);
    OutputDebugStringA("two");
    assert_ptr_equal(capture.context_seen, &capture);
    assert_string_equal(capture.text, "onetwo");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stderr_only_with_portacm_debug),
        cmocka_unit_test_setup_teardown(hook_gets_text_and_context, hook_setup, hook_teardown),
        cmocka_unit_test_setup_teardown(wide_text_is_converted_and_invalid_units_replaced, hook_setup, hook_teardown),
        cmocka_unit_test_setup_teardown(long_wide_text_comes_in_bounded_pieces, hook_setup, hook_teardown),
        cmocka_unit_test_setup_teardown(hook_runs_from_a_timer_callback, hook_setup, hook_teardown),
        cmocka_unit_test_setup_teardown(hook_may_replace_itself, hook_setup, hook_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
