/*
 * binding_driver.c - an installable driver whose output comes from a global table named like a
 * C library symbol (the C library's random()), as Windows driver sources name their tables
 * without a thought (Microsoft's IMA ADPCM driver has a `step` table): a DLL's own definitions
 * always win on Windows. test_driver_binding builds it twice: with plain
 * `cc -shared -fPIC`, and with portacm_add_driver's flags. tests/install builds it from an
 * installed prefix with the CMake function and with pkg-config's driver flags.
 *
 * DRV_USER + 1 with lParam1 = i answers random[i % 16], which holds i * i.
 */
#include "mmiscapi.h"

/* Deliberately global and not static, like the tables of the Windows sample drivers. */
const short random[16] = {0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121, 144, 169, 196, 225};

/* No visibility attribute: like a Windows source, which names its exports in a .def file. */
LRESULT CALLBACK DriverProc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM lParam1, LPARAM lParam2);

LRESULT CALLBACK DriverProc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM lParam1, LPARAM lParam2)
{
    (void)id;
    (void)hdrvr;
    (void)lParam2;
    if (msg == DRV_USER + 1)
        return random[(unsigned long)lParam1 % 16];
    /* DRV_LOAD, DRV_ENABLE, DRV_OPEN, DRV_CLOSE, DRV_DISABLE and DRV_FREE (1 to 6) succeed. */
    return msg >= DRV_LOAD && msg <= DRV_FREE;
}
