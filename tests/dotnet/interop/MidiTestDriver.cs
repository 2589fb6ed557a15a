// MidiTestDriver.cs - the MIDI test driver (tests/midi/midi_test_driver.h) through its own
// exports: what its output devices received, and input fed to its input devices.
// run_mono_tests.sh --midi-driver links the driver into the library folder as
// libmiditestdriver.so and names that same file in the drivers file, so these P/Invokes reach
// the very object winmm loaded.
using System;
using System.Runtime.InteropServices;

namespace PortacmTests
{
    // midi_test_event: 88 bytes.
    [StructLayout(LayoutKind.Sequential)]
    struct MidiTestEvent
    {
        public ulong ns;     // CLOCK_MONOTONIC
        public uint device;
        public int kind;     // MidiTestDriver.Short, Long, Reset
        public uint message; // a short message as packed
        public uint length;  // a SysEx's length (data holds up to 64 bytes)
        [MarshalAs(UnmanagedType.ByValArray, SizeConst = 64)] public byte[] data;
    }

    static class MidiTestDriver
    {
        public const int Short = 0, Long = 1, Reset = 2;

        [DllImport("miditestdriver")]
        static extern UIntPtr midi_test_driver_events(IntPtr events, UIntPtr capacity);
        [DllImport("miditestdriver")]
        static extern void midi_test_driver_clear();
        [DllImport("miditestdriver")]
        static extern void midi_test_driver_inject(uint device, byte[] bytes, UIntPtr size);

        // Everything the output devices received since the last Clear, in order.
        public static MidiTestEvent[] Events()
        {
            int size = Marshal.SizeOf(typeof(MidiTestEvent));
            int count = (int)midi_test_driver_events(IntPtr.Zero, UIntPtr.Zero);
            IntPtr memory = Marshal.AllocHGlobal(Math.Max(1, count) * size);
            try
            {
                count = Math.Min(count, (int)midi_test_driver_events(memory, (UIntPtr)count));
                var events = new MidiTestEvent[count];
                for (int i = 0; i < count; i++)
                    events[i] = (MidiTestEvent)Marshal.PtrToStructure(memory + i * size, typeof(MidiTestEvent));
                return events;
            }
            finally
            {
                Marshal.FreeHGlobal(memory);
            }
        }

        public static void Clear()
        {
            midi_test_driver_clear();
        }

        // Feeds bytes to input device `device`; its callbacks run on the calling thread.
        public static void Inject(uint device, params byte[] bytes)
        {
            midi_test_driver_inject(device, bytes, (UIntPtr)bytes.Length);
        }
    }
}
