// NAudioMidiSynth.cs - NAudio's MidiOut on the built-in synthesizer, as a program that looks for
// Windows' "Microsoft GS Wavetable Synth" does: the device whose caps say MOD_SWSYNTH, found by
// enumerating them all. SendBuffer(GM System On), program change to the flute (73), A4 (key 69)
// held 1 s then released, Close. The synthesizer plays through the PulseAudio driver of the
// private server; run_mono_tests.sh records sink A's monitor and check_tone.py checks that the
// note sounded for the time it was held, at 440 Hz.
using System;
using System.Runtime.InteropServices;
using System.Threading;
using PortacmTests;

static class NAudioMidiSynth
{
    static int Main()
    {
        int size = Marshal.SizeOf(typeof(MidiOutCapabilities));
        int count = MidiInterop.midiOutGetNumDevs(), synth = -1;
        for (int i = 0; i < count; i++)
        {
            MidiOutCapabilities caps;
            if (MidiInterop.midiOutGetDevCaps((IntPtr)i, out caps, size) != Mm.NOERROR || caps.wTechnology != Midi.MOD_SWSYNTH)
                continue;
            synth = i;
            Checks.Check(caps.productName == "portacm GM Synth (FluidSynth)", "the MOD_SWSYNTH device " + i + ": \"" + caps.productName + "\"");
            Checks.Check(caps.manufacturerId == 0xFF && caps.productId == 0xFF && caps.driverVersion == 0x0100,
                         "its wMid, wPid 0xFF, version 1.0");
            Checks.Check(caps.wVoices == 256 && caps.wNotes == 256 && caps.wChannelMask == 0xFFFF && caps.dwSupport == 3,
                         "256 voices and notes, all channels, VOLUME | LRVOLUME");
        }
        if (!Checks.Check(synth >= 0, "a MOD_SWSYNTH device among the " + count + " outputs"))
            return Checks.Finish();

        var midiOut = new NAudioStyleMidiOut();
        if (!Checks.Equal(Mm.NOERROR, midiOut.Open(synth, IntPtr.Zero), "midiOutOpen(the synthesizer, CALLBACK_FUNCTION)"))
            return Checks.Finish();
        MIDIHDR after;
        int doneDuringCall;
        Checks.Equal(Mm.NOERROR, midiOut.SendBuffer(new byte[] { 0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7 }, out after, out doneDuringCall),
                     "SendBuffer(GM System On)");
        Checks.Equal(1, doneDuringCall, "MOM_DONE before midiOutLongMsg returned");
        Checks.Equal(Mm.NOERROR, midiOut.Send(0xC0 | 73 << 8), "Send(program change 73: flute)");
        Checks.Equal(Mm.NOERROR, midiOut.Send(0x90 | 69 << 8 | 110 << 16), "Send(note on A4, velocity 110)");
        Thread.Sleep(1000);
        Checks.Equal(Mm.NOERROR, midiOut.Send(0x80 | 69 << 8), "Send(note off A4) after 1 s");
        Thread.Sleep(1300);
        Checks.Equal(Mm.NOERROR, midiOut.Close(), "Close");
        Checks.Check(midiOut.Log.Sequence() == "3C7 3C9 3C8", "MOM_OPEN, MOM_DONE, MOM_CLOSE: " + midiOut.Log.Sequence());
        return Checks.Finish();
    }
}
