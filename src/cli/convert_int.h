/*
 * convert_int.h - what the files of `portacm convert` and `portacm suggest` share: the parsed
 * options, the planned chain of conversion steps and the streaming stages built from it.
 * convert_options.c parses, convert_target.c chooses the target format, convert_chain.c plans
 * the steps, convert_stream.c moves the data through them, convert.c converts one file,
 * convert_jobs.c runs many in parallel and suggest.c shows a plan without converting.
 */
#ifndef PORTACM_CLI_CONVERT_INT_H
#define PORTACM_CLI_CONVERT_INT_H

#include "cli_int.h"

#define CLI_STAGE_SOURCE_BYTES (256 * 1024)
#define CLI_MAX_STEPS 8

/* ---- options (convert_options.c) -------------------------------------------------------- */

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
    bool no_gapless; /* keep the encoder delay and padding of an MP3 with LAME's tag */
    bool json;
    const char *out_dir;
    unsigned jobs;
} convert_options;

/* Parses the options of convert and suggest; positional arguments go to `files`. Returns
 * CLI_EXIT_OK, CLI_EXIT_USAGE, CLI_EXIT_FAILURE (the --driver cannot be opened) or -1 after
 * printing `help`. */
int cli_convert_parse_options(int argc, char **argv, convert_options *o, char ***files, size_t *file_count,
                              const char *help);
/* Closes the --driver, frees `files` and turns the -1 of --help into CLI_EXIT_OK: the end of
 * every command that parsed with cli_convert_parse_options. Returns the command's exit code. */
int cli_convert_options_end(convert_options *o, char **files, int status);

/* ---- target format (convert_target.c) --------------------------------------------------- */

/* A PCM-like format structure (cli_alloc) with block align and byte rate computed. */
WAVEFORMATEX *cli_make_pcm(WORD tag, WORD channels, DWORD rate, WORD bits);
bool cli_same_format(const WAVEFORMATEX *a, const WAVEFORMATEX *b);
/* The PCM format a non-PCM format decodes to (acmFormatSuggest), or a copy of a PCM format;
 * NULL when no driver decodes it. */
WAVEFORMATEX *cli_decoded_pcm(const WAVEFORMATEX *wfx, HACMDRIVER had);
/* Builds the target format for an input whose decoded PCM form is `pcm`. Returns NULL after
 * printing why (unsupported). */
WAVEFORMATEX *cli_build_target(const char *subject, const WAVEFORMATEX *pcm, const convert_options *o);

/* ---- chain planning (convert_chain.c) --------------------------------------------------- */

typedef struct plan_step {
    WAVEFORMATEX *from;
    WAVEFORMATEX *to;
    HACMDRIVER driver; /* NULL: any driver */
} plan_step;

typedef struct plan {
    plan_step steps[CLI_MAX_STEPS];
    size_t count;
} plan;

/* Plans source -> target (`trim`: the decoder's PCM output must be a step of its own so that
 * --fact trim can cut it). Returns an exit code, printing why on failure. */
int cli_plan_chain(const char *subject, const WAVEFORMATEX *source, const WAVEFORMATEX *target,
                   const convert_options *o, bool trim, plan *p);
void cli_plan_free(plan *p);

/* ---- streaming (convert_stream.c) ------------------------------------------------------- */

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
    stage stages[CLI_MAX_STEPS];
    size_t count;
    wav_writer *writer;
    uint64_t limit; /* bytes allowed out of stage 0 (--fact trim), UINT64_MAX: all */
    uint64_t passed;
    uint64_t skip;  /* bytes of stage 0's output dropped first (gapless MP3), then limit */
    uint64_t skipped;
    bool failed;
    int status;
} chain;

/* Opens every step's stream and sizes its buffers. Returns an exit code (printed); the chain
 * is closed by cli_chain_close in any case. */
int cli_chain_open(chain *c, const plan *p, const convert_options *o);
void cli_chain_close(chain *c);
/* Reads all the data of `reader` through the chain (a plain copy when it has no stage) into
 * c->writer, then ends every stage in order. Returns an exit code (printed). */
int cli_chain_stream(chain *c, const plan *p, wav_reader *reader, bool show_progress);

/* ---- files (convert.c, convert_jobs.c) -------------------------------------------------- */

/* Converts one file. Returns an exit code (printed); nothing is left at out_path on failure. */
int cli_convert_file(const char *in_path, const char *out_path, const convert_options *o, bool show_progress);
/* Converts every input into o->out_dir with o->jobs threads. Returns the first failure's code. */
int cli_convert_many(char **inputs, size_t count, const convert_options *o);

#endif /* PORTACM_CLI_CONVERT_INT_H */
