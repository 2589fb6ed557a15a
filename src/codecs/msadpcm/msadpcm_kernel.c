/*
 * msadpcm_kernel.c - the Microsoft ADPCM (WAVE_FORMAT_ADPCM) encoders: real-time (closed-loop
 * trials of every coefficient pair, through the dispatch tables' engines), runs of whole
 * blocks, and the high-quality beam search. The decoder is msadpcm_decode.c.
 *
 * From Microsoft's ADPCM format description: each channel predicts the next sample from the
 * previous two with one of the format's coefficient pairs (chosen per block, in 1/256), codes
 * the residual as a signed 4-bit multiple of a step "delta", and adapts delta by a 16-entry
 * table after every sample (never below 16). The prediction is (s1*c1 + s2*c2) >> 8 with an
 * arithmetic shift, i.e. a floor, as in Microsoft's reference decoder; dividing by 256
 * (rounding toward zero, as Wine's msadp32 and ffmpeg do) gives different samples whenever the
 * sum is negative and not a multiple of 256.
 */
#include "codec_beam_search_int.h"
#include "msadpcm_int.h"

#include <stdlib.h>
#include <string.h>

/* High-quality search parameters (the beam width is CODEC_BEAM_WIDTH): samples used to rank
 * start points, and the initial delta multipliers (in 1/4) tried around the seeded value. */
#define MSADPCM_HQ_PROBE 32
static const int msadpcm_hq_delta_quarters[] = {1, 2, 4, 8, 16};
#define MSADPCM_HQ_DELTAS (sizeof msadpcm_hq_delta_quarters / sizeof msadpcm_hq_delta_quarters[0])
/* Samples whose mean prediction error seeds the initial delta. */
#define MSADPCM_SEED_SAMPLES 8

/* ---- encoder ----------------------------------------------------------------------------- */

/* Sample n of channel c, repeating the last input frame past the end of a short block. */
static inline int input_sample(const int16_t *in, size_t frames, size_t ch, size_t c, size_t n)
{
    return in[(n < frames ? n : frames - 1) * ch + c];
}

static inline void put_nibble(uint8_t *data, size_t k, unsigned code)
{
    uint8_t *byte = data + (k >> 1);
    if (k & 1)
        *byte = (uint8_t)((*byte & 0xF0) | code);
    else
        *byte = (uint8_t)((*byte & 0x0F) | (code << 4));
}

static void put16(uint8_t *p, int value)
{
    p[0] = (uint8_t)(value & 0xFF);
    p[1] = (uint8_t)((value >> 8) & 0xFF);
}

/* The nibble nearest to residual/delta (halves away from zero), within -8..7. Computed in
 * floating point: a division of two floats is much cheaper than an integer division on the
 * encoder's critical path, and the encoder may choose any nibble as long as it then tracks the
 * decoder exactly (which the integer reconstruction below does). */
static inline int msadpcm_quantise(int residual, int32_t delta)
{
    float ratio = (float)residual / (float)delta;
    int q = (int)(ratio + (ratio >= 0 ? 0.5f : -0.5f));
    return q > 7 ? 7 : q < -8 ? -8 : q;
}

/* One encoder step for one channel state: quantises target against the prediction, updates
 * the state as the decoder will, and returns the 4-bit code; *error gets target - decoded. */
static inline unsigned msadpcm_encode_step(int *s1, int *s2, int32_t *delta, const msadpcm_coef *coef,
                                      int target, int64_t *error)
{
    int predicted = msadpcm_predict(*s1, *s2, coef);
    int nibble = msadpcm_quantise(target - predicted, *delta);
    int sample = msadpcm_clamp16(predicted + (int64_t)nibble * *delta);
    unsigned code = (unsigned)nibble & 15u;
    *error = target - sample;
    *delta = msadpcm_adapt(*delta, code);
    *s2 = *s1;
    *s1 = sample;
    return code;
}

/* Everything the encoder needs about one channel of one block. */
typedef struct msadpcm_channel {
    const int16_t *in;
    size_t frames, ch, c;
    size_t length;              /* samples coded, including the two header samples */
} msadpcm_channel;

