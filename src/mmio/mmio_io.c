/*
 * mmio_io.c - reading, writing and seeking through the I/O buffer: mmioRead, mmioWrite,
 * mmioSeek, mmioFlush, mmioGetInfo, mmioSetInfo, mmioAdvance, mmioSetBuffer, mmioSendMessage
 * and the 64-bit position extension.
 *
 * The buffer model (what mmioGetInfo shows, matching Windows): the buffer holds the bytes of
 * the file from lBufOffset on; [pchBuffer, pchEndRead) is valid data, pchNext the current
 * position, pchEndWrite the end of the buffer. MMIO_DIRTY means the valid part differs from the
 * file. A seek inside the valid part only moves pchNext; a seek elsewhere flushes and leaves an
 * empty buffer at the new position. A transfer at least as large as the buffer bypasses it.
 * A memory file (the built-in MEM procedure) is the buffer itself: lBufOffset stays 0 and
 * pchEndRead marks the end of the file.
 */
#include <string.h>

#include "mmio_int.h"

#define LONG_LIMIT ((int64_t)0x7FFFFFFF)

static bool is_buffered(const mmio_file *file)
{
    return file->info.pchBuffer != NULL && file->info.cchBuffer > 0;
}

int64_t pacm_mmio_file_tell(const mmio_file *file)
{
    if (file->info.pchBuffer == NULL)
        return file->buf_offset;
    return file->buf_offset + (file->info.pchNext - file->info.pchBuffer);
}

/* Keeps the 32-bit mirror of the buffer offset in step. */
static void sync_offsets(mmio_file *file)
{
    file->info.lBufOffset = mmio_long_mirror(file->buf_offset);
}

/* Leaves an empty buffer whose first byte is file position `position`. */
static void buffer_reset(mmio_file *file, int64_t position)
{
    file->buf_offset = position;
    file->info.pchNext = file->info.pchBuffer;
    file->info.pchEndRead = file->info.pchBuffer;
    sync_offsets(file);
}

LRESULT pacm_mmio_file_send(mmio_file *file, UINT msg, LPARAM lParam1, LPARAM lParam2)
{
    return file->proc((LPSTR)&file->info, msg, lParam1, lParam2);
}

/* Moves the I/O procedure to `position` unless it is known to be there already. */
static bool disk_seek(mmio_file *file, int64_t position)
{
    if (file->disk_offset == position)
        return true;
    LRESULT result = pacm_mmio_file_send(file, MMIOM_SEEK, (LPARAM)position, SEEK_SET);
    if (result < 0)
        return false; /* did not move */
    if ((int64_t)result != position) {
        file->disk_offset = result; /* the procedure says where it went */
        return false;
    }
    file->disk_offset = position;
    return true;
}

static LONG proc_transfer(mmio_file *file, UINT msg, const char *data, LONG count)
{
    LRESULT result = pacm_mmio_file_send(file, msg, (LPARAM)data, (LPARAM)count);
    if (result < 0 || result > count) {
        file->disk_offset = -1;
        return -1;
    }
    if (file->disk_offset >= 0)
        file->disk_offset += result;
    return (LONG)result;
}

/* One transfer straight between the caller's memory and the I/O procedure at `position`
 * (unbuffered files, and transfers at least as large as the buffer); afterwards the empty
 * buffer, if any, sits at the new position. */
static LONG direct_transfer(mmio_file *file, UINT msg, const char *data, LONG count, int64_t position)
{
    if (!disk_seek(file, position))
        return -1;
    LONG n = proc_transfer(file, msg, data, count);
    if (n >= 0)
        buffer_reset(file, position + n);
    return n;
}

/* Writes the valid part of a dirty buffer to the file with `msg` (MMIOM_WRITE, or
 * MMIOM_WRITEFLUSH for an explicit flush). */
