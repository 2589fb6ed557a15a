/*
 * convert.c - `portacm convert` and `portacm suggest`: choosing the target format, planning
 * the chain of ACM streams, and streaming the data through it in bounded memory.
 *
 * Planning follows Microsoft's "multistep format conversion" and what the wave mapper does:
 * first ask whether one driver converts the input to the target directly
 * (acmStreamOpen with ACM_STREAMOPENF_QUERY); if none does, decode to PCM (the format
 * acmFormatSuggest proposes), convert rate/channels/bits with the PCM converter, and encode.
 * Parameters the user left out come from acmFormatSuggest.
 *
 * Streaming: every stage owns a source and a destination buffer sized with acmStreamSize.
 * Full source buffers are converted with ACM_STREAMCONVERTF_BLOCKALIGN (leftover partial
 * blocks move to the front and wait for more data); at the end every stage, in order, gets
 * the rest with ACM_STREAMCONVERTF_END so that partial last blocks are decoded and encoders
 * flush, exactly as Microsoft documents for acmStreamConvert.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_int.h"

#define STAGE_SOURCE_BYTES (256 * 1024)
#define STAGE_MAX_DESTINATION (64 * 1024 * 1024)
#define MAX_STEPS 8
/* Runaway drivers (docs/SECURITY.md): calls in a row that consume no input before a stage is
 * declared stuck, and the output a stage may produce: OUTPUT_MARGIN times what acmStreamSize
 * promised for the input it received (one destination buffer per source buffer, counted
 * generously) plus OUTPUT_SLACK bytes. */
#define MAX_IDLE_CALLS 64
#define OUTPUT_MARGIN 4
#define OUTPUT_SLACK (1024 * 1024)

/* ---- options --------------------------------------------------------------------------- */

typedef struct convert_options {
    bool has_tag;
    WORD tag;
    WORD implied_bits;
    DWORD rate;
    WORD channels;
    WORD bits;
    WORD block_align;
    DWORD bitrate_kbps;
    const char *driver_name;
    HACMDRIVERID driver_id;
    HACMDRIVER driver;
    bool high_quality;
    cli_fact_policy fact;
    cli_rf64_mode rf64;
    bool force;
    bool keep_chunks;
    bool json;
    const char *out_dir;
    unsigned jobs;
} convert_options;

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

static const char suggest_help[] =
    "usage: portacm suggest FILE --to FORMAT [--rate HZ] [--channels N] [--bits N]\n"
    "                      [--block-align N] [--bitrate KBPS] [--driver NAME] [--json]\n"
    "\n"
    "Shows the format acmFormatSuggest proposes for converting FILE to FORMAT, every field of\n"
    "it, and the chain of conversions `portacm convert` would use.\n"
    "\n"
    "exit codes: 0 success, 2 usage error, 3 no driver can produce FORMAT, 4 invalid input file\n";

/* ---- formats --------------------------------------------------------------------------- */

static DWORD max_format_size(void)
{
    DWORD size = 0;
    if (acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FORMAT, &size) != MMSYSERR_NOERROR || size < sizeof(WAVEFORMATEXTENSIBLE))
        size = sizeof(WAVEFORMATEXTENSIBLE);
    if (size < 1024)
        size = 1024;
    return size;
}

static WAVEFORMATEX *make_pcm(WORD tag, WORD channels, DWORD rate, WORD bits)
{
    WAVEFORMATEX *wfx = cli_alloc(sizeof *wfx);
    wfx->wFormatTag = tag;
    wfx->nChannels = channels;
    wfx->nSamplesPerSec = rate;
    wfx->wBitsPerSample = bits;
    wfx->nBlockAlign = (WORD)(channels * (bits / 8));
    wfx->nAvgBytesPerSec = rate * wfx->nBlockAlign;
    wfx->cbSize = 0;
    return wfx;
}

static bool same_format(const WAVEFORMATEX *a, const WAVEFORMATEX *b)
{
    size_t size = cli_format_size(a);
    return size == cli_format_size(b) && memcmp(a, b, size) == 0;
}

/* The PCM format a non-PCM format decodes to (acmFormatSuggest), or a copy of a PCM format. */
static WAVEFORMATEX *decoded_pcm(const WAVEFORMATEX *wfx, HACMDRIVER had)
{
    if (cli_format_is_pcm(wfx, cli_format_size(wfx)))
        return cli_format_copy(wfx);
    DWORD size = max_format_size();
    WAVEFORMATEX *pcm = cli_alloc(size);
    pcm->wFormatTag = WAVE_FORMAT_PCM;
    MMRESULT mr = acmFormatSuggest(had, (LPWAVEFORMATEX)wfx, pcm, size, ACM_FORMATSUGGESTF_WFORMATTAG);
    if (mr != MMSYSERR_NOERROR && had)
        mr = acmFormatSuggest(NULL, (LPWAVEFORMATEX)wfx, pcm, size, ACM_FORMATSUGGESTF_WFORMATTAG);
    if (mr != MMSYSERR_NOERROR) {
        free(pcm);
        return NULL;
    }
    WAVEFORMATEX *copy = cli_format_copy_bounded(NULL, pcm, size);
    free(pcm);
    return copy;
}

/* acmFormatEnum over the formats that `restriction` and the ACM_FORMATENUMF_* `flags` select,
 * with a format buffer of `size` bytes (the callbacks copy at most that much). */
static void enumerate_formats(HACMDRIVER had, const WAVEFORMATEX *restriction, DWORD size, ACMFORMATENUMCBA callback,
                              void *instance, DWORD flags)
{
    WAVEFORMATEX *buffer = cli_alloc(size);
    memset(buffer, 0, size);
    size_t restriction_size = cli_format_size(restriction);
    memcpy(buffer, restriction, restriction_size < size ? restriction_size : size);
    ACMFORMATDETAILSA details;
    memset(&details, 0, sizeof details);
    details.cbStruct = sizeof details;
    details.dwFormatTag = restriction->wFormatTag;
    details.pwfx = buffer;
    details.cbwfx = size;
    acmFormatEnumA(had, &details, callback, (DWORD_PTR)instance, flags);
    free(buffer);
}

typedef struct enum_pick {
    DWORD capacity; /* of the enumeration's format buffer */
    WORD block_align;
    DWORD bitrate;
    WAVEFORMATEX *found;
    cli_strings seen;
} enum_pick;

static BOOL CALLBACK pick_callback(HACMDRIVERID hadid, LPACMFORMATDETAILSA details, DWORD_PTR instance, DWORD support)
{
    enum_pick *pick = (enum_pick *)instance;
    const WAVEFORMATEX *wfx = details->pwfx;
    bool align_ok = !pick->block_align || wfx->nBlockAlign == pick->block_align;
    uint64_t bits_per_second = (uint64_t)wfx->nAvgBytesPerSec * 8;
    bool rate_ok = !pick->bitrate || (bits_per_second * 1000 >= (uint64_t)pick->bitrate * 985 &&
                                      bits_per_second * 1000 <= (uint64_t)pick->bitrate * 1015);
    if (pick->bitrate)
        cli_strings_add(&pick->seen, "%llu", (unsigned long long)((bits_per_second + 500) / 1000));
    else
        cli_strings_add(&pick->seen, "%u", wfx->nBlockAlign);
    if (align_ok && rate_ok && !pick->found) {
        pick->found = cli_format_copy_bounded(NULL, wfx, pick->capacity);
        return FALSE;
    }
    return TRUE;
}