static inline int channel_sample(const msadpcm_channel *x, size_t n)
{
    return input_sample(x->in, x->frames, x->ch, x->c, n);
}

/* The initial delta: the mean absolute prediction error of the first samples, over 4 (a
 * typical residual then codes as a nibble of about +-4, room to both sides). */
static int32_t seed_delta(const msadpcm_channel *x, const msadpcm_coef *coef)
{
    int64_t total = 0;
    size_t count = 0;
    for (size_t n = 2; n < x->length && count < MSADPCM_SEED_SAMPLES; n++, count++) {
        int residual = channel_sample(x, n) - msadpcm_predict(channel_sample(x, n - 1), channel_sample(x, n - 2), coef);
        total += residual < 0 ? -residual : residual;
    }
    int64_t delta = count ? total / (int64_t)count / 4 : MSADPCM_MIN_DELTA;
    return delta < MSADPCM_MIN_DELTA ? MSADPCM_MIN_DELTA : delta > 32767 ? 32767 : (int32_t)delta;
}

/* Greedy closed-loop encoding of samples 2..end-1 of a channel: returns the squared error,
 * and when `data` is not NULL stores the nibbles. */
static uint64_t encode_greedy(const msadpcm_channel *x, const msadpcm_coef *coef, int32_t delta,
                              size_t end, uint8_t *data)
{
    int s2 = channel_sample(x, 0), s1 = channel_sample(x, 1);
    uint64_t cost = 0;
    for (size_t n = 2; n < end; n++) {
        int64_t err;
        unsigned code = msadpcm_encode_step(&s1, &s2, &delta, coef, channel_sample(x, n), &err);
        if (data != NULL)
            put_nibble(data, (n - 2) * x->ch + x->c, code);
        cost += (uint64_t)(err * err);
    }
    return cost;
}

/* One step of one lane: msadpcm_encode_step's arithmetic in 32 bits, exact when every coefficient is
 * within +-MSADPCM_LANE_COEF_LIMIT (no product overflows). The adaptation table is computed
 * rather than looked up: 230 for |nibble| <= 3, 768 for -8, otherwise (|nibble| - 1) * 512 / 5.
 * Returns the 4-bit code and adds the squared error to *cost. */
static inline uint8_t lane_step(int32_t *s1, int32_t *s2, int32_t *delta, int32_t c1, int32_t c2, int32_t target,
                                uint64_t *cost)
{
    int32_t predicted = (*s1 * c1 + *s2 * c2) >> 8;
    float ratio = (float)(target - predicted) / (float)*delta;
    int32_t q = (int32_t)(ratio + (ratio >= 0 ? 0.5f : -0.5f));
    q = q > 7 ? 7 : q < -8 ? -8 : q;
    int32_t sample = predicted + q * *delta;
    sample = sample > 32767 ? 32767 : sample < -32768 ? -32768 : sample;
    int32_t m = q < 0 ? -q : q;
    int32_t factor = m <= 3 ? 230 : m == 8 ? 768 : (((m << 9) - 512) * 52429) >> 18;
    int32_t next = (factor * *delta) >> 8;
    *delta = next < MSADPCM_MIN_DELTA ? MSADPCM_MIN_DELTA : next;
    uint32_t err = (uint32_t)(target > sample ? target - sample : sample - target);
    *cost += (uint64_t)err * err;
    *s2 = *s1;
    *s1 = sample;
    return (uint8_t)(q & 15);
}

/* Where a lane of the plain C loop reads its samples: sample n is in[n * stride] for
 * n < frames, then the last one again. */
typedef struct lane_source {
    const int16_t *in;
    size_t stride, frames;
} lane_source;

/* The loop of both plain C rows: MSADPCM_LANES lanes, lane l from samples 0 and 1 of src[l]
 * with coefficients (c1[l], c2[l]) and delta[l], coding samples 2..length-1. Lane l's nibble for
 * sample n goes to codes[(n - 2) * row + l] for l < width (codes may be NULL: not kept); its
 * squared error to cost[l]. All MSADPCM_LANES lanes always run, even for mono's 7 pairs: GCC
 * vectorises the 16-lane loop far better than an 8-lane one (docs/performance.md). */
