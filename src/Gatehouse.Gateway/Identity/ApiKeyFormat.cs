using System.Security.Cryptography;

namespace Gatehouse.Gateway.Identity;

/// <summary>
/// The API key format <c>gh_&lt;id&gt;_&lt;secret&gt;</c>: <c>id</c> is 12 lowercase hex characters naming the key
/// (shown in listings and logs), <c>secret</c> is 32 random bytes in base64url (256 bits, so one SHA-256 is a safe
/// hash: nothing to brute-force). The store keeps only the id and the hash of the secret.
/// </summary>
public static class ApiKeyFormat
{
    /// <summary>Every key starts with this, so secret scanners and the authenticator can tell it apart from a JWT.</summary>
    public const string Prefix = "gh_";

    /// <summary>A freshly generated key: its id, the whole key to hand out once, and the hash to store.</summary>
    public sealed record NewKey(string Id, string Key, byte[] SecretHash);

    /// <summary>Generates a new key from the OS random number generator.</summary>
    public static NewKey Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return new NewKey(id, $"{Prefix}{id}_{secret}", Hash(secret));
    }

    /// <summary>Splits a presented key into id and secret; false when it is not shaped like a Gatehouse key.</summary>
    public static bool TryParse(string presented, out string id, out string secret)
    {
        id = secret = "";
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var rest = presented.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator != 12 || rest.Length - separator - 1 < 20)
            return false;
        id = rest[..separator].ToString();
        secret = rest[(separator + 1)..].ToString();
        return id.All(Uri.IsHexDigit);
    }

    /// <summary>SHA-256 of the secret's UTF-8 bytes.</summary>
    public static byte[] Hash(string secret) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
