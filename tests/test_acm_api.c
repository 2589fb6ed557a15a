/*
 * test_acm_api.c - the API contract of the registry half of the ACM: every acmDriver*,
 * acmMetrics, acmFormat*, acmFilter* and chooser function, each invalid argument, flag and
 * handle in the order Windows checks them (the native results recorded in
 * ../shared/spec/reference-behaviour.md §5 are cited as "native"), and the exact driver
 * message sequence of a driver added with acmDriverAdd(ACM_DRIVERADDF_FUNCTION).
 *
 * Most tests use the recording driver (tests/acm_drivers/recording_driver.c), whose answers
 * are fixed by this suite, so expected values do not come from the code under test. It is
 * added once by the group setup and is the only local driver, hence the first in every search.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "acm_drivers/recording_driver.h"
#include "msacm.h"
#include "msacmdrv.h"
#include "windows.h"
#include "ts_driver.h"
#include "ts_formats.h"

static HACMDRIVERID recording_id;
#define BAD_HANDLE(type) ((type)(uintptr_t)1)

static int group_setup(void **state)
{
    recording_reset();
    if (acmDriverAddW(&recording_id, (HINSTANCE)(uintptr_t)0x7701, (LPARAM)recording_driver_proc, 0,
                      ACM_DRIVERADDF_FUNCTION) != MMSYSERR_NOERROR)
        return -1;
    return 0;
}

static int group_teardown(void **state)
{
    return acmDriverRemove(recording_id, 0) == MMSYSERR_NOERROR ? 0 : -1;
}

/* A WCHAR string compared with ASCII text. */
static bool wide_equals(const WCHAR *wide, const char *text)
{
    size_t i = 0;
    for (; text[i]; i++) {
        if (wide[i] != (WCHAR)(unsigned char)text[i])
            return false;
    }
    return wide[i] == 0;
}

/* The recording driver's RECORDING_TAG format with `channels` (20 bytes). */
static void make_recording(BYTE buffer[RECORDING_FORMAT_SIZE], WORD channels)
{
    WAVEFORMATEX *format = (WAVEFORMATEX *)buffer;
    memset(buffer, 0, RECORDING_FORMAT_SIZE);
    ts_linear_format(format, RECORDING_TAG, channels, 8000, 8);
    format->cbSize = 2;
    buffer[18] = 0xCD;
    buffer[19] = 0xAB;
}

/* ---- acmGetVersion ----------------------------------------------------------------------- */

static void test_version(void **state)
{
    DWORD version = acmGetVersion();
    /* 4.00, retail build 0 (docs/acm.md); at least 3.50 as the documentation requires. */
    assert_int_equal(version, 0x04000000u);
    assert_true(version >= 0x03320000u);
}

/* ---- acmDriverAdd (FUNCTION): the message sequence --------------------------------------- */

static void test_add_function_message_sequence(void **state)
{
    HACMDRIVERID id = NULL;
    recording_reset();
    assert_int_equal(acmDriverAddW(&id, (HINSTANCE)(uintptr_t)0x7702, (LPARAM)recording_driver_proc, 0,
                                   ACM_DRIVERADDF_FUNCTION),
                     MMSYSERR_NOERROR);
    assert_non_null(id);
    /* native: DRV_LOAD, DRV_ENABLE, exactly one DRV_OPEN, one DRIVER_DETAILS (then the tag cache). */
    assert_true(recording_driver.count >= 4);
    assert_int_equal(recording_driver.records[0].msg, DRV_LOAD);
    assert_int_equal(recording_driver.records[1].msg, DRV_ENABLE);
    assert_int_equal(recording_driver.records[2].msg, DRV_OPEN);
    assert_int_equal(recording_driver.records[3].msg, ACMDM_DRIVER_DETAILS);
    assert_int_equal(recording_count(DRV_OPEN), 1);
    assert_int_equal(recording_count(ACMDM_DRIVER_DETAILS), 1);
    for (size_t i = 4; i < (size_t)recording_driver.count; i++)
        assert_true(recording_driver.records[i].msg == ACMDM_FORMATTAG_DETAILS ||
                    recording_driver.records[i].msg == ACMDM_FILTERTAG_DETAILS);
    assert_true(recording.open_desc_seen);
    assert_int_equal(recording.open_desc.cbStruct, sizeof(ACMDRVOPENDESCW));
    assert_int_equal(recording.open_desc.fccType, ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC);
    assert_int_equal(recording.open_desc.fccComp, 0);
    assert_int_equal(recording.open_desc.dwVersion, acmGetVersion());
    assert_int_equal(recording.open_desc.dwFlags, 0);
    assert_string_equal(recording.open_section, "Drivers32");
    assert_true(strlen(recording.open_alias) > 0);
    /* The ACM messages carry the instance ID DRV_OPEN returned. */
    assert_int_equal(recording.last_driver_id, RECORDING_INSTANCE_ID);

    ACMDRIVERDETAILSA details;
    details.cbStruct = 0;
    assert_int_equal(acmDriverDetailsA(id, &details, 0), MMSYSERR_INVALPARAM);

    /* native: a later acmDriverDetails sends DRIVER_DETAILS, no new DRV_OPEN, no DRV_CLOSE. */
    recording_reset();
    details.cbStruct = sizeof details;
    assert_int_equal(acmDriverDetailsA(id, &details, 0), MMSYSERR_NOERROR);
    assert_int_equal(recording_driver.count, 1);
    assert_int_equal(recording_driver.records[0].msg, ACMDM_DRIVER_DETAILS);
    assert_int_equal(details.cbStruct, sizeof details);
    assert_string_equal(details.szShortName, "Recording");
    assert_true(details.fdwSupport & ACMDRIVERDETAILS_SUPPORTF_LOCAL);

    /* Remove closes the one instance: DRV_CLOSE, then the module's DRV_DISABLE and DRV_FREE. */
    recording_reset();
    assert_int_equal(acmDriverRemove(id, 0), MMSYSERR_NOERROR);
    assert_int_equal(recording_driver.count, 3);
    assert_int_equal(recording_driver.records[0].msg, DRV_CLOSE);
    assert_int_equal(recording_driver.records[1].msg, DRV_DISABLE);
    assert_int_equal(recording_driver.records[2].msg, DRV_FREE);
    assert_int_equal(acmDriverDetailsA(id, &details, 0), MMSYSERR_INVALHANDLE);
    assert_int_equal(acmDriverRemove(id, 0), MMSYSERR_INVALHANDLE);
}

/* A driver whose DRV_OPEN fails is not added, and its dwError comes back. */
static LRESULT refusing_hook(ts_driver *driver, DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM l1, LPARAM l2)
{
    (void)driver;
    (void)id;
    (void)hdrvr;
    (void)l1;
    if (msg == DRV_OPEN) {
        if (l2)
            ((ACMDRVOPENDESCW *)l2)->dwError = MMSYSERR_NOMEM;
        return 0;
    }
    return msg == DRV_LOAD || msg == DRV_FREE || msg == DRV_ENABLE || msg == DRV_DISABLE ? TS_DRIVER_STANDARD
                                                                                         : MMSYSERR_NOTSUPPORTED;
}

static ts_driver refusing_driver = {.load_result = 1, .enable_result = 1, .hook = refusing_hook};

static void test_add_refused(void **state)
{
    HACMDRIVERID id = NULL;
    DWORD before = 0, after = 0;
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_COUNT_LOCAL_DRIVERS, &before), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverAddA(&id, NULL, (LPARAM)ts_driver_proc(&refusing_driver), 0, ACM_DRIVERADDF_FUNCTION),
                     MMSYSERR_NOMEM);
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_COUNT_LOCAL_DRIVERS, &after), MMSYSERR_NOERROR);
    assert_int_equal(before, after);
}

static void test_add_arguments(void **state)
{
    HACMDRIVERID id = NULL;
    LPARAM proc = (LPARAM)recording_driver_proc;
    assert_int_equal(acmDriverAddA(NULL, NULL, proc, 0, ACM_DRIVERADDF_FUNCTION), MMSYSERR_INVALPARAM);
    /* NULL phadid is checked before the flags. */
    assert_int_equal(acmDriverAddA(NULL, NULL, proc, 0, 0x100), MMSYSERR_INVALPARAM);
    assert_int_equal(acmDriverAddA(&id, NULL, proc, 0, 0x100), MMSYSERR_INVALFLAG);
    assert_int_equal(acmDriverAddA(&id, NULL, proc, 0, ACM_DRIVERADDF_FUNCTION | ACM_DRIVERADDF_NOTIFYHWND),
                     MMSYSERR_INVALFLAG);
    assert_int_equal(acmDriverAddA(&id, NULL, proc, 0, 2), MMSYSERR_INVALFLAG);
    assert_int_equal(acmDriverAddA(&id, NULL, proc, 0, ACM_DRIVERADDF_LOCAL), MMSYSERR_INVALFLAG);
    assert_int_equal(acmDriverAddW(&id, NULL, 0, 0, ACM_DRIVERADDF_FUNCTION), MMSYSERR_INVALPARAM);
    assert_int_equal(acmDriverAddA(&id, NULL, 0, 0, ACM_DRIVERADDF_NAME), MMSYSERR_INVALPARAM);
    assert_int_equal(acmDriverAddA(&id, NULL, (LPARAM) "imaadp32.acm", 0, ACM_DRIVERADDF_NAME), MMSYSERR_INVALPARAM);
    assert_int_equal(acmDriverAddA(&id, NULL, (LPARAM) "msacm.no-such-driver", 0, ACM_DRIVERADDF_NAME),
                     MMSYSERR_INVALPARAM);
    assert_int_equal(acmDriverAddA(&id, NULL, (LPARAM)(uintptr_t)0x1234, WM_USER, ACM_DRIVERADDF_NOTIFYHWND),
                     MMSYSERR_INVALPARAM);
}

/* ACM_DRIVERADDF_NAME works (unlike Wine): an installed Drivers32 name gives its ID. */
static BOOL CALLBACK collect_global(HACMDRIVERID hadid, DWORD_PTR instance, DWORD support)
{
    HACMDRIVERID *first = (HACMDRIVERID *)instance;
    if (!*first)
        *first = hadid;
    return TRUE;
}

