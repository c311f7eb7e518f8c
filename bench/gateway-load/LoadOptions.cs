using System.Globalization;

namespace Gatehouse.GatewayLoad;

/// <summary>
/// What one run measures. Defaults: 64 clients (heavy) and 200 requests/s (moderate, open loop), 2 KB prompts,
/// chat and stream, each measured direct and through the gateway in alternating rounds, first with an upstream that
/// answers at once (worst case for the gateway) and then with simulated generation time (realistic).
/// </summary>
internal sealed record LoadOptions
{
    /// <summary>Concurrent closed-loop clients of the heavy scenario.</summary>
    public int Clients { get; init; } = 64;

    /// <summary>Requests per second of the moderate scenario (open loop: sent on schedule whatever the answers do).</summary>
    public int ModerateRate { get; init; } = 200;

    /// <summary>Length of one measured round.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Unmeasured load before the first round of each scenario (JIT, connection pools, SQLite caches).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Rounds per target; direct and gateway alternate (D G D G ...), so drifting machine load hits both.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Prompt size in characters (plain English words, no personal data).</summary>
    public int PromptChars { get; init; } = 2048;

    /// <summary>Content chunks per streamed answer (and words in a whole answer).</summary>
    public int Tokens { get; init; } = 16;

    /// <summary>The simulated-generation profiles to run (name, time to first byte, delay per streamed token).</summary>
    public IReadOnlyList<UpstreamProfile> Profiles { get; init; } =
    [
        new("zero-delay (worst case)", TimeSpan.Zero, TimeSpan.Zero),
        new("simulated SLM", TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(2)),
    ];

    /// <summary>Which request kinds to run.</summary>
    public IReadOnlyList<RequestKind> Kinds { get; init; } = [RequestKind.Chat, RequestKind.Stream];

    /// <summary>Which load shapes to run.</summary>
    public IReadOnlyList<LoadShape> Shapes { get; init; } = [LoadShape.Heavy, LoadShape.Moderate];

    /// <summary>Print the most allocated types of each measured round (sampled; see <see cref="AllocationSampler"/>).</summary>
    public bool AllocationTypes { get; init; }

    public const string Usage = """
        Usage: dotnet run -c Release --project bench/gateway-load -- [options]
          --clients N              concurrent clients of the heavy scenario (default 64)
          --rate R                 requests/s of the moderate scenario, open loop (default 200)
          --duration S             seconds per measured round (default 5)
          --warmup S               seconds of unmeasured load per scenario (default 2)
          --rounds N               rounds per target, direct and gateway alternating (default 2)
          --prompt-chars N         prompt size (default 2048)
          --tokens N               chunks per stream / words per answer (default 16)
          --upstream-delay-ms MS   run only this profile: upstream waits MS before answering ...
          --token-delay-ms MS      ... and MS between streamed chunks (default 0)
          --kinds chat,stream      request kinds (default both)
          --shapes heavy,moderate  load shapes (default both)
          --profile-stages         instead of the load: time and allocations of each gateway stage alone
          --allocation-types       after each measured round, the most allocated types (sampled, KB per request)
        """;

    /// <summary>Parses the command line; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        double? upstreamDelay = null;
        double tokenDelay = 0;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            double Number() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n : throw new ArgumentException($"{name} needs a non-negative number");
            options = name switch
            {
                "--clients" => options with { Clients = Math.Max(1, (int)Number()) },
                "--rate" => options with { ModerateRate = Math.Max(1, (int)Number()) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Number()) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(Number()) },
                "--rounds" => options with { Rounds = Math.Max(1, (int)Number()) },
                "--prompt-chars" => options with { PromptChars = Math.Max(1, (int)Number()) },
                "--tokens" => options with { Tokens = Math.Max(1, (int)Number()) },
                "--upstream-delay-ms" => Set(options, () => upstreamDelay = Number()),
                "--token-delay-ms" => Set(options, () => tokenDelay = Number()),
                "--kinds" => options with { Kinds = List(Value(), Enum.Parse<RequestKind>) },
                "--shapes" => options with { Shapes = List(Value(), Enum.Parse<LoadShape>) },
                "--allocation-types" => options with { AllocationTypes = true },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }
        if (upstreamDelay is not null || tokenDelay > 0)
            options = options with
            {
                Profiles = [new($"upstream delay {upstreamDelay ?? 0} ms, {tokenDelay} ms/token",
                    TimeSpan.FromMilliseconds(upstreamDelay ?? 0), TimeSpan.FromMilliseconds(tokenDelay))],
            };
        return options;
    }

    private static LoadOptions Set(LoadOptions options, Action assign)
    {
        assign();
        return options;
    }

    private static List<T> List<T>(string text, Func<string, bool, T> parse) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => parse(t, true)).ToList();
}

/// <summary>How the stub simulates a model: time before the answer starts, and between streamed tokens.</summary>
internal sealed record UpstreamProfile(string Name, TimeSpan FirstByteDelay, TimeSpan TokenDelay);

/// <summary>A whole chat completion, or a streamed one.</summary>
internal enum RequestKind
{
    Chat,
    Stream,
}

/// <summary>Closed loop with many clients (throughput), or open loop at a fixed rate (latency at moderate load).</summary>
internal enum LoadShape
{
    Heavy,
    Moderate,
}