/* Applies --block-align / --bitrate to a suggested format: the standard format with those
 * values if a driver enumerates one, otherwise (ADPCM block sizes) the format computed the
 * way the codecs compute it. Returns NULL after printing why. */
static WAVEFORMATEX *apply_block_and_bitrate(const char *subject, WAVEFORMATEX *target, const convert_options *o)
{
    if (!o->block_align && !o->bitrate_kbps)
        return target;
    enum_pick pick = {max_format_size(), o->block_align, o->bitrate_kbps * 1000, NULL, {NULL, 0}};
    enumerate_formats(o->driver, target, pick.capacity, pick_callback, &pick,
                      ACM_FORMATENUMF_WFORMATTAG | ACM_FORMATENUMF_NCHANNELS | ACM_FORMATENUMF_NSAMPLESPERSEC);
    if (pick.found) {
        cli_strings_free(&pick.seen);
        free(target);
        return pick.found;
    }
    WORD tag = target->wFormatTag;
    if (o->block_align && !o->bitrate_kbps && (tag == WAVE_FORMAT_IMA_ADPCM || tag == WAVE_FORMAT_ADPCM) &&
        target->cbSize >= 2) {
        unsigned channels = target->nChannels;
        DWORD align = o->block_align, per_block;
        if (tag == WAVE_FORMAT_IMA_ADPCM) {
            if (align <= 4u * channels || align % (4u * channels)) {
                cli_error(subject, "IMA ADPCM block align %lu must be a multiple of %u above %u",
                          (unsigned long)align, 4 * channels, 4 * channels);
                cli_strings_free(&pick.seen);
                free(target);
                return NULL;
            }
            per_block = (align - 4u * channels) * 8 / (4u * channels) + 1;
        } else {
            if (align <= 7u * channels) {
                cli_error(subject, "MS ADPCM block align %lu is too small for %u channels", (unsigned long)align,
                          channels);
                cli_strings_free(&pick.seen);
                free(target);
                return NULL;
            }
            per_block = (align - 7u * channels) * 2 / channels + 2;
        }
        if (per_block > 0xFFFF) {
            cli_error(subject, "block align %lu gives too many samples per block", (unsigned long)align);
            cli_strings_free(&pick.seen);
            free(target);
            return NULL;
        }
        target->nBlockAlign = (WORD)align;
        ((BYTE *)target)[18] = (BYTE)per_block;
        ((BYTE *)target)[19] = (BYTE)(per_block >> 8);
        target->nAvgBytesPerSec = (DWORD)((uint64_t)target->nSamplesPerSec * align / per_block);
        cli_strings_free(&pick.seen);
        return target;
    }
    char available[512] = "";
    size_t used = 0;
    for (size_t i = 0; i < pick.seen.count && used < sizeof available - 16; i++)
        used += (size_t)snprintf(available + used, sizeof available - used, "%s%s", i ? ", " : "", pick.seen.items[i]);
    if (o->bitrate_kbps)
        cli_error(subject, "no %s format at %lu kbit/s for %lu Hz with %u channels (available: %s)",
                  cli_format_short_name(tag) ? cli_format_short_name(tag) : "target", (unsigned long)o->bitrate_kbps,
                  (unsigned long)target->nSamplesPerSec, target->nChannels, used ? available : "none");
    else
        cli_error(subject, "no format with block align %u for this target (available: %s)", o->block_align,
                  used ? available : "none");
    cli_strings_free(&pick.seen);
    free(target);
    return NULL;
}

typedef struct closest_pick {
    DWORD capacity; /* of the enumeration's format buffer */
    WORD channels;
    DWORD rate;
    const convert_options *options;
    WAVEFORMATEX *best;
    uint64_t best_score;
} closest_pick;

static BOOL CALLBACK closest_callback(HACMDRIVERID hadid, LPACMFORMATDETAILSA details, DWORD_PTR instance,
                                      DWORD support)
{
    closest_pick *pick = (closest_pick *)instance;
    const WAVEFORMATEX *wfx = details->pwfx;
    const convert_options *o = pick->options;
    if ((o->channels && wfx->nChannels != o->channels) || (o->rate && wfx->nSamplesPerSec != o->rate) ||
        (o->bits && wfx->wBitsPerSample != o->bits))
        return TRUE;
    /* Lower is better: a different rate costs most (resampling), then lost channels, then a
     * lower bit rate (the first standard format of equal cost wins). */
    uint64_t rate_cost = wfx->nSamplesPerSec > pick->rate ? wfx->nSamplesPerSec - pick->rate
                                                          : 2ULL * (pick->rate - wfx->nSamplesPerSec);
    uint64_t channel_cost = wfx->nChannels == pick->channels ? 0 : 1;
    uint64_t score = rate_cost * 4 + channel_cost * 2;
    if (!pick->best || score < pick->best_score) {
        free(pick->best);
        pick->best = cli_format_copy_bounded(NULL, wfx, pick->capacity);
        pick->best_score = score;
    }
    return TRUE;
}

static WAVEFORMATEX *closest_standard_format(WORD tag, WORD channels, DWORD rate, const convert_options *o)
{
    WAVEFORMATEX restriction;
    memset(&restriction, 0, sizeof restriction);
    restriction.wFormatTag = tag;
    closest_pick pick = {max_format_size(), channels, rate, o, NULL, 0};
    enumerate_formats(o->driver, &restriction, pick.capacity, closest_callback, &pick, ACM_FORMATENUMF_WFORMATTAG);
    return pick.best;
}

/* Builds the target format for an input whose decoded PCM form is `pcm`. Returns NULL after
 * printing why (unsupported). */
