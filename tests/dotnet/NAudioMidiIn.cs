// NAudioMidiIn.cs - NAudio's MidiIn on Mono over the MIDI test driver, whose input devices are
// fed through its midi_test_driver_inject export (callbacks on the feeding thread, a thread of
// this program's own as a device's would be): caps, midiInOpen with CALLBACK_FUNCTION,
// CreateSysexBuffers (headers in AllocHGlobal memory, prepared and added through IntPtr
// declarations), Start, MIM_DATA with the message and its timestamp (ms since midiInStart),
// MIM_LONGDATA with the SysEx bytes and the buffer re-added from inside the callback, Stop, and
// NAudio's Dispose (Reset gives back both buffers empty, unprepare, Close: MIM_CLOSE). Then
// midiConnect thru from an input to an output, checked in the output driver's record.
using System;
using System.Runtime.InteropServices;
using System.Threading;
using PortacmTests;

// NAudio's MidiIn, with every message recorded.
sealed class NAudioStyleMidiIn
{
    public readonly MidiLog Log = new MidiLog();
    public IntPtr Handle;
    public int ReAddFailures;
    readonly MidiInCallback callback;
    IntPtr[] headers = new IntPtr[0];
    bool disposing;

    public NAudioStyleMidiIn()
    {
        callback = (h, message, instance, p1, p2) => Log.Add(h, (int)message, instance, p1, p2);
        Log.OnCall = call =>
        {
            // NAudio copies the bytes, then gives the buffer back unless it is closing.
            if (call.Message == (int)MidiInMessage.LongData && !disposing &&
                MidiInterop.midiInAddBuffer(Handle, call.Param1, Marshal.SizeOf(typeof(MIDIHDR))) != Mm.NOERROR)
                ReAddFailures++;
        };
    }

    public int Open(int device)
    {
        return MidiInterop.midiInOpen(out Handle, (IntPtr)device, callback, IntPtr.Zero, Mm.CALLBACK_FUNCTION);
    }

    public int CreateSysexBuffers(int bufferSize, int count)
    {
        headers = new IntPtr[count];
        int size = Marshal.SizeOf(typeof(MIDIHDR));
        for (int i = 0; i < count; i++)
        {
            var header = new MIDIHDR { dwBufferLength = bufferSize, lpData = Marshal.AllocHGlobal(bufferSize) };
            headers[i] = Marshal.AllocHGlobal(size);
            Marshal.StructureToPtr(header, headers[i], false);
            int result = MidiInterop.midiInPrepareHeader(Handle, headers[i], size);
            if (result == Mm.NOERROR)
                result = MidiInterop.midiInAddBuffer(Handle, headers[i], size);
            if (result != Mm.NOERROR)
                return result;
        }
        return Mm.NOERROR;
    }

    // NAudio's Dispose: Reset (the buffers come back), unprepare and free them, Close.
    public int Dispose(out int resetResult, out int unprepareFailures)
    {
        disposing = true;
        resetResult = MidiInterop.midiInReset(Handle);
        unprepareFailures = 0;
        foreach (var h in headers)
        {
            var header = (MIDIHDR)Marshal.PtrToStructure(h, typeof(MIDIHDR));
            if (MidiInterop.midiInUnprepareHeader(Handle, h, Marshal.SizeOf(typeof(MIDIHDR))) != Mm.NOERROR)
                unprepareFailures++;
            Marshal.FreeHGlobal(header.lpData);
            Marshal.FreeHGlobal(h);
        }
        headers = new IntPtr[0];
        GC.KeepAlive(callback);
        return MidiInterop.midiInClose(Handle);
    }
}

static class NAudioMidiIn
{
    // Feeds the bytes from a thread of its own, as a device's input thread would.
    static void Feed(uint device, params byte[] bytes)
    {
        var feeder = new Thread(() => MidiTestDriver.Inject(device, bytes));
        feeder.Start();
        feeder.Join();
    }

