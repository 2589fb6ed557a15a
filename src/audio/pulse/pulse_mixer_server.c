/*
 * pulse_mixer_server.c - the PulseAudio side of the built-in mixer driver: its own connection
 * (a pa_threaded_mainloop), the device list, live reads and writes of a sink's or source's
 * volume and mute, and the server's change events turned into MM_MIXM_CONTROL_CHANGE /
 * MM_MIXM_LINE_CHANGE for every open mixer of the device.
 *
 * Devices: every sink, then every source, each group with the server's default first, then the
 * real devices, then the monitor sources, each in server index order (the order of the
 * PulseAudio wave driver's devices). The list is taken
 * once, when the driver is initialised, so IDs stay stable for the life of the process; a
 * device that goes away keeps its ID with its lines marked disconnected, and comes back when
 * a device of the same name appears again.
 *
 * Locking: the mainloop lock guards everything here. Event callbacks run on the mainloop
 * thread with it held and notify through DriverCallback, which only posts or sets an event.
 */
#include <pthread.h>
#include <pulse/pulseaudio.h>
#include <stdio.h>
#include <string.h>

#include "pulse_mixer_int.h"

static pa_threaded_mainloop *loop;
static pa_context *context;
static pacm_pulse_mixer_device *devices;
static UINT device_count;
static pacm_pulse_mixer_open *opens;
static char *default_sink, *default_source;
static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER; /* serialises start and stop */

/* ---- waiting for the server --------------------------------------------------------------- */
static void server_lost(void);

static void context_state_changed(pa_context *c, void *userdata)
{
    (void)userdata;
    if (!PA_CONTEXT_IS_GOOD(pa_context_get_state(c)))
        server_lost();
    pa_threaded_mainloop_signal(loop, 0);
}

static bool context_ready(void)
{
    return context && pa_context_get_state(context) == PA_CONTEXT_READY;
}

/* Every wait has a deadline, so a server that stops answering never hangs a caller: a time
 * event on the mainloop marks the wait expired and wakes it. */
#define WAIT_LIMIT_USEC (2 * PA_USEC_PER_SEC)

static void wait_expired(pa_mainloop_api *api, pa_time_event *event, const struct timeval *when, void *userdata)
{
    (void)api;
    (void)event;
    (void)when;
    *(bool *)userdata = true;
    pa_threaded_mainloop_signal(loop, 0);
}

static pa_time_event *arm_deadline(bool *expired)
{
    pa_mainloop_api *api = pa_threaded_mainloop_get_api(loop);
    struct timeval when;
    pa_timeval_add(pa_gettimeofday(&when), WAIT_LIMIT_USEC);
    *expired = false;
    return api->time_new(api, &when, wait_expired, expired);
}

static void disarm_deadline(pa_time_event *event)
{
    if (event)
        pa_threaded_mainloop_get_api(loop)->time_free(event);
}

/* Waits (lock held, never on the mainloop thread) until `op` is done, the server is gone or
 * the deadline passed (the operation is then cancelled). */
static bool wait_operation(pa_operation *op)
{
    if (!op)
        return false;
    bool expired;
    pa_time_event *deadline = arm_deadline(&expired);
    while (pa_operation_get_state(op) == PA_OPERATION_RUNNING && context_ready() && !expired)
        pa_threaded_mainloop_wait(loop);
    disarm_deadline(deadline);
    if (pa_operation_get_state(op) == PA_OPERATION_RUNNING)
        pa_operation_cancel(op);
    bool done = pa_operation_get_state(op) == PA_OPERATION_DONE;
    pa_operation_unref(op);
    return done;
}

/* ---- the device list ------------------------------------------------------------------------- */
typedef struct listing {
    pacm_pulse_mixer_device *items;
    UINT count, capacity;
    bool source;
} listing;

static void listing_add(listing *list, uint32_t index, const char *name, const char *description,
                        const pa_cvolume *volume, int mute, bool monitor)
{
    if (list->count == list->capacity) {
        UINT grown = list->capacity ? list->capacity * 2 : 8;
        pacm_pulse_mixer_device *bigger = pacm_mem_realloc(list->items, (size_t)grown * sizeof *bigger);
        if (!bigger)
            return;
        list->items = bigger;
        list->capacity = grown;
    }
    pacm_pulse_mixer_device *device = &list->items[list->count++];
    memset(device, 0, sizeof *device);
    device->source = list->source;
    device->monitor = monitor;
    device->present = true;
    device->index = index;
    snprintf(device->name, sizeof device->name, "%s", name ? name : "");
    snprintf(device->description, sizeof device->description, "%s", description ? description : device->name);
    device->volume = *volume;
    device->mute = mute != 0;
    device->line_volume = 0xFFFF;
}

