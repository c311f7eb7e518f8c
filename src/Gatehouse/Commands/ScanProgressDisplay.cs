using System.Globalization;
using Gatehouse.Governance.Datasets.Scanning;
using Spectre.Console;

namespace Gatehouse.Cli.Commands;

/// <summary>
/// Shows scan progress while it runs: a Spectre.Console bar with bytes, rows and rate on an interactive terminal;
/// plain periodic lines on stderr in CI (<c>CI</c> set) or when output is redirected, since bars make logs unreadable.
/// </summary>
internal static class ScanProgressDisplay
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(Task scan, ScanCounters counters, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && !Console.IsErrorRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        if (interactive)
            await ShowBarAsync(scan, counters).ConfigureAwait(false);
        else
            await PrintLinesAsync(scan, counters, error, cancellationToken).ConfigureAwait(false);
    }

    private static async Task ShowBarAsync(Task scan, ScanCounters counters)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("scanning", maxValue: Math.Max(1, counters.TotalBytes));
                while (!scan.IsCompleted)
                {
                    Update(task, counters);
                    await Task.WhenAny(scan, Task.Delay(200)).ConfigureAwait(false);
                }
                Update(task, counters);
            }).ConfigureAwait(false);
    }

    private static void Update(ProgressTask task, ScanCounters counters)
    {
        task.Value = counters.Bytes;
        task.Description = string.Create(CultureInfo.InvariantCulture, $"{counters.FilesDone}/{counters.TotalFiles} files, {counters.Rows:N0} rows, {counters.Findings:N0} findings");
    }

    private static async Task PrintLinesAsync(Task scan, ScanCounters counters, TextWriter error, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!scan.IsCompleted)
        {
            await Task.WhenAny(scan, Task.Delay(PlainInterval, cancellationToken)).ConfigureAwait(false);
            if (scan.IsCompleted)
                break;
            var rate = counters.Bytes / 1e6 / Math.Max(clock.Elapsed.TotalSeconds, 1e-6);
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"scan: {counters.Bytes / 1e6:0.0}/{counters.TotalBytes / 1e6:0.0} MB, {counters.Rows:N0} rows, {counters.Findings:N0} findings, {rate:0.0} MB/s, {counters.FilesDone}/{counters.TotalFiles} files")).ConfigureAwait(false);
        }
    }
}
