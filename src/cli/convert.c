/*
 * convert.c - `portacm convert`: one file from input to output (checks, --fact, target, plan,
 * header, data, commit), and the command itself. The parts live beside it (convert_int.h):
 * options, target format, chain planning, streaming and parallel jobs.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "convert_int.h"

static const char convert_help[] =
    "usage: portacm convert IN OUT [options]\n"
    "       portacm convert IN... -o DIR [-j N] [options]\n"
    "\n"
    "Converts WAV files through the installed ACM drivers. IN or OUT may be - for standard\n"
    "input/output. Where no driver converts directly, the input is decoded to PCM, converted\n"
    "with the PCM converter and encoded again (-v shows the steps and drivers).\n"
    "\n"
    "options:\n"
    "  -t, --to FORMAT      target: pcm8 pcm16 pcm24 pcm32 pcm float ima-adpcm ms-adpcm alaw\n"
    "                       mulaw gsm610 mp3, or a format tag number (default: the input's\n"
    "                       PCM form, or 16-bit PCM for compressed input)\n"
    "  -r, --rate HZ        sample rate        -c, --channels N   channel count\n"
    "  -b, --bits N         bits per sample    --block-align N    block size (ADPCM, GSM)\n"
    "  --bitrate KBPS       bit rate (mp3)     --driver NAME      use this ACM driver for codec steps\n"
    "  --quality fast|high  high opens streams with NONREALTIME | PORTACM_HIGHQUALITY (libsoxr resampling)\n"
    "  --fact all|trim|strict\n"
    "                       when the input's fact chunk disagrees with its data: decode all the\n"
    "                       data as Windows does (all, default), stop at the fact count (trim), or\n"
    "                       fail (strict)\n"
    "  --rf64 auto|always|never\n"
    "                       RF64 output: when needed (default; room is reserved when the output\n"
    "                       may pass 4 GiB), always, or never\n"
    "  --keep-chunks        copy unknown chunks (LIST, bext, ...) of the input to the output\n"
    "  --no-gapless         keep the encoder delay and padding of an MP3 with LAME's tag\n"
    "  -o, --output-dir DIR convert every IN into DIR/<name>.wav\n"
    "  -j, --jobs N         parallel conversions with -o (default: the number of processors,\n"
    "                       at most 1024)\n"
    "  -y, --force          replace existing outputs\n"
    "  -v, --verbose        show the conversion chain     -q, --quiet  no warnings, no progress\n"
    "\n"
    "The output is written to a temporary file beside it and renamed when complete; on any\n"
    "failure, signal or driver crash nothing is left behind. Output to a pipe carries the\n"
    "streaming sizes 0xFFFFFFFF. Block encoders get the last block padded with silence; the\n"
    "fact chunk keeps the input's sample count.\n"
    "\n"
    "exit codes: 0 success, 1 I/O or conversion failure (also a driver that makes no progress\n"
    "            or writes without end), 2 usage error, 3 unsupported format or conversion,\n"
    "            4 invalid input file, 5 output exists\n";

/* ---- one file -------------------------------------------------------------------------- */

static bool is_known_chunk(FOURCC id)
{
    return id == mmioFOURCC('f', 'm', 't', ' ') || id == mmioFOURCC('f', 'a', 'c', 't') ||
           id == mmioFOURCC('d', 'a', 't', 'a') || id == mmioFOURCC('d', 's', '6', '4') ||
           id == mmioFOURCC('J', 'U', 'N', 'K') || id == mmioFOURCC('j', 'u', 'n', 'k') ||
           id == mmioFOURCC('P', 'A', 'D', ' ') || id == mmioFOURCC('F', 'L', 'L', 'R');
}

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
        return false;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Everything one conversion holds, released by conversion_free whatever stage it reached. */
typedef struct conversion {
    const char *subject;
    wav_reader reader;
    bool trim; /* --fact trim applies: stage 0's output is cut at the fact count */
    WAVEFORMATEX *pcm;
    WAVEFORMATEX *target;
    plan p;
    chain c;
    wav_writer writer;
    wav_extra_chunk *extra;
    size_t extra_count;
    void *fmt;
} conversion;

