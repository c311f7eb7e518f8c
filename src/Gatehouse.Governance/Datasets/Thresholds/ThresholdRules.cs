using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Gatehouse.Governance.Datasets.Thresholds;

/// <summary>A limit for one entity type: a maximum count, a maximum rate per 1,000 rows, or both.</summary>
/// <param name="MaxCount">Most findings allowed in the whole scan.</param>
/// <param name="MaxPerThousandRows">Most findings allowed per 1,000 rows scanned.</param>
public sealed record ThresholdLimit(long? MaxCount, double? MaxPerThousandRows);

/// <summary>
/// Per-entity-type limits with a default for every type not named. The default default is strict: any finding fails,
/// because a dataset that leaks one card number leaks it into every model trained on it. Loosen per type, for example
/// <c>EMAIL</c> up to 5 per 1,000 rows.
/// </summary>
public sealed class ThresholdRules : IScanThresholdPolicy
{
    private readonly Dictionary<string, ThresholdLimit> _limits = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The limit for types without their own; <c>max 0</c> unless set.</summary>
    public ThresholdLimit Default { get; set; } = new(0, null);

    /// <summary>The limits by entity type.</summary>
    public IReadOnlyDictionary<string, ThresholdLimit> Limits => _limits;

    /// <summary>Sets the limit of <paramref name="entityType"/> (<c>*</c> sets the default).</summary>
    public ThresholdRules Set(string entityType, ThresholdLimit limit)
    {
        if (entityType == "*")
            Default = limit;
        else
            _limits[entityType] = limit;
        return this;
    }

    /// <inheritdoc />
    public ThresholdDecision Evaluate(ScanTotals totals)
    {
        var violations = new List<ThresholdViolation>();
        foreach (var (type, count) in totals.FindingsByType.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var limit = _limits.GetValueOrDefault(type) ?? Default;
            if (limit.MaxCount is { } max && count > max)
                violations.Add(new ThresholdViolation(type, count, $"max {max}"));
            if (limit.MaxPerThousandRows is { } rate && count * 1000.0 > rate * Math.Max(1, totals.Rows))
                violations.Add(new ThresholdViolation(type, count, string.Create(CultureInfo.InvariantCulture, $"max {rate} per 1,000 rows ({totals.Rows} rows scanned)")));
        }
        return new ThresholdDecision(violations);
    }

    /// <summary>
    /// Parses a CLI rule <c>TYPE=N</c> (max count) or <c>TYPE=N/1000</c> (max per 1,000 rows); <c>*</c> is the default.
    /// </summary>
    public static (string EntityType, ThresholdLimit Limit) ParseRule(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == text.Length - 1)
            throw new FormatException($"threshold '{text}' is not TYPE=N or TYPE=N/1000");
        var type = text[..eq].Trim();
        var value = text[(eq + 1)..].Trim();
        if (value.EndsWith("/1000", StringComparison.Ordinal))
        {
            if (!double.TryParse(value[..^5], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate < 0)
                throw new FormatException($"threshold '{text}': '{value[..^5]}' is not a non-negative rate");
            return (type, new ThresholdLimit(null, rate));
        }
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var max))
            throw new FormatException($"threshold '{text}': '{value}' is not a non-negative count");
        return (type, new ThresholdLimit(max, null));
    }

    /// <summary>
    /// Reads rules from YAML: <c>default: {maxCount: 0}</c> and <c>entities: {EMAIL: {maxPerThousandRows: 5}}</c>.
    /// Errors carry the file's line and column.
    /// </summary>
    public static ThresholdRules FromYaml(TextReader reader, string sourceName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new FormatException($"{sourceName}:{e.Start.Line}:{e.Start.Column}: {e.Message}", e);
        }
        var rules = new ThresholdRules();
        if (stream.Documents.Count == 0)
            return rules;
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new FormatException($"{sourceName}:1: thresholds must be a mapping with 'default' and 'entities'");
        foreach (var (key, value) in root.Children)
        {
            var name = ((YamlScalarNode)key).Value;
            if (name == "default")
                rules.Default = LimitFrom(value, sourceName);
            else if (name == "entities" && value is YamlMappingNode entities)
                foreach (var (type, limit) in entities.Children)
                    rules.Set(((YamlScalarNode)type).Value!, LimitFrom(limit, sourceName));
            else
                throw new FormatException($"{sourceName}:{key.Start.Line}:{key.Start.Column}: unknown key '{name}' (expected 'default' or 'entities')");
        }
        return rules;
    }

    private static ThresholdLimit LimitFrom(YamlNode node, string sourceName)
    {
        if (node is not YamlMappingNode map)
            throw new FormatException($"{sourceName}:{node.Start.Line}:{node.Start.Column}: a limit is a mapping with maxCount and/or maxPerThousandRows");
        long? count = null;
        double? rate = null;
        foreach (var (key, value) in map.Children)
        {
            var text = (value as YamlScalarNode)?.Value;
            switch (((YamlScalarNode)key).Value)
            {
                case "maxCount" when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var c):
                    count = c;
                    break;
                case "maxPerThousandRows" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r >= 0:
                    rate = r;
                    break;
                default:
                    throw new FormatException($"{sourceName}:{key.Start.Line}:{key.Start.Column}: expected maxCount (integer) or maxPerThousandRows (number), got '{((YamlScalarNode)key).Value}: {text}'");
            }
        }
        return new ThresholdLimit(count, rate);
    }
}
