/*
 * pcm_converter.c - the internal PCM converter ("MS-PCM", msacm32.dll's own driver, last in
 * the driver list). It converts between integer PCM (8-bit unsigned, 16/24/32-bit signed),
 * 32-bit IEEE float and WAVE_FORMAT_EXTENSIBLE carrying either, any sample rate, 1 to 8
 * channels.
 *
 * By default the output is byte-identical to Windows' converter (tests/vectors/pcm holds
 * Windows' own output): value mappings by truncation (8->16 (b-128)<<8, 16->8 high byte ^ 0x80,
 * 24->16 top 16 bits), mono->stereo duplicates, stereo->mono is the SATURATING SUM L+R, and
 * the rate changes by nearest sample with an integer error accumulator (resample_count()).
 * Unlike Wine, the accumulator is carried from one acmStreamConvert call to the next, so the
 * output does not depend on how the input is split into buffers (Wine restarts it per call
 * and drifts). This holds whatever the open flags: ACM_STREAMOPENF_NONREALTIME (which NAudio
 * sets on every stream, never sending END) keeps Windows' sample accounting. Only portacm's
 * ACM_STREAMOPENF_PORTACM_HIGHQUALITY (portacm.h) changes the rate through libsoxr (high
 * quality), whose filter state is also kept across calls and flushed by
 * ACM_STREAMCONVERTF_END.
 *
 * Internally every sample goes through a 32-bit signed value ("s32": full scale = 2^31), so
 * all sizes share one mixing and resampling path; the mappings above are exact in it.
 */
#include <math.h>
#include <soxr.h>
#include <string.h>

#include "../codec_driver_int.h"
#include "common_int.h"

#define PCM_MAX_CHANNELS 8
#define PCM_CHUNK 256      /* input frames decoded at a time */
#define PCM_OUT_CHUNK 1024 /* output frames per libsoxr call */

typedef enum pcm_sample { SAMPLE_U8, SAMPLE_S16, SAMPLE_S24, SAMPLE_S32, SAMPLE_F32 } pcm_sample;

/* A format the converter understands, reduced to what the conversion needs. */
typedef struct pcm_layout {
    pcm_sample sample;
    unsigned channels;
    DWORD rate;
    unsigned frame_bytes; /* nBlockAlign */
    DWORD channel_mask;   /* SPEAKER_* bits, one per channel in order */
} pcm_layout;

static const DWORD pcm_rates[6] = {8000, 11025, 22050, 44100, 48000, 96000};

static const codec_tag pcm_tags[] = {
    {WAVE_FORMAT_PCM, 16, 36, "PCM"},
    {WAVE_FORMAT_IEEE_FLOAT, 18, 12, "IEEE Float"},
    {WAVE_FORMAT_EXTENSIBLE, 40, 0, "Extensible"},
};

/* The speaker layout for a channel count when the format names none: the project's one table
 * (portacm_default_channel_mask, also written by the portacm tool). */
static DWORD default_channel_mask(unsigned channels)
{
    return portacm_default_channel_mask((uint16_t)channels);
}

static unsigned bit_count(DWORD mask)
{
    unsigned n = 0;
    for (; mask; mask &= mask - 1)
        n++;
    return n;
}

