/*
 * winuser.h - the user32 subset that DriverCallback targets: message-only windows, per-thread
 * message queues and the message loop. Nothing is ever drawn; every window behaves like a child
 * of HWND_MESSAGE whatever parent is given, and never receives broadcasts.
 *
 * Queues. As on Windows, a thread gets a message queue the first time it calls a USER function
 * that needs one: GetMessage, PeekMessage, MsgWaitForMultipleObjects, PostQuitMessage,
 * PostMessage(NULL, ...), SendMessage, CreateWindowEx, RegisterClass(Ex) or
 * portacm_thread_queue_fd. Until then PostThreadMessage to it fails with
 * ERROR_INVALID_THREAD_ID. (Windows also converts a thread that only posts to other threads;
 * here posting to a window or thread, and DriverCallback, leave the caller's queue alone, so a
 * driver's worker thread stays light.) A queue holds at most 10,000 posted messages (Windows'
 * default USERPostMessageLimit); the next post fails with ERROR_NOT_ENOUGH_QUOTA. When the thread
 * exits, its windows are destroyed (WM_DESTROY, WM_NCDESTROY), queued messages are dropped,
 * senders waiting on it get 0, and later posts to it fail.
 *
 * Retrieval order: messages sent by other threads run first (inside GetMessage/PeekMessage, and
 * while the thread itself waits in SendMessage); then posted messages, oldest first, that
 * match the filter; WM_QUIT (from PostQuitMessage) comes once no posted message is left and
 * ignores the filter. GetMessage returns FALSE for WM_QUIT and -1 (ERROR_INVALID_WINDOW_HANDLE)
 * for a window filter that is not a window; hWnd (HWND)-1 selects thread messages only.
 *
 * MsgWaitForMultipleObjects reports input that is new since the thread last called GetMessage
 * or PeekMessage (posted messages and WM_QUIT for QS_POSTMESSAGE/QS_ALLPOSTMESSAGE, sent ones
 * for QS_SENDMESSAGE; there is no keyboard, mouse, paint or timer input). Like Windows it does
 * not run sent messages itself: call PeekMessage when it returns WAIT_OBJECT_0 + nCount.
 *
 * Linux extension: portacm_thread_queue_fd() gives a file descriptor that is readable while the
 * calling thread's queue holds a posted message, a sent message or a pending WM_QUIT, for event
 * loops (poll, epoll, GLib, libuv) that do not block in GetMessage. See docs/callbacks.md.
 */
#ifndef PORTACM_WINUSER_H
#define PORTACM_WINUSER_H

#include "windef.h"
#include "winbase.h" /* MAKEINTRESOURCE for the IDC_ and IDI_ identifiers */

#include <stdarg.h> /* va_list for wvsprintf (a compiler header: no C library names) */

PORTACM_EXTERN_C_BEGIN

typedef LRESULT(CALLBACK *WNDPROC)(HWND, UINT, WPARAM, LPARAM);

typedef struct tagMSG {
    HWND hwnd;
    UINT message;
    WPARAM wParam;
    LPARAM lParam;
    DWORD time;
    POINT pt;
} MSG, *PMSG, *LPMSG;

typedef struct tagWNDCLASSA {
    UINT style;
    WNDPROC lpfnWndProc;
    int cbClsExtra;
    int cbWndExtra;
    HINSTANCE hInstance;
    HICON hIcon;
    HCURSOR hCursor;
    HBRUSH hbrBackground;
    LPCSTR lpszMenuName;
    LPCSTR lpszClassName;
} WNDCLASSA, *PWNDCLASSA, *LPWNDCLASSA;

typedef struct tagWNDCLASSW {
    UINT style;
    WNDPROC lpfnWndProc;
    int cbClsExtra;
    int cbWndExtra;
    HINSTANCE hInstance;
    HICON hIcon;
    HCURSOR hCursor;
    HBRUSH hbrBackground;
    LPCWSTR lpszMenuName;
    LPCWSTR lpszClassName;
} WNDCLASSW, *PWNDCLASSW, *LPWNDCLASSW;

typedef struct tagWNDCLASSEXA {
    UINT cbSize;
    UINT style;
    WNDPROC lpfnWndProc;
    int cbClsExtra;
    int cbWndExtra;
    HINSTANCE hInstance;
    HICON hIcon;
    HCURSOR hCursor;
    HBRUSH hbrBackground;
    LPCSTR lpszMenuName;
    LPCSTR lpszClassName;
    HICON hIconSm;
} WNDCLASSEXA, *PWNDCLASSEXA, *LPWNDCLASSEXA;

typedef struct tagWNDCLASSEXW {
    UINT cbSize;
    UINT style;
    WNDPROC lpfnWndProc;
    int cbClsExtra;
    int cbWndExtra;
    HINSTANCE hInstance;
    HICON hIcon;
    HCURSOR hCursor;
    HBRUSH hbrBackground;
    LPCWSTR lpszMenuName;
    LPCWSTR lpszClassName;
    HICON hIconSm;
} WNDCLASSEXW, *PWNDCLASSEXW, *LPWNDCLASSEXW;

#define HWND_MESSAGE ((HWND)(LONG_PTR)-3)
#define HWND_BROADCAST ((HWND)0xffff)

/* Window messages used by portacm and its callers. */
#define WM_NULL 0x0000
#define WM_CREATE 0x0001
#define WM_DESTROY 0x0002
#define WM_CLOSE 0x0010
#define WM_QUIT 0x0012
#define WM_NCCREATE 0x0081
#define WM_NCDESTROY 0x0082
#define WM_TIMER 0x0113
#define WM_USER 0x0400
#define WM_APP 0x8000

/* PeekMessage flags. */
#define PM_NOREMOVE 0x0000
#define PM_REMOVE 0x0001
#define PM_NOYIELD 0x0002

