/*
 * mixer_test_driver.c - the mixer API tests' device driver (mixer_test_driver.h).
 */
#include "mixer_test_driver.h"
#include "mixer_test_util.h"

#include <pthread.h>
#include <string.h>

mtd_state mtd;
static pthread_mutex_t record_lock = PTHREAD_MUTEX_INITIALIZER;

static void record(UINT device, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2, DWORD count)
{
    pthread_mutex_lock(&record_lock);
    if (msg == MXDM_CLOSE)
        mtd.closed_user = user;
    else if (user && user == mtd.closed_user)
        mtd.after_close++;
    if (mtd.record_count < sizeof mtd.records / sizeof mtd.records[0])
        mtd.records[mtd.record_count++] = (mtd_record){device, msg, user, p1, p2, count};
    pthread_mutex_unlock(&record_lock);
}

const mtd_record *mtd_last(UINT msg)
{
    for (unsigned i = mtd.record_count; i-- > 0;) {
        if (mtd.records[i].msg == msg)
            return &mtd.records[i];
    }
    return NULL;
}

static void set_text(WCHAR *out, size_t chars, const char *ascii, bool unterminated)
{
    size_t i = 0;
    for (; ascii[i] && i + 1 < chars; i++)
        out[i] = (WCHAR)(unsigned char)ascii[i];
    if (unterminated) {
        for (; i < chars; i++)
            out[i] = 'x';
    } else {
        out[i] = 0;
    }
}

static DWORD caps(UINT device, MIXERCAPSW *caps, DWORD_PTR size)
{
    MIXERCAPSW answer;
    memset(&answer, 0, sizeof answer);
    answer.wMid = 1;
    answer.wPid = (WORD)(2 + device);
    answer.vDriverVersion = 0x0501;
    static const WCHAR name[] = {'M', 'i', 'x', 'e', 'r', ' ', 0xC4, ' ', 't', 'e', 's', 't', 0};
    memcpy(answer.szPname, name, sizeof name);
    answer.cDestinations = 1;
    if (mtd.hostile)
        set_text(answer.szPname, MAXPNAMELEN, "hostile", true);
    memcpy(caps, &answer, size < sizeof answer ? size : sizeof answer);
    return MMSYSERR_NOERROR;
}

static DWORD line_info(MIXERLINEW *line, DWORD query)
{
    if (query == MIXER_GETLINEINFOF_DESTINATION && line->dwDestination != 0)
        return MIXERR_INVALLINE;
    line->dwLineID = 0xFFFF0000u;
    line->fdwLine = MIXERLINE_LINEF_ACTIVE;
    line->dwUser = 77;
    line->dwComponentType = MIXERLINE_COMPONENTTYPE_DST_SPEAKERS;
    line->cChannels = 2;
    line->cConnections = 1;
    line->cControls = 3;
    set_text(line->szShortName, MIXER_SHORT_NAME_CHARS, "Spk", mtd.hostile);
    set_text(line->szName, MIXER_LONG_NAME_CHARS, "Speakers", mtd.hostile);
    line->Target.dwType = MIXERLINE_TARGETTYPE_WAVEOUT;
    set_text(line->Target.szPname, MAXPNAMELEN, "Target", mtd.hostile);
    if (mtd.hostile)
        line->cbStruct = 0x7FFFFFFF;
    return MMSYSERR_NOERROR;
}

static void control(DWORD id, MIXERCONTROLW *out)
{
    memset(out, 0, sizeof *out);
    out->cbStruct = mtd.hostile ? 0x7FFFFFFF : sizeof *out;
    out->dwControlID = id;
    out->dwControlType = id == MTD_VOLUME_ID ? MIXERCONTROL_CONTROLTYPE_VOLUME
                         : id == MTD_MUTE_ID ? MIXERCONTROL_CONTROLTYPE_MUTE
                                             : MIXERCONTROL_CONTROLTYPE_MUX;
    out->cMultipleItems = id == MTD_MUX_ID ? MTD_MUX_ITEMS : 0;
    set_text(out->szShortName, MIXER_SHORT_NAME_CHARS, "Ctl", mtd.hostile);
    set_text(out->szName, MIXER_LONG_NAME_CHARS, "Control", mtd.hostile);
    out->Bounds.dwMaximum = 0xFFFF;
    out->Metrics.cSteps = 7;
}

static DWORD line_controls(MIXERLINECONTROLSW *lc, DWORD query)
{
    DWORD count = lc->cControls;
    if (query == MIXER_GETLINECONTROLSF_ONEBYID && lc->dwControlID > MTD_MUX_ID)
        return MIXERR_INVALCONTROL;
    for (DWORD i = 0; i < count; i++) {
        DWORD id = query == MIXER_GETLINECONTROLSF_ONEBYID ? lc->dwControlID : MTD_VOLUME_ID + i % 3;
        control(id, (MIXERCONTROLW *)((BYTE *)lc->pamxctrl + (size_t)i * lc->cbmxctrl));
    }
    lc->dwLineID = 0xFFFF0000u;
    if (mtd.hostile) {
        lc->cControls = 100000;
        lc->cbmxctrl = 100000;
        lc->cbStruct = 100000;
    }
    return MMSYSERR_NOERROR;
}

