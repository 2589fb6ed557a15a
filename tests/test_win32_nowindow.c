/*
 * test_win32_nowindow.c - no window system (issue 13 item 8): dialogs fail with their
 * documented errors without calling the dialog procedure, MessageBox writes "caption: text" to
 * stderr and answers every default button of every button set, WinHelp refuses, the stock
 * cursors and icons load and SetCursor remembers; a DDK-style configuration function compiles
 * unchanged and takes its failure path; the built-in codecs answer DRV_CONFIGURE with no
 * dialog.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "support/ts_files.h"
#include "windows.h"
#include "mmsystem.h"
#include "mmreg.h"
#include "msacm.h"

static int dialog_procedure_calls;

/* A configuration dialog as a DDK sample writes it. */
#define IDD_CONFIG 100
#define IDC_QUALITY 1001
static INT_PTR CALLBACK config_dialog_proc(HWND hwnd, UINT msg, WPARAM wParam, LPARAM lParam)
{
    (void)lParam;
    dialog_procedure_calls++;
    switch (msg) {
    case WM_INITDIALOG:
        SendDlgItemMessage(hwnd, IDC_QUALITY, WM_USER, 0, 0);
        return TRUE;
    case WM_COMMAND:
        switch (LOWORD(wParam)) {
        case IDOK:
        case IDCANCEL:
            EndDialog(hwnd, LOWORD(wParam) == IDOK ? DRVCNF_OK : DRVCNF_CANCEL);
            return TRUE;
        case IDHELP:
            WinHelp(hwnd, TEXT("codec.hlp"), HELP_CONTEXT, 1);
            return TRUE;
        }
        break;
    case WM_CLOSE:
        EndDialog(hwnd, DRVCNF_CANCEL);
        return TRUE;
    }
    return FALSE;
}

static LRESULT driver_configure(HWND parent, HINSTANCE module)
{
    INT_PTR result = DialogBoxParam(module, MAKEINTRESOURCE(IDD_CONFIG), parent, config_dialog_proc, 0L);
    if (result == -1)
        return DRVCNF_CANCEL;
    return (LRESULT)result;
}

static void test_ddk_configuration_code(void **state)
{
    (void)state;
    dialog_procedure_calls = 0;
    SetLastError(0);
    assert_int_equal(driver_configure(NULL, NULL), DRVCNF_CANCEL);
    assert_int_equal(GetLastError(), ERROR_RESOURCE_NAME_NOT_FOUND);
    assert_int_equal(DialogBox(NULL, TEXT("CONFIG"), NULL, config_dialog_proc), -1);
    assert_int_equal(dialog_procedure_calls, 0);
}

static void test_dialogs(void **state)
{
    (void)state;
    static const WCHAR name[] = {'C', 'F', 'G', 0};
    dialog_procedure_calls = 0;
    SetLastError(0);
    assert_int_equal(DialogBoxParamA(NULL, "CFG", NULL, config_dialog_proc, 5), -1);
    assert_int_equal(GetLastError(), ERROR_RESOURCE_NAME_NOT_FOUND);
    SetLastError(0);
    assert_int_equal(DialogBoxParamW(NULL, name, NULL, config_dialog_proc, 5), -1);
    assert_int_equal(GetLastError(), ERROR_RESOURCE_NAME_NOT_FOUND);
    SetLastError(0);
    assert_int_equal(DialogBoxA(NULL, MAKEINTRESOURCEA(7), NULL, config_dialog_proc), -1);
    assert_int_equal(GetLastError(), ERROR_RESOURCE_NAME_NOT_FOUND);
    SetLastError(0);
    assert_int_equal(DialogBoxW(NULL, name, NULL, config_dialog_proc), -1);
    assert_int_equal(GetLastError(), ERROR_RESOURCE_NAME_NOT_FOUND);
    SetLastError(0);
    assert_null(CreateDialogParamA(NULL, "CFG", NULL, config_dialog_proc, 0));
    assert_int_equal(GetLastError(), ERROR_RESOURCE_NAME_NOT_FOUND);
    SetLastError(0);
    assert_null(CreateDialogParamW(NULL, name, NULL, config_dialog_proc, 0));
    assert_int_equal(GetLastError(), ERROR_RESOURCE_NAME_NOT_FOUND);
    SetLastError(0);
    assert_null(CreateDialogA(NULL, "CFG", NULL, config_dialog_proc));
    assert_int_equal(GetLastError(), ERROR_RESOURCE_NAME_NOT_FOUND);
    SetLastError(0);
    assert_null(CreateDialogW(NULL, name, NULL, config_dialog_proc));
    assert_int_equal(GetLastError(), ERROR_RESOURCE_NAME_NOT_FOUND);
    assert_int_equal(dialog_procedure_calls, 0);
}

