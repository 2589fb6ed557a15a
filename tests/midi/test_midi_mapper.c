/*
 * test_midi_mapper.c - the MIDI mapper (MIDI_MAPPER) over the MIDI test driver: device 0 by
 * default, the MOD_SWSYNTH device when there is one, the device named by the MIDIMap szPname
 * registry value (any case), an unknown name, no output device; caps, streams and volume
 * through the mapper.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "windows.h"
#include "mmsystem.h"
#include "winreg.h"
#include "midi_test_util.h"

#define MIDIMAP_KEY "Software\\Microsoft\\Windows\\CurrentVersion\\Multimedia\\MIDIMap"

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
    HMIDIOUT hmo = NULL;
    assert_int_equal(midiOutOpen(&hmo, MIDI_MAPPER, (DWORD_PTR)mt_record, (DWORD_PTR)&seen, CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    assert_int_equal(seen.count, 1);
    assert_int_equal(seen.msgs[0], MOM_OPEN);
    assert_int_equal(seen.handles[0], (DWORD_PTR)hmo);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_and_registry),
        cmocka_unit_test(software_synth),
        cmocka_unit_test(caps_callbacks_stream_volume),
        cmocka_unit_test(no_device),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
