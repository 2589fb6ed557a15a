// NAudioMidiOut.cs - NAudio's MidiOut on Mono over the MIDI test driver (2 outputs, no
// synthesizer): device count and caps of every device (MIDIOUTCAPS with CharSet.Auto, the A
// form), midiOutOpen with CALLBACK_FUNCTION (a delegate the object keeps alive, checked across a
// GC), Send (note on/off, program change, running status), SendBuffer (a SysEx through a
// `ref MIDIHDR`, i.e. a marshalled copy, MOM_DONE before the call returns), Volume, Reset,
// Close (MOM_CLOSE), the MIDI mapper and midiOutGetErrorText. The driver's record says what
// it received, byte for byte and in order.
using System;
using System.Runtime.InteropServices;
using System.Text;
using PortacmTests;

static class NAudioMidiOut
{
    const int NoteOn = 0x90, NoteOff = 0x80, ProgramChange = 0xC0;

    static int Pack(int status, int data1, int data2)
    {
        return status | data1 << 8 | data2 << 16;
    }

    static void CheckCaps()
    {
        int size = Marshal.SizeOf(typeof(MidiOutCapabilities));
        Checks.Equal(52, size, "MidiOutCapabilities (CharSet.Auto) marshals as MIDIOUTCAPSA");
        int count = MidiInterop.midiOutGetNumDevs();
        Checks.Equal(2, count, "midiOutGetNumDevs: the driver's 2 outputs, no synthesizer");
        for (int i = 0; i < count; i++)
        {
            MidiOutCapabilities caps;
            Checks.Equal(Mm.NOERROR, MidiInterop.midiOutGetDevCaps((IntPtr)i, out caps, size), "midiOutGetDevCaps(" + i + ")");
            Checks.Check(caps.productName == "MIDI Test Out " + i + " (dotnet)", "output " + i + " name: \"" + caps.productName + "\"");
            Checks.Equal(0xFF, caps.manufacturerId, "output " + i + " wMid");
            Checks.Equal(0x42, caps.productId, "output " + i + " wPid");
            Checks.Equal(0x0100, caps.driverVersion, "output " + i + " vDriverVersion");
            Checks.Equal(Midi.MOD_MIDIPORT, caps.wTechnology, "output " + i + " wTechnology MOD_MIDIPORT");
            Checks.Equal(0xFFFF, caps.wChannelMask, "output " + i + " wChannelMask");
            Checks.Equal(3, caps.dwSupport, "output " + i + " dwSupport VOLUME | LRVOLUME");
        }
        MidiOutCapabilities mapper;
        Checks.Equal(Mm.NOERROR, MidiInterop.midiOutGetDevCaps((IntPtr)Midi.MIDI_MAPPER, out mapper, size), "midiOutGetDevCaps(MIDI_MAPPER)");
        Checks.Check(mapper.productName == "Microsoft MIDI Mapper", "the mapper's name: \"" + mapper.productName + "\"");
        Checks.Equal(Midi.MOD_MAPPER, mapper.wTechnology, "the mapper's wTechnology MOD_MAPPER");
        Checks.Equal(Mm.BADDEVICEID, MidiInterop.midiOutGetDevCaps((IntPtr)count, out mapper, size), "midiOutGetDevCaps(" + count + "): BADDEVICEID");
    }

    static void CheckErrorTexts()
    {
        for (int code = 0; code <= 21; code++)
        {
            var text = new StringBuilder(256);
            int result = MidiInterop.midiOutGetErrorTextBuilder(code, text, text.Capacity);
            Checks.Check(result == Mm.NOERROR && text.Length > 0, "midiOutGetErrorText(" + code + "): \"" + text + "\" (" + result + ")");
        }
        for (int code = Midi.MIDIERR_UNPREPARED; code <= Midi.MIDIERR_LAST; code++)
        {
            var text = new StringBuilder(256);
            int result = MidiInterop.midiOutGetErrorTextBuilder(code, text, text.Capacity);
            Checks.Check(result == Mm.NOERROR && text.Length > 0, "midiOutGetErrorText(" + code + "): \"" + text + "\" (" + result + ")");
        }
        foreach (int code in new[] { 22, 32, 72, 97, 0x7FFFFFFF, -1 })
        {
            var text = new StringBuilder(256);
            Checks.Equal(Mm.BADERRNUM, MidiInterop.midiOutGetErrorTextBuilder(code, text, text.Capacity), "midiOutGetErrorText(" + code + "): BADERRNUM");
        }
        // NAudio's own declaration (a string: the text lands in a temporary copy): no crash.
        string room = new string(' ', 255);
        Checks.Equal(Mm.NOERROR, MidiInterop.midiOutGetErrorText((IntPtr)Midi.MIDIERR_STILLPLAYING, room, 256),
                     "NAudio's midiOutGetErrorText(IntPtr, string, int) declaration returns 0");
        Checks.Equal(Mm.INVALPARAM, MidiInterop.midiOutGetErrorTextBuilder(2, null, 256), "midiOutGetErrorText(text NULL): INVALPARAM");
    }

