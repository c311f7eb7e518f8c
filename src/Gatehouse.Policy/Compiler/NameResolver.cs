using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Builtins;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Compiler;

/// <summary>
/// Resolves names in one rule (or query): local variables get frame slots (with shadowing for <c>:=</c>, <c>some</c>
/// and <c>every</c> in nested bodies), names of rules in the package and import aliases become references into
/// <c>data</c>/<c>input</c>, and calls are bound to builtins or user functions.
/// </summary>
internal sealed class NameResolver
{
    private readonly ModuleContext _context;
    private readonly List<RegoError> _errors;
    private int _nextSlot;

    public NameResolver(ModuleContext context, List<RegoError> errors)
    {
        _context = context;
        _errors = errors;
    }

    public int SlotCount => _nextSlot;

    /// <summary>Slots of variables the user wrote at the top level of a query (for result bindings).</summary>
    public Dictionary<string, int> TopLevelVars { get; } = new(StringComparer.Ordinal);

    public void ResolveRule(Rule rule)
    {
        var scope = new Scope(null);
        if (rule.Args is { } args)
        {
            foreach (var name in args.SelectMany(VarNames).Distinct())
                scope.Declare(name, _nextSlot++);
        }
        var headTerms = new List<Term>();
        headTerms.AddRange(rule.HeadRef.Skip(1));
        if (rule.Key is not null) headTerms.Add(rule.Key);
        if (rule.Value is not null) headTerms.Add(rule.Value);
        PrepareScope(rule.Body, scope, headTerms);
        if (rule.Args is { } a)
            for (var i = 0; i < a.Count; i++) a[i] = Resolve(a[i], scope);
        for (var i = 1; i < rule.HeadRef.Count; i++) rule.HeadRef[i] = Resolve(rule.HeadRef[i], scope);
        if (rule.Key is not null) rule.Key = Resolve(rule.Key, scope);
        if (rule.Value is not null) rule.Value = Resolve(rule.Value, scope);
        ResolveExprs(rule.Body, scope);
    }

    public void ResolveQuery(Body body)
    {
        var scope = new Scope(null);
        PrepareScope(body, scope, []);
        ResolveExprs(body, scope);
        foreach (var expr in body.Exprs)
            foreach (var name in TopVarNames(expr).Where(n => !n.StartsWith('$')))
                if (scope.TryLookup(name, out var slot) && scope.DeclaresHere(name)) TopLevelVars[name] = slot;
    }

    /// <summary>Declares in <paramref name="scope"/> every variable a body introduces at its own level.</summary>
    private void PrepareScope(Body body, Scope scope, List<Term> extraTerms)
    {
        for (var i = 0; i < body.Exprs.Count; i++)
        {
            foreach (var name in DeclaredNames(body.Exprs[i]))
            {
                if (!scope.DeclaresHere(name)) scope.Declare(name, _nextSlot++);
                scope.MarkDeclaredAt(name, i);
            }
        }
        foreach (var name in body.Exprs.SelectMany(TopVarNames).Concat(extraTerms.SelectMany(VarNames)))
        {
            if (scope.DeclaresHere(name) || scope.Parent?.TryLookupVisible(name, out _) == true || IsGlobal(name)) continue;
            scope.Declare(name, _nextSlot++);
        }
    }

    private bool IsGlobal(string name) =>
        name is "data" or "input" || _context.Imports.ContainsKey(name) || _context.RuleNames.Contains(name);

    private static IEnumerable<string> DeclaredNames(Expr expr) => expr switch
    {
        UnifyExpr { IsAssign: true } u => VarNames(u.Left),
        SomeDeclExpr s => s.Vars.Select(v => v.Name),
        SomeInExpr s => (s.Key is null ? [] : VarNames(s.Key)).Concat(VarNames(s.Value)),
        _ => [],
    };

    /// <summary>Variable names in an expression outside nested bodies (comprehensions, every).</summary>
    private static IEnumerable<string> TopVarNames(Expr expr)
    {
        var terms = new List<Term>();
        switch (expr)
        {
            case TermExpr t: terms.Add(t.Term); break;
            case UnifyExpr u: terms.Add(u.Left); terms.Add(u.Right); break;
            case SomeInExpr s:
                if (s.Key is not null) terms.Add(s.Key);
                terms.Add(s.Value);
                terms.Add(s.Collection);
                break;
            case EveryExpr e: terms.Add(e.Domain); break;
        }
        foreach (var with in expr.With) terms.Add(with.Value);
        return terms.SelectMany(VarNames);
    }

