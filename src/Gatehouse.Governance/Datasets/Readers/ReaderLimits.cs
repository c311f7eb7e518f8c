namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>
/// Size caps that keep memory bounded whatever the input: a value longer than <see cref="MaxUnitChars"/> is scanned in
/// windows of that size overlapping by <see cref="WindowOverlapChars"/>, so a secret straddling a cut is still seen whole.
/// </summary>
/// <param name="MaxUnitChars">Largest piece of text handed to the scanner at once.</param>
/// <param name="WindowOverlapChars">Characters repeated at the start of the next window; longer than any entity we detect.</param>
/// <param name="MaxStructuredBytes">Largest JSON document or token parsed structurally; beyond it text is scanned raw.</param>
public sealed record ReaderLimits(int MaxUnitChars = 1 << 20, int WindowOverlapChars = 512, int MaxStructuredBytes = 16 << 20)
{
    /// <summary>The defaults: 1 Mi-character windows, 512 characters of overlap, 16 MiB structured documents.</summary>
    public static ReaderLimits Default { get; } = new();
}
