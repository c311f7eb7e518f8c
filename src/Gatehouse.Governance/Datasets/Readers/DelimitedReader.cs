using System.Text;

namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>
/// CSV and TSV: the first record is the header and names the columns; every data field is a unit. A row with a
/// different number of fields than the header is reported as ragged and still scanned (extra fields are named by
/// position), so nothing in it goes unchecked.
/// </summary>
public sealed class DelimitedReader(char delimiter, ReaderLimits limits) : IDatasetReader
{
    /// <inheritdoc />
    public IEnumerable<ScanUnit> Read(Stream stream, string file, InputErrorLog errors, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var parser = new DelimitedRecordParser(text, delimiter, limits.MaxUnitChars, limits.WindowOverlapChars);
        var fields = new List<DelimitedField>();
        string[]? header = null;
        long row = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool read;
            try
            {
                read = parser.TryReadRecord(fields);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                errors.Add(file, parser.RecordLine, StreamFailure.Kind(e), StreamFailure.Describe(e));
                yield break;
            }
            if (!read)
                yield break;
            if (parser.Unterminated)
                errors.Add(file, parser.RecordLine, "unterminated-quote", "a quoted field is not closed before the end of the file; its text is still scanned");
            if (header is null)
            {
                header = HeaderNames(fields, parser.ColumnCount);
                continue;
            }
            row++;
            if (parser.ColumnCount != header.Length)
                errors.Add(file, parser.RecordLine, "ragged-row", $"row {row} has {parser.ColumnCount} fields, the header has {header.Length}; all fields are still scanned");
            foreach (var field in fields)
            {
                if (field.Text.Length == 0)
                    continue;
                var name = field.Column < header.Length ? header[field.Column] : $"column {field.Column + 1}";
                yield return new ScanUnit(field.Text, new UnitLocation(file, parser.RecordLine, row, name), field.Offset, field.DuplicateEnd);
            }
        }
    }

    private static string[] HeaderNames(List<DelimitedField> fields, int columns)
    {
        var names = new string[columns];
        foreach (var field in fields.Where(f => f.Offset == 0))
            names[field.Column] = field.Text.Trim();
        for (var i = 0; i < names.Length; i++)
        {
            if (string.IsNullOrEmpty(names[i]))
                names[i] = $"column {i + 1}";
        }
        return names;
    }
}
