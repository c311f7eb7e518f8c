namespace Gatehouse.Governance.Datasets.Readers;

/// <summary>Input that could not be read as its format promised: reported with its place, counted, never fatal.</summary>
/// <param name="File">The file.</param>
/// <param name="Line">1-based line (or row for Parquet), 0 when the whole file is concerned.</param>
/// <param name="Kind">A stable short code, for example <c>malformed-json</c>, <c>ragged-row</c>, <c>binary</c>.</param>
/// <param name="Message">What went wrong, in words.</param>
public sealed record InputError(string File, long Line, string Kind, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Kind}: {Message}" : $"{File}: {Kind}: {Message}";
}

/// <summary>A thread-safe collection of <see cref="InputError"/> shared by the readers of one scan.</summary>
public sealed class InputErrorLog
{
    private readonly List<InputError> _errors = [];
    private readonly Lock _gate = new();

    /// <summary>Records an error.</summary>
    public void Add(InputError error)
    {
        lock (_gate) _errors.Add(error);
    }

    /// <summary>Records an error from its parts.</summary>
    public void Add(string file, long line, string kind, string message) => Add(new InputError(file, line, kind, message));

    /// <summary>A snapshot of the errors so far, in file then line order.</summary>
    public IReadOnlyList<InputError> Snapshot()
    {
        lock (_gate) return [.. _errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line)];
    }

    /// <summary>How many errors were recorded.</summary>
    public int Count
    {
        get { lock (_gate) return _errors.Count; }
    }
}
