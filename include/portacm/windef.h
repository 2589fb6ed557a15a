/*
 * windef.h - the Windows base types, with the sizes they have on 64-bit Windows (LLP64):
 * DWORD and LONG are 32 bits even where the C `long` is 64, WCHAR is a 16-bit UTF-16 unit, and
 * the *_PTR types and handles are pointer-sized. The calling-convention macros expand to
 * nothing: on Linux there is one C calling convention.
 *
 * Like Windows' own headers, this one declares no C library names: a program that names a
 * global `index` or `random` (which glibc's <string.h> and <stdlib.h> declare) compiles. The
 * few places that need memcmp/memset use the compiler's __builtin_ forms instead.
 */
#ifndef PORTACM_WINDEF_H
#define PORTACM_WINDEF_H

#include "portacm.h"
#include "sdkddkver.h" /* WINVER and _WIN32_WINNT, defaulted as the Windows SDK does */

#include <stddef.h>
#include <stdint.h>

/* ---- calling conventions and annotations (no meaning outside Windows) ---- */
#ifndef WINAPI
#define WINAPI
#endif
#ifndef CALLBACK
#define CALLBACK
#endif
#ifndef APIENTRY
#define APIENTRY
#endif
#ifndef WINAPIV
#define WINAPIV
#endif
#ifndef PASCAL
#define PASCAL
#endif
#ifndef FAR
#define FAR
#endif
#ifndef NEAR
#define NEAR
#endif
#ifndef CONST
#define CONST const
#endif
#ifndef VOID
#define VOID void
#endif
#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif
/* The Microsoft compiler's keywords, spelt as Windows sources spell them. */
#ifndef __stdcall
#define __stdcall
#endif
#ifndef _stdcall
#define _stdcall
#endif
#ifndef __cdecl
#define __cdecl
#endif
#ifndef _cdecl
#define _cdecl
#endif
#ifndef __fastcall
#define __fastcall
#endif
/* x86-64 and AArch64 Linux load unaligned data through ordinary pointers, so UNALIGNED (an
 * Itanium-era qualifier in Windows' headers) means nothing here either. */
#ifndef UNALIGNED
#define UNALIGNED
#endif
#ifndef UNALIGNED64
#define UNALIGNED64
#endif

/* ---- integer types ---- */
typedef uint8_t BYTE, *PBYTE, *LPBYTE;
typedef uint8_t UCHAR, *PUCHAR;
typedef uint8_t BOOLEAN, *PBOOLEAN;
typedef char CHAR, *PCHAR, *LPCH;
typedef int16_t SHORT, *PSHORT;
typedef uint16_t WORD, *PWORD, *LPWORD;
typedef uint16_t USHORT, *PUSHORT;
typedef int32_t INT, *PINT, *LPINT;
typedef uint32_t UINT, *PUINT, *LPUINT;
typedef int32_t LONG, *PLONG, *LPLONG;
typedef uint32_t ULONG, *PULONG;
typedef uint32_t DWORD, *PDWORD, *LPDWORD;
typedef int32_t BOOL, *PBOOL, *LPBOOL;
typedef int64_t LONGLONG, *PLONGLONG;
typedef uint64_t ULONGLONG, *PULONGLONG;
typedef uint64_t DWORDLONG, *PDWORDLONG;
typedef uint64_t DWORD64, *PDWORD64;
typedef int64_t INT64;
typedef uint64_t UINT64;
typedef float FLOAT;
typedef void *PVOID, *LPVOID;
typedef const void *LPCVOID;

/* Pointer-sized integers. */
typedef intptr_t INT_PTR, *PINT_PTR;
typedef uintptr_t UINT_PTR, *PUINT_PTR;
typedef intptr_t LONG_PTR, *PLONG_PTR;
typedef uintptr_t ULONG_PTR, *PULONG_PTR;
typedef uintptr_t DWORD_PTR, *PDWORD_PTR;
typedef uintptr_t SIZE_T, *PSIZE_T;
typedef intptr_t SSIZE_T;

typedef UINT_PTR WPARAM;
typedef LONG_PTR LPARAM;
typedef LONG_PTR LRESULT;
typedef WORD ATOM;
typedef DWORD COLORREF;

/* ---- characters and strings ---- */
/* WCHAR is one UTF-16 code unit. In C it is the same type as C11's char16_t, so u"text"
 * literals can be passed where LPCWSTR is expected; in C++ it is char16_t itself.
 * A source compiled with -fshort-wchar (16-bit wchar_t, as on Windows) gets WCHAR = wchar_t
 * instead, so L"text" literals and wchar_t arrays work with the W functions, TEXT() makes L""
 * literals, and portacm_wchar.h (included below) gives it 16-bit wcslen, wcscpy, _wcsicmp ...
 * The library is built without -fshort-wchar: either way its W functions take 16-bit units. */
#if defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2
#define PORTACM_SHORT_WCHAR 1
typedef wchar_t WCHAR;
#elif defined(__cplusplus)
typedef char16_t WCHAR;
#else
typedef uint16_t WCHAR;
#endif
typedef WCHAR *PWCHAR, *LPWCH, *PWCH, *LPWSTR, *PWSTR;
typedef const WCHAR *LPCWCH, *PCWCH, *LPCWSTR, *PCWSTR;
typedef CHAR *LPSTR, *PSTR;
typedef const CHAR *LPCSTR, *PCSTR, *LPCCH, *PCCH;