static WAVEFORMATEX *build_target(const char *subject, const WAVEFORMATEX *pcm, const convert_options *o)
{
    WORD pcm_tag = cli_format_effective_tag(pcm, cli_format_size(pcm));
    /* Without --to the target is the input's own PCM form (its decoded form if compressed). */
    WORD tag = o->has_tag ? o->tag : pcm_tag;
    WORD channels = o->channels ? o->channels : pcm->nChannels;
    DWORD rate = o->rate ? o->rate : pcm->nSamplesPerSec;
    if (tag == WAVE_FORMAT_PCM || tag == WAVE_FORMAT_IEEE_FLOAT) {
        WORD bits = o->bits ? o->bits : o->implied_bits;
        if (!bits && tag == WAVE_FORMAT_IEEE_FLOAT)
            bits = pcm_tag == WAVE_FORMAT_IEEE_FLOAT ? pcm->wBitsPerSample : 32;
        if (!bits)
            bits = pcm_tag == WAVE_FORMAT_PCM ? pcm->wBitsPerSample : 16;
        if (tag == WAVE_FORMAT_IEEE_FLOAT && bits != 32 && bits != 64) {
            cli_error(subject, "float samples are 32 or 64 bits, not %u", bits);
            return NULL;
        }
        if (tag == WAVE_FORMAT_PCM && bits != 8 && bits != 16 && bits != 24 && bits != 32) {
            cli_error(subject, "PCM samples are 8, 16, 24 or 32 bits, not %u", bits);
            return NULL;
        }
        if ((uint32_t)channels * (bits / 8) > 0xFFFF || (uint64_t)rate * channels * (bits / 8) > 0xFFFFFFFFu) {
            cli_error(subject, "%u channels at %lu Hz do not fit a wave format", channels, (unsigned long)rate);
            return NULL;
        }
        return make_pcm(tag, channels, rate, bits);
    }
    /* A codec: ask the ACM, from 16-bit PCM at the rate and channel count wanted. */
    DWORD size = max_format_size();
    WAVEFORMATEX *target = cli_alloc(size);
    WAVEFORMATEX *base = make_pcm(WAVE_FORMAT_PCM, channels, rate, 16);
    DWORD flags = ACM_FORMATSUGGESTF_WFORMATTAG;
    target->wFormatTag = tag;
    if (o->channels) {
        target->nChannels = o->channels;
        flags |= ACM_FORMATSUGGESTF_NCHANNELS;
    }
    if (o->rate) {
        target->nSamplesPerSec = o->rate;
        flags |= ACM_FORMATSUGGESTF_NSAMPLESPERSEC;
    }
    if (o->bits) {
        target->wBitsPerSample = o->bits;
        flags |= ACM_FORMATSUGGESTF_WBITSPERSAMPLE;
    }
    MMRESULT mr = acmFormatSuggest(o->driver, base, target, size, flags);
    free(base);
    if (mr != MMSYSERR_NOERROR) {
        /* No driver takes this PCM as it is (GSM 6.10 is mono only, for example): choose the
         * closest standard format of the tag that respects what the user fixed. */
        WAVEFORMATEX *closest = closest_standard_format(tag, channels, rate, o);
        if (closest) {
            free(target);
            return apply_block_and_bitrate(subject, closest, o);
        }
        char name[64];
        cli_format_tag_name(tag, name, sizeof name);
        cli_error(subject, "no installed driver%s%s suggests a %s format for %u channel(s) at %lu Hz%s (%s)",
                  o->driver_name ? " named " : "", o->driver_name ? o->driver_name : "",
                  name[0] ? name : (cli_format_short_name(tag) ? cli_format_short_name(tag) : "0x?"), channels,
                  (unsigned long)rate, o->bits ? " with those bits" : "", portacm_mmresult_string(mr));
        free(target);
        return NULL;
    }
    WAVEFORMATEX *exact = cli_format_copy_bounded(subject, target, size);
    free(target);
    return apply_block_and_bitrate(subject, exact, o);
}

/* ---- chain planning -------------------------------------------------------------------- */

typedef struct plan_step {
    WAVEFORMATEX *from;
    WAVEFORMATEX *to;
    HACMDRIVER driver; /* NULL: any driver */
} plan_step;

typedef struct plan {
    plan_step steps[MAX_STEPS];
    size_t count;
} plan;

static void plan_free(plan *p)
{
    for (size_t i = 0; i < p->count; i++) {
        free(p->steps[i].from);
        free(p->steps[i].to);
    }
    p->count = 0;
}

static bool query(HACMDRIVER had, const WAVEFORMATEX *from, const WAVEFORMATEX *to, DWORD flags)
{
    return acmStreamOpen(NULL, had, (LPWAVEFORMATEX)from, (LPWAVEFORMATEX)to, NULL, 0, 0,
                         flags | ACM_STREAMOPENF_QUERY) == MMSYSERR_NOERROR;
}

static bool plan_add(plan *p, const WAVEFORMATEX *from, const WAVEFORMATEX *to, HACMDRIVER had)
{
    if (p->count >= MAX_STEPS)
        return false;
    p->steps[p->count].from = cli_format_copy(from);
    p->steps[p->count].to = cli_format_copy(to);
    p->steps[p->count].driver = had;
    p->count++;
    return true;
}

/* PCM to PCM: one step through the PCM converter when it can, otherwise one attribute at a
 * time (bits to 16, channels, rate, then the target bits). */
static bool plan_pcm(plan *p, const WAVEFORMATEX *from, const WAVEFORMATEX *to, DWORD flags)
{
    if (same_format(from, to))
        return true;
    if (query(NULL, from, to, flags))
        return plan_add(p, from, to, NULL);
    WAVEFORMATEX *current = cli_format_copy(from);
    WAVEFORMATEX *next[4];
    next[0] = make_pcm(WAVE_FORMAT_PCM, current->nChannels, current->nSamplesPerSec, 16);
    next[1] = make_pcm(WAVE_FORMAT_PCM, to->nChannels, current->nSamplesPerSec, 16);
    next[2] = make_pcm(WAVE_FORMAT_PCM, to->nChannels, to->nSamplesPerSec, 16);
    next[3] = cli_format_copy(to);
    bool ok = true;
    for (int i = 0; i < 4 && ok; i++) {
        if (same_format(current, next[i]))
            continue;
        if (!query(NULL, current, next[i], flags) || !plan_add(p, current, next[i], NULL))
            ok = false;
        free(current);
        current = cli_format_copy(next[i]);
    }
    free(current);
    for (int i = 0; i < 4; i++)
        free(next[i]);
    return ok;
}

/* Plans source -> target. Returns an exit code, printing why on failure. */
static int plan_chain(const char *subject, const WAVEFORMATEX *source, const WAVEFORMATEX *target,
                      const convert_options *o, bool trim, plan *p)
{
    DWORD flags = o->high_quality ? ACM_STREAMOPENF_NONREALTIME | ACM_STREAMOPENF_PORTACM_HIGHQUALITY : 0;
    bool source_pcm = cli_format_is_pcm(source, cli_format_size(source));
    bool target_pcm = cli_format_is_pcm(target, cli_format_size(target));
    memset(p, 0, sizeof *p);
    if (same_format(source, target))
        return CLI_EXIT_OK; /* a copy */
    /* One driver for the whole conversion (trimming needs the PCM form after the decoder). */
    if ((!trim || source_pcm) && query(o->driver, source, target, flags)) {
        plan_add(p, source, target, o->driver);
        return CLI_EXIT_OK;
    }
    if (source_pcm && target_pcm && !o->driver) {
        if (plan_pcm(p, source, target, flags))
            return CLI_EXIT_OK;
        plan_free(p);
        cli_error(subject, "the PCM converter cannot convert this format");
        return CLI_EXIT_UNSUPPORTED;
    }
    WAVEFORMATEX *source_pcm_format = decoded_pcm(source, o->driver);
    if (!source_pcm_format) {
        char text[256];
        cli_format_describe(source, text, sizeof text);
        cli_error(subject, "no installed driver decodes %s", text);
        return CLI_EXIT_UNSUPPORTED;
    }
    WAVEFORMATEX *target_pcm_format = decoded_pcm(target, o->driver);
    if (!target_pcm_format) {
        char text[256];
        cli_format_describe(target, text, sizeof text);
        free(source_pcm_format);
        cli_error(subject, "no installed driver encodes %s", text);
        return CLI_EXIT_UNSUPPORTED;
    }
    int status = CLI_EXIT_OK;
    char text[256];
    if (!source_pcm) {
        HACMDRIVER had = o->driver;
        if (!query(had, source, source_pcm_format, flags) && !(had && query(had = NULL, source, source_pcm_format, flags))) {
            cli_format_describe(source, text, sizeof text);
            cli_error(subject, "no installed driver decodes %s", text);
            status = CLI_EXIT_UNSUPPORTED;
        } else {
            plan_add(p, source, source_pcm_format, had);
        }
    }
    if (status == CLI_EXIT_OK && !plan_pcm(p, source_pcm_format, target_pcm_format, flags)) {
        cli_error(subject, "the PCM converter cannot convert between the decoded and the encoder's formats");
        status = CLI_EXIT_UNSUPPORTED;
    }
    if (status == CLI_EXIT_OK && !target_pcm) {
        HACMDRIVER had = o->driver;
        if (!query(had, target_pcm_format, target, flags) &&
            !(had && query(had = NULL, target_pcm_format, target, flags))) {
            cli_format_describe(target, text, sizeof text);
            cli_error(subject, "no installed driver encodes %s", text);
            status = CLI_EXIT_UNSUPPORTED;
        } else {
            plan_add(p, target_pcm_format, target, had);
        }
    }
    free(source_pcm_format);
    free(target_pcm_format);
    if (status != CLI_EXIT_OK)
        plan_free(p);
    return status;
}

