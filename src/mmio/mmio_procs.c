/*
 * mmio_procs.c - I/O procedures: the registry behind mmioInstallIOProc, the two built-in
 * procedures (FOURCC_DOS for ordinary files, FOURCC_MEM for memory files), the compound-name
 * parser that picks a procedure from "file.ext+element", and mmioStringToFOURCC.
 *
 * Windows keeps one list of installed procedures per task (a thread in Win32) plus a global
 * list; a lookup sees the caller's own procedures first, then global ones, then the built-ins.
 * The built-in procedures are ordinary MMIOPROCs, so a custom procedure can delegate to the
 * one mmioInstallIOProc(FOURCC_DOS, NULL, MMIO_FINDPROC) returns.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__APPLE__)
#include <mach-o/dyld.h>
#elif defined(__FreeBSD__) || defined(__DragonFly__)
#include <sys/sysctl.h>
#endif

#include "mmio_int.h"

/* ---- registry -------------------------------------------------------------------------- */

typedef struct proc_entry {
    FOURCC fcc;
    LPMMIOPROC proc;
    bool unicode;
    bool global;
    uint64_t owner; /* mmio thread id of the installer (local entries) */
    struct proc_entry *next;
} proc_entry;

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static proc_entry *registry; /* newest first: the most recent installation wins */

/* A process-unique id per thread; pthread_t values may be reused after a thread exits, which
 * would hand a dead thread's local procedures to a new thread. */
static _Thread_local uint64_t this_thread_id;
static atomic_uint_fast64_t next_thread_id = 1;

static uint64_t current_thread_id(void)
{
    if (this_thread_id == 0)
        this_thread_id = (uint64_t)atomic_fetch_add(&next_thread_id, 1);
    return this_thread_id;
}

/* Finds the entry a lookup or removal sees: the caller's local entries first, then global
 * ones. `proc` non-NULL restricts the match to that procedure. `previous_link` receives the
 * link to unlink it. The caller holds registry_lock. */
static proc_entry *registry_search(FOURCC fcc, LPMMIOPROC proc, proc_entry ***previous_link)
{
    uint64_t me = current_thread_id();
    for (int pass = 0; pass < 2; pass++) {
        for (proc_entry **link = &registry; *link; link = &(*link)->next) {
            proc_entry *entry = *link;
            bool visible = pass == 0 ? (!entry->global && entry->owner == me) : entry->global;
            if (visible && entry->fcc == fcc && (proc == NULL || entry->proc == proc)) {
                if (previous_link)
                    *previous_link = link;
                return entry;
            }
        }
    }
    return NULL;
}

LPMMIOPROC pacm_mmio_find_proc(FOURCC fcc, bool *unicode)
{
    LPMMIOPROC found = NULL;
    bool wide = false;
    pthread_mutex_lock(&registry_lock);
    proc_entry *entry = registry_search(fcc, NULL, NULL);
    if (entry) {
        found = entry->proc;
        wide = entry->unicode;
    }
    pthread_mutex_unlock(&registry_lock);
    if (!found) {
        if (fcc == FOURCC_DOS)
            found = pacm_mmio_dos_proc;
        else if (fcc == FOURCC_MEM)
            found = pacm_mmio_mem_proc;
    }
    if (unicode)
        *unicode = wide;
    return found;
}

/* Install, remove or find, as mmioInstallIOProc documents. Exactly one action flag must be
 * given; anything else returns NULL. Built-in procedures can be found and overridden but not
 * removed. */
static LPMMIOPROC install_proc(FOURCC fcc, LPMMIOPROC proc, DWORD flags, bool unicode)
{
    DWORD action = flags & (MMIO_INSTALLPROC | MMIO_REMOVEPROC | MMIO_FINDPROC);
    if (flags & MMIO_UNICODEPROC)
        unicode = true;
    switch (action) {
    case MMIO_INSTALLPROC: {
        if (proc == NULL || fcc == 0)
            return NULL;
        proc_entry *entry = pacm_mem_calloc(1, sizeof(*entry));
        if (!entry)
            return NULL;
        entry->fcc = fcc;
        entry->proc = proc;
        entry->unicode = unicode;
        entry->global = (flags & MMIO_GLOBALPROC) != 0;
        entry->owner = current_thread_id();
        pthread_mutex_lock(&registry_lock);
        entry->next = registry;
        registry = entry;
        pthread_mutex_unlock(&registry_lock);
        return proc;
    }
    case MMIO_REMOVEPROC: {
        LPMMIOPROC removed = NULL;
        proc_entry **link = NULL;
        pthread_mutex_lock(&registry_lock);
        proc_entry *entry = registry_search(fcc, proc, &link);
        if (entry) {
            *link = entry->next;
            removed = entry->proc;
            pacm_mem_free(entry);
        }
        pthread_mutex_unlock(&registry_lock);
        return removed;
    }
    case MMIO_FINDPROC:
        return pacm_mmio_find_proc(fcc, NULL);
    default:
        return NULL;
    }
}

