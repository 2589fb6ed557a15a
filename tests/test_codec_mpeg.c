/*
 * test_codec_mpeg.c - the MPEG Layer-3 driver (l3codeca.acm) through its DriverProc and
 * through the ACM API: identity, the standard formats (every constant-bitrate layer-3 format
 * really encodes, and the frames carry the bitrate, rate and mode the format names), Windows'
 * validation (test_mp3 in reference-behaviour.md section 5) and hostile formats, decoding of
 * LAME's, libshine's and ffmpeg's files within 1 LSB of ffmpeg by both decoders (portacm's own,
 * the default, and libmpg123), libmpg123's bit for bit equal to the mpg123 tool when it is
 * installed and the own one within 1 LSB of it (tests/vectors/mp3), the Info frame decoded as silence,
 * output identical whatever the split of source and destination, sizes that bound the output,
 * START, hostile bitstreams, and encoder round trips decoded by our decoder (and by ffmpeg
 * when installed) with the delay the format's nCodecDelay announces.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mpeg/mpeg_int.h"
#include "ts_codec.h"
#include "ts_formats.h"
#include "ts_signal.h"

/* The samples our decode of our encode lags the input by: LAME's 576 + the decoder's 529. */
#define EXPECTED_CODEC_DELAY 1105

/* ISO/IEC 11172-3 and 13818-3 layer III bitrates (kbit/s) for bitrate indices 1..14. */
static const unsigned mpeg1_kbps[14] = {32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
static const unsigned mpeg2_kbps[14] = {8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
static const DWORD all_rates[9] = {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000};
/* Standard layer-3 formats: mono and stereo at 6 rates x 14 bitrates and 3 rates x 8. */
#define MP3_STANDARD ((6 * 14 + 3 * 8) * 2)

static bool wide_equals(const WCHAR *wide, const char *text)
{
    size_t i = 0;
    for (; text[i]; i++) {
        if (wide[i] != (WCHAR)(unsigned char)text[i])
            return false;
    }
    return wide[i] == 0;
}

static void make_mp3(MPEGLAYER3WAVEFORMAT *f, WORD channels, DWORD rate, unsigned kbps)
{
    memset(f, 0, sizeof *f);
    f->wfx.wFormatTag = WAVE_FORMAT_MPEGLAYER3;
    f->wfx.nChannels = channels;
    f->wfx.nSamplesPerSec = rate;
    f->wfx.nAvgBytesPerSec = kbps * 125;
    f->wfx.nBlockAlign = 1;
    f->wfx.cbSize = MPEGLAYER3_WFX_EXTRA_BYTES;
    f->wID = MPEGLAYER3_ID_MPEG;
    f->fdwFlags = MPEGLAYER3_FLAG_PADDING_ISO;
    f->nBlockSize = (WORD)((rate >= 32000 ? 144u : 72u) * kbps * 1000 / rate);
    f->nFramesPerBlock = 1;
}

static void make_mpeg1(MPEG1WAVEFORMAT *f, WORD channels, DWORD rate, WORD layer, unsigned kbps)
{
    memset(f, 0, sizeof *f);
    f->wfx.wFormatTag = WAVE_FORMAT_MPEG;
    f->wfx.nChannels = channels;
    f->wfx.nSamplesPerSec = rate;
    f->wfx.nAvgBytesPerSec = kbps * 125;
    f->wfx.nBlockAlign = 1;
    f->wfx.cbSize = 22;
    f->fwHeadLayer = layer;
    f->dwHeadBitrate = kbps * 1000;
    f->fwHeadMode = channels == 1 ? ACM_MPEG_SINGLECHANNEL : ACM_MPEG_STEREO;
    f->wHeadEmphasis = 1;
    f->fwHeadFlags = ACM_MPEG_ID_MPEG1;
}

/* ---- the vectors ----------------------------------------------------------------------------- */

typedef struct mpeg_vector {
    const char *file;
    WORD tag, channels;
    DWORD rate;
    unsigned kbps;
    WORD layer; /* for WAVE_FORMAT_MPEG */
} mpeg_vector;

static const mpeg_vector vectors[] = {
    {"music44s.lame128.mp3", WAVE_FORMAT_MPEGLAYER3, 2, 44100, 128, 0},
    {"music44s.shine128.mp3", WAVE_FORMAT_MPEGLAYER3, 2, 44100, 128, 0},
    {"speech22s.lame48.mp3", WAVE_FORMAT_MPEGLAYER3, 2, 22050, 48, 0},
    {"speech8m.lame16.mp3", WAVE_FORMAT_MPEGLAYER3, 1, 8000, 16, 0},
    {"music44s.mp2", WAVE_FORMAT_MPEG, 2, 44100, 192, ACM_MPEG_LAYER2},
    {"speech22m.mp2", WAVE_FORMAT_MPEG, 1, 22050, 64, ACM_MPEG_LAYER2},
};

/* A vector's source format. */
typedef union any_format {
    WAVEFORMATEX wfx;
    MPEGLAYER3WAVEFORMAT mp3;
    MPEG1WAVEFORMAT mpeg;
    BYTE bytes[64];
} any_format;

static void vector_format(const mpeg_vector *v, any_format *f)
{
    memset(f, 0, sizeof *f);
    if (v->tag == WAVE_FORMAT_MPEGLAYER3)
        make_mp3(&f->mp3, v->channels, v->rate, v->kbps);
    else
        make_mpeg1(&f->mpeg, v->channels, v->rate, v->layer, v->kbps);
}

static BYTE *load_vector(const char *file, size_t *size)
{
    char path[160];
    snprintf(path, sizeof path, "mp3/%s", file);
    return ts_read_vector(path, size);
}

/* ---- driving streams ------------------------------------------------------------------------ */

/* A growing output buffer. */
typedef struct out_buffer {
    BYTE *bytes;
    size_t length, capacity;
} out_buffer;

static BYTE *out_room(out_buffer *out, size_t n)
{
    if (out->length + n > out->capacity) {
        size_t capacity = out->capacity ? out->capacity : 65536;
        while (capacity < out->length + n)
            capacity *= 2;
        out->bytes = realloc(out->bytes, capacity);
        assert_non_null(out->bytes);
        out->capacity = capacity;
    }
    return out->bytes + out->length;
}

/* Converts `src` through an open stream: source in pieces of `piece` bytes (0 = all), each
 * call given `room` destination bytes (0 = what SIZE(SOURCE) says for the piece), START on
 * the first call, END on the calls that carry the last source; then END calls without source
 * until no output comes. When `check_size` is set, each call's output must have fitted:
 * a further call without source and with ample room must give nothing (so SIZE(SOURCE)
 * bounded the output) - only meaningful with room == 0. */
static void run_stream(HDRVR h, ACMDRVSTREAMINSTANCE *si, const BYTE *src, size_t length, DWORD piece, DWORD room,
                       bool check_size, out_buffer *out)
{
    size_t offset = 0;
    bool first = true;
    int stalls = 0;
    while (offset < length) {
        DWORD n = (DWORD)(length - offset);
        if (piece && n > piece)
            n = piece;
        DWORD give = room;
        if (give == 0)
            assert_int_equal(ts_stream_size(h, si, ACM_STREAMSIZEF_SOURCE, n, &give), MMSYSERR_NOERROR);
        DWORD flags = (first ? ACM_STREAMCONVERTF_START : 0) | (offset + n == length ? ACM_STREAMCONVERTF_END : 0);
        DWORD used = 0, written = 0;
        assert_int_equal(ts_convert(h, si, flags, src + offset, n, &used, out_room(out, give), give, &written),
                         MMSYSERR_NOERROR);
        assert_true(used <= n);
        assert_true(written <= give);
        out->length += written;
        offset += used;
        first = false;
        if (check_size) {
            DWORD extra = 0;
            assert_int_equal(ts_convert(h, si, 0, NULL, 0, &used, out_room(out, 1 << 16), 1 << 16, &extra),
                             MMSYSERR_NOERROR);
            if (extra != 0)
                fail_msg("SIZE(SOURCE, %u) = %u left %u bytes behind", (unsigned)n, (unsigned)give, (unsigned)extra);
        }
        stalls = used || written ? 0 : stalls + 1;
        assert_true(stalls < 1000);
    }
    for (long i = 0; i < (1L << 24); i++) {
        DWORD give = room ? room : 65536;
        DWORD used = 0, written = 0;
        assert_int_equal(ts_convert(h, si, ACM_STREAMCONVERTF_END, NULL, 0, &used, out_room(out, give), give, &written),
                         MMSYSERR_NOERROR);
        assert_int_equal(used, 0);
        out->length += written;
        if (written == 0)
            return;
    }
    fail_msg("the stream never stopped producing output");
}

/* Decodes a vector's bytes through the driver into 16-bit PCM. */
static out_buffer decode_bytes(HDRVR h, const WAVEFORMATEX *format, const BYTE *bytes, size_t size, DWORD piece,
                               DWORD room, WORD bits)
{
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, format->nChannels, format->nSamplesPerSec, bits);
    ACMDRVSTREAMINSTANCE si;
    assert_int_equal(ts_stream_open(h, &si, format, &pcm, 0), MMSYSERR_NOERROR);
    out_buffer out = {0};
    run_stream(h, &si, bytes, size, piece, room, false, &out);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    return out;
}

/* Loads vector `v`, its source format, and its output decoded in one piece. */
static out_buffer decode_vector(HDRVR h, size_t v, any_format *f, BYTE **bytes, size_t *size)
{
    *bytes = load_vector(vectors[v].file, size);
    vector_format(&vectors[v], f);
    return decode_bytes(h, &f->wfx, *bytes, *size, 0, 0, 16);
}

/* Little-endian 16-bit bytes -> samples (malloc'd). */
static int16_t *samples_of(const BYTE *bytes, size_t length)
{
    int16_t *samples = malloc(length + 2);
    assert_non_null(samples);
    for (size_t i = 0; i < length / 2; i++)
        samples[i] = codec_read_s16(bytes + 2 * i);
    return samples;
}

/* ---- identity and formats -------------------------------------------------------------------- */

static void test_details(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_mpeg_driver_proc);
    ACMDRIVERDETAILSW dd;
    ts_driver_details(h, &dd);
    assert_true(wide_equals(dd.szShortName, "MPEG Layer-3 Codec"));
    assert_int_equal(dd.wMid, 0xAC);  /* MM_FRAUNHOFER_IIS */
    assert_int_equal(dd.wPid, 0x0D);  /* the professional (encoding) codec; native tests accept 9 or 0xD */
    assert_int_equal(dd.fdwSupport, ACMDRIVERDETAILS_SUPPORTF_CODEC);
    assert_int_equal(dd.cFormatTags, 3);

    static const struct {
        DWORD tag, size, count;
        const char *name;
    } tags[3] = {{WAVE_FORMAT_PCM, 16, 36, "PCM"},
                 {WAVE_FORMAT_MPEGLAYER3, 30, MP3_STANDARD, "MPEG Layer-3"},
                 {WAVE_FORMAT_MPEG, 40, 0, "MPEG"}};
    for (DWORD i = 0; i < 3; i++) {
        ACMFORMATTAGDETAILSW td;
        memset(&td, 0, sizeof td);
        td.cbStruct = sizeof td;
        td.dwFormatTag = tags[i].tag;
        assert_int_equal(SendDriverMessage(h, ACMDM_FORMATTAG_DETAILS, (LPARAM)&td, ACM_FORMATTAGDETAILSF_FORMATTAG),
                         MMSYSERR_NOERROR);
        assert_int_equal(td.dwFormatTagIndex, i);
        assert_int_equal(td.cbFormatSize, tags[i].size);
        assert_int_equal(td.cStandardFormats, tags[i].count);
        assert_true(wide_equals(td.szFormatTag, tags[i].name));
    }
    ACMFORMATTAGDETAILSW largest;
    memset(&largest, 0, sizeof largest);
    largest.cbStruct = sizeof largest;
    assert_int_equal(SendDriverMessage(h, ACMDM_FORMATTAG_DETAILS, (LPARAM)&largest, ACM_FORMATTAGDETAILSF_LARGESTSIZE),
                     MMSYSERR_NOERROR);
    assert_int_equal(largest.cbFormatSize, 40);
    ts_close(h);
}

