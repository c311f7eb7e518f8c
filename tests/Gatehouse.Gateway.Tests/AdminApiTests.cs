using System.Net;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Tests.Support;

namespace Gatehouse.Gateway.Tests;

/// <summary>The admin API: keys created over HTTP work at once, listings never show secrets, revocation bites immediately.</summary>
public sealed class AdminApiTests
{
    [Fact]
    public async Task Create_list_revoke_over_http()
    {
        await using var gateway = await GatewayServer.StartAsync();
        var created = await gateway.SendAsync(HttpMethod.Post, "/admin/keys", gateway.AdminKey, """{"principal":"hank","tenant":"acme","roles":["analyst"],"expires":"7d"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var key = body["key"]!.GetValue<string>();
        var id = body["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync(HttpMethod.Get, "/v1/models", key)).StatusCode);

        var list = await (await gateway.SendAsync(HttpMethod.Get, "/admin/keys", gateway.AdminKey)).Content.ReadAsStringAsync();
        Assert.Contains(id, list);
        Assert.DoesNotContain(key, list);
        Assert.DoesNotContain(key.Split('_', 3)[2], list);

        var revoked = await gateway.SendAsync(HttpMethod.Delete, "/admin/keys/" + id, gateway.AdminKey);
        Assert.Equal("revoked", JsonNode.Parse(await revoked.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.SendAsync(HttpMethod.Get, "/v1/models", key)).StatusCode);
    }

    [Fact]
    public async Task Bad_admin_input_is_an_openai_error()
    {
        await using var gateway = await GatewayServer.StartAsync();
        await OpenAIErrorAssert.IsErrorAsync(await gateway.SendAsync(HttpMethod.Post, "/admin/keys", gateway.AdminKey, """{"principal":"x","tenant":"t","roles":"admin"}"""),
            HttpStatusCode.BadRequest, "invalid_request_error", "invalid_type");
        await OpenAIErrorAssert.IsErrorAsync(await gateway.SendAsync(HttpMethod.Post, "/admin/keys", gateway.AdminKey, """{"principal":"x","tenant":"t","roles":["a"],"expires":"later"}"""),
            HttpStatusCode.BadRequest, "invalid_request_error", "invalid_value");
        await OpenAIErrorAssert.IsErrorAsync(await gateway.SendAsync(HttpMethod.Delete, "/admin/keys/ffffffffffff", gateway.AdminKey),
            HttpStatusCode.NotFound, "invalid_request_error", "key_not_found");
    }

    [Fact]
    public async Task Health_reports_store_and_models_to_admins()
    {
        await using var gateway = await GatewayServer.StartAsync();
        var health = JsonNode.Parse(await (await gateway.SendAsync(HttpMethod.Get, "/admin/health", gateway.AdminKey)).Content.ReadAsStringAsync())!;
        Assert.Equal("ok", health["status"]!.GetValue<string>());
        Assert.Equal("demo", health["models"]![0]!["alias"]!.GetValue<string>());
    }
}
