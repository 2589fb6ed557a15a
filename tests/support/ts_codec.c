/*
 * ts_codec.c - the codec driver stream helpers (see ts_codec.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "driver_int.h"
#include "ts_codec.h"

HDRVR ts_open(DRIVERPROC proc)
{
    ACMDRVOPENDESCW desc;
    memset(&desc, 0, sizeof desc);
    desc.cbStruct = sizeof desc;
    desc.fccType = ACMDRIVERDETAILS_FCCTYPE_AUDIOCODEC;
    desc.dwVersion = 0x04000565;
    HDRVR h = pacm_drv_open_proc(NULL, proc, NULL, (LPARAM)&desc);
    assert_non_null(h);
    assert_int_equal(desc.dwError, MMSYSERR_NOERROR);
    return h;
}

void ts_close(HDRVR h)
{
    CloseDriver(h, 0, 0);
}

MMRESULT ts_stream_open(HDRVR h, ACMDRVSTREAMINSTANCE *si, const WAVEFORMATEX *src, const WAVEFORMATEX *dst,
                        DWORD fdw_open)
{
    memset(si, 0, sizeof *si);
    si->cbStruct = sizeof *si;
    si->pwfxSrc = (LPWAVEFORMATEX)src;
    si->pwfxDst = (LPWAVEFORMATEX)dst;
    si->fdwOpen = fdw_open;
    return (MMRESULT)SendDriverMessage(h, ACMDM_STREAM_OPEN, (LPARAM)si, 0);
}

MMRESULT ts_stream_close(HDRVR h, ACMDRVSTREAMINSTANCE *si)
{
    return (MMRESULT)SendDriverMessage(h, ACMDM_STREAM_CLOSE, (LPARAM)si, 0);
}

MMRESULT ts_stream_size(HDRVR h, ACMDRVSTREAMINSTANCE *si, DWORD flags, DWORD in, DWORD *out)
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

MMRESULT ts_convert(HDRVR h, ACMDRVSTREAMINSTANCE *si, DWORD flags, const void *src, DWORD src_length,
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

void ts_convert_pieces(HDRVR h, ACMDRVSTREAMINSTANCE *si, const BYTE *src, DWORD src_length, DWORD piece,
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
        if (n == 0 || ts_stream_size(h, si, ACM_STREAMSIZEF_SOURCE, n, &room) != MMSYSERR_NOERROR)
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
        assert_int_equal(ts_convert(h, si, flags, src + offset, n, &used, buffer + length, room, &produced),
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

uint32_t ts_random(uint32_t *state)
{
    uint32_t x = *state ? *state : 0x12345678u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

MMRESULT ts_format_details(HDRVR h, ACMFORMATDETAILSW *fd, DWORD tag, DWORD index, void *buffer, DWORD size,
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

void ts_driver_details(HDRVR h, ACMDRIVERDETAILSW *dd)
{
    memset(dd, 0, sizeof *dd);
    dd->cbStruct = sizeof *dd;
    assert_int_equal(SendDriverMessage(h, ACMDM_DRIVER_DETAILS, (LPARAM)dd, 0), MMSYSERR_NOERROR);
}

/* One encoder stream, opened, fed and closed: returns the output of converting `length` bytes
 * with `flags` (START added), *used and *produced set; the stream stays open in *si. */
static void encode_once(HDRVR h, ACMDRVSTREAMINSTANCE *si, const WAVEFORMATEX *pcm, const WAVEFORMATEX *coded,
                        DWORD fdw_open, DWORD flags, const BYTE *src, DWORD length, BYTE *dst, DWORD room,
                        DWORD *used, DWORD *produced)
{
    assert_int_equal(ts_stream_open(h, si, pcm, coded, fdw_open), MMSYSERR_NOERROR);
    assert_int_equal(ts_convert(h, si, flags | ACM_STREAMCONVERTF_START, src, length, used, dst, room, produced),
                     MMSYSERR_NOERROR);
}

void ts_check_encoder_whole_blocks(DRIVERPROC proc, const WAVEFORMATEX *pcm, const WAVEFORMATEX *coded, size_t spb,
                                   DWORD fdw_open)
{
    HDRVR h = ts_open(proc);
    const DWORD frame = pcm->nBlockAlign, align = coded->nBlockAlign;
    const DWORD block_bytes = (DWORD)spb * frame;
    /* 3 whole blocks and a third of one; then the 4th block completed, to resubmit. */
    const DWORD whole = 3 * block_bytes, length = whole + (DWORD)(spb / 3) * frame, total = 4 * block_bytes;
    BYTE *src = malloc(total), *dst = malloc(8 * (size_t)align), *one = malloc(8 * (size_t)align);
    assert_non_null(src);
    assert_non_null(dst);
    assert_non_null(one);
    uint32_t seed = 99;
    for (DWORD i = 0; i < total; i++)
        src[i] = (BYTE)(ts_random(&seed) >> 7);
    ACMDRVSTREAMINSTANCE si;
    DWORD used = 0, produced = 0, one_length = 0;
    /* The reference: the 4 whole blocks in one call. */
    encode_once(h, &si, pcm, coded, fdw_open, 0, src, total, one, 8 * align, &used, &one_length);
    assert_int_equal(used, total);
    assert_int_equal(one_length, 4 * align);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    /* SIZE(SOURCE) counts the whole blocks CONVERT will write. */
    assert_int_equal(ts_stream_open(h, &si, pcm, coded, fdw_open), MMSYSERR_NOERROR);
    DWORD size = 0;
    assert_int_equal(ts_stream_size(h, &si, ACM_STREAMSIZEF_SOURCE, length, &size), MMSYSERR_NOERROR);
    assert_int_equal(size, 3 * align);
    assert_int_equal(ts_stream_size(h, &si, ACM_STREAMSIZEF_SOURCE, block_bytes - frame, &size), ACMERR_NOTPOSSIBLE);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    static const DWORD flags[] = {0, ACM_STREAMCONVERTF_BLOCKALIGN, ACM_STREAMCONVERTF_END,
                                  ACM_STREAMCONVERTF_BLOCKALIGN | ACM_STREAMCONVERTF_END};
    for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++) {
        memset(dst, 0xA5, 8 * (size_t)align);
        encode_once(h, &si, pcm, coded, fdw_open, flags[f], src, length, dst, 8 * align, &used, &produced);
        /* Only the whole blocks are consumed and written: no short final block. */
        assert_int_equal(used, whole);
        assert_int_equal(produced, 3 * align);
        assert_memory_equal(dst, one, 3 * align);
        assert_int_equal(dst[3 * align], 0xA5);
        /* The leftover alone converts nothing, even with END: it is not kept either. */
        assert_int_equal(ts_convert(h, &si, flags[f] | ACM_STREAMCONVERTF_END, src + used, length - used, &used,
                                    dst + produced, 8 * align - produced, &produced),
                         MMSYSERR_NOERROR);
        assert_int_equal(used, 0);
        assert_int_equal(produced, 0);
        /* Resubmitted with the rest of its block, it continues the stream as one call did. */
        assert_int_equal(ts_convert(h, &si, flags[f], src + whole, total - whole, &used, dst + 3 * align, 5 * align,
                                    &produced),
                         MMSYSERR_NOERROR);
        assert_int_equal(used, block_bytes);
        assert_int_equal(produced, align);
        assert_memory_equal(dst, one, 4 * align);
        assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    }
    free(src);
    free(dst);
    free(one);
    ts_close(h);
}
