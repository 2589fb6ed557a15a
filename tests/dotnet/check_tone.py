#!/usr/bin/env python3
"""check_tone.py RECORDING FREQUENCY SECONDS - checks a raw s16le stereo 44100 Hz recording
(parec) for one synthesized note held SECONDS: the sound (50 ms windows within 40 dB of the
loudest) lasts at least SECONDS and ends within 0.7 s after it (the note-off and the release:
a note left sounding lasts until the device is closed, more than 1 s later), its pitch is
FREQUENCY (autocorrelation of the steady part, +-5 Hz), and it has no dropout while held. Prints
ok/FAIL lines; exit status 1 on any FAIL."""
import math
import sys

from recording import Checks, left_channel

RATE = 44100
WINDOW = RATE // 20


def rms(samples):
    return math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))


def pitch(samples, frequency):
    """The frequency whose period best repeats in `samples`, searched within +-30% of `frequency`."""
    best_lag, best = 0, -2.0
    scores = {}
    for lag in range(int(RATE / (frequency * 1.3)), int(RATE / (frequency * 0.7)) + 2):
        a, b = samples[:-lag], samples[lag:]
        num = sum(x * y for x, y in zip(a, b))
        den = math.sqrt(sum(x * x for x in a) * sum(y * y for y in b)) or 1.0
        scores[lag] = num / den
        if scores[lag] > best:
            best_lag, best = lag, scores[lag]
    # parabolic interpolation around the best lag
    left, right = scores.get(best_lag - 1, best), scores.get(best_lag + 1, best)
    shift = 0.0
    if left - 2 * best + right != 0:
        shift = 0.5 * (left - right) / (left - 2 * best + right)
    return RATE / (best_lag + shift), best


def main():
    path, frequency, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    left = left_channel(path)
    count = len(left)
    checks = Checks()
    check = checks.check

    levels = [rms(left[i : i + WINDOW]) for i in range(0, count - WINDOW + 1, WINDOW)]
    loudest = max(levels) if levels else 0
    if not check(loudest > 300, "the recording of the monitor has sound (loudest 50 ms RMS %.0f, %d frames)" % (loudest, count)):
        return 1
    sounding = [i for i, level in enumerate(levels) if level > loudest / 100]
    first, last = sounding[0], sounding[-1]
    length = (last - first + 1) * WINDOW / RATE
    check(seconds <= length <= seconds + 0.7,
          "the note sounded %.2f s (held %.2f s, then note-off and release)" % (length, seconds))
    steady = left[(first + 4) * WINDOW : (first + 4) * WINDOW + RATE // 4]
    measured, score = pitch(steady, frequency)
    check(abs(measured - frequency) <= 5 and score > 0.8,
          "pitch %.1f Hz (expected %.0f; autocorrelation %.2f)" % (measured, frequency, score))
    held = levels[first : first + int(seconds * 20)]
    check(min(held) > loudest / 10,
          "no dropout while the note is held (quietest 50 ms RMS %.0f of %.0f)" % (min(held), loudest))
    check(last + 1 < len(levels), "the recording goes on after the sound ended")
    return 1 if checks.failures else 0


if __name__ == "__main__":
    sys.exit(main())
