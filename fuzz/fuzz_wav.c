/*
 * fuzz_wav.c - the RIFF/WAV reading path of mmio on untrusted bytes. The input is the file:
 * it is opened as a memory file (FOURCC_MEM) and read the way a WAV reader does (find the
 * RIFF WAVE form, the fmt chunk, the data chunk; walk every chunk and LIST; read the data in
 * pieces, through mmioRead and through the direct buffer access of mmioGetInfo/mmioAdvance).
 * The first input byte picks the buffering and the piece size, so both the buffered and the
 * unbuffered paths are fuzzed. Any result is fine; memory errors and hangs are not.
 */
#include <stdlib.h>

#include "fuzz_util.h"
#include "windows.h"
#include "mmsystem.h"
#include "mmreg.h"

/* The custom I/O procedure's file: the fuzz input, read in short pieces. */
static const char *proc_data;
static LONG proc_size;
static LONG proc_short; /* largest piece one MMIOM_READ returns (short reads) */

#define FZIO mmioFOURCC('F', 'Z', 'I', 'O')

/* A read-only I/O procedure over proc_data; reads return at most proc_short bytes. */
static LRESULT CALLBACK fuzz_io_proc(LPSTR lpmmioinfo, UINT msg, LPARAM lParam1, LPARAM lParam2)
{
    MMIOINFO *info = (MMIOINFO *)lpmmioinfo;
    switch (msg) {
    case MMIOM_OPEN:
        info->lDiskOffset = 0;
        return MMSYSERR_NOERROR;
    case MMIOM_CLOSE:
        return MMSYSERR_NOERROR;
    case MMIOM_READ: {
        LONG want = (LONG)lParam2;
        if (want < 0 || info->lDiskOffset < 0 || info->lDiskOffset > proc_size)
            return -1;
        LONG left = proc_size - info->lDiskOffset;
        LONG n = want < left ? want : left;
        if (n > proc_short)
            n = proc_short;
        if (n > 0)
            memcpy((char *)lParam1, proc_data + info->lDiskOffset, (size_t)n);
        info->lDiskOffset += n;
        return n;
    }
    case MMIOM_WRITE:
    case MMIOM_WRITEFLUSH:
        return -1;
    case MMIOM_SEEK: {
        long long target = (long long)lParam1;
        if ((int)lParam2 == SEEK_CUR)
            target += info->lDiskOffset;
        else if ((int)lParam2 == SEEK_END)
            target += proc_size;
        else if ((int)lParam2 != SEEK_SET)
            return -1;
        if (target < 0 || target > 0x7FFFFFFFll)
            return -1;
        info->lDiskOffset = (LONG)target;
        return info->lDiskOffset;
    }
    default:
        return 0;
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    mmioInstallIOProcA(FZIO, fuzz_io_proc, MMIO_INSTALLPROC | MMIO_GLOBALPROC);
    return 0;
}

/* Visits the sub-chunks of `parent` (or of the whole file), descending into LISTs, to a
 * bounded depth; reads a few bytes of each. */
static void wav_walk(HMMIO h, MMCKINFO *parent, int depth)
{
    MMCKINFO chunk;
    char scratch[64];
    for (int i = 0; i < 64; i++) {
        memset(&chunk, 0, sizeof chunk);
        if (mmioDescend(h, &chunk, parent, 0) != MMSYSERR_NOERROR)
            return;
        if ((chunk.ckid == FOURCC_LIST || chunk.ckid == FOURCC_RIFF) && depth < 4)
            wav_walk(h, &chunk, depth + 1);
        else
            mmioRead(h, scratch, (LONG)sizeof scratch);
        if (mmioAscend(h, &chunk, 0) != MMSYSERR_NOERROR)
            return;
    }
}

/* Reads the data chunk with the direct buffer access of mmioGetInfo/mmioAdvance. */
static void wav_read_direct(HMMIO h, DWORD length)
{
    MMIOINFO info;
    if (mmioGetInfo(h, &info, 0) != MMSYSERR_NOERROR)
        return;
    volatile unsigned sum = 0;
    for (int rounds = 0; length > 0 && rounds < 4096; rounds++) {
        if (info.pchNext >= info.pchEndRead) {
            if (mmioAdvance(h, &info, MMIO_READ) != MMSYSERR_NOERROR || info.pchNext >= info.pchEndRead)
                break;
        }
        while (info.pchNext < info.pchEndRead && length > 0) {
            sum += (unsigned char)*info.pchNext++;
            length--;
        }
    }
    mmioSetInfo(h, &info, 0);
    (void)sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t mode = data[0];
    data++;
    size--;
    /* The memory file is read-only here, but mmio wants a writable pointer: give it a copy. */
    char *file = malloc(size ? size : 1);
    if (!file)
        return 0;
    if (size)
        memcpy(file, data, size);

    MMIOINFO info;
    memset(&info, 0, sizeof info);
    HMMIO h;
    if (mode & 1) {
        /* Buffered reads through a custom I/O procedure with short reads: exercises the
         * buffer refills, which a memory file (its buffer is the file) never needs. */
        proc_data = file;
        proc_size = (LONG)size;
        proc_short = 1 + (LONG)(mode >> 4) * 37;
        info.fccIOProc = FZIO;
        info.cchBuffer = (LONG)(16 + ((mode >> 2) & 3) * 61);
        h = mmioOpenA((LPSTR) "input.fzio", &info, MMIO_READ | MMIO_ALLOCBUF);
    } else {
        info.fccIOProc = FOURCC_MEM;
        info.pchBuffer = file;
        info.cchBuffer = (LONG)size;
        h = mmioOpenA(NULL, &info, MMIO_READ);
    }
    if (!h) {
        free(file);
        return 0;
    }

    MMCKINFO riff;
    memset(&riff, 0, sizeof riff);
    riff.fccType = mmioFOURCC('W', 'A', 'V', 'E');
    if (mmioDescend(h, &riff, NULL, MMIO_FINDRIFF) == MMSYSERR_NOERROR) {
        LONG data_start = mmioSeek(h, 0, SEEK_CUR);
        MMCKINFO fmt;
        memset(&fmt, 0, sizeof fmt);
        fmt.ckid = mmioFOURCC('f', 'm', 't', ' ');
        if (mmioDescend(h, &fmt, &riff, MMIO_FINDCHUNK) == MMSYSERR_NOERROR) {
            /* A WAV reader reads the whole fmt chunk up to WAVEFORMATEX + cbSize. */
            BYTE format[18 + 256];
            LONG want = fmt.cksize < sizeof format ? (LONG)fmt.cksize : (LONG)sizeof format;
            LONG got = mmioRead(h, (HPSTR)format, want);
            (void)got;
            mmioAscend(h, &fmt, 0);
        }
        mmioSeek(h, data_start, SEEK_SET);
        MMCKINFO chunk;
        memset(&chunk, 0, sizeof chunk);
        chunk.ckid = mmioFOURCC('d', 'a', 't', 'a');
        if (mmioDescend(h, &chunk, &riff, MMIO_FINDCHUNK) == MMSYSERR_NOERROR) {
            if (mode & 2) {
                wav_read_direct(h, chunk.cksize);
            } else {
                char piece[509];
                LONG step = 1 + (LONG)((mode >> 2) & 0x3F) * 8;
                DWORD left = chunk.cksize;
                for (int rounds = 0; left > 0 && rounds < 4096; rounds++) {
                    LONG n = mmioRead(h, piece, step < (LONG)left ? step : (LONG)left);
                    if (n <= 0)
                        break;
                    left -= (DWORD)n;
                }
            }
            mmioAscend(h, &chunk, 0);
        }
        mmioSeek(h, data_start, SEEK_SET);
        wav_walk(h, &riff, 0);
        mmioAscend(h, &riff, 0);
    }
    /* The same bytes as a list of top-level chunks (RIFF, RIFX-like junk, LIST). */
    mmioSeek(h, 0, SEEK_SET);
    wav_walk(h, NULL, 0);
    memset(&riff, 0, sizeof riff);
    riff.fccType = mmioFOURCC('I', 'N', 'F', 'O');
    mmioSeek(h, 0, SEEK_SET);
    if (mmioDescend(h, &riff, NULL, MMIO_FINDLIST) == MMSYSERR_NOERROR)
        mmioAscend(h, &riff, 0);
    mmioClose(h, 0);
    free(file);
    return 0;
}
