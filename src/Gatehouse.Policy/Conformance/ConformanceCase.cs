using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Conformance;

/// <summary>
/// One case of OPA's YAML conformance suite: modules, data and input, a query, and the expected bindings or error.
/// </summary>
public sealed record ConformanceCase
{
    /// <summary>The case file relative to the suite root (<c>helloworld/test-helloworld-0001.yaml</c>).</summary>
    public required string File { get; init; }

    /// <summary>The directory the case belongs to (<c>helloworld</c>): what results are grouped by.</summary>
    public required string Directory { get; init; }

    /// <summary>The case's note, its name in OPA's suite.</summary>
    public required string Note { get; init; }

    /// <summary>A key unique across the suite: <c>file: note</c>.</summary>
    public string Id => $"{File}: {Note}";

    /// <summary>The query.</summary>
    public required string Query { get; init; }

    /// <summary>The policy modules.</summary>
    public IReadOnlyList<string> Modules { get; init; } = [];

    /// <summary>The base data document.</summary>
    public Value? Data { get; init; }

    /// <summary>The input document given as a value.</summary>
    public Value? Input { get; init; }

    /// <summary>The input given as Rego term text (<c>input_term</c>).</summary>
    public string? InputTerm { get; init; }

    /// <summary>The expected solutions, one map of variable bindings each; null when an error is expected.</summary>
    public IReadOnlyList<Value>? WantResult { get; init; }

    /// <summary>The expected error code.</summary>
    public string? WantErrorCode { get; init; }

    /// <summary>Text the error message must contain.</summary>
    public string? WantError { get; init; }

    /// <summary>Whether builtin errors are raised (<c>strict_error</c>).</summary>
    public bool StrictError { get; init; }

    /// <summary>Whether bindings are compared after sorting (<c>sort_bindings</c>).</summary>
    public bool SortBindings { get; init; }
}

/// <summary>The outcome of one case.</summary>
/// <param name="Case">The case.</param>
/// <param name="Passed">Whether the result matched.</param>
/// <param name="Failure">Why it failed, for reports.</param>
public sealed record ConformanceOutcome(ConformanceCase Case, bool Passed, string? Failure);
