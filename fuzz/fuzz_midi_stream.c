/*
 * fuzz_midi_stream.c - the MEVT stream parser of midiStreamOut and winmm's stream player, fed
 * hostile buffers: any bytes as MIDIEVENTs (absurd delta times, unknown event types, long
 * events whose length runs past the buffer, MEVT_F_CALLBACK everywhere), with any time
 * division and tempo property, over the test suite's MIDI driver registered in-process
 * (tests/midi/midi_test_driver.c).
 *
 * Per input: open a stream on the test device or the mapper, set the properties, queue one or two
 * headers (any dwBytesRecorded, in or past the buffer), run it for a moment, ask for the
 * position in every format, pause, stop. What must hold: after midiStreamStop every accepted
 * header is back (MHDR_DONE set, MHDR_INQUEUE clear), unprepare succeeds and the stream closes
 * with MMSYSERR_NOERROR. A violation aborts, so the replay test and libFuzzer report it.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fuzz_util.h"
#include "fuzz_format_util.h"
#include "mmddk.h"
#include "mmsystem.h"

#define STREAM_BUFFER 512

LRESULT CALLBACK DriverProc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM p1, LPARAM p2);
DWORD CALLBACK modMessage(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);
DWORD CALLBACK midMessage(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);

static void stream_require(int condition, const char *what)
{
    if (!condition) {
        fprintf(stderr, "fuzz_midi_stream: %s\n", what);
        abort();
    }
}

static void CALLBACK stream_callback(HDRVR h, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2)
{
    (void)h, (void)msg, (void)instance, (void)p1, (void)p2;
}

static UINT test_device; /* the test driver's first output */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_isolate_environment();
    /* No synthesizer: loading a SoundFont per input would make the harness slow, and the
     * mapper then uses the test driver. */
    setenv("PORTACM_SOUNDFONT", "/nonexistent/fuzz-midi-stream.sf2", 1);
    PORTACM_DEVICE_PROCS procs = {.modMessage = modMessage, .midMessage = midMessage};
    stream_require(portacm_device_driver_register("fuzzmidi.drv", DriverProc, &procs) == MMSYSERR_NOERROR,
                   "cannot register the MIDI test driver");
    /* Built-in drivers (the synthesizer) may come first: find the test driver's output. */
    UINT count = midiOutGetNumDevs();
    for (test_device = 0; test_device < count; test_device++) {
        MIDIOUTCAPSA caps;
        if (midiOutGetDevCapsA(test_device, &caps, sizeof caps) == MMSYSERR_NOERROR &&
            strncmp(caps.szPname, "MIDI Test Out", 13) == 0)
            break;
    }
    stream_require(test_device < count, "the MIDI test driver has no output");
    return 0;
}

static void sleep_ms(unsigned ms)
{
    struct timespec t = {0, (long)ms * 1000000L};
    nanosleep(&t, NULL);
}

/* Sets the time division and tempo the input asks for (invalid ones are refused, fine). */
static void set_properties(fuzz_cursor *c, HMIDISTRM stream)
{
    uint8_t which = fuzz_u8(c);
    MIDIPROPTIMEDIV division = {sizeof division, fuzz_u32(c)};
    MIDIPROPTEMPO tempo = {sizeof tempo, fuzz_u32(c)};
    if (which & 1)
        midiStreamProperty(stream, (LPBYTE)&division, MIDIPROP_SET | MIDIPROP_TIMEDIV);
    if (which & 2)
        midiStreamProperty(stream, (LPBYTE)&tempo, MIDIPROP_SET | MIDIPROP_TEMPO);
    if (which & 4) {
        division.cbStruct = fuzz_u8(c); /* a wrong size */
        midiStreamProperty(stream, (LPBYTE)&division, MIDIPROP_GET | MIDIPROP_TIMEDIV);
    }
}

/* Fills a header from the input: its buffer, a length that is a multiple of 4 or not, and a
 * dwBytesRecorded inside or past it. */
static void arm_header(fuzz_cursor *c, MIDIHDR *h, DWORD *buffer)
{
    memset(h, 0, sizeof *h);
    size_t length = fuzz_u16(c) % (STREAM_BUFFER + 1);
    memset(buffer, 0, STREAM_BUFFER);
    length = fuzz_bytes(c, buffer, length);
    h->lpData = (LPSTR)buffer;
    h->dwBufferLength = (DWORD)length;
    uint8_t recorded = fuzz_u8(c);
    h->dwBytesRecorded = recorded < 200 ? (DWORD)length : recorded < 230 ? (DWORD)length / 2 : (DWORD)length + recorded;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_cursor c = fuzz_cursor_make(data, size);
    uint8_t shape = fuzz_u8(&c);
    UINT device = (shape & 1) ? MIDI_MAPPER : test_device;
    HMIDISTRM stream = NULL;
    MMRESULT r = midiStreamOpen(&stream, &device, 1, (DWORD_PTR)stream_callback, 0, CALLBACK_FUNCTION);
    if (r != MMSYSERR_NOERROR && device == MIDI_MAPPER) { /* the mapper's device may be unusable here */
        device = test_device;
        r = midiStreamOpen(&stream, &device, 1, (DWORD_PTR)stream_callback, 0, CALLBACK_FUNCTION);
    }
    stream_require(r == MMSYSERR_NOERROR, "midiStreamOpen on the test driver failed");
    set_properties(&c, stream);

    static DWORD buffers[2][STREAM_BUFFER / 4];
    MIDIHDR headers[2];
    bool queued[2] = {false, false};
    int count = (shape & 2) ? 2 : 1;
    for (int i = 0; i < count; i++) {
        arm_header(&c, &headers[i], buffers[i]);
        if (midiOutPrepareHeader((HMIDIOUT)stream, &headers[i], sizeof headers[i]) != MMSYSERR_NOERROR)
            continue;
        queued[i] = midiStreamOut(stream, &headers[i], sizeof headers[i]) == MMSYSERR_NOERROR;
    }
    midiStreamRestart(stream);
    sleep_ms(fuzz_u8(&c) % 4);
    static const UINT kinds[] = {TIME_MS, TIME_TICKS, TIME_BYTES, TIME_SAMPLES, TIME_MIDI, TIME_SMPTE, 0x7F};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        MMTIME t = {.wType = kinds[k]};
        midiStreamPosition(stream, &t, sizeof t);
    }
    if (shape & 4) {
        midiStreamPause(stream);
        midiStreamRestart(stream);
    }
    stream_require(midiStreamStop(stream) == MMSYSERR_NOERROR, "midiStreamStop failed");
    for (int i = 0; i < count; i++) {
        if (queued[i]) {
            stream_require((headers[i].dwFlags & MHDR_DONE) && !(headers[i].dwFlags & MHDR_INQUEUE),
                           "a header is not back after midiStreamStop");
        }
        if (headers[i].dwFlags & MHDR_PREPARED)
            stream_require(midiOutUnprepareHeader((HMIDIOUT)stream, &headers[i], sizeof headers[i]) == MMSYSERR_NOERROR,
                           "midiOutUnprepareHeader failed after stop");
    }
    stream_require(midiStreamClose(stream) == MMSYSERR_NOERROR, "midiStreamClose failed");
    return 0;
}
