/*
 * wave_open.c - waveOutOpen / waveInOpen and waveOutClose / waveInClose (spec winmm-devices
 * §5.4, §5.6 "Implicit mapping", §6.2): argument checks in Windows' order, the format copy,
 * WAVEOPENDESC, *_OPEN to the driver (which notifies WOM_OPEN / WIM_OPEN itself before it
 * returns), and the retry through the wave mapper for a format a device refuses.
 */
#include <string.h>

#include "mmreg.h"
#include "wave_int.h"
#include "winuser.h"

DWORD pacm_wave_send(const pacm_wave *wave, UINT msg, DWORD_PTR p1, DWORD_PTR p2)
{
    return pacm_dev_message(wave->cls, wave->route, msg, wave->driver_user, p1, p2);
}

/* W9 WINMM_CheckCallback: a window callback must name a live window (or be NULL); the other
 * types are not checked (CALLBACK_FUNCTION with NULL is accepted since Windows 2000). */
static MMRESULT check_callback(DWORD_PTR callback, DWORD flags)
{
    if ((flags & CALLBACK_TYPEMASK) == CALLBACK_WINDOW && callback && !IsWindow((HWND)callback))
        return MMSYSERR_INVALPARAM;
    return MMSYSERR_NOERROR;
}

/* winmm's copy of the client's format (the client may free its own at once). PCM: only the
 * 16 bytes of a PCMWAVEFORMAT are read, nSamplesPerSec 0 is refused, the bit depth is rounded
 * up to whole bytes and nBlockAlign / nAvgBytesPerSec are recomputed (W9). Other tags: 18 +
 * cbSize bytes. */
static WAVEFORMATEX *copy_format(LPCWAVEFORMATEX pwfx, MMRESULT *result)
{
    WORD tag;
    memcpy(&tag, &pwfx->wFormatTag, sizeof tag);
    size_t size = sizeof(WAVEFORMATEX);
    WORD extra = 0;
    if (tag != WAVE_FORMAT_PCM) {
        memcpy(&extra, &pwfx->cbSize, sizeof extra);
        size += extra;
    }
    WAVEFORMATEX *copy = pacm_mem_calloc(1, size);
    if (!copy) {
        *result = MMSYSERR_NOMEM;
        return NULL;
    }
    if (tag != WAVE_FORMAT_PCM) {
        memcpy(copy, pwfx, size);
        return copy;
    }
    memcpy(copy, pwfx, sizeof(PCMWAVEFORMAT));
    copy->cbSize = 0;
    if (copy->nSamplesPerSec == 0) {
        pacm_mem_free(copy);
        *result = MMSYSERR_INVALPARAM;
        return NULL;
    }
    copy->wBitsPerSample = (WORD)((copy->wBitsPerSample + 7u) & ~7u);
    copy->nBlockAlign = (WORD)(copy->nChannels * (copy->wBitsPerSample / 8u));
    copy->nAvgBytesPerSec = copy->nBlockAlign * copy->nSamplesPerSec;
    return copy;
}

/* Sends *_OPEN for `wave` to its route. */
static DWORD send_open(pacm_wave *wave, WAVEOPENDESC *desc, DWORD flags)
{
    UINT msg = wave->cls == PACM_DEV_WAVEOUT ? WODM_OPEN : WIDM_OPEN;
    return pacm_dev_message(wave->cls, wave->route, msg, (DWORD_PTR)&wave->driver_user, (DWORD_PTR)desc, flags);
}

/* Checks the device ID and builds the instance (not yet opened). */
static MMRESULT prepare_instance(pacm_dev_class cls, UINT id, DWORD flags, pacm_wave **out)
{
    if (id == 0xFFFF)
        id = WAVE_MAPPER;
    if (id == WAVE_MAPPER) {
        if (flags & WAVE_MAPPED)
            return MMSYSERR_INVALPARAM;
        if (!pacm_dev_has_mapper(cls) || pacm_dev_count(cls) == 0)
            return MMSYSERR_BADDEVICEID;
    } else if (id >= pacm_dev_count(cls)) {
        return MMSYSERR_BADDEVICEID;
    } else if ((flags & WAVE_MAPPED) && !pacm_dev_has_mapper(cls)) {
        return MMSYSERR_NODRIVER;
    }
    pacm_wave *wave = pacm_mem_calloc(1, sizeof *wave);
    if (!wave)
        return MMSYSERR_NOMEM;
    wave->cls = cls;
    wave->id = id;
    wave->route = (id == WAVE_MAPPER || (flags & WAVE_MAPPED)) ? PACM_DEV_MAPPER : id;
    *out = wave;
    return MMSYSERR_NOERROR;
}