static void test_add_name_of_installed_driver(void **state)
{
    HACMDRIVERID first = NULL;
    assert_int_equal(acmDriverEnum(collect_global, (DWORD_PTR)&first, ACM_DRIVERENUMF_NOLOCAL), MMSYSERR_NOERROR);
    assert_non_null(first);
    /* Its alias is what DRV_CONFIGURE's DRVCONFIGINFOEX names; ask the driver list instead. */
    HACMDRIVERID again = NULL;
    WCHAR name[] = {'m', 's', 'a', 'c', 'm', '.', 'm', 's', 'g', '7', '1', '1', 0};
    MMRESULT result = acmDriverAddW(&again, NULL, (LPARAM)name, 0, ACM_DRIVERADDF_NAME);
    if (result == MMSYSERR_INVALPARAM) {
        print_message("msacm.msg711 is not a built-in here; skipping the NAME check\n");
        return;
    }
    assert_int_equal(result, MMSYSERR_NOERROR);
    ACMDRIVERDETAILSW details;
    details.cbStruct = sizeof details;
    assert_int_equal(acmDriverDetailsW(again, &details, 0), MMSYSERR_NOERROR);
    assert_false(details.fdwSupport & ACMDRIVERDETAILS_SUPPORTF_LOCAL);
}

/* ---- notification windows ---------------------------------------------------------------- */

static int notify_count;
static LRESULT CALLBACK notify_window_proc(HWND hwnd, UINT msg, WPARAM wParam, LPARAM lParam)
{
    if (msg == WM_USER + 77)
        notify_count++;
    return DefWindowProcW(hwnd, msg, wParam, lParam);
}

