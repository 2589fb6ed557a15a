/*
 * cli_int.h - what the parts of the `portacm` tool share: exit codes, diagnostics, the WAV
 * reader and writer (built on portacm's mmio), format names and descriptions, the JSON
 * writer and the progress bar. The tool uses only the public API (include/portacm).
 */
#ifndef PORTACM_CLI_INT_H
#define PORTACM_CLI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <windows.h>
#include <mmsystem.h>
#include <mmreg.h>
#include <msacm.h>

/* ---- exit codes (documented in --help and docs/portacm.1) ------------------------------- */
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_FAILURE = 1,     /* I/O error or a conversion that failed midway */
    CLI_EXIT_USAGE = 2,       /* bad command line */
    CLI_EXIT_UNSUPPORTED = 3, /* no driver or chain of drivers can do the conversion */
    CLI_EXIT_BAD_INPUT = 4,   /* the input is not a WAV file we can read, or its header is invalid */
    CLI_EXIT_EXISTS = 5,      /* the output exists and neither -y nor --force was given */
};

/* Most parallel jobs (-j): the temporary-file registry that the signal handler empties holds
 * this many outputs (wav_write.c), so a larger -j is refused rather than left uncleaned. */
#define CLI_MAX_JOBS 1024

/* ---- diagnostics ------------------------------------------------------------------------ */

/* Global switches set by main. */
extern int cli_verbose; /* -v count */
extern bool cli_quiet;  /* -q */

/* Prints one line "portacm: <subject>: <message>" on stderr (subject may be NULL) in a single
 * write, so lines from parallel jobs never interleave. */