/* Reads the frame header at the start of `bytes`: MPEG version's rate table, layer, bitrate
 * index and mode, from the bits ISO/IEC 11172-3 2.4.1.3 defines. */
typedef struct frame_header {
    DWORD rate;
    unsigned kbps;
    int layer;
    bool mono;
} frame_header;

static bool parse_header(const BYTE *bytes, frame_header *out)
{
    static const DWORD rates[4][3] = {{11025, 12000, 8000}, {0, 0, 0}, {22050, 24000, 16000}, {44100, 48000, 32000}};
    if (bytes[0] != 0xFF || (bytes[1] & 0xE0) != 0xE0)
        return false;
    int version = (bytes[1] >> 3) & 3, layer_bits = (bytes[1] >> 1) & 3;
    int bitrate_index = bytes[2] >> 4, rate_index = (bytes[2] >> 2) & 3;
    if (version == 1 || layer_bits == 0 || bitrate_index == 0 || bitrate_index == 15 || rate_index == 3)
        return false;
    out->rate = rates[version][rate_index];
    out->layer = 4 - layer_bits;
    out->kbps = version == 3 ? mpeg1_kbps[bitrate_index - 1] : mpeg2_kbps[bitrate_index - 1];
    out->mono = (bytes[3] >> 6) == 3;
    return true;
}

/* A test signal: two tones per channel and a little noise, at about -10 dBFS. */
static void fill_music(BYTE *pcm, size_t frames, WORD channels, DWORD rate, uint32_t seed)
{
    for (size_t i = 0; i < frames; i++) {
        for (WORD c = 0; c < channels; c++) {
            double t = (double)i / rate;
            double v = 6000 * sin(2 * M_PI * (330 + 110 * c) * t) + 3000 * sin(2 * M_PI * 1250 * t + c);
            v += (double)(ts_random(&seed) % 801) - 400;
            codec_write_s16(pcm + 2 * (i * channels + c), (int16_t)lrint(v));
        }
    }
}

/* The 36 PCM formats (9 rates x 8/16 bits x mono/stereo) and the 216 layer-3 formats (9 rates
 * x mono/stereo x the legal bitrates): fields computed here from ISO's tables; each layer-3
 * format opens a real encoder whose first frame carries exactly that bitrate, rate and mode,
 * and decodes again. */
static void test_standard_formats(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_mpeg_driver_proc);
    any_format f;
    ACMFORMATDETAILSW fd;
    bool seen_pcm[9][2][2] = {{{false}}};
    for (DWORD i = 0; i <= 36; i++) {
        memset(&fd, 0, sizeof fd);
        fd.cbStruct = sizeof fd;
        fd.dwFormatTag = WAVE_FORMAT_PCM;
        fd.dwFormatIndex = i;
        fd.pwfx = &f.wfx;
        fd.cbwfx = sizeof f;
        MMRESULT mr = (MMRESULT)SendDriverMessage(h, ACMDM_FORMAT_DETAILS, (LPARAM)&fd, ACM_FORMATDETAILSF_INDEX);
        if (i == 36) {
            assert_int_equal(mr, MMSYSERR_INVALPARAM);
            break;
        }
        assert_int_equal(mr, MMSYSERR_NOERROR);
        int r = 0;
        while (r < 9 && all_rates[r] != f.wfx.nSamplesPerSec)
            r++;
        assert_true(r < 9);
        assert_true(f.wfx.wBitsPerSample == 8 || f.wfx.wBitsPerSample == 16);
        assert_true(f.wfx.nChannels == 1 || f.wfx.nChannels == 2);
        assert_int_equal(f.wfx.nBlockAlign, f.wfx.nChannels * f.wfx.wBitsPerSample / 8);
        assert_int_equal(f.wfx.nAvgBytesPerSec, f.wfx.nSamplesPerSec * f.wfx.nBlockAlign);
        bool *seen = &seen_pcm[r][f.wfx.wBitsPerSample / 16][f.wfx.nChannels - 1];
        assert_false(*seen);
        *seen = true;
    }

    BYTE *pcm = malloc(48000 / 10 * 4); /* a tenth of a second at the highest rate, stereo */
    assert_non_null(pcm);
    bool seen_mp3[9][2][14] = {{{false}}};
    for (DWORD i = 0; i <= MP3_STANDARD; i++) {
        memset(&fd, 0, sizeof fd);
        fd.cbStruct = sizeof fd;
        fd.dwFormatTag = WAVE_FORMAT_MPEGLAYER3;
        fd.dwFormatIndex = i;
        fd.pwfx = &f.wfx;
        fd.cbwfx = sizeof f;
        MMRESULT mr = (MMRESULT)SendDriverMessage(h, ACMDM_FORMAT_DETAILS, (LPARAM)&fd, ACM_FORMATDETAILSF_INDEX);
        if (i == MP3_STANDARD) {
            assert_int_equal(mr, MMSYSERR_INVALPARAM);
            break;
        }
        assert_int_equal(mr, MMSYSERR_NOERROR);
        DWORD rate = f.wfx.nSamplesPerSec;
        int r = 0;
        while (r < 9 && all_rates[r] != rate)
            r++;
        assert_true(r < 9);
        const unsigned *table = rate >= 32000 ? mpeg1_kbps : mpeg2_kbps;
        int count = rate >= 16000 ? 14 : 8; /* MPEG-2.5: LAME writes 8..64 kbit/s only */
        int b = 0;
        while (b < count && table[b] * 125 != f.wfx.nAvgBytesPerSec)
            b++;
        assert_true(b < count);
        assert_true(f.wfx.nChannels == 1 || f.wfx.nChannels == 2);
        assert_false(seen_mp3[r][f.wfx.nChannels - 1][b]);
        seen_mp3[r][f.wfx.nChannels - 1][b] = true;
        MPEGLAYER3WAVEFORMAT expected;
        make_mp3(&expected, f.wfx.nChannels, rate, table[b]);
        expected.nCodecDelay = EXPECTED_CODEC_DELAY;
        assert_memory_equal(&f.mp3, &expected, sizeof expected);

        /* A real encoder opens and writes frames of this very format. */
        WAVEFORMATEX src;
        ts_pcm_format(&src, f.wfx.nChannels, rate, 16);
        ACMDRVSTREAMINSTANCE si;
        assert_int_equal(ts_stream_open(h, &si, &src, &f.wfx, 0), MMSYSERR_NOERROR);
        size_t frames = rate / 10;
        fill_music(pcm, frames, f.wfx.nChannels, rate, i + 1);
        out_buffer encoded = {0};
        run_stream(h, &si, pcm, frames * src.nBlockAlign, 0, 0, false, &encoded);
        assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
        assert_true(encoded.length >= 4);
        frame_header header;
        assert_true(parse_header(encoded.bytes, &header));
        bool mono = f.wfx.nChannels == 1;
        if (header.rate != rate || header.kbps != table[b] || header.layer != 3 || header.mono != mono)
            fail_msg("format %u: frame says %u Hz %u kbit/s layer %d mono %d", (unsigned)i, (unsigned)header.rate,
                     header.kbps, header.layer, header.mono);
        /* The first frame is nBlockSize bytes, or one more when padded. */
        DWORD size = f.mp3.nBlockSize + ((encoded.bytes[2] >> 1) & 1);
        assert_true(encoded.length >= size + 4);
        assert_true(parse_header(encoded.bytes + size, &header));
        free(encoded.bytes);
    }
    free(pcm);

    memset(&fd, 0, sizeof fd);
    fd.cbStruct = sizeof fd;
    fd.dwFormatTag = WAVE_FORMAT_MPEG;
    fd.pwfx = &f.wfx;
    fd.cbwfx = sizeof f;
    assert_int_equal(SendDriverMessage(h, ACMDM_FORMAT_DETAILS, (LPARAM)&fd, ACM_FORMATDETAILSF_INDEX),
                     MMSYSERR_INVALPARAM);
    ts_close(h);
}

