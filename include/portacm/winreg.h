/*
 * winreg.h - the advapi32 registry subset that drivers and their clients use to keep settings:
 * open, create, query, set, delete and enumerate keys and values under HKEY_CURRENT_USER and
 * HKEY_LOCAL_MACHINE. windows.h includes it, as on Windows.
 *
 * Where it lives (docs/registry.md): each hive is a text file in regedit's export format
 * ("Windows Registry Editor Version 5.00", written as UTF-8 with LF line ends):
 *   HKEY_CURRENT_USER   $XDG_CONFIG_HOME/portacm/registry/user.reg (default ~/.config/...)
 *   HKEY_LOCAL_MACHINE  /etc/portacm/registry/machine.reg, or machine.reg in the absolute
 *                       folder named by the environment variable PORTACM_REGISTRY_DIR.
 * Every call reads the file afresh, so changes made by another process (or by hand) are seen
 * at once; every change is a read-modify-write under an advisory lock (flock on "<file>.lock")
 * that ends with an atomic rename, so concurrent writers in several processes lose no update
 * and a reader never sees half a file. The files are hostile input: a file over 32 MiB is
 * ignored, and a line that cannot be read is skipped (with a PORTACM_DEBUG diagnostic) and is
 * dropped by the next write.
 *
 * Strings: the W functions take and return UTF-16, and string values (REG_SZ, REG_EXPAND_SZ,
 * REG_MULTI_SZ) are stored as UTF-16LE as on Windows; the A functions take and return UTF-8
 * (on Linux the "ANSI code page" is UTF-8), and their sizes count UTF-8 bytes.
 *
 * Differences from Windows that apply to every function:
 *  - Only HKEY_CURRENT_USER and HKEY_LOCAL_MACHINE exist; every other predefined key gives
 *    ERROR_INVALID_HANDLE. No security descriptors, no classes (class strings are accepted and
 *    not kept), no symbolic links, no per-key write times (the hive file's time is reported),
 *    no WOW64 views (KEY_WOW64_* are accepted and ignored). REG_OPTION_VOLATILE keys are kept
 *    like any other key (they survive a reboot).
 *  - Names compare without case for ASCII letters only; other letters compare exactly.
 *  - Names holding control characters (below U+0020), which the text file cannot hold, are
 *    refused with ERROR_INVALID_PARAMETER; a value's data is limited to 1 MiB.
 *  - Access to HKEY_LOCAL_MACHINE follows the file system: a write where the machine folder is
 *    not writable fails with ERROR_ACCESS_DENIED (so does opening a machine key for writing).
 */
#ifndef PORTACM_WINREG_H
#define PORTACM_WINREG_H

#include "windef.h"

PORTACM_EXTERN_C_BEGIN

/* ---- types ---- */
typedef LONG LSTATUS;
typedef DWORD ACCESS_MASK, *PACCESS_MASK;
typedef ACCESS_MASK REGSAM;
typedef HKEY *PHKEY;
/* FILETIME comes from windef.h (minwindef.h's place in Windows' SDK). */

/* ---- predefined keys (sign-extended 32-bit values, as winreg.h defines them) ---- */
#define HKEY_CLASSES_ROOT ((HKEY)(ULONG_PTR)((LONG)0x80000000))
#define HKEY_CURRENT_USER ((HKEY)(ULONG_PTR)((LONG)0x80000001))
#define HKEY_LOCAL_MACHINE ((HKEY)(ULONG_PTR)((LONG)0x80000002))
#define HKEY_USERS ((HKEY)(ULONG_PTR)((LONG)0x80000003))
#define HKEY_PERFORMANCE_DATA ((HKEY)(ULONG_PTR)((LONG)0x80000004))
#define HKEY_CURRENT_CONFIG ((HKEY)(ULONG_PTR)((LONG)0x80000005))
#define HKEY_DYN_DATA ((HKEY)(ULONG_PTR)((LONG)0x80000006))

/* ---- value types ---- */
#define REG_NONE 0u
#define REG_SZ 1u
#define REG_EXPAND_SZ 2u
#define REG_BINARY 3u
#define REG_DWORD 4u
#define REG_DWORD_LITTLE_ENDIAN 4u
#define REG_DWORD_BIG_ENDIAN 5u
#define REG_LINK 6u
#define REG_MULTI_SZ 7u
#define REG_RESOURCE_LIST 8u
#define REG_FULL_RESOURCE_DESCRIPTOR 9u
#define REG_RESOURCE_REQUIREMENTS_LIST 10u
#define REG_QWORD 11u
#define REG_QWORD_LITTLE_ENDIAN 11u

