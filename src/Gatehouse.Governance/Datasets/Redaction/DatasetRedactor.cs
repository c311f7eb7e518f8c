using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Gatehouse.Governance.Datasets.Readers;

namespace Gatehouse.Governance.Datasets.Redaction;

/// <summary>
/// Writes a redacted copy of a dataset file in the same format, keeping its structure: JSON stays valid JSON with the
/// same shape, JSONL one document per line, CSV/TSV the same columns (re-quoted per RFC 4180), text the same lines,
/// gzip stays gzip, Parquet keeps its schema, row groups and row counts (<see cref="ParquetRedactor"/>). Only string
/// values change.
/// </summary>
/// <remarks>Unlike scanning, a redacted line or field is held whole in memory, since it must be rewritten whole.</remarks>
public sealed class DatasetRedactor(TextRedactor redactor, InputErrorLog errors)
{
    /// <summary>The input error kind of a file for which no redacted copy was written.</summary>
    public const string NotRedactedKind = "not-redacted";

    private static readonly UTF8Encoding Utf8NoBom = new(false);

    // The copy is data, not HTML: keep "<EMAIL>" readable instead of escaping it to \u003CEMAIL\u003E.
    private static readonly System.Text.Encodings.Web.JavaScriptEncoder Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>Redacts <paramref name="file"/> into <paramref name="outputPath"/>; false when no copy could be written.</summary>
    public bool RedactFile(DatasetFile file, string outputPath)
    {
        using var opened = DatasetFileOpener.Open(file, ReaderLimits.Default, new InputErrorLog());
        if (opened is null)
        {
            errors.Add(file.DisplayPath, 0, NotRedactedKind, "the file could not be read, so no redacted copy was written");
            return false;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        try
        {
            using var target = File.Create(outputPath);
            using Stream output = opened.Gzipped ? new GZipStream(target, CompressionLevel.Optimal) : target;
            switch (opened.Format)
            {
                case DatasetFormat.Parquet:
                    RedactParquet(opened.Stream, output, opened.Gzipped);
                    break;
                case DatasetFormat.Jsonl:
                    RedactJsonl(opened.Stream, output, file.DisplayPath);
                    break;
                case DatasetFormat.Json:
                    RedactJson(opened.Stream, output);
                    break;
                case DatasetFormat.Csv:
                case DatasetFormat.Tsv:
                    RedactDelimited(opened.Stream, output, opened.Format == DatasetFormat.Csv ? ',' : '\t');
                    break;
                default:
                    RedactLines(opened.Stream, output, redactor.Redact);
                    break;
            }
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or JsonException or InvalidOperationException)
        {
            errors.Add(file.DisplayPath, 0, NotRedactedKind, $"redaction stopped, the partial copy was removed: {e.Message}");
            File.Delete(outputPath);
            return false;
        }
    }

    // Parquet's footer is written at the end with offsets from the start: a plain file takes it directly; a gzipped
    // one is assembled in a temporary file first (bounded by disk, not memory) and then compressed.
    private void RedactParquet(Stream input, Stream output, bool gzipped)
    {
        if (!gzipped)
        {
            ParquetRedactor.Redact(input, output, redactor);
            return;
        }
        var temporary = Path.GetTempFileName();
        try
        {
            using (var plain = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose))
            {
                ParquetRedactor.Redact(input, plain, redactor);
                plain.Position = 0;
                plain.CopyTo(output);
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static void RedactLines(Stream input, Stream output, Func<string, string> redactLine)
    {
        using var reader = new StreamReader(input, Encoding.UTF8, true, 64 * 1024, leaveOpen: true);
        using var writer = new StreamWriter(output, Utf8NoBom, 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        while (reader.ReadLine() is { } line)
            writer.WriteLine(redactLine(line));
    }

    private void RedactJsonl(Stream input, Stream output, string file)
    {
        long lineNumber = 0;
        RedactLines(input, output, line =>
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                return line;
            try
            {
                using var buffer = new MemoryStream();
                var walker = new Utf8JsonStreamWalker(new MemoryStream(Encoding.UTF8.GetBytes(line)), int.MaxValue);
                using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Encoder }))
                {
                    var copier = new RedactingJsonCopier(writer, redactor);
                    while (walker.Advance(copier)) { }
                }
                return Encoding.UTF8.GetString(buffer.ToArray());
            }
            catch (JsonException)
            {
                // Not JSON: still no personal data may pass, so the line is redacted as text (it stays as invalid as it was).
                errors.Add(file, lineNumber, "malformed-json", "not a valid JSON document; redacted as plain text");
                return redactor.Redact(line);
            }
        });
    }

    private void RedactJson(Stream input, Stream output)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = Encoder });
        var walker = new Utf8JsonStreamWalker(input, ReaderLimits.Default.MaxStructuredBytes);
        var copier = new RedactingJsonCopier(writer, redactor);
        while (walker.Advance(copier))
        {
            if (writer.BytesPending > 1 << 20)
                writer.Flush();
        }
    }

    private void RedactDelimited(Stream input, Stream output, char delimiter)
    {
        using var reader = new StreamReader(input, Encoding.UTF8, true, 64 * 1024, leaveOpen: true);
        using var writer = new StreamWriter(output, Utf8NoBom, 64 * 1024, leaveOpen: true);
        var parser = new DelimitedRecordParser(reader, delimiter, int.MaxValue / 4, 16);
        var fields = new List<DelimitedField>();
        var header = true;
        while (parser.TryReadRecord(fields))
        {
            for (var i = 0; i < fields.Count; i++)
            {
                if (i > 0)
                    writer.Write(delimiter);
                writer.Write(Quote(header ? fields[i].Text : redactor.Redact(fields[i].Text), delimiter));
            }
            writer.Write("\r\n");
            header = false;
        }
    }

    private static string Quote(string field, char delimiter) =>
        field.AsSpan().IndexOfAny([delimiter, '"', '\r', '\n']) < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Copies tokens to a writer, redacting string values (property names are kept: they are the structure).</summary>
    private sealed class RedactingJsonCopier(Utf8JsonWriter writer, TextRedactor redactor) : IJsonTokenVisitor
    {
        public void Visit(ref Utf8JsonReader reader, long line)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                case JsonTokenType.PropertyName: writer.WritePropertyName(reader.GetString()!); break;
                case JsonTokenType.String: writer.WriteStringValue(redactor.Redact(reader.GetString()!)); break;
                case JsonTokenType.Number: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
                case JsonTokenType.True: writer.WriteBooleanValue(true); break;
                case JsonTokenType.False: writer.WriteBooleanValue(false); break;
                case JsonTokenType.Null: writer.WriteNullValue(); break;
            }
        }
    }
}
