using Gatehouse.Gateway.Configuration;

namespace Gatehouse.Gateway.Pipeline;

/// <summary>
/// INTERIM decider, used until the Rego policy decider replaces it: admins may use every model; anyone else may use a
/// model when one of their roles is in that model's <c>roles</c> list in <c>gatehouse.yaml</c> (<c>*</c> admits
/// every authenticated caller; no list means admins only). Limits come from the <c>limits</c> section.
/// It knows nothing about findings and never asks for masking.
/// </summary>
public sealed class ConfigRoleDecider(LimitsConfig limits) : IPolicyDecider
{
    private readonly DecisionLimits _limits = new(null,
        limits.RequestsPerMinute > 0 ? limits.RequestsPerMinute : null,
        limits.TokensPerMinute > 0 ? limits.TokensPerMinute : null);

    /// <inheritdoc />
    public ValueTask<GatewayDecision> DecideAsync(GatewayContext context, CancellationToken cancellationToken)
    {
        var principal = context.Principal;
        if (principal.IsAdmin)
            return ValueTask.FromResult(GatewayDecision.Permit(_limits, "admin role may use every model"));
        var model = context.Model;
        if (model is null)
            return ValueTask.FromResult(GatewayDecision.Deny("no model resolved"));
        var allowed = model.Primary.Roles;
        if (allowed.Contains("*"))
            return ValueTask.FromResult(GatewayDecision.Permit(_limits, $"model '{model.Alias}' is open to every authenticated caller"));
        var match = principal.Roles.FirstOrDefault(r => allowed.Contains(r, StringComparer.Ordinal));
        return ValueTask.FromResult(match is not null
            ? GatewayDecision.Permit(_limits, $"role '{match}' may use model '{model.Alias}'")
            : GatewayDecision.Deny(allowed.Count == 0
                ? $"model '{model.Alias}' is reserved for admins (it lists no roles)"
                : $"none of your roles ({string.Join(", ", principal.Roles)}) may use model '{model.Alias}'; allowed: {string.Join(", ", allowed)}"));
    }
}
