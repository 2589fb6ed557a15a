/*
 * mp3_layer3.c - Layer III granules to PCM (mp3_layer3_int.h): the frame's main data and
 * spectra come from mp3_bitstream.c; here MS and intensity stereo (MPEG-1 tan ratios, LSF io
 * powers), reordering of short blocks, alias reduction, IMDCT (36 and 3 x 12 points, through
 * their output symmetries) with windowing and overlap-add, frequency inversion, then the
 * synthesis (mp3_synth_row.h).
 */
#include <string.h>

#include "mp3_layer3_int.h"

/* This file is compiled once as the plain C row (MP3_ROW(f) = f_c) and once more through
 * mp3_layer3_avx2.c with AVX2 enabled (MP3_ROW(f) = f_avx2). */
#ifndef MP3_ROW
#define MP3_ROW(name) name##_c
#endif

/* ---- stereo --------------------------------------------------------------------------------- */

static void ms_lines(float *l, float *r, int from, int to)
{
    const float k = 0.70710678118654752f;
    for (int i = from; i < to; i++) {
        float m = l[i], s = r[i];
        l[i] = (m + s) * k;
        r[i] = (m - s) * k;
    }
}

/* The lines of segment n: `count` lines from `first`, `step` apart (short bands are already
 * reordered: window w of band b at 3 * start(b) + w, every third line). */
static void segment_lines(const segments *seg, int n, const bands *bs, int *first, int *step, int *count)
{
    if (seg->window[n] < 0) {
        *first = n ? seg->end[n - 1] : 0;
        *step = 1;
        *count = seg->end[n] - *first;
    } else {
        const int band = seg->band[n];
        *first = 3 * bs->s[band] + seg->window[n];
        *step = 3;
        *count = bs->s[band + 1] - bs->s[band];
    }
}

/* The last nonzero band of the right channel (xr_r, nonzero below nz_r): *last_long for long
 * bands, last_short[w] per window for short ones; returns whether a short band is nonzero.
 * When the right granule is empty (part2_3_length 0), band 0 takes no intensity position:
 * libmpg123's rule (the standard would start at band 0), kept so both decoders agree. */
static bool last_nonzero_bands(const granule *g, const segments *seg, const bands *bs, const float *xr_r, int nz_r,
                               int *last_long, int last_short[3])
{
    const int none = g->part23 == 0 ? 0 : -1;
    *last_long = none;
    last_short[0] = last_short[1] = last_short[2] = none;
    bool short_nonzero = false;
    for (int n = 0; n < seg->count; n++) {
        int first, step, count;
        segment_lines(seg, n, bs, &first, &step, &count);
        bool nonzero = false;
        for (int k = 0, i = first; k < count && i < nz_r; k++, i += step)
            if (xr_r[i] != 0) {
                nonzero = true;
                break;
            }
        if (!nonzero)
            continue;
        if (seg->window[n] < 0) {
            *last_long = seg->band[n];
        } else {
            last_short[seg->window[n]] = seg->band[n];
            short_nonzero = true;
        }
    }
    return short_nonzero;
}

/* Intensity (and MS outside it) for one granule, on reordered spectra and in the right
 * channel's band layout (as libmpg123 does, also when the channels' block types differ);
 * nz[] are the channels' nonzero ends, updated. */
static void stereo(const mp3_header *h, const granule *g, const scalefactors *sf_r, const segments *seg,
                   const bands *bs, float xr[2][576], int nz[2])
{
    const bool ms = h->mode == 1 && (h->mode_ext & 2);
    const bool is = h->mode == 1 && (h->mode_ext & 1);
    int end = nz[0] > nz[1] ? nz[0] : nz[1];
    if (!is) {
        if (ms)
            ms_lines(xr[0], xr[1], 0, end);
        nz[0] = nz[1] = end;
        return;
    }
    int last_long, last_short[3];
    const bool short_nonzero = last_nonzero_bands(g, seg, bs, xr[1], nz[1], &last_long, last_short);
    const int intensity_scale = g->sfc & 1;
    for (int n = 0; n < seg->count; n++) {
        int first, step, count;
        segment_lines(seg, n, bs, &first, &step, &count);
        const int w = seg->window[n], band = seg->band[n];
        bool in_is;
        if (w < 0)
            in_is = band > last_long && !short_nonzero;
        else /* libmpg123 treats short band 12 as intensity-coded whatever the right channel holds */
            in_is = band > last_short[w] || band == 12;
        int pos = -1;
        if (in_is) {
            if (w < 0)
                pos = sf_r->l[band == 21 ? 20 : band];
            else
                pos = sf_r->s[band == 12 ? 11 : band][w];
            /* Illegal: 7 (libmpg123 applies that rule to LSF too, whose positions go to 31);
             * MPEG-1 positions above 7 (no encoder writes them: libmpg123 would use tan() of
             * angles past 90 degrees) are illegal too, as in FFmpeg. */
            if (pos == 7 || (!h->lsf && pos > 7))
                pos = -1;
        }
        if (pos < 0) {
            if (ms) {
                const float k = 0.70710678118654752f;
                for (int c = 0, i = first; c < count; c++, i += step) {
                    float m = xr[0][i], s = xr[1][i];
                    xr[0][i] = (m + s) * k;
                    xr[1][i] = (m - s) * k;
                }
            }
            continue;
        }
        const float *k = h->lsf ? pacm_mp3_t.is_lsf[intensity_scale][pos] : pacm_mp3_t.is_mpeg1[pos];
        /* With MS the source is M + S, as libmpg123 has it (S is zero in a proper intensity band;
         * not in short band 12, which it always treats as one). */
        const float s_weight = ms ? 1.0f : 0.0f;
        for (int c = 0, i = first; c < count; c++, i += step) {
            float v = xr[0][i] + s_weight * xr[1][i];
            xr[0][i] = v * k[0];
            xr[1][i] = v * k[1];
        }
    }
    end = 576; /* intensity may fill any band above the right channel's data */
    nz[0] = nz[1] = end;
}

