using System.Text;

namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>Looks at the first bytes of a file to tell gzip, Parquet and binary content apart from text.</summary>
public static class ContentSniffer
{
    /// <summary>How many bytes are inspected.</summary>
    public const int SampleSize = 8 * 1024;

    /// <summary>Share of invalid UTF-8 sequences above which a sample is taken for binary.</summary>
    public const double MaxInvalidUtf8Ratio = 0.05;

    /// <summary>True when the bytes start with the gzip magic number 1F 8B.</summary>
    public static bool IsGzip(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B;

    /// <summary>True when the bytes start with the Parquet magic <c>PAR1</c>.</summary>
    public static bool IsParquet(ReadOnlySpan<byte> head) => head.StartsWith("PAR1"u8);

    /// <summary>
    /// True when the sample is not text: it holds a NUL byte (no text format here allows one) or too many invalid
    /// UTF-8 sequences. A sequence cut by the end of the sample is not counted against it.
    /// </summary>
    public static bool LooksBinary(ReadOnlySpan<byte> sample)
    {
        if (sample.IsEmpty)
            return false;
        if (sample.IndexOf((byte)0) >= 0)
            return true;
        var invalid = 0;
        var characters = 0;
        var rest = sample;
        while (!rest.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(rest, out _, out var consumed);
            if (status == System.Buffers.OperationStatus.NeedMoreData)
                break;
            if (status == System.Buffers.OperationStatus.InvalidData)
                invalid++;
            characters++;
            rest = rest[consumed..];
        }
        return characters > 0 && (double)invalid / characters > MaxInvalidUtf8Ratio;
    }
}
