using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Builtins;
using Gatehouse.Policy.Compiler;
using Gatehouse.Policy.Eval;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy;

/// <summary>
/// A loaded, compiled policy with its data, ready to answer queries. Parsing and compiling happen once, in
/// <see cref="Load"/> or <see cref="FromSources"/>; queries are then evaluated as often as needed, concurrently from
/// any number of threads (each query gets its own evaluation state).
/// </summary>
public sealed class PolicyEngine
{
    private readonly ConcurrentDictionary<string, CompiledQuery> _queries = new(StringComparer.Ordinal);

    private PolicyEngine(CompiledPolicy policy, Value data, string revision)
    {
        Policy = policy;
        Data = data;
        Revision = revision;
        _shared = new SharedRuleValues(policy, data);
    }

    private readonly SharedRuleValues _shared;

    /// <summary>The compiled rule tree.</summary>
    public CompiledPolicy Policy { get; }

    /// <summary>The base documents under <c>data</c> (from data files).</summary>
    public Value Data { get; }

    /// <summary>A content hash of every loaded file (hex SHA-256); it changes whenever any policy or data file does.</summary>
    public string Revision { get; }

    /// <summary>
    /// Loads directories, <c>.rego</c> files and data files (<c>.json</c>, <c>.yaml</c>), then compiles.
    /// Throws <see cref="PolicyLoadException"/> listing every <c>file:line:col</c> error.
    /// </summary>
    public static PolicyEngine Load(IEnumerable<string> paths, BuiltinRegistry? builtins = null)
    {
        var loaded = PolicyLoader.Load(paths);
        if (loaded.Errors.Count > 0) throw new PolicyLoadException(loaded.Errors);
        return Compile(loaded.Modules, loaded.Data, loaded.Revision, builtins);
    }

