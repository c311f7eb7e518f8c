using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Builtins;
using Gatehouse.Policy.Compiler;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Eval;

internal sealed partial class Evaluator
{
    /// <summary>Calls <paramref name="k"/> with each value of <paramref name="term"/> (references may iterate).</summary>
    public bool EvalTerm(Term term, Value?[] frame, Func<Value, bool> k)
    {
        switch (term)
        {
            case ScalarTerm s:
                return k(s.Value);
            case VarTerm v:
                return EvalVar(v, frame, k);
            case RefTerm r:
                return EvalRef(r, frame, k);
            case ArrayTerm or SetTerm or ObjectTerm when GroundTerms.ValueOf(term) is { } constant:
                return k(constant);
            case ArrayTerm a:
                return EvalItems(a.Items, 0, new Value[a.Items.Count], frame, items => k(new ArrayValue((Value[])items.Clone())));
            case SetTerm s:
                return EvalItems(s.Items, 0, new Value[s.Items.Count], frame, items => k(SetValue.Of(items)));
            case ObjectTerm o:
                var flat = new List<Term>(o.Items.Count * 2);
                foreach (var (key, value) in o.Items)
                {
                    flat.Add(key);
                    flat.Add(value);
                }
                return EvalItems(flat, 0, new Value[flat.Count], frame, items =>
                {
                    var dictionary = new Dictionary<Value, Value>(items.Length / 2);
                    for (var i = 0; i < items.Length; i += 2) dictionary[items[i]] = items[i + 1];
                    return k(ObjectValue.FromOwned(dictionary));
                });
            case CallTerm c when IsPrint(c) && !_functionOverrides.ContainsKey(c.Operator):
                return k(Print(c, frame));
            case CallTerm c:
                return EvalCall(c, c.Args.Count, frame, k);
            case ComprehensionTerm c:
                return k(EvalComprehension(c, frame));
            default:
                throw new EvalException("eval_internal_error", "unknown term", term.Location);
        }
    }

    private bool EvalVar(VarTerm v, Value?[] frame, Func<Value, bool> k)
    {
        switch (v.Slot)
        {
            case Roots.Input: return _input is { } input && k(input);
            case Roots.Data: return EvalDataPath([], 0, _policy.Root, _data, frame, k);
            default:
                var value = frame[v.Slot] ?? throw new EvalException("rego_unsafe_var_error", $"var {v.Name} is unsafe", v.Location);
                return k(value);
        }
    }

    private bool EvalItems(List<Term> terms, int index, Value[] values, Value?[] frame, Func<Value[], bool> k)
    {
        if (index == terms.Count) return k(values);
        return EvalTerm(terms[index], frame, value =>
        {
            values[index] = value;
            return EvalItems(terms, index + 1, values, frame, k);
        });
    }

    private bool EvalRef(RefTerm reference, Value?[] frame, Func<Value, bool> k)
    {
        if (reference.Head is VarTerm head)
        {
            if (head.Slot == Roots.Data) return EvalDataPath(reference.Path, 0, _policy.Root, _data, frame, k);
            if (head.Slot == Roots.Input) return _input is { } input && Walk(input, reference.Path, 0, frame, k);
        }
        return EvalTerm(reference.Head, frame, value => Walk(value, reference.Path, 0, frame, k));
    }

    /// <summary>Selects <c>path[index..]</c> from a plain value, iterating where a selection is an unbound variable.</summary>
    private bool Walk(Value value, List<Term> path, int index, Value?[] frame, Func<Value, bool> k)
    {
        if (index == path.Count) return k(value);
        var selector = path[index];
        if (selector is ScalarTerm constant) // the common case (input.user.roles): no closure needed
            return Select(value, constant.Value) is { } selected && Walk(selected, path, index + 1, frame, k);
        if (selector is VarTerm { Slot: >= 0 } v && frame[v.Slot] is null)
        {
            return Members(value, true, (key, child) => Bind(v.Slot, key, frame, () => Walk(child, path, index + 1, frame, k)));
        }
        if (IsReady(selector, frame))
            return EvalTerm(selector, frame, key => Select(value, key) is { } child && Walk(child, path, index + 1, frame, k));
        return Members(value, true, (key, child) => Unify(selector, key, frame, () => Walk(child, path, index + 1, frame, k)));
    }

    private static Value? Select(Value value, Value key) => value switch
    {
        ObjectValue obj => obj.Get(key),
        ArrayValue array => key is NumberValue n && n.TryGetInt32(out var i) && i >= 0 && i < array.Count ? array[i] : null,
        SetValue set => set.Contains(key) ? key : null,
        _ => null,
    };

