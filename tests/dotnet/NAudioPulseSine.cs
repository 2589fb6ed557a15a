// NAudioPulseSine.cs - NAudio's WaveOutEvent pattern (interop/EventPlayer.cs) on Mono through the
// built-in PulseAudio driver of the private test server: a 1 kHz sine at half full scale,
// 44.1 kHz 16-bit stereo, 1.5 s through WAVE_MAPPER (the default sink, portacm_sink_a), with
// CALLBACK_EVENT and a managed AutoResetEvent that the driver sets from its own thread (one
// the runtime does not know). Checks that the loop was woken by the event and never fell back
// to its timeout, and NAudio's dispose order. run_mono_tests.sh --record records the sink's
// monitor with parec meanwhile and check_sine.py checks the level and frequency.
using System;
using PortacmTests;

static class NAudioPulseSine
{
    static int Main()
    {
        Checks.Check(WaveInterop.waveOutGetNumDevs() >= 3, "waveOutGetNumDevs: the private server's sinks");
        WaveOutCapabilities caps;
        Checks.Equal(Mm.NOERROR, WaveInterop.waveOutGetDevCaps((IntPtr)0, out caps, 100), "waveOutGetDevCaps(0)");
        Console.WriteLine("     device 0: " + caps.productName);

        var format = new WaveFormat(44100, 16, 2);
        long frames = 44100 * 3 / 2, frame = 0;
        AudioSource sine = (buffer, count) =>
        {
            int n = 0;
            for (; n + 4 <= count && frame < frames; n += 4, frame++)
            {
                short s = (short)Math.Round(16384 * Math.Sin(2 * Math.PI * 1000 * frame / 44100.0));
                buffer[n] = buffer[n + 2] = (byte)s;
                buffer[n + 1] = buffer[n + 3] = (byte)(s >> 8);
            }
            return n;
        };
        var player = new EventPlayer();
        player.Play(Mm.WAVE_MAPPER, format, sine, 100, 2);
        if (!Checks.Equal(Mm.NOERROR, player.OpenResult, "waveOutOpen(WAVE_MAPPER, CALLBACK_EVENT, managed event handle)"))
            return Checks.Finish();
        Checks.Equal(0, player.WriteFailures, "every waveOutWrite returned 0 (first error " + player.FirstWriteError + ")");
        Checks.Equal(15, player.BuffersWritten, "1.5 s went out as 15 buffers of 100 ms");
        Checks.Equal(0, player.Timeouts, "the loop never fell back to its timeout (the driver's thread set the event)");
        Checks.Check(player.Wakeups >= 8, "the event woke the loop for the buffers (" + player.Wakeups + " wakeups)");
        Checks.Check(player.ElapsedMs >= 1000 && player.ElapsedMs < 2500,
                     "played in about real time (" + player.ElapsedMs + " ms for 1.5 s)");
        player.Dispose();
        Checks.Equal(Mm.NOERROR, player.ResetResult, "dispose: waveOutReset");
        Checks.Equal(0, player.UnprepareFailures, "dispose: waveOutUnprepareHeader of each buffer");
        Checks.Equal(Mm.NOERROR, player.CloseResult, "dispose: waveOutClose after the event was closed");
        return Checks.Finish();
    }
}