MMRESULT pacm_wave_open(pacm_dev_class cls, uintptr_t *phandle, UINT id, LPCWAVEFORMATEX pwfx, DWORD_PTR callback,
                        DWORD_PTR instance, DWORD flags)
{
    if (!phandle && !(flags & WAVE_FORMAT_QUERY))
        return MMSYSERR_INVALPARAM;
    MMRESULT result = check_callback(callback, flags);
    if (result != MMSYSERR_NOERROR)
        return result;
    if (!pwfx)
        return MMSYSERR_INVALPARAM;
    pacm_wave_init();
    pacm_wave *wave = NULL;
    result = prepare_instance(cls, id, flags, &wave);
    if (result != MMSYSERR_NOERROR)
        return result;
    wave->format = copy_format(pwfx, &result);
    uintptr_t handle = wave->format ? pacm_wave_handle_create(wave) : 0;
    if (!handle) {
        if (wave->format)
            result = MMSYSERR_NOMEM;
        pacm_mem_free(wave->format);
        pacm_mem_free(wave);
        return result;
    }
    WAVEOPENDESC desc = {.hWave = (HWAVE)handle, .lpFormat = wave->format, .dwCallback = callback,
                         .dwInstance = instance, .uMappedDeviceID = (flags & WAVE_MAPPED) ? wave->id : WAVE_MAPPER,
                         .dnDevNode = 0};
    result = send_open(wave, &desc, flags);
    if (result == WAVERR_BADFORMAT && wave->route != PACM_DEV_MAPPER &&
        !(flags & (WAVE_MAPPED | WAVE_FORMAT_DIRECT)) && pacm_dev_has_mapper(cls)) {
        /* Implicit mapping: the mapper converts for this very device. */
        wave->route = PACM_DEV_MAPPER;
        wave->driver_user = 0;
        desc.uMappedDeviceID = wave->id;
        result = send_open(wave, &desc, flags | WAVE_MAPPED);
    }
    if (result != MMSYSERR_NOERROR || (flags & WAVE_FORMAT_QUERY)) {
        pacm_wave_handle_discard(handle);
        return result;
    }
    *phandle = handle;
    return MMSYSERR_NOERROR;
}

/* ---- the public functions ----------------------------------------------------------------- */

PORTACM_API MMRESULT WINAPI waveOutOpen(LPHWAVEOUT phwo, UINT uDeviceID, LPCWAVEFORMATEX pwfx, DWORD_PTR dwCallback,
                                        DWORD_PTR dwInstance, DWORD fdwOpen)
{
    uintptr_t handle = 0;
    MMRESULT result = pacm_wave_open(PACM_DEV_WAVEOUT, phwo ? &handle : NULL, uDeviceID, pwfx, dwCallback, dwInstance,
                                     fdwOpen);
    if (result == MMSYSERR_NOERROR && phwo && !(fdwOpen & WAVE_FORMAT_QUERY))
        *phwo = (HWAVEOUT)handle;
    return result;
}

PORTACM_API MMRESULT WINAPI waveInOpen(LPHWAVEIN phwi, UINT uDeviceID, LPCWAVEFORMATEX pwfx, DWORD_PTR dwCallback,
                                       DWORD_PTR dwInstance, DWORD fdwOpen)
{
    uintptr_t handle = 0;
    MMRESULT result = pacm_wave_open(PACM_DEV_WAVEIN, phwi ? &handle : NULL, uDeviceID, pwfx, dwCallback, dwInstance,
                                     fdwOpen);
    if (result == MMSYSERR_NOERROR && phwi && !(fdwOpen & WAVE_FORMAT_QUERY))
        *phwi = (HWAVEIN)handle;
    return result;
}

static MMRESULT wave_close(pacm_dev_class cls, uintptr_t handle, UINT msg)
{
    pacm_wave *wave = pacm_wave_acquire(handle, cls);
    if (!wave)
        return MMSYSERR_INVALHANDLE;
    return pacm_wave_close(handle, wave, msg);
}

PORTACM_API MMRESULT WINAPI waveOutClose(HWAVEOUT hwo)
{
    return wave_close(PACM_DEV_WAVEOUT, (uintptr_t)hwo, WODM_CLOSE);
}

PORTACM_API MMRESULT WINAPI waveInClose(HWAVEIN hwi)
{
    return wave_close(PACM_DEV_WAVEIN, (uintptr_t)hwi, WIDM_CLOSE);
}
