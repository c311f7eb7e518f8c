using System.CommandLine;
using System.Globalization;
using Gatehouse.Detection;
using Gatehouse.Governance.Datasets.Scanning;

namespace Gatehouse.Cli.Commands;

/// <summary>
/// The detection options shared by <c>scan</c> and <c>dataset verify --scan</c> (<c>--types</c>, <c>--min-score</c>,
/// <c>--detectors</c>) and the engine they build.
/// </summary>
internal sealed class DetectionSetup
{
    /// <summary>
    /// A dataset scan has no caller waiting on it, so one text may take far longer than the gateway's per-request
    /// budget; the budget still stops a runaway pattern instead of hanging the pipeline.
    /// </summary>
    private static readonly TimeSpan DatasetTimeBudget = TimeSpan.FromSeconds(60);

    private readonly Option<string[]> _types = new("--types") { Description = "Entity types to look for, comma-separated or repeated (default: all built-in and custom types)" };
    private readonly Option<double?> _minScore = new("--min-score") { Description = "Drop findings scoring below this (0..1, default 0.5)" };
    private readonly Option<FileInfo?> _detectors = new("--detectors") { Description = "YAML file of custom detectors (detectors: [{entityType, pattern, score, validator, contextWords}])" };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public DetectionSetup AddTo(Command command)
    {
        command.Options.Add(_types);
        command.Options.Add(_minScore);
        command.Options.Add(_detectors);
        return this;
    }

    /// <summary>Builds the engine the options describe.</summary>
    /// <exception cref="FormatException">A bad score, or a custom detector file that does not parse or compile.</exception>
    /// <exception cref="IOException">The custom detector file cannot be read.</exception>
    public DetectionEngine Build(ParseResult parseResult)
    {
        var types = (parseResult.GetValue(_types) ?? [])
            .SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(t => t.ToUpperInvariant())
            .ToHashSet(StringComparer.Ordinal);
        var minScore = parseResult.GetValue(_minScore) ?? 0.5;
        if (minScore is < 0 or > 1)
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"--min-score {minScore} is not between 0 and 1"));
        var custom = new List<Gatehouse.Detection.Detectors.CustomDetectorOptions>();
        if (parseResult.GetValue(_detectors) is { } file)
        {
            using var reader = file.OpenText();
            custom.AddRange(CustomDetectorFile.Read(reader, file.FullName));
        }
        var options = new DetectionOptions
        {
            EnabledEntityTypes = types.Count == 0 ? null : types,
            MinimumScore = minScore,
            CustomDetectors = custom,
            TimeBudget = DatasetTimeBudget,
        };
        DetectionEngine all;
        try
        {
            all = DetectionEngine.Create(options with { EnabledEntityTypes = null });
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{parseResult.GetValue(_detectors)?.FullName}: {e.Message}", e);
        }
        // A misspelt type would silently scan for nothing and pass: refuse it.
        var known = all.Detectors.SelectMany(d => d.EntityTypes).ToHashSet(StringComparer.Ordinal);
        if (types.FirstOrDefault(t => !known.Contains(t)) is { } unknown)
            throw new FormatException($"--types: unknown entity type '{unknown}' (known: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
        return types.Count == 0 ? all : DetectionEngine.Create(options);
    }
}
