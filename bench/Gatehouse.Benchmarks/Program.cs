using BenchmarkDotNet.Running;

// Every benchmark class in this assembly is selectable: `dotnet run -c Release --project bench/Gatehouse.Benchmarks -- --filter '*Detection*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
