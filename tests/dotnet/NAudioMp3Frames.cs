// NAudioMp3Frames.cs - MP3 decoding the way NAudio's Mp3FileReader does it on Windows (its
// AcmMp3FrameDecompressor): the frames are found by the program, the stream is opened from an
// MPEGLAYER3WAVEFORMAT to 16-bit PCM with ACM_STREAMOPENF_NONREALTIME, one header is prepared
// once for the largest buffers, and every frame is converted on its own (BLOCKALIGN, START on
// the first), never with END. Each call must take the whole frame and give its samples back at
// once, the first frame's too (no frame is held back for a later call). The file is
// PORTACM_TEST_MP3.
using System;
using System.IO;
using System.Runtime.InteropServices;
using PortacmTests;

static class NAudioMp3Frames
{
    [DllImport("msacm32.dll")]
    static extern int acmStreamOpen(out IntPtr stream, IntPtr driver, IntPtr source, IntPtr destination, IntPtr filter,
                                    IntPtr callback, IntPtr instance, int flags);
    [DllImport("msacm32.dll")] static extern int acmStreamSize(IntPtr stream, int input, out int output, int flags);
    [DllImport("msacm32.dll")] static extern int acmStreamPrepareHeader(IntPtr stream, IntPtr header, int flags);
    [DllImport("msacm32.dll")] static extern int acmStreamConvert(IntPtr stream, IntPtr header, int flags);
    [DllImport("msacm32.dll")] static extern int acmStreamUnprepareHeader(IntPtr stream, IntPtr header, int flags);
    [DllImport("msacm32.dll")] static extern int acmStreamClose(IntPtr stream, int flags);

    const int NonRealtime = 0x4, BlockAlign = 0x4, Start = 0x10;
    // ACMSTREAMHEADER on 64-bit Windows: 128 bytes.
    const int HeaderSize = 128, CbStruct = 0, PbSrc = 16, CbSrcLength = 24, CbSrcLengthUsed = 28, PbDst = 40,
              CbDstLength = 48, CbDstLengthUsed = 52;

    // A Layer III header at d[p]: the frame's length, rate, channels and samples, or 0.
    static int Frame(byte[] d, int p, out int rate, out int channels, out int samples)
    {
        rate = channels = samples = 0;
        if (p + 4 > d.Length || d[p] != 0xFF || (d[p + 1] & 0xE0) != 0xE0 || ((d[p + 1] >> 1) & 3) != 1)
            return 0;
        int version = (d[p + 1] >> 3) & 3, bitrate = d[p + 2] >> 4, rateIndex = (d[p + 2] >> 2) & 3;
        if (version == 1 || bitrate == 0 || bitrate == 15 || rateIndex == 3)
            return 0;
        int[] mpeg1 = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
        int[] lsf = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
        int[] rates = {44100, 48000, 32000};
        rate = rates[rateIndex] >> (version == 3 ? 0 : version == 2 ? 1 : 2);
        channels = (d[p + 3] >> 6) == 3 ? 1 : 2;
        samples = version == 3 ? 1152 : 576;
        int kbps = version == 3 ? mpeg1[bitrate] : lsf[bitrate];
        return samples / 8 * kbps * 1000 / rate + ((d[p + 2] >> 1) & 1);
    }