static void sink_listed(pa_context *c, const pa_sink_info *info, int eol, void *userdata)
{
    (void)c;
    if (eol)
        pa_threaded_mainloop_signal(loop, 0);
    else
        listing_add(userdata, info->index, info->name, info->description, &info->volume, info->mute, false);
}

static void source_listed(pa_context *c, const pa_source_info *info, int eol, void *userdata)
{
    (void)c;
    if (eol)
        pa_threaded_mainloop_signal(loop, 0);
    else
        listing_add(userdata, info->index, info->name, info->description, &info->volume, info->mute,
                    info->monitor_of_sink != PA_INVALID_INDEX);
}

static void server_listed(pa_context *c, const pa_server_info *info, void *userdata)
{
    (void)c;
    (void)userdata;
    default_sink = pacm_mem_strdup(info && info->default_sink_name ? info->default_sink_name : "");
    default_source = pacm_mem_strdup(info && info->default_source_name ? info->default_source_name : "");
    pa_threaded_mainloop_signal(loop, 0);
}

/* The wave driver's order: the default first, then real devices, then monitors, each in
 * server index order. */
static int rank(const pacm_pulse_mixer_device *device, const char *default_name)
{
    if (default_name && strcmp(device->name, default_name) == 0)
        return 0;
    return device->monitor ? 2 : 1;
}

static void order_devices(listing *list, const char *default_name)
{
    for (UINT i = 1; i < list->count; i++) {
        for (UINT j = i; j > 0; j--) {
            pacm_pulse_mixer_device *a = &list->items[j - 1], *b = &list->items[j];
            int rank_a = rank(a, default_name), rank_b = rank(b, default_name);
            if (rank_a < rank_b || (rank_a == rank_b && a->index <= b->index))
                break;
            pacm_pulse_mixer_device swap = *a;
            *a = *b;
            *b = swap;
        }
    }
}

static void build_device_list(void)
{
    listing sinks = {.source = false}, sources = {.source = true};
    wait_operation(pa_context_get_server_info(context, server_listed, NULL));
    wait_operation(pa_context_get_sink_info_list(context, sink_listed, &sinks));
    wait_operation(pa_context_get_source_info_list(context, source_listed, &sources));
    order_devices(&sinks, default_sink);
    order_devices(&sources, default_source);
    UINT total = sinks.count + sources.count;
    devices = total ? pacm_mem_calloc(total, sizeof *devices) : NULL;
    if (devices) {
        memcpy(devices, sinks.items, (size_t)sinks.count * sizeof *devices);
        memcpy(devices + sinks.count, sources.items, (size_t)sources.count * sizeof *devices);
        device_count = total;
    }
    pacm_mem_free(sinks.items);
    pacm_mem_free(sources.items);
}

/* ---- notifications -------------------------------------------------------------------------- */
void pacm_pulse_mixer_notify_locked(UINT device, UINT message, DWORD_PTR id)
{
    for (pacm_pulse_mixer_open *open = opens; open; open = open->next) {
        if (open->device == device)
            DriverCallback(open->callback, HIWORD(open->flags), (HDRVR)open->hmx, message, open->instance, id, 0);
    }
}

/* The server went away: every device is disconnected (and stays so: the driver does not
 * reconnect), and its open mixers hear of it. */
static void server_lost(void)
{
    for (UINT i = 0; i < device_count; i++) {
        if (devices[i].present) {
            devices[i].present = false;
            pacm_pulse_mixer_notify_locked(i, MM_MIXM_LINE_CHANGE, PACM_PULSE_MIXER_DESTINATION_LINE);
        }
    }
}

static pacm_pulse_mixer_device *device_by_index(bool source, uint32_t index, UINT *position)
{
    for (UINT i = 0; i < device_count; i++) {
        if (devices[i].source == source && devices[i].present && devices[i].index == index) {
            *position = i;
            return &devices[i];
        }
    }
    return NULL;
}

/* A device's state as the server reports it: notify what changed, remember it. A device that
 * comes back (same name) is attached to its new index and its lines change. */
