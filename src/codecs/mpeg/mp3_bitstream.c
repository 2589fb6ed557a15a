/*
 * mp3_bitstream.c - Layer III frames parsed (mp3_layer3_int.h): headers and side information
 * (ISO/IEC 11172-3 2.4.1.7, 13818-3 2.4.1.7), the bit reservoir, scale factors (MPEG-1 with
 * scfsi; LSF with the nr_of_sfb groups and the intensity-stereo variant), and Huffman decoding
 * fused with requantisation (xr = sign |x|^(4/3) 2^((global_gain - 210) / 4) 2^(-scale) per
 * band). mp3_layer3.c does the rest.
 *
 * Every value read from the stream is checked where it is used: the bit reader reads from a
 * zero-padded copy of the main data and each granule stops at its part2_3_length (clamped
 * to the bytes really present); big_values > 288, unused Huffman tables and overruns zero the
 * granule's spectrum instead of reading further.
 */
#include <pthread.h>
#include <string.h>

#include "mp3_layer3_int.h"

static const uint8_t pretab[22] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 3, 2, 0};

bands pacm_mp3_band_starts[9];
static pthread_once_t band_once = PTHREAD_ONCE_INIT;

static void init_bands(void)
{
    for (int r = 0; r < 9; r++) {
        int p = 0;
        for (int i = 0; i < 22; i++) {
            pacm_mp3_band_starts[r].l[i] = p;
            p += pacm_mp3_band_long[r][i];
        }
        pacm_mp3_band_starts[r].l[22] = 576;
        p = 0;
        for (int i = 0; i < 13; i++) {
            pacm_mp3_band_starts[r].s[i] = p;
            p += pacm_mp3_band_short[r][i];
        }
        pacm_mp3_band_starts[r].s[13] = 192;
    }
}

