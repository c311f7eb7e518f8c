using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Audit.Payloads;

/// <summary>
/// Keyed hashes under the log's secret: input/output commitments (prove what was sent without storing it, and not
/// brute-forceable without the secret) and pseudonymous subject ids (erasure records name no person).
/// </summary>
internal sealed class Commitments(byte[] secret)
{
    public string Commit(string domain, string text) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(domain + "\n" + text)));

    public string Input(string text) => Commit("input", text);

    public string Output(string text) => Commit("output", text);

    public string Subject(string subjectId) => Commit("subject", subjectId);
}
