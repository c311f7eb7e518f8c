using System.Text.Json;
using Gatehouse.Testing;

namespace Gatehouse.Audit.Tests.Merkle;

/// <summary>Loads the transparency-log conformance vectors from ../shared/conformance/tlog in place.</summary>
internal static class TlogVectors
{
    public static string Dir(params string[] parts) => RepositoryPaths.SharedFile(["conformance", "tlog", .. parts]);

    /// <summary>Every JSON file under a transparency-dev/merkle testdata folder, as (relative name, document).</summary>
    public static IEnumerable<(string Name, JsonElement Json)> TransparencyDev(string kind)
    {
        var root = Dir("transparency-dev-merkle", "testdata", kind);
        foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            yield return (Path.GetRelativePath(root, file), JsonDocument.Parse(File.ReadAllText(file)).RootElement.Clone());
    }

    public static JsonElement Cctv(string file) =>
        JsonDocument.Parse(File.ReadAllText(Dir("rgdd-CCTV-merkle", "merkle", "testdata", file))).RootElement.Clone();

    public static byte[] B64(JsonElement e) => Convert.FromBase64String(e.GetString()!);

    public static List<byte[]> Hashes(JsonElement e) =>
        e.ValueKind == JsonValueKind.Null ? [] : e.EnumerateArray().Select(B64).ToList();

    /// <summary>The eight reference leaves of RFC 6962 §2.1.3 as used by transparency-dev/merkle's testonly package.</summary>
    public static readonly byte[][] ReferenceLeaves =
    [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];
}
