/*
 * ts_fault.h - helpers shared by the fault-injection, stress and regression tests:
 * the built-in codecs' format pairs (taken from acmFormatSuggest, so the tests follow the
 * codecs), a deterministic test signal, a whole-buffer conversion through the public stream
 * API that cleans up after itself on every failure, and the allocation-failure sweep.
 */
#ifndef PORTACM_TS_FAULT_H
#define PORTACM_TS_FAULT_H

#include <stdbool.h>
#include <stddef.h>

#include "windows.h"
#include "mmsystem.h"
#include "mmreg.h"
#include "msacm.h"

#define TS_FORMAT_ROOM 256

/* One conversion: source and destination formats (room for any codec's extra bytes). */
typedef struct ts_pair {
    char name[48];
    BYTE src[TS_FORMAT_ROOM];
    BYTE dst[TS_FORMAT_ROOM];
    DWORD open_flags;
} ts_pair;

/* Fills `pairs` (capacity `max`) with PCM -> codec and codec -> PCM for every format tag the
 * installed drivers accept, plus PCM rate/layout changes; returns how many. Injection off. */
size_t ts_codec_pairs(ts_pair *pairs, size_t max);

/* `length` bytes of a deterministic 16-bit mono signal (speech-like mix of tones + noise). */
void ts_speech_signal(BYTE *out, size_t length, unsigned seed);

/* Converts `src` completely with acmStreamOpen(had = NULL)/prepare/convert/unprepare/close,
 * `piece` source bytes per call (0: all at once). On success *out (malloc'd) holds the output.
 * On any failure everything is released, *out is NULL, and the failing result is returned. */
MMRESULT ts_acm_convert_all(const ts_pair *pair, const BYTE *src, size_t src_length, size_t piece, BYTE **out,
                        size_t *out_length);

/* A path under test: returns its MMRESULT and releases everything it made when it fails. */
typedef MMRESULT (*ts_sweep_path)(void *context);

/* Fails the Nth allocation (and every later one) for N = 0, 1, 2, ... until the path runs
 * without hitting the failure. Each failed run must return one of `allowed` (a 0-terminated
 * list; MMSYSERR_NOMEM is always allowed), and the same path must then succeed with
 * injection off (the library still works). Returns the number of allocations the path made. */
long ts_sweep(const char *name, ts_sweep_path path, void *context, const MMRESULT *allowed);

#endif /* PORTACM_TS_FAULT_H */