static DWORD get_details(MIXERCONTROLDETAILS *details, DWORD query)
{
    if (query == MIXER_GETCONTROLDETAILSF_LISTTEXT) {
        for (DWORD i = 0; i < details->cMultipleItems * details->cChannels; i++) {
            MIXERCONTROLDETAILS_LISTTEXTW *item =
                (MIXERCONTROLDETAILS_LISTTEXTW *)((BYTE *)details->paDetails + (size_t)i * details->cbDetails);
            item->dwParam1 = 100 + i;
            item->dwParam2 = 200 + i;
            set_text(item->szName, MIXER_LONG_NAME_CHARS, i ? "Line" : "Mic", mtd.hostile);
        }
    } else {
        for (DWORD i = 0; i < details->cChannels; i++) {
            DWORD value = 0x1234 + i;
            memcpy((BYTE *)details->paDetails + (size_t)i * details->cbDetails, &value, sizeof value);
        }
    }
    if (mtd.hostile) {
        details->cbDetails = 100000;
        details->cChannels = 100000;
        details->cbStruct = 100000;
    }
    return MMSYSERR_NOERROR;
}

static DWORD set_details(MIXERCONTROLDETAILS *details)
{
    memcpy(&mtd.last_set_value, details->paDetails, sizeof mtd.last_set_value);
    /* A control changed: notify the last opener, as a driver does. */
    if (mtd.opens)
        DriverCallback(mtd.last_open.dwCallback, DCB_WINDOW, (HDRVR)mtd.last_open.hmx, MM_MIXM_CONTROL_CHANGE,
                       mtd.last_open.dwInstance, details->dwControlID, 0);
    return MMSYSERR_NOERROR;
}

static DWORD CALLBACK mxd_message(UINT device, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    DWORD count = msg == MXDM_GETLINECONTROLS && p1 ? ((MIXERLINECONTROLSW *)p1)->cControls : 0;
    record(device, msg, user, p1, p2, count);
    switch (msg) {
    case DRVM_INIT:
        return MMSYSERR_NOERROR;
    case MXDM_GETNUMDEVS:
        return MTD_MIXERS;
    case MXDM_GETDEVCAPS:
        return caps(device, (MIXERCAPSW *)p1, p2);
    case MXDM_OPEN:
        mtd.last_open = *(MIXEROPENDESC *)p1;
        *(DWORD_PTR *)user = MTD_USER_BASE + ++mtd.opens;
        return MMSYSERR_NOERROR;
    case MXDM_CLOSE:
        return MMSYSERR_NOERROR;
    case MXDM_GETLINEINFO:
        return line_info((MIXERLINEW *)p1, (DWORD)p2);
    case MXDM_GETLINECONTROLS:
        return line_controls((MIXERLINECONTROLSW *)p1, (DWORD)p2);
    case MXDM_GETCONTROLDETAILS:
        return get_details((MIXERCONTROLDETAILS *)p1, (DWORD)p2);
    case MXDM_SETCONTROLDETAILS:
        return set_details((MIXERCONTROLDETAILS *)p1);
    default:
        return msg >= DRVM_USER ? 0x5A5Au : MMSYSERR_NOTSUPPORTED;
    }
}

/* Wave devices that open and close (any format), so tests can hold wave handles. */
static DWORD wave_message(UINT msg, DWORD_PTR user, DWORD count, UINT open, UINT close, UINT numdevs)
{
    if (msg == numdevs)
        return count;
    if (msg == DRVM_INIT || msg == close)
        return MMSYSERR_NOERROR;
    if (msg == open) {
        *(DWORD_PTR *)user = 1;
        return MMSYSERR_NOERROR;
    }
    return MMSYSERR_NOTSUPPORTED;
}

static DWORD CALLBACK wod_message(UINT device, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)device, (void)p1, (void)p2;
    return wave_message(msg, user, MTD_WAVE_OUTPUTS, WODM_OPEN, WODM_CLOSE, WODM_GETNUMDEVS);
}

static DWORD CALLBACK wid_message(UINT device, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)device, (void)p1, (void)p2;
    return wave_message(msg, user, MTD_WAVE_INPUTS, WIDM_OPEN, WIDM_CLOSE, WIDM_GETNUMDEVS);
}

MMRESULT mtd_register(void)
{
    PORTACM_DEVICE_PROCS procs = {.wodMessage = wod_message, .widMessage = wid_message, .mxdMessage = mxd_message};
    return portacm_device_driver_register("mixer_test.drv", mtu_driver_proc, &procs);
}

static DWORD aux_volume = 0x11112222u;

static DWORD CALLBACK aux_message(UINT device, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)device, (void)user, (void)p2;
    switch (msg) {
    case DRVM_INIT:
        return MMSYSERR_NOERROR;
    case AUXDM_GETNUMDEVS:
        return 1;
    case AUXDM_GETDEVCAPS: {
        AUXCAPSW caps;
        memset(&caps, 0, sizeof caps);
        caps.wMid = 9;
        caps.wTechnology = AUXCAPS_AUXIN;
        caps.dwSupport = AUXCAPS_VOLUME;
        set_text(caps.szPname, MAXPNAMELEN, "Aux in", false);
        memcpy((void *)p1, &caps, p2 < sizeof caps ? p2 : sizeof caps);
        return MMSYSERR_NOERROR;
    }
    case AUXDM_GETVOLUME:
        *(DWORD *)p1 = aux_volume;
        return MMSYSERR_NOERROR;
    case AUXDM_SETVOLUME:
        aux_volume = (DWORD)p1;
        return MMSYSERR_NOERROR;
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
}

MMRESULT mtd_register_aux(void)
{
    PORTACM_DEVICE_PROCS procs = {.auxMessage = aux_message};
    return portacm_device_driver_register("aux_test.drv", mtu_driver_proc, &procs);
}
