// WinMM.cs - winmm declarations in the shapes NAudio gives them (the same marshalled layouts,
// CharSet choices and parameter kinds), written for these tests. Shared by the programs of
// tests/dotnet (run_mono_tests.sh compiles every program with the files of this folder).
//   - WaveHeader: a Sequential class of IntPtr/int fields (48 bytes), pinned with a GCHandle and
//     passed as a class, so the native side writes dwFlags into the managed object itself.
//   - Capabilities: the WAVEOUTCAPS2 / WAVEINCAPS2 layout (with the three GUIDs), CharSet.Auto:
//     on Unix that is the A form (100 / 96 bytes) and binds waveOutGetDevCapsA.
//   - MmTime: explicit layout, the union at offset 4 (12 bytes).
//   - Mixer structures: Pack = 1, CharSet.Ansi (MIXERLINEA is 172 bytes).
#pragma warning disable 0649, 0169
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace PortacmTests
{
    static class Mm
    {
        public const int NOERROR = 0, ERROR = 1, BADDEVICEID = 2, INVALHANDLE = 5, NOTSUPPORTED = 8,
                         BADERRNUM = 9, INVALPARAM = 11;
        public const int WAVERR_STILLPLAYING = 33, WAVERR_UNPREPARED = 34;
        public const int WAVE_MAPPER = -1;
        public const int CALLBACK_NULL = 0, CALLBACK_WINDOW = 0x10000, CALLBACK_FUNCTION = 0x30000,
                         CALLBACK_EVENT = 0x50000;
        public const int WOM_OPEN = 0x3BB, WOM_CLOSE = 0x3BC, WOM_DONE = 0x3BD;
        public const int WIM_OPEN = 0x3BE, WIM_CLOSE = 0x3BF, WIM_DATA = 0x3C0;
        public const int TIME_MS = 1, TIME_SAMPLES = 2, TIME_BYTES = 4;
    }

    [Flags]
    enum WaveHeaderFlags
    {
        Done = 0x1,
        Prepared = 0x2,
        BeginLoop = 0x4,
        EndLoop = 0x8,
        InQueue = 0x10,
    }

    [StructLayout(LayoutKind.Sequential)]
    class WaveHeader
    {
        public IntPtr dataBuffer;
        public int bufferLength;
        public int bytesRecorded;
        public IntPtr userData;
        public WaveHeaderFlags flags;
        public int loops;
        public IntPtr next;
        public IntPtr reserved;
    }

    [StructLayout(LayoutKind.Sequential, Pack = 2)]
    class WaveFormat
    {
        public short formatTag = 1;
        public short channels;
        public int sampleRate;
        public int averageBytesPerSecond;
        public short blockAlign;
        public short bitsPerSample;
        public short extraSize;

        public WaveFormat(int rate, int bits, int channelCount)
        {
            channels = (short)channelCount;
            sampleRate = rate;
            bitsPerSample = (short)bits;
            blockAlign = (short)(channelCount * bits / 8);
            averageBytesPerSecond = rate * blockAlign;
        }
    }

    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Auto)]
    struct WaveOutCapabilities
    {
        public short manufacturerId;
        public short productId;
        public int driverVersion;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 32)] public string productName;
        public int supportedFormats;
        public short channels;
        public short reserved;
        public int support;
        public Guid manufacturerGuid;
        public Guid productGuid;
        public Guid nameGuid;
    }

    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Auto)]
    struct WaveInCapabilities
    {
        public short manufacturerId;
        public short productId;
        public int driverVersion;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 32)] public string productName;
        public int supportedFormats;
        public short channels;
        public short reserved;
        public Guid manufacturerGuid;
        public Guid productGuid;
        public Guid nameGuid;
    }

    [StructLayout(LayoutKind.Explicit)]
    struct MmTime
    {
        [FieldOffset(0)] public int wType;
        [FieldOffset(4)] public int ms;
        [FieldOffset(4)] public int sample;
        [FieldOffset(4)] public int cb;
        [FieldOffset(4)] public int ticks;
        [FieldOffset(4)] public byte smpteHour;
        [FieldOffset(5)] public byte smpteMin;
        [FieldOffset(6)] public byte smpteSec;
        [FieldOffset(7)] public byte smpteFrame;
        [FieldOffset(8)] public byte smpteFps;
        [FieldOffset(9)] public byte smpteDummy;
        [FieldOffset(10)] public byte smptePad0;
        [FieldOffset(11)] public byte smptePad1;
        [FieldOffset(4)] public int midiSongPtrPos;
    }

    // The wave callback as NAudio declares it: the header comes as a class (a copy).
    delegate void WaveCallback(IntPtr hWave, int message, IntPtr instance, WaveHeader header, IntPtr reserved);

    static class WaveInterop
    {
        [DllImport("winmm.dll")] public static extern int waveOutGetNumDevs();
        [DllImport("winmm.dll", CharSet = CharSet.Auto)]
        public static extern int waveOutGetDevCaps(IntPtr deviceId, out WaveOutCapabilities caps, int size);
        [DllImport("winmm.dll", CharSet = CharSet.Auto)]
        public static extern int waveOutGetErrorText(int error, StringBuilder text, int size);
        [DllImport("winmm.dll")]
        public static extern int waveOutOpen(out IntPtr hWaveOut, IntPtr deviceId, WaveFormat format,
                                             WaveCallback callback, IntPtr instance, int flags);
        [DllImport("winmm.dll", EntryPoint = "waveOutOpen")]
        public static extern int waveOutOpenWindow(out IntPtr hWaveOut, IntPtr deviceId, WaveFormat format,
                                                   IntPtr callbackHandle, IntPtr instance, int flags);
        [DllImport("winmm.dll")] public static extern int waveOutPrepareHeader(IntPtr hWaveOut, WaveHeader header, int size);
        [DllImport("winmm.dll")] public static extern int waveOutUnprepareHeader(IntPtr hWaveOut, WaveHeader header, int size);
        [DllImport("winmm.dll")] public static extern int waveOutWrite(IntPtr hWaveOut, WaveHeader header, int size);
        [DllImport("winmm.dll")] public static extern int waveOutReset(IntPtr hWaveOut);
        [DllImport("winmm.dll")] public static extern int waveOutClose(IntPtr hWaveOut);
        [DllImport("winmm.dll")] public static extern int waveOutPause(IntPtr hWaveOut);
        [DllImport("winmm.dll")] public static extern int waveOutRestart(IntPtr hWaveOut);
        [DllImport("winmm.dll")] public static extern int waveOutGetPosition(IntPtr hWaveOut, ref MmTime time, int size);
        [DllImport("winmm.dll")] public static extern int waveOutSetVolume(IntPtr hWaveOut, int volume);
        [DllImport("winmm.dll")] public static extern int waveOutGetVolume(IntPtr hWaveOut, out int volume);

        [DllImport("winmm.dll")] public static extern int waveInGetNumDevs();
        [DllImport("winmm.dll", CharSet = CharSet.Auto)]
        public static extern int waveInGetDevCaps(IntPtr deviceId, out WaveInCapabilities caps, int size);
        [DllImport("winmm.dll", EntryPoint = "waveInOpen")]
        public static extern int waveInOpenWindow(out IntPtr hWaveIn, IntPtr deviceId, WaveFormat format,
                                                  IntPtr callbackHandle, IntPtr instance, int flags);
        [DllImport("winmm.dll")] public static extern int waveInPrepareHeader(IntPtr hWaveIn, WaveHeader header, int size);
        [DllImport("winmm.dll")] public static extern int waveInUnprepareHeader(IntPtr hWaveIn, WaveHeader header, int size);
        [DllImport("winmm.dll")] public static extern int waveInAddBuffer(IntPtr hWaveIn, WaveHeader header, int size);
        [DllImport("winmm.dll")] public static extern int waveInStart(IntPtr hWaveIn);
        [DllImport("winmm.dll")] public static extern int waveInStop(IntPtr hWaveIn);
        [DllImport("winmm.dll")] public static extern int waveInReset(IntPtr hWaveIn);
        [DllImport("winmm.dll")] public static extern int waveInClose(IntPtr hWaveIn);
        [DllImport("winmm.dll")] public static extern int waveInGetPosition(IntPtr hWaveIn, ref MmTime time, int size);
    }

    // ---- mixer (all Pack = 1, CharSet.Ansi, as NAudio declares them) ----
    static class MixerFlags
    {
        public const int Mixer = 0, WaveOut = 0x10000000, WaveIn = 0x20000000, HMixer = unchecked((int)0x80000000);
        public const int GetLineInfoDestination = 0, GetLineInfoSource = 1, GetLineInfoComponentType = 3;
        public const int GetLineControlsAll = 0, GetLineControlsOneById = 1, GetLineControlsOneByType = 2;
        public const int GetControlDetailsValue = 0, SetControlDetailsValue = 0;
        public const int ControlTypeVolume = 0x50030001, ControlTypeMute = 0x20010002;
    }

    [StructLayout(LayoutKind.Sequential, Pack = 1, CharSet = CharSet.Ansi)]
    struct MixerCaps
    {
        public short manufacturerId;
        public short productId;
        public int driverVersion;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 32)] public string productName;
        public int support;
        public int destinations;
    }

    [StructLayout(LayoutKind.Sequential, Pack = 1, CharSet = CharSet.Ansi)]
    struct MixerLine
    {
        public int cbStruct;
        public int dwDestination;
        public int dwSource;
        public int dwLineID;
        public int fdwLine;
        public IntPtr dwUser;
        public int dwComponentType;
        public int cChannels;
        public int cConnections;
        public int cControls;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 16)] public string szShortName;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 64)] public string szName;
        public int dwType;
        public int dwDeviceID;
        public short wMid;
        public short wPid;
        public int vDriverVersion;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 32)] public string szPname;
    }

    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    struct MixerLineControls
    {
        public int cbStruct;
        public int dwLineID;
        public int dwControlID; // also dwControlType
        public int cControls;
        public int cbmxctrl;
        public IntPtr pamxctrl;
    }

    [StructLayout(LayoutKind.Sequential, Pack = 1, CharSet = CharSet.Ansi)]
    struct MixerControl
    {
        public int cbStruct;
        public int dwControlID;
        public int dwControlType;
        public int fdwControl;
        public int cMultipleItems;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 16)] public string szShortName;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 64)] public string szName;
        public int minimum, maximum, bounds2, bounds3, bounds4, bounds5;
        public int steps, metrics1, metrics2, metrics3, metrics4, metrics5;
    }

    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    struct MixerControlDetails
    {
        public int cbStruct;
        public int dwControlID;
        public int cChannels;
        public IntPtr hwndOwner; // also cMultipleItems
        public int cbDetails;
        public IntPtr paDetails;
    }

    static class MixerInterop
    {
        [DllImport("winmm.dll", CharSet = CharSet.Ansi)] public static extern int mixerGetNumDevs();
        [DllImport("winmm.dll", CharSet = CharSet.Ansi)]
        public static extern int mixerOpen(out IntPtr hMixer, int mixerId, IntPtr callback, IntPtr instance, int flags);
        [DllImport("winmm.dll", CharSet = CharSet.Ansi)] public static extern int mixerClose(IntPtr hMixer);
        [DllImport("winmm.dll", CharSet = CharSet.Ansi)]
        public static extern int mixerGetDevCaps(IntPtr mixerId, ref MixerCaps caps, int size);
        [DllImport("winmm.dll", CharSet = CharSet.Ansi)]
        public static extern int mixerGetID(IntPtr hMixerObject, out int mixerId, int flags);
        [DllImport("winmm.dll", CharSet = CharSet.Ansi)]
        public static extern int mixerGetLineInfo(IntPtr hMixerObject, ref MixerLine line, int flags);
        [DllImport("winmm.dll", CharSet = CharSet.Ansi)]
        public static extern int mixerGetLineControls(IntPtr hMixerObject, ref MixerLineControls controls, int flags);
        [DllImport("winmm.dll", CharSet = CharSet.Ansi)]
        public static extern int mixerGetControlDetails(IntPtr hMixerObject, ref MixerControlDetails details, int flags);
        [DllImport("winmm.dll", CharSet = CharSet.Ansi)]
        public static extern int mixerSetControlDetails(IntPtr hMixerObject, ref MixerControlDetails details, int flags);
    }
}