/* MsgWaitForMultipleObjects wake masks (any of them waits for any message). */
#define QS_KEY 0x0001
#define QS_MOUSEMOVE 0x0002
#define QS_MOUSEBUTTON 0x0004
#define QS_POSTMESSAGE 0x0008
#define QS_TIMER 0x0010
#define QS_PAINT 0x0020
#define QS_SENDMESSAGE 0x0040
#define QS_HOTKEY 0x0080
#define QS_ALLPOSTMESSAGE 0x0100
#define QS_RAWINPUT 0x0400
#define QS_TOUCH 0x0800
#define QS_POINTER 0x1000
#define QS_MOUSE (QS_MOUSEMOVE | QS_MOUSEBUTTON)
#define QS_INPUT (QS_MOUSE | QS_KEY | QS_RAWINPUT | QS_TOUCH | QS_POINTER)
#define QS_ALLEVENTS (QS_INPUT | QS_POSTMESSAGE | QS_TIMER | QS_PAINT | QS_HOTKEY)
#define QS_ALLINPUT (QS_INPUT | QS_POSTMESSAGE | QS_TIMER | QS_PAINT | QS_HOTKEY | QS_SENDMESSAGE)

/* GetWindowLongPtr indices. */
#define GWLP_WNDPROC (-4)
#define GWLP_HINSTANCE (-6)
#define GWLP_HWNDPARENT (-8)
#define GWLP_USERDATA (-21)
#define GWLP_ID (-12)
#define GWL_STYLE (-16)
#define GWL_EXSTYLE (-20)

#define CW_USEDEFAULT ((int)0x80000000)
#define WS_OVERLAPPED 0x00000000L
#define WS_POPUP 0x80000000L
#define WS_CHILD 0x40000000L
#define WS_VISIBLE 0x10000000L
#define WS_OVERLAPPEDWINDOW 0x00CF0000L

typedef struct tagCREATESTRUCTA {
    LPVOID lpCreateParams;
    HINSTANCE hInstance;
    HMENU hMenu;
    HWND hwndParent;
    int cy;
    int cx;
    int y;
    int x;
    LONG style;
    LPCSTR lpszName;
    LPCSTR lpszClass;
    DWORD dwExStyle;
} CREATESTRUCTA, *LPCREATESTRUCTA;

typedef struct tagCREATESTRUCTW {
    LPVOID lpCreateParams;
    HINSTANCE hInstance;
    HMENU hMenu;
    HWND hwndParent;
    int cy;
    int cx;
    int y;
    int x;
    LONG style;
    LPCWSTR lpszName;
    LPCWSTR lpszClass;
    DWORD dwExStyle;
} CREATESTRUCTW, *LPCREATESTRUCTW;

/* RegisterClassA - registers a window class for message-only windows.
 *   lpWndClass  [in]  lpszClassName a non-empty string (not an atom) and lpfnWndProc; hInstance
 *                     scopes the name; cbWndExtra >= 0 bytes of per-window data (zeroed). Icons,
 *                     cursors, brushes, menus and cbClsExtra are accepted and unused. Copied.
 * Returns the class atom, or 0 with ERROR_INVALID_PARAMETER (NULL structure, missing or atom name,
 * negative cbWndExtra), ERROR_CLASS_ALREADY_EXISTS (same name and hInstance, ASCII case ignored),
 * ERROR_NOT_ENOUGH_MEMORY. Creates the calling thread's message queue. Classes are process-wide.
 * RegisterClassW is the same with UTF-16 names; the class's windows then get W messages
 * (CREATESTRUCTW).
 */
PORTACM_API ATOM WINAPI RegisterClassA(const WNDCLASSA *lpWndClass);
PORTACM_API ATOM WINAPI RegisterClassW(const WNDCLASSW *lpWndClass);
/* RegisterClassExA - RegisterClassA with a WNDCLASSEXA: cbSize must be sizeof(WNDCLASSEXA), else 0
 * with ERROR_INVALID_PARAMETER; hIconSm is unused. Otherwise as RegisterClassA.
 * RegisterClassExW is the same with UTF-16 names (cbSize sizeof(WNDCLASSEXW)).
 */
PORTACM_API ATOM WINAPI RegisterClassExA(const WNDCLASSEXA *lpWndClass);
PORTACM_API ATOM WINAPI RegisterClassExW(const WNDCLASSEXW *lpWndClass);
/* UnregisterClassA - removes a class registered with the same name and hInstance.
 * Returns TRUE, or FALSE with ERROR_CLASS_DOES_NOT_EXIST (NULL or unknown name),
 * ERROR_CLASS_HAS_WINDOWS (a window of the class still exists), ERROR_NOT_ENOUGH_MEMORY.
 * UnregisterClassW is the same with a UTF-16 name.
 */
PORTACM_API BOOL WINAPI UnregisterClassA(LPCSTR lpClassName, HINSTANCE hInstance);
PORTACM_API BOOL WINAPI UnregisterClassW(LPCWSTR lpClassName, HINSTANCE hInstance);
/* CreateWindowExA - creates a message-only window owned by the calling thread.
 *   dwExStyle, dwStyle  [in]  stored (GWL_EXSTYLE, GWL_STYLE); nothing is drawn.
 *   lpClassName   [in]  a registered class name or its atom.
 *   lpWindowName  [in]  NULL or a name, passed in CREATESTRUCT.lpszName.
 *   X, Y, nWidth, nHeight, hMenu  [in]  stored in the CREATESTRUCT, otherwise unused.
 *   hWndParent    [in]  recorded (GWLP_HWNDPARENT); every window behaves like a child of HWND_MESSAGE.
 *   hInstance     [in]  selects the class together with the name.
 *   lpParam       [in]  CREATESTRUCT.lpCreateParams.
 * Sends WM_NCCREATE (FALSE fails the creation) and WM_CREATE (-1 fails it; the window is then
 * destroyed) with a CREATESTRUCT in the class's character set.
 * Returns the window, or NULL with ERROR_CANNOT_FIND_WND_CLASS, ERROR_NOT_ENOUGH_MEMORY, or whatever
 * the failing WM_NCCREATE/WM_CREATE left. Creates the calling thread's queue; the window is
 * destroyed when its thread exits.
 * CreateWindowExW is the same with UTF-16 names.
 */
