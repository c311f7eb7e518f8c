namespace Gatehouse.Governance.Models.Registry;

/// <summary>
/// Whether the gateway may route requests to a model version, and if not, the reason to give the caller. Weight
/// integrity is checked separately (<see cref="ModelRegistry.VerifyWeightsAsync"/>), because re-hashing gigabytes
/// belongs at load time, not on every request.
/// </summary>
/// <param name="Model">The version asked about.</param>
/// <param name="Allowed">True when it is registered and approved by someone other than its registrant.</param>
/// <param name="Reason">Why it is refused, or null when allowed.</param>
public sealed record ServingStatus(ModelReference Model, bool Allowed, string? Reason);
