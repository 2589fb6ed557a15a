/*
 * test_fault_mixer.c - allocation-failure injection over the mixer API (issue 12): for every N,
 * the Nth allocation of the library (and every later one) fails while a program counts the
 * mixers, opens one, reads its destination line, the line's controls and the volume's values
 * in the A forms (which convert from the drivers' W structures), lists the multiplexer's items
 * and closes; the calls must fail cleanly (MMSYSERR_NOMEM) and release what they made, and the
 * same calls must give the same answers once memory is back. Over the mixer tests' in-process
 * driver (tests/mixer/mixer_test_driver.h), registered with portacm_device_driver_register.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "mixer/mixer_test_driver.h"
#include "mmsystem.h"
#include "ts_fault.h"

static UINT base_mixer;

/* Line info, controls and values of the open mixer `object`, checked against the driver. */
static MMRESULT query_mixer(HMIXEROBJ object)
{
    MIXERLINEA line;
    memset(&line, 0, sizeof line);
    line.cbStruct = sizeof line;
    MMRESULT mr = mixerGetLineInfoA(object, &line, MIXER_GETLINEINFOF_DESTINATION);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    if (line.dwLineID != 0xFFFF0000u || line.cControls != 3 || strcmp(line.szName, "Speakers") != 0)
        return MMSYSERR_ERROR;
    MIXERCONTROLA controls[3];
    memset(controls, 0, sizeof controls);
    MIXERLINECONTROLSA lc = {sizeof lc, line.dwLineID, {0}, 3, sizeof controls[0], controls};
    mr = mixerGetLineControlsA(object, &lc, MIXER_GETLINECONTROLSF_ALL);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    if (controls[0].dwControlID != MTD_VOLUME_ID || controls[0].szName[0] == '\0')
        return MMSYSERR_ERROR;
    MIXERCONTROLDETAILS_UNSIGNED values[2] = {{0}, {0}};
    MIXERCONTROLDETAILS details = {sizeof details, MTD_VOLUME_ID, 2, {0}, sizeof values[0], values};
    mr = mixerGetControlDetailsA(object, &details, MIXER_GETCONTROLDETAILSF_VALUE);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    if (values[0].dwValue != 0x1234 || values[1].dwValue != 0x1235)
        return MMSYSERR_ERROR;
    MIXERCONTROLDETAILS_LISTTEXTA items[MTD_MUX_ITEMS];
    memset(items, 0, sizeof items);
    MIXERCONTROLDETAILS list = {sizeof list, MTD_MUX_ID, 1, {0}, sizeof items[0], items};
    list.cMultipleItems = MTD_MUX_ITEMS;
    mr = mixerGetControlDetailsA(object, &list, MIXER_GETCONTROLDETAILSF_LISTTEXT);
    if (mr == MMSYSERR_NOERROR && strcmp(items[0].szName, "Mic") != 0)
        mr = MMSYSERR_ERROR;
    return mr;
}

static MMRESULT path_mixer(void *context)
{
    (void)context;
    if (mixerGetNumDevs() != base_mixer + MTD_MIXERS)
        return MMSYSERR_ERROR;
    MIXERCAPSA caps;
    MMRESULT mr = mixerGetDevCapsA(base_mixer, &caps, sizeof caps);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    HMIXER mixer = NULL;
    mr = mixerOpen(&mixer, base_mixer, 0, 0, 0);
    if (mr != MMSYSERR_NOERROR)
        return mr;
    mr = query_mixer((HMIXEROBJ)mixer);
    MMRESULT closed = mixerClose(mixer);
    if (closed != MMSYSERR_NOERROR)
        print_error("mixerClose: %u (the handle stays open)\n", (unsigned)closed);
    return mr != MMSYSERR_NOERROR ? mr : closed;
}

static void mixer_paths(void **state)
{
    (void)state;
    long made = ts_sweep("mixer", path_mixer, NULL, NULL);
    print_message("mixerGetNumDevs, GetDevCapsA, Open, GetLineInfoA, GetLineControlsA, "
                  "GetControlDetailsA x2, Close: %ld allocations\n", made);
}

static int setup(void **state)
{
    (void)state;
    base_mixer = mixerGetNumDevs();
    return mtd_register() == MMSYSERR_NOERROR ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mixer_paths),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
