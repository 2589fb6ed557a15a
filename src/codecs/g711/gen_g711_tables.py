#!/usr/bin/env python3
"""Writes g711_tables.c: the lookup tables of the G.711 kernels.

Run from this folder:  python3 gen_g711_tables.py > g711_tables.c

Why a generated file: the encoders are a single table lookup per sample (the fastest thing a
CPU can do for this), and committing the generated C keeps the build free of a generator step.
The formulas below are the ones the tables are made from; test_kernel_g711.c checks every entry
against a second, independently written formulation (a search over G.711's decision values).

Quantisation (ITU-T G.711 Tables 1 and 2):
  A-law works on a 13-bit signed value (12-bit magnitude), mu-law on a 14-bit signed value
  (13-bit magnitude, biased by 33). A 16-bit sample is brought to that scale by an arithmetic
  right shift (3 for A-law, 2 for mu-law), i.e. truncation toward minus infinity, which is what
  the classic Sun Microsystems g711.c routines (as revised on 1994-12-30) do and therefore what
  Windows-compatible encoders (Wine's msg711) produce. Within a segment the code is the interval
  whose lower decision value is <= the magnitude (no rounding).
Transcoding (ITU-T G.711 Table 3, mu-law -> A-law, and Table 4, A-law -> mu-law), with the two
  entries corrected by B. Lindberg (1994) so that A -> mu -> A is the identity where G.711 says.
"""

import sys


def bit_length(v):
    return v.bit_length()


def alaw_encode(x):
    """x: int16. Returns the A-law code byte (even bits inverted, sign bit 1 = positive)."""
    if x >= 0:
        magnitude, mask = x >> 3, 0xD5
    else:
        magnitude, mask = (~x) >> 3, 0x55      # (-x - 1) >> 3: one's complement magnitude
    if magnitude < 32:
        segment, shift = 0, 1
    else:
        segment = bit_length(magnitude) - 5     # 32..63 -> 1, 64..127 -> 2, ... 2048..4095 -> 7
        shift = segment
    quant = (magnitude >> shift) & 15
    return ((segment << 4) | quant) ^ mask


def ulaw_encode(x):
    """x: int16. Returns the mu-law code byte (all bits inverted, sign bit 1 = positive)."""
    scaled = x >> 2                             # floor to the 14-bit scale
    if scaled < 0:
        magnitude, mask = -scaled, 0x7F
    else:
        magnitude, mask = scaled, 0xFF
    biased = min(magnitude, 8158) + 33          # 33..8191: a leading 1 marks the segment
    segment = bit_length(biased) - 6            # 32..63 -> 0 ... 4096..8191 -> 7
    quant = (biased >> (segment + 1)) & 15
    return ((segment << 4) | quant) ^ mask


def alaw_decode(code):
    """Centre of the code's quantisation interval, on the 16-bit scale."""
    c = code ^ 0x55
    segment, quant = (c >> 4) & 7, c & 15
    if segment == 0:
        value = (quant << 4) + 8
    else:
        value = ((quant << 4) + 0x108) << (segment - 1)
    return value if c & 0x80 else -value


def ulaw_decode(code):
    c = ~code & 0xFF
    segment, quant = (c >> 4) & 7, c & 15
    value = (((quant << 3) + 0x84) << segment) - 0x84
    return -value if c & 0x80 else value


# G.711 Table 3 (mu-law -> A-law) as magnitude codes: entry i is the A-law magnitude code
# (segment << 4 | step, before the even-bit inversion) for mu-law magnitude code i.
ULAW_TO_ALAW = (
    [i // 2 for i in range(16)] +               # mu 0..15 -> A 0..7, two to one
    list(range(8, 24)) +                        # mu 16..31 -> A 8..23
    [24, 26, 28, 30] + list(range(32, 44)) +    # mu 32..47
    [45, 47] + list(range(48, 62)) +            # mu 48..63
    list(range(63, 79)) +                       # mu 64..79
    [79] + list(range(81, 128))                 # mu 80..127 (Lindberg: mu 80 -> A 79)
)

# G.711 Table 4 (A-law -> mu-law) as magnitude codes.
ALAW_TO_ULAW = (
    [2 * i + 1 for i in range(8)] +             # A 0..7 -> mu 1, 3, ..., 15
    list(range(16, 32)) +                       # A 8..23
    [32, 32, 33, 33, 34, 34, 35, 35] +          # A 24..31
    list(range(36, 48)) +                       # A 32..43
    [48, 48, 49, 49] +                          # A 44..47
    list(range(50, 64)) +                       # A 48..61
    [64, 64] +                                  # A 62..63
    list(range(65, 81)) +                       # A 64..79 (Lindberg: A 79 -> mu 80)
    list(range(80, 128))                        # A 80..127
)
assert len(ULAW_TO_ALAW) == 128 and len(ALAW_TO_ULAW) == 128


def alaw_to_ulaw(a):
    positive = a & 0x80
    magnitude = (a ^ (0xD5 if positive else 0x55)) & 0x7F
    m = ALAW_TO_ULAW[magnitude]
    return (0xFF if positive else 0x7F) ^ m


def ulaw_to_alaw(u):
    positive = u & 0x80
    magnitude = (u ^ (0xFF if positive else 0x7F)) & 0x7F
    m = ULAW_TO_ALAW[magnitude]
    return (0xD5 if positive else 0x55) ^ m


def emit(out, ctype, name, values, per_line, fmt):
    out.write("const %s %s[%d] = {\n" % (ctype, name, len(values)))
    for i in range(0, len(values), per_line):
        out.write("    " + ", ".join(fmt(v) for v in values[i:i + per_line]) + ",\n")
    out.write("};\n\n")


def main():
    out = sys.stdout
    out.write("/*\n * g711_tables.c - GENERATED by gen_g711_tables.py (same folder); do not edit.\n"
              " * The formulas and their sources (ITU-T G.711 Tables 1-4; the 1994-revised Sun\n"
              " * g711.c truncation that Windows-compatible encoders follow) are in the generator.\n"
              " * test_kernel_g711.c checks every entry against an independent formulation.\n */\n")
    out.write('#include "g711_int.h"\n\n')
    # Encode tables are indexed by the 16-bit sample as unsigned, shifted to 13/14 bits.
    alaw_enc = [alaw_encode((i << 3) - 65536 if i >= 4096 else i << 3) for i in range(8192)]
    ulaw_enc = [ulaw_encode((i << 2) - 65536 if i >= 8192 else i << 2) for i in range(16384)]
    hx = lambda v: "0x%02X" % v
    emit(out, "uint8_t", "pacm_g711_alaw_encode_table", alaw_enc, 16, hx)
    emit(out, "uint8_t", "pacm_g711_ulaw_encode_table", ulaw_enc, 16, hx)
    emit(out, "int16_t", "pacm_g711_alaw_decode_table", [alaw_decode(c) for c in range(256)], 8, str)
    emit(out, "int16_t", "pacm_g711_ulaw_decode_table", [ulaw_decode(c) for c in range(256)], 8, str)
    emit(out, "uint8_t", "pacm_g711_alaw_to_ulaw_table", [alaw_to_ulaw(c) for c in range(256)], 16, hx)
    emit(out, "uint8_t", "pacm_g711_ulaw_to_alaw_table", [ulaw_to_alaw(c) for c in range(256)], 16, hx)


if __name__ == "__main__":
    main()
