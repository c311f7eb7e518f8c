using Gatehouse.Audit.Checkpoints;
using Gatehouse.Audit.Merkle;
using Gatehouse.Audit.Payloads;
using Gatehouse.Audit.Query;
using Gatehouse.Audit.Records;
using Gatehouse.Audit.Storage;
using Gatehouse.Audit.Verification;
using Gatehouse.Audit.Writing;

namespace Gatehouse.Audit;

/// <summary>
/// The tamper-evident audit log of one data directory: <c>audit.db</c> (SQLite, WAL), <c>audit-signing.key</c>
/// (Ed25519 checkpoint key) and <c>audit-secret.key</c> (HMAC key for commitments). Appends are group-committed and
/// acknowledged only once durable; checkpoints are signed periodically, on demand and on close. Thread-safe.
/// </summary>
public sealed class AuditLog : IAsyncDisposable
{
    /// <summary>The database file name inside the data directory.</summary>
    public const string DatabaseFile = "audit.db";

    private readonly IAuditStore _store;
    private readonly NoteSigner _signer;
    private readonly Commitments _commitments;
    private readonly AuditWriter? _writer;
    private readonly System.Collections.Concurrent.ConcurrentBag<IMerkleNodeReader> _nodeReaders = [];
    private readonly StableNodeCache _upperNodes = new();

    private AuditLog(string dataDirectory, IAuditStore store, NoteSigner signer, Commitments commitments, AuditOptions options)
    {
        DataDirectory = dataDirectory;
        Options = options;
        _store = store;
        _signer = signer;
        _commitments = commitments;
        _writer = options.ReadOnly ? null : new AuditWriter(store, signer, commitments, options);
    }

    /// <summary>The data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>The options the log was opened with.</summary>
    public AuditOptions Options { get; }

    /// <summary>The verifier key of this log (<c>name+hash+base64</c> via ToString), for auditors and witnesses.</summary>
    public NoteVerifierKey PublicKey => _signer.Verifier;

    /// <summary>The checkpoint origin line (the signing key's name).</summary>
    public string Origin => _signer.Name;

    /// <summary>WAL checkpoints the store has completed in the background (diagnostics and tests).</summary>
    internal int BackgroundCheckpoints => (_store as SqliteAuditStore)?.BackgroundCheckpoints ?? 0;

    /// <summary>The number of durably committed records.</summary>
    public long Size => _writer?.CommittedSize ?? _store.TreeSize();

