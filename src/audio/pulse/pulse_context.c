/*
 * pulse_context.c - the one PulseAudio connection of the process (a threaded mainloop and a
 * context, made on first use, shared by every open), server-loss notification, and the device
 * list with IDs that stay stable for the life of the process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common_int.h"
#include "pulse_int.h"

#define MAX_DEVICES 64

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER; /* guards connect/disconnect */
static pa_threaded_mainloop *g_loop;
static pa_context *g_ctx;
static bool g_ready;     /* context reached READY */
static bool g_lost;      /* it failed after being READY */
static double g_last_try; /* monotonic seconds of the last failed connect */
static pacm_pulse_listener *g_listeners;
static pacm_pulse_device g_devs[2][MAX_DEVICES]; /* guarded by the mainloop lock */
static uint32_t g_index[2][MAX_DEVICES]; /* their server index (removal events carry only that) */
static unsigned g_count[2];

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

pa_threaded_mainloop *pacm_pulse_mainloop(void) { return g_loop; }
pa_context *pacm_pulse_context(void) { return g_ctx; }

bool pacm_pulse_lost(void)
{
    return __atomic_load_n(&g_lost, __ATOMIC_SEQ_CST);
}

void pacm_pulse_listen(pacm_pulse_listener *l)
{
    l->next = g_listeners;
    g_listeners = l;
}

void pacm_pulse_unlisten(pacm_pulse_listener *l)
{
    for (pacm_pulse_listener **p = &g_listeners; *p; p = &(*p)->next) {
        if (*p == l) {
            *p = l->next;
            return;
        }
    }
}

static void op_state_cb(pa_operation *op, void *ud)
{
    (void)op, (void)ud;
    pa_threaded_mainloop_signal(g_loop, 0);
}

void pacm_pulse_wait_op(pa_operation *op)
{
    if (!op)
        return;
    pa_operation_set_state_callback(op, op_state_cb, NULL); /* wakes us whatever callback op has */
    while (pa_operation_get_state(op) == PA_OPERATION_RUNNING &&
           PA_CONTEXT_IS_GOOD(pa_context_get_state(g_ctx)))
        pa_threaded_mainloop_wait(g_loop);
    pa_operation_unref(op);
}

static void op_timeout_cb(pa_mainloop_api *api, pa_time_event *e, const struct timeval *tv, void *ud)
{
    (void)api, (void)e, (void)tv;
    *(bool *)ud = true;
    pa_threaded_mainloop_signal(g_loop, 0);
}

bool pacm_pulse_wait_op_timeout(pa_operation *op, unsigned ms)
{
    bool expired = false;
    if (!op)
        return false;
    pa_operation_set_state_callback(op, op_state_cb, NULL);
    pa_time_event *te = pa_context_rttime_new(g_ctx, pa_rtclock_now() + ms * 1000ull, op_timeout_cb, &expired);
    while (!expired && pa_operation_get_state(op) == PA_OPERATION_RUNNING &&
           PA_CONTEXT_IS_GOOD(pa_context_get_state(g_ctx)))
        pa_threaded_mainloop_wait(g_loop);
    if (te)
        pa_threaded_mainloop_get_api(g_loop)->time_free(te);
    bool done = pa_operation_get_state(op) == PA_OPERATION_DONE;
    if (!done)
        pa_operation_cancel(op);
    pa_operation_unref(op);
    return done;
}

/* ---- the device list ---- */

/* Finds `name` or appends it (a new ID); marks it present. */
static void device_seen(pacm_pulse_dir dir, const char *name, const char *desc, unsigned channels, uint32_t index)
{
    unsigned i;
    for (i = 0; i < g_count[dir]; i++)
        if (strcmp(g_devs[dir][i].name, name) == 0)
            break;
    if (i == g_count[dir]) {
        if (i == MAX_DEVICES)
            return;
        g_count[dir]++;
        memset(&g_devs[dir][i], 0, sizeof g_devs[dir][i]);
        snprintf(g_devs[dir][i].name, sizeof g_devs[dir][i].name, "%s", name);
    }
    snprintf(g_devs[dir][i].description, sizeof g_devs[dir][i].description, "%s", desc && *desc ? desc : name);
    g_devs[dir][i].channels = channels ? channels : 2;
    g_devs[dir][i].present = true;
    g_index[dir][i] = index;
}

