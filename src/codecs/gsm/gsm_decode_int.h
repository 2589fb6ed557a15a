/*
 * gsm_decode_int.h - portacm's own ETSI GSM 06.10 full-rate decoder (gsm_decode.c, the
 * standard's tables in gsm_tables.c), used by the GSM 6.10 driver (gsm_driver.c) for
 * WAVE_FORMAT_GSM610 -> PCM. Encoding stays with libgsm.
 *
 * GSM 06.10 specifies the decoder's arithmetic bit for bit (16-bit words, 32-bit products, the
 * saturating add/sub and the rounded multiply mult_r of its section 5), so any faithful decoder
 * produces the same samples as libgsm; tests/test_codec_gsm.c proves ours does against libgsm
 * itself, over random and encoded input.
 *
 * WAV49 ("Microsoft GSM 6.10") packing: a 65-byte block is one 520-bit stream read least
 * significant bit first, holding two 260-bit frames back to back (the second starts in the
 * high nibble of byte 32). A frame is the 8 LAR codes (6, 6, 5, 5, 4, 4, 3, 3 bits), then four
 * 56-bit sub-frames: lag Nc (7), gain bc (2), grid Mc (2), block maximum xmaxc (6) and the
 * 13 RPE pulses xMc (3 bits each).
 */
#ifndef PORTACM_GSM_DECODE_INT_H
#define PORTACM_GSM_DECODE_INT_H

#include <stdint.h>

#include "../codec_simd_int.h"

#define GSM_FRAME_SAMPLES 160
#define GSM_BLOCK_SAMPLES 320 /* wSamplesPerBlock */
#define GSM_BLOCK_BYTES 65    /* nBlockAlign */
#define GSM_SUBFRAMES 4
#define GSM_SUBFRAME_SAMPLES 40
#define GSM_RPE_PULSES 13
#define GSM_LAR_COUNT 8
#define GSM_HISTORY 120 /* the long-term predictor looks back at most 120 samples */
#define GSM_DEEMPHASIS 28180 /* the de-emphasis filter's coefficient beta (4.3.5), Q15 */

/* The parameters of one frame as transmitted (GSM 06.10 table 1.1), unsigned codes. */
typedef struct gsm_frame_params {
    uint8_t larc[GSM_LAR_COUNT];
    uint8_t nc[GSM_SUBFRAMES];
    uint8_t bc[GSM_SUBFRAMES];
    uint8_t mc[GSM_SUBFRAMES];
    uint8_t xmaxc[GSM_SUBFRAMES];
    uint8_t xmc[GSM_SUBFRAMES][GSM_RPE_PULSES];
} gsm_frame_params;

/* Short-term synthesis and post-processing of one frame: the lattice of 4.3.3 from the state
 * v[0..7] over the four interpolation segments (samples 0-12, 13-26, 27-39, 40-159, with the
 * reflection coefficients rp[segment] = rrp[1..8]), then de-emphasis from *msr, upscaling and
 * truncation (4.3.5 - 4.3.7), `wt` -> `out`. Every engine gives the standard's samples exactly. */
typedef void (*gsm_synthesis_fn)(int16_t v[GSM_LAR_COUNT], int16_t *msr, const int16_t rp[4][GSM_LAR_COUNT],
                                 const int16_t wt[GSM_FRAME_SAMPLES], int16_t out[GSM_FRAME_SAMPLES]);

/* The synthesis dispatch table (codec_simd_int.h): the AVX2 row (gsm_avx2.c) on x86, then the
 * plain C row (gsm_decode.c), which tests call directly. */
typedef struct gsm_synthesis_engine {
    int level; /* CODEC_SIMD_* */
    gsm_synthesis_fn synthesis;
} gsm_synthesis_engine;
void pacm_gsm_synthesis_c(int16_t v[GSM_LAR_COUNT], int16_t *msr, const int16_t rp[4][GSM_LAR_COUNT],
                          const int16_t wt[GSM_FRAME_SAMPLES], int16_t out[GSM_FRAME_SAMPLES]);
void pacm_gsm_synthesis_avx2(int16_t v[GSM_LAR_COUNT], int16_t *msr, const int16_t rp[4][GSM_LAR_COUNT],
                             const int16_t wt[GSM_FRAME_SAMPLES], int16_t out[GSM_FRAME_SAMPLES]);
const gsm_synthesis_engine *pacm_gsm_synthesis_engine_row(void); /* the row the cap allows now */

/* The decoder's memory between frames (GSM 06.10 section 4.3); all zero but nrp after reset. */
typedef struct pacm_gsm_decoder {
    int16_t history[GSM_HISTORY]; /* drp[-120..-1]: the last reconstructed residual samples */
    int16_t larpp[GSM_LAR_COUNT]; /* the previous frame's decoded log-area ratios LARpp(j-1) */
    int16_t v[GSM_LAR_COUNT];     /* the short-term synthesis lattice v[0..7] (v[8] is never read) */
    int16_t nrp;                  /* the last valid long-term lag (40 after reset) */
    int16_t msr;                  /* the de-emphasis filter's memory */
    gsm_synthesis_fn synthesis;   /* the engine chosen at reset */
} pacm_gsm_decoder;

/* The standard's tables (gsm_tables.c). */
extern const int16_t pacm_gsm_lar_mic[GSM_LAR_COUNT];
extern const int16_t pacm_gsm_lar_b[GSM_LAR_COUNT];
extern const int16_t pacm_gsm_lar_inva[GSM_LAR_COUNT];
extern const int16_t pacm_gsm_fac[8];
extern const int16_t pacm_gsm_qlb[4];

/* Puts `decoder` in the home state of GSM 06.10 (what a fresh libgsm state holds) and picks
 * the synthesis engine pacm_codec_simd_level() allows now. */
void pacm_gsm_decoder_reset(pacm_gsm_decoder *decoder);

/* Reads the two frames of one 65-byte WAV49 block (any bit pattern is a valid frame). */
void pacm_gsm_unpack_wav49(const uint8_t block[GSM_BLOCK_BYTES], gsm_frame_params frames[2]);

/* Decodes one frame into 160 samples, advancing the decoder's state. */
void pacm_gsm_decode_frame(pacm_gsm_decoder *decoder, const gsm_frame_params *frame,
                           int16_t samples[GSM_FRAME_SAMPLES]);

/* Decodes one 65-byte WAV49 block into 320 samples (both frames, in order). */
void pacm_gsm_decode_block(pacm_gsm_decoder *decoder, const uint8_t block[GSM_BLOCK_BYTES],
                           int16_t samples[GSM_BLOCK_SAMPLES]);

#endif /* PORTACM_GSM_DECODE_INT_H */