static MMRESULT flush_buffer(mmio_file *file, UINT msg)
{
    MMIOINFO *info = &file->info;
    if (file->memory || !is_buffered(file) || !(info->dwFlags & MMIO_DIRTY)) {
        info->dwFlags &= ~(DWORD)MMIO_DIRTY;
        return MMSYSERR_NOERROR;
    }
    HPSTR end = info->pchNext > info->pchEndRead ? info->pchNext : info->pchEndRead;
    LONG length = (LONG)(end - info->pchBuffer);
    if (length > 0) {
        if (!disk_seek(file, file->buf_offset))
            return MMIOERR_CANNOTWRITE;
        if (proc_transfer(file, msg, info->pchBuffer, length) != length)
            return MMIOERR_CANNOTWRITE;
    }
    info->pchEndRead = end;
    info->dwFlags &= ~(DWORD)MMIO_DIRTY;
    return MMSYSERR_NOERROR;
}

MMRESULT pacm_mmio_file_flush(mmio_file *file, UINT flags)
{
    MMRESULT result = flush_buffer(file, MMIOM_WRITEFLUSH);
    if (result == MMSYSERR_NOERROR && (flags & MMIO_EMPTYBUF) && !file->memory && is_buffered(file))
        buffer_reset(file, pacm_mmio_file_tell(file));
    return result;
}

void pacm_mmio_file_free_buffer(mmio_file *file)
{
    if (file->own_buffer)
        pacm_mem_free(file->info.pchBuffer);
    file->own_buffer = false;
    file->info.pchBuffer = file->info.pchNext = file->info.pchEndRead = file->info.pchEndWrite = NULL;
    file->info.cchBuffer = 0;
}

/* Grows a memory file so that it holds at least `needed` bytes, in steps of adwInfo[0] bytes.
 * A caller's block is copied into a block of our own (the caller's block is left alone). */
static MMRESULT memory_grow(mmio_file *file, int64_t needed)
{
    MMIOINFO *info = &file->info;
    int64_t increment = info->adwInfo[0];
    if (increment == 0)
        return MMIOERR_CANNOTEXPAND;
    int64_t capacity = info->cchBuffer;
    int64_t steps = (needed - capacity + increment - 1) / increment;
    int64_t grown = capacity + steps * increment;
    if (grown > LONG_LIMIT)
        return MMIOERR_OUTOFMEMORY;
    ptrdiff_t next = info->pchBuffer ? info->pchNext - info->pchBuffer : 0;
    ptrdiff_t end_read = info->pchBuffer ? info->pchEndRead - info->pchBuffer : 0;
    char *block;
    if (file->own_buffer) {
        block = pacm_mem_realloc(info->pchBuffer, (size_t)grown);
    } else {
        block = pacm_mem_alloc((size_t)grown);
        if (block && capacity > 0)
            memcpy(block, info->pchBuffer, (size_t)capacity);
    }
    if (!block)
        return MMIOERR_OUTOFMEMORY;
    memset(block + capacity, 0, (size_t)(grown - capacity));
    file->own_buffer = true;
    info->pchBuffer = block;
    info->cchBuffer = (LONG)grown;
    info->pchNext = block + next;
    info->pchEndRead = block + end_read;
    info->pchEndWrite = block + grown;
    return MMSYSERR_NOERROR;
}

/* The buffer is used up: writes it out if dirty and starts an empty one at the current
 * position. A remainder at least as large as the buffer then goes straight between the
 * caller's memory and the file (*moved receives the bytes; returns 1). Returns 0 to go on
 * through the buffer, -1 on error. */
static int turn_over(mmio_file *file, UINT msg, const char *data, LONG remaining, LONG *moved)
{
    int64_t position = pacm_mmio_file_tell(file);
    if (flush_buffer(file, MMIOM_WRITE) != MMSYSERR_NOERROR)
        return -1;
    buffer_reset(file, position);
    if (remaining < file->info.cchBuffer)
        return 0;
    *moved = direct_transfer(file, msg, data, remaining, position);
    return *moved < 0 ? -1 : 1;
}

