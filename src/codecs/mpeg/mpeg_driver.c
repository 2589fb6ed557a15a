/*
 * mpeg_driver.c - the "MPEG Layer-3 Codec" ACM driver (l3codeca.acm): the formats it knows,
 * its suggestions and which streams it opens. Decoding (MPEG-1, 2 and 2.5, layers 1 to 3)
 * runs through libmpg123 (mpeg_decode.c); encoding 8/16-bit PCM to constant-bitrate layer 3
 * runs through LAME (mpeg_encode.c).
 *
 * Identity: Windows ships a decode-only l3codeca.acm (wPid MM_FHGIIS_MPEGLAYER3_DECODE, 9) and
 * the "professional" l3codecp.acm that also encodes (wPid MM_FHGIIS_MPEGLAYER3_PROFESSIONAL,
 * 0xD); both are named "MPEG Layer-3 Codec" and Wine's conformance test accepts either pid.
 * Since this driver encodes, it reports the professional pid, so a program that checks for
 * an encoder by pid finds one. It is registered under the l3codeca.acm module name and the
 * msacm.l3acm alias every Windows has.
 *
 * Formats (section 4 and 5 of reference-behaviour.md, mmreg.h):
 *   - PCM: 8 or 16 bits, mono or stereo, at one of the nine MPEG rates; 36 standard formats
 *     (rate-major: 8-bit mono, 8-bit stereo, 16-bit mono, 16-bit stereo), like Windows'.
 *   - MPEGLAYER3 (0x55, MPEGLAYER3WAVEFORMAT): cbSize >= 12 and wID == MPEGLAYER3_ID_MPEG or
 *     ACMERR_NOTPOSSIBLE (native); mono or stereo at an MPEG rate. nBlockSize, nBlockAlign
 *     and nAvgBytesPerSec are not needed to decode, so 0 still opens (native); only SIZE
 *     needs nAvgBytesPerSec and says NOTPOSSIBLE without it. The standard formats are the
 *     constant-bitrate formats the encoder writes: 9 rates x mono/stereo x the legal bitrates
 *     (14 for MPEG-1 and 2, 8 for MPEG-2.5), 216 in all.
 *   - MPEG (0x50, MPEG1WAVEFORMAT): decode only (0 standard formats); cbSize >= 22 and a
 *     non-zero fwHeadLayer made of ACM_MPEG_LAYER1/2/3 bits.
 */
#include <stdio.h>
#include <string.h>

#include "codecs_int.h"
#include "mpeg_int.h"

const DWORD pacm_mpeg_rates[MPEG_RATE_COUNT] = {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000};

/* ISO/IEC 11172-3 (MPEG-1 layer III) and ISO/IEC 13818-3 (MPEG-2 layer III, also MPEG-2.5),
 * bitrate indices 1..14 in kbit/s. */
