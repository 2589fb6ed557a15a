/*
 * codec_beam_search_int.h - the beam search behind the high-quality (ACM_STREAMOPENF_NONREALTIME)
 * ADPCM encoders (pacm_imaadpcm_encode_block_hq, pacm_msadpcm_encode_block_hq).
 *
 * An ADPCM encoder is free to choose any code per sample as long as it then tracks the
 * decoder exactly, so the best codes for a block are a shortest path through the decoder's
 * states. The search keeps the CODEC_BEAM_WIDTH cheapest paths (squared error so far), one
 * per decoder state; each sample extends every path by a few candidate codes around the
 * greedy one (the codec's `expand` callback: how its decoder steps), and a trace per position
 * records which path each survivor extends and by which code, so the winner is read back at
 * the end. The codec describes a decoder state in up to four ints (IMA ADPCM: predictor and
 * step index; MS ADPCM: the two previous samples, delta and the start point).
 */
#ifndef PORTACM_CODEC_BEAM_SEARCH_INT_H
#define PORTACM_CODEC_BEAM_SEARCH_INT_H

#include <stddef.h>
#include <stdint.h>

#define CODEC_BEAM_WIDTH 16
#define CODEC_BEAM_MAX_CANDIDATES 4 /* codes one path may try per sample */

typedef struct codec_beam_path {
    int state[4];               /* the decoder state; unused ints stay 0 */
    uint64_t cost;              /* squared error so far */
} codec_beam_path;

/* Per position and beam slot: the slot of the previous position it extends, and its code. */
typedef struct codec_beam_trace {
    uint8_t parent;
    uint8_t code;
} codec_beam_trace;

/* Adds `candidate` to `beam` (sorted by cost, *count paths, at most CODEC_BEAM_WIDTH): kept if
 * it is among the cheapest and no path in the same state is at least as cheap (a dearer path in
 * its state is dropped). trace[slot] follows the paths' slots. */
void pacm_codec_beam_insert(codec_beam_path *beam, codec_beam_trace *trace, int *count,
                       const codec_beam_path *candidate, uint8_t parent, uint8_t code);

/* The codec's step: writes the paths that extend `path` at sample n into out[] with their
 * codes (at most CODEC_BEAM_MAX_CANDIDATES, in the order they are to be inserted) and returns
 * how many. */
typedef unsigned codec_beam_expand_fn(const void *ctx, size_t n, const codec_beam_path *path,
                                      codec_beam_path *out, uint8_t *codes);

/* Runs the search over samples first..length-1 from the *count paths in `beam` (the start
 * points); position n's trace is traces + (n - first) * CODEC_BEAM_WIDTH. On return beam[0]
 * is the cheapest path. */
void pacm_codec_beam_search(codec_beam_path *beam, int *count, codec_beam_trace *traces, size_t first,
                       size_t length, codec_beam_expand_fn *expand, const void *ctx);

/* Follows beam[0] back from sample length-1 to `first` and leaves the code it chose for
 * sample n in codec_beam_code(traces, first, n) (the traces are used up); returns the slot of
 * the start point it began from. */
int pacm_codec_beam_trace_back(codec_beam_trace *traces, size_t first, size_t length);
static inline unsigned codec_beam_code(const codec_beam_trace *traces, size_t first, size_t n)
{
    return traces[(n - first) * CODEC_BEAM_WIDTH].code;
}

#endif /* PORTACM_CODEC_BEAM_SEARCH_INT_H */