static bool guid_equal(const GUID *a, const GUID *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

/* Parses and strictly validates a format: a known encoding, 1..8 channels, a non-zero rate,
 * nBlockAlign == channels * container bytes and nAvgBytesPerSec == rate * nBlockAlign
 * (32-bit arithmetic, as a Windows program computes it). `size` = readable bytes. */
static bool pcm_parse(const WAVEFORMATEX *wfx, DWORD size, pcm_layout *out)
{
    pcm_layout layout;
    memset(&layout, 0, sizeof layout);
    WORD bits = wfx->wBitsPerSample;
    bool is_float;
    switch (wfx->wFormatTag) {
    case WAVE_FORMAT_PCM:
        is_float = false;
        layout.channel_mask = default_channel_mask(wfx->nChannels);
        break;
    case WAVE_FORMAT_IEEE_FLOAT:
        if (size < 18)
            return false;
        is_float = true;
        layout.channel_mask = default_channel_mask(wfx->nChannels);
        break;
    case WAVE_FORMAT_EXTENSIBLE: {
        if (size < sizeof(WAVEFORMATEXTENSIBLE) || wfx->cbSize < 22)
            return false;
        const WAVEFORMATEXTENSIBLE *ext = (const WAVEFORMATEXTENSIBLE *)wfx;
        GUID sub;
        memcpy(&sub, &ext->SubFormat, sizeof sub);
        if (guid_equal(&sub, &KSDATAFORMAT_SUBTYPE_PCM))
            is_float = false;
        else if (guid_equal(&sub, &KSDATAFORMAT_SUBTYPE_IEEE_FLOAT))
            is_float = true;
        else
            return false;
        WORD valid = ext->Samples.wValidBitsPerSample;
        if (valid > bits)
            return false;
        DWORD mask = ext->dwChannelMask;
        if (mask == 0)
            mask = default_channel_mask(wfx->nChannels);
        else if ((mask & SPEAKER_ALL) || bit_count(mask) != wfx->nChannels)
            return false;
        layout.channel_mask = mask;
        break;
    }
    default:
        return false;
    }
    if (is_float) {
        if (bits != 32)
            return false;
        layout.sample = SAMPLE_F32;
    } else {
        switch (bits) {
        case 8: layout.sample = SAMPLE_U8; break;
        case 16: layout.sample = SAMPLE_S16; break;
        case 24: layout.sample = SAMPLE_S24; break;
        case 32: layout.sample = SAMPLE_S32; break;
        default: return false;
        }
    }
    if (wfx->nChannels == 0 || wfx->nChannels > PCM_MAX_CHANNELS || wfx->nSamplesPerSec == 0)
        return false;
    if (wfx->nBlockAlign != (DWORD)wfx->nChannels * (bits / 8u))
        return false;
    if (wfx->nAvgBytesPerSec != (DWORD)(wfx->nSamplesPerSec * (DWORD)wfx->nBlockAlign))
        return false;
    layout.channels = wfx->nChannels;
    layout.rate = wfx->nSamplesPerSec;
    layout.frame_bytes = wfx->nBlockAlign;
    if (out)
        *out = layout;
    return true;
}

/* ---- formats --------------------------------------------------------------------------------- */

/* PCM: rate-major, then 8/16/24 bits, then mono/stereo (Windows' 36). Float: rate, then
 * mono/stereo (12). */
static void pcm_standard_format(DWORD tag_index, DWORD index, WAVEFORMATEX *out)
{
    static const WORD pcm_bits[3] = {8, 16, 24};
    if (pcm_tags[tag_index].tag == WAVE_FORMAT_PCM) {
        pacm_codec_set_pcm(out, (WORD)(index % 2 + 1), pcm_rates[(index / 6) % 6], pcm_bits[(index / 2) % 3]);
    } else {
        pacm_codec_set_pcm(out, (WORD)(index % 2 + 1), pcm_rates[(index / 2) % 6], 32);
        out->wFormatTag = WAVE_FORMAT_IEEE_FLOAT;
    }
}

static bool pcm_format_supported(const WAVEFORMATEX *wfx, DWORD size)
{
    return pcm_parse(wfx, size, NULL);
}

/* Suggestion: the source's rate, channels and (for a PCM source) bits unless the caller fixes
 * them; a non-PCM source (float, extensible) gets 16-bit PCM by default, as every ACM driver
 * suggests for a non-PCM source. */
static MMRESULT pcm_suggest(const WAVEFORMATEX *src, const WAVEFORMATEX *request, DWORD flags, WAVEFORMATEX *out)
{
    WORD tag = (flags & ACM_FORMATSUGGESTF_WFORMATTAG) ? request->wFormatTag : (WORD)WAVE_FORMAT_PCM;
    WORD channels = (flags & ACM_FORMATSUGGESTF_NCHANNELS) ? request->nChannels : src->nChannels;
    DWORD rate = (flags & ACM_FORMATSUGGESTF_NSAMPLESPERSEC) ? request->nSamplesPerSec : src->nSamplesPerSec;
    WORD bits;
    if (flags & ACM_FORMATSUGGESTF_WBITSPERSAMPLE)
        bits = request->wBitsPerSample;
    else if (tag == WAVE_FORMAT_IEEE_FLOAT)
        bits = 32;
    else if (src->wFormatTag == WAVE_FORMAT_PCM && tag != WAVE_FORMAT_EXTENSIBLE)
        bits = src->wBitsPerSample;
    else if (tag == WAVE_FORMAT_EXTENSIBLE && src->wFormatTag != WAVE_FORMAT_IEEE_FLOAT)
        bits = src->wBitsPerSample;
    else
        bits = 16;
    if (channels == 0 || channels > PCM_MAX_CHANNELS || rate == 0 || (bits != 8 && bits != 16 && bits != 24 && bits != 32))
        return ACMERR_NOTPOSSIBLE;
    pacm_codec_set_pcm(out, channels, rate, bits);
    if (tag == WAVE_FORMAT_IEEE_FLOAT) {
        if (bits != 32)
            return ACMERR_NOTPOSSIBLE;
        out->wFormatTag = WAVE_FORMAT_IEEE_FLOAT;
    } else if (tag == WAVE_FORMAT_EXTENSIBLE) {
        WAVEFORMATEXTENSIBLE *ext = (WAVEFORMATEXTENSIBLE *)out;
        bool is_float = src->wFormatTag == WAVE_FORMAT_IEEE_FLOAT && bits == 32;
        if (src->wFormatTag == WAVE_FORMAT_EXTENSIBLE) {
            const WAVEFORMATEXTENSIBLE *src_ext = (const WAVEFORMATEXTENSIBLE *)src;
            is_float = bits == 32 && guid_equal(&src_ext->SubFormat, &KSDATAFORMAT_SUBTYPE_IEEE_FLOAT);
        }
        out->wFormatTag = WAVE_FORMAT_EXTENSIBLE;
        out->cbSize = 22;
        ext->Samples.wValidBitsPerSample = bits;
        ext->dwChannelMask = default_channel_mask(channels);
        ext->SubFormat = is_float ? KSDATAFORMAT_SUBTYPE_IEEE_FLOAT : KSDATAFORMAT_SUBTYPE_PCM;
    } else if (tag != WAVE_FORMAT_PCM) {
        return ACMERR_NOTPOSSIBLE;
    }
    return MMSYSERR_NOERROR;
}

/* ---- sample access ----------------------------------------------------------------------------- */

static inline int32_t u32_to_s32(uint32_t u)
{
    return u <= 0x7FFFFFFFu ? (int32_t)u : (int32_t)(u - 0x80000000u) - 0x7FFFFFFF - 1;
}

static inline uint32_t read_u32(const BYTE *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline void write_u32(BYTE *p, uint32_t v)
{
    p[0] = (BYTE)v;
    p[1] = (BYTE)(v >> 8);
    p[2] = (BYTE)(v >> 16);
    p[3] = (BYTE)(v >> 24);
}

static int32_t float_to_s32(float f)
{
    double x = (double)f * 2147483648.0;
    if (!(x == x))
        return 0; /* NaN */
    if (x >= 2147483647.0)
        return 0x7FFFFFFF;
    if (x <= -2147483648.0)
        return -0x7FFFFFFF - 1;
    return (int32_t)lrint(x);
}

/* One loop per sample format each way, chosen once per stream (tables below), so no loop
 * switches per sample. Decoders: n samples (frames * channels) of the format into s32. */
typedef void (*decode_fn)(const BYTE *src, size_t n, int32_t *out);
typedef void (*encode_fn)(const int32_t *in, size_t n, BYTE *dst);

static void decode_u8(const BYTE *src, size_t n, int32_t *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = u32_to_s32((uint32_t)(src[i] ^ 0x80u) << 24);
}
static void decode_s16(const BYTE *src, size_t n, int32_t *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = u32_to_s32(((uint32_t)src[2 * i] << 16) | ((uint32_t)src[2 * i + 1] << 24));
}
static void decode_s24(const BYTE *src, size_t n, int32_t *out)
{
    for (size_t i = 0; i < n; i++) {
        const BYTE *p = src + 3 * i;
        out[i] = u32_to_s32(((uint32_t)p[0] << 8) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 24));
    }
}
static void decode_s32(const BYTE *src, size_t n, int32_t *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = u32_to_s32(read_u32(src + 4 * i));
}
static void decode_f32(const BYTE *src, size_t n, int32_t *out)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t bits = read_u32(src + 4 * i);
        float f;
        memcpy(&f, &bits, sizeof f);
        out[i] = float_to_s32(f);
    }
}

