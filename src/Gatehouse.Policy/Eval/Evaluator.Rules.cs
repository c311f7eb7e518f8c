using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Compiler;
using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Eval;

internal sealed partial class Evaluator
{
    /// <summary>
    /// Selects <c>path[index..]</c> below a rule-tree node, merging base documents (data files) with virtual documents
    /// (rules) at each level.
    /// </summary>
    private bool EvalDataPath(List<Term> path, int index, RuleNode? node, Value? baseValue, Value?[] frame, Func<Value, bool> k)
    {
        if (node is null) return baseValue is not null && Walk(baseValue, path, index, frame, k);
        if (_nodeOverrides.Count > 0 && _nodeOverrides.TryGetValue(node, out var replaced)) return Walk(replaced, path, index, frame, k);
        if (node.Rules.Count > 0 || node.Default is not null)
        {
            if (node.IsFunction) return false;
            var value = NodeValue(node);
            return value is not null && Walk(value, path, index, frame, k);
        }
        if (index == path.Count) return k(FullDocument(node, baseValue));
        var selector = path[index];
        if (selector is ScalarTerm constant)
            return EvalDataPath(path, index + 1, node.Children.GetValueOrDefault(constant.Value), Child(baseValue, constant.Value), frame, k);
        if (selector is VarTerm { Slot: >= 0 } v && frame[v.Slot] is null)
        {
            foreach (var key in Keys(node, baseValue))
                if (Bind(v.Slot, key, frame, () => EvalDataPath(path, index + 1, node.Children.GetValueOrDefault(key), Child(baseValue, key), frame, k)))
                    return true;
            return false;
        }
        if (IsReady(selector, frame))
            return EvalTerm(selector, frame, key => EvalDataPath(path, index + 1, node.Children.GetValueOrDefault(key), Child(baseValue, key), frame, k));
        foreach (var key in Keys(node, baseValue))
            if (Unify(selector, key, frame, () => EvalDataPath(path, index + 1, node.Children.GetValueOrDefault(key), Child(baseValue, key), frame, k)))
                return true;
        return false;
    }

    private static Value? Child(Value? baseValue, Value key) =>
        baseValue is ObjectValue obj ? obj.Get(key) ?? (key is NumberValue ? obj.Get(key.ToString()) : null) : null;

    private static List<Value> Keys(RuleNode node, Value? baseValue)
    {
        var keys = new HashSet<Value>(node.Children.Keys);
        if (baseValue is ObjectValue obj) keys.UnionWith(obj.Keys);
        var sorted = keys.ToList();
        sorted.Sort();
        return sorted;
    }

    /// <summary>The whole document at a node: base data merged with every rule value below it (functions excluded).</summary>
    private Value FullDocument(RuleNode node, Value? baseValue)
    {
        if (node.Children.Count == 0 && baseValue is not null) return baseValue;
        var items = new Dictionary<Value, Value>();
        if (baseValue is ObjectValue obj)
            foreach (var (key, value) in obj) items[key] = value;
        foreach (var (key, child) in node.Children)
        {
            var value = ChildDocument(child, Child(baseValue, key));
            if (value is not null) items[key] = value;
            else if (child.Rules.Count > 0 || child.Default is not null) items.Remove(key);
        }
        return ObjectValue.FromOwned(items);
    }

    private Value? ChildDocument(RuleNode node, Value? baseValue)
    {
        if (_nodeOverrides.Count > 0 && _nodeOverrides.TryGetValue(node, out var replaced)) return replaced;
        if (node.Rules.Count > 0 || node.Default is not null) return node.IsFunction ? null : NodeValue(node);
        return FullDocument(node, baseValue);
    }

