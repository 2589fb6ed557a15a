/*
 * mmio_open.c - mmioOpen, mmioClose and mmioRename: choosing the I/O procedure, setting up
 * the I/O buffer (or the memory file), the requests that open nothing (MMIO_PARSE,
 * MMIO_EXIST, MMIO_DELETE, MMIO_GETTEMP) and the checked HMMIO handle.
 *
 * Buffer set-up follows what Windows reports through mmioGetInfo right after mmioOpen: a
 * caller's buffer is used as given (MMIO_ALLOCBUF is then dropped from dwFlags, and a zero
 * size with MMIO_ALLOCBUF means MMIO_DEFAULTBUFFER bytes of that buffer); no buffer but a
 * non-zero cchBuffer allocates one even without MMIO_ALLOCBUF.
 */
#include <string.h>

#include "mmio_int.h"

#define MMIO_SPECIAL_FLAGS (MMIO_GETTEMP | MMIO_PARSE | MMIO_DELETE | MMIO_EXIST)
#define MMIO_NAME_BUFFER 128

/* Runs when the last reference to an HMMIO goes away (after mmioClose). */
static void mmio_destroy(void *object)
{
    mmio_file *file = object;
    pacm_mmio_file_free_buffer(file);
    pthread_mutex_destroy(&file->lock);
    pacm_mem_free(file);
}

mmio_file *pacm_mmio_lock(HMMIO hmmio)
{
    mmio_file *file = pacm_handle_acquire((uintptr_t)hmmio, HANDLE_TYPE_MMIO);
    if (!file)
        return NULL;
    pthread_mutex_lock(&file->lock);
    if (file->info.hmmio != hmmio) { /* closed while we waited for the lock */
        pthread_mutex_unlock(&file->lock);
        pacm_handle_release((uintptr_t)hmmio);
        return NULL;
    }
    return file;
}

void pacm_mmio_unlock(HMMIO hmmio, mmio_file *file)
{
    pthread_mutex_unlock(&file->lock);
    pacm_handle_release((uintptr_t)hmmio);
}

/* Picks the I/O procedure for mmioOpen/mmioRename: the caller's pIOProc, else the installed
 * procedure for fccIOProc, else the one the compound name "file.ext+element" selects, else
 * the DOS procedure (which may itself be overridden by an installed "DOS " procedure). */
static UINT select_proc(const MMIOINFO *info, const char *name, bool wide_call, FOURCC *fcc, LPMMIOPROC *proc,
                        bool *unicode)
{
    if (info && info->pIOProc) {
        *fcc = info->fccIOProc;
        *proc = info->pIOProc;
        *unicode = wide_call;
        return MMSYSERR_NOERROR;
    }
    FOURCC wanted = info && info->fccIOProc ? info->fccIOProc : pacm_mmio_fourcc_from_name(name);
    if (wanted == 0)
        wanted = FOURCC_DOS;
    *proc = pacm_mmio_find_proc(wanted, unicode);
    *fcc = wanted;
    if (*proc == NULL) {
        pacm_log_debug("mmio: no I/O procedure installed for '%.4s'", (const char *)&wanted);
        return MMIOERR_FILENOTFOUND;
    }
    return MMSYSERR_NOERROR;
}

/* Sets up the I/O buffer described by the caller's MMIOINFO and the open flags. */
static UINT setup_buffer(mmio_file *file, DWORD flags)
{
    MMIOINFO *info = &file->info;
    LONG size = info->cchBuffer;
    if (size < 0)
        return MMSYSERR_INVALPARAM;
    if (info->pchBuffer != NULL) {
        if (size == 0 && (flags & MMIO_ALLOCBUF))
            size = MMIO_DEFAULTBUFFER;
        info->dwFlags &= ~(DWORD)MMIO_ALLOCBUF;
    } else if (size > 0 || (flags & MMIO_ALLOCBUF)) {
        if (size == 0)
            size = MMIO_DEFAULTBUFFER;
        info->pchBuffer = pacm_mem_calloc(1, (size_t)size);
        if (!info->pchBuffer)
            return MMIOERR_OUTOFMEMORY;
        file->own_buffer = true;
        info->dwFlags |= MMIO_ALLOCBUF;
    } else {
        info->dwFlags &= ~(DWORD)MMIO_ALLOCBUF;
    }
    info->cchBuffer = size;
    info->pchNext = info->pchBuffer;
    info->pchEndWrite = info->pchBuffer ? info->pchBuffer + size : NULL;
    /* A memory file without MMIO_CREATE starts with the whole block readable. */
    info->pchEndRead = file->memory && !(flags & MMIO_CREATE) ? info->pchEndWrite : info->pchBuffer;
    return MMSYSERR_NOERROR;
}

