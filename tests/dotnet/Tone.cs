// Tone.cs: plays a 440 Hz tone for 2 s through the wave mapper, refilling two 100 ms buffers
// whenever winmm sets the event (NAudio's WaveOutEvent pattern).
using System;
using System.Runtime.InteropServices;
using System.Threading;

static class Tone
{
    [StructLayout(LayoutKind.Sequential)]
    class WaveHeader
    {
        public IntPtr lpData;
        public int dwBufferLength, dwBytesRecorded;
        public IntPtr dwUser;
        public int dwFlags, dwLoops;
        public IntPtr lpNext, reserved;
    }

    [StructLayout(LayoutKind.Sequential, Pack = 2)]
    class WaveFormat
    {
        public short wFormatTag = 1, nChannels = 1;
        public int nSamplesPerSec = 44100, nAvgBytesPerSec = 88200;
        public short nBlockAlign = 2, wBitsPerSample = 16, cbSize = 0;
    }

    const int WAVE_MAPPER = -1, CALLBACK_EVENT = 0x50000, WHDR_INQUEUE = 0x10;

    [DllImport("winmm.dll")]
    static extern int waveOutOpen(out IntPtr hwo, IntPtr device, WaveFormat format,
                                  IntPtr eventHandle, IntPtr instance, int flags);
    [DllImport("winmm.dll")] static extern int waveOutPrepareHeader(IntPtr hwo, WaveHeader h, int size);
    [DllImport("winmm.dll")] static extern int waveOutUnprepareHeader(IntPtr hwo, WaveHeader h, int size);
    [DllImport("winmm.dll")] static extern int waveOutWrite(IntPtr hwo, WaveHeader h, int size);
    [DllImport("winmm.dll")] static extern int waveOutReset(IntPtr hwo);
    [DllImport("winmm.dll")] static extern int waveOutClose(IntPtr hwo);

    static void Main()
    {
        var ready = new AutoResetEvent(false);
        IntPtr hwo;
        int result = waveOutOpen(out hwo, (IntPtr)WAVE_MAPPER, new WaveFormat(),
                                 ready.SafeWaitHandle.DangerousGetHandle(), IntPtr.Zero, CALLBACK_EVENT);
        if (result != 0)
            throw new Exception("waveOutOpen: " + result);
        int size = Marshal.SizeOf(typeof(WaveHeader)), frame = 0, total = 2 * 44100;
        var headers = new WaveHeader[2];
        var pins = new GCHandle[4];
        for (int i = 0; i < 2; i++)
        {
            var data = new short[4410];
            headers[i] = new WaveHeader { dwBufferLength = data.Length * 2, dwLoops = 1 };
            pins[2 * i] = GCHandle.Alloc(data, GCHandleType.Pinned);      // winmm reads the samples
            pins[2 * i + 1] = GCHandle.Alloc(headers[i], GCHandleType.Pinned); // and writes dwFlags
            headers[i].lpData = pins[2 * i].AddrOfPinnedObject();
            waveOutPrepareHeader(hwo, headers[i], size);
        }
        while (true)
        {
            int queued = 0;
            for (int i = 0; i < 2; i++)
            {
                if ((headers[i].dwFlags & WHDR_INQUEUE) == 0 && frame < total)
                {
                    var data = (short[])pins[2 * i].Target;
                    for (int n = 0; n < data.Length; n++, frame++)
                        data[n] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * frame / 44100));
                    waveOutWrite(hwo, headers[i], size);
                }
                if ((headers[i].dwFlags & WHDR_INQUEUE) != 0)
                    queued++;
            }
            if (queued == 0)
                break;
            ready.WaitOne(200); // set by winmm when a buffer is done
        }
        waveOutReset(hwo);
        foreach (var h in headers)
            waveOutUnprepareHeader(hwo, h, size);
        ready.Close();
        waveOutClose(hwo);
        foreach (var pin in pins)
            pin.Free();
        Console.WriteLine("played " + frame + " frames");
    }
}