static MMRESULT suggest(HDRVR h, const WAVEFORMATEX *src, DWORD src_size, any_format *dst, DWORD flags)
{
    ACMDRVFORMATSUGGEST fs;
    memset(&fs, 0, sizeof fs);
    fs.cbStruct = sizeof fs;
    fs.fdwSuggest = flags;
    fs.pwfxSrc = (LPWAVEFORMATEX)src;
    fs.cbwfxSrc = src_size;
    fs.pwfxDst = &dst->wfx;
    fs.cbwfxDst = sizeof *dst;
    return (MMRESULT)SendDriverMessage(h, ACMDM_FORMAT_SUGGEST, (LPARAM)&fs, 0);
}

/* PCM suggests layer 3 at about a twelfth of the PCM rate; MPEG audio suggests 16-bit PCM
 * (8 when asked); rate and channels never change. */
static void test_suggestions(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_mpeg_driver_proc);
    static const struct {
        WORD channels;
        DWORD rate;
        unsigned kbps;
    } rows[] = {{2, 44100, 128}, {2, 48000, 128}, {1, 44100, 64}, {2, 32000, 96},
                {1, 22050, 32},  {2, 22050, 64},  {1, 8000, 16},  {2, 8000, 24}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        WAVEFORMATEX pcm;
        ts_pcm_format(&pcm, rows[i].channels, rows[i].rate, 16);
        any_format out;
        assert_int_equal(suggest(h, &pcm, 16, &out, 0), MMSYSERR_NOERROR);
        MPEGLAYER3WAVEFORMAT expected;
        make_mp3(&expected, rows[i].channels, rows[i].rate, rows[i].kbps);
        expected.nCodecDelay = EXPECTED_CODEC_DELAY;
        assert_memory_equal(&out.mp3, &expected, sizeof expected);
        /* and back */
        any_format back;
        assert_int_equal(suggest(h, &out.wfx, 30, &back, 0), MMSYSERR_NOERROR);
        assert_memory_equal(&back.wfx, &pcm, 16);
        back.wfx.wBitsPerSample = 8;
        assert_int_equal(suggest(h, &out.wfx, 30, &back, ACM_FORMATSUGGESTF_WBITSPERSAMPLE), MMSYSERR_NOERROR);
        assert_int_equal(back.wfx.wBitsPerSample, 8);
        assert_int_equal(back.wfx.nBlockAlign, rows[i].channels);
    }
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 2, 44100, 16);
    any_format request;
    memset(&request, 0, sizeof request);
    request.wfx.wFormatTag = WAVE_FORMAT_MPEG; /* no layer-2 encoder */
    assert_int_equal(suggest(h, &pcm, 16, &request, ACM_FORMATSUGGESTF_WFORMATTAG), ACMERR_NOTPOSSIBLE);
    request.wfx.wFormatTag = WAVE_FORMAT_PCM; /* a codec, not a converter */
    assert_int_equal(suggest(h, &pcm, 16, &request, ACM_FORMATSUGGESTF_WFORMATTAG), ACMERR_NOTPOSSIBLE);
    request.wfx.nSamplesPerSec = 22050; /* no resampling */
    assert_int_equal(suggest(h, &pcm, 16, &request, ACM_FORMATSUGGESTF_NSAMPLESPERSEC), ACMERR_NOTPOSSIBLE);
    request.wfx.nChannels = 1; /* no remixing */
    assert_int_equal(suggest(h, &pcm, 16, &request, ACM_FORMATSUGGESTF_NCHANNELS), ACMERR_NOTPOSSIBLE);
    MPEGLAYER3WAVEFORMAT mp3;
    make_mp3(&mp3, 2, 44100, 128);
    request.wfx.wBitsPerSample = 24;
    assert_int_equal(suggest(h, &mp3.wfx, 30, &request, ACM_FORMATSUGGESTF_WBITSPERSAMPLE), ACMERR_NOTPOSSIBLE);
    ts_close(h);
}

/* Windows' test_mp3 (11025 Hz mono MP3 -> PCM16): cbSize 0 and wID 0 -> NOTPOSSIBLE;
 * nBlockSize 0 and nAvgBytesPerSec 0 still open; SIZE(4000, SOURCE) works, and with avg 0 is
 * NOTPOSSIBLE rather than a division by zero. Then every other malformed format. */
