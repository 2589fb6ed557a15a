/*
 * pulse_mixer.c - the PulseAudio driver's mxdMessage: one mixer per sink, then one per source
 * (pulse_mixer_server.c lists them), in Windows' minimal mixer model (the one Wine builds):
 *
 *   destination 0, line ID 0xFFFF0000: a sink is MIXERLINE_COMPONENTTYPE_DST_SPEAKERS, a
 *     source DST_WAVEIN (target WAVEIN); cChannels = the device's channels; one connection;
 *     controls 0 (VOLUME) and 1 (MUTE) ARE the device's volume and mute on the server.
 *   source 0, line ID 0: SRC_WAVEOUT (target WAVEOUT) for a sink, SRC_MICROPHONE for a
 *     source; one channel; controls 2 (VOLUME) and 3 (MUTE) keep the value set, nothing more.
 *
 * Volume values are 0 .. 0xFFFF, linear over 0 .. PA_VOLUME_NORM (a server volume above
 * 100 % reads as 0xFFFF), per channel: the destination volume is not UNIFORM when the device
 * has more than one channel; cChannels = 1 reads the loudest channel and sets every channel.
 * Mute is one switch (UNIFORM). Reads go to the server each time, so a value set by another
 * program is what the next read returns; a change on the server (from anyone, this driver
 * included) sends MM_MIXM_CONTROL_CHANGE to every open mixer of the device, and a device that
 * disappears or comes back sends MM_MIXM_LINE_CHANGE.
 */
#include <string.h>

#include "pulse_mixer_int.h"

#define VOLUME_MAX 0xFFFFu
#define VOLUME_STEPS 192u /* Windows' and Wine's value for these faders */

static DWORD from_server(pa_volume_t volume)
{
    if (volume >= PA_VOLUME_NORM)
        return VOLUME_MAX;
    return (DWORD)(((uint64_t)volume * VOLUME_MAX + PA_VOLUME_NORM / 2) / PA_VOLUME_NORM);
}

static pa_volume_t to_server(DWORD value)
{
    return (pa_volume_t)(((uint64_t)value * PA_VOLUME_NORM + VOLUME_MAX / 2) / VOLUME_MAX);
}

static DWORD caps(UINT dev, MIXERCAPSW *out, DWORD_PTR size)
{
    if (!out)
        return MMSYSERR_INVALPARAM;
    pacm_pulse_mixer_device *device = pacm_pulse_mixer_lock(dev);
    if (!device)
        return MMSYSERR_BADDEVICEID;
    MIXERCAPSW answer;
    memset(&answer, 0, sizeof answer);
    answer.wMid = 0xFF;
    answer.wPid = 0xFF;
    answer.vDriverVersion = 0x00010001;
    pacm_utf8_to_utf16_buffer(device->description, answer.szPname, MAXPNAMELEN);
    answer.cDestinations = 1;
    pacm_pulse_mixer_unlock();
    memcpy(out, &answer, size < sizeof answer ? size : sizeof answer);
    return MMSYSERR_NOERROR;
}

