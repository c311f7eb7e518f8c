using System.Globalization;
using System.Text.Json.Nodes;
using Gatehouse.Audit;
using Gatehouse.Audit.Query;
using Gatehouse.Gateway.Configuration;
using Gatehouse.Gateway.Errors;
using Gatehouse.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gatehouse.Gateway.Endpoints;

/// <summary>
/// The audit admin API: paged queries (each read is itself recorded), the latest signed checkpoint, inclusion proofs
/// and subject erasure.
/// </summary>
internal static class AuditAdminEndpoints
{
    /// <summary>The page size when <c>limit</c> is not given.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Maps the routes under <c>/admin/audit</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/audit/records", async (HttpContext http, AuditLog log) =>
        {
            var page = await log.QueryAsync(QueryOf(http.Request.Query), http.GetPrincipal().Id, http.RequestAborted);
            var data = new JsonArray();
            foreach (var entry in page.Entries)
            {
                var leaf = JsonNode.Parse(entry.LeafJson)!.AsObject();
                data.Add(new JsonObject
                {
                    ["index"] = entry.Index,
                    ["has_payload"] = entry.HasPayload,
                    ["record"] = leaf["record"]?.DeepClone(),
                    // The exact committed bytes, so a reader can hash the leaf and check it against a proof.
                    ["leaf"] = entry.LeafJson,
                });
            }
            return AdminEndpoints.Json(new JsonObject { ["object"] = "list", ["data"] = data, ["next_cursor"] = page.NextCursor });
        }).DecidedAs("admin.audit.query");

        // The signed note as C2SP tlog-checkpoint text, signed now if the newest records are not yet covered.
        app.MapGet("/admin/audit/checkpoint", async (HttpContext http, AuditLog log) =>
            Results.Text(await log.CheckpointAsync(http.RequestAborted), "text/plain; charset=utf-8"))
            .DecidedAs("admin.audit.checkpoint");

        app.MapGet("/admin/audit/proof/{index}", async (HttpContext http, AuditLog log, string index) =>
        {
            if (!long.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var leaf))
                throw GatewayErrors.InvalidRequest($"Invalid index '{index}': expected a non-negative integer.", "index", "invalid_value");
            if (leaf >= log.Size)
                throw new GatewayException(404, "invalid_request_error", "record_not_found", $"There is no record {leaf}: the log holds {log.Size} records.", "index");
            await log.CheckpointAsync(http.RequestAborted);
            var proof = log.ProveInclusion(leaf);
            return AdminEndpoints.Json(new JsonObject
            {
                ["object"] = "audit.inclusion_proof",
                ["index"] = proof.Index,
                ["tree_size"] = proof.TreeSize,
                ["leaf"] = proof.Leaf,
                ["leaf_hash"] = proof.LeafHash,
                ["proof"] = new JsonArray(proof.Proof.Select(p => (JsonNode)JsonValue.Create(p)!).ToArray()),
                ["checkpoint"] = proof.Checkpoint,
            });
        }).DecidedAs("admin.audit.prove");

        app.MapPost("/admin/audit/erase", async (HttpContext http, AuditLog log, GatewayConfig config) =>
        {
            var body = await RequestBodyReader.ReadObjectAsync(http.Request, config.Server.MaxRequestBodyBytes, http.RequestAborted);
            var subject = RequestBodyReader.RequiredString(body, "subject");
            try
            {
                var index = await log.EraseSubjectAsync(subject, http.GetPrincipal().Id, http.RequestAborted);
                return AdminEndpoints.Json(new JsonObject { ["object"] = "audit.erasure", ["erased"] = true, ["record_index"] = index });
            }
            catch (AuditOperationException e)
            {
                throw new GatewayException(404, "invalid_request_error", "subject_not_found", $"Cannot erase subject: {e.Message}.", "subject");
            }
        }).DecidedAs("admin.audit.erase");
    }

    private static AuditQuery QueryOf(IQueryCollection query)
    {
        var limit = DefaultLimit;
        if (query["limit"].FirstOrDefault() is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit))
            throw GatewayErrors.InvalidRequest($"Invalid value for 'limit': expected an integer from 1 to {MaxLimit}.", "limit", "invalid_value");
        var cursor = query["cursor"].FirstOrDefault();
        if (cursor is not null && !long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            throw GatewayErrors.InvalidRequest("Invalid value for 'cursor': pass the next_cursor of the previous page.", "cursor", "invalid_value");
        return new AuditQuery
        {
            Principal = query["principal"].FirstOrDefault(),
            Tenant = query["tenant"].FirstOrDefault(),
            Model = query["model"].FirstOrDefault(),
            Decision = query["decision"].FirstOrDefault(),
            Since = Time(query, "since"),
            Until = Time(query, "until"),
            Limit = limit,
            Cursor = cursor,
        };
    }

    private static DateTimeOffset? Time(IQueryCollection query, string name)
    {
        if (query[name].FirstOrDefault() is not { } text)
            return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw GatewayErrors.InvalidRequest($"Invalid value for '{name}': expected an ISO 8601 time such as 2026-11-22T10:00:00Z.", name, "invalid_value");
    }
}
