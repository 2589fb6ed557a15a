/*
 * test_driver_module.c - an installable driver built as a real shared object for
 * test_driver_so. It reports every message to the host test program through
 * test_driver_record(), which the test executable exports (the driver finds it, and
 * DefDriverProc, in the program that loaded it, as a real driver finds libportacm).
 *
 * Variants, chosen by compile definitions:
 *   TEST_DRIVER_FAIL_LOAD  DRV_LOAD answers 0
 *   TEST_DRIVER_NO_PROC    exports no DriverProc (only a differently named function)
 * The module-level `load_generation` counts DRV_LOADs since the object was mapped: it is back
 * to 1 after a reload only if the object was really unloaded in between.
 */
#include <string.h>

#include "mmiscapi.h"

#define TEST_DRIVER_EXPORT __attribute__((visibility("default")))

/* Provided by the test program. */
void test_driver_record(const char *module, int load_generation, DWORD_PTR id, HDRVR hdrvr, UINT msg,
                        LPARAM lParam1, LPARAM lParam2);

#ifndef TEST_DRIVER_NAME
#define TEST_DRIVER_NAME "recording"
#endif

static int load_generation;
static DWORD_PTR next_id = 0x100;

/* True if the DRV_OPEN argument text is exactly `expected` (ASCII). */
static int argument_is(LPARAM lParam1, const char *expected)
{
    const WCHAR *text = (const WCHAR *)lParam1;
    if (!text)
        return 0;
    size_t i = 0;
    for (; expected[i]; i++)
        if (text[i] != (WCHAR)(unsigned char)expected[i])
            return 0;
    return text[i] == 0;
}

#ifdef TEST_DRIVER_NO_PROC
#define TEST_DRIVER_ENTRY NotTheDriverProc
#else
#define TEST_DRIVER_ENTRY DriverProc
#endif

TEST_DRIVER_EXPORT LRESULT CALLBACK TEST_DRIVER_ENTRY(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM lParam1,
                                                      LPARAM lParam2);

LRESULT CALLBACK TEST_DRIVER_ENTRY(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM lParam1, LPARAM lParam2)
{
    if (msg == DRV_LOAD)
        load_generation++;
    test_driver_record(TEST_DRIVER_NAME, load_generation, id, hdrvr, msg, lParam1, lParam2);
    switch (msg) {
    case DRV_LOAD:
#ifdef TEST_DRIVER_FAIL_LOAD
        return 0;
#else
        return 1;
#endif
    case DRV_OPEN:
        return argument_is(lParam1, "fail-open") ? 0 : (LRESULT)next_id++;
    case DRV_CLOSE:
        return 1;
    case DRV_USER:
        return load_generation;
    default:
        return DefDriverProc(id, hdrvr, msg, lParam1, lParam2);
    }
}