LONG pacm_mmio_file_read(mmio_file *file, char *dst, LONG count)
{
    MMIOINFO *info = &file->info;
    if (count < 0 || (dst == NULL && count > 0))
        return -1;
    if (count == 0)
        return 0;
    if (file->memory) {
        ptrdiff_t available = info->pchBuffer ? info->pchEndRead - info->pchNext : 0;
        LONG n = available <= 0 ? 0 : (available < count ? (LONG)available : count);
        if (n > 0) {
            memcpy(dst, info->pchNext, (size_t)n);
            info->pchNext += n;
        }
        return n;
    }
    if (!is_buffered(file))
        return direct_transfer(file, MMIOM_READ, dst, count, file->buf_offset);
    LONG total = 0;
    while (total < count) {
        ptrdiff_t available = info->pchEndRead - info->pchNext;
        if (available > 0) {
            LONG n = available < count - total ? (LONG)available : count - total;
            memcpy(dst + total, info->pchNext, (size_t)n);
            info->pchNext += n;
            total += n;
            continue;
        }
        LONG moved = 0;
        int step = turn_over(file, MMIOM_READ, dst + total, count - total, &moved);
        if (step < 0)
            return total > 0 ? total : -1;
        if (step > 0) {
            total += moved;
            break;
        }
        if (!disk_seek(file, file->buf_offset))
            return total > 0 ? total : -1;
        LONG n = proc_transfer(file, MMIOM_READ, info->pchBuffer, info->cchBuffer);
        if (n < 0)
            return total > 0 ? total : -1;
        if (n == 0)
            break;
        info->pchEndRead = info->pchBuffer + n;
    }
    return total;
}

/* Writes into a memory file, growing it when allowed; a full fixed-size file takes what fits
 * (and -1 when nothing fits). */
static LONG memory_write(mmio_file *file, const char *src, LONG count)
{
    MMIOINFO *info = &file->info;
    int64_t position = pacm_mmio_file_tell(file);
    if (position + count > info->cchBuffer)
        memory_grow(file, position + count);
    int64_t room = info->cchBuffer - position;
    LONG n = room <= 0 ? 0 : (room < count ? (LONG)room : count);
    if (n == 0)
        return -1;
    memcpy(info->pchNext, src, (size_t)n);
    info->pchNext += n;
    if (info->pchNext > info->pchEndRead)
        info->pchEndRead = info->pchNext;
    return n;
}

LONG pacm_mmio_file_write(mmio_file *file, const char *src, LONG count)
{
    MMIOINFO *info = &file->info;
    if (count < 0 || (src == NULL && count > 0))
        return -1;
    if (count == 0)
        return 0;
    if (file->memory)
        return memory_write(file, src, count);
    if (!is_buffered(file))
        return direct_transfer(file, MMIOM_WRITE, src, count, file->buf_offset);
    LONG total = 0;
    while (total < count) {
        ptrdiff_t space = info->pchEndWrite - info->pchNext;
        if (space > 0) {
            LONG n = space < count - total ? (LONG)space : count - total;
            memcpy(info->pchNext, src + total, (size_t)n);
            info->pchNext += n;
            if (info->pchNext > info->pchEndRead)
                info->pchEndRead = info->pchNext;
            info->dwFlags |= MMIO_DIRTY;
            total += n;
            continue;
        }
        LONG moved = 0;
        int step = turn_over(file, MMIOM_WRITE, src + total, count - total, &moved);
        if (step < 0)
            return total > 0 ? total : -1;
        if (step > 0) {
            total += moved;
            break;
        }
    }
    return total;
}

