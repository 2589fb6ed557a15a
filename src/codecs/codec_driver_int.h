/*
 * codec_driver_int.h - the shared skeleton of portacm's built-in ACM drivers.
 *
 * Each built-in codec (PCM converter, IMA ADPCM, MS ADPCM, G.711, and later GSM 6.10 and MPEG
 * Layer-3) is a real installable driver: its DriverProc is a one-line call to
 * pacm_codec_driver_proc() with the codec's descriptor. The skeleton answers every DRV_* and ACMDM_*
 * message the same way for all codecs (argument checks, filling the details structures up to
 * their cbStruct, standard-format enumeration, the suggestion conventions, stream bookkeeping)
 * and calls the descriptor only for what is codec-specific: which formats exist and are
 * accepted, which suggestion to make, and how a stream converts.
 *
 * Adding a codec = one descriptor (static const codec_descriptor), its format callbacks, a
 * stream_open that builds a codec_stream (most codecs use the block helper below), a
 * DriverProc wrapper, and one line in codecs_builtin.c.
 *
 * Thread safety: the skeleton keeps no mutable global state (instance IDs come from an atomic
 * counter); all conversion state lives in the codec_stream stored in the stream instance's
 * dwDriver, so any number of streams may run at once on any threads.
 *
 * The path of a buffer, top down (each level's callbacks have names of their own):
 *   acmStreamConvert (src/acm/acm_stream.c)
 *   -> ACMDM_STREAM_CONVERT sent to the codec's DriverProc (SendDriverMessage)
 *   -> skeleton: pacm_codec_driver_proc -> acmdm_stream_convert (codec_driver.c; also
 *      acmdm_stream_size, acmdm_stream_close)
 *   -> the codec's stream ops: codec_stream_ops.stream_convert (stream_size, stream_destroy).
 *      GSM and MPEG implement them themselves and end here; the PCM converter's lead on
 *      through its own levels (pcm/pcm_int.h: resampler, mixer, sample formats); the block
 *      codecs use the block helper's (block_convert in codec_driver.c), which cuts the buffer
 *      into whole blocks and a partial one and calls
 *   -> codec_block_stream.convert_blocks (reset_blocks, destroy_blocks): G.711 directly
 *      (g711_driver.c), the ADPCM codecs through
 *   -> the PCM block helper (codec_pcm_block.c: pcm_block_convert -> pcm_block_decode /
 *      pcm_block_encode: byte order, 8-bit PCM, staging), which calls the codec's
 *      codec_pcm_block_stream.decode / encode / encode_blocks (codec_reset, codec_destroy)
 *   -> the kernel (pacm_imaadpcm_decode_block, pacm_msadpcm_encode_blocks, pacm_g711_alaw_encode, ...), whose
 *      vector engine comes from its dispatch table (codec_simd_int.h).
 */
#ifndef PORTACM_CODEC_DRIVER_INT_H
#define PORTACM_CODEC_DRIVER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mmsystem.h"
#include "mmreg.h"
#include "msacm.h"
#include "msacmdrv.h"

/* The largest format structure any built-in codec writes (MS ADPCM with 7 coefficient pairs is
 * 50 bytes; WAVEFORMATEXTENSIBLE is 40). Scratch format buffers have this size. */
#define CODEC_MAX_FORMAT_SIZE 256u

/* A scratch buffer able to hold any format a codec builds, suitably aligned. */
typedef union codec_format_buffer {
    WAVEFORMATEX wfx;
    BYTE bytes[CODEC_MAX_FORMAT_SIZE];
    uint64_t align_;
} codec_format_buffer;

/* One format tag of a driver (a row of ACMFORMATTAGDETAILS). */
typedef struct codec_tag {
    WORD tag;             /* WAVE_FORMAT_* */
    WORD format_size;     /* cbFormatSize: the largest format of this tag the driver uses */
    DWORD standard_count; /* cStandardFormats: how many FORMAT_DETAILS(INDEX) enumerates */
    const char *name;     /* szFormatTag (ASCII) */
} codec_tag;