    static void CheckShortAndLong(NAudioStyleMidiOut midiOut)
    {
        MidiTestDriver.Clear();
        Checks.Equal(Mm.NOERROR, midiOut.Send(Pack(ProgramChange, 19, 0)), "Send(program change 19, channel 1)");
        Checks.Equal(Mm.NOERROR, midiOut.Send(Pack(NoteOn | 9, 38, 100)), "Send(note on 38 vel 100, channel 10)");
        Checks.Equal(Mm.NOERROR, midiOut.Send(Pack(64, 90, 0)), "Send(running status: note 64 vel 90)");
        Checks.Equal(Mm.NOERROR, midiOut.Send(Pack(NoteOff | 9, 38, 0)), "Send(note off 38, channel 10)");
        Checks.Equal(Mm.NOERROR, midiOut.Send(0xF8), "Send(timing clock)");

        var sysex = new byte[] { 0xF0, 0x43, 0x10, 0x4C, 0x00, 0x00, 0x7E, 0x00, 0xF7 };
        MIDIHDR after;
        int doneDuringCall;
        Checks.Equal(120, Marshal.SizeOf(typeof(MIDIHDR)), "NAudio's MIDIHDR marshals as 120 bytes");
        Checks.Equal(Mm.NOERROR, midiOut.SendBuffer(sysex, out after, out doneDuringCall), "SendBuffer(9-byte SysEx): midiOutLongMsg");
        Checks.Equal(1, doneDuringCall, "MOM_DONE arrived before midiOutLongMsg returned");
        Checks.Equal(Midi.MHDR_DONE | Midi.MHDR_PREPARED, after.dwFlags & (Midi.MHDR_DONE | Midi.MHDR_PREPARED | Midi.MHDR_INQUEUE),
                     "the copied-back header: DONE | PREPARED, not INQUEUE");
        var done = Array.Find(midiOut.Log.Calls, c => c.Message == (int)MidiOutMessage.Done);
        Checks.Check(done.HeaderData == after.lpData, "MOM_DONE's header (the marshalled copy) has the program's lpData");
        Checks.Equal(Midi.MHDR_DONE, done.HeaderFlags & (Midi.MHDR_DONE | Midi.MHDR_INQUEUE), "MOM_DONE's header is DONE, not INQUEUE");
        Checks.Check(done.Handle == midiOut.Handle && done.Instance == (IntPtr)0x5A5A, "MOM_DONE has the handle and instance");
        var gm = new byte[] { 0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7 };
        Checks.Equal(Mm.NOERROR, midiOut.SendBuffer(gm, out after, out doneDuringCall), "SendBuffer(GM System On) again");
        Checks.Equal(1, doneDuringCall, "its MOM_DONE before midiOutLongMsg returned");
        Checks.Equal(Mm.NOERROR, midiOut.Send(Pack(NoteOn, 60, 1)), "Send(note on 60) after SysEx");

        var unprepared = new MIDIHDR { lpData = Marshal.AllocHGlobal(4), dwBufferLength = 4 };
        Checks.Equal(Midi.MIDIERR_UNPREPARED, MidiInterop.midiOutLongMsg(midiOut.Handle, ref unprepared, Marshal.SizeOf(unprepared)),
                     "midiOutLongMsg(unprepared header): MIDIERR_UNPREPARED");
        Marshal.FreeHGlobal(unprepared.lpData);

        var events = MidiTestDriver.Events();
        uint[] shorts = { (uint)Pack(ProgramChange, 19, 0), (uint)Pack(NoteOn | 9, 38, 100), (uint)Pack(NoteOn | 9, 64, 90),
                          (uint)Pack(NoteOff | 9, 38, 0), 0xF8 };
        if (!Checks.Equal(shorts.Length + 3, events.Length, "the driver received 5 short messages, 2 SysEx, 1 short"))
            return;
        for (int i = 0; i < shorts.Length; i++)
            Checks.Check(events[i].kind == MidiTestDriver.Short && events[i].device == 1 && events[i].message == shorts[i],
                         "driver event " + i + ": short 0x" + shorts[i].ToString("X6") + " on device 1 (got kind " + events[i].kind +
                         " 0x" + events[i].message.ToString("X6") + ")");
        CheckSysex(events[5], sysex, "driver event 5");
        CheckSysex(events[6], gm, "driver event 6");
        Checks.Check(events[7].kind == MidiTestDriver.Short && events[7].message == (uint)Pack(NoteOn, 60, 1),
                     "driver event 7: the note on 60 sent after the SysEx");
    }