static void run_lanes(const lane_source *src, const int32_t *c1, const int32_t *c2, const int32_t *delta0,
                      size_t length, uint8_t *codes, size_t row, unsigned width, uint64_t *cost)
{
    int32_t s1[MSADPCM_LANES], s2[MSADPCM_LANES], delta[MSADPCM_LANES], target[MSADPCM_LANES];
    uint8_t code[MSADPCM_LANES];
    for (unsigned l = 0; l < MSADPCM_LANES; l++) {
        s2[l] = src[l].in[0];
        s1[l] = src[l].in[(src[l].frames > 1 ? 1 : 0) * src[l].stride];
        delta[l] = delta0[l];
        cost[l] = 0;
    }
    for (size_t n = 2; n < length; n++) {
        for (unsigned l = 0; l < MSADPCM_LANES; l++)
            target[l] = src[l].in[(n < src[l].frames ? n : src[l].frames - 1) * src[l].stride];
        for (unsigned l = 0; l < MSADPCM_LANES; l++)
            code[l] = lane_step(&s1[l], &s2[l], &delta[l], c1[l], c2[l], target[l], &cost[l]);
        if (codes != NULL)
            memcpy(codes + (n - 2) * row, code, width);
    }
}

/* The plain C row of the lane trial (msadpcm_int.h); idle lanes repeat lane 0. */
void pacm_msadpcm_trial_lanes_c(const int16_t *in, size_t frames, size_t ch, size_t length, msadpcm_lane *lanes,
                           unsigned count, uint8_t *codes)
{
    lane_source src[MSADPCM_LANES];
    int32_t c1[MSADPCM_LANES], c2[MSADPCM_LANES], delta[MSADPCM_LANES];
    uint64_t cost[MSADPCM_LANES];
    for (unsigned l = 0; l < MSADPCM_LANES; l++) {
        const msadpcm_lane *from = &lanes[l < count ? l : 0];
        src[l] = (lane_source){in + from->channel, ch, frames};
        c1[l] = from->coef->coef1;
        c2[l] = from->coef->coef2;
        delta[l] = from->delta;
    }
    run_lanes(src, c1, c2, delta, length, codes, MSADPCM_LANES, MSADPCM_LANES, cost);
    for (unsigned l = 0; l < count; l++)
        lanes[l].cost = cost[l];
}

/* The plain C row of the job trials (msadpcm_int.h): two jobs per run of the lanes. */
void pacm_msadpcm_trials_c(const msadpcm_trial_job *jobs, unsigned count, size_t length, uint8_t *codes, size_t row,
                      uint64_t (*cost)[8])
{
    for (unsigned j = 0; j < count; j += 2) {
        unsigned pair = count - j < 2 ? 1 : 2;
        lane_source src[MSADPCM_LANES];
        int32_t c1[MSADPCM_LANES], c2[MSADPCM_LANES], delta[MSADPCM_LANES];
        uint64_t sum[MSADPCM_LANES];
        for (unsigned l = 0; l < MSADPCM_LANES; l++) {
            const msadpcm_trial_job *job = &jobs[j + (l / 8 < pair ? l / 8 : 0)];
            src[l] = (lane_source){job->in, job->stride, job->frames};
            c1[l] = job->coef1[l % 8];
            c2[l] = job->coef2[l % 8];
            delta[l] = job->delta[l % 8];
        }
        run_lanes(src, c1, c2, delta, length, codes + 8 * j, row, 8 * pair, sum);
        memcpy(cost[j], sum, 8 * sizeof sum[0]);
        if (pair == 2)
            memcpy(cost[j + 1], sum + 8, 8 * sizeof sum[0]);
    }
}

/* Whether every coefficient is within the lanes' limit (see MSADPCM_LANE_COEF_LIMIT). */
static int lanes_fit(const msadpcm_coef *coefs, unsigned count)
{
    int small = 1;
    for (unsigned i = 0; i < count; i++)
        small &= abs(coefs[i].coef1) <= MSADPCM_LANE_COEF_LIMIT && abs(coefs[i].coef2) <= MSADPCM_LANE_COEF_LIMIT;
    return small;
}

