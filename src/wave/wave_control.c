/*
 * wave_control.c - the waveOut / waveIn functions that pass one message to the driver: Pause,
 * Restart, Reset, BreakLoop, Start, Stop, GetPosition, pitch, playback rate, volume, GetID and
 * Message (spec winmm-devices §4.2, §4.3, §6.4, §6.5, §6.7). winmm checks the arguments; the
 * driver does the work and decides the position format.
 */
#include "wave_int.h"

MMRESULT pacm_wave_simple(pacm_dev_class cls, uintptr_t handle, UINT msg)
{
    pacm_wave *wave = pacm_wave_acquire(handle, cls);
    if (!wave)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = pacm_wave_send(wave, msg, 0, 0);
    pacm_wave_release(handle);
    return result;
}

/* One message with one parameter; `param_needed` refuses a NULL p1 with INVALPARAM first. */
static MMRESULT with_param(pacm_dev_class cls, uintptr_t handle, UINT msg, DWORD_PTR p1, DWORD_PTR p2,
                           bool param_needed)
{
    if (param_needed && !p1)
        return MMSYSERR_INVALPARAM;
    pacm_wave *wave = pacm_wave_acquire(handle, cls);
    if (!wave)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = pacm_wave_send(wave, msg, p1, p2);
    pacm_wave_release(handle);
    return result;
}

PORTACM_API UINT WINAPI waveOutGetNumDevs(void)
{
    pacm_wave_init();
    return pacm_dev_count(PACM_DEV_WAVEOUT);
}

PORTACM_API UINT WINAPI waveInGetNumDevs(void)
{
    pacm_wave_init();
    return pacm_dev_count(PACM_DEV_WAVEIN);
}

PORTACM_API MMRESULT WINAPI waveOutPause(HWAVEOUT hwo)
{
    return pacm_wave_simple(PACM_DEV_WAVEOUT, (uintptr_t)hwo, WODM_PAUSE);
}

PORTACM_API MMRESULT WINAPI waveOutRestart(HWAVEOUT hwo)
{
    return pacm_wave_simple(PACM_DEV_WAVEOUT, (uintptr_t)hwo, WODM_RESTART);
}

PORTACM_API MMRESULT WINAPI waveOutReset(HWAVEOUT hwo)
{
    return pacm_wave_simple(PACM_DEV_WAVEOUT, (uintptr_t)hwo, WODM_RESET);
}

PORTACM_API MMRESULT WINAPI waveOutBreakLoop(HWAVEOUT hwo)
{
    return pacm_wave_simple(PACM_DEV_WAVEOUT, (uintptr_t)hwo, WODM_BREAKLOOP);
}

PORTACM_API MMRESULT WINAPI waveInStart(HWAVEIN hwi)
{
    return pacm_wave_simple(PACM_DEV_WAVEIN, (uintptr_t)hwi, WIDM_START);
}

PORTACM_API MMRESULT WINAPI waveInStop(HWAVEIN hwi)
{
    return pacm_wave_simple(PACM_DEV_WAVEIN, (uintptr_t)hwi, WIDM_STOP);
}

PORTACM_API MMRESULT WINAPI waveInReset(HWAVEIN hwi)
{
    return pacm_wave_simple(PACM_DEV_WAVEIN, (uintptr_t)hwi, WIDM_RESET);
}

/* W9: NULL -> INVALPARAM, cb < sizeof(MMTIME) -> MMSYSERR_ERROR, then the handle. */
static MMRESULT get_position(pacm_dev_class cls, uintptr_t handle, LPMMTIME pmmt, UINT cbmmt, UINT msg)
{
    if (!pmmt)
        return MMSYSERR_INVALPARAM;
    if (cbmmt < sizeof(MMTIME))
        return MMSYSERR_ERROR;
    return with_param(cls, handle, msg, (DWORD_PTR)pmmt, cbmmt, false);
}

PORTACM_API MMRESULT WINAPI waveOutGetPosition(HWAVEOUT hwo, LPMMTIME pmmt, UINT cbmmt)
{
    return get_position(PACM_DEV_WAVEOUT, (uintptr_t)hwo, pmmt, cbmmt, WODM_GETPOS);
}

PORTACM_API MMRESULT WINAPI waveInGetPosition(HWAVEIN hwi, LPMMTIME pmmt, UINT cbmmt)
{
    return get_position(PACM_DEV_WAVEIN, (uintptr_t)hwi, pmmt, cbmmt, WIDM_GETPOS);
}

PORTACM_API MMRESULT WINAPI waveOutGetPitch(HWAVEOUT hwo, LPDWORD pdwPitch)
{
    return with_param(PACM_DEV_WAVEOUT, (uintptr_t)hwo, WODM_GETPITCH, (DWORD_PTR)pdwPitch, 0, true);
}

PORTACM_API MMRESULT WINAPI waveOutSetPitch(HWAVEOUT hwo, DWORD dwPitch)
{
    return with_param(PACM_DEV_WAVEOUT, (uintptr_t)hwo, WODM_SETPITCH, dwPitch, 0, false);
}