    /// <summary>The value the rules at a node produce (cached per query), merged with nodes below it.</summary>
    private Value? NodeValue(RuleNode node)
    {
        if (_cache.TryGet(node, out var cached)) return cached;
        var sharing = Sharing;
        var shared = sharing && _shared!.IsConstant(node);
        if (shared && _shared!.TryGetConstant(node, _options.StrictBuiltinErrors, out cached))
        {
            _cache.Set(node, cached);
            return cached;
        }
        var keyed = sharing && !shared && _shared!.Keyed(node, _options.StrictBuiltinErrors) is { Enabled: true } memo ? memo : null;
        if (keyed is not null)
        {
            if (!_inputPartsBound || !ReferenceEquals(_inputParts.Input, _input))
            {
                _inputParts.Bind(_shared!.KeyPaths, _input);
                _inputPartsBound = true;
            }
            if (keyed.TryGet(_inputParts, out cached))
            {
                _cache.Set(node, cached);
                return cached;
            }
        }
        if (_inProgress[node.Index])
            throw new EvalException("rego_recursion_error", $"rule {node.DisplayPath} is recursive", node.Rules.FirstOrDefault()?.Location);
        _inProgress[node.Index] = true;
        try
        {
            var value = EvalRules(node);
            if (node.Children.Count > 0 && value is ObjectValue or null)
            {
                var items = new Dictionary<Value, Value>();
                if (value is ObjectValue obj) foreach (var (key, v) in obj) items[key] = v;
                foreach (var (key, child) in node.Children)
                    if (ChildDocument(child, null) is { } childValue) items[key] = childValue;
                value = items.Count == 0 && value is null ? null : ObjectValue.FromOwned(items);
            }
            _cache.Set(node, value);
            if (shared) _shared!.StoreConstant(node, _options.StrictBuiltinErrors, value);
            else keyed?.Store(_inputParts, value);
            return value;
        }
        finally
        {
            _inProgress[node.Index] = false;
        }
    }

    /// <summary>Whether engine-wide rule values apply: no <c>with</c> changes data or rules.</summary>
    private bool Sharing =>
        _shared is not null && _nodeOverrides.Count == 0 && _functionOverrides.Count == 0 && ReferenceEquals(_data, _shared.Data);

    private Value? EvalRules(RuleNode node)
    {
        var kind = node.Rules.Count > 0 ? node.Rules[0].Kind : RuleKind.Complete;
        switch (kind)
        {
            case RuleKind.PartialSet:
                var set = new HashSet<Value>();
                foreach (var rule in node.Rules)
                {
                    var frame = _frames.Rent(rule.SlotCount);
                    AddSetRuleElements(rule, frame, set);
                    _frames.Return(frame);
                }
                return SetValue.FromOwned(set);
            case RuleKind.PartialObject:
                return EvalPartialObject(node);
            default:
                return EvalComplete(node);
        }
    }

    /// <summary>Adds the elements one partial set rule contributes: directly when its body and key are single-valued.</summary>
    private void AddSetRuleElements(Rule rule, Value?[] frame, HashSet<Value> set)
    {
        var from = DirectPrefix(rule.Body.Exprs, frame);
        if (from < 0) return;
        if (from == rule.Body.Exprs.Count && TryValue(rule.Key!, frame, out var only))
        {
            if (only is not null) set.Add(only);
            return;
        }
        EvalSetRule(rule, from, frame, set);
    }

    private void EvalSetRule(Rule rule, int from, Value?[] frame, HashSet<Value> set) =>
        EvalBody(rule.Body.Exprs, from, frame, () =>
        {
            if (!TryValue(rule.Key!, frame, out var element)) return EvalTerm(rule.Key!, frame, v =>
            {
                set.Add(v);
                return false;
            });
            if (element is not null) set.Add(element);
            return false;
        });

    /// <summary>
    /// Runs the leading single-valued expressions of a body (see <see cref="TryDirect"/>) in a fresh frame, without
    /// continuations: -1 when one fails, otherwise the index of the first expression that needs the general path
    /// (the body's length when none does). Bindings stay in the frame, which the caller discards after the rule.
    /// </summary>
    private int DirectPrefix(List<Expr> exprs, Value?[] frame)
    {
        for (var i = 0; i < exprs.Count; i++)
        {
            if (exprs[i] is SomeInExpr) return i;
            switch (TryDirect(exprs[i], frame, out _))
            {
                case Direct.Fail: return -1;
                case Direct.Fallback: return i;
            }
        }
        return exprs.Count;
    }

    private Value? EvalComplete(RuleNode node)
    {
        Value? result = null;
        foreach (var rule in node.Rules)
        {
            for (var r = rule; r is not null; r = r.Else)
            {
                var frame = _frames.Rent(r.SlotCount);
                var value = BodyValue(r, frame);
                _frames.Return(frame);
                if (value is null) continue;
                result = Agree(result, value, r);
                break;
            }
        }
        return result ?? (node.Default is { } fallback ? DefaultValue(fallback) : null);
    }

