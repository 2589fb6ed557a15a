/*
 * test_abi.c - pins the binary interface of the public headers to 64-bit Windows: the size
 * and offset of every member of every public structure, the size and signedness of the base
 * types, the value of every public constant, the prototypes of the msacm functions, and the
 * generic (TCHAR) name mapping.
 *
 * The expected numbers are NOT taken from our headers. Each was worked out by hand from the
 * Windows declaration of the structure (member order and types as Microsoft documents them)
 * under the 64-bit Windows data model (LLP64: pointers, handles, *_PTR, WPARAM, LPARAM and
 * LRESULT are 8 bytes; DWORD, LONG, UINT, INT, BOOL are 4; WORD, SHORT and WCHAR are 2) and
 * the packing rule of the header that declares it:
 *  - windef/winuser structures use natural alignment: each member at a multiple of its own
 *    alignment, the size rounded up to the largest alignment;
 *  - the multimedia headers (mmsystem/mmiscapi, mmreg, msacm, msacmdrv) are byte-packed on
 *    Windows (pshpack1), so each member follows the previous one with no padding and the
 *    size is the plain sum.
 * The arithmetic is written next to each table so a reviewer can redo it.
 *
 * Every mismatch is printed before the test fails, so one run lists all of them.
 */
#include <windows.h>
#include <mmsystem.h>
#include <mmreg.h>
#include <msacm.h>
#include <msacmdrv.h>
#include <mmddk.h>

#include "test_abi_int.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

/* The driver's view of a stream header must have exactly the size of the application's view:
 * the ACM hands the same memory to the driver. Checked at compile time as well. */
_Static_assert(sizeof(ACMDRVSTREAMHEADER) == sizeof(ACMSTREAMHEADER),
               "ACMDRVSTREAMHEADER must overlay ACMSTREAMHEADER exactly");

int abi_report_mismatches(const char *table, const abi_row *rows, size_t count)
{
    int mismatches = 0;
    for (size_t i = 0; i < count; i++) {
        if (rows[i].actual != rows[i].expected) {
            fprintf(stderr, "[%s] %s: ours %lld, Windows %lld\n", table, rows[i].what, rows[i].actual,
                    rows[i].expected);
            mismatches++;
        }
    }
    return mismatches;
}

#define ROWS(rows) (rows), (sizeof(rows) / sizeof((rows)[0]))

