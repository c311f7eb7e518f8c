using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gatehouse.Governance.Models.RedTeam;

/// <summary>
/// Sends each case of a suite through a running gateway as an OpenAI chat completion (non-streaming, so the whole
/// answer is judged) and checks the response against the case's expectation. The gateway only shows the answer, so
/// every expectation is about the answer: refused, answered, a planted value absent, strings present or absent.
/// </summary>
public sealed class RedTeamRunner
{
    /// <summary>The header the gateway reads a declared purpose from.</summary>
    public const string PurposeHeader = "x-gatehouse-purpose";

    private readonly HttpClient http;
    private readonly Uri gateway;
    private readonly string apiKey;

    /// <summary>Creates a runner.</summary>
    /// <param name="http">The client (the caller owns it and sets its timeout).</param>
    /// <param name="gateway">The gateway's root URL, e.g. <c>http://127.0.0.1:8080</c>.</param>
    /// <param name="apiKey">A gateway API key.</param>
    public RedTeamRunner(HttpClient http, Uri gateway, string apiKey)
    {
        this.http = http;
        this.gateway = gateway;
        this.apiKey = apiKey;
    }

    /// <summary>Runs every case, one after another, and reports each (a failing case never stops the run).</summary>
    public async Task<RedTeamReport> RunAsync(RedTeamSuite suite, string modelAlias, Action<RedTeamCaseResult>? onResult = null,
        CancellationToken cancellationToken = default)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var results = new List<RedTeamCaseResult>();
        foreach (var testCase in suite.Cases)
        {
            var result = await RunCaseAsync(testCase, testCase.Model ?? modelAlias, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            onResult?.Invoke(result);
        }
        return new RedTeamReport(suite, modelAlias, results, startedAt);
    }

    private async Task<RedTeamCaseResult> RunCaseAsync(RedTeamCase testCase, string model, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, "v1/chat/completions"))
        {
            Content = new StringContent(Body(testCase, model).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        if (testCase.Purpose is { } purpose)
            request.Headers.Add(PurposeHeader, purpose);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new RedTeamCaseResult(testCase, false, "error", null, $"no response from the gateway: {e.Message}", watch.Elapsed);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var (passed, outcome, reason) = RedTeamJudge.Judge(testCase, (int)response.StatusCode, text);
            return new RedTeamCaseResult(testCase, passed, outcome, (int)response.StatusCode, reason, watch.Elapsed);
        }
    }

    private static JsonObject Body(RedTeamCase testCase, string model)
    {
        var messages = new JsonArray();
        if (testCase.System is { } system)
            messages.Add(new JsonObject { ["role"] = "system", ["content"] = system });
        messages.Add(new JsonObject { ["role"] = "user", ["content"] = testCase.Prompt });
        return new JsonObject { ["model"] = model, ["messages"] = messages, ["stream"] = false };
    }
}
