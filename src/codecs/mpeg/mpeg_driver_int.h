/*
 * mpeg_driver_int.h - the built-in "MPEG Layer-3 Codec" ACM driver (l3codeca.acm), for the
 * built-in list (codecs_builtin.c) and the tests that talk to its DriverProc directly.
 */
#ifndef PORTACM_MPEG_DRIVER_INT_H
#define PORTACM_MPEG_DRIVER_INT_H

#include "../codec_driver_int.h"

LRESULT CALLBACK mpeg_driver_proc(DWORD_PTR driver_id, HDRVR hdrvr, UINT message, LPARAM lParam1, LPARAM lParam2);
extern const codec_descriptor mpeg_descriptor;

#endif /* PORTACM_MPEG_DRIVER_INT_H */