    /// <summary>Whether a term can be evaluated now: every variable it needs is bound (selection variables may iterate).</summary>
    private static bool IsReady(Term term, Value?[] frame)
    {
        switch (term)
        {
            case VarTerm v: return v.Slot < 0 || frame[v.Slot] is not null;
            case ScalarTerm: return true;
            case RefTerm r:
                if (!IsReady(r.Head, frame)) return false;
                foreach (var p in r.Path)
                    if (p is not VarTerm && !IsReady(p, frame)) return false;
                return true;
            case ArrayTerm a:
                foreach (var i in a.Items) if (!IsReady(i, frame)) return false;
                return true;
            case SetTerm s:
                foreach (var i in s.Items) if (!IsReady(i, frame)) return false;
                return true;
            case ObjectTerm o:
                foreach (var (key, value) in o.Items) if (!IsReady(key, frame) || !IsReady(value, frame)) return false;
                return true;
            case CallTerm c:
                foreach (var i in c.Args) if (!IsReady(i, frame)) return false;
                return true;
            default:
                return true;
        }
    }

    /// <summary>Unifies two terms: evaluates whichever side is ready and matches the other against its values.</summary>
    private bool UnifyTerms(Term left, Term right, Value?[] frame, Func<bool> k)
    {
        if (IsReady(right, frame)) return EvalTerm(right, frame, value => Unify(left, value, frame, k));
        if (IsReady(left, frame)) return EvalTerm(left, frame, value => Unify(right, value, frame, k));
        if (left is ArrayTerm a && right is ArrayTerm b)
            return a.Items.Count == b.Items.Count && UnifyPairs(a.Items, b.Items, 0, frame, k);
        if (left is ObjectTerm lo && right is ObjectTerm ro)
        {
            if (lo.Items.Count != ro.Items.Count || SafetyChecker.PairByKey(lo, ro) is not { } pairs) return false;
            return UnifyPairs(pairs.Select(p => p.Left).ToList(), pairs.Select(p => p.Right).ToList(), 0, frame, k);
        }
        throw new EvalException("rego_unsafe_var_error", "unification of unbound terms", left.Location);
    }

    private bool UnifyPairs(List<Term> left, List<Term> right, int index, Value?[] frame, Func<bool> k)
    {
        if (index == left.Count) return k();
        return UnifyTerms(left[index], right[index], frame, () => UnifyPairs(left, right, index + 1, frame, k));
    }

    /// <summary>Matches a pattern term against a value, binding the pattern's unbound variables.</summary>
    private bool Unify(Term pattern, Value value, Value?[] frame, Func<bool> k)
    {
        switch (pattern)
        {
            case VarTerm { Slot: >= 0 } v:
                var current = frame[v.Slot];
                if (current is null) return Bind(v.Slot, value, frame, k);
                return current.Equals(value) && k();
            case ArrayTerm a when !IsReady(a, frame):
                return value is ArrayValue array && array.Count == a.Items.Count && UnifyItems(a.Items, array, 0, frame, k);
            case ObjectTerm o when !IsReady(o, frame):
                if (value is not ObjectValue obj || obj.Count != o.Items.Count) return false;
                return UnifyObject(o.Items, obj, 0, frame, k);
            default:
                return EvalTerm(pattern, frame, actual => actual.Equals(value) && k());
        }
    }

    private bool UnifyItems(List<Term> patterns, ArrayValue values, int index, Value?[] frame, Func<bool> k)
    {
        if (index == patterns.Count) return k();
        return Unify(patterns[index], values[index], frame, () => UnifyItems(patterns, values, index + 1, frame, k));
    }

    private bool UnifyObject(List<(Term Key, Term Value)> items, ObjectValue obj, int index, Value?[] frame, Func<bool> k)
    {
        if (index == items.Count) return k();
        return EvalTerm(items[index].Key, frame, key =>
            obj.Get(key) is { } value && Unify(items[index].Value, value, frame, () => UnifyObject(items, obj, index + 1, frame, k)));
    }

    private Value EvalComprehension(ComprehensionTerm comprehension, Value?[] frame)
    {
        switch (comprehension.Kind)
        {
            case ComprehensionKind.Array:
                var list = new List<Value>();
                Func<Value, bool> addList = v =>
                {
                    list.Add(v);
                    return false;
                };
                EvalBody(comprehension.Body.Exprs, 0, frame, () => EvalHead(comprehension.Head, frame, addList));
                return new ArrayValue(list.ToArray());
            case ComprehensionKind.Set:
                var set = new HashSet<Value>();
                Func<Value, bool> addSet = v =>
                {
                    set.Add(v);
                    return false;
                };
                EvalBody(comprehension.Body.Exprs, 0, frame, () => EvalHead(comprehension.Head, frame, addSet));
                return SetValue.FromOwned(set);
            default:
                var items = new Dictionary<Value, Value>();
                bool Put(Value key, Value value)
                {
                    if (items.TryGetValue(key, out var existing) && !existing.Equals(value))
                        throw new EvalException("eval_conflict_error", "object keys must be unique", comprehension.Location);
                    items[key] = value;
                    return false;
                }
                EvalBody(comprehension.Body.Exprs, 0, frame, () =>
                {
                    if (TryValue(comprehension.Head, frame, out var key) && TryValue(comprehension.Value!, frame, out var value))
                        return key is not null && value is not null && Put(key, value);
                    return EvalTerm(comprehension.Head, frame, k => EvalTerm(comprehension.Value!, frame, v => Put(k, v)));
                });
                return ObjectValue.FromOwned(items);
        }
    }

