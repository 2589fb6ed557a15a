/*
 * wav_read_fmt.c - the fmt chunk of the CLI's WAV reader, validated field by field before
 * anything is derived from it: invalid values stop the reading, fixable ones (a cbSize past
 * the chunk, a wrong block align or byte rate, a missing wSamplesPerBlock) become warnings and
 * are corrected. Also the sample count of the data, which depends on the format's blocks.
 */
#include <stdlib.h>
#include <string.h>

#include "wav_read_int.h"

static const char *tag_label(WORD tag)
{
    switch (tag) {
    case WAVE_FORMAT_PCM: return "PCM";
    case WAVE_FORMAT_IEEE_FLOAT: return "IEEE float";
    case WAVE_FORMAT_IMA_ADPCM: return "IMA ADPCM";
    case WAVE_FORMAT_ADPCM: return "MS ADPCM";
    case WAVE_FORMAT_ALAW: return "A-law";
    case WAVE_FORMAT_MULAW: return "mu-law";
    case WAVE_FORMAT_GSM610: return "GSM 6.10";
    case WAVE_FORMAT_MPEGLAYER3: return "MP3";
    case WAVE_FORMAT_MPEG: return "MPEG";
    case WAVE_FORMAT_EXTENSIBLE: return "WAVE_FORMAT_EXTENSIBLE";
    default: return "format";
    }
}

static unsigned popcount32(DWORD value)
{
    unsigned count = 0;
    for (; value; value &= value - 1)
        count++;
    return count;
}

/* The structure as the file gives it (cbSize clamped to the chunk, dropped for PCM) into
 * reader->format, and the fields no format may have as 0. */
static int copy_format(wav_reader *reader, const BYTE *raw, size_t size)
{
    const char *name = reader->name;
    if (size < 14) {
        cli_error(name, "fmt chunk is %zu bytes, too short for a wave format (at least 14)", size);
        return CLI_EXIT_BAD_INPUT;
    }
    WORD tag = wav_le16(raw);
    WORD cb_size = 0;
    if (size >= 18) {
        cb_size = wav_le16(raw + 16);
        if ((size_t)cb_size > size - 18) {
            wav_reader_warn(reader, "cbSize %u is larger than the %zu bytes the fmt chunk holds after it; using %zu",
                            cb_size, size - 18, size - 18);
            cb_size = (WORD)(size - 18);
        }
    }
    if (tag == WAVE_FORMAT_PCM && cb_size) {
        cb_size = 0; /* PCM has no extra bytes; Windows ignores them */
    }
    WAVEFORMATEX *wfx = cli_alloc(sizeof(WAVEFORMATEX) + cb_size + 64);
    wfx->wFormatTag = tag;
    wfx->nChannels = wav_le16(raw + 2);
    wfx->nSamplesPerSec = wav_le32(raw + 4);
    wfx->nAvgBytesPerSec = wav_le32(raw + 8);
    wfx->nBlockAlign = wav_le16(raw + 12);
    wfx->wBitsPerSample = size >= 16 ? wav_le16(raw + 14) : 0;
    wfx->cbSize = cb_size;
    if (cb_size)
        memcpy((BYTE *)wfx + 18, raw + 18, cb_size);
    reader->format = wfx;

    if (wfx->nChannels == 0) {
        cli_error(name, "%s channel count 0 is invalid", tag_label(tag));
        return CLI_EXIT_BAD_INPUT;
    }
    if (wfx->nSamplesPerSec == 0) {
        cli_error(name, "%s sample rate 0 is invalid", tag_label(tag));
        return CLI_EXIT_BAD_INPUT;
    }
    if (wfx->nBlockAlign == 0) {
        cli_error(name, "%s block align 0 is invalid", tag_label(tag));
        return CLI_EXIT_BAD_INPUT;
    }
    return CLI_EXIT_OK;
}

/* WAVE_FORMAT_EXTENSIBLE: the sub-format's tag into *effective; valid bits and channel mask
 * against the container and the channel count. */
