namespace Gatehouse.Governance.Datasets.Manifests;

/// <summary>The outcome of one verification check.</summary>
/// <param name="Name">Stable check name: <c>complete</c>, <c>spdx</c>, <c>dates</c>, <c>hashes</c>, <c>licences</c>, <c>scan</c>.</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="Problems">What is wrong, one line each (empty when passed).</param>
public sealed record ManifestCheck(string Name, bool Passed, IReadOnlyList<string> Problems)
{
    /// <summary>A check built from its problems: passed when there are none.</summary>
    public static ManifestCheck From(string name, List<string> problems) => new(name, problems.Count == 0, problems);
}

/// <summary>All checks of one verification.</summary>
/// <param name="ManifestPath">The manifest verified.</param>
/// <param name="Manifest">The parsed manifest.</param>
/// <param name="Checks">The checks in the order run.</param>
public sealed record ManifestVerification(string ManifestPath, DatasetManifest Manifest, IReadOnlyList<ManifestCheck> Checks)
{
    /// <summary>True when every check passed.</summary>
    public bool Passed => Checks.All(c => c.Passed);
}
