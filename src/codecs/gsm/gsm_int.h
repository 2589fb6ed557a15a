/*
 * gsm_int.h - the built-in "Microsoft GSM 6.10" ACM driver (msgsm32.acm), for the
 * built-in list (codecs_builtin.c) and the tests that talk to its DriverProc directly.
 */
#ifndef PORTACM_GSM_INT_H
#define PORTACM_GSM_INT_H

#include "../codec_driver_int.h"

LRESULT CALLBACK pacm_gsm_driver_proc(DWORD_PTR driver_id, HDRVR hdrvr, UINT message, LPARAM lParam1, LPARAM lParam2);
extern const codec_descriptor pacm_gsm_descriptor;

#endif /* PORTACM_GSM_INT_H */
