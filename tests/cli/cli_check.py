#!/usr/bin/env python3
"""Independent checks for the CLI tests: parses WAV output itself (not through portacm) and
compares decoded samples with the references that sox/ffmpeg produced.

  cli_check.py compare OURS.wav REF.s16|REF.wav (--exact | --within LSB | --snr DB) [--shift N]
                                        [--length equal|prefix|N]
  cli_check.py header FILE.wav          prints tag channels rate bits block fact data_size riff
  cli_check.py data FILE.wav            writes the data chunk's bytes to standard output
  cli_check.py json FILE.json PATH      prints the value at PATH (a.b.0.c)
  cli_check.py mask FILE.wav            prints the dwChannelMask of a WAVE_FORMAT_EXTENSIBLE file
  cli_check.py signal SIGNAME DIR COUNT CMD...
                                        runs CMD with default signal dispositions and no core
                                        files, waits (at most 30 s) until COUNT temporary outputs
                                        (names containing "portacm-") exist in DIR, sends SIGNAME,
                                        waits (at most 30 s) and prints how CMD ended, then the
                                        temporaries left ("left 0")
"""
import os
import resource
import signal
import subprocess
import time
import json
import math
import struct
import sys


def parse(path):
    data = open(path, 'rb').read()
    if data[:4] not in (b'RIFF', b'RF64') or data[8:12] != b'WAVE':
        raise SystemExit(f'{path}: not a RIFF/RF64 WAVE file')
    pos, fmt, fact, body, ds64 = 12, None, None, None, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack('<I', data[pos + 4:pos + 8])[0]
        if cid == b'ds64':
            ds64 = struct.unpack('<QQQ', data[pos + 8:pos + 32])
        if cid == b'data' and size == 0xFFFFFFFF and ds64:
            size = ds64[1]
        if cid == b'data' and size == 0xFFFFFFFF:
            size = len(data) - pos - 8
        chunk = data[pos + 8:pos + 8 + size]
        if cid == b'fmt ':
            fmt = chunk
        elif cid == b'fact':
            fact = struct.unpack('<I', chunk[:4])[0]
        elif cid == b'data':
            body = chunk
        pos += 8 + size + (size & 1)
    tag, channels, rate, avg, block, bits = struct.unpack('<HHIIHH', fmt[:16])
    if tag == 0xFFFE:
        tag = struct.unpack('<H', fmt[24:26])[0]
    return {'riff': data[:4].decode(), 'tag': tag, 'channels': channels, 'rate': rate, 'bits': bits,
            'block': block, 'fact': fact, 'data': body, 'fmt_size': len(fmt)}


