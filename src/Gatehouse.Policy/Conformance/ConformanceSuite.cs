using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Eval;
using Gatehouse.Policy.Values;
using YamlDotNet.RepresentationModel;

namespace Gatehouse.Policy.Conformance;

/// <summary>Loads and runs OPA's YAML conformance cases against this engine.</summary>
public static class ConformanceSuite
{
    /// <summary>Every case under <paramref name="root"/> (recursively, <c>.yaml</c> and <c>.yml</c>), in file order.</summary>
    public static IReadOnlyList<ConformanceCase> LoadCases(string root)
    {
        var cases = new List<ConformanceCase>();
        var files = System.IO.Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            var directory = relative.Contains('/') ? relative[..relative.LastIndexOf('/')] : "";
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode top) continue;
            if (!top.Children.TryGetValue("cases", out var list) || list is not YamlSequenceNode sequence) continue;
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var node in sequence.Children.OfType<YamlMappingNode>())
            {
                var testCase = ReadCase(relative, directory, node);
                // A few files repeat a note; number the repeats so every case has its own id.
                var count = seen[testCase.Note] = seen.GetValueOrDefault(testCase.Note) + 1;
                cases.Add(count == 1 ? testCase : testCase with { Note = $"{testCase.Note} (#{count})" });
            }
        }
        return cases;
    }

    private static ConformanceCase ReadCase(string file, string directory, YamlMappingNode node)
    {
        string? Text(string key) => node.Children.TryGetValue(key, out var value) && value is YamlScalarNode s ? s.Value : null;
        Value? Val(string key) => node.Children.TryGetValue(key, out var value) ? ValueYaml.FromNode(value) : null;
        var modules = node.Children.TryGetValue("modules", out var m) && m is YamlSequenceNode seq
            ? seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList()
            : [];
        var want = Val("want_result") as ArrayValue;
        return new ConformanceCase
        {
            File = file, Directory = directory, Note = Text("note") ?? file, Query = Text("query") ?? "",
            Modules = modules, Data = Val("data"), Input = Val("input"), InputTerm = Text("input_term"),
            WantResult = want?.ToList() ?? (node.Children.ContainsKey("want_result") ? [] : null),
            WantErrorCode = Text("want_error_code"), WantError = Text("want_error"),
            StrictError = Text("strict_error") == "true", SortBindings = Text("sort_bindings") == "true",
        };
    }

    /// <summary>Runs cases in parallel; each query is bounded by <paramref name="perCaseTimeout"/>.</summary>
    public static IReadOnlyList<ConformanceOutcome> RunAll(IReadOnlyList<ConformanceCase> cases, TimeSpan perCaseTimeout)
    {
        var outcomes = new ConformanceOutcome[cases.Count];
        Parallel.For(0, cases.Count, i => outcomes[i] = Run(cases[i], perCaseTimeout));
        return outcomes;
    }

    /// <summary>Runs one case. Never throws: every failure becomes a failed outcome with the reason.</summary>
    public static ConformanceOutcome Run(ConformanceCase testCase, TimeSpan timeout)
    {
        try
        {
            var engine = PolicyEngine.FromSources(testCase.Modules.Select((text, i) => ($"test-{i}.rego", text)),
                testCase.Data ?? ObjectValue.Empty);
            var options = new QueryOptions { StrictBuiltinErrors = testCase.StrictError, Timeout = timeout };
            var input = testCase.Input;
            if (testCase.InputTerm is { } term)
                input = engine.Query($"__input_term__ := {term}", null, options).Solutions.Single().Bindings["__input_term__"];
            var result = engine.Query(testCase.Query, input, options);
            if (testCase.WantErrorCode is not null || testCase.WantError is not null)
                return Fail(testCase, $"expected error {testCase.WantErrorCode} {testCase.WantError}, got {result.Solutions.Count} solutions");
            return Compare(testCase, result);
        }
        catch (Exception e) when (e is PolicyLoadException or RegoException or EvalException)
        {
            var message = e.Message;
            var codeMatches = testCase.WantErrorCode is null || message.Contains(testCase.WantErrorCode, StringComparison.Ordinal);
            var messageMatches = testCase.WantError is null || message.Contains(testCase.WantError, StringComparison.Ordinal);
            var expected = testCase.WantErrorCode is not null || testCase.WantError is not null;
            return expected && codeMatches && messageMatches
                ? new ConformanceOutcome(testCase, true, null)
                : Fail(testCase, $"error: {message}");
        }
        catch (Exception e)
        {
            return Fail(testCase, $"crash: {e.GetType().Name}: {e.Message}");
        }
    }

    private static ConformanceOutcome Fail(ConformanceCase testCase, string why) => new(testCase, false, why);

    private static ConformanceOutcome Compare(ConformanceCase testCase, QueryResult result)
    {
        var want = testCase.WantResult ?? [];
        var got = result.Solutions.Select(s => Normalize(ObjectValue.Of(s.Bindings.Select(b => new KeyValuePair<Value, Value>(new StringValue(b.Key), b.Value))), testCase.SortBindings)).ToList();
        var expected = want.Select(w => Normalize(w, testCase.SortBindings)).ToList();
        got.Sort();
        expected.Sort();
        if (got.Count == expected.Count && got.Zip(expected).All(p => p.First.Equals(p.Second)))
            return new ConformanceOutcome(testCase, true, null);
        return Fail(testCase, $"want {new ArrayValue(expected.ToArray())}, got {new ArrayValue(got.ToArray())}");
    }

    /// <summary>The JSON view of a value (sets become arrays), with arrays sorted when bindings are compared sorted.</summary>
    private static Value Normalize(Value value, bool sortArrays)
    {
        var json = ValueJson.Parse(ValueJson.ToJsonString(value));
        return sortArrays ? SortArrays(json) : json;
    }

    private static Value SortArrays(Value value) => value switch
    {
        ArrayValue a => new ArrayValue(a.Select(SortArrays).Order().ToArray()),
        ObjectValue o => ObjectValue.Of(o.Select(p => new KeyValuePair<Value, Value>(p.Key, SortArrays(p.Value)))),
        _ => value,
    };
}
