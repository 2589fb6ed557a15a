/*
 * test_fault_io.c - I/O failures reach the caller as clean mmio errors: short reads and read
 * errors from an I/O procedure, a disk that fills up (ENOSPC from /dev/full, and an I/O
 * procedure that stops accepting bytes at a chosen offset), a file that shrinks while it is
 * read, and a truncated RIFF. No call crashes, loops, or reports success for data it lost:
 * when bytes could not be written, at least one of mmioWrite/mmioFlush/mmioAscend/mmioClose
 * says so, and a read never reports more bytes than the file gave.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "windows.h"
#include "mmsystem.h"
#include "ts_formats.h"

/* ---- a faulty I/O procedure over an in-memory file ----------------------------------------- */

#define FAULT_FCC mmioFOURCC('F', 'L', 'T', 'Y')
#define FAULT_CAPACITY 65536

typedef struct faulty_file {
    BYTE data[FAULT_CAPACITY];
    LONG size;         /* bytes in the file */
    LONG read_piece;   /* a read returns at most this many bytes (short reads) */
    LONG fail_read_at; /* a read that reaches this offset fails (-1); 0 = never */
    LONG disk_full_at; /* writes beyond this offset fail (ENOSPC); 0 = never */
    int write_calls, read_calls;
} faulty_file;

static faulty_file faulty;

static LRESULT CALLBACK faulty_proc(LPSTR lpmmioinfo, UINT msg, LPARAM lParam1, LPARAM lParam2)
{
    MMIOINFO *info = (MMIOINFO *)lpmmioinfo;
    switch (msg) {
    case MMIOM_OPEN:
        info->lDiskOffset = 0;
        if (info->dwFlags & MMIO_CREATE)
            faulty.size = 0;
        return MMSYSERR_NOERROR;
    case MMIOM_CLOSE:
        return MMSYSERR_NOERROR;
    case MMIOM_READ: {
        faulty.read_calls++;
        LONG want = (LONG)lParam2;
        if (faulty.fail_read_at && info->lDiskOffset + want > faulty.fail_read_at)
            return -1;
        LONG left = faulty.size - info->lDiskOffset;
        LONG n = want < left ? want : left;
        if (n > faulty.read_piece)
            n = faulty.read_piece;
        if (n <= 0)
            return 0;
        memcpy((char *)lParam1, faulty.data + info->lDiskOffset, (size_t)n);
        info->lDiskOffset += n;
        return n;
    }
    case MMIOM_WRITE:
    case MMIOM_WRITEFLUSH: {
        faulty.write_calls++;
        LONG want = (LONG)lParam2;
        LONG room = (faulty.disk_full_at ? faulty.disk_full_at : FAULT_CAPACITY) - info->lDiskOffset;
        if (room <= 0)
            return -1; /* ENOSPC */
        LONG n = want < room ? want : room; /* a short write, as write(2) gives when the disk fills */
        memcpy(faulty.data + info->lDiskOffset, (const char *)lParam1, (size_t)n);
        info->lDiskOffset += n;
        if (info->lDiskOffset > faulty.size)
            faulty.size = info->lDiskOffset;
        return n;
    }
    case MMIOM_SEEK: {
        LONG base = (int)lParam2 == SEEK_SET ? 0 : (int)lParam2 == SEEK_CUR ? info->lDiskOffset : faulty.size;
        LONG target = base + (LONG)lParam1;
        if (target < 0 || target > FAULT_CAPACITY)
            return -1;
        info->lDiskOffset = target;
        return target;
    }
    default:
        return 0;
    }
}

/* A small valid WAV image: RIFF WAVE, fmt (PCM 8 kHz mono 16-bit), data of `data_bytes`. */
static LONG make_wav(BYTE *out, LONG data_bytes)
{
    LONG at = 0;
    memcpy(out, "RIFF", 4);
    LONG riff_size = 4 + 8 + 16 + 8 + data_bytes;
    memcpy(out + 4, &riff_size, 4);
    memcpy(out + 8, "WAVEfmt ", 8);
    DWORD sixteen = 16;
    memcpy(out + 16, &sixteen, 4);
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 1, 8000, 16);
    memcpy(out + 20, &pcm, 16); /* the PCMWAVEFORMAT part */
    memcpy(out + 36, "data", 4);
    memcpy(out + 40, &data_bytes, 4);
    at = 44;
    for (LONG i = 0; i < data_bytes; i++)
        out[at + i] = (BYTE)(i * 7);
    return at + data_bytes;
}

