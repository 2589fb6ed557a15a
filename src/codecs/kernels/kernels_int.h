/*
 * kernels_int.h - the pure codec kernels behind the built-in ACM drivers: IMA ADPCM, MS ADPCM
 * and G.711 (A-law, mu-law). Plain functions over caller buffers: no globals, no allocation,
 * no I/O, nothing but <stdint.h>/<stddef.h>, so they can be benchmarked and fuzzed alone. The
 * ACM drivers wrap them (format checks, byte order, 8-bit output, buffering of partial blocks).
 * One exception: cpu_features.c remembers which vector engine to use.
 *
 * Conventions for every function here
 *   - PCM is int16_t in native byte order, channels interleaved (frame = one sample per
 *     channel). The ACM buffers are little-endian and may be unaligned: the driver copies or
 *     converts; on little-endian hosts with aligned buffers it can pass them straight through.
 *   - A "block" is one WAVE_FORMAT_IMA_ADPCM / WAVE_FORMAT_ADPCM block (nBlockAlign bytes);
 *     a "partial block" is a final block with fewer bytes (see the decoders).
 *   - Decoders never read past `block_size` bytes nor write more than `spb` frames; every
 *     value read from the block is range-checked where it is used. Hostile input gives an
 *     error code or well-defined samples, never undefined behaviour.
 *   - Decoders return the number of frames written (>= 0) or a negative KERNEL_ERR_* code.
 *
 * ---- G.711 (ITU-T G.711; WAVE_FORMAT_ALAW 0x6, WAVE_FORMAT_MULAW 0x7) ----------------------
 *   void g711_alaw_encode(const int16_t *in, uint8_t *out, size_t n);
 *   void g711_ulaw_encode(const int16_t *in, uint8_t *out, size_t n);
 *   void g711_alaw_decode(const uint8_t *in, int16_t *out, size_t n);
 *   void g711_ulaw_decode(const uint8_t *in, int16_t *out, size_t n);
 *   void g711_alaw_to_ulaw(const uint8_t *in, uint8_t *out, size_t n);   (in == out allowed)
 *   void g711_ulaw_to_alaw(const uint8_t *in, uint8_t *out, size_t n);   (in == out allowed)
 * Encoding truncates like the classic Sun g711.c (1994 revision) that Windows-compatible
 * encoders use; decoding gives the centre of each interval; A<->mu uses G.711 Tables 3 and 4
 * directly (not decode + encode). SSE2 arithmetic on x86-64, table lookups elsewhere; both run
 * near memory bandwidth.
 *
 * ---- IMA ADPCM (IMA DA-TWG 1992 recommendation; Microsoft WAVE_FORMAT_IMA_ADPCM 0x11) ------
 * Block: per channel a 4-byte header (int16 LE first sample, step index 0..88, reserved 0),
 * then 4-byte groups of 8 samples per channel in turn (ch0 group, ch1 group, ...), low nibble
 * first. Samples per block = (nBlockAlign - 4*ch) * 2 / ch + 1 (256 mono -> 505).
 *   size_t    ima_samples_per_block(size_t block_align, unsigned channels);
 *   ptrdiff_t ima_decode_block(const uint8_t *block, size_t block_size, unsigned channels,
 *                              int16_t *out, size_t spb);
 *   size_t    ima_encode_block(const int16_t *in, size_t frames, unsigned channels,
 *                              uint8_t *step_index, uint8_t *block, size_t spb);
 *   size_t    ima_encode_block_hq_workspace_size(size_t spb);
 *   size_t    ima_encode_block_hq(const int16_t *in, size_t frames, unsigned channels,
 *                              uint8_t *step_index, uint8_t *block, size_t spb,
 *                              void *workspace);
 *
 * ---- MS ADPCM (Microsoft "ADPCM" format description; WAVE_FORMAT_ADPCM 0x2) --------------
 * Block: per channel predictor byte, then per channel int16 delta, int16 sample1, int16
 * sample2 (each field for all channels before the next field), then nibbles high-first,
 * channels interleaved nibble by nibble. Samples per block = (nBlockAlign - 7*ch)*2/ch + 2
 * (256 mono -> 500). The coefficient pairs come from the format (aCoef, wNumCoef).
 *   size_t    msadpcm_samples_per_block(size_t block_align, unsigned channels);
 *   ptrdiff_t msadpcm_decode_block(const uint8_t *block, size_t block_size, unsigned channels,
 *                                  const msadpcm_coef *coefs, unsigned num_coefs,
 *                                  int16_t *out, size_t spb);
 *   size_t    msadpcm_encode_block(const int16_t *in, size_t frames, unsigned channels,
 *                                  const msadpcm_coef *coefs, unsigned num_coefs,
 *                                  uint8_t *block, size_t spb);
 *   size_t    msadpcm_encode_blocks_workspace_size(size_t spb);
 *   size_t    msadpcm_encode_blocks(const int16_t *in, size_t blocks, unsigned channels, ...,
 *                                   void *workspace);
 *   size_t    msadpcm_encode_block_hq_workspace_size(size_t spb);
 *   size_t    msadpcm_encode_block_hq(const int16_t *in, size_t frames, unsigned channels,
 *                                  const msadpcm_coef *coefs, unsigned num_coefs,
 *                                  uint8_t *block, size_t spb, void *workspace);
 */
