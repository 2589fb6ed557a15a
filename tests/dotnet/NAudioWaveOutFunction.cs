// NAudioWaveOutFunction.cs - NAudio's WaveOut with CALLBACK_FUNCTION on Mono, over the wave test
// driver: a delegate kept alive by the player, each header's dwUser a GCHandle to its buffer
// object, and the refill done INSIDE WOM_DONE (waveOutWrite from the callback, on the driver's
// own thread). 3 buffers of 50 ms, 1 s of 22.05 kHz 16-bit mono. Checks the messages, that the
// driver received exactly what was written, and the dispose order (reset, unprepare, close).
using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using PortacmTests;

sealed class FunctionPlayer
{
    public int Opens, Dones, Closes, CallbackWriteFailures, WrongThreadOpens;
    public readonly MemoryStream Written = new MemoryStream();
    public readonly ManualResetEvent Finished = new ManualResetEvent(false);
    public IntPtr Handle;

    readonly WaveCallback callback; // kept alive for as long as the device is open
    readonly object writeLock = new object();
    readonly int openingThread = Thread.CurrentThread.ManagedThreadId;
    PlayBuffer[] buffers;
    GCHandle[] bufferHandles;
    long produced, total;
    int queued;

    public FunctionPlayer()
    {
        callback = OnWaveMessage;
    }

    public int Open(WaveFormat format, int bufferMs, int count, long totalBytes)
    {
        total = totalBytes;
        int result = WaveInterop.waveOutOpen(out Handle, (IntPtr)0, format, callback, IntPtr.Zero, Mm.CALLBACK_FUNCTION);
        if (result != Mm.NOERROR)
            return result;
        int size = format.averageBytesPerSecond * bufferMs / 1000;
        size -= size % format.blockAlign;
        buffers = new PlayBuffer[count];
        bufferHandles = new GCHandle[count];
        for (int i = 0; i < count; i++)
        {
            buffers[i] = new PlayBuffer(size);
            bufferHandles[i] = GCHandle.Alloc(buffers[i]);
            buffers[i].Header.userData = GCHandle.ToIntPtr(bufferHandles[i]);
            WaveInterop.waveOutPrepareHeader(Handle, buffers[i].Header, Marshal.SizeOf(typeof(WaveHeader)));
        }
        return Mm.NOERROR;
    }

    // Fills and queues one buffer; false at the end of the data or on an error.
    bool Queue(PlayBuffer buffer)
    {
        lock (writeLock)
        {
            int n = (int)Math.Min(buffer.Data.Length, total - produced);
            if (n <= 0)
                return false;
            for (int i = 0; i < n; i++)
                buffer.Data[i] = (byte)((produced + i) * 13 + ((produced + i) >> 8));
            produced += n;
            buffer.Header.bufferLength = n;
            Written.Write(buffer.Data, 0, n);
            if (WaveInterop.waveOutWrite(Handle, buffer.Header, Marshal.SizeOf(typeof(WaveHeader))) != Mm.NOERROR)
                return false;
            queued++;
            return true;
        }
    }

    public void Start()
    {
        foreach (var b in buffers)
            Queue(b);
    }

    void OnWaveMessage(IntPtr hWaveOut, int message, IntPtr instance, WaveHeader header, IntPtr reserved)
    {
        if (message == Mm.WOM_OPEN)
        {
            Opens++;
            if (Thread.CurrentThread.ManagedThreadId != openingThread)
                WrongThreadOpens++;
        }
        else if (message == Mm.WOM_CLOSE)
            Closes++;
        else if (message == Mm.WOM_DONE)
        {
            Dones++;
            var buffer = (PlayBuffer)GCHandle.FromIntPtr(header.userData).Target;
            bool more = produced < total;
            lock (writeLock)
                queued--;
            if (more && !Queue(buffer))
                CallbackWriteFailures++;
            lock (writeLock)
            {
                if (queued == 0)
                    Finished.Set();
            }
        }
    }

    public void Dispose(out int reset, out int unprepareFailures, out int close)
    {
        reset = WaveInterop.waveOutReset(Handle);
        unprepareFailures = 0;
        for (int i = 0; i < buffers.Length; i++)
        {
            if (WaveInterop.waveOutUnprepareHeader(Handle, buffers[i].Header, Marshal.SizeOf(typeof(WaveHeader))) != Mm.NOERROR)
                unprepareFailures++;
            bufferHandles[i].Free();
            buffers[i].Free();
        }
        close = WaveInterop.waveOutClose(Handle);
    }
}

static class NAudioWaveOutFunction
{
    static int Main()
    {
        TestDriver.Clear();
        var format = new WaveFormat(22050, 16, 1);
        var player = new FunctionPlayer();
        int open = player.Open(format, 50, 3, format.averageBytesPerSecond);
        if (!Checks.Equal(Mm.NOERROR, open, "waveOutOpen(device 0, CALLBACK_FUNCTION with a delegate)"))
            return Checks.Finish();
        Checks.Equal(1, player.Opens, "WOM_OPEN arrived before waveOutOpen returned");
        Checks.Equal(0, player.WrongThreadOpens, "WOM_OPEN ran on the opening thread");
        player.Start();
        Checks.Check(player.Finished.WaitOne(5000), "every buffer came back through WOM_DONE");
        Checks.Equal(0, player.CallbackWriteFailures, "waveOutWrite from inside WOM_DONE returned 0 each time");
        Checks.Check(player.Dones >= 20, "a WOM_DONE for every buffer of 1 s in 50 ms buffers (" + player.Dones + ")");

        int reset, unprepareFailures, close;
        player.Dispose(out reset, out unprepareFailures, out close);
        Checks.Equal(Mm.NOERROR, reset, "dispose: waveOutReset");
        Checks.Equal(0, unprepareFailures, "dispose: waveOutUnprepareHeader of each buffer");
        Checks.Equal(Mm.NOERROR, close, "dispose: waveOutClose");
        Checks.Equal(1, player.Closes, "WOM_CLOSE arrived");

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
