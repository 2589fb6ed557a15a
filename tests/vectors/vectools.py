#!/usr/bin/env python3
"""Small helpers for make_vectors.sh (standard library only).

  vectools.py info FILE.wav                  format tag, channels, rate, block align, spb, data bytes
  vectools.py hash FILE.wav                  "<frames> <fnv1a64>" of a 16-bit PCM WAV's samples
  vectools.py truncate IN.wav OUT.wav BYTES  copy with the data chunk cut to BYTES bytes
  vectools.py snr REF.wav TEST.wav           SNR in dB of TEST against REF over REF's length
  vectools.py predictors FILE.wav            MS ADPCM predictor indices used, one count each

The hash is FNV-1a, 64-bit, over the samples as little-endian int16, channels interleaved;
tests/support/ts_signal.c computes the same.
"""
import math
import struct
import sys


def chunks(path):
    data = open(path, "rb").read()
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        sys.exit("%s: not a RIFF WAVE file" % path)
    pos, found = 12, {}
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        found.setdefault(cid, (pos, data[pos + 8:pos + 8 + size]))
        pos += 8 + size + (size & 1)
    return data, found


def fmt_of(path):
    _, found = chunks(path)
    fmt = found[b"fmt "][1]
    tag, channels, rate, _, align, bits = struct.unpack("<HHIIHH", fmt[:16])
    spb = struct.unpack("<H", fmt[18:20])[0] if len(fmt) >= 20 else 0
    return tag, channels, rate, align, bits, spb, found[b"data"][1]


def pcm_samples(path):
    tag, channels, _, _, bits, _, data = fmt_of(path)
    if tag not in (1, 0xFFFE) or bits != 16:
        sys.exit("%s: not 16-bit PCM" % path)
    count = len(data) // 2
    return channels, struct.unpack("<%dh" % count, data[:count * 2])


def fnv1a64(payload):
    h = 0xCBF29CE484222325
    for byte in payload:
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def main(argv):
    cmd = argv[1]
    if cmd == "info":
        tag, channels, rate, align, bits, spb, data = fmt_of(argv[2])
        print("tag=%d channels=%d rate=%d align=%d bits=%d spb=%d data=%d" %
              (tag, channels, rate, align, bits, spb, len(data)))
    elif cmd == "hash":
        channels, samples = pcm_samples(argv[2])
        payload = struct.pack("<%dh" % len(samples), *samples)
        print("%d %016x" % (len(samples) // channels, fnv1a64(payload)))
    elif cmd == "truncate":
        raw, found = chunks(argv[2])
        pos, data = found[b"data"]
        keep = int(argv[4])
        out = bytearray(raw[:pos + 8 + keep])
        out[pos + 4:pos + 8] = struct.pack("<I", keep)
        out[4:8] = struct.pack("<I", len(out) - 8)
        open(argv[3], "wb").write(out)
    elif cmd == "snr":
        ch_a, ref = pcm_samples(argv[2])
        ch_b, test = pcm_samples(argv[3])
        if ch_a != ch_b or len(test) < len(ref):
            sys.exit("snr: %s and %s do not line up" % (argv[2], argv[3]))
        signal = sum(x * x for x in ref)
        noise = sum((x - y) * (x - y) for x, y in zip(ref, test))
        print("%.2f" % (10 * math.log10(signal / noise)))
    elif cmd == "predictors":
        tag, channels, _, align, _, _, data = fmt_of(argv[2])
        counts = {}
        for start in range(0, len(data) - 7 * channels + 1, align):
            for c in range(channels):
                counts[data[start + c]] = counts.get(data[start + c], 0) + 1
        print(" ".join("%d:%d" % kv for kv in sorted(counts.items())))
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