PORTACM_API MMRESULT WINAPI waveOutGetPlaybackRate(HWAVEOUT hwo, LPDWORD pdwRate)
{
    return with_param(PACM_DEV_WAVEOUT, (uintptr_t)hwo, WODM_GETPLAYBACKRATE, (DWORD_PTR)pdwRate, 0, true);
}

PORTACM_API MMRESULT WINAPI waveOutSetPlaybackRate(HWAVEOUT hwo, DWORD dwRate)
{
    return with_param(PACM_DEV_WAVEOUT, (uintptr_t)hwo, WODM_SETPLAYBACKRATE, dwRate, 0, false);
}

/* Volume: hwo is a device ID (all instances of the device; dwUser 0), WAVE_MAPPER, or a handle
 * (that instance only). Anything else is MMSYSERR_INVALHANDLE. */
static MMRESULT volume(uintptr_t hwo, UINT msg, DWORD_PTR p1)
{
    pacm_wave_init();
    if (hwo == WAVE_MAPPER || hwo == 0xFFFF)
        return pacm_dev_message(PACM_DEV_WAVEOUT, PACM_DEV_MAPPER, msg, 0, p1, 0);
    if (hwo < pacm_dev_count(PACM_DEV_WAVEOUT))
        return pacm_dev_message(PACM_DEV_WAVEOUT, (UINT)hwo, msg, 0, p1, 0);
    return with_param(PACM_DEV_WAVEOUT, hwo, msg, p1, 0, false);
}

PORTACM_API MMRESULT WINAPI waveOutGetVolume(HWAVEOUT hwo, LPDWORD pdwVolume)
{
    if (!pdwVolume)
        return MMSYSERR_INVALPARAM;
    return volume((uintptr_t)hwo, WODM_GETVOLUME, (DWORD_PTR)pdwVolume);
}

PORTACM_API MMRESULT WINAPI waveOutSetVolume(HWAVEOUT hwo, DWORD dwVolume)
{
    return volume((uintptr_t)hwo, WODM_SETVOLUME, dwVolume);
}

static MMRESULT get_id(pacm_dev_class cls, uintptr_t handle, LPUINT puDeviceID)
{
    if (!puDeviceID)
        return MMSYSERR_INVALPARAM;
    pacm_wave *wave = pacm_wave_acquire(handle, cls);
    if (!wave)
        return MMSYSERR_INVALHANDLE;
    *puDeviceID = wave->id;
    pacm_wave_release(handle);
    return MMSYSERR_NOERROR;
}

PORTACM_API MMRESULT WINAPI waveOutGetID(HWAVEOUT hwo, LPUINT puDeviceID)
{
    return get_id(PACM_DEV_WAVEOUT, (uintptr_t)hwo, puDeviceID);
}

PORTACM_API MMRESULT WINAPI waveInGetID(HWAVEIN hwi, LPUINT puDeviceID)
{
    return get_id(PACM_DEV_WAVEIN, (uintptr_t)hwi, puDeviceID);
}

/* True for the messages a device ID (rather than a handle) may carry: the driver queries
 * (DRV_QUERY*) and the mapper messages (DRVM_MAPPER*). */
static bool id_message(UINT msg)
{
    return (msg > DRV_RESERVED && msg < DRV_RESERVED + 0x100) || (msg >= DRVM_MAPPER && msg < DRVM_USER);
}

/* Wold's rule: with a handle, the standard messages (below DRVM_IOCTL, and from DRVM_IOCTL_LAST
 * up to DRVM_MAPPER) cannot be injected. */
static MMRESULT message(pacm_dev_class cls, uintptr_t hwave, UINT msg, DWORD_PTR dw1, DWORD_PTR dw2)
{
    pacm_wave_init();
    pacm_wave *wave = pacm_wave_acquire(hwave, cls);
    if (wave) {
        MMRESULT result = MMSYSERR_INVALPARAM;
        if (!(msg < DRVM_IOCTL || (msg >= DRVM_IOCTL_LAST && msg < DRVM_MAPPER)))
            result = pacm_wave_send(wave, msg, dw1, dw2);
        pacm_wave_release(hwave);
        return result;
    }
    bool mapper = hwave == WAVE_MAPPER || hwave == 0xFFFF;
    if ((mapper || hwave < pacm_dev_count(cls)) && id_message(msg))
        return pacm_dev_message(cls, mapper ? PACM_DEV_MAPPER : (UINT)hwave, msg, 0, dw1, dw2);
    return MMSYSERR_INVALHANDLE;
}

PORTACM_API MMRESULT WINAPI waveOutMessage(HWAVEOUT hwo, UINT uMsg, DWORD_PTR dw1, DWORD_PTR dw2)
{
    return message(PACM_DEV_WAVEOUT, (uintptr_t)hwo, uMsg, dw1, dw2);
}

PORTACM_API MMRESULT WINAPI waveInMessage(HWAVEIN hwi, UINT uMsg, DWORD_PTR dw1, DWORD_PTR dw2)
{
    return message(PACM_DEV_WAVEIN, (uintptr_t)hwi, uMsg, dw1, dw2);
}
