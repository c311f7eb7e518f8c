using System.Collections.Concurrent;
using Gatehouse.Audit;
using Gatehouse.Audit.Records;
using Gatehouse.Gateway.Errors;
using Gatehouse.Gateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Gateway.Audit;

/// <summary>
/// Records every refused authentication (401) in the audit log, so that probing with stolen, revoked or guessed keys
/// leaves a trace: an <see cref="InteractionRecord"/> with decision <see cref="Decision"/>, no principal (nobody was
/// authenticated), the client address, the route, the reason sent to the caller, and the presented key's public id
/// when the credential was shaped like a Gatehouse key. Never the secret, and nothing of a bearer token. The record
/// goes through the log's group commit like any other, and the 401 is sent once it is durable.
/// Anyone can be refused without holding a credential, so one client address gets at most
/// <see cref="PerAddressPerMinute"/> records a minute; the refusals beyond that are counted, and the address's next
/// recorded refusal says how many were not recorded one by one. The log cannot be flooded, and nothing goes unnoticed.
/// </summary>
public sealed class FailedAuthenticationAudit(AuditLog log, TimeProvider clock, ILogger<FailedAuthenticationAudit> logger)
{
    /// <summary>The decision recorded for a refused credential.</summary>
    public const string Decision = "unauthenticated";

    /// <summary>The default of <see cref="PerAddressPerMinute"/>.</summary>
    public const int DefaultPerAddressPerMinute = 60;

    private const int MaxTrackedAddresses = 10_000;
    // Addresses beyond MaxTrackedAddresses share one window, so a caller cycling through addresses stays capped too.
    private const string UntrackedAddresses = "\0untracked";
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>Refusals recorded one by one per client address and minute.</summary>
    public int PerAddressPerMinute { get; init; } = DefaultPerAddressPerMinute;

    /// <summary>Appends the record of <paramref name="error"/> refusing <paramref name="http"/>'s request; never throws for an audit failure.</summary>
    public async Task RecordAsync(HttpContext http, GatewayException error, string? presentedKeyId)
    {
        var now = clock.GetUtcNow();
        var address = http.Connection.RemoteIpAddress?.ToString();
        var (recorded, unrecordedBefore, shared) = Admit(address ?? "", now);
        if (!recorded)
            return;
        var reasons = new List<string> { $"{error.Code}: {error.Message}" };
        if (unrecordedBefore > 0)
            reasons.Add(shared
                ? $"{unrecordedBefore} earlier refusals from addresses beyond the {MaxTrackedAddresses} tracked were over their shared limit of {PerAddressPerMinute} a minute and not recorded one by one"
                : $"{unrecordedBefore} earlier refusals from this address were over the limit of {PerAddressPerMinute} a minute and not recorded one by one");
        var record = new InteractionRecord
        {
            Time = now,
            EndTime = now,
            RequestId = RequestIds.Of(http),
            ClientAddress = address,
            KeyId = presentedKeyId,
            Endpoint = http.Request.Path.Value,
            Decision = Decision,
            Reasons = reasons,
            Status = error.Status,
        };
        try
        {
            await log.AppendAsync(record, cancellationToken: CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The caller is refused either way; a missing trace of a refusal must not turn it into a 503.
            logger.LogError(e, "Recording the refused authentication of request {RequestId} failed", record.RequestId);
        }
    }

    // Whether this refusal is recorded, and how many refusals from the address went unrecorded since its last record.
    private (bool Recorded, int UnrecordedBefore, bool Shared) Admit(string address, DateTimeOffset now)
    {
        var key = address;
        if (!_windows.ContainsKey(key) && _windows.Count >= MaxTrackedAddresses)
        {
            ForgetQuietAddresses(now);
            if (_windows.Count >= MaxTrackedAddresses)
                key = UntrackedAddresses;
        }
        var shared = ReferenceEquals(key, UntrackedAddresses);
        var window = _windows.GetOrAdd(key, _ => new Window { Start = now });
        lock (window)
        {
            if (now - window.Start >= TimeSpan.FromMinutes(1))
            {
                window.Start = now;
                window.Recorded = 0;
            }
            if (window.Recorded >= PerAddressPerMinute)
            {
                window.Unrecorded++;
                return (false, 0, shared);
            }
            window.Recorded++;
            var unrecorded = window.Unrecorded;
            window.Unrecorded = 0;
            return (true, unrecorded, shared);
        }
    }

    // Drops windows that are over and owe no unrecorded count, so no refusal goes unreported when an address is forgotten.
    private void ForgetQuietAddresses(DateTimeOffset now)
    {
        foreach (var (address, window) in _windows)
        {
            lock (window)
            {
                if (now - window.Start >= TimeSpan.FromMinutes(1) && window.Unrecorded == 0)
                    _windows.TryRemove(address, out _);
            }
        }
    }

    private sealed class Window
    {
        public DateTimeOffset Start { get; set; }

        public int Recorded { get; set; }

        public int Unrecorded { get; set; }
    }
}
