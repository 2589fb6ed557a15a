/*
 * test_mmio_procs.c - mmio I/O procedures and file-name requests: mmioStringToFOURCC, the
 * install/find/remove registry (per thread and global), custom procedures chosen by the
 * compound name "file.ext+element", message order, mmioSendMessage, mmioRename, MMIO_EXIST /
 * DELETE / PARSE / GETTEMP, open error codes, share modes, mmioOpenW and concurrent use.
 *
 * Facts marked "Windows:" are Windows' observed behaviour as recorded by Wine's conformance
 * tests (dlls/winmm/tests/mmio.c), which run against real Windows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mmiscapi.h"
#include "ts_files.h"

#define FCC(s) mmioFOURCC((s)[0], (s)[1], (s)[2], (s)[3])

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void fourcc_conversion(void **state)
{
    assert_int_equal(mmioStringToFOURCCA("WAVE", 0), FCC("WAVE"));
    assert_int_equal(mmioStringToFOURCCA("wav", MMIO_TOUPPER), FCC("WAV "));
    assert_int_equal(mmioStringToFOURCCA("wav", 0), FCC("wav "));
    assert_int_equal(mmioStringToFOURCCA("abcdef", 0), FCC("abcd"));
    assert_int_equal(mmioStringToFOURCCA("", 0), FCC("    "));
    assert_int_equal(mmioStringToFOURCCA("aB1z", MMIO_TOUPPER), FCC("AB1Z"));
    static const WCHAR fmt[] = {'f', 'm', 't', 0};
    static const WCHAR accent[] = {'a', 0xE9, 'b', 'c', 'd', 0};
    assert_int_equal(mmioStringToFOURCCW(fmt, 0), FCC("fmt "));
    assert_int_equal(mmioStringToFOURCCW(fmt, MMIO_TOUPPER), FCC("FMT "));
    assert_int_equal(mmioStringToFOURCCW(accent, 0), FCC("a?bc"));
    assert_int_equal(mmioFOURCC('R', 'I', 'F', 'F'), 0x46464952u);
}

static LRESULT CALLBACK proc_one(LPSTR info, UINT msg, LPARAM l1, LPARAM l2)
{
    return 1;
}

static LRESULT CALLBACK proc_two(LPSTR info, UINT msg, LPARAM l1, LPARAM l2)
{
    return 2;
}

static void install_find_remove(void **state)
{
    /* The built-in procedures are procedures like any other. */
    LPMMIOPROC dos = mmioInstallIOProcA(FOURCC_DOS, NULL, MMIO_FINDPROC);
    assert_non_null(dos);
    assert_non_null(mmioInstallIOProcA(FOURCC_MEM, NULL, MMIO_FINDPROC));
    assert_null(mmioInstallIOProcA(FCC("XYZ "), NULL, MMIO_FINDPROC));
    /* The most recent installation wins and is removed first. */
    assert_ptr_equal(mmioInstallIOProcA(FCC("XYZ "), proc_one, MMIO_INSTALLPROC), proc_one);
    assert_ptr_equal(mmioInstallIOProcA(FCC("XYZ "), NULL, MMIO_FINDPROC), proc_one);
    assert_ptr_equal(mmioInstallIOProcW(FCC("XYZ "), proc_two, MMIO_INSTALLPROC), proc_two);
    assert_ptr_equal(mmioInstallIOProcA(FCC("XYZ "), NULL, MMIO_FINDPROC), proc_two);
    assert_ptr_equal(mmioInstallIOProcA(FCC("XYZ "), NULL, MMIO_REMOVEPROC), proc_two);
    assert_ptr_equal(mmioInstallIOProcA(FCC("XYZ "), NULL, MMIO_FINDPROC), proc_one);
    /* Removing with a procedure address removes that one only. */
    assert_null(mmioInstallIOProcA(FCC("XYZ "), proc_two, MMIO_REMOVEPROC));
    assert_ptr_equal(mmioInstallIOProcA(FCC("XYZ "), proc_one, MMIO_REMOVEPROC), proc_one);
    assert_null(mmioInstallIOProcA(FCC("XYZ "), NULL, MMIO_REMOVEPROC));
    assert_null(mmioInstallIOProcA(FCC("XYZ "), NULL, MMIO_FINDPROC));
    /* Built-ins can be overridden but not removed. */
    assert_ptr_equal(mmioInstallIOProcA(FOURCC_DOS, proc_one, MMIO_INSTALLPROC), proc_one);
    assert_ptr_equal(mmioInstallIOProcA(FOURCC_DOS, NULL, MMIO_FINDPROC), proc_one);
    assert_ptr_equal(mmioInstallIOProcA(FOURCC_DOS, NULL, MMIO_REMOVEPROC), proc_one);
    assert_null(mmioInstallIOProcA(FOURCC_DOS, NULL, MMIO_REMOVEPROC));
    assert_ptr_equal(mmioInstallIOProcA(FOURCC_DOS, NULL, MMIO_FINDPROC), dos);
    /* Bad requests. */
    assert_null(mmioInstallIOProcA(FCC("XYZ "), NULL, MMIO_INSTALLPROC));
    assert_null(mmioInstallIOProcA(FCC("XYZ "), proc_one, 0));
    assert_null(mmioInstallIOProcA(FCC("XYZ "), proc_one, MMIO_INSTALLPROC | MMIO_FINDPROC));
}

