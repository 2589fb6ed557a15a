/*
 * bench_codecs.c - throughput of every built-in codec through the PUBLIC ACM API, the way a
 * program uses it: acmStreamOpen, then acmStreamPrepareHeader / acmStreamConvert /
 * acmStreamUnprepareHeader over source buffers of 64 KiB (whole blocks), START on the first
 * and END on the last. Figures are MB/s (10^6 bytes) of 16-bit PCM: the source for encoders
 * and PCM conversions, the output for decoders; best of N whole-input runs, one thread.
 * Next to each row, where one exists, the raw kernel (src/codecs/<codec>/<codec>_kernel.c) on the same samples,
 * so the driver and ACM overhead is visible.
 *
 *   usage: bench_codecs [-r repeats] [-w dir] [-o codec] [stereo.wav mono.wav]
 *     stereo.wav / mono.wav: 16-bit PCM (bench_codecs.sh makes 10 minutes of 44.1 kHz stereo
 *       and 8 kHz mono with sox); without them 60 s of each are synthesised in memory.
 *     -w dir: also writes every encoded stream as dir/<input>_<codec>.wav, so the driver script
 *       can time other decoders on exactly what we produce (and check they read it).
 *     -o name: only the rows whose codec label contains `name` (e.g. -o pcm, -o msadpcm).
 *
 * Output: a human-readable table, plus one machine-readable line per row:
 *   ROW <input> <codec> <direction> <portacm MB/s> <kernel MB/s or -> <pcm bytes> <file or ->
 * Not run by ctest (bench/ is built, never tested).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "windows.h"
#include "mmsystem.h"
#include "mmreg.h"
#include "msacm.h"

#include "g711/g711_int.h"
#include "imaadpcm/imaadpcm_int.h"
#include "msadpcm/msadpcm_int.h"

#define CHUNK 65536u
#define FORMAT_BYTES 256u

static const char *only; /* -o: a codec label filter */

static int wanted(const char *label)
{
    return !only || strstr(label, only) != NULL;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- input ---------------------------------------------------------------------------------- */

typedef struct input {
    const char *name; /* "44k1s" or "8km" */
    WAVEFORMATEX format;
    int16_t *pcm;     /* native samples (little-endian host: also the file bytes) */
    size_t bytes;
} input;

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Reads a 16-bit PCM WAV whole: its fmt fields and data chunk. */
static int load_wav(const char *path, input *in)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *bytes = size > 12 ? malloc((size_t)size) : NULL;
    int ok = bytes && fread(bytes, 1, (size_t)size, f) == (size_t)size && !memcmp(bytes, "RIFF", 4) &&
             !memcmp(bytes + 8, "WAVE", 4);
    fclose(f);
    const uint8_t *fmt = NULL, *data = NULL;
    size_t data_size = 0;
    for (size_t pos = 12; ok && pos + 8 <= (size_t)size;) {
        size_t length = le32(bytes + pos + 4);
        if (!memcmp(bytes + pos, "fmt ", 4) && length >= 16)
            fmt = bytes + pos + 8;
        if (!memcmp(bytes + pos, "data", 4)) {
            data = bytes + pos + 8;
            data_size = length < (size_t)size - pos - 8 ? length : (size_t)size - pos - 8;
        }
        pos += 8 + length + (length & 1);
    }
    if (!ok || !fmt || !data || fmt[0] != 1 || fmt[1] != 0 || fmt[14] != 16) {
        free(bytes);
        return 0;
    }
    memset(&in->format, 0, sizeof in->format);
    in->format.wFormatTag = WAVE_FORMAT_PCM;
    in->format.nChannels = (WORD)(fmt[2] | fmt[3] << 8);
    in->format.nSamplesPerSec = le32(fmt + 4);
    in->format.wBitsPerSample = 16;
    in->format.nBlockAlign = (WORD)(2 * in->format.nChannels);
    in->format.nAvgBytesPerSec = in->format.nSamplesPerSec * in->format.nBlockAlign;
    in->bytes = data_size - data_size % in->format.nBlockAlign;
    in->pcm = malloc(in->bytes + 16);
    if (!in->pcm) {
        free(bytes);
        return 0;
    }
    for (size_t i = 0; i < in->bytes / 2; i++)
        in->pcm[i] = (int16_t)(uint16_t)(data[2 * i] | data[2 * i + 1] << 8);
    free(bytes);
    return 1;
}

