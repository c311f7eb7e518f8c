using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Gateway.Errors;

/// <summary>Writes OpenAI-shaped error bodies, for whole responses and for server-sent event streams.</summary>
public static class OpenAIErrorWriter
{
    /// <summary>Serializes <paramref name="error"/> as <c>{"error":{"message","type","param","code"}}</c>.</summary>
    public static byte[] ToJson(GatewayException error)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Hosting.GatewayJson.Writer))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("message", error.Message);
            json.WriteString("type", error.Type);
            if (error.Param is null) json.WriteNull("param"); else json.WriteString("param", error.Param);
            json.WriteString("code", error.Code);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Writes the error as the whole response, if the response has not started; otherwise the connection is left
    /// to the caller (a started stream reports errors as an event instead).
    /// </summary>
    public static async Task WriteAsync(HttpContext context, GatewayException error)
    {
        if (context.Response.HasStarted)
            return;
        context.Response.Clear();
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json";
        if (error.RetryAfterSeconds is { } retryAfter)
            context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await context.Response.Body.WriteAsync(ToJson(error), context.RequestAborted);
    }
}