static void device_gone(pacm_pulse_dir dir, uint32_t index)
{
    for (unsigned i = 0; i < g_count[dir]; i++)
        if (g_devs[dir][i].present && g_index[dir][i] == index)
            g_devs[dir][i].present = false;
}

/* One enumeration pass: collected into a scratch list, then ordered (default first, then
 * server index order; real sources before monitors) and merged into the stable table. */
typedef struct scan_entry {
    char name[128], desc[128];
    unsigned channels, index;
    bool monitor;
} scan_entry;
typedef struct scan {
    scan_entry e[MAX_DEVICES];
    unsigned n;
    bool done;
} scan;

static void scan_add(scan *s, const char *name, const char *desc, unsigned ch, unsigned index, bool monitor)
{
    if (s->n == MAX_DEVICES)
        return;
    scan_entry *e = &s->e[s->n++];
    snprintf(e->name, sizeof e->name, "%s", name);
    snprintf(e->desc, sizeof e->desc, "%s", desc ? desc : name);
    e->channels = ch;
    e->index = index;
    e->monitor = monitor;
}

static void sink_cb(pa_context *c, const pa_sink_info *i, int eol, void *ud)
{
    (void)c;
    scan *s = ud;
    if (eol) {
        s->done = true;
        pa_threaded_mainloop_signal(g_loop, 0);
        return;
    }
    scan_add(s, i->name, i->description, i->channel_map.channels, i->index, false);
}

static void source_cb(pa_context *c, const pa_source_info *i, int eol, void *ud)
{
    (void)c;
    scan *s = ud;
    if (eol) {
        s->done = true;
        pa_threaded_mainloop_signal(g_loop, 0);
        return;
    }
    scan_add(s, i->name, i->description, i->channel_map.channels, i->index,
             i->monitor_of_sink != PA_INVALID_INDEX);
}

typedef struct defaults {
    char sink[128], source[128];
    bool done;
} defaults;

static void server_cb(pa_context *c, const pa_server_info *i, void *ud)
{
    (void)c;
    defaults *d = ud;
    if (i) {
        snprintf(d->sink, sizeof d->sink, "%s", i->default_sink_name ? i->default_sink_name : "");
        snprintf(d->source, sizeof d->source, "%s", i->default_source_name ? i->default_source_name : "");
    }
    d->done = true;
    pa_threaded_mainloop_signal(g_loop, 0);
}

static int scan_rank(const scan_entry *e, const char *def)
{
    if (strcmp(e->name, def) == 0)
        return 0;
    return e->monitor ? 2 : 1;
}

static void scan_merge(pacm_pulse_dir dir, scan *s, const char *def)
{
    /* stable selection: rank (default, real, monitor), then server index */
    for (unsigned a = 0; a < s->n; a++) {
        for (unsigned b = a + 1; b < s->n; b++) {
            int ra = scan_rank(&s->e[a], def), rb = scan_rank(&s->e[b], def);
            if (rb < ra || (rb == ra && s->e[b].index < s->e[a].index)) {
                scan_entry t = s->e[a];
                s->e[a] = s->e[b];
                s->e[b] = t;
            }
        }
    }
    for (unsigned k = 0; k < g_count[dir]; k++)
        g_devs[dir][k].present = false;
    for (unsigned a = 0; a < s->n; a++)
        device_seen(dir, s->e[a].name, s->e[a].desc, s->e[a].channels, s->e[a].index);
}