static int install(void **state)
{
    (void)state;
    memset(&faulty, 0, sizeof faulty);
    faulty.read_piece = FAULT_CAPACITY;
    assert_non_null(mmioInstallIOProcA(FAULT_FCC, faulty_proc, MMIO_INSTALLPROC));
    return 0;
}

static int uninstall(void **state)
{
    (void)state;
    mmioInstallIOProcA(FAULT_FCC, NULL, MMIO_REMOVEPROC);
    return 0;
}

static HMMIO open_faulty(DWORD flags)
{
    MMIOINFO info;
    memset(&info, 0, sizeof info);
    info.fccIOProc = FAULT_FCC;
    return mmioOpenA((LPSTR) "faulty", &info, flags);
}

/* Reads the data chunk of the faulty file; returns the bytes read and checks every one. */
static LONG read_data_chunk(HMMIO h, MMRESULT *descend_result)
{
    MMCKINFO riff = {0}, chunk = {0};
    riff.fccType = mmioFOURCC('W', 'A', 'V', 'E');
    *descend_result = mmioDescend(h, &riff, NULL, MMIO_FINDRIFF);
    if (*descend_result != MMSYSERR_NOERROR)
        return -2;
    chunk.ckid = mmioFOURCC('d', 'a', 't', 'a');
    *descend_result = mmioDescend(h, &chunk, &riff, MMIO_FINDCHUNK);
    if (*descend_result != MMSYSERR_NOERROR)
        return -2;
    LONG total = 0;
    BYTE buffer[333];
    for (int guard = 0; guard < 100000; guard++) {
        LONG n = mmioRead(h, (HPSTR)buffer, sizeof buffer);
        if (n <= 0)
            return n < 0 && total == 0 ? -1 : total;
        for (LONG i = 0; i < n; i++)
            assert_int_equal(buffer[i], (BYTE)((total + i) * 7));
        total += n;
    }
    fail_msg("mmioRead never reached the end");
    return total;
}

/* ---- reads ------------------------------------------------------------------------------ */

static void short_reads_deliver_everything(void **state)
{
    (void)state;
    faulty.size = make_wav(faulty.data, 5000);
    for (LONG piece = 1; piece <= 64; piece = piece * 3 + 1) {
        faulty.read_piece = piece;
        for (int buffered = 0; buffered < 2; buffered++) {
            HMMIO h = open_faulty(MMIO_READ | (buffered ? MMIO_ALLOCBUF : 0));
            assert_non_null(h);
            MMRESULT mr;
            LONG got = read_data_chunk(h, &mr);
            if (!buffered) {
                /* Unbuffered, mmioRead passes one MMIOM_READ's answer on, as Windows does: a
                 * short read of a chunk header is a clean CHUNKNOTFOUND, data stays correct. */
                assert_true(mr == MMSYSERR_NOERROR || mr == MMIOERR_CHUNKNOTFOUND);
                assert_true(got == -2 || (got >= 0 && got <= 5000));
                assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
                continue;
            }
            /* Buffered, a short read is not an error: every byte arrives. */
            if (mr != MMSYSERR_NOERROR || got != 5000)
                print_error("buffered, pieces of %ld: descend %u, %ld bytes\n", (long)piece, (unsigned)mr, (long)got);
            assert_int_equal(mr, MMSYSERR_NOERROR);
            assert_int_equal(got, 5000);
            assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
        }
    }
}

static void read_error_is_reported(void **state)
{
    (void)state;
    faulty.size = make_wav(faulty.data, 5000);
    faulty.read_piece = FAULT_CAPACITY;
    for (LONG fail_at = 8; fail_at < 5044; fail_at += 397) {
        faulty.fail_read_at = fail_at;
        for (int buffered = 0; buffered < 2; buffered++) {
            HMMIO h = open_faulty(MMIO_READ | (buffered ? MMIO_ALLOCBUF : 0));
            assert_non_null(h);
            MMRESULT mr;
            LONG got = read_data_chunk(h, &mr);
            /* Either the header could not be read (a clean mmio error), or the data stops
             * early: never all 5000 bytes, never more than were there. */
            if (got == -2)
                assert_true(mr == MMIOERR_CANNOTREAD || mr == MMIOERR_CHUNKNOTFOUND);
            else
                assert_true(got < 5000);
            mmioClose(h, 0);
        }
    }
    faulty.fail_read_at = 0;
}