static void device_reported(bool source, uint32_t index, const char *name, const pa_cvolume *volume, int mute)
{
    UINT position;
    pacm_pulse_mixer_device *device = device_by_index(source, index, &position);
    if (!device) {
        for (UINT i = 0; i < device_count && !device; i++) {
            if (devices[i].source == source && !devices[i].present && strcmp(devices[i].name, name) == 0) {
                device = &devices[i];
                position = i;
            }
        }
        if (!device)
            return;
        device->present = true;
        device->index = index;
        device->volume = *volume;
        device->mute = mute != 0;
        pacm_pulse_mixer_notify_locked(position, MM_MIXM_LINE_CHANGE, PACM_PULSE_MIXER_DESTINATION_LINE);
        return;
    }
    bool volume_changed = !pa_cvolume_equal(&device->volume, volume);
    bool mute_changed = device->mute != (mute != 0);
    device->volume = *volume;
    device->mute = mute != 0;
    if (volume_changed)
        pacm_pulse_mixer_notify_locked(position, MM_MIXM_CONTROL_CHANGE, PACM_PULSE_MIXER_VOLUME);
    if (mute_changed)
        pacm_pulse_mixer_notify_locked(position, MM_MIXM_CONTROL_CHANGE, PACM_PULSE_MIXER_MUTE);
}

static void sink_changed(pa_context *c, const pa_sink_info *info, int eol, void *userdata)
{
    (void)c;
    (void)userdata;
    if (!eol && info)
        device_reported(false, info->index, info->name, &info->volume, info->mute);
}

static void source_changed(pa_context *c, const pa_source_info *info, int eol, void *userdata)
{
    (void)c;
    (void)userdata;
    if (!eol && info)
        device_reported(true, info->index, info->name, &info->volume, info->mute);
}

static void server_event(pa_context *c, pa_subscription_event_type_t type, uint32_t index, void *userdata)
{
    (void)userdata;
    unsigned facility = type & PA_SUBSCRIPTION_EVENT_FACILITY_MASK;
    unsigned kind = type & PA_SUBSCRIPTION_EVENT_TYPE_MASK;
    if (facility != PA_SUBSCRIPTION_EVENT_SINK && facility != PA_SUBSCRIPTION_EVENT_SOURCE)
        return;
    bool source = facility == PA_SUBSCRIPTION_EVENT_SOURCE;
    if (kind == PA_SUBSCRIPTION_EVENT_REMOVE) {
        UINT position;
        pacm_pulse_mixer_device *device = device_by_index(source, index, &position);
        if (device) {
            device->present = false;
            pacm_pulse_mixer_notify_locked(position, MM_MIXM_LINE_CHANGE, PACM_PULSE_MIXER_DESTINATION_LINE);
        }
        return;
    }
    pa_operation *op = source ? pa_context_get_source_info_by_index(c, index, source_changed, NULL)
                              : pa_context_get_sink_info_by_index(c, index, sink_changed, NULL);
    if (op)
        pa_operation_unref(op);
}

static void subscribed(pa_context *c, int success, void *userdata)
{
    (void)c;
    (void)success;
    (void)userdata;
    pa_threaded_mainloop_signal(loop, 0);
}

/* ---- connection ------------------------------------------------------------------------------ */
/* Waits for the context to be ready (or to fail, or the deadline). */
static bool wait_ready(void)
{
    bool expired;
    pa_time_event *deadline = arm_deadline(&expired);
    pa_context_state_t state;
    while ((state = pa_context_get_state(context)) != PA_CONTEXT_READY && PA_CONTEXT_IS_GOOD(state) && !expired)
        pa_threaded_mainloop_wait(loop);
    disarm_deadline(deadline);
    return state == PA_CONTEXT_READY;
}

static bool connect_locked(void)
{
    context = pa_context_new(pa_threaded_mainloop_get_api(loop), "portacm mixer");
    if (!context)
        return false;
    pa_context_set_state_callback(context, context_state_changed, NULL);
    if (pa_context_connect(context, NULL, PA_CONTEXT_NOAUTOSPAWN, NULL) < 0 || !wait_ready()) {
        pacm_log_debug("pulseaudio mixer: no server (%s)", pa_strerror(pa_context_errno(context)));
        pa_context_disconnect(context);
        pa_context_unref(context);
        context = NULL;
        return false;
    }
    pa_context_set_subscribe_callback(context, server_event, NULL);
    wait_operation(
        pa_context_subscribe(context, PA_SUBSCRIPTION_MASK_SINK | PA_SUBSCRIPTION_MASK_SOURCE, subscribed, NULL));
    build_device_list();
    return true;
}

UINT pacm_pulse_mixer_start(void)
{
    pthread_mutex_lock(&start_lock);
    if (!loop) {
        loop = pa_threaded_mainloop_new();
        if (loop && pa_threaded_mainloop_start(loop) < 0) {
            pa_threaded_mainloop_free(loop);
            loop = NULL;
        }
        if (loop) {
            pa_threaded_mainloop_lock(loop);
            (void)connect_locked();
            pa_threaded_mainloop_unlock(loop);
        }
    }
    UINT count = device_count;
    pthread_mutex_unlock(&start_lock);
    return count;
}