static void test_validation(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_mpeg_driver_proc);
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 1, 11025, 16);
    MPEGLAYER3WAVEFORMAT native;
    make_mp3(&native, 1, 11025, 0);
    native.wfx.nAvgBytesPerSec = 16000;
    native.fdwFlags = MPEGLAYER3_FLAG_PADDING_OFF;
    native.nBlockSize = 417;
    ACMDRVSTREAMINSTANCE si;
    DWORD out = 0;

    MPEGLAYER3WAVEFORMAT f = native;
    f.wfx.cbSize = 0;
    assert_int_equal(ts_stream_open(h, &si, &f.wfx, &pcm, 0), ACMERR_NOTPOSSIBLE);
    f = native;
    f.wID = 0;
    assert_int_equal(ts_stream_open(h, &si, &f.wfx, &pcm, 0), ACMERR_NOTPOSSIBLE);
    f = native;
    f.nBlockSize = 0;
    assert_int_equal(ts_stream_open(h, &si, &f.wfx, &pcm, 0), MMSYSERR_NOERROR);
    assert_int_equal(ts_stream_size(h, &si, ACM_STREAMSIZEF_SOURCE, 4000, &out), MMSYSERR_NOERROR);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    f = native;
    f.wfx.nAvgBytesPerSec = 0;
    assert_int_equal(ts_stream_open(h, &si, &f.wfx, &pcm, 0), MMSYSERR_NOERROR);
    assert_int_equal(ts_stream_size(h, &si, ACM_STREAMSIZEF_SOURCE, 4000, &out), ACMERR_NOTPOSSIBLE);
    assert_int_equal(ts_stream_size(h, &si, ACM_STREAMSIZEF_DESTINATION, 4000, &out), ACMERR_NOTPOSSIBLE);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    assert_int_equal(ts_stream_open(h, &si, &native.wfx, &pcm, 0), MMSYSERR_NOERROR);
    out = 0;
    assert_int_equal(ts_stream_size(h, &si, ACM_STREAMSIZEF_SOURCE, 4000, &out), MMSYSERR_NOERROR);
    /* 4000 bytes at 16000 bytes/s is 2756 samples: 3 frames of 1152 plus one of margin. */
    assert_int_equal(out, 4 * 1152 * 2);
    assert_int_equal(ts_stream_size(h, &si, ACM_STREAMSIZEF_SOURCE, 0xFFFFFFFFu, &out), ACMERR_NOTPOSSIBLE);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);

    /* Malformed layer-3 formats. */
    for (int k = 0; k < 9; k++) {
        union {
            MPEGLAYER3WAVEFORMAT mp3;
            BYTE bytes[64];
        } bad;
        memset(&bad, 0, sizeof bad);
        bad.mp3 = native;
        switch (k) {
        case 0: bad.mp3.wfx.cbSize = 11; break;
        case 1: bad.mp3.wID = MPEGLAYER3_ID_CONSTANTFRAMESIZE; break;
        case 2: bad.mp3.wID = 0xFFFF; break;
        case 3: bad.mp3.wfx.nChannels = 0; break;
        case 4: bad.mp3.wfx.nChannels = 3; break;
        case 5: bad.mp3.wfx.nSamplesPerSec = 0; break;
        case 6: bad.mp3.wfx.nSamplesPerSec = 11024; break;
        case 7: bad.mp3.wfx.nSamplesPerSec = 96000; break;
        case 8: bad.mp3.wfx.nSamplesPerSec = 0xFFFFFFFFu; break;
        }
        if (ts_stream_open(h, &si, &bad.mp3.wfx, &pcm, ACM_STREAMOPENF_QUERY) != ACMERR_NOTPOSSIBLE)
            fail_msg("layer-3 case %d accepted", k);
        ACMFORMATDETAILSW fd;
        memset(&fd, 0, sizeof fd);
        fd.cbStruct = sizeof fd;
        fd.dwFormatTag = WAVE_FORMAT_MPEGLAYER3;
        fd.pwfx = &bad.mp3.wfx;
        fd.cbwfx = sizeof bad;
        if (SendDriverMessage(h, ACMDM_FORMAT_DETAILS, (LPARAM)&fd, ACM_FORMATDETAILSF_FORMAT) != ACMERR_NOTPOSSIBLE)
            fail_msg("layer-3 case %d accepted by FORMAT_DETAILS", k);
    }
    /* nBlockAlign 0 is not needed to decode: it opens, and SIZE and CONVERT stay sane. */
    f = native;
    f.wfx.nBlockAlign = 0;
    assert_int_equal(ts_stream_open(h, &si, &f.wfx, &pcm, 0), MMSYSERR_NOERROR);
    assert_int_equal(ts_stream_size(h, &si, ACM_STREAMSIZEF_DESTINATION, 1 << 20, &out), MMSYSERR_NOERROR);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);

    /* Malformed MPEG1WAVEFORMATs. */
    WAVEFORMATEX stereo;
    ts_pcm_format(&stereo, 2, 44100, 16);
    MPEG1WAVEFORMAT mpeg;
    make_mpeg1(&mpeg, 2, 44100, ACM_MPEG_LAYER2, 192);
    assert_int_equal(ts_stream_open(h, &si, &mpeg.wfx, &stereo, ACM_STREAMOPENF_QUERY), MMSYSERR_NOERROR);
    for (int k = 0; k < 4; k++) {
        MPEG1WAVEFORMAT bad = mpeg;
        switch (k) {
        case 0: bad.wfx.cbSize = 21; break;
        case 1: bad.fwHeadLayer = 0; break;
        case 2: bad.fwHeadLayer = 8; break;
        case 3: bad.wfx.nSamplesPerSec = 44000; break;
        }
        if (ts_stream_open(h, &si, &bad.wfx, &stereo, ACM_STREAMOPENF_QUERY) != ACMERR_NOTPOSSIBLE)
            fail_msg("MPEG case %d accepted", k);
    }

    /* PCM that is not 8/16-bit, or not at an MPEG rate; conversions the driver does not make. */
    WAVEFORMATEX other;
    MPEGLAYER3WAVEFORMAT enc;
    make_mp3(&enc, 2, 44100, 128);
    assert_int_equal(ts_stream_open(h, &si, &stereo, &enc.wfx, ACM_STREAMOPENF_QUERY), MMSYSERR_NOERROR);
    ts_pcm_format(&other, 2, 44100, 24);
    assert_int_equal(ts_stream_open(h, &si, &other, &enc.wfx, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
    assert_int_equal(ts_stream_open(h, &si, &enc.wfx, &other, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
    ts_pcm_format(&other, 2, 96000, 16);
    assert_int_equal(ts_stream_open(h, &si, &other, &other, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
    ts_pcm_format(&other, 1, 44100, 16);
    assert_int_equal(ts_stream_open(h, &si, &other, &enc.wfx, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
    assert_int_equal(ts_stream_open(h, &si, &enc.wfx, &other, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
    ts_pcm_format(&other, 2, 48000, 16);
    assert_int_equal(ts_stream_open(h, &si, &enc.wfx, &other, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
    assert_int_equal(ts_stream_open(h, &si, &stereo, &stereo, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
    assert_int_equal(ts_stream_open(h, &si, &enc.wfx, &enc.wfx, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
    assert_int_equal(ts_stream_open(h, &si, &stereo, &mpeg.wfx, ACM_STREAMOPENF_QUERY), ACMERR_NOTPOSSIBLE);
    /* Encoding needs a legal constant bitrate for the rate. */
    static const DWORD bad_average[6] = {0, 1, 16001, 8 * 125, 144 * 125, 384 * 125};
    for (int k = 0; k < 6; k++) {
        MPEGLAYER3WAVEFORMAT b = enc;
        b.wfx.nAvgBytesPerSec = bad_average[k];
        if (ts_stream_open(h, &si, &stereo, &b.wfx, 0) != ACMERR_NOTPOSSIBLE)
            fail_msg("encoding at %u bytes/s accepted", (unsigned)bad_average[k]);
    }
    ts_close(h);
}

/* ---- decoding --------------------------------------------------------------------------------- */

/* Whether every sample is within `tolerance` of the reference; counts the differing ones. */
static int max_difference(const int16_t *a, const int16_t *b, size_t count, size_t *differing)
{
    int worst = 0;
    *differing = 0;
    for (size_t i = 0; i < count; i++) {
        int d = abs((int)a[i] - (int)b[i]);
        if (d)
            (*differing)++;
        if (d > worst)
            worst = d;
    }
    return worst;
}

/* Runs the mpg123 tool on a vector (no gapless, no Info frame: the ACM's choices) and returns
 * its 16-bit output (malloc'd), or NULL when the tool is not installed. */
static int16_t *mpg123_tool_decode(const char *file, size_t *samples)
{
    if (!ts_have_tool("mpg123"))
        return NULL;
    char out_path[512], command[1400];
    snprintf(out_path, sizeof out_path, "%s/codec_mpeg_tool.wav", PORTACM_TEST_BINARY_DIR);
    snprintf(command, sizeof command, "mpg123 -q --no-gapless --no-infoframe -w '%s' '%s/vectors/mp3/%s'", out_path,
             PORTACM_TEST_DATA_DIR, file);
    if (system(command) != 0)
        fail_msg("mpg123 failed on %s", file);
    ts_wav wav;
    ts_wav_load(out_path, &wav);
    size_t frames;
    int16_t *pcm = ts_wav_pcm(&wav, &frames);
    *samples = frames * wav.channels;
    ts_wav_free(&wav);
    remove(out_path);
    return pcm;
}

/* Every vector decodes to ffmpeg's output within 1 LSB (decoders round differently:
 * codec-facts.md), with the same length, through both decoders: portacm's own (the default)
 * and libmpg123 (PORTACM_MP3_DECODER=mpg123). When the mpg123 tool is installed, the libmpg123
 * path gives exactly what the tool outputs (the same library, the same CPU-specific synthesis)
 * and portacm's own decoder is within 1 LSB of it. */
static void test_decode_vectors(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_mpeg_driver_proc);
    bool have_tool = ts_have_tool("mpg123");
    if (!have_tool)
        printf("mpg123 tool not installed: skipping the comparison with it (apt-get install mpg123)\n");
    for (int pass = 0; pass < 2; pass++) {
        const bool libmpg123 = pass == 1;
        if (libmpg123)
            setenv("PORTACM_MP3_DECODER", "mpg123", 1);
        for (size_t v = 0; v < sizeof vectors / sizeof vectors[0]; v++) {
            size_t size;
            BYTE *bytes;
            any_format f;
            out_buffer out = decode_vector(h, v, &f, &bytes, &size);
            char ref_path[160];
            snprintf(ref_path, sizeof ref_path, "mp3/%s.ffmpeg.wav", vectors[v].file);
            ts_wav ref;
            ts_wav_load(ref_path, &ref);
            assert_int_equal(ref.channels, vectors[v].channels);
            assert_int_equal(ref.sample_rate, vectors[v].rate);
            if (out.length != ref.data_size)
                fail_msg("%s: %zu bytes decoded, ffmpeg %zu", vectors[v].file, out.length, ref.data_size);
            int16_t *ours = samples_of(out.bytes, out.length);
            int16_t *theirs = samples_of(ref.data, ref.data_size);
            size_t differing;
            int worst = max_difference(ours, theirs, out.length / 2, &differing);
            printf("%s (%s): %zu samples, %zu differ from ffmpeg by at most %d\n", vectors[v].file,
                   libmpg123 ? "libmpg123" : "default", out.length / 2, differing, worst);
            if (worst > 1)
                fail_msg("%s: %d LSB away from ffmpeg", vectors[v].file, worst);
            if (have_tool) {
                size_t count = 0;
                int16_t *tool = mpg123_tool_decode(vectors[v].file, &count);
                assert_int_equal(count, out.length / 2);
                if (libmpg123) {
                    assert_memory_equal(tool, ours, out.length);
                } else {
                    worst = max_difference(ours, tool, count, &differing);
                    printf("%s (default): %zu differ from the mpg123 tool by at most %d\n", vectors[v].file,
                           differing, worst);
                    assert_true(worst <= 1);
                }
                free(tool);
            }
            free(ours);
            free(theirs);
            free(out.bytes);
            free(bytes);
            ts_wav_free(&ref);
        }
    }
    unsetenv("PORTACM_MP3_DECODER");
    ts_close(h);
}

/* LAME's Info frame is decoded as one frame of silence (not parsed, as Windows' decoders do),
 * and everything after it exactly as the same stream without it. */
static void test_info_frame_is_silence(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_mpeg_driver_proc);
    any_format f;
    vector_format(&vectors[0], &f);
    size_t plain_size, tagged_size;
    BYTE *plain = load_vector("music44s.lame128.mp3", &plain_size);
    BYTE *tagged = load_vector("music44s.lametag.mp3", &tagged_size);
    out_buffer a = decode_bytes(h, &f.wfx, plain, plain_size, 0, 0, 16);
    out_buffer b = decode_bytes(h, &f.wfx, tagged, tagged_size, 0, 0, 16);
    const size_t silence = 1152 * 2 * 2;
    assert_int_equal(b.length, a.length + silence);
    for (size_t i = 0; i < silence; i++)
        assert_int_equal(b.bytes[i], 0);
    assert_memory_equal(b.bytes + silence, a.bytes, a.length);
    free(a.bytes);
    free(b.bytes);
    free(plain);
    free(tagged);
    ts_close(h);
}

/* The output does not depend on how source and destination are cut (frames split across
 * calls, destinations smaller than a frame, odd sizes), nor on the 8-bit path's rounding. */
static void test_split_invariance(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_mpeg_driver_proc);
    static const DWORD pieces[][2] = {{1, 0}, {7, 4096}, {417, 100}, {1000, 6}, {3000, 4608}, {0, 2}};
    for (size_t v = 0; v < sizeof vectors / sizeof vectors[0]; v++) {
        size_t size;
        BYTE *bytes;
        any_format f;
        out_buffer whole = decode_vector(h, v, &f, &bytes, &size);
        for (size_t p = 0; p < sizeof pieces / sizeof pieces[0]; p++) {
            DWORD room = pieces[p][1] ? pieces[p][1] - pieces[p][1] % (2u * vectors[v].channels) : 0;
            if (pieces[p][1] && room == 0)
                room = 2u * vectors[v].channels;
            out_buffer split = decode_bytes(h, &f.wfx, bytes, size, pieces[p][0], room, 16);
            if (split.length != whole.length || memcmp(split.bytes, whole.bytes, whole.length) != 0)
                fail_msg("%s: pieces of %u with %u-byte destinations differ", vectors[v].file, (unsigned)pieces[p][0],
                         (unsigned)room);
            free(split.bytes);
        }
        /* 8-bit output is the 16-bit output's high byte + 128 (Windows' mapping). */
        out_buffer eight = decode_bytes(h, &f.wfx, bytes, size, 333, 0, 8);
        assert_int_equal(eight.length * 2, whole.length);
        for (size_t i = 0; i < eight.length; i++)
            assert_int_equal(eight.bytes[i], (BYTE)((codec_read_s16(whole.bytes + 2 * i) >> 8) + 128));
        free(eight.bytes);
        free(whole.bytes);
        free(bytes);
    }
    ts_close(h);
}

/* Whole frames decode straight into the destination when it has room for the largest frame,
 * the rest through a one-frame spill: the output is the same whatever mix of the two a
 * stream takes, with destinations at any address (odd ones included) and rooms around one
 * and two frames. */
static void test_destination_placement(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_mpeg_driver_proc);
    static const DWORD rooms[] = {4604, 4608, 4612, 9220, 2, 65536, 4606};
    BYTE *scratch = malloc(65536 + 8);
    assert_non_null(scratch);
    for (size_t v = 0; v < sizeof vectors / sizeof vectors[0]; v++) {
        size_t size;
        BYTE *bytes;
        any_format f;
        out_buffer whole = decode_vector(h, v, &f, &bytes, &size);
        WAVEFORMATEX pcm;
        ts_pcm_format(&pcm, vectors[v].channels, vectors[v].rate, 16);
        ACMDRVSTREAMINSTANCE si;
        assert_int_equal(ts_stream_open(h, &si, &f.wfx, &pcm, 0), MMSYSERR_NOERROR);
        out_buffer out = {0};
        size_t offset = 0;
        for (unsigned call = 0; call < 1u << 20; call++) {
            DWORD n = size - offset < 1000 ? (DWORD)(size - offset) : 1000;
            DWORD room = rooms[call % (sizeof rooms / sizeof rooms[0])];
            room -= room % pcm.nBlockAlign;
            BYTE *dst = scratch + call % 4;
            DWORD flags = (call == 0 ? ACM_STREAMCONVERTF_START : 0) | (offset + n == size ? ACM_STREAMCONVERTF_END : 0);
            DWORD used = 0, written = 0;
            assert_int_equal(ts_convert(h, &si, flags, n ? bytes + offset : NULL, n, &used, dst, room, &written),
                             MMSYSERR_NOERROR);
            assert_true(written <= room);
            memcpy(out_room(&out, written), dst, written);
            out.length += written;
            offset += used;
            if (n == 0 && written == 0 && room >= 4608)
                break;
        }
        assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
        if (out.length != whole.length || memcmp(out.bytes, whole.bytes, whole.length) != 0)
            fail_msg("%s: %zu bytes through moving destinations, %zu in one piece", vectors[v].file, out.length,
                     whole.length);
        free(out.bytes);
        free(whole.bytes);
        free(bytes);
    }
    free(scratch);
    ts_close(h);
}

/* With the destination SIZE(SOURCE) names, nothing is ever left inside the decoder, for any
 * piece size of a constant-bitrate stream whose header states its bitrate; and SIZE
 * (DESTINATION) is consistent with it. */
static void test_decode_sizes_bound_output(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_mpeg_driver_proc);
    static const DWORD pieces[] = {1, 100, 417, 418, 1000, 4096, 0};
    for (size_t v = 0; v < sizeof vectors / sizeof vectors[0]; v++) {
        size_t size;
        BYTE *bytes = load_vector(vectors[v].file, &size);
        any_format f;
        vector_format(&vectors[v], &f);
        WAVEFORMATEX pcm;
        ts_pcm_format(&pcm, vectors[v].channels, vectors[v].rate, 16);
        for (size_t p = 0; p < sizeof pieces / sizeof pieces[0]; p++) {
            ACMDRVSTREAMINSTANCE si;
            assert_int_equal(ts_stream_open(h, &si, &f.wfx, &pcm, 0), MMSYSERR_NOERROR);
            out_buffer out = {0};
            run_stream(h, &si, bytes, size, pieces[p], 0, true, &out);
            for (DWORD d = 1 << 12; d < 1u << 24; d *= 3) {
                DWORD s = 0, back = 0;
                if (ts_stream_size(h, &si, ACM_STREAMSIZEF_DESTINATION, d, &s) != MMSYSERR_NOERROR)
                    continue;
                assert_int_equal(ts_stream_size(h, &si, ACM_STREAMSIZEF_SOURCE, s, &back), MMSYSERR_NOERROR);
                assert_true(back <= d);
            }
            assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
            free(out.bytes);
        }
        free(bytes);
    }
    ts_close(h);
}

/* START restarts: converting the same stream twice with START gives the same output, also
 * after a stream left half-way. */
static void test_start_resets(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_mpeg_driver_proc);
    size_t size;
    BYTE *bytes = load_vector(vectors[2].file, &size);
    any_format f;
    vector_format(&vectors[2], &f);
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 2, 22050, 16);
    ACMDRVSTREAMINSTANCE si;
    assert_int_equal(ts_stream_open(h, &si, &f.wfx, &pcm, 0), MMSYSERR_NOERROR);
    out_buffer first = {0}, second = {0};
    run_stream(h, &si, bytes, size, 500, 0, false, &first);
    /* half a stream, and a frame cut in two */
    BYTE scratch[1 << 16];
    DWORD used, written;
    assert_int_equal(ts_convert(h, &si, ACM_STREAMCONVERTF_START, bytes, (DWORD)size / 2 + 17, &used, scratch,
                                1000, &written),
                     MMSYSERR_NOERROR);
    run_stream(h, &si, bytes, size, 700, 0, false, &second);
    assert_int_equal(first.length, second.length);
    assert_memory_equal(first.bytes, second.bytes, first.length);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);

    /* The encoder likewise. */
    WAVEFORMATEX src;
    ts_pcm_format(&src, 2, 22050, 16);
    MPEGLAYER3WAVEFORMAT mp3;
    make_mp3(&mp3, 2, 22050, 64);
    enum { FRAMES = 22050 };
    BYTE *signal = malloc(FRAMES * 4);
    assert_non_null(signal);
    fill_music(signal, FRAMES, 2, 22050, 5);
    out_buffer e1 = {0}, e2 = {0};
    assert_int_equal(ts_stream_open(h, &si, &src, &mp3.wfx, 0), MMSYSERR_NOERROR);
    run_stream(h, &si, signal, FRAMES * 4, 10000, 0, false, &e1);
    assert_int_equal(ts_convert(h, &si, ACM_STREAMCONVERTF_START, signal, 30000, &used, scratch, sizeof scratch,
                                &written),
                     MMSYSERR_NOERROR);
    run_stream(h, &si, signal, FRAMES * 4, 4321, 0, false, &e2);
    assert_int_equal(e1.length, e2.length);
    assert_memory_equal(e1.bytes, e2.bytes, e1.length);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    free(e1.bytes);
    free(e2.bytes);
    free(signal);
    free(first.bytes);
    free(second.bytes);
    free(bytes);
    ts_close(h);
}

/* Random bytes, a stream with garbage in the middle, a stream that contradicts its header:
 * every call succeeds, nothing hangs, and a valid stream after garbage still decodes. */
static void test_hostile_bitstreams(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_mpeg_driver_proc);
    uint32_t seed = 0xC0FFEE;
    enum { NOISE = 200000 };
    BYTE *noise = malloc(NOISE);
    assert_non_null(noise);
    for (size_t i = 0; i < NOISE; i++)
        noise[i] = (BYTE)ts_random(&seed);
    for (int k = 0; k < 4; k++) {
        any_format f;
        vector_format(&vectors[k % 2 ? 3 : 4], &f);
        out_buffer out = decode_bytes(h, &f.wfx, noise, NOISE, k == 0 ? 0 : 997u * (unsigned)k, 0, 16);
        printf("random bytes as %s: %zu bytes of output\n", vectors[k % 2 ? 3 : 4].file, out.length);
        free(out.bytes);
    }
    /* valid + garbage + valid: the second copy's frames still come out */
    size_t size;
    BYTE *bytes = load_vector(vectors[0].file, &size);
    any_format f;
    vector_format(&vectors[0], &f);
    out_buffer clean = decode_bytes(h, &f.wfx, bytes, size, 0, 0, 16);
    size_t mixed_size = size * 2 + 5000;
    BYTE *mixed = malloc(mixed_size);
    assert_non_null(mixed);
    memcpy(mixed, bytes, size);
    memcpy(mixed + size, noise, 5000);
    memcpy(mixed + size + 5000, bytes, size);
    out_buffer out = decode_bytes(h, &f.wfx, mixed, mixed_size, 512, 0, 16);
    printf("valid + 5000 random bytes + valid: %zu bytes (clean copy %zu)\n", out.length, clean.length);
    assert_true(out.length >= clean.length * 3 / 2);
    free(out.bytes);
    /* A stereo stream declared mono: the output is mono (libmpg123 mixes down). */
    MPEGLAYER3WAVEFORMAT mono;
    make_mp3(&mono, 1, 44100, 128);
    out = decode_bytes(h, &mono.wfx, bytes, size, 1000, 0, 16);
    assert_int_equal(out.length * 2, clean.length);
    free(out.bytes);
    /* A 44.1 kHz stream declared 22.05 kHz: its frames are dropped, not played at half speed. */
    MPEGLAYER3WAVEFORMAT slow;
    make_mp3(&slow, 2, 22050, 128);
    out = decode_bytes(h, &slow.wfx, bytes, size, 1000, 0, 16);
    assert_int_equal(out.length, 0);
    free(out.bytes);
    free(clean.bytes);
    free(mixed);
    free(bytes);
    free(noise);
    ts_close(h);
}

/* ---- encoding --------------------------------------------------------------------------------- */

/* The lag (0..max_lag) at which `test` best matches `ref` (channel 0, normalized correlation). */
static size_t best_lag(const int16_t *ref, const int16_t *test, size_t frames, WORD channels, size_t max_lag)
{
    size_t best = 0;
    double best_score = -2;
    size_t window = frames - max_lag;
    for (size_t lag = 0; lag <= max_lag; lag++) {
        double xy = 0, yy = 0;
        for (size_t i = 0; i < window; i++) {
            double x = ref[i * channels], y = test[(i + lag) * channels];
            xy += x * y;
            yy += y * y;
        }
        double score = yy > 0 ? xy / sqrt(yy) : -1;
        if (score > best_score) {
            best_score = score;
            best = lag;
        }
    }
    return best;
}

/* Encodes `pcm` through the driver at `kbps`, decodes the result through the driver, and
 * returns the SNR of the decode (shifted by nCodecDelay, which must be the best-matching lag)
 * against the input. The encoded bytes are returned through *encoded when not NULL. */
static double round_trip(HDRVR h, const int16_t *pcm, size_t frames, WORD channels, DWORD rate, unsigned kbps,
                         DWORD open_flags, out_buffer *encoded)
{
    WAVEFORMATEX src;
    ts_pcm_format(&src, channels, rate, 16);
    MPEGLAYER3WAVEFORMAT mp3;
    make_mp3(&mp3, channels, rate, kbps);
    ACMDRVSTREAMINSTANCE si;
    assert_int_equal(ts_stream_open(h, &si, &src, &mp3.wfx, open_flags), MMSYSERR_NOERROR);
    BYTE *bytes = malloc(frames * channels * 2);
    assert_non_null(bytes);
    for (size_t i = 0; i < frames * channels; i++)
        codec_write_s16(bytes + 2 * i, pcm[i]);
    out_buffer mp3_out = {0};
    run_stream(h, &si, bytes, frames * channels * 2, 4096, 0, true, &mp3_out);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    out_buffer decoded = decode_bytes(h, &mp3.wfx, mp3_out.bytes, mp3_out.length, 0, 0, 16);
    size_t decoded_frames = decoded.length / (2u * channels);
    /* All audio came out: the encoder was flushed by END. */
    assert_true(decoded_frames >= frames + EXPECTED_CODEC_DELAY);
    int16_t *out = samples_of(decoded.bytes, decoded.length);
    size_t lag = best_lag(pcm, out, frames, channels, 3000);
    if (lag != EXPECTED_CODEC_DELAY)
        fail_msg("decoded output lags by %zu samples, nCodecDelay says %d", lag, EXPECTED_CODEC_DELAY);
    double db = ts_snr(pcm, out + lag * channels, frames * channels);
    free(out);
    free(decoded.bytes);
    free(bytes);
    if (encoded)
        *encoded = mp3_out;
    else
        free(mp3_out.bytes);
    return db;
}

/* Round trips on the shared speech and music inputs at MPEG-1, MPEG-2 and MPEG-2.5 rates,
 * real-time and NONREALTIME quality. The floors are the figures measured when this test was
 * written, less 1 dB (LAME's psychoacoustics do not chase SNR, so this guards against broken
 * plumbing - wrong channel order, lost or duplicated chunks, a missing flush - not quality). */
static void test_encode_round_trips(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        unsigned kbps;
        double floor_db;
    } rows[] = {
        /* measured: 17.64 / 17.44 dB (real-time / NONREALTIME), 18.25 / 17.96, 16.75 / 15.37,
         * 21.86 / 20.94 */
        {"source/music44s.wav", 128, 16.4},
        {"source/speech22s.wav", 64, 16.9},
        {"source/speech8m.wav", 16, 14.3},
        {"source/speech8m.wav", 32, 19.9},
    };
    HDRVR h = ts_open(pacm_mpeg_driver_proc);
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        ts_wav wav;
        ts_wav_load(rows[r].file, &wav);
        size_t frames;
        int16_t *pcm = ts_wav_pcm(&wav, &frames);
        double fast = round_trip(h, pcm, frames, (WORD)wav.channels, wav.sample_rate, rows[r].kbps, 0, NULL);
        double slow = round_trip(h, pcm, frames, (WORD)wav.channels, wav.sample_rate, rows[r].kbps,
                                 ACM_STREAMOPENF_NONREALTIME, NULL);
        printf("%s at %u kbit/s: SNR %.2f dB real-time, %.2f dB NONREALTIME\n", rows[r].file, rows[r].kbps, fast, slow);
        assert_true(fast >= rows[r].floor_db);
        assert_true(slow >= rows[r].floor_db);
        free(pcm);
        ts_wav_free(&wav);
    }
    ts_close(h);
}

/* Encodes `length` bytes of `pcm` in one stream with the given pieces (sizes checked against
 * SIZE as run_stream does). */
static out_buffer encode_bytes(HDRVR h, const WAVEFORMATEX *src, const WAVEFORMATEX *dst, const BYTE *pcm,
                               size_t length, DWORD piece, bool check_size)
{
    ACMDRVSTREAMINSTANCE si;
    assert_int_equal(ts_stream_open(h, &si, src, dst, 0), MMSYSERR_NOERROR);
    out_buffer out = {0};
    run_stream(h, &si, pcm, length, piece, 0, check_size, &out);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    return out;
}

/* With the destination SIZE(SOURCE) names, every call's whole output fits (END's flush
 * included), for pieces from one sample frame up, at MPEG-1, 2 and 2.5 rates; SIZE
 * (DESTINATION) is its inverse; the bytes do not depend on the pieces; 8-bit input encodes
 * exactly as its 16-bit equivalent. */
static void test_encode_sizes_and_splits(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_mpeg_driver_proc);
    static const struct {
        WORD channels;
        DWORD rate;
        unsigned kbps;
    } rows[] = {{2, 44100, 128}, {2, 48000, 320}, {1, 22050, 32}, {1, 8000, 8}, {2, 11025, 64}};
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        WAVEFORMATEX src;
        ts_pcm_format(&src, rows[r].channels, rows[r].rate, 16);
        MPEGLAYER3WAVEFORMAT mp3;
        make_mp3(&mp3, rows[r].channels, rows[r].rate, rows[r].kbps);
        size_t frames = rows[r].rate / 2;
        size_t length = frames * src.nBlockAlign;
        BYTE *pcm = malloc(length);
        assert_non_null(pcm);
        fill_music(pcm, frames, rows[r].channels, rows[r].rate, (uint32_t)r + 11);
        out_buffer whole = encode_bytes(h, &src, &mp3.wfx, pcm, length, 0, true);
        const DWORD pieces[] = {src.nBlockAlign, 1000, 4608u * src.nBlockAlign, 100000};
        for (size_t p = 0; p < sizeof pieces / sizeof pieces[0]; p++) {
            if (pieces[p] == src.nBlockAlign && rows[r].rate > 11025)
                continue; /* one frame per call is slow; the small rates cover it */
            out_buffer split = encode_bytes(h, &src, &mp3.wfx, pcm, length, pieces[p], true);
            if (split.length != whole.length || memcmp(split.bytes, whole.bytes, whole.length) != 0)
                fail_msg("%u Hz: pieces of %u bytes encode differently", (unsigned)rows[r].rate, (unsigned)pieces[p]);
            free(split.bytes);
        }
        ACMDRVSTREAMINSTANCE si;
        assert_int_equal(ts_stream_open(h, &si, &src, &mp3.wfx, 0), MMSYSERR_NOERROR);
        for (DWORD d = 100; d < 1u << 26; d = d * 3 + 1) {
            DWORD s = 0, back = 0;
            if (ts_stream_size(h, &si, ACM_STREAMSIZEF_DESTINATION, d, &s) != MMSYSERR_NOERROR)
                continue;
            assert_int_equal(ts_stream_size(h, &si, ACM_STREAMSIZEF_SOURCE, s, &back), MMSYSERR_NOERROR);
            assert_true(back <= d);
        }
        assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);

        /* 8-bit input: the same bytes as the 16-bit samples (b - 128) << 8. */
        WAVEFORMATEX src8;
        ts_pcm_format(&src8, rows[r].channels, rows[r].rate, 8);
        BYTE *pcm8 = malloc(length / 2);
        assert_non_null(pcm8);
        for (size_t i = 0; i < length / 2; i++) {
            pcm8[i] = (BYTE)((codec_read_s16(pcm + 2 * i) >> 8) + 128);
            codec_write_s16(pcm + 2 * i, (int16_t)((pcm8[i] - 128) * 256));
        }
        out_buffer a = encode_bytes(h, &src8, &mp3.wfx, pcm8, length / 2, 3333, false);
        out_buffer b = encode_bytes(h, &src, &mp3.wfx, pcm, length, 0, false);
        assert_int_equal(a.length, b.length);
        assert_memory_equal(a.bytes, b.bytes, a.length);
        free(a.bytes);
        free(b.bytes);
        free(pcm8);
        free(whole.bytes);
        free(pcm);
    }
    ts_close(h);
}

/* After END, new source without START is a new stream: its bytes equal a fresh stream's;
 * and a destination of a few bytes still gets everything out, in order. */
static void test_encode_after_end_and_small_destinations(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_mpeg_driver_proc);
    WAVEFORMATEX src;
    ts_pcm_format(&src, 1, 22050, 16);
    MPEGLAYER3WAVEFORMAT mp3;
    make_mp3(&mp3, 1, 22050, 40);
    enum { FRAMES = 11025 };
    BYTE pcm[FRAMES * 2];
    fill_music(pcm, FRAMES, 1, 22050, 77);
    out_buffer fresh = encode_bytes(h, &src, &mp3.wfx, pcm, sizeof pcm, 0, false);
    ACMDRVSTREAMINSTANCE si;
    assert_int_equal(ts_stream_open(h, &si, &src, &mp3.wfx, 0), MMSYSERR_NOERROR);
    out_buffer first = {0}, second = {0}, tiny = {0};
    run_stream(h, &si, pcm, sizeof pcm, 5000, 0, false, &first);
    /* the same again, without START */
    size_t offset = 0;
    for (int calls = 0; offset < sizeof pcm || calls == 0; calls++) {
        DWORD n = (DWORD)(sizeof pcm - offset), room = 0, used = 0, written = 0;
        assert_int_equal(ts_stream_size(h, &si, ACM_STREAMSIZEF_SOURCE, n, &room), MMSYSERR_NOERROR);
        assert_int_equal(ts_convert(h, &si, ACM_STREAMCONVERTF_END, pcm + offset, n, &used, out_room(&second, room),
                                    room, &written),
                         MMSYSERR_NOERROR);
        second.length += written;
        offset += used;
    }
    assert_int_equal(first.length, fresh.length);
    assert_memory_equal(first.bytes, fresh.bytes, fresh.length);
    assert_int_equal(second.length, fresh.length);
    assert_memory_equal(second.bytes, fresh.bytes, fresh.length);
    run_stream(h, &si, pcm, sizeof pcm, 0, 7, false, &tiny);
    assert_int_equal(tiny.length, fresh.length);
    assert_memory_equal(tiny.bytes, fresh.bytes, fresh.length);
    assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
    free(first.bytes);
    free(second.bytes);
    free(tiny.bytes);
    free(fresh.bytes);
    ts_close(h);
}

