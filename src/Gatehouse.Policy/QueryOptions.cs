using Gatehouse.Policy.Eval;

namespace Gatehouse.Policy;

/// <summary>Settings for one query.</summary>
public sealed record QueryOptions
{
    /// <summary>Raise builtin errors (type errors, divide by zero...) instead of making the expression undefined.</summary>
    public bool StrictBuiltinErrors { get; init; }

    /// <summary>The evaluation time builtins see (<c>time.now_ns</c>); default: the clock when the query starts.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>The longest a query may run before it fails with <c>eval_cancel_error</c>; default 5 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The most evaluation steps a query may take before it fails with <c>eval_cancel_error</c>: a bound on a runaway
    /// policy that does not depend on how busy the machine is; default 50 million.
    /// </summary>
    public long MaxSteps { get; init; } = EvaluationOptions.Default.MaxSteps;

    /// <summary>Cancels the query.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>The defaults.</summary>
    public static QueryOptions Default { get; } = new();

    /// <summary>
    /// Receives each line the policy's <c>print</c> calls write, as they are evaluated (from the evaluating thread).
    /// Null, the default, discards them, as OPA does without a print hook: a <c>print</c> left in a policy never fails it.
    /// </summary>
    public Action<string>? Print { get; init; }
}
