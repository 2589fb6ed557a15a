/*
 * win32_nowindow.c - the user32 functions of a driver's configuration code and a client's error
 * reporting (dialogs, message boxes, WinHelp, cursors, icons) for a system with no window
 * system (issue 13 item 8). Windows code that calls them compiles unchanged and takes its
 * existing failure path: dialogs are never created and their procedures never run, a message
 * box becomes one stderr line answered with its default button. The contracts are in winuser.h.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "win32_int.h"

/* ---- Dialogs ------------------------------------------------------------------------------ */

/* ERROR_RESOURCE_NAME_NOT_FOUND is what Windows gives for a template the module lacks; here
 * no module holds a dialog template, so every call is that case. */
INT_PTR WINAPI DialogBoxParamA(HINSTANCE hInstance, LPCSTR lpTemplateName, HWND hWndParent, DLGPROC lpDialogFunc,
                               LPARAM dwInitParam)
{
    (void)hInstance, (void)lpTemplateName, (void)hWndParent, (void)lpDialogFunc, (void)dwInitParam;
    SetLastError(ERROR_RESOURCE_NAME_NOT_FOUND);
    return -1;
}

INT_PTR WINAPI DialogBoxParamW(HINSTANCE hInstance, LPCWSTR lpTemplateName, HWND hWndParent, DLGPROC lpDialogFunc,
                               LPARAM dwInitParam)
{
    (void)lpTemplateName;
    return DialogBoxParamA(hInstance, NULL, hWndParent, lpDialogFunc, dwInitParam);
}

HWND WINAPI CreateDialogParamA(HINSTANCE hInstance, LPCSTR lpTemplateName, HWND hWndParent, DLGPROC lpDialogFunc,
                               LPARAM dwInitParam)
{
    (void)hInstance, (void)lpTemplateName, (void)hWndParent, (void)lpDialogFunc, (void)dwInitParam;
    SetLastError(ERROR_RESOURCE_NAME_NOT_FOUND);
    return NULL;
}

HWND WINAPI CreateDialogParamW(HINSTANCE hInstance, LPCWSTR lpTemplateName, HWND hWndParent, DLGPROC lpDialogFunc,
                               LPARAM dwInitParam)
{
    (void)lpTemplateName;
    return CreateDialogParamA(hInstance, NULL, hWndParent, lpDialogFunc, dwInitParam);
}

BOOL WINAPI EndDialog(HWND hDlg, INT_PTR nResult)
{
    (void)hDlg, (void)nResult;
    SetLastError(ERROR_INVALID_WINDOW_HANDLE);
    return FALSE;
}

HWND WINAPI GetDlgItem(HWND hDlg, int nIDDlgItem)
{
    (void)nIDDlgItem;
    SetLastError(IsWindow(hDlg) ? ERROR_CONTROL_ID_NOT_FOUND : ERROR_INVALID_WINDOW_HANDLE);
    return NULL;
}

LRESULT WINAPI SendDlgItemMessageA(HWND hDlg, int nIDDlgItem, UINT Msg, WPARAM wParam, LPARAM lParam)
{
    (void)Msg, (void)wParam, (void)lParam;
    GetDlgItem(hDlg, nIDDlgItem);
    return 0;
}

LRESULT WINAPI SendDlgItemMessageW(HWND hDlg, int nIDDlgItem, UINT Msg, WPARAM wParam, LPARAM lParam)
{
    return SendDlgItemMessageA(hDlg, nIDDlgItem, Msg, wParam, lParam);
}

/* ---- Message boxes ------------------------------------------------------------------------ */

/* The buttons of each MB_ button set, left to right, 0-terminated. */
static const int message_box_buttons[][4] = {
    [MB_OK] = {IDOK},
    [MB_OKCANCEL] = {IDOK, IDCANCEL},
    [MB_ABORTRETRYIGNORE] = {IDABORT, IDRETRY, IDIGNORE},
    [MB_YESNOCANCEL] = {IDYES, IDNO, IDCANCEL},
    [MB_YESNO] = {IDYES, IDNO},
    [MB_RETRYCANCEL] = {IDRETRY, IDCANCEL},
    [MB_CANCELTRYCONTINUE] = {IDCANCEL, IDTRYAGAIN, IDCONTINUE},
};

/* The default button's ID, or 0 for a button set Windows does not have. */
static int message_box_default(UINT uType)
{
    UINT set = uType & MB_TYPEMASK;
    if (set >= sizeof message_box_buttons / sizeof message_box_buttons[0])
        return 0;
    int buttons[5];
    size_t count = 0;
    while (count < 4 && message_box_buttons[set][count])
        buttons[count] = message_box_buttons[set][count], count++;
    if (uType & MB_HELP)
        buttons[count++] = IDHELP;
    size_t chosen = (uType & MB_DEFMASK) >> 8;
    return buttons[chosen < count ? chosen : 0];
}