/* Encoders: n s32 samples by truncation (keeping the top bits), as Windows maps sizes. The
 * right shifts of negative values are arithmetic on every compiler portacm supports. */
static void encode_u8(const int32_t *in, size_t n, BYTE *dst)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = (BYTE)((in[i] >> 24) + 128);
}
static void encode_s16(const int32_t *in, size_t n, BYTE *dst)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t v = (uint32_t)in[i];
        dst[2 * i] = (BYTE)(v >> 16);
        dst[2 * i + 1] = (BYTE)(v >> 24);
    }
}
static void encode_s24(const int32_t *in, size_t n, BYTE *dst)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t v = (uint32_t)in[i];
        dst[3 * i] = (BYTE)(v >> 8);
        dst[3 * i + 1] = (BYTE)(v >> 16);
        dst[3 * i + 2] = (BYTE)(v >> 24);
    }
}
static void encode_s32(const int32_t *in, size_t n, BYTE *dst)
{
    for (size_t i = 0; i < n; i++)
        write_u32(dst + 4 * i, (uint32_t)in[i]);
}
static void encode_f32(const int32_t *in, size_t n, BYTE *dst)
{
    for (size_t i = 0; i < n; i++) {
        float f = (float)((double)in[i] / 2147483648.0);
        uint32_t bits;
        memcpy(&bits, &f, sizeof bits);
        write_u32(dst + 4 * i, bits);
    }
}

