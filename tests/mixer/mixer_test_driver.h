/*
 * mixer_test_driver.h - an in-process device driver for the mixer API tests: 2 wave outputs,
 * 1 wave input and their 3 mixers (W9 layout: outputs first), recording every mixer message
 * it receives. Its mixers answer with fixed lines and controls; in hostile mode they also
 * rewrite every size and count field they are given and leave their text unterminated.
 */
#ifndef MIXER_TEST_DRIVER_H
#define MIXER_TEST_DRIVER_H

#include <stdbool.h>

#include "mmddk.h"

#define MTD_WAVE_OUTPUTS 2
#define MTD_WAVE_INPUTS 1
#define MTD_MIXERS 3
#define MTD_USER_BASE 0xABC00000u /* dwUser written on MXDM_OPEN: base + open count */
#define MTD_VOLUME_ID 10u
#define MTD_MUTE_ID 11u
#define MTD_MUX_ID 12u
#define MTD_MUX_ITEMS 2u
#define MTD_NAME "Mixer \xC3\x84 test" /* the caps name, UTF-8 (an A-umlaut) */

typedef struct mtd_record {
    UINT device, msg;
    DWORD_PTR user, p1, p2;
    DWORD query_count; /* MXDM_GETLINECONTROLS: the cControls the driver was given */
} mtd_record;

typedef struct mtd_state {
    bool hostile;
    unsigned opens;
    MIXEROPENDESC last_open;
    DWORD last_set_value;
    DWORD_PTR closed_user; /* the dwUser of the last MXDM_CLOSE */
    unsigned after_close;  /* messages that came with it after that close */
    mtd_record records[256];
    unsigned record_count;
} mtd_state;

extern mtd_state mtd;

/* Registers the driver (once) with portacm_device_driver_register. */
MMRESULT mtd_register(void);
/* The last record of `msg`, or NULL. */
const mtd_record *mtd_last(UINT msg);
/* Registers a second driver with one aux device. */
MMRESULT mtd_register_aux(void);

#endif