/* The requests that open nothing. The procedure gets MMIOM_OPEN with the flag in dwFlags and
 * a private copy of the name (at least 128 characters, as Windows requires of the caller);
 * MMIO_PARSE and MMIO_GETTEMP results are copied back into the caller's buffer only when the
 * request succeeded (a failed one leaves the buffer as it was). MMIO_GETTEMP
 * returns the error code cast to HMMIO (so success is NULL, as documented), the others TRUE or
 * FALSE. */
static HMMIO open_special(mmio_file *file, const char *name, LPSTR name_a, LPWSTR name_w)
{
    size_t length = name ? strlen(name) + 1 : 0;
    size_t capacity = length > MMIO_NAME_BUFFER ? length : MMIO_NAME_BUFFER;
    char *work = NULL;
    WCHAR *work_w = NULL;
    LRESULT result;
    if (name) {
        work = pacm_mem_calloc(1, capacity);
        if (!work) {
            file->info.wErrorRet = MMIOERR_OUTOFMEMORY;
            return file->info.dwFlags & MMIO_GETTEMP ? (HMMIO)(uintptr_t)MMIOERR_OUTOFMEMORY : NULL;
        }
        memcpy(work, name, length);
    }
    if (name && file->proc_unicode) {
        work_w = pacm_mem_calloc(capacity, sizeof(WCHAR));
        if (!work_w) {
            pacm_mem_free(work);
            file->info.wErrorRet = MMIOERR_OUTOFMEMORY;
            return file->info.dwFlags & MMIO_GETTEMP ? (HMMIO)(uintptr_t)MMIOERR_OUTOFMEMORY : NULL;
        }
        pacm_utf8_to_utf16_buffer(name, work_w, capacity);
        result = file->proc((LPSTR)&file->info, MMIOM_OPEN, (LPARAM)work_w, 0);
        pacm_utf16_to_utf8_buffer(work_w, work, capacity);
    } else {
        result = file->proc((LPSTR)&file->info, MMIOM_OPEN, (LPARAM)work, 0);
    }
    if (work && result == MMSYSERR_NOERROR && (file->info.dwFlags & (MMIO_PARSE | MMIO_GETTEMP))) {
        if (name_a) {
            size_t used = strnlen(work, MMIO_NAME_BUFFER - 1);
            memcpy(name_a, work, used);
            name_a[used] = '\0';
        }
        if (name_w)
            pacm_utf8_to_utf16_buffer(work, name_w, MMIO_NAME_BUFFER);
    }
    pacm_mem_free(work);
    pacm_mem_free(work_w);
    file->info.wErrorRet = (UINT)result;
    if (file->info.dwFlags & MMIO_GETTEMP)
        return (HMMIO)(uintptr_t)(UINT)result;
    return result == MMSYSERR_NOERROR ? (HMMIO)(uintptr_t)TRUE : NULL;
}

/* A failed or finished open reports its result in the caller's MMIOINFO, when there is one. */
static void open_report(LPMMIOINFO user_info, UINT error)
{
    if (user_info)
        user_info->wErrorRet = error;
}

/* A new file object with what the caller's MMIOINFO chooses: the procedure, the buffer and
 * adwInfo (which a procedure such as the memory file reads at MMIOM_OPEN). */
static mmio_file *open_new_file(const MMIOINFO *user_info, DWORD flags)
{
    mmio_file *file = pacm_mem_calloc(1, sizeof(*file));
    if (!file)
        return NULL;
    MMIOINFO *info = &file->info;
    if (user_info) {
        info->fccIOProc = user_info->fccIOProc;
        info->pIOProc = user_info->pIOProc;
        info->cchBuffer = user_info->cchBuffer;
        info->pchBuffer = user_info->pchBuffer;
        memcpy(info->adwInfo, user_info->adwInfo, sizeof(info->adwInfo));
    }
    info->dwFlags = flags;
    return file;
}

/* Sets up the buffer and the lock and gives the file its checked handle, which the procedure
 * receives in hmmio at MMIOM_OPEN. On failure the file is freed and the error returned. */
