using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Gatehouse.GatewayLoad;

/// <summary>
/// Sends the benchmark's chat requests to one target (the stub or the gateway) and times them. The request bytes are
/// built once per target; only <c>model</c> differs (the stub's model name, or the gateway's alias). Both targets get
/// the same bearer key, so the client does identical work either way.
/// </summary>
internal sealed class LoadClient(HttpClient http, Uri baseUrl, string model, string apiKey, int promptChars)
{
    private readonly byte[] _chat = Body(model, promptChars, stream: false);
    private readonly byte[] _stream = Body(model, promptChars, stream: true);
    private readonly Uri _endpoint = new(baseUrl.AbsoluteUri.TrimEnd('/') + "/chat/completions");
    private readonly AuthenticationHeaderValue _authorization = new("Bearer", apiKey);
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Sends one request and records its latencies in <paramref name="result"/>; never throws.</summary>
    public async Task SendAsync(RequestKind kind, RoundResult result, byte[] buffer)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
            {
                Content = new ByteArrayContent(kind == RequestKind.Stream ? _stream : _chat) { Headers = { ContentType = Json } },
            };
            request.Headers.Authorization = _authorization;
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            long firstByte = 0;
            var total = 0;
            var tail = new byte[16];
            var tailLength = 0;
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                if (firstByte == 0)
                    firstByte = Stopwatch.GetTimestamp();
                total += read;
                KeepTail(buffer.AsSpan(0, read), tail, ref tailLength);
            }
            var finished = Stopwatch.GetTimestamp();
            var complete = kind != RequestKind.Stream || tail.AsSpan(0, tailLength).IndexOf("[DONE]"u8) >= 0;
            if (!response.IsSuccessStatusCode || !complete || total == 0)
            {
                Fail(result, $"HTTP {(int)response.StatusCode}, {total} bytes, {(complete ? "complete" : "no [DONE]")}: {Encoding.UTF8.GetString(tail, 0, tailLength)}");
                return;
            }
            lock (result)
            {
                result.Latencies.Add(finished - started);
                result.FirstBytes.Add(firstByte - started);
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            Fail(result, e.GetType().Name + ": " + e.Message);
        }
    }

    private static void Fail(RoundResult result, string error)
    {
        lock (result)
        {
            result.Errors++;
            result.FirstError ??= error;
        }
    }

    private static void KeepTail(ReadOnlySpan<byte> read, byte[] tail, ref int tailLength)
    {
        if (read.Length >= tail.Length)
        {
            read[^tail.Length..].CopyTo(tail);
            tailLength = tail.Length;
            return;
        }
        var keep = Math.Min(tailLength, tail.Length - read.Length);
        tail.AsSpan(tailLength - keep, keep).CopyTo(tail);
        read.CopyTo(tail.AsSpan(keep));
        tailLength = keep + read.Length;
    }

    /// <summary>A chat request whose single user message is <paramref name="chars"/> characters of ordinary prose.</summary>
    public static byte[] Body(string model, int chars, bool stream)
    {
        const string prose = "Please summarise the following meeting notes for the weekly team update and keep the tone neutral. " +
            "The group reviewed the delivery plan, agreed on the order of the next tasks and noted two open questions about testing. ";
        var prompt = new StringBuilder(chars + prose.Length);
        while (prompt.Length < chars)
            prompt.Append(prose);
        prompt.Length = chars;
        return Encoding.UTF8.GetBytes($$"""{"model":"{{model}}",{{(stream ? "\"stream\":true," : "")}}"temperature":0.2,"messages":[{"role":"system","content":"You are a concise assistant."},{"role":"user","content":"{{prompt}}"}]}""");
    }
}
