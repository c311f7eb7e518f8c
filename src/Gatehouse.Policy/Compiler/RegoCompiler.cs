using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Builtins;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Compiler;

/// <summary>
/// Compiles parsed modules: merges packages into the rule tree, resolves names, binds calls, checks safety and
/// reorders bodies, and checks rule conflicts. All errors are collected and thrown together as a
/// <see cref="RegoException"/>.
/// </summary>
public static class RegoCompiler
{
    /// <summary>Compiles <paramref name="modules"/> against <paramref name="builtins"/> (default: every shipped builtin).</summary>
    public static CompiledPolicy Compile(IEnumerable<Module> modules, BuiltinRegistry? builtins = null)
    {
        builtins ??= BuiltinRegistry.Default;
        var list = modules.ToList();
        var errors = new List<RegoError>();
        var ruleNames = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var module in list)
        {
            var key = string.Join('.', module.Package);
            if (!ruleNames.TryGetValue(key, out var names)) ruleNames[key] = names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var rule in module.Rules) names.Add(((VarTerm)rule.HeadRef[0]).Name);
        }
        var root = new RuleNode([]);
        foreach (var module in list)
        {
            // An empty package still exists as a document (an empty object).
            var packageNode = root;
            foreach (var part in module.Package) packageNode = packageNode.Child(new StringValue(part));
            var imports = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var import in module.Imports)
            {
                if (import.Path[0] is "rego" or "future") continue;
                imports[import.Name] = import.Path;
            }
            var context = new ModuleContext(module.Package, imports, ruleNames[string.Join('.', module.Package)], builtins);
            foreach (var rule in module.Rules)
            {
                for (var r = rule; r is not null; r = r.Else)
                {
                    var resolver = new NameResolver(context, errors);
                    resolver.ResolveRule(r);
                    r.SlotCount = resolver.SlotCount;
                    Classify(r, module);
                }
                Insert(root, rule, errors);
            }
        }
        foreach (var module in list)
            foreach (var rule in module.Rules)
                for (var r = rule; r is not null; r = r.Else)
                    new SafetyChecker(errors, root).CheckRule(r);
        CheckConflicts(root, errors);
        if (errors.Count == 0) RecursionChecker.Check(root, errors);
        if (errors.Count > 0) throw new RegoException(errors);
        return new CompiledPolicy(root, list, builtins);
    }

    /// <summary>Parses and compiles a query against a compiled policy.</summary>
    public static CompiledQuery CompileQuery(CompiledPolicy policy, string query)
    {
        var body = RegoParser.ParseQuery(query);
        var errors = new List<RegoError>();
        var context = new ModuleContext([], new Dictionary<string, List<string>>(), new HashSet<string>(), policy.Builtins);
        var resolver = new NameResolver(context, errors);
        resolver.ResolveQuery(body);
        new SafetyChecker(errors, policy.Root).CheckQuery(body);
        if (errors.Count > 0) throw new RegoException(errors);
        return new CompiledQuery(query, body, resolver.SlotCount, resolver.TopLevelVars);
    }

    private static void Classify(Rule rule, Module module)
    {
        var path = module.Package.Select(p => (Value)new StringValue(p)).ToList();
        path.Add(new StringValue(((VarTerm)rule.HeadRef[0]).Name));
        var i = 1;
        for (; i < rule.HeadRef.Count && rule.HeadRef[i] is ScalarTerm scalar; i++)
        {
            path.Add(scalar.Value);
        }
        rule.Path = [.. path];
        rule.Suffix = rule.HeadRef.Skip(i).ToList();
        rule.Kind = rule.Args is not null ? RuleKind.Function
            : rule.Suffix.Count > 0 ? RuleKind.PartialObject
            : rule.IsContains ? RuleKind.PartialSet
            : RuleKind.Complete;
        // A head without a value means true; set it here so evaluation never writes to the shared tree.
        if (rule.Value is null && !rule.IsContains) rule.Value = new ScalarTerm { Value = BooleanValue.True, Location = rule.Location };
        rule.DisplayName = "data." + string.Join('.', path.Select(p => p is StringValue s ? s.Value : p.ToString()));
    }

    private static void Insert(RuleNode root, Rule rule, List<RegoError> errors)
    {
        var node = root;
        foreach (var key in rule.Path) node = node.Child(key);
        if (rule.IsDefault)
        {
            if (node.Default is not null)
                errors.Add(new RegoError("rego_type_error", $"multiple default rules {rule.DisplayName} found", rule.Location));
            node.Default = rule;
            return;
        }
        node.Rules.Add(rule);
    }

    private static void CheckConflicts(RuleNode node, List<RegoError> errors)
    {
        var kinds = node.Rules.Select(r => r.Kind == RuleKind.PartialObject ? (r.IsContains ? RuleKind.PartialSet : RuleKind.PartialObject) : r.Kind).Distinct().ToList();
        if (node.Default is { } d && node.Rules.Count > 0 && (d.Args is null) != (node.Rules[0].Args is null))
            kinds.Add(RuleKind.Function);
        if (kinds.Count > 1)
            errors.Add(new RegoError("rego_type_error", $"conflicting rules {node.Rules[0].DisplayName} found", node.Rules[^1].Location));
        var arities = node.Rules.Where(r => r.Args is not null).Select(r => r.Args!.Count).Distinct().Count();
        if (arities > 1)
            errors.Add(new RegoError("rego_type_error", $"conflicting rules {node.Rules[0].DisplayName} found", node.Rules[^1].Location));
        foreach (var child in node.Children.Values) CheckConflicts(child, errors);
    }
}
