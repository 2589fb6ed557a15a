/*
 * test_mmio.c - mmio file I/O and RIFF chunks: round trips through real files (checked byte by
 * byte with stdio), the buffer states Windows reports, memory files, direct buffer access,
 * mmioSetBuffer, seek semantics, hostile chunk trees, bad handles and the 64-bit extension.
 *
 * Expected values come from the RIFF layout rules (computed by hand in each test) or from
 * Windows' observed behaviour as recorded by Wine's conformance tests, which are run against
 * real Windows (dlls/winmm/tests/mmio.c); such facts are marked "Windows:".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common_int.h"
#include "mmiscapi.h"
#include "ts_files.h"

#define FCC(s) mmioFOURCC((s)[0], (s)[1], (s)[2], (s)[3])

static HMMIO open_file(const char *path, DWORD flags)
{
    return mmioOpenA((LPSTR)path, NULL, flags);
}

/* Creates a chunk, writes `size` bytes of `fill` and ascends. */
static void put_chunk(HMMIO h, const char *id, const void *data, LONG size)
{
    MMCKINFO ck;
    memset(&ck, 0, sizeof(ck));
    ck.ckid = FCC(id);
    assert_int_equal(mmioCreateChunk(h, &ck, 0), MMSYSERR_NOERROR);
    assert_int_equal(ck.dwFlags, MMIO_DIRTY);
    assert_int_equal(mmioWrite(h, data, size), size);
    assert_int_equal(mmioAscend(h, &ck, 0), MMSYSERR_NOERROR);
    assert_int_equal(ck.cksize, (DWORD)size);
}

/* Writes RIFF WAVE { fmt (16) LIST INFO { ISFT "abc" } data (7 bytes) } with every size left
 * at 0 for mmioAscend to correct, then checks the bytes on disk against the hand-computed
 * layout: 0 RIFF, 12 fmt, 36 LIST, 48 ISFT (pad at 59), 60 data (pad at 75), 76 end. */
static void write_wave(const char *path, MMIOINFO *setup, DWORD flags)
{
    static const char fmt[16] = {1, 0, 1, 0, 0x44, 0xAC, 0, 0, 0x88, 0x58, 1, 0, 2, 0, 16, 0};
    DWORD mode = (flags & MMIO_RWMODE) ? (flags & MMIO_RWMODE) : MMIO_READWRITE;
    HMMIO h = mmioOpenA((LPSTR)path, setup, MMIO_CREATE | mode | (flags & ~(DWORD)MMIO_RWMODE));
    assert_non_null(h);
    MMCKINFO riff, list;
    memset(&riff, 0, sizeof(riff));
    memset(&list, 0, sizeof(list));
    riff.fccType = FCC("WAVE");
    assert_int_equal(mmioCreateChunk(h, &riff, MMIO_CREATERIFF), MMSYSERR_NOERROR);
    assert_int_equal(riff.ckid, FOURCC_RIFF);
    assert_int_equal(riff.dwDataOffset, 8);
    put_chunk(h, "fmt ", fmt, 16);
    list.fccType = FCC("INFO");
    assert_int_equal(mmioCreateChunk(h, &list, MMIO_CREATELIST), MMSYSERR_NOERROR);
    assert_int_equal(list.dwDataOffset, 44);
    put_chunk(h, "ISFT", "abc", 3);
    assert_int_equal(mmioAscend(h, &list, 0), MMSYSERR_NOERROR);
    put_chunk(h, "data", "1234567", 7);
    assert_int_equal(mmioAscend(h, &riff, 0), MMSYSERR_NOERROR);
    assert_int_equal(riff.cksize, 68);
    assert_int_equal(mmioSeek(h, 0, SEEK_CUR), 76);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);

    size_t size;
    unsigned char *bytes = ts_read_file(path, &size);
    assert_non_null(bytes);
    assert_int_equal(size, 76);
    assert_memory_equal(bytes, "RIFF", 4);
    assert_int_equal(ts_le32(bytes + 4), 68);
    assert_memory_equal(bytes + 8, "WAVEfmt ", 8);
    assert_int_equal(ts_le32(bytes + 16), 16);
    assert_memory_equal(bytes + 20, fmt, 16);
    assert_memory_equal(bytes + 36, "LIST", 4);
    assert_int_equal(ts_le32(bytes + 40), 16);
    assert_memory_equal(bytes + 44, "INFOISFT", 8);
    assert_int_equal(ts_le32(bytes + 52), 3);
    assert_memory_equal(bytes + 56, "abc\0", 4);
    assert_memory_equal(bytes + 60, "data", 4);
    assert_int_equal(ts_le32(bytes + 64), 7);
    assert_memory_equal(bytes + 68, "1234567\0", 8);
    free(bytes);
}

/* Reads the file of write_wave back with every kind of search. */
static void read_wave(const char *path)
{
    HMMIO h = open_file(path, MMIO_READ | MMIO_ALLOCBUF);
    assert_non_null(h);
    MMCKINFO riff, list, ck;
    memset(&riff, 0, sizeof(riff));
    riff.fccType = FCC("WAVE");
    assert_int_equal(mmioDescend(h, &riff, NULL, MMIO_FINDRIFF), MMSYSERR_NOERROR);
    assert_int_equal(riff.ckid, FOURCC_RIFF);
    assert_int_equal(riff.cksize, 68);
    assert_int_equal(riff.dwDataOffset, 8);
    assert_int_equal(riff.dwFlags, 0);
    assert_int_equal(mmioSeek(h, 0, SEEK_CUR), 12);

    ck.ckid = FCC("data");
    assert_int_equal(mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK), MMSYSERR_NOERROR);
    assert_int_equal(ck.cksize, 7);
    assert_int_equal(ck.dwDataOffset, 68);
    assert_int_equal(ck.fccType, 0);
    char data[8];
    assert_int_equal(mmioRead(h, data, 7), 7);
    assert_memory_equal(data, "1234567", 7);
    assert_int_equal(mmioAscend(h, &ck, 0), MMSYSERR_NOERROR);
    assert_int_equal(mmioSeek(h, 0, SEEK_CUR), 76); /* past the pad byte */

    assert_int_equal(mmioSeek(h, (LONG)riff.dwDataOffset + 4, SEEK_SET), 12);
    list.fccType = FCC("INFO");
    assert_int_equal(mmioDescend(h, &list, &riff, MMIO_FINDLIST), MMSYSERR_NOERROR);
    assert_int_equal(list.dwDataOffset, 44);
    assert_int_equal(list.cksize, 16);
    ck.ckid = FCC("ISFT");
    assert_int_equal(mmioDescend(h, &ck, &list, MMIO_FINDCHUNK), MMSYSERR_NOERROR);
    assert_int_equal(ck.cksize, 3);
    assert_int_equal(mmioRead(h, data, 3), 3);
    assert_memory_equal(data, "abc", 3);
    assert_int_equal(mmioAscend(h, &ck, 0), MMSYSERR_NOERROR);
    /* The search stays inside its parent: "data" exists, but not inside LIST INFO. */
    ck.ckid = FCC("data");
    assert_int_equal(mmioDescend(h, &ck, &list, MMIO_FINDCHUNK), MMIOERR_CHUNKNOTFOUND);
    /* The "fmt " chunk lies before the current position: a search only goes forward. */
    assert_int_equal(mmioSeek(h, 60, SEEK_SET), 60);
    ck.ckid = FCC("fmt ");
    assert_int_equal(mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK), MMIOERR_CHUNKNOTFOUND);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
}

static void riff_round_trip(void **state)
{
    const char *path = ts_scratch_path("round.wav");
    write_wave(path, NULL, 0);
    read_wave(path);
    write_wave(path, NULL, MMIO_ALLOCBUF);
    read_wave(path);
    /* A 7-byte buffer makes every chunk cross buffer boundaries. */
    MMIOINFO setup;
    memset(&setup, 0, sizeof(setup));
    setup.cchBuffer = 7;
    write_wave(path, &setup, 0);
    read_wave(path);
    /* Write-only files: the size fix-ups never need to read. */
    write_wave(path, NULL, MMIO_WRITE);
    read_wave(path);
    memset(&setup, 0, sizeof(setup));
    setup.cchBuffer = 7;
    write_wave(path, &setup, MMIO_WRITE);
    read_wave(path);
    char tiny[3];
    memset(&setup, 0, sizeof(setup));
    setup.pchBuffer = tiny;
    setup.cchBuffer = sizeof(tiny);
    write_wave(path, &setup, 0);
    read_wave(path);
}