/* ---- streaming ------------------------------------------------------------------------- */

typedef struct stage {
    HACMSTREAM stream;
    ACMSTREAMHEADER header;
    BYTE *source;
    DWORD source_capacity;
    DWORD source_length;
    DWORD source_block;
    BYTE *destination;
    DWORD destination_capacity;
    bool started;
    bool prepared;
    uint64_t bytes_in;  /* real input received (padding excluded) */
    uint64_t bytes_out; /* output produced */
    unsigned idle_calls; /* calls in a row that consumed no input */
} stage;

typedef struct chain {
    const char *subject;
    stage stages[MAX_STEPS];
    size_t count;
    wav_writer *writer;
    uint64_t limit; /* bytes allowed out of stage 0 (--fact trim), UINT64_MAX: all */
    uint64_t passed;
    bool failed;
    int status;
} chain;

static bool deliver(chain *c, size_t index, const BYTE *data, size_t size);

/* The most output stage `s` may have produced by now: OUTPUT_MARGIN times the destination
 * size acmStreamSize gave for each source buffer of input received (rounded up, plus one for
 * the END flush), plus OUTPUT_SLACK. Saturates instead of overflowing. */
static uint64_t output_bound(const stage *s)
{
    uint64_t buffers = s->bytes_in / s->source_capacity + 2;
    uint64_t per_buffer = (uint64_t)s->destination_capacity * OUTPUT_MARGIN;
    if (buffers > (UINT64_MAX - OUTPUT_SLACK) / per_buffer)
        return UINT64_MAX;
    return buffers * per_buffer + OUTPUT_SLACK;
}

/* Converts what the stage holds: whole blocks unless `final`, everything (with END) if final.
 * A driver that keeps answering without consuming input (MAX_IDLE_CALLS calls in a row, or
 * an END flush that never ends) or that produces more than output_bound() stops the
 * conversion with CLI_EXIT_FAILURE instead of writing forever. */
static bool stage_run(chain *c, size_t index, bool final)
{
    stage *s = &c->stages[index];
    unsigned stalls = 0;
    for (;;) {
        if (!final && s->source_length < s->source_block)
            return true;
        DWORD flags = final ? ACM_STREAMCONVERTF_END : ACM_STREAMCONVERTF_BLOCKALIGN;
        if (!s->started)
            flags |= ACM_STREAMCONVERTF_START;
        s->header.cbSrcLength = s->source_length;
        s->header.cbDstLength = s->destination_capacity;
        s->header.cbSrcLengthUsed = 0;
        s->header.cbDstLengthUsed = 0;
        MMRESULT mr = acmStreamConvert(s->stream, &s->header, flags);
        if (mr != MMSYSERR_NOERROR) {
            if (final && s->source_length == 0)
                return true; /* the driver has nothing to flush */
            cli_error(c->subject, "conversion step %zu failed: %s", index + 1, portacm_mmresult_string(mr));
            c->status = CLI_EXIT_FAILURE;
            return false;
        }
        s->started = true;
        DWORD used = s->header.cbSrcLengthUsed, produced = s->header.cbDstLengthUsed;
        if (used > s->source_length || produced > s->destination_capacity) {
            cli_error(c->subject, "conversion step %zu: the driver reported impossible lengths", index + 1);
            c->status = CLI_EXIT_FAILURE;
            return false;
        }
        if (used) {
            memmove(s->source, s->source + used, s->source_length - used);
            s->source_length -= used;
            s->idle_calls = 0;
        } else if (produced && ++s->idle_calls > MAX_IDLE_CALLS) {
            cli_error(c->subject, "conversion step %zu makes no progress: the driver %s", index + 1,
                      final ? "never ends its END flush" : "keeps producing output without consuming input");
            c->status = CLI_EXIT_FAILURE;
            return false;
        }
        s->bytes_out += produced;
        if (s->bytes_out > output_bound(s)) {
            cli_error(c->subject, "conversion step %zu produced more output than %llu input bytes can give "
                                  "(%llu bytes); the driver is stopped",
                      index + 1, (unsigned long long)s->bytes_in, (unsigned long long)s->bytes_out);
            c->status = CLI_EXIT_FAILURE;
            return false;
        }
        if (produced && !deliver(c, index + 1, s->destination, produced))
            return false;
        if (used == 0 && produced == 0) {
            if (final) {
                if (s->source_length)
                    cli_warn(c->subject, "step %zu left %lu bytes unconverted at the end (a partial block)",
                             index + 1, (unsigned long)s->source_length);
                return true;
            }
            if (s->source_length >= s->source_capacity || ++stalls > 2) {
                cli_error(c->subject, "conversion step %zu makes no progress", index + 1);
                c->status = CLI_EXIT_FAILURE;
                return false;
            }
            return true;
        }
        if (final && s->source_length == 0 && produced == 0)
            return true;
    }
}

/* Passes `size` bytes to stage `index` (or to the writer after the last stage). */
static bool deliver(chain *c, size_t index, const BYTE *data, size_t size)
{
    if (index == 1 && c->limit != UINT64_MAX) {
        uint64_t left = c->limit > c->passed ? c->limit - c->passed : 0;
        if (size > left)
            size = (size_t)left;
        c->passed += size;
    }
    if (index >= c->count)
        return wav_write_data(c->writer, data, size) || ((c->status = CLI_EXIT_FAILURE), false);
    stage *s = &c->stages[index];
    s->bytes_in += size;
    while (size > 0) {
        size_t room = s->source_capacity - s->source_length;
        size_t part = size < room ? size : room;
        memcpy(s->source + s->source_length, data, part);
        s->source_length += (DWORD)part;
        data += part;
        size -= part;
        if (s->source_length == s->source_capacity && !stage_run(c, index, false))
            return false;
    }
    return true;
}

/* End of stream for an encoder from PCM to a block format (IMA and MS ADPCM, GSM 6.10): the
 * last partial block is padded with silence so that the encoder receives whole blocks only.
 * Windows' encoders convert whole blocks and leave a partial one unconsumed, and a short last
 * block is not standard; padding keeps every sample. The padding is not counted in bytes_in,
 * so the fact chunk keeps the true sample count. */