    static void CheckCaps()
    {
        int size = Marshal.SizeOf(typeof(MidiInCapabilities));
        Checks.Equal(44, size, "MidiInCapabilities (CharSet.Auto) marshals as MIDIINCAPSA");
        int count = MidiInterop.midiInGetNumDevs();
        Checks.Equal(2, count, "midiInGetNumDevs: the driver's 2 inputs");
        for (int i = 0; i < count; i++)
        {
            MidiInCapabilities caps;
            Checks.Equal(Mm.NOERROR, MidiInterop.midiInGetDevCaps((IntPtr)i, out caps, size), "midiInGetDevCaps(" + i + ")");
            Checks.Check(caps.productName == "MIDI Test In " + i + " (dotnet)", "input " + i + " name: \"" + caps.productName + "\"");
            Checks.Equal(0xFF, caps.manufacturerId, "input " + i + " wMid");
        }
        MidiInCapabilities none;
        Checks.Equal(Mm.BADDEVICEID, MidiInterop.midiInGetDevCaps((IntPtr)count, out none, size), "midiInGetDevCaps(" + count + "): BADDEVICEID");
        IntPtr handle;
        Checks.Equal(Mm.BADDEVICEID, MidiInterop.midiInOpen(out handle, (IntPtr)Midi.MIDI_MAPPER, null, IntPtr.Zero, Mm.CALLBACK_NULL),
                     "midiInOpen(MIDI_MAPPER): BADDEVICEID (no input mapper)");
    }

    static void CheckReceive()
    {
        var midiIn = new NAudioStyleMidiIn();
        if (!Checks.Equal(Mm.NOERROR, midiIn.Open(0), "midiInOpen(0, CALLBACK_FUNCTION)"))
            return;
        Checks.Check(midiIn.Log.Sequence() == "3C1", "MIM_OPEN before midiInOpen returned: " + midiIn.Log.Sequence());
        int id;
        MidiInterop.midiInGetID(midiIn.Handle, out id);
        Checks.Equal(0, id, "midiInGetID");
        Checks.Equal(Mm.NOERROR, midiIn.CreateSysexBuffers(64, 2), "CreateSysexBuffers(64, 2): prepare and add through IntPtr");
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Feed(0, 0x90, 60, 100);
        Checks.Equal(1, midiIn.Log.Calls.Length, "nothing received before Start");
        Checks.Equal(Mm.NOERROR, MidiInterop.midiInStart(midiIn.Handle), "Start");
        Thread.Sleep(40);
        Feed(0, 0x90, 60, 100, 62, 80);                 // note on, then a running-status note on
        Thread.Sleep(60);
        Feed(0, 0xC3, 5, 0xF8);                        // program change channel 4, timing clock
        var sysex = new byte[] { 0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7 };
        Feed(0, sysex);
        Checks.Equal(Mm.NOERROR, MidiInterop.midiInStop(midiIn.Handle), "Stop");
        Feed(0, 0x80, 60, 0);

        var calls = midiIn.Log.Calls;
        if (Checks.Equal(6, calls.Length, "MIM_OPEN, 4 x MIM_DATA, MIM_LONGDATA; nothing after Stop (" + midiIn.Log.Sequence() + ")"))
        {
            int[] messages = { 0x643C90, 0x503E90, 0x05C3, 0xF8 };
            for (int i = 0; i < 4; i++)
                Checks.Check(calls[1 + i].Message == (int)MidiInMessage.Data && (int)calls[1 + i].Param1 == messages[i] &&
                             calls[1 + i].Handle == midiIn.Handle,
                             "MIM_DATA " + i + ": 0x" + messages[i].ToString("X6") + " (got 0x" + calls[1 + i].Message.ToString("X") +
                             " 0x" + ((long)calls[1 + i].Param1).ToString("X6") + ")");
            long t0 = (long)calls[1].Param2, t1 = (long)calls[2].Param2, t2 = (long)calls[3].Param2;
            Checks.Check(t0 >= 35 && t0 < 1000, "the first timestamp counts from Start (" + t0 + " ms after a 40 ms sleep)");
            Checks.Check(t1 >= t0 && t1 - t0 < 20, "the running-status message came at once (" + t1 + " ms)");
            Checks.Check(t2 - t1 >= 55 && t2 - t1 < 1000, "the program change 60 ms later (" + (t2 - t1) + " ms)");
            var longData = calls[5];
            bool same = longData.Message == (int)MidiInMessage.LongData && longData.HeaderBytes != null &&
                        longData.HeaderBytes.Length == sysex.Length;
            for (int i = 0; same && i < sysex.Length; i++)
                same = longData.HeaderBytes[i] == sysex[i];
            Checks.Check(same, "MIM_LONGDATA holds the 6 SysEx bytes");
            Checks.Equal(Midi.MHDR_DONE | Midi.MHDR_PREPARED, longData.HeaderFlags & 7, "MIM_LONGDATA's header: DONE | PREPARED");
            Checks.Check((long)longData.Param2 >= t2, "MIM_LONGDATA's timestamp (" + (long)longData.Param2 + " ms)");
            Checks.Equal(0, midiIn.ReAddFailures, "midiInAddBuffer from inside MIM_LONGDATA succeeded");
            Checks.Check(Array.TrueForAll(calls, c => c.Thread != Thread.CurrentThread.ManagedThreadId || c.Message == (int)MidiInMessage.Open),
                         "the data callbacks ran on the feeding threads");
        }

        Checks.Equal(Midi.MIDIERR_STILLPLAYING, MidiInterop.midiInClose(midiIn.Handle), "midiInClose with buffers queued: STILLPLAYING");
        int reset, unprepareFailures;
        Checks.Equal(Mm.NOERROR, midiIn.Dispose(out reset, out unprepareFailures), "Dispose: midiInClose");
        Checks.Equal(Mm.NOERROR, reset, "Dispose: midiInReset");
        Checks.Equal(0, unprepareFailures, "Dispose: midiInUnprepareHeader of both buffers");
        var all = midiIn.Log.Calls;
        Checks.Check(midiIn.Log.Sequence() == "3C1 3C3 3C3 3C3 3C3 3C4 3C4 3C4 3C2",
                     "then 2 x MIM_LONGDATA (Reset) and MIM_CLOSE: " + midiIn.Log.Sequence());
        if (all.Length == 9)
            Checks.Check(all[6].HeaderBytes.Length == 0 && all[7].HeaderBytes.Length == 0, "the buffers Reset gave back are empty");
    }