static void test_notify_window(void **state)
{
    static const WCHAR class_name[] = {'a', 'c', 'm', 'n', 'o', 't', 'i', 'f', 'y', 0};
    WNDCLASSW window_class;
    memset(&window_class, 0, sizeof window_class);
    window_class.lpfnWndProc = notify_window_proc;
    window_class.lpszClassName = class_name;
    RegisterClassW(&window_class);
    HWND window = CreateWindowExW(0, class_name, class_name, 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL, NULL);
    assert_non_null(window);
    HACMDRIVERID notify = NULL;
    assert_int_equal(acmDriverAddA(&notify, NULL, (LPARAM)window, WM_USER + 77, ACM_DRIVERADDF_NOTIFYHWND),
                     MMSYSERR_NOERROR);
    /* A notify ID is not a driver. */
    ACMDRIVERDETAILSA details;
    details.cbStruct = sizeof details;
    assert_int_equal(acmDriverDetailsA(notify, &details, 0), MMSYSERR_INVALHANDLE);
    HACMDRIVER had;
    assert_int_equal(acmDriverOpen(&had, notify, 0), MMSYSERR_INVALHANDLE);

    HACMDRIVERID global = NULL;
    assert_int_equal(acmDriverEnum(collect_global, (DWORD_PTR)&global, ACM_DRIVERENUMF_NOLOCAL), MMSYSERR_NOERROR);
    assert_non_null(global);
    notify_count = 0;
    assert_int_equal(acmDriverPriority(global, 0, ACM_DRIVERPRIORITYF_DISABLE), MMSYSERR_NOERROR);
    assert_int_equal(notify_count, 1);
    assert_int_equal(acmDriverPriority(global, 0, ACM_DRIVERPRIORITYF_ENABLE), MMSYSERR_NOERROR);
    assert_int_equal(notify_count, 2);
    /* No change, no broadcast. */
    assert_int_equal(acmDriverPriority(global, 0, ACM_DRIVERPRIORITYF_ENABLE), MMSYSERR_NOERROR);
    assert_int_equal(notify_count, 2);
    /* Deferred: one broadcast at END. */
    assert_int_equal(acmDriverPriority(NULL, 0, ACM_DRIVERPRIORITYF_BEGIN), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverPriority(global, 0, ACM_DRIVERPRIORITYF_DISABLE), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverPriority(global, 0, ACM_DRIVERPRIORITYF_ENABLE), MMSYSERR_NOERROR);
    assert_int_equal(notify_count, 2);
    assert_int_equal(acmDriverPriority(NULL, 0, ACM_DRIVERPRIORITYF_END), MMSYSERR_NOERROR);
    assert_int_equal(notify_count, 3);
    /* Local drivers are not broadcast. */
    assert_int_equal(acmDriverPriority(recording_id, 0, ACM_DRIVERPRIORITYF_DISABLE), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverPriority(recording_id, 0, ACM_DRIVERPRIORITYF_ENABLE), MMSYSERR_NOERROR);
    assert_int_equal(notify_count, 3);
    /* Notify IDs support no priority, but can be disabled (then they get nothing). */
    assert_int_equal(acmDriverPriority(notify, 1, 0), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(acmDriverPriority(notify, 0, ACM_DRIVERPRIORITYF_DISABLE), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverPriority(global, 0, ACM_DRIVERPRIORITYF_DISABLE), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverPriority(global, 0, ACM_DRIVERPRIORITYF_ENABLE), MMSYSERR_NOERROR);
    assert_int_equal(notify_count, 3);
    assert_int_equal(acmDriverRemove(notify, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverRemove(notify, 0), MMSYSERR_INVALHANDLE);
    DestroyWindow(window);
}

/* ---- acmDriverEnum ----------------------------------------------------------------------- */

typedef struct enum_record {
    HACMDRIVERID ids[64];
    DWORD support[64];
    size_t count;
    size_t stop_after;
} enum_record;

static BOOL CALLBACK record_driver(HACMDRIVERID hadid, DWORD_PTR instance, DWORD support)
{
    enum_record *record = (enum_record *)instance;
    if (record->count < 64) {
        record->ids[record->count] = hadid;
        record->support[record->count] = support;
    }
    record->count++;
    return record->stop_after == 0 || record->count < record->stop_after;
}

static void test_driver_enum(void **state)
{
    enum_record all = {0}, global = {0}, one = {0}, disabled = {0};
    assert_int_equal(acmDriverEnum(NULL, 0, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmDriverEnum(NULL, 0, 1), MMSYSERR_INVALPARAM);
    assert_int_equal(acmDriverEnum(record_driver, (DWORD_PTR)&all, 1), MMSYSERR_INVALFLAG);
    assert_int_equal(acmDriverEnum(record_driver, (DWORD_PTR)&all, 0), MMSYSERR_NOERROR);
    assert_true(all.count >= 2); /* the recording driver and at least the PCM converter */
    /* Local drivers come first. */
    assert_ptr_equal(all.ids[0], recording_id);
    assert_true(all.support[0] & ACMDRIVERDETAILS_SUPPORTF_LOCAL);
    assert_int_equal(all.support[0] & ~ACMDRIVERDETAILS_SUPPORTF_LOCAL,
                     ACMDRIVERDETAILS_SUPPORTF_CODEC | ACMDRIVERDETAILS_SUPPORTF_FILTER);
    /* NOLOCAL leaves it out (Wine ignores the flag; Windows documents it). */
    assert_int_equal(acmDriverEnum(record_driver, (DWORD_PTR)&global, ACM_DRIVERENUMF_NOLOCAL), MMSYSERR_NOERROR);
    assert_int_equal(global.count, all.count - 1);
    for (size_t i = 0; i < global.count; i++)
        assert_false(global.support[i] & ACMDRIVERDETAILS_SUPPORTF_LOCAL);
    /* The callback's FALSE stops the enumeration. */
    one.stop_after = 1;
    assert_int_equal(acmDriverEnum(record_driver, (DWORD_PTR)&one, 0), MMSYSERR_NOERROR);
    assert_int_equal(one.count, 1);
    /* Disabled drivers only with ACM_DRIVERENUMF_DISABLED, flagged. */
    assert_int_equal(acmDriverPriority(recording_id, 0, ACM_DRIVERPRIORITYF_DISABLE), MMSYSERR_NOERROR);
    memset(&one, 0, sizeof one);
    assert_int_equal(acmDriverEnum(record_driver, (DWORD_PTR)&one, 0), MMSYSERR_NOERROR);
    assert_int_equal(one.count, all.count - 1);
    assert_int_equal(acmDriverEnum(record_driver, (DWORD_PTR)&disabled, ACM_DRIVERENUMF_DISABLED), MMSYSERR_NOERROR);
    assert_int_equal(disabled.count, all.count);
    assert_ptr_equal(disabled.ids[0], recording_id);
    assert_true(disabled.support[0] & ACMDRIVERDETAILS_SUPPORTF_DISABLED);
    HACMDRIVER had;
    assert_int_equal(acmDriverOpen(&had, recording_id, 0), MMSYSERR_NOTENABLED);
    /* Disabled drivers can still be queried for details. */
    ACMDRIVERDETAILSW details;
    details.cbStruct = sizeof details;
    assert_int_equal(acmDriverDetailsW(recording_id, &details, 0), MMSYSERR_NOERROR);
    assert_true(details.fdwSupport & ACMDRIVERDETAILS_SUPPORTF_DISABLED);
    assert_int_equal(acmDriverPriority(recording_id, 0, ACM_DRIVERPRIORITYF_ENABLE), MMSYSERR_NOERROR);
}

/* ---- acmDriverDetails -------------------------------------------------------------------- */

static void test_driver_details(void **state)
{
    ACMDRIVERDETAILSA narrow;
    ACMDRIVERDETAILSW wide;
    assert_int_equal(acmDriverDetailsA(recording_id, NULL, 0), MMSYSERR_INVALPARAM);
    narrow.cbStruct = 0;
    assert_int_equal(acmDriverDetailsA(recording_id, &narrow, 0), MMSYSERR_INVALPARAM);
    /* native: cbStruct 4 succeeds (contrary to MSDN) and only cbStruct is written. */
    memset(&narrow, 0x5A, sizeof narrow);
    narrow.cbStruct = 4;
    assert_int_equal(acmDriverDetailsA(recording_id, &narrow, 0), MMSYSERR_NOERROR);
    assert_int_equal(narrow.cbStruct, 4);
    assert_int_equal(narrow.wMid, 0x5A5A);
    /* native: handle 1 → INVALHANDLE, but with a NULL pointer the pointer wins. */
    narrow.cbStruct = sizeof narrow;
    assert_int_equal(acmDriverDetailsA(BAD_HANDLE(HACMDRIVERID), &narrow, 0), MMSYSERR_INVALHANDLE);
    assert_int_equal(acmDriverDetailsA(BAD_HANDLE(HACMDRIVERID), NULL, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmDriverDetailsA(recording_id, &narrow, (DWORD)-1), MMSYSERR_INVALFLAG);
    assert_int_equal(acmDriverDetailsA(recording_id, &narrow, 0), MMSYSERR_NOERROR);
    assert_int_equal(narrow.cbStruct, sizeof narrow);
    assert_int_equal(narrow.fccType, ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC);
    assert_int_equal(narrow.wMid, 0xFFFF);
    assert_int_equal(narrow.wPid, 1);
    assert_int_equal(narrow.vdwDriver, 0x01020003u);
    assert_int_equal(narrow.cFormatTags, 2);
    assert_int_equal(narrow.cFilterTags, 1);
    assert_string_equal(narrow.szLongName, "portacm recording test driver");
    wide.cbStruct = sizeof wide;
    assert_int_equal(acmDriverDetailsW(recording_id, &wide, 0), MMSYSERR_NOERROR);
    assert_true(wide_equals(wide.szShortName, "Recording"));
    assert_int_equal(wide.fdwSupport, ACMDRIVERDETAILS_SUPPORTF_CODEC | ACMDRIVERDETAILS_SUPPORTF_FILTER |
                                          ACMDRIVERDETAILS_SUPPORTF_LOCAL);
    /* A larger cbStruct is accepted; cbStruct comes back as the real size. */
    BYTE bigger[sizeof(ACMDRIVERDETAILSW) + 16];
    memset(bigger, 0x33, sizeof bigger);
    ((ACMDRIVERDETAILSW *)bigger)->cbStruct = sizeof bigger;
    assert_int_equal(acmDriverDetailsW(recording_id, (ACMDRIVERDETAILSW *)bigger, 0), MMSYSERR_NOERROR);
    assert_int_equal(((ACMDRIVERDETAILSW *)bigger)->cbStruct, sizeof(ACMDRIVERDETAILSW));
    assert_int_equal(bigger[sizeof bigger - 1], 0x33);
}

/* ---- acmDriverOpen / acmDriverClose / acmDriverID ---------------------------------------- */

static void test_driver_open_close(void **state)
{
    HACMDRIVER had = NULL;
    assert_int_equal(acmDriverOpen(NULL, recording_id, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmDriverOpen(NULL, BAD_HANDLE(HACMDRIVERID), 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmDriverOpen(&had, BAD_HANDLE(HACMDRIVERID), 0), MMSYSERR_INVALHANDLE);
    assert_int_equal(acmDriverOpen(&had, recording_id, (DWORD)-1), MMSYSERR_INVALFLAG);
    recording_reset();
    assert_int_equal(acmDriverOpen(&had, recording_id, 0), MMSYSERR_NOERROR);
    assert_non_null(had);
    /* Each HACMDRIVER is an instance of its own: one DRV_OPEN, no new DRV_LOAD. */
    assert_int_equal(recording_driver.count, 1);
    assert_int_equal(recording_driver.records[0].msg, DRV_OPEN);
    assert_int_equal(recording.open_desc.dwVersion, acmGetVersion());

    HACMDRIVERID id = NULL;
    assert_int_equal(acmDriverID((HACMOBJ)had, &id, 0), MMSYSERR_NOERROR);
    assert_ptr_equal(id, recording_id);
    assert_int_equal(acmDriverID((HACMOBJ)recording_id, &id, 0), MMSYSERR_NOERROR);
    assert_ptr_equal(id, recording_id);
    assert_int_equal(acmDriverID((HACMOBJ)had, NULL, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmDriverID(BAD_HANDLE(HACMOBJ), &id, 0), MMSYSERR_INVALHANDLE);
    assert_int_equal(acmDriverID(BAD_HANDLE(HACMOBJ), NULL, 0), MMSYSERR_INVALHANDLE);
    assert_int_equal(acmDriverID(NULL, &id, 0), MMSYSERR_INVALHANDLE);
    assert_int_equal(acmDriverID((HACMOBJ)had, &id, 1), MMSYSERR_INVALFLAG);

    assert_int_equal(acmDriverClose(BAD_HANDLE(HACMDRIVER), 0), MMSYSERR_INVALHANDLE);
    assert_int_equal(acmDriverClose(had, 1), MMSYSERR_INVALFLAG);
    assert_int_equal(acmDriverClose((HACMDRIVER)recording_id, 0), MMSYSERR_INVALHANDLE);
    recording_reset();
    assert_int_equal(acmDriverClose(had, 0), MMSYSERR_NOERROR);
    assert_int_equal(recording_driver.count, 1);
    assert_int_equal(recording_driver.records[0].msg, DRV_CLOSE);
    assert_int_equal(acmDriverClose(had, 0), MMSYSERR_INVALHANDLE);
    assert_int_equal(acmDriverID((HACMOBJ)had, &id, 0), MMSYSERR_INVALHANDLE);
}

/* acmDriverRemove closes what the application left open. */
static void test_remove_closes_open_instances(void **state)
{
    HACMDRIVERID id;
    HACMDRIVER had;
    assert_int_equal(acmDriverAddW(&id, (HINSTANCE)(uintptr_t)0x7703, (LPARAM)recording_driver_proc, 0,
                                   ACM_DRIVERADDF_FUNCTION),
                     MMSYSERR_NOERROR);
    assert_int_equal(acmDriverOpen(&had, id, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverRemove(id, 1), MMSYSERR_INVALFLAG);
    assert_int_equal(acmDriverRemove(BAD_HANDLE(HACMDRIVERID), 0), MMSYSERR_INVALHANDLE);
    assert_int_equal(acmDriverRemove(BAD_HANDLE(HACMDRIVERID), 1), MMSYSERR_INVALHANDLE);
    recording_reset();
    assert_int_equal(acmDriverRemove(id, 0), MMSYSERR_NOERROR);
    assert_int_equal(recording_count(DRV_CLOSE), 2);
    assert_int_equal(recording_count(DRV_FREE), 1);
    assert_int_equal(recording_driver.records[recording_driver.count - 1].msg, DRV_FREE);
    assert_int_equal(acmDriverClose(had, 0), MMSYSERR_INVALHANDLE);
}

/* ---- acmDriverMessage -------------------------------------------------------------------- */

static void test_driver_message(void **state)
{
    HACMDRIVER had;
    assert_int_equal(acmDriverOpen(&had, recording_id, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverMessage(had, ACMDM_USER + 1, 0, 0), RECORDING_USER_ANSWER);
    assert_int_equal(recording.last_driver_id, RECORDING_INSTANCE_ID);
    /* The ID form talks to the persistent instance. */
    assert_int_equal(acmDriverMessage((HACMDRIVER)recording_id, ACMDM_USER + 1, 0, 0), RECORDING_USER_ANSWER);
    /* Only ACMDM_USER..ACMDM_RESERVED_LOW-1, ABOUT, DRV_(QUERY)CONFIGURE; checked before the handle. */
    assert_int_equal(acmDriverMessage(had, DRV_LOAD, 0, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmDriverMessage(had, ACMDM_DRIVER_DETAILS, 0, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmDriverMessage(had, ACMDM_RESERVED_LOW, 0, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmDriverMessage(BAD_HANDLE(HACMDRIVER), DRV_LOAD, 0, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmDriverMessage(BAD_HANDLE(HACMDRIVER), ACMDM_USER + 1, 0, 0), MMSYSERR_INVALHANDLE);
    assert_int_equal(acmDriverMessage(had, ACMDM_RESERVED_LOW - 1, 0, 0), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(acmDriverMessage(had, ACMDM_DRIVER_ABOUT, -1, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverMessage(had, DRV_QUERYCONFIGURE, 0, 0), 1);
    recording.configure_seen = false;
    assert_int_equal(acmDriverMessage(had, DRV_CONFIGURE, 0, 0), DRVCNF_OK);
    assert_true(recording.configure_seen);
    assert_int_equal(recording.configure_size, sizeof(DRVCONFIGINFOEX));
    assert_string_equal(recording.configure_section, "Drivers32");
    assert_true(strlen(recording.configure_alias) > 0);
    assert_int_equal(acmDriverClose(had, 0), MMSYSERR_NOERROR);
}

/* ---- acmDriverPriority ------------------------------------------------------------------- */

static void test_driver_priority_arguments(void **state)
{
    assert_int_equal(acmDriverPriority(recording_id, 0, 0x4), MMSYSERR_INVALFLAG);
    assert_int_equal(acmDriverPriority(recording_id, 0, ACM_DRIVERPRIORITYF_ENABLE | ACM_DRIVERPRIORITYF_DISABLE),
                     MMSYSERR_INVALFLAG);
    assert_int_equal(acmDriverPriority(NULL, 0, ACM_DRIVERPRIORITYF_BEGIN | ACM_DRIVERPRIORITYF_END),
                     MMSYSERR_INVALFLAG);
    assert_int_equal(acmDriverPriority(recording_id, 0, ACM_DRIVERPRIORITYF_BEGIN), MMSYSERR_INVALPARAM);
    assert_int_equal(acmDriverPriority(NULL, 1, ACM_DRIVERPRIORITYF_BEGIN), MMSYSERR_INVALPARAM);
    assert_int_equal(acmDriverPriority(NULL, 0, ACM_DRIVERPRIORITYF_BEGIN | ACM_DRIVERPRIORITYF_ENABLE),
                     MMSYSERR_INVALPARAM);
    assert_int_equal(acmDriverPriority(NULL, 0, ACM_DRIVERPRIORITYF_BEGIN), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverPriority(NULL, 0, ACM_DRIVERPRIORITYF_END), MMSYSERR_NOERROR);
    /* One process is one task: END without BEGIN is harmless. */
    assert_int_equal(acmDriverPriority(NULL, 0, ACM_DRIVERPRIORITYF_END), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverPriority(BAD_HANDLE(HACMDRIVERID), 0, 0), MMSYSERR_INVALHANDLE);
    assert_int_equal(acmDriverPriority(NULL, 0, 0), MMSYSERR_INVALHANDLE);
    /* Local drivers have no priority (but can be enabled and disabled). */
    assert_int_equal(acmDriverPriority(recording_id, 1, 0), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(acmDriverPriority(recording_id, (DWORD)-1, ACM_DRIVERPRIORITYF_DISABLE), MMSYSERR_NOTSUPPORTED);
    DWORD disabled = 0;
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_COUNT_LOCAL_DISABLED, &disabled), MMSYSERR_NOERROR);
    assert_int_equal(disabled, 0);
    assert_int_equal(acmDriverPriority(recording_id, 0, ACM_DRIVERPRIORITYF_DISABLE), MMSYSERR_NOERROR);
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_COUNT_LOCAL_DISABLED, &disabled), MMSYSERR_NOERROR);
    assert_int_equal(disabled, 1);
    assert_int_equal(acmDriverPriority(recording_id, 0, ACM_DRIVERPRIORITYF_ENABLE), MMSYSERR_NOERROR);
}

/* ---- acmMetrics -------------------------------------------------------------------------- */

static void test_metrics(void **state)
{
    static const UINT counts[] = {
        ACM_METRIC_COUNT_DRIVERS,       ACM_METRIC_COUNT_CODECS,          ACM_METRIC_COUNT_CONVERTERS,
        ACM_METRIC_COUNT_FILTERS,       ACM_METRIC_COUNT_DISABLED,        ACM_METRIC_COUNT_HARDWARE,
        ACM_METRIC_COUNT_LOCAL_DRIVERS, ACM_METRIC_COUNT_LOCAL_CODECS,    ACM_METRIC_COUNT_LOCAL_CONVERTERS,
        ACM_METRIC_COUNT_LOCAL_FILTERS, ACM_METRIC_COUNT_LOCAL_DISABLED,
    };
    DWORD value;
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        /* native: NULL pointer → INVALPARAM; handle 1 → INVALHANDLE even with a NULL pointer. */
        assert_int_equal(acmMetrics(NULL, counts[i], NULL), MMSYSERR_INVALPARAM);
        assert_int_equal(acmMetrics(BAD_HANDLE(HACMOBJ), counts[i], NULL), MMSYSERR_INVALHANDLE);
        assert_int_equal(acmMetrics(BAD_HANDLE(HACMOBJ), counts[i], &value), MMSYSERR_INVALHANDLE);
        assert_int_equal(acmMetrics((HACMOBJ)recording_id, counts[i], &value), MMSYSERR_INVALHANDLE);
        assert_int_equal(acmMetrics(NULL, counts[i], &value), MMSYSERR_NOERROR);
    }
    enum_record global = {0};
    assert_int_equal(acmDriverEnum(record_driver, (DWORD_PTR)&global, ACM_DRIVERENUMF_NOLOCAL), MMSYSERR_NOERROR);
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_COUNT_DRIVERS, &value), MMSYSERR_NOERROR);
    assert_int_equal(value, global.count);
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_COUNT_HARDWARE, &value), MMSYSERR_NOERROR);
    assert_int_equal(value, 0);
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_COUNT_LOCAL_DRIVERS, &value), MMSYSERR_NOERROR);
    assert_int_equal(value, 1);
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_COUNT_LOCAL_CODECS, &value), MMSYSERR_NOERROR);
    assert_int_equal(value, 1);
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_COUNT_LOCAL_FILTERS, &value), MMSYSERR_NOERROR);
    assert_int_equal(value, 1);
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_COUNT_LOCAL_CONVERTERS, &value), MMSYSERR_NOERROR);
    assert_int_equal(value, 0);

    /* MAX_SIZE_FORMAT: global (at least the recording driver's 20), per ID, per HACMDRIVER. */
    static const UINT per_driver[] = {ACM_METRIC_MAX_SIZE_FORMAT, ACM_METRIC_DRIVER_SUPPORT,
                                      ACM_METRIC_DRIVER_PRIORITY};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(acmMetrics((HACMOBJ)recording_id, per_driver[i], NULL), MMSYSERR_INVALPARAM);
        assert_int_equal(acmMetrics(BAD_HANDLE(HACMOBJ), per_driver[i], NULL), MMSYSERR_INVALHANDLE);
        assert_int_equal(acmMetrics(BAD_HANDLE(HACMOBJ), per_driver[i], &value), MMSYSERR_INVALHANDLE);
    }
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FORMAT, NULL), MMSYSERR_INVALPARAM);
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FORMAT, &value), MMSYSERR_NOERROR);
    assert_true(value >= RECORDING_FORMAT_SIZE);
    assert_int_equal(acmMetrics((HACMOBJ)recording_id, ACM_METRIC_MAX_SIZE_FORMAT, &value), MMSYSERR_NOERROR);
    assert_int_equal(value, RECORDING_FORMAT_SIZE);
    HACMDRIVER had;
    assert_int_equal(acmDriverOpen(&had, recording_id, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmMetrics((HACMOBJ)had, ACM_METRIC_MAX_SIZE_FORMAT, &value), MMSYSERR_NOERROR);
    assert_int_equal(value, RECORDING_FORMAT_SIZE);
    assert_int_equal(acmMetrics((HACMOBJ)had, ACM_METRIC_MAX_SIZE_FILTER, &value), MMSYSERR_NOERROR);
    assert_int_equal(value, RECORDING_FILTER_SIZE);
    /* DRIVER_SUPPORT / DRIVER_PRIORITY need a driver ID. */
    assert_int_equal(acmMetrics((HACMOBJ)had, ACM_METRIC_DRIVER_SUPPORT, &value), MMSYSERR_INVALHANDLE);
    assert_int_equal(acmDriverClose(had, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FILTER, &value), MMSYSERR_NOERROR);
    assert_true(value >= RECORDING_FILTER_SIZE);
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_DRIVER_SUPPORT, &value), MMSYSERR_INVALHANDLE);
    assert_int_equal(acmMetrics((HACMOBJ)recording_id, ACM_METRIC_DRIVER_SUPPORT, &value), MMSYSERR_NOERROR);
    assert_int_equal(value, ACMDRIVERDETAILS_SUPPORTF_CODEC | ACMDRIVERDETAILS_SUPPORTF_FILTER |
                                ACMDRIVERDETAILS_SUPPORTF_LOCAL);
    assert_int_equal(acmMetrics((HACMOBJ)recording_id, ACM_METRIC_DRIVER_PRIORITY, &value), MMSYSERR_NOERROR);
    assert_int_equal(value, 1);
    /* No waveform-audio device is tied to any driver. */
    assert_int_equal(acmMetrics((HACMOBJ)recording_id, ACM_METRIC_HARDWARE_WAVE_INPUT, &value), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(acmMetrics((HACMOBJ)recording_id, ACM_METRIC_HARDWARE_WAVE_OUTPUT, &value),
                     MMSYSERR_NOTSUPPORTED);
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_HARDWARE_WAVE_OUTPUT, &value), MMSYSERR_INVALHANDLE);
    assert_int_equal(acmMetrics(NULL, 999, &value), MMSYSERR_NOTSUPPORTED);
}

