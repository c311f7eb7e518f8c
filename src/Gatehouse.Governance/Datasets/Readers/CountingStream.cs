namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>Passes reads through and reports how many bytes came from disk, for progress and throughput.</summary>
internal sealed class CountingStream(Stream inner, Action<int> onRead) : ReadOnlyStream(inner)
{
    public override int Read(Span<byte> buffer)
    {
        var n = Inner.Read(buffer);
        if (n > 0)
            onRead(n);
        return n;
    }
}