/* ffmpeg decodes our MP3 to the same samples as our decoder (within 1 LSB), when installed. */
static void test_ffmpeg_decodes_ours(void **state)
{
    (void)state;
    if (!ts_have_tool("ffmpeg")) {
        printf("ffmpeg not installed: skipping the check that ffmpeg decodes our MP3 output\n");
        return;
    }
    HDRVR h = ts_open(pacm_mpeg_driver_proc);
    ts_wav wav;
    ts_wav_load("source/speech22s.wav", &wav);
    size_t frames;
    int16_t *pcm = ts_wav_pcm(&wav, &frames);
    out_buffer mp3 = {0};
    (void)round_trip(h, pcm, frames, 2, 22050, 64, 0, &mp3);
    char mp3_path[512], raw_path[512], command[1400];
    snprintf(mp3_path, sizeof mp3_path, "%s/codec_mpeg_ours.mp3", PORTACM_TEST_BINARY_DIR);
    snprintf(raw_path, sizeof raw_path, "%s/codec_mpeg_ours.wav", PORTACM_TEST_BINARY_DIR);
    FILE *file = fopen(mp3_path, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(mp3.bytes, 1, mp3.length, file), mp3.length);
    fclose(file);
    snprintf(command, sizeof command, "ffmpeg -nostdin -v error -y -i '%s' -c:a pcm_s16le '%s'", mp3_path, raw_path);
    assert_int_equal(system(command), 0);
    ts_wav theirs;
    ts_wav_load(raw_path, &theirs);
    MPEGLAYER3WAVEFORMAT f;
    make_mp3(&f, 2, 22050, 64);
    out_buffer ours = decode_bytes(h, &f.wfx, mp3.bytes, mp3.length, 0, 0, 16);
    assert_int_equal(theirs.channels, 2);
    assert_int_equal(theirs.sample_rate, 22050);
    assert_int_equal(theirs.data_size, ours.length);
    int16_t *a = samples_of(ours.bytes, ours.length), *b = samples_of(theirs.data, theirs.data_size);
    size_t differing;
    int worst = max_difference(a, b, ours.length / 2, &differing);
    printf("ffmpeg's decode of our MP3: %zu of %zu samples differ, by at most %d\n", differing, ours.length / 2, worst);
    assert_true(worst <= 1);
    free(a);
    free(b);
    free(ours.bytes);
    ts_wav_free(&theirs);
    remove(mp3_path);
    remove(raw_path);
    free(mp3.bytes);
    free(pcm);
    ts_wav_free(&wav);
    ts_close(h);
}

