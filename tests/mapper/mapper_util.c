/*
 * mapper_util.c - what the mapper tests share: reading a WAV's fmt and data chunks whole,
 * the reference conversion (acmStreamConvert over the same pieces the mapper converts), and
 * playing a buffer through waveOut with every refill written from inside WOM_DONE.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "mapper_util.h"
#include "ts_files.h"

void mapper_wav_load(const char *name, mapper_wav *wav)
{
    char path[512];
    size_t size = 0;

    snprintf(path, sizeof path, "%s/vectors/cli/%s", PORTACM_TEST_DATA_DIR, name);
    unsigned char *b = ts_read_file(path, &size);
    assert_non_null(b);
    assert_true(size > 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WAVE", 4) == 0);
    memset(wav, 0, sizeof *wav);
    for (size_t at = 12; at + 8 <= size;) {
        uint32_t len = ts_le32(b + at + 4);
        if (len > size - at - 8)
            len = (uint32_t)(size - at - 8);
        if (memcmp(b + at, "fmt ", 4) == 0) {
            wav->fmt = calloc(1, len < sizeof(WAVEFORMATEX) ? sizeof(WAVEFORMATEX) : len);
            memcpy(wav->fmt, b + at + 8, len);
            if (wav->fmt->wFormatTag == WAVE_FORMAT_PCM)
                wav->fmt->cbSize = 0;
        } else if (memcmp(b + at, "data", 4) == 0) {
            wav->data = malloc(len + 1);
            memcpy(wav->data, b + at + 8, len);
            wav->length = len;
        }
        at += 8 + len + (len & 1);
    }
    free(b);
    assert_non_null(wav->fmt);
    assert_non_null(wav->data);
    /* Whole blocks only: a partial block converts to nothing, which the mapper refuses. */
    wav->length -= wav->length % wav->fmt->nBlockAlign;
}

void mapper_wav_free(mapper_wav *wav)
{
    free(wav->fmt);
    free(wav->data);
}

