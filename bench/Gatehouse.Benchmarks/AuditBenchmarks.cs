using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Gatehouse.Audit;
using Gatehouse.Audit.Records;

namespace Gatehouse.Benchmarks;

/// <summary>
/// Durable appends per second on SQLite (WAL, synchronous=FULL) with 1, 16 and 64 concurrent appenders, group commit
/// against one transaction (one fsync) per record. Each invocation appends <see cref="AppendsPerInvoke"/> records, so
/// BenchmarkDotNet's per-operation time is the time per durable append.
/// </summary>
[Config(typeof(AuditBenchmarkConfig))]
[MemoryDiagnoser]
public class AuditAppendBenchmarks
{
    private const int AppendsPerInvoke = 512;
    private string _directory = "";
    private AuditLog _log = null!;

    /// <summary>Concurrent appenders.</summary>
    [Params(1, 16, 64)]
    public int Appenders { get; set; }

    /// <summary>Group commit (true) or one transaction per record (false).</summary>
    [Params(true, false)]
    public bool GroupCommit { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "gatehouse-bench-audit-" + Guid.NewGuid().ToString("N"));
        _log = AuditLog.Open(_directory, new AuditOptions { MaxBatchSize = GroupCommit ? 4096 : 1 });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = AppendsPerInvoke)]
    public Task Append() => Task.WhenAll(Enumerable.Range(0, Appenders).Select(async worker =>
    {
        for (var i = worker; i < AppendsPerInvoke; i += Appenders)
            await _log.AppendAsync(AuditBenchmarkData.Record(i));
    }));
}

/// <summary>Root, inclusion proof and full verification on a 100,000-record log.</summary>
[Config(typeof(AuditBenchmarkConfig))]
public class AuditProofBenchmarks
{
    private const int Records = 100_000;
    private string _directory = "";
    private AuditLog _log = null!;
    private long _next;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "gatehouse-bench-proof-" + Guid.NewGuid().ToString("N"));
        _log = AuditLog.Open(_directory);
        Task.WhenAll(Enumerable.Range(0, 256).Select(async worker =>
        {
            for (var i = worker; i < Records; i += 256)
                await _log.AppendAsync(AuditBenchmarkData.Record(i));
        })).GetAwaiter().GetResult();
        _log.CheckpointAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The root of an odd-sized prefix, from O(log n) stored nodes.</summary>
    [Benchmark]
    public byte[] Root() => _log.Root(Records - 7);

    /// <summary>An inclusion proof against the latest checkpoint (reads checkpoint, leaf and O(log n) nodes).</summary>
    [Benchmark]
    public InclusionProof Proof() => _log.ProveInclusion(_next = (_next + 7919) % Records);

    /// <summary>Recompute and check the whole 100,000-record tree.</summary>
    [Benchmark]
    public bool Verify() => _log.Verify().Ok;
}

/// <summary>
/// Full verification of a 1,000,000-record log (the target: under 5 s). The log is built once, outside the
/// measured part, into a fixed temp directory that later runs reuse (building it takes minutes on a loaded machine);
/// a directory holding anything other than exactly that log is rebuilt.
/// </summary>
[Config(typeof(LongAuditBenchmarkConfig))]
public class AuditVerifyMillionBenchmarks
{
    private const int Records = 1_000_000;
    private static readonly string LogDirectory = Path.Combine(Path.GetTempPath(), "gatehouse-bench-verify-1m");
    private AuditLog _log = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (!IsComplete())
        {
            if (Directory.Exists(LogDirectory))
                Directory.Delete(LogDirectory, recursive: true);
            var writer = AuditLog.Open(LogDirectory);
            Task.WhenAll(Enumerable.Range(0, 4096).Select(async worker =>
            {
                for (var i = worker; i < Records; i += 4096)
                    await writer.AppendAsync(AuditBenchmarkData.Record(i));
            })).GetAwaiter().GetResult();
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        _log = AuditLog.Open(LogDirectory, new AuditOptions { ReadOnly = true });
    }

    [GlobalCleanup]
    public void Cleanup() => _log.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Recompute and check the whole 1,000,000-record tree and its checkpoints.</summary>
    [Benchmark]
    public bool VerifyMillion()
    {
        var report = _log.Verify();
        return report.Ok ? true : throw new InvalidOperationException("the benchmark log does not verify: " + report.Problems[0].Message);
    }

    private static bool IsComplete()
    {
        if (!File.Exists(Path.Combine(LogDirectory, AuditLog.DatabaseFile)))
            return false;
        try
        {
            var log = AuditLog.Open(LogDirectory, new AuditOptions { ReadOnly = true });
            using var _ = new DisposeSync(log);
            return log.Size == Records && log.LatestCheckpoint() is not null;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private sealed class DisposeSync(AuditLog log) : IDisposable
    {
        public void Dispose() => log.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

/// <summary>
/// A short in-process job: on the shared 2-core build machine, BenchmarkDotNet's generated out-of-process project
/// did not build within its 120 s timeout, and durable appends are dominated by fsync, not by JIT or GC tiering.
/// </summary>
public sealed class AuditBenchmarkConfig : ManualConfig
{
    public AuditBenchmarkConfig() =>
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5));
}

/// <summary>
/// <see cref="AuditBenchmarkConfig"/> with a 30-minute limit: the in-process toolchain's default limit stopped the
/// million-record verification (log build plus seven passes of about 25 s each on the loaded machine) midway.
/// </summary>
public sealed class LongAuditBenchmarkConfig : ManualConfig
{
    public LongAuditBenchmarkConfig() =>
        AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true)).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5));
}

internal static class AuditBenchmarkData
{
    public static InteractionRecord Record(int i) => new()
    {
        Time = DateTimeOffset.UnixEpoch.AddSeconds(1_800_000_000 + i),
        EndTime = DateTimeOffset.UnixEpoch.AddSeconds(1_800_000_000 + i).AddMilliseconds(180),
        RequestId = "req-" + i,
        Principal = "user-" + (i % 50),
        Tenant = "acme",
        ClientAddress = "10.1.2.3",
        Endpoint = "/v1/chat/completions",
        ModelAlias = "phi-4-mini",
        ModelVersion = "1.2.0",
        Upstream = "http://127.0.0.1:8081",
        PolicyRevision = "rev-7",
        Decision = "allow",
        Findings = [new AuditFinding("email", 1, ["messages[0].content"])],
        PromptTokens = 120,
        CompletionTokens = 300,
        LatencyMs = 180,
        Status = 200,
        InputCommitment = new string('a', 64),
        OutputCommitment = new string('b', 64),
    };
}