/* ---- options and dispositions ---- */
#define REG_OPTION_RESERVED 0x00000000u
#define REG_OPTION_NON_VOLATILE 0x00000000u
#define REG_OPTION_VOLATILE 0x00000001u
#define REG_OPTION_CREATE_LINK 0x00000002u
#define REG_OPTION_BACKUP_RESTORE 0x00000004u
#define REG_OPTION_OPEN_LINK 0x00000008u
#define REG_CREATED_NEW_KEY 0x00000001u
#define REG_OPENED_EXISTING_KEY 0x00000002u

/* ---- access masks ---- */
#ifndef DELETE
#define DELETE 0x00010000u
#endif
#ifndef READ_CONTROL
#define READ_CONTROL 0x00020000u
#endif
#ifndef WRITE_DAC
#define WRITE_DAC 0x00040000u
#endif
#ifndef WRITE_OWNER
#define WRITE_OWNER 0x00080000u
#endif
#ifndef SYNCHRONIZE
#define SYNCHRONIZE 0x00100000u
#endif
#ifndef STANDARD_RIGHTS_REQUIRED
#define STANDARD_RIGHTS_REQUIRED 0x000F0000u
#define STANDARD_RIGHTS_READ READ_CONTROL
#define STANDARD_RIGHTS_WRITE READ_CONTROL
#define STANDARD_RIGHTS_EXECUTE READ_CONTROL
#define STANDARD_RIGHTS_ALL 0x001F0000u
#endif
#ifndef MAXIMUM_ALLOWED
#define MAXIMUM_ALLOWED 0x02000000u
#endif
#ifndef GENERIC_READ
#define GENERIC_READ 0x80000000u
#define GENERIC_WRITE 0x40000000u
#define GENERIC_EXECUTE 0x20000000u
#define GENERIC_ALL 0x10000000u
#endif
#define KEY_QUERY_VALUE 0x0001u
#define KEY_SET_VALUE 0x0002u
#define KEY_CREATE_SUB_KEY 0x0004u
#define KEY_ENUMERATE_SUB_KEYS 0x0008u
#define KEY_NOTIFY 0x0010u
#define KEY_CREATE_LINK 0x0020u
#define KEY_WOW64_64KEY 0x0100u
#define KEY_WOW64_32KEY 0x0200u
#define KEY_WOW64_RES 0x0300u
#define KEY_READ ((STANDARD_RIGHTS_READ | KEY_QUERY_VALUE | KEY_ENUMERATE_SUB_KEYS | KEY_NOTIFY) & ~SYNCHRONIZE)
#define KEY_WRITE ((STANDARD_RIGHTS_WRITE | KEY_SET_VALUE | KEY_CREATE_SUB_KEY) & ~SYNCHRONIZE)
#define KEY_EXECUTE (KEY_READ & ~SYNCHRONIZE)
#define KEY_ALL_ACCESS                                                                                       \
    ((STANDARD_RIGHTS_ALL | KEY_QUERY_VALUE | KEY_SET_VALUE | KEY_CREATE_SUB_KEY | KEY_ENUMERATE_SUB_KEYS | \
      KEY_NOTIFY | KEY_CREATE_LINK) &                                                                        \
     ~SYNCHRONIZE)

/* ---- the error codes the registry functions return (beside those of winbase.h) ---- */
#ifndef ERROR_BAD_PATHNAME
#define ERROR_BAD_PATHNAME 161L
#endif
#ifndef ERROR_MORE_DATA
#define ERROR_MORE_DATA 234L
#endif
#ifndef ERROR_NO_MORE_ITEMS
#define ERROR_NO_MORE_ITEMS 259L
#endif
#ifndef ERROR_NOACCESS
#define ERROR_NOACCESS 998L
#endif
#ifndef ERROR_CANTWRITE
#define ERROR_CANTWRITE 1013L
#endif
#ifndef ERROR_KEY_DELETED
#define ERROR_KEY_DELETED 1018L
#endif

/* Limits, as on Windows: a key name component of at most 255 UTF-16 units, a value name of at
 * most 16,383. */
#define PORTACM_REG_MAX_KEY_NAME 255u
#define PORTACM_REG_MAX_VALUE_NAME 16383u
/* portacm's own limit on one value's data, in bytes (Windows has none but memory). */
#define PORTACM_REG_MAX_VALUE_DATA (1024u * 1024u)