/* Seeds the lanes of pairs from..from+pairs-1 for one channel (a lane per pair, from its
 * seeded delta; when the lanes cannot run (!small) each cost is a plain greedy encoding).
 * Engines that take each channel's lanes in groups of `group` (8 for the vector engines, 1 for
 * plain C) get them padded with copies of the first. Returns the lanes written. */
static unsigned seed_lanes(const msadpcm_channel *x, const msadpcm_coef *coefs, unsigned from,
                           unsigned pairs, int small, unsigned group, msadpcm_lane *lanes)
{
    unsigned used = 0;
    for (unsigned i = from; i < from + pairs; i++) {
        msadpcm_lane *lane = &lanes[used++];
        lane->channel = x->c;
        lane->coef = &coefs[i];
        lane->delta = seed_delta(x, &coefs[i]);
        lane->padding = 0;
        if (!small)
            lane->cost = encode_greedy(x, &coefs[i], lane->delta, x->length, NULL);
    }
    while (small && used % group != 0) {
        lanes[used] = lanes[0];
        lanes[used++].padding = 1;
    }
    return used;
}

/* The real-time choice for channels first..first+group-1 (group * min(count, MSADPCM_LANES) <=
 * MSADPCM_LANES): every coefficient pair is encoded for real (greedy, from its seeded delta) and
 * the least total error wins; pair[g] and delta[g] get channel first+g's choice. When `data`
 * is not NULL and the whole choice ran as one trial whose nibbles were recorded (the usual
 * case: up to MSADPCM_LANES pairs and a block of at most MSADPCM_CODES_MAX samples), the winners'
 * nibbles are stored there (block + 7 * ch) and *stored is set; otherwise the caller encodes
 * the winners itself. */
#define MSADPCM_CODES_MAX 2048
static void choose_pairs(const int16_t *in, size_t frames, size_t ch, size_t first, size_t group,
                         size_t length, const msadpcm_coef *coefs, unsigned count,
                         unsigned *pair, int32_t *delta, uint8_t *data, int *stored)
{
    const msadpcm_lane_engine *engine = pacm_msadpcm_lane_engine_row();
    int small = lanes_fit(coefs, count);
    uint64_t best[MSADPCM_LANES];
    unsigned best_lane[MSADPCM_LANES];
    for (size_t g = 0; g < group; g++)
        best[g] = UINT64_MAX;
    unsigned per = count < MSADPCM_LANES ? count : MSADPCM_LANES; /* pairs per trial and channel */
    /* One trial covers everything: then its nibbles can be kept. */
    int record = data != NULL && small && per == count && length <= MSADPCM_CODES_MAX;
    uint8_t codes[MSADPCM_CODES_MAX * MSADPCM_LANES];
    for (unsigned from = 0; from < count; from += per) {
        unsigned pairs = count - from < per ? count - from : per, used = 0;
        msadpcm_lane lanes[MSADPCM_LANES];
        for (size_t g = 0; g < group; g++) {
            msadpcm_channel x = {in, frames, ch, first + g, length};
            used += seed_lanes(&x, coefs, from, pairs, small, engine->group, lanes + used);
        }
        if (small)
            engine->trial_lanes(in, frames, ch, length, lanes, used, record ? codes : NULL);
        for (unsigned l = 0; l < used; l++) {
            if (lanes[l].padding)
                continue;
            size_t g = lanes[l].channel - first;
            if (lanes[l].cost < best[g]) {
                best[g] = lanes[l].cost;
                best_lane[g] = l;
                pair[g] = (unsigned)(lanes[l].coef - coefs);
                delta[g] = lanes[l].delta;
            }
        }
    }
    *stored = record;
    if (!record)
        return;
    for (size_t g = 0; g < group; g++)
        for (size_t n = 2; n < length; n++)
            put_nibble(data, (n - 2) * ch + first + g, codes[(n - 2) * MSADPCM_LANES + best_lane[g]]);
}

/* Checks the arguments common to both encoders; returns the samples per channel to code
 * (at least 2, and a whole number of bytes of nibbles) or 0. */
