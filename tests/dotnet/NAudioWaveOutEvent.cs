// NAudioWaveOutEvent.cs - NAudio's WaveOutEvent pattern (interop/EventPlayer.cs) on Mono through
// the wave test driver (the only device of the drivers file the harness writes): WAVE_MAPPER,
// CALLBACK_EVENT with a managed AutoResetEvent, 2 buffers of 100 ms refilled when the event
// fires, 1 s of 44.1 kHz 16-bit stereo. Checks that the driver received exactly the bytes
// written, that the loop was woken by the event (no timeouts), and NAudio's dispose order
// (reset, unprepare, close the event, then waveOutClose) returns 0 without a crash.
using System;
using System.Runtime.InteropServices;
using PortacmTests;

static class NAudioWaveOutEvent
{
    static int Main()
    {
        Checks.Equal(48, Marshal.SizeOf(typeof(WaveHeader)), "WaveHeader marshals as 48 bytes (WAVEHDR)");
        Checks.Equal(12, Marshal.SizeOf(typeof(MmTime)), "MmTime marshals as 12 bytes (MMTIME)");
        Checks.Equal(18, Marshal.SizeOf(typeof(WaveFormat)), "WaveFormat marshals as 18 bytes (WAVEFORMATEX)");
        Checks.Equal(1, WaveInterop.waveOutGetNumDevs(), "waveOutGetNumDevs: the test driver's one device");
        TestDriver.Clear();

        var format = new WaveFormat(44100, 16, 2);
        long total = format.averageBytesPerSecond; // 1 s
        long produced = 0;
        AudioSource source = (buffer, count) =>
        {
            int n = (int)Math.Min(count, total - produced);
            for (int i = 0; i < n; i++)
                buffer[i] = (byte)((produced + i) * 7 + ((produced + i) >> 9));
            produced += n;
            return n;
        };
        var player = new EventPlayer();
        player.Play(Mm.WAVE_MAPPER, format, source, 100, 2);
        if (!Checks.Equal(Mm.NOERROR, player.OpenResult, "waveOutOpen(WAVE_MAPPER, CALLBACK_EVENT, managed event handle)"))
            return Checks.Finish();
        Checks.Equal(0, player.WriteFailures, "every waveOutWrite returned 0 (first error " + player.FirstWriteError + ")");
        Checks.Equal(10, player.BuffersWritten, "1 s went out as 10 buffers of 100 ms");
        // The 200 ms timeout is NAudio's; a loaded CI machine once stalled the loop past it, so
        // one fallback is tolerated: the wakeups below prove that the event does the waking.
        Checks.Check(player.Timeouts <= 1, "the loop fell back to its timeout at most once (" + player.Timeouts + ")");
        Checks.Check(player.Wakeups >= 6, "the event woke the loop for the buffers (" + player.Wakeups + " wakeups)");
        Checks.Check(player.ElapsedMs >= 900 && player.ElapsedMs < 1600,
                     "played in real time without gaps (" + player.ElapsedMs + " ms for 1 s)");

        var mmt = new MmTime { wType = Mm.TIME_BYTES };
        player.Dispose();
        Checks.Equal(Mm.NOERROR, player.ResetResult, "dispose: waveOutReset");
        Checks.Equal(0, player.UnprepareFailures, "dispose: waveOutUnprepareHeader of each buffer");
        Checks.Equal(Mm.NOERROR, player.CloseResult, "dispose: waveOutClose after the event was closed (WOM_CLOSE to a dead event)");
        Checks.Equal(Mm.INVALHANDLE, WaveInterop.waveOutGetPosition(IntPtr.Zero, ref mmt, 12),
                     "waveOutGetPosition(0) afterwards: INVALHANDLE, the process goes on");

        byte[] played = TestDriver.Played(0);
        byte[] written = player.Written.ToArray();
        Checks.Equal(written.Length, played.Length, "the driver received as many bytes as were written");
        int firstDifference = -1;
        for (int i = 0; i < Math.Min(played.Length, written.Length) && firstDifference < 0; i++)
            if (played[i] != written[i])
                firstDifference = i;
        Checks.Equal(-1, firstDifference, "the driver received exactly the bytes written (first difference)");
        return Checks.Finish();
    }
}
