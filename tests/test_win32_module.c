/*
 * test_win32_module.c - kernel32's module functions (issue 13 item 2) over the test driver
 * shared objects: LoadLibrary[Ex] finds a file with the drivers' search rules and the Windows
 * name mapping, returns the same HMODULE for the same file and the one OpenDriver gives the
 * driver (GetDriverModuleHandle), counts references for FreeLibrary; GetProcAddress finds
 * DriverProc; GetModuleHandle and GetModuleFileName, with Windows' truncation rule;
 * GetSystemDirectory (the drivers folder) and FindFirstFile/FindNextFile/FindClose, ending with
 * the Windows client pattern: list "*.acm" in the system folder, LoadLibrary each, OpenDriver.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mmiscapi.h"
#include "winbase.h"

#ifndef PORTACM_TEST_DRIVER_DIR
#error "PORTACM_TEST_DRIVER_DIR must name the folder of the test driver modules"
#endif

static int record_calls;

/* Called by the test driver modules (resolved from this executable, which exports its symbols). */
__attribute__((visibility("default"))) void test_driver_record(const char *module, int generation, DWORD_PTR id,
                                                               HDRVR hdrvr, UINT msg, LPARAM lParam1,
                                                               LPARAM lParam2);

void test_driver_record(const char *module, int generation, DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM lParam1,
                        LPARAM lParam2)
{
    (void)module, (void)generation, (void)id, (void)hdrvr, (void)msg, (void)lParam1, (void)lParam2;
    record_calls++;
}

static char recording_path[PATH_MAX];

static int setup(void **state)
{
    (void)state;
    snprintf(recording_path, sizeof recording_path, "%s/test_recording_driver.so", PORTACM_TEST_DRIVER_DIR);
    setenv("PORTACM_DRIVER_PATH", PORTACM_TEST_DRIVER_DIR, 1);
    unsetenv("PORTACM_DEBUG");
    return 0;
}

static void same_handle_for_the_same_file_and_counted_references(void **state)
{
    (void)state;
    HMODULE first = LoadLibraryA(recording_path);
    assert_non_null(first);
    HMODULE second = LoadLibraryExA(recording_path, NULL, 0);
    assert_ptr_equal(first, second);
    assert_ptr_equal(GetModuleHandleA(recording_path), first);
    assert_non_null(GetProcAddress(first, "DriverProc"));
    assert_true(FreeLibrary(first));
    /* One reference left: still loaded and usable. */
    assert_ptr_equal(GetModuleHandleA(recording_path), first);
    assert_non_null(GetProcAddress(first, "DriverProc"));
    assert_true(FreeLibrary(second));
    SetLastError(0);
    assert_false(FreeLibrary(first));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    assert_null(GetModuleHandleA(recording_path));
    assert_int_equal(GetLastError(), ERROR_MOD_NOT_FOUND);
}

static void windows_names_map_to_shared_objects(void **state)
{
    (void)state;
    HMODULE exact = LoadLibraryA("test_recording_driver.so");
    assert_non_null(exact);
    /* foo.acm -> foo.acm, then foo.so; no extension -> foo.dll -> foo.so. */
    assert_ptr_equal(LoadLibraryA("test_recording_driver.acm"), exact);
    /* File names keep Linux's case sensitivity. */
    SetLastError(0);
    assert_null(LoadLibraryA("TEST_RECORDING_DRIVER.DLL"));
    assert_int_equal(GetLastError(), ERROR_MOD_NOT_FOUND);
    assert_ptr_equal(LoadLibraryA("test_recording_driver"), exact);
    assert_ptr_equal(LoadLibraryW(u"test_recording_driver.dll"), exact);
    assert_ptr_equal(GetModuleHandleW(u"test_recording_driver.acm"), exact);
    for (int i = 0; i < 4; i++)
        assert_true(FreeLibrary(exact)); /* four LoadLibrary references */
    assert_false(FreeLibrary(exact));
}

static void the_current_directory_is_never_searched(void **state)
{
    (void)state;
    char cwd[PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(PORTACM_TEST_DRIVER_DIR), 0);
    unsetenv("PORTACM_DRIVER_PATH");
    SetLastError(0);
    assert_null(LoadLibraryA("test_recording_driver.so"));
    assert_int_equal(GetLastError(), ERROR_MOD_NOT_FOUND);
    setenv("PORTACM_DRIVER_PATH", ".", 1); /* relative entries are ignored too */
    assert_null(LoadLibraryA("test_recording_driver.acm"));
    assert_int_equal(GetLastError(), ERROR_MOD_NOT_FOUND);
    assert_int_equal(chdir(cwd), 0);
    setenv("PORTACM_DRIVER_PATH", PORTACM_TEST_DRIVER_DIR, 1);
}

