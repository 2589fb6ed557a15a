#!/usr/bin/env python3
"""make_seeds.py - writes the hand-made seed inputs of every harness into fuzz/corpus/<name>/.

The seeds are small, valid-looking inputs that reach deep paths at once (a real WAV with fmt,
fact, LIST and data chunks; each codec's format with real coded data cut from the reference
vectors in tests/vectors; drivers and priority files in the documented syntax; API call
sequences that open, queue, reset and close). libFuzzer grows the corpus from these; the
minimised result of the long runs is committed next to them (files named by their hash).
Run from the repository root or from fuzz/: python3 fuzz/make_seeds.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def write(harness, name, data):
    folder = os.path.join(HERE, 'corpus', harness)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, 'seed-' + name), 'wb') as f:
        f.write(data)


def chunk(ckid, body):
    pad = b'\0' if len(body) & 1 else b''
    return ckid + struct.pack('<I', len(body)) + body + pad


def wav_data(path, limit):
    """(fmt chunk body, data bytes[:limit]) of a WAV file in tests/vectors."""
    raw = open(os.path.join(ROOT, path), 'rb').read()
    at, fmt, data = 12, None, None
    while at + 8 <= len(raw):
        ckid, size = raw[at:at + 4], struct.unpack('<I', raw[at + 4:at + 8])[0]
        body = raw[at + 8:at + 8 + size]
        if ckid == b'fmt ':
            fmt = body
        elif ckid == b'data':
            data = body[:limit]
        at += 8 + size + (size & 1)
    return fmt, data


def waveformat(tag, channels, rate, avg, align, bits, extra=b''):
    return struct.pack('<HHIIHHH', tag, channels, rate, avg, align, bits, len(extra)) + extra


PCM8K = waveformat(1, 1, 8000, 16000, 2, 16)
MULAW = waveformat(7, 1, 8000, 8000, 1, 8)
ALAW = waveformat(6, 1, 8000, 8000, 1, 8)
MP3 = waveformat(0x55, 1, 8000, 1000, 1, 0, struct.pack('<HIHHH', 1, 2, 72, 1, 1393))
FLOAT = waveformat(3, 2, 44100, 352800, 8, 32)
EXTENSIBLE = waveformat(0xFFFE, 2, 48000, 192000, 4, 16,
                        struct.pack('<HI', 16, 3) + bytes.fromhex('0100000000001000800000aa00389b71'))

CODED = {}
for name, path in (('ima', 'tests/vectors/ima/speech8m.sox.wav'),
                   ('msadpcm', 'tests/vectors/msadpcm/speech8m.sox.wav'),
                   ('gsm', 'tests/vectors/gsm/speech8m.sox.wav')):
    CODED[name] = wav_data(path, 1024)
PCM_FMT, PCM_DATA = wav_data('tests/vectors/source/speech8m.wav', 2048)


def fmt_as_waveformatex(fmt):
    """A fmt chunk body as a full WAVEFORMATEX (+cbSize extra)."""
    if len(fmt) < 18:
        fmt = fmt + b'\0' * (18 - len(fmt))
    return fmt


def rounds(*plan):
    out = bytes([len(plan) - 1])
    for src, dst, flags in plan:
        out += struct.pack('<HHB', src, dst, flags)
    return out


def seeds_wav():
    for name, (fmt, data) in list(CODED.items()) + [('pcm', (PCM_FMT, PCM_DATA))]:
        info = chunk(b'LIST', b'INFO' + chunk(b'INAM', b'seed\0') + chunk(b'ISFT', b'portacm\0'))
        body = b'WAVE' + chunk(b'fmt ', fmt) + chunk(b'fact', struct.pack('<I', 4000)) + info + chunk(b'data', data)
        riff = chunk(b'RIFF', body)
        write('wav', name + '-mem', bytes([0x00]) + riff)
        write('wav', name + '-proc', bytes([0x35]) + riff)
        write('wav', name + '-direct', bytes([0x02]) + riff)
    # Odd sizes, a data chunk claiming more than the file, a chunk size of 0xFFFFFFFF.
    body = b'WAVE' + chunk(b'fmt ', PCM8K[:16]) + b'data' + struct.pack('<I', 0xFFFFFF00) + b'\1\2\3'
    write('wav', 'data-too-long', bytes([0x02]) + b'RIFF' + struct.pack('<I', len(body)) + body)
    body = b'WAVE' + b'junk' + struct.pack('<I', 0xFFFFFFFF) + b'xx'
    write('wav', 'chunk-huge', bytes([0x01]) + b'RIFF' + struct.pack('<I', 0xFFFFFFFF) + body)
    write('wav', 'odd-chunk', bytes([0x00]) + chunk(b'RIFF', b'WAVE' + chunk(b'abc ', b'123') + chunk(b'fmt ', PCM8K)))


def seeds_convert():
    for name, (fmt, data) in CODED.items():
        wfx = fmt_as_waveformatex(fmt)
        write('acm_convert', name + '-decode', bytes([0x00]) + wfx + rounds((1024, 0, 0x40)) + data)
        write('acm_convert', name + '-decode-split',
              bytes([0x00]) + wfx + rounds((300, 0, 0x41), (65, 100, 0x00), (700, 4096, 0x84)) + data)
        write('acm_convert', name + '-encode', bytes([0x02]) + PCM8K + wfx + rounds((2048, 0, 0x40), (0, 0, 0x44)) + PCM_DATA)
        write('acm_convert', name + '-encode-nonrt',
              bytes([0x06]) + PCM8K + wfx + rounds((1000, 0, 0x40), (1048, 0, 0xC4)) + PCM_DATA)
    for name, wfx in (('mulaw', MULAW), ('alaw', ALAW), ('mp3', MP3)):
        write('acm_convert', name + '-decode', bytes([0x00]) + wfx + rounds((512, 0, 0x40), (512, 300, 0x04)) + PCM_DATA[:1024])
        write('acm_convert', name + '-encode', bytes([0x02]) + PCM8K + wfx + rounds((2048, 0, 0x40)) + PCM_DATA)
    write('acm_convert', 'pcm-rate', bytes([0x02]) + FLOAT + PCM8K + rounds((4000, 0, 0x40), (3, 2, 0x05)) + PCM_DATA)
    write('acm_convert', 'pcm-extensible', bytes([0x02]) + EXTENSIBLE + waveformat(1, 1, 22050, 44100, 2, 16) +
          rounds((1024, 0, 0x40)) + PCM_DATA)
    write('acm_convert', 'suggest-any', bytes([0x0B]) + fmt_as_waveformatex(CODED['ima'][0]) + rounds((512, 0, 0x40)) + CODED['ima'][1])


def seeds_format():
    # op, driver pick, flags, number, format, extra
    ima = fmt_as_waveformatex(CODED['ima'][0])
    msadpcm = fmt_as_waveformatex(CODED['msadpcm'][0])
    gsm = fmt_as_waveformatex(CODED['gsm'][0])
    cases = [
        ('suggest-pcm-tag', 0, 0, 0x00010000, 64, ima, struct.pack('<H', 64) + PCM8K),
        ('suggest-any', 0, 0x80, 0, 18, msadpcm, b''),
        ('details-format', 1, 0x81, 1, 0, gsm, struct.pack('<HHI', 156, 0x31, 0) + struct.pack('<I', 20)),
        ('details-index', 1, 0x82, 0, 3, ima, struct.pack('<HHI', 156, 0x11, 0) + struct.pack('<I', 20)),
        ('tag-details', 2, 0x83, 0, 0, PCM8K, struct.pack('<H', 156)),
        ('enum-convert', 3, 0, 0x00100000, 40, ima, b'\x10\x00'),
        ('enum-suggest', 3, 0x84, 0x00200000, 40, msadpcm, b'\x10\x00'),
        ('enum-tag', 3, 0, 0x00010000, 40, gsm, b'\x10\x00'),
        ('stream-size', 4, 0, 0, 0, ima, PCM8K + b'\0\x10\0\0\x00\0\x10\0\0\x01\x07\0\0\0\x01'),
        ('metrics', 5, 0x81, 0, 20, PCM8K, b''),
        ('round-trip', 6, 0, 0x00010000, 0x00010001, gsm, b''),
    ]
    for name, op, pick, flags, number, wfx, extra in cases:
        write('acm_format', name, bytes([op, pick]) + struct.pack('<II', flags, number) + wfx + extra)


def seeds_drivers_file():
    files = {
        'valid': b'msacm.fuzz\tdrivers32\n; comment\n[drivers32]\nmsacm.fuzz = msadp32.acm quality=high\n'
                 b'msacm.other=imaadp32.acm\n[mysection]\ntool = msg711.acm\n',
        'quoted': b'msacm.q\n[Drivers32]\r\nmsacm.q = "msgsm32.acm" some arguments\r\n',
        'section': b'tool\tmysection\n[mysection]\ntool=msacm32.dll\n[drivers32]\ntool=nothing.so\n',
        'malformed': b'x\n[drivers32\nx=\n=y\nno equals\n[]\n[a]junk\n\x01\x02bin=1\n[drivers32]\nx=msg711.acm\n',
        'duplicate': b'msacm.d\n[drivers32]\nmsacm.d=msg711.acm\nmsacm.d=msadp32.acm\n',
        'long-line': b'msacm.l\n[drivers32]\nmsacm.l=' + b'a' * 5000 + b'\nmsacm.l=msg711.acm\n',
    }
    for name, text in files.items():
        write('drivers_file', name, text)


def seeds_priority_file():
    files = {
        'valid': b'[Priority v4.00]\nPriority1=1, msacm.msgsm610\nPriority2=0, msacm.imaadpcm\nPriority3=1, msacm.msadpcm\n',
        'no-section': b'Priority1=1, msacm.msg711\r\nPriority2=1, msacm.imaadpcm\r\n',
        'other-section': b'[Other]\nPriority1=0, msacm.msg711\n[Priority v4.00]\nPriority5=1, msacm.msg711\n',
        'malformed': b'[Priority v4.00]\nPriority0=1, x\nPriority=1, y\nPriority1=2, z\nPriority1 = 1 , \n'
                     b'Priority99999999=1, msacm.msg711\nPriority2=1 msacm.msadpcm\n\tPriority3\t=\t0\t,\tmsacm.msadpcm\n',
        'pcm': b'[Priority v4.00]\nPriority1=0, msacm32.dll\nPriority2=1, MSACM.IMAADPCM\n',
    }
    for name, text in files.items():
        write('priority_file', name, text)


def seeds_api_sequence():
    # ops: 0 open(how, pair) 1 close 2 prepare(cbStruct?, src u16, dst u16) 3 unprepare
    # 4 convert(flags) 5 reset 6 size(u32, flags) 7 message(u8) 8 wait 9 relength 10 stale
    def prep(arg, src, dst):
        return bytes([2, arg]) + struct.pack('<HH', src, dst)
    sync = bytes([0, 0, 0, 0]) + prep(0, 2048, 8192) + bytes([4, 0, 0x14]) + bytes([3, 0]) + bytes([1, 0])
    write('api_sequence', 'sync', sync)
    for how, name in ((1, 'async-function'), (2, 'async-event'), (3, 'async-null')):
        seq = bytes([0, 0, how, 2])
        for h in range(6):
            seq += prep(h << 2, 1024, 4096) + bytes([4, h << 2, 0x04])
        seq += bytes([5, 0]) + bytes([8, 0])
        for h in range(6):
            seq += bytes([3, h << 2])
        seq += bytes([1, 0])
        write('api_sequence', name, seq)
    write('api_sequence', 'close-busy', bytes([0, 1, 1, 4]) + prep(1, 4096, 8192) + bytes([4, 1, 0x04, 1, 1, 10, 1]))
    write('api_sequence', 'stale', bytes([0, 2, 0, 6]) + bytes([10, 2, 6, 2]) + struct.pack('<I', 100) + b'\0')
    write('api_sequence', 'multi', bytes([0, 0, 0, 1, 0, 1, 1, 3, 0, 2, 5, 5, 0, 3, 0, 7]) +
          prep(0, 300, 300) + prep(5, 400, 50) + bytes([4, 0, 0, 4, 5, 4, 9, 0, 10, 0, 4, 0, 1]))


if __name__ == '__main__':
    seeds_wav()
    seeds_convert()
    seeds_format()
    seeds_drivers_file()
    seeds_priority_file()
    seeds_api_sequence()
