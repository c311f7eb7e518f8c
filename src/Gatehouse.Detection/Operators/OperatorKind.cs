namespace Gatehouse.Detection.Operators;

/// <summary>What to do with a detected value.</summary>
public enum OperatorKind
{
    /// <summary>Leave the value as it is (the finding is still reported).</summary>
    Keep,
    /// <summary>Remove the value.</summary>
    Redact,
    /// <summary>Replace the value with <c>&lt;TYPE&gt;</c>.</summary>
    Replace,
    /// <summary>Overwrite all but the last N characters with a mask character.</summary>
    Mask,
    /// <summary>Replace with a keyed HMAC-SHA256 token: the same value always gives the same token.</summary>
    Hash,
    /// <summary>Replace with a reversible per-request token such as <c>&lt;PERSON_1&gt;</c>, restorable from the vault.</summary>
    Pseudonymize,
    /// <summary>Replace with the value encrypted under AES-GCM (base64), decryptable with the key.</summary>
    Encrypt,
    /// <summary>Refuse the whole request or response; the value is replaced so it never leaves.</summary>
    Block,
}

/// <summary>The operator applied to one entity type and its parameters.</summary>
/// <param name="Kind">The operator.</param>
/// <param name="KeepLast">For <see cref="OperatorKind.Mask"/>: characters left visible at the end.</param>
/// <param name="MaskChar">For <see cref="OperatorKind.Mask"/>: the character written over the value.</param>
public sealed record EntityAction(OperatorKind Kind, int KeepLast = 4, char MaskChar = '*')
{
    /// <summary>Parses a policy action name (redact, replace, mask, hash, pseudonymize, encrypt, block, keep/allow).</summary>
    /// <exception cref="ArgumentException">The name is not an operator.</exception>
    public static EntityAction Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "keep" or "allow" or "none" => new(OperatorKind.Keep),
        "redact" or "remove" => new(OperatorKind.Redact),
        "replace" => new(OperatorKind.Replace),
        "mask" => new(OperatorKind.Mask),
        "hash" => new(OperatorKind.Hash),
        "pseudonymize" or "pseudonymise" or "tokenize" => new(OperatorKind.Pseudonymize),
        "encrypt" => new(OperatorKind.Encrypt),
        "block" or "deny" => new(OperatorKind.Block),
        _ => throw new ArgumentException($"unknown data protection action '{name}'", nameof(name)),
    };
}
