namespace Gatehouse.Governance.Models.Gate;

/// <summary>One check of the deployment gate, as <c>data.gatehouse.deploy</c> reported it.</summary>
/// <param name="Name">Stable check name, e.g. <c>card_complete</c>.</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="Detail">What was found, for a person to read.</param>
public sealed record GateCheck(string Name, bool Passed, string Detail);

/// <summary>The deployment gate's decision for one model version, as stored in the registry.</summary>
/// <param name="Model">The version decided on.</param>
/// <param name="Allowed">The policy's <c>allow</c>: every check passed.</param>
/// <param name="Checks">Every check, in the policy's order.</param>
/// <param name="PolicyRevision">SHA-256 over the policy bundle that decided (<c>PolicyEngine.Revision</c>).</param>
/// <param name="DecidedAt">When (UTC).</param>
/// <param name="Actor">Who ran the gate.</param>
public sealed record GateDecision(
    ModelReference Model,
    bool Allowed,
    IReadOnlyList<GateCheck> Checks,
    string PolicyRevision,
    DateTimeOffset DecidedAt,
    string Actor);
