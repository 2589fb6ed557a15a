/*
 * test_wave_routing.c - how winmm routes to the wave mapper (spec winmm-devices §5.6), with a
 * recording stand-in installed through pacm_dev_set_mapper (the real mapper is tested in
 * tests/mapper): WAVE_MAPPER opens reach the mapper with uDeviceID -1; a device that refuses
 * the format is retried through the mapper with WAVE_MAPPED and uMappedDeviceID = the device
 * unless WAVE_FORMAT_DIRECT; WAVE_MAPPED opens go to the mapper; later messages reach the
 * mapper with its own instance value; caps and volume of WAVE_MAPPER come from the mapper.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "devices_int.h"
#include "wave_test_util.h"

/* What the stand-in mapper saw last. */
static struct {
    int opens, closes, writes, others;
    UINT device;         /* uDeviceID of the last message */
    UINT mapped;         /* WAVEOPENDESC.uMappedDeviceID of the last open */
    DWORD open_flags;
    DWORD_PTR user;      /* dwUser of the last non-open message */
    UINT last_msg;
} seen;

#define FAKE_INSTANCE ((DWORD_PTR)0xABCD)

static DWORD CALLBACK fake_mapper(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    seen.device = dev;
    seen.last_msg = msg;
    switch (msg) {
    case WODM_OPEN:
    case WIDM_OPEN: {
        const WAVEOPENDESC *desc = (const WAVEOPENDESC *)p1;
        seen.opens++;
        seen.mapped = desc->uMappedDeviceID;
        seen.open_flags = (DWORD)p2;
        if (p2 & WAVE_FORMAT_QUERY)
            return MMSYSERR_NOERROR;
        *(DWORD_PTR *)user = FAKE_INSTANCE;
        DriverCallback(desc->dwCallback, HIWORD(p2 & CALLBACK_TYPEMASK), (HDRVR)desc->hWave,
                       msg == WODM_OPEN ? WOM_OPEN : WIM_OPEN, desc->dwInstance, 0, 0);
        return MMSYSERR_NOERROR;
    }
    case WODM_CLOSE:
    case WIDM_CLOSE:
        seen.closes++;
        seen.user = user;
        return MMSYSERR_NOERROR;
    case WODM_WRITE:
        seen.writes++;
        seen.user = user;
        return MMSYSERR_NOERROR;
    case WODM_GETDEVCAPS: {
        WAVEOUTCAPSW caps;
        memset(&caps, 0, sizeof caps);
        caps.wMid = 0xFF;
        caps.wPid = 2;
        static const char name[] = "Fake Mapper";
        for (size_t i = 0; i < sizeof name; i++)
            caps.szPname[i] = (WCHAR)name[i];
        memcpy((void *)p1, &caps, p2 < sizeof caps ? p2 : sizeof caps);
        return MMSYSERR_NOERROR;
    }
    case WODM_GETVOLUME:
        *(DWORD *)p1 = 0x11112222;
        return MMSYSERR_NOERROR;
    default:
        seen.others++;
        seen.user = user;
        return MMSYSERR_NOTSUPPORTED;
    }
}

static int setup(void **state)
{
    *state = wt_setup("out=2 in=1");
    pacm_dev_set_mapper(PACM_DEV_WAVEOUT, fake_mapper);
    pacm_dev_set_mapper(PACM_DEV_WAVEIN, fake_mapper);
    return 0;
}

static int teardown(void **state)
{
    pacm_dev_set_mapper(PACM_DEV_WAVEOUT, NULL);
    pacm_dev_set_mapper(PACM_DEV_WAVEIN, NULL);
    wt_teardown(*state);
    return 0;
}

static int opened_callbacks;

static void CALLBACK count_open(HWAVEOUT hwo, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)hwo, (void)instance, (void)p1, (void)p2;
    if (msg == WOM_OPEN || msg == WIM_OPEN)
        opened_callbacks++;
}

