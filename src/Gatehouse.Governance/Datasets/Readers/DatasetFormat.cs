namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>The formats the scanner reads; gzip is a wrapper around any of them, not a format of its own.</summary>
public enum DatasetFormat
{
    /// <summary>Plain text or Markdown, line by line (also the fallback for unknown extensions that are text).</summary>
    Text,
    /// <summary>JSON Lines (<c>.jsonl</c>, <c>.ndjson</c>).</summary>
    Jsonl,
    /// <summary>One JSON document, usually an array of records (<c>.json</c>).</summary>
    Json,
    /// <summary>Comma-separated values with a header row.</summary>
    Csv,
    /// <summary>Tab-separated values with a header row.</summary>
    Tsv,
    /// <summary>Apache Parquet.</summary>
    Parquet,
}

/// <summary>Picks a format from a file name (after removing <c>.gz</c>).</summary>
public static class DatasetFormats
{
    /// <summary>True when the name ends in <c>.gz</c>.</summary>
    public static bool HasGzipExtension(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>The format named by the extension; <see cref="DatasetFormat.Text"/> when unknown.</summary>
    public static DatasetFormat FromName(string path)
    {
        var name = HasGzipExtension(path) ? path[..^3] : path;
        return Path.GetExtension(name).ToLowerInvariant() switch
        {
            ".jsonl" or ".ndjson" => DatasetFormat.Jsonl,
            ".json" => DatasetFormat.Json,
            ".csv" => DatasetFormat.Csv,
            ".tsv" or ".tab" => DatasetFormat.Tsv,
            ".parquet" or ".pq" => DatasetFormat.Parquet,
            _ => DatasetFormat.Text,
        };
    }

    /// <summary>The reader for <paramref name="format"/>.</summary>
    public static IDatasetReader ReaderFor(DatasetFormat format, ReaderLimits limits) => format switch
    {
        DatasetFormat.Jsonl => new JsonlReader(limits),
        DatasetFormat.Json => new JsonDocumentReader(limits),
        DatasetFormat.Csv => new DelimitedReader(',', limits),
        DatasetFormat.Tsv => new DelimitedReader('\t', limits),
        DatasetFormat.Parquet => new ParquetDatasetReader(limits),
        _ => new TextLineReader(limits),
    };
}
