namespace Gatehouse.Audit.Records;

/// <summary>
/// The text of an interaction. The log always derives keyed commitments from it; it keeps the text itself only when
/// <see cref="Retain"/> is set, and then only encrypted under the data subject's key so that erasing the subject
/// makes it unreadable while the tree still verifies.
/// </summary>
/// <param name="Input">The prompt as sent by the caller.</param>
/// <param name="Output">The response as returned to the caller.</param>
/// <param name="Retain">Store the text (encrypted). Off unless policy turns it on.</param>
/// <param name="SubjectId">The data subject; defaults to the record's principal.</param>
public sealed record AuditPayload(string? Input, string? Output, bool Retain = false, string? SubjectId = null);
