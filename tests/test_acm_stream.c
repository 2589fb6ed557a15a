/*
 * test_acm_stream.c - synchronous conversion streams: the messages a driver receives, every
 * argument, flag, handle and header-state check in Windows' order (reference-behaviour.md
 * §2.5 and the native results of §5 "Stream header rules"), defences against a hostile
 * driver, driver choice by priority for had = NULL, and the QUERY path leaking nothing.
 *
 * The driver under test is tests/acm_drivers/stream_test_driver.c, whose "inverted PCM"
 * codec makes every output byte predictable (input XOR 0xFF).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "acm_drivers/stream_test_driver.h"
#include "ts_formats.h"
#include "common_int.h"

static HACMDRIVERID driver_a, driver_b;

/* Driver A is added once for the whole program; B only by the tests that need it. */
static int setup_program(void **state)
{
    (void)state;
    stream_test_driver_reset();
    return stream_test_driver_add(STREAM_TEST_A, &driver_a) == MMSYSERR_NOERROR ? 0 : -1;
}

static int setup_test(void **state)
{
    (void)state;
    stream_test_driver_reset();
    return 0;
}

static bool count_stream(uintptr_t handle, void *object, void *context)
{
    (void)handle;
    (void)object;
    ++*(size_t *)context;
    return true;
}

/* Live HACMSTREAM handles in the process. */
static size_t live_stream_handles(void)
{
    size_t count = 0;
    pacm_handle_enumerate(HANDLE_TYPE_ACM_STREAM, count_stream, &count);
    return count;
}