static size_t encode_length(const int16_t *in, size_t frames, unsigned channels,
                            const msadpcm_coef *coefs, unsigned num_coefs, const uint8_t *block,
                            size_t spb)
{
    if (in == NULL || coefs == NULL || num_coefs == 0 || block == NULL || frames == 0 ||
        frames > spb || pacm_msadpcm_block_align(spb, channels) == 0)
        return 0;
    size_t length = frames < 2 ? 2 : frames;
    if ((length - 2) * channels % 2 != 0)
        length++;
    return length;
}

static void put_header(uint8_t *block, size_t ch, size_t c, unsigned predictor, int32_t delta,
                       const msadpcm_channel *x)
{
    block[c] = (uint8_t)predictor;
    put16(block + ch + 2 * c, delta);
    put16(block + 3 * ch + 2 * c, channel_sample(x, 1));
    put16(block + 5 * ch + 2 * c, channel_sample(x, 0));
}

/* ---- the job trials ------------------------------------------------------------------------
 * The trials of up to MSADPCM_TRIAL_JOBS (block, channel) jobs run in the job engine the CPU
 * and the cap allow (AVX-512, AVX2, SSE2 or plain C; msadpcm_int.h): same lanes, seeds and
 * arithmetic as the lane trial, so the same bytes; this side seeds the lanes and writes each
 * winner (least cost, first pair on a tie) into its block. */
typedef struct msadpcm_job {
    const int16_t *in;          /* the block's first frame */
    size_t c;                   /* the channel */
    uint8_t *block;
} msadpcm_job;

/* Writes the winner of a job's trial into its block: the lane with the least cost among the
 * first `pairs` (the first on a tie), its header, and its nibbles code[(n - 2) * step] for
 * samples 2..length-1. */
static void put_winner(const msadpcm_job *job, size_t ch, size_t frames, size_t length, const msadpcm_lane *lanes,
                       const uint64_t *cost, unsigned pairs, const msadpcm_coef *coefs, const uint8_t *code,
                       size_t step)
{
    unsigned best = 0;
    for (unsigned l = 1; l < pairs; l++)
        if (cost[l] < cost[best])
            best = l;
    msadpcm_channel x = {job->in, frames, ch, job->c, length};
    uint8_t *data = job->block + 7 * ch;
    put_header(job->block, ch, job->c, (unsigned)(lanes[best].coef - coefs), lanes[best].delta, &x);
    code += best;
    for (size_t n = 2; n < length; n++, code += step)
        put_nibble(data, (n - 2) * ch + job->c, *code);
}

static int jobs_fit(const msadpcm_coef *coefs, unsigned count, size_t length)
{
    return count <= 8 && length <= MSADPCM_CODES_MAX && lanes_fit(coefs, count);
}

/* Encodes `count` (1..MSADPCM_TRIAL_JOBS) jobs of blocks of `frames` input frames coded to
 * `length` samples; `codes` holds (length - 2) rows of 8 * count bytes. */
static void wide_encode(const msadpcm_job *jobs, unsigned count, size_t ch, size_t frames, size_t length,
                        const msadpcm_coef *coefs, unsigned pairs, const msadpcm_job_engine *engine,
                        uint8_t *codes)
{
    msadpcm_trial_job trial[MSADPCM_TRIAL_JOBS] = {{0}}; /* only `count` are read; GCC cannot tell */
    msadpcm_lane lanes[MSADPCM_TRIAL_JOBS][8];
    uint64_t cost[MSADPCM_TRIAL_JOBS][8];
    for (unsigned j = 0; j < count; j++) {
        msadpcm_channel x = {jobs[j].in, frames, ch, jobs[j].c, length};
        seed_lanes(&x, coefs, 0, pairs, 1, 8, lanes[j]);
        trial[j] = (msadpcm_trial_job){jobs[j].in + jobs[j].c, ch, frames, {0}, {0}, {0}};
        for (unsigned l = 0; l < 8; l++) {
            trial[j].coef1[l] = (int16_t)lanes[j][l].coef->coef1;
            trial[j].coef2[l] = (int16_t)lanes[j][l].coef->coef2;
            trial[j].delta[l] = lanes[j][l].delta;
        }
    }
    size_t row = 8 * (size_t)count;
    engine->trials(trial, count, length, codes, row, cost);
    for (unsigned j = 0; j < count; j++)
        put_winner(&jobs[j], ch, frames, length, lanes[j], cost[j], pairs, coefs, codes + 8 * j, row);
}

