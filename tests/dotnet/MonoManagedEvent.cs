// MonoManagedEvent.cs - a .NET program as NAudio's WaveOutEvent is written: it hands winmm the
// handle of a managed AutoResetEvent (CALLBACK_EVENT) and waits on the event. Run on Mono by
// tests/dotnet/run_mono_tests.sh with no configuration but LD_LIBRARY_PATH (the library's .NET
// names). Checks that DriverCallback(DCB_EVENT) with that handle sets the managed event, and that
// a closed event or a forged handle gives FALSE without a crash. (The same from a driver's own
// audio thread, which the runtime does not know, is checked through waveOutOpen in
// NAudioWaveOutEvent.cs and NAudioPulseSine.cs.) Prints one line per check and exits 0 only if all pass.
using System;
using System.Runtime.InteropServices;
using System.Threading;

static class MonoManagedEvent
{
    const int DCB_EVENT = 5;

    [DllImport("winmm.dll")]
    static extern bool DriverCallback(IntPtr dwCallback, int dwFlags, IntPtr hDevice, int dwMsg,
                                      IntPtr dwUser, IntPtr dwParam1, IntPtr dwParam2);

    static int failures;

    static void Check(bool ok, string what)
    {
        Console.WriteLine((ok ? "ok   " : "FAIL ") + what);
        if (!ok)
            failures++;
    }

    static int Main()
    {
        var ev = new AutoResetEvent(false);
        IntPtr handle = ev.SafeWaitHandle.DangerousGetHandle();
        bool result = DriverCallback(handle, DCB_EVENT, IntPtr.Zero, 0x3BD, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        Check(result, "DriverCallback(DCB_EVENT, managed AutoResetEvent) returns TRUE");
        Check(ev.WaitOne(2000), "the managed event was set (WaitOne returns true)");
        Check(!ev.WaitOne(0), "an AutoResetEvent set once wakes one wait only");

        var closed = new ManualResetEvent(false);
        IntPtr closedHandle = closed.SafeWaitHandle.DangerousGetHandle();
        closed.Close();
        bool closedResult = DriverCallback(closedHandle, DCB_EVENT, IntPtr.Zero, 0x3BC, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        Check(!closedResult, "a closed managed event gives FALSE, no crash (NAudio closes it before waveOutClose)");

        bool forged = DriverCallback(new IntPtr(0x10), DCB_EVENT, IntPtr.Zero, 0, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        Check(!forged, "a forged event handle gives FALSE, no crash");

        Console.WriteLine(failures == 0 ? "all passed" : failures + " failed");
        return failures == 0 ? 0 : 1;
    }
}