PORTACM_API HWND WINAPI CreateWindowExA(DWORD dwExStyle, LPCSTR lpClassName, LPCSTR lpWindowName, DWORD dwStyle, int X,
                                        int Y, int nWidth, int nHeight, HWND hWndParent, HMENU hMenu,
                                        HINSTANCE hInstance, LPVOID lpParam);
PORTACM_API HWND WINAPI CreateWindowExW(DWORD dwExStyle, LPCWSTR lpClassName, LPCWSTR lpWindowName, DWORD dwStyle,
                                        int X, int Y, int nWidth, int nHeight, HWND hWndParent, HMENU hMenu,
                                        HINSTANCE hInstance, LPVOID lpParam);
#define CreateWindowA(c, n, s, x, y, w, h, p, m, i, a) CreateWindowExA(0, c, n, s, x, y, w, h, p, m, i, a)
#define CreateWindowW(c, n, s, x, y, w, h, p, m, i, a) CreateWindowExW(0, c, n, s, x, y, w, h, p, m, i, a)
/* DestroyWindow - destroys a window: WM_DESTROY then WM_NCDESTROY, then the handle is invalid.
 * Returns TRUE, or FALSE with ERROR_INVALID_WINDOW_HANDLE (not a window) or ERROR_ACCESS_DENIED
 * (called from a thread other than the creating one).
 */
PORTACM_API BOOL WINAPI DestroyWindow(HWND hWnd);
/* IsWindow - TRUE while hWnd is a live window, FALSE otherwise (no last error). Thread-safe.
 */
PORTACM_API BOOL WINAPI IsWindow(HWND hWnd);
/* DefWindowProcA - the default window procedure: WM_NCCREATE gives TRUE, WM_CLOSE destroys the
 * window and gives 0, every other message gives 0.
 * DefWindowProcW is the same.
 */
PORTACM_API LRESULT WINAPI DefWindowProcA(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam);
PORTACM_API LRESULT WINAPI DefWindowProcW(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam);
/* GetWindowThreadProcessId - the ID of the thread that created hWnd.
 *   lpdwProcessId  [out] NULL, or receives the process ID (on success only).
 * Returns the thread ID, or 0 with ERROR_INVALID_WINDOW_HANDLE.
 */
PORTACM_API DWORD WINAPI GetWindowThreadProcessId(HWND hWnd, LPDWORD lpdwProcessId);
/* GetWindowLongPtrA - reads a window value: GWLP_WNDPROC, GWLP_HINSTANCE, GWLP_HWNDPARENT,
 * GWLP_USERDATA, GWLP_ID, GWL_STYLE, GWL_EXSTYLE, or a byte offset into the cbWndExtra area (a
 * LONG_PTR must fit).
 * Returns the value, or 0 with ERROR_INVALID_WINDOW_HANDLE or ERROR_INVALID_INDEX.
 * GetWindowLongPtrW is the same.
 */
PORTACM_API LONG_PTR WINAPI GetWindowLongPtrA(HWND hWnd, int nIndex);
PORTACM_API LONG_PTR WINAPI GetWindowLongPtrW(HWND hWnd, int nIndex);
/* SetWindowLongPtrA - replaces a window value (the indices of GetWindowLongPtrA) and returns the
 * previous one; 0 with ERROR_INVALID_WINDOW_HANDLE or ERROR_INVALID_INDEX on failure. A new
 * GWLP_WNDPROC is used from the next message on.
 * SetWindowLongPtrW is the same.
 */
PORTACM_API LONG_PTR WINAPI SetWindowLongPtrA(HWND hWnd, int nIndex, LONG_PTR dwNewLong);
PORTACM_API LONG_PTR WINAPI SetWindowLongPtrW(HWND hWnd, int nIndex, LONG_PTR dwNewLong);

/* PostMessageA - queues a message for the thread that owns hWnd and returns at once.
 *   hWnd  [in]  a window; NULL posts a thread message to the calling thread (creating its queue);
 *               HWND_BROADCAST reaches no window (message-only windows never get broadcasts).
 *   Msg, wParam, lParam  [in]  delivered as given; pointers must stay valid until handled.
 * Returns TRUE (also for HWND_BROADCAST), or FALSE with ERROR_INVALID_WINDOW_HANDLE,
 * ERROR_NOT_ENOUGH_QUOTA (10,000 messages queued), ERROR_NOT_ENOUGH_MEMORY, or when the owner
 * thread has exited. Does not give the posting thread a queue. Thread-safe.
 * PostMessageW is the same.
 */
PORTACM_API BOOL WINAPI PostMessageA(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam);
PORTACM_API BOOL WINAPI PostMessageW(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam);
/* PostThreadMessageA - queues a message (hwnd NULL) for a thread.
 *   idThread  [in]  a GetCurrentThreadId value of a thread that has a message queue.
 * Returns TRUE, or FALSE with ERROR_INVALID_THREAD_ID (no such thread, no queue yet, or exited),
 * ERROR_NOT_ENOUGH_QUOTA (10,000 messages queued) or ERROR_NOT_ENOUGH_MEMORY. Thread-safe.
 * PostThreadMessageW is the same.
 */