static const uint16_t kbps_table[2][3][15] = {
    {{0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
     {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
     {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}},
    {{0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
     {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
     {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}},
};

bool pacm_mp3_parse_header(const uint8_t h[4], mp3_header *o)
{
    static const int base_rates[3] = {44100, 48000, 32000};
    if (h[0] != 0xFF || (h[1] & 0xE0) != 0xE0)
        return false;
    int version = (h[1] >> 3) & 3, layer_bits = (h[1] >> 1) & 3;
    int br = h[2] >> 4, sr = (h[2] >> 2) & 3;
    if (version == 1 || layer_bits == 0 || br == 15 || sr == 3)
        return false;
    int shift = version == 3 ? 0 : version == 2 ? 1 : 2;
    o->lsf = version != 3;
    o->mpeg25 = version == 0;
    o->layer = 4 - layer_bits;
    o->crc = !(h[1] & 1);
    o->rate_index = 3 * shift + sr;
    o->rate = base_rates[sr] >> shift;
    o->kbps = kbps_table[o->lsf][o->layer - 1][br];
    o->padding = (h[2] >> 1) & 1;
    o->mode = h[3] >> 6;
    o->mode_ext = (h[3] >> 4) & 3;
    o->channels = o->mode == 3 ? 1 : 2;
    long bps = (long)o->kbps * 1000;
    if (o->layer == 1) {
        o->samples = 384;
        o->frame_bytes = (int)((12 * bps / o->rate + o->padding) * 4);
    } else if (o->layer == 2) {
        o->samples = 1152;
        o->frame_bytes = (int)(144 * bps / o->rate + o->padding);
    } else {
        o->samples = o->lsf ? 576 : 1152;
        o->frame_bytes = (int)((o->lsf ? 72 : 144) * bps / o->rate + o->padding);
    }
    return true;
}

void pacm_mp3_reset(mp3_decoder *d)
{
    memset(d, 0, sizeof *d);
    pacm_mp3_init_tables();
    pthread_once(&band_once, init_bands);
}

/* ---- side information and main data ---------------------------------------------------------- */

bool pacm_mp3_read_side_info(const mp3_header *h, const uint8_t *p, side_info *si)
{
    bit_reader b = {p, 0, 0};
    const int nch = h->channels, ngr = h->lsf ? 1 : 2;
    const bands *bs = &pacm_mp3_band_starts[h->rate_index];
    si->main_data_begin = (int)get_bits(&b, h->lsf ? 8 : 9);
    get_bits(&b, h->lsf ? nch : (nch == 1 ? 5 : 3));
    for (int ch = 0; ch < nch; ch++)
        si->scfsi[ch] = h->lsf ? 0 : (int)get_bits(&b, 4);
    for (int gr = 0; gr < ngr; gr++) {
        for (int ch = 0; ch < nch; ch++) {
            granule *g = &si->gr[gr][ch];
            g->part23 = (int)get_bits(&b, 12);
            g->big_values = (int)get_bits(&b, 9);
            g->global_gain = (int)get_bits(&b, 8);
            g->sfc = (int)get_bits(&b, h->lsf ? 9 : 4);
            if (g->big_values > 288)
                return false;
            if (get_bits(&b, 1)) {
                g->block_type = (int)get_bits(&b, 2);
                g->mixed = (int)get_bits(&b, 1);
                g->table[0] = (int)get_bits(&b, 5);
                g->table[1] = (int)get_bits(&b, 5);
                g->table[2] = 0;
                for (int w = 0; w < 3; w++)
                    g->sbg[w] = (int)get_bits(&b, 3);
                if (g->block_type == 0)
                    return false; /* forbidden */
                /* Short blocks: region 1 from line 36 (3 short bands; 72 lines at 8 kHz); MPEG-2.5
                 * mixed blocks from the 8th long band, as libmpg123 has it. */
                g->region1 = g->block_type == 2 && !(h->mpeg25 && g->mixed) ? 3 * bs->s[3] : bs->l[8];
                g->region2 = 576;
            } else {
                g->block_type = 0;
                g->mixed = 0;
                for (int r = 0; r < 3; r++)
                    g->table[r] = (int)get_bits(&b, 5);
                int r0 = (int)get_bits(&b, 4), r1 = (int)get_bits(&b, 3);
                int a = r0 + 1, c = r0 + r1 + 2;
                g->region1 = bs->l[a > 22 ? 22 : a];
                g->region2 = bs->l[c > 22 ? 22 : c];
                g->sbg[0] = g->sbg[1] = g->sbg[2] = 0;
            }
            g->preflag = h->lsf ? 0 : (int)get_bits(&b, 1);
            g->sf_scale = (int)get_bits(&b, 1);
            g->c1table = (int)get_bits(&b, 1);
            if (g->block_type == 2) {
                g->long_end = g->mixed ? (h->lsf ? 6 : 8) : 0;
                g->short_start = g->mixed ? 3 : 0;
            } else {
                g->long_end = 22;
                g->short_start = 13;
            }
        }
    }
    return true;
}

bool pacm_mp3_main_data(mp3_decoder *d, const mp3_header *h, const uint8_t *bytes, side_info *si, uint8_t *main,
                        size_t *main_len)
{
    const int nch = h->channels;
    const int side_bytes = h->lsf ? (nch == 1 ? 9 : 17) : (nch == 1 ? 17 : 32);
    const int main_start = 4 + (h->crc ? 2 : 0) + side_bytes;
    memset(si, 0, sizeof *si);
    /* The side information, copied so its bit reader reads zeros past it, not past the frame. */
    uint8_t side[48] = {0};
    /* A lost frame (no bytes): silence, and nothing for the reservoir. */
    bool ok = bytes && h->frame_bytes >= main_start;
    if (ok) {
        memcpy(side, bytes + 4 + (h->crc ? 2 : 0), (size_t)side_bytes);
        ok = pacm_mp3_read_side_info(h, side, si);
    }
    /* The main data: the reservoir's last main_data_begin bytes, then this frame's
     * (main_data_begin <= 511: at most 1952 bytes used). */
    size_t frame_main = ok ? (size_t)(h->frame_bytes - main_start) : 0;
    size_t back = ok ? (size_t)si->main_data_begin : 0;
    if (back > d->reservoir_bytes)
        ok = false; /* reservoir not there (stream start, or after a gap): silence */
    *main_len = 0;
    if (ok) {
        memcpy(main, d->reservoir + d->reservoir_bytes - back, back);
        memcpy(main + back, bytes + main_start, frame_main);
        *main_len = back + frame_main;
    }
    /* Zeros past the main data: a corrupt granule's Huffman codes may run up to 288 pairs of
     * at most 47 bits past its end before the check after the region stops them. */
    memset(main + *main_len, 0, 2048 + 32);
    if (bytes)
        pacm_mp3_keep_main_data(d, h, bytes);
    return ok;
}

void pacm_mp3_keep_main_data(mp3_decoder *d, const mp3_header *h, const uint8_t *bytes)
{
    const int nch = h->channels;
    const int main_start = 4 + (h->crc ? 2 : 0) + (h->lsf ? (nch == 1 ? 9 : 17) : (nch == 1 ? 17 : 32));
    if (h->frame_bytes < main_start)
        return;
    size_t add = (size_t)(h->frame_bytes - main_start);
    if (add > MP3_RESERVOIR)
        add = MP3_RESERVOIR;
    if (d->reservoir_bytes + add > MP3_RESERVOIR) {
        size_t keep = MP3_RESERVOIR - add;
        if (keep > d->reservoir_bytes)
            keep = d->reservoir_bytes;
        memmove(d->reservoir, d->reservoir + d->reservoir_bytes - keep, keep);
        d->reservoir_bytes = keep;
    }
    memcpy(d->reservoir + d->reservoir_bytes, bytes + h->frame_bytes - add, add);
    d->reservoir_bytes += add;
}

/* ---- scale factors ---------------------------------------------------------------------------- */

static void read_sf_mpeg1(bit_reader *b, const granule *g, int scfsi, int gr, scalefactors *sf)
{
    static const uint8_t slen_tab[2][16] = {{0, 0, 0, 0, 3, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4},
                                            {0, 1, 2, 3, 0, 1, 2, 3, 1, 2, 3, 1, 2, 3, 2, 3}};
    const int s1 = slen_tab[0][g->sfc], s2 = slen_tab[1][g->sfc];
    if (g->block_type == 2) {
        int sfb = 0;
        if (g->mixed) {
            for (; sfb < 8; sfb++)
                sf->l[sfb] = (uint8_t)get_bits(b, s1);
            sfb = 3;
        }
        for (; sfb < 6; sfb++)
            for (int w = 0; w < 3; w++)
                sf->s[sfb][w] = (uint8_t)get_bits(b, s1);
        for (; sfb < 12; sfb++)
            for (int w = 0; w < 3; w++)
                sf->s[sfb][w] = (uint8_t)get_bits(b, s2);
        sf->s[12][0] = sf->s[12][1] = sf->s[12][2] = 0;
        return;
    }
    static const uint8_t group_start[5] = {0, 6, 11, 16, 21};
    for (int grp = 0; grp < 4; grp++) {
        if (gr == 1 && (scfsi & (8 >> grp)))
            continue; /* keep granule 0's factors */
        const int bits = grp < 2 ? s1 : s2;
        for (int sfb = group_start[grp]; sfb < group_start[grp + 1]; sfb++)
            sf->l[sfb] = (uint8_t)get_bits(b, bits);
    }
    sf->l[21] = 0;
}

static void read_sf_lsf(bit_reader *b, const granule *g, bool intensity_right, scalefactors *sf, int *preflag)
{
    static const uint8_t nr_of_sfb[6][3][4] = {
        {{6, 5, 5, 5}, {9, 9, 9, 9}, {6, 9, 9, 9}},     {{6, 5, 7, 3}, {9, 9, 12, 6}, {6, 9, 12, 6}},
        {{11, 10, 0, 0}, {18, 18, 0, 0}, {15, 18, 0, 0}}, {{7, 7, 7, 0}, {12, 12, 12, 0}, {6, 15, 12, 0}},
        {{6, 6, 6, 3}, {12, 9, 9, 6}, {6, 12, 9, 6}},     {{8, 8, 5, 0}, {15, 12, 9, 0}, {6, 18, 9, 0}},
    };
    int slen[4], table;
    int sfc = g->sfc;
    *preflag = 0;
    if (intensity_right) {
        int isc = sfc >> 1;
        if (isc < 180) {
            slen[0] = isc / 36, slen[1] = (isc % 36) / 6, slen[2] = isc % 6, slen[3] = 0, table = 3;
        } else if (isc < 244) {
            isc -= 180;
            slen[0] = (isc % 64) >> 4, slen[1] = (isc % 16) >> 2, slen[2] = isc % 4, slen[3] = 0, table = 4;
        } else {
            isc -= 244;
            slen[0] = isc / 3, slen[1] = isc % 3, slen[2] = 0, slen[3] = 0, table = 5;
        }
    } else if (sfc < 400) {
        slen[0] = (sfc >> 4) / 5, slen[1] = (sfc >> 4) % 5, slen[2] = (sfc % 16) >> 2, slen[3] = sfc % 4, table = 0;
    } else if (sfc < 500) {
        sfc -= 400;
        slen[0] = (sfc >> 2) / 5, slen[1] = (sfc >> 2) % 5, slen[2] = sfc % 4, slen[3] = 0, table = 1;
    } else {
        sfc -= 500;
        slen[0] = sfc / 3, slen[1] = sfc % 3, slen[2] = 0, slen[3] = 0, table = 2;
        *preflag = 1;
    }
    const int kind = g->block_type == 2 ? (g->mixed ? 2 : 1) : 0;
    uint8_t values[48] = {0};
    int n = 0;
    for (int grp = 0; grp < 4; grp++)
        for (int k = 0; k < nr_of_sfb[table][kind][grp]; k++, n++)
            values[n] = (uint8_t)get_bits(b, slen[grp]);
    int i = 0;
    if (kind == 0) {
        for (int sfb = 0; sfb < 21; sfb++, i++)
            sf->l[sfb] = values[i];
        sf->l[21] = 0;
        return;
    }
    int sfb = 0;
    if (kind == 2) {
        for (; sfb < 6; sfb++, i++)
            sf->l[sfb] = values[i];
        sfb = 3;
    }
    for (; sfb < 12; sfb++)
        for (int w = 0; w < 3; w++, i++)
            sf->s[sfb][w] = values[i];
    sf->s[12][0] = sf->s[12][1] = sf->s[12][2] = 0;
}

void pacm_mp3_read_scalefactors(bit_reader *b, const mp3_header *h, const side_info *si, int gr, int ch,
                                scalefactors *sf, int *preflag)
{
    const granule *g = &si->gr[gr][ch];
    *preflag = g->preflag;
    if (h->lsf)
        read_sf_lsf(b, g, ch == 1 && h->mode == 1 && (h->mode_ext & 1), sf, preflag);
    else
        read_sf_mpeg1(b, g, si->scfsi[ch], gr, sf);
}

/* ---- Huffman decoding and requantisation ------------------------------------------------------- */

void pacm_mp3_make_segments(const granule *g, const scalefactors *sf, const bands *bs, int preflag, segments *seg)
{
    const int shift = 1 + g->sf_scale;
    int n = 0;
    const int long_bands = g->block_type == 2 ? g->long_end : 22;
    for (int sfb = 0; sfb < long_bands; sfb++, n++) {
        int k = 210 - g->global_gain + ((sf->l[sfb] + (preflag ? pretab[sfb] : 0)) << shift) + 64;
        seg->end[n] = bs->l[sfb + 1];
        seg->gain[n] = pacm_mp3_t.pow2q[k < 0 ? 0 : k > 639 ? 639 : k];
        seg->window[n] = -1;
        seg->band[n] = (int8_t)sfb;
    }
    if (g->block_type == 2) {
        int p = 3 * bs->s[g->short_start];
        for (int sfb = g->short_start; sfb < 13; sfb++) {
            int width = bs->s[sfb + 1] - bs->s[sfb];
            for (int w = 0; w < 3; w++, n++) {
                int k = 210 - g->global_gain + 8 * g->sbg[w] + (sf->s[sfb][w] << shift) + 64;
                p += width;
                seg->end[n] = p;
                seg->gain[n] = pacm_mp3_t.pow2q[k < 0 ? 0 : k > 639 ? 639 : k];
                seg->window[n] = (int8_t)w;
                seg->band[n] = (int8_t)sfb;
            }
        }
    }
    seg->count = n;
}

/* xr[0], xr[1] = vx, vy with their sign bits flipped where sx, sy have bit 31 (branch-free). */
static inline void store_pair(float *xr, float vx, float vy, uint32_t sx, uint32_t sy)
{
    uint32_t ix, iy;
    memcpy(&ix, &vx, sizeof ix);
    memcpy(&iy, &vy, sizeof iy);
    ix ^= sx;
    iy ^= sy;
    memcpy(&xr[0], &ix, sizeof ix);
    memcpy(&xr[1], &iy, sizeof iy);
}

/* The big_values pairs of the three regions into xr[0 .. 2 big_values); returns the next line
 * (*segment: its segment), or -1 for a corrupt granule. */
static int decode_big_values(bit_reader *b, const granule *g, const segments *seg, float xr[576], int *segment)
{
    const float *pow43 = pacm_mp3_t.pow43;
    const int big_end = 2 * g->big_values;
    int pos = 0, s = 0;
    while (pos < big_end) {
        const int region = pos < g->region1 ? 0 : pos < g->region2 ? 1 : 2;
        const int region_end = region == 0 ? g->region1 : region == 1 ? g->region2 : 576;
        while (s < seg->count - 1 && seg->end[s] <= pos)
            s++;
        int stop = seg->end[s];
        if (region_end < stop)
            stop = region_end;
        if (big_end < stop)
            stop = big_end;
        if (stop <= pos)
            return -1;
        const int t = g->table[region];
        const uint32_t *lut = pacm_mp3_huff_lookup[t];
        if (!lut) {
            if (t == 4 || t == 14)
                return -1; /* tables that do not exist */
            for (; pos < stop; pos++)
                xr[pos] = 0;
            continue;
        }
        const float gain = seg->gain[s];
        const int linbits = pacm_mp3_huff_sources[t].linbits;
        if (!linbits) {
            /* No escapes: branch-free signs (a sign bit follows each nonzero value). */
            for (; pos < stop; pos += 2) {
                uint32_t w = peek32(b);
                uint32_t e = lut[w >> (32 - MP3_HUFF_BITS)];
                if (e & 0x80000000u)
                    e = lut[((e >> 8) & 0x7FFFFF) + ((w << MP3_HUFF_BITS) >> (32 - (e & 31)))];
                const uint32_t len = e & 31, x = (e >> 8) & 15, y = (e >> 12) & 15;
                const uint32_t nx = x != 0, ny = y != 0;
                w <<= len;
                const uint32_t sx = w & (nx << 31);
                w <<= nx;
                const uint32_t sy = w & (ny << 31);
                b->pos += len + nx + ny;
                store_pair(xr + pos, pow43[x] * gain, pow43[y] * gain, sx, sy);
            }
        } else {
            /* Escapes: x or y of 15 is followed by linbits more bits, then the sign. */
            for (; pos < stop; pos += 2) {
                uint32_t w = peek32(b);
                uint32_t e = lut[w >> (32 - MP3_HUFF_BITS)];
                if (e & 0x80000000u)
                    e = lut[((e >> 8) & 0x7FFFFF) + ((w << MP3_HUFF_BITS) >> (32 - (e & 31)))];
                b->pos += e & 31;
                uint32_t x = (e >> 8) & 15, y = (e >> 12) & 15;
                w = peek32(b);
                const uint32_t ex = x == 15 ? (uint32_t)linbits : 0;
                x += (uint32_t)(((uint64_t)w << ex) >> 32);
                w <<= ex;
                const uint32_t nx = x != 0;
                const uint32_t sx = w & (nx << 31);
                w <<= nx;
                const uint32_t ey = y == 15 ? (uint32_t)linbits : 0;
                y += (uint32_t)(((uint64_t)w << ey) >> 32);
                w <<= ey;
                const uint32_t ny = y != 0;
                const uint32_t sy = w & (ny << 31);
                b->pos += ex + nx + ey + ny;
                store_pair(xr + pos, pow43[x] * gain, pow43[y] * gain, sx, sy);
            }
        }
        if (b->pos > b->end)
            return -1;
    }
    *segment = s;
    return pos;
}

/* count1 quadruples from line `pos` (segment s) until the granule's bits end; returns the end
 * of the possibly nonzero lines. */
static int decode_count1(bit_reader *b, const granule *g, const segments *seg, float xr[576], int pos, int s)
{
    const uint32_t *c1 = pacm_mp3_count1_lookup[g->c1table];
    while (pos <= 572 && b->pos < b->end) {
        uint32_t w = peek32(b);
        const uint32_t e = c1[w >> 26];
        const uint32_t len = e & 31, v = e >> 8;
        w <<= len;
        uint32_t used = len, sign[4], present[4];
        for (int i = 0; i < 4; i++) {
            present[i] = (v >> (3 - i)) & 1;
            sign[i] = w & (present[i] << 31);
            w <<= present[i];
            used += present[i];
        }
        if (b->pos + used > b->end)
            break; /* the last quadruple overran the granule: dropped */
        b->pos += used;
        for (int i = 0; i < 4; i++, pos++) {
            while (seg->end[s] <= pos && s < seg->count - 1)
                s++;
            uint32_t bits;
            memcpy(&bits, &seg->gain[s], sizeof bits);
            bits = (bits & (0u - present[i])) ^ sign[i];
            memcpy(&xr[pos], &bits, sizeof bits);
        }
    }
    return pos;
}
int pacm_mp3_decode_spectrum(bit_reader *b, const granule *g, const segments *seg, float xr[576])
{
    int s = 0;
    int pos = decode_big_values(b, g, seg, xr, &s);
    if (pos < 0)
        return -1;
    int nz = decode_count1(b, g, seg, xr, pos, s);
    for (int i = nz; i < 576; i++)
        xr[i] = 0;
    return nz;
}
