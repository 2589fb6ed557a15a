/*
 * test_alsaseq_codec.c - the byte-level functions of the sequencer MIDI driver (alsaseq.drv),
 * which need no sequencer: output running status, message lengths, short message bytes, SysEx
 * framing, the input parser and the SysEx buffer queue. Exhaustive over status bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "alsaseq/alsaseq_int.h"

static unsigned expected_length(unsigned status)
{
    if (status < 0x80 || status == 0xF0 || status == 0xF7)
        return 0;
    if (status < 0xF0)
        return (status & 0xF0) == 0xC0 || (status & 0xF0) == 0xD0 ? 2 : 3;
    if (status == 0xF1 || status == 0xF3)
        return 2;
    return status == 0xF2 ? 3 : 1;
}

static void test_message_length(void **state)
{
    (void)state;
    for (unsigned status = 0; status < 256; status++)
        assert_int_equal(pacm_alsaseq_message_length((BYTE)status), expected_length(status));
}

static void test_running_status_every_status(void **state)
{
    (void)state;
    static const BYTE starts[] = {0, 0x80, 0x9F, 0xC5, 0xEF};
    for (unsigned s = 0; s < sizeof starts; s++)
        for (unsigned low = 0; low < 256; low++) {
            BYTE running = starts[s];
            DWORD message = low | 0x4500u | 0x120000u, out = 0xDEADBEEF;
            bool send = pacm_alsaseq_running_status(&running, message, &out);
            if (low < 0x80) {
                assert_int_equal(running, starts[s]); /* unchanged */
                if (!starts[s]) {
                    assert_false(send); /* dropped: nothing to repeat */
                } else {
                    assert_true(send);
                    assert_int_equal(out, starts[s] | low << 8 | 0x45u << 16);
                }
                continue;
            }
            assert_true(send);
            assert_int_equal(out, message);
            if (low < 0xF0)
                assert_int_equal(running, low);
            else if (low < 0xF8)
                assert_int_equal(running, 0);
            else
                assert_int_equal(running, starts[s]); /* real time leaves it */
        }
}

static void test_short_bytes(void **state)
{
    (void)state;
    for (unsigned status = 0; status < 256; status++) {
        BYTE bytes[3];
        unsigned n = pacm_alsaseq_short_bytes(status | 0xFF7F00u | 0xFF000000u, bytes);
        assert_int_equal(n, expected_length(status));
        assert_int_equal(bytes[0], status);
        assert_int_equal(bytes[1], 0x7F);
        assert_int_equal(bytes[2], 0x7F); /* data bytes are masked to 7 bits */
    }
    BYTE bytes[3];
    assert_int_equal(pacm_alsaseq_short_bytes(0x00403C90, bytes), 3);
    assert_memory_equal(bytes, "\x90\x3C\x40", 3);
    assert_int_equal(pacm_alsaseq_short_bytes(0x000005C3, bytes), 2);
    assert_int_equal(bytes[1], 5);
}

static void check_frame(const char *in, size_t in_length, const char *expected, size_t expected_length)
{
    BYTE out[64];
    memset(out, 0xAA, sizeof out);
    assert_int_equal(pacm_alsaseq_sysex_frame((const BYTE *)in, in_length, out), expected_length);
    assert_memory_equal(out, expected, expected_length);
    assert_int_equal(out[expected_length], 0xAA); /* nothing written past the end */
}

static void test_sysex_frame(void **state)
{
    (void)state;
    check_frame("", 0, "", 0);
    check_frame("\xF0\x7E\x7F\x09\x01\xF7", 6, "\xF0\x7E\x7F\x09\x01\xF7", 6);
    check_frame("\x7E\x7F\x09\x01\xF7", 5, "\xF0\x7E\x7F\x09\x01\xF7", 6);
    check_frame("\xF0\x7E\x7F\x09\x01", 5, "\xF0\x7E\x7F\x09\x01\xF7", 6);
    check_frame("\x7E\x7F\x09\x01", 4, "\xF0\x7E\x7F\x09\x01\xF7", 6);
    check_frame("\xF0", 1, "\xF0\xF7", 2);
    check_frame("\xF7", 1, "\xF0\xF7", 2);
    check_frame("\x10", 1, "\xF0\x10\xF7", 3);
    /* several messages packed in one block: only the ends are framed */
    check_frame("\xF0\x01\xF7\xF0\x02", 5, "\xF0\x01\xF7\xF0\x02\xF7", 6);
}

