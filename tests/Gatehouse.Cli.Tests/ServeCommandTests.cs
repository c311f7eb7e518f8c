using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Gatehouse.Cli;

namespace Gatehouse.Cli.Tests;

/// <summary><c>gatehouse serve</c> in process: first-run admin key, a real request through it, config errors.</summary>
public sealed class ServeCommandTests
{
    private static string TempDir()
    {
        var path = Path.Combine(Path.GetTempPath(), "gatehouse-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    [Fact]
    public async Task First_serve_prints_an_admin_key_once_that_works_for_the_demo_model()
    {
        var data = TempDir();
        using var stop = new CancellationTokenSource();
        var output = new StringWriter();
        var error = new StringWriter();
        var run = GatehouseCli.RunAsync(["serve", "--urls", "http://127.0.0.1:0", "--data", data], output, error, stop.Token);

        string text;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(text = output.ToString()).Contains("curl") && !run.IsCompleted && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.False(run.IsCompleted, error.ToString());

        var key = Regex.Match(text, @"gh_[0-9a-f]{12}_[A-Za-z0-9_-]{43}").Value;
        var baseUrl = Regex.Match(text, @"listening on (http://127\.0\.0\.1:\d+)").Groups[1].Value;
        Assert.NotEqual("", key);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"demo","messages":[{"role":"user","content":"from serve"}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var response = await http.SendAsync(request);
        Assert.Contains("(demo) You said: from serve", await response.Content.ReadAsStringAsync());

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));

        // A second start finds the key and prints none.
        using var stopAgain = new CancellationTokenSource();
        var again = new StringWriter();
        var second = GatehouseCli.RunAsync(["serve", "--urls", "http://127.0.0.1:0", "--data", data], again, new StringWriter(), stopAgain.Token);
        while (!again.ToString().Contains("listening") && !second.IsCompleted)
            await Task.Delay(50);
        await stopAgain.CancelAsync();
        await second.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("gh_", again.ToString());
    }

    [Fact]
    public async Task An_invalid_config_exits_2_naming_file_line_and_key()
    {
        var dir = TempDir();
        var config = Path.Combine(dir, "gatehouse.yaml");
        await File.WriteAllTextAsync(config, "server:\n  maxRequestBodyBytes: lots\n");
        var error = new StringWriter();
        var exit = await GatehouseCli.RunAsync(["serve", "--config", config, "--data", dir], new StringWriter(), error);
        Assert.Equal(2, exit);
        Assert.Contains("gatehouse.yaml:2: server.maxRequestBodyBytes: expected a whole number", error.ToString());
    }
}