    /// <summary>
    /// Builds an engine from module sources held in memory (file name, text) and optional data.
    /// Throws <see cref="PolicyLoadException"/> listing every error.
    /// </summary>
    public static PolicyEngine FromSources(IEnumerable<(string File, string Text)> modules, Value? data = null, BuiltinRegistry? builtins = null)
    {
        var parsed = new List<Module>();
        var errors = new List<string>();
        var revision = new System.Text.StringBuilder();
        foreach (var (file, text) in modules)
        {
            revision.Append(file).Append('\0').Append(text).Append('\0');
            try
            {
                parsed.Add(RegoParser.ParseModule(file, text));
            }
            catch (RegoException e)
            {
                errors.AddRange(e.Errors.Select(x => x.ToString()));
            }
        }
        if (errors.Count > 0) throw new PolicyLoadException(errors);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(revision.ToString())));
        return Compile(parsed, data ?? ObjectValue.Empty, hash, builtins);
    }

    private static PolicyEngine Compile(List<Module> modules, Value data, string revision, BuiltinRegistry? builtins)
    {
        try
        {
            return new PolicyEngine(RegoCompiler.Compile(modules, builtins), data, revision);
        }
        catch (RegoException e)
        {
            throw new PolicyLoadException(e.Errors.Select(x => x.ToString()).ToList());
        }
    }

    /// <summary>
    /// Evaluates a query (<c>data.app.allow</c>, <c>x := data.roles[_]; x.admin</c>) and returns every solution.
    /// Throws <see cref="RegoException"/> when the query does not parse or compile and <see cref="EvalException"/>
    /// when evaluation fails (conflicts, strict builtin errors, timeouts).
    /// </summary>
    public QueryResult Query(string query, Value? input = null, QueryOptions? options = null)
    {
        options ??= QueryOptions.Default;
        var compiled = _queries.GetOrAdd(query, q => RegoCompiler.CompileQuery(Policy, q));
        return Run(options, input, evaluator =>
        {
            var solutions = new List<QuerySolution>();
            var frame = new Value?[compiled.SlotCount];
            var values = compiled.Body.Exprs.ToDictionary(e => e, _ => (Value)BooleanValue.True);
            evaluator.ExpressionValues = values;
            evaluator.EvalBody(compiled.Body.Exprs, 0, frame, () =>
            {
                var bindings = new Dictionary<string, Value>(StringComparer.Ordinal);
                foreach (var (name, slot) in compiled.Vars)
                    if (frame[slot] is { } bound) bindings[name] = bound;
                var expressions = compiled.Body.Exprs.OrderBy(e => e.Location.Row).ThenBy(e => e.Location.Col)
                    .Select(e => new ExpressionValue(values[e], e.Text, e.Location)).ToList();
                solutions.Add(new QuerySolution(expressions, bindings));
                return false;
            });
            return new QueryResult(solutions);
        });
    }

    /// <summary>
    /// The value of a document such as <c>data.gatehouse.decision</c> for <paramref name="input"/>, or null when it is
    /// undefined. The fast path for per-request decisions: the reference is compiled once and cached.
    /// </summary>
    public Value? Evaluate(string reference, Value? input = null, QueryOptions? options = null)
    {
        var compiled = _queries.GetOrAdd(reference, q => RegoCompiler.CompileQuery(Policy, q));
        if (compiled.Body.Exprs is not [TermExpr single] || single.With.Count > 0)
            throw new ArgumentException($"{reference} is not a reference to a document", nameof(reference));
        // No lambda per call here, unlike Query: this is the per-request path, and a closure is an allocation.
        var evaluator = CreateEvaluator(options ?? QueryOptions.Default, input);
        try
        {
            var frame = evaluator.RentFrame(compiled.SlotCount);
            if (!evaluator.TryValue(single.Term, frame, out var result))
                evaluator.EvalTerm(single.Term, frame, value =>
                {
                    result = value;
                    return true;
                });
            evaluator.ReturnFrame(frame);
            return result;
        }
        finally { Finish(evaluator); }
    }

    /// <summary>
    /// <see cref="Evaluate(string, Value?, QueryOptions?)"/> with JSON in and out; null means undefined (a document whose
    /// value is JSON null also returns null).
    /// </summary>
    public JsonNode? EvaluateJson(string reference, JsonNode? input, QueryOptions? options = null)
    {
        var result = Evaluate(reference, input is null ? null : ValueJson.FromJson(input), options);
        return result is null ? null : ValueJson.ToJsonNode(result);
    }

    private T Run<T>(QueryOptions options, Value? input, Func<Evaluator, T> body)
    {
        var evaluator = CreateEvaluator(options, input);
        try { return body(evaluator); }
        finally { Finish(evaluator); }
    }

    private static readonly EvaluationOptions DefaultEvaluation = EvaluationFor(QueryOptions.Default);

    // One builtin context per thread, reused by its next query like the evaluator: a decision then allocates neither.
    [ThreadStatic] private static BuiltinContext? _spareContext;

    private Evaluator CreateEvaluator(QueryOptions options, Value? input)
    {
        var context = _spareContext ?? new BuiltinContext(CancellationToken.None);
        _spareContext = null;
        context.Reuse(options.Now, options.CancellationToken, options.Print);
        // The default options (every gateway decision) share one settings object instead of building it per query.
        var evaluation = ReferenceEquals(options, QueryOptions.Default) ? DefaultEvaluation : EvaluationFor(options);
        return Evaluator.Rent(Policy, input, Data, context, evaluation, _shared);
    }

    /// <summary>Ends a query: the evaluator and its builtin context go back to the thread for its next query.</summary>
    private static void Finish(Evaluator evaluator)
    {
        var context = evaluator.Context;
        evaluator.Release();
        context.Reuse(null, CancellationToken.None, null);
        _spareContext = context;
    }

    private static EvaluationOptions EvaluationFor(QueryOptions options) => new()
    {
        StrictBuiltinErrors = options.StrictBuiltinErrors,
        Timeout = options.Timeout,
        MaxSteps = options.MaxSteps,
    };
}