static void pad_last_block(chain *c, size_t index, const plan_step *step)
{
    stage *s = &c->stages[index];
    if (!cli_format_is_pcm(step->from, cli_format_size(step->from)) ||
        cli_format_is_pcm(step->to, cli_format_size(step->to)))
        return;
    DWORD per_block = cli_format_samples_per_block(step->to);
    uint64_t block_bytes = (uint64_t)per_block * step->from->nBlockAlign;
    if (per_block <= 1 || block_bytes == 0 || s->source_length % block_bytes == 0)
        return;
    uint64_t pad = block_bytes - s->source_length % block_bytes;
    if (s->source_length + pad > s->source_capacity) {
        /* Cannot happen (the buffer holds two blocks and stage_run left less than one). */
        cli_warn(c->subject, "step %zu: no room to pad the last block", index + 1);
        return;
    }
    /* Silence: 0x80 for unsigned 8-bit samples, zero bytes otherwise (integers and float). */
    int silence = step->from->wBitsPerSample == 8 ? 0x80 : 0;
    memset(s->source + s->source_length, silence, (size_t)pad);
    s->source_length += (DWORD)pad;
}

static void chain_close(chain *c)
{
    for (size_t i = 0; i < c->count; i++) {
        stage *s = &c->stages[i];
        if (s->prepared) {
            s->header.cbSrcLength = s->source_capacity;
            s->header.cbDstLength = s->destination_capacity;
            acmStreamUnprepareHeader(s->stream, &s->header, 0);
        }
        if (s->stream)
            acmStreamClose(s->stream, 0);
        free(s->source);
        free(s->destination);
    }
    c->count = 0;
}

static DWORD round_down(DWORD value, DWORD block)
{
    return block ? value / block * block : value;
}

/* Opens every step's stream and sizes its buffers. */
static int chain_open(chain *c, const plan *p, const convert_options *o)
{
    DWORD flags = o->high_quality ? ACM_STREAMOPENF_NONREALTIME | ACM_STREAMOPENF_PORTACM_HIGHQUALITY : 0;
    for (size_t i = 0; i < p->count; i++) {
        stage *s = &c->stages[i];
        const plan_step *step = &p->steps[i];
        c->count = i + 1;
        MMRESULT mr = acmStreamOpen(&s->stream, step->driver, step->from, step->to, NULL, 0, 0, flags);
        if (mr != MMSYSERR_NOERROR) {
            cli_error(c->subject, "cannot open conversion step %zu: %s", i + 1, portacm_mmresult_string(mr));
            return mr == ACMERR_NOTPOSSIBLE ? CLI_EXIT_UNSUPPORTED : CLI_EXIT_FAILURE;
        }
        s->source_block = step->from->nBlockAlign ? step->from->nBlockAlign : 1;
        /* Enough source for two blocks of the destination side too (an encoder consumes
         * samples-per-block frames at a time). */
        DWORD per_block = cli_format_samples_per_block(step->to);
        uint64_t wanted = STAGE_SOURCE_BYTES;
        if (per_block > 1 && (uint64_t)per_block * s->source_block * 2 > wanted)
            wanted = (uint64_t)per_block * s->source_block * 2;
        if ((uint64_t)s->source_block * 2 > wanted)
            wanted = (uint64_t)s->source_block * 2;
        DWORD capacity = round_down((DWORD)wanted, s->source_block);
        DWORD destination = 0;
        for (;;) {
            mr = acmStreamSize(s->stream, capacity, &destination, ACM_STREAMSIZEF_SOURCE);
            if (mr == MMSYSERR_NOERROR && destination > STAGE_MAX_DESTINATION && capacity / 2 >= s->source_block * 2) {
                capacity = round_down(capacity / 2, s->source_block);
                continue;
            }
            break;
        }
        if (mr != MMSYSERR_NOERROR || destination == 0) {
            cli_error(c->subject, "conversion step %zu: acmStreamSize failed: %s", i + 1,
                      mr ? portacm_mmresult_string(mr) : "no output size");
            return CLI_EXIT_FAILURE;
        }
        s->source_capacity = capacity;
        s->destination_capacity = destination;
        s->source = cli_alloc(capacity);
        s->destination = cli_alloc(destination);
        memset(&s->header, 0, sizeof s->header);
        s->header.cbStruct = sizeof s->header;
        s->header.pbSrc = s->source;
        s->header.cbSrcLength = capacity;
        s->header.pbDst = s->destination;
        s->header.cbDstLength = destination;
        mr = acmStreamPrepareHeader(s->stream, &s->header, 0);
        if (mr != MMSYSERR_NOERROR) {
            cli_error(c->subject, "conversion step %zu: cannot prepare buffers: %s", i + 1,
                      portacm_mmresult_string(mr));
            return CLI_EXIT_FAILURE;
        }
        s->prepared = true;
        if (cli_verbose) {
            char from[256], to[256], driver[64];
            cli_format_describe(step->from, from, sizeof from);
            cli_format_describe(step->to, to, sizeof to);
            cli_driver_name((HACMOBJ)s->stream, driver, sizeof driver);
            cli_info("%s: step %zu/%zu: %s -> %s [driver %s]", c->subject, i + 1, p->count, from, to, driver);
        }
    }
    return CLI_EXIT_OK;
}

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