static int check_extensible(wav_reader *reader, WORD *effective)
{
    WAVEFORMATEX *wfx = reader->format;
    WORD bits = wfx->wBitsPerSample;
    if (wfx->cbSize < 22) {
        cli_error(reader->name, "WAVE_FORMAT_EXTENSIBLE needs cbSize 22, the file has %u", wfx->cbSize);
        return CLI_EXIT_BAD_INPUT;
    }
    *effective = cli_format_effective_tag(wfx, cli_format_size(wfx));
    WORD valid = wav_le16((BYTE *)wfx + 18);
    DWORD mask = wav_le32((BYTE *)wfx + 20);
    if ((*effective == WAVE_FORMAT_PCM || *effective == WAVE_FORMAT_IEEE_FLOAT) && valid > bits) {
        wav_reader_warn(reader, "wValidBitsPerSample %u is larger than the %u-bit container; using %u", valid, bits,
                        bits);
        ((BYTE *)wfx)[18] = (BYTE)bits;
        ((BYTE *)wfx)[19] = (BYTE)(bits >> 8);
    }
    if (mask != 0 && popcount32(mask) != wfx->nChannels)
        wav_reader_warn(reader, "channel mask 0x%lX names %u speakers for %u channels", (unsigned long)mask,
                        popcount32(mask), wfx->nChannels);
    return CLI_EXIT_OK;
}

/* Integer PCM and float: the bits, and the block align and byte rate that follow from them. */
static int check_pcm(wav_reader *reader, WORD effective)
{
    const char *name = reader->name;
    WAVEFORMATEX *wfx = reader->format;
    WORD bits = wfx->wBitsPerSample;
    if (bits == 0 || bits > 64) {
        cli_error(name, "%s with %u bits per sample is invalid", tag_label(effective), bits);
        return CLI_EXIT_BAD_INPUT;
    }
    if (bits % 8) {
        /* 12-bit or 20-bit samples in a byte-aligned container: the container counts. */
        WORD container = (WORD)((bits + 7) / 8 * 8);
        wav_reader_warn(reader, "%u-bit samples are stored as %u-bit", bits, container);
        bits = container;
        wfx->wBitsPerSample = bits;
    }
    uint32_t expected_align = (uint32_t)wfx->nChannels * (bits / 8);
    if (expected_align > 0xFFFF) {
        cli_error(name, "%u channels of %u bits do not fit a wave format", wfx->nChannels, bits);
        return CLI_EXIT_BAD_INPUT;
    }
    if (wfx->nBlockAlign != expected_align) {
        wav_reader_warn(reader, "block align %u does not match %u channels x %u bits; using %lu", wfx->nBlockAlign,
                        wfx->nChannels, bits, (unsigned long)expected_align);
        wfx->nBlockAlign = (WORD)expected_align;
    }
    uint64_t expected_rate = (uint64_t)wfx->nSamplesPerSec * wfx->nBlockAlign;
    if (expected_rate > 0xFFFFFFFFu) {
        cli_error(name, "sample rate %lu is too high for this format", (unsigned long)wfx->nSamplesPerSec);
        return CLI_EXIT_BAD_INPUT;
    }
    if (wfx->nAvgBytesPerSec != expected_rate) {
        wav_reader_warn(reader, "nAvgBytesPerSec %lu should be %llu", (unsigned long)wfx->nAvgBytesPerSec,
                        (unsigned long long)expected_rate);
        wfx->nAvgBytesPerSec = (DWORD)expected_rate;
    }
    return CLI_EXIT_OK;
}

/* Gives a format without extra bytes the wSamplesPerBlock field (cbSize 2). */
static WAVEFORMATEX *add_samples_per_block(wav_reader *reader, DWORD samples_per_block)
{
    WAVEFORMATEX *wfx = cli_realloc(reader->format, sizeof(WAVEFORMATEX) + 2);
    reader->format = wfx;
    wfx->cbSize = 2;
    ((BYTE *)wfx)[18] = (BYTE)samples_per_block;
    ((BYTE *)wfx)[19] = (BYTE)(samples_per_block >> 8);
    return wfx;
}

static int check_ima_adpcm(wav_reader *reader)
{
    WAVEFORMATEX *wfx = reader->format;
    DWORD header = 4u * wfx->nChannels;
    if (wfx->cbSize < 2 || wfx->nBlockAlign < header) {
        if (wfx->nBlockAlign <= header) {
            cli_error(reader->name, "IMA ADPCM block align %u is too small for %u channels", wfx->nBlockAlign,
                      wfx->nChannels);
            return CLI_EXIT_BAD_INPUT;
        }
    }
    DWORD computed = (wfx->nBlockAlign - header) * 8 / (4u * wfx->nChannels) + 1;
    if (wfx->cbSize < 2) {
        wav_reader_warn(reader, "IMA ADPCM fmt chunk has no wSamplesPerBlock; using %lu from the block align",
                        (unsigned long)computed);
        wfx = add_samples_per_block(reader, computed);
    } else if (wav_le16((BYTE *)wfx + 18) != computed) {
        wav_reader_warn(reader, "IMA ADPCM wSamplesPerBlock %u does not match block align %u (expected %lu)",
                        wav_le16((BYTE *)wfx + 18), wfx->nBlockAlign, (unsigned long)computed);
    }
    if (wfx->nBlockAlign % header)
        wav_reader_warn(reader, "IMA ADPCM block align %u is not a multiple of %lu", wfx->nBlockAlign,
                        (unsigned long)header);
    return CLI_EXIT_OK;
}

