/*
 * mixer_object.c - what an HMIXEROBJ names, and mixerGetID.
 *
 * Every mixer function takes an HMIXEROBJ and a MIXER_OBJECTF_* type in the high bits of its
 * flags: a mixer ID or HMIXER, a waveOut/waveIn ID or handle, a MIDI ID or handle or an aux
 * ID. A wave device's mixer follows Windows' (and Wine's) model of one mixer per wave device:
 * a driver's output devices are its mixers 0 .. R-1 and its input devices its mixers
 * R .. R+C-1 (R outputs, C inputs of that driver); a wave device whose driver has no mixer
 * at that position has none (MMSYSERR_NODRIVER). Wave handles are read with the public
 * waveOutGetID / waveInGetID, and a wave-mapper handle with the mapper's
 * DRVM_MAPPER_STATUS (the device it opened). MIDI has no mixer in portacm.
 */
#include <string.h>

#include "mixer_int.h"

/* The MIXER_OBJECTF_* values the high nibble may hold. */
static bool object_type_known(DWORD type)
{
    switch (type) {
    case MIXER_OBJECTF_MIXER:
    case MIXER_OBJECTF_HMIXER:
    case MIXER_OBJECTF_WAVEOUT:
    case MIXER_OBJECTF_HWAVEOUT:
    case MIXER_OBJECTF_WAVEIN:
    case MIXER_OBJECTF_HWAVEIN:
    case MIXER_OBJECTF_MIDIOUT:
    case MIXER_OBJECTF_HMIDIOUT:
    case MIXER_OBJECTF_MIDIIN:
    case MIXER_OBJECTF_HMIDIIN:
    case MIXER_OBJECTF_AUX:
        return true;
    default:
        return false;
    }
}

MMRESULT pacm_mixer_check_flags(DWORD fdw, DWORD query_mask, DWORD max_query)
{
    if (!object_type_known(fdw & PACM_MIXER_OBJECT_MASK))
        return MMSYSERR_INVALFLAG;
    if (fdw & ~(PACM_MIXER_OBJECT_MASK | query_mask))
        return MMSYSERR_INVALFLAG;
    if ((fdw & query_mask) > max_query)
        return MMSYSERR_INVALFLAG;
    return MMSYSERR_NOERROR;
}

/* The mixer of wave device `id` of `cls` (the W9 model above). */
static MMRESULT mixer_of_wave_device(pacm_dev_class cls, UINT id, UINT *mixer)
{
    UINT driver, local;
    if (!pacm_dev_locate(cls, id, &driver, &local))
        return MMSYSERR_BADDEVICEID;
    UINT first = cls == PACM_DEV_WAVEIN ? pacm_dev_driver_count(PACM_DEV_WAVEOUT, driver) : 0;
    UINT position = first + local;
    if (position < first || position >= pacm_dev_driver_count(PACM_DEV_MIXER, driver))
        return MMSYSERR_NODRIVER;
    UINT global = pacm_dev_global_id(PACM_DEV_MIXER, driver, position);
    if (global == (UINT)-1)
        return MMSYSERR_NODRIVER;
    *mixer = global;
    return MMSYSERR_NOERROR;
}

/* The device a wave handle plays on or records from; the mapper reports the device it opened. */
static MMRESULT wave_handle_device(bool output, UINT_PTR handle, UINT *id)
{
    MMRESULT result = output ? waveOutGetID((HWAVEOUT)handle, id) : waveInGetID((HWAVEIN)handle, id);
    if (result != MMSYSERR_NOERROR)
        return MMSYSERR_INVALHANDLE;
    if (*id != WAVE_MAPPER)
        return MMSYSERR_NOERROR;
    DWORD device = (DWORD)-1;
    result = output ? waveOutMessage((HWAVEOUT)handle, DRVM_MAPPER_STATUS, WAVEOUT_MAPPER_STATUS_DEVICE,
                                     (DWORD_PTR)&device)
                    : waveInMessage((HWAVEIN)handle, DRVM_MAPPER_STATUS, WAVEIN_MAPPER_STATUS_DEVICE,
                                    (DWORD_PTR)&device);
    if (result != MMSYSERR_NOERROR || device == (DWORD)-1)
        return MMSYSERR_NODRIVER;
    *id = device;
    return MMSYSERR_NOERROR;
}

