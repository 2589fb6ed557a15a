/*
 * pulse_mixer_int.h - the two halves of the PulseAudio mixer driver: the message function
 * (pulse_mixer.c: lines, controls, values) and the server side (pulse_mixer_server.c: the
 * connection, the device list, reads, writes and change events).
 */
#ifndef PORTACM_PULSE_MIXER_INT_H
#define PORTACM_PULSE_MIXER_INT_H

#include <pulse/volume.h>
#include <stdbool.h>

#include "audio_int.h"
#include "common_int.h"

/* Windows' minimal mixer model (Wine's): a destination line and one source line per device,
 * each with a volume and a mute control. */
#define PACM_PULSE_MIXER_DESTINATION_LINE 0xFFFF0000u
#define PACM_PULSE_MIXER_SOURCE_LINE 0u
#define PACM_PULSE_MIXER_VOLUME 0u /* the device's volume on the server */
#define PACM_PULSE_MIXER_MUTE 1u   /* the device's mute on the server */
#define PACM_PULSE_MIXER_SOURCE_VOLUME 2u /* the source line's own value (kept, not applied) */
#define PACM_PULSE_MIXER_SOURCE_MUTE 3u

/* One mixer: a sink or a source. */
typedef struct pacm_pulse_mixer_device {
    bool source;  /* a source (recording device) rather than a sink */
    bool monitor; /* a sink's monitor source */
    bool present; /* on the server now */
    uint32_t index; /* the server's index while present */
    char name[256];
    char description[256];
    pa_cvolume volume; /* as last reported (change detection) */
    bool mute;
    pa_cvolume live_volume; /* filled by pacm_pulse_mixer_read_locked */
    bool live_mute;
    bool live_valid;
    DWORD line_volume; /* the source line's controls */
    bool line_mute;
} pacm_pulse_mixer_device;

/* One MXDM_OPEN: where its notifications go. */
typedef struct pacm_pulse_mixer_open {
    struct pacm_pulse_mixer_open *next;
    UINT device;
    HMIXER hmx;
    DWORD_PTR callback;
    DWORD_PTR instance;
    DWORD flags; /* fdwOpen's CALLBACK_* type */
} pacm_pulse_mixer_open;

/* Connects, subscribes and lists the devices (once); returns the number of mixers. */
UINT pacm_pulse_mixer_start(void);
void pacm_pulse_mixer_stop(void);
UINT pacm_pulse_mixer_device_count(void);
/* The mixer ID of the first source (= the number of sinks). */
UINT pacm_pulse_mixer_first_source(void);

/* Takes the mainloop lock and returns the device, or NULL (no such device, no server, or called
 * on the mainloop thread). Everything below needs the lock. */
pacm_pulse_mixer_device *pacm_pulse_mixer_lock(UINT device);
void pacm_pulse_mixer_unlock(void);

void pacm_pulse_mixer_add_open(pacm_pulse_mixer_open *open);
void pacm_pulse_mixer_remove_open(pacm_pulse_mixer_open *open);
bool pacm_pulse_mixer_is_open(const pacm_pulse_mixer_open *open);
/* Sends `message` (lParam `id`) to every open mixer of `device`. */
void pacm_pulse_mixer_notify_locked(UINT device, UINT message, DWORD_PTR id);

/* The device's current volume and mute, read from the server into live_*. */
bool pacm_pulse_mixer_read_locked(pacm_pulse_mixer_device *device);
bool pacm_pulse_mixer_write_volume_locked(pacm_pulse_mixer_device *device, const pa_cvolume *volume);
bool pacm_pulse_mixer_write_mute_locked(pacm_pulse_mixer_device *device, bool mute);

#endif /* PORTACM_PULSE_MIXER_INT_H */