/* ---- streams --------------------------------------------------------------------------- */

typedef struct codec_stream codec_stream;

/* What a stream does. Every function receives the stream it belongs to. */
typedef struct codec_stream_ops {
    /* ACMDM_STREAM_SIZE. `flags` is ACM_STREAMSIZEF_SOURCE (in = source bytes, *out = the most
     * destination bytes converting them can produce) or ACM_STREAMSIZEF_DESTINATION (in =
     * destination bytes, *out = the most source bytes whose output is sure to fit). Returns
     * ACMERR_NOTPOSSIBLE where the answer would be 0 (less than one block) or overflow. */
    MMRESULT (*stream_size)(codec_stream *stream, DWORD flags, DWORD in, DWORD *out);
    /* ACMDM_STREAM_CONVERT: converts from src (src_length bytes) into dst (dst_length bytes),
     * never reading or writing past them, and reports the bytes consumed and produced.
     * `flags` is the header's fdwConvert (ACM_STREAMCONVERTF_*). */
    MMRESULT (*stream_convert)(codec_stream *stream, DWORD flags, const BYTE *src, DWORD src_length,
                               DWORD *src_used, BYTE *dst, DWORD dst_length, DWORD *dst_used);
    /* Frees the stream (ACMDM_STREAM_CLOSE). */
    void (*stream_destroy)(codec_stream *stream);
} codec_stream_ops;

/* The common head of every stream object; codecs embed it as their first member. */
struct codec_stream {
    const codec_stream_ops *ops;
};

/* ---- the block helper ----------------------------------------------------------------------
 * Most codecs convert in fixed blocks: `src_block` input bytes always give `dst_block` output
 * bytes (an ADPCM block and its PCM frames; one G.711 frame and its PCM frame). The helper
 * implements size and convert for them:
 *   - SIZE(SOURCE) = whole blocks, a trailing partial block rounded up to a whole one; less
 *     than one block -> ACMERR_NOTPOSSIBLE. SIZE(DESTINATION) = the whole blocks that fit.
 *   - CONVERT converts as many whole blocks as both buffers allow. Without
 *     ACM_STREAMCONVERTF_BLOCKALIGN, once every whole block is done, a trailing partial block
 *     (whole `src_unit`s, at least `partial_min` bytes) is converted too if the codec allows
 *     it (partial_min > 0) and its output fits. If not even one block's output fits the
 *     destination, the first block is converted, its output truncated to the destination and
 *     the block reported consumed (what native msadp32 does: Wine's conformance test).
 *   - ACM_STREAMCONVERTF_START calls `reset_blocks` before converting. */
typedef struct codec_block_stream codec_block_stream;
struct codec_block_stream {
    codec_stream base;
    DWORD src_block;   /* input bytes of one whole block */
    DWORD dst_block;   /* output bytes of one whole block */
    DWORD src_unit;    /* granularity of a partial block (e.g. a PCM frame), >= 1 */
    DWORD partial_min; /* bytes a partial block needs; 0 = partial blocks are never converted */
    /* Converts `length` input bytes: a whole number of blocks (length = k * src_block, k >= 1,
     * dst has room for k * dst_block bytes), or one partial block (length < src_block, dst has
     * room for dst_block bytes). Returns the output bytes written. */
    DWORD (*convert_blocks)(codec_block_stream *stream, const BYTE *src, DWORD length, BYTE *dst);
    void (*reset_blocks)(codec_block_stream *stream); /* may be NULL */
    void (*destroy_blocks)(codec_block_stream *stream); /* frees everything, including the stream */
    BYTE *scratch; /* dst_block bytes, owned by the helper (pacm_codec_block_stream_init) */
};

/* Completes a block stream whose fields above are set: allocates the scratch block and
 * installs the helper's ops. Returns MMSYSERR_NOMEM or MMSYSERR_NOERROR. On failure nothing is
 * freed: the caller still owns its object (destroy it itself). */
