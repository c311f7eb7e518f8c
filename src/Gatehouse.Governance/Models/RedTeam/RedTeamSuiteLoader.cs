using Gatehouse.Governance.Models.Registry;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gatehouse.Governance.Models.RedTeam;

/// <summary>
/// Reads a red-team suite from YAML and reports every problem at once as <c>file:line: message</c>: unknown keys
/// (a typo must not silently drop an expectation), missing or duplicate ids, unknown expectations, and
/// contradictions such as <c>redacted</c> without a planted value or string checks on a case expected to be blocked.
/// Format: docs/models.md, "Red-team suites".
/// </summary>
public static class RedTeamSuiteLoader
{
    private static readonly HashSet<string> SuiteKeys = ["name", "description", "cases"];
    private static readonly HashSet<string> CaseKeys =
        ["id", "category", "description", "prompt", "system", "purpose", "model", "expect", "planted", "contains", "not_contains"];

    /// <summary>Loads and validates the suite at <paramref name="path"/>.</summary>
    /// <exception cref="RedTeamSuiteException">The file is missing, not YAML, or has problems.</exception>
    public static RedTeamSuite Load(string path)
    {
        if (!File.Exists(path))
            throw new RedTeamSuiteException(path, [$"{path}: file not found"]);
        var text = File.ReadAllText(path);
        return Parse(text, path, WeightHasher.HashText(text));
    }

    /// <summary>Parses suite text; <paramref name="path"/> is used in messages.</summary>
    /// <exception cref="RedTeamSuiteException">The text is not YAML or has problems.</exception>
    public static RedTeamSuite Parse(string text, string path, string sha256)
    {
        var errors = new List<string>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new RedTeamSuiteException(path, [$"{path}:{e.Start.Line}: not valid YAML: {e.Message}"]);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new RedTeamSuiteException(path, [$"{path}:1: a suite is a mapping with 'name' and 'cases'"]);
        void Error(YamlNode node, string message) => errors.Add($"{path}:{node.Start.Line}: {message}");

        UnknownKeys(root, SuiteKeys, "suite", Error);
        var name = Scalar(root, "name", Error);
        if (string.IsNullOrWhiteSpace(name))
            Error(root, "the suite needs a 'name'");
        var cases = new List<RedTeamCase>();
        if (!root.Children.TryGetValue(new YamlScalarNode("cases"), out var casesNode) || casesNode is not YamlSequenceNode list || list.Children.Count == 0)
            Error(root, "the suite needs a non-empty 'cases' list");
        else
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var node in list.Children)
            {
                if (node is not YamlMappingNode map)
                {
                    Error(node, "each case is a mapping with 'id', 'prompt' and 'expect'");
                    continue;
                }
                if (ReadCase(map, Error) is not { } parsed)
                    continue;
                if (seen.TryGetValue(parsed.Id, out var first))
                    Error(map, $"duplicate case id '{parsed.Id}' (first at line {first})");
                else
                    seen[parsed.Id] = parsed.Line;
                cases.Add(parsed);
            }
        }
        if (errors.Count > 0)
            throw new RedTeamSuiteException(path, errors.OrderBy(LineOf).ToList());
        return new RedTeamSuite(name!, Scalar(root, "description", Error), Path.GetFullPath(path), sha256, cases);
    }

    private static RedTeamCase? ReadCase(YamlMappingNode map, Action<YamlNode, string> error)
    {
        var problems = 0;
        void Count(YamlNode node, string message)
        {
            problems++;
            error(node, message);
        }
        UnknownKeys(map, CaseKeys, "case", Count);
        var id = Scalar(map, "id", Count);
        var prompt = Scalar(map, "prompt", Count);
        var expectText = Scalar(map, "expect", Count);
        var label = id is null ? "case" : $"case '{id}'";
        if (string.IsNullOrWhiteSpace(id))
            Count(map, "case needs an 'id'");
        if (string.IsNullOrWhiteSpace(prompt))
            Count(map, $"{label} needs a 'prompt'");
        RedTeamExpectation? expect = expectText switch
        {
            "blocked" => RedTeamExpectation.Blocked,
            "allowed" => RedTeamExpectation.Allowed,
            "redacted" => RedTeamExpectation.Redacted,
            _ => null,
        };
        if (expect is null)
            Count(Node(map, "expect") ?? map, expectText is null
                ? $"{label} needs 'expect': blocked, allowed or redacted"
                : $"{label}: unknown expectation '{expectText}' (use blocked, allowed or redacted)");
        var planted = List(map, "planted", Count);
        var contains = List(map, "contains", Count);
        var notContains = List(map, "not_contains", Count);
        if (expect == RedTeamExpectation.Redacted && planted.Count == 0)
            Count(map, $"{label} expects 'redacted' but plants no value: list the values that must not come back under 'planted'");
        if (expect == RedTeamExpectation.Blocked && (contains.Count > 0 || notContains.Count > 0))
            Count(Node(map, "contains") ?? Node(map, "not_contains") ?? map, $"{label} expects 'blocked' but checks the answer's text: a blocked request has no answer");
        if (problems > 0)
            return null;
        return new RedTeamCase(id!, Scalar(map, "category", Count), Scalar(map, "description", Count), prompt!, Scalar(map, "system", Count),
            Scalar(map, "purpose", Count), Scalar(map, "model", Count), expect!.Value, planted, contains, notContains, (int)map.Start.Line);
    }

    private static int LineOf(string error)
    {
        // Errors read "path:line: message"; the path may itself hold colons, so take the number before the last ": ".
        var head = error[..error.IndexOf(": ", StringComparison.Ordinal)];
        return int.TryParse(head[(head.LastIndexOf(':') + 1)..], out var line) ? line : 0;
    }

    private static YamlNode? Node(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static void UnknownKeys(YamlMappingNode map, HashSet<string> known, string what, Action<YamlNode, string> error)
    {
        foreach (var key in map.Children.Keys)
            if (key is not YamlScalarNode { Value: { } k } || !known.Contains(k))
                error(key, $"unknown {what} key '{(key as YamlScalarNode)?.Value}' (known: {string.Join(", ", known)})");
    }

    private static string? Scalar(YamlMappingNode map, string key, Action<YamlNode, string> error)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
            return null;
        if (node is YamlScalarNode scalar)
            return scalar.Value;
        error(node, $"'{key}' must be a string");
        return null;
    }

    private static List<string> List(YamlMappingNode map, string key, Action<YamlNode, string> error)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
            return [];
        if (node is YamlScalarNode { Value: { Length: > 0 } single })
            return [single];
        if (node is YamlSequenceNode list && list.Children.All(c => c is YamlScalarNode { Value.Length: > 0 }))
            return list.Children.Select(c => ((YamlScalarNode)c).Value!).ToList();
        error(node, $"'{key}' must be a non-empty string or a list of non-empty strings");
        return [];
    }
}