/* Mainloop lock held. */
static void enumerate_devices(void)
{
    static scan sinks, sources; /* large; only used under the mainloop lock */
    defaults d;
    memset(&d, 0, sizeof d);
    memset(&sinks, 0, sizeof sinks);
    memset(&sources, 0, sizeof sources);
    pacm_pulse_wait_op(pa_context_get_server_info(g_ctx, server_cb, &d));
    pacm_pulse_wait_op(pa_context_get_sink_info_list(g_ctx, sink_cb, &sinks));
    pacm_pulse_wait_op(pa_context_get_source_info_list(g_ctx, source_cb, &sources));
    if (!d.done || !sinks.done || !sources.done)
        return;
    scan_merge(PACM_PULSE_OUT, &sinks, d.sink);
    scan_merge(PACM_PULSE_IN, &sources, d.source);
}

/* New sinks and sources get new IDs; removed ones keep theirs (not present). */
static void added_sink_cb(pa_context *c, const pa_sink_info *i, int eol, void *ud)
{
    (void)c, (void)ud;
    if (!eol && i)
        device_seen(PACM_PULSE_OUT, i->name, i->description, i->channel_map.channels, i->index);
}

static void added_source_cb(pa_context *c, const pa_source_info *i, int eol, void *ud)
{
    (void)c, (void)ud;
    if (!eol && i)
        device_seen(PACM_PULSE_IN, i->name, i->description, i->channel_map.channels, i->index);
}

static void subscribe_cb(pa_context *c, pa_subscription_event_type_t t, uint32_t idx, void *ud)
{
    (void)ud;
    unsigned facility = t & PA_SUBSCRIPTION_EVENT_FACILITY_MASK;
    unsigned type = t & PA_SUBSCRIPTION_EVENT_TYPE_MASK;
    pa_operation *op = NULL;
    if (type == PA_SUBSCRIPTION_EVENT_NEW && facility == PA_SUBSCRIPTION_EVENT_SINK)
        op = pa_context_get_sink_info_by_index(c, idx, added_sink_cb, NULL);
    else if (type == PA_SUBSCRIPTION_EVENT_NEW && facility == PA_SUBSCRIPTION_EVENT_SOURCE)
        op = pa_context_get_source_info_by_index(c, idx, added_source_cb, NULL);
    else if (type == PA_SUBSCRIPTION_EVENT_REMOVE && facility == PA_SUBSCRIPTION_EVENT_SINK)
        device_gone(PACM_PULSE_OUT, idx);
    else if (type == PA_SUBSCRIPTION_EVENT_REMOVE && facility == PA_SUBSCRIPTION_EVENT_SOURCE)
        device_gone(PACM_PULSE_IN, idx);
    if (op)
        pa_operation_unref(op);
}

static void state_cb(pa_context *c, void *ud)
{
    (void)ud;
    pa_context_state_t st = pa_context_get_state(c);
    if (st == PA_CONTEXT_READY)
        g_ready = true;
    if (!PA_CONTEXT_IS_GOOD(st) && g_ready && !pacm_pulse_lost()) {
        __atomic_store_n(&g_lost, true, __ATOMIC_SEQ_CST);
        pacm_log_debug("pulseaudio.drv: connection lost: %s", pa_strerror(pa_context_errno(c)));
        for (pacm_pulse_listener *l = g_listeners; l; l = l->next)
            l->lost(l);
    }
    pa_threaded_mainloop_signal(g_loop, 0);
}

static void timeout_cb(pa_mainloop_api *api, pa_time_event *e, const struct timeval *tv, void *ud)
{
    (void)e, (void)tv;
    *(bool *)ud = true;
    api->time_free(e);
    pa_threaded_mainloop_signal(g_loop, 0);
}

static void free_connection(void)
{
    if (g_loop)
        pa_threaded_mainloop_stop(g_loop);
    if (g_ctx) {
        pa_context_disconnect(g_ctx);
        pa_context_unref(g_ctx);
    }
    if (g_loop)
        pa_threaded_mainloop_free(g_loop);
    g_ctx = NULL;
    g_loop = NULL;
    g_ready = false;
}