typedef struct {
    FOURCC fcc;
    LPMMIOPROC install;
    DWORD flags;
    LPMMIOPROC found;
} thread_request;

/* Runs one mmioInstallIOProcA call on a new thread and returns what it returned. */
static void *thread_install(void *argument)
{
    thread_request *request = argument;
    request->found = mmioInstallIOProcA(request->fcc, request->install, request->flags);
    return NULL;
}

static LPMMIOPROC on_other_thread(FOURCC fcc, LPMMIOPROC proc, DWORD flags)
{
    thread_request request = {fcc, proc, flags, NULL};
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, thread_install, &request), 0);
    assert_int_equal(pthread_join(thread, NULL), 0);
    return request.found;
}

static void per_thread_registry(void **state)
{
    /* A procedure installed without MMIO_GLOBALPROC is visible to its own thread only. */
    assert_ptr_equal(mmioInstallIOProcA(FCC("LOCL"), proc_one, MMIO_INSTALLPROC), proc_one);
    assert_null(on_other_thread(FCC("LOCL"), NULL, MMIO_FINDPROC));
    assert_null(on_other_thread(FCC("LOCL"), NULL, MMIO_REMOVEPROC));
    assert_ptr_equal(mmioInstallIOProcA(FCC("LOCL"), NULL, MMIO_FINDPROC), proc_one);
    /* A global one installed elsewhere is visible here, and can be removed here. */
    assert_ptr_equal(on_other_thread(FCC("GLOB"), proc_two, MMIO_INSTALLPROC | MMIO_GLOBALPROC), proc_two);
    assert_ptr_equal(mmioInstallIOProcA(FCC("GLOB"), NULL, MMIO_FINDPROC), proc_two);
    /* Own procedures come before global ones. */
    assert_ptr_equal(mmioInstallIOProcA(FCC("GLOB"), proc_one, MMIO_INSTALLPROC), proc_one);
    assert_ptr_equal(mmioInstallIOProcA(FCC("GLOB"), NULL, MMIO_FINDPROC), proc_one);
    assert_ptr_equal(on_other_thread(FCC("GLOB"), NULL, MMIO_FINDPROC), proc_two);
    assert_ptr_equal(mmioInstallIOProcA(FCC("GLOB"), NULL, MMIO_REMOVEPROC), proc_one);
    assert_ptr_equal(mmioInstallIOProcA(FCC("GLOB"), NULL, MMIO_REMOVEPROC), proc_two);
    assert_null(on_other_thread(FCC("GLOB"), NULL, MMIO_FINDPROC));
    /* A local procedure of a finished thread stays invisible. */
    assert_ptr_equal(on_other_thread(FCC("GONE"), proc_one, MMIO_INSTALLPROC), proc_one);
    assert_null(mmioInstallIOProcA(FCC("GONE"), NULL, MMIO_FINDPROC));
    assert_ptr_equal(mmioInstallIOProcA(FCC("LOCL"), NULL, MMIO_REMOVEPROC), proc_one);
}

/* ---- a recording procedure that stores elements as plain files ------------------------- */

static UINT recorded[512];
static int recorded_count;
static bool open_saw_zero_info;
static char renamed_from[256], renamed_to[256];
static LPMMIOPROC builtin_dos; /* found before any test overrides "DOS " */

/* Delegates to the built-in DOS procedure; MMIOM_OPEN opens "file.ext" of "file.ext+element". */
static LRESULT CALLBACK recording_proc(LPSTR lpinfo, UINT msg, LPARAM l1, LPARAM l2)
{
    MMIOINFO *info = (MMIOINFO *)(void *)lpinfo;
    if (recorded_count < 512)
        recorded[recorded_count++] = msg;
    LPMMIOPROC dos = builtin_dos;
    switch (msg) {
    case MMIOM_OPEN: {
        open_saw_zero_info = info->adwInfo[0] == 0 && info->adwInfo[1] == 0 && info->adwInfo[2] == 0 &&
                             info->lDiskOffset == 0;
        char file[1024];
        snprintf(file, sizeof(file), "%s", (const char *)l1);
        char *plus = strrchr(file, '+');
        if (plus)
            *plus = '\0';
        return dos(lpinfo, MMIOM_OPEN, (LPARAM)file, 0);
    }
    case MMIOM_USER:
        return l1 + l2;
    case MMIOM_RENAME:
        snprintf(renamed_from, sizeof(renamed_from), "%s", (const char *)l1);
        snprintf(renamed_to, sizeof(renamed_to), "%s", (const char *)l2);
        return MMSYSERR_NOERROR;
    default:
        return dos(lpinfo, msg, l1, l2);
    }
}

static int count_recorded(UINT msg)
{
    int count = 0;
    for (int i = 0; i < recorded_count; i++)
        count += recorded[i] == msg;
    return count;
}

