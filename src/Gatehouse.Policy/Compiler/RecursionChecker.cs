using Gatehouse.Policy.Ast;

namespace Gatehouse.Policy.Compiler;

/// <summary>
/// Rejects recursive rules at compile time, as OPA does (<c>rego_recursion_error</c>): a rule or function that reaches
/// itself through the rules and functions it references. A reference that stops above any rule (<c>data.pkg</c>)
/// depends on every rule below it; one with a dynamic selection before reaching a rule (<c>data[x].allow</c>) is left
/// to the evaluator's own recursion check. The error names the cycle and
/// the location of the rule that starts it, so a bundle with one never loads instead of failing on every request.
/// </summary>
internal sealed class RecursionChecker
{
    private readonly RuleNode _root;
    private readonly Dictionary<RuleNode, List<RuleNode>> _edges = [];
    private readonly Dictionary<RuleNode, int> _state = []; // 1: on the current path, 2: done
    private readonly List<RuleNode> _path = [];
    private readonly HashSet<RuleNode> _reported = [];

    private RecursionChecker(RuleNode root) => _root = root;

    /// <summary>Adds an error for each cycle among the rules below <paramref name="root"/>.</summary>
    public static void Check(RuleNode root, List<RegoError> errors)
    {
        var checker = new RecursionChecker(root);
        foreach (var node in RuleNodes(root)) checker.Visit(node, errors);
    }

    private static IEnumerable<RuleNode> RuleNodes(RuleNode node)
    {
        if (node.Rules.Count > 0 || node.Default is not null) yield return node;
        foreach (var child in node.Children.Values)
            foreach (var below in RuleNodes(child)) yield return below;
    }

    private void Visit(RuleNode node, List<RegoError> errors)
    {
        if (_state.TryGetValue(node, out var state))
        {
            if (state == 1) Report(node, errors);
            return;
        }
        _state[node] = 1;
        _path.Add(node);
        foreach (var next in Edges(node)) Visit(next, errors);
        _path.RemoveAt(_path.Count - 1);
        _state[node] = 2;
    }

    private void Report(RuleNode start, List<RegoError> errors)
    {
        var cycle = _path.Skip(_path.IndexOf(start)).ToList();
        if (!_reported.Add(start) || cycle.Skip(1).Any(_reported.Contains)) return;
        var rule = start.Rules.FirstOrDefault() ?? start.Default!;
        var names = string.Join(" -> ", cycle.Append(start).Select(n => n.DisplayPath));
        errors.Add(new RegoError("rego_recursion_error", $"rule {start.DisplayPath} is recursive: {names}", rule.Location));
    }

    private List<RuleNode> Edges(RuleNode node)
    {
        if (_edges.TryGetValue(node, out var known)) return known;
        var found = new List<RuleNode>();
        foreach (var rule in node.Default is null ? node.Rules : node.Rules.Append(node.Default))
            for (var r = rule; r is not null; r = r.Else)
                foreach (var term in RuleTerms(r)) Targets(term, found);
        return _edges[node] = found;
    }

    private void Targets(Term term, List<RuleNode> found)
    {
        switch (term)
        {
            case RefTerm { Head: VarTerm { Slot: Roots.Data } } reference:
                var node = _root;
                foreach (var selector in reference.Path)
                {
                    if (node.Rules.Count > 0 || node.Default is not null) break;
                    // A dynamic selection could lead anywhere below; those cycles are left to evaluation, which
                    // detects them too, rather than rejecting policies that only look recursive.
                    if (selector is not ScalarTerm key) return;
                    if (!node.Children.TryGetValue(key.Value, out var child)) return; // base data only
                    node = child;
                }
                found.AddRange(RuleNodes(node));
                break;
            case CallTerm { FunctionPath: { } path } when _root.FindPath(path) is { } function:
                found.Add(function);
                break;
        }
    }

    /// <summary>Every term in a rule: head, arguments, body, nested comprehensions and <c>every</c> bodies.</summary>
    private static IEnumerable<Term> RuleTerms(Rule rule)
    {
        var roots = new List<Term>();
        if (rule.Key is not null) roots.Add(rule.Key);
        if (rule.Value is not null) roots.Add(rule.Value);
        if (rule.Args is not null) roots.AddRange(rule.Args);
        roots.AddRange(rule.Suffix);
        return roots.SelectMany(Walk).Concat(BodyTerms(rule.Body));
    }

    private static IEnumerable<Term> BodyTerms(Body body) => body.Exprs.SelectMany(expr =>
    {
        IEnumerable<Term> own = expr switch
        {
            TermExpr t => Walk(t.Term),
            UnifyExpr u => Walk(u.Left).Concat(Walk(u.Right)),
            SomeInExpr s => (s.Key is null ? [] : Walk(s.Key)).Concat(Walk(s.Value)).Concat(Walk(s.Collection)),
            EveryExpr e => Walk(e.Domain).Concat(BodyTerms(e.Body)),
            _ => [],
        };
        return own.Concat(expr.With.SelectMany(w => Walk(w.Value)));
    });

    private static IEnumerable<Term> Walk(Term term)
    {
        yield return term;
        IEnumerable<Term> inner = term switch
        {
            RefTerm r => r.Path.Prepend(r.Head),
            ArrayTerm a => a.Items,
            SetTerm s => s.Items,
            ObjectTerm o => o.Items.SelectMany(i => new[] { i.Key, i.Value }),
            CallTerm c => c.Args,
            ComprehensionTerm c => (c.Value is null ? [c.Head] : new[] { c.Head, c.Value }).Concat(BodyTerms(c.Body)),
            _ => [],
        };
        foreach (var child in inner)
            foreach (var nested in Walk(child)) yield return nested;
    }
}