PORTACM_API LPMMIOPROC WINAPI mmioInstallIOProcA(FOURCC fccIOProc, LPMMIOPROC pIOProc, DWORD dwFlags)
{
    return install_proc(fccIOProc, pIOProc, dwFlags, false);
}

PORTACM_API LPMMIOPROC WINAPI mmioInstallIOProcW(FOURCC fccIOProc, LPMMIOPROC pIOProc, DWORD dwFlags)
{
    return install_proc(fccIOProc, pIOProc, dwFlags, true);
}

/* ---- FOURCC helpers -------------------------------------------------------------------- */

/* Copies up to four characters, pads with spaces; MMIO_TOUPPER upper-cases ASCII letters. */
static FOURCC fourcc_from_chars(const unsigned char chars[4], size_t count, UINT flags)
{
    unsigned char code[4] = {' ', ' ', ' ', ' '};
    for (size_t i = 0; i < count && i < 4; i++) {
        unsigned char c = chars[i];
        if ((flags & MMIO_TOUPPER) && c >= 'a' && c <= 'z')
            c = (unsigned char)(c - 'a' + 'A');
        code[i] = c;
    }
    return mmioFOURCC(code[0], code[1], code[2], code[3]);
}

PORTACM_API FOURCC WINAPI mmioStringToFOURCCA(LPCSTR sz, UINT uFlags)
{
    unsigned char chars[4];
    size_t count = 0;
    if (sz == NULL)
        return 0;
    while (count < 4 && sz[count] != '\0') {
        chars[count] = (unsigned char)sz[count];
        count++;
    }
    return fourcc_from_chars(chars, count, uFlags);
}

/* The wide version converts each of the first four characters to one byte as Windows'
 * conversion to the ANSI code page would for ASCII; other characters become '?'. */
PORTACM_API FOURCC WINAPI mmioStringToFOURCCW(LPCWSTR sz, UINT uFlags)
{
    unsigned char chars[4];
    size_t count = 0;
    if (sz == NULL)
        return 0;
    while (count < 4 && sz[count] != 0) {
        chars[count] = sz[count] < 0x80 ? (unsigned char)sz[count] : (unsigned char)'?';
        count++;
    }
    return fourcc_from_chars(chars, count, uFlags);
}

FOURCC pacm_mmio_fourcc_from_name(const char *name)
{
    if (name == NULL)
        return 0;
    const char *plus = strrchr(name, CFSEPCHAR);
    if (plus == NULL)
        return 0;
    /* The extension is the text after the last '.' of the last path component before '+'. */
    const char *dot = NULL;
    for (const char *p = name; p < plus; p++) {
        if (*p == '/' || *p == '\\')
            dot = NULL;
        else if (*p == '.')
            dot = p;
    }
    if (dot == NULL || dot + 1 == plus)
        return 0;
    unsigned char chars[4];
    size_t count = 0;
    for (const char *p = dot + 1; p < plus && count < 4; p++)
        chars[count++] = (unsigned char)*p;
    return fourcc_from_chars(chars, count, MMIO_TOUPPER);
}

/* ---- errors ---------------------------------------------------------------------------- */

/* True when the directory part of `path` exists (so ENOENT means the file is missing). */
static bool parent_directory_exists(const char *path)
{
    if (path == NULL)
        return true;
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return true;
    size_t length = (size_t)(slash - path);
    if (length == 0)
        return true;
    char *dir = pacm_mem_alloc(length + 1);
    if (!dir)
        return true;
    memcpy(dir, path, length);
    dir[length] = '\0';
    struct stat st;
    bool exists = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
    pacm_mem_free(dir);
    return exists;
}