static void test_dialog_items_on_real_and_bad_windows(void **state)
{
    (void)state;
    const WNDCLASSA wc = {.lpfnWndProc = DefWindowProcA, .lpszClassName = "nowindow-test"};
    assert_int_not_equal(RegisterClassA(&wc), 0);
    HWND hwnd = CreateWindowExA(0, "nowindow-test", "", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
    assert_non_null(hwnd);

    SetLastError(0);
    assert_false(EndDialog(hwnd, IDOK));
    assert_int_equal(GetLastError(), ERROR_INVALID_WINDOW_HANDLE);
    SetLastError(0);
    assert_false(EndDialog(NULL, IDOK));
    assert_int_equal(GetLastError(), ERROR_INVALID_WINDOW_HANDLE);
    SetLastError(0);
    assert_null(GetDlgItem(hwnd, 1001));
    assert_int_equal(GetLastError(), ERROR_CONTROL_ID_NOT_FOUND);
    SetLastError(0);
    assert_null(GetDlgItem((HWND)(ULONG_PTR)0x1234, 1001));
    assert_int_equal(GetLastError(), ERROR_INVALID_WINDOW_HANDLE);
    SetLastError(0);
    assert_int_equal(SendDlgItemMessageA(hwnd, 1001, WM_USER, 1, 2), 0);
    assert_int_equal(GetLastError(), ERROR_CONTROL_ID_NOT_FOUND);
    SetLastError(0);
    assert_int_equal(SendDlgItemMessageW(NULL, 1001, WM_USER, 1, 2), 0);
    assert_int_equal(GetLastError(), ERROR_INVALID_WINDOW_HANDLE);

    assert_true(DestroyWindow(hwnd));
    assert_true(UnregisterClassA("nowindow-test", NULL));
}

static void test_message_box_writes_stderr(void **state)
{
    (void)state;
    ts_capture_begin();
    int a = MessageBoxA(NULL, "cannot open the codec", "Codec", MB_OK | MB_ICONSTOP);
    int b = MessageBoxW(NULL, (LPCWSTR)u"caf\u00e9 \u266a", (LPCWSTR)u"W caption", MB_YESNO | MB_DEFBUTTON2);
    int c = MessageBoxA(NULL, "no caption", NULL, MB_OKCANCEL);
    int d = MessageBoxExA(NULL, "ex", "A", MB_RETRYCANCEL, 0);
    int e = MessageBoxExW(NULL, (LPCWSTR)u"ex", (LPCWSTR)u"W", MB_YESNOCANCEL | MB_DEFBUTTON3, 0);
    SetLastError(0);
    int f = MessageBoxA(NULL, "never written", "Bad", 7);
    char *text = ts_capture_end();
    assert_int_equal(a, IDOK);
    assert_int_equal(b, IDNO);
    assert_int_equal(c, IDOK);
    assert_int_equal(d, IDRETRY);
    assert_int_equal(e, IDCANCEL);
    assert_int_equal(f, 0);
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_string_equal(text, "Codec: cannot open the codec\n"
                              "W caption: caf\xc3\xa9 \xe2\x99\xaa\n"
                              "Error: no caption\n"
                              "A: ex\n"
                              "W: ex\n");
    free(text);
}

static void test_message_box_default_buttons(void **state)
{
    (void)state;
    static const struct {
        UINT type;
        int buttons[4];
    } sets[] = {
        {MB_OK, {IDOK}},
        {MB_OKCANCEL, {IDOK, IDCANCEL}},
        {MB_ABORTRETRYIGNORE, {IDABORT, IDRETRY, IDIGNORE}},
        {MB_YESNOCANCEL, {IDYES, IDNO, IDCANCEL}},
        {MB_YESNO, {IDYES, IDNO}},
        {MB_RETRYCANCEL, {IDRETRY, IDCANCEL}},
        {MB_CANCELTRYCONTINUE, {IDCANCEL, IDTRYAGAIN, IDCONTINUE}},
    };
    static const UINT defaults[] = {MB_DEFBUTTON1, MB_DEFBUTTON2, MB_DEFBUTTON3, MB_DEFBUTTON4};
    ts_capture_begin();
    for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++) {
        for (size_t n = 0; n < 4; n++) {
            /* Past the last button, the first is the default. */
            int expected = sets[s].buttons[n] ? sets[s].buttons[n] : sets[s].buttons[0];
            assert_int_equal(MessageBoxA(NULL, "t", "c", sets[s].type | defaults[n] | MB_ICONQUESTION), expected);
            /* MB_HELP adds a Help button after the set. */
            size_t count = 0;
            while (count < 4 && sets[s].buttons[count])
                count++;
            int with_help = n < count ? sets[s].buttons[n] : n == count ? IDHELP : sets[s].buttons[0];
            assert_int_equal(MessageBoxW(NULL, NULL, NULL, sets[s].type | defaults[n] | MB_HELP), with_help);
        }
    }
    for (UINT bad = 7; bad <= 15; bad++) {
        SetLastError(0);
        assert_int_equal(MessageBoxA(NULL, "t", "c", bad), 0);
        assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    }
    free(ts_capture_end());
}

