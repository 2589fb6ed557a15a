/*
 * msadpcm_int.h - the MS ADPCM kernels (the decoder msadpcm_decode.c and its four-block AVX2
 * engine msadpcm_decode_avx2.c; the encoders msadpcm_kernel.c and their vector engines
 * msadpcm_sse2.c, msadpcm_avx2.c and msadpcm_avx512.c; msadpcm_tables.c) behind the MS ADPCM
 * driver (msadpcm_driver.c).
 * The conventions shared by every kernel are in codec_simd_int.h.
 *
 * ---- MS ADPCM (Microsoft "ADPCM" format description; WAVE_FORMAT_ADPCM 0x2) --------------
 * Block: per channel predictor byte, then per channel int16 delta, int16 sample1, int16
 * sample2 (each field for all channels before the next field), then nibbles high-first,
 * channels interleaved nibble by nibble. Samples per block = (nBlockAlign - 7*ch)*2/ch + 2
 * (256 mono -> 500). The coefficient pairs come from the format (aCoef, wNumCoef).
 *   size_t    pacm_msadpcm_samples_per_block(size_t block_align, unsigned channels);
 *   ptrdiff_t pacm_msadpcm_decode_block(const uint8_t *block, size_t block_size, unsigned channels,
 *                                  const msadpcm_coef *coefs, unsigned num_coefs,
 *                                  int16_t *out, size_t spb);
 *   size_t    pacm_msadpcm_decode_blocks(const uint8_t *src, size_t blocks, size_t block_align,
 *                                   unsigned channels, ..., int16_t *out, size_t spb);
 *   size_t    pacm_msadpcm_encode_block(const int16_t *in, size_t frames, unsigned channels,
 *                                  const msadpcm_coef *coefs, unsigned num_coefs,
 *                                  uint8_t *block, size_t spb);
 *   size_t    pacm_msadpcm_encode_blocks_workspace_size(size_t spb);
 *   size_t    pacm_msadpcm_encode_blocks(const int16_t *in, size_t blocks, unsigned channels, ...,
 *                                   void *workspace);
 *   size_t    pacm_msadpcm_encode_block_hq_workspace_size(size_t spb);
 *   size_t    pacm_msadpcm_encode_block_hq(const int16_t *in, size_t frames, unsigned channels,
 *                                  const msadpcm_coef *coefs, unsigned num_coefs,
 *                                  uint8_t *block, size_t spb, void *workspace);
 */
#ifndef PORTACM_MSADPCM_INT_H
#define PORTACM_MSADPCM_INT_H

#include "codec_simd_int.h"

/* msadpcm_tables.c; the comment there says where the numbers come from. */
typedef struct msadpcm_coef {
    int16_t coef1;      /* weight of the previous sample, in 1/256 */
    int16_t coef2;      /* weight of the sample before it, in 1/256 */
} msadpcm_coef;

#define MSADPCM_STANDARD_COEF_COUNT 7
#define MSADPCM_MIN_DELTA 16
extern const msadpcm_coef pacm_msadpcm_standard_coefs[MSADPCM_STANDARD_COEF_COUNT];
extern const int16_t pacm_msadpcm_adaptation_table[16];

/* Samples per channel in a block of `block_align` bytes, 0 when the size cannot hold the
 * 7*channels-byte header or a whole number of frames. */
size_t pacm_msadpcm_samples_per_block(size_t block_align, unsigned channels);

/* Bytes needed for a block of `spb` (>= 2) samples per channel, 0 when not representable
 * (mono: spb must be even). Inverse of pacm_msadpcm_samples_per_block(). */
size_t pacm_msadpcm_block_align(size_t spb, unsigned channels);

/* Decodes one block with the format's coefficient pairs. As Microsoft's reference decoder:
 * prediction = (sample1*coef1 + sample2*coef2) >> 8 (a floor, not a division), plus the signed
 * nibble times delta, clamped to 16 bits; delta adapts by the 16-entry table, minimum 16; the
 * header's sample2 is output first, then sample1. A predictor index >= num_coefs is a data
 * error (KERNEL_ERR_BAD_PREDICTOR). A partial final block yields the two header frames plus
 * every complete frame of nibbles present. At most `spb` frames are written.
 * Returns frames written or a KERNEL_ERR_* code. */
