/*
 * wave_test_driver.h - the test suite's third-party wave driver (wave_test_driver.c), built as
 * a shared object (wave_test_driver.so, named in a drivers file as `wave=wave_test_driver.so
 * [knobs]`) and, compiled with WAVE_TEST_DRIVER_INPROC, as an in-process driver a test
 * registers with portacm_device_driver_register(name, wave_test_inproc_proc, &procs) where
 * procs = {.wodMessage = wave_test_inproc_wod, .widMessage = wave_test_inproc_wid}.
 *
 * What it is (so that the mapper, CLI and other tests can rely on it):
 *   - Output plays in real time: a thread per open device consumes the queued buffers at the
 *     format's byte rate (a 2 ms tick) and appends the bytes to the device's memory, which a
 *     test reads with wave_test_driver_output (dlsym it from the shared object, or call it
 *     directly in the in-process build).
 *   - Input produces a known signal at real-time pace: 16-bit sample of frame n, channel c =
 *     (int16_t)(n * 3 + c * 1000), n counted from waveInStart after open or reset. (Frames
 *     produced while no buffer is queued are lost, as on hardware.)
 *   - Formats: WAVE_FORMAT_PCM only, 16 bits, 1 or 2 channels, 8000..96000 Hz; anything
 *     else is WAVERR_BADFORMAT (so the mapper paths are testable).
 *   - It does NOT answer WODM_PREPARE/UNPREPARE (MMSYSERR_NOTSUPPORTED): winmm's default runs.
 *   - Notifies through DriverCallback: WOM_OPEN/WIM_OPEN inside *_OPEN, WOM_DONE/WIM_DATA from
 *     its thread (and from the caller's thread for Reset/Stop), WOM_CLOSE/WIM_CLOSE in *_CLOSE.
 *   - Loops (BEGINLOOP/ENDLOOP, dwLoops plays; 0 counts as 1), BREAKLOOP, PAUSE/RESTART (the
 *     position freezes), RESET (every buffer back, position 0), GETPOS in TIME_BYTES,
 *     TIME_SAMPLES and TIME_MS (any other wType comes back as TIME_BYTES), GET/SETVOLUME per
 *     device (device ID) and per open (handle), caps WAVECAPS_VOLUME | WAVECAPS_LRVOLUME |
 *     WAVECAPS_SAMPLEACCURATE. Close with buffers queued: WAVERR_STILLPLAYING. DRVM_EXIT
 *     stops the threads of devices still open (so the process can exit with devices open).
 *
 * Knobs, the words after the file name in the drivers-file entry (DRV_OPEN's argument):
 *   out=N    number of waveOut devices (0..8, default 1)
 *   in=N     number of waveIn devices (0..8, default 1)
 *   tag=X    a short word put into the device names ("Wave Test Out 0 (X)"), default "test"
 * The in-process build has 1 output and 1 input device, tag "inproc".
 */
#ifndef PORTACM_WAVE_TEST_DRIVER_H
#define PORTACM_WAVE_TEST_DRIVER_H

#include <stddef.h>

#include "windows.h"
#include "mmsystem.h"
#include "mmddk.h"

/* Copies up to `capacity` bytes of what output device `device` played since the last clear
 * into `buffer` (may be NULL with capacity 0); returns the number of bytes played. */
typedef size_t (*wave_test_driver_output_fn)(UINT device, void *buffer, size_t capacity);
/* Forgets what every device played. */
typedef void (*wave_test_driver_clear_fn)(void);
/* Copies the driver's message log into `buffer` (terminated): one word per DRVM_INIT /
 * *_GETNUMDEVS / DRVM_EXIT received, e.g. "wid:init wid:numdevs wod:init wod:numdevs ". */
typedef void (*wave_test_driver_log_fn)(char *buffer, size_t capacity);

#ifdef WAVE_TEST_DRIVER_INPROC
LRESULT CALLBACK wave_test_inproc_proc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM p1, LPARAM p2);
DWORD CALLBACK wave_test_inproc_wod(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
DWORD CALLBACK wave_test_inproc_wid(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
size_t wave_test_inproc_output(UINT device, void *buffer, size_t capacity);
void wave_test_inproc_clear(void);
void wave_test_inproc_log(char *buffer, size_t capacity);
#endif

#endif /* PORTACM_WAVE_TEST_DRIVER_H */
