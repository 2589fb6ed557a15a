/*
 * fuzz_acm_format.c - the format-structure entry points with hostile structures from an
 * application: acmFormatSuggest, acmFormatDetails, acmFormatTagDetails, acmFormatEnum (with
 * the CONVERT/SUGGEST/WFORMATTAG... restrictions), acmStreamOpen QUERY and acmStreamSize.
 * Flags, sizes (cbStruct, cbwfx, cbwfxDst) and indexes come from the input, bounded so that
 * they never promise more memory than the harness gave (the API trusts those promises, as
 * Windows does); the buffers are exactly that size, so AddressSanitizer sees any overrun.
 * The driver is NULL or one of the installed drivers, opened with acmDriverOpen.
 */
#include <stdlib.h>

#include "fuzz_format_util.h"

#define FUZZ_MAX_DRIVERS 32
static HACMDRIVERID driver_ids[FUZZ_MAX_DRIVERS];
static unsigned driver_count;

static BOOL CALLBACK collect_driver(HACMDRIVERID hadid, DWORD_PTR instance, DWORD support)
{
    (void)instance;
    (void)support;
    if (driver_count < FUZZ_MAX_DRIVERS)
        driver_ids[driver_count++] = hadid;
    return TRUE;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_isolate_environment();
    acmDriverEnum(collect_driver, 0, ACM_DRIVERENUMF_DISABLED);
    return 0;
}

/* An enumeration callback that stops after a number of formats chosen by the input. */
static BOOL CALLBACK count_format(HACMDRIVERID hadid, LPACMFORMATDETAILS details, DWORD_PTR instance, DWORD support)
{
    (void)hadid;
    (void)support;
    unsigned *left = (unsigned *)instance;
    volatile unsigned sum = 0;
    /* The callback may read the whole format the ACM reports. */
    if (details->pwfx && details->cbwfx >= 18) {
        const BYTE *bytes = (const BYTE *)details->pwfx;
        size_t length = details->pwfx->wFormatTag == WAVE_FORMAT_PCM ? 16 : 18 + (size_t)details->pwfx->cbSize;
        if (length > details->cbwfx)
            abort(); /* the ACM reported a format bigger than the buffer it filled */
        for (size_t i = 0; i < length; i++)
            sum += bytes[i];
    }
    (void)sum;
    return (*left)-- > 0;
}

/* The size the ACM may use for an output format buffer, from the input but at most `room`. */
static DWORD bounded(DWORD value, DWORD room)
{
    return value <= room ? value : value % (room + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_cursor c = fuzz_cursor_make(data, size);
    uint8_t op = fuzz_u8(&c);
    uint8_t driver_pick = fuzz_u8(&c);
    DWORD flags = fuzz_u32(&c);
    DWORD number = fuzz_u32(&c);
    WAVEFORMATEX *format = fuzz_format(&c, op & 0x80);
    if (!format)
        return 0;
    size_t format_size = fuzz_format_size(format, op & 0x80);

    HACMDRIVER had = NULL;
    if (driver_pick & 0x80 && driver_count) {
        if (acmDriverOpen(&had, driver_ids[driver_pick % driver_count], 0) != MMSYSERR_NOERROR)
            had = NULL;
    }

    switch (op & 7) {
    case 0: {
        /* acmFormatSuggest into a destination of a hostile size with fields preset. */
        DWORD room = 18 + fuzz_u16(&c) % 2048;
        WAVEFORMATEX *dst = calloc(1, room);
        if (dst) {
            fuzz_bytes(&c, dst, room < 18 ? room : 18);
            acmFormatSuggest(had, format, dst, bounded(number, room), flags);
            free(dst);
        }
        break;
    }
    case 1: {
        /* acmFormatDetails: the format in, the index or the tag in, hostile cbStruct. */
        ACMFORMATDETAILSA details;
        memset(&details, 0, sizeof details);
        details.cbStruct = bounded(fuzz_u16(&c), sizeof details);
        details.dwFormatIndex = number;
        details.dwFormatTag = fuzz_u16(&c);
        details.fdwSupport = fuzz_u32(&c);
        details.pwfx = format;
        details.cbwfx = bounded(fuzz_u32(&c), (DWORD)format_size);
        acmFormatDetailsA(had, &details, flags);
        break;
    }
    case 2: {
        ACMFORMATTAGDETAILSA tag;
        memset(&tag, 0, sizeof tag);
        tag.cbStruct = bounded(fuzz_u16(&c), sizeof tag);
        tag.dwFormatTagIndex = number;
        tag.dwFormatTag = format->wFormatTag;
        acmFormatTagDetailsA(had, &tag, flags);
        break;
    }
    case 3: {
        /* acmFormatEnum with the input format as the restriction. */
        DWORD room = 0;
        if (acmMetrics((HACMOBJ)had, ACM_METRIC_MAX_SIZE_FORMAT, &room) != MMSYSERR_NOERROR || room < 18)
            room = 256;
        DWORD extra = fuzz_u8(&c);
        size_t total = room + extra > format_size ? room + extra : format_size;
        WAVEFORMATEX *buffer = calloc(1, total);
        if (buffer) {
            memcpy(buffer, format, format_size);
            ACMFORMATDETAILSA details;
            memset(&details, 0, sizeof details);
            details.cbStruct = sizeof details;
            details.dwFormatTag = format->wFormatTag;
            details.pwfx = buffer;
            details.cbwfx = (DWORD)total - (fuzz_u8(&c) & 1 ? (DWORD)(total - format_size) : 0);
            unsigned left = number % 64;
            acmFormatEnumA(had, &details, count_format, (DWORD_PTR)&left, flags);
            free(buffer);
        }
        break;
    }
    case 4: {
        /* A stream query with two structures from the input, then size queries on a stream. */
        WAVEFORMATEX *dst = fuzz_format(&c, op & 0x40);
        if (dst) {
            acmStreamOpen(NULL, had, format, dst, NULL, 0, 0, ACM_STREAMOPENF_QUERY | (flags & 0x4));
            HACMSTREAM has = NULL;
            if (acmStreamOpen(&has, had, format, dst, NULL, 0, 0, 0) == MMSYSERR_NOERROR) {
                for (int i = 0; i < 4; i++) {
                    DWORD out = 0;
                    acmStreamSize(has, fuzz_u32(&c), &out, fuzz_u8(&c) & 0x1F);
                }
                acmStreamClose(has, 0);
            }
            free(dst);
        }
        break;
    }
    case 5: {
        /* Metrics that take a format-related output, and the chooser-free description. */
        DWORD value = 0;
        acmMetrics((HACMOBJ)had, number % 64, &value);
        break;
    }
    default: {
        /* Suggest then query the suggestion: a round trip applications do. */
        DWORD room = 0;
        if (acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FORMAT, &room) != MMSYSERR_NOERROR || room < 18)
            room = 256;
        WAVEFORMATEX *dst = calloc(1, room);
        if (dst) {
            dst->wFormatTag = (WORD)number;
            dst->nChannels = (WORD)(number >> 16);
            if (acmFormatSuggest(had, format, dst, room, flags & 0x000F0000) == MMSYSERR_NOERROR)
                acmStreamOpen(NULL, had, format, dst, NULL, 0, 0, ACM_STREAMOPENF_QUERY);
            free(dst);
        }
        break;
    }
    }
    if (had)
        acmDriverClose(had, 0);
    free(format);
    return 0;
}