/* ---- lines ------------------------------------------------------------------------------------ */
static void fill_line(UINT dev, const pacm_pulse_mixer_device *device, bool destination, MIXERLINEW *line)
{
    DWORD size = line->cbStruct;
    memset(line, 0, sizeof *line);
    line->cbStruct = size;
    line->cConnections = destination ? 1 : 0;
    line->cControls = 2;
    line->fdwLine = device->present ? MIXERLINE_LINEF_ACTIVE : MIXERLINE_LINEF_DISCONNECTED;
    line->Target.wMid = 0xFFFF;
    line->Target.wPid = 0xFFFF;
    line->Target.vDriverVersion = 0x00010001;
    pacm_utf8_to_utf16_buffer(device->description, line->Target.szPname, MAXPNAMELEN);
    if (destination) {
        line->dwLineID = PACM_PULSE_MIXER_DESTINATION_LINE;
        line->cChannels = device->volume.channels ? device->volume.channels : 1;
        line->dwComponentType =
            device->source ? MIXERLINE_COMPONENTTYPE_DST_WAVEIN : MIXERLINE_COMPONENTTYPE_DST_SPEAKERS;
        line->Target.dwType = device->source ? MIXERLINE_TARGETTYPE_WAVEIN : MIXERLINE_TARGETTYPE_UNDEFINED;
        pacm_utf8_to_utf16_buffer(device->description, line->szName, MIXER_LONG_NAME_CHARS);
        pacm_utf8_to_utf16_buffer(device->source ? "Recording" : "Speakers", line->szShortName,
                                  MIXER_SHORT_NAME_CHARS);
    } else {
        line->dwLineID = PACM_PULSE_MIXER_SOURCE_LINE;
        line->fdwLine |= MIXERLINE_LINEF_SOURCE;
        line->cChannels = 1;
        line->dwComponentType =
            device->source ? MIXERLINE_COMPONENTTYPE_SRC_MICROPHONE : MIXERLINE_COMPONENTTYPE_SRC_WAVEOUT;
        line->Target.dwType = device->source ? MIXERLINE_TARGETTYPE_UNDEFINED : MIXERLINE_TARGETTYPE_WAVEOUT;
        const char *name = device->source ? "Microphone" : "Wave";
        pacm_utf8_to_utf16_buffer(name, line->szName, MIXER_LONG_NAME_CHARS);
        pacm_utf8_to_utf16_buffer(name, line->szShortName, MIXER_SHORT_NAME_CHARS);
    }
    /* The wave device the line plays to or records from, as this driver numbers them: a sink's
     * output ID is its mixer ID, a source's input ID counts from the first source. */
    line->Target.dwDeviceID = device->source ? dev - pacm_pulse_mixer_first_source() : dev;
}

static DWORD line_info(UINT dev, MIXERLINEW *line, DWORD query)
{
    if (!line)
        return MMSYSERR_INVALPARAM;
    pacm_pulse_mixer_device *device = pacm_pulse_mixer_lock(dev);
    if (!device)
        return MMSYSERR_BADDEVICEID;
    DWORD destination_type = device->source ? MIXERLINE_COMPONENTTYPE_DST_WAVEIN : MIXERLINE_COMPONENTTYPE_DST_SPEAKERS;
    DWORD source_type = device->source ? MIXERLINE_COMPONENTTYPE_SRC_MICROPHONE : MIXERLINE_COMPONENTTYPE_SRC_WAVEOUT;
    DWORD result = MMSYSERR_NOERROR;
    bool destination = true;
    switch (query) {
    case MIXER_GETLINEINFOF_DESTINATION:
        result = line->dwDestination == 0 ? MMSYSERR_NOERROR : MIXERR_INVALLINE;
        break;
    case MIXER_GETLINEINFOF_SOURCE:
        result = line->dwDestination == 0 && line->dwSource == 0 ? MMSYSERR_NOERROR : MIXERR_INVALLINE;
        destination = false;
        break;
    case MIXER_GETLINEINFOF_LINEID:
        destination = line->dwLineID == PACM_PULSE_MIXER_DESTINATION_LINE;
        if (!destination && line->dwLineID != PACM_PULSE_MIXER_SOURCE_LINE)
            result = MIXERR_INVALLINE;
        break;
    case MIXER_GETLINEINFOF_COMPONENTTYPE:
        destination = line->dwComponentType == destination_type;
        if (!destination && line->dwComponentType != source_type)
            result = MIXERR_INVALLINE;
        break;
    case MIXER_GETLINEINFOF_TARGETTYPE:
        /* A sink's wave line is its source line; a source's is its destination. */
        destination = device->source;
        if (line->Target.dwType != (device->source ? MIXERLINE_TARGETTYPE_WAVEIN : MIXERLINE_TARGETTYPE_WAVEOUT))
            result = MIXERR_INVALLINE;
        break;
    default:
        result = MMSYSERR_INVALFLAG;
        break;
    }
    if (result == MMSYSERR_NOERROR)
        fill_line(dev, device, destination, line);
    pacm_pulse_mixer_unlock();
    return result;
}

/* ---- controls --------------------------------------------------------------------------------- */
static bool is_volume(DWORD id)
{
    return id == PACM_PULSE_MIXER_VOLUME || id == PACM_PULSE_MIXER_SOURCE_VOLUME;
}

