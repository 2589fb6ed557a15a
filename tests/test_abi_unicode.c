/*
 * test_abi_unicode.c - the generic (TCHAR) names with UNICODE defined must be the W versions,
 * as Windows' headers map them. test_abi.c checks the A mapping without UNICODE. The names are
 * compared as strings after macro expansion, so no function is referenced or linked.
 */
#define UNICODE 1

#include <windows.h>
#include <mmsystem.h>
#include <mmreg.h>
#include <msacm.h>
#include <msacmdrv.h>
#include <mmddk.h>

#include "test_abi_int.h"

#include <string.h>

#define ABI_STRING_(x) #x
#define ABI_EXPANDED_(x) ABI_STRING_(x)
/* 0 when the generic name expands to exactly `wide`, 1 otherwise. */
#define ABI_MAPS_TO(generic, wide) \
    { #generic " -> " #wide, strcmp(ABI_EXPANDED_(generic), #wide) == 0 ? 0 : 1, 0 }

/* String-literal macros expand all the way, so they are compared by content and size. */
#define ABI_SAME_STRING(generic, wide)                                                             \
    {                                                                                              \
        #generic " == " #wide,                                                                     \
            sizeof(generic) == sizeof(wide) && memcmp(generic, wide, sizeof(wide)) == 0 ? 0 : 1, 0 \
    }

int abi_check_unicode(void)
{
    const abi_row rows[] = {
        {"sizeof(TCHAR)", (long long)sizeof(TCHAR), 2},
        {"sizeof(TEXT(\"ab\"))", (long long)sizeof(TEXT("ab")), 6},
        {"sizeof(ACMHELPMSGSTRING)", (long long)sizeof(ACMHELPMSGSTRING), 2 * 15},
        ABI_MAPS_TO(RegOpenKeyEx, RegOpenKeyExW),
        ABI_MAPS_TO(RegCreateKeyEx, RegCreateKeyExW),
        ABI_MAPS_TO(RegQueryValueEx, RegQueryValueExW),
        ABI_MAPS_TO(RegSetValueEx, RegSetValueExW),
        ABI_MAPS_TO(RegDeleteValue, RegDeleteValueW),
        ABI_MAPS_TO(RegDeleteKey, RegDeleteKeyW),
        ABI_MAPS_TO(RegEnumKeyEx, RegEnumKeyExW),
        ABI_MAPS_TO(RegEnumValue, RegEnumValueW),
        ABI_MAPS_TO(RegQueryInfoKey, RegQueryInfoKeyW),
        ABI_MAPS_TO(acmDriverAdd, acmDriverAddW),
        ABI_MAPS_TO(ACMDRIVERDETAILS, ACMDRIVERDETAILSW),
        ABI_MAPS_TO(PACMDRIVERDETAILS, PACMDRIVERDETAILSW),
        ABI_MAPS_TO(LPACMDRIVERDETAILS, LPACMDRIVERDETAILSW),
        ABI_MAPS_TO(acmDriverDetails, acmDriverDetailsW),
        ABI_MAPS_TO(ACMFORMATTAGDETAILS, ACMFORMATTAGDETAILSW),
        ABI_MAPS_TO(PACMFORMATTAGDETAILS, PACMFORMATTAGDETAILSW),
        ABI_MAPS_TO(LPACMFORMATTAGDETAILS, LPACMFORMATTAGDETAILSW),
        ABI_MAPS_TO(acmFormatTagDetails, acmFormatTagDetailsW),
        ABI_MAPS_TO(ACMFORMATTAGENUMCB, ACMFORMATTAGENUMCBW),
        ABI_MAPS_TO(acmFormatTagEnum, acmFormatTagEnumW),
        ABI_MAPS_TO(ACMFORMATDETAILS, ACMFORMATDETAILSW),
        ABI_MAPS_TO(PACMFORMATDETAILS, PACMFORMATDETAILSW),
        ABI_MAPS_TO(LPACMFORMATDETAILS, LPACMFORMATDETAILSW),
        ABI_MAPS_TO(acmFormatDetails, acmFormatDetailsW),
        ABI_MAPS_TO(ACMFORMATENUMCB, ACMFORMATENUMCBW),
        ABI_MAPS_TO(acmFormatEnum, acmFormatEnumW),
        ABI_SAME_STRING(ACMHELPMSGSTRING, ACMHELPMSGSTRINGW),
        ABI_SAME_STRING(ACMHELPMSGCONTEXTMENU, ACMHELPMSGCONTEXTMENUW),
        ABI_SAME_STRING(ACMHELPMSGCONTEXTHELP, ACMHELPMSGCONTEXTHELPW),
        ABI_MAPS_TO(ACMFORMATCHOOSEHOOKPROC, ACMFORMATCHOOSEHOOKPROCW),
        ABI_MAPS_TO(ACMFORMATCHOOSE, ACMFORMATCHOOSEW),
        ABI_MAPS_TO(PACMFORMATCHOOSE, PACMFORMATCHOOSEW),
        ABI_MAPS_TO(LPACMFORMATCHOOSE, LPACMFORMATCHOOSEW),
        ABI_MAPS_TO(acmFormatChoose, acmFormatChooseW),
        ABI_MAPS_TO(ACMFILTERTAGDETAILS, ACMFILTERTAGDETAILSW),
        ABI_MAPS_TO(PACMFILTERTAGDETAILS, PACMFILTERTAGDETAILSW),
        ABI_MAPS_TO(LPACMFILTERTAGDETAILS, LPACMFILTERTAGDETAILSW),
        ABI_MAPS_TO(acmFilterTagDetails, acmFilterTagDetailsW),
        ABI_MAPS_TO(ACMFILTERTAGENUMCB, ACMFILTERTAGENUMCBW),
        ABI_MAPS_TO(acmFilterTagEnum, acmFilterTagEnumW),
        ABI_MAPS_TO(ACMFILTERDETAILS, ACMFILTERDETAILSW),
        ABI_MAPS_TO(PACMFILTERDETAILS, PACMFILTERDETAILSW),
        ABI_MAPS_TO(LPACMFILTERDETAILS, LPACMFILTERDETAILSW),
        ABI_MAPS_TO(acmFilterDetails, acmFilterDetailsW),
        ABI_MAPS_TO(ACMFILTERENUMCB, ACMFILTERENUMCBW),
        ABI_MAPS_TO(acmFilterEnum, acmFilterEnumW),
        ABI_MAPS_TO(ACMFILTERCHOOSEHOOKPROC, ACMFILTERCHOOSEHOOKPROCW),
        ABI_MAPS_TO(ACMFILTERCHOOSE, ACMFILTERCHOOSEW),
        ABI_MAPS_TO(PACMFILTERCHOOSE, PACMFILTERCHOOSEW),
        ABI_MAPS_TO(LPACMFILTERCHOOSE, LPACMFILTERCHOOSEW),
        ABI_MAPS_TO(acmFilterChoose, acmFilterChooseW),
        ABI_MAPS_TO(ACMDRVOPENDESC, ACMDRVOPENDESCW),
        ABI_MAPS_TO(PACMDRVOPENDESC, PACMDRVOPENDESCW),
        ABI_MAPS_TO(LPACMDRVOPENDESC, LPACMDRVOPENDESCW),
        ABI_MAPS_TO(mmioStringToFOURCC, mmioStringToFOURCCW),
        ABI_MAPS_TO(mmioInstallIOProc, mmioInstallIOProcW),
        ABI_MAPS_TO(mmioOpen, mmioOpenW),
        ABI_MAPS_TO(mmioRename, mmioRenameW),
        ABI_MAPS_TO(CreateEvent, CreateEventW),
        ABI_MAPS_TO(WNDCLASS, WNDCLASSW),
        ABI_MAPS_TO(WNDCLASSEX, WNDCLASSEXW),
        ABI_MAPS_TO(RegisterClass, RegisterClassW),
        ABI_MAPS_TO(RegisterClassEx, RegisterClassExW),
        ABI_MAPS_TO(UnregisterClass, UnregisterClassW),
        ABI_MAPS_TO(CreateWindowEx, CreateWindowExW),
        ABI_MAPS_TO(CreateWindow, CreateWindowW),
        ABI_MAPS_TO(DefWindowProc, DefWindowProcW),
        ABI_MAPS_TO(GetWindowLongPtr, GetWindowLongPtrW),
        ABI_MAPS_TO(SetWindowLongPtr, SetWindowLongPtrW),
        ABI_MAPS_TO(PostMessage, PostMessageW),
        ABI_MAPS_TO(PostThreadMessage, PostThreadMessageW),
        ABI_MAPS_TO(SendMessage, SendMessageW),
        ABI_MAPS_TO(GetMessage, GetMessageW),
        ABI_MAPS_TO(PeekMessage, PeekMessageW),
        ABI_MAPS_TO(DispatchMessage, DispatchMessageW),
        ABI_MAPS_TO(DialogBoxParam, DialogBoxParamW),
        ABI_MAPS_TO(DialogBox, DialogBoxW),
        ABI_MAPS_TO(CreateDialogParam, CreateDialogParamW),
        ABI_MAPS_TO(CreateDialog, CreateDialogW),
        ABI_MAPS_TO(SendDlgItemMessage, SendDlgItemMessageW),
        ABI_MAPS_TO(MessageBox, MessageBoxW),
        ABI_MAPS_TO(MessageBoxEx, MessageBoxExW),
        ABI_MAPS_TO(WinHelp, WinHelpW),
        ABI_MAPS_TO(LoadCursor, LoadCursorW),
        ABI_MAPS_TO(LoadIcon, LoadIconW),
    };
    return abi_report_mismatches("UNICODE generic names", rows, sizeof rows / sizeof rows[0]);
}
