using System.Globalization;
using Gatehouse.Detection.Detectors;

namespace Gatehouse.Gateway.Configuration;

/// <summary>
/// Reads and validates the <c>detection</c> section. Custom detectors are compiled here so a bad pattern or an unknown
/// validator is reported at start with its file and line, not on the first request.
/// </summary>
internal static class DetectionConfigReader
{
    private const string Section = "detection";

    /// <summary>Reads the section (absent: <see cref="DetectionConfig.Default"/>); problems go to <paramref name="reader"/>.</summary>
    public static DetectionConfig Read(ConfigReader reader, string baseDirectory)
    {
        if (!reader.Exists(Section))
            return DetectionConfig.Default;
        foreach (var secret in (string[])["hashKey", "encryptionKey"])
            if (reader.Exists(ConfigReader.Join(Section, secret)))
                reader.Problem(ConfigReader.Join(Section, secret), $"keys never go into the configuration in clear; use {secret}File (a file readable only by the gateway) or leave it out to have one generated in the data directory");
        reader.RejectUnknown(Section, "enabled", "entityTypes", "minimumScore", "timeBudget", "custom", "hashKeyFile", "encryptionKeyFile", "hashKey", "encryptionKey");

        var types = reader.List(Section + ":entityTypes");
        var builtIn = BuiltInDetectors.All().SelectMany(d => d.EntityTypes).ToHashSet(StringComparer.Ordinal);
        var customs = ReadCustom(reader);
        foreach (var type in types)
            if (!builtIn.Contains(type) && customs.All(c => c.EntityType != type))
                reader.Problem(Section + ":entityTypes", $"unknown entity type '{type}'; known: {string.Join(", ", builtIn.Order(StringComparer.Ordinal))} and the custom ones");

        return new DetectionConfig(
            reader.Boolean(Section + ":enabled", true),
            types.Count == 0 ? null : types.Concat(customs.Select(c => c.EntityType)).ToHashSet(StringComparer.Ordinal),
            Score(reader, Section + ":minimumScore", DetectionConfig.Default.MinimumScore),
            reader.Duration(Section + ":timeBudget", DetectionConfig.Default.TimeBudget),
            customs,
            KeyFile(reader, Section + ":hashKeyFile", baseDirectory),
            KeyFile(reader, Section + ":encryptionKeyFile", baseDirectory));
    }

    private static List<CustomDetectorOptions> ReadCustom(ConfigReader reader)
    {
        const string custom = Section + ":custom";
        var result = new List<CustomDetectorOptions>();
        if (!reader.Exists(custom) || !reader.RequireMapping(custom, "entity type to detector"))
            return result;
        foreach (var type in reader.Children(custom))
        {
            var path = ConfigReader.Join(custom, type);
            reader.RejectUnknown(path, "pattern", "score", "validator", "context", "contextBoost", "maxLength");
            if (!IsEntityTypeName(type))
                reader.Problem(path, "entity type names are upper case letters, digits and underscores (e.g. EMPLOYEE_ID)");
            var options = new CustomDetectorOptions(
                type,
                reader.RequiredString(path + ":pattern"),
                Score(reader, path + ":score", 0.8),
                reader.String(path + ":validator"),
                reader.List(path + ":context"),
                Score(reader, path + ":contextBoost", 0.2),
                (int)reader.Integer(path + ":maxLength", 64, 1, 8192));
            if (options.Pattern.Length == 0)
                continue;
            try
            {
                _ = new CustomDetector(options);
                result.Add(options);
            }
            catch (ArgumentException e)
            {
                reader.Problem(path, e.Message.Split(" (Parameter", 2)[0]);
            }
        }
        return result;
    }

    private static bool IsEntityTypeName(string name) => name.Length > 0 && name.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_');

    private static double Score(ConfigReader reader, string path, double fallback)
    {
        var text = reader.String(path);
        if (text is null)
            return fallback;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1)
            return value;
        reader.Problem(path, $"expected a number from 0 to 1, got '{text}'");
        return fallback;
    }

    private static string? KeyFile(ConfigReader reader, string path, string baseDirectory) =>
        reader.String(path) is { } file ? Path.GetFullPath(file, baseDirectory) : null;
}
