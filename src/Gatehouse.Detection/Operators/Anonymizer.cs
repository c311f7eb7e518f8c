using System.Text;

namespace Gatehouse.Detection.Operators;

/// <summary>One operator application, without the value (safe to log and audit).</summary>
/// <param name="EntityType">The entity type acted on.</param>
/// <param name="Action">The operator applied.</param>
/// <param name="Start">Start of the value in the input text.</param>
/// <param name="End">End (exclusive) of the value in the input text.</param>
/// <param name="Path">JSON path of the string the value was in, when anonymizing JSON.</param>
public sealed record AppliedAction(string EntityType, OperatorKind Action, int Start, int End, string? Path = null);

/// <summary>The transformed text and what was done to it.</summary>
/// <param name="Text">The text with every acted-on value transformed.</param>
/// <param name="Applied">What was done, in text order.</param>
public sealed record AnonymizeResult(string Text, IReadOnlyList<AppliedAction> Applied)
{
    /// <summary>True when a <see cref="OperatorKind.Block"/> action fired: the caller must refuse the request or end the stream.</summary>
    public bool Blocked => Applied.Any(a => a.Action == OperatorKind.Block);

    /// <summary>The distinct entity types acted on (for a response header: types, never values).</summary>
    public IReadOnlyList<string> EntityTypes => Applied.Where(a => a.Action != OperatorKind.Keep).Select(a => a.EntityType).Distinct().ToList();
}

/// <summary>
/// Applies per-entity-type operators to text given its findings. Stateless apart from its options; the pseudonym
/// vault is passed per call because it belongs to one request.
/// </summary>
public sealed class Anonymizer
{
    private readonly AnonymizerOptions _options;

    /// <summary>Creates an anonymizer; validates that the keys the configured operators need are present.</summary>
    /// <exception cref="ArgumentException">A hash or encrypt action is configured without its key, or the AES key is not 32 bytes.</exception>
    public Anonymizer(AnonymizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var kinds = options.Actions.Values.Append(options.DefaultAction).Select(a => a.Kind).ToHashSet();
        if (kinds.Contains(OperatorKind.Hash) && options.HashKey is not { Length: >= 16 })
            throw new ArgumentException("the hash operator needs a HashKey of at least 16 bytes", nameof(options));
        if (kinds.Contains(OperatorKind.Encrypt) && options.EncryptionKey is not { Length: 32 })
            throw new ArgumentException("the encrypt operator needs a 32-byte EncryptionKey", nameof(options));
        _options = options;
    }

    /// <summary>The options in force.</summary>
    public AnonymizerOptions Options => _options;

    /// <summary>Transforms <paramref name="text"/>: each finding's value is replaced by its entity type's operator.</summary>
    /// <param name="text">The original text.</param>
    /// <param name="findings">Non-overlapping findings with offsets into <paramref name="text"/>.</param>
    /// <param name="vault">The request's pseudonym vault; required when a pseudonymize action applies.</param>
    /// <param name="path">JSON path recorded in <see cref="AppliedAction.Path"/>.</param>
    public AnonymizeResult Apply(string text, IReadOnlyList<Finding> findings, PseudonymVault? vault = null, string? path = null)
    {
        if (findings.Count == 0)
            return new AnonymizeResult(text, []);
        var output = new StringBuilder(text.Length);
        var applied = new List<AppliedAction>(findings.Count);
        var cursor = 0;
        foreach (var finding in findings.OrderBy(f => f.Start))
        {
            if (finding.Start < cursor || finding.End > text.Length)
                throw new ArgumentException($"finding {finding.EntityType} [{finding.Start},{finding.End}) overlaps another or lies outside the text", nameof(findings));
            var action = _options.ActionFor(finding.EntityType);
            output.Append(text, cursor, finding.Start - cursor);
            output.Append(Transform(finding.EntityType, text[finding.Start..finding.End], action, vault));
            applied.Add(new AppliedAction(finding.EntityType, action.Kind, finding.Start, finding.End, path));
            cursor = finding.End;
        }
        output.Append(text, cursor, text.Length - cursor);
        return new AnonymizeResult(output.ToString(), applied);
    }

    /// <summary>The replacement for one value.</summary>
    public string Transform(string entityType, string value, EntityAction action, PseudonymVault? vault) => action.Kind switch
    {
        OperatorKind.Keep => value,
        OperatorKind.Redact => "",
        OperatorKind.Replace or OperatorKind.Block => $"<{entityType}>",
        OperatorKind.Mask => MaskOperator.Apply(value, action.KeepLast, action.MaskChar),
        OperatorKind.Hash => HashOperator.Apply(entityType, value, _options.HashKey!),
        OperatorKind.Encrypt => EncryptOperator.Apply(entityType, value, _options.EncryptionKey!),
        OperatorKind.Pseudonymize => (vault ?? throw new InvalidOperationException("pseudonymize needs a PseudonymVault for the request")).Tokenize(entityType, value),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };
}
