using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Gatehouse.Governance.Models.Registry;

namespace Gatehouse.Benchmarks;

/// <summary>
/// Streaming SHA-256 of a weight file as the registry does it (1 MiB buffer, async reads) against the framework's
/// one-call <see cref="SHA256.HashDataAsync(Stream, CancellationToken)"/> on the same file. Registration and
/// <c>model verify</c> time is dominated by this.
/// </summary>
[MemoryDiagnoser]
public class WeightHashingBenchmarks
{
    private string path = "";

    /// <summary>File size in MiB.</summary>
    [Params(256)]
    public int SizeMiB { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        path = Path.Combine(Path.GetTempPath(), $"gatehouse-bench-weights-{SizeMiB}.bin");
        var chunk = new byte[1024 * 1024];
        new Random(42).NextBytes(chunk);
        using var stream = File.Create(path);
        for (var i = 0; i < SizeMiB; i++)
            stream.Write(chunk);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(path);

    [Benchmark(Baseline = true)]
    public async Task<byte[]> FrameworkHashData()
    {
        await using var stream = File.OpenRead(path);
        return await SHA256.HashDataAsync(stream);
    }

    [Benchmark]
    public async Task<string> RegistryWeightHasher() => (await WeightHasher.HashFileAsync(path)).Sha256;
}
