/*
 * mapper_shim.c - the wave driver the mapper tests name in their drivers file: a shared object
 * exporting DriverProc, wodMessage and widMessage, each forwarding to the test program's
 * in-memory devices (mapper_td.c), which the program exports (ENABLE_EXPORTS).
 */
#include "mmddk.h"

#define SHIM_EXPORT __attribute__((visibility("default")))

LRESULT CALLBACK mapper_td_driver_proc(DWORD_PTR id, HDRVR h, UINT msg, LPARAM p1, LPARAM p2);
DWORD CALLBACK mapper_td_wod(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
DWORD CALLBACK mapper_td_wid(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);

SHIM_EXPORT LRESULT CALLBACK DriverProc(DWORD_PTR id, HDRVR h, UINT msg, LPARAM p1, LPARAM p2);
SHIM_EXPORT DWORD CALLBACK wodMessage(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
SHIM_EXPORT DWORD CALLBACK widMessage(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);

LRESULT CALLBACK DriverProc(DWORD_PTR id, HDRVR h, UINT msg, LPARAM p1, LPARAM p2)
{
    return mapper_td_driver_proc(id, h, msg, p1, p2);
}

DWORD CALLBACK wodMessage(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    return mapper_td_wod(dev, msg, user, p1, p2);
}

DWORD CALLBACK widMessage(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    return mapper_td_wid(dev, msg, user, p1, p2);
}
