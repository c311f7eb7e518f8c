using Gatehouse.Policy.Values;

namespace Gatehouse.Policy.Builtins;

/// <summary><c>semver.is_valid</c> and <c>semver.compare</c> under Semantic Versioning 2.0.0 precedence rules.</summary>
public static class Semver
{
    /// <summary>Registers the family.</summary>
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("semver.is_valid", BuiltinSignature.Of(RegoType.Boolean, RegoType.Any), (o, _) =>
            BooleanValue.Of(o[0] is StringValue s && SemanticVersion.TryParse(s.Value, out var ignored)));
        registry.Register("semver.compare", BuiltinSignature.Of(RegoType.Number, RegoType.String, RegoType.String), (o, _) =>
            NumberValue.Of(Math.Sign(Version(o, 0).CompareTo(Version(o, 1)))));
    }

    private static SemanticVersion Version(ReadOnlySpan<Value> operands, int index)
    {
        var text = Operand.String("semver.compare", operands, index);
        return SemanticVersion.TryParse(text, out var version)
            ? version
            : throw BuiltinException.Error("semver.compare", $"operand {index + 1}: string {GoTime.GoTimeParser.Quote(text)} is not a valid SemVer");
    }
}

/// <summary>
/// A Semantic Versioning 2.0.0 version: <c>MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]</c> with no leading zeros in numeric
/// identifiers. Ordered by precedence: numbers, then a pre-release sorts before the release, identifiers compared
/// numerically or in ASCII order; build metadata is ignored.
/// </summary>
public sealed class SemanticVersion : IComparable<SemanticVersion>
{
    private SemanticVersion(System.Numerics.BigInteger[] core, string[] preRelease, string build)
    {
        Core = core;
        PreRelease = preRelease;
        Build = build;
    }

    /// <summary>Major, minor and patch.</summary>
    public IReadOnlyList<System.Numerics.BigInteger> Core { get; }

    /// <summary>The dot-separated pre-release identifiers (empty for a release).</summary>
    public IReadOnlyList<string> PreRelease { get; }

    /// <summary>The build metadata, without the <c>+</c> (ignored for precedence).</summary>
    public string Build { get; }

    /// <summary>Parses a version; false when <paramref name="text"/> is not valid SemVer 2.0.0.</summary>
    public static bool TryParse(string text, out SemanticVersion version)
    {
        version = null!;
        var build = "";
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            build = text[(plus + 1)..];
            if (!build.Split('.').All(IsIdentifier)) return false;
            text = text[..plus];
        }
        var preRelease = Array.Empty<string>();
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            preRelease = text[(dash + 1)..].Split('.');
            if (!preRelease.All(p => IsIdentifier(p) && !(IsNumeric(p) && p.Length > 1 && p[0] == '0'))) return false;
            text = text[..dash];
        }
        var parts = text.Split('.');
        if (parts.Length != 3 || !parts.All(p => IsNumeric(p) && (p.Length == 1 || p[0] != '0'))) return false;
        version = new SemanticVersion(parts.Select(p => System.Numerics.BigInteger.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray(), preRelease, build);
        return true;
    }

    private static bool IsIdentifier(string s) => s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static bool IsNumeric(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    /// <inheritdoc />
    public int CompareTo(SemanticVersion? other)
    {
        if (other is null) return 1;
        for (var i = 0; i < 3; i++)
        {
            var c = Core[i].CompareTo(other.Core[i]);
            if (c != 0) return c;
        }
        if (PreRelease.Count == 0 || other.PreRelease.Count == 0) return other.PreRelease.Count.CompareTo(PreRelease.Count);
        for (var i = 0; i < Math.Min(PreRelease.Count, other.PreRelease.Count); i++)
        {
            var c = CompareIdentifiers(PreRelease[i], other.PreRelease[i]);
            if (c != 0) return c;
        }
        return PreRelease.Count.CompareTo(other.PreRelease.Count);
    }

    private static int CompareIdentifiers(string a, string b)
    {
        bool aNumeric = IsNumeric(a), bNumeric = IsNumeric(b);
        if (aNumeric && bNumeric) return a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
        if (aNumeric != bNumeric) return aNumeric ? -1 : 1; // numeric identifiers sort before alphanumeric ones
        return Math.Sign(string.CompareOrdinal(a, b));
    }
}
