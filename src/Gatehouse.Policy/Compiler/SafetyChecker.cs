using Gatehouse.Policy.Ast;

namespace Gatehouse.Policy.Compiler;

/// <summary>
/// Checks that every variable is bound before it is needed and reorders body expressions so that it is (OPA lets
/// <c>x &gt; 1; x = 2</c> run as <c>x = 2; x &gt; 1</c>). A variable no expression can bind is reported as
/// <c>rego_unsafe_var_error: var x is unsafe</c> at the expression that needs it.
/// </summary>
internal sealed class SafetyChecker(List<RegoError> errors, RuleNode root)
{
    private int? FunctionArity(CallTerm call)
    {
        if (call.Builtin is { IsVariadic: false } builtin) return builtin.Arity;
        if (call.FunctionPath is { } path && root.Find(path) is { } node)
            return node.Rules.FirstOrDefault()?.Args?.Count ?? node.Default?.Args?.Count;
        return null;
    }

    private readonly Dictionary<int, string> _names = [];

    public void CheckRule(Rule rule)
    {
        var bound = new HashSet<int>();
        if (rule.Args is { } args)
            foreach (var arg in args) Collect(arg, bound);
        bound = Reorder(rule.Body, bound, [.. bound]);
        var headTerms = new List<Term>(rule.Suffix);
        if (rule.Key is not null) headTerms.Add(rule.Key);
        if (rule.Value is not null) headTerms.Add(rule.Value);
        foreach (var term in headTerms)
        {
            var needs = Needs(term, bound).Where(s => !bound.Contains(s)).Distinct().ToList();
            foreach (var slot in needs) Unsafe(slot, term.Location);
            if (needs.Count == 0)
                foreach (var comprehension in Comprehensions(term)) CheckNested(comprehension.Body, bound, bound);
        }
    }

    public void CheckQuery(Body body) => Reorder(body, [], []);

    private void Unsafe(int slot, Location location) =>
        errors.Add(new RegoError("rego_unsafe_var_error", $"var {Name(slot)} is unsafe", location));

    private string Name(int slot) => _names.TryGetValue(slot, out var name) ? (name.StartsWith("$_", StringComparison.Ordinal) ? "_" : name) : $"${slot}";

    private void Collect(Term term, HashSet<int> into)
    {
        foreach (var v in Vars(term)) into.Add(v.Slot);
    }

    /// <summary>Every variable in a term, not descending into comprehensions.</summary>
    private IEnumerable<VarTerm> Vars(Term term)
    {
        switch (term)
        {
            case VarTerm { Slot: >= 0 } v:
                _names[v.Slot] = v.Name;
                yield return v;
                break;
            case RefTerm r:
                foreach (var x in Vars(r.Head)) yield return x;
                foreach (var p in r.Path) foreach (var x in Vars(p)) yield return x;
                break;
            case ArrayTerm a:
                foreach (var i in a.Items) foreach (var x in Vars(i)) yield return x;
                break;
            case SetTerm s:
                foreach (var i in s.Items) foreach (var x in Vars(i)) yield return x;
                break;
            case ObjectTerm o:
                foreach (var (k, v) in o.Items)
                {
                    foreach (var x in Vars(k)) yield return x;
                    foreach (var x in Vars(v)) yield return x;
                }
                break;
            case CallTerm c:
                foreach (var i in c.Args) foreach (var x in Vars(i)) yield return x;
                break;
        }
    }

    /// <summary>Every variable in a term including inside comprehensions (their free and local variables alike).</summary>
    private IEnumerable<int> DeepSlots(Term term)
    {
        foreach (var v in Vars(term)) yield return v.Slot;
        foreach (var comprehension in Comprehensions(term))
        {
            foreach (var s in DeepSlots(comprehension.Head)) yield return s;
            if (comprehension.Value is not null) foreach (var s in DeepSlots(comprehension.Value)) yield return s;
            foreach (var expr in comprehension.Body.Exprs) foreach (var t in ExprTerms(expr)) foreach (var s in DeepSlots(t)) yield return s;
        }
    }