static UINT open_make_handle(mmio_file *file, DWORD flags, uintptr_t *handle)
{
    UINT error = setup_buffer(file, flags);
    pthread_mutexattr_t attributes;
    pthread_mutexattr_init(&attributes);
    pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&file->lock, &attributes);
    pthread_mutexattr_destroy(&attributes);
    *handle = 0;
    if (error == MMSYSERR_NOERROR) {
        *handle = pacm_handle_create(HANDLE_TYPE_MMIO, file, mmio_destroy);
        if (*handle == 0)
            error = MMIOERR_OUTOFMEMORY;
    }
    if (error != MMSYSERR_NOERROR)
        mmio_destroy(file);
    return error;
}

/* Sends MMIOM_OPEN. The procedure gets the name in its own encoding; NULL stays NULL (the
 * caller's handle or memory). */
static LRESULT open_send(mmio_file *file, const char *name, LPWSTR name_w)
{
    LRESULT result;
    if (name && file->proc_unicode) {
        WCHAR *wide = name_w ? NULL : pacm_utf8_to_utf16(name);
        if (!name_w && !wide) {
            result = MMIOERR_OUTOFMEMORY;
        } else {
            result = file->proc((LPSTR)&file->info, MMIOM_OPEN, (LPARAM)(name_w ? name_w : wide), 0);
        }
        pacm_mem_free(wide);
    } else {
        result = file->proc((LPSTR)&file->info, MMIOM_OPEN, (LPARAM)name, 0);
    }
    return result;
}

/* Where the file starts: a procedure reports it in the LONG lDiskOffset; the built-in DOS
 * procedure (a caller's descriptor may stand past 2 GiB) is asked for the 64-bit offset. */
static void open_set_start(mmio_file *file)
{
    MMIOINFO *info = &file->info;
    int64_t start = info->lDiskOffset;
    if (file->proc == pacm_mmio_dos_proc) {
        int64_t position = pacm_mmio_dos_position(info);
        if (position >= 0)
            start = position;
    }
    file->buf_offset = file->memory ? 0 : start;
    file->disk_offset = file->memory ? -1 : start;
    info->lBufOffset = mmio_long_mirror(file->buf_offset);
}

/* The body of mmioOpenA/W. `name` is UTF-8; name_a/name_w is the caller's buffer for results. */
static HMMIO open_common(const char *name, LPSTR name_a, LPWSTR name_w, LPMMIOINFO user_info, DWORD flags)
{
    bool wide_call = name_w != NULL;
    mmio_file *file = open_new_file(user_info, flags);
    if (!file) {
        open_report(user_info, MMIOERR_OUTOFMEMORY);
        return NULL;
    }
    MMIOINFO *info = &file->info;
    UINT error = select_proc(user_info, name, wide_call, &info->fccIOProc, &file->proc, &file->proc_unicode);
    if (error != MMSYSERR_NOERROR) {
        pacm_mem_free(file);
        open_report(user_info, error);
        return (flags & MMIO_GETTEMP) ? (HMMIO)(uintptr_t)error : NULL;
    }
    info->pIOProc = file->proc;
    file->memory = file->proc == pacm_mmio_mem_proc;

    if (flags & MMIO_SPECIAL_FLAGS) {
        HMMIO result = open_special(file, name, name_a, name_w);
        open_report(user_info, file->info.wErrorRet);
        pacm_mem_free(file);
        return result;
    }

    uintptr_t handle;
    error = open_make_handle(file, flags, &handle);
    if (error != MMSYSERR_NOERROR) {
        open_report(user_info, error);
        return NULL;
    }
    HMMIO hmmio = (HMMIO)handle;
    info->hmmio = hmmio;
    info->lDiskOffset = 0;
    info->lBufOffset = 0;
    LRESULT result = open_send(file, name, name_w);
    if (result != MMSYSERR_NOERROR) {
        open_report(user_info, (UINT)result);
        info->hmmio = NULL;
        pacm_handle_close(handle, HANDLE_TYPE_MMIO);
        return NULL;
    }
    open_set_start(file);
    info->wErrorRet = MMSYSERR_NOERROR;
    open_report(user_info, MMSYSERR_NOERROR);
    return hmmio;
}

PORTACM_API HMMIO WINAPI mmioOpenA(LPSTR pszFileName, LPMMIOINFO pmmioinfo, DWORD fdwOpen)
{
    return open_common(pszFileName, pszFileName, NULL, pmmioinfo, fdwOpen);
}