/* Speech-like bursts, two tones and noise, when no file is given. */
static void synthesise(input *in, WORD channels, DWORD rate, double seconds)
{
    memset(&in->format, 0, sizeof in->format);
    in->format.wFormatTag = WAVE_FORMAT_PCM;
    in->format.nChannels = channels;
    in->format.nSamplesPerSec = rate;
    in->format.wBitsPerSample = 16;
    in->format.nBlockAlign = (WORD)(2 * channels);
    in->format.nAvgBytesPerSec = rate * in->format.nBlockAlign;
    size_t frames = (size_t)(seconds * rate);
    in->bytes = frames * channels * 2;
    in->pcm = malloc(in->bytes + 16);
    if (!in->pcm)
        exit(1);
    uint32_t seed = 1;
    double lowpass = 0;
    for (size_t n = 0; n < frames; n++) {
        double t = (double)n / rate;
        double envelope = 0.5 + 0.5 * sin(2 * M_PI * 3.1 * t);
        for (WORD c = 0; c < channels; c++) {
            seed = seed * 1664525u + 1013904223u;
            double noise = (double)(seed >> 8) / (1 << 24) - 0.5;
            lowpass = 0.9 * lowpass + 0.1 * noise;
            double v = 8000 * envelope * envelope * lowpass * 8 + 5000 * sin(2 * M_PI * (440 + 110 * c) * t) +
                       2000 * sin(2 * M_PI * 1250 * t) + 300 * noise;
            in->pcm[n * channels + c] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
        }
    }
}

/* ---- one conversion through the ACM ----------------------------------------------------------- */

/* Converts `src` whole through an open stream in source buffers of CHUNK bytes (whole source
 * blocks), appending to `out` (capacity out_cap). The last buffer goes with END; then, while
 * output keeps coming (libsoxr's tail), END calls with an empty source (the header stays
 * prepared for the last buffer: a smaller cbSrcLength is allowed). Returns the bytes
 * produced, or (size_t)-1. */
static size_t convert_all(HACMSTREAM has, const WAVEFORMATEX *from, const BYTE *src, size_t length, BYTE *out,
                          size_t out_cap)
{
    DWORD align = from->nBlockAlign ? from->nBlockAlign : 1;
    DWORD chunk = CHUNK - CHUNK % align;
    if (chunk == 0)
        chunk = align;
    size_t pos = 0, written = 0, last_start = 0;
    DWORD last_length = 0, flags = ACM_STREAMCONVERTF_START;
    while (pos < length || last_length) {
        int flushing = pos >= length;
        size_t start = flushing ? last_start : pos;
        DWORD n = flushing ? last_length : length - pos < chunk ? (DWORD)(length - pos) : chunk;
        int last = flushing || pos + n >= length;
        DWORD room = 0;
        if (flushing || acmStreamSize(has, n, &room, ACM_STREAMSIZEF_SOURCE) != MMSYSERR_NOERROR)
            room = 1u << 20; /* the tail, or less than one block left */
        if (room > out_cap - written)
            room = (DWORD)(out_cap - written);
        ACMSTREAMHEADER header;
        memset(&header, 0, sizeof header);
        header.cbStruct = sizeof header;
        header.pbSrc = (BYTE *)src + start;
        header.cbSrcLength = n;
        header.pbDst = out + written;
        header.cbDstLength = room;
        if (acmStreamPrepareHeader(has, &header, 0) != MMSYSERR_NOERROR)
            return (size_t)-1;
        if (flushing)
            header.cbSrcLength = 0;
        MMRESULT mr = acmStreamConvert(has, &header, flags | (last ? ACM_STREAMCONVERTF_END : ACM_STREAMCONVERTF_BLOCKALIGN));
        header.cbSrcLength = n;
        acmStreamUnprepareHeader(has, &header, 0);
        if (mr != MMSYSERR_NOERROR)
            return (size_t)-1;
        flags = 0;
        written += header.cbDstLengthUsed;
        if (flushing) {
            if (header.cbDstLengthUsed == 0 || written >= out_cap)
                break;
            continue;
        }
        if (header.cbSrcLengthUsed == 0)
            return (size_t)-1;
        pos += header.cbSrcLengthUsed;
        if (last && pos >= length) {
            last_start = start;
            last_length = n;
        } else if (last) {
            pos = length; /* a trailing part no codec converts (less than a frame) */
            last_start = start;
            last_length = n;
        }
    }
    return written;
}

