/*
 * regress_remove_during_stream_open.c - acmDriverRemove while another thread's
 * acmStreamOpen(had = NULL) is trying the same local driver (issue 10, item 6).
 *
 * acmStreamOpen without a driver tries the installed drivers one after the other. Such a trial
 * used to make a concurrent acmDriverRemove answer ACMERR_BUSY although no stream used the
 * driver (and a QUERY trial let the removal return while the driver was still being called).
 * Now the removal waits for the trials in progress and then answers BUSY only if one of them
 * made a stream.
 *
 * The test driver's ACMDM_STREAM_OPEN holds until the test releases it, and the test releases
 * it only once the removing thread is asleep (blocked, waiting for the trial) or has returned:
 * so the removal is always called in the middle of the trial, without timing guesses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "msacmdrv.h"
#include "mmddk.h"
#include "ts_driver.h"
#include "ts_formats.h"

/* Two private tags no built-in driver knows, so only the test driver can be tried. */
#define TRIAL_TAG_SRC 0x7E31
#define TRIAL_TAG_DST 0x7E32
#define HOLD_LIMIT_SECONDS 20 /* a safety net: a broken build fails instead of hanging */

/* What the driver does in ACMDM_STREAM_OPEN. */
static pthread_mutex_t hold_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hold_changed = PTHREAD_COND_INITIALIZER;
static bool hold_entered;  /* the first ACMDM_STREAM_OPEN has started */
static bool hold_released; /* ...and may return */
static atomic_int in_driver;        /* threads inside ACMDM_STREAM_OPEN / _CLOSE */
static atomic_int stream_opens;     /* ACMDM_STREAM_OPEN calls */
static atomic_int stream_closes;    /* ACMDM_STREAM_CLOSE calls */
static MMRESULT open_answer;        /* what ACMDM_STREAM_OPEN answers */
static bool remove_from_open;       /* ACMDM_STREAM_OPEN calls acmDriverRemove on its own ID */
static HACMDRIVERID current_driver;
static MMRESULT remove_inside_result;

static void hold_reset(MMRESULT answer)
{
    hold_entered = false;
    hold_released = false;
    atomic_store(&in_driver, 0);
    atomic_store(&stream_opens, 0);
    atomic_store(&stream_closes, 0);
    open_answer = answer;
    remove_from_open = false;
    remove_inside_result = MMSYSERR_ERROR;
}

/* The first ACMDM_STREAM_OPEN holds until released; later ones answer at once. */
static void hold_in_open(void)
{
    pthread_mutex_lock(&hold_lock);
    if (hold_entered) {
        pthread_mutex_unlock(&hold_lock);
        return;
    }
    hold_entered = true;
    pthread_cond_broadcast(&hold_changed);
    struct timespec limit;
    clock_gettime(CLOCK_REALTIME, &limit);
    limit.tv_sec += HOLD_LIMIT_SECONDS;
    while (!hold_released) {
        if (pthread_cond_timedwait(&hold_changed, &hold_lock, &limit) != 0)
            break;
    }
    pthread_mutex_unlock(&hold_lock);
}

static void wait_entered(void)
{
    pthread_mutex_lock(&hold_lock);
    while (!hold_entered)
        pthread_cond_wait(&hold_changed, &hold_lock);
    pthread_mutex_unlock(&hold_lock);
}

static void release_hold(void)
{
    pthread_mutex_lock(&hold_lock);
    hold_released = true;
    pthread_cond_broadcast(&hold_changed);
    pthread_mutex_unlock(&hold_lock);
}

/* Lists the two private tags; ACMDM_STREAM_OPEN holds (see hold_in_open) and answers
 * open_answer; the DRV_* life cycle and the driver details are ts_driver's. */
static LRESULT trial_driver_hook(ts_driver *driver, DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM lParam1, LPARAM lParam2)
{
    (void)driver;
    (void)id;
    (void)hdrvr;
    if (msg < DRV_USER || msg == ACMDM_DRIVER_DETAILS)
        return TS_DRIVER_STANDARD;
    if (msg == ACMDM_FORMATTAG_DETAILS) {
        ACMFORMATTAGDETAILSW *tag = (ACMFORMATTAGDETAILSW *)lParam1;
        if ((lParam2 & ACM_FORMATTAGDETAILSF_QUERYMASK) != ACM_FORMATTAGDETAILSF_INDEX || tag->dwFormatTagIndex > 1)
            return ACMERR_NOTPOSSIBLE;
        tag->dwFormatTag = tag->dwFormatTagIndex ? TRIAL_TAG_DST : TRIAL_TAG_SRC;
        tag->cbFormatSize = sizeof(WAVEFORMATEX);
        tag->fdwSupport = ACMDRIVERDETAILS_SUPPORTF_CODEC;
        tag->cStandardFormats = 0;
        tag->szFormatTag[0] = 0;
        return MMSYSERR_NOERROR;
    }
    if (msg != ACMDM_STREAM_OPEN && msg != ACMDM_STREAM_CLOSE)
        return MMSYSERR_NOTSUPPORTED;
    atomic_fetch_add(&in_driver, 1);
    MMRESULT answer = MMSYSERR_NOERROR;
    if (msg == ACMDM_STREAM_CLOSE) {
        atomic_fetch_add(&stream_closes, 1);
    } else {
        atomic_fetch_add(&stream_opens, 1);
        if (remove_from_open)
            remove_inside_result = acmDriverRemove(current_driver, 0);
        hold_in_open();
        answer = open_answer;
    }
    atomic_fetch_sub(&in_driver, 1);
    return answer;
}