size_t pacm_msadpcm_encode_block(const int16_t *in, size_t frames, unsigned channels,
                            const msadpcm_coef *coefs, unsigned num_coefs, uint8_t *block,
                            size_t spb)
{
    size_t length = encode_length(in, frames, channels, coefs, num_coefs, block, spb);
    if (length == 0)
        return 0;
    size_t ch = channels;
    unsigned count = num_coefs > 256 ? 256 : num_coefs;
    const msadpcm_job_engine *wide = pacm_msadpcm_job_engine_row();
    if (wide->level >= CODEC_SIMD_AVX2 && jobs_fit(coefs, count, length)) {
        /* The AVX engines, two channels at a time: their nibbles fit a 32 KiB buffer. */
        uint8_t codes[MSADPCM_CODES_MAX * 16];
        for (size_t first = 0; first < ch; first += 2) {
            msadpcm_job jobs[2] = {{in, first, block}, {in, first + 1, block}};
            wide_encode(jobs, ch - first < 2 ? 1 : 2, ch, frames, length, coefs, count, wide, codes);
        }
        return 7 * ch + (length - 2) * ch / 2;
    }
    /* Channels tried together: as many as fill the lanes (stereo with 7 pairs: both); the
     * SIMD engine gives each channel a multiple of 8 lanes. */
    unsigned stride = pacm_msadpcm_lane_engine_row()->group > 1 ? (count <= 8 ? 8 : MSADPCM_LANES) : count;
    size_t together = stride <= MSADPCM_LANES ? MSADPCM_LANES / stride : 1;
    for (size_t first = 0; first < ch; first += together) {
        size_t group = ch - first < together ? ch - first : together;
        unsigned pair[MSADPCM_LANES];
        int32_t delta[MSADPCM_LANES];
        int stored;
        choose_pairs(in, frames, ch, first, group, length, coefs, count, pair, delta, block + 7 * ch, &stored);
        for (size_t g = 0; g < group; g++) {
            msadpcm_channel x = {in, frames, ch, first + g, length};
            put_header(block, ch, first + g, pair[g], delta[g], &x);
            if (!stored)
                encode_greedy(&x, &coefs[pair[g]], delta[g], length, block + 7 * ch);
        }
    }
    return 7 * ch + (length - 2) * ch / 2;
}

/* ---- several whole blocks at once ---------------------------------------------------------
 * Whole blocks are independent, so the job engine steps the trials of several (block, channel)
 * jobs in one loop - usually channels of different blocks - and the processor overlaps their
 * dependency chains. Each job's arithmetic is exactly the lane trial's and the winner is chosen
 * as in choose_pairs (least cost, first lane on a tie), so the bytes are those of
 * pacm_msadpcm_encode_block. Without a workspace the nibbles go to a stack buffer of
 * MSADPCM_STACK_JOBS jobs. */
#define MSADPCM_STACK_JOBS 4

size_t pacm_msadpcm_encode_blocks_workspace_size(size_t spb)
{
    return spb >= 2 && spb <= MSADPCM_CODES_MAX ? (spb - 2) * 8 * MSADPCM_TRIAL_JOBS : 1;
}

size_t pacm_msadpcm_encode_blocks(const int16_t *in, size_t blocks, unsigned channels,
                             const msadpcm_coef *coefs, unsigned num_coefs, uint8_t *out,
                             size_t spb, void *workspace)
{
    size_t align = pacm_msadpcm_block_align(spb, channels);
    if (in == NULL || coefs == NULL || num_coefs == 0 || out == NULL || blocks == 0 || align == 0 ||
        blocks > SIZE_MAX / align || blocks > SIZE_MAX / 2 / spb / channels)
        return 0;
    size_t ch = channels, frame_count = spb * ch;
    if (jobs_fit(coefs, num_coefs, spb)) {
        const msadpcm_job_engine *engine = pacm_msadpcm_job_engine_row();
        uint8_t stack_codes[MSADPCM_CODES_MAX * 8 * MSADPCM_STACK_JOBS];
        uint8_t *codes = workspace != NULL ? workspace : stack_codes;
        unsigned batch = workspace != NULL ? MSADPCM_TRIAL_JOBS : MSADPCM_STACK_JOBS;
        msadpcm_job jobs[MSADPCM_TRIAL_JOBS];
        unsigned count = 0;
        for (size_t b = 0; b < blocks; b++)
            for (size_t c = 0; c < ch; c++) {
                jobs[count++] = (msadpcm_job){in + b * frame_count, c, out + b * align};
                if (count == batch || (b + 1 == blocks && c + 1 == ch)) {
                    wide_encode(jobs, count, ch, spb, spb, coefs, num_coefs, engine, codes);
                    count = 0;
                }
            }
        return blocks * align;
    }
    for (size_t b = 0; b < blocks; b++)
        pacm_msadpcm_encode_block(in + b * frame_count, spb, channels, coefs, num_coefs, out + b * align, spb);
    return blocks * align;
}

