// NAudioPulseWaveIn.cs - NAudio's WaveInEvent pattern (interop/EventRecorder.cs) on Mono through
// the built-in PulseAudio driver of the private test server: device 0 is the server's default
// source, portacm_sine (a 440 Hz sine at half full scale, 48 kHz mono), recorded in NAudio's
// default format, 44.1 kHz 16-bit stereo, 3 buffers of 100 ms; the managed event is set from the
// driver's own thread. Checks the event wakeups, the dispose order, and the sine's level and
// frequency in what was recorded.
using System;
using PortacmTests;

static class NAudioPulseWaveIn
{
    static int Main()
    {
        Checks.Check(WaveInterop.waveInGetNumDevs() >= 1, "waveInGetNumDevs: the private server's sources");
        var format = new WaveFormat(44100, 16, 2);
        var recorder = new EventRecorder();
        if (!recorder.Record(0, format, 100, 3, format.averageBytesPerSecond * 3 / 2))
        {
            Checks.Equal(Mm.NOERROR, recorder.OpenResult, "waveInOpen(device 0, 44100/16/2, CALLBACK_EVENT)");
            return Checks.Finish();
        }
        recorder.Dispose();
        Checks.Equal(Mm.NOERROR, recorder.StartResult, "waveInStart");
        Checks.Equal(0, recorder.AddFailures, "every waveInAddBuffer returned 0");
        Checks.Equal(0, recorder.Timeouts, "the loop never fell back to its timeout (the driver's thread set the event)");
        Checks.Check(recorder.Wakeups >= 8, "the event woke the loop for the buffers (" + recorder.Wakeups + " wakeups)");
        Checks.Equal(Mm.NOERROR, recorder.StopResult, "waveInStop");
        Checks.Equal(Mm.NOERROR, recorder.ResetResult, "waveInReset");
        Checks.Equal(0, recorder.UnprepareFailures, "waveInUnprepareHeader of each buffer after the reset");
        Checks.Equal(Mm.NOERROR, recorder.CloseResult, "waveInClose after the event was closed");

        byte[] data = recorder.Recorded.ToArray();
        int frames = data.Length / 4;
        if (!Checks.Check(frames >= 44100, "recorded at least 1 s (" + frames + " frames)"))
            return Checks.Finish();
        // the last second: left channel peak, and the frequency from upward zero crossings
        int start = frames - 44100, peak = 0, crossings = 0;
        short previous = 0;
        for (int i = start; i < frames; i++)
        {
            short s = BitConverter.ToInt16(data, i * 4);
            peak = Math.Max(peak, Math.Abs((int)s));
            if (i > start && previous < 0 && s >= 0)
                crossings++;
            previous = s;
        }
        Checks.Check(peak > 14000 && peak < 17500, "the sine at half full scale (peak " + peak + ")");
        Checks.Check(Math.Abs(crossings - 440) <= 4, "a 440 Hz sine (" + crossings + " Hz)");
        return Checks.Finish();
    }
}
