/*
 * mapper_td.h - the in-memory wave devices the mapper tests play to and record from (reached
 * through the driver shim mapper_shim.c, named in the drivers file):
 *   waveOut 0: PCM 16-bit stereo at 44100 or 48000 Hz only;
 *   waveOut 1: any PCM of 8 or 16 bits, 1 or 2 channels, 8000..96000 Hz;
 *   waveIn  0: PCM 16-bit, 1 or 2 channels, at 8000, 11025, 22050, 44100 or 48000 Hz; it
 *              records a 1 kHz sine.
 * Buffers complete in order on each open's own thread (WOM_DONE / WIM_DATA from there);
 * waveOutReset / waveInReset return the queued ones on the caller's thread. Everything a
 * device plays or records is kept per device until mapper_td_clear.
 */
#ifndef MAPPER_TD_H
#define MAPPER_TD_H

#include <stddef.h>

#include "mmddk.h"
#include "mmsystem.h"

typedef struct mapper_td_capture {
    unsigned char *data;
    size_t length;
    WAVEFORMATEX format; /* of the last open */
    int opens;           /* successful real opens (queries not counted) */
    int queries;
} mapper_td_capture;

/* What waveOut device `dev` (or waveIn device `dev` when input) received / produced. */
const mapper_td_capture *mapper_td_get(int input, UINT dev);
void mapper_td_clear(void);

#endif /* MAPPER_TD_H */