static void fill_control(const pacm_pulse_mixer_device *device, DWORD id, MIXERCONTROLW *control)
{
    memset(control, 0, sizeof *control);
    control->cbStruct = sizeof *control;
    control->dwControlID = id;
    const char *name = is_volume(id) ? "Volume" : "Mute";
    pacm_utf8_to_utf16_buffer(name, control->szShortName, MIXER_SHORT_NAME_CHARS);
    pacm_utf8_to_utf16_buffer(name, control->szName, MIXER_LONG_NAME_CHARS);
    if (is_volume(id)) {
        control->dwControlType = MIXERCONTROL_CONTROLTYPE_VOLUME;
        bool per_channel = id == PACM_PULSE_MIXER_VOLUME && device->volume.channels > 1;
        control->fdwControl = per_channel ? 0 : MIXERCONTROL_CONTROLF_UNIFORM;
        control->Bounds.dwMinimum = 0;
        control->Bounds.dwMaximum = VOLUME_MAX;
        control->Metrics.cSteps = VOLUME_STEPS;
    } else {
        control->dwControlType = MIXERCONTROL_CONTROLTYPE_MUTE;
        control->fdwControl = MIXERCONTROL_CONTROLF_UNIFORM;
        control->Bounds.dwMinimum = 0;
        control->Bounds.dwMaximum = 1;
    }
}

/* The first control of a line (0 for the destination, 2 for the source), or (DWORD)-1. */
static DWORD first_control_of(DWORD line_id)
{
    if (line_id == PACM_PULSE_MIXER_DESTINATION_LINE)
        return PACM_PULSE_MIXER_VOLUME;
    if (line_id == PACM_PULSE_MIXER_SOURCE_LINE)
        return PACM_PULSE_MIXER_SOURCE_VOLUME;
    return (DWORD)-1;
}

static DWORD select_controls(MIXERLINECONTROLSW *request, DWORD query, DWORD *first, DWORD *count)
{
    switch (query) {
    case MIXER_GETLINECONTROLSF_ALL:
        *first = first_control_of(request->dwLineID);
        *count = 2;
        if (*first == (DWORD)-1)
            return MIXERR_INVALLINE;
        return request->cControls == 2 ? MMSYSERR_NOERROR : MMSYSERR_INVALPARAM;
    case MIXER_GETLINECONTROLSF_ONEBYID:
        *first = request->dwControlID;
        *count = 1;
        if (request->cControls != 1)
            return MMSYSERR_INVALPARAM;
        if (*first > PACM_PULSE_MIXER_SOURCE_MUTE)
            return MIXERR_INVALCONTROL;
        request->dwLineID = *first < PACM_PULSE_MIXER_SOURCE_VOLUME ? PACM_PULSE_MIXER_DESTINATION_LINE
                                                                    : PACM_PULSE_MIXER_SOURCE_LINE;
        return MMSYSERR_NOERROR;
    case MIXER_GETLINECONTROLSF_ONEBYTYPE:
        *first = first_control_of(request->dwLineID);
        *count = 1;
        if (*first == (DWORD)-1)
            return MIXERR_INVALLINE;
        if (request->dwControlType == MIXERCONTROL_CONTROLTYPE_MUTE)
            *first += 1;
        else if (request->dwControlType != MIXERCONTROL_CONTROLTYPE_VOLUME)
            return MIXERR_INVALCONTROL;
        return request->cControls == 1 ? MMSYSERR_NOERROR : MMSYSERR_INVALPARAM;
    default:
        return MMSYSERR_INVALFLAG;
    }
}

static DWORD line_controls(UINT dev, MIXERLINECONTROLSW *request, DWORD query)
{
    if (!request || !request->pamxctrl || request->cbmxctrl < sizeof(MIXERCONTROLW))
        return MMSYSERR_INVALPARAM;
    pacm_pulse_mixer_device *device = pacm_pulse_mixer_lock(dev);
    if (!device)
        return MMSYSERR_BADDEVICEID;
    DWORD first, count;
    DWORD result = select_controls(request, query, &first, &count);
    for (DWORD i = 0; result == MMSYSERR_NOERROR && i < count; i++) {
        MIXERCONTROLW control;
        fill_control(device, first + i, &control);
        memcpy((BYTE *)request->pamxctrl + (size_t)i * request->cbmxctrl, &control, sizeof control);
    }
    pacm_pulse_mixer_unlock();
    return result;
}