    /// <summary>
    /// The value a complete rule or function definition produces in <paramref name="frame"/> (arguments bound), or null:
    /// directly when its body and head are single-valued, else through the general path from where that stops.
    /// </summary>
    private Value? BodyValue(Rule rule, Value?[] frame)
    {
        var from = DirectPrefix(rule.Body.Exprs, frame);
        if (from < 0) return null;
        var head = rule.Value ?? TrueTerm(rule);
        return from == rule.Body.Exprs.Count && TryValue(head, frame, out var single) ? single : EvalRuleBody(rule, from, frame, head);
    }

    /// <summary>The one value of a document or function call: a second definition producing another is a conflict.</summary>
    private static Value Agree(Value? earlier, Value value, Rule rule)
    {
        if (earlier is not null && !earlier.Equals(value))
            throw new EvalException("eval_conflict_error",
                rule.Kind == RuleKind.Function ? "functions must not produce multiple outputs for same inputs" : "complete rules must not produce multiple outputs",
                rule.Location);
        return value;
    }

    /// <summary>The value of a <c>default</c> rule (a constant term, possibly a collection).</summary>
    private Value? DefaultValue(Rule fallback)
    {
        var frame = _frames.Rent(fallback.SlotCount);
        if (!TryValue(fallback.Value!, frame, out var result))
            EvalTerm(fallback.Value!, frame, value =>
            {
                result = value;
                return true;
            });
        _frames.Return(frame);
        return result;
    }

    /// <summary>
    /// The general path of a complete rule or function body from expression <paramref name="from"/>: its value, or null
    /// when it has none; every solution must give the same value.
    /// </summary>
    private Value? EvalRuleBody(Rule rule, int from, Value?[] frame, Term head)
    {
        Value? result = null;
        EvalBody(rule.Body.Exprs, from, frame, () => EvalHead(head, frame, value =>
        {
            result = Agree(result, value, rule);
            return false;
        }));
        return result;
    }

    /// <summary>Produces a rule head's value for the current solution, directly when it has a single value.</summary>
    private bool EvalHead(Term head, Value?[] frame, Func<Value, bool> produce)
    {
        if (!TryValue(head, frame, out var value)) return EvalTerm(head, frame, produce);
        return value is not null && produce(value);
    }

    private static readonly ScalarTerm True = new() { Value = BooleanValue.True, Location = new Location("", 0, 0) };

    /// <summary>The compiler gives every value-less head <c>true</c>; this only covers a rule built by hand.</summary>
    private static Term TrueTerm(Rule rule) => True;

    private Value? EvalPartialObject(RuleNode node)
    {
        var root = new Dictionary<Value, object>();
        var any = false;
        foreach (var rule in node.Rules)
        {
            var frame = _frames.Rent(rule.SlotCount);
            var keys = new Value[rule.Suffix.Count];
            var current = rule;
            var head = rule.IsContains ? rule.Key! : rule.Value ?? TrueTerm(rule);
            bool Leaf(Value[] path) => EvalHead(head, frame, value =>
            {
                Insert(root, path, value, current.IsContains, current);
                any = true;
                return false;
            });
            EvalBody(rule.Body.Exprs, 0, frame, () => TryItems(current.Suffix, keys, frame) switch
            {
                true => Leaf(keys),
                false => false,
                null => EvalItems(current.Suffix, 0, keys, frame, Leaf),
            });
            _frames.Return(frame);
        }
        return any ? Freeze(root) : ObjectValue.Empty;
    }

