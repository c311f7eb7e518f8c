using System.Collections.Concurrent;
using Gatehouse.Gateway.Errors;
using Gatehouse.Gateway.Identity;

namespace Gatehouse.Gateway.Pipeline;

/// <summary>
/// Requests-per-minute and tokens-per-minute per principal (tenant and id), in fixed one-minute windows held in
/// memory. Requests are counted when admitted; tokens when known (the prompt estimate up front, corrected by the
/// upstream's usage afterwards), so a burst can overshoot the token limit by one request's worth, never more.
/// </summary>
public sealed class PrincipalRateLimiter(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>Admits one request or throws 429 with <c>Retry-After</c>.</summary>
    public void Admit(Principal principal, DecisionLimits limits, int estimatedPromptTokens)
    {
        if (limits.RequestsPerMinute is null && limits.TokensPerMinute is null)
            return;
        var window = Current(principal);
        lock (window)
        {
            var retryAfter = (int)Math.Ceiling((window.Start.AddMinutes(1) - clock.GetUtcNow()).TotalSeconds);
            if (limits.RequestsPerMinute is { } rpm && window.Requests >= rpm)
                throw GatewayErrors.RateLimited($"Rate limit reached for {principal.Id}: {rpm} requests per minute.", Math.Max(1, retryAfter));
            if (limits.TokensPerMinute is { } tpm && window.Tokens >= tpm)
                throw GatewayErrors.RateLimited($"Rate limit reached for {principal.Id}: {tpm} tokens per minute.", Math.Max(1, retryAfter));
            window.Requests++;
            window.Tokens += estimatedPromptTokens;
        }
    }

    /// <summary>Adds the tokens a finished request used beyond what <see cref="Admit"/> already counted.</summary>
    public void Charge(Principal principal, long additionalTokens)
    {
        if (additionalTokens == 0 || !_windows.TryGetValue(Key(principal), out var window))
            return;
        lock (window)
            window.Tokens += additionalTokens;
    }

    private Window Current(Principal principal)
    {
        var now = clock.GetUtcNow();
        var window = _windows.GetOrAdd(Key(principal), _ => new Window(now));
        lock (window)
        {
            if (now - window.Start >= TimeSpan.FromMinutes(1))
            {
                window.Start = now;
                window.Requests = 0;
                window.Tokens = 0;
            }
        }
        return window;
    }

    private static string Key(Principal principal) => principal.Tenant + "\u001f" + principal.Id;

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; set; } = start;

        public int Requests { get; set; }

        public long Tokens { get; set; }
    }
}
