/*
 * mpeg_write.c - the Info frame at the start of a raw .mp3 the tool writes (wav_write.c's raw
 * mode): a Layer III frame that decodes as silence and carries, where players look for them,
 * the number of frames and bytes (Xing's "Info" fields for a constant bitrate, with a linear
 * seek table) and LAME's extension with the encoder delay and padding, so that players trim
 * them (gapless). The frame is reserved when the output opens and filled in at the end, once
 * the frames are counted and the samples the encoder received are known; outputs that cannot
 * seek back (standard output) get none. The encoder is LAME (the MPEG Layer-3 driver's), so
 * its delay is the driver's nCodecDelay less the decoders' 529 samples.
 *
 * The CRC-16 of the extension's music and tag fields is the reflected 0x8005 polynomial
 * (0xA001) from 0, as LAME writes it.
 */
#include <string.h>

#include "cli_int.h"

#define MPEG_DECODER_DELAY 529
#define LAME_EXTENSION_BYTES 36

static unsigned crc16(const BYTE *data, size_t size, unsigned crc)
{
    for (size_t i = 0; i < size; i++) {
        crc ^= data[i];
        for (int bit = 0; bit < 8; bit++)
            crc = (crc & 1) ? (crc >> 1) ^ 0xA001u : crc >> 1;
    }
    return crc & 0xFFFF;
}

/* The size of a Layer III frame with header bytes p (0 when they are not one). */
static size_t frame_size(const BYTE *p)
{
    mpeg_head h;
    return mpeg_parse_header(p, &h) && h.layer == 3 ? h.bytes : 0;
}

static size_t side_bytes(const mpeg_tag_writer *t)
{
    return mpeg_side_info_bytes(t->lsf, t->channels);
}

bool mpeg_tag_init(mpeg_tag_writer *t, const WAVEFORMATEX *target)
{
    memset(t, 0, sizeof *t);
    if (target->wFormatTag != WAVE_FORMAT_MPEGLAYER3 || target->cbSize < MPEGLAYER3_WFX_EXTRA_BYTES)
        return false;
    static const DWORD rates[9] = {44100, 48000, 32000, 22050, 24000, 16000, 11025, 12000, 8000};
    int index = -1;
    for (int i = 0; i < 9; i++)
        if (rates[i] == target->nSamplesPerSec)
            index = i;
    if (index < 0 || target->nChannels < 1 || target->nChannels > 2)
        return false;
    t->lsf = index >= 3;
    t->channels = target->nChannels;
    t->samples_per_frame = t->lsf ? 576 : 1152;
    t->kbps = (unsigned)(((uint64_t)target->nAvgBytesPerSec * 8 + 500) / 1000);
    WORD codec_delay = ((const MPEGLAYER3WAVEFORMAT *)target)->nCodecDelay;
    t->delay = codec_delay > MPEG_DECODER_DELAY ? codec_delay - MPEG_DECODER_DELAY : 576;
    /* The Info frame's bitrate: the stream's, or the smallest above it whose frame holds the
     * side information, the Xing fields and LAME's extension. */
    const size_t needed = 4 + side_bytes(t) + 120 + LAME_EXTENSION_BYTES;
    int bitrate = 1;
    while (bitrate < 14 && (mpeg_bitrate_kbps(t->lsf, 3, bitrate) < t->kbps ||
                            (size_t)(t->lsf ? 72 : 144) * mpeg_bitrate_kbps(t->lsf, 3, bitrate) * 1000 / rates[index] <
                                needed))
        bitrate++;
    t->header[0] = 0xFF;
    t->header[1] = (BYTE)(0xE0 | (index < 3 ? 3 : index < 6 ? 2 : 0) << 3 | 0x02 | 0x01);
    t->header[2] = (BYTE)(bitrate << 4 | (index % 3) << 2);
    t->header[3] = (BYTE)((t->channels == 1 ? 3 : 1) << 6 | 0x04);
    t->frame_bytes = frame_size(t->header);
    t->active = t->frame_bytes >= needed;
    return t->active;
}

void mpeg_tag_placeholder(const mpeg_tag_writer *t, BYTE *frame)
{
    memset(frame, 0, t->frame_bytes);
    memcpy(frame, t->header, 4);
}

void mpeg_tag_observe(mpeg_tag_writer *t, const BYTE *data, size_t size)
{
    if (!t->active)
        return;
    t->music_crc = crc16(data, size, t->music_crc);
    const uint64_t end = t->seen + size;
    while (!t->broken && t->next_at < end) {
        /* The header at next_at, possibly over two calls. */
        while (t->pending_len < 4 && t->next_at + t->pending_len < end) {
            t->pending[t->pending_len] = data[t->next_at + t->pending_len - t->seen];
            t->pending_len++;
        }
        if (t->pending_len < 4)
            break;
        size_t bytes = frame_size(t->pending);
        if (bytes == 0)
            t->broken = true; /* not the encoder's frames: no tag */
        t->next_at += bytes;
        t->pending_len = 0;
        t->frames++;
    }
    t->seen = end;
}

static void be32(BYTE *p, uint32_t v)
{
    p[0] = (BYTE)(v >> 24);
    p[1] = (BYTE)(v >> 16);
    p[2] = (BYTE)(v >> 8);
    p[3] = (BYTE)v;
}

bool mpeg_tag_frame(const mpeg_tag_writer *t, uint64_t samples, BYTE *frame)
{
    const uint64_t coded = (uint64_t)t->frames * t->samples_per_frame;
    const uint64_t total = t->frame_bytes + t->seen;
    if (!t->active || t->broken || t->next_at != t->seen || coded < t->delay + samples ||
        coded - t->delay - samples > 4095 || t->delay > 4095 || total > 0xFFFFFFFFu)
        return false;
    const uint32_t padding = (uint32_t)(coded - t->delay - samples);
    mpeg_tag_placeholder(t, frame);
    BYTE *x = frame + 4 + side_bytes(t);
    memcpy(x, "Info", 4);
    be32(x + 4, 0x0F); /* frames, bytes, seek table, quality */
    be32(x + 8, t->frames);
    be32(x + 12, (uint32_t)total);
    for (int i = 0; i < 100; i++)
        x[16 + i] = (BYTE)(i * 256 / 100); /* constant bitrate: a straight line */
    be32(x + 116, 0);                   /* quality: not given */
    BYTE *l = x + 120;
    memcpy(l, "LAME3.100", 9); /* the encoder: the driver's LAME (3.100 is its last release) */
    l[9] = 0x01;               /* tag revision 0, constant bitrate */
    l[20] = (BYTE)(t->kbps > 255 ? 255 : t->kbps);
    l[21] = (BYTE)(t->delay >> 4);
    l[22] = (BYTE)((t->delay & 0x0F) << 4 | padding >> 8);
    l[23] = (BYTE)padding;
    be32(l + 28, (uint32_t)total);
    const unsigned music = t->music_crc;
    l[32] = (BYTE)(music >> 8);
    l[33] = (BYTE)music;
    const unsigned tag = crc16(frame, (size_t)(l + 34 - frame), 0);
    l[34] = (BYTE)(tag >> 8);
    l[35] = (BYTE)tag;
    return true;
}
