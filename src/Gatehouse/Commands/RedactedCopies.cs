using Gatehouse.Detection;
using Gatehouse.Detection.Operators;
using Gatehouse.Governance.Datasets.Readers;
using Gatehouse.Governance.Datasets.Redaction;

namespace Gatehouse.Cli.Commands;

/// <summary>Writes the redacted copies for <c>scan --redact-to</c>, mirroring the scanned layout, files in parallel.</summary>
internal static class RedactedCopies
{
    public static void Write(IReadOnlyList<DatasetFile> files, string directory, ITextScanner scanner, Anonymizer anonymizer, InputErrorLog errors, int workers, TextWriter output)
    {
        var text = new TextRedactor(scanner, anonymizer);
        // Problems in the input were already reported by the scan; only failures to write a copy are new.
        var redactionErrors = new InputErrorLog();
        var redactor = new DatasetRedactor(text, redactionErrors);
        var written = 0;
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers) }, file =>
        {
            if (redactor.RedactFile(file, Path.Combine(directory, file.RelativePath)))
                Interlocked.Increment(ref written);
        });
        foreach (var error in redactionErrors.Snapshot().Where(e => e.Kind == DatasetRedactor.NotRedactedKind))
            errors.Add(error);
        output.WriteLine($"Redacted copies: {written} of {files.Count} file(s) written to {directory} ({text.Replacements:N0} value(s) replaced)");
    }
}
