using Gatehouse.Gateway.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Gateway.Upstreams;

/// <summary>
/// Tells the caller which entity types an action changed (<c>x-gatehouse-entities: EMAIL,PERSON</c>), never the values.
/// For streams only the request's types are known when headers go out; the answer's show in the audit.
/// </summary>
internal static class EntityHeader
{
    /// <summary>The header name.</summary>
    public const string Name = "x-gatehouse-entities";

    /// <summary>Sets the header when something was acted on.</summary>
    public static void Set(HttpResponse response, GatewayContext context)
    {
        if (context.ActedOnEntityTypes.Count > 0)
            response.Headers[Name] = string.Join(',', context.ActedOnEntityTypes);
    }
}