ptrdiff_t pacm_msadpcm_decode_block(const uint8_t *block, size_t block_size, unsigned channels,
                               const msadpcm_coef *coefs, unsigned num_coefs,
                               int16_t *out, size_t spb);

/* Decodes `blocks` consecutive whole blocks of `block_align` bytes (src) into blocks * spb
 * frames (out), each exactly as pacm_msadpcm_decode_block would; spb must be what the block
 * holds. Faster than one call per block: on x86 with AVX2, stereo blocks whose coefficient
 * pairs are not both -32768 are decoded four at a time in the lanes of one vector (below).
 * Stops before the first block pacm_msadpcm_decode_block rejects (a predictor index >=
 * num_coefs) and returns how many blocks it decoded, so the caller can treat that one as
 * damaged and continue after it. */
size_t pacm_msadpcm_decode_blocks(const uint8_t *src, size_t blocks, size_t block_align, unsigned channels,
                                  const msadpcm_coef *coefs, unsigned num_coefs, int16_t *out, size_t spb);

/* The decoder's state of one channel, and the scalar loop over stereo bytes (msadpcm_decode.c),
 * which the vector decoder uses for the last bytes of its blocks. */
typedef struct msadpcm_decode_state {
    int s1, s2;
    int32_t delta;
    int coef1, coef2;
} msadpcm_decode_state;
void pacm_msadpcm_decode_stereo_bytes(const uint8_t *data, size_t bytes, int16_t *dst, msadpcm_decode_state *left,
                                      msadpcm_decode_state *right);

/* The four-block stereo decoder (msadpcm_decode_avx2.c): decodes blocks src, src + block_align,
 * ... (4 of them, each with every predictor index valid and its pairs within
 * prediction_fits32) into out, out + spb * 2, ...; spb = pacm_msadpcm_samples_per_block(
 * block_align, 2). Rows: AVX2, then none (plain C: pacm_msadpcm_decode_blocks decodes block by
 * block). */
typedef void msadpcm_decode4_fn(const uint8_t *src, size_t block_align, const msadpcm_coef *coefs, int16_t *out,
                                size_t spb);
typedef struct msadpcm_decode_engine {
    int level;                  /* CODEC_SIMD_* */
    msadpcm_decode4_fn *decode4_stereo;
} msadpcm_decode_engine;
#if defined(__x86_64__) || defined(__i386__)
msadpcm_decode4_fn pacm_msadpcm_decode4_stereo_avx2;
#endif

/* Real-time encoder: one block of `spb` samples per channel from `frames` (1..spb) input
 * frames. As Microsoft's encoder: each channel encodes the block with every coefficient pair
 * (the first min(num_coefs, 256)) and keeps the one with the least total squared error, the
 * initial delta seeded from the mean prediction error of the first samples (/4, min 16); each
 * nibble is the rounded residual / delta. The trials run in lockstep SIMD lanes that also
 * record their nibbles, so the winner is not encoded a second time; still 7 trials per sample.
 * On x86 the lanes run in the AVX-512, AVX2 or SSE2 engine (the dispatch tables below; same
 * bytes from each); pacm_msadpcm_encode_blocks below interleaves several blocks and is the fast
 * entry point (speed per engine and quality against other encoders: docs/performance.md).
 * Header sample2 and sample1 are the first two input samples. When frames
 * < spb the block is cut after the last frame (mono: rounded up to a whole byte, padding by
 * repeating the last sample); to get a full-size final block pass a padded input of spb
 * frames. Blocks are independent (no stream state). Returns bytes written (the block align
 * for a whole block), 0 on bad arguments (NULL pointers, no coefficients, spb not
 * representable, frames out of range). */
size_t pacm_msadpcm_encode_block(const int16_t *in, size_t frames, unsigned channels,
                            const msadpcm_coef *coefs, unsigned num_coefs,
                            uint8_t *block, size_t spb);