    private static void Insert(Dictionary<Value, object> root, Value[] path, Value value, bool setLeaf, Rule rule)
    {
        var level = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            if (!level.TryGetValue(path[i], out var next))
            {
                next = new Dictionary<Value, object>();
                level[path[i]] = next;
            }
            if (next is not Dictionary<Value, object> nested)
                throw new EvalException("eval_conflict_error", "object keys must be unique", rule.Location);
            level = nested;
        }
        var last = path[^1];
        if (setLeaf)
        {
            if (!level.TryGetValue(last, out var existing)) level[last] = existing = new HashSet<Value>();
            if (existing is not HashSet<Value> set) throw new EvalException("eval_conflict_error", "object keys must be unique", rule.Location);
            set.Add(value);
            return;
        }
        if (level.TryGetValue(last, out var old) && !(old is Value v && v.Equals(value)))
            throw new EvalException("eval_conflict_error", "object keys must be unique", rule.Location);
        level[last] = value;
    }

    private static Value Freeze(Dictionary<Value, object> level)
    {
        var items = new Dictionary<Value, Value>(level.Count);
        foreach (var (key, value) in level)
            items[key] = value switch
            {
                Value v => v,
                HashSet<Value> set => SetValue.FromOwned(set),
                Dictionary<Value, object> nested => Freeze(nested),
                _ => NullValue.Instance,
            };
        return ObjectValue.FromOwned(items);
    }

    /// <summary>Calls a user function: each definition whose arguments match contributes; differing outputs conflict.</summary>
    private Value? CallFunction(RuleNode node, Value[] args, Location location)
    {
        // A pure function called twice with equal arguments in one query (input_action_for(f) in a deny rule and in
        // the decision's action table) is evaluated once. The memo lives in the rule cache, which `with` replaces.
        var memoised = Sharing && _shared!.IsPure(node);
        if (memoised && _cache.TryGetCall(node, args, out var known)) return known;
        var value = EvalFunction(node, args);
        if (memoised) _cache.SetCall(node, args, value);
        return value;
    }

    private Value? EvalFunction(RuleNode node, Value[] args)
    {
        {
            Value? result = null;
            foreach (var rule in node.Rules)
            {
                for (var r = rule; r is not null; r = r.Else)
                {
                    if (r.Args is null || r.Args.Count != args.Length) break;
                    var frame = _frames.Rent(r.SlotCount);
                    var value = !TryBindArgs(r.Args, args, frame, out var matched) ? EvalUnifiedCall(r, args, frame)
                        : matched ? BodyValue(r, frame)
                        : null;
                    _frames.Return(frame);
                    if (value is null) continue;
                    result = Agree(result, value, r);
                    break;
                }
            }
            return result ?? (node.Default is { } fallback ? DefaultValue(fallback) : null);
        }
    }

    /// <summary>
    /// Binds arguments directly when every parameter is a plain variable or a constant (the usual <c>f(x, y)</c>),
    /// without a continuation per argument. Returns false when a parameter needs unification; otherwise
    /// <paramref name="matched"/> says whether the constants matched.
    /// </summary>
    private static bool TryBindArgs(List<Term> patterns, Value[] args, Value?[] frame, out bool matched)
    {
        matched = true;
        for (var i = 0; i < patterns.Count; i++)
        {
            switch (patterns[i])
            {
                case VarTerm { Slot: >= 0 } v when frame[v.Slot] is null:
                    continue;
                case ScalarTerm:
                    continue;
                default:
                    return false;
            }
        }
        // Repeated variables (f(x, x)) must agree: check as they are bound.
        for (var i = 0; i < patterns.Count; i++)
        {
            switch (patterns[i])
            {
                case VarTerm v:
                    if (frame[v.Slot] is { } bound && !bound.Equals(args[i])) matched = false;
                    frame[v.Slot] = args[i];
                    break;
                case ScalarTerm s:
                    if (!s.Value.Equals(args[i])) matched = false;
                    break;
            }
        }
        return true;
    }

    /// <summary>A function definition whose parameters are patterns (<c>f([x, y])</c>): its value for <paramref name="args"/>, or null.</summary>
    private Value? EvalUnifiedCall(Rule rule, Value[] args, Value?[] frame)
    {
        Value? result = null;
        var head = rule.Value ?? TrueTerm(rule);
        UnifyArgs(rule.Args!, args, 0, frame, () => EvalBody(rule.Body.Exprs, 0, frame, () => EvalHead(head, frame, value =>
        {
            result = Agree(result, value, rule);
            return false;
        })));
        return result;
    }

    private bool UnifyArgs(List<Term> patterns, Value[] args, int index, Value?[] frame, Func<bool> k)
    {
        if (index == patterns.Count) return k();
        return Unify(patterns[index], args[index], frame, () => UnifyArgs(patterns, args, index + 1, frame, k));
    }
}