int64_t pacm_mmio_file_size(mmio_file *file)
{
    MMIOINFO *info = &file->info;
    if (file->memory)
        return info->pchBuffer ? info->pchEndRead - info->pchBuffer : 0;
    LRESULT end = pacm_mmio_file_send(file, MMIOM_SEEK, 0, SEEK_END);
    if (end < 0)
        return -1; /* a failed seek did not move (a pipe, a procedure without seeking) */
    file->disk_offset = end;
    if (is_buffered(file) && (info->dwFlags & MMIO_DIRTY)) {
        HPSTR last = info->pchNext > info->pchEndRead ? info->pchNext : info->pchEndRead;
        int64_t extent = file->buf_offset + (last - info->pchBuffer);
        if (extent > end)
            return extent;
    }
    return end;
}

/* Seeks as mmioSeek does, refusing targets above `limit`. SEEK_END counts lOffset backwards
 * from the end (end - offset), which is what Windows does. */
static int64_t seek_limited(mmio_file *file, int64_t offset, int origin, int64_t limit)
{
    MMIOINFO *info = &file->info;
    int64_t target;
    switch (origin) {
    case SEEK_SET:
        target = offset;
        break;
    case SEEK_CUR: {
        int64_t current = pacm_mmio_file_tell(file);
        if ((offset > 0 && current > INT64_MAX - offset))
            return -1;
        target = current + offset;
        break;
    }
    case SEEK_END: {
        int64_t end = pacm_mmio_file_size(file);
        if (end < 0 || (offset < 0 && end > INT64_MAX + offset))
            return -1;
        target = end - offset;
        break;
    }
    default:
        return -1;
    }
    if (target < 0 || target > limit)
        return -1;
    if (file->memory) {
        if (target > info->cchBuffer)
            return -1;
        if (info->pchBuffer)
            info->pchNext = info->pchBuffer + target;
        return target;
    }
    if (is_buffered(file)) {
        int64_t valid = info->pchEndRead - info->pchBuffer;
        if (target >= file->buf_offset && target <= file->buf_offset + valid) {
            info->pchNext = info->pchBuffer + (target - file->buf_offset);
            return target;
        }
        if (flush_buffer(file, MMIOM_WRITE) != MMSYSERR_NOERROR)
            return -1;
    }
    if (!disk_seek(file, target))
        return -1;
    buffer_reset(file, target);
    return target;
}

int64_t pacm_mmio_file_seek(mmio_file *file, int64_t offset, int origin)
{
    return seek_limited(file, offset, origin, INT64_MAX);
}

PORTACM_API LONG WINAPI mmioRead(HMMIO hmmio, HPSTR pch, LONG cch)
{
    mmio_file *file = pacm_mmio_lock(hmmio);
    if (!file)
        return -1;
    LONG result = pacm_mmio_file_read(file, pch, cch);
    pacm_mmio_unlock(hmmio, file);
    return result;
}

PORTACM_API LONG WINAPI mmioWrite(HMMIO hmmio, const char *pch, LONG cch)
{
    mmio_file *file = pacm_mmio_lock(hmmio);
    if (!file)
        return -1;
    LONG result = pacm_mmio_file_write(file, pch, cch);
    pacm_mmio_unlock(hmmio, file);
    return result;
}

PORTACM_API LONG WINAPI mmioSeek(HMMIO hmmio, LONG lOffset, int iOrigin)
{
    mmio_file *file = pacm_mmio_lock(hmmio);
    if (!file)
        return -1;
    int64_t result = seek_limited(file, lOffset, iOrigin, LONG_LIMIT);
    pacm_mmio_unlock(hmmio, file);
    return (LONG)result;
}

PORTACM_API int64_t portacm_mmio_seek64(HMMIO hmmio, int64_t offset, int origin)
{
    mmio_file *file = pacm_mmio_lock(hmmio);
    if (!file)
        return -1;
    int64_t result = seek_limited(file, offset, origin, INT64_MAX);
    pacm_mmio_unlock(hmmio, file);
    return result;
}

