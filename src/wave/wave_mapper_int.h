/*
 * wave_mapper_int.h - the wave mapper (src/wave/wave_mapper*.c), a device driver of its own as
 * on Windows (msacm32.drv): it answers WODM_* and WIDM_* for WAVE_MAPPER and for opens with
 * WAVE_MAPPED, opens a real device through the public waveOut/waveIn API with
 * WAVE_FORMAT_DIRECT, and converts through the ACM when the device cannot take the format.
 */
#ifndef PORTACM_WAVE_MAPPER_INT_H
#define PORTACM_WAVE_MAPPER_INT_H

#include "mmddk.h"

/* The mapper's message functions, installed with pacm_dev_set_mapper by
 * pacm_wave_mapper_install (called once by the wave layer's initialisation). */
DWORD CALLBACK pacm_wave_mapper_wod_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
DWORD CALLBACK pacm_wave_mapper_wid_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
void pacm_wave_mapper_install(void);

#endif /* PORTACM_WAVE_MAPPER_INT_H */
