using System.Text.Json;
using Gatehouse.Audit.Merkle;
using Gatehouse.Audit.Payloads;
using Gatehouse.Audit.Records;
using Gatehouse.Audit.Storage;

namespace Gatehouse.Audit.Writing;

/// <summary>What a <see cref="WriteOperation"/> may do inside the current transaction.</summary>
internal sealed class BatchContext(IAuditBatch batch, MerkleFrontier frontier, Commitments commitments, DateTimeOffset now)
{
    public IAuditBatch Batch { get; } = batch;

    public MerkleFrontier Frontier { get; } = frontier;

    public Commitments Commitments { get; } = commitments;

    public DateTimeOffset Now { get; } = now;

    /// <summary>Set by an operation that wants a checkpoint signed at the end of this batch.</summary>
    public bool CheckpointRequested { get; set; }

    /// <summary>Appends a record (with its commitments and optional encrypted payload) and returns its index.</summary>
    public long Append(AuditRecord record, AuditPayload? payload) => Append(PreparedRecord.Create(record, payload, Commitments), payload);

    /// <summary>Appends a record prepared off the writer thread and returns its index.</summary>
    public long Append(PreparedRecord prepared, AuditPayload? payload)
    {
        var index = Frontier.Size;
        var record = prepared.Record;
        PayloadReference? reference = null;
        byte[]? blob = null;
        if (payload is { Retain: true })
        {
            var subject = payload.SubjectId ?? record.Principal
                ?? throw new AuditOperationException("a retained payload needs a subject id or a principal");
            var key = Batch.GetOrCreateSubjectKey(Commitments.Subject(subject), record.Tenant ?? "", Now.ToUnixTimeSeconds() / 86_400);
            var plaintext = JsonSerializer.SerializeToUtf8Bytes(new { input = payload.Input, output = payload.Output });
            blob = PayloadCipher.Encrypt(key.Key!, index, plaintext);
            reference = new PayloadReference(key.Id, PayloadCipher.Hash(blob));
        }
        var leaf = LeafCodec.Encode(index, prepared.Json, reference);
        Batch.InsertRecord(index, leaf, record);
        if (blob is not null)
            Batch.InsertPayload(index, reference!.KeyId, blob);
        Frontier.Append(Rfc6962.LeafHash(leaf), Batch.InsertNode);
        return index;
    }

    /// <summary>Appends an administrative record by the given actor.</summary>
    public long AppendAdmin(string action, string actor, string? target, IReadOnlyDictionary<string, string>? details = null) =>
        Append(new AdminRecord { Time = Now, Principal = actor, Action = action, Target = target, Details = details ?? new Dictionary<string, string>() }, null);
}
