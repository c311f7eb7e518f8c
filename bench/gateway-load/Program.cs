using System.Net;
using Gatehouse.GatewayLoad;

// The gateway's added latency and throughput: the same load straight to an upstream stub and through the real
// gateway, alternating in one run. See BENCHMARKS.md "Gateway load (bench/gateway-load)".
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}
LoadOptions options;
var profileStages = args.Contains("--profile-stages");
try
{
    options = LoadOptions.Parse(args.Where(a => a != "--profile-stages").ToArray());
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

const string Alias = "load-model";
await using var stub = new UpstreamStub(options.Tokens);
await stub.StartAsync();
await using var gateway = new GatewayUnderTest();
await gateway.StartAsync(stub.BaseUrl, Alias);
if (profileStages)
{
    await StageProfile.RunAsync(gateway, options, Console.Out);
    return 0;
}
using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = int.MaxValue,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    AutomaticDecompression = DecompressionMethods.None,
    UseCookies = false,
}) { Timeout = TimeSpan.FromMinutes(2) };
var direct = new LoadClient(http, stub.BaseUrl, "stub-model", gateway.ApiKey, options.PromptChars);
var through = new LoadClient(http, new Uri(gateway.Address, "/v1"), Alias, gateway.ApiKey, options.PromptChars);

using var sampler = options.AllocationTypes ? new AllocationSampler() : null;
var report = new LoadReport(Console.Out);
report.Header(options, gateway.PolicySource);
foreach (var profile in options.Profiles)
{
    stub.Profile = profile;
    report.Profile(profile);
    foreach (var kind in options.Kinds)
        foreach (var shape in options.Shapes)
        {
            // Unmeasured warm-up on both targets: JIT tiers, connection pools, SQLite page cache.
            await LoadDriver.RunAsync(direct, kind, shape, options, options.Warmup / 2);
            await LoadDriver.RunAsync(through, kind, shape, options, options.Warmup / 2);
            var directTotal = new RoundResult();
            var gatewayTotal = new RoundResult();
            for (var round = 0; round < options.Rounds; round++)
            {
                directTotal.Add(await Measured(direct, kind, shape, $"direct {kind} {shape}"));
                gatewayTotal.Add(await Measured(through, kind, shape, $"gateway {kind} {shape}"));
            }
            report.Scenario(kind, shape, options, directTotal, gatewayTotal);
        }
}
report.Footer();
return report.AnyErrors ? 1 : 0;

async Task<RoundResult> Measured(LoadClient client, RequestKind kind, LoadShape shape, string title)
{
    sampler?.Start();
    var result = await LoadDriver.RunAsync(client, kind, shape, options, options.Duration);
    sampler?.StopAndPrint(title, result.Requests, Console.Out);
    return result;
}
