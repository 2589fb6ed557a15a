/*
 * test_codec_acm_api.c - the built-in drivers reached through the public msacm API, as an
 * application reaches them: the driver list (the PCM converter last), Windows' short names and
 * IDs through acmDriverDetails, Windows' own PCM converter output through acmStreamOpen with
 * had = NULL, and an IMA ADPCM / G.711 round trip chosen by acmFormatSuggest.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "windows.h"
#include "mmsystem.h"
#include "msacm.h"
#include "ts_codec.h"
#include "ts_formats.h"

typedef struct found_driver {
    char name[64];
    WORD mid, pid;
    DWORD support;
} found_driver;

typedef struct driver_list {
    found_driver drivers[32];
    int count;
} driver_list;

static BOOL CALLBACK collect(HACMDRIVERID hadid, DWORD_PTR instance, DWORD support)
{
    driver_list *list = (driver_list *)instance;
    ACMDRIVERDETAILSA dd;
    memset(&dd, 0, sizeof dd);
    dd.cbStruct = sizeof dd;
    assert_int_equal(acmDriverDetailsA(hadid, &dd, 0), MMSYSERR_NOERROR);
    if (list->count < 32) {
        found_driver *d = &list->drivers[list->count++];
        strncpy(d->name, dd.szShortName, sizeof d->name - 1);
        d->mid = dd.wMid;
        d->pid = dd.wPid;
        d->support = support;
    }
    return TRUE;
}

static void test_driver_list(void **state)
{
    (void)state;
    driver_list list;
    memset(&list, 0, sizeof list);
    assert_int_equal(acmDriverEnum(collect, (DWORD_PTR)&list, 0), MMSYSERR_NOERROR);
    assert_true(list.count >= 4);
    static const struct {
        const char *name;
        WORD pid;
    } expected[] = {{"Microsoft IMA ADPCM", 0x22}, {"MS-ADPCM", 0x21}, {"Microsoft CCITT G.711", 0x25}, {"MS-PCM", 0x26}};
    for (size_t e = 0; e < 4; e++) {
        int seen = 0;
        for (int i = 0; i < list.count; i++)
            if (strcmp(list.drivers[i].name, expected[e].name) == 0) {
                assert_int_equal(list.drivers[i].mid, 1);
                assert_int_equal(list.drivers[i].pid, expected[e].pid);
                seen = 1;
            }
        if (!seen)
            fail_msg("driver %s not listed", expected[e].name);
    }
    assert_string_equal(list.drivers[list.count - 1].name, "MS-PCM");
    assert_int_equal(list.drivers[list.count - 1].support & ACMDRIVERDETAILS_SUPPORTF_CONVERTER,
                     ACMDRIVERDETAILS_SUPPORTF_CONVERTER);
}

/* Windows' 8000 -> 11025 Hz row (Wine gets it wrong) through the public API. */
static void test_native_upsampling_row(void **state)
{
    (void)state;
    static const BYTE expected[88] = {0,  1,  1,  2,  3,  4,  4,  5,  6,  7,  7,  8,  9,  9,  10, 11, 12, 12,
                                      13, 14, 15, 15, 16, 17, 17, 18, 19, 20, 20, 21, 22, 22, 23, 24, 25, 25,
                                      26, 27, 28, 28, 29, 30, 30, 31, 32, 33, 33, 34, 35, 36, 36, 37, 38, 38,
                                      39, 40, 41, 41, 42, 43, 44, 44, 45, 46, 46, 47, 48, 49, 49, 50, 51, 52,
                                      52, 53, 54, 54, 55, 56, 57, 57, 58, 59, 60, 60, 61, 62, 62, 63};
    WAVEFORMATEX src, dst;
    ts_pcm_format(&src, 1, 8000, 8);
    ts_pcm_format(&dst, 1, 11025, 8);
    HACMSTREAM has = NULL;
    assert_int_equal(acmStreamOpen(&has, NULL, &src, &dst, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    BYTE in[64], out[128];
    for (int i = 0; i < 64; i++)
        in[i] = (BYTE)i;
    ACMSTREAMHEADER hdr;
    memset(&hdr, 0, sizeof hdr);
    hdr.cbStruct = sizeof hdr;
    hdr.pbSrc = in;
    hdr.cbSrcLength = sizeof in;
    hdr.pbDst = out;
    hdr.cbDstLength = sizeof out;
    assert_int_equal(acmStreamPrepareHeader(has, &hdr, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamConvert(has, &hdr, ACM_STREAMCONVERTF_BLOCKALIGN), MMSYSERR_NOERROR);
    assert_int_equal(hdr.cbSrcLengthUsed, 64);
    assert_int_equal(hdr.cbDstLengthUsed, 88);
    assert_memory_equal(out, expected, 88);
    assert_int_equal(acmStreamUnprepareHeader(has, &hdr, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
}

/* acmFormatSuggest picks IMA ADPCM for a WFORMATTAG request; the stream round-trips. */
static void test_ima_round_trip(void **state)
{
    (void)state;
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 1, 22050, 16);
    union {
        WAVEFORMATEX wfx;
        BYTE bytes[64];
    } ima;
    memset(&ima, 0, sizeof ima);
    ima.wfx.wFormatTag = WAVE_FORMAT_IMA_ADPCM;
    assert_int_equal(acmFormatSuggest(NULL, &pcm, &ima.wfx, sizeof ima, ACM_FORMATSUGGESTF_WFORMATTAG),
                     MMSYSERR_NOERROR);
    assert_int_equal(ima.wfx.nBlockAlign, 512);
    HACMSTREAM enc = NULL, dec = NULL;
    assert_int_equal(acmStreamOpen(&enc, NULL, &pcm, &ima.wfx, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamOpen(&dec, NULL, &ima.wfx, &pcm, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    static BYTE in[1017 * 2 * 4], coded[512 * 4], out[1017 * 2 * 4];
    for (size_t i = 0; i < sizeof in / 2; i++) {
        int16_t v = (int16_t)lrint(10000 * sin(2 * M_PI * 500.0 * (double)i / 22050.0));
        in[2 * i] = (BYTE)(v & 0xFF);
        in[2 * i + 1] = (BYTE)((uint16_t)v >> 8);
    }
    DWORD need = 0;
    assert_int_equal(acmStreamSize(enc, sizeof in, &need, ACM_STREAMSIZEF_SOURCE), MMSYSERR_NOERROR);
    assert_int_equal(need, sizeof coded);
    ACMSTREAMHEADER hdr;
    memset(&hdr, 0, sizeof hdr);
    hdr.cbStruct = sizeof hdr;
    hdr.pbSrc = in;
    hdr.cbSrcLength = sizeof in;
    hdr.pbDst = coded;
    hdr.cbDstLength = sizeof coded;
    assert_int_equal(acmStreamPrepareHeader(enc, &hdr, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamConvert(enc, &hdr, ACM_STREAMCONVERTF_BLOCKALIGN), MMSYSERR_NOERROR);
    assert_int_equal(hdr.cbDstLengthUsed, sizeof coded);
    assert_int_equal(acmStreamUnprepareHeader(enc, &hdr, 0), MMSYSERR_NOERROR);
    memset(&hdr, 0, sizeof hdr);
    hdr.cbStruct = sizeof hdr;
    hdr.pbSrc = coded;
    hdr.cbSrcLength = sizeof coded;
    hdr.pbDst = out;
    hdr.cbDstLength = sizeof out;
    assert_int_equal(acmStreamPrepareHeader(dec, &hdr, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamConvert(dec, &hdr, ACM_STREAMCONVERTF_BLOCKALIGN), MMSYSERR_NOERROR);
    assert_int_equal(hdr.cbDstLengthUsed, sizeof out);
    assert_int_equal(acmStreamUnprepareHeader(dec, &hdr, 0), MMSYSERR_NOERROR);
    double err = 0, sig = 0;
    for (size_t i = 0; i < sizeof in / 2; i++) {
        int16_t a = (int16_t)(in[2 * i] | (in[2 * i + 1] << 8)), b = (int16_t)(out[2 * i] | (out[2 * i + 1] << 8));
        sig += (double)a * a;
        err += (double)(a - b) * (a - b);
    }
    assert_true(sig > 100 * err); /* better than 20 dB on a 500 Hz tone */
    assert_int_equal(acmStreamClose(enc, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(dec, 0), MMSYSERR_NOERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_driver_list),
        cmocka_unit_test(test_native_upsampling_row),
        cmocka_unit_test(test_ima_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
