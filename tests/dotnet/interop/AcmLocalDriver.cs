// AcmLocalDriver.cs - NAudio's AcmDriver.AddLocalDriver, shared by the programs that run it:
// LoadLibrary and GetProcAddress through kernel32.dll, then acmDriverAdd(ACM_DRIVERADDF_FUNCTION)
// with the module and its DriverProc; the driver is then listed and opened like any other,
// removed, and the module freed.
using System;
using System.Runtime.InteropServices;

namespace PortacmTests
{
    public static class AcmLocalDriver
    {
        const int ACM_DRIVERADDF_FUNCTION = 3, ACM_DRIVERADDF_LOCAL = 0;

        [DllImport("kernel32.dll")] static extern IntPtr LoadLibrary(string fileName);
        [DllImport("kernel32.dll")] static extern IntPtr GetProcAddress(IntPtr module, string procName);
        [DllImport("kernel32.dll")] static extern bool FreeLibrary(IntPtr module);

        [DllImport("msacm32.dll")]
        static extern int acmDriverAdd(out IntPtr driverId, IntPtr module, IntPtr driverProc, int priority, int flags);
        [DllImport("msacm32.dll")] static extern int acmDriverRemove(IntPtr driverId, int flags);
        [DllImport("msacm32.dll")] static extern int acmDriverOpen(out IntPtr driver, IntPtr driverId, int flags);
        [DllImport("msacm32.dll")] static extern int acmDriverClose(IntPtr driver, int flags);

        delegate bool DriverEnumCallback(IntPtr driverId, IntPtr instance, int support);
        [DllImport("msacm32.dll")] static extern int acmDriverEnum(DriverEnumCallback callback, IntPtr instance, int flags);

        [StructLayout(LayoutKind.Sequential, Pack = 2, CharSet = CharSet.Ansi)]
        struct AcmDriverDetails
        {
            public int cbStruct;
            public int fccType, fccComp;
            public short wMid, wPid;
            public int vdwACM, vdwDriver, fdwSupport, cFormatTags, cFilterTags;
            public IntPtr hicon;
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 32)] public string szShortName;
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 128)] public string szLongName;
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 80)] public string szCopyright;
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 128)] public string szLicensing;
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 512)] public string szFeatures;
        }
        [DllImport("msacm32.dll")] static extern int acmDriverDetails(IntPtr driverId, ref AcmDriverDetails details, int flags);

        static string ShortName(IntPtr driverId)
        {
            var details = new AcmDriverDetails { cbStruct = Marshal.SizeOf(typeof(AcmDriverDetails)) };
            return acmDriverDetails(driverId, ref details, 0) == 0 ? details.szShortName : null;
        }

        // What NAudio's AcmDriver.AddLocalDriver and RemoveLocalDriver do with the driver at `file`,
        // each step checked; returns Checks.Finish()'s exit code.
        public static int AddUseRemove(string file)
        {
            IntPtr module;
            try
            {
                module = LoadLibrary(file);
            }
            catch (EntryPointNotFoundException e)
            {
                Checks.Check(false, "LoadLibrary through kernel32.dll reached portacm (" + e.Message + ")");
                return Checks.Finish();
            }
            if (!Checks.Check(module != IntPtr.Zero, "LoadLibrary(" + file + ") through kernel32.dll"))
                return Checks.Finish();
            IntPtr driverProc = GetProcAddress(module, "DriverProc");
            Checks.Check(driverProc != IntPtr.Zero, "GetProcAddress(module, \"DriverProc\")");
            Checks.Check(GetProcAddress(module, "NoSuchFunction") == IntPtr.Zero, "GetProcAddress of a missing name: NULL");

            IntPtr driverId;
            int added = acmDriverAdd(out driverId, module, driverProc, 0, ACM_DRIVERADDF_FUNCTION | ACM_DRIVERADDF_LOCAL);
            if (!Checks.Equal(0, added, "acmDriverAdd(module, DriverProc, ACM_DRIVERADDF_FUNCTION)"))
                return Checks.Finish();
            Checks.Check(ShortName(driverId) == "Third-party test", "acmDriverDetails of the added driver: \"" + ShortName(driverId) + "\"");
            bool listed = false;
            DriverEnumCallback callback = (id, instance, support) =>
            {
                if (ShortName(id) == "Third-party test")
                    listed = true;
                return true;
            };
            Checks.Equal(0, acmDriverEnum(callback, IntPtr.Zero, 0), "acmDriverEnum (NAudio's AcmDriver.EnumerateAcmDrivers)");
            Checks.Check(listed, "the local driver is listed");
            IntPtr driver;
            Checks.Equal(0, acmDriverOpen(out driver, driverId, 0), "acmDriverOpen of the local driver");
            Checks.Equal(0, acmDriverClose(driver, 0), "acmDriverClose");
            Checks.Equal(0, acmDriverRemove(driverId, 0), "acmDriverRemove (NAudio's AcmDriver.RemoveLocalDriver)");
            Checks.Check(FreeLibrary(module), "FreeLibrary");
            Checks.Check(!FreeLibrary(module), "FreeLibrary again: FALSE");
            return Checks.Finish();
        }
    }
}
