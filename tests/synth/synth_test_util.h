/*
 * synth_test_util.h - measurements the synthesizer tests make on rendered or recorded 16-bit
 * interleaved audio (prefix st_): level, pitch by autocorrelation (robust for tones rich in
 * harmonics, where counting zero crossings is not), and the harmonic profile of a tone.
 */
#ifndef PORTACM_SYNTH_TEST_UTIL_H
#define PORTACM_SYNTH_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* RMS of channel ch, in full-scale units (0..1). */
double st_rms(const int16_t *s, size_t frames, unsigned channels, unsigned ch);
/* The fundamental of channel 0 between 50 and 2000 Hz (the shortest lag whose normalized
 * autocorrelation is within 10 % of the best, refined by parabolic interpolation); 0 when the
 * signal is silent. */
double st_pitch(const int16_t *s, size_t frames, unsigned channels, unsigned rate);
/* The magnitudes of harmonics 1..count of f0 on channel 0 (Goertzel), scaled so they sum to 1. */
void st_harmonics(const int16_t *s, size_t frames, unsigned channels, unsigned rate, double f0, double *out,
                  unsigned count);
/* Sum of absolute differences of two profiles of st_harmonics (0: same timbre, up to 2). */
double st_profile_distance(const double *a, const double *b, unsigned count);

#endif /* PORTACM_SYNTH_TEST_UTIL_H */