def samples16(raw):
    return struct.unpack('<%dh' % (len(raw) // 2), raw[:len(raw) // 2 * 2])


def snr(ref, ours):
    signal = sum(r * r for r in ref) or 1
    noise = sum((r - o) ** 2 for r, o in zip(ref, ours))
    return math.inf if noise == 0 else 10 * math.log10(signal / noise)


def compare(args):
    wav = parse(args[0])
    if wav['tag'] != 1 or wav['bits'] != 16:
        raise SystemExit(f'{args[0]}: expected 16-bit PCM, found tag {wav["tag"]} bits {wav["bits"]}')
    ours = samples16(wav['data'])
    ref = samples16(parse(args[1])['data'] if args[1].endswith('.wav') else open(args[1], 'rb').read())
    mode, threshold, shift, length = None, None, 0, 'equal'
    i = 2
    while i < len(args):
        if args[i] == '--exact':
            mode = 'exact'
        elif args[i] == '--snr':
            mode, threshold = 'snr', float(args[i + 1]); i += 1
        elif args[i] == '--within':
            mode, threshold = 'within', int(args[i + 1]); i += 1
        elif args[i] == '--shift':
            shift = int(args[i + 1]); i += 1
        elif args[i] == '--length':
            length = args[i + 1]; i += 1
        i += 1
    ch = wav['channels']
    if length == 'equal' and len(ours) != len(ref):
        raise SystemExit(f'length differs: ours {len(ours) // ch} frames, reference {len(ref) // ch}')
    if length == 'prefix':
        n = min(len(ours), len(ref))
        ours, ref = ours[:n], ref[:n]
    elif length not in ('equal', 'prefix'):
        n = int(length) * ch
        if len(ours) != n:
            raise SystemExit(f'length differs: ours {len(ours) // ch} frames, expected {length}')
        ref = ref[:n]
    def aligned(s):
        a = ref[-s * ch:] if s < 0 else ref
        b = ours[s * ch:] if s > 0 else ours
        n = min(len(a), len(b))
        return a[:n], b[:n]

    # The delay (codecs such as MP3 add one) is found on a short window, then the SNR is
    # measured over everything at that delay.
    chosen = 0
    if shift:
        start, width = 2048 * ch, 1024 * ch
        window = ref[start:start + width]
        best_error = None
        for s in range(-shift, shift + 1):
            lo = start + s * ch
            if lo < 0 or lo + width > len(ours):
                continue
            error = sum((r - o) ** 2 for r, o in zip(window, ours[lo:lo + width]))
            if best_error is None or error < best_error:
                best_error, chosen = error, s
    a, b = aligned(chosen)
    best = (snr(a, b), chosen)
    if mode == 'exact':
        diffs = sum(1 for r, o in zip(ref, ours) if r != o)
        if diffs:
            raise SystemExit(f'{diffs} of {len(ref)} samples differ (SNR {best[0]:.1f} dB)')
        print('identical')
    elif mode == 'within':
        worst = max((abs(r - o) for r, o in zip(ref, ours)), default=0)
        if worst > threshold:
            raise SystemExit(f'{worst} LSB apart, more than {threshold}')
        print(f'within {worst} LSB')
    else:
        if best[0] < threshold:
            raise SystemExit(f'SNR {best[0]:.1f} dB below {threshold} dB (shift {best[1]})')
        print(f'SNR {best[0]:.1f} dB (shift {best[1]})')


def header(args):
    w = parse(args[0])
    print(w['riff'], w['tag'], w['channels'], w['rate'], w['bits'], w['block'],
          '-' if w['fact'] is None else w['fact'], len(w['data']), w['fmt_size'])


def json_get(args):
    value = json.load(open(args[0]))
    for part in args[1].split('.'):
        value = value[int(part)] if isinstance(value, list) else value[part]
    print(json.dumps(value) if isinstance(value, (dict, list)) else value)


def mask(args):
    data = open(args[0], 'rb').read()
    at = data.index(b'fmt ') + 8
    size, tag = struct.unpack('<I', data[at - 4:at])[0], struct.unpack('<H', data[at:at + 2])[0]
    if size < 40 or tag != 0xFFFE:
        raise SystemExit(f'{args[0]}: not WAVE_FORMAT_EXTENSIBLE')
    print(hex(struct.unpack('<I', data[at + 20:at + 24])[0]))


def temporaries(folder):
    return [n for n in os.listdir(folder) if 'portacm-' in n]


def send_signal(args):
    number = getattr(signal, args[0])
    folder, count, command = args[1], int(args[2]), args[3:]

    def child_setup():
        for s in (signal.SIGINT, signal.SIGQUIT, signal.SIGHUP, signal.SIGTERM, signal.SIGPIPE):
            signal.signal(s, signal.SIG_DFL)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    process = subprocess.Popen(command, preexec_fn=child_setup, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while len(temporaries(folder)) < count and process.poll() is None and time.time() < deadline:
        time.sleep(0.02)
    seen = len(temporaries(folder))
    if process.poll() is None:
        process.send_signal(number)
    try:
        status = process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        status = process.wait()
        print('timeout')
    ended = f'signal {signal.Signals(-status).name}' if status < 0 else f'exit {status}'
    print(f'{ended} seen {seen} left {len(temporaries(folder))}')


def data(args):
    sys.stdout.buffer.write(parse(args[0])['data'])


{'compare': compare, 'header': header, 'json': json_get, 'mask': mask, 'data': data,
 'signal': send_signal}[sys.argv[1]](sys.argv[2:])
