/*
 * wave_mapper_impl_int.h - what the wave mapper's files share (src/wave/wave_mapper*.c): the
 * instance of one mapped open, the block kept per client header, the candidate search and the
 * direction-neutral helpers. docs/wave-mapper.md describes the behaviour.
 *
 * One instance serves one client open (output or input). It owns the real device's handle
 * (opened through the public waveOut/waveIn API with WAVE_FORMAT_DIRECT), the ACM stream when
 * the formats differ (NULL when the device takes the client's format directly), and one block
 * per prepared client header: the inner WAVEHDR the device sees and the ACMSTREAMHEADER that
 * converts between the client's buffer and the block's own buffer.
 *
 * Locking: `lock` guards the block list and serialises acmStreamConvert; it is never held
 * while the device or the client is called, so the client may call any wave function from
 * inside its callback and the device's callback thread never waits on a client thread.
 */
#ifndef PORTACM_WAVE_MAPPER_IMPL_INT_H
#define PORTACM_WAVE_MAPPER_IMPL_INT_H

#include <pthread.h>
#include <stdbool.h>

#include "mmddk.h"
#include "mmsystem.h"
#include "msacm.h"

typedef struct pacm_wmap_block {
    WAVEHDR inner;        /* the device's header; inner.dwUser points back to the block */
    ACMSTREAMHEADER ash;  /* the conversion (unused without a stream) */
    LPWAVEHDR client;     /* the client's header this block belongs to */
    BYTE *buffer;         /* output: converted data; input: what the device records */
    DWORD buffer_size;
    struct pacm_wmap_block *next;
} pacm_wmap_block;

typedef struct pacm_wmap {
    bool input;
    HWAVE inner;            /* the real device's handle (HWAVEOUT or HWAVEIN) */
    UINT device;            /* its device ID */
    HACMSTREAM stream;      /* NULL: the device plays/records the client's format */
    WAVEFORMATEX *client_fmt;
    WAVEFORMATEX inner_fmt; /* PCM, what the device was opened with */
    HWAVE client_handle;
    DWORD_PTR callback;
    DWORD_PTR instance;
    DWORD dcb_flags;        /* HIWORD(fdwOpen & CALLBACK_TYPEMASK) */
    pthread_mutex_t lock;
    pacm_wmap_block *blocks;
} pacm_wmap;

/* A header's dwFlags, read and changed atomically: clients poll them from other threads and
 * the devices change them from theirs. */
static inline DWORD pacm_wmap_flags(const WAVEHDR *h)
{
    return __atomic_load_n(&h->dwFlags, __ATOMIC_ACQUIRE);
}

static inline void pacm_wmap_flags_change(WAVEHDR *h, DWORD set, DWORD clear)
{
    __atomic_fetch_and(&h->dwFlags, ~clear, __ATOMIC_ACQ_REL);
    __atomic_fetch_or(&h->dwFlags, set, __ATOMIC_ACQ_REL);
}

/* ---- wave_mapper.c: shared helpers ---- */

/* A heap copy of a client format: 16 bytes of PCM (cbSize set to 0), else 18 + cbSize.
 * NULL on allocation failure. */
WAVEFORMATEX *pacm_wmap_copy_format(const WAVEFORMATEX *fmt);
/* Notifies the client (WOM_/WIM_ messages) through DriverCallback, with no lock held. */
void pacm_wmap_notify(const pacm_wmap *wm, UINT msg, DWORD_PTR p1);
/* The block of client header `hdr` in `wm`, or NULL (the header is not prepared here). Takes
 * and releases wm->lock. */
pacm_wmap_block *pacm_wmap_find_block(pacm_wmap *wm, const WAVEHDR *hdr);
/* Unlinks `blk` from `wm` (under the lock) and frees it after the stream header is unprepared. */
void pacm_wmap_free_block(pacm_wmap *wm, pacm_wmap_block *blk);
/* Frees every block, the stream, the format and the instance (the device is already closed). */
void pacm_wmap_destroy(pacm_wmap *wm);
/* Scales a position of the inner device back to the client's format (TIME_BYTES in client
 * bytes, TIME_SAMPLES in client frames, time formats unchanged). */