static int check_paths(const char *in_path, const char *out_path, const convert_options *o)
{
    if (same_file(in_path, out_path)) {
        cli_error(out_path, "the output is the input file; choose another name");
        return CLI_EXIT_USAGE;
    }
    if (!o->force && wav_output_exists(out_path)) {
        cli_error(out_path, "the output exists (use -y or --force to replace it)");
        return CLI_EXIT_EXISTS;
    }
    return CLI_EXIT_OK;
}

/* The reader's warnings, and --fact against a fact chunk that disagrees with the data. */
static int apply_fact_policy(conversion *cv, const convert_options *o)
{
    const wav_reader *reader = &cv->reader;
    const char *subject = cv->subject;
    for (size_t i = 0; i < reader->warnings.count; i++)
        cli_warn(subject, "%s", reader->warnings.items[i]);
    const WAVEFORMATEX *source = reader->format;
    bool source_pcm = cli_format_is_pcm(source, cli_format_size(source));
    /* --fact trim stops at the fact count whenever the data holds more (block padding or a
     * disagreeing fact); the default decodes everything, as Windows does. */
    cv->trim = o->fact == CLI_FACT_TRIM && !source_pcm && reader->has_fact && reader->fact_samples > 0 &&
               !reader->data_size_unknown && reader->fact_samples < reader->data_samples;
    if (reader->fact_disagrees && !source_pcm) {
        if (o->fact == CLI_FACT_STRICT) {
            cli_error(subject, "the fact chunk disagrees with the data (--fact strict)");
            return CLI_EXIT_BAD_INPUT;
        }
        cli_warn(subject, "%s",
                 cv->trim ? "stopping at the fact sample count (--fact trim)"
                          : "decoding all the data, as Windows does (--fact trim stops at the fact count)");
    } else if (reader->fact_disagrees && o->fact == CLI_FACT_STRICT) {
        cli_error(subject, "the fact chunk disagrees with the data (--fact strict)");
        return CLI_EXIT_BAD_INPUT;
    }
    return CLI_EXIT_OK;
}

/* The target format and the chain of steps from the input's format to it. */
static int plan_conversion(conversion *cv, const convert_options *o)
{
    const WAVEFORMATEX *source = cv->reader.format;
    cv->pcm = cli_decoded_pcm(source, o->driver);
    if (!cv->pcm) {
        char text[256];
        cli_format_describe(source, text, sizeof text);
        cli_error(cv->subject, "no installed driver decodes %s", text);
        return CLI_EXIT_UNSUPPORTED;
    }
    cv->target = cli_build_target(cv->subject, cv->pcm, o);
    if (!cv->target)
        return CLI_EXIT_UNSUPPORTED;
    int status = cli_plan_chain(cv->subject, source, cv->target, o, cv->trim, &cv->p);
    if (status == CLI_EXIT_OK && cv->p.count == 0)
        cli_info("%s: the input already has the target format; copying the data", cv->subject);
    return status;
}

/* --fact trim: the bytes of decoded PCM that stage 0 may pass on, the fact count at the
 * decoder's rate. */
static void limit_to_fact(conversion *cv)
{
    const WAVEFORMATEX *source = cv->reader.format;
    const WAVEFORMATEX *decoded = cv->p.steps[0].to;
    /* fact_samples < data_samples keeps this in range for any real file; saturate anyway. */
    uint64_t frames = cv->reader.fact_samples;
    if (decoded->nSamplesPerSec != source->nSamplesPerSec)
        frames = frames / source->nSamplesPerSec * decoded->nSamplesPerSec +
                 frames % source->nSamplesPerSec * decoded->nSamplesPerSec / source->nSamplesPerSec;
    cv->c.limit = frames > UINT64_MAX / decoded->nBlockAlign ? UINT64_MAX : frames * decoded->nBlockAlign;
}

/* Gapless MP3 (raw MPEG input with LAME's tag, decoded first): drops the encoder delay and the
 * decoder's 529 samples in front, and the padding at the end, so the output has the samples the
 * encoder was given. */