    private static IEnumerable<ComprehensionTerm> Comprehensions(Term term)
    {
        switch (term)
        {
            case ComprehensionTerm c: yield return c; break;
            case RefTerm r:
                foreach (var x in Comprehensions(r.Head)) yield return x;
                foreach (var p in r.Path) foreach (var x in Comprehensions(p)) yield return x;
                break;
            case ArrayTerm a:
                foreach (var i in a.Items) foreach (var x in Comprehensions(i)) yield return x;
                break;
            case SetTerm s:
                foreach (var i in s.Items) foreach (var x in Comprehensions(i)) yield return x;
                break;
            case ObjectTerm o:
                foreach (var (k, v) in o.Items)
                {
                    foreach (var x in Comprehensions(k)) yield return x;
                    foreach (var x in Comprehensions(v)) yield return x;
                }
                break;
            case CallTerm call:
                foreach (var i in call.Args) foreach (var x in Comprehensions(i)) yield return x;
                break;
        }
    }

    private static IEnumerable<Term> ExprTerms(Expr expr)
    {
        switch (expr)
        {
            case TermExpr t: yield return t.Term; break;
            case UnifyExpr u: yield return u.Left; yield return u.Right; break;
            case SomeInExpr s:
                if (s.Key is not null) yield return s.Key;
                yield return s.Value;
                yield return s.Collection;
                break;
            case EveryExpr e: yield return e.Domain; break;
        }
        foreach (var with in expr.With) yield return with.Value;
    }

    // The variables that must be bound before the term can be evaluated to a value. Variables directly in a
    // reference's selections are outputs (the reference iterates), comprehension variables only count when shared.
    private HashSet<int> _outer = [];

    private IEnumerable<int> Needs(Term term, HashSet<int> bound)
    {
        switch (term)
        {
            case VarTerm { Slot: >= 0 } v: yield return v.Slot; break;
            case RefTerm r:
                foreach (var s in Needs(r.Head, bound)) yield return s;
                foreach (var p in r.Path)
                    if (p is not (VarTerm or ArrayTerm or ObjectTerm))
                        foreach (var s in Needs(p, bound)) yield return s;
                break;
            case ArrayTerm a:
                foreach (var i in a.Items) foreach (var s in Needs(i, bound)) yield return s;
                break;
            case SetTerm set:
                foreach (var i in set.Items) foreach (var s in Needs(i, bound)) yield return s;
                break;
            case ObjectTerm o:
                foreach (var (k, v) in o.Items)
                {
                    foreach (var s in Needs(k, bound)) yield return s;
                    foreach (var s in Needs(v, bound)) yield return s;
                }
                break;
            case CallTerm c:
                foreach (var i in c.Args) foreach (var s in Needs(i, bound)) yield return s;
                break;
            case ComprehensionTerm comprehension:
                foreach (var s in DeepSlots(comprehension).Where(_outer.Contains)) yield return s;
                break;
        }
    }

    /// <summary>Variables a term binds when evaluated: those directly in reference selections.</summary>
    private IEnumerable<int> Outputs(Term term)
    {
        switch (term)
        {
            case RefTerm r:
                foreach (var s in Outputs(r.Head)) yield return s;
                foreach (var p in r.Path)
                {
                    if (p is VarTerm { Slot: >= 0 } v) yield return v.Slot;
                    else if (p is ArrayTerm or ObjectTerm) foreach (var x in Vars(p)) yield return x.Slot;
                    else foreach (var s in Outputs(p)) yield return s;
                }
                break;
            case ArrayTerm a:
                foreach (var i in a.Items) foreach (var s in Outputs(i)) yield return s;
                break;
            case SetTerm set:
                foreach (var i in set.Items) foreach (var s in Outputs(i)) yield return s;
                break;
            case ObjectTerm o:
                foreach (var (k, v) in o.Items)
                {
                    foreach (var s in Outputs(k)) yield return s;
                    foreach (var s in Outputs(v)) yield return s;
                }
                break;
            case CallTerm c:
                foreach (var i in c.Args) foreach (var s in Outputs(i)) yield return s;
                break;
        }
    }

