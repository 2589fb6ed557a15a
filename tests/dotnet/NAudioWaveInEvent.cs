// NAudioWaveInEvent.cs - NAudio's WaveInEvent pattern (interop/EventRecorder.cs) on Mono over the
// wave test driver: device 0, 44.1 kHz 16-bit stereo (NAudio's default), CALLBACK_EVENT with a
// managed AutoResetEvent, 3 buffers of 100 ms re-added with waveInAddBuffer from the recording
// loop, then waveInStop + waveInReset, unprepare, close the event, waveInClose. Checks that what
// was recorded is the driver's known signal, frame for frame from waveInStart, that the loop was
// woken by the event, and that waveInReset of handle 0 (NAudio's CloseWaveInDevice before the
// first open) is MMSYSERR_INVALHANDLE.
using System;
using PortacmTests;

static class NAudioWaveInEvent
{
    static int Main()
    {
        Checks.Equal(Mm.INVALHANDLE, WaveInterop.waveInReset(IntPtr.Zero), "waveInReset(0) before any open: INVALHANDLE, no crash");
        Checks.Equal(1, WaveInterop.waveInGetNumDevs(), "waveInGetNumDevs: the test driver's one device");

        var format = new WaveFormat(44100, 16, 2);
        var recorder = new EventRecorder();
        if (!recorder.Record(0, format, 100, 3, format.averageBytesPerSecond))
        {
            Checks.Equal(Mm.NOERROR, recorder.OpenResult, "waveInOpen(device 0, 44100/16/2, CALLBACK_EVENT)");
            return Checks.Finish();
        }
        recorder.Dispose();
        Checks.Equal(Mm.NOERROR, recorder.StartResult, "waveInStart");
        Checks.Equal(Mm.NOERROR, recorder.StopResult, "waveInStop");
        Checks.Equal(Mm.NOERROR, recorder.ResetResult, "waveInReset");
        Checks.Equal(Mm.NOERROR, recorder.CloseResult, "waveInClose after the event was closed");
        Checks.Equal(0, recorder.AddFailures, "every waveInAddBuffer returned 0");
        Checks.Equal(0, recorder.UnprepareFailures, "waveInUnprepareHeader of each buffer after the reset");
        Checks.Equal(0, recorder.Timeouts, "the loop never fell back to its timeout (the event woke it)");
        Checks.Check(recorder.Wakeups >= 5, "the event woke the loop for the buffers (" + recorder.Wakeups + " wakeups)");

        byte[] data = recorder.Recorded.ToArray();
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
        Checks.Equal(Mm.INVALHANDLE, WaveInterop.waveInReset(recorder.Handle), "waveInReset of the closed handle: INVALHANDLE");
        return Checks.Finish();
    }
}