/* The real-time encoder over `blocks` (>= 1) consecutive whole blocks: in holds blocks * spb
 * frames, out receives blocks * pacm_msadpcm_block_align(spb, channels) bytes, each block exactly
 * as pacm_msadpcm_encode_block(in + b * spb * channels, spb, ...) writes it. Faster than one call
 * per block: the trials of up to 8 (block, channel) jobs run interleaved in the job engine
 * (below), so the processor overlaps their dependency chains (with at most 8 coefficient
 * pairs within +-4096; otherwise it encodes block by block). The nibbles are recorded in
 * `workspace`, pacm_msadpcm_encode_blocks_workspace_size(spb) bytes (allocate once per stream);
 * with a NULL workspace, 4 jobs at a time in a stack buffer (same bytes, slower). Returns the
 * bytes written, 0 on bad arguments. */
size_t pacm_msadpcm_encode_blocks_workspace_size(size_t spb);
size_t pacm_msadpcm_encode_blocks(const int16_t *in, size_t blocks, unsigned channels,
                             const msadpcm_coef *coefs, unsigned num_coefs,
                             uint8_t *out, size_t spb, void *workspace);

/* High-quality (NONREALTIME) encoder, same contract: every coefficient pair and several
 * initial deltas are encoded for real and ranked by their actual (closed-loop) error, the
 * best start points seed a beam search over the nibbles, and the block keeps whichever of the
 * search and the real-time encoding has the least squared error. Needs a workspace of
 * pacm_msadpcm_encode_block_hq_workspace_size(spb) bytes (allocate once per stream). */
size_t pacm_msadpcm_encode_block_hq_workspace_size(size_t spb);
size_t pacm_msadpcm_encode_block_hq(const int16_t *in, size_t frames, unsigned channels,
                               const msadpcm_coef *coefs, unsigned num_coefs,
                               uint8_t *block, size_t spb, void *workspace);

/* ---- the engines: two dispatch tables (codec_simd_int.h) --------------------------------------
 * The real-time encoder tries every coefficient pair for real (a closed-loop greedy encoding
 * per pair, a "lane"); the lanes are independent, so they run side by side in vector
 * registers. Each lane computes exactly msadpcm_kernel.c's scalar encoder step in 32 bits, which
 * is exact while every coefficient is within +-MSADPCM_LANE_COEF_LIMIT (no product overflows;
 * the kernel checks, and encodes larger sets pair by pair). Every engine therefore gives the
 * same costs and nibbles, and the same bytes; the cap only changes speed.
 *
 * 1. The lane trial (pacm_msadpcm_encode_block, the HQ encoder's fallback): up to MSADPCM_LANES
 *    (channel, pair) lanes of one block, each from its seeded delta; returns each lane's
 *    squared error over the block in lanes[l].cost and, when `codes` is not NULL, lane l's
 *    nibble for sample n in codes[(n - 2) * MSADPCM_LANES + l]. Samples past `frames` repeat
 *    the last frame. Rows: SSE2 (msadpcm_sse2.c: each channel's lanes in groups of 8, `group`
 *    8), plain C (any mix of channels, `group` 1). */
#define MSADPCM_LANES 16
#define MSADPCM_LANE_COEF_LIMIT 4096
typedef struct msadpcm_lane {
    size_t channel;
    const msadpcm_coef *coef;
    int32_t delta;
    int padding;                /* a copy filling a group of 8: its cost is not used */
    uint64_t cost;
} msadpcm_lane;
typedef void msadpcm_trial_lanes_fn(const int16_t *in, size_t frames, size_t ch, size_t length,
                                    msadpcm_lane *lanes, unsigned count, uint8_t *codes);
typedef struct msadpcm_lane_engine {
    int level;                  /* CODEC_SIMD_* */
    unsigned group;             /* lanes of one channel are padded to a multiple of this */
    msadpcm_trial_lanes_fn *trial_lanes;
} msadpcm_lane_engine;
msadpcm_trial_lanes_fn pacm_msadpcm_trial_lanes_c;
#if defined(__SSE2__)
msadpcm_trial_lanes_fn pacm_msadpcm_trial_lanes_sse2;
#endif
const msadpcm_lane_engine *pacm_msadpcm_lane_engine_row(void); /* the row the cap allows now */

