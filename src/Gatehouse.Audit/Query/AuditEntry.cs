using Gatehouse.Audit.Records;

namespace Gatehouse.Audit.Query;

/// <summary>A record read back from the log with its position and its exact committed bytes.</summary>
/// <param name="Index">The leaf index.</param>
/// <param name="Record">The decoded record.</param>
/// <param name="HasPayload">Whether an encrypted payload was retained for it.</param>
/// <param name="LeafJson">The canonical leaf JSON, exactly as hashed into the tree (one JSONL line on export).</param>
public sealed record AuditEntry(long Index, AuditRecord Record, bool HasPayload, string LeafJson);

/// <summary>One page of query results.</summary>
/// <param name="Entries">The records, in log order.</param>
/// <param name="NextCursor">Pass as <see cref="AuditQuery.Cursor"/> for the next page; null on the last page.</param>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? NextCursor);
