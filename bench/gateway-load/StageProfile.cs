using System.Diagnostics;
using System.Text.Json.Nodes;
using Gatehouse.Gateway.Audit;
using Gatehouse.Gateway.Identity;
using Gatehouse.Gateway.Pipeline;
using Gatehouse.Gateway.Upstreams;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.GatewayLoad;

/// <summary>
/// <c>--profile-stages</c>: runs each request-path stage of the real gateway alone, on one thread, many times, with
/// the benchmark's request, and prints time and bytes allocated per call, so optimisation goes where the cost is.
/// Wall time and the calling thread's CPU time on one thread (the gateway is idle meanwhile; on a shared machine the
/// CPU column is the one to compare); allocations are the calling thread's, except for the audit append, whose single
/// writer runs on its own thread (process-wide bytes and CPU there).
/// </summary>
internal static class StageProfile
{
    public static async Task RunAsync(GatewayUnderTest gateway, LoadOptions options, TextWriter output, int iterations = 2000)
    {
        var services = gateway.Services;
        var stages = services.GetRequiredService<GatewayStages>();
        var authenticator = services.GetRequiredService<BearerAuthenticator>();
        var requestBytes = LoadClient.Body("load-model", options.PromptChars, stream: false);
        var http = new DefaultHttpContext();
        http.Request.Headers.Authorization = "Bearer " + gateway.ApiKey;
        var principal = await authenticator.AuthenticateAsync(http.Request, CancellationToken.None);
        const string answer = "The quarterly report shows steady growth in the northern region while costs stayed within the plan";

        GatewayContext NewContext()
        {
            var body = JsonNode.Parse(requestBytes)!.AsObject();
            return new GatewayContext("req_profile", principal, "chat.completions", DateTimeOffset.UtcNow)
            {
                ModelAlias = "load-model",
                Model = stages.Models.Resolve("load-model"),
                RequestBody = body,
                ClientAddress = "127.0.0.1",
                Path = "/v1/chat/completions",
            };
        }

        var resolved = stages.Models.Resolve("load-model");
        GatewayContext ParsedOnly() => new("req_profile", principal, "chat.completions", DateTimeOffset.UtcNow)
        {
            ModelAlias = "load-model",
            Model = resolved,
            RequestBody = JsonNode.Parse(requestBytes)!.AsObject(),
            ClientAddress = "127.0.0.1",
            Path = "/v1/chat/completions",
        };
        var runtime = services.GetRequiredService<Gateway.DataProtection.DetectionRuntime>();
        var content = JsonNode.Parse(requestBytes)!["messages"]![1]!["content"]!.GetValue<string>();

        var decided = NewContext();
        await stages.Inspector.InspectAsync(decided, CancellationToken.None);
        decided.Decision = await stages.Decider.DecideAsync(decided, CancellationToken.None);
        await stages.Transformer.TransformAsync(decided, CancellationToken.None);

        output.WriteLine($"Stage profile: {iterations} calls each, one thread, load average {File.ReadAllText("/proc/loadavg")[..14]}");
        output.WriteLine($"{"stage",-34} {"us/call",9} {"cpu us",9} {"KB/call",9}");
        await Measure("authenticate (API key)", () => authenticator.AuthenticateAsync(http.Request, CancellationToken.None).AsTask());
        await Measure("parse request JSON", () => Task.FromResult(JsonNode.Parse(requestBytes)));
        // The detect row needs a fresh context per call; what making one costs is measured first and subtracted.
        await Measure("context (parse + resolve)", () => Task.FromResult(NewContext()));
        await Measure("context (parse only)", () => Task.FromResult(ParsedOnly()));
        await Measure("detect (inspector)", () =>
        {
            var context = NewContext();
            return stages.Inspector.InspectAsync(context, CancellationToken.None).AsTask();
        }, subtract: "context (parse + resolve)");
        await Measure("  engine alone on the prompt", () => Task.FromResult(runtime.Engine.Scan(content)));
        await Measure("  JSON scanner on the parsed body", () => Task.FromResult(runtime.Json.Scan(decided.RequestBody)));
        await Measure("  of which policy input", () => Task.FromResult(Gateway.Policy.PolicyInputBuilder.Build(decided, "production", new Dictionary<string, string>())));
        var bundle = services.GetRequiredService<Gateway.Policy.PolicyBundle>();
        var input = Gateway.Policy.PolicyInputBuilder.Build(decided, "production", new Dictionary<string, string>());
        var queryOptions = new Gatehouse.Policy.QueryOptions { Now = decided.StartedAt };
        await Measure("  of which policy evaluation", () => Task.FromResult(bundle.Engine.Evaluate("data.gatehouse.decision", input, queryOptions)));
        var decisionValue = bundle.Engine.Evaluate("data.gatehouse.decision", input, queryOptions)!;
        await Measure("  of which decision mapping", () => Task.FromResult(Gateway.Policy.DecisionMapper.Map(decisionValue)));
        await Measure("decide (Rego)", () => stages.Decider.DecideAsync(decided, CancellationToken.None).AsTask());
        await Measure("transform", () => stages.Transformer.TransformAsync(decided, CancellationToken.None).AsTask());
        await Measure("forward body", () => Task.FromResult(UpstreamRequestBody.Serialize(decided.RequestBody!, "stub-model")));
        await Measure("guard output (whole answer)", () => Task.FromResult(stages.OutputGuard.Open(decided).GuardText(0, answer)));
        var words = answer.Split(' ').Select((w, i) => i == 0 ? w : " " + w).ToArray();
        await Measure("guard output (stream, per answer)", () =>
        {
            var session = stages.OutputGuard.Open(decided);
            foreach (var word in words)
                session.GuardDelta(0, word);
            return Task.FromResult(session.Flush(0));
        });
        await Measure("audit record (build + encode)", () => Task.FromResult(InteractionRecordBuilder.Build(decided, DateTimeOffset.UtcNow)));
        await Measure("audit append (durable, 1 writer)", () => stages.Audit.RecordAsync(decided, CancellationToken.None).AsTask(), count: 300, processWide: true);

        async Task Measure(string name, Func<Task> run, string? subtract = null, int? count = null, bool processWide = false)
        {
            var n = count ?? iterations;
            for (var i = 0; i < Math.Min(200, n); i++)
                await run();
            var bytesBefore = processWide ? GC.GetTotalAllocatedBytes(true) : GC.GetAllocatedBytesForCurrentThread();
            var cpuBefore = processWide ? Benchmarks.CpuClock.ProcessMicroseconds() : Benchmarks.CpuClock.ThreadMicroseconds();
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < n; i++)
                await run();
            var micros = Stopwatch.GetElapsedTime(started).TotalMicroseconds / n;
            var cpu = ((processWide ? Benchmarks.CpuClock.ProcessMicroseconds() : Benchmarks.CpuClock.ThreadMicroseconds()) - cpuBefore) / n;
            var kb = ((processWide ? GC.GetTotalAllocatedBytes(true) : GC.GetAllocatedBytesForCurrentThread()) - bytesBefore) / 1024.0 / n;
            if (subtract is not null && Results.TryGetValue(subtract, out var baseline))
            {
                micros -= baseline.Micros;
                cpu -= baseline.Cpu;
                kb -= baseline.Kb;
            }
            Results[name] = (micros, cpu, kb);
            output.WriteLine(System.FormattableString.Invariant($"{name,-34} {micros,9:0.0} {cpu,9:0.0} {kb,9:0.0}"));
        }
    }

    private static readonly Dictionary<string, (double Micros, double Cpu, double Kb)> Results = [];
}