#ifndef PORTACM_KERNELS_INT_H
#define PORTACM_KERNELS_INT_H

#include <stddef.h>
#include <stdint.h>

/* Negative results of the decoders. */
enum {
    KERNEL_ERR_ARGUMENT = -1,       /* NULL pointer, zero channels or samples per block */
    KERNEL_ERR_SHORT_BLOCK = -2,    /* fewer bytes than the block header needs */
    KERNEL_ERR_BAD_PREDICTOR = -3   /* MS ADPCM predictor index >= wNumCoef */
};

/* ================================ G.711 ================================================ */

/* Generated tables (g711_tables.c, by gen_g711_tables.py). The encode tables are indexed by
 * the sample as uint16_t shifted right by 3 (A-law) or 2 (mu-law). */
extern const uint8_t g711_alaw_encode_table[8192];
extern const uint8_t g711_ulaw_encode_table[16384];
extern const int16_t g711_alaw_decode_table[256];
extern const int16_t g711_ulaw_decode_table[256];
extern const uint8_t g711_alaw_to_ulaw_table[256];
extern const uint8_t g711_ulaw_to_alaw_table[256];

/* One sample each way; the buffer functions below are the fast path. */
static inline uint8_t g711_alaw_encode_sample(int16_t sample)
{
    return g711_alaw_encode_table[(uint16_t)sample >> 3];
}
static inline uint8_t g711_ulaw_encode_sample(int16_t sample)
{
    return g711_ulaw_encode_table[(uint16_t)sample >> 2];
}
static inline int16_t g711_alaw_decode_sample(uint8_t code)
{
    return g711_alaw_decode_table[code];
}
static inline int16_t g711_ulaw_decode_sample(uint8_t code)
{
    return g711_ulaw_decode_table[code];
}

/* n samples in, n codes out (and the reverse). The buffers must not overlap, except that the
 * two transcoders may work in place (in == out). */
void g711_alaw_encode(const int16_t *in, uint8_t *out, size_t n);
void g711_ulaw_encode(const int16_t *in, uint8_t *out, size_t n);
void g711_alaw_decode(const uint8_t *in, int16_t *out, size_t n);
void g711_ulaw_decode(const uint8_t *in, int16_t *out, size_t n);
void g711_alaw_to_ulaw(const uint8_t *in, uint8_t *out, size_t n);
void g711_ulaw_to_alaw(const uint8_t *in, uint8_t *out, size_t n);

/* ================================ CPU features ========================================= */
/* cpu_features.c: the widest vector extension the kernels may use in this process, detected
 * once (CPUID and XGETBV); lowered by the environment variable PORTACM_SIMD (none, sse2, avx2,
 * avx512) or by kernel_simd_cap(level) (tests and benchmarks; -1 removes the cap). Every
 * engine gives the same output, so this only changes speed. */
enum { KERNEL_SIMD_NONE = 0, KERNEL_SIMD_SSE2 = 1, KERNEL_SIMD_AVX2 = 2, KERNEL_SIMD_AVX512 = 3 };
int kernel_simd_level(void);
void kernel_simd_cap(int level);

#if defined(__x86_64__) || defined(__i386__)
/* AVX2 bodies (g711_avx2.c, compiled with -mavx2): call only after g711.c's run-time check.
 * Each converts the first n / 32 * 32 samples and returns that count. */
size_t g711_alaw_encode_avx2(const int16_t *in, uint8_t *out, size_t n);
size_t g711_ulaw_encode_avx2(const int16_t *in, uint8_t *out, size_t n);
size_t g711_alaw_decode_avx2(const uint8_t *in, int16_t *out, size_t n);
size_t g711_ulaw_decode_avx2(const uint8_t *in, int16_t *out, size_t n);
#endif

/* ================================ ADPCM tables ========================================= */
/* adpcm_tables.c; the comment there says where the numbers come from. */
#define IMA_STEP_COUNT 89
#define IMA_MAX_STEP_INDEX 88
extern const int16_t ima_step_table[IMA_STEP_COUNT];
extern const int8_t ima_index_table[16];