/* RegOpenKeyExA - opens an existing key.
 *   hKey        [in]  HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE or a key this process opened.
 *   lpSubKey    [in]  a path below hKey, components separated by '\' (a trailing '\' is
 *                     allowed); NULL or "" opens hKey again (a predefined key is returned as
 *                     itself). Case-insensitive.
 *   ulOptions   [in]  0 or REG_OPTION_OPEN_LINK (no links exist here; accepted).
 *   samDesired  [in]  KEY_* rights; later calls are refused (ERROR_ACCESS_DENIED) when the
 *                     handle lacks the right they need (GENERIC_* and MAXIMUM_ALLOWED map to
 *                     KEY_READ, KEY_WRITE and KEY_ALL_ACCESS as on Windows).
 *   phkResult   [out] the new key, to close with RegCloseKey; set to NULL on failure.
 * Returns ERROR_SUCCESS; ERROR_FILE_NOT_FOUND when the key does not exist;
 * ERROR_INVALID_HANDLE for an hKey that is not a live key (closed, forged, or a predefined key
 * other than the two); ERROR_INVALID_PARAMETER for phkResult NULL; ERROR_BAD_PATHNAME for a
 * path starting with '\' or holding an empty component; ERROR_KEY_DELETED when hKey was
 * deleted; ERROR_ACCESS_DENIED when write rights are asked for a machine key whose folder is
 * not writable; ERROR_OUTOFMEMORY.
 * RegOpenKeyExW is the same with a UTF-16 path.
 */
PORTACM_API LSTATUS WINAPI RegOpenKeyExA(HKEY hKey, LPCSTR lpSubKey, DWORD ulOptions, REGSAM samDesired,
                                         PHKEY phkResult);
PORTACM_API LSTATUS WINAPI RegOpenKeyExW(HKEY hKey, LPCWSTR lpSubKey, DWORD ulOptions, REGSAM samDesired,
                                         PHKEY phkResult);

/* RegCreateKeyExA - opens a key, creating it and every missing key on its path first.
 *   hKey                  [in]  as RegOpenKeyExA; needs KEY_CREATE_SUB_KEY when a key is made.
 *   lpSubKey              [in]  the path below hKey (as RegOpenKeyExA; must not be NULL);
 *                               each component at most PORTACM_REG_MAX_KEY_NAME units.
 *   Reserved              [in]  ignored (0 on Windows).
 *   lpClass               [in]  accepted and not kept.
 *   dwOptions             [in]  REG_OPTION_NON_VOLATILE or REG_OPTION_VOLATILE (kept like a
 *                               non-volatile key); other options are accepted and ignored.
 *   samDesired            [in]  the rights of the returned handle (see RegOpenKeyExA).
 *   lpSecurityAttributes  [in]  accepted and ignored.
 *   phkResult             [out] the key, to close with RegCloseKey; NULL on failure.
 *   lpdwDisposition       [out] optional: REG_CREATED_NEW_KEY or REG_OPENED_EXISTING_KEY.
 * Returns ERROR_SUCCESS; ERROR_INVALID_HANDLE; ERROR_INVALID_PARAMETER (lpSubKey or phkResult
 * NULL, a name too long or with control characters); ERROR_BAD_PATHNAME; ERROR_KEY_DELETED;
 * ERROR_ACCESS_DENIED (hKey lacks KEY_CREATE_SUB_KEY when a key must be made, or the hive's
 * folder is not writable); ERROR_CANTWRITE when the file cannot be written; ERROR_OUTOFMEMORY.
 * RegCreateKeyExW is the same with UTF-16 strings.
 */
PORTACM_API LSTATUS WINAPI RegCreateKeyExA(HKEY hKey, LPCSTR lpSubKey, DWORD Reserved, LPSTR lpClass,
                                           DWORD dwOptions, REGSAM samDesired,
                                           const LPSECURITY_ATTRIBUTES lpSecurityAttributes, PHKEY phkResult,
                                           LPDWORD lpdwDisposition);
PORTACM_API LSTATUS WINAPI RegCreateKeyExW(HKEY hKey, LPCWSTR lpSubKey, DWORD Reserved, LPWSTR lpClass,
                                           DWORD dwOptions, REGSAM samDesired,
                                           const LPSECURITY_ATTRIBUTES lpSecurityAttributes, PHKEY phkResult,
                                           LPDWORD lpdwDisposition);