static void truncated_riff_is_clean(void **state)
{
    (void)state;
    BYTE full[6000];
    LONG size = make_wav(full, 5000);
    for (LONG cut = 0; cut < size; cut += (cut < 64 ? 1 : 491)) {
        memcpy(faulty.data, full, (size_t)cut);
        faulty.size = cut;
        HMMIO h = open_faulty(MMIO_READ | MMIO_ALLOCBUF);
        assert_non_null(h);
        MMRESULT mr;
        LONG got = read_data_chunk(h, &mr);
        if (got == -2)
            assert_true(mr == MMIOERR_CHUNKNOTFOUND || mr == MMIOERR_CANNOTREAD);
        else
            assert_true(got <= cut - 44 && got >= 0);
        mmioClose(h, 0);
    }
}

/* A real file that another process truncates while we read it. */
static void file_shrinks_while_read(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof path, "%s/fault-io-shrink-%ld.wav", PORTACM_TEST_BINARY_DIR, (long)getpid());
    static BYTE image[44 + 40000];
    LONG size = make_wav(image, 40000);
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(image, 1, (size_t)size, file), (size_t)size);
    fclose(file);
    for (int buffered = 0; buffered < 2; buffered++) {
        HMMIO h = mmioOpenA(path, NULL, MMIO_READ | (buffered ? MMIO_ALLOCBUF : 0));
        assert_non_null(h);
        MMCKINFO riff = {0}, chunk = {0};
        riff.fccType = mmioFOURCC('W', 'A', 'V', 'E');
        assert_int_equal(mmioDescend(h, &riff, NULL, MMIO_FINDRIFF), MMSYSERR_NOERROR);
        chunk.ckid = mmioFOURCC('d', 'a', 't', 'a');
        assert_int_equal(mmioDescend(h, &chunk, &riff, MMIO_FINDCHUNK), MMSYSERR_NOERROR);
        assert_int_equal(chunk.cksize, 40000);
        BYTE buffer[1000];
        assert_int_equal(mmioRead(h, (HPSTR)buffer, sizeof buffer), (LONG)sizeof buffer);
        /* The file shrinks to 3000 bytes under us. */
        assert_int_equal(truncate(path, 3000), 0);
        LONG total = 1000;
        for (int guard = 0; guard < 1000; guard++) {
            LONG n = mmioRead(h, (HPSTR)buffer, sizeof buffer);
            if (n <= 0)
                break;
            for (LONG i = 0; i < n; i++)
                assert_int_equal(buffer[i], (BYTE)((total + i) * 7));
            total += n;
        }
        /* What was read is what the file had (a buffered reader may hold up to one buffer of
         * bytes read before the truncation): never garbage, never the whole chunk. */
        print_message("%s read: %ld of 40000 bytes after the file shrank to 3000\n",
                      buffered ? "buffered" : "unbuffered", (long)total);
        assert_true(total < 40000);
        /* Leaving the chunk seeks past the new end: any clean answer, and close works. */
        MMRESULT ascend = mmioAscend(h, &chunk, 0);
        assert_true(ascend == MMSYSERR_NOERROR || ascend == MMIOERR_CANNOTSEEK || ascend == MMIOERR_CANNOTREAD);
        assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
        file = fopen(path, "wb");
        assert_non_null(file);
        assert_int_equal(fwrite(image, 1, (size_t)size, file), (size_t)size);
        fclose(file);
    }
    unlink(path);
}

/* ---- writes ----------------------------------------------------------------------------- */