PORTACM_API int64_t portacm_mmio_size64(HMMIO hmmio)
{
    mmio_file *file = pacm_mmio_lock(hmmio);
    if (!file)
        return -1;
    int64_t result = pacm_mmio_file_size(file);
    pacm_mmio_unlock(hmmio, file);
    return result;
}

PORTACM_API MMRESULT WINAPI mmioFlush(HMMIO hmmio, UINT fuFlush)
{
    mmio_file *file = pacm_mmio_lock(hmmio);
    if (!file)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = pacm_mmio_file_flush(file, fuFlush);
    pacm_mmio_unlock(hmmio, file);
    return result;
}

PORTACM_API MMRESULT WINAPI mmioGetInfo(HMMIO hmmio, LPMMIOINFO pmmioinfo, UINT fuInfo)
{
    mmio_file *file = pacm_mmio_lock(hmmio);
    if (!file)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = MMSYSERR_INVALPARAM;
    if (pmmioinfo) {
        sync_offsets(file);
        *pmmioinfo = file->info;
        result = MMSYSERR_NOERROR;
    }
    pacm_mmio_unlock(hmmio, file);
    return result;
}

/* True when `pointer` lies inside [pchBuffer, pchBuffer + cchBuffer]. */
static bool inside_buffer(const mmio_file *file, HPSTR pointer)
{
    uintptr_t start = (uintptr_t)file->info.pchBuffer;
    uintptr_t value = (uintptr_t)pointer;
    return value >= start && value <= start + (uintptr_t)(file->info.cchBuffer > 0 ? file->info.cchBuffer : 0);
}

/* Takes back what a program may change during direct buffer access: pchNext and MMIO_DIRTY.
 * Bytes written past the end of the valid data become valid. */
static MMRESULT take_direct_access(mmio_file *file, LPCMMIOINFO user)
{
    if (!inside_buffer(file, user->pchNext))
        return MMSYSERR_INVALPARAM;
    MMIOINFO *info = &file->info;
    info->pchNext = user->pchNext;
    if (user->dwFlags & MMIO_DIRTY) {
        if (!file->memory)
            info->dwFlags |= MMIO_DIRTY;
        if (info->pchNext > info->pchEndRead)
            info->pchEndRead = info->pchNext;
    }
    return MMSYSERR_NOERROR;
}

PORTACM_API MMRESULT WINAPI mmioSetInfo(HMMIO hmmio, LPCMMIOINFO pmmioinfo, UINT fuInfo)
{
    mmio_file *file = pacm_mmio_lock(hmmio);
    if (!file)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = pmmioinfo ? take_direct_access(file, pmmioinfo) : MMSYSERR_INVALPARAM;
    pacm_mmio_unlock(hmmio, file);
    return result;
}

/* Empties/refills the buffer for direct access: writes it if dirty, then moves the buffer to
 * the current position (pchNext) and, for MMIO_READ, fills it from the file. On a memory file
 * MMIO_WRITE with a full buffer grows the file by adwInfo[0] bytes. */
static MMRESULT advance(mmio_file *file, LPMMIOINFO user, UINT flags)
{
    MMIOINFO *info = &file->info;
    if (!is_buffered(file))
        return MMIOERR_UNBUFFERED;
    if (flags != MMIO_READ && flags != MMIO_WRITE)
        return MMSYSERR_INVALPARAM;
    if (user) {
        MMRESULT taken = take_direct_access(file, user);
        if (taken != MMSYSERR_NOERROR)
            return taken;
    }
    if (file->memory) {
        if (flags == MMIO_WRITE && info->pchNext >= info->pchEndWrite) {
            MMRESULT grown = memory_grow(file, (int64_t)info->cchBuffer + 1);
            if (grown != MMSYSERR_NOERROR)
                return grown;
        }
    } else {
        if (flush_buffer(file, MMIOM_WRITE) != MMSYSERR_NOERROR)
            return MMIOERR_CANNOTWRITE;
        int64_t position = pacm_mmio_file_tell(file);
        buffer_reset(file, position);
        if (flags == MMIO_READ) {
            if (!disk_seek(file, position))
                return MMIOERR_CANNOTREAD;
            LONG n = proc_transfer(file, MMIOM_READ, info->pchBuffer, info->cchBuffer);
            if (n < 0)
                return MMIOERR_CANNOTREAD;
            info->pchEndRead = info->pchBuffer + n;
        }
    }
    sync_offsets(file);
    if (user) {
        user->pchBuffer = info->pchBuffer;
        user->cchBuffer = info->cchBuffer;
        user->pchNext = info->pchNext;
        user->pchEndRead = info->pchEndRead;
        user->pchEndWrite = info->pchEndWrite;
        user->lBufOffset = info->lBufOffset;
        user->lDiskOffset = info->lDiskOffset;
        user->dwFlags = info->dwFlags;
    }
    return MMSYSERR_NOERROR;
}