/* Feeds bytes; collects the short messages and the SysEx bytes. */
typedef struct parsed_run {
    DWORD shorts[32];
    unsigned short_count;
    BYTE sysex[64];
    unsigned sysex_count, aborts, dropped;
} parsed_run;

static void feed(alsaseq_parser *parser, const BYTE *bytes, size_t length, parsed_run *run)
{
    for (size_t i = 0; i < length; i++) {
        DWORD message = 0;
        alsaseq_parsed result = pacm_alsaseq_parse(parser, bytes[i], &message);
        if (result == ALSASEQ_SYSEX_ABORT) {
            run->aborts++;
            result = pacm_alsaseq_parse(parser, bytes[i], &message);
            assert_int_not_equal(result, ALSASEQ_SYSEX_ABORT);
        }
        if (result == ALSASEQ_SHORT)
            run->shorts[run->short_count++] = message;
        else if (result == ALSASEQ_SYSEX_BYTE)
            run->sysex[run->sysex_count++] = bytes[i];
        else if (result == ALSASEQ_DROPPED)
            run->dropped++;
    }
}

static void test_parser_every_channel_message(void **state)
{
    (void)state;
    for (unsigned status = 0x80; status < 0x100; status++) {
        unsigned length = expected_length(status);
        if (length == 0 || status == 0xF4 || status == 0xF5 || status == 0xF9 || status == 0xFD || status == 0xFE)
            continue;
        for (unsigned d1 = 0; d1 < 128; d1 += 31)
            for (unsigned d2 = 0; d2 < 128; d2 += 42) {
                BYTE bytes[3] = {(BYTE)status, (BYTE)d1, (BYTE)d2};
                alsaseq_parser parser;
                parsed_run run = {0};
                pacm_alsaseq_parser_reset(&parser);
                feed(&parser, bytes, length, &run);
                assert_int_equal(run.short_count, 1);
                DWORD expected = status | (length > 1 ? d1 << 8 : 0) | (length > 2 ? d2 << 16 : 0);
                assert_int_equal(run.shorts[0], expected);
            }
    }
}

static void test_parser_running_status_expanded(void **state)
{
    (void)state;
    alsaseq_parser parser;
    parsed_run run = {0};
    pacm_alsaseq_parser_reset(&parser);
    static const BYTE bytes[] = {0x91, 0x3C, 0x40, 0x3E, 0x41, 0xF8, 0x40, 0x00, 0xC2, 0x05};
    feed(&parser, bytes, sizeof bytes, &run);
    assert_int_equal(run.short_count, 5);
    assert_int_equal(run.shorts[0], 0x00403C91);
    assert_int_equal(run.shorts[1], 0x00413E91);
    assert_int_equal(run.shorts[2], 0xF8); /* real time between messages */
    assert_int_equal(run.shorts[3], 0x00004091);
    assert_int_equal(run.shorts[4], 0x000005C2);
    /* the last data byte: running status of the program change */
    assert_int_equal(parser.running, 0xC2);
    feed(&parser, (const BYTE *)"\x07", 1, &run);
    assert_int_equal(run.shorts[5], 0x000007C2);
}

static void test_parser_realtime_inside_message(void **state)
{
    (void)state;
    alsaseq_parser parser;
    parsed_run run = {0};
    pacm_alsaseq_parser_reset(&parser);
    feed(&parser, (const BYTE *)"\xB0\x07\xF8\x64\xFA\xFE", 6, &run);
    assert_int_equal(run.short_count, 3);
    assert_int_equal(run.shorts[0], 0xF8);
    assert_int_equal(run.shorts[1], 0x006407B0);
    assert_int_equal(run.shorts[2], 0xFA);
    assert_int_equal(run.dropped, 1); /* active sensing is ignored */
}

static void test_parser_system_common(void **state)
{
    (void)state;
    alsaseq_parser parser;
    parsed_run run = {0};
    pacm_alsaseq_parser_reset(&parser);
    /* song position, song select, quarter frame, tune request; they clear running status */
    feed(&parser, (const BYTE *)"\x90\x3C\x40\xF2\x10\x20\xF3\x05\xF1\x31\xF6\x3C\x40", 13, &run);
    assert_int_equal(run.short_count, 5);
    assert_int_equal(run.shorts[1], 0x002010F2);
    assert_int_equal(run.shorts[2], 0x000005F3);
    assert_int_equal(run.shorts[3], 0x000031F1);
    assert_int_equal(run.shorts[4], 0xF6);
    assert_int_equal(run.dropped, 2); /* the stray data bytes after F6 */
    /* undefined F4 F5 F9 FD, a lone F7, stray data at the start: dropped */
    parsed_run other = {0};
    pacm_alsaseq_parser_reset(&parser);
    feed(&parser, (const BYTE *)"\x12\xF4\xF5\xF9\xFD\xF7", 6, &other);
    assert_int_equal(other.short_count, 0);
    assert_int_equal(other.dropped, 6);
}

