/*
 * test_mmio_util.c - see test_mmio_util.h. Files are checked with stdio, not mmio, so a test
 * never trusts the code under test to verify itself.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_mmio_util.h"

static char directory[256];

/* Removes `path` and, for a directory, everything below it. */
static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        chmod(path, 0700);
        DIR *dir = opendir(path);
        if (dir) {
            struct dirent *entry;
            while ((entry = readdir(dir)) != NULL) {
                if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
                    continue;
                char child[1024];
                snprintf(child, sizeof(child), "%s/%s", path, entry->d_name);
                remove_tree(child);
            }
            closedir(dir);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

const char *test_mmio_path(const char *name)
{
    static char ring[8][1024];
    static int next;
    if (directory[0] == '\0') {
        const char *tmp = getenv("TMPDIR");
        snprintf(directory, sizeof(directory), "%s/portacm-mmio-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(directory)) {
            perror("mkdtemp");
            abort();
        }
    }
    char *out = ring[next++ % 8];
    snprintf(out, sizeof(ring[0]), "%s/%s", directory, name);
    return out;
}

void test_mmio_cleanup(void)
{
    if (directory[0] != '\0')
        remove_tree(directory);
    directory[0] = '\0';
}

unsigned char *test_mmio_slurp(const char *path, size_t *size)
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

void test_mmio_spit(const char *path, const void *bytes, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(bytes, 1, size, f) != size)
        abort();
    fclose(f);
}

uint32_t test_le32(const unsigned char *bytes)
{
    return (uint32_t)bytes[0] | (uint32_t)bytes[1] << 8 | (uint32_t)bytes[2] << 16 | (uint32_t)bytes[3] << 24;
}

void test_put_le32(unsigned char *bytes, uint32_t value)
{
    for (int i = 0; i < 4; i++)
        bytes[i] = (unsigned char)(value >> (8 * i));
}
