/*
 * codec_mpeg_streams.h - what the MPEG Layer-3 decoder tests share (test_codec_mpeg_decoder.c,
 * test_codec_mpeg_damaged.c): growable byte buffers, test signals, LAME streams made at run
 * time for a table of cases, libmpg123 called directly as the reference, and a decode through
 * the MPEG Layer-3 driver's stream (whichever decoder PORTACM_MP3_DECODER chooses at the open).
 */
#ifndef PORTACM_TEST_CODEC_MPEG_STREAMS_H
#define PORTACM_TEST_CODEC_MPEG_STREAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lame.h>

#include "ts_codec.h"

typedef struct bytes {
    uint8_t *data;
    size_t length, capacity;
} bytes;

/* Makes room for n more bytes at the end of b (fails the test when memory runs out). */
uint8_t *bytes_room(bytes *b, size_t n);

/* Test signals: tones with vibrato and noise ("music"), or a train of clicks and decaying
 * plucks whose attacks make LAME switch to short blocks ("transients"). */
int16_t *mp3_test_signal(bool transients, unsigned channels, unsigned rate, size_t frames, uint32_t seed);

typedef struct stream_case {
    const char *name;
    unsigned rate, channels;
    MPEG_mode mode;
    int kbps;     /* 0: VBR */
    int vbr_q;    /* VBR quality 0..9 */
    bool transients;
    bool crc;     /* CRC-protected frames */
} stream_case;

#define MP3_TEST_CASES 17
extern const stream_case mp3_test_cases[MP3_TEST_CASES];

/* The case's stream made by LAME from `frames` frames of `pcm` (no Info frame). */
bytes mp3_test_encode(const stream_case *sc, const int16_t *pcm, size_t frames);

/* libmpg123's decode at `channels` (feed mode, as mpeg_decode.c sets it up). */
bytes mp3_test_decode_mpg123(const bytes *mp3, unsigned channels);

/* The same with libmpg123's synthesis `decoder` ("generic", "x86-64", "AVX"...; NULL: the
 * best for this CPU, as above). */
bytes mp3_test_decode_mpg123_with(const bytes *mp3, unsigned channels, const char *decoder);

/* A WAVE_FORMAT_MPEGLAYER3 format for `kbps` (0: 128) at `rate`. */
void mp3_test_format(MPEGLAYER3WAVEFORMAT *f, unsigned channels, unsigned rate, unsigned kbps);

/* The MPEG Layer-3 driver opened with a stream from `mp3_test_format(channels, rate, kbps)` to
 * 16-bit PCM in *si (fails the test otherwise). */
HDRVR mp3_test_open_driver(ACMDRVSTREAMINSTANCE *si, unsigned channels, unsigned rate, unsigned kbps);

/* Fails the test unless `got` has exactly the bytes of `want`. */
void mp3_test_assert_same(const bytes *got, const bytes *want);

/* The decode through the driver's stream: source in pieces of `piece` bytes (0 = whole; -1 =
 * random 1..3000 bytes), destinations of `dst_room` bytes (0 = 64 KiB; -1 = random). */
bytes mp3_test_decode_driver(const bytes *mp3, unsigned channels, unsigned rate, int piece, int dst_room, uint32_t seed);

#endif