    static void CheckSysex(MidiTestEvent e, byte[] expected, string what)
    {
        bool same = e.kind == MidiTestDriver.Long && e.device == 1 && e.length == expected.Length;
        for (int i = 0; same && i < expected.Length; i++)
            same = e.data[i] == expected[i];
        Checks.Check(same, what + ": the " + expected.Length + " SysEx bytes exactly (got kind " + e.kind + ", " + e.length + " bytes)");
    }

    static void CheckOpenUseClose()
    {
        var midiOut = new NAudioStyleMidiOut();
        Checks.Equal(Mm.NOERROR, midiOut.Open(1, (IntPtr)0x5A5A), "midiOutOpen(1, CALLBACK_FUNCTION)");
        Checks.Equal(1, midiOut.Log.Count((int)MidiOutMessage.Open), "MOM_OPEN before midiOutOpen returned");
        var open = midiOut.Log.Calls[0];
        Checks.Check(open.Handle == midiOut.Handle && open.Instance == (IntPtr)0x5A5A, "MOM_OPEN has the handle and instance");
        GC.Collect();
        GC.WaitForPendingFinalizers();

        IntPtr second;
        Checks.Equal(Midi.ALLOCATED, MidiInterop.midiOutOpen(out second, (IntPtr)1, null, IntPtr.Zero, Mm.CALLBACK_NULL),
                     "a second midiOutOpen(1): the driver's ALLOCATED");
        Checks.Equal(Mm.BADDEVICEID, MidiInterop.midiOutOpen(out second, (IntPtr)2, null, IntPtr.Zero, Mm.CALLBACK_NULL),
                     "midiOutOpen(2): BADDEVICEID");
        int id;
        Checks.Equal(Mm.NOERROR, MidiInterop.midiOutGetID(midiOut.Handle, out id), "midiOutGetID");
        Checks.Equal(1, id, "midiOutGetID gives device 1");

        CheckShortAndLong(midiOut);

        Checks.Equal(Mm.NOERROR, MidiInterop.midiOutSetVolume(midiOut.Handle, unchecked((int)0x80004000)), "Volume = 0x80004000");
        int volume = 0;
        Checks.Equal(Mm.NOERROR, MidiInterop.midiOutGetVolume(midiOut.Handle, ref volume), "Volume (get)");
        Checks.Equal(unchecked((int)0x80004000), volume, "the volume read back");

        MidiTestDriver.Clear();
        Checks.Equal(Mm.NOERROR, MidiInterop.midiOutReset(midiOut.Handle), "Reset");
        var events = MidiTestDriver.Events();
        Checks.Check(events.Length == 1 && events[0].kind == MidiTestDriver.Reset && events[0].device == 1, "the driver got MODM_RESET");

        Checks.Equal(Mm.NOERROR, midiOut.Close(), "Close: midiOutClose");
        Checks.Check(midiOut.Log.Sequence() == "3C7 3C9 3C9 3C8", "callback messages in order MOM_OPEN, MOM_DONE x2, MOM_CLOSE: " + midiOut.Log.Sequence());
        Checks.Equal(Mm.INVALHANDLE, midiOut.Send(Pack(NoteOn, 60, 100)), "Send after Close: INVALHANDLE");
        Checks.Equal(Mm.INVALHANDLE, MidiInterop.midiOutClose(midiOut.Handle), "a second Close: INVALHANDLE");
    }

    static void CheckMapper()
    {
        var midiOut = new NAudioStyleMidiOut();
        Checks.Equal(Mm.NOERROR, midiOut.Open(Midi.MIDI_MAPPER, IntPtr.Zero), "midiOutOpen(MIDI_MAPPER)");
        int id;
        MidiInterop.midiOutGetID(midiOut.Handle, out id);
        Checks.Equal(Midi.MIDI_MAPPER, id, "midiOutGetID of the mapper handle: MIDI_MAPPER");
        MidiTestDriver.Clear();
        Checks.Equal(Mm.NOERROR, midiOut.Send(Pack(NoteOn, 69, 64)), "Send through the mapper");
        var events = MidiTestDriver.Events();
        Checks.Check(events.Length == 1 && events[0].device == 0 && events[0].message == (uint)Pack(NoteOn, 69, 64),
                     "the mapper sent it to device 0 (no MOD_SWSYNTH device, no MIDIMap setting)");
        Checks.Equal(Mm.NOERROR, midiOut.Close(), "Close the mapper");
        Checks.Check(midiOut.Log.Sequence() == "3C7 3C8", "mapper callbacks: MOM_OPEN, MOM_CLOSE: " + midiOut.Log.Sequence());
    }

    static int Main()
    {
        CheckCaps();
        CheckErrorTexts();
        CheckOpenUseClose();
        CheckMapper();
        return Checks.Finish();
    }
}
