namespace Gatehouse.Governance.Models;

/// <summary>A refused model-governance operation, with a message meant for the person who asked for it.</summary>
public sealed class ModelGovernanceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelGovernanceException(ModelErrorKind kind, string message, IReadOnlyList<string>? details = null)
        : base(message)
    {
        Kind = kind;
        Details = details ?? [];
    }

    /// <summary>What kind of refusal this is.</summary>
    public ModelErrorKind Kind { get; }

    /// <summary>Further lines (for example each missing card section with its location).</summary>
    public IReadOnlyList<string> Details { get; }
}
