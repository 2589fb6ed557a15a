/*
 * imaadpcm_tables.c - the constant tables of IMA ADPCM: the 89-entry step-size table and the
 * 16-entry step-index adjustment table are those of the IMA Digital Audio Focus and Technical
 * Working Groups, "Recommended Practices for Enhancing Digital Audio Compatibility in
 * Multimedia Systems", revision 3.00 (1992), which Microsoft's WAVE_FORMAT_IMA_ADPCM adopts
 * unchanged. Steps grow by about 10 % from 7 to 32767; a code's magnitude bits move the index
 * by -1 (0..3) or +2, +4, +6, +8 (4..7). The decoder's combined table is built from the same
 * list by the macros below, so the numbers are written once.
 */
#include "imaadpcm_int.h"

/* (index, step) for every step index. */
#define IMAADPCM_STEPS(X) \
    X(0, 7) X(1, 8) X(2, 9) X(3, 10) X(4, 11) X(5, 12) X(6, 13) X(7, 14) X(8, 16) X(9, 17) \
    X(10, 19) X(11, 21) X(12, 23) X(13, 25) X(14, 28) X(15, 31) X(16, 34) X(17, 37) X(18, 41) \
    X(19, 45) X(20, 50) X(21, 55) X(22, 60) X(23, 66) X(24, 73) X(25, 80) X(26, 88) X(27, 97) \
    X(28, 107) X(29, 118) X(30, 130) X(31, 143) X(32, 157) X(33, 173) X(34, 190) X(35, 209) \
    X(36, 230) X(37, 253) X(38, 279) X(39, 307) X(40, 337) X(41, 371) X(42, 408) X(43, 449) \
    X(44, 494) X(45, 544) X(46, 598) X(47, 658) X(48, 724) X(49, 796) X(50, 876) X(51, 963) \
    X(52, 1060) X(53, 1166) X(54, 1282) X(55, 1411) X(56, 1552) X(57, 1707) X(58, 1878) \
    X(59, 2066) X(60, 2272) X(61, 2499) X(62, 2749) X(63, 3024) X(64, 3327) X(65, 3660) \
    X(66, 4026) X(67, 4428) X(68, 4871) X(69, 5358) X(70, 5894) X(71, 6484) X(72, 7132) \
    X(73, 7845) X(74, 8630) X(75, 9493) X(76, 10442) X(77, 11487) X(78, 12635) X(79, 13899) \
    X(80, 15289) X(81, 16818) X(82, 18500) X(83, 20350) X(84, 22385) X(85, 24623) X(86, 27086) \
    X(87, 29794) X(88, 32767)

/* How a code moves the step index: -1 for magnitudes 0..3, +2, +4, +6, +8 for 4..7. */
#define IMA_MOVE(c) (((c) & 7) < 4 ? -1 : 2 * (((c) & 7) - 3))

#define IMA_STEP_VALUE(i, s) s,
const int16_t pacm_imaadpcm_step_table[IMAADPCM_STEP_COUNT] = {IMAADPCM_STEPS(IMA_STEP_VALUE)};

const int8_t pacm_imaadpcm_index_table[16] = {
    IMA_MOVE(0), IMA_MOVE(1), IMA_MOVE(2),  IMA_MOVE(3),  IMA_MOVE(4),  IMA_MOVE(5),  IMA_MOVE(6),  IMA_MOVE(7),
    IMA_MOVE(8), IMA_MOVE(9), IMA_MOVE(10), IMA_MOVE(11), IMA_MOVE(12), IMA_MOVE(13), IMA_MOVE(14), IMA_MOVE(15),
};
_Static_assert(IMA_MOVE(3) == -1 && IMA_MOVE(4) == 2 && IMA_MOVE(15) == 8, "the recommendation's index table");

/* The decoder's table (imaadpcm_kernel.c): for step index i and code c, entry 16 * i + c holds
 * the signed reconstructed difference, (step >> 3) + the parts the magnitude bits select
 * (step, step >> 1, step >> 2), negated when the sign bit is set, and 16 times the next
 * step index (clamped to 0..88), so one look-up per sample replaces the step look-up, the
 * difference arithmetic and the index update. */
#define IMA_DIFF(s, c)                                                                           \
    (((c) & 8) ? -1 : 1) * (((s) >> 3) + (((c) & 4) ? (s) : 0) + (((c) & 2) ? (s) >> 1 : 0) +    \
                            (((c) & 1) ? (s) >> 2 : 0))
#define IMA_CLAMP_INDEX(i) ((i) < 0 ? 0 : (i) > IMAADPCM_MAX_STEP_INDEX ? IMAADPCM_MAX_STEP_INDEX : (i))
#define IMA_ENTRY(i, s, c) {IMA_DIFF(s, c), 16 * IMA_CLAMP_INDEX((i) + IMA_MOVE(c))}
#define IMA_ROW(i, s)                                                                            \
    IMA_ENTRY(i, s, 0), IMA_ENTRY(i, s, 1), IMA_ENTRY(i, s, 2), IMA_ENTRY(i, s, 3),              \
        IMA_ENTRY(i, s, 4), IMA_ENTRY(i, s, 5), IMA_ENTRY(i, s, 6), IMA_ENTRY(i, s, 7),          \
        IMA_ENTRY(i, s, 8), IMA_ENTRY(i, s, 9), IMA_ENTRY(i, s, 10), IMA_ENTRY(i, s, 11),        \
        IMA_ENTRY(i, s, 12), IMA_ENTRY(i, s, 13), IMA_ENTRY(i, s, 14), IMA_ENTRY(i, s, 15),

const imaadpcm_decode_entry pacm_imaadpcm_decode_table[IMAADPCM_STEP_COUNT * 16] = {IMAADPCM_STEPS(IMA_ROW)};
