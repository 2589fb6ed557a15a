/*
 * imaadpcm_int.h - the IMA ADPCM kernels (imaadpcm_kernel.c, imaadpcm_tables.c) behind the
 * IMA ADPCM driver (imaadpcm_driver.c). The conventions shared by every kernel are in
 * codec_simd_int.h.
 *
 * ---- IMA ADPCM (IMA DA-TWG 1992 recommendation; Microsoft WAVE_FORMAT_IMA_ADPCM 0x11) ------
 * Block: per channel a 4-byte header (int16 LE first sample, step index 0..88, reserved 0),
 * then 4-byte groups of 8 samples per channel in turn (ch0 group, ch1 group, ...), low nibble
 * first. Samples per block = (nBlockAlign - 4*ch) * 2 / ch + 1 (256 mono -> 505).
 *   size_t    pacm_imaadpcm_samples_per_block(size_t block_align, unsigned channels);
 *   ptrdiff_t pacm_imaadpcm_decode_block(const uint8_t *block, size_t block_size, unsigned channels,
 *                              int16_t *out, size_t spb);
 *   size_t    pacm_imaadpcm_encode_block(const int16_t *in, size_t frames, unsigned channels,
 *                              uint8_t *step_index, uint8_t *block, size_t spb);
 *   size_t    pacm_imaadpcm_encode_block_hq_workspace_size(size_t spb);
 *   size_t    pacm_imaadpcm_encode_block_hq(const int16_t *in, size_t frames, unsigned channels,
 *                              uint8_t *step_index, uint8_t *block, size_t spb,
 *                              void *workspace);
 *
 */
#ifndef PORTACM_IMAADPCM_INT_H
#define PORTACM_IMAADPCM_INT_H

#include "codec_simd_int.h"

/* imaadpcm_tables.c; the comment there says where the numbers come from. */
#define IMAADPCM_STEP_COUNT 89
#define IMAADPCM_MAX_STEP_INDEX 88
extern const int16_t pacm_imaadpcm_step_table[IMAADPCM_STEP_COUNT];
extern const int8_t pacm_imaadpcm_index_table[16];
/* The decoder's combined table: entry 16 * index + code = the signed difference the code
 * adds at that step index, and 16 * the step index that follows (imaadpcm_tables.c). */
typedef struct imaadpcm_decode_entry {
    int32_t diff;
    int32_t next_row;
} imaadpcm_decode_entry;
extern const imaadpcm_decode_entry pacm_imaadpcm_decode_table[IMAADPCM_STEP_COUNT * 16];


/* Samples per channel in one block of `block_align` bytes, or 0 when the size cannot hold a
 * Microsoft IMA block (zero channels, not a multiple of 4*channels, or no room for the header).
 * The format's wSamplesPerBlock normally equals this. */
size_t pacm_imaadpcm_samples_per_block(size_t block_align, unsigned channels);

/* Bytes needed for a block of `spb` samples per channel ((spb - 1) must be a multiple of 8),
 * 0 when spb is not of that form. Inverse of pacm_imaadpcm_samples_per_block(). */
size_t pacm_imaadpcm_block_align(size_t spb, unsigned channels);

/* Decodes one block into `out` (interleaved frames). `block_size` is the number of bytes
 * present: nBlockAlign for a whole block, fewer for a partial final block. A partial block
 * yields its header sample plus every complete 4*channels-byte group (8 frames) it holds; the
 * trailing bytes of an incomplete group are ignored (what sox does; libsndfile drops the whole
 * partial block; Windows' decoders convert a partial final block when the application
 * converts without ACM_STREAMCONVERTF_BLOCKALIGN). At most `spb` frames are written (pass the
 * format's wSamplesPerBlock). A step index above 88 in a header is clamped to 88.
 * Returns the frames written, or KERNEL_ERR_ARGUMENT / KERNEL_ERR_SHORT_BLOCK (block_size
 * smaller than the 4*channels-byte header). */
ptrdiff_t pacm_imaadpcm_decode_block(const uint8_t *block, size_t block_size, unsigned channels,
                           int16_t *out, size_t spb);

/* Real-time encoder (the IMA recommendation's quantiser, one nibble per sample, no search):
 * writes one block of `spb` samples per channel from `frames` input frames (1 <= frames <=
 * spb). The header sample of each channel is its first input sample; the step index is
 * taken from and written back to step_index[channel] (the stream state: it carries over from
 * block to block; start a stream with zeros, as Windows does). When frames < spb (the end of
 * the stream) only the groups needed are written, the last group padded by repeating the last
 * sample. Returns the bytes written: pacm_imaadpcm_block_align(spb) for a whole block, 0 on bad
 * arguments. Same input and state give the same bytes as libsndfile's encoder. */
size_t pacm_imaadpcm_encode_block(const int16_t *in, size_t frames, unsigned channels,
                        uint8_t *step_index, uint8_t *block, size_t spb);

/* High-quality (ACM_STREAMOPENF_NONREALTIME) encoder: same layout and contract, but each
 * channel's nibbles are chosen by a beam search minimising the squared error over the whole
 * block, and the block's initial step index is chosen freely (the search starts from every
 * index). Needs a caller-provided workspace of pacm_imaadpcm_encode_block_hq_workspace_size(spb) bytes
 * (aligned for any object, e.g. from malloc), allocated once per stream. */
size_t pacm_imaadpcm_encode_block_hq_workspace_size(size_t spb);
size_t pacm_imaadpcm_encode_block_hq(const int16_t *in, size_t frames, unsigned channels,
                           uint8_t *step_index, uint8_t *block, size_t spb, void *workspace);

#endif /* PORTACM_IMAADPCM_INT_H */
