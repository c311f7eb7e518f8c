using System.Net;
using Gatehouse.Audit;
using Gatehouse.Gateway.Audit;
using Gatehouse.Gateway.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// A caller cycling through client addresses must not get past the per-address cap: beyond the addresses the audit
/// tracks, the rest share one window (before, the table was cleared and every address started over).
/// </summary>
public class FailedAuthenticationAddressCapTests
{
    [Fact]
    public async Task Addresses_beyond_the_tracked_ones_share_one_capped_window()
    {
        var dir = Directory.CreateTempSubdirectory("gatehouse-authcap-");
        try
        {
            await using var log = AuditLog.Open(dir.FullName);
            var audit = new FailedAuthenticationAudit(log, TimeProvider.System, NullLogger<FailedAuthenticationAudit>.Instance) { PerAddressPerMinute = 1 };
            var refusal = GatewayErrors.Unauthenticated("bad key");
            Task Refuse(int n)
            {
                var http = new DefaultHttpContext();
                http.Connection.RemoteIpAddress = new IPAddress(BitConverter.GetBytes(0x0A000000 + n));
                http.Request.Path = "/v1/models";
                return audit.RecordAsync(http, refusal, null);
            }

            // 10,000 addresses fill the table, one record each; 50 more addresses and then the first 10,000 again.
            await Task.WhenAll(Enumerable.Range(0, 10_000).Select(Refuse));
            Assert.Equal(10_000, log.Size);
            await Task.WhenAll(Enumerable.Range(10_000, 50).Select(Refuse));
            await Task.WhenAll(Enumerable.Range(0, 10_000).Select(Refuse));
            // The 50 new addresses share one window (one record); the tracked ones are within their minute (none).
            Assert.Equal(10_001, log.Size);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
