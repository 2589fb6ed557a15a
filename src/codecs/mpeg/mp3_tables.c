/*
 * mp3_tables.c - the tables of the Layer III decoder (mp3_int.h): the normative data (Huffman
 * codes of ISO/IEC 11172-3 table B.7, in mp3_tables_huff.inc, made by scripts/mp3_tables.py;
 * the scale-factor band widths of 11172-3 table B.8, 13818-3 table B.2 and MPEG-2.5; the
 * synthesis window D[] of 11172-3 table B.3 as integers D[i] * 65536, its first half), and
 * everything computed from the standard's formulas at init.
 */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "mp3_int.h"

#include "mp3_tables_huff.inc"

/* Scale-factor band widths, long blocks (22 bands) and short blocks (13 bands, per window),
 * by rate index 44100, 48000, 32000, 22050, 24000, 16000, 11025, 12000, 8000. */
const uint8_t pacm_mp3_band_long[9][22] = {
    {4, 4, 4, 4, 4, 4, 6, 6, 8, 8, 10, 12, 16, 20, 24, 28, 34, 42, 50, 54, 76, 158},
    {4, 4, 4, 4, 4, 4, 6, 6, 6, 8, 10, 12, 16, 18, 22, 28, 34, 40, 46, 54, 54, 192},
    {4, 4, 4, 4, 4, 4, 6, 6, 8, 10, 12, 16, 20, 24, 30, 38, 46, 56, 68, 84, 102, 26},
    {6, 6, 6, 6, 6, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 38, 46, 52, 60, 68, 58, 54},
    {6, 6, 6, 6, 6, 6, 8, 10, 12, 14, 16, 18, 22, 26, 32, 38, 46, 54, 62, 70, 76, 36},
    {6, 6, 6, 6, 6, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 38, 46, 52, 60, 68, 58, 54},
    {6, 6, 6, 6, 6, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 38, 46, 52, 60, 68, 58, 54},
    {6, 6, 6, 6, 6, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 38, 46, 52, 60, 68, 58, 54},
    {12, 12, 12, 12, 12, 12, 16, 20, 24, 28, 32, 40, 48, 56, 64, 76, 90, 2, 2, 2, 2, 2},
};
const uint8_t pacm_mp3_band_short[9][13] = {
    {4, 4, 4, 4, 6, 8, 10, 12, 14, 18, 22, 30, 56},
    {4, 4, 4, 4, 6, 6, 10, 12, 14, 16, 20, 26, 66},
    {4, 4, 4, 4, 6, 8, 12, 16, 20, 26, 34, 42, 12},
    {4, 4, 4, 6, 6, 8, 10, 14, 18, 26, 32, 42, 18},
    {4, 4, 4, 6, 8, 10, 12, 14, 18, 24, 32, 44, 12},
    {4, 4, 4, 6, 8, 10, 12, 14, 18, 24, 30, 40, 18},
    {4, 4, 4, 6, 8, 10, 12, 14, 18, 24, 30, 40, 18},
    {4, 4, 4, 6, 8, 10, 12, 14, 18, 24, 30, 40, 18},
    {8, 8, 8, 12, 16, 20, 24, 28, 36, 2, 2, 2, 26},
};

