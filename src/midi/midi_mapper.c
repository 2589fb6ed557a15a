/*
 * midi_mapper.c - the MIDI mapper (MIDI_MAPPER, spec winmm-devices §6.13): a modMessage
 * function installed with pacm_dev_set_mapper(PACM_DEV_MIDIOUT) that sends everything to one
 * output device, chosen at each open:
 *   1. HKCU\Software\Microsoft\Windows\CurrentVersion\Multimedia\MIDIMap, value szPname (a
 *      device name, compared without case), when set and a device has that name;
 *   2. else the first device whose caps say MOD_SWSYNTH (the built-in synthesizer);
 *   3. else device 0.
 * No output device: MIDIERR_NODEVICE on open, MMSYSERR_BADDEVICEID for the caps.
 *
 * The chosen device is opened with the client's own MIDIOPENDESC (handle, callback, instance),
 * so its driver notifies the client directly (MOM_OPEN, MOM_DONE, MOM_CLOSE).
 */
#include <string.h>
#include <strings.h>

#include "midi_int.h"
#include "winreg.h"

#define MIDIMAP_KEY "Software\\Microsoft\\Windows\\CurrentVersion\\Multimedia\\MIDIMap"

typedef struct mapper_open {
    UINT target;          /* global device ID */
    DWORD_PTR target_user; /* the target driver's instance value */
} mapper_open;

static MMRESULT device_caps(UINT id, MIDIOUTCAPSW *caps)
{
    memset(caps, 0, sizeof *caps);
    return pacm_dev_message(PACM_DEV_MIDIOUT, id, MODM_GETDEVCAPS, 0, (DWORD_PTR)caps, sizeof *caps);
}

/* The configured device name (UTF-8) into `name`; false when not set. */
static bool configured_name(char *name, DWORD size)
{
    HKEY key;
    if (RegOpenKeyExA(HKEY_CURRENT_USER, MIDIMAP_KEY, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS)
        return false;
    DWORD type = 0, length = size - 1;
    LSTATUS status = RegQueryValueExA(key, "szPname", NULL, &type, (LPBYTE)name, &length);
    RegCloseKey(key);
    if (status != ERROR_SUCCESS || type != REG_SZ || length == 0)
        return false;
    name[length < size ? length : size - 1] = '\0';
    return name[0] != '\0';
}

/* The device the mapper sends to, or (UINT)-1 when there is no output device. */
static UINT choose_target(void)
{
    UINT count = pacm_dev_count(PACM_DEV_MIDIOUT);
    if (count == 0)
        return (UINT)-1;
    char wanted[256];
    bool named = configured_name(wanted, sizeof wanted);
    UINT synth = (UINT)-1;
    for (UINT id = 0; id < count; id++) {
        MIDIOUTCAPSW caps;
        if (device_caps(id, &caps) != MMSYSERR_NOERROR)
            continue;
        char name[MAXPNAMELEN * 4];
        pacm_utf16_field_to_utf8(caps.szPname, MAXPNAMELEN, name, sizeof name);
        if (named && strcasecmp(name, wanted) == 0)
            return id;
        if (synth == (UINT)-1 && caps.wTechnology == MOD_SWSYNTH)
            synth = id;
    }
    if (named)
        pacm_log_debug("MIDI mapper: no device named \"%s\"", wanted);
    return synth != (UINT)-1 ? synth : 0;
}

static const char mapper_name[] = "Microsoft MIDI Mapper";

static DWORD mapper_caps(MIDIOUTCAPSW *caps, DWORD_PTR size)
{
    UINT target = choose_target();
    if (target == (UINT)-1)
        return MMSYSERR_BADDEVICEID;
    MIDIOUTCAPSW device, own = {.wMid = 0xFF, .wPid = 1, .vDriverVersion = 0x0100, .wTechnology = MOD_MAPPER,
                                .wChannelMask = 0xFFFF};
    if (device_caps(target, &device) == MMSYSERR_NOERROR)
        own.dwSupport = device.dwSupport & (MIDICAPS_VOLUME | MIDICAPS_LRVOLUME);
    pacm_utf8_to_utf16_buffer(mapper_name, own.szPname, MAXPNAMELEN);
    memcpy(caps, &own, size < sizeof own ? size : sizeof own);
    return MMSYSERR_NOERROR;
}

static DWORD mapper_open_device(DWORD_PTR *user, const MIDIOPENDESC *desc, DWORD flags)
{
    if (!user || !desc)
        return MMSYSERR_INVALPARAM;
    UINT target = choose_target();
    if (target == (UINT)-1)
        return MIDIERR_NODEVICE;
    mapper_open *open = pacm_mem_calloc(1, sizeof *open);
    if (!open)
        return MMSYSERR_NOMEM;
    open->target = target;
    MIDIOPENDESC copy = *desc;
    copy.rgIds[0].wDeviceID = (WORD)target;
    DWORD result = pacm_dev_message(PACM_DEV_MIDIOUT, target, MODM_OPEN, (DWORD_PTR)&open->target_user,
                                    (DWORD_PTR)&copy, flags);
    if (result != MMSYSERR_NOERROR) {
        pacm_mem_free(open);
        return result;
    }
    *user = (DWORD_PTR)open;
    return MMSYSERR_NOERROR;
}

static DWORD CALLBACK mapper_message(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)dev;
    switch (msg) {
    case DRVM_INIT:
    case DRVM_EXIT:
        return MMSYSERR_NOERROR;
    case MODM_GETNUMDEVS:
        return 1;
    case MODM_GETDEVCAPS:
        return p1 ? mapper_caps((MIDIOUTCAPSW *)p1, p2) : MMSYSERR_INVALPARAM;
    case MODM_OPEN:
        return mapper_open_device((DWORD_PTR *)user, (const MIDIOPENDESC *)p1, (DWORD)p2);
    default:
        break;
    }
    mapper_open *open = (mapper_open *)user;
    if (!open) {
        /* A message for the mapper's ID (volume): the device it would use. */
        UINT target = choose_target();
        return target == (UINT)-1 ? MMSYSERR_NODRIVER : pacm_dev_message(PACM_DEV_MIDIOUT, target, msg, 0, p1, p2);
    }
    DWORD result = pacm_dev_message(PACM_DEV_MIDIOUT, open->target, msg, open->target_user, p1, p2);
    if (msg == MODM_CLOSE && result != MIDIERR_STILLPLAYING)
        pacm_mem_free(open);
    return result;
}

void pacm_midi_mapper_install(void)
{
    pacm_dev_set_mapper(PACM_DEV_MIDIOUT, mapper_message);
}
