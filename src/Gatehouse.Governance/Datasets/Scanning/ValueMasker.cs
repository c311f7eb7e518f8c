namespace Gatehouse.Governance.Datasets.Scanning;

/// <summary>
/// Masks a found value for reports: enough to recognise it when you already know it (first and last two characters
/// of a long value), never enough to learn it. Reports are shared; the data they point at should not leak through them.
/// </summary>
public static class ValueMasker
{
    /// <summary>Masks <paramref name="value"/>; values of 8 characters or fewer are masked entirely.</summary>
    public static string Mask(string value)
    {
        if (value.Length <= 8)
            return new string('*', value.Length);
        return string.Concat(value.AsSpan(0, 2), new string('*', value.Length - 4), value.AsSpan(value.Length - 2));
    }
}