/* ---- format tags ------------------------------------------------------------------------- */

static void test_format_tag_details(void **state)
{
    ACMFORMATTAGDETAILSW tag;
    HACMDRIVER had;
    memset(&tag, 0, sizeof tag);
    assert_int_equal(acmFormatTagDetailsW(NULL, NULL, ACM_FORMATTAGDETAILSF_FORMATTAG), MMSYSERR_INVALPARAM);
    tag.cbStruct = sizeof tag - 1;
    assert_int_equal(acmFormatTagDetailsW(NULL, &tag, ACM_FORMATTAGDETAILSF_FORMATTAG), MMSYSERR_INVALPARAM);
    tag.cbStruct = sizeof tag;
    assert_int_equal(acmFormatTagDetailsW(NULL, &tag, 0x10), MMSYSERR_INVALFLAG);
    assert_int_equal(acmFormatTagDetailsW(NULL, &tag, 3), MMSYSERR_INVALFLAG);
    /* The first enabled driver with the tag answers: the recording driver; empty PCM name → "PCM". */
    tag.dwFormatTag = WAVE_FORMAT_PCM;
    assert_int_equal(acmFormatTagDetailsW(NULL, &tag, ACM_FORMATTAGDETAILSF_FORMATTAG), MMSYSERR_NOERROR);
    assert_int_equal(tag.cbFormatSize, 16);
    assert_int_equal(tag.cStandardFormats, 2);
    assert_true(wide_equals(tag.szFormatTag, "PCM"));
    tag.dwFormatTag = RECORDING_TAG;
    assert_int_equal(acmFormatTagDetailsW(NULL, &tag, ACM_FORMATTAGDETAILSF_FORMATTAG), MMSYSERR_NOERROR);
    assert_int_equal(tag.cbFormatSize, RECORDING_FORMAT_SIZE);
    assert_true(wide_equals(tag.szFormatTag, "Recording tag"));
    tag.dwFormatTag = 0xBEEF;
    assert_int_equal(acmFormatTagDetailsW(NULL, &tag, ACM_FORMATTAGDETAILSF_FORMATTAG), ACMERR_NOTPOSSIBLE);
    /* INDEX needs a driver. */
    tag.dwFormatTagIndex = 0;
    assert_int_equal(acmFormatTagDetailsW(NULL, &tag, ACM_FORMATTAGDETAILSF_INDEX), ACMERR_NOTPOSSIBLE);
    assert_int_equal(acmFormatTagDetailsW(BAD_HANDLE(HACMDRIVER), &tag, ACM_FORMATTAGDETAILSF_INDEX),
                     MMSYSERR_INVALHANDLE);
    assert_int_equal(acmDriverOpen(&had, recording_id, 0), MMSYSERR_NOERROR);
    tag.dwFormatTagIndex = 1;
    assert_int_equal(acmFormatTagDetailsW(had, &tag, ACM_FORMATTAGDETAILSF_INDEX), MMSYSERR_NOERROR);
    assert_int_equal(tag.dwFormatTag, RECORDING_TAG);
    tag.dwFormatTagIndex = 2;
    assert_int_equal(acmFormatTagDetailsW(had, &tag, ACM_FORMATTAGDETAILSF_INDEX), MMSYSERR_INVALPARAM);
    /* A driver ID also works as `had` for INDEX (as documented). */
    tag.dwFormatTagIndex = 0;
    assert_int_equal(acmFormatTagDetailsW((HACMDRIVER)recording_id, &tag, ACM_FORMATTAGDETAILSF_INDEX),
                     MMSYSERR_NOERROR);
    assert_int_equal(tag.dwFormatTag, WAVE_FORMAT_PCM);
    /* LARGESTSIZE: tag 0 means any tag. */
    tag.dwFormatTag = WAVE_FORMAT_UNKNOWN;
    assert_int_equal(acmFormatTagDetailsW(had, &tag, ACM_FORMATTAGDETAILSF_LARGESTSIZE), MMSYSERR_NOERROR);
    assert_int_equal(tag.cbFormatSize, RECORDING_FORMAT_SIZE);
    tag.dwFormatTag = WAVE_FORMAT_UNKNOWN;
    assert_int_equal(acmFormatTagDetailsW(NULL, &tag, ACM_FORMATTAGDETAILSF_LARGESTSIZE), MMSYSERR_NOERROR);
    DWORD largest = 0;
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FORMAT, &largest), MMSYSERR_NOERROR);
    assert_int_equal(tag.cbFormatSize, largest);
    assert_int_equal(acmDriverClose(had, 0), MMSYSERR_NOERROR);

    ACMFORMATTAGDETAILSA narrow;
    memset(&narrow, 0, sizeof narrow);
    narrow.cbStruct = sizeof narrow;
    narrow.dwFormatTag = RECORDING_TAG;
    assert_int_equal(acmFormatTagDetailsA(NULL, &narrow, ACM_FORMATTAGDETAILSF_FORMATTAG), MMSYSERR_NOERROR);
    assert_string_equal(narrow.szFormatTag, "Recording tag");
    narrow.cbStruct = sizeof(ACMFORMATTAGDETAILSA) - 1;
    assert_int_equal(acmFormatTagDetailsA(NULL, &narrow, ACM_FORMATTAGDETAILSF_FORMATTAG), MMSYSERR_INVALPARAM);
}

typedef struct tag_record {
    DWORD tags[64];
    size_t count;
    size_t pcm;
    size_t stop_after;
} tag_record;

