using System.IO.Compression;

namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>An opened file: the (decompressed) stream and the reader that understands it.</summary>
public sealed class OpenedDataset(Stream stream, IDatasetReader reader, DatasetFormat format, bool gzipped) : IDisposable
{
    /// <summary>The content, decompressed.</summary>
    public Stream Stream { get; } = stream;

    /// <summary>The reader for the content's format.</summary>
    public IDatasetReader Reader { get; } = reader;

    /// <summary>The format chosen.</summary>
    public DatasetFormat Format { get; } = format;

    /// <summary>True when the file was gzip-compressed.</summary>
    public bool Gzipped { get; } = gzipped;

    /// <inheritdoc />
    public void Dispose() => Stream.Dispose();
}

/// <summary>
/// Opens a dataset file: gzip is recognised by extension and by magic bytes, Parquet by magic bytes as well, and text
/// formats are sniffed so binary files among them are skipped and reported instead of scanned as garbage.
/// </summary>
public static class DatasetFileOpener
{
    /// <summary>
    /// Opens <paramref name="file"/>; null when it cannot or should not be scanned (the reason is in <paramref name="errors"/>).
    /// <paramref name="onBytesRead"/> receives the number of bytes read from disk as reading goes.
    /// </summary>
    public static OpenedDataset? Open(DatasetFile file, ReaderLimits limits, InputErrorLog errors, Action<int>? onBytesRead = null)
    {
        Stream raw;
        try
        {
            raw = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(file.DisplayPath, 0, "unreadable", e.Message);
            return null;
        }
        try
        {
            return OpenStream(file, raw, limits, errors, onBytesRead);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            raw.Dispose();
            errors.Add(file.DisplayPath, 0, StreamFailure.Kind(e), StreamFailure.Describe(e));
            return null;
        }
    }

    private static OpenedDataset? OpenStream(DatasetFile file, Stream raw, ReaderLimits limits, InputErrorLog errors, Action<int>? onBytesRead)
    {
        Stream stream = onBytesRead is null ? raw : new CountingStream(raw, onBytesRead);
        var head = new byte[ContentSniffer.SampleSize];
        var headLength = ReadFully(stream, head);
        var gzipped = ContentSniffer.IsGzip(head.AsSpan(0, headLength));
        if (DatasetFormats.HasGzipExtension(file.DisplayPath) && !gzipped)
            errors.Add(file.DisplayPath, 0, "not-gzip", "named .gz but not gzip-compressed; read as uncompressed");
        stream = new PrefixedStream(head, headLength, stream);
        if (gzipped)
        {
            stream = new GzipTrailerCheckStream(new GZipStream(stream, CompressionMode.Decompress), GzipTrailerCheckStream.ReadTrailerSize(file.FullPath));
            head = new byte[ContentSniffer.SampleSize];
            headLength = ReadFully(stream, head);
            stream = new PrefixedStream(head, headLength, stream);
        }
        var sample = head.AsSpan(0, headLength);
        var format = ContentSniffer.IsParquet(sample) ? DatasetFormat.Parquet : DatasetFormats.FromName(file.DisplayPath);
        if (format == DatasetFormat.Parquet)
            return new OpenedDataset(Seekable(stream, raw, gzipped), new ParquetDatasetReader(limits), format, gzipped);
        if (ContentSniffer.LooksBinary(sample))
        {
            stream.Dispose();
            errors.Add(file.DisplayPath, 0, "binary", "binary content (NUL bytes or invalid UTF-8) where text was expected; skipped");
            return null;
        }
        return new OpenedDataset(stream, DatasetFormats.ReaderFor(format, limits), format, gzipped);
    }

    // Parquet needs random access (its footer is at the end): a plain file is used as is, a gzipped one is
    // decompressed to a temporary file that deletes itself when closed.
    private static Stream Seekable(Stream stream, Stream raw, bool gzipped)
    {
        if (!gzipped)
        {
            stream.Dispose();
            var reopened = new FileStream(((FileStream)raw).Name, FileMode.Open, FileAccess.Read, FileShare.Read);
            return reopened;
        }
        var temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        using (stream)
            stream.CopyTo(temp);
        temp.Position = 0;
        return temp;
    }

    private static int ReadFully(Stream stream, byte[] buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer, total, buffer.Length - total);
            if (n == 0)
                break;
            total += n;
        }
        return total;
    }
}
