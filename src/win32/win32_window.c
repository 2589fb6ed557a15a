/*
 * win32_window.c - window classes and message-only windows: the targets of
 * DriverCallback(DCB_WINDOW). Nothing is drawn; a window is a window procedure, a few
 * GetWindowLongPtr values and an owner thread whose queue receives its posted messages.
 *
 * HWNDs are checked handles (HANDLE_TYPE_WINDOW), so a destroyed or forged HWND gives FALSE and
 * ERROR_INVALID_WINDOW_HANDLE, never a crash. Class names are one case-insensitive namespace
 * for the A and W functions (ANSI text is taken as UTF-8).
 */
#include <string.h>
#include <unistd.h>

#include "win32_int.h"

typedef struct win32_class {
    struct win32_class *next;
    WCHAR *name;
    ATOM atom;
    HINSTANCE instance;
    WNDPROC proc;
    UINT style;
    int window_extra;
    bool unicode;   /* registered through a W function: WM_CREATE gets a CREATESTRUCTW */
    size_t windows; /* live windows of the class (class_lock) */
} win32_class;

struct win32_window {
    HWND hwnd;
    win32_thread *owner; /* holds a reference */
    win32_class *window_class;
    atomic_bool alive;   /* false once DestroyWindow has purged the queue */
    bool destroying;     /* owner thread only */
    bool unicode;
    atomic_uintptr_t proc;
    /* window_data_lock */
    LONG_PTR user_data;
    LONG_PTR id;
    HINSTANCE instance;
    HWND parent;
    LONG style;
    LONG ex_style;
    size_t extra_size;
    unsigned char extra[]; /* cbWndExtra bytes */
};

static pthread_mutex_t class_lock = PTHREAD_MUTEX_INITIALIZER;
static win32_class *classes;
static ATOM next_atom = 0xC000; /* Windows numbers registered classes from 0xC000 */
static pthread_mutex_t window_data_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- classes ---------------------------------------------------------------------------- */
/* A class by name or integer atom, preferring one registered with `instance`. Lock held. */
static win32_class *class_find(LPCWSTR name, HINSTANCE instance, bool exact_instance)
{
    win32_class *fallback = NULL;
    for (win32_class *cls = classes; cls; cls = cls->next) {
        bool same = IS_INTRESOURCE(name) ? cls->atom == (ATOM)(ULONG_PTR)name
                                         : pacm_utf16_compare_ignore_case(cls->name, name) == 0;
        if (!same)
            continue;
        if (cls->instance == instance)
            return cls;
        if (!fallback)
            fallback = cls;
    }
    return exact_instance ? NULL : fallback;
}

typedef struct class_info {
    UINT style;
    WNDPROC proc;
    int window_extra;
    HINSTANCE instance;
    LPCWSTR name;
    bool unicode;
} class_info;

