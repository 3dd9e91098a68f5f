// P/Invoke test assembly: one DllImport per way the CLR binds an entry point, and two that fail.
// Built by testdata/build.sh with Debian's mono-mcs; clrnative.dll comes from clrnative.c.
using System;
using System.Runtime.InteropServices;

public static class PInvokeApp
{
    [DllImport("clrnative.dll")]
    static extern int Exact(int a);

    [DllImport("clrnative.dll", CharSet = CharSet.Ansi)]
    static extern int AnsiOnly(string s);

    [DllImport("clrnative.dll", CharSet = CharSet.Unicode)]
    static extern int WideOnly(string s);

    [DllImport("clrnative.dll", CharSet = CharSet.Auto)]
    static extern int AutoPick(string s);

    [DllImport("clrnative.dll", CharSet = CharSet.Ansi, ExactSpelling = true)]
    static extern int ExactOnly(string s);

    [DllImport("clrnative.dll", CallingConvention = CallingConvention.StdCall, SetLastError = true)]
    static extern int Add(int a, long b, double c, byte d);

    [DllImport("clrnative", EntryPoint = "#7")]
    static extern int Seventh();

    [DllImport("nosuchlib.dll")]
    static extern int FromNowhere(IntPtr p);

    [DllImport("clrnative.dll", EntryPoint = "NotExported", CallingConvention = CallingConvention.Cdecl,
        BestFitMapping = false)]
    static extern void Missing(ref Guid g, DayOfWeek day);

    public static int Main()
    {
        return Exact(1) + AnsiOnly("a") + WideOnly("w") + AutoPick("p") + ExactOnly("e")
            + Add(1, 2, 3.0, 4) + Seventh() + FromNowhere(IntPtr.Zero);
    }

    static void NeverCalled()
    {
        Guid g = Guid.Empty;
        Missing(ref g, DayOfWeek.Monday);
    }
}
