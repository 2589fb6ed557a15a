/*
 * test_smf.c - the CLI's Standard MIDI File reader (src/cli/smf.c) and the conversion of its
 * events into midiStreamOut buffers (src/cli/midi_events.c), compiled in directly: formats 0, 1
 * and 2, running status, tempo changes and the time they give, SysEx and escapes, track
 * merging order, and hostile files (truncations, huge declared lengths, limits) refused with a
 * reason instead of read or allocated.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "midi_events.h"
#include "smf.h"

/* ---- building files --------------------------------------------------------------------- */

typedef struct bytes {
    uint8_t data[4096];
    size_t size;
} bytes;

static void put(bytes *b, const void *data, size_t n)
{
    assert_true(b->size + n <= sizeof b->data);
    memcpy(b->data + b->size, data, n);
    b->size += n;
}

static void put_be(bytes *b, uint32_t v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        uint8_t byte = (uint8_t)(v >> (8 * i));
        put(b, &byte, 1);
    }
}

static void header(bytes *b, unsigned format, unsigned tracks, unsigned division)
{
    put(b, "MThd", 4);
    put_be(b, 6, 4);
    put_be(b, format, 2);
    put_be(b, tracks, 2);
    put_be(b, division, 2);
}

/* A track with the given body bytes (an end of track is not added). */
static void track(bytes *b, const uint8_t *body, size_t n)
{
    put(b, "MTrk", 4);
    put_be(b, (uint32_t)n, 4);
    put(b, body, n);
}

static char error[300];

static void parse_ok(const bytes *b, smf_song *song)
{
    bool ok = smf_parse(b->data, b->size, NULL, song, error, sizeof error);
    if (!ok)
        fail_msg("parse failed: %s", error);
}

static void parse_fails(const bytes *b, const char *reason_part)
{
    smf_song song;
    assert_false(smf_parse(b->data, b->size, NULL, &song, error, sizeof error));
    assert_null(song.events);
    assert_int_equal(song.count, 0);
    if (!strstr(error, reason_part))
        fail_msg("error '%s' does not mention '%s'", error, reason_part);
}

/* ---- formats ---------------------------------------------------------------------------- */

static void format0_running_status(void **state)
{
    (void)state;
    static const uint8_t body[] = {
        0x00, 0x90, 60, 100,       /* note on */
        0x60, 64, 90,              /* running status: note on 64, 96 ticks later */
        0x10, 0xC1, 5,             /* program change (one data byte) */
        0x00, 7,                   /* running status program change */
        0x20, 0x80, 60, 0,         /* note off */
        0x05, 0xFF, 0x2F, 0x00,    /* end of track at 96+16+0+32+5 */
    };
    bytes b = {.size = 0};
    header(&b, 0, 1, 96);
    track(&b, body, sizeof body);
    smf_song song;
    parse_ok(&b, &song);
    assert_int_equal(song.format, 0);
    assert_int_equal(song.division, 96);
    assert_int_equal(song.count, 5);
    assert_int_equal(song.events[0].data, 0x643C90);
    assert_int_equal(song.events[1].tick, 96);
    assert_int_equal(song.events[1].data, 0x5A4090);
    assert_int_equal(song.events[2].data, 0x05C1);
    assert_int_equal(song.events[3].data, 0x07C1);
    assert_int_equal(song.events[3].tick, 112);
    assert_int_equal(song.events[4].tick, 144);
    assert_int_equal(song.end_tick, 149);
    smf_free(&song);
}