/* ---- values ----------------------------------------------------------------------------------- */
/* The checks Get and Set share; *per_channel is set for a per-channel volume request. */
static DWORD check_details(const pacm_pulse_mixer_device *device, const MIXERCONTROLDETAILS *details,
                           bool *per_channel)
{
    if (details->dwControlID > PACM_PULSE_MIXER_SOURCE_MUTE)
        return MIXERR_INVALCONTROL;
    if (details->cbDetails < sizeof(DWORD) || details->cChannels == 0 || details->cChannels > PA_CHANNELS_MAX)
        return MMSYSERR_INVALPARAM;
    *per_channel = false;
    if (details->dwControlID == PACM_PULSE_MIXER_VOLUME && details->cChannels > 1) {
        if (details->cChannels != device->volume.channels)
            return MMSYSERR_INVALPARAM;
        *per_channel = true;
    }
    return MMSYSERR_NOERROR;
}

static void put_value(MIXERCONTROLDETAILS *details, DWORD channel, DWORD value)
{
    memcpy((BYTE *)details->paDetails + (size_t)channel * details->cbDetails, &value, sizeof value);
}

static DWORD get_value(const MIXERCONTROLDETAILS *details, DWORD channel)
{
    DWORD value;
    memcpy(&value, (const BYTE *)details->paDetails + (size_t)channel * details->cbDetails, sizeof value);
    return value;
}

static DWORD read_details(pacm_pulse_mixer_device *device, MIXERCONTROLDETAILS *details)
{
    bool per_channel;
    DWORD result = check_details(device, details, &per_channel);
    if (result != MMSYSERR_NOERROR)
        return result;
    DWORD id = details->dwControlID;
    if ((id == PACM_PULSE_MIXER_VOLUME || id == PACM_PULSE_MIXER_MUTE) && !pacm_pulse_mixer_read_locked(device))
        return MMSYSERR_NODRIVER;
    for (DWORD channel = 0; channel < details->cChannels; channel++) {
        DWORD value;
        if (id == PACM_PULSE_MIXER_VOLUME)
            value = from_server(per_channel ? device->live_volume.values[channel] : pa_cvolume_max(&device->live_volume));
        else if (id == PACM_PULSE_MIXER_MUTE)
            value = device->live_mute;
        else if (id == PACM_PULSE_MIXER_SOURCE_VOLUME)
            value = device->line_volume;
        else
            value = device->line_mute;
        put_value(details, channel, value);
    }
    return MMSYSERR_NOERROR;
}

static DWORD write_details(UINT dev, pacm_pulse_mixer_device *device, MIXERCONTROLDETAILS *details)
{
    bool per_channel;
    DWORD result = check_details(device, details, &per_channel);
    if (result != MMSYSERR_NOERROR)
        return result;
    DWORD id = details->dwControlID;
    if (is_volume(id)) {
        for (DWORD channel = 0; channel < details->cChannels; channel++) {
            if (get_value(details, channel) > VOLUME_MAX)
                return MMSYSERR_INVALPARAM;
        }
    }
    DWORD first = get_value(details, 0);
    if (id == PACM_PULSE_MIXER_VOLUME) {
        pa_cvolume volume;
        pa_cvolume_set(&volume, device->volume.channels ? device->volume.channels : 1, to_server(first));
        for (DWORD channel = 0; per_channel && channel < details->cChannels; channel++)
            volume.values[channel] = to_server(get_value(details, channel));
        return pacm_pulse_mixer_write_volume_locked(device, &volume) ? MMSYSERR_NOERROR : MMSYSERR_NODRIVER;
    }
    if (id == PACM_PULSE_MIXER_MUTE)
        return pacm_pulse_mixer_write_mute_locked(device, first != 0) ? MMSYSERR_NOERROR : MMSYSERR_NODRIVER;
    bool changed;
    if (id == PACM_PULSE_MIXER_SOURCE_VOLUME) {
        changed = device->line_volume != first;
        device->line_volume = first;
    } else {
        changed = device->line_mute != (first != 0);
        device->line_mute = first != 0;
    }
    if (changed)
        pacm_pulse_mixer_notify_locked(dev, MM_MIXM_CONTROL_CHANGE, id);
    return MMSYSERR_NOERROR;
}

