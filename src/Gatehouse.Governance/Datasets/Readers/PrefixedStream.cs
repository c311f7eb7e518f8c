namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>
/// A read-only stream that first returns bytes already read (the sniffed sample) and then the rest of the inner
/// stream, so a non-seekable source (a gzip stream) can be peeked at without reopening it.
/// </summary>
internal sealed class PrefixedStream(byte[] prefix, int prefixLength, Stream inner) : ReadOnlyStream(inner)
{
    private int _prefixPos;

    public override int Read(Span<byte> buffer)
    {
        if (_prefixPos < prefixLength)
        {
            var n = Math.Min(buffer.Length, prefixLength - _prefixPos);
            prefix.AsSpan(_prefixPos, n).CopyTo(buffer);
            _prefixPos += n;
            return n;
        }
        return Inner.Read(buffer);
    }
}
