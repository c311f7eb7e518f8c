using Gatehouse.Audit;
using Gatehouse.Gateway.Errors;
using Gatehouse.Gateway.Hosting;
using Gatehouse.Governance.Models;
using Gatehouse.Governance.Models.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gatehouse.Gateway.Endpoints;

/// <summary>
/// <c>GET /admin/models/{name}/{version}/weights/{file}</c>: hands out a registered weight file, only when it still has
/// the SHA-256 recorded at registration (409 otherwise), and only after the download is in the audit log.
/// Who may download is the policy's call (<see cref="ModelDownloadAuthorization"/>, endpoint
/// <c>admin.models.download</c>), asked before anything about the model is revealed, so a refused caller cannot probe
/// which models or files exist. A name holding <c>/</c> (<c>acme/support-slm</c>) is sent percent-encoded as one
/// segment (<c>acme%2Fsupport-slm</c>).
/// </summary>
internal static class ModelWeightsEndpoints
{
    /// <summary>The response header carrying the verified digest.</summary>
    public const string DigestHeader = "x-gatehouse-sha256";

    /// <summary>Maps the route; the registry and audit log live in <paramref name="dataDirectory"/>.</summary>
    public static void Map(WebApplication app, string dataDirectory)
    {
        // Use the host's audit log when one is registered; otherwise open the data directory's log on first download
        // and close it when the host stops (a log has one writer per process, so never open it twice).
        var ownLog = new Lazy<AuditLog>(() => AuditLog.Open(dataDirectory), LazyThreadSafetyMode.ExecutionAndPublication);
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            if (ownLog.IsValueCreated)
                ownLog.Value.DisposeAsync().AsTask().GetAwaiter().GetResult();
        });
        AuditLog Log(IServiceProvider services) => services.GetService<AuditLog>() ?? ownLog.Value;

        app.MapGet("/admin/models/{name}/{version}/weights/{file}", async (HttpContext http, string name, string version, string file) =>
        {
            var principal = http.GetPrincipal();
            ModelReference reference;
            try
            {
                reference = new ModelReference(DecodeName(name), version);
            }
            catch (ModelGovernanceException e)
            {
                throw GatewayErrors.InvalidRequest(e.Message, "model", "invalid_model_reference");
            }
            var registry = new ModelRegistry(dataDirectory, new AuditRegistryEventSink(Log(http.RequestServices)));
            await ModelDownloadAuthorization.RequireAllowedAsync(http, reference, registry.GetDeploymentStatus(reference));
            var model = registry.Find(reference)
                ?? throw new GatewayException(404, "invalid_request_error", "model_not_found", $"Model {reference} is not registered.", "model");
            var weight = model.Weights.FirstOrDefault(w => string.Equals(Path.GetFileName(w.Path), file, StringComparison.Ordinal))
                ?? throw new GatewayException(404, "invalid_request_error", "file_not_found",
                    $"Model {reference} has no weight file '{file}' (it has: {string.Join(", ", model.Weights.Select(w => Path.GetFileName(w.Path)))}).", "file");
            var stream = await OpenVerifiedAsync(weight, reference, http.RequestAborted);
            try
            {
                await registry.RecordWeightsDownloadAsync(reference, weight, principal.Id, http.RequestAborted);
            }
            catch
            {
                await stream.DisposeAsync();
                throw;
            }
            http.Response.Headers[DigestHeader] = weight.Sha256;
            return Results.Stream(stream, "application/octet-stream", file, enableRangeProcessing: false);
        });
    }

    /// <summary>Whether <paramref name="path"/> is a weights download (the policy alone decides who may call it).</summary>
    public static bool IsWeightsPath(PathString path)
    {
        if (!path.StartsWithSegments("/admin/models", StringComparison.Ordinal, out var rest) || !rest.HasValue)
            return false;
        // {name}/{version}/weights/{file}: a name with '/' arrives percent-encoded (Kestrel keeps %2F), so one segment.
        // Exactly that shape, no empty segment: anything else stays behind the admin-role check.
        var segments = rest.Value!.Split('/');
        return segments.Length == 5 && segments[0].Length == 0 && segments[3] == "weights" && segments.Skip(1).All(s => s.Length > 0);
    }

    // Kestrel decodes a path except %2F (it would change the segments), so a name like acme/support-slm arrives as
    // acme%2Fsupport-slm. Model names never contain '%', so decoding here cannot alter a legitimate name.
    private static string DecodeName(string name) => name.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(name) : name;

    /// <summary>
    /// Opens the file once, hashes it through that handle, and rewinds the same handle for streaming, so what is sent is
    /// what was checked (short of a writer changing the file in place mid-download).
    /// </summary>
    private static async Task<FileStream> OpenVerifiedAsync(WeightFile weight, ModelReference reference, CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(weight.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Changed(reference, weight, "is missing or unreadable");
        }
        var digest = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(stream, cancellationToken));
        if (digest != weight.Sha256)
        {
            await stream.DisposeAsync();
            throw Changed(reference, weight, $"has SHA-256 {digest}, not the registered {weight.Sha256}");
        }
        stream.Position = 0;
        return stream;
    }

    private static GatewayException Changed(ModelReference reference, WeightFile weight, string what) =>
        new(409, "invalid_request_error", "weights_changed",
            $"Weight file '{Path.GetFileName(weight.Path)}' of {reference} {what}; it is not handed out (re-register the model).", "file");
}