/* ---- through the ACM API ---------------------------------------------------------------------- */

/* acmStreamOpen with had = NULL finds the driver for MP3 (native test_mp3 results) and
 * converts a vector to the same PCM as the DriverProc path; acmFormatTagDetails reports
 * cbFormatSize 30 for MP3 (native). */
static void test_through_acm(void **state)
{
    (void)state;
    WAVEFORMATEX pcm;
    ts_pcm_format(&pcm, 1, 11025, 16);
    MPEGLAYER3WAVEFORMAT native;
    make_mp3(&native, 1, 11025, 0);
    native.wfx.nAvgBytesPerSec = 16000;
    native.nBlockSize = 417;
    HACMSTREAM has = NULL;
    MPEGLAYER3WAVEFORMAT f = native;
    f.wfx.cbSize = 0;
    assert_int_equal(acmStreamOpen(&has, NULL, &f.wfx, &pcm, NULL, 0, 0, 0), ACMERR_NOTPOSSIBLE);
    f = native;
    f.wID = 0;
    assert_int_equal(acmStreamOpen(&has, NULL, &f.wfx, &pcm, NULL, 0, 0, 0), ACMERR_NOTPOSSIBLE);
    f = native;
    f.nBlockSize = 0;
    assert_int_equal(acmStreamOpen(&has, NULL, &f.wfx, &pcm, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    f = native;
    f.wfx.nAvgBytesPerSec = 0;
    assert_int_equal(acmStreamOpen(&has, NULL, &f.wfx, &pcm, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    DWORD out = 0;
    assert_int_equal(acmStreamSize(has, 4000, &out, ACM_STREAMSIZEF_SOURCE), ACMERR_NOTPOSSIBLE);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamOpen(&has, NULL, &native.wfx, &pcm, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    /* The stream runs on this driver, which the ACM knows by its Windows identity. */
    ACMDRIVERDETAILSW dd = {.cbStruct = sizeof dd};
    HACMDRIVERID hadid = NULL;
    assert_int_equal(acmDriverID((HACMOBJ)has, &hadid, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmDriverDetailsW(hadid, &dd, 0), MMSYSERR_NOERROR);
    assert_true(wide_equals(dd.szShortName, "MPEG Layer-3 Codec"));
    assert_true(dd.wMid == MM_FRAUNHOFER_IIS && dd.wPid == MM_FHGIIS_MPEGLAYER3_PROFESSIONAL);
    assert_int_equal(acmStreamSize(has, 4000, &out, ACM_STREAMSIZEF_SOURCE), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);

    ACMFORMATTAGDETAILSW td;
    memset(&td, 0, sizeof td);
    td.cbStruct = sizeof td;
    td.dwFormatTag = WAVE_FORMAT_MPEGLAYER3;
    assert_int_equal(acmFormatTagDetailsW(NULL, &td, ACM_FORMATTAGDETAILSF_FORMATTAG), MMSYSERR_NOERROR);
    assert_int_equal(td.cbFormatSize, 30);

    /* A whole vector through acmStreamConvert equals the DriverProc path. */
    size_t size;
    BYTE *bytes = load_vector(vectors[3].file, &size);
    any_format vf;
    vector_format(&vectors[3], &vf);
    ts_pcm_format(&pcm, 1, 8000, 16);
    HDRVR h = ts_open(pacm_mpeg_driver_proc);
    out_buffer expected = decode_bytes(h, &vf.wfx, bytes, size, 0, 0, 16);
    ts_close(h);
    assert_int_equal(acmStreamOpen(&has, NULL, &vf.wfx, &pcm, NULL, 0, 0, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamSize(has, (DWORD)size, &out, ACM_STREAMSIZEF_SOURCE), MMSYSERR_NOERROR);
    assert_true(out >= expected.length);
    BYTE *dst = malloc(out);
    assert_non_null(dst);
    ACMSTREAMHEADER hdr;
    memset(&hdr, 0, sizeof hdr);
    hdr.cbStruct = sizeof hdr;
    hdr.pbSrc = bytes;
    hdr.cbSrcLength = (DWORD)size;
    hdr.pbDst = dst;
    hdr.cbDstLength = out;
    assert_int_equal(acmStreamPrepareHeader(has, &hdr, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamConvert(has, &hdr, ACM_STREAMCONVERTF_START | ACM_STREAMCONVERTF_END), MMSYSERR_NOERROR);
    assert_int_equal(hdr.cbSrcLengthUsed, size);
    assert_int_equal(hdr.cbDstLengthUsed, expected.length);
    assert_memory_equal(dst, expected.bytes, expected.length);
    assert_int_equal(acmStreamUnprepareHeader(has, &hdr, 0), MMSYSERR_NOERROR);
    assert_int_equal(acmStreamClose(has, 0), MMSYSERR_NOERROR);
    free(dst);
    free(expected.bytes);
    free(bytes);
}

/* szFormat as Windows' MPEG Layer-3 codec words it: bitrate first, the rate in Hz with a
 * thousands separator, no "Bit" part ("128 kBit/s, 44.100 Hz, Stereo"; docs/codecs.md); the
 * driver's PCM formats keep the common "44.100 kHz, 16 Bit, Stereo". */
static void test_format_texts(void **state)
{
    (void)state;
    HDRVR h = ts_open(pacm_mpeg_driver_proc);
    any_format f;
    ACMFORMATDETAILSW fd;
    bool seen_128_stereo = false, seen_16_mono = false;
    for (DWORD i = 0; i < MP3_STANDARD; i++) {
        MMRESULT mr = ts_format_details(h, &fd, WAVE_FORMAT_MPEGLAYER3, i, &f, sizeof f, ACM_FORMATDETAILSF_INDEX);
        assert_int_equal(mr, MMSYSERR_NOERROR);
        char expected[64];
        snprintf(expected, sizeof expected, "%lu kBit/s, %lu.%03lu Hz, %s",
                 (unsigned long)(f.wfx.nAvgBytesPerSec / 125), (unsigned long)(f.wfx.nSamplesPerSec / 1000),
                 (unsigned long)(f.wfx.nSamplesPerSec % 1000), f.wfx.nChannels == 1 ? "Mono" : "Stereo");
        assert_true(wide_equals(fd.szFormat, expected));
        seen_128_stereo |= wide_equals(fd.szFormat, "128 kBit/s, 44.100 Hz, Stereo");
        seen_16_mono |= wide_equals(fd.szFormat, "16 kBit/s, 8.000 Hz, Mono");
    }
    assert_true(seen_128_stereo && seen_16_mono);
    /* PCM: rate-major, 8-bit mono, 8-bit stereo, 16-bit mono, 16-bit stereo. */
    static const struct {
        DWORD index;
        const char *text;
    } pcm[3] = {{0, "8.000 kHz, 8 Bit, Mono"}, {3, "8.000 kHz, 16 Bit, Stereo"}, {31, "44.100 kHz, 16 Bit, Stereo"}};
    for (size_t i = 0; i < 3; i++) {
        MMRESULT mr = ts_format_details(h, &fd, WAVE_FORMAT_PCM, pcm[i].index, &f, sizeof f, ACM_FORMATDETAILSF_INDEX);
        assert_int_equal(mr, MMSYSERR_NOERROR);
        assert_true(wide_equals(fd.szFormat, pcm[i].text));
    }
    /* FORMAT: a caller's layer-3 and MPEG-1 layer-2 format; without nAvgBytesPerSec no bitrate. */
    make_mp3(&f.mp3, 2, 44100, 128);
    assert_int_equal(ts_format_details(h, &fd, WAVE_FORMAT_MPEGLAYER3, 0, &f, sizeof f, ACM_FORMATDETAILSF_FORMAT),
                     MMSYSERR_NOERROR);
    assert_true(wide_equals(fd.szFormat, "128 kBit/s, 44.100 Hz, Stereo"));
    make_mp3(&f.mp3, 1, 22050, 64);
    f.wfx.nAvgBytesPerSec = 0;
    assert_int_equal(ts_format_details(h, &fd, WAVE_FORMAT_MPEGLAYER3, 0, &f, sizeof f, ACM_FORMATDETAILSF_FORMAT),
                     MMSYSERR_NOERROR);
    assert_true(wide_equals(fd.szFormat, "22.050 Hz, Mono"));
    make_mpeg1(&f.mpeg, 1, 32000, ACM_MPEG_LAYER2, 64);
    assert_int_equal(ts_format_details(h, &fd, WAVE_FORMAT_MPEG, 0, &f, sizeof f, ACM_FORMATDETAILSF_FORMAT),
                     MMSYSERR_NOERROR);
    assert_true(wide_equals(fd.szFormat, "64 kBit/s, 32.000 Hz, Mono"));
    ts_close(h);

    /* The same text through the ACM, A spelling. */
    make_mp3(&f.mp3, 1, 8000, 16);
    ACMFORMATDETAILSA narrow = {.cbStruct = sizeof narrow, .dwFormatTag = WAVE_FORMAT_MPEGLAYER3, .pwfx = &f.wfx,
                                .cbwfx = sizeof f.mp3};
    assert_int_equal(acmFormatDetailsA(NULL, &narrow, ACM_FORMATDETAILSF_FORMAT), MMSYSERR_NOERROR);
    assert_string_equal(narrow.szFormat, "16 kBit/s, 8.000 Hz, Mono");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_details),
        cmocka_unit_test(test_standard_formats),
        cmocka_unit_test(test_suggestions),
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_decode_vectors),
        cmocka_unit_test(test_info_frame_is_silence),
        cmocka_unit_test(test_split_invariance),
        cmocka_unit_test(test_destination_placement),
        cmocka_unit_test(test_decode_sizes_bound_output),
        cmocka_unit_test(test_start_resets),
        cmocka_unit_test(test_hostile_bitstreams),
        cmocka_unit_test(test_encode_round_trips),
        cmocka_unit_test(test_encode_sizes_and_splits),
        cmocka_unit_test(test_encode_after_end_and_small_destinations),
        cmocka_unit_test(test_ffmpeg_decodes_ours),
        cmocka_unit_test(test_through_acm),
        cmocka_unit_test(test_format_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