/* Writes a WAV with `data_bytes` of data; returns true if every step reported success. */
static bool write_wav(HMMIO h, LONG data_bytes, MMRESULT *first_error)
{
    *first_error = MMSYSERR_NOERROR;
    MMCKINFO riff = {0}, chunk = {0};
    riff.fccType = mmioFOURCC('W', 'A', 'V', 'E');
    MMRESULT mr = mmioCreateChunk(h, &riff, MMIO_CREATERIFF);
    chunk.ckid = mmioFOURCC('f', 'm', 't', ' ');
    if (mr == MMSYSERR_NOERROR)
        mr = mmioCreateChunk(h, &chunk, 0);
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 1, 8000, 16);
    if (mr == MMSYSERR_NOERROR && mmioWrite(h, (const char *)&pcm, 16) != 16) /* the PCMWAVEFORMAT part */
        mr = MMIOERR_CANNOTWRITE;
    if (mr == MMSYSERR_NOERROR)
        mr = mmioAscend(h, &chunk, 0);
    chunk.ckid = mmioFOURCC('d', 'a', 't', 'a');
    if (mr == MMSYSERR_NOERROR)
        mr = mmioCreateChunk(h, &chunk, 0);
    static BYTE data[4096];
    for (LONG left = data_bytes; mr == MMSYSERR_NOERROR && left > 0;) {
        LONG n = left < (LONG)sizeof data ? left : (LONG)sizeof data;
        LONG wrote = mmioWrite(h, (const char *)data, n);
        if (wrote != n)
            mr = MMIOERR_CANNOTWRITE;
        left -= n;
    }
    if (mr == MMSYSERR_NOERROR)
        mr = mmioAscend(h, &chunk, 0);
    if (mr == MMSYSERR_NOERROR)
        mr = mmioAscend(h, &riff, 0);
    if (mr == MMSYSERR_NOERROR)
        mr = mmioFlush(h, 0);
    MMRESULT closed = mmioClose(h, 0);
    if (mr == MMSYSERR_NOERROR)
        mr = closed;
    *first_error = mr;
    return mr == MMSYSERR_NOERROR;
}

static void disk_full_is_reported(void **state)
{
    (void)state;
    const LONG complete = 12 + 8 + 16 + 8 + 20000;
    for (LONG full_at = 4; full_at < complete + 100; full_at += (full_at < 60 ? 7 : 2999)) {
        for (int buffered = 0; buffered < 2; buffered++) {
            faulty.disk_full_at = full_at;
            HMMIO h = open_faulty(MMIO_CREATE | MMIO_WRITE | (buffered ? MMIO_ALLOCBUF : 0));
            assert_non_null(h);
            MMRESULT mr;
            bool ok = write_wav(h, 20000, &mr);
            if (full_at < complete) {
                /* Bytes were lost: some call must have said so, with an mmio error. */
                if (ok)
                    print_error("disk full at %ld (%s): every call succeeded\n", (long)full_at,
                                buffered ? "buffered" : "unbuffered");
                assert_false(ok);
                assert_true(mr == MMIOERR_CANNOTWRITE || mr == MMIOERR_CANNOTSEEK ||
                            mr == MMIOERR_CANNOTEXPAND);
            } else {
                assert_true(ok);
                assert_int_equal(faulty.size, complete);
            }
        }
    }
    faulty.disk_full_at = 0;
}

static void dev_full_is_reported(void **state)
{
    (void)state;
    if (access("/dev/full", W_OK) != 0) {
        print_message("skipped: /dev/full is not available here\n");
        skip();
    }
    for (int buffered = 0; buffered < 2; buffered++) {
        HMMIO h = mmioOpenA((LPSTR) "/dev/full", NULL, MMIO_WRITE | (buffered ? MMIO_ALLOCBUF : 0));
        assert_non_null(h);
        MMRESULT mr;
        /* /dev/full also cannot seek back to patch sizes; every path ends in an error. */
        assert_false(write_wav(h, 10000, &mr));
        print_message("/dev/full (%s): first error %u\n", buffered ? "buffered" : "unbuffered", (unsigned)mr);
        assert_true(mr >= MMIOERR_BASE && mr <= MMIOERR_INVALIDFILE);
    }
    /* A plain buffered write: mmioWrite may accept the bytes, but flush and close must not. */
    HMMIO h = mmioOpenA((LPSTR) "/dev/full", NULL, MMIO_WRITE | MMIO_ALLOCBUF);
    assert_non_null(h);
    char bytes[100] = {0};
    LONG wrote = mmioWrite(h, bytes, sizeof bytes);
    MMRESULT flushed = mmioFlush(h, 0);
    MMRESULT closed = mmioClose(h, 0);
    assert_true(wrote == -1 || flushed != MMSYSERR_NOERROR || closed != MMSYSERR_NOERROR);
    assert_true(wrote == -1 || flushed == MMIOERR_CANNOTWRITE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(short_reads_deliver_everything),
        cmocka_unit_test(read_error_is_reported),
        cmocka_unit_test(truncated_riff_is_clean),
        cmocka_unit_test(file_shrinks_while_read),
        cmocka_unit_test(disk_full_is_reported),
        cmocka_unit_test(dev_full_is_reported),
    };
    return cmocka_run_group_tests(tests, install, uninstall);
}