/* Opens PCM 16-bit stereo 8 kHz -> inverted PCM on whichever driver takes it. */
static HACMSTREAM open_invert(void)
{
    WAVEFORMATEX source, destination;
    ts_pcm_format(&source, 2, 8000, 16);
    stream_test_private(&destination, 2, 8000, 16);
    HACMSTREAM has = NULL;
    assert_int_equal(acmStreamOpen(&has, NULL, &source, &destination, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    assert_non_null(has);
    return has;
}

static void header_init(ACMSTREAMHEADER *header, BYTE *source, DWORD source_length, BYTE *destination,
                        DWORD destination_length)
{
    memset(header, 0, sizeof *header);
    header->cbStruct = sizeof *header;
    header->pbSrc = source;
    header->cbSrcLength = source_length;
    header->pbDst = destination;
    header->cbDstLength = destination_length;
}

/* The whole life of a stream, message by message, with the structures the driver saw. */
static void message_sequence(void **state)
{
    (void)state;
    WAVEFORMATEX source, destination;
    ts_pcm_format(&source, 2, 8000, 16);
    stream_test_private(&destination, 2, 8000, 16);
    HACMSTREAM has = NULL;
    assert_int_equal(acmStreamOpen(&has, NULL, &source, &destination, NULL, 0x1234, 0x5678, ACM_STREAMOPENF_NONREALTIME),
                     MMSYSERR_NOERROR);
    assert_int_equal(stream_test_log_count(), 1);
    stream_test_record open = stream_test_log_get(0);
    assert_int_equal(open.message, ACMDM_STREAM_OPEN);
    assert_int_equal(open.instance.cbStruct, sizeof(ACMDRVSTREAMINSTANCE));
    /* The driver works on the ACM's copies, equal to the caller's formats. */
    assert_ptr_not_equal(open.instance.pwfxSrc, &source);
    assert_memory_equal(&open.source, &source, sizeof source);
    assert_memory_equal(&open.destination, &destination, sizeof destination);
    assert_null(open.instance.pwfltr);
    assert_int_equal(open.instance.dwCallback, 0x1234);
    assert_int_equal(open.instance.dwInstance, 0x5678);
    assert_int_equal(open.instance.fdwOpen, ACM_STREAMOPENF_NONREALTIME);
    assert_int_equal(open.instance.fdwDriver, 0);
    assert_int_equal(open.instance.dwDriver, 0);
    assert_ptr_equal(open.instance.has, has);

    /* The stream's driver is A, and acmDriverID says so. */
    HACMDRIVERID id = NULL;
    assert_int_equal(acmDriverID((HACMOBJ)has, &id, 0), MMSYSERR_NOERROR);
    assert_ptr_equal(id, driver_a);

    DWORD size = 0;
    assert_int_equal(acmStreamSize(has, 100, &size, ACM_STREAMSIZEF_SOURCE), MMSYSERR_NOERROR);
    assert_int_equal(size, 100);
    stream_test_record sizing = stream_test_log_get(1);
    assert_int_equal(sizing.message, ACMDM_STREAM_SIZE);
    assert_int_equal(sizing.size.cbStruct, sizeof(ACMDRVSTREAMSIZE));
    assert_int_equal(sizing.size.fdwSize, ACM_STREAMSIZEF_SOURCE);
    assert_int_equal(sizing.size.cbSrcLength, 100);
    assert_int_equal(sizing.size.cbDstLength, 0);
    assert_int_equal(sizing.lParam1, open.lParam1); /* the same instance, with the driver's state */
    assert_true(sizing.instance.dwDriver != 0);
    assert_int_equal(acmStreamSize(has, 100, &size, ACM_STREAMSIZEF_DESTINATION), MMSYSERR_NOERROR);
    assert_int_equal(size, 100);

    BYTE input[64], output[64];
    for (int i = 0; i < 64; i++)
        input[i] = (BYTE)i;
    memset(output, 0xAA, sizeof output);
    ACMSTREAMHEADER header;
    header_init(&header, input, 64, output, 64);
    header.dwUser = 11;
    header.dwSrcUser = 22;
    header.dwDstUser = 33;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(header.fdwStatus, ACMSTREAMHEADER_STATUSF_PREPARED);
    stream_test_record prepare = stream_test_log_get(3);
    assert_int_equal(prepare.message, ACMDM_STREAM_PREPARE);
    assert_int_equal(prepare.lParam2, (LPARAM)&header);
    assert_ptr_equal(prepare.header.pbSrc, input);
    assert_int_equal(prepare.header.cbSrcLength, 64);
    assert_ptr_equal(prepare.header.pbPreparedSrc, input);
    assert_int_equal(prepare.header.cbPreparedDstLength, 64);

    header.cbSrcLength = 40; /* shorter than prepared is fine */
    assert_int_equal(acmStreamConvert(has, &header, ACM_STREAMCONVERTF_BLOCKALIGN | ACM_STREAMCONVERTF_START),
                     MMSYSERR_NOERROR);
    stream_test_record convert = stream_test_log_get(4);
    assert_int_equal(convert.message, ACMDM_STREAM_CONVERT);
    assert_int_equal(convert.lParam1, open.lParam1);
    assert_int_equal(convert.header.fdwConvert, ACM_STREAMCONVERTF_BLOCKALIGN | ACM_STREAMCONVERTF_START);
    assert_int_equal(convert.header.cbSrcLength, 40);
    assert_int_equal(convert.header.cbSrcLengthUsed, 0); /* zeroed before the driver ran */
    assert_int_equal(convert.header.dwUser, 11);
    assert_int_equal(convert.header.dwSrcUser, 22);
    assert_int_equal(convert.header.dwDstUser, 33);
    assert_int_equal(header.fdwStatus, ACMSTREAMHEADER_STATUSF_PREPARED | ACMSTREAMHEADER_STATUSF_DONE);
    assert_int_equal(header.cbSrcLengthUsed, 40);
    assert_int_equal(header.cbDstLengthUsed, 40);
    for (int i = 0; i < 40; i++)
        assert_int_equal(output[i], (BYTE)(i ^ 0xFF));
    assert_int_equal(output[40], 0xAA);

    header.cbSrcLength = 64;
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(header.fdwStatus, ACMSTREAMHEADER_STATUSF_DONE);
    assert_int_equal(stream_test_log_get(5).message, ACMDM_STREAM_UNPREPARE);

    assert_int_equal(acmStreamReset(has, 0), MMSYSERR_NOERROR); /* synchronous: nothing sent */
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    assert_int_equal(stream_test_log_count(), 7);
    assert_int_equal(stream_test_log_get(6).message, ACMDM_STREAM_CLOSE);
    assert_int_equal(stream_test_live_streams(), 0);
    assert_int_equal(live_stream_handles(), 0);
}

/* acmStreamOpen's argument checks and what it copies. */
static void open_arguments(void **state)
{
    (void)state;
    WAVEFORMATEX source, destination;
    ts_pcm_format(&source, 1, 8000, 16);
    stream_test_private(&destination, 1, 8000, 16);
    HACMSTREAM has = (HACMSTREAM)(uintptr_t)0xDEAD;

    assert_int_equal(acmStreamOpen(NULL, NULL, &source, &destination, NULL, 0, 0, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmStreamOpen(&has, NULL, NULL, &destination, NULL, 0, 0, 0), MMSYSERR_INVALPARAM);
    assert_null(has); /* cleared at once */
    assert_int_equal(acmStreamOpen(&has, NULL, &source, NULL, NULL, 0, 0, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmStreamOpen(&has, NULL, &source, &destination, NULL, 0, 0, 0x8), MMSYSERR_INVALFLAG);
    assert_int_equal(acmStreamOpen(&has, NULL, &source, &destination, NULL, 0, 0, 0x80000000u), MMSYSERR_INVALFLAG);
    assert_int_equal(acmStreamOpen(&has, NULL, &source, &destination, NULL, 0, 0, ACM_STREAMOPENF_ASYNC | CALLBACK_TASK),
                     MMSYSERR_INVALFLAG);
    assert_int_equal(acmStreamOpen(&has, NULL, &source, &destination, NULL, 0, 0, ACM_STREAMOPENF_ASYNC | 0x70000),
                     MMSYSERR_INVALFLAG);
    /* NULL pointers are reported before bad flags. */
    assert_int_equal(acmStreamOpen(&has, NULL, NULL, &destination, NULL, 0, 0, 0x8), MMSYSERR_INVALPARAM);

    /* A filter needs equal source and destination tags. */
    WAVEFILTER filter = {.cbStruct = sizeof filter, .dwFilterTag = WAVE_FILTER_VOLUME};
    assert_int_equal(acmStreamOpen(&has, NULL, &source, &destination, &filter, 0, 0, 0), MMSYSERR_INVALPARAM);
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 1, 8000, 16);
    filter.cbStruct = 4;
    assert_int_equal(acmStreamOpen(&has, NULL, &source, &pcm, &filter, 0, 0, 0), MMSYSERR_INVALPARAM);
    /* A valid filter nobody supports. */
    filter.cbStruct = sizeof filter;
    assert_int_equal(acmStreamOpen(&has, NULL, &source, &pcm, &filter, 0, 0, 0), ACMERR_NOTPOSSIBLE);

    /* An invalid driver handle: INVALPARAM (Windows' msacm32 as Wine records it). */
    assert_int_equal(acmStreamOpen(&has, (HACMDRIVER)(uintptr_t)1, &source, &destination, NULL, 0, 0, 0),
                     MMSYSERR_INVALPARAM);
    assert_int_equal(acmStreamOpen(&has, (HACMDRIVER)driver_a, &source, &destination, NULL, 0, 0, 0),
                     MMSYSERR_INVALPARAM); /* an ID is not an open driver */

    /* Nobody converts PCM -> inverted PCM at a different rate. */
    destination.nSamplesPerSec = 11025;
    assert_int_equal(acmStreamOpen(&has, NULL, &source, &destination, NULL, 0, 0, 0), ACMERR_NOTPOSSIBLE);
    assert_null(has);
    assert_int_equal(stream_test_live_streams(), 0);
    assert_int_equal(live_stream_handles(), 0);
}

/* PCM is read as 16 bytes (a PCMWAVEFORMAT suffices, cbSize becomes 0); other formats as
 * 18 + cbSize bytes. */
static void open_copies_formats(void **state)
{
    (void)state;
    BYTE buffer[64];
    memset(buffer, 0x77, sizeof buffer); /* bytes 16.. are garbage a PCMWAVEFORMAT does not have */
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 1, 8000, 16);
    memcpy(buffer, &pcm, 16);
    WAVEFORMATEX destination;
    stream_test_private(&destination, 1, 8000, 16);
    HACMSTREAM has;
    assert_int_equal(acmStreamOpen(&has, NULL, (WAVEFORMATEX *)buffer, &destination, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    stream_test_record open = stream_test_log_get(0);
    assert_int_equal(open.source.cbSize, 0);
    assert_int_equal(open.source.wBitsPerSample, 16);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);

    /* A private-tag source with 6 extra bytes: the driver sees them. */
    stream_test_driver_reset();
    memset(buffer, 0, sizeof buffer);
    WAVEFORMATEX *private_format = (WAVEFORMATEX *)buffer;
    stream_test_private(private_format, 1, 8000, 16);
    private_format->cbSize = 6;
    memcpy(buffer + 18, "\x01\x02\x03\x04\x05\x06\x99\x99", 8);
    ts_pcm_format(&destination, 1, 8000, 16);
    assert_int_equal(acmStreamOpen(&has, NULL, private_format, &destination, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    open = stream_test_log_get(0);
    assert_int_equal(open.source.cbSize, 6);
    assert_memory_equal(open.source_extra, "\x01\x02\x03\x04\x05\x06", 6);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
}

/* QUERY: no handle, and the driver's probe stream is closed again, with had = NULL and with an
 * explicit driver (where Wine leaks it). */
static void open_query_leaks_nothing(void **state)
{
    (void)state;
    WAVEFORMATEX source, destination;
    ts_pcm_format(&source, 1, 8000, 16);
    stream_test_private(&destination, 1, 8000, 16);
    HACMSTREAM has = (HACMSTREAM)(uintptr_t)0xBEEF;
    assert_int_equal(acmStreamOpen(&has, NULL, &source, &destination, NULL, 0, 0, ACM_STREAMOPENF_QUERY),
                     MMSYSERR_NOERROR);
    assert_ptr_equal(has, (HACMSTREAM)(uintptr_t)0xBEEF); /* phas is not written */
    assert_int_equal(acmStreamOpen(NULL, NULL, &source, &destination, NULL, 0, 0, ACM_STREAMOPENF_QUERY),
                     MMSYSERR_NOERROR);
    assert_int_equal(stream_test_log_count_message(-1, ACMDM_STREAM_OPEN), 2);
    assert_int_equal(stream_test_log_count_message(-1, ACMDM_STREAM_CLOSE), 2);
    stream_test_record probe = stream_test_log_get(0);
    assert_int_equal(probe.instance.fdwOpen, ACM_STREAMOPENF_QUERY);
    assert_null(probe.instance.has);
    assert_int_equal(stream_test_live_streams(), 0);
    assert_int_equal(live_stream_handles(), 0);

    HACMDRIVER had;
    assert_int_equal(acmDriverOpen(&had, driver_a, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamOpen(NULL, had, &source, &destination, NULL, 0, 0, ACM_STREAMOPENF_QUERY),
                     MMSYSERR_NOERROR);
    assert_int_equal(stream_test_live_streams(), 0);
    /* An impossible query through an explicit driver reports the driver's answer. */
    destination.nChannels = 2;
    assert_int_equal(acmStreamOpen(NULL, had, &source, &destination, NULL, 0, 0, ACM_STREAMOPENF_QUERY),
                     ACMERR_NOTPOSSIBLE);
    assert_int_equal(acmStreamOpen(NULL, NULL, &source, &destination, NULL, 0, 0, ACM_STREAMOPENF_QUERY),
                     ACMERR_NOTPOSSIBLE);
    assert_int_equal(acmDriverClose(had, 0), MMSYSERR_NOERROR);
    assert_int_equal(live_stream_handles(), 0);
}

/* An explicit driver is used as given, and its error comes back unchanged. */
static void open_on_explicit_driver(void **state)
{
    (void)state;
    WAVEFORMATEX source, destination;
    ts_pcm_format(&source, 1, 8000, 16);
    stream_test_private(&destination, 1, 8000, 16);
    HACMDRIVER had;
    assert_int_equal(acmDriverOpen(&had, driver_a, 0), MMSYSERR_NOERROR);
    stream_test_driver_config(STREAM_TEST_A)->open_result = MMSYSERR_NOMEM;
    HACMSTREAM has;
    assert_int_equal(acmStreamOpen(&has, had, &source, &destination, NULL, 0, 0, 0), MMSYSERR_NOMEM);
    assert_null(has);
    stream_test_driver_config(STREAM_TEST_A)->open_result = 0;
    assert_int_equal(acmStreamOpen(&has, had, &source, &destination, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    HACMDRIVERID id;
    assert_int_equal(acmDriverID((HACMOBJ)has, &id, 0), MMSYSERR_NOERROR);
    assert_ptr_equal(id, driver_a);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverClose(had, 0), MMSYSERR_NOERROR);
    assert_int_equal(stream_test_live_streams(), 0);
}

/* had = NULL: drivers are tried in priority order (B, added last, is first) and the first
 * that opens wins; when every driver refuses the answer is ACMERR_NOTPOSSIBLE. */
static void open_picks_by_priority(void **state)
{
    (void)state;
    if (!driver_b)
        assert_int_equal(stream_test_driver_add(STREAM_TEST_B, &driver_b), MMSYSERR_NOERROR);
    stream_test_driver_reset();
    WAVEFORMATEX source, destination;
    ts_pcm_format(&source, 1, 8000, 16);
    stream_test_private(&destination, 1, 8000, 16);
    HACMSTREAM has;
    HACMDRIVERID id;

    assert_int_equal(acmStreamOpen(&has, NULL, &source, &destination, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(stream_test_log_count_message(STREAM_TEST_B, ACMDM_STREAM_OPEN), 1);
    assert_int_equal(stream_test_log_count_message(STREAM_TEST_A, ACMDM_STREAM_OPEN), 0);
    assert_int_equal(acmDriverID((HACMOBJ)has, &id, 0), MMSYSERR_NOERROR);
    assert_ptr_equal(id, driver_b);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);

    stream_test_driver_reset();
    stream_test_driver_config(STREAM_TEST_B)->open_result = ACMERR_NOTPOSSIBLE;
    assert_int_equal(acmStreamOpen(&has, NULL, &source, &destination, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(stream_test_log_get(0).driver, STREAM_TEST_B);
    assert_int_equal(stream_test_log_get(1).driver, STREAM_TEST_A);
    assert_int_equal(acmDriverID((HACMOBJ)has, &id, 0), MMSYSERR_NOERROR);
    assert_ptr_equal(id, driver_a);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);

    /* Every failure (even NOMEM) becomes NOTPOSSIBLE, and nothing is left behind. */
    stream_test_driver_reset();
    stream_test_driver_config(STREAM_TEST_B)->open_result = MMSYSERR_NOMEM;
    stream_test_driver_config(STREAM_TEST_A)->open_result = MMSYSERR_ERROR;
    assert_int_equal(acmStreamOpen(&has, NULL, &source, &destination, NULL, 0, 0, 0), ACMERR_NOTPOSSIBLE);
    assert_null(has);
    assert_int_equal(live_stream_handles(), 0);

    /* A disabled driver is skipped. */
    stream_test_driver_reset();
    assert_int_equal(acmDriverPriority(driver_b, 0, ACM_DRIVERPRIORITYF_DISABLE), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamOpen(&has, NULL, &source, &destination, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(stream_test_log_count_message(STREAM_TEST_B, ACMDM_STREAM_OPEN), 0);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverPriority(driver_b, 0, ACM_DRIVERPRIORITYF_ENABLE), MMSYSERR_NOERROR);
    assert_int_equal(stream_test_live_streams(), 0);
}

/* acmStreamSize: handle, then flags, then the pointer; *out is 0 on any later failure. */
static void size_checks(void **state)
{
    (void)state;
    HACMSTREAM has = open_invert();
    DWORD out = 77;
    assert_int_equal(acmStreamSize((HACMSTREAM)(uintptr_t)1, 4, NULL, 0x10), MMSYSERR_INVALHANDLE);
    assert_int_equal(acmStreamSize(has, 4, NULL, 2), MMSYSERR_INVALFLAG);
    assert_int_equal(acmStreamSize(has, 4, &out, 0x10), MMSYSERR_INVALFLAG);
    assert_int_equal(acmStreamSize(has, 4, &out, 0xF), MMSYSERR_INVALFLAG);
    assert_int_equal(out, 77); /* flags are checked before *out is touched */
    assert_int_equal(acmStreamSize(has, 4, NULL, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmStreamSize(has, 0, &out, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(out, 0);
    out = 77;
    assert_int_equal(acmStreamSize(has, 3, &out, ACM_STREAMSIZEF_SOURCE), ACMERR_NOTPOSSIBLE); /* < one block */
    assert_int_equal(out, 0);
    assert_int_equal(acmStreamSize(has, 4001, &out, ACM_STREAMSIZEF_SOURCE), MMSYSERR_NOERROR);
    assert_int_equal(out, 4000);
    assert_int_equal(acmStreamSize(has, 4001, &out, ACM_STREAMSIZEF_DESTINATION), MMSYSERR_NOERROR);
    assert_int_equal(out, 4000);
    stream_test_driver_config(STREAM_TEST_A)->size_answer_zero = 1;
    out = 5;
    assert_int_equal(acmStreamSize(has, 4000, &out, ACM_STREAMSIZEF_SOURCE), ACMERR_NOTPOSSIBLE);
    assert_int_equal(out, 0);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
}

/* Prepare/unprepare (§5 "Stream header rules", on a PCM source with nBlockAlign 4). */
static void prepare_rules(void **state)
{
    (void)state;
    HACMSTREAM has = open_invert();
    static BYTE input[4096], output[4096];
    ACMSTREAMHEADER header;

    /* Order: handle, header, flags, source length, buffers. */
    header_init(&header, input, 0, output, 64);
    assert_int_equal(acmStreamPrepareHeader((HACMSTREAM)(uintptr_t)1, NULL, 1), MMSYSERR_INVALHANDLE);
    assert_int_equal(acmStreamPrepareHeader(has, NULL, 1), MMSYSERR_INVALPARAM);
    header.cbStruct = sizeof header - 1;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 1), MMSYSERR_INVALPARAM);
    header.cbStruct = sizeof header + 16; /* larger is fine */
    assert_int_equal(acmStreamPrepareHeader(has, &header, 1), MMSYSERR_INVALFLAG);
    header.cbStruct = sizeof header;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_INVALPARAM); /* length 0 */
    header.cbSrcLength = 3;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), ACMERR_NOTPOSSIBLE); /* align - 1 */
    assert_int_equal(header.fdwStatus, 0);
    header.cbSrcLength = 5;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR); /* align + 1 */
    assert_int_equal(header.fdwStatus, ACMSTREAMHEADER_STATUSF_PREPARED);
    /* Preparing again has no effect (and sends nothing)... */
    size_t messages = stream_test_log_count();
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(stream_test_log_count(), messages);
    /* ...unless the buffers changed: then the header is prepared for the new ones. */
    header.cbSrcLength = 8;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(stream_test_log_count(), messages + 1);
    header.cbSrcLength = 5;
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_INVALPARAM); /* prepared with 8 */
    header.cbSrcLength = 8;
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(header.fdwStatus, 0);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), ACMERR_UNPREPARED);

    /* DONE survives prepare and unprepare; INQUEUE does not survive prepare. */
    header.fdwStatus = ACMSTREAMHEADER_STATUSF_DONE | ACMSTREAMHEADER_STATUSF_INQUEUE;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(header.fdwStatus, ACMSTREAMHEADER_STATUSF_PREPARED | ACMSTREAMHEADER_STATUSF_DONE);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(header.fdwStatus, ACMSTREAMHEADER_STATUSF_DONE);

    /* cbDstLength = -4: native 64-bit refuses the buffer (INVALPARAM) ... */
    header_init(&header, input, 64, output, (DWORD)-4);
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(header.fdwStatus, 0);
    /* ... but a too-short source is reported first (NOTPOSSIBLE), and the header stays
     * unprepared: convert and unprepare say UNPREPARED, leaving Used untouched. */
    header.cbSrcLength = 2;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), ACMERR_NOTPOSSIBLE);
    header.cbSrcLengthUsed = header.cbDstLengthUsed = 12345;
    assert_int_equal(acmStreamConvert(has, &header, 0), ACMERR_UNPREPARED);
    assert_int_equal(header.cbSrcLengthUsed, 12345);
    assert_int_equal(header.cbDstLengthUsed, 12345);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), ACMERR_UNPREPARED);

    /* NULL buffers with a length, and address wrap-around, are refused. */
    header_init(&header, NULL, 64, output, 64);
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_INVALPARAM);
    header_init(&header, input, 64, (BYTE *)(UINTPTR_MAX - 15), 64);
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_INVALPARAM);
    header_init(&header, input, 64, NULL, 0); /* an empty destination is allowed */
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);

    /* Unprepare: flags, then state, then the buffers must be the prepared ones. */
    header_init(&header, input, 64, output, 64);
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamUnprepareHeader(has, NULL, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 1), MMSYSERR_INVALFLAG);
    header.cbSrcLength = 32;
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_INVALPARAM);
    header.cbSrcLength = 64;
    header.pbDst = output + 1;
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_INVALPARAM);
    header.pbDst = output;
    assert_int_equal(header.fdwStatus, ACMSTREAMHEADER_STATUSF_PREPARED);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);

    /* Driver answers: NOERROR is success too; another error leaves the header unprepared
     * (prepare) or prepared (unprepare). */
    stream_test_driver_config(STREAM_TEST_A)->prepare_result = MMSYSERR_NOERROR;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    stream_test_driver_config(STREAM_TEST_A)->unprepare_result = MMSYSERR_ERROR;
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_ERROR);
    assert_int_equal(header.fdwStatus, ACMSTREAMHEADER_STATUSF_PREPARED);
    stream_test_driver_config(STREAM_TEST_A)->unprepare_result = MMSYSERR_NOERROR;
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    stream_test_driver_config(STREAM_TEST_A)->prepare_result = MMSYSERR_NOMEM;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOMEM);
    assert_int_equal(header.fdwStatus, 0);

    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
}