static int message_box_utf8(const char *text, const char *caption, UINT uType)
{
    int button = message_box_default(uType);
    if (!button) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    /* One fprintf, so lines from threads reporting at once do not interleave. */
    fprintf(stderr, "%s: %s\n", caption ? caption : "Error", text ? text : "");
    fflush(stderr);
    return button;
}

int WINAPI MessageBoxA(HWND hWnd, LPCSTR lpText, LPCSTR lpCaption, UINT uType)
{
    (void)hWnd;
    return message_box_utf8(lpText, lpCaption, uType);
}

int WINAPI MessageBoxW(HWND hWnd, LPCWSTR lpText, LPCWSTR lpCaption, UINT uType)
{
    (void)hWnd;
    char *text = lpText ? pacm_utf16_to_utf8(lpText) : NULL;
    char *caption = lpCaption ? pacm_utf16_to_utf8(lpCaption) : NULL;
    if ((lpText && !text) || (lpCaption && !caption)) {
        free(text);
        free(caption);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    int button = message_box_utf8(text, caption, uType);
    free(text);
    free(caption);
    return button;
}

int WINAPI MessageBoxExA(HWND hWnd, LPCSTR lpText, LPCSTR lpCaption, UINT uType, WORD wLanguageId)
{
    (void)wLanguageId;
    return MessageBoxA(hWnd, lpText, lpCaption, uType);
}

int WINAPI MessageBoxExW(HWND hWnd, LPCWSTR lpText, LPCWSTR lpCaption, UINT uType, WORD wLanguageId)
{
    (void)wLanguageId;
    return MessageBoxW(hWnd, lpText, lpCaption, uType);
}

/* ---- Help --------------------------------------------------------------------------------- */

BOOL WINAPI WinHelpA(HWND hWndMain, LPCSTR lpszHelp, UINT uCommand, ULONG_PTR dwData)
{
    (void)hWndMain, (void)lpszHelp, (void)uCommand, (void)dwData;
    SetLastError(ERROR_NOT_SUPPORTED);
    return FALSE;
}

BOOL WINAPI WinHelpW(HWND hWndMain, LPCWSTR lpszHelp, UINT uCommand, ULONG_PTR dwData)
{
    (void)lpszHelp;
    return WinHelpA(hWndMain, NULL, uCommand, dwData);
}

/* ---- Cursors and icons -------------------------------------------------------------------- */

/* The predefined IDs, in the order of the stock handles below (MAKEINTRESOURCE values). */
static const WORD stock_cursor_ids[] = {32512, 32513, 32514, 32515, 32516, 32642, 32643,
                                        32644, 32645, 32646, 32648, 32649, 32650, 32651};
static const WORD stock_icon_ids[] = {32512, 32513, 32514, 32515, 32516, 32517, 32518};
/* A stock handle is the address of one of these bytes: distinct, non-NULL, never freed. */
static const char stock_cursors[sizeof stock_cursor_ids / sizeof stock_cursor_ids[0]];
static const char stock_icons[sizeof stock_icon_ids / sizeof stock_icon_ids[0]];

static const char *stock_handle(HINSTANCE hInstance, const void *name, const WORD *ids, const char *handles,
                                size_t count)
{
    if (!hInstance && IS_INTRESOURCE(name)) {
        for (size_t i = 0; i < count; i++) {
            if (ids[i] == (WORD)(ULONG_PTR)name)
                return &handles[i];
        }
    }
    SetLastError(ERROR_RESOURCE_NAME_NOT_FOUND);
    return NULL;
}

HCURSOR WINAPI LoadCursorA(HINSTANCE hInstance, LPCSTR lpCursorName)
{
    return (HCURSOR)stock_handle(hInstance, lpCursorName, stock_cursor_ids, stock_cursors, sizeof stock_cursors);
}

HCURSOR WINAPI LoadCursorW(HINSTANCE hInstance, LPCWSTR lpCursorName)
{
    return (HCURSOR)stock_handle(hInstance, lpCursorName, stock_cursor_ids, stock_cursors, sizeof stock_cursors);
}

HICON WINAPI LoadIconA(HINSTANCE hInstance, LPCSTR lpIconName)
{
    return (HICON)stock_handle(hInstance, lpIconName, stock_icon_ids, stock_icons, sizeof stock_icons);
}

HICON WINAPI LoadIconW(HINSTANCE hInstance, LPCWSTR lpIconName)
{
    return (HICON)stock_handle(hInstance, lpIconName, stock_icon_ids, stock_icons, sizeof stock_icons);
}

static _Atomic(HCURSOR) current_cursor;

HCURSOR WINAPI SetCursor(HCURSOR hCursor)
{
    return atomic_exchange(&current_cursor, hCursor);
}
