/*
 * imaadpcm_kernel.c - IMA ADPCM in Microsoft's WAVE_FORMAT_IMA_ADPCM block layout.
 *
 * The arithmetic is the IMA Digital Audio Focus and Technical Working Groups' 1992
 * recommendation: a 4-bit code is a sign bit and three magnitude bits worth step, step/2 and
 * step/4, and the decoder reconstructs step/8 + the selected parts (each shifted from the
 * step, not computed as (2*code+1)*step/8: the two differ by rounding, and the shifted form
 * is what Windows' imaadp32, libsndfile and sox compute). The step index moves by the index
 * table and stays within 0..88. The block layout is Microsoft's: see imaadpcm_int.h.
 */
#include "codec_beam_search_int.h"
#include "imaadpcm_int.h"

#include <string.h>

/* Samples used to rank the 89 possible initial step indices of a block. */
#define IMAADPCM_HQ_INDEX_PROBE 48

static inline int clamp16(int value)
{
    return value < -32768 ? -32768 : value > 32767 ? 32767 : value;
}

static inline int clamp_index(int index)
{
    return index < 0 ? 0 : index > IMAADPCM_MAX_STEP_INDEX ? IMAADPCM_MAX_STEP_INDEX : index;
}

/* The reconstructed difference for a code's three magnitude bits at a given step, computed
 * without branches (the bits of real audio are unpredictable). */
static inline int imaadpcm_difference(int step, unsigned code)
{
    return (step >> 3) + (step & -(int)((code >> 2) & 1)) + ((step >> 1) & -(int)((code >> 1) & 1)) +
           ((step >> 2) & -(int)(code & 1));
}

/* One decoder step: applies `code` to the predictor and step index. */
static inline int imaadpcm_apply(int *predictor, int *index, unsigned code)
{
    int diff = imaadpcm_difference(pacm_imaadpcm_step_table[*index], code);
    int negative = -(int)((code >> 3) & 1);
    *predictor = clamp16(*predictor + ((diff ^ negative) - negative));
    *index = clamp_index(*index + pacm_imaadpcm_index_table[code]);
    return *predictor;
}

/* The recommendation's quantiser: the magnitude bits are found from the top down by
 * comparing the remaining difference with step, step/2, step/4 (a truncating choice). */
static inline unsigned imaadpcm_quantise(int step, int diff)
{
    unsigned code = 0;
    if (diff < 0) {
        code = 8;
        diff = -diff;
    }
    if (diff >= step) {
        code |= 4;
        diff -= step;
    }
    if (diff >= (step >> 1)) {
        code |= 2;
        diff -= step >> 1;
    }
    if (diff >= (step >> 2))
        code |= 1;
    return code;
}

size_t pacm_imaadpcm_samples_per_block(size_t block_align, unsigned channels)
{
    size_t header = 4 * (size_t)channels;
    if (channels == 0 || block_align < header || block_align % header != 0)
        return 0;
    return (block_align - header) * 2 / channels + 1;
}

size_t pacm_imaadpcm_block_align(size_t spb, unsigned channels)
{
    if (channels == 0 || spb == 0 || (spb - 1) % 8 != 0)
        return 0;
    return 4 * (size_t)channels * (1 + (spb - 1) / 8);
}

static inline uint32_t read_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* One decoder step through the combined table: the same predictor and index as
 * imaadpcm_apply, with one look-up (the step index is kept as its table row, 16 * index). */
static inline int16_t decode_step(int *predictor, int *row, unsigned code)
{
    const imaadpcm_decode_entry *e = &pacm_imaadpcm_decode_table[*row + (int)code];
    *predictor = clamp16(*predictor + e->diff);
    *row = e->next_row;
    return (int16_t)*predictor;
}

/* Decodes `lanes` (1 or 2, a constant after inlining) adjacent channels from `first` in
 * lockstep, so the processor overlaps their dependency chains: `frames` frames (the header
 * one, then whole groups, then the first frames of one more group when frames stops inside
 * it; that group is present in the block). */