PORTACM_API BOOL WINAPI PostThreadMessageA(DWORD idThread, UINT Msg, WPARAM wParam, LPARAM lParam);
PORTACM_API BOOL WINAPI PostThreadMessageW(DWORD idThread, UINT Msg, WPARAM wParam, LPARAM lParam);
/* SendMessageA - calls hWnd's window procedure and returns its result. On the owner thread the
 * procedure runs directly; from another thread the message is queued to the owner, which runs it
 * inside its GetMessage/PeekMessage/SendMessage, and the sender waits (running messages sent to
 * itself meanwhile).
 * Returns the procedure's result; 0 for HWND_BROADCAST; 0 with ERROR_INVALID_WINDOW_HANDLE for a
 * window that is not (or stops being) valid; 0 when the owner thread exits before answering.
 * SendMessageW is the same.
 * portacm differs from Windows: no SendMessageTimeout, no cross-process sends.
 */
PORTACM_API LRESULT WINAPI SendMessageA(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam);
PORTACM_API LRESULT WINAPI SendMessageW(HWND hWnd, UINT Msg, WPARAM wParam, LPARAM lParam);
/* GetMessageA - waits for the next message of the calling thread's queue and removes it.
 *   lpMsg          [out] receives the message (written on TRUE and FALSE).
 *   hWnd           [in]  NULL: any; a window: its messages only; (HWND)-1: thread messages only.
 *   wMsgFilterMin, wMsgFilterMax  [in]  0, 0 for all, else the inclusive range.
 * Runs messages sent by other threads first; then posted messages, oldest first, that match; then
 * WM_QUIT once no posted message is left (ignoring the filter).
 * Returns TRUE; FALSE for WM_QUIT; -1 with ERROR_INVALID_PARAMETER (lpMsg NULL),
 * ERROR_INVALID_WINDOW_HANDLE (hWnd is not a window) or ERROR_NOT_ENOUGH_MEMORY (no queue).
 * Creates the queue.
 * GetMessageW is the same.
 */
PORTACM_API BOOL WINAPI GetMessageA(LPMSG lpMsg, HWND hWnd, UINT wMsgFilterMin, UINT wMsgFilterMax);
PORTACM_API BOOL WINAPI GetMessageW(LPMSG lpMsg, HWND hWnd, UINT wMsgFilterMin, UINT wMsgFilterMax);
/* PeekMessageA - GetMessageA without waiting: runs pending sent messages, then looks for a posted
 * message or WM_QUIT with the same filter rules.
 *   wRemoveMsg  [in]  PM_REMOVE takes the message; PM_NOREMOVE leaves it; PM_NOYIELD ignored.
 * Returns TRUE with *lpMsg filled, or FALSE when nothing matched, with ERROR_INVALID_PARAMETER
 * (lpMsg NULL) or ERROR_INVALID_WINDOW_HANDLE (hWnd not a window). Creates the queue.
 * PeekMessageW is the same.
 * portacm differs from Windows: PM_QS_* filters are ignored.
 */
PORTACM_API BOOL WINAPI PeekMessageA(LPMSG lpMsg, HWND hWnd, UINT wMsgFilterMin, UINT wMsgFilterMax, UINT wRemoveMsg);
PORTACM_API BOOL WINAPI PeekMessageW(LPMSG lpMsg, HWND hWnd, UINT wMsgFilterMin, UINT wMsgFilterMax, UINT wRemoveMsg);
/* TranslateMessage - there is no keyboard: translates nothing and returns FALSE.
 */
PORTACM_API BOOL WINAPI TranslateMessage(const MSG *lpMsg);
/* DispatchMessageA - calls lpMsg->hwnd's window procedure with the message.
 * Returns its result; 0 for a thread message (hwnd NULL) or a window that no longer exists; 0 with
 * ERROR_INVALID_PARAMETER for lpMsg NULL.
 * DispatchMessageW is the same.
 */
PORTACM_API LRESULT WINAPI DispatchMessageA(const MSG *lpMsg);
PORTACM_API LRESULT WINAPI DispatchMessageW(const MSG *lpMsg);
/* PostQuitMessage - marks WM_QUIT (wParam = nExitCode) pending on the calling thread's queue; it is
 * retrieved after every posted message, whatever the filter, once. Creates the queue.
 */
PORTACM_API void WINAPI PostQuitMessage(int nExitCode);
/* MsgWaitForMultipleObjects - waits for events and for new input on the calling thread's queue.
 *   nCount          [in]  0 .. MAXIMUM_WAIT_OBJECTS - 1 (the queue takes one slot).
 *   pHandles        [in]  nCount event handles.
 *   fWaitAll        [in]  TRUE: every event and input together.
 *   dwMilliseconds  [in]  0 polls; INFINITE never times out.
 *   dwWakeMask      [in]  QS_* bits: QS_POSTMESSAGE/QS_ALLPOSTMESSAGE (posted messages, WM_QUIT),
 *                         QS_SENDMESSAGE (sent ones); 0 watches no input.
 * Returns WAIT_OBJECT_0 + i for a signalled event (objects before input, lowest index first);
 * WAIT_OBJECT_0 + nCount for input that is new since the last GetMessage/PeekMessage (it does not
 * run sent messages: call PeekMessage); WAIT_TIMEOUT; WAIT_FAILED with ERROR_INVALID_PARAMETER,
 * ERROR_INVALID_HANDLE or ERROR_NOT_ENOUGH_MEMORY. Creates the queue.
 * portacm differs from Windows: the wait-all form checks events and input one after the other;
 * there is no keyboard, mouse, paint or timer input.
 */
PORTACM_API DWORD WINAPI MsgWaitForMultipleObjects(DWORD nCount, const HANDLE *pHandles, BOOL fWaitAll,
                                                   DWORD dwMilliseconds, DWORD dwWakeMask);

/* portacm_thread_queue_fd(), the Linux extension described at the top of this file, is declared
 * in portacm.h (it needs no Windows type), which every header includes. */

