// MidiStreamPlayer.cs - midiStream* as a game's music player calls them (NAudio has no stream
// class), on Mono over the MIDI test driver: midiStreamOpen with a CALLBACK_FUNCTION delegate,
// time division 96 and tempo 500000 through midiStreamProperty, one buffer of MEVT_SHORTMSG
// events (one with MEVT_F_CALLBACK) in unmanaged memory, prepared on the stream handle,
// midiStreamOut, midiStreamRestart. The callbacks come from winmm's player thread (a native
// thread Mono has to attach): MOM_POSITIONCB with the event's offset, then MOM_DONE. The driver's
// record gives the messages in order and their timing; midiStreamPosition with the real MMTIME
// and with NAudio's 8-byte one; midiStreamClose gives MOM_CLOSE.
using System;
using System.Runtime.InteropServices;
using System.Threading;
using PortacmTests;

static class MidiStreamPlayer
{
    const int Division = 96, Tempo = 500000; // 96 ticks per quarter note, 120 bpm: 5.208 ms a tick

    // Writes the events (delta, message, flags) as MIDIEVENTs of 12 bytes (dwStreamID 0).
    static int WriteEvents(IntPtr buffer, int[,] events)
    {
        int offset = 0;
        for (int i = 0; i < events.GetLength(0); i++, offset += 12)
        {
            Marshal.WriteInt32(buffer, offset, events[i, 0]);
            Marshal.WriteInt32(buffer, offset + 4, 0);
            Marshal.WriteInt32(buffer, offset + 8, Midi.MEVT_SHORTMSG << 24 | events[i, 1] | events[i, 2]);
        }
        return offset;
    }