/* D[i] * 65536 for i = 0..256; D[512 - i] = -D[i] except where i is a multiple of 64. */
const int32_t pacm_mp3_window_half[257] = {
    0, -1, -1, -1, -1, -1, -1, -2, -2, -2, -2, -3, -3, -4, -4, -5,
    -5, -6, -7, -7, -8, -9, -10, -11, -13, -14, -16, -17, -19, -21, -24, -26,
    -29, -31, -35, -38, -41, -45, -49, -53, -58, -63, -68, -73, -79, -85, -91, -97,
    -104, -111, -117, -125, -132, -139, -147, -154, -161, -169, -176, -183, -190, -196, -202, -208,
    213, 218, 222, 225, 227, 228, 228, 227, 224, 221, 215, 208, 200, 189, 177, 163,
    146, 127, 106, 83, 57, 29, -2, -36, -72, -111, -153, -197, -244, -294, -347, -401,
    -459, -519, -581, -645, -711, -779, -848, -919, -991, -1064, -1137, -1210, -1283, -1356, -1428, -1498,
    -1567, -1634, -1698, -1759, -1817, -1870, -1919, -1962, -2001, -2032, -2057, -2075, -2085, -2087, -2080, -2063,
    2037, 2000, 1952, 1893, 1822, 1739, 1644, 1535, 1414, 1280, 1131, 970, 794, 605, 402, 185,
    -45, -288, -545, -814, -1095, -1388, -1692, -2006, -2330, -2663, -3004, -3351, -3705, -4063, -4425, -4788,
    -5153, -5517, -5879, -6237, -6589, -6935, -7271, -7597, -7910, -8209, -8491, -8755, -8998, -9219, -9416, -9585,
    -9727, -9838, -9916, -9959, -9966, -9935, -9863, -9750, -9592, -9389, -9139, -8840, -8492, -8092, -7640, -7134,
    6574, 5959, 5288, 4561, 3776, 2935, 2037, 1082, 70, -998, -2122, -3300, -4533, -5818, -7154, -8540,
    -9975, -11455, -12980, -14548, -16155, -17799, -19478, -21189, -22929, -24694, -26482, -28289, -30112, -31947, -33791, -35640,
    -37489, -39336, -41176, -43006, -44821, -46617, -48390, -50137, -51853, -53534, -55178, -56778, -58333, -59838, -61289, -62684,
    -64019, -65290, -66494, -67629, -68692, -69679, -70590, -71420, -72169, -72835, -73415, -73908, -74313, -74630, -74856, -74992,
    75038,
};

mp3_tables pacm_mp3_t;
const uint32_t *pacm_mp3_huff_lookup[32];
uint32_t pacm_mp3_count1_lookup[2][64];
/* The lookup tables of the 13 distinct code tables (first levels and second levels). */
static uint32_t huff_storage[16384];

static double synthesis_d(int i)
{
    if (i <= 256)
        return pacm_mp3_window_half[i] / 65536.0;
    int m = 512 - i;
    double v = pacm_mp3_window_half[m] / 65536.0;
    return m % 64 ? -v : v;
}

/* Builds the two-level lookup of a code table at storage[*used]; returns its start. */
static const uint32_t *build_lookup(const mp3_huff_source *src, size_t *used)
{
    uint32_t *base = huff_storage + *used;
    const size_t first = 1u << MP3_HUFF_BITS;
    size_t next = first;
    memset(base, 0, first * sizeof *base);
    int count = src->size * src->size;
    /* Longest code per first-level prefix. */
    int longest[1 << MP3_HUFF_BITS] = {0};
    for (int i = 0; i < count; i++) {
        int len = (int)(src->codes[i] >> 16);
        uint32_t code = src->codes[i] & 0xFFFF;
        if (len > MP3_HUFF_BITS) {
            uint32_t prefix = code >> (len - MP3_HUFF_BITS);
            if (len > longest[prefix])
                longest[prefix] = len;
        }
    }
    for (uint32_t p = 0; p < first; p++) {
        if (longest[p]) {
            int sub = longest[p] - MP3_HUFF_BITS;
            base[p] = 0x80000000u | ((uint32_t)next << 8) | (uint32_t)sub;
            memset(base + next, 0, ((size_t)1 << sub) * sizeof *base);
            next += (size_t)1 << sub;
        }
    }
    for (int i = 0; i < count; i++) {
        int len = (int)(src->codes[i] >> 16);
        uint32_t code = src->codes[i] & 0xFFFF;
        uint32_t x = (uint32_t)(i / src->size), y = (uint32_t)(i % src->size);
        uint32_t leaf = (uint32_t)len | (x << 8) | (y << 12);
        if (len <= MP3_HUFF_BITS) {
            uint32_t start = code << (MP3_HUFF_BITS - len);
            for (uint32_t k = 0; k < (1u << (MP3_HUFF_BITS - len)); k++)
                base[start + k] = leaf;
        } else {
            uint32_t prefix = code >> (len - MP3_HUFF_BITS);
            int sub = (int)(base[prefix] & 31);
            size_t off = (base[prefix] >> 8) & 0x7FFFFF;
            uint32_t rest = code & ((1u << (len - MP3_HUFF_BITS)) - 1);
            uint32_t start = rest << (sub - (len - MP3_HUFF_BITS));
            for (uint32_t k = 0; k < (1u << (sub - (len - MP3_HUFF_BITS))); k++)
                base[off + start + k] = leaf;
        }
    }
    *used += next;
    return base;
}