/* RegCloseKey - closes a key handle. Closing HKEY_CURRENT_USER or HKEY_LOCAL_MACHINE does
 * nothing and succeeds, as on Windows.
 * Returns ERROR_SUCCESS, or ERROR_INVALID_HANDLE for anything else (closed or forged handles).
 */
PORTACM_API LSTATUS WINAPI RegCloseKey(HKEY hKey);

/* RegQueryValueExA - reads a value's type and data.
 *   hKey          [in]     a key opened with KEY_QUERY_VALUE.
 *   lpValueName   [in]     the value's name; NULL or "" for the key's default value.
 *   lpReserved    [in]     must be NULL.
 *   lpType        [out]    optional: the value's REG_* type (also on ERROR_MORE_DATA).
 *   lpData        [out]    optional: receives the data.
 *   lpcbData      [in,out] the size of lpData in bytes; receives the data's size in bytes
 *                          (strings include their terminators). May be NULL only with lpData.
 * The A version gives string values (REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ) as UTF-8 and counts
 * UTF-8 bytes; the W version gives them as stored (UTF-16LE).
 * Returns ERROR_SUCCESS (lpData NULL: only the size and type); ERROR_MORE_DATA when *lpcbData
 * is too small (it then holds the size needed; lpData is not written); ERROR_FILE_NOT_FOUND
 * for no such value; ERROR_INVALID_PARAMETER (lpReserved not NULL, lpData without lpcbData);
 * ERROR_INVALID_HANDLE; ERROR_ACCESS_DENIED (no KEY_QUERY_VALUE); ERROR_KEY_DELETED;
 * ERROR_OUTOFMEMORY.
 * portacm differs from Windows: a string that was stored without a terminator is returned as
 * stored (Windows' RegQueryValueEx does not add one either; RegGetValue, not provided, would).
 */
PORTACM_API LSTATUS WINAPI RegQueryValueExA(HKEY hKey, LPCSTR lpValueName, LPDWORD lpReserved, LPDWORD lpType,
                                            LPBYTE lpData, LPDWORD lpcbData);
PORTACM_API LSTATUS WINAPI RegQueryValueExW(HKEY hKey, LPCWSTR lpValueName, LPDWORD lpReserved, LPDWORD lpType,
                                            LPBYTE lpData, LPDWORD lpcbData);

/* RegSetValueExA - creates or replaces a value and writes the hive file.
 *   hKey         [in] a key opened with KEY_SET_VALUE.
 *   lpValueName  [in] the value's name; NULL or "" for the default value (written "@=").
 *   Reserved     [in] ignored (0 on Windows).
 *   dwType       [in] any REG_* type; the data is kept as given (REG_DWORD is 4 bytes,
 *                     REG_QWORD 8 by convention, not enforced, as on Windows).
 *   lpData       [in] the data; cbData bytes. For the string types the A version takes UTF-8
 *                     (include the terminator in cbData, as on Windows) and stores UTF-16LE.
 *   cbData       [in] at most PORTACM_REG_MAX_VALUE_DATA.
 * Returns ERROR_SUCCESS; ERROR_NOACCESS for lpData NULL with cbData not 0;
 * ERROR_INVALID_PARAMETER (a name too long or with control characters, data over the limit);
 * ERROR_INVALID_HANDLE; ERROR_ACCESS_DENIED (no KEY_SET_VALUE, or a machine folder that is
 * not writable); ERROR_KEY_DELETED; ERROR_CANTWRITE; ERROR_OUTOFMEMORY.
 */
PORTACM_API LSTATUS WINAPI RegSetValueExA(HKEY hKey, LPCSTR lpValueName, DWORD Reserved, DWORD dwType,
                                          const BYTE *lpData, DWORD cbData);
PORTACM_API LSTATUS WINAPI RegSetValueExW(HKEY hKey, LPCWSTR lpValueName, DWORD Reserved, DWORD dwType,
                                          const BYTE *lpData, DWORD cbData);

/* RegDeleteValueA - removes a value.
 *   hKey         [in] a key opened with KEY_SET_VALUE.
 *   lpValueName  [in] the name; NULL or "" for the default value.
 * Returns ERROR_SUCCESS; ERROR_FILE_NOT_FOUND for no such value; ERROR_INVALID_HANDLE;
 * ERROR_ACCESS_DENIED; ERROR_KEY_DELETED; ERROR_CANTWRITE; ERROR_OUTOFMEMORY.
 */