static ts_driver trial_driver = {.load_result = 1, .enable_result = 1, .open_result = 1, .close_result = 1,
                                 .format_tags = 2, .hook = trial_driver_hook};

static HACMDRIVERID add_trial_driver(void)
{
    HACMDRIVERID hadid = NULL;
    assert_int_equal(acmDriverAddA(&hadid, (HINSTANCE)(uintptr_t)0x7E00, (LPARAM)ts_driver_proc(&trial_driver), 0,
                                   ACM_DRIVERADDF_FUNCTION | ACM_DRIVERADDF_LOCAL),
                     MMSYSERR_NOERROR);
    current_driver = hadid;
    return hadid;
}

static void trial_formats(WAVEFORMATEX *src, WAVEFORMATEX *dst)
{
    ts_linear_format(src, TRIAL_TAG_SRC, 1, 8000, 8);
    ts_linear_format(dst, TRIAL_TAG_DST, 1, 8000, 8);
}

/* ---- the opening thread ------------------------------------------------------------------ */

typedef struct opener {
    pthread_t thread;
    DWORD flags;
    HACMSTREAM has;
    MMRESULT result;
} opener;

static void *opener_main(void *arg)
{
    opener *o = arg;
    WAVEFORMATEX src, dst;
    trial_formats(&src, &dst);
    o->result = acmStreamOpen((o->flags & ACM_STREAMOPENF_QUERY) ? NULL : &o->has, NULL, &src, &dst, NULL, 0, 0,
                              o->flags);
    return NULL;
}

static void opener_start(opener *o, DWORD flags)
{
    memset(o, 0, sizeof *o);
    o->flags = flags;
    assert_int_equal(pthread_create(&o->thread, NULL, opener_main, o), 0);
    wait_entered();
}

/* ---- releasing the trial once the remover is blocked -------------------------------------- */

typedef struct releaser {
    pthread_t thread;
    pid_t remover_tid;
    atomic_bool remover_returned;
    void (*while_blocked)(void); /* runs while the remover is blocked, before the release */
    bool saw_blocked;
} releaser;

/* True when the thread is asleep ('S' in /proc/self/task/<tid>/stat), as a thread blocked on a
 * condition variable is. */
static bool thread_sleeping(pid_t tid)
{
    char path[64], text[512];
    snprintf(path, sizeof path, "/proc/self/task/%ld/stat", (long)tid);
    FILE *file = fopen(path, "r");
    if (!file)
        return false;
    size_t length = fread(text, 1, sizeof text - 1, file);
    fclose(file);
    text[length] = 0;
    const char *end = strrchr(text, ')');
    return end && end[1] == ' ' && end[2] == 'S';
}

static void *releaser_main(void *arg)
{
    releaser *r = arg;
    while (!atomic_load(&r->remover_returned)) {
        if (thread_sleeping(r->remover_tid)) {
            r->saw_blocked = true;
            break;
        }
        struct timespec pause = {0, 200 * 1000L};
        nanosleep(&pause, NULL);
    }
    if (r->saw_blocked && r->while_blocked)
        r->while_blocked();
    release_hold();
    return NULL;
}

static int closes_at_removal; /* ACMDM_STREAM_CLOSE calls when acmDriverRemove returned */

/* Installs the test driver (its ACMDM_STREAM_OPEN answering `answer`), starts an
 * acmStreamOpen(had = NULL, `flags`) on another thread and, once that open is held inside the
 * driver, calls acmDriverRemove on this thread. Checks that the driver was no longer being
 * called when the removal returned, waits for the open to finish (its result in *o) and gives
 * back the removal's answer. */
static MMRESULT remove_during_trial(MMRESULT answer, DWORD flags, void (*while_blocked)(void), opener *o,
                                    HACMDRIVERID *hadid)
{
    hold_reset(answer);
    *hadid = add_trial_driver();
    opener_start(o, flags);
    releaser r;
    memset(&r, 0, sizeof r);
    r.remover_tid = (pid_t)syscall(SYS_gettid);
    r.while_blocked = while_blocked;
    assert_int_equal(pthread_create(&r.thread, NULL, releaser_main, &r), 0);
    MMRESULT result = acmDriverRemove(*hadid, 0);
    int in_driver_at_return = atomic_load(&in_driver);
    closes_at_removal = atomic_load(&stream_closes);
    atomic_store(&r.remover_returned, true);
    assert_int_equal(pthread_join(r.thread, NULL), 0);
    assert_int_equal(in_driver_at_return, 0);
    assert_int_equal(pthread_join(o->thread, NULL), 0);
    assert_int_equal(atomic_load(&stream_opens), 1); /* only the held trial reached the driver */
    return result;
}