    /// <summary>
    /// Opens the log in <paramref name="dataDirectory"/>, creating the directory, database and keys on first use.
    /// </summary>
    /// <exception cref="AuditStoreException">The database or a key file is corrupt or unreadable.</exception>
    public static AuditLog Open(string dataDirectory, AuditOptions? options = null)
    {
        options ??= new AuditOptions();
        var database = Path.Combine(dataDirectory, DatabaseFile);
        if (options.ReadOnly && !File.Exists(database))
            throw new AuditStoreException($"there is no audit log in {dataDirectory} ({DatabaseFile} not found)");
        Directory.CreateDirectory(dataDirectory);
        var signer = KeyFiles.LoadOrCreateSigner(dataDirectory, options.Origin, create: !options.ReadOnly);
        var secret = KeyFiles.LoadOrCreateSecret(dataDirectory, create: !options.ReadOnly);
        var store = SqliteAuditStore.Open(database, options.ReadOnly);
        try
        {
            return new AuditLog(dataDirectory, store, signer, new Commitments(secret), options);
        }
        catch
        {
            store.Dispose();
            signer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Appends a record and returns its leaf index once it is durably committed. With a payload, the log fills the
    /// record's input/output commitments and, if <see cref="AuditPayload.Retain"/> is set, stores the text encrypted
    /// under the data subject's key.
    /// </summary>
    public async ValueTask<long> AppendAsync(AuditRecord record, AuditPayload? payload = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        // Cancellation only stops waiting: once queued, the record is committed regardless.
        // Commitments and record JSON are computed here, on the caller's thread, so the single writer only frames and inserts.
        var prepared = PreparedRecord.Create(record, payload, _commitments);
        return await Writer.Enqueue(context => context.Append(prepared, payload)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Signs a checkpoint of everything committed so far (unless one exists for this size) and returns it. An empty
    /// log gets a checkpoint of size 0 with the empty root, as tlog-checkpoint allows.
    /// </summary>
    /// <exception cref="AuditOperationException">No checkpoint could be stored.</exception>
    public async Task<string> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        await Writer.Enqueue(AuditWriter.RequestCheckpoint).WaitAsync(cancellationToken).ConfigureAwait(false);
        return LatestCheckpoint() ?? throw new AuditOperationException("no checkpoint could be stored");
    }

    /// <summary>The newest stored signed checkpoint, or null before the first one.</summary>
    public string? LatestCheckpoint() => _store.LatestCheckpoint()?.Note;

    /// <summary>The RFC 6962 root of the first <paramref name="size"/> records, from stored hashes in O(log n).</summary>
    public byte[] Root(long size)
    {
        RequireWithinTree(size, "tree size");
        return WithNodeReader(nodes => PrefetchedNodes.Run(_upperNodes, nodes.GetNodes, tree => MerkleProofs.Root(tree, size)));
    }

    /// <summary>An inclusion proof for record <paramref name="index"/> against the latest signed checkpoint.</summary>
    /// <exception cref="AuditOperationException">No checkpoint yet, or the index is beyond it.</exception>
    public InclusionProof ProveInclusion(long index) => WithNodeReader(nodes =>
    {
        var latest = nodes.LatestCheckpoint() ?? throw new AuditOperationException("the log has no signed checkpoint yet");
        if (index < 0 || index >= latest.Size)
            throw new AuditOperationException($"index {index} is beyond the latest checkpoint (size {latest.Size}); valid indices are 0..{latest.Size - 1}");
        var leaf = nodes.ReadLeaf(index) ?? throw new AuditOperationException($"record {index} is missing from the store; run verify");
        var path = PrefetchedNodes.Run(_upperNodes, nodes.GetNodes, tree => MerkleProofs.InclusionProof(tree, index, latest.Size));
        return new InclusionProof(index, latest.Size, Convert.ToBase64String(leaf), Convert.ToBase64String(Rfc6962.LeafHash(leaf)),
            path.ConvertAll(Convert.ToBase64String), latest.Note);
    });

    /// <summary>A consistency proof between two tree sizes (0 &lt; size1 ≤ size2 ≤ committed size).</summary>
    public IReadOnlyList<byte[]> ProveConsistency(long size1, long size2)
    {
        RequireWithinTree(size2, "tree size");
        if (size1 <= 0 || size1 > size2)
            throw new AuditOperationException($"no consistency proof from size {size1} to size {size2}");
        return WithNodeReader(nodes => PrefetchedNodes.Run(_upperNodes, nodes.GetNodes, tree => MerkleProofs.ConsistencyProof(tree, size1, size2)));
    }

    /// <summary>
    /// Recomputes the whole tree from the stored records and checks it against the stored hashes, every stored
    /// checkpoint, and the optional witness checkpoint (a signed note saved elsewhere earlier).
    /// </summary>
    public AuditVerificationReport Verify(string? witnessCheckpoint = null) => Verify(witnessCheckpoint, AuditVerifier.DefaultBatchSize);

    /// <summary><see cref="Verify(string?)"/> reading <paramref name="batchSize"/> records at a time (tests use tiny batches to cross their boundaries).</summary>
    internal AuditVerificationReport Verify(string? witnessCheckpoint, int batchSize)
    {
        // One snapshot for the whole pass: appends committed meanwhile are neither half-seen nor reported as damage.
        using var snapshot = _store.OpenSnapshot();
        return new AuditVerifier(snapshot, PublicKey, Origin).Verify(witnessCheckpoint, batchSize);
    }

    /// <summary>One page of records matching <paramref name="query"/>. The read is itself recorded as an admin action by <paramref name="actor"/>.</summary>
    public async Task<AuditPage> QueryAsync(AuditQuery query, string actor, CancellationToken cancellationToken = default)
    {
        await RecordReadAsync("audit.query", actor, query, cancellationToken).ConfigureAwait(false);
        var entries = _store.Query(query).Select(ToEntry).ToList();
        var next = query.Limit is { } limit && entries.Count == limit && limit > 0 ? entries[^1].Index.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return new AuditPage(entries, next);
    }

    /// <summary>Streams every record matching <paramref name="filter"/> (no limit), after recording the export as an admin action.</summary>
    public async Task<IEnumerable<AuditEntry>> ExportAsync(AuditQuery? filter, string actor, CancellationToken cancellationToken = default)
    {
        var query = (filter ?? new AuditQuery()) with { Limit = null };
        await RecordReadAsync("audit.export", actor, query, cancellationToken).ConfigureAwait(false);
        return _store.Query(query).Select(ToEntry);
    }

    /// <summary>The exact committed leaf bytes of record <paramref name="index"/>.</summary>
    /// <exception cref="AuditOperationException">There is no such record.</exception>
    public byte[] ExportLeaf(long index) => _store.ReadLeaf(index) ?? throw new AuditOperationException($"there is no record {index}");

    /// <summary>Record <paramref name="index"/> decoded, without recording a read (for the gateway's own lookups and tests).</summary>
    /// <exception cref="AuditOperationException">There is no such record.</exception>
    public AuditEntry ExportEntry(long index) => ToEntry(new StoredRecord(index, ExportLeaf(index)));

    /// <summary>Decrypts a record's retained payload, or reports that none was kept or that it was erased.</summary>
    public PayloadResult ReadPayload(long index)
    {
        var leaf = _store.ReadLeaf(index) ?? throw new AuditOperationException($"there is no record {index}");
        if (LeafCodec.Decode(leaf).Payload is not { } reference)
            return new PayloadResult(PayloadStatus.NotStored);
        var key = _store.ReadSubjectKey(reference.KeyId);
        if (key.Key is null)
            return new PayloadResult(PayloadStatus.Erased);
        var blob = _store.ReadPayload(index) ?? throw new AuditOperationException($"the payload of record {index} is missing; run verify");
        var json = System.Text.Json.JsonDocument.Parse(PayloadCipher.Decrypt(key.Key, index, blob)).RootElement;
        return new PayloadResult(PayloadStatus.Available, json.GetProperty("input").GetString(), json.GetProperty("output").GetString());
    }

    /// <summary>
    /// Erases a data subject (GDPR Art. 17): destroys every payload key of <paramref name="subjectId"/> and appends an
    /// <c>audit.erase</c> admin record naming the subject only by keyed hash. Returns that record's index.
    /// </summary>
    /// <exception cref="AuditOperationException">No payload was ever stored for this subject.</exception>
    public Task<long> EraseSubjectAsync(string subjectId, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        var subjectHash = _commitments.Subject(subjectId);
        return Writer.Enqueue(context =>
        {
            var (destroyed, known) = context.Batch.EraseSubject(subjectHash, context.Now);
            if (known == 0)
                throw new AuditOperationException("unknown subject: no payload was ever stored for it");
            return context.AppendAdmin("audit.erase", actor, "subject:" + subjectHash,
                new Dictionary<string, string> { ["keysDestroyed"] = destroyed.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Destroys payload keys older than each tenant's payload retention and, if any were destroyed, records an
    /// <c>audit.retention</c> admin action. Returns the number of keys destroyed.
    /// </summary>
    public async Task<int> ApplyRetentionAsync(CancellationToken cancellationToken = default)
    {
        var destroyed = 0;
        await Writer.Enqueue(context =>
        {
            foreach (var tenant in context.Batch.TenantsWithLiveKeys())
            {
                var keepFrom = context.Now - Options.RetentionFor(tenant).Payloads;
                destroyed += context.Batch.DestroyKeysBefore(tenant, keepFrom.ToUnixTimeSeconds() / 86_400, context.Now);
            }
            return destroyed == 0 ? -1 : context.AppendAdmin("audit.retention", "gatehouse", "payload-keys",
                new Dictionary<string, string> { ["keysDestroyed"] = destroyed.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }).WaitAsync(cancellationToken).ConfigureAwait(false);
        return destroyed;
    }

    /// <summary>Signs a final checkpoint if needed, then closes the store.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
            await _writer.DisposeAsync().ConfigureAwait(false);
        while (_nodeReaders.TryTake(out var reader))
            reader.Dispose();
        _store.Dispose();
        _signer.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="read"/> on a pooled reader: proofs reuse open connections with prepared statements, since
    /// opening one and compiling its statements per proof costs more than the proof. A reader that failed is dropped.
    /// </summary>
    private T WithNodeReader<T>(Func<IMerkleNodeReader, T> read)
    {
        var reader = _nodeReaders.TryTake(out var pooled) ? pooled : _store.OpenNodeReader();
        T result;
        try
        {
            result = read(reader);
        }
        catch (Exception e) when (e is not AuditOperationException and not ArgumentException and not KeyNotFoundException)
        {
            reader.Dispose();
            throw;
        }
        _nodeReaders.Add(reader);
        return result;
    }

    private AuditWriter Writer => _writer ?? throw new InvalidOperationException("the audit log was opened read-only");

    private Task<long> RecordReadAsync(string action, string actor, AuditQuery query, CancellationToken cancellationToken)
    {
        var details = new Dictionary<string, string>();
        void Add(string name, object? value)
        {
            if (value is not null)
                details[name] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
        }
        Add("principal", query.Principal);
        Add("tenant", query.Tenant);
        Add("model", query.Model);
        Add("decision", query.Decision);
        Add("since", query.Since?.ToString("O"));
        Add("until", query.Until?.ToString("O"));
        Add("limit", query.Limit);
        Add("cursor", query.Cursor);
        return Writer.Enqueue(context => context.AppendAdmin(action, actor, "audit-log", details)).WaitAsync(cancellationToken);
    }

    private static AuditEntry ToEntry(StoredRecord stored)
    {
        var decoded = LeafCodec.Decode(stored.Leaf);
        return new AuditEntry(stored.Index, decoded.Record, decoded.Payload is not null, System.Text.Encoding.UTF8.GetString(stored.Leaf));
    }

    private void RequireWithinTree(long size, string what)
    {
        if (size < 0 || size > Size)
            throw new AuditOperationException($"{what} {size} is beyond the log (size {Size})");
    }
}
