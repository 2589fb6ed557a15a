/*
 * mmio_int.h - the private state of an open multimedia file and the helpers shared by the
 * mmio sources (open/close, buffered I/O, RIFF chunks, I/O procedure registry).
 *
 * Positions are kept as 64-bit integers internally so that the portacm_mmio_*64 extension
 * can address files larger than 2 GiB; the LONG fields of MMIOINFO (lBufOffset, lDiskOffset)
 * are 32-bit mirrors kept for Windows programs and I/O procedures.
 */
#ifndef PORTACM_MMIO_INT_H
#define PORTACM_MMIO_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "common_int.h"
#include "mmiscapi.h"

/* One open HMMIO. `info` is the structure the I/O procedure receives; its buffer pointers
 * describe the I/O buffer exactly as mmioGetInfo reports them. */
typedef struct mmio_file {
    MMIOINFO info;
    pthread_mutex_t lock;  /* recursive: an I/O procedure may call back into mmio */
    LPMMIOPROC proc;       /* the I/O procedure chosen at open */
    bool proc_unicode;     /* the procedure takes UTF-16 file names */
    bool own_buffer;       /* pchBuffer was allocated by us (freed at close/SetBuffer) */
    bool memory;           /* the built-in memory-file procedure: the buffer is the file */
    int64_t buf_offset;    /* file offset of pchBuffer[0] (64-bit truth of lBufOffset) */
    int64_t disk_offset;   /* where the I/O procedure stands, -1 when unknown */
} mmio_file;

/* The 32-bit mirror of a 64-bit position for the LONG fields of MMIOINFO: the low 32 bits
 * (it wraps beyond 2 GiB, as a LONG must; the 64-bit extension reads the real value). Computed
 * without signed overflow. */
static inline LONG mmio_long_mirror(int64_t position)
{
    return (LONG)(uint32_t)(uint64_t)position;
}

/* Built-in I/O procedures (installed for FOURCC_DOS and FOURCC_MEM). */
LRESULT CALLBACK pacm_mmio_dos_proc(LPSTR lpmmioinfo, UINT uMsg, LPARAM lParam1, LPARAM lParam2);
LRESULT CALLBACK pacm_mmio_mem_proc(LPSTR lpmmioinfo, UINT uMsg, LPARAM lParam1, LPARAM lParam2);

/* Where a file opened by the built-in DOS procedure stands, as a 64-bit offset (lDiskOffset
 * only holds its low 32 bits); -1 when the descriptor cannot tell. */
int64_t pacm_mmio_dos_position(const MMIOINFO *info);

/* Looks up the procedure visible to the calling thread for `fcc` (this thread's own first,
 * then global ones, then the built-ins). Returns NULL when none; *unicode receives whether it
 * takes UTF-16 names. */
LPMMIOPROC pacm_mmio_find_proc(FOURCC fcc, bool *unicode);

/* The FOURCC of the I/O procedure that a compound file name "file.ext+element" selects
 * (the extension before the last '+', upper-cased), or 0 when the name has no '+' or no
 * extension (a plain DOS file). */
FOURCC pacm_mmio_fourcc_from_name(const char *name);

/* Maps an errno value of a failed open/rename/delete to an MMIOERR_* code. `path` lets ENOENT
 * tell a missing file (MMIOERR_FILENOTFOUND) from a missing directory (MMIOERR_PATHNOTFOUND). */
UINT pacm_mmio_error_from_errno(int error, const char *path);

/* Handle helpers: the object with its lock held, or NULL for a bad handle. */
mmio_file *pacm_mmio_lock(HMMIO hmmio);
void pacm_mmio_unlock(HMMIO hmmio, mmio_file *file);

/* Internal operations on a locked file (they never touch the handle table). */
int64_t pacm_mmio_file_tell(const mmio_file *file);
int64_t pacm_mmio_file_seek(mmio_file *file, int64_t offset, int origin);
int64_t pacm_mmio_file_size(mmio_file *file);
LONG pacm_mmio_file_read(mmio_file *file, char *dst, LONG count);
LONG pacm_mmio_file_write(mmio_file *file, const char *src, LONG count);
MMRESULT pacm_mmio_file_flush(mmio_file *file, UINT flags);
/* Sends a message to the file's I/O procedure. */
LRESULT pacm_mmio_file_send(mmio_file *file, UINT msg, LPARAM lParam1, LPARAM lParam2);
/* Releases an internally allocated buffer. */
void pacm_mmio_file_free_buffer(mmio_file *file);

#endif /* PORTACM_MMIO_INT_H */