static void custom_procedures(void **state)
{
    char content[40];
    for (int i = 0; i < 40; i++)
        content[i] = (char)('A' + i % 26);
    ts_spit_file(ts_scratch_path("store.rec"), content, sizeof(content));
    assert_ptr_equal(mmioInstallIOProcA(FCC("REC "), recording_proc, MMIO_INSTALLPROC), recording_proc);

    /* Selected by the extension before '+', upper-cased. */
    recorded_count = 0;
    char name[1024];
    snprintf(name, sizeof(name), "%s", ts_scratch_path("store.rec+element"));
    MMIOINFO info;
    memset(&info, 0, sizeof(info));
    HMMIO h = mmioOpenA(name, &info, MMIO_READ);
    assert_non_null(h);
    assert_int_equal(info.wErrorRet, 0);
    assert_true(open_saw_zero_info);
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_int_equal(info.fccIOProc, FCC("REC "));
    assert_ptr_equal(info.pIOProc, recording_proc);
    assert_int_equal(info.lDiskOffset, 0);
    assert_int_equal(recorded_count, 1); /* Windows: no MMIOM_SEEK during the open */
    assert_int_equal(recorded[0], MMIOM_OPEN);
    char got[40];
    assert_int_equal(mmioRead(h, got, 10), 10);
    assert_memory_equal(got, content, 10);
    assert_int_equal(mmioSeek(h, 30, SEEK_SET), 30);
    assert_int_equal(mmioRead(h, got, 20), 10);
    assert_memory_equal(got, content + 30, 10);
    assert_int_equal(mmioSendMessage(h, MMIOM_USER, 2, 3), 5);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    assert_int_equal(recorded[recorded_count - 1], MMIOM_CLOSE);
    assert_int_equal(count_recorded(MMIOM_OPEN), 1);
    assert_int_equal(count_recorded(MMIOM_CLOSE), 1);
    assert_true(count_recorded(MMIOM_READ) >= 2);
    assert_int_equal(count_recorded(MMIOM_USER), 1);

    /* Buffered through the procedure: reads arrive as whole buffers. */
    recorded_count = 0;
    memset(&info, 0, sizeof(info));
    info.cchBuffer = 16;
    h = mmioOpenA(name, &info, MMIO_READ);
    assert_non_null(h);
    for (int i = 0; i < 40; i++) {
        assert_int_equal(mmioRead(h, got, 1), 1);
        assert_int_equal(got[0], content[i]);
    }
    assert_int_equal(mmioRead(h, got, 1), 0);
    assert_int_equal(count_recorded(MMIOM_READ), 4); /* 16 + 16 + 8 + 0 */
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);

    /* Windows: the last '+' counts, so "file+name.xyz+one.two" selects "XYZ ". */
    assert_ptr_equal(mmioInstallIOProcA(FCC("XYZ "), recording_proc, MMIO_INSTALLPROC), recording_proc);
    ts_spit_file(ts_scratch_path("file+name.xyz"), "xyz!", 4);
    snprintf(name, sizeof(name), "%s", ts_scratch_path("file+name.xyz+one.two"));
    h = mmioOpenA(name, NULL, MMIO_READ);
    assert_non_null(h);
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_int_equal(info.fccIOProc, FCC("XYZ "));
    assert_int_equal(mmioRead(h, got, 4), 4);
    assert_memory_equal(got, "xyz!", 4);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    /* Windows: with the procedure removed the compound name cannot be opened. */
    assert_ptr_equal(mmioInstallIOProcA(FCC("XYZ "), NULL, MMIO_REMOVEPROC), recording_proc);
    memset(&info, 0, sizeof(info));
    assert_null(mmioOpenA(name, &info, MMIO_READ));
    assert_int_equal(info.wErrorRet, MMIOERR_FILENOTFOUND);
    /* A '+' without an extension before it is a plain file name. */
    ts_spit_file(ts_scratch_path("plain+name"), "p", 1);
    snprintf(name, sizeof(name), "%s", ts_scratch_path("plain+name"));
    h = mmioOpenA(name, NULL, MMIO_READ);
    assert_non_null(h);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);

    /* Chosen by fccIOProc, and as an uninstalled procedure in pIOProc. */
    snprintf(name, sizeof(name), "%s", ts_scratch_path("store.rec"));
    memset(&info, 0, sizeof(info));
    info.fccIOProc = FCC("REC ");
    recorded_count = 0;
    h = mmioOpenA(name, &info, MMIO_READ);
    assert_non_null(h);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    assert_int_equal(count_recorded(MMIOM_OPEN), 1);
    assert_ptr_equal(mmioInstallIOProcA(FCC("REC "), NULL, MMIO_REMOVEPROC), recording_proc);
    memset(&info, 0, sizeof(info));
    info.pIOProc = recording_proc;
    recorded_count = 0;
    h = mmioOpenA(name, &info, MMIO_READ);
    assert_non_null(h);
    assert_int_equal(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR);
    assert_ptr_equal(info.pIOProc, recording_proc);
    assert_int_equal(mmioSendMessage(h, MMIOM_USER, 40, 2), 42);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    assert_int_equal(count_recorded(MMIOM_OPEN), 1);

    /* Overriding "DOS ": plain names go through the override. */
    assert_ptr_equal(mmioInstallIOProcA(FOURCC_DOS, recording_proc, MMIO_INSTALLPROC), recording_proc);
    recorded_count = 0;
    h = mmioOpenA(name, NULL, MMIO_READ);
    assert_non_null(h);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    assert_int_equal(count_recorded(MMIOM_OPEN), 1);
    assert_ptr_equal(mmioInstallIOProcA(FOURCC_DOS, NULL, MMIO_REMOVEPROC), recording_proc);
}

