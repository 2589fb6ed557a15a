// NAudioWaveInEvent.cs - NAudio's WaveInEvent pattern on Mono over the wave test driver: device
// 0, 44.1 kHz 16-bit stereo (NAudio's default), CALLBACK_EVENT with a managed AutoResetEvent,
// 3 buffers of 100 ms re-added with waveInAddBuffer from the recording loop when DONE, then
// waveInStop + waveInReset, unprepare, close the event, waveInClose. Checks that what was
// recorded is the driver's known signal, frame for frame from waveInStart, that the loop was
// woken by the event, and that waveInReset of handle 0 (NAudio's CloseWaveInDevice before the
// first open) is MMSYSERR_INVALHANDLE.
using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using PortacmTests;

static class NAudioWaveInEvent
{
    static int Main()
    {
        Checks.Equal(Mm.INVALHANDLE, WaveInterop.waveInReset(IntPtr.Zero), "waveInReset(0) before any open: INVALHANDLE, no crash");
        Checks.Equal(1, WaveInterop.waveInGetNumDevs(), "waveInGetNumDevs: the test driver's one device");

        var format = new WaveFormat(44100, 16, 2);
        var callbackEvent = new AutoResetEvent(false);
        IntPtr hWaveIn;
        int open = WaveInterop.waveInOpenWindow(out hWaveIn, (IntPtr)0, format, callbackEvent.SafeWaitHandle.DangerousGetHandle(),
                                                IntPtr.Zero, Mm.CALLBACK_EVENT);
        if (!Checks.Equal(Mm.NOERROR, open, "waveInOpen(device 0, 44100/16/2, CALLBACK_EVENT, managed event handle)"))
            return Checks.Finish();
        int headerSize = Marshal.SizeOf(typeof(WaveHeader));
        var buffers = new PlayBuffer[3];
        int addFailures = 0;
        for (int i = 0; i < buffers.Length; i++)
        {
            buffers[i] = new PlayBuffer(format.averageBytesPerSecond / 10);
            WaveInterop.waveInPrepareHeader(hWaveIn, buffers[i].Header, headerSize);
            if (WaveInterop.waveInAddBuffer(hWaveIn, buffers[i].Header, headerSize) != Mm.NOERROR)
                addFailures++;
        }
        Checks.Equal(Mm.NOERROR, WaveInterop.waveInStart(hWaveIn), "waveInStart");

        var recorded = new MemoryStream();
        int wakeups = 0, timeouts = 0;
        var recording = new Thread(() =>
        {
            while (recorded.Length < format.averageBytesPerSecond)
            {
                if (callbackEvent.WaitOne(300))
                    wakeups++;
                else if (++timeouts > 10)
                    break;
                foreach (var b in buffers)
                {
                    if ((b.Header.flags & WaveHeaderFlags.Done) == 0 || (b.Header.flags & WaveHeaderFlags.InQueue) != 0)
                        continue;
                    recorded.Write(b.Data, 0, b.Header.bytesRecorded);
                    if (WaveInterop.waveInAddBuffer(hWaveIn, b.Header, headerSize) != Mm.NOERROR)
                        addFailures++;
                }
            }
        });
        recording.Priority = ThreadPriority.AboveNormal;
        recording.Start();
        recording.Join();

        Checks.Equal(Mm.NOERROR, WaveInterop.waveInStop(hWaveIn), "waveInStop");
        Checks.Equal(Mm.NOERROR, WaveInterop.waveInReset(hWaveIn), "waveInReset");
        int unprepareFailures = 0;
        foreach (var b in buffers)
        {
            if (WaveInterop.waveInUnprepareHeader(hWaveIn, b.Header, headerSize) != Mm.NOERROR)
                unprepareFailures++;
        }
        callbackEvent.Close();
        Checks.Equal(Mm.NOERROR, WaveInterop.waveInClose(hWaveIn), "waveInClose after the event was closed");
        foreach (var b in buffers)
            b.Free();
        Checks.Equal(0, addFailures, "every waveInAddBuffer returned 0");
        Checks.Equal(0, unprepareFailures, "waveInUnprepareHeader of each buffer after the reset");
        Checks.Equal(0, timeouts, "the loop never fell back to its timeout (the event woke it)");
        Checks.Check(wakeups >= 5, "the event woke the loop for the buffers (" + wakeups + " wakeups)");

        byte[] data = recorded.ToArray();
        Checks.Check(data.Length >= format.averageBytesPerSecond, "recorded at least 1 s (" + data.Length + " bytes)");
        long firstWrong = -1;
        for (long frame = 0; frame < data.Length / 4 && firstWrong < 0; frame++)
        {
            for (int channel = 0; channel < 2; channel++)
            {
                short got = BitConverter.ToInt16(data, (int)(frame * 4 + channel * 2));
                if (got != TestDriver.InputSample(frame, channel))
                    firstWrong = frame;
            }
        }
        Checks.Equal(-1, firstWrong, "the recording is the driver's signal, frame for frame (first wrong frame)");
        Checks.Equal(Mm.INVALHANDLE, WaveInterop.waveInReset(hWaveIn), "waveInReset of the closed handle: INVALHANDLE");
        return Checks.Finish();
    }
}
