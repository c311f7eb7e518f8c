using Gatehouse.Audit.Records;
using Gatehouse.Gateway.Pipeline;
using Gatehouse.Gateway.Policy;

namespace Gatehouse.Gateway.Audit;

/// <summary>Turns a finished <see cref="GatewayContext"/> into the audit log's <see cref="InteractionRecord"/> (metadata only).</summary>
public static class InteractionRecordBuilder
{
    /// <summary>The record of <paramref name="context"/>, finished at <paramref name="end"/>.</summary>
    public static InteractionRecord Build(GatewayContext context, DateTimeOffset end)
    {
        var decision = context.Decision;
        var reasons = new List<string>(decision?.Reasons ?? []);
        if (context.ErrorMessage is { } error && !(decision is { Allow: false }))
            reasons.Add(error);
        return new InteractionRecord
        {
            Time = context.StartedAt,
            EndTime = end,
            Tenant = context.Principal.Tenant,
            Principal = context.Principal.Id,
            RequestId = context.RequestId,
            ClientAddress = context.ClientAddress,
            KeyId = context.Principal.KeyId,
            Endpoint = context.Endpoint,
            ModelAlias = context.ModelAlias,
            ModelVersion = context.Model?.Version,
            WeightsHash = context.Model?.WeightsHash,
            Upstream = Upstream(context),
            PolicyRevision = context.PolicyRevision,
            Decision = Outcome(context),
            Reasons = reasons,
            Findings = FindingSummary.Of(context)
                .GroupBy(f => f.Type, StringComparer.Ordinal)
                .Select(g => new AuditFinding(g.Key, g.Sum(f => f.Count), g.Select(f => f.Path).ToList()))
                .ToList(),
            Actions = decision is null ? [] : context.InputFindings.Select(f => f.EntityType).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(t => $"{t}:{(decision.InputActions.TryGetValue(t, out var a) ? a : EntityAction.Mask).ToString().ToLowerInvariant()}")
                .ToList(),
            PromptTokens = context.PromptTokens,
            CompletionTokens = context.CompletionTokens,
            LatencyMs = Math.Round((end - context.StartedAt).TotalMilliseconds, 3),
            Status = context.Status,
        };
    }

    /// <summary>
    /// The outcome: <c>allow</c> (answered), <c>deny</c> (policy refused), <c>block</c> (the transform stage refused
    /// the content), <c>rate_limited</c>, <c>rejected</c> (bad request before any decision), <c>error</c> (upstream or
    /// gateway failure), <c>cancelled</c> (the caller went away).
    /// </summary>
    public static string Outcome(GatewayContext context)
    {
        var status = context.Status;
        if (context.Decision is { Allow: false })
            return "deny";
        if (status == 499)
            return "cancelled";
        if (status is >= 200 and < 300)
            return "allow";
        if (status == 429)
            return "rate_limited";
        if (status >= 500 || status == 0)
            return "error";
        return context.Decision is null ? "rejected" : "block";
    }

    private static string? Upstream(GatewayContext context)
    {
        var served = context.ServedBy is { } alias ? context.Model?.Candidates.FirstOrDefault(c => c.Alias == alias) : null;
        if (served is null)
            return null;
        return context.Model!.IsDemo && served.Alias == context.Model.Alias ? "in-process:demo" : served.BaseUrl.GetLeftPart(UriPartial.Authority);
    }
}