/* Windows: this exact sequence of calls (a buffered file written partly with mmioWrite and
 * partly through the buffer with mmioAdvance, then mmioSetInfo and two ascends) produces these
 * 48 bytes, with lBufOffset 36 and then 44 after the advances (Wine's test_riff_write). */
static void windows_write_sequence(void **state)
{
    static const unsigned char expected[48] = {
        'R', 'I', 'F', 'F', 0x28, 0, 0, 0, 'W', 'A', 'V', 'E', 'd', 'a', 't', 'a',
        0x1b, 0, 0, 0, 0xde, 0xde, 0xde, 0xde, 0xde, 0xde, 0xde, 0xde, 0xef, 0xef, 0xef, 0xef,
        0xef, 0xef, 0xef, 0xef, 0xba, 0xba, 0xba, 0xba, 0xba, 0xba, 0xba, 0xba, 0xef, 0xef, 0xef, 0};
    const char *path = ts_scratch_path("sequence.wav");
    HMMIO h = open_file(path, MMIO_ALLOCBUF | MMIO_CREATE | MMIO_READWRITE);
    assert_non_null(h);
    MMCKINFO ck[2];
    memset(ck, 0, sizeof(ck));
    ck[0].fccType = FCC("WAVE");
    assert_int_equal(mmioCreateChunk(h, &ck[0], MMIO_CREATERIFF), MMSYSERR_NOERROR);
    assert_int_equal(ck[0].cksize, 0);
    assert_int_equal(ck[0].dwDataOffset, 8);
    assert_int_equal(ck[0].dwFlags, MMIO_DIRTY);
    ck[1].ckid = FCC("data");
    assert_int_equal(mmioCreateChunk(h, &ck[1], 0), MMSYSERR_NOERROR);
    assert_int_equal(ck[1].dwDataOffset, 20);
    char buf[8];
    memset(buf, 0xde, sizeof(buf));
    assert_int_equal(mmioWrite(h, buf, 8), 8);
    MMIOINFO info;
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    memset(info.pchNext, 0xef, 8);
    info.pchNext += 8;
    assert_int_equal(mmioAdvance(h, &info, MMIO_WRITE), MMSYSERR_NOERROR);
    assert_int_equal(info.lBufOffset, 36);
    info.dwFlags |= MMIO_DIRTY;
    memset(info.pchNext, 0xba, 8);
    info.pchNext += 8;
    assert_int_equal(mmioAdvance(h, &info, MMIO_WRITE), MMSYSERR_NOERROR);
    assert_int_equal(info.lBufOffset, 44);
    info.dwFlags |= MMIO_DIRTY;
    memset(info.pchNext, 0xef, 3);
    info.pchNext += 3;
    assert_int_equal(mmioSetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_int_equal(mmioAscend(h, &ck[1], 0), MMSYSERR_NOERROR);
    assert_int_equal(mmioAscend(h, &ck[0], 0), MMSYSERR_NOERROR);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    size_t size;
    unsigned char *bytes = ts_read_file(path, &size);
    assert_int_equal(size, sizeof(expected));
    assert_memory_equal(bytes, expected, sizeof(expected));
    free(bytes);
}

/* An AVI-like tree in memory: RIFF 'AVI ' { LIST hdrl { avih(8) } LIST movi { 00dc(2) } JUNK(3) }
 * followed by 8 zero bytes (a zero chunk) outside the RIFF. Offsets: RIFF 0, hdrl 12, avih 24,
 * movi 40, 00dc 52, JUNK 62, end 74 (JUNK padded), trailing chunk at 74. */
static size_t build_avi(unsigned char *out)
{
    size_t n = 0;
#define PUT4(s) (memcpy(out + n, s, 4), n += 4)
#define PUTN(v) (ts_put_le32(out + n, v), n += 4)
    PUT4("RIFF"); PUTN(66); PUT4("AVI ");
    PUT4("LIST"); PUTN(20); PUT4("hdrl"); PUT4("avih"); PUTN(8); memset(out + n, 0x11, 8); n += 8;
    PUT4("LIST"); PUTN(14); PUT4("movi"); PUT4("00dc"); PUTN(2); out[n++] = 1; out[n++] = 2;
    PUT4("JUNK"); PUTN(3); out[n++] = 'x'; out[n++] = 'y'; out[n++] = 'z'; out[n++] = 0;
    memset(out + n, 0, 8); n += 8;
#undef PUT4
#undef PUTN
    return n;
}

static HMMIO open_memory(void *buffer, LONG size, DWORD flags)
{
    MMIOINFO info;
    memset(&info, 0, sizeof(info));
    info.fccIOProc = FOURCC_MEM;
    info.pchBuffer = buffer;
    info.cchBuffer = size;
    return mmioOpenA(NULL, &info, flags);
}

static void descend_search_rules(void **state)
{
    unsigned char avi[128];
    size_t size = build_avi(avi);
    assert_int_equal(size, 82);
    HMMIO h = open_memory(avi, (LONG)size, MMIO_READ);
    assert_non_null(h);
    MMCKINFO riff, ck, list;

    /* No flag: the chunk at the current position. */
    memset(&riff, 0x66, sizeof(riff));
    assert_int_equal(mmioDescend(h, &riff, NULL, 0), MMSYSERR_NOERROR);
    assert_int_equal(riff.ckid, FOURCC_RIFF);
    assert_int_equal(riff.fccType, FCC("AVI "));
    assert_int_equal(riff.cksize, 66);
    assert_int_equal(riff.dwDataOffset, 8);
    assert_int_equal(riff.dwFlags, 0);
    assert_int_equal(mmioSeek(h, 0, SEEK_CUR), 12);
    memset(&ck, 0x66, sizeof(ck));
    assert_int_equal(mmioDescend(h, &ck, &riff, 0), MMSYSERR_NOERROR);
    assert_int_equal(ck.ckid, FOURCC_LIST);
    assert_int_equal(ck.fccType, FCC("hdrl"));
    assert_int_equal(ck.dwDataOffset, 20);
    assert_int_equal(mmioSeek(h, 0, SEEK_CUR), 24);
    assert_int_equal(mmioDescend(h, &ck, NULL, 0), MMSYSERR_NOERROR);
    assert_int_equal(ck.ckid, FCC("avih"));
    assert_int_equal(ck.fccType, 0); /* not a RIFF/LIST chunk */
    assert_int_equal(mmioSeek(h, 0, SEEK_CUR), 32);

    /* Windows: FINDRIFF with fccType 0 matches any form; a wrong form type is not found. */
    mmioSeek(h, 0, SEEK_SET);
    memset(&ck, 0x66, sizeof(ck));
    ck.fccType = 0;
    assert_int_equal(mmioDescend(h, &ck, NULL, MMIO_FINDRIFF), MMSYSERR_NOERROR);
    assert_int_equal(ck.fccType, FCC("AVI "));
    mmioSeek(h, 0, SEEK_SET);
    memset(&ck, 0x66, sizeof(ck));
    assert_int_equal(mmioDescend(h, &ck, NULL, MMIO_FINDRIFF), MMIOERR_CHUNKNOTFOUND);
    /* Windows: a failed search leaves the last header it read in the structure. */
    assert_true(ck.ckid != 0x66666666u);
    assert_true(ck.dwDataOffset != 0x66666666u);

    /* Windows: FINDCHUNK with ckid 0 takes the first chunk and ignores fccType. */
    mmioSeek(h, 0, SEEK_SET);
    memset(&ck, 0x66, sizeof(ck));
    ck.ckid = 0;
    ck.fccType = FCC("hdrl");
    assert_int_equal(mmioDescend(h, &ck, NULL, MMIO_FINDCHUNK), MMSYSERR_NOERROR);
    assert_int_equal(ck.ckid, FOURCC_RIFF);

    /* FINDLIST from inside the RIFF skips hdrl whole (its avih is not visited) to find movi. */
    assert_int_equal(mmioSeek(h, 12, SEEK_SET), 12);
    list.fccType = FCC("movi");
    assert_int_equal(mmioDescend(h, &list, &riff, MMIO_FINDLIST), MMSYSERR_NOERROR);
    assert_int_equal(list.dwDataOffset, 48);
    assert_int_equal(list.cksize, 14);
    ck.ckid = FCC("00dc");
    assert_int_equal(mmioDescend(h, &ck, &list, MMIO_FINDCHUNK), MMSYSERR_NOERROR);
    assert_int_equal(ck.dwDataOffset, 60);
    assert_int_equal(mmioAscend(h, &ck, 0), MMSYSERR_NOERROR);
    assert_int_equal(mmioAscend(h, &list, 0), MMSYSERR_NOERROR);
    assert_int_equal(mmioSeek(h, 0, SEEK_CUR), 62);
    /* JUNK has an odd size; ascending goes past its pad byte. */
    assert_int_equal(mmioDescend(h, &ck, &riff, 0), MMSYSERR_NOERROR);
    assert_int_equal(ck.ckid, FCC("JUNK"));
    assert_int_equal(mmioAscend(h, &ck, 0), MMSYSERR_NOERROR);
    assert_int_equal(mmioSeek(h, 0, SEEK_CUR), 74);
    /* At the end of the parent nothing more is found. */
    assert_int_equal(mmioDescend(h, &ck, &riff, 0), MMIOERR_CHUNKNOTFOUND);

    /* Parent-limited: inside hdrl, '00dc' (which exists in movi) is not found, and a position
     * outside the parent is refused. */
    assert_int_equal(mmioSeek(h, 24, SEEK_SET), 24);
    MMCKINFO hdrl = {FOURCC_LIST, 20, FCC("hdrl"), 20, 0};
    ck.ckid = FCC("00dc");
    assert_int_equal(mmioDescend(h, &ck, &hdrl, MMIO_FINDCHUNK), MMIOERR_CHUNKNOTFOUND);
    assert_int_equal(mmioSeek(h, 0, SEEK_CUR), 24); /* restored after a failed search */
    assert_int_equal(mmioSeek(h, 60, SEEK_SET), 60);
    assert_int_equal(mmioDescend(h, &ck, &hdrl, 0), MMIOERR_CHUNKNOTFOUND);
    /* Without a parent the search runs to the end of the file (the zero chunk at 74). */
    mmioSeek(h, 0, SEEK_SET);
    ck.ckid = FCC("00dc");
    assert_int_equal(mmioDescend(h, &ck, NULL, MMIO_FINDCHUNK), MMIOERR_CHUNKNOTFOUND);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
}

/* Windows: what mmioGetInfo reports right after mmioOpen for each way of giving a buffer. */
static void check_open_state(const char *path, FOURCC fcc, LPSTR buffer, LONG size, DWORD flags, DWORD want_flags,
                             LONG want_size, bool want_own)
{
    MMIOINFO info;
    memset(&info, 0, sizeof(info));
    info.fccIOProc = fcc;
    info.pchBuffer = buffer;
    info.cchBuffer = size;
    HMMIO h = mmioOpenA((LPSTR)path, &info, flags);
    assert_non_null(h);
    memset(&info, 0x55, sizeof(info));
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_int_equal(info.dwFlags, want_flags);
    assert_int_equal(info.wErrorRet, 0);
    assert_int_equal(info.fccIOProc, fcc);
    assert_int_equal(info.cchBuffer, want_size);
    if (want_own)
        assert_true(info.pchBuffer != NULL && info.pchBuffer != buffer);
    else
        assert_ptr_equal(info.pchBuffer, buffer);
    assert_ptr_equal(info.pchNext, info.pchBuffer);
    HPSTR end = info.pchBuffer ? info.pchBuffer + want_size : NULL;
    assert_ptr_equal(info.pchEndRead, fcc == FOURCC_MEM ? end : info.pchBuffer);
    assert_ptr_equal(info.pchEndWrite, end);
    assert_int_equal(info.lBufOffset, 0);
    assert_int_equal(info.lDiskOffset, 0);
    assert_ptr_equal(info.hmmio, h);
    assert_int_equal(mmioSeek(h, 0, SEEK_CUR), 0);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
}

static void open_buffer_states(void **state)
{
    static char buf[MMIO_DEFAULTBUFFER];
    const char *path = ts_scratch_path("states.bin");
    ts_spit_file(path, "0123456789", 10);
    for (int memory = 0; memory < 2; memory++) {
        FOURCC fcc = memory ? FOURCC_MEM : FOURCC_DOS;
        const char *name = memory ? NULL : path;
        check_open_state(name, fcc, buf, 256, MMIO_READ, MMIO_READ, 256, false);
        check_open_state(name, fcc, buf, 0, MMIO_READ, MMIO_READ, 0, false);
        check_open_state(name, fcc, NULL, 0, MMIO_READ, MMIO_READ, 0, false);
        /* A size without a buffer allocates one even without MMIO_ALLOCBUF. */
        check_open_state(name, fcc, NULL, 256, MMIO_READ, MMIO_READ | MMIO_ALLOCBUF, 256, true);
        /* A caller's buffer drops MMIO_ALLOCBUF from the flags. */
        check_open_state(name, fcc, buf, 256, MMIO_READ | MMIO_ALLOCBUF, MMIO_READ, 256, false);
        check_open_state(name, fcc, NULL, 0, MMIO_READ | MMIO_ALLOCBUF, MMIO_READ | MMIO_ALLOCBUF,
                         MMIO_DEFAULTBUFFER, true);
        check_open_state(name, fcc, NULL, 256, MMIO_READ | MMIO_ALLOCBUF, MMIO_READ | MMIO_ALLOCBUF, 256, true);
        /* A caller's buffer with size 0 and MMIO_ALLOCBUF is taken as MMIO_DEFAULTBUFFER long. */
        check_open_state(name, fcc, buf, 0, MMIO_READ | MMIO_ALLOCBUF, MMIO_READ, MMIO_DEFAULTBUFFER, false);
    }
}

static void memory_files(void **state)
{
    char block[16];
    memset(block, '.', sizeof(block));
    /* Fixed size: a write past the end takes what fits; then nothing fits. */
    HMMIO h = open_memory(block, sizeof(block), MMIO_READWRITE | MMIO_CREATE);
    assert_non_null(h);
    assert_int_equal(mmioSeek(h, 0, SEEK_END), 0); /* MMIO_CREATE: the file starts empty */
    assert_int_equal(mmioWrite(h, "0123456789", 10), 10);
    assert_int_equal(mmioSeek(h, 0, SEEK_END), 10);
    assert_int_equal(mmioWrite(h, "abcdefghij", 10), 6);
    assert_int_equal(mmioWrite(h, "x", 1), -1);
    assert_memory_equal(block, "0123456789abcdef", 16);
    MMIOINFO info;
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_int_equal(mmioAdvance(h, &info, MMIO_WRITE), MMIOERR_CANNOTEXPAND);
    assert_int_equal(mmioSeek(h, 4, SEEK_SET), 4);
    char got[16];
    assert_int_equal(mmioRead(h, got, 16), 12);
    assert_memory_equal(got, "456789abcdef", 12);
    assert_int_equal(mmioRead(h, got, 16), 0);
    assert_int_equal(mmioSeek(h, 17, SEEK_SET), -1); /* beyond the block */
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);

    /* Without MMIO_CREATE the whole block is the file. */
    h = open_memory(block, sizeof(block), MMIO_READ);
    assert_int_equal(mmioSeek(h, 0, SEEK_END), 16);
    assert_int_equal(mmioSeek(h, 6, SEEK_END), 10); /* Windows: end minus offset */
    assert_int_equal(mmioRead(h, got, 4), 4);
    assert_memory_equal(got, "abcd", 4);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);

    /* Growable, allocated by mmio: 16 bytes growing in steps of 32. */
    MMIOINFO setup;
    memset(&setup, 0, sizeof(setup));
    setup.fccIOProc = FOURCC_MEM;
    setup.cchBuffer = 16;
    setup.adwInfo[0] = 32;
    h = mmioOpenA(NULL, &setup, MMIO_READWRITE | MMIO_CREATE);
    assert_non_null(h);
    char pattern[100];
    for (int i = 0; i < 100; i++)
        pattern[i] = (char)(i * 7);
    assert_int_equal(mmioWrite(h, pattern, 100), 100);
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_int_equal(info.cchBuffer, 16 + 3 * 32);
    assert_int_equal(mmioSeek(h, 0, SEEK_END), 100);
    assert_int_equal(mmioSeek(h, 0, SEEK_SET), 0);
    char back[100];
    assert_int_equal(mmioRead(h, back, 100), 100);
    assert_memory_equal(back, pattern, 100);
    /* Growth failure: no memory, so the write takes only what fits. */
    pacm_mem_fail_after(0);
    assert_int_equal(mmioWrite(h, pattern, 100), 12);
    assert_int_equal(mmioWrite(h, pattern, 1), -1);
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_int_equal(mmioAdvance(h, &info, MMIO_WRITE), MMIOERR_OUTOFMEMORY);
    pacm_mem_fail_after(-1);
    /* Direct access: a full buffer grows by one step on mmioAdvance(MMIO_WRITE). */
    assert_int_equal(mmioAdvance(h, &info, MMIO_WRITE), MMSYSERR_NOERROR);
    assert_int_equal(info.cchBuffer, 112 + 32);
    assert_ptr_equal(info.pchNext, info.pchBuffer + 112);
    memcpy(info.pchNext, "tail", 4);
    info.pchNext += 4;
    info.dwFlags |= MMIO_DIRTY;
    assert_int_equal(mmioSetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_int_equal(mmioSeek(h, 0, SEEK_END), 116);
    assert_int_equal(mmioSeek(h, 112, SEEK_SET), 112);
    assert_int_equal(mmioRead(h, back, 10), 4);
    assert_memory_equal(back, "tail", 4);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);

    /* A caller's block marked growable is copied into mmio's own memory; the caller's block
     * keeps what was written before the growth. */
    char small[4];
    memset(&setup, 0, sizeof(setup));
    setup.fccIOProc = FOURCC_MEM;
    setup.pchBuffer = small;
    setup.cchBuffer = sizeof(small);
    setup.adwInfo[0] = 8;
    h = mmioOpenA(NULL, &setup, MMIO_READWRITE | MMIO_CREATE);
    assert_int_equal(mmioWrite(h, "wxyz", 4), 4);
    assert_int_equal(mmioWrite(h, "12345", 5), 5);
    assert_memory_equal(small, "wxyz", 4);
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_true(info.pchBuffer != small);
    assert_memory_equal(info.pchBuffer, "wxyz12345", 9);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
}