static void wave_mapper_opens_reach_the_mapper(void **state)
{
    (void)state;
    memset(&seen, 0, sizeof seen);
    opened_callbacks = 0;
    WAVEFORMATEX f = wt_pcm(44100, 2, 16);
    HWAVEOUT hwo = NULL;
    assert_int_equal(waveOutOpen(&hwo, WAVE_MAPPER, &f, (DWORD_PTR)count_open, 0, CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    assert_int_equal(seen.opens, 1);
    assert_int_equal(seen.device, (UINT)-1);
    assert_int_equal(seen.mapped, WAVE_MAPPER);
    assert_int_equal(seen.open_flags, CALLBACK_FUNCTION);
    assert_int_equal(opened_callbacks, 1);
    UINT id = 0;
    assert_int_equal(waveOutGetID(hwo, &id), MMSYSERR_NOERROR);
    assert_int_equal(id, WAVE_MAPPER);
    /* Later messages carry the mapper's instance value. */
    int16_t data[64];
    WAVEHDR h = {.lpData = (LPSTR)data, .dwBufferLength = sizeof data};
    assert_int_equal(waveOutPrepareHeader(hwo, &h, sizeof h), MMSYSERR_NOERROR); /* winmm's default */
    assert_int_equal(seen.user, FAKE_INSTANCE);
    assert_int_equal(waveOutWrite(hwo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(seen.writes, 1);
    assert_int_equal(seen.user, FAKE_INSTANCE);
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
    assert_int_equal(seen.closes, 1);
    /* 0xFFFF is the mapper too. */
    assert_int_equal(waveOutOpen(NULL, 0xFFFF, &f, 0, 0, WAVE_FORMAT_QUERY), MMSYSERR_NOERROR);
    assert_int_equal(seen.opens, 2);
    assert_int_equal(seen.open_flags, WAVE_FORMAT_QUERY);
}

static void refused_format_is_mapped(void **state)
{
    (void)state;
    memset(&seen, 0, sizeof seen);
    WAVEFORMATEX eight = wt_pcm(22050, 1, 8); /* the test driver takes 16-bit only */
    HWAVEOUT hwo = NULL;
    assert_int_equal(waveOutOpen(&hwo, 1, &eight, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    assert_int_equal(seen.opens, 1);
    assert_int_equal(seen.device, (UINT)-1);
    assert_int_equal(seen.mapped, 1);
    assert_int_equal(seen.open_flags, WAVE_MAPPED);
    UINT id = 9;
    assert_int_equal(waveOutGetID(hwo, &id), MMSYSERR_NOERROR);
    assert_int_equal(id, 1);
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
    assert_int_equal(seen.closes, 1);
    /* With WAVE_FORMAT_DIRECT the device's answer stands. */
    assert_int_equal(waveOutOpen(&hwo, 1, &eight, 0, 0, WAVE_FORMAT_DIRECT), WAVERR_BADFORMAT);
    assert_int_equal(seen.opens, 1);
    /* A query is mapped the same way, and keeps nothing. */
    assert_int_equal(waveOutOpen(NULL, 0, &eight, 0, 0, WAVE_FORMAT_QUERY), MMSYSERR_NOERROR);
    assert_int_equal(seen.opens, 2);
    assert_int_equal(seen.open_flags, WAVE_FORMAT_QUERY | WAVE_MAPPED);
    assert_int_equal(seen.mapped, 0);
    /* A format the device takes never reaches the mapper. */
    WAVEFORMATEX sixteen = wt_pcm(22050, 1, 16);
    assert_int_equal(waveOutOpen(&hwo, 0, &sixteen, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    assert_int_equal(seen.opens, 2);
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
    /* waveIn as well. */
    HWAVEIN hwi = NULL;
    assert_int_equal(waveInOpen(&hwi, 0, &eight, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    assert_int_equal(seen.opens, 3);
    assert_int_equal(seen.mapped, 0);
    assert_int_equal(waveInClose(hwi), MMSYSERR_NOERROR);
}

static void wave_mapped_goes_to_the_mapper(void **state)
{
    (void)state;
    memset(&seen, 0, sizeof seen);
    WAVEFORMATEX f = wt_pcm(48000, 2, 16);
    HWAVEOUT hwo = NULL;
    assert_int_equal(waveOutOpen(&hwo, 1, &f, 0, 0, WAVE_MAPPED), MMSYSERR_NOERROR);
    assert_int_equal(seen.opens, 1);
    assert_int_equal(seen.mapped, 1);
    assert_int_equal(seen.open_flags, WAVE_MAPPED);
    assert_int_equal(waveOutClose(hwo), MMSYSERR_NOERROR);
    assert_int_equal(waveOutOpen(&hwo, 2, &f, 0, 0, WAVE_MAPPED), MMSYSERR_BADDEVICEID);
}

static void mapper_caps_volume_messages(void **state)
{
    (void)state;
    WAVEOUTCAPSA caps;
    assert_int_equal(waveOutGetDevCapsA(WAVE_MAPPER, &caps, sizeof caps), MMSYSERR_NOERROR);
    assert_string_equal(caps.szPname, "Fake Mapper");
    assert_int_equal(waveOutGetDevCapsA(0xFFFF, &caps, sizeof caps), MMSYSERR_NOERROR);
    DWORD volume = 0;
    assert_int_equal(waveOutGetVolume((HWAVEOUT)(uintptr_t)WAVE_MAPPER, &volume), MMSYSERR_NOERROR);
    assert_int_equal(volume, 0x11112222);
    memset(&seen, 0, sizeof seen);
    assert_int_equal(waveOutMessage((HWAVEOUT)(uintptr_t)WAVE_MAPPER, DRVM_MAPPER_PREFERRED_GET, 0, 0),
                     MMSYSERR_NOTSUPPORTED);
    assert_int_equal(seen.last_msg, DRVM_MAPPER_PREFERRED_GET);
    assert_int_equal(seen.device, (UINT)-1);
    assert_int_equal(seen.user, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wave_mapper_opens_reach_the_mapper),
        cmocka_unit_test(refused_format_is_mapped),
        cmocka_unit_test(wave_mapped_goes_to_the_mapper),
        cmocka_unit_test(mapper_caps_volume_messages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
