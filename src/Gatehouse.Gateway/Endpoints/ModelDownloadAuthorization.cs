using Gatehouse.Gateway.Configuration;
using Gatehouse.Gateway.Errors;
using Gatehouse.Gateway.Pipeline;
using Gatehouse.Governance.Models;
using Gatehouse.Governance.Models.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Gateway.Endpoints;

/// <summary>
/// Decides a weights download with the policy: <c>data.gatehouse.decision</c> with endpoint
/// <see cref="Endpoint"/> and the model (name, version, approval state) in <c>input.model</c>, so a bundle can grant
/// downloads to roles other than admin, per model, or only for approved versions (docs/models.md). A denial answers 403
/// with the policy's reasons and is recorded in the audit log; an allowed download is recorded by the endpoint.
/// </summary>
internal static class ModelDownloadAuthorization
{
    /// <summary>The <c>request.endpoint</c> the policy is asked about.</summary>
    public const string Endpoint = "admin.models.download";

    /// <summary>Returns when the policy allows the caller to download weights of <paramref name="reference"/>; throws a 403 otherwise.</summary>
    public static async Task RequireAllowedAsync(HttpContext http, ModelReference reference, ServingStatus status)
    {
        var services = http.RequestServices;
        var context = GatewayPipeline.ContextFor(http, Endpoint, services.GetRequiredService<TimeProvider>().GetUtcNow());
        context.ModelAlias = reference.Name;
        context.Model = Describe(reference, status);
        context.Decision = await services.GetRequiredService<IPolicyDecider>().DecideAsync(context, http.RequestAborted);
        if (context.Decision.Allow)
            return;
        var denied = GatewayErrors.PermissionDenied("Request denied: " + string.Join("; ", context.Decision.Reasons));
        context.Status = denied.Status;
        context.ErrorCode = denied.Code;
        await services.GetRequiredService<IAuditSink>().RecordAsync(context, CancellationToken.None);
        throw denied;
    }

    // The policy input's `model` for a registry version. Nothing is routed, so there is no upstream: the one candidate
    // only carries the name (PolicyInputBuilder reads the name and roles from it; `roles` stays empty, since gatehouse.yaml
    // opens aliases, not downloads). `approved` is the serving status: approved by another person and the gate passed.
    private static ResolvedModel Describe(ModelReference reference, ServingStatus status) =>
        new(reference.Name, [new ModelConfig(reference.Name, new Uri("gatehouse-registry:" + Uri.EscapeDataString(reference.ToString())),
            reference.Name, null, TimeSpan.Zero, TimeSpan.Zero, 0, [], new Dictionary<string, string>(), [])], IsDemo: false)
        {
            RegistryName = reference.Name,
            Version = reference.Version,
            Approved = status.Allowed,
            RegistryProblem = status.Reason,
        };
}