/* g_lock held. Connects with a deadline; enumerates the devices. */
static bool connect_locked(void)
{
    g_loop = pa_threaded_mainloop_new();
    if (!g_loop)
        return false;
    pa_threaded_mainloop_set_name(g_loop, "portacm-pulse");
    pa_proplist *props = pa_proplist_new();
    pa_proplist_sets(props, PA_PROP_APPLICATION_NAME, "portacm");
    pa_proplist_sets(props, PA_PROP_APPLICATION_ID, "portacm.winmm");
    g_ctx = pa_context_new_with_proplist(pa_threaded_mainloop_get_api(g_loop), "portacm", props);
    pa_proplist_free(props);
    if (!g_ctx) {
        free_connection();
        return false;
    }
    g_ready = false;
    __atomic_store_n(&g_lost, false, __ATOMIC_SEQ_CST);
    pa_context_set_state_callback(g_ctx, state_cb, NULL);
    if (pa_context_connect(g_ctx, NULL, PA_CONTEXT_NOAUTOSPAWN, NULL) < 0 || pa_threaded_mainloop_start(g_loop) < 0) {
        free_connection();
        return false;
    }
    pa_threaded_mainloop_lock(g_loop);
    bool timed_out = false;
    pa_time_event *te = pa_context_rttime_new(g_ctx, pa_rtclock_now() + PACM_PULSE_CONNECT_MS * 1000ull, timeout_cb,
                                              &timed_out);
    while (!timed_out && PA_CONTEXT_IS_GOOD(pa_context_get_state(g_ctx)) && pa_context_get_state(g_ctx) != PA_CONTEXT_READY)
        pa_threaded_mainloop_wait(g_loop);
    if (te && !timed_out)
        pa_threaded_mainloop_get_api(g_loop)->time_free(te); /* it points at timed_out */
    bool ok = pa_context_get_state(g_ctx) == PA_CONTEXT_READY;
    if (ok) {
        pa_context_set_subscribe_callback(g_ctx, subscribe_cb, NULL);
        pa_operation *op = pa_context_subscribe(g_ctx, PA_SUBSCRIPTION_MASK_SINK | PA_SUBSCRIPTION_MASK_SOURCE, NULL, NULL);
        if (op)
            pa_operation_unref(op);
        enumerate_devices();
    }
    pa_threaded_mainloop_unlock(g_loop);
    if (!ok) {
        pacm_log_debug("pulseaudio.drv: no server (%s)", timed_out ? "timeout" : pa_strerror(pa_context_errno(g_ctx)));
        free_connection();
    }
    return ok;
}

bool pacm_pulse_connect(void)
{
    bool ok;
    pthread_mutex_lock(&g_lock);
    if (g_ctx && pacm_pulse_lost() && pacm_pulse_open_count() == 0)
        free_connection(); /* the server went away and nothing uses the old context: retry */
    if (g_ctx) {
        ok = !pacm_pulse_lost();
    } else if (g_last_try != 0 && now_s() - g_last_try < 1.0) {
        ok = false; /* do not hammer a missing server */
    } else {
        ok = connect_locked();
        g_last_try = ok ? 0 : now_s();
    }
    pthread_mutex_unlock(&g_lock);
    return ok;
}

void pacm_pulse_disconnect(void)
{
    pthread_mutex_lock(&g_lock);
    if (g_ctx && pacm_pulse_open_count() == 0)
        free_connection();
    pthread_mutex_unlock(&g_lock);
}

/* g_lock then (when connected) the mainloop lock: the table is stable while read. */
static void table_lock(void)
{
    pthread_mutex_lock(&g_lock);
    if (g_loop)
        pa_threaded_mainloop_lock(g_loop);
}

static void table_unlock(void)
{
    if (g_loop)
        pa_threaded_mainloop_unlock(g_loop);
    pthread_mutex_unlock(&g_lock);
}

unsigned pacm_pulse_device_count(pacm_pulse_dir dir)
{
    pacm_pulse_connect();
    table_lock();
    unsigned n = g_count[dir];
    table_unlock();
    return n;
}

bool pacm_pulse_device_get(pacm_pulse_dir dir, unsigned id, pacm_pulse_device *out)
{
    bool ok = false;
    table_lock();
    if (id < g_count[dir]) {
        *out = g_devs[dir][id];
        if (!g_ctx || pacm_pulse_lost())
            out->present = false;
        ok = true;
    }
    table_unlock();
    return ok;
}
