using Gatehouse.Audit.Payloads;
using Gatehouse.Audit.Records;

namespace Gatehouse.Audit.Writing;

/// <summary>
/// A record made ready for the writer by its appender: commitments filled in and the record JSON encoded. None of
/// that depends on the record's position, so it runs on the appenders' threads in parallel, and the single writer
/// (whose throughput bounds every appender) only frames, hashes and inserts.
/// </summary>
/// <param name="Record">The record as it will be committed (with its input/output commitments).</param>
/// <param name="Json">Its canonical JSON, the <c>record</c> member of the leaf.</param>
internal sealed record PreparedRecord(AuditRecord Record, byte[] Json)
{
    /// <summary>Fills the commitments of <paramref name="payload"/> into <paramref name="record"/> and encodes it.</summary>
    public static PreparedRecord Create(AuditRecord record, AuditPayload? payload, Commitments commitments)
    {
        if (payload is not null && record is InteractionRecord interaction)
        {
            record = interaction with
            {
                InputCommitment = payload.Input is null ? interaction.InputCommitment : commitments.Input(payload.Input),
                OutputCommitment = payload.Output is null ? interaction.OutputCommitment : commitments.Output(payload.Output),
            };
        }
        return new PreparedRecord(record, LeafCodec.EncodeRecord(record));
    }
}
