using System.CommandLine;
using System.Security.Cryptography;
using Gatehouse.Detection.Operators;

namespace Gatehouse.Cli.Commands;

/// <summary>
/// <c>scan --redact-to</c>'s operator choice (<c>--operator replace|mask|redact|hash</c>) and the keyed-hash key,
/// kept in the data directory so the same value hashes to the same token across runs (joins still work on the copy).
/// </summary>
internal static class RedactionSetup
{
    /// <summary>Name of the HMAC key for <c>--operator hash</c> in the data directory.</summary>
    public const string HashKeyFileName = "dataset-redaction-hash.key";

    /// <summary>Operators a dataset copy may use (the per-request ones, pseudonymize and block, make no sense here).</summary>
    public static readonly string[] OperatorNames = ["replace", "mask", "redact", "hash"];

    /// <summary>The <c>--operator</c> option.</summary>
    public static Option<string> OperatorOption() => new Option<string>("--operator")
    {
        Description = "How --redact-to replaces found values: replace (<TYPE>, default), mask (keep the last 4), redact (remove), hash (keyed HMAC token; key in DATA/" + HashKeyFileName + ")",
        DefaultValueFactory = _ => "replace",
    }.AcceptOnlyFromAmong(OperatorNames);

    /// <summary>Builds the anonymizer for <paramref name="operatorName"/>, loading or creating the hash key when needed.</summary>
    public static Anonymizer Create(string operatorName, string dataDirectory)
    {
        var action = EntityAction.Parse(operatorName);
        var key = action.Kind == OperatorKind.Hash ? LoadOrCreateKey(Path.Combine(dataDirectory, HashKeyFileName)) : null;
        return new Anonymizer(new AnonymizerOptions { DefaultAction = action, HashKey = key });
    }

    private static byte[] LoadOrCreateKey(string path)
    {
        if (File.Exists(path))
            return File.ReadAllBytes(path);
        var key = RandomNumberGenerator.GetBytes(32);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var file = new FileStream(path, options);
        file.Write(key);
        return key;
    }
}
