// NAudioEnumThenAddLocalDriver.cs - NAudio's AcmDriver.AddLocalDriver on Mono with NO
// configuration, after the program has called msacm32 first (NAudio's
// AcmDriver.EnumerateAcmDrivers). /etc/mono/config sends kernel32.dll to the runtime's own
// symbols ("__Internal": the process's global symbol table), and Mono loads a P/Invoke library
// with RTLD_GLOBAL, so once portacm is loaded as msacm32.dll its LoadLibraryA, GetProcAddress
// and FreeLibrary are found there. The driver is the test suite's third-party ACM driver
// (PORTACM_TEST_ACM_DRIVER).
using System;
using System.Runtime.InteropServices;
using PortacmTests;

static class NAudioEnumThenAddLocalDriver
{
    delegate bool DriverEnumCallback(IntPtr driverId, IntPtr instance, int support);
    [DllImport("msacm32.dll")] static extern int acmDriverEnum(DriverEnumCallback callback, IntPtr instance, int flags);

    static int Main()
    {
        int drivers = 0;
        DriverEnumCallback count = (id, instance, support) => { drivers++; return true; };
        Checks.Equal(0, acmDriverEnum(count, IntPtr.Zero, 0), "acmDriverEnum first (NAudio's AcmDriver.EnumerateAcmDrivers)");
        Checks.Check(drivers >= 6, "the built-in drivers are listed (" + drivers + ")");
        return AcmLocalDriver.AddUseRemove(Environment.GetEnvironmentVariable("PORTACM_TEST_ACM_DRIVER"));
    }
}
