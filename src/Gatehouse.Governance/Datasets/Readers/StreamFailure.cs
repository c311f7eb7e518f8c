namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>Names stream failures the same way for every reader, so reports group them.</summary>
internal static class StreamFailure
{
    public static string Kind(Exception e) => e switch
    {
        InvalidDataException => "corrupt-compression",
        EndOfStreamException => "truncated",
        UnauthorizedAccessException => "unreadable",
        _ => "read-error",
    };

    public static string Describe(Exception e) => e switch
    {
        InvalidDataException => $"compressed data is corrupt or truncated; the rest of the file is skipped ({e.Message})",
        EndOfStreamException => $"file ends early; the rest is skipped ({e.Message})",
        _ => $"the file could not be read further ({e.Message})",
    };
}