static void trim_gapless(conversion *cv)
{
    const wav_reader *r = &cv->reader;
    const WAVEFORMATEX *decoded = cv->p.steps[0].to;
    if (decoded->nSamplesPerSec != r->format->nSamplesPerSec)
        return;
    cv->c.skip = ((uint64_t)r->gapless_delay + 529) * decoded->nBlockAlign;
    cv->c.limit = r->gapless_samples * decoded->nBlockAlign;
    cli_info("%s: gapless: %lu + 529 samples dropped in front, %lu at the end (--no-gapless keeps them)",
             cv->subject, (unsigned long)r->gapless_delay, (unsigned long)r->gapless_padding);
}

/* --keep-chunks: the input's unknown chunks, for the output header. */
static void collect_chunks(conversion *cv)
{
    wav_reader *reader = &cv->reader;
    if (!reader->seekable)
        cli_warn(cv->subject, "--keep-chunks needs a seekable input; chunks are not copied");
    for (size_t i = 0; reader->seekable && i < reader->chunk_count; i++) {
        const wav_chunk *chunk = &reader->chunks[i];
        if (is_known_chunk(chunk->fourcc))
            continue;
        void *body = wav_read_chunk(reader, chunk);
        if (!body) {
            cli_warn(cv->subject, "chunk '%s' (%llu bytes) not copied", chunk->id, (unsigned long long)chunk->size);
            continue;
        }
        cv->extra = cli_realloc(cv->extra, (cv->extra_count + 1) * sizeof *cv->extra);
        cv->extra[cv->extra_count].fourcc = chunk->fourcc;
        cv->extra[cv->extra_count].body = body;
        cv->extra[cv->extra_count].size = (DWORD)chunk->size;
        cv->extra_count++;
    }
}

/* Whether `path` names a raw MPEG audio file (.mp3, .mp2, .mpa). */
static bool mpeg_file_name(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot && (strcasecmp(dot, ".mp3") == 0 || strcasecmp(dot, ".mp2") == 0 || strcasecmp(dot, ".mpa") == 0);
}

/* Creates the output and writes its header (none for MPEG audio into a .mp3 name). */
static int open_output(conversion *cv, const char *out_path, const convert_options *o)
{
    if (mpeg_file_name(out_path)) {
        WORD tag = cv->target->wFormatTag;
        if (tag == WAVE_FORMAT_MPEGLAYER3 || tag == WAVE_FORMAT_MPEG)
            return wav_open_write_raw(&cv->writer, out_path, o->force, cv->target);
        cli_warn(cv->subject, "the target is not MPEG audio: %s is written as a WAV file", out_path);
    }
    const WAVEFORMATEX *source = cv->reader.format, *target = cv->target;
    DWORD mask = 0;
    if (source->wFormatTag == WAVE_FORMAT_EXTENSIBLE && source->cbSize >= 22 && source->nChannels == target->nChannels)
        memcpy(&mask, (const BYTE *)source + 20, 4);
    size_t fmt_size;
    cv->fmt = wav_file_format(target, mask, &fmt_size);
    /* fact: every non-PCM output, and WAVE_FORMAT_EXTENSIBLE (readers such as libsndfile
     * expect it there too). */
    WORD target_tag = cli_format_effective_tag(target, cli_format_size(target));
    bool fact = target_tag != WAVE_FORMAT_PCM || ((WAVEFORMATEX *)cv->fmt)->wFormatTag == WAVE_FORMAT_EXTENSIBLE;
    if (o->keep_chunks)
        collect_chunks(cv);
    uint64_t expected = 0;
    if (cv->reader.data_size != UINT64_MAX && source->nAvgBytesPerSec)
        expected = (uint64_t)((double)cv->reader.data_size * target->nAvgBytesPerSec / source->nAvgBytesPerSec);
    return wav_open_write(&cv->writer, out_path, cv->fmt, fmt_size, fact, cv->extra, cv->extra_count, expected,
                          o->rf64, o->force);
}

/* After the data: patches the header and renames the output into place, or removes it when
 * `status` says the data failed. */
