/*
 * test_midi_mapper.c - the MIDI mapper (MIDI_MAPPER) over the MIDI test driver: device 0 by
 * default, the MOD_SWSYNTH device when there is one, the device named by the MIDIMap szPname
 * registry value (any case), an unknown name, no output device; caps, streams and volume
 * through the mapper. Schemes (UseScheme, CurrentScheme, the HKLM Schemes key): channel messages
 * to the device of their channel, system messages, SysEx and reset to every device once;
 * CurrentInstrument (a name or "#n"); what wins over what.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "windows.h"
#include "mmsystem.h"
#include "winreg.h"
#include "midi_test_util.h"

#define MIDIMAP_KEY "Software\\Microsoft\\Windows\\CurrentVersion\\Multimedia\\MIDIMap"
#define SCHEMES_KEY "System\\CurrentControlSet\\Control\\MediaProperties\\PrivateProperties\\Midi\\Schemes"

/* Sets (or with NULL deletes) a REG_SZ value of the MIDIMap key. */
static void set_user_string(const char *name, const char *value)
{
    HKEY key;
    assert_int_equal(RegCreateKeyExA(HKEY_CURRENT_USER, MIDIMAP_KEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL),
                     ERROR_SUCCESS);
    if (value)
        assert_int_equal(RegSetValueExA(key, name, 0, REG_SZ, (const BYTE *)value, (DWORD)strlen(value) + 1),
                         ERROR_SUCCESS);
    else
        RegDeleteValueA(key, name);
    RegCloseKey(key);
}

static void set_use_scheme(DWORD use)
{
    HKEY key;
    assert_int_equal(RegCreateKeyExA(HKEY_CURRENT_USER, MIDIMAP_KEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL),
                     ERROR_SUCCESS);
    assert_int_equal(RegSetValueExA(key, "UseScheme", 0, REG_DWORD, (const BYTE *)&use, sizeof use), ERROR_SUCCESS);
    RegCloseKey(key);
}

/* Scheme `scheme`, entry `entry`: device `device` (the key's default value) gets `channels`. */
static void set_scheme_entry(const char *scheme, const char *entry, const char *device, DWORD channels)
{
    char path[512];
    snprintf(path, sizeof path, "%s\\%s\\%s", SCHEMES_KEY, scheme, entry);
    HKEY key;
    assert_int_equal(RegCreateKeyExA(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL),
                     ERROR_SUCCESS);
    assert_int_equal(RegSetValueExA(key, NULL, 0, REG_SZ, (const BYTE *)device, (DWORD)strlen(device) + 1),
                     ERROR_SUCCESS);
    assert_int_equal(RegSetValueExA(key, "Channels", 0, REG_DWORD, (const BYTE *)&channels, sizeof channels),
                     ERROR_SUCCESS);
    RegCloseKey(key);
}

static void set_szpname(const char *name)
{
    HKEY key;
    assert_int_equal(RegCreateKeyExA(HKEY_CURRENT_USER, MIDIMAP_KEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL),
                     ERROR_SUCCESS);
    if (name)
        assert_int_equal(RegSetValueExA(key, "szPname", 0, REG_SZ, (const BYTE *)name, (DWORD)strlen(name) + 1),
                         ERROR_SUCCESS);
    else
        RegDeleteValueA(key, "szPname");
    RegCloseKey(key);
}

