/*
 * mp3_int.h - portacm's own MPEG audio Layer III decoder, a plain kernel over caller buffers;
 * the MPEG Layer-3 driver decodes WAVE_FORMAT_MPEGLAYER3 with it (mpeg_decode_own.c) unless
 * PORTACM_MP3_DECODER=mpg123 asks for libmpg123.
 *
 *   mp3_tables.c  the normative data (Huffman codes, scale-factor bands, synthesis window) and
 *                 the tables computed from formulas at init (x^(4/3), 2^(k/4), IMDCT, windows,
 *                 alias-reduction and intensity-stereo coefficients);
 *   mp3_bitstream.c headers, side information and the bit reservoir, scale factors, Huffman
 *                 decoding with requantisation (compiled once);
 *   mp3_layer3.c  stereo processing, reordering, alias reduction, IMDCT and overlap-add, per
 *                 granule (compiled once per row of the dispatch table);
 *   mp3_layer3_int.h what those two share;
 *   mp3_synth_row.h the polyphase synthesis filterbank (a 32-point DCT-II by Lee's recursion, run
 *                 on all 18 time slots of a granule at once, then the 512-tap window as 16-tap
 *                 filters along time) and the rounding to 16 bits;
 *   mp3_layer3_avx2.c mp3_layer3.c compiled again with AVX2 (a row of the dispatch table);
 *   mp3_synth.c   the dispatch table.
 *
 * Written from ISO/IEC 11172-3 and 13818-3 (and the MPEG-2.5 extension's sample rates and band
 * widths); no code of another decoder is in here.
 */
#ifndef PORTACM_MP3_INT_H
#define PORTACM_MP3_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A parsed frame header (ISO/IEC 11172-3 2.4.1.3). */
typedef struct mp3_header {
    int lsf;          /* 0 MPEG-1, 1 MPEG-2 or 2.5 (one granule, LSF scale factors) */
    int mpeg25;       /* 1 for MPEG-2.5 */
    int layer;        /* 1, 2 or 3 */
    int crc;          /* 1 when a 16-bit CRC follows the header */
    int rate_index;   /* 0..8: 44100, 48000, 32000, 22050, 24000, 16000, 11025, 12000, 8000 */
    int rate;         /* samples per second */
    int kbps;         /* 0 for free format */
    int padding;
    int mode;         /* 0 stereo, 1 joint stereo, 2 dual channel, 3 mono */
    int mode_ext;
    int channels;
    int frame_bytes;  /* 0 for free format (unknown) */
    int samples;      /* per channel: 1152 or 576 (layer 3), 384 (layer 1), 1152 (layer 2) */
} mp3_header;

/* Parses the 4 header bytes at `h`; false when they are not a valid header (free format is
 * valid with frame_bytes 0). */
bool pacm_mp3_parse_header(const uint8_t h[4], mp3_header *out);

#define MP3_RESERVOIR 4096

/* The decoder's state for one stream. Plain data: zeroing it (pacm_mp3_reset) is a valid start. */
typedef struct mp3_decoder {
    float overlap[2][32][18];   /* IMDCT overlap per channel, subband */
    float history[2][33][64];   /* synthesis: V (window order) of the last 15 time slots + 18 new */
    uint8_t reservoir[MP3_RESERVOIR + 16];
    size_t reservoir_bytes;
    int overlap_bands[2];       /* subbands of overlap[] that may be nonzero */
} mp3_decoder;

void pacm_mp3_reset(mp3_decoder *d);

/* Decodes one whole Layer III frame (`bytes` = frame_bytes of header h) to `out_channels`
 * (1 or 2) interleaved 16-bit samples at `pcm` (h->samples frames). Corrupt frames give
 * silence (or what could be decoded) and keep the stream going. With `bytes` NULL the frame is
 * a lost one: silence after the previous frame's tail, nothing added to the bit reservoir.
 * Returns frames written. */
int pacm_mp3_decode_frame(mp3_decoder *d, const mp3_header *h, const uint8_t *bytes, int out_channels, int16_t *pcm);

/* Appends the main data of the whole frame `bytes` (header h) to the bit reservoir without
 * decoding it: for a frame given out as silence (a failed CRC) whose bytes the next frames may
 * still reach back into. */
void pacm_mp3_keep_main_data(mp3_decoder *d, const mp3_header *h, const uint8_t *bytes);

/* ---- internal to the decoder's files ---- */

typedef struct mp3_huff_source {
    const uint32_t *codes; /* (length << 16) | code, index x * size + y */
    int size, linbits;
} mp3_huff_source;
extern const mp3_huff_source pacm_mp3_huff_sources[32];
extern const uint32_t pacm_mp3_count1_a[16];
extern const uint8_t pacm_mp3_band_long[9][22];
extern const uint8_t pacm_mp3_band_short[9][13];
extern const int32_t pacm_mp3_window_half[257];

/* Built once by pacm_mp3_init_tables (thread-safe, idempotent). */
void pacm_mp3_init_tables(void);

typedef struct mp3_tables {
    float pow43[8207];          /* |x|^(4/3) */
    float pow2q[640];           /* 2^(-(k - 64) / 4), k = 0..639 */
    float imdct_long[18][24];   /* [k][j]: cos(pi / 72 (2 (9 + j) + 19) (2 k + 1)), j < 18 (padded with 0) */
    float imdct_short[6][6];    /* [k][j]: cos(pi / 24 (2 (3 + j) + 7) (2 k + 1)) */
    float window[4][36];        /* block types 0, 1, 3 (long) and 2 (short, 12 used) */
    float alias_cs[8], alias_ca[8];
    float is_mpeg1[7][2];       /* intensity ratios (left, right) for is_pos 0..6 */
    float is_lsf[2][32][2];     /* [intensity_scale][is_pos] (left, right) */
    float synth_window[16][32]; /* [tap][j]: D[64 i + j] (tap 2i), D[64 i + 32 + j] (tap 2i+1), signed, x 32768 */
    float dct_scale[5][16];     /* 1 / (2 cos(pi (2 i + 1) / (2 n))) for n = 32, 16, 8, 4, 2 */
} mp3_tables;
extern mp3_tables pacm_mp3_t;

/* Huffman lookup: per big-value table a first-level table of 2^MP3_HUFF_BITS entries with
 * second-level tables after it. */
#define MP3_HUFF_BITS 8
extern const uint32_t *pacm_mp3_huff_lookup[32];
extern uint32_t pacm_mp3_count1_lookup[2][64];

/* The rows of the dispatch table (mp3_synth.c picks one per call). */
int pacm_mp3_decode_frame_c(mp3_decoder *d, const mp3_header *h, const uint8_t *bytes, int out_channels, int16_t *pcm);
int pacm_mp3_decode_frame_avx2(mp3_decoder *d, const mp3_header *h, const uint8_t *bytes, int out_channels, int16_t *pcm);

#endif /* PORTACM_MP3_INT_H */