#include "mp3_synth_row.h"

/* ---- hybrid synthesis --------------------------------------------------------------------------- */

static int reorder_short(const granule *g, const bands *bs, float xr[576], int nz)
{
    float tmp[576];
    int first = 3 * bs->s[g->short_start];
    int p = first;
    for (int sfb = g->short_start; sfb < 13 && p < nz; sfb++) {
        int start = bs->s[sfb], width = bs->s[sfb + 1] - start;
        for (int w = 0; w < 3; w++)
            for (int i = 0; i < width; i++)
                tmp[3 * (start + i) + w] = xr[p++];
    }
    if (p > first)
        memcpy(xr + first, tmp + first, (size_t)(p - first) * sizeof(float));
    return p > nz ? p : nz;
}

static void alias_reduce(float xr[576], int active)
{
    for (int sb = 0; sb + 1 < active; sb++) {
        float *a = xr + 18 * sb + 17, *b = xr + 18 * (sb + 1);
        for (int i = 0; i < 8; i++) {
            float u = a[-i], d = b[i];
            a[-i] = u * pacm_mp3_t.alias_cs[i] - d * pacm_mp3_t.alias_ca[i];
            b[i] = d * pacm_mp3_t.alias_cs[i] + u * pacm_mp3_t.alias_ca[i];
        }
    }
}

static void imdct36(const float in[18], float overlap[18], float out[18], const float *win)
{
    /* The 36 outputs are -u[8..0], u[0..17], u[17..9]: with r = u reversed, contiguous runs. */
    float u[24], r[18];
    imdct_products(in, u);
    for (int m = 0; m < 18; m++)
        r[m] = u[17 - m];
    for (int i = 0; i < 9; i++)
        out[i] = overlap[i] - r[9 + i] * win[i];
    for (int i = 0; i < 9; i++)
        out[9 + i] = overlap[9 + i] + u[i] * win[9 + i];
    for (int i = 0; i < 9; i++)
        overlap[i] = u[9 + i] * win[18 + i];
    for (int i = 0; i < 9; i++)
        overlap[9 + i] = r[i] * win[27 + i];
}

static void imdct12x3(const float in[18], float overlap[18], float out[18])
{
    float z[36] = {0};
    const float *win = pacm_mp3_t.window[2];
    for (int w = 0; w < 3; w++) {
        float u[6] = {0};
        for (int k = 0; k < 6; k++) {
            const float v = in[3 * k + w];
            for (int j = 0; j < 6; j++)
                u[j] += v * pacm_mp3_t.imdct_short[k][j];
        }
        float x[12];
        for (int i = 0; i < 3; i++) {
            x[i] = -u[2 - i];
            x[9 + i] = u[5 - i];
        }
        for (int j = 0; j < 6; j++)
            x[3 + j] = u[j];
        for (int i = 0; i < 12; i++)
            z[6 + 6 * w + i] += x[i] * win[i];
    }
    for (int i = 0; i < 18; i++) {
        out[i] = overlap[i] + z[i];
        overlap[i] = z[18 + i];
    }
}

