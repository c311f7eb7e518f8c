using System.Globalization;
using System.Text.Json.Nodes;
using Gatehouse.Governance.Models.Gate;
using Gatehouse.Governance.Models.Registry;

namespace Gatehouse.Governance.Models.Bom;

/// <summary>
/// The gate's evidence as CycloneDX properties (<c>gatehouse:approval:1:approver</c>...), so a BOM consumer can see who
/// approved the version, which red-team suites it passed, and whether its weights were unchanged when exported.
/// </summary>
internal static class GateEvidence
{
    public static JsonArray Properties(RegisteredModel model, IReadOnlyList<RedTeamResult> redTeam, WeightVerification? weights)
    {
        var properties = new JsonArray(
            BomJson.Property("gatehouse:registrant", model.Registrant),
            BomJson.Property("gatehouse:registered-at", Time(model.RegisteredAt)),
            BomJson.Property("gatehouse:approved", model.IsApproved ? "true" : "false"));
        for (var i = 0; i < model.Approvals.Count; i++)
        {
            var approval = model.Approvals[i];
            var prefix = $"gatehouse:approval:{i + 1}:";
            properties.Add(BomJson.Property(prefix + "approver", approval.Approver));
            properties.Add(BomJson.Property(prefix + "approved-at", Time(approval.ApprovedAt)));
            if (approval.Note is { } note)
                properties.Add(BomJson.Property(prefix + "note", note));
        }
        for (var i = 0; i < redTeam.Count; i++)
        {
            var result = redTeam[i];
            var prefix = $"gatehouse:redteam:{i + 1}:";
            properties.Add(BomJson.Property(prefix + "suite", result.SuiteName));
            properties.Add(BomJson.Property(prefix + "suite-sha256", result.SuiteSha256));
            properties.Add(BomJson.Property(prefix + "passed", result.Passed.ToString(CultureInfo.InvariantCulture)));
            properties.Add(BomJson.Property(prefix + "failed", result.Failed.ToString(CultureInfo.InvariantCulture)));
            properties.Add(BomJson.Property(prefix + "recorded-at", Time(result.RecordedAt)));
        }
        if (weights is not null)
        {
            properties.Add(BomJson.Property("gatehouse:weights:unchanged", weights.AllUnchanged ? "true" : "false"));
            properties.Add(BomJson.Property("gatehouse:weights:checked-at", Time(weights.CheckedAt)));
        }
        return properties;
    }

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
