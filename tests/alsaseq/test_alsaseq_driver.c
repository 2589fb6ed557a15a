/*
 * test_alsaseq_driver.c - the sequencer MIDI driver (alsaseq.drv) through its DriverProc and
 * its modMessage / midMessage functions.
 *
 * Always run: no devices without a sequencer (GETNUMDEVS 0, quickly, and PORTACM_DEBUG says
 * why), DriverProc messages, hostile messages (bad device IDs, bad instance values, thru).
 * Where /dev/snd/seq exists the test owns a sequencer client with two ports and checks delivery
 * both ways: midiOut -> the test's writable port receives the right events; the test's readable
 * port sends -> midiIn gets MIM_DATA with status and timestamps and SysEx split into buffers.
 * Where it is absent those cases print "SKIP: /dev/snd/seq is absent: ..." and are skipped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <alsa/asoundlib.h>
#include <cmocka.h>

#include "alsaseq/alsaseq_int.h"
#include "audio_int.h"

static bool seq_node;  /* /dev/snd/seq exists */
static bool have_seq;  /* and the test's own client was made */
static char debug_log[] = "/tmp/portacm-alsaseq-debug-XXXXXX";
static int saved_stderr = -1; /* stderr while PORTACM_DEBUG goes to debug_log */

static bool skip_without_seq(const char *what)
{
    if (have_seq)
        return false;
    const char *why = seq_node ? "there but the test's client could not be made" : "absent";
    printf("SKIP: /dev/snd/seq is %s: %s\n", why, what);
    fflush(stdout);
    return true;
}

/* ---- notifications ---- */

typedef struct note {
    UINT msg;
    DWORD_PTR p1, p2;
} note;

static pthread_mutex_t notes_lock = PTHREAD_MUTEX_INITIALIZER;
static note notes[256];
static unsigned note_count;

static void CALLBACK on_notify(HDRVR hdrvr, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)hdrvr;
    assert_int_equal(user, 0x1234);
    pthread_mutex_lock(&notes_lock);
    if (note_count < 256)
        notes[note_count++] = (note){msg, p1, p2};
    pthread_mutex_unlock(&notes_lock);
}

static unsigned count_of(UINT msg)
{
    pthread_mutex_lock(&notes_lock);
    unsigned n = 0;
    for (unsigned i = 0; i < note_count; i++)
        n += notes[i].msg == msg;
    pthread_mutex_unlock(&notes_lock);
    return n;
}

static bool wait_for(UINT msg, unsigned count)
{
    for (int i = 0; i < 200; i++) {
        if (count_of(msg) >= count)
            return true;
        usleep(10000);
    }
    return false;
}

static MIDIOPENDESC open_desc(void)
{
    return (MIDIOPENDESC){.hMidi = (HMIDI)(uintptr_t)0x77, .dwCallback = (DWORD_PTR)on_notify, .dwInstance = 0x1234,
                          .cIds = 1};
}

/* ---- always run ---- */

