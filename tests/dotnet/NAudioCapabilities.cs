// NAudioCapabilities.cs - what NAudio reads before it opens anything, on Mono over the wave test
// driver: the device counts, the capabilities in NAudio's CAPS2 layout with CharSet.Auto (on
// Unix that is the A form, 100 / 96 bytes, bound to waveOutGetDevCapsA / waveInGetDevCapsA),
// waveOutGetErrorText for codes of every family (NAudio builds every exception message with it:
// only MMSYSERR and WAVERR codes have a text, everything else is BADERRNUM), and the
// position, volume and pause calls of an open device with NAudio's MmTime.
using System;
using System.Runtime.InteropServices;
using System.Text;
using PortacmTests;

static class NAudioCapabilities
{
    static void CheckErrorText(int code, bool hasText)
    {
        var text = new StringBuilder(256);
        int result = WaveInterop.waveOutGetErrorText(code, text, text.Capacity);
        if (hasText)
            Checks.Check(result == Mm.NOERROR && text.Length > 0,
                         "waveOutGetErrorText(" + code + "): 0 and \"" + text + "\" (got " + result + ")");
        else
            Checks.Equal(Mm.BADERRNUM, result, "waveOutGetErrorText(" + code + "): BADERRNUM");
    }

    static int Main()
    {
        int outSize = Marshal.SizeOf(typeof(WaveOutCapabilities));
        int inSize = Marshal.SizeOf(typeof(WaveInCapabilities));
        Checks.Equal(100, outSize, "WaveOutCapabilities (CAPS2, CharSet.Auto) marshals as WAVEOUTCAPS2A");
        Checks.Equal(96, inSize, "WaveInCapabilities (CAPS2, CharSet.Auto) marshals as WAVEINCAPS2A");
        Checks.Equal(1, WaveInterop.waveOutGetNumDevs(), "waveOutGetNumDevs");
        Checks.Equal(1, WaveInterop.waveInGetNumDevs(), "waveInGetNumDevs");

        WaveOutCapabilities outCaps;
        Checks.Equal(Mm.NOERROR, WaveInterop.waveOutGetDevCaps((IntPtr)0, out outCaps, outSize), "waveOutGetDevCaps(0, CAPS2 A size)");
        Checks.Check(outCaps.productName == "Wave Test Out 0 (test)", "the output name: \"" + outCaps.productName + "\"");
        Checks.Equal(2, outCaps.channels, "the output channels");
        Checks.Equal(0xFF, outCaps.manufacturerId, "the output wMid");
        Checks.Equal(0x2C, outCaps.support, "dwSupport: VOLUME | LRVOLUME | SAMPLEACCURATE");
        Checks.Check((outCaps.supportedFormats & 0x800) != 0, "dwFormats has WAVE_FORMAT_4S16 (44.1 kHz stereo 16-bit)");
        Checks.Equal(Mm.NOERROR, WaveInterop.waveOutGetDevCaps((IntPtr)Mm.WAVE_MAPPER, out outCaps, outSize), "waveOutGetDevCaps(WAVE_MAPPER)");
        Checks.Check(outCaps.productName == "Microsoft Sound Mapper", "the mapper's name: \"" + outCaps.productName + "\"");
        Checks.Equal(Mm.BADDEVICEID, WaveInterop.waveOutGetDevCaps((IntPtr)1, out outCaps, outSize), "waveOutGetDevCaps(1): BADDEVICEID");

        WaveInCapabilities inCaps;
        Checks.Equal(Mm.NOERROR, WaveInterop.waveInGetDevCaps((IntPtr)0, out inCaps, inSize), "waveInGetDevCaps(0, CAPS2 A size)");
        Checks.Check(inCaps.productName == "Wave Test In 0 (test)", "the input name: \"" + inCaps.productName + "\"");
        Checks.Equal(2, inCaps.channels, "the input channels");

        for (int code = 0; code <= 21; code++)
            CheckErrorText(code, true);
        for (int code = 32; code <= 35; code++)
            CheckErrorText(code, true);
        foreach (int code in new[] { 22, 31, 36, 64, 65, 70, 97, 512, 513, 514, 515, 1024, 1025, 1026, 0x7FFFFFFF, -1 })
            CheckErrorText(code, false); // MIDIERR, TIMERR, ACMERR, MIXERR, unknown
        Checks.Equal(Mm.INVALPARAM, WaveInterop.waveOutGetErrorText(2, null, 256), "waveOutGetErrorText(text NULL): INVALPARAM");

        IntPtr hWaveOut;
        var format = new WaveFormat(44100, 16, 2);
        if (!Checks.Equal(Mm.NOERROR, WaveInterop.waveOutOpenWindow(out hWaveOut, (IntPtr)0, format, IntPtr.Zero, IntPtr.Zero, Mm.CALLBACK_NULL),
                          "waveOutOpen(0, CALLBACK_NULL)"))
            return Checks.Finish();
        var time = new MmTime { wType = Mm.TIME_BYTES };
        Checks.Equal(Mm.NOERROR, WaveInterop.waveOutGetPosition(hWaveOut, ref time, Marshal.SizeOf(typeof(MmTime))), "waveOutGetPosition(TIME_BYTES)");
        Checks.Equal(Mm.TIME_BYTES, time.wType, "the position comes back in TIME_BYTES");
        Checks.Equal(0, time.cb, "nothing played yet: 0 bytes");
        Checks.Equal(Mm.NOERROR, WaveInterop.waveOutSetVolume(hWaveOut, unchecked((int)0x8000C000)), "waveOutSetVolume (NAudio's Volume)");
        int volume;
        Checks.Equal(Mm.NOERROR, WaveInterop.waveOutGetVolume(hWaveOut, out volume), "waveOutGetVolume");
        Checks.Equal(unchecked((int)0x8000C000), volume, "the volume read back");
        Checks.Equal(Mm.NOERROR, WaveInterop.waveOutPause(hWaveOut), "waveOutPause");
        Checks.Equal(Mm.NOERROR, WaveInterop.waveOutRestart(hWaveOut), "waveOutRestart");
        Checks.Equal(Mm.NOERROR, WaveInterop.waveOutClose(hWaveOut), "waveOutClose");
        Checks.Equal(Mm.INVALHANDLE, WaveInterop.waveOutClose(hWaveOut), "waveOutClose again: INVALHANDLE");
        return Checks.Finish();
    }
}