typedef struct result {
    double seconds; /* best run */
    size_t out_len; /* bytes produced */
} result;

/* Best of `repeats` whole conversions src -> dst (stream open and close included). */
static MMRESULT run_stream(const WAVEFORMATEX *from, const WAVEFORMATEX *to, DWORD open_flags, const BYTE *src,
                           size_t length, BYTE *out, size_t out_cap, int repeats, result *r)
{
    double best = 1e30;
    for (int i = 0; i < repeats; i++) {
        HACMSTREAM has;
        double start = now();
        MMRESULT mr = acmStreamOpen(&has, NULL, (WAVEFORMATEX *)from, (WAVEFORMATEX *)to, NULL, 0, 0, open_flags);
        if (mr != MMSYSERR_NOERROR)
            return mr;
        size_t got = convert_all(has, from, src, length, out, out_cap);
        acmStreamClose(has, 0);
        double elapsed = now() - start;
        if (got == (size_t)-1)
            return MMSYSERR_ERROR;
        r->out_len = got;
        if (elapsed < best)
            best = elapsed;
    }
    r->seconds = best;
    return MMSYSERR_NOERROR;
}

/* ---- kernels on the same samples ---------------------------------------------------------------- */

typedef enum kernel_kind { K_NONE, K_IMA_ENC, K_IMA_DEC, K_MS_ENC, K_MS_DEC, K_ALAW_ENC, K_ALAW_DEC, K_ULAW_ENC, K_ULAW_DEC } kernel_kind;

typedef struct kernel_job {
    kernel_kind kind;
    const int16_t *pcm;
    int16_t *pcm_out;
    size_t samples;
    unsigned channels;
    const BYTE *coded;
    BYTE *coded_out;
    size_t coded_len;
    size_t align;
} kernel_job;

static void kernel_once(const kernel_job *j)
{
    size_t ch = j->channels;
    switch (j->kind) {
    case K_IMA_ENC: {
        size_t spb = pacm_imaadpcm_samples_per_block(j->align, j->channels), frames = j->samples / ch, used = 0;
        uint8_t index[8] = {0};
        for (size_t f = 0; f < frames; f += spb) {
            size_t n = frames - f < spb ? frames - f : spb;
            used += pacm_imaadpcm_encode_block(j->pcm + f * ch, n, j->channels, index, j->coded_out + used, spb);
        }
        break;
    }
    case K_IMA_DEC: {
        size_t spb = pacm_imaadpcm_samples_per_block(j->align, j->channels), frames = 0;
        for (size_t pos = 0; pos + j->align <= j->coded_len; pos += j->align)
            frames += (size_t)pacm_imaadpcm_decode_block(j->coded + pos, j->align, j->channels, j->pcm_out + frames * ch, spb);
        break;
    }
    case K_MS_ENC: {
        size_t spb = pacm_msadpcm_samples_per_block(j->align, j->channels), frames = j->samples / ch, used = 0;
        for (size_t f = 0; f + spb <= frames; f += spb)
            used += pacm_msadpcm_encode_block(j->pcm + f * ch, spb, j->channels, pacm_msadpcm_standard_coefs,
                                         MSADPCM_STANDARD_COEF_COUNT, j->coded_out + used, spb);
        break;
    }
    case K_MS_DEC: {
        size_t spb = pacm_msadpcm_samples_per_block(j->align, j->channels), frames = 0;
        for (size_t pos = 0; pos + j->align <= j->coded_len; pos += j->align)
            frames += (size_t)pacm_msadpcm_decode_block(j->coded + pos, j->align, j->channels, pacm_msadpcm_standard_coefs,
                                                   MSADPCM_STANDARD_COEF_COUNT, j->pcm_out + frames * ch, spb);
        break;
    }
    case K_ALAW_ENC: pacm_g711_alaw_encode(j->pcm, j->coded_out, j->samples); break;
    case K_ULAW_ENC: pacm_g711_ulaw_encode(j->pcm, j->coded_out, j->samples); break;
    case K_ALAW_DEC: pacm_g711_alaw_decode(j->coded, j->pcm_out, j->coded_len); break;
    case K_ULAW_DEC: pacm_g711_ulaw_decode(j->coded, j->pcm_out, j->coded_len); break;
    case K_NONE: break;
    }
}