MMRESULT pacm_codec_block_stream_init(codec_block_stream *stream);

/* ---- the PCM <-> block codec helper --------------------------------------------------------
 * For codecs whose compressed side is blocks of `spb` frames and whose other side is 8- or
 * 16-bit PCM (IMA ADPCM, MS ADPCM). The codec supplies one function that decodes a block (or a
 * partial final block) into native int16 frames, or one that encodes spb native int16 frames
 * into a block; the helper does the rest: the block stream, little-endian 8/16-bit PCM on the
 * ACM side, and the per-stream sample buffer. Encoders convert whole blocks only, as Windows'
 * do: the frames after the last whole block are left unconsumed, never written as a short
 * block. */
#define CODEC_PCM_STAGE_BLOCKS 8
typedef struct codec_pcm_block_stream codec_pcm_block_stream;
struct codec_pcm_block_stream {
    codec_block_stream block;
    unsigned channels;
    size_t spb;         /* frames per block */
    WORD pcm_bits;      /* 8 or 16: the PCM side */
    int16_t *samples;   /* stage_blocks * spb * channels, owned by the helper */
    size_t stage_blocks; /* whole blocks `samples` holds: 1, or more for encode_blocks */
    /* Exactly one of these is set. decode: returns frames written (<= spb) or < 0 for a
     * damaged block (the helper then outputs silence for a whole block). encode: frames is
     * spb (whole blocks only); returns the bytes written. */
    ptrdiff_t (*decode)(codec_pcm_block_stream *stream, const BYTE *block, size_t size, int16_t *out);
    size_t (*encode)(codec_pcm_block_stream *stream, const int16_t *in, size_t frames, BYTE *block);
    /* Optional, with encode (may be NULL): encodes `blocks` (>= 2) whole blocks of spb native
     * int16 frames each into consecutive blocks, the same bytes as one encode call per block;
     * returns the bytes written. For codecs that go faster with several blocks at once. */
    size_t (*encode_blocks)(codec_pcm_block_stream *stream, const int16_t *in, size_t blocks, BYTE *dst);
    /* With encode_blocks set, pacm_codec_pcm_block_stream_finish enlarges `samples` to
     * CODEC_PCM_STAGE_BLOCKS blocks (when that allocation fails it keeps one), so runs of
     * whole blocks that cannot be used in place (8-bit PCM, odd addresses, big-endian hosts)
     * are converted that many at a time and still reach encode_blocks. */
    void (*codec_reset)(codec_pcm_block_stream *stream);   /* START; may be NULL */
    void (*codec_destroy)(codec_pcm_block_stream *stream); /* frees the codec's own data; may be NULL */
};

/* Allocates a stream object of `object_size` bytes (>= sizeof(codec_pcm_block_stream), the
 * codec's struct embedding it first) for decoding (`encode` false: src = blocks of
 * `block_align` bytes, dst = PCM) or encoding (src = PCM, dst = blocks). `partial_unit` and
 * `partial_min` describe which trailing partial blocks are decoded (see codec_block_stream);
 * encoding ignores them: it converts whole blocks only. The caller then sets decode
 * or encode (and its hooks) and calls pacm_codec_pcm_block_stream_finish. */
codec_pcm_block_stream *pacm_codec_pcm_block_stream_create(size_t object_size, bool encode, unsigned channels, size_t spb,
                                                      WORD pcm_bits, DWORD block_align, DWORD partial_unit,
                                                      DWORD partial_min);
/* Installs the ops; returns MMSYSERR_NOERROR, or frees the stream and returns MMSYSERR_NOMEM. */
MMRESULT pacm_codec_pcm_block_stream_finish(codec_pcm_block_stream *stream, codec_stream **out);

/* Windows' ADPCM block size for a rate: 256 bytes per channel up to 11025 Hz, 512 up to
 * 22050 Hz, 1024 above (256 mono at 8 kHz ... 2048 stereo at 44.1 kHz). */
WORD pacm_codec_adpcm_block_align(DWORD rate, WORD channels);

