// TestDriver.cs - what the wave test driver (tests/devices/wave_test_driver.h) played, read back
// through its own exports. run_mono_tests.sh links the driver into the library folder as
// libwavetestdriver.so and names that same file in the drivers file, so this P/Invoke reaches
// the very object winmm loaded.
using System;
using System.Runtime.InteropServices;

namespace PortacmTests
{
    static class TestDriver
    {
        [DllImport("wavetestdriver")]
        static extern UIntPtr wave_test_driver_output(uint device, byte[] buffer, UIntPtr capacity);
        [DllImport("wavetestdriver")]
        static extern void wave_test_driver_clear();

        // Everything output device `device` played since the last Clear.
        public static byte[] Played(uint device)
        {
            int size = (int)wave_test_driver_output(device, null, UIntPtr.Zero);
            var bytes = new byte[size];
            wave_test_driver_output(device, bytes, (UIntPtr)size);
            return bytes;
        }

        public static void Clear()
        {
            wave_test_driver_clear();
        }

        // The driver's input signal: 16-bit sample of frame n, channel c = (short)(n * 3 + c * 1000).
        public static short InputSample(long frame, int channel)
        {
            return unchecked((short)(frame * 3 + channel * 1000));
        }
    }
}
