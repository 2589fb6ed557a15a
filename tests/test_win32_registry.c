/*
 * test_win32_registry.c - the registry (winreg.h): every function in A and W form, each value
 * type's round trip through the regedit text file (and the exact lines written), files written
 * by hand and by Windows' regedit (UTF-16LE with a byte-order mark, CRLF), ERROR_MORE_DATA
 * sizing, Windows' enumeration order, access rights, a second process seeing changes, two
 * processes writing at once without losing an update, and hostile files.
 *
 * Each test gets its own user and machine folders (XDG_CONFIG_HOME, PORTACM_REGISTRY_DIR).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common_int.h" /* pacm_mem_fail_after */
#include "ts_files.h"
#include "windows.h"

static char *base_dir;
static char user_dir[512], machine_dir[512];

/* Each case gets its own user and machine folders under a fresh temporary folder. */
static int fresh_folders(void **state)
{
    (void)state;
    base_dir = ts_temp_dir();
    if (!base_dir)
        return -1;
    snprintf(user_dir, sizeof user_dir, "%s/config", base_dir);
    snprintf(machine_dir, sizeof machine_dir, "%s/machine", base_dir);
    setenv("XDG_CONFIG_HOME", user_dir, 1);
    setenv("PORTACM_REGISTRY_DIR", machine_dir, 1);
    return 0;
}

static int remove_folders(void **state)
{
    (void)state;
    ts_remove_tree(base_dir);
    free(base_dir);
    base_dir = NULL;
    return 0;
}

static void user_file(char *path, size_t size)
{
    snprintf(path, size, "%s/portacm/registry/user.reg", user_dir);
}

static void machine_file(char *path, size_t size)
{
    snprintf(path, size, "%s/machine.reg", machine_dir);
}

/* The whole file, NUL-terminated (the caller frees). */
static char *read_text(const char *path)
{
    FILE *file = fopen(path, "rb");
    assert_non_null(file);
    static char buffer[1 << 20];
    size_t length = fread(buffer, 1, sizeof buffer - 1, file);
    fclose(file);
    buffer[length] = 0;
    return strdup(buffer);
}

static void write_bytes(const char *path, const void *bytes, size_t length)
{
    char folder[600];
    snprintf(folder, sizeof folder, "%s", path);
    *strrchr(folder, '/') = 0;
    char command[700];
    snprintf(command, sizeof command, "mkdir -p '%s'", folder);
    assert_int_equal(system(command), 0);
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(bytes, 1, length, file), length);
    fclose(file);
}

static HKEY create(HKEY parent, const char *path)
{
    HKEY key = NULL;
    assert_int_equal(RegCreateKeyExA(parent, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL), ERROR_SUCCESS);
    return key;
}

