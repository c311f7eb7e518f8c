using BenchmarkDotNet.Running;

// Every benchmark class in this assembly is selectable: `dotnet run -c Release --project bench/Gatehouse.Benchmarks -- --filter '*Detection*'`.
if (args is ["--profile-detectors"])
{
    Gatehouse.Benchmarks.DetectorProfile.Run(Console.Out);
    return 0;
}
if (args is ["--compare-engines", var oldBuild])
    return Gatehouse.Benchmarks.EngineComparison.Run(oldBuild, Console.Out);
if (args is ["--policy-cpu", ..] && (args.Length == 1 || int.TryParse(args[1], out _)))
{
    Gatehouse.Benchmarks.PolicyCpuHarness.Run(Console.Out, args.Length > 1 ? int.Parse(args[1]) : 20_000, args.Length > 2 ? args[2] : "");
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