/* Opens the mapper with a callback: exactly one MOM_OPEN, with the mapper handle. */
static HMIDIOUT open_mapper(mt_seen *seen)
{
    HMIDIOUT hmo = NULL;
    assert_int_equal(midiOutOpen(&hmo, MIDI_MAPPER, (DWORD_PTR)mt_record, (DWORD_PTR)seen, CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    assert_int_equal(seen->count, 1);
    assert_int_equal(seen->msgs[0], MOM_OPEN);
    assert_int_equal(seen->handles[0], (DWORD_PTR)hmo);
    return hmo;
}

/* Opens the mapper, sends a note, closes; returns the device that received it. */
static UINT routed_device(void)
{
    mt_clear();
    HMIDIOUT hmo = NULL;
    assert_int_equal(midiOutOpen(&hmo, MIDI_MAPPER, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    assert_int_equal(midiOutShortMsg(hmo, 0x7F3C90), MMSYSERR_NOERROR);
    assert_int_equal(midiOutClose(hmo), MMSYSERR_NOERROR);
    midi_test_event ev[4];
    assert_int_equal(mt_events(ev, 4), 1);
    return ev[0].device;
}

static void default_and_registry(void **state)
{
    (void)state;
    char *folder = mt_setup("out=3 in=0");
    set_szpname(NULL);
    assert_int_equal(routed_device(), 0);
    set_szpname("MIDI Test Out 2 (test)");
    assert_int_equal(routed_device(), 2);
    set_szpname("midi test out 1 (TEST)");
    assert_int_equal(routed_device(), 1);
    set_szpname("No Such Port");
    assert_int_equal(routed_device(), 0);
    set_szpname(NULL);
    mt_teardown(folder);
}

static void software_synth(void **state)
{
    (void)state;
    char *folder = mt_setup("out=3 in=0 synth=1");
    set_szpname(NULL);
    assert_int_equal(routed_device(), 1);
    set_szpname("MIDI Test Out 2 (test)"); /* the configured name wins */
    assert_int_equal(routed_device(), 2);
    set_szpname(NULL);
    mt_teardown(folder);
}

static void caps_callbacks_stream_volume(void **state)
{
    (void)state;
    char *folder = mt_setup("out=2 in=0");
    set_szpname("MIDI Test Out 1 (test)");
    MIDIOUTCAPSA caps;
    assert_int_equal(midiOutGetDevCapsA(MIDI_MAPPER, &caps, sizeof caps), MMSYSERR_NOERROR);
    assert_string_equal(caps.szPname, "Microsoft MIDI Mapper");
    assert_int_equal(caps.wTechnology, MOD_MAPPER);
    assert_int_equal(caps.wMid, 0xFF);
    assert_int_equal(caps.wPid, 1);
    assert_int_equal(caps.dwSupport, MIDICAPS_VOLUME | MIDICAPS_LRVOLUME);
    /* Callbacks come from the device's driver, with the mapper handle. */
    mt_seen seen = {0};
    HMIDIOUT hmo = open_mapper(&seen);
    static char sysex[] = {(char)0xF0, 0x01, (char)0xF7};
    MIDIHDR h = {.lpData = sysex, .dwBufferLength = 3};
    mt_clear();
    assert_int_equal(midiOutPrepareHeader(hmo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(midiOutLongMsg(hmo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(mt_count(&seen, MOM_DONE), 1);
    assert_int_equal(midiOutUnprepareHeader(hmo, &h, sizeof h), MMSYSERR_NOERROR);
    midi_test_event ev[4];
    assert_int_equal(mt_events(ev, 4), 1);
    assert_int_equal(ev[0].device, 1);
    assert_int_equal(midiOutSetVolume(hmo, 0x11112222), MMSYSERR_NOERROR);
    DWORD volume = 0;
    assert_int_equal(midiOutGetVolume((HMIDIOUT)(UINT_PTR)1, &volume), MMSYSERR_NOERROR);
    assert_int_equal(volume, 0x11112222);
    assert_int_equal(midiOutGetVolume((HMIDIOUT)(UINT_PTR)MIDI_MAPPER, &volume), MMSYSERR_NOERROR);
    assert_int_equal(volume, 0x11112222);
    assert_int_equal(midiOutClose(hmo), MMSYSERR_NOERROR);
    assert_int_equal(seen.msgs[seen.count - 1], MOM_CLOSE);
    /* A stream on the mapper. */
    HMIDISTRM hms = NULL;
    UINT id = MIDI_MAPPER;
    assert_int_equal(midiStreamOpen(&hms, &id, 1, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    assert_int_equal(id, MIDI_MAPPER);
    DWORD words[3] = {0, 0, 0x7F3C90};
    MIDIHDR sh = {.lpData = (LPSTR)words, .dwBufferLength = sizeof words, .dwBytesRecorded = sizeof words};
    mt_clear();
    assert_int_equal(midiOutPrepareHeader((HMIDIOUT)hms, &sh, sizeof sh), MMSYSERR_NOERROR);
    assert_int_equal(midiStreamOut(hms, &sh, sizeof sh), MMSYSERR_NOERROR);
    assert_int_equal(midiStreamRestart(hms), MMSYSERR_NOERROR);
    for (int i = 0; i < 500 && !(mt_flags(&sh) & MHDR_DONE); i++)
        mt_sleep_ms(2);
    assert_true(mt_flags(&sh) & MHDR_DONE);
    assert_int_equal(mt_events(ev, 4), 1);
    assert_int_equal(ev[0].device, 1);
    assert_int_equal(midiStreamClose(hms), MMSYSERR_NOERROR);
    set_szpname(NULL);
    mt_teardown(folder);
}

static void no_device(void **state)
{
    (void)state;
    char *folder = mt_setup("out=0 in=1");
    assert_int_equal(midiOutGetNumDevs(), 0);
    HMIDIOUT hmo = (HMIDIOUT)(uintptr_t)1;
    assert_int_equal(midiOutOpen(&hmo, MIDI_MAPPER, 0, 0, CALLBACK_NULL), MIDIERR_NODEVICE);
    assert_null(hmo);
    MIDIOUTCAPSA caps;
    assert_int_equal(midiOutGetDevCapsA(MIDI_MAPPER, &caps, sizeof caps), MMSYSERR_BADDEVICEID);
    assert_int_equal(midiOutOpen(&hmo, 0, 0, 0, CALLBACK_NULL), MMSYSERR_BADDEVICEID);
    mt_teardown(folder);
}

/* Two devices, scheme "Split": channels 0-7 (and 9, the later entry) to device 0, the rest to 1. */
static char *scheme_setup(void)
{
    char *folder = mt_setup("out=3 in=0");
    setenv("PORTACM_REGISTRY_DIR", folder, 1);
    set_scheme_entry("Split", "00", "MIDI Test Out 1 (test)", 0xFF00);
    set_scheme_entry("Split", "01", "midi test out 0 (TEST)", 0x02FF);
    set_user_string("szPname", NULL);
    set_user_string("CurrentInstrument", NULL);
    set_user_string("CurrentScheme", "Split");
    set_use_scheme(1);
    return folder;
}

static void scheme_teardown(char *folder)
{
    set_user_string("CurrentScheme", NULL);
    set_user_string("CurrentInstrument", NULL);
    set_use_scheme(0);
    unsetenv("PORTACM_REGISTRY_DIR");
    mt_teardown(folder);
}

/* The devices that received the events recorded, as a bit mask per event. */
static int devices_of(midi_test_event *ev, int count, int kind)
{
    int mask = 0;
    for (int i = 0; i < count; i++)
        if (ev[i].kind == kind)
            mask |= 1 << ev[i].device;
    return mask;
}

static void scheme_channels(void **state)
{
    (void)state;
    char *folder = scheme_setup();
    mt_seen seen = {0};
    HMIDIOUT hmo = open_mapper(&seen); /* the mapper notifies its client itself */
    static const struct { DWORD msg; UINT device; } cases[] = {
        {0x7F3C90, 0}, {0x7F3C97, 0}, {0x7F3C99, 0}, {0x7F3C98, 1}, {0x7F3C9F, 1}, {0x05C8, 1}, {0x05C1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mt_clear();
        assert_int_equal(midiOutShortMsg(hmo, cases[i].msg), MMSYSERR_NOERROR);
        midi_test_event ev[4];
        assert_int_equal(mt_events(ev, 4), 1);
        assert_int_equal(ev[0].device, cases[i].device);
        assert_int_equal(ev[0].message, cases[i].msg);
    }
    /* running status goes by the resolved channel */
    mt_clear();
    assert_int_equal(midiOutShortMsg(hmo, 0x7F3CBA), MMSYSERR_NOERROR);
    assert_int_equal(midiOutShortMsg(hmo, 0x0107), MMSYSERR_NOERROR);
    midi_test_event ev[8];
    assert_int_equal(mt_events(ev, 8), 2);
    assert_int_equal(ev[1].device, 1);
    assert_int_equal(ev[1].message, 0x0107BA);
    /* a system message to every device, once */
    mt_clear();
    assert_int_equal(midiOutShortMsg(hmo, 0xF8), MMSYSERR_NOERROR);
    assert_int_equal(mt_events(ev, 8), 2);
    assert_int_equal(devices_of(ev, 2, MTD_SHORT), 3);
    /* SysEx to every device once; one MOM_DONE from the mapper */
    static char sysex[] = {(char)0xF0, 0x7E, 0x01, (char)0xF7};
    MIDIHDR h = {.lpData = sysex, .dwBufferLength = sizeof sysex};
    assert_int_equal(midiOutPrepareHeader(hmo, &h, sizeof h), MMSYSERR_NOERROR);
    mt_clear();
    assert_int_equal(midiOutLongMsg(hmo, &h, sizeof h), MMSYSERR_NOERROR);
    assert_int_equal(mt_events(ev, 8), 2);
    assert_int_equal(devices_of(ev, 2, MTD_LONG), 3);
    assert_int_equal(ev[0].length, sizeof sysex);
    assert_memory_equal(ev[1].data, sysex, sizeof sysex);
    assert_int_equal(mt_count(&seen, MOM_DONE), 1);
    assert_int_equal(seen.p1[seen.count - 1], (DWORD_PTR)&h);
    assert_int_equal(mt_flags(&h), MHDR_PREPARED | MHDR_DONE);
    assert_int_equal(midiOutUnprepareHeader(hmo, &h, sizeof h), MMSYSERR_NOERROR);
    /* reset: every device */
    mt_clear();
    assert_int_equal(midiOutReset(hmo), MMSYSERR_NOERROR);
    assert_int_equal(mt_events(ev, 8), 2);
    assert_int_equal(devices_of(ev, 2, MTD_RESET), 3);
    assert_int_equal(midiOutClose(hmo), MMSYSERR_NOERROR);
    assert_int_equal(mt_count(&seen, MOM_CLOSE), 1);
    assert_int_equal(seen.msgs[seen.count - 1], MOM_CLOSE);
    /* both devices were closed: they open again */
    HMIDIOUT direct = NULL;
    assert_int_equal(midiOutOpen(&direct, 0, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    assert_int_equal(midiOutClose(direct), MMSYSERR_NOERROR);
    assert_int_equal(midiOutOpen(&direct, 1, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    /* one device busy: the mapper still opens, with the other one */
    assert_int_equal(midiOutOpen(&hmo, MIDI_MAPPER, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    mt_clear();
    assert_int_equal(midiOutShortMsg(hmo, 0x7F3C90), MMSYSERR_NOERROR);
    assert_int_equal(midiOutShortMsg(hmo, 0x7F3C9F), MMSYSERR_NOERROR);
    assert_int_equal(mt_events(ev, 8), 1);
    assert_int_equal(ev[0].device, 0);
    assert_int_equal(midiOutClose(hmo), MMSYSERR_NOERROR);
    assert_int_equal(midiOutClose(direct), MMSYSERR_NOERROR);
    scheme_teardown(folder);
}

static void scheme_unmapped_and_stream(void **state)
{
    (void)state;
    char *folder = scheme_setup();
    set_scheme_entry("Split", "00", "MIDI Test Out 1 (test)", 0x0002);
    set_scheme_entry("Split", "01", "MIDI Test Out 2 (test)", 0x0001);
    HMIDIOUT hmo = NULL;
    assert_int_equal(midiOutOpen(&hmo, MIDI_MAPPER, 0, 0, CALLBACK_NULL), MMSYSERR_NOERROR);
    mt_clear();
    assert_int_equal(midiOutShortMsg(hmo, 0x7F3C92), MMSYSERR_NOERROR); /* channel 2: no device */
    assert_int_equal(mt_events(NULL, 0), 0);
    assert_int_equal(midiOutClose(hmo), MMSYSERR_NOERROR);
    /* a stream on the mapper: winmm's player, each channel to its device */
    HMIDISTRM hms = NULL;
    UINT id = MIDI_MAPPER;
    mt_seen seen = {0};
    assert_int_equal(midiStreamOpen(&hms, &id, 1, (DWORD_PTR)mt_record, (DWORD_PTR)&seen, CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    DWORD words[9] = {0, 0, 0x7F3C90, 0, 0, 0x7F3D91, 0, 0, 0x7F3E92};
    MIDIHDR sh = {.lpData = (LPSTR)words, .dwBufferLength = sizeof words, .dwBytesRecorded = sizeof words};
    mt_clear();
    assert_int_equal(midiOutPrepareHeader((HMIDIOUT)hms, &sh, sizeof sh), MMSYSERR_NOERROR);
    assert_int_equal(midiStreamOut(hms, &sh, sizeof sh), MMSYSERR_NOERROR);
    assert_int_equal(midiStreamRestart(hms), MMSYSERR_NOERROR);
    assert_true(mt_wait(&seen, MOM_DONE, 1, 2000));
    midi_test_event ev[8];
    assert_int_equal(mt_events(ev, 8), 2);
    assert_int_equal(ev[0].device, 2);
    assert_int_equal(ev[0].message, 0x7F3C90);
    assert_int_equal(ev[1].device, 1);
    assert_int_equal(ev[1].message, 0x7F3D91);
    assert_int_equal(midiStreamClose(hms), MMSYSERR_NOERROR);
    assert_int_equal(mt_count(&seen, MOM_OPEN), 1);
    assert_int_equal(mt_count(&seen, MOM_CLOSE), 1);
    scheme_teardown(folder);
}

static void what_wins(void **state)
{
    (void)state;
    char *folder = scheme_setup();
    /* szPname wins over the scheme */
    set_szpname("MIDI Test Out 2 (test)");
    assert_int_equal(routed_device(), 2);
    set_szpname(NULL);
    /* UseScheme 0: CurrentInstrument, by name or #n; else device 0 */
    set_use_scheme(0);
    assert_int_equal(routed_device(), 0);
    set_user_string("CurrentInstrument", "MIDI Test Out 2 (test)");
    assert_int_equal(routed_device(), 2);
    set_user_string("CurrentInstrument", "#1");
    assert_int_equal(routed_device(), 1);
    set_user_string("CurrentInstrument", "#7");
    assert_int_equal(routed_device(), 0);
    /* an unknown scheme, or one naming no device: CurrentInstrument */
    set_user_string("CurrentInstrument", "#2");
    set_use_scheme(1);
    set_user_string("CurrentScheme", "Nothing");
    assert_int_equal(routed_device(), 2);
    set_scheme_entry("Ghosts", "0", "No Such Port", 0xFFFF);
    set_user_string("CurrentScheme", "Ghosts");
    assert_int_equal(routed_device(), 2);
    /* a scheme sending every channel to one device */
    set_scheme_entry("One", "0", "#1", 0xFFFF);
    set_user_string("CurrentScheme", "One");
    assert_int_equal(routed_device(), 1);
    scheme_teardown(folder);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_and_registry),
        cmocka_unit_test(software_synth),
        cmocka_unit_test(caps_callbacks_stream_volume),
        cmocka_unit_test(no_device),
        cmocka_unit_test(scheme_channels),
        cmocka_unit_test(scheme_unmapped_and_stream),
        cmocka_unit_test(what_wins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
