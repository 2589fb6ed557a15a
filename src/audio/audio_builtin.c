/*
 * audio_builtin.c - the built-in audio device drivers, in default order (audio_int.h).
 */
#include "audio_int.h"

/* PulseAudio (or PipeWire's pulse server) first; ALSA for machines without a sound server: the
 * device manager skips alsa.drv when pulseaudio.drv found devices (devices_int.h); the ALSA
 * sequencer always. */
static const pacm_audio_builtin builtins[] = {
    {"pulseaudio.drv", pacm_pulse_driver_proc,
     {pacm_pulse_wod_message, pacm_pulse_wid_message, pacm_pulse_mxd_message, NULL, NULL, NULL}},
    {"alsa.drv", pacm_audio_plain_driver_proc, {pacm_alsa_wod_message, pacm_alsa_wid_message, NULL, NULL, NULL, NULL}},
    /* MIDI: one device per ALSA sequencer port (none where /dev/snd/seq is absent) */
    {"alsaseq.drv", pacm_audio_plain_driver_proc,
     {NULL, NULL, NULL, NULL, pacm_alsaseq_mod_message, pacm_alsaseq_mid_message}},
};

LRESULT CALLBACK pacm_audio_plain_driver_proc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM p1, LPARAM p2)
{
    if (msg == DRV_OPEN || msg == DRV_CLOSE)
        return 1;
    return DefDriverProc(id, hdrvr, msg, p1, p2);
}

const pacm_audio_builtin *pacm_audio_builtins(size_t *count)
{
    if (count)
        *count = sizeof builtins / sizeof builtins[0];
    return builtins;
}