static inline __attribute__((always_inline)) void decode_lanes(const uint8_t *block, size_t ch, size_t first,
                                                               size_t lanes, size_t frames, int16_t *out)
{
    int predictor[2] = {0, 0}, row[2] = {0, 0};
    for (size_t l = 0; l < lanes; l++) {
        const uint8_t *header = block + 4 * (first + l);
        predictor[l] = (int16_t)(header[0] | (header[1] << 8));
        row[l] = 16 * (header[2] > IMAADPCM_MAX_STEP_INDEX ? IMAADPCM_MAX_STEP_INDEX : header[2]);
        out[first + l] = (int16_t)predictor[l];
    }
    const uint8_t *data = block + 4 * ch + 4 * first;
    int16_t *dst = out + ch + first;
    size_t whole = (frames - 1) / 8, rest = (frames - 1) % 8;
    for (size_t g = 0; g < whole; g++, data += 4 * ch, dst += 8 * ch) {
        uint32_t word[2] = {read_le32(data), lanes > 1 ? read_le32(data + 4) : 0};
        for (unsigned j = 0; j < 8; j++)
            for (size_t l = 0; l < lanes; l++)
                dst[j * ch + l] = decode_step(&predictor[l], &row[l], (word[l] >> (4 * j)) & 15u);
    }
    if (rest) {
        uint32_t word[2] = {read_le32(data), lanes > 1 ? read_le32(data + 4) : 0};
        for (unsigned j = 0; j < rest; j++)
            for (size_t l = 0; l < lanes; l++)
                dst[j * ch + l] = decode_step(&predictor[l], &row[l], (word[l] >> (4 * j)) & 15u);
    }
}

ptrdiff_t pacm_imaadpcm_decode_block(const uint8_t *block, size_t block_size, unsigned channels,
                           int16_t *out, size_t spb)
{
    if (block == NULL || out == NULL || channels == 0 || spb == 0)
        return KERNEL_ERR_ARGUMENT;
    size_t ch = channels, group_bytes = 4 * ch;
    if (block_size < group_bytes)
        return KERNEL_ERR_SHORT_BLOCK;
    size_t frames = 1 + (block_size - group_bytes) / group_bytes * 8;
    if (frames > spb)
        frames = spb;
    size_t c = 0;
    for (; c + 2 <= ch; c += 2)
        decode_lanes(block, ch, c, 2, frames, out);
    if (c < ch)
        decode_lanes(block, ch, c, 1, frames, out);
    return (ptrdiff_t)frames;
}

/* Sample n (0-based within the block) of channel c, repeating the last input frame past the
 * end of a short final block. */
static inline int input_sample(const int16_t *in, size_t frames, unsigned channels, unsigned c,
                               size_t n)
{
    return in[(n < frames ? n : frames - 1) * channels + c];
}

/* Stores code for sample n (>= 1) of channel c in the interleaved group layout. */
static inline void put_code(uint8_t *block, unsigned channels, unsigned c, size_t n,
                            unsigned code)
{
    size_t m = n - 1;
    size_t group_bytes = 4 * (size_t)channels;
    uint8_t *byte = block + group_bytes * (1 + m / 8) + 4 * (size_t)c + (m % 8) / 2;
    if (m & 1)
        *byte = (uint8_t)((*byte & 0x0F) | (code << 4));
    else
        *byte = (uint8_t)((*byte & 0xF0) | code);
}

/* Writes a channel's header; returns the number of samples (including the header one) the
 * block carries, i.e. 1 + 8 * groups. */
static void put_header(uint8_t *block, unsigned c, int sample, int index)
{
    uint8_t *header = block + 4 * (size_t)c;
    header[0] = (uint8_t)(sample & 0xFF);
    header[1] = (uint8_t)((sample >> 8) & 0xFF);
    header[2] = (uint8_t)index;
    header[3] = 0;
}

/* Checks the common arguments of the encoders; returns the samples per channel to code
 * (1 + 8 * whole groups needed) or 0 when the arguments are bad. */
static size_t encode_length(const int16_t *in, size_t frames, unsigned channels,
                            const uint8_t *step_index, const uint8_t *block, size_t spb)
{
    if (in == NULL || step_index == NULL || block == NULL || frames == 0 || frames > spb ||
        pacm_imaadpcm_block_align(spb, channels) == 0)
        return 0;
    return 1 + (frames - 1 + 7) / 8 * 8;
}

