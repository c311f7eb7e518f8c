using Gatehouse.Governance.Models.Cards;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Governance.Models.Registry;

/// <summary>
/// The registry of model versions: what was registered (weights by digest, lineage, datasets, card), who approved it,
/// and whether its weights are still the ones registered. Every change is reported to an <see cref="IRegistryEventSink"/>.
/// </summary>
public sealed partial class ModelRegistry
{
    private readonly IRegistryEventSink sink;
    private readonly TimeProvider time;

    /// <summary>Opens the registry in <paramref name="dataDirectory"/> (creating <c>registry.db</c> when needed).</summary>
    /// <param name="dataDirectory">The Gatehouse data directory.</param>
    /// <param name="sink">Where events go; <see cref="NoOpRegistryEventSink"/> when null.</param>
    /// <param name="time">The clock; the system clock when null.</param>
    public ModelRegistry(string dataDirectory, IRegistryEventSink? sink = null, TimeProvider? time = null)
    {
        Database = new RegistryDatabase(dataDirectory);
        this.sink = sink ?? NoOpRegistryEventSink.Instance;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>The data directory holding <c>registry.db</c> (and the trusted dataset keys).</summary>
    public string DataDirectory => Path.GetDirectoryName(Database.FilePath)!;

    /// <summary>The underlying database (shared with the red-team result store).</summary>
    public RegistryDatabase Database { get; }

    /// <summary>
    /// Registers a model version: validates the request, hashes every weight file (streaming), reads the dataset
    /// manifests and the card, and stores it all in one transaction.
    /// </summary>
    /// <exception cref="ModelGovernanceException">Anything about the request is wrong; nothing is stored then.</exception>
    public async Task<RegisteredModel> RegisterAsync(ModelRegistration registration, IProgress<HashProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var reference = registration.Reference;
        CheckPreconditions(registration);
        var card = ReadCard(registration);
        var datasets = new List<DatasetRecord>();
        var trustedKeys = Datasets.Attestation.TrustedDatasetKeys.Load(DataDirectory);
        foreach (var manifest in registration.DatasetManifests ?? [])
            datasets.Add(await DatasetManifestReader.ReadAsync(manifest, trustedKeys, cancellationToken).ConfigureAwait(false));
        var weights = new List<WeightFile>();
        foreach (var path in registration.WeightPaths)
        {
            var full = Path.GetFullPath(path);
            var (sha, length) = await HashWeightAsync(full, progress, cancellationToken).ConfigureAwait(false);
            weights.Add(new WeightFile(full, sha, length));
        }
        var registeredAt = time.GetUtcNow();
        Store(registration, registeredAt, weights, datasets, card);
        var model = Get(reference);
        await sink.RecordAsync(new RegistryEvent(RegistryEventKind.ModelRegistered, reference, registration.Registrant, registeredAt,
            new Dictionary<string, string>
            {
                ["base"] = registration.Base?.ToString() ?? "",
                ["weights_sha256"] = string.Join(",", weights.Select(w => w.Sha256)),
                ["datasets_sha256"] = string.Join(",", datasets.Select(d => d.ManifestSha256)),
                ["card_sha256"] = card?.Sha256 ?? "",
            }), cancellationToken).ConfigureAwait(false);
        return model;
    }

    /// <summary>The model version, or null when it is not registered.</summary>
    public RegisteredModel? Find(ModelReference reference)
    {
        using var connection = Database.Open();
        return ModelRecordLoader.FindId(connection, reference) is { } id ? ModelRecordLoader.Load(connection, id) : null;
    }

    /// <summary>The model version.</summary>
    /// <exception cref="ModelGovernanceException">It is not registered.</exception>
    public RegisteredModel Get(ModelReference reference) => Find(reference) ?? throw Unknown(reference);

    /// <summary>Every registered version, by name then registration order.</summary>
    public IReadOnlyList<RegisteredModel> List()
    {
        using var connection = Database.Open();
        return ModelRecordLoader.AllIds(connection).Select(id => ModelRecordLoader.Load(connection, id)).ToList();
    }

    /// <summary>
    /// The lineage of a version: the version itself first, then its base, its base's base, up to a foundation model.
    /// </summary>
    /// <exception cref="ModelGovernanceException">Unknown model, or the stored lineage loops (a corrupted registry).</exception>
    public IReadOnlyList<RegisteredModel> GetLineage(ModelReference reference)
    {
        using var connection = Database.Open();
        var id = ModelRecordLoader.FindId(connection, reference) ?? throw Unknown(reference);
        var chain = new List<RegisteredModel>();
        var seen = new HashSet<long>();
        for (long? current = id; current is { } at; current = ModelRecordLoader.BaseId(connection, at))
        {
            if (!seen.Add(at))
                throw new ModelGovernanceException(ModelErrorKind.LineageCycle,
                    $"lineage of {reference} loops: {string.Join(" -> ", chain.Select(m => m.Reference))} -> {ModelRecordLoader.Load(connection, at).Reference}");
            chain.Add(ModelRecordLoader.Load(connection, at));
        }
        return chain;
    }

    /// <summary>
    /// The approved versions of <paramref name="name"/>, highest semantic version first (what an alias routes to).
    /// </summary>
    public IReadOnlyList<RegisteredModel> ApprovedVersions(string name) =>
        List().Where(m => m.Reference.Name == name && m.IsApproved)
            .OrderByDescending(m => Semver.SemVersion.Parse(m.Reference.Version, Semver.SemVersionStyles.Strict), Semver.SemVersion.PrecedenceComparer)
            .ToList();

    /// <summary>
    /// Whether <paramref name="reference"/> is registered and approved by someone other than its registrant. This is
    /// the approval half of serving only; the gateway calls <see cref="GetDeploymentStatus"/>, which also requires
    /// the latest gate decision to be a pass (docs/models.md, "Serving").
    /// </summary>
    public ServingStatus GetServingStatus(ModelReference reference) => Find(reference) switch
    {
        null => new ServingStatus(reference, false, $"model {reference} is not registered"),
        { IsApproved: false } model => new ServingStatus(reference, false,
            $"model {reference} is not approved: it needs an approval by someone other than its registrant ({model.Registrant})"),
        _ => new ServingStatus(reference, true, null),
    };

    /// <summary>Records an approval by someone other than the registrant.</summary>
    /// <exception cref="ModelGovernanceException">Unknown model, empty approver, or the approver registered it.</exception>
    public async Task<Approval> ApproveAsync(ModelReference reference, string approver, string? note = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(approver))
            throw new ModelGovernanceException(ModelErrorKind.SelfApproval, "an approval needs the approver's identity");
        var model = Get(reference);
        if (RegisteredModel.SameIdentity(model.Registrant, approver))
            throw new ModelGovernanceException(ModelErrorKind.SelfApproval,
                $"{approver} registered {reference} and cannot also approve it: approval must come from someone else (four-eyes rule)");
        var approval = new Approval(approver, time.GetUtcNow(), string.IsNullOrWhiteSpace(note) ? null : note);
        using (var connection = Database.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                INSERT INTO approvals (model_id, approver, approved_at, note)
                SELECT id, $approver, $at, $note FROM models WHERE name = $name AND version = $version
                """;
            command.Parameters.AddWithValue("$approver", approver);
            command.Parameters.AddWithValue("$at", RegistryDatabase.FormatTime(approval.ApprovedAt));
            command.Parameters.AddWithValue("$note", (object?)approval.Note ?? DBNull.Value);
            command.Parameters.AddWithValue("$name", reference.Name);
            command.Parameters.AddWithValue("$version", reference.Version);
            command.ExecuteNonQuery();
        }
        await sink.RecordAsync(new RegistryEvent(RegistryEventKind.ModelApproved, reference, approver, approval.ApprovedAt,
            new Dictionary<string, string> { ["registrant"] = model.Registrant, ["note"] = approval.Note ?? "" }), cancellationToken).ConfigureAwait(false);
        return approval;
    }

    /// <summary>Re-hashes the weights of a version and compares them with the registration.</summary>
    /// <param name="reference">The model version.</param>
    /// <param name="actor">Who asked (for the audit event).</param>
    /// <param name="progress">Progress for large files.</param>
    /// <param name="cancellationToken">Stops hashing.</param>
    /// <exception cref="ModelGovernanceException">Unknown model.</exception>
    public async Task<WeightVerification> VerifyWeightsAsync(ModelReference reference, string actor,
        IProgress<HashProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var model = Get(reference);
        var checks = new List<WeightCheck>();
        foreach (var file in model.Weights)
            checks.Add(await CheckAsync(file, progress, cancellationToken).ConfigureAwait(false));
        var result = new WeightVerification(reference, checks, time.GetUtcNow());
        await sink.RecordAsync(new RegistryEvent(RegistryEventKind.WeightsVerified, reference, actor, result.CheckedAt,
            new Dictionary<string, string>
            {
                ["outcome"] = result.AllUnchanged ? "unchanged" : "changed",
                ["files"] = string.Join(",", checks.Select(c => $"{Path.GetFileName(c.File.Path)}={c.Status.ToString().ToLowerInvariant()}")),
            }), cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Reports an event through this registry's sink (used by stores that share the database).</summary>
    internal Task RecordAsync(RegistryEvent registryEvent, CancellationToken cancellationToken) => sink.RecordAsync(registryEvent, cancellationToken);

    /// <summary>The registry's clock.</summary>
    internal TimeProvider Time => time;

    private static async Task<WeightCheck> CheckAsync(WeightFile file, IProgress<HashProgress>? progress, CancellationToken cancellationToken)
    {
        if (!File.Exists(file.Path))
            return new WeightCheck(file, WeightStatus.Missing, null);
        try
        {
            var (sha, _) = await WeightHasher.HashFileAsync(file.Path, progress, cancellationToken).ConfigureAwait(false);
            return new WeightCheck(file, sha == file.Sha256 ? WeightStatus.Unchanged : WeightStatus.Changed, sha);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new WeightCheck(file, WeightStatus.Missing, null);
        }
    }

    private void CheckPreconditions(ModelRegistration registration)
    {
        var reference = registration.Reference;
        if (registration.Base == reference)
            throw new ModelGovernanceException(ModelErrorKind.LineageCycle, $"{reference} cannot be its own base model: lineage would form a cycle");
        if (string.IsNullOrWhiteSpace(registration.Registrant))
            throw new ModelGovernanceException(ModelErrorKind.InvalidReference, "a registration needs the registrant's identity");
        if (Find(reference) is not null)
            throw new ModelGovernanceException(ModelErrorKind.DuplicateModel, $"{reference} is already registered; register a new version instead");
        if (registration.Base is { } parent && Find(parent) is null)
            throw new ModelGovernanceException(ModelErrorKind.BaseNotRegistered,
                $"base model {parent} is not registered: register it first, then {reference} with --base {parent}");
        if (registration.WeightPaths.Count == 0)
            throw new ModelGovernanceException(ModelErrorKind.MissingWeightFile, $"{reference} needs at least one weight file");
        var missing = registration.WeightPaths.Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
            throw new ModelGovernanceException(ModelErrorKind.MissingWeightFile,
                $"weight file{(missing.Count > 1 ? "s" : "")} not found: {string.Join(", ", missing)}", missing);
        var duplicates = registration.WeightPaths.GroupBy(Path.GetFullPath).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
            throw new ModelGovernanceException(ModelErrorKind.MissingWeightFile, $"weight file named twice: {string.Join(", ", duplicates)}");
    }

    private static StoredCard? ReadCard(ModelRegistration registration)
    {
        if (registration.CardPath is not { } path)
            return null;
        var card = ModelCardParser.ParseFile(path);
        var validation = ModelCardValidator.Validate(card);
        if (!validation.IsComplete && !registration.AllowIncompleteCard)
            throw new ModelGovernanceException(ModelErrorKind.IncompleteCard,
                $"model card {path} is incomplete ({validation.Problems.Count} problem{(validation.Problems.Count == 1 ? "" : "s")})",
                validation.Problems.Select(p => p.ToString()).ToList());
        var text = File.ReadAllText(path);
        return new StoredCard(Path.GetFullPath(path), WeightHasher.HashText(text), text);
    }

    private static async Task<(string, long)> HashWeightAsync(string path, IProgress<HashProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return await WeightHasher.HashFileAsync(path, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelGovernanceException(ModelErrorKind.MissingWeightFile, $"weight file {path} cannot be read: {e.Message}");
        }
    }

    private void Store(ModelRegistration registration, DateTimeOffset registeredAt, List<WeightFile> weights, List<DatasetRecord> datasets, StoredCard? card)
    {
        using var connection = Database.Open();
        using var transaction = connection.BeginTransaction();
        long? baseId = registration.Base is { } parent ? ModelRecordLoader.FindId(connection, parent) : null;
        long id;
        try
        {
            id = RegistryWriter.InsertModel(connection, registration, baseId, registeredAt, card);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: registered meanwhile by someone else
        {
            throw new ModelGovernanceException(ModelErrorKind.DuplicateModel, $"{registration.Reference} is already registered; register a new version instead");
        }
        RegistryWriter.InsertWeights(connection, id, weights);
        RegistryWriter.InsertDatasets(connection, id, datasets);
        transaction.Commit();
    }

    private static ModelGovernanceException Unknown(ModelReference reference) =>
        new(ModelErrorKind.UnknownModel, $"model {reference} is not registered (see 'gatehouse model list')");
}