mapper_buf mapper_reference(WAVEFORMATEX *src, WAVEFORMATEX *dst, const BYTE *data, size_t length, DWORD piece,
                            DWORD dst_size)
{
    HACMSTREAM has = NULL;
    mapper_buf out = {0};

    assert_int_equal(acmStreamOpen(&has, NULL, src, dst, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    for (size_t at = 0; at < length;) {
        DWORD n = (DWORD)(length - at < piece ? length - at : piece);
        DWORD other = 0;
        /* The mapper prepares with the full piece and converts what the buffer holds. */
        if (dst_size != 0) {
            other = dst_size;
        } else {
            assert_int_equal(acmStreamSize(has, piece, &other, ACM_STREAMSIZEF_SOURCE), MMSYSERR_NOERROR);
        }
        BYTE *dbuf = malloc(other + 1);
        ACMSTREAMHEADER ash = {.cbStruct = sizeof ash, .pbSrc = (LPBYTE)data + at, .cbSrcLength = piece,
                               .pbDst = dbuf, .cbDstLength = other};
        assert_int_equal(acmStreamPrepareHeader(has, &ash, 0), MMSYSERR_NOERROR);
        ash.cbSrcLength = n;
        assert_int_equal(acmStreamConvert(has, &ash, 0), MMSYSERR_NOERROR);
        out.data = realloc(out.data, out.length + ash.cbDstLengthUsed + 1);
        memcpy(out.data + out.length, dbuf, ash.cbDstLengthUsed);
        out.length += ash.cbDstLengthUsed;
        ash.cbSrcLength = piece;
        assert_int_equal(acmStreamUnprepareHeader(has, &ash, 0), MMSYSERR_NOERROR);
        free(dbuf);
        at += n;
    }
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    return out;
}

/* Fills header `i` with the next piece and writes it. */
static MMRESULT play_next(mapper_play *p, HWAVEOUT h, WAVEHDR *hdr)
{
    size_t n = p->length - p->next < p->piece ? p->length - p->next : p->piece;
    memcpy(hdr->lpData, p->data + p->next, n);
    hdr->dwBufferLength = (DWORD)n;
    p->next += n;
    p->outstanding++;
    MMRESULT r = waveOutWrite(h, hdr, sizeof *hdr);
    if (r != MMSYSERR_NOERROR) {
        p->outstanding--;
        p->write_error = r;
    }
    return r;
}

static void CALLBACK play_callback(HWAVEOUT h, UINT msg, DWORD_PTR inst, DWORD_PTR p1, DWORD_PTR p2)
{
    mapper_play *p = (mapper_play *)inst;
    WAVEHDR *hdr = (WAVEHDR *)p1;

    (void)p2;
    pthread_mutex_lock(&p->lock);
    if (msg == WOM_OPEN) {
        p->opens++;
        p->open_handle = h;
    } else if (msg == WOM_CLOSE) {
        p->closes++;
    } else if (msg == WOM_DONE) {
        p->dones++;
        if (h != p->open_handle || (hdr != &p->hdr[0] && hdr != &p->hdr[1]) || !(hdr->dwFlags & WHDR_DONE) ||
            (hdr->dwFlags & WHDR_INQUEUE))
            p->bad_done++;
        p->outstanding--;
        if (p->next < p->length && !p->stop)
            play_next(p, h, hdr);
        pthread_cond_broadcast(&p->cond);
    }
    pthread_mutex_unlock(&p->lock);
}

void mapper_play_init(mapper_play *p, const BYTE *data, size_t length, DWORD piece)
{
    memset(p, 0, sizeof *p);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->cond, NULL);
    p->data = data;
    p->length = length;
    p->piece = piece;
    for (int i = 0; i < 2; i++) {
        p->hdr[i].lpData = malloc(piece);
        p->hdr[i].dwBufferLength = piece;
    }
}

MMRESULT mapper_play_open(mapper_play *p, UINT id, WAVEFORMATEX *fmt, DWORD flags)
{
    MMRESULT r = waveOutOpen(&p->h, id, fmt, (DWORD_PTR)play_callback, (DWORD_PTR)p, CALLBACK_FUNCTION | flags);
    if (r != MMSYSERR_NOERROR)
        return r;
    assert_int_equal(p->opens, 1);
    assert_ptr_equal(p->open_handle, p->h);
    for (int i = 0; i < 2; i++)
        assert_int_equal(waveOutPrepareHeader(p->h, &p->hdr[i], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
    return r;
}

void mapper_play_start(mapper_play *p)
{
    pthread_mutex_lock(&p->lock);
    for (int i = 0; i < 2 && p->next < p->length; i++)
        play_next(p, p->h, &p->hdr[i]);
    pthread_mutex_unlock(&p->lock);
}

void mapper_play_wait(mapper_play *p)
{
    struct timespec until;

    pthread_mutex_lock(&p->lock);
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 20;
    while (p->outstanding > 0 && p->write_error == MMSYSERR_NOERROR)
        if (pthread_cond_timedwait(&p->cond, &p->lock, &until) != 0)
            break;
    pthread_mutex_unlock(&p->lock);
    assert_int_equal(p->write_error, MMSYSERR_NOERROR);
    assert_int_equal(p->outstanding, 0);
    assert_int_equal(p->bad_done, 0);
}

void mapper_play_run(mapper_play *p)
{
    mapper_play_start(p);
    mapper_play_wait(p);
}

void mapper_play_close(mapper_play *p)
{
    for (int i = 0; i < 2; i++) {
        assert_int_equal(waveOutUnprepareHeader(p->h, &p->hdr[i], sizeof(WAVEHDR)), MMSYSERR_NOERROR);
        assert_false(p->hdr[i].dwFlags & WHDR_PREPARED);
        free(p->hdr[i].lpData);
    }
    assert_int_equal(waveOutClose(p->h), MMSYSERR_NOERROR);
    assert_int_equal(p->closes, 1);
}

void mapper_suggest(WORD tag, DWORD rate, WAVEFORMATEX *out, DWORD size)
{
    WAVEFORMATEX pcm = {.wFormatTag = WAVE_FORMAT_PCM, .nChannels = 1, .nSamplesPerSec = rate,
                        .nAvgBytesPerSec = rate * 2, .nBlockAlign = 2, .wBitsPerSample = 16};
    memset(out, 0, size);
    out->wFormatTag = tag;
    assert_int_equal(acmFormatSuggest(NULL, &pcm, out, size, ACM_FORMATSUGGESTF_WFORMATTAG), MMSYSERR_NOERROR);
}
