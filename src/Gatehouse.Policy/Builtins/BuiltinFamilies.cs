namespace Gatehouse.Policy.Builtins;

/// <summary>
/// The one place that lists builtin families. Each family is a static class in its own file under Builtins/ with a
/// <c>public static void Register(BuiltinRegistry registry)</c>; adding a family means adding one line here.
/// See Builtins/README.md.
/// </summary>
public static class BuiltinFamilies
{
    /// <summary>Registers every shipped family into <paramref name="registry"/>.</summary>
    public static void RegisterAll(BuiltinRegistry registry)
    {
        Comparison.Register(registry);
        Arithmetic.Register(registry);
        SetOperators.Register(registry);
        Aggregates.Register(registry);
        TypeChecks.Register(registry);
        Sprintf.Register(registry);
        Strings.Register(registry);
        Trim.Register(registry);
        Regexes.Register(registry);
        Globs.Register(registry);
        Arrays.Register(registry);
        SetFunctions.Register(registry);
        Objects.Register(registry);
        JsonPaths.Register(registry);
        JsonPatch.Register(registry);
        Walk.Register(registry);
        Graphs.Register(registry);
        Numbers.Register(registry);
        Bits.Register(registry);
        Encodings.Register(registry);
        UrlQuery.Register(registry);
        JsonCodec.Register(registry);
        YamlCodec.Register(registry);
        Eval.Membership.Register(registry);
        Eval.Printing.Register(registry);
        TemplateStrings.Register(registry);
        RandomNumbers.Register(registry);
        RegexGlobs.Register(registry);
        Time.Register(registry);
        NetCidr.Register(registry);
        Units.Register(registry);
        Semver.Register(registry);
        Uuid.Register(registry);
        CryptoHashes.Register(registry);
        JwtTokens.Register(registry);
        X509Certificates.Register(registry);
    }
}