static void format1_merges_in_order(void **state)
{
    (void)state;
    /* tempo track, then two note tracks with events at the same ticks */
    static const uint8_t t0[] = {0x00, 0xFF, 0x51, 3, 0x07, 0xA1, 0x20, 0x83, 0x00, 0xFF, 0x51, 3, 0x03, 0xD0,
                                 0x90, 0x00, 0xFF, 0x2F, 0};
    static const uint8_t t1[] = {0x00, 0x90, 60, 100, 0x83, 0x00, 0x80, 60, 0, 0x00, 0xFF, 0x2F, 0};
    static const uint8_t t2[] = {0x00, 0x91, 67, 100, 0x81, 0x40, 0x81, 67, 0, 0x00, 0xFF, 0x03, 2, 'h', 'i',
                                 0x00, 0xFF, 0x2F, 0};
    bytes b = {.size = 0};
    header(&b, 1, 3, 0x60);
    track(&b, t0, sizeof t0);
    track(&b, t1, sizeof t1);
    track(&b, t2, sizeof t2);
    smf_song song;
    parse_ok(&b, &song);
    assert_int_equal(song.tracks, 3);
    assert_int_equal(song.count, 6);
    assert_int_equal(song.ignored_meta, 1);
    /* tick 0: tempo (track 0), note 60 (track 1), note 67 (track 2) */
    assert_int_equal(song.events[0].kind, SMF_TEMPO);
    assert_int_equal(song.events[0].data, 500000);
    assert_int_equal(song.events[1].data & 0xFFFF, 0x3C90);
    assert_int_equal(song.events[2].data & 0xFFFF, 0x4391);
    /* tick 192: note off 67 */
    assert_int_equal(song.events[3].tick, 192);
    assert_int_equal(song.events[3].data & 0xFF, 0x81);
    /* tick 384: tempo (track 0) before note off 60 (track 1) */
    assert_int_equal(song.events[4].tick, 384);
    assert_int_equal(song.events[4].kind, SMF_TEMPO);
    assert_int_equal(song.events[4].data, 250000);
    assert_int_equal(song.events[5].tick, 384);
    assert_int_equal(song.events[5].data & 0xFF, 0x80);
    /* 384 ticks at 500000 us per 96 ticks = 2 s; 96 more at 250000 = 2.25 s */
    assert_true(smf_seconds_at(&song, 384) > 1.999 && smf_seconds_at(&song, 384) < 2.001);
    assert_true(smf_seconds_at(&song, 480) > 2.249 && smf_seconds_at(&song, 480) < 2.251);
    smf_free(&song);
}

static void format2_sequential(void **state)
{
    (void)state;
    static const uint8_t t[] = {0x00, 0x90, 60, 100, 0x60, 0x80, 60, 0, 0x00, 0xFF, 0x2F, 0};
    bytes b = {.size = 0};
    header(&b, 2, 2, 96);
    track(&b, t, sizeof t);
    put(&b, "XYZW\0\0\0\2ab", 10); /* an unknown chunk between the tracks is skipped */
    track(&b, t, sizeof t);
    smf_song song;
    parse_ok(&b, &song);
    assert_int_equal(song.count, 4);
    assert_int_equal(song.events[2].tick, 96); /* the second track starts where the first ended */
    assert_int_equal(song.events[3].tick, 192);
    assert_int_equal(song.end_tick, 192);
    smf_free(&song);
}

static void sysex_and_escapes(void **state)
{
    (void)state;
    static const uint8_t body[] = {
        0x00, 0x90, 60, 100,
        0x00, 0xF0, 5, 0x7E, 0x7F, 0x09, 0x01, 0xF7, /* GM on */
        0x00, 64, 100,                               /* no running status after SysEx: error? no: */
    };
    /* running status after a SysEx is cancelled: the data byte is an error */
    bytes b = {.size = 0};
    header(&b, 0, 1, 96);
    track(&b, body, sizeof body);
    parse_fails(&b, "without a status");

    static const uint8_t good[] = {
        0x00, 0xF0, 5, 0x7E, 0x7F, 0x09, 0x01, 0xF7, /* SysEx: stored with its F0 */
        0x10, 0xF7, 2, 0xF8, 0xFA,                   /* escape: raw bytes */
        0x00, 0xF7, 0,                               /* empty escape: nothing */
        0x00, 0xFF, 0x2F, 0,
    };
    b.size = 0;
    header(&b, 0, 1, 96);
    track(&b, good, sizeof good);
    smf_song song;
    parse_ok(&b, &song);
    assert_int_equal(song.count, 2);
    assert_int_equal(song.events[0].kind, SMF_SYSEX);
    assert_int_equal(song.events[0].length, 6);
    assert_memory_equal(song.sysex + song.events[0].data, "\xF0\x7E\x7F\x09\x01\xF7", 6);
    assert_int_equal(song.events[1].length, 2);
    assert_int_equal(song.events[1].tick, 16);
    assert_memory_equal(song.sysex + song.events[1].data, "\xF8\xFA", 2);
    smf_free(&song);
}

/* ---- hostile files ---------------------------------------------------------------------- */

