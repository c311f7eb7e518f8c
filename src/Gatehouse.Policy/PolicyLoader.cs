using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gatehouse.Policy.Ast;
using Gatehouse.Policy.Values;
using YamlDotNet.Core;

namespace Gatehouse.Policy;

/// <summary>
/// Reads policy files from disk: <c>.rego</c> modules and data documents (<c>.json</c>, <c>.yaml</c>, <c>.yml</c>).
/// A data file inside a directory is placed under the path of its sub-directory (like an OPA bundle); a data file
/// named directly is merged at the root. Every problem is collected with its location.
/// </summary>
internal static class PolicyLoader
{
    public sealed record Loaded(List<Module> Modules, Value Data, string Revision, List<string> Errors);

    public static Loaded Load(IEnumerable<string> paths)
    {
        var modules = new List<Module>();
        var errors = new List<string>();
        Value data = ObjectValue.Empty;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => !Path.GetRelativePath(path, f).Split(Path.DirectorySeparatorChar).Any(p => p.StartsWith('.')))
                    .Order(StringComparer.Ordinal);
                foreach (var file in files)
                {
                    var relativeDirectory = Path.GetDirectoryName(Path.GetRelativePath(path, file)) ?? "";
                    var prefix = relativeDirectory.Length == 0 ? [] : relativeDirectory.Split(Path.DirectorySeparatorChar);
                    LoadFile(file, prefix, modules, ref data, errors, hash);
                }
            }
            else if (File.Exists(path))
            {
                LoadFile(path, [], modules, ref data, errors, hash);
            }
            else
            {
                errors.Add($"{path}: no such file or directory");
            }
        }
        return new Loaded(modules, data, Convert.ToHexStringLower(hash.GetHashAndReset()), errors);
    }

    private static void LoadFile(string file, string[] prefix, List<Module> modules, ref Value data, List<string> errors, IncrementalHash hash)
    {
        var extension = Path.GetExtension(file).ToLowerInvariant();
        if (extension is not (".rego" or ".json" or ".yaml" or ".yml")) return;
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (IOException e)
        {
            errors.Add($"{file}: {e.Message}");
            return;
        }
        hash.AppendData(Encoding.UTF8.GetBytes(file + "\0" + text + "\0"));
        if (extension == ".rego")
        {
            try
            {
                modules.Add(RegoParser.ParseModule(file, text));
            }
            catch (RegoException e)
            {
                errors.AddRange(e.Errors.Select(x => x.ToString()));
            }
            return;
        }
        Value document;
        try
        {
            document = extension == ".json" ? ValueJson.Parse(text) : ValueYaml.Parse(text);
        }
        catch (JsonException e)
        {
            errors.Add($"{file}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: invalid JSON: {e.Message}");
            return;
        }
        catch (YamlException e)
        {
            errors.Add($"{file}:{e.Start.Line}:{e.Start.Column}: invalid YAML: {e.Message}");
            return;
        }
        if (document is not ObjectValue && prefix.Length == 0)
        {
            errors.Add($"{file}:1:1: data document must be an object");
            return;
        }
        for (var i = prefix.Length - 1; i >= 0; i--) document = ObjectValue.Of((prefix[i], document));
        if (Merge(data, document) is { } merged) data = merged;
        else errors.Add($"{file}:1:1: merge error: data conflicts with another data file");
    }

    /// <summary>Deep-merges two objects; null when a key holds two different non-objects.</summary>
    public static Value? Merge(Value left, Value right)
    {
        if (left is not ObjectValue a || right is not ObjectValue b) return left.Equals(right) ? left : null;
        var items = a.ToDictionary(p => p.Key, p => p.Value);
        foreach (var (key, value) in b)
        {
            if (items.TryGetValue(key, out var existing))
            {
                var merged = Merge(existing, value);
                if (merged is null) return null;
                items[key] = merged;
            }
            else items[key] = value;
        }
        return ObjectValue.FromOwned(items);
    }
}