/* A procedure installed with the W function receives UTF-16 names. */
static WCHAR wide_seen[64];
static LRESULT CALLBACK wide_proc(LPSTR lpinfo, UINT msg, LPARAM l1, LPARAM l2)
{
    if (msg == MMIOM_OPEN) {
        const WCHAR *name = (const WCHAR *)l1;
        size_t i = 0;
        for (; name[i] && i < 63; i++)
            wide_seen[i] = name[i];
        wide_seen[i] = 0;
        return MMSYSERR_NOERROR;
    }
    return 0;
}

static void unicode_names(void **state)
{
    assert_ptr_equal(mmioInstallIOProcW(FCC("WID "), wide_proc, MMIO_INSTALLPROC), wide_proc);
    char name[] = "x.wid+\xc3\xa9";
    HMMIO h = mmioOpenA(name, NULL, MMIO_READ);
    assert_non_null(h);
    static const WCHAR expected[] = {'x', '.', 'w', 'i', 'd', '+', 0xE9, 0};
    assert_memory_equal(wide_seen, expected, sizeof(expected));
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    assert_ptr_equal(mmioInstallIOProcW(FCC("WID "), NULL, MMIO_REMOVEPROC), wide_proc);

    /* mmioOpenW with the DOS procedure: the name is stored as UTF-8. */
    char utf8[1024];
    snprintf(utf8, sizeof(utf8), "%s", ts_scratch_path("caf\xc3\xa9.bin"));
    WCHAR wide[1024];
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)utf8; *p; p++) {
        if (*p == 0xC3 && p[1] == 0xA9) {
            wide[n++] = 0xE9;
            p++;
        } else {
            wide[n++] = *p;
        }
    }
    wide[n] = 0;
    h = mmioOpenW(wide, NULL, MMIO_CREATE | MMIO_WRITE);
    assert_non_null(h);
    assert_int_equal(mmioWrite(h, "w", 1), 1);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    assert_true(file_exists(utf8));
    /* MMIO_PARSE through the W function writes UTF-16 back (the path is already absolute). */
    WCHAR parsed[128];
    memcpy(parsed, wide, (n + 1) * sizeof(WCHAR));
    assert_true(n < 128);
    assert_ptr_equal(mmioOpenW(parsed, NULL, MMIO_PARSE), (HMMIO)(uintptr_t)TRUE);
    assert_memory_equal(parsed, wide, (n + 1) * sizeof(WCHAR));
    assert_ptr_equal(mmioOpenW(wide, NULL, MMIO_EXIST), (HMMIO)(uintptr_t)TRUE);
    assert_ptr_equal(mmioOpenW(wide, NULL, MMIO_DELETE), (HMMIO)(uintptr_t)TRUE);
    assert_false(file_exists(utf8));
}

static void rename_files(void **state)
{
    char from[1024], to[1024];
    snprintf(from, sizeof(from), "%s", ts_scratch_path("old.bin"));
    snprintf(to, sizeof(to), "%s", ts_scratch_path("new.bin"));
    ts_spit_file(from, "data", 4);
    assert_int_equal(mmioRenameA(from, to, NULL, 0), MMSYSERR_NOERROR);
    assert_false(file_exists(from));
    assert_true(file_exists(to));
    assert_int_equal(mmioRenameA(from, to, NULL, 0), MMIOERR_FILENOTFOUND);
    /* Like MoveFile, an existing target is not replaced. */
    ts_spit_file(from, "other", 5);
    assert_int_equal(mmioRenameA(from, to, NULL, 0), MMIOERR_ACCESSDENIED);
    size_t size;
    unsigned char *bytes = ts_read_file(to, &size);
    assert_int_equal(size, 4);
    free(bytes);
    assert_int_equal(mmioRenameA(NULL, to, NULL, 0), MMSYSERR_INVALPARAM);
    /* W names. */
    unlink(to);
    WCHAR wfrom[1024], wto[1024];
    size_t i = 0;
    for (; from[i]; i++)
        wfrom[i] = (WCHAR)(unsigned char)from[i];
    wfrom[i] = 0;
    for (i = 0; to[i]; i++)
        wto[i] = (WCHAR)(unsigned char)to[i];
    wto[i] = 0;
    assert_int_equal(mmioRenameW(wfrom, wto, NULL, 0), MMSYSERR_NOERROR);
    assert_true(file_exists(to));
    /* Through a custom procedure, by compound name. */
    assert_ptr_equal(mmioInstallIOProcA(FCC("REC "), recording_proc, MMIO_INSTALLPROC), recording_proc);
    MMIOINFO info;
    memset(&info, 0, sizeof(info));
    assert_int_equal(mmioRenameA("a.rec+one", "a.rec+two", &info, 0), MMSYSERR_NOERROR);
    assert_string_equal(renamed_from, "a.rec+one");
    assert_string_equal(renamed_to, "a.rec+two");
    assert_ptr_equal(mmioInstallIOProcA(FCC("REC "), NULL, MMIO_REMOVEPROC), recording_proc);
}

