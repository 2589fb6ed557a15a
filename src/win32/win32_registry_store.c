/*
 * win32_registry_store.c - where the hive files live and how they change safely.
 *
 * HKEY_CURRENT_USER is $XDG_CONFIG_HOME/portacm/registry/user.reg (default ~/.config/...),
 * HKEY_LOCAL_MACHINE is /etc/portacm/registry/machine.reg or machine.reg in the absolute
 * folder PORTACM_REGISTRY_DIR names (for tests and for installs under another prefix).
 *
 * A read takes no lock: files are only ever replaced by rename(2), so a reader sees a whole
 * old file or a whole new one. A change holds an exclusive flock on "<file>.lock" from before
 * it reads the file until after the rename, so two processes (or threads: each holds its own
 * open file description) changing the same hive are serialised and neither update is lost.
 * The lock file is never removed: removing it would let a third writer lock a new inode.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* mkostemp */
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "win32_registry_int.h"

/* The hive's file, newly allocated; NULL when there is no home folder or no memory. */
static char *hive_path(pacm_reg_hive hive)
{
    if (hive == PACM_REG_HIVE_USER)
        return pacm_config_user_path("portacm/registry/user.reg");
    const char *folder = getenv("PORTACM_REGISTRY_DIR");
    if (!folder || folder[0] != '/')
        folder = "/etc/portacm/registry";
    size_t length = strlen(folder), total;
    if (!pacm_size_add(length, sizeof "/machine.reg", &total))
        return NULL;
    char *path = pacm_mem_alloc(total);
    if (path) {
        memcpy(path, folder, length);
        memcpy(path + length, "/machine.reg", sizeof "/machine.reg");
    }
    return path;
}

/* `path` with `suffix` appended, newly allocated. */
static char *with_suffix(const char *path, const char *suffix)
{
    size_t length = strlen(path), extra = strlen(suffix), total;
    if (!pacm_size_add(length, extra, &total) || !pacm_size_add(total, 1, &total))
        return NULL;
    char *out = pacm_mem_alloc(total);
    if (out) {
        memcpy(out, path, length);
        memcpy(out + length, suffix, extra + 1);
    }
    return out;
}

static LONG error_from_errno(int error)
{
    if (error == EACCES || error == EPERM || error == EROFS)
        return ERROR_ACCESS_DENIED;
    return error == ENOMEM ? ERROR_OUTOFMEMORY : ERROR_CANTWRITE;
}

/* Makes the folder holding `path` and its missing parents (like mkdir -p). */
static LONG make_parent_folders(char *path, mode_t mode)
{
    char *last = strrchr(path, '/');
    if (!last || last == path)
        return ERROR_SUCCESS;
    *last = 0;
    LONG result = ERROR_SUCCESS;
    for (char *slash = strchr(path + 1, '/');; slash = strchr(slash + 1, '/')) {
        if (slash)
            *slash = 0;
        if (mkdir(path, mode) != 0 && errno != EEXIST)
            result = error_from_errno(errno);
        if (slash)
            *slash = '/';
        if (!slash || result != ERROR_SUCCESS)
            break;
    }
    *last = '/';
    return result;
}

/* Seconds and nanoseconds since 1970 as a FILETIME (100 ns units since 1601). */
static FILETIME filetime_from(const struct timespec *time)
{
    unsigned long long ticks = ((unsigned long long)time->tv_sec + 11644473600ull) * 10000000ull +
                               (unsigned long long)time->tv_nsec / 100u;
    return (FILETIME){(DWORD)ticks, (DWORD)(ticks >> 32)};
}

/* Reads and parses the hive at `path` (an empty tree for no file or a refused one). */
static LONG load_path(pacm_reg_hive hive, const char *path, pacm_reg_key **root, FILETIME *written)
{
    size_t length = 0;
    char *text = path ? pacm_config_file_read(path, "registry", PACM_REG_MAX_FILE, 0, &length) : NULL;
    struct stat info;
    if (written)
        *written = path && stat(path, &info) == 0 ? filetime_from(&info.st_mtim) : (FILETIME){0, 0};
    *root = text ? pacm_reg_text_parse(hive, path, text, length) : pacm_reg_key_new("");
    pacm_mem_free(text);
    return *root ? ERROR_SUCCESS : ERROR_OUTOFMEMORY;
}