#ifdef UNICODE
#define WNDCLASS WNDCLASSW
#define WNDCLASSEX WNDCLASSEXW
#define RegisterClass RegisterClassW
#define RegisterClassEx RegisterClassExW
#define UnregisterClass UnregisterClassW
#define CreateWindowEx CreateWindowExW
#define CreateWindow CreateWindowW
#define DefWindowProc DefWindowProcW
#define GetWindowLongPtr GetWindowLongPtrW
#define SetWindowLongPtr SetWindowLongPtrW
#define PostMessage PostMessageW
#define PostThreadMessage PostThreadMessageW
#define SendMessage SendMessageW
#define GetMessage GetMessageW
#define PeekMessage PeekMessageW
#define DispatchMessage DispatchMessageW
#else
#define WNDCLASS WNDCLASSA
#define WNDCLASSEX WNDCLASSEXA
#define RegisterClass RegisterClassA
#define RegisterClassEx RegisterClassExA
#define UnregisterClass UnregisterClassA
#define CreateWindowEx CreateWindowExA
#define CreateWindow CreateWindowA
#define DefWindowProc DefWindowProcA
#define GetWindowLongPtr GetWindowLongPtrA
#define SetWindowLongPtr SetWindowLongPtrA
#define PostMessage PostMessageA
#define PostThreadMessage PostThreadMessageA
#define SendMessage SendMessageA
#define GetMessage GetMessageA
#define PeekMessage PeekMessageA
#define DispatchMessage DispatchMessageA
#endif

/* ---- strings: wsprintf, CharUpper, CharLower, CharNext, CharPrev --------------------------
 * A strings are UTF-8, W strings UTF-16 (WCHAR), as everywhere in portacm. Thread-safe.
 */
/* wvsprintfA - formats into a buffer with Windows' own format language (not printf's).
 *   lpOutput [out] receives at most 1024 characters including the terminator (bytes for A,
 *                  16-bit units for W): longer output is cut to 1023, never in the middle of a
 *                  character, and terminated.
 *   lpFmt    [in]  text and specifications %[-][#][0][width][.precision]type, the types being
 *                  c  a character (int argument; char for A, WCHAR for W; 0 prints nothing)
 *                  C  a character of the other width (WCHAR for A, char for W)
 *                  hc, hC / lc, lC  a char / a WCHAR whatever the function
 *                  s  a string (LPCSTR for A, LPCWSTR for W; NULL prints "(null)")
 *                  S  a string of the other width; hs, hS / ls, lS, ws  LPCSTR / LPCWSTR
 *                  d, i  int; u  unsigned; x, X  unsigned in hexadecimal (lower/upper case)
 *                  the prefix l (LONG, 32 bits as on Windows), h (short), I32 (32 bits), I64
 *                  (64 bits), I (pointer-sized) before d, i, u, x, X
 *                  p  a pointer, as 16 upper-case hexadecimal digits
 *                  %% a percent sign; % before any other character prints that character.
 *                  '-' left-aligns, '0' pads numbers with zeros, '#' prefixes 0x/0X, width is a
 *                  minimum, precision the minimum digits of a number or the most characters
 *                  of a string (in output bytes or units, never cutting a character).
 *                  There is no floating point and no '*' width, as on Windows. Strings of the
 *                  other width are converted (UTF-8 <-> UTF-16, invalid sequences as U+FFFD).
 *   arglist  [in]  the arguments.
 * Returns the characters stored without the terminator (at most 1023); 0 with
 * ERROR_INVALID_PARAMETER when lpOutput or lpFmt is NULL (lpOutput, if not NULL, is then "").
 * wvsprintfW is the same with a UTF-16 format and output.
 * portacm differs from Windows: Windows does not check for NULL (it faults).
 */
PORTACM_API int WINAPI wvsprintfA(LPSTR lpOutput, LPCSTR lpFmt, va_list arglist);
PORTACM_API int WINAPI wvsprintfW(LPWSTR lpOutput, LPCWSTR lpFmt, va_list arglist);
/* wsprintfA - wvsprintfA with the arguments given directly. wsprintfW is the same for UTF-16. */
PORTACM_API int WINAPIV wsprintfA(LPSTR lpOutput, LPCSTR lpFmt, ...);
PORTACM_API int WINAPIV wsprintfW(LPWSTR lpOutput, LPCWSTR lpFmt, ...);

/* CharUpperA - converts to upper case in place, or converts one character.
 *   lpsz [in,out] a string; or, when the high bits of the pointer are 0 (IS_INTRESOURCE), a
 *                 single character in the low word: (LPSTR)(ULONG_PTR)(BYTE)c.
 * Returns lpsz for a string (NULL for NULL), or the converted character in the low word.
 * Case mapping is Unicode's simple mapping, the same for every locale (no Turkish i). A: UTF-8
 * text; a character whose other case has another UTF-8 length is left alone (the string keeps
 * its size), and a single character is a byte, so only ASCII letters change.
 * CharUpperW is the same for UTF-16 (a single character is a WCHAR).
 */
PORTACM_API LPSTR WINAPI CharUpperA(LPSTR lpsz);
PORTACM_API LPWSTR WINAPI CharUpperW(LPWSTR lpsz);
/* CharLowerA - CharUpperA to lower case. CharLowerW is the same for UTF-16. */
PORTACM_API LPSTR WINAPI CharLowerA(LPSTR lpsz);
PORTACM_API LPWSTR WINAPI CharLowerW(LPWSTR lpsz);
/* CharUpperBuffA - converts the first cchLength bytes (W: units) in place, terminators included.
 * Returns cchLength (0 for lpsz NULL). CharUpperBuffW, CharLowerBuffA/W likewise.
 */
PORTACM_API DWORD WINAPI CharUpperBuffA(LPSTR lpsz, DWORD cchLength);
PORTACM_API DWORD WINAPI CharUpperBuffW(LPWSTR lpsz, DWORD cchLength);
PORTACM_API DWORD WINAPI CharLowerBuffA(LPSTR lpsz, DWORD cchLength);
PORTACM_API DWORD WINAPI CharLowerBuffW(LPWSTR lpsz, DWORD cchLength);
/* CharNextA - the next character of a UTF-8 string (a whole sequence is one character; an
 * invalid byte is one). At the terminator, returns lpsz itself; NULL for NULL.
 * CharNextW steps over one unit, or a surrogate pair.
 */