/* Indexed by pcm_sample. */
static const decode_fn decoders[] = {decode_u8, decode_s16, decode_s24, decode_s32, decode_f32};
static const encode_fn encoders[] = {encode_u8, encode_s16, encode_s24, encode_s32, encode_f32};

/* ---- channel mixing ---------------------------------------------------------------------------- */

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

/* ---- streams ----------------------------------------------------------------------------------- */

typedef struct pcm_stream pcm_stream;
/* Mixes n frames of s->decoded into s->mixed (out.channels per frame). */
typedef void (*mix_fn)(pcm_stream *s, size_t n);

struct pcm_stream {
    codec_stream base;
    pcm_layout in, out;
    bool copy;  /* identical formats: a byte copy */
    bool mix;   /* a channel matrix applies */
    decode_fn decode;
    mix_fn mixer;
    encode_fn encode;
    int32_t matrix[PCM_MAX_CHANNELS][PCM_MAX_CHANNELS];
    /* nearest-sample resampler: the error accumulator (see resample_count) */
    uint64_t error;
    /* the high-quality resampler (ACM_STREAMOPENF_PORTACM_HIGHQUALITY) */
    soxr_t soxr;
    bool soxr_ended;       /* END flushed it: clear before new input */
    uint64_t soxr_in_total; /* frames fed since the last START/clear */
    uint64_t soxr_out_total;
    int32_t decoded[PCM_CHUNK * PCM_MAX_CHANNELS];
    int32_t mixed[PCM_CHUNK * PCM_MAX_CHANNELS];
    int32_t resampled[PCM_OUT_CHUNK * PCM_MAX_CHANNELS];
    BYTE encoded[PCM_CHUNK * PCM_MAX_CHANNELS * 4]; /* a chunk of output frames to replicate */
    BYTE scratch_frame[PCM_MAX_CHANNELS * 4];         /* where replicate() drops unused copies */
};

