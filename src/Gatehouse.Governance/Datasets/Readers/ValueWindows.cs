namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>Cuts a value already in memory into overlapping windows no longer than the cap.</summary>
internal static class ValueWindows
{
    public static IEnumerable<ScanUnit> Split(string value, UnitLocation location, ReaderLimits limits)
    {
        if (value.Length == 0)
            yield break;
        if (value.Length <= limits.MaxUnitChars)
        {
            yield return new ScanUnit(value, location);
            yield break;
        }
        var step = limits.MaxUnitChars - limits.WindowOverlapChars;
        for (var start = 0; start < value.Length; start += step)
        {
            var length = Math.Min(limits.MaxUnitChars, value.Length - start);
            yield return new ScanUnit(value.Substring(start, length), location, start, start == 0 ? 0 : limits.WindowOverlapChars);
            if (start + length >= value.Length)
                yield break;
        }
    }
}