/* ---- the dispatch tables (msadpcm_int.h, codec_simd_int.h) ---------------------------------- */

static const msadpcm_lane_engine msadpcm_lane_engines[] = {
#if defined(__SSE2__)
    {CODEC_SIMD_SSE2, 8, pacm_msadpcm_trial_lanes_sse2},
#endif
    {CODEC_SIMD_NONE, 1, pacm_msadpcm_trial_lanes_c},
};

static const msadpcm_job_engine msadpcm_job_engines[] = {
#if defined(__x86_64__) || defined(__i386__)
    {CODEC_SIMD_AVX512, pacm_msadpcm_trials_avx512},
    {CODEC_SIMD_AVX2, pacm_msadpcm_trials_avx2},
#endif
#if defined(__SSE2__)
    {CODEC_SIMD_SSE2, pacm_msadpcm_trials_sse2},
#endif
    {CODEC_SIMD_NONE, pacm_msadpcm_trials_c},
};

const msadpcm_lane_engine *pacm_msadpcm_lane_engine_row(void)
{
    return CODEC_SIMD_ROW(msadpcm_lane_engines);
}

const msadpcm_job_engine *pacm_msadpcm_job_engine_row(void)
{
    return CODEC_SIMD_ROW(msadpcm_job_engines);
}

/* ---- high-quality encoder: ranked start points and a beam search (codec_beam_search.c) ---- */

typedef struct msadpcm_start {
    unsigned predictor;
    int32_t delta;
} msadpcm_start;

size_t pacm_msadpcm_encode_block_hq_workspace_size(size_t spb)
{
    if (spb == 0 || spb > ((size_t)-1) / 64 / CODEC_BEAM_WIDTH)
        return 0;
    return spb * CODEC_BEAM_WIDTH * sizeof(codec_beam_trace);
}

/* The search's step for MS ADPCM: a path's state is (s1, s2, delta, start point); it tries the
 * nearest nibble and its two neighbours. */
typedef struct msadpcm_search {
    const msadpcm_channel *x;
    const msadpcm_coef *coefs;
    const msadpcm_start *starts;
} msadpcm_search;

static unsigned expand(const void *ctx, size_t n, const codec_beam_path *path, codec_beam_path *out,
                       uint8_t *codes)
{
    const msadpcm_search *search = ctx;
    int target = channel_sample(search->x, n);
    int s1 = path->state[0], s2 = path->state[1], start = path->state[3];
    int32_t delta = path->state[2];
    const msadpcm_coef *coef = &search->coefs[search->starts[start].predictor];
    int predicted = msadpcm_predict(s1, s2, coef);
    int nearest = msadpcm_quantise(target - predicted, delta);
    unsigned count = 0;
    for (int nibble = nearest - 1; nibble <= nearest + 1; nibble++) {
        if (nibble < -8 || nibble > 7)
            continue;
        int sample = msadpcm_clamp16(predicted + (int64_t)nibble * delta);
        unsigned code = (unsigned)nibble & 15u;
        int64_t err = target - sample;
        out[count] = (codec_beam_path){{sample, s1, msadpcm_adapt(delta, code), start},
                                       path->cost + (uint64_t)(err * err)};
        codes[count++] = (uint8_t)code;
    }
    return count;
}

