/*
 * codecs_builtin.c - the list of built-in ACM drivers (codecs_int.h) and their registration
 * with the driver runtime. The order is the default priority order of Windows' Drivers32
 * entries; the internal PCM converter comes last, as Windows appends it after every codec.
 * A new built-in codec adds one row here.
 */
#include <pthread.h>

#include "codec_driver_int.h"
#include "codecs_int.h"
#include "common_int.h"
#include "driver_int.h"
#include "gsm/gsm_int.h"
#include "mpeg/mpeg_int.h"

static const codec_builtin builtin_list[] = {
    {"msacm.imaadpcm", "imaadp32.acm", pacm_imaadpcm_driver_proc},
    {"msacm.msadpcm", "msadp32.acm", pacm_msadpcm_driver_proc},
    {"msacm.msg711", "msg711.acm", pacm_g711_driver_proc},
    {"msacm.msgsm610", "msgsm32.acm", pacm_gsm_driver_proc},
    {"msacm.l3acm", "l3codeca.acm", pacm_mpeg_driver_proc},
    {"msacm32.dll", "msacm32.dll", pacm_pcm_driver_proc},
};

const codec_builtin *pacm_codecs_builtin_list(size_t *count)
{
    if (count)
        *count = sizeof builtin_list / sizeof builtin_list[0];
    return builtin_list;
}

static pthread_mutex_t register_lock = PTHREAD_MUTEX_INITIALIZER;
static bool registered; /* every module is registered (guarded by register_lock) */

/* Registers every built-in module; when one could not be registered (out of memory), the next
 * call tries again instead of leaving the codec missing for the rest of the process. */
void pacm_codecs_register_builtins(void)
{
    pthread_mutex_lock(&register_lock);
    if (!registered) {
        bool all = true;
        for (size_t i = 0; i < sizeof builtin_list / sizeof builtin_list[0]; i++) {
            MMRESULT mr = pacm_drv_builtin_register(builtin_list[i].module, builtin_list[i].proc);
            if (mr != MMSYSERR_NOERROR && mr != MMSYSERR_ALLOCATED) {
                pacm_log_debug("codecs: registering %s failed (%u)", builtin_list[i].module, (unsigned)mr);
                all = false;
            }
        }
        registered = all;
    }
    pthread_mutex_unlock(&register_lock);
}