PORTACM_API LPSTR WINAPI CharNextA(LPCSTR lpsz);
PORTACM_API LPWSTR WINAPI CharNextW(LPCWSTR lpsz);
/* CharPrevA - the character before lpszCurrent, never before lpszStart (lpszCurrent at or
 * before lpszStart gives lpszStart). NULL for NULL arguments. CharPrevW likewise for UTF-16.
 */
PORTACM_API LPSTR WINAPI CharPrevA(LPCSTR lpszStart, LPCSTR lpszCurrent);
PORTACM_API LPWSTR WINAPI CharPrevW(LPCWSTR lpszStart, LPCWSTR lpszCurrent);
#ifdef UNICODE
#define wvsprintf wvsprintfW
#define wsprintf wsprintfW
#define CharUpper CharUpperW
#define CharLower CharLowerW
#define CharUpperBuff CharUpperBuffW
#define CharLowerBuff CharLowerBuffW
#define CharNext CharNextW
#define CharPrev CharPrevW
#else
#define wvsprintf wvsprintfA
#define wsprintf wsprintfA
#define CharUpper CharUpperA
#define CharLower CharLowerA
#define CharUpperBuff CharUpperBuffA
#define CharLowerBuff CharLowerBuffA
#define CharNext CharNextA
#define CharPrev CharPrevA
#endif

/* ---- No window system: dialogs, message boxes, help, cursors and icons -------------------
 *
 * A driver's configuration code (DRV_CONFIGURE, ACMDM_DRIVER_ABOUT) and a client's error
 * reporting use these. They compile unchanged and refuse cleanly: no dialog is ever created and
 * no dialog procedure is ever called, a message box becomes a line on stderr, there is no help
 * system. The built-in codecs answer DRV_QUERYCONFIGURE with 0 and DRV_CONFIGURE with
 * DRVCNF_CANCEL (no dialog). See docs/porting.md, "No window system".
 */

typedef INT_PTR(CALLBACK *DLGPROC)(HWND, UINT, WPARAM, LPARAM);

#ifndef ERROR_RESOURCE_TYPE_NOT_FOUND
#define ERROR_RESOURCE_TYPE_NOT_FOUND 1813L
#endif
#ifndef ERROR_RESOURCE_NAME_NOT_FOUND
#define ERROR_RESOURCE_NAME_NOT_FOUND 1814L
#endif
#ifndef ERROR_CONTROL_ID_NOT_FOUND
#define ERROR_CONTROL_ID_NOT_FOUND 1421L
#endif

/* Messages a dialog procedure handles (WM_CLOSE is above). */
#define WM_HELP 0x0053
#define WM_CONTEXTMENU 0x007B
#define WM_INITDIALOG 0x0110
#define WM_COMMAND 0x0111
#define WM_SYSCOMMAND 0x0112

/* Dialog box command IDs. */
#define IDOK 1
#define IDCANCEL 2
#define IDABORT 3
#define IDRETRY 4
#define IDIGNORE 5
#define IDYES 6
#define IDNO 7
#define IDCLOSE 8
#define IDHELP 9
#define IDTRYAGAIN 10
#define IDCONTINUE 11

/* MessageBox types: button set (low 4 bits), icon, default button, modality. */
#define MB_OK 0x00000000L
#define MB_OKCANCEL 0x00000001L
#define MB_ABORTRETRYIGNORE 0x00000002L
#define MB_YESNOCANCEL 0x00000003L
#define MB_YESNO 0x00000004L
#define MB_RETRYCANCEL 0x00000005L
#define MB_CANCELTRYCONTINUE 0x00000006L
#define MB_ICONHAND 0x00000010L
#define MB_ICONQUESTION 0x00000020L
#define MB_ICONEXCLAMATION 0x00000030L
#define MB_ICONASTERISK 0x00000040L
#define MB_ICONERROR MB_ICONHAND
#define MB_ICONSTOP MB_ICONHAND
#define MB_ICONWARNING MB_ICONEXCLAMATION
#define MB_ICONINFORMATION MB_ICONASTERISK
#define MB_DEFBUTTON1 0x00000000L
#define MB_DEFBUTTON2 0x00000100L
#define MB_DEFBUTTON3 0x00000200L
#define MB_DEFBUTTON4 0x00000300L
#define MB_APPLMODAL 0x00000000L
#define MB_SYSTEMMODAL 0x00001000L
#define MB_TASKMODAL 0x00002000L
#define MB_HELP 0x00004000L
#define MB_SETFOREGROUND 0x00010000L
#define MB_TOPMOST 0x00040000L
#define MB_TYPEMASK 0x0000000FL
#define MB_ICONMASK 0x000000F0L
#define MB_DEFMASK 0x00000F00L
#define MB_MODEMASK 0x00003000L

/* WinHelp commands. */
#define HELP_CONTEXT 0x0001L
#define HELP_QUIT 0x0002L
#define HELP_INDEX 0x0003L
#define HELP_CONTENTS 0x0003L
#define HELP_HELPONHELP 0x0004L
#define HELP_SETINDEX 0x0005L
#define HELP_SETCONTENTS 0x0005L
#define HELP_CONTEXTPOPUP 0x0008L
#define HELP_FORCEFILE 0x0009L
#define HELP_CONTEXTMENU 0x000aL
#define HELP_FINDER 0x000bL
#define HELP_WM_HELP 0x000cL
#define HELP_KEY 0x0101L
#define HELP_COMMAND 0x0102L
#define HELP_PARTIALKEY 0x0105L
#define HELP_MULTIKEY 0x0201L
#define HELP_SETWINPOS 0x0203L