    private bool Evaluable(Term term, HashSet<int> bound) => Needs(term, bound).All(bound.Contains);

    private HashSet<int>? Pattern(Term term, HashSet<int> bound)
    {
        switch (term)
        {
            case VarTerm { Slot: >= 0 } v:
                return bound.Contains(v.Slot) ? [] : [v.Slot];
            case ArrayTerm a:
                var result = new HashSet<int>();
                foreach (var item in a.Items)
                {
                    var inner = Pattern(item, bound);
                    if (inner is null) return null;
                    result.UnionWith(inner);
                }
                return result;
            case ObjectTerm o:
                var objectResult = new HashSet<int>();
                foreach (var (k, v) in o.Items)
                {
                    if (!Evaluable(k, bound)) return null;
                    var inner = Pattern(v, bound);
                    if (inner is null) return null;
                    objectResult.UnionWith(inner);
                    objectResult.UnionWith(Outputs(k));
                }
                return objectResult;
            default:
                return Evaluable(term, bound) ? [.. Outputs(term)] : null;
        }
    }

    private HashSet<int>? Unifiable(Term left, Term right, HashSet<int> bound)
    {
        if (Evaluable(left, bound) && Pattern(right, bound) is { } fromRight)
        {
            fromRight.UnionWith(Outputs(left));
            return fromRight;
        }
        if (Evaluable(right, bound) && Pattern(left, bound) is { } fromLeft)
        {
            fromLeft.UnionWith(Outputs(right));
            return fromLeft;
        }
        if (left is ObjectTerm lo && right is ObjectTerm ro && lo.Items.Count == ro.Items.Count)
        {
            var pairs = PairByKey(lo, ro);
            if (pairs is null) return null;
            left = new ArrayTerm { Items = pairs.Select(p => p.Left).ToList(), Location = lo.Location };
            right = new ArrayTerm { Items = pairs.Select(p => p.Right).ToList(), Location = ro.Location };
        }
        if (left is ArrayTerm a && right is ArrayTerm b && a.Items.Count == b.Items.Count)
        {
            var accumulated = new HashSet<int>(bound);
            var outputs = new HashSet<int>();
            for (var progress = true; progress;)
            {
                progress = false;
                for (var i = 0; i < a.Items.Count; i++)
                {
                    var pair = Unifiable(a.Items[i], b.Items[i], accumulated);
                    if (pair is null) continue;
                    foreach (var s in pair)
                        if (accumulated.Add(s)) { outputs.Add(s); progress = true; }
                }
            }
            for (var i = 0; i < a.Items.Count; i++)
                if (Unifiable(a.Items[i], b.Items[i], accumulated) is null) return null;
            return outputs;
        }
        return null;
    }

    /// <summary>Pairs the values of two object patterns whose keys are all scalars; null when keys differ or are not scalars.</summary>
    internal static List<(Term Left, Term Right)>? PairByKey(ObjectTerm left, ObjectTerm right)
    {
        var pairs = new List<(Term, Term)>();
        foreach (var (key, value) in left.Items)
        {
            if (key is not ScalarTerm k) return null;
            var match = right.Items.FindIndex(item => item.Key is ScalarTerm other && other.Value.Equals(k.Value));
            if (match < 0) return null;
            pairs.Add((value, right.Items[match].Value));
        }
        return pairs;
    }