void pacm_pulse_mixer_stop(void)
{
    pthread_mutex_lock(&start_lock);
    if (!loop) {
        pthread_mutex_unlock(&start_lock);
        return;
    }
    pa_threaded_mainloop_lock(loop);
    if (context) {
        pa_context_set_state_callback(context, NULL, NULL);
        pa_context_set_subscribe_callback(context, NULL, NULL);
        pa_context_disconnect(context);
        pa_context_unref(context);
        context = NULL;
    }
    pa_threaded_mainloop_unlock(loop);
    pa_threaded_mainloop_stop(loop);
    pa_threaded_mainloop_free(loop);
    loop = NULL;
    while (opens) {
        pacm_pulse_mixer_open *next = opens->next;
        pacm_mem_free(opens);
        opens = next;
    }
    pacm_mem_free(devices);
    devices = NULL;
    device_count = 0;
    pacm_mem_free(default_sink);
    pacm_mem_free(default_source);
    default_sink = default_source = NULL;
    pthread_mutex_unlock(&start_lock);
}

/* ---- what the message functions use ------------------------------------------------------------ */
pacm_pulse_mixer_device *pacm_pulse_mixer_lock(UINT device)
{
    if (!loop || device >= device_count || pa_threaded_mainloop_in_thread(loop))
        return NULL;
    pa_threaded_mainloop_lock(loop);
    return &devices[device];
}

void pacm_pulse_mixer_unlock(void)
{
    pa_threaded_mainloop_unlock(loop);
}

UINT pacm_pulse_mixer_device_count(void)
{
    return device_count;
}

UINT pacm_pulse_mixer_first_source(void)
{
    UINT first = 0;
    while (first < device_count && !devices[first].source)
        first++;
    return first;
}

void pacm_pulse_mixer_add_open(pacm_pulse_mixer_open *open)
{
    open->next = opens;
    opens = open;
}

void pacm_pulse_mixer_remove_open(pacm_pulse_mixer_open *open)
{
    for (pacm_pulse_mixer_open **link = &opens; *link; link = &(*link)->next) {
        if (*link == open) {
            *link = open->next;
            return;
        }
    }
}

bool pacm_pulse_mixer_is_open(const pacm_pulse_mixer_open *open)
{
    for (const pacm_pulse_mixer_open *item = opens; item; item = item->next) {
        if (item == open)
            return true;
    }
    return false;
}

static void read_volume(pa_context *c, const pa_cvolume *volume, int mute, int eol, pacm_pulse_mixer_device *device)
{
    (void)c;
    if (!eol) {
        device->live_volume = *volume;
        device->live_mute = mute != 0;
        device->live_valid = true;
    }
    pa_threaded_mainloop_signal(loop, 0);
}

static void sink_read(pa_context *c, const pa_sink_info *info, int eol, void *userdata)
{
    read_volume(c, info ? &info->volume : NULL, info ? info->mute : 0, eol || !info, userdata);
}

static void source_read(pa_context *c, const pa_source_info *info, int eol, void *userdata)
{
    read_volume(c, info ? &info->volume : NULL, info ? info->mute : 0, eol || !info, userdata);
}

bool pacm_pulse_mixer_read_locked(pacm_pulse_mixer_device *device)
{
    if (!context_ready() || !device->present)
        return false;
    device->live_valid = false;
    pa_operation *op = device->source
                           ? pa_context_get_source_info_by_index(context, device->index, source_read, device)
                           : pa_context_get_sink_info_by_index(context, device->index, sink_read, device);
    return wait_operation(op) && device->live_valid;
}

static void write_done(pa_context *c, int success, void *userdata)
{
    (void)c;
    *(int *)userdata = success;
    pa_threaded_mainloop_signal(loop, 0);
}

bool pacm_pulse_mixer_write_volume_locked(pacm_pulse_mixer_device *device, const pa_cvolume *volume)
{
    if (!context_ready() || !device->present)
        return false;
    int success = 0;
    pa_operation *op = device->source
                           ? pa_context_set_source_volume_by_index(context, device->index, volume, write_done, &success)
                           : pa_context_set_sink_volume_by_index(context, device->index, volume, write_done, &success);
    return wait_operation(op) && success;
}

bool pacm_pulse_mixer_write_mute_locked(pacm_pulse_mixer_device *device, bool mute)
{
    if (!context_ready() || !device->present)
        return false;
    int success = 0;
    pa_operation *op = device->source
                           ? pa_context_set_source_mute_by_index(context, device->index, mute, write_done, &success)
                           : pa_context_set_sink_mute_by_index(context, device->index, mute, write_done, &success);
    return wait_operation(op) && success;
}
