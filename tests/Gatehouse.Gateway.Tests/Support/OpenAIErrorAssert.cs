using System.Net;
using System.Text.Json.Nodes;

namespace Gatehouse.Gateway.Tests.Support;

/// <summary>Asserts the exact OpenAI error shape: status, <c>{"error":{"message","type","param","code"}}</c>, request id.</summary>
public static class OpenAIErrorAssert
{
    /// <summary>Checks <paramref name="response"/> and returns the error object for further checks.</summary>
    public static async Task<JsonObject> IsErrorAsync(HttpResponseMessage response, HttpStatusCode status, string type, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("x-request-id"), "x-request-id missing");
        var root = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(["error"], root.Select(p => p.Key));
        var error = root["error"]!.AsObject();
        Assert.Equal(["message", "type", "param", "code"], error.Select(p => p.Key));
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
        Assert.Equal(type, error["type"]!.GetValue<string>());
        Assert.Equal(code, error["code"]!.GetValue<string>());
        return error;
    }
}