    static int Main()
    {
        byte[] mp3 = File.ReadAllBytes(Environment.GetEnvironmentVariable("PORTACM_TEST_MP3"));
        int rate, channels, samples;
        int first = Frame(mp3, 0, out rate, out channels, out samples);
        if (!Checks.Check(first > 0, "the file starts with a Layer III frame (" + first + " bytes)"))
            return Checks.Finish();

        IntPtr source = Marshal.AllocHGlobal(30), destination = Marshal.AllocHGlobal(18);
        byte[] mp3Format = new byte[30];
        BitConverter.GetBytes((short)0x55).CopyTo(mp3Format, 0);
        BitConverter.GetBytes((short)channels).CopyTo(mp3Format, 2);
        BitConverter.GetBytes(rate).CopyTo(mp3Format, 4);
        BitConverter.GetBytes(first * rate / samples).CopyTo(mp3Format, 8);
        BitConverter.GetBytes((short)1).CopyTo(mp3Format, 12);  // nBlockAlign
        BitConverter.GetBytes((short)12).CopyTo(mp3Format, 16); // cbSize
        BitConverter.GetBytes((short)1).CopyTo(mp3Format, 18);  // wID MPEGLAYER3_ID_MPEG
        BitConverter.GetBytes((short)first).CopyTo(mp3Format, 24); // nBlockSize
        BitConverter.GetBytes((short)1).CopyTo(mp3Format, 26);  // nFramesPerBlock
        Marshal.Copy(mp3Format, 0, source, 30);
        byte[] pcm = new byte[18];
        BitConverter.GetBytes((short)1).CopyTo(pcm, 0);
        BitConverter.GetBytes((short)channels).CopyTo(pcm, 2);
        BitConverter.GetBytes(rate).CopyTo(pcm, 4);
        BitConverter.GetBytes(rate * channels * 2).CopyTo(pcm, 8);
        BitConverter.GetBytes((short)(channels * 2)).CopyTo(pcm, 12);
        BitConverter.GetBytes((short)16).CopyTo(pcm, 14);
        Marshal.Copy(pcm, 0, destination, 18);

        IntPtr stream;
        if (!Checks.Equal(0, acmStreamOpen(out stream, IntPtr.Zero, source, destination, IntPtr.Zero, IntPtr.Zero,
                                           IntPtr.Zero, NonRealtime), "acmStreamOpen MPEG Layer-3 -> PCM"))
            return Checks.Finish();
        const int sourceSize = 16384;
        int destinationSize;
        Checks.Equal(0, acmStreamSize(stream, sourceSize, out destinationSize, 0), "acmStreamSize");
        IntPtr header = Marshal.AllocHGlobal(HeaderSize), src = Marshal.AllocHGlobal(sourceSize),
               dst = Marshal.AllocHGlobal(destinationSize);
        Marshal.Copy(new byte[HeaderSize], 0, header, HeaderSize);
        Marshal.WriteInt32(header, CbStruct, HeaderSize);
        Marshal.WriteIntPtr(header, PbSrc, src);
        Marshal.WriteInt32(header, CbSrcLength, sourceSize);
        Marshal.WriteIntPtr(header, PbDst, dst);
        Marshal.WriteInt32(header, CbDstLength, destinationSize);
        Checks.Equal(0, acmStreamPrepareHeader(stream, header, 0), "acmStreamPrepareHeader once");

        int frames = 0, wrong = 0, short1 = -1, peak = 0;
        long total = 0, expected = 0;
        int frameRate, frameChannels, frameSamples;
        for (int p = 0, length; (length = Frame(mp3, p, out frameRate, out frameChannels, out frameSamples)) > 0 &&
                                p + length <= mp3.Length; p += length, frames++) {
            expected += frameSamples * frameChannels * 2;
            Marshal.Copy(mp3, p, src, length);
            Marshal.WriteInt32(header, CbSrcLength, length);
            Marshal.WriteInt32(header, CbSrcLengthUsed, 0);
            Marshal.WriteInt32(header, CbDstLength, destinationSize);
            int result = acmStreamConvert(stream, header, BlockAlign | (frames == 0 ? Start : 0));
            int used = Marshal.ReadInt32(header, CbSrcLengthUsed), produced = Marshal.ReadInt32(header, CbDstLengthUsed);
            if (result != 0 || used != length || produced != frameSamples * frameChannels * 2) {
                wrong++;
                if (short1 < 0)
                    short1 = frames;
            }
            byte[] output = new byte[produced];
            Marshal.Copy(dst, output, 0, produced);
            for (int i = 0; i + 1 < produced; i += 2)
                peak = Math.Max(peak, Math.Abs((int)BitConverter.ToInt16(output, i)));
            total += produced;
        }
        Checks.Check(frames > 5, "frames decoded one per call: " + frames);
        Checks.Check(wrong == 0, "every call took its whole frame and gave its " + samples +
                                 " samples back at once (first wrong frame: " + short1 + ")");
        Checks.Equal(expected, total, "bytes of PCM in all");
        Checks.Check(peak > 1000, "the PCM is sound, not silence (peak " + peak + ")");
        Marshal.WriteInt32(header, CbSrcLength, sourceSize);
        Marshal.WriteInt32(header, CbDstLength, destinationSize);
        Checks.Equal(0, acmStreamUnprepareHeader(stream, header, 0), "acmStreamUnprepareHeader");
        Checks.Equal(0, acmStreamClose(stream, 0), "acmStreamClose");
        Marshal.FreeHGlobal(header);
        Marshal.FreeHGlobal(src);
        Marshal.FreeHGlobal(dst);
        Marshal.FreeHGlobal(source);
        Marshal.FreeHGlobal(destination);
        return Checks.Finish();
    }
}
