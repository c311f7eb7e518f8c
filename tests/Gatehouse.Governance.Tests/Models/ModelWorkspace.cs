using Gatehouse.Governance.Models;
using Gatehouse.Governance.Models.Registry;

namespace Gatehouse.Governance.Tests.Models;

/// <summary>
/// A throw-away folder with a real <c>registry.db</c>, weight files and cards, deleted after the test.
/// </summary>
internal sealed class ModelWorkspace : IDisposable
{
    public ModelWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "gatehouse-models-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        DataDirectory = Path.Combine(Root, "data");
    }

    public string Root { get; }

    public string DataDirectory { get; }

    public RecordingSink Events { get; } = new();

    public ModelRegistry OpenRegistry() => new(DataDirectory, Events);

    /// <summary>Writes a file under the workspace and returns its path.</summary>
    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Writes weight bytes derived from <paramref name="seed"/> so different seeds give different digests.</summary>
    public string WriteWeights(string relativePath, int seed, int length = 4096)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string WriteCompleteCard(string relativePath = "card.md") => Write(relativePath, CardSamples.Complete);

    /// <summary>Registers a model with one weight file and a complete card.</summary>
    public Task<RegisteredModel> RegisterAsync(ModelRegistry registry, string reference, string registrant = "alice",
        string? baseReference = null, params string[] datasets) =>
        registry.RegisterAsync(new ModelRegistration(ModelReference.Parse(reference),
            [WriteWeights($"weights/{reference.Replace('@', '-')}.safetensors", reference.Aggregate(17, (h, c) => unchecked(h * 31 + c)))],
            registrant,
            baseReference is null ? null : ModelReference.Parse(baseReference),
            datasets,
            WriteCompleteCard($"cards/{reference.Replace('@', '-')}.md")));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the test over it would hide the real result.
        }
    }
}

/// <summary>An event sink that keeps what it receives, standing in for the audit log the lead will connect.</summary>
internal sealed class RecordingSink : IRegistryEventSink
{
    private readonly List<RegistryEvent> events = [];

    public IReadOnlyList<RegistryEvent> Events
    {
        get { lock (events) return events.ToList(); }
    }

    public Task RecordAsync(RegistryEvent registryEvent, CancellationToken cancellationToken = default)
    {
        lock (events)
            events.Add(registryEvent);
        return Task.CompletedTask;
    }
}
