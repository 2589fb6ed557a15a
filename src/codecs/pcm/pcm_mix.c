/*
 * pcm_mix.c - the PCM converter's channels: the Q15 mixing matrix from the source's speaker
 * layout to the destination's (the layout comes from the format's dwChannelMask, or from the
 * project's one default table, portacm_default_channel_mask, when the format names none) and
 * the mixers that apply it to decoded s32 frames. Apart from the formats and the rate so that
 * Windows' two channel rules (stereo -> mono is the saturating sum L + R, mono -> stereo
 * duplicates) and the general downmix can be read and checked together.
 */
#include <string.h>

#include "pcm_int.h"

#define Q15_ONE 32768
#define Q15_HALF_POWER 23170 /* 1/sqrt(2): -3 dB, ITU-R BS.775 */

/* Side of a speaker for the stereo downmix: 'L', 'R', 'C' (both at -3 dB), or 0 (dropped:
 * LFE, or no position). Front left/right keep full level, the others -3 dB. */
static int speaker_side(DWORD bit, int32_t *gain)
{
    *gain = Q15_HALF_POWER;
    switch (bit) {
    case SPEAKER_FRONT_LEFT: *gain = Q15_ONE; return 'L';
    case SPEAKER_FRONT_RIGHT: *gain = Q15_ONE; return 'R';
    case SPEAKER_BACK_LEFT:
    case SPEAKER_SIDE_LEFT:
    case SPEAKER_FRONT_LEFT_OF_CENTER:
    case SPEAKER_TOP_FRONT_LEFT:
    case SPEAKER_TOP_BACK_LEFT: return 'L';
    case SPEAKER_BACK_RIGHT:
    case SPEAKER_SIDE_RIGHT:
    case SPEAKER_FRONT_RIGHT_OF_CENTER:
    case SPEAKER_TOP_FRONT_RIGHT:
    case SPEAKER_TOP_BACK_RIGHT: return 'R';
    case SPEAKER_FRONT_CENTER:
    case SPEAKER_BACK_CENTER:
    case SPEAKER_TOP_CENTER:
    case SPEAKER_TOP_FRONT_CENTER:
    case SPEAKER_TOP_BACK_CENTER: return 'C';
    default: return 0;
    }
}

/* Rows L and R of the stereo downmix of `in` (Q15 gains). Mono: both rows take the channel;
 * stereo: identity; more: by speaker position (see speaker_side). */
static void stereo_rows(const pcm_layout *in, int32_t left[PCM_MAX_CHANNELS], int32_t right[PCM_MAX_CHANNELS])
{
    memset(left, 0, sizeof(int32_t) * PCM_MAX_CHANNELS);
    memset(right, 0, sizeof(int32_t) * PCM_MAX_CHANNELS);
    if (in->channels == 1) {
        left[0] = right[0] = Q15_ONE;
        return;
    }
    if (in->channels == 2) {
        left[0] = right[1] = Q15_ONE;
        return;
    }
    DWORD mask = in->channel_mask;
    for (unsigned c = 0; c < in->channels; c++) {
        DWORD bit = mask & (~mask + 1); /* lowest remaining speaker */
        mask &= mask - 1;
        int32_t gain;
        switch (speaker_side(bit, &gain)) {
        case 'L': left[c] = gain; break;
        case 'R': right[c] = gain; break;
        case 'C': left[c] = right[c] = gain; break;
        default: break;
        }
    }
}