/* ---- tests ------------------------------------------------------------------------------- */

/* The case: the trial fails (the driver cannot do it), so no stream ever uses the
 * driver; the removal must succeed, after the trial. It answered ACMERR_BUSY before. */
static void regress_remove_during_stream_open_trial(void **state)
{
    (void)state;
    HACMDRIVERID hadid = NULL;
    opener o;
    assert_int_equal(remove_during_trial(ACMERR_NOTPOSSIBLE, 0, NULL, &o, &hadid), MMSYSERR_NOERROR);
    assert_true(o.result == ACMERR_NOTPOSSIBLE && o.has == NULL); /* no driver could open it */
    assert_int_equal(acmDriverRemove(hadid, 0), MMSYSERR_INVALHANDLE); /* it is gone */
}

/* A QUERY trial: the removal used to return while the driver was still in ACMDM_STREAM_OPEN
 * (and ACMDM_STREAM_CLOSE followed after it). Now the query is over when the removal returns. */
static void regress_remove_during_stream_open_query(void **state)
{
    (void)state;
    HACMDRIVERID hadid = NULL;
    opener o;
    MMRESULT removal = remove_during_trial(MMSYSERR_NOERROR, ACM_STREAMOPENF_QUERY, NULL, &o, &hadid);
    /* The query succeeded and its ACMDM_STREAM_CLOSE came before the removal returned. */
    assert_int_equal(o.result, MMSYSERR_NOERROR);
    assert_int_equal(closes_at_removal, 1);
    assert_int_equal(removal, MMSYSERR_NOERROR);
}

/* The trial succeeds: a stream uses the driver, so the removal answers ACMERR_BUSY, but only
 * once it knows (the driver is no longer being called); after the stream is closed it works. */
static void regress_remove_during_stream_open_success(void **state)
{
    (void)state;
    HACMDRIVERID hadid = NULL;
    opener o;
    assert_int_equal(remove_during_trial(MMSYSERR_NOERROR, 0, NULL, &o, &hadid), ACMERR_BUSY);
    assert_int_equal(o.result, MMSYSERR_NOERROR);
    assert_non_null(o.has);
    HACMDRIVERID used = NULL;
    assert_int_equal(acmDriverID((HACMOBJ)o.has, &used, 0), MMSYSERR_NOERROR);
    assert_ptr_equal(used, hadid);
    assert_int_equal(acmDriverRemove(hadid, 0), ACMERR_BUSY); /* the stream is still open */
    assert_int_equal(acmStreamClose(o.has, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverRemove(hadid, 0), MMSYSERR_NOERROR);
}

/* An acmStreamOpen that starts while a removal waits does not try the driver being removed
 * (run on the releasing thread; checked on the main one). */
static MMRESULT waiting_open_result;
static HACMSTREAM waiting_open_stream;

static void open_while_removal_waits(void)
{
    WAVEFORMATEX src, dst;
    trial_formats(&src, &dst);
    waiting_open_result = acmStreamOpen(&waiting_open_stream, NULL, &src, &dst, NULL, 0, 0, 0);
}

static void remove_skips_driver_for_new_opens(void **state)
{
    (void)state;
    waiting_open_result = MMSYSERR_ERROR;
    HACMDRIVERID hadid = NULL;
    opener o;
    MMRESULT removal = remove_during_trial(ACMERR_NOTPOSSIBLE, 0, open_while_removal_waits, &o, &hadid);
    assert_int_equal(removal, MMSYSERR_NOERROR);
    assert_int_equal(waiting_open_result, ACMERR_NOTPOSSIBLE);
    assert_null(waiting_open_stream); /* and the driver saw only the held open */
    assert_int_equal(o.result, ACMERR_NOTPOSSIBLE);
}

/* A driver that removes itself from its own ACMDM_STREAM_OPEN: the removal cannot wait for
 * the trial it runs in; it answers ACMERR_BUSY at once instead of deadlocking. */
static void remove_from_inside_the_trial_is_busy(void **state)
{
    (void)state;
    hold_reset(ACMERR_NOTPOSSIBLE);
    release_hold(); /* no holding: the open runs on this thread */
    hold_entered = true;
    HACMDRIVERID hadid = add_trial_driver();
    remove_from_open = true;
    WAVEFORMATEX src, dst;
    trial_formats(&src, &dst);
    HACMSTREAM has = NULL;
    assert_int_equal(acmStreamOpen(&has, NULL, &src, &dst, NULL, 0, 0, 0), ACMERR_NOTPOSSIBLE);
    assert_int_equal(remove_inside_result, ACMERR_BUSY);
    remove_from_open = false;
    assert_int_equal(acmDriverRemove(hadid, 0), MMSYSERR_NOERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(regress_remove_during_stream_open_trial),
        cmocka_unit_test(regress_remove_during_stream_open_query),
        cmocka_unit_test(regress_remove_during_stream_open_success),
        cmocka_unit_test(remove_skips_driver_for_new_opens),
        cmocka_unit_test(remove_from_inside_the_trial_is_busy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