static ATOM class_register(const class_info *info)
{
    if (!info->name || IS_INTRESOURCE(info->name) || !*info->name || info->window_extra < 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    size_t bytes = (pacm_utf16_length(info->name) + 1) * sizeof(WCHAR);
    win32_class *cls = pacm_mem_calloc(1, sizeof *cls);
    WCHAR *name = pacm_mem_alloc(bytes);
    if (!cls || !name) {
        pacm_mem_free(cls);
        pacm_mem_free(name);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    memcpy(name, info->name, bytes);
    *cls = (win32_class){.name = name,
                         .instance = info->instance,
                         .proc = info->proc,
                         .style = info->style,
                         .window_extra = info->window_extra,
                         .unicode = info->unicode};
    pthread_mutex_lock(&class_lock);
    DWORD error = ERROR_SUCCESS;
    if (class_find(info->name, info->instance, true))
        error = ERROR_CLASS_ALREADY_EXISTS;
    else if (next_atom == 0)
        error = ERROR_NOT_ENOUGH_MEMORY; /* every atom used */
    if (error == ERROR_SUCCESS) {
        cls->atom = next_atom++;
        cls->next = classes;
        classes = cls;
    }
    pthread_mutex_unlock(&class_lock);
    if (error != ERROR_SUCCESS) {
        pacm_mem_free(name);
        pacm_mem_free(cls);
        SetLastError(error);
        return 0;
    }
    return cls->atom;
}

static ATOM class_register_wide(UINT style, WNDPROC proc, int window_extra, HINSTANCE instance, LPCWSTR name)
{
    pacm_thread_queue_current();
    class_info info = {style, proc, window_extra, instance, name, true};
    return class_register(&info);
}

ATOM WINAPI RegisterClassExW(const WNDCLASSEXW *lpWndClass)
{
    if (!lpWndClass || lpWndClass->cbSize != sizeof *lpWndClass) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return class_register_wide(lpWndClass->style, lpWndClass->lpfnWndProc, lpWndClass->cbWndExtra,
                               lpWndClass->hInstance, lpWndClass->lpszClassName);
}

ATOM WINAPI RegisterClassW(const WNDCLASSW *lpWndClass)
{
    if (!lpWndClass) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return class_register_wide(lpWndClass->style, lpWndClass->lpfnWndProc, lpWndClass->cbWndExtra,
                               lpWndClass->hInstance, lpWndClass->lpszClassName);
}

/* An ANSI class or window name as UTF-16 (integer atoms pass through). `*owned` receives what
 * to free. False when out of memory. */
static bool name_to_utf16(LPCSTR name, LPCWSTR *wide, WCHAR **owned)
{
    *owned = NULL;
    if (!name || IS_INTRESOURCE(name)) {
        *wide = (LPCWSTR)name;
        return true;
    }
    *owned = pacm_utf8_to_utf16(name);
    *wide = *owned;
    return *owned != NULL;
}

static bool name_to_utf8(LPCWSTR name, LPCSTR *narrow, char **owned)
{
    *owned = NULL;
    if (!name || IS_INTRESOURCE(name)) {
        *narrow = (LPCSTR)name;
        return true;
    }
    *owned = pacm_utf16_to_utf8(name);
    *narrow = *owned;
    return *owned != NULL;
}

static ATOM class_register_ansi(UINT style, WNDPROC proc, int window_extra, HINSTANCE instance, LPCSTR name)
{
    if (!name || IS_INTRESOURCE(name)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    LPCWSTR wide;
    WCHAR *owned;
    if (!name_to_utf16(name, &wide, &owned)) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    pacm_thread_queue_current();
    class_info info = {style, proc, window_extra, instance, wide, false};
    ATOM atom = class_register(&info);
    pacm_mem_free(owned);
    return atom;
}

ATOM WINAPI RegisterClassExA(const WNDCLASSEXA *lpWndClass)
{
    if (!lpWndClass || lpWndClass->cbSize != sizeof *lpWndClass) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return class_register_ansi(lpWndClass->style, lpWndClass->lpfnWndProc, lpWndClass->cbWndExtra,
                               lpWndClass->hInstance, lpWndClass->lpszClassName);
}

ATOM WINAPI RegisterClassA(const WNDCLASSA *lpWndClass)
{
    if (!lpWndClass) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return class_register_ansi(lpWndClass->style, lpWndClass->lpfnWndProc, lpWndClass->cbWndExtra,
                               lpWndClass->hInstance, lpWndClass->lpszClassName);
}

BOOL WINAPI UnregisterClassW(LPCWSTR lpClassName, HINSTANCE hInstance)
{
    if (!lpClassName) {
        SetLastError(ERROR_CLASS_DOES_NOT_EXIST);
        return FALSE;
    }
    pthread_mutex_lock(&class_lock);
    win32_class *cls = class_find(lpClassName, hInstance, true);
    DWORD error = !cls ? ERROR_CLASS_DOES_NOT_EXIST : cls->windows ? ERROR_CLASS_HAS_WINDOWS : ERROR_SUCCESS;
    if (error == ERROR_SUCCESS) {
        win32_class **link = &classes;
        while (*link != cls)
            link = &(*link)->next;
        *link = cls->next;
    }
    pthread_mutex_unlock(&class_lock);
    if (error != ERROR_SUCCESS) {
        SetLastError(error);
        return FALSE;
    }
    pacm_mem_free(cls->name);
    pacm_mem_free(cls);
    return TRUE;
}

BOOL WINAPI UnregisterClassA(LPCSTR lpClassName, HINSTANCE hInstance)
{
    LPCWSTR wide;
    WCHAR *owned;
    if (!name_to_utf16(lpClassName, &wide, &owned)) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    BOOL ok = UnregisterClassW(wide, hInstance);
    pacm_mem_free(owned);
    return ok;
}

/* ---- window objects --------------------------------------------------------------------- */
win32_window *pacm_window_acquire(HWND hwnd)
{
    return pacm_handle_acquire((uintptr_t)hwnd, HANDLE_TYPE_WINDOW);
}

void pacm_window_release(HWND hwnd)
{
    pacm_handle_release((uintptr_t)hwnd);
}

win32_thread *pacm_window_owner(win32_window *window)
{
    return window->owner;
}

const atomic_bool *pacm_window_alive_flag(win32_window *window)
{
    return &window->alive;
}

/* The handle destructor: runs when the handle is closed and nobody is inside a call on it. */
static void window_free(void *object)
{
    win32_window *window = object;
    pacm_thread_unref(window->owner);
    pacm_mem_free(window);
}

LRESULT pacm_window_call_proc(HWND hwnd, UINT message, WPARAM wParam, LPARAM lParam)
{
    win32_window *window = pacm_window_acquire(hwnd);
    if (!window) {
        SetLastError(ERROR_INVALID_WINDOW_HANDLE);
        return 0;
    }
    WNDPROC proc = (WNDPROC)atomic_load(&window->proc);
    LRESULT result = proc ? proc(hwnd, message, wParam, lParam) : 0;
    pacm_window_release(hwnd);
    return result;
}

static void owned_list_remove(win32_thread *self, HWND hwnd)
{
    for (size_t i = 0; i < self->window_count; i++) {
        if (self->windows[i] == hwnd) {
            self->windows[i] = self->windows[--self->window_count];
            return;
        }
    }
}

/* Destroys a window on its owner thread: WM_DESTROY (unless creation failed before WM_CREATE),
 * WM_NCDESTROY, then the window dies, its queued messages with it, and the handle closes. */
static void window_destroy(win32_thread *self, win32_window *window, bool send_destroy)
{
    HWND hwnd = window->hwnd;
    window->destroying = true;
    if (send_destroy)
        pacm_window_call_proc(hwnd, WM_DESTROY, 0, 0);
    pacm_window_call_proc(hwnd, WM_NCDESTROY, 0, 0);
    pacm_queue_purge_window(self, hwnd, &window->alive);
    owned_list_remove(self, hwnd);
    pthread_mutex_lock(&class_lock);
    window->window_class->windows--;
    pthread_mutex_unlock(&class_lock);
    pacm_handle_close((uintptr_t)hwnd, HANDLE_TYPE_WINDOW);
}

void pacm_window_destroy_thread_windows(win32_thread *self)
{
    while (self->window_count) {
        size_t before = self->window_count;
        HWND hwnd = self->windows[before - 1];
        win32_window *window = pacm_window_acquire(hwnd);
        if (window) {
            if (!window->destroying)
                window_destroy(self, window, true);
            pacm_window_release(hwnd);
        }
        if (self->window_count == before && self->windows[before - 1] == hwnd)
            self->window_count--; /* make progress whatever the procedure did */
    }
}

/* The body of CreateWindowEx. Both spellings of each name are given (one may be converted
 * from the other); the class decides which CREATESTRUCT its procedure receives. */
typedef struct create_request {
    DWORD ex_style;
    LPCWSTR class_w;
    LPCSTR class_a;
    LPCWSTR name_w;
    LPCSTR name_a;
    DWORD style;
    int x, y, width, height;
    HWND parent;
    HMENU menu;
    HINSTANCE instance;
    LPVOID param;
} create_request;

/* Makes the window object of class `cls` for the calling thread, gives it a handle and lists
 * it among the thread's windows. On failure (out of memory) nothing is left behind, the
 * class's window count taken by the caller is given back and the last error is set. */
static win32_window *window_make(win32_thread *self, win32_class *cls, const create_request *request)
{
    size_t extra = (size_t)cls->window_extra;
    win32_window *window = pacm_mem_calloc(1, sizeof *window + extra);
    uintptr_t handle = 0;
    if (window) {
        window->owner = self;
        window->window_class = cls;
        window->unicode = cls->unicode;
        atomic_init(&window->alive, true);
        atomic_init(&window->proc, (uintptr_t)cls->proc);
        window->id = (LONG_PTR)request->menu;
        window->instance = request->instance;
        window->parent = request->parent;
        window->style = (LONG)request->style;
        window->ex_style = (LONG)request->ex_style;
        window->extra_size = extra;
        pacm_thread_ref(self);
        handle = pacm_handle_create(HANDLE_TYPE_WINDOW, window, window_free);
        if (!handle)
            window_free(window);
    }
    if (handle && self->window_count == self->window_capacity) {
        size_t capacity = self->window_capacity ? self->window_capacity * 2 : 8;
        HWND *bigger = pacm_mem_realloc(self->windows, capacity * sizeof *bigger);
        if (bigger) {
            self->windows = bigger;
            self->window_capacity = capacity;
        }
    }
    if (handle && self->window_count < self->window_capacity) {
        self->windows[self->window_count++] = (HWND)handle;
        window->hwnd = (HWND)handle;
        return window;
    }
    if (handle)
        pacm_handle_close(handle, HANDLE_TYPE_WINDOW);
    pthread_mutex_lock(&class_lock);
    cls->windows--;
    pthread_mutex_unlock(&class_lock);
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return NULL;
}

/* Sends WM_NCCREATE and WM_CREATE with a CREATESTRUCT in the class's character set. A window
 * that refuses (or whose names cannot be converted) is destroyed; returns whether it lives. */
static bool window_send_create(win32_thread *self, HWND hwnd, bool unicode, const create_request *request)
{
    WCHAR *owned_w[2] = {NULL, NULL};
    char *owned_a[2] = {NULL, NULL};
    CREATESTRUCTW cs_w = {request->param,  request->instance,      request->menu,  request->parent,
                          request->height, request->width,         request->y,     request->x,
                          (LONG)request->style, request->name_w, request->class_w, request->ex_style};
    CREATESTRUCTA cs_a = {request->param,  request->instance,      request->menu,  request->parent,
                          request->height, request->width,         request->y,     request->x,
                          (LONG)request->style, request->name_a, request->class_a, request->ex_style};
    bool converted = true;
    if (unicode) {
        if (!cs_w.lpszName && request->name_a)
            converted &= name_to_utf16(request->name_a, &cs_w.lpszName, &owned_w[0]);
    } else {
        if (!cs_a.lpszName && request->name_w)
            converted &= name_to_utf8(request->name_w, &cs_a.lpszName, &owned_a[0]);
        if (!cs_a.lpszClass)
            converted &= name_to_utf8(request->class_w, &cs_a.lpszClass, &owned_a[1]);
    }
    LPARAM create_struct = unicode ? (LPARAM)&cs_w : (LPARAM)&cs_a;
    bool created = converted && pacm_window_call_proc(hwnd, WM_NCCREATE, 0, create_struct) != 0;
    bool destroy_sent = false;
    if (created && pacm_window_call_proc(hwnd, WM_CREATE, 0, create_struct) == -1) {
        created = false;
        destroy_sent = true;
    }
    pacm_mem_free(owned_w[0]);
    pacm_mem_free(owned_a[0]);
    pacm_mem_free(owned_a[1]);
    if (!created) {
        win32_window *again = pacm_window_acquire(hwnd);
        if (again) {
            if (!again->destroying)
                window_destroy(self, again, destroy_sent);
            pacm_window_release(hwnd);
        }
        if (!converted)
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    }
    return created;
}

static HWND window_create(const create_request *request)
{
    win32_thread *self = pacm_thread_queue_current();
    if (!self)
        return NULL;
    if (!request->class_w) {
        SetLastError(ERROR_CANNOT_FIND_WND_CLASS);
        return NULL;
    }
    pthread_mutex_lock(&class_lock);
    win32_class *cls = class_find(request->class_w, request->instance, false);
    if (cls)
        cls->windows++;
    pthread_mutex_unlock(&class_lock);
    if (!cls) {
        SetLastError(ERROR_CANNOT_FIND_WND_CLASS);
        return NULL;
    }
    win32_window *window = window_make(self, cls, request);
    if (!window)
        return NULL;
    HWND hwnd = window->hwnd;
    return window_send_create(self, hwnd, cls->unicode, request) ? hwnd : NULL;
}

HWND WINAPI CreateWindowExW(DWORD dwExStyle, LPCWSTR lpClassName, LPCWSTR lpWindowName, DWORD dwStyle, int X, int Y,
                            int nWidth, int nHeight, HWND hWndParent, HMENU hMenu, HINSTANCE hInstance,
                            LPVOID lpParam)
{
    create_request request = {dwExStyle, lpClassName, NULL,       lpWindowName, NULL,  dwStyle, X,
                              Y,         nWidth,      nHeight,    hWndParent,   hMenu, hInstance, lpParam};
    return window_create(&request);
}

HWND WINAPI CreateWindowExA(DWORD dwExStyle, LPCSTR lpClassName, LPCSTR lpWindowName, DWORD dwStyle, int X, int Y,
                            int nWidth, int nHeight, HWND hWndParent, HMENU hMenu, HINSTANCE hInstance,
                            LPVOID lpParam)
{
    LPCWSTR class_w, name_w;
    WCHAR *owned_class, *owned_name = NULL;
    if (!name_to_utf16(lpClassName, &class_w, &owned_class) || !name_to_utf16(lpWindowName, &name_w, &owned_name)) {
        pacm_mem_free(owned_class);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    create_request request = {dwExStyle, class_w, lpClassName, name_w, lpWindowName, dwStyle,   X,
                              Y,         nWidth,  nHeight,     hWndParent, hMenu,    hInstance, lpParam};
    HWND hwnd = window_create(&request);
    pacm_mem_free(owned_class);
    pacm_mem_free(owned_name);
    return hwnd;
}

BOOL WINAPI DestroyWindow(HWND hWnd)
{
    win32_window *window = pacm_window_acquire(hWnd);
    if (!window) {
        SetLastError(ERROR_INVALID_WINDOW_HANDLE);
        return FALSE;
    }
    win32_thread *self = pacm_thread_current();
    if (window->owner != self) {
        pacm_window_release(hWnd);
        SetLastError(ERROR_ACCESS_DENIED); /* only the creating thread may destroy a window */
        return FALSE;
    }
    if (!window->destroying)
        window_destroy(self, window, true);
    pacm_window_release(hWnd);
    return TRUE;
}

BOOL WINAPI IsWindow(HWND hWnd)
{
    if (!pacm_window_acquire(hWnd))
        return FALSE;
    pacm_window_release(hWnd);
    return TRUE;
}

DWORD WINAPI GetWindowThreadProcessId(HWND hWnd, LPDWORD lpdwProcessId)
{
    win32_window *window = pacm_window_acquire(hWnd);
    if (!window) {
        SetLastError(ERROR_INVALID_WINDOW_HANDLE);
        return 0;
    }
    if (lpdwProcessId)
        *lpdwProcessId = GetCurrentProcessId();
    DWORD thread_id = window->owner->thread_id;
    pacm_window_release(hWnd);
    return thread_id;
}

/* Reads (and with `set`, replaces) one window value; returns the previous value. */
static LONG_PTR window_long(HWND hwnd, int index, bool set, LONG_PTR value)
{
    win32_window *window = pacm_window_acquire(hwnd);
    if (!window) {
        SetLastError(ERROR_INVALID_WINDOW_HANDLE);
        return 0;
    }
    LONG_PTR previous = 0;
    bool valid = true;
    pthread_mutex_lock(&window_data_lock);
    switch (index) {
    case GWLP_WNDPROC:
        previous = (LONG_PTR)(set ? atomic_exchange(&window->proc, (uintptr_t)value) : atomic_load(&window->proc));
        break;
    case GWLP_HINSTANCE:
        previous = (LONG_PTR)window->instance;
        if (set)
            window->instance = (HINSTANCE)value;
        break;
    case GWLP_HWNDPARENT:
        previous = (LONG_PTR)window->parent;
        if (set)
            window->parent = (HWND)value;
        break;
    case GWLP_USERDATA:
        previous = window->user_data;
        if (set)
            window->user_data = value;
        break;
    case GWLP_ID:
        previous = window->id;
        if (set)
            window->id = value;
        break;
    case GWL_STYLE:
        previous = window->style;
        if (set)
            window->style = (LONG)value;
        break;
    case GWL_EXSTYLE:
        previous = window->ex_style;
        if (set)
            window->ex_style = (LONG)value;
        break;
    default:
        /* Non-negative indices address the class's cbWndExtra bytes. */
        valid = index >= 0 && (size_t)index + sizeof(LONG_PTR) <= window->extra_size;
        if (valid) {
            memcpy(&previous, window->extra + index, sizeof previous);
            if (set)
                memcpy(window->extra + index, &value, sizeof value);
        }
        break;
    }
    pthread_mutex_unlock(&window_data_lock);
    pacm_window_release(hwnd);
    if (!valid)
        SetLastError(ERROR_INVALID_INDEX);
    return previous;
}

LONG_PTR WINAPI GetWindowLongPtrW(HWND hWnd, int nIndex)
{
    return window_long(hWnd, nIndex, false, 0);
}

LONG_PTR WINAPI GetWindowLongPtrA(HWND hWnd, int nIndex)
{
    return window_long(hWnd, nIndex, false, 0);
}

LONG_PTR WINAPI SetWindowLongPtrW(HWND hWnd, int nIndex, LONG_PTR dwNewLong)
{
    return window_long(hWnd, nIndex, true, dwNewLong);
}

LONG_PTR WINAPI SetWindowLongPtrA(HWND hWnd, int nIndex, LONG_PTR dwNewLong)
{
    return window_long(hWnd, nIndex, true, dwNewLong);
}

/* The default procedure of a message-only window: WM_NCCREATE agrees to the creation,
 * WM_CLOSE destroys the window, everything else answers 0. */
LRESULT WINAPI DefWindowProcW(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam)
{
    (void)wParam;
    (void)lParam;
    switch (Msg) {
    case WM_NCCREATE:
        return TRUE;
    case WM_CLOSE:
        DestroyWindow(hWnd);
        return 0;
    default:
        return 0;
    }
}

LRESULT WINAPI DefWindowProcA(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam)
{
    return DefWindowProcW(hWnd, Msg, wParam, lParam);
}