static int convert_file(const char *in_path, const char *out_path, const convert_options *o, bool show_progress)
{
    if (same_file(in_path, out_path)) {
        cli_error(out_path, "the output is the input file; choose another name");
        return CLI_EXIT_USAGE;
    }
    if (!o->force && wav_output_exists(out_path)) {
        cli_error(out_path, "the output exists (use -y or --force to replace it)");
        return CLI_EXIT_EXISTS;
    }
    wav_reader reader;
    int status = wav_open_read(&reader, in_path);
    if (status != CLI_EXIT_OK) {
        wav_close_read(&reader);
        return status;
    }
    const char *subject = reader.name;
    for (size_t i = 0; i < reader.warnings.count; i++)
        cli_warn(subject, "%s", reader.warnings.items[i]);
    const WAVEFORMATEX *source = reader.format;
    bool source_pcm = cli_format_is_pcm(source, cli_format_size(source));
    /* --fact trim stops at the fact count whenever the data holds more (block padding or a
     * disagreeing fact); the default decodes everything, as Windows does. */
    bool trim = o->fact == CLI_FACT_TRIM && !source_pcm && reader.has_fact && reader.fact_samples > 0 &&
                !reader.data_size_unknown && reader.fact_samples < reader.data_samples;
    if (reader.fact_disagrees && !source_pcm) {
        if (o->fact == CLI_FACT_STRICT) {
            cli_error(subject, "the fact chunk disagrees with the data (--fact strict)");
            wav_close_read(&reader);
            return CLI_EXIT_BAD_INPUT;
        }
        cli_warn(subject, "%s", trim ? "stopping at the fact sample count (--fact trim)"
                                     : "decoding all the data, as Windows does (--fact trim stops at the fact count)");
    } else if (reader.fact_disagrees && o->fact == CLI_FACT_STRICT) {
        cli_error(subject, "the fact chunk disagrees with the data (--fact strict)");
        wav_close_read(&reader);
        return CLI_EXIT_BAD_INPUT;
    }

    WAVEFORMATEX *pcm = decoded_pcm(source, o->driver);
    if (!pcm) {
        char text[256];
        cli_format_describe(source, text, sizeof text);
        cli_error(subject, "no installed driver decodes %s", text);
        wav_close_read(&reader);
        return CLI_EXIT_UNSUPPORTED;
    }
    WAVEFORMATEX *target = build_target(subject, pcm, o);
    if (!target) {
        free(pcm);
        wav_close_read(&reader);
        return CLI_EXIT_UNSUPPORTED;
    }
    plan p;
    status = plan_chain(subject, source, target, o, trim, &p);
    if (status != CLI_EXIT_OK) {
        free(pcm);
        free(target);
        wav_close_read(&reader);
        return status;
    }
    if (p.count == 0)
        cli_info("%s: the input already has the target format; copying the data", subject);

    chain c;
    memset(&c, 0, sizeof c);
    c.subject = subject;
    c.limit = UINT64_MAX;
    status = chain_open(&c, &p, o);
    if (status == CLI_EXIT_OK && trim && p.count > 0) {
        const WAVEFORMATEX *decoded = p.steps[0].to;
        /* fact_samples < data_samples keeps this in range for any real file; saturate anyway. */
        uint64_t frames = reader.fact_samples;
        if (decoded->nSamplesPerSec != source->nSamplesPerSec)
            frames = frames / source->nSamplesPerSec * decoded->nSamplesPerSec +
                     frames % source->nSamplesPerSec * decoded->nSamplesPerSec / source->nSamplesPerSec;
        c.limit = frames > UINT64_MAX / decoded->nBlockAlign ? UINT64_MAX : frames * decoded->nBlockAlign;
    }

    /* The output header. */
    wav_writer writer;
    memset(&writer, 0, sizeof writer);
    wav_extra_chunk *extra = NULL;
    size_t extra_count = 0;
    void *fmt = NULL;
    if (status == CLI_EXIT_OK) {
        DWORD mask = 0;
        if (source->wFormatTag == WAVE_FORMAT_EXTENSIBLE && source->cbSize >= 22 &&
            source->nChannels == target->nChannels)
            memcpy(&mask, (const BYTE *)source + 20, 4);
        size_t fmt_size;
        fmt = wav_file_format(target, mask, &fmt_size);
        /* fact: every non-PCM output, and WAVE_FORMAT_EXTENSIBLE (readers such as libsndfile
         * expect it there too). */
        WORD target_tag = cli_format_effective_tag(target, cli_format_size(target));
        bool fact = target_tag != WAVE_FORMAT_PCM || ((WAVEFORMATEX *)fmt)->wFormatTag == WAVE_FORMAT_EXTENSIBLE;
        if (o->keep_chunks) {
            if (!reader.seekable)
                cli_warn(subject, "--keep-chunks needs a seekable input; chunks are not copied");
            for (size_t i = 0; reader.seekable && i < reader.chunk_count; i++) {
                const wav_chunk *chunk = &reader.chunks[i];
                if (is_known_chunk(chunk->fourcc))
                    continue;
                void *body = wav_read_chunk(&reader, chunk);
                if (!body) {
                    cli_warn(subject, "chunk '%s' (%llu bytes) not copied", chunk->id,
                             (unsigned long long)chunk->size);
                    continue;
                }
                extra = cli_realloc(extra, (extra_count + 1) * sizeof *extra);
                extra[extra_count].fourcc = chunk->fourcc;
                extra[extra_count].body = body;
                extra[extra_count].size = (DWORD)chunk->size;
                extra_count++;
            }
        }
        uint64_t expected = 0;
        if (reader.data_size != UINT64_MAX && source->nAvgBytesPerSec)
            expected = (uint64_t)((double)reader.data_size * target->nAvgBytesPerSec / source->nAvgBytesPerSec);
        status = wav_open_write(&writer, out_path, fmt, fmt_size, fact, extra, extra_count, expected, o->rf64, o->force);
    }

    /* The data. */
    if (status == CLI_EXIT_OK) {
        c.writer = &writer;
        size_t read_size = c.count ? c.stages[0].source_capacity : STAGE_SOURCE_BYTES;
        BYTE *copy_buffer = c.count ? NULL : cli_alloc(read_size);
        if (show_progress)
            progress_begin(reader.data_size != UINT64_MAX ? reader.data_size : 0, subject);
        for (;;) {
            stage *first = c.count ? &c.stages[0] : NULL;
            BYTE *into = first ? first->source + first->source_length : copy_buffer;
            size_t room = first ? first->source_capacity - first->source_length : read_size;
            long got = wav_read_data(&reader, into, room);
            if (got < 0) {
                status = CLI_EXIT_FAILURE;
                break;
            }
            if (got == 0)
                break;
            progress_add((uint64_t)got);
            if (!first) {
                if (!wav_write_data(&writer, copy_buffer, (size_t)got)) {
                    status = CLI_EXIT_FAILURE;
                    break;
                }
                continue;
            }
            first->bytes_in += (uint64_t)got;
            first->source_length += (DWORD)got;
            if (first->source_length == first->source_capacity && !stage_run(&c, 0, false)) {
                status = c.status ? c.status : CLI_EXIT_FAILURE;
                break;
            }
        }
        for (size_t i = 0; status == CLI_EXIT_OK && i < c.count; i++) {
            bool ok = stage_run(&c, i, false);
            if (ok)
                pad_last_block(&c, i, &p.steps[i]);
            if (!ok || !stage_run(&c, i, true))
                status = c.status ? c.status : CLI_EXIT_FAILURE;
        }
        if (show_progress)
            progress_end();
        free(copy_buffer);
        if (status == CLI_EXIT_OK) {
            /* fact: the sample frames the encoder received (or the output's frames). */
            uint64_t samples;
            if (c.count && cli_format_is_pcm(p.steps[c.count - 1].from, cli_format_size(p.steps[c.count - 1].from)))
                samples = c.stages[c.count - 1].bytes_in / p.steps[c.count - 1].from->nBlockAlign;
            else if (cli_format_is_pcm(target, cli_format_size(target)))
                samples = writer.data_bytes / target->nBlockAlign;
            else
                samples = reader.data_samples;
            if (writer.seekable || writer.to_stdout)
                status = wav_commit(&writer, samples);
            if (status == CLI_EXIT_OK)
                cli_info("%s: wrote %s (%llu data bytes, %llu samples)", subject, writer.name,
                         (unsigned long long)writer.data_bytes, (unsigned long long)samples);
        } else {
            wav_abort(&writer);
        }
    }
    chain_close(&c);
    plan_free(&p);
    for (size_t i = 0; i < extra_count; i++)
        free(extra[i].body);
    free(extra);
    free(fmt);
    free(pcm);
    free(target);
    wav_close_read(&reader);
    return status;
}

/* ---- option parsing -------------------------------------------------------------------- */

