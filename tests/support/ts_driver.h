/*
 * ts_driver.h - the test suite's one recording in-process driver: a configurable DriverProc
 * that records every message it receives (so a test can prove the sequence the runtime or the
 * ACM sends) and answers the DRV_* life cycle and, when asked, ACMDM_DRIVER_DETAILS. A test
 * that needs a special behaviour (a private format tag, a stream that holds, a refusal) passes
 * a small hook instead of writing a whole DriverProc. The deliberately hostile drivers stay
 * hand-written: their point is to break what this one keeps.
 */
#ifndef PORTACM_TS_DRIVER_H
#define PORTACM_TS_DRIVER_H

#include <stdbool.h>

#include "windows.h"
#include "mmsystem.h"
#include "mmddk.h"
#include "mmreg.h"
#include "msacm.h"
#include "msacmdrv.h"

#define TS_DRIVER_RECORDS 512

/* One message as the driver received it. */
typedef struct ts_driver_record {
    DWORD_PTR id;
    HDRVR hdrvr;
    UINT msg;
    LPARAM lParam1;
    LPARAM lParam2;
    char argument[128]; /* DRV_OPEN's lParam1 text (with open_argument_text), converted while valid */
} ts_driver_record;

typedef struct ts_driver ts_driver;

/* A test's own answers: called after the message is recorded; returns the answer, or
 * TS_DRIVER_STANDARD to leave the message to the standard answers below. */
typedef LRESULT (*ts_driver_hook)(ts_driver *driver, DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM lParam1,
                                  LPARAM lParam2);
#define TS_DRIVER_STANDARD ((LRESULT)-0x5EED)

struct ts_driver {
    /* The answers; ts_driver_reset sets the defaults noted. */
    LRESULT load_result;     /* DRV_LOAD: 1 */
    LRESULT enable_result;   /* DRV_ENABLE: 1 (DRV_FREE and DRV_DISABLE always 1) */
    LRESULT open_result;     /* DRV_OPEN: 1, unless next_id is set */
    LRESULT close_result;    /* DRV_CLOSE: 1 */
    DWORD_PTR next_id;       /* nonzero: DRV_OPEN answers next_id++, a fresh driver ID per instance */
    DWORD format_tags;       /* nonzero: ACMDM_DRIVER_DETAILS answered as a codec with this many tags */
    bool acm;                /* other messages to an open instance (ID not 0): MMSYSERR_NOTSUPPORTED, as
                              * an ACM driver answers; else (and without `acm`) DefDriverProc's answer */
    bool open_argument_text; /* DRV_OPEN's lParam1 is the runtime's UTF-16 text: record it */
    ts_driver_hook hook;
    void *context;           /* the hook's */
    /* The first TS_DRIVER_RECORDS messages received, in order (from any thread). */
    ts_driver_record records[TS_DRIVER_RECORDS];
    int count;
};

/* The defaults, for a static ts_driver. */
#define TS_DRIVER_INIT {.load_result = 1, .enable_result = 1, .open_result = 1, .close_result = 1}

/* Forgets the records and sets every answer to its default (no hook). */
void ts_driver_reset(ts_driver *driver);
/* Forgets the records only. */
void ts_driver_clear(ts_driver *driver);
/* The DriverProc answering as `driver`: a different function for each driver bound at the same
 * time (the runtime tells modules apart by their proc), the same one again for the same driver.
 * At most 8 at once; ts_driver_release frees the binding. */
DRIVERPROC ts_driver_proc(ts_driver *driver);
void ts_driver_release(ts_driver *driver);
/* Records and answers one message as `driver` (what its DriverProc does): for a hand-written
 * driver that keeps its own proc but wants the standard life cycle. */
LRESULT ts_driver_answer(ts_driver *driver, DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM lParam1, LPARAM lParam2);
/* How many `msg` messages were recorded. */
int ts_driver_count(ts_driver *driver, UINT msg);
/* The last `msg` message recorded, or NULL. */
const ts_driver_record *ts_driver_last(ts_driver *driver, UINT msg);

/* Answers ACMDM_DRIVER_DETAILS for a test codec with `format_tags` format tags (copies no
 * more than the caller's cbStruct). */
LRESULT ts_answer_driver_details(ACMDRIVERDETAILSW *out, DWORD format_tags);

#endif
