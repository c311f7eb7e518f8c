namespace Gatehouse.Detection.Operators;

/// <summary>Which operator applies to which entity type, and the keys the keyed operators need.</summary>
public sealed record AnonymizerOptions
{
    /// <summary>Operator per entity type; types not listed get <see cref="DefaultAction"/>.</summary>
    public IReadOnlyDictionary<string, EntityAction> Actions { get; init; } = new Dictionary<string, EntityAction>();

    /// <summary>The operator for types without an entry in <see cref="Actions"/>.</summary>
    public EntityAction DefaultAction { get; init; } = new(OperatorKind.Replace);

    /// <summary>HMAC key for <see cref="OperatorKind.Hash"/> (required when that operator is used).</summary>
    public byte[]? HashKey { get; init; }

    /// <summary>AES-256 key (32 bytes) for <see cref="OperatorKind.Encrypt"/> (required when that operator is used).</summary>
    public byte[]? EncryptionKey { get; init; }

    /// <summary>The action for <paramref name="entityType"/>.</summary>
    public EntityAction ActionFor(string entityType) => Actions.GetValueOrDefault(entityType) ?? DefaultAction;
}