/* The block-align rule also holds for an MS-ADPCM source, and for no other non-PCM tag. */
static void prepare_block_rule_by_tag(void **state)
{
    (void)state;
    WAVEFORMATEX adpcm, pcm;
    ts_pcm_format(&pcm, 1, 22050, 16);
    pcm.nBlockAlign = 512;
    memset(&adpcm, 0, sizeof adpcm);
    adpcm.wFormatTag = WAVE_FORMAT_ADPCM;
    adpcm.nChannels = 1;
    adpcm.nSamplesPerSec = 22050;
    adpcm.nBlockAlign = 512;
    adpcm.wBitsPerSample = 4;
    HACMSTREAM has;
    assert_int_equal(acmStreamOpen(&has, NULL, &adpcm, &pcm, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    static BYTE input[1024], output[1024];
    ACMSTREAMHEADER header;
    header_init(&header, input, 511, output, 1024);
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), ACMERR_NOTPOSSIBLE);
    header.cbSrcLength = 0;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_INVALPARAM);
    header.cbSrcLength = 513;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamConvert(has, &header, ACM_STREAMCONVERTF_BLOCKALIGN), MMSYSERR_NOERROR);
    assert_int_equal(header.cbSrcLengthUsed, 512);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);

    /* Inverted PCM source (a private tag): no block rule, a short source is the driver's
     * business. */
    WAVEFORMATEX private_format;
    stream_test_private(&private_format, 2, 8000, 16);
    ts_pcm_format(&pcm, 2, 8000, 16);
    assert_int_equal(acmStreamOpen(&has, NULL, &private_format, &pcm, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    header_init(&header, input, 2, output, 64);
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    header_init(&header, input, 0, output, 64);
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
}

/* acmStreamConvert: header, flags, state, then buffers against the prepared ones. */
static void convert_rules(void **state)
{
    (void)state;
    HACMSTREAM has = open_invert();
    BYTE input[64], output[64];
    memset(input, 0x0F, sizeof input);
    ACMSTREAMHEADER header;
    header_init(&header, input, 64, output, 64);
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);

    assert_int_equal(acmStreamConvert((HACMSTREAM)(uintptr_t)1, NULL, 0xFF), MMSYSERR_INVALHANDLE);
    assert_int_equal(acmStreamConvert(has, NULL, 0xFF), MMSYSERR_INVALPARAM);
    assert_int_equal(acmStreamConvert(has, &header, 0x1), MMSYSERR_INVALFLAG);
    assert_int_equal(acmStreamConvert(has, &header, 0x8), MMSYSERR_INVALFLAG);
    assert_int_equal(acmStreamConvert(has, &header, 0x40), MMSYSERR_INVALFLAG);
    assert_int_equal(stream_test_log_count_message(-1, ACMDM_STREAM_CONVERT), 0);

    /* Buffers must be the prepared ones and no longer; the Used fields are zeroed first. */
    header.cbSrcLengthUsed = header.cbDstLengthUsed = 999;
    header.cbSrcLength = 65;
    assert_int_equal(acmStreamConvert(has, &header, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(header.cbSrcLengthUsed, 0);
    assert_int_equal(header.cbDstLengthUsed, 0);
    header.cbSrcLength = 64;
    header.cbDstLength = 65;
    assert_int_equal(acmStreamConvert(has, &header, 0), MMSYSERR_INVALPARAM);
    header.cbDstLength = 64;
    header.pbSrc = input + 4;
    header.cbSrcLength = 60;
    assert_int_equal(acmStreamConvert(has, &header, 0), MMSYSERR_INVALPARAM);
    header.pbSrc = input;
    header.cbSrcLength = 64;
    assert_int_equal(header.fdwStatus, ACMSTREAMHEADER_STATUSF_PREPARED);

    const DWORD valid[] = {0, ACM_STREAMCONVERTF_BLOCKALIGN, ACM_STREAMCONVERTF_START, ACM_STREAMCONVERTF_END,
                           ACM_STREAMCONVERTF_START | ACM_STREAMCONVERTF_END,
                           ACM_STREAMCONVERTF_BLOCKALIGN | ACM_STREAMCONVERTF_START | ACM_STREAMCONVERTF_END};
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        stream_test_driver_reset();
        assert_int_equal(acmStreamConvert(has, &header, valid[i]), MMSYSERR_NOERROR);
        assert_int_equal(stream_test_log_get(0).header.fdwConvert, valid[i]);
        assert_true(header.fdwStatus & ACMSTREAMHEADER_STATUSF_DONE);
    }
    /* A driver error passes through; DONE is not cleared (it never is, on Windows). */
    stream_test_driver_config(STREAM_TEST_A)->convert_result = ACMERR_NOTPOSSIBLE;
    assert_int_equal(acmStreamConvert(has, &header, 0), ACMERR_NOTPOSSIBLE);
    assert_int_equal(header.fdwStatus, ACMSTREAMHEADER_STATUSF_PREPARED | ACMSTREAMHEADER_STATUSF_DONE);
    stream_test_driver_config(STREAM_TEST_A)->convert_result = 0;

    /* BLOCKALIGN: 62 bytes at block align 4 -> 60 converted. */
    header.cbSrcLength = 62;
    assert_int_equal(acmStreamConvert(has, &header, ACM_STREAMCONVERTF_BLOCKALIGN), MMSYSERR_NOERROR);
    assert_int_equal(header.cbSrcLengthUsed, 60);
    assert_int_equal(output[0], 0xF0);
    header.cbSrcLength = 64;
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
}

/* A driver that reports more than the buffers hold, or rewrites the header's buffers, cannot
 * make the caller read or write out of bounds. */
static void hostile_driver_is_contained(void **state)
{
    (void)state;
    HACMSTREAM has = open_invert();
    BYTE input[64], output[32];
    ACMSTREAMHEADER header;
    header_init(&header, input, 64, output, 32);
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    stream_test_driver_config(STREAM_TEST_A)->hostile = true;
    assert_int_equal(acmStreamConvert(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(header.cbSrcLengthUsed, 64);
    assert_int_equal(header.cbDstLengthUsed, 32);
    assert_ptr_equal(header.pbSrc, input);
    assert_int_equal(header.cbDstLength, 32);
    assert_int_equal(header.fdwStatus, ACMSTREAMHEADER_STATUSF_PREPARED | ACMSTREAMHEADER_STATUSF_DONE);
    /* The prepared values survived too: unprepare accepts the original buffers. */
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
}

/* Forged, stale and closed stream handles are INVALHANDLE for every call (Wine would crash). */
static void handles_are_checked(void **state)
{
    (void)state;
    HACMSTREAM has = open_invert();
    assert_int_equal(acmStreamClose(has, 1), MMSYSERR_INVALFLAG); /* and the stream stays open */
    DWORD out;
    assert_int_equal(acmStreamSize(has, 4, &out, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);

    BYTE buffer[16];
    ACMSTREAMHEADER header;
    header_init(&header, buffer, 16, buffer, 16);
    const HACMSTREAM bad[] = {has, NULL, (HACMSTREAM)(uintptr_t)1, (HACMSTREAM)(uintptr_t)-1,
                              (HACMSTREAM)(uintptr_t)((uintptr_t)has + 16), (HACMSTREAM)driver_a};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(acmStreamClose(bad[i], 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(acmStreamSize(bad[i], 4, &out, 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(acmStreamPrepareHeader(bad[i], &header, 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(acmStreamUnprepareHeader(bad[i], &header, 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(acmStreamConvert(bad[i], &header, 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(acmStreamReset(bad[i], 0), MMSYSERR_INVALHANDLE);
        assert_int_equal(acmStreamMessage(bad[i], STREAM_TEST_USER_MESSAGE, 0, 0), MMSYSERR_INVALHANDLE);
        /* Reset checks its flags before the handle. */
        assert_int_equal(acmStreamReset(bad[i], 1), MMSYSERR_INVALFLAG);
    }
    HACMDRIVERID id;
    assert_int_equal(acmDriverID((HACMOBJ)has, &id, 0), MMSYSERR_INVALHANDLE);
    assert_int_equal(stream_test_log_count_message(-1, ACMDM_STREAM_CLOSE), 1);
}

/* A driver refusing STREAM_CLOSE keeps the stream open and usable. */
static void close_refused_by_driver(void **state)
{
    (void)state;
    HACMSTREAM has = open_invert();
    stream_test_driver_config(STREAM_TEST_A)->close_result = MMSYSERR_ERROR;
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_ERROR);
    DWORD out;
    assert_int_equal(acmStreamSize(has, 4, &out, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    assert_int_equal(stream_test_live_streams(), 0);
    assert_int_equal(live_stream_handles(), 0);
}

/* acmStreamMessage forwards driver-defined messages only. */
static void stream_message(void **state)
{
    (void)state;
    HACMSTREAM has = open_invert();
    assert_int_equal(acmStreamMessage(has, STREAM_TEST_USER_MESSAGE, 5, 6), 5 + 6 + STREAM_TEST_USER_ANSWER);
    assert_int_equal(stream_test_log_count_message(STREAM_TEST_A, STREAM_TEST_USER_MESSAGE), 1);
    assert_int_equal(acmStreamMessage(has, DRV_CLOSE, 0, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmStreamMessage(has, ACMDM_USER - 1, 0, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmStreamMessage(has, ACMDM_STREAM_CONVERT, 0, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmStreamMessage(has, ACMDM_RESERVED_HIGH, 0, 0), MMSYSERR_INVALPARAM);
    assert_int_equal(acmStreamMessage(has, ACMDM_USER + 100, 0, 0), MMSYSERR_NOTSUPPORTED); /* the driver's answer */
    assert_int_equal(stream_test_log_count_message(-1, ACMDM_STREAM_CONVERT), 0);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
}

/* acmStreamSize's prediction bounds what a conversion really produces, and the output does
 * not depend on how the source is split, for the built-in PCM converter (when present) and
 * the test codec. */
static bool convert_in_pieces(HACMSTREAM has, const BYTE *input, DWORD input_length, DWORD piece, BYTE *output,
                              DWORD output_capacity, DWORD *output_length)
{
    DWORD done_in = 0, done_out = 0;
    while (done_in < input_length) {
        DWORD length = input_length - done_in < piece ? input_length - done_in : piece;
        DWORD predicted = 0;
        if (acmStreamSize(has, length, &predicted, ACM_STREAMSIZEF_SOURCE) != MMSYSERR_NOERROR)
            return false;
        if (predicted > output_capacity - done_out)
            return false;
        ACMSTREAMHEADER header;
        header_init(&header, (BYTE *)input + done_in, length, output + done_out, predicted);
        if (acmStreamPrepareHeader(has, &header, 0) != MMSYSERR_NOERROR)
            return false;
        bool last = done_in + length >= input_length;
        MMRESULT result = acmStreamConvert(has, &header, last ? ACM_STREAMCONVERTF_END : ACM_STREAMCONVERTF_BLOCKALIGN);
        DWORD used_in = header.cbSrcLengthUsed, used_out = header.cbDstLengthUsed;
        acmStreamUnprepareHeader(has, &header, 0);
        if (result != MMSYSERR_NOERROR || used_out > predicted || used_in == 0)
            return false;
        done_in += used_in;
        done_out += used_out;
    }
    *output_length = done_out;
    return true;
}

static void check_split_independence(const WAVEFORMATEX *source_format, const WAVEFORMATEX *destination_format)
{
    enum { INPUT = 8820 };
    static BYTE input[INPUT];
    static BYTE whole[4 * INPUT], pieces[4 * INPUT];
    uint32_t seed = 12345;
    for (size_t i = 0; i < INPUT; i++) {
        seed = seed * 1103515245u + 12345u;
        input[i] = (BYTE)(seed >> 16);
    }
    HACMSTREAM has;
    assert_int_equal(acmStreamOpen(&has, NULL, (WAVEFORMATEX *)source_format, (WAVEFORMATEX *)destination_format,
                                   NULL, 0, 0, 0),
                     MMSYSERR_NOERROR);
    DWORD whole_length = 0;
    assert_true(convert_in_pieces(has, input, INPUT, INPUT, whole, sizeof whole, &whole_length));
    assert_true(whole_length > 0);
    const DWORD pieces_sizes[] = {4, 12, 100, 882, 1000, 4410};
    for (size_t i = 0; i < sizeof pieces_sizes / sizeof pieces_sizes[0]; i++) {
        DWORD length = 0;
        assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
        assert_int_equal(acmStreamOpen(&has, NULL, (WAVEFORMATEX *)source_format,
                                       (WAVEFORMATEX *)destination_format, NULL, 0, 0, 0),
                         MMSYSERR_NOERROR);
        assert_true(convert_in_pieces(has, input, INPUT, pieces_sizes[i], pieces, sizeof pieces, &length));
        assert_int_equal(length, whole_length);
        assert_memory_equal(pieces, whole, whole_length);
    }
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
}

static void output_independent_of_split(void **state)
{
    (void)state;
    WAVEFORMATEX source, destination;
    ts_pcm_format(&source, 2, 44100, 16);
    stream_test_private(&destination, 2, 44100, 16);
    check_split_independence(&source, &destination);

    /* The built-in PCM converter: 16-bit stereo 44.1 kHz -> 8-bit mono and back. */
    ts_pcm_format(&destination, 1, 44100, 8);
    if (acmStreamOpen(NULL, NULL, &source, &destination, NULL, 0, 0, ACM_STREAMOPENF_QUERY) != MMSYSERR_NOERROR) {
        print_message("skipped the PCM converter part: no driver converts PCM 16-bit stereo to 8-bit mono\n");
        return;
    }
    check_split_independence(&source, &destination);
    check_split_independence(&destination, &source);
}

/* §5 "Stream header rules" exactly as the native conformance test runs them: MS-ADPCM
 * 22050 Hz mono (align 512, 1012 samples per block, 7 coefficients) -> PCM 8-bit, opened with
 * had = NULL, on the built-in MS-ADPCM decoder. The Used values a codec reports are the
 * codec's business; only the ACM's rules are asserted here (dstUsed is printed). */
static void native_header_rules_msadpcm(void **state)
{
    (void)state;
    static const short coefficients[7][2] = {{256, 0}, {512, -256}, {0, 0}, {192, 64}, {240, 0}, {460, -208},
                                             {392, -232}};
    BYTE format_bytes[50];
    memset(format_bytes, 0, sizeof format_bytes);
    ADPCMWAVEFORMAT *adpcm = (ADPCMWAVEFORMAT *)format_bytes;
    adpcm->wfx.wFormatTag = WAVE_FORMAT_ADPCM;
    adpcm->wfx.nChannels = 1;
    adpcm->wfx.nSamplesPerSec = 22050;
    adpcm->wfx.nBlockAlign = 512;
    adpcm->wfx.nAvgBytesPerSec = 22050 * 512 / 1012;
    adpcm->wfx.wBitsPerSample = 4;
    adpcm->wfx.cbSize = 32;
    adpcm->wSamplesPerBlock = 0x3F4;
    adpcm->wNumCoef = 7;
    memcpy(format_bytes + 22, coefficients, sizeof coefficients);
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 1, 22050, 8);

    /* Driver A also lists the ADPCM tag: take it out of the way so a real codec answers. */
    assert_int_equal(acmDriverPriority(driver_a, 0, ACM_DRIVERPRIORITYF_DISABLE), MMSYSERR_NOERROR);
    HACMSTREAM has = NULL;
    MMRESULT opened = acmStreamOpen(&has, NULL, &adpcm->wfx, &pcm, NULL, 0, 0, 0);
    assert_int_equal(acmDriverPriority(driver_a, 0, ACM_DRIVERPRIORITYF_ENABLE), MMSYSERR_NOERROR);
    if (opened != MMSYSERR_NOERROR) {
        print_message("skipped: no built-in MS-ADPCM decoder yet (acmStreamOpen: %u)\n", (unsigned)opened);
        skip();
    }
    static BYTE input[1024], output[4096];
    memset(input, 0, sizeof input);
    input[1] = 16; /* a block header with iDelta 16 */
    ACMSTREAMHEADER header;
    header_init(&header, input, 512, output, sizeof output);
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(header.fdwStatus, ACMSTREAMHEADER_STATUSF_PREPARED);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(header.fdwStatus, 0);
    header.cbSrcLength = 0;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_INVALPARAM);
    header.cbSrcLength = 511;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), ACMERR_NOTPOSSIBLE);
    header.cbSrcLength = 513;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    header.cbSrcLength = 512;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 1), MMSYSERR_INVALFLAG);
    header.fdwStatus = ACMSTREAMHEADER_STATUSF_DONE;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(header.fdwStatus, ACMSTREAMHEADER_STATUSF_PREPARED | ACMSTREAMHEADER_STATUSF_DONE);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(header.fdwStatus, ACMSTREAMHEADER_STATUSF_DONE);

    header.fdwStatus = 0;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamConvert(has, &header, ACM_STREAMCONVERTF_BLOCKALIGN), MMSYSERR_NOERROR);
    assert_int_equal(header.fdwStatus, ACMSTREAMHEADER_STATUSF_PREPARED | ACMSTREAMHEADER_STATUSF_DONE);
    assert_int_equal(header.cbSrcLengthUsed, 512);
    print_message("MS-ADPCM block -> PCM 8-bit: cbDstLengthUsed %u (native 1010)\n", (unsigned)header.cbDstLengthUsed);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);

    /* "Lost Horizon": -4 is refused on 64-bit; a 24-byte source is reported first. */
    header_init(&header, input, 512, output, (DWORD)-4);
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_INVALPARAM);
    header.cbSrcLength = 24;
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), ACMERR_NOTPOSSIBLE);
    assert_int_equal(header.fdwStatus, 0);
    header.cbSrcLengthUsed = header.cbDstLengthUsed = 12345;
    assert_int_equal(acmStreamConvert(has, &header, 0), ACMERR_UNPREPARED);
    assert_int_equal(header.cbSrcLengthUsed, 12345);
    assert_int_equal(header.cbDstLengthUsed, 12345);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), ACMERR_UNPREPARED);

    /* A 32-byte destination: the conversion succeeds and nothing is reported beyond it. */
    header_init(&header, input, 512, output, 32);
    assert_int_equal(acmStreamPrepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    MMRESULT small = acmStreamConvert(has, &header, 0);
    print_message("MS-ADPCM into 32 bytes: %u, srcUsed %u, dstUsed %u (native NOERROR, 512, 32)\n", (unsigned)small,
                  (unsigned)header.cbSrcLengthUsed, (unsigned)header.cbDstLengthUsed);
    assert_true(header.cbDstLengthUsed <= 32);
    assert_int_equal(acmStreamUnprepareHeader(has, &header, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
}

/* A failing acmStreamOpen leaks nothing: every allocation it makes is failed in turn (sync
 * and asynchronous, explicit driver and had = NULL). */
static void open_failures_leak_nothing(void **state)
{
    (void)state;
    WAVEFORMATEX source, destination;
    ts_pcm_format(&source, 1, 8000, 16);
    stream_test_private(&destination, 1, 8000, 16);
    HACMDRIVER had;
    assert_int_equal(acmDriverOpen(&had, driver_a, 0), MMSYSERR_NOERROR);
    const DWORD flags[] = {0, ACM_STREAMOPENF_ASYNC};
    for (int with_driver = 0; with_driver < 2; with_driver++) {
        for (size_t f = 0; f < 2; f++) {
            bool opened = false;
            int failures = 0;
            for (long budget = 0; budget < 64 && !opened; budget++) {
                HACMSTREAM has = (HACMSTREAM)(uintptr_t)0x1;
                pacm_mem_fail_after(budget);
                MMRESULT result = acmStreamOpen(&has, with_driver ? had : NULL, &source, &destination, NULL, 0, 0,
                                                flags[f]);
                pacm_mem_fail_after(-1);
                if (result == MMSYSERR_NOERROR) {
                    opened = true;
                    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
                } else {
                    failures++;
                    /* had = NULL reports a driver's failure as NOTPOSSIBLE. */
                    assert_true(result == MMSYSERR_NOMEM || (!with_driver && result == ACMERR_NOTPOSSIBLE));
                    assert_null(has);
                }
                assert_int_equal(stream_test_live_streams(), 0);
                assert_int_equal(live_stream_handles(), 0);
            }
            assert_true(opened);
            assert_true(failures >= 3); /* the stream, its two format copies at least */
        }
    }
    assert_int_equal(acmDriverClose(had, 0), MMSYSERR_NOERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(message_sequence, setup_test),
        cmocka_unit_test_setup(open_arguments, setup_test),
        cmocka_unit_test_setup(open_copies_formats, setup_test),
        cmocka_unit_test_setup(open_query_leaks_nothing, setup_test),
        cmocka_unit_test_setup(open_on_explicit_driver, setup_test),
        cmocka_unit_test_setup(size_checks, setup_test),
        cmocka_unit_test_setup(prepare_rules, setup_test),
        cmocka_unit_test_setup(prepare_block_rule_by_tag, setup_test),
        cmocka_unit_test_setup(convert_rules, setup_test),
        cmocka_unit_test_setup(hostile_driver_is_contained, setup_test),
        cmocka_unit_test_setup(handles_are_checked, setup_test),
        cmocka_unit_test_setup(close_refused_by_driver, setup_test),
        cmocka_unit_test_setup(stream_message, setup_test),
        cmocka_unit_test_setup(output_independent_of_split, setup_test),
        cmocka_unit_test_setup(open_failures_leak_nothing, setup_test),
        cmocka_unit_test_setup(native_header_rules_msadpcm, setup_test),
        /* Last: adds driver B, which then comes first for had = NULL. */
        cmocka_unit_test_setup(open_picks_by_priority, setup_test),
    };
    return cmocka_run_group_tests(tests, setup_program, NULL);
}
