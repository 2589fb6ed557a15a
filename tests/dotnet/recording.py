"""recording.py - what the recording checks (check_sine.py, check_tone.py) share: the left
channel of a raw s16le stereo recording (parec), and ok/FAIL lines with a failure count."""
import struct


def left_channel(path):
    data = open(path, "rb").read()
    count = len(data) // 4
    return struct.unpack("<%dh" % (count * 2), data[: count * 4])[0::2]


class Checks:
    def __init__(self):
        self.failures = 0

    def check(self, ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        self.failures += 0 if ok else 1
        return ok