static void seek_semantics(void **state)
{
    const char *path = ts_scratch_path("seek.bin");
    char content[100];
    for (int i = 0; i < 100; i++)
        content[i] = (char)i;
    ts_spit_file(path, content, sizeof(content));
    for (int buffered = 0; buffered < 2; buffered++) {
        HMMIO h = open_file(path, MMIO_READ | (buffered ? MMIO_ALLOCBUF : 0));
        assert_non_null(h);
        assert_int_equal(mmioSeek(h, 0, SEEK_END), 100);
        MMIOINFO info;
        assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
        /* Windows: after SEEK_END the buffer is empty at the end, the disk there too. */
        assert_int_equal(info.lBufOffset, 100);
        assert_int_equal(info.lDiskOffset, 100);
        assert_ptr_equal(info.pchNext, info.pchBuffer);
        assert_ptr_equal(info.pchEndRead, info.pchBuffer);
        /* Windows: SEEK_END moves lOffset bytes back from the end. */
        assert_int_equal(mmioSeek(h, 16, SEEK_END), 84);
        assert_int_equal(mmioSeek(h, -10, SEEK_CUR), 74);
        char byte;
        assert_int_equal(mmioRead(h, &byte, 1), 1);
        assert_int_equal(byte, 74);
        assert_int_equal(mmioSeek(h, -1, SEEK_SET), -1);
        assert_int_equal(mmioSeek(h, 0, 3), -1);
        assert_int_equal(mmioSeek(h, 0, SEEK_CUR), 75); /* failed seeks do not move */
        assert_int_equal(mmioSeek(h, 200, SEEK_SET), 200); /* past the end is allowed */
        assert_int_equal(mmioRead(h, &byte, 1), 0);
        assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    }

    /* Windows: with a 5-byte caller buffer, a seek inside the loaded bytes keeps the buffer,
     * a seek elsewhere empties it at the new position, and a read larger than the buffer
     * bypasses it (Wine's test_mmio_buffer_pointer). */
    char small[5];
    MMIOINFO info;
    memset(&info, 0, sizeof(info));
    info.fccIOProc = FOURCC_DOS;
    info.pchBuffer = small;
    info.cchBuffer = sizeof(small);
    HMMIO h = mmioOpenA((LPSTR)path, &info, MMIO_READ);
    assert_non_null(h);
    char data[16];
    assert_int_equal(mmioRead(h, data, 0), 0);
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_ptr_equal(info.pchEndRead, info.pchBuffer);
    assert_int_equal(mmioAdvance(h, &info, MMIO_READ), MMSYSERR_NOERROR);
    assert_int_equal(info.pchEndRead - info.pchBuffer, 5);
    assert_int_equal(mmioSeek(h, 2, SEEK_SET), 2);
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_int_equal(info.lBufOffset, 0);
    assert_int_equal(info.pchNext - info.pchBuffer, 2);
    assert_int_equal(info.pchEndRead - info.pchBuffer, 5);
    assert_int_equal(mmioSeek(h, 17, SEEK_SET), 17);
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_int_equal(info.lBufOffset, 17);
    assert_ptr_equal(info.pchNext, info.pchBuffer);
    assert_ptr_equal(info.pchEndRead, info.pchBuffer);
    assert_int_equal(mmioRead(h, data, 16), 16);
    assert_int_equal(data[0], 17);
    assert_int_equal(data[15], 32);
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_int_equal(info.lBufOffset, 33);
    assert_ptr_equal(info.pchNext, info.pchBuffer);
    assert_ptr_equal(info.pchEndRead, info.pchBuffer);
    /* Windows: mmioAdvance at the end of the file succeeds with pchNext == pchEndRead. */
    assert_int_equal(mmioSeek(h, 0, SEEK_END), 100);
    assert_int_equal(mmioRead(h, data, 16), 0);
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_int_equal(mmioAdvance(h, &info, MMIO_READ), MMSYSERR_NOERROR);
    assert_ptr_equal(info.pchNext, info.pchEndRead);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
}

