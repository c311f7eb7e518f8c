using Gatehouse.Gateway.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Gateway.Endpoints;

/// <summary>
/// What answers a request no route takes: 405 with an <c>Allow</c> header when the path is known but the method is
/// not (<c>GET /v1/chat/completions</c>), else 404; both with an OpenAI error body. The catch-all fallback route
/// would otherwise shadow routing's own 405, so the fallback asks the route table which methods the path has.
/// </summary>
internal static class UnmatchedRoutes
{
    /// <summary>Maps the fallback; call after every other route.</summary>
    public static void Map(WebApplication app)
    {
        var routes = new Lazy<IReadOnlyList<(TemplateMatcher Matcher, IReadOnlyList<string> Methods)>>(() => KnownRoutes(app.Services));
        app.MapFallback((HttpContext http) =>
        {
            var allowed = AllowedMethods(routes.Value, http.Request.Path);
            var error = allowed.Count == 0
                ? GatewayErrors.UnknownRoute(http.Request.Method, http.Request.Path)
                : GatewayErrors.MethodNotAllowed(http.Request.Method, http.Request.Path, allowed);
            if (allowed.Count > 0)
                http.Response.Headers.Allow = string.Join(", ", allowed);
            return Results.Text(System.Text.Encoding.UTF8.GetString(OpenAIErrorWriter.ToJson(error)), "application/json", statusCode: error.Status);
        });
    }

    private static List<string> AllowedMethods(IReadOnlyList<(TemplateMatcher Matcher, IReadOnlyList<string> Methods)> routes, PathString path)
    {
        var allowed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (matcher, methods) in routes)
        {
            if (matcher.TryMatch(path, new RouteValueDictionary()))
                allowed.UnionWith(methods);
        }
        return [.. allowed];
    }

    /// <summary>Every routed endpoint that is limited to some methods (the fallback itself has no such limit).</summary>
    private static List<(TemplateMatcher, IReadOnlyList<string>)> KnownRoutes(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is { HttpMethods.Count: > 0 })
            .Select(e => (new TemplateMatcher(TemplateParser.Parse(e.RoutePattern.RawText ?? "/"), new RouteValueDictionary(e.RoutePattern.Defaults)),
                e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods))];
}
