/*
 * midi_mapper_setup.c - what the MIDI mapper (midi_mapper.c) sends where, read from the registry
 * at each open as Windows' mapper does (spec winmm-devices §6.13). HKCU
 * Software\Microsoft\Windows\CurrentVersion\Multimedia\MIDIMap:
 *   1. szPname (REG_SZ): every channel to the output device of that name;
 *   2. else UseScheme (REG_DWORD) not 0 and CurrentScheme (REG_SZ) naming a scheme under HKLM
 *      System\CurrentControlSet\Control\MediaProperties\PrivateProperties\Midi\Schemes: each
 *      subkey of the scheme names a device in its default value and the channels it receives in
 *      Channels (REG_DWORD, bit n = channel n); channels no entry names are dropped;
 *   3. else CurrentInstrument (REG_SZ): every channel to that device;
 *   4. else every channel to the first MOD_SWSYNTH device, else to device 0.
 * A device is named by its caps name (compared without case) or "#n" (device ID n, Wine's form).
 * A name no device has is logged (PORTACM_DEBUG=1) and skipped; a scheme that maps no channel
 * falls through to 3.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "midi_mapper_int.h"
#include "winreg.h"

#define MIDIMAP_KEY "Software\\Microsoft\\Windows\\CurrentVersion\\Multimedia\\MIDIMap"
#define SCHEMES_KEY "System\\CurrentControlSet\\Control\\MediaProperties\\PrivateProperties\\Midi\\Schemes"

MMRESULT pacm_midi_mapper_device_caps(UINT id, MIDIOUTCAPSW *caps)
{
    memset(caps, 0, sizeof *caps);
    return pacm_dev_message(PACM_DEV_MIDIOUT, id, MODM_GETDEVCAPS, 0, (DWORD_PTR)caps, sizeof *caps);
}

/* A REG_SZ value (NULL: the key's default value) into `text`; false when absent or empty. */
static bool string_value(HKEY key, const char *name, char *text, DWORD size)
{
    DWORD type = 0, length = size - 1;
    if (RegQueryValueExA(key, name, NULL, &type, (LPBYTE)text, &length) != ERROR_SUCCESS || type != REG_SZ)
        return false;
    text[length < size ? length : size - 1] = '\0';
    return text[0] != '\0';
}

static bool dword_value(HKEY key, const char *name, DWORD *value)
{
    DWORD type = 0, length = sizeof *value;
    return RegQueryValueExA(key, name, NULL, &type, (LPBYTE)value, &length) == ERROR_SUCCESS &&
           (type == REG_DWORD || type == REG_BINARY) && length == sizeof *value;
}

/* The device named `name` ("#n" or a caps name, any case), or (UINT)-1. */
static UINT find_device(const char *name, UINT count)
{
    if (name[0] == '#' && name[1] >= '0' && name[1] <= '9') {
        char *end = NULL;
        unsigned long n = strtoul(name + 1, &end, 10);
        if (*end == '\0' && n < count)
            return (UINT)n;
    }
    for (UINT id = 0; id < count; id++) {
        MIDIOUTCAPSW caps;
        char text[MAXPNAMELEN * 4];
        if (pacm_midi_mapper_device_caps(id, &caps) != MMSYSERR_NOERROR)
            continue;
        pacm_utf16_field_to_utf8(caps.szPname, MAXPNAMELEN, text, sizeof text);
        if (strcasecmp(text, name) == 0)
            return id;
    }
    pacm_log_debug("MIDI mapper: no device named \"%s\"", name);
    return (UINT)-1;
}

static void map_all(pacm_midi_mapper_setup *setup, UINT device)
{
    setup->count = 1;
    setup->device[0] = device;
    for (int ch = 0; ch < 16; ch++)
        setup->channel[ch] = 0;
}

/* Port index of `device` in `setup`, added when new. */
static int port_of(pacm_midi_mapper_setup *setup, UINT device)
{
    for (int i = 0; i < setup->count; i++)
        if (setup->device[i] == device)
            return i;
    setup->device[setup->count] = device;
    return setup->count++;
}

/* One entry of a scheme: its device gets the channels of its mask (a later entry wins). */
static void scheme_entry(pacm_midi_mapper_setup *setup, HKEY scheme, const char *entry, UINT count)
{
    HKEY key;
    if (RegOpenKeyExA(scheme, entry, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS)
        return;
    char name[256];
    DWORD mask = 0;
    UINT device = string_value(key, NULL, name, sizeof name) ? find_device(name, count) : (UINT)-1;
    if (device != (UINT)-1 && dword_value(key, "Channels", &mask) && (mask & 0xFFFFu)) {
        int port = port_of(setup, device);
        for (int ch = 0; ch < 16; ch++)
            if (mask & (1u << ch))
                setup->channel[ch] = port;
    }
    RegCloseKey(key);
}

/* Scheme `name`: true when it maps at least one channel. */
static bool load_scheme(pacm_midi_mapper_setup *setup, const char *name, UINT count)
{
    HKEY schemes, scheme;
    if (RegOpenKeyExA(HKEY_LOCAL_MACHINE, SCHEMES_KEY, 0, KEY_READ, &schemes) != ERROR_SUCCESS)
        return false;
    LSTATUS status = RegOpenKeyExA(schemes, name, 0, KEY_READ, &scheme);
    RegCloseKey(schemes);
    if (status != ERROR_SUCCESS) {
        pacm_log_debug("MIDI mapper: no scheme \"%s\"", name);
        return false;
    }
    setup->count = 0;
    for (int ch = 0; ch < 16; ch++)
        setup->channel[ch] = -1;
    char entry[256];
    for (DWORD index = 0;; index++) {
        DWORD length = sizeof entry;
        if (RegEnumKeyExA(scheme, index, entry, &length, NULL, NULL, NULL, NULL) != ERROR_SUCCESS)
            break;
        scheme_entry(setup, scheme, entry, count);
    }
    RegCloseKey(scheme);
    return setup->count > 0;
}

/* The user's configuration (steps 1-3); false when it names nothing usable. */
static bool load_configured(pacm_midi_mapper_setup *setup, UINT count)
{
    HKEY key;
    if (RegOpenKeyExA(HKEY_CURRENT_USER, MIDIMAP_KEY, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS)
        return false;
    char name[256];
    UINT device;
    DWORD use_scheme = 0;
    bool found = false;
    if (string_value(key, "szPname", name, sizeof name) && (device = find_device(name, count)) != (UINT)-1) {
        map_all(setup, device);
        found = true;
    }
    if (!found && dword_value(key, "UseScheme", &use_scheme) && use_scheme &&
        string_value(key, "CurrentScheme", name, sizeof name))
        found = load_scheme(setup, name, count);
    if (!found && string_value(key, "CurrentInstrument", name, sizeof name) &&
        (device = find_device(name, count)) != (UINT)-1) {
        map_all(setup, device);
        found = true;
    }
    RegCloseKey(key);
    return found;
}

bool pacm_midi_mapper_load(pacm_midi_mapper_setup *setup)
{
    UINT count = pacm_dev_count(PACM_DEV_MIDIOUT);
    if (count == 0)
        return false;
    if (load_configured(setup, count))
        return true;
    UINT device = 0;
    for (UINT id = 0; id < count; id++) {
        MIDIOUTCAPSW caps;
        if (pacm_midi_mapper_device_caps(id, &caps) == MMSYSERR_NOERROR && caps.wTechnology == MOD_SWSYNTH) {
            device = id;
            break;
        }
    }
    map_all(setup, device);
    return true;
}
