using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Compiler;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Eval;

internal sealed partial class Evaluator
{
    private sealed record WithState(Value? Input, Value Data, RuleValueCache Cache,
        Dictionary<RuleNode, Value> NodeOverrides, Dictionary<string, Term> FunctionOverrides);

    private WithState Save() => new(_input, _data, _cache, _nodeOverrides, _functionOverrides);

    private void Restore(WithState state)
    {
        _input = state.Input;
        _data = state.Data;
        _cache = state.Cache;
        _nodeOverrides = state.NodeOverrides;
        _functionOverrides = state.FunctionOverrides;
    }

    /// <summary>
    /// Evaluates an expression with <c>with</c> modifiers applied. The replacements hold only for the expression:
    /// they are removed before the continuation runs and put back when it returns (for further solutions).
    /// </summary>
    private bool EvalWith(Expr expr, Value?[] frame, Func<bool> k)
    {
        var outside = Save();
        var values = new Value[expr.With.Count];
        for (var i = 0; i < expr.With.Count; i++)
        {
            var with = expr.With[i];
            if (IsFunctionTarget(with.Target, out _) && IsFunctionReference(with.Value)) continue;
            Value? value = null;
            EvalTerm(with.Value, frame, v =>
            {
                value = v;
                return true;
            });
            if (value is null) return false;
            values[i] = value;
        }
        _cache = RuleValueCache.ForWith(_policy.NodeCount);
        _nodeOverrides = new Dictionary<RuleNode, Value>(_nodeOverrides);
        _functionOverrides = new Dictionary<string, Term>(_functionOverrides, StringComparer.Ordinal);
        for (var i = 0; i < expr.With.Count; i++) Apply(expr.With[i], values[i]);
        var inside = Save();
        var withoutWith = CloneWithoutModifiers(expr);
        try
        {
            return withoutWith.Negated
                ? !EvalPositive(withoutWith, frame, () => true) && Outside(outside, inside, k)
                : EvalPositive(withoutWith, frame, () => Outside(outside, inside, k));
        }
        finally
        {
            Restore(outside);
        }
    }

    private bool Outside(WithState outside, WithState inside, Func<bool> k)
    {
        Restore(outside);
        try { return k(); }
        finally { Restore(inside); }
    }

    private static Expr CloneWithoutModifiers(Expr expr) => expr switch
    {
        TermExpr t => new TermExpr { Term = t.Term, Location = t.Location, Negated = t.Negated },
        UnifyExpr u => new UnifyExpr { Left = u.Left, Right = u.Right, IsAssign = u.IsAssign, Location = u.Location, Negated = u.Negated },
        SomeInExpr s => new SomeInExpr { Key = s.Key, Value = s.Value, Collection = s.Collection, Location = s.Location, Negated = s.Negated },
        EveryExpr e => new EveryExpr { Key = e.Key, Value = e.Value, Domain = e.Domain, Body = e.Body, Location = e.Location, Negated = e.Negated },
        _ => expr,
    };

    private bool IsFunctionReference(Term term) =>
        term is CallTerm { Args.Count: 0 }
        || term is RefTerm { Head: VarTerm { Slot: Roots.Data } } r && r.Path.All(p => p is ScalarTerm)
            && _policy.Root.Find(r.Path.Select(p => ((ScalarTerm)p).Value)) is { IsFunction: true };

    private bool IsFunctionTarget(Term target, out string key)
    {
        key = "";
        if (target is CallTerm call)
        {
            key = call.Operator;
            return true;
        }
        if (target is RefTerm { Head: VarTerm { Slot: Roots.Data } } r && r.Path.All(p => p is ScalarTerm))
        {
            var path = r.Path.Select(p => ((ScalarTerm)p).Value).ToArray();
            if (_policy.Root.Find(path) is { IsFunction: true })
            {
                key = PathKey(path);
                return true;
            }
        }
        return false;
    }

    private void Apply(WithModifier with, Value? value)
    {
        if (IsFunctionTarget(with.Target, out var key))
        {
            // A value replacement is evaluated here, in the frame that wrote it; calls happen in other frames.
            _functionOverrides[key] = value is null ? with.Value : new ScalarTerm { Value = value, Location = with.Location };
            return;
        }
        if (with.Target is not RefTerm { Head: VarTerm head } reference || !reference.Path.All(p => p is ScalarTerm))
            throw new EvalException("rego_compile_error", "with keyword target must reference existing input, data, or a function", with.Location);
        var path = reference.Path.Select(p => ((ScalarTerm)p).Value).ToArray();
        if (head.Slot == Roots.Input)
        {
            _input = SetPath(_input, path, 0, value!);
            return;
        }
        var node = _policy.Root;
        for (var i = 0; i < path.Length; i++)
        {
            if (node.Rules.Count > 0 || node.Default is not null)
            {
                _nodeOverrides[node] = SetPath(ChildDocument(node, null), path, i, value!);
                return;
            }
            if (!node.Children.TryGetValue(path[i], out var child))
            {
                _data = SetPath(_data, path, 0, value!);
                return;
            }
            node = child;
        }
        _nodeOverrides[node] = value!;
        _data = SetPath(_data, path, 0, value!);
    }

    private static Value SetPath(Value? target, Value[] path, int index, Value value)
    {
        if (index == path.Length) return value;
        var obj = target as ObjectValue ?? ObjectValue.Empty;
        return obj.With(path[index], SetPath(obj.Get(path[index]), path, index + 1, value));
    }

    /// <summary>Calls what a <c>with</c> modifier put in place of a function: another function, a builtin, or a value.</summary>
    private Value? InvokeReplacement(Term replacement, Value[] operands, Value?[] frame, CallTerm call)
    {
        switch (replacement)
        {
            case RefTerm { Head: VarTerm { Slot: Roots.Data } } r when r.Path.All(p => p is ScalarTerm)
                && _policy.Root.Find(r.Path.Select(p => ((ScalarTerm)p).Value)) is { IsFunction: true } node:
                return CallFunction(node, operands, call.Location);
            case VarTerm { Slot: -1 } named when _policy.Builtins.TryGet(named.Name, out var builtin):
                return CallBuiltin(builtin, operands, call.Location);
            case CallTerm { Args.Count: 0 } named when _policy.Builtins.TryGet(named.Operator, out var other):
                return CallBuiltin(other, operands, call.Location);
            default:
                Value? result = null;
                EvalTerm(replacement, frame, v =>
                {
                    result = v;
                    return true;
                });
                return result;
        }
    }
}
