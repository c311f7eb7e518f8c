using Parquet;
using Parquet.Schema;

namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>
/// Parquet: row groups are read one at a time and one string column at a time, so memory is bounded by the largest
/// column chunk, not the file. Column names (dotted paths for nested columns) are the fields; rows are counted across
/// row groups. Non-string columns hold no text to scan. A corrupt file, or a column that cannot be read (an
/// unexpected schema), is reported and the rest goes on.
/// </summary>
/// <remarks>Parquet.Net is asynchronous; this reader runs on a producer thread of the pipeline, so it waits on it.</remarks>
public sealed class ParquetDatasetReader(ReaderLimits limits) : IDatasetReader
{
    /// <inheritdoc />
    public IEnumerable<ScanUnit> Read(Stream stream, string file, InputErrorLog errors, CancellationToken cancellationToken)
    {
        var reader = Open(stream, file, errors, cancellationToken);
        if (reader is null)
            yield break;
        try
        {
            var stringFields = reader.Schema.GetDataFields().Where(f => f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>)).ToArray();
            if (stringFields.Length == 0)
                errors.Add(file, 0, "unexpected-schema", "no string columns: nothing to scan in this Parquet file");
            long rowBase = 0;
            for (var group = 0; group < reader.RowGroupCount; group++)
            {
                using var groupReader = reader.OpenRowGroupReader(group);
                foreach (var field in stringFields)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var values = ReadColumn(groupReader, field, file, rowBase, errors, cancellationToken);
                    var name = field.Path.ToString();
                    for (var i = 0; i < values.Length; i++)
                    {
                        if (string.IsNullOrEmpty(values[i]))
                            continue;
                        // With repeated (list) columns the value index is not the row index; it stays a faithful position.
                        foreach (var unit in ValueWindows.Split(values[i]!, new UnitLocation(file, 0, rowBase + i + 1, name), limits))
                            yield return unit;
                    }
                }
                rowBase += groupReader.RowCount;
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static ParquetReader? Open(Stream stream, string file, InputErrorLog errors, CancellationToken cancellationToken)
    {
        try
        {
            return ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            errors.Add(file, 0, "corrupt-parquet", $"not a readable Parquet file: {e.Message}");
            return null;
        }
    }

    private static string?[] ReadColumn(ParquetRowGroupReader groupReader, DataField field, string file, long rowBase, InputErrorLog errors, CancellationToken cancellationToken)
    {
        try
        {
            var count = checked((int)groupReader.RowCount);
            var values = new string?[count];
            if (field.MaxRepetitionLevel > 0)
            {
                errors.Add(file, rowBase + 1, "unexpected-schema", $"column '{field.Path}' is repeated (a list); it is not scanned by this reader");
                return [];
            }
            groupReader.ReadAsync(field, values.AsMemory()!, null, cancellationToken).AsTask().GetAwaiter().GetResult();
            return values;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            errors.Add(file, rowBase + 1, "unexpected-schema", $"column '{field.Path}' could not be read: {e.Message}");
            return [];
        }
    }
}
