/*
 * convert_target.c - the target format of `portacm convert` and `portacm suggest`: what the
 * user asked for, completed by acmFormatSuggest (parameters left out) and by the drivers'
 * standard formats (--block-align, --bitrate, or a PCM layout no driver takes as it is).
 */
#include <stdlib.h>
#include <string.h>

#include "convert_int.h"

static DWORD max_format_size(void)
{
    DWORD size = 0;
    if (acmMetrics(NULL, ACM_METRIC_MAX_SIZE_FORMAT, &size) != MMSYSERR_NOERROR || size < sizeof(WAVEFORMATEXTENSIBLE))
        size = sizeof(WAVEFORMATEXTENSIBLE);
    if (size < 1024)
        size = 1024;
    return size;
}

WAVEFORMATEX *cli_make_pcm(WORD tag, WORD channels, DWORD rate, WORD bits)
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

bool cli_same_format(const WAVEFORMATEX *a, const WAVEFORMATEX *b)
{
    size_t size = cli_format_size(a);
    return size == cli_format_size(b) && memcmp(a, b, size) == 0;
}

/* The PCM format a non-PCM format decodes to (acmFormatSuggest), or a copy of a PCM format. */
WAVEFORMATEX *cli_decoded_pcm(const WAVEFORMATEX *wfx, HACMDRIVER had)
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
WAVEFORMATEX *cli_build_target(const char *subject, const WAVEFORMATEX *pcm, const convert_options *o)
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
        return cli_make_pcm(tag, channels, rate, bits);
    }
    /* A codec: ask the ACM, from 16-bit PCM at the rate and channel count wanted. */
    DWORD size = max_format_size();
    WAVEFORMATEX *target = cli_alloc(size);
    WAVEFORMATEX *base = cli_make_pcm(WAVE_FORMAT_PCM, channels, rate, 16);
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