/* 2. The job trials (pacm_msadpcm_encode_blocks, and pacm_msadpcm_encode_block with the AVX engines).
 * A job is one channel of one block tried with 8 lanes (coefficient pair and initial delta per
 * lane; the coefficients within +-4096, so every product fits 32 bits): lane l runs exactly
 * the closed-loop greedy encoder of msadpcm_kernel.c from s2 = sample 0 and s1 = sample 1,
 * coding samples 2..length-1, where sample n is in[n * stride] for n < frames and repeats
 * sample frames - 1 after that. Up to MSADPCM_TRIAL_JOBS jobs per call, run interleaved so the
 * processor overlaps their dependency chains; job j, lane l's nibble for sample n goes to
 * codes[(n - 2) * row + 8 * j + l] (row >= 8 * count; nothing else in a row is written) and its
 * squared error over the block to cost[j][l]. Rows: AVX-512 (msadpcm_avx512.c, built with
 * -mavx512f -mavx512bw), AVX2 (msadpcm_avx2.c, -mavx2), SSE2 (msadpcm_sse2.c), plain C. */
#define MSADPCM_TRIAL_JOBS 8
typedef struct msadpcm_trial_job {
    const int16_t *in;
    size_t stride, frames;
    int16_t coef1[8], coef2[8];
    int32_t delta[8];
} msadpcm_trial_job;
static inline int msadpcm_trial_sample(const msadpcm_trial_job *job, size_t n)
{
    return job->in[(n < job->frames ? n : job->frames - 1) * job->stride];
}
typedef void msadpcm_trials_fn(const msadpcm_trial_job *jobs, unsigned count, size_t length,
                               uint8_t *codes, size_t row, uint64_t (*cost)[8]);
typedef struct msadpcm_job_engine {
    int level;                  /* CODEC_SIMD_* */
    msadpcm_trials_fn *trials;
} msadpcm_job_engine;
msadpcm_trials_fn pacm_msadpcm_trials_c;
#if defined(__SSE2__)
msadpcm_trials_fn pacm_msadpcm_trials_sse2;
#endif
#if defined(__x86_64__) || defined(__i386__)
msadpcm_trials_fn pacm_msadpcm_trials_avx2;
msadpcm_trials_fn pacm_msadpcm_trials_avx512;
#endif
const msadpcm_job_engine *pacm_msadpcm_job_engine_row(void); /* the row the cap allows now */

/* ---- the arithmetic the decoder and the encoders share (Microsoft's ADPCM description) ---- */

/* The floor of the prediction relies on >> of a negative value being arithmetic, which C
 * leaves to the implementation; every compiler we build with does this. */
_Static_assert((-257 >> 8) == -2, "right shift of negative values must be arithmetic");

static inline int msadpcm_clamp16(int64_t value)
{
    return value < -32768 ? -32768 : value > 32767 ? 32767 : (int)value;
}

static inline int msadpcm_predict(int s1, int s2, const msadpcm_coef *coef)
{
    int64_t sum = (int64_t)s1 * coef->coef1 + (int64_t)s2 * coef->coef2;
    return (int)(sum >> 8);
}

/* delta = table[code] * delta / 256 (shift), at least 16. The reference implementations use
 * 32-bit int; a hostile block can make the product overflow, so the multiplication is done
 * modulo 2^32 as those implementations behave in practice, instead of being undefined. */
static inline int32_t msadpcm_adapt(int32_t delta, unsigned code)
{
    int32_t product = (int32_t)((uint32_t)pacm_msadpcm_adaptation_table[code] * (uint32_t)delta);
    int32_t next = product >> 8;
    return next < MSADPCM_MIN_DELTA ? MSADPCM_MIN_DELTA : next;
}

#endif /* PORTACM_MSADPCM_INT_H */