/* One real-time encoder step: quantises `sample` against the predictor, updates predictor and
 * index exactly as the decoder will (the reconstructed difference is accumulated while the
 * bits are chosen, as the recommendation describes) and returns the 4-bit code. */
static inline unsigned imaadpcm_encode_step(int *predictor, int *index, int sample)
{
    /* Branch-free: for audio each decision is close to a coin toss, and mispredicted branches
     * would cost more than the arithmetic. */
    int step = pacm_imaadpcm_step_table[*index];
    int diff = sample - *predictor;
    int negative = -(diff < 0);                 /* all ones when negative */
    diff = (diff ^ negative) - negative;        /* |diff| */
    int reconstructed = step >> 3;
    int take = -(diff >= step);
    unsigned code = (unsigned)(take & 4);
    diff -= step & take;
    reconstructed += step & take;
    take = -(diff >= (step >> 1));
    code |= (unsigned)(take & 2);
    diff -= (step >> 1) & take;
    reconstructed += (step >> 1) & take;
    take = -(diff >= (step >> 2));
    code |= (unsigned)(take & 1);
    reconstructed += (step >> 2) & take;
    code |= (unsigned)(negative & 8);
    *predictor = clamp16(*predictor + ((reconstructed ^ negative) - negative));
    *index = clamp_index(*index + pacm_imaadpcm_index_table[code]);
    return code;
}

/* Channels encoded side by side: their dependency chains are independent, so running them
 * in lockstep lets the processor overlap them (stereo runs nearly as fast as mono). */
#define IMAADPCM_LOCKSTEP 8

size_t pacm_imaadpcm_encode_block(const int16_t *in, size_t frames, unsigned channels,
                        uint8_t *step_index, uint8_t *block, size_t spb)
{
    size_t length = encode_length(in, frames, channels, step_index, block, spb);
    if (length == 0)
        return 0;
    size_t ch = channels, group_bytes = 4 * ch;
    for (size_t first = 0; first < ch; first += IMAADPCM_LOCKSTEP) {
        size_t lanes = ch - first < IMAADPCM_LOCKSTEP ? ch - first : IMAADPCM_LOCKSTEP;
        int predictor[IMAADPCM_LOCKSTEP], index[IMAADPCM_LOCKSTEP];
        for (size_t l = 0; l < lanes; l++) {
            predictor[l] = in[first + l];
            index[l] = clamp_index(step_index[first + l]);
            put_header(block, (unsigned)(first + l), predictor[l], index[l]);
        }
        for (size_t g = 0; 1 + g * 8 < length; g++) {
            uint32_t word[IMAADPCM_LOCKSTEP] = {0};
            for (unsigned j = 0; j < 8; j++) {
                size_t n = 1 + g * 8 + j;
                const int16_t *frame = in + (n < frames ? n : frames - 1) * ch + first;
                for (size_t l = 0; l < lanes; l++)
                    word[l] |= (uint32_t)imaadpcm_encode_step(&predictor[l], &index[l], frame[l]) << (4 * j);
            }
            for (size_t l = 0; l < lanes; l++) {
                uint8_t *data = block + group_bytes * (1 + g) + 4 * (first + l);
                data[0] = (uint8_t)word[l];
                data[1] = (uint8_t)(word[l] >> 8);
                data[2] = (uint8_t)(word[l] >> 16);
                data[3] = (uint8_t)(word[l] >> 24);
            }
        }
        for (size_t l = 0; l < lanes; l++)
            step_index[first + l] = (uint8_t)index[l];
    }
    return group_bytes * (1 + (length - 1) / 8);
}

/* ---- high-quality encoder: beam search (codec_beam_search.c) ----------------------------- */

size_t pacm_imaadpcm_encode_block_hq_workspace_size(size_t spb)
{
    if (spb == 0 || spb > ((size_t)-1) / 64 / CODEC_BEAM_WIDTH)
        return 0;
    return spb * CODEC_BEAM_WIDTH * sizeof(codec_beam_trace) + spb * sizeof(int16_t);
}

/* Greedy squared error over the first samples when starting at `index`: ranks the initial
 * step indices a block could declare. */
