using System.Buffers.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gatehouse.Detection.Detectors;

/// <summary>
/// PEM private key blocks (<c>-----BEGIN … PRIVATE KEY-----</c> to the matching END line). A block whose END line is
/// missing is still reported up to the end of its base64 body: a truncated key is still a key.
/// </summary>
public sealed partial class PrivateKeyDetector : IDetector
{
    /// <summary>Longest key block reported (an 8192-bit RSA key is under 7 KB).</summary>
    public const int MaxBlock = 16384;

    /// <inheritdoc />
    public string Id => "private_key";
    /// <inheritdoc />
    public IReadOnlyCollection<string> EntityTypes => [Detection.EntityTypes.PrivateKey];
    /// <inheritdoc />
    public int MaxLength => MaxBlock;
    /// <inheritdoc />
    public bool MayMatch(in TextFeatures features) => features.HasDash;

    /// <inheritdoc />
    public void Detect(string text, List<Finding> sink)
    {
        foreach (Match begin in Begin().Matches(text))
        {
            var bodyStart = begin.Index + begin.Length;
            var limit = Math.Min(text.Length, begin.Index + MaxBlock);
            var end = End().Match(text, bodyStart, limit - bodyStart);
            int stop;
            if (end.Success)
                stop = end.Index + end.Length;
            else
            {
                stop = bodyStart;
                while (stop < limit && (char.IsAsciiLetterOrDigit(text[stop]) || text[stop] is '+' or '/' or '=' or '\r' or '\n' or ' ' or '\\' or ':' or '-' or ','))
                    stop++;
            }
            sink.Add(new Finding(Detection.EntityTypes.PrivateKey, begin.Index, stop, 0.99, Id));
        }
    }

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?-----", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Begin();