/* A wave device ID: the mapper stands for the device it prefers. */
static MMRESULT wave_id_device(bool output, UINT id, UINT *device)
{
    *device = id;
    if (id != WAVE_MAPPER && id != 0xFFFFu)
        return MMSYSERR_NOERROR;
    DWORD preferred = (DWORD)-1, flags = 0;
    MMRESULT result = output ? waveOutMessage((HWAVEOUT)(UINT_PTR)WAVE_MAPPER, DRVM_MAPPER_PREFERRED_GET,
                                              (DWORD_PTR)&preferred, (DWORD_PTR)&flags)
                             : waveInMessage((HWAVEIN)(UINT_PTR)WAVE_MAPPER, DRVM_MAPPER_PREFERRED_GET,
                                             (DWORD_PTR)&preferred, (DWORD_PTR)&flags);
    if (result != MMSYSERR_NOERROR || preferred == (DWORD)-1)
        return MMSYSERR_BADDEVICEID;
    *device = preferred;
    return MMSYSERR_NOERROR;
}

static MMRESULT resolve_wave(DWORD type, UINT_PTR value, UINT *mixer)
{
    bool output = (type & ~MIXER_OBJECTF_HANDLE) == MIXER_OBJECTF_WAVEOUT;
    UINT device;
    MMRESULT result = (type & MIXER_OBJECTF_HANDLE) ? wave_handle_device(output, value, &device)
                                                     : wave_id_device(output, (UINT)value, &device);
    if (result != MMSYSERR_NOERROR)
        return result;
    return mixer_of_wave_device(output ? PACM_DEV_WAVEOUT : PACM_DEV_WAVEIN, device, mixer);
}

MMRESULT pacm_mixer_resolve(HMIXEROBJ object, DWORD fdw, pacm_mixer_target *target)
{
    UINT_PTR value = (UINT_PTR)object;
    DWORD type = fdw & PACM_MIXER_OBJECT_MASK;
    target->driver_user = 0;
    target->handle = 0;
    switch (type) {
    case MIXER_OBJECTF_MIXER:
        /* An ID past the last mixer is tried as a handle, as Windows does (Wine's notes). */
        if (value < pacm_dev_count(PACM_DEV_MIXER)) {
            target->device = (UINT)value;
            return MMSYSERR_NOERROR;
        }
        return pacm_mixer_handle_acquire(value, target) ? MMSYSERR_NOERROR : MMSYSERR_BADDEVICEID;
    case MIXER_OBJECTF_HMIXER:
        return pacm_mixer_handle_acquire(value, target) ? MMSYSERR_NOERROR : MMSYSERR_INVALHANDLE;
    case MIXER_OBJECTF_WAVEOUT:
    case MIXER_OBJECTF_HWAVEOUT:
    case MIXER_OBJECTF_WAVEIN:
    case MIXER_OBJECTF_HWAVEIN:
        return resolve_wave(type, value, &target->device);
    case MIXER_OBJECTF_MIDIOUT:
    case MIXER_OBJECTF_MIDIIN:
        return MMSYSERR_BADDEVICEID; /* no MIDI device has a mixer */
    case MIXER_OBJECTF_HMIDIOUT:
    case MIXER_OBJECTF_HMIDIIN:
        return MMSYSERR_INVALHANDLE;
    case MIXER_OBJECTF_AUX:
        return value < pacm_dev_count(PACM_DEV_AUX) ? MMSYSERR_NODRIVER : MMSYSERR_BADDEVICEID;
    default:
        return MMSYSERR_INVALFLAG;
    }
}

DWORD pacm_mixer_send(const pacm_mixer_target *target, UINT msg, DWORD_PTR p1, DWORD_PTR p2)
{
    return pacm_dev_message(PACM_DEV_MIXER, target->device, msg, target->driver_user, p1, p2);
}

MMRESULT WINAPI mixerGetID(HMIXEROBJ hmxobj, UINT *puMxId, DWORD fdwId)
{
    if (!puMxId)
        return MMSYSERR_INVALPARAM;
    MMRESULT result = pacm_mixer_check_flags(fdwId, 0, 0);
    if (result != MMSYSERR_NOERROR)
        return result;
    pacm_mixer_target target;
    result = pacm_mixer_resolve(hmxobj, fdwId, &target);
    if (result != MMSYSERR_NOERROR)
        return result;
    *puMxId = target.device;
    pacm_mixer_target_release(&target);
    return MMSYSERR_NOERROR;
}

void pacm_mixer_field_to_a(const WCHAR *wide, size_t wide_chars, CHAR *narrow, size_t chars)
{
    pacm_utf16_field_to_utf8(wide, wide_chars, narrow, chars);
}

void pacm_mixer_field_to_w(const CHAR *narrow, size_t narrow_chars, WCHAR *wide, size_t chars)
{
    char bounded[MIXER_LONG_NAME_CHARS + 1];
    size_t length = 0;
    while (length < narrow_chars && length < MIXER_LONG_NAME_CHARS && narrow[length])
        length++;
    memcpy(bounded, narrow, length);
    bounded[length] = '\0';
    pacm_utf8_to_utf16_buffer(bounded, wide, chars);
}