PORTACM_API MMRESULT WINAPI mmioAdvance(HMMIO hmmio, LPMMIOINFO pmmioinfo, UINT fuAdvance)
{
    mmio_file *file = pacm_mmio_lock(hmmio);
    if (!file)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = advance(file, pmmioinfo, fuAdvance);
    pacm_mmio_unlock(hmmio, file);
    return result;
}

/* Replaces the I/O buffer (fuBuffer is ignored, as on Windows). The old buffer is written
 * first; on MMIOERR_CANNOTWRITE or MMIOERR_OUTOFMEMORY nothing changes. Buffering resumes at
 * the current position with an empty buffer; a memory file's content is replaced by the new
 * (empty) block. */
static MMRESULT set_buffer(mmio_file *file, LPSTR buffer, LONG size)
{
    MMIOINFO *info = &file->info;
    if (size < 0)
        return MMSYSERR_INVALPARAM;
    if (flush_buffer(file, MMIOM_WRITE) != MMSYSERR_NOERROR)
        return MMIOERR_CANNOTWRITE;
    int64_t position = pacm_mmio_file_tell(file);
    if (buffer == NULL && size > 0) {
        char *block = file->own_buffer ? pacm_mem_realloc(info->pchBuffer, (size_t)size) : pacm_mem_calloc(1, (size_t)size);
        if (!block)
            return MMIOERR_OUTOFMEMORY;
        info->pchBuffer = block;
        file->own_buffer = true;
        info->dwFlags |= MMIO_ALLOCBUF;
    } else {
        pacm_mmio_file_free_buffer(file);
        info->pchBuffer = buffer;
        info->dwFlags &= ~(DWORD)MMIO_ALLOCBUF;
    }
    info->cchBuffer = size;
    info->pchEndWrite = info->pchBuffer ? info->pchBuffer + size : NULL;
    buffer_reset(file, file->memory ? 0 : position);
    return MMSYSERR_NOERROR;
}

PORTACM_API MMRESULT WINAPI mmioSetBuffer(HMMIO hmmio, LPSTR pchBuffer, LONG cchBuffer, UINT fuBuffer)
{
    mmio_file *file = pacm_mmio_lock(hmmio);
    if (!file)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = set_buffer(file, pchBuffer, cchBuffer);
    pacm_mmio_unlock(hmmio, file);
    return result;
}

/* Passes any message to the file's I/O procedure (Windows documents that the standard
 * messages should not be sent this way; they are passed on unchanged). */
PORTACM_API LRESULT WINAPI mmioSendMessage(HMMIO hmmio, UINT uMsg, LPARAM lParam1, LPARAM lParam2)
{
    mmio_file *file = pacm_mmio_lock(hmmio);
    if (!file)
        return MMSYSERR_INVALHANDLE;
    LRESULT result = pacm_mmio_file_send(file, uMsg, lParam1, lParam2);
    pacm_mmio_unlock(hmmio, file);
    return result;
}
