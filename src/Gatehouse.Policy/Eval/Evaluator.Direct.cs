using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Compiler;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Eval;

/// <summary>
/// The direct path: most expressions in real policies have at most one solution (a comparison, a builtin call, a
/// reference with ground selectors, <c>x := …</c>). They are evaluated here to a value without continuations or
/// closures; only expressions that may iterate or need unification fall back to the continuation-passing evaluator.
/// Evaluation here has no side effects, so giving up half-way and falling back is always safe.
/// </summary>
internal sealed partial class Evaluator
{
    private enum Direct
    {
        /// <summary>Not handled here; use the continuation-passing path.</summary>
        Fallback,

        /// <summary>The expression is false or undefined.</summary>
        Fail,

        /// <summary>The expression holds and bound nothing.</summary>
        Pass,

        /// <summary>The expression holds and bound one slot, which the caller clears on backtracking.</summary>
        Bound,
    }

    private Direct TryDirect(Expr expr, Value?[] frame, out int boundSlot)
    {
        boundSlot = -1;
        if (expr.With.Count > 0) return Direct.Fallback;
        switch (expr)
        {
            case TermExpr t:
                if (t.Term is CallTerm call && OutputArity(call) is { } arity && call.Args.Count == arity + 1) return Direct.Fallback;
                if (!TryValue(t.Term, frame, out var value)) return Direct.Fallback;
                Step();
                var holds = value is not null and not BooleanValue { Value: false };
                if (expr.Negated) return holds ? Direct.Fail : Direct.Pass;
                if (!holds) return Direct.Fail;
                RecordDirect(expr, value!);
                return Direct.Pass;
            case UnifyExpr u when !expr.Negated:
                if (u.Left is VarTerm { Slot: >= 0 } target && frame[target.Slot] is null)
                {
                    if (!TryValue(u.Right, frame, out var right)) return Direct.Fallback;
                    Step();
                    if (right is null) return Direct.Fail;
                    frame[target.Slot] = right;
                    boundSlot = target.Slot;
                    RecordDirect(expr, BooleanValue.True);
                    return Direct.Bound;
                }
                if (!IsReady(u.Left, frame) || !IsReady(u.Right, frame)) return Direct.Fallback;
                if (!TryValue(u.Right, frame, out var r) || !TryValue(u.Left, frame, out var l)) return Direct.Fallback;
                Step();
                if (l is null || r is null || !l.Equals(r)) return Direct.Fail;
                RecordDirect(expr, BooleanValue.True);
                return Direct.Pass;
            default:
                return Direct.Fallback;
        }
    }

    private void RecordDirect(Expr expr, Value value)
    {
        if (ExpressionValues is { } values && values.ContainsKey(expr)) values[expr] = value;
    }