UINT pacm_mmio_error_from_errno(int error, const char *path)
{
    switch (error) {
    case ENOENT:
        return parent_directory_exists(path) ? MMIOERR_FILENOTFOUND : MMIOERR_PATHNOTFOUND;
    case ENOTDIR:
        return MMIOERR_PATHNOTFOUND;
    case EACCES:
    case EPERM:
    case EROFS:
    case EISDIR:
    case EEXIST:
        return MMIOERR_ACCESSDENIED;
    case EMFILE:
    case ENFILE:
        return MMIOERR_TOOMANYOPENFILES;
    case ENOMEM:
        return MMIOERR_OUTOFMEMORY;
    case ETXTBSY:
    case EBUSY:
    case EWOULDBLOCK:
        return MMIOERR_SHARINGVIOLATION;
    case EHOSTDOWN:
    case EHOSTUNREACH:
    case ENETDOWN:
    case ENETUNREACH:
    case ETIMEDOUT:
        return MMIOERR_NETWORKERROR;
    default:
        return MMIOERR_INVALIDFILE; /* "the default error for an open-file failure" */
    }
}

/* ---- the DOS procedure: plain files through a file descriptor --------------------------- */

/* The name buffers of MMIO_PARSE and MMIO_GETTEMP hold 128 characters (terminator included). */
#define MMIO_NAME_BUFFER 128

/* Writes `text` into the caller's 128-character buffer; false, leaving the buffer as it was,
 * when it does not fit. */
static bool copy_name_result(char *buffer, const char *text)
{
    size_t length = strlen(text);
    if (length >= MMIO_NAME_BUFFER)
        return false;
    memmove(buffer, text, length + 1);
    return true;
}

/* The fully qualified, lexically normalised form of `name` (like GetFullPathName: "." and ".."
 * components are resolved without following symbolic links). Newly allocated, NULL on failure. */
static char *full_path_name(const char *name)
{
    char *joined;
    if (name[0] == '/') {
        joined = pacm_mem_strdup(name);
    } else {
        /* getcwd into our own buffer (not getcwd(NULL, 0), which would allocate past mem_*),
         * doubled until the path fits. */
        char *cwd = NULL;
        for (size_t size = 256; size <= 65536 && !cwd; size *= 2) {
            char *buffer = pacm_mem_alloc(size);
            if (!buffer)
                return NULL;
            if (getcwd(buffer, size))
                cwd = buffer;
            else
                pacm_mem_free(buffer);
            if (!cwd && errno != ERANGE)
                return NULL;
        }
        if (!cwd)
            return NULL;
        size_t length = strlen(cwd) + 1 + strlen(name) + 1;
        joined = pacm_mem_alloc(length);
        if (joined)
            snprintf(joined, length, "%s/%s", cwd, name);
        pacm_mem_free(cwd);
    }
    if (!joined)
        return NULL;
    /* Normalise in place: out grows from the start, components are copied one by one. */
    char *out = joined;
    const char *in = joined;
    size_t used = 0;
    while (*in) {
        while (*in == '/')
            in++;
        const char *start = in;
        while (*in && *in != '/')
            in++;
        size_t length = (size_t)(in - start);
        if (length == 0 || (length == 1 && start[0] == '.'))
            continue;
        if (length == 2 && start[0] == '.' && start[1] == '.') {
            while (used > 0 && out[used - 1] != '/')
                used--;
            if (used > 0)
                used--; /* drop the slash too */
            continue;
        }
        out[used++] = '/';
        memmove(out + used, start, length);
        used += length;
    }
    if (used == 0)
        out[used++] = '/';
    out[used] = '\0';
    return joined;
}

/* MMIO_GETTEMP: creates an empty, uniquely named file and returns its name. The caller's text
 * may name a directory, or a directory and a prefix ("dir/F" makes "dir/FXXXXXX.tmp"); empty
 * means $TMPDIR (or /tmp) with the prefix "mmio". */