void cli_error(const char *subject, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Same as cli_error but prefixed "warning:"; silent with -q. */
void cli_warn(const char *subject, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* A message shown with -v only. */
void cli_info(const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Allocation that exits the tool with a message when memory runs out (the CLI has no way to
 * continue usefully). */
void *cli_alloc(size_t size);
void *cli_realloc(void *block, size_t size);
char *cli_strdup(const char *text);

/* ---- string list ------------------------------------------------------------------------ */
typedef struct cli_strings {
    char **items;
    size_t count;
} cli_strings;
void cli_strings_add(cli_strings *list, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void cli_strings_free(cli_strings *list);

/* ---- formats (formats.c) ---------------------------------------------------------------- */

/* Largest format structure the tool handles (cbSize is a WORD). */
#define CLI_MAX_FORMAT_SIZE (sizeof(WAVEFORMATEX) + 0xFFFF)

/* A format name given on the command line. */
typedef struct cli_format_name {
    const char *name;
    WORD tag;
    WORD bits; /* 0: not implied */
    const char *description;
} cli_format_name;

/* Resolves "pcm16", "ima-adpcm", "0x11", "17" ... Returns false for an unknown name. */
bool cli_format_parse(const char *text, WORD *tag, WORD *bits);
/* The table of names (terminated by a NULL name). */
const cli_format_name *cli_format_names(void);
/* A short name for a tag ("ima-adpcm"), or NULL. */
const char *cli_format_short_name(WORD tag);
/* The tag that really describes the encoding: for WAVE_FORMAT_EXTENSIBLE, the tag of the
 * sub-format GUID when it follows the {tag-0000-0010-8000-00AA00389B71} pattern. */
WORD cli_format_effective_tag(const WAVEFORMATEX *wfx, size_t size);
/* True for integer PCM or IEEE float (plain or extensible). */
bool cli_format_is_pcm(const WAVEFORMATEX *wfx, size_t size);
/* The size of a format structure: 16/18 + cbSize (cbSize is trusted; validated formats only). */
size_t cli_format_size(const WAVEFORMATEX *wfx);
/* A copy of a format (cli_alloc). Only for formats whose cbSize is known to fit their
 * allocation: validated input formats and copies made by cli_format_copy_bounded. */
WAVEFORMATEX *cli_format_copy(const WAVEFORMATEX *wfx);
/* A copy of a format a driver wrote into a buffer of `capacity` bytes (suggestions,
 * enumerations): at most 18 + cbSize bytes and never past the buffer; when the driver's cbSize
 * does not fit, a warning names `subject` and the copy's cbSize is lowered to what was copied,
 * so every later use stays inside the copy. */
WAVEFORMATEX *cli_format_copy_bounded(const char *subject, const WAVEFORMATEX *wfx, size_t capacity);
/* One line: "IMA ADPCM, 22050 Hz, stereo, 4-bit, block 1024" (uses the ACM's names when a
 * driver knows the tag). */
void cli_format_describe(const WAVEFORMATEX *wfx, char *text, size_t size);
/* The ACM's name of a tag, or "" when no driver knows it. */
void cli_format_tag_name(WORD tag, char *text, size_t size);
/* Samples per block of a block-based format (IMA, MS ADPCM, GSM; 1 for PCM-like formats), 0
 * when not known. */
DWORD cli_format_samples_per_block(const WAVEFORMATEX *wfx);

struct json_writer;
/* Prints every field of a format structure, as text (indented) or as a JSON object member
 * named `key`. */
void cli_format_print_fields(FILE *out, const WAVEFORMATEX *wfx, const char *indent);
void cli_format_json_fields(struct json_writer *json, const char *key, const WAVEFORMATEX *wfx);

/* ---- JSON writer (json.c) --------------------------------------------------------------- */
typedef struct json_writer {
    FILE *out;
    int depth;
    bool first[64]; /* no member written yet at this depth */
} json_writer;

void json_init(json_writer *json, FILE *out);
/* `key` is NULL for array elements and for the top-level value. */
void json_object_begin(json_writer *json, const char *key);
void json_object_end(json_writer *json);
void json_array_begin(json_writer *json, const char *key);
void json_array_end(json_writer *json);
void json_string(json_writer *json, const char *key, const char *value);
void json_uint(json_writer *json, const char *key, uint64_t value);
void json_int(json_writer *json, const char *key, int64_t value);
void json_double(json_writer *json, const char *key, double value);
void json_bool(json_writer *json, const char *key, bool value);
void json_null(json_writer *json, const char *key);
/* Ends the document with a newline. */
void json_finish(json_writer *json);

/* ---- progress bar (progress.c) ---------------------------------------------------------- */

/* Starts a progress display for `total` units of work (0 when unknown). It shows only when
 * stderr is a terminal, -q was not given and the work takes longer than a moment. Thread-safe. */
void progress_begin(uint64_t total, const char *label);
void progress_add(uint64_t done);
void progress_end(void);

/* ---- WAV reader (wav_read.c) ------------------------------------------------------------ */

/* What to do with a `fact` chunk that disagrees with the data. */
typedef enum cli_fact_policy {
    CLI_FACT_ALL,    /* decode all the data, as Windows does (default) */
    CLI_FACT_TRIM,   /* stop decoding at the fact sample count */
    CLI_FACT_STRICT, /* refuse the file */
} cli_fact_policy;

typedef struct wav_chunk {
    char id[5];      /* printable copy of the FOURCC */
    FOURCC fourcc;
    uint64_t offset; /* of the chunk header */
    uint64_t size;   /* declared size (the ds64 value for RF64 sizes) */
    uint64_t available; /* bytes of the body present in the file */
    bool kept;          /* copied to the output with --keep-chunks */
} wav_chunk;

typedef struct wav_reader {
    const char *name; /* for messages ("-" reads stdin) */
    HMMIO mmio;
    bool from_stdin;
    bool seekable;
    int64_t file_size; /* -1 when unknown (pipe) */
    uint64_t position; /* where the next mmioRead reads */
    bool rf64;
    FOURCC riff_id;
    uint64_t riff_size;
    /* fmt */
    WAVEFORMATEX *format; /* validated copy, cbSize consistent with the structure */
    DWORD fmt_chunk_size;
    /* fact */
    bool has_fact;
    uint64_t fact_samples;
    bool fact_disagrees;
    /* data */
    uint64_t data_offset;   /* of the data body */
    uint64_t data_size;     /* bytes to read (after clamping to the file) */
    uint64_t data_declared; /* as written in the header */
    bool data_size_unknown; /* streaming writer: 0 / 0xFFFFFFFF, read to the end */
    bool data_truncated;    /* the file ends before the declared size */
    uint64_t data_remaining;
    uint64_t data_read;
    /* derived */
    uint64_t data_samples; /* sample frames computed from the data (0 when unknown) */
    bool data_samples_exact;
    /* raw MPEG audio (mpeg_read.c): no RIFF header; the data is the frames from data_offset */
    bool mpeg;
    uint64_t id3v2_bytes;  /* the ID3v2 tag before the first frame */
    bool vbr_header;       /* a Xing/Info/VBRI frame, left out of the data */
    bool gapless;          /* LAME's tag gave the encoder delay and padding */
    DWORD gapless_delay;   /* samples the encoder added in front, and at the end */
    DWORD gapless_padding;
    uint64_t gapless_samples; /* the samples the encoder was given */
    BYTE *pending;         /* bytes a pipe's probe read ahead, served first */
    size_t pending_pos, pending_len;
    /* everything seen */
    wav_chunk *chunks;
    size_t chunk_count;
    cli_strings warnings;
    /* unknown chunks kept for the output: bodies, loaded on request */
} wav_reader;

/* Opens and parses a WAV/RF64 file ("-" = stdin). On failure prints the reason and returns
 * an exit code (CLI_EXIT_BAD_INPUT or CLI_EXIT_FAILURE). */
int wav_open_read(wav_reader *reader, const char *path);
/* Reads up to `size` bytes of the data chunk. Returns the bytes read (0 at the end), or -1 on
 * an I/O error (already reported). */
long wav_read_data(wav_reader *reader, void *buffer, size_t size);
/* Reads the body of a chunk listed in reader->chunks (seekable inputs and chunks before data
 * only). Returns a cli_alloc'd buffer or NULL. */
void *wav_read_chunk(wav_reader *reader, const wav_chunk *chunk);
void wav_close_read(wav_reader *reader);

/* ---- WAV writer (wav_write.c) ----------------------------------------------------------- */

typedef enum cli_rf64_mode { CLI_RF64_AUTO, CLI_RF64_ALWAYS, CLI_RF64_NEVER } cli_rf64_mode;

typedef struct wav_extra_chunk {
    FOURCC fourcc;
    void *body;
    DWORD size;
} wav_extra_chunk;

/* ---- raw MPEG audio (mpeg_read.c reads it, mpeg_write.c writes a Layer-3 file's Info frame) */

/* A frame header (ISO/IEC 11172-3 2.4.1.3, with MPEG-2 and 2.5). */
typedef struct mpeg_head {
    int version; /* 3 MPEG-1, 2 MPEG-2, 0 MPEG-2.5 */
    int layer;   /* 1..3 */
    bool crc;
    DWORD rate;
    unsigned kbps;
    int mode, mode_ext, emphasis;
    BYTE flags;  /* the header's private, copyright and original bits */
    WORD channels;
    size_t bytes;  /* the frame's */
    DWORD samples; /* per channel */
} mpeg_head;

/* Parses the 4 header bytes at p; false for reserved values and free format. */
bool mpeg_parse_header(const BYTE *p, mpeg_head *h);
/* kbit/s of bitrate index 1..14 for a layer, MPEG-1 or (lsf) MPEG-2 and 2.5. */
unsigned mpeg_bitrate_kbps(bool lsf, int layer, int index);
/* The size of a Layer III frame's side information. */
size_t mpeg_side_info_bytes(bool lsf, WORD channels);

/* The Info frame of a raw .mp3 output (mpeg_write.c). */
typedef struct mpeg_tag_writer {
    bool active;            /* reserved at the start of the output */
    bool lsf;
    WORD channels;
    unsigned kbps;
    DWORD samples_per_frame;
    DWORD delay;            /* the encoder's */
    BYTE header[4];         /* the Info frame's */
    size_t frame_bytes;
    uint32_t frames;        /* the frames written after it */
    bool broken;            /* the data is not frames of this stream: no tag */
    uint64_t seen;          /* data bytes written */
    uint64_t next_at;       /* where the next frame header starts */
    BYTE pending[4];
    size_t pending_len;
    unsigned music_crc;
} mpeg_tag_writer;

/* Prepares the Info frame for MPEG Layer-3 output in `target`; false when there is none to
 * write (another format). */
bool mpeg_tag_init(mpeg_tag_writer *t, const WAVEFORMATEX *target);
/* The frame reserved at the start (t->frame_bytes bytes): its header, then zeros (silence). */
void mpeg_tag_placeholder(const mpeg_tag_writer *t, BYTE *frame);
/* Counts the frames (and their CRC) of data as it is written. */
void mpeg_tag_observe(mpeg_tag_writer *t, const BYTE *data, size_t size);
/* The filled-in Info frame for `samples` encoded samples; false when the data did not allow one
 * (then the placeholder stays: a frame of silence). */
bool mpeg_tag_frame(const mpeg_tag_writer *t, uint64_t samples, BYTE *frame);

typedef struct wav_writer {
    const char *name; /* final path, or "-" for stdout */
    char *temp_path;  /* the temporary file renamed to `name` at commit */
    int temp_slot;    /* registration for removal on a signal */
    HMMIO mmio;
    int fd;
    bool to_stdout;
    bool seekable;
    bool force;     /* replace an existing output */
    bool fact;      /* a fact chunk is written */
    bool junk;      /* a JUNK chunk reserves room for ds64 */
    bool rf64;      /* the header is RF64 */
    cli_rf64_mode rf64_mode;
    uint64_t riff_size_at;
    uint64_t fact_at;     /* offset of the fact sample count */
    uint64_t data_size_at;
    uint64_t data_start;
    uint64_t data_bytes;
    uint64_t samples; /* the fact value */
    bool raw;         /* no RIFF header: the data alone (a raw .mp3) */
    mpeg_tag_writer tag; /* its Info frame, when it has one */
    bool failed;
} wav_writer;

/* Output format preparation: builds the structure written to the `fmt ` chunk for `wfx`
 * (WAVE_FORMAT_EXTENSIBLE for PCM with more than 2 channels or more than 16 bits, a 16-byte
 * PCMWAVEFORMAT for plain PCM). channel_mask 0 = default for the channel count. Returns a
 * cli_alloc'd structure and its size. */
void *wav_file_format(const WAVEFORMATEX *wfx, DWORD channel_mask, size_t *size);

/* Creates the output: a temporary file beside `path` (or stdout for "-"), and writes the
 * header. `expected_bytes` is an estimate of the data size (0 unknown) used to decide whether
 * room for an RF64 header is reserved. Returns an exit code (error already printed). */
int wav_open_write(wav_writer *writer, const char *path, const void *fmt, size_t fmt_size, bool fact,
                   const wav_extra_chunk *extra, size_t extra_count, uint64_t expected_bytes, cli_rf64_mode rf64,
                   bool force);
/* The same for an output that is the data alone, without a RIFF header (a raw .mp3 file):
 * the temporary file, the rename at commit and the removal on a signal are the same. For MPEG
 * Layer-3 `target` into a seekable file, an Info frame is reserved first and filled in by
 * wav_commit (whose `samples` are then the samples the encoder received). */
int wav_open_write_raw(wav_writer *writer, const char *path, bool force, const WAVEFORMATEX *target);
/* Appends data. Returns false on an I/O error (reported). */
bool wav_write_data(wav_writer *writer, const void *data, size_t size);
/* Patches sizes and the fact count, closes and renames the temporary file to the target. */
int wav_commit(wav_writer *writer, uint64_t samples);
/* Removes the temporary file (after a failure). Safe to call on a committed writer. */
void wav_abort(wav_writer *writer);
/* Removes every registered temporary file and stops new ones from being created: called
 * from the fatal-signal handler (async-signal-safe). */
void wav_remove_temporaries(void);
/* Gives the calling thread an alternate signal stack (so that a stack overflow inside a
 * driver still reaches the handler that removes the temporaries) and returns true, or returns
 * false when the thread has one already; `on` false frees the one this call allocated. */
bool cli_signal_stack(bool on);
/* True when `path` names an existing output that must not be replaced. */
bool wav_output_exists(const char *path);

/* ---- subcommands ------------------------------------------------------------------------ */
int cmd_convert(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_drivers(int argc, char **argv);
int cmd_formats(int argc, char **argv);
int cmd_suggest(int argc, char **argv);
int cmd_play(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_devices(int argc, char **argv);

/* ---- wave devices (play.c, shared with record.c) ---------------------------------------- */
/* Turns SIGINT and SIGTERM into a request to stop (cli_interrupted() then returns the signal
 * number); a second one removes the temporary outputs and ends the process (128 + signal). */
void cli_catch_interrupts(void);
int cli_interrupted(void);
/* Parses a --device value: a device ID or "mapper" (WAVE_MAPPER). Prints why on failure. */
bool cli_parse_device(const char *text, UINT *id);
/* "subject: call failed: NAME: meaning" for an MMRESULT. */
void cli_device_error(const char *subject, const char *call, MMRESULT mr);

/* Shared option helpers (main.c). cli_common_option consumes -v/--verbose, -q/--quiet and
 * --json (into *json); returns false for any other argument. */
bool cli_common_option(const char *arg, bool *json);
bool cli_parse_uint(const char *text, uint64_t max, uint64_t *value);
/* Finds a driver by short name, long name or number from `portacm drivers` (1-based);
 * returns NULL when none matches. */
HACMDRIVERID cli_find_driver(const char *name);
/* A driver's short name (or "?") for a stream/driver object. */
void cli_driver_name(HACMOBJ object, char *text, size_t size);

#endif /* PORTACM_CLI_INT_H */