/* Reads a file through the buffer as Microsoft's example does, and writes one the same way. */
static void direct_buffer_access(void **state)
{
    const char *path = ts_scratch_path("direct.bin");
    enum { SIZE = 10007 };
    static char content[SIZE], back[SIZE];
    for (int i = 0; i < SIZE; i++)
        content[i] = (char)(i * 31 + 7);
    ts_spit_file(path, content, SIZE);
    MMIOINFO setup;
    memset(&setup, 0, sizeof(setup));
    setup.cchBuffer = 1000;
    HMMIO h = mmioOpenA((LPSTR)path, &setup, MMIO_READ);
    assert_non_null(h);
    MMIOINFO info;
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    int count = 0;
    for (;;) {
        if (info.pchNext == info.pchEndRead) {
            assert_int_equal(mmioAdvance(h, &info, MMIO_READ), MMSYSERR_NOERROR);
            if (info.pchNext == info.pchEndRead)
                break;
        }
        assert_true(count < SIZE);
        back[count++] = *info.pchNext++;
    }
    assert_int_equal(count, SIZE);
    assert_memory_equal(back, content, SIZE);
    assert_int_equal(mmioSetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_int_equal(mmioSeek(h, 0, SEEK_CUR), SIZE);
    assert_int_equal(mmioAdvance(h, &info, 7), MMSYSERR_INVALPARAM);
    info.pchNext = info.pchBuffer + 5000; /* outside the buffer */
    assert_int_equal(mmioSetInfo(h, &info, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);

    const char *out = ts_scratch_path("direct-out.bin");
    memset(&setup, 0, sizeof(setup));
    setup.cchBuffer = 256;
    h = mmioOpenA((LPSTR)out, &setup, MMIO_WRITE | MMIO_CREATE);
    assert_non_null(h);
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    for (int i = 0; i < SIZE; i++) {
        if (info.pchNext == info.pchEndWrite) {
            info.dwFlags |= MMIO_DIRTY;
            assert_int_equal(mmioAdvance(h, &info, MMIO_WRITE), MMSYSERR_NOERROR);
        }
        *info.pchNext++ = content[i];
    }
    info.dwFlags |= MMIO_DIRTY;
    assert_int_equal(mmioSetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    size_t size;
    unsigned char *bytes = ts_read_file(out, &size);
    assert_int_equal(size, SIZE);
    assert_memory_equal(bytes, content, SIZE);
    free(bytes);

    /* Unbuffered files cannot be advanced. */
    h = open_file(out, MMIO_READ);
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_int_equal(mmioAdvance(h, &info, MMIO_READ), MMIOERR_UNBUFFERED);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
}

static void set_buffer_variants(void **state)
{
    const char *path = ts_scratch_path("setbuffer.bin");
    char content[600];
    for (int i = 0; i < 600; i++)
        content[i] = (char)(i ^ 0x5a);
    ts_spit_file(path, content, sizeof(content));
    char buf[256];
    MMIOINFO info;
    memset(&info, 0, sizeof(info));
    info.pchBuffer = buf;
    info.cchBuffer = sizeof(buf);
    HMMIO h = mmioOpenA((LPSTR)path, &info, MMIO_READ);
    assert_non_null(h);
    char got[8];
    assert_int_equal(mmioRead(h, got, 3), 3);
    /* Windows: (NULL, 0) turns buffering off; fuBuffer is not checked. */
    assert_int_equal(mmioSetBuffer(h, NULL, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_int_equal(info.cchBuffer, 0);
    assert_null(info.pchBuffer);
    assert_null(info.pchNext);
    assert_int_equal(info.lBufOffset, 3);
    assert_int_equal(mmioSetBuffer(h, NULL, 0, MMIO_ALLOCBUF), MMSYSERR_NOERROR);
    assert_int_equal(mmioSetBuffer(h, buf, 0, MMIO_ALLOCBUF), MMSYSERR_NOERROR);
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_ptr_equal(info.pchBuffer, buf);
    assert_int_equal(info.cchBuffer, 0);
    assert_ptr_equal(info.pchEndWrite, buf);
    assert_int_equal(info.dwFlags, MMIO_READ);
    /* (NULL, n) allocates; MMIO_ALLOCBUF shows up, the buffer starts empty. */
    assert_int_equal(mmioSetBuffer(h, NULL, 256, MMIO_WRITE | MMIO_ALLOCBUF), MMSYSERR_NOERROR);
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_int_equal(info.dwFlags, MMIO_READ | MMIO_ALLOCBUF);
    assert_int_equal(info.cchBuffer, 256);
    assert_true(info.pchBuffer != NULL && info.pchBuffer != buf);
    assert_ptr_equal(info.pchEndRead, info.pchBuffer);
    assert_ptr_equal(info.pchEndWrite, info.pchBuffer + 256);
    assert_int_equal(mmioRead(h, got, 4), 4);
    assert_memory_equal(got, content + 3, 4);
    /* Resizing an internal buffer keeps the position. */
    assert_int_equal(mmioSetBuffer(h, NULL, 1024, 0), MMSYSERR_NOERROR);
    assert_int_equal(mmioSeek(h, 0, SEEK_CUR), 7);
    assert_int_equal(mmioRead(h, got, 4), 4);
    assert_memory_equal(got, content + 7, 4);
    /* Out of memory: the call fails and the old buffer stays. */
    pacm_mem_fail_after(0);
    assert_int_equal(mmioSetBuffer(h, NULL, 4096, 0), MMIOERR_OUTOFMEMORY);
    pacm_mem_fail_after(-1);
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_int_equal(info.cchBuffer, 1024);
    assert_int_equal(mmioSetBuffer(h, (LPSTR)buf, -1, 0), MMSYSERR_INVALPARAM);
    /* Dirty data that cannot be written (the file is read-only): every flush reports it. */
    assert_int_equal(mmioWrite(h, "zz", 2), 2);
    assert_int_equal(mmioSetBuffer(h, NULL, 64, 0), MMIOERR_CANNOTWRITE);
    assert_int_equal(mmioFlush(h, 0), MMIOERR_CANNOTWRITE);
    assert_int_equal(mmioClose(h, 0), MMIOERR_CANNOTWRITE);
    size_t size;
    unsigned char *bytes = ts_read_file(path, &size);
    assert_int_equal(size, 600);
    assert_memory_equal(bytes, content, 600);
    free(bytes);

    /* Enabling a buffer on an unbuffered writer, then flushing with MMIO_EMPTYBUF. */
    h = open_file(path, MMIO_READWRITE);
    assert_int_equal(mmioSetBuffer(h, NULL, 16384, 0), MMSYSERR_NOERROR);
    assert_int_equal(mmioSeek(h, 100, SEEK_SET), 100);
    assert_int_equal(mmioWrite(h, "hello", 5), 5);
    bytes = ts_read_file(path, &size);
    assert_memory_equal(bytes + 100, content + 100, 5); /* still in the buffer */
    free(bytes);
    assert_int_equal(mmioFlush(h, MMIO_EMPTYBUF), MMSYSERR_NOERROR);
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_int_equal(info.lBufOffset, 105);
    assert_ptr_equal(info.pchEndRead, info.pchBuffer);
    bytes = ts_read_file(path, &size);
    assert_memory_equal(bytes + 100, "hello", 5);
    assert_int_equal(size, 600);
    free(bytes);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
}

/* Builds RIFF headers by hand for the hostile-input cases. */
static size_t riff_header(unsigned char *out, uint32_t riff_size, const char *form)
{
    memcpy(out, "RIFF", 4);
    ts_put_le32(out + 4, riff_size);
    memcpy(out + 8, form, 4);
    return 12;
}

static MMRESULT descend_file(const char *path, const void *bytes, size_t size, MMCKINFO *ck, UINT flags)
{
    ts_spit_file(path, bytes, size);
    HMMIO h = open_file(path, MMIO_READ);
    assert_non_null(h);
    MMRESULT result = mmioDescend(h, ck, NULL, flags);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    return result;
}

static void malformed_chunks(void **state)
{
    const char *path = ts_scratch_path("bad.wav");
    unsigned char bytes[256];
    MMCKINFO riff, ck;

    /* RIFF size past the end of the file: refused, unless the truncated extension is asked. */
    size_t n = riff_header(bytes, 1000, "WAVE");
    memcpy(bytes + n, "data", 4);
    ts_put_le32(bytes + n + 4, 988);
    memset(bytes + n + 8, 1, 16);
    n += 24;
    memset(&riff, 0, sizeof(riff));
    assert_int_equal(descend_file(path, bytes, n, &riff, MMIO_FINDRIFF), MMIOERR_CHUNKNOTFOUND);
    assert_int_equal(descend_file(path, bytes, n, &riff, MMIO_FINDRIFF | PORTACM_MMIO_DESCEND_TRUNCATED),
                     MMSYSERR_NOERROR);
    assert_int_equal(riff.cksize, 1000);
    HMMIO h = open_file(path, MMIO_READ);
    assert_int_equal(mmioDescend(h, &riff, NULL, PORTACM_MMIO_DESCEND_TRUNCATED), MMSYSERR_NOERROR);
    ck.ckid = FCC("data");
    assert_int_equal(mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK), MMIOERR_CHUNKNOTFOUND);
    assert_int_equal(mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK | PORTACM_MMIO_DESCEND_TRUNCATED), MMSYSERR_NOERROR);
    char data[64];
    assert_int_equal(mmioRead(h, data, (LONG)ck.cksize), 16); /* the reads stop at the end */
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);

    /* A sub-chunk running past its parent is never returned, and the search cannot step over
     * it out of the parent. */
    n = riff_header(bytes, 28, "WAVE");
    memcpy(bytes + n, "fmt ", 4);
    ts_put_le32(bytes + n + 4, 100);
    memset(bytes + n + 8, 0, 120);
    n += 128;
    ts_spit_file(path, bytes, n);
    h = open_file(path, MMIO_READ);
    riff.fccType = FCC("WAVE");
    assert_int_equal(mmioDescend(h, &riff, NULL, MMIO_FINDRIFF), MMSYSERR_NOERROR);
    ck.ckid = FCC("fmt ");
    assert_int_equal(mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK | PORTACM_MMIO_DESCEND_TRUNCATED),
                     MMIOERR_CHUNKNOTFOUND);
    ck.ckid = FCC("data");
    assert_int_equal(mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK), MMIOERR_CHUNKNOTFOUND);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);

    /* 0xFFFFFFFF sizes: no overflow, nothing found past them. */
    n = riff_header(bytes, 0xFFFFFFFFu, "WAVE");
    memcpy(bytes + n, "JUNK", 4);
    ts_put_le32(bytes + n + 4, 0xFFFFFFFFu);
    memcpy(bytes + n + 8, "data", 4);
    ts_put_le32(bytes + n + 12, 4);
    n += 20;
    assert_int_equal(descend_file(path, bytes, n, &riff, 0), MMIOERR_CHUNKNOTFOUND);
    h = open_file(path, MMIO_READ);
    assert_int_equal(mmioDescend(h, &riff, NULL, PORTACM_MMIO_DESCEND_TRUNCATED), MMSYSERR_NOERROR);
    ck.ckid = FCC("data");
    assert_int_equal(mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK | PORTACM_MMIO_DESCEND_TRUNCATED),
                     MMIOERR_CHUNKNOTFOUND);
    ck.ckid = FCC("JUNK");
    assert_int_equal(mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK), MMIOERR_CHUNKNOTFOUND); /* past its parent */
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    /* Ascending out of a huge chunk of a memory file cannot seek there. */
    h = open_memory(bytes, (LONG)n, MMIO_READ);
    assert_int_equal(mmioDescend(h, &riff, NULL, PORTACM_MMIO_DESCEND_TRUNCATED), MMSYSERR_NOERROR);
    assert_int_equal(mmioAscend(h, &riff, 0), MMIOERR_CANNOTSEEK);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);

    /* Truncated headers. */
    static const struct { const char *bytes; size_t size; } truncated[] = {
        {"RIF", 3}, {"RIFF\x10\0\0", 7}, {"RIFF\x04\0\0\0WA", 10}, {"", 0}, {"LIST\x02\0\0\0ab", 10},
    };
    for (size_t i = 0; i < sizeof(truncated) / sizeof(truncated[0]); i++) {
        memset(&ck, 0, sizeof(ck));
        assert_int_equal(descend_file(path, truncated[i].bytes, truncated[i].size, &ck, 0), MMIOERR_CHUNKNOTFOUND);
        assert_int_equal(descend_file(path, truncated[i].bytes, truncated[i].size, &ck, MMIO_FINDRIFF),
                         MMIOERR_CHUNKNOTFOUND);
    }
}

