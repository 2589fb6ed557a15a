#!/usr/bin/env python3
"""Derives edge-case WAV files from the files the independent tools wrote (run by
make_vectors.sh). Each case is header surgery that reproduces a problem reported against
other WAV readers (see docs/portacm.1 and the CLI tests for what portacm must do with it)."""
import struct


def chunks(path):
    """Returns (riff_id, [(id, body)]) of a RIFF/WAVE file."""
    data = open(path, 'rb').read()
    assert data[8:12] == b'WAVE', path
    out, pos = [], 12
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack('<I', data[pos + 4:pos + 8])[0]
        out.append((cid, data[pos + 8:pos + 8 + size]))
        pos += 8 + size + (size & 1)
    return data[:4], out


def build(parts, riff_size=None, pad=True):
    """Writes chunks (id, body[, declared size]) into RIFF bytes."""
    body = b'WAVE'
    for part in parts:
        cid, content = part[0], part[1]
        declared = part[2] if len(part) > 2 else len(content)
        body += cid + struct.pack('<I', declared) + content
        if pad and len(content) & 1:
            body += b'\0'
    size = len(body) if riff_size is None else riff_size
    return b'RIFF' + struct.pack('<I', size) + body


def get(parts, cid):
    return next(body for c, body in parts if c == cid)


def write(name, data):
    open(name, 'wb').write(data)


_, ima = chunks('ima_mono_sndfile.wav')
# 1. fact says half the samples the data holds (libsndfile#946 the other way round).
fact = struct.unpack('<I', get(ima, b'fact')[:4])[0]
write('fact_disagrees_ima.wav',
      build([(c, struct.pack('<I', fact // 2) if c == b'fact' else b) for c, b in ima]))

_, pcm = chunks('pcm16_stereo_sox.wav')
fmt, data = get(pcm, b'fmt '), get(pcm, b'data')
info = b'INFO' + b'ISFT' + struct.pack('<I', 5) + b'tool\0' + b'\0'
# 2. LIST/INFO (with an odd-sized, padded sub-chunk) before fmt, an unknown chunk after data.
write('list_before_fmt.wav', build([(b'LIST', info), (b'fmt ', fmt), (b'data', data), (b'abcd', b'xyz')]))
# 3. an odd-sized chunk whose writer forgot the pad byte (libsndfile#86).
write('odd_unpadded.wav', build([(b'fmt ', fmt), (b'odd ', b'abc'), (b'data', data)], pad=False))
# 4. a streaming writer's sizes: RIFF and data size 0.
write('data_size_zero.wav', build([(b'fmt ', fmt), (b'data', data, 0)], riff_size=0))
# 5. a chunk with a zero id before fmt (VoidXH/Cavern#60).
write('garbage_chunk_id.wav', build([(b'\0\0\0\0', b'\0\0\0\0'), (b'fmt ', fmt), (b'data', data)]))
# 6. PCM with an 18-byte fmt (cbSize 0), as some writers do (ffmpeg trac #1843).
write('fmt18_pcm.wav', build([(b'fmt ', fmt + b'\0\0'), (b'data', data)]))
# 7. data before fmt.
write('data_before_fmt.wav', build([(b'data', data), (b'fmt ', fmt)]))
# 8. RIFF size larger than the file.
write('riff_size_wrong.wav', build([(b'fmt ', fmt), (b'data', data)], riff_size=len(data) + 100000))
# 9. fmt chunk too short to be a format.
write('fmt_too_short.wav', build([(b'fmt ', fmt[:12]), (b'data', data)]))

_, ms = chunks('msadpcm_stereo_sox.wav')
msfmt, msdata = get(ms, b'fmt '), get(ms, b'data')
align = struct.unpack('<H', msfmt[12:14])[0]
# 10. nBlockAlign 0 (libsdl-org/SDL#7714; division by zero in many readers).
write('zero_block_align_msadpcm.wav',
      build([(c, b[:12] + b'\0\0' + b[14:] if c == b'fmt ' else b) for c, b in ms]))
# 11. cut inside the third block, sizes left as declared (a recording cut short).
whole = build(ms)
cut = whole.index(b'data') + 8 + 2 * align + align // 2
write('truncated_msadpcm.wav', whole[:cut])
# 12. cbSize larger than the fmt chunk.
imafmt = get(ima, b'fmt ')
write('cbsize_too_big.wav',
      build([(c, b[:16] + struct.pack('<H', 100) + b[18:] if c == b'fmt ' else b) for c, b in ima]))
# 13. not a WAV file at all.
write('not_a_wav.bin', b'This is not a RIFF file, just text.\n')