    static void CheckThru()
    {
        var midiIn = new NAudioStyleMidiIn();
        IntPtr hOut;
        Checks.Equal(Mm.NOERROR, MidiInterop.midiOutOpen(out hOut, (IntPtr)0, null, IntPtr.Zero, Mm.CALLBACK_NULL), "midiOutOpen(0) for thru");
        Checks.Equal(Mm.NOERROR, midiIn.Open(1), "midiInOpen(1)");
        Checks.Equal(Mm.NOERROR, MidiInterop.midiConnect(midiIn.Handle, hOut, IntPtr.Zero), "midiConnect(in 1, out 0)");
        Checks.Equal(Midi.MIDIERR_NOTREADY, MidiInterop.midiConnect(midiIn.Handle, hOut, IntPtr.Zero), "a second midiConnect: NOTREADY");
        MidiTestDriver.Clear();
        MidiInterop.midiInStart(midiIn.Handle);
        Feed(1, 0x91, 67, 33);
        var events = MidiTestDriver.Events();
        Checks.Check(events.Length == 1 && events[0].device == 0 && events[0].message == 0x214391,
                     "thru: output 0 received the input's note on (0x214391)");
        Checks.Equal(2, midiIn.Log.Calls.Length, "and the input's client got it too (MIM_DATA)");
        Checks.Equal(Mm.NOERROR, MidiInterop.midiDisconnect(midiIn.Handle, hOut, IntPtr.Zero), "midiDisconnect");
        MidiTestDriver.Clear();
        Feed(1, 0x81, 67, 0);
        Checks.Equal(0, MidiTestDriver.Events().Length, "nothing thru after midiDisconnect");
        int reset, unprepareFailures;
        Checks.Equal(Mm.NOERROR, midiIn.Dispose(out reset, out unprepareFailures), "midiInClose");
        Checks.Equal(Mm.NOERROR, MidiInterop.midiOutClose(hOut), "midiOutClose");
    }

    static int Main()
    {
        CheckCaps();
        CheckReceive();
        CheckThru();
        return Checks.Finish();
    }
}
