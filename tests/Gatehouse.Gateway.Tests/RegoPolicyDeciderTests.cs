using System.Net;
using Gatehouse.Gateway.Tests.Support;

namespace Gatehouse.Gateway.Tests;

/// <summary>A bundle whose evaluation fails (a conflict error) denies every call and says so: the gateway fails closed.</summary>
public sealed class RegoPolicyDeciderTests
{
    [Fact]
    public async Task An_evaluation_error_denies_the_call_with_the_error_named()
    {
        var bundle = TempDirectory.Create();
        await File.WriteAllTextAsync(Path.Combine(bundle, "broken.rego"), """
            package gatehouse

            import rego.v1

            decision := {"allow": true} if input.principal.id != ""
            decision := {"allow": false} if input.principal.id != "nobody"
            """);
        await using var gateway = await GatewayServer.StartAsync($"policy:\n  bundle: {bundle}\n");
        var response = await gateway.SendAsync(HttpMethod.Post, "/v1/chat/completions", gateway.AdminKey, """{"model":"demo","messages":[{"role":"user","content":"hi"}]}""");
        var error = await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.Forbidden, "permission_error", "permission_denied");
        Assert.Contains("eval_conflict_error", error["message"]!.GetValue<string>());
    }
}