static void truncated_and_bad(void **state)
{
    (void)state;
    static const uint8_t note[] = {0x00, 0x90, 60, 100, 0x00, 0xFF, 0x2F, 0};
    bytes full = {.size = 0};
    header(&full, 0, 1, 96);
    track(&full, note, sizeof note);
    /* every truncation of a valid file is refused (never read past the end) */
    for (size_t n = 0; n < full.size; n++) {
        smf_song song;
        assert_false(smf_parse(full.data, n, NULL, &song, error, sizeof error));
        assert_true(error[0] != '\0');
    }
    bytes b = {.size = 0};
    put(&b, "RIFF\0\0\0\0", 8);
    parse_fails(&b, "no MThd");

    b.size = 0;
    header(&b, 3, 1, 96);
    parse_fails(&b, "format 3");

    b.size = 0;
    header(&b, 0, 1, 0);
    parse_fails(&b, "division is 0");

    b.size = 0;
    header(&b, 1, 2, 96);
    track(&b, note, sizeof note);
    parse_fails(&b, "after 1 of the 2 tracks");

    static const uint8_t cut_note[] = {0x00, 0x90, 60};
    b.size = 0;
    header(&b, 0, 1, 96);
    track(&b, cut_note, sizeof cut_note);
    parse_fails(&b, "cut off");

    static const uint8_t status_in_data[] = {0x00, 0x90, 60, 0x80, 0x00};
    b.size = 0;
    header(&b, 0, 1, 96);
    track(&b, status_in_data, sizeof status_in_data);
    parse_fails(&b, "where a data byte");

    static const uint8_t long_vlq[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x90, 60, 1};
    b.size = 0;
    header(&b, 0, 1, 96);
    track(&b, long_vlq, sizeof long_vlq);
    parse_fails(&b, "longer than four bytes");

    static const uint8_t bad_tempo[] = {0x00, 0xFF, 0x51, 2, 1, 2};
    b.size = 0;
    header(&b, 0, 1, 96);
    track(&b, bad_tempo, sizeof bad_tempo);
    parse_fails(&b, "tempo");

    static const uint8_t realtime[] = {0x00, 0xF8};
    b.size = 0;
    header(&b, 0, 1, 96);
    track(&b, realtime, sizeof realtime);
    parse_fails(&b, "0xF8");
}

static void huge_lengths_not_allocated(void **state)
{
    (void)state;
    bytes b = {.size = 0};
    header(&b, 0, 1, 96);
    put(&b, "MTrk", 4);
    put_be(&b, 0xFFFFFFF0u, 4); /* a 4 GB track in a 30-byte file */
    put(&b, "\x00\x90\x3C\x40", 4);
    parse_fails(&b, "declares 4294967280 bytes");

    static const uint8_t sysex[] = {0x00, 0xF0, 0xFF, 0xFF, 0xFF, 0x7F, 0xF7}; /* 256 MB SysEx */
    b.size = 0;
    header(&b, 0, 1, 96);
    track(&b, sysex, sizeof sysex);
    parse_fails(&b, "declares 268435455 bytes");

    static const uint8_t meta[] = {0x00, 0xFF, 0x01, 0x8F, 0xFF, 0xFF, 0x7F};
    b.size = 0;
    header(&b, 0, 1, 96);
    track(&b, meta, sizeof meta);
    parse_fails(&b, "meta event 0x01 declares");

    b.size = 0;
    put(&b, "MThd", 4);
    put_be(&b, 0x7FFFFFFF, 4);
    put_be(&b, 0, 2);
    put_be(&b, 1, 2);
    put_be(&b, 96, 2);
    parse_fails(&b, "MThd header declares");
}

static void limits_enforced(void **state)
{
    (void)state;
    uint8_t body[2000];
    size_t n = 0;
    body[n++] = 0x00;
    body[n++] = 0x90;
    body[n++] = 60;
    body[n++] = 1;
    while (n + 3 <= sizeof body) { /* running-status notes: 3 bytes each */
        body[n++] = 0x00;
        body[n++] = 60;
        body[n++] = 1;
    }
    bytes b = {.size = 0};
    header(&b, 0, 1, 96);
    track(&b, body, n);
    smf_limits limits = {1 << 20, 100, 1000};
    smf_song song;
    assert_false(smf_parse(b.data, b.size, &limits, &song, error, sizeof error));
    assert_non_null(strstr(error, "more than 100 events"));

    uint8_t sysex[2 * 67];
    for (int i = 0; i < 2; i++) { /* two SysEx of 1 + 64 bytes */
        sysex[67 * i] = 0x00;
        sysex[67 * i + 1] = 0xF0;
        sysex[67 * i + 2] = 64;
        memset(sysex + 67 * i + 3, 0x01, 64);
    }
    b.size = 0;
    header(&b, 0, 1, 96);
    track(&b, sysex, sizeof sysex);
    smf_limits small = {1 << 20, 100, 100};
    assert_false(smf_parse(b.data, b.size, &small, &song, error, sizeof error));
    assert_non_null(strstr(error, "more than 100 bytes of SysEx"));
}