static void name_requests(void **state)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s", ts_scratch_path("exists.bin"));
    ts_spit_file(path, "x", 1);
    MMIOINFO info;
    memset(&info, 0, sizeof(info));
    assert_ptr_equal(mmioOpenA(path, &info, MMIO_EXIST), (HMMIO)(uintptr_t)TRUE);
    assert_int_equal(info.wErrorRet, 0);
    assert_ptr_equal(mmioOpenA(path, &info, MMIO_DELETE), (HMMIO)(uintptr_t)TRUE);
    assert_false(file_exists(path));
    /* Windows: MMIO_EXIST of a missing file gives FALSE and MMIOERR_FILENOTFOUND. */
    info.wErrorRet = 0xdead;
    assert_null(mmioOpenA(path, &info, MMIO_EXIST));
    assert_int_equal(info.wErrorRet, MMIOERR_FILENOTFOUND);
    assert_null(mmioOpenA(path, &info, MMIO_DELETE));
    assert_int_equal(info.wErrorRet, MMIOERR_FILENOTFOUND);
    /* MMIO_DELETE wins over the open flags and opens nothing. */
    ts_spit_file(path, "x", 1);
    assert_ptr_equal(mmioOpenA(path, NULL, MMIO_DELETE | MMIO_CREATE | MMIO_WRITE), (HMMIO)(uintptr_t)TRUE);
    assert_false(file_exists(path));

    /* MMIO_PARSE: the fully qualified name, "." and ".." resolved. */
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    char dir[100];
    const char *base = ts_scratch_path("");
    if (strlen(base) >= sizeof(dir)) {
        print_message("skipped: the temporary directory's name is too long for 128-character names\n");
        skip();
    }
    snprintf(dir, sizeof(dir), "%.*s", (int)strlen(base) - 1, base);
    assert_int_equal(chdir(dir), 0);
    char buffer[128] = "a/./b/../c.wav";
    char expected[1024];
    snprintf(expected, sizeof(expected), "%s/a/c.wav", dir);
    if (strlen(expected) < 128) {
        assert_ptr_equal(mmioOpenA(buffer, NULL, MMIO_PARSE), (HMMIO)(uintptr_t)TRUE);
        assert_string_equal(buffer, expected);
    }
    /* A qualified name of 128 characters or more fails with MMIOERR_OUTOFMEMORY and leaves
     * the caller's buffer as it was (regress_mmio_parse_failure_keeps_buffer tests more). */
    char longname[200];
    memset(longname, 'x', sizeof(longname));
    longname[150] = '\0';
    info.wErrorRet = 0xdead;
    assert_null(mmioOpenA(longname, &info, MMIO_PARSE));
    assert_int_equal(info.wErrorRet, MMIOERR_OUTOFMEMORY);
    assert_int_equal(strlen(longname), 150);
    assert_int_equal(chdir(cwd), 0);

    /* MMIO_GETTEMP: success is MMSYSERR_NOERROR cast to HMMIO (as documented); the name
     * names a new empty file. */
    char temp[128];
    snprintf(temp, sizeof(temp), "%s/F", dir);
    info.wErrorRet = 0xdead;
    assert_null(mmioOpenA(temp, &info, MMIO_GETTEMP));
    assert_int_equal(info.wErrorRet, MMSYSERR_NOERROR);
    char prefix[1024];
    snprintf(prefix, sizeof(prefix), "%s/F", dir);
    assert_memory_equal(temp, prefix, strlen(prefix));
    assert_true(file_exists(temp));
    char temp2[128] = "";
    assert_null(mmioOpenA(temp2, NULL, MMIO_GETTEMP));
    assert_true(temp2[0] == '/' && file_exists(temp2));
    unlink(temp2);
    snprintf(temp, sizeof(temp), "%s/no/such/dir/F", dir);
    assert_ptr_equal(mmioOpenA(temp, &info, MMIO_GETTEMP), (HMMIO)(uintptr_t)MMIOERR_FILENOTFOUND);
    /* A memory file cannot answer name requests. */
    memset(&info, 0, sizeof(info));
    info.fccIOProc = FOURCC_MEM;
    assert_null(mmioOpenA(path, &info, MMIO_EXIST));
    assert_int_equal(info.wErrorRet, MMIOERR_CANNOTOPEN);
}

/* Issue 10 item 15: MMIO_PARSE whose fully qualified name does not fit in 128 characters
 * fails with MMIOERR_OUTOFMEMORY and must not touch the caller's buffer (it was overwritten
 * with the first 127 characters of the path), through mmioOpenA and mmioOpenW, for a long
 * absolute name and for a short relative name that only the current folder makes too long. */
