using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Gateway.Policy;

/// <summary>
/// Reloads the policy bundle when a file in its directory changes. Editors write files in several steps (truncate,
/// write, rename), so changes are debounced: the reload runs once the directory has been quiet for
/// <see cref="Debounce"/>. The embedded bundle has nothing to watch.
/// </summary>
public sealed class PolicyBundleWatcher(PolicyBundle bundle, ILogger<PolicyBundleWatcher> logger) : IHostedService, IDisposable
{
    /// <summary>How long the directory must be quiet before a reload.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);

    /// <summary>The actor named for reloads the watcher triggers.</summary>
    public const string Actor = "file-watch";

    private FileSystemWatcher? _watcher;
    private Timer? _timer;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (bundle.Directory is null)
            return Task.CompletedTask;
        _timer = new Timer(_ => bundle.Reload(Actor));
        _watcher = new FileSystemWatcher(bundle.Directory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Changed += OnChange;
        _watcher.Created += OnChange;
        _watcher.Deleted += OnChange;
        _watcher.Renamed += OnChange;
        _watcher.Error += (_, e) => logger.LogWarning(e.GetException(), "Watching policy bundle {Directory} failed; use POST /admin/policy/reload", bundle.Directory);
        _watcher.EnableRaisingEvents = true;
        return Task.CompletedTask;
    }

    private void OnChange(object sender, FileSystemEventArgs e) => _timer?.Change(Debounce, Timeout.InfiniteTimeSpan);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watcher?.Dispose();
        _watcher = null;
        _timer?.Dispose();
        _timer = null;
    }
}
