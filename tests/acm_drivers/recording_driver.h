/*
 * recording_driver.h - an in-process ACM test driver (added with acmDriverAdd(FUNCTION)) that
 * records every message it receives, so tests can prove the exact message sequence the ACM
 * sends, and that answers format, filter, suggest and stream-query messages for a private
 * format tag so the registry-half API can be exercised without the built-in codecs.
 *
 * What it offers:
 *   format tags  PCM (cbFormatSize 16, 2 standard formats, empty name so the ACM fills "PCM")
 *                RECORDING_TAG (cbFormatSize 20: WAVEFORMATEX + 2 bytes 0xCD 0xAB, 2 formats)
 *   formats      PCM 8000 Hz 16-bit mono/stereo; RECORDING_TAG 8000 Hz 8-bit mono/stereo
 *   suggest      RECORDING_TAG -> PCM 16-bit (same rate/channels); PCM 8000 16-bit -> tag
 *   stream query RECORDING_TAG <-> PCM 8000 16-bit with the same channel count
 *   filter tag   RECORDING_FILTER_TAG (cbFilterSize 40, 2 standard filters "Level 1/2")
 *   ACMDM_USER+1 returns RECORDING_USER_ANSWER; DRV_CONFIGURE records its DRVCONFIGINFOEX.
 */
#ifndef RECORDING_DRIVER_H
#define RECORDING_DRIVER_H

#include <stdbool.h>
#include <stddef.h>

#include "msacm.h"
#include "msacmdrv.h"
#include "ts_driver.h"

#define RECORDING_TAG 0x7001
#define RECORDING_FORMAT_SIZE 20
#define RECORDING_FILTER_TAG 0x7002
#define RECORDING_FILTER_SIZE 40
#define RECORDING_USER_ANSWER 0x4242
#define RECORDING_INSTANCE_ID 0x1234

typedef struct recording_log {
    /* The last DRV_OPEN descriptor (copied). */
    bool open_desc_seen;
    ACMDRVOPENDESCW open_desc;
    char open_section[64];
    char open_alias[64];
    /* The last DRV_CONFIGURE lParam2 as DRVCONFIGINFOEX (copied). */
    bool configure_seen;
    DWORD configure_size;
    char configure_section[64];
    char configure_alias[64];
    /* dwDriverId of the last ACMDM_USER.. or ACMDM_* message. */
    DWORD_PTR last_driver_id;
} recording_log;

extern recording_log recording;
/* Every message the driver received (ts_driver records them and answers the DRV_* life cycle). */
extern ts_driver recording_driver;

void recording_reset(void);
size_t recording_count(UINT message);
LRESULT CALLBACK recording_driver_proc(DWORD_PTR dwDriverId, HDRVR hdrvr, UINT uMsg, LPARAM lParam1, LPARAM lParam2);

#endif
