/*
 * gsm_tables.c - the constant tables of the ETSI GSM 06.10 decoder (gsm_decode.c), as printed
 * in the standard (ETS 300 580-2 / GSM 06.10, section 5: tables 5.1, 5.2, 5.3b and 5.6):
 * the log-area-ratio decoding constants, the normalised inverse mantissas of the RPE
 * quantizer and the long-term gain levels. Values are the standard's 16-bit fixed-point words.
 */
#include "gsm_decode_int.h"

/* Tables 5.1 and 5.2: LARc[i] carries LAR[i] quantized as A[i]*LAR + B[i], offset by -MIC[i] to make
 * it unsigned; the decoder adds MIC back, removes B and multiplies by INVA = 1/A (Q15). */
const int16_t pacm_gsm_lar_mic[GSM_LAR_COUNT] = {-32, -32, -16, -16, -8, -8, -4, -4};
const int16_t pacm_gsm_lar_b[GSM_LAR_COUNT] = {0, 0, 2048, -2560, 94, -1792, -341, -1144};
const int16_t pacm_gsm_lar_inva[GSM_LAR_COUNT] = {13107, 13107, 13107, 13107, 19223, 17476, 31454, 29708};

/* Table 5.6: FAC[mant], the normalized direct mantissa of the decoded block maximum (Q15); the
 * encoder's inverse mantissas (table 5.5) are not needed to decode. */
const int16_t pacm_gsm_fac[8] = {18431, 20479, 22527, 24575, 26623, 28671, 30719, 32767};

/* Table 5.3a: QLB[bc], the decoded long-term prediction gain (Q15). */
const int16_t pacm_gsm_qlb[4] = {3277, 11469, 21299, 32767};
