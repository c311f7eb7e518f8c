namespace Gatehouse.Audit;

/// <summary>How an <see cref="AuditLog"/> behaves; the defaults suit a single gateway.</summary>
public sealed record AuditOptions
{
    /// <summary>
    /// The log's origin line and signing key name, used when the key is first created; an existing key keeps its name.
    /// </summary>
    public string Origin { get; init; } = "gatehouse.local/audit";

    /// <summary>
    /// The most appends committed in one transaction (group commit). 1 means one fsync per record, which exists for
    /// benchmarking the difference.
    /// </summary>
    public int MaxBatchSize { get; init; } = 4096;

    /// <summary>Sign a checkpoint after this many new records.</summary>
    public int CheckpointEveryRecords { get; init; } = 10_000;

    /// <summary>Sign a checkpoint this often when there are new records (and on close).</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long payloads and metadata are kept, unless <see cref="TenantRetention"/> says otherwise.</summary>
    public RetentionPolicy DefaultRetention { get; init; } = new(TimeSpan.FromDays(30), TimeSpan.FromDays(6 * 365));

    /// <summary>Retention per tenant.</summary>
    public IReadOnlyDictionary<string, RetentionPolicy> TenantRetention { get; init; } = new Dictionary<string, RetentionPolicy>();

    /// <summary>
    /// Open without a writer: nothing is created, appended or signed. Verification uses this so that inspecting a
    /// possibly tampered log never signs over it.
    /// </summary>
    public bool ReadOnly { get; init; }

    /// <summary>The clock (tests pass a fake one).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The retention that applies to <paramref name="tenant"/>.</summary>
    public RetentionPolicy RetentionFor(string tenant) => TenantRetention.TryGetValue(tenant, out var policy) ? policy : DefaultRetention;
}

/// <summary>
/// Retention per field class. Payload text is destroyed (by destroying its keys) after <see cref="Payloads"/>;
/// records themselves never leave the tree, whose integrity is the point of the log. <see cref="Metadata"/> is the
/// period the operator promises to keep records, reported by the retention job.
/// </summary>
/// <param name="Payloads">How long retained prompt and response text stays readable.</param>
/// <param name="Metadata">How long records are kept.</param>
public sealed record RetentionPolicy(TimeSpan Payloads, TimeSpan Metadata);