    /// <summary>Variable names in a term, not descending into comprehensions.</summary>
    public static IEnumerable<string> VarNames(Term term)
    {
        switch (term)
        {
            case VarTerm v: yield return v.Name; break;
            case RefTerm r:
                foreach (var n in VarNames(r.Head)) yield return n;
                foreach (var p in r.Path)
                    foreach (var n in VarNames(p)) yield return n;
                break;
            case ArrayTerm a:
                foreach (var i in a.Items)
                    foreach (var n in VarNames(i)) yield return n;
                break;
            case SetTerm s:
                foreach (var i in s.Items)
                    foreach (var n in VarNames(i)) yield return n;
                break;
            case ObjectTerm o:
                foreach (var (k, v) in o.Items)
                {
                    foreach (var n in VarNames(k)) yield return n;
                    foreach (var n in VarNames(v)) yield return n;
                }
                break;
            case CallTerm c:
                foreach (var i in c.Args)
                    foreach (var n in VarNames(i)) yield return n;
                break;
        }
    }

    private void ResolveExprs(Body body, Scope scope)
    {
        for (var index = 0; index < body.Exprs.Count; index++)
        {
            var expr = body.Exprs[index];
            scope.CurrentExpr = index;
            switch (expr)
            {
                case TermExpr t: t.Term = Resolve(t.Term, scope); break;
                case UnifyExpr u:
                    u.Left = Resolve(u.Left, scope);
                    u.Right = Resolve(u.Right, scope);
                    break;
                case SomeDeclExpr s:
                    foreach (var v in s.Vars) Resolve(v, scope);
                    break;
                case SomeInExpr s:
                    if (s.Key is not null) s.Key = Resolve(s.Key, scope);
                    s.Value = Resolve(s.Value, scope);
                    s.Collection = Resolve(s.Collection, scope);
                    break;
                case EveryExpr e:
                    e.Domain = Resolve(e.Domain, scope);
                    var inner = new Scope(scope);
                    if (e.Key is not null) inner.Declare(e.Key.Name, _nextSlot++);
                    inner.Declare(e.Value.Name, _nextSlot++);
                    PrepareScope(e.Body, inner, []);
                    if (e.Key is not null) Resolve(e.Key, inner);
                    Resolve(e.Value, inner);
                    ResolveExprs(e.Body, inner);
                    break;
            }
            foreach (var with in expr.With)
            {
                with.Target = ResolveWithTarget(with.Target);
                with.Value = with.Value is VarTerm named && !scope.TryLookup(named.Name, out _) && !IsGlobal(named.Name)
                    && _context.Builtins.Contains(named.Name)
                    ? new CallTerm { Operator = named.Name, Args = [], Location = named.Location }
                    : with.Value is RefTerm { Head: VarTerm h } dotted && !scope.TryLookup(h.Name, out _) && !IsGlobal(h.Name)
                        && CallNameOf(dotted) is { } builtinName && _context.Builtins.Contains(builtinName)
                        ? new CallTerm { Operator = builtinName, Args = [], Location = dotted.Location }
                        : Resolve(with.Value, scope);
            }
        }
    }

    private static string? CallNameOf(RefTerm reference) =>
        reference.Head is VarTerm head && reference.Path.All(p => p is ScalarTerm { Value: StringValue })
            ? head.Name + string.Concat(reference.Path.Select(p => "." + ((StringValue)((ScalarTerm)p).Value).Value))
            : null;

    /// <summary><c>with</c> targets name documents or functions, never local variables.</summary>
    private Term ResolveWithTarget(Term target)
    {
        var scope = new Scope(null);
        if (target is VarTerm v && v.Name is not ("data" or "input") && !_context.Imports.ContainsKey(v.Name) && !_context.RuleNames.Contains(v.Name))
            return new CallTerm { Operator = v.Name, Args = [], Location = v.Location };
        if (target is RefTerm r && r.Head is VarTerm h && h.Name is not ("data" or "input") && !_context.Imports.ContainsKey(h.Name)
            && !_context.RuleNames.Contains(h.Name) && r.Path.All(p => p is ScalarTerm { Value: StringValue }))
            return new CallTerm { Operator = h.Name + string.Concat(r.Path.Select(p => "." + ((StringValue)((ScalarTerm)p).Value).Value)), Args = [], Location = r.Location };
        return Resolve(target, scope);
    }