PORTACM_API LSTATUS WINAPI RegDeleteValueA(HKEY hKey, LPCSTR lpValueName);
PORTACM_API LSTATUS WINAPI RegDeleteValueW(HKEY hKey, LPCWSTR lpValueName);

/* RegDeleteKeyA - deletes a key and its values. The key must have no subkeys.
 *   hKey      [in] the parent (its access rights do not matter, as on Windows where the right
 *                  checked is DELETE on the key deleted).
 *   lpSubKey  [in] the path of the key below hKey; "" deletes hKey's own key. Must not be NULL.
 * Handles still open on the deleted key fail later calls with ERROR_KEY_DELETED.
 * Returns ERROR_SUCCESS; ERROR_FILE_NOT_FOUND for no such key; ERROR_ACCESS_DENIED when the
 * key has subkeys (as Windows), is a hive's root, or the folder is not writable;
 * ERROR_INVALID_PARAMETER for lpSubKey NULL; ERROR_BAD_PATHNAME; ERROR_INVALID_HANDLE;
 * ERROR_KEY_DELETED; ERROR_CANTWRITE; ERROR_OUTOFMEMORY.
 */
PORTACM_API LSTATUS WINAPI RegDeleteKeyA(HKEY hKey, LPCSTR lpSubKey);
PORTACM_API LSTATUS WINAPI RegDeleteKeyW(HKEY hKey, LPCWSTR lpSubKey);

/* RegEnumKeyExA - the name of the dwIndex-th subkey, in the order Windows gives them: sorted
 * by name without case (letters compared as upper case).
 *   hKey               [in]     a key opened with KEY_ENUMERATE_SUB_KEYS.
 *   dwIndex            [in]     0 for the first; enumerate until ERROR_NO_MORE_ITEMS.
 *   lpName             [out]    the name, terminated.
 *   lpcchName          [in,out] the size of lpName in characters (A: UTF-8 bytes) with the
 *                               terminator; receives the name's length without it.
 *   lpReserved         [in]     must be NULL.
 *   lpClass, lpcchClass [out]   optional: an empty class ("" and 0).
 *   lpftLastWriteTime  [out]    optional: the time the hive file was last written.
 * Returns ERROR_SUCCESS; ERROR_NO_MORE_ITEMS past the last; ERROR_MORE_DATA when the name does
 * not fit (*lpcchName is left as it was; RegQueryInfoKey gives the longest name);
 * ERROR_INVALID_PARAMETER (lpName or lpcchName NULL, lpReserved not NULL);
 * ERROR_INVALID_HANDLE; ERROR_ACCESS_DENIED; ERROR_KEY_DELETED; ERROR_OUTOFMEMORY.
 */
PORTACM_API LSTATUS WINAPI RegEnumKeyExA(HKEY hKey, DWORD dwIndex, LPSTR lpName, LPDWORD lpcchName,
                                         LPDWORD lpReserved, LPSTR lpClass, LPDWORD lpcchClass,
                                         PFILETIME lpftLastWriteTime);
PORTACM_API LSTATUS WINAPI RegEnumKeyExW(HKEY hKey, DWORD dwIndex, LPWSTR lpName, LPDWORD lpcchName,
                                         LPDWORD lpReserved, LPWSTR lpClass, LPDWORD lpcchClass,
                                         PFILETIME lpftLastWriteTime);

/* RegEnumValueA - the name, type and data of the dwIndex-th value, in the order the values
 * were created (the file's order), as Windows gives them.
 *   hKey             [in]     a key opened with KEY_QUERY_VALUE.
 *   dwIndex          [in]     0 for the first; enumerate until ERROR_NO_MORE_ITEMS.
 *   lpValueName      [out]    the name ("" for the default value), terminated.
 *   lpcchValueName   [in,out] its size in characters (A: UTF-8 bytes) with the terminator;
 *                             receives the name's length without it.
 *   lpReserved       [in]     must be NULL.
 *   lpType           [out]    optional: the REG_* type.
 *   lpData, lpcbData [out]    optional, as RegQueryValueEx.
 * Returns ERROR_SUCCESS; ERROR_NO_MORE_ITEMS; ERROR_MORE_DATA when the name or the data does
 * not fit (for the data *lpcbData receives the size needed); ERROR_INVALID_PARAMETER
 * (lpValueName or lpcchValueName NULL, lpReserved not NULL, lpData without lpcbData);
 * ERROR_INVALID_HANDLE; ERROR_ACCESS_DENIED; ERROR_KEY_DELETED; ERROR_OUTOFMEMORY.
 */
