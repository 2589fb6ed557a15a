#!/usr/bin/env python3
"""check_sine.py RECORDING FREQUENCY - checks a raw s16le stereo 44100 Hz recording (parec) for
the sine the NAudio pulse test plays: at half full scale (peak 16384) and of FREQUENCY Hz, for
at least 1 s. Prints ok/FAIL lines; exit status 1 on any FAIL."""
import math
import sys

from recording import Checks, left_channel

RATE = 44100


def main():
    path, frequency = sys.argv[1], float(sys.argv[2])
    left = left_channel(path)
    count = len(left)
    loud = [i for i, s in enumerate(left) if abs(s) > 4000]
    checks = Checks()
    check = checks.check

    if not check(len(loud) > 0, "the recording of the monitor has sound (%d frames recorded)" % count):
        return 1
    start, end = loud[0], loud[-1]
    check(end - start >= RATE, "the sine lasted at least 1 s (%.2f s)" % ((end - start) / RATE))
    middle = left[start + RATE // 10 : end - RATE // 10]
    peak = max(abs(s) for s in middle)
    rms = math.sqrt(sum(s * s for s in middle) / len(middle))
    check(15500 <= peak <= 16600, "peak at half full scale (%d, expected 16384)" % peak)
    check(abs(rms - 16384 / math.sqrt(2)) < 600, "RMS of a sine of that peak (%.0f, expected 11585)" % rms)
    crossings = sum(1 for a, b in zip(middle, middle[1:]) if a < 0 <= b)
    measured = crossings * RATE / len(middle)
    check(abs(measured - frequency) < 10, "frequency %.1f Hz (expected %.0f)" % (measured, frequency))
    quiet = 0
    longest = 0
    for s in left[start:end]:
        quiet = quiet + 1 if abs(s) < 100 else 0
        longest = max(longest, quiet)
    check(longest < 44, "no gap of 1 ms or more in the sine (longest quiet run %d frames)" % longest)
    return 1 if checks.failures else 0


if __name__ == "__main__":
    sys.exit(main())