/* 2000 nested LIST chunks, each holding the next; the innermost holds the chunk "leaf" with
 * the 4 bytes "LEAF". List L starts at 12 * L and reaches the end of the data. */
static void deeply_nested_lists(void **state)
{
    enum { DEPTH = 2000 };
    size_t size = (size_t)DEPTH * 12 + 12;
    unsigned char *tree = malloc(size);
    assert_non_null(tree);
    for (int level = 0; level < DEPTH; level++) {
        unsigned char *p = tree + (size_t)level * 12;
        memcpy(p, "LIST", 4);
        ts_put_le32(p + 4, (uint32_t)(size - (size_t)level * 12 - 8));
        memcpy(p + 8, "nest", 4);
    }
    memcpy(tree + (size_t)DEPTH * 12, "leaf", 4);
    ts_put_le32(tree + (size_t)DEPTH * 12 + 4, 4);
    memcpy(tree + size - 4, "LEAF", 4);
    HMMIO h = open_memory(tree, (LONG)size, MMIO_READ);
    assert_non_null(h);
    MMCKINFO *stack = calloc(DEPTH + 1, sizeof(MMCKINFO));
    assert_non_null(stack);
    for (int level = 0; level < DEPTH; level++) {
        stack[level].fccType = FCC("nest");
        assert_int_equal(mmioDescend(h, &stack[level], level ? &stack[level - 1] : NULL, MMIO_FINDLIST),
                         MMSYSERR_NOERROR);
        assert_int_equal(stack[level].dwDataOffset, (DWORD)level * 12 + 8);
    }
    stack[DEPTH].ckid = FCC("leaf");
    assert_int_equal(mmioDescend(h, &stack[DEPTH], &stack[DEPTH - 1], MMIO_FINDCHUNK), MMSYSERR_NOERROR);
    char leaf[4];
    assert_int_equal(mmioRead(h, leaf, 4), 4);
    assert_memory_equal(leaf, "LEAF", 4);
    for (int level = DEPTH; level >= 0; level--)
        assert_int_equal(mmioAscend(h, &stack[level], 0), MMSYSERR_NOERROR);
    assert_int_equal(mmioSeek(h, 0, SEEK_CUR), (LONG)size);
    /* One level shorter: the innermost list can no longer hold "leaf". */
    ts_put_le32(tree + (size_t)(DEPTH - 1) * 12 + 4, 15);
    assert_int_equal(mmioSeek(h, (LONG)stack[DEPTH - 1].dwDataOffset + 4, SEEK_SET),
                     (LONG)stack[DEPTH - 1].dwDataOffset + 4);
    stack[DEPTH - 1].cksize = 15;
    assert_int_equal(mmioDescend(h, &stack[DEPTH], &stack[DEPTH - 1], MMIO_FINDCHUNK), MMIOERR_CHUNKNOTFOUND);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    free(stack);
    free(tree);
}

