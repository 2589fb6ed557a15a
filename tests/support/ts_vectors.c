/*
 * ts_vectors.c - the reference-vector decode check (see ts_vectors.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ts_vectors.h"
#include "ts_formats.h"
#include "ts_signal.h"

/* The WAVEFORMATEX (with its extension) of a vector file. */
static WAVEFORMATEX *wav_format(const ts_wav *wav)
{
    WAVEFORMATEX *wfx = calloc(1, 18 + wav->extra_size + 64);
    assert_non_null(wfx);
    wfx->wFormatTag = (WORD)wav->format_tag;
    wfx->nChannels = (WORD)wav->channels;
    wfx->nSamplesPerSec = wav->sample_rate;
    wfx->nBlockAlign = (WORD)wav->block_align;
    wfx->wBitsPerSample = (WORD)wav->bits;
    wfx->cbSize = (WORD)wav->extra_size;
    wfx->nAvgBytesPerSec = wav->sample_rate;
    memcpy((BYTE *)wfx + 18, wav->extra, wav->extra_size);
    return wfx;
}

int ts_check_decode_vectors(DRIVERPROC proc, const char *prefix, unsigned piece_blocks)
{
    ts_decode_ref refs[64];
    size_t count = ts_manifest_decodes(prefix, refs, 64);
    HDRVR h = ts_open(proc);
    int checked = 0;
    for (size_t r = 0; r < count; r++) {
        if (strcmp(refs[r].decoder, "sox") != 0)
            continue;
        ts_wav wav;
        ts_wav_load(refs[r].file, &wav);
        WAVEFORMATEX *coded = wav_format(&wav);
        WAVEFORMATEX pcm;
        ts_pcm_format(&pcm, coded->nChannels, coded->nSamplesPerSec, 16);
        ACMDRVSTREAMINSTANCE si;
        assert_int_equal(ts_stream_open(h, &si, coded, &pcm, 0), MMSYSERR_NOERROR);
        BYTE *out = NULL;
        size_t out_length = 0;
        ts_convert_pieces(h, &si, wav.data, (DWORD)wav.data_size, piece_blocks * coded->nBlockAlign, 0, &out,
                          &out_length);
        assert_int_equal(ts_stream_close(h, &si), MMSYSERR_NOERROR);
        size_t samples = out_length / 2;
        int16_t *pcm16 = malloc(samples * sizeof(int16_t) + 1);
        assert_non_null(pcm16);
        for (size_t i = 0; i < samples; i++)
            pcm16[i] = (int16_t)(uint16_t)(out[2 * i] | (out[2 * i + 1] << 8));
        size_t frames = samples / coded->nChannels;
        if (frames != refs[r].frames || ts_hash_pcm(pcm16, samples) != refs[r].hash)
            fail_msg("%s: %zu frames (sox %zu) or different samples", refs[r].file, frames, refs[r].frames);
        checked++;
        free(pcm16);
        free(out);
        free(coded);
        ts_wav_free(&wav);
    }
    ts_close(h);
    return checked;
}
