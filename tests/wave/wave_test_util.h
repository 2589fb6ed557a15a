/*
 * wave_test_util.h - what the wave tests share: a private drivers file naming the wave test
 * driver (tests/devices/wave_test_driver.h), reading back what it played, PCM formats and
 * headers.
 */
#ifndef PORTACM_WAVE_TEST_UTIL_H
#define PORTACM_WAVE_TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "windows.h"
#include "mmsystem.h"
#include "mmddk.h"

/* Points PORTACM_DRIVERS at a new drivers file in a private folder naming the wave test driver
 * with `knobs` (NULL: none) and reloads the device drivers. Returns the folder (free it with
 * wt_teardown). */
char *wt_setup(const char *knobs);
void wt_teardown(char *folder);
/* What output device `device` of the test driver played (copied into buffer, up to capacity);
 * returns the number of bytes played since the last wt_clear_output. */
size_t wt_output(UINT device, void *buffer, size_t capacity);
void wt_clear_output(void);
/* The driver's DRVM_INIT/GETNUMDEVS/EXIT log. */
void wt_driver_log(char *buffer, size_t capacity);
/* A PCM format. */
WAVEFORMATEX wt_pcm(DWORD rate, WORD channels, WORD bits);
/* Fills `count` 16-bit samples with a pattern that starts at `start` (sample i = start + i). */
void wt_pattern(int16_t *samples, size_t count, uint32_t start);
/* A header's flags, read atomically (the driver's thread writes them). */
static inline DWORD wt_flags(const WAVEHDR *h)
{
    return __atomic_load_n((const DWORD *)(const void *)((const char *)h + offsetof(WAVEHDR, dwFlags)),
                           __ATOMIC_ACQUIRE);
}

/* Sleeps `ms` milliseconds. */
void wt_sleep_ms(unsigned ms);
/* Waits up to `ms` for *flag to become true (polling); returns its value. */
bool wt_wait_flag(volatile int *flag, unsigned ms);

#endif /* PORTACM_WAVE_TEST_UTIL_H */