static double kernel_mbps(const kernel_job *j, size_t pcm_bytes, int repeats)
{
    double best = 1e30;
    for (int i = 0; i < repeats; i++) {
        double start = now();
        kernel_once(j);
        double elapsed = now() - start;
        if (elapsed < best)
            best = elapsed;
    }
    return (double)pcm_bytes / best / 1e6;
}

/* ---- output files ----------------------------------------------------------------------------- */

static void put32(FILE *f, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    fwrite(b, 1, 4, f);
}

/* A WAV with the stream's destination format as its fmt chunk (plus a fact chunk for
 * compressed data, as Windows writes). Returns 0 on failure. */
static int write_wav(const char *path, const WAVEFORMATEX *format, const BYTE *data, size_t size, size_t frames)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    uint32_t fmt_size = format->wFormatTag == WAVE_FORMAT_PCM ? 16u : 18u + format->cbSize;
    int fact = format->wFormatTag != WAVE_FORMAT_PCM;
    uint32_t riff = 4 + 8 + fmt_size + (fmt_size & 1) + (fact ? 12 : 0) + 8 + (uint32_t)size + (uint32_t)(size & 1);
    fwrite("RIFF", 1, 4, f);
    put32(f, riff);
    fwrite("WAVEfmt ", 1, 8, f);
    put32(f, fmt_size);
    fwrite(format, 1, fmt_size, f);
    if (fmt_size & 1)
        fputc(0, f);
    if (fact) {
        fwrite("fact", 1, 4, f);
        put32(f, 4);
        put32(f, (uint32_t)frames);
    }
    fwrite("data", 1, 4, f);
    put32(f, (uint32_t)size);
    fwrite(data, 1, size, f);
    if (size & 1)
        fputc(0, f);
    return fclose(f) == 0;
}

/* ---- the rows ------------------------------------------------------------------------------------ */

typedef struct codec_row {
    const char *codec;  /* label: "ima", "msadpcm", "alaw", ... */
    WORD tag;           /* compressed tag, or WAVE_FORMAT_PCM for a PCM conversion */
    kernel_kind enc, dec;
} codec_row;

static const codec_row codec_rows[] = {
    {"ima", WAVE_FORMAT_IMA_ADPCM, K_IMA_ENC, K_IMA_DEC},
    {"msadpcm", WAVE_FORMAT_ADPCM, K_MS_ENC, K_MS_DEC},
    {"alaw", WAVE_FORMAT_ALAW, K_ALAW_ENC, K_ALAW_DEC},
    {"ulaw", WAVE_FORMAT_MULAW, K_ULAW_ENC, K_ULAW_DEC},
    {"gsm", WAVE_FORMAT_GSM610, K_NONE, K_NONE},
    {"mp3", WAVE_FORMAT_MPEGLAYER3, K_NONE, K_NONE},
};

static void print_row(const input *in, const char *codec, const char *direction, double mbps, double kernel,
                      size_t pcm_bytes, const char *file)
{
    char k[32] = "-";
    if (kernel > 0)
        snprintf(k, sizeof k, "%.0f", kernel);
    printf("  %-6s %-16s %-8s %10.0f %10s\n", in->name, codec, direction, mbps, k);
    fprintf(stderr, "ROW %s %s %s %.1f %s %zu %s\n", in->name, codec, direction, mbps, k, pcm_bytes,
            file ? file : "-");
}

static void print_skip(const input *in, const char *codec, const char *why)
{
    printf("  %-6s %-16s skipped: %s\n", in->name, codec, why);
    fprintf(stderr, "SKIP %s %s %s\n", in->name, codec, why);
}

static void pcm_format(WAVEFORMATEX *f, WORD channels, DWORD rate, WORD bits)
{
    memset(f, 0, sizeof *f);
    f->wFormatTag = WAVE_FORMAT_PCM;
    f->nChannels = channels;
    f->nSamplesPerSec = rate;
    f->wBitsPerSample = bits;
    f->nBlockAlign = (WORD)(channels * bits / 8);
    f->nAvgBytesPerSec = rate * f->nBlockAlign;
}