    /// <summary>
    /// Evaluates a term that has at most one value. Returns false when the term may have several values or needs
    /// unification (then nothing was bound); otherwise <paramref name="value"/> is its value, or null when undefined.
    /// </summary>
    public bool TryValue(Term term, Value?[] frame, out Value? value)
    {
        value = null;
        switch (term)
        {
            case ScalarTerm s:
                value = s.Value;
                return true;
            case VarTerm v:
                if (v.Slot == Roots.Input)
                {
                    value = _input;
                    return true;
                }
                if (v.Slot < 0) return false;
                value = frame[v.Slot];
                return value is not null;
            case RefTerm r:
                return TryRef(r, frame, out value);
            case ArrayTerm or SetTerm or ObjectTerm when GroundTerms.ValueOf(term) is { } constant:
                value = constant;
                return true;
            case ArrayTerm a:
            {
                var items = new Value[a.Items.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    if (!TryValue(a.Items[i], frame, out var item)) return false;
                    if (item is null) return true;
                    items[i] = item;
                }
                value = new ArrayValue(items);
                return true;
            }
            case SetTerm s:
            {
                var items = new Value[s.Items.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    if (!TryValue(s.Items[i], frame, out var item)) return false;
                    if (item is null) return true;
                    items[i] = item;
                }
                value = SetValue.Of(items);
                return true;
            }
            case ObjectTerm o:
            {
                var items = new Dictionary<Value, Value>(o.Items.Count);
                foreach (var (keyTerm, valueTerm) in o.Items)
                {
                    if (!TryValue(keyTerm, frame, out var key) || !TryValue(valueTerm, frame, out var item)) return false;
                    if (key is null || item is null) return true;
                    items[key] = item;
                }
                value = ObjectValue.FromOwned(items);
                return true;
            }
            case CallTerm c when IsPrint(c) && !_functionOverrides.ContainsKey(c.Operator):
                value = Print(c, frame);
                return true;
            case CallTerm { Builtin.Function: not null } c when c.Args.Count <= OperandBuffer.Length && _functionOverrides.Count == 0:
                return TryBuiltin(c, frame, out value);
            case CallTerm c:
                if (c.Builtin?.Relation is not null) return false;
                var operands = new Value[c.Args.Count];
                for (var i = 0; i < operands.Length; i++)
                {
                    if (!TryValue(c.Args[i], frame, out var operand)) return false;
                    if (operand is null) return true;
                    operands[i] = operand;
                }
                value = Invoke(c, operands, frame);
                return true;
            case ComprehensionTerm c:
                value = EvalComprehension(c, frame);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A builtin call with a few operands, evaluated into a buffer on the stack: builtins read their operands as a span
    /// and keep none, so the commonest expressions (comparisons, <c>in</c>, <c>startswith</c>) allocate no operand array.
    /// </summary>
    private bool TryBuiltin(CallTerm call, Value?[] frame, out Value? value)
    {
        value = null;
        var buffer = new OperandBuffer();
        Span<Value> operands = buffer;
        var count = call.Args.Count;
        for (var i = 0; i < count; i++)
        {
            if (!TryValue(call.Args[i], frame, out var operand)) return false;
            if (operand is null) return true;
            operands[i] = operand;
        }
        value = CallBuiltin(call.Builtin!, operands[..count], call.Location);
        return true;
    }

    /// <summary>Room for the operands of a builtin call on the stack (see <see cref="TryBuiltin"/>).</summary>
    [System.Runtime.CompilerServices.InlineArray(Length)]
    private struct OperandBuffer
    {
        public const int Length = 4;
        private Value _first;
    }

    /// <summary>Fills <paramref name="values"/> with single-valued terms: true when all are defined, false when one is undefined, null when one may iterate.</summary>
    private bool? TryItems(List<Term> terms, Value[] values, Value?[] frame)
    {
        for (var i = 0; i < terms.Count; i++)
        {
            if (!TryValue(terms[i], frame, out var value)) return null;
            if (value is null) return false;
            values[i] = value;
        }
        return true;
    }

    private bool TryRef(RefTerm reference, Value?[] frame, out Value? value)
    {
        value = null;
        if (reference.VariableSelectors == 0)
            reference.VariableSelectors = reference.Path.Exists(p => p is VarTerm { Slot: >= 0 }) ? 1 : -1;
        if (reference.VariableSelectors > 0)
            foreach (var selector in reference.Path)
                if (selector is VarTerm { Slot: >= 0 } v && frame[v.Slot] is null) return false;
        if (reference.Head is VarTerm { Slot: Roots.Data })
        {
            if (_nodeOverrides.Count == 0 && RuleNodeOf(reference) is var (node, depth))
            {
                if (node.IsFunction) return true;
                return TrySelect(NodeValue(node), reference.Path, depth, frame, out value);
            }
            return TryDataPath(reference.Path, frame, out value);
        }
        Value? current;
        if (reference.Head is VarTerm { Slot: Roots.Input }) current = _input;
        else if (!TryValue(reference.Head, frame, out current)) return false;
        return TrySelect(current, reference.Path, 0, frame, out value);
    }

    /// <summary>
    /// Selects <c>path[index..]</c>. Inside base documents (<paramref name="baseDocuments"/>), as in OPA, a number also
    /// finds the object key spelled as that number: data files only have string keys, so <c>data.nested[2]</c> reads "2".
    /// </summary>
    private bool TrySelect(Value? current, List<Term> path, int index, Value?[] frame, out Value? value, bool baseDocuments = false)
    {
        value = null;
        for (var i = index; i < path.Count && current is not null; i++)
        {
            Value? key;
            if (path[i] is ScalarTerm constant) key = constant.Value;
            else if (!TryValue(path[i], frame, out key)) return false;
            current = key is null ? null
                : Select(current, key) ?? (baseDocuments && key is NumberValue && current is ObjectValue obj ? obj.Get(key.ToString()) : null);
        }
        value = current;
        return true;
    }

    /// <summary>
    /// The node holding rules that the leading constant selections of a <c>data</c> reference reach, and how many
    /// selections that takes; null when they reach none (base data, or a dynamic selection first). Cached on the term.
    /// </summary>
    private (RuleNode Node, int Depth)? RuleNodeOf(RefTerm reference)
    {
        if (reference.ResolvedIn is { } resolved && ReferenceEquals(resolved.Root, _policy.Root))
            return resolved.Depth < 0 ? null : (resolved.Node, resolved.Depth);
        var node = _policy.Root;
        var depth = 0;
        while (node.Rules.Count == 0 && node.Default is null)
        {
            if (depth == reference.Path.Count || reference.Path[depth] is not ScalarTerm key || node.Children.GetValueOrDefault(key.Value) is not { } child)
            {
                reference.ResolvedIn = new ResolvedReference(_policy.Root, node, -1);
                return null;
            }
            node = child;
            depth++;
        }
        reference.ResolvedIn = new ResolvedReference(_policy.Root, node, depth);
        return (node, depth);
    }

    /// <summary>A ground path under <c>data</c>: the rule tree and base documents walked together, as in <see cref="EvalDataPath"/>.</summary>
    private bool TryDataPath(List<Term> path, Value?[] frame, out Value? value)
    {
        value = null;
        RuleNode? node = _policy.Root;
        Value? baseValue = _data;
        for (var i = 0; ; i++)
        {
            if (node is null) return TrySelect(baseValue, path, i, frame, out value, baseDocuments: true);
            if (_nodeOverrides.Count > 0 && _nodeOverrides.TryGetValue(node, out var replaced)) return TrySelect(replaced, path, i, frame, out value);
            if (node.Rules.Count > 0 || node.Default is not null)
            {
                if (node.IsFunction) return true;
                return TrySelect(NodeValue(node), path, i, frame, out value);
            }
            if (i == path.Count)
            {
                value = FullDocument(node, baseValue);
                return true;
            }
            Value? key;
            if (path[i] is ScalarTerm constant) key = constant.Value;
            else if (!TryValue(path[i], frame, out key)) return false;
            if (key is null) return true;
            node = node.Children.GetValueOrDefault(key);
            baseValue = Child(baseValue, key);
        }
    }

    /// <summary>
    /// <c>some k, v in coll</c> with fresh variables over a single-valued collection: a plain loop that binds the slots
    /// and evaluates the rest of the body for each member. Returns false when the expression needs the general path.
    /// </summary>
    private bool TryIterate(SomeInExpr some, List<Expr> exprs, int index, Value?[] frame, Func<bool> k, out bool stopped)
    {
        stopped = false;
        if (some.With.Count > 0 || some.Negated) return false;
        if (some.Value is not VarTerm { Slot: >= 0 } valueVar || frame[valueVar.Slot] is not null) return false;
        var keySlot = -1;
        if (some.Key is not null)
        {
            if (some.Key is not VarTerm { Slot: >= 0 } keyVar || frame[keyVar.Slot] is not null || keyVar.Slot == valueVar.Slot) return false;
            keySlot = keyVar.Slot;
        }
        if (!TryValue(some.Collection, frame, out var collection)) return false;
        Step();
        if (collection is null) return true;
        try
        {
            switch (collection)
            {
                case ArrayValue array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (keySlot >= 0) frame[keySlot] = NumberValue.Of(i);
                        frame[valueVar.Slot] = array[i];
                        Step(); // every member counts towards the step budget, so long loops stay bounded
                        if (EvalBody(exprs, index + 1, frame, k)) return stopped = true;
                    }
                    break;
                case ObjectValue obj:
                    foreach (var (key, value) in obj)
                    {
                        if (keySlot >= 0) frame[keySlot] = key;
                        frame[valueVar.Slot] = value;
                        Step();
                        if (EvalBody(exprs, index + 1, frame, k)) return stopped = true;
                    }
                    break;
                case SetValue set:
                    foreach (var item in set)
                    {
                        if (keySlot >= 0) frame[keySlot] = item;
                        frame[valueVar.Slot] = item;
                        Step();
                        if (EvalBody(exprs, index + 1, frame, k)) return stopped = true;
                    }
                    break;
            }
            return true;
        }
        finally
        {
            if (keySlot >= 0) frame[keySlot] = null;
            frame[valueVar.Slot] = null;
        }
    }
}
