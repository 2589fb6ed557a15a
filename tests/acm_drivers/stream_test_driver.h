/*
 * stream_test_driver.h - an ACM driver for the stream tests, added in-process with
 * acmDriverAdd(ACM_DRIVERADDF_FUNCTION).
 *
 * It knows three format tags: PCM, MS-ADPCM (only so that prepare's block-align rule for
 * ADPCM sources can be exercised) and a private tag, STREAM_TEST_TAG, "inverted PCM": every
 * byte of PCM XOR 0xFF. It converts PCM <-> STREAM_TEST_TAG and ADPCM -> PCM (as a byte copy)
 * at equal channels, rate and block alignment, so a test can predict every output byte
 * without trusting the code under test. Every message it receives is logged with a copy of
 * the structures it was given; its behaviour (results, hostile answers, delays, gates) is set
 * per driver through stream_test_config.
 *
 * Two independent drivers (A and B) exist so that priority order can be tested.
 */
#ifndef PORTACM_STREAM_TEST_DRIVER_H
#define PORTACM_STREAM_TEST_DRIVER_H

#include <stdbool.h>

#include "windows.h"
#include "mmsystem.h"
#include "msacm.h"
#include "msacmdrv.h"

#define STREAM_TEST_TAG 0x7A11u
/* A driver-defined message: the answer is lParam1 + lParam2 + STREAM_TEST_USER_ANSWER. */
#define STREAM_TEST_USER_MESSAGE (ACMDM_USER + 7)
#define STREAM_TEST_USER_ANSWER 0x1000

enum { STREAM_TEST_A = 0, STREAM_TEST_B = 1, STREAM_TEST_DRIVERS = 2 };

typedef struct stream_test_config {
    DWORD support;               /* fdwSupport in DRIVER_DETAILS (default CODEC) */
    MMRESULT open_result;        /* non-zero: STREAM_OPEN answers this */
    MMRESULT close_result;       /* non-zero: the next STREAM_CLOSE answers this (once) */
    MMRESULT prepare_result;     /* answer to STREAM_PREPARE (default MMSYSERR_NOTSUPPORTED) */
    MMRESULT unprepare_result;   /* answer to STREAM_UNPREPARE (default MMSYSERR_NOTSUPPORTED) */
    MMRESULT convert_result;     /* non-zero: STREAM_CONVERT answers this without converting */
    DWORD size_answer_zero;      /* STREAM_SIZE reports 0 bytes */
    bool hostile;                /* CONVERT reports huge Used values and scribbles on the header */
    unsigned convert_delay_ms;   /* sleep this long in every CONVERT */
    HANDLE convert_gate;         /* if set: CONVERT waits (up to 5 s) for this event */
    HANDLE convert_entered;      /* if set: CONVERT signals it on entry */
} stream_test_config;

/* One logged message. */
typedef struct stream_test_record {
    int driver; /* STREAM_TEST_A or _B */
    UINT message;
    LPARAM lParam1, lParam2;
    DWORD thread;
    ACMDRVSTREAMINSTANCE instance; /* STREAM_* messages: a copy of *lParam1 */
    WAVEFORMATEX source, destination; /* STREAM_OPEN: copies of the formats (18 bytes) */
    BYTE source_extra[8];             /* STREAM_OPEN: the first bytes after the source's 18 */
    ACMDRVSTREAMHEADER header;        /* PREPARE/UNPREPARE/CONVERT: a copy of *lParam2 */
    ACMDRVSTREAMSIZE size;            /* SIZE: a copy of *lParam2 */
} stream_test_record;

/* The driver procedures (pass them as lParam of acmDriverAdd with ACM_DRIVERADDF_FUNCTION). */
LRESULT CALLBACK stream_test_driver_proc_a(DWORD_PTR id, HACMDRIVERID hadid, UINT msg, LPARAM lParam1, LPARAM lParam2);
LRESULT CALLBACK stream_test_driver_proc_b(DWORD_PTR id, HACMDRIVERID hadid, UINT msg, LPARAM lParam1, LPARAM lParam2);

/* The configuration of driver A or B (modify between calls; reset puts defaults back). */
stream_test_config *stream_test_driver_config(int driver);
/* Clears the log and restores both configurations to their defaults. */
void stream_test_driver_reset(void);
/* Adds driver A or B (ACM_DRIVERADDF_FUNCTION); asserts nothing, returns the result. */
MMRESULT stream_test_driver_add(int driver, HACMDRIVERID *hadid);

/* The log: number of records, and record i (a copy). Thread-safe. */
size_t stream_test_log_count(void);
stream_test_record stream_test_log_get(size_t index);
/* Number of logged records of `message` (of any driver when driver < 0). */
size_t stream_test_log_count_message(int driver, UINT message);
/* Number of driver streams opened (non-query and query) and not closed yet. */
long stream_test_live_streams(void);

/* PCM's layout (ts_linear_format) under STREAM_TEST_TAG (cbSize 0). */
void stream_test_private(WAVEFORMATEX *format, WORD channels, DWORD rate, WORD bits);

#endif /* PORTACM_STREAM_TEST_DRIVER_H */