    static int Main()
    {
        var log = new MidiLog();
        MidiOutCallback callback = (h, message, instance, p1, p2) => log.Add(h, (int)message, instance, p1, p2);
        int mainThread = Thread.CurrentThread.ManagedThreadId;

        IntPtr stream;
        int device = 1;
        if (!Checks.Equal(Mm.NOERROR, MidiStreamInterop.midiStreamOpen(out stream, ref device, 1, callback, (IntPtr)77, Mm.CALLBACK_FUNCTION),
                          "midiStreamOpen(device 1, CALLBACK_FUNCTION)"))
            return Checks.Finish();
        Checks.Equal(1, device, "*puDeviceID is the device opened");
        Checks.Check(log.Sequence() == "3C7", "MOM_OPEN before midiStreamOpen returned: " + log.Sequence());

        var division = new MidiPropertyValue { cbStruct = 8, value = Division };
        Checks.Equal(Mm.NOERROR, MidiStreamInterop.midiStreamProperty(stream, ref division, Midi.MIDIPROP_SET | Midi.MIDIPROP_TIMEDIV),
                     "midiStreamProperty(SET | TIMEDIV, 96)");
        var tempo = new MidiPropertyValue { cbStruct = 8, value = Tempo };
        Checks.Equal(Mm.NOERROR, MidiStreamInterop.midiStreamProperty(stream, ref tempo, Midi.MIDIPROP_SET | Midi.MIDIPROP_TEMPO),
                     "midiStreamProperty(SET | TEMPO, 500000)");
        var read = new MidiPropertyValue { cbStruct = 8 };
        MidiStreamInterop.midiStreamProperty(stream, ref read, Midi.MIDIPROP_GET | Midi.MIDIPROP_TIMEDIV);
        Checks.Equal(Division, read.value, "midiStreamProperty(GET | TIMEDIV)");

        // program change, note on, 48 ticks (250 ms), note off + note on with a callback, 48 ticks, note off
        int[,] events = {
            { 0, 0xC0 | 11 << 8, 0 }, { 0, 0x90 | 60 << 8 | 100 << 16, 0 }, { 48, 0x80 | 60 << 8, 0 },
            { 0, 0x90 | 64 << 8 | 90 << 16, Midi.MEVT_F_CALLBACK }, { 48, 0x80 | 64 << 8, 0 },
        };
        IntPtr data = Marshal.AllocHGlobal(events.GetLength(0) * 12);
        int length = WriteEvents(data, events);
        var header = new MIDIHDR { lpData = data, dwBufferLength = length, dwBytesRecorded = length };
        int size = Marshal.SizeOf(typeof(MIDIHDR));
        IntPtr hdr = Marshal.AllocHGlobal(size);
        Marshal.StructureToPtr(header, hdr, false);
        Checks.Equal(Mm.NOERROR, MidiStreamInterop.midiOutPrepareHeader(stream, hdr, size), "midiOutPrepareHeader on the stream handle");
        MidiTestDriver.Clear();
        Checks.Equal(Mm.NOERROR, MidiStreamInterop.midiStreamOut(stream, hdr, size), "midiStreamOut(5 events)");
        int flags = Marshal.ReadInt32(hdr, Midi.HDR_FLAGS);
        Checks.Equal(Midi.MHDR_PREPARED | Midi.MHDR_ISSTRM | Midi.MHDR_INQUEUE, flags & 0xF, "the header is PREPARED | ISSTRM | INQUEUE");
        Thread.Sleep(100);
        Checks.Equal(0, MidiTestDriver.Events().Length, "nothing played before midiStreamRestart (a stream opens paused)");
        Checks.Equal(Mm.NOERROR, MidiStreamInterop.midiStreamRestart(stream), "midiStreamRestart");
        Checks.Check(log.Wait((int)MidiOutMessage.Done, 1, 5000), "MOM_DONE within 5 s");

        var played = MidiTestDriver.Events();
        if (Checks.Equal(5, played.Length, "the driver received the 5 messages"))
        {
            for (int i = 0; i < 5; i++)
                Checks.Check(played[i].kind == MidiTestDriver.Short && played[i].device == 1 && played[i].message == (uint)events[i, 1],
                             "event " + i + ": 0x" + events[i, 1].ToString("X6") + " on device 1 (got 0x" + played[i].message.ToString("X6") + ")");
            // times from the first event (the player keeps an absolute schedule: lateness never adds up)
            double first = (played[2].ns - played[0].ns) / 1e6, second = (played[4].ns - played[0].ns) / 1e6;
            Checks.Check(first >= 240 && first < 350, "48 ticks at 96 PPQN and 500000 us: 250 ms (" + first.ToString("F1") + ")");
            Checks.Check(second >= 490 && second < 620, "96 ticks: 500 ms (" + second.ToString("F1") + ")");
            Checks.Check(played[3].ns - played[2].ns < 20000000, "events with delta 0 play together");
        }
        var calls = log.Calls;
        Checks.Check(log.Sequence() == "3C7 3CA 3C9", "MOM_OPEN, MOM_POSITIONCB, MOM_DONE in order: " + log.Sequence());
        if (calls.Length == 3)
        {
            Checks.Check(calls[1].Param1 == hdr && calls[1].HeaderOffset == 36, "MOM_POSITIONCB: our header, dwOffset 36 (the 4th event) (got " +
                         (calls[1].Param1 == hdr ? "our header" : "another header") + ", dwOffset " + calls[1].HeaderOffset + ")");
            Checks.Check(calls[2].Param1 == hdr && calls[2].Instance == (IntPtr)77 && calls[2].Handle == stream, "MOM_DONE: our header, handle, instance");
            Checks.Check(calls[1].Thread != mainThread && calls[2].Thread != mainThread,
                         "the stream callbacks ran on winmm's player thread, attached to Mono");
        }
        flags = Marshal.ReadInt32(hdr, Midi.HDR_FLAGS);
        Checks.Equal(Midi.MHDR_DONE, flags & (Midi.MHDR_DONE | Midi.MHDR_INQUEUE), "the header is DONE, not INQUEUE");

        var time = new MmTime { wType = Mm.TIME_MS };
        Checks.Equal(Mm.NOERROR, MidiStreamInterop.midiStreamPosition(stream, ref time, Marshal.SizeOf(typeof(MmTime))), "midiStreamPosition(MMTIME, TIME_MS)");
        Checks.Check(time.wType == Mm.TIME_MS && time.ms >= 490, "the position is past the 500 ms played (" + time.ms + " ms)");
        var naudio = new NAudioMmTime { wType = Mm.TIME_MS };
        Checks.Equal(Mm.INVALPARAM, MidiStreamInterop.midiStreamPositionNAudio(stream, ref naudio, Marshal.SizeOf(typeof(NAudioMmTime))),
                     "midiStreamPosition with NAudio's 8-byte MMTIME: INVALPARAM");

        Checks.Equal(Mm.NOERROR, MidiStreamInterop.midiOutUnprepareHeader(stream, hdr, size), "midiOutUnprepareHeader");
        Checks.Equal(Mm.NOERROR, MidiStreamInterop.midiStreamClose(stream), "midiStreamClose");
        Checks.Check(log.Sequence() == "3C7 3CA 3C9 3C8", "then MOM_CLOSE: " + log.Sequence());
        GC.KeepAlive(callback);
        Marshal.FreeHGlobal(hdr);
        Marshal.FreeHGlobal(data);
        return Checks.Finish();
    }
}