static void init_tables(void)
{
    mp3_tables *t = &pacm_mp3_t;
    for (int i = 0; i < 8207; i++)
        t->pow43[i] = (float)pow(i, 4.0 / 3.0);
    for (int k = 0; k < 640; k++)
        t->pow2q[k] = (float)pow(2.0, -(k - 64) / 4.0);
    for (int k = 0; k < 18; k++)
        for (int j = 0; j < 18; j++)
            t->imdct_long[k][j] = (float)cos(M_PI / 72 * (2 * (9 + j) + 19) * (2 * k + 1));
    for (int k = 0; k < 6; k++)
        for (int j = 0; j < 6; j++)
            t->imdct_short[k][j] = (float)cos(M_PI / 24 * (2 * (3 + j) + 7) * (2 * k + 1));
    for (int i = 0; i < 36; i++) {
        double normal = sin(M_PI / 36 * (i + 0.5));
        t->window[0][i] = (float)normal;
        /* start block (type 1) */
        t->window[1][i] = (float)(i < 18 ? normal : i < 24 ? 1.0 : i < 30 ? sin(M_PI / 12 * (i - 18 + 0.5)) : 0.0);
        /* stop block (type 3) */
        t->window[3][i] = (float)(i < 6 ? 0.0 : i < 12 ? sin(M_PI / 12 * (i - 6 + 0.5)) : i < 18 ? 1.0 : normal);
        t->window[2][i] = i < 12 ? (float)sin(M_PI / 12 * (i + 0.5)) : 0.0f;
    }
    static const double ci[8] = {-0.6, -0.535, -0.33, -0.185, -0.095, -0.041, -0.0142, -0.0037};
    for (int i = 0; i < 8; i++) {
        double s = sqrt(1.0 + ci[i] * ci[i]);
        t->alias_cs[i] = (float)(1.0 / s);
        t->alias_ca[i] = (float)(ci[i] / s);
    }
    for (int p = 0; p < 7; p++) {
        double k = tan(p * M_PI / 12);
        t->is_mpeg1[p][0] = (float)(k / (1 + k));
        t->is_mpeg1[p][1] = (float)(1 / (1 + k));
    }
    for (int scale = 0; scale < 2; scale++) {
        double io = scale ? 1 / sqrt(2.0) : pow(2.0, -0.25);
        for (int p = 0; p < 32; p++) {
            double l = 1, r = 1;
            if (p & 1)
                l = pow(io, (p + 1) / 2);
            else
                r = pow(io, p / 2);
            t->is_lsf[scale][p][0] = (float)l;
            t->is_lsf[scale][p][1] = (float)r;
        }
    }
    for (int j = 0; j < 32; j++) {
        /* Signs of the V-to-DCT mapping (mp3_synth.c) folded into the window. */
        double sign_a = j < 16 ? 1 : j == 16 ? 0 : -1;
        for (int i = 0; i < 8; i++) {
            t->synth_window[2 * i][j] = (float)(sign_a * synthesis_d(64 * i + j) * 32768.0);
            t->synth_window[2 * i + 1][j] = (float)(-synthesis_d(64 * i + 32 + j) * 32768.0);
        }
    }
    for (int level = 0, n = 32; level < 5; level++, n /= 2)
        for (int i = 0; i < n / 2; i++)
            t->dct_scale[level][i] = (float)(1.0 / (2.0 * cos(M_PI * (2 * i + 1) / (2.0 * n))));

    size_t used = 0;
    const uint32_t *built[32] = {0};
    for (int i = 0; i < 32; i++) {
        const mp3_huff_source *src = &pacm_mp3_huff_sources[i];
        if (!src->codes)
            continue;
        for (int j = 0; j < i; j++)
            if (pacm_mp3_huff_sources[j].codes == src->codes)
                built[i] = built[j];
        if (!built[i])
            built[i] = build_lookup(src, &used);
        pacm_mp3_huff_lookup[i] = built[i];
    }
    for (uint32_t w = 0; w < 64; w++) {
        for (int v = 0; v < 16; v++) {
            int len = (int)(pacm_mp3_count1_a[v] >> 16);
            uint32_t code = pacm_mp3_count1_a[v] & 0xFFFF;
            if ((w >> (6 - len)) == code)
                pacm_mp3_count1_lookup[0][w] = (uint32_t)len | ((uint32_t)v << 8);
        }
        pacm_mp3_count1_lookup[1][w] = 4u | ((15u - (w >> 2)) << 8);
    }
}

static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

void pacm_mp3_init_tables(void)
{
    pthread_once(&tables_once, init_tables);
}