static DWORD control_details(UINT dev, MIXERCONTROLDETAILS *details, DWORD query, bool set)
{
    if (!details || !details->paDetails)
        return MMSYSERR_INVALPARAM;
    if (query != MIXER_GETCONTROLDETAILSF_VALUE)
        return query == MIXER_GETCONTROLDETAILSF_LISTTEXT ? MMSYSERR_NOTSUPPORTED : MMSYSERR_INVALFLAG;
    pacm_pulse_mixer_device *device = pacm_pulse_mixer_lock(dev);
    if (!device)
        return MMSYSERR_BADDEVICEID;
    DWORD result = set ? write_details(dev, device, details) : read_details(device, details);
    pacm_pulse_mixer_unlock();
    return result;
}

/* ---- opens ------------------------------------------------------------------------------------ */
static DWORD open_mixer(UINT dev, DWORD_PTR *user, const MIXEROPENDESC *desc, DWORD flags)
{
    if (!user || !desc)
        return MMSYSERR_INVALPARAM;
    pacm_pulse_mixer_open *open = pacm_mem_calloc(1, sizeof *open);
    if (!open)
        return MMSYSERR_NOMEM;
    open->device = dev;
    open->hmx = desc->hmx;
    open->callback = desc->dwCallback;
    open->instance = desc->dwInstance;
    open->flags = flags & CALLBACK_TYPEMASK;
    if (!pacm_pulse_mixer_lock(dev)) {
        pacm_mem_free(open);
        return MMSYSERR_BADDEVICEID;
    }
    pacm_pulse_mixer_add_open(open);
    pacm_pulse_mixer_unlock();
    *user = (DWORD_PTR)open;
    return MMSYSERR_NOERROR;
}

static DWORD close_mixer(UINT dev, DWORD_PTR user)
{
    pacm_pulse_mixer_open *open = (pacm_pulse_mixer_open *)user;
    if (!pacm_pulse_mixer_lock(dev))
        return MMSYSERR_BADDEVICEID;
    bool known = pacm_pulse_mixer_is_open(open);
    if (known)
        pacm_pulse_mixer_remove_open(open);
    pacm_pulse_mixer_unlock();
    if (!known)
        return MMSYSERR_INVALHANDLE;
    pacm_mem_free(open);
    return MMSYSERR_NOERROR;
}

DWORD CALLBACK pacm_pulse_mxd_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    switch (msg) {
    case DRVM_INIT:
        (void)pacm_pulse_mixer_start();
        return MMSYSERR_NOERROR;
    case DRVM_EXIT:
        pacm_pulse_mixer_stop();
        return MMSYSERR_NOERROR;
    case DRVM_ENABLE:
    case DRVM_DISABLE:
        return MMSYSERR_NOERROR;
    case MXDM_GETNUMDEVS:
        return pacm_pulse_mixer_start();
    case MXDM_GETDEVCAPS:
        return caps(dev, (MIXERCAPSW *)p1, p2);
    case MXDM_OPEN:
        return open_mixer(dev, (DWORD_PTR *)user, (const MIXEROPENDESC *)p1, (DWORD)p2);
    case MXDM_CLOSE:
        return close_mixer(dev, user);
    case MXDM_GETLINEINFO:
        return line_info(dev, (MIXERLINEW *)p1, (DWORD)p2);
    case MXDM_GETLINECONTROLS:
        return line_controls(dev, (MIXERLINECONTROLSW *)p1, (DWORD)p2);
    case MXDM_GETCONTROLDETAILS:
        return control_details(dev, (MIXERCONTROLDETAILS *)p1, (DWORD)p2, false);
    case MXDM_SETCONTROLDETAILS:
        return control_details(dev, (MIXERCONTROLDETAILS *)p1, (DWORD)p2, true);
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
}
