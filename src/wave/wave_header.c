/*
 * wave_header.c - the header state machine (spec winmm-devices §5.5, §6.3): Prepare and
 * Unprepare (winmm's own when the driver answers MMSYSERR_NOTSUPPORTED), waveOutWrite and
 * waveInAddBuffer. The flags live in the caller's WAVEHDR, which clients poll.
 *
 * Write / AddBuffer clear WHDR_DONE and set WHDR_INQUEUE before the driver sees the header (a
 * driver may complete it at once on another thread); the driver clears WHDR_INQUEUE and sets
 * WHDR_DONE when it gives the header back, then notifies WOM_DONE / WIM_DATA.
 */
#include "wave_int.h"

static MMRESULT prepare(pacm_dev_class cls, uintptr_t handle, LPWAVEHDR pwh, UINT cbwh)
{
    if (!pwh || cbwh < sizeof(WAVEHDR))
        return MMSYSERR_INVALPARAM;
    if (pacm_wave_flags(pwh) & WHDR_PREPARED)
        return MMSYSERR_NOERROR;
    pacm_wave *wave = pacm_wave_acquire(handle, cls);
    if (!wave)
        return MMSYSERR_INVALHANDLE;
    UINT msg = cls == PACM_DEV_WAVEOUT ? WODM_PREPARE : WIDM_PREPARE;
    MMRESULT result = pacm_wave_send(wave, msg, (DWORD_PTR)pwh, cbwh);
    if (result == MMSYSERR_NOTSUPPORTED) {
        /* winmm's own prepare (W9: DONE and INQUEUE cleared since Windows 2000). */
        if (cls == PACM_DEV_WAVEIN)
            pwh->dwBytesRecorded = 0;
        pacm_wave_flags_change(pwh, WHDR_PREPARED, WHDR_DONE | WHDR_INQUEUE);
        result = MMSYSERR_NOERROR;
    }
    pacm_wave_release(handle);
    return result;
}

static MMRESULT unprepare(pacm_dev_class cls, uintptr_t handle, LPWAVEHDR pwh, UINT cbwh)
{
    if (!pwh || cbwh < sizeof(WAVEHDR))
        return MMSYSERR_INVALPARAM;
    if (!(pacm_wave_flags(pwh) & WHDR_PREPARED))
        return MMSYSERR_NOERROR;
    if (pacm_wave_flags(pwh) & WHDR_INQUEUE)
        return WAVERR_STILLPLAYING;
    pacm_wave *wave = pacm_wave_acquire(handle, cls);
    if (!wave)
        return MMSYSERR_INVALHANDLE;
    UINT msg = cls == PACM_DEV_WAVEOUT ? WODM_UNPREPARE : WIDM_UNPREPARE;
    MMRESULT result = pacm_wave_send(wave, msg, (DWORD_PTR)pwh, cbwh);
    if (result == MMSYSERR_NOTSUPPORTED) {
        pacm_wave_flags_change(pwh, WHDR_DONE, WHDR_PREPARED);
        result = MMSYSERR_NOERROR;
    }
    pacm_wave_release(handle);
    return result;
}

/* Hands a prepared header to the driver (WODM_WRITE / WIDM_ADDBUFFER). */
static MMRESULT queue_header(pacm_wave *wave, LPWAVEHDR pwh, UINT cbwh, UINT msg)
{
    if (wave->cls == PACM_DEV_WAVEIN)
        pwh->dwBytesRecorded = 0;
    pacm_wave_flags_change(pwh, WHDR_INQUEUE, WHDR_DONE);
    MMRESULT result = pacm_wave_send(wave, msg, (DWORD_PTR)pwh, cbwh);
    if (result != MMSYSERR_NOERROR)
        pacm_wave_flags_change(pwh, 0, WHDR_INQUEUE);
    return result;
}

PORTACM_API MMRESULT WINAPI waveOutPrepareHeader(HWAVEOUT hwo, LPWAVEHDR pwh, UINT cbwh)
{
    return prepare(PACM_DEV_WAVEOUT, (uintptr_t)hwo, pwh, cbwh);
}

PORTACM_API MMRESULT WINAPI waveOutUnprepareHeader(HWAVEOUT hwo, LPWAVEHDR pwh, UINT cbwh)
{
    return unprepare(PACM_DEV_WAVEOUT, (uintptr_t)hwo, pwh, cbwh);
}

PORTACM_API MMRESULT WINAPI waveInPrepareHeader(HWAVEIN hwi, LPWAVEHDR pwh, UINT cbwh)
{
    return prepare(PACM_DEV_WAVEIN, (uintptr_t)hwi, pwh, cbwh);
}

PORTACM_API MMRESULT WINAPI waveInUnprepareHeader(HWAVEIN hwi, LPWAVEHDR pwh, UINT cbwh)
{
    return unprepare(PACM_DEV_WAVEIN, (uintptr_t)hwi, pwh, cbwh);
}

/* W9 order: handle, then not prepared (or no data) -> UNPREPARED, then queued -> STILLPLAYING.
 * A NULL header is refused with MMSYSERR_INVALPARAM after the handle check. */
PORTACM_API MMRESULT WINAPI waveOutWrite(HWAVEOUT hwo, LPWAVEHDR pwh, UINT cbwh)
{
    uintptr_t handle = (uintptr_t)hwo;
    pacm_wave *wave = pacm_wave_acquire(handle, PACM_DEV_WAVEOUT);
    if (!wave)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result;
    if (!pwh)
        result = MMSYSERR_INVALPARAM;
    else if (!(pacm_wave_flags(pwh) & WHDR_PREPARED) || !pwh->lpData)
        result = WAVERR_UNPREPARED;
    else if (pacm_wave_flags(pwh) & WHDR_INQUEUE)
        result = WAVERR_STILLPLAYING;
    else
        result = queue_header(wave, pwh, cbwh, WODM_WRITE);
    pacm_wave_release(handle);
    return result;
}

/* W9 order: NULL or short header -> INVALPARAM, not prepared -> UNPREPARED, then the handle.
 * portacm also refuses a header that is already queued (WAVERR_STILLPLAYING), where W9 would
 * link it into its queue twice. */
PORTACM_API MMRESULT WINAPI waveInAddBuffer(HWAVEIN hwi, LPWAVEHDR pwh, UINT cbwh)
{
    if (!pwh || cbwh < sizeof(WAVEHDR))
        return MMSYSERR_INVALPARAM;
    if (!(pacm_wave_flags(pwh) & WHDR_PREPARED))
        return WAVERR_UNPREPARED;
    uintptr_t handle = (uintptr_t)hwi;
    pacm_wave *wave = pacm_wave_acquire(handle, PACM_DEV_WAVEIN);
    if (!wave)
        return MMSYSERR_INVALHANDLE;
    MMRESULT result = (pacm_wave_flags(pwh) & WHDR_INQUEUE) ? WAVERR_STILLPLAYING : queue_header(wave, pwh, cbwh, WIDM_ADDBUFFER);
    pacm_wave_release(handle);
    return result;
}
