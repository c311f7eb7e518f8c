using Semver;

namespace Gatehouse.Governance.Models;

/// <summary>
/// A model version as people write it, <c>NAME@VERSION</c>. The version must be a strict semantic version (2.0.0) so
/// that "1.2" and "1.2.0" can never name two different registrations of the same thing.
/// </summary>
public readonly record struct ModelReference
{
    /// <summary>Creates a reference after validating both parts.</summary>
    /// <exception cref="ModelGovernanceException">The name or the version is not acceptable.</exception>
    public ModelReference(string name, string version)
    {
        ValidateName(name);
        ValidateVersion(version, name);
        Name = name;
        Version = version;
    }

    /// <summary>The model name, for example <c>support-slm</c>.</summary>
    public string Name { get; }

    /// <summary>The semantic version, for example <c>1.2.0</c>.</summary>
    public string Version { get; }

    /// <summary>Parses <c>NAME@VERSION</c>.</summary>
    /// <exception cref="ModelGovernanceException">The text is not of that form, or a part is invalid.</exception>
    public static ModelReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1)
            throw new ModelGovernanceException(ModelErrorKind.InvalidReference,
                $"'{text}' is not a model reference: expected NAME@VERSION, for example support-slm@1.2.0");
        return new ModelReference(text[..at], text[(at + 1)..]);
    }

    /// <summary>Whether <paramref name="version"/> is a strict semantic version.</summary>
    public static bool IsValidVersion(string version) =>
        !string.IsNullOrEmpty(version) && SemVersion.TryParse(version, SemVersionStyles.Strict, out _);

    /// <inheritdoc />
    public override string ToString() => $"{Name}@{Version}";

    private static void ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ModelGovernanceException(ModelErrorKind.InvalidReference, "a model name must not be empty");
        // Names end up in file names, BOM references and Rego documents: keep them to a portable alphabet.
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/'))
                throw new ModelGovernanceException(ModelErrorKind.InvalidReference,
                    $"model name '{name}' contains '{c}': use letters, digits, '-', '_', '.' or '/'");
        // '/' separates an organisation from a model (acme/support-slm, as on Hugging Face): every part must be a
        // plain name, so a name never reads as an absolute or parent path, or two names as one.
        if (name.Split('/').Any(part => part.Length == 0 || part is "." or ".."))
            throw new ModelGovernanceException(ModelErrorKind.InvalidReference,
                $"model name '{name}' has an empty, '.' or '..' part: write it as ORGANISATION/NAME, for example acme/support-slm");
    }

    private static void ValidateVersion(string version, string name)
    {
        if (!IsValidVersion(version))
            throw new ModelGovernanceException(ModelErrorKind.InvalidVersion,
                $"version '{version}' of model '{name}' is not a semantic version (MAJOR.MINOR.PATCH, for example 1.2.0)");
    }
}