/* Beam search for one channel. Start points (every coefficient pair with several initial
 * deltas) are ranked by their greedy error on the first samples and the best
 * CODEC_BEAM_WIDTH start the beam; each path tries the nearest nibble and its two neighbours
 * per sample. Returns the cost of the best path and writes its nibbles and start point. */
static uint64_t search_channel(const msadpcm_channel *x, const msadpcm_coef *coefs, unsigned count,
                               codec_beam_trace *traces, uint8_t *data, msadpcm_start *chosen)
{
    codec_beam_path beam[CODEC_BEAM_WIDTH];
    msadpcm_start starts[CODEC_BEAM_WIDTH];
    codec_beam_trace unused[CODEC_BEAM_WIDTH];
    int beam_count = 0;
    size_t probe_end = x->length < 2 + MSADPCM_HQ_PROBE ? x->length : 2 + MSADPCM_HQ_PROBE;
    /* Rank the start points; while ranking, the start holds predictor * MSADPCM_HQ_DELTAS + d. */
    for (unsigned i = 0; i < count; i++) {
        int32_t seed = seed_delta(x, &coefs[i]), previous = 0;
        for (size_t d = 0; d < MSADPCM_HQ_DELTAS; d++) {
            int64_t delta = (int64_t)seed * msadpcm_hq_delta_quarters[d] / 4;
            delta = delta < MSADPCM_MIN_DELTA ? MSADPCM_MIN_DELTA : delta > 32767 ? 32767 : delta;
            if (delta == previous)
                continue;
            previous = (int32_t)delta;
            codec_beam_path p = {{channel_sample(x, 1), channel_sample(x, 0), (int32_t)delta,
                                  (uint16_t)(i * MSADPCM_HQ_DELTAS + d)},
                                 encode_greedy(x, &coefs[i], (int32_t)delta, probe_end, NULL)};
            pacm_codec_beam_insert(beam, unused, &beam_count, &p, 0, 0);
        }
    }
    for (int i = 0; i < beam_count; i++) {
        starts[i].predictor = (unsigned)beam[i].state[3] / MSADPCM_HQ_DELTAS;
        starts[i].delta = beam[i].state[2];
        beam[i].state[3] = i;
        beam[i].cost = 0;
    }
    msadpcm_search search = {x, coefs, starts};
    pacm_codec_beam_search(beam, &beam_count, traces, 2, x->length, expand, &search);
    pacm_codec_beam_trace_back(traces, 2, x->length);
    for (size_t n = 2; n < x->length; n++)
        put_nibble(data, (n - 2) * x->ch + x->c, codec_beam_code(traces, 2, n));
    *chosen = starts[beam[0].state[3]];
    return beam[0].cost;
}

size_t pacm_msadpcm_encode_block_hq(const int16_t *in, size_t frames, unsigned channels,
                               const msadpcm_coef *coefs, unsigned num_coefs, uint8_t *block,
                               size_t spb, void *workspace)
{
    size_t length = encode_length(in, frames, channels, coefs, num_coefs, block, spb);
    if (length == 0 || workspace == NULL)
        return 0;
    size_t ch = channels;
    unsigned count = num_coefs > 256 ? 256 : num_coefs;
    uint8_t *data = block + 7 * ch;
    for (size_t c = 0; c < ch; c++) {
        msadpcm_channel x = {in, frames, ch, c, length};
        /* The real-time choice is the fallback the search must beat. */
        int32_t rt_delta;
        unsigned rt_predictor;
        int unused;
        choose_pairs(in, frames, ch, c, 1, length, coefs, count, &rt_predictor, &rt_delta, NULL, &unused);
        uint64_t rt_cost = encode_greedy(&x, &coefs[rt_predictor], rt_delta, length, NULL);
        msadpcm_start chosen;
        uint64_t cost = length > 2 ? search_channel(&x, coefs, count, workspace, data, &chosen) : UINT64_MAX;
        if (rt_cost <= cost) {
            chosen.predictor = rt_predictor;
            chosen.delta = rt_delta;
            encode_greedy(&x, &coefs[rt_predictor], rt_delta, length, data);
        }
        put_header(block, ch, c, chosen.predictor, chosen.delta, &x);
    }
    return 7 * ch + (length - 2) * ch / 2;
}