static BOOL CALLBACK record_tag(HACMDRIVERID hadid, LPACMFORMATTAGDETAILSA details, DWORD_PTR instance, DWORD support)
{
    tag_record *record = (tag_record *)instance;
    if (record->count < 64)
        record->tags[record->count] = details->dwFormatTag;
    record->count++;
    record->pcm += details->dwFormatTag == WAVE_FORMAT_PCM;
    if (details->dwFormatTag == WAVE_FORMAT_PCM && strcmp(details->szFormatTag, "PCM") != 0)
        return FALSE;
    return record->stop_after == 0 || record->count < record->stop_after;
}

static void test_format_tag_enum(void **state)
{
    ACMFORMATTAGDETAILSA tag;
    tag_record record = {0};
    memset(&tag, 0, sizeof tag);
    tag.cbStruct = sizeof tag;
    assert_int_equal(acmFormatTagEnumA(NULL, NULL, record_tag, 0, 0), MMSYSERR_INVALPARAM);
    tag.cbStruct = 0;
    assert_int_equal(acmFormatTagEnumA(NULL, &tag, record_tag, 0, 0), MMSYSERR_INVALPARAM);
    tag.cbStruct = sizeof tag;
    assert_int_equal(acmFormatTagEnumA(NULL, &tag, record_tag, 0, 1), MMSYSERR_INVALFLAG);
    assert_int_equal(acmFormatTagEnumA(NULL, &tag, NULL, 0, 0), MMSYSERR_INVALPARAM);
    /* Every enabled driver: PCM reported once, named "PCM". */
    assert_int_equal(acmFormatTagEnumA(NULL, &tag, record_tag, (DWORD_PTR)&record, 0), MMSYSERR_NOERROR);
    assert_int_equal(record.pcm, 1);
    assert_int_equal(record.tags[0], WAVE_FORMAT_PCM);
    assert_int_equal(record.tags[1], RECORDING_TAG);
    /* One driver: its two tags. */
    HACMDRIVER had;
    assert_int_equal(acmDriverOpen(&had, recording_id, 0), MMSYSERR_NOERROR);
    memset(&record, 0, sizeof record);
    assert_int_equal(acmFormatTagEnumA(had, &tag, record_tag, (DWORD_PTR)&record, 0), MMSYSERR_NOERROR);
    assert_int_equal(record.count, 2);
    memset(&record, 0, sizeof record);
    record.stop_after = 1;
    assert_int_equal(acmFormatTagEnumA(had, &tag, record_tag, (DWORD_PTR)&record, 0), MMSYSERR_NOERROR);
    assert_int_equal(record.count, 1);
    assert_int_equal(acmDriverClose(had, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmFormatTagEnumA(had, &tag, record_tag, (DWORD_PTR)&record, 0), MMSYSERR_INVALHANDLE);
}

/* ---- formats ----------------------------------------------------------------------------- */

static void test_format_details(void **state)
{
    BYTE buffer[64];
    WAVEFORMATEX *format = (WAVEFORMATEX *)buffer;
    ACMFORMATDETAILSW details;
    HACMDRIVER had;
    assert_int_equal(acmDriverOpen(&had, recording_id, 0), MMSYSERR_NOERROR);
    memset(buffer, 0, sizeof buffer);
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.dwFormatTag = RECORDING_TAG;
    details.pwfx = format;
    details.cbwfx = sizeof buffer;
    /* native INVALPARAM list: NULL struct, short cbStruct, NULL pwfx, cbwfx < 16, fdwSupport, tag 0. */
    assert_int_equal(acmFormatDetailsW(had, NULL, ACM_FORMATDETAILSF_INDEX), MMSYSERR_INVALPARAM);
    details.cbStruct = sizeof details - 1;
    assert_int_equal(acmFormatDetailsW(had, &details, ACM_FORMATDETAILSF_INDEX), MMSYSERR_INVALPARAM);
    details.cbStruct = sizeof details;
    details.pwfx = NULL;
    assert_int_equal(acmFormatDetailsW(had, &details, ACM_FORMATDETAILSF_FORMAT), MMSYSERR_INVALPARAM);
    details.pwfx = format;
    details.cbwfx = 15;
    assert_int_equal(acmFormatDetailsW(had, &details, ACM_FORMATDETAILSF_FORMAT), MMSYSERR_INVALPARAM);
    details.cbwfx = sizeof buffer;
    details.fdwSupport = 1;
    assert_int_equal(acmFormatDetailsW(had, &details, ACM_FORMATDETAILSF_FORMAT), MMSYSERR_INVALPARAM);
    details.fdwSupport = 0;
    details.dwFormatTag = WAVE_FORMAT_UNKNOWN;
    assert_int_equal(acmFormatDetailsW(had, &details, ACM_FORMATDETAILSF_INDEX), MMSYSERR_INVALPARAM);
    details.dwFormatTag = RECORDING_TAG;
    assert_int_equal(acmFormatDetailsW(had, &details, 5), MMSYSERR_INVALFLAG);
    /* native: a format whose tag differs from dwFormatTag (here 0) → MMSYSERR_INVALPARAM; one
     * that carries the tag but is otherwise all zero → ACMERR_NOTPOSSIBLE. */
    assert_int_equal(format->wFormatTag, 0);
    assert_int_equal(acmFormatDetailsW(NULL, &details, ACM_FORMATDETAILSF_FORMAT), MMSYSERR_INVALPARAM);
    assert_int_equal(acmFormatDetailsW(had, &details, ACM_FORMATDETAILSF_FORMAT), MMSYSERR_INVALPARAM);
    format->wFormatTag = RECORDING_TAG;
    assert_int_equal(acmFormatDetailsW(NULL, &details, ACM_FORMATDETAILSF_FORMAT), ACMERR_NOTPOSSIBLE);
    assert_int_equal(acmFormatDetailsW(had, &details, ACM_FORMATDETAILSF_FORMAT), ACMERR_NOTPOSSIBLE);
    format->wFormatTag = 0;

    /* INDEX: 0..cStandardFormats-1, then INVALPARAM (native). */
    details.dwFormatIndex = 1;
    assert_int_equal(acmFormatDetailsW(had, &details, ACM_FORMATDETAILSF_INDEX), MMSYSERR_NOERROR);
    assert_int_equal(format->wFormatTag, RECORDING_TAG);
    assert_int_equal(format->nChannels, 2);
    assert_int_equal(format->cbSize, 2);
    assert_true(wide_equals(details.szFormat, "Recording stereo"));
    assert_int_equal(details.cbStruct, sizeof details);
    /* The driver set fdwSupport; a caller must clear it again (fdwSupport != 0 is INVALPARAM). */
    assert_int_equal(acmFormatDetailsW(had, &details, ACM_FORMATDETAILSF_INDEX), MMSYSERR_INVALPARAM);
    details.fdwSupport = 0;
    details.dwFormatIndex = 2;
    assert_int_equal(acmFormatDetailsW(had, &details, ACM_FORMATDETAILSF_INDEX), MMSYSERR_INVALPARAM);
    assert_int_equal(acmFormatDetailsW(NULL, &details, ACM_FORMATDETAILSF_INDEX), MMSYSERR_INVALHANDLE);
    /* The ACM describes a format whose driver left szFormat empty. */
    details.dwFormatTag = WAVE_FORMAT_PCM;
    details.dwFormatIndex = 0;
    assert_int_equal(acmFormatDetailsW(had, &details, ACM_FORMATDETAILSF_INDEX), MMSYSERR_NOERROR);
    details.fdwSupport = 0;
    assert_int_equal(format->nSamplesPerSec, 8000);
    assert_true(wide_equals(details.szFormat, "8.000 kHz, 16 Bit, Mono"));
    /* FORMAT without a driver: the first enabled driver that knows it. */
    make_recording(buffer, 1);
    details.dwFormatTag = RECORDING_TAG;
    assert_int_equal(acmFormatDetailsW(NULL, &details, ACM_FORMATDETAILSF_FORMAT), MMSYSERR_NOERROR);
    assert_true(wide_equals(details.szFormat, "Recording mono"));
    details.fdwSupport = 0;
    /* dwFormatTag must be the format's tag. */
    details.dwFormatTag = WAVE_FORMAT_PCM;
    assert_int_equal(acmFormatDetailsW(NULL, &details, ACM_FORMATDETAILSF_FORMAT), MMSYSERR_INVALPARAM);
    /* A spelling. */
    ACMFORMATDETAILSA narrow;
    memset(&narrow, 0, sizeof narrow);
    narrow.cbStruct = sizeof narrow;
    narrow.dwFormatTag = WAVE_FORMAT_PCM;
    narrow.dwFormatIndex = 1;
    narrow.pwfx = format;
    narrow.cbwfx = sizeof buffer;
    assert_int_equal(acmFormatDetailsA(had, &narrow, ACM_FORMATDETAILSF_INDEX), MMSYSERR_NOERROR);
    assert_string_equal(narrow.szFormat, "8.000 kHz, 16 Bit, Stereo");
    narrow.dwFormatTag = 0;
    assert_int_equal(acmFormatDetailsA(had, &narrow, ACM_FORMATDETAILSF_INDEX), MMSYSERR_INVALPARAM);
    assert_int_equal(acmDriverClose(had, 0), MMSYSERR_NOERROR);
}

typedef struct format_record {
    WAVEFORMATEX formats[64];
    char names[64][ACMFORMATDETAILS_FORMAT_CHARS];
    HACMDRIVERID ids[64];
    size_t count;
    size_t stop_after;
} format_record;

static BOOL CALLBACK record_format(HACMDRIVERID hadid, LPACMFORMATDETAILSA details, DWORD_PTR instance, DWORD support)
{
    format_record *record = (format_record *)instance;
    if (record->count < 64) {
        memcpy(&record->formats[record->count], details->pwfx, sizeof(WAVEFORMATEX));
        strcpy(record->names[record->count], details->szFormat);
        record->ids[record->count] = hadid;
    }
    record->count++;
    return record->stop_after == 0 || record->count < record->stop_after;
}

/* Runs acmFormatEnumA with `source` copied into the buffer first. */
static MMRESULT enumerate(HACMDRIVER had, const void *source, size_t source_size, DWORD tag, DWORD flags,
                          format_record *record)
{
    static BYTE buffer[256];
    ACMFORMATDETAILSA details;
    memset(buffer, 0, sizeof buffer);
    if (source)
        memcpy(buffer, source, source_size);
    memset(record, 0, sizeof *record);
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.dwFormatTag = tag;
    details.pwfx = (WAVEFORMATEX *)buffer;
    details.cbwfx = sizeof buffer;
    return acmFormatEnumA(had, &details, record_format, (DWORD_PTR)record, flags);
}

static void test_format_enum_arguments(void **state)
{
    BYTE buffer[64];
    ACMFORMATDETAILSA details;
    format_record record;
    memset(buffer, 0, sizeof buffer);
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.pwfx = (WAVEFORMATEX *)buffer;
    details.cbwfx = sizeof buffer;
    /* native INVALPARAM list. */
    assert_int_equal(acmFormatEnumA(NULL, NULL, record_format, (DWORD_PTR)&record, 0), MMSYSERR_INVALPARAM);
    details.cbStruct = 0;
    assert_int_equal(acmFormatEnumA(NULL, &details, record_format, (DWORD_PTR)&record, 0), MMSYSERR_INVALPARAM);
    details.cbStruct = sizeof details - 1;
    assert_int_equal(acmFormatEnumA(NULL, &details, record_format, (DWORD_PTR)&record, 0), MMSYSERR_INVALPARAM);
    details.cbStruct = sizeof details;
    assert_int_equal(acmFormatEnumA(NULL, &details, NULL, 0, 0), MMSYSERR_INVALPARAM);
    details.pwfx = NULL;
    assert_int_equal(acmFormatEnumA(NULL, &details, record_format, (DWORD_PTR)&record, 0), MMSYSERR_INVALPARAM);
    details.pwfx = (WAVEFORMATEX *)buffer;
    details.fdwSupport = 1;
    assert_int_equal(acmFormatEnumA(NULL, &details, record_format, (DWORD_PTR)&record, 0), MMSYSERR_INVALPARAM);
    details.fdwSupport = 0;
    DWORD largest = 0;
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FORMAT, &largest), MMSYSERR_NOERROR);
    details.cbwfx = largest - 1;
    assert_int_equal(acmFormatEnumA(NULL, &details, record_format, (DWORD_PTR)&record, 0), MMSYSERR_INVALPARAM);
    details.cbwfx = RECORDING_FORMAT_SIZE - 1;
    assert_int_equal(acmFormatEnumA((HACMDRIVER)recording_id, &details, record_format, (DWORD_PTR)&record, 0),
                     MMSYSERR_INVALPARAM);
    details.cbwfx = sizeof buffer;
    assert_int_equal(acmFormatEnumA(NULL, &details, record_format, (DWORD_PTR)&record, ACM_FORMATENUMF_HARDWARE),
                     MMSYSERR_INVALPARAM);
    details.dwFormatTag = RECORDING_TAG;
    assert_int_equal(acmFormatEnumA(NULL, &details, record_format, (DWORD_PTR)&record, ACM_FORMATENUMF_WFORMATTAG),
                     MMSYSERR_INVALPARAM);
    details.dwFormatTag = 0;
    assert_int_equal(acmFormatEnumA(NULL, &details, record_format, (DWORD_PTR)&record, 0x2), MMSYSERR_INVALFLAG);
    assert_int_equal(acmFormatEnumA(BAD_HANDLE(HACMDRIVER), &details, record_format, (DWORD_PTR)&record, 0),
                     MMSYSERR_INVALHANDLE);
}

