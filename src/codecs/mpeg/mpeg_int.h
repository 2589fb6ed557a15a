/*
 * mpeg_int.h - what the three files of the MPEG audio driver share: the format rules
 * (mpeg_driver.c), the decoder stream over libmpg123 (mpeg_decode.c) and the encoder stream
 * over LAME (mpeg_encode.c).
 */
#ifndef PORTACM_MPEG_INT_H
#define PORTACM_MPEG_INT_H

#include "../codec_driver_int.h"

/* The built-in "MPEG Layer-3 Codec" ACM driver (l3codeca.acm), for the built-in list
 * (codecs_builtin.c) and the tests that talk to its DriverProc directly. */
LRESULT CALLBACK pacm_mpeg_driver_proc(DWORD_PTR driver_id, HDRVR hdrvr, UINT message, LPARAM lParam1, LPARAM lParam2);
extern const codec_descriptor pacm_mpeg_descriptor;

/* The nine sample rates of MPEG audio: MPEG-1 (32000, 44100, 48000), MPEG-2 (16000, 22050,
 * 24000) and MPEG-2.5 (8000, 11025, 12000), ascending. */
#define MPEG_RATE_COUNT 9
extern const DWORD pacm_mpeg_rates[MPEG_RATE_COUNT];

bool pacm_mpeg_rate_valid(DWORD rate);
/* Layer-3 samples per frame at `rate`: 1152 for MPEG-1, 576 for MPEG-2 and 2.5. */
DWORD pacm_mpeg_layer3_frame_samples(DWORD rate);
/* How many layer-3 bitrates the driver encodes at `rate`: the 14 of ISO/IEC 11172-3 (MPEG-1)
 * or 13818-3 (MPEG-2); MPEG-2.5 (not an ISO standard) uses the MPEG-2 table, but LAME only
 * writes its first 8 (8 to 64 kbit/s), so those 8. */
unsigned pacm_mpeg_layer3_bitrate_count(DWORD rate);
/* Layer-3 bitrate `index` (< pacm_mpeg_layer3_bitrate_count) in kbit/s at `rate`, ascending. */
unsigned pacm_mpeg_layer3_bitrate(DWORD rate, unsigned index);
/* True when `kbps` is a legal layer-3 bitrate at `rate`. */
bool pacm_mpeg_layer3_bitrate_valid(DWORD rate, unsigned kbps);
/* Bytes of an unpadded layer-3 frame: samples/8 * bitrate / rate (144 * bitrate / rate for
 * MPEG-1, 72 * bitrate / rate for MPEG-2 and 2.5), truncated. */
DWORD pacm_mpeg_layer3_frame_bytes(DWORD rate, unsigned kbps);

/* The samples our decoded output lags its encoder's input by, for streams we encode: LAME's
 * encoder delay (576) plus the layer-3 decoder delay of libmpg123 (529). Reported as
 * nCodecDelay of the formats the encoder writes. */
#define MPEG_CODEC_DELAY (576 + 529)

/* Creates (stream != NULL) a decoder from MPEG audio (tag MPEGLAYER3 or MPEG) to `dst`
 * (8- or 16-bit PCM with the source's rate and channels, already checked). */
MMRESULT pacm_mpeg_decoder_open(const WAVEFORMATEX *src, const WAVEFORMATEX *dst, codec_stream **stream);
/* What both decoders share (mpeg_decode.c). SIZE for a decoder whose output frames are
 * `output_frame` bytes: from nAvgBytesPerSec with 1152 samples per frame and one frame of
 * margin (docs/codecs.md); ACMERR_NOTPOSSIBLE without a bitrate or for an answer out of range. */
MMRESULT pacm_mpeg_decoded_size(DWORD average_bytes, DWORD rate, DWORD output_frame, DWORD flags, DWORD in,
                                DWORD *out);
/* Moves the whole sample frames of spill[*pos .. count) that fit `room` to dst in the output's
 * bits (8 or 16) and advances *pos; returns the bytes written. */
DWORD pacm_mpeg_drain_spill(const int16_t *spill, size_t *pos, size_t count, WORD channels, WORD bits, BYTE *dst,
                            DWORD room);
/* The two decoders pacm_mpeg_decoder_open chooses from (PORTACM_MP3_DECODER, docs/codecs.md):
 * portacm's own Layer III decoder (mpeg_decode_own.c, over mp3_int.h; the default for
 * WAVE_FORMAT_MPEGLAYER3), which hands a stream that turns out to be Layer I/II or free format
 * to libmpg123 (mpeg_decode.c; the only one for WAVE_FORMAT_MPEG, and chosen with
 * PORTACM_MP3_DECODER=mpg123). */
MMRESULT pacm_mpeg_mpg123_decoder_open(const WAVEFORMATEX *src, const WAVEFORMATEX *dst, codec_stream **stream);
MMRESULT pacm_mpeg_own_decoder_open(const WAVEFORMATEX *src, const WAVEFORMATEX *dst, codec_stream **stream);
/* Creates an encoder from `src` (8- or 16-bit PCM) to the layer-3 format `dst` (rate,
 * channels and a legal CBR bitrate already checked); `high_quality` for NONREALTIME. */
MMRESULT pacm_mpeg_encoder_open(const WAVEFORMATEX *src, const WAVEFORMATEX *dst, bool high_quality,
                           codec_stream **stream);

#endif /* PORTACM_MPEG_INT_H */
