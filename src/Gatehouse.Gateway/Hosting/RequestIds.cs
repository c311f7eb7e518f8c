using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Gateway.Hosting;

/// <summary>
/// Gives every request an id, sent back as <c>x-request-id</c> on every response (errors included). A caller's own
/// <c>x-request-id</c> is kept when it is sane (1-128 characters of letters, digits and <c>- _ . :</c>), so ids can be
/// followed across systems; otherwise a fresh one is made.
/// </summary>
public static partial class RequestIds
{
    /// <summary>The header name.</summary>
    public const string Header = "x-request-id";

    private const string ItemKey = "gatehouse.request-id";

    /// <summary>The id of <paramref name="http"/>'s request.</summary>
    public static string Of(HttpContext http) => (string)http.Items[ItemKey]!;

    /// <summary>Middleware: assigns the id and registers the response header.</summary>
    public static Task AssignAsync(HttpContext http, RequestDelegate next)
    {
        var offered = http.Request.Headers[Header].FirstOrDefault();
        var id = offered is not null && SaneId().IsMatch(offered) ? offered : "req_" + Guid.NewGuid().ToString("N");
        http.Items[ItemKey] = id;
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        return next(http);
    }

    [GeneratedRegex(@"^[A-Za-z0-9\-_.:]{1,128}$")]
    private static partial Regex SaneId();
}