static void absurd_tempo_and_delta(void **state)
{
    (void)state;
    /* tempo 0 and the longest delta: accepted; the conversion writes tempo 1 and splits waits */
    static const uint8_t body[] = {0x00, 0xFF, 0x51, 3, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F, 0x90, 60, 1,
                                   0xFF, 0xFF, 0xFF, 0x7F, 60, 0, 0x00, 0xFF, 0x2F, 0};
    bytes b = {.size = 0};
    header(&b, 0, 1, 96);
    for (int i = 0; i < 40; i++) /* 40 tracks of 2 * 2^28 ticks: more than 2^32 in total */
        track(&b, body, sizeof body);
    b.data[10] = 0;
    b.data[11] = 40;
    b.data[9] = 2; /* format 2: sequential */
    smf_song song;
    parse_ok(&b, &song);
    assert_int_equal(song.end_tick, 40ull * 2 * 0x0FFFFFFF);
    midi_events_cursor cursor = {0};
    static uint8_t buffer[65532];
    uint64_t total = 0;
    size_t events = 0, nops = 0;
    size_t used;
    while ((used = midi_events_fill(&song, &cursor, buffer, sizeof buffer)) > 0) {
        for (size_t at = 0; at < used; at += 12) {
            uint32_t delta, ev;
            memcpy(&delta, buffer + at, 4);
            memcpy(&ev, buffer + at + 8, 4);
            total += delta;
            events++;
            if (ev >> 24 == 0x02)
                nops++;
            if (ev >> 24 == 0x01)
                assert_int_equal(ev & 0xFFFFFF, 1);
        }
    }
    assert_true(total == song.end_tick);
    assert_int_equal(events, song.count + nops);
    assert_int_equal(nops, 1); /* the final one: a merged gap is never longer than one delta (2^28) */
    smf_free(&song);
}

/* ---- conversion round trip -------------------------------------------------------------- */

static void stream_round_trip(void **state)
{
    (void)state;
    static const uint8_t body[] = {
        0x00, 0xFF, 0x51, 3, 0x0F, 0x42, 0x40, /* 1 s per quarter */
        0x00, 0x90, 60, 100,
        0x00, 0xF0, 6, 0x41, 0x10, 0x42, 0x12, 0x00, 0xF7, /* 7 bytes with F0: padded to 8 */
        0x60, 0x80, 60, 0,
        0x30, 0xFF, 0x2F, 0,
    };
    bytes b = {.size = 0};
    header(&b, 0, 1, 96);
    track(&b, body, sizeof body);
    smf_song song;
    parse_ok(&b, &song);
    assert_int_equal(song.count, 4);
    /* a tiny buffer forces several fills: every event crosses intact */
    uint8_t buffer[24];
    uint8_t all[200];
    size_t total = 0, used, fills = 0;
    midi_events_cursor cursor = {0};
    while ((used = midi_events_fill(&song, &cursor, buffer, sizeof buffer)) > 0) {
        assert_true(used % 4 == 0 && used <= sizeof buffer);
        memcpy(all + total, buffer, used);
        total += used;
        fills++;
    }
    assert_true(midi_events_done(&song, &cursor));
    assert_int_equal(cursor.skipped, 0);
    assert_int_equal(total, 12 + 12 + 20 + 12 + 12);
    assert_int_equal(fills, 3); /* tempo + note, SysEx, note off + end */
    static const uint32_t expect[][3] = {
        {0, 0, 0x01000000u | 1000000}, {0, 0, 0x00643C90u}, {0, 0, 0x80000000u | 7}, {96, 0, 0x00003C80u},
        {48, 0, 0x02000000u},
    };
    size_t at = 0;
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        uint32_t got[3];
        memcpy(got, all + at, 12);
        assert_int_equal(got[0], expect[i][0]);
        assert_int_equal(got[1], expect[i][1]);
        assert_int_equal(got[2], expect[i][2]);
        at += 12;
        if (got[2] & 0x80000000u) {
            assert_memory_equal(all + at, "\xF0\x41\x10\x42\x12\x00\xF7\x00", 8);
            at += 8;
        }
    }
    assert_int_equal(at, total);
    /* a SysEx larger than a buffer is skipped and counted, the rest goes on */
    memset(&cursor, 0, sizeof cursor);
    total = 0;
    uint8_t small[16];
    while ((used = midi_events_fill(&song, &cursor, small, sizeof small)) > 0)
        total += used;
    assert_int_equal(cursor.skipped, 1);
    assert_int_equal(total, 12 * 4);
    smf_free(&song);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(format0_running_status), cmocka_unit_test(format1_merges_in_order),
        cmocka_unit_test(format2_sequential),     cmocka_unit_test(sysex_and_escapes),
        cmocka_unit_test(truncated_and_bad),      cmocka_unit_test(huge_lengths_not_allocated),
        cmocka_unit_test(limits_enforced),        cmocka_unit_test(absurd_tempo_and_delta),
        cmocka_unit_test(stream_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