static void test_format_enum(void **state)
{
    format_record record;
    HACMDRIVER had;
    assert_int_equal(acmDriverOpen(&had, recording_id, 0), MMSYSERR_NOERROR);
    /* Everything of one driver: 2 PCM + 2 RECORDING_TAG formats, in tag order. */
    assert_int_equal(enumerate(had, NULL, 0, 0, 0, &record), MMSYSERR_NOERROR);
    assert_int_equal(record.count, 4);
    assert_int_equal(record.formats[0].wFormatTag, WAVE_FORMAT_PCM);
    assert_string_equal(record.names[0], "8.000 kHz, 16 Bit, Mono");
    assert_int_equal(record.formats[3].wFormatTag, RECORDING_TAG);
    assert_string_equal(record.names[3], "Recording stereo");
    assert_ptr_equal(record.ids[0], recording_id);
    /* WFORMATTAG and NCHANNELS restrict. */
    BYTE source[RECORDING_FORMAT_SIZE];
    make_recording(source, 2);
    assert_int_equal(enumerate(had, source, sizeof source, RECORDING_TAG, ACM_FORMATENUMF_WFORMATTAG, &record),
                     MMSYSERR_NOERROR);
    assert_int_equal(record.count, 2);
    assert_int_equal(enumerate(had, source, sizeof source, 0, ACM_FORMATENUMF_NCHANNELS, &record), MMSYSERR_NOERROR);
    assert_int_equal(record.count, 2);
    assert_int_equal(record.formats[0].nChannels, 2);
    assert_int_equal(record.formats[1].nChannels, 2);
    assert_int_equal(
        enumerate(had, source, sizeof source, 0, ACM_FORMATENUMF_NCHANNELS | ACM_FORMATENUMF_WBITSPERSAMPLE, &record),
        MMSYSERR_NOERROR);
    assert_int_equal(record.count, 1);
    assert_int_equal(record.formats[0].wFormatTag, RECORDING_TAG);
    /* CONVERT: the destinations the driver accepts a stream to (here PCM with the same channels). */
    make_recording(source, 1);
    assert_int_equal(enumerate(had, source, sizeof source, 0, ACM_FORMATENUMF_CONVERT, &record), MMSYSERR_NOERROR);
    assert_int_equal(record.count, 1);
    assert_int_equal(record.formats[0].wFormatTag, WAVE_FORMAT_PCM);
    assert_int_equal(record.formats[0].nChannels, 1);
    /* SUGGEST: the driver's suggestion for the source. */
    make_recording(source, 2);
    assert_int_equal(enumerate(had, source, sizeof source, 0, ACM_FORMATENUMF_SUGGEST, &record), MMSYSERR_NOERROR);
    assert_int_equal(record.count, 1);
    assert_int_equal(record.formats[0].wFormatTag, WAVE_FORMAT_PCM);
    assert_int_equal(record.formats[0].nChannels, 2);
    assert_int_equal(record.formats[0].wBitsPerSample, 16);
    assert_string_equal(record.names[0], "8.000 kHz, 16 Bit, Stereo");
    /* No waveform-audio hardware: HARDWARE/INPUT/OUTPUT enumerate nothing. */
    assert_int_equal(enumerate(had, NULL, 0, 0, ACM_FORMATENUMF_HARDWARE | ACM_FORMATENUMF_OUTPUT, &record),
                     MMSYSERR_NOERROR);
    assert_int_equal(record.count, 0);
    assert_int_equal(enumerate(had, NULL, 0, 0, ACM_FORMATENUMF_INPUT, &record), MMSYSERR_NOERROR);
    assert_int_equal(record.count, 0);
    /* The callback's FALSE stops. */
    memset(&record, 0, sizeof record);
    static BYTE buffer[64];
    ACMFORMATDETAILSA details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.pwfx = (WAVEFORMATEX *)buffer;
    details.cbwfx = sizeof buffer;
    record.stop_after = 1;
    assert_int_equal(acmFormatEnumA(had, &details, record_format, (DWORD_PTR)&record, 0), MMSYSERR_NOERROR);
    assert_int_equal(record.count, 1);
    assert_int_equal(acmDriverClose(had, 0), MMSYSERR_NOERROR);
    /* Without a driver: only the recording driver has RECORDING_TAG. */
    make_recording(source, 1);
    assert_int_equal(enumerate(NULL, source, sizeof source, RECORDING_TAG, ACM_FORMATENUMF_WFORMATTAG, &record),
                     MMSYSERR_NOERROR);
    assert_int_equal(record.count, 2);
    assert_ptr_equal(record.ids[0], recording_id);
}

/* ---- acmFormatSuggest -------------------------------------------------------------------- */

