/*
 * replay_main.c - a plain main() for the fuzz harnesses, so the committed corpora run as
 * ordinary ctest tests in every build (gcc, no libFuzzer). Each argument is a file or a
 * folder (every regular file in it, sorted by name, is replayed). A crash, a sanitizer
 * report or a harness abort fails the test; a clean run prints how many inputs it replayed.
 * Linked only into the replay executables; the libFuzzer builds use libFuzzer's main. Every
 * harness defines LLVMFuzzerInitialize (libFuzzer calls it too), and it is called first.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_util.h"

static int replay_file(const char *path)
{
    FILE *file = fopen(path, "rb");
    if (!file) {
        perror(path);
        return -1;
    }
    size_t capacity = 4096, size = 0;
    uint8_t *data = malloc(capacity);
    size_t n;
    while (data && (n = fread(data + size, 1, capacity - size, file)) > 0) {
        size += n;
        if (size == capacity) {
            uint8_t *bigger = realloc(data, capacity * 2);
            if (!bigger) {
                free(data);
                data = NULL;
                break;
            }
            data = bigger;
            capacity *= 2;
        }
    }
    fclose(file);
    if (!data) {
        fprintf(stderr, "%s: out of memory\n", path);
        return -1;
    }
    /* An exact-size copy, so ASan sees a read one byte past the input. */
    uint8_t *exact = malloc(size ? size : 1);
    if (!exact) {
        free(data);
        return -1;
    }
    memcpy(exact, data, size);
    free(data);
    LLVMFuzzerTestOneInput(exact, size);
    free(exact);
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_folder(const char *folder, long *count)
{
    DIR *dir = opendir(folder);
    if (!dir) {
        perror(folder);
        return -1;
    }
    char **names = NULL;
    size_t used = 0, capacity = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.')
            continue;
        if (used == capacity) {
            capacity = capacity ? capacity * 2 : 64;
            char **bigger = realloc(names, capacity * sizeof *names);
            if (!bigger)
                break;
            names = bigger;
        }
        names[used] = strdup(entry->d_name);
        if (names[used])
            used++;
    }
    closedir(dir);
    if (used)
        qsort(names, used, sizeof *names, compare_names);
    int result = 0;
    for (size_t i = 0; i < used; i++) {
        size_t length = strlen(folder) + strlen(names[i]) + 2;
        char *path = malloc(length);
        if (path) {
            snprintf(path, length, "%s/%s", folder, names[i]);
            struct stat info;
            if (stat(path, &info) == 0 && S_ISREG(info.st_mode)) {
                if (replay_file(path) != 0)
                    result = -1;
                else
                    (*count)++;
            }
            free(path);
        }
        free(names[i]);
    }
    free(names);
    return result;
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    long count = 0;
    int result = 0;
    for (int i = 1; i < argc; i++) {
        struct stat info;
        if (stat(argv[i], &info) != 0) {
            perror(argv[i]);
            result = 1;
        } else if (S_ISDIR(info.st_mode)) {
            if (replay_folder(argv[i], &count) != 0)
                result = 1;
        } else if (replay_file(argv[i]) != 0) {
            result = 1;
        } else {
            count++;
        }
    }
    printf("replayed %ld inputs\n", count);
    if (count == 0) {
        fprintf(stderr, "no inputs replayed\n");
        return 1;
    }
    return result;
}