static void test_no_devices_without_sequencer(void **state)
{
    (void)state;
    if (seq_node) {
        printf("(/dev/snd/seq exists: the no-sequencer answers are not tested here)\n");
        return;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(pacm_alsaseq_mod_message(0, MODM_GETNUMDEVS, 0, 0, 0), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double first = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    /* later asks do not try the sequencer again */
    t0 = t1;
    for (int i = 0; i < 100; i++)
        assert_int_equal(pacm_alsaseq_mid_message(0, MIDM_GETNUMDEVS, 0, 0, 0), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fflush(stderr);
    dup2(saved_stderr, STDERR_FILENO); /* cmocka's messages go to the real stderr again */
    double later = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    assert_true(first < 3.0); /* alsa-lib reads its configuration once (slow under valgrind) */
    assert_true(later < 0.1);
    MIDIOUTCAPSW caps;
    assert_int_equal(pacm_alsaseq_mod_message(0, MODM_GETDEVCAPS, 0, (DWORD_PTR)&caps, sizeof caps),
                     MMSYSERR_BADDEVICEID);
    MIDIOPENDESC desc = open_desc();
    DWORD_PTR user = 0;
    assert_int_equal(pacm_alsaseq_mod_message(0, MODM_OPEN, (DWORD_PTR)&user, (DWORD_PTR)&desc, CALLBACK_FUNCTION),
                     MMSYSERR_BADDEVICEID);
    assert_int_equal(pacm_alsaseq_mid_message(0, MIDM_OPEN, (DWORD_PTR)&user, (DWORD_PTR)&desc, CALLBACK_FUNCTION),
                     MMSYSERR_BADDEVICEID);
    assert_int_equal(user, 0);
    assert_int_equal(count_of(MOM_OPEN) + count_of(MIM_OPEN), 0);
    /* PORTACM_DEBUG (set by main) says why */
    FILE *log = fopen(debug_log, "r");
    assert_non_null(log);
    char text[4096] = "";
    size_t n = fread(text, 1, sizeof text - 1, log);
    text[n] = '\0';
    fclose(log);
    assert_non_null(strstr(text, "alsaseq.drv: no ALSA sequencer"));
    assert_null(strstr(text, "ALSA lib")); /* alsa-lib was not made to print its own error */
}

static void test_driver_proc(void **state)
{
    (void)state;
    /* The DriverProc (the built-ins' shared one) is checked for every built-in by alsa_driver. */
    for (UINT msg = DRVM_INIT; msg <= DRVM_ENABLE; msg++) {
        assert_int_equal(pacm_alsaseq_mod_message(0, msg, 0, 0, 0), MMSYSERR_NOERROR);
        assert_int_equal(pacm_alsaseq_mid_message(0, msg, 0, 0, 0), MMSYSERR_NOERROR);
    }
}

static void test_hostile_messages(void **state)
{
    (void)state;
    UINT outs = (UINT)pacm_alsaseq_mod_message(0, MODM_GETNUMDEVS, 0, 0, 0);
    UINT ins = (UINT)pacm_alsaseq_mid_message(0, MIDM_GETNUMDEVS, 0, 0, 0);
    MIDIOUTCAPSW caps;
    MIDIOPENDESC desc = open_desc();
    DWORD_PTR user = 0;
    static const UINT bad_ids[] = {0, 1, 1000, 0xFFFFFFFFu};
    for (unsigned i = 0; i < 4; i++) {
        UINT out_id = outs + bad_ids[i], in_id = ins + bad_ids[i];
        assert_int_equal(pacm_alsaseq_mod_message(out_id, MODM_GETDEVCAPS, 0, (DWORD_PTR)&caps, sizeof caps),
                         MMSYSERR_BADDEVICEID);
        assert_int_equal(pacm_alsaseq_mid_message(in_id, MIDM_GETDEVCAPS, 0, (DWORD_PTR)&caps, sizeof caps),
                         MMSYSERR_BADDEVICEID);
        assert_int_equal(pacm_alsaseq_mod_message(out_id, MODM_OPEN, (DWORD_PTR)&user, (DWORD_PTR)&desc, 0),
                         MMSYSERR_BADDEVICEID);
        assert_int_equal(pacm_alsaseq_mid_message(in_id, MIDM_OPEN, (DWORD_PTR)&user, (DWORD_PTR)&desc, 0),
                         MMSYSERR_BADDEVICEID);
    }
    /* instance messages with instance values that were never given out */
    const DWORD_PTR bad_users[] = {0, 1, 0x12345678, (DWORD_PTR)&caps};
    MIDIHDR header = {.lpData = (LPSTR) "\xF0\xF7", .dwBufferLength = 2, .dwFlags = MHDR_PREPARED};
    for (unsigned i = 0; i < 4; i++) {
        DWORD_PTR u = bad_users[i];
        assert_int_equal(pacm_alsaseq_mod_message(0, MODM_CLOSE, u, 0, 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(pacm_alsaseq_mod_message(0, MODM_DATA, u, 0x403C90, 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(pacm_alsaseq_mod_message(0, MODM_LONGDATA, u, (DWORD_PTR)&header, sizeof header),
                         MMSYSERR_INVALHANDLE);
        assert_int_equal(pacm_alsaseq_mod_message(0, MODM_RESET, u, 0, 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(pacm_alsaseq_mid_message(0, MIDM_CLOSE, u, 0, 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(pacm_alsaseq_mid_message(0, MIDM_ADDBUFFER, u, (DWORD_PTR)&header, sizeof header),
                         MMSYSERR_INVALHANDLE);
        for (UINT msg = MIDM_START; msg <= MIDM_RESET; msg++)
            assert_int_equal(pacm_alsaseq_mid_message(0, msg, u, 0, 0), MMSYSERR_INVALHANDLE);
    }
    assert_int_equal(header.dwFlags, MHDR_PREPARED); /* untouched */
    /* what winmm does itself, and messages the driver does not know */
    static const UINT unsupported_out[] = {MODM_PREPARE, MODM_UNPREPARE, MODM_GETVOLUME, MODM_SETVOLUME,
                                           MODM_CACHEPATCHES, MODM_CACHEDRUMPATCHES, MODM_STRMDATA,
                                           DRVM_ADD_THRU, DRVM_REMOVE_THRU, DRVM_USER, 0xFFFF};
    for (unsigned i = 0; i < sizeof unsupported_out / sizeof unsupported_out[0]; i++)
        assert_int_equal(pacm_alsaseq_mod_message(0, unsupported_out[i], 0, 0, 0), MMSYSERR_NOTSUPPORTED);
    static const UINT unsupported_in[] = {MIDM_PREPARE, MIDM_UNPREPARE, DRVM_ADD_THRU, DRVM_REMOVE_THRU, 0xFFFF};
    for (unsigned i = 0; i < sizeof unsupported_in / sizeof unsupported_in[0]; i++)
        assert_int_equal(pacm_alsaseq_mid_message(0, unsupported_in[i], 0, 0, 0), MMSYSERR_NOTSUPPORTED);
    assert_int_equal(count_of(MOM_OPEN) + count_of(MIM_OPEN) + count_of(MOM_DONE), 0);
}

/* ---- with a sequencer: the test's own client ---- */

static snd_seq_t *test_seq;
static int sink_port = -1, source_port = -1; /* sink: our midiOut target; source: our midiIn source */

static int make_test_client(void)
{
    if (snd_seq_open(&test_seq, "default", SND_SEQ_OPEN_DUPLEX, SND_SEQ_NONBLOCK) < 0)
        return -1;
    snd_seq_set_client_name(test_seq, "alsaseq test");
    sink_port = snd_seq_create_simple_port(test_seq, "sink", SND_SEQ_PORT_CAP_WRITE | SND_SEQ_PORT_CAP_SUBS_WRITE,
                                           SND_SEQ_PORT_TYPE_MIDI_GENERIC | SND_SEQ_PORT_TYPE_APPLICATION);
    source_port = snd_seq_create_simple_port(test_seq, "source", SND_SEQ_PORT_CAP_READ | SND_SEQ_PORT_CAP_SUBS_READ,
                                             SND_SEQ_PORT_TYPE_MIDI_GENERIC | SND_SEQ_PORT_TYPE_APPLICATION);
    return sink_port >= 0 && source_port >= 0 ? 0 : -1;
}

/* The device ID whose caps name is the test's port (names are "client:port"). */
static UINT find_device(alsaseq_direction direction, const char *port_name)
{
    char expected[64];
    snprintf(expected, sizeof expected, "alsaseq test:%s", port_name);
    UINT count = direction == ALSASEQ_OUTPUT ? (UINT)pacm_alsaseq_mod_message(0, MODM_GETNUMDEVS, 0, 0, 0)
                                             : (UINT)pacm_alsaseq_mid_message(0, MIDM_GETNUMDEVS, 0, 0, 0);
    for (UINT i = 0; i < count; i++) {
        MIDIOUTCAPSW caps;
        memset(&caps, 0, sizeof caps);
        DWORD result = direction == ALSASEQ_OUTPUT
                           ? pacm_alsaseq_mod_message(i, MODM_GETDEVCAPS, 0, (DWORD_PTR)&caps, sizeof caps)
                           : pacm_alsaseq_mid_message(i, MIDM_GETDEVCAPS, 0, (DWORD_PTR)&caps, sizeof(MIDIINCAPSW));
        assert_int_equal(result, MMSYSERR_NOERROR);
        char name[64];
        size_t n = 0;
        for (; n < MAXPNAMELEN && caps.szPname[n]; n++)
            name[n] = (char)caps.szPname[n];
        name[n] = '\0';
        if (strcmp(name, expected) == 0)
            return i;
    }
    fail_msg("no device named \"%s\"", expected);
    return 0;
}

/* The next event on the test's client, waiting up to 2 s. */
static snd_seq_event_t *next_event(void)
{
    for (int i = 0; i < 200; i++) {
        snd_seq_event_t *event = NULL;
        if (snd_seq_event_input(test_seq, &event) >= 0 && event)
            return event;
        usleep(10000);
    }
    fail_msg("no event arrived");
    return NULL;
}

static void test_output_delivery(void **state)
{
    (void)state;
    if (skip_without_seq("midiOut delivery to a port (short messages, running status, SysEx, reset)"))
        skip();
    UINT dev = find_device(ALSASEQ_OUTPUT, "sink");
    MIDIOUTCAPSW caps;
    assert_int_equal(pacm_alsaseq_mod_message(dev, MODM_GETDEVCAPS, 0, (DWORD_PTR)&caps, sizeof caps), 0);
    assert_int_equal(caps.wTechnology, MOD_MIDIPORT);
    assert_int_equal(caps.wChannelMask, 0xFFFF);
    assert_int_equal(pacm_alsaseq_mod_message(dev, MODM_GETDEVCAPS, 0, 0, sizeof caps), MMSYSERR_INVALPARAM);
    MIDIOUTCAPSW part;
    memset(&part, 0xAB, sizeof part);
    assert_int_equal(pacm_alsaseq_mod_message(dev, MODM_GETDEVCAPS, 0, (DWORD_PTR)&part, 4), MMSYSERR_NOERROR);
    assert_int_equal(part.wMid, caps.wMid);
    assert_int_equal(part.vDriverVersion, 0xABABABABu); /* only the 4 bytes asked for */
    MIDIOPENDESC desc = open_desc();
    DWORD_PTR user = 0;
    note_count = 0;
    assert_int_equal(pacm_alsaseq_mod_message(dev, MODM_OPEN, (DWORD_PTR)&user, (DWORD_PTR)&desc, CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    assert_int_equal(count_of(MOM_OPEN), 1); /* before OPEN returned */
    assert_int_equal(pacm_alsaseq_mod_message(dev, MODM_DATA, user, 0x00403C91, 0), MMSYSERR_NOERROR);
    assert_int_equal(pacm_alsaseq_mod_message(dev, MODM_DATA, user, 0x00007F3E, 0), MMSYSERR_NOERROR);
    snd_seq_event_t *event = next_event();
    assert_int_equal(event->type, SND_SEQ_EVENT_NOTEON);
    assert_int_equal(event->data.note.channel, 1);
    assert_int_equal(event->data.note.note, 60);
    assert_int_equal(event->data.note.velocity, 64);
    event = next_event();
    assert_int_equal(event->type, SND_SEQ_EVENT_NOTEON); /* running status repeated */
    assert_int_equal(event->data.note.note, 0x3E);
    assert_int_equal(event->data.note.velocity, 0x7F);
    /* SysEx without F0/F7: framed, sent, done before LONGDATA returns */
    char data[] = "\x7E\x7F\x09\x01";
    MIDIHDR header = {.lpData = data, .dwBufferLength = 4, .dwFlags = MHDR_PREPARED};
    assert_int_equal(pacm_alsaseq_mod_message(dev, MODM_LONGDATA, user, (DWORD_PTR)&header, sizeof header),
                     MMSYSERR_NOERROR);
    assert_int_equal(count_of(MOM_DONE), 1);
    assert_int_equal(header.dwFlags, MHDR_PREPARED | MHDR_DONE);
    BYTE got[16];
    unsigned got_length = 0;
    while (got_length < 6) {
        event = next_event();
        assert_int_equal(event->type, SND_SEQ_EVENT_SYSEX);
        memcpy(got + got_length, event->data.ext.ptr, event->data.ext.len);
        got_length += event->data.ext.len;
    }
    assert_int_equal(got_length, 6);
    assert_memory_equal(got, "\xF0\x7E\x7F\x09\x01\xF7", 6);
    /* after a long message there is no running status: a data byte alone is dropped */
    assert_int_equal(pacm_alsaseq_mod_message(dev, MODM_DATA, user, 0x00007F3E, 0), MMSYSERR_NOERROR);
    header.dwFlags = 0;
    assert_int_equal(pacm_alsaseq_mod_message(dev, MODM_LONGDATA, user, (DWORD_PTR)&header, sizeof header),
                     MIDIERR_UNPREPARED);
    /* reset: all sound off and sustain off on 16 channels, nothing else */
    assert_int_equal(pacm_alsaseq_mod_message(dev, MODM_RESET, user, 0, 0), MMSYSERR_NOERROR);
    for (unsigned i = 0; i < 32; i++) {
        event = next_event();
        assert_int_equal(event->type, SND_SEQ_EVENT_CONTROLLER);
        assert_int_equal(event->data.control.channel, i / 2);
        assert_int_equal(event->data.control.param, i % 2 ? 64 : 120);
        assert_int_equal(event->data.control.value, 0);
    }
    assert_int_equal(pacm_alsaseq_mod_message(dev, MODM_CLOSE, user, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(count_of(MOM_CLOSE), 1);
    assert_int_equal(pacm_alsaseq_mod_message(dev, MODM_DATA, user, 0x00403C90, 0), MMSYSERR_INVALHANDLE);
}

static void send_from_source(snd_seq_event_t *event)
{
    snd_seq_ev_set_source(event, source_port);
    snd_seq_ev_set_subs(event);
    snd_seq_ev_set_direct(event);
    assert_true(snd_seq_event_output_direct(test_seq, event) >= 0);
}

/* Stop returns the buffer a SysEx is filling (h3, queued first), not the empty ones; reset
 * returns the empty ones too. Two MIM_LONGDATA came before. */
static void check_stop_and_reset(UINT dev, DWORD_PTR user, MIDIHDR *h3)
{
    snd_seq_event_t event;
    /* stop returns the buffer a SysEx is filling, not the empty ones */
    unsigned char unfinished[] = {0xF0, 0x01};
    snd_seq_ev_clear(&event);
    snd_seq_ev_set_sysex(&event, sizeof unfinished, unfinished);
    send_from_source(&event);
    for (int i = 0; i < 200 && h3->dwBytesRecorded < 2; i++)
        usleep(10000);
    char d4[4];
    MIDIHDR h4 = {.lpData = d4, .dwBufferLength = 4, .dwFlags = MHDR_PREPARED};
    assert_int_equal(pacm_alsaseq_mid_message(dev, MIDM_ADDBUFFER, user, (DWORD_PTR)&h4, sizeof h4), 0);
    assert_int_equal(pacm_alsaseq_mid_message(dev, MIDM_STOP, user, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(count_of(MIM_LONGDATA), 3);
    assert_int_equal(h3->dwBytesRecorded, 2);
    assert_int_equal(h3->dwFlags, MHDR_PREPARED | MHDR_DONE);
    assert_int_equal(h4.dwFlags, MHDR_PREPARED | MHDR_INQUEUE);
    /* reset returns the empty buffer too */
    assert_int_equal(pacm_alsaseq_mid_message(dev, MIDM_RESET, user, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(count_of(MIM_LONGDATA), 4);
    assert_int_equal(h4.dwBytesRecorded, 0);
    assert_int_equal(h4.dwFlags, MHDR_PREPARED | MHDR_DONE);
}

static void test_input_delivery(void **state)
{
    (void)state;
    if (skip_without_seq("midiIn from a port (MIM_DATA with status and timestamps, SysEx split into buffers, reset)"))
        skip();
    UINT dev = find_device(ALSASEQ_INPUT, "source");
    MIDIOPENDESC desc = open_desc();
    DWORD_PTR user = 0;
    note_count = 0;
    assert_int_equal(pacm_alsaseq_mid_message(dev, MIDM_OPEN, (DWORD_PTR)&user, (DWORD_PTR)&desc, 0x40000000u),
                     MMSYSERR_INVALFLAG);
    assert_int_equal(pacm_alsaseq_mid_message(dev, MIDM_OPEN, (DWORD_PTR)&user, (DWORD_PTR)&desc, CALLBACK_FUNCTION),
                     MMSYSERR_NOERROR);
    assert_int_equal(count_of(MIM_OPEN), 1);
    char d1[4], d2[4], d3[4];
    MIDIHDR h1 = {.lpData = d1, .dwBufferLength = 4, .dwFlags = MHDR_PREPARED};
    MIDIHDR h2 = {.lpData = d2, .dwBufferLength = 4, .dwFlags = MHDR_PREPARED};
    MIDIHDR h3 = {.lpData = d3, .dwBufferLength = 4, .dwFlags = MHDR_PREPARED};
    assert_int_equal(pacm_alsaseq_mid_message(dev, MIDM_ADDBUFFER, user, (DWORD_PTR)&h1, sizeof h1), 0);
    assert_int_equal(pacm_alsaseq_mid_message(dev, MIDM_ADDBUFFER, user, (DWORD_PTR)&h1, sizeof h1),
                     MIDIERR_STILLPLAYING);
    assert_int_equal(pacm_alsaseq_mid_message(dev, MIDM_ADDBUFFER, user, (DWORD_PTR)&h2, sizeof h2), 0);
    assert_int_equal(pacm_alsaseq_mid_message(dev, MIDM_ADDBUFFER, user, (DWORD_PTR)&h3, sizeof h3), 0);
    assert_int_equal(pacm_alsaseq_mid_message(dev, MIDM_CLOSE, user, 0, 0), MIDIERR_STILLPLAYING);
    /* not started: nothing is delivered */
    snd_seq_event_t event;
    snd_seq_ev_clear(&event);
    snd_seq_ev_set_noteon(&event, 2, 61, 90);
    send_from_source(&event);
    usleep(100000);
    assert_int_equal(count_of(MIM_DATA), 0);
    assert_int_equal(pacm_alsaseq_mid_message(dev, MIDM_START, user, 0, 0), MMSYSERR_NOERROR);
    usleep(150000);
    snd_seq_ev_clear(&event);
    snd_seq_ev_set_noteon(&event, 3, 60, 100);
    send_from_source(&event);
    snd_seq_ev_clear(&event);
    snd_seq_ev_set_noteon(&event, 3, 62, 101); /* would be running status on a wire */
    send_from_source(&event);
    unsigned char sysex[] = {0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7};
    snd_seq_ev_clear(&event);
    snd_seq_ev_set_sysex(&event, sizeof sysex, sysex);
    send_from_source(&event);
    assert_true(wait_for(MIM_DATA, 2));
    assert_true(wait_for(MIM_LONGDATA, 2));
    pthread_mutex_lock(&notes_lock);
    unsigned data_seen = 0, long_seen = 0;
    for (unsigned i = 0; i < note_count; i++) {
        if (notes[i].msg == MIM_DATA) {
            assert_int_equal(notes[i].p1, data_seen ? 0x00653E93u : 0x00643C93u);
            assert_true(notes[i].p2 >= 100 && notes[i].p2 < 2000); /* ms since MIDM_START */
            data_seen++;
        } else if (notes[i].msg == MIM_LONGDATA) {
            assert_ptr_equal(notes[i].p1, long_seen ? &h2 : &h1);
            long_seen++;
        }
    }
    pthread_mutex_unlock(&notes_lock);
    assert_int_equal(h1.dwBytesRecorded, 4);
    assert_memory_equal(d1, "\xF0\x7E\x7F\x09", 4);
    assert_int_equal(h2.dwBytesRecorded, 2);
    assert_memory_equal(d2, "\x01\xF7", 2);
    assert_int_equal(h1.dwFlags, MHDR_PREPARED | MHDR_DONE);
    check_stop_and_reset(dev, user, &h3);
    assert_int_equal(pacm_alsaseq_mid_message(dev, MIDM_CLOSE, user, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(count_of(MIM_CLOSE), 1);
}

int main(void)
{
    seq_node = access("/dev/snd/seq", F_OK) == 0;
    if (!seq_node) {
        /* PORTACM_DEBUG's messages go to a file the first test reads */
        int fd = mkstemp(debug_log);
        saved_stderr = dup(STDERR_FILENO);
        if (fd < 0 || saved_stderr < 0 || dup2(fd, STDERR_FILENO) < 0)
            return 1;
        close(fd);
        setenv("PORTACM_DEBUG", "1", 1);
    } else {
        have_seq = make_test_client() == 0;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_devices_without_sequencer),
        cmocka_unit_test(test_driver_proc),
        cmocka_unit_test(test_hostile_messages),
        cmocka_unit_test(test_output_delivery),
        cmocka_unit_test(test_input_delivery),
    };
    int failures = cmocka_run_group_tests(tests, NULL, NULL);
    if (!seq_node)
        unlink(debug_log);
    if (test_seq)
        snd_seq_close(test_seq);
    return failures;
}