    /// <summary>Variables the expression binds if it can run now, or null if it cannot.</summary>
    private HashSet<int>? Runnable(Expr expr, HashSet<int> bound)
    {
        foreach (var with in expr.With)
            if (!Evaluable(with.Value, bound)) return null;
        if (expr.Negated)
        {
            foreach (var term in ExprTerms(expr))
            {
                if (!Evaluable(term, bound)) return null;
                if (Vars(term).Any(v => !bound.Contains(v.Slot) && !v.IsWildcard)) return null;
            }
            return [];
        }
        switch (expr)
        {
            case TermExpr { Term: CallTerm call } when FunctionArity(call) is { } arity && call.Args.Count == arity + 1:
                if (!call.Args.Take(arity).All(a => Evaluable(a, bound))) return null;
                var output = Pattern(call.Args[^1], bound);
                if (output is null) return null;
                foreach (var a in call.Args.Take(arity)) output.UnionWith(Outputs(a));
                return output;
            case TermExpr t:
                return Evaluable(t.Term, bound) ? [.. Outputs(t.Term)] : null;
            case UnifyExpr u:
                return Unifiable(u.Left, u.Right, bound);
            case SomeDeclExpr:
                return [];
            case SomeInExpr s:
                if (!Evaluable(s.Collection, bound)) return null;
                var result = new HashSet<int>(Outputs(s.Collection));
                foreach (var pattern in s.Key is null ? [s.Value] : new[] { s.Key, s.Value })
                {
                    var vars = Pattern(pattern, bound);
                    if (vars is null) return null;
                    result.UnionWith(vars);
                }
                return result;
            case EveryExpr e:
                return Evaluable(e.Domain, bound) ? [] : null;
            default:
                return [];
        }
    }

    private HashSet<int> Reorder(Body body, HashSet<int> bound, HashSet<int> outer)
    {
        var savedOuter = _outer;
        var allOuter = new HashSet<int>(outer);
        foreach (var expr in body.Exprs)
            foreach (var term in ExprTerms(expr)) Collect(term, allOuter);
        _outer = allOuter;
        bound = new HashSet<int>(bound);
        var remaining = new List<Expr>(body.Exprs);
        var ordered = new List<Expr>();
        while (remaining.Count > 0)
        {
            Expr? chosen = null;
            HashSet<int>? outputs = null;
            foreach (var expr in remaining)
            {
                outputs = Runnable(expr, bound);
                if (outputs is null) continue;
                chosen = expr;
                break;
            }
            if (chosen is null)
            {
                ReportUnsafe(remaining, bound);
                break;
            }
            remaining.Remove(chosen);
            ordered.Add(chosen);
            foreach (var term in ExprTerms(chosen))
                foreach (var comprehension in Comprehensions(term)) CheckNested(comprehension.Body, bound, allOuter, comprehension);
            if (chosen is EveryExpr every)
            {
                var inner = new HashSet<int>(bound);
                if (every.Key is not null) inner.Add(every.Key.Slot);
                inner.Add(every.Value.Slot);
                Reorder(every.Body, inner, [.. allOuter, .. inner]);
            }
            bound.UnionWith(outputs!);
        }
        body.Exprs = ordered.Concat(remaining).ToList();
        _outer = savedOuter;
        return bound;
    }

    private void CheckNested(Body body, HashSet<int> bound, HashSet<int> outer, ComprehensionTerm? comprehension = null)
    {
        var inner = Reorder(body, bound, outer);
        if (comprehension is null) return;
        var heads = new List<Term> { comprehension.Head };
        if (comprehension.Value is not null) heads.Add(comprehension.Value);
        foreach (var head in heads)
            foreach (var slot in Needs(head, inner).Concat(Outputs(head)).Where(s => !inner.Contains(s)).Distinct())
                Unsafe(slot, head.Location);
    }

    private void ReportUnsafe(List<Expr> remaining, HashSet<int> bound)
    {
        var reported = new HashSet<int>();
        foreach (var expr in remaining)
            foreach (var term in ExprTerms(expr))
                foreach (var v in Vars(term))
                    if (!bound.Contains(v.Slot) && reported.Add(v.Slot)) Unsafe(v.Slot, v.Location);
        if (reported.Count == 0)
            errors.Add(new RegoError("rego_unsafe_var_error", "expression is unsafe", remaining[0].Location));
    }
}