PORTACM_API HMMIO WINAPI mmioOpenW(LPWSTR pszFileName, LPMMIOINFO pmmioinfo, DWORD fdwOpen)
{
    if (pszFileName == NULL)
        return open_common(NULL, NULL, NULL, pmmioinfo, fdwOpen);
    char *name = pacm_utf16_to_utf8(pszFileName);
    if (!name) {
        if (pmmioinfo)
            pmmioinfo->wErrorRet = MMIOERR_OUTOFMEMORY;
        return (fdwOpen & MMIO_GETTEMP) ? (HMMIO)(uintptr_t)MMIOERR_OUTOFMEMORY : NULL;
    }
    HMMIO result = open_common(name, NULL, pszFileName, pmmioinfo, fdwOpen);
    pacm_mem_free(name);
    return result;
}

/* Flushes the buffer, sends MMIOM_CLOSE (fuClose as lParam1, so MMIO_FHOPEN keeps a caller's
 * descriptor open) and invalidates the handle. The handle is closed even when the flush fails;
 * the flush error is then returned. */
PORTACM_API MMRESULT WINAPI mmioClose(HMMIO hmmio, UINT fuClose)
{
    mmio_file *file = pacm_mmio_lock(hmmio);
    if (!file)
        return MMSYSERR_INVALHANDLE;
    MMRESULT flushed = pacm_mmio_file_flush(file, 0);
    LRESULT closed = pacm_mmio_file_send(file, MMIOM_CLOSE, (LPARAM)fuClose, 0);
    pacm_mmio_file_free_buffer(file);
    file->info.hmmio = NULL;
    pacm_handle_close((uintptr_t)hmmio, HANDLE_TYPE_MMIO);
    pacm_mmio_unlock(hmmio, file);
    return flushed != MMSYSERR_NOERROR ? flushed : (MMRESULT)closed;
}

/* The body of mmioRenameA/W: the procedure is chosen as for mmioOpen and gets MMIOM_RENAME
 * with both names in its encoding. */
static MMRESULT rename_common(const char *from, const char *to, LPCWSTR from_w, LPCWSTR to_w,
                              LPCMMIOINFO user_info)
{
    MMIOINFO info;
    memset(&info, 0, sizeof(info));
    if (user_info)
        info = *user_info;
    FOURCC fcc;
    LPMMIOPROC proc;
    bool unicode;
    UINT error = select_proc(user_info, from, from_w != NULL, &fcc, &proc, &unicode);
    if (error != MMSYSERR_NOERROR)
        return error;
    info.fccIOProc = fcc;
    info.pIOProc = proc;
    if (!unicode)
        return (MMRESULT)proc((LPSTR)&info, MMIOM_RENAME, (LPARAM)from, (LPARAM)to);
    WCHAR *wide_from = from_w ? NULL : pacm_utf8_to_utf16(from);
    WCHAR *wide_to = to_w ? NULL : pacm_utf8_to_utf16(to);
    MMRESULT result = MMIOERR_OUTOFMEMORY;
    if ((from_w || wide_from) && (to_w || wide_to))
        result = (MMRESULT)proc((LPSTR)&info, MMIOM_RENAME, (LPARAM)(from_w ? from_w : wide_from),
                                (LPARAM)(to_w ? to_w : wide_to));
    pacm_mem_free(wide_from);
    pacm_mem_free(wide_to);
    return result;
}

PORTACM_API MMRESULT WINAPI mmioRenameA(LPCSTR pszFileName, LPCSTR pszNewFileName, LPCMMIOINFO pmmioinfo,
                                        DWORD fdwRename)
{
    if (pszFileName == NULL || pszNewFileName == NULL)
        return MMSYSERR_INVALPARAM;
    return rename_common(pszFileName, pszNewFileName, NULL, NULL, pmmioinfo);
}

PORTACM_API MMRESULT WINAPI mmioRenameW(LPCWSTR pszFileName, LPCWSTR pszNewFileName, LPCMMIOINFO pmmioinfo,
                                        DWORD fdwRename)
{
    if (pszFileName == NULL || pszNewFileName == NULL)
        return MMSYSERR_INVALPARAM;
    char *from = pacm_utf16_to_utf8(pszFileName);
    char *to = pacm_utf16_to_utf8(pszNewFileName);
    MMRESULT result = MMSYSERR_NOMEM;
    if (from && to)
        result = rename_common(from, to, pszFileName, pszNewFileName, pmmioinfo);
    pacm_mem_free(from);
    pacm_mem_free(to);
    return result;
}
