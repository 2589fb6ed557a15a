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


def seeds_cli_wav():
    """The CLI's reader (fuzz_cli_wav): first byte bit 0 = read as standard input, bits 1-3 =
    piece size, bit 4 = load chunk bodies before the data, bit 5 = JSON. Small real files from
    tests/vectors/cli (the larger ones cut to 2 KB: a truncated data chunk is a case too), and
    hand-made RF64/ds64, odd-chunk, data-before-fmt and huge-size layouts."""
    folder = os.path.join(ROOT, 'tests', 'vectors', 'cli')
    for i, name in enumerate(sorted(os.listdir(folder))):
        if not (name.endswith('.wav') or name.endswith('.bin')):
            continue
        raw = open(os.path.join(folder, name), 'rb').read()[:2048]
        stem = name.rsplit('.', 1)[0]
        write('cli_wav', stem, bytes([(i * 2) & 0x0E | 0x20 * (i & 1)]) + raw)
        if i % 3 == 0:
            write('cli_wav', stem + '-stdin', bytes([0x11 | (i * 2) & 0x0E]) + raw)

    pcm = PCM8K[:16]
    samples = PCM_DATA[:400]

    def ds64(riff, data, count, table=()):
        body = struct.pack('<QQQI', riff, data, count, len(table))
        for ckid, size in table:
            body += ckid + struct.pack('<Q', size)
        return chunk(b'ds64', body)

    def rf64(chunks, magic=b'RF64'):
        return magic + struct.pack('<I', 0xFFFFFFFF) + b'WAVE' + chunks

    def raw_chunk(ckid, size, body):
        return ckid + struct.pack('<I', size) + body

    # RF64 with a ds64 giving the real sizes, and sizes of 0xFFFFFFFF in the headers.
    body = ds64(4 + 36 + 24 + 8 + len(samples), len(samples), len(samples) // 2) + chunk(b'fmt ', pcm) + \
        raw_chunk(b'data', 0xFFFFFFFF, samples)
    write('cli_wav', 'rf64-ds64', bytes([0x0A]) + rf64(body))
    write('cli_wav', 'rf64-ds64-stdin', bytes([0x0B]) + rf64(body))
    write('cli_wav', 'bw64-ds64', bytes([0x2C]) + rf64(body, b'BW64'))
    # ds64 with huge sizes (data past any file, riff of 2^63), a table entry for a chunk.
    body = ds64(1 << 63, 0xFFFFFFFFFFFFFFF0, 1 << 40, [(b'LIST', 1 << 62), (b'fact', 3)]) + chunk(b'fmt ', pcm) + \
        raw_chunk(b'fact', 0xFFFFFFFF, struct.pack('<I', 0xFFFFFFFF)) + raw_chunk(b'LIST', 0xFFFFFFFF, b'INFO') + \
        raw_chunk(b'data', 0xFFFFFFFF, samples)
    write('cli_wav', 'rf64-huge', bytes([0x06]) + rf64(body))
    write('cli_wav', 'rf64-huge-stdin', bytes([0x17]) + rf64(body))
    # RF64 without ds64 (streaming), ds64 too short, ds64 table longer than the chunk, ds64 late.
    write('cli_wav', 'rf64-no-ds64', bytes([0x08]) + rf64(chunk(b'fmt ', pcm) + raw_chunk(b'data', 0xFFFFFFFF, samples)))
    write('cli_wav', 'rf64-ds64-short', bytes([0x08]) + rf64(chunk(b'ds64', b'\1' * 20) + chunk(b'fmt ', pcm) +
                                                             raw_chunk(b'data', 0xFFFFFFFF, samples)))
    write('cli_wav', 'rf64-ds64-table', bytes([0x08]) + rf64(chunk(b'ds64', struct.pack('<QQQI', 0, 400, 200, 1000) +
                                                                   b'data') + chunk(b'fmt ', pcm) +
                                                             raw_chunk(b'data', 0xFFFFFFFF, samples)))
    write('cli_wav', 'rf64-ds64-late', bytes([0x0E]) + rf64(chunk(b'fmt ', pcm) + ds64(0, 100, 50) +
                                                            raw_chunk(b'data', 0xFFFFFFFF, samples)))
    write('cli_wav', 'riff-with-ds64', bytes([0x02]) + chunk(b'RIFF', b'WAVE' + ds64(0, 1, 1) + chunk(b'fmt ', pcm) +
                                                             chunk(b'data', samples)))
    # Odd chunks with and without pad bytes, JUNK, cue, LIST before fmt, data before fmt.
    odd = chunk(b'JUNK', b'abc') + raw_chunk(b'cue ', 5, b'12345') + chunk(b'LIST', b'INFOINAM' + struct.pack('<I', 3) + b'ab\0')
    body = b'WAVE' + odd + chunk(b'fmt ', pcm) + chunk(b'fact', struct.pack('<I', 200)) + chunk(b'data', samples[:301])
    write('cli_wav', 'odd-chunks', bytes([0x10]) + chunk(b'RIFF', body))
    write('cli_wav', 'odd-chunks-stdin', bytes([0x35]) + chunk(b'RIFF', body))
    body = b'WAVE' + chunk(b'data', samples) + chunk(b'fmt ', pcm) + chunk(b'smpl', b'\0' * 36)
    write('cli_wav', 'data-before-fmt', bytes([0x12]) + chunk(b'RIFF', body))
    write('cli_wav', 'data-before-fmt-stdin', bytes([0x13]) + chunk(b'RIFF', body))
    # Huge declared sizes: data, fmt, an unknown chunk; streaming data sizes 0 and 0xFFFFFFFF.
    write('cli_wav', 'data-huge', bytes([0x0C]) + b'RIFF' + struct.pack('<I', 0xFFFFFFF0) + b'WAVE' +
          chunk(b'fmt ', pcm) + raw_chunk(b'data', 0xFFFFFFF0, samples))
    write('cli_wav', 'data-huge-stdin', bytes([0x0D]) + b'RIFF' + struct.pack('<I', 0xFFFFFFF0) + b'WAVE' +
          chunk(b'fmt ', pcm) + raw_chunk(b'data', 0xFFFFFFF0, samples))
    write('cli_wav', 'fmt-huge', bytes([0x00]) + chunk(b'RIFF', b'WAVE' + raw_chunk(b'fmt ', 0x7FFFFFFF, pcm)))
    write('cli_wav', 'chunk-huge', bytes([0x30]) + chunk(b'RIFF', b'WAVE' + chunk(b'fmt ', pcm) +
                                                       raw_chunk(b'junk', 0xFFFFFFFE, b'xx') + chunk(b'data', samples)))
    for size, mode in ((0, 0x04), (0xFFFFFFFF, 0x05)):
        write('cli_wav', 'data-stream-%x' % size, bytes([mode]) + chunk(b'RIFF', b'WAVE' + chunk(b'fmt ', pcm)) +
              raw_chunk(b'data', size, samples))
    # Formats the reader validates field by field: extensible, IMA without cbSize, MS ADPCM
    # with too few coefficients, GSM without wSamplesPerBlock, 12-bit PCM, MP3 (no block count),
    # PCM with extra bytes (ignored, as on Windows).
    for name, fmt in (('extensible', EXTENSIBLE), ('ima-no-cbsize', waveformat(0x11, 1, 8000, 4055, 256, 4)[:16]),
                      ('msadpcm-coef', waveformat(2, 1, 8000, 4096, 256, 4, struct.pack('<HH', 500, 7))),
                      ('gsm-no-cbsize', waveformat(0x31, 1, 8000, 1625, 65, 0)[:16]),
                      ('pcm12', waveformat(1, 2, 8000, 32000, 4, 12)), ('mp3', MP3),
                      ('pcm-cbsize', waveformat(1, 1, 8000, 16000, 2, 16, b'\1\2'))):
        body = b'WAVE' + chunk(b'fmt ', fmt) + chunk(b'fact', struct.pack('<I', 1000)) + chunk(b'data', samples)
        write('cli_wav', 'fmt-' + name, bytes([0x08]) + chunk(b'RIFF', body))
    # Raw MPEG audio (src/cli/mpeg_read.c): an ID3v2 tag full of header copies before the
    # frames, LAME's Info frame, Layer II; file and standard input.
    vec = os.path.join(ROOT, 'tests', 'vectors', 'mp3')
    with open(os.path.join(vec, 'music44s.lame128.mp3'), 'rb') as f:
        mp3 = f.read()
    with open(os.path.join(vec, 'music44s.lametag.mp3'), 'rb') as f:
        lametag = f.read()
    with open(os.path.join(vec, 'speech22m.mp2'), 'rb') as f:
        mp2 = f.read()
    text = (mp3[:4] + b'tag text ') * 20
    id3 = b'ID3\x03\x00\x00' + bytes([0, 0, len(text) >> 7, len(text) & 0x7F]) + text
    write('cli_wav', 'mpeg-id3', bytes([0x02]) + id3 + mp3[:1800] + b'TAG' + bytes(125))
    write('cli_wav', 'mpeg-id3-stdin', bytes([0x23]) + id3 + mp3[:1800])
    write('cli_wav', 'mpeg-info-frame', bytes([0x04]) + lametag[:2000])
    write('cli_wav', 'mpeg-layer2-stdin', bytes([0x05]) + mp2[:2000])


def seeds_convert_mp3_frames():
    """Real Layer III frames (the test vectors' first bytes), so that both MP3 decoders
    (libmpg123 and, in fuzz_replay_acm_convert_mp3own, portacm's own) decode real granules."""
    vectors = os.path.join(HERE, '..', 'tests', 'vectors', 'mp3')
    for name, rate, channels, kbps, size in (('speech8m.lame16', 8000, 1, 16, 4000),
                                              ('speech22s.lame48', 22050, 2, 48, 6000),
                                              ('music44s.lame128', 44100, 2, 128, 8000)):
        with open(os.path.join(vectors, name + '.mp3'), 'rb') as f:
            data = f.read(size)
        block = (144 if rate >= 32000 else 72) * kbps * 1000 // rate
        wfx = waveformat(0x55, channels, rate, kbps * 125, 1, 0, struct.pack('<HIHHH', 1, 2, block, 1, 1393))
        write('acm_convert', 'mp3-frames-' + name,
              bytes([0x00]) + wfx + rounds((1500, 0, 0x40), (417, 2000, 0x00), (4000, 0, 0x04)) + data)


def seeds_mp3_split():
    """The MPEG Layer-3 framing under two splits (fuzz_mp3_split): real streams, and streams
    damaged the ways real files are (tags, junk with fake sync words, zeros, a cut, bit errors,
    frames at another rate). The first byte is the declared format (rate index, stereo bit 4,
    8-bit bit 5), the second seeds the split."""
    import random
    vec = os.path.join(ROOT, 'tests', 'vectors', 'mp3')
    def read(name):
        with open(os.path.join(vec, name), 'rb') as f:
            return f.read()
    music, speech, speech8, layer2 = (read('music44s.lame128.mp3'), read('speech22s.lame48.mp3'),
                                      read('speech8m.lame16.mp3'), read('music44s.mp2'))
    write('mp3_split', '44k-stereo', bytes([0x10, 7]) + music)
    write('mp3_split', '22k-stereo', bytes([0x13, 9]) + speech)
    write('mp3_split', '8k-mono', bytes([0x08, 3]) + speech8)
    write('mp3_split', '8k-mono-8bit', bytes([0x28, 5]) + speech8)
    write('mp3_split', '44k-as-mono', bytes([0x00, 11]) + music)
    write('mp3_split', 'layer2', bytes([0x10, 2]) + layer2[:3000])
    rnd = random.Random(5)
    junk = bytearray(rnd.randrange(256) for _ in range(600))
    for i in range(7, 590, 53):
        junk[i:i + 4] = music[:4]
    id3 = b'ID3\x03\x00\x00\x00\x00\x04\x00' + bytes(junk[:512])
    write('mp3_split', 'id3-junk-zeros', bytes([0x10, 13]) + id3 + music[:1500] + bytes(junk) + music[1500:2600] +
          bytes(300) + music[2600:] + b'TAG' + bytes(125))
    write('mp3_split', 'cut', bytes([0x10, 17]) + music[:900] + music[1700:])
    flipped = bytearray(speech)
    for _ in range(8):
        flipped[rnd.randrange(len(flipped))] ^= 1 << rnd.randrange(8)
    write('mp3_split', 'bit-errors', bytes([0x13, 19]) + bytes(flipped))
    write('mp3_split', 'rate-splice', bytes([0x10, 23]) + music[:2000] + speech[1000:1600] + music[2000:])


if __name__ == '__main__':
    seeds_wav()
    seeds_convert()
    seeds_convert_mp3_frames()
    seeds_format()
    seeds_drivers_file()
    seeds_priority_file()
    seeds_api_sequence()
    seeds_cli_wav()
    seeds_mp3_split()
