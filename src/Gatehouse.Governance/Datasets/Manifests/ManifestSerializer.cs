using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Gatehouse.Governance.Datasets.Manifests;

/// <summary>A manifest that could not be parsed, with the place of the problem.</summary>
/// <param name="file">The manifest path.</param>
/// <param name="line">1-based line.</param>
/// <param name="column">1-based column.</param>
/// <param name="message">What is wrong.</param>
public sealed class ManifestFormatException(string file, long line, long column, string message)
    : Exception($"{file}:{line}:{column}: {message}")
{
    /// <summary>The manifest path.</summary>
    public string File { get; } = file;

    /// <summary>1-based line.</summary>
    public long Line { get; } = line;
}

/// <summary>Reads and writes manifests as YAML with camelCase keys; unknown keys are errors (a typo must not pass).</summary>
public static class ManifestSerializer
{
    private static readonly IDeserializer Reader = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
    private static readonly ISerializer Writer = new SerializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).DisableAliases().Build();

    /// <summary>Parses <paramref name="yaml"/>; <paramref name="file"/> names it in errors.</summary>
    /// <exception cref="ManifestFormatException">Malformed YAML or unknown keys, with line and column.</exception>
    public static DatasetManifest Parse(string yaml, string file)
    {
        try
        {
            return Reader.Deserialize<DatasetManifest?>(yaml) ?? throw new ManifestFormatException(file, 1, 1, "the manifest is empty");
        }
        catch (YamlException e)
        {
            var message = e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
            throw new ManifestFormatException(file, e.Start.Line, e.Start.Column, message);
        }
    }

    /// <summary>Reads a manifest file.</summary>
    public static DatasetManifest Load(string path) => Parse(System.IO.File.ReadAllText(path), path);

    /// <summary>Serializes to YAML.</summary>
    public static string ToYaml(DatasetManifest manifest) => Writer.Serialize(manifest);
}