/* The suggestion every PCM <-> block codec makes: from PCM, the codec's format for the source's
 * rate and channels (make_format; at most max_encode_channels); from the codec's tag, PCM with
 * the same rate and channels, 16 bits unless 8 is asked for. Rate and channel requests other
 * than the source's, and a tag request other than the partner tag, are ACMERR_NOTPOSSIBLE. */
MMRESULT pacm_codec_block_suggest(const WAVEFORMATEX *src, const WAVEFORMATEX *request, DWORD flags, WAVEFORMATEX *out,
                             WORD compressed_tag, WORD codec_bits, WORD max_encode_channels,
                             void (*make_format)(WAVEFORMATEX *out, WORD channels, DWORD rate));

/* ---- descriptors ---------------------------------------------------------------------------- */

typedef struct codec_descriptor codec_descriptor;
struct codec_descriptor {
    /* ACMDRIVERDETAILS */
    const char *short_name; /* szShortName, e.g. "Microsoft IMA ADPCM" */
    const char *long_name;
    const char *copyright;
    const char *licensing;
    const char *features;
    WORD mid, pid;        /* wMid, wPid */
    DWORD version_acm;    /* vdwACM */
    DWORD version_driver; /* vdwDriver */
    DWORD support;        /* fdwSupport (ACMDRIVERDETAILS_SUPPORTF_CODEC / _CONVERTER) */

    const codec_tag *tags; /* the format tags, PCM first as Windows' codecs list them */
    DWORD tag_count;

    /* Writes standard format `index` (< tags[tag_index].standard_count) of a tag into `out`, a
     * zeroed buffer of CODEC_MAX_FORMAT_SIZE bytes. Every standard format must be accepted by
     * format_supported. */
    void (*standard_format)(DWORD tag_index, DWORD index, WAVEFORMATEX *out);

    /* Whether the driver can convert from or to `wfx` (ACMDM_FORMAT_DETAILS with
     * ACM_FORMATDETAILSF_FORMAT). `size` is the number of readable bytes (at least 16; 18 +
     * cbSize for a non-PCM tag has already been checked). Must range-check every field. */
    bool (*format_supported)(const WAVEFORMATEX *wfx, DWORD size);

    /* Builds the suggestion for `src` (already accepted by format_supported) into `out` (a
     * zeroed CODEC_MAX_FORMAT_SIZE buffer). `request` holds the caller's destination: its
     * wFormatTag, nChannels, nSamplesPerSec and wBitsPerSample are binding when the matching
     * ACM_FORMATSUGGESTF_* bit is set in `flags`; other fields are to be chosen (by convention
     * copied from the source). Returns ACMERR_NOTPOSSIBLE when it cannot comply. The skeleton
     * then checks the result with stream_open(QUERY). */
    MMRESULT (*suggest)(const WAVEFORMATEX *src, const WAVEFORMATEX *request, DWORD flags, WAVEFORMATEX *out);

    /* Validates the pair (and the ACM_STREAMOPENF_NONREALTIME choice in fdw_open) and, when
     * `stream` is not NULL, creates the stream. With stream == NULL (ACM_STREAMOPENF_QUERY)
     * nothing may be allocated. The formats are readable for 16 bytes (PCM) or 18 + cbSize. */
    MMRESULT (*stream_open)(const WAVEFORMATEX *src, const WAVEFORMATEX *dst, DWORD fdw_open, codec_stream **stream);

    /* Optional: the szFormat text of a format the driver enumerates or accepted (standard or
     * checked by format_supported), when Windows' codec words it otherwise than
     * pacm_codecs_format_text does (MPEG Layer-3 leads with the bitrate). Writes a terminated
     * ASCII text of at most `capacity` bytes. NULL: pacm_codecs_format_text. */
    void (*format_text)(const WAVEFORMATEX *wfx, char *text, size_t capacity);
};

/* The generic DriverProc body: every codec's DriverProc is
 *   return pacm_codec_driver_proc(&my_descriptor, id, hdrvr, msg, lParam1, lParam2); */
