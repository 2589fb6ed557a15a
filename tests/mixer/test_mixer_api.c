/*
 * test_mixer_api.c - the mixer and aux API over an in-process test driver
 * (mixer_test_driver.c): every function's argument checks and their order, HMIXEROBJ
 * resolution (mixer, wave, MIDI and aux IDs and handles), the A/W conversions, what a hostile
 * driver can and cannot do to the caller's memory, and MM_MIXM_CONTROL_CHANGE on a window.
 */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "devices_int.h"
#include "mixer_test_driver.h"
#include "mixer_test_util.h"
#include "mmsystem.h"
#include "winuser.h"

static UINT base_mixer, base_waveout, base_wavein;

static int setup(void **state)
{
    (void)state;
    base_mixer = mixerGetNumDevs();
    base_waveout = pacm_dev_count(PACM_DEV_WAVEOUT);
    base_wavein = pacm_dev_count(PACM_DEV_WAVEIN);
    return mtd_register() == MMSYSERR_NOERROR ? 0 : -1;
}

static void test_num_devs(void **state)
{
    (void)state;
    assert_int_equal(mixerGetNumDevs(), base_mixer + MTD_MIXERS);
}

static void test_dev_caps(void **state)
{
    (void)state;
    MIXERCAPSW wide;
    MIXERCAPSA narrow;
    assert_int_equal(mixerGetDevCapsW(base_mixer, NULL, sizeof wide), MMSYSERR_INVALPARAM);
    memset(&wide, 0xEE, sizeof wide);
    assert_int_equal(mixerGetDevCapsW(base_mixer + MTD_MIXERS, &wide, 0), MMSYSERR_NOERROR); /* cb 0 first */
    assert_int_equal(wide.wMid, 0xEEEE);
    assert_int_equal(mixerGetDevCapsW(base_mixer + MTD_MIXERS, &wide, sizeof wide), MMSYSERR_BADDEVICEID);
    assert_int_equal(mixerGetDevCapsW((UINT_PTR)0x100000000ull, &wide, sizeof wide), MMSYSERR_BADDEVICEID);
    assert_int_equal(mixerGetDevCapsW(base_mixer + 1, &wide, sizeof wide), MMSYSERR_NOERROR);
    assert_int_equal(wide.wPid, 3);
    assert_int_equal(wide.szPname[6], 0xC4);
    /* A short size: only that many bytes are written. */
    memset(&wide, 0xEE, sizeof wide);
    assert_int_equal(mixerGetDevCapsW(base_mixer, &wide, 3), MMSYSERR_NOERROR);
    assert_int_equal(wide.wMid, 1);
    assert_int_equal(((BYTE *)&wide)[2], 2);
    assert_int_equal(((BYTE *)&wide)[3], 0xEE);
    /* A: UTF-8 name. */
    assert_int_equal(mixerGetDevCapsA(base_mixer, &narrow, sizeof narrow), MMSYSERR_NOERROR);
    assert_string_equal(narrow.szPname, MTD_NAME);
    assert_int_equal(narrow.cDestinations, 1);
    assert_int_equal(mixerGetDevCapsA(base_mixer, NULL, sizeof narrow), MMSYSERR_INVALPARAM);
    /* An HMIXER in place of the ID. */
    HMIXER mixer;
    assert_int_equal(mixerOpen(&mixer, base_mixer + 2, 0, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(mixerGetDevCapsA((UINT_PTR)mixer, &narrow, sizeof narrow), MMSYSERR_NOERROR);
    assert_int_equal(narrow.wPid, 4);
    assert_int_equal(mixerClose(mixer), MMSYSERR_NOERROR);
    assert_int_equal(mixerGetDevCapsA((UINT_PTR)mixer, &narrow, sizeof narrow), MMSYSERR_BADDEVICEID);
    /* A hostile driver's unterminated name stays inside the field. */
    mtd.hostile = true;
    assert_int_equal(mixerGetDevCapsA(base_mixer, &narrow, sizeof narrow), MMSYSERR_NOERROR);
    assert_int_equal(strlen(narrow.szPname), MAXPNAMELEN - 1);
    assert_int_equal(mixerGetDevCapsW(base_mixer, &wide, sizeof wide), MMSYSERR_NOERROR);
    assert_int_equal(wide.szPname[MAXPNAMELEN - 1], 0);
    mtd.hostile = false;
}

static void test_open_close(void **state)
{
    (void)state;
    HMIXER mixer = NULL;
    UINT id = base_mixer;
    assert_int_equal(mixerOpen(&mixer, id, 0, 0, CALLBACK_FUNCTION), MMSYSERR_INVALFLAG);
    assert_int_equal(mixerOpen(&mixer, id, 0, 0, 0x00000100), MMSYSERR_INVALFLAG);
    assert_int_equal(mixerOpen(&mixer, id, 0, 0, 0x60000000), MMSYSERR_INVALFLAG);
    assert_int_equal(mixerOpen(&mixer, id, 0x12345, 0, CALLBACK_WINDOW), MMSYSERR_INVALPARAM);
    assert_int_equal(mixerOpen(NULL, id, 0, 0, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(mixerOpen(NULL, id, 0, 0, CALLBACK_FUNCTION), MMSYSERR_INVALFLAG); /* flags first */
    assert_int_equal(mixerOpen(&mixer, base_mixer + MTD_MIXERS + 50, 0, 0, 0), MMSYSERR_BADDEVICEID);
    assert_int_equal(mixerOpen(&mixer, (UINT)-1, 0, 0, 0), MMSYSERR_BADDEVICEID); /* no mixer mapper */
    assert_int_equal(mixerOpen(&mixer, 0x40001234, 0, 0, MIXER_OBJECTF_HMIXER), MMSYSERR_INVALHANDLE);
    assert_null(mixer);

    unsigned opens = mtd.opens;
    assert_int_equal(mixerOpen(&mixer, id + 1, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    assert_int_equal(mtd.opens, opens + 1);
    UINT_PTR value = (UINT_PTR)mixer;
    assert_true(value <= 0xFFFFFFFFu);
    assert_true(value >= 0x10000u && value != 0xFFFFu);
    assert_ptr_equal(mtd.last_open.hmx, mixer);
    const mtd_record *open = mtd_last(MXDM_OPEN);
    assert_int_equal(open->device, 1);
    /* A second open of the same device through the first handle. */
    HMIXER again;
    assert_int_equal(mixerOpen(&again, (UINT)value, 0, 0, MIXER_OBJECTF_HMIXER), MMSYSERR_NOERROR);
    assert_int_not_equal((UINT_PTR)again, value);
    assert_int_equal(mtd_last(MXDM_OPEN)->device, 1);

    assert_int_equal(mixerClose(mixer), MMSYSERR_NOERROR);
    const mtd_record *close = mtd_last(MXDM_CLOSE);
    assert_int_equal(close->user, MTD_USER_BASE + opens + 1);
    assert_int_equal(mixerClose(mixer), MMSYSERR_INVALHANDLE);
    assert_int_equal(mixerClose(NULL), MMSYSERR_INVALHANDLE);
    assert_int_equal(mixerClose((HMIXER)(UINT_PTR)1), MMSYSERR_INVALHANDLE);
    assert_int_equal(mixerClose(again), MMSYSERR_NOERROR);
    /* A stale handle does not come back to life when its slot is reused. */
    HMIXER reused;
    assert_int_equal(mixerOpen(&reused, id, 0, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(mixerClose(mixer), MMSYSERR_INVALHANDLE);
    assert_int_equal(mixerClose(reused), MMSYSERR_NOERROR);
}

static void test_get_id(void **state)
{
    (void)state;
    UINT id = 0xDEAD;
    assert_int_equal(mixerGetID((HMIXEROBJ)(UINT_PTR)base_mixer, NULL, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(mixerGetID((HMIXEROBJ)(UINT_PTR)base_mixer, &id, 1), MMSYSERR_INVALFLAG);
    assert_int_equal(mixerGetID((HMIXEROBJ)(UINT_PTR)base_mixer, &id, 0x70000000), MMSYSERR_INVALFLAG);
    assert_int_equal(mixerGetID((HMIXEROBJ)(UINT_PTR)(base_mixer + 2), &id, MIXER_OBJECTF_MIXER), MMSYSERR_NOERROR);
    assert_int_equal(id, base_mixer + 2);
    /* Wave IDs: outputs are the driver's mixers 0..1, its input mixer 2. */
    assert_int_equal(mixerGetID((HMIXEROBJ)(UINT_PTR)(base_waveout + 1), &id, MIXER_OBJECTF_WAVEOUT), MMSYSERR_NOERROR);
    assert_int_equal(id, base_mixer + 1);
    assert_int_equal(mixerGetID((HMIXEROBJ)(UINT_PTR)base_wavein, &id, MIXER_OBJECTF_WAVEIN), MMSYSERR_NOERROR);
    assert_int_equal(id, base_mixer + 2);
    assert_int_equal(mixerGetID((HMIXEROBJ)(UINT_PTR)(base_waveout + 2), &id, MIXER_OBJECTF_WAVEOUT),
                     MMSYSERR_BADDEVICEID);
    assert_int_equal(mixerGetID((HMIXEROBJ)(UINT_PTR)0x40001234, &id, MIXER_OBJECTF_HWAVEOUT), MMSYSERR_INVALHANDLE);
    assert_int_equal(mixerGetID((HMIXEROBJ)(UINT_PTR)0x40001234, &id, MIXER_OBJECTF_HWAVEIN), MMSYSERR_INVALHANDLE);
    assert_int_equal(mixerGetID((HMIXEROBJ)(UINT_PTR)0x40001234, &id, MIXER_OBJECTF_HMIXER), MMSYSERR_INVALHANDLE);
    assert_int_equal(mixerGetID((HMIXEROBJ)(UINT_PTR)0, &id, MIXER_OBJECTF_MIDIOUT), MMSYSERR_BADDEVICEID);
    assert_int_equal(mixerGetID((HMIXEROBJ)(UINT_PTR)0, &id, MIXER_OBJECTF_MIDIIN), MMSYSERR_BADDEVICEID);
    assert_int_equal(mixerGetID((HMIXEROBJ)(UINT_PTR)0x40001234, &id, MIXER_OBJECTF_HMIDIOUT), MMSYSERR_INVALHANDLE);
    assert_int_equal(mixerGetID((HMIXEROBJ)(UINT_PTR)0x40001234, &id, MIXER_OBJECTF_HMIDIIN), MMSYSERR_INVALHANDLE);
    assert_int_equal(mixerGetID((HMIXEROBJ)(UINT_PTR)999, &id, MIXER_OBJECTF_AUX), MMSYSERR_BADDEVICEID);
    /* An HMIXER, also as MIXER_OBJECTF_MIXER (an ID past the last mixer is tried as a handle). */
    HMIXER mixer;
    assert_int_equal(mixerOpen(&mixer, base_wavein, 0, 0, MIXER_OBJECTF_WAVEIN), MMSYSERR_NOERROR);
    id = 0;
    assert_int_equal(mixerGetID((HMIXEROBJ)mixer, &id, MIXER_OBJECTF_HMIXER), MMSYSERR_NOERROR);
    assert_int_equal(id, base_mixer + 2);
    id = 0;
    assert_int_equal(mixerGetID((HMIXEROBJ)mixer, &id, MIXER_OBJECTF_MIXER), MMSYSERR_NOERROR);
    assert_int_equal(id, base_mixer + 2);
    assert_int_equal(mixerClose(mixer), MMSYSERR_NOERROR);
    assert_int_equal(mixerGetID((HMIXEROBJ)mixer, &id, MIXER_OBJECTF_MIXER), MMSYSERR_BADDEVICEID);
}

/* Wave handles name their device's mixer (and so does a mixer opened through one). */
static void test_get_id_wave_handles(void **state)
{
    (void)state;
    WAVEFORMATEX format = {WAVE_FORMAT_PCM, 2, 44100, 44100 * 4, 4, 16, 0};
    HWAVEOUT out;
    HWAVEIN in;
    assert_int_equal(waveOutOpen(&out, base_waveout + 1, &format, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    assert_int_equal(waveInOpen(&in, base_wavein, &format, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    UINT id = 0;
    assert_int_equal(mixerGetID((HMIXEROBJ)out, &id, MIXER_OBJECTF_HWAVEOUT), MMSYSERR_NOERROR);
    assert_int_equal(id, base_mixer + 1);
    assert_int_equal(mixerGetID((HMIXEROBJ)in, &id, MIXER_OBJECTF_HWAVEIN), MMSYSERR_NOERROR);
    assert_int_equal(id, base_mixer + 2);
    /* The wrong kind of handle is no handle. */
    assert_int_equal(mixerGetID((HMIXEROBJ)out, &id, MIXER_OBJECTF_HWAVEIN), MMSYSERR_INVALHANDLE);
    assert_int_equal(mixerGetID((HMIXEROBJ)out, &id, MIXER_OBJECTF_HMIXER), MMSYSERR_INVALHANDLE);
    HMIXER mixer;
    assert_int_equal(mixerOpen(&mixer, (UINT)(UINT_PTR)in, 0, 0, MIXER_OBJECTF_HWAVEIN), MMSYSERR_NOERROR);
    assert_int_equal(mixerGetID((HMIXEROBJ)mixer, &id, MIXER_OBJECTF_HMIXER), MMSYSERR_NOERROR);
    assert_int_equal(id, base_mixer + 2);
    /* Open wave and mixer handles come from one table: neither passes for the other, and a
     * wave handle is no MIDI handle. */
    assert_int_equal(mixerGetID((HMIXEROBJ)out, &id, MIXER_OBJECTF_HMIXER), MMSYSERR_INVALHANDLE);
    assert_int_equal(mixerGetID((HMIXEROBJ)mixer, &id, MIXER_OBJECTF_HWAVEIN), MMSYSERR_INVALHANDLE);
    DWORD volume = 0;
    assert_int_equal(waveOutGetVolume((HWAVEOUT)mixer, &volume), MMSYSERR_INVALHANDLE);
    assert_int_equal(waveInStart((HWAVEIN)mixer), MMSYSERR_INVALHANDLE);
    assert_int_equal(midiOutShortMsg((HMIDIOUT)out, 0x90), MMSYSERR_INVALHANDLE);
    assert_int_equal(mixerClose((HMIXER)out), MMSYSERR_INVALHANDLE);
    assert_int_equal(mixerClose(mixer), MMSYSERR_NOERROR);
    assert_int_equal(mixerClose(mixer), MMSYSERR_INVALHANDLE);
    assert_int_equal(waveOutClose(out), MMSYSERR_NOERROR);
    assert_int_equal(waveInClose(in), MMSYSERR_NOERROR);
    assert_int_equal(mixerGetID((HMIXEROBJ)out, &id, MIXER_OBJECTF_HWAVEOUT), MMSYSERR_INVALHANDLE);
}

static void test_line_info(void **state)
{
    (void)state;
    HMIXEROBJ object = (HMIXEROBJ)(UINT_PTR)base_mixer;
    MIXERLINEA narrow;
    memset(&narrow, 0, sizeof narrow);
    narrow.cbStruct = sizeof narrow - 1;
    assert_int_equal(mixerGetLineInfoA(object, &narrow, 0), MMSYSERR_INVALPARAM);
    narrow.cbStruct = sizeof narrow + 1;
    assert_int_equal(mixerGetLineInfoA(object, &narrow, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(mixerGetLineInfoA(object, NULL, 0), MMSYSERR_INVALPARAM);
    narrow.cbStruct = sizeof narrow;
    assert_int_equal(mixerGetLineInfoA(object, &narrow, 5), MMSYSERR_INVALFLAG);
    assert_int_equal(mixerGetLineInfoA(object, &narrow, 0x00000010), MMSYSERR_INVALFLAG);
    assert_int_equal(mixerGetLineInfoA((HMIXEROBJ)(UINT_PTR)(base_mixer + 9), &narrow, 0), MMSYSERR_BADDEVICEID);
    narrow.dwDestination = 1;
    assert_int_equal(mixerGetLineInfoA(object, &narrow, MIXER_GETLINEINFOF_DESTINATION), MIXERR_INVALLINE);
    narrow.dwDestination = 0;
    assert_int_equal(mixerGetLineInfoA(object, &narrow, MIXER_GETLINEINFOF_DESTINATION), MMSYSERR_NOERROR);
    assert_int_equal(narrow.cbStruct, sizeof narrow);
    assert_int_equal(narrow.dwLineID, 0xFFFF0000u);
    assert_int_equal(narrow.cControls, 3);
    assert_string_equal(narrow.szName, "Speakers");
    assert_string_equal(narrow.szShortName, "Spk");
    assert_string_equal(narrow.Target.szPname, "Target");
    /* The driver got the query type alone, by ID with no instance. */
    const mtd_record *asked = mtd_last(MXDM_GETLINEINFO);
    assert_int_equal(asked->p2, MIXER_GETLINEINFOF_DESTINATION);
    assert_int_equal(asked->user, 0);

    /* W: at least sizeof; a bigger structure keeps its size and its tail. */
    struct {
        MIXERLINEW line;
        BYTE tail[8];
    } big;
    memset(&big, 0xEE, sizeof big);
    big.line.cbStruct = sizeof big;
    big.line.dwDestination = 0;
    assert_int_equal(mixerGetLineInfoW(object, &big.line, MIXER_GETLINEINFOF_DESTINATION), MMSYSERR_NOERROR);
    assert_int_equal(big.line.cbStruct, sizeof big);
    assert_int_equal(big.tail[0], 0xEE);
    assert_int_equal(big.line.szName[0], 'S');
    big.line.cbStruct = sizeof big.line - 1;
    assert_int_equal(mixerGetLineInfoW(object, &big.line, 0), MMSYSERR_INVALPARAM);

    /* A hostile driver: the caller's cbStruct stays, text is cut at the field's end. */
    mtd.hostile = true;
    memset(&narrow, 0, sizeof narrow);
    narrow.cbStruct = sizeof narrow;
    assert_int_equal(mixerGetLineInfoA(object, &narrow, MIXER_GETLINEINFOF_LINEID), MMSYSERR_NOERROR);
    assert_int_equal(narrow.cbStruct, sizeof narrow);
    assert_int_equal(strlen(narrow.szName), MIXER_LONG_NAME_CHARS - 1);
    assert_int_equal(strlen(narrow.szShortName), MIXER_SHORT_NAME_CHARS - 1);
    assert_int_equal(strlen(narrow.Target.szPname), MAXPNAMELEN - 1);
    big.line.cbStruct = sizeof big.line;
    memset(big.tail, 0xEE, sizeof big.tail);
    assert_int_equal(mixerGetLineInfoW(object, &big.line, 0), MMSYSERR_NOERROR);
    assert_int_equal(big.line.cbStruct, sizeof big.line);
    assert_int_equal(big.tail[0], 0xEE);
    mtd.hostile = false;

    /* Through a handle the driver gets the instance value. */
    HMIXER mixer;
    assert_int_equal(mixerOpen(&mixer, base_mixer, 0, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(mixerGetLineInfoA((HMIXEROBJ)mixer, &narrow, MIXER_OBJECTF_HMIXER), MMSYSERR_NOERROR);
    assert_int_equal(mtd_last(MXDM_GETLINEINFO)->user, MTD_USER_BASE + mtd.opens);
    assert_int_equal(mixerClose(mixer), MMSYSERR_NOERROR);
    assert_int_equal(mixerGetLineInfoA((HMIXEROBJ)mixer, &narrow, MIXER_OBJECTF_HMIXER), MMSYSERR_INVALHANDLE);
}

static void test_line_controls(void **state)
{
    (void)state;
    HMIXEROBJ object = (HMIXEROBJ)(UINT_PTR)base_mixer;
    MIXERCONTROLA narrow[4];
    MIXERLINECONTROLSA lc = {sizeof lc, 0xFFFF0000u, {0}, 3, sizeof narrow[0], narrow};
    lc.cbStruct = sizeof lc + 1;
    assert_int_equal(mixerGetLineControlsA(object, &lc, 0), MMSYSERR_INVALPARAM);
    lc.cbStruct = sizeof lc;
    lc.cbmxctrl = sizeof(MIXERCONTROLW);
    assert_int_equal(mixerGetLineControlsA(object, &lc, 0), MMSYSERR_INVALPARAM);
    lc.cbmxctrl = sizeof narrow[0];
    lc.cControls = 0;
    assert_int_equal(mixerGetLineControlsA(object, &lc, 0), MMSYSERR_INVALPARAM);
    lc.cControls = 3;
    lc.pamxctrl = NULL;
    assert_int_equal(mixerGetLineControlsA(object, &lc, 0), MMSYSERR_INVALPARAM);
    lc.pamxctrl = narrow;
    assert_int_equal(mixerGetLineControlsA(object, &lc, 3), MMSYSERR_INVALFLAG);
    assert_int_equal(mixerGetLineControlsA(NULL, NULL, 3), MMSYSERR_INVALPARAM);

    memset(narrow, 0xEE, sizeof narrow);
    assert_int_equal(mixerGetLineControlsA(object, &lc, MIXER_GETLINECONTROLSF_ALL), MMSYSERR_NOERROR);
    assert_int_equal(narrow[0].cbStruct, sizeof narrow[0]);
    assert_int_equal(narrow[0].dwControlID, MTD_VOLUME_ID);
    assert_int_equal(narrow[2].dwControlType, MIXERCONTROL_CONTROLTYPE_MUX);
    assert_string_equal(narrow[1].szName, "Control");
    assert_int_equal(narrow[1].Metrics.cSteps, 7);
    assert_int_equal(narrow[3].cbStruct, 0xEEEEEEEEu); /* untouched past cControls */

    /* A ONEBYTYPE query fetches one control whatever cControls says. */
    memset(narrow, 0xEE, sizeof narrow);
    lc.cControls = 3;
    lc.dwControlType = MIXERCONTROL_CONTROLTYPE_VOLUME;
    assert_int_equal(mixerGetLineControlsA(object, &lc, MIXER_GETLINECONTROLSF_ONEBYTYPE), MMSYSERR_NOERROR);
    assert_int_equal(mtd_last(MXDM_GETLINECONTROLS)->query_count, 1);
    assert_int_equal(narrow[1].cbStruct, 0xEEEEEEEEu);
    assert_int_equal(lc.cControls, 3);

    /* W: cControls must be 1 for one control; the caller's stride is honoured. */
    struct {
        MIXERCONTROLW control;
        BYTE pad[12];
    } wide[3];
    MIXERLINECONTROLSW lcw = {sizeof lcw, 0xFFFF0000u, {MTD_MUTE_ID}, 2, sizeof wide[0], &wide[0].control};
    assert_int_equal(mixerGetLineControlsW(object, &lcw, MIXER_GETLINECONTROLSF_ONEBYID), MMSYSERR_INVALPARAM);
    lcw.cbmxctrl = sizeof(MIXERCONTROLW) - 1;
    assert_int_equal(mixerGetLineControlsW(object, &lcw, 0), MMSYSERR_INVALPARAM);
    lcw.cbmxctrl = sizeof wide[0];
    lcw.cbStruct = sizeof lcw - 1;
    assert_int_equal(mixerGetLineControlsW(object, &lcw, 0), MMSYSERR_INVALPARAM);
    lcw.cbStruct = sizeof lcw;
    memset(wide, 0xEE, sizeof wide);
    assert_int_equal(mixerGetLineControlsW(object, &lcw, MIXER_GETLINECONTROLSF_ALL), MMSYSERR_NOERROR);
    assert_int_equal(wide[1].control.dwControlID, MTD_MUTE_ID);
    assert_int_equal(wide[0].pad[0], 0xEE);
    assert_int_equal(wide[2].control.cbStruct, 0xEEEEEEEEu);
    lcw.cControls = 1;
    lcw.dwControlID = 99;
    assert_int_equal(mixerGetLineControlsW(object, &lcw, MIXER_GETLINECONTROLSF_ONEBYID), MIXERR_INVALCONTROL);

    /* A hostile driver rewrites every count and size: the caller's stay, nothing widens. */
    mtd.hostile = true;
    memset(wide, 0xEE, sizeof wide);
    lcw.cControls = 2;
    assert_int_equal(mixerGetLineControlsW(object, &lcw, MIXER_GETLINECONTROLSF_ALL), MMSYSERR_NOERROR);
    assert_int_equal(lcw.cControls, 2);
    assert_int_equal(lcw.cbmxctrl, sizeof wide[0]);
    assert_int_equal(lcw.cbStruct, sizeof lcw);
    assert_int_equal(wide[0].control.cbStruct, sizeof(MIXERCONTROLW));
    assert_int_equal(wide[0].control.szName[MIXER_LONG_NAME_CHARS - 1], 0);
    assert_int_equal(wide[0].pad[0], 0xEE);
    assert_int_equal(wide[2].control.cbStruct, 0xEEEEEEEEu);
    lc.cControls = 3;
    assert_int_equal(mixerGetLineControlsA(object, &lc, MIXER_GETLINECONTROLSF_ALL), MMSYSERR_NOERROR);
    assert_int_equal(lc.cControls, 3);
    assert_int_equal(strlen(narrow[0].szName), MIXER_LONG_NAME_CHARS - 1);
    mtd.hostile = false;
}

static void test_control_details(void **state)
{
    (void)state;
    HMIXEROBJ object = (HMIXEROBJ)(UINT_PTR)base_mixer;
    MIXERCONTROLDETAILS_UNSIGNED values[3];
    MIXERCONTROLDETAILS details = {sizeof details, MTD_VOLUME_ID, 2, {0}, sizeof values[0], values};
    assert_int_equal(mixerGetControlDetailsA(object, NULL, 0), MMSYSERR_INVALPARAM);
    details.cbStruct = sizeof details + 4;
    assert_int_equal(mixerGetControlDetailsA(object, &details, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(mixerGetControlDetailsW(object, &details, 0), MMSYSERR_NOERROR); /* W: at least */
    details.cbStruct = sizeof details - 1;
    assert_int_equal(mixerGetControlDetailsW(object, &details, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(mixerSetControlDetails(object, &details, 0), MMSYSERR_INVALPARAM);
    details.cbStruct = sizeof details;
    details.paDetails = NULL;
    assert_int_equal(mixerGetControlDetailsA(object, &details, 0), MMSYSERR_INVALPARAM);
    details.paDetails = values;
    assert_int_equal(mixerGetControlDetailsA(object, &details, 2), MMSYSERR_INVALFLAG);
    assert_int_equal(mixerSetControlDetails(object, &details, 2), MMSYSERR_INVALFLAG);
    assert_int_equal(mixerGetControlDetailsA((HMIXEROBJ)(UINT_PTR)(base_mixer + 7), &details, 0),
                     MMSYSERR_BADDEVICEID);

    memset(values, 0xEE, sizeof values);
    assert_int_equal(mixerGetControlDetailsA(object, &details, MIXER_GETCONTROLDETAILSF_VALUE), MMSYSERR_NOERROR);
    assert_int_equal(values[0].dwValue, 0x1234);
    assert_int_equal(values[1].dwValue, 0x1235);
    assert_int_equal(values[2].dwValue, 0xEEEEEEEEu);

    /* List text: A converts into the caller's elements. */
    MIXERCONTROLDETAILS_LISTTEXTA items[3];
    memset(items, 0xEE, sizeof items);
    MIXERCONTROLDETAILS list = {sizeof list, MTD_MUX_ID, 1, {0}, sizeof items[0], items};
    list.cMultipleItems = MTD_MUX_ITEMS;
    assert_int_equal(mixerGetControlDetailsA(object, &list, MIXER_GETCONTROLDETAILSF_LISTTEXT), MMSYSERR_NOERROR);
    assert_string_equal(items[0].szName, "Mic");
    assert_string_equal(items[1].szName, "Line");
    assert_int_equal(items[1].dwParam1, 101);
    assert_int_equal(items[1].dwParam2, 201);
    assert_int_equal(items[2].dwParam1, 0xEEEEEEEEu);
    list.cbDetails = sizeof items[0] - 1;
    assert_int_equal(mixerGetControlDetailsA(object, &list, MIXER_GETCONTROLDETAILSF_LISTTEXT), MMSYSERR_INVALPARAM);
    /* W passes the caller's buffer through. */
    MIXERCONTROLDETAILS_LISTTEXTW witems[2];
    list.cbDetails = sizeof witems[0];
    list.paDetails = witems;
    assert_int_equal(mixerGetControlDetailsW(object, &list, MIXER_GETCONTROLDETAILSF_LISTTEXT), MMSYSERR_NOERROR);
    assert_int_equal(witems[1].szName[0], 'L');

    /* A hostile driver rewrites the sizes: the caller's structure keeps its own. */
    mtd.hostile = true;
    assert_int_equal(mixerGetControlDetailsA(object, &details, 0), MMSYSERR_NOERROR);
    assert_int_equal(details.cbDetails, sizeof values[0]);
    assert_int_equal(details.cChannels, 2);
    assert_int_equal(details.cbStruct, sizeof details);
    list.paDetails = items;
    list.cbDetails = sizeof items[0];
    memset(items, 0xEE, sizeof items);
    assert_int_equal(mixerGetControlDetailsA(object, &list, MIXER_GETCONTROLDETAILSF_LISTTEXT), MMSYSERR_NOERROR);
    assert_int_equal(strlen(items[0].szName), MIXER_LONG_NAME_CHARS - 1);
    assert_int_equal(items[2].dwParam1, 0xEEEEEEEEu);
    mtd.hostile = false;

    values[0].dwValue = 0x4321;
    details.cChannels = 1;
    assert_int_equal(mixerSetControlDetails(object, &details, MIXER_SETCONTROLDETAILSF_VALUE), MMSYSERR_NOERROR);
    assert_int_equal(mtd.last_set_value, 0x4321);
    assert_int_equal(mixerSetControlDetails(object, &details, MIXER_SETCONTROLDETAILSF_CUSTOM), MMSYSERR_NOERROR);
    assert_int_equal(mtd_last(MXDM_SETCONTROLDETAILS)->p2, MIXER_SETCONTROLDETAILSF_CUSTOM);
}

static void test_window_notification(void **state)
{
    (void)state;
    HWND window = mtu_window();
    assert_non_null(window);
    HMIXER mixer;
    assert_int_equal(mixerOpen(&mixer, base_mixer + 1, (DWORD_PTR)window, 0, CALLBACK_WINDOW), MMSYSERR_NOERROR);
    assert_int_equal(mtd.last_open.dwCallback, (DWORD_PTR)window);
    assert_int_equal(mtd_last(MXDM_OPEN)->p2, CALLBACK_WINDOW);
    MIXERCONTROLDETAILS_UNSIGNED value = {0x8000};
    MIXERCONTROLDETAILS details = {sizeof details, MTD_VOLUME_ID, 1, {0}, sizeof value, &value};
    assert_int_equal(mixerSetControlDetails((HMIXEROBJ)mixer, &details, MIXER_OBJECTF_HMIXER), MMSYSERR_NOERROR);
    MSG msg;
    assert_true(PeekMessageA(&msg, window, 0, 0, PM_REMOVE));
    assert_int_equal(msg.message, MM_MIXM_CONTROL_CHANGE);
    assert_int_equal(msg.wParam, (WPARAM)mixer);
    assert_int_equal(msg.lParam, MTD_VOLUME_ID);
    assert_int_equal(mixerClose(mixer), MMSYSERR_NOERROR);
    DestroyWindow(window);
}

static void test_message(void **state)
{
    (void)state;
    assert_int_equal(mixerMessage((HMIXER)(UINT_PTR)0x40009999, DRVM_USER, 0, 0), MMSYSERR_INVALHANDLE);
    HMIXER mixer;
    assert_int_equal(mixerOpen(&mixer, base_mixer, 0, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(mixerMessage(mixer, MXDM_GETLINEINFO, 0, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(mixerMessage(mixer, DRVM_USER + 1, 5, 6), 0x5A5Au);
    const mtd_record *sent = mtd_last(DRVM_USER + 1);
    assert_int_equal(sent->user, MTD_USER_BASE + mtd.opens);
    assert_int_equal(sent->p1, 5);
    assert_int_equal(sent->p2, 6);
    assert_int_equal(mixerClose(mixer), MMSYSERR_NOERROR);
}

/* mixerClose while other threads are inside calls with the same handle: the driver never gets
 * a message for an instance after its MXDM_CLOSE, and the calls end with a clean code. */
typedef struct racer {
    HMIXER mixer;
    atomic_bool stop;
    atomic_uint ok, invalid, other;
} racer;

static void *race_calls(void *context)
{
    racer *r = context;
    while (!r->stop) {
        MIXERLINEA line;
        memset(&line, 0, sizeof line);
        line.cbStruct = sizeof line;
        MMRESULT result = mixerGetLineInfoA((HMIXEROBJ)r->mixer, &line, MIXER_OBJECTF_HMIXER);
        if (result == MMSYSERR_NOERROR)
            r->ok++;
        else if (result == MMSYSERR_INVALHANDLE)
            r->invalid++;
        else
            r->other++;
    }
    return NULL;
}

static void test_close_during_calls(void **state)
{
    (void)state;
    for (int round = 0; round < 50; round++) {
        racer r;
        atomic_init(&r.stop, false);
        atomic_init(&r.ok, 0);
        atomic_init(&r.invalid, 0);
        atomic_init(&r.other, 0);
        assert_int_equal(mixerOpen(&r.mixer, base_mixer, 0, 0, 0), MMSYSERR_NOERROR);
        mtd.after_close = 0;
        pthread_t threads[2];
        for (int i = 0; i < 2; i++)
            assert_int_equal(pthread_create(&threads[i], NULL, race_calls, &r), 0);
        while (r.ok < 20)
            sched_yield();
        assert_int_equal(mixerClose(r.mixer), MMSYSERR_NOERROR);
        while (r.invalid < 20)
            sched_yield();
        r.stop = true;
        for (int i = 0; i < 2; i++)
            pthread_join(threads[i], NULL);
        assert_int_equal(r.other, 0);
        assert_int_equal(mtd.after_close, 0);
        assert_int_equal(mtd.closed_user, MTD_USER_BASE + mtd.opens);
        assert_int_equal(mixerClose(r.mixer), MMSYSERR_INVALHANDLE);
    }
}

static void test_aux(void **state)
{
    (void)state;
    UINT before = auxGetNumDevs();
    AUXCAPSA narrow;
    AUXCAPSW wide;
    DWORD volume = 0;
    assert_int_equal(auxGetDevCapsA(before, &narrow, sizeof narrow), MMSYSERR_BADDEVICEID);
    assert_int_equal(auxGetDevCapsW(before, NULL, sizeof wide), MMSYSERR_INVALPARAM);
    assert_int_equal(auxGetDevCapsW(AUX_MAPPER, &wide, sizeof wide), MMSYSERR_BADDEVICEID);
    assert_int_equal(auxGetVolume(before, &volume), MMSYSERR_BADDEVICEID);
    assert_int_equal(auxSetVolume(before, 0), MMSYSERR_BADDEVICEID);
    assert_int_equal(auxOutMessage(before, DRVM_USER, 0, 0), MMSYSERR_BADDEVICEID);

    assert_int_equal(mtd_register_aux(), MMSYSERR_NOERROR);
    assert_int_equal(auxGetNumDevs(), before + 1);
    assert_int_equal(auxGetDevCapsA(before, &narrow, sizeof narrow), MMSYSERR_NOERROR);
    assert_string_equal(narrow.szPname, "Aux in");
    assert_int_equal(narrow.wTechnology, AUXCAPS_AUXIN);
    assert_int_equal(narrow.dwSupport, AUXCAPS_VOLUME);
    memset(&wide, 0xEE, sizeof wide);
    assert_int_equal(auxGetDevCapsW(before, &wide, 2), MMSYSERR_NOERROR);
    assert_int_equal(wide.wMid, 9);
    assert_int_equal(wide.wPid, 0xEEEE);
    assert_int_equal(auxGetVolume(before, NULL), MMSYSERR_INVALPARAM);
    assert_int_equal(auxGetVolume(before, &volume), MMSYSERR_NOERROR);
    assert_int_equal(volume, 0x11112222u);
    assert_int_equal(auxSetVolume(before, 0x33334444u), MMSYSERR_NOERROR);
    assert_int_equal(auxGetVolume(before, &volume), MMSYSERR_NOERROR);
    assert_int_equal(volume, 0x33334444u);
    /* An aux device has no mixer. */
    UINT id;
    assert_int_equal(mixerGetID((HMIXEROBJ)(UINT_PTR)before, &id, MIXER_OBJECTF_AUX), MMSYSERR_NODRIVER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_num_devs),
        cmocka_unit_test(test_dev_caps),
        cmocka_unit_test(test_open_close),
        cmocka_unit_test(test_get_id),
        cmocka_unit_test(test_get_id_wave_handles),
        cmocka_unit_test(test_line_info),
        cmocka_unit_test(test_line_controls),
        cmocka_unit_test(test_control_details),
        cmocka_unit_test(test_window_notification),
        cmocka_unit_test(test_message),
        cmocka_unit_test(test_close_during_calls),
        cmocka_unit_test(test_aux),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