    [GeneratedRegex(@"-----END (?:[A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?-----", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex End();
}

/// <summary>JSON Web Tokens: three base64url parts whose first decodes to a JSON object with an <c>alg</c> member.</summary>
public sealed partial class JwtDetector : PatternDetector
{
    /// <inheritdoc />
    public override string Id => "jwt";
    /// <inheritdoc />
    public override string EntityType => Detection.EntityTypes.Jwt;
    /// <inheritdoc />
    public override int MaxLength => 8192;
    /// <inheritdoc />
    protected override Regex Pattern => Regex();
    /// <inheritdoc />
    public override bool MayMatch(in TextFeatures features) => features.HasUpper;

    /// <inheritdoc />
    protected override double? Score(string text, Match match)
    {
        var header = match.Groups["h"].Value;
        try
        {
            var bytes = Base64Url.DecodeFromChars(header);
            using var json = JsonDocument.Parse(bytes);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("alg", out _) ? 0.95 : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9_\-])(?<h>eyJ[A-Za-z0-9_\-]{5,1000})\.(?:eyJ|ey)[A-Za-z0-9_\-]{2,6000}\.[A-Za-z0-9_\-]{0,1000}(?![A-Za-z0-9_\-])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Regex();
}

/// <summary>Credentials embedded in a URL's user-info (<c>scheme://user:password@host</c>); the password is reported.</summary>
public sealed partial class UrlCredentialsDetector : PatternDetector
{
    /// <inheritdoc />
    public override string Id => "url_credentials";
    /// <inheritdoc />
    public override string EntityType => Detection.EntityTypes.UrlCredentials;
    /// <inheritdoc />
    public override int MaxLength => 300;
    /// <inheritdoc />
    protected override Regex Pattern => Regex();
    private static readonly AnchoredPattern AnchoredRegex = new(Regex(), System.Buffers.SearchValues.Create(":"), 24, 670,
        // The scheme separator "://" lies within the first 22 characters of a match.
        (text, i) => i + 2 < text.Length && text[i + 1] == '/' && text[i + 2] == '/');
    /// <inheritdoc />
    private protected override AnchoredPattern Anchored => AnchoredRegex;
    /// <inheritdoc />
    public override bool MayMatch(in TextFeatures features) => features.HasAt && features.HasColon;

    /// <inheritdoc />
    protected override double? Score(string text, Match match)
    {
        var password = match.Groups["v"].Value;
        return SecretAssignmentDetector.IsPlaceholder(password) ? null : 0.95;
    }

    [GeneratedRegex(@"\b[A-Za-z][A-Za-z0-9+.\-]{1,20}://[^\s:/@""'<>]{1,128}:(?<v>[^\s@/""'<>]{1,256})@[A-Za-z0-9.\-\[\]]{1,255}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Regex();
}

/// <summary>
/// Secrets assigned to a suggestively named key (<c>password=</c>, <c>secret:</c>, <c>"api_key": "…"</c>,
/// <c>AWS_SECRET_ACCESS_KEY=…</c>). The value must not be a placeholder and must have enough Shannon entropy to be a
/// real credential; AWS secret keys (40 base64 characters) are recognised by their shape next to such a key.
/// </summary>
public sealed partial class SecretAssignmentDetector : IDetector
{
    /// <inheritdoc />
    public string Id => "secret_assignment";
    /// <inheritdoc />
    public IReadOnlyCollection<string> EntityTypes => [Detection.EntityTypes.Password, Detection.EntityTypes.AwsSecretKey];
    /// <inheritdoc />
    public int MaxLength => 300;
    /// <inheritdoc />
    public bool MayMatch(in TextFeatures features) => features.HasColon || features.HasEquals;

    /// <inheritdoc />
    public void Detect(string text, List<Finding> sink)
    {
        foreach (Match m in Regex().Matches(text))
        {
            var value = m.Groups["v"];
            var span = value.ValueSpan;
            if (IsPlaceholder(value.Value))
                continue;
            var entropy = Checksums.ShannonEntropy(span);
            var keyStart = m.Index;
            while (keyStart > 0 && m.Index - keyStart < 40 && (char.IsAsciiLetterOrDigit(text[keyStart - 1]) || text[keyStart - 1] is '_' or '.' or '-'))
                keyStart--;
            var key = text.AsSpan(keyStart, m.Index - keyStart + Math.Min(m.Length, 40));
            if (span.Length == 40 && key.Contains("aws", StringComparison.OrdinalIgnoreCase) && entropy >= 4.0 && AwsSecret().IsMatch(value.Value))
            {
                sink.Add(new Finding(Detection.EntityTypes.AwsSecretKey, value.Index, value.Index + value.Length, 0.95, Id));
                continue;
            }
            // Short passwords are low-entropy by nature; demand more of longer values that could be prose.
            var needed = span.Length < 12 ? 2.2 : 3.0;
            if (entropy < needed)
                continue;
            var score = entropy >= 3.5 ? 0.85 : 0.7;
            sink.Add(new Finding(Detection.EntityTypes.Password, value.Index, value.Index + value.Length, score, Id));
        }
    }

    /// <summary>True for values that are obviously not real secrets: templates, variables, masks, booleans.</summary>
    public static bool IsPlaceholder(string value)
    {
        if (value.Length < 4)
            return true;
        if (value.StartsWith('$') || value.StartsWith('%') || value.StartsWith('<') || value.Contains("{{", StringComparison.Ordinal)
            || value.Contains("${", StringComparison.Ordinal) || value.StartsWith("process.env", StringComparison.Ordinal)
            || value.StartsWith("os.environ", StringComparison.Ordinal) || value.StartsWith("env.", StringComparison.OrdinalIgnoreCase))
            return true;
        var distinct = value.Distinct().Count();
        if (distinct <= 2)
            return true; // "****", "xxxxxx"
        return value.ToLowerInvariant() is "password" or "changeme" or "secret" or "null" or "none" or "true" or "false"
            or "undefined" or "example" or "placeholder" or "your_password" or "yourpassword" or "redacted" or "string" or "required";
    }

    // Anchored on the keyword (not on the identifier before it) so the search is a vectorized scan for the keywords;
    // the identifier prefix ("db_", "AWS_SECRET_") is read back in code.
    [GeneratedRegex(@"(?i:password|passwd|passphrase|pwd|pass|secret|api[_\-]?key|apikey|access[_\-]?key|auth[_\-]?token|access[_\-]?token|token|client[_\-]?secret|private[_\-]?key|credentials?)[A-Za-z0-9_.\-]{0,20}[""']?\s{0,3}(?::=|=>|[:=])\s{0,3}(?:[""'](?<v>[^""'\r\n]{4,100})[""']|(?<v>[^\s""',;)}\]]{4,200}))", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Regex();

    [GeneratedRegex(@"^[A-Za-z0-9/+]{40}$")]
    private static partial Regex AwsSecret();
}