    private Term Resolve(Term term, Scope scope)
    {
        switch (term)
        {
            case VarTerm v: return ResolveVar(v, scope, []);
            case RefTerm r:
                for (var i = 0; i < r.Path.Count; i++) r.Path[i] = Resolve(r.Path[i], scope);
                if (r.Head is VarTerm head)
                {
                    var resolved = ResolveVar(head, scope, r.Path);
                    return resolved;
                }
                r.Head = Resolve(r.Head, scope);
                return r;
            case ArrayTerm a:
                for (var i = 0; i < a.Items.Count; i++) a.Items[i] = Resolve(a.Items[i], scope);
                return a;
            case SetTerm s:
                for (var i = 0; i < s.Items.Count; i++) s.Items[i] = Resolve(s.Items[i], scope);
                return s;
            case ObjectTerm o:
                for (var i = 0; i < o.Items.Count; i++) o.Items[i] = (Resolve(o.Items[i].Key, scope), Resolve(o.Items[i].Value, scope));
                return o;
            case CallTerm c:
                for (var i = 0; i < c.Args.Count; i++) c.Args[i] = Resolve(c.Args[i], scope);
                BindCall(c);
                return c;
            case ComprehensionTerm comprehension:
                var inner = new Scope(scope);
                var headTerms = new List<Term> { comprehension.Head };
                if (comprehension.Value is not null) headTerms.Add(comprehension.Value);
                PrepareScope(comprehension.Body, inner, headTerms);
                comprehension.Head = Resolve(comprehension.Head, inner);
                if (comprehension.Value is not null) comprehension.Value = Resolve(comprehension.Value, inner);
                ResolveExprs(comprehension.Body, inner);
                return comprehension;
            default:
                return term;
        }
    }

    /// <summary>A variable (with the selections that follow it): local slot, root document, import or rule reference.</summary>
    private Term ResolveVar(VarTerm v, Scope scope, List<Term> path)
    {
        Term Wrap(Term head) => path.Count == 0 && head is VarTerm ? head : new RefTerm { Head = head, Path = path, Location = v.Location };

        if (scope.TryLookup(v.Name, out var slot))
        {
            v.Slot = slot;
            return Wrap(v);
        }
        switch (v.Name)
        {
            case "data":
                return new RefTerm { Head = new VarTerm { Name = "data", Slot = Roots.Data, Location = v.Location }, Path = path, Location = v.Location };
            case "input":
                return new RefTerm { Head = new VarTerm { Name = "input", Slot = Roots.Input, Location = v.Location }, Path = path, Location = v.Location };
        }
        if (_context.Imports.TryGetValue(v.Name, out var imported))
        {
            var root = imported[0] == "input" ? Roots.Input : Roots.Data;
            var prefix = imported.Skip(1).Select(s => (Term)new ScalarTerm { Value = KeyNames.Intern(s), Location = v.Location });
            return new RefTerm { Head = new VarTerm { Name = imported[0], Slot = root, Location = v.Location }, Path = [.. prefix, .. path], Location = v.Location };
        }
        if (_context.RuleNames.Contains(v.Name))
        {
            var prefix = _context.Package.Append(v.Name).Select(s => (Term)new ScalarTerm { Value = KeyNames.Intern(s), Location = v.Location });
            return new RefTerm { Head = new VarTerm { Name = "data", Slot = Roots.Data, Location = v.Location }, Path = [.. prefix, .. path], Location = v.Location };
        }
        // Unreachable after PrepareScope; declare defensively so evaluation reports it as unsafe rather than crashing.
        v.Slot = _nextSlot++;
        scope.Declare(v.Name, v.Slot);
        return Wrap(v);
    }

    private void BindCall(CallTerm call)
    {
        if (call.FunctionPath is not null || call.Builtin is not null) return;
        var parts = call.Operator.Split('.');
        List<string>? path = null;
        if (parts[0] == "data") path = [.. parts.Skip(1)];
        else if (_context.Imports.TryGetValue(parts[0], out var imported) && imported[0] == "data") path = [.. imported.Skip(1), .. parts.Skip(1)];
        else if (_context.RuleNames.Contains(parts[0])) path = [.. _context.Package, .. parts];
        if (path is not null)
        {
            call.FunctionPath = path.Select(p => (Value)new StringValue(p)).ToArray();
            return;
        }
        if (_context.Builtins.TryGet(call.Operator, out var builtin))
        {
            call.Builtin = builtin;
            var arity = builtin.Arity;
            if (!builtin.IsVariadic && call.Args.Count != arity && call.Args.Count != arity + 1)
                _errors.Add(new RegoError("rego_type_error",
                    $"{call.Operator}: arity mismatch\n\thave: ({call.Args.Count} operands)\n\twant: ({arity} operands)", call.Location));
            return;
        }
        _errors.Add(new RegoError("rego_type_error", $"undefined function {call.Operator}", call.Location));
    }
}

/// <summary>What name resolution needs to know about the module a rule comes from.</summary>
internal sealed record ModuleContext(
    List<string> Package,
    IReadOnlyDictionary<string, List<string>> Imports,
    IReadOnlySet<string> RuleNames,
    BuiltinRegistry Builtins);