static void regress_mmio_parse_failure_keeps_buffer(void **state)
{
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    /* A folder whose name alone takes 100 characters below the test directory. */
    char folder[100 + 1];
    memset(folder, 'd', 100);
    folder[100] = '\0';
    const char *deep = ts_scratch_path(folder);
    if (mkdir(deep, 0700) != 0 || chdir(deep) != 0) {
        print_message("skipped: cannot make a 100-character folder name here\n");
        skip();
    }
    struct {
        const char *name; /* what the buffer holds */
        size_t size;      /* the buffer's size (the rest is filled with a sentinel) */
    } cases[] = {
        {"/abs/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.wav", 200},
        {"relative/name-of-forty-characters-long.wav", 128},
    };
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        char buffer[200], before[200];
        memset(buffer, 0x5A, sizeof(buffer));
        memcpy(buffer, cases[c].name, strlen(cases[c].name) + 1);
        memcpy(before, buffer, sizeof(buffer));
        MMIOINFO info;
        memset(&info, 0, sizeof(info));
        info.wErrorRet = 0xdead;
        assert_null(mmioOpenA(buffer, &info, MMIO_PARSE));
        assert_int_equal(info.wErrorRet, MMIOERR_OUTOFMEMORY);
        assert_memory_equal(buffer, before, cases[c].size);

        WCHAR wide[200], wide_before[200];
        for (size_t i = 0; i < 200; i++)
            wide[i] = 0x5A5A;
        for (size_t i = 0; i <= strlen(cases[c].name); i++)
            wide[i] = (WCHAR)(unsigned char)cases[c].name[i];
        memcpy(wide_before, wide, sizeof(wide));
        info.wErrorRet = 0xdead;
        assert_null(mmioOpenW(wide, &info, MMIO_PARSE));
        assert_int_equal(info.wErrorRet, MMIOERR_OUTOFMEMORY);
        assert_memory_equal(wide, wide_before, cases[c].size * sizeof(WCHAR));
    }
    assert_int_equal(chdir(cwd), 0);
    /* A name that fits is still written back. */
    char fits[128] = "/tmp/../ok.wav";
    assert_ptr_equal(mmioOpenA(fits, NULL, MMIO_PARSE), (HMMIO)(uintptr_t)TRUE);
    assert_string_equal(fits, "/ok.wav");
}

/* Issue 10 item 16: as Windows' OpenFile search does, mmioOpen of a plain file name that is
 * not in the current folder opens the file beside the program (here: this test executable,
 * run from another folder). The current folder comes first; names with a path, MMIO_CREATE,
 * MMIO_EXIST, MMIO_PARSE and MMIO_DELETE never search. */
static char beside_file[1200]; /* removed at teardown if a failed assertion left it */

static void regress_mmio_open_searches_program_folder(void **state)
{
    char program[1024];
    ssize_t length = readlink("/proc/self/exe", program, sizeof(program) - 1);
    if (length <= 0) {
        print_message("skipped: /proc/self/exe cannot name this program\n");
        skip();
    }
    program[length] = '\0';
    *strrchr(program, '/') = '\0';
    char name[64], beside[1200], here[1200];
    snprintf(name, sizeof(name), "portacm-beside-%ld.bin", (long)getpid());
    snprintf(beside, sizeof(beside), "%s/%s", program, name);
    FILE *out = fopen(beside, "wb");
    if (!out) {
        print_message("skipped: cannot write beside the test program\n");
        skip();
    }
    fputs("beside", out);
    fclose(out);
    snprintf(beside_file, sizeof(beside_file), "%s", beside);
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    char dir[1024];
    const char *base = ts_scratch_path("");
    snprintf(dir, sizeof(dir), "%.*s", (int)strlen(base) - 1, base);
    assert_int_equal(chdir(dir), 0);
    snprintf(here, sizeof(here), "%s/%s", dir, name);
    assert_false(file_exists(here));

    /* Reading, and the other access modes (OpenFile searches for every open). */
    static const DWORD modes[] = {MMIO_READ, MMIO_READ | MMIO_ALLOCBUF, MMIO_READWRITE};
    for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
        MMIOINFO info;
        memset(&info, 0, sizeof(info));
        HMMIO h = mmioOpenA(name, &info, modes[m]);
        assert_non_null(h);
        assert_int_equal(info.wErrorRet, MMSYSERR_NOERROR);
        char got[8] = {0};
        assert_int_equal(mmioRead(h, got, sizeof(got)), 6);
        assert_string_equal(got, "beside");
        assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    }
    WCHAR wide[64];
    for (size_t i = 0; i <= strlen(name); i++)
        wide[i] = (WCHAR)(unsigned char)name[i];
    HMMIO h = mmioOpenW(wide, NULL, MMIO_READ);
    assert_non_null(h);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);

    /* A name with a path is never searched. */
    char dotted[80];
    snprintf(dotted, sizeof(dotted), "./%s", name);
    MMIOINFO info;
    memset(&info, 0, sizeof(info));
    assert_null(mmioOpenA(dotted, &info, MMIO_READ));
    assert_int_equal(info.wErrorRet, MMIOERR_FILENOTFOUND);
    /* MMIO_EXIST and MMIO_PARSE qualify the name against the current folder (no search). */
    char buffer[1200];
    snprintf(buffer, sizeof(buffer), "%s", name);
    info.wErrorRet = 0xdead;
    assert_null(mmioOpenA(buffer, &info, MMIO_EXIST));
    assert_int_equal(info.wErrorRet, MMIOERR_FILENOTFOUND);
    if (strlen(here) < 128) {
        assert_ptr_equal(mmioOpenA(buffer, NULL, MMIO_PARSE), (HMMIO)(uintptr_t)TRUE);
        assert_string_equal(buffer, here);
    }
    /* MMIO_DELETE does not search: the file beside the program stays. */
    snprintf(buffer, sizeof(buffer), "%s", name);
    assert_null(mmioOpenA(buffer, &info, MMIO_DELETE));
    assert_int_equal(info.wErrorRet, MMIOERR_FILENOTFOUND);
    assert_true(file_exists(beside));
    /* MMIO_CREATE creates in the current folder; a later open still finds the program's
     * folder first, as OpenFile searches it before the current folder. */
    h = mmioOpenA(name, NULL, MMIO_CREATE | MMIO_WRITE);
    assert_non_null(h);
    assert_int_equal(mmioWrite(h, "here", 4), 4);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    assert_true(file_exists(here));
    size_t size;
    unsigned char *bytes = ts_read_file(beside, &size);
    assert_int_equal(size, 6);
    free(bytes);
    h = mmioOpenA(name, NULL, MMIO_READ);
    assert_non_null(h);
    char got[8] = {0};
    assert_int_equal(mmioRead(h, got, sizeof(got)), 6);
    assert_string_equal(got, "beside");
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    /* Without the file beside the program, the current folder's file is found. */
    unlink(beside);
    h = mmioOpenA(name, NULL, MMIO_READ);
    assert_non_null(h);
    memset(got, 0, sizeof(got));
    assert_int_equal(mmioRead(h, got, sizeof(got)), 4);
    assert_string_equal(got, "here");
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);

    unlink(here);
    unlink(beside);
    /* Found nowhere: the current folder's answer. */
    memset(&info, 0, sizeof(info));
    assert_null(mmioOpenA(name, &info, MMIO_READ));
    assert_int_equal(info.wErrorRet, MMIOERR_FILENOTFOUND);
    assert_int_equal(chdir(cwd), 0);
}

