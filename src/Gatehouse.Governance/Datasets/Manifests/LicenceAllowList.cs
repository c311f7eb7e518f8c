namespace Gatehouse.Governance.Datasets.Manifests;

/// <summary>
/// Licences a dataset may carry. The default allows open data and permissive licences that permit model training;
/// a policy (Rego, next phase) or <c>--allow-licence</c> replaces it.
/// </summary>
public sealed class LicenceAllowList(IEnumerable<string> identifiers)
{
    private readonly HashSet<string> _allowed = new(identifiers, StringComparer.OrdinalIgnoreCase);

    /// <summary>CC0, CC-BY, CC-BY-SA, ODC (By, ODbL, PDDL), CDLA, MIT, Apache-2.0, BSD.</summary>
    public static LicenceAllowList Default { get; } = new([
        "CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-3.0", "ODC-By-1.0", "ODbL-1.0", "PDDL-1.0",
        "CDLA-Permissive-2.0", "CDLA-Sharing-1.0", "MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause",
    ]);

    /// <summary>True when <paramref name="identifier"/> is allowed (a trailing <c>+</c> is ignored).</summary>
    public bool Allows(string identifier) => _allowed.Contains(identifier.TrimEnd('+'));
}