/* xr (576 lines, nz possibly nonzero) to sb[32][18] for the synthesis. */
static void hybrid(mp3_decoder *d, int ch, const granule *g, const bands *bs, float xr[576], int nz,
                   float sb[32][18])
{
    int active = (nz + 17) / 18;
    if (g->block_type != 2)
        alias_reduce(xr, active + 1 > 32 ? 32 : active + 1);
    else if (g->mixed)
        alias_reduce(xr, 2);
    if (g->block_type != 2 && active < 32 && nz > 0)
        active++; /* alias reduction spread into the next subband */
    /* Mixed blocks: the two lowest subbands with long windows (ISO/IEC 11172-3 2.4.3.4.10.1),
     * at every rate (at 8 kHz they hold fewer than the 6 long scale-factor bands). */
    const int long_sbs = g->block_type == 2 ? (g->mixed ? 2 : 0) : 32;
    int done = d->overlap_bands[ch] > active ? d->overlap_bands[ch] : active;
    for (int s = 0; s < 32; s++) {
        float *ov = d->overlap[ch][s];
        if (s < active) {
            if (s < long_sbs)
                imdct36(xr + 18 * s, ov, sb[s], pacm_mp3_t.window[g->block_type == 2 ? 0 : g->block_type]);
            else
                imdct12x3(xr + 18 * s, ov, sb[s]);
        } else if (s < done) {
            memcpy(sb[s], ov, sizeof sb[s]);
            memset(ov, 0, sizeof(float) * 18);
        } else {
            memset(sb[s], 0, sizeof sb[s]);
        }
        if (s & 1)
            for (int t = 1; t < 18; t += 2)
                sb[s][t] = -sb[s][t];
    }
    d->overlap_bands[ch] = active;
}

/* ---- frames ----------------------------------------------------------------------------------- */

/* Granule gr's spectra of every channel into xr (requantised, short blocks reordered), nz[] their
 * nonzero ends; seg[] the right channel's segments for the stereo step. */
static void granule_spectra(const mp3_header *h, const side_info *si, int gr, bit_reader *b, size_t main_len,
                            scalefactors sf[2], segments seg[2], float xr[2][576], int nz[2])
{
    const bands *bs = &pacm_mp3_band_starts[h->rate_index];
    for (int ch = 0; ch < h->channels; ch++) {
        const granule *g = &si->gr[gr][ch];
        size_t start = b->pos;
        nz[ch] = 0;
        if (start >= 8 * main_len) {
            memset(xr[ch], 0, sizeof xr[ch]); /* the main data ended before this granule */
            pacm_mp3_make_segments(g, &sf[ch], bs, 0, &seg[ch]);
            continue;
        }
        b->end = start + (size_t)g->part23;
        if (b->end > 8 * main_len)
            b->end = 8 * main_len;
        int preflag;
        pacm_mp3_read_scalefactors(b, h, si, gr, ch, &sf[ch], &preflag);
        pacm_mp3_make_segments(g, &sf[ch], bs, preflag, &seg[ch]);
        nz[ch] = b->pos <= b->end ? pacm_mp3_decode_spectrum(b, g, &seg[ch], xr[ch]) : -1;
        if (nz[ch] < 0) {
            memset(xr[ch], 0, sizeof xr[ch]);
            nz[ch] = 0;
        }
        if (g->block_type == 2 && nz[ch] > 0)
            nz[ch] = reorder_short(g, bs, xr[ch], nz[ch]);
        b->pos = start + (size_t)g->part23;
    }
}

int MP3_ROW(pacm_mp3_decode_frame)(mp3_decoder *d, const mp3_header *h, const uint8_t *bytes, int out_channels, int16_t *pcm)
{
    const int nch = h->channels, ngr = h->lsf ? 1 : 2;
    const bands *bs = &pacm_mp3_band_starts[h->rate_index];
    side_info si;
    uint8_t main[MP3_MAIN_BYTES];
    size_t main_len = 0;
    const bool ok = pacm_mp3_main_data(d, h, bytes, &si, main, &main_len);
    bit_reader b = {main, 0, 0};
    scalefactors sf[2];
    memset(sf, 0, sizeof sf);
    float xr[2][576];
    float sb[32][18];
    const bool mix_down = nch == 2 && out_channels == 1;
    for (int gr = 0; gr < ngr; gr++) {
        int nz[2] = {0, 0};
        segments seg[2];
        if (ok)
            granule_spectra(h, &si, gr, &b, main_len, sf, seg, xr, nz);
        else
            memset(xr, 0, sizeof xr);
        if (nch == 2 && ok)
            stereo(h, &si.gr[gr][1], &sf[1], &seg[1], bs, xr, nz);
        if (mix_down) {
            int n = nz[0] > nz[1] ? nz[0] : nz[1];
            for (int i = 0; i < n; i++)
                xr[0][i] = (xr[0][i] + xr[1][i]) * 0.5f;
            nz[0] = n;
        }
        const int synth_channels = mix_down ? 1 : nch;
        int16_t *out = pcm + (size_t)gr * 576 * out_channels;
        float time[2][576];
        for (int ch = 0; ch < synth_channels; ch++) {
            const granule *g = &si.gr[gr][ch];
            granule silent;
            if (!ok) {
                memset(&silent, 0, sizeof silent);
                silent.long_end = 22;
                silent.short_start = 13;
                g = &silent;
            }
            hybrid(d, ch, g, bs, xr[ch], nz[ch], sb);
            synth_granule(d->history[ch], sb, time[ch]);
        }
        synth_store(time[0], time[synth_channels - 1], out, out_channels);
    }
    return h->samples;
}