static const unsigned mpeg1_layer3_kbps[14] = {32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
static const unsigned mpeg2_layer3_kbps[14] = {8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};

#define MPEG_PCM_STANDARD (MPEG_RATE_COUNT * 4)
/* 3 MPEG-1 and 3 MPEG-2 rates with 14 bitrates, 3 MPEG-2.5 rates with 8; mono and stereo. */
#define MPEG_MP3_STANDARD ((3 * 14 + 3 * 14 + 3 * 8) * 2)

static const codec_tag mpeg_tags[] = {
    {WAVE_FORMAT_PCM, 16, MPEG_PCM_STANDARD, "PCM"},
    {WAVE_FORMAT_MPEGLAYER3, sizeof(MPEGLAYER3WAVEFORMAT), MPEG_MP3_STANDARD, "MPEG Layer-3"},
    {WAVE_FORMAT_MPEG, sizeof(MPEG1WAVEFORMAT), 0, "MPEG"},
};

bool pacm_mpeg_rate_valid(DWORD rate)
{
    for (size_t i = 0; i < MPEG_RATE_COUNT; i++) {
        if (pacm_mpeg_rates[i] == rate)
            return true;
    }
    return false;
}

DWORD pacm_mpeg_layer3_frame_samples(DWORD rate)
{
    return rate >= 32000 ? 1152 : 576;
}

unsigned pacm_mpeg_layer3_bitrate_count(DWORD rate)
{
    return rate >= 16000 ? 14 : 8;
}

unsigned pacm_mpeg_layer3_bitrate(DWORD rate, unsigned index)
{
    return rate >= 32000 ? mpeg1_layer3_kbps[index] : mpeg2_layer3_kbps[index];
}

bool pacm_mpeg_layer3_bitrate_valid(DWORD rate, unsigned kbps)
{
    for (unsigned i = 0; i < pacm_mpeg_layer3_bitrate_count(rate); i++) {
        if (pacm_mpeg_layer3_bitrate(rate, i) == kbps)
            return true;
    }
    return false;
}

DWORD pacm_mpeg_layer3_frame_bytes(DWORD rate, unsigned kbps)
{
    return (DWORD)((uint64_t)pacm_mpeg_layer3_frame_samples(rate) / 8 * kbps * 1000 / rate);
}

/* A constant-bitrate MPEGLAYER3WAVEFORMAT as the encoder writes it. nBlockAlign is 1 (frames
 * of one bitrate still differ by the padding byte at 44.1 kHz and its relatives, so no fixed
 * block exists; Windows' codecs write 1 too), nBlockSize the unpadded frame, one frame per
 * block, ISO padding (LAME pads to keep the exact average) and our codec delay. */
static void mpeg_set_mp3(WAVEFORMATEX *out, WORD channels, DWORD rate, unsigned kbps)
{
    MPEGLAYER3WAVEFORMAT *mp3 = (MPEGLAYER3WAVEFORMAT *)out;
    out->wFormatTag = WAVE_FORMAT_MPEGLAYER3;
    out->nChannels = channels;
    out->nSamplesPerSec = rate;
    out->nAvgBytesPerSec = kbps * 1000 / 8;
    out->nBlockAlign = 1;
    out->wBitsPerSample = 0;
    out->cbSize = MPEGLAYER3_WFX_EXTRA_BYTES;
    mp3->wID = MPEGLAYER3_ID_MPEG;
    mp3->fdwFlags = MPEGLAYER3_FLAG_PADDING_ISO;
    mp3->nBlockSize = (WORD)pacm_mpeg_layer3_frame_bytes(rate, kbps);
    mp3->nFramesPerBlock = 1;
    mp3->nCodecDelay = MPEG_CODEC_DELAY;
}

static void mpeg_standard_format(DWORD tag_index, DWORD index, WAVEFORMATEX *out)
{
    if (mpeg_tags[tag_index].tag == WAVE_FORMAT_PCM) {
        DWORD rate = pacm_mpeg_rates[(index / 4) % MPEG_RATE_COUNT];
        pacm_codec_set_pcm(out, (WORD)(index % 2 + 1), rate, (WORD)(index % 4 < 2 ? 8 : 16));
        return;
    }
    /* MPEGLAYER3: rate-major, then mono before stereo, then ascending bitrate. */
    for (size_t r = 0; r < MPEG_RATE_COUNT; r++) {
        DWORD rate = pacm_mpeg_rates[r];
        unsigned count = pacm_mpeg_layer3_bitrate_count(rate);
        if (index < 2 * count) {
            mpeg_set_mp3(out, (WORD)(index / count + 1), rate, pacm_mpeg_layer3_bitrate(rate, index % count));
            return;
        }
        index -= 2 * count;
    }
}

/* The channel and rate rules every MPEG audio format shares. */
static bool mpeg_audio_basics_valid(const WAVEFORMATEX *wfx)
{
    return wfx->nChannels >= 1 && wfx->nChannels <= 2 && pacm_mpeg_rate_valid(wfx->nSamplesPerSec);
}

static bool mpeg_format_supported(const WAVEFORMATEX *wfx, DWORD size)
{
    (void)size; /* the skeleton has checked that 18 + cbSize bytes are readable */
    switch (wfx->wFormatTag) {
    case WAVE_FORMAT_PCM:
        return (pacm_codec_pcm_valid(wfx, 16, 2) || pacm_codec_pcm_valid(wfx, 8, 2)) && pacm_mpeg_rate_valid(wfx->nSamplesPerSec);
    case WAVE_FORMAT_MPEGLAYER3:
        if (wfx->cbSize < MPEGLAYER3_WFX_EXTRA_BYTES)
            return false;
        if (((const MPEGLAYER3WAVEFORMAT *)wfx)->wID != MPEGLAYER3_ID_MPEG)
            return false;
        return mpeg_audio_basics_valid(wfx);
    case WAVE_FORMAT_MPEG: {
        if (wfx->cbSize < sizeof(MPEG1WAVEFORMAT) - sizeof(WAVEFORMATEX))
            return false;
        WORD layers = ((const MPEG1WAVEFORMAT *)wfx)->fwHeadLayer;
        if (layers == 0 || (layers & ~(ACM_MPEG_LAYER1 | ACM_MPEG_LAYER2 | ACM_MPEG_LAYER3)))
            return false;
        return mpeg_audio_basics_valid(wfx);
    }
    default:
        return false;
    }
}

/* The bitrate suggested for encoding: the smallest legal one giving at least 1/12 of the
 * 16-bit PCM rate (128 kbit/s for 44.1 and 48 kHz stereo, 32 for 22.05 kHz mono, 16 for
 * 8 kHz mono), the highest legal one if none does. */
static unsigned mpeg_default_kbps(WORD channels, DWORD rate)
{
    uint64_t wanted = (uint64_t)rate * channels * 16 / 12;
    unsigned kbps = 0;
    for (unsigned i = 0; i < pacm_mpeg_layer3_bitrate_count(rate); i++) {
        kbps = pacm_mpeg_layer3_bitrate(rate, i);
        if ((uint64_t)kbps * 1000 >= wanted)
            break;
    }
    return kbps;
}

/* The layer-3 format suggested for PCM: its rate and channels at the default bitrate. */
static void mpeg_make_suggested_mp3(WAVEFORMATEX *out, WORD channels, DWORD rate)
{
    mpeg_set_mp3(out, channels, rate, mpeg_default_kbps(channels, rate));
}

/* PCM -> MPEG layer 3 at the default bitrate; MPEG audio (either tag) -> PCM, 16 bits unless
 * 8 is asked for. Rate and channels never change: the driver does not resample or remix. */
static MMRESULT mpeg_suggest(const WAVEFORMATEX *src, const WAVEFORMATEX *request, DWORD flags, WAVEFORMATEX *out)
{
    return pacm_codec_block_suggest(src, request, flags, out, WAVE_FORMAT_MPEGLAYER3, 0, 2, mpeg_make_suggested_mp3);
}

/* Decoding MPEG audio to PCM, or encoding PCM to constant-bitrate layer 3, at one rate and
 * channel count. The encoder's bitrate must be a legal one for the rate (nAvgBytesPerSec =
 * bitrate / 8); the decoder does not need it. NONREALTIME picks LAME's slower, better
 * search. With stream == NULL (QUERY) nothing is allocated. */
static MMRESULT mpeg_stream_open(const WAVEFORMATEX *src, const WAVEFORMATEX *dst, DWORD fdw_open,
                                 codec_stream **stream)
{
    if (src->nChannels != dst->nChannels || src->nSamplesPerSec != dst->nSamplesPerSec)
        return ACMERR_NOTPOSSIBLE;
    if (src->wFormatTag != WAVE_FORMAT_PCM && dst->wFormatTag == WAVE_FORMAT_PCM)
        return stream ? pacm_mpeg_decoder_open(src, dst, stream) : MMSYSERR_NOERROR;
    if (src->wFormatTag != WAVE_FORMAT_PCM || dst->wFormatTag != WAVE_FORMAT_MPEGLAYER3)
        return ACMERR_NOTPOSSIBLE;
    DWORD bits_per_second = dst->nAvgBytesPerSec * 8;
    if (dst->nAvgBytesPerSec > 320000 / 8 || bits_per_second % 1000 != 0 ||
        !pacm_mpeg_layer3_bitrate_valid(dst->nSamplesPerSec, bits_per_second / 1000))
        return ACMERR_NOTPOSSIBLE;
    if (!stream)
        return MMSYSERR_NOERROR;
    return pacm_mpeg_encoder_open(src, dst, (fdw_open & ACM_STREAMOPENF_NONREALTIME) != 0, stream);
}

/* Windows' MPEG Layer-3 codec names its formats by bitrate first, then the rate in Hz with a
 * thousands separator: "128 kBit/s, 44.100 Hz, Stereo" (docs/codecs.md). A format without
 * nAvgBytesPerSec (it still decodes) has no bitrate to show; PCM formats get the common text.
 * Only formats the driver accepted come here, so the rate is one of the nine (>= 8000). */
static void mpeg_format_text(const WAVEFORMATEX *wfx, char *text, size_t capacity)
{
    if (wfx->wFormatTag == WAVE_FORMAT_PCM) {
        pacm_codecs_format_text(wfx, text, capacity);
        return;
    }
    char channels[24];
    char bitrate[24] = "";
    pacm_codec_channels_text(wfx->nChannels, channels, sizeof channels);
    if (wfx->nAvgBytesPerSec)
        snprintf(bitrate, sizeof bitrate, "%lu kBit/s, ",
                 (unsigned long)(((uint64_t)wfx->nAvgBytesPerSec * 8 + 500) / 1000));
    snprintf(text, capacity, "%s%lu.%03lu Hz, %s", bitrate, (unsigned long)(wfx->nSamplesPerSec / 1000),
             (unsigned long)(wfx->nSamplesPerSec % 1000), channels);
}

const codec_descriptor pacm_mpeg_descriptor = {
    .short_name = "MPEG Layer-3 Codec",
    .long_name = "MPEG Layer-3 Audio Codec (Layer III decoding by portacm, Layers I and II by libmpg123, encoding by "
                 "LAME)",
    .copyright = "portacm built-in codec",
    .licensing = "",
    .features = "Decodes MPEG-1, MPEG-2 and MPEG-2.5 audio (layers 1 to 3) to 8- or 16-bit PCM and encodes PCM to "
                "constant-bitrate MPEG layer 3.",
    .mid = MM_FRAUNHOFER_IIS,
    .pid = MM_FHGIIS_MPEGLAYER3_PROFESSIONAL,
    .version_acm = 0x03320000,
    .version_driver = 0x01090000,
    .support = ACMDRIVERDETAILS_SUPPORTF_CODEC,
    .tags = mpeg_tags,
    .tag_count = sizeof mpeg_tags / sizeof mpeg_tags[0],
    .standard_format = mpeg_standard_format,
    .format_supported = mpeg_format_supported,
    .suggest = mpeg_suggest,
    .stream_open = mpeg_stream_open,
    .format_text = mpeg_format_text,
};

LRESULT CALLBACK pacm_mpeg_driver_proc(DWORD_PTR driver_id, HDRVR hdrvr, UINT message, LPARAM lParam1, LPARAM lParam2)
{
    return pacm_codec_driver_proc(&pacm_mpeg_descriptor, driver_id, hdrvr, message, lParam1, lParam2);
}
