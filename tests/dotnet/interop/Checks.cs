// Checks.cs - one line per check ("ok   ..." or "FAIL ..."); the exit code says whether all passed.
using System;

namespace PortacmTests
{
    static class Checks
    {
        static int failures;

        public static bool Check(bool ok, string what)
        {
            Console.WriteLine((ok ? "ok   " : "FAIL ") + what);
            if (!ok)
                failures++;
            return ok;
        }

        public static bool Equal(long expected, long actual, string what)
        {
            return Check(expected == actual, what + " (expected " + expected + ", got " + actual + ")");
        }

        public static int Finish()
        {
            Console.WriteLine(failures == 0 ? "all passed" : failures + " failed");
            return failures == 0 ? 0 : 1;
        }
    }
}
