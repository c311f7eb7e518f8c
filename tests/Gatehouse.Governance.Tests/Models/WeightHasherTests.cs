using System.Security.Cryptography;
using Gatehouse.Governance.Models.Registry;

namespace Gatehouse.Governance.Tests.Models;

public class WeightHasherTests
{
    [Fact]
    public async Task A_large_file_is_hashed_in_a_stream_with_progress_up_to_its_length()
    {
        using var workspace = new ModelWorkspace();
        var path = Path.Combine(workspace.Root, "big.bin");
        // Sparse on most file systems, so the test writes almost nothing yet hashes past the progress threshold.
        using (var stream = new FileStream(path, FileMode.CreateNew))
        {
            stream.SetLength(WeightHasher.ProgressThresholdBytes + 3);
            stream.Position = stream.Length - 1;
            stream.WriteByte(7);
        }
        var reports = new List<HashProgress>();

        var (sha, length) = await WeightHasher.HashFileAsync(path, new SynchronousProgress(reports.Add));

        using (var stream = File.OpenRead(path))
            Assert.Equal(Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)), sha);
        Assert.Equal(WeightHasher.ProgressThresholdBytes + 3, length);
        Assert.InRange(reports.Count, 10, 102);
        Assert.Equal(length, reports[^1].BytesDone);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.BytesDone <= p.Second.BytesDone));
    }

    [Fact]
    public async Task A_small_file_reports_no_progress()
    {
        using var workspace = new ModelWorkspace();
        var reports = new List<HashProgress>();
        await WeightHasher.HashFileAsync(workspace.WriteWeights("s.bin", 1), new SynchronousProgress(reports.Add));
        Assert.Empty(reports);
    }

    private sealed class SynchronousProgress(Action<HashProgress> report) : IProgress<HashProgress>
    {
        public void Report(HashProgress value) => report(value);
    }
}
