using System.Runtime.InteropServices;

namespace Gatehouse.Benchmarks;

/// <summary>
/// CPU time from Linux's <c>clock_gettime</c>, for the harnesses that compare builds on a shared machine: CPU time
/// leaves out the time the process waits for a core, which wall time does not. NaN elsewhere.
/// </summary>
internal static class CpuClock
{
    private const int ProcessCpuClock = 2; // CLOCK_PROCESS_CPUTIME_ID
    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    /// <summary>CPU time of the calling thread, in microseconds.</summary>
    public static double ThreadMicroseconds() => Read(ThreadCpuClock);

    /// <summary>CPU time of the whole process, in microseconds.</summary>
    public static double ProcessMicroseconds() => Read(ProcessCpuClock);

    /// <summary>The 1, 5 and 15 minute load averages, as /proc/loadavg prints them.</summary>
    public static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "n/a"; }
    }

    private static double Read(int clock) =>
        OperatingSystem.IsLinux() && ClockGetTime(clock, out var t) == 0 ? t.Seconds * 1e6 + t.Nanoseconds / 1e3 : double.NaN;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
