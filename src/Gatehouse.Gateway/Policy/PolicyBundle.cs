using Gatehouse.Policy;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Gateway.Policy;

/// <summary>The outcome of one (re)load of the policy bundle.</summary>
/// <param name="Succeeded">Whether the new bundle now serves.</param>
/// <param name="Revision">The revision serving after the attempt (the old one when it failed).</param>
/// <param name="Errors">The <c>file:line:col: message</c> errors of a failed load; empty on success.</param>
/// <param name="PreviousRevision">The revision that served before the attempt.</param>
/// <param name="Actor">Who asked: a principal id for the admin API, <c>file-watch</c> for the watcher.</param>
public sealed record PolicyReloadResult(bool Succeeded, string Revision, IReadOnlyList<string> Errors, string? PreviousRevision = null, string? Actor = null);

/// <summary>
/// The policy bundle currently serving. Swapped atomically on reload: a request sees either the old engine or the new
/// one, never a mix; a bundle that fails to load or compile is rejected and the previous one keeps serving.
/// The source is a directory (config <c>policy.bundle</c>, else <c>./policies/default</c> when it exists) or, when
/// neither exists, the default bundle embedded in this assembly, so <c>gatehouse serve</c> works from any directory.
/// </summary>
public sealed class PolicyBundle
{
    private const string ResourcePrefix = "policies/default/";
    private readonly ILogger<PolicyBundle> _logger;
    private readonly object _reloadLock = new();
    private volatile PolicyEngine _engine;

    /// <summary>Loads the bundle; throws <see cref="PolicyLoadException"/> when the first load fails (the gateway cannot start without a policy).</summary>
    public PolicyBundle(string? directory, ILogger<PolicyBundle> logger)
    {
        _logger = logger;
        Directory = directory;
        _engine = LoadEngine();
        LastResult = new PolicyReloadResult(true, _engine.Revision, []);
        _logger.LogInformation("Policy bundle {Source} loaded, revision {Revision}", Source, _engine.Revision);
    }

    /// <summary>The bundle directory, or null when the embedded default bundle serves.</summary>
    public string? Directory { get; }

    /// <summary>Where the bundle comes from, for logs and the admin API.</summary>
    public string Source => Directory ?? "embedded:" + ResourcePrefix;

    /// <summary>The engine serving now.</summary>
    public PolicyEngine Engine => _engine;

    /// <summary>The revision serving now (a content hash of every file).</summary>
    public string Revision => _engine.Revision;

    /// <summary>The outcome of the latest load attempt.</summary>
    public PolicyReloadResult LastResult { get; private set; }

    /// <summary>Raised after every reload attempt, successful or not.</summary>
    public event Action<PolicyReloadResult>? Reloaded;

    /// <summary>
    /// Chooses the bundle directory: the configured one (which must exist), else <c>./policies/default</c> when it
    /// exists, else null (the embedded bundle).
    /// </summary>
    public static string? ResolveDirectory(string? configured, string workingDirectory)
    {
        if (configured is not null)
            return Path.GetFullPath(configured, workingDirectory);
        var local = Path.Combine(workingDirectory, "policies", "default");
        return System.IO.Directory.Exists(local) ? local : null;
    }

    /// <summary>Reloads from the source on behalf of <paramref name="actor"/>; on failure keeps the serving bundle and logs every error.</summary>
    public PolicyReloadResult Reload(string actor)
    {
        PolicyReloadResult result;
        lock (_reloadLock)
        {
            var previous = _engine.Revision;
            try
            {
                var next = LoadEngine();
                var changed = next.Revision != _engine.Revision;
                _engine = next;
                result = new PolicyReloadResult(true, next.Revision, [], previous, actor);
                if (changed)
                    _logger.LogInformation("Policy bundle {Source} reloaded, revision {Revision}", Source, next.Revision);
            }
            catch (PolicyLoadException e)
            {
                result = new PolicyReloadResult(false, _engine.Revision, e.Errors, previous, actor);
                _logger.LogError("Policy bundle {Source} rejected, revision {Revision} keeps serving:{NewLine}{Errors}",
                    Source, _engine.Revision, Environment.NewLine, string.Join(Environment.NewLine, e.Errors));
            }
            catch (IOException e)
            {
                result = new PolicyReloadResult(false, _engine.Revision, [$"{Source}: {e.Message}"], previous, actor);
                _logger.LogError("Policy bundle {Source} unreadable, revision {Revision} keeps serving: {Error}", Source, _engine.Revision, e.Message);
            }
            LastResult = result;
        }
        Reloaded?.Invoke(result);
        return result;
    }

    private PolicyEngine LoadEngine()
    {
        if (Directory is not null)
        {
            if (!System.IO.Directory.Exists(Directory))
                throw new PolicyLoadException([$"{Directory}: policy bundle directory does not exist"]);
            return PolicyEngine.Load([Directory]);
        }
        return PolicyEngine.FromSources(EmbeddedModules());
    }

    /// <summary>The <c>.rego</c> files of the shipped bundle, embedded at build time from <c>policies/default</c>.</summary>
    public static IReadOnlyList<(string File, string Text)> EmbeddedModules()
    {
        var assembly = typeof(PolicyBundle).Assembly;
        var modules = new List<(string, string)>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            modules.Add((name, reader.ReadToEnd()));
        }
        return modules;
    }
}
