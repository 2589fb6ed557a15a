/*
 * test_codec_util.c - see test_codec_util.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "driver_int.h"
#include "test_codec_util.h"

HDRVR ct_open(DRIVERPROC proc)
{
    ACMDRVOPENDESCW desc;
    memset(&desc, 0, sizeof desc);
    desc.cbStruct = sizeof desc;
    desc.fccType = ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC;
    desc.dwVersion = 0x04000565;
    HDRVR h = drv_open_proc(NULL, proc, NULL, (LPARAM)&desc);
    assert_non_null(h);
    assert_int_equal(desc.dwError, MMSYSERR_NOERROR);
    return h;
}

void ct_close(HDRVR h)
{
    CloseDriver(h, 0, 0);
}

MMRESULT ct_stream_open(HDRVR h, ACMDRVSTREAMINSTANCE *si, const WAVEFORMATEX *src, const WAVEFORMATEX *dst,
                        DWORD fdw_open)
{
    memset(si, 0, sizeof *si);
    si->cbStruct = sizeof *si;
    si->pwfxSrc = (LPWAVEFORMATEX)src;
    si->pwfxDst = (LPWAVEFORMATEX)dst;
    si->fdwOpen = fdw_open;
    return (MMRESULT)SendDriverMessage(h, ACMDM_STREAM_OPEN, (LPARAM)si, 0);
}

MMRESULT ct_stream_close(HDRVR h, ACMDRVSTREAMINSTANCE *si)
{
    return (MMRESULT)SendDriverMessage(h, ACMDM_STREAM_CLOSE, (LPARAM)si, 0);
}

MMRESULT ct_stream_size(HDRVR h, ACMDRVSTREAMINSTANCE *si, DWORD flags, DWORD in, DWORD *out)
{
    ACMDRVSTREAMSIZE ss;
    memset(&ss, 0, sizeof ss);
    ss.cbStruct = sizeof ss;
    ss.fdwSize = flags;
    if (flags == ACM_STREAMSIZEF_SOURCE)
        ss.cbSrcLength = in;
    else
        ss.cbDstLength = in;
    MMRESULT mr = (MMRESULT)SendDriverMessage(h, ACMDM_STREAM_SIZE, (LPARAM)si, (LPARAM)&ss);
    if (out)
        *out = flags == ACM_STREAMSIZEF_SOURCE ? ss.cbDstLength : ss.cbSrcLength;
    return mr;
}

MMRESULT ct_convert(HDRVR h, ACMDRVSTREAMINSTANCE *si, DWORD flags, const void *src, DWORD src_length,
                    DWORD *src_used, void *dst, DWORD dst_length, DWORD *dst_used)
{
    ACMDRVSTREAMHEADER sh;
    memset(&sh, 0, sizeof sh);
    sh.cbStruct = sizeof sh;
    sh.pbSrc = (LPBYTE)src;
    sh.cbSrcLength = src_length;
    sh.pbDst = (LPBYTE)dst;
    sh.cbDstLength = dst_length;
    sh.fdwConvert = flags;
    sh.cbSrcLengthUsed = 0xDEADBEEF;
    sh.cbDstLengthUsed = 0xDEADBEEF;
    MMRESULT mr = (MMRESULT)SendDriverMessage(h, ACMDM_STREAM_CONVERT, (LPARAM)si, (LPARAM)&sh);
    if (src_used)
        *src_used = sh.cbSrcLengthUsed;
    if (dst_used)
        *dst_used = sh.cbDstLengthUsed;
    return mr;
}

void ct_convert_all(HDRVR h, ACMDRVSTREAMINSTANCE *si, const BYTE *src, DWORD src_length, DWORD piece,
                    DWORD extra_flags, BYTE **out, size_t *out_length)
{
    size_t capacity = 4096, length = 0;
    BYTE *buffer = malloc(capacity);
    assert_non_null(buffer);
    DWORD offset = 0;
    bool first = true;
    int idle = 0;
    for (;;) {
        DWORD n = src_length - offset;
        if (piece && n > piece)
            n = piece;
        bool last = offset + n == src_length;
        DWORD room = 0;
        if (n == 0 || ct_stream_size(h, si, ACM_STREAMSIZEF_SOURCE, n, &room) != MMSYSERR_NOERROR)
            room = 65536;
        if (length + room > capacity) {
            while (length + room > capacity)
                capacity *= 2;
            buffer = realloc(buffer, capacity);
            assert_non_null(buffer);
        }
        DWORD flags = extra_flags | (last ? ACM_STREAMCONVERTF_END : 0);
        if (first)
            flags |= ACM_STREAMCONVERTF_START;
        DWORD used = 0, produced = 0;
        assert_int_equal(ct_convert(h, si, flags, src + offset, n, &used, buffer + length, room, &produced),
                         MMSYSERR_NOERROR);
        assert_true(used <= n);
        assert_true(produced <= room);
        first = false;
        offset += used;
        length += produced;
        if (last && used == n && produced == 0)
            break;
        if (used == 0 && produced == 0) {
            /* The rest of the input cannot be converted (e.g. a partial frame). */
            if (++idle > 2)
                break;
        } else {
            idle = 0;
        }
    }
    *out = buffer;
    *out_length = length;
}

void ct_set_pcm(WAVEFORMATEX *wfx, WORD channels, DWORD rate, WORD bits)
{
    memset(wfx, 0, sizeof *wfx);
    wfx->wFormatTag = WAVE_FORMAT_PCM;
    wfx->nChannels = channels;
    wfx->nSamplesPerSec = rate;
    wfx->wBitsPerSample = bits;
    wfx->nBlockAlign = (WORD)(channels * bits / 8);
    wfx->nAvgBytesPerSec = rate * wfx->nBlockAlign;
}

uint32_t ct_random(uint32_t *state)
{
    uint32_t x = *state ? *state : 0x12345678u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

MMRESULT ct_format_details(HDRVR h, ACMFORMATDETAILSW *fd, DWORD tag, DWORD index, void *buffer, DWORD size,
                           DWORD flags)
{
    memset(fd, 0, sizeof *fd);
    fd->cbStruct = sizeof *fd;
    fd->dwFormatTag = tag;
    fd->dwFormatIndex = index;
    fd->pwfx = buffer;
    fd->cbwfx = size;
    return (MMRESULT)SendDriverMessage(h, ACMDM_FORMAT_DETAILS, (LPARAM)fd, flags);
}

void ct_driver_details(HDRVR h, ACMDRIVERDETAILSW *dd)
{
    memset(dd, 0, sizeof *dd);
    dd->cbStruct = sizeof *dd;
    assert_int_equal(SendDriverMessage(h, ACMDM_DRIVER_DETAILS, (LPARAM)dd, 0), MMSYSERR_NOERROR);
}
