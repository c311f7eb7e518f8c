namespace Gatehouse.Audit.Storage;

/// <summary>
/// One ordered pass over the whole log for verification: record rows by index, and the stored hashes of each tree
/// level by index, each read through one statement kept open for the pass and copied straight into the caller's
/// buffers (no object per row). Used from one thread at a time.
/// </summary>
internal interface IVerificationScan : IDisposable
{
    /// <summary>The highest stored tree level (-1 when no node is stored).</summary>
    int MaxLevel { get; }

    /// <summary>The size the stored tree claims: its highest stored leaf index + 1 (0 when none).</summary>
    long StoredTreeSize { get; }

    /// <summary>Copies up to <paramref name="max"/> next record rows into <paramref name="sink"/>; returns how many (0 at the end).</summary>
    int ReadRecords(IRecordSink sink, int max);

    /// <summary>Copies the next stored nodes of <paramref name="level"/> whose index is below <paramref name="below"/> into <paramref name="sink"/>.</summary>
    void ReadNodes(int level, long below, INodeSink sink);
}

/// <summary>Receives record rows from a <see cref="IVerificationScan"/>.</summary>
internal interface IRecordSink
{
    /// <summary>Room for the <paramref name="length"/> leaf bytes of record <paramref name="index"/>; the scan copies them in.</summary>
    Span<byte> AddLeaf(long index, int length);
}

/// <summary>Receives stored tree nodes from a <see cref="IVerificationScan"/>.</summary>
internal interface INodeSink
{
    /// <summary>Adds the stored node at <paramref name="index"/> (its hash as stored, whatever its length).</summary>
    void AddNode(long index, ReadOnlySpan<byte> hash);
}