static void test_format_suggest(void **state)
{
    WAVEFORMATEX source, destination;
    BYTE buffer[128];
    WAVEFORMATEX *out = (WAVEFORMATEX *)buffer;
    DWORD largest = 0;
    assert_int_equal(acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FORMAT, &largest), MMSYSERR_NOERROR);
    assert_true(largest <= sizeof buffer);
    ts_pcm_format(&source, 1, 8000, 16);
    /* native: NULL source and/or destination → INVALPARAM; flags 0xFFFFFFFF → INVALFLAG. */
    assert_int_equal(acmFormatSuggest(NULL, NULL, &destination, sizeof destination, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmFormatSuggest(NULL, &source, NULL, sizeof destination, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmFormatSuggest(NULL, NULL, NULL, sizeof destination, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmFormatSuggest(NULL, &source, &destination, sizeof destination, 0xFFFFFFFF), MMSYSERR_INVALFLAG);
    /* native: PCM 8 kHz mono 16-bit, flags 0, 16-byte buffer → the same format. */
    memset(&destination, 0x77, sizeof destination);
    assert_int_equal(acmFormatSuggest(NULL, &source, &destination, sizeof(PCMWAVEFORMAT), 0), MMSYSERR_NOERROR);
    assert_memory_equal(&destination, &source, sizeof(PCMWAVEFORMAT));
    /* native: a PCM rate of 0xDEADBEEF comes back unchanged. */
    ts_pcm_format(&source, 1, 0xDEADBEEF, 16);
    assert_int_equal(acmFormatSuggest(NULL, &source, &destination, sizeof destination, 0), MMSYSERR_NOERROR);
    assert_int_equal(destination.wFormatTag, WAVE_FORMAT_PCM);
    assert_int_equal(destination.nSamplesPerSec, 0xDEADBEEF);
    /* native: destination tag 0xBEEF: max-1 bytes → INVALPARAM, max bytes → MMSYSERR_NODRIVER. */
    ts_pcm_format(&source, 1, 8000, 16);
    memset(buffer, 0, sizeof buffer);
    out->wFormatTag = 0xBEEF;
    assert_int_equal(acmFormatSuggest(NULL, &source, out, largest - 1, ACM_FORMATSUGGESTF_WFORMATTAG),
                     MMSYSERR_INVALPARAM);
    assert_int_equal(acmFormatSuggest(NULL, &source, out, largest, ACM_FORMATSUGGESTF_WFORMATTAG), MMSYSERR_NODRIVER);
    /* With WFORMATTAG the tag's own LARGESTSIZE counts: 19 → INVALPARAM, 20 → the driver answers. */
    memset(buffer, 0, sizeof buffer);
    out->wFormatTag = RECORDING_TAG;
    assert_int_equal(acmFormatSuggest(NULL, &source, out, RECORDING_FORMAT_SIZE - 1, ACM_FORMATSUGGESTF_WFORMATTAG),
                     MMSYSERR_INVALPARAM);
    assert_int_equal(acmFormatSuggest(NULL, &source, out, RECORDING_FORMAT_SIZE, ACM_FORMATSUGGESTF_WFORMATTAG),
                     MMSYSERR_NOERROR);
    assert_int_equal(out->wFormatTag, RECORDING_TAG);
    assert_int_equal(out->nChannels, 1);
    assert_int_equal(buffer[19], 0xAB);
    /* A non-PCM source without a driver: PCM 16-bit, same channels and rate. */
    BYTE recording_format[RECORDING_FORMAT_SIZE];
    make_recording(recording_format, 2);
    memset(buffer, 0, sizeof buffer);
    assert_int_equal(acmFormatSuggest(NULL, (WAVEFORMATEX *)recording_format, out, largest, 0), MMSYSERR_NOERROR);
    assert_int_equal(out->wFormatTag, WAVE_FORMAT_PCM);
    assert_int_equal(out->nChannels, 2);
    assert_int_equal(out->nSamplesPerSec, 8000);
    assert_int_equal(out->wBitsPerSample, 16);
    assert_int_equal(out->nBlockAlign, 4);
    /* Smaller than MAX_SIZE_FORMAT → INVALPARAM. */
    assert_int_equal(acmFormatSuggest(NULL, (WAVEFORMATEX *)recording_format, out, largest - 1, 0), MMSYSERR_INVALPARAM);
    /* With a driver: its size and its answer; an all-zero source → ACMERR_NOTPOSSIBLE (native). */
    HACMDRIVER had;
    assert_int_equal(acmDriverOpen(&had, recording_id, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmFormatSuggest(had, (WAVEFORMATEX *)recording_format, out, RECORDING_FORMAT_SIZE - 1, 0),
                     MMSYSERR_INVALPARAM);
    WAVEFORMATEX zero;
    memset(&zero, 0, sizeof zero);
    assert_int_equal(acmFormatSuggest(had, &zero, out, RECORDING_FORMAT_SIZE, 0), ACMERR_NOTPOSSIBLE);
    assert_int_equal(acmFormatSuggest(had, &source, out, RECORDING_FORMAT_SIZE, 0), MMSYSERR_NOERROR);
    assert_int_equal(out->wFormatTag, RECORDING_TAG);
    assert_int_equal(acmDriverClose(had, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmFormatSuggest(had, &source, out, RECORDING_FORMAT_SIZE, 0), MMSYSERR_INVALHANDLE);
}

/* ---- filters ----------------------------------------------------------------------------- */

typedef struct filter_record {
    DWORD levels[16];
    size_t count;
} filter_record;

static BOOL CALLBACK record_filter_tag(HACMDRIVERID hadid, LPACMFILTERTAGDETAILSW details, DWORD_PTR instance,
                                       DWORD support)
{
    filter_record *record = (filter_record *)instance;
    if (record->count < 16)
        record->levels[record->count] = details->dwFilterTag;
    record->count++;
    return TRUE;
}

static BOOL CALLBACK record_filter(HACMDRIVERID hadid, LPACMFILTERDETAILSA details, DWORD_PTR instance, DWORD support)
{
    filter_record *record = (filter_record *)instance;
    DWORD level;
    memcpy(&level, (BYTE *)details->pwfltr + sizeof(WAVEFILTER), sizeof level);
    if (record->count < 16)
        record->levels[record->count] = level;
    record->count++;
    return strcmp(details->szFilter, level == 1 ? "Level 1" : "Level 2") == 0;
}

static void test_filters(void **state)
{
    ACMFILTERTAGDETAILSW tag;
    filter_record record = {0};
    memset(&tag, 0, sizeof tag);
    assert_int_equal(acmFilterTagDetailsW(NULL, NULL, ACM_FILTERTAGDETAILSF_FILTERTAG), MMSYSERR_INVALPARAM);
    tag.cbStruct = sizeof tag;
    assert_int_equal(acmFilterTagDetailsW(NULL, &tag, 0x20), MMSYSERR_INVALFLAG);
    tag.dwFilterTag = RECORDING_FILTER_TAG;
    assert_int_equal(acmFilterTagDetailsW(NULL, &tag, ACM_FILTERTAGDETAILSF_FILTERTAG), MMSYSERR_NOERROR);
    assert_int_equal(tag.cbFilterSize, RECORDING_FILTER_SIZE);
    assert_true(wide_equals(tag.szFilterTag, "Recording filter"));
    assert_int_equal(acmFilterTagDetailsW(NULL, &tag, ACM_FILTERTAGDETAILSF_INDEX), ACMERR_NOTPOSSIBLE);
    tag.dwFilterTag = 0;
    assert_int_equal(acmFilterTagDetailsW(NULL, &tag, ACM_FILTERTAGDETAILSF_LARGESTSIZE), MMSYSERR_NOERROR);
    assert_int_equal(tag.dwFilterTag, RECORDING_FILTER_TAG);
    ACMFILTERTAGDETAILSA narrow_tag;
    memset(&narrow_tag, 0, sizeof narrow_tag);
    narrow_tag.cbStruct = sizeof narrow_tag;
    assert_int_equal(acmFilterTagDetailsA((HACMDRIVER)recording_id, &narrow_tag, ACM_FILTERTAGDETAILSF_INDEX),
                     MMSYSERR_NOERROR);
    assert_string_equal(narrow_tag.szFilterTag, "Recording filter");
    narrow_tag.dwFilterTagIndex = 1;
    assert_int_equal(acmFilterTagDetailsA((HACMDRIVER)recording_id, &narrow_tag, ACM_FILTERTAGDETAILSF_INDEX),
                     MMSYSERR_INVALPARAM);

    assert_int_equal(acmFilterTagEnumW(NULL, &tag, record_filter_tag, (DWORD_PTR)&record, 1), MMSYSERR_INVALFLAG);
    assert_int_equal(acmFilterTagEnumW(NULL, &tag, NULL, 0, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmFilterTagEnumW(NULL, &tag, record_filter_tag, (DWORD_PTR)&record, 0), MMSYSERR_NOERROR);
    assert_true(record.count >= 1);
    assert_int_equal(record.levels[0], RECORDING_FILTER_TAG);

    BYTE filter_buffer[64];
    WAVEFILTER *filter = (WAVEFILTER *)filter_buffer;
    ACMFILTERDETAILSA details;
    memset(filter_buffer, 0, sizeof filter_buffer);
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.dwFilterTag = RECORDING_FILTER_TAG;
    details.pwfltr = filter;
    details.cbwfltr = sizeof filter_buffer;
    details.dwFilterIndex = 1;
    assert_int_equal(acmFilterDetailsA(NULL, NULL, ACM_FILTERDETAILSF_INDEX), MMSYSERR_INVALPARAM);
    assert_int_equal(acmFilterDetailsA((HACMDRIVER)recording_id, &details, 7), MMSYSERR_INVALFLAG);
    assert_int_equal(acmFilterDetailsA((HACMDRIVER)recording_id, &details, ACM_FILTERDETAILSF_INDEX), MMSYSERR_NOERROR);
    assert_string_equal(details.szFilter, "Level 2");
    assert_int_equal(filter->cbStruct, RECORDING_FILTER_SIZE);
    details.fdwSupport = 0;
    details.dwFilterIndex = 2;
    assert_int_equal(acmFilterDetailsA((HACMDRIVER)recording_id, &details, ACM_FILTERDETAILSF_INDEX),
                     MMSYSERR_INVALPARAM);
    details.szFilter[0] = 0;
    assert_int_equal(acmFilterDetailsA(NULL, &details, ACM_FILTERDETAILSF_FILTER), MMSYSERR_NOERROR);
    assert_string_equal(details.szFilter, "Level 2");
    details.fdwSupport = 0;
    details.cbwfltr = sizeof(WAVEFILTER) - 1;
    assert_int_equal(acmFilterDetailsA(NULL, &details, ACM_FILTERDETAILSF_FILTER), MMSYSERR_INVALPARAM);
    details.cbwfltr = sizeof filter_buffer;
    details.dwFilterTag = 0;
    assert_int_equal(acmFilterDetailsA(NULL, &details, ACM_FILTERDETAILSF_FILTER), MMSYSERR_INVALPARAM);

    /* Enumeration: both filters of the tag; the restriction and the size check. */
    memset(&record, 0, sizeof record);
    memset(filter_buffer, 0, sizeof filter_buffer);
    filter->dwFilterTag = RECORDING_FILTER_TAG;
    details.dwFilterTag = 0;
    assert_int_equal(acmFilterEnumA(NULL, &details, record_filter, (DWORD_PTR)&record, ACM_FILTERENUMF_DWFILTERTAG),
                     MMSYSERR_NOERROR);
    assert_int_equal(record.count, 2);
    assert_int_equal(record.levels[0], 1);
    assert_int_equal(record.levels[1], 2);
    /* The enumeration wrote the driver's fdwSupport into the caller's structure. */
    assert_int_equal(details.fdwSupport, ACMDRIVERDETAILS_SUPPORTF_FILTER);
    details.fdwSupport = 0;
    memset(&record, 0, sizeof record);
    filter->dwFilterTag = 0x9999;
    assert_int_equal(acmFilterEnumA(NULL, &details, record_filter, (DWORD_PTR)&record, ACM_FILTERENUMF_DWFILTERTAG),
                     MMSYSERR_NOERROR);
    assert_int_equal(record.count, 0);
    assert_int_equal(acmFilterEnumA(NULL, &details, record_filter, (DWORD_PTR)&record, 1), MMSYSERR_INVALFLAG);
    assert_int_equal(acmFilterEnumA(NULL, &details, NULL, 0, 0), MMSYSERR_INVALPARAM);
    details.cbwfltr = RECORDING_FILTER_SIZE - 1;
    assert_int_equal(acmFilterEnumA(NULL, &details, record_filter, (DWORD_PTR)&record, 0), MMSYSERR_INVALPARAM);
}

/* ---- choosers ---------------------------------------------------------------------------- */

static int hook_calls;
static LPARAM hook_data;
static UINT CALLBACK choose_hook(HWND hwnd, UINT msg, WPARAM wParam, LPARAM lParam)
{
    hook_calls++;
    if (msg == 0x0110) /* WM_INITDIALOG */
        hook_data = lParam;
    return 0;
}

static void test_format_choose(void **state)
{
    ACMFORMATCHOOSEW choose;
    BYTE buffer[64];
    memset(&choose, 0, sizeof choose);
    memset(buffer, 0, sizeof buffer);
    choose.cbStruct = sizeof choose;
    choose.pwfx = (WAVEFORMATEX *)buffer;
    choose.cbwfx = sizeof buffer;
    /* native: cbStruct-1 or NULL pwfx → INVALPARAM. */
    assert_int_equal(acmFormatChooseW(NULL), MMSYSERR_INVALPARAM);
    choose.cbStruct = sizeof choose - 1;
    assert_int_equal(acmFormatChooseW(&choose), MMSYSERR_INVALPARAM);
    choose.cbStruct = sizeof choose;
    choose.pwfx = NULL;
    assert_int_equal(acmFormatChooseW(&choose), MMSYSERR_INVALPARAM);
    choose.pwfx = (WAVEFORMATEX *)buffer;
    choose.fdwStyle = 0x1;
    assert_int_equal(acmFormatChooseW(&choose), MMSYSERR_INVALFLAG);
    choose.fdwStyle = ACMFORMATCHOOSE_STYLEF_ENABLEHOOK;
    assert_int_equal(acmFormatChooseW(&choose), MMSYSERR_INVALPARAM);
    choose.fdwStyle = 0;
    choose.fdwEnum = ACM_FORMATENUMF_WFORMATTAG;
    assert_int_equal(acmFormatChooseW(&choose), MMSYSERR_INVALPARAM); /* no pwfxEnum */

    /* INITTOWFXSTRUCT: a known initial format is the choice; the hook sees WM_INITDIALOG. */
    make_recording(buffer, 2);
    choose.fdwEnum = 0;
    choose.fdwStyle = ACMFORMATCHOOSE_STYLEF_INITTOWFXSTRUCT | ACMFORMATCHOOSE_STYLEF_ENABLEHOOK;
    choose.pfnHook = choose_hook;
    choose.lCustData = 0x5151;
    hook_calls = 0;
    assert_int_equal(acmFormatChooseW(&choose), MMSYSERR_NOERROR);
    assert_int_equal(hook_calls, 1);
    assert_int_equal(hook_data, 0x5151);
    assert_int_equal(((WAVEFORMATEX *)buffer)->nChannels, 2);
    assert_true(wide_equals(choose.szFormatTag, "Recording tag"));
    assert_true(wide_equals(choose.szFormat, "Recording stereo"));

    /* Otherwise the first format matching fdwEnum/pwfxEnum. */
    BYTE restrict_to[RECORDING_FORMAT_SIZE];
    make_recording(restrict_to, 1);
    memset(buffer, 0, sizeof buffer);
    choose.fdwStyle = 0;
    choose.fdwEnum = ACM_FORMATENUMF_WFORMATTAG;
    choose.pwfxEnum = (WAVEFORMATEX *)restrict_to;
    assert_int_equal(acmFormatChooseW(&choose), MMSYSERR_NOERROR);
    assert_int_equal(((WAVEFORMATEX *)buffer)->wFormatTag, RECORDING_TAG);
    assert_int_equal(((WAVEFORMATEX *)buffer)->nChannels, 1);
    assert_true(wide_equals(choose.szFormat, "Recording mono"));
    /* Too small: ACMERR_NOTPOSSIBLE with the size needed. */
    choose.cbwfx = 18;
    assert_int_equal(acmFormatChooseW(&choose), ACMERR_NOTPOSSIBLE);
    assert_int_equal(choose.cbwfx, RECORDING_FORMAT_SIZE);
    /* Nothing to choose from: MMSYSERR_NODRIVER. */
    choose.cbwfx = sizeof buffer;
    choose.fdwEnum = ACM_FORMATENUMF_HARDWARE | ACM_FORMATENUMF_INPUT;
    assert_int_equal(acmFormatChooseW(&choose), MMSYSERR_NODRIVER);

    ACMFORMATCHOOSEA narrow;
    memset(&narrow, 0, sizeof narrow);
    narrow.cbStruct = sizeof narrow;
    narrow.pwfx = (WAVEFORMATEX *)buffer;
    narrow.cbwfx = sizeof buffer;
    make_recording(buffer, 1);
    narrow.fdwStyle = ACMFORMATCHOOSE_STYLEF_INITTOWFXSTRUCT;
    char name[16] = "x";
    narrow.pszName = name;
    narrow.cchName = sizeof name;
    assert_int_equal(acmFormatChooseA(&narrow), MMSYSERR_NOERROR);
    assert_string_equal(narrow.szFormatTag, "Recording tag");
    assert_string_equal(narrow.szFormat, "Recording mono");
    assert_string_equal(name, "");
    narrow.cbStruct = sizeof narrow - 1;
    assert_int_equal(acmFormatChooseA(&narrow), MMSYSERR_INVALPARAM);
}

static void test_filter_choose(void **state)
{
    ACMFILTERCHOOSEW choose;
    BYTE buffer[64];
    WAVEFILTER *filter = (WAVEFILTER *)buffer;
    memset(&choose, 0, sizeof choose);
    memset(buffer, 0, sizeof buffer);
    choose.cbStruct = sizeof choose;
    choose.pwfltr = filter;
    choose.cbwfltr = sizeof buffer;
    assert_int_equal(acmFilterChooseW(NULL), MMSYSERR_INVALPARAM);
    choose.pwfltr = NULL;
    assert_int_equal(acmFilterChooseW(&choose), MMSYSERR_INVALPARAM);
    choose.pwfltr = filter;
    choose.fdwStyle = 0x100;
    assert_int_equal(acmFilterChooseW(&choose), MMSYSERR_INVALFLAG);
    choose.fdwStyle = 0;
    choose.fdwEnum = 0x1;
    assert_int_equal(acmFilterChooseW(&choose), MMSYSERR_INVALFLAG);
    choose.fdwEnum = 0;
    /* First filter. */
    assert_int_equal(acmFilterChooseW(&choose), MMSYSERR_NOERROR);
    assert_int_equal(filter->dwFilterTag, RECORDING_FILTER_TAG);
    assert_true(wide_equals(choose.szFilter, "Level 1"));
    assert_true(wide_equals(choose.szFilterTag, "Recording filter"));
    /* The initial filter when known. */
    DWORD level = 2;
    memcpy(buffer + sizeof(WAVEFILTER), &level, sizeof level);
    choose.fdwStyle = ACMFILTERCHOOSE_STYLEF_INITTOFILTERSTRUCT;
    assert_int_equal(acmFilterChooseW(&choose), MMSYSERR_NOERROR);
    assert_true(wide_equals(choose.szFilter, "Level 2"));
    /* Too small. */
    choose.fdwStyle = 0;
    choose.cbwfltr = sizeof(WAVEFILTER);
    assert_int_equal(acmFilterChooseW(&choose), ACMERR_NOTPOSSIBLE);
    assert_int_equal(choose.cbwfltr, RECORDING_FILTER_SIZE);

    ACMFILTERCHOOSEA narrow;
    memset(&narrow, 0, sizeof narrow);
    narrow.cbStruct = sizeof narrow;
    narrow.pwfltr = filter;
    narrow.cbwfltr = sizeof buffer;
    assert_int_equal(acmFilterChooseA(&narrow), MMSYSERR_NOERROR);
    assert_string_equal(narrow.szFilter, "Level 1");
}

/* ---- built-in drivers -------------------------------------------------------------------- */

/* native short names, wMid and wPid (reference-behaviour.md §5). */
static const struct {
    const char *short_name;
    WORD mid;
    WORD pid;
} native_names[] = {
    {"Microsoft IMA ADPCM", 1, 0x22}, {"MS-ADPCM", 1, 0x21},          {"Microsoft CCITT G.711", 1, 0x25},
    {"MPEG Layer-3 Codec", 0xAC, 9},  {"MPEG Layer-3 Codec", 0xAC, 0xD}, {"MS-PCM", 1, 0x26},
    /* Not in the recorded tests, but Windows' msgsm32.acm: MM_MICROSOFT / MM_MSFT_ACM_GSM610. */
    {"Microsoft GSM 6.10", 1, 0x24},
};

static BOOL CALLBACK check_builtin(HACMDRIVERID hadid, DWORD_PTR instance, DWORD support)
{
    size_t *checked = (size_t *)instance;
    ACMDRIVERDETAILSA details;
    details.cbStruct = sizeof details;
    assert_int_equal(acmDriverDetailsA(hadid, &details, 0), MMSYSERR_NOERROR);
    bool known = false;
    for (size_t i = 0; i < sizeof native_names / sizeof native_names[0]; i++) {
        if (strcmp(details.szShortName, native_names[i].short_name) == 0 && details.wMid == native_names[i].mid &&
            details.wPid == native_names[i].pid)
            known = true;
    }
    if (!known)
        print_message("not a Microsoft driver name: %s %u/%u\n", details.szShortName, details.wMid, details.wPid);
    *checked += known;
    return TRUE;
}

static void test_builtin_details(void **state)
{
    size_t checked = 0;
    enum_record global = {0};
    assert_int_equal(acmDriverEnum(record_driver, (DWORD_PTR)&global, ACM_DRIVERENUMF_NOLOCAL), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverEnum(check_builtin, (DWORD_PTR)&checked, ACM_DRIVERENUMF_NOLOCAL), MMSYSERR_NOERROR);
    /* With no drivers file, every global driver is a built-in with Windows' identity. */
    assert_int_equal(checked, global.count);
    /* The PCM converter is last. */
    ACMDRIVERDETAILSA details;
    details.cbStruct = sizeof details;
    assert_int_equal(acmDriverDetailsA(global.ids[global.count - 1], &details, 0), MMSYSERR_NOERROR);
    assert_string_equal(details.szShortName, "MS-PCM");
    assert_true(details.fdwSupport & ACMDRIVERDETAILS_SUPPORTF_CONVERTER);
    DWORD priority = 0;
    assert_int_equal(acmMetrics((HACMOBJ)global.ids[global.count - 1], ACM_METRIC_DRIVER_PRIORITY, &priority),
                     MMSYSERR_NOERROR);
    assert_int_equal(priority, global.count);
    /* The PCM converter stays last whatever priority it is given. */
    assert_int_equal(acmDriverPriority(global.ids[global.count - 1], 1, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmMetrics((HACMOBJ)global.ids[global.count - 1], ACM_METRIC_DRIVER_PRIORITY, &priority),
                     MMSYSERR_NOERROR);
    assert_int_equal(priority, global.count);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_add_function_message_sequence),
        cmocka_unit_test(test_add_refused),
        cmocka_unit_test(test_add_arguments),
        cmocka_unit_test(test_add_name_of_installed_driver),
        cmocka_unit_test(test_notify_window),
        cmocka_unit_test(test_driver_enum),
        cmocka_unit_test(test_driver_details),
        cmocka_unit_test(test_driver_open_close),
        cmocka_unit_test(test_remove_closes_open_instances),
        cmocka_unit_test(test_driver_message),
        cmocka_unit_test(test_driver_priority_arguments),
        cmocka_unit_test(test_metrics),
        cmocka_unit_test(test_format_tag_details),
        cmocka_unit_test(test_format_tag_enum),
        cmocka_unit_test(test_format_details),
        cmocka_unit_test(test_format_enum_arguments),
        cmocka_unit_test(test_format_enum),
        cmocka_unit_test(test_format_suggest),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_format_choose),
        cmocka_unit_test(test_filter_choose),
        cmocka_unit_test(test_builtin_details),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
