using Gatehouse.Gateway.Pipeline;

namespace Gatehouse.Gateway.Policy;

/// <summary>Findings of one entity type at one place in the request, aggregated (never the values).</summary>
/// <param name="Type">The entity type, e.g. <c>EMAIL</c>.</param>
/// <param name="Path">The JSON path into the request body.</param>
/// <param name="Score">The best score among them.</param>
/// <param name="Count">How many.</param>
public sealed record FindingSummary(string Type, string Path, double Score, int Count)
{
    /// <summary>The path used when the detect stage did not say where a finding was.</summary>
    public const string UnknownPath = "request";

    /// <summary>Groups the input findings of <paramref name="context"/> by type and path, in a stable order.</summary>
    public static IReadOnlyList<FindingSummary> Of(GatewayContext context)
    {
        // The common request has none: no grouping and sorting of an empty list (policy input and audit record both ask).
        if (context.InputFindings.Count == 0 && context.InputFindingLocations.Count == 0)
            return [];
        // The detect stage records each finding with its JSON path; an inspector that only fills InputFindings
        // still reaches the policy, located at "request".
        var located = context.InputFindingLocations.Count == context.InputFindings.Count
            ? context.InputFindingLocations.Select(l => (l.Finding, l.Path))
            : context.InputFindings.Select(f => (Finding: f, Path: UnknownPath));
        return located
            .GroupBy(l => (l.Finding.EntityType, l.Path))
            .Select(g => new FindingSummary(g.Key.EntityType, g.Key.Path, g.Max(l => l.Finding.Score), g.Count()))
            .OrderBy(f => f.Type, StringComparer.Ordinal).ThenBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
    }
}