PORTACM_API LSTATUS WINAPI RegEnumValueA(HKEY hKey, DWORD dwIndex, LPSTR lpValueName, LPDWORD lpcchValueName,
                                         LPDWORD lpReserved, LPDWORD lpType, LPBYTE lpData, LPDWORD lpcbData);
PORTACM_API LSTATUS WINAPI RegEnumValueW(HKEY hKey, DWORD dwIndex, LPWSTR lpValueName, LPDWORD lpcchValueName,
                                         LPDWORD lpReserved, LPDWORD lpType, LPBYTE lpData, LPDWORD lpcbData);

/* RegQueryInfoKeyA - counts and longest sizes of a key's subkeys and values; every [out] is
 * optional.
 *   hKey                    [in]     a key opened with KEY_QUERY_VALUE.
 *   lpClass, lpcchClass     [out]    an empty class ("" and 0; lpClass needs lpcchClass).
 *   lpReserved              [in]     must be NULL.
 *   lpcSubKeys              [out]    the number of subkeys.
 *   lpcbMaxSubKeyLen        [out]    the longest subkey name in characters (A: UTF-8 bytes),
 *                                    without the terminator.
 *   lpcbMaxClassLen         [out]    0.
 *   lpcValues               [out]    the number of values.
 *   lpcbMaxValueNameLen     [out]    the longest value name, counted like subkey names.
 *   lpcbMaxValueLen         [out]    the largest data in bytes (A: string data as UTF-8).
 *   lpcbSecurityDescriptor  [out]    0.
 *   lpftLastWriteTime       [out]    the time the hive file was last written.
 * Returns ERROR_SUCCESS; ERROR_INVALID_PARAMETER (lpReserved not NULL, lpClass without
 * lpcchClass); ERROR_INVALID_HANDLE; ERROR_ACCESS_DENIED; ERROR_KEY_DELETED; ERROR_OUTOFMEMORY.
 */
PORTACM_API LSTATUS WINAPI RegQueryInfoKeyA(HKEY hKey, LPSTR lpClass, LPDWORD lpcchClass, LPDWORD lpReserved,
                                            LPDWORD lpcSubKeys, LPDWORD lpcbMaxSubKeyLen, LPDWORD lpcbMaxClassLen,
                                            LPDWORD lpcValues, LPDWORD lpcbMaxValueNameLen, LPDWORD lpcbMaxValueLen,
                                            LPDWORD lpcbSecurityDescriptor, PFILETIME lpftLastWriteTime);
PORTACM_API LSTATUS WINAPI RegQueryInfoKeyW(HKEY hKey, LPWSTR lpClass, LPDWORD lpcchClass, LPDWORD lpReserved,
                                            LPDWORD lpcSubKeys, LPDWORD lpcbMaxSubKeyLen, LPDWORD lpcbMaxClassLen,
                                            LPDWORD lpcValues, LPDWORD lpcbMaxValueNameLen, LPDWORD lpcbMaxValueLen,
                                            LPDWORD lpcbSecurityDescriptor, PFILETIME lpftLastWriteTime);

#ifdef UNICODE
#define RegOpenKeyEx RegOpenKeyExW
#define RegCreateKeyEx RegCreateKeyExW
#define RegQueryValueEx RegQueryValueExW
#define RegSetValueEx RegSetValueExW
#define RegDeleteValue RegDeleteValueW
#define RegDeleteKey RegDeleteKeyW
#define RegEnumKeyEx RegEnumKeyExW
#define RegEnumValue RegEnumValueW
#define RegQueryInfoKey RegQueryInfoKeyW
#else
#define RegOpenKeyEx RegOpenKeyExA
#define RegCreateKeyEx RegCreateKeyExA
#define RegQueryValueEx RegQueryValueExA
#define RegSetValueEx RegSetValueExA
#define RegDeleteValue RegDeleteValueA
#define RegDeleteKey RegDeleteKeyA
#define RegEnumKeyEx RegEnumKeyExA
#define RegEnumValue RegEnumValueA
#define RegQueryInfoKey RegQueryInfoKeyA
#endif

PORTACM_EXTERN_C_END

#endif /* PORTACM_WINREG_H */
