/*
 * mpeg_read.c - raw MPEG audio files (.mp3, .mp2, .mpa: frames, perhaps after an ID3v2 tag and
 * before ID3v1 or APEv2 tags) as the tool's input, the WAV reader's fallback when a file has
 * no RIFF header (wav_read.c). The stream is described by the format an ACM decoder takes,
 * built from the first frame that the next two confirm (same version, layer and rate):
 * MPEGLAYER3WAVEFORMAT for Layer III, MPEG1WAVEFORMAT for Layers I and II. The data is the
 * stream from that frame on; the decoders skip later tags and junk themselves. A Xing, Info or
 * VBRI frame (the encoder's table for VBR seeking and gapless playback, which would decode as
 * a frame of silence) is left out of the data, and its frame count gives the samples; LAME's
 * extension of it gives the encoder delay and padding, which convert trims (convert.c).
 * Pipes work too: the bytes read to find the first frame are served again (reader->pending).
 */
#include <stdlib.h>
#include <string.h>

#include "wav_read_int.h"

#define MPEG_PROBE 16384

/* kbit/s by bitrate index: MPEG-1 layers I, II, III; MPEG-2 and 2.5 layer I; layers II, III. */
static const unsigned short kbps_table[5][15] = {
    {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
    {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
    {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
    {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
    {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
};

unsigned mpeg_bitrate_kbps(bool lsf, int layer, int index)
{
    return kbps_table[lsf ? (layer == 1 ? 3 : 4) : layer - 1][index];
}

size_t mpeg_side_info_bytes(bool lsf, WORD channels)
{
    return lsf ? (channels == 1 ? 9 : 17) : (channels == 1 ? 17 : 32);
}

bool mpeg_parse_header(const BYTE *p, mpeg_head *h)
{
    static const DWORD rates[3] = {44100, 48000, 32000};
    if (p[0] != 0xFF || (p[1] & 0xE0) != 0xE0)
        return false;
    h->version = (p[1] >> 3) & 3;
    h->layer = 4 - ((p[1] >> 1) & 3);
    const int bitrate = p[2] >> 4, rate = (p[2] >> 2) & 3;
    if (h->version == 1 || h->layer == 4 || bitrate == 0 || bitrate == 15 || rate == 3)
        return false; /* reserved values, or free format (its frame size is not in the header) */
    const bool lsf = h->version != 3;
    h->crc = !(p[1] & 1);
    h->rate = rates[rate] >> (h->version == 3 ? 0 : h->version == 2 ? 1 : 2);
    h->kbps = mpeg_bitrate_kbps(lsf, h->layer, bitrate);
    const size_t padding = (p[2] >> 1) & 1, bps = (size_t)h->kbps * 1000;
    h->mode = p[3] >> 6;
    h->mode_ext = (p[3] >> 4) & 3;
    h->emphasis = p[3] & 3;
    h->flags = (BYTE)((p[2] & 1) | (p[3] & 0x0C));
    h->channels = h->mode == 3 ? 1 : 2;
    if (h->layer == 1) {
        h->samples = 384;
        h->bytes = (12 * bps / h->rate + padding) * 4;
    } else {
        h->samples = h->layer == 3 && lsf ? 576 : 1152;
        h->bytes = (h->layer == 3 && lsf ? 72 : 144) * bps / h->rate + padding;
    }
    return true;
}

static bool same_stream(const mpeg_head *a, const mpeg_head *b)
{
    return a->version == b->version && a->layer == b->layer && a->rate == b->rate;
}

/* Whether a frame of header h starts at probe[p]: the two headers after it follow (or the
 * probe, the whole file, ends within them). */
static bool confirmed_at(const BYTE *probe, size_t len, bool whole, size_t p, mpeg_head *h)
{
    if (!mpeg_parse_header(probe + p, h))
        return false;
    size_t next = p + h->bytes;
    for (int i = 0; i < 2; i++) {
        mpeg_head n;
        if (next + 4 > len)
            return whole && next <= len + 4;
        if (!mpeg_parse_header(probe + next, &n) || !same_stream(h, &n))
            return false;
        next += n.bytes;
    }
    return true;
}

static DWORD be32(const BYTE *p)
{
    return (DWORD)p[0] << 24 | (DWORD)p[1] << 16 | (DWORD)p[2] << 8 | p[3];
}

/* What a Xing/Info or VBRI frame says: the stream's frames and bytes (0 when not given), and
 * from LAME's extension of the Xing header the encoder delay and padding. */
typedef struct vbr_info {
    DWORD frames, bytes;
    bool lame;
    DWORD delay, padding;
} vbr_info;

/* LAME's extension after the Xing fields at `q` (an encoder string, then 12 bits of delay and
 * 12 of padding at offset 21). */
static void lame_extension(const BYTE *f, size_t len, const mpeg_head *h, size_t q, vbr_info *v)
{
    if (q + 24 > len || q + 24 > h->bytes)
        return;
    if (memcmp(f + q, "LAME", 4) != 0 && memcmp(f + q, "Lavc", 4) != 0 && memcmp(f + q, "Lavf", 4) != 0 &&
        memcmp(f + q, "L3.9", 4) != 0)
        return;
    v->lame = true;
    v->delay = (DWORD)f[q + 21] << 4 | f[q + 22] >> 4;
    v->padding = (DWORD)(f[q + 22] & 0x0F) << 8 | f[q + 23];
}

/* A Xing/Info or VBRI frame at `f` (Layer III): true, with what it says in *v. */
static bool vbr_header(const BYTE *f, size_t len, const mpeg_head *h, vbr_info *v)
{
    memset(v, 0, sizeof *v);
    if (h->layer != 3)
        return false;
    const size_t at = 4 + (h->crc ? 2 : 0) + mpeg_side_info_bytes(h->version != 3, h->channels);
    if (at + 16 <= len && at + 16 <= h->bytes && (!memcmp(f + at, "Xing", 4) || !memcmp(f + at, "Info", 4))) {
        const DWORD fields = be32(f + at + 4);
        size_t q = at + 8;
        if (fields & 1) {
            v->frames = be32(f + q);
            q += 4;
        }
        if ((fields & 2) && q + 4 <= len && q + 4 <= h->bytes)
            v->bytes = be32(f + q);
        q += (fields & 2) ? 4 : 0;
        q += (fields & 4) ? 100 : 0; /* the seek table */
        q += (fields & 8) ? 4 : 0;   /* the quality */
        lame_extension(f, len, h, q, v);
        return true;
    }
    if (36 + 18 <= len && 36 + 18 <= h->bytes && !memcmp(f + 36, "VBRI", 4)) {
        v->bytes = be32(f + 36 + 10);
        v->frames = be32(f + 36 + 14);
        return true;
    }
    return false;
}

/* The WAVEFORMATEX part both MPEG formats share (`size` bytes in all, zeroed first). */
static void common_fields(WAVEFORMATEX *wfx, size_t size, WORD tag, const mpeg_head *h, DWORD avg)
{
    memset(wfx, 0, size);
    wfx->wFormatTag = tag;
    wfx->nChannels = h->channels;
    wfx->nSamplesPerSec = h->rate;
    wfx->nAvgBytesPerSec = avg;
    wfx->nBlockAlign = 1; /* no fixed block: frames differ by the padding byte */
    wfx->cbSize = (WORD)(size - sizeof(WAVEFORMATEX));
}

/* The ACM format of the stream whose first frame is h (avg: bytes per second). */
static WAVEFORMATEX *stream_format(const mpeg_head *h, DWORD avg)
{
    if (h->layer == 3) {
        MPEGLAYER3WAVEFORMAT *f = cli_alloc(sizeof *f);
        common_fields(&f->wfx, sizeof *f, WAVE_FORMAT_MPEGLAYER3, h, avg);
        f->wID = MPEGLAYER3_ID_MPEG;
        f->fdwFlags = MPEGLAYER3_FLAG_PADDING_ISO;
        f->nBlockSize = (WORD)(h->samples / 8 * h->kbps * 1000 / h->rate);
        f->nFramesPerBlock = 1;
        return &f->wfx;
    }
    static const WORD modes[4] = {ACM_MPEG_STEREO, ACM_MPEG_JOINTSTEREO, ACM_MPEG_DUALCHANNEL, ACM_MPEG_SINGLECHANNEL};
    MPEG1WAVEFORMAT *f = cli_alloc(sizeof *f);
    common_fields(&f->wfx, sizeof *f, WAVE_FORMAT_MPEG, h, avg);
    f->fwHeadLayer = h->layer == 1 ? ACM_MPEG_LAYER1 : ACM_MPEG_LAYER2;
    f->dwHeadBitrate = h->kbps * 1000;
    f->fwHeadMode = modes[h->mode];
    f->fwHeadModeExt = (WORD)(1u << h->mode_ext);
    f->wHeadEmphasis = (WORD)(h->emphasis + 1);
    f->fwHeadFlags = (WORD)((h->flags & 1 ? ACM_MPEG_PRIVATEBIT : 0) | (h->flags & 8 ? ACM_MPEG_COPYRIGHT : 0) |
                            (h->flags & 4 ? ACM_MPEG_ORIGINALHOME : 0) | (h->crc ? ACM_MPEG_PROTECTIONBIT : 0) |
                            (h->version == 3 ? ACM_MPEG_ID_MPEG1 : 0));
    return &f->wfx;
}

/* The length of the ID3v2 tag at p (10 bytes there), 0 when none. */
static uint64_t id3v2_length(const BYTE *p)
{
    if (memcmp(p, "ID3", 3) != 0 || p[3] == 0xFF || p[4] == 0xFF || ((p[6] | p[7] | p[8] | p[9]) & 0x80))
        return 0;
    uint64_t size = (uint64_t)p[6] << 21 | (uint64_t)p[7] << 14 | (uint64_t)p[8] << 7 | p[9];
    return 10 + size + ((p[5] & 0x10) ? 10 : 0);
}

/* Fills the probe from where the reader is; returns its length. */
static size_t fill_probe(wav_reader *reader, BYTE *probe, size_t have)
{
    long got = wav_read_bytes(reader, probe + have, MPEG_PROBE - have);
    return have + (got > 0 ? (size_t)got : 0);
}

int mpeg_open_read(wav_reader *reader, const BYTE *head, size_t head_len)
{
    BYTE *probe = cli_alloc(MPEG_PROBE);
    memcpy(probe, head, head_len);
    uint64_t probe_at = 0; /* the file offset of probe[0] */
    size_t len = fill_probe(reader, probe, head_len);
    if (len >= 10 && (reader->id3v2_bytes = id3v2_length(probe)) != 0) {
        if (reader->id3v2_bytes < len) {
            len -= (size_t)reader->id3v2_bytes;
            memmove(probe, probe + reader->id3v2_bytes, len);
        } else if (wav_move_to(reader, reader->id3v2_bytes)) {
            len = fill_probe(reader, probe, 0);
        } else {
            len = 0;
        }
        probe_at = reader->id3v2_bytes;
    }
    const bool whole = len < MPEG_PROBE; /* the probe holds the rest of the file */
    mpeg_head h;
    memset(&h, 0, sizeof h);
    size_t p = 0;
    while (p + 4 <= len && !confirmed_at(probe, len, whole, p, &h))
        p++;
    if (p + 4 > len) {
        free(probe);
        cli_error(reader->name, "not a WAV file (no RIFF/WAVE header) nor MPEG audio (no frames)");
        return CLI_EXIT_BAD_INPUT;
    }
    vbr_info v;
    size_t skip = 0;
    if (vbr_header(probe + p, len - p, &h, &v))
        skip = h.bytes < len - p ? h.bytes : len - p;
    const DWORD frames = v.frames, bytes = v.bytes;
    /* Gapless: the decoders' 529-sample delay comes on top of the encoder's. */
    const uint64_t coded = (uint64_t)frames * h.samples;
    if (v.lame && frames && coded > (uint64_t)v.delay + v.padding) {
        reader->gapless = true;
        reader->gapless_delay = v.delay;
        reader->gapless_padding = v.padding;
        reader->gapless_samples = coded - v.delay - v.padding;
    }
    /* The average rate: the VBR header's bytes over its duration when they make sense (8 to
     * 640 kbit/s), else the first frame's bitrate. */
    DWORD avg = h.kbps * 125;
    if (frames && bytes > h.bytes) {
        uint64_t average = (uint64_t)(bytes - h.bytes) * h.rate / ((uint64_t)frames * h.samples);
        if (average >= 1000 && average <= 80000)
            avg = (DWORD)average;
    }
    reader->mpeg = true;
    reader->vbr_header = skip != 0;
    reader->format = stream_format(&h, avg);
    reader->data_offset = probe_at + p + skip;
    if (reader->seekable) {
        reader->data_size = (uint64_t)reader->file_size - reader->data_offset;
        reader->data_declared = reader->data_size;
    } else {
        reader->data_size = UINT64_MAX;
        reader->data_size_unknown = true;
    }
    if (reader->gapless) {
        reader->data_samples = reader->gapless_samples; /* what convert outputs */
        reader->data_samples_exact = true;
    } else if (frames) {
        reader->data_samples = (uint64_t)frames * h.samples;
        reader->data_samples_exact = false;
    } else if (reader->data_size != UINT64_MAX) {
        reader->data_samples = wav_samples_in_data(reader->format, reader->data_size, &reader->data_samples_exact);
    }
    reader->data_remaining = reader->data_size;
    int status = CLI_EXIT_OK;
    if (reader->seekable) {
        free(probe);
        if (!wav_move_to(reader, reader->data_offset)) {
            cli_error(reader->name, "cannot seek to the first frame");
            status = CLI_EXIT_FAILURE;
        }
    } else {
        /* What the probe read after the first frame's start is served again. */
        memmove(probe, probe + p + skip, len - p - skip);
        reader->pending = probe;
        reader->pending_len = len - p - skip;
        reader->position = reader->data_offset;
    }
    return status;
}