/* Takes the value of option `name` from "--name=value" or the next argument. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    const char *arg = argv[*i];
    const char *eq = strchr(arg, '=');
    if (eq && arg[1] == '-')
        return eq + 1;
    if (*i + 1 >= argc) {
        cli_error(NULL, "option %s needs a value", name);
        return NULL;
    }
    return argv[++*i];
}

static bool option_is(const char *arg, const char *long_name, const char *short_name)
{
    if (short_name && strcmp(arg, short_name) == 0)
        return true;
    size_t n = strlen(long_name);
    return strncmp(arg, long_name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

static bool number_option(const char *value, const char *name, uint64_t max, uint64_t *out)
{
    if (!value)
        return false;
    if (!cli_parse_uint(value, max, out) || *out == 0) {
        cli_error(NULL, "%s: '%s' is not a number between 1 and %llu", name, value, (unsigned long long)max);
        return false;
    }
    return true;
}

/* Parses the options of convert and suggest; positional arguments go to `files`. Returns
 * CLI_EXIT_OK, CLI_EXIT_USAGE, or -1 after printing help. */
static int parse_options(int argc, char **argv, convert_options *o, char ***files, size_t *file_count,
                         const char *help)
{
    memset(o, 0, sizeof *o);
    o->fact = CLI_FACT_ALL;
    o->rf64 = CLI_RF64_AUTO;
    *files = cli_alloc((size_t)argc * sizeof(char *));
    *file_count = 0;
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        uint64_t number;
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            (*files)[(*file_count)++] = argv[i];
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(help, stdout);
            return -1;
        } else if (strcmp(arg, "-v") == 0 || strcmp(arg, "--verbose") == 0) {
            cli_verbose++;
        } else if (strcmp(arg, "-q") == 0 || strcmp(arg, "--quiet") == 0) {
            cli_quiet = true;
        } else if (strcmp(arg, "-y") == 0 || strcmp(arg, "--force") == 0) {
            o->force = true;
        } else if (strcmp(arg, "--json") == 0) {
            o->json = true;
        } else if (strcmp(arg, "--keep-chunks") == 0) {
            o->keep_chunks = true;
        } else if (option_is(arg, "--to", "-t")) {
            const char *value = option_value(argc, argv, &i, "--to");
            if (!value)
                return CLI_EXIT_USAGE;
            if (!cli_format_parse(value, &o->tag, &o->implied_bits)) {
                cli_error(NULL, "unknown format '%s' (see 'portacm formats --help')", value);
                return CLI_EXIT_USAGE;
            }
            o->has_tag = true;
        } else if (option_is(arg, "--rate", "-r")) {
            if (!number_option(option_value(argc, argv, &i, "--rate"), "--rate", 768000, &number))
                return CLI_EXIT_USAGE;
            o->rate = (DWORD)number;
        } else if (option_is(arg, "--channels", "-c")) {
            if (!number_option(option_value(argc, argv, &i, "--channels"), "--channels", 64, &number))
                return CLI_EXIT_USAGE;
            o->channels = (WORD)number;
        } else if (option_is(arg, "--bits", "-b")) {
            if (!number_option(option_value(argc, argv, &i, "--bits"), "--bits", 64, &number))
                return CLI_EXIT_USAGE;
            o->bits = (WORD)number;
        } else if (option_is(arg, "--block-align", NULL)) {
            if (!number_option(option_value(argc, argv, &i, "--block-align"), "--block-align", 0xFFFF, &number))
                return CLI_EXIT_USAGE;
            o->block_align = (WORD)number;
        } else if (option_is(arg, "--bitrate", NULL)) {
            if (!number_option(option_value(argc, argv, &i, "--bitrate"), "--bitrate", 10000, &number))
                return CLI_EXIT_USAGE;
            o->bitrate_kbps = (DWORD)number;
        } else if (option_is(arg, "--driver", NULL)) {
            o->driver_name = option_value(argc, argv, &i, "--driver");
            if (!o->driver_name)
                return CLI_EXIT_USAGE;
        } else if (option_is(arg, "--quality", NULL)) {
            const char *value = option_value(argc, argv, &i, "--quality");
            if (!value)
                return CLI_EXIT_USAGE;
            if (strcmp(value, "high") == 0)
                o->high_quality = true;
            else if (strcmp(value, "fast") != 0) {
                cli_error(NULL, "--quality is fast or high, not '%s'", value);
                return CLI_EXIT_USAGE;
            }
        } else if (option_is(arg, "--fact", NULL)) {
            const char *value = option_value(argc, argv, &i, "--fact");
            if (!value)
                return CLI_EXIT_USAGE;
            if (strcmp(value, "all") == 0)
                o->fact = CLI_FACT_ALL;
            else if (strcmp(value, "trim") == 0)
                o->fact = CLI_FACT_TRIM;
            else if (strcmp(value, "strict") == 0)
                o->fact = CLI_FACT_STRICT;
            else {
                cli_error(NULL, "--fact is all, trim or strict, not '%s'", value);
                return CLI_EXIT_USAGE;
            }
        } else if (option_is(arg, "--rf64", NULL)) {
            const char *value = option_value(argc, argv, &i, "--rf64");
            if (!value)
                return CLI_EXIT_USAGE;
            if (strcmp(value, "auto") == 0)
                o->rf64 = CLI_RF64_AUTO;
            else if (strcmp(value, "always") == 0)
                o->rf64 = CLI_RF64_ALWAYS;
            else if (strcmp(value, "never") == 0)
                o->rf64 = CLI_RF64_NEVER;
            else {
                cli_error(NULL, "--rf64 is auto, always or never, not '%s'", value);
                return CLI_EXIT_USAGE;
            }
        } else if (option_is(arg, "--output-dir", "-o")) {
            o->out_dir = option_value(argc, argv, &i, "--output-dir");
            if (!o->out_dir)
                return CLI_EXIT_USAGE;
        } else if (option_is(arg, "--jobs", "-j")) {
            if (!number_option(option_value(argc, argv, &i, "--jobs"), "--jobs", CLI_MAX_JOBS, &number))
                return CLI_EXIT_USAGE;
            o->jobs = (unsigned)number;
        } else {
            cli_error(NULL, "unknown option '%s' (try --help)", arg);
            return CLI_EXIT_USAGE;
        }
    }
    if (o->driver_name) {
        o->driver_id = cli_find_driver(o->driver_name);
        if (!o->driver_id) {
            cli_error(NULL, "no ACM driver named '%s' (see 'portacm drivers')", o->driver_name);
            return CLI_EXIT_USAGE;
        }
        MMRESULT mr = acmDriverOpen(&o->driver, o->driver_id, 0);
        if (mr != MMSYSERR_NOERROR) {
            cli_error(NULL, "cannot open driver '%s': %s", o->driver_name, portacm_mmresult_string(mr));
            return CLI_EXIT_FAILURE;
        }
    }
    return CLI_EXIT_OK;
}

/* ---- parallel jobs --------------------------------------------------------------------- */

typedef struct job_list {
    char **inputs;
    char **outputs;
    int *results;
    size_t count;
    atomic_size_t next;
    const convert_options *options;
} job_list;

static void *job_worker(void *argument)
{
    job_list *jobs = argument;
    bool own_stack = cli_signal_stack(true);
    for (;;) {
        size_t index = atomic_fetch_add(&jobs->next, 1);
        if (index >= jobs->count)
            break;
        jobs->results[index] = convert_file(jobs->inputs[index], jobs->outputs[index], jobs->options, false);
        if (jobs->results[index] == CLI_EXIT_OK) {
            struct stat st;
            if (stat(jobs->inputs[index], &st) == 0)
                progress_add((uint64_t)st.st_size);
        }
    }
    if (own_stack)
        cli_signal_stack(false);
    return NULL;
}

