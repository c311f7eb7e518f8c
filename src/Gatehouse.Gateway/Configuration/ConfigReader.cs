using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Gatehouse.Gateway.Configuration;

/// <summary>
/// Reads typed values out of the merged configuration and collects problems instead of throwing at the first one.
/// Every problem names its origin: <c>file:line</c> for YAML values, the variable name for environment overrides.
/// </summary>
internal sealed class ConfigReader(IConfiguration root, string fileName, IReadOnlyDictionary<string, int> yamlLines, ISet<string> environmentKeys)
{
    private readonly List<string> _problems = [];

    /// <summary>Problems found so far.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Records a problem with the value at <paramref name="path"/>.</summary>
    public void Problem(string path, string message) => _problems.Add($"{Origin(path)}: {Display(path)}: {message}");

    /// <summary>The sub-keys present under <paramref name="path"/>.</summary>
    public IEnumerable<string> Children(string path) =>
        (path.Length == 0 ? root.GetChildren() : root.GetSection(path).GetChildren()).Select(c => c.Key);

    /// <summary>
    /// Reports a section written as a list where a mapping is expected (sequence items flatten to keys 0, 1…);
    /// returns false so the caller skips it.
    /// </summary>
    public bool RequireMapping(string path, string what)
    {
        if (!Children(path).Any(key => int.TryParse(key, out _)))
            return true;
        Problem(path, $"expected a mapping of {what}, got a list");
        return false;
    }

    /// <summary>Whether anything is set at or under <paramref name="path"/>.</summary>
    public bool Exists(string path) => root.GetSection(path).Exists();

    /// <summary>Reports keys under <paramref name="path"/> that are not in <paramref name="known"/> (usually typos).</summary>
    public void RejectUnknown(string path, params string[] known)
    {
        foreach (var key in Children(path))
            if (!known.Contains(key, StringComparer.OrdinalIgnoreCase))
                Problem(Join(path, key), $"unknown key; expected one of: {string.Join(", ", known)}");
    }

    /// <summary>A string, or <paramref name="fallback"/> when absent or empty.</summary>
    public string? String(string path, string? fallback = null)
    {
        var value = root[path];
        return string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
    }

    /// <summary>A required string; records a problem when absent.</summary>
    public string RequiredString(string path)
    {
        var value = String(path);
        if (value is null)
            Problem(path, "is required");
        return value ?? "";
    }

    /// <summary>A whole number within bounds.</summary>
    public long Integer(string path, long fallback, long min, long max)
    {
        var text = String(path);
        if (text is null)
            return fallback;
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        Problem(path, $"expected a whole number from {min} to {max}, got '{text}'");
        return fallback;
    }

    /// <summary>A boolean (<c>true</c>/<c>false</c>).</summary>
    public bool Boolean(string path, bool fallback)
    {
        var text = String(path);
        if (text is null)
            return fallback;
        if (bool.TryParse(text, out var value))
            return value;
        Problem(path, $"expected true or false, got '{text}'");
        return fallback;
    }

    /// <summary>A duration written as seconds (<c>30</c>) or with a unit (<c>500ms</c>, <c>5s</c>, <c>2m</c>).</summary>
    public TimeSpan Duration(string path, TimeSpan fallback)
    {
        var text = String(path);
        if (text is null)
            return fallback;
        if (TryParseDuration(text, out var value) && value > TimeSpan.Zero)
            return value;
        Problem(path, $"expected a positive duration such as 30, 500ms, 5s or 2m, got '{text}'");
        return fallback;
    }

    /// <summary>An absolute http(s) URL.</summary>
    public Uri? Url(string path, bool required)
    {
        var text = required ? RequiredString(path) : String(path);
        if (string.IsNullOrEmpty(text))
            return null;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            return uri;
        Problem(path, $"expected an absolute http:// or https:// URL, got '{text}'");
        return null;
    }

    /// <summary>A list of strings (a YAML sequence, or one scalar).</summary>
    public IReadOnlyList<string> List(string path)
    {
        var section = root.GetSection(path);
        if (section.Value is { Length: > 0 } single)
            return [single.Trim()];
        return section.GetChildren()
            .OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue)
            .Select(c => c.Value?.Trim())
            .Where(v => !string.IsNullOrEmpty(v))
            .Select(v => v!)
            .ToList();
    }

    /// <summary>A mapping of string to string.</summary>
    public IReadOnlyDictionary<string, string> Map(string path) =>
        root.GetSection(path).GetChildren().ToDictionary(c => c.Key, c => c.Value ?? "", StringComparer.Ordinal);

    /// <summary>Joins configuration path segments.</summary>
    public static string Join(string path, string key) => path.Length == 0 ? key : path + ":" + key;

    private static bool TryParseDuration(string text, out TimeSpan value)
    {
        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1.0),
            _ when text.EndsWith('m') => (text[..^1], 60.0),
            _ => (text, 1.0),
        };
        value = default;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || double.IsNaN(amount) || amount > 86_400)
            return false;
        value = TimeSpan.FromSeconds(amount * scale);
        return true;
    }

    private string Origin(string path)
    {
        if (environmentKeys.Contains(path))
            return $"environment variable {GatewayConfigLoader.EnvironmentPrefix}{path.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()}";
        for (var probe = path; probe.Length > 0; probe = probe.Contains(':') ? probe[..probe.LastIndexOf(':')] : "")
            if (yamlLines.TryGetValue(probe, out var line))
                return $"{fileName}:{line}";
        return fileName;
    }

    private static string Display(string path) => path.Replace(':', '.');
}
