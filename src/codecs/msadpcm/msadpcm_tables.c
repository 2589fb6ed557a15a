/*
 * msadpcm_tables.c - the constant tables of MS ADPCM: the seven predictor coefficient pairs (in
 * 1/256) and the delta adaptation table (in 1/256, indexed by the unsigned 4-bit code) are from
 * Microsoft's ADPCM format description ("Multimedia Standards Update", the WAVE_FORMAT_ADPCM
 * section) and are the values every WAVE_FORMAT_ADPCM file carries in its aCoef array.
 */
#include "msadpcm_int.h"

const msadpcm_coef pacm_msadpcm_standard_coefs[MSADPCM_STANDARD_COEF_COUNT] = {
    {256, 0}, {512, -256}, {0, 0}, {192, 64}, {240, 0}, {460, -208}, {392, -232},
};

const int16_t pacm_msadpcm_adaptation_table[16] = {
    230, 230, 230, 230, 307, 409, 512, 614,
    768, 614, 512, 409, 307, 230, 230, 230,
};
