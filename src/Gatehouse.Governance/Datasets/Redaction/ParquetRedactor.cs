using System.Reflection;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace Gatehouse.Governance.Datasets.Redaction;

/// <summary>
/// Writes a redacted copy of a Parquet file with the same schema, row groups, row counts and file metadata: string
/// values (flat or in lists) pass through the <see cref="TextRedactor"/>, every other column is copied as it was read
/// (values, definition and repetition levels), so nulls and nesting survive. One column chunk is in memory at a time.
/// </summary>
/// <remarks>Parquet.Net is asynchronous; the redactor runs on a worker thread of the CLI, so it waits on it.</remarks>
internal static class ParquetRedactor
{
    private static readonly MethodInfo CopyTyped = typeof(ParquetRedactor).GetMethod(nameof(CopyColumnAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Copies <paramref name="input"/> (seekable) into <paramref name="output"/>, redacting strings.</summary>
    /// <exception cref="InvalidDataException">The input is not a readable Parquet file.</exception>
    public static void Redact(Stream input, Stream output, TextRedactor redactor) => RedactAsync(input, output, redactor).GetAwaiter().GetResult();

    private static async Task RedactAsync(Stream input, Stream output, TextRedactor redactor)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(input, leaveStreamOpen: true).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not IOException)
        {
            throw new InvalidDataException($"not a readable Parquet file: {e.Message}", e);
        }
        await using (reader.ConfigureAwait(false))
        {
            var fields = reader.Schema.GetDataFields();
            await using var writer = await ParquetWriter.CreateAsync(reader.Schema, output).ConfigureAwait(false);
            writer.CustomMetadata = reader.CustomMetadata;
            for (var group = 0; group < reader.RowGroupCount; group++)
            {
                using var source = reader.OpenRowGroupReader(group);
                using var target = writer.CreateRowGroup();
                foreach (var field in fields)
                {
                    using var raw = await source.ReadRawColumnDataBaseAsync(field).ConfigureAwait(false);
                    var valueType = raw.GetType().GetGenericArguments()[0];
                    await ((Task)CopyTyped.MakeGenericMethod(valueType).Invoke(null, [target, field, raw, redactor])!).ConfigureAwait(false);
                }
                target.CompleteValidate();
            }
        }
    }

    // Values come without nulls; definition levels say where the nulls were and repetition levels where lists begin,
    // so writing all three back reproduces the column exactly, with redacted text in place of the original.
    // Strings arrive as UTF-16 memory (Parquet.Net's raw string representation).
    private static Task CopyColumnAsync<T>(ParquetRowGroupWriter target, DataField field, RawColumnData<T> raw, TextRedactor redactor)
        where T : struct
    {
        var values = raw.Values.ToArray();
        if (values is ReadOnlyMemory<char>[] texts)
            for (var i = 0; i < texts.Length; i++)
                texts[i] = redactor.Redact(texts[i].ToString()).AsMemory();
        // A required flat column has neither level; the writer counts its rows from the values only on this path.
        if (field.MaxDefinitionLevel == 0 && field.MaxRepetitionLevel == 0)
            return target.WriteAsync(field, new ReadOnlyMemory<T>(values), null, null, CancellationToken.None);
        ReadOnlyMemory<int>? definitions = field.MaxDefinitionLevel > 0 ? raw.DefinitionLevels.ToArray() : null;
        ReadOnlyMemory<int>? repetitions = field.MaxRepetitionLevel > 0 ? raw.RepetitionLevels.ToArray() : null;
        return target.WriteAllPartsAsync(field, new ReadOnlyMemory<T>(values), definitions, repetitions, CancellationToken.None);
    }
}
