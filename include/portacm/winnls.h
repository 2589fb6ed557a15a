/*
 * winnls.h - code pages and the conversions between them and UTF-16 (MultiByteToWideChar,
 * WideCharToMultiByte, which Windows' SDK declares in stringapiset.h, included by winnls.h).
 *
 * portacm's "ANSI" code page is UTF-8: CP_ACP, CP_OEMCP, CP_MACCP and CP_THREAD_ACP all convert
 * as CP_UTF8 does, and GetACP/GetOEMCP answer CP_UTF8 (65001), as on Windows set to "Use Unicode
 * UTF-8 for worldwide language support". The A functions of every portacm header take UTF-8.
 */
#ifndef PORTACM_WINNLS_H
#define PORTACM_WINNLS_H

#include "windef.h"

PORTACM_EXTERN_C_BEGIN

/* Code pages. */
#define CP_ACP 0
#define CP_OEMCP 1
#define CP_MACCP 2
#define CP_THREAD_ACP 3
#define CP_SYMBOL 42
#define CP_UTF7 65000
#define CP_UTF8 65001

/* MultiByteToWideChar flags. */
#define MB_PRECOMPOSED 0x00000001
#define MB_COMPOSITE 0x00000002
#define MB_USEGLYPHCHARS 0x00000004
#define MB_ERR_INVALID_CHARS 0x00000008

/* WideCharToMultiByte flags. */
#define WC_COMPOSITECHECK 0x00000200
#define WC_DISCARDNS 0x00000010
#define WC_SEPCHARS 0x00000020
#define WC_DEFAULTCHAR 0x00000040
#define WC_ERR_INVALID_CHARS 0x00000080
#define WC_NO_BEST_FIT_CHARS 0x00000400

/* The last-error code of a conversion that met an invalid sequence (with MB_ERR_INVALID_CHARS
 * or WC_ERR_INVALID_CHARS). */
#ifndef ERROR_NO_UNICODE_TRANSLATION
#define ERROR_NO_UNICODE_TRANSLATION 1113L
#endif

/* GetACP - the "ANSI" code page: always CP_UTF8 (65001). Never fails. */
PORTACM_API UINT WINAPI GetACP(void);
/* GetOEMCP - the "OEM" code page: always CP_UTF8 (65001). Never fails. */
PORTACM_API UINT WINAPI GetOEMCP(void);

/* MultiByteToWideChar - converts a string of a code page to UTF-16.
 *   CodePage        [in]  CP_UTF8, or CP_ACP, CP_OEMCP, CP_MACCP, CP_THREAD_ACP (all UTF-8 here).
 *   dwFlags         [in]  CP_UTF8: 0 or MB_ERR_INVALID_CHARS. The other (ANSI) code pages also
 *                         accept MB_PRECOMPOSED, MB_COMPOSITE (not both) and MB_USEGLYPHCHARS,
 *                         which change nothing for UTF-8 input.
 *   lpMultiByteStr  [in]  the input.
 *   cbMultiByte     [in]  its size in bytes; -1: up to and including its terminating NUL (the
 *                         output then includes a terminator too). Other sizes convert exactly
 *                         that many bytes, NULs included, and add no terminator.
 *   lpWideCharStr   [out] receives the UTF-16 units; ignored when cchWideChar is 0.
 *   cchWideChar     [in]  its size in units; 0 asks for the size needed (nothing is written).
 * Invalid UTF-8 (a byte that cannot start or continue a sequence, overlong forms, encoded
 * surrogates, values above U+10FFFF, a sequence cut short) becomes one U+FFFD per maximal
 * invalid subpart, as Windows does; with MB_ERR_INVALID_CHARS the call fails instead.
 * Returns the units written (or needed), or 0 with the last error, checked in this order:
 * ERROR_INVALID_PARAMETER (lpMultiByteStr NULL, cbMultiByte 0 or below -1, cchWideChar below 0,
 * lpWideCharStr NULL with cchWideChar above 0, or the same buffer for input and output),
 * ERROR_INVALID_PARAMETER (a code page other than those above), ERROR_INVALID_FLAGS,
 * ERROR_NO_UNICODE_TRANSLATION (invalid input with MB_ERR_INVALID_CHARS),
 * ERROR_INSUFFICIENT_BUFFER (the output does not fit: the units that fit have been written).
 * Thread-safe.
 * portacm differs from Windows: the ANSI and OEM code pages are UTF-8; UTF-7, the symbol code
 * page and Windows' single- and double-byte code pages (1252, 932 ...) are not provided.
 */
PORTACM_API int WINAPI MultiByteToWideChar(UINT CodePage, DWORD dwFlags, LPCCH lpMultiByteStr, int cbMultiByte,
                                           LPWSTR lpWideCharStr, int cchWideChar);
/* WideCharToMultiByte - converts a UTF-16 string to a code page.
 *   CodePage           [in]  as MultiByteToWideChar.
 *   dwFlags            [in]  CP_UTF8: 0 or WC_ERR_INVALID_CHARS. The ANSI code pages also accept
 *                            WC_COMPOSITECHECK, WC_DISCARDNS, WC_SEPCHARS, WC_DEFAULTCHAR and
 *                            WC_NO_BEST_FIT_CHARS (no effect: UTF-8 encodes every character, so
 *                            nothing is ever "best fitted").
 *   lpWideCharStr      [in]  the input.
 *   cchWideChar        [in]  its size in units; -1: up to and including its terminator.
 *   lpMultiByteStr     [out] receives the bytes; ignored when cbMultiByte is 0.
 *   cbMultiByte        [in]  its size in bytes; 0 asks for the size needed.
 *   lpDefaultChar      [in]  CP_UTF8: must be NULL. ANSI code pages: NULL, or the character
 *                            (its first byte, if ASCII) written for an unpaired surrogate instead
 *                            of U+FFFD.
 *   lpUsedDefaultChar  [out] CP_UTF8: must be NULL. ANSI code pages: NULL, or set to TRUE when an
 *                            unpaired surrogate had to be replaced, FALSE otherwise.
 * An unpaired surrogate becomes U+FFFD (EF BF BD); with WC_ERR_INVALID_CHARS the call fails
 * instead.
 * Returns the bytes written (or needed), or 0 with the last error, in this order:
 * ERROR_INVALID_PARAMETER (lpWideCharStr NULL, cchWideChar 0 or below -1, cbMultiByte below 0,
 * lpMultiByteStr NULL with cbMultiByte above 0, the same buffer for input and output; then a
 * code page other than those above; then, for CP_UTF8, lpDefaultChar or lpUsedDefaultChar not
 * NULL), ERROR_INVALID_FLAGS, ERROR_NO_UNICODE_TRANSLATION, ERROR_INSUFFICIENT_BUFFER (the
 * characters that fit whole have been written). Thread-safe.
 * portacm differs from Windows: the ANSI code pages are UTF-8, and accept lpDefaultChar and
 * lpUsedDefaultChar as a single-byte ANSI code page does (Windows code passes them with CP_ACP).
 */
PORTACM_API int WINAPI WideCharToMultiByte(UINT CodePage, DWORD dwFlags, LPCWCH lpWideCharStr, int cchWideChar,
                                           LPSTR lpMultiByteStr, int cbMultiByte, LPCCH lpDefaultChar,
                                           LPBOOL lpUsedDefaultChar);

PORTACM_EXTERN_C_END

#endif /* PORTACM_WINNLS_H */
