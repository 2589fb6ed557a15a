/*
 * test_porting.c - Windows sources on Linux (issue 13): the DDK-style gain codec
 * (gainacm/gainacm.c, built unchanged with -fshort-wchar, its .rc compiled by a real resource
 * compiler) found the way Windows clients find codecs (GetSystemDirectory, FindFirstFile
 * "*.acm", LoadLibrary, acmDriverAdd(ACM_DRIVERADDF_FUNCTION)), its names from its string
 * table, its registry setting, its refused dialog and its conversion; and the resource
 * functions' answers, hostile .res images included.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <windows.h>
#include <mmsystem.h>
#include <msacm.h>
#include <msacmdrv.h>

#include "driver_resource_int.h"
#include "gainacm/resource.h"

static char *narrow(const WCHAR *text)
{
    static char buffer[512];
    WideCharToMultiByte(CP_UTF8, 0, text, -1, buffer, sizeof buffer, NULL, NULL);
    return buffer;
}

/* The client: every *.acm of the system folder, loaded and added as a function driver. */
static HMODULE gain_module;
static HACMDRIVERID gain_id;

static void find_and_add_drivers(void)
{
    char folder[MAX_PATH], pattern[MAX_PATH + 8], path[2 * MAX_PATH];
    UINT length = GetSystemDirectoryA(folder, sizeof folder);
    assert_true(length > 0 && length < sizeof folder);
    snprintf(pattern, sizeof pattern, "%s\\*.acm", folder);
    WIN32_FIND_DATAA found;
    HANDLE find = FindFirstFileA(pattern, &found);
    assert_true(find != INVALID_HANDLE_VALUE);
    int added = 0;
    do {
        snprintf(path, sizeof path, "%s\\%s", folder, found.cFileName);
        HMODULE module = LoadLibraryA(path);
        assert_non_null(module);
        FARPROC proc = GetProcAddress(module, "DriverProc");
        assert_non_null(proc);
        HACMDRIVERID id;
        assert_int_equal(acmDriverAdd(&id, module, (LPARAM)proc, 0, ACM_DRIVERADDF_FUNCTION), MMSYSERR_NOERROR);
        if (strcmp(found.cFileName, "gainacm.acm") == 0) {
            gain_module = module;
            gain_id = id;
        }
        added++;
    } while (FindNextFileA(find, &found));
    assert_int_equal(GetLastError(), ERROR_NO_MORE_FILES);
    assert_true(FindClose(find));
    assert_true(added >= 1);
    assert_non_null(gain_module);
}

/* OpenDriver's module: its handle is the module LoadLibrary gives; GetModuleHandle does not see a
 * file only OpenDriver loaded (docs/porting.md, "Modules"). Runs before the client loads it. */
static void test_opendriver_module(void **state)
{
    (void)state;
    HDRVR driver = OpenDriver(u"gainacm.acm", NULL, 0);
    assert_non_null(driver);
    HMODULE module = GetDriverModuleHandle(driver);
    assert_non_null(module);
    SetLastError(0);
    assert_null(GetModuleHandleA("gainacm.acm"));
    assert_int_equal(GetLastError(), ERROR_MOD_NOT_FOUND);
    /* Its resources are read through the handle the driver is given. */
    char name[64];
    assert_int_equal(LoadStringA(module, IDS_GAIN_SHORTNAME, name, sizeof name), 10);
    assert_string_equal(name, "Gain Codec");
    HMODULE loaded = LoadLibraryA("gainacm.acm");
    assert_ptr_equal(loaded, module);
    assert_ptr_equal(GetModuleHandleA("gainacm.acm"), module);
    assert_true(FreeLibrary(loaded));
    assert_int_equal(CloseDriver(driver, 0, 0), 1);
}

static void test_client_finds_driver(void **state)
{
    (void)state;
    find_and_add_drivers();
    ACMDRIVERDETAILSW details = {.cbStruct = sizeof details};
    assert_int_equal(acmDriverDetailsW(gain_id, &details, 0), MMSYSERR_NOERROR);
    assert_string_equal(narrow(details.szShortName), "Gain Codec");
    assert_string_equal(narrow(details.szLongName), "portacm Gain Codec (16-bit to 8-bit PCM, µ-law-free)");
    assert_string_equal(narrow(details.szCopyright), "Copyright (C) The portacm authors");
    assert_string_equal(narrow(details.szLicensing), "Test driver: free to use.");
    assert_string_equal(narrow(details.szFeatures),
                        "Converts 16-bit PCM to 8-bit PCM with a gain read from the registry.");
}