static UINT make_temp_name(char *buffer)
{
    const char *tmpdir = getenv("TMPDIR");
    if (tmpdir == NULL || tmpdir[0] == '\0')
        tmpdir = "/tmp";
    char dir[MMIO_NAME_BUFFER * 2];
    char prefix[16] = "mmio";
    struct stat st;
    if (buffer[0] == '\0') {
        snprintf(dir, sizeof(dir), "%s", tmpdir);
    } else if (stat(buffer, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(dir, sizeof(dir), "%s", buffer);
    } else {
        const char *slash = strrchr(buffer, '/');
        if (slash) {
            snprintf(dir, sizeof(dir), "%.*s", (int)(slash - buffer), buffer);
            if (dir[0] == '\0')
                snprintf(dir, sizeof(dir), "/");
            snprintf(prefix, sizeof(prefix), "%.8s", slash + 1);
        } else {
            snprintf(dir, sizeof(dir), "%s", tmpdir);
            snprintf(prefix, sizeof(prefix), "%.8s", buffer);
        }
    }
    char name[MMIO_NAME_BUFFER * 3];
    int written = snprintf(name, sizeof(name), "%s%s%sXXXXXX.tmp", dir,
                           dir[strlen(dir) - 1] == '/' ? "" : "/", prefix);
    if (written < 0 || (size_t)written >= MMIO_NAME_BUFFER)
        return MMIOERR_FILENOTFOUND;
    int fd = mkstemps(name, 4);
    if (fd < 0)
        return MMIOERR_FILENOTFOUND;
    close(fd);
    copy_name_result(buffer, name);
    return MMSYSERR_NOERROR;
}

/* The full name of the running program, newly allocated, or NULL when the system cannot tell.
 * Linux: /proc/self/exe (NetBSD: /proc/curproc/exe); macOS: _NSGetExecutablePath; FreeBSD and
 * DragonFly: sysctl KERN_PROC_PATHNAME. Elsewhere NULL (the program-folder search is then
 * skipped). */
static char *program_path(void)
{
#if defined(__linux__) || defined(__NetBSD__)
#if defined(__linux__)
    const char *link_name = "/proc/self/exe";
#else
    const char *link_name = "/proc/curproc/exe";
#endif
    for (size_t size = 256; size <= 65536; size *= 2) {
        char *buffer = pacm_mem_alloc(size);
        if (!buffer)
            return NULL;
        ssize_t length = readlink(link_name, buffer, size);
        if (length < 0) {
            pacm_mem_free(buffer);
            return NULL;
        }
        if ((size_t)length < size) {
            buffer[length] = '\0';
            return buffer;
        }
        pacm_mem_free(buffer); /* maybe truncated: try a larger buffer */
    }
    return NULL;
#elif defined(__APPLE__)
    uint32_t size = 0;
    _NSGetExecutablePath(NULL, &size);
    char *buffer = size > 0 ? pacm_mem_alloc(size) : NULL;
    if (buffer && _NSGetExecutablePath(buffer, &size) != 0) {
        pacm_mem_free(buffer);
        buffer = NULL;
    }
    return buffer;
#elif defined(__FreeBSD__) || defined(__DragonFly__)
    int mib[4] = {CTL_KERN, KERN_PROC, KERN_PROC_PATHNAME, -1};
    size_t size = 0;
    if (sysctl(mib, 4, NULL, &size, NULL, 0) != 0 || size == 0)
        return NULL;
    char *buffer = pacm_mem_alloc(size + 1);
    if (buffer && sysctl(mib, 4, buffer, &size, NULL, 0) != 0) {
        pacm_mem_free(buffer);
        return NULL;
    }
    if (buffer)
        buffer[size] = '\0';
    return buffer;
#else
    return NULL;
#endif
}

/* Windows' OpenFile search, first step: a plain file name (no '/' or '\\') is looked for in
 * the folder of the running program before the current folder. Returns that
 * candidate path (newly allocated), or NULL when the name has a path, the program's folder is
 * unknown, or memory runs out. (System folders and PATH, Windows' later steps, have no
 * counterpart here.) */
static char *program_folder_candidate(const char *name)
{
    if (name[0] == '\0' || strchr(name, '/') || strchr(name, '\\'))
        return NULL;
    char *program = program_path();
    if (!program)
        return NULL;
    char *slash = strrchr(program, '/');
    char *candidate = NULL;
    if (slash && slash != program) {
        *slash = '\0';
        size_t length = strlen(program) + 1 + strlen(name) + 1;
        candidate = pacm_mem_alloc(length);
        if (candidate)
            snprintf(candidate, length, "%s/%s", program, name);
    }
    pacm_mem_free(program);
    return candidate;
}

/* open(2) retried on EINTR. */
static int open_retrying(const char *name, int oflags)
{
    int fd;
    do {
        fd = open(name, oflags | O_CLOEXEC, 0666);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

/* Opens (or creates) the file for MMIOM_OPEN and applies the share mode as an advisory lock:
 * MMIO_EXCLUSIVE takes an exclusive lock, every other mode a shared one, so two mmio opens
 * conflict exactly when one of them asked for exclusive access. */
static UINT dos_open_file(MMIOINFO *info, const char *name)
{
    DWORD flags = info->dwFlags;
    int oflags;
    switch (flags & MMIO_RWMODE) {
    case MMIO_READ:
        oflags = O_RDONLY;
        break;
    case MMIO_WRITE:
        oflags = O_WRONLY;
        break;
    case MMIO_READWRITE:
        oflags = O_RDWR;
        break;
    default:
        return MMIOERR_INVALIDFILE;
    }
    if (flags & MMIO_CREATE)
        oflags |= O_CREAT | O_TRUNC;
    /* Windows' OpenFile search: a plain name is looked for in the program's folder first, then
     * in the current folder (MMIO_CREATE never searches; it creates in the current folder). A
     * file found beside the program but not openable there is the answer. */
    char *candidate = flags & MMIO_CREATE ? NULL : program_folder_candidate(name);
    const char *failed = name;
    int fd = -1, error = ENOENT;
    if (candidate) {
        fd = open_retrying(candidate, oflags);
        if (fd >= 0)
            pacm_log_debug("mmioOpen: '%s' found in the program's folder: %s", name, candidate);
        else if ((error = errno) != ENOENT)
            failed = candidate;
    }
    if (fd < 0 && failed == name) {
        fd = open_retrying(name, oflags);
        error = errno;
    }
    if (fd < 0) {
        UINT result = pacm_mmio_error_from_errno(error, failed);
        pacm_log_debug("mmioOpen: cannot open '%s': %s", failed, strerror(error));
        pacm_mem_free(candidate);
        return result;
    }
    pacm_mem_free(candidate);
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        return MMIOERR_ACCESSDENIED;
    }
    int lock = (flags & MMIO_SHAREMODE) == MMIO_EXCLUSIVE ? LOCK_EX : LOCK_SH;
    if (flock(fd, lock | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
        close(fd);
        return MMIOERR_SHARINGVIOLATION;
    }
    info->adwInfo[0] = (DWORD)fd;
    info->lDiskOffset = 0;
    return MMSYSERR_NOERROR;
}

/* MMIOM_OPEN of the DOS procedure: the special requests (GETTEMP, PARSE, DELETE, EXIST, in
 * that order of precedence), a caller's descriptor in adwInfo[0] when the name is NULL, or a
 * named file. */
static LRESULT dos_open(MMIOINFO *info, char *name)
{
    DWORD flags = info->dwFlags;
    if (flags & MMIO_GETTEMP)
        return name ? make_temp_name(name) : MMIOERR_FILENOTFOUND;
    if (flags & MMIO_PARSE) {
        if (!name)
            return MMIOERR_FILENOTFOUND;
        char *full = full_path_name(name);
        if (!full)
            return MMIOERR_OUTOFMEMORY;
        bool fits = copy_name_result(name, full);
        pacm_mem_free(full);
        return fits ? MMSYSERR_NOERROR : MMIOERR_OUTOFMEMORY;
    }
    if (flags & MMIO_DELETE) {
        if (!name)
            return MMIOERR_FILENOTFOUND;
        struct stat st;
        if (stat(name, &st) == 0 && S_ISDIR(st.st_mode))
            return MMIOERR_ACCESSDENIED;
        return unlink(name) == 0 ? MMSYSERR_NOERROR : pacm_mmio_error_from_errno(errno, name);
    }
    if (flags & MMIO_EXIST) {
        struct stat st;
        if (!name || stat(name, &st) != 0 || S_ISDIR(st.st_mode))
            return MMIOERR_FILENOTFOUND;
        return MMSYSERR_NOERROR;
    }
    if (name == NULL) {
        int fd = (int)info->adwInfo[0];
        if (fcntl(fd, F_GETFD) < 0)
            return MMIOERR_INVALIDFILE;
        off_t position = lseek(fd, 0, SEEK_CUR);
        info->lDiskOffset = position > 0 ? mmio_long_mirror((int64_t)position) : 0;
        return MMSYSERR_NOERROR;
    }
    return dos_open_file(info, name);
}

/* MMIOM_READ (into `dst`) or MMIOM_WRITE (from `src`): loops over short transfers and
 * EINTR; returns the bytes moved (fewer at the end of the file), or -1 when nothing moved
 * because of an error. */
static LRESULT dos_transfer(MMIOINFO *info, int fd, char *dst, const char *src, LONG count)
{
    LONG done = 0;
    if (count < 0 || (dst == NULL && src == NULL && count > 0))
        return -1;
    while (done < count) {
        ssize_t n = dst ? read(fd, dst + done, (size_t)(count - done)) : write(fd, src + done, (size_t)(count - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || (n == 0 && !dst))
            return done > 0 ? done : -1;
        if (n == 0)
            break;
        done += (LONG)n;
    }
    /* lDiskOffset is the 32-bit mirror of a 64-bit position: advance it modulo 2^32 (a
     * signed addition overflowed when a transfer crossed 2 GiB). */
    info->lDiskOffset = (LONG)((uint32_t)info->lDiskOffset + (uint32_t)done);
    return done;
}

int64_t pacm_mmio_dos_position(const MMIOINFO *info)
{
    off_t position = lseek((int)info->adwInfo[0], 0, SEEK_CUR);
    return position < 0 ? -1 : (int64_t)position;
}

LRESULT CALLBACK pacm_mmio_dos_proc(LPSTR lpmmioinfo, UINT uMsg, LPARAM lParam1, LPARAM lParam2)
{
    MMIOINFO *info = (MMIOINFO *)(void *)lpmmioinfo;
    if (info == NULL)
        return uMsg == MMIOM_READ || uMsg == MMIOM_WRITE || uMsg == MMIOM_SEEK ? -1 : MMSYSERR_INVALPARAM;
    int fd = (int)info->adwInfo[0];
    switch (uMsg) {
    case MMIOM_OPEN:
        return dos_open(info, (char *)lParam1);
    case MMIOM_CLOSE:
        if (!(lParam1 & MMIO_FHOPEN) && close(fd) != 0 && errno != EINTR)
            return MMIOERR_CANNOTCLOSE;
        return MMSYSERR_NOERROR;
    case MMIOM_READ:
        return dos_transfer(info, fd, (char *)lParam1, NULL, (LONG)lParam2);
    case MMIOM_WRITE:
    case MMIOM_WRITEFLUSH:
        return dos_transfer(info, fd, NULL, (const char *)lParam1, (LONG)lParam2);
    case MMIOM_SEEK: {
        /* lParam1 is 64-bit here, so the built-in procedure also serves the 64-bit extension. */
        off_t position = lseek(fd, (off_t)lParam1, (int)lParam2);
        if (position < 0)
            return -1;
        info->lDiskOffset = mmio_long_mirror((int64_t)position);
        return (LRESULT)position;
    }
    case MMIOM_RENAME: {
        const char *from = (const char *)lParam1;
        const char *to = (const char *)lParam2;
        if (!from || !to)
            return MMIOERR_FILENOTFOUND;
        /* Windows' MoveFile never replaces an existing file: link + unlink keeps that rule
         * atomically; file systems without hard links fall back to a checked rename. */
        if (link(from, to) == 0) {
            unlink(from);
            return MMSYSERR_NOERROR;
        }
        int error = errno;
        if (error == EPERM || error == EXDEV || error == ENOSYS || error == EOPNOTSUPP || error == EMLINK) {
            struct stat st;
            if (lstat(to, &st) == 0)
                return MMIOERR_ACCESSDENIED;
            if (rename(from, to) == 0)
                return MMSYSERR_NOERROR;
            error = errno;
        }
        return pacm_mmio_error_from_errno(error, error == ENOENT && access(from, F_OK) != 0 ? from : to);
    }
    default:
        return 0;
    }
}

/* ---- the MEM procedure: the core reads and writes the buffer itself ---------------------- */

LRESULT CALLBACK pacm_mmio_mem_proc(LPSTR lpmmioinfo, UINT uMsg, LPARAM lParam1, LPARAM lParam2)
{
    MMIOINFO *info = (MMIOINFO *)(void *)lpmmioinfo;
    switch (uMsg) {
    case MMIOM_OPEN:
        if (info && (info->dwFlags & (MMIO_GETTEMP | MMIO_PARSE | MMIO_DELETE | MMIO_EXIST)))
            return MMIOERR_CANNOTOPEN;
        return MMSYSERR_NOERROR;
    case MMIOM_CLOSE:
        return MMSYSERR_NOERROR;
    case MMIOM_SEEK:
        return -1; /* never sent by the core: the buffer is the whole file */
    default:
        return 0;
    }
}
