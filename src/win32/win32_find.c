/*
 * win32_find.c - FindFirstFile/FindNextFile/FindClose (A and W) over opendir/readdir/fnmatch,
 * for the Windows pattern that enumerates "*.acm" in the system folder. Plain file-system
 * work, so it sits in the win32 layer; GetSystemDirectory, which needs the drivers folder, is
 * in the driver layer (src/driver/driver_module_api.c).
 *
 * A find handle is a pointer to a live search, kept in a list so that a stale or made-up handle
 * is refused with ERROR_INVALID_HANDLE instead of being dereferenced.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* FNM_CASEFOLD */
#endif
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>

#include "common_int.h"
#include "winbase.h"

typedef struct find_search {
    DIR *folder;
    char *pattern; /* fnmatch pattern of the last component, Windows' '[' and '\' escaped */
    bool wide;     /* started by FindFirstFileW */
    struct find_search *next;
} find_search;

static pthread_mutex_t find_lock = PTHREAD_MUTEX_INITIALIZER;
static find_search *find_searches;

/* Windows wildcards are only '*' and '?': every other character matches itself ('\\' is a
 * folder separator and never reaches here). */
static char *fnmatch_pattern(const char *windows)
{
    size_t length = strlen(windows);
    char *pattern = pacm_mem_alloc(length * 2 + 1), *out = pattern;
    if (!pattern)
        return NULL;
    for (const char *in = windows; *in; in++) {
        if (*in == '[' || *in == ']')
            *out++ = '\\';
        *out++ = *in;
    }
    *out = '\0';
    return pattern;
}

/* 100-ns intervals since 1601-01-01 UTC. */
static FILETIME to_filetime(struct timespec time)
{
    unsigned long long ticks = ((unsigned long long)time.tv_sec + 11644473600ULL) * 10000000ULL +
                               (unsigned long long)time.tv_nsec / 100;
    FILETIME result = {(DWORD)ticks, (DWORD)(ticks >> 32)};
    return result;
}

/* Moves to the next entry that matches and describes it in *data (the name as UTF-8). */
static bool find_next_match(find_search *search, WIN32_FIND_DATAA *data)
{
    struct dirent *entry;
    while ((entry = readdir(search->folder)) != NULL) {
        const char *name = entry->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || strlen(name) >= MAX_PATH)
            continue;
        if (fnmatch(search->pattern, name, FNM_CASEFOLD) != 0)
            continue;
        struct stat info;
        if (fstatat(dirfd(search->folder), name, &info, 0) != 0)
            continue; /* vanished, or a dangling link */
        memset(data, 0, sizeof *data);
        data->dwFileAttributes = S_ISDIR(info.st_mode) ? FILE_ATTRIBUTE_DIRECTORY : 0;
        if (!(info.st_mode & 0222))
            data->dwFileAttributes |= FILE_ATTRIBUTE_READONLY;
        if (!data->dwFileAttributes)
            data->dwFileAttributes = FILE_ATTRIBUTE_NORMAL;
        data->ftCreationTime = to_filetime(info.st_ctim);
        data->ftLastAccessTime = to_filetime(info.st_atim);
        data->ftLastWriteTime = to_filetime(info.st_mtim);
        unsigned long long size = (unsigned long long)info.st_size;
        data->nFileSizeHigh = (DWORD)(size >> 32);
        data->nFileSizeLow = (DWORD)size;
        memcpy(data->cFileName, name, strlen(name) + 1);
        return true;
    }
    return false;
}

static void find_search_free(find_search *search)
{
    if (search->folder)
        closedir(search->folder);
    pacm_mem_free(search->pattern);
    pacm_mem_free(search);
}

