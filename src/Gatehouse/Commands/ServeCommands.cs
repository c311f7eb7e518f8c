using System.CommandLine;
using Gatehouse.Gateway;
using Gatehouse.Gateway.Configuration;
using Gatehouse.Gateway.Identity;
using Microsoft.Extensions.Hosting;

namespace Gatehouse.Cli.Commands;

/// <summary>
/// <c>gatehouse serve</c>: runs the gateway until stopped. Configuration comes from <c>--config</c>, else
/// <c>./gatehouse.yaml</c> if present, else embedded defaults (demo model, loopback port 8080). On first start with an
/// empty key store it creates an admin key and prints it once with a curl example.
/// </summary>
internal static class ServeCommands
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "gatehouse.yaml to use (default: ./gatehouse.yaml if present, else built-in defaults)" };
        var urls = new Option<string?>("--urls") { Description = "Listening addresses, e.g. http://127.0.0.1:8080 (overrides server.urls)" };
        var data = CommonOptions.Data();
        var command = new Command("serve", "Run the gateway") { config, urls, data };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            GatewayConfig loaded;
            try
            {
                loaded = GatewayConfigLoader.Load(GatewayConfigLoader.Locate(parseResult.GetValue(config)?.FullName, Environment.CurrentDirectory));
            }
            catch (ConfigException e)
            {
                error.WriteLine(e.Message);
                return 2;
            }

            // --data given explicitly wins; otherwise the config's data key; otherwise $GATEHOUSE_DATA or ./gatehouse-data.
            var explicitData = parseResult.GetResult(data) is { Implicit: false };
            var dataDirectory = explicitData || loaded.DataDirectory is null ? parseResult.GetValue(data)!.FullName : loaded.DataDirectory;
            var options = new GatewayOptions { Config = loaded, DataDirectory = dataDirectory, Urls = parseResult.GetValue(urls) };
            await using var app = GatewayHost.Build(options);
            var store = (ApiKeyStore)app.Services.GetService(typeof(ApiKeyStore))!;
            var adminKey = AdminBootstrap.CreateAdminKeyIfEmpty(store);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                error.WriteLine($"Cannot listen on {options.Urls ?? loaded.Server.Urls}: {e.Message}");
                return 2;
            }
            var address = GatewayHost.ListeningAddresses(app)[0];
            output.WriteLine($"Gatehouse listening on {string.Join(", ", GatewayHost.ListeningAddresses(app))} (data: {dataDirectory}, config: {loaded.SourceFile ?? "built-in defaults"})");
            if (loaded.Models.Count == 0)
                output.WriteLine("No models configured: serving the built-in 'demo' model, which echoes what you send.");
            if (adminKey is not null)
                PrintFirstRunKey(output, adminKey, address);
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static void PrintFirstRunKey(TextWriter output, string key, Uri address)
    {
        var baseUrl = address.GetLeftPart(UriPartial.Authority);
        output.WriteLine();
        output.WriteLine("First start: created an admin API key. It is shown only this once; store it now:");
        output.WriteLine();
        output.WriteLine("    " + key);
        output.WriteLine();
        output.WriteLine("Try it:");
        output.WriteLine();
        output.WriteLine($"    curl {baseUrl}/v1/chat/completions \\");
        output.WriteLine($"      -H 'Authorization: Bearer {key}' -H 'Content-Type: application/json' \\");
        output.WriteLine("      -d '{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello, gateway\"}]}'");
        output.WriteLine();
    }
}
