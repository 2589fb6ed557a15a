/*
 * pulse_test_util.h - what audio tests need around the private PulseAudio test server
 * (tests/pulse/README.md): record a source (a sink's monitor) in the background as s16,
 * and measure what was recorded (level, frequency, where a known signal starts, gaps).
 * Prefix pt_. Link the static library portacm_pulse_test_util.
 */
#ifndef PORTACM_PULSE_TEST_UTIL_H
#define PORTACM_PULSE_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* The sinks and source the fixture server provides (tests/pulse/pulse_server.sh). */
#define PT_SINK_A "portacm_sink_a"               /* default sink, 44100 Hz s16 stereo */
#define PT_SINK_B "portacm_sink_b"               /* 48000 Hz s16 stereo */
#define PT_MONITOR_A "portacm_sink_a.monitor"
#define PT_MONITOR_B "portacm_sink_b.monitor"
#define PT_SINE_SOURCE "portacm_sine"            /* default source: 440 Hz sine, 48000 Hz mono s16 */
#define PT_SINE_FEED "portacm_sine_feed"         /* the sink feeding it (a third sink) */
#define PT_SINE_HZ 440.0

/* 1 when PULSE_SERVER names a server that answers (within ~2 s), else 0 (prints why). */
int pt_server_available(void);

/* A background recorder of one source as interleaved s16 at (rate, channels). */
typedef struct pt_recorder pt_recorder;

/* Starts recording `source` (NULL: the default source); returns NULL (and prints why) on
 * failure. Returns once the record stream is running. */
pt_recorder *pt_record_start(const char *source, unsigned rate, unsigned channels);
/* Stops, and hands back the samples (malloc'd, interleaved; *frames gets the frame count).
 * Frees the recorder. */
int16_t *pt_record_stop(pt_recorder *rec, size_t *frames);

/* RMS of channel `ch` of `frames` interleaved frames of `channels` channels, in full scale
 * units (0..1). */
double pt_rms(const int16_t *s, size_t frames, unsigned channels, unsigned ch);
/* The peak absolute sample of channel ch (0..32768). */
int pt_peak(const int16_t *s, size_t frames, unsigned channels, unsigned ch);
/* The dominant frequency of channel ch measured from its rising zero crossings (Hz). */
double pt_frequency(const int16_t *s, size_t frames, unsigned channels, unsigned ch, unsigned rate);
/* Index (in frames) of the first frame whose channel-0 absolute value exceeds threshold, or
 * (size_t)-1. */
size_t pt_first_above(const int16_t *s, size_t frames, unsigned channels, int threshold);
/* Looks for `ref` (ref_frames frames, same layout) inside `s`, exactly sample for sample:
 * returns the frame offset of the first exact match of the first `probe` frames of ref, or
 * (size_t)-1. */
size_t pt_find_exact(const int16_t *s, size_t frames, const int16_t *ref, size_t ref_frames, unsigned channels,
                     size_t probe);
/* The number of frames of ref that equal s + offset sample for sample (compared up to the
 * shorter of the two). */
size_t pt_count_equal(const int16_t *s, size_t frames, size_t offset, const int16_t *ref, size_t ref_frames,
                      unsigned channels);
/* The longest run of frames in s[from..to) where every channel is exactly 0 (a gap). */
size_t pt_longest_silence(const int16_t *s, size_t from, size_t to, unsigned channels);

/* Monotonic clock in milliseconds. */
double pt_now_ms(void);

#endif /* PORTACM_PULSE_TEST_UTIL_H */