/* Random bytes must never crash a descend/ascend walk. The seed is printed on failure. */
static void random_chunk_trees(void **state)
{
    unsigned seed = (unsigned)getpid();
    print_message("random_chunk_trees seed %u\n", seed);
    srand(seed);
    unsigned char bytes[512];
    for (int round = 0; round < 300; round++) {
        size_t size = (size_t)(rand() % (int)sizeof(bytes));
        for (size_t i = 0; i < size; i++)
            bytes[i] = (unsigned char)rand();
        /* Plant plausible headers with random sizes so searches go deep. */
        if (size >= 12 && (round & 1)) {
            memcpy(bytes, round & 2 ? "RIFF" : "LIST", 4);
            if (size >= 24)
                memcpy(bytes + 12, "LIST", 4);
        }
        HMMIO h = open_memory(bytes, (LONG)size, MMIO_READ);
        assert_non_null(h);
        MMCKINFO ck[4];
        memset(ck, 0, sizeof(ck));
        int depth = 0;
        for (int step = 0; step < 32; step++) {
            UINT flags = (UINT)(rand() % 4 == 0 ? MMIO_FINDLIST : 0) | (rand() % 2 ? PORTACM_MMIO_DESCEND_TRUNCATED : 0);
            MMRESULT r = mmioDescend(h, &ck[depth], depth ? &ck[depth - 1] : NULL, flags);
            assert_true(r == MMSYSERR_NOERROR || r == MMIOERR_CHUNKNOTFOUND);
            if (r == MMSYSERR_NOERROR) {
                assert_true((int64_t)ck[depth].dwDataOffset <= (int64_t)size);
                if (depth < 3)
                    depth++;
                else
                    mmioAscend(h, &ck[depth], 0);
            } else if (depth > 0) {
                depth--;
                MMRESULT a = mmioAscend(h, &ck[depth], 0);
                assert_true(a == MMSYSERR_NOERROR || a == MMIOERR_CANNOTSEEK);
            } else {
                break;
            }
        }
        assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    }
}

