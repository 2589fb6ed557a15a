// MidiInterop.cs - the MIDI declarations of NAudio's MidiInterop, in the same shapes (marshalled
// layouts, CharSet choices, parameter kinds), written for these tests:
//   - MIDIHDR: a struct of IntPtr/int fields ending in an IntPtr[8] ByValArray (120 bytes, the
//     natural layout; winmm's is byte-packed, 112 bytes: the same offsets up to dwFlags). The
//     array makes it non-blittable, so `ref MIDIHDR` passes a temporary native COPY, copied back
//     when the call returns (midiOut*: the driver must be done with it by then); midiIn* take the
//     header as an IntPtr to memory of the program's own (AllocHGlobal + StructureToPtr).
//   - MidiOutCapabilities / MidiInCapabilities: MIDIOUTCAPS / MIDIINCAPS with CharSet.Auto, the
//     A form on Unix (52 / 44 bytes).
//   - the callback delegates take the message as an enum and both parameters as IntPtr.
//   - midiOutGetErrorText takes the text as a `string` (NAudio's "TODO: probably doesn't work":
//     the native side writes into a temporary copy); NAudio itself never calls it.
// NAudio has no midiStream class: the stream declarations below are the plain P/Invoke a game
// or sequencer writes (headers in unmanaged memory, the callback a delegate).
#pragma warning disable 0649, 0169
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace PortacmTests
{
    enum MidiInMessage
    {
        Open = 0x3C1, Close = 0x3C2, Data = 0x3C3, LongData = 0x3C4, Error = 0x3C5, LongError = 0x3C6,
        MoreData = 0x3CC,
    }

    enum MidiOutMessage
    {
        Open = 0x3C7, Close = 0x3C8, Done = 0x3C9, PositionCallback = 0x3CA,
    }

    delegate void MidiInCallback(IntPtr midiInHandle, MidiInMessage message, IntPtr userData, IntPtr param1, IntPtr param2);
    delegate void MidiOutCallback(IntPtr midiOutHandle, MidiOutMessage message, IntPtr userData, IntPtr param1, IntPtr param2);

    static class Midi
    {
        public const int MIDIERR_UNPREPARED = 64, MIDIERR_STILLPLAYING = 65, MIDIERR_NOTREADY = 67,
                         MIDIERR_LAST = 71, ALLOCATED = 4;
        public const int MIDI_MAPPER = -1;
        public const int MHDR_DONE = 1, MHDR_PREPARED = 2, MHDR_INQUEUE = 4, MHDR_ISSTRM = 8;
        public const int MOD_MIDIPORT = 1, MOD_SWSYNTH = 7, MOD_MAPPER = 5;
        // Offsets in winmm's own MIDIHDR (read inside callbacks): 64-bit, byte-packed, 112 bytes.
        // NAudio's Sequential struct agrees up to dwFlags; its lpNext, reserved and dwOffset
        // fields sit 4 bytes later (32, 40, 48) than winmm's (28, 36, 44).
        public const int HDR_DATA = 0, HDR_BUFFER_LENGTH = 8, HDR_BYTES_RECORDED = 12, HDR_FLAGS = 24,
                         HDR_OFFSET = 44;
        public const int MEVT_SHORTMSG = 0x00, MEVT_TEMPO = 0x01, MEVT_F_CALLBACK = 0x40000000;
        public const int MIDIPROP_SET = unchecked((int)0x80000000), MIDIPROP_GET = 0x40000000,
                         MIDIPROP_TIMEDIV = 1, MIDIPROP_TEMPO = 2;
    }

    [StructLayout(LayoutKind.Sequential)]
    struct MIDIHDR
    {
        public IntPtr lpData;
        public int dwBufferLength;
        public int dwBytesRecorded;
        public IntPtr dwUser;
        public int dwFlags;
        public IntPtr lpNext;
        public IntPtr reserved;
        public int dwOffset;
        [MarshalAs(UnmanagedType.ByValArray, SizeConst = 8)] public IntPtr[] dwReserved;
    }

    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Auto)]
    struct MidiOutCapabilities
    {
        public short manufacturerId;
        public short productId;
        public int driverVersion;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 32)] public string productName;
        public short wTechnology;
        public short wVoices;
        public short wNotes;
        public ushort wChannelMask;
        public int dwSupport;
    }

    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Auto)]
    struct MidiInCapabilities
    {
        public ushort manufacturerId;
        public ushort productId;
        public uint driverVersion;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 32)] public string productName;
        public int support;
    }

    [StructLayout(LayoutKind.Sequential)]
    struct MidiPropertyValue // MIDIPROPTEMPO and MIDIPROPTIMEDIV: cbStruct, then the value
    {
        public int cbStruct;
        public int value;
    }

    // NAudio's MMTIME: 8 bytes (wType and one int), not the 12 of the real MMTIME.
    [StructLayout(LayoutKind.Sequential)]
    struct NAudioMmTime
    {
        public int wType;
        public int u;
    }

    static class MidiInterop
    {
        [DllImport("winmm.dll")] public static extern int midiOutGetNumDevs();
        [DllImport("winmm.dll", CharSet = CharSet.Auto)]
        public static extern int midiOutGetDevCaps(IntPtr deviceNumber, out MidiOutCapabilities caps, int size);
        [DllImport("winmm.dll")] public static extern int midiOutGetErrorText(IntPtr error, string text, int size);
        [DllImport("winmm.dll", EntryPoint = "midiOutGetErrorText", CharSet = CharSet.Auto)]
        public static extern int midiOutGetErrorTextBuilder(int error, StringBuilder text, int size);
        [DllImport("winmm.dll")]
        public static extern int midiOutOpen(out IntPtr hMidiOut, IntPtr deviceId, MidiOutCallback callback, IntPtr instance, int flags);
        [DllImport("winmm.dll")] public static extern int midiOutClose(IntPtr hMidiOut);
        [DllImport("winmm.dll")] public static extern int midiOutShortMsg(IntPtr hMidiOut, int message);
        [DllImport("winmm.dll")] public static extern int midiOutPrepareHeader(IntPtr hMidiOut, ref MIDIHDR header, int size);
        [DllImport("winmm.dll")] public static extern int midiOutUnprepareHeader(IntPtr hMidiOut, ref MIDIHDR header, int size);
        [DllImport("winmm.dll")] public static extern int midiOutLongMsg(IntPtr hMidiOut, ref MIDIHDR header, int size);
        [DllImport("winmm.dll")] public static extern int midiOutReset(IntPtr hMidiOut);
        [DllImport("winmm.dll")] public static extern int midiOutGetVolume(IntPtr hMidiOut, ref int volume);
        [DllImport("winmm.dll")] public static extern int midiOutSetVolume(IntPtr hMidiOut, int volume);
        [DllImport("winmm.dll")] public static extern int midiOutGetID(IntPtr hMidiOut, out int deviceId);
        [DllImport("winmm.dll")] public static extern int midiOutMessage(IntPtr hMidiOut, int message, IntPtr p1, IntPtr p2);

        [DllImport("winmm.dll")] public static extern int midiInGetNumDevs();
        [DllImport("winmm.dll", CharSet = CharSet.Auto)]
        public static extern int midiInGetDevCaps(IntPtr deviceId, out MidiInCapabilities caps, int size);
        [DllImport("winmm.dll", EntryPoint = "midiInOpen")]
        public static extern int midiInOpen(out IntPtr hMidiIn, IntPtr deviceId, MidiInCallback callback, IntPtr instance, int flags);
        [DllImport("winmm.dll")] public static extern int midiInClose(IntPtr hMidiIn);
        [DllImport("winmm.dll")] public static extern int midiInPrepareHeader(IntPtr hMidiIn, IntPtr header, int size);
        [DllImport("winmm.dll")] public static extern int midiInUnprepareHeader(IntPtr hMidiIn, IntPtr header, int size);
        [DllImport("winmm.dll")] public static extern int midiInAddBuffer(IntPtr hMidiIn, IntPtr header, int size);
        [DllImport("winmm.dll")] public static extern int midiInStart(IntPtr hMidiIn);
        [DllImport("winmm.dll")] public static extern int midiInStop(IntPtr hMidiIn);
        [DllImport("winmm.dll")] public static extern int midiInReset(IntPtr hMidiIn);
        [DllImport("winmm.dll")] public static extern int midiInGetID(IntPtr hMidiIn, out int deviceId);
        [DllImport("winmm.dll")] public static extern int midiConnect(IntPtr hMidiIn, IntPtr hMidiOut, IntPtr reserved);
        [DllImport("winmm.dll")] public static extern int midiDisconnect(IntPtr hMidiIn, IntPtr hMidiOut, IntPtr reserved);
    }

    // midiStream* as a game declares them: headers in memory of its own, passed as IntPtr.
    static class MidiStreamInterop
    {
        [DllImport("winmm.dll")]
        public static extern int midiStreamOpen(out IntPtr hStream, ref int deviceId, int cMidi, MidiOutCallback callback,
                                                IntPtr instance, int flags);
        [DllImport("winmm.dll")] public static extern int midiStreamClose(IntPtr hStream);
        [DllImport("winmm.dll")] public static extern int midiStreamOut(IntPtr hStream, IntPtr header, int size);
        [DllImport("winmm.dll")] public static extern int midiStreamRestart(IntPtr hStream);
        [DllImport("winmm.dll")] public static extern int midiStreamPause(IntPtr hStream);
        [DllImport("winmm.dll")] public static extern int midiStreamStop(IntPtr hStream);
        [DllImport("winmm.dll")] public static extern int midiStreamProperty(IntPtr hStream, ref MidiPropertyValue data, int property);
        [DllImport("winmm.dll")] public static extern int midiStreamPosition(IntPtr hStream, ref MmTime time, int size);
        [DllImport("winmm.dll", EntryPoint = "midiStreamPosition")]
        public static extern int midiStreamPositionNAudio(IntPtr hStream, ref NAudioMmTime time, int size);
        [DllImport("winmm.dll")] public static extern int midiOutPrepareHeader(IntPtr hMidiOut, IntPtr header, int size);
        [DllImport("winmm.dll")] public static extern int midiOutUnprepareHeader(IntPtr hMidiOut, IntPtr header, int size);
    }
}
