/*
 * codec_beam_search.c - the beam search of the high-quality ADPCM encoders (see
 * codec_beam_search_int.h): one implementation for IMA ADPCM and MS ADPCM, which differ only
 * in their decoder state and step (the `expand` callback).
 */
#include "codec_beam_search_int.h"

#include <string.h>

static int same_state(const codec_beam_path *a, const codec_beam_path *b)
{
    return a->state[0] == b->state[0] && a->state[1] == b->state[1] && a->state[2] == b->state[2] &&
           a->state[3] == b->state[3];
}

void pacm_codec_beam_insert(codec_beam_path *beam, codec_beam_trace *trace, int *count,
                       const codec_beam_path *candidate, uint8_t parent, uint8_t code)
{
    int n = *count;
    if (n == CODEC_BEAM_WIDTH && candidate->cost >= beam[n - 1].cost)
        return;
    for (int i = 0; i < n; i++) {
        if (same_state(&beam[i], candidate)) {
            if (beam[i].cost <= candidate->cost)
                return;
            /* A cheaper way to the same state: drop the old one. */
            memmove(beam + i, beam + i + 1, (size_t)(n - i - 1) * sizeof *beam);
            memmove(trace + i, trace + i + 1, (size_t)(n - i - 1) * sizeof *trace);
            n--;
            break;
        }
    }
    int pos = n < CODEC_BEAM_WIDTH ? n : CODEC_BEAM_WIDTH - 1;
    while (pos > 0 && beam[pos - 1].cost > candidate->cost) {
        beam[pos] = beam[pos - 1];
        trace[pos] = trace[pos - 1];
        pos--;
    }
    beam[pos] = *candidate;
    trace[pos].parent = parent;
    trace[pos].code = code;
    if (n < CODEC_BEAM_WIDTH)
        n++;
    *count = n;
}

void pacm_codec_beam_search(codec_beam_path *beam, int *count, codec_beam_trace *traces, size_t first,
                       size_t length, codec_beam_expand_fn *expand, const void *ctx)
{
    codec_beam_path next[CODEC_BEAM_WIDTH], candidates[CODEC_BEAM_MAX_CANDIDATES];
    uint8_t codes[CODEC_BEAM_MAX_CANDIDATES];
    for (size_t n = first; n < length; n++) {
        codec_beam_trace *trace = traces + (n - first) * CODEC_BEAM_WIDTH;
        int next_count = 0;
        for (int p = 0; p < *count; p++) {
            unsigned k = expand(ctx, n, &beam[p], candidates, codes);
            for (unsigned i = 0; i < k; i++)
                pacm_codec_beam_insert(next, trace, &next_count, &candidates[i], (uint8_t)p, codes[i]);
        }
        memcpy(beam, next, (size_t)next_count * sizeof *beam);
        *count = next_count;
    }
}

int pacm_codec_beam_trace_back(codec_beam_trace *traces, size_t first, size_t length)
{
    int slot = 0;
    for (size_t n = length; n-- > first;) {
        codec_beam_trace *position = traces + (n - first) * CODEC_BEAM_WIDTH;
        codec_beam_trace chosen = position[slot];
        position[0].code = chosen.code; /* position n is not read again */
        slot = chosen.parent;
    }
    return slot;
}