static void resample_reset(pcm_stream *s)
{
    /* Windows' start value: half the larger rate (srcRate/2 when downsampling, dstRate/2 when
     * upsampling); with it all of Windows' recorded rows match byte for byte. */
    s->error = s->out.rate > s->in.rate ? s->out.rate / 2 : s->in.rate / 2;
    if (s->soxr)
        soxr_clear(s->soxr);
    s->soxr_ended = false;
    s->soxr_in_total = s->soxr_out_total = 0;
}

/* How many times the next input frame is output, updating *error. Nearest-sample rate
 * conversion with an integer accumulator, as Windows does:
 *   downsampling: error += dst; while error > src: output the frame, error -= src;
 *   upsampling:   do { output the frame; error += src } while error <= dst; error -= dst. */
static inline unsigned resample_count(uint64_t *error, DWORD src_rate, DWORD dst_rate)
{
    unsigned count = 0;
    uint64_t e = *error;
    if (dst_rate == src_rate) {
        count = 1;
    } else if (dst_rate < src_rate) {
        e += dst_rate;
        while (e > src_rate) {
            count++;
            e -= src_rate;
        }
    } else {
        do {
            count++;
            e += src_rate;
        } while (e <= dst_rate);
        e -= dst_rate;
    }
    *error = e;
    return count;
}

/* ceil(a * b / c) and floor(a * b / c) for 32-bit operands without overflow. */
static uint64_t muldiv_ceil(uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t q = a / c, r = a % c;
    return q * b + (r * b + c - 1) / c;
}
static uint64_t muldiv_floor(uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t q = a / c, r = a % c;
    return q * b + r * b / c;
}