/* One PCM-converter row: the input to `to`. */
static void bench_pcm(const input *in, const char *label, const WAVEFORMATEX *to, DWORD open_flags, BYTE *out,
                      size_t out_cap, int repeats)
{
    if (!wanted(label))
        return;
    result r;
    MMRESULT mr = run_stream(&in->format, to, open_flags, (const BYTE *)in->pcm, in->bytes, out, out_cap, repeats, &r);
    if (mr != MMSYSERR_NOERROR) {
        char why[64];
        snprintf(why, sizeof why, "acmStreamOpen/Convert failed (MMRESULT %u)", (unsigned)mr);
        print_skip(in, label, why);
        return;
    }
    print_row(in, label, "convert", in->bytes / r.seconds / 1e6, -1, in->bytes, NULL);
}

static void bench_codec(const input *in, const codec_row *row, BYTE *coded, size_t coded_cap, BYTE *pcm_out,
                        size_t pcm_cap, const char *write_dir, int repeats)
{
    if (!wanted(row->codec))
        return;
    union {
        WAVEFORMATEX wfx;
        BYTE bytes[FORMAT_BYTES];
    } dst;
    memset(&dst, 0, sizeof dst);
    dst.wfx.wFormatTag = row->tag;
    MMRESULT mr = acmFormatSuggest(NULL, (WAVEFORMATEX *)&in->format, &dst.wfx, FORMAT_BYTES,
                                   ACM_FORMATSUGGESTF_WFORMATTAG);
    if (mr != MMSYSERR_NOERROR) {
        char why[96];
        snprintf(why, sizeof why, "no installed driver encodes this input to tag 0x%04X (acmFormatSuggest: %u)",
                 row->tag, (unsigned)mr);
        print_skip(in, row->codec, why);
        return;
    }
    result enc, dec;
    mr = run_stream(&in->format, &dst.wfx, 0, (const BYTE *)in->pcm, in->bytes, coded, coded_cap, repeats, &enc);
    if (mr != MMSYSERR_NOERROR) {
        print_skip(in, row->codec, "encode stream failed");
        return;
    }
    WAVEFORMATEX back;
    pcm_format(&back, in->format.nChannels, in->format.nSamplesPerSec, 16);
    mr = run_stream(&dst.wfx, &back, 0, coded, enc.out_len, pcm_out, pcm_cap, repeats, &dec);
    if (mr != MMSYSERR_NOERROR) {
        print_skip(in, row->codec, "decode stream failed");
        return;
    }

    char path[512] = "";
    if (write_dir) {
        snprintf(path, sizeof path, "%s/%s_%s.wav", write_dir, in->name, row->codec);
        if (!write_wav(path, &dst.wfx, coded, enc.out_len, in->bytes / in->format.nBlockAlign))
            path[0] = 0;
    }
    kernel_job job = {row->enc, in->pcm, (int16_t *)pcm_out, in->bytes / 2, in->format.nChannels, coded,
                      NULL, enc.out_len, dst.wfx.nBlockAlign};
    BYTE *scratch = NULL;
    double kenc = -1, kdec = -1;
    if (row->enc != K_NONE && (scratch = malloc(coded_cap)) != NULL) {
        job.coded_out = scratch;
        kenc = kernel_mbps(&job, in->bytes, repeats);
        job.kind = row->dec;
        kdec = kernel_mbps(&job, dec.out_len, repeats);
        free(scratch);
    }
    /* Encoders are rated by the PCM they read, decoders by the PCM they write. */
    print_row(in, row->codec, "encode", in->bytes / enc.seconds / 1e6, kenc, in->bytes, path[0] ? path : NULL);
    print_row(in, row->codec, "decode", dec.out_len / dec.seconds / 1e6, kdec, dec.out_len, path[0] ? path : NULL);
}

