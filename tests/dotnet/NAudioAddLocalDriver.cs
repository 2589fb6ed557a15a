// NAudioAddLocalDriver.cs - NAudio's AcmDriver.AddLocalDriver on Mono as a program's first call
// (interop/AcmLocalDriver.cs), with the test suite's third-party ACM driver
// (PORTACM_TEST_ACM_DRIVER, a path). Mono's own configuration maps kernel32.dll to the runtime
// and portacm is not loaded yet, so this program ships NAudioAddLocalDriver.exe.config with a
// <dllmap> to libkernel32.dll.so (docs/dotnet.md, "kernel32 and AcmDriver.AddLocalDriver").
using System;
using PortacmTests;

static class NAudioAddLocalDriver
{
    static int Main()
    {
        return AcmLocalDriver.AddUseRemove(Environment.GetEnvironmentVariable("PORTACM_TEST_ACM_DRIVER"));
    }
}
