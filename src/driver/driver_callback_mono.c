/*
 * driver_callback_mono.c - DCB_EVENT for an event that belongs to the Mono runtime.
 *
 * A .NET program (NAudio's WaveOutEvent/WaveInEvent) passes CALLBACK_EVENT the handle of a
 * managed EventWaitHandle: on Mono that is one of the runtime's own handles, not a portacm
 * event. When DriverCallback meets an event handle that is not ours and the process is a Mono
 * process (the runtime's embedding API is in the global symbol table), the event is set through
 * the runtime: the internal call behind EventWaitHandle.Set,
 * System.Threading.NativeEventCalls.SetEvent_internal(IntPtr), invoked with
 * mono_runtime_invoke. A thread the runtime does not know (a driver's audio thread) is attached
 * for the call and detached after it. A closed Mono event makes the runtime answer false (NAudio
 * closes its event before waveOutClose), which DriverCallback passes on as FALSE.
 *
 * Nothing here runs outside Mono: with no runtime in the process, pacm_drv_mono_set_event
 * returns false at once. On .NET (CoreCLR) a wait handle cannot be set from native code through
 * any public interface; docs/dotnet.md says what NAudio does then.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <unistd.h>

#include "driver_int.h"

/* The few embedding-API functions used, with the runtime's own types reduced to void *. */
typedef struct mono_api {
    void *(*get_root_domain)(void);
    void *(*domain_get)(void);
    void *(*thread_attach)(void *domain);
    void (*thread_detach)(void *thread);
    void *(*get_corlib)(void);
    void *(*class_from_name)(void *image, const char *name_space, const char *name);
    void *(*class_get_method_from_name)(void *klass, const char *name, int param_count);
    void *(*runtime_invoke)(void *method, void *obj, void **params, void **exc);
    void *(*object_unbox)(void *obj);
    void *set_event; /* the MonoMethod of NativeEventCalls.SetEvent_internal */
} mono_api;

static mono_api mono;
static bool mono_present;
static pthread_once_t mono_once = PTHREAD_ONCE_INIT;

static void *mono_symbol(const char *name, bool *ok)
{
    void *symbol = dlsym(RTLD_DEFAULT, name);
    if (!symbol)
        *ok = false;
    return symbol;
}

static void mono_resolve(void)
{
    bool ok = true;
    *(void **)&mono.get_root_domain = mono_symbol("mono_get_root_domain", &ok);
    *(void **)&mono.domain_get = mono_symbol("mono_domain_get", &ok);
    *(void **)&mono.thread_attach = mono_symbol("mono_thread_attach", &ok);
    *(void **)&mono.thread_detach = mono_symbol("mono_thread_detach", &ok);
    *(void **)&mono.get_corlib = mono_symbol("mono_get_corlib", &ok);
    *(void **)&mono.class_from_name = mono_symbol("mono_class_from_name", &ok);
    *(void **)&mono.class_get_method_from_name = mono_symbol("mono_class_get_method_from_name", &ok);
    *(void **)&mono.runtime_invoke = mono_symbol("mono_runtime_invoke", &ok);
    *(void **)&mono.object_unbox = mono_symbol("mono_object_unbox", &ok);
    if (!ok || !mono.get_root_domain())
        return;
    void *corlib = mono.get_corlib();
    void *klass = corlib ? mono.class_from_name(corlib, "System.Threading", "NativeEventCalls") : NULL;
    mono.set_event = klass ? mono.class_get_method_from_name(klass, "SetEvent_internal", 1) : NULL;
    mono_present = mono.set_event != NULL;
    pacm_log_debug("DriverCallback: Mono runtime %s", mono_present ? "found: managed events are set through it"
                                                                      : "not usable");
}

/* A Mono handle is the address of the runtime's handle record: refuse anything that is not
 * readable memory before the runtime dereferences it (a forged value gives false, not a
 * crash). write() to a pipe reports EFAULT for an unreadable source without touching it. */
static bool readable(const void *address, size_t size)
{
    int fds[2];
    if (pipe(fds) != 0)
        return false;
    bool ok = write(fds[1], address, size) == (ssize_t)size;
    close(fds[0]);
    close(fds[1]);
    return ok;
}

bool pacm_drv_mono_set_event(void *handle)
{
    pthread_once(&mono_once, mono_resolve);
    if (!mono_present || !handle || !readable(handle, 64))
        return false;
    void *attached = NULL;
    if (!mono.domain_get())
        attached = mono.thread_attach(mono.get_root_domain());
    void *argument = handle;
    void *params[1] = {&argument};
    void *exception = NULL;
    void *result = mono.runtime_invoke(mono.set_event, NULL, params, &exception);
    bool set = !exception && result && *(unsigned char *)mono.object_unbox(result) != 0;
    if (attached)
        mono.thread_detach(attached);
    return set;
}