static void convert(DWORD gain, const short *input, size_t count, BYTE *output)
{
    HKEY key;
    assert_int_equal(RegCreateKeyExW(HKEY_CURRENT_USER, u"Software\\portacm tests\\gainacm", 0, NULL, 0, KEY_ALL_ACCESS,
                                     NULL, &key, NULL), ERROR_SUCCESS);
    assert_int_equal(RegSetValueExW(key, u"Gain", 0, REG_DWORD, (const BYTE *)&gain, sizeof gain), ERROR_SUCCESS);
    RegCloseKey(key);
    HACMDRIVER driver;
    assert_int_equal(acmDriverOpen(&driver, gain_id, 0), MMSYSERR_NOERROR);
    WAVEFORMATEX source = {WAVE_FORMAT_PCM, 1, 8000, 16000, 2, 16, 0};
    WAVEFORMATEX destination = {WAVE_FORMAT_PCM, 1, 8000, 8000, 1, 8, 0};
    HACMSTREAM stream;
    assert_int_equal(acmStreamOpen(&stream, driver, &source, &destination, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    short in[16];
    memcpy(in, input, count * sizeof *in);
    ACMSTREAMHEADER header = {.cbStruct = sizeof header, .pbSrc = (LPBYTE)in, .cbSrcLength = (DWORD)(count * 2),
                              .pbDst = output, .cbDstLength = (DWORD)count};
    assert_int_equal(acmStreamPrepareHeader(stream, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamConvert(stream, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(header.cbDstLengthUsed, count);
    assert_int_equal(acmStreamUnprepareHeader(stream, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(stream, 0), MMSYSERR_NOERROR);
    /* The configuration dialog is refused cleanly: the driver's DialogBoxParam gets -1. */
    assert_int_equal(acmDriverMessage(driver, DRV_QUERYCONFIGURE, 0, 0), 1);
    assert_int_equal(acmDriverMessage(driver, DRV_CONFIGURE, 0, 0), DRVCNF_CANCEL);
    assert_int_equal(acmDriverClose(driver, 0), MMSYSERR_NOERROR);
}

static void test_conversion_with_registry_gain(void **state)
{
    (void)state;
    static const short input[6] = {0, 256, -256, 12800, -32768, 32767};
    static const BYTE unity[6] = {128, 129, 127, 178, 0, 255};
    static const BYTE doubled[6] = {128, 130, 126, 228, 0, 255};
    BYTE output[6];
    convert(1, input, 6, output);
    assert_memory_equal(output, unity, 6);
    convert(2, input, 6, output);
    assert_memory_equal(output, doubled, 6);
}

static void test_find_resources(void **state)
{
    (void)state;
    HRSRC version = FindResourceA(gain_module, MAKEINTRESOURCEA(1), (LPCSTR)RT_VERSION);
    assert_non_null(version);
    const BYTE *data = LockResource(LoadResource(gain_module, version));
    assert_non_null(data);
    DWORD size = SizeofResource(gain_module, version);
    assert_true(size > 40);
    assert_int_equal(data[0] | data[1] << 8, size); /* VS_VERSIONINFO's wLength */
    assert_false(FreeResource(LoadResource(gain_module, version)));
    /* A user type by name, in any case, and "#100" for the ID. */
    HRSRC table = FindResourceA(gain_module, "#100", "gaindata");
    assert_non_null(table);
    assert_ptr_equal(FindResourceW(gain_module, MAKEINTRESOURCEW(IDR_GAIN_TABLE), u"GAINDATA"), table);
    assert_ptr_equal(FindResourceExA(gain_module, "GainData", MAKEINTRESOURCEA(100), 0x0409), table);
    assert_int_equal(SizeofResource(gain_module, table), 8);
    assert_memory_equal(LockResource(LoadResource(gain_module, table)), "\x01\x02\x03\x04gain", 8);
    SetLastError(0);
    assert_null(FindResourceExA(gain_module, "GAINDATA", MAKEINTRESOURCEA(100), 0x0407));
    assert_int_equal(GetLastError(), ERROR_RESOURCE_LANG_NOT_FOUND);
    assert_null(FindResourceA(gain_module, MAKEINTRESOURCEA(101), "GAINDATA"));
    assert_int_equal(GetLastError(), ERROR_RESOURCE_NAME_NOT_FOUND);
    assert_null(FindResourceA(gain_module, MAKEINTRESOURCEA(1), (LPCSTR)RT_RCDATA));
    assert_int_equal(GetLastError(), ERROR_RESOURCE_TYPE_NOT_FOUND);
    /* The test program has no resources; a made-up handle is refused. */
    assert_null(FindResourceA(NULL, MAKEINTRESOURCEA(1), (LPCSTR)RT_VERSION));
    assert_int_equal(GetLastError(), ERROR_RESOURCE_DATA_NOT_FOUND);
    static int not_a_module;
    assert_null(FindResourceA((HMODULE)&not_a_module, MAKEINTRESOURCEA(1), (LPCSTR)RT_VERSION));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_null(LoadResource(gain_module, (HRSRC)(data + 1)));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_int_equal(SizeofResource(gain_module, NULL), 0);
}

static void test_load_string(void **state)
{
    (void)state;
    WCHAR wide[8];
    assert_int_equal(LoadStringW(gain_module, IDS_GAIN_SHORTNAME, wide, 8), 7);
    assert_string_equal(narrow(wide), "Gain Co");
    const WCHAR *pointer = NULL;
    assert_int_equal(LoadStringW(gain_module, IDS_GAIN_FORMATTAG_PCM, (LPWSTR)&pointer, 0), 3);
    assert_non_null(pointer);
    assert_memory_equal(pointer, u"PCM", 6);
    char text[64];
    /* "µ" is two UTF-8 bytes: a cut never splits it. */
    assert_int_equal(LoadStringA(gain_module, IDS_GAIN_LONGNAME, text, 43), 41);
    assert_string_equal(text, "portacm Gain Codec (16-bit to 8-bit PCM, ");
    assert_int_equal(LoadStringA(gain_module, IDS_GAIN_LONGNAME, text, 44), 43);
    assert_string_equal(text, "portacm Gain Codec (16-bit to 8-bit PCM, µ");
    /* Missing strings: in a block that exists, and in one that does not. */
    text[0] = 'x';
    assert_int_equal(LoadStringA(gain_module, 7, text, sizeof text), 0);
    assert_string_equal(text, "");
    SetLastError(0);
    assert_int_equal(LoadStringA(gain_module, 40, text, sizeof text), 0);
    assert_int_equal(GetLastError(), ERROR_RESOURCE_NAME_NOT_FOUND);
    assert_int_equal(LoadStringW(gain_module, 1, NULL, 0), 0);
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
}

/* Hostile images: every truncation and every single-byte change of the driver's real image is
 * read without a fault (AddressSanitizer/valgrind catch an out-of-bounds read). */
static void test_hostile_images(void **state)
{
    (void)state;
    const unsigned char *image;
    size_t size;
    assert_int_equal(pacm_res_module_image(gain_module, &image, &size), ERROR_SUCCESS);
    assert_true(size > 64 && size < 65536);
    unsigned char *copy = malloc(size);
    assert_non_null(copy);
    pacm_res_key string_type = {6, NULL, 0}, block = {1, NULL, 0}, named = {0, u"GAINDATA", 8};
    pacm_res_entry entry;
    for (size_t cut = 0; cut <= size; cut++) {
        unsigned char *exact = malloc(cut ? cut : 1);
        memcpy(exact, image, cut);
        DWORD error = pacm_res_find(exact, cut, &string_type, &block, PACM_RES_ANY_LANGUAGE, &entry);
        if (error == ERROR_SUCCESS)
            assert_true(entry.data + entry.size <= exact + cut);
        (void)pacm_res_find(exact, cut, &named, &block, PACM_RES_ANY_LANGUAGE, &entry);
        free(exact);
    }
    unsigned found = 0;
    for (size_t at = 0; at < size; at++) {
        for (unsigned value = 0; value < 256; value += 51) {
            memcpy(copy, image, size);
            copy[at] = (unsigned char)(value ^ 0xA5);
            if (pacm_res_find(copy, size, &string_type, &block, PACM_RES_ANY_LANGUAGE, &entry) == ERROR_SUCCESS) {
                assert_true(entry.data >= copy && entry.data + entry.size <= copy + size);
                found++;
            }
            (void)pacm_res_entry_at(copy, size, copy + at, &entry);
        }
    }
    assert_true(found > 0);
    free(copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_opendriver_module),
        cmocka_unit_test(test_client_finds_driver),
        cmocka_unit_test(test_conversion_with_registry_gain),
        cmocka_unit_test(test_find_resources),
        cmocka_unit_test(test_load_string),
        cmocka_unit_test(test_hostile_images),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