#ifdef UNICODE
typedef WCHAR TCHAR;
typedef LPWSTR LPTSTR;
typedef LPCWSTR LPCTSTR;
#ifdef PORTACM_SHORT_WCHAR
#define PORTACM_TEXT_(quote) L##quote
#else
#define PORTACM_TEXT_(quote) u##quote
#endif
#else
typedef CHAR TCHAR;
typedef LPSTR LPTSTR;
typedef LPCSTR LPCTSTR;
#define PORTACM_TEXT_(quote) quote
#endif
typedef TCHAR *PTCHAR;
#ifndef TEXT
#define TEXT(quote) PORTACM_TEXT_(quote)
#endif
#ifndef _T
#define _T(quote) PORTACM_TEXT_(quote)
#endif

/* ---- handles: distinct pointer types, as STRICT Windows code expects ---- */
typedef void *HANDLE, **PHANDLE, **LPHANDLE;
#define DECLARE_HANDLE(name) \
    struct name##__ {        \
        int unused;          \
    };                       \
    typedef struct name##__ *name
DECLARE_HANDLE(HWND);
DECLARE_HANDLE(HINSTANCE);
DECLARE_HANDLE(HDRVR);
DECLARE_HANDLE(HKEY);
DECLARE_HANDLE(HMENU);
DECLARE_HANDLE(HICON);
DECLARE_HANDLE(HBRUSH);
DECLARE_HANDLE(HDC);
DECLARE_HANDLE(HTASK);
typedef HINSTANCE HMODULE;
typedef HICON HCURSOR;
typedef HANDLE HGLOBAL;
typedef HANDLE HLOCAL;
typedef int HFILE;
#define HFILE_ERROR ((HFILE)-1)

/* ---- values ---- */
#ifndef FALSE
#define FALSE 0
#endif
#ifndef TRUE
#define TRUE 1
#endif
#ifndef NULL
#define NULL ((void *)0)
#endif
#define MAX_PATH 260

#ifndef _FILETIME_
#define _FILETIME_
/* 100-nanosecond intervals since January 1, 1601 (UTC), split into two 32-bit halves. */
typedef struct _FILETIME {
    DWORD dwLowDateTime;
    DWORD dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;
#endif

#define MAKEWORD(low, high) ((WORD)(((BYTE)((DWORD_PTR)(low)&0xff)) | ((WORD)((BYTE)((DWORD_PTR)(high)&0xff))) << 8))
#define MAKELONG(low, high) ((LONG)(((WORD)((DWORD_PTR)(low)&0xffff)) | ((DWORD)((WORD)((DWORD_PTR)(high)&0xffff))) << 16))
#define LOWORD(l) ((WORD)((DWORD_PTR)(l)&0xffff))
#define HIWORD(l) ((WORD)((((DWORD_PTR)(l)) >> 16) & 0xffff))
#define LOBYTE(w) ((BYTE)((DWORD_PTR)(w)&0xff))
#define HIBYTE(w) ((BYTE)((((DWORD_PTR)(w)) >> 8) & 0xff))
#define MAKELPARAM(low, high) ((LPARAM)(DWORD)MAKELONG(low, high))
#define MAKEWPARAM(low, high) ((WPARAM)(DWORD)MAKELONG(low, high))
#define MAKELRESULT(low, high) ((LRESULT)(DWORD)MAKELONG(low, high))

/* The byte offset of a member, as a LONG (winnt.h). */
#ifndef FIELD_OFFSET
#define FIELD_OFFSET(type, field) ((LONG)offsetof(type, field))
#endif
/* 32 x 32 -> 64-bit products (winnt.h): the operands are cut to 32 bits first, as there. */
#define Int32x32To64(a, b) ((LONGLONG)((LONG)(a)) * (LONGLONG)((LONG)(b)))
#define UInt32x32To64(a, b) ((ULONGLONG)((DWORD)(a)) * (ULONGLONG)((DWORD)(b)))

/* min and max as function-like macros (each argument may be evaluated twice), unless the
 * program defines NOMINMAX first, as C++ sources that use std::min/std::max do on Windows. */
#ifndef NOMINMAX
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#endif

/* ---- GUID ---- */
#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
    DWORD Data1;
    WORD Data2;
    WORD Data3;
    BYTE Data4[8];
} GUID;
#endif
typedef GUID *LPGUID;
typedef const GUID *LPCGUID;
typedef GUID IID;
typedef GUID CLSID;
#ifdef __cplusplus
#define REFGUID const GUID &
#else
#define REFGUID const GUID *
#endif
#ifdef __cplusplus
inline bool IsEqualGUID(REFGUID a, REFGUID b)
{
    return __builtin_memcmp(&a, &b, sizeof(GUID)) == 0;
}
inline bool operator==(REFGUID a, REFGUID b)
{
    return IsEqualGUID(a, b);
}
inline bool operator!=(REFGUID a, REFGUID b)
{
    return !IsEqualGUID(a, b);
}
#else
#define IsEqualGUID(a, b) (__builtin_memcmp((a), (b), sizeof(GUID)) == 0)
#endif

typedef struct tagPOINT {
    LONG x;
    LONG y;
} POINT, *PPOINT, *LPPOINT;

typedef struct tagRECT {
    LONG left;
    LONG top;
    LONG right;
    LONG bottom;
} RECT, *PRECT, *LPRECT;
typedef const RECT *LPCRECT;

typedef struct _SECURITY_ATTRIBUTES {
    DWORD nLength;
    LPVOID lpSecurityDescriptor;
    BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *PSECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;

/* With -fshort-wchar: the C library's wide-string names for 16-bit strings (see above). */
#ifdef PORTACM_SHORT_WCHAR
#include "portacm_wchar.h"
#endif

#endif /* PORTACM_WINDEF_H */