static void bench_input(const input *in, const char *write_dir, int repeats)
{
    size_t out_cap = in->bytes * 3 + (1u << 22); /* 44.1 -> 48 kHz, 8 -> 16 bit, ... */
    BYTE *out = malloc(out_cap), *coded = malloc(in->bytes + (1u << 22));
    if (!out || !coded)
        exit(1);
    memset(out, 0, out_cap);
    memset(coded, 0, in->bytes + (1u << 22));

    /* memcpy of the same buffer: the ceiling the G.711 goal refers to. */
    double best = 1e30;
    for (int i = 0; i < repeats; i++) {
        double start = now();
        memcpy(out, in->pcm, in->bytes);
        double elapsed = now() - start;
        best = elapsed < best ? elapsed : best;
    }
    print_row(in, "memcpy", "copy", (double)in->bytes / best / 1e6, -1, in->bytes, NULL);

    WAVEFORMATEX to;
    WORD ch = in->format.nChannels;
    DWORD rate = in->format.nSamplesPerSec;
    pcm_format(&to, ch, rate, 8);
    bench_pcm(in, "pcm16to8", &to, 0, out, out_cap, repeats);
    if (ch == 2) {
        pcm_format(&to, 1, rate, 16);
        bench_pcm(in, "stereo2mono", &to, 0, out, out_cap, repeats);
    } else if (wanted("stereo2mono")) {
        print_skip(in, "stereo2mono", "the input is mono");
    }
    if (rate == 44100) {
        pcm_format(&to, ch, 48000, 16);
        bench_pcm(in, "44k1to48k", &to, 0, out, out_cap, repeats);
        bench_pcm(in, "44k1to48k-nrt", &to, ACM_STREAMOPENF_NONREALTIME | ACM_STREAMOPENF_PORTACM_HIGHQUALITY, out,
                  out_cap, repeats);
    } else if (wanted("44k1to48k")) {
        print_skip(in, "44k1to48k", "the input is not 44.1 kHz");
    }
    for (size_t i = 0; i < sizeof codec_rows / sizeof codec_rows[0]; i++) {
        if (codec_rows[i].tag == WAVE_FORMAT_GSM610 && ch != 1 && wanted("gsm")) {
            print_skip(in, "gsm", "GSM 6.10 is mono only");
            continue;
        }
        bench_codec(in, &codec_rows[i], coded, in->bytes + (1u << 22), out, out_cap, write_dir, repeats);
    }
    free(out);
    free(coded);
}

int main(int argc, char **argv)
{
    int repeats = 3;
    const char *write_dir = NULL;
    int arg = 1;
    for (; arg < argc && argv[arg][0] == '-'; arg++) {
        if (!strcmp(argv[arg], "-r") && arg + 1 < argc)
            repeats = atoi(argv[++arg]);
        else if (!strcmp(argv[arg], "-w") && arg + 1 < argc)
            write_dir = argv[++arg];
        else if (!strcmp(argv[arg], "-o") && arg + 1 < argc)
            only = argv[++arg];
        else {
            fprintf(stderr, "usage: %s [-r repeats] [-w dir] [-o codec] [stereo.wav mono.wav]\n", argv[0]);
            return 2;
        }
    }
    if (repeats < 1)
        repeats = 1;
    input inputs[2];
    if (arg + 2 <= argc) {
        for (int i = 0; i < 2; i++) {
            if (!load_wav(argv[arg + i], &inputs[i])) {
                fprintf(stderr, "%s: not a 16-bit PCM WAV\n", argv[arg + i]);
                return 1;
            }
        }
    } else {
        synthesise(&inputs[0], 2, 44100, 60);
        synthesise(&inputs[1], 1, 8000, 60);
    }
    for (int i = 0; i < 2; i++)
        inputs[i].name = inputs[i].format.nChannels == 2 ? "44k1s" : "8km";
    printf("portacm through acmStreamConvert, %u-byte source buffers, best of %d, MB/s of 16-bit PCM\n", CHUNK,
           repeats);
    printf("  %-6s %-16s %-8s %10s %10s\n", "input", "codec", "dir", "portacm", "kernel");
    for (int i = 0; i < 2; i++) {
        printf("  -- %s: %u Hz, %u ch, %.1f MB of PCM, %.0f s\n", inputs[i].name,
               (unsigned)inputs[i].format.nSamplesPerSec, inputs[i].format.nChannels, inputs[i].bytes / 1e6,
               (double)inputs[i].bytes / inputs[i].format.nAvgBytesPerSec);
        bench_input(&inputs[i], write_dir, repeats);
        free(inputs[i].pcm);
    }
    return 0;
}