static void test_win_help(void **state)
{
    (void)state;
    static const WCHAR file[] = {'a', '.', 'h', 'l', 'p', 0};
    SetLastError(0);
    assert_false(WinHelpA(NULL, "a.hlp", HELP_CONTEXT, 1));
    assert_int_equal(GetLastError(), ERROR_NOT_SUPPORTED);
    SetLastError(0);
    assert_false(WinHelpW(NULL, file, HELP_QUIT, 0));
    assert_int_equal(GetLastError(), ERROR_NOT_SUPPORTED);
}

static void test_cursors_and_icons(void **state)
{
    (void)state;
    HCURSOR arrow = LoadCursorA(NULL, MAKEINTRESOURCEA(32512));
    HCURSOR wait = LoadCursorW(NULL, MAKEINTRESOURCEW(32514));
    assert_non_null(arrow);
    assert_non_null(wait);
    assert_ptr_not_equal(arrow, wait);
    assert_ptr_equal(LoadCursor(NULL, IDC_ARROW), arrow);
    assert_ptr_equal(LoadCursorA(NULL, MAKEINTRESOURCEA(32514)), wait);
    assert_non_null(LoadCursor(NULL, IDC_HELP));
    HICON app = LoadIcon(NULL, IDI_APPLICATION);
    assert_non_null(app);
    assert_ptr_equal(LoadIconW(NULL, MAKEINTRESOURCEW(32512)), app);
    assert_non_null(LoadIcon(NULL, IDI_WARNING));

    SetLastError(0);
    assert_null(LoadCursorA(NULL, MAKEINTRESOURCEA(1)));
    assert_int_equal(GetLastError(), ERROR_RESOURCE_NAME_NOT_FOUND);
    SetLastError(0);
    assert_null(LoadCursorA(NULL, "ARROW"));
    assert_int_equal(GetLastError(), ERROR_RESOURCE_NAME_NOT_FOUND);
    SetLastError(0);
    assert_null(LoadCursorA((HINSTANCE)(ULONG_PTR)0x10000, MAKEINTRESOURCEA(32512)));
    assert_int_equal(GetLastError(), ERROR_RESOURCE_NAME_NOT_FOUND);
    SetLastError(0);
    assert_null(LoadIconA(NULL, MAKEINTRESOURCEA(32519)));
    assert_int_equal(GetLastError(), ERROR_RESOURCE_NAME_NOT_FOUND);
    SetLastError(0);
    assert_null(LoadIconW(NULL, MAKEINTRESOURCEW(100)));
    assert_int_equal(GetLastError(), ERROR_RESOURCE_NAME_NOT_FOUND);

    assert_null(SetCursor(wait));
    assert_ptr_equal(SetCursor(arrow), wait);
    assert_ptr_equal(SetCursor(NULL), arrow);
    assert_null(SetCursor(NULL));
}

static BOOL CALLBACK check_configure(HACMDRIVERID hadid, DWORD_PTR instance, DWORD support)
{
    (void)support;
    int *count = (int *)instance;
    assert_int_equal(acmDriverMessage((HACMDRIVER)hadid, DRV_QUERYCONFIGURE, 0, 0), 0);
    assert_int_equal(acmDriverMessage((HACMDRIVER)hadid, DRV_CONFIGURE, 0, 0), DRVCNF_CANCEL);
    (*count)++;
    return TRUE;
}

static void test_builtin_codecs_have_no_dialog(void **state)
{
    (void)state;
    int count = 0;
    assert_int_equal(acmDriverEnum(check_configure, (DWORD_PTR)&count, 0), MMSYSERR_NOERROR);
    assert_true(count > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ddk_configuration_code),
        cmocka_unit_test(test_dialogs),
        cmocka_unit_test(test_dialog_items_on_real_and_bad_windows),
        cmocka_unit_test(test_message_box_writes_stderr),
        cmocka_unit_test(test_message_box_default_buttons),
        cmocka_unit_test(test_win_help),
        cmocka_unit_test(test_cursors_and_icons),
        cmocka_unit_test(test_builtin_codecs_have_no_dialog),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
