using Gatehouse.Audit.Merkle;

namespace Gatehouse.Audit.Storage;

/// <summary>
/// Where the log lives: records, full-subtree hashes, checkpoints, encrypted payloads and subject keys. SQLite is the
/// embedded default; the seam exists so PostgreSQL can back several gateway replicas later (one writer holding an
/// advisory lock, the same tables). Writes come only from the log's single writer loop, through batches.
/// </summary>
internal interface IAuditStore : IDisposable
{
    /// <summary>The number of leaves in the stored tree.</summary>
    long TreeSize();

    /// <summary>A read-only view pinned to one consistent snapshot, so a long read (verification) sees no concurrent appends.</summary>
    IAuditStore OpenSnapshot();

    /// <summary>Starts one durable transaction; <see cref="IAuditBatch.Commit"/> returns only once it is on disk.</summary>
    IAuditBatch BeginBatch();

    /// <summary>A reader of stored full-subtree hashes for roots and proofs; dispose it when done.</summary>
    IMerkleNodeReader OpenNodeReader();

    /// <summary>Stored checkpoints, oldest first.</summary>
    IEnumerable<StoredCheckpoint> Checkpoints();

    /// <summary>The checkpoint with the largest size, if any.</summary>
    StoredCheckpoint? LatestCheckpoint();

    /// <summary>One ordered pass over every record and stored tree node, for verification; dispose it when done.</summary>
    IVerificationScan OpenVerificationScan();

    /// <summary>One record's leaf bytes, or null when there is no row at that index.</summary>
    byte[]? ReadLeaf(long index);

    /// <summary>Records matching <paramref name="query"/> in index order.</summary>
    IEnumerable<StoredRecord> Query(Query.AuditQuery query);

    /// <summary>The stored encrypted payload of a record, or null.</summary>
    byte[]? ReadPayload(long index);

    /// <summary>All stored payloads (index and blob), for verification.</summary>
    IEnumerable<(long Index, byte[] Blob)> Payloads();

    /// <summary>A subject key by id: the key, or null once destroyed. Throws when no such key ever existed.</summary>
    SubjectKey ReadSubjectKey(long keyId);
}

/// <summary>The write side of one transaction.</summary>
internal interface IAuditBatch : IDisposable
{
    /// <summary>
    /// Whether anyone else (another process's CLI verb, say) committed to the store since this store's previous batch;
    /// true for the first batch. Cheap, so the writer asks on every batch instead of re-reading the tree size.
    /// </summary>
    bool OthersCommitted();

    /// <summary>The number of leaves in the stored tree, as this transaction sees it.</summary>
    long TreeSize();

    /// <summary>Adds a record row.</summary>
    void InsertRecord(long index, byte[] leaf, Records.AuditRecord record);

    /// <summary>Adds a full-subtree hash.</summary>
    void InsertNode(int level, long index, byte[] hash);

    /// <summary>Adds an encrypted payload.</summary>
    void InsertPayload(long index, long keyId, byte[] blob);

    /// <summary>The live key for (subject, tenant, day), created if needed.</summary>
    SubjectKey GetOrCreateSubjectKey(string subjectHash, string tenant, long epochDay);

    /// <summary>Destroys every key of a subject; returns how many live keys were destroyed and how many existed at all.</summary>
    (int Destroyed, int Known) EraseSubject(string subjectHash, DateTimeOffset now);

    /// <summary>Destroys a tenant's live keys for days before <paramref name="firstKeptDay"/>; returns how many.</summary>
    int DestroyKeysBefore(string tenant, long firstKeptDay, DateTimeOffset now);

    /// <summary>The tenants that have live payload keys.</summary>
    IReadOnlyList<string> TenantsWithLiveKeys();

    /// <summary>Adds a signed checkpoint.</summary>
    void InsertCheckpoint(long size, string note, DateTimeOffset time);

    /// <summary>Commits durably (fsync).</summary>
    void Commit();
}

/// <summary>
/// What a proof reads (stored full-subtree hashes, one leaf, the latest checkpoint), through one open connection with
/// prepared statements, so that a pooled reader serves many proofs without reopening or re-preparing anything.
/// </summary>
internal interface IMerkleNodeReader : IMerkleNodeSource, IDisposable
{
    /// <summary>One record's leaf bytes, or null when there is no row at that index.</summary>
    byte[]? ReadLeaf(long index);

    /// <summary>The checkpoint with the largest size, if any.</summary>
    StoredCheckpoint? LatestCheckpoint();

    /// <summary>Several stored nodes in one read; nodes that are not stored are absent from the result.</summary>
    IReadOnlyDictionary<(int Level, long Index), byte[]> GetNodes(IReadOnlyCollection<(int Level, long Index)> nodes);
}

/// <summary>A stored checkpoint row.</summary>
/// <param name="Size">The size column.</param>
/// <param name="Note">The signed note.</param>
internal sealed record StoredCheckpoint(long Size, string Note);

/// <summary>A stored record row.</summary>
/// <param name="Index">The row's index column.</param>
/// <param name="Leaf">The leaf bytes.</param>
internal sealed record StoredRecord(long Index, byte[] Leaf);

/// <summary>A data-subject key; <paramref name="Key"/> is null once destroyed.</summary>
/// <param name="Id">Row id, referenced from leaves.</param>
/// <param name="Key">The AES-256 key, or null when erased or expired.</param>
internal sealed record SubjectKey(long Id, byte[]? Key);
