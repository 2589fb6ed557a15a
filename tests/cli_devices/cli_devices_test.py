#!/usr/bin/env python3
"""End-to-end tests of `portacm play`, `portacm record` and `portacm devices`.

  cli_devices_test.py driver PORTACM WAVE_TEST_DRIVER.so WORKDIR
      through the wave test driver (tests/devices/wave_test_driver.h) named in a private drivers
      file: it plays in real time and records a known ramp (sample n, channel c = n*3 + c*1000).
  cli_devices_test.py pulse PORTACM WORKDIR
      through the built-in PulseAudio driver on the private test server (tests/pulse): play
      to the null sink recorded from its monitor with parec, record from the 440 Hz sine
      source, list the sinks. Exits 77 (skipped, saying why) while no PulseAudio device exists.

Each check prints one line; the first failure ends the run with status 1.
"""
import json
import math
import os
import shutil
import signal
import struct
import subprocess
import sys
import time

PORTACM = None
WORK = None


def fail(message):
    print('FAIL: ' + message)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)
    print('ok: ' + message)


def run(args, env=None, timeout=60):
    start = time.monotonic()
    try:
        proc = subprocess.run([PORTACM] + args, capture_output=True, text=True, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        fail(f'portacm {" ".join(args)} still running after {timeout} s (killed)')
    return proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start


def write_wav(path, samples, rate, channels=1, tag=1, bits=16):
    data = struct.pack('<%dh' % len(samples), *samples)
    block = channels * bits // 8
    fmt = struct.pack('<HHIIHH', tag, channels, rate, rate * block, block, bits)
    with open(path, 'wb') as f:
        f.write(b'RIFF' + struct.pack('<I', 4 + 8 + len(fmt) + 8 + len(data)) + b'WAVE')
        f.write(b'fmt ' + struct.pack('<I', len(fmt)) + fmt + b'data' + struct.pack('<I', len(data)) + data)


def parse_wav(path):
    data = open(path, 'rb').read()
    if data[:4] != b'RIFF' or data[8:12] != b'WAVE':
        fail(f'{path}: not a RIFF WAVE file')
    pos, out = 12, {'fact': None}
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack('<I', data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]
        if cid == b'fmt ':
            out['tag'], out['channels'], out['rate'], _, out['block'], out['bits'] = struct.unpack('<HHIIHH', body[:16])
        elif cid == b'fact':
            out['fact'] = struct.unpack('<I', body[:4])[0]
        elif cid == b'data':
            out['data'] = body
            if len(body) != size:
                fail(f'{path}: data chunk declares {size} bytes, has {len(body)}')
        pos += 8 + size + (size & 1)
    return out


def samples16(raw):
    return struct.unpack('<%dh' % (len(raw) // 2), raw[:len(raw) // 2 * 2])


def ramp(count, channel=0):
    """The wave test driver's input signal: frame n, channel c = (int16)(n * 3 + c * 1000)."""
    return [((n * 3 + channel * 1000 + 32768) % 65536) - 32768 for n in range(count)]


def sine(frequency, rate, seconds, amplitude=12000):
    return [int(amplitude * math.sin(2 * math.pi * frequency * i / rate)) for i in range(int(rate * seconds))]


def frequency_of(samples, rate):
    """Frequency from the rising zero crossings."""
    crossings = [i for i in range(1, len(samples)) if samples[i - 1] < 0 <= samples[i]]
    if len(crossings) < 3:
        return 0.0
    return (len(crossings) - 1) * rate / (crossings[-1] - crossings[0])


def rms(samples):
    return math.sqrt(sum(s * s for s in samples) / max(1, len(samples)))


def decode(path):
    """Decodes a WAV to 16-bit PCM with `portacm convert` and returns the parsed file."""
    out = os.path.join(WORK, 'decoded.wav')
    code, _, err, _ = run(['convert', path, out, '--to', 'pcm16', '-y'])
    check(code == 0, f'convert {os.path.basename(path)} to pcm16 ({err.strip()})')
    return parse_wav(out)


def catches(pid, signum):
    """Whether process `pid` has a handler for `signum` (the SigCgt mask of /proc/<pid>/status)."""
    try:
        with open(f'/proc/{pid}/status') as status:
            for line in status:
                if line.startswith('SigCgt:'):
                    return bool(int(line.split()[1], 16) >> (int(signum) - 1) & 1)
    except OSError:
        pass
    return False


def interrupt(args, delay, signum):
    """Starts portacm, sends `signum` after `delay` s; returns (exit code, seconds after the signal)."""
    proc = subprocess.Popen([PORTACM] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            restore_signals=True)
    # Wait until the program has installed its handler (SigCgt in /proc), so that a slow start
    # (a sanitizer build on a loaded machine) is not mistaken for a missing handler.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and proc.poll() is None and not catches(proc.pid, signum):
        time.sleep(0.01)
    time.sleep(delay)
    if proc.poll() is not None:
        fail(f'{" ".join(args)} ended before the signal: {proc.returncode} {proc.stderr.read()}')
    sent = time.monotonic()
    proc.send_signal(signum)
    try:
        code = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        fail(f'{" ".join(args)} still running 10 s after signal {signum}')
    return code, time.monotonic() - sent


def temporaries():
    return [name for name in os.listdir(WORK) if 'portacm-' in name]


# ---- through the wave test driver ------------------------------------------------------------

def driver_devices():
    code, out, err, _ = run(['devices'])
    check(code == 0 and 'Wave Test Out 1 (cli)' in out and 'Wave Test In 0 (cli)' in out,
          'devices lists the test driver devices')
    code, out, err, _ = run(['devices', '--json'])
    check(code == 0, 'devices --json exits 0')
    doc = json.loads(out)
    outs, ins = doc['waveOut'], doc['waveIn']
    check([d['id'] for d in outs] == ['mapper', 0, 1], 'waveOut: the mapper, then devices 0 and 1')
    check([d['id'] for d in ins] == ['mapper', 0], 'waveIn: the mapper, then device 0')
    check(outs[1]['name'] == 'Wave Test Out 0 (cli)' and outs[1]['channels'] == 2, 'device 0 name and channels')
    check('44S16' in outs[1]['formatNames'] and '44S08' not in outs[1]['formatNames'],
          'formats decoded from dwFormats (16-bit only)')
    check('volume' in outs[1]['supportNames'] and 'support' not in ins[1], 'support flags for outputs only')
    check(isinstance(doc['mixers'], list), 'mixers listed')
    code, _, _, _ = run(['devices', '--bogus'])
    check(code == 2, 'devices with an unknown option: usage error')


def driver_play():
    pcm = os.path.join(WORK, 'tone.wav')
    write_wav(pcm, sine(440, 8000, 1.0), 8000)
    code, _, err, took = run(['play', pcm])
    check(code == 0 and 0.9 <= took <= 3.0, f'play PCM 1 s: exit 0 after {took:.2f} s ({err.strip()})')
    ima = os.path.join(WORK, 'tone-ima.wav')
    code, _, err, _ = run(['convert', pcm, ima, '--to', 'ima-adpcm', '-y'])
    check(code == 0, 'make an IMA ADPCM file')
    code, _, err, took = run(['play', ima, '--device', 'mapper'])
    check(code == 0 and 0.9 <= took <= 3.0,
          f'play IMA ADPCM through the mapper: exit 0 after {took:.2f} s ({err.strip()})')
    code, _, err, took = run(['play', ima, '--device', '1'])
    check(code == 0 and 0.9 <= took <= 3.0, f'IMA ADPCM to device 1 (mapped implicitly, as on Windows) ({err.strip()})')
    odd = os.path.join(WORK, 'odd.wav')
    write_wav(odd, [0] * 800, 8000, tag=0x7777)
    code, _, err, _ = run(['play', odd])
    check(code == 3 and 'waveOutOpen' in err, f'a format no driver decodes: exit 3 ({err.strip()})')
    code, _, err, _ = run(['play', pcm, '--device', '7'])
    check(code == 1 and 'MMSYSERR_BADDEVICEID' in err, f'no device 7: exit 1 ({err.strip()})')
    code, _, err, _ = run(['play', os.path.join(WORK, 'missing.wav')])
    check(code not in (0, 2) and code < 128, f'missing file: an error exit ({code})')
    check(run(['play'])[0] == 2, 'play without a file: usage error')
    check(run(['play', pcm, '--device', 'x'])[0] == 2, 'play --device x: usage error')
    long = os.path.join(WORK, 'long.wav')
    write_wav(long, sine(440, 8000, 6.0), 8000)
    code, after = interrupt(['play', long], 0.5, signal.SIGINT)
    check(code == 130 and after < 1.0, f'SIGINT during play: exit 130 after {after:.2f} s')
    code, after = interrupt(['play', long], 0.5, signal.SIGTERM)
    check(code == 143 and after < 1.0, f'SIGTERM during play: exit 143 after {after:.2f} s')


def driver_record():
    out = os.path.join(WORK, 'rec.wav')
    code, _, err, _ = run(['record', out, '--to', 'pcm16', '--seconds', '1', '--rate', '8000', '--channels', '1'])
    check(code == 0, f'record --to pcm16 --seconds 1 ({err.strip()})')
    wav = parse_wav(out)
    got = samples16(wav['data'])
    check(wav['tag'] == 1 and wav['rate'] == 8000 and wav['channels'] == 1 and len(got) == 8000,
          f'1 s of 8000 Hz mono PCM ({len(got)} frames)')
    check(list(got) == ramp(8000), 'the recording is the driver\'s signal sample for sample')
    ima = os.path.join(WORK, 'rec-ima.wav')
    code, _, err, _ = run(['record', ima, '--to', 'ima-adpcm', '--seconds', '1', '--rate', '22050'])
    check(code == 0, f'record --to ima-adpcm ({err.strip()})')
    wav = parse_wav(ima)
    check(wav['tag'] == 0x11 and wav['channels'] == 2 and wav['rate'] == 22050 and wav['fact'] == 22050,
          'IMA ADPCM, stereo, 22050 Hz, fact 22050')
    dec = samples16(decode(ima)['data'])
    left = dec[0:44100:2]
    # The ramp wraps at frame 10923 (a jump IMA ADPCM takes a while to follow): compare before it.
    err_rms = rms([a - b for a, b in zip(left[:10900], ramp(10900))])
    check(len(left) == 22050 and err_rms < 300, f'decoded IMA ADPCM follows the ramp (error RMS {err_rms:.1f})')
    check(run(['record', ima, '--to', 'pcm16', '--seconds', '1'])[0] == 5,
          'record onto an existing file without -y: exit 5')
    check(run(['record', out])[0] == 2, 'record without --to: usage error')
    check(run(['record', out, '--to', 'nonsense'])[0] == 2, 'record --to nonsense: usage error')
    check(run(['record', out, '--to', 'pcm16', '--seconds', '0', '-y'])[0] == 2, 'record --seconds 0: usage error')
    code, _, err, _ = run(['record', out, '--to', 'pcm16', '--device', '3', '--seconds', '1', '-y'])
    check(code == 1 and 'MMSYSERR_BADDEVICEID' in err and not temporaries(),
          f'no input device 3: exit 1, no temporary ({err.strip()})')
    # Ctrl-C ends an open-ended recording and keeps it, finalised.
    stopped = os.path.join(WORK, 'stopped.wav')
    code, after = interrupt(['record', stopped, '--to', 'ms-adpcm', '--rate', '22050'], 1.0, signal.SIGINT)
    check(code == 0 and after < 1.0, f'SIGINT during record: exit 0 after {after:.2f} s')
    check(not temporaries(), 'no temporary left after SIGINT')
    wav = parse_wav(stopped)
    check(wav['tag'] == 2 and wav['fact'] is not None and 0.5 * 22050 <= wav['fact'] <= 1.6 * 22050,
          f'the recording kept is MS ADPCM with {wav["fact"]} frames')


def driver_main(driver):
    drivers = os.path.join(WORK, 'drivers.ini')
    with open(drivers, 'w') as f:
        f.write(f'[drivers32]\nwave={driver} out=2 in=1 tag=cli\n')
    os.environ['PORTACM_DRIVERS'] = drivers
    # Never a real server, whatever the built-in drivers become.
    os.environ['PULSE_SERVER'] = 'unix:' + os.path.join(WORK, 'no-server')
    usage = run(['--help'])[1]
    for text in ('play FILE', 'record FILE', 'devices'):
        check(text in usage, f'the usage lists {text}')
    for command in ('play', 'record', 'devices'):
        code, out, _, _ = run([command, '--help'])
        check(code == 0 and out.startswith('usage: portacm ' + command), f'{command} --help')
    driver_devices()
    driver_play()
    driver_record()


# ---- through the PulseAudio server -----------------------------------------------------------

def parec(device, path, rate):
    return subprocess.Popen(['parec', '--device=' + device, '--format=s16le', '--rate=%d' % rate, '--channels=1',
                             '--raw', '--latency-msec=20', path])


def play_and_hear(path, what, level_tolerance):
    """Plays `path` (2 s of a 440 Hz sine of amplitude 16000) to the default sink and checks
    what its monitor recorded: duration, frequency and level."""
    raw = os.path.join(WORK, 'p-monitor.raw')
    rec = parec('portacm_sink_a.monitor', raw, 44100)
    time.sleep(0.5)
    code, _, err, took = run(['play', path])
    time.sleep(0.5)
    rec.send_signal(signal.SIGINT)
    rec.wait(timeout=10)
    # The duration is measured on the monitor below; the process also waits for the close.
    check(code == 0 and 1.9 <= took <= 4.0, f'play {what} exits 0 after {took:.2f} s ({err.strip()})')
    got = samples16(open(raw, 'rb').read())
    loud = [i for i, s in enumerate(got) if abs(s) > 4000]
    check(len(loud) > 0, f'the monitor heard {what}')
    if not loud:
        return
    span = (loud[-1] - loud[0]) / 44100
    part = got[loud[0]:loud[-1]]
    freq = frequency_of(part, 44100)
    level = rms(part)
    check(abs(span - 2.0) < 0.1, f'{what}: duration on the monitor {span:.3f} s (file: 2.000 s)')
    check(abs(freq - 440) < 3, f'{what}: frequency on the monitor {freq:.1f} Hz')
    expected = 16000 / math.sqrt(2)
    check(abs(level - expected) < level_tolerance * expected,
          f'{what}: level on the monitor RMS {level:.0f} (expected {expected:.0f})')


def pulse_main():
    os.environ['PORTACM_DRIVERS'] = os.path.join(WORK, 'none.ini')
    code, out, err, _ = run(['devices', '--json'])
    check(code == 0, 'devices --json exits 0')
    doc = json.loads(out)
    outs = [d for d in doc['waveOut'] if not d['mapper']]
    ins = [d for d in doc['waveIn'] if not d['mapper']]
    if not outs:
        print('SKIP: no waveOut device: the PulseAudio wave driver is not built in yet')
        sys.exit(77)
    names = ' | '.join(d['name'] for d in outs)
    check(len(outs) >= 2 and all(d['name'] for d in outs), f'the two null sinks are waveOut devices ({names})')
    check(len(ins) >= 1, 'the sine source is a waveIn device (' + ' | '.join(d['name'] for d in ins) + ')')
    check(doc['waveOut'][0]['mapper'], 'the mapper comes first')
    # play: IMA ADPCM, 2 s of 440 Hz, to the default sink, recorded from its monitor.
    tone = os.path.join(WORK, 'p-tone.wav')
    write_wav(tone, sine(440, 44100, 2.0, 16000), 44100)
    ima = os.path.join(WORK, 'p-tone-ima.wav')
    check(run(['convert', tone, ima, '--to', 'ima-adpcm', '-y'])[0] == 0, 'make an IMA ADPCM file')
    play_and_hear(ima, 'IMA ADPCM', 0.1)
    # play: a raw .mp3 (no RIFF header) at 32 kbit/s, 8 kHz: frames of 144 bytes, more than the
    # 50 ms a play buffer holds of it.
    tone8 = os.path.join(WORK, 'p-tone8.wav')
    write_wav(tone8, sine(440, 8000, 2.0, 16000), 8000)
    mp3wav = os.path.join(WORK, 'p-tone8-mp3.wav')
    check(run(['convert', tone8, mp3wav, '--to', 'mp3', '--bitrate', '32', '-y'])[0] == 0, 'make an MP3 file')
    raw_mp3 = os.path.join(WORK, 'p-tone8.mp3')
    with open(raw_mp3, 'wb') as f:
        f.write(parse_wav(mp3wav)['data'])
    play_and_hear(raw_mp3, 'a raw .mp3', 0.2)
    # record: from the sine source through the mapper into IMA ADPCM.
    out = os.path.join(WORK, 'p-rec.wav')
    code, _, err, _ = run(['record', out, '--to', 'ima-adpcm', '--seconds', '1', '-y'], timeout=20)
    check(code == 0, f'record --to ima-adpcm --seconds 1 ({err.strip()})')
    wav = parse_wav(out)
    check(wav['tag'] == 0x11 and wav['fact'] == wav['rate'],
          f'IMA ADPCM, 1 s ({wav["fact"]} frames at {wav["rate"]} Hz)')
    dec = decode(out)
    # The decoder also outputs the silence that pads the last block: the fact count is the length.
    left = samples16(dec['data'])[::dec['channels']][:wav['fact']]
    freq = frequency_of(left[dec['rate'] // 10:], dec['rate'])
    check(abs(freq - 440) < 3 and rms(left) > 3000,
          f'the recording is the 440 Hz sine ({freq:.1f} Hz, RMS {rms(left):.0f})')
    code, after = interrupt(['play', tone], 0.5, signal.SIGINT)
    check(code == 130 and after < 1.0, f'SIGINT during play on PulseAudio: exit 130 after {after:.2f} s')
    stopped = os.path.join(WORK, 'p-stopped.wav')
    code, after = interrupt(['record', stopped, '--to', 'ima-adpcm', '-y'], 1.0, signal.SIGINT)
    check(code == 0 and after < 1.0 and not temporaries(),
          f'SIGINT during record: exit 0 after {after:.2f} s, no temporary')
    check(parse_wav(stopped)['fact'] > 0, 'the interrupted recording is a valid WAV')


def main():
    global PORTACM, WORK
    mode = sys.argv[1]
    PORTACM = sys.argv[2]
    WORK = sys.argv[-1]
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    os.environ['XDG_CONFIG_HOME'] = os.path.join(WORK, 'xdg')
    if mode == 'driver':
        driver_main(sys.argv[3])
    else:
        pulse_main()
    print('all checks passed')


if __name__ == '__main__':
    main()
