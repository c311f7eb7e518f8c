using System.Text.Json;
using Gatehouse.Governance.Datasets.Attestation;

namespace Gatehouse.Governance.Models.Gate;

/// <summary>
/// Reads the outcome a dataset verification statement (DSSE envelope around an in-toto statement, written by
/// <c>gatehouse dataset verify</c>) reports: whether the dataset verified and whether its <c>scan</c> check passed
/// (the scan was clean, or every entity type it found is justified in the manifest). Checking the envelope's signature
/// belongs to the dataset tooling; the registry pins the statement by digest at registration.
/// </summary>
public static class VerificationStatementReader
{
    /// <summary>What a statement says; both false when it cannot be read or is not a dataset verification.</summary>
    /// <param name="Passed">The statement's <c>predicate.passed</c>.</param>
    /// <param name="ScanPassed">The <c>scan</c> check of <c>predicate.checks</c> passed.</param>
    public sealed record Outcome(bool Passed, bool ScanPassed);

    /// <summary>Reads the statement at <paramref name="path"/>; never throws for a malformed or missing file.</summary>
    public static Outcome Read(string? path)
    {
        if (path is null || !File.Exists(path))
            return new Outcome(false, false);
        try
        {
            var envelope = DsseEnvelope.FromJson(File.ReadAllText(path));
            using var statement = JsonDocument.Parse(envelope.PayloadBytes());
            var root = statement.RootElement;
            if (!root.TryGetProperty("predicateType", out var type) || type.GetString() != DatasetVerificationStatement.PredicateType
                || !root.TryGetProperty("predicate", out var predicate))
                return new Outcome(false, false);
            var passed = predicate.TryGetProperty("passed", out var p) && p.ValueKind == JsonValueKind.True;
            var scan = predicate.TryGetProperty("checks", out var checks) && checks.ValueKind == JsonValueKind.Array
                && checks.EnumerateArray().Any(c => c.TryGetProperty("name", out var n) && n.GetString() == "scan"
                    && c.TryGetProperty("passed", out var cp) && cp.ValueKind == JsonValueKind.True);
            return new Outcome(passed, scan);
        }
        catch (Exception e) when (e is JsonException or FormatException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            return new Outcome(false, false);
        }
    }
}
