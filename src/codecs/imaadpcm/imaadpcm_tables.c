/*
 * imaadpcm_tables.c - the constant tables of IMA ADPCM: the 89-entry step-size table and the
 * 16-entry step-index adjustment table are those of the IMA Digital Audio Focus and Technical
 * Working Groups, "Recommended Practices for Enhancing Digital Audio Compatibility in
 * Multimedia Systems", revision 3.00 (1992), which Microsoft's WAVE_FORMAT_IMA_ADPCM adopts
 * unchanged. Steps grow by about 10 % from 7 to 32767; a code's magnitude bits move the index
 * by -1 (0..3) or +2, +4, +6, +8 (4..7).
 */
#include "imaadpcm_int.h"

const int16_t pacm_imaadpcm_step_table[IMAADPCM_STEP_COUNT] = {
    7,     8,     9,     10,    11,    12,    13,    14,    16,    17,
    19,    21,    23,    25,    28,    31,    34,    37,    41,    45,
    50,    55,    60,    66,    73,    80,    88,    97,    107,   118,
    130,   143,   157,   173,   190,   209,   230,   253,   279,   307,
    337,   371,   408,   449,   494,   544,   598,   658,   724,   796,
    876,   963,   1060,  1166,  1282,  1411,  1552,  1707,  1878,  2066,
    2272,  2499,  2749,  3024,  3327,  3660,  4026,  4428,  4871,  5358,
    5894,  6484,  7132,  7845,  8630,  9493,  10442, 11487, 12635, 13899,
    15289, 16818, 18500, 20350, 22385, 24623, 27086, 29794, 32767,
};

const int8_t pacm_imaadpcm_index_table[16] = {
    -1, -1, -1, -1, 2, 4, 6, 8,
    -1, -1, -1, -1, 2, 4, 6, 8,
};
