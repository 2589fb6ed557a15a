/*
 * mp3_layer3_int.h - what the Layer III decoder's two halves share (mp3_int.h lists the
 * files): the bit reader, the side information, scale factors and the granule's band segments.
 * mp3_bitstream.c (compiled once) parses frames into these; mp3_layer3.c (compiled once per
 * row of the dispatch table) turns them into samples.
 */
#ifndef PORTACM_MP3_LAYER3_INT_H
#define PORTACM_MP3_LAYER3_INT_H

#include <string.h>

#include "mp3_int.h"

/* ---- bits ----------------------------------------------------------------------------------- */

typedef struct bit_reader {
    const uint8_t *buf; /* zero-padded by at least 16 bytes past `end` / 8 */
    size_t pos, end;    /* in bits */
} bit_reader;

static inline uint32_t peek32(const bit_reader *b)
{
    uint64_t v;
    memcpy(&v, b->buf + (b->pos >> 3), sizeof v);
    v = __builtin_bswap64(v);
    return (uint32_t)((v << (b->pos & 7)) >> 32);
}

static inline uint32_t get_bits(bit_reader *b, int n)
{
    if (n == 0)
        return 0;
    uint32_t v = peek32(b) >> (32 - n);
    b->pos += (size_t)n;
    return v;
}

/* ---- side information, scale factors, segments ------------------------------------------------ */

typedef struct granule {
    int part23, big_values, global_gain, sfc, block_type, mixed;
    int table[3], sbg[3], region1, region2; /* region starts in lines */
    int preflag, sf_scale, c1table;
    int long_end, short_start;              /* mixed: long bands below, short bands from */
} granule;

typedef struct side_info {
    int main_data_begin;
    int scfsi[2];
    granule gr[2][2];
} side_info;

/* Band starts (in lines) for a rate: long[23], short[14] (per window); built by pacm_mp3_reset. */
typedef struct bands {
    int l[23], s[14];
} bands;
extern bands pacm_mp3_band_starts[9];

typedef struct scalefactors {
    uint8_t l[22];
    uint8_t s[13][3];
} scalefactors;

/* The granule's bands in the order its lines come: for each, end line, gain, and (short
 * blocks) window and band. */
typedef struct segments {
    int count;
    int end[40];
    int8_t window[40], band[40];
    float gain[40];
} segments;

/* Reads the side information that starts at `p` (a copy padded with zeros); false for a
 * forbidden or impossible value (the frame then decodes as silence). */
bool pacm_mp3_read_side_info(const mp3_header *h, const uint8_t *p, side_info *si);

/* Puts the frame's main data (the reservoir's last main_data_begin bytes, then this frame's)
 * into `main` (room for MP3_MAIN_BYTES, zeros after the data) and keeps this frame's main data
 * in the reservoir; reads the side information into *si first. Returns false (and
 * *main_len 0) when the frame cannot be decoded: too short, bad side information, or a
 * main_data_begin reaching before the reservoir (stream start, after a gap), or `bytes` NULL
 * (a lost frame: nothing is kept either). */
#define MP3_MAIN_BYTES (MP3_RESERVOIR + 2048 + 32)
bool pacm_mp3_main_data(mp3_decoder *d, const mp3_header *h, const uint8_t *bytes, side_info *si, uint8_t *main,
                        size_t *main_len);

/* Reads granule gr, channel ch's scale factors at *b into *sf (MPEG-1 with scfsi, or LSF);
 * *preflag receives the preemphasis flag to apply. */
void pacm_mp3_read_scalefactors(bit_reader *b, const mp3_header *h, const side_info *si, int gr, int ch,
                                scalefactors *sf, int *preflag);

/* The granule's segments (bands in the order its lines come) with their gains. */
void pacm_mp3_make_segments(const granule *g, const scalefactors *sf, const bands *bs, int preflag, segments *seg);

/* Decodes the granule's Huffman data into xr[576] (requantised); returns the end of the
 * possibly nonzero lines, or -1 for a corrupt granule. */
int pacm_mp3_decode_spectrum(bit_reader *b, const granule *g, const segments *seg, float xr[576]);

#endif /* PORTACM_MP3_LAYER3_INT_H */