static void hmodule_is_the_drivers_module_handle(void **state)
{
    (void)state;
    HMODULE module = LoadLibraryA("test_recording_driver.acm");
    assert_non_null(module);
    HDRVR driver = OpenDriver(u"test_recording_driver.so", NULL, 0);
    assert_non_null(driver);
    assert_ptr_equal(GetDriverModuleHandle(driver), module);
    /* The DriverProc GetProcAddress gives is the one the runtime calls. */
    FARPROC proc = GetProcAddress(module, "DriverProc");
    assert_non_null(proc);
    int before = record_calls;
    DRIVERPROC driver_proc;
    memcpy(&driver_proc, &proc, sizeof driver_proc);
    /* DRV_USER answers the module's DRV_LOAD count: the same mapping OpenDriver loaded. */
    LRESULT generation = SendDriverMessage(driver, DRV_USER, 0, 0);
    assert_true(generation >= 1);
    assert_int_equal(driver_proc(0, driver, DRV_USER, 0, 0), generation);
    assert_true(record_calls > before);
    assert_int_equal(CloseDriver(driver, 0, 0), 1);
    assert_true(FreeLibrary(module));
}

static void get_proc_address_failures(void **state)
{
    (void)state;
    HMODULE module = LoadLibraryExA(recording_path, NULL, LOAD_LIBRARY_AS_DATAFILE);
    assert_non_null(module);
    SetLastError(0);
    assert_null(GetProcAddress(module, MAKEINTRESOURCEA(1)));
    assert_int_equal(GetLastError(), ERROR_PROC_NOT_FOUND);
    SetLastError(0);
    assert_null(GetProcAddress(module, "NoSuchFunction"));
    assert_int_equal(GetLastError(), ERROR_PROC_NOT_FOUND);
    SetLastError(0);
    assert_null(GetProcAddress(module, NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    static int not_a_module;
    SetLastError(0);
    assert_null(GetProcAddress((HMODULE)&not_a_module, "DriverProc"));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_true(FreeLibrary(module));
    SetLastError(0);
    assert_null(GetProcAddress(module, "DriverProc"));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    /* The program's own exports. */
    assert_non_null(GetProcAddress(GetModuleHandleA(NULL), "test_driver_record"));
}

static void load_library_failures(void **state)
{
    (void)state;
    SetLastError(0);
    assert_null(LoadLibraryA(NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    assert_null(LoadLibraryA(""));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    assert_null(LoadLibraryExA(recording_path, (HANDLE)1, 0));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    assert_null(LoadLibraryExA(recording_path, NULL, 0x10));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    assert_null(LoadLibraryA("no_such_module.acm"));
    assert_int_equal(GetLastError(), ERROR_MOD_NOT_FOUND);
    SetLastError(0);
    assert_null(GetModuleHandleA("no_such_module.acm"));
    assert_int_equal(GetLastError(), ERROR_MOD_NOT_FOUND);
    SetLastError(0);
    assert_false(FreeLibrary(NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
}

static void module_file_names_and_truncation(void **state)
{
    (void)state;
    char exe[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", exe, sizeof exe - 1);
    assert_true(length > 5);
    exe[length] = '\0';
    char name[PATH_MAX];
    assert_int_equal(GetModuleFileNameA(NULL, name, sizeof name), (DWORD)length);
    assert_string_equal(name, exe);
    assert_int_equal(GetModuleFileNameA(GetModuleHandleA(NULL), name, sizeof name), (DWORD)length);

    /* Too small: nSize - 1 characters, a terminator, nSize returned, ERROR_INSUFFICIENT_BUFFER. */
    memset(name, 'x', sizeof name);
    SetLastError(0);
    assert_int_equal(GetModuleFileNameA(NULL, name, 5), 5);
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    assert_memory_equal(name, exe, 4);
    assert_int_equal(name[4], '\0');
    assert_int_equal(name[5], 'x');
    SetLastError(0);
    assert_int_equal(GetModuleFileNameA(NULL, name, (DWORD)length), (DWORD)length);
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(strlen(name), (size_t)length - 1);

    WCHAR wide[PATH_MAX];
    assert_int_equal(GetModuleFileNameW(NULL, wide, PATH_MAX), (DWORD)length);
    for (ssize_t i = 0; i <= length; i++)
        assert_int_equal(wide[i], (WCHAR)(unsigned char)exe[i]);
    wide[3] = 0x1234;
    SetLastError(0);
    assert_int_equal(GetModuleFileNameW(NULL, wide, 3), 3);
    assert_int_equal(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    assert_int_equal(wide[2], 0);
    assert_int_equal(wide[3], 0x1234);

    HMODULE module = LoadLibraryA("test_recording_driver");
    assert_non_null(module);
    assert_int_equal(GetModuleFileNameA(module, name, sizeof name), strlen(recording_path));
    assert_string_equal(name, recording_path);
    assert_true(FreeLibrary(module));
    SetLastError(0);
    assert_int_equal(GetModuleFileNameA(module, name, sizeof name), 0);
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
}

/* ---- GetSystemDirectory, FindFirstFile ------------------------------------------------ */

static void write_file(const char *folder, const char *name, const char *source)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    FILE *out = fopen(path, "wb");
    assert_non_null(out);
    if (source) {
        FILE *in = fopen(source, "rb");
        assert_non_null(in);
        char buffer[4096];
        size_t got;
        while ((got = fread(buffer, 1, sizeof buffer, in)) > 0)
            assert_int_equal(fwrite(buffer, 1, got, out), got);
        fclose(in);
    }
    fclose(out);
}

static void remove_file(const char *folder, const char *name)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    assert_int_equal(remove(path), 0);
}

static void system_folder_is_the_first_absolute_driver_folder(void **state)
{
    (void)state;
    char search[PATH_MAX + 32];
    snprintf(search, sizeof search, "relative:%s:/elsewhere", PORTACM_TEST_DRIVER_DIR);
    setenv("PORTACM_DRIVER_PATH", search, 1);
    char folder[PATH_MAX];
    UINT length = (UINT)strlen(PORTACM_TEST_DRIVER_DIR);
    assert_int_equal(GetSystemDirectoryA(folder, sizeof folder), length);
    assert_string_equal(folder, PORTACM_TEST_DRIVER_DIR);
    /* Too small: the size needed, terminator included. */
    assert_int_equal(GetSystemDirectoryA(folder, length), length + 1);
    assert_int_equal(GetSystemDirectoryA(NULL, 0), length + 1);
    WCHAR wide[PATH_MAX];
    assert_int_equal(GetSystemDirectoryW(wide, PATH_MAX), length);
    assert_int_equal(wide[0], '/');
    assert_int_equal(wide[length], 0);
    unsetenv("PORTACM_DRIVER_PATH");
    assert_true(GetSystemDirectoryA(folder, sizeof folder) > 0);
    assert_int_equal(folder[0], '/'); /* the installed drivers folder */
    setenv("PORTACM_DRIVER_PATH", PORTACM_TEST_DRIVER_DIR, 1);
}

static void find_files_with_wildcards(void **state)
{
    (void)state;
    char folder[] = "/tmp/portacm-find-XXXXXX";
    assert_non_null(mkdtemp(folder));
    write_file(folder, "a.acm", NULL);
    write_file(folder, "B.ACM", NULL);
    write_file(folder, "note.txt", NULL);
    write_file(folder, "[x].acm", NULL);
    char pattern[PATH_MAX];
    snprintf(pattern, sizeof pattern, "%s\\*.acm", folder); /* Windows' separator works too */
    WIN32_FIND_DATAA data;
    HANDLE find = FindFirstFileA(pattern, &data);
    assert_ptr_not_equal(find, INVALID_HANDLE_VALUE);
    int seen = 0, mask = 0;
    do {
        seen++;
        assert_int_equal(data.dwFileAttributes, FILE_ATTRIBUTE_NORMAL);
        assert_int_equal(data.nFileSizeLow, 0);
        assert_true(data.ftLastWriteTime.dwHighDateTime > 0);
        mask |= strcmp(data.cFileName, "a.acm") == 0 ? 1 : strcmp(data.cFileName, "B.ACM") == 0 ? 2
               : strcmp(data.cFileName, "[x].acm") == 0                                          ? 4
                                                                                                 : 8;
    } while (FindNextFileA(find, &data));
    assert_int_equal(GetLastError(), ERROR_NO_MORE_FILES);
    assert_int_equal(seen, 3);
    assert_int_equal(mask, 7);
    assert_true(FindClose(find));
    SetLastError(0);
    assert_false(FindClose(find));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    assert_false(FindNextFileA(find, &data));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);

    /* '?' is one character; '[' is an ordinary character, as on Windows. */
    snprintf(pattern, sizeof pattern, "%s/?.acm", folder);
    WIN32_FIND_DATAW wide;
    WCHAR wide_pattern[PATH_MAX];
    for (size_t i = 0;; i++) {
        wide_pattern[i] = (WCHAR)(unsigned char)pattern[i];
        if (!pattern[i])
            break;
    }
    find = FindFirstFileW(wide_pattern, &wide);
    assert_ptr_not_equal(find, INVALID_HANDLE_VALUE);
    assert_int_equal(wide.cFileName[1], '.');
    assert_true(FindNextFileW(find, &wide));
    SetLastError(0);
    assert_false(FindNextFileW(find, &wide));
    assert_int_equal(GetLastError(), ERROR_NO_MORE_FILES);
    SetLastError(0);
    assert_false(FindNextFileA(find, &data)); /* a wide search is not a narrow one */
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_true(FindClose(find));
    snprintf(pattern, sizeof pattern, "%s/[x].acm", folder);
    find = FindFirstFileA(pattern, &data);
    assert_ptr_not_equal(find, INVALID_HANDLE_VALUE);
    assert_string_equal(data.cFileName, "[x].acm");
    assert_true(FindClose(find));

    SetLastError(0);
    snprintf(pattern, sizeof pattern, "%s/*.dll", folder);
    assert_ptr_equal(FindFirstFileA(pattern, &data), INVALID_HANDLE_VALUE);
    assert_int_equal(GetLastError(), ERROR_FILE_NOT_FOUND);
    SetLastError(0);
    assert_ptr_equal(FindFirstFileA("/no/such/folder/*.acm", &data), INVALID_HANDLE_VALUE);
    assert_int_equal(GetLastError(), ERROR_FILE_NOT_FOUND);
    SetLastError(0);
    assert_ptr_equal(FindFirstFileA(NULL, &data), INVALID_HANDLE_VALUE);
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);

    remove_file(folder, "a.acm");
    remove_file(folder, "B.ACM");
    remove_file(folder, "note.txt");
    remove_file(folder, "[x].acm");
    assert_int_equal(rmdir(folder), 0);
}

/* The Windows client pattern, written as a Windows source would be. */
static void client_enumerates_acm_files_in_the_system_folder(void **state)
{
    (void)state;
    char folder[] = "/tmp/portacm-system-XXXXXX";
    assert_non_null(mkdtemp(folder));
    write_file(folder, "msrec.acm", recording_path);
    setenv("PORTACM_DRIVER_PATH", folder, 1);

    char system[MAX_PATH], pattern[MAX_PATH + 8], file[2 * MAX_PATH];
    assert_true(GetSystemDirectoryA(system, sizeof system) > 0);
    snprintf(pattern, sizeof pattern, "%s\\*.acm", system);
    WIN32_FIND_DATAA data;
    HANDLE find = FindFirstFileA(pattern, &data);
    assert_ptr_not_equal(find, INVALID_HANDLE_VALUE);
    int loaded = 0;
    do {
        snprintf(file, sizeof file, "%s\\%s", system, data.cFileName);
        HMODULE module = LoadLibraryA(file);
        assert_non_null(module);
        assert_ptr_equal(GetModuleHandleA(data.cFileName), module);
        assert_non_null(GetProcAddress(module, "DriverProc"));
        HDRVR driver = OpenDriverA(data.cFileName, NULL, 0);
        assert_non_null(driver);
        assert_ptr_equal(GetDriverModuleHandle(driver), module);
        assert_int_equal(CloseDriver(driver, 0, 0), 1);
        assert_true(FreeLibrary(module));
        loaded++;
    } while (FindNextFileA(find, &data));
    assert_true(FindClose(find));
    assert_int_equal(loaded, 1);

    remove_file(folder, "msrec.acm");
    assert_int_equal(rmdir(folder), 0);
    setenv("PORTACM_DRIVER_PATH", PORTACM_TEST_DRIVER_DIR, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_handle_for_the_same_file_and_counted_references),
        cmocka_unit_test(windows_names_map_to_shared_objects),
        cmocka_unit_test(the_current_directory_is_never_searched),
        cmocka_unit_test(hmodule_is_the_drivers_module_handle),
        cmocka_unit_test(get_proc_address_failures),
        cmocka_unit_test(load_library_failures),
        cmocka_unit_test(module_file_names_and_truncation),
        cmocka_unit_test(system_folder_is_the_first_absolute_driver_folder),
        cmocka_unit_test(find_files_with_wildcards),
        cmocka_unit_test(client_enumerates_acm_files_in_the_system_folder),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
