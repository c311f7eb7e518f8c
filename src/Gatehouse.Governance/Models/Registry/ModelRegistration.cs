namespace Gatehouse.Governance.Models.Registry;

/// <summary>What <see cref="ModelRegistry.RegisterAsync"/> needs to register a model version.</summary>
/// <param name="Reference">Name and version to register.</param>
/// <param name="WeightPaths">One or more weight files.</param>
/// <param name="Registrant">Who registers it.</param>
/// <param name="Base">The parent model, which must already be registered.</param>
/// <param name="DatasetManifests">Paths of <c>gatehouse-dataset.yaml</c> manifests.</param>
/// <param name="CardPath">The model card (Markdown with YAML front matter).</param>
/// <param name="AllowIncompleteCard">Register even when the card misses required sections (the gate will refuse it).</param>
public sealed record ModelRegistration(
    ModelReference Reference,
    IReadOnlyList<string> WeightPaths,
    string Registrant,
    ModelReference? Base = null,
    IReadOnlyList<string>? DatasetManifests = null,
    string? CardPath = null,
    bool AllowIncompleteCard = false);