static int check_ms_adpcm(wav_reader *reader)
{
    const char *name = reader->name;
    WAVEFORMATEX *wfx = reader->format;
    WORD cb_size = wfx->cbSize;
    DWORD header = 7u * wfx->nChannels;
    if (wfx->nBlockAlign < header) {
        cli_error(name, "MS ADPCM block align %u is too small for %u channels", wfx->nBlockAlign, wfx->nChannels);
        return CLI_EXIT_BAD_INPUT;
    }
    if (cb_size < 4) {
        cli_error(name, "MS ADPCM format has cbSize %u; it needs at least 4 plus the coefficients", cb_size);
        return CLI_EXIT_BAD_INPUT;
    }
    WORD count = wav_le16((BYTE *)wfx + 20);
    if (count == 0 || 4u + 4u * count > cb_size) {
        cli_error(name, "MS ADPCM wNumCoef %u does not fit cbSize %u", count, cb_size);
        return CLI_EXIT_BAD_INPUT;
    }
    DWORD computed = (wfx->nBlockAlign - header) * 2 / wfx->nChannels + 2;
    if (wav_le16((BYTE *)wfx + 18) != computed)
        wav_reader_warn(reader, "MS ADPCM wSamplesPerBlock %u does not match block align %u (expected %lu)",
                        wav_le16((BYTE *)wfx + 18), wfx->nBlockAlign, (unsigned long)computed);
    return CLI_EXIT_OK;
}

int wav_parse_format(wav_reader *reader, const BYTE *raw, size_t size)
{
    int status = copy_format(reader, raw, size);
    if (status != CLI_EXIT_OK)
        return status;
    WORD tag = reader->format->wFormatTag;
    WORD effective = tag;
    if (tag == WAVE_FORMAT_EXTENSIBLE && (status = check_extensible(reader, &effective)) != CLI_EXIT_OK)
        return status;
    if (effective == WAVE_FORMAT_PCM || effective == WAVE_FORMAT_IEEE_FLOAT)
        return check_pcm(reader, effective);
    if (tag == WAVE_FORMAT_IMA_ADPCM)
        return check_ima_adpcm(reader);
    if (tag == WAVE_FORMAT_ADPCM)
        return check_ms_adpcm(reader);
    if (tag == WAVE_FORMAT_GSM610 && reader->format->cbSize < 2) {
        wav_reader_warn(reader, "GSM 6.10 fmt chunk has no wSamplesPerBlock; using 320");
        add_samples_per_block(reader, 320);
    }
    return CLI_EXIT_OK;
}

uint64_t wav_samples_in_data(const WAVEFORMATEX *wfx, uint64_t bytes, bool *exact)
{
    WORD tag = cli_format_effective_tag(wfx, cli_format_size(wfx));
    DWORD align = wfx->nBlockAlign;
    DWORD per_block = cli_format_samples_per_block(wfx);
    *exact = true;
    if (per_block == 1)
        return bytes / align;
    uint64_t blocks = bytes / align, rest = bytes % align;
    if (per_block == 0) {
        *exact = false;
        return wfx->nAvgBytesPerSec ? bytes * wfx->nSamplesPerSec / wfx->nAvgBytesPerSec : 0;
    }
    uint64_t samples = blocks * per_block;
    unsigned channels = wfx->nChannels;
    if (tag == WAVE_FORMAT_IMA_ADPCM && rest >= 4u * channels)
        samples += 1 + (rest - 4u * channels) / (4u * channels) * 8;
    else if (tag == WAVE_FORMAT_ADPCM && rest >= 7u * channels)
        samples += 2 + (rest - 7u * channels) * 2 / channels;
    else if (rest)
        *exact = false;
    return samples;
}