static char *output_name(const char *dir, const char *input)
{
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;
    size_t length = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
        length = (size_t)(dot - base);
    size_t size = strlen(dir) + length + 8;
    char *path = cli_alloc(size);
    snprintf(path, size, "%s%s%.*s.wav", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", (int)length, base);
    return path;
}

static int convert_many(char **inputs, size_t count, const convert_options *o)
{
    struct stat st;
    if (stat(o->out_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        cli_error(o->out_dir, "not a directory");
        return CLI_EXIT_USAGE;
    }
    job_list jobs;
    memset(&jobs, 0, sizeof jobs);
    jobs.inputs = inputs;
    jobs.count = count;
    jobs.options = o;
    jobs.outputs = cli_alloc(count * sizeof(char *));
    jobs.results = cli_alloc(count * sizeof(int));
    atomic_init(&jobs.next, 0);
    uint64_t total = 0;
    for (size_t i = 0; i < count; i++) {
        if (strcmp(inputs[i], "-") == 0) {
            cli_error(NULL, "'-' cannot be used with -o");
            free(jobs.outputs);
            free(jobs.results);
            return CLI_EXIT_USAGE;
        }
        jobs.outputs[i] = output_name(o->out_dir, inputs[i]);
        for (size_t j = 0; j < i; j++) {
            if (strcmp(jobs.outputs[i], jobs.outputs[j]) == 0) {
                cli_error(inputs[i], "has the same output name as %s (%s)", inputs[j], jobs.outputs[i]);
                for (size_t k = 0; k <= i; k++)
                    free(jobs.outputs[k]);
                free(jobs.outputs);
                free(jobs.results);
                return CLI_EXIT_USAGE;
            }
        }
        if (stat(inputs[i], &st) == 0)
            total += (uint64_t)st.st_size;
    }
    unsigned threads = o->jobs;
    if (!threads) {
        long processors = sysconf(_SC_NPROCESSORS_ONLN);
        threads = processors > 0 ? (unsigned)processors : 1;
    }
    if (threads > count)
        threads = (unsigned)count;
    progress_begin(total, "converting");
    pthread_t *ids = cli_alloc(threads * sizeof(pthread_t));
    unsigned started = 0;
    for (unsigned t = 1; t < threads; t++) {
        if (pthread_create(&ids[t], NULL, job_worker, &jobs) != 0)
            break;
        started = t;
    }
    job_worker(&jobs);
    for (unsigned t = 1; t <= started; t++)
        pthread_join(ids[t], NULL);
    progress_end();
    free(ids);
    int status = CLI_EXIT_OK;
    size_t failures = 0;
    for (size_t i = 0; i < count; i++) {
        if (jobs.results[i] != CLI_EXIT_OK) {
            failures++;
            if (status == CLI_EXIT_OK)
                status = jobs.results[i];
        }
        free(jobs.outputs[i]);
    }
    if (failures)
        cli_error(NULL, "%zu of %zu files failed", failures, count);
    else
        cli_info("converted %zu files with %u parallel jobs", count, threads);
    free(jobs.outputs);
    free(jobs.results);
    return status;
}

int cmd_convert(int argc, char **argv)
{
    convert_options o;
    char **files;
    size_t count;
    int status = parse_options(argc, argv, &o, &files, &count, convert_help);
    if (status == CLI_EXIT_OK) {
        if (o.out_dir) {
            if (count == 0) {
                cli_error(NULL, "convert: no input files (try --help)");
                status = CLI_EXIT_USAGE;
            } else {
                status = convert_many(files, count, &o);
            }
        } else if (count != 2) {
            cli_error(NULL, "convert: expected IN OUT, or IN... -o DIR (try --help)");
            status = CLI_EXIT_USAGE;
        } else {
            status = convert_file(files[0], files[1], &o, true);
        }
    }
    if (o.driver)
        acmDriverClose(o.driver, 0);
    free(files);
    return status < 0 ? CLI_EXIT_OK : status;
}

/* ---- portacm suggest ------------------------------------------------------------------- */

int cmd_suggest(int argc, char **argv)
{
    convert_options o;
    char **files;
    size_t count;
    int status = parse_options(argc, argv, &o, &files, &count, suggest_help);
    if (status != CLI_EXIT_OK || count != 1 || !o.has_tag) {
        if (status == CLI_EXIT_OK) {
            cli_error(NULL, "suggest: expected FILE --to FORMAT (try --help)");
            status = CLI_EXIT_USAGE;
        }
        if (o.driver)
            acmDriverClose(o.driver, 0);
        free(files);
        return status < 0 ? CLI_EXIT_OK : status;
    }
    wav_reader reader;
    status = wav_open_read(&reader, files[0]);
    WAVEFORMATEX *pcm = NULL, *target = NULL;
    plan p;
    memset(&p, 0, sizeof p);
    if (status == CLI_EXIT_OK) {
        pcm = decoded_pcm(reader.format, o.driver);
        if (!pcm) {
            char text[256];
            cli_format_describe(reader.format, text, sizeof text);
            cli_error(reader.name, "no installed driver decodes %s", text);
            status = CLI_EXIT_UNSUPPORTED;
        }
    }
    if (status == CLI_EXIT_OK) {
        target = build_target(reader.name, pcm, &o);
        if (!target)
            status = CLI_EXIT_UNSUPPORTED;
    }
    if (status == CLI_EXIT_OK)
        status = plan_chain(reader.name, reader.format, target, &o, false, &p);
    if (status == CLI_EXIT_OK) {
        if (o.json) {
            json_writer json;
            json_init(&json, stdout);
            json_object_begin(&json, NULL);
            json_string(&json, "file", files[0]);
            cli_format_json_fields(&json, "source", reader.format);
            cli_format_json_fields(&json, "suggested", target);
            json_array_begin(&json, "chain");
            for (size_t i = 0; i < p.count; i++) {
                json_object_begin(&json, NULL);
                char from[256], to[256];
                cli_format_describe(p.steps[i].from, from, sizeof from);
                cli_format_describe(p.steps[i].to, to, sizeof to);
                json_string(&json, "from", from);
                json_string(&json, "to", to);
                json_object_end(&json);
            }
            json_array_end(&json);
            json_object_end(&json);
            json_finish(&json);
        } else {
            char text[256];
            cli_format_describe(reader.format, text, sizeof text);
            printf("%s: %s\n", files[0], text);
            cli_format_describe(target, text, sizeof text);
            printf("suggested: %s\n", text);
            cli_format_print_fields(stdout, target, "  ");
            printf("chain: %zu step%s\n", p.count, p.count == 1 ? "" : "s");
            for (size_t i = 0; i < p.count; i++) {
                char from[256], to[256];
                cli_format_describe(p.steps[i].from, from, sizeof from);
                cli_format_describe(p.steps[i].to, to, sizeof to);
                printf("  %zu. %s -> %s\n", i + 1, from, to);
            }
        }
    }
    plan_free(&p);
    free(pcm);
    free(target);
    wav_close_read(&reader);
    if (o.driver)
        acmDriverClose(o.driver, 0);
    free(files);
    return status;
}
