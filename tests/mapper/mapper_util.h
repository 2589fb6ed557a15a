/*
 * mapper_util.h - helpers of the wave mapper tests (mapper_util.c).
 */
#ifndef MAPPER_UTIL_H
#define MAPPER_UTIL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include "mmsystem.h"
#include "msacm.h"

typedef struct mapper_wav {
    WAVEFORMATEX *fmt; /* the whole fmt chunk */
    BYTE *data;
    size_t length;     /* whole blocks only */
} mapper_wav;

typedef struct mapper_buf {
    BYTE *data;
    size_t length;
} mapper_buf;

/* Loads tests/vectors/cli/<name>. */
void mapper_wav_load(const char *name, mapper_wav *wav);
void mapper_wav_free(mapper_wav *wav);

/* acmStreamConvert of `data` in pieces of `piece` bytes, each through a header prepared for a
 * whole piece, no flags: what the mapper does. The destination holds dst_size bytes,
 * or (0) what acmStreamSize gives for a piece (output). */
mapper_buf mapper_reference(WAVEFORMATEX *src, WAVEFORMATEX *dst, const BYTE *data, size_t length, DWORD piece,
                            DWORD dst_size);

/* acmFormatSuggest's format of tag `tag` for 16-bit mono PCM at `rate` (into size bytes). */
void mapper_suggest(WORD tag, DWORD rate, WAVEFORMATEX *out, DWORD size);

/* Plays `data` through waveOut with two headers of `piece` bytes, each refilled and written
 * again from inside WOM_DONE; counts the notifications. */
typedef struct mapper_play {
    HWAVEOUT h;
    HWAVEOUT open_handle;
    WAVEHDR hdr[2];
    const BYTE *data;
    size_t length, next;
    DWORD piece;
    int opens, closes, dones, bad_done, outstanding;
    bool stop;
    MMRESULT write_error;
    pthread_mutex_t lock;
    pthread_cond_t cond;
} mapper_play;

void mapper_play_init(mapper_play *p, const BYTE *data, size_t length, DWORD piece);
/* waveOutOpen with play's callback (| flags), then prepares both headers. */
MMRESULT mapper_play_open(mapper_play *p, UINT id, WAVEFORMATEX *fmt, DWORD flags);
/* Writes the first two pieces (the callback writes the rest unless `stop`). */
void mapper_play_start(mapper_play *p);
/* Waits until nothing is queued; fails the test on a write error or a 20 s timeout. */
void mapper_play_wait(mapper_play *p);
/* Start, then wait. */
void mapper_play_run(mapper_play *p);
/* Unprepares both headers and closes (WOM_CLOSE checked). */
void mapper_play_close(mapper_play *p);

#endif /* MAPPER_UTIL_H */