/* The mixing matrix (Q15) from in->channels to out->channels; returns false for identity. */
static bool build_matrix(const pcm_layout *in, const pcm_layout *out, int32_t matrix[PCM_MAX_CHANNELS][PCM_MAX_CHANNELS])
{
    memset(matrix, 0, sizeof(int32_t) * PCM_MAX_CHANNELS * PCM_MAX_CHANNELS);
    unsigned n = in->channels, m = out->channels;
    if (n == m)
        return false;
    if (m == 1 || m == 2) {
        int32_t left[PCM_MAX_CHANNELS], right[PCM_MAX_CHANNELS];
        stereo_rows(in, left, right);
        for (unsigned c = 0; c < n; c++) {
            if (m == 1) {
                /* Windows: stereo -> mono is the saturating sum L + R. */
                matrix[0][c] = n == 1 ? Q15_ONE : left[c] + right[c];
            } else {
                matrix[0][c] = left[c];
                matrix[1][c] = right[c];
            }
        }
        return true;
    }
    if (n == 1) { /* mono into the front pair */
        matrix[0][0] = matrix[1][0] = Q15_ONE;
        return true;
    }
    for (unsigned c = 0; c < n && c < m; c++) /* the first channels, the rest silent */
        matrix[c][c] = Q15_ONE;
    return true;
}

static inline int32_t saturate_s32(int64_t v)
{
    if (v > 0x7FFFFFFF)
        return 0x7FFFFFFF;
    if (v < -0x7FFFFFFF - 1)
        return -0x7FFFFFFF - 1;
    return (int32_t)v;
}

/* The mixers. Windows' two cases have exact closed forms of the Q15 matrix (gains of exactly
 * one: the Q15 product and its floor are exact): stereo -> mono is the saturating sum and
 * mono -> stereo duplicates. Everything else goes through the matrix. */
static void mix_stereo_to_mono(pcm_stream *s, size_t n)
{
    const int32_t *x = s->decoded;
    int32_t *y = s->mixed;
    /* saturate_s32(L + R) in 32-bit lanes (vectorisable): the wrapped sum overflowed when its
     * sign differs from both operands'; then the limit on L's side. */
    for (size_t f = 0; f < n; f++) {
        uint32_t a = (uint32_t)x[2 * f], b = (uint32_t)x[2 * f + 1], sum = a + b;
        uint32_t limit = (a >> 31) + 0x7FFFFFFFu;
        y[f] = pcm_u32_to_s32(((a ^ sum) & (b ^ sum)) >> 31 ? limit : sum);
    }
}

static void mix_mono_to_stereo(pcm_stream *s, size_t n)
{
    const int32_t *x = s->decoded;
    int32_t *y = s->mixed;
    for (size_t f = 0; f < n; f++)
        y[2 * f] = y[2 * f + 1] = x[f];
}

static void mix_matrix(pcm_stream *s, size_t n)
{
    unsigned ni = s->in.channels, no = s->out.channels;
    for (size_t f = 0; f < n; f++) {
        const int32_t *x = s->decoded + f * ni;
        int32_t *y = s->mixed + f * no;
        for (unsigned o = 0; o < no; o++) {
            int64_t acc = 0;
            for (unsigned i = 0; i < ni; i++)
                acc += (int64_t)x[i] * s->matrix[o][i];
            /* Q15 with floor: exact for gains of 1 (Windows' duplicate and sum). */
            y[o] = saturate_s32(acc >= 0 ? acc >> 15 : -((-acc + 32767) >> 15));
        }
    }
}

/* The mixer for a stream with a matrix: a closed form where one applies (the matrix is then
 * exactly that case), else the general one. */
static pcm_mix_fn choose_mixer(const pcm_stream *s)
{
    if (s->in.channels == 2 && s->out.channels == 1 && s->matrix[0][0] == Q15_ONE && s->matrix[0][1] == Q15_ONE)
        return mix_stereo_to_mono;
    if (s->in.channels == 1 && s->out.channels == 2 && s->matrix[0][0] == Q15_ONE && s->matrix[1][0] == Q15_ONE)
        return mix_mono_to_stereo;
    return mix_matrix;
}

/* Without a matrix the decoder writes straight into s->mixed. */
void pacm_pcm_decode_and_mix(pcm_stream *s, const BYTE *src, size_t n)
{
    if (!s->mix) {
        s->decode(src, n * s->in.channels, s->mixed);
        return;
    }
    s->decode(src, n * s->in.channels, s->decoded);
    s->mixer(s, n);
}


void pacm_pcm_mix_init(pcm_stream *s)
{
    s->mix = build_matrix(&s->in, &s->out, s->matrix);
    s->mixer = choose_mixer(s);
}