static void invalid_handles_and_arguments(void **state)
{
    HMMIO closed = open_memory("abcd", 4, MMIO_READ);
    assert_non_null(closed);
    assert_int_equal(mmioClose(closed, 0), MMSYSERR_NOERROR);
    HMMIO bad[] = {NULL, (HMMIO)(uintptr_t)1, (HMMIO)(uintptr_t)-1, (HMMIO)(uintptr_t)0x1234560, closed};
    char buf[4];
    MMIOINFO info;
    MMCKINFO ck;
    memset(&ck, 0, sizeof(ck));
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        HMMIO h = bad[i];
        assert_int_equal(mmioClose(h, 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(mmioRead(h, buf, 4), -1);
        assert_int_equal(mmioWrite(h, buf, 4), -1);
        assert_int_equal(mmioSeek(h, 0, SEEK_SET), -1);
        assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(mmioSetInfo(h, &info, 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(mmioSetBuffer(h, NULL, 0, 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(mmioFlush(h, 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(mmioAdvance(h, &info, MMIO_READ), MMSYSERR_INVALHANDLE);
        assert_int_equal(mmioSendMessage(h, MMIOM_USER, 0, 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(mmioDescend(h, &ck, NULL, 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(mmioAscend(h, &ck, 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(mmioCreateChunk(h, &ck, 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(portacm_mmio_seek64(h, 0, SEEK_SET), -1);
        assert_int_equal(portacm_mmio_size64(h), -1);
    }
    char block[32];
    HMMIO h = open_memory(block, sizeof(block), MMIO_READWRITE | MMIO_CREATE);
    assert_int_equal(mmioGetInfo(h, NULL, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(mmioSetInfo(h, NULL, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(mmioDescend(h, NULL, NULL, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(mmioAscend(h, NULL, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(mmioCreateChunk(h, NULL, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(mmioRead(h, NULL, 4), -1);
    assert_int_equal(mmioWrite(h, NULL, 4), -1);
    assert_int_equal(mmioRead(h, buf, -1), -1);
    assert_int_equal(mmioWrite(h, buf, -5), -1);
    assert_int_equal(mmioRead(h, NULL, 0), 0);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    /* Opening: a negative buffer size, an unknown procedure. */
    memset(&info, 0, sizeof(info));
    info.fccIOProc = FOURCC_MEM;
    info.cchBuffer = -1;
    assert_null(mmioOpenA(NULL, &info, MMIO_READ));
    assert_int_equal(info.wErrorRet, MMSYSERR_INVALPARAM);
    memset(&info, 0, sizeof(info));
    info.fccIOProc = FCC("NONE");
    assert_null(mmioOpenA((LPSTR) "x", &info, MMIO_READ));
    assert_int_equal(info.wErrorRet, MMIOERR_FILENOTFOUND);
    /* Out of memory while opening. */
    memset(&info, 0, sizeof(info));
    info.fccIOProc = FOURCC_MEM;
    info.cchBuffer = 64;
    pacm_mem_fail_after(0);
    assert_null(mmioOpenA(NULL, &info, MMIO_READ));
    pacm_mem_fail_after(-1);
    assert_int_equal(info.wErrorRet, MMIOERR_OUTOFMEMORY);
}

/* A descriptor the caller opened: mmio starts at its current offset, and MMIO_FHOPEN leaves it
 * open at close. */
static void caller_file_descriptor(void **state)
{
    const char *path = ts_scratch_path("fd.bin");
    ts_spit_file(path, "0123456789abcdefghijklmnopqrstuv", 32);
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(lseek(fd, 16, SEEK_SET), 16);
    MMIOINFO info;
    memset(&info, 0, sizeof(info));
    info.fccIOProc = FOURCC_DOS;
    info.adwInfo[0] = (DWORD)fd;
    HMMIO h = mmioOpenA(NULL, &info, MMIO_READ | MMIO_DENYWRITE | MMIO_ALLOCBUF);
    assert_non_null(h);
    assert_int_equal(mmioSeek(h, 0, SEEK_CUR), 16);
    char got[4];
    assert_int_equal(mmioRead(h, got, 4), 4);
    assert_memory_equal(got, "ghij", 4);
    assert_int_equal(mmioSeek(h, 0, SEEK_END), 32);
    assert_int_equal(mmioClose(h, MMIO_FHOPEN), MMSYSERR_NOERROR);
    assert_true(fcntl(fd, F_GETFD) >= 0); /* still open */
    /* Without MMIO_FHOPEN the descriptor is closed with the HMMIO. */
    h = mmioOpenA(NULL, &info, MMIO_READ);
    assert_non_null(h);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    assert_true(fcntl(fd, F_GETFD) < 0);
    /* A descriptor that is not open. */
    assert_null(mmioOpenA(NULL, &info, MMIO_READ));
    assert_int_equal(info.wErrorRet, MMIOERR_INVALIDFILE);
}

/* A RIFF file arriving through a pipe (no seeking, no size): with a buffer that holds it,
 * the whole descend/read/ascend walk works, as a CLI reading stdin needs. */
static void pipe_input(void **state)
{
    const char *path = ts_scratch_path("pipe.wav");
    write_wave(path, NULL, 0);
    size_t size;
    unsigned char *bytes = ts_read_file(path, &size);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(write(fds[1], bytes, size), (ssize_t)size);
    close(fds[1]);
    free(bytes);
    MMIOINFO info;
    memset(&info, 0, sizeof(info));
    info.fccIOProc = FOURCC_DOS;
    info.adwInfo[0] = (DWORD)fds[0];
    HMMIO h = mmioOpenA(NULL, &info, MMIO_READ | MMIO_ALLOCBUF);
    assert_non_null(h);
    MMCKINFO riff, ck;
    riff.fccType = FCC("WAVE");
    assert_int_equal(mmioDescend(h, &riff, NULL, MMIO_FINDRIFF), MMSYSERR_NOERROR);
    ck.ckid = FCC("fmt ");
    assert_int_equal(mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK), MMSYSERR_NOERROR);
    assert_int_equal(mmioAscend(h, &ck, 0), MMSYSERR_NOERROR);
    ck.ckid = FCC("data");
    assert_int_equal(mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK), MMSYSERR_NOERROR);
    char data[8];
    assert_int_equal(mmioRead(h, data, (LONG)ck.cksize), 7);
    assert_memory_equal(data, "1234567", 7);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
}

/* Fails the Nth allocation for every N along open/write/close paths: each call either
 * succeeds or reports an error, never crashes or leaks (the sanitizer build checks leaks). */
static void allocation_failures(void **state)
{
    const char *path = ts_scratch_path("alloc.wav");
    WCHAR wide[1024];
    size_t i = 0;
    for (; path[i]; i++)
        wide[i] = (WCHAR)(unsigned char)path[i];
    wide[i] = 0;
    bool completed = false;
    for (long n = 0; n < 64 && !completed; n++) {
        pacm_mem_fail_after(n);
        MMIOINFO info;
        memset(&info, 0, sizeof(info));
        HMMIO h = mmioOpenW(wide, &info, MMIO_CREATE | MMIO_READWRITE | MMIO_ALLOCBUF);
        if (!h) {
            pacm_mem_fail_after(-1);
            assert_int_equal(info.wErrorRet, MMIOERR_OUTOFMEMORY);
            continue;
        }
        MMIOINFO mem;
        memset(&mem, 0, sizeof(mem));
        mem.fccIOProc = FOURCC_MEM;
        mem.adwInfo[0] = 16;
        HMMIO m = mmioOpenA(NULL, &mem, MMIO_CREATE | MMIO_READWRITE);
        LONG written = m ? mmioWrite(m, "0123456789abcdefghij", 20) : -1;
        LPMMIOPROC installed = mmioInstallIOProcA(FCC("ALOC"), mmioInstallIOProcA(FOURCC_DOS, NULL, MMIO_FINDPROC),
                                                  MMIO_INSTALLPROC);
        MMRESULT buffered = mmioSetBuffer(h, NULL, 100000, 0);
        pacm_mem_fail_after(-1);
        completed = m && written == 20 && installed && buffered == MMSYSERR_NOERROR;
        assert_true(buffered == MMSYSERR_NOERROR || buffered == MMIOERR_OUTOFMEMORY);
        assert_true(written == 20 || written == -1);
        if (installed)
            assert_non_null(mmioInstallIOProcA(FCC("ALOC"), NULL, MMIO_REMOVEPROC));
        if (m)
            assert_int_equal(mmioClose(m, 0), MMSYSERR_NOERROR);
        assert_int_equal(mmioWrite(h, "abc", 3), 3);
        assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    }
    assert_true(completed);
}

/* The 64-bit extension on a sparse 3 GiB file. */
static void large_file_positions(void **state)
{
    const char *path = ts_scratch_path("large.bin");
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
    assert_true(fd >= 0);
    const int64_t size = (int64_t)3 << 30;
    if (ftruncate(fd, (off_t)size) != 0) {
        close(fd);
        print_message("skipped: this file system cannot hold a sparse 3 GiB file\n");
        skip();
    }
    close(fd);
    HMMIO h = open_file(path, MMIO_READWRITE | MMIO_ALLOCBUF);
    assert_non_null(h);
    assert_true(portacm_mmio_size64(h) == size);
    const int64_t where = ((int64_t)5 << 29) + 3; /* 2.5 GiB + 3 */
    assert_true(portacm_mmio_seek64(h, where, SEEK_SET) == where);
    assert_int_equal(mmioSeek(h, 0, SEEK_CUR), -1); /* not representable in a LONG */
    assert_int_equal(mmioWrite(h, "RF64", 4), 4);
    assert_true(portacm_mmio_seek64(h, 0, SEEK_CUR) == where + 4);
    assert_true(portacm_mmio_seek64(h, size - where, SEEK_END) == where); /* end minus offset */
    char got[4];
    assert_int_equal(mmioRead(h, got, 4), 4);
    assert_memory_equal(got, "RF64", 4);
    assert_int_equal(mmioSeek(h, 0x7FFFFFF0, SEEK_SET), 0x7FFFFFF0);
    assert_int_equal(mmioSeek(h, 0x20, SEEK_CUR), -1);
    assert_true(portacm_mmio_seek64(h, INT64_MAX, SEEK_CUR) == -1);
    assert_true(portacm_mmio_seek64(h, INT64_MIN, SEEK_END) == -1);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(pread(fd, got, 4, (off_t)where), 4);
    close(fd);
    assert_memory_equal(got, "RF64", 4);
    unlink(path);
}

/* Issue 10 item 5: transfers that cross and pass the 2 GiB mark through the built-in DOS
 * procedure, buffered and not, on a sparse file (only a few blocks are used). The 32-bit
 * lDiskOffset wrapped by signed overflow in the transfer (UBSan aborts the sanitizer build);
 * it must be the low 32 bits of the 64-bit position, and the bytes must land where the 64-bit
 * position says (checked with pread). */
static void regress_mmio_dos_offset_past_2gib(void **state)
{
    const char *path = ts_scratch_path("past2g.bin");
    static const DWORD opens[] = {MMIO_READWRITE, MMIO_READWRITE | MMIO_ALLOCBUF};
    char pattern[100];
    for (size_t i = 0; i < sizeof(pattern); i++)
        pattern[i] = (char)('A' + i % 26);
    for (size_t k = 0; k < sizeof(opens) / sizeof(opens[0]); k++) {
        int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
        assert_true(fd >= 0);
        close(fd);
        HMMIO h = open_file(path, opens[k]);
        assert_non_null(h);
        /* Start 40 bytes below 2 GiB, then 40 bytes below 4 GiB (where the mirror wraps to 0). */
        const int64_t starts[] = {((int64_t)1 << 31) - 40, ((int64_t)1 << 32) - 40};
        for (size_t s = 0; s < 2; s++) {
            int64_t start = starts[s];
            assert_true(portacm_mmio_seek64(h, start, SEEK_SET) == start);
            assert_int_equal(mmioWrite(h, pattern, (LONG)sizeof(pattern)), (LONG)sizeof(pattern));
            assert_int_equal(mmioFlush(h, 0), MMSYSERR_NOERROR);
            int64_t end = start + (int64_t)sizeof(pattern);
            assert_true(portacm_mmio_seek64(h, 0, SEEK_CUR) == end);
            MMIOINFO info;
            assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
            assert_int_equal((uint32_t)info.lDiskOffset, (uint32_t)end);
            /* Read back through mmio (a fresh buffer: seek away and back). */
            assert_true(portacm_mmio_seek64(h, 0, SEEK_SET) == 0);
            assert_true(portacm_mmio_seek64(h, start, SEEK_SET) == start);
            char got[sizeof(pattern)];
            memset(got, 0, sizeof(got));
            assert_int_equal(mmioRead(h, got, (LONG)sizeof(got)), (LONG)sizeof(got));
            assert_memory_equal(got, pattern, sizeof(pattern));
            assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
            assert_int_equal((uint32_t)info.lDiskOffset, (uint32_t)end);
        }
        assert_true(portacm_mmio_size64(h) == starts[1] + (int64_t)sizeof(pattern));
        assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
        fd = open(path, O_RDONLY);
        assert_true(fd >= 0);
        for (size_t s = 0; s < 2; s++) {
            char got[sizeof(pattern)];
            assert_int_equal(pread(fd, got, sizeof(got), (off_t)starts[s]), (ssize_t)sizeof(got));
            assert_memory_equal(got, pattern, sizeof(pattern));
        }
        close(fd);
        unlink(path);
    }
    /* A caller's descriptor standing past 2 GiB: mmio starts at its 64-bit offset. */
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
    assert_true(fd >= 0);
    const int64_t start = ((int64_t)3 << 30) + 5;
    assert_true(lseek(fd, (off_t)start, SEEK_SET) == (off_t)start);
    MMIOINFO info;
    memset(&info, 0, sizeof(info));
    info.fccIOProc = FOURCC_DOS;
    info.adwInfo[0] = (DWORD)fd;
    HMMIO h = mmioOpenA(NULL, &info, MMIO_READWRITE);
    assert_non_null(h);
    assert_true(portacm_mmio_seek64(h, 0, SEEK_CUR) == start);
    assert_int_equal(mmioWrite(h, "fd64", 4), 4);
    assert_true(portacm_mmio_seek64(h, 0, SEEK_CUR) == start + 4);
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_int_equal((uint32_t)info.lDiskOffset, (uint32_t)(start + 4));
    assert_int_equal(mmioClose(h, MMIO_FHOPEN), MMSYSERR_NOERROR);
    char got[4];
    assert_int_equal(pread(fd, got, 4, (off_t)start), 4);
    assert_memory_equal(got, "fd64", 4);
    close(fd);
    unlink(path);
}

static int teardown_all(void **state)
{
    ts_scratch_cleanup();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(riff_round_trip),
        cmocka_unit_test(windows_write_sequence),
        cmocka_unit_test(descend_search_rules),
        cmocka_unit_test(open_buffer_states),
        cmocka_unit_test(memory_files),
        cmocka_unit_test(seek_semantics),
        cmocka_unit_test(direct_buffer_access),
        cmocka_unit_test(set_buffer_variants),
        cmocka_unit_test(malformed_chunks),
        cmocka_unit_test(deeply_nested_lists),
        cmocka_unit_test(random_chunk_trees),
        cmocka_unit_test(invalid_handles_and_arguments),
        cmocka_unit_test(caller_file_descriptor),
        cmocka_unit_test(pipe_input),
        cmocka_unit_test(allocation_failures),
        cmocka_unit_test(large_file_positions),
        cmocka_unit_test(regress_mmio_dos_offset_past_2gib),
    };
    return cmocka_run_group_tests(tests, NULL, teardown_all);
}