static MMRESULT pcm_size(codec_stream *base, DWORD flags, DWORD in, DWORD *out)
{
    pcm_stream *s = (pcm_stream *)base;
    if (flags == ACM_STREAMSIZEF_SOURCE) {
        uint64_t frames = in / s->in.frame_bytes;
        if (frames == 0)
            return ACMERR_NOTPOSSIBLE;
        uint64_t out_frames = muldiv_ceil(frames, s->out.rate, s->in.rate);
        if (s->soxr) {
            /* The filter releases delayed output later: the most it can owe after this
             * input is everything not yet output. */
            uint64_t owed = muldiv_ceil(s->soxr_in_total + frames, s->out.rate, s->in.rate);
            owed = owed > s->soxr_out_total ? owed - s->soxr_out_total + 1 : 1;
            if (owed > out_frames)
                out_frames = owed;
        }
        uint64_t bytes = out_frames * s->out.frame_bytes;
        if (out_frames > 0xFFFFFFFFu || bytes > 0xFFFFFFFFu)
            return ACMERR_NOTPOSSIBLE;
        *out = (DWORD)bytes;
    } else {
        uint64_t frames = in / s->out.frame_bytes;
        uint64_t in_frames = muldiv_floor(frames, s->in.rate, s->out.rate);
        if (in_frames == 0)
            return ACMERR_NOTPOSSIBLE;
        uint64_t limit = 0xFFFFFFFFu / s->in.frame_bytes;
        if (in_frames > limit)
            in_frames = limit;
        *out = (DWORD)(in_frames * s->in.frame_bytes);
    }
    return MMSYSERR_NOERROR;
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
        y[f] = u32_to_s32(((a ^ sum) & (b ^ sum)) >> 31 ? limit : sum);
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
static mix_fn choose_mixer(const pcm_stream *s)
{
    if (s->in.channels == 2 && s->out.channels == 1 && s->matrix[0][0] == Q15_ONE && s->matrix[0][1] == Q15_ONE)
        return mix_stereo_to_mono;
    if (s->in.channels == 1 && s->out.channels == 2 && s->matrix[0][0] == Q15_ONE && s->matrix[1][0] == Q15_ONE)
        return mix_mono_to_stereo;
    return mix_matrix;
}

/* Decodes and mixes n input frames into s->mixed (out.channels per frame). */
static void decode_and_mix(pcm_stream *s, const BYTE *src, size_t n)
{
    if (!s->mix) {
        s->decode(src, n * s->in.channels, s->mixed);
        return;
    }
    s->decode(src, n * s->in.channels, s->decoded);
    s->mixer(s, n);
}

/* Outputs each of the n encoded frames of `frames` as many times as resample_count() says,
 * while the output fits; returns the input frames consumed. `bytes` is the output frame size:
 * the callers pass constants for the usual sizes, so the copies compile to plain moves.
 *
 * Fast paths, exactly resample_count()'s arithmetic without its loops: between frames the
 * accumulator stays within 0..src_rate (it starts at half the larger rate, below src_rate in
 * both cases below, and each step keeps it there), so downsampling outputs each frame 0 or 1
 * times and upsampling by less than 2 outputs it 1 or 2 times. The optional copy goes either
 * to its place or to a scratch frame (a selected pointer, not a branch: the patterns are
 * irregular), so nothing is written past the output. The general loop
 * finishes whatever they leave (the last frames before the destination is full, other
 * ratios). */
static inline size_t replicate(pcm_stream *s, const BYTE *frames, size_t n, size_t bytes, BYTE *dst,
                               DWORD out_capacity, DWORD *written)
{
    const uint64_t src_rate = s->in.rate, dst_rate = s->out.rate;
    uint64_t error = s->error;
    DWORD w = *written;
    size_t f = 0;
    BYTE *scratch = s->scratch_frame;
    if (error <= src_rate && dst_rate < src_rate) {
        for (; f < n && w < out_capacity; f++) {
            uint64_t e = error + dst_rate;
            unsigned count = e > src_rate;
            error = e - (count ? src_rate : 0);
            memcpy(count ? dst + (size_t)w * bytes : scratch, frames + f * bytes, bytes);
            w += count;
        }
    } else if (error <= src_rate && dst_rate > src_rate && dst_rate < 2 * src_rate) {
        for (; f < n && out_capacity - w >= 2; f++) {
            uint64_t e = error + src_rate;
            unsigned twice = e <= dst_rate;
            error = e + (twice ? src_rate : 0) - dst_rate;
            memcpy(dst + (size_t)w * bytes, frames + f * bytes, bytes);
            memcpy(twice ? dst + (size_t)(w + 1) * bytes : scratch, frames + f * bytes, bytes);
            w += 1 + twice;
        }
    }
    for (; f < n; f++) {
        uint64_t e = error;
        unsigned count = resample_count(&e, (DWORD)src_rate, (DWORD)dst_rate);
        if (count > out_capacity - w)
            break; /* this frame's output does not fit: leave it unconsumed */
        error = e;
        for (unsigned k = 0; k < count; k++)
            memcpy(dst + (size_t)(w + k) * bytes, frames + f * bytes, bytes);
        w += count;
    }
    s->error = error;
    *written = w;
    return f;
}

static size_t replicate_any(pcm_stream *s, const BYTE *frames, size_t n, BYTE *dst, DWORD out_capacity,
                            DWORD *written)
{
    switch (s->out.frame_bytes) {
    case 1: return replicate(s, frames, n, 1, dst, out_capacity, written);
    case 2: return replicate(s, frames, n, 2, dst, out_capacity, written);
    case 4: return replicate(s, frames, n, 4, dst, out_capacity, written);
    case 8: return replicate(s, frames, n, 8, dst, out_capacity, written);
    default: return replicate(s, frames, n, s->out.frame_bytes, dst, out_capacity, written);
    }
}

/* Nearest-sample conversion (also the same-rate path), a chunk of input frames at a time:
 * decode, mix, encode (each one tight loop), then at the same rate straight into dst, else
 * into s->encoded and replicated by the accumulator. */
static void convert_nearest(pcm_stream *s, const BYTE *src, DWORD in_frames, DWORD *frames_used, BYTE *dst,
                            DWORD out_capacity, DWORD *frames_written)
{
    DWORD used = 0, written = 0;
    const unsigned in_bytes = s->in.frame_bytes, out_bytes = s->out.frame_bytes, out_channels = s->out.channels;
    const bool same_rate = s->in.rate == s->out.rate;
    while (used < in_frames) {
        size_t n = in_frames - used < PCM_CHUNK ? in_frames - used : PCM_CHUNK;
        if (same_rate && n > out_capacity - written)
            n = out_capacity - written; /* one output frame per input frame */
        if (n == 0)
            break;
        decode_and_mix(s, src + (size_t)used * in_bytes, n);
        if (same_rate) {
            s->encode(s->mixed, n * out_channels, dst + (size_t)written * out_bytes);
            used += (DWORD)n;
            written += (DWORD)n;
            continue;
        }
        s->encode(s->mixed, n * out_channels, s->encoded);
        size_t f = replicate_any(s, s->encoded, n, dst, out_capacity, &written);
        used += (DWORD)f;
        if (f < n)
            break;
    }
    *frames_used = used;
    *frames_written = written;
}

/* Moves up to `capacity` frames of libsoxr output (with `in` frames of input) into dst. */
static size_t soxr_step(pcm_stream *s, const int32_t *in, size_t in_frames, size_t *in_done, BYTE *dst, size_t capacity)
{
    size_t odone = 0, idone = 0;
    size_t limit = capacity < PCM_OUT_CHUNK ? capacity : PCM_OUT_CHUNK;
    soxr_process(s->soxr, in, in_frames, &idone, s->resampled, limit, &odone);
    s->encode(s->resampled, odone * s->out.channels, dst);
    s->soxr_in_total += idone;
    s->soxr_out_total += odone;
    if (in_done)
        *in_done = idone;
    return odone;
}

/* High-quality conversion through libsoxr. Output the filter still holds comes out with later
 * calls; END flushes it (call again with END while output keeps coming if dst was full). */
static void convert_soxr(pcm_stream *s, DWORD flags, const BYTE *src, DWORD in_frames, DWORD *frames_used, BYTE *dst,
                         DWORD out_capacity, DWORD *frames_written)
{
    DWORD used = 0, written = 0;
    const unsigned out_bytes = s->out.frame_bytes;
    if (s->soxr_ended && in_frames) {
        soxr_clear(s->soxr);
        s->soxr_ended = false;
    }
    while (used < in_frames && written < out_capacity) {
        size_t n = in_frames - used < PCM_CHUNK ? in_frames - used : PCM_CHUNK;
        decode_and_mix(s, src + (size_t)used * s->in.frame_bytes, n);
        size_t idone = 0;
        written += (DWORD)soxr_step(s, s->mixed, n, &idone, dst + (size_t)written * out_bytes, out_capacity - written);
        used += (DWORD)idone;
        if (idone == 0)
            break;
    }
    /* Pending output of earlier input. */
    while (!s->soxr_ended && written < out_capacity) {
        size_t got = soxr_step(s, s->mixed, 0, NULL, dst + (size_t)written * out_bytes, out_capacity - written);
        if (got == 0)
            break;
        written += (DWORD)got;
    }
    if ((flags & ACM_STREAMCONVERTF_END) && used == in_frames) {
        while (written < out_capacity) {
            size_t got = soxr_step(s, NULL, 0, NULL, dst + (size_t)written * out_bytes, out_capacity - written);
            s->soxr_ended = true;
            if (got == 0)
                break;
            written += (DWORD)got;
        }
    }
    *frames_used = used;
    *frames_written = written;
}

static MMRESULT pcm_convert(codec_stream *base, DWORD flags, const BYTE *src, DWORD src_length, DWORD *src_used,
                            BYTE *dst, DWORD dst_length, DWORD *dst_used)
{
    pcm_stream *s = (pcm_stream *)base;
    if (flags & ACM_STREAMCONVERTF_START)
        resample_reset(s);
    DWORD in_frames = src_length / s->in.frame_bytes;
    DWORD out_capacity = dst_length / s->out.frame_bytes;
    DWORD used = 0, written = 0;
    if (s->copy) {
        used = written = in_frames < out_capacity ? in_frames : out_capacity;
        memcpy(dst, src, (size_t)used * s->in.frame_bytes);
    } else if (s->soxr) {
        convert_soxr(s, flags, src, in_frames, &used, dst, out_capacity, &written);
    } else {
        convert_nearest(s, src, in_frames, &used, dst, out_capacity, &written);
    }
    *src_used = used * s->in.frame_bytes;
    *dst_used = written * s->out.frame_bytes;
    return MMSYSERR_NOERROR;
}

static void pcm_destroy(codec_stream *base)
{
    pcm_stream *s = (pcm_stream *)base;
    if (s->soxr)
        soxr_delete(s->soxr);
    pacm_mem_free(s);
}

static const codec_stream_ops pcm_ops = {pcm_size, pcm_convert, pcm_destroy};

static MMRESULT pcm_stream_open(const WAVEFORMATEX *src, const WAVEFORMATEX *dst, DWORD fdw_open, codec_stream **out)
{
    pcm_layout in, layout_out;
    if (!pcm_parse(src, pacm_codec_format_size(src), &in) || !pcm_parse(dst, pacm_codec_format_size(dst), &layout_out))
        return ACMERR_NOTPOSSIBLE;
    if (!out)
        return MMSYSERR_NOERROR;
    pcm_stream *s = pacm_mem_calloc(1, sizeof *s);
    if (!s)
        return MMSYSERR_NOMEM;
    s->base.ops = &pcm_ops;
    s->in = in;
    s->out = layout_out;
    s->mix = build_matrix(&in, &layout_out, s->matrix);
    s->decode = decoders[in.sample];
    s->encode = encoders[layout_out.sample];
    s->mixer = choose_mixer(s);
    s->copy = !s->mix && in.sample == layout_out.sample && in.rate == layout_out.rate;
    if ((fdw_open & ACM_STREAMOPENF_PORTACM_HIGHQUALITY) && in.rate != layout_out.rate) {
        soxr_error_t error = NULL;
        soxr_io_spec_t io = soxr_io_spec(SOXR_INT32_I, SOXR_INT32_I);
        soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
        s->soxr = soxr_create((double)in.rate, (double)layout_out.rate, layout_out.channels, &error, &io, &quality, NULL);
        if (!s->soxr) {
            pacm_log_debug("pcm converter: soxr_create failed: %s", error ? error : "?");
            pacm_mem_free(s);
            return ACMERR_NOTPOSSIBLE;
        }
    }
    resample_reset(s);
    *out = &s->base;
    return MMSYSERR_NOERROR;
}

const codec_descriptor pacm_pcm_descriptor = {
    .short_name = "MS-PCM",
    .long_name = "Microsoft PCM Converter",
    .copyright = "portacm built-in converter",
    .licensing = "",
    .features = "Converts between 8/16/24/32-bit integer and 32-bit float PCM, 1 to 8 channels, any sample rate.",
    .mid = MM_MICROSOFT,
    .pid = MM_MSFT_ACM_PCM,
    .version_acm = 0x01000000,
    .version_driver = 0x01000000,
    .support = ACMDRIVERDETAILS_SUPPORTF_CONVERTER,
    .tags = pcm_tags,
    .tag_count = sizeof pcm_tags / sizeof pcm_tags[0],
    .standard_format = pcm_standard_format,
    .format_supported = pcm_format_supported,
    .suggest = pcm_suggest,
    .stream_open = pcm_stream_open,
};

LRESULT CALLBACK pacm_pcm_driver_proc(DWORD_PTR driver_id, HDRVR hdrvr, UINT message, LPARAM lParam1, LPARAM lParam2)
{
    return pacm_codec_driver_proc(&pacm_pcm_descriptor, driver_id, hdrvr, message, lParam1, lParam2);
}
