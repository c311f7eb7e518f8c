using BenchmarkDotNet.Running;

// Every benchmark class in this assembly is selectable: `dotnet run -c Release --project bench/Gatehouse.Benchmarks -- --filter '*Detection*'`.
if (args is ["--profile-detectors"])
{
    Gatehouse.Benchmarks.DetectorProfile.Run(Console.Out);
    return 0;
}
if (args is ["--compare-engines", var oldBuild])
    return Gatehouse.Benchmarks.EngineComparison.Run(oldBuild, Console.Out);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