/* Predefined cursors and icons (hInstance NULL). */
#define IDC_ARROW MAKEINTRESOURCE(32512)
#define IDC_IBEAM MAKEINTRESOURCE(32513)
#define IDC_WAIT MAKEINTRESOURCE(32514)
#define IDC_CROSS MAKEINTRESOURCE(32515)
#define IDC_UPARROW MAKEINTRESOURCE(32516)
#define IDC_SIZENWSE MAKEINTRESOURCE(32642)
#define IDC_SIZENESW MAKEINTRESOURCE(32643)
#define IDC_SIZEWE MAKEINTRESOURCE(32644)
#define IDC_SIZENS MAKEINTRESOURCE(32645)
#define IDC_SIZEALL MAKEINTRESOURCE(32646)
#define IDC_NO MAKEINTRESOURCE(32648)
#define IDC_HAND MAKEINTRESOURCE(32649)
#define IDC_APPSTARTING MAKEINTRESOURCE(32650)
#define IDC_HELP MAKEINTRESOURCE(32651)
#define IDI_APPLICATION MAKEINTRESOURCE(32512)
#define IDI_HAND MAKEINTRESOURCE(32513)
#define IDI_QUESTION MAKEINTRESOURCE(32514)
#define IDI_EXCLAMATION MAKEINTRESOURCE(32515)
#define IDI_ASTERISK MAKEINTRESOURCE(32516)
#define IDI_WINLOGO MAKEINTRESOURCE(32517)
#define IDI_SHIELD MAKEINTRESOURCE(32518)
#define IDI_WARNING IDI_EXCLAMATION
#define IDI_ERROR IDI_HAND
#define IDI_INFORMATION IDI_ASTERISK

/* DialogBoxParamA - no dialog can be created: returns -1 with ERROR_RESOURCE_NAME_NOT_FOUND
 * (the dialog template is not found - Windows' answer for a missing template, so callers that
 * check for -1 take their existing failure path). lpDialogFunc is never called.
 * DialogBoxParamW is the same. DialogBoxA/W are macros over them, as on Windows.
 */
PORTACM_API INT_PTR WINAPI DialogBoxParamA(HINSTANCE hInstance, LPCSTR lpTemplateName, HWND hWndParent,
                                           DLGPROC lpDialogFunc, LPARAM dwInitParam);
PORTACM_API INT_PTR WINAPI DialogBoxParamW(HINSTANCE hInstance, LPCWSTR lpTemplateName, HWND hWndParent,
                                           DLGPROC lpDialogFunc, LPARAM dwInitParam);
#define DialogBoxA(i, t, p, f) DialogBoxParamA(i, t, p, f, 0L)
#define DialogBoxW(i, t, p, f) DialogBoxParamW(i, t, p, f, 0L)
/* CreateDialogParamA - no modeless dialog either: returns NULL with ERROR_RESOURCE_NAME_NOT_FOUND;
 * lpDialogFunc is never called. CreateDialogParamW is the same; CreateDialogA/W are macros.
 */
PORTACM_API HWND WINAPI CreateDialogParamA(HINSTANCE hInstance, LPCSTR lpTemplateName, HWND hWndParent,
                                           DLGPROC lpDialogFunc, LPARAM dwInitParam);
PORTACM_API HWND WINAPI CreateDialogParamW(HINSTANCE hInstance, LPCWSTR lpTemplateName, HWND hWndParent,
                                           DLGPROC lpDialogFunc, LPARAM dwInitParam);
#define CreateDialogA(i, t, p, f) CreateDialogParamA(i, t, p, f, 0L)
#define CreateDialogW(i, t, p, f) CreateDialogParamW(i, t, p, f, 0L)
/* EndDialog - no window is a dialog: returns FALSE with ERROR_INVALID_WINDOW_HANDLE.
 */
PORTACM_API BOOL WINAPI EndDialog(HWND hDlg, INT_PTR nResult);
/* GetDlgItem - returns NULL with ERROR_CONTROL_ID_NOT_FOUND when hDlg is a window (it has no
 * controls), or with ERROR_INVALID_WINDOW_HANDLE when it is not.
 */
PORTACM_API HWND WINAPI GetDlgItem(HWND hDlg, int nIDDlgItem);
/* SendDlgItemMessageA - returns 0 with GetDlgItem's error: there is no control to send to.
 * SendDlgItemMessageW is the same.
 */
PORTACM_API LRESULT WINAPI SendDlgItemMessageA(HWND hDlg, int nIDDlgItem, UINT Msg, WPARAM wParam, LPARAM lParam);
PORTACM_API LRESULT WINAPI SendDlgItemMessageW(HWND hDlg, int nIDDlgItem, UINT Msg, WPARAM wParam, LPARAM lParam);
/* MessageBoxA - writes "caption: text" and a newline to stderr (a NULL caption reads "Error",
 * Windows' default title; a NULL text is empty) and returns the button the box would have
 * pressed by default: MB_DEFBUTTONn picks the n-th button of the uType button set (MB_OK: OK;
 * MB_OKCANCEL: OK, Cancel; MB_ABORTRETRYIGNORE: Abort, Retry, Ignore; MB_YESNOCANCEL: Yes, No,
 * Cancel; MB_YESNO: Yes, No; MB_RETRYCANCEL: Retry, Cancel; MB_CANCELTRYCONTINUE: Cancel, Try
 * Again, Continue), the first one when there are fewer than n; with MB_HELP a Help button
 * follows the set. Returns 0 with ERROR_INVALID_PARAMETER for another button set (nothing is
 * written). hWnd, the icon and the modality are ignored.
 * MessageBoxW is the same, writing its UTF-16 strings as UTF-8. MessageBoxExA/W ignore
 * wLanguageId.
 */