    private int? OutputArity(CallTerm call)
    {
        if (call.Builtin is { IsVariadic: false } builtin) return builtin.Arity;
        if (call.FunctionPath is null) return null;
        FunctionNode(call);
        return call.ResolvedFunction!.Arity;
    }

    /// <summary>The node of a user function's definitions, looked up once per call site (the tree never changes).</summary>
    private RuleNode? FunctionNode(CallTerm call)
    {
        if (call.FunctionPath is not { } path) return null;
        if (call.ResolvedFunction is { } resolved && ReferenceEquals(resolved.Root, _policy.Root)) return resolved.Node;
        var node = _policy.Root.FindPath(path);
        call.ResolvedFunction = new ResolvedFunction(_policy.Root, node);
        return node;
    }

    private bool EvalCall(CallTerm call, int operandCount, Value?[] frame, Func<Value, bool> k)
    {
        var args = new Value[operandCount];
        return EvalItems(call.Args, 0, args, frame, operands =>
        {
            if (call.Builtin?.Relation is { } relation && !_functionOverrides.ContainsKey(call.Operator))
            {
                foreach (var each in RelationResults(call.Builtin, relation, operands, call.Location))
                    if (k(each)) return true;
                return false;
            }
            var result = Invoke(call, operands, frame);
            return result is not null && k(result);
        }, operandCount);
    }

    private bool EvalItems(List<Term> terms, int index, Value[] values, Value?[] frame, Func<Value[], bool> k, int count)
    {
        if (index == count) return k(values);
        return EvalTerm(terms[index], frame, value =>
        {
            values[index] = value;
            return EvalItems(terms, index + 1, values, frame, k, count);
        });
    }

    private Value? Invoke(CallTerm call, Value[] operands, Value?[] frame)
    {
        // The override key is only built while a `with` replaces functions: building it costs a string per call.
        var key = _functionOverrides.Count == 0 ? null : call.FunctionPath is { } p ? PathKey(p) : call.Operator;
        if (key is not null && _functionOverrides.TryGetValue(key, out var replacement))
        {
            // Inside the replacement the original is visible again, so a mock may call what it replaces.
            var saved = _functionOverrides;
            _functionOverrides = new Dictionary<string, Term>(saved, StringComparer.Ordinal);
            _functionOverrides.Remove(key);
            try { return InvokeReplacement(replacement, operands, frame, call); }
            finally { _functionOverrides = saved; }
        }
        if (call.FunctionPath is { } path)
        {
            var node = FunctionNode(call);
            if (node is null || !node.IsFunction) throw new EvalException("rego_type_error", $"undefined function {call.Operator}", call.Location);
            return CallFunction(node, operands, call.Location);
        }
        return CallBuiltin(call.Builtin!, operands, call.Location);
    }

    private Value? CallBuiltin(Builtin builtin, ReadOnlySpan<Value> operands, Location location)
    {
        try
        {
            if (builtin.Function is { } function) return function(operands, _context);
            foreach (var result in builtin.Relation!(operands.ToArray(), _context)) return result;
            return null;
        }
        catch (BuiltinException error)
        {
            if (_options.StrictBuiltinErrors) throw new EvalException(error.Code, error.Message, location);
            return null;
        }
        catch (EvalException)
        {
            throw;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            if (_options.StrictBuiltinErrors) throw new EvalException("eval_internal_error", $"{builtin.Name}: {error.Message}", location);
            return null;
        }
    }

    private List<Value> RelationResults(Builtin builtin, RelationalBuiltinFunction relation, Value[] operands, Location location)
    {
        try
        {
            return relation((Value[])operands.Clone(), _context).ToList();
        }
        catch (BuiltinException error)
        {
            if (_options.StrictBuiltinErrors) throw new EvalException(error.Code, error.Message, location);
            return [];
        }
    }

    internal static string PathKey(IEnumerable<Value> path) => "data." + string.Join('.', path.Select(p => p is StringValue s ? s.Value : p.ToString()));
}