LONG pacm_reg_load(pacm_reg_hive hive, pacm_reg_key **root, FILETIME *written)
{
    char *path = hive_path(hive);
    LONG result = load_path(hive, path, root, written);
    pacm_mem_free(path);
    return result;
}

/* Writes `text` to a new file beside `path` and renames it over `path`. */
static LONG replace_file(const char *path, const char *text, size_t length, mode_t mode)
{
    char *temporary = with_suffix(path, ".XXXXXX");
    if (!temporary)
        return ERROR_OUTOFMEMORY;
    int fd = mkostemp(temporary, O_CLOEXEC);
    if (fd < 0) {
        LONG result = error_from_errno(errno);
        pacm_mem_free(temporary);
        return result;
    }
    bool ok = fchmod(fd, mode) == 0;
    for (size_t done = 0; ok && done < length;) {
        ssize_t wrote = write(fd, text + done, length - done);
        if (wrote < 0 && errno == EINTR)
            continue;
        ok = wrote > 0;
        done += ok ? (size_t)wrote : 0;
    }
    ok = ok && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    ok = ok && rename(temporary, path) == 0;
    if (!ok) {
        pacm_log_debug("registry %s: cannot write: %s", path, strerror(errno));
        unlink(temporary);
    }
    pacm_mem_free(temporary);
    return ok ? ERROR_SUCCESS : ERROR_CANTWRITE;
}

/* Opens and exclusively locks "<path>.lock"; -1 with *result set on failure. */
static int lock_hive(char *path, mode_t mode, mode_t folder_mode, LONG *result)
{
    *result = make_parent_folders(path, folder_mode);
    char *lock_path = *result == ERROR_SUCCESS ? with_suffix(path, ".lock") : NULL;
    if (*result == ERROR_SUCCESS && !lock_path)
        *result = ERROR_OUTOFMEMORY;
    if (!lock_path)
        return -1;
    int fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, mode);
    if (fd < 0)
        *result = error_from_errno(errno);
    pacm_mem_free(lock_path);
    while (fd >= 0 && flock(fd, LOCK_EX) != 0) {
        if (errno != EINTR) {
            *result = ERROR_CANTWRITE;
            close(fd);
            fd = -1;
        }
    }
    return fd;
}

LONG pacm_reg_modify(pacm_reg_hive hive, pacm_reg_change change, void *context)
{
    char *path = hive_path(hive);
    if (!path)
        return ERROR_OUTOFMEMORY;
    /* The user's settings are private; the machine's are readable by all, as /etc is. */
    mode_t mode = hive == PACM_REG_HIVE_USER ? 0600 : 0644;
    LONG result;
    int lock = lock_hive(path, mode, hive == PACM_REG_HIVE_USER ? 0700 : 0755, &result);
    pacm_reg_key *root = NULL;
    if (lock >= 0)
        result = load_path(hive, path, &root, NULL);
    bool changed = false;
    if (root)
        result = change(root, context, &changed);
    if (root && result == ERROR_SUCCESS && changed) {
        pacm_reg_key_sort(root);
        size_t length;
        char *text = pacm_reg_text_format(hive, root, &length);
        result = text ? replace_file(path, text, length, mode) : ERROR_OUTOFMEMORY;
        pacm_mem_free(text);
    }
    pacm_reg_key_free(root);
    if (lock >= 0)
        close(lock); /* releases the flock */
    pacm_mem_free(path);
    return result;
}

bool pacm_reg_hive_writable(pacm_reg_hive hive)
{
    /* The nearest folder that exists on the way to the file decides, without making any. */
    char *path = hive_path(hive);
    bool writable = false;
    for (char *slash = path ? strrchr(path, '/') : NULL; slash && slash > path; slash = strrchr(path, '/')) {
        *slash = 0;
        struct stat info;
        if (stat(path, &info) == 0) {
            writable = S_ISDIR(info.st_mode) && access(path, W_OK | X_OK) == 0;
            break;
        }
    }
    pacm_mem_free(path);
    return writable;
}