typedef struct msadpcm_coef {
    int16_t coef1;      /* weight of the previous sample, in 1/256 */
    int16_t coef2;      /* weight of the sample before it, in 1/256 */
} msadpcm_coef;

#define MSADPCM_STANDARD_COEF_COUNT 7
#define MSADPCM_MIN_DELTA 16
extern const msadpcm_coef msadpcm_standard_coefs[MSADPCM_STANDARD_COEF_COUNT];
extern const int16_t msadpcm_adaptation_table[16];

/* ================================ IMA ADPCM ============================================ */

/* Samples per channel in one block of `block_align` bytes, or 0 when the size cannot hold a
 * Microsoft IMA block (zero channels, not a multiple of 4*channels, or no room for the header).
 * The format's wSamplesPerBlock normally equals this. */
size_t ima_samples_per_block(size_t block_align, unsigned channels);

/* Bytes needed for a block of `spb` samples per channel ((spb - 1) must be a multiple of 8),
 * 0 when spb is not of that form. Inverse of ima_samples_per_block(). */
size_t ima_block_align(size_t spb, unsigned channels);

/* Decodes one block into `out` (interleaved frames). `block_size` is the number of bytes
 * present: nBlockAlign for a whole block, fewer for a partial final block. A partial block
 * yields its header sample plus every complete 4*channels-byte group (8 frames) it holds; the
 * trailing bytes of an incomplete group are ignored (what sox does; libsndfile drops the whole
 * partial block; Windows' decoders convert a partial final block when the application
 * converts without ACM_STREAMCONVERTF_BLOCKALIGN). At most `spb` frames are written (pass the
 * format's wSamplesPerBlock). A step index above 88 in a header is clamped to 88.
 * Returns the frames written, or KERNEL_ERR_ARGUMENT / KERNEL_ERR_SHORT_BLOCK (block_size
 * smaller than the 4*channels-byte header). */
ptrdiff_t ima_decode_block(const uint8_t *block, size_t block_size, unsigned channels,
                           int16_t *out, size_t spb);

/* Real-time encoder (the IMA recommendation's quantiser, one nibble per sample, no search):
 * writes one block of `spb` samples per channel from `frames` input frames (1 <= frames <=
 * spb). The header sample of each channel is its first input sample; the step index is
 * taken from and written back to step_index[channel] (the stream state: it carries over from
 * block to block; start a stream with zeros, as Windows does). When frames < spb (the end of
 * the stream) only the groups needed are written, the last group padded by repeating the last
 * sample. Returns the bytes written: ima_block_align(spb) for a whole block, 0 on bad
 * arguments. Same input and state give the same bytes as libsndfile's encoder. */
size_t ima_encode_block(const int16_t *in, size_t frames, unsigned channels,
                        uint8_t *step_index, uint8_t *block, size_t spb);

/* High-quality (ACM_STREAMOPENF_NONREALTIME) encoder: same layout and contract, but each
 * channel's nibbles are chosen by a beam search minimising the squared error over the whole
 * block, and the block's initial step index is chosen freely (the search starts from every
 * index). Needs a caller-provided workspace of ima_encode_block_hq_workspace_size(spb) bytes
 * (aligned for any object, e.g. from malloc), allocated once per stream. */
size_t ima_encode_block_hq_workspace_size(size_t spb);
size_t ima_encode_block_hq(const int16_t *in, size_t frames, unsigned channels,
                           uint8_t *step_index, uint8_t *block, size_t spb, void *workspace);

/* ================================ MS ADPCM ============================================= */

/* Samples per channel in a block of `block_align` bytes, 0 when the size cannot hold the
 * 7*channels-byte header or a whole number of frames. */
size_t msadpcm_samples_per_block(size_t block_align, unsigned channels);

/* Bytes needed for a block of `spb` (>= 2) samples per channel, 0 when not representable
 * (mono: spb must be even). Inverse of msadpcm_samples_per_block(). */
size_t msadpcm_block_align(size_t spb, unsigned channels);

/* Decodes one block with the format's coefficient pairs. As Microsoft's reference decoder:
 * prediction = (sample1*coef1 + sample2*coef2) >> 8 (a floor, not a division), plus the signed
 * nibble times delta, clamped to 16 bits; delta adapts by the 16-entry table, minimum 16; the
 * header's sample2 is output first, then sample1. A predictor index >= num_coefs is a data
 * error (KERNEL_ERR_BAD_PREDICTOR). A partial final block yields the two header frames plus
 * every complete frame of nibbles present. At most `spb` frames are written.
 * Returns frames written or a KERNEL_ERR_* code. */
ptrdiff_t msadpcm_decode_block(const uint8_t *block, size_t block_size, unsigned channels,
                               const msadpcm_coef *coefs, unsigned num_coefs,
                               int16_t *out, size_t spb);

