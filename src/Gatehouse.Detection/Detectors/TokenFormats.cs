using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// Credentials whose vendors publish a recognisable format (a fixed prefix and a fixed or bounded alphabet and length).
/// One regex alternation finds all of them in a single pass; the named group says which vendor matched.
/// </summary>
public sealed partial class TokenFormatDetector : IDetector
{
    private static readonly (string Group, string Type, double Score)[] Formats =
    [
        ("aws", Detection.EntityTypes.AwsAccessKey, 0.95),
        ("ghfine", Detection.EntityTypes.GitHubToken, 0.99),
        ("gh", Detection.EntityTypes.GitHubToken, 0.95),
        ("gitlab", Detection.EntityTypes.GitLabToken, 0.95),
        ("slackhook", Detection.EntityTypes.SlackWebhook, 0.95),
        ("slack", Detection.EntityTypes.SlackToken, 0.9),
        ("stripe", Detection.EntityTypes.StripeKey, 0.95),
        ("google", Detection.EntityTypes.GoogleApiKey, 0.9),
        ("anthropic", Detection.EntityTypes.AnthropicKey, 0.99),
        ("openai", Detection.EntityTypes.OpenAiKey, 0.9),
        ("npm", Detection.EntityTypes.NpmToken, 0.95),
        ("pypi", Detection.EntityTypes.PyPiToken, 0.99),
        ("azure", Detection.EntityTypes.AzureConnectionString, 0.95),
    ];

    /// <inheritdoc />
    public string Id => "token_format";
    /// <inheritdoc />
    public IReadOnlyCollection<string> EntityTypes { get; } = Formats.Select(f => f.Type).Distinct().ToArray();
    /// <inheritdoc />
    public int MaxLength => 512;
    /// <inheritdoc />
    public bool MayMatch(in TextFeatures features) => features.HasDigit || features.HasUpper;

    /// <inheritdoc />
    public void Detect(string text, List<Finding> sink)
    {
        foreach (var m in Anchored.Matches(text))
        {
            foreach (var (group, type, score) in Formats)
            {
                if (!m.Groups[group].Success)
                    continue;
                if (group == "openai" && !LooksRandom(m.ValueSpan[3..]))
                    break;
                sink.Add(new Finding(type, m.Index, m.Index + m.Length, score, Id + ":" + group));
                break;
            }
        }
    }

    /// <summary>Rejects "sk-" followed by ordinary words (a flag such as <c>sk-learn-example</c>).</summary>
    private static bool LooksRandom(ReadOnlySpan<char> body) =>
        body.Length >= 32 && Checksums.ShannonEntropy(body) >= 3.5 && Checksums.CountDigits(body) >= 2;

    /// <summary>
    /// Every format has an anchor within its first 25 characters: '_' or '-' right after its vendor prefix, '=' after
    /// "DefaultEndpointsProtocol" in the Azure connection string, "://hooks.slack.com/" in the Slack webhook, or the
    /// 'A' of an AWS or Google key prefix. The longest format
    /// (PyPI) is under 1,030 characters.
    /// </summary>
    private static readonly AnchoredPattern Anchored = new(Regex(), System.Buffers.SearchValues.Create("_-=:A"), 28, 1030, IsAnchor);

    private static bool IsAnchor(string text, int i)
    {
        var rest = text.AsSpan(i + 1);
        var before = text.AsSpan(0, i);
        return text[i] switch
        {
            ':' => rest.StartsWith("//hooks.slack.com/") && before.EndsWith("https"),
            'A' => rest.StartsWith("KIA") || rest.StartsWith("SIA") || rest.StartsWith("BIA") || rest.StartsWith("CCA")
                || rest.StartsWith("3T") || rest.StartsWith("Iza"),
            // The first separator of each format comes right after its vendor prefix; prose is full of '-' and '_'
            // that do not, and each accepted anchor costs a regex run over a window of up to a kilobyte.
            '_' => EndsWithAny(before, UnderscorePrefixes),
            '-' => EndsWithAny(before, DashPrefixes),
            '=' => before.EndsWith("DefaultEndpointsProtocol"),
            _ => true,
        };
    }

    private static readonly string[] UnderscorePrefixes = ["github", "ghp", "gho", "ghu", "ghs", "ghr", "sk", "rk", "pk", "whsec", "npm"];

    private static readonly string[] DashPrefixes =
    [
        "glpat", "gldt", "glrt", "glptt", "glft", "glimt", "glcbt", "glsoat", "gloas", "glagent", "glffct",
        "xoxa", "xoxb", "xoxp", "xoxo", "xoxs", "xoxr", "xoxe", "xapp", "sk", "pypi",
    ];

    private static bool EndsWithAny(ReadOnlySpan<char> before, string[] prefixes)
    {
        foreach (var prefix in prefixes)
            if (before.EndsWith(prefix, StringComparison.Ordinal))
                return true;
        return false;
    }

    [GeneratedRegex("""
        (?<![A-Za-z0-9_/+\-])(?:
          (?<aws>(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16})(?![A-Za-z0-9])
        | (?<ghfine>github_pat_[A-Za-z0-9_]{50,255})
        | (?<gh>gh[pousr]_[A-Za-z0-9]{36,251})(?![A-Za-z0-9_])
        | (?<gitlab>gl(?:pat|dt|rt|ptt|ft|imt|cbt|soat|oas|agent|ffct)-[A-Za-z0-9_\-]{20,64})
        | (?<slackhook>https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/+\-]{20,200})
        | (?<slack>xox[abposre]-(?:\d{1,20}-){0,3}[A-Za-z0-9\-]{10,200}|xapp-\d-[A-Za-z0-9\-]{10,200})
        | (?<stripe>(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,247}|whsec_[A-Za-z0-9]{32,64})
        | (?<google>AIza[0-9A-Za-z_\-]{35})(?![0-9A-Za-z_\-])
        | (?<anthropic>sk-ant-[a-z]{2,8}\d{0,3}-[A-Za-z0-9_\-]{32,200})
        | (?<openai>sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_\-]{32,200})
        | (?<npm>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9])
        | (?<pypi>pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,1000})
        | (?<azure>DefaultEndpointsProtocol=https?;AccountName=[A-Za-z0-9]{3,24};AccountKey=[A-Za-z0-9+/]{40,100}={0,2}(?:;EndpointSuffix=[A-Za-z0-9.]{1,100})?)
        )
        """, RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace, 1000)]
    private static partial Regex Regex();
}