void pacm_wmap_scale_position(const pacm_wmap *wm, MMTIME *t);
/* Runs acmStreamConvert on blk->ash (no flags, as Windows' mapper) with wm->lock held. */
MMRESULT pacm_wmap_convert(pacm_wmap *wm, pacm_wmap_block *blk);
/* Fills a PCM WAVEFORMATEX. */
void pacm_wmap_pcm_format(WAVEFORMATEX *f, DWORD rate, WORD channels, WORD bits);

/* WODM_MAPPER_STATUS / WIDM_MAPPER_STATUS (WAVEOUT_MAPPER_STATUS_DEVICE, _MAPPED, _FORMAT). */
DWORD pacm_wmap_status(pacm_wmap *wm, DWORD_PTR what, DWORD_PTR out);

/* ---- wave_mapper_formats.c: the candidate search ---- */

/* Opens (or, with WAVE_FORMAT_QUERY, only checks) a real device for `desc->lpFormat` in
 * Windows' order (docs/wave-mapper.md). On success without QUERY, `wm` holds the inner handle,
 * device, stream (or NULL) and inner format. `cb` is the inner device's callback. */
DWORD pacm_wmap_search(pacm_wmap *wm, const WAVEOPENDESC *desc, DWORD flags, DRVCALLBACK *cb);

/* ---- wave_mapper_headers.c: what output and input do alike ---- */

/* WODM_PREPARE / WIDM_PREPARE: a block with an inner header prepared on the device (and the
 * stream header when converting); the client's header gets WHDR_PREPARED. */
DWORD pacm_wmap_prepare(pacm_wmap *wm, LPWAVEHDR hdr, DWORD_PTR size);
DWORD pacm_wmap_unprepare(pacm_wmap *wm, LPWAVEHDR hdr, DWORD_PTR size);
/* Closes the device, frees the instance, then sends WOM_CLOSE / WIM_CLOSE.
 * WAVERR_STILLPLAYING while a client header is queued here. */
DWORD pacm_wmap_close(pacm_wmap *wm);
/* The device's position, scaled back to the client's format. */
DWORD pacm_wmap_position(pacm_wmap *wm, LPMMTIME t, DWORD_PTR size);
/* WODM_WRITE / WIDM_ADDBUFFER: checks the header, marks it queued (DONE cleared) and lets
 * `send` hand the block to the device; on failure the client's flags are restored. */
typedef DWORD (*pacm_wmap_send)(pacm_wmap *wm, pacm_wmap_block *blk, LPWAVEHDR hdr);
DWORD pacm_wmap_queue(pacm_wmap *wm, LPWAVEHDR hdr, DWORD_PTR size, pacm_wmap_send send);
/* For an inner header the device completed: clears INQUEUE and sets DONE on the client's
 * header, then sends `msg` (WOM_DONE / WIM_DATA) with it; `wm` is not touched once the header
 * is DONE (the client may close from another thread at once). */
void pacm_wmap_done(const pacm_wmap *wm, DWORD_PTR inner_hdr, UINT msg);

/* ---- wave_mapper_out.c / wave_mapper_in.c ---- */

DWORD pacm_wmap_out_message(pacm_wmap *wm, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
DWORD pacm_wmap_in_message(pacm_wmap *wm, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
void CALLBACK pacm_wmap_out_inner_callback(HDRVR h, UINT msg, DWORD_PTR inst, DWORD_PTR p1, DWORD_PTR p2);
void CALLBACK pacm_wmap_in_inner_callback(HDRVR h, UINT msg, DWORD_PTR inst, DWORD_PTR p1, DWORD_PTR p2);
/* Opens an instance for WODM_OPEN / WIDM_OPEN (shared: the search and WOM_OPEN/WIM_OPEN). */
DWORD pacm_wmap_open(bool input, DWORD_PTR user, const WAVEOPENDESC *desc, DWORD flags);

#endif /* PORTACM_WAVE_MAPPER_IMPL_INT_H */
