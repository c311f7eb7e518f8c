using System.CommandLine;
using Gatehouse.Governance.Datasets.Thresholds;

namespace Gatehouse.Cli.Commands;

/// <summary>
/// The threshold options shared by <c>scan</c> and <c>dataset verify</c> (<c>--max</c>, <c>--thresholds</c>,
/// <c>--policy</c>) and the policy they build, so that both judge a scan by the same rules.
/// </summary>
internal sealed class ThresholdSetup
{
    private readonly Option<string[]> _max = new("--max") { Description = "Threshold TYPE=N (max count) or TYPE=N/1000 (max per 1,000 rows); * is the default (0)" };
    private readonly Option<FileInfo?> _file = new("--thresholds") { Description = "YAML thresholds: default: {maxCount: 0}, entities: {EMAIL: {maxPerThousandRows: 5}}" };
    private readonly Option<string[]> _policy = new("--policy") { Description = "Rego thresholds (data.gatehouse.dataset.result) from these directories or files; --max/--thresholds then apply as well, and both must pass" };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public ThresholdSetup AddTo(Command command)
    {
        command.Options.Add(_max);
        command.Options.Add(_file);
        command.Options.Add(_policy);
        return this;
    }

    /// <summary>
    /// The Rego policy alone with <c>--policy</c>; with <c>--max</c> or <c>--thresholds</c> too, both judge and both must
    /// pass (explicit rules tighten the policy, never loosen it); without <c>--policy</c>, the rules alone, or, when
    /// <paramref name="defaultPolicyDirectory"/> is given and exists and no rule was given, that bundle.
    /// </summary>
    /// <exception cref="FormatException">A rule or threshold file that does not parse.</exception>
    /// <exception cref="IOException">A threshold file that cannot be read.</exception>
    /// <exception cref="Gatehouse.Policy.PolicyLoadException">Rego that does not parse or compile.</exception>
    public IScanThresholdPolicy Build(ParseResult parseResult, string? defaultPolicyDirectory = null)
    {
        var file = parseResult.GetValue(_file);
        var rules = parseResult.GetValue(_max) ?? [];
        var policyPaths = parseResult.GetValue(_policy) ?? [];
        if (policyPaths.Length == 0 && file is null && rules.Length == 0 && defaultPolicyDirectory is not null && Directory.Exists(defaultPolicyDirectory))
            policyPaths = [defaultPolicyDirectory];
        if (policyPaths.Length == 0)
            return LoadRules(file, rules);
        var rego = RegoScanThresholdPolicy.Load(policyPaths);
        return file is null && rules.Length == 0 ? rego : new CombinedThresholdPolicy([rego, LoadRules(file, rules)]);
    }

    private static ThresholdRules LoadRules(FileInfo? file, string[] rules)
    {
        var result = new ThresholdRules();
        if (file is not null)
        {
            using var reader = file.OpenText();
            result = ThresholdRules.FromYaml(reader, file.FullName);
        }
        foreach (var rule in rules)
        {
            var (type, limit) = ThresholdRules.ParseRule(rule);
            result.Set(type, limit);
        }
        return result;
    }
}