/* A row for a value. */
#define VALUE(name, expected) {#name, (long long)(name), (long long)(expected)}
/* A row for a structure's size. */
#define SIZE(type, expected) {"sizeof(" #type ")", (long long)sizeof(type), (long long)(expected)}
/* Two rows for one member: where it starts and how big it is. */
#define MEMBER(type, member, offset, size)                                                   \
    {#type "." #member " offset", (long long)offsetof(type, member), (long long)(offset)}, \
    {                                                                                      \
        #type "." #member " size", (long long)sizeof(((type *)0)->member), (long long)(size) \
    }

/* The expectations are 64-bit Windows values: on another data model they cannot hold. */
static int abi_setup(void **state)
{
    (void)state;
    if (sizeof(void *) != 8) {
        fprintf(stderr, "skipping: the expected layouts are those of 64-bit Windows and this is a %zu-bit build\n",
                sizeof(void *) * 8);
        return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* base types                                                                               */
/* ---------------------------------------------------------------------------------------- */

/* 1 for a signed type: converting -1 to it gives a negative value rather than its maximum.
 * (Written with ">" so that -Wtype-limits has nothing to say about unsigned types.) */
#define IS_SIGNED(type) (!((type)((type)0 - 1) > (type)0))

static void test_base_types(void **state)
{
    (void)state;
    const abi_row rows[] = {
        SIZE(BYTE, 1), SIZE(UCHAR, 1), SIZE(BOOLEAN, 1), SIZE(CHAR, 1), SIZE(SHORT, 2), SIZE(WORD, 2),
        SIZE(USHORT, 2), SIZE(WCHAR, 2), SIZE(INT, 4), SIZE(UINT, 4), SIZE(LONG, 4), SIZE(ULONG, 4),
        SIZE(DWORD, 4), SIZE(BOOL, 4), SIZE(FLOAT, 4), SIZE(LONGLONG, 8), SIZE(ULONGLONG, 8),
        SIZE(DWORDLONG, 8), SIZE(DWORD64, 8), SIZE(INT64, 8), SIZE(UINT64, 8), SIZE(INT_PTR, 8),
        SIZE(UINT_PTR, 8), SIZE(LONG_PTR, 8), SIZE(ULONG_PTR, 8), SIZE(DWORD_PTR, 8), SIZE(SIZE_T, 8),
        SIZE(SSIZE_T, 8), SIZE(WPARAM, 8), SIZE(LPARAM, 8), SIZE(LRESULT, 8), SIZE(ATOM, 2),
        SIZE(COLORREF, 4), SIZE(HANDLE, 8), SIZE(HWND, 8), SIZE(HINSTANCE, 8), SIZE(HMODULE, 8),
        SIZE(HDRVR, 8), SIZE(HKEY, 8), SIZE(HMENU, 8), SIZE(HICON, 8), SIZE(HCURSOR, 8), SIZE(HBRUSH, 8),
        SIZE(HDC, 8), SIZE(HTASK, 8), SIZE(HGLOBAL, 8), SIZE(HLOCAL, 8), SIZE(HFILE, 4), SIZE(HMMIO, 8),
        SIZE(HACMDRIVERID, 8), SIZE(HACMDRIVER, 8), SIZE(HACMSTREAM, 8), SIZE(HACMOBJ, 8), SIZE(LPVOID, 8),
        SIZE(LPSTR, 8), SIZE(LPWSTR, 8), SIZE(MMRESULT, 4), SIZE(MMVERSION, 4), SIZE(FOURCC, 4),
        SIZE(TCHAR, 1), /* UNICODE is not defined in this file */
        /* signedness: 1 signed, 0 unsigned */
        {"BYTE signed", IS_SIGNED(BYTE), 0}, {"SHORT signed", IS_SIGNED(SHORT), 1},
        {"WORD signed", IS_SIGNED(WORD), 0}, {"WCHAR signed", IS_SIGNED(WCHAR), 0},
        {"INT signed", IS_SIGNED(INT), 1}, {"UINT signed", IS_SIGNED(UINT), 0},
        {"LONG signed", IS_SIGNED(LONG), 1}, {"ULONG signed", IS_SIGNED(ULONG), 0},
        {"DWORD signed", IS_SIGNED(DWORD), 0}, {"BOOL signed", IS_SIGNED(BOOL), 1},
        {"LONGLONG signed", IS_SIGNED(LONGLONG), 1}, {"ULONGLONG signed", IS_SIGNED(ULONGLONG), 0},
        {"INT_PTR signed", IS_SIGNED(INT_PTR), 1}, {"UINT_PTR signed", IS_SIGNED(UINT_PTR), 0},
        {"LONG_PTR signed", IS_SIGNED(LONG_PTR), 1}, {"ULONG_PTR signed", IS_SIGNED(ULONG_PTR), 0},
        {"DWORD_PTR signed", IS_SIGNED(DWORD_PTR), 0}, {"SIZE_T signed", IS_SIGNED(SIZE_T), 0},
        {"WPARAM signed", IS_SIGNED(WPARAM), 0}, {"LPARAM signed", IS_SIGNED(LPARAM), 1},
        {"LRESULT signed", IS_SIGNED(LRESULT), 1}, {"MMRESULT signed", IS_SIGNED(MMRESULT), 0},
        {"FOURCC signed", IS_SIGNED(FOURCC), 0},
    };
    assert_int_equal(abi_report_mismatches("base types", ROWS(rows)), 0);
}

/* ---------------------------------------------------------------------------------------- */
/* windef.h / winbase.h / winuser.h structures (natural alignment)                          */
/* ---------------------------------------------------------------------------------------- */

static void test_windows_structs(void **state)
{
    (void)state;
    const abi_row rows[] = {
        /* POINT: 2 LONGs = 8. RECT: 4 LONGs = 16. */
        SIZE(POINT, 8), MEMBER(POINT, x, 0, 4), MEMBER(POINT, y, 4, 4),
        SIZE(RECT, 16), MEMBER(RECT, left, 0, 4), MEMBER(RECT, top, 4, 4), MEMBER(RECT, right, 8, 4),
        MEMBER(RECT, bottom, 12, 4),
        /* GUID: DWORD 0, WORD 4, WORD 6, BYTE[8] 8 = 16. */
        SIZE(GUID, 16), MEMBER(GUID, Data1, 0, 4), MEMBER(GUID, Data2, 4, 2), MEMBER(GUID, Data3, 6, 2),
        MEMBER(GUID, Data4, 8, 8),
        /* SECURITY_ATTRIBUTES: DWORD 0, (pad 4) pointer 8, BOOL 16, (pad 4) = 24. */
        SIZE(SECURITY_ATTRIBUTES, 24), MEMBER(SECURITY_ATTRIBUTES, nLength, 0, 4),
        MEMBER(SECURITY_ATTRIBUTES, lpSecurityDescriptor, 8, 8), MEMBER(SECURITY_ATTRIBUTES, bInheritHandle, 16, 4),
        /* MSG: HWND 0, UINT 8, (pad) WPARAM 16, LPARAM 24, DWORD 32, POINT 36 (4-aligned),
         * end 44, rounded to 8 = 48. */
        SIZE(MSG, 48), MEMBER(MSG, hwnd, 0, 8), MEMBER(MSG, message, 8, 4), MEMBER(MSG, wParam, 16, 8),
        MEMBER(MSG, lParam, 24, 8), MEMBER(MSG, time, 32, 4), MEMBER(MSG, pt, 36, 8),
        /* WNDCLASS: UINT 0, (pad) WNDPROC 8, int 16, int 20, then six pointers 24..64 = 72. */
        SIZE(WNDCLASSA, 72), MEMBER(WNDCLASSA, style, 0, 4), MEMBER(WNDCLASSA, lpfnWndProc, 8, 8),
        MEMBER(WNDCLASSA, cbClsExtra, 16, 4), MEMBER(WNDCLASSA, cbWndExtra, 20, 4),
        MEMBER(WNDCLASSA, hInstance, 24, 8), MEMBER(WNDCLASSA, hIcon, 32, 8), MEMBER(WNDCLASSA, hCursor, 40, 8),
        MEMBER(WNDCLASSA, hbrBackground, 48, 8), MEMBER(WNDCLASSA, lpszMenuName, 56, 8),
        MEMBER(WNDCLASSA, lpszClassName, 64, 8),
        SIZE(WNDCLASSW, 72), MEMBER(WNDCLASSW, style, 0, 4), MEMBER(WNDCLASSW, lpfnWndProc, 8, 8),
        MEMBER(WNDCLASSW, cbClsExtra, 16, 4), MEMBER(WNDCLASSW, cbWndExtra, 20, 4),
        MEMBER(WNDCLASSW, hInstance, 24, 8), MEMBER(WNDCLASSW, hIcon, 32, 8), MEMBER(WNDCLASSW, hCursor, 40, 8),
        MEMBER(WNDCLASSW, hbrBackground, 48, 8), MEMBER(WNDCLASSW, lpszMenuName, 56, 8),
        MEMBER(WNDCLASSW, lpszClassName, 64, 8),
        /* WNDCLASSEX: UINT 0, UINT 4, WNDPROC 8, int 16, int 20, seven pointers 24..72 = 80. */
        SIZE(WNDCLASSEXA, 80), MEMBER(WNDCLASSEXA, cbSize, 0, 4), MEMBER(WNDCLASSEXA, style, 4, 4),
        MEMBER(WNDCLASSEXA, lpfnWndProc, 8, 8), MEMBER(WNDCLASSEXA, cbClsExtra, 16, 4),
        MEMBER(WNDCLASSEXA, cbWndExtra, 20, 4), MEMBER(WNDCLASSEXA, hInstance, 24, 8),
        MEMBER(WNDCLASSEXA, hIcon, 32, 8), MEMBER(WNDCLASSEXA, hCursor, 40, 8),
        MEMBER(WNDCLASSEXA, hbrBackground, 48, 8), MEMBER(WNDCLASSEXA, lpszMenuName, 56, 8),
        MEMBER(WNDCLASSEXA, lpszClassName, 64, 8), MEMBER(WNDCLASSEXA, hIconSm, 72, 8),
        SIZE(WNDCLASSEXW, 80), MEMBER(WNDCLASSEXW, cbSize, 0, 4), MEMBER(WNDCLASSEXW, style, 4, 4),
        MEMBER(WNDCLASSEXW, lpfnWndProc, 8, 8), MEMBER(WNDCLASSEXW, cbClsExtra, 16, 4),
        MEMBER(WNDCLASSEXW, cbWndExtra, 20, 4), MEMBER(WNDCLASSEXW, hInstance, 24, 8),
        MEMBER(WNDCLASSEXW, hIcon, 32, 8), MEMBER(WNDCLASSEXW, hCursor, 40, 8),
        MEMBER(WNDCLASSEXW, hbrBackground, 48, 8), MEMBER(WNDCLASSEXW, lpszMenuName, 56, 8),
        MEMBER(WNDCLASSEXW, lpszClassName, 64, 8), MEMBER(WNDCLASSEXW, hIconSm, 72, 8),
        /* CREATESTRUCT: four pointers 0..24, four ints 32..44, LONG 48, (pad) two pointers 56, 64,
         * DWORD 72, rounded to 8 = 80. */
        SIZE(CREATESTRUCTA, 80), MEMBER(CREATESTRUCTA, lpCreateParams, 0, 8),
        MEMBER(CREATESTRUCTA, hInstance, 8, 8), MEMBER(CREATESTRUCTA, hMenu, 16, 8),
        MEMBER(CREATESTRUCTA, hwndParent, 24, 8), MEMBER(CREATESTRUCTA, cy, 32, 4), MEMBER(CREATESTRUCTA, cx, 36, 4),
        MEMBER(CREATESTRUCTA, y, 40, 4), MEMBER(CREATESTRUCTA, x, 44, 4), MEMBER(CREATESTRUCTA, style, 48, 4),
        MEMBER(CREATESTRUCTA, lpszName, 56, 8), MEMBER(CREATESTRUCTA, lpszClass, 64, 8),
        MEMBER(CREATESTRUCTA, dwExStyle, 72, 4),
        SIZE(CREATESTRUCTW, 80), MEMBER(CREATESTRUCTW, lpCreateParams, 0, 8),
        MEMBER(CREATESTRUCTW, hInstance, 8, 8), MEMBER(CREATESTRUCTW, hMenu, 16, 8),
        MEMBER(CREATESTRUCTW, hwndParent, 24, 8), MEMBER(CREATESTRUCTW, cy, 32, 4), MEMBER(CREATESTRUCTW, cx, 36, 4),
        MEMBER(CREATESTRUCTW, y, 40, 4), MEMBER(CREATESTRUCTW, x, 44, 4), MEMBER(CREATESTRUCTW, style, 48, 4),
        MEMBER(CREATESTRUCTW, lpszName, 56, 8), MEMBER(CREATESTRUCTW, lpszClass, 64, 8),
        MEMBER(CREATESTRUCTW, dwExStyle, 72, 4),
    };
    assert_int_equal(abi_report_mismatches("windows structs", ROWS(rows)), 0);
}

/* ---------------------------------------------------------------------------------------- */
/* mmiscapi.h structures (byte-packed)                                                      */
/* ---------------------------------------------------------------------------------------- */

static void test_mmiscapi_structs(void **state)
{
    (void)state;
    const abi_row rows[] = {
        /* DRVCONFIGINFO: DWORD 0, LPCWSTR 4, LPCWSTR 12 = 20. EX adds DWORD 20 = 24. */
        SIZE(DRVCONFIGINFO, 20), MEMBER(DRVCONFIGINFO, dwDCISize, 0, 4),
        MEMBER(DRVCONFIGINFO, lpszDCISectionName, 4, 8), MEMBER(DRVCONFIGINFO, lpszDCIAliasName, 12, 8),
        SIZE(DRVCONFIGINFOEX, 24), MEMBER(DRVCONFIGINFOEX, dwDCISize, 0, 4),
        MEMBER(DRVCONFIGINFOEX, lpszDCISectionName, 4, 8), MEMBER(DRVCONFIGINFOEX, lpszDCIAliasName, 12, 8),
        MEMBER(DRVCONFIGINFOEX, dnDevNode, 20, 4),
        /* MMIOINFO: DWORD 0, FOURCC 4, LPMMIOPROC 8, UINT 16, HTASK 20, LONG 28, four HPSTR
         * 32/40/48/56, LONG 64, LONG 68, DWORD[3] 72, DWORD 84, DWORD 88, HMMIO 92 = 100. */
        SIZE(MMIOINFO, 100), MEMBER(MMIOINFO, dwFlags, 0, 4), MEMBER(MMIOINFO, fccIOProc, 4, 4),
        MEMBER(MMIOINFO, pIOProc, 8, 8), MEMBER(MMIOINFO, wErrorRet, 16, 4), MEMBER(MMIOINFO, htask, 20, 8),
        MEMBER(MMIOINFO, cchBuffer, 28, 4), MEMBER(MMIOINFO, pchBuffer, 32, 8), MEMBER(MMIOINFO, pchNext, 40, 8),
        MEMBER(MMIOINFO, pchEndRead, 48, 8), MEMBER(MMIOINFO, pchEndWrite, 56, 8),
        MEMBER(MMIOINFO, lBufOffset, 64, 4), MEMBER(MMIOINFO, lDiskOffset, 68, 4),
        MEMBER(MMIOINFO, adwInfo, 72, 12), MEMBER(MMIOINFO, dwReserved1, 84, 4),
        MEMBER(MMIOINFO, dwReserved2, 88, 4), MEMBER(MMIOINFO, hmmio, 92, 8),
        /* MMCKINFO: five 4-byte fields = 20. */
        SIZE(MMCKINFO, 20), MEMBER(MMCKINFO, ckid, 0, 4), MEMBER(MMCKINFO, cksize, 4, 4),
        MEMBER(MMCKINFO, fccType, 8, 4), MEMBER(MMCKINFO, dwDataOffset, 12, 4), MEMBER(MMCKINFO, dwFlags, 16, 4),
    };
    assert_int_equal(abi_report_mismatches("mmiscapi structs", ROWS(rows)), 0);
}

/* ---------------------------------------------------------------------------------------- */
/* mmreg.h structures (byte-packed)                                                         */
/* ---------------------------------------------------------------------------------------- */

static void test_mmreg_structs(void **state)
{
    (void)state;
    const abi_row rows[] = {
        /* WAVEFORMAT: WORD 0, WORD 2, DWORD 4, DWORD 8, WORD 12 = 14; PCMWAVEFORMAT adds WORD 14 = 16. */
        SIZE(WAVEFORMAT, 14), MEMBER(WAVEFORMAT, wFormatTag, 0, 2), MEMBER(WAVEFORMAT, nChannels, 2, 2),
        MEMBER(WAVEFORMAT, nSamplesPerSec, 4, 4), MEMBER(WAVEFORMAT, nAvgBytesPerSec, 8, 4),
        MEMBER(WAVEFORMAT, nBlockAlign, 12, 2),
        SIZE(PCMWAVEFORMAT, 16), MEMBER(PCMWAVEFORMAT, wf, 0, 14), MEMBER(PCMWAVEFORMAT, wBitsPerSample, 14, 2),
        /* WAVEFORMATEX: WAVEFORMAT's 14 + WORD 14 + WORD 16 = 18. */
        SIZE(WAVEFORMATEX, 18), MEMBER(WAVEFORMATEX, wFormatTag, 0, 2), MEMBER(WAVEFORMATEX, nChannels, 2, 2),
        MEMBER(WAVEFORMATEX, nSamplesPerSec, 4, 4), MEMBER(WAVEFORMATEX, nAvgBytesPerSec, 8, 4),
        MEMBER(WAVEFORMATEX, nBlockAlign, 12, 2), MEMBER(WAVEFORMATEX, wBitsPerSample, 14, 2),
        MEMBER(WAVEFORMATEX, cbSize, 16, 2),
        /* WAVEFORMATEXTENSIBLE: WAVEFORMATEX 0..18, union of WORDs 18, DWORD 20, GUID 24 = 40. */
        SIZE(WAVEFORMATEXTENSIBLE, 40), MEMBER(WAVEFORMATEXTENSIBLE, Format, 0, 18),
        MEMBER(WAVEFORMATEXTENSIBLE, Samples, 18, 2), MEMBER(WAVEFORMATEXTENSIBLE, Samples.wValidBitsPerSample, 18, 2),
        MEMBER(WAVEFORMATEXTENSIBLE, Samples.wSamplesPerBlock, 18, 2),
        MEMBER(WAVEFORMATEXTENSIBLE, Samples.wReserved, 18, 2), MEMBER(WAVEFORMATEXTENSIBLE, dwChannelMask, 20, 4),
        MEMBER(WAVEFORMATEXTENSIBLE, SubFormat, 24, 16),
        /* ADPCMCOEFSET: two shorts = 4. ADPCMWAVEFORMAT: WAVEFORMATEX 0, WORD 18, WORD 20, then
         * the flexible aCoef at 22 (sizeof stops there: 22; with 7 pairs 22 + 28 = 50). */
        SIZE(ADPCMCOEFSET, 4), MEMBER(ADPCMCOEFSET, iCoef1, 0, 2), MEMBER(ADPCMCOEFSET, iCoef2, 2, 2),
        SIZE(ADPCMWAVEFORMAT, 22), MEMBER(ADPCMWAVEFORMAT, wfx, 0, 18),
        MEMBER(ADPCMWAVEFORMAT, wSamplesPerBlock, 18, 2), MEMBER(ADPCMWAVEFORMAT, wNumCoef, 20, 2),
        {"ADPCMWAVEFORMAT.aCoef offset", (long long)offsetof(ADPCMWAVEFORMAT, aCoef), 22},
        {"ADPCMWAVEFORMAT with 7 coefficients", (long long)(sizeof(ADPCMWAVEFORMAT) + 7 * sizeof(ADPCMCOEFSET)), 50},
        /* The three one-WORD extensions: WAVEFORMATEX 0, WORD 18 = 20. */
        SIZE(IMAADPCMWAVEFORMAT, 20), MEMBER(IMAADPCMWAVEFORMAT, wfx, 0, 18),
        MEMBER(IMAADPCMWAVEFORMAT, wSamplesPerBlock, 18, 2),
        SIZE(DVIADPCMWAVEFORMAT, 20), MEMBER(DVIADPCMWAVEFORMAT, wfx, 0, 18),
        MEMBER(DVIADPCMWAVEFORMAT, wSamplesPerBlock, 18, 2),
        SIZE(GSM610WAVEFORMAT, 20), MEMBER(GSM610WAVEFORMAT, wfx, 0, 18),
        MEMBER(GSM610WAVEFORMAT, wSamplesPerBlock, 18, 2),
        /* MPEG1WAVEFORMAT: WAVEFORMATEX 0, WORD 18, DWORD 20, four WORDs 24..30, two DWORDs 32,
         * 36 = 40. */
        SIZE(MPEG1WAVEFORMAT, 40), MEMBER(MPEG1WAVEFORMAT, wfx, 0, 18), MEMBER(MPEG1WAVEFORMAT, fwHeadLayer, 18, 2),
        MEMBER(MPEG1WAVEFORMAT, dwHeadBitrate, 20, 4), MEMBER(MPEG1WAVEFORMAT, fwHeadMode, 24, 2),
        MEMBER(MPEG1WAVEFORMAT, fwHeadModeExt, 26, 2), MEMBER(MPEG1WAVEFORMAT, wHeadEmphasis, 28, 2),
        MEMBER(MPEG1WAVEFORMAT, fwHeadFlags, 30, 2), MEMBER(MPEG1WAVEFORMAT, dwPTSLow, 32, 4),
        MEMBER(MPEG1WAVEFORMAT, dwPTSHigh, 36, 4),
        /* MPEGLAYER3WAVEFORMAT: WAVEFORMATEX 0, WORD 18, DWORD 20, three WORDs 24, 26, 28 = 30
         * (18 + MPEGLAYER3_WFX_EXTRA_BYTES). */
        SIZE(MPEGLAYER3WAVEFORMAT, 30), MEMBER(MPEGLAYER3WAVEFORMAT, wfx, 0, 18),
        MEMBER(MPEGLAYER3WAVEFORMAT, wID, 18, 2), MEMBER(MPEGLAYER3WAVEFORMAT, fdwFlags, 20, 4),
        MEMBER(MPEGLAYER3WAVEFORMAT, nBlockSize, 24, 2), MEMBER(MPEGLAYER3WAVEFORMAT, nFramesPerBlock, 26, 2),
        MEMBER(MPEGLAYER3WAVEFORMAT, nCodecDelay, 28, 2),
        /* WAVEFILTER: three DWORDs, DWORD[5] at 12 = 32; VOLUME adds a DWORD (36), ECHO two (40). */
        SIZE(WAVEFILTER, 32), MEMBER(WAVEFILTER, cbStruct, 0, 4), MEMBER(WAVEFILTER, dwFilterTag, 4, 4),
        MEMBER(WAVEFILTER, fdwFilter, 8, 4), MEMBER(WAVEFILTER, dwReserved, 12, 20),
        SIZE(VOLUMEWAVEFILTER, 36), MEMBER(VOLUMEWAVEFILTER, wfltr, 0, 32), MEMBER(VOLUMEWAVEFILTER, dwVolume, 32, 4),
        SIZE(ECHOWAVEFILTER, 40), MEMBER(ECHOWAVEFILTER, wfltr, 0, 32), MEMBER(ECHOWAVEFILTER, dwVolume, 32, 4),
        MEMBER(ECHOWAVEFILTER, dwDelay, 36, 4),
    };
    assert_int_equal(abi_report_mismatches("mmreg structs", ROWS(rows)), 0);
}

/* ---------------------------------------------------------------------------------------- */
/* msacm.h structures (byte-packed)                                                         */
/* ---------------------------------------------------------------------------------------- */

static void test_msacm_driver_and_tag_structs(void **state)
{
    (void)state;
    const abi_row rows[] = {
        /* ACMDRIVERDETAILS: DWORD 0, FOURCC 4, FOURCC 8, WORD 12, WORD 14, five DWORDs 16..32,
         * HICON 36 (8), then the strings from 44: 32 + 128 + 80 + 128 + 512 = 880 characters.
         * A: 44 + 880 = 924. W: 44 + 2 * 880 = 1804. */
        SIZE(ACMDRIVERDETAILSA, 924), MEMBER(ACMDRIVERDETAILSA, cbStruct, 0, 4),
        MEMBER(ACMDRIVERDETAILSA, fccType, 4, 4), MEMBER(ACMDRIVERDETAILSA, fccComp, 8, 4),
        MEMBER(ACMDRIVERDETAILSA, wMid, 12, 2), MEMBER(ACMDRIVERDETAILSA, wPid, 14, 2),
        MEMBER(ACMDRIVERDETAILSA, vdwACM, 16, 4), MEMBER(ACMDRIVERDETAILSA, vdwDriver, 20, 4),
        MEMBER(ACMDRIVERDETAILSA, fdwSupport, 24, 4), MEMBER(ACMDRIVERDETAILSA, cFormatTags, 28, 4),
        MEMBER(ACMDRIVERDETAILSA, cFilterTags, 32, 4), MEMBER(ACMDRIVERDETAILSA, hicon, 36, 8),
        MEMBER(ACMDRIVERDETAILSA, szShortName, 44, 32), MEMBER(ACMDRIVERDETAILSA, szLongName, 76, 128),
        MEMBER(ACMDRIVERDETAILSA, szCopyright, 204, 80), MEMBER(ACMDRIVERDETAILSA, szLicensing, 284, 128),
        MEMBER(ACMDRIVERDETAILSA, szFeatures, 412, 512),
        SIZE(ACMDRIVERDETAILSW, 1804), MEMBER(ACMDRIVERDETAILSW, cbStruct, 0, 4),
        MEMBER(ACMDRIVERDETAILSW, fccType, 4, 4), MEMBER(ACMDRIVERDETAILSW, fccComp, 8, 4),
        MEMBER(ACMDRIVERDETAILSW, wMid, 12, 2), MEMBER(ACMDRIVERDETAILSW, wPid, 14, 2),
        MEMBER(ACMDRIVERDETAILSW, vdwACM, 16, 4), MEMBER(ACMDRIVERDETAILSW, vdwDriver, 20, 4),
        MEMBER(ACMDRIVERDETAILSW, fdwSupport, 24, 4), MEMBER(ACMDRIVERDETAILSW, cFormatTags, 28, 4),
        MEMBER(ACMDRIVERDETAILSW, cFilterTags, 32, 4), MEMBER(ACMDRIVERDETAILSW, hicon, 36, 8),
        MEMBER(ACMDRIVERDETAILSW, szShortName, 44, 64), MEMBER(ACMDRIVERDETAILSW, szLongName, 108, 256),
        MEMBER(ACMDRIVERDETAILSW, szCopyright, 364, 160), MEMBER(ACMDRIVERDETAILSW, szLicensing, 524, 256),
        MEMBER(ACMDRIVERDETAILSW, szFeatures, 780, 1024),
        /* ACMFORMATTAGDETAILS / ACMFILTERTAGDETAILS: six DWORDs 0..20, 48 characters from 24.
         * A: 24 + 48 = 72. W: 24 + 96 = 120. */
        SIZE(ACMFORMATTAGDETAILSA, 72), MEMBER(ACMFORMATTAGDETAILSA, cbStruct, 0, 4),
        MEMBER(ACMFORMATTAGDETAILSA, dwFormatTagIndex, 4, 4), MEMBER(ACMFORMATTAGDETAILSA, dwFormatTag, 8, 4),
        MEMBER(ACMFORMATTAGDETAILSA, cbFormatSize, 12, 4), MEMBER(ACMFORMATTAGDETAILSA, fdwSupport, 16, 4),
        MEMBER(ACMFORMATTAGDETAILSA, cStandardFormats, 20, 4), MEMBER(ACMFORMATTAGDETAILSA, szFormatTag, 24, 48),
        SIZE(ACMFORMATTAGDETAILSW, 120), MEMBER(ACMFORMATTAGDETAILSW, cbStruct, 0, 4),
        MEMBER(ACMFORMATTAGDETAILSW, dwFormatTagIndex, 4, 4), MEMBER(ACMFORMATTAGDETAILSW, dwFormatTag, 8, 4),
        MEMBER(ACMFORMATTAGDETAILSW, cbFormatSize, 12, 4), MEMBER(ACMFORMATTAGDETAILSW, fdwSupport, 16, 4),
        MEMBER(ACMFORMATTAGDETAILSW, cStandardFormats, 20, 4), MEMBER(ACMFORMATTAGDETAILSW, szFormatTag, 24, 96),
        SIZE(ACMFILTERTAGDETAILSA, 72), MEMBER(ACMFILTERTAGDETAILSA, cbStruct, 0, 4),
        MEMBER(ACMFILTERTAGDETAILSA, dwFilterTagIndex, 4, 4), MEMBER(ACMFILTERTAGDETAILSA, dwFilterTag, 8, 4),
        MEMBER(ACMFILTERTAGDETAILSA, cbFilterSize, 12, 4), MEMBER(ACMFILTERTAGDETAILSA, fdwSupport, 16, 4),
        MEMBER(ACMFILTERTAGDETAILSA, cStandardFilters, 20, 4), MEMBER(ACMFILTERTAGDETAILSA, szFilterTag, 24, 48),
        SIZE(ACMFILTERTAGDETAILSW, 120), MEMBER(ACMFILTERTAGDETAILSW, cbStruct, 0, 4),
        MEMBER(ACMFILTERTAGDETAILSW, dwFilterTagIndex, 4, 4), MEMBER(ACMFILTERTAGDETAILSW, dwFilterTag, 8, 4),
        MEMBER(ACMFILTERTAGDETAILSW, cbFilterSize, 12, 4), MEMBER(ACMFILTERTAGDETAILSW, fdwSupport, 16, 4),
        MEMBER(ACMFILTERTAGDETAILSW, cStandardFilters, 20, 4), MEMBER(ACMFILTERTAGDETAILSW, szFilterTag, 24, 96),
        /* ACMFORMATDETAILS / ACMFILTERDETAILS: four DWORDs 0..12, pointer 16, DWORD 24, 128
         * characters from 28. A: 28 + 128 = 156. W: 28 + 256 = 284. */
        SIZE(ACMFORMATDETAILSA, 156), MEMBER(ACMFORMATDETAILSA, cbStruct, 0, 4),
        MEMBER(ACMFORMATDETAILSA, dwFormatIndex, 4, 4), MEMBER(ACMFORMATDETAILSA, dwFormatTag, 8, 4),
        MEMBER(ACMFORMATDETAILSA, fdwSupport, 12, 4), MEMBER(ACMFORMATDETAILSA, pwfx, 16, 8),
        MEMBER(ACMFORMATDETAILSA, cbwfx, 24, 4), MEMBER(ACMFORMATDETAILSA, szFormat, 28, 128),
        SIZE(ACMFORMATDETAILSW, 284), MEMBER(ACMFORMATDETAILSW, cbStruct, 0, 4),
        MEMBER(ACMFORMATDETAILSW, dwFormatIndex, 4, 4), MEMBER(ACMFORMATDETAILSW, dwFormatTag, 8, 4),
        MEMBER(ACMFORMATDETAILSW, fdwSupport, 12, 4), MEMBER(ACMFORMATDETAILSW, pwfx, 16, 8),
        MEMBER(ACMFORMATDETAILSW, cbwfx, 24, 4), MEMBER(ACMFORMATDETAILSW, szFormat, 28, 256),
        SIZE(ACMFILTERDETAILSA, 156), MEMBER(ACMFILTERDETAILSA, cbStruct, 0, 4),
        MEMBER(ACMFILTERDETAILSA, dwFilterIndex, 4, 4), MEMBER(ACMFILTERDETAILSA, dwFilterTag, 8, 4),
        MEMBER(ACMFILTERDETAILSA, fdwSupport, 12, 4), MEMBER(ACMFILTERDETAILSA, pwfltr, 16, 8),
        MEMBER(ACMFILTERDETAILSA, cbwfltr, 24, 4), MEMBER(ACMFILTERDETAILSA, szFilter, 28, 128),
        SIZE(ACMFILTERDETAILSW, 284), MEMBER(ACMFILTERDETAILSW, cbStruct, 0, 4),
        MEMBER(ACMFILTERDETAILSW, dwFilterIndex, 4, 4), MEMBER(ACMFILTERDETAILSW, dwFilterTag, 8, 4),
        MEMBER(ACMFILTERDETAILSW, fdwSupport, 12, 4), MEMBER(ACMFILTERDETAILSW, pwfltr, 16, 8),
        MEMBER(ACMFILTERDETAILSW, cbwfltr, 24, 4), MEMBER(ACMFILTERDETAILSW, szFilter, 28, 256),
    };
    assert_int_equal(abi_report_mismatches("msacm driver/tag/details structs", ROWS(rows)), 0);
}

static void test_msacm_chooser_and_stream_structs(void **state)
{
    (void)state;
    const abi_row rows[] = {
        /* ACMFORMATCHOOSE / ACMFILTERCHOOSE: DWORD 0, DWORD 4, HWND 8, pointer 16, DWORD 24,
         * title pointer 28, 48 chars from 36, 128 chars after them (A 84, W 132), then pointer,
         * DWORD, DWORD, four pointers, hook pointer.
         * A: 36 + 48 + 128 = 212: pszName 212, cchName 220, fdwEnum 224, enum pointer 228,
         *    hInstance 236, pszTemplateName 244, lCustData 252, pfnHook 260, size 268.
         * W: 36 + 96 + 256 = 388: pszName 388, cchName 396, fdwEnum 400, enum pointer 404,
         *    hInstance 412, pszTemplateName 420, lCustData 428, pfnHook 436, size 444. */
        SIZE(ACMFORMATCHOOSEA, 268), MEMBER(ACMFORMATCHOOSEA, cbStruct, 0, 4), MEMBER(ACMFORMATCHOOSEA, fdwStyle, 4, 4),
        MEMBER(ACMFORMATCHOOSEA, hwndOwner, 8, 8), MEMBER(ACMFORMATCHOOSEA, pwfx, 16, 8),
        MEMBER(ACMFORMATCHOOSEA, cbwfx, 24, 4), MEMBER(ACMFORMATCHOOSEA, pszTitle, 28, 8),
        MEMBER(ACMFORMATCHOOSEA, szFormatTag, 36, 48), MEMBER(ACMFORMATCHOOSEA, szFormat, 84, 128),
        MEMBER(ACMFORMATCHOOSEA, pszName, 212, 8), MEMBER(ACMFORMATCHOOSEA, cchName, 220, 4),
        MEMBER(ACMFORMATCHOOSEA, fdwEnum, 224, 4), MEMBER(ACMFORMATCHOOSEA, pwfxEnum, 228, 8),
        MEMBER(ACMFORMATCHOOSEA, hInstance, 236, 8), MEMBER(ACMFORMATCHOOSEA, pszTemplateName, 244, 8),
        MEMBER(ACMFORMATCHOOSEA, lCustData, 252, 8), MEMBER(ACMFORMATCHOOSEA, pfnHook, 260, 8),
        SIZE(ACMFORMATCHOOSEW, 444), MEMBER(ACMFORMATCHOOSEW, cbStruct, 0, 4), MEMBER(ACMFORMATCHOOSEW, fdwStyle, 4, 4),
        MEMBER(ACMFORMATCHOOSEW, hwndOwner, 8, 8), MEMBER(ACMFORMATCHOOSEW, pwfx, 16, 8),
        MEMBER(ACMFORMATCHOOSEW, cbwfx, 24, 4), MEMBER(ACMFORMATCHOOSEW, pszTitle, 28, 8),
        MEMBER(ACMFORMATCHOOSEW, szFormatTag, 36, 96), MEMBER(ACMFORMATCHOOSEW, szFormat, 132, 256),
        MEMBER(ACMFORMATCHOOSEW, pszName, 388, 8), MEMBER(ACMFORMATCHOOSEW, cchName, 396, 4),
        MEMBER(ACMFORMATCHOOSEW, fdwEnum, 400, 4), MEMBER(ACMFORMATCHOOSEW, pwfxEnum, 404, 8),
        MEMBER(ACMFORMATCHOOSEW, hInstance, 412, 8), MEMBER(ACMFORMATCHOOSEW, pszTemplateName, 420, 8),
        MEMBER(ACMFORMATCHOOSEW, lCustData, 428, 8), MEMBER(ACMFORMATCHOOSEW, pfnHook, 436, 8),
        SIZE(ACMFILTERCHOOSEA, 268), MEMBER(ACMFILTERCHOOSEA, cbStruct, 0, 4), MEMBER(ACMFILTERCHOOSEA, fdwStyle, 4, 4),
        MEMBER(ACMFILTERCHOOSEA, hwndOwner, 8, 8), MEMBER(ACMFILTERCHOOSEA, pwfltr, 16, 8),
        MEMBER(ACMFILTERCHOOSEA, cbwfltr, 24, 4), MEMBER(ACMFILTERCHOOSEA, pszTitle, 28, 8),
        MEMBER(ACMFILTERCHOOSEA, szFilterTag, 36, 48), MEMBER(ACMFILTERCHOOSEA, szFilter, 84, 128),
        MEMBER(ACMFILTERCHOOSEA, pszName, 212, 8), MEMBER(ACMFILTERCHOOSEA, cchName, 220, 4),
        MEMBER(ACMFILTERCHOOSEA, fdwEnum, 224, 4), MEMBER(ACMFILTERCHOOSEA, pwfltrEnum, 228, 8),
        MEMBER(ACMFILTERCHOOSEA, hInstance, 236, 8), MEMBER(ACMFILTERCHOOSEA, pszTemplateName, 244, 8),
        MEMBER(ACMFILTERCHOOSEA, lCustData, 252, 8), MEMBER(ACMFILTERCHOOSEA, pfnHook, 260, 8),
        SIZE(ACMFILTERCHOOSEW, 444), MEMBER(ACMFILTERCHOOSEW, cbStruct, 0, 4), MEMBER(ACMFILTERCHOOSEW, fdwStyle, 4, 4),
        MEMBER(ACMFILTERCHOOSEW, hwndOwner, 8, 8), MEMBER(ACMFILTERCHOOSEW, pwfltr, 16, 8),
        MEMBER(ACMFILTERCHOOSEW, cbwfltr, 24, 4), MEMBER(ACMFILTERCHOOSEW, pszTitle, 28, 8),
        MEMBER(ACMFILTERCHOOSEW, szFilterTag, 36, 96), MEMBER(ACMFILTERCHOOSEW, szFilter, 132, 256),
        MEMBER(ACMFILTERCHOOSEW, pszName, 388, 8), MEMBER(ACMFILTERCHOOSEW, cchName, 396, 4),
        MEMBER(ACMFILTERCHOOSEW, fdwEnum, 400, 4), MEMBER(ACMFILTERCHOOSEW, pwfltrEnum, 404, 8),
        MEMBER(ACMFILTERCHOOSEW, hInstance, 412, 8), MEMBER(ACMFILTERCHOOSEW, pszTemplateName, 420, 8),
        MEMBER(ACMFILTERCHOOSEW, lCustData, 428, 8), MEMBER(ACMFILTERCHOOSEW, pfnHook, 436, 8),
        /* ACMSTREAMHEADER (64-bit): DWORD 0, DWORD 4, DWORD_PTR 8, LPBYTE 16, DWORD 24, DWORD 28,
         * DWORD_PTR 32, LPBYTE 40, DWORD 48, DWORD 52, DWORD_PTR 56, DWORD[15] 64..124 = 124. */
        SIZE(ACMSTREAMHEADER, 124), MEMBER(ACMSTREAMHEADER, cbStruct, 0, 4), MEMBER(ACMSTREAMHEADER, fdwStatus, 4, 4),
        MEMBER(ACMSTREAMHEADER, dwUser, 8, 8), MEMBER(ACMSTREAMHEADER, pbSrc, 16, 8),
        MEMBER(ACMSTREAMHEADER, cbSrcLength, 24, 4), MEMBER(ACMSTREAMHEADER, cbSrcLengthUsed, 28, 4),
        MEMBER(ACMSTREAMHEADER, dwSrcUser, 32, 8), MEMBER(ACMSTREAMHEADER, pbDst, 40, 8),
        MEMBER(ACMSTREAMHEADER, cbDstLength, 48, 4), MEMBER(ACMSTREAMHEADER, cbDstLengthUsed, 52, 4),
        MEMBER(ACMSTREAMHEADER, dwDstUser, 56, 8), MEMBER(ACMSTREAMHEADER, dwReservedDriver, 64, 60),
    };
    assert_int_equal(abi_report_mismatches("msacm chooser/stream structs", ROWS(rows)), 0);
}

/* ---------------------------------------------------------------------------------------- */
/* msacmdrv.h structures (byte-packed)                                                      */
/* ---------------------------------------------------------------------------------------- */

static void test_msacmdrv_structs(void **state)
{
    (void)state;
    const abi_row rows[] = {
        /* ACMDRVOPENDESC: six 4-byte fields 0..20, two string pointers 24, 32, DWORD 40 = 44. */
        SIZE(ACMDRVOPENDESCA, 44), MEMBER(ACMDRVOPENDESCA, cbStruct, 0, 4), MEMBER(ACMDRVOPENDESCA, fccType, 4, 4),
        MEMBER(ACMDRVOPENDESCA, fccComp, 8, 4), MEMBER(ACMDRVOPENDESCA, dwVersion, 12, 4),
        MEMBER(ACMDRVOPENDESCA, dwFlags, 16, 4), MEMBER(ACMDRVOPENDESCA, dwError, 20, 4),
        MEMBER(ACMDRVOPENDESCA, pszSectionName, 24, 8), MEMBER(ACMDRVOPENDESCA, pszAliasName, 32, 8),
        MEMBER(ACMDRVOPENDESCA, dnDevNode, 40, 4),
        SIZE(ACMDRVOPENDESCW, 44), MEMBER(ACMDRVOPENDESCW, cbStruct, 0, 4), MEMBER(ACMDRVOPENDESCW, fccType, 4, 4),
        MEMBER(ACMDRVOPENDESCW, fccComp, 8, 4), MEMBER(ACMDRVOPENDESCW, dwVersion, 12, 4),
        MEMBER(ACMDRVOPENDESCW, dwFlags, 16, 4), MEMBER(ACMDRVOPENDESCW, dwError, 20, 4),
        MEMBER(ACMDRVOPENDESCW, pszSectionName, 24, 8), MEMBER(ACMDRVOPENDESCW, pszAliasName, 32, 8),
        MEMBER(ACMDRVOPENDESCW, dnDevNode, 40, 4),
        /* ACMDRVSTREAMINSTANCE: DWORD 0, five 8-byte fields 4..36, DWORD 44, DWORD 48,
         * DWORD_PTR 52, HACMSTREAM 60 = 68. */
        SIZE(ACMDRVSTREAMINSTANCE, 68), MEMBER(ACMDRVSTREAMINSTANCE, cbStruct, 0, 4),
        MEMBER(ACMDRVSTREAMINSTANCE, pwfxSrc, 4, 8), MEMBER(ACMDRVSTREAMINSTANCE, pwfxDst, 12, 8),
        MEMBER(ACMDRVSTREAMINSTANCE, pwfltr, 20, 8), MEMBER(ACMDRVSTREAMINSTANCE, dwCallback, 28, 8),
        MEMBER(ACMDRVSTREAMINSTANCE, dwInstance, 36, 8), MEMBER(ACMDRVSTREAMINSTANCE, fdwOpen, 44, 4),
        MEMBER(ACMDRVSTREAMINSTANCE, fdwDriver, 48, 4), MEMBER(ACMDRVSTREAMINSTANCE, dwDriver, 52, 8),
        MEMBER(ACMDRVSTREAMINSTANCE, has, 60, 8),
        /* ACMDRVSTREAMHEADER: ACMSTREAMHEADER's public part 0..64, then DWORD 64, pointer 68,
         * DWORD 76, DWORD_PTR 80, DWORD 88, DWORD_PTR 92, LPBYTE 100, DWORD 108, LPBYTE 112,
         * DWORD 120 = 124, the same size as ACMSTREAMHEADER (64 + 15 * 4). */
        SIZE(ACMDRVSTREAMHEADER, 124), MEMBER(ACMDRVSTREAMHEADER, cbStruct, 0, 4),
        MEMBER(ACMDRVSTREAMHEADER, fdwStatus, 4, 4), MEMBER(ACMDRVSTREAMHEADER, dwUser, 8, 8),
        MEMBER(ACMDRVSTREAMHEADER, pbSrc, 16, 8), MEMBER(ACMDRVSTREAMHEADER, cbSrcLength, 24, 4),
        MEMBER(ACMDRVSTREAMHEADER, cbSrcLengthUsed, 28, 4), MEMBER(ACMDRVSTREAMHEADER, dwSrcUser, 32, 8),
        MEMBER(ACMDRVSTREAMHEADER, pbDst, 40, 8), MEMBER(ACMDRVSTREAMHEADER, cbDstLength, 48, 4),
        MEMBER(ACMDRVSTREAMHEADER, cbDstLengthUsed, 52, 4), MEMBER(ACMDRVSTREAMHEADER, dwDstUser, 56, 8),
        MEMBER(ACMDRVSTREAMHEADER, fdwConvert, 64, 4), MEMBER(ACMDRVSTREAMHEADER, padshNext, 68, 8),
        MEMBER(ACMDRVSTREAMHEADER, fdwDriver, 76, 4), MEMBER(ACMDRVSTREAMHEADER, dwDriver, 80, 8),
        MEMBER(ACMDRVSTREAMHEADER, fdwPrepared, 88, 4), MEMBER(ACMDRVSTREAMHEADER, dwPrepared, 92, 8),
        MEMBER(ACMDRVSTREAMHEADER, pbPreparedSrc, 100, 8), MEMBER(ACMDRVSTREAMHEADER, cbPreparedSrcLength, 108, 4),
        MEMBER(ACMDRVSTREAMHEADER, pbPreparedDst, 112, 8), MEMBER(ACMDRVSTREAMHEADER, cbPreparedDstLength, 120, 4),
        /* ACMDRVSTREAMSIZE: four DWORDs = 16. */
        SIZE(ACMDRVSTREAMSIZE, 16), MEMBER(ACMDRVSTREAMSIZE, cbStruct, 0, 4), MEMBER(ACMDRVSTREAMSIZE, fdwSize, 4, 4),
        MEMBER(ACMDRVSTREAMSIZE, cbSrcLength, 8, 4), MEMBER(ACMDRVSTREAMSIZE, cbDstLength, 12, 4),
        /* ACMDRVFORMATSUGGEST: DWORD 0, DWORD 4, pointer 8, DWORD 16, pointer 20, DWORD 28 = 32. */
        SIZE(ACMDRVFORMATSUGGEST, 32), MEMBER(ACMDRVFORMATSUGGEST, cbStruct, 0, 4),
        MEMBER(ACMDRVFORMATSUGGEST, fdwSuggest, 4, 4), MEMBER(ACMDRVFORMATSUGGEST, pwfxSrc, 8, 8),
        MEMBER(ACMDRVFORMATSUGGEST, cbwfxSrc, 16, 4), MEMBER(ACMDRVFORMATSUGGEST, pwfxDst, 20, 8),
        MEMBER(ACMDRVFORMATSUGGEST, cbwfxDst, 28, 4),
    };
    assert_int_equal(abi_report_mismatches("msacmdrv structs", ROWS(rows)), 0);
}

/* ---------------------------------------------------------------------------------------- */
/* constants                                                                                */
/* ---------------------------------------------------------------------------------------- */

static void test_windef_winbase_constants(void **state)
{
    (void)state;
    const abi_row rows[] = {
        VALUE(FALSE, 0), VALUE(TRUE, 1), VALUE(MAX_PATH, 260), VALUE(HFILE_ERROR, -1),
        VALUE(MAKEWORD(0x12, 0x34), 0x3412), VALUE(MAKELONG(0x1234, 0x5678), 0x56781234),
        VALUE(LOWORD(0x12345678), 0x5678), VALUE(HIWORD(0x12345678), 0x1234), VALUE(LOBYTE(0x1234), 0x34),
        VALUE(HIBYTE(0x1234), 0x12), VALUE(MAKELPARAM(1, 2), 0x20001), VALUE(MAKEWPARAM(1, 2), 0x20001),
        VALUE(MAKELRESULT(1, 2), 0x20001),
        VALUE(INFINITE, 0xFFFFFFFF), VALUE(WAIT_OBJECT_0, 0), VALUE(WAIT_ABANDONED, 0x80),
        VALUE(WAIT_ABANDONED_0, 0x80), VALUE(WAIT_IO_COMPLETION, 0xC0), VALUE(WAIT_TIMEOUT, 0x102),
        VALUE(WAIT_FAILED, 0xFFFFFFFF), VALUE(MAXIMUM_WAIT_OBJECTS, 64),
        VALUE((LONG_PTR)INVALID_HANDLE_VALUE, -1),
        VALUE(ERROR_SUCCESS, 0), VALUE(NO_ERROR, 0), VALUE(ERROR_INVALID_FUNCTION, 1), VALUE(ERROR_FILE_NOT_FOUND, 2),
        VALUE(ERROR_ACCESS_DENIED, 5), VALUE(ERROR_INVALID_HANDLE, 6), VALUE(ERROR_NOT_ENOUGH_MEMORY, 8),
        VALUE(ERROR_OUTOFMEMORY, 14), VALUE(ERROR_NOT_SUPPORTED, 50), VALUE(ERROR_INVALID_PARAMETER, 87),
        VALUE(ERROR_CALL_NOT_IMPLEMENTED, 120), VALUE(ERROR_INSUFFICIENT_BUFFER, 122), VALUE(ERROR_MOD_NOT_FOUND, 126), VALUE(ERROR_PROC_NOT_FOUND, 127),
        VALUE(ERROR_ALREADY_EXISTS, 183), VALUE(ERROR_INVALID_FLAGS, 1004), VALUE(ERROR_INVALID_WINDOW_HANDLE, 1400),
        VALUE(ERROR_CANNOT_FIND_WND_CLASS, 1407), VALUE(ERROR_CLASS_ALREADY_EXISTS, 1410),
        VALUE(ERROR_CLASS_DOES_NOT_EXIST, 1411), VALUE(ERROR_INVALID_THREAD_ID, 1444), VALUE(ERROR_TIMEOUT, 1460),
        VALUE(ERROR_NOT_ENOUGH_QUOTA, 1816),
        VALUE(DONT_RESOLVE_DLL_REFERENCES, 1), VALUE(LOAD_LIBRARY_AS_DATAFILE, 2),
        VALUE(LOAD_WITH_ALTERED_SEARCH_PATH, 8), VALUE(ERROR_NO_MORE_FILES, 18),
        VALUE(FILE_ATTRIBUTE_READONLY, 1), VALUE(FILE_ATTRIBUTE_DIRECTORY, 0x10), VALUE(FILE_ATTRIBUTE_NORMAL, 0x80),
    };
    assert_int_equal(abi_report_mismatches("windef/winbase constants", ROWS(rows)), 0);
}

static void test_winuser_constants(void **state)
{
    (void)state;
    const abi_row rows[] = {
        VALUE((LONG_PTR)HWND_MESSAGE, -3), VALUE((LONG_PTR)HWND_BROADCAST, 0xffff),
        VALUE(WM_NULL, 0), VALUE(WM_CREATE, 1), VALUE(WM_DESTROY, 2), VALUE(WM_CLOSE, 0x10), VALUE(WM_QUIT, 0x12),
        VALUE(WM_NCCREATE, 0x81), VALUE(WM_NCDESTROY, 0x82), VALUE(WM_TIMER, 0x113), VALUE(WM_USER, 0x400),
        VALUE(WM_APP, 0x8000), VALUE(PM_NOREMOVE, 0), VALUE(PM_REMOVE, 1), VALUE(PM_NOYIELD, 2),
        VALUE(QS_KEY, 0x1), VALUE(QS_MOUSEMOVE, 0x2), VALUE(QS_MOUSEBUTTON, 0x4), VALUE(QS_POSTMESSAGE, 0x8),
        VALUE(QS_TIMER, 0x10), VALUE(QS_PAINT, 0x20), VALUE(QS_SENDMESSAGE, 0x40), VALUE(QS_HOTKEY, 0x80),
        VALUE(QS_ALLPOSTMESSAGE, 0x100), VALUE(QS_MOUSE, 0x6),
        /* With a current SDK (_WIN32_WINNT 0x0602 and later) QS_INPUT also holds QS_RAWINPUT
         * 0x400, QS_TOUCH 0x800 and QS_POINTER 0x1000: 0x1C07. QS_ALLEVENTS adds POSTMESSAGE,
         * TIMER, PAINT and HOTKEY (0x1CBF); QS_ALLINPUT adds SENDMESSAGE too (0x1CFF). */
        VALUE(QS_INPUT, 0x1C07), VALUE(QS_ALLEVENTS, 0x1CBF), VALUE(QS_ALLINPUT, 0x1CFF),
        VALUE(GWLP_WNDPROC, -4), VALUE(GWLP_HINSTANCE, -6), VALUE(GWLP_HWNDPARENT, -8), VALUE(GWLP_ID, -12),
        VALUE(GWLP_USERDATA, -21), VALUE(CW_USEDEFAULT, (int)0x80000000), VALUE(WS_OVERLAPPED, 0),
        VALUE(WS_POPUP, 0x80000000), VALUE(WS_CHILD, 0x40000000), VALUE(WS_VISIBLE, 0x10000000),
        VALUE(WS_OVERLAPPEDWINDOW, 0x00CF0000),
    };
    assert_int_equal(abi_report_mismatches("winuser constants", ROWS(rows)), 0);
}

#define PROTOTYPE(fn, type) {#fn " prototype", _Generic((fn), type: 1, default: 0), 1}

/* winreg.h: the predefined keys are 32-bit values sign-extended into a 64-bit HKEY; the
 * access masks are the sums winnt.h spells out (KEY_READ = READ_CONTROL 0x20000 | 0x1 | 0x8 |
 * 0x10; KEY_WRITE = 0x20000 | 0x2 | 0x4; KEY_ALL_ACCESS = 0x1F0000 | 0x3F, without SYNCHRONIZE). */
static void test_winreg_constants(void **state)
{
    (void)state;
    const abi_row rows[] = {
        VALUE((LONG_PTR)HKEY_CLASSES_ROOT, (long long)(int)0x80000000),
        VALUE((LONG_PTR)HKEY_CURRENT_USER, (long long)(int)0x80000001),
        VALUE((LONG_PTR)HKEY_LOCAL_MACHINE, (long long)(int)0x80000002),
        VALUE((LONG_PTR)HKEY_USERS, (long long)(int)0x80000003),
        VALUE((LONG_PTR)HKEY_PERFORMANCE_DATA, (long long)(int)0x80000004),
        VALUE((LONG_PTR)HKEY_CURRENT_CONFIG, (long long)(int)0x80000005),
        VALUE((LONG_PTR)HKEY_DYN_DATA, (long long)(int)0x80000006),
        VALUE(REG_NONE, 0), VALUE(REG_SZ, 1), VALUE(REG_EXPAND_SZ, 2), VALUE(REG_BINARY, 3), VALUE(REG_DWORD, 4),
        VALUE(REG_DWORD_LITTLE_ENDIAN, 4), VALUE(REG_DWORD_BIG_ENDIAN, 5), VALUE(REG_LINK, 6),
        VALUE(REG_MULTI_SZ, 7), VALUE(REG_RESOURCE_LIST, 8), VALUE(REG_FULL_RESOURCE_DESCRIPTOR, 9),
        VALUE(REG_RESOURCE_REQUIREMENTS_LIST, 10), VALUE(REG_QWORD, 11), VALUE(REG_QWORD_LITTLE_ENDIAN, 11),
        VALUE(REG_OPTION_RESERVED, 0), VALUE(REG_OPTION_NON_VOLATILE, 0), VALUE(REG_OPTION_VOLATILE, 1),
        VALUE(REG_OPTION_CREATE_LINK, 2), VALUE(REG_OPTION_BACKUP_RESTORE, 4), VALUE(REG_OPTION_OPEN_LINK, 8),
        VALUE(REG_CREATED_NEW_KEY, 1), VALUE(REG_OPENED_EXISTING_KEY, 2),
        VALUE(DELETE, 0x10000), VALUE(READ_CONTROL, 0x20000), VALUE(WRITE_DAC, 0x40000), VALUE(WRITE_OWNER, 0x80000),
        VALUE(SYNCHRONIZE, 0x100000), VALUE(STANDARD_RIGHTS_REQUIRED, 0xF0000), VALUE(STANDARD_RIGHTS_READ, 0x20000),
        VALUE(STANDARD_RIGHTS_WRITE, 0x20000), VALUE(STANDARD_RIGHTS_EXECUTE, 0x20000),
        VALUE(STANDARD_RIGHTS_ALL, 0x1F0000), VALUE(MAXIMUM_ALLOWED, 0x2000000), VALUE(GENERIC_READ, 0x80000000u),
        VALUE(GENERIC_WRITE, 0x40000000), VALUE(GENERIC_EXECUTE, 0x20000000), VALUE(GENERIC_ALL, 0x10000000),
        VALUE(KEY_QUERY_VALUE, 1), VALUE(KEY_SET_VALUE, 2), VALUE(KEY_CREATE_SUB_KEY, 4),
        VALUE(KEY_ENUMERATE_SUB_KEYS, 8), VALUE(KEY_NOTIFY, 0x10), VALUE(KEY_CREATE_LINK, 0x20),
        VALUE(KEY_WOW64_64KEY, 0x100), VALUE(KEY_WOW64_32KEY, 0x200), VALUE(KEY_WOW64_RES, 0x300),
        VALUE(KEY_READ, 0x20019), VALUE(KEY_WRITE, 0x20006), VALUE(KEY_EXECUTE, 0x20019),
        VALUE(KEY_ALL_ACCESS, 0xF003F),
        VALUE(ERROR_BAD_PATHNAME, 161), VALUE(ERROR_MORE_DATA, 234), VALUE(ERROR_NO_MORE_ITEMS, 259),
        VALUE(ERROR_NOACCESS, 998), VALUE(ERROR_CANTWRITE, 1013), VALUE(ERROR_KEY_DELETED, 1018),
        SIZE(FILETIME, 8), MEMBER(FILETIME, dwLowDateTime, 0, 4), MEMBER(FILETIME, dwHighDateTime, 4, 4),
        SIZE(REGSAM, 4), SIZE(LSTATUS, 4), SIZE(HKEY, 8),
        SIZE(WIN32_FIND_DATAA, 320), MEMBER(WIN32_FIND_DATAA, cFileName, 44, 260), SIZE(WIN32_FIND_DATAW, 592),
        MEMBER(WIN32_FIND_DATAW, cFileName, 44, 520), MEMBER(WIN32_FIND_DATAW, cAlternateFileName, 564, 28),
        {"LSTATUS signed", IS_SIGNED(LSTATUS), 1},
        PROTOTYPE(RegOpenKeyExA, LSTATUS(*)(HKEY, LPCSTR, DWORD, REGSAM, PHKEY)),
        PROTOTYPE(RegOpenKeyExW, LSTATUS(*)(HKEY, LPCWSTR, DWORD, REGSAM, PHKEY)),
        PROTOTYPE(RegCreateKeyExA, LSTATUS(*)(HKEY, LPCSTR, DWORD, LPSTR, DWORD, REGSAM, const LPSECURITY_ATTRIBUTES,
                                              PHKEY, LPDWORD)),
        PROTOTYPE(RegCreateKeyExW, LSTATUS(*)(HKEY, LPCWSTR, DWORD, LPWSTR, DWORD, REGSAM,
                                              const LPSECURITY_ATTRIBUTES, PHKEY, LPDWORD)),
        PROTOTYPE(RegCloseKey, LSTATUS(*)(HKEY)),
        PROTOTYPE(RegQueryValueExA, LSTATUS(*)(HKEY, LPCSTR, LPDWORD, LPDWORD, LPBYTE, LPDWORD)),
        PROTOTYPE(RegQueryValueExW, LSTATUS(*)(HKEY, LPCWSTR, LPDWORD, LPDWORD, LPBYTE, LPDWORD)),
        PROTOTYPE(RegSetValueExA, LSTATUS(*)(HKEY, LPCSTR, DWORD, DWORD, const BYTE *, DWORD)),
        PROTOTYPE(RegSetValueExW, LSTATUS(*)(HKEY, LPCWSTR, DWORD, DWORD, const BYTE *, DWORD)),
        PROTOTYPE(RegDeleteValueA, LSTATUS(*)(HKEY, LPCSTR)), PROTOTYPE(RegDeleteValueW, LSTATUS(*)(HKEY, LPCWSTR)),
        PROTOTYPE(RegDeleteKeyA, LSTATUS(*)(HKEY, LPCSTR)), PROTOTYPE(RegDeleteKeyW, LSTATUS(*)(HKEY, LPCWSTR)),
        PROTOTYPE(RegEnumKeyExA, LSTATUS(*)(HKEY, DWORD, LPSTR, LPDWORD, LPDWORD, LPSTR, LPDWORD, PFILETIME)),
        PROTOTYPE(RegEnumKeyExW, LSTATUS(*)(HKEY, DWORD, LPWSTR, LPDWORD, LPDWORD, LPWSTR, LPDWORD, PFILETIME)),
        PROTOTYPE(RegEnumValueA, LSTATUS(*)(HKEY, DWORD, LPSTR, LPDWORD, LPDWORD, LPDWORD, LPBYTE, LPDWORD)),
        PROTOTYPE(RegEnumValueW, LSTATUS(*)(HKEY, DWORD, LPWSTR, LPDWORD, LPDWORD, LPDWORD, LPBYTE, LPDWORD)),
        PROTOTYPE(RegQueryInfoKeyA, LSTATUS(*)(HKEY, LPSTR, LPDWORD, LPDWORD, LPDWORD, LPDWORD, LPDWORD, LPDWORD,
                                               LPDWORD, LPDWORD, LPDWORD, PFILETIME)),
        PROTOTYPE(RegQueryInfoKeyW, LSTATUS(*)(HKEY, LPWSTR, LPDWORD, LPDWORD, LPDWORD, LPDWORD, LPDWORD, LPDWORD,
                                               LPDWORD, LPDWORD, LPDWORD, PFILETIME)),
    };
    assert_int_equal(abi_report_mismatches("winreg constants", ROWS(rows)), 0);
}

static void test_mmsystem_constants(void **state)
{
    (void)state;
    const abi_row rows[] = {
        VALUE(MAXPNAMELEN, 32), VALUE(MAXERRORLENGTH, 256),
        VALUE(MMSYSERR_BASE, 0), VALUE(WAVERR_BASE, 32), VALUE(MIDIERR_BASE, 64), VALUE(TIMERR_BASE, 96),
        VALUE(JOYERR_BASE, 160), VALUE(MCIERR_BASE, 256), VALUE(MIXERR_BASE, 1024),
        VALUE(MMSYSERR_NOERROR, 0), VALUE(MMSYSERR_ERROR, 1), VALUE(MMSYSERR_BADDEVICEID, 2),
        VALUE(MMSYSERR_NOTENABLED, 3), VALUE(MMSYSERR_ALLOCATED, 4), VALUE(MMSYSERR_INVALHANDLE, 5),
        VALUE(MMSYSERR_NODRIVER, 6), VALUE(MMSYSERR_NOMEM, 7), VALUE(MMSYSERR_NOTSUPPORTED, 8),
        VALUE(MMSYSERR_BADERRNUM, 9), VALUE(MMSYSERR_INVALFLAG, 10), VALUE(MMSYSERR_INVALPARAM, 11),
        VALUE(MMSYSERR_HANDLEBUSY, 12), VALUE(MMSYSERR_INVALIDALIAS, 13), VALUE(MMSYSERR_BADDB, 14),
        VALUE(MMSYSERR_KEYNOTFOUND, 15), VALUE(MMSYSERR_READERROR, 16), VALUE(MMSYSERR_WRITEERROR, 17),
        VALUE(MMSYSERR_DELETEERROR, 18), VALUE(MMSYSERR_VALNOTFOUND, 19), VALUE(MMSYSERR_NODRIVERCB, 20),
        VALUE(MMSYSERR_MOREDATA, 21), VALUE(MMSYSERR_LASTERROR, 21),
        VALUE(WAVERR_BADFORMAT, 32), VALUE(WAVERR_STILLPLAYING, 33), VALUE(WAVERR_UNPREPARED, 34),
        VALUE(WAVERR_SYNC, 35), VALUE(WAVERR_LASTERROR, 35),
        VALUE(CALLBACK_TYPEMASK, 0x70000), VALUE(CALLBACK_NULL, 0), VALUE(CALLBACK_WINDOW, 0x10000),
        VALUE(CALLBACK_TASK, 0x20000), VALUE(CALLBACK_THREAD, 0x20000), VALUE(CALLBACK_FUNCTION, 0x30000),
        VALUE(CALLBACK_EVENT, 0x50000),
        VALUE(MM_JOY1MOVE, 0x3A0), VALUE(MM_MCINOTIFY, 0x3B9), VALUE(MM_WOM_OPEN, 0x3BB), VALUE(MM_WOM_CLOSE, 0x3BC),
        VALUE(MM_WOM_DONE, 0x3BD), VALUE(MM_WIM_OPEN, 0x3BE), VALUE(MM_WIM_CLOSE, 0x3BF), VALUE(MM_WIM_DATA, 0x3C0),
        VALUE(MM_MIM_OPEN, 0x3C1), VALUE(MM_MIM_CLOSE, 0x3C2), VALUE(MM_MIM_DATA, 0x3C3),
        VALUE(MM_MIM_LONGDATA, 0x3C4), VALUE(MM_MIM_ERROR, 0x3C5), VALUE(MM_MIM_LONGERROR, 0x3C6),
        VALUE(MM_MOM_OPEN, 0x3C7), VALUE(MM_MOM_CLOSE, 0x3C8), VALUE(MM_MOM_DONE, 0x3C9),
        VALUE(MM_MOM_POSITIONCB, 0x3CA), VALUE(MM_MCISIGNAL, 0x3CB), VALUE(MM_MIM_MOREDATA, 0x3CC),
        VALUE(MM_DRVM_OPEN, 0x3D0), VALUE(MM_DRVM_CLOSE, 0x3D1), VALUE(MM_DRVM_DATA, 0x3D2),
        VALUE(MM_DRVM_ERROR, 0x3D3), VALUE(MM_STREAM_OPEN, 0x3D4), VALUE(MM_STREAM_CLOSE, 0x3D5),
        VALUE(MM_STREAM_DONE, 0x3D6), VALUE(MM_STREAM_ERROR, 0x3D7), VALUE(MM_MIXM_LINE_CHANGE, 0x3D0),
        VALUE(MM_MIXM_CONTROL_CHANGE, 0x3D1), VALUE(WOM_OPEN, 0x3BB), VALUE(WOM_CLOSE, 0x3BC), VALUE(WOM_DONE, 0x3BD),
        VALUE(WIM_OPEN, 0x3BE), VALUE(WIM_CLOSE, 0x3BF), VALUE(WIM_DATA, 0x3C0),
        /* mmddk.h */
        VALUE(DCB_NULL, 0), VALUE(DCB_WINDOW, 1), VALUE(DCB_TASK, 2), VALUE(DCB_FUNCTION, 3), VALUE(DCB_EVENT, 5),
        VALUE(DCB_TYPEMASK, 7), VALUE(DCB_NOSWITCH, 8), VALUE(DRVM_MAPPER, 0x2000), VALUE(DRVM_USER, 0x4000),
        VALUE(DRVM_MAPPER_STATUS, 0x2000), VALUE(DRVM_MAPPER_RECONFIGURE, 0x2001),
        VALUE(DRVM_MAPPER_PREFERRED_GET, 0x2015), VALUE(DRVM_MAPPER_PREFERRED_SET, 0x2016),
        VALUE(DRV_QUERYDRVENTRY, 0x801), VALUE(DRV_QUERYDEVNODE, 0x802), VALUE(DRV_QUERYNAME, 0x803),
        VALUE(DRV_QUERYDRIVERIDS, 0x804), VALUE(DRV_QUERYMAPPABLE, 0x805), VALUE(DRV_QUERYMODULE, 0x809),
        VALUE(DRV_PNPINSTALL, 0x80B), VALUE(DRV_QUERYDEVICEINTERFACE, 0x80C),
        VALUE(DRV_QUERYDEVICEINTERFACESIZE, 0x80D), VALUE(DRV_QUERYSTRINGID, 0x80E),
        VALUE(DRV_QUERYSTRINGIDSIZE, 0x80F), VALUE(DRV_QUERYIDFROMSTRINGID, 0x810),
        VALUE(DRV_QUERYFUNCTIONINSTANCEID, 0x811), VALUE(DRV_QUERYFUNCTIONINSTANCEIDSIZE, 0x812),
        /* HIWORD(CALLBACK_x) == DCB_x is what DriverCallback relies on. */
        VALUE(HIWORD(CALLBACK_WINDOW), DCB_WINDOW), VALUE(HIWORD(CALLBACK_FUNCTION), DCB_FUNCTION),
        VALUE(HIWORD(CALLBACK_EVENT), DCB_EVENT), VALUE(HIWORD(CALLBACK_TASK), DCB_TASK),
    };
    assert_int_equal(abi_report_mismatches("mmsystem/mmddk constants", ROWS(rows)), 0);
}

static void test_mmiscapi_constants(void **state)
{
    (void)state;
    const abi_row rows[] = {
        VALUE(DRV_LOAD, 1), VALUE(DRV_ENABLE, 2), VALUE(DRV_OPEN, 3), VALUE(DRV_CLOSE, 4), VALUE(DRV_DISABLE, 5),
        VALUE(DRV_FREE, 6), VALUE(DRV_CONFIGURE, 7), VALUE(DRV_QUERYCONFIGURE, 8), VALUE(DRV_INSTALL, 9),
        VALUE(DRV_REMOVE, 10), VALUE(DRV_EXITSESSION, 11), VALUE(DRV_EXITAPPLICATION, 12), VALUE(DRV_POWER, 15),
        VALUE(DRV_RESERVED, 0x800), VALUE(DRV_USER, 0x4000), VALUE(DRVCNF_CANCEL, 0), VALUE(DRVCNF_OK, 1),
        VALUE(DRVCNF_RESTART, 2), VALUE(DRV_CANCEL, 0), VALUE(DRV_OK, 1), VALUE(DRV_RESTART, 2),
        VALUE(DRVEA_NORMALEXIT, 1), VALUE(DRVEA_ABNORMALEXIT, 2), VALUE(DRV_MCI_FIRST, 0x800),
        VALUE(DRV_MCI_LAST, 0x17FF),
        VALUE(MMIOERR_BASE, 256), VALUE(MMIOERR_FILENOTFOUND, 257), VALUE(MMIOERR_OUTOFMEMORY, 258),
        VALUE(MMIOERR_CANNOTOPEN, 259), VALUE(MMIOERR_CANNOTCLOSE, 260), VALUE(MMIOERR_CANNOTREAD, 261),
        VALUE(MMIOERR_CANNOTWRITE, 262), VALUE(MMIOERR_CANNOTSEEK, 263), VALUE(MMIOERR_CANNOTEXPAND, 264),
        VALUE(MMIOERR_CHUNKNOTFOUND, 265), VALUE(MMIOERR_UNBUFFERED, 266), VALUE(MMIOERR_PATHNOTFOUND, 267),
        VALUE(MMIOERR_ACCESSDENIED, 268), VALUE(MMIOERR_SHARINGVIOLATION, 269), VALUE(MMIOERR_NETWORKERROR, 270),
        VALUE(MMIOERR_TOOMANYOPENFILES, 271), VALUE(MMIOERR_INVALIDFILE, 272), VALUE(CFSEPCHAR, '+'),
        VALUE(MMIO_RWMODE, 0x3), VALUE(MMIO_SHAREMODE, 0x70), VALUE(MMIO_CREATE, 0x1000), VALUE(MMIO_PARSE, 0x100),
        VALUE(MMIO_DELETE, 0x200), VALUE(MMIO_EXIST, 0x4000), VALUE(MMIO_ALLOCBUF, 0x10000),
        VALUE(MMIO_GETTEMP, 0x20000), VALUE(MMIO_DIRTY, 0x10000000), VALUE(MMIO_READ, 0), VALUE(MMIO_WRITE, 1),
        VALUE(MMIO_READWRITE, 2), VALUE(MMIO_COMPAT, 0), VALUE(MMIO_EXCLUSIVE, 0x10), VALUE(MMIO_DENYWRITE, 0x20),
        VALUE(MMIO_DENYREAD, 0x30), VALUE(MMIO_DENYNONE, 0x40), VALUE(MMIO_FHOPEN, 0x10),
        VALUE(MMIO_EMPTYBUF, 0x10), VALUE(MMIO_TOUPPER, 0x10), VALUE(MMIO_INSTALLPROC, 0x10000),
        VALUE(MMIO_GLOBALPROC, 0x10000000), VALUE(MMIO_REMOVEPROC, 0x20000), VALUE(MMIO_UNICODEPROC, 0x1000000),
        VALUE(MMIO_FINDPROC, 0x40000), VALUE(MMIO_FINDCHUNK, 0x10), VALUE(MMIO_FINDRIFF, 0x20),
        VALUE(MMIO_FINDLIST, 0x40), VALUE(MMIO_CREATERIFF, 0x20), VALUE(MMIO_CREATELIST, 0x40),
        VALUE(MMIOM_READ, 0), VALUE(MMIOM_WRITE, 1), VALUE(MMIOM_SEEK, 2), VALUE(MMIOM_OPEN, 3), VALUE(MMIOM_CLOSE, 4),
        VALUE(MMIOM_WRITEFLUSH, 5), VALUE(MMIOM_RENAME, 6), VALUE(MMIOM_USER, 0x8000),
        VALUE(MMIO_DEFAULTBUFFER, 8192), VALUE(SEEK_SET, 0), VALUE(SEEK_CUR, 1), VALUE(SEEK_END, 2),
        /* A FOURCC holds its characters in file order, first character in the low byte. */
        VALUE(mmioFOURCC('W', 'A', 'V', 'E'), 0x45564157), VALUE(FOURCC_RIFF, 0x46464952),
        VALUE(FOURCC_LIST, 0x5453494C), VALUE(FOURCC_DOS, 0x20534F44), VALUE(FOURCC_MEM, 0x204D454D),
    };
    assert_int_equal(abi_report_mismatches("mmiscapi constants", ROWS(rows)), 0);
}

static void test_mmreg_constants(void **state)
{
    (void)state;
    const abi_row rows[] = {
        VALUE(WAVE_FORMAT_UNKNOWN, 0x0000), VALUE(WAVE_FORMAT_PCM, 0x0001), VALUE(WAVE_FORMAT_ADPCM, 0x0002),
        VALUE(WAVE_FORMAT_IEEE_FLOAT, 0x0003), VALUE(WAVE_FORMAT_VSELP, 0x0004), VALUE(WAVE_FORMAT_IBM_CVSD, 0x0005),
        VALUE(WAVE_FORMAT_ALAW, 0x0006), VALUE(WAVE_FORMAT_MULAW, 0x0007), VALUE(WAVE_FORMAT_DTS, 0x0008),
        VALUE(WAVE_FORMAT_DRM, 0x0009), VALUE(WAVE_FORMAT_OKI_ADPCM, 0x0010), VALUE(WAVE_FORMAT_DVI_ADPCM, 0x0011),
        VALUE(WAVE_FORMAT_IMA_ADPCM, 0x0011), VALUE(WAVE_FORMAT_MEDIASPACE_ADPCM, 0x0012),
        VALUE(WAVE_FORMAT_SIERRA_ADPCM, 0x0013), VALUE(WAVE_FORMAT_G723_ADPCM, 0x0014),
        VALUE(WAVE_FORMAT_DIGISTD, 0x0015), VALUE(WAVE_FORMAT_DIGIFIX, 0x0016),
        VALUE(WAVE_FORMAT_DIALOGIC_OKI_ADPCM, 0x0017), VALUE(WAVE_FORMAT_MEDIAVISION_ADPCM, 0x0018),
        VALUE(WAVE_FORMAT_YAMAHA_ADPCM, 0x0020), VALUE(WAVE_FORMAT_SONARC, 0x0021),
        VALUE(WAVE_FORMAT_DSPGROUP_TRUESPEECH, 0x0022), VALUE(WAVE_FORMAT_ECHOSC1, 0x0023),
        VALUE(WAVE_FORMAT_AUDIOFILE_AF36, 0x0024), VALUE(WAVE_FORMAT_APTX, 0x0025),
        VALUE(WAVE_FORMAT_AUDIOFILE_AF10, 0x0026), VALUE(WAVE_FORMAT_DOLBY_AC2, 0x0030),
        VALUE(WAVE_FORMAT_GSM610, 0x0031), VALUE(WAVE_FORMAT_MSNAUDIO, 0x0032),
        VALUE(WAVE_FORMAT_ANTEX_ADPCME, 0x0033), VALUE(WAVE_FORMAT_CONTROL_RES_VQLPC, 0x0034),
        VALUE(WAVE_FORMAT_DIGIREAL, 0x0035), VALUE(WAVE_FORMAT_DIGIADPCM, 0x0036),
        VALUE(WAVE_FORMAT_CONTROL_RES_CR10, 0x0037), VALUE(WAVE_FORMAT_NMS_VBXADPCM, 0x0038),
        VALUE(WAVE_FORMAT_CS_IMAADPCM, 0x0039), VALUE(WAVE_FORMAT_ECHOSC3, 0x003A),
        VALUE(WAVE_FORMAT_ROCKWELL_ADPCM, 0x003B), VALUE(WAVE_FORMAT_ROCKWELL_DIGITALK, 0x003C),
        VALUE(WAVE_FORMAT_XEBEC, 0x003D), VALUE(WAVE_FORMAT_G721_ADPCM, 0x0040), VALUE(WAVE_FORMAT_G728_CELP, 0x0041),
        VALUE(WAVE_FORMAT_MPEG, 0x0050), VALUE(WAVE_FORMAT_MPEGLAYER3, 0x0055), VALUE(WAVE_FORMAT_CIRRUS, 0x0060),
        VALUE(WAVE_FORMAT_ESPCM, 0x0061), VALUE(WAVE_FORMAT_VOXWARE, 0x0062),
        VALUE(WAVE_FORMAT_CANOPUS_ATRAC, 0x0063), VALUE(WAVE_FORMAT_G726_ADPCM, 0x0064),
        VALUE(WAVE_FORMAT_G722_ADPCM, 0x0065), VALUE(WAVE_FORMAT_DSAT_DISPLAY, 0x0067),
        VALUE(WAVE_FORMAT_SOFTSOUND, 0x0080), VALUE(WAVE_FORMAT_DOLBY_AC3_SPDIF, 0x0092),
        VALUE(WAVE_FORMAT_CREATIVE_ADPCM, 0x0200), VALUE(WAVE_FORMAT_CREATIVE_FASTSPEECH8, 0x0202),
        VALUE(WAVE_FORMAT_CREATIVE_FASTSPEECH10, 0x0203), VALUE(WAVE_FORMAT_FM_TOWNS_SND, 0x0300),
        VALUE(WAVE_FORMAT_OLIGSM, 0x1000), VALUE(WAVE_FORMAT_OLIADPCM, 0x1001), VALUE(WAVE_FORMAT_OLICELP, 0x1002),
        VALUE(WAVE_FORMAT_OLISBC, 0x1003), VALUE(WAVE_FORMAT_OLIOPR, 0x1004), VALUE(WAVE_FORMAT_EXTENSIBLE, 0xFFFE),
        VALUE(WAVE_FORMAT_DEVELOPMENT, 0xFFFF),
        VALUE(WAVE_FILTER_UNKNOWN, 0), VALUE(WAVE_FILTER_VOLUME, 1), VALUE(WAVE_FILTER_ECHO, 2),
        VALUE(WAVE_FILTER_DEVELOPMENT, 0xFFFF),
        VALUE(MM_MICROSOFT, 1), VALUE(MM_CREATIVE, 2), VALUE(MM_MEDIAVISION, 3), VALUE(MM_FUJITSU, 4),
        VALUE(MM_INTEL, 33), VALUE(MM_FRAUNHOFER_IIS, 172), VALUE(MM_UNMAPPED, 0xFFFF),
        VALUE(MM_PID_UNMAPPED, 0xFFFF), VALUE(MM_MIDI_MAPPER, 1), VALUE(MM_WAVE_MAPPER, 2),
        VALUE(MM_SNDBLST_MIDIOUT, 3), VALUE(MM_SNDBLST_MIDIIN, 4), VALUE(MM_SNDBLST_SYNTH, 5),
        VALUE(MM_SNDBLST_WAVEOUT, 6), VALUE(MM_SNDBLST_WAVEIN, 7), VALUE(MM_ADLIB, 9), VALUE(MM_MPU401_MIDIOUT, 10),
        VALUE(MM_MPU401_MIDIIN, 11), VALUE(MM_PC_JOYSTICK, 12),
        VALUE(MM_MSFT_ACM_MSADPCM, 0x21), VALUE(MM_MSFT_ACM_IMAADPCM, 0x22), VALUE(MM_MSFT_ACM_MSFILTER, 0x23),
        VALUE(MM_MSFT_ACM_GSM610, 0x24), VALUE(MM_MSFT_ACM_G711, 0x25), VALUE(MM_MSFT_ACM_PCM, 0x26),
        VALUE(MM_FHGIIS_MPEGLAYER3_DECODE, 9), VALUE(MM_FHGIIS_MPEGLAYER3, 10), VALUE(MM_FHGIIS_MPEGLAYER3_LITE, 10),
        VALUE(MM_FHGIIS_MPEGLAYER3_BASIC, 11), VALUE(MM_FHGIIS_MPEGLAYER3_ADVANCED, 12),
        VALUE(MM_FHGIIS_MPEGLAYER3_PROFESSIONAL, 13), VALUE(MM_FHGIIS_MPEGLAYER3_ADVANCEDPLUS, 14),
        VALUE(MPEGLAYER3_WFX_EXTRA_BYTES, 12), VALUE(MPEGLAYER3_ID_UNKNOWN, 0), VALUE(MPEGLAYER3_ID_MPEG, 1),
        VALUE(MPEGLAYER3_ID_CONSTANTFRAMESIZE, 2), VALUE(MPEGLAYER3_FLAG_PADDING_ISO, 0),
        VALUE(MPEGLAYER3_FLAG_PADDING_ON, 1), VALUE(MPEGLAYER3_FLAG_PADDING_OFF, 2),
        VALUE(ACM_MPEG_LAYER1, 1), VALUE(ACM_MPEG_LAYER2, 2), VALUE(ACM_MPEG_LAYER3, 4), VALUE(ACM_MPEG_STEREO, 1),
        VALUE(ACM_MPEG_JOINTSTEREO, 2), VALUE(ACM_MPEG_DUALCHANNEL, 4), VALUE(ACM_MPEG_SINGLECHANNEL, 8),
        VALUE(ACM_MPEG_PRIVATEBIT, 1), VALUE(ACM_MPEG_COPYRIGHT, 2), VALUE(ACM_MPEG_ORIGINALHOME, 4),
        VALUE(ACM_MPEG_PROTECTIONBIT, 8), VALUE(ACM_MPEG_ID_MPEG1, 0x10),
        VALUE(SPEAKER_FRONT_LEFT, 0x1), VALUE(SPEAKER_FRONT_RIGHT, 0x2), VALUE(SPEAKER_FRONT_CENTER, 0x4),
        VALUE(SPEAKER_LOW_FREQUENCY, 0x8), VALUE(SPEAKER_BACK_LEFT, 0x10), VALUE(SPEAKER_BACK_RIGHT, 0x20),
        VALUE(SPEAKER_FRONT_LEFT_OF_CENTER, 0x40), VALUE(SPEAKER_FRONT_RIGHT_OF_CENTER, 0x80),
        VALUE(SPEAKER_BACK_CENTER, 0x100), VALUE(SPEAKER_SIDE_LEFT, 0x200), VALUE(SPEAKER_SIDE_RIGHT, 0x400),
        VALUE(SPEAKER_TOP_CENTER, 0x800), VALUE(SPEAKER_TOP_FRONT_LEFT, 0x1000),
        VALUE(SPEAKER_TOP_FRONT_CENTER, 0x2000), VALUE(SPEAKER_TOP_FRONT_RIGHT, 0x4000),
        VALUE(SPEAKER_TOP_BACK_LEFT, 0x8000), VALUE(SPEAKER_TOP_BACK_CENTER, 0x10000),
        VALUE(SPEAKER_TOP_BACK_RIGHT, 0x20000), VALUE(SPEAKER_RESERVED, 0x7FFC0000), VALUE(SPEAKER_ALL, 0x80000000),
        VALUE(KSAUDIO_SPEAKER_DIRECTOUT, 0), VALUE(KSAUDIO_SPEAKER_MONO, 0x4), VALUE(KSAUDIO_SPEAKER_STEREO, 0x3),
        VALUE(KSAUDIO_SPEAKER_2POINT1, 0xB), VALUE(KSAUDIO_SPEAKER_3POINT0, 0x7), VALUE(KSAUDIO_SPEAKER_3POINT1, 0xF),
        VALUE(KSAUDIO_SPEAKER_QUAD, 0x33), VALUE(KSAUDIO_SPEAKER_SURROUND, 0x107),
        VALUE(KSAUDIO_SPEAKER_5POINT0, 0x607), VALUE(KSAUDIO_SPEAKER_5POINT1, 0x3F),
        VALUE(KSAUDIO_SPEAKER_7POINT0, 0x637), VALUE(KSAUDIO_SPEAKER_7POINT1, 0xFF),
        VALUE(KSAUDIO_SPEAKER_5POINT1_SURROUND, 0x60F), VALUE(KSAUDIO_SPEAKER_7POINT1_SURROUND, 0x63F),
        VALUE(KSAUDIO_SPEAKER_5POINT1_BACK, 0x3F), VALUE(KSAUDIO_SPEAKER_7POINT1_WIDE, 0xFF),
    };
    assert_int_equal(abi_report_mismatches("mmreg constants", ROWS(rows)), 0);
}

/* The sub-format GUIDs: {tag-0000-0010-8000-00AA00389B71}, serialized in a file as the
 * little-endian Data1..Data3 followed by Data4's bytes. */
static void test_subformat_guids(void **state)
{
    (void)state;
    static const unsigned char pcm_bytes[16] = {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00,
                                                0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};
    assert_int_equal(KSDATAFORMAT_SUBTYPE_PCM.Data1, 1);
    assert_int_equal(KSDATAFORMAT_SUBTYPE_PCM.Data2, 0x0000);
    assert_int_equal(KSDATAFORMAT_SUBTYPE_PCM.Data3, 0x0010);
    assert_memory_equal(KSDATAFORMAT_SUBTYPE_PCM.Data4, pcm_bytes + 8, 8);
    assert_int_equal(KSDATAFORMAT_SUBTYPE_IEEE_FLOAT.Data1, 3);
    assert_int_equal(KSDATAFORMAT_SUBTYPE_ALAW.Data1, 6);
    assert_int_equal(KSDATAFORMAT_SUBTYPE_MULAW.Data1, 7);
    assert_int_equal(KSDATAFORMAT_SUBTYPE_ADPCM.Data1, 2);
    assert_memory_equal(KSDATAFORMAT_SUBTYPE_IEEE_FLOAT.Data4, pcm_bytes + 8, 8);
    assert_int_equal(KSDATAFORMAT_SUBTYPE_IEEE_FLOAT.Data3, 0x0010);
    /* IsEqualGUID on the objects themselves, as C code writes it. */
    GUID copy = KSDATAFORMAT_SUBTYPE_PCM;
    assert_true(IsEqualGUID(&copy, &KSDATAFORMAT_SUBTYPE_PCM));
    assert_false(IsEqualGUID(&copy, &KSDATAFORMAT_SUBTYPE_IEEE_FLOAT));
}

static void test_msacm_constants(void **state)
{
    (void)state;
    const abi_row rows[] = {
        VALUE(ACMERR_BASE, 512), VALUE(ACMERR_NOTPOSSIBLE, 512), VALUE(ACMERR_BUSY, 513),
        VALUE(ACMERR_UNPREPARED, 514), VALUE(ACMERR_CANCELED, 515),
        VALUE(MM_ACM_OPEN, 0x3D4), VALUE(MM_ACM_CLOSE, 0x3D5), VALUE(MM_ACM_DONE, 0x3D6),
        VALUE(DRV_MAPPER_PREFERRED_INPUT_GET, 0x4000), VALUE(DRV_MAPPER_PREFERRED_OUTPUT_GET, 0x4002),
        VALUE(WIDM_MAPPER_STATUS, 0x2000), VALUE(WODM_MAPPER_STATUS, 0x2000), VALUE(WAVEIN_MAPPER_STATUS_DEVICE, 0),
        VALUE(WAVEIN_MAPPER_STATUS_MAPPED, 1), VALUE(WAVEIN_MAPPER_STATUS_FORMAT, 2),
        VALUE(WAVEOUT_MAPPER_STATUS_DEVICE, 0), VALUE(WAVEOUT_MAPPER_STATUS_MAPPED, 1),
        VALUE(WAVEOUT_MAPPER_STATUS_FORMAT, 2),
        VALUE(ACM_METRIC_COUNT_DRIVERS, 1), VALUE(ACM_METRIC_COUNT_CODECS, 2), VALUE(ACM_METRIC_COUNT_CONVERTERS, 3),
        VALUE(ACM_METRIC_COUNT_FILTERS, 4), VALUE(ACM_METRIC_COUNT_DISABLED, 5), VALUE(ACM_METRIC_COUNT_HARDWARE, 6),
        VALUE(ACM_METRIC_COUNT_LOCAL_DRIVERS, 20), VALUE(ACM_METRIC_COUNT_LOCAL_CODECS, 21),
        VALUE(ACM_METRIC_COUNT_LOCAL_CONVERTERS, 22), VALUE(ACM_METRIC_COUNT_LOCAL_FILTERS, 23),
        VALUE(ACM_METRIC_COUNT_LOCAL_DISABLED, 24), VALUE(ACM_METRIC_HARDWARE_WAVE_INPUT, 30),
        VALUE(ACM_METRIC_HARDWARE_WAVE_OUTPUT, 31), VALUE(ACM_METRIC_MAX_SIZE_FORMAT, 50),
        VALUE(ACM_METRIC_MAX_SIZE_FILTER, 51), VALUE(ACM_METRIC_DRIVER_SUPPORT, 100),
        VALUE(ACM_METRIC_DRIVER_PRIORITY, 101),
        VALUE(ACM_DRIVERENUMF_NOLOCAL, 0x40000000), VALUE(ACM_DRIVERENUMF_DISABLED, 0x80000000),
        VALUE(ACM_DRIVERADDF_NAME, 1), VALUE(ACM_DRIVERADDF_FUNCTION, 3), VALUE(ACM_DRIVERADDF_NOTIFYHWND, 4),
        VALUE(ACM_DRIVERADDF_TYPEMASK, 7), VALUE(ACM_DRIVERADDF_LOCAL, 0), VALUE(ACM_DRIVERADDF_GLOBAL, 8),
        VALUE(ACMDM_USER, 0x4000), VALUE(ACMDM_RESERVED_LOW, 0x6000), VALUE(ACMDM_RESERVED_HIGH, 0x6FFF),
        VALUE(ACMDM_BASE, 0x6000), VALUE(ACMDM_DRIVER_ABOUT, 0x600B),
        VALUE(ACM_DRIVERPRIORITYF_ENABLE, 1), VALUE(ACM_DRIVERPRIORITYF_DISABLE, 2),
        VALUE(ACM_DRIVERPRIORITYF_ABLEMASK, 3), VALUE(ACM_DRIVERPRIORITYF_BEGIN, 0x10000),
        VALUE(ACM_DRIVERPRIORITYF_END, 0x20000), VALUE(ACM_DRIVERPRIORITYF_DEFERMASK, 0x30000),
        VALUE(ACMDRIVERDETAILS_SHORTNAME_CHARS, 32), VALUE(ACMDRIVERDETAILS_LONGNAME_CHARS, 128),
        VALUE(ACMDRIVERDETAILS_COPYRIGHT_CHARS, 80), VALUE(ACMDRIVERDETAILS_LICENSING_CHARS, 128),
        VALUE(ACMDRIVERDETAILS_FEATURES_CHARS, 512), VALUE(ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC, 0x63647561),
        VALUE(ACMDRIVERDETAILS_FCCCOMP_UNDEFINED, 0), VALUE(ACMDRIVERDETAILS_SUPPORTF_CODEC, 0x1),
        VALUE(ACMDRIVERDETAILS_SUPPORTF_CONVERTER, 0x2), VALUE(ACMDRIVERDETAILS_SUPPORTF_FILTER, 0x4),
        VALUE(ACMDRIVERDETAILS_SUPPORTF_HARDWARE, 0x8), VALUE(ACMDRIVERDETAILS_SUPPORTF_ASYNC, 0x10),
        VALUE(ACMDRIVERDETAILS_SUPPORTF_LOCAL, 0x40000000), VALUE(ACMDRIVERDETAILS_SUPPORTF_DISABLED, 0x80000000),
        VALUE(ACMFORMATTAGDETAILS_FORMATTAG_CHARS, 48), VALUE(ACM_FORMATTAGDETAILSF_INDEX, 0),
        VALUE(ACM_FORMATTAGDETAILSF_FORMATTAG, 1), VALUE(ACM_FORMATTAGDETAILSF_LARGESTSIZE, 2),
        VALUE(ACM_FORMATTAGDETAILSF_QUERYMASK, 0xF), VALUE(ACMFORMATDETAILS_FORMAT_CHARS, 128),
        VALUE(ACM_FORMATDETAILSF_INDEX, 0), VALUE(ACM_FORMATDETAILSF_FORMAT, 1),
        VALUE(ACM_FORMATDETAILSF_QUERYMASK, 0xF), VALUE(ACM_FORMATENUMF_WFORMATTAG, 0x10000),
        VALUE(ACM_FORMATENUMF_NCHANNELS, 0x20000), VALUE(ACM_FORMATENUMF_NSAMPLESPERSEC, 0x40000),
        VALUE(ACM_FORMATENUMF_WBITSPERSAMPLE, 0x80000), VALUE(ACM_FORMATENUMF_CONVERT, 0x100000),
        VALUE(ACM_FORMATENUMF_SUGGEST, 0x200000), VALUE(ACM_FORMATENUMF_HARDWARE, 0x400000),
        VALUE(ACM_FORMATENUMF_INPUT, 0x800000), VALUE(ACM_FORMATENUMF_OUTPUT, 0x1000000),
        VALUE(ACM_FORMATSUGGESTF_WFORMATTAG, 0x10000), VALUE(ACM_FORMATSUGGESTF_NCHANNELS, 0x20000),
        VALUE(ACM_FORMATSUGGESTF_NSAMPLESPERSEC, 0x40000), VALUE(ACM_FORMATSUGGESTF_WBITSPERSAMPLE, 0x80000),
        VALUE(ACM_FORMATSUGGESTF_TYPEMASK, 0xFF0000), VALUE(MM_ACM_FORMATCHOOSE, 0x8000),
        VALUE(FORMATCHOOSE_MESSAGE, 0), VALUE(FORMATCHOOSE_FORMATTAG_VERIFY, 0), VALUE(FORMATCHOOSE_FORMAT_VERIFY, 1),
        VALUE(FORMATCHOOSE_CUSTOM_VERIFY, 2), VALUE(ACMFORMATCHOOSE_STYLEF_SHOWHELP, 0x4),
        VALUE(ACMFORMATCHOOSE_STYLEF_ENABLEHOOK, 0x8), VALUE(ACMFORMATCHOOSE_STYLEF_ENABLETEMPLATE, 0x10),
        VALUE(ACMFORMATCHOOSE_STYLEF_ENABLETEMPLATEHANDLE, 0x20), VALUE(ACMFORMATCHOOSE_STYLEF_INITTOWFXSTRUCT, 0x40),
        VALUE(ACMFORMATCHOOSE_STYLEF_CONTEXTHELP, 0x80), VALUE(ACMFILTERTAGDETAILS_FILTERTAG_CHARS, 48),
        VALUE(ACM_FILTERTAGDETAILSF_INDEX, 0), VALUE(ACM_FILTERTAGDETAILSF_FILTERTAG, 1),
        VALUE(ACM_FILTERTAGDETAILSF_LARGESTSIZE, 2), VALUE(ACM_FILTERTAGDETAILSF_QUERYMASK, 0xF),
        VALUE(ACMFILTERDETAILS_FILTER_CHARS, 128), VALUE(ACM_FILTERDETAILSF_INDEX, 0),
        VALUE(ACM_FILTERDETAILSF_FILTER, 1), VALUE(ACM_FILTERDETAILSF_QUERYMASK, 0xF),
        VALUE(ACM_FILTERENUMF_DWFILTERTAG, 0x10000), VALUE(MM_ACM_FILTERCHOOSE, 0x8000),
        VALUE(FILTERCHOOSE_MESSAGE, 0), VALUE(FILTERCHOOSE_FILTERTAG_VERIFY, 0), VALUE(FILTERCHOOSE_FILTER_VERIFY, 1),
        VALUE(FILTERCHOOSE_CUSTOM_VERIFY, 2), VALUE(ACMFILTERCHOOSE_STYLEF_SHOWHELP, 0x4),
        VALUE(ACMFILTERCHOOSE_STYLEF_ENABLEHOOK, 0x8), VALUE(ACMFILTERCHOOSE_STYLEF_ENABLETEMPLATE, 0x10),
        VALUE(ACMFILTERCHOOSE_STYLEF_ENABLETEMPLATEHANDLE, 0x20),
        VALUE(ACMFILTERCHOOSE_STYLEF_INITTOFILTERSTRUCT, 0x40), VALUE(ACMFILTERCHOOSE_STYLEF_CONTEXTHELP, 0x80),
        VALUE(ACMSTREAMHEADER_STATUSF_DONE, 0x10000), VALUE(ACMSTREAMHEADER_STATUSF_PREPARED, 0x20000),
        VALUE(ACMSTREAMHEADER_STATUSF_INQUEUE, 0x100000), VALUE(ACM_STREAMOPENF_QUERY, 0x1),
        VALUE(ACM_STREAMOPENF_ASYNC, 0x2), VALUE(ACM_STREAMOPENF_NONREALTIME, 0x4), VALUE(ACM_STREAMSIZEF_SOURCE, 0),
        VALUE(ACM_STREAMSIZEF_DESTINATION, 1), VALUE(ACM_STREAMSIZEF_QUERYMASK, 0xF),
        VALUE(ACM_STREAMCONVERTF_BLOCKALIGN, 0x4), VALUE(ACM_STREAMCONVERTF_START, 0x10),
        VALUE(ACM_STREAMCONVERTF_END, 0x20),
        VALUE(sizeof(ACMHELPMSGSTRINGA), 15), VALUE(sizeof(ACMHELPMSGSTRINGW), 30),
        VALUE(sizeof(ACMHELPMSGCONTEXTMENUA), 22), VALUE(sizeof(ACMHELPMSGCONTEXTHELPA), 22),
        /* msacmdrv.h */
        VALUE(MAKE_ACM_VERSION(4, 0, 1381), 0x04000565), VALUE(MAKE_ACM_VERSION(3, 50, 612), 0x03320264),
        VALUE(ACMDM_DRIVER_NOTIFY, 0x6001), VALUE(ACMDM_DRIVER_DETAILS, 0x600A),
        VALUE(ACMDM_HARDWARE_WAVE_CAPS_INPUT, 0x6014), VALUE(ACMDM_HARDWARE_WAVE_CAPS_OUTPUT, 0x6015),
        VALUE(ACMDM_FORMATTAG_DETAILS, 0x6019), VALUE(ACMDM_FORMAT_DETAILS, 0x601A),
        VALUE(ACMDM_FORMAT_SUGGEST, 0x601B), VALUE(ACMDM_FILTERTAG_DETAILS, 0x6032),
        VALUE(ACMDM_FILTER_DETAILS, 0x6033), VALUE(ACMDM_STREAM_OPEN, 0x604C), VALUE(ACMDM_STREAM_CLOSE, 0x604D),
        VALUE(ACMDM_STREAM_SIZE, 0x604E), VALUE(ACMDM_STREAM_CONVERT, 0x604F), VALUE(ACMDM_STREAM_RESET, 0x6050),
        VALUE(ACMDM_STREAM_PREPARE, 0x6051), VALUE(ACMDM_STREAM_UNPREPARE, 0x6052),
        VALUE(ACMDM_STREAM_UPDATE, 0x6053),
    };
    assert_int_equal(abi_report_mismatches("msacm/msacmdrv constants", ROWS(rows)), 0);
    assert_string_equal(ACMHELPMSGSTRINGA, "acmchoose_help");
    assert_string_equal(ACMHELPMSGCONTEXTMENUA, "acmchoose_contextmenu");
    assert_string_equal(ACMHELPMSGCONTEXTHELPA, "acmchoose_contexthelp");
}

/* ---------------------------------------------------------------------------------------- */
/* prototypes: each function and callback type has the Windows signature                    */
/* ---------------------------------------------------------------------------------------- */

/* 1 when `fn` has exactly the function-pointer type `type`. _Generic does not evaluate its
 * operand, so no function is referenced and the test links whatever is implemented. */
static void test_msacm_prototypes(void **state)
{
    (void)state;
    const abi_row rows[] = {
        PROTOTYPE(acmGetVersion, DWORD(*)(void)),
        PROTOTYPE(acmMetrics, MMRESULT(*)(HACMOBJ, UINT, LPVOID)),
        PROTOTYPE(acmDriverEnum, MMRESULT(*)(ACMDRIVERENUMCB, DWORD_PTR, DWORD)),
        PROTOTYPE(acmDriverID, MMRESULT(*)(HACMOBJ, LPHACMDRIVERID, DWORD)),
        PROTOTYPE(acmDriverAddA, MMRESULT(*)(LPHACMDRIVERID, HINSTANCE, LPARAM, DWORD, DWORD)),
        PROTOTYPE(acmDriverAddW, MMRESULT(*)(LPHACMDRIVERID, HINSTANCE, LPARAM, DWORD, DWORD)),
        PROTOTYPE(acmDriverRemove, MMRESULT(*)(HACMDRIVERID, DWORD)),
        PROTOTYPE(acmDriverOpen, MMRESULT(*)(LPHACMDRIVER, HACMDRIVERID, DWORD)),
        PROTOTYPE(acmDriverClose, MMRESULT(*)(HACMDRIVER, DWORD)),
        PROTOTYPE(acmDriverMessage, LRESULT(*)(HACMDRIVER, UINT, LPARAM, LPARAM)),
        PROTOTYPE(acmDriverPriority, MMRESULT(*)(HACMDRIVERID, DWORD, DWORD)),
        PROTOTYPE(acmDriverDetailsA, MMRESULT(*)(HACMDRIVERID, LPACMDRIVERDETAILSA, DWORD)),
        PROTOTYPE(acmDriverDetailsW, MMRESULT(*)(HACMDRIVERID, LPACMDRIVERDETAILSW, DWORD)),
        PROTOTYPE(acmFormatTagDetailsA, MMRESULT(*)(HACMDRIVER, LPACMFORMATTAGDETAILSA, DWORD)),
        PROTOTYPE(acmFormatTagDetailsW, MMRESULT(*)(HACMDRIVER, LPACMFORMATTAGDETAILSW, DWORD)),
        PROTOTYPE(acmFormatTagEnumA,
                  MMRESULT(*)(HACMDRIVER, LPACMFORMATTAGDETAILSA, ACMFORMATTAGENUMCBA, DWORD_PTR, DWORD)),
        PROTOTYPE(acmFormatTagEnumW,
                  MMRESULT(*)(HACMDRIVER, LPACMFORMATTAGDETAILSW, ACMFORMATTAGENUMCBW, DWORD_PTR, DWORD)),
        PROTOTYPE(acmFormatDetailsA, MMRESULT(*)(HACMDRIVER, LPACMFORMATDETAILSA, DWORD)),
        PROTOTYPE(acmFormatDetailsW, MMRESULT(*)(HACMDRIVER, LPACMFORMATDETAILSW, DWORD)),
        PROTOTYPE(acmFormatEnumA, MMRESULT(*)(HACMDRIVER, LPACMFORMATDETAILSA, ACMFORMATENUMCBA, DWORD_PTR, DWORD)),
        PROTOTYPE(acmFormatEnumW, MMRESULT(*)(HACMDRIVER, LPACMFORMATDETAILSW, ACMFORMATENUMCBW, DWORD_PTR, DWORD)),
        PROTOTYPE(acmFormatSuggest, MMRESULT(*)(HACMDRIVER, LPWAVEFORMATEX, LPWAVEFORMATEX, DWORD, DWORD)),
        PROTOTYPE(acmFormatChooseA, MMRESULT(*)(LPACMFORMATCHOOSEA)),
        PROTOTYPE(acmFormatChooseW, MMRESULT(*)(LPACMFORMATCHOOSEW)),
        PROTOTYPE(acmFilterTagDetailsA, MMRESULT(*)(HACMDRIVER, LPACMFILTERTAGDETAILSA, DWORD)),
        PROTOTYPE(acmFilterTagDetailsW, MMRESULT(*)(HACMDRIVER, LPACMFILTERTAGDETAILSW, DWORD)),
        PROTOTYPE(acmFilterTagEnumA,
                  MMRESULT(*)(HACMDRIVER, LPACMFILTERTAGDETAILSA, ACMFILTERTAGENUMCBA, DWORD_PTR, DWORD)),
        PROTOTYPE(acmFilterTagEnumW,
                  MMRESULT(*)(HACMDRIVER, LPACMFILTERTAGDETAILSW, ACMFILTERTAGENUMCBW, DWORD_PTR, DWORD)),
        PROTOTYPE(acmFilterDetailsA, MMRESULT(*)(HACMDRIVER, LPACMFILTERDETAILSA, DWORD)),
        PROTOTYPE(acmFilterDetailsW, MMRESULT(*)(HACMDRIVER, LPACMFILTERDETAILSW, DWORD)),
        PROTOTYPE(acmFilterEnumA, MMRESULT(*)(HACMDRIVER, LPACMFILTERDETAILSA, ACMFILTERENUMCBA, DWORD_PTR, DWORD)),
        PROTOTYPE(acmFilterEnumW, MMRESULT(*)(HACMDRIVER, LPACMFILTERDETAILSW, ACMFILTERENUMCBW, DWORD_PTR, DWORD)),
        PROTOTYPE(acmFilterChooseA, MMRESULT(*)(LPACMFILTERCHOOSEA)),
        PROTOTYPE(acmFilterChooseW, MMRESULT(*)(LPACMFILTERCHOOSEW)),
        PROTOTYPE(acmStreamOpen, MMRESULT(*)(LPHACMSTREAM, HACMDRIVER, LPWAVEFORMATEX, LPWAVEFORMATEX, LPWAVEFILTER,
                                             DWORD_PTR, DWORD_PTR, DWORD)),
        PROTOTYPE(acmStreamClose, MMRESULT(*)(HACMSTREAM, DWORD)),
        PROTOTYPE(acmStreamSize, MMRESULT(*)(HACMSTREAM, DWORD, LPDWORD, DWORD)),
        PROTOTYPE(acmStreamReset, MMRESULT(*)(HACMSTREAM, DWORD)),
        PROTOTYPE(acmStreamMessage, MMRESULT(*)(HACMSTREAM, UINT, LPARAM, LPARAM)),
        PROTOTYPE(acmStreamConvert, MMRESULT(*)(HACMSTREAM, LPACMSTREAMHEADER, DWORD)),
        PROTOTYPE(acmStreamPrepareHeader, MMRESULT(*)(HACMSTREAM, LPACMSTREAMHEADER, DWORD)),
        PROTOTYPE(acmStreamUnprepareHeader, MMRESULT(*)(HACMSTREAM, LPACMSTREAMHEADER, DWORD)),
        /* callback types */
        PROTOTYPE((ACMDRIVERENUMCB)0, BOOL(*)(HACMDRIVERID, DWORD_PTR, DWORD)),
        PROTOTYPE((ACMDRIVERPROC)0, LRESULT(*)(DWORD_PTR, HACMDRIVERID, UINT, LPARAM, LPARAM)),
        PROTOTYPE((ACMFORMATTAGENUMCBA)0, BOOL(*)(HACMDRIVERID, LPACMFORMATTAGDETAILSA, DWORD_PTR, DWORD)),
        PROTOTYPE((ACMFORMATTAGENUMCBW)0, BOOL(*)(HACMDRIVERID, LPACMFORMATTAGDETAILSW, DWORD_PTR, DWORD)),
        PROTOTYPE((ACMFORMATENUMCBA)0, BOOL(*)(HACMDRIVERID, LPACMFORMATDETAILSA, DWORD_PTR, DWORD)),
        PROTOTYPE((ACMFORMATENUMCBW)0, BOOL(*)(HACMDRIVERID, LPACMFORMATDETAILSW, DWORD_PTR, DWORD)),
        PROTOTYPE((ACMFILTERTAGENUMCBA)0, BOOL(*)(HACMDRIVERID, LPACMFILTERTAGDETAILSA, DWORD_PTR, DWORD)),
        PROTOTYPE((ACMFILTERTAGENUMCBW)0, BOOL(*)(HACMDRIVERID, LPACMFILTERTAGDETAILSW, DWORD_PTR, DWORD)),
        PROTOTYPE((ACMFILTERENUMCBA)0, BOOL(*)(HACMDRIVERID, LPACMFILTERDETAILSA, DWORD_PTR, DWORD)),
        PROTOTYPE((ACMFILTERENUMCBW)0, BOOL(*)(HACMDRIVERID, LPACMFILTERDETAILSW, DWORD_PTR, DWORD)),
        PROTOTYPE((ACMFORMATCHOOSEHOOKPROCA)0, UINT(*)(HWND, UINT, WPARAM, LPARAM)),
        PROTOTYPE((ACMFORMATCHOOSEHOOKPROCW)0, UINT(*)(HWND, UINT, WPARAM, LPARAM)),
        PROTOTYPE((ACMFILTERCHOOSEHOOKPROCA)0, UINT(*)(HWND, UINT, WPARAM, LPARAM)),
        PROTOTYPE((ACMFILTERCHOOSEHOOKPROCW)0, UINT(*)(HWND, UINT, WPARAM, LPARAM)),
        PROTOTYPE((DRIVERPROC)0, LRESULT(*)(DWORD_PTR, HDRVR, UINT, LPARAM, LPARAM)),
    };
    assert_int_equal(abi_report_mismatches("msacm prototypes", ROWS(rows)), 0);
}

/* ---------------------------------------------------------------------------------------- */
/* generic names                                                                            */
/* ---------------------------------------------------------------------------------------- */

#define ABI_STRING_(x) #x
#define ABI_EXPANDED_(x) ABI_STRING_(x)
#define ABI_MAPS_TO(generic, narrow) \
    { #generic " -> " #narrow, strcmp(ABI_EXPANDED_(generic), #narrow) == 0 ? 0 : 1, 0 }

/* Without UNICODE the generic names are the A versions, as on Windows. */
static void test_generic_names_ansi(void **state)
{
    (void)state;
    const abi_row rows[] = {
        ABI_MAPS_TO(acmDriverAdd, acmDriverAddA), ABI_MAPS_TO(ACMDRIVERDETAILS, ACMDRIVERDETAILSA),
        ABI_MAPS_TO(LPACMDRIVERDETAILS, LPACMDRIVERDETAILSA), ABI_MAPS_TO(acmDriverDetails, acmDriverDetailsA),
        ABI_MAPS_TO(ACMFORMATTAGDETAILS, ACMFORMATTAGDETAILSA), ABI_MAPS_TO(acmFormatTagDetails, acmFormatTagDetailsA),
        ABI_MAPS_TO(ACMFORMATTAGENUMCB, ACMFORMATTAGENUMCBA), ABI_MAPS_TO(acmFormatTagEnum, acmFormatTagEnumA),
        ABI_MAPS_TO(ACMFORMATDETAILS, ACMFORMATDETAILSA), ABI_MAPS_TO(acmFormatDetails, acmFormatDetailsA),
        ABI_MAPS_TO(ACMFORMATENUMCB, ACMFORMATENUMCBA), ABI_MAPS_TO(acmFormatEnum, acmFormatEnumA),
        {"ACMHELPMSGSTRING == ACMHELPMSGSTRINGA",
         sizeof(ACMHELPMSGSTRING) == sizeof(ACMHELPMSGSTRINGA) && strcmp(ACMHELPMSGSTRING, ACMHELPMSGSTRINGA) == 0
             ? 0
             : 1,
         0},
        ABI_MAPS_TO(ACMFORMATCHOOSE, ACMFORMATCHOOSEA),
        ABI_MAPS_TO(ACMFORMATCHOOSEHOOKPROC, ACMFORMATCHOOSEHOOKPROCA), ABI_MAPS_TO(acmFormatChoose, acmFormatChooseA),
        ABI_MAPS_TO(ACMFILTERTAGDETAILS, ACMFILTERTAGDETAILSA), ABI_MAPS_TO(acmFilterTagDetails, acmFilterTagDetailsA),
        ABI_MAPS_TO(ACMFILTERTAGENUMCB, ACMFILTERTAGENUMCBA), ABI_MAPS_TO(acmFilterTagEnum, acmFilterTagEnumA),
        ABI_MAPS_TO(ACMFILTERDETAILS, ACMFILTERDETAILSA), ABI_MAPS_TO(acmFilterDetails, acmFilterDetailsA),
        ABI_MAPS_TO(ACMFILTERENUMCB, ACMFILTERENUMCBA), ABI_MAPS_TO(acmFilterEnum, acmFilterEnumA),
        ABI_MAPS_TO(ACMFILTERCHOOSE, ACMFILTERCHOOSEA), ABI_MAPS_TO(acmFilterChoose, acmFilterChooseA),
        ABI_MAPS_TO(ACMDRVOPENDESC, ACMDRVOPENDESCA), ABI_MAPS_TO(LPACMDRVOPENDESC, LPACMDRVOPENDESCA),
        ABI_MAPS_TO(mmioOpen, mmioOpenA), ABI_MAPS_TO(mmioStringToFOURCC, mmioStringToFOURCCA),
        ABI_MAPS_TO(CreateEvent, CreateEventA), ABI_MAPS_TO(WNDCLASS, WNDCLASSA), ABI_MAPS_TO(PostMessage, PostMessageA),
        ABI_MAPS_TO(RegOpenKeyEx, RegOpenKeyExA), ABI_MAPS_TO(RegCreateKeyEx, RegCreateKeyExA),
        ABI_MAPS_TO(RegQueryValueEx, RegQueryValueExA), ABI_MAPS_TO(RegSetValueEx, RegSetValueExA),
        ABI_MAPS_TO(RegDeleteValue, RegDeleteValueA), ABI_MAPS_TO(RegDeleteKey, RegDeleteKeyA),
        ABI_MAPS_TO(RegEnumKeyEx, RegEnumKeyExA), ABI_MAPS_TO(RegEnumValue, RegEnumValueA),
        ABI_MAPS_TO(RegQueryInfoKey, RegQueryInfoKeyA),
    };
    assert_int_equal(abi_report_mismatches("ANSI generic names", ROWS(rows)), 0);
}

static void test_generic_names_unicode(void **state)
{
    (void)state;
    assert_int_equal(abi_check_unicode(), 0);
}

/* kernel32 memory flags and the compiler dialect (issue 13 items 3 and 4), as Windows'
 * winbase.h and winnt.h define them. */
static void test_winbase_memory_constants(void **state)
{
    (void)state;
    const abi_row rows[] = {
        VALUE(LMEM_FIXED, 0), VALUE(LMEM_MOVEABLE, 0x2), VALUE(LMEM_NOCOMPACT, 0x10), VALUE(LMEM_NODISCARD, 0x20),
        VALUE(LMEM_ZEROINIT, 0x40), VALUE(LMEM_MODIFY, 0x80), VALUE(LMEM_DISCARDABLE, 0xF00),
        VALUE(LMEM_VALID_FLAGS, 0xF72), VALUE(LMEM_INVALID_HANDLE, 0x8000), VALUE(LHND, 0x42), VALUE(LPTR, 0x40),
        VALUE(NONZEROLHND, 0x2), VALUE(NONZEROLPTR, 0), VALUE(LMEM_DISCARDED, 0x4000), VALUE(LMEM_LOCKCOUNT, 0xFF),
        VALUE(GMEM_FIXED, 0), VALUE(GMEM_MOVEABLE, 0x2), VALUE(GMEM_NOCOMPACT, 0x10), VALUE(GMEM_NODISCARD, 0x20),
        VALUE(GMEM_ZEROINIT, 0x40), VALUE(GMEM_MODIFY, 0x80), VALUE(GMEM_DISCARDABLE, 0x100),
        VALUE(GMEM_NOT_BANKED, 0x1000), VALUE(GMEM_SHARE, 0x2000), VALUE(GMEM_DDESHARE, 0x2000),
        VALUE(GMEM_NOTIFY, 0x4000), VALUE(GMEM_LOWER, 0x1000), VALUE(GMEM_VALID_FLAGS, 0x7F72),
        VALUE(GMEM_INVALID_HANDLE, 0x8000), VALUE(GHND, 0x42), VALUE(GPTR, 0x40), VALUE(GMEM_DISCARDED, 0x4000),
        VALUE(GMEM_LOCKCOUNT, 0xFF), VALUE(HEAP_NO_SERIALIZE, 0x1), VALUE(HEAP_GROWABLE, 0x2),
        VALUE(HEAP_GENERATE_EXCEPTIONS, 0x4), VALUE(HEAP_ZERO_MEMORY, 0x8), VALUE(HEAP_REALLOC_IN_PLACE_ONLY, 0x10),
        VALUE(HEAP_CREATE_ENABLE_EXECUTE, 0x40000), VALUE(ERROR_DISCARDED, 157), VALUE(ERROR_NOT_LOCKED, 158),
        VALUE((ULONG_PTR)MAKEINTRESOURCEA(0x1234), 0x1234), VALUE((ULONG_PTR)MAKEINTRESOURCEW(0x12345), 0x2345),
        VALUE(Int32x32To64(-3, 0x7FFFFFFF), -0x17FFFFFFDLL), VALUE(UInt32x32To64(0xFFFFFFFF, 2), 0x1FFFFFFFELL),
        VALUE(FIELD_OFFSET(RECT, bottom), 12), VALUE(sizeof(FIELD_OFFSET(RECT, top)), 4),
        ABI_MAPS_TO(MAKEINTRESOURCE, MAKEINTRESOURCEA),
    };
    assert_int_equal(abi_report_mismatches("winbase memory constants", ROWS(rows)), 0);
}


/* The no-window-system names of winuser.h (issue 13 item 8), with Windows' values. */
static void test_winuser_nowindow_constants(void **state)
{
    (void)state;
    const abi_row rows[] = {
        VALUE(IDOK, 1), VALUE(IDCANCEL, 2), VALUE(IDABORT, 3), VALUE(IDRETRY, 4), VALUE(IDIGNORE, 5),
        VALUE(IDYES, 6), VALUE(IDNO, 7), VALUE(IDCLOSE, 8), VALUE(IDHELP, 9), VALUE(IDTRYAGAIN, 10),
        VALUE(IDCONTINUE, 11), VALUE(MB_OK, 0), VALUE(MB_OKCANCEL, 1), VALUE(MB_ABORTRETRYIGNORE, 2),
        VALUE(MB_YESNOCANCEL, 3), VALUE(MB_YESNO, 4), VALUE(MB_RETRYCANCEL, 5), VALUE(MB_CANCELTRYCONTINUE, 6),
        VALUE(MB_ICONHAND, 0x10), VALUE(MB_ICONERROR, 0x10), VALUE(MB_ICONSTOP, 0x10),
        VALUE(MB_ICONQUESTION, 0x20), VALUE(MB_ICONEXCLAMATION, 0x30), VALUE(MB_ICONWARNING, 0x30),
        VALUE(MB_ICONASTERISK, 0x40), VALUE(MB_ICONINFORMATION, 0x40), VALUE(MB_DEFBUTTON1, 0),
        VALUE(MB_DEFBUTTON2, 0x100), VALUE(MB_DEFBUTTON3, 0x200), VALUE(MB_DEFBUTTON4, 0x300),
        VALUE(MB_APPLMODAL, 0), VALUE(MB_SYSTEMMODAL, 0x1000), VALUE(MB_TASKMODAL, 0x2000), VALUE(MB_HELP, 0x4000),
        VALUE(MB_TYPEMASK, 0xF), VALUE(MB_ICONMASK, 0xF0), VALUE(MB_DEFMASK, 0xF00), VALUE(MB_MODEMASK, 0x3000),
        VALUE(WM_CLOSE, 0x10), VALUE(WM_HELP, 0x53), VALUE(WM_CONTEXTMENU, 0x7B), VALUE(WM_INITDIALOG, 0x110),
        VALUE(WM_COMMAND, 0x111), VALUE(WM_SYSCOMMAND, 0x112), VALUE(HELP_CONTEXT, 1), VALUE(HELP_QUIT, 2),
        VALUE(HELP_INDEX, 3), VALUE(HELP_CONTENTS, 3), VALUE(HELP_HELPONHELP, 4), VALUE(HELP_SETINDEX, 5),
        VALUE(HELP_SETCONTENTS, 5), VALUE(HELP_CONTEXTPOPUP, 8), VALUE(HELP_FORCEFILE, 9),
        VALUE(HELP_CONTEXTMENU, 0xa), VALUE(HELP_FINDER, 0xb), VALUE(HELP_WM_HELP, 0xc), VALUE(HELP_KEY, 0x101),
        VALUE(HELP_COMMAND, 0x102), VALUE(HELP_PARTIALKEY, 0x105), VALUE(HELP_MULTIKEY, 0x201),
        VALUE(HELP_SETWINPOS, 0x203), VALUE((ULONG_PTR)IDC_ARROW, 32512), VALUE((ULONG_PTR)IDC_IBEAM, 32513),
        VALUE((ULONG_PTR)IDC_WAIT, 32514), VALUE((ULONG_PTR)IDC_CROSS, 32515), VALUE((ULONG_PTR)IDC_HAND, 32649),
        VALUE((ULONG_PTR)IDC_HELP, 32651), VALUE((ULONG_PTR)IDI_APPLICATION, 32512),
        VALUE((ULONG_PTR)IDI_HAND, 32513), VALUE((ULONG_PTR)IDI_ERROR, 32513), VALUE((ULONG_PTR)IDI_QUESTION, 32514),
        VALUE((ULONG_PTR)IDI_EXCLAMATION, 32515), VALUE((ULONG_PTR)IDI_WARNING, 32515),
        VALUE((ULONG_PTR)IDI_ASTERISK, 32516), VALUE((ULONG_PTR)IDI_INFORMATION, 32516),
        VALUE((ULONG_PTR)IDI_WINLOGO, 32517), VALUE(ERROR_CONTROL_ID_NOT_FOUND, 1421),
        VALUE(ERROR_RESOURCE_TYPE_NOT_FOUND, 1813), VALUE(ERROR_RESOURCE_NAME_NOT_FOUND, 1814),
        PROTOTYPE(DialogBoxParamA, INT_PTR(WINAPI *)(HINSTANCE, LPCSTR, HWND, DLGPROC, LPARAM)),
        PROTOTYPE(MessageBoxW, int(WINAPI *)(HWND, LPCWSTR, LPCWSTR, UINT)),
        ABI_MAPS_TO(DialogBoxParam, DialogBoxParamA), ABI_MAPS_TO(CreateDialogParam, CreateDialogParamA),
        ABI_MAPS_TO(SendDlgItemMessage, SendDlgItemMessageA), ABI_MAPS_TO(MessageBox, MessageBoxA),
        ABI_MAPS_TO(MessageBoxEx, MessageBoxExA), ABI_MAPS_TO(WinHelp, WinHelpA),
        ABI_MAPS_TO(LoadCursor, LoadCursorA), ABI_MAPS_TO(LoadIcon, LoadIconA),
    };
    assert_int_equal(abi_report_mismatches("winuser no-window constants", ROWS(rows)), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base_types),
        cmocka_unit_test(test_windows_structs),
        cmocka_unit_test(test_mmiscapi_structs),
        cmocka_unit_test(test_mmreg_structs),
        cmocka_unit_test(test_msacm_driver_and_tag_structs),
        cmocka_unit_test(test_msacm_chooser_and_stream_structs),
        cmocka_unit_test(test_msacmdrv_structs),
        cmocka_unit_test(test_windef_winbase_constants),
        cmocka_unit_test(test_winuser_constants),
        cmocka_unit_test(test_winbase_memory_constants),
        cmocka_unit_test(test_winreg_constants),
        cmocka_unit_test(test_winuser_nowindow_constants),
        cmocka_unit_test(test_mmsystem_constants),
        cmocka_unit_test(test_mmiscapi_constants),
        cmocka_unit_test(test_mmreg_constants),
        cmocka_unit_test(test_subformat_guids),
        cmocka_unit_test(test_msacm_constants),
        cmocka_unit_test(test_msacm_prototypes),
        cmocka_unit_test(test_generic_names_ansi),
        cmocka_unit_test(test_generic_names_unicode),
    };
    return cmocka_run_group_tests(tests, abi_setup, NULL);
}