PORTACM_API int WINAPI MessageBoxA(HWND hWnd, LPCSTR lpText, LPCSTR lpCaption, UINT uType);
PORTACM_API int WINAPI MessageBoxW(HWND hWnd, LPCWSTR lpText, LPCWSTR lpCaption, UINT uType);
PORTACM_API int WINAPI MessageBoxExA(HWND hWnd, LPCSTR lpText, LPCSTR lpCaption, UINT uType, WORD wLanguageId);
PORTACM_API int WINAPI MessageBoxExW(HWND hWnd, LPCWSTR lpText, LPCWSTR lpCaption, UINT uType, WORD wLanguageId);
/* WinHelpA - there is no help system: returns FALSE with ERROR_NOT_SUPPORTED, for every
 * command (HELP_QUIT included).
 * WinHelpW is the same.
 */
PORTACM_API BOOL WINAPI WinHelpA(HWND hWndMain, LPCSTR lpszHelp, UINT uCommand, ULONG_PTR dwData);
PORTACM_API BOOL WINAPI WinHelpW(HWND hWndMain, LPCWSTR lpszHelp, UINT uCommand, ULONG_PTR dwData);
/* LoadCursorA - with hInstance NULL and one of the IDC_ identifiers above, returns a non-NULL
 * stock handle (the same for each call, never to be destroyed); otherwise NULL with
 * ERROR_RESOURCE_NAME_NOT_FOUND (modules hold no cursor resources here).
 * LoadCursorW is the same. LoadIconA/W do the same for the IDI_ identifiers.
 */
PORTACM_API HCURSOR WINAPI LoadCursorA(HINSTANCE hInstance, LPCSTR lpCursorName);
PORTACM_API HCURSOR WINAPI LoadCursorW(HINSTANCE hInstance, LPCWSTR lpCursorName);
PORTACM_API HICON WINAPI LoadIconA(HINSTANCE hInstance, LPCSTR lpIconName);
PORTACM_API HICON WINAPI LoadIconW(HINSTANCE hInstance, LPCWSTR lpIconName);
/* SetCursor - records hCursor (NULL too) as the process's cursor and returns the one recorded
 * before (NULL at first). Nothing is shown. Thread-safe.
 */
PORTACM_API HCURSOR WINAPI SetCursor(HCURSOR hCursor);

#ifdef UNICODE
#define DialogBoxParam DialogBoxParamW
#define DialogBox DialogBoxW
#define CreateDialogParam CreateDialogParamW
#define CreateDialog CreateDialogW
#define SendDlgItemMessage SendDlgItemMessageW
#define MessageBox MessageBoxW
#define MessageBoxEx MessageBoxExW
#define WinHelp WinHelpW
#define LoadCursor LoadCursorW
#define LoadIcon LoadIconW
#else
#define DialogBoxParam DialogBoxParamA
#define DialogBox DialogBoxA
#define CreateDialogParam CreateDialogParamA
#define CreateDialog CreateDialogA
#define SendDlgItemMessage SendDlgItemMessageA
#define MessageBox MessageBoxA
#define MessageBoxEx MessageBoxExA
#define WinHelp WinHelpA
#define LoadCursor LoadCursorA
#define LoadIcon LoadIconA
#endif

/* ---- resources: the predefined types and string tables (FindResource: winbase.h) ---- */
#define RT_CURSOR MAKEINTRESOURCE(1)
#define RT_BITMAP MAKEINTRESOURCE(2)
#define RT_ICON MAKEINTRESOURCE(3)
#define RT_MENU MAKEINTRESOURCE(4)
#define RT_DIALOG MAKEINTRESOURCE(5)
#define RT_STRING MAKEINTRESOURCE(6)
#define RT_FONTDIR MAKEINTRESOURCE(7)
#define RT_FONT MAKEINTRESOURCE(8)
#define RT_ACCELERATOR MAKEINTRESOURCE(9)
#define RT_RCDATA MAKEINTRESOURCE(10)
#define RT_MESSAGETABLE MAKEINTRESOURCE(11)
#define RT_GROUP_CURSOR MAKEINTRESOURCE(12)
#define RT_GROUP_ICON MAKEINTRESOURCE(14)
#define RT_VERSION MAKEINTRESOURCE(16)
#define RT_DLGINCLUDE MAKEINTRESOURCE(17)
#define RT_PLUGPLAY MAKEINTRESOURCE(19)
#define RT_VXD MAKEINTRESOURCE(20)
#define RT_ANICURSOR MAKEINTRESOURCE(21)
#define RT_ANIICON MAKEINTRESOURCE(22)
#define RT_HTML MAKEINTRESOURCE(23)
#define RT_MANIFEST MAKEINTRESOURCE(24)

/* LoadStringA/W - string uID of hInstance's STRINGTABLE (hInstance: a module as FindResource
 * takes it, NULL for the program).
 *   lpBuffer     [out] receives the string, cut to cchBufferMax - 1 characters and terminated
 *                      (A: UTF-8 bytes, never a split character). LoadStringW with
 *                      cchBufferMax 0: lpBuffer receives a read-only pointer to the string
 *                      itself (not terminated; NULL when there is none), as on Windows.
 * Returns the characters copied (or the string's length for the pointer form), without the
 * terminator; 0 for an empty or missing string (the buffer then holds ""), with
 * FindResource's errors for a missing one, or ERROR_INVALID_PARAMETER for lpBuffer NULL or
 * a negative size (LoadStringA: a size of 0 too).
 */
PORTACM_API int WINAPI LoadStringA(HINSTANCE hInstance, UINT uID, LPSTR lpBuffer, int cchBufferMax);
PORTACM_API int WINAPI LoadStringW(HINSTANCE hInstance, UINT uID, LPWSTR lpBuffer, int cchBufferMax);
#ifdef UNICODE
#define LoadString LoadStringW
#else
#define LoadString LoadStringA
#endif

PORTACM_EXTERN_C_END

#endif /* PORTACM_WINUSER_H */
