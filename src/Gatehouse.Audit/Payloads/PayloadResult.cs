namespace Gatehouse.Audit.Payloads;

/// <summary>What became of a record's payload.</summary>
public enum PayloadStatus
{
    /// <summary>No payload was retained for this record (the default).</summary>
    NotStored,

    /// <summary>The payload is readable.</summary>
    Available,

    /// <summary>The subject's key was destroyed by an erasure request or by retention; the text is gone for good.</summary>
    Erased,
}

/// <summary>A decrypted payload, or why there is none.</summary>
/// <param name="Status">Whether the text is available.</param>
/// <param name="Input">The input text when available.</param>
/// <param name="Output">The output text when available.</param>
public sealed record PayloadResult(PayloadStatus Status, string? Input = null, string? Output = null);