static int finish_output(conversion *cv, int status)
{
    if (status != CLI_EXIT_OK) {
        wav_abort(&cv->writer);
        return status;
    }
    const chain *c = &cv->c;
    const plan *p = &cv->p;
    const WAVEFORMATEX *target = cv->target;
    /* fact: the sample frames the encoder received (or the output's frames). */
    uint64_t samples;
    if (c->count && cli_format_is_pcm(p->steps[c->count - 1].from, cli_format_size(p->steps[c->count - 1].from)))
        samples = c->stages[c->count - 1].bytes_in / p->steps[c->count - 1].from->nBlockAlign;
    else if (cli_format_is_pcm(target, cli_format_size(target)))
        samples = cv->writer.data_bytes / target->nBlockAlign;
    else
        samples = cv->reader.data_samples;
    if (cv->writer.seekable || cv->writer.to_stdout)
        status = wav_commit(&cv->writer, samples);
    if (status == CLI_EXIT_OK)
        cli_info("%s: wrote %s (%llu data bytes, %llu samples)", cv->subject, cv->writer.name,
                 (unsigned long long)cv->writer.data_bytes, (unsigned long long)samples);
    return status;
}

static void conversion_free(conversion *cv)
{
    cli_chain_close(&cv->c);
    cli_plan_free(&cv->p);
    for (size_t i = 0; i < cv->extra_count; i++)
        free(cv->extra[i].body);
    free(cv->extra);
    free(cv->fmt);
    free(cv->pcm);
    free(cv->target);
    wav_close_read(&cv->reader);
}

int cli_convert_file(const char *in_path, const char *out_path, const convert_options *o, bool show_progress)
{
    int status = check_paths(in_path, out_path, o);
    if (status != CLI_EXIT_OK)
        return status;
    /* A .mp3 output name without --to means MPEG Layer-3. */
    convert_options named = *o;
    if (!o->has_tag && mpeg_file_name(out_path)) {
        named.has_tag = true;
        named.tag = WAVE_FORMAT_MPEGLAYER3;
        named.implied_bits = 0;
        o = &named;
    }
    conversion cv;
    memset(&cv, 0, sizeof cv);
    status = wav_open_read(&cv.reader, in_path);
    cv.subject = cv.reader.name;
    if (status == CLI_EXIT_OK)
        status = apply_fact_policy(&cv, o);
    if (status == CLI_EXIT_OK)
        status = plan_conversion(&cv, o);
    if (status == CLI_EXIT_OK) {
        cv.c.subject = cv.subject;
        cv.c.limit = UINT64_MAX;
        status = cli_chain_open(&cv.c, &cv.p, o);
    }
    if (status == CLI_EXIT_OK && cv.trim && cv.p.count > 0)
        limit_to_fact(&cv);
    if (status == CLI_EXIT_OK && cv.reader.gapless && !o->no_gapless && cv.p.count > 0)
        trim_gapless(&cv);
    if (status == CLI_EXIT_OK)
        status = open_output(&cv, out_path, o);
    if (status == CLI_EXIT_OK) {
        cv.c.writer = &cv.writer;
        status = finish_output(&cv, cli_chain_stream(&cv.c, &cv.p, &cv.reader, show_progress));
    }
    conversion_free(&cv);
    return status;
}

int cmd_convert(int argc, char **argv)
{
    convert_options o;
    char **files;
    size_t count;
    int status = cli_convert_parse_options(argc, argv, &o, &files, &count, convert_help);
    if (status == CLI_EXIT_OK) {
        if (o.out_dir) {
            if (count == 0) {
                cli_error(NULL, "convert: no input files (try --help)");
                status = CLI_EXIT_USAGE;
            } else {
                status = cli_convert_many(files, count, &o);
            }
        } else if (count != 2) {
            cli_error(NULL, "convert: expected IN OUT, or IN... -o DIR (try --help)");
            status = CLI_EXIT_USAGE;
        } else {
            status = cli_convert_file(files[0], files[1], &o, true);
        }
    }
    return cli_convert_options_end(&o, files, status);
}

