using System.Runtime.CompilerServices;
using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Builtins;
using Gatehouse.Policy.Compiler;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Eval;

/// <summary>
/// Top-down evaluation of one query over a compiled policy. Evaluation is continuation-passing: each step calls the
/// continuation once per solution and undoes its variable bindings when the continuation returns, which gives
/// backtracking. A continuation returns true to stop the search early. One instance per query; not thread-safe.
/// </summary>
internal sealed partial class Evaluator
{
    // Every field is set by Begin: an evaluator is reused by its thread's next query (see Rent), so that a decision
    // does not allocate one.
    [ThreadStatic] private static Evaluator? _spare;
    private CompiledPolicy _policy = null!;
    private BuiltinContext _context = null!;
    private EvaluationOptions _options = null!;
    private Value? _input;
    private Value _data = null!;
    private RuleValueCache _cache = null!;
    private RuleValueCache _queryCache = null!;
    private FramePool _frames = null!;
    // Empty until a `with` applies; `with` copies before it adds, so the shared empty instances are never written.
    private static readonly Dictionary<RuleNode, Value> NoNodeOverrides = [];
    private static readonly Dictionary<string, Term> NoFunctionOverrides = new(StringComparer.Ordinal);
    private Dictionary<RuleNode, Value> _nodeOverrides = NoNodeOverrides;
    private Dictionary<string, Term> _functionOverrides = NoFunctionOverrides;
    // Nodes whose rules are being evaluated, by index: meeting one again is recursion.
    private bool[] _inProgress = null!;
    private long _steps;
    private long _deadline;
    private SharedRuleValues? _shared;
    // The input parts memoised rules are keyed on, looked up once per query (rebound if `with input` replaces it).
    private readonly InputParts _inputParts = new();
    private bool _inputPartsBound;

    private Evaluator()
    {
    }

    /// <summary>An evaluator for one query: the thread's spare one when it has one. Give it back with <see cref="Release"/>.</summary>
    public static Evaluator Rent(CompiledPolicy policy, Value? input, Value data, BuiltinContext context, EvaluationOptions options, SharedRuleValues? shared = null)
    {
        var evaluator = _spare ?? new Evaluator();
        _spare = null;
        evaluator.Begin(policy, input, data, context, options, shared);
        return evaluator;
    }

    private void Begin(CompiledPolicy policy, Value? input, Value data, BuiltinContext context, EvaluationOptions options, SharedRuleValues? shared)
    {
        _shared = shared is not null && ReferenceEquals(shared.Data, data) ? shared : null;
        _policy = policy;
        _cache = RuleValueCache.Rent(policy.NodeCount);
        _queryCache = _cache;
        _frames = _cache.Frames;
        _inProgress = _cache.InProgress;
        _input = input;
        _data = data;
        _context = context;
        _options = options;
        _nodeOverrides = NoNodeOverrides;
        _functionOverrides = NoFunctionOverrides;
        _steps = 0;
        _deadline = 0;
        _inputPartsBound = false;
        ExpressionValues = null;
    }

    /// <summary>The builtin context of the current query.</summary>
    public BuiltinContext Context => _context;

    /// <summary>Values of the query's top-level expressions for the current solution.</summary>
    public Dictionary<Expr, Value>? ExpressionValues { get; set; }

    public bool EvalBody(List<Expr> exprs, int index, Value?[] frame, Func<bool> k)
    {
        if (index == exprs.Count) return k();
        var expr = exprs[index];
        if (expr is SomeInExpr some && TryIterate(some, exprs, index, frame, k, out var stopped)) return stopped;
        switch (TryDirect(expr, frame, out var boundSlot))
        {
            case Direct.Fail:
                return false;
            case Direct.Pass:
                return EvalBody(exprs, index + 1, frame, k);
            case Direct.Bound:
                try { return EvalBody(exprs, index + 1, frame, k); }
                finally { frame[boundSlot] = null; }
            default:
                return EvalExpr(expr, frame, () => EvalBody(exprs, index + 1, frame, k));
        }
    }

    /// <summary>A frame of <paramref name="slots"/> empty slots for a query body; give it back with <see cref="ReturnFrame"/>.</summary>
    public Value?[] RentFrame(int slots) => _frames.Rent(slots);

    /// <summary>Takes back a frame from <see cref="RentFrame"/> once nothing uses it.</summary>
    public void ReturnFrame(Value?[] frame) => _frames.Return(frame);

    /// <summary>Hands the query's rule-value arrays back for the thread's next query; the evaluator is done.</summary>
    public void Release()
    {
        _queryCache.Return();
        // Drop what the query referred to, so a parked evaluator keeps no input, data or results alive.
        _input = null;
        _data = null!;
        _context = null!;
        _policy = null!;
        _shared = null;
        _inputParts.Unbind();
        ExpressionValues = null;
        _spare = this;
    }

