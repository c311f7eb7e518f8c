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
/// </summary>
public sealed class FailedAuthenticationAudit(AuditLog log, TimeProvider clock, ILogger<FailedAuthenticationAudit> logger)
{
    /// <summary>The decision recorded for a refused credential.</summary>
    public const string Decision = "unauthenticated";

    /// <summary>Appends the record of <paramref name="error"/> refusing <paramref name="http"/>'s request; never throws for an audit failure.</summary>
    public async Task RecordAsync(HttpContext http, GatewayException error, string? presentedKeyId)
    {
        var now = clock.GetUtcNow();
        var record = new InteractionRecord
        {
            Time = now,
            EndTime = now,
            RequestId = RequestIds.Of(http),
            ClientAddress = http.Connection.RemoteIpAddress?.ToString(),
            KeyId = presentedKeyId,
            Endpoint = http.Request.Path.Value,
            Decision = Decision,
            Reasons = [$"{error.Code}: {error.Message}"],
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
}