static void open_errors(void **state)
{
    MMIOINFO info;
    memset(&info, 0, sizeof(info));
    assert_null(mmioOpenA((LPSTR)ts_scratch_path("missing.wav"), &info, MMIO_READ));
    assert_int_equal(info.wErrorRet, MMIOERR_FILENOTFOUND);
    assert_null(mmioOpenA((LPSTR)ts_scratch_path("nodir/missing.wav"), &info, MMIO_READ));
    assert_int_equal(info.wErrorRet, MMIOERR_PATHNOTFOUND);
    assert_null(mmioOpenA((LPSTR)ts_scratch_path("nodir/new.wav"), &info, MMIO_CREATE | MMIO_WRITE));
    assert_int_equal(info.wErrorRet, MMIOERR_PATHNOTFOUND);
    mkdir(ts_scratch_path("adir"), 0700);
    assert_null(mmioOpenA((LPSTR)ts_scratch_path("adir"), &info, MMIO_READ));
    assert_int_equal(info.wErrorRet, MMIOERR_ACCESSDENIED);
    /* MMIO_CREATE truncates an existing file. */
    const char *path = ts_scratch_path("truncate.bin");
    ts_spit_file(path, "0123456789", 10);
    HMMIO h = mmioOpenA((LPSTR)path, NULL, MMIO_CREATE | MMIO_READWRITE);
    assert_non_null(h);
    assert_int_equal(mmioSeek(h, 0, SEEK_END), 0);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    /* Share modes: an exclusive open conflicts with any other mmio open of the file. */
    h = mmioOpenA((LPSTR)path, NULL, MMIO_READ | MMIO_EXCLUSIVE);
    assert_non_null(h);
    assert_null(mmioOpenA((LPSTR)path, &info, MMIO_READ | MMIO_DENYNONE));
    assert_int_equal(info.wErrorRet, MMIOERR_SHARINGVIOLATION);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    h = mmioOpenA((LPSTR)path, NULL, MMIO_READ | MMIO_DENYNONE);
    HMMIO h2 = mmioOpenA((LPSTR)path, NULL, MMIO_READ | MMIO_DENYWRITE);
    assert_non_null(h);
    assert_non_null(h2);
    assert_null(mmioOpenA((LPSTR)path, &info, MMIO_READWRITE | MMIO_EXCLUSIVE));
    assert_int_equal(info.wErrorRet, MMIOERR_SHARINGVIOLATION);
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    assert_int_equal(mmioClose(h2, 0), MMSYSERR_NOERROR);

    /* Permissions: root ignores them, so these only run as an ordinary user. */
    if (geteuid() == 0) {
        print_message("skipped the permission cases: running as root ignores file modes\n");
        return;
    }
    const char *locked = ts_scratch_path("locked");
    mkdir(locked, 0500);
    char inside[1024];
    snprintf(inside, sizeof(inside), "%s/new.wav", locked);
    assert_null(mmioOpenA(inside, &info, MMIO_CREATE | MMIO_WRITE));
    assert_int_equal(info.wErrorRet, MMIOERR_ACCESSDENIED);
    chmod(path, 0400);
    assert_null(mmioOpenA((LPSTR)path, &info, MMIO_WRITE));
    assert_int_equal(info.wErrorRet, MMIOERR_ACCESSDENIED);
    chmod(path, 0600);
}

/* ---- threads ----------------------------------------------------------------------------- */

typedef struct {
    int index;
    int failures;
    char path[1024]; /* made on the main thread: the path helper is not thread-safe */
} worker;