static void keys_open_create_close(void **state)
{
    (void)state;
    HKEY key = NULL, again = NULL, opened = NULL;
    DWORD disposition = 0;
    assert_int_equal(RegOpenKeyExA(HKEY_CURRENT_USER, "Software\\Portacm", 0, KEY_READ, &opened),
                     ERROR_FILE_NOT_FOUND);
    assert_null(opened);
    assert_int_equal(RegCreateKeyExA(HKEY_CURRENT_USER, "Software\\Portacm\\Test", 0, NULL, REG_OPTION_NON_VOLATILE,
                                     KEY_ALL_ACCESS, NULL, &key, &disposition),
                     ERROR_SUCCESS);
    assert_int_equal(disposition, REG_CREATED_NEW_KEY);
    assert_int_equal(RegCreateKeyExW(HKEY_CURRENT_USER, u"SOFTWARE\\portacm\\TEST", 0, NULL, 0, KEY_READ, NULL,
                                     &again, &disposition),
                     ERROR_SUCCESS);
    assert_int_equal(disposition, REG_OPENED_EXISTING_KEY);
    assert_int_equal(RegOpenKeyExA(HKEY_CURRENT_USER, "software\\PORTACM\\test\\", 0, KEY_READ, &opened),
                     ERROR_SUCCESS);
    assert_non_null(opened);
    HKEY child = NULL;
    assert_int_equal(RegOpenKeyExW(key, NULL, 0, KEY_READ, &child), ERROR_SUCCESS);
    assert_true(child != key);
    assert_int_equal(RegCloseKey(child), ERROR_SUCCESS);
    /* A predefined key opened with no subkey is returned as itself. */
    assert_int_equal(RegOpenKeyExA(HKEY_CURRENT_USER, "", 0, KEY_READ, &child), ERROR_SUCCESS);
    assert_true(child == HKEY_CURRENT_USER);
    assert_int_equal(RegOpenKeyExA(HKEY_CURRENT_USER, "\\Software", 0, KEY_READ, &child), ERROR_BAD_PATHNAME);
    assert_int_equal(RegOpenKeyExA(HKEY_CURRENT_USER, "Software\\\\Portacm", 0, KEY_READ, &child),
                     ERROR_BAD_PATHNAME);
    assert_int_equal(RegOpenKeyExA(HKEY_CURRENT_USER, "Software", 0, KEY_READ, NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(RegCreateKeyExA(key, NULL, 0, NULL, 0, KEY_READ, NULL, &child, NULL), ERROR_INVALID_PARAMETER);
    char long_name[300];
    memset(long_name, 'x', 256);
    long_name[256] = 0;
    assert_int_equal(RegCreateKeyExA(key, long_name, 0, NULL, 0, KEY_READ, NULL, &child, NULL),
                     ERROR_INVALID_PARAMETER);
    long_name[255] = 0;
    HKEY longest = create(key, long_name);
    assert_int_equal(RegCloseKey(longest), ERROR_SUCCESS);
    assert_int_equal(RegCreateKeyExA(key, "bad\nname", 0, NULL, 0, KEY_READ, NULL, &child, NULL),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(RegCloseKey(opened), ERROR_SUCCESS);
    assert_int_equal(RegCloseKey(again), ERROR_SUCCESS);
    assert_int_equal(RegCloseKey(key), ERROR_SUCCESS);
    assert_int_equal(RegCloseKey(key), ERROR_INVALID_HANDLE);
    assert_int_equal(RegCloseKey(HKEY_CURRENT_USER), ERROR_SUCCESS);
    assert_int_equal(RegCloseKey(HKEY_LOCAL_MACHINE), ERROR_SUCCESS);
}

/* Forged, closed and unsupported predefined handles: ERROR_INVALID_HANDLE everywhere. */
static void bad_handles(void **state)
{
    (void)state;
    HKEY closed = create(HKEY_CURRENT_USER, "Software\\Closed");
    RegCloseKey(closed);
    HKEY bad[] = {closed, (HKEY)(uintptr_t)0x12345679, (HKEY)(uintptr_t)1, NULL, HKEY_CLASSES_ROOT, HKEY_USERS,
                  HKEY_CURRENT_CONFIG};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        HKEY out = (HKEY)(uintptr_t)0x1;
        DWORD size = 4, count = 8;
        char name[8];
        BYTE data[4];
        assert_int_equal(RegOpenKeyExA(bad[i], "x", 0, KEY_READ, &out), ERROR_INVALID_HANDLE);
        assert_null(out);
        assert_int_equal(RegCreateKeyExA(bad[i], "x", 0, NULL, 0, KEY_READ, NULL, &out, NULL), ERROR_INVALID_HANDLE);
        assert_int_equal(RegQueryValueExA(bad[i], "v", NULL, NULL, data, &size), ERROR_INVALID_HANDLE);
        assert_int_equal(RegSetValueExA(bad[i], "v", 0, REG_BINARY, data, 4), ERROR_INVALID_HANDLE);
        assert_int_equal(RegDeleteValueA(bad[i], "v"), ERROR_INVALID_HANDLE);
        assert_int_equal(RegDeleteKeyA(bad[i], "x"), ERROR_INVALID_HANDLE);
        assert_int_equal(RegEnumKeyExA(bad[i], 0, name, &count, NULL, NULL, NULL, NULL), ERROR_INVALID_HANDLE);
        assert_int_equal(RegEnumValueA(bad[i], 0, name, &count, NULL, NULL, NULL, NULL), ERROR_INVALID_HANDLE);
        assert_int_equal(RegQueryInfoKeyA(bad[i], NULL, NULL, NULL, &count, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                         ERROR_INVALID_HANDLE);
        if (bad[i] != HKEY_CLASSES_ROOT && bad[i] != HKEY_USERS && bad[i] != HKEY_CURRENT_CONFIG)
            assert_int_equal(RegCloseKey(bad[i]), ERROR_INVALID_HANDLE);
    }
}

/* Every type written, read back from the file by a fresh call (A and W), and the exact
 * lines regedit would write. */
static void types_round_trip_through_the_file(void **state)
{
    (void)state;
    HKEY key = create(HKEY_CURRENT_USER, "Software\\Types");
    static const WCHAR text[] = u"C:\\Path \"quoted\" é";
    static const WCHAR expand[] = u"%HOME%\\x";
    static const WCHAR multi[] = u"ab\0c\0";
    static const BYTE binary[] = {0x00, 0x01, 0xfe, 0xff};
    DWORD number = 0x1234abcd;
    ULONGLONG quad = 0x0102030405060708ull;
    assert_int_equal(RegSetValueExW(key, u"String", 0, REG_SZ, (const BYTE *)text, sizeof text), ERROR_SUCCESS);
    assert_int_equal(RegSetValueExW(key, u"Expand", 0, REG_EXPAND_SZ, (const BYTE *)expand, sizeof expand),
                     ERROR_SUCCESS);
    assert_int_equal(RegSetValueExW(key, u"Multi", 0, REG_MULTI_SZ, (const BYTE *)multi, sizeof multi),
                     ERROR_SUCCESS);
    assert_int_equal(RegSetValueExA(key, "Binary", 0, REG_BINARY, binary, sizeof binary), ERROR_SUCCESS);
    assert_int_equal(RegSetValueExA(key, "Dword", 0, REG_DWORD, (const BYTE *)&number, 4), ERROR_SUCCESS);
    assert_int_equal(RegSetValueExA(key, "Qword", 0, REG_QWORD, (const BYTE *)&quad, 8), ERROR_SUCCESS);
    assert_int_equal(RegSetValueExA(key, "None", 0, REG_NONE, NULL, 0), ERROR_SUCCESS);
    assert_int_equal(RegSetValueExA(key, NULL, 0, REG_SZ, (const BYTE *)"default", 8), ERROR_SUCCESS);
    /* The literal's own terminator is the list's final NUL: 7 bytes. */
    assert_int_equal(RegSetValueExA(key, "Ansi", 0, REG_MULTI_SZ, (const BYTE *)"x\0yé\0", 7), ERROR_SUCCESS);

    char path[600];
    user_file(path, sizeof path);
    char *file = read_text(path);
    assert_string_equal(file, "Windows Registry Editor Version 5.00\n\n"
                              "[HKEY_CURRENT_USER\\Software]\n\n"
                              "[HKEY_CURRENT_USER\\Software\\Types]\n"
                              "\"String\"=\"C:\\\\Path \\\"quoted\\\" é\"\n"
                              "\"Expand\"=hex(2):25,00,48,00,4f,00,4d,00,45,00,25,00,5c,00,78,00,00,00\n"
                              "\"Multi\"=hex(7):61,00,62,00,00,00,63,00,00,00,00,00\n"
                              "\"Binary\"=hex:00,01,fe,ff\n"
                              "\"Dword\"=dword:1234abcd\n"
                              "\"Qword\"=hex(b):08,07,06,05,04,03,02,01\n"
                              "\"None\"=hex(0):\n"
                              "@=\"default\"\n"
                              "\"Ansi\"=hex(7):78,00,00,00,79,00,e9,00,00,00,00,00\n\n");
    free(file);

    BYTE buffer[64];
    DWORD type = 99, size = sizeof buffer;
    assert_int_equal(RegQueryValueExW(key, u"string", NULL, &type, buffer, &size), ERROR_SUCCESS);
    assert_int_equal(type, REG_SZ);
    assert_int_equal(size, sizeof text);
    assert_memory_equal(buffer, text, sizeof text);
    size = sizeof buffer;
    assert_int_equal(RegQueryValueExA(key, "String", NULL, &type, buffer, &size), ERROR_SUCCESS);
    assert_int_equal(size, strlen("C:\\Path \"quoted\" é") + 1);
    assert_string_equal((char *)buffer, "C:\\Path \"quoted\" é");
    size = sizeof buffer;
    assert_int_equal(RegQueryValueExW(key, u"Multi", NULL, &type, buffer, &size), ERROR_SUCCESS);
    assert_int_equal(type, REG_MULTI_SZ);
    assert_int_equal(size, sizeof multi);
    assert_memory_equal(buffer, multi, sizeof multi);
    size = sizeof buffer;
    assert_int_equal(RegQueryValueExA(key, "Multi", NULL, &type, buffer, &size), ERROR_SUCCESS);
    assert_int_equal(size, 6);
    assert_memory_equal(buffer, "ab\0c\0", 6);
    size = sizeof buffer;
    assert_int_equal(RegQueryValueExA(key, "Expand", NULL, &type, buffer, &size), ERROR_SUCCESS);
    assert_int_equal(type, REG_EXPAND_SZ);
    assert_string_equal((char *)buffer, "%HOME%\\x");
    size = sizeof buffer;
    assert_int_equal(RegQueryValueExA(key, "BINARY", NULL, &type, buffer, &size), ERROR_SUCCESS);
    assert_int_equal(type, REG_BINARY);
    assert_int_equal(size, 4);
    assert_memory_equal(buffer, binary, 4);
    size = sizeof buffer;
    assert_int_equal(RegQueryValueExA(key, "Dword", NULL, &type, buffer, &size), ERROR_SUCCESS);
    assert_int_equal(type, REG_DWORD);
    assert_int_equal(size, 4);
    assert_memory_equal(buffer, &number, 4);
    size = sizeof buffer;
    assert_int_equal(RegQueryValueExW(key, u"Qword", NULL, &type, buffer, &size), ERROR_SUCCESS);
    assert_int_equal(type, REG_QWORD);
    assert_memory_equal(buffer, &quad, 8);
    size = sizeof buffer;
    assert_int_equal(RegQueryValueExA(key, "None", NULL, &type, buffer, &size), ERROR_SUCCESS);
    assert_int_equal(type, REG_NONE);
    assert_int_equal(size, 0);
    size = sizeof buffer;
    assert_int_equal(RegQueryValueExW(key, NULL, NULL, &type, buffer, &size), ERROR_SUCCESS);
    assert_int_equal(size, 16);
    assert_memory_equal(buffer, u"default", 16);
    size = sizeof buffer;
    assert_int_equal(RegQueryValueExW(key, u"Ansi", NULL, &type, buffer, &size), ERROR_SUCCESS);
    assert_int_equal(size, 12);
    assert_memory_equal(buffer, u"x\0y\u00e9\0", 12);
    assert_int_equal(RegQueryValueExA(key, "Missing", NULL, &type, buffer, &size), ERROR_FILE_NOT_FOUND);
    RegCloseKey(key);
}

/* Long binary data is wrapped as regedit wraps it and read back whole. */
static void long_hex_lines_wrap_and_read_back(void **state)
{
    (void)state;
    HKEY key = create(HKEY_CURRENT_USER, "Wrap");
    BYTE data[300], back[300];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (BYTE)(i * 7);
    assert_int_equal(RegSetValueExA(key, "Long", 0, REG_BINARY, data, sizeof data), ERROR_SUCCESS);
    char path[600];
    user_file(path, sizeof path);
    char *file = read_text(path);
    assert_non_null(strstr(file, ",\\\n  "));
    for (char *line = file; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        assert_true((strchr(line, '\n') ? (size_t)(strchr(line, '\n') - line) : strlen(line)) <= 80);
    free(file);
    DWORD size = sizeof back;
    assert_int_equal(RegQueryValueExA(key, "Long", NULL, NULL, back, &size), ERROR_SUCCESS);
    assert_int_equal(size, sizeof data);
    assert_memory_equal(back, data, sizeof data);
    RegCloseKey(key);
}

/* A machine file written by hand: comments, escapes, continuations, case, the default value. */
static void reads_a_hand_written_file(void **state)
{
    (void)state;
    static const char text[] = "Windows Registry Editor Version 5.00\n"
                               "; settings of a driver\n\n"
                               "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\Codec]\n"
                               "@=\"Codec \\\"One\\\"\"\n"
                               "\"Quality\"=dword:0000000A\n"
                               "\"Table\"=hex:01,02,\\\n"
                               "  03,04\n"
                               "\"Names\"=hex(7):61,00,00,00,62,00,00,00,00,00\n"
                               "\"a=b]\"=\"c:\\\\dir\"\n";
    char path[600];
    machine_file(path, sizeof path);
    write_bytes(path, text, strlen(text));
    HKEY key = NULL;
    assert_int_equal(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "Software\\vendor\\codec", 0, KEY_READ, &key), ERROR_SUCCESS);
    char buffer[64];
    DWORD size = sizeof buffer, type;
    assert_int_equal(RegQueryValueExA(key, "", NULL, &type, (BYTE *)buffer, &size), ERROR_SUCCESS);
    assert_string_equal(buffer, "Codec \"One\"");
    DWORD quality = 0;
    size = 4;
    assert_int_equal(RegQueryValueExA(key, "quality", NULL, &type, (BYTE *)&quality, &size), ERROR_SUCCESS);
    assert_int_equal(quality, 10);
    size = sizeof buffer;
    assert_int_equal(RegQueryValueExA(key, "Table", NULL, &type, (BYTE *)buffer, &size), ERROR_SUCCESS);
    assert_int_equal(size, 4);
    assert_memory_equal(buffer, "\1\2\3\4", 4);
    size = sizeof buffer;
    assert_int_equal(RegQueryValueExA(key, "Names", NULL, &type, (BYTE *)buffer, &size), ERROR_SUCCESS);
    assert_int_equal(size, 5);
    assert_memory_equal(buffer, "a\0b\0", 5);
    size = sizeof buffer;
    assert_int_equal(RegQueryValueExA(key, "a=b]", NULL, &type, (BYTE *)buffer, &size), ERROR_SUCCESS);
    assert_string_equal(buffer, "c:\\dir");
    RegCloseKey(key);
}

/* What regedit on Windows exports: UTF-16LE with a byte-order mark and CRLF line ends. */
static void reads_a_windows_regedit_export(void **state)
{
    (void)state;
    static const char text[] = "Windows Registry Editor Version 5.00\r\n\r\n"
                               "[HKEY_CURRENT_USER\\Software\\Exported]\r\n"
                               "\"Name\"=\"Ünïcode\"\r\n"
                               "\"Bin\"=hex:0a,0b,\\\r\n  0c\r\n"
                               "\"Flag\"=dword:00000001\r\n";
    WCHAR wide[512];
    size_t units = 0;
    wide[units++] = 0xFEFF;
    /* The test text is ASCII apart from Latin-1 letters, so UTF-8 to UTF-16 is simple here. */
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p >= 0xC0) {
            wide[units++] = (WCHAR)((p[0] & 0x1F) << 6 | (p[1] & 0x3F));
            p++;
        } else {
            wide[units++] = *p;
        }
    }
    BYTE bytes[1024];
    for (size_t i = 0; i < units; i++) {
        bytes[2 * i] = (BYTE)wide[i];
        bytes[2 * i + 1] = (BYTE)(wide[i] >> 8);
    }
    char path[600];
    user_file(path, sizeof path);
    write_bytes(path, bytes, units * 2);
    HKEY key = NULL;
    assert_int_equal(RegOpenKeyExW(HKEY_CURRENT_USER, u"Software\\Exported", 0, KEY_READ, &key), ERROR_SUCCESS);
    WCHAR name[16];
    DWORD size = sizeof name, type;
    assert_int_equal(RegQueryValueExW(key, u"Name", NULL, &type, (BYTE *)name, &size), ERROR_SUCCESS);
    assert_int_equal(size, 8 * sizeof(WCHAR));
    assert_memory_equal(name, u"\u00dcn\u00efcode", 8 * sizeof(WCHAR));
    BYTE bin[8];
    size = sizeof bin;
    assert_int_equal(RegQueryValueExW(key, u"Bin", NULL, &type, bin, &size), ERROR_SUCCESS);
    assert_int_equal(size, 3);
    assert_memory_equal(bin, "\x0a\x0b\x0c", 3);
    DWORD flag = 0;
    size = 4;
    assert_int_equal(RegQueryValueExW(key, u"Flag", NULL, &type, (BYTE *)&flag, &size), ERROR_SUCCESS);
    assert_int_equal(flag, 1);
    /* A change rewrites it as UTF-8 with LF, the values kept. */
    assert_int_equal(RegSetValueExA(key, "Flag", 0, REG_DWORD, (const BYTE *)&(DWORD){2}, 4), ERROR_ACCESS_DENIED);
    RegCloseKey(key);
    key = create(HKEY_CURRENT_USER, "Software\\Exported");
    assert_int_equal(RegSetValueExA(key, "Flag", 0, REG_DWORD, (const BYTE *)&(DWORD){2}, 4), ERROR_SUCCESS);
    char *file = read_text(path);
    assert_non_null(strstr(file, "\"Name\"=\"Ünïcode\"\n\"Bin\"=hex:0a,0b,0c\n\"Flag\"=dword:00000002\n"));
    assert_null(strchr(file, '\r'));
    free(file);
    RegCloseKey(key);
}

static void more_data_sizing(void **state)
{
    (void)state;
    HKEY key = create(HKEY_CURRENT_USER, "Sizes");
    assert_int_equal(RegSetValueExW(key, u"Text", 0, REG_SZ, (const BYTE *)u"h\u00e9llo", 12), ERROR_SUCCESS);
    BYTE buffer[32];
    memset(buffer, 0x55, sizeof buffer);
    DWORD size = 4, type = 0;
    assert_int_equal(RegQueryValueExW(key, u"Text", NULL, &type, buffer, &size), ERROR_MORE_DATA);
    assert_int_equal(size, 12);
    assert_int_equal(type, REG_SZ);
    assert_int_equal(buffer[0], 0x55); /* not written */
    size = 4;
    assert_int_equal(RegQueryValueExA(key, "Text", NULL, &type, buffer, &size), ERROR_MORE_DATA);
    assert_int_equal(size, 7); /* "héllo" in UTF-8 with its terminator */
    size = 0;
    assert_int_equal(RegQueryValueExA(key, "Text", NULL, NULL, NULL, &size), ERROR_SUCCESS);
    assert_int_equal(size, 7);
    assert_int_equal(RegQueryValueExW(key, u"Text", NULL, NULL, NULL, &size), ERROR_SUCCESS);
    assert_int_equal(size, 12);
    size = 12;
    assert_int_equal(RegQueryValueExW(key, u"Text", NULL, NULL, buffer, &size), ERROR_SUCCESS);
    assert_int_equal(RegQueryValueExA(key, "Text", (LPDWORD)buffer, NULL, NULL, &size), ERROR_INVALID_PARAMETER);
    assert_int_equal(RegQueryValueExA(key, "Text", NULL, NULL, buffer, NULL), ERROR_INVALID_PARAMETER);
    /* RegEnumValue: the name, then the data. */
    char name[8];
    DWORD count = 4;
    size = sizeof buffer;
    assert_int_equal(RegEnumValueA(key, 0, name, &count, NULL, &type, buffer, &size), ERROR_MORE_DATA);
    count = 5;
    assert_int_equal(RegEnumValueA(key, 0, name, &count, NULL, &type, buffer, &size), ERROR_SUCCESS);
    assert_int_equal(count, 4);
    assert_string_equal(name, "Text");
    count = 5;
    size = 3;
    assert_int_equal(RegEnumValueW(key, 0, (LPWSTR)buffer, &count, NULL, &type, buffer + 10, &size), ERROR_MORE_DATA);
    assert_int_equal(size, 12);
    /* RegEnumKeyEx: the name's room counts the terminator; too small leaves the count. */
    RegCloseKey(create(key, "Child"));
    count = 5;
    assert_int_equal(RegEnumKeyExA(key, 0, name, &count, NULL, NULL, NULL, NULL), ERROR_MORE_DATA);
    assert_int_equal(count, 5);
    count = 6;
    assert_int_equal(RegEnumKeyExA(key, 0, name, &count, NULL, NULL, NULL, NULL), ERROR_SUCCESS);
    assert_int_equal(count, 5);
    assert_string_equal(name, "Child");
    RegCloseKey(key);
}

static void enumeration_order_and_info(void **state)
{
    (void)state;
    HKEY key = create(HKEY_CURRENT_USER, "Order");
    const char *subkeys[] = {"b", "_x", "A", "c", "Ab"};
    for (size_t i = 0; i < 5; i++)
        RegCloseKey(create(key, subkeys[i]));
    const char *values[] = {"zeta", "alpha", "", "mu"};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(RegSetValueExA(key, values[i], 0, REG_SZ, (const BYTE *)"12345", 6), ERROR_SUCCESS);
    /* Windows sorts subkeys in upper case, so '_' comes after the letters. */
    const char *expected_keys[] = {"A", "Ab", "b", "c", "_x"};
    char name[32];
    DWORD count;
    for (DWORD i = 0; i < 5; i++) {
        count = sizeof name;
        FILETIME time = {0, 0};
        assert_int_equal(RegEnumKeyExA(key, i, name, &count, NULL, NULL, NULL, &time), ERROR_SUCCESS);
        assert_string_equal(name, expected_keys[i]);
        assert_true(time.dwHighDateTime > 0x01D00000u); /* after 2015 */
    }
    count = sizeof name;
    assert_int_equal(RegEnumKeyExA(key, 5, name, &count, NULL, NULL, NULL, NULL), ERROR_NO_MORE_ITEMS);
    /* W counts UTF-16 units, A counts UTF-8 bytes: "é" is one unit and two bytes. */
    HKEY accented = create(HKEY_CURRENT_USER, "Accents");
    RegCloseKey(create(accented, "é"));
    WCHAR wide_name[4], class_name_w[2] = {'z', 0};
    DWORD class_units = 2;
    count = 2;
    assert_int_equal(RegEnumKeyExW(accented, 0, wide_name, &count, NULL, class_name_w, &class_units, NULL),
                     ERROR_SUCCESS);
    assert_int_equal(count, 1);
    assert_int_equal(wide_name[0], 0xE9);
    assert_int_equal(wide_name[1], 0);
    assert_int_equal(class_units, 0);
    assert_int_equal(class_name_w[0], 0);
    count = 1;
    assert_int_equal(RegEnumKeyExW(accented, 0, wide_name, &count, NULL, NULL, NULL, NULL), ERROR_MORE_DATA);
    count = 3;
    assert_int_equal(RegEnumKeyExA(accented, 0, name, &count, NULL, NULL, NULL, NULL), ERROR_SUCCESS);
    assert_int_equal(count, 2);
    assert_string_equal(name, "é");
    assert_int_equal(RegEnumKeyExW(accented, 1, wide_name, &count, NULL, NULL, NULL, NULL), ERROR_NO_MORE_ITEMS);
    RegCloseKey(accented);
    WCHAR wide[32];
    for (DWORD i = 0; i < 4; i++) {
        count = 32;
        DWORD type = 0;
        assert_int_equal(RegEnumValueW(key, i, wide, &count, NULL, &type, NULL, NULL), ERROR_SUCCESS);
        char narrow[32];
        for (DWORD j = 0; j <= count; j++)
            narrow[j] = (char)wide[j];
        assert_string_equal(narrow, values[i]);
        assert_int_equal(type, REG_SZ);
    }
    count = 32;
    assert_int_equal(RegEnumValueW(key, 4, wide, &count, NULL, NULL, NULL, NULL), ERROR_NO_MORE_ITEMS);
    DWORD keys, longest_key, classes, values_count, longest_name, largest, security;
    char class_name[4] = "zz";
    DWORD class_count = sizeof class_name;
    assert_int_equal(RegQueryInfoKeyA(key, class_name, &class_count, NULL, &keys, &longest_key, &classes, &values_count,
                                      &longest_name, &largest, &security, NULL),
                     ERROR_SUCCESS);
    assert_int_equal(keys, 5);
    assert_int_equal(longest_key, 2);
    assert_int_equal(values_count, 4);
    assert_int_equal(longest_name, 5);
    assert_int_equal(largest, 6);
    assert_int_equal(class_count, 0);
    assert_string_equal(class_name, "");
    assert_int_equal(security, 0);
    assert_int_equal(RegQueryInfoKeyW(key, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, &largest, NULL, NULL),
                     ERROR_SUCCESS);
    assert_int_equal(largest, 12);
    assert_int_equal(RegQueryInfoKeyW(key, NULL, NULL, &keys, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                     ERROR_INVALID_PARAMETER);
    RegCloseKey(key);
}

static void deleting_values_and_keys(void **state)
{
    (void)state;
    HKEY key = create(HKEY_CURRENT_USER, "Del\\Parent");
    HKEY child = create(key, "Child");
    RegCloseKey(create(child, "Grandchild"));
    assert_int_equal(RegSetValueExA(key, "v", 0, REG_DWORD, (const BYTE *)&(DWORD){1}, 4), ERROR_SUCCESS);
    assert_int_equal(RegDeleteValueW(key, u"V"), ERROR_SUCCESS);
    assert_int_equal(RegDeleteValueA(key, "v"), ERROR_FILE_NOT_FOUND);
    assert_int_equal(RegDeleteKeyA(key, "Child"), ERROR_ACCESS_DENIED); /* has a subkey */
    assert_int_equal(RegDeleteKeyA(key, "Missing"), ERROR_FILE_NOT_FOUND);
    assert_int_equal(RegDeleteKeyA(key, NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(RegDeleteKeyA(HKEY_CURRENT_USER, ""), ERROR_ACCESS_DENIED);
    assert_int_equal(RegDeleteKeyW(key, u"child\\GRANDCHILD"), ERROR_SUCCESS);
    assert_int_equal(RegDeleteKeyA(key, "Child"), ERROR_SUCCESS);
    /* The handle on the deleted key now fails. */
    DWORD size = 4;
    assert_int_equal(RegQueryValueExA(child, "x", NULL, NULL, NULL, &size), ERROR_KEY_DELETED);
    assert_int_equal(RegSetValueExA(child, "x", 0, REG_DWORD, (const BYTE *)&(DWORD){1}, 4), ERROR_KEY_DELETED);
    HKEY none;
    assert_int_equal(RegCreateKeyExA(child, "y", 0, NULL, 0, KEY_READ, NULL, &none, NULL), ERROR_KEY_DELETED);
    assert_int_equal(RegCloseKey(child), ERROR_SUCCESS);
    assert_int_equal(RegDeleteKeyA(key, ""), ERROR_SUCCESS); /* a key's own handle */
    assert_int_equal(RegOpenKeyExA(HKEY_CURRENT_USER, "Del\\Parent", 0, KEY_READ, &none), ERROR_FILE_NOT_FOUND);
    RegCloseKey(key);
}

static void access_rights_and_arguments(void **state)
{
    (void)state;
    RegCloseKey(create(HKEY_CURRENT_USER, "Rights"));
    HKEY reader, writer;
    assert_int_equal(RegOpenKeyExA(HKEY_CURRENT_USER, "Rights", 0, KEY_READ, &reader), ERROR_SUCCESS);
    assert_int_equal(RegOpenKeyExA(HKEY_CURRENT_USER, "Rights", 0, KEY_SET_VALUE, &writer), ERROR_SUCCESS);
    DWORD one = 1, size = 4;
    assert_int_equal(RegSetValueExA(reader, "v", 0, REG_DWORD, (const BYTE *)&one, 4), ERROR_ACCESS_DENIED);
    assert_int_equal(RegDeleteValueA(reader, "v"), ERROR_ACCESS_DENIED);
    HKEY sub;
    assert_int_equal(RegCreateKeyExA(reader, "new", 0, NULL, 0, KEY_READ, NULL, &sub, NULL), ERROR_ACCESS_DENIED);
    assert_int_equal(RegSetValueExA(writer, "v", 0, REG_DWORD, (const BYTE *)&one, 4), ERROR_SUCCESS);
    assert_int_equal(RegQueryValueExA(writer, "v", NULL, NULL, NULL, &size), ERROR_ACCESS_DENIED);
    assert_int_equal(RegQueryValueExA(reader, "v", NULL, NULL, NULL, &size), ERROR_SUCCESS);
    HKEY generic;
    assert_int_equal(RegOpenKeyExA(HKEY_CURRENT_USER, "Rights", 0, GENERIC_WRITE, &generic), ERROR_SUCCESS);
    assert_int_equal(RegSetValueExA(generic, "w", 0, REG_DWORD, (const BYTE *)&one, 4), ERROR_SUCCESS);
    RegCloseKey(generic);
    /* Arguments. */
    assert_int_equal(RegSetValueExA(writer, "v", 0, REG_BINARY, NULL, 4), ERROR_NOACCESS);
    assert_int_equal(RegSetValueExA(writer, "v\n", 0, REG_BINARY, NULL, 0), ERROR_INVALID_PARAMETER);
    BYTE *big = calloc(1, PORTACM_REG_MAX_VALUE_DATA + 1);
    assert_int_equal(RegSetValueExA(writer, "big", 0, REG_BINARY, big, PORTACM_REG_MAX_VALUE_DATA + 1),
                     ERROR_INVALID_PARAMETER);
    free(big);
    char name[4];
    DWORD count = 4;
    assert_int_equal(RegEnumKeyExA(reader, 0, NULL, &count, NULL, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(RegEnumKeyExA(reader, 0, name, NULL, NULL, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(RegEnumValueA(reader, 0, name, &count, &count, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    RegCloseKey(reader);
    RegCloseKey(writer);
}

/* A machine folder that cannot be written (even by root: sysfs refuses new folders). */
static void machine_hive_not_writable(void **state)
{
    (void)state;
    struct stat info;
    if (stat("/sys/kernel", &info) != 0)
        skip();
    setenv("PORTACM_REGISTRY_DIR", "/sys/portacm-registry-test", 1);
    HKEY key;
    assert_int_equal(RegCreateKeyExA(HKEY_LOCAL_MACHINE, "Software\\X", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL),
                     ERROR_ACCESS_DENIED);
    assert_int_equal(RegSetValueExA(HKEY_LOCAL_MACHINE, "v", 0, REG_DWORD, (const BYTE *)&(DWORD){1}, 4),
                     ERROR_ACCESS_DENIED);
    /* Reading works and finds nothing. */
    assert_int_equal(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "Software", 0, KEY_READ, &key), ERROR_FILE_NOT_FOUND);
    /* Opening for writing is refused up front where the folder cannot be made (here: below a
     * plain file, which root cannot get round either); for reading it is not. */
    char below_file[700], file[600];
    snprintf(file, sizeof file, "%s/plain", machine_dir);
    write_bytes(file, "x", 1);
    snprintf(below_file, sizeof below_file, "%s/registry", file);
    setenv("PORTACM_REGISTRY_DIR", below_file, 1);
    assert_int_equal(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "", 0, KEY_WRITE, &key), ERROR_ACCESS_DENIED);
    assert_null(key);
    assert_int_equal(RegOpenKeyExA(HKEY_LOCAL_MACHINE, "", 0, KEY_READ, &key), ERROR_SUCCESS);
    assert_true(key == HKEY_LOCAL_MACHINE);
    setenv("PORTACM_REGISTRY_DIR", machine_dir, 1);
}

static void wait_child(pid_t child)
{
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* A change made by another process is seen through a handle opened before it. */
static void second_process_sees_changes(void **state)
{
    (void)state;
    HKEY key = create(HKEY_CURRENT_USER, "Shared");
    assert_int_equal(RegSetValueExA(key, "parent", 0, REG_DWORD, (const BYTE *)&(DWORD){7}, 4), ERROR_SUCCESS);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        HKEY mine;
        DWORD value = 0, size = 4;
        int ok = RegOpenKeyExA(HKEY_CURRENT_USER, "Shared", 0, KEY_ALL_ACCESS, &mine) == ERROR_SUCCESS &&
                 RegQueryValueExA(mine, "parent", NULL, NULL, (BYTE *)&value, &size) == ERROR_SUCCESS && value == 7 &&
                 RegSetValueExA(mine, "child", 0, REG_DWORD, (const BYTE *)&(DWORD){8}, 4) == ERROR_SUCCESS;
        HKEY sub;
        ok = ok && RegCreateKeyExA(mine, "FromChild", 0, NULL, 0, KEY_READ, NULL, &sub, NULL) == ERROR_SUCCESS;
        _exit(ok ? 0 : 1);
    }
    wait_child(child);
    DWORD value = 0, size = 4;
    assert_int_equal(RegQueryValueExA(key, "child", NULL, NULL, (BYTE *)&value, &size), ERROR_SUCCESS);
    assert_int_equal(value, 8);
    HKEY sub;
    assert_int_equal(RegOpenKeyExA(key, "FromChild", 0, KEY_READ, &sub), ERROR_SUCCESS);
    RegCloseKey(sub);
    RegCloseKey(key);
}

/* Two processes each setting their own values at the same time: none is lost. */
static void concurrent_writers_lose_nothing(void **state)
{
    (void)state;
    enum { WRITERS = 2, EACH = 60 };
    RegCloseKey(create(HKEY_CURRENT_USER, "Busy"));
    pid_t children[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
        children[w] = fork();
        assert_true(children[w] >= 0);
        if (children[w] == 0) {
            HKEY key;
            if (RegOpenKeyExA(HKEY_CURRENT_USER, "Busy", 0, KEY_SET_VALUE, &key) != ERROR_SUCCESS)
                _exit(1);
            for (DWORD i = 0; i < EACH; i++) {
                char name[32];
                snprintf(name, sizeof name, "w%d-%u", w, (unsigned)i);
                if (RegSetValueExA(key, name, 0, REG_DWORD, (const BYTE *)&i, 4) != ERROR_SUCCESS)
                    _exit(2);
            }
            _exit(0);
        }
    }
    for (int w = 0; w < WRITERS; w++)
        wait_child(children[w]);
    HKEY key;
    assert_int_equal(RegOpenKeyExA(HKEY_CURRENT_USER, "Busy", 0, KEY_READ, &key), ERROR_SUCCESS);
    DWORD values = 0;
    assert_int_equal(RegQueryInfoKeyA(key, NULL, NULL, NULL, NULL, NULL, NULL, &values, NULL, NULL, NULL, NULL),
                     ERROR_SUCCESS);
    assert_int_equal(values, WRITERS * EACH);
    for (int w = 0; w < WRITERS; w++) {
        for (DWORD i = 0; i < EACH; i++) {
            char name[32];
            DWORD value = 0xFFFF, size = 4;
            snprintf(name, sizeof name, "w%d-%u", w, (unsigned)i);
            assert_int_equal(RegQueryValueExA(key, name, NULL, NULL, (BYTE *)&value, &size), ERROR_SUCCESS);
            assert_int_equal(value, i);
        }
    }
    RegCloseKey(key);
}

/* The good value of a hostile file is read; everything else is skipped without harm. */
static DWORD good_value(void)
{
    HKEY key;
    DWORD value = 0, size = 4;
    if (RegOpenKeyExA(HKEY_CURRENT_USER, "Good", 0, KEY_READ, &key) != ERROR_SUCCESS)
        return 0;
    LONG status = RegQueryValueExA(key, "v", NULL, NULL, (BYTE *)&value, &size);
    RegCloseKey(key);
    return status == ERROR_SUCCESS ? value : 0;
}

static void hostile_files(void **state)
{
    (void)state;
    char path[600];
    user_file(path, sizeof path);
    static const char malformed[] = "Windows Registry Editor Version 5.00\n"
                                    "\"before\"=dword:1\n"
                                    "[HKEY_CURRENT_USER\\Good]\n"
                                    "\"unterminated=\"x\n"
                                    "\"bad dword\"=dword:123456789\n"
                                    "\"bad hex\"=hex:0g,11\n"
                                    "\"bad type\"=hex(zz):00\n"
                                    "\"unknown\"=qword:1\n"
                                    "\"deleted\"=-\n"
                                    "garbage line\n"
                                    "\"v\"=dword:0000002a\n"
                                    "[-HKEY_CURRENT_USER\\Gone]\n"
                                    "\"x\"=dword:1\n"
                                    "[HKEY_LOCAL_MACHINE\\Other]\n"
                                    "\"x\"=dword:1\n"
                                    "[HKEY_CURRENT_USER\\\\Empty\\Component]\n"
                                    "[HKEY_CURRENT_USER\\Unclosed\n"
                                    "[HKEY_CURRENT_USER\\Good]\n"
                                    "\"tail\"=hex:01,\\\n";
    write_bytes(path, malformed, strlen(malformed));
    assert_int_equal(good_value(), 42);
    HKEY key;
    assert_int_equal(RegOpenKeyExA(HKEY_CURRENT_USER, "Good", 0, KEY_READ, &key), ERROR_SUCCESS);
    DWORD values = 0, keys = 0;
    assert_int_equal(RegQueryInfoKeyA(HKEY_CURRENT_USER, NULL, NULL, NULL, &keys, NULL, NULL, &values, NULL, NULL, NULL,
                                      NULL),
                     ERROR_SUCCESS);
    assert_int_equal(keys, 1);
    assert_int_equal(values, 0);
    assert_int_equal(RegQueryInfoKeyA(key, NULL, NULL, NULL, NULL, NULL, NULL, &values, NULL, NULL, NULL, NULL),
                     ERROR_SUCCESS);
    assert_int_equal(values, 2); /* v and the (truncated) tail */
    RegCloseKey(key);
    /* Truncated in the middle of a line, at every length. */
    static const char good[] = "Windows Registry Editor Version 5.00\n\n[HKEY_CURRENT_USER\\Good]\n\"v\"=dword:0000002a\n"
                               "\"s\"=\"text\"\n\"h\"=hex(7):61,00,00,00,00,00\n";
    for (size_t cut = 0; cut < sizeof good - 1; cut++) {
        write_bytes(path, good, cut);
        DWORD value = good_value();
        assert_true(value == 0 || value == 42 || value == 2); /* "dword:2" cut short */
    }
    /* Binary data: NULs and every byte value. */
    unsigned char noise[4096];
    unsigned seed = 12345;
    for (size_t i = 0; i < sizeof noise; i++) {
        seed = seed * 1103515245u + 12345u;
        noise[i] = (unsigned char)(seed >> 16);
    }
    write_bytes(path, noise, sizeof noise);
    (void)good_value();
    noise[0] = 0xFF, noise[1] = 0xFE; /* looks like UTF-16 */
    write_bytes(path, noise, sizeof noise);
    (void)good_value();
    write_bytes(path, noise, 3); /* a BOM and half a unit */
    (void)good_value();
    /* A huge line (over the 4 MiB line limit) before a good one. */
    size_t huge = 5u * 1024 * 1024;
    char *text = malloc(huge + 200);
    strcpy(text, "Windows Registry Editor Version 5.00\n[HKEY_CURRENT_USER\\Good]\n\"big\"=hex:");
    size_t length = strlen(text);
    memset(text + length, 'a', huge);
    length += huge;
    strcpy(text + length, "\n\"v\"=dword:0000002a\n");
    write_bytes(path, text, strlen(text));
    free(text);
    assert_int_equal(good_value(), 42);
    /* A file over the size limit is ignored, not read. */
    write_bytes(path, good, strlen(good));
    assert_int_equal(truncate(path, 40l * 1024 * 1024), 0);
    assert_int_equal(good_value(), 0);
    /* A FIFO is not read (it would block). */
    unlink(path);
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(good_value(), 0);
    unlink(path);
}

/* Many names, keys in reverse order: read through a hash and sorted once. Found by
 * measurement: with a linear search per line, 100,000 values took a minute to read, and this
 * test reads them four times; the limit of 60 s stays far from that and from the noise of a
 * loaded sanitizer build (a few seconds). */
static void many_names_read_in_linear_time(void **state)
{
    (void)state;
    enum { VALUES = 100000, KEYS = 25000 };
    char path[600];
    user_file(path, sizeof path);
    size_t capacity = (size_t)VALUES * 24 + (size_t)KEYS * 48 + 256, length = 0;
    char *text = malloc(capacity);
    length += (size_t)snprintf(text, capacity, "Windows Registry Editor Version 5.00\n[HKEY_CURRENT_USER\\Many]\n");
    for (int i = 0; i < VALUES; i++)
        length += (size_t)snprintf(text + length, capacity - length, "\"v%d\"=dword:%08x\n", i, (unsigned)i);
    for (int i = KEYS; i > 0; i--)
        length += (size_t)snprintf(text + length, capacity - length, "[HKEY_CURRENT_USER\\Many\\k%06d]\n", i);
    write_bytes(path, text, length);
    free(text);
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    HKEY key;
    DWORD keys = 0, values = 0, value = 0, size = 4;
    assert_int_equal(RegOpenKeyExA(HKEY_CURRENT_USER, "Many", 0, KEY_READ, &key), ERROR_SUCCESS);
    assert_int_equal(RegQueryInfoKeyA(key, NULL, NULL, NULL, &keys, NULL, NULL, &values, NULL, NULL, NULL, NULL),
                     ERROR_SUCCESS);
    assert_int_equal(keys, KEYS);
    assert_int_equal(values, VALUES);
    assert_int_equal(RegQueryValueExA(key, "V99999", NULL, NULL, (BYTE *)&value, &size), ERROR_SUCCESS);
    assert_int_equal(value, 99999);
    char name[16];
    DWORD count = sizeof name;
    assert_int_equal(RegEnumKeyExA(key, 0, name, &count, NULL, NULL, NULL, NULL), ERROR_SUCCESS);
    assert_string_equal(name, "k000001");
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    if (seconds > 60.0)
        fail_msg("reading %d values and %d keys four times took %.1f s", VALUES, KEYS, seconds);
    RegCloseKey(key);
}

/* Each skipped line is reported under PORTACM_DEBUG with the file and line number. */
static void malformed_lines_are_reported(void **state)
{
    (void)state;
    char path[600], log_path[600];
    user_file(path, sizeof path);
    snprintf(log_path, sizeof log_path, "%s/debug.log", user_dir);
    static const char text[] = "Windows Registry Editor Version 5.00\n[HKEY_CURRENT_USER\\Good]\n"
                               "\"bad\"=dword:xyz\n\"v\"=dword:0000002a\nnonsense\n";
    write_bytes(path, text, strlen(text));
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0 || dup2(fd, 2) < 0)
            _exit(1);
        setenv("PORTACM_DEBUG", "1", 1);
        _exit(good_value() == 42 ? 0 : 2);
    }
    wait_child(child);
    char *log = read_text(log_path);
    char expected[700];
    snprintf(expected, sizeof expected, "portacm: registry %s:3: malformed dword; skipped\n", path);
    assert_non_null(strstr(log, expected));
    snprintf(expected, sizeof expected, "portacm: registry %s:5: neither a key nor a value line; skipped\n", path);
    assert_non_null(strstr(log, expected));
    free(log);
}

/* Every allocation failing in turn: each call fails cleanly with ERROR_OUTOFMEMORY or works,
 * and nothing leaks (the sanitizer build checks). */
static void allocation_failures_are_reported(void **state)
{
    (void)state;
    HKEY key = create(HKEY_CURRENT_USER, "Memory\\Key");
    assert_int_equal(RegSetValueExW(key, u"text", 0, REG_SZ, (const BYTE *)u"abc", 8), ERROR_SUCCESS);
    bool saw_failure = false, completed = false;
    for (long failing = 0; !completed; failing++) {
        assert_true(failing < 2000);
        HKEY made = NULL;
        BYTE data[16];
        DWORD size = sizeof data, count = 8;
        char name[8];
        pacm_mem_fail_after(failing);
        LONG results[] = {
            RegCreateKeyExW(HKEY_CURRENT_USER, u"Memory\\Key\\Sub", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &made, NULL),
            RegSetValueExA(key, "text", 0, REG_SZ, (const BYTE *)"xyz", 4),
            RegQueryValueExA(key, "text", NULL, NULL, data, &size),
            RegEnumValueW(key, 0, (LPWSTR)data, &count, NULL, NULL, NULL, NULL),
            RegEnumKeyExA(HKEY_CURRENT_USER, 0, name, &(DWORD){8}, NULL, NULL, NULL, NULL),
            RegQueryInfoKeyA(key, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, &size, NULL, NULL),
            RegDeleteKeyA(key, "Sub"),
        };
        pacm_mem_fail_after(-1);
        completed = true;
        for (size_t i = 0; i < sizeof results / sizeof results[0]; i++) {
            if (results[i] != ERROR_SUCCESS && results[i] != ERROR_OUTOFMEMORY)
                fail_msg("call %zu with allocation %ld failing: %ld", i, failing, (long)results[i]);
            saw_failure = saw_failure || results[i] == ERROR_OUTOFMEMORY;
            completed = completed && results[i] == ERROR_SUCCESS;
        }
        if (made)
            RegCloseKey(made);
    }
    assert_true(saw_failure);
    /* The file is whole afterwards. */
    BYTE data[16];
    DWORD size = sizeof data;
    assert_int_equal(RegQueryValueExA(key, "text", NULL, NULL, data, &size), ERROR_SUCCESS);
    assert_true(strcmp((char *)data, "xyz") == 0 || strcmp((char *)data, "abc") == 0);
    RegCloseKey(key);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(keys_open_create_close, fresh_folders, remove_folders),
        cmocka_unit_test_setup_teardown(bad_handles, fresh_folders, remove_folders),
        cmocka_unit_test_setup_teardown(types_round_trip_through_the_file, fresh_folders, remove_folders),
        cmocka_unit_test_setup_teardown(long_hex_lines_wrap_and_read_back, fresh_folders, remove_folders),
        cmocka_unit_test_setup_teardown(reads_a_hand_written_file, fresh_folders, remove_folders),
        cmocka_unit_test_setup_teardown(reads_a_windows_regedit_export, fresh_folders, remove_folders),
        cmocka_unit_test_setup_teardown(more_data_sizing, fresh_folders, remove_folders),
        cmocka_unit_test_setup_teardown(enumeration_order_and_info, fresh_folders, remove_folders),
        cmocka_unit_test_setup_teardown(deleting_values_and_keys, fresh_folders, remove_folders),
        cmocka_unit_test_setup_teardown(access_rights_and_arguments, fresh_folders, remove_folders),
        cmocka_unit_test_setup_teardown(machine_hive_not_writable, fresh_folders, remove_folders),
        cmocka_unit_test_setup_teardown(second_process_sees_changes, fresh_folders, remove_folders),
        cmocka_unit_test_setup_teardown(concurrent_writers_lose_nothing, fresh_folders, remove_folders),
        cmocka_unit_test_setup_teardown(hostile_files, fresh_folders, remove_folders),
        cmocka_unit_test_setup_teardown(many_names_read_in_linear_time, fresh_folders, remove_folders),
        cmocka_unit_test_setup_teardown(malformed_lines_are_reported, fresh_folders, remove_folders),
        cmocka_unit_test_setup_teardown(allocation_failures_are_reported, fresh_folders, remove_folders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
