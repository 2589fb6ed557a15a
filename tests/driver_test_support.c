/*
 * driver_test_support.c - file and stderr helpers for the driver tests (see the header).
 * Failures abort the test through cmocka's assertions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "driver_test_support.h"

char *support_temp_dir(void)
{
    char *path = strdup("/tmp/portacm-driver-test-XXXXXX");
    assert_non_null(path);
    assert_non_null(mkdtemp(path));
    return path;
}

void support_remove_tree(const char *path)
{
    DIR *dir = opendir(path);
    if (dir) {
        struct dirent *entry;
        while ((entry = readdir(dir)) != NULL) {
            if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
                continue;
            char child[4096];
            snprintf(child, sizeof child, "%s/%s", path, entry->d_name);
            struct stat info;
            if (lstat(child, &info) == 0 && S_ISDIR(info.st_mode))
                support_remove_tree(child);
            else
                unlink(child);
        }
        closedir(dir);
    }
    rmdir(path);
}

int support_folder_teardown(void **state)
{
    support_remove_tree(*state);
    free(*state);
    return 0;
}

char *support_write_file(const char *folder, const char *name, const void *data, size_t length)
{
    char *path = malloc(strlen(folder) + strlen(name) + 2);
    assert_non_null(path);
    sprintf(path, "%s/%s", folder, name);
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(data, 1, length, file), length);
    assert_int_equal(fclose(file), 0);
    return path;
}

char *support_write_text(const char *folder, const char *name, const char *text)
{
    return support_write_file(folder, name, text, strlen(text));
}

char *support_copy_file(const char *from, const char *folder, const char *name)
{
    FILE *file = fopen(from, "rb");
    assert_non_null(file);
    assert_int_equal(fseek(file, 0, SEEK_END), 0);
    long size = ftell(file);
    assert_true(size > 0);
    rewind(file);
    char *data = malloc((size_t)size);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)size, file), (size_t)size);
    fclose(file);
    char *path = support_write_file(folder, name, data, (size_t)size);
    free(data);
    return path;
}

void support_use_drivers_file(const char *folder, const char *text)
{
    char *path = support_write_text(folder, "drivers.ini", text);
    /* A group-writable drivers file is refused (umask 002 would make one). */
    assert_int_equal(chmod(path, 0644), 0);
    setenv("PORTACM_DRIVERS", path, 1);
    free(path);
}

static int saved_stderr = -1;
static char capture_path[64];
static char *saved_debug;

void support_capture_begin(void)
{
    strcpy(capture_path, "/tmp/portacm-driver-stderr-XXXXXX");
    int fd = mkstemp(capture_path);
    assert_true(fd >= 0);
    fflush(stderr);
    saved_stderr = dup(2);
    assert_true(saved_stderr >= 0);
    assert_true(dup2(fd, 2) >= 0);
    close(fd);
    const char *debug = getenv("PORTACM_DEBUG");
    saved_debug = debug ? strdup(debug) : NULL;
    setenv("PORTACM_DEBUG", "1", 1);
}

char *support_capture_end(void)
{
    fflush(stderr);
    assert_true(dup2(saved_stderr, 2) >= 0);
    close(saved_stderr);
    saved_stderr = -1;
    if (saved_debug) {
        setenv("PORTACM_DEBUG", saved_debug, 1);
        free(saved_debug);
        saved_debug = NULL;
    } else {
        unsetenv("PORTACM_DEBUG");
    }
    FILE *file = fopen(capture_path, "rb");
    assert_non_null(file);
    char *text = calloc(1, 65536);
    assert_non_null(text);
    size_t got = fread(text, 1, 65535, file);
    text[got] = 0;
    fclose(file);
    unlink(capture_path);
    return text;
}