/* Each thread writes its own RIFF file with many small chunks, then reads it back. */
static void *worker_main(void *argument)
{
    worker *self = argument;
    HMMIO h = mmioOpenA(self->path, NULL, MMIO_CREATE | MMIO_READWRITE | MMIO_ALLOCBUF);
    if (!h) {
        self->failures++;
        return NULL;
    }
    MMCKINFO riff = {0, 0, FCC("TEST"), 0, 0};
    self->failures += mmioCreateChunk(h, &riff, MMIO_CREATERIFF) != 0;
    for (int i = 0; i < 500; i++) {
        MMCKINFO ck = {FCC("item"), 0, 0, 0, 0};
        char value[3] = {(char)self->index, (char)i, (char)(i >> 8)};
        self->failures += mmioCreateChunk(h, &ck, 0) != 0;
        self->failures += mmioWrite(h, value, 3) != 3;
        self->failures += mmioAscend(h, &ck, 0) != 0;
    }
    self->failures += mmioAscend(h, &riff, 0) != 0;
    self->failures += mmioSeek(h, 0, SEEK_SET) != 0;
    MMCKINFO back = {0, 0, FCC("TEST"), 0, 0};
    self->failures += mmioDescend(h, &back, NULL, MMIO_FINDRIFF) != 0;
    for (int i = 0; i < 500; i++) {
        MMCKINFO ck = {FCC("item"), 0, 0, 0, 0};
        char value[3];
        self->failures += mmioDescend(h, &ck, &back, MMIO_FINDCHUNK) != 0;
        self->failures += mmioRead(h, value, 3) != 3;
        self->failures += value[0] != (char)self->index || value[1] != (char)i || value[2] != (char)(i >> 8);
        self->failures += mmioAscend(h, &ck, 0) != 0;
    }
    self->failures += mmioClose(h, 0) != 0;
    return NULL;
}

typedef struct {
    HMMIO h;
    long bytes;
    int bad_results;
} shared_reader;

/* Reads 4-byte records from a shared handle until it ends or is closed under us. */
static void *shared_read_main(void *argument)
{
    shared_reader *self = argument;
    char record[4];
    for (;;) {
        LONG n = mmioRead(self->h, record, 4);
        if (n <= 0) {
            self->bad_results += n < -1;
            break;
        }
        self->bytes += n;
    }
    return NULL;
}

static void concurrent_use(void **state)
{
    enum { WORKERS = 4 };
    pthread_t threads[WORKERS];
    worker workers[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        workers[i].index = i;
        workers[i].failures = 0;
        char name[64];
        snprintf(name, sizeof(name), "thread%d.riff", i);
        snprintf(workers[i].path, sizeof(workers[i].path), "%s", ts_scratch_path(name));
        assert_int_equal(pthread_create(&threads[i], NULL, worker_main, &workers[i]), 0);
    }
    for (int i = 0; i < WORKERS; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        assert_int_equal(workers[i].failures, 0);
    }

    /* One handle, several readers: every byte is read exactly once. */
    static char data[40000];
    memset(data, 7, sizeof(data));
    const char *path = ts_scratch_path("shared.bin");
    ts_spit_file(path, data, sizeof(data));
    HMMIO h = mmioOpenA((LPSTR)path, NULL, MMIO_READ | MMIO_ALLOCBUF);
    assert_non_null(h);
    shared_reader readers[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        readers[i] = (shared_reader){h, 0, 0};
        assert_int_equal(pthread_create(&threads[i], NULL, shared_read_main, &readers[i]), 0);
    }
    long total = 0;
    for (int i = 0; i < WORKERS; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        total += readers[i].bytes;
        assert_int_equal(readers[i].bad_results, 0);
    }
    assert_int_equal(total, (long)sizeof(data));
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);

    /* Closing while other threads read: they get -1, never a crash. */
    h = mmioOpenA((LPSTR)path, NULL, MMIO_READ);
    assert_non_null(h);
    for (int i = 0; i < WORKERS; i++) {
        readers[i] = (shared_reader){h, 0, 0};
        assert_int_equal(pthread_create(&threads[i], NULL, shared_read_main, &readers[i]), 0);
    }
    assert_int_equal(mmioClose(h, 0), MMSYSERR_NOERROR);
    for (int i = 0; i < WORKERS; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        assert_int_equal(readers[i].bad_results, 0);
    }
    assert_int_equal(mmioRead(h, data, 4), -1);
}

static int setup_all(void **state)
{
    builtin_dos = mmioInstallIOProcA(FOURCC_DOS, NULL, MMIO_FINDPROC);
    return builtin_dos ? 0 : -1;
}

static int teardown_all(void **state)
{
    if (beside_file[0])
        unlink(beside_file);
    ts_scratch_cleanup();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fourcc_conversion),
        cmocka_unit_test(install_find_remove),
        cmocka_unit_test(per_thread_registry),
        cmocka_unit_test(custom_procedures),
        cmocka_unit_test(unicode_names),
        cmocka_unit_test(rename_files),
        cmocka_unit_test(name_requests),
        cmocka_unit_test(regress_mmio_parse_failure_keeps_buffer),
        cmocka_unit_test(regress_mmio_open_searches_program_folder),
        cmocka_unit_test(open_errors),
        cmocka_unit_test(concurrent_use),
    };
    return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