LRESULT pacm_codec_driver_proc(const codec_descriptor *codec, DWORD_PTR driver_id, HDRVR hdrvr, UINT message,
                          LPARAM lParam1, LPARAM lParam2);

/* ---- helpers shared by the codecs ------------------------------------------------------------ */

/* The readable size of a format the ACM hands to a driver: 16 for WAVE_FORMAT_PCM (the ACM
 * may pass a PCMWAVEFORMAT), 18 + cbSize otherwise. */
DWORD pacm_codec_format_size(const WAVEFORMATEX *wfx);

/* Fills a PCM WAVEFORMATEX (cbSize 0) with consistent nBlockAlign and nAvgBytesPerSec. */
void pacm_codec_set_pcm(WAVEFORMATEX *wfx, WORD channels, DWORD rate, WORD bits);

/* True when a WAVE_FORMAT_PCM format has the given bits, 1..max_channels channels, a non-zero
 * rate, nBlockAlign == channels * bits / 8 and nAvgBytesPerSec == rate * nBlockAlign (computed
 * in 32 bits, as a Windows program computes it). */
bool pacm_codec_pcm_valid(const WAVEFORMATEX *wfx, WORD bits, WORD max_channels);

/* "Mono", "Stereo" or "<n> Channels": how Windows' codecs name a channel count in szFormat. */
void pacm_codec_channels_text(WORD channels, char *text, size_t capacity);

/* The samples rates of the standard formats of Windows' codecs (8000, 11025, 22050, 44100). */
extern const DWORD pacm_codec_standard_rates[4];

/* Little-endian sample access on possibly unaligned buffers. */
static inline int16_t codec_read_s16(const BYTE *p)
{
    return (int16_t)(uint16_t)((unsigned)p[0] | ((unsigned)p[1] << 8));
}
static inline void codec_write_s16(BYTE *p, int16_t v)
{
    p[0] = (BYTE)((uint16_t)v & 0xFF);
    p[1] = (BYTE)((uint16_t)v >> 8);
}

/* True when `p` can be used as native int16_t samples in place: a little-endian host and a
 * 2-byte aligned address. Then the conversions below are plain copies, and the drivers pass
 * the ACM buffers straight to the kernels instead (no copy). */
bool pacm_codec_s16_in_place(const void *p);

/* Converts n samples between little-endian PCM bytes (8-bit unsigned or 16-bit signed) and
 * native int16: 8-bit b -> (b - 128) << 8; int16 s -> 8-bit (s >> 8) + 128 (Windows' mappings). */
void pacm_codec_pcm_to_s16(const BYTE *src, WORD bits, int16_t *out, size_t n);
void pacm_codec_s16_to_pcm(const int16_t *in, BYTE *dst, WORD bits, size_t n);

/* ---- the built-in drivers (each file's DriverProc and descriptor) ------------------------------ */
LRESULT CALLBACK pacm_pcm_driver_proc(DWORD_PTR driver_id, HDRVR hdrvr, UINT message, LPARAM lParam1, LPARAM lParam2);
LRESULT CALLBACK pacm_imaadpcm_driver_proc(DWORD_PTR driver_id, HDRVR hdrvr, UINT message, LPARAM lParam1,
                                      LPARAM lParam2);
LRESULT CALLBACK pacm_msadpcm_driver_proc(DWORD_PTR driver_id, HDRVR hdrvr, UINT message, LPARAM lParam1,
                                     LPARAM lParam2);
LRESULT CALLBACK pacm_g711_driver_proc(DWORD_PTR driver_id, HDRVR hdrvr, UINT message, LPARAM lParam1, LPARAM lParam2);
extern const codec_descriptor pacm_pcm_descriptor;
extern const codec_descriptor pacm_imaadpcm_descriptor;
extern const codec_descriptor pacm_msadpcm_descriptor;
extern const codec_descriptor pacm_g711_descriptor;

#endif /* PORTACM_CODEC_DRIVER_INT_H */
