/*
 * fuzz_tempdir.h - a private temporary folder per fuzz process, for the harnesses that must
 * hand the input to the library as a file (the drivers file, the priority file).
 */
#ifndef PORTACM_FUZZ_TEMPDIR_H
#define PORTACM_FUZZ_TEMPDIR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Creates the folder once (mkdtemp under $TMPDIR or /tmp) and returns its path. */
static inline const char *fuzz_tempdir(void)
{
    static char path[512];
    if (!path[0]) {
        const char *base = getenv("TMPDIR");
        if (!base || base[0] != '/')
            base = "/tmp";
        snprintf(path, sizeof path, "%s/portacm-fuzz-XXXXXX", base);
        if (!mkdtemp(path)) {
            perror("mkdtemp");
            abort();
        }
    }
    return path;
}

/* Replaces `path` with `size` bytes of `data` (written to a temporary name, then renamed, so
 * a reader never sees half a file). Aborts on an I/O error: the harness cannot run. */
static inline void fuzz_write_file(const char *path, const void *data, size_t size)
{
    char temporary[1024];
    size_t length = strlen(path);
    if (length + sizeof ".new" > sizeof temporary)
        abort();
    memcpy(temporary, path, length);
    memcpy(temporary + length, ".new", sizeof ".new");
    FILE *file = fopen(temporary, "wb");
    if (!file || (size && fwrite(data, 1, size, file) != size) || fclose(file) != 0 || rename(temporary, path) != 0) {
        perror(path);
        abort();
    }
}

#endif /* PORTACM_FUZZ_TEMPDIR_H */
