using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Audit.Payloads;

/// <summary>
/// Keyed hashes under the log's secret: input/output commitments (prove what was sent without storing it, and not
/// brute-forceable without the secret) and pseudonymous subject ids (erasure records name no person).
/// </summary>
internal sealed class Commitments(byte[] secret)
{
    /// <summary>
    /// HMAC-SHA256 of the UTF-8 of <c>domain + "\n" + text</c>, in lowercase hex. The text is encoded into a pooled
    /// buffer and hashed after the domain line, rather than concatenated and encoded afresh: every gateway request
    /// commits to its whole body and answer, and those two copies were a tenth of its allocations.
    /// </summary>
    public string Commit(string domain, string text)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        Append(hmac, domain);
        hmac.AppendData("\n"u8);
        Append(hmac, text);
        Span<byte> mac = stackalloc byte[32];
        hmac.GetHashAndReset(mac);
        return Convert.ToHexStringLower(mac);
    }

    public string Input(string text) => Commit("input", text);

    public string Output(string text) => Commit("output", text);

    public string Subject(string subjectId) => Commit("subject", subjectId);

    private static void Append(IncrementalHash hmac, string text)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            hmac.AppendData(buffer, 0, Encoding.UTF8.GetBytes(text, buffer));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