    private void Step()
    {
        if ((++_steps & 1023) == 0)
        {
            if (_context.CancellationToken.IsCancellationRequested)
                throw new EvalException("eval_cancel_error", "caller cancelled query execution", null);
            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            // The clock is first read here, after a thousand steps: a decision that takes fewer never pays for it.
            if (_deadline == 0) _deadline = _options.Deadline != long.MaxValue || _options.Timeout <= TimeSpan.Zero
                ? _options.Deadline
                : now + (long)(_options.Timeout.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
            if (now > _deadline)
                throw new EvalException("eval_cancel_error", $"query timed out after {_options.Timeout.TotalMilliseconds:0} ms", null);
            if (_steps > _options.MaxSteps)
                throw new EvalException("eval_cancel_error", $"evaluation exceeded {_options.MaxSteps} steps", null);
        }
        // Every eighth step is often enough: a step nests only a few calls, far less than the headroom this ensures.
        if ((_steps & 7) == 0 && !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new EvalException("eval_internal_error", "evaluation is nested too deeply", null);
    }

    private bool EvalExpr(Expr expr, Value?[] frame, Func<bool> k)
    {
        Step();
        if (expr.With.Count > 0) return EvalWith(expr, frame, k);
        if (expr.Negated)
        {
            var found = EvalPositive(expr, frame, () => true);
            return !found && k();
        }
        return EvalPositive(expr, frame, k);
    }

    private bool EvalPositive(Expr expr, Value?[] frame, Func<bool> k)
    {
        switch (expr)
        {
            case TermExpr t:
                return EvalTermExpr(t, frame, k);
            case UnifyExpr u:
                return UnifyTerms(u.Left, u.Right, frame, () => Record(expr, BooleanValue.True, k));
            case SomeDeclExpr:
                return k();
            case SomeInExpr s:
                return EvalTerm(s.Collection, frame, collection => Members(collection, s.Key is not null, (key, value) =>
                    s.Key is null ? Unify(s.Value, value, frame, k) : Unify(s.Key, key, frame, () => Unify(s.Value, value, frame, k))));
            case EveryExpr e:
                return EvalEvery(e, frame, k);
            default:
                throw new EvalException("eval_internal_error", "unknown expression", expr.Location);
        }
    }

    private bool Record(Expr expr, Value value, Func<bool> k)
    {
        if (ExpressionValues is { } values && values.ContainsKey(expr)) values[expr] = value;
        return k();
    }

    private bool EvalTermExpr(TermExpr expr, Value?[] frame, Func<bool> k)
    {
        if (expr.Term is CallTerm call && OutputArity(call) is { } arity && call.Args.Count == arity + 1)
        {
            return EvalCall(call, arity, frame, result => Unify(call.Args[^1], result, frame, () => Record(expr, BooleanValue.True, k)));
        }
        return EvalTerm(expr.Term, frame, value =>
            value is BooleanValue { Value: false } ? false : Record(expr, value, k));
    }

    private bool EvalEvery(EveryExpr every, Value?[] frame, Func<bool> k)
    {
        var all = true;
        var defined = false;
        EvalTerm(every.Domain, frame, domain =>
        {
            defined = true;
            if (!domain.IsCollection)
            {
                all = false;
                return true;
            }
            Members(domain, true, (key, value) =>
            {
                if (every.Key is not null) frame[every.Key.Slot] = key;
                frame[every.Value.Slot] = value;
                var satisfied = EvalBody(every.Body.Exprs, 0, frame, () => true);
                if (every.Key is not null) frame[every.Key.Slot] = null;
                frame[every.Value.Slot] = null;
                if (!satisfied) all = false;
                return !satisfied;
            });
            return false;
        });
        return defined && all && k();
    }

    /// <summary>Calls <paramref name="k"/> with each key and value of a collection (set elements are their own keys).</summary>
    private static bool Members(Value collection, bool needKeys, Func<Value, Value, bool> k)
    {
        switch (collection)
        {
            case ArrayValue array:
                for (var i = 0; i < array.Count; i++)
                    if (k(needKeys ? NumberValue.Of(i) : NullValue.Instance, array[i])) return true;
                return false;
            case ObjectValue obj:
                foreach (var (key, value) in obj)
                    if (k(key, value)) return true;
                return false;
            case SetValue set:
                foreach (var item in set)
                    if (k(item, item)) return true;
                return false;
            default:
                return false;
        }
    }

    private bool Bind(int slot, Value value, Value?[] frame, Func<bool> k)
    {
        frame[slot] = value;
        try { return k(); }
        finally { frame[slot] = null; }
    }
}

/// <summary>Per-query evaluation settings.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Raise builtin errors instead of treating the failing expression as undefined (OPA's strict-builtin-errors).</summary>
    public bool StrictBuiltinErrors { get; init; }

    /// <summary>The most evaluation steps a query may take before it is stopped as runaway.</summary>
    public long MaxSteps { get; init; } = 50_000_000;

    /// <summary>
    /// The <see cref="System.Diagnostics.Stopwatch"/> timestamp after which the query fails as timed out. Left at its
    /// default, <see cref="Timeout"/> applies instead, counted from the query's first thousand steps.
    /// </summary>
    public long Deadline { get; init; } = long.MaxValue;

    /// <summary>How long a query may run (when no <see cref="Deadline"/> is given), and the figure the timeout message names.</summary>
    public TimeSpan Timeout { get; init; }

    /// <summary>The defaults.</summary>
    public static EvaluationOptions Default { get; } = new();
}