static void test_parser_sysex(void **state)
{
    (void)state;
    alsaseq_parser parser;
    parsed_run run = {0};
    pacm_alsaseq_parser_reset(&parser);
    /* SysEx with a clock inside, then a note, then an unfinished SysEx cut by a note */
    static const BYTE bytes[] = {0x90, 0x3C, 0x40, 0xF0, 0x7E, 0xF8, 0x01, 0xF7, 0x3C, 0x00,
                                 0xF0, 0x01, 0x02, 0x80, 0x3C, 0x00};
    feed(&parser, bytes, sizeof bytes, &run);
    assert_int_equal(run.sysex_count, 7);
    assert_memory_equal(run.sysex, "\xF0\x7E\x01\xF7\xF0\x01\x02", 7);
    assert_int_equal(run.aborts, 1);
    assert_int_equal(run.short_count, 3);
    assert_int_equal(run.shorts[0], 0x00403C90);
    assert_int_equal(run.shorts[1], 0xF8);
    assert_int_equal(run.shorts[2], 0x00003C80);
    assert_int_equal(run.dropped, 2); /* SysEx cleared running status: 3C 00 are stray */
}

static void test_sysex_store_splits_into_buffers(void **state)
{
    (void)state;
    char data1[4], data2[4], data3[8];
    MIDIHDR h1 = {.lpData = data1, .dwBufferLength = 4, .dwFlags = MHDR_PREPARED | MHDR_INQUEUE};
    MIDIHDR h2 = {.lpData = data2, .dwBufferLength = 4, .dwFlags = MHDR_PREPARED | MHDR_INQUEUE};
    MIDIHDR h3 = {.lpData = data3, .dwBufferLength = 8, .dwFlags = MHDR_PREPARED | MHDR_INQUEUE};
    h1.lpNext = &h2;
    h2.lpNext = &h3;
    MIDIHDR *queue = &h1;
    static const BYTE sysex[] = {0xF0, 1, 2, 3, 4, 0xF7, 0xF0, 9, 0xF7};
    MIDIHDR *returned[4] = {NULL};
    unsigned count = 0;
    bool dropped = true;
    for (unsigned i = 0; i < sizeof sysex; i++) {
        MIDIHDR *done = pacm_alsaseq_sysex_store(&queue, sysex[i], &dropped);
        assert_false(dropped);
        if (done)
            returned[count++] = done;
    }
    assert_int_equal(count, 3);
    assert_ptr_equal(returned[0], &h1); /* full */
    assert_int_equal(h1.dwBytesRecorded, 4);
    assert_memory_equal(data1, "\xF0\x01\x02\x03", 4);
    assert_ptr_equal(returned[1], &h2); /* ends with F7 */
    assert_int_equal(h2.dwBytesRecorded, 2);
    assert_memory_equal(data2, "\x04\xF7", 2);
    assert_ptr_equal(returned[2], &h3);
    assert_int_equal(h3.dwBytesRecorded, 3);
    for (unsigned i = 0; i < 3; i++) {
        assert_int_equal(returned[i]->dwFlags, MHDR_PREPARED | MHDR_DONE);
        assert_null(returned[i]->lpNext);
    }
    assert_null(queue);
    assert_null(pacm_alsaseq_sysex_store(&queue, 0xF0, &dropped));
    assert_true(dropped); /* no buffer: the byte is lost */
    assert_null(pacm_alsaseq_queue_pop(&queue));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_message_length),
        cmocka_unit_test(test_running_status_every_status),
        cmocka_unit_test(test_short_bytes),
        cmocka_unit_test(test_sysex_frame),
        cmocka_unit_test(test_parser_every_channel_message),
        cmocka_unit_test(test_parser_running_status_expanded),
        cmocka_unit_test(test_parser_realtime_inside_message),
        cmocka_unit_test(test_parser_system_common),
        cmocka_unit_test(test_parser_sysex),
        cmocka_unit_test(test_sysex_store_splits_into_buffers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
