namespace Gatehouse.Detection;

/// <summary>Finds sensitive data in plain text. Implementations are thread-safe and never return overlapping findings.</summary>
public interface ITextScanner
{
    /// <summary>Scans <paramref name="text"/> and returns its findings ordered by start offset.</summary>
    IReadOnlyList<Finding> Scan(string text);
}
