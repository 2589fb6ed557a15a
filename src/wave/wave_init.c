/*
 * wave_init.c - the wave layer's one-time initialisation: installs the mappers (the wave
 * mapper's helper adds its line here), then makes sure the device drivers are loaded.
 */
#include <pthread.h>

#include "wave_int.h"
#include "wave_mapper_int.h"

/* Runs once per process. Nothing here may call a driver (a driver calling a wave function
 * during DRVM_INIT would wait for itself). */
static void wave_init_once(void)
{
    pacm_wave_mapper_install();
}

void pacm_wave_init(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, wave_init_once);
    pacm_dev_init();
}