static uint64_t probe_index(const int16_t *x, size_t length, int index)
{
    int predictor = x[0];
    uint64_t cost = 0;
    size_t end = length < IMAADPCM_HQ_INDEX_PROBE ? length : IMAADPCM_HQ_INDEX_PROBE;
    for (size_t n = 1; n < end; n++) {
        unsigned code = imaadpcm_quantise(pacm_imaadpcm_step_table[index], x[n] - predictor);
        int64_t err = (int64_t)x[n] - imaadpcm_apply(&predictor, &index, code);
        cost += (uint64_t)(err * err);
    }
    return cost;
}

/* The search's step for IMA ADPCM (state: predictor, step index; x = the channel's samples):
 * the greedy code, its neighbours in magnitude, and the other sign at zero. */
static unsigned expand(const void *ctx, size_t n, const codec_beam_path *path, codec_beam_path *out,
                       uint8_t *codes)
{
    const int16_t *x = ctx;
    int step = pacm_imaadpcm_step_table[path->state[1]];
    int diff = x[n] - path->state[0];
    unsigned greedy = imaadpcm_quantise(step, diff);
    unsigned sign = greedy & 8, magnitude = greedy & 7;
    unsigned tries[4] = {greedy, sign | (magnitude > 0 ? magnitude - 1 : 0),
                         sign | (magnitude < 7 ? magnitude + 1 : 7), sign ^ 8};
    unsigned count = 0;
    for (int t = 0; t < 4; t++) {
        if ((t == 1 && magnitude == 0) || (t == 2 && magnitude == 7) || (t == 3 && magnitude != 0))
            continue;
        codec_beam_path *candidate = &out[count];
        *candidate = *path;
        int64_t err = (int64_t)x[n] - imaadpcm_apply(&candidate->state[0], &candidate->state[1], tries[t]);
        candidate->cost += (uint64_t)(err * err);
        codes[count++] = (uint8_t)tries[t];
    }
    return count;
}

/* Chooses the codes of one channel (samples x[0..length-1], x[0] is the header sample) by a
 * beam search over decoder states; writes them with put_code and returns the block's initial
 * step index and, through *final_index, the index after the last sample. */
static int search_channel(const int16_t *x, size_t length, codec_beam_trace *traces, uint8_t *block,
                          unsigned channels, unsigned c, int *final_index)
{
    codec_beam_path beam[CODEC_BEAM_WIDTH];
    int count = 0;
    /* The starting beam: the initial step indices that do best greedily on the first
     * samples (the trace of position 0 records each path's initial index as its code). */
    for (int index = 0; index <= IMAADPCM_MAX_STEP_INDEX; index++) {
        codec_beam_path start = {{x[0], index, 0, 0}, probe_index(x, length, index)};
        pacm_codec_beam_insert(beam, traces, &count, &start, 0, (uint8_t)index);
    }
    for (int i = 0; i < count; i++)
        beam[i].cost = 0;
    pacm_codec_beam_search(beam, &count, traces + CODEC_BEAM_WIDTH, 1, length, expand, x);
    *final_index = beam[0].state[1];
    int slot = pacm_codec_beam_trace_back(traces + CODEC_BEAM_WIDTH, 1, length);
    for (size_t n = 1; n < length; n++)
        put_code(block, channels, c, n, codec_beam_code(traces + CODEC_BEAM_WIDTH, 1, n));
    return traces[slot].code;
}

size_t pacm_imaadpcm_encode_block_hq(const int16_t *in, size_t frames, unsigned channels,
                           uint8_t *step_index, uint8_t *block, size_t spb, void *workspace)
{
    size_t length = encode_length(in, frames, channels, step_index, block, spb);
    if (length == 0 || workspace == NULL)
        return 0;
    codec_beam_trace *traces = workspace;
    int16_t *x = (int16_t *)(traces + spb * CODEC_BEAM_WIDTH);
    for (unsigned c = 0; c < channels; c++) {
        for (size_t n = 0; n < length; n++)
            x[n] = (int16_t)input_sample(in, frames, channels, c, n);
        int final_index;
        int initial = search_channel(x, length, traces, block, channels, c, &final_index);
        put_header(block, c, x[0], initial);
        step_index[c] = (uint8_t)final_index;
    }
    return 4 * (size_t)channels * (1 + (length - 1) / 8);
}
