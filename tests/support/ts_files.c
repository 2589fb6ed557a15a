/*
 * ts_files.c - the test suite's temporary folders, file chores and stderr capture (see
 * ts_files.h). Failures abort the test through cmocka's assertions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
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

#include "ts_files.h"

/* $TMPDIR when it names an absolute folder, else /tmp. */
static const char *temp_base(void)
{
    const char *base = getenv("TMPDIR");
    return base && base[0] == '/' ? base : "/tmp";
}

char *ts_temp_dir(void)
{
    char *path = ts_path_join(temp_base(), "portacm-test-XXXXXX");
    assert_non_null(mkdtemp(path));
    return path;
}

void ts_remove_tree(const char *path)
{
    struct stat info;
    if (lstat(path, &info) != 0)
        return;
    if (!S_ISDIR(info.st_mode)) {
        unlink(path);
        return;
    }
    chmod(path, 0700);
    DIR *dir = opendir(path);
    if (dir) {
        struct dirent *entry;
        while ((entry = readdir(dir)) != NULL) {
            if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
                continue;
            char child[4096];
            snprintf(child, sizeof child, "%s/%s", path, entry->d_name);
            ts_remove_tree(child);
        }
        closedir(dir);
    }
    rmdir(path);
}

int ts_folder_teardown(void **state)
{
    ts_remove_tree(*state);
    free(*state);
    return 0;
}

char *ts_path_join(const char *folder, const char *name)
{
    char *path = malloc(strlen(folder) + strlen(name) + 2);
    assert_non_null(path);
    sprintf(path, "%s/%s", folder, name);
    return path;
}

char *ts_write_file(const char *folder, const char *name, const void *data, size_t length)
{
    char *path = ts_path_join(folder, name);
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(data, 1, length, file), length);
    assert_int_equal(fclose(file), 0);
    return path;
}

char *ts_write_text(const char *folder, const char *name, const char *text)
{
    return ts_write_file(folder, name, text, strlen(text));
}

char *ts_copy_file(const char *from, const char *folder, const char *name)
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
    char *path = ts_write_file(folder, name, data, (size_t)size);
    free(data);
    return path;
}

static char directory[256];
static pid_t directory_owner; /* a forked child's exit must not remove its parent's folder */

static void scratch_cleanup_at_exit(void)
{
    if (getpid() == directory_owner)
        ts_scratch_cleanup();
}

const char *ts_scratch_dir(void)
{
    if (directory[0] == '\0') {
        char *made = ts_temp_dir();
        snprintf(directory, sizeof directory, "%s", made);
        free(made);
        static bool registered;
        directory_owner = getpid();
        if (!registered)
            registered = atexit(scratch_cleanup_at_exit) == 0;
    }
    return directory;
}

const char *ts_scratch_path(const char *name)
{
    static char ring[8][1024];
    static int next;
    char *out = ring[next++ % 8];
    snprintf(out, sizeof(ring[0]), "%s/%s", ts_scratch_dir(), name);
    return out;
}

void ts_scratch_cleanup(void)
{
    if (directory[0] != '\0')
        ts_remove_tree(directory);
    directory[0] = '\0';
}

unsigned char *ts_read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *data = NULL;
    size_t used = 0, capacity = 0;
    for (;;) {
        if (used == capacity) {
            capacity = capacity ? capacity * 2 : 4096;
            data = realloc(data, capacity);
            if (!data)
                abort();
        }
        size_t n = fread(data + used, 1, capacity - used, f);
        if (n == 0)
            break;
        used += n;
    }
    fclose(f);
    *size = used;
    return data;
}

void ts_spit_file(const char *path, const void *bytes, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(bytes, 1, size, f) != size)
        abort();
    fclose(f);
}

void ts_replace_file(const char *path, const void *data, size_t size)
{
    size_t length = strlen(path);
    char *temporary = malloc(length + sizeof ".new");
    assert_non_null(temporary);
    memcpy(temporary, path, length);
    memcpy(temporary + length, ".new", sizeof ".new");
    FILE *file = fopen(temporary, "wb");
    assert_non_null(file);
    assert_true(!size || fwrite(data, 1, size, file) == size);
    assert_int_equal(fclose(file), 0);
    assert_int_equal(rename(temporary, path), 0);
    free(temporary);
}

uint32_t ts_le32(const unsigned char *bytes)
{
    return (uint32_t)bytes[0] | (uint32_t)bytes[1] << 8 | (uint32_t)bytes[2] << 16 | (uint32_t)bytes[3] << 24;
}

void ts_put_le32(unsigned char *bytes, uint32_t value)
{
    for (int i = 0; i < 4; i++)
        bytes[i] = (unsigned char)(value >> (8 * i));
}

void ts_use_drivers_file(const char *folder, const char *text)
{
    char *path = ts_write_text(folder, "drivers.ini", text);
    /* A group-writable drivers file is refused (umask 002 would make one). */
    assert_int_equal(chmod(path, 0644), 0);
    setenv("PORTACM_DRIVERS", path, 1);
    free(path);
}

static int saved_stderr = -1;
static char capture_path[64];
static char *saved_debug;

void ts_capture_begin(void)
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

char *ts_capture_end(void)
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
