using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.Gateway.Identity;

/// <summary>
/// Supplies the signing keys for OIDC tokens: read once from a JWKS file, or fetched from a JWKS URL and cached
/// (refreshed after <see cref="RefreshInterval"/>, or sooner when a token names a key id we do not have, at most once a minute).
/// </summary>
public sealed class JwksSource
{
    /// <summary>How long fetched keys are trusted before fetching again.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan MinimumRefetchGap = TimeSpan.FromMinutes(1);
    private readonly Uri? _url;
    private readonly HttpClient? _http;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<SecurityKey> _keys = [];
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;

    private JwksSource(IReadOnlyList<SecurityKey> keys) => _keys = keys;

    private JwksSource(Uri url, HttpClient http)
    {
        _url = url;
        _http = http;
    }

    /// <summary>Keys from a JWKS file; throws when the file is not a JWKS with at least one signing key.</summary>
    public static JwksSource FromFile(string path)
    {
        var keys = Parse(File.ReadAllText(path), path);
        return new JwksSource(keys);
    }

    /// <summary>Keys fetched from <paramref name="url"/> with <paramref name="http"/>.</summary>
    public static JwksSource FromUrl(Uri url, HttpClient http) => new(url, http);

    /// <summary>The current signing keys; <paramref name="wantedKeyId"/> triggers a refetch when unknown.</summary>
    public async ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(string? wantedKeyId, CancellationToken cancellationToken)
    {
        if (_url is null)
            return _keys;
        var now = DateTimeOffset.UtcNow;
        var stale = now - _fetchedAt > RefreshInterval;
        var missing = wantedKeyId is not null && _keys.All(k => k.KeyId != wantedKeyId) && now - _fetchedAt > MinimumRefetchGap;
        if (!stale && !missing)
            return _keys;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (DateTimeOffset.UtcNow - _fetchedAt > MinimumRefetchGap || _keys.Count == 0)
            {
                var json = await _http!.GetStringAsync(_url, cancellationToken);
                _keys = Parse(json, _url.ToString());
                _fetchedAt = DateTimeOffset.UtcNow;
            }
            return _keys;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static IReadOnlyList<SecurityKey> Parse(string json, string origin)
    {
        JsonWebKeySet set;
        try
        {
            set = new JsonWebKeySet(json);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{origin}: not a JSON Web Key Set: {e.Message}", e);
        }
        var keys = set.GetSigningKeys();
        if (keys.Count == 0)
            throw new InvalidOperationException($"{origin}: the key set holds no usable signing keys");
        return keys.ToList();
    }
}