/* Real-time encoder: one block of `spb` samples per channel from `frames` (1..spb) input
 * frames. As Microsoft's encoder: each channel encodes the block with every coefficient pair
 * (the first min(num_coefs, 256)) and keeps the one with the least total squared error, the
 * initial delta seeded from the mean prediction error of the first samples (/4, min 16); each
 * nibble is the rounded residual / delta. The trials run in lockstep SIMD lanes that also
 * record their nibbles, so the winner is not encoded a second time; still 7 trials per sample.
 * On x86 the lanes run in the AVX-512, AVX2 or SSE2 engine (kernel_simd_level(); same bytes
 * from each); msadpcm_encode_blocks below interleaves several blocks and is the fast entry
 * point (about 410 / 290 / 110 MB/s of 44.1 kHz stereo PCM with the three engines on the
 * reference machine, see docs/performance.md; the SNR is sox's, far above libsndfile's
 * single-guess encoder).
 * Header sample2 and sample1 are the first two input samples. When frames
 * < spb the block is cut after the last frame (mono: rounded up to a whole byte, padding by
 * repeating the last sample); to get a full-size final block pass a padded input of spb
 * frames. Blocks are independent (no stream state). Returns bytes written (the block align
 * for a whole block), 0 on bad arguments (NULL pointers, no coefficients, spb not
 * representable, frames out of range). */
size_t msadpcm_encode_block(const int16_t *in, size_t frames, unsigned channels,
                            const msadpcm_coef *coefs, unsigned num_coefs,
                            uint8_t *block, size_t spb);

/* The real-time encoder over `blocks` (>= 1) consecutive whole blocks: in holds blocks * spb
 * frames, out receives blocks * msadpcm_block_align(spb, channels) bytes, each block exactly
 * as msadpcm_encode_block(in + b * spb * channels, spb, ...) writes it. Faster than one call
 * per block: on x86-64 the trials of up to 8 (block, channel) jobs (AVX2, AVX-512; 4 with
 * SSE2) run interleaved, so the processor overlaps their dependency chains (with at most 8
 * coefficient pairs within +-4096; otherwise it encodes block by block). The AVX engines
 * record their nibbles in `workspace`, msadpcm_encode_blocks_workspace_size(spb) bytes
 * (allocate once per stream); with a NULL workspace the SSE2 groups run instead (same bytes,
 * slower). Returns the bytes written, 0 on bad arguments. */
size_t msadpcm_encode_blocks_workspace_size(size_t spb);
size_t msadpcm_encode_blocks(const int16_t *in, size_t blocks, unsigned channels,
                             const msadpcm_coef *coefs, unsigned num_coefs,
                             uint8_t *out, size_t spb, void *workspace);

/* High-quality (NONREALTIME) encoder, same contract: every coefficient pair and several
 * initial deltas are encoded for real and ranked by their actual (closed-loop) error, the
 * best start points seed a beam search over the nibbles, and the block keeps whichever of the
 * search and the real-time encoding has the least squared error. Needs a workspace of
 * msadpcm_encode_block_hq_workspace_size(spb) bytes (allocate once per stream). */
size_t msadpcm_encode_block_hq_workspace_size(size_t spb);
size_t msadpcm_encode_block_hq(const int16_t *in, size_t frames, unsigned channels,
                               const msadpcm_coef *coefs, unsigned num_coefs,
                               uint8_t *block, size_t spb, void *workspace);

/* The wide-vector trial engines behind msadpcm_encode_block(s) (ms_adpcm_avx2.c with -mavx2,
 * ms_adpcm_avx512.c with -mavx512f -mavx512bw; call only where kernel_simd_level() allows).
 * A job is one channel of one block tried with 8 lanes (coefficient pair and initial delta per
 * lane; the coefficients within +-4096, so every product fits 32 bits): lane l runs exactly
 * the closed-loop greedy encoder of ms_adpcm.c from s2 = sample 0 and s1 = sample 1, coding
 * samples 2..length-1, where sample n is in[n * stride] for n < frames and repeats sample
 * frames - 1 after that. Up to MSADPCM_TRIAL_JOBS jobs run interleaved; job j, lane l's nibble
 * for sample n goes to codes[(n - 2) * row + 8 * j + l] (row >= 8 * count; nothing else in a
 * row is written) and its squared error over the block to cost[j][l]. */
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
void msadpcm_trials_avx2(const msadpcm_trial_job *jobs, unsigned count, size_t length,
                         uint8_t *codes, size_t row, uint64_t (*cost)[8]);
void msadpcm_trials_avx512(const msadpcm_trial_job *jobs, unsigned count, size_t length,
                           uint8_t *codes, size_t row, uint64_t (*cost)[8]);

#endif /* PORTACM_KERNELS_INT_H */