static HANDLE find_first(const char *path, bool wide, WIN32_FIND_DATAA *data)
{
    if (!path || !data) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    char *copy = pacm_mem_strdup(path);
    if (copy)
        for (char *c = copy; *c; c++)
            if (*c == '\\')
                *c = '/'; /* Windows sources build "folder\\*.acm" */
    path = copy ? copy : "";
    const char *slash = strrchr(path, '/');
    char *folder = slash ? pacm_mem_strdup(path) : pacm_mem_strdup(".");
    find_search *search = pacm_mem_calloc(1, sizeof *search);
    if (search)
        search->pattern = fnmatch_pattern(slash ? slash + 1 : path);
    if (!copy || !folder || !search || !search->pattern) {
        pacm_mem_free(copy);
        pacm_mem_free(folder);
        if (search)
            find_search_free(search);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    if (slash)
        folder[slash - path == 0 ? 1 : slash - path] = '\0'; /* "/x" searches "/" */
    search->folder = opendir(folder);
    search->wide = wide;
    pacm_mem_free(folder);
    pacm_mem_free(copy);
    if (!search->folder || !find_next_match(search, data)) {
        find_search_free(search);
        SetLastError(ERROR_FILE_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    pthread_mutex_lock(&find_lock);
    search->next = find_searches;
    find_searches = search;
    pthread_mutex_unlock(&find_lock);
    return (HANDLE)search;
}

/* The live search behind a handle of the given width, or NULL with ERROR_INVALID_HANDLE. The
 * caller owns the search only in the sense that FindClose on another thread at the same time is
 * the caller's race, as on Windows. */
static find_search *find_lookup(HANDLE handle, bool wide)
{
    pthread_mutex_lock(&find_lock);
    find_search *search = find_searches;
    while (search && (HANDLE)search != handle)
        search = search->next;
    pthread_mutex_unlock(&find_lock);
    if (!search || search->wide != wide) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return search;
}

static bool find_next(HANDLE handle, bool wide, WIN32_FIND_DATAA *data)
{
    find_search *search = find_lookup(handle, wide);
    if (!search)
        return false;
    if (!data) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return false;
    }
    if (!find_next_match(search, data)) {
        SetLastError(ERROR_NO_MORE_FILES);
        return false;
    }
    return true;
}

/* Copies a narrow result into the wide structure (same layout up to the names). */
static void find_data_widen(const WIN32_FIND_DATAA *narrow, WIN32_FIND_DATAW *wide)
{
    memset(wide, 0, sizeof *wide);
    memcpy(wide, narrow, offsetof(WIN32_FIND_DATAA, cFileName));
    pacm_utf8_to_utf16_buffer(narrow->cFileName, wide->cFileName, MAX_PATH);
}

HANDLE WINAPI FindFirstFileA(LPCSTR lpFileName, LPWIN32_FIND_DATAA lpFindFileData)
{
    return find_first(lpFileName, false, lpFindFileData);
}

HANDLE WINAPI FindFirstFileW(LPCWSTR lpFileName, LPWIN32_FIND_DATAW lpFindFileData)
{
    if (!lpFileName || !lpFindFileData) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    char *path = pacm_utf16_to_utf8(lpFileName);
    if (!path) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    WIN32_FIND_DATAA narrow;
    HANDLE handle = find_first(path, true, &narrow);
    pacm_mem_free(path);
    if (handle != INVALID_HANDLE_VALUE)
        find_data_widen(&narrow, lpFindFileData);
    return handle;
}

BOOL WINAPI FindNextFileA(HANDLE hFindFile, LPWIN32_FIND_DATAA lpFindFileData)
{
    return find_next(hFindFile, false, lpFindFileData);
}

BOOL WINAPI FindNextFileW(HANDLE hFindFile, LPWIN32_FIND_DATAW lpFindFileData)
{
    WIN32_FIND_DATAA narrow;
    if (!find_next(hFindFile, true, lpFindFileData ? &narrow : NULL))
        return FALSE;
    find_data_widen(&narrow, lpFindFileData);
    return TRUE;
}

BOOL WINAPI FindClose(HANDLE hFindFile)
{
    pthread_mutex_lock(&find_lock);
    find_search **link = &find_searches;
    while (*link && (HANDLE)*link != hFindFile)
        link = &(*link)->next;
    find_search *search = *link;
    if (search)
        *link = search->next;
    pthread_mutex_unlock(&find_lock);
    if (!search) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    find_search_free(search);
    return TRUE;
}
